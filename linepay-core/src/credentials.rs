//! Who is calling: the channel id and the channel secret of a LINE Pay merchant channel.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use crate::error::InvalidField;

/// The merchant's channel id, sent in `X-LINE-ChannelId`. Digits only.
///
/// ```
/// use linepay_core::ChannelId;
///
/// let id = ChannelId::new("1234567890")?;
/// assert_eq!(id.as_str(), "1234567890");
/// assert!(ChannelId::new("12 34").is_err());
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ChannelId(String);

impl ChannelId {
    /// Checks that `id` is a non-empty string of ASCII digits, as LINE Pay issues them.
    pub fn new(id: impl Into<String>) -> Result<Self, InvalidField> {
        let id = id.into();
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(InvalidField::new(
                "channelId",
                "must be a non-empty string of digits",
            ));
        }
        Ok(Self(id))
    }

    /// The id as sent in the header.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ChannelId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ChannelId").field(&self.0).finish()
    }
}

impl fmt::Display for ChannelId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The channel secret: the HMAC key of every request. Never sent, never printed.
///
/// It is zeroized when dropped, and its `Debug` says only that it is redacted.
///
/// ```
/// use linepay_core::ChannelSecret;
///
/// let secret = ChannelSecret::new("a917ab6a2367b536f8e5a6e2977e06f4")?;
/// assert_eq!(format!("{secret:?}"), "ChannelSecret(<redacted>)");
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[derive(Clone)]
pub struct ChannelSecret(SecretString);

impl ChannelSecret {
    /// Wraps the secret from the LINE Pay merchant center. It must not be empty, and must not
    /// start or end with whitespace or hold control characters: a secret read from a file or
    /// an environment variable with its trailing newline would sign every request wrongly,
    /// and LINE Pay would answer each with 1106.
    ///
    /// ```
    /// use linepay_core::ChannelSecret;
    ///
    /// let error = ChannelSecret::new("a917ab6a2367b536f8e5a6e2977e06f4\n").unwrap_err();
    /// assert_eq!(error.field(), "channelSecret");
    /// assert!(error.to_string().contains("whitespace"));
    /// assert!(!error.to_string().contains("a917ab6a")); // the secret is never in an error
    /// ```
    pub fn new(secret: impl Into<String>) -> Result<Self, InvalidField> {
        // Wrapped first, so a refused secret is zeroized too.
        let secret = SecretString::from(secret.into());
        let text = secret.expose_secret();
        if text.is_empty() {
            return Err(InvalidField::new("channelSecret", "must not be empty"));
        }
        if text.trim() != text || text.chars().any(char::is_control) {
            return Err(InvalidField::new(
                "channelSecret",
                "must not start or end with whitespace or contain control characters \
                 (a newline left from a file or an environment variable?)",
            ));
        }
        Ok(Self(secret))
    }

    /// The secret's bytes, for the HMAC only.
    pub(crate) fn expose(&self) -> &[u8] {
        self.0.expose_secret().as_bytes()
    }
}

impl fmt::Debug for ChannelSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ChannelSecret(<redacted>)")
    }
}

/// A channel id with its secret: everything needed to sign a request.
///
/// ```
/// use linepay_core::Credentials;
///
/// let credentials = Credentials::new("1234567890", "a917ab6a2367b536f8e5a6e2977e06f4")?;
/// assert_eq!(credentials.channel_id().as_str(), "1234567890");
/// assert!(!format!("{credentials:?}").contains("a917ab6a"));
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[derive(Clone, Debug)]
pub struct Credentials {
    channel_id: ChannelId,
    channel_secret: ChannelSecret,
}

impl Credentials {
    /// Validates and pairs a channel id and secret.
    pub fn new(
        channel_id: impl Into<String>,
        channel_secret: impl Into<String>,
    ) -> Result<Self, InvalidField> {
        Ok(Self {
            channel_id: ChannelId::new(channel_id)?,
            channel_secret: ChannelSecret::new(channel_secret)?,
        })
    }

    /// Pairs an already validated id and secret.
    pub fn from_parts(channel_id: ChannelId, channel_secret: ChannelSecret) -> Self {
        Self {
            channel_id,
            channel_secret,
        }
    }

    /// The channel id.
    pub fn channel_id(&self) -> &ChannelId {
        &self.channel_id
    }

    /// The channel secret.
    pub fn channel_secret(&self) -> &ChannelSecret {
        &self.channel_secret
    }
}
