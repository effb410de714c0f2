//! Bearer tokens: a static one, OAuth2 client credentials exchanged at the token endpoint
//! (cached for every clone of the client and every task, refreshed before they expire, and
//! fetched under the call's retry policy), or the caller's own [`CredentialSource`]. The
//! credentials of each security scheme a spec declares build on these (see `schemes`).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderValue;
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize as _;
use tokio::time::Instant;

use crate::config::{redact_password, Credentials};
use crate::hooks::{HookContext, Hooks};
use crate::request::{read_body, BodyFailure};
use crate::retry::{retry_after, RetryPolicy};

/// Refresh this long before the token expires, so a call never leaves with a token about to die;
/// short-lived tokens refresh halfway through their life instead.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// The longest a token is trusted without asking again, whatever the endpoint says.
const MAX_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// The largest token response read, whatever the client's body limit: a token response is a
/// small JSON object (SailPoint's, JWT included, is about 2 KB), so anything near this size is
/// not one, and a hostile endpoint gets no further than this.
pub const MAX_TOKEN_RESPONSE_SIZE: u64 = 1024 * 1024;

/// Retries treat the token request as idempotent: asking for another token twice has no effect
/// beyond a second token.
const TOKEN_METHOD_FOR_RETRIES: Method = Method::GET;

/// What a future returned by a [`CredentialSource`] is: boxed, so the trait stays object safe
/// without an `async-trait` dependency.
pub type CredentialFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The value of an `Authorization` header, such as `Bearer <token>`, kept out of `Debug`
/// output and marked sensitive so that HTTP libraries keep it out of their logs.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthorizationValue(HeaderValue);

impl AuthorizationValue {
    /// `Bearer <token>`. A token with characters a header cannot carry is
    /// [`AuthError::InvalidToken`].
    pub fn bearer(token: &str) -> Result<Self, AuthError> {
        AuthorizationValue::new(&format!("Bearer {token}"))
    }

    /// The whole header value as given, such as `Basic dXNlcjpwYXNz`.
    pub fn new(value: &str) -> Result<Self, AuthError> {
        let mut header = HeaderValue::from_str(value).map_err(|_| AuthError::InvalidToken)?;
        header.set_sensitive(true);
        Ok(AuthorizationValue(header))
    }

    pub(crate) fn from_header(header: HeaderValue) -> Self {
        AuthorizationValue(header)
    }

    /// The header value, to compare or to hand to another library; it is a secret.
    pub fn expose_secret(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for AuthorizationValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthorizationValue([redacted])")
    }
}

/// A source of `Authorization` values of the caller's own: a vault, another process, a personal
/// access token its owner refreshes. Set it with
/// [`ClientBuilder::credential_source`](crate::ClientBuilder::credential_source).
///
/// The client asks for a value before every attempt of every call, so a source that is slow to
/// answer should cache. When the API answers 401 to a request that carried a value, the client
/// calls [`rejected`](Self::rejected) with it; if that returns `true`, the client asks for a
/// value again and replays the call once, as it does with client credentials.
pub trait CredentialSource: Send + Sync {
    /// The `Authorization` value to send now. An error ends the call with
    /// [`Error::Auth`](crate::Error::Auth) before anything is sent; use
    /// [`AuthError::source_failed`] to wrap an error of your own.
    fn authorization(&self) -> CredentialFuture<'_, Result<AuthorizationValue, AuthError>>;

    /// The API answered 401 to a request carrying `rejected`. Return `true` when the next
    /// [`authorization`](Self::authorization) will give a different value worth replaying the
    /// call with; the default returns `false`, and the 401 is the call's answer.
    fn rejected<'a>(&'a self, rejected: &'a AuthorizationValue) -> CredentialFuture<'a, bool> {
        let _ = rejected;
        Box::pin(async { false })
    }
}

/// A source shared with code that also reads or rotates it, such as the task that refreshes
/// the value or a test: give the client a clone of the `Arc` and keep the other.
impl<S: CredentialSource + ?Sized> CredentialSource for Arc<S> {
    fn authorization(&self) -> CredentialFuture<'_, Result<AuthorizationValue, AuthError>> {
        (**self).authorization()
    }

    fn rejected<'a>(&'a self, rejected: &'a AuthorizationValue) -> CredentialFuture<'a, bool> {
        (**self).rejected(rejected)
    }
}

