//! Typed test doubles: a local HTTP server that answers each operation as a test declares, in
//! the operation's own types, and fails the test on a request nothing expected or on a call
//! count that was not met.

use std::borrow::Cow;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use percent_encoding::percent_decode_str;

use crate::client::{ApiClient, Client, ClientBuilder};
use crate::params::{
    cookie_pairs, header_text, path_text, query_name, query_pairs, Param, ParamTree, Style,
};
use crate::profile::Profile;
use crate::request::Endpoint;
use crate::retry::RetryPolicy;

/// The access token a client from [`MockServer::client`] sends, and the token the server's
/// `/oauth/token` endpoint hands out to a client configured with client credentials.
pub const MOCK_ACCESS_TOKEN: &str = "mock-access-token";

/// The status a request that matches no expectation is answered with. No API documents it, so
/// the call fails with `Error::UnexpectedStatus`, whose body text says what was missing.
pub const UNMATCHED_STATUS: u16 = 599;

/// How much of a request body an unmatched-request report shows.
const BODY_SHOWN: usize = 2048;

/// A loopback HTTP server standing in for the API, with a typed way to declare what each
/// operation answers.
///
/// Declare expectations through the method of each API version (`server.v3()`, ...), which
/// mirror the client's, then point the code under test at [`client`](Self::client) or
/// [`uri`](Self::uri). Each request is answered by the first expectation, in the order they were
/// declared, whose operation and conditions it matches and whose `expect(n)` count is not used up.
///
/// # Panics
///
/// Like any test double, it reports failure by panicking, which fails the test: when it is
/// dropped (or [`verify`](Self::verify) is called) after a request that matched no
/// expectation, or with an expectation whose `expect(n)` count was not met. A request that
/// matches nothing is also answered with [`UNMATCHED_STATUS`], so the call under test fails
/// too. Declaring an expectation whose values cannot be encoded as JSON panics at once.
pub struct MockServer {
    server: wiremock::MockServer,
    state: Arc<State>,
}

impl MockServer {
    /// Starts a server on a free port of 127.0.0.1. It stops when dropped.
    ///
    /// # Panics
    ///
    /// When no local port can be bound.
    pub async fn start() -> MockServer {
        MockServer::start_for::<Client>(&[]).await
    }

    /// Starts a server for a generated crate whose client is `C`, whose operations are at
    /// `routes` (to name the operation of a request no expectation matched) and whose token
    /// endpoint, if its profile has one, answers with [`MOCK_ACCESS_TOKEN`].
    ///
    /// # Panics
    ///
    /// When no local port can be bound.
    #[doc(hidden)]
    #[allow(clippy::panic, reason = "a test double fails the test by panicking")]
    pub async fn start_for<C: ApiClient>(routes: &'static [&'static [Endpoint]]) -> MockServer {
        let listener = match std::net::TcpListener::bind("127.0.0.1:0") {
            Ok(listener) => listener,
            Err(error) => panic!("the mock server could not bind a port on 127.0.0.1: {error}"),
        };
        let server = wiremock::MockServer::builder()
            .listener(listener)
            .disable_request_recording()
            .start()
            .await;
        let state = Arc::new(State {
            expectations: Mutex::default(),
            unmatched: Mutex::default(),
            routes,
            profile: C::PROFILE,
        });
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(Dispatcher {
                state: Arc::clone(&state),
            })
            .mount(&server)
            .await;
        MockServer { server, state }
    }

    /// The server's base URL, such as `http://127.0.0.1:41234`: the tenant URL to configure the
    /// code under test with.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A client builder for this server that sends [`MOCK_ACCESS_TOKEN`] and retries as the
    /// default [`RetryPolicy`] does, with waits of milliseconds when the response names none, so
    /// tests of retries run fast, and no [`RateLimit`](crate::RateLimit), since the test server
    /// has none. Change anything before building it.
    pub fn client_builder(&self) -> ClientBuilder {
        self.client_builder_for()
    }

    /// [`client_builder`](Self::client_builder) for a generated crate's client type.
    #[doc(hidden)]
    pub fn client_builder_for<C: ApiClient>(&self) -> ClientBuilder<C> {
        ClientBuilder::<C>::default()
            .base_url(self.uri())
            .access_token(MOCK_ACCESS_TOKEN)
            .rate_limit(crate::RateLimit::off())
            .retry_policy(
                RetryPolicy::default()
                    .initial_backoff(Duration::from_millis(1))
                    .max_backoff(Duration::from_millis(10)),
            )
    }

    /// A client for this server, as [`client_builder`](Self::client_builder) configures it.
    ///
    /// # Panics
    ///
    /// Never in practice: the server's own URL is always a valid base URL.
    pub fn client(&self) -> Client {
        self.client_for()
    }

    /// [`client`](Self::client) for a generated crate's client type.
    ///
    /// # Panics
    ///
    /// Never in practice: the server's own URL is always a valid base URL.
    #[doc(hidden)]
    #[allow(clippy::panic, reason = "a test double fails the test by panicking")]
    pub fn client_for<C: ApiClient>(&self) -> C {
        match self.client_builder_for::<C>().build() {
            Ok(client) => client,
            Err(error) => panic!("a client for the mock server could not be built: {error}"),
        }
    }

    /// The requests no expectation matched so far, which the server then forgets: for a test
    /// that sends such a request on purpose and checks what the report says.
    pub fn take_unmatched(&self) -> Vec<UnmatchedRequest> {
        std::mem::take(&mut *lock(&self.state.unmatched))
    }

    /// Fails the test if a request matched no expectation, or if an expectation's `expect(n)`
    /// count is not met; dropping the server does the same.
    ///
    /// # Panics
    ///
    /// With a report of every such problem.
    #[allow(clippy::panic, reason = "a test double fails the test by panicking")]
    #[track_caller]
    pub fn verify(&self) {
        if let Some(report) = self.problems() {
            panic!("{report}");
        }
    }

    fn problems(&self) -> Option<String> {
        let mut report = Vec::new();
        for unmatched in lock(&self.state.unmatched).iter() {
            report.push(unmatched.to_string());
        }
        for (index, expectation) in lock(&self.state.expectations).iter().enumerate() {
            if let Some(expected) = expectation.expected_calls {
                let calls = expectation.calls.load(Ordering::SeqCst);
                if calls != expected {
                    report.push(format!(
                        "expectation #{} {} was expected to be called {} but was called {}",
                        index + 1,
                        expectation.describe(),
                        times(expected),
                        times(calls),
                    ));
                }
            }
        }
        (!report.is_empty()).then(|| report.join("\n\n"))
    }

    /// Starts an expectation for the operation `route` describes; generated code calls it.
    #[track_caller]
    pub fn expectation(&self, route: &'static Endpoint) -> Expectation {
        Expectation {
            state: Arc::clone(&self.state),
            route,
            conditions: Vec::new(),
            expected_calls: None,
            delay: None,
            response_headers: Vec::new(),
            drift: None,
            declared_at: std::panic::Location::caller(),
        }
    }
}

