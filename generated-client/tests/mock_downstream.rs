//! A downstream crate's tests, written as its authors would write them: their own functions
//! over `sailpoint-client`, tested against the typed test doubles of the `mock` feature, with no
//! HTTP mocking library and no JSON written by hand. Success, a typed 404, a 429 the client
//! retries, and a request nothing expected.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails by panicking"
)]

use sailpoint_client::chrono::TimeDelta;
use sailpoint_client::mock::{Drift, MockServer, TestDouble, UNMATCHED_STATUS};
use sailpoint_client::v2024::{
    GetTaskStatusError, GetTaskStatusListError, TaskStatus, TaskStatusCompletionStatus,
    TaskStatusRequired, TaskStatusType, TooManyRequestsResponse,
};
use sailpoint_client::{
    reqwest, AuthError, AuthorizationValue, CallError, Client, CredentialFuture, CredentialSource,
    Error, ErrorBody, Hook, HookContext,
};
use std::sync::{Arc, Mutex};

// -------------------------------------------------------------------------------------------
// The downstream crate's code.
// -------------------------------------------------------------------------------------------

/// The filter that selects the tasks that ended in error.
const FAILED: &str = r#"completionStatus eq "ERROR""#;

/// The unique names of the tasks that failed, newest first.
async fn failed_task_names(client: &Client) -> Result<Vec<String>, Error<GetTaskStatusListError>> {
    let tasks = client
        .v2024()
        .get_task_status_list()
        .filters(FAILED)
        .sorters("-created")
        .await?;
    Ok(tasks.iter().map(|task| task.unique_name.clone()).collect())
}

/// How a task ended, `None` while it runs; `Ok(None)` as well when the tenant does not know it.
async fn task_outcome(
    client: &Client,
    id: &str,
) -> Result<Option<TaskStatusCompletionStatus>, Error<GetTaskStatusError>> {
    match client.v2024().get_task_status(id).await {
        Ok(task) => Ok(task.into_body().completion_status),
        Err(Error::Api(GetTaskStatusError::NotFound(_))) => Ok(None),
        Err(other) => Err(other),
    }
}

// -------------------------------------------------------------------------------------------
// Its tests.
// -------------------------------------------------------------------------------------------

/// A task that ended in error, a minute ago.
fn failed_task(id: &str, unique_name: &str) -> TaskStatus {
    // `TaskStatus` has ten required fields: its constructor takes them by name, so a field the
    // spec makes optional later is named by the compiler, not shifted into another's place.
    let now = sailpoint_client::chrono::Utc::now();
    TaskStatus::new(TaskStatusRequired {
        id: id.into(),
        type_: TaskStatusType::Quartz,
        unique_name: unique_name.into(),
        description: "Nightly aggregation".into(),
        launcher: "scheduler".into(),
        created: now - TimeDelta::minutes(6),
        messages: Vec::new(),
        returns: Vec::new(),
        attributes: Default::default(),
        percent_complete: 100,
    })
    .with_completed(now - TimeDelta::minutes(1))
    .with_completion_status(TaskStatusCompletionStatus::Error)
}

#[tokio::test]
async fn lists_the_names_of_failed_tasks() {
    let server = MockServer::start().await;
    let listed = server
        .v2024()
        .get_task_status_list()
        .filters(FAILED)
        .sorters("-created")
        .expect(1)
        .respond(vec![
            failed_task("t2", "Aggregate HR"),
            failed_task("t1", "Aggregate AD"),
        ]);

    let names = failed_task_names(&server.client()).await.unwrap();

    assert_eq!(names, ["Aggregate HR", "Aggregate AD"]);
    assert_eq!(listed.calls(), 1);
}

#[tokio::test]
async fn a_task_the_tenant_does_not_know_has_no_outcome() {
    let server = MockServer::start().await;
    server
        .v2024()
        .get_task_status()
        .id("gone")
        .expect(1)
        .respond_not_found();
    server
        .v2024()
        .get_task_status()
        .id("t1")
        .expect(1)
        .respond(failed_task("t1", "Aggregate AD"));
    let client = server.client();

    assert_eq!(task_outcome(&client, "gone").await.unwrap(), None);
    assert_eq!(
        task_outcome(&client, "t1").await.unwrap(),
        Some(TaskStatusCompletionStatus::Error)
    );
}