/// A source chosen at run time, as `Box<dyn CredentialSource>`.
impl<S: CredentialSource + ?Sized> CredentialSource for Box<S> {
    fn authorization(&self) -> CredentialFuture<'_, Result<AuthorizationValue, AuthError>> {
        (**self).authorization()
    }

    fn rejected<'a>(&'a self, rejected: &'a AuthorizationValue) -> CredentialFuture<'a, bool> {
        (**self).rejected(rejected)
    }
}

/// Why no token could be obtained. Messages never contain the client secret, nor the password
/// of a token URL written with one (`https://user:password@...`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The token endpoint refused the credentials or failed.
    #[error("the token endpoint {url} answered HTTP {status}: {body}")]
    Rejected {
        /// The token endpoint.
        url: String,
        /// Its status.
        status: reqwest::StatusCode,
        /// Its response body, as text.
        body: String,
    },
    /// The token endpoint answered 2XX with something that is not a token.
    #[error("the token endpoint {url} answered with something that is not a token: {source}")]
    InvalidResponse {
        /// The token endpoint.
        url: String,
        /// What did not parse.
        source: serde_json::Error,
    },
    /// The token endpoint could not be reached.
    #[error("could not reach the token endpoint {url}: {source}")]
    Transport {
        /// The token endpoint.
        url: String,
        /// The transport failure.
        source: reqwest::Error,
    },
    /// A token contains characters an HTTP header cannot carry.
    #[error("the access token contains characters an HTTP header cannot carry")]
    InvalidToken,
    /// The token endpoint's response was larger than any token response needs.
    #[error(
        "the token endpoint {url} sent a response larger than {limit} bytes, which no token \
         response needs; the rest was not read"
    )]
    ResponseTooLarge {
        /// The token endpoint.
        url: String,
        /// The most the client reads of a token response: the smaller of the client's
        /// [`max_response_body_size`](crate::ClientBuilder::max_response_body_size) and
        /// [`MAX_TOKEN_RESPONSE_SIZE`].
        limit: u64,
    },
    /// The caller's [`CredentialSource`] failed.
    #[error("the credential source failed: {0}")]
    Source(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The token request of another call, which this call waited for, could not reach the
    /// token endpoint (that call's error is [`AuthError::Transport`]). Every other failure of
    /// a token request is given to the calls that waited for it as itself.
    #[error("could not reach the token endpoint {url}: {reason}")]
    Unreachable {
        /// The token endpoint.
        url: String,
        /// The transport failure and its causes, as text.
        reason: String,
    },
}

impl AuthError {
    /// Wraps an error of a [`CredentialSource`].
    pub fn source_failed(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        AuthError::Source(error.into())
    }

    /// The same failure for another call that waited for the same token request; `None` for
    /// a failure of a caller's own source, which is never shared.
    fn share(&self) -> Option<AuthError> {
        Some(match self {
            AuthError::Rejected { url, status, body } => AuthError::Rejected {
                url: url.clone(),
                status: *status,
                body: body.clone(),
            },
            AuthError::InvalidResponse { url, source } => AuthError::InvalidResponse {
                url: url.clone(),
                // The message, line and column included, is the same text.
                source: serde::de::Error::custom(source),
            },
            AuthError::InvalidToken => AuthError::InvalidToken,
            AuthError::ResponseTooLarge { url, limit } => AuthError::ResponseTooLarge {
                url: url.clone(),
                limit: *limit,
            },
            AuthError::Transport { url, source } => {
                let mut reason = source.to_string();
                let mut cause = std::error::Error::source(source);
                while let Some(inner) = cause {
                    reason.push_str(": ");
                    reason.push_str(&inner.to_string());
                    cause = inner.source();
                }
                AuthError::Unreachable {
                    url: url.clone(),
                    reason,
                }
            }
            AuthError::Unreachable { url, reason } => AuthError::Unreachable {
                url: url.clone(),
                reason: reason.clone(),
            },
            AuthError::Source(_) => return None,
        })
    }
}

/// The `Authorization` header value for a bearer token, marked sensitive so that HTTP
/// libraries keep it out of their logs.
fn bearer(token: &SecretString) -> Result<HeaderValue, AuthError> {
    AuthorizationValue::bearer(token.expose_secret()).map(|value| value.0)
}

