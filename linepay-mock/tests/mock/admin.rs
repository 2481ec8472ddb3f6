//! The admin API under /__mock/ and the index page, over HTTP.

use linepay_core::api::v3::{ConfirmPayment, PaymentStatus};
use linepay_core::{Amount, Currency};
use std::time::Duration;

use linepay_mock::{Fault, FaultKind, Route, Transaction};

use crate::common::*;

#[tokio::test]
async fn admin_round_trip() {
    let (mock, client) = start().await;
    let id = requested(&client, &tea("ADMIN-1")).await.transaction_id;

    // Play the customer.
    let answer = plain(&mock, "POST", &format!("/__mock/payments/{id}/approve"), "").await;
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["content-type"], "application/json");
    let body = json(&answer);
    assert_eq!(body["transactionId"].as_u64(), Some(id.get()));
    assert_eq!(body["state"], "APPROVED");
    assert_eq!(body["redirect"]["type"], "browser");
    assert_eq!(
        body["redirect"]["url"],
        format!("https://shop.example/confirm?lang=zh&transactionId={id}&orderId=ADMIN-1")
    );
    assert_eq!(status_of(&client, id).await, PaymentStatus::Authorized);
    let answer = plain(&mock, "POST", &format!("/__mock/payments/{id}/cancel"), "").await;
    assert_eq!(answer.status(), 409);
    assert!(
        json(&answer)["error"]
            .as_str()
            .unwrap()
            .contains("APPROVED")
    );

    // Inject a fault, see it, let it fire.
    let answer = plain(
        &mock,
        "POST",
        "/__mock/faults",
        r#"{"route":"confirm","times":1,"kind":{"dropAfterEffect":null}}"#,
    )
    .await;
    assert_eq!(answer.status(), 200);
    assert_eq!(json(&answer)["pending"][0]["route"], "confirm");
    assert_eq!(mock.pending_faults()[0].kind, FaultKind::DropAfterEffect);
    let confirm = ConfirmPayment {
        transaction_id: id,
        amount: Amount::whole(250),
        currency: Currency::Twd,
    };
    assert!(client.send(&confirm).await.is_err());
    assert_eq!(
        json(&plain(&mock, "GET", "/__mock/faults", "").await),
        serde_json::json!([])
    );

    // The ledger shows it confirmed.
    let ledger = json(&plain(&mock, "GET", "/__mock/ledger", "").await);
    let ledger: Vec<Transaction> = serde_json::from_value(ledger).unwrap();
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0].transaction_id, id);
    assert_eq!(ledger[0].confirm_count, 1);
    assert_eq!(ledger, mock.ledger());
    let one = json(&plain(&mock, "GET", &format!("/__mock/payments/{id}"), "").await);
    assert_eq!(one["state"], "CAPTURED");
    assert_eq!(one["orderId"], "ADMIN-1");

    // Stats.
    let stats = json(&plain(&mock, "GET", "/__mock/stats", "").await);
    assert!(stats["acceptedConnections"].as_u64().unwrap() >= 6);
    let confirm_stats = stats["routes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|route| route["route"] == "confirm")
        .unwrap();
    assert_eq!(confirm_stats["requests"], 1);
    assert_eq!(confirm_stats["effects"], 1);
    assert_eq!(mock.stats().route(Route::Confirm).effects, 1);

    // Several faults at once, then clear them.
    let answer = plain(
        &mock,
        "POST",
        "/__mock/faults",
        r#"[{"route":"refund","kind":"truncatedJson"},{"route":"void","times":2,"kind":{"serverErrorHtml":{"status":503}}},{"route":"capture","kind":{"delayMs":50}},{"route":"request","kind":{"returnCode":"9000"}}]"#,
    )
    .await;
    assert_eq!(json(&answer)["pending"].as_array().unwrap().len(), 4);
    let answer = plain(&mock, "DELETE", "/__mock/faults", "").await;
    assert_eq!(json(&answer)["cleared"], 4);

    // The clock.
    let before = json(&plain(&mock, "GET", "/__mock/clock", "").await)["now"]
        .as_str()
        .unwrap()
        .to_owned();
    let after = json(
        &plain(
            &mock,
            "POST",
            "/__mock/clock/advance",
            r#"{"seconds":86400}"#,
        )
        .await,
    )["now"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(after > before, "{after} > {before}");

    // A second payment, cancelled through the admin API, expired by nothing.
    let second = requested(&client, &tea("ADMIN-2")).await.transaction_id;
    let answer = plain(
        &mock,
        "POST",
        &format!("/__mock/payments/{second}/cancel"),
        "",
    )
    .await;
    assert_eq!(
        json(&answer)["redirect"]["url"],
        "https://shop.example/cancel"
    );
    assert_eq!(json(&answer)["state"], "CANCELLED");
    let third = requested(&client, &tea("ADMIN-3")).await.transaction_id;
    let answer = plain(&mock, "POST", &format!("/__mock/payments/{third}/fail"), "").await;
    assert_eq!(json(&answer)["state"], "FAILED");

    // The console lists them; the index page, open to all, only points to it.
    let console = text(&plain(&mock, "GET", "/__mock/console", "").await);
    assert!(console.contains(&format!("/__mock/console/payments/{second}")));
    assert!(console.contains("ADMIN-3"));
    let index = plain(&mock, "GET", "/", "").await;
    assert_eq!(index.status(), 200);
    let index = text(&index);
    assert!(index.contains("/__mock/console"), "{index}");
    assert!(
        !index.contains("ADMIN-3"),
        "no payment outside the admin rule: {index}"
    );
}

#[tokio::test]
async fn admin_takes_the_worst_fault_kinds() {
    let (mock, client) = start().await;
    let kinds = r#"[{"route":"confirm","times":1,"kind":{"serverErrorHtmlAfterEffect":{"status":502}}},{"route":"refund","times":2,"kind":{"returnCodeAfterEffect":"9000"}},{"route":"paymentDetails","times":1,"kind":"malformedInfo"},{"route":"void","times":1,"kind":{"landsLateMs":30000}}]"#;
    let answer = plain(&mock, "POST", "/__mock/faults", kinds).await;
    assert_eq!(answer.status(), 200);
    let expected = vec![
        Fault::once(
            Route::Confirm,
            FaultKind::ServerErrorHtmlAfterEffect { status: 502 },
        ),
        Fault::new(
            Route::Refund,
            2,
            FaultKind::ReturnCodeAfterEffect("9000".to_owned()),
        ),
        Fault::once(Route::PaymentDetails, FaultKind::MalformedInfo),
        Fault::once(Route::Void, FaultKind::LandsLate(Duration::from_secs(30))),
    ];
    assert_eq!(mock.pending_faults(), expected);
    // What the admin API shows is what it was given.
    let listed = plain(&mock, "GET", "/__mock/faults", "").await;
    assert_eq!(text(&listed), kinds);
    assert_eq!(json(&answer)["pending"], json(&listed));
    // `{"malformedInfo": null}` is the same kind.
    let answer = plain(
        &mock,
        "POST",
        "/__mock/faults",
        r#"{"route":"confirm","kind":{"malformedInfo":null}}"#,
    )
    .await;
    assert_eq!(answer.status(), 200);
    assert_eq!(mock.pending_faults()[4].kind, FaultKind::MalformedInfo);
    mock.clear_faults();

    // A late Confirm, seen and brought forward through the admin API.
    let id = requested(&client, &tea("ADMIN-LATE")).await.transaction_id;
    plain(&mock, "POST", &format!("/__mock/payments/{id}/approve"), "").await;
    let answer = plain(
        &mock,
        "POST",
        "/__mock/faults",
        r#"{"route":"confirm","kind":{"landsLateMs":1000000}}"#,
    )
    .await;
    assert_eq!(answer.status(), 200);
    let confirm = ConfirmPayment {
        transaction_id: id,
        amount: Amount::whole(250),
        currency: Currency::Twd,
    };
    assert!(client.send(&confirm).await.is_err());
    let late = json(&plain(&mock, "GET", "/__mock/lateEffects", "").await);
    assert_eq!(late, serde_json::json!({ "pending": 1 }));
    let one = json(&plain(&mock, "GET", &format!("/__mock/payments/{id}"), "").await);
    assert_eq!(one["state"], "APPROVED");
    // Capped at twice Confirm's read timeout: 80 s.
    plain(&mock, "POST", "/__mock/clock/advance", r#"{"seconds":80}"#).await;
    let one = json(&plain(&mock, "GET", &format!("/__mock/payments/{id}"), "").await);
    assert_eq!(one["state"], "CAPTURED");
    let late = json(&plain(&mock, "GET", "/__mock/lateEffects", "").await);
    assert_eq!(late["pending"], 0);
    assert_eq!(
        plain(&mock, "POST", "/__mock/lateEffects", "")
            .await
            .status(),
        405
    );
}

#[tokio::test]
async fn admin_errors() {
    let (mock, _) = start().await;
    let cases = [
        (
            "POST",
            "/__mock/payments/2026112200000000001/approve",
            "",
            404,
        ),
        ("POST", "/__mock/payments/abc/approve", "", 400),
        ("GET", "/__mock/payments/2026112200000000001", "", 404),
        (
            "POST",
            "/__mock/faults",
            r#"{"route":"nowhere","kind":"truncatedJson"}"#,
            400,
        ),
        ("POST", "/__mock/faults", r#"{"route":"confirm"}"#, 400),
        ("POST", "/__mock/faults", "not json", 400),
        ("POST", "/__mock/clock/advance", r#"{"minutes":3}"#, 400),
        ("GET", "/__mock/nothing", "", 404),
        ("PUT", "/__mock/ledger", "", 405),
        ("GET", "/__mock/payments/1/approve", "", 405),
    ];
    for (method, path, body, status) in cases {
        let answer = plain(&mock, method, path, body).await;
        assert_eq!(answer.status().as_u16(), status, "{method} {path} {body}");
        assert!(json(&answer)["error"].is_string(), "{method} {path}");
    }
    assert!(mock.pending_faults().is_empty());
}
