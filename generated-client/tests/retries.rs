//! Retries: which statuses and failures are tried again for which methods, how long the client
//! waits (`Retry-After` in seconds or as a date, backoff, the total budget), and what a call
//! returns once the attempts run out.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]

mod common;

use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, Utc};
use common::{
    closed_port, counting, error_dto_body, expect_api_error, fast_retries, header, in_turn,
    lifecycle_state_body, rate_limit_body, received, start_server, task_status_pending, JSON,
    TOKEN,
};
use sailpoint_client::v3::{
    JsonPatchOperation, JsonPatchOperationOp, LifecycleState, SetLifecycleStateRequest,
};
use sailpoint_client::{v2024, Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

/// A client for `server` that sends [`TOKEN`] and retries as `policy` says.
fn client_with(server: &MockServer, policy: RetryPolicy) -> Client {
    Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .retry_policy(policy)
        .build()
        .expect("the mock server's URI is a valid base URL")
}

/// A client for a port where nothing listens, retrying as `policy` says.
fn unreachable_client(policy: RetryPolicy) -> Client {
    Client::builder()
        .base_url(format!("http://127.0.0.1:{}", closed_port()))
        .access_token(TOKEN)
        .retry_policy(policy)
        .build()
        .unwrap()
}

/// Forgets earlier mocks and requests, then answers every request with `responder`.
async fn answer(server: &MockServer, responder: impl Respond + 'static) {
    server.reset().await;
    Mock::given(any())
        .respond_with(responder)
        .mount(server)
        .await;
}

/// How many requests reached `server` since the last reset.
async fn request_count(server: &MockServer) -> usize {
    received(server).await.len()
}

fn unavailable() -> ResponseTemplate {
    ResponseTemplate::new(503).set_body_string("service unavailable")
}

fn rate_limited(retry_after: &str) -> ResponseTemplate {
    ResponseTemplate::new(429)
        .insert_header("retry-after", retry_after)
        .set_body_json(rate_limit_body())
}

fn states_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!([lifecycle_state_body()]))
}

fn new_state() -> LifecycleState {
    LifecycleState::new("contractor")
}

fn set_state() -> SetLifecycleStateRequest {
    SetLifecycleStateRequest::new().with_lifecycle_state_id("state-1")
}

fn disable_patch() -> Vec<JsonPatchOperation> {
    vec![
        JsonPatchOperation::new(JsonPatchOperationOp::Replace, "/enabled").with_value(false.into()),
    ]
}

fn task_patch() -> Vec<v2024::JsonPatchOperation> {
    vec![
        v2024::JsonPatchOperation::new(v2024::JsonPatchOperationOp::Replace, "/completionStatus")
            .with_value(v2024::TaskStatusCompletionStatus::Error.as_str().into()),
    ]
}

/// `at` as an HTTP date (IMF-fixdate), as a `Retry-After` header may carry it.
fn http_date(at: SystemTime) -> String {
    DateTime::<Utc>::from(at)
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

// ---------------------------------------------------------------------------------------------
// Statuses that are retried
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_429_with_retry_after_one_second_is_retried_once_after_waiting_that_long() {
    let server = start_server().await;
    answer(&server, in_turn(vec![rate_limited("1"), states_ok()])).await;
    // Backoff alone would wait far longer, so a quick success proves `Retry-After` was used.
    let client = client_with(
        &server,
        RetryPolicy::default().initial_backoff(Duration::from_secs(30)),
    );

    let started = Instant::now();
    let response = client
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect("the retry succeeds");
    let elapsed = started.elapsed();

    assert_eq!(request_count(&server).await, 2);
    assert!(elapsed >= Duration::from_secs(1), "waited only {elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "waited {elapsed:?}");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.len(), 1);
    assert_eq!(response[0].technical_name, "contractor");
}

#[tokio::test]
async fn a_503_on_get_is_retried_and_the_success_returned() {
    let server = start_server().await;
    answer(
        &server,
        in_turn(vec![
            unavailable(),
            ResponseTemplate::new(200).set_body_json(json!([task_status_pending()])),
        ]),
    )
    .await;
    let client = client_with(&server, fast_retries());

    let response = client
        .v2024()
        .get_task_status_list()
        .filters("type eq \"QUARTZ\"")
        .send()
        .await
        .expect("the retry succeeds");

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response[0].id, "id12345");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.url.path(), "/v2024/task-status");
        assert_eq!(request.url.query(), requests[0].url.query());
        assert_eq!(header(request, "x-sailpoint-experimental"), Some("true"));
        assert_eq!(
            header(request, "authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
    }
}

#[tokio::test]
async fn a_502_or_504_on_get_is_retried_like_a_503() {
    let server = start_server().await;
    let client = client_with(&server, fast_retries());
    for status in [502, 504] {
        answer(
            &server,
            in_turn(vec![ResponseTemplate::new(status), states_ok()]),
        )
        .await;

        let response = client.v3().get_lifecycle_states("profile-1").send().await;

        assert_eq!(
            response.expect("retried").status().as_u16(),
            200,
            "{status}"
        );
        assert_eq!(request_count(&server).await, 2, "{status}");
    }
}

#[tokio::test]
async fn a_429_on_post_is_retried_because_the_request_was_not_processed() {
    let server = start_server().await;
    answer(
        &server,
        in_turn(vec![
            rate_limited("0"),
            ResponseTemplate::new(201).set_body_json(lifecycle_state_body()),
        ]),
    )
    .await;
    let client = client_with(&server, fast_retries());

    let response = client
        .v3()
        .create_lifecycle_state("profile-1", new_state())
        .send()
        .await
        .expect("the retry succeeds");

    assert_eq!(response.status().as_u16(), 201);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].method.as_str(), "POST");
    assert_eq!(requests[1].body, requests[0].body, "the same body again");
    assert_eq!(header(&requests[1], "content-type"), Some(JSON));
}