#[tokio::test]
async fn the_typed_404_reaches_code_that_does_not_handle_it() {
    let server = MockServer::start().await;
    server.v2024().get_task_status().respond_not_found();

    let error = server
        .client()
        .v2024()
        .get_task_status("gone")
        .await
        .unwrap_err();

    assert!(
        matches!(&error, Error::Api(GetTaskStatusError::NotFound(response)) if response.status() == 404),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_rate_limited_listing_is_retried_and_succeeds() {
    let server = MockServer::start().await;
    // The first request is rate limited; the client retries, and the next one is answered.
    let limited = server
        .v2024()
        .get_task_status_list()
        .expect(1)
        .response_header("Retry-After", "0")
        .respond_too_many_requests(
            TooManyRequestsResponse::new().with_message(" Rate Limit Exceeded ".into()),
        );
    let answered = server
        .v2024()
        .get_task_status_list()
        .filters(FAILED)
        .expect(1)
        .respond(vec![failed_task("t1", "Aggregate AD")]);

    let names = failed_task_names(&server.client()).await.unwrap();

    assert_eq!(names, ["Aggregate AD"]);
    assert_eq!((limited.calls(), answered.calls()), (1, 1));
}

#[tokio::test]
async fn a_request_no_expectation_matches_fails_and_says_what_arrived() {
    let server = MockServer::start().await;
    // The double only answers another filter, so the function's request matches nothing.
    let other = server
        .v2024()
        .get_task_status_list()
        .filters(r#"completionStatus eq "SUCCESS""#)
        .respond(Vec::new());

    let error = failed_task_names(&server.client()).await.unwrap_err();

    // The error says in its own words what happened, and so does what `unwrap` would print.
    let message = error.to_string();
    assert!(
        message.starts_with(
            "no expectation of the test double matched the request (HTTP 599):\n\
             no expectation matched a request for operation `getTaskStatusList`:\n"
        ),
        "{message}"
    );
    let debug = format!("{error:?}");
    assert!(
        debug.starts_with(
            "UnexpectedStatus(RawResponse(no expectation of the test double matched the request:\n\
             no expectation matched a request for operation `getTaskStatusList`:\n    GET /v2024/task-status?"
        ),
        "{debug}"
    );
    assert_eq!(
        error.status().map(|status| status.as_u16()),
        Some(UNMATCHED_STATUS)
    );
    assert_eq!(other.calls(), 0);
    let unmatched = server.take_unmatched();
    assert_eq!(unmatched.len(), 1);
    assert_eq!(unmatched[0].operation_id(), Some("getTaskStatusList"));
    assert_eq!(
        unmatched[0].path_and_query(),
        "/v2024/task-status?filters=completionStatus+eq+%22ERROR%22&sorters=-created"
    );
    let report = unmatched[0].to_string();
    assert!(
        report.starts_with(
            "no expectation matched a request for operation `getTaskStatusList`:\n    \
             GET /v2024/task-status?filters=completionStatus+eq+%22ERROR%22&sorters=-created\n"
        ),
        "{report}"
    );
    assert!(
        report.contains(
            "the expectations for this operation did not answer it:\n    - #1 `getTaskStatusList` \
             (declared at generated-client/tests/mock_downstream.rs:"
        ),
        "{report}"
    );
    assert!(
        report.ends_with(
            ") where query `filters` = [\"completionStatus eq \\\"SUCCESS\\\"\"], answering HTTP 200: \
             query `filters` was [\"completionStatus eq \\\"ERROR\\\"\"]"
        ),
        "{report}"
    );
}

#[tokio::test]
#[should_panic(expected = "no expectation matched a request for operation `getTaskStatusList`")]
async fn an_unmatched_request_fails_the_test_when_the_server_is_dropped() {
    let server = MockServer::start().await;
    let _ = failed_task_names(&server.client()).await;
}

#[tokio::test]
#[should_panic(
    expected = "where path `id` = \"t1\", answering HTTP 404 was expected to be called once but was called 0 times"
)]
async fn an_expected_call_that_never_came_fails_the_test() {
    let server = MockServer::start().await;
    server
        .v2024()
        .get_task_status()
        .id("t1")
        .expect(1)
        .respond_not_found();
}

#[tokio::test]
async fn code_that_reads_failed_tasks_copes_with_a_server_that_breaks_the_spec() {
    let server = MockServer::start().await;
    // The second task arrives with a null unique name and a status in lower case, as real
    // servers sometimes send them; the double writes it from the typed value.
    server
        .v2024()
        .get_task_status_list()
        .drift(
            Drift::new()
                .null("/1/uniqueName")
                .lower_case("/1/completionStatus"),
        )
        .respond(vec![
            failed_task("t2", "Aggregate HR"),
            failed_task("t1", "Aggregate AD"),
        ]);

    let tasks = server
        .client()
        .v2024()
        .get_task_status_list()
        .await
        .unwrap();

    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[1].unique_name, "");
    assert!(tasks[1].stand_ins().contains("unique_name"));
    assert_eq!(
        tasks[1].completion_status,
        Some(TaskStatusCompletionStatus::Error)
    );
    let pointers: Vec<&str> = tasks.deviations().iter().map(|d| d.pointer()).collect();
    assert_eq!(pointers, ["/1/uniqueName", "/1/completionStatus"]);
}

