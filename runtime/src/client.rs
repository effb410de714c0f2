//! The client: the tenant's base URL, its authentication, retry policy and one shared HTTP
//! connection pool, cheap to clone and safe to share between tasks; and how that pool reaches
//! the tenant through an enterprise network (proxies, extra CA roots, a client certificate).

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretSlice};

use crate::auth::{Authenticator, CredentialSource};
use crate::config::{redact_password, Config, ConfigError, Credentials};
use crate::decode::{Decoding, DeviationLog};
use crate::hooks::{Hook, Hooks};
use crate::limit::{Limiter, RateLimit};
use crate::profile::Profile;
use crate::retry::RetryPolicy;
use crate::schemes::{Credential, SchemeCredentials, SecurityScheme};

/// How long to wait for a TCP and TLS connection by default.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long one attempt may take, from sending to the last byte of the body, by default.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// The largest response body read by default: 64 MiB. A page of a few hundred large objects
/// takes a few MB, so this leaves ample room while keeping a server that sends an endless or
/// huge body from taking more than this much memory per call.
pub const DEFAULT_MAX_RESPONSE_BODY_SIZE: u64 = 64 * 1024 * 1024;

/// A client for every API version of the crate.
///
/// Cloning is cheap: clones share the connection pool, the cached access token and the settings.
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
}

struct ClientInner {
    base_url: String,
    /// The base URL parsed, whose origin is the only one credentials are sent to.
    origin: reqwest::Url,
    auth: Authenticator,
    schemes: SchemeCredentials,
    retry: RetryPolicy,
    http: reqwest::Client,
    hooks: Hooks,
    limiter: Limiter,
    max_response_body_size: u64,
    decoding: Decoding,
    deviation_log: Arc<DeviationLog>,
    follow_redirects: bool,
    /// The headers the caller marked as credentials, beside those every request treats so.
    sensitive_headers: Vec<HeaderName>,
    /// How the HTTP client reaches the tenant, as `Debug` shows it.
    network: NetworkSummary,
    /// The crate's defaults, and where its server puts a request's id.
    profile: &'static Profile,
}

impl Client {
    /// A client for the tenant at `base_url` (such as `https://example.api.identitynow.com`)
    /// that sends `access_token` as its bearer token.
    pub fn new(base_url: &str, access_token: impl Into<String>) -> Result<Self, ConfigError> {
        Client::builder()
            .base_url(base_url)
            .access_token(access_token)
            .build()
    }

