//! The recovery records a merchant stores beside an order (`PendingConfirm`, `PendingCapture`,
//! `PendingRefund`), read back by a build with serde_json's `arbitrary_precision`,
//! `float_roundtrip` and `preserve_order` on: the build that wrote a record may not be the one
//! that reads it after a restart. Each record is written as the default build writes it.

use linepay_core::recovery::{PendingCapture, PendingConfirm, PendingRefund};

const LOST: &str = r#""lost":{"window":{"sentAt":1800000000000,"closesAt":1800000120000},
    "successUnread":false,"cause":"LINE Pay answered HTTP 502"}"#;

#[test]
fn a_usd_confirm_record_reads_back_exactly() {
    let stored = format!(
        r#"{{"transactionId":18446744073709551615,"amount":100.15,"currency":"USD",{LOST}}}"#
    );
    let pending: PendingConfirm = serde_json::from_str(&stored).expect("reads");
    assert_eq!(pending.confirm().transaction_id.get(), u64::MAX);
    assert_eq!(pending.confirm().amount.to_string(), "100.15");
    let again: PendingConfirm =
        serde_json::from_str(&serde_json::to_string(&pending).expect("writes")).expect("reads");
    assert_eq!(again, pending);
}

#[test]
fn a_thb_capture_record_reads_back_exactly() {
    let stored = format!(
        r#"{{"transactionId":"2026112200000000001","amount":19.99,"currency":"THB",{LOST}}}"#
    );
    let pending: PendingCapture = serde_json::from_str(&stored).expect("reads");
    assert_eq!(pending.capture().amount.to_string(), "19.99");
    let again: PendingCapture =
        serde_json::from_str(&serde_json::to_string(&pending).expect("writes")).expect("reads");
    assert_eq!(again, pending);
}

#[test]
fn a_partial_refund_record_reads_back_exactly() {
    let stored = format!(
        r#"{{"transactionId":2026112200000000001,"refundAmount":20.5,"expectedAmount":20.5,
            "knownRefunds":[2026112200000000002],{LOST}}}"#
    );
    let pending: PendingRefund = serde_json::from_str(&stored).expect("reads");
    assert_eq!(
        pending
            .refund()
            .refund_amount
            .map(|amount| amount.to_string()),
        Some("20.5".to_owned())
    );
    assert_eq!(pending.known_refunds()[0].get(), 2026112200000000002);
    let again: PendingRefund =
        serde_json::from_str(&serde_json::to_string(&pending).expect("writes")).expect("reads");
    assert_eq!(again, pending);
}
