//! The per-request nonce of `X-LINE-Authorization-Nonce`.
//!
//! LINE Pay accepts "a UUID v1 or v4, or a timestamp". We send a fresh UUID v4 per request;
//! tests pin a fixed one. The 122 random bits come from `rand`'s thread-local generator
//! (uuid's `fast-rng`): a CSPRNG (ChaCha) seeded and periodically reseeded from the operating
//! system. A nonce must never repeat, not stay secret; drawing it this way costs tens of
//! nanoseconds instead of a `getrandom` system call per request (~0.35 µs).

use std::fmt;

use http::HeaderValue;

use crate::error::InvalidField;

/// Length of a random nonce: a hyphenated UUID.
pub(crate) const RANDOM_LEN: usize = uuid::fmt::Hyphenated::LENGTH;

/// A buffer for [`random_text`].
pub(crate) const RANDOM_BUFFER: [u8; RANDOM_LEN] = [0; RANDOM_LEN];

/// A fresh UUID v4 (see the module docs), written into `buffer` (no heap).
pub(crate) fn random_text(buffer: &mut [u8; RANDOM_LEN]) -> &str {
    uuid::Uuid::new_v4().hyphenated().encode_lower(buffer)
}

/// One nonce, already checked to be a valid header value.
///
/// ```
/// use linepay_core::Nonce;
///
/// let nonce = Nonce::fixed("44453d45-768e-40e8-8349-748e797c450f")?;
/// assert_eq!(nonce.as_str(), "44453d45-768e-40e8-8349-748e797c450f");
/// assert_eq!(Nonce::random().as_str().len(), 36);
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Nonce(HeaderValue);

impl Nonce {
    /// A fresh UUID v4 from a CSPRNG seeded by the operating system.
    pub fn random() -> Self {
        let mut buffer = RANDOM_BUFFER;
        let text = random_text(&mut buffer);
        Self(HeaderValue::from_str(text).unwrap_or_else(|_| unreachable!("a UUID is ASCII")))
    }

    /// A chosen nonce, for tests and for reproducing a signature. It must be 1 to 128 visible
    /// ASCII characters.
    pub fn fixed(nonce: &str) -> Result<Self, InvalidField> {
        let visible_ascii = nonce.bytes().all(|b| b.is_ascii_graphic());
        if nonce.is_empty() || nonce.len() > 128 || !visible_ascii {
            return Err(InvalidField::new(
                "nonce",
                "must be 1 to 128 visible ASCII characters",
            ));
        }
        HeaderValue::from_str(nonce)
            .map(Self)
            .map_err(|_| InvalidField::new("nonce", "must be a valid header value"))
    }

    /// The nonce text.
    pub fn as_str(&self) -> &str {
        // Only ever built from ASCII text.
        self.0.to_str().unwrap_or_default()
    }

    pub(crate) fn header_value(&self) -> HeaderValue {
        self.0.clone()
    }
}

impl fmt::Debug for Nonce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Nonce").field(&self.as_str()).finish()
    }
}

impl fmt::Display for Nonce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a client's nonces come from.
///
/// ```
/// use linepay_core::{Nonce, NonceSource};
///
/// let source = NonceSource::Fixed(Nonce::fixed("test-nonce")?);
/// assert_eq!(source.next().as_str(), "test-nonce");
/// assert_ne!(NonceSource::Random.next(), NonceSource::Random.next());
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[derive(Clone, Debug, Default)]
pub enum NonceSource {
    /// A fresh UUID v4 per request (the default; what production must use).
    #[default]
    Random,
    /// The same nonce every time: for snapshot tests and signature debugging only.
    Fixed(Nonce),
}

impl NonceSource {
    /// The nonce for the next request.
    pub fn next(&self) -> Nonce {
        match self {
            NonceSource::Random => Nonce::random(),
            NonceSource::Fixed(nonce) => nonce.clone(),
        }
    }
}
