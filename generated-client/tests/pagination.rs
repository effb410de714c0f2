//! Pagination streams (`stream()` of getTaskStatusList, getLifecycleStates and getPendingTasks)
//! against a server that pages a generated list by `offset` and `limit`: the requests each page
//! sends, where the stream stops (short or empty page, item cap, error, drop), and
//! `X-Total-Count` on a plain `send()`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]

mod common;

use std::collections::BTreeMap;

use common::{
    client_for, error_dto_body, expect_api_error, header, lifecycle_state_minimal, received,
    start_server, task_status_pending, TOKEN,
};
use futures::StreamExt;
use sailpoint_client::{Client, Error, DEFAULT_PAGE_SIZE};
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Answers a list operation with the slice of `items` that the request's `offset` (default 0)
/// and `limit` (default 250) select, with `X-Total-Count`; answers 500 instead for a page
/// starting at `fail_at`.
struct Pages {
    items: Vec<Value>,
    fail_at: Option<usize>,
}

impl Respond for Pages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let query = query_of(request);
        let number = |name: &str, default: usize| {
            query
                .get(name)
                .map_or(default, |value| value.parse().expect("a number"))
        };
        let offset = number("offset", 0);
        let limit = number("limit", 250);
        if self.fail_at == Some(offset) {
            return ResponseTemplate::new(500).set_body_json(error_dto_body(500));
        }
        let page: Vec<Value> = self
            .items
            .iter()
            .skip(offset)
            .take(limit)
            .cloned()
            .collect();
        ResponseTemplate::new(200)
            .insert_header("x-total-count", self.items.len().to_string().as_str())
            .set_body_json(page)
    }
}

/// The query pairs of `request`, which must not repeat a name.
fn query_of(request: &Request) -> BTreeMap<String, String> {
    let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    let map: BTreeMap<String, String> = pairs.iter().cloned().collect();
    assert_eq!(
        map.len(),
        pairs.len(),
        "a repeated query parameter: {pairs:?}"
    );
    map
}

/// `TaskStatus` number `i`, with the id `task-{i}`.
fn task(i: usize) -> Value {
    let mut task = task_status_pending();
    task["id"] = Value::String(format!("task-{i}"));
    task
}

/// `LifecycleState` number `i`, with the id and technical name `state-{i}`.
fn state(i: usize) -> Value {
    let mut state = lifecycle_state_minimal();
    state["id"] = Value::String(format!("state-{i}"));
    state["technicalName"] = Value::String(format!("state-{i}"));
    state
}

/// A server paging `count` items made by `item`, and a client for it.
async fn serve(count: usize, item: fn(usize) -> Value) -> (MockServer, Client) {
    serve_failing(count, item, None).await
}

async fn serve_failing(
    count: usize,
    item: fn(usize) -> Value,
    fail_at: Option<usize>,
) -> (MockServer, Client) {
    let server = start_server().await;
    Mock::given(any())
        .respond_with(Pages {
            items: (0..count).map(item).collect(),
            fail_at,
        })
        .mount(&server)
        .await;
    let client = client_for(&server);
    (server, client)
}

/// The `(offset, limit)` of each request that arrived, as numbers.
async fn pages_requested(server: &MockServer) -> Vec<(u64, u64)> {
    received(server)
        .await
        .iter()
        .map(|request| {
            let query = query_of(request);
            (
                query["offset"].parse().expect("an offset"),
                query["limit"].parse().expect("a limit"),
            )
        })
        .collect()
}

fn expected_query(pairs: &[(&str, String)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(name, value)| ((*name).to_owned(), value.clone()))
        .collect()
}

fn range_ids(prefix: &str, range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("{prefix}-{i}")).collect()
}

const PROFILE_PATH: &str = "/v3/identity-profiles/profile-1/lifecycle-states";