impl Drop for MockServer {
    #[allow(clippy::panic, reason = "a test double fails the test by panicking")]
    fn drop(&mut self) {
        // A second panic while the test is already failing would abort the process.
        if std::thread::panicking() {
            return;
        }
        if let Some(report) = self.problems() {
            panic!("{report}");
        }
    }
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("uri", &self.uri())
            .field("expectations", &lock(&self.state.expectations).len())
            .finish_non_exhaustive()
    }
}

fn times(count: usize) -> String {
    if count == 1 {
        "once".to_owned()
    } else {
        format!("{count} times")
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Only a test that already failed can poison these locks; its lists are still worth reading.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

struct State {
    expectations: Mutex<Vec<Arc<Registered>>>,
    unmatched: Mutex<Vec<UnmatchedRequest>>,
    /// Every operation of the crate, to name the operation of an unmatched request.
    routes: &'static [&'static [Endpoint]],
    /// The crate's defaults: where its token endpoint is.
    profile: &'static Profile,
}

/// The path parameters of `path` (as they arrived, percent-encoded), when the request is for
/// the operation at `endpoint`.
fn route_parameters(
    endpoint: &Endpoint,
    method: &str,
    path: &str,
) -> Option<Vec<(&'static str, String)>> {
    if !method.eq_ignore_ascii_case(endpoint.method.as_str()) {
        return None;
    }
    let rest = path.strip_prefix(endpoint.path_prefix)?;
    let mut found = Vec::new();
    match_template(endpoint, endpoint.path, rest, &mut found).then_some(found)
}

/// The method and path template of an endpoint, as a reader would look them up.
fn route_template(endpoint: &Endpoint) -> String {
    format!(
        "{} {}{}",
        endpoint.method, endpoint.path_prefix, endpoint.path
    )
}

/// Matches `path` against what is left of a path `template`; a parameter takes at least one
/// character and never a `/` (the client percent-encodes a `/` inside a value), and is kept
/// as it arrived, encoded.
fn match_template(
    endpoint: &Endpoint,
    template: &'static str,
    path: &str,
    found: &mut Vec<(&'static str, String)>,
) -> bool {
    let slot = template
        .find('{')
        .and_then(|open| Some((open, open + template[open..].find('}')?)));
    let Some((open, close)) = slot else {
        return path == template;
    };
    let Some(path) = path.strip_prefix(&template[..open]) else {
        return false;
    };
    let name = &template[open + 1..close];
    let rest = &template[close + 1..];
    let prefix = endpoint
        .prefixed
        .iter()
        .find(|(prefixed, _)| *prefixed == name)
        .map(|(_, prefix)| *prefix);
    if prefix.is_some_and(|prefix| !path.starts_with(prefix)) {
        return false;
    }
    let end = path.find('/').unwrap_or(path.len());
    // Shortest value first, so a literal right after the parameter (`{id}.json`) matches.
    for length in 1..=end {
        if !path.is_char_boundary(length) {
            continue;
        }
        let before = found.len();
        if match_template(endpoint, rest, &path[length..], found) {
            found.insert(before, (name, path[..length].to_owned()));
            return true;
        }
        found.truncate(before);
    }
    false
}

/// One condition a request must meet for an expectation to answer it. Parameters are compared
/// as the client writes them (laid out in their style and percent-encoded), up to the encoding
/// of characters that need none and the case of percent-encoded bytes; they are shown decoded.
#[derive(Debug, Clone)]
enum Condition {
    /// A path parameter's slot, encoded.
    Path(&'static str, String),
    /// The query pairs a parameter makes, encoded: those named as the parameter, named as the
    /// pairs expected, or (for `deepObject`) starting with the parameter's name and `[`.
    Query {
        name: &'static str,
        key: String,
        pairs: Vec<(String, String)>,
    },
    /// A header, the spec's parameter or any other (`Authorization`, one a hook adds), by name
    /// in any case: it arrives once, with this value.
    Header(Cow<'static, str>, String),
    /// The cookies a parameter makes, their values encoded.
    Cookie {
        name: &'static str,
        pairs: Vec<(String, String)>,
    },
    JsonBody(serde_json::Value),
    RawBody(Vec<u8>),
}

/// `text` with percent-encoded unreserved characters decoded and other triples in upper case
/// (RFC 3986, 6.2.2); in a query, a space as `+`.
fn canonical(text: &str, query: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut index = 0;
    while index < bytes.len() {
        let triple = bytes
            .get(index + 1..index + 3)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (bytes[index], triple) {
            (b'%', Some(byte)) => {
                if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                    out.push(char::from(byte));
                } else if query && byte == b' ' {
                    out.push('+');
                } else {
                    out.push_str(&format!("%{byte:02X}"));
                }
                index += 3;
            }
            _ => {
                let end = (index + 1..=bytes.len())
                    .find(|end| text.is_char_boundary(*end))
                    .unwrap_or(bytes.len());
                out.push_str(&text[index..end]);
                index = end;
            }
        }
    }
    out
}

/// Encoded text as a reader wants it: percent-decoded, and in a query `+` as a space.
fn decoded(text: &str, query: bool) -> String {
    let text = if query {
        text.replace('+', " ")
    } else {
        text.to_owned()
    };
    percent_decode_str(&text).decode_utf8_lossy().into_owned()
}

/// Query or cookie pairs for a report: the values alone when every pair is named `name` (as
/// for a single value or an exploded list), else the pairs as they are written.
fn shown_pairs(name: &str, pairs: &[(String, String)], query: bool, joint: &str) -> String {
    if pairs.iter().all(|(found, _)| decoded(found, query) == name) {
        let values: Vec<String> = pairs
            .iter()
            .map(|(_, value)| decoded(value, query))
            .collect();
        if query {
            return format!("{values:?}");
        }
        if let [value] = values.as_slice() {
            return format!("{value:?}");
        }
        return format!("{values:?}");
    }
    let written: Vec<String> = pairs
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    format!("{:?}", written.join(joint))
}

/// The pairs of `arrived` that a parameter's expected `pairs` are compared with, canonical.
fn owned_pairs<'p>(
    arrived: impl Iterator<Item = (&'p str, &'p str)>,
    key: &str,
    pairs: &[(String, String)],
    query: bool,
) -> Vec<(String, String)> {
    let key = canonical(key, query);
    let deep = format!("{key}%5B");
    let names: Vec<String> = pairs
        .iter()
        .map(|(name, _)| canonical(name, query))
        .collect();
    arrived
        .map(|(name, value)| (canonical(name, query), canonical(value, query)))
        .filter(|(name, _)| *name == key || names.contains(name) || name.starts_with(&deep))
        .collect()
}

fn canonical_pairs(pairs: &[(String, String)], query: bool) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(name, value)| (canonical(name, query), canonical(value, query)))
        .collect()
}

