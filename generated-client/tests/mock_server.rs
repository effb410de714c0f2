//! The test doubles' own behaviour, beyond the downstream example: body conditions, responses
//! written by hand, response headers, client credentials against the double, `verify()`, and
//! the report of a request for no operation at all.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use sailpoint_client::mock::{MockResponse, MockServer, TestDouble};
use sailpoint_client::v2024::{
    ErrorResponseDto, JsonPatchOperation, JsonPatchOperationOp, JsonPatchOperationValue,
    UpdateTaskStatusError,
};
use sailpoint_client::{Client, Error};

fn mark_done() -> Vec<JsonPatchOperation> {
    vec![
        JsonPatchOperation::new(JsonPatchOperationOp::Replace, "/completionStatus")
            .with_value(JsonPatchOperationValue::String("SUCCESS".into())),
    ]
}

#[tokio::test]
async fn a_body_condition_compares_the_json_that_arrived() {
    let server = MockServer::start().await;
    let patched = server
        .v2024()
        .update_task_status()
        .id("t1")
        .body(mark_done())
        .expect(1)
        .respond_bad_request(ErrorResponseDto::new().with_tracking_id("tr-1"));
    let client = server.client();

    let mut other = mark_done();
    other[0].path = "/progress".into();
    let unmatched = client.v2024().update_task_status("t1", other).await;
    let matched = client.v2024().update_task_status("t1", mark_done()).await;

    assert!(
        matches!(
            &matched,
            Err(Error::Api(UpdateTaskStatusError::BadRequest(_)))
        ),
        "{matched:?}"
    );
    assert_eq!(
        unmatched
            .unwrap_err()
            .status()
            .map(|status| status.as_u16()),
        Some(599)
    );
    assert_eq!(patched.calls(), 1);
    let report = server.take_unmatched()[0].to_string();
    assert!(
        report.ends_with(
            ": the body was [{\"op\":\"replace\",\"path\":\"/progress\",\"value\":\"SUCCESS\"}]"
        ),
        "{report}"
    );
}

#[tokio::test]
async fn a_hand_written_response_and_response_headers_arrive_as_written() {
    let server = MockServer::start().await;
    server
        .v2024()
        .get_task_status_list()
        .response_header("X-Total-Count", "1234")
        .respond(Vec::new());
    server.v2024().get_task_status().respond_raw(
        MockResponse::new(200)
            .header("content-type", "application/json")
            .body("{\"not\": \"a task\"}"),
    );
    let client = server.client();

    let page = client
        .v2024()
        .get_task_status_list()
        .count(true)
        .await
        .unwrap();
    assert_eq!(page.total_count(), Some(1234));
    let error = client.v2024().get_task_status("t1").await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert_eq!(
        error.raw_response().unwrap().text(),
        "{\"not\": \"a task\"}"
    );
}

#[tokio::test]
async fn a_client_with_client_credentials_gets_its_token_from_the_double() {
    let server = MockServer::start().await;
    server.v2024().get_task_status_list().respond(Vec::new());
    let client: Client = server
        .client_builder()
        .client_credentials("id", "secret")
        .build()
        .unwrap();

    let page = client.v2024().get_task_status_list().await.unwrap();

    assert!(page.is_empty());
}

#[tokio::test]
async fn a_header_the_client_sends_by_default_can_be_a_condition() {
    let server = MockServer::start().await;
    server
        .v2024()
        .get_task_status_list()
        .x_sail_point_experimental("true")
        .expect(1)
        .respond(Vec::new());

    let page = server
        .client()
        .v2024()
        .get_task_status_list()
        .await
        .unwrap();

    assert!(page.is_empty());
}

#[tokio::test]
async fn a_request_for_no_operation_says_so_and_lists_the_operations() {
    let server = MockServer::start().await;
    // No operation is `DELETE /v2024/task-status`, so no client method can send it.
    let response = reqwest::Client::new()
        .delete(format!("{}/v2024/task-status", server.uri()))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 599);
    let report = response.text().await.unwrap();
    assert!(
        report.starts_with(
            "a request matched no operation of this API:\n    DELETE /v2024/task-status\n"
        ),
        "{report}"
    );
    // Every module's operations are listed, the per-resource ones among them.
    let (_, listed) = report
        .split_once("the operations are: ")
        .unwrap_or_else(|| panic!("no list of operations: {report}"));
    for operation in [
        "GET /v2024/task-status/pending-tasks",
        "GET /v3/identity-profiles/{identity-profile-id}/lifecycle-states",
        "GET /task-status/v1",
        "POST /identities/v1/{identity-id}/set-lifecycle-state",
    ] {
        assert!(
            listed.split(", ").any(|each| each.trim() == operation),
            "{operation} is not listed: {report}"
        );
    }
    let unmatched = server.take_unmatched();
    assert_eq!(unmatched.len(), 1);
    assert_eq!(unmatched[0].operation_id(), None);
    assert_eq!(unmatched[0].method(), "DELETE");
    assert_eq!(unmatched[0].path_and_query(), "/v2024/task-status");
}

#[tokio::test]
async fn verify_fails_the_test_while_a_count_is_unmet() {
    let server = MockServer::start().await;
    let declared = line!() + 1;
    let expectation = server.v2024().get_task_status();
    expectation.id("t1").expect(2).respond_not_found();

    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| server.verify()));
    let message = *outcome.unwrap_err().downcast::<String>().unwrap();
    assert_eq!(
        message,
        format!(
            "expectation #1 `getTaskStatus` (declared at {}:{declared}) where path `id` = \"t1\", answering HTTP 404 was expected to be called 2 times but was called 0 times",
            file!()
        )
    );

    // Meet the count, so that verifying and dropping the server pass.
    let client = server.client();
    for _ in 0..2 {
        let error = client.v2024().get_task_status("t1").await.unwrap_err();
        assert_eq!(error.status().map(|status| status.as_u16()), Some(404));
    }
    server.verify();
}
