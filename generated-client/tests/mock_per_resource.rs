//! A downstream crate's tests against the typed test doubles of the per-resource modules
//! (`task_management`, `lifecycle_states`), as its authors would write them: their own
//! functions over `sailpoint-client`, no HTTP mocking library and no JSON written by hand.
//! Conditions on path, query and body; a typed 404 with its body; a 429 the client retries; a
//! request nothing expected; and a server that breaks the spec.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails by panicking"
)]

use futures::TryStreamExt;
use sailpoint_client::lifecycle_states::{
    AccessActionConfiguration, ErrorResponseDto, GetLifecycleStateV1Error, LifecycleState,
    SetLifecycleState200Response, SetLifecycleStateRequest, SetLifecycleStateV1Error,
    TooManyRequestsResponse,
};
use sailpoint_client::mock::{Drift, MockServer, TestDouble, UNMATCHED_STATUS};
use sailpoint_client::task_management::{
    GetTaskStatusListV1Error, JsonPatchOperation, JsonPatchOperationOp, TaskStatus,
    TaskStatusCompletionStatus, TaskStatusRequired, TaskStatusType, UpdateTaskStatusV1Error,
};
use sailpoint_client::{Client, Error};

// -------------------------------------------------------------------------------------------
// The downstream crate's code.
// -------------------------------------------------------------------------------------------

/// The filter that selects the tasks still running.
const RUNNING: &str = "completionStatus isnull";

/// The ids of every task still running, across all pages.
async fn running_task_ids(client: &Client) -> Result<Vec<String>, Error<GetTaskStatusListV1Error>> {
    client
        .task_management()
        .get_task_status_list_v1()
        .filters(RUNNING)
        .stream()
        .map_ok(|task| task.id)
        .try_collect()
        .await
}

/// The JSON Patch that marks a stuck task as failed, at `completed`.
fn clear_patch(completed: &str) -> Vec<JsonPatchOperation> {
    vec![
        JsonPatchOperation::new(JsonPatchOperationOp::Replace, "/completionStatus")
            .with_value(TaskStatusCompletionStatus::Error.as_str().into()),
        JsonPatchOperation::new(JsonPatchOperationOp::Replace, "/completed")
            .with_value(completed.into()),
    ]
}

/// Marks a stuck task as failed and returns how it ended.
async fn clear_stuck_task(
    client: &Client,
    id: &str,
    completed: &str,
) -> Result<Option<TaskStatusCompletionStatus>, Error<UpdateTaskStatusV1Error>> {
    let task = client
        .task_management()
        .update_task_status_v1(id, clear_patch(completed))
        .await?;
    Ok(task.into_body().completion_status)
}

/// Whether a profile's state removes all access, `None` when the tenant does not know it.
async fn removes_all_access(
    client: &Client,
    profile: &str,
    state: &str,
) -> Result<Option<bool>, Error<GetLifecycleStateV1Error>> {
    match client
        .lifecycle_states()
        .get_lifecycle_state_v1(profile, state)
        .await
    {
        Ok(state) => Ok(Some(
            state
                .into_body()
                .access_action_configuration
                .and_then(|configuration| configuration.remove_all_access_enabled)
                .unwrap_or(false),
        )),
        Err(Error::Api(GetLifecycleStateV1Error::NotFound(_))) => Ok(None),
        Err(other) => Err(other),
    }
}

/// Moves an identity into a state; the account activity that follows the change.
async fn move_identity(
    client: &Client,
    identity: &str,
    state: &str,
) -> Result<Option<String>, Error<SetLifecycleStateV1Error>> {
    let accepted = client
        .lifecycle_states()
        .set_lifecycle_state_v1(
            identity,
            SetLifecycleStateRequest::new().with_lifecycle_state_id(state),
        )
        .await?;
    Ok(accepted.into_body().account_activity_id)
}

// -------------------------------------------------------------------------------------------
// Its tests.
// -------------------------------------------------------------------------------------------

/// A task still running.
fn running_task(id: &str) -> TaskStatus {
    TaskStatus::new(TaskStatusRequired {
        id: id.into(),
        type_: TaskStatusType::QueuedTask,
        unique_name: "Cloud Account Aggregation".into(),
        description: "Aggregates the accounts of a source".into(),
        launcher: "scheduler".into(),
        created: sailpoint_client::chrono::Utc::now(),
        messages: Vec::new(),
        returns: Vec::new(),
        attributes: Default::default(),
        percent_complete: 40,
    })
}

#[tokio::test]
async fn lists_the_running_tasks_through_every_page() {
    let server = MockServer::start().await;
    let first = server
        .task_management()
        .get_task_status_list_v1()
        .filters(RUNNING)
        .offset(0)
        .expect(1)
        .respond((0..250).map(|n| running_task(&format!("t{n}"))).collect());
    let second = server
        .task_management()
        .get_task_status_list_v1()
        .filters(RUNNING)
        .offset(250)
        .expect(1)
        .respond(vec![running_task("last")]);

    let ids = running_task_ids(&server.client()).await.unwrap();

    assert_eq!(ids.len(), 251);
    assert_eq!((ids[0].as_str(), ids[250].as_str()), ("t0", "last"));
    assert_eq!((first.calls(), second.calls()), (1, 1));
}