impl Condition {
    /// `None` when `request` meets the condition, else what arrived instead.
    fn mismatch(
        &self,
        request: &wiremock::Request,
        path_parameters: &[(&'static str, String)],
    ) -> Option<String> {
        match self {
            Condition::Path(name, expected) => {
                let arrived = path_parameters
                    .iter()
                    .find(|(found, _)| found == name)
                    .map(|(_, value)| value.as_str());
                (arrived.map(|value| canonical(value, false)) != Some(canonical(expected, false)))
                    .then(|| {
                        format!(
                            "path `{name}` was {:?}",
                            decoded(arrived.unwrap_or_default(), false)
                        )
                    })
            }
            Condition::Query { name, key, pairs } => {
                let query = request.url.query().unwrap_or_default();
                let arrived_pairs = query
                    .split('&')
                    .filter(|pair| !pair.is_empty())
                    .map(|pair| pair.split_once('=').unwrap_or((pair, "")));
                let arrived = owned_pairs(arrived_pairs, key, pairs, true);
                (arrived != canonical_pairs(pairs, true)).then(|| {
                    format!(
                        "query `{name}` was {}",
                        shown_pairs(name, &arrived, true, "&")
                    )
                })
            }
            Condition::Header(name, expected) => {
                let arrived: Vec<&str> = request
                    .headers
                    .get_all(name.as_ref())
                    .iter()
                    .map(|value| value.to_str().unwrap_or("<not text>"))
                    .collect();
                (arrived != [expected.as_str()]).then(|| format!("header `{name}` was {arrived:?}"))
            }
            Condition::Cookie { name, pairs } => {
                let headers: Vec<&str> = request
                    .headers
                    .get_all("cookie")
                    .iter()
                    .filter_map(|value| value.to_str().ok())
                    .collect();
                let arrived_pairs = headers
                    .iter()
                    .flat_map(|header| header.split(';'))
                    .filter_map(|pair| pair.trim().split_once('='));
                let arrived = owned_pairs(arrived_pairs, name, pairs, false);
                (arrived != canonical_pairs(pairs, false)).then(|| {
                    format!(
                        "cookie `{name}` was {}",
                        shown_pairs(name, &arrived, false, "; ")
                    )
                })
            }
            Condition::JsonBody(expected) => {
                match serde_json::from_slice::<serde_json::Value>(&request.body) {
                    Ok(arrived) if arrived == *expected => None,
                    Ok(arrived) => Some(format!("the body was {arrived}")),
                    Err(_) => Some(format!("the body was not JSON: {}", shown(&request.body))),
                }
            }
            Condition::RawBody(expected) => (request.body != *expected)
                .then(|| format!("the body was {}", shown(&request.body))),
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::Path(name, value) => {
                write!(f, "path `{name}` = {:?}", decoded(value, false))
            }
            Condition::Query { name, pairs, .. } => {
                write!(
                    f,
                    "query `{name}` = {}",
                    shown_pairs(name, pairs, true, "&")
                )
            }
            Condition::Header(name, value) => write!(f, "header `{name}` = {value:?}"),
            Condition::Cookie { name, pairs } => {
                write!(
                    f,
                    "cookie `{name}` = {}",
                    shown_pairs(name, pairs, false, "; ")
                )
            }
            Condition::JsonBody(value) => write!(f, "body = {value}"),
            Condition::RawBody(bytes) => write!(f, "body = {}", shown(bytes)),
        }
    }
}

fn shown(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    if text.len() <= BODY_SHOWN {
        return format!("{text:?}");
    }
    let mut end = BODY_SHOWN;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{:?}... ({} bytes in all)", &text[..end], bytes.len())
}

/// An expectation being declared: the conditions a request must meet, and then, with one of
/// the `respond` methods of the operation's test double, the response it gets.
///
/// Every operation's test double (such as `v3::mock::GetLifecycleState`) wraps one and offers
/// typed methods for the conditions and responses of that operation.
pub struct Expectation {
    state: Arc<State>,
    route: &'static Endpoint,
    conditions: Vec<Condition>,
    expected_calls: Option<usize>,
    delay: Option<Duration>,
    response_headers: Vec<(String, String)>,
    drift: Option<Drift>,
    /// Where the test declared it, for reports that send the reader to the test.
    declared_at: &'static std::panic::Location<'static>,
}

impl fmt::Debug for Expectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expectation")
            .field("operation_id", &self.route.operation_id)
            .field("conditions", &self.conditions)
            .field("expected_calls", &self.expected_calls)
            .field("delay", &self.delay)
            .finish_non_exhaustive()
    }
}

