//! `Client::request`, for endpoints the spec lacks: the request on the wire (path, query,
//! headers, JSON body, the client's credentials), the answer as bytes or the caller's type, the
//! errors typed as every operation's, and the same retries, token replay, hooks, redirects and
//! body limit as the operations.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use common::{
    error_dto_body, fast_retries, header, received, start, start_server, the_request, token_body,
    TOKEN, TRACKING_ID,
};
use sailpoint_client::reqwest::Method;
use sailpoint_client::{Client, Error, Hook, HookContext, GENERIC_OPERATION_ID};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn a_request_goes_out_with_its_path_query_headers_json_body_and_the_clients_token() {
    let (server, client) = start().await;
    Mock::given(method("POST"))
        .and(path("/beta/workflows/wf-1/test"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("slpt-request-id", "generic-id")
                .set_body_json(json!({ "workflowExecutionId": "exec-9" })),
        )
        .mount(&server)
        .await;

    let response = client
        .request(Method::POST, "/beta/workflows/wf-1/test?dryRun=true")
        .query("filters", r#"name eq "a b""#)
        .query("limit", 10)
        .header("X-SailPoint-Experimental", "true")
        .json(&json!({ "input": { "identity": "id-1" } }))
        .send_json::<Value>()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.body(), &json!({ "workflowExecutionId": "exec-9" }));
    assert_eq!(response.request_id(), Some("generic-id"));
    let request = the_request(&server).await;
    assert_eq!(
        request.url.query(),
        Some("dryRun=true&filters=name+eq+%22a+b%22&limit=10")
    );
    assert_eq!(
        header(&request, "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(header(&request, "x-sailpoint-experimental"), Some("true"));
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(
        serde_json::from_slice::<Value>(&request.body).unwrap(),
        json!({ "input": { "identity": "id-1" } })
    );
}

#[tokio::test]
async fn the_answer_comes_as_bytes_as_the_callers_type_or_as_an_error_typed_like_any_other() {
    let (server, client) = start().await;
    Mock::given(method("DELETE"))
        .and(path("/v3/things/1"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v3/things"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!([{ "count": 1 }, { "count": "two" }])),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v3/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_json(error_dto_body(404)))
        .mount(&server)
        .await;

    // Awaiting the request sends it, as an operation's builder does.
    let deleted = client.request(Method::DELETE, "v3/things/1").await.unwrap();
    assert_eq!(deleted.status(), 204);
    assert!(deleted.body().is_empty());
    let nothing: sailpoint_client::ApiResponse<Option<Value>> = client
        .request(Method::DELETE, "/v3/things/1")
        .send_json()
        .await
        .unwrap();
    assert_eq!(nothing.body(), &None);

    #[derive(Debug, serde::Deserialize)]
    struct Thing {
        #[allow(dead_code)]
        count: u32,
    }
    match client
        .request(Method::GET, "/v3/things")
        .send_json::<Vec<Thing>>()
        .await
    {
        Err(Error::Decode {
            response,
            pointer,
            expected,
            ..
        }) => {
            assert_eq!(pointer, "/1/count");
            assert!(expected.contains("Thing"), "{expected}");
            assert_eq!(response.status(), 200);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    let raw = client
        .request(Method::GET, "/v3/things")
        .send()
        .await
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(raw.body()).unwrap(),
        json!([{ "count": 1 }, { "count": "two" }])
    );

    let error = client
        .request(Method::GET, "/v3/missing")
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("the server answered HTTP 404 Not Found (request id {TRACKING_ID}) to a `Client::request`, which succeeds only with a 2XX status")
    );
    assert_eq!(error.status().map(|status| status.as_u16()), Some(404));
    assert_eq!(error.request_id(), Some(TRACKING_ID));
    let raw = error.raw_response().unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(raw.body()).unwrap(),
        error_dto_body(404)
    );
    let call_error = sailpoint_client::CallError::from(error);
    assert_eq!(call_error.json(), Some(&error_dto_body(404)));
}

#[tokio::test]
async fn what_cannot_be_sent_is_refused_before_anything_is() {
    let (server, client) = start().await;
    let fragment = client.request(Method::GET, "/v3/a#b").await.unwrap_err();
    assert_eq!(
        fragment.to_string(),
        "invalid request: the path \"/v3/a#b\" of `Client::request` has a fragment (`#...`), which is never sent"
    );
    let control = client
        .request(Method::GET, "/v3/a\r\nHost: evil")
        .await
        .unwrap_err();
    assert!(matches!(control, Error::InvalidRequest(_)), "{control:?}");
    let authorization = client
        .request(Method::GET, "/v3/a")
        .header("Authorization", "Bearer someone-elses")
        .await
        .unwrap_err();
    assert!(
        matches!(authorization, Error::InvalidRequest(_)),
        "{authorization:?}"
    );
    let keys: HashMap<(u8, u8), u8> = HashMap::from([((1, 2), 3)]);
    let unencodable = client
        .request(Method::POST, "/v3/a")
        .json(&keys)
        .await
        .unwrap_err();
    assert!(matches!(unencodable, Error::Encode(_)), "{unencodable:?}");
    common::assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn a_path_stays_under_the_base_url_as_written() {
    let server = start_server().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(format!("{}/tenant-prefix/", server.uri()))
        .access_token(TOKEN)
        .build()
        .unwrap();
    for path in ["/v3/a%2Fb/c", "v3/a%2Fb/c", "@evil.example/x"] {
        client.request(Method::GET, path).await.unwrap();
    }
    let paths: Vec<String> = received(&server)
        .await
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "/tenant-prefix/v3/a%2Fb/c",
            "/tenant-prefix/v3/a%2Fb/c",
            "/tenant-prefix/@evil.example/x"
        ]
    );
}

/// Records the operation id each request it sees is made for.
#[derive(Clone, Default)]
struct SeenOperations(Arc<Mutex<Vec<Option<&'static str>>>>);

impl Hook for SeenOperations {
    fn on_request(&self, _: &mut reqwest::Request, context: &HookContext) {
        self.0.lock().unwrap().push(context.operation_id());
    }
}

#[tokio::test]
async fn retries_token_replay_rate_limit_hooks_redirects_and_body_limit_apply_as_to_operations() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("fresh", 3600)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/flaky"))
        .respond_with(common::in_turn(vec![
            ResponseTemplate::new(503),
            ResponseTemplate::new(401),
            ResponseTemplate::new(200).set_body_string("fine"),
        ]))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/unsafe"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/moved"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/flaky"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/huge"))
        .respond_with(ResponseTemplate::new(200).set_body_string("x".repeat(300)))
        .mount(&server)
        .await;
    let hook = SeenOperations::default();
    let client = Client::builder()
        .base_url(server.uri())
        .client_credentials("id", "secret")
        .retry_policy(fast_retries())
        .max_response_body_size(200)
        .hook(hook.clone())
        .build()
        .unwrap();

    // A 503 retried, then a 401 answered with a new token and a replay.
    let fine = client.request(Method::GET, "/flaky").await.unwrap();
    assert_eq!(fine.body().as_ref(), b"fine");
    let flaky: Vec<_> = received(&server)
        .await
        .into_iter()
        .filter(|request| request.url.path() == "/flaky")
        .collect();
    assert_eq!(flaky.len(), 3);
    assert!(flaky
        .iter()
        .all(|request| header(request, "authorization") == Some("Bearer fresh")));

    // A POST is not repeated after a 503.
    let error = client.request(Method::POST, "/unsafe").await.unwrap_err();
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    let posts = received(&server)
        .await
        .into_iter()
        .filter(|request| request.url.path() == "/unsafe")
        .count();
    assert_eq!(posts, 1);

    // A redirect is followed.
    let redirected = client.request(Method::GET, "/moved").await.unwrap();
    assert_eq!(redirected.body().as_ref(), b"fine");

    // The body limit holds.
    let error = client.request(Method::GET, "/huge").await.unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 200, .. }),
        "{error:?}"
    );

    // The rate limit paces it: a second request within the window waits, or, when the wait
    // would outlast the call's budget, is not sent.
    let limited = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .rate_limit(sailpoint_client::RateLimit::new(
            1,
            std::time::Duration::from_secs(60),
        ))
        .retry_policy(fast_retries().total_budget(std::time::Duration::from_secs(1)))
        .build()
        .unwrap();
    limited.request(Method::GET, "/moved").await.unwrap();
    let before = received(&server).await.len();
    let error = limited.request(Method::GET, "/moved").await.unwrap_err();
    assert!(matches!(error, Error::RateLimited { .. }), "{error:?}");
    assert_eq!(received(&server).await.len(), before);

    let seen = hook.0.lock().unwrap().clone();
    assert!(
        seen.contains(&None),
        "the token request, which is no call: {seen:?}"
    );
    assert!(
        seen.iter()
            .filter(|operation| operation.is_some())
            .all(|operation| *operation == Some(GENERIC_OPERATION_ID)),
        "{seen:?}"
    );
    assert_eq!(GENERIC_OPERATION_ID, "Client::request");
}
