//! Async Rust client for {{ titles }}.
//!
//! Generated from OpenAPI by `{{ settings.generated_by }}`; every operation of the spec is a
//! method on the module of its API version:
//!
{% for api in apis -%}
{#- `mod@`: a module may be named like a primitive or a macro (`str`, `cfg`), which rustdoc would find ambiguous. #}
#![cfg_attr(feature = "{{ api.module }}", doc = {{ "- [`{}`](mod@{}): {} ({} operations), served under `BASE{}`."|format(api.module, api.module, api.title, api.operations.len(), api.server.path_prefix)|lit }})]
#![cfg_attr(not(feature = "{{ api.module }}"), doc = {{ "- `{}`: {} ({} operations), not compiled: enable the `{}` feature."|format(api.module, api.title, api.operations.len(), api.module)|lit }})]
{% endfor -%}
//!
//! # Features
//!
//! Each module is a cargo feature of the same name, and `default` enables them all. A crate that
//! calls only some of them sets `default-features = false` and names those, and compiles only
//! those (the runtime below is always compiled):
//!
//! ```toml
//! [dependencies]
//! {{ settings.package_name }} = { path = "../{{ settings.package_name }}", default-features = false, features = [{% for api in apis %}{% if loop.first %}"{{ api.module }}"{% endif %}{% endfor %}] }
//! ```
//!
//! The `mock` feature adds the typed test doubles of every module that is enabled.
//!
//! # Configuration
//!
//! [`Client::from_env`] follows SailPoint's SDK convention: it reads `SAIL_BASE_URL`,
//! `SAIL_CLIENT_ID` and `SAIL_CLIENT_SECRET`, or, when none of them is set, `BaseURL`,
//! `ClientId` and `ClientSecret` from `config.json` in the working directory. A missing or
//! malformed setting is a [`ConfigError`] naming the setting and where it was looked for.
//! [`Client::builder`] sets everything explicitly:
//!
//! ```no_run
//! use std::time::Duration;
//!
//! # fn example() -> Result<(), {{ crate_ident }}::ConfigError> {
//! let from_environment = {{ crate_ident }}::Client::from_env()?;
//! let explicit = {{ crate_ident }}::Client::builder()
//!     .base_url("https://example.api.identitynow.com")
//!     .client_credentials("client id", "client secret")
//!     .connect_timeout(Duration::from_secs(5))
//!     .request_timeout(Duration::from_secs(30))
//!     .user_agent("my-app/1.0")
//!     .build()?;
//! # Ok(())
//! # }
//! ```
//!
//! The version modules live under the base URL: {% for api in apis %}{% if !loop.first %}, {% endif %}`BASE{{ api.server.path_prefix }}`{% endfor %}.
//! Cloning a [`Client`] is cheap; clones share the connection pool and the access token.
//!
//! # Authentication
//!
//! With OAuth2 client credentials ([`ClientBuilder::client_credentials`], or
//! [`Client::from_env`]) the client posts them to `BASE/oauth/token`, caches the token for all
//! clones and tasks (fifty concurrent calls make one token request), refreshes it shortly
//! before `expires_in` runs out, and fetches a new one once when a call comes back 401, replaying
//! that call. [`ClientBuilder::access_token`] sends a token obtained elsewhere instead, and
//! [`ClientBuilder::credential_source`] asks a [`CredentialSource`] of your own (a vault,
//! another process) for every `Authorization` value and tells it about 401s. The token request
//! is retried under the call's [`RetryPolicy`] (429, 502, 503, 504, connection failures); a 400
//! or 401 from the token endpoint is final. Secrets never appear in `Debug` output, errors or
//! traces.
//!
//! Each module's `security` module has a constant per security scheme of its spec, named after
//! it; [`ClientBuilder::credential`] gives a scheme its [`Credential`]: HTTP basic, a bearer
//! token, an API key (in the header, query parameter or cookie the spec names), OAuth2 client
//! credentials at the spec's token URL, or a whole `Authorization` value. An operation sends the
//! first of its security requirements whose every scheme has a credential (the client's own
//! credentials serve bearer, OAuth2 and OpenID Connect schemes that have none), and credentials
//! go only to the base URL's origin.
//!
//! # Hooks, body limits and the rate limit
//!
//! [`ClientBuilder::hook`] adds a [`Hook`] that sees, and may change, every request the client
//! sends (each attempt, redirect and token request) and sees every response: a correlation id,
//! audit logging. Bodies are read up to [`ClientBuilder::max_response_body_size`]
//! ([`DEFAULT_MAX_RESPONSE_BODY_SIZE`], 64 MiB); a larger one is [`Error::ResponseTooLarge`]
//! and is never buffered past the limit. [`ClientBuilder::rate_limit`] keeps the client under
//! a number of requests per access token per window, by default SailPoint's documented 100 per
//! 10 seconds ([`RateLimit::SAILPOINT`]), so a busy client waits briefly instead of collecting
//! 429s; [`RateLimit::off`] switches it off.
//!
//! # Retries and timeouts
//!
//! A 429 is retried for every method, after the wait `Retry-After` asks for (seconds or an HTTP
//! date) or else exponential backoff with jitter. 502, 503, 504 and connection failures are
//! retried for GET, HEAD, PUT, DELETE and OPTIONS only, unless
//! [`RetryPolicy::retry_non_idempotent`] says otherwise. When retries run out, the call returns
//! the last response as it would any other. Each attempt has a timeout, which is
//! [`Error::Timeout`] when it expires, and the whole call (token requests, waits and attempts)
//! has the policy's total budget: an attempt still waiting for its answer when the budget runs
//! out is abandoned, and the call answers with the attempt before it, or with
//! [`Error::BudgetExhausted`] if there was none.
//!
//! ```no_run
//! use std::time::Duration;
//! use {{ crate_ident }}::{Client, RetryPolicy};
//!
//! # fn example() -> Result<(), {{ crate_ident }}::ConfigError> {
//! let client = Client::builder()
//!     .base_url("https://example.api.identitynow.com")
//!     .access_token("a token")
//!     .retry_policy(
//!         RetryPolicy::default()
//!             .max_attempts(8)
//!             .total_budget(Duration::from_secs(300))
//!             .initial_backoff(Duration::from_millis(500)),
//!     )
//!     .build()?;
//! # Ok(())
//! # }
//! ```
{%- if let Some(example) = paged_example %}
//!
//! # Pagination
//!
//! Operations with `limit` and `offset` parameters also offer `stream()`: every item of every
//! page, fetched [`DEFAULT_PAGE_SIZE`] items at a time unless the request sets `limit`, as the
//! items are taken, ending with the listing (an empty or short page, or SailPoint's 400 for the
//! offset past the end; see [`Paginated`]). Errors arrive as items; dropping the stream stops
//! the fetching.
//!
#![cfg_attr(feature = "{{ example.module }}", doc = r##"
```no_run
# async fn example(client: {{ crate_ident }}::Client) -> Result<(), Box<dyn std::error::Error>> {
let mut items = client.{{ example.module }}().{{ example.method }}({% for argument in example.arguments %}{% if !loop.first %}, {% endif %}{{ argument.value|lit }}{% endfor %}).stream().max_items(1000);
while let Some(item) = items.try_next().await? {
    println!("{item:?}");
}
# Ok(())
# }
```
"##)]
//!
//! With `count(true)`, a single page's [`ApiResponse::total_count`] reads the `X-Total-Count`
//! header: the size of the whole collection.
{%- endif %}
//!
//! # Request bodies and models
//!
//! Models are `#[non_exhaustive]`, so the API's usual additions (an optional field, an enum
//! value, a documented status) do not break code that uses them. Build one with `new`, which
//! takes the fields that are not optional in the order they are declared, then set optional
//! fields with one chainable `with_<field>(value)` each; read, assign and destructure (with
//! `..`) the public fields as usual. Every enum (string values, `oneOf` alternatives, success and
//! error statuses) is `#[non_exhaustive]` too, so a `match` on one ends with a `_` arm.
//!
//! # Responses and errors
//!
//! A call returns [`ApiResponse`], which dereferences to the typed body and also carries the
//! status and headers. A failed call returns [`Error`], whose [`Error::Api`] variant holds the
//! operation's own error enum: one variant per error status the spec documents, chosen by the
//! status code and carrying the decoded body. Statuses the spec does not document, bodies that
//! do not decode, timeouts and transport failures have variants of their own, so no failure
//! panics.
{%- if let Some(example) = example %}
#![cfg_attr(feature = "{{ example.module }}", doc = r##"
```no_run
use {{ crate_ident }}::Error;

# async fn example(client: {{ crate_ident }}::Client) -> Result<(), Box<dyn std::error::Error>> {
match client.{{ example.module }}().{{ example.method }}({% for argument in example.arguments %}{% if !loop.first %}, {% endif %}{{ argument.value|lit }}{% endfor %}).send().await {
    Ok(response) => println!("HTTP {}: {:?}", response.status(), response.body()),
    Err(Error::Api(documented)) => println!("the API answered {documented}"),
    Err(other) => return Err(other.into()),
}
# Ok(())
# }
```
"##)]
{%- endif %}

#![warn(missing_docs)]
#![forbid(unsafe_code)]
{#- Names come from the spec, not from this crate's style: a field `foo` or `_1` (the spec's `1`),
    an operation `new` (the handle's method `new(&self)`, a request builder `New` and its
    constructor `new`). #}
#![allow(
    clippy::disallowed_names,
    clippy::just_underscores_and_digits,
    clippy::new_ret_no_self,
    clippy::self_named_constructors
)]
#![cfg_attr(docsrs, feature(doc_cfg))]
{%- if let Some(limit) = recursion_limit %}
// The API's types nest deeper than rustc's default limit lets it check what dropping them needs.
#![recursion_limit = "{{ limit }}"]
{%- endif %}
// With no module enabled the crate is the runtime alone, and nothing calls the helpers that
// operations use.
#![cfg_attr(not(any({% for api in apis %}{% if !loop.first %}, {% endif %}feature = "{{ api.module }}"{% endfor %})), allow(dead_code, unused_imports))]