    /// A client configured from the environment variables, or else the configuration file, that
    /// the runtime's own profile names (none; see [`Config::from_env_for`]), that authenticates with OAuth2
    /// client credentials.
    pub fn from_env() -> Result<Self, ConfigError> {
        ClientBuilder::from_env()?.build()
    }

    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL every API version's path is appended to, without a trailing slash, as
    /// given (a password in it included; `Debug` output redacts it).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    pub(crate) fn auth(&self) -> &Authenticator {
        &self.inner.auth
    }

    pub(crate) fn scheme_credentials(&self) -> &SchemeCredentials {
        &self.inner.schemes
    }

    /// Whether `url` is on the base URL's origin (scheme, host and port), the only one the
    /// client's credentials belong to.
    pub(crate) fn is_own_origin(&self, url: &reqwest::Url) -> bool {
        url.origin() == self.inner.origin.origin()
    }

    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    pub(crate) fn hooks(&self) -> &Hooks {
        &self.inner.hooks
    }

    pub(crate) fn limiter(&self) -> &Limiter {
        &self.inner.limiter
    }

    pub(crate) fn max_response_body_size(&self) -> u64 {
        self.inner.max_response_body_size
    }

    /// The crate's defaults the client was built with.
    pub(crate) fn profile(&self) -> &'static Profile {
        self.inner.profile
    }

    /// How strictly response bodies are held to the spec, unless a call says otherwise.
    pub fn decoding(&self) -> Decoding {
        self.inner.decoding
    }

    pub(crate) fn deviation_log(&self) -> Arc<DeviationLog> {
        Arc::clone(&self.inner.deviation_log)
    }

    /// Whether the client follows redirects itself (see [`ClientBuilder::follow_redirects`]).
    pub(crate) fn follows_redirects(&self) -> bool {
        self.inner.follow_redirects
    }

    /// The headers the caller marked as credentials with [`ClientBuilder::sensitive_header`].
    pub(crate) fn sensitive_headers(&self) -> &[HeaderName] {
        &self.inner.sensitive_headers
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Client");
        debug
            .field("base_url", &redact_password(&self.inner.base_url))
            .field("authentication", &self.inner.auth.describe());
        if !self.inner.schemes.is_empty() {
            debug.field("credentials", &self.inner.schemes.names());
        }
        debug
            .field("retry", &self.inner.retry)
            .field("rate_limit", &self.inner.limiter.limit())
            .field("max_response_body_size", &self.inner.max_response_body_size)
            .field("hooks", &self.inner.hooks)
            .field("decoding", &self.inner.decoding)
            .field("follow_redirects", &self.inner.follow_redirects)
            .field("sensitive_headers", &self.inner.sensitive_headers)
            .field("network", &self.inner.network)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`].
///
/// # Enterprise networks
///
/// Requests, token requests included, go through the proxy the environment names, as curl
/// reads it: `HTTPS_PROXY`, `HTTP_PROXY` and `ALL_PROXY` (or their lowercase forms), except for
/// the hosts in `NO_PROXY`. [`proxy`](Self::proxy) names one instead (HTTP, HTTPS, SOCKS4 or SOCKS5,
/// its credentials in its URL and never in `Debug` output, errors or traces),
/// [`proxy_bypass`](Self::proxy_bypass) the hosts it is not used for, and
/// [`proxy_from_env`](Self::proxy_from_env)`(false)` ignores the environment.
/// [`root_certificates_pem`](Self::root_certificates_pem) trusts more CA roots besides the
/// system's (a TLS-inspecting proxy's, a private deployment's),
/// [`client_certificate_pem`](Self::client_certificate_pem) presents a client certificate
/// (mutual TLS), and [`user_agent_suffix`](Self::user_agent_suffix) names the calling tool in
/// `User-Agent`. Certificate checks stay on unless
/// [`danger_accept_invalid_certificates`](Self::danger_accept_invalid_certificates) turns them
/// off, which the client logs as a warning. A setting that cannot be read fails
/// [`build`](Self::build) with a [`ConfigError`] that names it and shows no secret.
///
/// ```no_run
/// # fn example() -> Result<(), Box<dyn std::error::Error>> {
/// let client = client_runtime::Client::builder()
///     .base_url("https://example.api.identitynow.com")
///     .client_credentials("client id", "client secret")
///     .proxy("http://user:password@proxy.example.com:3128")
///     .proxy_bypass("localhost, .internal.example.com")
///     .root_certificates_pem(std::fs::read("/etc/pki/corporate-root.pem")?)
///     .client_certificate_pem(std::fs::read("client.pem")?, std::fs::read("client.key")?)
///     .user_agent_suffix("nightly-sync/2.3")
///     .build()?;
/// # Ok(())
/// # }
/// ```
pub struct ClientBuilder<C = Client> {
    /// The crate's defaults, which the settings below override.
    profile: &'static Profile,
    /// What [`build`](Self::build) gives: a generated crate's own client type.
    client: PhantomData<fn() -> C>,
    base_url: Option<String>,
    credentials: Credentials,
    /// Credentials for the security schemes of the specs, in the order given.
    schemes: Vec<(SecurityScheme, Credential)>,
    token_url: Option<String>,
    http: Option<reqwest::Client>,
    user_agent: Option<String>,
    connect_timeout: Option<Duration>,
    request_timeout: Option<Duration>,
    retry: RetryPolicy,
    hooks: Hooks,
    rate_limit: Option<RateLimit>,
    max_response_body_size: Option<u64>,
    decoding: Decoding,
    /// Set by `follow_redirects(false)`.
    stop_at_redirects: bool,
    sensitive_headers: Vec<String>,
    network: Network,
}

/// How the HTTP client the builder makes reaches the tenant: the settings of an enterprise
/// network, none of which a caller's own `reqwest::Client` can be given.
#[derive(Default)]
struct Network {
    user_agent_suffix: Option<String>,
    proxy: Option<String>,
    proxy_bypass: Option<String>,
    /// Set by `proxy_from_env(false)`.
    ignore_env_proxy: bool,
    /// PEM texts, each of one or more CA certificates.
    root_certificates: Vec<Vec<u8>>,
    /// The certificate chain and the private key, PEM.
    client_certificate: Option<(Vec<u8>, SecretSlice<u8>)>,
    accept_invalid_certificates: bool,
}

impl Network {
    /// The settings given, by the names of the builder's methods.
    fn given(&self) -> Vec<&'static str> {
        let mut given = Vec::new();
        let mut name = |set: bool, setting: &'static str| {
            if set {
                given.push(setting);
            }
        };
        name(self.user_agent_suffix.is_some(), "user_agent_suffix");
        name(self.proxy.is_some(), "proxy");
        name(self.proxy_bypass.is_some(), "proxy_bypass");
        name(self.ignore_env_proxy, "proxy_from_env");
        name(!self.root_certificates.is_empty(), "root_certificates_pem");
        name(self.client_certificate.is_some(), "client_certificate_pem");
        name(
            self.accept_invalid_certificates,
            "danger_accept_invalid_certificates",
        );
        given
    }

    /// What `Debug` shows of the settings: no password of the proxy URL, no key.
    fn summary(&self) -> NetworkSummary {
        NetworkSummary {
            proxy: match (&self.proxy, self.ignore_env_proxy) {
                (Some(url), _) => redact_password(url),
                (None, false) => {
                    "from the environment (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY)".into()
                }
                (None, true) => "none".into(),
            },
            proxy_bypass: self.proxy_bypass.clone(),
            extra_root_certificates: self.root_certificates.len(),
            client_certificate: self.client_certificate.is_some(),
            certificate_checks: if self.accept_invalid_certificates {
                "OFF (danger_accept_invalid_certificates)"
            } else {
                "on"
            },
        }
    }
}