// ---------------------------------------------------------------------------------------------
// Walking every page
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn three_pages_with_a_short_last_page_yield_every_item_in_order() {
    let (server, client) = serve(510, task).await;
    let filters = "completionStatus eq \"SUCCESS\"";

    let items: Vec<_> = client
        .v2024()
        .get_task_status_list()
        .filters(filters)
        .sorters("-created")
        .stream()
        .collect()
        .await;

    let ids: Vec<String> = items
        .into_iter()
        .map(|item| item.expect("every page succeeds").id)
        .collect();
    assert_eq!(ids, range_ids("task", 0..510));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    for (request, offset) in requests.iter().zip([0, 250, 500]) {
        assert_eq!(request.method.as_str(), "GET");
        assert_eq!(request.url.path(), "/v2024/task-status");
        assert_eq!(
            query_of(request),
            expected_query(&[
                ("limit", "250".into()),
                ("offset", offset.to_string()),
                ("filters", filters.into()),
                ("sorters", "-created".into()),
            ]),
            "page at {offset}"
        );
        assert_eq!(header(request, "x-sailpoint-experimental"), Some("true"));
        assert_eq!(
            header(request, "authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
    }
}

#[tokio::test]
async fn a_full_last_page_is_followed_by_one_request_that_comes_back_empty() {
    let (server, client) = serve(500, state).await;

    let items: Vec<_> = client
        .v3()
        .get_lifecycle_states("profile-1")
        .stream()
        .collect()
        .await;

    assert_eq!(items.len(), 500);
    assert!(items.iter().all(Result::is_ok));
    assert_eq!(
        pages_requested(&server).await,
        [(0, 250), (250, 250), (500, 250)]
    );
}

#[tokio::test]
async fn an_empty_first_page_is_an_empty_stream_after_one_request() {
    let (server, client) = serve(0, state).await;

    let items: Vec<_> = client
        .v3()
        .get_lifecycle_states("profile-1")
        .sorters("name")
        .stream()
        .collect()
        .await;

    assert!(items.is_empty(), "{items:?}");
    let request = common::the_request(&server).await;
    assert_eq!(request.url.path(), PROFILE_PATH);
    assert_eq!(
        query_of(&request),
        expected_query(&[
            ("limit", "250".into()),
            ("offset", "0".into()),
            ("sorters", "name".into()),
        ])
    );
}

#[allow(deprecated, reason = "getPendingTasks is deprecated but still served")]
#[tokio::test]
async fn get_pending_tasks_streams_pages_and_a_204_is_an_empty_page() {
    let (server, client) = serve(253, task).await;
    let items: Vec<_> = client.v2024().get_pending_tasks().stream().collect().await;
    let ids: Vec<String> = items.into_iter().map(|item| item.unwrap().id).collect();
    assert_eq!(ids, range_ids("task", 0..253));
    assert_eq!(pages_requested(&server).await, [(0, 250), (250, 250)]);

    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let items: Vec<_> = client.v2024().get_pending_tasks().stream().collect().await;
    assert!(items.is_empty(), "{items:?}");
    let request = common::the_request(&server).await;
    assert_eq!(request.url.path(), "/v2024/task-status/pending-tasks");
    assert_eq!(request.url.query(), Some("offset=0&limit=250"));
    assert_eq!(header(&request, "x-sailpoint-experimental"), Some("true"));
}

// ---------------------------------------------------------------------------------------------
// Page size, starting offset and item cap
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_item_cap_asks_for_no_more_than_needed_and_stops_there() {
    let (server, client) = serve(510, state).await;

    let items: Vec<_> = client
        .v3()
        .get_lifecycle_states("profile-1")
        .sorters("-priority")
        .stream()
        .max_items(300)
        .collect()
        .await;

    let ids: Vec<String> = items
        .into_iter()
        .map(|item| item.unwrap().id.expect("an id"))
        .collect();
    assert_eq!(ids, range_ids("state", 0..300));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2, "no third request");
    for (request, (offset, limit)) in requests.iter().zip([("0", "250"), ("250", "50")]) {
        assert_eq!(
            query_of(request),
            expected_query(&[
                ("limit", limit.into()),
                ("offset", offset.into()),
                ("sorters", "-priority".into()),
            ])
        );
    }
}

#[tokio::test]
async fn an_item_cap_of_zero_sends_nothing() {
    let (server, client) = serve(10, state).await;

    let items: Vec<_> = client
        .v3()
        .get_lifecycle_states("profile-1")
        .stream()
        .max_items(0)
        .collect()
        .await;

    assert!(items.is_empty());
    common::assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn page_size_sets_the_limit_of_every_page() {
    let (server, client) = serve(250, state).await;

    let items: Vec<_> = client
        .v3()
        .get_lifecycle_states("profile-1")
        .stream()
        .page_size(100)
        .collect()
        .await;

    assert_eq!(items.len(), 250);
    assert_eq!(
        pages_requested(&server).await,
        [(0, 100), (100, 100), (200, 100)]
    );
}

/// A server capping pages at its documented maximum would otherwise end the stream after one
/// short page.
#[tokio::test]
async fn page_size_never_exceeds_the_documented_maximum_limit() {
    let (server, client) = serve(600, state).await;

    let items: Vec<_> = client
        .v3()
        .get_lifecycle_states("profile-1")
        .stream()
        .page_size(1000)
        .collect()
        .await;

    assert_eq!(items.len(), 600);
    assert_eq!(
        pages_requested(&server).await,
        [(0, 250), (250, 250), (500, 250)]
    );
}

#[tokio::test]
async fn the_builders_limit_and_offset_set_the_page_size_and_the_first_offset() {
    let (server, client) = serve(100, task).await;

    let items: Vec<_> = client
        .v2024()
        .get_task_status_list()
        .limit(20)
        .offset(40)
        .stream()
        .collect()
        .await;

    let ids: Vec<String> = items.into_iter().map(|item| item.unwrap().id).collect();
    assert_eq!(ids, range_ids("task", 40..100));
    assert_eq!(
        pages_requested(&server).await,
        [(40, 20), (60, 20), (80, 20), (100, 20)]
    );
}

#[tokio::test]
async fn a_negative_offset_starts_at_zero_and_a_zero_limit_uses_the_default_page_size() {
    let (server, client) = serve(3, state).await;

    let items: Vec<_> = client
        .v3()
        .get_lifecycle_states("profile-1")
        .offset(-5)
        .limit(0)
        .stream()
        .collect()
        .await;

    assert_eq!(items.len(), 3);
    assert_eq!(pages_requested(&server).await, [(0, DEFAULT_PAGE_SIZE)]);
}

// ---------------------------------------------------------------------------------------------
// Where the stream stops early
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_error_on_page_two_comes_after_the_first_pages_items_and_ends_the_stream() {
    let (server, client) = serve_failing(600, task, Some(250)).await;
    let mut stream = client.v2024().get_task_status_list().stream();

    for i in 0..250 {
        let item = stream
            .next()
            .await
            .expect("an item")
            .expect("page one succeeds");
        assert_eq!(item.id, format!("task-{i}"));
    }
    let error = stream
        .next()
        .await
        .expect("the error is an item")
        .expect_err("page two fails");
    let response = expect_api_error!(error, v2024::GetTaskStatusListError::InternalServerError);
    assert_eq!(response.status().as_u16(), 500);
    assert!(stream.next().await.is_none(), "the stream ends");
    assert!(stream.next().await.is_none(), "and stays ended");

    assert_eq!(pages_requested(&server).await, [(0, 250), (250, 250)]);
}

#[tokio::test]
async fn an_error_on_the_first_page_is_the_only_item() {
    let (server, client) = serve_failing(10, state, Some(0)).await;

    let items: Vec<_> = client
        .v3()
        .get_lifecycle_states("profile-1")
        .stream()
        .collect()
        .await;

    assert_eq!(items.len(), 1);
    assert!(
        matches!(&items[0], Err(Error::Api(_))),
        "{:?}",
        items[0].as_ref().map(|_| ())
    );
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn dropping_the_stream_after_ten_items_stops_fetching() {
    let (server, client) = serve(510, task).await;

    let first: Vec<_> = client
        .v2024()
        .get_task_status_list()
        .stream()
        .take(10)
        .collect()
        .await;

    assert_eq!(first.len(), 10);
    assert_eq!(pages_requested(&server).await, [(0, 250)]);
}

#[tokio::test]
async fn taking_a_whole_page_does_not_fetch_the_next_one() {
    let (server, client) = serve(510, state).await;
    let mut stream = client.v3().get_lifecycle_states("profile-1").stream();

    for _ in 0..250 {
        stream.next().await.expect("an item").expect("page one");
    }

    assert_eq!(pages_requested(&server).await, [(0, 250)]);
    stream.next().await.expect("an item").expect("page two");
    assert_eq!(pages_requested(&server).await, [(0, 250), (250, 250)]);
}

// ---------------------------------------------------------------------------------------------
// X-Total-Count
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn count_true_on_send_exposes_x_total_count_as_a_number() {
    let (server, client) = serve(510, task).await;

    let response = client
        .v2024()
        .get_task_status_list()
        .count(true)
        .limit(5)
        .send()
        .await
        .unwrap();

    assert_eq!(response.total_count(), Some(510));
    assert_eq!(response.len(), 5);
    let request = common::the_request(&server).await;
    assert_eq!(request.url.query(), Some("limit=5&count=true"));

    server.reset().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(Vec::<Value>::new())
                .insert_header("x-total-count", "not a number"),
        )
        .mount(&server)
        .await;
    let response = client
        .v3()
        .get_lifecycle_states("profile-1")
        .count(true)
        .send()
        .await
        .unwrap();
    assert_eq!(response.total_count(), None);
}

// ---------------------------------------------------------------------------------------------
// A server that does not advance
// ---------------------------------------------------------------------------------------------

/// Answers every page with the first `limit` of `count` tasks, whatever `offset` says, as list
/// endpoints that ignore `offset` do.
struct IgnoresOffset {
    count: usize,
}

impl Respond for IgnoresOffset {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let limit: usize = query_of(request)["limit"].parse().expect("a limit");
        let page: Vec<Value> = (0..self.count.min(limit)).map(task).collect();
        ResponseTemplate::new(200).set_body_json(page)
    }
}

#[tokio::test]
async fn a_server_that_ignores_offset_ends_the_stream_with_a_typed_error_after_one_page() {
    let server = start_server().await;
    Mock::given(any())
        .respond_with(IgnoresOffset { count: 1_000 })
        .mount(&server)
        .await;
    let client = client_for(&server);

    // Bounded here only so that a stream that never stops fails the test instead of hanging it.
    let items: Vec<_> = client
        .v2024()
        .get_task_status_list()
        .stream()
        .page_size(3)
        .take(20)
        .collect()
        .await;

    assert_eq!(items.len(), 4, "three items, then the error, then the end");
    let ids: Vec<String> = items[..3]
        .iter()
        .map(|item| item.as_ref().expect("the first page").id.clone())
        .collect();
    assert_eq!(ids, range_ids("task", 0..3));
    let error = items[3]
        .as_ref()
        .expect_err("the repeated page is an error");
    assert!(
        matches!(
            error,
            Error::PaginationStalled {
                offset: 3,
                previous_offset: 0,
                page_size: 3
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "the server answered offset 3 with the same 3 items as offset 0, so it is not advancing \
         through the list (does it ignore `offset`?); the stream stopped instead of repeating them"
    );
    assert_eq!(pages_requested(&server).await, [(0, 3), (3, 3)]);
}

#[tokio::test]
async fn a_long_listing_that_advances_is_streamed_to_its_end() {
    let (server, client) = serve(5_000, task).await;

    let items: Vec<_> = client
        .v2024()
        .get_task_status_list()
        .stream()
        .collect()
        .await;

    let ids: Vec<String> = items
        .into_iter()
        .map(|item| item.expect("every page succeeds").id)
        .collect();
    assert_eq!(ids, range_ids("task", 0..5_000));
    assert_eq!(pages_requested(&server).await.len(), 21);
}
