//! Tracing: one `sailpoint_request` span per call with its operation, and OpenTelemetry's HTTP
//! client fields (method, path, server, status, resend count, error type), the events recorded
//! inside it (retries, token fetches, rate-limit waits), and no bearer token or client secret in
//! any span field or event.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]

mod common;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use common::{
    closed_port, counting, error_dto_body, fast_retries, in_turn, lifecycle_state_body,
    start_server, token_body, unauthorized_body, TRACKING_ID,
};
use sailpoint_client::v3::LifecycleState;
use sailpoint_client::{Client, Error, RateLimit, RetryPolicy};
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CLIENT_SECRET: &str = "cs-SECRET-5e7a";
const ACCESS_TOKEN: &str = "at-TOKEN-91c3";
const URL_PASSWORD: &str = "pw-URL-77e0";
const SPAN: &str = "sailpoint_request";
const STATES_PATH: &str = "/identity-profiles/{identity-profile-id}/lifecycle-states";

/// A span as created and then recorded into.
#[derive(Debug, Clone)]
struct SpanRecord {
    name: String,
    fields: BTreeMap<String, String>,
}

/// An event with the name of the span it happened in.
#[derive(Debug, Clone)]
struct EventRecord {
    target: String,
    level: tracing::Level,
    span: Option<String>,
    fields: BTreeMap<String, String>,
}

#[derive(Debug, Default)]
struct Recorded {
    spans: Vec<SpanRecord>,
    events: Vec<EventRecord>,
}

/// Records every span with its fields (at creation and later) and every event.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Recorded>>);

/// Which entry of [`Recorded::spans`] a live span is.
struct SpanIndex(usize);

struct FieldVisitor<'a>(&'a mut BTreeMap<String, String>);

impl Visit for FieldVisitor<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl Recorder {
    fn lock(&self) -> MutexGuard<'_, Recorded> {
        self.0.lock().unwrap()
    }

    /// The spans named [`SPAN`], in creation order.
    fn request_spans(&self) -> Vec<SpanRecord> {
        self.lock()
            .spans
            .iter()
            .filter(|span| span.name == SPAN)
            .cloned()
            .collect()
    }

    fn events(&self) -> Vec<EventRecord> {
        self.lock().events.clone()
    }

    /// Every name and value recorded anywhere, as text.
    fn everything(&self) -> Vec<String> {
        let recorded = self.lock();
        let spans = recorded.spans.iter().flat_map(|span| {
            std::iter::once(span.name.clone()).chain(
                span.fields
                    .iter()
                    .map(|(name, value)| format!("{name}={value}")),
            )
        });
        let events = recorded.events.iter().flat_map(|event| {
            std::iter::once(event.target.clone()).chain(
                event
                    .fields
                    .iter()
                    .map(|(name, value)| format!("{name}={value}")),
            )
        });
        spans.chain(events).collect()
    }
}

impl<S> Layer<S> for Recorder
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        attrs.record(&mut FieldVisitor(&mut fields));
        let index = {
            let mut recorded = self.lock();
            recorded.spans.push(SpanRecord {
                name: attrs.metadata().name().to_owned(),
                fields,
            });
            recorded.spans.len() - 1
        };
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(SpanIndex(index));
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let Some(index) = span.extensions().get::<SpanIndex>().map(|index| index.0) else {
            return;
        };
        let mut recorded = self.lock();
        values.record(&mut FieldVisitor(&mut recorded.spans[index].fields));
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        event.record(&mut FieldVisitor(&mut fields));
        let span = ctx.event_span(event).map(|span| span.name().to_owned());
        self.lock().events.push(EventRecord {
            target: event.metadata().target().to_owned(),
            level: *event.metadata().level(),
            span,
            fields,
        });
    }
}

/// Runs `body` with a [`Recorder`] as this thread's subscriber and returns what it recorded.
async fn recording<F: std::future::Future<Output = ()>>(body: F) -> Recorder {
    let recorder = Recorder::default();
    let subscriber = tracing_subscriber::registry().with(recorder.clone());
    let _guard = tracing::subscriber::set_default(subscriber);
    body.await;
    recorder
}