#[tokio::test]
async fn clears_a_stuck_task_with_the_patch_it_expects() {
    let server = MockServer::start().await;
    let patched = server
        .task_management()
        .update_task_status_v1()
        .id("t1")
        .body(clear_patch("2024-05-17T19:33:16.470Z"))
        .expect(1)
        .respond(
            running_task("t1")
                .with_completed("2024-05-17T19:33:16.470Z".parse().unwrap())
                .with_completion_status(TaskStatusCompletionStatus::Error),
        );

    let outcome = clear_stuck_task(&server.client(), "t1", "2024-05-17T19:33:16.470Z")
        .await
        .unwrap();

    assert_eq!(outcome, Some(TaskStatusCompletionStatus::Error));
    assert_eq!(patched.calls(), 1);
}

#[tokio::test]
async fn a_state_the_tenant_does_not_know_is_none_and_others_say_what_they_remove() {
    let server = MockServer::start().await;
    server
        .lifecycle_states()
        .get_lifecycle_state_v1()
        .identity_profile_id("p1")
        .lifecycle_state_id("gone")
        .expect(1)
        .respond_not_found(ErrorResponseDto::new().with_tracking_id("b21b1f7c"));
    server
        .lifecycle_states()
        .get_lifecycle_state_v1()
        .identity_profile_id("p1")
        .lifecycle_state_id("leaver")
        .expect(1)
        .respond(
            LifecycleState::new("leaver")
                .with_name("Leaver")
                .with_access_action_configuration(
                    AccessActionConfiguration::new().with_remove_all_access_enabled(true),
                ),
        );
    let client = server.client();

    assert_eq!(
        removes_all_access(&client, "p1", "gone").await.unwrap(),
        None
    );
    assert_eq!(
        removes_all_access(&client, "p1", "leaver").await.unwrap(),
        Some(true)
    );
}

#[tokio::test]
async fn the_typed_404_of_set_lifecycle_state_carries_its_body() {
    let server = MockServer::start().await;
    server
        .lifecycle_states()
        .set_lifecycle_state_v1()
        .identity_id("nobody")
        .respond_not_found(ErrorResponseDto::new().with_detail_code("404 Not found"));

    let error = move_identity(&server.client(), "nobody", "s1")
        .await
        .unwrap_err();

    match &error {
        Error::Api(SetLifecycleStateV1Error::NotFound(response)) => {
            assert_eq!(response.status(), 404);
            assert_eq!(response.detail_code.as_deref(), Some("404 Not found"));
        }
        other => panic!("expected a typed 404, got {other:?}"),
    }
}

#[tokio::test]
async fn a_rate_limited_move_is_retried_and_succeeds() {
    let server = MockServer::start().await;
    let limited = server
        .lifecycle_states()
        .set_lifecycle_state_v1()
        .expect(1)
        .response_header("Retry-After", "0")
        .respond_too_many_requests(
            TooManyRequestsResponse::new().with_message(" Rate Limit Exceeded ".into()),
        );
    let answered = server
        .lifecycle_states()
        .set_lifecycle_state_v1()
        .identity_id("i1")
        .body(SetLifecycleStateRequest::new().with_lifecycle_state_id("s1"))
        .expect(1)
        .respond(SetLifecycleState200Response::new().with_account_activity_id("activity-1"));

    let activity = move_identity(&server.client(), "i1", "s1").await.unwrap();

    assert_eq!(activity.as_deref(), Some("activity-1"));
    assert_eq!((limited.calls(), answered.calls()), (1, 1));
}

#[tokio::test]
async fn a_request_no_expectation_matches_fails_and_names_its_versioned_path() {
    let server = MockServer::start().await;
    // The double only answers another identity, so the function's request matches nothing.
    let other = server
        .lifecycle_states()
        .set_lifecycle_state_v1()
        .identity_id("someone-else")
        .respond(SetLifecycleState200Response::new());

    let error = move_identity(&server.client(), "i1", "s1")
        .await
        .unwrap_err();

    assert_eq!(
        error.status().map(|status| status.as_u16()),
        Some(UNMATCHED_STATUS)
    );
    assert_eq!(other.calls(), 0);
    let unmatched = server.take_unmatched();
    assert_eq!(unmatched.len(), 1);
    assert_eq!(unmatched[0].operation_id(), Some("setLifecycleStateV1"));
    assert_eq!(
        unmatched[0].path_and_query(),
        "/identities/v1/i1/set-lifecycle-state"
    );
}

#[tokio::test]
async fn code_that_lists_running_tasks_copes_with_a_server_that_breaks_the_spec() {
    let server = MockServer::start().await;
    // The second task arrives with its id missing and its type in lower case; the stream keeps
    // both records and reports each deviation.
    server
        .task_management()
        .get_task_status_list_v1()
        .drift(Drift::new().remove("/1/id").lower_case("/1/type"))
        .respond(vec![running_task("t1"), running_task("t2")]);

    let page = server
        .client()
        .task_management()
        .get_task_status_list_v1()
        .await
        .unwrap();

    assert_eq!(page.len(), 2);
    assert_eq!(page[1].id, "");
    assert!(page[1].stand_ins().contains("id"));
    assert_eq!(page[1].type_, TaskStatusType::QueuedTask);
    let pointers: Vec<&str> = page.deviations().iter().map(|d| d.pointer()).collect();
    assert_eq!(pointers, ["/1/id", "/1/type"]);
}
