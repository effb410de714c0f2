//! How a model reads a JSON object: what serde's derived `Deserialize` decided before the
//! models got a reader of their own (which compiles to far less code), property by property.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails by panicking"
)]

use sailpoint_client::v2024::{ErrorResponseDto, TaskStatus};

fn error_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
    serde_json::from_str::<T>(json)
        .expect_err("the body must be refused")
        .to_string()
}

#[test]
fn listed_properties_are_read_and_others_are_skipped_whatever_they_hold() {
    let error: ErrorResponseDto = serde_json::from_str(
        r#"{"extra": {"deep": [1, {"x": null}]}, "detailCode": "400.1 Bad Request", "messages": null, "trackingId": "t-1"}"#,
    )
    .unwrap();
    assert_eq!(error.detail_code.as_deref(), Some("400.1 Bad Request"));
    assert_eq!(error.tracking_id.as_deref(), Some("t-1"));
    assert_eq!(
        error.messages, None,
        "null for an optional property is None"
    );
    assert_eq!(error.causes, None, "a missing optional property is None");
}

#[test]
fn a_property_given_twice_is_refused_as_serde_refuses_it() {
    assert_eq!(
        error_of::<ErrorResponseDto>(r#"{"detailCode": "a", "detailCode": "b"}"#),
        "duplicate field `detailCode` at line 1 column 32"
    );
}

#[test]
fn a_missing_required_property_is_named_first_in_declaration_order() {
    assert_eq!(
        error_of::<TaskStatus>(r#"{"description": "d"}"#),
        "missing field `id` at line 1 column 20"
    );
}

#[test]
fn a_missing_required_property_is_named_when_those_before_it_came_in_any_order() {
    assert_eq!(
        error_of::<TaskStatus>(
            r#"{"description": "d", "uniqueName": "u", "id": "1", "parentName": null, "type": "QUARTZ"}"#
        ),
        "missing field `launcher` at line 1 column 88"
    );
}

#[test]
fn a_value_that_is_not_an_object_names_the_struct() {
    assert_eq!(
        error_of::<ErrorResponseDto>(r#""text""#),
        "invalid type: string \"text\", expected struct ErrorResponseDto at line 1 column 6"
    );
    assert_eq!(
        error_of::<ErrorResponseDto>(r#"["400.1"]"#),
        "invalid type: sequence, expected struct ErrorResponseDto at line 1 column 0"
    );
}

#[test]
fn a_wrong_type_in_a_property_is_refused_with_serdes_message() {
    assert_eq!(
        error_of::<ErrorResponseDto>(r#"{"trackingId": 7}"#),
        "invalid type: integer `7`, expected a string at line 1 column 16"
    );
}
