//! `Waiter`: polling a GET until a condition holds, as users wait for a task's
//! `completionStatus`; the pauses growing between polls; the budget ending the wait (a poll in
//! flight included) with the last answer; an error ending it with that error; and dropping the
//! wait stopping the polling.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{error_dto_body, in_turn, received, start, task_status_complete, task_status_pending};
use sailpoint_client::reqwest::Method;
use sailpoint_client::task_management::{GetTaskStatusV1Error, TaskStatusCompletionStatus};
use sailpoint_client::{Error, WaitError, Waiter};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, Request, ResponseTemplate};

const TASK: &str = "/task-status/v1/task-1";

/// What the wait may take beyond its budget on a loaded machine: ending is checked, not speed.
const SLACK: Duration = Duration::from_secs(5);

#[tokio::test]
async fn waiting_for_a_task_ends_with_the_answer_whose_completion_status_is_set() {
    let (server, client) = start().await;
    Mock::given(method("GET"))
        .and(path(TASK))
        .respond_with(in_turn(vec![
            ResponseTemplate::new(200).set_body_json(task_status_pending()),
            ResponseTemplate::new(200).set_body_json(task_status_pending()),
            ResponseTemplate::new(200).set_body_json(task_status_complete()),
        ]))
        .mount(&server)
        .await;

    let task = Waiter::new(|| client.task_management().get_task_status_v1("task-1"))
        .interval(Duration::from_millis(1))
        .until(|task| task.completion_status.is_some())
        .await
        .unwrap();

    assert_eq!(
        task.completion_status,
        Some(TaskStatusCompletionStatus::Success)
    );
    assert_eq!(
        received(&server).await.len(),
        3,
        "polled until the third answer"
    );
}

#[tokio::test]
async fn the_pauses_between_polls_double_up_to_the_maximum() {
    let (server, client) = start().await;
    let arrivals: Arc<Mutex<Vec<Instant>>> = Arc::default();
    let seen = Arc::clone(&arrivals);
    Mock::given(method("GET"))
        .and(path(TASK))
        .respond_with(move |_: &Request| {
            let mut seen = seen.lock().unwrap();
            seen.push(Instant::now());
            let body = if seen.len() < 5 {
                task_status_pending()
            } else {
                task_status_complete()
            };
            ResponseTemplate::new(200).set_body_json(body)
        })
        .mount(&server)
        .await;

    Waiter::new(|| client.task_management().get_task_status_v1("task-1"))
        .interval(Duration::from_millis(40))
        .max_interval(Duration::from_millis(80))
        .until(|task| task.completion_status.is_some())
        .await
        .unwrap();

    let arrivals = arrivals.lock().unwrap().clone();
    assert_eq!(arrivals.len(), 5);
    let gaps: Vec<Duration> = arrivals.windows(2).map(|pair| pair[1] - pair[0]).collect();
    // Each pause is between half and all of 40, 80, 80, 80 ms: at least half of it is waited.
    for (gap, least) in gaps.iter().zip([20, 40, 40, 40]) {
        assert!(*gap >= Duration::from_millis(least), "{gaps:?}");
    }
}

#[tokio::test]
async fn the_budget_ends_the_wait_with_the_last_answer() {
    let (server, client) = start().await;
    Mock::given(method("GET"))
        .and(path(TASK))
        .respond_with(ResponseTemplate::new(200).set_body_json(task_status_pending()))
        .mount(&server)
        .await;

    let started = Instant::now();
    let outcome = Waiter::new(|| client.task_management().get_task_status_v1("task-1"))
        .interval(Duration::from_millis(10))
        .budget(Duration::from_millis(200))
        .until(|task| task.completion_status.is_some())
        .await;

    assert!(started.elapsed() < Duration::from_millis(200) + SLACK);
    let error = outcome.unwrap_err();
    let WaitError::TimedOut {
        last,
        polls,
        budget,
    } = &error
    else {
        panic!("expected the budget to run out, got {error:?}");
    };
    assert_eq!(*budget, Duration::from_millis(200));
    assert_eq!(
        usize::try_from(*polls).unwrap(),
        received(&server).await.len(),
        "every poll sent is counted"
    );
    let last = last.as_ref().expect("a poll was answered");
    assert_eq!(last.id, "id12345");
    assert_eq!(last.completion_status, None);
    assert_eq!(error.last().map(|task| task.id.as_str()), Some("id12345"));
    assert!(
        error
            .to_string()
            .starts_with("the condition did not hold within the wait's budget of 200ms ("),
        "{error}"
    );
}

