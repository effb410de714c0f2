//! The five v2024 Task Management operations against a mock server: the request on the wire,
//! the typed success response, and every documented error status.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]

mod common;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use common::{
    assert_documented_errors, assert_request, respond, respond_empty, respond_json, start,
    task_status_complete, task_status_pending, the_request, Expected, AWKWARD_ID,
    AWKWARD_ID_ENCODED, JSON_PATCH, OTHER_AWKWARD_ID, OTHER_AWKWARD_ID_ENCODED,
};
use sailpoint_client::v2024::{
    GetPendingTasksSuccess, JsonPatchOperation, JsonPatchOperationOp, JsonPatchOperationValue,
    JsonPatchOperationValueArrayItem, TargetType, TaskStatus, TaskStatusCompletionStatus,
    TaskStatusMessageParametersItem, TaskStatusMessageType, TaskStatusType,
};
use serde_json::json;
use wiremock::ResponseTemplate;

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
// getPendingTasks: GET /v2024/task-status/pending-tasks
// ---------------------------------------------------------------------------------------------

#[tokio::test]
#[allow(deprecated)]
async fn get_pending_tasks_sends_no_query_by_default_and_decodes_the_200_list() {
    let (server, client) = start().await;
    respond_json(
        &server,
        200,
        &json!([task_status_complete(), task_status_pending()]),
    )
    .await;

    let response = client.v2024().get_pending_tasks().send().await.unwrap();

    assert_request(
        &the_request(&server).await,
        &Expected::v2024("GET", "/v2024/task-status/pending-tasks"),
    );
    assert_eq!(response.status().as_u16(), 200);
    match response.body() {
        GetPendingTasksSuccess::Ok(tasks) => {
            assert_eq!(tasks.len(), 2);
            assert_complete_task(&tasks[0]);
            assert_pending_task(&tasks[1]);
        }
        other => panic!("expected Ok(tasks), got {other:?}"),
    }
}

#[tokio::test]
#[allow(deprecated)]
async fn get_pending_tasks_sends_offset_limit_and_count_in_spec_order() {
    let (server, client) = start().await;
    respond(
        &server,
        ResponseTemplate::new(200)
            .insert_header("x-total-count", "1")
            .set_body_json(json!([task_status_pending()])),
    )
    .await;

    let response = client
        .v2024()
        .get_pending_tasks()
        .limit(50)
        .offset(100)
        .count(true)
        .send()
        .await
        .unwrap();

    assert_request(
        &the_request(&server).await,
        &Expected::v2024("GET", "/v2024/task-status/pending-tasks")
            .query("offset=100&limit=50&count=true"),
    );
    assert_eq!(response.total_count(), Some(1));
    let GetPendingTasksSuccess::Ok(tasks) = response.into_body() else {
        panic!("expected Ok(tasks)");
    };
    assert_pending_task(&tasks[0]);
}

#[tokio::test]
#[allow(deprecated)]
async fn get_pending_tasks_returns_no_content_on_204() {
    let (server, client) = start().await;
    respond_empty(&server, 204).await;

    let response = client.v2024().get_pending_tasks().send().await.unwrap();

    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(response.body(), &GetPendingTasksSuccess::NoContent);
    the_request(&server).await;
}

#[tokio::test]
#[allow(deprecated)]
async fn get_pending_tasks_maps_each_documented_error_status_to_its_variant() {
    let (server, client) = start().await;
    assert_documented_errors!(
        &server, v2024::GetPendingTasksError, client.v2024().get_pending_tasks().send();
        400 => BadRequest(ErrorDto),
        401 => Unauthorized(Unauthorized),
        403 => Forbidden(ErrorDto),
        429 => TooManyRequests(RateLimit),
        500 => InternalServerError(ErrorDto),
    );
}

// ---------------------------------------------------------------------------------------------
// getPendingTaskHeaders: HEAD /v2024/task-status/pending-tasks
// ---------------------------------------------------------------------------------------------

#[tokio::test]
#[allow(deprecated)]
async fn get_pending_task_headers_sends_head_and_reads_the_total_count_on_200() {
    let (server, client) = start().await;
    respond(
        &server,
        ResponseTemplate::new(200).insert_header("X-Total-Count", "42"),
    )
    .await;

    let response = client
        .v2024()
        .get_pending_task_headers()
        .offset(100)
        .limit(50)
        .count(true)
        .send()
        .await
        .unwrap();

    // The HEAD operation documents no response body, so the client sets no `Accept` of its own
    // and reqwest's default `*/*` goes out.
    assert_request(
        &the_request(&server).await,
        &Expected::v2024("HEAD", "/v2024/task-status/pending-tasks")
            .query("offset=100&limit=50&count=true")
            .accept("*/*"),
    );
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.total_count(), Some(42));
    let _: &() = response.body();
}

