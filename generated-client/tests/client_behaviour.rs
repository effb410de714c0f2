//! Behaviour shared by every operation: undocumented statuses, undecodable bodies, requests
//! refused before sending, transport failures and timeouts, enum forward compatibility, model
//! round trips, client configuration, and keeping the token out of `Debug`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]

mod common;

use std::fmt::Debug;
use std::time::Duration;

use common::{
    assert_nothing_sent, error_dto_body, header, lifecycle_state_body, lifecycle_state_minimal,
    received, respond, respond_json, start, task_status_complete, task_status_pending, the_request,
    JSON, TOKEN,
};
use sailpoint_client::{v2024, v3, AuthError, Client, ConfigError, Error, PerCall, RetryPolicy};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use wiremock::ResponseTemplate;

/// The message of an `Error::InvalidRequest`, or a panic naming what came instead.
fn invalid_request<T: Debug, E: Debug>(result: Result<T, Error<E>>) -> String {
    match result {
        Err(Error::InvalidRequest(message)) => message,
        other => panic!("expected Error::InvalidRequest, got {other:?}"),
    }
}

/// Decodes `json` as `T`, encodes it again and checks that nothing changed.
fn assert_round_trip<T: Serialize + DeserializeOwned + Debug>(json: Value) -> T {
    let decoded: T = serde_json::from_value(json.clone()).expect("the fixture decodes");
    let encoded = serde_json::to_value(&decoded).expect("the model encodes");
    assert_eq!(encoded, json, "re-encoded {decoded:#?}");
    decoded
}

/// Decodes the JSON string `wire` as `T` and checks that it encodes back to `wire`.
fn assert_enum_round_trip<T>(wire: &str, expected: &T)
where
    T: Serialize + DeserializeOwned + Debug + PartialEq,
{
    let decoded: T = serde_json::from_value(json!(wire)).expect("a JSON string decodes");
    assert_eq!(&decoded, expected, "{wire} decodes");
    assert_eq!(
        serde_json::to_value(&decoded).expect("encodes"),
        json!(wire)
    );
}

// ---------------------------------------------------------------------------------------------
// Responses the operation does not document
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_undocumented_status_is_unexpected_status_with_status_headers_and_body() {
    let (server, client) = start().await;
    respond(
        &server,
        ResponseTemplate::new(418)
            .insert_header("x-request-id", "req-418")
            .set_body_string("I'm a teapot"),
    )
    .await;

    let error = client
        .v3()
        .get_lifecycle_state("profile-1", "state-1")
        .send()
        .await
        .expect_err("418 is not documented");

    assert!(error.to_string().contains("HTTP 418"), "{error}");
    assert!(error.api().is_none());
    assert_eq!(
        error.raw_response().map(|raw| raw.status().as_u16()),
        Some(418)
    );
    let Error::UnexpectedStatus(raw) = error else {
        panic!("expected Error::UnexpectedStatus, got {error:?}");
    };
    assert_eq!(raw.status().as_u16(), 418);
    assert_eq!(
        raw.headers()
            .get("x-request-id")
            .map(|value| value.as_bytes()),
        Some(&b"req-418"[..])
    );
    assert_eq!(raw.text(), "I'm a teapot");
    assert_eq!(raw.body().as_ref(), b"I'm a teapot");
}

#[tokio::test]
async fn a_502_from_a_proxy_is_unexpected_status_even_with_an_error_dto_body() {
    let (server, client) = start().await;
    respond_json(&server, 502, &error_dto_body(502)).await;

    let error = client
        .v2024()
        .get_task_status_list()
        .send()
        .await
        .expect_err("502 is not documented");

    let Error::UnexpectedStatus(raw) = error else {
        panic!("expected Error::UnexpectedStatus, got {error:?}");
    };
    assert_eq!(raw.status().as_u16(), 502);
    assert_eq!(
        raw.headers()
            .get("content-type")
            .map(|value| value.as_bytes()),
        Some(JSON.as_bytes())
    );
    let body: Value = serde_json::from_str(&raw.text()).expect("the raw body is the JSON sent");
    assert_eq!(body, error_dto_body(502));
}

