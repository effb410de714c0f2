//! A crate generated without an API's conventions carries none of SailPoint's: no environment
//! variables or configuration file, no token endpoint, no pacing, and the request id in
//! `X-Request-Id` only.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use std::path::Path;

use snapshot_fixtures::reqwest::Method;
use snapshot_fixtures::serde_json;
use snapshot_fixtures::{
    Client, Config, ConfigError, Profile, RateLimit, DEFAULT_RATE_LIMIT, DEFAULT_USER_AGENT,
    PROFILE,
};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn the_profile_is_the_user_agent_alone() {
    assert_eq!(PROFILE, Profile::new(DEFAULT_USER_AGENT));
    assert_eq!(DEFAULT_USER_AGENT, "snapshot-fixtures/0.0.0");
    assert_eq!(DEFAULT_RATE_LIMIT, RateLimit::off());
    assert_eq!(PROFILE.environment, None);
    assert_eq!(PROFILE.config_file, None);
    assert_eq!(PROFILE.token_path, None);
}

#[test]
fn from_env_reads_nothing_and_says_what_to_do_instead() {
    let sail = |name: &str| name.starts_with("SAIL_").then(|| "set".to_owned());
    let error = Config::from_sources(sail, Path::new("/nonexistent")).unwrap_err();
    assert!(
        matches!(
            &error,
            ConfigError::NotFound {
                config_file: None,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "no client configuration: this client reads no environment variables and no configuration file: give the base URL and credentials to the client builder"
    );
    assert!(matches!(
        Client::from_env(),
        Err(ConfigError::NotFound { .. })
    ));
}

#[test]
fn client_credentials_need_a_token_url() {
    let error = Client::builder()
        .base_url("https://api.example.com")
        .client_credentials("id", "secret")
        .build()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the setting `token_url` is required but is not set in the client builder (client credentials need a token endpoint)"
    );
    Client::builder()
        .base_url("https://api.example.com")
        .client_credentials("id", "secret")
        .token_url("https://auth.example.com/token")
        .build()
        .unwrap();
}

#[tokio::test]
async fn the_request_id_is_x_request_id_and_never_an_error_bodys_tracking_id() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(500)
                .insert_header("slpt-request-id", "sailpoints")
                .set_body_json(serde_json::json!({ "trackingId": "in-the-body" })),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "common")
                .set_body_json(serde_json::json!({ "trackingId": "in-the-body" })),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(snapshot_fixtures::RetryPolicy::never())
        .build()
        .unwrap();

    let error = client.request(Method::GET, "/a").await.unwrap_err();
    assert_eq!(error.request_id(), None, "{error}");
    let error = client.request(Method::GET, "/b").await.unwrap_err();
    assert_eq!(error.request_id(), Some("common"), "{error}");
}
