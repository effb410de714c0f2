//! The token request under the call's retry policy: a 503, a 429 with `Retry-After` or a
//! dropped connection once is retried and the call succeeds; a 400 or 401 is final after one
//! request; concurrent calls share one fetch, its retries and its failure; a call cancelled
//! while fetching does not keep later calls from getting a token.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::{fast_retries, header, received, start_server, token_body};
use sailpoint_client::{AuthError, Client, Error, RetryPolicy};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN_PATH: &str = "/oauth/token";
const SECRET: &str = "cs-RETRY-SECRET-42";
/// Every test ends well within this, or fails instead of hanging.
const BOUND: Duration = Duration::from_secs(20);

fn client(base_url: &str, policy: RetryPolicy) -> Client {
    Client::builder()
        .base_url(base_url)
        .client_credentials("id", SECRET)
        .retry_policy(policy)
        .build()
        .unwrap()
}

/// The token endpoint answers `first` to the first request and a token to every later one.
async fn mount_token_endpoint(server: &MockServer, first: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("good-token", 3600)))
        .mount(server)
        .await;
    Mock::given(path_regex("^/v3/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(server)
        .await;
}

async fn split(server: &MockServer) -> (Vec<Request>, Vec<Request>) {
    received(server)
        .await
        .into_iter()
        .partition(|request| request.url.path() == TOKEN_PATH)
}

async fn list(client: &Client) -> Result<(), Error<sailpoint_client::v3::GetLifecycleStatesError>> {
    tokio::time::timeout(BOUND, client.v3().get_lifecycle_states("p").send())
        .await
        .expect("the call ends in time")
        .map(|_| ())
}

#[tokio::test]
async fn a_503_from_the_token_endpoint_once_is_retried_and_the_call_succeeds() {
    let server = start_server().await;
    mount_token_endpoint(&server, ResponseTemplate::new(503)).await;
    let client = client(&server.uri(), fast_retries().max_attempts(4));

    list(&client).await.expect("the token request is retried");

    let (tokens, api) = split(&server).await;
    assert_eq!(tokens.len(), 2);
    assert_eq!(api.len(), 1);
    assert_eq!(header(&api[0], "authorization"), Some("Bearer good-token"));
}

#[tokio::test]
async fn a_502_or_504_from_the_token_endpoint_once_is_retried_too() {
    for status in [502, 504] {
        let server = start_server().await;
        mount_token_endpoint(&server, ResponseTemplate::new(status)).await;
        let client = client(&server.uri(), fast_retries());

        list(&client).await.expect("the token request is retried");

        let (tokens, _) = split(&server).await;
        assert_eq!(tokens.len(), 2, "HTTP {status}");
    }
}

#[tokio::test]
async fn a_429_with_retry_after_from_the_token_endpoint_is_retried_after_the_wait_it_asks() {
    let server = start_server().await;
    mount_token_endpoint(
        &server,
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
    )
    .await;
    // The backoff would be 60 s; only `Retry-After` lets the retry fit in the 10 s budget.
    let policy = RetryPolicy::default()
        .max_attempts(4)
        .initial_backoff(Duration::from_secs(60))
        .max_backoff(Duration::from_secs(60))
        .total_budget(Duration::from_secs(10));
    let client = client(&server.uri(), policy);

    list(&client).await.expect("the token request is retried");

    let (tokens, api) = split(&server).await;
    assert_eq!(tokens.len(), 2);
    assert_eq!(api.len(), 1);
}

#[tokio::test]
async fn a_429_without_retry_after_is_retried_with_backoff() {
    let server = start_server().await;
    mount_token_endpoint(&server, ResponseTemplate::new(429)).await;
    let client = client(&server.uri(), fast_retries());

    list(&client).await.expect("the token request is retried");

    assert_eq!(split(&server).await.0.len(), 2);
}

#[tokio::test]
async fn a_token_retry_that_would_outlast_the_budget_is_not_started() {
    let server = start_server().await;
    mount_token_endpoint(
        &server,
        ResponseTemplate::new(429).insert_header("retry-after", "3600"),
    )
    .await;
    let client = client(&server.uri(), fast_retries());

    let error = list(&client)
        .await
        .expect_err("the wait is beyond the budget");

    assert!(
        matches!(&error, Error::Auth(AuthError::Rejected { status, .. }) if status.as_u16() == 429),
        "{error:?}"
    );
    let (tokens, api) = split(&server).await;
    assert_eq!(tokens.len(), 1);
    assert!(api.is_empty());
}

#[tokio::test]
async fn a_token_retry_after_of_u64_max_seconds_a_second_in_is_no_wait_and_no_panic() {
    // A second in, the wait plus the time spent overflowed a `Duration`.
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(common::in_turn(vec![
            ResponseTemplate::new(429).insert_header("retry-after", "1"),
            ResponseTemplate::new(429).insert_header("retry-after", "18446744073709551615"),
        ]))
        .mount(&server)
        .await;
    let client = client(&server.uri(), RetryPolicy::default());

    let started = std::time::Instant::now();
    let error = list(&client).await.expect_err("no token");

    assert!(
        matches!(&error, Error::Auth(AuthError::Rejected { status, .. }) if status.as_u16() == 429),
        "{error:?}"
    );
    assert_eq!(split(&server).await.0.len(), 2);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn the_budget_ends_a_token_request_still_waiting_for_its_answer() {
    let server = start_server().await;
    mount_token_endpoint(
        &server,
        ResponseTemplate::new(200)
            .set_body_json(token_body("late-token", 3600))
            .set_delay(Duration::from_secs(30)),
    )
    .await;
    let client = Client::builder()
        .base_url(server.uri())
        .client_credentials("id", SECRET)
        .request_timeout(Duration::from_secs(12))
        .retry_policy(fast_retries().total_budget(Duration::from_millis(500)))
        .build()
        .unwrap();

    let started = std::time::Instant::now();
    let error = list(&client).await.expect_err("no token within the budget");

    assert!(matches!(error, Error::BudgetExhausted { .. }), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    let (tokens, api) = split(&server).await;
    assert_eq!(tokens.len(), 1);
    assert!(api.is_empty());
}

#[tokio::test]
async fn a_token_endpoint_that_redirects_is_refused_and_the_secret_goes_nowhere_else() {
    let elsewhere = start_server().await;
    let server = start_server().await;
    for status in [301, 302, 307, 308] {
        server.reset().await;
        mount_token_endpoint(
            &server,
            ResponseTemplate::new(status)
                .insert_header("location", format!("{}{TOKEN_PATH}", elsewhere.uri())),
        )
        .await;
        let client = client(&server.uri(), fast_retries());

        let error = list(&client).await.expect_err("no token");

        assert!(
            matches!(&error, Error::Auth(AuthError::Rejected { status: answered, .. }) if answered.as_u16() == status),
            "{error:?}"
        );
        let (tokens, api) = split(&server).await;
        assert_eq!((tokens.len(), api.len()), (1, 0), "HTTP {status}");
    }
    let landed = received(&elsewhere).await;
    assert!(landed.is_empty(), "the token request followed: {landed:#?}");
}

#[tokio::test]
async fn a_400_or_401_from_the_token_endpoint_is_final_after_one_request() {
    for status in [400, 401] {
        let server = start_server().await;
        mount_token_endpoint(
            &server,
            ResponseTemplate::new(status).set_body_json(json!({ "error": "invalid_client" })),
        )
        .await;
        let client = client(&server.uri(), fast_retries().max_attempts(4));

        let error = list(&client).await.expect_err("refused");

        let Error::Auth(AuthError::Rejected {
            status: got, body, ..
        }) = &error
        else {
            panic!("expected AuthError::Rejected, got {error:?}");
        };
        assert_eq!(got.as_u16(), status);
        assert!(body.contains("invalid_client"), "{body}");
        assert!(!format!("{error} {error:?}").contains(SECRET));
        let (tokens, api) = split(&server).await;
        assert_eq!(tokens.len(), 1, "HTTP {status} is not retried");
        assert!(api.is_empty());
    }
}

#[tokio::test]
async fn token_retries_stop_at_the_policys_attempts_and_return_the_last_answer() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(503).set_body_string("down"))
        .mount(&server)
        .await;
    let client = client(&server.uri(), fast_retries().max_attempts(3));

    let error = list(&client).await.expect_err("always 503");

    assert!(
        matches!(&error, Error::Auth(AuthError::Rejected { status, .. }) if status.as_u16() == 503),
        "{error:?}"
    );
    assert_eq!(split(&server).await.0.len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_calls_share_one_fetch_and_its_retries() {
    let server = start_server().await;
    mount_token_endpoint(
        &server,
        ResponseTemplate::new(503).set_delay(Duration::from_millis(100)),
    )
    .await;
    let client = client(&server.uri(), fast_retries());

    let calls = (0..20).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { list(&client).await })
    });
    for joined in futures::future::join_all(calls).await {
        joined.expect("the task ran").expect("the call succeeds");
    }

    let (tokens, api) = split(&server).await;
    assert_eq!(tokens.len(), 2, "one fetch, retried once, for all 20 calls");
    assert_eq!(api.len(), 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn calls_waiting_for_a_fetch_that_is_refused_share_the_refusal() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({ "error": "invalid_client" }))
                .set_delay(Duration::from_millis(200)),
        )
        .mount(&server)
        .await;
    let client = client(&server.uri(), fast_retries());

    let calls = (0..20).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { list(&client).await })
    });
    for joined in futures::future::join_all(calls).await {
        let error = joined.expect("the task ran").expect_err("refused");
        assert!(
            matches!(&error, Error::Auth(AuthError::Rejected { status, .. }) if status.as_u16() == 400),
            "{error:?}"
        );
    }

    let (tokens, api) = split(&server).await;
    assert_eq!(tokens.len(), 1, "the waiting calls did not ask again");
    assert!(api.is_empty());

    // A later call is not answered from that failure: it asks again.
    list(&client).await.expect_err("still refused");
    assert_eq!(split(&server).await.0.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_cancelled_while_fetching_does_not_stop_later_calls_from_getting_a_token() {
    let server = start_server().await;
    // The first token request hangs; the ones after it are answered at once.
    mount_token_endpoint(
        &server,
        ResponseTemplate::new(200)
            .set_body_json(token_body("never-delivered", 3600))
            .set_delay(Duration::from_secs(600)),
    )
    .await;
    let client = client(&server.uri(), fast_retries());

    let first = tokio::spawn({
        let client = client.clone();
        async move { list(&client).await }
    });
    // Wait until the first call's token request has arrived, then start a second call that
    // waits for that fetch, and cancel the first.
    tokio::time::timeout(BOUND, async {
        while split(&server).await.0.is_empty() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("the first token request arrives");
    let waiting = tokio::spawn({
        let client = client.clone();
        async move { list(&client).await }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    first.abort();
    assert!(first.await.unwrap_err().is_cancelled());

    waiting
        .await
        .expect("the task ran")
        .expect("the waiting call fetches a token of its own");
    list(&client).await.expect("and later calls use it");

    let (tokens, api) = split(&server).await;
    assert_eq!(tokens.len(), 2);
    assert_eq!(api.len(), 2);
    assert!(api
        .iter()
        .all(|request| header(request, "authorization") == Some("Bearer good-token")));
}

// ---------------------------------------------------------------------------------------------
// A token endpoint that drops the connection
// ---------------------------------------------------------------------------------------------

/// How a flaky server fails a request.
#[derive(Clone, Copy)]
enum Failure {
    /// Closes the connection without answering.
    Drop,
    /// Answers 200 with a `Content-Length` of 1,000, sends 10 bytes of body and closes.
    Truncate,
}

/// A loopback server that fails the first `token_failures` token requests and the first
/// `api_failures` API requests as `failure` says, then answers token requests with a token and
/// API requests with `[]`, one request per connection. Returns its base URL and how many token
/// and API requests arrived.
async fn flaky_server(
    token_failures: usize,
    api_failures: usize,
    failure: Failure,
) -> (String, Arc<AtomicUsize>, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let token_requests = Arc::new(AtomicUsize::new(0));
    let api_requests = Arc::new(AtomicUsize::new(0));
    let (tokens, apis) = (Arc::clone(&token_requests), Arc::clone(&api_requests));
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let (tokens, apis) = (Arc::clone(&tokens), Arc::clone(&apis));
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buffer = [0; 4096];
                while !head.windows(4).any(|window| window == b"\r\n\r\n") {
                    match stream.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(read) => head.extend_from_slice(&buffer[..read]),
                    }
                }
                let text = String::from_utf8_lossy(&head);
                let (seen, failures, body) = if text.starts_with(&format!("POST {TOKEN_PATH} ")) {
                    let body = token_body("good-token", 3600).to_string();
                    (tokens.fetch_add(1, Ordering::SeqCst), token_failures, body)
                } else {
                    (
                        apis.fetch_add(1, Ordering::SeqCst),
                        api_failures,
                        "[]".to_owned(),
                    )
                };
                if seen < failures {
                    if let Failure::Truncate = failure {
                        let _ = stream
                            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"access_t")
                            .await;
                    }
                    return; // the connection closes
                }
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(response.as_bytes()).await;
            });
        }
    });
    (base_url, token_requests, api_requests)
}

