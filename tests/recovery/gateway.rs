//! A hostile gateway between the merchant and LINE Pay: it answers the merchant at once in
//! the worst ways (an error page, `9000`, a `0000` cut short…) and passes the call on to
//! LINE Pay later, so the effect lands after the answer was lost. Real proxies do this:
//! a 502 often comes while, or after, the backend commits.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http::{Method, Request, Response};
use linepay::{Delivery, HyperError, HyperTransport, Transport, TransportError};

/// What the gateway answers the merchant.
#[derive(Clone, Copy, Debug)]
pub enum Answer {
    /// An HTML error page with this status.
    Html(u16),
    /// A LINE Pay envelope with this return code and no `info`.
    Code(&'static str),
    /// HTTP 200 with a body that is not JSON.
    NotJson,
    /// `0000`, cut short inside `info`.
    SuccessCutShort,
    /// `0000` without `info`.
    SuccessWithoutInfo,
    /// Nothing: the merchant's read timeout fires.
    Silence,
}

impl Answer {
    /// Every answer a merchant may get at once while LINE Pay commits behind it (the
    /// silence that ends in a read timeout is left out: it ends after the call landed).
    pub const AT_ONCE: [Answer; 8] = [
        Answer::Html(500),
        Answer::Html(502),
        Answer::Html(503),
        Answer::Html(504),
        Answer::Code("9000"),
        Answer::NotJson,
        Answer::SuccessCutShort,
        Answer::SuccessWithoutInfo,
    ];

    /// Whether the answer is LINE Pay's `0000`: the call took effect.
    pub fn is_success(self) -> bool {
        matches!(self, Answer::SuccessCutShort | Answer::SuccessWithoutInfo)
    }
}

/// One trick, for the next POST whose path ends with `suffix`.
#[derive(Clone, Copy, Debug)]
struct Trick {
    suffix: &'static str,
    answer: Answer,
    forward_after: Duration,
}

/// The gateway: LINE Pay (linepay-mock over hyper) behind it.
#[derive(Clone, Default)]
pub struct Gateway {
    inner: HyperTransport,
    tricks: Arc<Mutex<Vec<Trick>>>,
}

impl Gateway {
    /// The next POST whose path ends with `suffix` (`"/refund"`) gets `answer` at once, and
    /// reaches LINE Pay `forward_after` later.
    pub fn next(&self, suffix: &'static str, answer: Answer, forward_after: Duration) {
        self.tricks.lock().unwrap().push(Trick {
            suffix,
            answer,
            forward_after,
        });
    }

    fn take(&self, request: &Request<Bytes>) -> Option<Trick> {
        if request.method() != Method::POST {
            return None;
        }
        let mut tricks = self.tricks.lock().unwrap();
        let index = tricks
            .iter()
            .position(|trick| request.uri().path().ends_with(trick.suffix))?;
        Some(tricks.remove(index))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    #[error(transparent)]
    Inner(HyperError),
    #[error("the gateway did not answer within the read timeout")]
    TimedOut,
}

impl TransportError for GatewayError {
    fn delivery(&self) -> Delivery {
        match self {
            GatewayError::Inner(error) => error.delivery(),
            GatewayError::TimedOut => Delivery::MaybeSent,
        }
    }

    fn is_timeout(&self) -> bool {
        match self {
            GatewayError::Inner(error) => error.is_timeout(),
            GatewayError::TimedOut => true,
        }
    }
}

impl Transport for Gateway {
    type Error = GatewayError;

    async fn send(
        &self,
        request: Request<Bytes>,
        read_timeout: Duration,
    ) -> Result<Response<Bytes>, GatewayError> {
        let Some(trick) = self.take(&request) else {
            return self
                .inner
                .send(request, read_timeout)
                .await
                .map_err(GatewayError::Inner);
        };
        let inner = self.inner.clone();
        tokio::spawn(async move {
            tokio::time::sleep(trick.forward_after).await;
            let _ = inner.send(request, Duration::from_secs(60)).await;
        });
        let (status, body): (u16, &'static str) = match trick.answer {
            Answer::Silence => {
                tokio::time::sleep(read_timeout).await;
                return Err(GatewayError::TimedOut);
            }
            Answer::Html(status) => (status, "<html><body><h1>Bad Gateway</h1></body></html>"),
            Answer::Code(code) => {
                let body =
                    format!(r#"{{"returnCode":"{code}","returnMessage":"Internal error."}}"#);
                return Ok(Response::new(Bytes::from(body)));
            }
            Answer::NotJson => (200, "upstream connect error or disconnect/reset"),
            Answer::SuccessCutShort => (
                200,
                r#"{"returnCode":"0000","returnMessage":"Success.","info":{"transactionId":20261"#,
            ),
            Answer::SuccessWithoutInfo => {
                (200, r#"{"returnCode":"0000","returnMessage":"Success."}"#)
            }
        };
        let mut response = Response::new(Bytes::from_static(body.as_bytes()));
        *response.status_mut() = http::StatusCode::from_u16(status).expect("a valid status");
        Ok(response)
    }

    async fn sleep(&self, duration: Duration) {
        tokio::time::sleep(duration).await;
    }
}