#[tokio::test]
#[allow(deprecated)]
async fn get_pending_task_headers_sends_no_query_by_default_and_accepts_204() {
    let (server, client) = start().await;
    respond(
        &server,
        ResponseTemplate::new(204).insert_header("X-Total-Count", "0"),
    )
    .await;

    let response = client
        .v2024()
        .get_pending_task_headers()
        .send()
        .await
        .unwrap();

    assert_request(
        &the_request(&server).await,
        &Expected::v2024("HEAD", "/v2024/task-status/pending-tasks").accept("*/*"),
    );
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(response.total_count(), Some(0));
}

#[tokio::test]
#[allow(deprecated)]
async fn get_pending_task_headers_maps_each_documented_error_status_to_its_variant() {
    let (server, client) = start().await;
    // A HEAD response has no body, so every documented error carries `()`.
    assert_documented_errors!(
        &server, v2024::GetPendingTaskHeadersError,
        client.v2024().get_pending_task_headers().send();
        400 => BadRequest(NoBody),
        401 => Unauthorized(NoBody),
        403 => Forbidden(NoBody),
        429 => TooManyRequests(NoBody),
        500 => InternalServerError(NoBody),
    );
}

// ---------------------------------------------------------------------------------------------
// getTaskStatusList: GET /v2024/task-status
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_task_status_list_sends_no_query_by_default_and_decodes_the_list() {
    let (server, client) = start().await;
    respond_json(&server, 200, &json!([task_status_complete()])).await;

    let response = client.v2024().get_task_status_list().send().await.unwrap();

    assert_request(
        &the_request(&server).await,
        &Expected::v2024("GET", "/v2024/task-status"),
    );
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.total_count(), None);
    assert_eq!(response.len(), 1);
    assert_complete_task(&response[0]);
}

