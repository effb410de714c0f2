//! Building and sending one operation's request: path segments percent-encoded, query pairs
//! and headers as the spec says, the caller's per-call options, and the single place where
//! requests go out (with authentication, retries and a tracing span).

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::{
    Entry, HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_ENCODING,
    CONTENT_LENGTH, CONTENT_TYPE, COOKIE, LOCATION, PROXY_AUTHORIZATION, TRANSFER_ENCODING,
};
use reqwest::{Method, StatusCode};
use tokio::time::Instant;
use tracing::Instrument;

use crate::auth::FetchContext;
use crate::client::Client;
use crate::config::redact_password;
use crate::decode::{DecodeContext, Decoding};
use crate::error::Error;
use crate::hooks::HookContext;
use crate::limit::OverBudget;
use crate::params::{cookie_pairs, header_text, path_text, query_pairs, Param, ParamTree, Style};
use crate::response::{header_request_id, ApiResponse, RawResponse};
use crate::retry::{retry_after, RetryPolicy};
use crate::schemes::{declared_headers, Applied, Chosen, Requirements};

/// What awaiting a request builder directly gives: the same as its `send()`.
pub type ResponseFuture<T, E> =
    Pin<Box<dyn Future<Output = Result<ApiResponse<T>, Error<E>>> + Send>>;

/// One operation's request builder: how it becomes a request, and what each status of the
/// response means. Every builder implements it, and [`send`] sends any of them, so the code
/// that sends a call and awaits its response exists once rather than once per operation.
pub trait Operation: Send + 'static {
    /// Where the operation is sent, which the test doubles also match requests against.
    const ENDPOINT: Endpoint;
    /// The success body.
    type Success: Send + 'static;
    /// The operation's error enum.
    type Error: Send + 'static;

    /// The client to send with, and the request the builder's parameters make.
    fn into_request(self) -> (Client, OperationRequest);

    /// The typed result for the response's status.
    fn read_response(
        response: RawResponse,
    ) -> Result<ApiResponse<Self::Success>, Error<Self::Error>>;
}

/// Sends an operation's request and reads the response: a builder's `send()`.
pub fn send<O: Operation>(operation: O) -> ResponseFuture<O::Success, O::Error> {
    // The request is sent by one future for every operation; what is left per operation is
    // reading its response.
    Box::pin(Reading::<O> {
        response: execute(operation.into_request()),
        operation: std::marker::PhantomData,
    })
}

/// The future of an operation's call: its response, then read as the operation says. Written
/// out rather than as an `async` block, whose state machine every operation would compile.
struct Reading<O> {
    response: Pin<Box<dyn Future<Output = Result<RawResponse, Error>> + Send>>,
    operation: std::marker::PhantomData<fn() -> O>,
}

impl<O: Operation> Future for Reading<O> {
    type Output = Result<ApiResponse<O::Success>, Error<O::Error>>;

    fn poll(
        mut self: Pin<&mut Self>,
        context: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        self.response
            .as_mut()
            .poll(context)
            .map(|response| match response {
                Ok(response) => O::read_response(response),
                Err(error) => Err(error.widen()),
            })
    }
}

/// The response to an operation's request, as a future that is the same type for every
/// operation (and so compiled once).
fn execute(
    (client, request): (Client, OperationRequest),
) -> Pin<Box<dyn Future<Output = Result<RawResponse, Error>> + Send>> {
    Box::pin(async move { client.execute(request).await })
}

/// What one call may change about how it is sent, set with the builder's `header`, `timeout`
/// and `retry_policy` methods. Each takes precedence over the client's setting for this call
/// only.
#[derive(Clone, Default)]
pub struct CallOptions {
    /// Extra headers, checked when the call is sent.
    headers: Vec<(String, String)>,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    decoding: Option<Decoding>,
}

impl std::fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // An extra header is often a credential (an API key), so only its name is shown.
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, _)| (name.as_str(), "[redacted]"))
            .collect();
        f.debug_struct("CallOptions")
            .field("headers", &headers)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("decoding", &self.decoding)
            .finish()
    }
}

impl CallOptions {
    pub fn decoding(&mut self, decoding: Decoding) {
        self.decoding = Some(decoding);
    }

    pub fn header(&mut self, name: String, value: String) {
        self.headers.push((name, value));
    }

    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    pub fn retry_policy(&mut self, retry: RetryPolicy) {
        self.retry = Some(retry);
    }
}

/// The options every request builder takes for its one call, each in place of the client's
/// setting for that call only: bring it into scope (`use sailpoint_client::PerCall;`, or the
/// generated crate's own path) to call them.
///
/// For example `client.task_management().get_task_status("id").timeout(five_seconds).await`,
/// with `PerCall` in scope, waits at most five seconds for each attempt of that one call.
///
/// Every operation's request builder implements it, so the methods are written once, here,
/// rather than once per operation.
pub trait PerCall: Sized {
    /// The builder's options, which the methods below set.
    #[doc(hidden)]
    fn call_options(&mut self) -> &mut CallOptions;

