//! Bodies that real servers send and that once cost more than the value that broke the spec:
//! a property given twice, a UTF-8 byte-order mark, a string holding invalid UTF-8 or a lone
//! surrogate escape, and a documented error status whose body is empty, text or HTML. Each
//! test names what arrived, what the typed result holds and where the deviation is reported,
//! tolerantly and strictly. (`body_testbed.rs` finds such classes at random; these pin the
//! ones that were found.)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

mod common;

use common::{start_server, task_status_complete, tolerant_client_for, TOKEN};
use sailpoint_client::lifecycle_states::{GetLifecycleStateV1Error, LifecycleState};
use sailpoint_client::task_management::{GetTaskStatusV1Error, TaskStatus};
use sailpoint_client::{CallError, Client, Decoding, Error, ErrorBody, Repair, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn start() -> (MockServer, Client) {
    let server = start_server().await;
    let client = tolerant_client_for(&server);
    (server, client)
}

fn strict_client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .retry_policy(RetryPolicy::never())
        .decoding(Decoding::Strict)
        .build()
        .unwrap()
}

/// Answers every request with `status`, `content_type` and exactly these bytes.
async fn respond_bytes(server: &MockServer, status: u16, content_type: &str, body: Vec<u8>) {
    server.reset().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, content_type))
        .mount(server)
        .await;
}

