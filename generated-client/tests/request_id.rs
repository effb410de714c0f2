//! The id the server gave a request, on every response and every error that had one: the
//! `SLPT-Request-ID` header SailPoint sends, else `X-Request-Id`, else (for an error status) the
//! body's `trackingId`; through `ApiResponse`, `Error`, the operation's error enum, `CallError`
//! and the raw response of an undocumented status or an undecodable body.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]

mod common;

use common::{error_dto_body, lifecycle_state_body, respond, start, TRACKING_ID};
use sailpoint_client::v3::GetLifecycleStateError;
use sailpoint_client::{CallError, Error, OperationError};
use serde_json::json;
use wiremock::ResponseTemplate;

const GATEWAY_ID: &str = "acdbe637fc044befbfe0ce16ad2224ad";
const OTHER_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";

async fn get_state(
    client: &sailpoint_client::Client,
) -> Result<
    sailpoint_client::ApiResponse<sailpoint_client::v3::LifecycleState>,
    Error<GetLifecycleStateError>,
> {
    client
        .v3()
        .get_lifecycle_state("profile-1", "state-1")
        .send()
        .await
}

#[tokio::test]
async fn a_success_carries_the_request_id_of_its_headers() {
    let (server, client) = start().await;
    let ok = || ResponseTemplate::new(200).set_body_json(lifecycle_state_body());
    for (template, expected) in [
        (
            ok().insert_header("SLPT-Request-ID", GATEWAY_ID),
            Some(GATEWAY_ID),
        ),
        (ok().insert_header("x-request-id", OTHER_ID), Some(OTHER_ID)),
        (
            ok().insert_header("x-request-id", OTHER_ID)
                .insert_header("slpt-request-id", GATEWAY_ID),
            Some(GATEWAY_ID),
        ),
        (ok().insert_header("slpt-request-id", "  "), None),
        (ok(), None),
    ] {
        respond(&server, template).await;
        let response = get_state(&client).await.unwrap();
        assert_eq!(response.request_id(), expected);
    }
}

#[tokio::test]
async fn a_documented_error_carries_the_header_or_else_the_body_tracking_id() {
    let (server, client) = start().await;
    respond(
        &server,
        ResponseTemplate::new(404)
            .insert_header("slpt-request-id", GATEWAY_ID)
            .set_body_json(error_dto_body(404)),
    )
    .await;
    let error = get_state(&client).await.unwrap_err();
    assert_eq!(
        error.request_id(),
        Some(GATEWAY_ID),
        "the header wins over the body"
    );
    let documented = error.api().unwrap();
    assert_eq!(documented.request_id(), Some(GATEWAY_ID));
    assert_eq!(documented.parts().request_id(), Some(GATEWAY_ID));
    match &error {
        Error::Api(GetLifecycleStateError::NotFound(response)) => {
            assert_eq!(response.request_id(), Some(GATEWAY_ID));
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        format!(
            "getLifecycleState answered HTTP 404 Not Found: Nothing exists at the requested URL. (request id {GATEWAY_ID})"
        ),
        "a message logged alone still names the request"
    );
    assert_eq!(CallError::from(error).request_id(), Some(GATEWAY_ID));

    respond(
        &server,
        ResponseTemplate::new(400).set_body_json(error_dto_body(400)),
    )
    .await;
    let error = get_state(&client).await.unwrap_err();
    assert_eq!(
        error.request_id(),
        Some(TRACKING_ID),
        "without a header, the body's trackingId"
    );
    assert_eq!(CallError::from(error).request_id(), Some(TRACKING_ID));
}

#[tokio::test]
async fn an_undocumented_status_or_an_undecodable_body_keeps_the_request_id() {
    let (server, client) = start().await;
    respond(
        &server,
        ResponseTemplate::new(418)
            .set_body_json(json!({ "trackingId": OTHER_ID, "note": [1, {"a": null}] })),
    )
    .await;
    let error = get_state(&client).await.unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
    assert_eq!(error.request_id(), Some(OTHER_ID));
    assert_eq!(
        error.to_string(),
        format!(
            "the server answered HTTP 418 I'm a teapot (request id {OTHER_ID}), which this operation does not document"
        )
    );
    assert_eq!(error.raw_response().unwrap().request_id(), Some(OTHER_ID));

    respond(
        &server,
        ResponseTemplate::new(200)
            .insert_header("slpt-request-id", GATEWAY_ID)
            .set_body_string("not json"),
    )
    .await;
    let error = get_state(&client).await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert_eq!(error.request_id(), Some(GATEWAY_ID));
    assert!(
        error.to_string().starts_with(&format!(
            "could not decode the HTTP 200 OK response body as sailpoint_client::v3::LifecycleState (request id {GATEWAY_ID}): "
        )),
        "{error}"
    );
    assert_eq!(CallError::from(error).request_id(), Some(GATEWAY_ID));
}

#[tokio::test]
async fn only_an_error_body_and_only_a_string_tracking_id_counts() {
    let (server, client) = start().await;
    // A success body is the resource's, whatever fields it has.
    let mut body = lifecycle_state_body();
    body["trackingId"] = json!(OTHER_ID);
    respond(&server, ResponseTemplate::new(200).set_body_json(body)).await;
    let response = sailpoint_client::Client::builder()
        .base_url(server.uri())
        .access_token("a-token")
        .build()
        .unwrap()
        .v3()
        .get_lifecycle_state("profile-1", "state-1")
        .await
        .unwrap();
    assert_eq!(response.request_id(), None);

    for body in [
        json!({ "trackingId": 42 }),
        json!({ "trackingId": null }),
        json!(["trackingId", OTHER_ID]),
        json!({ "nested": { "trackingId": OTHER_ID } }),
    ] {
        respond(
            &server,
            ResponseTemplate::new(418).set_body_json(body.clone()),
        )
        .await;
        let error = get_state(&client).await.unwrap_err();
        assert_eq!(error.request_id(), None, "{body}");
    }
    respond(
        &server,
        ResponseTemplate::new(503).set_body_string("<html>busy</html>"),
    )
    .await;
    assert_eq!(get_state(&client).await.unwrap_err().request_id(), None);
}

#[tokio::test]
async fn a_failure_without_a_response_has_no_request_id() {
    let client = sailpoint_client::Client::builder()
        .base_url(format!("http://127.0.0.1:{}", common::closed_port()))
        .access_token("a-token")
        .retry_policy(sailpoint_client::RetryPolicy::never())
        .build()
        .unwrap();
    let error = get_state(&client).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(error.request_id(), None);
}
