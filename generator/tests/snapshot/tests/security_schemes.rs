//! Security schemes on the wire, as `tests/fixtures/security_schemes.yaml` declares them: HTTP
//! basic, bearer and a scheme of its own, API keys in a header, the query and a cookie, OAuth 2
//! client credentials at the spec's token URL with each requirement's scopes, several schemes
//! sent together, the first requirement the caller supplied among alternatives, anonymous
//! alternatives; and no secret in `Debug` output, errors or traces, nor on another origin.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use snapshot_fixtures::PerCall;
use std::fmt;
use std::sync::{Arc, Mutex};

use snapshot_fixtures::security_schemes::security;
use snapshot_fixtures::{Client, ClientBuilder, Credential, Error, RetryPolicy};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use wiremock::matchers::{any, body_string_contains, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const PASSWORD: &str = "pw-SECRET-1";
const HEADER_KEY: &str = "hk-SECRET-2";
const QUERY_KEY: &str = "qk-SECRET-3";
const COOKIE_KEY: &str = "ck-SECRET-4";
const CLIENT_SECRET: &str = "cs-SECRET-5";

/// A server that answers every request with 200.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::default().max_attempts(1))
}

/// The requests the server received for `path`, in order.
async fn requests(server: &MockServer, path: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|request| request.url.path() == path)
        .collect()
}

async fn only(server: &MockServer, path: &str) -> Request {
    let mut found = requests(server, path).await;
    assert_eq!(found.len(), 1, "requests for {path}");
    found.remove(0)
}

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().unwrap().to_owned())
}

