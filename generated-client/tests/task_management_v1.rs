//! The three Task Management operations of SailPoint's per-resource spec (module
//! `task_management`, paths under `/task-status/v1/`) against a mock server: the request on the
//! wire, the typed success response, and every documented error status. Unlike v2024, these
//! operations send no `X-SailPoint-Experimental` header.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]

mod common;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use common::{
    assert_documented_errors, assert_request, respond, respond_json, start, task_status_complete,
    task_status_pending, the_request, Expected, AWKWARD_ID, AWKWARD_ID_ENCODED, JSON, JSON_PATCH,
    OTHER_AWKWARD_ID, OTHER_AWKWARD_ID_ENCODED,
};
use futures::TryStreamExt;
use sailpoint_client::task_management::{
    JsonPatchOperation, JsonPatchOperationOp, JsonPatchOperationValue,
    JsonPatchOperationValueArrayItem, TargetType, TaskStatus, TaskStatusCompletionStatus,
    TaskStatusMessageParametersItem, TaskStatusMessageType, TaskStatusType,
};
use serde_json::json;
use wiremock::ResponseTemplate;

/// A request of the per-resource API: JSON accepted, no experimental header, no body.
fn request<'a>(method: &'a str, path: &'a str) -> Expected<'a> {
    Expected {
        method,
        path,
        query: None,
        accept: Some(JSON),
        experimental: None,
        body: None,
    }
}

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
        .single()
        .expect("a valid date")
}

/// Checks every field of [`task_status_complete`] as decoded.
fn assert_complete_task(task: &TaskStatus) {
    assert_eq!(task.id, "00eebcf881994e419d72e757fd30dc0e");
    assert_eq!(task.type_, TaskStatusType::Quartz);
    assert_eq!(task.unique_name, "Cloud Account Aggregation");
    assert_eq!(task.description, "Aggregate from the specified application");
    assert_eq!(task.parent_name.as_deref(), Some("Parent Task"));
    assert_eq!(task.launcher, "sweep");
    let target = task.target.as_ref().expect("target");
    assert_eq!(
        target.id.as_deref(),
        Some("c6dc37bf508149b28ce5b7d90ca4bbf9")
    );
    assert_eq!(target.type_, Some(TargetType::Application));
    assert_eq!(target.name.as_deref(), Some("Active Directory [source]"));
    assert_eq!(task.created, at(2020, 7, 11, 21, 23, 15));
    assert_eq!(task.modified, Some(at(2020, 7, 11, 21, 24, 15)));
    assert_eq!(task.launched, Some(at(2020, 7, 11, 21, 23, 16)));
    assert_eq!(
        task.completed,
        Some(at(2020, 7, 11, 21, 30, 0) + TimeDelta::milliseconds(250))
    );
    assert_eq!(
        task.completion_status,
        Some(TaskStatusCompletionStatus::Success)
    );
    assert_eq!(task.messages.len(), 1);
    let message = &task.messages[0];
    assert_eq!(message.type_, TaskStatusMessageType::Warn);
    let text = message.localized_text.as_ref().expect("localizedText");
    assert_eq!(text.locale, "en-US");
    assert_eq!(text.message, "Two accounts were skipped.");
    assert_eq!(message.key, "skipped");
    let parameters = message.parameters.as_deref().expect("parameters");
    assert_eq!(parameters.len(), 2);
    match &parameters[0] {
        TaskStatusMessageParametersItem::Object(object) => {
            assert_eq!(object.get("name"), Some(&json!("value")));
        }
        other => panic!("expected an object parameter, got {other:?}"),
    }
    assert_eq!(
        parameters[1],
        TaskStatusMessageParametersItem::String("plain".into())
    );
    assert_eq!(task.returns.len(), 1);
    assert_eq!(task.returns[0].name, "label");
    assert_eq!(task.returns[0].attribute_name, "identityCount");
    assert_eq!(task.attributes.get("identityCount"), Some(&json!(3)));
    assert_eq!(task.progress.as_deref(), Some("Completed"));
    assert_eq!(task.percent_complete, 100);
    let summary = task
        .task_definition_summary
        .as_ref()
        .expect("taskDefinitionSummary");
    assert_eq!(summary.id, "2c91808475b4334b0175e1dff64b63c5");
    assert_eq!(summary.unique_name, "Cloud Account Aggregation");
    assert_eq!(
        summary.executor.as_deref(),
        Some("sailpoint.task.ServiceTaskExecutor")
    );
    assert_eq!(
        summary.arguments.get("serviceMethod"),
        Some(&json!("accountAggregationTask"))
    );
}