#[tokio::test]
async fn a_success_status_other_than_the_documented_one_is_unexpected_status() {
    let (server, client) = start().await;
    // createLifecycleState documents 201 only.
    respond_json(&server, 200, &lifecycle_state_body()).await;

    let error = client
        .v3()
        .create_lifecycle_state("profile-1", v3::LifecycleState::default())
        .send()
        .await
        .expect_err("200 is not documented for createLifecycleState");

    assert!(
        matches!(&error, Error::UnexpectedStatus(raw) if raw.status().as_u16() == 200),
        "{error:?}"
    );
}

#[tokio::test]
async fn malformed_json_on_200_is_a_decode_error_that_keeps_the_body() {
    let (server, client) = start().await;
    let malformed = r#"{"id": "task-1", "type": "#;
    respond(
        &server,
        ResponseTemplate::new(200).set_body_raw(malformed, JSON),
    )
    .await;

    let error = client
        .v2024()
        .get_task_status("task-1")
        .send()
        .await
        .expect_err("the body does not decode");

    let message = error.to_string();
    assert!(message.contains("HTTP 200"), "{message}");
    assert!(message.contains("TaskStatus"), "{message}");
    let Error::Decode {
        response, expected, ..
    } = error
    else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.text(), malformed);
    assert!(expected.ends_with("TaskStatus"), "{expected}");
}

#[tokio::test]
async fn a_missing_required_field_is_a_marked_stand_in_and_strictly_a_decode_error() {
    let server = common::start_server().await;
    let client = common::tolerant_client_for(&server);
    // `technicalName` is required.
    respond_json(&server, 200, &json!({ "name": "no technical name" })).await;

    let state = client
        .v3()
        .get_lifecycle_state("profile-1", "state-1")
        .send()
        .await
        .expect("the rest of the record decodes");
    assert_eq!(state.name.as_deref(), Some("no technical name"));
    assert!(state.stand_ins().contains("technical_name"));
    assert_eq!(state.deviations()[0].pointer(), "/technicalName");

    let error = client
        .v3()
        .get_lifecycle_state("profile-1", "state-1")
        .decoding(sailpoint_client::Decoding::Strict)
        .send()
        .await
        .expect_err("strictly, the body lacks a required field");
    let Error::Decode {
        response, pointer, ..
    } = &error
    else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(pointer, "/technicalName");
    assert!(error.to_string().contains("technicalName"), "{error}");
}

#[tokio::test]
async fn a_documented_error_status_whose_body_is_not_json_is_a_decode_error() {
    let (server, client) = start().await;
    // Gateways sometimes answer 429 in plain text: the status is documented, the body is not the
    // documented one, so the call fails with `Decode`, not with `Api(TooManyRequests)`.
    respond(
        &server,
        ResponseTemplate::new(429)
            .insert_header("retry-after", "5")
            .set_body_string("Too Many Requests"),
    )
    .await;

    let error = client
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect_err("429 is an error");

    let Error::Decode { response, .. } = error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(response.status().as_u16(), 429);
    assert_eq!(
        response
            .headers()
            .get("retry-after")
            .map(|value| value.as_bytes()),
        Some(&b"5"[..])
    );
    assert_eq!(response.text(), "Too Many Requests");
}

