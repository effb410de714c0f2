//! Shared helpers for the integration tests: a mock server on 127.0.0.1 with a client pointed at
//! it, JSON fixtures for the bodies the specs document, assertions on the request that arrived,
//! and a table-driven check of an operation's documented error statuses.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]
#![allow(
    dead_code,
    unused_macros,
    unused_imports,
    reason = "each test file uses its own subset of the helpers"
)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use sailpoint_client::Client;
use sailpoint_client::RetryPolicy;
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The access token every test client sends.
pub const TOKEN: &str = "test-token";
/// The tracking ID of every error fixture.
pub const TRACKING_ID: &str = "b21b1f7ce4da4d639f2c62a57171b427";
/// The `Retry-After` value sent with every 429 fixture.
pub const RETRY_AFTER: &str = "10";
/// The `error` of the 401 fixture.
pub const JWT_EXPIRED: &str = "JWT validation failed: JWT is expired";
/// The `message` of the 429 fixture, spaces included, as the spec's example has it.
pub const RATE_LIMIT_EXCEEDED: &str = " Rate Limit Exceeded ";
/// The `text` of the single message of every error fixture.
pub const ERROR_TEXT: &str = "The request was syntactically correct but its content is invalid.";
/// The media type of JSON requests and responses.
pub const JSON: &str = "application/json";
/// The media type of JSON Patch request bodies.
pub const JSON_PATCH: &str = "application/json-patch+json";

/// A path parameter with `/`, a space and `%`: it must stay one percent-encoded segment.
pub const AWKWARD_ID: &str = "a/b c%d";
/// [`AWKWARD_ID`] as it must arrive in the path.
pub const AWKWARD_ID_ENCODED: &str = "a%2Fb%20c%25d";
/// A second awkward path parameter: non-ASCII, `?` and `#`, which would otherwise start a
/// query or a fragment.
pub const OTHER_AWKWARD_ID: &str = "é?x#y";
/// [`OTHER_AWKWARD_ID`] as it must arrive in the path.
pub const OTHER_AWKWARD_ID_ENCODED: &str = "%C3%A9%3Fx%23y";

// ---------------------------------------------------------------------------------------------
// Server and client
// ---------------------------------------------------------------------------------------------

/// A mock server listening on 127.0.0.1 (outside wiremock's pool, so nothing is shared between
/// tests) and a client for it that sends [`TOKEN`].
pub async fn start() -> (MockServer, Client) {
    let server = start_server().await;
    let client = client_for(&server);
    (server, client)
}

/// A mock server listening on 127.0.0.1, outside wiremock's pool, with no mocks yet.
pub async fn start_server() -> MockServer {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    MockServer::builder().listener(listener).start().await
}

/// A port on 127.0.0.1 where nothing listens (it was bound, then released).
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    listener.local_addr().expect("a local address").port()
}

/// The default retry policy with waits of a millisecond or two when the server gives no
/// `Retry-After`, so tests of retries run fast.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(2))
}

/// A client for `server` that sends [`TOKEN`] and makes a single attempt per call, so each
/// test sees exactly the response it set up (retries have tests of their own). It decodes
/// strictly, so every test that answers with a spec-valid body also proves that the spec and
/// the decoders agree; tests of drifting bodies use [`tolerant_client_for`].
pub fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .retry_policy(RetryPolicy::never())
        .decoding(sailpoint_client::Decoding::Strict)
        .build()
        .expect("the mock server's URI is a valid base URL")
}

/// [`client_for`], decoding as a client does by default: tolerantly.
pub fn tolerant_client_for(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("the mock server's URI is a valid base URL")
}

/// Forgets earlier mocks and requests, then answers every request with `template`.
pub async fn respond(server: &MockServer, template: ResponseTemplate) {
    server.reset().await;
    Mock::given(any())
        .respond_with(template)
        .mount(server)
        .await;
}

/// Answers every request with `status` and the JSON `body`.
pub async fn respond_json(server: &MockServer, status: u16, body: &Value) {
    respond(server, ResponseTemplate::new(status).set_body_json(body)).await;
}