/// Checks every field of [`task_status_pending`] as decoded: the nulls are `None`.
fn assert_pending_task(task: &TaskStatus) {
    assert_eq!(task.id, "id12345");
    assert_eq!(task.type_, TaskStatusType::QueuedTask);
    assert_eq!(task.parent_name, None);
    assert_eq!(task.target, None);
    assert_eq!(task.created, at(2020, 7, 11, 21, 23, 15));
    assert_eq!(task.modified, None);
    assert_eq!(task.launched, None);
    assert_eq!(task.completed, None);
    assert_eq!(task.completion_status, None);
    assert_eq!(task.messages.len(), 1);
    assert_eq!(task.messages[0].type_, TaskStatusMessageType::Info);
    assert_eq!(task.messages[0].localized_text, None);
    assert_eq!(task.messages[0].parameters, None);
    assert!(task.returns.is_empty());
    assert!(task.attributes.is_empty());
    assert_eq!(task.progress, None);
    assert_eq!(task.percent_complete, 0);
    assert_eq!(task.task_definition_summary, None);
}

fn replace(path: &str, value: impl Into<JsonPatchOperationValue>) -> JsonPatchOperation {
    JsonPatchOperation::new(JsonPatchOperationOp::Replace, path).with_value(value.into())
}

// ---------------------------------------------------------------------------------------------
// getTaskStatusListV1: GET /task-status/v1
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_task_status_list_v1_sends_no_query_by_default_and_decodes_the_list() {
    let (server, client) = start().await;
    respond_json(
        &server,
        200,
        &json!([task_status_complete(), task_status_pending()]),
    )
    .await;

    let response = client
        .task_management()
        .get_task_status_list_v1()
        .send()
        .await
        .unwrap();

    assert_request(
        &the_request(&server).await,
        &request("GET", "/task-status/v1"),
    );
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.total_count(), None);
    assert_eq!(response.len(), 2);
    assert_complete_task(&response[0]);
    assert_pending_task(&response[1]);
}