// ---------------------------------------------------------------------------------------------
// Requests refused before sending
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn dot_dot_dot_and_empty_path_parameters_are_refused_and_nothing_is_sent() {
    let (server, client) = start().await;
    respond_json(&server, 200, &json!({})).await;
    let state = v3::LifecycleState::default;
    let patch = Vec::new;
    let set = v3::SetLifecycleStateRequest::default;

    for bad in ["..", ".", ""] {
        let v2024 = client.v2024();
        let v3 = client.v3();
        let messages = [
            invalid_request(v2024.get_task_status(bad).send().await),
            invalid_request(v2024.update_task_status(bad, Vec::new()).send().await),
            invalid_request(v3.get_lifecycle_states(bad).send().await),
            invalid_request(v3.create_lifecycle_state(bad, state()).send().await),
            invalid_request(v3.get_lifecycle_state(bad, "state-1").send().await),
            invalid_request(v3.get_lifecycle_state("profile-1", bad).send().await),
            invalid_request(v3.update_lifecycle_states(bad, "s", patch()).send().await),
            invalid_request(v3.update_lifecycle_states("p", bad, patch()).send().await),
            invalid_request(v3.delete_lifecycle_state(bad, "state-1").send().await),
            invalid_request(v3.delete_lifecycle_state("profile-1", bad).send().await),
            invalid_request(v3.set_lifecycle_state(bad, set()).send().await),
        ];
        for message in messages {
            assert!(message.contains(&format!("{bad:?}")), "{message}");
        }
    }

    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn path_parameters_that_merely_contain_dots_are_sent() {
    let (server, client) = start().await;
    respond_json(&server, 200, &task_status_pending()).await;

    client.v2024().get_task_status("...").send().await.unwrap();
    assert_eq!(
        the_request(&server).await.url.path(),
        "/v2024/task-status/..."
    );

    respond_json(&server, 200, &task_status_pending()).await;
    client.v2024().get_task_status("../x").send().await.unwrap();
    assert_eq!(
        the_request(&server).await.url.path(),
        "/v2024/task-status/..%2Fx"
    );
}

#[tokio::test]
#[allow(deprecated)]
async fn a_newline_in_the_experimental_header_is_refused_and_nothing_is_sent() {
    let (server, client) = start().await;
    respond_json(&server, 200, &json!([])).await;
    let api = client.v2024();

    for bad in [
        "true\nX-Injected: 1",
        "true\r\nX-Injected: 1",
        "line\rbreak",
    ] {
        let messages = [
            invalid_request(
                api.get_pending_tasks()
                    .x_sail_point_experimental(bad)
                    .send()
                    .await,
            ),
            invalid_request(
                api.get_pending_task_headers()
                    .x_sail_point_experimental(bad)
                    .send()
                    .await,
            ),
            invalid_request(
                api.get_task_status_list()
                    .x_sail_point_experimental(bad)
                    .send()
                    .await,
            ),
            invalid_request(
                api.get_task_status("t")
                    .x_sail_point_experimental(bad)
                    .send()
                    .await,
            ),
            invalid_request(
                api.update_task_status("t", Vec::new())
                    .x_sail_point_experimental(bad)
                    .send()
                    .await,
            ),
        ];
        for message in messages {
            assert!(message.contains("X-SailPoint-Experimental"), "{message}");
        }
    }

    assert_nothing_sent(&server).await;
}

// ---------------------------------------------------------------------------------------------
// Transport
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_closed_port_gives_a_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        listener.local_addr().expect("a local address").port()
    };
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .access_token(TOKEN)
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();

    let error = client
        .v2024()
        .get_task_status_list()
        .send()
        .await
        .expect_err("nothing listens on the port");

    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.raw_response().is_none());
    assert!(
        error.to_string().starts_with("the request failed"),
        "{error}"
    );
}

#[tokio::test]
async fn a_server_slower_than_the_request_timeout_gives_a_timeout_error() {
    let (server, _) = start().await;
    respond(
        &server,
        ResponseTemplate::new(200)
            .set_body_json(json!([]))
            .set_delay(Duration::from_secs(30)),
    )
    .await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .request_timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();

    let error = client
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect_err("the server answers too late");

    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
}

// ---------------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_unknown_task_type_decodes_as_unknown_and_reencodes_verbatim() {
    let server = common::start_server().await;
    let client = common::tolerant_client_for(&server);
    let mut body = task_status_complete();
    body["type"] = json!("NEW_KIND");
    body["completionStatus"] = json!("PAUSED");
    respond_json(&server, 200, &body).await;

    let task = client
        .v2024()
        .get_task_status("task-1")
        .send()
        .await
        .unwrap()
        .into_body();

    assert_eq!(task.type_, v2024::TaskStatusType::from("NEW_KIND"));
    assert_eq!(task.type_.as_str(), "NEW_KIND");
    assert_eq!(task.type_.to_string(), "NEW_KIND");
    assert_eq!(
        task.completion_status,
        Some(v2024::TaskStatusCompletionStatus::from("PAUSED"))
    );
    let encoded = serde_json::to_value(&task).unwrap();
    assert_eq!(encoded["type"], json!("NEW_KIND"));
    assert_eq!(encoded, body);
}