    /// Sends an extra header with this call, in place of one of the same name the operation
    /// sets. A name or value HTTP cannot carry, or `Authorization` (the client's credentials
    /// set it), makes the call fail with [`Error::InvalidRequest`] before anything is sent.
    fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.call_options().header(name.into(), value.into());
        self
    }

    /// How long each attempt of this call may take, instead of the client's request timeout.
    fn timeout(mut self, timeout: Duration) -> Self {
        self.call_options().timeout(timeout);
        self
    }

    /// How this call is retried, instead of the client's [`RetryPolicy`].
    fn retry_policy(mut self, retry_policy: RetryPolicy) -> Self {
        self.call_options().retry_policy(retry_policy);
        self
    }

    /// How strictly this call's response is held to the spec, instead of the client's
    /// [`Decoding`].
    fn decoding(mut self, decoding: Decoding) -> Self {
        self.call_options().decoding(decoding);
        self
    }
}

/// Where one operation is sent: its id, method and the spec's path template (one `{name}`
/// slot per path parameter) under its module's path prefix.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub operation_id: &'static str,
    pub method: Method,
    pub path_prefix: &'static str,
    pub path: &'static str,
    /// The text a `label` (`.`) or `matrix` (`;`) path parameter's value starts with, by the
    /// parameter's name: where its value begins when it follows another parameter.
    pub prefixed: &'static [(&'static str, &'static str)],
}

impl Endpoint {
    pub const fn new(
        operation_id: &'static str,
        method: Method,
        path_prefix: &'static str,
        path: &'static str,
    ) -> Self {
        Endpoint {
            operation_id,
            method,
            path_prefix,
            path,
            prefixed: &[],
        }
    }

    /// As [`new`](Self::new), for a path whose parameters' values start with a prefix of
    /// their style, given by parameter name.
    pub const fn prefixed(
        operation_id: &'static str,
        method: Method,
        path_prefix: &'static str,
        path: &'static str,
        prefixed: &'static [(&'static str, &'static str)],
    ) -> Self {
        Endpoint {
            operation_id,
            method,
            path_prefix,
            path,
            prefixed,
        }
    }
}

/// One operation's request, assembled by its builder.
///
/// Problems with parameter values are remembered and reported by `Client::execute` before
/// anything is sent, so builders never panic and never send half a request.
#[derive(Debug)]
pub struct OperationRequest {
    operation_id: &'static str,
    method: Method,
    path_prefix: &'static str,
    path_template: &'static str,
    /// Each path parameter's percent-encoded value, by name, filled into the template when
    /// the request is sent.
    path_values: Vec<(&'static str, String)>,
    /// The path as the caller wrote it, in place of a template: a
    /// [`Client::request`](crate::Client::request) to an endpoint the spec lacks.
    literal_path: Option<String>,
    /// Query pairs, each name and value already percent-encoded.
    query: Vec<(String, String)>,
    headers: HeaderMap,
    cookies: Vec<String>,
    body: Option<Bytes>,
    form: Option<FormBody>,
    authenticated: bool,
    /// The security requirements, when the operation names them; an authenticated operation
    /// without them sends the client's own credentials.
    security: Requirements,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    decoding: Option<Decoding>,
    problem: Option<Error>,
}

impl OperationRequest {
    /// A request to `operation`'s [`Operation::ENDPOINT`]: what a builder's `into_request`
    /// starts from. Taking the builder lets the compiler infer the operation, where naming
    /// `Self::ENDPOINT` in every builder made rustc check one more projection per operation.
    pub fn of<O: Operation>(_operation: &O, authenticated: bool) -> Self {
        Self::new(O::ENDPOINT, authenticated)
    }

    /// A request to `endpoint`, whose path template's slots are filled, in order, by the
    /// values [`path_param`](Self::path_param) gives.
    pub fn new(endpoint: Endpoint, authenticated: bool) -> Self {
        OperationRequest {
            operation_id: endpoint.operation_id,
            method: endpoint.method,
            path_prefix: endpoint.path_prefix,
            path_template: endpoint.path,
            path_values: Vec::new(),
            literal_path: None,
            query: Vec::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: None,
            form: None,
            authenticated,
            security: &[],
            timeout: None,
            retry: None,
            decoding: None,
            problem: None,
        }
    }

    /// The operation's security requirements, in the spec's order (see `schemes`).
    pub fn security(&mut self, requirements: Requirements) {
        self.security = requirements;
    }

    /// Sends the request to `path` under the base URL, as written (a query included), instead
    /// of the endpoint's template.
    pub fn literal_path(&mut self, path: String) {
        self.literal_path = Some(path);
    }

    /// Applies the caller's options for this call, after everything the operation itself sets.
    /// An extra header replaces a header of the same name the operation would send; a name or
    /// value HTTP cannot carry, or `Authorization` (which belongs to the client's credentials),
    /// makes the call fail before anything is sent.
    pub fn options(&mut self, options: CallOptions) {
        let mut replaced = Vec::new();
        for (name, value) in options.headers {
            let Ok(header_name) = HeaderName::from_bytes(name.as_bytes()) else {
                self.invalid(format!(
                    "extra header name {name:?} of `{}` is not a valid HTTP header name",
                    self.operation_id
                ));
                continue;
            };
            if header_name == AUTHORIZATION {
                self.invalid(format!(
                    "`{}` cannot set `Authorization` as an extra header: the client's credentials set it",
                    self.operation_id
                ));
                continue;
            }
            let Ok(header_value) = HeaderValue::from_str(&value) else {
                self.invalid(format!(
                    "extra header `{name}` of `{}` cannot carry its value: it has {}, and a header value cannot hold control characters",
                    self.operation_id,
                    unsendable(&value)
                ));
                continue;
            };
            // The first extra value of a name replaces what the operation set; later ones add to it.
            if !replaced.contains(&header_name) {
                self.headers.remove(&header_name);
                replaced.push(header_name.clone());
            }
            self.headers.append(header_name, header_value);
        }
        if options.timeout.is_some() {
            self.timeout = options.timeout;
        }
        if options.retry.is_some() {
            self.retry = options.retry;
        }
        if options.decoding.is_some() {
            self.decoding = options.decoding;
        }
    }

