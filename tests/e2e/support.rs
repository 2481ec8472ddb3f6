//! Helpers shared by the end-to-end tests: a merchant's client for a mock, the standard
//! order, approval, typed-error extraction, a browser's view of the payment page, and a
//! panic watch for the mock's tasks.

use std::collections::HashMap;
use std::fmt::Debug;
use std::sync::{Mutex, Once};
use std::thread::ThreadId;
use std::time::Duration;

use bytes::Bytes;
use linepay::api::v3::{
    ConfirmInfo, ConfirmPayment, Package, PayType, PaymentDetail, PaymentDetails, PaymentOptions,
    Product, RedirectUrls, RequestInfo, RequestOptions, RequestPayment,
};
use linepay::{
    Amount, Client, Currency, Error, HyperError, OrderId, ReturnCode, TransactionId, Transport,
};
use linepay_mock::MockServer;

/// What a call through `linepay::Client` answers.
pub type CallResult<T> = Result<T, Error<HyperError>>;

/// Where the shop wants the customer back after paying.
pub const CONFIRM_URL: &str = "https://shop.example/linepay/confirm";
/// Where the shop wants the customer back after cancelling.
pub const CANCEL_URL: &str = "https://shop.example/linepay/cancel";
/// The total of [`tea`], in TWD.
pub const TEA_TOTAL: i64 = 250;

/// How long the page requests of the "browser" may take.
pub const BROWSER_TIMEOUT: Duration = Duration::from_secs(5);

/// A merchant's client for `mock`, built as a merchant builds it: `linepay::Client` with its
/// default transport (HyperTransport), the mock's credentials and base URL.
pub fn client_for(mock: &MockServer) -> Client {
    Client::builder(mock.credentials())
        .environment(mock.environment())
        .build()
}

/// A fresh mock on 127.0.0.1 and a client for it.
pub async fn start() -> (MockServer, Client) {
    let mock = MockServer::start().await.expect("the mock starts");
    let client = client_for(&mock);
    (mock, client)
}

/// An order id.
pub fn order(id: &str) -> OrderId {
    OrderId::new(id).expect("a valid order id")
}

/// A Request for 250 TWD: two green teas at 60 and an oolong at 130.
pub fn tea(order_id: &str) -> RequestPayment {
    let mut package = Package::new(
        "shop-1",
        vec![
            Product::new("Green tea", 2, Amount::whole(60)),
            Product::new("烏龍茶 <special>", 1, Amount::whole(130)),
        ],
    );
    package.name = Some("Tea & Co.".to_owned());
    RequestPayment::new(
        order(order_id),
        Currency::Twd,
        vec![package],
        RedirectUrls::new(CONFIRM_URL, CANCEL_URL),
    )
}

/// `request` with `options.payment` set.
pub fn with_payment(
    mut request: RequestPayment,
    capture: Option<bool>,
    pay_type: Option<PayType>,
) -> RequestPayment {
    request.options = Some(RequestOptions {
        payment: Some(PaymentOptions { capture, pay_type }),
        ..RequestOptions::default()
    });
    request
}

/// Confirm of `id` for `amount` TWD.
pub fn confirm_of(id: TransactionId, amount: i64) -> ConfirmPayment {
    ConfirmPayment {
        transaction_id: id,
        amount: Amount::whole(amount),
        currency: Currency::Twd,
    }
}

/// Payment Details of one transaction id.
pub fn details_of(id: TransactionId) -> PaymentDetails {
    PaymentDetails {
        transaction_id: vec![id],
        ..PaymentDetails::default()
    }
}

/// Sends a Request that must succeed.
pub async fn requested(client: &Client, request: &RequestPayment) -> RequestInfo {
    let info = client.send(request).await.expect("Request succeeds");
    assert_19_digits(info.transaction_id);
    info
}

/// Requests `request` and has the customer approve it; answers the transaction id.
pub async fn approved(
    mock: &MockServer,
    client: &Client,
    request: &RequestPayment,
) -> TransactionId {
    let id = requested(client, request).await.transaction_id;
    mock.approve(id).expect("the customer approves");
    id
}