async fn mount_token_endpoint(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(ACCESS_TOKEN, 3600)))
        .mount(server)
        .await;
}

fn client(server: &MockServer, policy: RetryPolicy) -> Client {
    Client::builder()
        .base_url(server.uri())
        .client_credentials("tracing-client", CLIENT_SECRET)
        .retry_policy(policy)
        .build()
        .unwrap()
}

fn field<'a>(span: &'a SpanRecord, name: &str) -> Option<&'a str> {
    span.fields.get(name).map(String::as_str)
}

fn assert_elapsed_recorded(span: &SpanRecord) {
    let elapsed = field(span, "elapsed_ms").expect("elapsed_ms recorded");
    elapsed
        .parse::<u64>()
        .unwrap_or_else(|_| panic!("elapsed_ms is a number: {elapsed}"));
}

fn assert_no_secrets(recorder: &Recorder) {
    for text in recorder.everything() {
        for secret in [ACCESS_TOKEN, CLIENT_SECRET, URL_PASSWORD] {
            assert!(!text.contains(secret), "{secret} recorded in {text}");
        }
    }
}

#[tokio::test]
async fn each_call_has_one_request_span_with_its_operation_status_attempt_and_elapsed_time() {
    let server = start_server().await;
    mount_token_endpoint(&server).await;
    Mock::given(method("GET"))
        .and(path_regex("^/v3/"))
        .respond_with(in_turn(vec![
            ResponseTemplate::new(503),
            ResponseTemplate::new(200).set_body_json(json!([lifecycle_state_body()])),
        ]))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path_regex("^/v3/"))
        .respond_with(ResponseTemplate::new(201).set_body_json(lifecycle_state_body()))
        .mount(&server)
        .await;
    let client = client(&server, fast_retries());

    let recorder = recording(async {
        client
            .v3()
            .get_lifecycle_states("profile-1")
            .send()
            .await
            .expect("the retry succeeds");
        client
            .v3()
            .create_lifecycle_state("profile-1", LifecycleState::new("contractor"))
            .send()
            .await
            .expect("created");
    })
    .await;

    let spans = recorder.request_spans();
    assert_eq!(spans.len(), 2, "{spans:#?}");
    let (list, create) = (&spans[0], &spans[1]);
    let address = server.address();
    let port = address.port().to_string();
    assert_eq!(field(list, "otel.kind"), Some("client"));
    assert_eq!(field(list, "operation_id"), Some("getLifecycleStates"));
    assert_eq!(field(list, "http.request.method"), Some("GET"));
    assert_eq!(field(list, "url.template"), Some(STATES_PATH));
    assert_eq!(
        field(list, "url.path"),
        Some("/v3/identity-profiles/profile-1/lifecycle-states")
    );
    assert_eq!(field(list, "server.address"), Some("127.0.0.1"));
    assert_eq!(field(list, "server.port"), Some(port.as_str()));
    assert_eq!(field(list, "http.response.status_code"), Some("200"));
    assert_eq!(
        field(list, "http.request.resend_count"),
        Some("1"),
        "one retry"
    );
    assert_eq!(field(list, "error.type"), None);
    assert_elapsed_recorded(list);
    assert_eq!(field(create, "operation_id"), Some("createLifecycleState"));
    assert_eq!(field(create, "http.request.method"), Some("POST"));
    assert_eq!(field(create, "url.template"), Some(STATES_PATH));
    assert_eq!(field(create, "http.response.status_code"), Some("201"));
    assert_eq!(
        field(create, "http.request.resend_count"),
        None,
        "OpenTelemetry leaves it out on a request sent once"
    );
    assert_elapsed_recorded(create);
    for old in ["method", "path", "status", "attempt"] {
        assert_eq!(field(list, old), None, "`{old}` is gone");
    }

    let events = recorder.events();
    let retrying: Vec<_> = events
        .iter()
        .filter(|event| event.fields.get("message").map(String::as_str) == Some("retrying"))
        .collect();
    assert_eq!(retrying.len(), 1, "{events:#?}");
    assert_eq!(retrying[0].span.as_deref(), Some(SPAN));
    assert_eq!(
        retrying[0].fields.get("status").map(String::as_str),
        Some("503")
    );
    assert!(retrying[0].fields.contains_key("wait_ms"));
    let fetched: Vec<_> = events
        .iter()
        .filter(|event| {
            event.fields.get("message").map(String::as_str) == Some("fetched an access token")
        })
        .collect();
    assert_eq!(fetched.len(), 1, "one token fetch: {events:#?}");
    assert_eq!(fetched[0].span.as_deref(), Some(SPAN));
    assert_eq!(
        fetched[0].fields.get("expires_in").map(String::as_str),
        Some("3600")
    );

    assert_no_secrets(&recorder);
}