impl Expectation {
    /// As [`path_as`](Self::path_as), for a parameter laid out as `style: simple` writes it.
    #[track_caller]
    pub fn path<V: Param + ?Sized>(&mut self, name: &'static str, value: &V) {
        self.path_as(name, Style::simple(), value);
    }

    /// Requires the path parameter `name` to be `value`, laid out in `style` as the client
    /// writes it.
    #[track_caller]
    pub fn path_as<V: Param + ?Sized>(&mut self, name: &'static str, style: Style, value: &V) {
        let tree = self.tree(name, value);
        match path_text(name, style, &tree) {
            Ok(Some(text)) => self.conditions.push(Condition::Path(name, text)),
            Ok(None) => self.unwritable(name, "it has no value"),
            Err(why) => self.unwritable(name, why),
        }
    }

    /// As [`query_as`](Self::query_as), for a parameter laid out as
    /// `style: form, explode: true` writes it.
    #[track_caller]
    pub fn query<V: Param + ?Sized>(&mut self, name: &'static str, value: &V) {
        self.query_as(name, Style::form().explode(), value);
    }

    /// Requires the query pairs of parameter `name` to be those the client writes for `value`
    /// in `style`, in order; for a value the client leaves out, that none arrive.
    #[track_caller]
    pub fn query_as<V: Param + ?Sized>(&mut self, name: &'static str, style: Style, value: &V) {
        let tree = self.tree(name, value);
        match query_pairs(name, style, &tree) {
            Ok(pairs) => self.conditions.push(Condition::Query {
                name,
                key: query_name(name, style),
                pairs,
            }),
            Err(why) => self.unwritable(name, why),
        }
    }

    /// As [`header_as`](Self::header_as), for a parameter laid out as `style: simple` writes it.
    #[track_caller]
    pub fn header<V: Param + ?Sized>(&mut self, name: &'static str, value: &V) {
        self.header_as(name, Style::simple(), value);
    }

