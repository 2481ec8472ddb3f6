//! Value types shared by every endpoint: ids, money and currencies.

mod amount;
mod currency;
mod one_time_key;
mod order_id;
mod reg_key;
mod transaction_id;
mod wire_enum;

pub use amount::Amount;
pub use currency::Currency;
pub use one_time_key::OneTimeKey;
pub use order_id::OrderId;
pub use reg_key::RegKey;
pub use transaction_id::TransactionId;
pub(crate) use wire_enum::wire_enum;