#[tokio::test]
async fn a_replay_after_401_counts_as_a_resend_and_records_no_token() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(counting(|n, _| {
            ResponseTemplate::new(200)
                .set_body_json(token_body(&format!("{ACCESS_TOKEN}-{n}"), 3600))
        }))
        .mount(&server)
        .await;
    Mock::given(path_regex("^/v2024/"))
        .respond_with(in_turn(vec![
            ResponseTemplate::new(401).set_body_json(unauthorized_body()),
            ResponseTemplate::new(200).set_body_json(json!([])),
        ]))
        .mount(&server)
        .await;
    let client = client(&server, RetryPolicy::never());

    let recorder = recording(async {
        client
            .v2024()
            .get_task_status_list()
            .send()
            .await
            .expect("the replay succeeds");
    })
    .await;

    let spans = recorder.request_spans();
    assert_eq!(spans.len(), 1, "{spans:#?}");
    assert_eq!(field(&spans[0], "operation_id"), Some("getTaskStatusList"));
    assert_eq!(field(&spans[0], "url.template"), Some("/task-status"));
    assert_eq!(field(&spans[0], "url.path"), Some("/v2024/task-status"));
    assert_eq!(field(&spans[0], "http.response.status_code"), Some("200"));
    // OpenTelemetry counts a resend for any reason, an authentication challenge included.
    assert_eq!(field(&spans[0], "http.request.resend_count"), Some("1"));
    let fetches = recorder
        .events()
        .iter()
        .filter(|event| {
            event.fields.get("message").map(String::as_str) == Some("fetched an access token")
        })
        .count();
    assert_eq!(fetches, 2);
    assert_no_secrets(&recorder);
}

#[tokio::test]
async fn a_call_that_gets_no_response_records_resends_error_type_and_elapsed_time_but_no_status() {
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{}", closed_port()))
        .access_token(ACCESS_TOKEN)
        .retry_policy(fast_retries().max_attempts(2))
        .build()
        .unwrap();

    let recorder = recording(async {
        let error = client
            .v3()
            .get_lifecycle_state("profile-1", "state-1")
            .send()
            .await
            .expect_err("nothing listens");
        assert!(matches!(error, Error::Transport(_)), "{error:?}");
    })
    .await;

    let spans = recorder.request_spans();
    assert_eq!(spans.len(), 1, "{spans:#?}");
    let span = &spans[0];
    assert_eq!(field(span, "operation_id"), Some("getLifecycleState"));
    assert_eq!(
        field(span, "url.template"),
        Some("/identity-profiles/{identity-profile-id}/lifecycle-states/{lifecycle-state-id}")
    );
    assert_eq!(
        field(span, "url.path"),
        Some("/v3/identity-profiles/profile-1/lifecycle-states/state-1")
    );
    assert_eq!(field(span, "http.request.resend_count"), Some("1"));
    assert_eq!(field(span, "http.response.status_code"), None);
    assert_eq!(field(span, "error.type"), Some("transport"));
    assert_elapsed_recorded(span);
    assert_no_secrets(&recorder);
}