    /// Sets the path parameter `name`, which fills the template's next slot, as `style: simple`
    /// writes it: one percent-encoded segment.
    pub fn path_param<V: Param + ?Sized>(&mut self, name: &'static str, value: &V) {
        self.path_param_as(name, Style::simple(), value);
    }

    /// Sets the path parameter `name`, which fills the template's next slot, laid out as
    /// `style` says and percent-encoded so that it stays inside its segment.
    pub fn path_param_as<V: Param + ?Sized>(
        &mut self,
        name: &'static str,
        style: Style,
        value: &V,
    ) {
        let Some(tree) = self.tree(value) else {
            return;
        };
        match path_text(name, style, &tree) {
            // An empty value or a dot segment would address a different resource once URLs are
            // normalised, and no encoding is safe from that, so these are refused outright.
            Ok(Some(text)) if matches!(text.as_str(), "" | "." | "..") => self.invalid(format!(
                "path parameter `{name}` of `{}` cannot be {text:?}: it would change which resource the path names",
                self.operation_id
            )),
            Ok(Some(text)) => self.path_values.push((name, text)),
            Ok(None) => self.parameter_problem("path parameter", name, "it has no value"),
            Err(why) => self.parameter_problem("path parameter", name, why),
        }
    }

    /// The path: the template with each `{...}` slot, in order, replaced by the encoded value
    /// of the path parameter set for it. Slots are filled by position, not by name: the
    /// generator settles which parameter fills a slot the spec names differently.
    fn path(&self) -> Result<String, Error> {
        if let Some(path) = &self.literal_path {
            return Ok(path.clone());
        }
        let mut path = String::with_capacity(self.path_template.len() + 32);
        let mut values = self.path_values.iter();
        let mut rest = self.path_template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|close| open + close) else {
                break;
            };
            let (_, value) = values.next().ok_or_else(|| {
                Error::InvalidRequest(format!(
                    "path parameter `{}` of `{}` has no value",
                    &rest[open + 1..close],
                    self.operation_id
                ))
            })?;
            path.push_str(&rest[..open]);
            path.push_str(value);
            rest = &rest[close + 1..];
        }
        path.push_str(rest);
        Ok(path)
    }

    /// Adds the query parameter `name` as `style: form, explode: true` writes it; nothing when
    /// it has no value.
    pub fn query<V: Param + ?Sized>(&mut self, name: &str, value: &V) {
        self.query_as(name, Style::form().explode(), value);
    }

    /// Adds the query parameter `name`, laid out as `style` says; nothing when it has no value.
    pub fn query_as<V: Param + ?Sized>(&mut self, name: &str, style: Style, value: &V) {
        let Some(tree) = self.tree(value) else {
            return;
        };
        match query_pairs(name, style, &tree) {
            Ok(pairs) => self.query.extend(pairs),
            Err(why) => self.parameter_problem("query parameter", name, why),
        }
    }

    /// Sets the header parameter `name` as `style: simple` writes it; nothing when it has no
    /// value.
    pub fn header<V: Param + ?Sized>(&mut self, name: &'static str, value: &V) {
        self.header_as(name, Style::simple(), value);
    }

    /// Sets the header parameter `name`, laid out as `style` says; nothing when it has no value.
    pub fn header_as<V: Param + ?Sized>(&mut self, name: &'static str, style: Style, value: &V) {
        let Some(tree) = self.tree(value) else {
            return;
        };
        let text = match header_text(style, &tree) {
            Ok(Some(text)) => text,
            Ok(None) => return,
            Err(why) => return self.parameter_problem("header", name, why),
        };
        let Ok(header_name) = HeaderName::from_bytes(name.as_bytes()) else {
            self.invalid(format!("`{name}` is not a valid header name"));
            return;
        };
        match HeaderValue::from_str(&text) {
            Ok(header_value) => {
                self.headers.append(header_name, header_value);
            }
            Err(_) => self.invalid(format!(
                "header `{name}` of `{}` cannot carry its value: it has {}, and a header value cannot hold control characters",
                self.operation_id,
                unsendable(&text)
            )),
        }
    }

    /// Sets the cookie parameter `name` as `style: form, explode: true` writes it; nothing when
    /// it has no value.
    pub fn cookie<V: Param + ?Sized>(&mut self, name: &'static str, value: &V) {
        self.cookie_as(name, Style::form().explode(), value);
    }

    /// Adds the cookie parameter `name`, laid out as `style` says; nothing when it has no value.
    pub fn cookie_as<V: Param + ?Sized>(&mut self, name: &'static str, style: Style, value: &V) {
        let Some(tree) = self.tree(value) else {
            return;
        };
        match cookie_pairs(name, style, &tree) {
            Ok(pairs) => self.cookies.extend(
                pairs
                    .into_iter()
                    .map(|(name, value)| format!("{name}={value}")),
            ),
            Err(why) => self.parameter_problem("cookie", name, why),
        }
    }

    /// A parameter's value as the styles lay it out, or `None` (the problem remembered) when
    /// it cannot be encoded.
    fn tree<V: Param + ?Sized>(&mut self, value: &V) -> Option<ParamTree> {
        match value.tree() {
            Ok(tree) => Some(tree),
            Err(error) => {
                if self.problem.is_none() {
                    self.problem = Some(Error::Encode(error));
                }
                None
            }
        }
    }

    /// Remembers why a parameter's value cannot be written in its style.
    fn parameter_problem(&mut self, kind: &str, name: &str, why: &str) {
        self.invalid(format!(
            "{kind} `{name}` of `{}` cannot be sent: {why}",
            self.operation_id
        ));
    }

    /// The media type the operation answers in.
    pub fn accept(&mut self, media_type: &'static str) {
        self.headers
            .insert(ACCEPT, HeaderValue::from_static(media_type));
    }

    /// Serialises `body` as JSON and sends it with the given `Content-Type`.
    pub fn json_body<T: serde::Serialize + ?Sized>(
        &mut self,
        content_type: &'static str,
        body: &T,
    ) {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.headers
                    .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
                self.body = Some(Bytes::from(bytes));
            }
            Err(error) => self.unencodable(error),
        }
    }

    /// Sends `bytes` as they are with the given `Content-Type` (text, files, archives).
    pub fn raw_body(&mut self, content_type: &'static str, bytes: Vec<u8>) {
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        self.body = Some(Bytes::from(bytes));
    }

    /// Sends `bytes` as they are, with whatever `Content-Type` the caller's headers give.
    pub fn bytes_body(&mut self, bytes: Bytes) {
        self.body = Some(bytes);
    }

    /// Remembers that the body could not be encoded; nothing is sent.
    pub fn unencodable(&mut self, error: serde_json::Error) {
        if self.problem.is_none() {
            self.problem = Some(Error::Encode(error));
        }
    }

    /// Starts a `multipart/form-data` body; `form_*` add its parts.
    pub fn multipart_body(&mut self) {
        self.form = Some(FormBody {
            multipart: true,
            fields: Vec::new(),
        });
    }

    /// Starts an `application/x-www-form-urlencoded` body; `form_text` adds its fields.
    pub fn urlencoded_body(&mut self) {
        self.form = Some(FormBody {
            multipart: false,
            fields: Vec::new(),
        });
    }

    /// Adds a text field to the form body.
    pub fn form_text(&mut self, name: &str, value: String) {
        self.form_field(name, FormValue::Text(value));
    }

    /// Adds a file part to the form body.
    pub fn form_file(&mut self, name: &str, file: &FilePart) {
        self.form_field(name, FormValue::File(file.clone()));
    }

    /// Adds a part holding `value` as JSON to the form body.
    pub fn form_json<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match serde_json::to_vec(value) {
            Ok(bytes) => self.form_field(name, FormValue::Json(bytes)),
            Err(error) => self.unencodable(error),
        }
    }

    fn form_field(&mut self, name: &str, value: FormValue) {
        if let Some(form) = &mut self.form {
            form.fields.push((name.to_owned(), value));
        }
    }

    /// Remembers why the request cannot be sent as asked; nothing is sent.
    pub fn invalid(&mut self, message: String) {
        if self.problem.is_none() {
            self.problem = Some(Error::InvalidRequest(message));
        }
    }
}

