//! What the generator makes of specs it reads liberally, on the wire and for the caller: an
//! operation that documents no success (any 2XX succeeds with the body as it came, its
//! documented errors stay typed, and its test double answers it), a response without
//! `description`, one `operationId` on several operations, path parameters the template does
//! not name, and an OpenAPI 3.0 document without `paths`.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use snapshot_fixtures::mock::TestDouble;
use snapshot_fixtures::undocumented_success::{
    CheckPetError, DeletePetError, FeedPetError, Pet, Problem, UpdatePetError, UploadPhotoError,
    UploadPhotoRequest,
};
use snapshot_fixtures::{Client, Error};
use wiremock::matchers::{body_json, body_string, header, method, path, query_param};
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
async fn an_operation_without_a_documented_success_succeeds_on_any_2xx_with_the_body_as_it_came() {
    let (server, client) = server().await;
    answer(&server, "DELETE", "/v1/pets/7", ResponseTemplate::new(204)).await;
    answer(
        &server,
        "DELETE",
        "/v1/pets/8",
        ResponseTemplate::new(200).set_body_string("gone"),
    )
    .await;

    let deleted = client.undocumented_success().delete_pet(7).await.unwrap();
    assert_eq!(deleted.status().as_u16(), 204);
    assert!(deleted.body().is_empty());
    let deleted = client.undocumented_success().delete_pet(8).await.unwrap();
    assert_eq!(deleted.status().as_u16(), 200);
    assert_eq!(&deleted.into_body()[..], b"gone");
    // Any body is welcome, and the documented error's JSON too.
    assert_eq!(accept_headers(&server).await, ["*/*, application/json"; 2]);
}

/// The `Accept` header of every request the server received, in order.
async fn accept_headers(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| {
            let accept = request.headers.get("accept").unwrap();
            accept.to_str().unwrap().to_owned()
        })
        .collect()
}