#[tokio::test]
async fn a_wait_for_the_rate_limit_is_an_event_and_a_span_field() {
    let server = start_server().await;
    Mock::given(path_regex("^/v3/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token(ACCESS_TOKEN)
        .rate_limit(RateLimit::new(1, Duration::from_millis(500)))
        .build()
        .unwrap();

    let recorder = recording(async {
        for _ in 0..2 {
            client.v3().get_lifecycle_states("p").send().await.unwrap();
        }
    })
    .await;

    let spans = recorder.request_spans();
    assert_eq!(spans.len(), 2, "{spans:#?}");
    assert_eq!(
        field(&spans[0], "rate_limit_wait_ms"),
        None,
        "the first call left at once"
    );
    let waited = field(&spans[1], "rate_limit_wait_ms").expect("the second call waited");
    waited.parse::<u64>().expect("a number of milliseconds");
    let waits: Vec<_> = recorder
        .events()
        .into_iter()
        .filter(|event| {
            event.fields.get("message").map(String::as_str)
                == Some("waiting for the client's rate limit")
        })
        .collect();
    assert_eq!(waits.len(), 1, "{waits:#?}");
    assert_eq!(waits[0].span.as_deref(), Some(SPAN));
    assert!(waits[0].fields.contains_key("wait_ms"));
    assert_no_secrets(&recorder);
}

#[tokio::test]
async fn a_retried_token_request_is_logged_inside_the_calls_span_without_the_secret() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_token_endpoint(&server).await;
    Mock::given(path_regex("^/v3/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    // The base URL carries a password, which the token URL made from it carries too.
    let client = Client::builder()
        .base_url(
            server
                .uri()
                .replace("http://", &format!("http://user:{URL_PASSWORD}@")),
        )
        .client_credentials("tracing-client", CLIENT_SECRET)
        .retry_policy(fast_retries())
        .build()
        .unwrap();

    let recorder = recording(async {
        client.v3().get_lifecycle_states("p").send().await.unwrap();
    })
    .await;

    let retries: Vec<_> = recorder
        .events()
        .into_iter()
        .filter(|event| {
            event.fields.get("message").map(String::as_str) == Some("retrying the token request")
        })
        .collect();
    assert_eq!(retries.len(), 1, "{retries:#?}");
    assert_eq!(retries[0].span.as_deref(), Some(SPAN));
    let error = retries[0].fields.get("error").expect("the error is logged");
    assert!(error.contains("503"), "{error}");
    assert!(error.contains("user:[redacted]@"), "{error}");
    assert_no_secrets(&recorder);
}

#[tokio::test]
async fn each_deviation_is_logged_once_per_operation_and_place_however_many_items_repeat_it() {
    let server = common::start_server().await;
    let client = common::tolerant_client_for(&server);
    // Five pages of three records, every record with a null description: fifteen deviations
    // at fifteen pointers, one place.
    let task = |id: usize| {
        let mut task = common::task_status_complete();
        task["id"] = json!(format!("task-{id}"));
        task["description"] = serde_json::Value::Null;
        task
    };
    for offset in [0, 3, 6, 9, 12] {
        let size = if offset == 12 { 1 } else { 3 };
        let page: Vec<serde_json::Value> = (offset..offset + size).map(task).collect();
        Mock::given(method("GET"))
            .and(path("/v2024/task-status"))
            .and(wiremock::matchers::query_param(
                "offset",
                offset.to_string(),
            ))
            .respond_with(ResponseTemplate::new(200).set_body_json(page))
            .mount(&server)
            .await;
    }

    let recorder = recording(async {
        let mut stream = client.v2024().get_task_status_list().limit(3).stream();
        let mut count = 0;
        while let Some(task) = stream.try_next().await.unwrap() {
            assert!(task.stand_ins().contains("description"));
            count += 1;
        }
        assert_eq!(count, 13);
        assert_eq!(stream.deviation_count(), 13);
    })
    .await;

    let warnings: Vec<EventRecord> = recorder
        .events()
        .into_iter()
        .filter(|event| event.fields.contains_key("pointer"))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    let fields = &warnings[0].fields;
    assert_eq!(fields["operation_id"], "getTaskStatusList");
    assert_eq!(fields["pointer"], "/0/description");
    assert!(
        fields["message"].starts_with("the response does not match the spec: /0/description"),
        "{fields:?}"
    );
}

#[tokio::test]
async fn the_request_id_is_a_span_field_and_each_retry_names_the_response_it_retries() {
    let server = start_server().await;
    mount_token_endpoint(&server).await;
    Mock::given(method("GET"))
        .and(path("/v3/identity-profiles/profile-1/lifecycle-states"))
        .respond_with(in_turn(vec![
            ResponseTemplate::new(503).insert_header("slpt-request-id", "first-attempt-id"),
            ResponseTemplate::new(200)
                .insert_header("slpt-request-id", "second-attempt-id")
                .set_body_json(json!([lifecycle_state_body()])),
        ]))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(
            "/v3/identity-profiles/profile-1/lifecycle-states/gone",
        ))
        .respond_with(ResponseTemplate::new(404).set_body_json(error_dto_body(404)))
        .mount(&server)
        .await;
    let client = client(&server, fast_retries());

    let recorder = recording(async {
        client
            .v3()
            .get_lifecycle_states("profile-1")
            .send()
            .await
            .expect("the retry succeeds");
        client
            .v3()
            .get_lifecycle_state("profile-1", "gone")
            .send()
            .await
            .expect_err("not found");
    })
    .await;

    let spans = recorder.request_spans();
    assert_eq!(spans.len(), 2, "{spans:#?}");
    assert_eq!(field(&spans[0], "request_id"), Some("second-attempt-id"));
    assert_eq!(
        field(&spans[1], "request_id"),
        Some(TRACKING_ID),
        "without a header, the error body's trackingId"
    );
    let retrying: Vec<_> = recorder
        .events()
        .into_iter()
        .filter(|event| event.fields.get("message").map(String::as_str) == Some("retrying"))
        .collect();
    assert_eq!(retrying.len(), 1);
    assert_eq!(
        retrying[0].fields.get("request_id").map(String::as_str),
        Some("first-attempt-id"),
        "the response being retried"
    );
}

#[tokio::test]
async fn a_proxy_password_is_never_recorded() {
    let server = start_server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token("a-token")
        .retry_policy(fast_retries().max_attempts(2))
        .proxy(format!(
            "http://proxy-user:{URL_PASSWORD}@127.0.0.1:{}",
            closed_port()
        ))
        .build()
        .unwrap();

    let recorder = recording(async {
        let error = client
            .v3()
            .get_lifecycle_states("profile-1")
            .send()
            .await
            .expect_err("the proxy is not there");
        assert!(matches!(error, Error::Transport(_)), "{error:?}");
    })
    .await;

    let events = recorder.events();
    assert!(
        events
            .iter()
            .any(|event| event.fields.get("message").map(String::as_str) == Some("retrying")),
        "the failed attempt was logged: {events:#?}"
    );
    assert_no_secrets(&recorder);
}

#[tokio::test]
async fn turning_certificate_checks_off_is_a_warning() {
    let recorder = recording(async {
        Client::builder()
            .base_url("https://tenant.example.com")
            .access_token("a-token")
            .danger_accept_invalid_certificates()
            .build()
            .unwrap();
        Client::builder()
            .base_url("https://tenant.example.com")
            .access_token("a-token")
            .build()
            .unwrap();
    })
    .await;

    let events = recorder.events();
    assert_eq!(
        events.len(),
        1,
        "one warning, for the client without checks: {events:#?}"
    );
    assert_eq!(events[0].level, tracing::Level::WARN);
    assert!(
        events[0].fields["message"]
            .starts_with("certificate checks are OFF (`danger_accept_invalid_certificates`)"),
        "{events:#?}"
    );
}

#[tokio::test]
async fn a_generic_request_has_its_own_operation_id_and_no_template() {
    let server = start_server().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri(), "a-token").unwrap();

    let recorder = recording(async {
        client
            .request(reqwest::Method::GET, "/beta/anything/123")
            .await
            .unwrap();
    })
    .await;

    let spans = recorder.request_spans();
    assert_eq!(spans.len(), 1, "{spans:#?}");
    assert_eq!(field(&spans[0], "operation_id"), Some("Client::request"));
    assert_eq!(field(&spans[0], "url.path"), Some("/beta/anything/123"));
    assert_eq!(
        field(&spans[0], "url.template"),
        None,
        "a path the caller wrote is no template: ids in it would make every path its own"
    );
    assert_eq!(field(&spans[0], "http.response.status_code"), Some("200"));
}
