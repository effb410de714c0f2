//! OAuth2 client credentials: the token request on the wire, one shared fetch for concurrent
//! calls, refresh on expiry, one refresh and replay after a 401, token endpoint failures, and
//! the client secret kept out of every `Debug` and error message.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]

mod common;

use std::collections::HashMap;
use std::time::Duration;

use common::{
    closed_port, counting, expect_api_error, fast_retries, header, received, start_server,
    token_body, unauthorized_body, TOKEN,
};
use sailpoint_client::v3::LifecycleState;
use sailpoint_client::{AuthError, Client, ClientBuilder, Config, Credentials, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{any, method, path, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A client secret distinctive enough that finding it anywhere means it leaked.
const SECRET: &str = "cs-7f3a9-SECRET-value";
const TOKEN_PATH: &str = "/oauth/token";

/// A builder for `server` with client credentials `id` / `secret`.
fn builder(server: &MockServer, secret: &str) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .client_credentials("id", secret)
        .retry_policy(fast_retries())
}

fn client(server: &MockServer) -> Client {
    builder(server, SECRET).build().unwrap()
}

/// The token endpoint answers `token-1`, `token-2`... valid for `expires_in` seconds.
async fn mount_numbered_tokens(server: &MockServer, expires_in: u64) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(counting(move |n, _| {
            ResponseTemplate::new(200).set_body_json(token_body(&format!("token-{n}"), expires_in))
        }))
        .named("token endpoint")
        .mount(server)
        .await;
}

/// Every API path answers `template`.
async fn mount_api(server: &MockServer, template: ResponseTemplate) {
    Mock::given(path_regex("^/v(3|2024)/"))
        .respond_with(template)
        .named("API")
        .mount(server)
        .await;
}

fn empty_list() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!([]))
}

fn unauthorized() -> ResponseTemplate {
    ResponseTemplate::new(401).set_body_json(unauthorized_body())
}

/// The requests to the token endpoint and the requests to the API, in arrival order.
async fn split_requests(server: &MockServer) -> (Vec<Request>, Vec<Request>) {
    received(server)
        .await
        .into_iter()
        .partition(|request| request.url.path() == TOKEN_PATH)
}

/// The `Authorization` header of each request.
fn bearers(requests: &[Request]) -> Vec<String> {
    requests
        .iter()
        .map(|request| {
            header(request, "authorization")
                .unwrap_or("(none)")
                .to_owned()
        })
        .collect()
}

/// The fields of an `application/x-www-form-urlencoded` body.
fn form_fields(body: &[u8]) -> HashMap<String, String> {
    let text = std::str::from_utf8(body).expect("a UTF-8 form");
    let url = reqwest::Url::parse(&format!("http://form.invalid/?{text}")).unwrap();
    let fields: HashMap<String, String> = url.query_pairs().into_owned().collect();
    assert_eq!(
        fields.len(),
        url.query_pairs().count(),
        "no field repeated: {text}"
    );
    fields
}

fn assert_no_secret(text: &str) {
    assert!(
        !text.contains(SECRET),
        "the client secret leaks into {text}"
    );
}

// ---------------------------------------------------------------------------------------------
// The token request
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_token_request_is_a_client_credentials_form_and_the_call_carries_its_token() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("fetched-token", 3600)))
        .mount(&server)
        .await;
    mount_api(&server, empty_list()).await;
    let client = Client::builder()
        .base_url(server.uri())
        .client_credentials("id", "secret")
        .build()
        .unwrap();

    let response = client.v3().get_lifecycle_states("profile-1").send().await;

    assert!(response.expect("the call succeeds").is_empty());
    let (token_requests, api_requests) = split_requests(&server).await;
    assert_eq!(token_requests.len(), 1);
    let token_request = &token_requests[0];
    assert_eq!(token_request.method.as_str(), "POST");
    assert_eq!(
        token_request.url.query(),
        None,
        "the secret is not in the URL"
    );
    assert_eq!(
        header(token_request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(header(token_request, "accept"), Some("application/json"));
    assert_eq!(header(token_request, "authorization"), None);
    let expected: HashMap<String, String> = [
        ("grant_type", "client_credentials"),
        ("client_id", "id"),
        ("client_secret", "secret"),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value.to_owned()))
    .collect();
    assert_eq!(form_fields(&token_request.body), expected);

    assert_eq!(api_requests.len(), 1);
    assert_eq!(
        header(&api_requests[0], "authorization"),
        Some("Bearer fetched-token")
    );
}