/// What fetching a token may use of the call that needs it: its retry policy and the time its
/// budget started, the client's body limit, and the caller's hooks.
pub(crate) struct FetchContext<'a> {
    pub(crate) http: &'a reqwest::Client,
    pub(crate) policy: &'a RetryPolicy,
    pub(crate) started: Instant,
    pub(crate) max_body: u64,
    pub(crate) hooks: &'a Hooks,
}

/// The authentication of one client, shared by its clones. It hands out ready-made
/// `Authorization` values, so a call neither copies the token nor formats the header.
pub(crate) enum Authenticator {
    None,
    /// A token given by the caller; `None` when it cannot be sent in a header.
    Static(Option<HeaderValue>),
    /// Boxed: one per client, and far larger than the other variants.
    ClientCredentials(Box<TokenSource>),
    Custom(Arc<dyn CredentialSource>),
}

impl Authenticator {
    pub(crate) fn new(credentials: Credentials, token_url: String) -> Self {
        match credentials {
            Credentials::None => Authenticator::None,
            Credentials::AccessToken(token) => Authenticator::Static(bearer(&token).ok()),
            Credentials::ClientCredentials {
                client_id,
                client_secret,
            } => Authenticator::ClientCredentials(Box::new(TokenSource::new(
                client_id,
                client_secret,
                token_url,
                None,
            ))),
            Credentials::Custom(source) => Authenticator::Custom(source),
        }
    }

    /// The `Authorization` value to send now, fetching a token first if needed.
    pub(crate) async fn authorization(
        &self,
        context: &FetchContext<'_>,
    ) -> Result<Option<HeaderValue>, AuthError> {
        match self {
            Authenticator::None => Ok(None),
            Authenticator::Static(Some(header)) => Ok(Some(header.clone())),
            Authenticator::Static(None) => Err(AuthError::InvalidToken),
            Authenticator::ClientCredentials(source) => {
                source.authorization(context).await.map(Some)
            }
            Authenticator::Custom(source) => {
                Authenticator::ask(source.as_ref(), context).await.map(Some)
            }
        }
    }

    /// Asks a caller's source for the `Authorization` value to send now.
    pub(crate) async fn ask(
        source: &dyn CredentialSource,
        context: &FetchContext<'_>,
    ) -> Result<HeaderValue, AuthError> {
        // A source that never answers would hold the call forever; it gets what is left of
        // the call's budget, as every other wait does.
        let left = context.policy.time_left(context.started);
        let value = tokio::time::timeout(left, source.authorization())
            .await
            .map_err(|_| {
                AuthError::source_failed(format!(
                    "the credential source did not answer within the call's budget of {:?}",
                    context.policy.budget()
                ))
            })??;
        let mut header = value.0;
        header.set_sensitive(true);
        Ok(header)
    }

    /// After a 401: forgets the token that was `rejected` so the next call fetches a new one.
    /// Returns whether a replay with a fresh token can help (not for a static token).
    pub(crate) async fn reject(&self, rejected: &HeaderValue) -> bool {
        match self {
            Authenticator::ClientCredentials(source) => {
                source.forget(rejected);
                true
            }
            Authenticator::Custom(source) => {
                source.rejected(&AuthorizationValue(rejected.clone())).await
            }
            Authenticator::None | Authenticator::Static(_) => false,
        }
    }

    pub(crate) fn describe(&self) -> &'static str {
        match self {
            Authenticator::None => "none",
            Authenticator::Static(_) => "access token",
            Authenticator::ClientCredentials(_) => "client credentials",
            Authenticator::Custom(_) => "credential source",
        }
    }
}

pub(crate) struct TokenSource {
    client_id: String,
    client_secret: SecretString,
    token_url: String,
    /// The token URL as errors and traces name it: without its password, if it has one.
    shown_url: String,
    /// The `scope` parameter of the token request, when it asks for scopes.
    scope: Option<String>,
    cached: Mutex<Option<CachedToken>>,
    /// Held while fetching, so concurrent calls wait for one fetch instead of each making one.
    /// A call cancelled while fetching drops it, and the next waiting call fetches instead.
    refreshing: tokio::sync::Mutex<()>,
    /// How many fetches have ended, so a waiting call can tell whether the fetch that ended
    /// while it waited was the one it was waiting for.
    completed: AtomicU64,
    /// The last fetch's failure, numbered by `completed`, for the calls that waited for it.
    failure: Mutex<Option<(u64, AuthError)>>,
}