fn query(request: &Request) -> Vec<(String, String)> {
    request
        .url
        .query_pairs()
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

/// Everything a request carries besides its method: path, query, headers and body.
fn everything(request: &Request) -> String {
    format!(
        "{} {:?} {}",
        request.url,
        request.headers,
        String::from_utf8_lossy(&request.body)
    )
}

#[tokio::test]
async fn basic_bearer_and_a_scheme_of_its_own_go_in_the_authorization_header() {
    let server = server().await;
    let client = builder(&server)
        .credential(security::BASIC_AUTH, Credential::basic("user", "pass"))
        .credential(security::BEARER_AUTH, Credential::bearer("jwt-1"))
        .credential(security::TOKEN_AUTH, Credential::authorization("Token abc"))
        .build()
        .unwrap();
    let api = client.security_schemes();
    api.get_basic().send().await.unwrap();
    api.get_bearer().send().await.unwrap();
    api.get_custom().send().await.unwrap();

    let basic = only(&server, "/v1/basic").await;
    assert_eq!(
        header(&basic, "authorization").as_deref(),
        Some("Basic dXNlcjpwYXNz")
    );
    let bearer = only(&server, "/v1/bearer").await;
    assert_eq!(
        header(&bearer, "authorization").as_deref(),
        Some("Bearer jwt-1")
    );
    let custom = only(&server, "/v1/custom").await;
    assert_eq!(
        header(&custom, "authorization").as_deref(),
        Some("Token abc")
    );
    for request in [&basic, &bearer, &custom] {
        assert_eq!(header(request, "x-api-key"), None);
        assert_eq!(request.url.query(), None);
    }
}

#[tokio::test]
async fn api_keys_go_in_the_header_query_parameter_or_cookie_the_spec_names() {
    let server = server().await;
    let client = builder(&server)
        .credential(security::HEADER_KEY, Credential::api_key(HEADER_KEY))
        .credential(security::QUERY_KEY, Credential::api_key(QUERY_KEY))
        .credential(security::COOKIE_KEY, Credential::api_key(COOKIE_KEY))
        .build()
        .unwrap();
    let api = client.security_schemes();
    api.get_header_key().send().await.unwrap();
    api.get_query_key().page(3).send().await.unwrap();
    api.get_cookie_key().theme("dark").send().await.unwrap();

    let header_key = only(&server, "/v1/header-key").await;
    assert_eq!(
        header(&header_key, "x-api-key").as_deref(),
        Some(HEADER_KEY)
    );
    assert_eq!(header(&header_key, "authorization"), None);
    assert_eq!(header_key.url.query(), None);

    let query_key = only(&server, "/v1/query-key").await;
    assert_eq!(
        query(&query_key),
        [
            ("page".to_owned(), "3".to_owned()),
            ("api_key".to_owned(), QUERY_KEY.to_owned())
        ]
    );
    assert_eq!(header(&query_key, "x-api-key"), None);

    let cookie_key = only(&server, "/v1/cookie-key").await;
    assert_eq!(
        header(&cookie_key, "cookie").as_deref(),
        Some(format!("theme=dark; session={COOKIE_KEY}").as_str())
    );
    assert_eq!(header(&cookie_key, "authorization"), None);
}

#[tokio::test]
async fn every_scheme_of_one_requirement_is_sent_together() {
    let server = server().await;
    let client = builder(&server)
        .credential(security::HEADER_KEY, Credential::api_key(HEADER_KEY))
        .credential(security::QUERY_KEY, Credential::api_key(QUERY_KEY))
        .build()
        .unwrap();
    client
        .security_schemes()
        .get_together()
        .send()
        .await
        .unwrap();
    let together = only(&server, "/v1/together").await;
    assert_eq!(header(&together, "x-api-key").as_deref(), Some(HEADER_KEY));
    assert_eq!(
        query(&together),
        [("api_key".to_owned(), QUERY_KEY.to_owned())]
    );

    // With only one of the two, the requirement is not met and nothing is sent.
    let half = server_and(|builder| {
        builder.credential(security::HEADER_KEY, Credential::api_key(HEADER_KEY))
    })
    .await;
    half.1
        .security_schemes()
        .get_together()
        .send()
        .await
        .unwrap();
    let sent = only(&half.0, "/v1/together").await;
    assert_eq!(header(&sent, "x-api-key"), None);
    assert_eq!(sent.url.query(), None);
}

async fn server_and(
    configure: impl FnOnce(ClientBuilder) -> ClientBuilder,
) -> (MockServer, Client) {
    let server = server().await;
    let client = configure(builder(&server)).build().unwrap();
    (server, client)
}

#[tokio::test]
async fn among_alternatives_the_first_whose_credentials_were_supplied_is_sent() {
    // `getEither` takes basic, or else the header key.
    let (server, key_only) = server_and(|builder| {
        builder.credential(security::HEADER_KEY, Credential::api_key(HEADER_KEY))
    })
    .await;
    key_only
        .security_schemes()
        .get_either()
        .send()
        .await
        .unwrap();
    let sent = only(&server, "/v1/either").await;
    assert_eq!(header(&sent, "x-api-key").as_deref(), Some(HEADER_KEY));
    assert_eq!(header(&sent, "authorization"), None);

    let (server, both) = server_and(|builder| {
        builder
            .credential(security::HEADER_KEY, Credential::api_key(HEADER_KEY))
            .credential(security::BASIC_AUTH, Credential::basic("user", "pass"))
    })
    .await;
    both.security_schemes().get_either().send().await.unwrap();
    let sent = only(&server, "/v1/either").await;
    assert_eq!(
        header(&sent, "authorization").as_deref(),
        Some("Basic dXNlcjpwYXNz")
    );
    assert_eq!(
        header(&sent, "x-api-key"),
        None,
        "only the first requirement met"
    );

    // A digest requirement was dropped when generating; the key remains.
    both.security_schemes()
        .get_digest_or_key()
        .send()
        .await
        .unwrap();
    let sent = only(&server, "/v1/digest-or-key").await;
    assert_eq!(header(&sent, "x-api-key").as_deref(), Some(HEADER_KEY));
}

#[tokio::test]
async fn an_anonymous_alternative_goes_without_credentials_when_none_were_supplied() {
    let (server, anonymous) = server_and(|builder| builder).await;
    let api = anonymous.security_schemes();
    api.get_optional().send().await.unwrap();
    // A requirement nobody supplied credentials for: the call goes without, and the server
    // says what it thinks of that.
    api.get_basic().send().await.unwrap();
    for path in ["/v1/optional", "/v1/basic"] {
        let sent = only(&server, path).await;
        assert_eq!(header(&sent, "authorization"), None, "{path}");
        assert_eq!(header(&sent, "x-api-key"), None, "{path}");
    }

    let (server, with_key) = server_and(|builder| {
        builder.credential(security::HEADER_KEY, Credential::api_key(HEADER_KEY))
    })
    .await;
    with_key
        .security_schemes()
        .get_optional()
        .send()
        .await
        .unwrap();
    let sent = only(&server, "/v1/optional").await;
    assert_eq!(header(&sent, "x-api-key").as_deref(), Some(HEADER_KEY));
}

#[tokio::test]
async fn the_clients_own_token_serves_bearer_oauth_and_openid_schemes_without_one_of_their_own() {
    let (server, client) = server_and(|builder| {
        builder
            .access_token("own-token")
            .credential(security::BEARER_AUTH, Credential::bearer("jwt-1"))
    })
    .await;
    let api = client.security_schemes();
    api.get_bearer().send().await.unwrap();
    api.list_reports().send().await.unwrap();
    api.get_sso().send().await.unwrap();
    api.get_basic().send().await.unwrap();
    api.get_header_key().send().await.unwrap();

    let authorization = |request: Request| header(&request, "authorization");
    assert_eq!(
        authorization(only(&server, "/v1/bearer").await).as_deref(),
        Some("Bearer jwt-1"),
        "its own credential first"
    );
    assert_eq!(
        authorization(only(&server, "/v1/reports").await).as_deref(),
        Some("Bearer own-token")
    );
    assert_eq!(
        authorization(only(&server, "/v1/sso").await).as_deref(),
        Some("Bearer own-token")
    );
    assert_eq!(authorization(only(&server, "/v1/basic").await), None);
    assert_eq!(authorization(only(&server, "/v1/header-key").await), None);
    assert!(requests(&server, "/oauth2/token").await.is_empty());
}

/// A token endpoint at `/oauth2/token` that hands out `tok-write` for requests asking for the
/// write scope and `tok-read` otherwise.
async fn mount_token_endpoint(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        .and(body_string_contains("reports%3Awrite"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                serde_json::json!({"access_token": "tok-write", "expires_in": 3600}),
            ),
        )
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": "tok-read", "expires_in": 3600})),
        )
        .with_priority(2)
        .mount(server)
        .await;
}