#[tokio::test]
async fn credentials_with_reserved_characters_are_form_encoded() {
    let server = start_server().await;
    mount_numbered_tokens(&server, 3600).await;
    mount_api(&server, empty_list()).await;
    let awkward_id = "id with space&x=1";
    let awkward_secret = "s+e/c=r&e%t é";
    let client = Client::builder()
        .base_url(server.uri())
        .client_credentials(awkward_id, awkward_secret)
        .build()
        .unwrap();

    client
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .unwrap();

    let (token_requests, _) = split_requests(&server).await;
    let fields = form_fields(&token_requests[0].body);
    assert_eq!(fields.len(), 3, "{fields:?}");
    assert_eq!(fields["client_id"], awkward_id);
    assert_eq!(fields["client_secret"], awkward_secret);
}

#[tokio::test]
async fn a_custom_token_url_is_where_the_token_is_fetched() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path("/custom/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("custom", 3600)))
        .expect(1)
        .mount(&server)
        .await;
    mount_api(&server, empty_list()).await;
    let client = builder(&server, SECRET)
        .token_url(format!("{}/custom/token", server.uri()))
        .build()
        .unwrap();

    client
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .unwrap();

    server.verify().await;
    let api: Vec<Request> = received(&server)
        .await
        .into_iter()
        .filter(|request| request.url.path().starts_with("/v3/"))
        .collect();
    assert_eq!(bearers(&api), ["Bearer custom"]);
}

// ---------------------------------------------------------------------------------------------
// Caching and refreshing
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_calls_without_a_token_make_exactly_one_token_request() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(token_body("shared-token", 3600))
                // Slow enough that every call is waiting while the token is fetched.
                .set_delay(Duration::from_millis(100)),
        )
        .expect(1)
        .named("token endpoint")
        .mount(&server)
        .await;
    mount_api(&server, empty_list()).await;
    let client = client(&server);

    let calls = (0..50).map(|i| {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .v3()
                .get_lifecycle_states(format!("profile-{i}"))
                .send()
                .await
        })
    });
    for joined in futures::future::join_all(calls).await {
        joined.expect("the task ran").expect("the call succeeds");
    }

    server.verify().await;
    let (_, api_requests) = split_requests(&server).await;
    assert_eq!(api_requests.len(), 50);
    assert!(bearers(&api_requests)
        .iter()
        .all(|bearer| bearer == "Bearer shared-token"));
}

#[tokio::test]
async fn a_token_is_reused_until_it_is_about_to_expire() {
    let server = start_server().await;
    for body in [
        token_body("long-lived", 3600),
        json!({ "access_token": "no-expiry" }),
    ] {
        server.reset().await;
        Mock::given(method("POST"))
            .and(path(TOKEN_PATH))
            .respond_with(ResponseTemplate::new(200).set_body_json(&body))
            .mount(&server)
            .await;
        mount_api(&server, empty_list()).await;
        let client = client(&server);

        for _ in 0..3 {
            client
                .v3()
                .get_lifecycle_states("profile-1")
                .send()
                .await
                .unwrap();
        }

        let (token_requests, api_requests) = split_requests(&server).await;
        assert_eq!(token_requests.len(), 1, "{body}");
        let expected = format!("Bearer {}", body["access_token"].as_str().unwrap());
        assert_eq!(bearers(&api_requests), vec![expected; 3]);
    }
}

