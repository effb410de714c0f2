//! The generated models and enums as another crate meets them: `#[non_exhaustive]`, so the API's
//! usual additions (an optional field, an enum value, a status) do not break this code. Request
//! bodies are built with a constructor and `with_` setters and checked on the wire; responses are
//! read field by field and matched with a `_` arm.
#![allow(clippy::unwrap_used, reason = "a test fails by panicking")]
// A `_` arm after every variant is unreachable for an exhaustive enum: were the generated
// enums not `#[non_exhaustive]`, these tests would fail to compile.
#![deny(unreachable_patterns)]

mod common;

use common::{
    assert_request, respond_empty, respond_json, start, task_status_complete, task_status_pending,
    the_request, Expected, JSON, JSON_PATCH,
};
use sailpoint_client::v2024::{
    GetPendingTasksSuccess, GetTaskStatusError, TaskStatus, TaskStatusCompletionStatus,
};
use sailpoint_client::v3::{
    JsonPatchOperation, JsonPatchOperationOp, LifecycleState, SetLifecycleStateRequest,
};
use sailpoint_client::Error;
use serde_json::json;

#[tokio::test]
async fn a_request_body_is_built_in_one_line_and_sent_with_exactly_what_was_set() {
    let (server, client) = start().await;
    respond_json(
        &server,
        201,
        &json!({ "technicalName": "sabbatical", "name": null }),
    )
    .await;

    let state = LifecycleState::new("sabbatical")
        .with_name("Sabbatical")
        .with_enabled(false);
    client
        .v3()
        .create_lifecycle_state("profile-1", state)
        .await
        .unwrap();

    assert_request(
        &the_request(&server).await,
        &Expected::v3("POST", "/v3/identity-profiles/profile-1/lifecycle-states").body(
            JSON,
            json!({ "technicalName": "sabbatical", "name": "Sabbatical", "enabled": false }),
        ),
    );
}

#[tokio::test]
async fn a_patch_is_built_from_constructors_and_an_unset_option_is_left_out() {
    let (server, client) = start().await;
    respond_json(
        &server,
        200,
        &json!({ "technicalName": "sabbatical", "name": null }),
    )
    .await;

    let patch = vec![
        JsonPatchOperation::new(JsonPatchOperationOp::Replace, "/enabled").with_value(true.into()),
        JsonPatchOperation::new(JsonPatchOperationOp::Remove, "/description"),
    ];
    client
        .v3()
        .update_lifecycle_states("profile-1", "state-1", patch)
        .await
        .unwrap();

    assert_request(
        &the_request(&server).await,
        &Expected::v3(
            "PATCH",
            "/v3/identity-profiles/profile-1/lifecycle-states/state-1",
        )
        .body(
            JSON_PATCH,
            json!([
                { "op": "replace", "path": "/enabled", "value": true },
                { "op": "remove", "path": "/description" },
            ]),
        ),
    );
}

#[test]
fn a_constructor_without_arguments_is_the_default_and_fields_stay_public() {
    assert_eq!(
        SetLifecycleStateRequest::new(),
        SetLifecycleStateRequest::default()
    );
    let mut state = LifecycleState::new("a");
    // Fields are read, assigned and destructured (with `..`) as before.
    state.description = Some("set directly".to_owned());
    let LifecycleState {
        technical_name,
        description,
        ..
    } = &state;
    assert_eq!(technical_name, "a");
    assert_eq!(description.as_deref(), Some("set directly"));
    assert_eq!(
        serde_json::to_value(&state).unwrap(),
        json!({ "technicalName": "a", "name": null, "description": "set directly" })
    );
}

/// What a caller does with each outcome of `getPendingTasks`, matching the success enum by
/// status, and the string enum inside it, from outside the crate.
fn summary(success: &GetPendingTasksSuccess) -> String {
    match success {
        GetPendingTasksSuccess::Ok(tasks) => tasks
            .iter()
            .map(|task: &TaskStatus| match &task.completion_status {
                Some(TaskStatusCompletionStatus::Success) => "done",
                Some(TaskStatusCompletionStatus::Error) => "failed",
                None => "running",
                Some(_) => "another status",
            })
            .collect::<Vec<_>>()
            .join(", "),
        GetPendingTasksSuccess::NoContent => "nothing pending".to_owned(),
        _ => "a success status this code does not know".to_owned(),
    }
}

#[tokio::test]
#[allow(deprecated)]
async fn a_success_enum_by_status_is_matched_with_a_wildcard_arm() {
    let (server, client) = start().await;
    respond_json(
        &server,
        200,
        &json!([task_status_complete(), task_status_pending()]),
    )
    .await;
    let listed = client.v2024().get_pending_tasks().await.unwrap();
    assert_eq!(summary(&listed), "done, running");

    let (server, client) = start().await;
    respond_empty(&server, 204).await;
    let empty = client.v2024().get_pending_tasks().await.unwrap();
    assert_eq!(summary(&empty), "nothing pending");
}

#[tokio::test]
async fn an_error_enum_is_matched_with_a_wildcard_arm() {
    let (server, client) = start().await;
    respond_json(&server, 404, &common::error_dto_body(404)).await;

    let outcome = match client.v2024().get_task_status("gone").await {
        Ok(_) => "found",
        Err(Error::Api(GetTaskStatusError::NotFound(_))) => "no such task",
        Err(Error::Api(_)) => "another documented error",
        Err(_) => "failed",
    };
    assert_eq!(outcome, "no such task");
}