    /// Requires the header `name` to arrive once, with the value the client writes for `value`.
    #[track_caller]
    pub fn header_as<V: Param + ?Sized>(&mut self, name: &'static str, style: Style, value: &V) {
        let tree = self.tree(name, value);
        match header_text(style, &tree) {
            Ok(Some(text)) => self
                .conditions
                .push(Condition::Header(Cow::Borrowed(name), text)),
            Ok(None) => self.unwritable(name, "it has no value"),
            Err(why) => self.unwritable(name, why),
        }
    }

    /// Requires the request header `name`, whichever it is (one the spec declares, or
    /// `Authorization`, or one a hook or a per-call option adds), to arrive once with exactly
    /// `value`. Header names match in any case.
    #[allow(clippy::panic, reason = "a test double fails the test by panicking")]
    #[track_caller]
    pub fn request_header(&mut self, name: String, value: String) {
        if reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err()
            || reqwest::header::HeaderValue::from_str(&value).is_err()
        {
            panic!(
                "`{}` cannot expect the header {name:?}: {value:?}, which no request can carry",
                self.route.operation_id
            );
        }
        self.conditions
            .push(Condition::Header(Cow::Owned(name), value));
    }

    /// As [`cookie_as`](Self::cookie_as), for a parameter laid out as
    /// `style: form, explode: true` writes it.
    #[track_caller]
    pub fn cookie<V: Param + ?Sized>(&mut self, name: &'static str, value: &V) {
        self.cookie_as(name, Style::form().explode(), value);
    }

    /// Requires the cookies of parameter `name` to be those the client writes for `value`.
    #[track_caller]
    pub fn cookie_as<V: Param + ?Sized>(&mut self, name: &'static str, style: Style, value: &V) {
        let tree = self.tree(name, value);
        match cookie_pairs(name, style, &tree) {
            Ok(pairs) => self.conditions.push(Condition::Cookie { name, pairs }),
            Err(why) => self.unwritable(name, why),
        }
    }

    #[allow(clippy::panic, reason = "a test double fails the test by panicking")]
    #[track_caller]
    fn tree<V: Param + ?Sized>(&self, name: &str, value: &V) -> ParamTree {
        match value.tree() {
            Ok(tree) => tree,
            Err(error) => panic!(
                "the value expected for parameter `{name}` of `{}` cannot be encoded: {error}",
                self.route.operation_id
            ),
        }
    }

    #[allow(clippy::panic, reason = "a test double fails the test by panicking")]
    #[track_caller]
    fn unwritable(&self, name: &str, why: &str) {
        panic!(
            "the value expected for parameter `{name}` of `{}` cannot be sent: {why}",
            self.route.operation_id
        )
    }

    /// Requires a JSON body equal to `value` as JSON (the order of object keys does not matter).
    #[allow(clippy::panic, reason = "a test double fails the test by panicking")]
    #[track_caller]
    pub fn json_body<T: serde::Serialize + ?Sized>(&mut self, value: &T) {
        match serde_json::to_value(value) {
            Ok(json) => self.conditions.push(Condition::JsonBody(json)),
            Err(error) => panic!(
                "the body expected for `{}` cannot be encoded as JSON: {error}",
                self.route.operation_id
            ),
        }
    }

    /// Requires a body of exactly these bytes.
    pub fn raw_body(&mut self, bytes: Vec<u8>) {
        self.conditions.push(Condition::RawBody(bytes));
    }

    /// Answers at most `calls` requests, and fails the test unless it answered exactly that many.
    pub fn expect(&mut self, calls: usize) {
        self.expected_calls = Some(calls);
    }

    /// Waits this long before answering.
    pub fn delay(&mut self, delay: Duration) {
        self.delay = Some(delay);
    }

    /// Adds a header to the response, whichever it is.
    pub fn response_header(&mut self, name: String, value: String) {
        self.response_headers.push((name, value));
    }

    /// Makes the JSON body of the response break the spec as `drift` says.
    pub fn drift(&mut self, drift: Drift) {
        self.drift = Some(drift);
    }

    /// Declares the response and puts the expectation in force.
    #[track_caller]
    pub fn respond(self, response: MockResponse) -> MockHandle {
        let Expectation {
            state,
            route,
            conditions,
            expected_calls,
            delay,
            response_headers,
            drift,
            declared_at,
        } = self;
        let mut response = response;
        response.headers.extend(response_headers);
        if let Some(drift) = drift {
            response.body = drift.apply(&response.body, route.operation_id);
        }
        let registered = Arc::new(Registered {
            route,
            conditions,
            expected_calls,
            delay,
            response,
            calls: AtomicUsize::new(0),
            declared_at,
        });
        lock(&state.expectations).push(Arc::clone(&registered));
        MockHandle { registered }
    }
}

/// What every operation's test double offers beyond its own parameters and responses: how many
/// calls it answers, how slowly, which headers it needs and adds, and a response written by
/// hand. Bring it into scope (`use sailpoint_client::mock::TestDouble;`) to call them.
///
/// Every operation's test double implements it, so these methods are written once, here, rather
/// than once per operation.
pub trait TestDouble: Sized {
    /// The expectation being declared, which the methods below add to.
    #[doc(hidden)]
    fn expectation(&mut self) -> &mut Expectation;

    /// The expectation, to put in force.
    #[doc(hidden)]
    fn into_expectation(self) -> Expectation;

