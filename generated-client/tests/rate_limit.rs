//! The client-side rate limit: a busy client stays under a limit the server enforces with 429s,
//! the default is SailPoint's 100 requests per 10 seconds, a wait that does not fit in the
//! call's budget is refused before anything is sent, and a retry the limit leaves no time for
//! returns the answer the call had.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]

mod common;

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{fast_retries, received, start_server, TOKEN};
use sailpoint_client::{Client, Error, RateLimit, RetryPolicy, DEFAULT_RATE_LIMIT, PROFILE};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Answers 200 to at most `requests` requests in any `window`, and 429 to the rest, as
/// SailPoint does; counts the 429s.
#[derive(Clone)]
struct Enforcing {
    requests: usize,
    window: Duration,
    accepted: Arc<Mutex<VecDeque<Instant>>>,
    refused: Arc<AtomicUsize>,
}

impl Enforcing {
    fn new(requests: usize, window: Duration) -> Self {
        Enforcing {
            requests,
            window,
            accepted: Arc::default(),
            refused: Arc::default(),
        }
    }
}

impl Respond for Enforcing {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let now = Instant::now();
        let mut accepted = self.accepted.lock().unwrap();
        while accepted
            .front()
            .is_some_and(|at| now.duration_since(*at) >= self.window)
        {
            accepted.pop_front();
        }
        if accepted.len() >= self.requests {
            self.refused.fetch_add(1, Ordering::SeqCst);
            return ResponseTemplate::new(429).insert_header("retry-after", "1");
        }
        accepted.push_back(now);
        ResponseTemplate::new(200).set_body_json(json!([]))
    }
}

async fn serve(server: &MockServer, responder: impl Respond + 'static) {
    Mock::given(any())
        .respond_with(responder)
        .mount(server)
        .await;
}

fn client(server: &MockServer, rate_limit: RateLimit, policy: RetryPolicy) -> Client {
    Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .rate_limit(rate_limit)
        .retry_policy(policy)
        .build()
        .unwrap()
}

/// Runs `calls` concurrent calls and returns how many succeeded.
async fn burst(client: &Client, calls: usize) -> usize {
    let calls = (0..calls).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.v2024().get_task_status_list().send().await })
    });
    let results = tokio::time::timeout(Duration::from_secs(30), futures::future::join_all(calls))
        .await
        .expect("the burst ends in time");
    results
        .into_iter()
        .filter(|joined| matches!(joined, Ok(Ok(_))))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paced_client_gets_no_429_from_a_server_enforcing_the_limit() {
    let server = start_server().await;
    // The server's window is shorter than the client's, so arrival jitter cannot push two
    // requests the client spaced a window apart into one of the server's windows.
    let enforcing = Enforcing::new(5, Duration::from_millis(300));
    serve(&server, enforcing.clone()).await;
    let client = client(
        &server,
        RateLimit::new(5, Duration::from_millis(400)),
        RetryPolicy::never(),
    );

    let succeeded = burst(&client, 15).await;

    assert_eq!(succeeded, 15);
    assert_eq!(enforcing.refused.load(Ordering::SeqCst), 0);
    assert_eq!(received(&server).await.len(), 15, "each call sent once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_limit_the_same_burst_collects_429s() {
    let server = start_server().await;
    let enforcing = Enforcing::new(5, Duration::from_secs(60));
    serve(&server, enforcing.clone()).await;
    let client = client(&server, RateLimit::off(), RetryPolicy::never());

    let succeeded = burst(&client, 15).await;

    assert_eq!(succeeded, 5);
    assert_eq!(enforcing.refused.load(Ordering::SeqCst), 10);
}

#[tokio::test]
async fn the_default_limit_is_sailpoints_100_requests_per_10_seconds() {
    let server = start_server().await;
    serve(&server, ResponseTemplate::new(200).set_body_json(json!([]))).await;
    // No `rate_limit` call: the default. A budget of 2 s leaves the 101st call no time to wait
    // for the first to be 10 s old.
    let client = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .retry_policy(RetryPolicy::never().total_budget(Duration::from_secs(2)))
        .build()
        .unwrap();
    assert_eq!(
        (DEFAULT_RATE_LIMIT.requests(), DEFAULT_RATE_LIMIT.window()),
        (100, Duration::from_secs(10)),
        "SailPoint's documented limit, from the crate's profile"
    );
    assert_eq!(PROFILE.rate_limit, DEFAULT_RATE_LIMIT);

    for _ in 0..100 {
        client.v2024().get_task_status_list().send().await.unwrap();
    }
    let error = client
        .v2024()
        .get_task_status_list()
        .send()
        .await
        .expect_err("the 101st request would wait past the budget");

    let Error::RateLimited {
        wait,
        budget,
        limit,
    } = &error
    else {
        panic!("expected Error::RateLimited, got {error:?}");
    };
    assert_eq!(*limit, DEFAULT_RATE_LIMIT);
    assert_eq!(*budget, Duration::from_secs(2));
    assert!(*wait > *budget, "{wait:?}");
    let message = error.to_string();
    assert!(
        message.contains("rate limit of 100 requests per 10s"),
        "{message}"
    );
    assert!(message.contains("nothing was sent"), "{message}");
    assert_eq!(received(&server).await.len(), 100, "nothing was sent");
}

#[tokio::test]
async fn a_retry_the_limit_leaves_no_time_for_returns_the_last_answer() {
    let server = start_server().await;
    serve(&server, ResponseTemplate::new(503)).await;
    // Two requests per minute, a budget of 5 s: the third attempt cannot be sent in time.
    let client = client(
        &server,
        RateLimit::new(2, Duration::from_secs(60)),
        fast_retries().total_budget(Duration::from_secs(5)),
    );

    let error = client
        .v3()
        .get_lifecycle_states("p")
        .send()
        .await
        .expect_err("503");

    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn clones_share_the_limit_and_off_never_refuses() {
    let server = start_server().await;
    serve(&server, ResponseTemplate::new(200).set_body_json(json!([]))).await;
    let paced = client(
        &server,
        RateLimit::new(1, Duration::from_secs(60)),
        RetryPolicy::never().total_budget(Duration::from_secs(1)),
    );
    let clone = paced.clone();
    paced.v2024().get_task_status_list().send().await.unwrap();
    let error = clone
        .v2024()
        .get_task_status_list()
        .send()
        .await
        .expect_err("the clone shares the window");
    assert!(matches!(error, Error::RateLimited { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains("rate limit of 1 request per 60s"),
        "{message}"
    );

    // Off keeps no window, however many calls leave at once.
    let unpaced = client(
        &server,
        RateLimit::off(),
        RetryPolicy::never().total_budget(Duration::from_secs(60)),
    );
    for _ in 0..150 {
        unpaced.v2024().get_task_status_list().send().await.unwrap();
    }
}

#[tokio::test]
async fn a_window_too_long_for_the_clock_lets_the_first_requests_go_and_refuses_the_rest() {
    let server = start_server().await;
    serve(&server, ResponseTemplate::new(200).set_body_json(json!([]))).await;
    let client = client(
        &server,
        RateLimit::new(1, Duration::MAX),
        RetryPolicy::never().total_budget(Duration::MAX),
    );

    client.v2024().get_task_status_list().send().await.unwrap();
    let error = client
        .v2024()
        .get_task_status_list()
        .send()
        .await
        .expect_err("the window never ends");

    assert!(
        matches!(error, Error::RateLimited { wait, .. } if wait == Duration::MAX),
        "{error:?}"
    );
    assert_eq!(received(&server).await.len(), 1);
}