/// A captured 250 TWD payment: requested, approved, confirmed.
pub async fn paid(
    mock: &MockServer,
    client: &Client,
    order_id: &str,
) -> (TransactionId, ConfirmInfo) {
    let id = approved(mock, client, &tea(order_id)).await;
    let info = client
        .send(&confirm_of(id, TEA_TOTAL))
        .await
        .expect("Confirm succeeds");
    (id, info)
}

/// The one Payment Details entry of `id`.
pub async fn detail(client: &Client, id: TransactionId) -> PaymentDetail {
    let mut found = client
        .send(&details_of(id))
        .await
        .expect("Payment Details succeeds");
    assert_eq!(found.len(), 1, "one entry for {id}: {found:?}");
    found.remove(0)
}

/// The return code of a call that LINE Pay refused; anything else fails the test.
pub fn api_code<T: Debug>(result: CallResult<T>) -> ReturnCode {
    match result {
        Err(Error::Api(error)) => {
            assert!(!error.message().is_empty(), "a returnMessage comes along");
            error.code().clone()
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

/// The transport error of a call whose transport failed; anything else fails the test.
pub fn transport_error<T: Debug>(result: CallResult<T>) -> HyperError {
    match result {
        Err(Error::Transport(error)) => error,
        other => panic!("expected Error::Transport, got {other:?}"),
    }
}

/// LINE Pay's transaction ids are 19 digits, beyond the 2^53 an `f64` holds exactly.
pub fn assert_19_digits(id: TransactionId) {
    assert_eq!(id.to_string().len(), 19, "{id} has 19 digits");
    assert!(id.get() > 1 << 53, "{id} is beyond f64's exact integers");
}

/// Waits until `condition` holds, polling every few milliseconds (at most 5 s).
pub async fn eventually(what: &str, mut condition: impl FnMut() -> bool) {
    for _ in 0..1000 {
        if condition() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("not within 5 s: {what}");
}

/// Percent-encodes everything outside RFC 3986's unreserved set, written independently of
/// the library's encoder.
pub fn percent_encode(text: &str) -> String {
    let mut encoded = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// The "browser": a plain GET through the client's HyperTransport.
pub async fn browser_get(client: &Client, url: &str) -> http::Response<Bytes> {
    let request = http::Request::get(url)
        .header("accept", "text/html")
        .body(Bytes::new())
        .expect("a valid GET");
    Transport::send(client.transport(), request, BROWSER_TIMEOUT)
        .await
        .unwrap_or_else(|error| panic!("GET {url}: {error}"))
}

/// The "browser" submits a form without fields: a POST with an empty url-encoded body.
pub async fn browser_submit(client: &Client, url: &str) -> http::Response<Bytes> {
    let request = http::Request::post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .body(Bytes::new())
        .expect("a valid POST");
    Transport::send(client.transport(), request, BROWSER_TIMEOUT)
        .await
        .unwrap_or_else(|error| panic!("POST {url}: {error}"))
}

/// The body as text.
pub fn text(response: &http::Response<Bytes>) -> String {
    String::from_utf8_lossy(response.body()).into_owned()
}

/// One `<form>` of a page: its `action` (HTML-unescaped) and the text of its button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub action: String,
    pub button: String,
}

/// Every `<form>` of `html`, in order, as a browser would read them (attribute quoting
/// with `"` or `'`, any case).
pub fn forms(html: &str) -> Vec<Form> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<form") {
        let start = from + start;
        let tag_end = start + lower[start..].find('>').expect("a closed <form> tag");
        let end = lower[tag_end..]
            .find("</form>")
            .map_or(lower.len(), |at| tag_end + at);
        let action = attribute(&html[start..tag_end], "action").unwrap_or_default();
        let button = strip_tags(&html[tag_end + 1..end]);
        found.push(Form {
            action: unescape(&action),
            button: unescape(button.trim()),
        });
        from = end;
    }
    found
}

/// The form whose button text starts with `label`.
pub fn form_with_button(html: &str, label: &str) -> Form {
    forms(html)
        .into_iter()
        .find(|form| form.button.starts_with(label))
        .unwrap_or_else(|| panic!("no form with a {label:?} button in:\n{html}"))
}

/// `action` resolved against the page at `page_url`, as a browser resolves it.
pub fn resolve(page_url: &str, action: &str) -> String {
    if action.starts_with("http://") || action.starts_with("https://") {
        return action.to_owned();
    }
    let after_scheme = page_url.find("://").map_or(0, |at| at + 3);
    let origin_end = page_url[after_scheme..]
        .find('/')
        .map_or(page_url.len(), |at| after_scheme + at);
    let origin = &page_url[..origin_end];
    if action.starts_with('/') {
        return format!("{origin}{action}");
    }
    let directory_end = page_url
        .rfind('/')
        .filter(|&at| at >= origin_end)
        .unwrap_or(origin_end);
    format!("{}/{action}", &page_url[..directory_end])
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(name) {
        let at = from + at;
        from = at + name.len();
        let before_ok = at > 0 && lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - rest.len() + 1;
        let value = tag[value_start..].trim_start();
        let quote = value.chars().next()?;
        return if quote == '"' || quote == '\'' {
            value[1..].split(quote).next().map(str::to_owned)
        } else {
            value
                .split(|c: char| c.is_ascii_whitespace() || c == '>')
                .next()
                .map(str::to_owned)
        };
    }
    None
}

fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// Counts panics on one thread. With a current-thread runtime every task of the mock runs
/// on the test's thread, so this sees a panic anywhere in the mock, even one that tokio or
/// hyper would swallow.
pub struct PanicWatch {
    thread: ThreadId,
}

static PANICS: Mutex<Option<HashMap<ThreadId, usize>>> = Mutex::new(None);
static HOOK: Once = Once::new();

impl PanicWatch {
    /// Starts counting the panics of the current thread.
    pub fn on_this_thread() -> Self {
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                let id = std::thread::current().id();
                if let Ok(mut panics) = PANICS.lock()
                    && let Some(count) = panics.as_mut().and_then(|map| map.get_mut(&id))
                {
                    *count += 1;
                }
                previous(info);
            }));
        });
        let thread = std::thread::current().id();
        PANICS
            .lock()
            .expect("panic counter")
            .get_or_insert_with(HashMap::new)
            .insert(thread, 0);
        Self { thread }
    }

    /// How many panics the thread had since the watch started.
    pub fn count(&self) -> usize {
        PANICS
            .lock()
            .expect("panic counter")
            .as_ref()
            .and_then(|map| map.get(&self.thread).copied())
            .unwrap_or(0)
    }
}