mod auth;
mod call_error;
mod client;
mod config;
mod error;
mod hooks;
mod limit;
// The runtime serves every spec; a spec that never needs a helper (cookies, paging, timestamps)
// leaves it unused.
#[allow(dead_code)]
mod decode;
mod json;
#[allow(dead_code)]
mod paginate;
#[allow(dead_code)]
mod params;
#[allow(dead_code)]
mod request;
#[allow(dead_code)]
mod response;
mod retry;
#[allow(dead_code)]
mod schemes;
{% for api in apis %}
#[cfg(feature = "{{ api.module }}")]
#[cfg_attr(docsrs, doc(cfg(feature = "{{ api.module }}")))]
pub mod {{ api.module }};
{%- endfor %}

/// Typed test doubles: a loopback server that answers every operation as a test declares, in
/// the operation's own types. Enable the `mock` feature for your tests:
///
/// ```toml
/// [dev-dependencies]
/// # The package is not published: name it by path (or by git), as in [dependencies].
/// {{ settings.package_name }} = { path = "../{{ settings.package_name }}", features = ["mock"] }
/// ```
///
/// [`MockServer::start`](mock::MockServer::start) starts the server and
/// [`MockServer::client`](mock::MockServer::client) gives a [`Client`] pointed at it (or
/// [`MockServer::uri`](mock::MockServer::uri) the base URL, for code that builds its own).
/// Each enabled API module has a method on the server, as on the client, with one test double
/// per operation, defined in the module's own `mock` module:
///
{%- for api in apis %}
#[cfg_attr(feature = "{{ api.module }}", doc = {{ "- [`{}::mock`]"|format(api.module)|lit }})]
{%- endfor %}
///
/// - **Conditions:** methods named after the operation's path, query, header and cookie
///   parameters, taking the same types as the request builder's, and `body(...)`;
///   `request_header(name, value)` requires any request header at all, such as
///   `Authorization` or one a [`Hook`] adds, so a test can prove it reached the server. A
///   request must meet every condition given. Without conditions, every request for the
///   operation does.
/// - **Response:** `respond(body)` answers as a successful call receives it, with the typed
///   success body; `respond_not_found(body)` and the like answer with a documented error status
///   and its typed body; `respond_raw(MockResponse::new(503)...)` with anything at all.
///   `delay(...)` waits first, `response_header(...)` adds a header.
/// - **Counting:** `expect(n)` makes the expectation answer at most `n` requests, later ones going
///   on to expectations declared after it (so a 429 then a success is two declarations), and
///   fails the test unless exactly `n` came. The returned [`MockHandle`](mock::MockHandle)
///   counts the calls answered so far.
///
/// A request is answered by the first expectation, in the order declared, that it satisfies.
/// A request that satisfies none is answered with
/// [`UNMATCHED_STATUS`](mock::UNMATCHED_STATUS) and a text body saying what arrived and why
/// each expectation of its operation did not answer it; the server then fails the test when it
/// is dropped, naming the operation and showing the request, as it does for an unmet
/// `expect(n)`. [`MockServer::verify`](mock::MockServer::verify) checks the same at any point;
/// a test that sends an unmatched request on purpose reads and clears the reports with
/// [`MockServer::take_unmatched`](mock::MockServer::take_unmatched). A test double reports
/// failure by panicking, as test doubles do; nothing else in this crate panics.
{%- if let Some(example) = mock_example %}
#[cfg_attr(feature = "{{ example.call.module }}", doc = r##"
```no_run
use {{ crate_ident }}::mock::MockServer;

# async fn example() {
let server = MockServer::start().await;
let answered = server
    .{{ example.call.module }}()
    .{{ example.call.method }}(){% for argument in example.call.arguments %}.{{ argument.rust_name }}({{ argument.value|lit }}){% endfor %}
    .expect(1)
{%- if example.has_body %}
    .respond(Default::default());
{%- else %}
    .respond();
{%- endif %}

let client = server.client();
let response = client.{{ example.call.module }}().{{ example.call.method }}({% for argument in example.call.arguments %}{% if !loop.first %}, {% endif %}{{ argument.value|lit }}{% endfor %}).await;
assert!(response.is_ok());
assert_eq!(answered.calls(), 1);
# }
```
"##)]
{%- endif %}
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
#[allow(dead_code)]
pub mod mock;

