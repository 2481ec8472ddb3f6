//! The facade's client over real transports: v4 against linepay-mock, the escape hatch of
//! validation, tracing spans, the tower adapter, the channel secret never showing, the fuzz
//! properties on stable, and macro hygiene through `linepay::linepay_endpoint`. One binary:
//! each of these links the facade, linepay-mock and hyper.

#[path = "../../linepay-core/tests/support/warnings.rs"]
mod warnings;

mod api_v4;
mod fuzz_properties;
mod macro_hygiene;
mod secrets;
mod tower_transport;
mod tracing_spans;
mod validation_modes;
