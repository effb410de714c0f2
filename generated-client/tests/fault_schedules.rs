//! The transport test bed: seeded random schedules of what an API server, its token endpoint and
//! another origin do wrong, played against the client on loopback servers of raw TCP, and the
//! invariants every call keeps whatever the schedule:
//!
//! - nothing panics;
//! - every call ends within its retry budget (measured on tokio's paused clock, so a server that
//!   stalls for a minute costs no real time and no assertion races the wall clock);
//! - a POST or PATCH is sent again only after an answer that says it was not processed (429,
//!   or 401 before the one replay with a fresh token), unless the caller opted in;
//! - no secret (client secret, access tokens, the password of a URL, headers that carry
//!   credentials) reaches another origin, a secret goes only where it belongs (the client
//!   secret to the token endpoint, tokens and keys to the API), and none appears in the
//!   `Debug` or `Display` of the builder, the client, the request builder, the result or its
//!   errors, or in any span or event traced.
//!
//! A schedule draws the client's settings (retry policy, timeouts, body limit, rate limit, how
//! it authenticates, a password in its URLs), one to three calls (GET, POST, PATCH, with extra
//! headers that carry credentials) and, for the API and its token endpoint, a queue of answers:
//! statuses (2XX, 3XX to this or another origin, 401, 429, 5XX, undocumented ones),
//! `Retry-After` over the whole `u64` range, negative, malformed and as HTTP dates in the past,
//! near future and far future, connections closed or reset at each phase, stalls before the
//! head and mid-body, heads larger than any client reads, informational responses, and token
//! responses that are slow, refused, rate limited, not JSON, without `access_token`, with
//! `expires_in` huge, negative or a string, or that echo the secret back. Some schedules
//! configure the client wrongly, and the error must not show the password either.
//!
//! `.ci/run` plays [`CI_SCHEDULES`] schedules from seed 0. `FAULT_SCHEDULES=5000` plays more,
//! `FAULT_SEED=n` starts from another seed; a failure names its seed and schedule, and
//! `FAULT_SEED=<seed> FAULT_SCHEDULES=1` plays that one again.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]

mod common;

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use common::{lifecycle_state_body, task_status_pending};
use fastrand::Rng;
use sailpoint_client::v3::LifecycleState;
use sailpoint_client::{
    reqwest, v2024, v3, AuthError, AuthorizationValue, Client, ClientBuilder, Credential,
    CredentialFuture, CredentialSource, Hook, HookContext, PerCall, RateLimit, RetryPolicy,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// How many schedules `.ci/run` plays: a few seconds of real time.
const CI_SCHEDULES: u64 = 250;

/// How far past its budget a call may end on the paused clock: nothing but the scheduler's own
/// bookkeeping, which takes no virtual time at all.
const TOLERANCE: Duration = Duration::from_millis(1);

/// How long, on the paused clock, a call with a budget too long to check is watched.
const WATCHED: Duration = Duration::from_secs(100 * 365 * 24 * 60 * 60);

const TOKEN_PATH: &str = "/oauth/token";
const LANDING_PATH: &str = "/landing";

#[test]
fn every_fault_schedule_keeps_every_invariant() {
    let first = env_number("FAULT_SEED").unwrap_or(0);
    let count = env_number("FAULT_SCHEDULES").unwrap_or(CI_SCHEDULES);
    // Each invariant broken: how many schedules broke it, and the first of them.
    let mut broken: BTreeMap<&'static str, (u64, String)> = BTreeMap::new();
    for seed in first..first.saturating_add(count) {
        if let Err(Broken { invariant, detail }) = play(seed) {
            let (times, _) = broken
                .entry(invariant)
                .or_insert_with(|| (0, format!("seed {seed}: {detail}")));
            *times += 1;
        }
    }
    let report: Vec<String> = broken
        .iter()
        .map(|(invariant, (times, first))| {
            format!("{invariant}: broken by {times} of {count} schedules; the first, {first}")
        })
        .collect();
    assert!(
        report.is_empty(),
        "invariants broken (replay a schedule with FAULT_SEED=<seed> FAULT_SCHEDULES=1):\n\n{}",
        report.join("\n\n")
    );
}

/// An invariant a schedule broke, and how.
#[derive(Debug)]
struct Broken {
    invariant: &'static str,
    detail: String,
}

fn broken(invariant: &'static str, detail: String) -> Broken {
    Broken { invariant, detail }
}

fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    Some(
        value
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={value:?} is not a number")),
    )
}

/// Plays the schedule of `seed` on a runtime of its own, whose clock is paused, with a
/// subscriber recording everything traced.
fn play(seed: u64) -> Result<(), Broken> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .unwrap();
    let recorder = Recorder::default();
    let subscriber = tracing_subscriber::registry().with(recorder.clone());
    let _guard = tracing::subscriber::set_default(subscriber);
    let outcome = runtime.block_on(play_on_loopback(seed));
    outcome.and_then(|()| {
        Secrets::new(seed).absent_from("no secret in the traces", &recorder.text(), &[])
    })
}

async fn play_on_loopback(seed: u64) -> Result<(), Broken> {
    let api_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let other_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api = format!("http://{}", api_listener.local_addr().unwrap());
    let other = format!("http://{}", other_listener.local_addr().unwrap());
    let secrets = Secrets::new(seed);
    let schedule = Schedule::draw(&mut Rng::with_seed(seed), &api, &other, &secrets);
    let state = Arc::new(ServerState::new(&schedule, &secrets));
    let servers = [
        tokio::spawn(serve(api_listener, Origin::Api, Arc::clone(&state))),
        tokio::spawn(serve(other_listener, Origin::Other, Arc::clone(&state))),
    ];
    let outcome = check_schedule(&schedule, &secrets, &api, &state).await;
    for server in servers {
        server.abort();
    }
    outcome.map_err(|failure| Broken {
        detail: format!("{}\n{schedule:#?}", failure.detail),
        ..failure
    })
}

