//! One call sent without the client-side checks.

use std::time::Duration;

use http::Method;

use crate::endpoint::{ApiVersion, Endpoint, Paths, PayloadKind, TraceIds};
use crate::envelope::EnvelopeRef;
use crate::error::{Error, InvalidField};
use crate::validation::mode::sending_anyway;

/// An endpoint sent without its client-side checks: the per-call form of
/// [`Validation::WarnOnly`](crate::Validation::WarnOnly).
///
/// Everything else is the wrapped endpoint's: path, payload, signing, read timeout, retry
/// rules and response. A broken rule is logged as a `tracing` warning and LINE Pay judges.
///
/// ```
/// use linepay_core::{Amount, Client, Credentials, Currency, TransactionId, Unchecked};
/// use linepay_core::api::v3::CapturePayment;
///
/// let client: Client = Client::builder(Credentials::new("1234567890", "your-channel-secret")?).build();
/// // Say LINE Pay starts taking three decimals in USD before this library knows.
/// let capture = CapturePayment {
///     transaction_id: TransactionId::new(2019049910005496810),
///     amount: "10.125".parse()?,
///     currency: Currency::Usd,
/// };
/// assert!(client.prepare(&capture).is_err());
/// let request = client.prepare(&Unchecked(&capture))?;
/// assert_eq!(request.body().as_ref(), br#"{"amount":10.125,"currency":"USD"}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unchecked<E>(pub E);

impl<E: Endpoint> Endpoint for Unchecked<E> {
    const METHOD: Method = E::METHOD;
    const PATH: &'static str = E::PATH;
    const PATHS: Paths = E::PATHS;
    const READ_TIMEOUT: Duration = E::READ_TIMEOUT;
    const IDEMPOTENT: bool = E::IDEMPOTENT;
    const RESEND_ON: &'static [&'static str] = E::RESEND_ON;

    type Response = E::Response;

    fn write_path(&self, version: ApiVersion, out: &mut String) {
        self.0.write_path(version, out);
    }

    /// Not a rule of LINE Pay's but a fact of the version: still refused.
    fn check_version(&self, version: ApiVersion) -> Result<(), InvalidField> {
        self.0.check_version(version)
    }

    /// Runs the wrapped checks only to log what they find; never refuses.
    fn validate(&self) -> Result<(), InvalidField> {
        if let Err(invalid) = self.0.validate() {
            sending_anyway(&invalid);
        }
        Ok(())
    }

    fn write_payload(&self, out: &mut Vec<u8>) -> Result<PayloadKind, InvalidField> {
        self.0.write_payload(out)
    }

    fn decode_response(envelope: EnvelopeRef<'_>) -> Result<Self::Response, Error> {
        E::decode_response(envelope)
    }

    fn decode_body(body: &[u8]) -> Result<Self::Response, Error> {
        E::decode_body(body)
    }

    fn trace_ids(&self) -> TraceIds<'_> {
        self.0.trace_ids()
    }
}