#[tokio::test]
async fn its_documented_errors_stay_typed_and_an_undocumented_status_is_unexpected() {
    let (server, client) = server().await;
    answer(
        &server,
        "DELETE",
        "/v1/pets/1",
        ResponseTemplate::new(404).set_body_json(serde_json::json!({"detail": "no such pet"})),
    )
    .await;
    answer(&server, "DELETE", "/v1/pets/2", ResponseTemplate::new(400)).await;
    answer(&server, "DELETE", "/v1/pets/3", ResponseTemplate::new(422)).await;
    let pets = client.undocumented_success();

    match pets.delete_pet(1).await {
        Err(Error::Api(DeletePetError::NotFound(response))) => {
            assert_eq!(response.body().detail.as_deref(), Some("no such pet"));
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    assert!(
        matches!(
            pets.delete_pet(2).await,
            Err(Error::Api(DeletePetError::BadRequest(_)))
        ),
        "400 is the documented BadRequest"
    );
    match pets.delete_pet(3).await {
        Err(Error::UnexpectedStatus(response)) => assert_eq!(response.status().as_u16(), 422),
        other => panic!("expected an unexpected status, got {other:?}"),
    }
}

#[tokio::test]
async fn default_answers_every_status_not_documented_as_it_does_elsewhere() {
    let (server, client) = server().await;
    Mock::given(method("POST"))
        .and(path("/v1/pets/1/feedings"))
        .and(query_param("portion", "half"))
        .respond_with(ResponseTemplate::new(201).set_body_string("fed"))
        .mount(&server)
        .await;
    answer(
        &server,
        "POST",
        "/v1/pets/2/feedings",
        ResponseTemplate::new(409),
    )
    .await;
    answer(
        &server,
        "POST",
        "/v1/pets/3/feedings",
        ResponseTemplate::new(418).set_body_json(serde_json::json!({"detail": "a teapot"})),
    )
    .await;
    answer(
        &server,
        "POST",
        "/v1/pets/4/feedings",
        ResponseTemplate::new(500).set_body_string("out of food"),
    )
    .await;
    let pets = client.undocumented_success();

    let fed = pets.feed_pet(1).portion("half").await.unwrap();
    assert_eq!(fed.status().as_u16(), 201);
    assert_eq!(&fed.into_body()[..], b"fed");
    assert_eq!(
        accept_headers(&server).await,
        ["*/*, application/json, text/plain"]
    );
    assert!(matches!(
        pets.feed_pet(2).await,
        Err(Error::Api(FeedPetError::Conflict(_)))
    ));
    match pets.feed_pet(3).await {
        Err(Error::Api(FeedPetError::Status4xx(response))) => {
            assert_eq!(response.body().detail.as_deref(), Some("a teapot"));
        }
        other => panic!("expected Status4xx, got {other:?}"),
    }
    match pets.feed_pet(4).await {
        Err(Error::Api(FeedPetError::Default(response))) => {
            assert_eq!(response.status().as_u16(), 500);
            assert_eq!(response.body(), "out of food");
        }
        other => panic!("expected Default, got {other:?}"),
    }
}

#[tokio::test]
async fn the_request_body_is_sent_and_head_succeeds_without_a_body() {
    let (server, client) = server().await;
    Mock::given(method("PUT"))
        .and(path("/v1/pets/7"))
        .and(header("content-type", "application/json"))
        .and(body_json(serde_json::json!({"name": "Rex"})))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    answer(&server, "PUT", "/v1/pets/8", ResponseTemplate::new(405)).await;
    answer(&server, "HEAD", "/v1/pets/7", ResponseTemplate::new(200)).await;
    answer(&server, "HEAD", "/v1/pets/8", ResponseTemplate::new(404)).await;
    let pets = client.undocumented_success();

    let updated = pets.update_pet(7, Pet::new("Rex")).await.unwrap();
    assert_eq!(updated.status().as_u16(), 200);
    assert!(updated.body().is_empty());
    assert!(matches!(
        pets.update_pet(8, Pet::new("Rex")).await,
        Err(Error::Api(UpdatePetError::MethodNotAllowed(_)))
    ));
    let checked: snapshot_fixtures::ApiResponse<()> = pets.check_pet(7).await.unwrap();
    assert_eq!(checked.status().as_u16(), 200);
    assert!(matches!(
        pets.check_pet(8).await,
        Err(Error::Api(CheckPetError::NotFound(_)))
    ));
}

#[tokio::test]
async fn the_test_doubles_answer_an_operation_without_a_documented_success() {
    let server = snapshot_fixtures::mock::MockServer::start().await;
    let doubles = server.undocumented_success();
    doubles
        .delete_pet()
        .pet_id(7)
        .expect(1)
        .respond(bytes::Bytes::from_static(b"gone"));
    doubles
        .delete_pet()
        .pet_id(8)
        .expect(1)
        .respond_not_found(Problem::new().with_detail("no such pet"));
    doubles.check_pet().pet_id(7).expect(1).respond();
    doubles
        .upload_photo()
        .pet_id(7)
        .expect(1)
        .respond_payload_too_large();
    doubles
        .rename_pet()
        .pet_id(7)
        .body("Rex")
        .expect(1)
        .respond(bytes::Bytes::new());
    let pets = server.client().undocumented_success();

    let deleted = pets.delete_pet(7).await.unwrap();
    assert_eq!(deleted.status().as_u16(), 200);
    assert_eq!(
        deleted.headers().get("content-type").unwrap(),
        "application/octet-stream"
    );
    assert_eq!(&deleted.into_body()[..], b"gone");
    match pets.delete_pet(8).await {
        Err(Error::Api(DeletePetError::NotFound(response))) => {
            assert_eq!(response.body().detail.as_deref(), Some("no such pet"));
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    assert_eq!(pets.check_pet(7).await.unwrap().status().as_u16(), 200);
    let renamed = pets.rename_pet(7, "Rex").await.unwrap();
    assert!(renamed.body().is_empty());
    let photo = UploadPhotoRequest::new(snapshot_fixtures::FilePart::new(&b"\x89PNG"[..]));
    assert!(matches!(
        pets.upload_photo(7, photo).await,
        Err(Error::Api(UploadPhotoError::PayloadTooLarge(_)))
    ));
    server.verify();
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

#[tokio::test]
async fn each_holder_of_a_repeated_operation_id_sends_its_own_request() {
    let (server, client) = server().await;
    let list = |items: &[&str]| ResponseTemplate::new(200).set_body_json(items);
    let text = |text: &str| {
        ResponseTemplate::new(200)
            .set_body_string(text)
            .insert_header("content-type", "text/plain")
    };
    answer(&server, "GET", "/v1/pets", list(&["current"])).await;
    answer(&server, "GET", "/v1/archive/pets", list(&["archived"])).await;
    answer(&server, "GET", "/v1/pets/1", text("by id")).await;
    answer(&server, "GET", "/v1/pets/by-name/rex", text("by name")).await;
    answer(&server, "GET", "/v1/pets/by-tag/old", text("by tag")).await;
    let pets = client.duplicate_operation_ids();

    assert_eq!(pets.list_pets().await.unwrap().into_body(), ["current"]);
    assert_eq!(pets.list_pets2().await.unwrap().into_body(), ["archived"]);
    assert_eq!(pets.get_pet("1").await.unwrap().into_body(), "by id");
    assert_eq!(pets.get_pet3("rex").await.unwrap().into_body(), "by name");
    assert_eq!(pets.get_pet2("old").await.unwrap().into_body(), "by tag");
}

#[tokio::test]
async fn path_parameters_the_template_does_not_name_are_left_out() {
    let (server, client) = server().await;
    answer(
        &server,
        "GET",
        "/v1/pets",
        ResponseTemplate::new(200).set_body_json(["Rex"]),
    )
    .await;
    Mock::given(method("POST"))
        .and(path("/v1/pets"))
        .and(body_string("name=Rex"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    answer(
        &server,
        "GET",
        "/v1/pets/7",
        ResponseTemplate::new(200)
            .set_body_string("Rex")
            .insert_header("content-type", "text/plain"),
    )
    .await;
    let pets = client.path_parameter_unused();

    assert_eq!(
        pets.list_pets().limit(5).await.unwrap().into_body(),
        ["Rex"]
    );
    let form = snapshot_fixtures::path_parameter_unused::CreatePetRequest::new("Rex");
    assert_eq!(pets.create_pet(form).await.unwrap().status().as_u16(), 201);
    assert_eq!(pets.get_pet("7").await.unwrap().into_body(), "Rex");
    let sent: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| {
            let query = request.url.query().map(|query| format!("?{query}"));
            format!(
                "{} {}{}",
                request.method,
                request.url.path(),
                query.unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        sent,
        ["GET /v1/pets?limit=5", "POST /v1/pets", "GET /v1/pets/7"]
    );
}

#[test]
fn a_document_without_paths_gives_its_models() {
    use snapshot_fixtures::no_paths::{Key, Kind, Pet};
    let pet = Pet::new("Rex").with_kind(Kind::Dog);
    let json = serde_json::json!({"name": "Rex", "kind": "dog"});
    assert_eq!(serde_json::to_value(&pet).unwrap(), json);
    assert_eq!(serde_json::from_value::<Pet>(json).unwrap(), pet);
    let key: Key =
        serde_json::from_value(serde_json::json!({"id": 7, "key": "ssh-ed25519 AAAA"})).unwrap();
    assert_eq!(key, Key::new(7, "ssh-ed25519 AAAA"));
}