#[test]
fn unknown_enum_values_of_every_enum_are_kept_as_received() {
    use v2024::{TaskStatusMessageType, TaskStatusType};
    assert_enum_round_trip("NEW_KIND", &TaskStatusType::from("NEW_KIND"));
    assert_enum_round_trip("quartz", &TaskStatusType::from("quartz"));
    assert_enum_round_trip("", &TaskStatusType::from(""));
    assert_enum_round_trip("DEBUG", &TaskStatusMessageType::from("DEBUG"));
    assert_enum_round_trip("NOBODY", &v2024::TargetType::from("NOBODY"));
    assert_enum_round_trip("ROBOT", &v2024::LocaleOrigin::from("ROBOT"));
    assert_enum_round_trip("patch", &v2024::JsonPatchOperationOp::from("patch"));
    assert_enum_round_trip("SUSPEND", &v3::AccountActionAction::from("SUSPEND"));
    assert_enum_round_trip("ROLE", &v3::LifecyclestateDeletedType::from("ROLE"));
    assert_enum_round_trip("ROBOT", &v3::LocaleOrigin::from("ROBOT"));
    assert_eq!(
        TaskStatusType::from("NEW_KIND"),
        TaskStatusType::from("NEW_KIND")
    );
}

#[test]
fn known_enum_values_round_trip_and_agree_with_as_str_display_and_from() {
    use v2024::{
        JsonPatchOperationOp as Op, TargetType, TaskStatusCompletionStatus as Completion,
        TaskStatusMessageType as MessageType, TaskStatusType,
    };
    fn check<T>(wire: &str, value: T, as_str: fn(&T) -> &str)
    where
        T: Serialize
            + DeserializeOwned
            + Debug
            + PartialEq
            + std::fmt::Display
            + for<'a> From<&'a str>,
    {
        assert_enum_round_trip(wire, &value);
        assert_eq!(as_str(&value), wire);
        assert_eq!(value.to_string(), wire);
        assert_eq!(T::from(wire), value);
    }
    check("QUARTZ", TaskStatusType::Quartz, TaskStatusType::as_str);
    check("QPOC", TaskStatusType::Qpoc, TaskStatusType::as_str);
    check(
        "QUEUED_TASK",
        TaskStatusType::QueuedTask,
        TaskStatusType::as_str,
    );
    check("SUCCESS", Completion::Success, Completion::as_str);
    check("WARNING", Completion::Warning, Completion::as_str);
    check("ERROR", Completion::Error, Completion::as_str);
    check("TERMINATED", Completion::Terminated, Completion::as_str);
    check("TEMPERROR", Completion::TempError, Completion::as_str);
    check("INFO", MessageType::Info, MessageType::as_str);
    check("WARN", MessageType::Warn, MessageType::as_str);
    check("ERROR", MessageType::Error, MessageType::as_str);
    check("APPLICATION", TargetType::Application, TargetType::as_str);
    check("IDENTITY", TargetType::Identity, TargetType::as_str);
    check(
        "DEFAULT",
        v2024::LocaleOrigin::Default,
        v2024::LocaleOrigin::as_str,
    );
    check(
        "REQUEST",
        v2024::LocaleOrigin::Request,
        v2024::LocaleOrigin::as_str,
    );
    for (wire, op) in [
        ("add", Op::Add),
        ("remove", Op::Remove),
        ("replace", Op::Replace),
        ("move", Op::Move),
        ("copy", Op::Copy),
        ("test", Op::Test),
    ] {
        check(wire, op, Op::as_str);
    }
    use v3::{AccountActionAction as Action, LifecyclestateDeletedType as Deleted};
    check("ENABLE", Action::Enable, Action::as_str);
    check("DISABLE", Action::Disable, Action::as_str);
    check("DELETE", Action::Delete, Action::as_str);
    check("LIFECYCLE_STATE", Deleted::LifecycleState, Deleted::as_str);
    check("TASK_RESULT", Deleted::TaskResult, Deleted::as_str);
    check(
        "DEFAULT",
        v3::LocaleOrigin::Default,
        v3::LocaleOrigin::as_str,
    );
    check(
        "REQUEST",
        v3::LocaleOrigin::Request,
        v3::LocaleOrigin::as_str,
    );
}