/// How one token request ended, when it did not give a token.
enum FetchFailure {
    /// Worth another attempt after `wait` (or the policy's backoff when `None`).
    Transient(AuthError, Option<Duration>),
    Final(AuthError),
}

#[derive(Clone)]
struct CachedToken {
    header: HeaderValue,
    refresh_at: Instant,
}

#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default, deserialize_with = "seconds")]
    expires_in: Option<u64>,
}

/// `expires_in` as RFC 6749 writes it (a number of seconds), or as some servers send it: a
/// numeric string such as `"3600"`. Anything else (negative, fractional, words) is refused, so
/// a broken token response is an [`AuthError::InvalidResponse`] that says what was wrong.
fn seconds<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Seconds {
        Number(u64),
        Text(String),
    }
    let expected = "`expires_in` to be a whole number of seconds, such as 3600 or \"3600\"";
    match Option::<serde_json::Value>::deserialize(deserializer)? {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(value) => match Seconds::deserialize(&value) {
            Ok(Seconds::Number(seconds)) => Ok(Some(seconds)),
            Ok(Seconds::Text(text)) => text.trim().parse().map(Some).map_err(|_| {
                serde::de::Error::invalid_value(serde::de::Unexpected::Str(&text), &expected)
            }),
            Err(_) => Err(serde::de::Error::invalid_value(
                serde::de::Unexpected::Other(&value.to_string()),
                &expected,
            )),
        },
    }
}

impl TokenSource {
    pub(crate) fn new(
        client_id: String,
        client_secret: SecretString,
        token_url: String,
        scope: Option<String>,
    ) -> Self {
        TokenSource {
            client_id,
            client_secret,
            shown_url: redact_password(&token_url),
            token_url,
            scope,
            cached: Mutex::new(None),
            refreshing: tokio::sync::Mutex::new(()),
            completed: AtomicU64::new(0),
            failure: Mutex::new(None),
        }
    }

    pub(crate) async fn authorization(
        &self,
        context: &FetchContext<'_>,
    ) -> Result<HeaderValue, AuthError> {
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let seen = self.completed.load(Ordering::Acquire);
        let _turn = self.refreshing.lock().await;
        // Another task may have fetched a token while this one waited for its turn.
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        // Or failed to: the calls that waited for that fetch share its outcome rather than
        // each asking a failing endpoint again in turn.
        if let Some((number, failure)) = &*lock(&self.failure) {
            if *number > seen {
                if let Some(shared) = failure.share() {
                    return Err(shared);
                }
            }
        }
        let fetched = self.fetch(context).await;
        let number = self.completed.fetch_add(1, Ordering::AcqRel) + 1;
        match fetched {
            Ok(fetched) => {
                let header = fetched.header.clone();
                *lock(&self.cached) = Some(fetched);
                *lock(&self.failure) = None;
                Ok(header)
            }
            Err(error) => {
                *lock(&self.failure) = error.share().map(|shared| (number, shared));
                Err(error)
            }
        }
    }

    /// The first 1,024 characters of a token endpoint's answer, for an error message, with the
    /// client secret taken out: an endpoint that echoes the request it refuses would otherwise
    /// put the secret in the caller's logs.
    fn without_secret(&self, body: &str) -> String {
        let secret = self.client_secret.expose_secret();
        let mut text = body.to_owned();
        if !secret.is_empty() {
            // As the form body carried it: `application/x-www-form-urlencoded`.
            const FORM: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
                .remove(b'*')
                .remove(b'-')
                .remove(b'.')
                .remove(b'_');
            let encoded = percent_encoding::utf8_percent_encode(secret, FORM)
                .to_string()
                .replace("%20", "+");
            for form in [secret, encoded.as_str()] {
                text = text.replace(form, "[redacted]");
            }
        }
        text.chars().take(1024).collect()
    }

    fn fresh(&self) -> Option<HeaderValue> {
        lock(&self.cached)
            .as_ref()
            .filter(|token| Instant::now() < token.refresh_at)
            .map(|token| token.header.clone())
    }