/// Answers every request with `status` and no body.
pub async fn respond_empty(server: &MockServer, status: u16) {
    respond(server, ResponseTemplate::new(status)).await;
}

/// A responder that answers the `n`-th request it sees (counting from 1) with
/// `respond(n, request)`, for answers that change from one request to the next.
pub fn counting<F>(respond: F) -> impl Respond
where
    F: Fn(usize, &Request) -> ResponseTemplate + Send + Sync + 'static,
{
    let seen = AtomicUsize::new(0);
    move |request: &Request| respond(seen.fetch_add(1, Ordering::SeqCst) + 1, request)
}

/// A responder that answers with `templates` in turn, then with the last one again and again.
pub fn in_turn(templates: Vec<ResponseTemplate>) -> impl Respond {
    assert!(!templates.is_empty(), "at least one response");
    counting(move |n, _| templates[(n - 1).min(templates.len() - 1)].clone())
}

/// What an OAuth2 token endpoint answers: `token`, valid for `expires_in` seconds.
pub fn token_body(token: &str, expires_in: u64) -> Value {
    json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": expires_in,
        "scope": "sp:scopes:all"
    })
}

// ---------------------------------------------------------------------------------------------
// What arrived
// ---------------------------------------------------------------------------------------------

/// Every request the server received since the last reset.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is enabled")
}

/// The one request the server received since the last reset.
pub async fn the_request(server: &MockServer) -> Request {
    let mut requests = received(server).await;
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got {requests:#?}"
    );
    requests.remove(0)
}

/// Asserts that nothing reached the server since the last reset.
pub async fn assert_nothing_sent(server: &MockServer) {
    let requests = received(server).await;
    assert!(
        requests.is_empty(),
        "expected no request, got {requests:#?}"
    );
}

/// Every value of header `name`, as text.
pub fn header_values<'a>(request: &'a Request, name: &str) -> Vec<&'a str> {
    request
        .headers
        .get_all(name)
        .iter()
        .map(|value| value.to_str().expect("a visible-ASCII header value"))
        .collect()
}

/// The value of header `name`, which must not be repeated.
pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    let values = header_values(request, name);
    assert!(
        values.len() <= 1,
        "header `{name}` sent {} times: {values:?}",
        values.len()
    );
    values.first().copied()
}

/// The request an operation should send.
#[derive(Debug, Clone)]
pub struct Expected<'a> {
    /// The method, such as `GET`.
    pub method: &'a str,
    /// The raw path, percent-encoding included.
    pub path: &'a str,
    /// The raw query string, or `None` when there must be none at all (not even `?`).
    pub query: Option<&'a str>,
    /// The `Accept` header, or `None` when it must be absent.
    pub accept: Option<&'a str>,
    /// The `X-SailPoint-Experimental` header, or `None` when it must be absent.
    pub experimental: Option<&'a str>,
    /// The `Content-Type` and JSON body, or `None` when there must be neither.
    pub body: Option<(&'a str, Value)>,
}

impl<'a> Expected<'a> {
    /// A v3 request: JSON accepted, no experimental header, no body.
    pub fn v3(method: &'a str, path: &'a str) -> Self {
        Expected {
            method,
            path,
            query: None,
            accept: Some(JSON),
            experimental: None,
            body: None,
        }
    }

    /// A v2024 request: JSON accepted, `X-SailPoint-Experimental: true`, no body.
    pub fn v2024(method: &'a str, path: &'a str) -> Self {
        Expected {
            method,
            path,
            query: None,
            accept: Some(JSON),
            experimental: Some("true"),
            body: None,
        }
    }

    /// With this raw query string.
    pub fn query(mut self, query: &'a str) -> Self {
        self.query = Some(query);
        self
    }

    /// With this `Content-Type` and JSON body.
    pub fn body(mut self, content_type: &'a str, body: Value) -> Self {
        self.body = Some((content_type, body));
        self
    }

    /// With this `Accept` header.
    pub fn accept(mut self, media_type: &'a str) -> Self {
        self.accept = Some(media_type);
        self
    }

    /// With this `X-SailPoint-Experimental` value.
    pub fn experimental(mut self, value: &'a str) -> Self {
        self.experimental = Some(value);
        self
    }
}