impl fmt::Debug for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.summary().fmt(f)
    }
}

/// How a client reaches the tenant, as its `Debug` output shows it.
#[derive(Clone)]
struct NetworkSummary {
    proxy: String,
    proxy_bypass: Option<String>,
    /// How many PEM texts of extra CA roots were given.
    extra_root_certificates: usize,
    client_certificate: bool,
    certificate_checks: &'static str,
}

impl fmt::Debug for NetworkSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Network")
            .field("proxy", &self.proxy)
            .field("proxy_bypass", &self.proxy_bypass)
            .field("extra_root_certificates", &self.extra_root_certificates)
            .field("client_certificate", &self.client_certificate)
            .field("certificate_checks", &self.certificate_checks)
            .finish()
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URLs may hold a password, and a caller's `reqwest::Client` default headers.
        let redacted = |url: &Option<String>| url.as_deref().map(redact_password);
        f.debug_struct("ClientBuilder")
            .field("base_url", &redacted(&self.base_url))
            .field("credentials", &self.credentials)
            .field("schemes", &self.schemes)
            .field("token_url", &redacted(&self.token_url))
            .field("http_client_given", &self.http.is_some())
            .field("user_agent", &self.user_agent)
            .field("user_agent_suffix", &self.network.user_agent_suffix)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("retry", &self.retry)
            .field("hooks", &self.hooks)
            .field("rate_limit", &self.rate_limit)
            .field("max_response_body_size", &self.max_response_body_size)
            .field("decoding", &self.decoding)
            .field("follow_redirects", &!self.stop_at_redirects)
            .field("sensitive_headers", &self.sensitive_headers)
            .field("network", &self.network)
            .finish()
    }
}

/// A client type of a generated crate: the runtime's [`Client`] with the crate's [`Profile`] and
/// its API modules' methods (`client.v3()`), which [`ClientBuilder::build`] gives.
pub trait ApiClient: From<Client> {
    /// The crate's defaults.
    const PROFILE: &'static Profile;
}

/// The runtime's own client assumes no API's conventions.
const RUNTIME_PROFILE: Profile = Profile::new(concat!(
    env!("CARGO_PKG_NAME"),
    "/",
    env!("CARGO_PKG_VERSION")
));

