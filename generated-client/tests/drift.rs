//! Responses that break the spec in one value, as SailPoint's servers send them: the value costs
//! itself and nothing more, for a single record, a page and a stream, and each deviation is
//! reported with its JSON pointer. A strict client turns the same bodies into `Error::Decode`
//! naming that pointer.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]

mod common;

use common::{
    respond_json, start_server, task_status_complete, task_status_pending, tolerant_client_for,
    TOKEN,
};
use sailpoint_client::v2024::{TaskStatus, TaskStatusCompletionStatus, TaskStatusType};
use sailpoint_client::{Client, Decoding, Deviation, Error, PerCall, Repair, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

/// One way a server breaks the spec: the edit to a good `TaskStatus`, where it lands, what the
/// client does about it, and how the decoded record shows it.
struct Case {
    name: &'static str,
    edit: fn(&mut Value),
    pointer: &'static str,
    repair: Repair,
    check: fn(&TaskStatus),
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "a required string that is null",
            edit: |task| task["description"] = Value::Null,
            pointer: "/description",
            repair: Repair::StandIn,
            check: |task| {
                assert_eq!(task.description, "");
                assert!(task.stand_ins().contains("description"));
            },
        },
        Case {
            name: "a required string that is missing",
            edit: |task| {
                task.as_object_mut().unwrap().remove("launcher");
            },
            pointer: "/launcher",
            repair: Repair::StandIn,
            check: |task| {
                assert_eq!(task.launcher, "");
                assert_eq!(task.stand_ins().iter().collect::<Vec<_>>(), ["launcher"]);
            },
        },
        Case {
            name: "an integer that is null",
            edit: |task| task["percentComplete"] = Value::Null,
            pointer: "/percentComplete",
            repair: Repair::StandIn,
            check: |task| {
                assert_eq!(task.percent_complete, 0);
                assert!(task.stand_ins().contains("percent_complete"));
            },
        },
        Case {
            name: "an integer sent as a string",
            edit: |task| task["percentComplete"] = json!("45"),
            pointer: "/percentComplete",
            repair: Repair::Converted,
            check: |task| {
                assert_eq!(task.percent_complete, 45);
                assert!(task.stand_ins().is_empty());
            },
        },
        Case {
            name: "an array that is null",
            edit: |task| task["messages"] = Value::Null,
            pointer: "/messages",
            repair: Repair::StandIn,
            check: |task| {
                assert!(task.messages.is_empty());
                assert!(task.stand_ins().contains("messages"));
            },
        },
        Case {
            name: "a map that is null",
            edit: |task| task["attributes"] = Value::Null,
            pointer: "/attributes",
            repair: Repair::StandIn,
            check: |task| {
                assert!(task.attributes.is_empty());
                assert!(task.stand_ins().contains("attributes"));
            },
        },
        Case {
            name: "an enum value in another case",
            edit: |task| task["completionStatus"] = json!("Success"),
            pointer: "/completionStatus",
            repair: Repair::CaseFolded,
            check: |task| {
                assert_eq!(
                    task.completion_status,
                    Some(TaskStatusCompletionStatus::Success)
                );
            },
        },
        Case {
            name: "a timestamp whose offset has no colon",
            edit: |task| task["created"] = json!("2020-07-11T23:23:15+0200"),
            pointer: "/created",
            repair: Repair::TimestampCompleted,
            check: |task| {
                assert_eq!(task.created.to_rfc3339(), "2020-07-11T21:23:15+00:00");
            },
        },
        Case {
            name: "a timestamp without an offset",
            edit: |task| task["launched"] = json!("2020-07-11T21:23:16"),
            pointer: "/launched",
            repair: Repair::TimestampCompleted,
            check: |task| {
                assert_eq!(
                    task.launched
                        .map(|launched| launched.to_rfc3339())
                        .as_deref(),
                    Some("2020-07-11T21:23:16+00:00")
                );
            },
        },
        Case {
            name: "a nested required string that is null",
            edit: |task| task["messages"][0]["localizedText"]["locale"] = Value::Null,
            pointer: "/messages/0/localizedText/locale",
            repair: Repair::StandIn,
            check: |task| {
                let text = task.messages[0].localized_text.as_ref().unwrap();
                assert_eq!(text.locale, "");
                assert!(text.stand_ins().contains("locale"));
                assert_eq!(text.message, "Two accounts were skipped.");
                assert!(task.stand_ins().is_empty());
            },
        },
        Case {
            name: "a nested required field that is missing",
            edit: |task| {
                task["messages"][0].as_object_mut().unwrap().remove("key");
            },
            pointer: "/messages/0/key",
            repair: Repair::StandIn,
            check: |task| {
                assert_eq!(task.messages[0].key, "");
                assert!(task.messages[0].stand_ins().contains("key"));
            },
        },
        Case {
            name: "a number where a string is expected",
            edit: |task| task["uniqueName"] = json!(42),
            pointer: "/uniqueName",
            repair: Repair::Converted,
            check: |task| assert_eq!(task.unique_name, "42"),
        },
        Case {
            name: "an enum value the spec does not list",
            edit: |task| task["type"] = json!("NEW_KIND"),
            pointer: "/type",
            repair: Repair::UnknownEnumValue,
            check: |task| {
                assert_eq!(task.type_.as_str(), "NEW_KIND");
                assert_eq!(task.type_, TaskStatusType::from("NEW_KIND"));
            },
        },
        Case {
            name: "an optional value that cannot be used",
            edit: |task| task["target"] = json!("not an object"),
            pointer: "/target",
            repair: Repair::Dropped,
            check: |task| assert_eq!(task.target, None),
        },
        Case {
            name: "a list item that cannot be used",
            edit: |task| task["returns"] = json!([{ "name": "label", "attributeName": "n" }, 7]),
            pointer: "/returns/1",
            repair: Repair::Dropped,
            check: |task| {
                assert_eq!(task.returns.len(), 1);
                assert_eq!(task.returns[0].attribute_name, "n");
            },
        },
    ]
}

