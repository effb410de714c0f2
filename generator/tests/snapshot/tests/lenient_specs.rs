//! What the generator makes of specs it reads liberally, on the wire and for the caller: a
//! response without `description`, and an OpenAPI 3.0 document without `paths`.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use snapshot_fixtures::{Client, Error};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token("token")
        .build()
        .unwrap();
    (server, client)
}

/// Answers `verb path` with `response`.
async fn answer(server: &MockServer, verb: &str, at: &str, response: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(response)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_response_without_description_is_decoded_as_documented() {
    use snapshot_fixtures::response_without_description::{CreatePetError, Pet};
    let (server, client) = server().await;
    Mock::given(method("POST"))
        .and(path("/v1/pets"))
        .and(body_json(serde_json::json!({"name": "Rex"})))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": 1, "name": "Rex"})),
        )
        .mount(&server)
        .await;
    let created = client
        .response_without_description()
        .create_pet(Pet::new("Rex"))
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    assert_eq!(created.into_body(), Pet::new("Rex").with_id(1));

    server.reset().await;
    answer(
        &server,
        "POST",
        "/v1/pets",
        ResponseTemplate::new(409).set_body_json(serde_json::json!({"detail": "taken"})),
    )
    .await;
    match client
        .response_without_description()
        .create_pet(Pet::new("Rex"))
        .await
    {
        Err(Error::Api(CreatePetError::Conflict(response))) => {
            assert_eq!(response.body().detail.as_deref(), Some("taken"));
        }
        other => panic!("expected Conflict, got {other:?}"),
    }
}

#[test]
fn a_document_without_paths_gives_its_models() {
    use snapshot_fixtures::no_paths::{Kind, Pet};
    let pet = Pet::new("Rex").with_kind(Kind::Dog);
    let json = serde_json::json!({"name": "Rex", "kind": "dog"});
    assert_eq!(serde_json::to_value(&pet).unwrap(), json);
    assert_eq!(serde_json::from_value::<Pet>(json).unwrap(), pet);
}
