//! What a generated crate's settings ask of its client beyond HTTP: where it reads its
//! configuration from, the token endpoint it assumes, how fast it sends, and where a server
//! puts a request's id. The runtime holds no API's policy of its own; every default that
//! belongs to one API (SailPoint's `SAIL_*` variables, its `config.json`, its rate limit) comes
//! from the crate's [`Profile`].

use std::time::Duration;

use crate::limit::RateLimit;

/// The defaults a generated crate gives its client, written by the generator from its settings.
///
/// A crate generated without settings for them reads no environment variables and no
/// configuration file, assumes no token endpoint, does not pace its requests, and finds a
/// request's id in `X-Request-Id` only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Profile {
    /// The `User-Agent` sent unless the builder sets another: the crate's name and version.
    pub user_agent: &'static str,
    /// The environment variables [`Config::from_env_for`](crate::Config::from_env_for) reads.
    pub environment: Option<EnvironmentNames>,
    /// The file [`Config::from_env_for`](crate::Config::from_env_for) reads when none of those
    /// variables is set, in the working directory.
    pub config_file: Option<ConfigFileNames>,
    /// Where the OAuth2 token endpoint is under the base URL, for
    /// [`ClientBuilder::client_credentials`](crate::ClientBuilder::client_credentials) without a
    /// [`token_url`](crate::ClientBuilder::token_url).
    pub token_path: Option<&'static str>,
    /// How many requests the client sends per access token unless the builder sets a
    /// [`rate_limit`](crate::ClientBuilder::rate_limit).
    pub rate_limit: RateLimit,
    /// The response headers that carry the id the server gave a request, lowercase, in the order
    /// they are looked for.
    pub request_id_headers: &'static [&'static str],
    /// The field of a JSON error body that carries the request's id when no header does.
    pub request_id_body_field: Option<&'static str>,
}

impl Profile {
    /// No policy: the `User-Agent` `user_agent`, and nothing else beyond the runtime's own
    /// defaults.
    pub const fn new(user_agent: &'static str) -> Self {
        Profile {
            user_agent,
            environment: None,
            config_file: None,
            token_path: None,
            rate_limit: RateLimit::off(),
            request_id_headers: &["x-request-id"],
            request_id_body_field: None,
        }
    }

    /// Reads the configuration from these environment variables.
    pub const fn environment(mut self, names: EnvironmentNames) -> Self {
        self.environment = Some(names);
        self
    }

    /// Reads the configuration from this file when no variable is set.
    pub const fn config_file(mut self, names: ConfigFileNames) -> Self {
        self.config_file = Some(names);
        self
    }

    /// Assumes the token endpoint at `path` under the base URL.
    pub const fn token_path(mut self, path: &'static str) -> Self {
        self.token_path = Some(path);
        self
    }

    /// Paces requests to at most `requests` per access token in any `window`.
    pub const fn rate_limit(mut self, requests: u32, window: Duration) -> Self {
        self.rate_limit = RateLimit::new(requests, window);
        self
    }

    /// Looks for a request's id in these headers (lowercase), and then in this field of a JSON
    /// error body.
    pub const fn request_ids(
        mut self,
        headers: &'static [&'static str],
        body_field: Option<&'static str>,
    ) -> Self {
        self.request_id_headers = headers;
        self.request_id_body_field = body_field;
        self
    }
}

/// The environment variables that hold a tenant's base URL and OAuth2 client credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvironmentNames {
    /// The variable holding the base URL.
    pub base_url: &'static str,
    /// The variable holding the OAuth2 client id.
    pub client_id: &'static str,
    /// The variable holding the OAuth2 client secret.
    pub client_secret: &'static str,
}

/// A JSON configuration file, and the keys of its object that hold a tenant's base URL and
/// OAuth2 client credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConfigFileNames {
    /// The file's name, looked for in the working directory.
    pub file: &'static str,
    /// The key holding the base URL.
    pub base_url: &'static str,
    /// The key holding the OAuth2 client id.
    pub client_id: &'static str,
    /// The key holding the OAuth2 client secret.
    pub client_secret: &'static str,
}
