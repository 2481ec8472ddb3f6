//! Acting as the customer's browser, over real HTTP: load LINE Pay's payment page, find its
//! Pay form, submit it, and read the `303 See Other` back to the shop's `confirmUrl`.
//!
//! linepay's transport sends any `http::Request<Bytes>`, so it doubles as a small HTTP
//! client. It follows no redirects, which lets each hop be read and checked.

use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE, LOCATION};
use http::{Method, StatusCode, Uri};
use linepay::endpoint::query::parse_query;
use linepay::{HyperTransport, OrderId, TransactionId, Transport as _};

use super::BoxError;

/// The simulated browser's patience for one page.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(10);

/// What pressing Pay on LINE Pay's page led to.
pub struct Approval {
    /// The text of the button pressed, such as `Pay 250 TWD`.
    // checkout prints it; web_shop's --self-test needs only the location.
    #[allow(dead_code)]
    pub button: String,
    /// Where LINE Pay sent the browser: `confirmUrl?transactionId=…&orderId=…`.
    pub location: String,
}

/// Plays the customer on LINE Pay's payment page: loads `payment_url`, submits its Pay form,
/// and returns where LINE Pay then sends the browser (the `Location` of its `303`).
pub async fn press_pay(browser: &HyperTransport, payment_url: &str) -> Result<Approval, BoxError> {
    let page = browse(browser, Method::GET, payment_url).await?;
    if page.status() != StatusCode::OK {
        return Err(format!("the payment page answered HTTP {}", page.status()).into());
    }
    let html = text(&page)?;
    let pay = find_form(&html, "Pay").ok_or("the payment page has no Pay button")?;
    let action = resolve(payment_url, &pay.action)?;
    let location = redirect_target(browser, Method::POST, &action).await?;
    Ok(Approval {
        button: pay.button,
        location,
    })
}

/// One request as a browser sends it: a GET, or a POST of a form without fields.
pub async fn browse(
    browser: &HyperTransport,
    method: Method,
    url: &str,
) -> Result<http::Response<Bytes>, BoxError> {
    let mut request = http::Request::builder()
        .method(method.clone())
        .uri(url)
        .header(ACCEPT, "text/html");
    if method == Method::POST {
        request = request.header(CONTENT_TYPE, "application/x-www-form-urlencoded");
    }
    Ok(browser
        .send(request.body(Bytes::new())?, BROWSER_TIMEOUT)
        .await?)
}

/// The `Location` of the `303 See Other` that `url` must answer.
pub async fn redirect_target(
    browser: &HyperTransport,
    method: Method,
    url: &str,
) -> Result<String, BoxError> {
    let response = browse(browser, method, url).await?;
    match response.headers().get(LOCATION) {
        Some(location) if response.status() == StatusCode::SEE_OTHER => {
            Ok(location.to_str()?.to_owned())
        }
        _ => Err(format!(
            "{url} answered HTTP {} without a redirect: {}",
            response.status(),
            text(&response)?
        )
        .into()),
    }
}

/// What a confirmUrl handler reads from its query string: `transactionId` and `orderId`,
/// ids only. The amount to confirm is never in it.
pub fn read_confirm_redirect(location: &str) -> Result<(TransactionId, OrderId), BoxError> {
    let uri: Uri = location.parse()?;
    let pairs = parse_query(uri.query().unwrap_or_default());
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.to_string())
            .ok_or_else(|| format!("the redirect to confirmUrl has no `{name}`: {location}"))
    };
    Ok((
        value("transactionId")?.parse()?,
        OrderId::new(value("orderId")?)?,
    ))
}

/// A response's body as text.
pub fn text(response: &http::Response<Bytes>) -> Result<String, BoxError> {
    Ok(String::from_utf8(response.body().to_vec())?)
}

/// A form on a page: where it posts, and the text of its button.
struct Form {
    action: String,
    button: String,
}

/// The first `<form>` whose button text starts with `label`. Just enough HTML reading for
/// linepay-mock's payment page; LINE Pay's real page is for people, not for programs.
fn find_form(html: &str, label: &str) -> Option<Form> {
    html.split("<form").skip(1).find_map(|rest| {
        let form = &rest[..rest.find("</form>")?];
        let action = attribute(form, "action")?;
        let button = &form[form.find("<button")?..];
        let text = &button[button.find('>')? + 1..button.find("</button>")?];
        let text = unescape_html(text.trim());
        text.starts_with(label).then(|| Form {
            action: unescape_html(action),
            button: text,
        })
    })
}

/// The value of `name="…"` in a piece of HTML.
fn attribute<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let start = html.find(&format!(" {name}=\""))? + name.len() + 3;
    let length = html[start..].find('"')?;
    Some(&html[start..start + length])
}

fn unescape_html(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// `link` as an absolute URL: as it is, or a `/path` on `base`'s scheme and host.
fn resolve(base: &str, link: &str) -> Result<String, BoxError> {
    if link.starts_with("http://") || link.starts_with("https://") {
        return Ok(link.to_owned());
    }
    let base: Uri = base.parse()?;
    match (base.scheme_str(), base.authority(), link.starts_with('/')) {
        (Some(scheme), Some(authority), true) => Ok(format!("{scheme}://{authority}{link}")),
        _ => Err(format!("cannot follow `{link}` from `{base}`").into()),
    }
}