/// The good record with `case` applied.
fn broken(case: &Case) -> Value {
    let mut task = task_status_complete();
    (case.edit)(&mut task);
    task
}

/// Checks that the one deviation is the case's, and that the rest of the record is intact.
fn assert_only_deviation(case: &Case, deviations: &[Deviation], prefix: &str) {
    let pointers: Vec<&str> = deviations.iter().map(Deviation::pointer).collect();
    let expected = format!("{prefix}{}", case.pointer);
    assert_eq!(pointers, [expected.as_str()], "{}", case.name);
    assert_eq!(deviations[0].repair(), case.repair, "{}", case.name);
}

/// A server with no mocks yet, and a client that decodes as clients do by default: tolerantly.
async fn start() -> (wiremock::MockServer, Client) {
    let server = start_server().await;
    let client = tolerant_client_for(&server);
    (server, client)
}

fn strict_client(server: &wiremock::MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .retry_policy(RetryPolicy::never())
        .decoding(Decoding::Strict)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_single_record_keeps_every_field_but_the_one_that_breaks_the_spec() {
    let (server, client) = start().await;
    for case in cases() {
        let body = broken(&case);
        respond_json(&server, 200, &body).await;
        let response = client
            .v2024()
            .get_task_status("task-1")
            .send()
            .await
            .unwrap_or_else(|error| panic!("{}: {error}", case.name));
        assert_only_deviation(&case, response.deviations(), "");
        (case.check)(&response);
        assert_eq!(
            response.id, "00eebcf881994e419d72e757fd30dc0e",
            "{}",
            case.name
        );
        assert!(
            response.task_definition_summary.is_some(),
            "{}: the rest of the record decodes",
            case.name
        );
        assert!(
            response.deviations()[0]
                .schema()
                .starts_with("spec/v2024/task-management.yaml#/"),
            "{}: {}",
            case.name,
            response.deviations()[0].schema()
        );
    }
}

#[tokio::test]
async fn a_strict_client_fails_on_each_deviation_naming_its_pointer() {
    let (server, client) = start().await;
    let strict = strict_client(&server);
    for case in cases() {
        respond_json(&server, 200, &broken(&case)).await;
        for error in [
            strict
                .v2024()
                .get_task_status("task-1")
                .send()
                .await
                .unwrap_err(),
            client
                .v2024()
                .get_task_status("task-1")
                .decoding(Decoding::Strict)
                .send()
                .await
                .unwrap_err(),
        ] {
            match &error {
                Error::Decode { pointer, .. } => {
                    assert_eq!(pointer, case.pointer, "{}", case.name)
                }
                other => panic!("{}: expected Error::Decode, got {other:?}", case.name),
            }
            assert!(
                error
                    .to_string()
                    .contains(&format!(" at {}: ", case.pointer)),
                "{}: {error}",
                case.name
            );
        }
    }
}

#[tokio::test]
async fn spec_valid_bodies_report_nothing_even_when_strict() {
    let (server, client) = start().await;
    let strict = strict_client(&server);
    for body in [task_status_complete(), task_status_pending()] {
        respond_json(&server, 200, &body).await;
        let tolerant = client.v2024().get_task_status("t").send().await.unwrap();
        assert!(tolerant.deviations().is_empty());
        assert!(tolerant.stand_ins().is_empty());
        let exact = strict.v2024().get_task_status("t").send().await.unwrap();
        assert_eq!(exact.into_body(), tolerant.into_body());
    }
}

/// Eleven good records and, at index 5, one with the case applied.
fn page_with(case: &Case) -> Value {
    let mut items: Vec<Value> = (0..11)
        .map(|index| {
            let mut task = task_status_complete();
            task["id"] = json!(format!("task-{index}"));
            task
        })
        .collect();
    let mut bad = broken(case);
    bad["id"] = json!("bad");
    items.insert(5, bad);
    Value::Array(items)
}

#[tokio::test]
async fn a_page_keeps_its_good_items_and_the_repaired_one() {
    let (server, client) = start().await;
    for case in cases() {
        respond_json(&server, 200, &page_with(&case)).await;
        let page = client.v2024().get_task_status_list().send().await.unwrap();
        assert_eq!(page.len(), 12, "{}", case.name);
        assert_only_deviation(&case, page.deviations(), "/5");
        (case.check)(&page[5]);
        assert_eq!(page[11].id, "task-10");

        let strict = client
            .v2024()
            .get_task_status_list()
            .decoding(Decoding::Strict);
        match strict.send().await {
            Err(Error::Decode { pointer, .. }) => {
                assert_eq!(pointer, format!("/5{}", case.pointer), "{}", case.name)
            }
            other => panic!("{}: expected Error::Decode, got {other:?}", case.name),
        }
    }
}

#[tokio::test]
async fn a_page_item_that_cannot_be_used_is_left_out_with_its_index_and_json() {
    let (server, client) = start().await;
    let mut items: Vec<Value> = (0..11).map(|_| task_status_complete()).collect();
    items.insert(3, json!("not a task"));
    respond_json(&server, 200, &Value::Array(items)).await;

    let page = client.v2024().get_task_status_list().send().await.unwrap();

    assert_eq!(page.len(), 11);
    let deviations = page.deviations();
    assert_eq!(deviations.len(), 1);
    assert_eq!(deviations[0].pointer(), "/3");
    assert!(deviations[0].is_dropped_item());
    assert_eq!(deviations[0].found(), Some(&json!("not a task")));
    assert_eq!(deviations[0].expected(), "a TaskStatus object");
    assert!(
        deviations[0]
            .schema()
            .ends_with("#/components/schemas/TaskStatus"),
        "{}",
        deviations[0].schema()
    );
}

#[tokio::test]
async fn a_stream_yields_every_good_item_of_every_page_and_goes_on() {
    let (server, client) = start().await;
    // Three pages of four: the second holds one record that cannot be used at all and one
    // that needs a stand-in; the stream must advance past both and reach the third.
    let page = |offset: usize, broken: bool| {
        let mut items: Vec<Value> = (0..4)
            .map(|index| {
                let mut task = task_status_complete();
                task["id"] = json!(format!("task-{}", offset + index));
                task
            })
            .collect();
        if broken {
            items[1] = json!(null);
            items[2]["description"] = Value::Null;
        }
        items
    };
    for (offset, items) in [
        (0, page(0, false)),
        (4, page(4, true)),
        (8, page(8, false)[..3].to_vec()),
    ] {
        Mock::given(method("GET"))
            .and(path("/v2024/task-status"))
            .and(query_param("offset", offset.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(Value::Array(items)))
            .mount(&server)
            .await;
    }

    let mut stream = client.v2024().get_task_status_list().limit(4).stream();
    let mut ids = Vec::new();
    while let Some(task) = stream.try_next().await.unwrap() {
        ids.push(task.id.clone());
        if task.id == "task-6" {
            assert!(task.stand_ins().contains("description"));
        }
    }

    assert_eq!(
        ids,
        [
            "task-0", "task-1", "task-2", "task-3", "task-4", "task-6", "task-7", "task-8",
            "task-9", "task-10"
        ]
    );
    let pointers: Vec<(Option<u64>, &str, Repair)> = stream
        .deviations()
        .iter()
        .map(|deviation| {
            (
                deviation.page_offset(),
                deviation.pointer(),
                deviation.repair(),
            )
        })
        .collect();
    assert_eq!(
        pointers,
        [
            (Some(4), "/1", Repair::Dropped),
            (Some(4), "/2/description", Repair::StandIn),
        ]
    );
    assert_eq!(stream.deviation_count(), 2);
}

#[tokio::test]
async fn a_body_that_cannot_be_used_at_all_is_a_decode_error_at_the_root() {
    let (server, client) = start().await;
    respond_json(&server, 200, &json!([1, 2, 3])).await;
    match client.v2024().get_task_status("t").send().await {
        Err(Error::Decode {
            pointer, expected, ..
        }) => {
            assert_eq!(pointer, "");
            assert!(expected.ends_with("TaskStatus"), "{expected}");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn documented_error_bodies_are_decoded_tolerantly_too() {
    let (server, client) = start().await;
    respond_json(
        &server,
        400,
        &json!({ "detailCode": 400, "trackingId": "abc", "messages": [{ "locale": "en-US", "text": "bad" }] }),
    )
    .await;
    let error = client
        .v2024()
        .get_task_status("t")
        .send()
        .await
        .unwrap_err();
    let Some(sailpoint_client::v2024::GetTaskStatusError::BadRequest(response)) = error.api()
    else {
        panic!("expected the documented 400, got {error:?}");
    };
    assert_eq!(response.detail_code.as_deref(), Some("400"));
    assert_eq!(response.deviations()[0].pointer(), "/detailCode");
    assert_eq!(response.deviations()[0].repair(), Repair::Converted);
}

#[test]
fn deviations_say_which_overlay_action_would_record_them() {
    // The overlay actions are checked on deviations the client produced.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let (server, client) = start().await;
        let mut body = task_status_complete();
        body["description"] = Value::Null;
        body.as_object_mut().unwrap().remove("launcher");
        body["completionStatus"] = json!("PAUSED");
        respond_json(&server, 200, &body).await;
        let response = client.v2024().get_task_status("t").send().await.unwrap();
        let actions: Vec<String> = response
            .deviations()
            .iter()
            .map(|deviation| deviation.overlay_action().unwrap())
            .collect();
        assert_eq!(
            actions,
            [
                "# an action of an overlay applying to spec/v2024/task-management.yaml\ntarget: \"$.components.schemas.TaskStatus.properties.description\"\nupdate:\n  nullable: true",
                "# an action of an overlay applying to spec/v2024/task-management.yaml\ntarget: \"$.components.schemas.TaskStatus.required[?@ == 'launcher']\"\nremove: true",
                "# an action of an overlay applying to spec/v2024/task-management.yaml\ntarget: \"$.components.schemas.TaskStatus.properties.completionStatus.enum\"\nupdate:\n  - \"PAUSED\"",
            ]
        );
        assert_eq!(
            response.deviations()[0].to_string(),
            "/description: expected a string, found null; a stand-in is used, named by the record's stand_ins()"
        );
    });
}

#[tokio::test]
async fn a_strict_refusal_names_the_value_once_and_the_public_type() {
    let (server, client) = start().await;
    let mut body = task_status_complete();
    body["description"] = Value::Null;
    respond_json(&server, 200, &body).await;
    let error = client
        .v2024()
        .get_task_status("t")
        .decoding(Decoding::Strict)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "could not decode the HTTP 200 OK response body as sailpoint_client::v2024::TaskStatus at \
         /description: expected a string, found null, which strict decoding refuses (tolerant \
         decoding would use a stand-in)"
    );
}

#[tokio::test]
async fn what_was_read_without_loss_advises_no_overlay() {
    // Following `type: string` for a number sent as text would turn an `i32` field into a
    // `String`: a breaking change for a value the client read as the server meant it.
    let (server, client) = start().await;
    let mut body = task_status_complete();
    body["percentComplete"] = json!("100");
    body["completionStatus"] = json!("success");
    body["created"] = json!("2020-07-11T21:23:15+0000");
    respond_json(&server, 200, &body).await;
    let response = client.v2024().get_task_status("t").send().await.unwrap();
    let advice: Vec<(Repair, Option<String>)> = response
        .deviations()
        .iter()
        .map(|deviation| (deviation.repair(), deviation.overlay_action()))
        .collect();
    assert_eq!(
        advice,
        [
            (Repair::TimestampCompleted, None),
            (Repair::CaseFolded, None),
            (Repair::Converted, None),
        ]
    );
    assert_eq!(response.percent_complete, 100);
    assert!(Repair::Converted.is_lossless());
    assert!(!Repair::StandIn.is_lossless());
}

#[tokio::test]
async fn a_stream_keeps_every_item_through_each_kind_of_deviation() {
    let (server, client) = start().await;
    for case in cases() {
        server.reset().await;
        let good = |id: &str| {
            let mut task = task_status_complete();
            task["id"] = json!(id);
            task
        };
        let mut bad = broken(&case);
        bad["id"] = json!("bad");
        let pages = [
            (0, vec![good("a"), good("b"), bad, good("c")]),
            (4, vec![good("d"), good("e")]),
        ];
        for (offset, items) in pages {
            Mock::given(method("GET"))
                .and(path("/v2024/task-status"))
                .and(query_param("offset", offset.to_string()))
                .respond_with(ResponseTemplate::new(200).set_body_json(Value::Array(items)))
                .mount(&server)
                .await;
        }

        let mut stream = client.v2024().get_task_status_list().limit(4).stream();
        let mut ids = Vec::new();
        while let Some(task) = stream.try_next().await.unwrap() {
            if task.id == "bad" {
                (case.check)(&task);
            }
            ids.push(task.id.clone());
        }

        assert_eq!(ids, ["a", "b", "bad", "c", "d", "e"], "{}", case.name);
        assert_only_deviation(&case, stream.deviations(), "/2");

        let mut strict = client
            .v2024()
            .get_task_status_list()
            .limit(4)
            .decoding(Decoding::Strict)
            .stream();
        match strict.try_next().await {
            Err(Error::Decode { pointer, .. }) => {
                assert_eq!(pointer, format!("/2{}", case.pointer), "{}", case.name)
            }
            other => panic!("{}: expected Error::Decode, got {other:?}", case.name),
        }
        assert_eq!(
            stream.deviations()[0].page_offset(),
            Some(0),
            "{}",
            case.name
        );
    }
}

#[tokio::test]
async fn a_page_sent_as_null_is_an_empty_page_that_says_so() {
    let (server, client) = start().await;
    respond_json(&server, 200, &Value::Null).await;
    let page = client.v2024().get_task_status_list().send().await.unwrap();
    assert!(page.is_empty());
    assert_eq!(page.deviations()[0].pointer(), "");
    assert_eq!(page.deviations()[0].repair(), Repair::StandIn);
    assert_eq!(page.deviations()[0].found(), Some(&Value::Null));

    let strict = strict_client(&server);
    match strict.v2024().get_task_status_list().send().await {
        Err(Error::Decode { pointer, .. }) => assert_eq!(pointer, ""),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}