#[tokio::test]
async fn client_credentials_fetch_one_token_per_set_of_scopes_at_the_specs_token_url() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server).await;
    Mock::given(method("POST"))
        .and(path("/v1/reports"))
        .respond_with(ResponseTemplate::new(201))
        .with_priority(4)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .with_priority(5)
        .mount(&server)
        .await;
    let client = builder(&server)
        .credential(
            security::OAUTH,
            Credential::client_credentials("reporter", CLIENT_SECRET),
        )
        .build()
        .unwrap();
    let api = client.security_schemes();
    api.list_reports().send().await.unwrap();
    api.list_reports().send().await.unwrap();
    api.create_report().send().await.unwrap();
    client
        .clone()
        .security_schemes()
        .create_report()
        .send()
        .await
        .unwrap();

    // The spec's relative `tokenUrl` is resolved against the server, `BASE/v1`.
    let tokens = requests(&server, "/oauth2/token").await;
    let forms: Vec<String> = tokens
        .iter()
        .map(|request| String::from_utf8(request.body.clone()).unwrap())
        .collect();
    assert_eq!(
        forms,
        [
            format!("grant_type=client_credentials&client_id=reporter&client_secret={CLIENT_SECRET}&scope=reports%3Aread"),
            format!("grant_type=client_credentials&client_id=reporter&client_secret={CLIENT_SECRET}&scope=reports%3Aread+reports%3Awrite"),
        ],
        "one token request per set of scopes, cached for every call and clone"
    );
    for token in &tokens {
        assert_eq!(
            header(token, "content-type").as_deref(),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(header(token, "authorization"), None);
    }
    let sent: Vec<(String, Option<String>)> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|request| request.url.path() == "/v1/reports")
        .map(|request| (request.method.to_string(), header(request, "authorization")))
        .collect();
    assert_eq!(
        sent,
        [
            ("GET".to_owned(), Some("Bearer tok-read".to_owned())),
            ("GET".to_owned(), Some("Bearer tok-read".to_owned())),
            ("POST".to_owned(), Some("Bearer tok-write".to_owned())),
            ("POST".to_owned(), Some("Bearer tok-write".to_owned())),
        ]
    );
}