impl ApiClient for Client {
    const PROFILE: &'static Profile = &RUNTIME_PROFILE;
}

impl<C: ApiClient> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder::with_profile(C::PROFILE)
    }
}

impl<C: ApiClient> ClientBuilder<C> {
    /// A builder with the defaults of `profile`.
    fn with_profile(profile: &'static Profile) -> Self {
        ClientBuilder {
            profile,
            client: PhantomData,
            base_url: None,
            credentials: Credentials::default(),
            schemes: Vec::new(),
            token_url: None,
            http: None,
            user_agent: None,
            connect_timeout: None,
            request_timeout: None,
            retry: RetryPolicy::default(),
            hooks: Hooks::default(),
            rate_limit: None,
            max_response_body_size: None,
            decoding: Decoding::default(),
            stop_at_redirects: false,
            sensitive_headers: Vec::new(),
            network: Network::default(),
        }
    }

    /// A builder holding the settings [`Config::from_env_for`] reads under the crate's profile.
    pub fn from_env() -> Result<Self, ConfigError> {
        let builder = ClientBuilder::default();
        let config = Config::from_env_for(builder.profile)?;
        Ok(builder.config(config))
    }

    /// Takes the base URL and credentials from `config`.
    pub fn config(self, config: impl Into<Config>) -> Self {
        let config = config.into();
        self.base_url(config.base_url)
            .credentials(config.credentials)
    }

    /// The tenant's base URL, such as `https://example.api.identitynow.com`. Required.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// How to authenticate.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// Authenticate with a bearer token obtained elsewhere.
    pub fn access_token(self, access_token: impl Into<String>) -> Self {
        self.credentials(Credentials::access_token(access_token))
    }

    /// Authenticate with OAuth2 client credentials, exchanged for a token at the token endpoint.
    pub fn client_credentials(
        self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.credentials(Credentials::client_credentials(client_id, client_secret))
    }

    /// The credential for one security scheme of a module's spec, such as
    /// `.credential(petstore::security::API_KEY, Credential::api_key("..."))`; each module's
    /// `security` module has a constant per scheme, named after it. A later credential for the
    /// same scheme replaces an earlier one. [`build`](Self::build) refuses a credential the
    /// scheme cannot take (an API key for an HTTP basic scheme), naming the scheme.
    ///
    /// An operation sends the first of its security requirements whose every scheme has a
    /// credential; a bearer, OAuth 2, OpenID Connect or undeclared scheme without one is served
    /// by the client's own credentials ([`access_token`](Self::access_token),
    /// [`client_credentials`](Self::client_credentials),
    /// [`credential_source`](Self::credential_source)). Credentials go only to the base URL's
    /// origin (and a client secret only to its token URL).
    pub fn credential(mut self, scheme: SecurityScheme, credential: impl Into<Credential>) -> Self {
        self.schemes.retain(|(given, _)| {
            given.module() != scheme.module() || given.name() != scheme.name()
        });
        self.schemes.push((scheme, credential.into()));
        self
    }

    /// The OAuth2 token endpoint for [`client_credentials`](Self::client_credentials); defaults
    /// to the base URL followed by the crate's token path, when its profile names one (and
    /// [`build`](Self::build) asks for it otherwise).
    pub fn token_url(mut self, token_url: impl Into<String>) -> Self {
        self.token_url = Some(token_url.into());
        self
    }

    /// How failed attempts are retried; see [`RetryPolicy`] for the defaults.
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// How strictly response bodies are held to the spec; defaults to
    /// [`Decoding::Tolerant`], where a value that does not fit costs only that value and is
    /// reported as a [`Deviation`](crate::Deviation) on the response. Each request builder's
    /// `decoding` overrides it for one call.
    pub fn decoding(mut self, decoding: Decoding) -> Self {
        self.decoding = decoding;
        self
    }