#[tokio::test]
async fn a_poll_in_flight_when_the_budget_runs_out_is_abandoned() {
    let (server, client) = start().await;
    Mock::given(method("GET"))
        .and(path(TASK))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(task_status_pending())
                .set_delay(Duration::from_secs(30)),
        )
        .mount(&server)
        .await;

    let started = Instant::now();
    let error = Waiter::new(|| client.task_management().get_task_status_v1("task-1"))
        .budget(Duration::from_millis(100))
        .until(|task| task.completion_status.is_some())
        .await
        .unwrap_err();

    assert!(started.elapsed() < Duration::from_millis(100) + SLACK);
    assert!(
        matches!(
            error,
            WaitError::TimedOut {
                last: None,
                polls: 1,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "the condition did not hold within the wait's budget of 100ms (1 poll; no poll was answered)"
    );
}

#[tokio::test]
async fn an_error_ends_the_wait_with_that_error() {
    let (server, client) = start().await;
    Mock::given(method("GET"))
        .and(path(TASK))
        .respond_with(in_turn(vec![
            ResponseTemplate::new(200).set_body_json(task_status_pending()),
            ResponseTemplate::new(404).set_body_json(error_dto_body(404)),
            ResponseTemplate::new(200).set_body_json(task_status_complete()),
        ]))
        .mount(&server)
        .await;

    let error = Waiter::new(|| client.task_management().get_task_status_v1("task-1"))
        .interval(Duration::from_millis(1))
        .until(|task| task.completion_status.is_some())
        .await
        .unwrap_err();

    match &error {
        WaitError::Failed {
            error: Error::Api(GetTaskStatusV1Error::NotFound(response)),
            polls: 2,
            ..
        } => assert_eq!(response.status(), 404),
        other => panic!("expected the 404 of the second poll, got {other:?}"),
    }
    assert!(error.error().is_some());
    assert!(
        error.to_string().starts_with("poll 2 failed after "),
        "{error}"
    );
    assert_eq!(
        received(&server).await.len(),
        2,
        "nothing is sent after the error"
    );
}

/// A wait can be spawned on a multi-threaded runtime.
fn assert_send<T: Send>(_: &T) {}

#[tokio::test]
async fn dropping_the_wait_stops_the_polling() {
    let (server, client) = start().await;
    Mock::given(method("GET"))
        .and(path(TASK))
        .respond_with(ResponseTemplate::new(200).set_body_json(task_status_pending()))
        .mount(&server)
        .await;

    let waiting = Waiter::new(|| client.task_management().get_task_status_v1("task-1"))
        .interval(Duration::from_millis(5))
        .max_interval(Duration::from_millis(5))
        .until(|task| task.completion_status.is_some());
    assert_send(&waiting);
    let cancelled = tokio::time::timeout(Duration::from_millis(100), waiting).await;
    assert!(cancelled.is_err(), "still waiting when dropped");
    let polled = received(&server).await.len();
    assert!(polled >= 1);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        received(&server).await.len(),
        polled,
        "no poll after the drop"
    );
}

#[tokio::test]
async fn any_request_that_answers_with_a_response_can_be_waited_on() {
    let (server, client) = start().await;
    Mock::given(method("GET"))
        .and(path("/beta/imports/7"))
        .respond_with(in_turn(vec![
            ResponseTemplate::new(200).set_body_json(json!({ "status": "IN_PROGRESS" })),
            ResponseTemplate::new(200).set_body_json(json!({ "status": "COMPLETE" })),
        ]))
        .mount(&server)
        .await;

    let done = Waiter::new(|| {
        client
            .request(Method::GET, "/beta/imports/7")
            .send_json::<Value>()
    })
    .interval(Duration::from_millis(1))
    .until(|import| import["status"] == "COMPLETE")
    .await
    .unwrap();
    assert_eq!(done.body(), &json!({ "status": "COMPLETE" }));
}
