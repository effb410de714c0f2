//! Bearer tokens: a static one, or OAuth2 client credentials exchanged at the token endpoint,
//! cached for every clone of the client and every task, and refreshed before they expire.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize as _;

use crate::config::Credentials;

/// Refresh this long before the token expires, so a call never leaves with a token about to die;
/// short-lived tokens refresh halfway through their life instead.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// The longest a token is trusted without asking again, whatever the endpoint says.
const MAX_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// Why no token could be obtained. Messages never contain the client secret.
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
}

/// The `Authorization` header value for a bearer token, marked sensitive so that HTTP
/// libraries keep it out of their logs.
fn bearer(token: &SecretString) -> Result<HeaderValue, AuthError> {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret()))
        .map_err(|_| AuthError::InvalidToken)?;
    value.set_sensitive(true);
    Ok(value)
}

/// The authentication of one client, shared by its clones. It hands out ready-made
/// `Authorization` values, so a call neither copies the token nor formats the header.
pub(crate) enum Authenticator {
    None,
    /// A token given by the caller; `None` when it cannot be sent in a header.
    Static(Option<HeaderValue>),
    ClientCredentials(TokenSource),
}

impl Authenticator {
    pub(crate) fn new(credentials: Credentials, token_url: String) -> Self {
        match credentials {
            Credentials::None => Authenticator::None,
            Credentials::AccessToken(token) => Authenticator::Static(bearer(&token).ok()),
            Credentials::ClientCredentials {
                client_id,
                client_secret,
            } => Authenticator::ClientCredentials(TokenSource {
                client_id,
                client_secret,
                token_url,
                cached: Mutex::new(None),
                refreshing: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// The `Authorization` value to send now, fetching a token first if needed.
    pub(crate) async fn authorization(
        &self,
        http: &reqwest::Client,
    ) -> Result<Option<HeaderValue>, AuthError> {
        match self {
            Authenticator::None => Ok(None),
            Authenticator::Static(Some(header)) => Ok(Some(header.clone())),
            Authenticator::Static(None) => Err(AuthError::InvalidToken),
            Authenticator::ClientCredentials(source) => source.authorization(http).await.map(Some),
        }
    }

    /// After a 401: forgets the token that was `rejected` so the next call fetches a new one.
    /// Returns whether a replay with a fresh token can help (not for a static token).
    pub(crate) fn reject(&self, rejected: &HeaderValue) -> bool {
        match self {
            Authenticator::ClientCredentials(source) => {
                source.forget(rejected);
                true
            }
            Authenticator::None | Authenticator::Static(_) => false,
        }
    }

    pub(crate) fn describe(&self) -> &'static str {
        match self {
            Authenticator::None => "none",
            Authenticator::Static(_) => "access token",
            Authenticator::ClientCredentials(_) => "client credentials",
        }
    }
}

pub(crate) struct TokenSource {
    client_id: String,
    client_secret: SecretString,
    token_url: String,
    cached: Mutex<Option<CachedToken>>,
    /// Held while fetching, so concurrent calls wait for one fetch instead of each making one.
    refreshing: tokio::sync::Mutex<()>,
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
    async fn authorization(&self, http: &reqwest::Client) -> Result<HeaderValue, AuthError> {
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let _turn = self.refreshing.lock().await;
        // Another task may have fetched a token while this one waited for its turn.
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let fetched = self.fetch(http).await?;
        let header = fetched.header.clone();
        *self.lock_cache() = Some(fetched);
        Ok(header)
    }

    fn fresh(&self) -> Option<HeaderValue> {
        self.lock_cache()
            .as_ref()
            .filter(|token| Instant::now() < token.refresh_at)
            .map(|token| token.header.clone())
    }

    fn forget(&self, rejected: &HeaderValue) {
        let mut cache = self.lock_cache();
        // Only the rejected token is dropped: if another call already replaced it, keep the new one.
        if cache.as_ref().is_some_and(|token| token.header == rejected) {
            *cache = None;
        }
    }

    fn lock_cache(&self) -> std::sync::MutexGuard<'_, Option<CachedToken>> {
        // The cache holds no invariant a panicking holder could break, so a poisoned lock is fine to use.
        self.cached
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    async fn fetch(&self, http: &reqwest::Client) -> Result<CachedToken, AuthError> {
        let started = Instant::now();
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose_secret()),
        ];
        let url = self.token_url.clone();
        let response = http
            .post(&self.token_url)
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&form)
            .send()
            .await
            .map_err(|source| AuthError::Transport {
                url: url.clone(),
                source: source.without_url(),
            })?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|source| AuthError::Transport {
                url: url.clone(),
                source: source.without_url(),
            })?;
        if !status.is_success() {
            return Err(AuthError::Rejected {
                url,
                status,
                body: String::from_utf8_lossy(&body).chars().take(1024).collect(),
            });
        }
        let token: TokenResponse = serde_json::from_slice(&body)
            .map_err(|source| AuthError::InvalidResponse { url, source })?;
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
            header: bearer(&SecretString::from(token.access_token))?,
            refresh_at: started.checked_add(lifetime - margin).unwrap_or(started),
        })
    }
}