    pub(crate) fn forget(&self, rejected: &HeaderValue) {
        let mut cache = lock(&self.cached);
        // Only the rejected token is dropped: if another call already replaced it, keep the new one.
        if cache.as_ref().is_some_and(|token| token.header == rejected) {
            *cache = None;
        }
    }

    /// Asks the token endpoint, retrying transient failures (429, 502, 503, 504, connection
    /// failures, timeouts, bodies over the limit) as the call's policy retries an idempotent
    /// request, within the call's budget.
    async fn fetch(&self, context: &FetchContext<'_>) -> Result<CachedToken, AuthError> {
        let policy = context.policy;
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let (error, asked) = match self.fetch_once(context, attempt).await {
                Ok(token) => return Ok(token),
                Err(FetchFailure::Final(error)) => return Err(error),
                Err(FetchFailure::Transient(error, asked)) => (error, asked),
            };
            if attempt >= policy.attempts() {
                return Err(error);
            }
            let wait = asked.unwrap_or_else(|| policy.backoff(attempt));
            if !policy.can_wait(context.started, wait) {
                return Err(error);
            }
            tracing::info!(error = %error, wait_ms = wait.as_millis(), "retrying the token request");
            tokio::time::sleep(wait).await;
        }
    }

    async fn fetch_once(
        &self,
        context: &FetchContext<'_>,
        attempt: u32,
    ) -> Result<CachedToken, FetchFailure> {
        let started = Instant::now();
        let mut form = vec![
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose_secret()),
        ];
        if let Some(scope) = &self.scope {
            form.push(("scope", scope.as_str()));
        }
        let url = &self.shown_url;
        let transport = |source: reqwest::Error| {
            let transient = context
                .policy
                .retries_failure(&TOKEN_METHOD_FOR_RETRIES, &source);
            let error = AuthError::Transport {
                url: url.clone(),
                source: source.without_url(),
            };
            if transient {
                FetchFailure::Transient(error, None)
            } else {
                FetchFailure::Final(error)
            }
        };
        let mut request = context
            .http
            .post(&self.token_url)
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&form)
            .build()
            .map_err(transport)?;
        let hook_context = HookContext::new(None, attempt);
        context.hooks.on_request(&mut request, &hook_context);
        let mut response = context.http.execute(request).await.map_err(transport)?;
        context.hooks.on_response(&response, &hook_context);
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let limit = context.max_body.min(MAX_TOKEN_RESPONSE_SIZE);
        let body = match read_body(response, limit).await {
            Ok(body) => body,
            Err(BodyFailure::Http(source)) => return Err(transport(source)),
            Err(BodyFailure::TooLarge { .. }) => {
                return Err(FetchFailure::Transient(
                    AuthError::ResponseTooLarge {
                        url: url.clone(),
                        limit,
                    },
                    None,
                ));
            }
        };
        if !status.is_success() {
            let error = AuthError::Rejected {
                url: url.clone(),
                status,
                body: self.without_secret(&String::from_utf8_lossy(&body)),
            };
            return Err(
                if context
                    .policy
                    .retries_status(&TOKEN_METHOD_FOR_RETRIES, status)
                {
                    FetchFailure::Transient(error, retry_after(&headers, SystemTime::now()))
                } else {
                    FetchFailure::Final(error)
                },
            );
        }
        let token: TokenResponse = serde_json::from_slice(&body).map_err(|source| {
            FetchFailure::Final(AuthError::InvalidResponse {
                url: url.clone(),
                source,
            })
        })?;
        // Without `expires_in` the token is kept until the API rejects it with a 401.
        let lifetime = Duration::from_secs(
            token
                .expires_in
                .unwrap_or(MAX_LIFETIME.as_secs())
                .min(MAX_LIFETIME.as_secs()),
        );
        let margin = REFRESH_MARGIN.min(lifetime / 2);
        tracing::debug!(expires_in = lifetime.as_secs(), "fetched an access token");
        Ok(CachedToken {
            header: bearer(&SecretString::from(token.access_token)).map_err(FetchFailure::Final)?,
            refresh_at: started.checked_add(lifetime - margin).unwrap_or(started),
        })
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // The cache and the last failure hold no invariant a panicking holder could break, so a
    // poisoned lock is fine to use.
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