/// A task as JSON text whose `description` is written as `raw` (JSON text, or bytes that are
/// not), every other property as the fixture has it.
fn task_with_raw_description(raw: &[u8]) -> Vec<u8> {
    let mut task = task_status_complete();
    task["description"] = json!("\u{1}MARK");
    let text = serde_json::to_vec(&task).unwrap();
    splice(&text, br#""\u0001MARK""#, raw)
}

/// `text` with its one occurrence of `marker` replaced by `raw`.
fn splice(text: &[u8], marker: &[u8], raw: &[u8]) -> Vec<u8> {
    let at = text
        .windows(marker.len())
        .position(|window| window == marker)
        .expect("the marker is in the text");
    [&text[..at], raw, &text[at + marker.len()..]].concat()
}

async fn get_task(
    client: &Client,
) -> Result<sailpoint_client::ApiResponse<TaskStatus>, Error<GetTaskStatusV1Error>> {
    client
        .task_management()
        .get_task_status_v1("t")
        .send()
        .await
}

#[tokio::test]
async fn a_property_sent_twice_is_reported_at_its_pointer_and_the_last_value_is_used() {
    let (server, client) = start().await;
    let body = task_with_raw_description(br#""first", "description": "second""#);
    respond_bytes(&server, 200, "application/json", body.clone()).await;

    let task = get_task(&client).await.unwrap();
    assert_eq!(task.description, "second");
    let deviations: Vec<(&str, Repair, Option<&Value>)> = task
        .deviations()
        .iter()
        .map(|deviation| (deviation.pointer(), deviation.repair(), deviation.found()))
        .collect();
    assert_eq!(
        deviations,
        [("/description", Repair::Duplicate, Some(&json!("first")))]
    );
    assert_eq!(
        task.deviations()[0].to_string(),
        "/description: expected a string given once, found \"first\" before another value; \
         the last value given is used"
    );

    match get_task(&strict_client(&server)).await {
        Err(Error::Decode { pointer, .. }) => assert_eq!(pointer, "/description"),
        other => panic!("a strict client must refuse a property given twice, got {other:?}"),
    }
}

#[tokio::test]
async fn a_key_sent_twice_in_a_map_is_reported_too() {
    let (server, client) = start().await;
    let mut task = task_status_complete();
    task["attributes"] = json!({ "\u{1}MARK": 0 });
    let text = serde_json::to_vec(&task).unwrap();
    let body = splice(&text, br#""\u0001MARK":0"#, br#""count": 1, "count": 2"#);
    respond_bytes(&server, 200, "application/json", body).await;

    let task = get_task(&client).await.unwrap();
    assert_eq!(task.attributes["count"], json!(2));
    let pointers: Vec<(&str, Repair)> = task
        .deviations()
        .iter()
        .map(|deviation| (deviation.pointer(), deviation.repair()))
        .collect();
    assert_eq!(pointers, [("/attributes/count", Repair::Duplicate)]);
}

#[tokio::test]
async fn a_byte_order_mark_before_the_json_is_ignored_as_rfc_8259_allows() {
    let (server, client) = start().await;
    let body = [
        b"\xEF\xBB\xBF".as_slice(),
        &serde_json::to_vec(&task_status_complete()).unwrap(),
    ]
    .concat();
    respond_bytes(&server, 200, "application/json", body).await;

    let task = get_task(&client).await.unwrap();
    assert_eq!(task.id, task_status_complete()["id"].as_str().unwrap());
    assert!(task.deviations().is_empty(), "{:?}", task.deviations());
    let strict = get_task(&strict_client(&server)).await.unwrap();
    assert_eq!(strict.body(), task.body());
}

/// The bytes that cost only the string they are in: invalid UTF-8 and lone surrogate escapes.
const UNUSABLE_STRINGS: &[(&str, &[u8])] = &[
    ("a byte that is not UTF-8", b"\"Aggregate \xFF from\""),
    ("a truncated UTF-8 sequence", b"\"Aggregate \xC3\""),
    ("an encoded surrogate", b"\"Aggregate \xED\xA0\xBD\""),
    (
        "a lone leading surrogate escape",
        br#""Aggregate \ud83d from""#,
    ),
    ("a lone trailing surrogate escape", br#""Aggregate \ude00""#),
];

#[tokio::test]
async fn a_string_that_is_not_unicode_costs_that_string_in_a_record() {
    let (server, client) = start().await;
    for (name, raw) in UNUSABLE_STRINGS {
        respond_bytes(
            &server,
            200,
            "application/json",
            task_with_raw_description(raw),
        )
        .await;

        let task = get_task(&client)
            .await
            .unwrap_or_else(|error| panic!("{name}: the record was lost: {error}"));
        // `description` is required: a marked stand-in; the other fields are what was sent.
        assert_eq!(task.description, "", "{name}");
        assert!(task.stand_ins().contains("description"), "{name}");
        assert_eq!(
            task.id,
            task_status_complete()["id"].as_str().unwrap(),
            "{name}"
        );
        let pointers: Vec<(&str, Repair)> = task
            .deviations()
            .iter()
            .map(|deviation| (deviation.pointer(), deviation.repair()))
            .collect();
        assert_eq!(pointers, [("/description", Repair::StandIn)], "{name}");

        match get_task(&strict_client(&server)).await {
            Err(Error::Decode { pointer, .. }) => assert_eq!(pointer, "/description", "{name}"),
            other => panic!("{name}: a strict client must name the string, got {other:?}"),
        }
    }
}

/// A page of four tasks `task-0`..`task-3` whose item 2 holds `raw` as its description.
fn page_with_raw_description(first: usize, raw: &[u8]) -> Vec<u8> {
    let mut items = Vec::new();
    for index in 0..4 {
        let mut task = task_status_complete();
        task["id"] = json!(format!("task-{}", first + index));
        if index == 2 {
            task["description"] = json!("\u{1}MARK");
        }
        items.push(task);
    }
    splice(
        &serde_json::to_vec(&items).unwrap(),
        br#""\u0001MARK""#,
        raw,
    )
}

#[tokio::test]
async fn a_string_that_is_not_unicode_costs_that_string_in_a_page_and_a_stream() {
    for (name, raw) in UNUSABLE_STRINGS {
        let (server, client) = start().await;
        Mock::given(method("GET"))
            .and(path("/task-status/v1"))
            .and(query_param_is_missing("offset"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_raw(page_with_raw_description(0, raw), "application/json"),
            )
            .mount(&server)
            .await;
        for (offset, body) in [
            (0, page_with_raw_description(0, raw)),
            (4, page_with_raw_description(4, raw)),
            (8, serde_json::to_vec(&json!([])).unwrap()),
        ] {
            Mock::given(method("GET"))
                .and(path("/task-status/v1"))
                .and(query_param("offset", offset.to_string()))
                .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
                .mount(&server)
                .await;
        }

        let page = client
            .task_management()
            .get_task_status_list_v1()
            .limit(4)
            .send()
            .await
            .unwrap_or_else(|error| panic!("{name}: the page was lost: {error}"));
        let ids: Vec<&str> = page.iter().map(|task| task.id.as_str()).collect();
        assert_eq!(ids, ["task-0", "task-1", "task-2", "task-3"], "{name}");
        assert!(page[2].stand_ins().contains("description"), "{name}");
        let pointers: Vec<&str> = page.deviations().iter().map(|d| d.pointer()).collect();
        assert_eq!(pointers, ["/2/description"], "{name}");

        let mut stream = client
            .task_management()
            .get_task_status_list_v1()
            .limit(4)
            .stream();
        let mut ids = Vec::new();
        while let Some(task) = stream.try_next().await.unwrap() {
            ids.push(task.id.clone());
        }
        assert_eq!(ids.len(), 8, "{name}: {ids:?}");
        let pointers: Vec<(Option<u64>, &str)> = stream
            .deviations()
            .iter()
            .map(|deviation| (deviation.page_offset(), deviation.pointer()))
            .collect();
        assert_eq!(
            pointers,
            [(Some(0), "/2/description"), (Some(4), "/2/description")],
            "{name}"
        );
    }
}

/// The bodies a documented error status arrives with when a proxy or a framework answers
/// instead of the API: what the typed variant must still be chosen for.
const UNUSABLE_ERROR_BODIES: &[(&str, &str, &[u8])] = &[
    ("an empty body", "application/json", b""),
    ("a text body", "text/plain", b"Not Found"),
    (
        "an HTML page",
        "text/html",
        b"<html><body><h1>404 Not Found</h1></body></html>",
    ),
    (
        "JSON of another shape",
        "application/json",
        b"[\"not\", \"found\"]",
    ),
];

async fn get_state(
    client: &Client,
) -> Result<sailpoint_client::ApiResponse<LifecycleState>, Error<GetLifecycleStateV1Error>> {
    client
        .lifecycle_states()
        .get_lifecycle_state_v1("profile", "state")
        .send()
        .await
}

#[tokio::test]
async fn a_documented_error_status_with_an_unusable_body_is_its_typed_variant() {
    let (server, client) = start().await;
    for (name, content_type, body) in UNUSABLE_ERROR_BODIES {
        server.reset().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(
                ResponseTemplate::new(404)
                    .insert_header("x-request-id", "r-1")
                    .set_body_raw(body.to_vec(), content_type),
            )
            .mount(&server)
            .await;

        let error = get_state(&client).await.unwrap_err();
        let Error::Api(GetLifecycleStateV1Error::NotFound(response)) = &error else {
            panic!("{name}: expected the documented 404, got {error:?}");
        };
        assert_eq!(response.status(), 404, "{name}");
        assert_eq!(response.headers()["x-request-id"], "r-1", "{name}");
        assert_eq!(
            response.unusable_body().map(|b| b.as_ref()),
            Some(*body),
            "{name}"
        );
        let deviations: Vec<(&str, Repair)> = response
            .deviations()
            .iter()
            .map(|deviation| (deviation.pointer(), deviation.repair()))
            .collect();
        assert_eq!(deviations, [("", Repair::StandIn)], "{name}");
        assert_eq!(response.detail_code, None, "{name}");

        // One error type for every operation keeps the body as it arrived, not the stand-in.
        let call_error = CallError::from(error);
        assert_eq!(call_error.status().map(|s| s.as_u16()), Some(404), "{name}");
        let kept = match std::str::from_utf8(body) {
            Ok("") => None,
            Ok(text) => Some(match serde_json::from_str::<Value>(text) {
                Ok(json) => ErrorBody::Json(json),
                Err(_) => ErrorBody::Text(text.to_owned()),
            }),
            Err(_) => unreachable!("the bodies are text"),
        };
        assert_eq!(call_error.body(), kept.as_ref(), "{name}");

        // Strict decoding accepts no deviation: the same answer is a decode error.
        match get_state(&strict_client(&server)).await {
            Err(Error::Decode {
                pointer, response, ..
            }) => {
                assert_eq!(pointer, "", "{name}");
                assert_eq!(response.status(), 404, "{name}");
            }
            other => panic!("{name}: expected Error::Decode from a strict client, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_success_status_with_an_unusable_body_stays_a_decode_error() {
    let (server, client) = start().await;
    respond_bytes(&server, 200, "text/html", b"<html></html>".to_vec()).await;
    match get_task(&client).await {
        Err(Error::Decode { pointer, .. }) => assert_eq!(pointer, ""),
        other => panic!("a success cannot be stood in for, got {other:?}"),
    }
}

#[tokio::test]
async fn a_number_or_spaces_in_an_enum_value_cost_one_deviation_at_its_pointer() {
    let (server, client) = start().await;
    for (sent, kept, repair) in [
        (json!(3), "3", Repair::UnknownEnumValue),
        (json!(true), "true", Repair::UnknownEnumValue),
        (json!(" SUCCESS "), "SUCCESS", Repair::CaseFolded),
    ] {
        let mut task = task_status_complete();
        task["completionStatus"] = sent.clone();
        respond_bytes(
            &server,
            200,
            "application/json",
            serde_json::to_vec(&task).unwrap(),
        )
        .await;

        let task = get_task(&client).await.unwrap();
        let status = task
            .completion_status
            .as_ref()
            .map(|status| status.as_str());
        assert_eq!(status, Some(kept), "{sent}");
        let deviations: Vec<(&str, Repair, Option<&Value>)> = task
            .deviations()
            .iter()
            .map(|deviation| (deviation.pointer(), deviation.repair(), deviation.found()))
            .collect();
        assert_eq!(
            deviations,
            [("/completionStatus", repair, Some(&sent))],
            "{sent}"
        );
    }
}