#[tokio::test]
#[should_panic(
    expected = "the drift of `getTaskStatus`'s response cannot be applied: the body has nothing at \"/nothing\", so \"/nothing/here\" cannot be edited"
)]
async fn a_drift_that_names_no_place_in_the_body_fails_the_test() {
    let server = MockServer::start().await;
    let _ = server
        .v2024()
        .get_task_status()
        .drift(Drift::new().null("/nothing/here"))
        .respond(failed_task("t1", "Aggregate AD"));
}

#[tokio::test]
async fn a_doubles_report_names_where_the_test_declared_the_expectation() {
    let server = MockServer::start().await;
    let line = line!() + 1;
    let expected = server.v2024().get_task_status();
    let _handle = expected.id("t1").expect(1).respond_not_found();

    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| server.verify()))
        .expect_err("the expected call never came");
    let message = panic.downcast_ref::<String>().expect("a formatted message");
    assert!(
        message.starts_with(&format!(
            "expectation #1 `getTaskStatus` (declared at {}:{line}) where path `id` = \"t1\"",
            file!()
        )),
        "{message}"
    );
    // Meet the expectation, so that dropping the server passes.
    let _ = task_outcome(&server.client(), "t1").await;
}

// -------------------------------------------------------------------------------------------
// One error type for the downstream crate, whatever the operation.
// -------------------------------------------------------------------------------------------

/// The downstream crate's own error: any call's failure converts into it with `?`.
#[derive(Debug)]
enum AuditError {
    Tenant(CallError),
}

impl From<CallError> for AuditError {
    fn from(error: CallError) -> Self {
        AuditError::Tenant(error)
    }
}

/// Two different operations, each with its own `Error<E>`, one `?` each.
async fn audit(client: &Client) -> Result<usize, AuditError> {
    let tasks = client
        .v2024()
        .get_task_status_list()
        .await
        .map_err(CallError::from)?;
    let task = client
        .v2024()
        .get_task_status("t1")
        .await
        .map_err(CallError::from)?;
    Ok(tasks.len() + usize::from(task.completion_status.is_some()))
}

