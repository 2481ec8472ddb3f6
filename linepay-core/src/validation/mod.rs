//! The client-side checks: what is refused before a request is signed, why, and how to send
//! without them.
//!
//! A rule is checked here only where LINE Pay refuses the request; what LINE Pay accepts
//! (truncating it, or taking it as its own examples do) is sent, with a `tracing` warning.
//! Where LINE Pay's documents disagree, every reading they give is accepted. A failed check is
//! an [`InvalidField`](crate::InvalidField) naming the wire path
//! (`packages[1].products[0].price`) and the [`Rule`] it breaks, typed so that a program can
//! match on it, and nothing is sent.
//!
//! The escape hatch, for the day LINE Pay changes a rule before this library does:
//! [`Validation::WarnOnly`] for a client, [`Unchecked`] for one call. Both send what the
//! checks would refuse and let LINE Pay judge; signing, encoding and the types' invariants
//! stay on.
//!
//! # The rules and their sources
//!
//! Sources: DP is LINE Pay's current developer documentation (developers-pay.line.me), DP
//! tables the field tables as transcribed from it, legacy the earlier v2/v3 documents. "Not
//! documented" in the last column means the documents give the limit but not LINE Pay's
//! answer to breaking it; a parameter error (2101) is what LINE Pay answers for every other
//! malformed parameter.
//!
//! | Field | Rule | Source | LINE Pay |
//! |---|---|---|---|
//! | every amount | at most the currency's decimals: TWD whole, THB and USD two | DP; sumihiro3/line-pay-sdk-python#4 | refuses: 1124 |
//! | `amount` (Request, Pay Preapproved, Offline Pay) | greater than 0 | DP result codes | refuses: 1183 |
//! | `amount` (Confirm, Capture, Offline Capture), `refundAmount` | greater than 0 | DP tables | not documented (Confirm's must be the requested amount: 1153) |
//! | product prices, fees, limits, `packages[].amount` | not negative | DP tables (PREAPPROVED example: a package of 0) | not documented |
//! | `currency` | three uppercase letters | DP tables ("string, 3") | 1178 for one not supported; not documented otherwise |
//! | `orderId` ([`OrderId`](crate::OrderId)) | 1 to 100 characters, no control characters | DP tables | not documented |
//! | `packages` | at least one | DP tables (required) | 2101 |
//! | `packages[].id` | 1 to 50 characters | DP tables | not documented |
//! | `packages[].name` | at most 100 characters | DP tables | not documented |
//! | `packages[].products` | at least one | DP tables (required) | 2101 |
//! | `…products[].name` | 1 to 4000 characters | DP tables | not documented |
//! | `…products[].id` | at most 50 characters | DP tables | not documented |
//! | `…products[].imageUrl` | at most 500 characters | DP tables | not documented |
//! | `…products[].quantity` | at least 1 | DP tables | not documented |
//! | `redirectUrls.confirmUrl`, `cancelUrl` | required unless `confirmUrlType` is `NONE`; at most 500 characters; no control characters | DP tables; the `NONE` example leaves both out | 2101 |
//! | `redirectUrls.appPackageName` | at most 4000 characters | DP tables | not documented |
//! | `options.events[]` | `code` 1 to 30 characters; exactly one of `totalAmount` and `productQuantity` | DP tables | not documented |
//! | `options.regPayRequest` (v4) | `recurringDay` 1 to 31 (a day of `recurringMonth`), only with MONTH or YEAR; `recurringDayOfWeek` only with WEEK; `recurringMonth` 1 to 12, only with YEAR | DP v4 tables ("must be null otherwise") | not documented |
//! | Payment Details ids | 1 to 100 `transactionId` and `orderId` in all | DP | refuses more than 100: 1177 |
//! | Pay Preapproved `productName` | 1 to 4000 characters; required | legacy (required); DP tables make it optional: sending it suits both | not documented |
//! | `regKey` ([`RegKey`](crate::RegKey)) | 1 to 32 characters | DP (15 in examples) | 1190 for an unknown key |
//! | Offline `oneTimeKey` ([`OneTimeKey`](crate::OneTimeKey)) | ASCII digits only, 1 to 32 | DP Offline tables and every key in the documents, the sandbox generator and field reports | 1133 |
//! | Offline `oneTimeKey` (Pay) | 18 digits for TWD (Taiwan), 12 for THB (Thailand); other currencies not judged | DP Offline v2 and v4 tables ("18 (TW), 12 (TH, Global)") | 1133 |
//! | Offline `packages` (Pay) | at least one | a sandbox run (lu-camp: 2101 "NotEmpty" without it) | 2101 |
//! | Offline Authorizations | an `orderId` or a `transactionId` | LINE Pay's guide sample | not documented |
//!
//! Warned about, never refused:
//!
//! | Field | What is documented | Why it is sent anyway |
//! |---|---|---|
//! | `options.extra.branchName` | at most 200 characters (legacy: 100 displayed) | LINE Pay truncates |
//! | `options.extra.branchId` | at most 32 characters | LINE Pay truncates ("truncated to max length") |
//! | `packages[].amount` | Σ `quantity × price`; v3 also reads it as that plus the package's `userFee` | both readings are accepted; LINE Pay's own examples break the sum |
//! | `amount` (Request) | Σ `packages[].amount` + Σ `userFee` (v3), or Σ `packages[].amount` when each holds its fee; legacy documents add `options.shipping.feeAmount` | LINE Pay's PREAPPROVED and `confirmUrlType: NONE` examples send 1000 for packages of 0 |
//! | `amount`, `packages[].amount` (Offline Pay) | the Online sums | no Offline document states them |
//!
//! The [`Validation`] example shows a client of each kind.

mod field_path;
mod mode;
mod unchecked;

pub use crate::error::Rule;
pub(crate) use field_path::FieldPath;
pub use mode::Validation;
pub use unchecked::Unchecked;
