//! The caller's own middleware and credentials: a hook that adds a correlation id to every
//! request (retries and token requests included) and sees every response, and a credential
//! source of the caller's that the client asks for each `Authorization` value and tells about
//! a 401.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use common::{
    expect_api_error, fast_retries, header, in_turn, received, start_server, token_body,
    unauthorized_body,
};
use sailpoint_client::{
    AuthError, AuthorizationValue, Client, CredentialFuture, CredentialSource, Error, Hook,
    HookContext, RetryPolicy,
};
use serde_json::json;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, ResponseTemplate};

/// What a hook saw of a request: the operation, the attempt, whether `Authorization` (if
/// any) was marked sensitive.
type SeenRequest = (Option<&'static str>, u32, bool);
/// What a hook saw of a response: the operation and the status.
type SeenResponse = (Option<&'static str>, u16);

/// Adds `X-Correlation-Id: corr-N` to every request and records what it saw.
#[derive(Clone, Default)]
struct Correlation {
    next: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<SeenRequest>>>,
    responses: Arc<Mutex<Vec<SeenResponse>>>,
}

impl Hook for Correlation {
    fn on_request(&self, request: &mut reqwest::Request, context: &HookContext) {
        let n = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        request.headers_mut().insert(
            "x-correlation-id",
            format!("corr-{n}").parse().expect("a header value"),
        );
        let sensitive = request
            .headers()
            .get("authorization")
            .is_none_or(|value| value.is_sensitive());
        self.requests
            .lock()
            .unwrap()
            .push((context.operation_id(), context.attempt(), sensitive));
    }

    fn on_response(&self, response: &reqwest::Response, context: &HookContext) {
        self.responses
            .lock()
            .unwrap()
            .push((context.operation_id(), response.status().as_u16()));
    }
}

#[tokio::test]
async fn a_hook_adds_a_correlation_id_to_every_request_retries_and_token_requests_included() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("t", 3600)))
        .mount(&server)
        .await;
    Mock::given(path_regex("^/v2024/"))
        .respond_with(in_turn(vec![
            ResponseTemplate::new(503),
            ResponseTemplate::new(200).set_body_json(json!([])),
        ]))
        .mount(&server)
        .await;
    let hook = Correlation::default();
    let client = Client::builder()
        .base_url(server.uri())
        .client_credentials("id", "secret")
        .retry_policy(fast_retries())
        .hook(hook.clone())
        .build()
        .unwrap();

    client
        .v2024()
        .get_task_status_list()
        .send()
        .await
        .expect("the retry succeeds");

    let requests = received(&server).await;
    let ids: Vec<(&str, Option<&str>)> = requests
        .iter()
        .map(|request| (request.url.path(), header(request, "x-correlation-id")))
        .collect();
    assert_eq!(
        ids,
        [
            ("/oauth/token", Some("corr-1")),
            ("/v2024/task-status", Some("corr-2")),
            ("/v2024/task-status", Some("corr-3")),
        ]
    );
    assert_eq!(
        *hook.requests.lock().unwrap(),
        [
            (None, 1, true),
            (Some("getTaskStatusList"), 1, true),
            (Some("getTaskStatusList"), 2, true),
        ],
        "the hook sees which call and attempt, and the token as a sensitive header"
    );
    assert_eq!(
        *hook.responses.lock().unwrap(),
        [
            (None, 200),
            (Some("getTaskStatusList"), 503),
            (Some("getTaskStatusList"), 200),
        ]
    );
}

/// Replaces the `User-Agent` and adds a query pair: what a hook changes is what is sent.
struct Rewrite;

impl Hook for Rewrite {
    fn on_request(&self, request: &mut reqwest::Request, _: &HookContext) {
        request
            .headers_mut()
            .insert("user-agent", "rewritten/1.0".parse().unwrap());
        request
            .url_mut()
            .query_pairs_mut()
            .append_pair("traced", "yes");
    }
}

