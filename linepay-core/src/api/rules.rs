//! The rules more than one endpoint or API version checks, written once: v3 and v4 import
//! them from here, and neither imports the other's. Each function takes the fields it checks
//! and the wire path they are at, and returns the first rule broken (see
//! [`validation`](crate::validation) for every rule's source).

use crate::api::v3::models::{ExtraOptions, Product, PromotionEvent};
use crate::error::{InvalidField, Rule};
use crate::types::{Amount, Currency};
use crate::validation::FieldPath;

/// LINE Pay answers at most this many transactions per Payment Details call (more gives
/// 1177).
pub const MAX_PAYMENT_DETAILS_IDS: usize = 100;

/// Longest Pay Preapproved `productName`, in characters.
const PRODUCT_NAME_MAX_CHARS: usize = 4000;

/// `Σ products[].quantity × products[].price`, or `None` on overflow.
pub(crate) fn products_total(products: &[Product]) -> Option<Amount> {
    products.iter().try_fold(Amount::whole(0), |sum, product| {
        sum.checked_add(product.price.checked_mul(product.quantity)?)
    })
}

/// Warns unless `amount` is the packages' `total`, with or without the legacy shipping fee
/// (older documents add it; the current ones do not).
pub(crate) fn warn_unless_total(
    path: &FieldPath<'_>,
    amount: Amount,
    total: Option<Amount>,
    shipping_fee: Option<Amount>,
) {
    let with_fee = total.and_then(|total| shipping_fee.and_then(|fee| total.checked_add(fee)));
    if total != Some(amount) && with_fee != Some(amount) {
        warn_sum(path, total, "packages");
    }
}

/// The warning for an amount that is not the sum LINE Pay documents. LINE Pay's own
/// examples break these sums (a Request of 1000 whose packages hold 0), so they are not
/// refused here.
pub(crate) fn warn_sum(path: &FieldPath<'_>, expected: Option<Amount>, of: &str) {
    match expected {
        Some(expected) => path.warn(format_args!("is not the sum of {of} ({expected})")),
        None => path.warn(format_args!(
            "cannot be compared: the sum of {of} overflows"
        )),
    }
}

/// A three-letter code (LINE Pay: "string, 3").
pub(crate) fn check_currency_code(
    path: &FieldPath<'_>,
    currency: &Currency,
) -> Result<(), InvalidField> {
    let code = currency.as_str();
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(path.invalid("must be a three-letter ISO 4217 code such as TWD"));
    }
    Ok(())
}

/// A package's checks besides `userFee` and the sums: id, name, products, and an `amount`
/// that is not negative (LINE Pay's PREAPPROVED example sends 0). (v4's packages have no
/// `userFee`).
pub(crate) fn validate_package_contents(
    path: &FieldPath<'_>,
    id: &str,
    name: Option<&str>,
    products: &[Product],
    amount: &Amount,
    currency: &Currency,
) -> Result<(), InvalidField> {
    let id_path = path.field("id");
    id_path.not_empty(id)?;
    id_path.max_chars(id, 50)?;
    if let Some(name) = name {
        path.field("name").max_chars(name, 100)?;
    }

    let products_path = path.field("products");
    products_path.at_least_one(products)?;
    for (index, product) in products.iter().enumerate() {
        let product_path = products_path.index(index);
        let name = product_path.field("name");
        name.not_empty(&product.name)?;
        name.max_chars(&product.name, 4000)?;
        if let Some(id) = &product.id {
            product_path.field("id").max_chars(id, 50)?;
        }
        if let Some(image_url) = &product.image_url {
            product_path.field("imageUrl").max_chars(image_url, 500)?;
        }
        if product.quantity == 0 {
            return Err(product_path
                .field("quantity")
                .invalid(Rule::BelowMinimum { min: 1 }));
        }
        product_path
            .field("price")
            .not_negative_money(&product.price, currency)?;
        if let Some(original_price) = &product.original_price {
            product_path
                .field("originalPrice")
                .not_negative_money(original_price, currency)?;
        }
    }
    path.field("amount").not_negative_money(amount, currency)
}

/// `options.extra` and `options.events`, at `path` (the options).
pub(crate) fn validate_extra_and_events(
    path: &FieldPath<'_>,
    extra: Option<&ExtraOptions>,
    events: &[PromotionEvent],
    currency: &Currency,
) -> Result<(), InvalidField> {
    if let Some(extra) = extra {
        let extra_path = path.field("extra");
        if let Some(name) = &extra.branch_name {
            extra_path.field("branchName").truncated_after(name, 200);
        }
        if let Some(id) = &extra.branch_id {
            extra_path.field("branchId").truncated_after(id, 32);
        }
        if let Some(restriction) = &extra.promotion_restriction {
            let restriction_path = extra_path.field("promotionRestriction");
            if let Some(limit) = &restriction.use_limit {
                restriction_path
                    .field("useLimit")
                    .not_negative_money(limit, currency)?;
            }
            if let Some(limit) = &restriction.reward_limit {
                restriction_path
                    .field("rewardLimit")
                    .not_negative_money(limit, currency)?;
            }
        }
    }
    let events_path = path.field("events");
    for (index, event) in events.iter().enumerate() {
        let event_path = events_path.index(index);
        let code = event_path.field("code");
        code.not_empty(&event.code)?;
        code.max_chars(&event.code, 30)?;
        match (&event.total_amount, event.product_quantity) {
            (Some(_), Some(_)) => {
                return Err(event_path
                    .invalid("must set exactly one of totalAmount and productQuantity, not both"));
            }
            (None, None) => {
                return Err(
                    event_path.invalid("must set exactly one of totalAmount and productQuantity")
                );
            }
            (Some(total), None) => {
                event_path
                    .field("totalAmount")
                    .not_negative_money(total, currency)?;
            }
            (None, Some(_)) => {}
        }
    }
    Ok(())
}

/// Refund's rule: `refundAmount`, when given, is positive.
pub(crate) fn check_refund_amount(refund_amount: Option<&Amount>) -> Result<(), InvalidField> {
    match refund_amount {
        Some(amount) => FieldPath::Root.field("refundAmount").positive(amount),
        None => Ok(()),
    }
}

/// At least one id, at most [`MAX_PAYMENT_DETAILS_IDS`] in all.
pub(crate) fn check_id_count(ids: usize) -> Result<(), InvalidField> {
    if ids == 0 {
        return Err(FieldPath::Root
            .field("transactionId")
            .invalid("give at least one transactionId or orderId"));
    }
    if ids > MAX_PAYMENT_DETAILS_IDS {
        // transactionId and orderId values together.
        return Err(FieldPath::Root
            .field("transactionId")
            .invalid(Rule::TooMany {
                max: MAX_PAYMENT_DETAILS_IDS,
            }));
    }
    Ok(())
}

/// Pay Preapproved's rules: `productName` has 1 to 4000 characters; `amount` is positive and
/// expressible in `currency`.
pub(crate) fn check_pay_preapproved(
    product_name: &str,
    amount: &Amount,
    currency: &Currency,
) -> Result<(), InvalidField> {
    let root = FieldPath::Root;
    let product_name_path = root.field("productName");
    product_name_path.not_empty(product_name)?;
    product_name_path.max_chars(product_name, PRODUCT_NAME_MAX_CHARS)?;
    root.field("amount").money(amount, currency)
}
