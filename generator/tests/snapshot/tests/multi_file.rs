//! A spec split across files works like one file: requests go to the paths the path-item files
//! give (the version is in the path, the server has none), shared parameters and responses
//! apply, and types from schema files decode, cycles across files included.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use serde_json::json;
use snapshot_fixtures::multi_file::{
    BookRecord, BookShelf, LendingState, ListShelfBooksV1Error, OwnerKind, OwnerRef,
};
use snapshot_fixtures::{Client, Error};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn requests_go_to_the_versioned_paths_under_the_base_url() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/shelves/v1/s1/books"))
        .and(query_param("limit", "5"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"isbn": "978-0", "lendingState": "LENT", "owner": {"id": "o1", "kind": "LIBRARY"}}
        ])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/shelves/v1/gone/books"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"detailCode": "404.0", "trackingId": "t"})),
        )
        .mount(&server)
        .await;
    let client = Client::new(&server.uri(), "secret").unwrap();

    let books = client
        .multi_file()
        .list_shelf_books_v1("s1")
        .limit(5)
        .send()
        .await
        .unwrap();
    assert_eq!(
        books.body().as_slice(),
        [BookRecord::new("978-0")
            .with_owner(OwnerRef::new().with_id("o1").with_kind(OwnerKind::Library))
            .with_lending_state(LendingState::Lent)]
    );
    match client.multi_file().list_shelf_books_v1("gone").send().await {
        Err(Error::Api(ListShelfBooksV1Error::NotFound(response))) => {
            assert_eq!(response.body().tracking_id.as_deref(), Some("t"));
        }
        other => panic!("expected the shared 404 response, got {other:?}"),
    }

    let requests = server.received_requests().await.unwrap();
    let first = &requests[0];
    assert_eq!(first.url.path(), "/shelves/v1/s1/books");
    assert_eq!(first.url.query(), Some("limit=5"));
    assert_eq!(
        first.headers.get("authorization").unwrap(),
        "Bearer secret",
        "a scheme only the root document defines still sends the bearer token"
    );
}

#[test]
fn a_cycle_across_files_decodes_and_round_trips() {
    let wire = json!({
        "id": "s1",
        "name": "Fiction",
        "books": [{"isbn": "978-1", "shelf": {"name": "Nested"}}],
    });
    let shelf: BookShelf = serde_json::from_value(wire.clone()).unwrap();
    let books = shelf.books.as_deref().unwrap();
    assert_eq!(books[0].shelf.as_ref().unwrap().name, "Nested");
    assert_eq!(serde_json::to_value(&shelf).unwrap(), wire);
}