#[tokio::test]
async fn a_401_fetches_a_new_token_once_and_replays_the_call() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server).await;
    Mock::given(path("/v1/reports"))
        .respond_with(ResponseTemplate::new(401))
        .up_to_n_times(1)
        .with_priority(3)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .with_priority(5)
        .mount(&server)
        .await;
    let client = builder(&server)
        .credential(
            security::OAUTH,
            Credential::client_credentials("reporter", CLIENT_SECRET),
        )
        .build()
        .unwrap();
    let response = client
        .security_schemes()
        .list_reports()
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(requests(&server, "/oauth2/token").await.len(), 2);
    assert_eq!(requests(&server, "/v1/reports").await.len(), 2);
}

#[tokio::test]
async fn the_client_secret_goes_only_to_its_token_url_and_the_token_only_to_the_api() {
    let api_server = server().await;
    let auth_server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": "partner-token"})),
        )
        .mount(&auth_server)
        .await;
    let client = builder(&api_server)
        .credential(
            security::PARTNER_OAUTH,
            Credential::client_credentials("partner", CLIENT_SECRET)
                .token_url(format!("{}/token", auth_server.uri())),
        )
        .build()
        .unwrap();
    client
        .security_schemes()
        .get_partner()
        .send()
        .await
        .unwrap();

    let token = only(&auth_server, "/token").await;
    assert!(everything(&token).contains(CLIENT_SECRET));
    assert_eq!(header(&token, "authorization"), None);
    assert!(!everything(&token).contains("partner-token"));
    assert_eq!(auth_server.received_requests().await.unwrap().len(), 1);

    let sent = only(&api_server, "/v1/partner").await;
    assert_eq!(
        header(&sent, "authorization").as_deref(),
        Some("Bearer partner-token")
    );
    for request in api_server.received_requests().await.unwrap() {
        assert!(!everything(&request).contains(CLIENT_SECRET));
    }
}