    /// Answers at most `calls` requests, and fails the test unless it answered exactly that many
    /// by the time the server is dropped or verified (see [`MockServer`]).
    fn expect(mut self, calls: usize) -> Self {
        self.expectation().expect(calls);
        self
    }

    /// Waits this long before answering, as a slow server would.
    fn delay(mut self, delay: Duration) -> Self {
        self.expectation().delay(delay);
        self
    }

    /// Answers only requests carrying the header `name` once with exactly `value`: any header,
    /// the spec's or not, such as `Authorization` or one a hook adds. Names match in any case.
    ///
    /// # Panics
    ///
    /// When no request can carry the header: its name or value is not one HTTP allows.
    #[track_caller]
    fn request_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.expectation().request_header(name.into(), value.into());
        self
    }

    /// Adds a header to the response, such as `Retry-After` or `X-Total-Count`.
    fn response_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.expectation()
            .response_header(name.into(), value.into());
        self
    }

    /// Makes the JSON body a `respond` method writes break the spec as `drift` says.
    fn drift(mut self, drift: Drift) -> Self {
        self.expectation().drift(drift);
        self
    }

    /// Answers with a response written by hand: any status, headers and body.
    #[track_caller]
    fn respond_raw(self, response: MockResponse) -> MockHandle {
        self.into_expectation().respond(response)
    }
}

/// An expectation in force.
struct Registered {
    route: &'static Endpoint,
    conditions: Vec<Condition>,
    expected_calls: Option<usize>,
    delay: Option<Duration>,
    response: MockResponse,
    calls: AtomicUsize,
    declared_at: &'static std::panic::Location<'static>,
}

impl Registered {
    fn describe(&self) -> String {
        let mut text = format!(
            "`{}` (declared at {}:{})",
            self.route.operation_id,
            self.declared_at.file(),
            self.declared_at.line()
        );
        if !self.conditions.is_empty() {
            let conditions: Vec<String> = self.conditions.iter().map(ToString::to_string).collect();
            text.push_str(&format!(" where {}", conditions.join(", ")));
        }
        text.push_str(&format!(", answering HTTP {}", self.response.status));
        text
    }
}

/// An expectation in force, to ask how many requests it answered.
#[derive(Clone)]
pub struct MockHandle {
    registered: Arc<Registered>,
}

impl MockHandle {
    /// How many requests this expectation has answered so far.
    pub fn calls(&self) -> usize {
        self.registered.calls.load(Ordering::SeqCst)
    }
}

impl fmt::Debug for MockHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockHandle")
            .field("expectation", &self.registered.describe())
            .field("calls", &self.calls())
            .finish()
    }
}

/// A response body that breaks the spec the way real servers do, written as edits of the JSON
/// that a typed `respond` method produces: start from the operation's own types, then break
/// one value, so tests of drift handling need no hand-written JSON.
///
/// Each edit names its place with a JSON pointer into the body, as the client's
/// [`Deviation`](crate::Deviation)s do: `/description`, `/messages/0/key`, or `/3/id` for the
/// fourth item of a list. Edits apply in order.
///
/// The crate docs' [Testing your code without a server](crate#testing-your-code-without-a-server)
/// show one in use.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Drift {
    edits: Vec<(String, DriftEdit)>,
}

#[derive(Debug, Clone, PartialEq)]
enum DriftEdit {
    Null,
    Remove,
    Set(serde_json::Value),
    Stringify,
    UpperCase,
    LowerCase,
}

impl Drift {
    /// No edits yet.
    pub fn new() -> Self {
        Drift::default()
    }

    /// Sends `null` at `pointer`, as for a required field the server leaves empty.
    pub fn null(self, pointer: impl Into<String>) -> Self {
        self.edit(pointer, DriftEdit::Null)
    }

    /// Leaves out the property or list item at `pointer`.
    pub fn remove(self, pointer: impl Into<String>) -> Self {
        self.edit(pointer, DriftEdit::Remove)
    }

    /// Sends `value` at `pointer`, whatever the spec says belongs there.
    pub fn set(self, pointer: impl Into<String>, value: serde_json::Value) -> Self {
        self.edit(pointer, DriftEdit::Set(value))
    }

    /// Sends the number or boolean at `pointer` as a string (`45` as `"45"`).
    pub fn stringify(self, pointer: impl Into<String>) -> Self {
        self.edit(pointer, DriftEdit::Stringify)
    }

    /// Sends the string at `pointer` in upper case (an enum value in another case).
    pub fn upper_case(self, pointer: impl Into<String>) -> Self {
        self.edit(pointer, DriftEdit::UpperCase)
    }

    /// Sends the string at `pointer` in lower case (an enum value in another case).
    pub fn lower_case(self, pointer: impl Into<String>) -> Self {
        self.edit(pointer, DriftEdit::LowerCase)
    }

    fn edit(mut self, pointer: impl Into<String>, edit: DriftEdit) -> Self {
        self.edits.push((pointer.into(), edit));
        self
    }