#[tokio::test]
async fn an_expired_token_is_refreshed_and_each_call_uses_the_token_just_fetched() {
    let server = start_server().await;
    mount_numbered_tokens(&server, 0).await;
    mount_api(&server, empty_list()).await;
    let client = client(&server);

    for _ in 0..2 {
        client
            .v3()
            .get_lifecycle_states("profile-1")
            .send()
            .await
            .unwrap();
    }

    let (token_requests, api_requests) = split_requests(&server).await;
    assert_eq!(token_requests.len(), 2);
    assert_eq!(bearers(&api_requests), ["Bearer token-1", "Bearer token-2"]);
    // The order on the wire: token, call, token, call.
    let paths: Vec<String> = received(&server)
        .await
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect();
    let api_path = "/v3/identity-profiles/profile-1/lifecycle-states";
    assert_eq!(paths, [TOKEN_PATH, api_path, TOKEN_PATH, api_path]);
}

// ---------------------------------------------------------------------------------------------
// A 401 from the API
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_401_triggers_one_token_refresh_and_one_replay() {
    let server = start_server().await;
    mount_numbered_tokens(&server, 3600).await;
    Mock::given(path_regex("^/v3/"))
        .and(wiremock::matchers::header(
            "authorization",
            "Bearer token-1",
        ))
        .respond_with(unauthorized())
        .mount(&server)
        .await;
    Mock::given(path_regex("^/v3/"))
        .and(wiremock::matchers::header(
            "authorization",
            "Bearer token-2",
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(common::lifecycle_state_body()))
        .mount(&server)
        .await;
    // The replay is not a retry: it happens even when retries are off.
    let client = builder(&server, SECRET)
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();

    let response = client
        .v3()
        .create_lifecycle_state("profile-1", LifecycleState::new("contractor"))
        .send()
        .await
        .expect("the replay succeeds");

    assert_eq!(response.status().as_u16(), 201);
    let (token_requests, api_requests) = split_requests(&server).await;
    assert_eq!(token_requests.len(), 2);
    assert_eq!(bearers(&api_requests), ["Bearer token-1", "Bearer token-2"]);
    assert_eq!(
        api_requests[0].body, api_requests[1].body,
        "the body is replayed"
    );
    assert!(!api_requests[1].body.is_empty());
}

#[tokio::test]
async fn a_401_after_the_replay_is_returned_without_another_refresh() {
    let server = start_server().await;
    mount_numbered_tokens(&server, 3600).await;
    mount_api(&server, unauthorized()).await;
    let client = client(&server);

    let error = client
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect_err("the API keeps refusing");

    let response = expect_api_error!(error, v3::GetLifecycleStatesError::Unauthorized);
    assert_eq!(response.status().as_u16(), 401);
    assert_eq!(response.error, Some(json!(common::JWT_EXPIRED)));
    let (token_requests, api_requests) = split_requests(&server).await;
    assert_eq!(token_requests.len(), 2);
    assert_eq!(bearers(&api_requests), ["Bearer token-1", "Bearer token-2"]);

    // The next call starts with the cached token-2: one refresh (the new endpoint numbers from 1
    // again) and one replay again, no loop.
    server.reset().await;
    mount_numbered_tokens(&server, 3600).await;
    mount_api(&server, unauthorized()).await;
    client
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect_err("the API keeps refusing");
    let (token_requests, api_requests) = split_requests(&server).await;
    assert_eq!(token_requests.len(), 1);
    assert_eq!(bearers(&api_requests), ["Bearer token-2", "Bearer token-1"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_401s_for_the_same_token_cause_a_single_refresh() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(counting(|n, _| {
            ResponseTemplate::new(200)
                .set_body_json(token_body(&format!("token-{n}"), 3600))
                .set_delay(Duration::from_millis(50))
        }))
        .mount(&server)
        .await;
    Mock::given(path_regex("^/v3/"))
        .and(wiremock::matchers::header(
            "authorization",
            "Bearer token-1",
        ))
        .respond_with(unauthorized())
        .mount(&server)
        .await;
    Mock::given(path_regex("^/v3/"))
        .and(wiremock::matchers::header(
            "authorization",
            "Bearer token-2",
        ))
        .respond_with(empty_list())
        .mount(&server)
        .await;
    let client = client(&server);

    let calls = (0..20).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.v3().get_lifecycle_states("p").send().await })
    });
    for joined in futures::future::join_all(calls).await {
        joined.expect("the task ran").expect("the replay succeeds");
    }

    let (token_requests, api_requests) = split_requests(&server).await;
    assert_eq!(
        token_requests.len(),
        2,
        "a replay must not forget a token that another call just fetched"
    );
    // Each call ends with one request carrying token-2; calls that fetched their token late may
    // never have sent token-1.
    let sent = bearers(&api_requests);
    let with = |token: &str| sent.iter().filter(|bearer| *bearer == token).count();
    assert_eq!(with("Bearer token-2"), 20);
    assert!(with("Bearer token-1") <= 20, "{sent:?}");
    assert_eq!(with("Bearer token-1") + with("Bearer token-2"), sent.len());
}

