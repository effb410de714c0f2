//! The typed test doubles the generator writes for any spec: path, query, header and cookie
//! conditions written as the client writes them, ranges and `default` answered with a status
//! that selects their variant, and a stream walked against the double.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use snapshot_fixtures::mock::MockServer;
use snapshot_fixtures::mock::TestDouble;
use snapshot_fixtures::parameters::SearchType;
use snapshot_fixtures::status_codes::{DeleteTaskError, ListTasksError, Problem};
use snapshot_fixtures::Error;

#[tokio::test]
async fn every_kind_of_parameter_is_a_condition() {
    let server = MockServer::start().await;
    let mut user = serde_json::Map::new();
    user.insert("name".into(), "Ada".into());
    let answered = server
        .parameters()
        .get_user()
        .org_id("org/1")
        .user_id(7)
        .x_request_id("req-1")
        .session("s 1")
        .expect(1)
        .respond(user.clone());
    let client = server.client();

    let found = client
        .parameters()
        .get_user("org/1", 7)
        .x_request_id("req-1")
        .session("s 1")
        .await
        .unwrap();
    assert_eq!(found.into_body(), user);
    assert_eq!(answered.calls(), 1);

    let other = client
        .parameters()
        .get_user("org/1", 8)
        .x_request_id("req-1")
        .await;
    assert_eq!(
        other.unwrap_err().status().map(|status| status.as_u16()),
        Some(599)
    );
    let unmatched = server.take_unmatched();
    assert_eq!(unmatched.len(), 1);
    assert_eq!(unmatched[0].operation_id(), Some("getUser"));
    assert!(
        unmatched[0]
            .to_string()
            .ends_with("where path `org-id` = \"org/1\", path `user_id` = \"7\", header `X-Request-Id` = \"req-1\", cookie `session` = \"s 1\", answering HTTP 200: path `user_id` was \"8\""),
        "{}",
        unmatched[0]
    );
}

#[tokio::test]
async fn query_lists_and_enums_match_as_sent_and_a_stream_walks_the_double() {
    let server = MockServer::start().await;
    server
        .parameters()
        .search()
        .q("x")
        .ids(vec!["a".into(), "b".into()])
        .type_(SearchType::Group)
        .offset(0)
        .expect(1)
        .respond(vec!["first".into(), "second".into()]);
    server
        .parameters()
        .search()
        .q("x")
        .offset(2)
        .expect(1)
        .respond(vec!["third".into()]);

    let mut stream = server
        .client()
        .parameters()
        .search("x")
        .ids(vec!["a".into(), "b".into()])
        .type_(SearchType::Group)
        .stream()
        .page_size(2);
    let mut items = Vec::new();
    while let Some(item) = stream.try_next().await.unwrap() {
        items.push(item);
    }
    assert_eq!(items, ["first", "second", "third"]);
}

#[tokio::test]
async fn ranges_and_default_answer_with_a_status_that_selects_their_variant() {
    let server = MockServer::start().await;
    let problem = Problem::new().with_detail("no");
    server
        .status_codes()
        .list_tasks()
        .respond_status4xx(problem.clone());
    server
        .status_codes()
        .delete_task()
        .id("t1")
        .respond_default(problem.clone());
    let client = server.client();

    match client.status_codes().list_tasks().await {
        Err(Error::Api(ListTasksError::Status4xx(response))) => {
            assert_eq!(response.status(), 402);
            assert_eq!(*response.body(), problem);
        }
        other => panic!("{other:?}"),
    }
    match client.status_codes().delete_task("t1").await {
        Err(Error::Api(DeleteTaskError::Default(response))) => {
            assert_eq!(response.status(), 500);
            assert_eq!(*response.body(), problem);
        }
        other => panic!("{other:?}"),
    }
}

/// An operation whose parameters are named like the methods every builder and test double has
/// from the runtime's `PerCall` and `mock::TestDouble` keeps those methods: the parameters'
/// own are renamed (`expect_2`, `timeout_2`), so a call such as `.expect(1)` reaches the
/// runtime's and takes its arguments, and a renamed parameter still reaches the wire under its
/// name in the spec.
#[tokio::test]
async fn parameters_named_like_the_shared_methods_do_not_hide_them() {
    use snapshot_fixtures::{Decoding, PerCall, RetryPolicy};
    use std::time::Duration;

    let server = MockServer::start().await;
    let answered = server
        .names()
        .every_name_in_the_query()
        .expect_2("e")
        .timeout_2("t")
        .decoding_2("d")
        .request_header("x-probe", "on")
        .response_header("x-answer", "42")
        .delay(Duration::from_millis(1))
        .drift(snapshot_fixtures::mock::Drift::new())
        .expect(1)
        .respond(Vec::new());

    let response = server
        .client()
        .names()
        .every_name_in_the_query()
        .expect_2("e")
        .timeout_2("t")
        .decoding_2("d")
        .header("x-probe", "on")
        .timeout(Duration::from_secs(5))
        .retry_policy(RetryPolicy::never())
        .decoding(Decoding::Strict)
        .await
        .unwrap();
    assert_eq!(response.headers()["x-answer"], "42");
    assert!(response.into_body().is_empty());
    assert_eq!(answered.calls(), 1);
}
