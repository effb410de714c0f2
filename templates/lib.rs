//! Async Rust client for {{ titles }}.
//!
//! Generated from OpenAPI by `{{ settings.generated_by }}`; every operation of the spec is a
//! method on the module of its API:
//!
{% for api in apis -%}
{#- `mod@`: a module may be named like a primitive or a macro (`str`, `cfg`), which rustdoc would find ambiguous. #}
#![cfg_attr(feature = "{{ api.module }}", doc = {{ "- [`{}`](mod@{}): {} ({}), served at {}."|format(api.module, api.module, api.title, api.operations.len()|counted("operation", "operations"), api|served_at)|lit }})]
#![cfg_attr(not(feature = "{{ api.module }}"), doc = {{ "- `{}`: {} ({}), not compiled: enable the `{}` feature."|format(api.module, api.title, api.operations.len()|counted("operation", "operations"), api.module)|lit }})]
{% endfor -%}
//!
//! `BASE` is the base URL the client is given. This page is the guide to the client; each
//! module's page lists its operations, and each operation's page its parameters and responses.
//!
//! # Features
//!
//! Each module is a cargo feature of the same name, and `default` enables them all. A crate that
//! calls only some of them sets `default-features = false` and names those, and compiles only
//! those (the runtime, the `client-runtime` crate, is always compiled, once):
//!
//! ```toml
//! [dependencies]
//! {{ settings.package_name }} = { path = "../{{ settings.package_name }}", default-features = false, features = [{% for api in apis %}{% if loop.first %}"{{ api.module }}"{% endif %}{% endfor %}] }
//! ```
//!
//! The `mock` feature adds the typed test doubles of every module that is enabled.
{% filter guide %}{% include "guide/configuration.md" %}{% endfilter %}
{% filter guide %}{% include "guide/authentication.md" %}{% endfilter %}
{% filter guide %}{% include "guide/retries.md" %}{% endfilter %}
{% filter guide %}{% include "guide/hooks.md" %}{% endfilter %}
{% filter guide %}{% include "guide/per_call.md" %}{% endfilter %}
{%- if let Some(example) = example %}
#![cfg_attr(feature = "{{ example.module }}", doc = r##"
For example:

```no_run
use std::time::Duration;
use {{ crate_ident }}::{Decoding, PerCall, RetryPolicy};

# async fn example(client: {{ crate_ident }}::Client) -> Result<(), Box<dyn std::error::Error>> {
let response = client
    .{{ example.module }}()
    .{{ example.method }}({% for argument in example.arguments %}{% if !loop.first %}, {% endif %}{{ argument.value|lit }}{% endfor %})
    .header("X-Correlation-Id", "req-42")   // any extra header
    .timeout(Duration::from_secs(300))      // per attempt, for this call
    .retry_policy(RetryPolicy::never())     // one attempt, for this call
    .decoding(Decoding::Strict)             // any deviation from the spec is an error
    .await?;
println!("HTTP {}", response.status());
# Ok(())
# }
```
"##)]
{%- endif %}
{% filter guide %}{% include "guide/networking.md" %}{% endfilter %}
{%- if let Some(example) = paged_example %}
{% filter guide %}{% include "guide/pagination.md" %}{% endfilter %}
#![cfg_attr(feature = "{{ example.module }}", doc = r##"
For example:

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
{%- endif %}
{% filter guide %}{% include "guide/models.md" %}{% endfilter %}
{% filter guide %}{% include "guide/responses.md" %}{% endfilter %}
{%- if let Some(example) = example %}
#![cfg_attr(feature = "{{ example.module }}", doc = r##"
For example:

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
#![cfg_attr(feature = "{{ example.module }}", doc = r##"
A crate's own error type, for every call it makes, built on [`CallError`]:

```no_run
use {{ crate_ident }}::{CallError, Client};

/// What the caller's code reports, whichever call failed.
#[derive(Debug)]
enum SyncError {
    Tenant(CallError),
}

impl From<CallError> for SyncError {
    fn from(error: CallError) -> Self {
        SyncError::Tenant(error)
    }
}

async fn sync(client: &Client) -> Result<(), SyncError> {
    client.{{ example.module }}().{{ example.method }}({% for argument in example.arguments %}{% if !loop.first %}, {% endif %}{{ argument.value|lit }}{% endfor %}).await.map_err(CallError::from)?;
    Ok(())
}
```
"##)]
{%- endif %}
{% filter guide %}{% include "guide/decoding.md" %}{% endfilter %}
{% filter guide %}{% include "guide/testing.md" %}{% endfilter %}
#![cfg_attr(feature = "mock", doc = r##"
```
use {{ crate_ident }}::serde_json::json;
use {{ crate_ident }}::mock::Drift;

// For a body `{"description": "...", "launcher": "...", "percentComplete": 45, "status": "ERROR"}`:
let drift = Drift::new()
    .null("/description")
    .remove("/launcher")
    .stringify("/percentComplete")
    .set("/extra", json!({"unexpected": true}))
    .lower_case("/status");
```
"##)]
{% filter guide %}{% include "guide/tracing.md" %}{% endfilter %}

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
mod client;
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
/// [`MockServer::uri`](::client_runtime::mock::MockServer::uri) the base URL, for code that builds its own).
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
/// - `request_header`, `respond_raw`, `delay`, `response_header`, `drift` and `expect` are the
///   same for every operation: they are the methods of [`mock::TestDouble`], which every test
///   double implements, and a test brings it into scope to call them
///   (`use {{ crate_ident }}::mock::TestDouble;`).
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
/// `expect(n)`. [`MockServer::verify`](::client_runtime::mock::MockServer::verify) checks the same at any point;
/// a test that sends an unmatched request on purpose reads and clears the reports with
/// [`MockServer::take_unmatched`](::client_runtime::mock::MockServer::take_unmatched). A test double reports
/// failure by panicking, as test doubles do; nothing else in this crate panics.
{%- if let Some(example) = mock_example %}
#[cfg_attr(feature = "{{ example.call.module }}", doc = r##"
```no_run
use {{ crate_ident }}::mock::{MockServer, TestDouble};

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
pub mod mock;

/// Every operation's route, to name the operation of a request no expectation matched.
#[cfg(feature = "mock")]
pub(crate) const MOCK_ROUTES: &[&[::client_runtime::request::Endpoint]] = &[
{%- for api in apis %}
    #[cfg(feature = "{{ api.module }}")]
    {{ api.module }}::mock::ROUTES,
{%- endfor %}
];

// The body test bed of the crate's own tests: it breaks bodies written from every model's
// decoding shape and checks what the decoders make of them (see the runtime's `testbed`).
#[cfg(feature = "mock")]
#[doc(hidden)]
pub mod testbed {
    pub use ::client_runtime::testbed::{Report, Settings};

    /// Runs the test bed over every model of every module compiled in.
    pub fn run(settings: Settings) -> Report {
        ::client_runtime::testbed::run(crate::MODEL_PROBES, settings)
    }
}

/// Every model of every module compiled in, for the body test bed.
#[cfg(feature = "mock")]
pub(crate) const MODEL_PROBES: &[&[::client_runtime::testbed::Probe]] = &[
{%- for api in apis %}{% if !api.models.is_empty() %}
    #[cfg(feature = "{{ api.module }}")]
    {{ api.module }}::MODEL_PROBES,
{%- endif %}{% endfor %}
];

// The crates whose types appear in the API, so that callers build a `TaskStatus` or read a
// `Bytes` body without adding them and guessing versions that match.
pub use ::client_runtime::{bytes, chrono, reqwest, serde_json};

pub use client::{Client, ClientBuilder, Config};
// The runtime's types that callers name, as this crate's own.
pub use ::client_runtime::{
    ApiKeyLocation, ApiResponse, AuthError, AuthorizationValue, CallError, ConfigError,
    ConfigFileNames, Credential, CredentialFuture, CredentialSource, Credentials, Decoding,
    Deviation, EnvironmentNames, Error, ErrorBody, ErrorParts, FilePart, GenericRequest, Hook, PerCall,
    HookContext, OperationError, Paginated, Profile, RateLimit, RawResponse, Repair,
    ResponseFuture, RetryPolicy, SchemeKind, SecurityScheme, StandIns, UnknownInteger,
    UnknownValue, WaitError, Waiter, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BODY_SIZE,
    DEFAULT_PAGE_SIZE, DEFAULT_REQUEST_TIMEOUT, DEFAULT_WAIT_BUDGET, DEFAULT_WAIT_INTERVAL,
    DEFAULT_WAIT_MAX_INTERVAL, GENERIC_OPERATION_ID, MAX_TOKEN_RESPONSE_SIZE,
};

/// The `User-Agent` sent with every request unless the builder sets another: this crate's name
/// and version.
pub const DEFAULT_USER_AGENT: &str = {{ "{}/{}"|format(settings.package_name, settings.package_version)|lit }};
{%- if let Some(names) = settings.profile.environment %}
/// Environment variable holding the tenant's base URL (see [`Config::from_env`]).
pub const ENV_BASE_URL: &str = {{ names.base_url|lit }};
/// Environment variable holding the OAuth2 client id.
pub const ENV_CLIENT_ID: &str = {{ names.client_id|lit }};
/// Environment variable holding the OAuth2 client secret.
pub const ENV_CLIENT_SECRET: &str = {{ names.client_secret|lit }};
{%- endif %}
{%- if let Some((file, _)) = settings.profile.config_file %}
/// The file [`Config::from_env`] reads, in the working directory, when none of the environment
/// variables is set.
pub const CONFIG_FILE: &str = {{ file|lit }};
{%- endif %}
{%- if let Some(path) = settings.profile.token_path %}
/// Where the OAuth2 token endpoint is, under the base URL.
pub const TOKEN_PATH: &str = {{ path|lit }};
{%- endif %}
{%- if let Some((requests, seconds)) = settings.profile.rate_limit %}
/// How fast the client sends unless the builder sets a [`RateLimit`]: the API's documented
/// limit, {{ requests }} requests per access token per {{ seconds }} s.
{%- else %}
/// How fast the client sends unless the builder sets a [`RateLimit`]: as fast as it is asked,
/// since the crate's settings give the API no documented limit.
{%- endif %}
pub const DEFAULT_RATE_LIMIT: RateLimit = PROFILE.rate_limit;

/// What this crate's client does by default beyond HTTP, written from the generator's settings
/// (see [`Profile`]): the constants above, and where a server puts a request's id.
pub const PROFILE: Profile = Profile::new(DEFAULT_USER_AGENT)
{%- if settings.profile.environment.is_some() %}
    .environment(EnvironmentNames {
        base_url: ENV_BASE_URL,
        client_id: ENV_CLIENT_ID,
        client_secret: ENV_CLIENT_SECRET,
    })
{%- endif %}
{%- if let Some((_, names)) = settings.profile.config_file %}
    .config_file(ConfigFileNames {
        file: CONFIG_FILE,
        base_url: {{ names.base_url|lit }},
        client_id: {{ names.client_id|lit }},
        client_secret: {{ names.client_secret|lit }},
    })
{%- endif %}
{%- if settings.profile.token_path.is_some() %}
    .token_path(TOKEN_PATH)
{%- endif %}
{%- if let Some((requests, seconds)) = settings.profile.rate_limit %}
    .rate_limit({{ requests }}, ::core::time::Duration::from_secs({{ seconds }}))
{%- endif %}
    .request_ids(
        &[{% for header in settings.profile.request_id_headers %}{% if !loop.first %}, {% endif %}{{ header|lower|lit }}{% endfor %}],
{%- if let Some(field) = settings.profile.request_id_body_field %}
        Some({{ field|lit }}),
{%- else %}
        None,
{%- endif %}
    );
