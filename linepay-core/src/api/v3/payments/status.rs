//! Check Payment Status: where the customer is with a requested payment.

use crate::envelope::{Envelope, EnvelopeRef};
use crate::error::Error;
use crate::linepay_endpoint;
use crate::return_code::ReturnCode;
use crate::types::TransactionId;

/// Ask where the customer is with a payment you requested: still deciding, authenticated
/// (confirm now), cancelled, failed or completed.
///
/// `GET /v3/payments/requests/{transactionId}/check`, no query, read timeout 20 s.
///
/// # When to call it
///
/// - With `redirectUrls.confirmUrlType: NONE`, LINE Pay redirects the customer nowhere, so
///   you learn that they approved the payment by polling this API. Poll at intervals of
///   **at least 1 second**; on [`PaymentStatus::Authorized`] call
///   [`ConfirmPayment`](crate::api::v3::ConfirmPayment).
/// - To recover after a Confirm that timed out: `Authorized` means the Confirm did not go
///   through and may be sent again; `Completed` means it did.
///
/// # Answers and return codes
///
/// This API answers in the return code itself, so a successful call is a [`PaymentStatus`],
/// not an `info`:
///
/// | Code | [`PaymentStatus`] | What to do |
/// |---|---|---|
/// | `0000` | [`Waiting`](PaymentStatus::Waiting) | the customer has not finished authenticating: poll again |
/// | `0110` | [`Authorized`](PaymentStatus::Authorized) | call Confirm now |
/// | `0121` | [`CancelledOrExpired`](PaymentStatus::CancelledOrExpired) | the customer cancelled, or the authentication wait expired: final |
/// | `0122` | [`Failed`](PaymentStatus::Failed) | the payment failed: final |
/// | `0123` | [`Completed`](PaymentStatus::Completed) | the payment is complete (already confirmed): final |
///
/// Any other code is an [`Error::Api`]: `1104`, `1105` (merchant configuration), `1106`
/// (signature), `9000` (LINE Pay internal error; ask again later).
///
/// # Idempotence
///
/// A read: safe to re-send, and a client may retry it automatically.
///
/// ```
/// use linepay_core::{ApiVersion, Endpoint, Payload, api::v3::CheckPaymentStatus, TransactionId};
///
/// let check = CheckPaymentStatus { transaction_id: TransactionId::new(2021121600698709710) };
/// let mut path = String::new();
/// check.write_path(ApiVersion::V3, &mut path);
/// assert_eq!(path, "/v3/payments/requests/2021121600698709710/check");
/// assert_eq!(check.payload()?, Payload::Empty);
/// assert_eq!(CheckPaymentStatus::READ_TIMEOUT.as_secs(), 20);
/// assert!(CheckPaymentStatus::IDEMPOTENT);
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[linepay_endpoint(
    method = "GET",
    path(
        v3 = "/v3/payments/requests/<transactionId>/check",
        v4 = "/v4/payments/requests/<transactionId>/check"
    ),
    response = PaymentStatus,
    read_timeout = 20,
    decode_with = PaymentStatus::from_envelope_ref
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckPaymentStatus {
    /// The id Request returned.
    pub transaction_id: TransactionId,
}

/// Where a requested payment stands: the answer of [`CheckPaymentStatus`].
///
/// ```
/// use linepay_core::{Envelope, ReturnCode, api::v3::PaymentStatus};
///
/// let status = PaymentStatus::from_envelope(Envelope::without_info(ReturnCode::StatusAuthorized, "-"))?;
/// assert_eq!(status, PaymentStatus::Authorized);
/// assert!(status.should_confirm());
/// assert!(!status.is_final());
/// # Ok::<(), linepay_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PaymentStatus {
    /// `0000`: the customer has not completed LINE Pay authentication yet. Poll again (at
    /// least 1 second later).
    Waiting,
    /// `0110`: the customer authenticated; call Confirm now.
    Authorized,
    /// `0121`: the customer cancelled, or the authentication wait expired. Final.
    CancelledOrExpired,
    /// `0122`: the payment failed. Final.
    Failed,
    /// `0123`: the payment is completed. Final.
    Completed,
}

impl PaymentStatus {
    /// Reads Check Payment Status' answer: `0000`, `0110`, `0121`, `0122` and `0123` are
    /// statuses (whatever `info` holds); every other code is an [`Error::Api`].
    ///
    /// ```
    /// use linepay_core::{Envelope, ReturnCode, api::v3::PaymentStatus};
    ///
    /// let waiting = Envelope::without_info(ReturnCode::Success, "Success.");
    /// assert_eq!(PaymentStatus::from_envelope(waiting)?, PaymentStatus::Waiting);
    ///
    /// let error = PaymentStatus::from_envelope(Envelope::without_info(ReturnCode::MerchantNotFound, "Merchant not found."));
    /// assert_eq!(error.unwrap_err().return_code(), Some(&ReturnCode::MerchantNotFound));
    /// # Ok::<(), linepay_core::Error>(())
    /// ```
    pub fn from_envelope(envelope: Envelope) -> Result<PaymentStatus, Error> {
        match Self::from_return_code(&envelope.return_code) {
            Some(status) => Ok(status),
            None => Err(Error::Api(envelope.into_api_error())),
        }
    }

    /// [`PaymentStatus::from_envelope`] on the envelope borrowed from the response body (what
    /// [`CheckPaymentStatus`] decodes with): only the return code is read, and the message is
    /// copied only for an error.
    ///
    /// ```
    /// use linepay_core::{EnvelopeRef, ReturnCode, api::v3::PaymentStatus};
    ///
    /// let answer = EnvelopeRef::from_slice(br#"{"returnCode":"0123","returnMessage":"Completed."}"#)?;
    /// assert_eq!(PaymentStatus::from_envelope_ref(answer)?, PaymentStatus::Completed);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_envelope_ref(envelope: EnvelopeRef<'_>) -> Result<PaymentStatus, Error> {
        match Self::from_return_code(&envelope.return_code) {
            Some(status) => Ok(status),
            None => Err(Error::Api(envelope.into_api_error())),
        }
    }

    /// The status a return code stands for, if it is one of Check Payment Status' answers.
    ///
    /// ```
    /// use linepay_core::{ReturnCode, api::v3::PaymentStatus};
    ///
    /// assert_eq!(PaymentStatus::from_return_code(&ReturnCode::StatusCompleted), Some(PaymentStatus::Completed));
    /// assert_eq!(PaymentStatus::from_return_code(&ReturnCode::InternalError), None);
    /// ```
    pub fn from_return_code(code: &ReturnCode) -> Option<PaymentStatus> {
        match code {
            ReturnCode::Success => Some(Self::Waiting),
            ReturnCode::StatusAuthorized => Some(Self::Authorized),
            ReturnCode::StatusCancelled => Some(Self::CancelledOrExpired),
            ReturnCode::StatusFailed => Some(Self::Failed),
            ReturnCode::StatusCompleted => Some(Self::Completed),
            _ => None,
        }
    }

    /// The return code that carries this status (what a server answers).
    ///
    /// ```
    /// use linepay_core::{ReturnCode, api::v3::PaymentStatus};
    ///
    /// assert_eq!(PaymentStatus::Waiting.return_code(), ReturnCode::Success);
    /// assert_eq!(PaymentStatus::Failed.return_code().as_str(), "0122");
    /// ```
    pub fn return_code(self) -> ReturnCode {
        match self {
            Self::Waiting => ReturnCode::Success,
            Self::Authorized => ReturnCode::StatusAuthorized,
            Self::CancelledOrExpired => ReturnCode::StatusCancelled,
            Self::Failed => ReturnCode::StatusFailed,
            Self::Completed => ReturnCode::StatusCompleted,
        }
    }

    /// Whether the status will not change any more (cancelled or expired, failed,
    /// completed): stop polling.
    ///
    /// [`Authorized`](PaymentStatus::Authorized) is not final: it lasts until you confirm
    /// (then [`Completed`](PaymentStatus::Completed)) or the authorization lapses.
    ///
    /// ```
    /// use linepay_core::api::v3::PaymentStatus;
    ///
    /// assert!(PaymentStatus::Completed.is_final());
    /// assert!(!PaymentStatus::Waiting.is_final());
    /// ```
    #[must_use]
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::CancelledOrExpired | Self::Failed | Self::Completed
        )
    }

    /// Whether to call Confirm now ([`Authorized`](PaymentStatus::Authorized), `0110`).
    ///
    /// ```
    /// use linepay_core::api::v3::PaymentStatus;
    ///
    /// assert!(PaymentStatus::Authorized.should_confirm());
    /// assert!(!PaymentStatus::Completed.should_confirm());
    /// ```
    #[must_use]
    pub fn should_confirm(self) -> bool {
        matches!(self, Self::Authorized)
    }
}
