//! Per-call options of every request builder: extra headers (checked before anything is sent),
//! a timeout and a retry policy for one call, each taking precedence over the client's setting;
//! and awaiting a builder directly, which sends it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

mod common;

use std::time::Duration;

use common::{
    assert_nothing_sent, fast_retries, header_values, in_turn, received, respond, respond_json,
    start, start_server, task_status_complete, TOKEN,
};
use sailpoint_client::{Client, Error, PerCall, RetryPolicy};
use serde_json::json;
use wiremock::ResponseTemplate;

#[tokio::test]
async fn an_extra_header_is_sent_with_the_call() {
    let (server, client) = start().await;
    respond_json(&server, 200, &task_status_complete()).await;

    client
        .v2024()
        .get_task_status("t1")
        .header("X-Correlation-Id", "req-42")
        .header("X-Correlation-Id", "req-43")
        .send()
        .await
        .unwrap();

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(
        header_values(&requests[0], "x-correlation-id"),
        ["req-42", "req-43"]
    );
    assert_eq!(
        header_values(&requests[0], "authorization"),
        [format!("Bearer {TOKEN}")]
    );
    assert_eq!(
        header_values(&requests[0], "x-sailpoint-experimental"),
        ["true"]
    );
}

#[tokio::test]
async fn an_extra_header_replaces_the_one_the_operation_sends() {
    let (server, client) = start().await;
    respond_json(&server, 200, &task_status_complete()).await;

    client
        .v2024()
        .get_task_status("t1")
        .header("x-sailpoint-experimental", "false")
        .header("Accept", "application/json; charset=utf-8")
        .send()
        .await
        .unwrap();

    let requests = received(&server).await;
    assert_eq!(
        header_values(&requests[0], "x-sailpoint-experimental"),
        ["false"]
    );
    assert_eq!(
        header_values(&requests[0], "accept"),
        ["application/json; charset=utf-8"]
    );
}

#[tokio::test]
async fn a_header_http_cannot_carry_is_an_invalid_request_and_nothing_is_sent() {
    let (server, client) = start().await;
    respond_json(&server, 200, &task_status_complete()).await;
    let cases = [
        (
            "bad name",
            "needs no space",
            "invalid request: extra header name \"bad name\" of `getTaskStatus` is not a valid HTTP header name",
        ),
        (
            "X-Note",
            "line\nbreak",
            "invalid request: extra header `X-Note` of `getTaskStatus` cannot carry its value: it has \\u{a} at byte 4, and a header value cannot hold control characters",
        ),
        (
            "Authorization",
            "Bearer mine",
            "invalid request: `getTaskStatus` cannot set `Authorization` as an extra header: the client's credentials set it",
        ),
    ];
    for (name, value, message) in cases {
        let error = client
            .v2024()
            .get_task_status("t1")
            .header(name, value)
            .send()
            .await
            .unwrap_err();

        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
        assert_eq!(error.to_string(), message);
    }
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn a_call_timeout_shorter_than_the_clients_ends_that_call() {
    let (server, client) = start().await;
    respond(
        &server,
        ResponseTemplate::new(200)
            .set_body_json(task_status_complete())
            .set_delay(Duration::from_secs(10)),
    )
    .await;

    let error = client
        .v2024()
        .get_task_status("t1")
        .timeout(Duration::from_millis(50))
        .send()
        .await
        .unwrap_err();

    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
}

#[tokio::test]
async fn a_call_timeout_longer_than_the_clients_lets_that_call_finish() {
    let server = start_server().await;
    respond(
        &server,
        ResponseTemplate::new(200)
            .set_body_json(task_status_complete())
            .set_delay(Duration::from_millis(300)),
    )
    .await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .retry_policy(RetryPolicy::never())
        .request_timeout(Duration::from_millis(20))
        .build()
        .unwrap();

    let error = client
        .v2024()
        .get_task_status("t1")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");

    let task = client
        .v2024()
        .get_task_status("t1")
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .unwrap();
    assert_eq!(task.id, "00eebcf881994e419d72e757fd30dc0e");
}

#[tokio::test]
async fn a_call_retry_policy_replaces_the_clients() {
    // The client makes one attempt; this call may make several.
    let (server, client) = start().await;
    server.reset().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(in_turn(vec![
            ResponseTemplate::new(503),
            ResponseTemplate::new(200).set_body_json(task_status_complete()),
        ]))
        .mount(&server)
        .await;

    let task = client
        .v2024()
        .get_task_status("t1")
        .retry_policy(fast_retries())
        .send()
        .await
        .unwrap();

    assert_eq!(task.status(), 200);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_call_can_opt_out_of_the_clients_retries() {
    let server = start_server().await;
    respond(&server, ResponseTemplate::new(503)).await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .retry_policy(fast_retries())
        .build()
        .unwrap();

    let error = client
        .v2024()
        .get_task_status("t1")
        .retry_policy(RetryPolicy::never())
        .send()
        .await
        .unwrap_err();

    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn awaiting_a_builder_sends_it_like_send() {
    let (server, client) = start().await;
    respond_json(&server, 200, &json!([])).await;

    let tasks = client
        .v2024()
        .get_task_status_list()
        .limit(5)
        .header("X-Correlation-Id", "req-1")
        .await
        .unwrap();

    assert!(tasks.is_empty());
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.query(), Some("limit=5"));
    assert_eq!(header_values(&requests[0], "x-correlation-id"), ["req-1"]);
}
