//! The client of this crate's API modules: the runtime's client with this crate's
//! [`PROFILE`](crate::PROFILE), which every module adds its method to (`client.{{ first_module }}()`).

use std::fmt;
use std::path::Path;

/// A client for every API module of the crate.
///
/// Cloning is cheap: clones share the connection pool, the cached access token and the
/// settings. It dereferences to the runtime's client, whose methods (such as
/// [`request`](::client_runtime::Client::request) for a path the spec lacks) it has too.
#[derive(Clone)]
pub struct Client(pub(crate) ::client_runtime::Client);

/// Configures a [`Client`]: the runtime's builder, with this crate's defaults (see
/// [`ClientBuilder::build`](::client_runtime::ClientBuilder::build) and the crate docs'
/// Configuration section).
pub type ClientBuilder = ::client_runtime::ClientBuilder<Client>;

impl Client {
    /// A client for the API at `base_url` that sends `access_token` as its bearer token.
    pub fn new(base_url: &str, access_token: impl Into<String>) -> Result<Self, crate::ConfigError> {
        Client::builder()
            .base_url(base_url)
            .access_token(access_token)
            .build()
    }

    /// A client configured by [`Config::from_env`], that authenticates with OAuth2 client
    /// credentials.
    pub fn from_env() -> Result<Self, crate::ConfigError> {
        ClientBuilder::from_env()?.build()
    }

    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }
}

impl ::client_runtime::ApiClient for Client {
    const PROFILE: &'static crate::Profile = &crate::PROFILE;
}

impl From<::client_runtime::Client> for Client {
    fn from(client: ::client_runtime::Client) -> Self {
        Client(client)
    }
}

impl std::ops::Deref for Client {
    type Target = ::client_runtime::Client;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// The settings a client needs: where the API is and how to authenticate.
#[derive(Debug, Clone)]
pub struct Config {
    /// The API's base URL, such as `https://example.api.identitynow.com`.
    pub base_url: String,
    /// How to authenticate.
    pub credentials: crate::Credentials,
}

impl Config {
    /// Reads the environment variables this crate's [`PROFILE`](crate::PROFILE) names; when
    /// none of them is set, reads its configuration file in the working directory.
    pub fn from_env() -> Result<Config, crate::ConfigError> {
        ::client_runtime::Config::from_env_for(&crate::PROFILE).map(Config::from)
    }

    /// Like [`Config::from_env`], with the environment read through `env` and the configuration
    /// file looked for in `dir`.
    pub fn from_sources(
        env: impl Fn(&str) -> Option<String>,
        dir: &Path,
    ) -> Result<Config, crate::ConfigError> {
        ::client_runtime::Config::from_sources_for(&crate::PROFILE, env, dir).map(Config::from)
    }
}

impl From<::client_runtime::Config> for Config {
    fn from(config: ::client_runtime::Config) -> Self {
        Config {
            base_url: config.base_url,
            credentials: config.credentials,
        }
    }
}

impl From<Config> for ::client_runtime::Config {
    fn from(config: Config) -> Self {
        ::client_runtime::Config {
            base_url: config.base_url,
            credentials: config.credentials,
        }
    }
}