#[tokio::test]
async fn credentials_never_follow_a_redirect_to_another_origin() {
    let elsewhere = server().await;
    let api_server = MockServer::start().await;
    for from in [
        "/v1/basic",
        "/v1/query-key",
        "/v1/cookie-key",
        "/v1/header-key",
    ] {
        Mock::given(path(from))
            .respond_with(
                ResponseTemplate::new(307)
                    .insert_header("location", format!("{}/landing{from}", elsewhere.uri())),
            )
            .mount(&api_server)
            .await;
    }
    // The client follows each redirect without `Authorization`, `Cookie` and the scheme's own
    // header; the query key stays in the URL it left.
    let follows = builder(&api_server)
        .credential(security::BASIC_AUTH, Credential::basic("user", PASSWORD))
        .credential(security::QUERY_KEY, Credential::api_key(QUERY_KEY))
        .credential(security::COOKIE_KEY, Credential::api_key(COOKIE_KEY))
        .credential(security::HEADER_KEY, Credential::api_key(HEADER_KEY))
        .build()
        .unwrap();
    let api = follows.security_schemes();
    api.get_basic().send().await.unwrap();
    api.get_query_key().send().await.unwrap();
    api.get_cookie_key().send().await.unwrap();
    api.get_header_key().send().await.unwrap();
    // The scheme's header given by hand, by a client without the credential, is one too.
    builder(&api_server)
        .build()
        .unwrap()
        .security_schemes()
        .get_header_key()
        .header("X-API-Key", HEADER_KEY)
        .send()
        .await
        .unwrap();
    let landed = elsewhere.received_requests().await.unwrap();
    assert_eq!(landed.len(), 5);
    for request in &landed {
        let seen = everything(request);
        for secret in [
            PASSWORD,
            "dXNlcjpwdy1TRUNSRVQtMQ",
            QUERY_KEY,
            COOKIE_KEY,
            HEADER_KEY,
        ] {
            assert!(
                !seen.contains(secret),
                "{secret} reached another origin: {seen}"
            );
        }
    }
    // The first hop, on the API's origin, had them.
    let basic = only(&api_server, "/v1/basic").await;
    assert!(header(&basic, "authorization").is_some());
    for sent in requests(&api_server, "/v1/header-key").await {
        assert_eq!(header(&sent, "x-api-key").as_deref(), Some(HEADER_KEY));
    }
}

#[tokio::test]
async fn an_operation_naming_a_server_of_its_own_is_sent_under_the_base_url() {
    let (server, client) = server_and(|builder| {
        builder.credential(security::HEADER_KEY, Credential::api_key(HEADER_KEY))
    })
    .await;
    client
        .security_schemes()
        .get_elsewhere()
        .send()
        .await
        .unwrap();
    let sent = only(&server, "/v1/elsewhere").await;
    assert_eq!(header(&sent, "x-api-key").as_deref(), Some(HEADER_KEY));
}

#[test]
fn a_credential_the_scheme_cannot_take_is_refused_when_building_and_named() {
    let refused = |builder: ClientBuilder| {
        let error = builder.build().expect_err("the builder should refuse this");
        let message = error.to_string();
        assert!(
            !message.contains(HEADER_KEY) && !message.contains(PASSWORD),
            "{message}"
        );
        message
    };
    let base = || Client::builder().base_url("https://api.example.com");
    assert_eq!(
        refused(base().credential(security::BASIC_AUTH, Credential::api_key(HEADER_KEY))),
        "the setting `security_schemes::basicAuth` in the client builder is invalid: an API key cannot be sent for this HTTP basic scheme, which takes Credential::basic, authorization or source"
    );
    assert_eq!(
        refused(base().credential(security::HEADER_KEY, Credential::basic("user", PASSWORD))),
        "the setting `security_schemes::headerKey` in the client builder is invalid: HTTP basic credentials cannot be sent for this API key scheme, which takes Credential::api_key"
    );
    assert_eq!(
        refused(base().credential(
            security::HEADER_KEY,
            Credential::api_key(HEADER_KEY).token_url("https://auth.example.com/token")
        )),
        "the setting `security_schemes::headerKey` in the client builder is invalid: a token URL or scopes only apply to client credentials, not to an API key"
    );
    assert_eq!(
        refused(base().credential(security::IMPLICIT_ONLY, Credential::client_credentials("id", "secret"))),
        "the setting `security_schemes::implicitOnly` in the client builder is invalid: the spec declares no client credentials flow for this scheme, so there is no token URL: give one with Credential::token_url"
    );
    assert_eq!(
        refused(base().credential(security::BASIC_AUTH, Credential::basic("us:er", PASSWORD))),
        "the setting `security_schemes::basicAuth` in the client builder is invalid: an HTTP basic user name cannot contain `:`"
    );
    assert_eq!(
        refused(base().credential(security::HEADER_KEY, Credential::api_key("line\nbreak"))),
        "the setting `security_schemes::headerKey` in the client builder is invalid: the key contains characters an HTTP request cannot carry"
    );
}