    /// The body with every edit applied.
    #[allow(clippy::panic, reason = "a test double fails the test by panicking")]
    #[track_caller]
    fn apply(&self, body: &[u8], operation_id: &str) -> Vec<u8> {
        let fail = |message: String| -> ! {
            panic!("the drift of `{operation_id}`'s response cannot be applied: {message}")
        };
        let mut json: serde_json::Value = serde_json::from_slice(body)
            .unwrap_or_else(|_| fail("its body is not JSON".to_owned()));
        for (pointer, edit) in &self.edits {
            let Some((parent, key)) = pointer.rsplit_once('/') else {
                fail(format!(
                    "{pointer:?} is not a JSON pointer (it starts with `/`)"
                ));
            };
            let key = key.replace("~1", "/").replace("~0", "~");
            let Some(container) = json.pointer_mut(parent) else {
                fail(format!(
                    "the body has nothing at {parent:?}, so {pointer:?} cannot be edited"
                ));
            };
            let slot = match container {
                serde_json::Value::Object(map) => {
                    if matches!(edit, DriftEdit::Remove) {
                        if map.remove(&key).is_none() {
                            fail(format!("the body has nothing at {pointer:?}"));
                        }
                        continue;
                    }
                    map.entry(key).or_insert(serde_json::Value::Null)
                }
                serde_json::Value::Array(items) => {
                    let index = key
                        .parse::<usize>()
                        .ok()
                        .filter(|index| *index < items.len())
                        .unwrap_or_else(|| fail(format!("the body has nothing at {pointer:?}")));
                    if matches!(edit, DriftEdit::Remove) {
                        items.remove(index);
                        continue;
                    }
                    &mut items[index]
                }
                _ => fail(format!("{parent:?} holds no object or list")),
            };
            *slot = match (edit, &*slot) {
                (DriftEdit::Null, _) => serde_json::Value::Null,
                (DriftEdit::Set(value), _) => value.clone(),
                (
                    DriftEdit::Stringify,
                    serde_json::Value::Number(_) | serde_json::Value::Bool(_),
                ) => serde_json::Value::String(slot.to_string()),
                (DriftEdit::UpperCase, serde_json::Value::String(text)) => {
                    serde_json::Value::String(text.to_uppercase())
                }
                (DriftEdit::LowerCase, serde_json::Value::String(text)) => {
                    serde_json::Value::String(text.to_lowercase())
                }
                (_, other) => fail(format!(
                    "{pointer:?} holds {other}, which this edit cannot change"
                )),
            };
        }
        serde_json::to_vec(&json).unwrap_or_else(|error| fail(error.to_string()))
    }
}

/// A response written by hand: any status, headers and body, for what the typed `respond`
/// methods do not cover (an undocumented status, a body that does not match its schema).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl MockResponse {
    /// A response with this status and no body. A status outside 100 to 999 is sent as 500.
    pub fn new(status: u16) -> Self {
        MockResponse {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Adds a header.
    ///
    /// # Panics
    ///
    /// When HTTP cannot carry the name or the value.
    #[allow(clippy::panic, reason = "a test double fails the test by panicking")]
    #[track_caller]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let (name, value) = (name.into(), value.into());
        if reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err()
            || reqwest::header::HeaderValue::from_str(&value).is_err()
        {
            panic!("a mock response cannot carry the header {name:?}: {value:?}");
        }
        self.headers.push((name, value));
        self
    }

    /// Sets the body, sent as it is.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// A response whose body is `body` as JSON, with `content_type`.
    #[allow(clippy::panic, reason = "a test double fails the test by panicking")]
    #[track_caller]
    pub fn json<T: serde::Serialize + ?Sized>(status: u16, content_type: &str, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => MockResponse::new(status)
                .header("content-type", content_type)
                .body(bytes),
            Err(error) => panic!("a mock response body cannot be encoded as JSON: {error}"),
        }
    }

    /// A response whose body is `body` as it is, with `content_type`.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        MockResponse::new(status)
            .header("content-type", content_type)
            .body(body)
    }

    fn template(&self, delay: Option<Duration>) -> wiremock::ResponseTemplate {
        let status = if (100..1000).contains(&self.status) {
            self.status
        } else {
            500
        };
        let mut template =
            wiremock::ResponseTemplate::new(status).set_body_bytes(self.body.clone());
        for (name, value) in &self.headers {
            template = template.append_header(name.as_str(), value.as_str());
        }
        if let Some(delay) = delay {
            template = template.set_delay(delay);
        }
        template
    }
}

/// A request no expectation matched: what arrived, which operation it is for, and why each
/// expectation of that operation did not answer it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnmatchedRequest {
    operation_id: Option<&'static str>,
    method: String,
    path_and_query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    reasons: Vec<String>,
}

impl UnmatchedRequest {
    /// The `operationId` of the operation the method and path belong to, if any.
    pub fn operation_id(&self) -> Option<&'static str> {
        self.operation_id
    }

    /// The HTTP method.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The path and query string, as they arrived.
    pub fn path_and_query(&self) -> &str {
        &self.path_and_query
    }

    /// The body, as it arrived.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