impl Client {
    /// Sends a request and reads the whole response, retrying as the client's [`RetryPolicy`](crate::RetryPolicy)
    /// allows, replaying once with a fresh token after a 401 and following redirects, all
    /// within the policy's budget. Any final status comes back as `Ok`; the operation decides
    /// what each status means.
    pub(crate) async fn execute(&self, request: OperationRequest) -> Result<RawResponse, Error> {
        if let Some(problem) = request.problem {
            return Err(problem);
        }
        let decode = DecodeContext {
            operation_id: request.operation_id,
            decoding: request.decoding.unwrap_or(self.decoding()),
            log: Some(self.deviation_log()),
        };
        // Field names follow OpenTelemetry's HTTP client conventions, so exporters and
        // dashboards read them without mapping; `url.template` is the spec's path, which a
        // path the caller wrote has none of.
        let span = tracing::info_span!(
            "sailpoint_request",
            otel.kind = "client",
            operation_id = request.operation_id,
            http.request.method = %request.method,
            url.template = tracing::field::Empty,
            url.path = tracing::field::Empty,
            server.address = tracing::field::Empty,
            server.port = tracing::field::Empty,
            http.response.status_code = tracing::field::Empty,
            http.request.resend_count = tracing::field::Empty,
            request_id = tracing::field::Empty,
            error.type = tracing::field::Empty,
            rate_limit_wait_ms = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        if request.literal_path.is_none() {
            span.record("url.template", request.path_template);
        }
        let policy = request
            .retry
            .clone()
            .unwrap_or_else(|| self.retry_policy().clone());
        let started = Instant::now();
        let mut last = None;
        let sending = self
            .send_with_retries(request, &policy, started, &mut last)
            .instrument(span.clone());
        // Every wait of the call ends within its budget already; this ends what is in flight
        // when the budget does (an attempt, a token request, a credential source), which the
        // request timeout alone would let run on. A budget too long to be a point in time is
        // no limit.
        let outcome = match started.checked_add(policy.budget()) {
            Some(deadline) => match tokio::time::timeout_at(deadline, sending).await {
                Ok(outcome) => outcome,
                Err(_) => {
                    span.in_scope(|| tracing::info!("the call's budget ran out"));
                    match last {
                        Some(last) => last.map_err(AttemptFailure::into_error),
                        None => Err(Error::BudgetExhausted {
                            budget: policy.budget(),
                        }),
                    }
                }
            },
            None => sending.await,
        };
        span.record("elapsed_ms", started.elapsed().as_millis());
        match &outcome {
            Ok(response) => {
                span.record("http.response.status_code", response.status().as_u16());
                // Where no header carried it, an error body may have.
                if let Some(request_id) = response.request_id() {
                    span.record("request_id", request_id);
                }
            }
            Err(error) => {
                span.record("error.type", error_type(error));
            }
        }
        outcome.map(|response| response.with_decoding(decode))
    }

    /// The attempts of one call. `last` is what the last attempt that ended got, kept outside
    /// this future: the call's answer when the rate limit or the budget leaves no time for the
    /// next one.
    async fn send_with_retries(
        &self,
        request: OperationRequest,
        policy: &RetryPolicy,
        started: Instant,
        last: &mut Option<Result<RawResponse, AttemptFailure>>,
    ) -> Result<RawResponse, Error> {
        let address = format!(
            "{}{}{}",
            self.base_url(),
            request.path_prefix,
            request.path()?
        );
        let mut url = reqwest::Url::parse(&address).map_err(|error| {
            Error::InvalidRequest(format!(
                "`{}` is not a valid URL: {error}",
                redact_password(&address)
            ))
        })?;
        if !request.query.is_empty() {
            let mut query = url.query().unwrap_or_default().to_owned();
            for (name, value) in &request.query {
                if !query.is_empty() {
                    query.push('&');
                }
                query.push_str(name);
                query.push('=');
                query.push_str(value);
            }
            url.set_query(Some(&query));
        }
        let span = tracing::Span::current();
        span.record("url.path", url.path());
        if let Some(host) = url.host_str() {
            span.record("server.address", host);
        }
        if let Some(port) = url.port_or_known_default() {
            span.record("server.port", port);
        }
        let mut headers = request.headers;
        if !request.cookies.is_empty() {
            let cookies = HeaderValue::from_str(&request.cookies.join("; ")).map_err(|_| {
                Error::InvalidRequest(
                    "cookie parameters contain characters a header cannot carry".into(),
                )
            })?;
            headers.insert(COOKIE, cookies);
        }
        let credential_headers = CredentialHeaders::new(self, request.security);
        credential_headers.mark(&mut headers);
        // Credentials belong to the base URL's origin; a request that would leave it (a path
        // the spec writes without its leading `/`) goes without them.
        let chosen = if self.is_own_origin(&url) {
            self.choose(request.authenticated, request.security)
        } else {
            if request.authenticated {
                tracing::warn!(
                    "the request is not for the base URL's origin, so it carries no credentials"
                );
            }
            Chosen::Anonymous
        };
        let body = request.body;
        let fetch = FetchContext {
            http: self.http(),
            policy,
            started,
            max_body: self.max_response_body_size(),
            hooks: self.hooks(),
        };
        let mut attempt: u32 = 0;
        let mut sent: u32 = 0;
        let mut paced = Duration::ZERO;
        let mut replayed_after_401 = false;
        loop {
            attempt += 1;
            let applied = self
                .credentials(chosen, &fetch)
                .await
                .map_err(Error::Auth)?;
            let authorization = applied.authorization.clone();
            match self.limiter().book(
                authorization.as_ref(),
                Instant::now(),
                policy.time_left(started),
            ) {
                Ok(wait) if wait.is_zero() => {}
                Ok(wait) => {
                    paced = paced.saturating_add(wait);
                    span.record("rate_limit_wait_ms", paced.as_millis());
                    tracing::debug!(
                        wait_ms = wait.as_millis(),
                        "waiting for the client's rate limit"
                    );
                    tokio::time::sleep(wait).await;
                }
                Err(OverBudget { wait }) => {
                    if let Some(last) = last.take() {
                        return last.map_err(AttemptFailure::into_error);
                    }
                    return Err(Error::RateLimited {
                        wait,
                        budget: policy.budget(),
                        limit: self.limiter().limit(),
                    });
                }
            }
            let mut attempt_headers = headers.clone();
            if let Some(authorization) = &authorization {
                attempt_headers.insert(AUTHORIZATION, authorization.clone());
            }
            let attempt_url = with_credentials(&url, &mut attempt_headers, &applied)?;
            let mut builder = self
                .http()
                .request(request.method.clone(), attempt_url)
                .headers(attempt_headers);
            if let Some(timeout) = request.timeout {
                builder = builder.timeout(timeout);
            }
            if let Some(body) = &body {
                builder = builder.body(body.clone());
            }
            if let Some(form) = &request.form {
                builder = form.attach(builder)?;
            }
            if sent > 0 {
                span.record("http.request.resend_count", sent);
            }
            sent += 1;
            let context = HookContext::new(Some(request.operation_id), attempt);
            let outcome = match builder.build() {
                Ok(built) => {
                    self.attempt(built, &context, &applied, &credential_headers)
                        .await
                }
                Err(error) => Err(AttemptFailure::Http(applied.redact(error))),
            };
            let failure = match outcome {
                Ok(response) => {
                    let status = response.status();
                    if status == StatusCode::UNAUTHORIZED
                        && !replayed_after_401
                        && applied.can_be_rejected()
                    {
                        // A credential source gets what is left of the budget to answer.
                        let left = policy.time_left(started);
                        let reject = self.reject(&applied);
                        if tokio::time::timeout(left, reject).await.unwrap_or(false) {
                            // A token revoked or expired early: one replay with a fresh one,
                            // which is not a retry and does not use up an attempt.
                            replayed_after_401 = true;
                            attempt -= 1;
                            tracing::debug!(
                                "the API rejected the access token; replaying with a new one"
                            );
                            *last = Some(Ok(response));
                            continue;
                        }
                    }
                    if attempt < policy.attempts() && policy.retries_status(&request.method, status)
                    {
                        let wait = retry_after(response.headers(), SystemTime::now())
                            .unwrap_or_else(|| policy.backoff(attempt));
                        if policy.can_wait(started, wait) {
                            tracing::info!(
                                status = status.as_u16(),
                                request_id = response.request_id(),
                                wait_ms = wait.as_millis(),
                                "retrying"
                            );
                            *last = Some(Ok(response));
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                    }
                    return Ok(response);
                }
                Err(failure) => failure,
            };
            let retried = match &failure {
                AttemptFailure::Http(error) => policy.retries_failure(&request.method, error),
                AttemptFailure::TooLarge { .. } => policy.may_repeat(&request.method),
            };
            if attempt < policy.attempts() && retried {
                let wait = policy.backoff(attempt);
                if policy.can_wait(started, wait) {
                    tracing::info!(error = %failure, wait_ms = wait.as_millis(), "retrying");
                    *last = Some(Err(failure));
                    tokio::time::sleep(wait).await;
                    continue;
                }
            }
            return Err(failure.into_error());
        }
    }

    /// Sends one attempt through the caller's hooks, follows its redirects (see
    /// [`redirected`]) and reads the final response's body, up to the limit.
    async fn attempt(
        &self,
        mut request: reqwest::Request,
        context: &HookContext,
        applied: &Applied,
        credential_headers: &CredentialHeaders,
    ) -> Result<RawResponse, AttemptFailure> {
        // An API key in the query is part of the URL that reqwest's errors carry.
        let failed = |error: reqwest::Error| AttemptFailure::Http(applied.redact(error));
        let mut redirects = 0;
        let mut response = loop {
            let own_origin = self.is_own_origin(request.url());
            if !own_origin {
                credential_headers.strip(request.headers_mut());
            }
            // The request as the client made it, before the hooks: where a redirect goes on
            // from. A body that cannot be copied (a streamed multipart form) is not resent.
            let unhooked = if self.follows_redirects() {
                request.try_clone()
            } else {
                None
            };
            self.hooks().on_request(&mut request, context);
            credential_headers.mark(request.headers_mut());
            if !own_origin {
                credential_headers.strip(request.headers_mut());
            }
            let response = self.http().execute(request).await.map_err(failed)?;
            if let Some(request_id) = header_request_id(self.profile(), response.headers()) {
                tracing::Span::current().record("request_id", request_id);
            }
            self.hooks().on_response(&response, context);
            match unhooked.and_then(|next| redirected(next, &response, redirects)) {
                Some(next) => {
                    redirects += 1;
                    tracing::debug!(status = response.status().as_u16(), "following a redirect");
                    request = next;
                }
                None => break response,
            }
        };
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let limit = self.max_response_body_size();
        match read_body(response, limit).await {
            Ok(body) => Ok(RawResponse::new(status, headers, body, self.profile())),
            Err(BodyFailure::Http(error)) => Err(failed(error)),
            Err(BodyFailure::TooLarge { content_length }) => Err(AttemptFailure::TooLarge {
                status,
                limit,
                content_length,
            }),
        }
    }
}

/// The most redirects one attempt follows in a row, as browsers and reqwest do; the next one is
/// the attempt's answer.
const MAX_REDIRECTS: u32 = 10;

/// Where a redirect goes on to: `next` (the request that was answered with `response`, as the
/// client made it) sent to the response's `Location`, or `None` when the response is the answer:
/// not a redirect, the 11th in a row, or pointing nowhere an HTTP request can go. 303 (and 301 or
/// 302 after a POST) goes on as a GET without the body, as browsers do; 307 and 308 keep the
/// method and body.
fn redirected(
    mut next: reqwest::Request,
    response: &reqwest::Response,
    redirects: u32,
) -> Option<reqwest::Request> {
    let status = response.status();
    let as_get = match status {
        StatusCode::SEE_OTHER => next.method() != Method::HEAD,
        StatusCode::MOVED_PERMANENTLY | StatusCode::FOUND => next.method() == Method::POST,
        StatusCode::TEMPORARY_REDIRECT | StatusCode::PERMANENT_REDIRECT => false,
        _ => return None,
    };
    if redirects >= MAX_REDIRECTS {
        return None;
    }
    let location = response.headers().get(LOCATION)?.to_str().ok()?;
    let url = response.url().join(location.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    if as_get {
        *next.method_mut() = Method::GET;
        *next.body_mut() = None;
        for name in [
            CONTENT_TYPE,
            CONTENT_LENGTH,
            CONTENT_ENCODING,
            TRANSFER_ENCODING,
        ] {
            next.headers_mut().remove(name);
        }
    }
    *next.url_mut() = url;
    Some(next)
}

/// The headers that carry credentials in one call's requests, which never go to another origin
/// than the base URL's: `Authorization`, `Cookie`, `Proxy-Authorization`, the API key headers of
/// the operation's security schemes and the headers the caller marked with
/// [`ClientBuilder::sensitive_header`](crate::ClientBuilder::sensitive_header), whoever sets
/// them (the operation, the caller's extra headers, a hook); and any value marked sensitive.
struct CredentialHeaders(Vec<HeaderName>);

impl CredentialHeaders {
    fn new(client: &Client, security: Requirements) -> Self {
        let mut names = vec![AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION];
        names.extend(
            declared_headers(security)
                .filter_map(|name| HeaderName::from_bytes(name.as_bytes()).ok()),
        );
        names.extend(client.sensitive_headers().iter().cloned());
        CredentialHeaders(names)
    }

    /// Marks every value of a credential header sensitive, so that `Debug` output of the
    /// request (a hook's log line, say) shows `Sensitive` instead.
    fn mark(&self, headers: &mut HeaderMap) {
        for name in &self.0 {
            if let Entry::Occupied(mut entry) = headers.entry(name) {
                for value in entry.iter_mut() {
                    value.set_sensitive(true);
                }
            }
        }
    }

    /// Takes every credential header off a request for another origin.
    fn strip(&self, headers: &mut HeaderMap) {
        for name in &self.0 {
            headers.remove(name);
        }
        let marked: Vec<HeaderName> = headers
            .iter()
            .filter(|(_, value)| value.is_sensitive())
            .map(|(name, _)| name.clone())
            .collect();
        for name in marked {
            headers.remove(name);
        }
    }
}

/// The attempt's URL, with any API key of `applied` in its query, and its other credentials
/// added to `headers`: API keys in headers of their own and in cookies (after the operation's
/// cookie parameters).
fn with_credentials(
    url: &reqwest::Url,
    headers: &mut HeaderMap,
    applied: &Applied,
) -> Result<reqwest::Url, Error> {
    if applied.is_empty() {
        return Ok(url.clone());
    }
    for (name, value) in &applied.headers {
        headers.insert(name.clone(), value.clone());
    }
    if !applied.cookies.is_empty() {
        use secrecy::ExposeSecret as _;
        let mut cookies: Vec<String> = headers
            .get(COOKIE)
            .and_then(|value| value.to_str().ok())
            .map(|value| vec![value.to_owned()])
            .unwrap_or_default();
        for (name, key) in &applied.cookies {
            cookies.push(format!("{name}={}", key.expose_secret()));
        }
        let mut value = HeaderValue::from_str(&cookies.join("; ")).map_err(|_| {
            Error::InvalidRequest(
                "cookie parameters contain characters a header cannot carry".into(),
            )
        })?;
        value.set_sensitive(true);
        headers.insert(COOKIE, value);
    }
    let mut url = url.clone();
    if !applied.query.is_empty() {
        use secrecy::ExposeSecret as _;
        url.query_pairs_mut().extend_pairs(
            applied
                .query
                .iter()
                .map(|(name, key)| (*name, key.expose_secret())),
        );
    }
    Ok(url)
}

/// Why an attempt got no complete response: both kinds are failures of the transport, retried
/// by the same rules.
enum AttemptFailure {
    Http(reqwest::Error),
    TooLarge {
        status: StatusCode,
        limit: u64,
        content_length: Option<u64>,
    },
}

impl AttemptFailure {
    fn into_error(self) -> Error {
        match self {
            AttemptFailure::Http(error) => Error::from_transport(error),
            AttemptFailure::TooLarge {
                status,
                limit,
                content_length,
            } => Error::ResponseTooLarge {
                status,
                limit,
                content_length,
            },
        }
    }
}

impl std::fmt::Display for AttemptFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AttemptFailure::Http(error) => error.fmt(f),
            AttemptFailure::TooLarge { limit, .. } => {
                write!(f, "the response body is larger than {limit} bytes")
            }
        }
    }
}

