//! The API endpoints the mock serves (Online v3 and v4, Offline v4), and how a received method and path find one.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use http::Method;
use linepay_core::api::v3::{
    CapturePayment, CheckPaymentStatus, CheckRegKey, ConfirmPayment, ExpireRegKey, PayPreapproved,
    PaymentDetails, RefundPayment, RequestPayment, VoidPayment,
};
use linepay_core::api::{offline, v4};
use linepay_core::endpoint::path::PathMatch;
use linepay_core::{ApiVersion, Endpoint, Paths};
use serde::{Deserialize, Serialize};

/// What the mock serves of an endpoint, read from its declaration in linepay-core: one row
/// per route, in [`Route::ALL`]'s order, so nothing about an endpoint is written twice.
struct Declared {
    name: &'static str,
    method: Method,
    /// The first declaration's `Endpoint::PATH` (v3's).
    path: &'static str,
    /// Each declaration's paths: Request has one declaration per version (their bodies
    /// differ), every other endpoint one for both.
    paths: &'static [Paths],
    read_timeout: Duration,
    idempotent: bool,
}

/// The routes, each once: its variant, wire name and declarations. Generates [`Route`],
/// [`Route::ALL`] and the [`TABLE`] of what each declaration says (the first gives the
/// method, timeout and idempotence, which every version shares).
macro_rules! routes {
    ($($(#[$doc:meta])* $route:ident = $name:literal: $endpoint:ty $(| $other:ty)*;)*) => {
        /// One of LINE Pay's API endpoints, what faults target and stats count: the Online
        /// API's in v3 and v4 alike, the Offline API's in v4.
        ///
        /// On the wire (admin API, [`Display`](fmt::Display), [`FromStr`]) a route is its
        /// camelCase name: `request`, `confirm`, `capture`, `void`, `refund`,
        /// `paymentDetails`, `checkPaymentStatus`, `checkRegKey`, `payPreapproved`,
        /// `expireRegKey`; offline `pay`, `checkOrder`, `authorizations`, `captureOrder`,
        /// `voidOrder`, `refundOrder`.
        ///
        /// ```
        /// use linepay_mock::Route;
        ///
        /// assert_eq!(Route::Confirm.to_string(), "confirm");
        /// assert_eq!("paymentDetails".parse::<Route>(), Ok(Route::PaymentDetails));
        /// assert_eq!(Route::Capture.path_template(), "/v3/payments/authorizations/<transactionId>/capture");
        /// assert!(Route::Refund.changes_state());
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub enum Route {
            $($(#[$doc])* $route,)*
        }

        impl Route {
            /// Every route, in the order of LINE Pay's documentation.
            ///
            /// ```
            /// use linepay_mock::Route;
            ///
            /// assert_eq!(Route::ALL[0], Route::Request);
            /// ```
            pub const ALL: [Route; ROUTES] = [$(Route::$route),*];
        }

        /// How many routes there are.
        pub(crate) const ROUTES: usize = [$($name),*].len();

        static TABLE: [Declared; ROUTES] = [$(
            Declared {
                name: $name,
                method: <$endpoint>::METHOD,
                path: <$endpoint>::PATH,
                paths: &[<$endpoint>::PATHS $(, <$other>::PATHS)*],
                read_timeout: <$endpoint>::READ_TIMEOUT,
                idempotent: <$endpoint>::IDEMPOTENT,
            },
        )*];
    };
}

routes! {
    /// `POST /v3/payments/request` (and `/v4/…`, as every route)
    Request = "request": RequestPayment | v4::RequestPayment;
    /// `POST /v3/payments/{transactionId}/confirm`
    Confirm = "confirm": ConfirmPayment;
    /// `POST /v3/payments/authorizations/{transactionId}/capture`
    Capture = "capture": CapturePayment;
    /// `POST /v3/payments/authorizations/{transactionId}/void`
    Void = "void": VoidPayment;
    /// `POST /v3/payments/{transactionId}/refund`
    Refund = "refund": RefundPayment;
    /// `GET /v3/payments`
    PaymentDetails = "paymentDetails": PaymentDetails;
    /// `GET /v3/payments/requests/{transactionId}/check`
    CheckPaymentStatus = "checkPaymentStatus": CheckPaymentStatus;
    /// `GET /v3/payments/preapprovedPay/{regKey}/check`
    CheckRegKey = "checkRegKey": CheckRegKey;
    /// `POST /v3/payments/preapprovedPay/{regKey}/payment`
    PayPreapproved = "payPreapproved": PayPreapproved;
    /// `POST /v3/payments/preapprovedPay/{regKey}/expire`
    ExpireRegKey = "expireRegKey": ExpireRegKey;
    /// Offline: `POST /v4/payments/oneTimeKeys/pay` (the Offline API is v4 only)
    Pay = "pay": offline::Pay;
    /// Offline: `GET /v4/payments/orders/{orderId}/check`
    CheckOrder = "checkOrder": offline::CheckOrder;
    /// Offline: `GET /v4/payments/authorizations`
    Authorizations = "authorizations": offline::Authorizations;
    /// Offline: `POST /v4/payments/orders/{orderId}/capture`
    CaptureOrder = "captureOrder": offline::CaptureOrder;
    /// Offline: `POST /v4/payments/orders/{orderId}/void`
    VoidOrder = "voidOrder": offline::VoidOrder;
    /// Offline: `POST /v4/payments/orders/{orderId}/refund`
    RefundOrder = "refundOrder": offline::RefundOrder;
}

/// Why a method and path are not an API call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Miss {
    /// No endpoint has this path.
    NotFound,
    /// The path is an endpoint's, the method is not.
    WrongMethod(Method),
}

impl Route {
    /// The wire name: `confirm`, `paymentDetails`, ….
    ///
    /// ```
    /// use linepay_mock::Route;
    ///
    /// assert_eq!(Route::ExpireRegKey.as_str(), "expireRegKey");
    /// ```
    pub fn as_str(self) -> &'static str {
        TABLE[self.index()].name
    }

    /// The HTTP method, from the endpoint's declaration in linepay-core.
    ///
    /// ```
    /// use linepay_mock::Route;
    ///
    /// assert_eq!(Route::CheckRegKey.method(), http::Method::GET);
    /// ```
    pub fn method(self) -> Method {
        TABLE[self.index()].method.clone()
    }

    /// The path template, from the endpoint's declaration in linepay-core.
    ///
    /// ```
    /// use linepay_mock::Route;
    ///
    /// assert_eq!(Route::PaymentDetails.path_template(), "/v3/payments");
    /// ```
    pub fn path_template(self) -> &'static str {
        TABLE[self.index()].path
    }

    /// LINE Pay's recommended read timeout for the route, from the endpoint's declaration in
    /// linepay-core ([`Endpoint::READ_TIMEOUT`]).
    ///
    /// ```
    /// use std::time::Duration;
    /// use linepay_mock::Route;
    ///
    /// assert_eq!(Route::Refund.read_timeout(), Duration::from_secs(20));
    /// assert_eq!(Route::Confirm.read_timeout(), Duration::from_secs(40));
    /// assert_eq!(Route::Capture.read_timeout(), Duration::from_secs(60));
    /// ```
    pub fn read_timeout(self) -> Duration {
        TABLE[self.index()].read_timeout
    }

    /// Whether a call changes the ledger: the declaration is not idempotent (everything but
    /// the three reads).
    ///
    /// ```
    /// use linepay_mock::Route;
    ///
    /// assert!(Route::Confirm.changes_state());
    /// assert!(!Route::CheckPaymentStatus.changes_state());
    /// ```
    pub fn changes_state(self) -> bool {
        !TABLE[self.index()].idempotent
    }

    /// The position in [`Route::ALL`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// The route a method and path call, and the API version whose declared path it is
    /// (`None` for anything else).
    ///
    /// ```
    /// use linepay_core::ApiVersion;
    /// use linepay_mock::Route;
    ///
    /// assert_eq!(
    ///     Route::find(&http::Method::POST, "/v4/payments/1/confirm"),
    ///     Some((Route::Confirm, ApiVersion::V4))
    /// );
    /// assert_eq!(Route::find(&http::Method::GET, "/v4/payments/1/confirm"), None);
    /// ```
    pub fn find(method: &Method, path: &str) -> Option<(Route, ApiVersion)> {
        Self::identify(method, path).ok()
    }

    /// The route of a method and path, and the API version whose declared path it is.
    pub(crate) fn identify(method: &Method, path: &str) -> Result<(Route, ApiVersion), Miss> {
        let mut found = None;
        for route in Route::ALL {
            for paths in TABLE[route.index()].paths {
                if let Ok(matched) = PathMatch::in_paths(paths, path) {
                    if route.method() == method {
                        return Ok((route, matched.version().unwrap_or_default()));
                    }
                    found = Some(route);
                }
            }
        }
        match found {
            Some(route) => Err(Miss::WrongMethod(route.method())),
            None => Err(Miss::NotFound),
        }
    }
}

impl Route {
    /// Every wire name, comma-separated, for error messages.
    fn names() -> String {
        Route::ALL.map(Route::as_str).join(", ")
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not a route.
///
/// ```
/// use linepay_mock::Route;
///
/// let error = "nope".parse::<Route>().unwrap_err();
/// assert!(error.to_string().contains("nope"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown route `{0}`: expected one of {names}", names = Route::names())]
pub struct UnknownRoute(pub String);

impl FromStr for Route {
    type Err = UnknownRoute;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Route::ALL
            .into_iter()
            .find(|route| route.as_str() == s)
            .ok_or_else(|| UnknownRoute(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifies_every_route_by_method_and_path() {
        let cases = [
            (Method::POST, "payments/request", Route::Request),
            (Method::POST, "payments/1/confirm", Route::Confirm),
            (
                Method::POST,
                "payments/authorizations/1/capture",
                Route::Capture,
            ),
            (Method::POST, "payments/authorizations/1/void", Route::Void),
            (Method::POST, "payments/1/refund", Route::Refund),
            (Method::GET, "payments", Route::PaymentDetails),
            (
                Method::GET,
                "payments/requests/1/check",
                Route::CheckPaymentStatus,
            ),
            (
                Method::GET,
                "payments/preapprovedPay/RK1/check",
                Route::CheckRegKey,
            ),
            (
                Method::POST,
                "payments/preapprovedPay/RK1/payment",
                Route::PayPreapproved,
            ),
            (
                Method::POST,
                "payments/preapprovedPay/RK1/expire",
                Route::ExpireRegKey,
            ),
        ];
        // Each declaration lists its path in both versions.
        for (method, rest, route) in cases {
            for version in [ApiVersion::V3, ApiVersion::V4] {
                let path = format!("/{}/{rest}", version.segment());
                assert_eq!(
                    Route::identify(&method, &path),
                    Ok((route, version)),
                    "{path}"
                );
            }
        }
        // The Offline API: v4 only.
        for (method, rest, route) in [
            (Method::POST, "payments/oneTimeKeys/pay", Route::Pay),
            (
                Method::GET,
                "payments/orders/O%201/check",
                Route::CheckOrder,
            ),
            (
                Method::GET,
                "payments/authorizations",
                Route::Authorizations,
            ),
            (
                Method::POST,
                "payments/orders/O1/capture",
                Route::CaptureOrder,
            ),
            (Method::POST, "payments/orders/O1/void", Route::VoidOrder),
            (
                Method::POST,
                "payments/orders/O1/refund",
                Route::RefundOrder,
            ),
        ] {
            let (v3, v4) = (format!("/v3/{rest}"), format!("/v4/{rest}"));
            assert_eq!(Route::identify(&method, &v4), Ok((route, ApiVersion::V4)));
            assert_eq!(Route::identify(&method, &v3), Err(Miss::NotFound), "{v3}");
        }
        assert_eq!(
            Route::identify(&Method::GET, "/v3/payments/request"),
            Err(Miss::WrongMethod(Method::POST))
        );
        assert_eq!(
            Route::identify(&Method::GET, "/v3/nothing"),
            Err(Miss::NotFound)
        );
    }

    #[test]
    fn v4_recommends_the_read_timeouts_of_v3() {
        use linepay_core::api::v4;
        let v4 = [
            (Route::Request, v4::RequestPayment::READ_TIMEOUT),
            (Route::Confirm, v4::ConfirmPayment::READ_TIMEOUT),
            (Route::Capture, v4::CapturePayment::READ_TIMEOUT),
            (Route::Void, v4::VoidPayment::READ_TIMEOUT),
            (Route::Refund, v4::RefundPayment::READ_TIMEOUT),
            (Route::PaymentDetails, v4::PaymentDetails::READ_TIMEOUT),
            (
                Route::CheckPaymentStatus,
                v4::CheckPaymentStatus::READ_TIMEOUT,
            ),
            (Route::CheckRegKey, v4::CheckRegKey::READ_TIMEOUT),
            (Route::PayPreapproved, v4::PayPreapproved::READ_TIMEOUT),
            (Route::ExpireRegKey, v4::ExpireRegKey::READ_TIMEOUT),
        ];
        for (route, timeout) in v4 {
            assert_eq!(route.read_timeout(), timeout, "{route}");
        }
    }

    #[test]
    fn names_round_trip() {
        for route in Route::ALL {
            assert_eq!(route.as_str().parse::<Route>(), Ok(route));
            assert_eq!(
                serde_json::to_string(&route).unwrap(),
                format!("\"{route}\"")
            );
            assert_eq!(Route::ALL[route.index()], route);
        }
        let error = "Confirm".parse::<Route>().expect_err("names are camelCase");
        assert!(
            error
                .to_string()
                .ends_with("expected one of request, confirm, capture, void, refund, paymentDetails, checkPaymentStatus, checkRegKey, payPreapproved, expireRegKey, pay, checkOrder, authorizations, captureOrder, voidOrder, refundOrder"),
            "{error}"
        );
    }
}
