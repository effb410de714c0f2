//! The Rust statements and expressions the filters of `filters` write whole: sending parameters
//! and bodies, writing form parts, a test double's response.

use super::examples::concrete_status;
use super::literals::string_literal;
use crate::ir::{BodyFormat, Operation, ResponseCase};

/// The expression that builds a test double's response for a documented case from `body`.
pub(super) fn mock_response(case: &ResponseCase, operation: &Operation) -> String {
    let status = concrete_status(case, operation);
    let media = case
        .media_type
        .as_deref()
        .and_then(|media| media.split(',').next())
        .map(|media| string_literal(media.trim()));
    match (case.format, media) {
        (Some(BodyFormat::Location), _) => format!(
            "match body.location {{ Some(location) => mock::MockResponse::new({status}).header(\"location\", location), None => mock::MockResponse::new({status}) }}"
        ),
        (None, _) | (_, None) => format!("mock::MockResponse::new({status})"),
        (Some(BodyFormat::Text), Some(media)) => {
            format!("mock::MockResponse::raw({status}, {media}, body)")
        }
        (Some(BodyFormat::Bytes), Some(media)) => {
            format!("mock::MockResponse::raw({status}, {media}, body.to_vec())")
        }
        (Some(_), Some(media)) => {
            format!("mock::MockResponse::json({status}, {media}, &body)")
        }
    }
}