#[tokio::test]
async fn hooks_run_in_the_order_added_and_what_they_change_is_sent() {
    let server = start_server().await;
    Mock::given(path_regex("^/v2024/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    let first = Correlation::default();
    let client = Client::builder()
        .base_url(server.uri())
        .access_token("t")
        .hook(first.clone())
        .hook(Rewrite)
        .build()
        .unwrap();

    client
        .v2024()
        .get_task_status_list()
        .limit(5)
        .send()
        .await
        .unwrap();

    let request = &received(&server).await[0];
    assert_eq!(header(request, "user-agent"), Some("rewritten/1.0"));
    assert_eq!(header(request, "x-correlation-id"), Some("corr-1"));
    assert_eq!(request.url.query(), Some("limit=5&traced=yes"));
}

// ---------------------------------------------------------------------------------------------
// Credential sources
// ---------------------------------------------------------------------------------------------

/// Tokens from the caller's own store: it hands out the current one and moves to the next when
/// told the current one was rejected.
#[derive(Clone)]
struct Store {
    tokens: Arc<Vec<&'static str>>,
    current: Arc<AtomicUsize>,
    asked: Arc<AtomicUsize>,
    rejected: Arc<Mutex<Vec<AuthorizationValue>>>,
    renew: bool,
}

impl Store {
    fn new(tokens: Vec<&'static str>, renew: bool) -> Self {
        Store {
            tokens: Arc::new(tokens),
            current: Arc::default(),
            asked: Arc::default(),
            rejected: Arc::default(),
            renew,
        }
    }

    fn value(&self) -> Result<AuthorizationValue, AuthError> {
        let index = self.current.load(Ordering::SeqCst);
        let token = self
            .tokens
            .get(index)
            .ok_or_else(|| AuthError::source_failed("the store is empty"))?;
        AuthorizationValue::bearer(token)
    }
}

impl CredentialSource for Store {
    fn authorization(&self) -> CredentialFuture<'_, Result<AuthorizationValue, AuthError>> {
        Box::pin(async move {
            self.asked.fetch_add(1, Ordering::SeqCst);
            self.value()
        })
    }

    fn rejected<'a>(&'a self, rejected: &'a AuthorizationValue) -> CredentialFuture<'a, bool> {
        Box::pin(async move {
            self.rejected.lock().unwrap().push(rejected.clone());
            if self.renew && self.value().ok().as_ref() == Some(rejected) {
                self.current.fetch_add(1, Ordering::SeqCst);
            }
            self.renew
        })
    }
}

fn bearers(requests: &[wiremock::Request]) -> Vec<&str> {
    requests
        .iter()
        .map(|request| header(request, "authorization").unwrap_or("(none)"))
        .collect()
}

#[tokio::test]
async fn a_credential_source_supplies_the_authorization_of_every_call() {
    let server = start_server().await;
    Mock::given(path_regex("^/v3/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    let store = Store::new(vec!["from-my-vault"], false);
    let client = Client::builder()
        .base_url(server.uri())
        .credential_source(store.clone())
        .build()
        .unwrap();

    for _ in 0..2 {
        client.v3().get_lifecycle_states("p").send().await.unwrap();
    }

    let requests = received(&server).await;
    assert_eq!(
        bearers(&requests),
        ["Bearer from-my-vault", "Bearer from-my-vault"]
    );
    assert_eq!(store.asked.load(Ordering::SeqCst), 2, "asked on every call");
    assert!(!requests
        .iter()
        .any(|request| request.url.path() == "/oauth/token"));
}

#[tokio::test]
async fn after_a_401_the_source_is_told_and_the_call_replayed_once_with_its_new_value() {
    let server = start_server().await;
    Mock::given(path_regex("^/v3/"))
        .and(wiremock::matchers::header("authorization", "Bearer old"))
        .respond_with(ResponseTemplate::new(401).set_body_json(unauthorized_body()))
        .mount(&server)
        .await;
    Mock::given(path_regex("^/v3/"))
        .and(wiremock::matchers::header("authorization", "Bearer new"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    let store = Store::new(vec!["old", "new"], true);
    let client = Client::builder()
        .base_url(server.uri())
        .credential_source(store.clone())
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();

    client
        .v3()
        .get_lifecycle_states("p")
        .send()
        .await
        .expect("the replay with the new value succeeds");

    assert_eq!(
        bearers(&received(&server).await),
        ["Bearer old", "Bearer new"]
    );
    assert_eq!(
        *store.rejected.lock().unwrap(),
        [AuthorizationValue::bearer("old").unwrap()]
    );
}

#[tokio::test]
async fn a_source_that_cannot_renew_gets_the_401_as_the_calls_answer() {
    let server = start_server().await;
    Mock::given(path_regex("^/v3/"))
        .respond_with(ResponseTemplate::new(401).set_body_json(unauthorized_body()))
        .mount(&server)
        .await;
    let store = Store::new(vec!["static"], false);
    let client = Client::builder()
        .base_url(server.uri())
        .credential_source(store.clone())
        .build()
        .unwrap();

    let error = client
        .v3()
        .get_lifecycle_states("p")
        .send()
        .await
        .expect_err("401");

    expect_api_error!(error, v3::GetLifecycleStatesError::Unauthorized);
    assert_eq!(bearers(&received(&server).await), ["Bearer static"]);
    assert_eq!(store.rejected.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_failing_source_is_an_auth_error_and_nothing_is_sent() {
    let server = start_server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .credential_source(Store::new(vec![], false))
        .build()
        .unwrap();

    let error = client
        .v3()
        .get_lifecycle_states("p")
        .send()
        .await
        .expect_err("no value");

    assert!(
        matches!(&error, Error::Auth(AuthError::Source(_))),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "authentication failed: the credential source failed: the store is empty"
    );
    assert!(received(&server).await.is_empty());
}

#[test]
fn authorization_values_refuse_what_a_header_cannot_carry_and_never_show_themselves() {
    assert!(matches!(
        AuthorizationValue::bearer("bad\ntoken"),
        Err(AuthError::InvalidToken)
    ));
    let value = AuthorizationValue::new("Basic dXNlcjpTRUNSRVQ=").unwrap();
    assert_eq!(value.expose_secret(), b"Basic dXNlcjpTRUNSRVQ=");
    let shown = format!("{value:?} {value:#?}");
    assert!(!shown.contains("dXNlcjpTRUNSRVQ"), "{shown}");

    let builder = Client::builder()
        .base_url("https://example.api.identitynow.com")
        .credential_source(Store::new(vec!["VAULT-SECRET-TOKEN"], false))
        .hook(Rewrite);
    let shown = format!("{builder:?}");
    assert!(!shown.contains("VAULT-SECRET-TOKEN"), "{shown}");
    let client = builder.build().unwrap();
    let shown = format!("{client:?}");
    assert!(shown.contains("credential source"), "{shown}");
    assert!(shown.contains("1 hooks"), "{shown}");
}

/// A source that never answers.
struct Hanging;

impl CredentialSource for Hanging {
    fn authorization(&self) -> CredentialFuture<'_, Result<AuthorizationValue, AuthError>> {
        Box::pin(std::future::pending())
    }
}

#[tokio::test]
async fn a_source_that_never_answers_fails_the_call_when_its_budget_runs_out() {
    let server = start_server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .credential_source(Hanging)
        .retry_policy(RetryPolicy::default().total_budget(std::time::Duration::from_millis(200)))
        .build()
        .unwrap();

    let error = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        client.v3().get_lifecycle_states("p").send(),
    )
    .await
    .expect("the call ends")
    .expect_err("no value");

    assert!(
        matches!(&error, Error::Auth(AuthError::Source(_))),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("did not answer within the call's budget of 200ms"),
        "{error}"
    );
    assert!(received(&server).await.is_empty());
}