/// Builds the client the schedule configures, makes its calls and checks every invariant.
async fn check_schedule(
    schedule: &Schedule,
    secrets: &Secrets,
    api: &str,
    state: &Arc<ServerState>,
) -> Result<(), Broken> {
    let hook = LoggingHook {
        secret: schedule
            .hook_adds_a_secret
            .then(|| secrets.hook_secret.clone()),
        log: Arc::default(),
    };
    let builder = schedule.builder(api, secrets).hook(hook.clone());
    secrets.absent_from(
        "no secret in the client builder's Debug",
        &format!("{builder:?}"),
        &[],
    )?;
    let client = match builder.build() {
        Ok(client) => client,
        Err(error) => {
            let text = error_text(&error);
            secrets.absent_from("no secret in a configuration error", &text, &[])?;
            if schedule.config_fault.is_none() {
                return Err(broken("a valid configuration builds", text));
            }
            return Ok(());
        }
    };
    if let Some(fault) = &schedule.config_fault {
        return Err(broken(
            "an invalid configuration is refused",
            format!("{fault:?} built a client: {client:?}"),
        ));
    }
    secrets.absent_from(
        "no secret in the client's Debug",
        &format!("{client:?}"),
        &[],
    )?;
    // Calls made together share the token fetch, its retries and its failures, and one
    // abandoned by its budget hands the fetch on to the next.
    let spawn = |index: usize, call: &Call| {
        tokio::spawn(make_call(
            client.clone(),
            call.clone(),
            index,
            secrets.clone(),
        ))
    };
    let mut together: VecDeque<_> = if schedule.concurrent {
        schedule
            .calls
            .iter()
            .enumerate()
            .map(|(index, call)| spawn(index, call))
            .collect()
    } else {
        VecDeque::new()
    };
    for (index, call) in schedule.calls.iter().enumerate() {
        let task = together.pop_front().unwrap_or_else(|| spawn(index, call));
        let budget = call.policy.as_ref().unwrap_or(&schedule.policy).budget;
        let (elapsed, text) = match tokio::time::timeout(WATCHED, task).await {
            Ok(Ok(ended)) => ended,
            Ok(Err(join)) if join.is_panic() => {
                return Err(broken(
                    "no panic",
                    format!("call {index}: {}", panic_text(join)),
                ));
            }
            Ok(Err(join)) => {
                return Err(broken("every call ends", format!("call {index}: {join}")))
            }
            Err(_) if budget >= WATCHED => continue,
            Err(_) => {
                return Err(broken(
                    "every call ends",
                    format!("call {index} did not end within {WATCHED:?}"),
                ));
            }
        };
        if elapsed > budget.saturating_add(TOLERANCE) {
            return Err(broken(
                "every call ends within its budget",
                format!("call {index} took {elapsed:?}, beyond its budget of {budget:?}: {text}"),
            ));
        }
        secrets.absent_from(
            "no secret in a request builder or a call's result",
            &text,
            &[],
        )?;
        check_replays(schedule, call, index, &state.log())?;
    }
    secrets.absent_from(
        "no secret in the Debug of a request or response a hook sees",
        &lock(&hook.log).join("\n"),
        &[],
    )?;
    check_where_secrets_went(secrets, &state.log())
}

/// A caller's hook that logs the `Debug` of every request and response, as a careless one
/// would, and may add a header it marks sensitive.
#[derive(Clone)]
struct LoggingHook {
    secret: Option<String>,
    log: Arc<Mutex<Vec<String>>>,
}

impl Hook for LoggingHook {
    fn on_request(&self, request: &mut reqwest::Request, _: &HookContext) {
        lock(&self.log).push(format!("{request:?}"));
        if let Some(secret) = &self.secret {
            let mut value = reqwest::header::HeaderValue::from_str(secret).unwrap();
            value.set_sensitive(true);
            request.headers_mut().insert("x-hook-secret", value);
        }
    }

    fn on_response(&self, response: &reqwest::Response, _: &HookContext) {
        lock(&self.log).push(format!("{response:?}"));
    }
}

/// Makes one call as `call` says and returns how long it took on the paused clock, with the
/// `Debug` of its request builder and the `Debug` and `Display` of its result.
async fn make_call(
    client: Client,
    call: Call,
    index: usize,
    secrets: Secrets,
) -> (Duration, String) {
    macro_rules! configured {
        ($builder:expr) => {{
            let mut builder = $builder.header("x-call", index.to_string());
            if let Some(key_ending) = call.credential_headers {
                builder = builder
                    .header("x-api-key", format!("{}{key_ending}", secrets.api_key))
                    .header("cookie", format!("session={}", secrets.cookie))
                    .header("proxy-authorization", format!("Basic {}", secrets.proxy));
            }
            if let Some(timeout) = call.timeout {
                builder = builder.timeout(timeout);
            }
            if let Some(policy) = &call.policy {
                builder = builder.retry_policy(policy.build());
            }
            builder
        }};
    }
    let started = Instant::now();
    let text = match call.op {
        Op::List => {
            let builder = configured!(client.v3().get_lifecycle_states("profile-1"));
            outcome_text(format!("{builder:?}"), builder.send().await)
        }
        Op::Get => {
            let builder = configured!(client.v2024().get_task_status("task-1"));
            outcome_text(format!("{builder:?}"), builder.send().await)
        }
        Op::Post => {
            let builder = configured!(client
                .v3()
                .create_lifecycle_state("profile-1", LifecycleState::new("contractor")));
            outcome_text(format!("{builder:?}"), builder.send().await)
        }
        Op::Patch => {
            let patch = vec![v2024::JsonPatchOperation::new(
                v2024::JsonPatchOperationOp::Replace,
                "/completionStatus",
            )];
            let builder = configured!(client.v2024().update_task_status("task-1", patch));
            outcome_text(format!("{builder:?}"), builder.send().await)
        }
    };
    (started.elapsed(), text)
}

fn outcome_text<T: fmt::Debug, E: std::error::Error + 'static>(
    builder: String,
    result: Result<T, E>,
) -> String {
    match result {
        Ok(response) => format!("{builder}\n{response:?}"),
        Err(error) => format!("{builder}\n{error:?}\n{}", error_text(&error)),
    }
}

/// An error's message and its sources', as a log line shows them.
fn error_text(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = format!("{error} / {error:?}");
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!(" / caused by: {cause} / {cause:?}"));
        source = cause.source();
    }
    text
}

fn panic_text(join: tokio::task::JoinError) -> String {
    let payload = join.into_panic();
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| {
            payload
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
        })
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