#[tokio::test]
async fn with_a_static_access_token_a_401_is_not_replayed() {
    let server = start_server().await;
    mount_api(&server, unauthorized()).await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .retry_policy(fast_retries())
        .build()
        .unwrap();

    let error = client
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect_err("401");

    expect_api_error!(error, v3::GetLifecycleStatesError::Unauthorized);
    let requests = received(&server).await;
    assert_eq!(bearers(&requests), [format!("Bearer {TOKEN}")]);
}

// ---------------------------------------------------------------------------------------------
// Token endpoint failures
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_token_endpoint_refusal_is_an_auth_error_naming_status_and_body_and_nothing_is_sent() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(json!({ "error": "invalid_client" })),
        )
        .mount(&server)
        .await;
    mount_api(&server, empty_list()).await;
    let client = client(&server);

    let error = client
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect_err("no token");

    let message = error.to_string();
    let debug = format!("{error:?}");
    let Error::Auth(AuthError::Rejected {
        status, body, url, ..
    }) = error
    else {
        panic!("expected AuthError::Rejected, got {error:?}");
    };
    assert_eq!(status.as_u16(), 400);
    assert!(body.contains("invalid_client"), "{body}");
    assert_eq!(url, format!("{}{TOKEN_PATH}", server.uri()));
    assert!(message.contains("400"), "{message}");
    assert!(message.contains("invalid_client"), "{message}");
    assert_no_secret(&message);
    assert_no_secret(&debug);
    let (token_requests, api_requests) = split_requests(&server).await;
    assert_eq!(token_requests.len(), 1, "a refusal is not retried");
    assert!(
        api_requests.is_empty(),
        "sent without a token: {api_requests:?}"
    );
}

#[tokio::test]
async fn a_failed_token_fetch_is_not_cached_and_the_next_call_tries_again() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(500).set_body_string("try later"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_numbered_tokens(&server, 3600).await;
    mount_api(&server, empty_list()).await;
    let client = client(&server);

    let error = client
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect_err("the token endpoint fails");
    assert!(
        matches!(&error, Error::Auth(AuthError::Rejected { status, .. }) if status.as_u16() == 500),
        "{error:?}"
    );

    client
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect("the second fetch succeeds");
    let (token_requests, api_requests) = split_requests(&server).await;
    assert_eq!(token_requests.len(), 2);
    assert_eq!(bearers(&api_requests), ["Bearer token-1"]);
}

#[tokio::test]
async fn a_token_response_that_is_not_a_token_is_an_invalid_response() {
    let server = start_server().await;
    let client = client(&server);
    for body in [
        ResponseTemplate::new(200).set_body_string("<html>login</html>"),
        ResponseTemplate::new(200).set_body_json(json!({ "token_type": "bearer" })),
        ResponseTemplate::new(200).set_body_json(json!({ "access_token": 42 })),
    ] {
        server.reset().await;
        Mock::given(method("POST"))
            .and(path(TOKEN_PATH))
            .respond_with(body)
            .mount(&server)
            .await;
        mount_api(&server, empty_list()).await;

        let error = client
            .v3()
            .get_lifecycle_states("profile-1")
            .send()
            .await
            .expect_err("no token");

        assert!(
            matches!(&error, Error::Auth(AuthError::InvalidResponse { .. })),
            "{error:?}"
        );
        assert_no_secret(&error.to_string());
        let (_, api_requests) = split_requests(&server).await;
        assert!(api_requests.is_empty());
    }
}