#[tokio::test]
async fn get_task_status_list_sends_every_query_parameter_encoded_in_spec_order() {
    let (server, client) = start().await;
    respond(
        &server,
        ResponseTemplate::new(200)
            .insert_header("X-Total-Count", "2")
            .set_body_json(json!([task_status_complete(), task_status_pending()])),
    )
    .await;

    let response = client
        .v2024()
        .get_task_status_list()
        .sorters("-created")
        .filters(r#"completionStatus eq "SUCCESS""#)
        .count(true)
        .offset(100)
        .limit(50)
        .send()
        .await
        .unwrap();

    let request = the_request(&server).await;
    // Query values are form-urlencoded: a space travels as `+`, a quote as `%22`.
    assert_request(
        &request,
        &Expected::v2024("GET", "/v2024/task-status").query(
            "limit=50&offset=100&count=true&filters=completionStatus+eq+%22SUCCESS%22&sorters=-created",
        ),
    );
    let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert_eq!(
        pairs[3],
        (
            "filters".to_owned(),
            r#"completionStatus eq "SUCCESS""#.to_owned()
        )
    );
    assert_eq!(response.total_count(), Some(2));
    assert_complete_task(&response[0]);
    assert_pending_task(&response[1]);
}

#[tokio::test]
async fn get_task_status_list_maps_each_documented_error_status_to_its_variant() {
    let (server, client) = start().await;
    assert_documented_errors!(
        &server, v2024::GetTaskStatusListError, client.v2024().get_task_status_list().send();
        400 => BadRequest(ErrorDto),
        401 => Unauthorized(Unauthorized),
        403 => Forbidden(ErrorDto),
        404 => NotFound(ErrorDto),
        429 => TooManyRequests(RateLimit),
        500 => InternalServerError(ErrorDto),
    );
}

// ---------------------------------------------------------------------------------------------
// getTaskStatus: GET /v2024/task-status/{id}
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_task_status_puts_the_id_in_one_encoded_segment_and_decodes_the_task() {
    let (server, client) = start().await;
    respond_json(&server, 200, &task_status_complete()).await;

    let response = client
        .v2024()
        .get_task_status(AWKWARD_ID)
        .send()
        .await
        .unwrap();

    let path = format!("/v2024/task-status/{AWKWARD_ID_ENCODED}");
    assert_request(&the_request(&server).await, &Expected::v2024("GET", &path));
    assert_eq!(response.status().as_u16(), 200);
    assert_complete_task(&response);
}

#[tokio::test]
async fn get_task_status_encodes_non_ascii_question_mark_and_hash_in_the_id() {
    let (server, client) = start().await;
    respond_json(&server, 200, &task_status_pending()).await;

    let response = client
        .v2024()
        .get_task_status(OTHER_AWKWARD_ID)
        .send()
        .await
        .unwrap();

    let path = format!("/v2024/task-status/{OTHER_AWKWARD_ID_ENCODED}");
    assert_request(&the_request(&server).await, &Expected::v2024("GET", &path));
    assert_pending_task(&response);
}

#[tokio::test]
async fn get_task_status_maps_each_documented_error_status_to_its_variant() {
    let (server, client) = start().await;
    // 403 and 404 are documented without a body: their variants carry `()` even when the server
    // sends one anyway.
    assert_documented_errors!(
        &server, v2024::GetTaskStatusError, client.v2024().get_task_status("task-1").send();
        400 => BadRequest(ErrorDto),
        401 => Unauthorized(Unauthorized),
        403 => Forbidden(NoBody),
        404 => NotFound(NoBody),
        429 => TooManyRequests(RateLimit),
        500 => InternalServerError(ErrorDto),
    );
}

// ---------------------------------------------------------------------------------------------
// updateTaskStatus: PATCH /v2024/task-status/{id}
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn update_task_status_patches_with_a_json_patch_body_and_decodes_the_task() {
    let (server, client) = start().await;
    respond_json(&server, 200, &task_status_complete()).await;

    let response = client
        .v2024()
        .update_task_status(
            AWKWARD_ID,
            vec![
                replace("/completionStatus", "ERROR"),
                replace("/completed", "2024-05-17T19:33:16.470Z"),
            ],
        )
        .send()
        .await
        .unwrap();

    let path = format!("/v2024/task-status/{AWKWARD_ID_ENCODED}");
    assert_request(
        &the_request(&server).await,
        &Expected::v2024("PATCH", &path).body(
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
async fn update_task_status_serializes_every_kind_of_patch_value() {
    let (server, client) = start().await;
    respond_json(&server, 200, &task_status_pending()).await;
    let object = json!({ "identityCount": 0 })
        .as_object()
        .cloned()
        .expect("an object");

    client
        .v2024()
        .update_task_status(
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
        &Expected::v2024("PATCH", "/v2024/task-status/task-1").body(
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
async fn update_task_status_maps_each_documented_error_status_to_its_variant() {
    let (server, client) = start().await;
    assert_documented_errors!(
        &server, v2024::UpdateTaskStatusError,
        client
            .v2024()
            .update_task_status("task-1", vec![replace("/description", "x")])
            .send();
        400 => BadRequest(ErrorDto),
        401 => Unauthorized(Unauthorized),
        403 => Forbidden(ErrorDto),
        404 => NotFound(ErrorDto),
        429 => TooManyRequests(RateLimit),
        500 => InternalServerError(ErrorDto),
    );
}

// ---------------------------------------------------------------------------------------------
// The experimental header, on every operation
// ---------------------------------------------------------------------------------------------

#[tokio::test]
#[allow(deprecated)]
async fn experimental_header_setter_overrides_the_default_on_every_operation() {
    let (server, client) = start().await;
    let api = client.v2024();

    respond_json(&server, 200, &json!([])).await;
    api.get_pending_tasks()
        .x_sail_point_experimental("false")
        .send()
        .await
        .unwrap();
    assert_request(
        &the_request(&server).await,
        &Expected::v2024("GET", "/v2024/task-status/pending-tasks").experimental("false"),
    );

    respond_empty(&server, 200).await;
    api.get_pending_task_headers()
        .x_sail_point_experimental("false")
        .send()
        .await
        .unwrap();
    assert_request(
        &the_request(&server).await,
        &Expected::v2024("HEAD", "/v2024/task-status/pending-tasks")
            .experimental("false")
            .accept("*/*"),
    );

    respond_json(&server, 200, &json!([])).await;
    api.get_task_status_list()
        .x_sail_point_experimental("false")
        .send()
        .await
        .unwrap();
    assert_request(
        &the_request(&server).await,
        &Expected::v2024("GET", "/v2024/task-status").experimental("false"),
    );

    respond_json(&server, 200, &task_status_pending()).await;
    api.get_task_status("task-1")
        .x_sail_point_experimental("false")
        .send()
        .await
        .unwrap();
    assert_request(
        &the_request(&server).await,
        &Expected::v2024("GET", "/v2024/task-status/task-1").experimental("false"),
    );

    respond_json(&server, 200, &task_status_pending()).await;
    api.update_task_status("task-1", Vec::new())
        .x_sail_point_experimental("false")
        .send()
        .await
        .unwrap();
    assert_request(
        &the_request(&server).await,
        &Expected::v2024("PATCH", "/v2024/task-status/task-1")
            .experimental("false")
            .body(JSON_PATCH, json!([])),
    );
}
