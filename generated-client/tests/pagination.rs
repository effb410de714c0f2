//! Pagination streams (`stream()` of getTaskStatusList, getLifecycleStates and getPendingTasks,
//! in both module generations) against a local list endpoint (`listing/`): the requests each
//! page sends, where a listing ends (short or empty page, SailPoint's 400 past the end, the
//! reported total), where the stream stops early (item cap, error, drop), what the stall guard
//! compares, and `X-Total-Count` on a plain `send()`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]

mod common;
mod listing;

use std::collections::BTreeMap;

use common::{client_for, expect_api_error, header, received, start_server, TOKEN};
use futures::StreamExt;
use listing::{item_id, Answer, Behaviour, Call, End, Failure, Listing, Op, PastEnd, Total};
use sailpoint_client::{Client, Error, DEFAULT_PAGE_SIZE};
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Far more items than any listing here holds: a stream still yielding after this many is
/// going on for ever.
const BOUND: usize = 10_000;

/// A server answering every request from `listing`, and a client for it.
async fn serve(listing: &Listing) -> (MockServer, Client) {
    let server = start_server().await;
    Mock::given(any())
        .respond_with(listing.clone())
        .mount(&server)
        .await;
    let client = client_for(&server);
    (server, client)
}

/// A listing of `size` items of `op` as SailPoint serves it, and a client for it.
async fn sailpoint(op: Op, size: usize) -> (MockServer, Client, Listing) {
    let listing = Listing::new(op, size, Behaviour::default());
    let (server, client) = serve(&listing).await;
    (server, client, listing)
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

fn expected_query(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

fn ids(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(item_id).collect()
}

/// The `count` each request sent.
fn counts_sent(listing: &Listing) -> Vec<Option<String>> {
    listing
        .served()
        .into_iter()
        .map(|served| served.count)
        .collect()
}

/// Every item id the server sent, page after page.
fn ids_served(listing: &Listing) -> Vec<String> {
    listing
        .served()
        .into_iter()
        .flat_map(|served| match served.answer {
            Answer::Page(ids) => ids,
            Answer::Status { .. } => Vec::new(),
        })
        .collect()
}

fn is_status(end: &End, expected: u16) -> bool {
    matches!(end, End::Failed { status: Some(status), .. } if *status == expected)
}

// ---------------------------------------------------------------------------------------------
// Walking every page
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn three_pages_with_a_short_last_page_yield_every_item_in_order() {
    let (server, client, _listing) = sailpoint(Op::TaskStatusList, 510).await;
    let filters = "completionStatus eq \"SUCCESS\"";

    let items: Vec<_> = client
        .v2024()
        .get_task_status_list()
        .filters(filters)
        .sorters("-created")
        .stream()
        .collect()
        .await;

    let ids_yielded: Vec<String> = items
        .into_iter()
        .map(|item| item.expect("every page succeeds").id)
        .collect();
    assert_eq!(ids_yielded, ids(0..510));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    for (request, (offset, count)) in
        requests
            .iter()
            .zip([("0", Some("true")), ("250", None), ("500", None)])
    {
        assert_eq!(request.method.as_str(), "GET");
        assert_eq!(request.url.path(), "/v2024/task-status");
        let mut expected = vec![
            ("limit", "250"),
            ("offset", offset),
            ("filters", filters),
            ("sorters", "-created"),
        ];
        expected.extend(count.map(|count| ("count", count)));
        assert_eq!(
            query_of(request),
            expected_query(&expected),
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
    let behaviour = Behaviour {
        past_end: PastEnd::Empty,
        ..Behaviour::default()
    };
    let listing = Listing::new(Op::LifecycleStates, 500, behaviour);
    let (_server, client) = serve(&listing).await;

    let walked = listing::stream(&client, Op::LifecycleStates, &Call::default(), BOUND).await;

    assert_eq!(walked.ids, ids(0..500));
    assert_eq!(walked.end, End::Finished);
    assert_eq!(
        listing.pages_requested(),
        [(0, 250), (250, 250), (500, 250)]
    );
}

#[tokio::test]
async fn an_empty_first_page_is_an_empty_stream_after_one_request() {
    let (server, client, _listing) = sailpoint(Op::LifecycleStates, 0).await;

    let items: Vec<_> = client
        .v3()
        .get_lifecycle_states("profile-1")
        .sorters("name")
        .stream()
        .collect()
        .await;

    assert!(items.is_empty(), "{items:?}");
    let request = common::the_request(&server).await;
    assert_eq!(
        request.url.path(),
        "/v3/identity-profiles/profile-1/lifecycle-states"
    );
    assert_eq!(
        query_of(&request),
        expected_query(&[
            ("limit", "250"),
            ("offset", "0"),
            ("count", "true"),
            ("sorters", "name"),
        ])
    );
}

#[allow(deprecated, reason = "getPendingTasks is deprecated but still served")]
#[tokio::test]
async fn get_pending_tasks_streams_pages_and_a_204_is_an_empty_page() {
    let (server, client, listing) = sailpoint(Op::PendingTasks, 253).await;
    let items: Vec<_> = client.v2024().get_pending_tasks().stream().collect().await;
    let ids_yielded: Vec<String> = items.into_iter().map(|item| item.unwrap().id).collect();
    assert_eq!(ids_yielded, ids(0..253));
    assert_eq!(listing.pages_requested(), [(0, 250), (250, 250)]);

    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let items: Vec<_> = client.v2024().get_pending_tasks().stream().collect().await;
    assert!(items.is_empty(), "{items:?}");
    let request = common::the_request(&server).await;
    assert_eq!(request.url.path(), "/v2024/task-status/pending-tasks");
    assert_eq!(request.url.query(), Some("offset=0&limit=250&count=true"));
    assert_eq!(header(&request, "x-sailpoint-experimental"), Some("true"));
}

#[tokio::test]
async fn a_long_listing_that_advances_is_streamed_to_its_end() {
    let (_server, client, listing) = sailpoint(Op::TaskStatusList, 5_000).await;

    let walked = listing::stream(&client, Op::TaskStatusList, &Call::default(), BOUND).await;

    assert_eq!(walked.ids, ids(0..5_000));
    assert_eq!(walked.end, End::Finished);
    // 5000 is a multiple of 250: the 21st request is answered with SailPoint's 400.
    assert_eq!(listing.served().len(), 21);
}

// ---------------------------------------------------------------------------------------------
// Page size, starting offset and item cap
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_item_cap_asks_for_no_more_than_needed_and_stops_there() {
    let (server, client, _listing) = sailpoint(Op::LifecycleStates, 510).await;

    let items: Vec<_> = client
        .v3()
        .get_lifecycle_states("profile-1")
        .sorters("-priority")
        .stream()
        .max_items(300)
        .collect()
        .await;

    let ids_yielded: Vec<String> = items
        .into_iter()
        .map(|item| item.unwrap().id.expect("an id"))
        .collect();
    assert_eq!(ids_yielded, ids(0..300));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2, "no third request");
    let first = [
        ("limit", "250"),
        ("offset", "0"),
        ("count", "true"),
        ("sorters", "-priority"),
    ];
    let second = [("limit", "50"), ("offset", "250"), ("sorters", "-priority")];
    assert_eq!(query_of(&requests[0]), expected_query(&first));
    assert_eq!(query_of(&requests[1]), expected_query(&second));
}

#[tokio::test]
async fn an_item_cap_of_zero_sends_nothing() {
    let (server, client, _listing) = sailpoint(Op::LifecycleStates, 10).await;
    let call = Call {
        max_items: Some(0),
        ..Call::default()
    };

    let walked = listing::stream(&client, Op::LifecycleStates, &call, BOUND).await;

    assert!(walked.ids.is_empty());
    assert_eq!(walked.end, End::Finished);
    common::assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn page_size_sets_the_limit_of_every_page() {
    let behaviour = Behaviour {
        past_end: PastEnd::Empty,
        ..Behaviour::default()
    };
    let listing = Listing::new(Op::LifecycleStates, 250, behaviour);
    let (_server, client) = serve(&listing).await;
    let call = Call {
        page_size: Some(100),
        ..Call::default()
    };

    let walked = listing::stream(&client, Op::LifecycleStates, &call, BOUND).await;

    assert_eq!(walked.ids.len(), 250);
    assert_eq!(
        listing.pages_requested(),
        [(0, 100), (100, 100), (200, 100)]
    );
}

/// A server capping pages at its documented maximum would otherwise end the stream after one
/// short page.
#[tokio::test]
async fn page_size_never_exceeds_the_documented_maximum_limit() {
    let (_server, client, listing) = sailpoint(Op::LifecycleStates, 600).await;
    let call = Call {
        page_size: Some(1000),
        ..Call::default()
    };

    let walked = listing::stream(&client, Op::LifecycleStates, &call, BOUND).await;

    assert_eq!(walked.ids.len(), 600);
    assert_eq!(
        listing.pages_requested(),
        [(0, 250), (250, 250), (500, 250)]
    );
}

#[tokio::test]
async fn the_builders_limit_and_offset_set_the_page_size_and_the_first_offset() {
    let (_server, client, listing) = sailpoint(Op::TaskStatusList, 100).await;
    let call = Call {
        limit: Some(20),
        offset: Some(40),
        ..Call::default()
    };

    let walked = listing::stream(&client, Op::TaskStatusList, &call, BOUND).await;

    assert_eq!(walked.ids, ids(40..100));
    assert_eq!(walked.end, End::Finished);
    assert_eq!(
        listing.pages_requested(),
        [(40, 20), (60, 20), (80, 20), (100, 20)]
    );
}

#[tokio::test]
async fn a_negative_offset_starts_at_zero_and_a_zero_limit_uses_the_default_page_size() {
    let (_server, client, listing) = sailpoint(Op::LifecycleStates, 3).await;
    let call = Call {
        offset: Some(-5),
        limit: Some(0),
        ..Call::default()
    };

    let walked = listing::stream(&client, Op::LifecycleStates, &call, BOUND).await;

    assert_eq!(walked.ids.len(), 3);
    assert_eq!(listing.pages_requested(), [(0, DEFAULT_PAGE_SIZE as usize)]);
}

// ---------------------------------------------------------------------------------------------
// Where the stream stops early
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_error_on_page_two_comes_after_the_first_pages_items_and_ends_the_stream() {
    let behaviour = Behaviour {
        fails: Some((1, Failure::ServerError)),
        ..Behaviour::default()
    };
    let listing = Listing::new(Op::TaskStatusList, 600, behaviour);
    let (_server, client) = serve(&listing).await;
    let mut stream = client.v2024().get_task_status_list().stream();

    for i in 0..250 {
        let item = stream
            .next()
            .await
            .expect("an item")
            .expect("page one succeeds");
        assert_eq!(item.id, item_id(i));
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

    assert_eq!(listing.pages_requested(), [(0, 250), (250, 250)]);
}

#[tokio::test]
async fn an_error_on_the_first_page_is_the_only_item() {
    let behaviour = Behaviour {
        fails: Some((0, Failure::ServerError)),
        ..Behaviour::default()
    };
    let listing = Listing::new(Op::LifecycleStates, 10, behaviour);
    let (server, client) = serve(&listing).await;

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
    let (_server, client, listing) = sailpoint(Op::TaskStatusList, 510).await;

    let first: Vec<_> = client
        .v2024()
        .get_task_status_list()
        .stream()
        .take(10)
        .collect()
        .await;

    assert_eq!(first.len(), 10);
    assert_eq!(listing.pages_requested(), [(0, 250)]);
}

#[tokio::test]
async fn taking_a_whole_page_does_not_fetch_the_next_one() {
    let (_server, client, listing) = sailpoint(Op::LifecycleStates, 510).await;
    let mut stream = client.v3().get_lifecycle_states("profile-1").stream();

    for _ in 0..250 {
        stream.next().await.expect("an item").expect("page one");
    }

    assert_eq!(listing.pages_requested(), [(0, 250)]);
    stream.next().await.expect("an item").expect("page two");
    assert_eq!(listing.pages_requested(), [(0, 250), (250, 250)]);
}

// ---------------------------------------------------------------------------------------------
// Where a listing ends: SailPoint's 400 past the end, and X-Total-Count
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_listing_of_a_multiple_of_the_page_size_ends_quietly_at_sailpoints_offset_complaint() {
    for op in Op::ALL {
        let (_server, client, listing) = sailpoint(op, 10).await;
        let call = Call {
            page_size: Some(5),
            ..Call::default()
        };

        let walked = listing::stream(&client, op, &call, BOUND).await;

        assert_eq!(walked.ids, ids(0..10), "{op:?}");
        assert_eq!(walked.end, End::Finished, "{op:?}");
        assert_eq!(
            listing.pages_requested(),
            [(0, 5), (5, 5), (10, 5)],
            "{op:?}"
        );
        assert_eq!(
            listing.served()[2].answer,
            Answer::Status {
                status: 400,
                complaint: true
            }
        );
        // The total is asked for once, with the first page.
        assert_eq!(counts_sent(&listing), [Some("true".into()), None, None]);
    }
}

#[tokio::test]
async fn a_listing_of_exactly_one_default_page_ends_quietly_in_both_generations() {
    for op in [
        Op::TaskStatusList,
        Op::TaskStatusListV1,
        Op::LifecycleStates,
        Op::LifecycleStatesV1,
    ] {
        let (_server, client, listing) = sailpoint(op, 250).await;

        let walked = listing::stream(&client, op, &Call::default(), BOUND).await;

        assert_eq!(walked.ids, ids(0..250), "{op:?}");
        assert_eq!(walked.end, End::Finished, "{op:?}");
        assert_eq!(listing.pages_requested(), [(0, 250), (250, 250)], "{op:?}");
    }
}

#[tokio::test]
async fn try_next_ends_a_listing_of_a_multiple_of_the_page_size_with_none() {
    let (_server, client, _listing) = sailpoint(Op::TaskStatusListV1, 6).await;
    let mut stream = client
        .task_management()
        .get_task_status_list_v1()
        .limit(3)
        .stream();

    let mut ids_yielded = Vec::new();
    while let Some(task) = stream.try_next().await.expect("no error at the end") {
        ids_yielded.push(task.id);
    }

    assert_eq!(ids_yielded, ids(0..6));
    assert_eq!(stream.total_count(), Some(6));
}

#[tokio::test]
async fn without_a_total_the_offset_complaint_after_a_full_page_ends_the_listing() {
    for (count, total) in [(Some(false), Total::Honest), (None, Total::Absent)] {
        let behaviour = Behaviour {
            total,
            ..Behaviour::default()
        };
        let listing = Listing::new(Op::TaskStatusList, 10, behaviour);
        let (_server, client) = serve(&listing).await;
        let call = Call {
            limit: Some(5),
            count,
            ..Call::default()
        };

        let walked = listing::stream(&client, Op::TaskStatusList, &call, BOUND).await;

        assert_eq!(walked.ids, ids(0..10), "count {count:?}, total {total:?}");
        assert_eq!(
            walked.end,
            End::Finished,
            "count {count:?}, total {total:?}"
        );
        assert_eq!(listing.pages_requested(), [(0, 5), (5, 5), (10, 5)]);
    }
}

#[tokio::test]
async fn a_count_the_caller_set_is_sent_on_every_page_as_set() {
    for count in [false, true] {
        let (_server, client, listing) = sailpoint(Op::LifecycleStatesV1, 7).await;
        let call = Call {
            limit: Some(3),
            count: Some(count),
            ..Call::default()
        };

        let walked = listing::stream(&client, Op::LifecycleStatesV1, &call, BOUND).await;

        assert_eq!(walked.ids, ids(0..7));
        assert_eq!(walked.end, End::Finished);
        assert_eq!(counts_sent(&listing), vec![Some(count.to_string()); 3]);
    }
}

#[tokio::test]
async fn the_offset_complaint_on_the_first_page_is_the_error_it_is() {
    let (_server, client, _listing) = sailpoint(Op::TaskStatusListV1, 10).await;
    let call = Call {
        offset: Some(10),
        limit: Some(5),
        ..Call::default()
    };

    let walked = listing::stream(&client, Op::TaskStatusListV1, &call, BOUND).await;

    assert!(walked.ids.is_empty());
    assert!(is_status(&walked.end, 400), "{:?}", walked.end);
}

#[tokio::test]
async fn a_400_after_a_full_page_whose_body_is_not_the_offset_complaint_is_an_error() {
    let behaviour = Behaviour {
        fails: Some((1, Failure::BadRequest)),
        total: Total::Absent,
        ..Behaviour::default()
    };
    let listing = Listing::new(Op::LifecycleStates, 10, behaviour);
    let (_server, client) = serve(&listing).await;
    let call = Call {
        limit: Some(5),
        ..Call::default()
    };

    let walked = listing::stream(&client, Op::LifecycleStates, &call, BOUND).await;

    assert_eq!(walked.ids, ids(0..5));
    assert!(is_status(&walked.end, 400), "{:?}", walked.end);
}

#[tokio::test]
async fn the_offset_complaint_before_the_reported_total_is_an_error() {
    let behaviour = Behaviour {
        fails: Some((1, Failure::OffsetComplaint)),
        ..Behaviour::default()
    };
    let listing = Listing::new(Op::TaskStatusList, 15, behaviour);
    let (_server, client) = serve(&listing).await;
    let call = Call {
        limit: Some(5),
        ..Call::default()
    };

    let walked = listing::stream(&client, Op::TaskStatusList, &call, BOUND).await;

    assert_eq!(walked.ids, ids(0..5));
    assert!(is_status(&walked.end, 400), "{:?}", walked.end);
}

/// A server that serves fewer items than asked, below the spec's maximum, would otherwise end
/// the stream after its first page.
#[tokio::test]
async fn short_pages_before_the_reported_total_do_not_end_the_listing() {
    let behaviour = Behaviour {
        cap: Some(3),
        ..Behaviour::default()
    };
    let listing = Listing::new(Op::TaskStatusListV1, 12, behaviour);
    let (_server, client) = serve(&listing).await;
    let call = Call {
        limit: Some(5),
        ..Call::default()
    };

    let walked = listing::stream(&client, Op::TaskStatusListV1, &call, BOUND).await;

    assert_eq!(walked.ids, ids(0..12));
    assert_eq!(walked.end, End::Finished);
    assert_eq!(listing.pages_requested(), [(0, 5), (3, 5), (6, 5), (9, 5)]);
}

#[tokio::test]
async fn count_true_on_send_exposes_x_total_count_as_a_number() {
    let (server, client, _listing) = sailpoint(Op::TaskStatusList, 510).await;

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
// A server that does not advance: what the stall guard compares
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_server_that_ignores_offset_ends_the_stream_with_a_typed_error_after_one_page() {
    let behaviour = Behaviour {
        ignores_offset: true,
        ..Behaviour::default()
    };
    let listing = Listing::new(Op::TaskStatusList, 1_000, behaviour);
    let (_server, client) = serve(&listing).await;

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
    let ids_yielded: Vec<String> = items[..3]
        .iter()
        .map(|item| item.as_ref().expect("the first page").id.clone())
        .collect();
    assert_eq!(ids_yielded, ids(0..3));
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
        "the server answered offset 3 with 3 items, most or all of them already listed from \
         offset 0 on, so it is not advancing through the list (does it ignore `offset`?); the \
         stream stopped instead of repeating them"
    );
    assert_eq!(listing.pages_requested(), [(0, 3), (3, 3)]);
}

#[tokio::test]
async fn a_server_that_ignores_offset_while_a_field_changes_is_stalled_after_two_pages() {
    for op in Op::ALL {
        let behaviour = Behaviour {
            ignores_offset: true,
            changes_fields: true,
            ..Behaviour::default()
        };
        let listing = Listing::new(op, 5, behaviour);
        let (_server, client) = serve(&listing).await;
        let call = Call {
            page_size: Some(5),
            ..Call::default()
        };

        let walked = listing::stream(&client, op, &call, BOUND).await;

        assert_eq!(walked.ids, ids(0..5), "{op:?}");
        assert_eq!(
            walked.end,
            End::Stalled {
                offset: 5,
                previous_offset: 0,
                page_size: 5
            },
            "{op:?}"
        );
        assert_eq!(listing.served().len(), 2, "{op:?}");
    }
}

#[tokio::test]
async fn a_server_that_ignores_offset_and_shuffles_the_page_is_stalled() {
    let behaviour = Behaviour {
        ignores_offset: true,
        shuffles: true,
        ..Behaviour::default()
    };
    let listing = Listing::new(Op::LifecycleStatesV1, 20, behaviour);
    let (_server, client) = serve(&listing).await;
    let call = Call {
        limit: Some(6),
        ..Call::default()
    };

    let walked = listing::stream(&client, Op::LifecycleStatesV1, &call, BOUND).await;

    assert_eq!(walked.ids.len(), 6);
    assert!(
        matches!(
            walked.end,
            End::Stalled {
                offset: 6,
                previous_offset: 0,
                page_size: 6
            }
        ),
        "{:?}",
        walked.end
    );
    assert_eq!(listing.served().len(), 2);
}

/// A server that ignores `offset` while new items appear answers each page with one new item
/// and the rest already listed: mostly a repeat.
#[tokio::test]
async fn a_server_that_ignores_offset_while_the_listing_grows_is_stalled() {
    let behaviour = Behaviour {
        ignores_offset: true,
        grows: true,
        ..Behaviour::default()
    };
    let listing = Listing::new(Op::TaskStatusListV1, 50, behaviour);
    let (_server, client) = serve(&listing).await;
    let call = Call {
        limit: Some(5),
        ..Call::default()
    };

    let walked = listing::stream(&client, Op::TaskStatusListV1, &call, BOUND).await;

    assert_eq!(walked.ids, ids(0..5));
    assert!(
        matches!(
            walked.end,
            End::Stalled {
                offset: 5,
                previous_offset: 0,
                page_size: 5
            }
        ),
        "{:?}",
        walked.end
    );
}

/// Offsets past the end wrap around to the start: the fourth page repeats what the first two
/// listed, though no page equals the one before it.
#[tokio::test]
async fn a_server_that_wraps_around_is_stalled_when_a_page_repeats_earlier_pages() {
    let behaviour = Behaviour {
        wraps_around: true,
        ..Behaviour::default()
    };
    let listing = Listing::new(Op::TaskStatusList, 10, behaviour);
    let (_server, client) = serve(&listing).await;
    let call = Call {
        limit: Some(4),
        ..Call::default()
    };

    let walked = listing::stream(&client, Op::TaskStatusList, &call, BOUND).await;

    // Offset 8 brings items 8, 9, 0 and 1: half new, so the listing goes on; offset 12 brings
    // 2 to 5, all listed before.
    let mut expected = ids(0..10);
    expected.extend(ids(0..2));
    assert_eq!(walked.ids, expected);
    assert_eq!(
        walked.end,
        End::Stalled {
            offset: 12,
            previous_offset: 0,
            page_size: 4
        }
    );
}

/// An item inserted before the offset while the listing is read shifts the rest by one: the
/// next page starts with the last item of the page before. That is not a stalled server.
#[tokio::test]
async fn a_listing_that_shifts_by_one_item_between_pages_is_not_stalled() {
    for page_size in [2, 5] {
        let behaviour = Behaviour {
            grows: true,
            ..Behaviour::default()
        };
        let listing = Listing::new(Op::TaskStatusListV1, 10, behaviour);
        let (_server, client) = serve(&listing).await;
        let call = Call {
            page_size: Some(page_size),
            ..Call::default()
        };

        let walked = listing::stream(&client, Op::TaskStatusListV1, &call, BOUND).await;

        assert_eq!(walked.end, End::Finished, "pages of {page_size}");
        assert_eq!(walked.ids, ids_served(&listing), "pages of {page_size}");
        for id in ids(0..10) {
            assert!(walked.ids.contains(&id), "{id} with pages of {page_size}");
        }
    }
}

/// Lifecycle states may come without an id; they are then compared whole.
#[tokio::test]
async fn items_without_an_id_are_compared_whole() {
    let anonymous = Behaviour {
        anonymous: true,
        ..Behaviour::default()
    };
    let listing = Listing::new(Op::LifecycleStates, 9, anonymous.clone());
    let (_server, client) = serve(&listing).await;
    let call = Call {
        limit: Some(3),
        ..Call::default()
    };
    let walked = listing::stream(&client, Op::LifecycleStates, &call, BOUND).await;
    assert_eq!(walked.ids, ids(0..9));
    assert_eq!(walked.end, End::Finished);

    let ignoring = Behaviour {
        ignores_offset: true,
        shuffles: true,
        ..anonymous
    };
    let listing = Listing::new(Op::LifecycleStatesV1, 9, ignoring);
    let (_server, client) = serve(&listing).await;
    let walked = listing::stream(&client, Op::LifecycleStatesV1, &call, BOUND).await;
    assert_eq!(walked.ids.len(), 3);
    assert!(
        matches!(
            walked.end,
            End::Stalled {
                offset: 3,
                previous_offset: 0,
                page_size: 3
            }
        ),
        "{:?}",
        walked.end
    );
}

/// Items no client can decode are left out, and told apart by their JSON: pages of them still
/// advance, and a server repeating them is still noticed.
#[tokio::test]
async fn pages_of_items_that_cannot_be_decoded_advance_and_their_repeat_is_noticed() {
    for ignores_offset in [false, true] {
        let behaviour = Behaviour {
            garbles: true,
            ignores_offset,
            ..Behaviour::default()
        };
        let listing = Listing::new(Op::TaskStatusList, 10, behaviour);
        let server = start_server().await;
        Mock::given(any())
            .respond_with(listing.clone())
            .mount(&server)
            .await;
        let client = common::tolerant_client_for(&server);
        let mut stream = client.v2024().get_task_status_list().limit(4).stream();

        let mut yielded = 0;
        let end = loop {
            match stream.next().await {
                Some(Ok(_)) => yielded += 1,
                Some(Err(error)) => break Some(error),
                None => break None,
            }
        };

        assert_eq!(yielded, 0);
        if ignores_offset {
            assert!(
                matches!(
                    end,
                    Some(Error::PaginationStalled {
                        offset: 4,
                        previous_offset: 0,
                        page_size: 4
                    })
                ),
                "{end:?}"
            );
            assert_eq!(stream.deviation_count(), 8);
        } else {
            assert!(end.is_none(), "{end:?}");
            assert_eq!(listing.pages_requested(), [(0, 4), (4, 4), (8, 4)]);
            assert_eq!(stream.deviation_count(), 10);
        }
    }
}