// ---------------------------------------------------------------------------------------------
// Model round trips
// ---------------------------------------------------------------------------------------------

// The fixtures write dates as chrono writes them back (`2020-07-11T21:23:15Z`, not the spec
// example's `2020-07-11T21:23:15.000Z`); otherwise the JSON values would differ only in format.

#[test]
fn task_status_fixtures_decode_and_reencode_to_the_same_json() {
    let complete: v2024::TaskStatus = assert_round_trip(task_status_complete());
    assert!(complete.target.is_some());
    let pending: v2024::TaskStatus = assert_round_trip(task_status_pending());
    assert_eq!(pending.completed, None);
}

#[test]
fn lifecycle_state_fixtures_decode_and_reencode_to_the_same_json() {
    let full: v3::LifecycleState = assert_round_trip(lifecycle_state_body());
    assert_eq!(full.identity_count, Some(42));
    let minimal: v3::LifecycleState = assert_round_trip(lifecycle_state_minimal());
    assert_eq!(minimal.name, None);
}

#[test]
fn error_and_small_response_models_round_trip() {
    assert_round_trip::<v2024::ErrorResponseDto>(error_dto_body(400));
    assert_round_trip::<v3::ErrorResponseDto>(error_dto_body(500));
    assert_round_trip::<v3::LifecyclestateDeleted>(
        json!({ "type": "TASK_RESULT", "id": "1", "name": "n" }),
    );
    assert_round_trip::<v3::SetLifecycleState200Response>(json!({ "accountActivityId": "a" }));
    assert_round_trip::<v2024::UnauthorizedResponse>(json!({ "error": { "nested": true } }));
    assert_round_trip::<v3::TooManyRequestsResponse>(json!({ "message": 7 }));
}

#[test]
fn dates_with_an_offset_decode_to_the_same_instant_in_utc() {
    let mut body = task_status_pending();
    body["created"] = json!("2020-07-11T23:23:15+02:00");
    let task: v2024::TaskStatus = serde_json::from_value(body).unwrap();
    assert_eq!(
        serde_json::to_value(task.created).unwrap(),
        json!("2020-07-11T21:23:15Z")
    );
}

/// Absent and `null` are the same to the client: both decode to `None`, and `None` is left out
/// when encoding an optional field. This is a deliberate choice (a tri-state `Option<Option<T>>`
/// on every optional nullable field would burden every caller); required nullable fields are the
/// exception and are always sent, as `null` when `None`.
#[test]
fn explicit_nulls_on_optional_nullable_fields_decode_as_none_and_encode_as_absent() {
    let mut state = lifecycle_state_body();
    state["identityState"] = Value::Null; // the spec's own example value
    let decoded: v3::LifecycleState = serde_json::from_value(state.clone()).unwrap();
    assert_eq!(decoded.identity_state, None);
    let encoded = serde_json::to_value(&decoded).unwrap();
    assert!(encoded.get("identityState").is_none(), "{encoded}");
    state.as_object_mut().unwrap().remove("identityState");
    assert_eq!(encoded, state);

    let mut task = task_status_pending();
    task["target"] = Value::Null; // `Target` is `nullable: true`
    let decoded: v2024::TaskStatus = serde_json::from_value(task).unwrap();
    assert_eq!(decoded.target, None);
    let encoded = serde_json::to_value(&decoded).unwrap();
    assert!(encoded.get("target").is_none(), "{encoded}");
    assert_eq!(
        encoded["completed"],
        Value::Null,
        "a required nullable field is sent as null"
    );
}

// ---------------------------------------------------------------------------------------------
// Client configuration
// ---------------------------------------------------------------------------------------------