/// Every operation's route, to name the operation of a request no expectation matched.
#[cfg(feature = "mock")]
pub(crate) const MOCK_ROUTES: &[&[request::Endpoint]] = &[
{%- for api in apis %}
    #[cfg(feature = "{{ api.module }}")]
    {{ api.module }}::mock::ROUTES,
{%- endfor %}
];

// The body test bed of the crate's own tests: it breaks bodies written from every model's
// decoding shape and checks what the decoders make of them (see the module's docs).
#[cfg(feature = "mock")]
#[doc(hidden)]
pub mod testbed;

/// Every model of every module compiled in, for the body test bed.
#[cfg(feature = "mock")]
pub(crate) const MODEL_PROBES: &[&[testbed::Probe]] = &[
{%- for api in apis %}{% if !api.models.is_empty() %}
    #[cfg(feature = "{{ api.module }}")]
    {{ api.module }}::MODEL_PROBES,
{%- endif %}{% endfor %}
];

// The crates whose types appear in the API, so that callers build a `TaskStatus` or read a
// `Bytes` body without adding them and guessing versions that match.
pub use bytes;
pub use chrono;
// Hooks are called with its `Request` and `Response`.
pub use reqwest;
pub use serde_json;

pub use auth::{AuthError, AuthorizationValue, CredentialFuture, CredentialSource, MAX_TOKEN_RESPONSE_SIZE};
pub use call_error::{CallError, ErrorBody};
pub use client::{
    Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BODY_SIZE, DEFAULT_REQUEST_TIMEOUT, DEFAULT_USER_AGENT, TOKEN_PATH,
};
pub use config::{
    CONFIG_FILE, Config, ConfigError, Credentials, ENV_BASE_URL, ENV_CLIENT_ID, ENV_CLIENT_SECRET,
};
pub use decode::{Decoding, Deviation, Repair, StandIns, UnknownInteger, UnknownValue};
pub use error::{Error, ErrorParts, OperationError};
pub use hooks::{Hook, HookContext};
pub use limit::RateLimit;
pub use paginate::{DEFAULT_PAGE_SIZE, Paginated};
pub use request::{FilePart, ResponseFuture};
pub use response::{ApiResponse, RawResponse};
pub use retry::RetryPolicy;
pub use schemes::{ApiKeyLocation, Credential, SchemeKind, SecurityScheme};