/// What keeps `value` out of a header, said without the value, which may be a secret: its first
/// control character, and where it is.
fn unsendable(value: &str) -> String {
    value
        .char_indices()
        .find(|(_, c)| c.is_ascii_control() && *c != '\t')
        .map_or_else(
            || "no control character".to_owned(),
            |(at, c)| format!("{} at byte {at}", c.escape_unicode()),
        )
}

/// The OpenTelemetry `error.type` of a failed call: a low-cardinality name of the failure.
fn error_type(error: &Error) -> &'static str {
    match error {
        Error::Timeout(_) => "timeout",
        Error::Transport(_) => "transport",
        Error::Auth(_) => "auth",
        Error::InvalidRequest(_) => "invalid_request",
        Error::Encode(_) => "encode",
        Error::ResponseTooLarge { .. } => "response_too_large",
        Error::RateLimited { .. } => "rate_limited",
        Error::BudgetExhausted { .. } => "timeout",
        _ => "_OTHER",
    }
}

/// Why a body could not be read whole.
pub enum BodyFailure {
    Http(reqwest::Error),
    /// Over the limit: declared so by `Content-Length`, or counted so while reading.
    TooLarge {
        content_length: Option<u64>,
    },
}

/// The most a body buffer is given ahead of the bytes that arrive, so a `Content-Length` that
/// lies costs no more memory than the bytes actually sent.
const MAX_PREALLOCATION: u64 = 1024 * 1024;