#[test]
fn debug_of_the_client_and_its_builders_does_not_contain_the_token() {
    let secret = "s3cr3t-t0k3n-value";
    let client = Client::new("https://example.api.identitynow.com", secret).unwrap();
    let shown = [
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{:?}", client.v3()),
        format!("{:?}", client.v2024().get_task_status("task-1")),
        format!(
            "{:?}",
            Client::builder()
                .base_url("https://example.api.identitynow.com")
                .access_token(secret)
        ),
    ];
    for text in &shown {
        assert!(!text.contains(secret), "the token leaks into {text}");
    }
    assert!(shown[0].contains("access token"), "{}", shown[0]);
    assert!(shown[4].contains("redacted"), "{}", shown[4]);
}

#[tokio::test]
async fn a_base_url_with_a_path_and_a_trailing_slash_prefixes_every_path() {
    let (server, _) = start().await;
    respond_json(&server, 200, &json!([])).await;
    let client = Client::new(&format!("{}/proxy/", server.uri()), TOKEN).unwrap();
    assert_eq!(client.base_url(), format!("{}/proxy", server.uri()));

    client.v3().get_lifecycle_states("p").send().await.unwrap();

    assert_eq!(
        the_request(&server).await.url.path(),
        "/proxy/v3/identity-profiles/p/lifecycle-states"
    );
}

#[tokio::test]
async fn a_client_without_a_token_sends_no_authorization_and_the_default_user_agent() {
    let (server, _) = start().await;
    respond_json(&server, 200, &json!([])).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();

    client.v2024().get_task_status_list().send().await.unwrap();

    let request = the_request(&server).await;
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(
        header(&request, "user-agent"),
        Some(concat!("sailpoint-client/", env!("CARGO_PKG_VERSION")))
    );
}

#[tokio::test]
async fn a_custom_user_agent_is_sent() {
    let (server, _) = start().await;
    respond_json(&server, 200, &json!([])).await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .user_agent("my-tool/1.2")
        .build()
        .unwrap();

    client.v2024().get_task_status_list().send().await.unwrap();

    let request = the_request(&server).await;
    assert_eq!(header(&request, "user-agent"), Some("my-tool/1.2"));
    assert_eq!(header(&request, "authorization"), Some("Bearer test-token"));
}

#[test]
fn unusable_base_urls_are_configuration_errors() {
    for bad in [
        "not a url",
        "ftp://example.com",
        "https://example.com/?tenant=x",
        "https://example.com/#top",
    ] {
        let error = Client::new(bad, TOKEN).expect_err(bad);
        assert!(
            matches!(&error, ConfigError::Invalid { setting, .. } if setting == "base_url"),
            "{bad}: {error:?}"
        );
        assert!(error.to_string().contains(bad), "{error}");
    }
    let missing = Client::builder()
        .access_token(TOKEN)
        .build()
        .expect_err("no base URL");
    assert_eq!(
        missing.to_string(),
        "the setting `base_url` is required but is not set in the client builder"
    );
}

#[tokio::test]
async fn clones_of_a_client_share_its_configuration() {
    let (server, client) = start().await;
    respond_json(&server, 200, &json!([])).await;
    let clone = client.clone();
    drop(client);

    clone.v3().get_lifecycle_states("p").send().await.unwrap();

    assert_eq!(
        header(&the_request(&server).await, "authorization"),
        Some("Bearer test-token")
    );
}