    /// Whether the client follows redirects (301, 302, 303, 307 and 308 with a `Location`); it
    /// does by default, up to 10 in a row, and never with a credential to another origin: a
    /// request that leaves the base URL's origin goes without `Authorization`, `Cookie`,
    /// `Proxy-Authorization`, the headers of the operation's security schemes, the headers
    /// marked with [`sensitive_header`](Self::sensitive_header) and any header value marked
    /// sensitive. 303 (and 301 or 302 after a POST) continues as a GET without the body, as
    /// browsers do. With `false`, a call answers with the redirect itself: an operation that
    /// documents only `3XX` responses then succeeds with its `Redirect` and the `Location`
    /// header, and any other operation's redirect is an unexpected status. A client given with
    /// [`http_client`](Self::http_client) that follows redirects itself does so by its own
    /// policy, and reqwest's policy does not know these headers: give it
    /// `reqwest::redirect::Policy::none()`.
    pub fn follow_redirects(mut self, follow: bool) -> Self {
        self.stop_at_redirects = !follow;
        self
    }

    /// Marks a header as a credential, such as an API key the caller sends with each call's
    /// `header(...)` or from a [`Hook`]: its values are marked sensitive (so `Debug` output of
    /// requests shows `Sensitive`), and it never goes to another origin than the base URL's,
    /// on a redirect or otherwise. `Authorization`, `Cookie`, `Proxy-Authorization` and the
    /// headers the spec's security schemes declare are credentials without being named here.
    /// A name that is not a valid header name fails [`build`](Self::build).
    pub fn sensitive_header(mut self, name: impl Into<String>) -> Self {
        self.sensitive_headers.push(name.into());
        self
    }