#[tokio::test]
async fn any_operations_error_converts_into_one_type_keeping_status_headers_and_body() {
    let server = MockServer::start().await;
    server
        .v2024()
        .get_task_status_list()
        .respond(vec![failed_task("t1", "Aggregate AD")]);
    server
        .v2024()
        .get_task_status()
        .response_header("x-request-id", "r-1")
        .respond_too_many_requests(
            TooManyRequestsResponse::new().with_message(serde_json::json!("slow down")),
        );

    let client = server
        .client_builder()
        .retry_policy(sailpoint_client::RetryPolicy::never())
        .build()
        .unwrap();
    let AuditError::Tenant(error) = audit(&client).await.unwrap_err();

    assert_eq!(error.status().map(|status| status.as_u16()), Some(429));
    assert_eq!(
        error
            .headers()
            .and_then(|headers| headers.get("x-request-id"))
            .map(|value| value.to_str().unwrap()),
        Some("r-1")
    );
    assert_eq!(
        error.json(),
        Some(&serde_json::json!({ "message": "slow down" }))
    );
    assert!(error.to_string().contains("429"), "{error}");
    let original = error
        .original()
        .downcast_ref::<Error<GetTaskStatusError>>()
        .expect("the operation's own error");
    assert!(matches!(
        original,
        Error::Api(GetTaskStatusError::TooManyRequests(_))
    ));
}

#[tokio::test]
async fn a_body_the_client_could_not_type_is_kept_as_text() {
    let server = MockServer::start().await;
    server
        .v2024()
        .get_task_status_list()
        .respond_raw(sailpoint_client::mock::MockResponse::new(502).body("Bad Gateway"));

    let client = server
        .client_builder()
        .retry_policy(sailpoint_client::RetryPolicy::never())
        .build()
        .unwrap();
    let AuditError::Tenant(error) = audit(&client).await.unwrap_err();

    assert_eq!(error.status().map(|status| status.as_u16()), Some(502));
    assert_eq!(
        error.body(),
        Some(&ErrorBody::Text("Bad Gateway".to_owned()))
    );
}

// -------------------------------------------------------------------------------------------
// The downstream crate's middleware, shared with its tests, and proved on the wire.
// -------------------------------------------------------------------------------------------

/// The downstream crate's audit hook: tags every request, and remembers which operations it saw.
#[derive(Default)]
struct Audit {
    operations: Mutex<Vec<&'static str>>,
}

impl Hook for Audit {
    fn on_request(&self, request: &mut reqwest::Request, context: &HookContext) {
        request.headers_mut().insert(
            "x-audit",
            reqwest::header::HeaderValue::from_static("trial"),
        );
        if let Some(operation) = context.operation_id() {
            self.operations.lock().unwrap().push(operation);
        }
    }
}

/// The downstream crate's credentials: a token some other part of it keeps fresh.
struct VaultToken;

impl CredentialSource for VaultToken {
    fn authorization(&self) -> CredentialFuture<'_, Result<AuthorizationValue, AuthError>> {
        Box::pin(async { AuthorizationValue::bearer("from-the-vault") })
    }
}

#[tokio::test]
async fn a_shared_hook_and_credential_source_are_seen_on_the_wire() {
    let server = MockServer::start().await;
    let audit = Arc::new(Audit::default());
    let client = server
        .client_builder()
        .hook(Arc::clone(&audit))
        .credential_source(Arc::new(VaultToken))
        .build()
        .unwrap();
    // The doubles match any request header: the hook's and `Authorization` prove both arrived.
    server
        .v2024()
        .get_task_status()
        .id("t1")
        .request_header("Authorization", "Bearer from-the-vault")
        .request_header("X-Audit", "trial")
        .expect(1)
        .respond(failed_task("t1", "Aggregate AD"));
    assert_eq!(
        task_outcome(&client, "t1").await.unwrap(),
        Some(TaskStatusCompletionStatus::Error)
    );
    assert_eq!(*audit.operations.lock().unwrap(), ["getTaskStatus"]);
}

#[tokio::test]
async fn a_request_header_that_differs_is_named_in_the_report() {
    let server = MockServer::start().await;
    server
        .v2024()
        .get_task_status()
        .request_header("x-audit", "trial")
        .respond_not_found();
    let error = task_outcome(&server.client(), "t1").await.unwrap_err();
    assert_eq!(
        error.status().map(|status| status.as_u16()),
        Some(UNMATCHED_STATUS)
    );
    let unmatched = server.take_unmatched();
    let report = unmatched[0].to_string();
    assert!(
        report.ends_with(
            " where header `x-audit` = \"trial\", answering HTTP 404: header `x-audit` was []"
        ),
        "{report}"
    );
}