#[tokio::test]
async fn a_token_that_cannot_travel_in_a_header_is_refused_without_leaking_it() {
    let (server, _) = start().await;
    let client = Client::new(&server.uri(), "first-half\nsecond-half").unwrap();

    let error = client
        .v3()
        .get_lifecycle_states("p")
        .send()
        .await
        .expect_err("the token cannot be sent");

    assert!(
        matches!(error, Error::Auth(AuthError::InvalidToken)),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(!message.contains("half"), "the token leaks into {message}");
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn a_redirect_to_another_origin_does_not_carry_the_bearer_token() {
    let (origin, client) = start().await;
    let (elsewhere, _) = start().await;
    respond(
        &origin,
        ResponseTemplate::new(307)
            .insert_header("location", format!("{}/landing", elsewhere.uri())),
    )
    .await;
    respond_json(&elsewhere, 200, &json!([])).await;

    client.v2024().get_task_status_list().send().await.unwrap();

    assert_eq!(
        header(&the_request(&origin).await, "authorization"),
        Some("Bearer test-token")
    );
    let redirected = the_request(&elsewhere).await;
    assert_eq!(redirected.url.path(), "/landing");
    assert_eq!(header(&redirected, "authorization"), None);
}

/// A client for `origin` that sends [`TOKEN`] and counts `X-Api-Key` as a credential.
fn marking_client(origin: &wiremock::MockServer) -> Client {
    Client::builder()
        .base_url(origin.uri())
        .access_token(TOKEN)
        .sensitive_header("X-Api-Key")
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_redirect_to_another_origin_carries_no_header_that_holds_a_credential() {
    let (origin, _) = start().await;
    let (elsewhere, _) = start().await;
    respond_json(&elsewhere, 200, &task_status_complete()).await;
    for status in [301, 302, 303, 307, 308] {
        respond(
            &origin,
            ResponseTemplate::new(status)
                .insert_header("location", format!("{}/landing", elsewhere.uri())),
        )
        .await;
        elsewhere.reset().await;
        respond_json(&elsewhere, 200, &task_status_complete()).await;

        marking_client(&origin)
            .v2024()
            .get_task_status("task-1")
            .header("X-Api-Key", "key-SECRET")
            .header("Cookie", "session=cookie-SECRET")
            .header("Proxy-Authorization", "Basic proxy-SECRET")
            .header("X-Correlation-Id", "corr-42")
            .send()
            .await
            .unwrap();

        let first = the_request(&origin).await;
        assert_eq!(header(&first, "x-api-key"), Some("key-SECRET"));
        assert_eq!(header(&first, "cookie"), Some("session=cookie-SECRET"));
        let redirected = the_request(&elsewhere).await;
        assert_eq!(redirected.url.path(), "/landing", "HTTP {status}");
        for name in [
            "authorization",
            "x-api-key",
            "cookie",
            "proxy-authorization",
        ] {
            assert_eq!(header(&redirected, name), None, "HTTP {status}: {name}");
        }
        assert_eq!(header(&redirected, "x-correlation-id"), Some("corr-42"));
    }
}

#[tokio::test]
async fn a_redirect_within_the_origin_keeps_every_header() {
    let (origin, _) = start().await;
    wiremock::Mock::given(wiremock::matchers::path("/landing"))
        .respond_with(ResponseTemplate::new(200).set_body_json(task_status_complete()))
        .mount(&origin)
        .await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/landing"))
        .mount(&origin)
        .await;

    marking_client(&origin)
        .v2024()
        .get_task_status("task-1")
        .header("X-Api-Key", "key-SECRET")
        .send()
        .await
        .unwrap();

    let requests = received(&origin).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].url.path(), "/landing");
    assert_eq!(header(&requests[1], "x-api-key"), Some("key-SECRET"));
    assert_eq!(
        header(&requests[1], "authorization"),
        Some("Bearer test-token")
    );
}

#[tokio::test]
async fn a_303_or_a_post_moved_goes_on_as_a_get_without_the_body() {
    let (origin, _) = start().await;
    for (status, method) in [
        (303, "GET"),
        (302, "GET"),
        (301, "GET"),
        (307, "POST"),
        (308, "POST"),
    ] {
        origin.reset().await;
        wiremock::Mock::given(wiremock::matchers::path("/landing"))
            .respond_with(ResponseTemplate::new(201).set_body_json(lifecycle_state_body()))
            .mount(&origin)
            .await;
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(ResponseTemplate::new(status).insert_header("location", "/landing"))
            .mount(&origin)
            .await;

        common::client_for(&origin)
            .v3()
            .create_lifecycle_state("profile-1", v3::LifecycleState::new("contractor"))
            .send()
            .await
            .unwrap();

        let requests = received(&origin).await;
        assert_eq!(requests[1].method.as_str(), method, "HTTP {status}");
        let same_body = requests[1].body == requests[0].body;
        assert_eq!(same_body, method == "POST", "HTTP {status}");
        assert_eq!(
            header(&requests[1], "content-type").is_some(),
            method == "POST"
        );
    }
}

#[tokio::test]
async fn credential_headers_are_marked_sensitive_and_kept_out_of_debug_output() {
    /// Each header of each request, and whether its value is marked sensitive.
    #[derive(Clone, Default)]
    struct Seen(std::sync::Arc<std::sync::Mutex<Vec<(String, bool)>>>);
    impl sailpoint_client::Hook for Seen {
        fn on_request(
            &self,
            request: &mut sailpoint_client::reqwest::Request,
            _: &sailpoint_client::HookContext,
        ) {
            let mut seen = self.0.lock().unwrap();
            for (name, value) in request.headers() {
                seen.push((name.to_string(), value.is_sensitive()));
            }
        }
    }
    let (origin, _) = start().await;
    respond_json(&origin, 200, &task_status_complete()).await;
    let seen = Seen::default();
    let client = Client::builder()
        .base_url(origin.uri())
        .access_token(TOKEN)
        .sensitive_header("X-Api-Key")
        .hook(seen.clone())
        .build()
        .unwrap();

    let builder = client
        .v2024()
        .get_task_status("task-1")
        .header("X-Api-Key", "key-SECRET")
        .header("Cookie", "session=cookie-SECRET")
        .header("X-Correlation-Id", "corr-42");
    let shown = format!("{builder:?}");
    builder.send().await.unwrap();

    assert!(!shown.contains("SECRET"), "{shown}");
    assert!(shown.contains("X-Api-Key"), "{shown}");
    let sensitive: Vec<(String, bool)> = seen.0.lock().unwrap().clone();
    for (name, expected) in [
        ("authorization", true),
        ("x-api-key", true),
        ("cookie", true),
        ("x-correlation-id", false),
    ] {
        assert!(
            sensitive.contains(&(name.to_owned(), expected)),
            "{name}: {sensitive:?}"
        );
    }
}

#[test]
fn a_sensitive_header_name_that_is_no_header_name_is_refused() {
    let error = Client::builder()
        .base_url("https://example.com")
        .sensitive_header("X Api Key")
        .build()
        .expect_err("not a header name");

    assert_eq!(
        error.to_string(),
        "the setting `sensitive_header` in the client builder is invalid: \"X Api Key\" is not a valid HTTP header name"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_futures_are_send_and_run_concurrently_from_spawned_tasks() {
    let (server, client) = start().await;
    respond_json(&server, 200, &task_status_pending()).await;

    let tasks = (0..8).map(|i| {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .v2024()
                .get_task_status(format!("task-{i}"))
                .send()
                .await
        })
    });
    for joined in futures::future::join_all(tasks).await {
        assert_eq!(joined.unwrap().unwrap().id, "id12345");
    }

    let mut paths: Vec<String> = received(&server)
        .await
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect();
    paths.sort();
    let expected: Vec<String> = (0..8)
        .map(|i| format!("/v2024/task-status/task-{i}"))
        .collect();
    assert_eq!(paths, expected);
}

#[test]
fn errors_are_std_errors_that_can_cross_threads() {
    fn check<T: std::error::Error + Send + Sync + 'static>() {}
    check::<Error<v2024::GetTaskStatusError>>();
    check::<Error<v2024::GetPendingTaskHeadersError>>();
    check::<Error<v3::CreateLifecycleStateError>>();
    check::<v3::SetLifecycleStateError>();
    check::<ConfigError>();
}

#[tokio::test]
async fn debug_of_a_large_raw_body_is_truncated_on_a_character_boundary() {
    let (server, client) = start().await;
    let body = "é".repeat(5000);
    respond(
        &server,
        ResponseTemplate::new(418).set_body_string(body.clone()),
    )
    .await;

    let error = client
        .v2024()
        .get_task_status_list()
        .send()
        .await
        .expect_err("418 is not documented");

    let Error::UnexpectedStatus(raw) = &error else {
        panic!("expected Error::UnexpectedStatus, got {error:?}");
    };
    assert_eq!(raw.text(), body);
    let shown = format!("{error:?}");
    assert!(shown.contains("... (10000 bytes)"), "{shown}");
    assert!(shown.len() < 6000, "{} bytes of Debug", shown.len());
}
