//! Operations that require a bearer, OAuth 2 or OpenID Connect scheme send the client's token;
//! `security: []` sends none.

#![allow(clippy::unwrap_used, reason = "a test fails by panicking")]

use snapshot_fixtures::Client;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn the_token_goes_only_where_the_spec_asks_for_it() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri(), "secret").unwrap();

    client.security().get_me().send().await.unwrap();
    client.security().get_health().send().await.unwrap();
    client.security().get_news().send().await.unwrap();
    client.security().get_sso().send().await.unwrap();

    let requests = server.received_requests().await.unwrap();
    let authorization = |path: &str| {
        let request = requests
            .iter()
            .find(|request| request.url.path() == path)
            .unwrap();
        request
            .headers
            .get("authorization")
            .map(|value| value.to_str().unwrap().to_owned())
    };
    assert_eq!(
        authorization("/v1/me").as_deref(),
        Some("Bearer secret"),
        "OAuth 2 from the document"
    );
    assert_eq!(authorization("/v1/health"), None, "security: []");
    assert_eq!(
        authorization("/v1/news").as_deref(),
        Some("Bearer secret"),
        "optional bearer"
    );
    assert_eq!(
        authorization("/v1/sso").as_deref(),
        Some("Bearer secret"),
        "OpenID Connect"
    );
}
