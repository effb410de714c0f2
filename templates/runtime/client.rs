//! The client: the tenant's base URL, credentials and one shared HTTP connection pool, cheap to
//! clone and safe to share between tasks.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

/// The `User-Agent` sent with every request unless the builder sets another.
pub const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// How long to wait for a TCP and TLS connection by default.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long one request may take, from sending to the last byte of the body, by default.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// A client for every API version of the crate.
///
/// Cloning is cheap: clones share the connection pool and credentials.
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
}

struct ClientInner {
    base_url: String,
    access_token: Option<SecretString>,
    http: reqwest::Client,
}

impl Client {
    /// A client for the tenant at `base_url` (such as `https://example.api.identitynow.com`)
    /// that sends `access_token` as its bearer token.
    pub fn new(base_url: &str, access_token: impl Into<String>) -> Result<Self, ConfigError> {
        Client::builder().base_url(base_url).access_token(access_token).build()
    }

    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL every API version's path is appended to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    pub(crate) fn access_token(&self) -> Option<&str> {
        self.inner.access_token.as_ref().map(|token| token.expose_secret())
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("access_token", &self.inner.access_token.as_ref().map(|_| "[redacted]"))
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    access_token: Option<SecretString>,
    http: Option<reqwest::Client>,
    user_agent: Option<String>,
    connect_timeout: Option<Duration>,
    request_timeout: Option<Duration>,
}

impl ClientBuilder {
    /// The tenant's base URL, such as `https://example.api.identitynow.com`. Required.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// The bearer token sent with every authenticated call.
    pub fn access_token(mut self, access_token: impl Into<String>) -> Self {
        self.access_token = Some(SecretString::from(access_token.into()));
        self
    }

    /// Uses this HTTP client instead of building one; timeouts and user agent set here are then
    /// the caller's to configure on it.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The `User-Agent` header; defaults to [`DEFAULT_USER_AGENT`].
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// How long to wait for a connection; defaults to [`DEFAULT_CONNECT_TIMEOUT`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How long one request may take in all; defaults to [`DEFAULT_REQUEST_TIMEOUT`].
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = Some(timeout);
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        let raw_base = self.base_url.ok_or(ConfigError::Missing { setting: "base_url" })?;
        let base_url = normalize_base_url(&raw_base)?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .user_agent(self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT))
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .timeout(self.request_timeout.unwrap_or(DEFAULT_REQUEST_TIMEOUT))
                .build()
                .map_err(ConfigError::HttpClient)?,
        };
        Ok(Client {
            inner: Arc::new(ClientInner {
                base_url,
                access_token: self.access_token,
                http,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("access_token", &self.access_token.as_ref().map(|_| "[redacted]"))
            .field("user_agent", &self.user_agent)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .finish_non_exhaustive()
    }
}

/// Checks that the base URL is an absolute `http(s)` URL without query or fragment, and drops
/// any trailing slash so paths can be appended.
fn normalize_base_url(raw: &str) -> Result<String, ConfigError> {
    let invalid = |reason: &str| ConfigError::Invalid {
        setting: "base_url",
        reason: format!("`{raw}` {reason}"),
    };
    let parsed = reqwest::Url::parse(raw.trim()).map_err(|error| invalid(&format!("is not a URL ({error})")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid("must start with http:// or https://"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid("must not have a query or fragment"));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

/// A client setting that is missing or unusable.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A required setting was not given.
    #[error("the client setting `{setting}` is required but was not set")]
    Missing {
        /// The setting's name.
        setting: &'static str,
    },
    /// A setting has a value the client cannot use.
    #[error("the client setting `{setting}` is invalid: {reason}")]
    Invalid {
        /// The setting's name.
        setting: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The HTTP client could not be built (for example, no TLS roots could be loaded).
    #[error("could not build the HTTP client: {0}")]
    HttpClient(#[source] reqwest::Error),
}