#[tokio::test]
async fn an_unreachable_token_endpoint_is_an_auth_transport_error() {
    let server = start_server().await;
    mount_api(&server, empty_list()).await;
    let token_url = format!("http://127.0.0.1:{}/oauth/token", closed_port());
    let client = builder(&server, SECRET)
        .token_url(&token_url)
        .build()
        .unwrap();

    let error = client
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect_err("no token");

    let message = error.to_string();
    assert!(message.contains(&token_url), "{message}");
    assert_no_secret(&message);
    assert_no_secret(&format!("{error:?}"));
    let Error::Auth(AuthError::Transport { url, .. }) = error else {
        panic!("expected AuthError::Transport, got {error:?}");
    };
    assert_eq!(url, token_url);
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn a_token_with_characters_a_header_cannot_carry_is_refused_without_leaking_it() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("bad\ntoken-XYZ", 3600)))
        .mount(&server)
        .await;
    mount_api(&server, empty_list()).await;

    let error = client(&server)
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect_err("the token cannot be sent");

    assert!(
        matches!(&error, Error::Auth(AuthError::InvalidToken)),
        "{error:?}"
    );
    assert!(!format!("{error} {error:?}").contains("token-XYZ"));
    let (_, api_requests) = split_requests(&server).await;
    assert!(api_requests.is_empty());
}

// ---------------------------------------------------------------------------------------------
// The secret stays secret
// ---------------------------------------------------------------------------------------------

#[test]
fn debug_of_client_builder_credentials_and_config_never_contains_the_secret() {
    let base_url = "https://example.api.identitynow.com";
    let builder = Client::builder()
        .base_url(base_url)
        .client_credentials("my-client-id", SECRET);
    let builder_debug = format!("{builder:?} {builder:#?}");
    let client = builder.build().unwrap();
    let credentials = Credentials::client_credentials("my-client-id", SECRET);
    let config = Config {
        base_url: base_url.into(),
        credentials: credentials.clone(),
    };
    let static_token = Credentials::access_token(SECRET);

    let shown = [
        builder_debug,
        format!("{client:?} {client:#?}"),
        format!("{credentials:?} {credentials:#?}"),
        format!("{config:?} {config:#?}"),
        format!("{static_token:?}"),
        format!(
            "{:?}",
            Client::builder().base_url(base_url).config(config.clone())
        ),
        format!("{:?}", client.v3().get_lifecycle_states("p")),
    ];
    for text in &shown {
        assert_no_secret(text);
    }
    assert!(shown[0].contains("my-client-id"), "{}", shown[0]);
    assert!(shown[0].contains("redacted"), "{}", shown[0]);
    assert!(shown[1].contains("client credentials"), "{}", shown[1]);
    assert!(shown[2].contains("redacted"), "{}", shown[2]);
    assert!(shown[4].contains("redacted"), "{}", shown[4]);
}

#[tokio::test]
async fn no_error_message_contains_the_secret_even_when_the_endpoint_is_missing() {
    // A 404 from a token endpoint that does not exist: the body is wiremock's empty answer.
    let server = start_server().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;

    let error = client(&server)
        .v2024()
        .get_task_status("task-1")
        .send()
        .await
        .expect_err("no token");

    assert!(
        matches!(&error, Error::Auth(AuthError::Rejected { status, .. }) if status.as_u16() == 404),
        "{error:?}"
    );
    let mut chain = vec![error.to_string(), format!("{error:?}")];
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        chain.push(cause.to_string());
        source = cause.source();
    }
    for text in &chain {
        assert_no_secret(text);
    }
}