// ---------------------------------------------------------------------------------------------
// Statuses and methods that are not retried
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_503_on_post_is_not_retried_and_is_an_unexpected_status() {
    let server = start_server().await;
    let client = client_with(&server, fast_retries());

    answer(&server, unavailable()).await;
    let error = client
        .v3()
        .create_lifecycle_state("profile-1", new_state())
        .send()
        .await
        .expect_err("503 is not documented");
    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(request_count(&server).await, 1);

    answer(&server, unavailable()).await;
    let error = client
        .v3()
        .set_lifecycle_state("identity-1", set_state())
        .send()
        .await
        .expect_err("503 is not documented");
    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn a_503_on_patch_is_not_retried_and_is_an_unexpected_status() {
    let server = start_server().await;
    let client = client_with(&server, fast_retries());

    answer(&server, unavailable()).await;
    let error = client
        .v3()
        .update_lifecycle_states("profile-1", "state-1", disable_patch())
        .send()
        .await
        .expect_err("503 is not documented");
    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(request_count(&server).await, 1);

    answer(&server, unavailable()).await;
    let error = client
        .v2024()
        .update_task_status("task-1", task_patch())
        .send()
        .await
        .expect_err("503 is not documented");
    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn retry_non_idempotent_retries_a_post_after_a_503_with_the_same_body() {
    let server = start_server().await;
    answer(
        &server,
        in_turn(vec![
            unavailable(),
            ResponseTemplate::new(200).set_body_json(json!({ "accountActivityId": "activity-1" })),
        ]),
    )
    .await;
    let client = client_with(&server, fast_retries().retry_non_idempotent(true));

    let response = client
        .v3()
        .set_lifecycle_state("identity-1", set_state())
        .send()
        .await
        .expect("the retry succeeds");

    assert_eq!(response.account_activity_id.as_deref(), Some("activity-1"));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&requests[1].body).unwrap(),
        json!({ "lifecycleStateId": "state-1" })
    );
}