impl fmt::Display for UnmatchedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.operation_id {
            Some(operation_id) => writeln!(
                f,
                "no expectation matched a request for operation `{operation_id}`:"
            )?,
            None => writeln!(f, "a request matched no operation of this API:")?,
        }
        writeln!(f, "    {} {}", self.method, self.path_and_query)?;
        for (name, value) in &self.headers {
            writeln!(f, "    {name}: {value}")?;
        }
        if !self.body.is_empty() {
            writeln!(f, "    body: {}", shown(&self.body))?;
        }
        if self.operation_id.is_some() {
            if self.reasons.is_empty() {
                write!(f, "no expectation is declared for this operation")?;
            } else {
                write!(f, "the expectations for this operation did not answer it:")?;
                for reason in &self.reasons {
                    write!(f, "\n    - {reason}")?;
                }
            }
        }
        Ok(())
    }
}

/// The one responder of the underlying server: it answers every request from the expectations.
struct Dispatcher {
    state: Arc<State>,
}

impl wiremock::Respond for Dispatcher {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let method = request.method.as_str();
        let path = request.url.path();
        if method == "POST" && self.state.profile.token_path == Some(path) {
            let token = serde_json::json!({
                "access_token": MOCK_ACCESS_TOKEN,
                "token_type": "bearer",
                "expires_in": 3600,
            });
            return wiremock::ResponseTemplate::new(200).set_body_json(token);
        }
        let mut reasons = Vec::new();
        let mut operation_id = None;
        {
            let expectations = lock(&self.state.expectations);
            for (index, expectation) in expectations.iter().enumerate() {
                let Some(parameters) = route_parameters(expectation.route, method, path) else {
                    continue;
                };
                operation_id = Some(expectation.route.operation_id);
                let label = format!("#{} {}", index + 1, expectation.describe());
                if let Some(mismatch) = expectation
                    .conditions
                    .iter()
                    .find_map(|condition| condition.mismatch(request, &parameters))
                {
                    reasons.push(format!("{label}: {mismatch}"));
                    continue;
                }
                let limit = expectation.expected_calls.unwrap_or(usize::MAX);
                let taken =
                    expectation
                        .calls
                        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |calls| {
                            (calls < limit).then_some(calls + 1)
                        });
                if taken.is_err() {
                    reasons.push(format!(
                        "{label}: already answered the {} it expected",
                        calls(limit)
                    ));
                    continue;
                }
                return expectation.response.template(expectation.delay);
            }
        }
        let operation_id = operation_id.or_else(|| {
            self.state
                .routes
                .iter()
                .flat_map(|routes| routes.iter())
                .find(|route| route_parameters(route, method, path).is_some())
                .map(|route| route.operation_id)
        });
        let path_and_query = match request.url.query() {
            Some(query) => format!("{path}?{query}"),
            None => path.to_owned(),
        };
        let unmatched = UnmatchedRequest {
            operation_id,
            method: method.to_owned(),
            path_and_query,
            headers: request
                .headers
                .iter()
                .filter(|(name, _)| *name != "authorization")
                .map(|(name, value)| {
                    (
                        name.as_str().to_owned(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: request.body.clone(),
            reasons,
        };
        let mut report = unmatched.to_string();
        if operation_id.is_none() {
            let known: Vec<String> = self
                .state
                .routes
                .iter()
                .flat_map(|routes| routes.iter())
                .map(route_template)
                .collect();
            if !known.is_empty() {
                report.push_str(&format!("\nthe operations are: {}", known.join(", ")));
            }
        }
        lock(&self.state.unmatched).push(unmatched);
        wiremock::ResponseTemplate::new(UNMATCHED_STATUS)
            .insert_header("content-type", "text/plain; charset=utf-8")
            .insert_header(crate::response::UNMATCHED_BY_TEST_DOUBLE, "true")
            .set_body_string(report)
    }
}

fn calls(count: usize) -> String {
    if count == 1 {
        "1 call".to_owned()
    } else {
        format!("{count} calls")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::Method;

    const ADJACENT: Endpoint = Endpoint::prefixed(
        "styled",
        Method::GET,
        "/v1",
        "/items/{id}{label}{matrix}.json",
        &[("label", "."), ("matrix", ";")],
    );

    #[test]
    fn a_route_splits_adjacent_parameters_where_their_styles_prefixes_start() {
        let found = route_parameters(&ADJACENT, "get", "/v1/items/7.a.b;matrix=c.json");
        assert_eq!(
            found,
            Some(vec![
                ("id", "7".to_owned()),
                ("label", ".a.b".to_owned()),
                ("matrix", ";matrix=c".to_owned()),
            ])
        );
    }

    #[test]
    fn a_route_refuses_another_method_prefix_or_a_value_without_its_styles_prefix() {
        assert_eq!(
            route_parameters(&ADJACENT, "POST", "/v1/items/7.a;m=c.json"),
            None
        );
        assert_eq!(
            route_parameters(&ADJACENT, "GET", "/v2/items/7.a;m=c.json"),
            None
        );
        assert_eq!(
            route_parameters(&ADJACENT, "GET", "/v1/items/7.a.json"),
            None
        );
        assert_eq!(
            route_parameters(&ADJACENT, "GET", "/v1/items/7/x.a;m=c.json"),
            None
        );
        assert_eq!(
            route_template(&ADJACENT),
            "GET /v1/items/{id}{label}{matrix}.json"
        );
    }
}