impl Drop for PanicWatch {
    fn drop(&mut self) {
        if let Ok(mut panics) = PANICS.lock()
            && let Some(map) = panics.as_mut()
        {
            map.remove(&self.thread);
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_panic_watch_sees_a_panic_that_tokio_swallows() {
    let watch = PanicWatch::on_this_thread();
    let task = tokio::spawn(async { panic!("a panic inside a task, on purpose") });
    assert!(
        task.await.is_err(),
        "tokio turned the panic into a JoinError"
    );
    assert_eq!(watch.count(), 1);
}

#[test]
fn the_form_parser_reads_what_browsers_read() {
    let html = r#"<p>x</p><FORM method="post" ACTION='/a?x=1&amp;y=2'><button class="pay">Pay 250 TWD</button></FORM>
        <form action=relative/cancel method=post><button>Cancel</button></form>"#;
    let found = forms(html);
    assert_eq!(
        found,
        vec![
            Form {
                action: "/a?x=1&y=2".to_owned(),
                button: "Pay 250 TWD".to_owned()
            },
            Form {
                action: "relative/cancel".to_owned(),
                button: "Cancel".to_owned()
            },
        ]
    );
    let page = "http://127.0.0.1:8787/web/payment/1";
    assert_eq!(resolve(page, "/a"), "http://127.0.0.1:8787/a");
    assert_eq!(resolve(page, "b"), "http://127.0.0.1:8787/web/payment/b");
    assert_eq!(resolve(page, "https://x.example/c"), "https://x.example/c");
    assert_eq!(
        percent_encode("訂 A&B+=#/~"),
        "%E8%A8%82%20A%26B%2B%3D%23%2F~"
    );
}