#[tokio::test]
async fn a_500_is_never_retried_whatever_the_method_or_policy() {
    let server = start_server().await;
    let client = client_with(&server, fast_retries().retry_non_idempotent(true));

    answer(
        &server,
        ResponseTemplate::new(500).set_body_json(error_dto_body(500)),
    )
    .await;
    let error = client
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect_err("500 is an error");
    let response = expect_api_error!(error, v3::GetLifecycleStatesError::InternalServerError);
    assert_eq!(response.status().as_u16(), 500);
    assert_eq!(request_count(&server).await, 1);

    answer(
        &server,
        ResponseTemplate::new(500).set_body_json(error_dto_body(500)),
    )
    .await;
    let error = client
        .v3()
        .create_lifecycle_state("profile-1", new_state())
        .send()
        .await
        .expect_err("500 is an error");
    expect_api_error!(error, v3::CreateLifecycleStateError::InternalServerError);
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn a_single_attempt_policy_does_not_retry_even_a_429() {
    let server = start_server().await;
    for policy in [RetryPolicy::never(), fast_retries().max_attempts(0)] {
        answer(&server, rate_limited("0")).await;
        let client = client_with(&server, policy);

        let error = client
            .v3()
            .get_lifecycle_states("profile-1")
            .send()
            .await
            .expect_err("429 is an error");

        expect_api_error!(error, v3::GetLifecycleStatesError::TooManyRequests);
        assert_eq!(request_count(&server).await, 1);
    }
}

// ---------------------------------------------------------------------------------------------
// When the attempts run out
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn exhausted_retries_return_the_last_response_with_its_headers_and_body() {
    let server = start_server().await;
    answer(
        &server,
        counting(|n, _| {
            ResponseTemplate::new(503)
                .insert_header("x-attempt", n.to_string().as_str())
                .set_body_string(format!("attempt {n} failed"))
        }),
    )
    .await;
    let client = client_with(&server, fast_retries().max_attempts(3));

    let error = client
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect_err("every attempt fails");

    assert_eq!(request_count(&server).await, 3);
    let Error::UnexpectedStatus(response) = error else {
        panic!("expected Error::UnexpectedStatus, got {error:?}");
    };
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(
        response
            .headers()
            .get("x-attempt")
            .and_then(|v| v.to_str().ok()),
        Some("3")
    );
    assert_eq!(response.text(), "attempt 3 failed");
}

#[tokio::test]
async fn exhausted_retries_on_a_documented_429_return_too_many_requests_with_retry_after() {
    let server = start_server().await;
    answer(
        &server,
        counting(|n, _| {
            ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .insert_header("x-attempt", n.to_string().as_str())
                .set_body_json(rate_limit_body())
        }),
    )
    .await;
    let client = client_with(&server, fast_retries().max_attempts(3));

    let error = client
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect_err("every attempt is rate limited");

    assert_eq!(request_count(&server).await, 3);
    let response = expect_api_error!(error, v3::GetLifecycleStatesError::TooManyRequests);
    assert_eq!(response.status().as_u16(), 429);
    assert_eq!(
        response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("0")
    );
    assert_eq!(
        response
            .headers()
            .get("x-attempt")
            .and_then(|v| v.to_str().ok()),
        Some("3")
    );
    assert_eq!(response.message, Some(json!(common::RATE_LIMIT_EXCEEDED)));
}

// ---------------------------------------------------------------------------------------------
// How long the client waits
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_retry_after_date_in_the_past_means_retrying_at_once() {
    let server = start_server().await;
    let past = http_date(SystemTime::now() - Duration::from_secs(10));
    answer(&server, in_turn(vec![rate_limited(&past), states_ok()])).await;
    // If the date were not understood, the backoff would wait at least 5 s.
    let client = client_with(
        &server,
        RetryPolicy::default().initial_backoff(Duration::from_secs(10)),
    );

    let started = Instant::now();
    let response = client.v3().get_lifecycle_states("profile-1").send().await;
    let elapsed = started.elapsed();

    assert_eq!(response.expect("retried").status().as_u16(), 200);
    assert_eq!(request_count(&server).await, 2);
    assert!(elapsed < Duration::from_secs(1), "waited {elapsed:?}");
}

#[tokio::test]
async fn a_wait_beyond_the_total_budget_is_not_started_and_the_response_returned_at_once() {
    let server = start_server().await;
    let client = client_with(
        &server,
        RetryPolicy::default()
            .total_budget(Duration::from_secs(2))
            .initial_backoff(Duration::from_secs(10))
            .max_backoff(Duration::from_secs(10)),
    );
    let in_an_hour = http_date(SystemTime::now() + Duration::from_secs(3600));

    for retry_after in ["10", in_an_hour.as_str()] {
        answer(
            &server,
            in_turn(vec![rate_limited(retry_after), states_ok()]),
        )
        .await;
        let started = Instant::now();
        let error = client
            .v3()
            .get_lifecycle_states("profile-1")
            .send()
            .await
            .expect_err("the 429 comes back");
        let elapsed = started.elapsed();

        let response = expect_api_error!(error, v3::GetLifecycleStatesError::TooManyRequests);
        assert_eq!(
            response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok()),
            Some(retry_after)
        );
        assert_eq!(request_count(&server).await, 1, "{retry_after}");
        assert!(
            elapsed < Duration::from_secs(1),
            "{retry_after}: {elapsed:?}"
        );
    }

    // Without `Retry-After`, a backoff longer than the budget is not waited for either.
    answer(&server, in_turn(vec![unavailable(), states_ok()])).await;
    let started = Instant::now();
    let error = client
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect_err("the 503 comes back");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(request_count(&server).await, 1);
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn a_retry_after_of_u64_max_seconds_a_second_into_the_call_is_no_wait_and_no_panic() {
    // A second in, the wait of 2^64 - 1 seconds plus the time spent overflowed a `Duration`.
    let server = start_server().await;
    answer(
        &server,
        in_turn(vec![
            rate_limited("1"),
            rate_limited("18446744073709551615"),
            states_ok(),
        ]),
    )
    .await;
    let client = client_with(&server, RetryPolicy::default());

    let started = Instant::now();
    let error = client
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect_err("the second 429 comes back");

    let response = expect_api_error!(error, v3::GetLifecycleStatesError::TooManyRequests);
    assert_eq!(
        response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("18446744073709551615")
    );
    assert_eq!(request_count(&server).await, 2);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_budget_too_long_to_be_a_point_in_time_limits_nothing() {
    let server = start_server().await;
    answer(&server, in_turn(vec![unavailable(), states_ok()])).await;
    let client = client_with(&server, fast_retries().total_budget(Duration::MAX));

    let response = client
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect("retried");

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(request_count(&server).await, 2);
}

/// A client with a request timeout of 12 s and a budget of `budget`, retrying at once.
fn budgeted_client(server: &MockServer, budget: Duration) -> Client {
    Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .request_timeout(Duration::from_secs(12))
        .retry_policy(fast_retries().total_budget(budget))
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_budget_ends_a_first_attempt_still_waiting_for_its_answer() {
    let server = start_server().await;
    answer(&server, states_ok().set_delay(Duration::from_secs(30))).await;
    let budget = Duration::from_millis(500);

    let started = Instant::now();
    let error = budgeted_client(&server, budget)
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect_err("no answer within the budget");
    let elapsed = started.elapsed();

    assert!(
        matches!(error, Error::BudgetExhausted { budget: given } if given == budget),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "the call's budget of 500ms ran out before an answer arrived, so the client stopped \
         waiting (raise it with `RetryPolicy::total_budget`)"
    );
    assert!(
        elapsed >= budget && elapsed < Duration::from_secs(5),
        "{elapsed:?}"
    );
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn a_retry_cut_off_by_the_budget_leaves_the_call_with_the_answer_before_it() {
    let server = start_server().await;
    answer(
        &server,
        in_turn(vec![
            unavailable(),
            states_ok().set_delay(Duration::from_secs(30)),
        ]),
    )
    .await;

    let started = Instant::now();
    let error = budgeted_client(&server, Duration::from_millis(500))
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect_err("the retry does not answer within the budget");

    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(request_count(&server).await, 2);
}

// ---------------------------------------------------------------------------------------------
// Transport failures
// ---------------------------------------------------------------------------------------------

/// Backoffs of 25-50 ms, then 50-100 ms: two retries wait at least 75 ms in all.
fn short_backoffs() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(3)
        .initial_backoff(Duration::from_millis(50))
        .max_backoff(Duration::from_secs(1))
}

#[tokio::test]
async fn a_connection_failure_on_get_is_retried_with_backoff() {
    let client = unreachable_client(short_backoffs());

    let started = Instant::now();
    let error = client
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect_err("nothing listens");
    let elapsed = started.elapsed();

    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(
        elapsed >= Duration::from_millis(75),
        "two backoffs were not waited: {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

#[tokio::test]
async fn a_connection_failure_on_post_is_not_retried_unless_asked() {
    // Any retry would first wait at least 200 ms.
    let policy = short_backoffs().initial_backoff(Duration::from_millis(400));
    let client = unreachable_client(policy.clone());

    let started = Instant::now();
    let error = client
        .v3()
        .create_lifecycle_state("profile-1", new_state())
        .send()
        .await
        .expect_err("nothing listens");
    let elapsed = started.elapsed();

    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(elapsed < Duration::from_millis(200), "retried: {elapsed:?}");

    let eager = unreachable_client(policy.retry_non_idempotent(true));
    let started = Instant::now();
    let error = eager
        .v3()
        .create_lifecycle_state("profile-1", new_state())
        .send()
        .await
        .expect_err("nothing listens");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "not retried: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_request_slower_than_the_request_timeout_is_a_timeout_error() {
    let server = start_server().await;
    answer(&server, states_ok().set_delay(Duration::from_secs(10))).await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .request_timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();

    let started = Instant::now();
    let error = client
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect_err("too slow");

    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(error.to_string().contains("timed out"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn a_timed_out_get_is_retried_and_a_timed_out_post_is_not() {
    let server = start_server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .request_timeout(Duration::from_millis(100))
        .retry_policy(fast_retries().max_attempts(2))
        .build()
        .unwrap();

    answer(&server, states_ok().set_delay(Duration::from_secs(10))).await;
    let error = client
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect_err("too slow");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert_eq!(request_count(&server).await, 2);

    answer(
        &server,
        ResponseTemplate::new(201)
            .set_body_json(lifecycle_state_body())
            .set_delay(Duration::from_secs(10)),
    )
    .await;
    let error = client
        .v3()
        .create_lifecycle_state("profile-1", new_state())
        .send()
        .await
        .expect_err("too slow");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert_eq!(request_count(&server).await, 1);
}
