//! The optional merchant-device headers.

use http::header::{HeaderName, HeaderValue};

use crate::error::InvalidField;

/// Header naming the merchant's device profile (sent together with the device type).
pub const DEVICE_PROFILE_ID_HEADER: HeaderName =
    HeaderName::from_static("x-line-merchantdeviceprofileid");
/// Header naming the merchant's device type.
pub const DEVICE_TYPE_HEADER: HeaderName = HeaderName::from_static("x-line-merchantdevicetype");

/// The optional merchant-device headers; LINE Pay wants both or neither.
///
/// ```
/// use linepay_core::DeviceHeaders;
///
/// let device = DeviceHeaders::new("POS-0042", "POS")?;
/// assert!(DeviceHeaders::new("POS-0042", "bad\nvalue").is_err());
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceHeaders {
    pub(crate) profile_id: HeaderValue,
    pub(crate) device_type: HeaderValue,
}

impl DeviceHeaders {
    /// Checks that both values can be sent as headers.
    pub fn new(profile_id: &str, device_type: &str) -> Result<Self, InvalidField> {
        let value = |field: &'static str, text: &str| {
            HeaderValue::from_str(text)
                .map_err(|_| InvalidField::new(field, "must be visible ASCII without line breaks"))
        };
        Ok(Self {
            profile_id: value("merchantDeviceProfileId", profile_id)?,
            device_type: value("merchantDeviceType", device_type)?,
        })
    }
}