/// Reads `response`'s body, refusing it as soon as it is known to be over `limit` bytes: at
/// once when `Content-Length` says so, else when the chunks read so far add up to more. The
/// buffer never grows past the limit, and an oversized body is dropped with its connection
/// rather than drained.
pub async fn read_body(mut response: reqwest::Response, limit: u64) -> Result<Bytes, BodyFailure> {
    let content_length = response.content_length();
    if content_length.is_some_and(|length| length > limit) {
        return Err(BodyFailure::TooLarge { content_length });
    }
    let limit_bytes = usize::try_from(limit).unwrap_or(usize::MAX);
    let ahead = usize::try_from(content_length.unwrap_or(0).min(MAX_PREALLOCATION)).unwrap_or(0);
    // A body that arrives as one chunk is returned as received, without a copy.
    let mut first: Option<Bytes> = None;
    let mut buffer: Vec<u8> = Vec::new();
    let mut total: u64 = 0;
    while let Some(chunk) = response.chunk().await.map_err(BodyFailure::Http)? {
        total = total.saturating_add(u64::try_from(chunk.len()).unwrap_or(u64::MAX));
        if total > limit {
            return Err(BodyFailure::TooLarge { content_length });
        }
        if first.is_none() && buffer.is_empty() {
            first = Some(chunk);
            continue;
        }
        if let Some(previous) = first.take() {
            buffer.reserve_exact(ahead.max(previous.len()));
            append(&mut buffer, &previous, limit_bytes);
        }
        append(&mut buffer, &chunk, limit_bytes);
    }
    Ok(first.unwrap_or_else(|| Bytes::from(buffer)))
}