async fn dropping_server(drops: usize) -> (String, Arc<AtomicUsize>) {
    let (base_url, tokens, _) = flaky_server(drops, 0, Failure::Drop).await;
    (base_url, tokens)
}

#[tokio::test]
async fn a_token_response_cut_off_mid_body_once_is_retried_and_the_call_succeeds() {
    let (base_url, tokens, apis) = flaky_server(1, 0, Failure::Truncate).await;
    let client = client(&base_url, fast_retries());

    list(&client).await.expect("the token request is retried");

    assert_eq!(tokens.load(Ordering::SeqCst), 2);
    assert_eq!(apis.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_api_response_cut_off_mid_body_once_is_retried_for_get() {
    let (base_url, tokens, apis) = flaky_server(0, 1, Failure::Truncate).await;
    let client = client(&base_url, fast_retries());

    list(&client).await.expect("the GET is retried");

    assert_eq!(tokens.load(Ordering::SeqCst), 1);
    assert_eq!(apis.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_token_endpoint_that_drops_the_connection_once_is_retried_and_the_call_succeeds() {
    let (base_url, token_requests) = dropping_server(1).await;
    let client = client(&base_url, fast_retries().max_attempts(4));

    list(&client).await.expect("the token request is retried");

    assert_eq!(token_requests.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_token_endpoint_that_always_drops_is_an_auth_transport_error_after_every_attempt() {
    let (base_url, token_requests) = dropping_server(usize::MAX).await;
    let client = client(&base_url, fast_retries().max_attempts(3));

    let error = list(&client).await.expect_err("never answered");

    assert!(
        matches!(&error, Error::Auth(AuthError::Transport { .. })),
        "{error:?}"
    );
    assert!(!format!("{error} {error:?}").contains(SECRET));
    assert_eq!(token_requests.load(Ordering::SeqCst), 3);
}