/// Asserts method, raw path, raw query, the bearer token, `Accept`, the experimental header,
/// `Content-Type` and the JSON body of `request`.
pub fn assert_request(request: &Request, expected: &Expected<'_>) {
    assert_eq!(request.method.as_str(), expected.method, "method");
    assert_eq!(request.url.path(), expected.path, "raw path");
    assert_eq!(request.url.query(), expected.query, "raw query string");
    assert_eq!(
        header(request, "authorization"),
        Some(format!("Bearer {TOKEN}").as_str()),
        "authorization"
    );
    assert_eq!(header(request, "accept"), expected.accept, "accept");
    assert_eq!(
        header(request, "x-sailpoint-experimental"),
        expected.experimental,
        "x-sailpoint-experimental"
    );
    match &expected.body {
        Some((content_type, body)) => {
            assert_eq!(
                header(request, "content-type"),
                Some(*content_type),
                "content-type"
            );
            let sent: Value = serde_json::from_slice(&request.body).unwrap_or_else(|error| {
                panic!(
                    "the body is not JSON ({error}): {}",
                    String::from_utf8_lossy(&request.body)
                )
            });
            assert_eq!(&sent, body, "JSON body");
        }
        None => {
            assert_eq!(header(request, "content-type"), None, "content-type");
            assert!(
                request.body.is_empty(),
                "expected no body, got {:?}",
                String::from_utf8_lossy(&request.body)
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/// The `detailCode` of the error fixture for `status`.
pub fn detail_code(status: u16) -> String {
    format!("{status} detail code")
}

/// An `ErrorResponseDto` body whose `detailCode` names `status`.
pub fn error_dto_body(status: u16) -> Value {
    json!({
        "detailCode": detail_code(status),
        "trackingId": TRACKING_ID,
        "messages": [
            { "locale": "en-US", "localeOrigin": "DEFAULT", "text": ERROR_TEXT }
        ],
        "causes": []
    })
}

/// The body of a 401 from the API gateway.
pub fn unauthorized_body() -> Value {
    json!({ "error": JWT_EXPIRED })
}

/// The body of a 429 from the API gateway.
pub fn rate_limit_body() -> Value {
    json!({ "message": RATE_LIMIT_EXCEEDED })
}

// Dates in the fixtures below are written the way chrono writes them back (`Z`, no `.000`, and
// fractions only as 3, 6 or 9 digits) so that decoding and re-encoding gives the same JSON value.

/// A finished `TaskStatus` with every field set, optional ones included.
pub fn task_status_complete() -> Value {
    json!({
        "id": "00eebcf881994e419d72e757fd30dc0e",
        "type": "QUARTZ",
        "uniqueName": "Cloud Account Aggregation",
        "description": "Aggregate from the specified application",
        "parentName": "Parent Task",
        "launcher": "sweep",
        "target": {
            "id": "c6dc37bf508149b28ce5b7d90ca4bbf9",
            "type": "APPLICATION",
            "name": "Active Directory [source]"
        },
        "created": "2020-07-11T21:23:15Z",
        "modified": "2020-07-11T21:24:15Z",
        "launched": "2020-07-11T21:23:16Z",
        "completed": "2020-07-11T21:30:00.250Z",
        "completionStatus": "SUCCESS",
        "messages": [
            {
                "type": "WARN",
                "localizedText": { "locale": "en-US", "message": "Two accounts were skipped." },
                "key": "skipped",
                "parameters": [ { "name": "value" }, "plain" ]
            }
        ],
        "returns": [ { "name": "label", "attributeName": "identityCount" } ],
        "attributes": { "identityCount": 3, "appId": "c31386cb18bb403cbb6df4c86294ff82" },
        "progress": "Completed",
        "percentComplete": 100,
        "taskDefinitionSummary": {
            "id": "2c91808475b4334b0175e1dff64b63c5",
            "uniqueName": "Cloud Account Aggregation",
            "description": "Aggregates from the specified application.",
            "parentName": "Cloud Account Aggregation",
            "executor": "sailpoint.task.ServiceTaskExecutor",
            "arguments": { "serviceMethod": "accountAggregationTask" }
        }
    })
}

/// A `TaskStatus` still running: every required field present, every nullable one null, no
/// optional field.
pub fn task_status_pending() -> Value {
    json!({
        "id": "id12345",
        "type": "QUEUED_TASK",
        "uniqueName": "Big Task",
        "description": "A Really Big Task",
        "parentName": null,
        "launcher": "sweep",
        "created": "2020-07-11T21:23:15Z",
        "modified": null,
        "launched": null,
        "completed": null,
        "completionStatus": null,
        "messages": [
            { "type": "INFO", "localizedText": null, "key": "akey", "parameters": null }
        ],
        "returns": [],
        "attributes": {},
        "progress": null,
        "percentComplete": 0
    })
}

/// A `LifecycleState` as the server returns it, every field set.
pub fn lifecycle_state_body() -> Value {
    json!({
        "id": "ef38f94347e94562b5bb8424a56397d8",
        "name": "Contractor",
        "created": "2015-05-28T14:07:17Z",
        "modified": "2015-05-29T08:00:00.125Z",
        "enabled": true,
        "technicalName": "contractor",
        "description": "Lifecycle description",
        "identityCount": 42,
        "emailNotificationOption": {
            "notifyManagers": true,
            "notifyAllAdmins": false,
            "notifySpecificUsers": true,
            "emailAddressList": [ "test@test.com", "test2@test.com" ]
        },
        "accountActions": [
            { "action": "ENABLE", "sourceIds": [ "2c918084660f45d6016617daa9210584" ] },
            { "action": "DELETE", "sourceIds": [] }
        ],
        "accessProfileIds": [ "2c918084660f45d6016617daa9210500" ],
        "identityState": "ACTIVE"
    })
}

/// A `LifecycleState` with only what the spec requires: `name` (null) and `technicalName`.
pub fn lifecycle_state_minimal() -> Value {
    json!({ "name": null, "technicalName": "minimal" })
}

// ---------------------------------------------------------------------------------------------
// Documented errors, table-driven
// ---------------------------------------------------------------------------------------------

/// The kinds of body a documented error status carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorBody {
    /// An `ErrorResponseDto`.
    ErrorDto,
    /// The gateway's `{"error": ...}`.
    Unauthorized,
    /// The gateway's `{"message": ...}`, with `Retry-After`.
    RateLimit,
    /// No body at all.
    NoBody,
}

/// Answers every request with `status` and the fixture of `kind`; with `foreign`, with a body
/// shaped like another status's instead (for [`ErrorBody::ErrorDto`], the body another status
/// would carry: the 400 body, or the 500 body for a 400).
pub async fn mount_error(server: &MockServer, status: u16, kind: ErrorBody, foreign: bool) {
    let template = ResponseTemplate::new(status);
    let template = match (kind, foreign) {
        (ErrorBody::ErrorDto, false) => template.set_body_json(error_dto_body(status)),
        (ErrorBody::ErrorDto, true) => {
            template.set_body_json(error_dto_body(foreign_status(status)))
        }
        (ErrorBody::Unauthorized, false) => template.set_body_json(unauthorized_body()),
        (ErrorBody::RateLimit, false) => template
            .insert_header("retry-after", RETRY_AFTER)
            .set_body_json(rate_limit_body()),
        (ErrorBody::Unauthorized | ErrorBody::RateLimit | ErrorBody::NoBody, true) => {
            template.set_body_json(error_dto_body(status))
        }
        (ErrorBody::NoBody, false) => template,
    };
    respond(server, template).await;
}

/// The status whose `ErrorResponseDto` body a `foreign` error fixture of `status` carries.
pub fn foreign_status(status: u16) -> u16 {
    if status == 400 {
        500
    } else {
        400
    }
}

/// The response inside `Error::Api(<api>::<Enum>::<Variant>(response))`, or a panic naming what
/// came instead.
macro_rules! expect_api_error {
    ($error:expr, $api:ident :: $enum:ident :: $variant:ident) => {
        match $error {
            ::sailpoint_client::Error::Api(::sailpoint_client::$api::$enum::$variant(response)) => {
                response
            }
            other => panic!(
                "expected Error::Api({}::{}), got {other:?}",
                stringify!($enum),
                stringify!($variant)
            ),
        }
    };
}
pub(crate) use expect_api_error;

/// Checks the decoded body of a documented error of `kind`: the fixture's fields, or (`foreign`)
/// the fields a body shaped like another status's decodes to.
macro_rules! check_error_body {
    ($api:ident, ErrorDto, $response:expr, $status:expr, $foreign:expr) => {{
        let body: &::sailpoint_client::$api::ErrorResponseDto = $response.body();
        let detail_status = if $foreign {
            $crate::common::foreign_status($status)
        } else {
            $status
        };
        assert_eq!(
            body.detail_code.as_deref(),
            Some($crate::common::detail_code(detail_status).as_str())
        );
        assert_eq!(
            body.tracking_id.as_deref(),
            Some($crate::common::TRACKING_ID)
        );
        let messages = body.messages.as_deref().expect("messages");
        assert_eq!(messages.len(), 1);
        assert_eq!(messages[0].locale.as_deref(), Some("en-US"));
        assert_eq!(
            messages[0].locale_origin,
            Some(::sailpoint_client::$api::LocaleOrigin::Default)
        );
        assert_eq!(
            messages[0].text.as_deref(),
            Some($crate::common::ERROR_TEXT)
        );
        assert_eq!(body.causes, Some(Vec::new()));
    }};
    ($api:ident, Unauthorized, $response:expr, $status:expr, $foreign:expr) => {{
        let body: &::sailpoint_client::$api::UnauthorizedResponse = $response.body();
        let expected = if $foreign {
            None
        } else {
            Some(::serde_json::json!($crate::common::JWT_EXPIRED))
        };
        assert_eq!(body.error, expected);
    }};
    ($api:ident, RateLimit, $response:expr, $status:expr, $foreign:expr) => {{
        let body: &::sailpoint_client::$api::TooManyRequestsResponse = $response.body();
        if $foreign {
            assert_eq!(body.message, None);
        } else {
            assert_eq!(
                body.message,
                Some(::serde_json::json!($crate::common::RATE_LIMIT_EXCEEDED))
            );
            assert_eq!(
                $response
                    .headers()
                    .get("retry-after")
                    .and_then(|value| value.to_str().ok()),
                Some($crate::common::RETRY_AFTER)
            );
        }
    }};
    ($api:ident, NoBody, $response:expr, $status:expr, $foreign:expr) => {{
        let _: &() = $response.body();
    }};
}
pub(crate) use check_error_body;

/// For each `status => Variant(BodyKind)` row: answers `status` with the documented body and
/// checks that `call` fails with `Error::Api(<api>::<Enum>::<Variant>(response))`, the right
/// `response.status()` and the decoded fields; then answers `status` with a body shaped like
/// another status's and checks that the variant still follows the status.
///
/// `call` is an expression evaluated afresh for every request, such as
/// `client.v3().get_lifecycle_state("p", "s").send()`.
macro_rules! assert_documented_errors {
    (
        $server:expr, $api:ident :: $enum:ident, $call:expr;
        $( $status:literal => $variant:ident ( $kind:ident ) ),+ $(,)?
    ) => {{
        let server: &::wiremock::MockServer = $server;
        $(
            for foreign in [false, true] {
                $crate::common::mount_error(
                    server,
                    $status,
                    $crate::common::ErrorBody::$kind,
                    foreign,
                )
                .await;
                let error = $call.await.expect_err(concat!("HTTP ", $status, " is an error"));
                assert!(
                    error.to_string().contains(concat!("HTTP ", $status)),
                    "the message names the status: {error}"
                );
                assert_eq!(error.api().map(|api| api.status().as_u16()), Some($status));
                let response = $crate::common::expect_api_error!(error, $api::$enum::$variant);
                assert_eq!(response.status().as_u16(), $status);
                $crate::common::check_error_body!($api, $kind, response, $status, foreign);
                $crate::common::the_request(server).await;
            }
        )+
    }};
}
pub(crate) use assert_documented_errors;