#[tokio::test]
async fn a_password_in_the_base_url_appears_in_no_debug_output_nor_error() {
    const PASSWORD: &str = "pw-IN-URL-SECRET";
    let server = start_server().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(400).set_body_string("invalid_client"))
        .mount(&server)
        .await;
    let base_url = server
        .uri()
        .replace("http://", &format!("http://user:{PASSWORD}@"));
    let builder = Client::builder()
        .base_url(&base_url)
        .client_credentials("id", SECRET)
        .retry_policy(RetryPolicy::never());
    let builder_debug = format!("{builder:?} {builder:#?}");
    let client = builder.build().unwrap();

    let error = client
        .v3()
        .get_lifecycle_states("profile-1")
        .send()
        .await
        .expect_err("refused");

    assert!(
        matches!(&error, Error::Auth(AuthError::Rejected { .. })),
        "{error:?}"
    );
    let shown_url = format!("{}/oauth/token", base_url.replace(PASSWORD, "[redacted]"));
    assert_eq!(
        error.to_string(),
        format!("authentication failed: the token endpoint {shown_url} answered HTTP 400 Bad Request: invalid_client")
    );
    for text in [builder_debug, format!("{client:?}"), format!("{error:?}")] {
        assert!(!text.contains(PASSWORD), "the password leaks into {text}");
        assert!(text.contains("user:[redacted]@"), "{text}");
    }
}

#[tokio::test]
async fn a_token_endpoint_that_echoes_the_request_has_the_secret_taken_out_of_the_error() {
    // As sent and as the form body encodes it.
    for secret in [SECRET, "s3cr3t +/&=é-SECRET"] {
        let server = start_server().await;
        Mock::given(any())
            .respond_with(|request: &Request| {
                ResponseTemplate::new(400).set_body_bytes(request.body.clone())
            })
            .mount(&server)
            .await;
        let client = builder(&server, secret)
            .retry_policy(RetryPolicy::never())
            .build()
            .unwrap();

        let error = client
            .v3()
            .get_lifecycle_states("profile-1")
            .send()
            .await
            .expect_err("refused");

        let Error::Auth(AuthError::Rejected { body, .. }) = &error else {
            panic!("{error:?}");
        };
        assert!(body.contains("client_secret=[redacted]"), "{body}");
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains(secret), "{text}");
            assert!(!text.contains("s3cr3t"), "{text}");
        }
    }
}

#[tokio::test]
async fn an_expires_in_sent_as_a_numeric_string_is_accepted() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "string-lifetime",
            "token_type": "bearer",
            "expires_in": "3600"
        })))
        .expect(1)
        .mount(&server)
        .await;
    mount_api(&server, empty_list()).await;
    let client = client(&server);

    for _ in 0..2 {
        client
            .v3()
            .get_lifecycle_states("profile-1")
            .send()
            .await
            .unwrap();
    }

    let (_, api_requests) = split_requests(&server).await;
    assert_eq!(
        bearers(&api_requests),
        ["Bearer string-lifetime", "Bearer string-lifetime"]
    );
}

#[tokio::test]
async fn an_expires_in_that_is_no_number_of_seconds_is_an_invalid_response() {
    let server = start_server().await;
    let client = client(&server);
    for (expires_in, shown) in [
        (json!("soon"), "string \"soon\""),
        (json!(-5), "-5"),
        (json!(1.5), "1.5"),
        (json!({ "seconds": 3600 }), "{\"seconds\":3600}"),
    ] {
        server.reset().await;
        Mock::given(method("POST"))
            .and(path(TOKEN_PATH))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "access_token": "t",
                "expires_in": expires_in
            })))
            .mount(&server)
            .await;
        mount_api(&server, empty_list()).await;

        let error = client
            .v3()
            .get_lifecycle_states("profile-1")
            .send()
            .await
            .expect_err("no token");

        assert!(
            matches!(&error, Error::Auth(AuthError::InvalidResponse { .. })),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(
            message.contains(&format!(
                "invalid value: {shown}, expected `expires_in` to be a whole number of seconds, such as 3600 or \"3600\""
            )),
            "{message}"
        );
        let (_, api_requests) = split_requests(&server).await;
        assert!(api_requests.is_empty());
    }
}