/// Appends `bytes`, doubling the buffer's capacity as usual but never beyond `limit`.
fn append(buffer: &mut Vec<u8>, bytes: &[u8], limit: usize) {
    let needed = buffer.len().saturating_add(bytes.len());
    if needed > buffer.capacity() {
        let target = needed
            .max(buffer.capacity().saturating_mul(2))
            .min(limit.max(needed));
        buffer.reserve_exact(target - buffer.len());
    }
    buffer.extend_from_slice(bytes);
}

/// A file sent as one part of a `multipart/form-data` request body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilePart {
    bytes: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A part holding `bytes`. Unless [`file_name`](Self::file_name) says otherwise, the part
    /// is named after its form field, since many servers only treat named parts as files.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// The file name sent with the part.
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The part's media type, such as `text/csv`; without one the server assumes
    /// `application/octet-stream`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's contents.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }
}

/// A form body being assembled: its fields in order, sent as multipart parts or URL-encoded.
#[derive(Debug)]
struct FormBody {
    multipart: bool,
    fields: Vec<(String, FormValue)>,
}

#[derive(Debug)]
enum FormValue {
    Text(String),
    File(FilePart),
    Json(Vec<u8>),
}

impl FormBody {
    /// Puts the form on one attempt's request; the form itself stays, for the next attempt.
    fn attach(&self, builder: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, Error> {
        if !self.multipart {
            let pairs: Vec<(&str, String)> = self
                .fields
                .iter()
                .map(|(name, value)| match value {
                    FormValue::Text(text) => (name.as_str(), text.clone()),
                    FormValue::Json(bytes) => {
                        (name.as_str(), String::from_utf8_lossy(bytes).into_owned())
                    }
                    FormValue::File(file) => (
                        name.as_str(),
                        String::from_utf8_lossy(&file.bytes).into_owned(),
                    ),
                })
                .collect();
            return Ok(builder.form(&pairs));
        }
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in &self.fields {
            let part = match value {
                FormValue::Text(text) => reqwest::multipart::Part::text(text.clone()),
                FormValue::Json(bytes) => with_media_type(
                    reqwest::multipart::Part::bytes(bytes.clone()),
                    name,
                    "application/json",
                )?,
                FormValue::File(file) => {
                    let length = u64::try_from(file.bytes.len()).unwrap_or(u64::MAX);
                    let part = reqwest::multipart::Part::stream_with_length(
                        reqwest::Body::from(file.bytes.clone()),
                        length,
                    )
                    .file_name(file.file_name.clone().unwrap_or_else(|| name.clone()));
                    match &file.content_type {
                        Some(content_type) => with_media_type(part, name, content_type)?,
                        None => part,
                    }
                }
            };
            form = form.part(name.clone(), part);
        }
        Ok(builder.multipart(form))
    }
}

fn with_media_type(
    part: reqwest::multipart::Part,
    name: &str,
    media_type: &str,
) -> Result<reqwest::multipart::Part, Error> {
    part.mime_str(media_type).map_err(|_| {
        Error::InvalidRequest(format!(
            "form part `{name}` has an invalid content type {media_type:?}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(template: &'static str) -> OperationRequest {
        OperationRequest::new(Endpoint::new("op", Method::GET, "/v1", template), false)
    }

    #[test]
    fn path_slots_are_filled_in_order_whatever_the_template_calls_them() {
        // The spec's template may name a slot differently from the parameter that fills it.
        let mut item = request("/items/{id}/parts/{part}");
        item.path_param("itemId", "a/b");
        item.path_param_as("part", Style::simple(), "x y");
        assert_eq!(
            item.path().ok().as_deref(),
            Some("/items/a%2Fb/parts/x%20y")
        );
        assert_eq!(request("/items").path().ok().as_deref(), Some("/items"));
    }

    #[test]
    fn a_slot_without_a_value_is_an_invalid_request_not_a_broken_path() {
        let mut item = request("/items/{id}/parts/{part}");
        item.path_param("itemId", "a");
        match item.path() {
            Err(Error::InvalidRequest(message)) => {
                assert_eq!(message, "path parameter `part` of `op` has no value");
            }
            other => panic!("expected an invalid request, got {other:?}"),
        }
    }
}