// ---------------------------------------------------------------------------------------------
// Invariants on what the servers saw
// ---------------------------------------------------------------------------------------------

/// A POST or PATCH is sent to its path again only after an answer saying it was not processed
/// (a 429, or a 401 before the replay with a fresh token), unless the call opted in; and no
/// call makes more attempts than its policy allows, plus that one replay.
fn check_replays(
    schedule: &Schedule,
    call: &Call,
    index: usize,
    log: &[Seen],
) -> Result<(), Broken> {
    let policy = call.policy.as_ref().unwrap_or(&schedule.policy);
    let attempts: Vec<&Seen> = log
        .iter()
        .filter(|seen| {
            seen.origin == Origin::Api && seen.kind == Kind::Api && seen.call == Some(index)
        })
        .collect();
    let allowed = u64::from(policy.attempts).saturating_add(1);
    if u64::try_from(attempts.len()).unwrap() > allowed {
        return Err(broken(
            "no more attempts than the policy allows",
            format!(
                "call {index} was sent {} times, with {} attempts allowed (and one replay)",
                attempts.len(),
                policy.attempts
            ),
        ));
    }
    if !call.op.is_idempotent() && !policy.retry_non_idempotent {
        for pair in attempts.windows(2) {
            let unprocessed = pair[0].complete && matches!(pair[0].status, Some(401 | 429));
            if !unprocessed {
                return Err(broken(
                    "a POST or PATCH is not replayed",
                    format!(
                        "call {index} ({:?}) was sent again after {}",
                        call.op,
                        pair[0].describe()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// No secret reached the other origin, nor any header that carries credentials; the client
/// secret and a token URL's password went only to the token endpoint, and no token or key went
/// there.
fn check_where_secrets_went(secrets: &Secrets, log: &[Seen]) -> Result<(), Broken> {
    for seen in log {
        let raw = String::from_utf8_lossy(&seen.raw);
        match (seen.origin, seen.kind) {
            (Origin::Other, _) => {
                secrets.absent_from("no secret reaches another origin", &raw, &[])?;
                for header in [
                    "authorization",
                    "cookie",
                    "proxy-authorization",
                    "x-api-key",
                    "x-hook-secret",
                ] {
                    if seen.has_header(header) {
                        return Err(broken(
                            "no credential header reaches another origin",
                            format!("`{header}`:\n{raw}"),
                        ));
                    }
                }
                // Headers that carry no credential do follow the redirect.
                if !seen.has_header("x-call") {
                    return Err(broken(
                        "a redirect keeps the headers that are no credential",
                        raw.into_owned(),
                    ));
                }
            }
            (Origin::Api, Kind::Token) => secrets.absent_from(
                "a token request carries no credential but the client's",
                &raw,
                &[
                    &secrets.client_secret,
                    &secrets.url_password,
                    &secrets.token_url_password,
                    &secrets.hook_secret,
                ],
            )?,
            (Origin::Api, _) => secrets.absent_from(
                "a request to the API carries no client secret",
                &raw,
                &[
                    &secrets.static_token,
                    &secrets.source_token,
                    &secrets.issued_token,
                    &secrets.url_password,
                    &secrets.api_key,
                    &secrets.cookie,
                    &secrets.proxy,
                    &secrets.hook_secret,
                ],
            )?,
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------------

/// Every secret of one schedule, each unique to its seed and kind.
#[derive(Debug, Clone)]
struct Secrets {
    client_secret: String,
    static_token: String,
    source_token: String,
    /// The prefix of every access token the token endpoint issues.
    issued_token: String,
    url_password: String,
    token_url_password: String,
    api_key: String,
    cookie: String,
    proxy: String,
    /// Sent by the caller's hook, marked sensitive.
    hook_secret: String,
    /// Which of the above [`absent_from`](Self::absent_from) looks for.
    checked: Vec<String>,
}

impl Secrets {
    fn new(seed: u64) -> Self {
        let secret = |kind: &str| format!("{kind}{seed}SECRET");
        let mut secrets = Secrets {
            client_secret: secret("clientsecret"),
            static_token: secret("statictoken"),
            source_token: secret("sourcetoken"),
            issued_token: secret("issuedtoken"),
            url_password: secret("basepassword"),
            token_url_password: secret("tokenpassword"),
            api_key: secret("apikey"),
            cookie: secret("cookie"),
            proxy: secret("proxy"),
            hook_secret: secret("hook"),
            checked: Vec::new(),
        };
        secrets.checked = secrets.all().into_iter().map(str::to_owned).collect();
        // HTTP basic credentials travel in base64, where the password is not visible as such.
        for (user, password) in [
            ("user", &secrets.url_password),
            ("tokenuser", &secrets.token_url_password),
        ] {
            secrets.checked.push(base64(&format!("{user}:{password}")));
        }
        secrets
    }

    fn all(&self) -> [&str; 10] {
        [
            &self.client_secret,
            &self.static_token,
            &self.source_token,
            &self.issued_token,
            &self.url_password,
            &self.token_url_password,
            &self.api_key,
            &self.cookie,
            &self.proxy,
            &self.hook_secret,
        ]
    }

    /// Fails when `text`, found at `place`, holds any secret but those `allowed` there (a
    /// password allowed in its HTTP basic form too).
    fn absent_from(
        &self,
        place: &'static str,
        text: &str,
        allowed: &[&String],
    ) -> Result<(), Broken> {
        let leaked = self.checked.iter().find(|secret| {
            text.contains(secret.as_str())
                && !allowed
                    .iter()
                    .any(|allowed| *secret == *allowed || is_basic_of(secret, allowed))
        });
        match leaked {
            Some(secret) => Err(broken(place, format!("{secret} appears in:\n{text}"))),
            None => Ok(()),
        }
    }
}

/// Whether `encoded` is the base64 of a basic credential whose password is `password`.
fn is_basic_of(encoded: &str, password: &str) -> bool {
    ["user", "tokenuser"]
        .iter()
        .any(|user| base64(&format!("{user}:{password}")) == encoded)
}

/// Standard base64 with padding, to recognise HTTP basic credentials.
fn base64(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in text.as_bytes().chunks(3) {
        let bytes = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(bytes[0]) << 16) | (u32::from(bytes[1]) << 8) | u32::from(bytes[2]);
        for index in 0..4 {
            if index <= chunk.len() {
                out.push(char::from(
                    ALPHABET[((n >> (18 - 6 * index)) & 63) as usize],
                ));
            } else {
                out.push('=');
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Schedules
// ---------------------------------------------------------------------------------------------

#[derive(Debug)]
struct Schedule {
    auth: Auth,
    /// `http://user:<password>@...` as the base URL.
    password_in_url: bool,
    config_fault: Option<ConfigFault>,
    policy: Policy,
    request_timeout: Duration,
    connect_timeout: Duration,
    max_body: Option<u64>,
    follow_redirects: bool,
    rate_limit: RateLimit,
    /// Whether the servers keep connections open for another request.
    keep_alive: bool,
    /// Whether the caller's hook adds a header holding a secret, marked sensitive.
    hook_adds_a_secret: bool,
    /// Whether the calls are made at once rather than one after the other.
    concurrent: bool,
    calls: Vec<Call>,
    api: Vec<Reply>,
    token: Vec<Reply>,
}

#[derive(Debug)]
enum Auth {
    None,
    Static,
    ClientCredentials {
        /// At `http://tokenuser:<password>@.../oauth/token`, given with `token_url`.
        token_url_with_password: bool,
        /// As the scheme's credential (`v3`'s `userAuth` and `v2024`'s) rather than the client's.
        per_scheme: bool,
    },
    Source {
        delay: Duration,
        replay: bool,
    },
}

/// A setting the client must refuse, naming it without the password of a URL.
#[derive(Debug, Clone, Copy)]
enum ConfigFault {
    BaseUrlPort,
    BaseUrlScheme,
    TokenUrlQuery,
    SchemeTokenUrl,
    SensitiveHeaderName,
}

#[derive(Debug, Clone)]
struct Policy {
    attempts: u32,
    budget: Duration,
    initial_backoff: Duration,
    max_backoff: Duration,
    retry_non_idempotent: bool,
}

impl Policy {
    fn build(&self) -> RetryPolicy {
        RetryPolicy::default()
            .max_attempts(self.attempts)
            .total_budget(self.budget)
            .initial_backoff(self.initial_backoff)
            .max_backoff(self.max_backoff)
            .retry_non_idempotent(self.retry_non_idempotent)
    }
}

#[derive(Debug, Clone)]
struct Call {
    op: Op,
    timeout: Option<Duration>,
    policy: Option<Policy>,
    /// `X-Api-Key` (marked with `sensitive_header`), `Cookie` and `Proxy-Authorization` as
    /// extra headers, each holding a secret; the key ends with what this says, which may be a
    /// line break, as a key read from a file does.
    credential_headers: Option<&'static str>,
}

#[derive(Debug, Clone, Copy)]
enum Op {
    List,
    Get,
    Post,
    Patch,
}

impl Op {
    fn is_idempotent(self) -> bool {
        matches!(self, Op::List | Op::Get)
    }
}

/// What a server does with one request.
#[derive(Debug, Clone)]
enum Reply {
    /// The operation's own success.
    Success,
    Answer(Answer),
    /// The connection closes (or is reset) after the request's head was read, after the whole
    /// request, halfway through the response's head, or halfway through its body.
    Cut {
        after: Phase,
        reset: bool,
    },
    /// Reads the request and never answers.
    Silent,
    /// A response head of 500 KiB, more than any HTTP client reads.
    HugeHead,
    /// Something that is not HTTP.
    Garbage,
}

/// A response, written with its status, headers and body as drawn.
#[derive(Debug, Clone)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Body,
    framing: Framing,
    /// Waits before the head, and between the head and the body.
    stall: Duration,
    stall_body: Duration,
    /// A `103 Early Hints` before the answer.
    early_hints: bool,
}

/// How the body's end is told.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Framing {
    Length,
    Chunked,
    /// By closing the connection.
    UntilClose,
    /// By a `Content-Length` that lies: the body is shorter, and the connection closes.
    Declared(u64),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    RequestHead,
    Request,
    ResponseHead,
    ResponseBody,
}

#[derive(Debug, Clone)]
enum Body {
    Text(String),
    /// The request body, sent back.
    Echo,
}

fn pick<T: Clone>(rng: &mut Rng, choices: &[T]) -> T {
    choices[rng.usize(..choices.len())].clone()
}

/// A duration from nothing to far beyond any budget, the extremes included.
fn duration(rng: &mut Rng) -> Duration {
    match rng.u8(..10) {
        0 => Duration::ZERO,
        1 => Duration::from_millis(rng.u64(1..1000)),
        2..=4 => Duration::from_secs(rng.u64(1..15)),
        5 | 6 => Duration::from_secs(rng.u64(15..200)),
        7 => Duration::from_secs(rng.u64(200..100_000)),
        8 => Duration::from_secs(rng.u64(..)),
        _ => Duration::MAX,
    }
}

fn policy(rng: &mut Rng) -> Policy {
    let budget = match rng.u8(..10) {
        0 => Duration::ZERO,
        1 => Duration::MAX,
        2 => Duration::from_secs(u64::MAX),
        _ => Duration::from_millis(rng.u64(1..300_000)),
    };
    let initial_backoff = duration(rng);
    let max_backoff = duration(rng);
    // Attempts that fail at once take no time on the paused clock, so unlimited attempts are
    // drawn only where waits between them use up a bounded budget in a few hundred.
    let second = Duration::from_secs(1);
    let unlimited = budget <= Duration::from_secs(300)
        && initial_backoff >= second
        && max_backoff >= second
        && rng.u8(..4) == 0;
    Policy {
        attempts: if unlimited {
            u32::MAX
        } else {
            pick(rng, &[1, 1, 2, 3, 4, 5, 6, 10])
        },
        budget,
        initial_backoff,
        max_backoff,
        retry_non_idempotent: rng.u8(..4) == 0,
    }
}

/// A `Retry-After` value: seconds anywhere in `u64` and past it, negative, malformed, HTTP
/// dates in the past and near and far future, in the three formats HTTP allows and in none.
fn retry_after(rng: &mut Rng) -> String {
    let now = SystemTime::now();
    let date = |at: SystemTime| httpdate::fmt_http_date(at);
    match rng.u8(..22) {
        0 => "0".into(),
        1 => rng.u64(1..5).to_string(),
        2 => rng.u64(5..200).to_string(),
        3 => rng.u64(..).to_string(),
        4 => u64::MAX.to_string(),
        5 => "18446744073709551616".into(),
        6 => "99999999999999999999999999999".into(),
        7 => format!("-{}", rng.u64(..)),
        8 => "1.5".into(),
        9 => format!("  {}  ", rng.u64(..10)),
        10 => "+3".into(),
        11 => "soon".into(),
        12 => String::new(),
        13 => date(now - Duration::from_secs(rng.u64(1..1_000_000))),
        14 => date(now + Duration::from_secs(rng.u64(1..10))),
        15 => date(now + Duration::from_secs(rng.u64(10..1_000_000_000))),
        16 => "Fri, 31 Dec 9999 23:59:59 GMT".into(),
        17 => "Thu, 01 Jan 1970 00:00:00 GMT".into(),
        18 => "Sunday, 06-Nov-94 08:49:37 GMT".into(),
        19 => "Sun Nov  6 08:49:37 1994".into(),
        20 => "Mon, 32 Foo 2024 25:61:61 GMT".into(),
        _ => "0x10".into(),
    }
}

/// Where a redirect points: this origin, the other one (by URL, scheme-relative, with a
/// password of its own), or nowhere a request can go.
fn location(rng: &mut Rng, api: &str, other: &str) -> Option<String> {
    let other_host = other.trim_start_matches("http://");
    Some(match rng.u8(..12) {
        0 => LANDING_PATH.into(),
        1 => format!("{api}{LANDING_PATH}?from=api"),
        2..=5 => format!("{other}{LANDING_PATH}"),
        6 => format!("//{other_host}{LANDING_PATH}"),
        7 => format!("http://someone:pass@{other_host}{LANDING_PATH}"),
        8 => format!("https://{other_host}{LANDING_PATH}"),
        9 => format!("{other}{LANDING_PATH}/é"),
        10 => "ftp://127.0.0.1/file".into(),
        _ => return None,
    })
}

fn stalled(rng: &mut Rng) -> (Duration, Duration) {
    match rng.u8(..6) {
        0 => (duration(rng), Duration::ZERO),
        1 => (Duration::ZERO, duration(rng)),
        _ => (Duration::ZERO, Duration::ZERO),
    }
}

fn answer(rng: &mut Rng, status: u16, headers: Vec<(String, String)>, body: Body) -> Reply {
    let (stall, stall_body) = stalled(rng);
    Reply::Answer(Answer {
        status,
        headers,
        body,
        framing: match rng.u8(..10) {
            0 => Framing::Chunked,
            1 => Framing::UntilClose,
            2 => Framing::Declared(pick(rng, &[1_000, 10_000_000_000, u64::MAX])),
            _ => Framing::Length,
        },
        stall,
        stall_body,
        early_hints: rng.u8(..10) == 0,
    })
}

fn text(body: &str) -> Body {
    Body::Text(body.into())
}

/// The faults every server can commit, whatever it serves.
fn transport_fault(rng: &mut Rng) -> Reply {
    match rng.u8(..7) {
        0 => Reply::Silent,
        1 => Reply::HugeHead,
        2 => Reply::Garbage,
        _ => Reply::Cut {
            after: pick(
                rng,
                &[
                    Phase::RequestHead,
                    Phase::Request,
                    Phase::ResponseHead,
                    Phase::ResponseBody,
                ],
            ),
            reset: rng.bool(),
        },
    }
}

fn retry_after_headers(rng: &mut Rng) -> Vec<(String, String)> {
    (0..pick(rng, &[0, 1, 1, 1, 2]))
        .map(|_| ("retry-after".to_owned(), retry_after(rng)))
        .collect()
}

fn api_reply(rng: &mut Rng, api: &str, other: &str) -> Reply {
    match rng.u8(..13) {
        0 => Reply::Success,
        1 | 2 => {
            let headers = retry_after_headers(rng);
            answer(
                rng,
                429,
                headers,
                text(r#"{"message":" Rate Limit Exceeded "}"#),
            )
        }
        3 | 4 => {
            let status = pick(rng, &[500, 502, 503, 504]);
            let headers = retry_after_headers(rng);
            answer(rng, status, headers, text("unavailable"))
        }
        5 => answer(
            rng,
            401,
            vec![("www-authenticate".into(), "Bearer".into())],
            text(r#"{"error":"JWT validation failed"}"#),
        ),
        6..=8 => {
            let status = pick(rng, &[301, 302, 303, 307, 308]);
            let headers = location(rng, api, other)
                .map(|location| vec![("location".to_owned(), location)])
                .unwrap_or_default();
            answer(rng, status, headers, text(""))
        }
        9 => {
            let status = pick(rng, &[400, 404, 418, 599, 200]);
            let body = pick(rng, &["", "<html>oops</html>", "{}"]);
            answer(rng, status, Vec::new(), text(body))
        }
        _ => transport_fault(rng),
    }
}

/// A token endpoint's answer: a token whose fields are right or wrong in every way seen, a
/// refusal (echoing the request, secret and all), a redirect, a rate limit.
fn token_reply(rng: &mut Rng, other: &str, issued: &str) -> Reply {
    let expires_in = pick(
        rng,
        &[
            "3600",
            "0",
            "1",
            "59",
            "18446744073709551615",
            "18446744073709551616",
            "-1",
            "1e300",
            "3600.5",
            r#""3600""#,
            r#""abc""#,
            r#""""#,
            "null",
            "true",
            "[]",
        ],
    );
    match rng.u8(..12) {
        0 | 1 => answer(
            rng,
            200,
            Vec::new(),
            text(&format!(
                r#"{{"access_token":"{issued}0","expires_in":{expires_in}}}"#
            )),
        ),
        2 => {
            let token = pick(rng, &["7", "null", r#""""#, r#""bad\ntoken""#, r#""é""#]);
            answer(
                rng,
                200,
                Vec::new(),
                text(&format!(r#"{{"access_token":{token}}}"#)),
            )
        }
        3 => {
            let body = pick(rng, &["<html>login</html>", "", "[]", r#"{"token":"x"}"#]);
            answer(rng, 200, Vec::new(), text(body))
        }
        4 => {
            let status = pick(rng, &[400, 401]);
            answer(rng, status, Vec::new(), Body::Echo)
        }
        5 | 6 => {
            let status = pick(rng, &[429, 500, 502, 503, 504]);
            let headers = retry_after_headers(rng);
            answer(rng, status, headers, text("try later"))
        }
        7 => {
            let status = pick(rng, &[301, 302, 307, 308]);
            answer(
                rng,
                status,
                vec![("location".into(), format!("{other}{TOKEN_PATH}"))],
                text(""),
            )
        }
        _ => transport_fault(rng),
    }
}

impl Schedule {
    fn draw(rng: &mut Rng, api: &str, other: &str, secrets: &Secrets) -> Schedule {
        let auth = match rng.u8(..8) {
            0 => Auth::None,
            1 => Auth::Static,
            2 => Auth::Source {
                delay: if rng.bool() {
                    duration(rng)
                } else {
                    Duration::ZERO
                },
                replay: rng.bool(),
            },
            _ => Auth::ClientCredentials {
                token_url_with_password: rng.u8(..4) == 0,
                per_scheme: rng.u8(..4) == 0,
            },
        };
        let config_fault = (rng.u8(..20) == 0).then(|| {
            pick(
                rng,
                &[
                    ConfigFault::BaseUrlPort,
                    ConfigFault::BaseUrlScheme,
                    ConfigFault::TokenUrlQuery,
                    ConfigFault::SchemeTokenUrl,
                    ConfigFault::SensitiveHeaderName,
                ],
            )
        });
        let calls = (0..rng.usize(1..=3))
            .map(|_| Call {
                op: pick(rng, &[Op::List, Op::Get, Op::Post, Op::Patch]),
                timeout: (rng.u8(..4) == 0).then(|| duration(rng)),
                policy: (rng.u8(..4) == 0).then(|| policy(rng)),
                credential_headers: rng
                    .bool()
                    .then(|| pick(rng, &["", "", "", "", "\n", "\r\n", "\u{0}"])),
            })
            .collect();
        Schedule {
            auth,
            password_in_url: rng.bool(),
            config_fault,
            policy: policy(rng),
            // A call without a timeout nor a budget may rightly wait forever for a silent
            // server; every schedule bounds one of them.
            request_timeout: pick(
                rng,
                &[
                    Duration::from_millis(100),
                    Duration::from_secs(1),
                    Duration::from_secs(12),
                    Duration::from_secs(60),
                ],
            ),
            connect_timeout: pick(
                rng,
                &[
                    Duration::from_secs(1),
                    Duration::from_secs(10),
                    Duration::MAX,
                ],
            ),
            max_body: (rng.u8(..10) == 0).then(|| pick(rng, &[0, 16, 1024])),
            follow_redirects: rng.u8(..5) != 0,
            rate_limit: pick(
                rng,
                &[
                    sailpoint_client::DEFAULT_RATE_LIMIT,
                    RateLimit::off(),
                    RateLimit::new(1, Duration::from_secs(10)),
                    RateLimit::new(1, Duration::MAX),
                    RateLimit::new(u32::MAX, Duration::MAX),
                ],
            ),
            keep_alive: rng.bool(),
            hook_adds_a_secret: rng.bool(),
            concurrent: rng.u8(..4) == 0,
            calls,
            api: (0..rng.usize(..6))
                .map(|_| api_reply(rng, api, other))
                .collect(),
            token: (0..pick(rng, &[0, 0, 0, 1, 1, 2, 3]))
                .map(|_| token_reply(rng, other, &secrets.issued_token))
                .collect(),
        }
    }

    /// The client builder the schedule configures, for the API at `api`.
    fn builder(&self, api: &str, secrets: &Secrets) -> ClientBuilder {
        let host = api.trim_start_matches("http://");
        let base_url = match self.config_fault {
            Some(ConfigFault::BaseUrlPort) => {
                format!("http://user:{}@{host}99", secrets.url_password)
            }
            Some(ConfigFault::BaseUrlScheme) => {
                format!("ftp://user:{}@{host}", secrets.url_password)
            }
            _ if self.password_in_url => format!("http://user:{}@{host}", secrets.url_password),
            _ => api.to_owned(),
        };
        let mut builder = Client::builder()
            .base_url(base_url)
            .retry_policy(self.policy.build())
            .request_timeout(self.request_timeout)
            .connect_timeout(self.connect_timeout)
            .follow_redirects(self.follow_redirects)
            .rate_limit(self.rate_limit)
            .sensitive_header("X-Api-Key");
        if let Some(max_body) = self.max_body {
            builder = builder.max_response_body_size(max_body);
        }
        let token_url = format!(
            "http://tokenuser:{}@{host}{TOKEN_PATH}",
            secrets.token_url_password
        );
        builder = match &self.auth {
            Auth::None => builder,
            Auth::Static => builder.access_token(secrets.static_token.clone()),
            Auth::Source { delay, replay } => builder.credential_source(SlowSource {
                value: format!("Bearer {}", secrets.source_token),
                delay: *delay,
                replay: *replay,
            }),
            Auth::ClientCredentials {
                token_url_with_password,
                per_scheme: true,
            } => {
                let credential = || {
                    let credential = Credential::client_credentials(
                        "scheme-client",
                        secrets.client_secret.clone(),
                    );
                    if *token_url_with_password {
                        credential.token_url(token_url.clone())
                    } else {
                        credential.token_url(format!("{api}{TOKEN_PATH}"))
                    }
                };
                builder
                    .credential(v3::security::USER_AUTH, credential())
                    .credential(v2024::security::USER_AUTH, credential())
            }
            Auth::ClientCredentials {
                token_url_with_password,
                per_scheme: false,
            } => {
                let builder =
                    builder.client_credentials("fault-client", secrets.client_secret.clone());
                if *token_url_with_password {
                    builder.token_url(token_url.clone())
                } else {
                    builder
                }
            }
        };
        match self.config_fault {
            Some(ConfigFault::TokenUrlQuery) => builder.token_url(format!("{token_url}?x=1")),
            Some(ConfigFault::SchemeTokenUrl) => builder.credential(
                v3::security::USER_AUTH,
                Credential::client_credentials("id", secrets.client_secret.clone()).token_url(
                    format!("gopher://tokenuser:{}@{host}/", secrets.token_url_password),
                ),
            ),
            Some(ConfigFault::SensitiveHeaderName) => builder.sensitive_header("bad name"),
            _ => builder,
        }
    }
}

/// A credential source of the caller's that takes `delay` to answer, and says a replay after
/// a 401 is worth it when `replay`.
struct SlowSource {
    value: String,
    delay: Duration,
    replay: bool,
}

impl CredentialSource for SlowSource {
    fn authorization(&self) -> CredentialFuture<'_, Result<AuthorizationValue, AuthError>> {
        Box::pin(async move {
            tokio::time::sleep(self.delay).await;
            AuthorizationValue::new(&self.value)
        })
    }

    fn rejected<'a>(&'a self, _: &'a AuthorizationValue) -> CredentialFuture<'a, bool> {
        Box::pin(async move {
            tokio::time::sleep(self.delay).await;
            self.replay
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The servers
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq)]
enum Origin {
    Api,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Token,
    Api,
    Landing,
}

/// One request a server read, and what it answered.
#[derive(Debug, Clone)]
struct Seen {
    origin: Origin,
    kind: Kind,
    /// The call it belongs to, from its `x-call` header.
    call: Option<usize>,
    /// The request as it arrived: head and body.
    raw: Vec<u8>,
    /// The status answered, if the reply was a status.
    status: Option<u16>,
    /// Whether the whole answer was written.
    complete: bool,
    reply: String,
}

impl Seen {
    fn has_header(&self, name: &str) -> bool {
        let head = String::from_utf8_lossy(&self.raw).to_ascii_lowercase();
        head.lines()
            .any(|line| line.starts_with(&format!("{name}:")))
    }

    fn describe(&self) -> String {
        format!(
            "{} ({})",
            self.reply,
            if self.complete {
                "sent whole"
            } else {
                "not sent whole"
            }
        )
    }
}

struct ServerState {
    keep_alive: bool,
    api: Mutex<VecDeque<Reply>>,
    token: Mutex<VecDeque<Reply>>,
    log: Mutex<Vec<Seen>>,
    issued: Mutex<usize>,
    issued_prefix: String,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl ServerState {
    fn new(schedule: &Schedule, secrets: &Secrets) -> Self {
        ServerState {
            keep_alive: schedule.keep_alive,
            api: Mutex::new(schedule.api.iter().cloned().collect()),
            token: Mutex::new(schedule.token.iter().cloned().collect()),
            log: Mutex::new(Vec::new()),
            issued: Mutex::new(0),
            issued_prefix: secrets.issued_token.clone(),
        }
    }

    fn log(&self) -> Vec<Seen> {
        lock(&self.log).clone()
    }

    /// A fresh access token, made of the schedule's secret prefix.
    fn issue(&self) -> String {
        let mut issued = lock(&self.issued);
        *issued += 1;
        format!("{}{}", self.issued_prefix, *issued)
    }
}

async fn serve(listener: TcpListener, origin: Origin, state: Arc<ServerState>) {
    while let Ok((stream, _)) = listener.accept().await {
        // Without it, a head and a body written apart wait for the client's delayed ACK: 40 ms
        // of real time per answer.
        let _ = stream.set_nodelay(true);
        tokio::spawn(answer_connection(stream, origin, Arc::clone(&state)));
    }
}

/// Answers the requests of one connection as the schedule says: one, or (when the schedule
/// keeps connections alive) each request the client sends on it until an answer closes it.
async fn answer_connection(mut stream: TcpStream, origin: Origin, state: Arc<ServerState>) {
    while answer_request(&mut stream, origin, &state).await && state.keep_alive {}
}

/// Reads one request and answers it; whether the connection can take another.
async fn answer_request(stream: &mut TcpStream, origin: Origin, state: &ServerState) -> bool {
    let Some((mut raw, body_length)) = read_head(stream).await else {
        return false;
    };
    let head = String::from_utf8_lossy(&raw).into_owned();
    let mut request_line = head.split_whitespace();
    let method = request_line.next().unwrap_or_default().to_owned();
    let path = request_line.next().unwrap_or_default().to_owned();
    let kind = match origin {
        Origin::Other => Kind::Landing,
        Origin::Api if path.starts_with(TOKEN_PATH) => Kind::Token,
        Origin::Api if path.starts_with(LANDING_PATH) => Kind::Landing,
        Origin::Api => Kind::Api,
    };
    let reply = match kind {
        Kind::Token => lock(&state.token).pop_front().unwrap_or(Reply::Success),
        Kind::Api => lock(&state.api).pop_front().unwrap_or(Reply::Success),
        Kind::Landing => Reply::Success,
    };
    let call = head
        .lines()
        .find_map(|line| {
            let line = line.to_ascii_lowercase();
            line.strip_prefix("x-call:")
                .map(|index| index.trim().parse().ok())
        })
        .flatten();
    let cut_early = matches!(
        reply,
        Reply::Cut {
            after: Phase::RequestHead,
            ..
        }
    );
    if !cut_early && !read_body(stream, &mut raw, body_length).await {
        return false;
    }
    let head_length = head.find("\r\n\r\n").map_or(raw.len(), |end| end + 4);
    let request_body = raw[head_length.min(raw.len())..].to_vec();
    let status = match &reply {
        Reply::Answer(answer) => Some(answer.status),
        Reply::Success => Some(200),
        _ => None,
    };
    let index = {
        let mut log = lock(&state.log);
        log.push(Seen {
            origin,
            kind,
            call,
            raw,
            status,
            complete: false,
            reply: format!("{reply:?}"),
        });
        log.len() - 1
    };
    let answer = match reply {
        Reply::Success => {
            let (status, body) = success(kind, &method, &path, state);
            Some(Answer {
                status,
                headers: Vec::new(),
                body: Body::Text(body),
                framing: Framing::Length,
                stall: Duration::ZERO,
                stall_body: Duration::ZERO,
                early_hints: false,
            })
        }
        Reply::Answer(ref answer) => Some(answer.clone()),
        _ => None,
    };
    let complete = match answer {
        Some(answer) => write_answer(stream, &answer, &request_body, state.keep_alive).await,
        None => {
            commit_fault(stream, &reply).await;
            false
        }
    };
    lock(&state.log)[index].complete = complete;
    complete
}

/// Writes `answer` (its body `Echo` being `request_body`); whether it was written whole, and
/// the connection can take another request.
async fn write_answer(
    stream: &mut TcpStream,
    answer: &Answer,
    request_body: &[u8],
    keep_alive: bool,
) -> bool {
    tokio::time::sleep(answer.stall).await;
    let body = match &answer.body {
        Body::Text(text) => text.as_bytes(),
        Body::Echo => request_body,
    };
    let mut head = String::new();
    if answer.early_hints {
        head.push_str("HTTP/1.1 103 Early Hints\r\nlink: </style.css>\r\n\r\n");
    }
    head.push_str(&format!(
        "HTTP/1.1 {} Fault\r\ncontent-type: application/json\r\n",
        answer.status
    ));
    let reusable = keep_alive && matches!(answer.framing, Framing::Length | Framing::Chunked);
    match answer.framing {
        Framing::Length => head.push_str(&format!("content-length: {}\r\n", body.len())),
        Framing::Chunked => head.push_str("transfer-encoding: chunked\r\n"),
        Framing::UntilClose => {}
        Framing::Declared(length) => head.push_str(&format!("content-length: {length}\r\n")),
    }
    if !reusable {
        head.push_str("connection: close\r\n");
    }
    for (name, value) in &answer.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    if stream.write_all(head.as_bytes()).await.is_err() {
        return false;
    }
    tokio::time::sleep(answer.stall_body).await;
    let written = match answer.framing {
        Framing::Chunked => {
            let mut chunked = Vec::new();
            if !body.is_empty() {
                chunked.extend_from_slice(format!("{:x}\r\n", body.len()).as_bytes());
                chunked.extend_from_slice(body);
                chunked.extend_from_slice(b"\r\n");
            }
            chunked.extend_from_slice(b"0\r\n\r\n");
            stream.write_all(&chunked).await
        }
        _ => stream.write_all(body).await,
    };
    if written.is_err() {
        return false;
    }
    if reusable {
        return true;
    }
    let _ = stream.shutdown().await;
    !matches!(answer.framing, Framing::Declared(_))
}

/// Commits a fault of the transport: a cut, a silence, a head too large, or no HTTP at all.
async fn commit_fault(stream: &mut TcpStream, reply: &Reply) {
    match reply {
        Reply::Cut { after, reset } => {
            let partial: &[u8] = match after {
                Phase::RequestHead | Phase::Request => b"",
                Phase::ResponseHead => b"HTTP/1.1 200 OK\r\ncontent-type: applic",
                Phase::ResponseBody => {
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n[{\"id\":"
                }
            };
            let _ = stream.write_all(partial).await;
            if *reset {
                let _ = stream.set_zero_linger();
            }
        }
        Reply::Silent => {
            // Until the client gives up and closes.
            let mut buffer = [0; 1024];
            while matches!(stream.read(&mut buffer).await, Ok(read) if read > 0) {}
        }
        Reply::HugeHead => {
            let mut head = b"HTTP/1.1 200 OK\r\n".to_vec();
            for line in 0..4_096 {
                head.extend_from_slice(
                    format!("x-filler-{line}: {}\r\n", "a".repeat(100)).as_bytes(),
                );
            }
            head.extend_from_slice(b"content-length: 2\r\n\r\n[]");
            let _ = stream.write_all(&head).await;
        }
        Reply::Garbage => {
            let _ = stream.write_all(b"SSH-2.0-OpenSSH_9.6\r\n\r\n").await;
        }
        Reply::Success | Reply::Answer(_) => {}
    }
}

/// The operation's own success, or a token for the token endpoint.
fn success(kind: Kind, method: &str, path: &str, state: &ServerState) -> (u16, String) {
    match kind {
        Kind::Token => (
            200,
            format!(
                r#"{{"access_token":"{}","token_type":"bearer","expires_in":3600}}"#,
                state.issue()
            ),
        ),
        Kind::Landing => (200, "[]".into()),
        Kind::Api if path.contains("/task-status/") => (200, task_status_pending().to_string()),
        Kind::Api if method == "POST" => (201, lifecycle_state_body().to_string()),
        Kind::Api => (200, serde_json::json!([lifecycle_state_body()]).to_string()),
    }
}

/// The request's head, up to and with its blank line, and the `Content-Length` it declares.
async fn read_head(stream: &mut TcpStream) -> Option<(Vec<u8>, usize)> {
    let mut raw = Vec::new();
    let mut buffer = [0; 4096];
    while !raw.windows(4).any(|window| window == b"\r\n\r\n") {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return None,
            Ok(read) => raw.extend_from_slice(&buffer[..read]),
        }
        if raw.len() > 1024 * 1024 {
            return None;
        }
    }
    let head = String::from_utf8_lossy(&raw).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|length| length.trim().parse().ok())
        .unwrap_or(0);
    Some((raw, length))
}

/// Reads the rest of a body of `length` bytes into `raw`; false when the client went first.
async fn read_body(stream: &mut TcpStream, raw: &mut Vec<u8>, length: usize) -> bool {
    let head_end = raw
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .map_or(raw.len(), |at| at + 4);
    let mut buffer = [0; 4096];
    while raw.len() - head_end < length {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return false,
            Ok(read) => raw.extend_from_slice(&buffer[..read]),
        }
    }
    true
}

// ---------------------------------------------------------------------------------------------
// Traces
// ---------------------------------------------------------------------------------------------

/// Every span name, field and event traced, as text.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>);

impl Recorder {
    fn text(&self) -> String {
        lock(&self.0).join("\n")
    }
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl Recorder {
    fn push(&self, name: &str, fields: BTreeMap<String, String>) {
        lock(&self.0).push(format!("{name} {fields:?}"));
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Recorder {
    fn on_new_span(&self, attrs: &Attributes<'_>, _: &Id, _: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        self.push(attrs.metadata().name(), fields);
    }

    fn on_record(&self, _: &Id, values: &Record<'_>, _: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        values.record(&mut Fields(&mut fields));
        self.push("record", fields);
    }

    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.push(event.metadata().target(), fields);
    }
}