/// Every span field and event field, as text.
#[derive(Clone, Default)]
struct Recorded(Arc<Mutex<String>>);

struct Writer<'a>(&'a mut String);

impl Visit for Writer<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.push_str(&format!("{}={value:?} ", field.name()));
    }
}

impl<S: Subscriber> Layer<S> for Recorded {
    fn on_new_span(&self, attrs: &Attributes<'_>, _: &Id, _: Context<'_, S>) {
        attrs.record(&mut Writer(&mut self.0.lock().unwrap()));
    }

    fn on_record(&self, _: &Id, values: &Record<'_>, _: Context<'_, S>) {
        values.record(&mut Writer(&mut self.0.lock().unwrap()));
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        event.record(&mut Writer(&mut self.0.lock().unwrap()));
    }
}

/// The failure of a call to a closed port, and every error it came from, as text.
fn transport_failure<T: fmt::Debug, E>(result: Result<T, Error<E>>) -> String
where
    Error<E>: std::error::Error + 'static,
{
    match result {
        Err(error @ (Error::Transport(_) | Error::Auth(_))) => chain(&error),
        Err(other) => panic!("expected a transport failure, got {other}"),
        Ok(value) => panic!("nothing listens there, yet {value:?}"),
    }
}

/// The error and every error it came from, as text.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = format!("{error} / {error:?}");
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(&format!(" / {inner} / {inner:?}"));
        cause = inner.source();
    }
    text
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output_errors_and_traces() {
    let recorded = Recorded::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(recorded.clone()));
    let secrets = [
        PASSWORD,
        "dXNlcjpwdy1TRUNSRVQtMQ",
        HEADER_KEY,
        QUERY_KEY,
        COOKIE_KEY,
        CLIENT_SECRET,
    ];
    let credentials = [
        Credential::basic("user", PASSWORD),
        Credential::api_key(HEADER_KEY),
        Credential::bearer(QUERY_KEY),
        Credential::authorization(COOKIE_KEY),
        Credential::client_credentials("id", CLIENT_SECRET).scopes(["read"]),
    ];
    let debug = format!("{credentials:?}");
    assert_eq!(
        debug,
        "[Basic { username: \"user\", password: \"[redacted]\" }, ApiKey([redacted]), Bearer([redacted]), Authorization([redacted]), ClientCredentials { client_id: \"id\", client_secret: \"[redacted]\", token_url: None, scopes: Some([\"read\"]) }]"
    );

    // Nothing listens on this port: every call fails in the transport.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let builder = Client::builder()
        .base_url(&base)
        .retry_policy(RetryPolicy::default().max_attempts(1))
        .credential(security::BASIC_AUTH, Credential::basic("user", PASSWORD))
        .credential(security::HEADER_KEY, Credential::api_key(HEADER_KEY))
        .credential(security::QUERY_KEY, Credential::api_key(QUERY_KEY))
        .credential(security::COOKIE_KEY, Credential::api_key(COOKIE_KEY))
        .credential(
            security::OAUTH,
            Credential::client_credentials("id", CLIENT_SECRET),
        );
    let mut seen = format!("{builder:?}");
    let client = builder.build().unwrap();
    seen.push_str(&format!("{client:?}"));
    let api = client.security_schemes();
    seen.push_str(&transport_failure(api.get_basic().send().await));
    seen.push_str(&transport_failure(api.get_header_key().send().await));
    seen.push_str(&transport_failure(api.get_query_key().page(1).send().await));
    seen.push_str(&transport_failure(api.get_cookie_key().send().await));
    seen.push_str(&transport_failure(api.list_reports().send().await));
    // The query key's URL is in the error, with the key redacted.
    assert!(seen.contains("api_key=%5Bredacted%5D"), "{seen}");
    seen.push_str(&recorded.0.lock().unwrap());
    for secret in secrets {
        assert!(!seen.contains(secret), "{secret} in {seen}");
    }
}