#[tokio::test]
async fn get_task_status_list_v1_sends_every_query_parameter_encoded_in_spec_order() {
    let (server, client) = start().await;
    respond(
        &server,
        ResponseTemplate::new(200)
            .insert_header("X-Total-Count", "2")
            .set_body_json(json!([task_status_pending()])),
    )
    .await;

    let response = client
        .task_management()
        .get_task_status_list_v1()
        .sorters("-created")
        .filters(r#"type eq "CLOUD_ACCOUNT_AGGREGATION" and completionStatus isnull"#)
        .count(true)
        .offset(250)
        .limit(250)
        .send()
        .await
        .unwrap();

    let sent = the_request(&server).await;
    // Query values are form-urlencoded: a space travels as `+`, a quote as `%22`.
    assert_request(
        &sent,
        &request("GET", "/task-status/v1").query(
            "limit=250&offset=250&count=true\
             &filters=type+eq+%22CLOUD_ACCOUNT_AGGREGATION%22+and+completionStatus+isnull\
             &sorters=-created",
        ),
    );
    let pairs: Vec<(String, String)> = sent.url.query_pairs().into_owned().collect();
    assert_eq!(
        pairs[3],
        (
            "filters".to_owned(),
            r#"type eq "CLOUD_ACCOUNT_AGGREGATION" and completionStatus isnull"#.to_owned()
        )
    );
    assert_eq!(response.total_count(), Some(2));
    assert_pending_task(&response[0]);
}

#[tokio::test]
async fn get_task_status_list_v1_streams_pages_of_the_spec_maximum() {
    let (server, client) = start().await;
    respond_json(&server, 200, &json!([task_status_pending()])).await;

    let tasks: Vec<TaskStatus> = client
        .task_management()
        .get_task_status_list_v1()
        .filters("completionStatus isnull")
        .stream()
        .try_collect()
        .await
        .unwrap();

    // One short page ends the stream; the page size is the spec's maximum, 250, and the first
    // page asks for the listing's size.
    assert_eq!(tasks.len(), 1);
    assert_request(
        &the_request(&server).await,
        &request("GET", "/task-status/v1")
            .query("limit=250&offset=0&count=true&filters=completionStatus+isnull"),
    );
}

#[tokio::test]
async fn get_task_status_list_v1_maps_each_documented_error_status_to_its_variant() {
    let (server, client) = start().await;
    assert_documented_errors!(
        &server, task_management::GetTaskStatusListV1Error,
        client.task_management().get_task_status_list_v1().send();
        400 => BadRequest(ErrorDto),
        401 => Unauthorized(Unauthorized),
        403 => Forbidden(ErrorDto),
        404 => NotFound(ErrorDto),
        429 => TooManyRequests(RateLimit),
        500 => InternalServerError(ErrorDto),
    );
}

// ---------------------------------------------------------------------------------------------
// getTaskStatusV1: GET /task-status/v1/{id}
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_task_status_v1_puts_the_id_in_one_encoded_segment_and_decodes_the_task() {
    let (server, client) = start().await;
    respond_json(&server, 200, &task_status_complete()).await;

    let response = client
        .task_management()
        .get_task_status_v1(AWKWARD_ID)
        .send()
        .await
        .unwrap();

    let path = format!("/task-status/v1/{AWKWARD_ID_ENCODED}");
    assert_request(&the_request(&server).await, &request("GET", &path));
    assert_eq!(response.status().as_u16(), 200);
    assert_complete_task(&response);
}

#[tokio::test]
async fn get_task_status_v1_encodes_non_ascii_question_mark_and_hash_in_the_id() {
    let (server, client) = start().await;
    respond_json(&server, 200, &task_status_pending()).await;

    let response = client
        .task_management()
        .get_task_status_v1(OTHER_AWKWARD_ID)
        .send()
        .await
        .unwrap();

    let path = format!("/task-status/v1/{OTHER_AWKWARD_ID_ENCODED}");
    assert_request(&the_request(&server).await, &request("GET", &path));
    assert_pending_task(&response);
}

#[tokio::test]
async fn get_task_status_v1_maps_each_documented_error_status_to_its_variant() {
    let (server, client) = start().await;
    // 403 and 404 are documented without a body: their variants carry `()` even when the server
    // sends one anyway.
    assert_documented_errors!(
        &server, task_management::GetTaskStatusV1Error,
        client.task_management().get_task_status_v1("task-1").send();
        400 => BadRequest(ErrorDto),
        401 => Unauthorized(Unauthorized),
        403 => Forbidden(NoBody),
        404 => NotFound(NoBody),
        429 => TooManyRequests(RateLimit),
        500 => InternalServerError(ErrorDto),
    );
}

// ---------------------------------------------------------------------------------------------
// updateTaskStatusV1: PATCH /task-status/v1/{id}
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn update_task_status_v1_patches_with_a_json_patch_body_and_decodes_the_task() {
    let (server, client) = start().await;
    respond_json(&server, 200, &task_status_complete()).await;

    let response = client
        .task_management()
        .update_task_status_v1(
            AWKWARD_ID,
            vec![
                replace("/completionStatus", "ERROR"),
                replace("/completed", "2024-05-17T19:33:16.470Z"),
            ],
        )
        .send()
        .await
        .unwrap();

    let path = format!("/task-status/v1/{AWKWARD_ID_ENCODED}");
    assert_request(
        &the_request(&server).await,
        &request("PATCH", &path).body(
            JSON_PATCH,
            json!([
                { "op": "replace", "path": "/completionStatus", "value": "ERROR" },
                { "op": "replace", "path": "/completed", "value": "2024-05-17T19:33:16.470Z" }
            ]),
        ),
    );
    assert_eq!(response.status().as_u16(), 200);
    assert_complete_task(&response);
}

#[tokio::test]
async fn update_task_status_v1_serializes_every_kind_of_patch_value() {
    let (server, client) = start().await;
    respond_json(&server, 200, &task_status_pending()).await;
    let object = json!({ "identityCount": 0 })
        .as_object()
        .cloned()
        .expect("an object");

    client
        .task_management()
        .update_task_status_v1(
            "task-1",
            vec![
                replace("/description", "x"),
                replace("/percentComplete", 100_i64),
                JsonPatchOperation::new(JsonPatchOperationOp::Add, "/attributes")
                    .with_value(object.into()),
                replace(
                    "/returns",
                    vec![
                        JsonPatchOperationValueArrayItem::from("a"),
                        JsonPatchOperationValueArrayItem::from(2_i64),
                    ],
                ),
                JsonPatchOperation::new(JsonPatchOperationOp::Test, "/launched")
                    .with_value(true.into()),
                JsonPatchOperation::new(JsonPatchOperationOp::Remove, "/progress"),
            ],
        )
        .send()
        .await
        .unwrap();

    assert_request(
        &the_request(&server).await,
        &request("PATCH", "/task-status/v1/task-1").body(
            JSON_PATCH,
            json!([
                { "op": "replace", "path": "/description", "value": "x" },
                { "op": "replace", "path": "/percentComplete", "value": 100 },
                { "op": "add", "path": "/attributes", "value": { "identityCount": 0 } },
                { "op": "replace", "path": "/returns", "value": ["a", 2] },
                { "op": "test", "path": "/launched", "value": true },
                { "op": "remove", "path": "/progress" }
            ]),
        ),
    );
}

#[tokio::test]
async fn update_task_status_v1_maps_each_documented_error_status_to_its_variant() {
    let (server, client) = start().await;
    assert_documented_errors!(
        &server, task_management::UpdateTaskStatusV1Error,
        client
            .task_management()
            .update_task_status_v1("task-1", vec![replace("/completionStatus", "ERROR")])
            .send();
        400 => BadRequest(ErrorDto),
        401 => Unauthorized(Unauthorized),
        403 => Forbidden(ErrorDto),
        404 => NotFound(ErrorDto),
        429 => TooManyRequests(RateLimit),
        500 => InternalServerError(ErrorDto),
    );
}