    /// Uses this HTTP client instead of building one; its timeouts, user agent and redirect
    /// policy then apply instead of the ones set here (see
    /// [`follow_redirects`](Self::follow_redirects) for the policy to give it). It brings its
    /// own network settings too: [`build`](Self::build) refuses it together with a proxy, CA
    /// roots, a client certificate, a user agent suffix or unchecked certificates, which would
    /// otherwise not apply.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The `User-Agent` header; defaults to the generated crate's name and version (its `DEFAULT_USER_AGENT`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Names the calling tool after the client's own `User-Agent`, as in
    /// `sailpoint-client/0.1.0 my-sync/2.3`, so the tenant's logs tell apart the tools that
    /// share a client id (the `consumer_identifier` and `consumer_version` of SailPoint's Python
    /// SDK). Text a header cannot carry fails [`build`](Self::build).
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.network.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Sends every request (token requests included) through the proxy at `url`, in place of
    /// any proxy the environment names: `http://` and `https://` for an HTTP proxy (HTTPS
    /// requests tunnel through it with `CONNECT`), `socks5://` or `socks4://` (names resolved
    /// here) and `socks5h://` or `socks4a://` (names resolved by the proxy) for a SOCKS proxy,
    /// and `host:port` alone for
    /// `http://host:port`. Credentials go in the URL
    /// (`http://user:password@proxy.example:3128`) and never into `Debug` output, errors or
    /// traces. A URL that is not one of these fails [`build`](Self::build).
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.network.proxy = Some(url.into());
        self
    }

    /// The hosts the [`proxy`](Self::proxy) is not used for, in the syntax of `NO_PROXY`:
    /// comma-separated names (each also matching its subdomains; a leading `.` is optional),
    /// IP addresses and networks (`10.0.0.0/8`), or `*` for all. Without a `proxy`,
    /// [`build`](Self::build) refuses it (`NO_PROXY` says which hosts bypass a proxy from the
    /// environment).
    pub fn proxy_bypass(mut self, hosts: impl Into<String>) -> Self {
        self.network.proxy_bypass = Some(hosts.into());
        self
    }

    /// Whether the proxy the environment names is used when [`proxy`](Self::proxy) names none;
    /// it is by default, as curl, Go and SailPoint's Go and TypeScript SDKs do: `HTTPS_PROXY`
    /// for HTTPS requests, `HTTP_PROXY` for HTTP ones, `ALL_PROXY` for both when the other is
    /// unset, each also in lowercase, except for the hosts `NO_PROXY` names (`HTTP_PROXY` is
    /// not read when `REQUEST_METHOD` is set, as in a CGI script, where a request could set
    /// it). With `false`, requests go straight to the tenant.
    pub fn proxy_from_env(mut self, use_env: bool) -> Self {
        self.network.ignore_env_proxy = !use_env;
        self
    }

    /// Trusts the CA certificates in `pem` (one or many, as a CA bundle file holds them) to
    /// sign the server's certificate, besides the system's own roots: the root of a
    /// TLS-inspecting proxy, or of a private deployment. Call it again for another bundle. Text
    /// that holds no PEM certificate fails [`build`](Self::build). (On Linux the system's
    /// roots are read from `SSL_CERT_FILE` or `SSL_CERT_DIR` when either is set, else from the
    /// system's store.)
    pub fn root_certificates_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.network.root_certificates.push(pem.into());
        self
    }

    /// Presents this client certificate when a server asks for one (mutual TLS):
    /// `certificate_chain` holds the client's certificate first, then any intermediate CA
    /// certificates, PEM; `private_key` its key, PEM (PKCS #8, PKCS #1 or SEC1). The key never
    /// appears in `Debug` output or errors. A pair that cannot be read fails
    /// [`build`](Self::build).
    pub fn client_certificate_pem(
        mut self,
        certificate_chain: impl Into<Vec<u8>>,
        private_key: impl Into<Vec<u8>>,
    ) -> Self {
        self.network.client_certificate = Some((
            certificate_chain.into(),
            SecretSlice::from(private_key.into()),
        ));
        self
    }

    /// **Turns off every check of the server's certificate**: any certificate for any name,
    /// expired or self-signed, is accepted, so anyone on the network path can read and change
    /// the traffic, the client secret and access tokens included. Meant for a test tenant behind
    /// a broken certificate, never for production; [`root_certificates_pem`] is the way to
    /// trust a private CA. The client logs a warning when it is built with this, and its
    /// `Debug` output says so.
    ///
    /// [`root_certificates_pem`]: Self::root_certificates_pem
    pub fn danger_accept_invalid_certificates(mut self) -> Self {
        self.network.accept_invalid_certificates = true;
        self
    }

    /// How long to wait for a connection; defaults to [`DEFAULT_CONNECT_TIMEOUT`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How long one attempt may take in all; defaults to [`DEFAULT_REQUEST_TIMEOUT`].
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = Some(timeout);
        self
    }

    /// Adds a hook that sees (and may change) every request the client sends and sees every
    /// response; hooks run in the order added. See [`Hook`].
    pub fn hook(mut self, hook: impl Hook + 'static) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// Authenticate with `Authorization` values from the caller's own source. See
    /// [`CredentialSource`].
    pub fn credential_source(self, source: impl CredentialSource + 'static) -> Self {
        self.credentials(Credentials::source(source))
    }

    /// How many requests the client sends per access token in a window of time; defaults to
    /// the crate's profile (the API's documented limit, when its settings give one; otherwise
    /// no pacing). Clones share it.
    pub fn rate_limit(mut self, rate_limit: RateLimit) -> Self {
        self.rate_limit = Some(rate_limit);
        self
    }

    /// The largest response body the client reads, in bytes; defaults to
    /// [`DEFAULT_MAX_RESPONSE_BODY_SIZE`] (64 MiB). A larger body is
    /// [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge).
    pub fn max_response_body_size(mut self, bytes: u64) -> Self {
        self.max_response_body_size = Some(bytes);
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<C, ConfigError> {
        self.build_runtime().map(C::from)
    }

    fn build_runtime(self) -> Result<Client, ConfigError> {
        let raw_base = self.base_url.ok_or_else(|| ConfigError::Missing {
            setting: "base_url".into(),
            location: "the client builder".into(),
        })?;
        let base_url = normalize_url("base_url", &raw_base)?;
        let token_url = match (self.token_url, self.profile.token_path) {
            (Some(url), _) => Some(normalize_url("token_url", &url)?),
            (None, Some(path)) => Some(format!("{base_url}{path}")),
            (None, None) => None,
        };
        if token_url.is_none() && matches!(self.credentials, Credentials::ClientCredentials { .. })
        {
            return Err(ConfigError::Missing {
                setting: "token_url".into(),
                location: "the client builder (client credentials need a token endpoint)".into(),
            });
        }
        let origin = reqwest::Url::parse(&base_url).map_err(|error| ConfigError::Invalid {
            setting: "base_url".into(),
            location: "the client builder".into(),
            reason: format!("`{}` is not a URL ({error})", redact_password(&raw_base)),
        })?;
        let schemes = SchemeCredentials::new(self.schemes, &base_url)?;
        let sensitive_headers = self
            .sensitive_headers
            .iter()
            .map(|name| {
                HeaderName::from_bytes(name.as_bytes()).map_err(|_| ConfigError::Invalid {
                    setting: "sensitive_header".into(),
                    location: "the client builder".into(),
                    reason: format!("{name:?} is not a valid HTTP header name"),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let network = self.network.summary();
        let http = match self.http {
            Some(http) => {
                let given = self.network.given();
                if !given.is_empty() {
                    return Err(invalid(
                        "http_client",
                        format!(
                            "a `reqwest::Client` of your own brings its own network settings, so \
                             {} cannot apply to it: set them on that client, or leave it out",
                            given
                                .iter()
                                .map(|setting| format!("`{setting}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                }
                http
            }
            None => {
                let user_agent = self
                    .user_agent
                    .as_deref()
                    .unwrap_or(self.profile.user_agent);
                let user_agent = match &self.network.user_agent_suffix {
                    Some(suffix) => format!("{user_agent} {}", suffix.trim()),
                    None => user_agent.to_owned(),
                };
                let user_agent = HeaderValue::from_str(&user_agent).map_err(|_| {
                    let setting = match self.network.user_agent_suffix {
                        Some(_) => "user_agent_suffix",
                        None => "user_agent",
                    };
                    invalid(
                        setting,
                        format!("{user_agent:?} has characters a header cannot carry"),
                    )
                })?;
                let builder = reqwest::Client::builder()
                    // The client follows redirects itself, taking credentials off a request that
                    // leaves the base URL's origin; reqwest's policy knows only some of them.
                    .redirect(reqwest::redirect::Policy::none())
                    .user_agent(user_agent)
                    .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                    .timeout(self.request_timeout.unwrap_or(DEFAULT_REQUEST_TIMEOUT));
                self.network
                    .apply(builder)?
                    .build()
                    .map_err(ConfigError::HttpClient)?
            }
        };
        Ok(Client {
            inner: Arc::new(ClientInner {
                base_url,
                origin,
                auth: Authenticator::new(self.credentials, token_url.unwrap_or_default()),
                schemes,
                retry: self.retry,
                http,
                hooks: self.hooks,
                limiter: Limiter::new(self.rate_limit.unwrap_or(self.profile.rate_limit)),
                profile: self.profile,
                max_response_body_size: self
                    .max_response_body_size
                    .unwrap_or(DEFAULT_MAX_RESPONSE_BODY_SIZE),
                decoding: self.decoding,
                deviation_log: Arc::default(),
                follow_redirects: !self.stop_at_redirects,
                sensitive_headers,
                network,
            }),
        })
    }
}

impl Network {
    /// The HTTP client builder with these settings applied, each checked first.
    fn apply(
        self,
        mut builder: reqwest::ClientBuilder,
    ) -> Result<reqwest::ClientBuilder, ConfigError> {
        if let Some(url) = &self.proxy {
            let checked = proxy_url(url)?;
            let hosts = self.proxy_bypass.as_deref().unwrap_or_default();
            if hosts.split(',').any(|host| host.trim() == "*") {
                // reqwest's `*` bypasses host names but not IP addresses; here it bypasses both.
                builder = builder.no_proxy();
            } else {
                let proxy = reqwest::Proxy::all(checked).map_err(|_| {
                    invalid(
                        "proxy",
                        format!(
                            "`{}` is not a URL a proxy can be reached at",
                            redact_password(url)
                        ),
                    )
                })?;
                builder = builder.proxy(proxy.no_proxy(reqwest::NoProxy::from_string(hosts)));
            }
        } else if self.proxy_bypass.is_some() {
            return Err(invalid(
                "proxy_bypass",
                "it says which hosts the proxy that `proxy` names is not used for, and no proxy \
                 is named (for a proxy from the environment, `NO_PROXY` says it)"
                    .into(),
            ));
        } else if self.ignore_env_proxy {
            builder = builder.no_proxy();
        }
        for (index, pem) in self.root_certificates.iter().enumerate() {
            let unreadable = |reason: &str| {
                invalid(
                    "root_certificates_pem",
                    format!("the PEM text given {} {reason}", ordinal(index)),
                )
            };
            let certificates = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|_| unreadable("holds a certificate that is not valid PEM"))?;
            if certificates.is_empty() {
                return Err(unreadable(
                    "holds no PEM certificate (`-----BEGIN CERTIFICATE-----`)",
                ));
            }
            builder = builder.tls_certs_merge(certificates);
        }
        if let Some((chain, key)) = &self.client_certificate {
            let unreadable = |reason: &str| invalid("client_certificate_pem", reason.to_owned());
            match reqwest::Certificate::from_pem_bundle(chain) {
                Ok(certificates) if !certificates.is_empty() => {}
                _ => {
                    return Err(unreadable(
                        "the certificate chain holds no PEM certificate (`-----BEGIN CERTIFICATE-----`)",
                    ))
                }
            }
            // reqwest reads the chain and the key from one PEM text.
            let mut pem = chain.clone();
            pem.push(b'\n');
            pem.extend_from_slice(key.expose_secret());
            let identity = reqwest::Identity::from_pem(&pem).map_err(|_| {
                unreadable(
                    "the private key is not a PEM private key (`-----BEGIN PRIVATE KEY-----`, \
                     `RSA PRIVATE KEY` or `EC PRIVATE KEY`)",
                )
            })?;
            builder = builder.identity(identity);
        }
        if self.accept_invalid_certificates {
            tracing::warn!(
                "certificate checks are OFF (`danger_accept_invalid_certificates`): this client \
                 accepts any certificate, so anyone on the network path can read and change its \
                 traffic, credentials included"
            );
            builder = builder.tls_danger_accept_invalid_certs(true);
        }
        Ok(builder)
    }
}

/// A proxy URL as reqwest takes it, after checking its scheme: one of an HTTP or SOCKS proxy,
/// `http` when the URL names none (as curl takes `proxy.example:3128`).
fn proxy_url(raw: &str) -> Result<String, ConfigError> {
    let raw = raw.trim();
    let url = if raw.contains("://") {
        raw.to_owned()
    } else {
        format!("http://{raw}")
    };
    let parsed = reqwest::Url::parse(&url).map_err(|error| {
        invalid(
            "proxy",
            format!("`{}` is not a URL ({error})", redact_password(raw)),
        )
    })?;
    if !matches!(
        parsed.scheme(),
        "http" | "https" | "socks4" | "socks4a" | "socks5" | "socks5h"
    ) {
        return Err(invalid(
            "proxy",
            format!(
                "`{}` is no proxy URL: its scheme `{}` is none of http, https, socks5, socks5h, \
                 socks4 and socks4a",
                redact_password(raw),
                parsed.scheme()
            ),
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(invalid(
            "proxy",
            format!("`{}` names no host", redact_password(raw)),
        ));
    }
    Ok(url)
}

/// "first", "second", ... for the `index`th setting given (from 0).
fn ordinal(index: usize) -> String {
    match index {
        0 => "first".into(),
        1 => "second".into(),
        2 => "third".into(),
        _ => format!("{}th", index + 1),
    }
}

/// An invalid setting of the client builder.
fn invalid(setting: &str, reason: String) -> ConfigError {
    ConfigError::Invalid {
        setting: setting.into(),
        location: "the client builder".into(),
        reason,
    }
}

/// Checks that a URL is absolute `http(s)` without query or fragment, and drops any trailing
/// slash so paths can be appended.
fn normalize_url(setting: &str, raw: &str) -> Result<String, ConfigError> {
    let invalid = |reason: &str| ConfigError::Invalid {
        setting: setting.into(),
        location: "the client builder".into(),
        reason: format!("`{}` {reason}", redact_password(raw)),
    };
    let parsed = reqwest::Url::parse(raw.trim())
        .map_err(|error| invalid(&format!("is not a URL ({error})")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid("must start with http:// or https://"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid("must not have a query or fragment"));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}
