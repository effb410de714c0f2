//! Security schemes as each module's spec declares them (HTTP basic and bearer, API keys in a
//! header, query parameter or cookie, OAuth 2 and OpenID Connect), the [`Credential`] a caller
//! gives each one, and which credentials one request carries.
//!
//! An operation lists its security requirements in the spec's order; each names one or more
//! schemes that are sent together. The request carries the first requirement whose every scheme
//! has a credential; when none has, it goes without credentials (which `{}`, an anonymous
//! requirement, allows, and which otherwise lets the server answer 401). A bearer, OAuth 2,
//! OpenID Connect or undeclared scheme without a credential of its own is served by the client's
//! own credentials ([`ClientBuilder::access_token`](crate::ClientBuilder::access_token),
//! [`client_credentials`](crate::ClientBuilder::client_credentials),
//! [`credential_source`](crate::ClientBuilder::credential_source) or
//! [`Client::from_env`](crate::Client::from_env)).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use reqwest::header::{HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};

use crate::auth::{AuthError, Authenticator, CredentialSource, FetchContext, TokenSource};
use crate::client::Client;
use crate::config::{redact_password, ConfigError};

/// One security scheme of one API module, as its spec's `components.securitySchemes` declares
/// it. Each module has a constant per scheme in its `security` module, named after the
/// scheme (`userAuth` is `security::USER_AUTH`); give it to
/// [`ClientBuilder::credential`](crate::ClientBuilder::credential).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityScheme {
    module: &'static str,
    name: &'static str,
    path_prefix: &'static str,
    kind: SchemeKind,
}

/// How a scheme's credential travels, as the spec says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemeKind {
    /// `type: http`, `scheme: basic`: `Authorization: Basic` with a user name and password.
    HttpBasic,
    /// `type: http`, `scheme: bearer`: `Authorization: Bearer` with a token.
    HttpBearer,
    /// `type: http` with another scheme, such as `Token`: an `Authorization` value the caller
    /// makes whole.
    Http {
        /// The scheme as the spec writes it.
        scheme: &'static str,
    },
    /// `type: apiKey`: a key in a header, a query parameter or a cookie.
    ApiKey {
        /// Where the key goes.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: &'static str,
    },
    /// `type: oauth2`: a bearer token, which the client can fetch by the client credentials
    /// flow.
    OAuth2 {
        /// The client credentials flow's `tokenUrl`, when the spec declares that flow.
        token_url: Option<&'static str>,
    },
    /// `type: openIdConnect`: a bearer token the caller obtains.
    OpenIdConnect,
    /// A name the spec's requirements use but `components.securitySchemes` does not define:
    /// sent as a bearer token.
    Undeclared,
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

impl SecurityScheme {
    /// The scheme `name` of `module`, whose paths live under `path_prefix`.
    pub const fn new(
        module: &'static str,
        name: &'static str,
        path_prefix: &'static str,
        kind: SchemeKind,
    ) -> Self {
        SecurityScheme {
            module,
            name,
            path_prefix,
            kind,
        }
    }

    /// The scheme's name in `components.securitySchemes`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The module whose spec declares it.
    pub fn module(&self) -> &'static str {
        self.module
    }

    /// How its credential travels.
    pub fn kind(&self) -> SchemeKind {
        self.kind
    }

    fn key(&self) -> (&'static str, &'static str) {
        (self.module, self.name)
    }

    /// Whether the client's own credentials serve it when it has none of its own.
    fn takes_client_credentials(&self) -> bool {
        matches!(
            self.kind,
            SchemeKind::HttpBearer
                | SchemeKind::OAuth2 { .. }
                | SchemeKind::OpenIdConnect
                | SchemeKind::Undeclared
        )
    }
}

/// What one operation may be called with: its requirements, each the schemes sent together
/// and the scopes each asks for.
pub type Requirements = &'static [&'static [(SecurityScheme, &'static [&'static str])]];

/// One requirement of [`Requirements`].
pub type Requirement = &'static [(SecurityScheme, &'static [&'static str])];

/// The headers the schemes of `requirements` declare for their API keys: credentials whoever
/// sets them, the caller's extra headers included.
pub fn declared_headers(requirements: Requirements) -> impl Iterator<Item = &'static str> {
    requirements
        .iter()
        .flat_map(|requirement| requirement.iter())
        .filter_map(|(scheme, _)| match scheme.kind {
            SchemeKind::ApiKey {
                location: ApiKeyLocation::Header,
                name,
            } => Some(name),
            _ => None,
        })
}

/// A credential for one security scheme, given to
/// [`ClientBuilder::credential`](crate::ClientBuilder::credential). Secrets are kept out of
/// `Debug` output and error messages.
#[derive(Clone)]
pub struct Credential {
    secret: Secret,
    token_url: Option<String>,
    scopes: Option<Vec<String>>,
}

#[derive(Clone)]
enum Secret {
    Basic {
        username: String,
        password: SecretString,
    },
    Bearer(SecretString),
    Authorization(SecretString),
    ApiKey(SecretString),
    ClientCredentials {
        client_id: String,
        client_secret: SecretString,
    },
    Source(Arc<dyn CredentialSource>),
}

impl Credential {
    fn of(secret: Secret) -> Self {
        Credential {
            secret,
            token_url: None,
            scopes: None,
        }
    }

    /// A user name and password for an HTTP basic scheme, sent as
    /// `Authorization: Basic base64(username:password)`.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Credential::of(Secret::Basic {
            username: username.into(),
            password: SecretString::from(password.into()),
        })
    }

    /// A token for an HTTP bearer, OAuth 2 or OpenID Connect scheme, sent as
    /// `Authorization: Bearer <token>`.
    pub fn bearer(token: impl Into<String>) -> Self {
        Credential::of(Secret::Bearer(SecretString::from(token.into())))
    }

    /// A whole `Authorization` value, such as `Token abc`, for an HTTP scheme other than basic
    /// and bearer (or for those, made by hand).
    pub fn authorization(value: impl Into<String>) -> Self {
        Credential::of(Secret::Authorization(SecretString::from(value.into())))
    }

    /// A key for an API key scheme, sent in the header, query parameter or cookie the spec
    /// names.
    pub fn api_key(key: impl Into<String>) -> Self {
        Credential::of(Secret::ApiKey(SecretString::from(key.into())))
    }

    /// OAuth 2 client credentials for an OAuth 2 scheme: the client posts them to the scheme's
    /// `tokenUrl` (or the one [`token_url`](Self::token_url) gives) with the scopes the
    /// operation's requirement lists (or those [`scopes`](Self::scopes) gives), caches each
    /// token for every clone of the client, refreshes it before it expires, and fetches a new
    /// one once after a 401, as [`ClientBuilder::client_credentials`](crate::ClientBuilder::client_credentials) does.
    pub fn client_credentials(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        Credential::of(Secret::ClientCredentials {
            client_id: client_id.into(),
            client_secret: SecretString::from(client_secret.into()),
        })
    }

    /// The token endpoint of client credentials, instead of the spec's `tokenUrl`. A relative
    /// URL is resolved against the module's server (the base URL and the module's path).
    /// Only client credentials take it: [`ClientBuilder::build`](crate::ClientBuilder::build)
    /// refuses it on any other credential.
    pub fn token_url(mut self, token_url: impl Into<String>) -> Self {
        self.token_url = Some(token_url.into());
        self
    }

    /// The scopes every token request of client credentials asks for, instead of the scopes
    /// each operation's requirement lists; an empty list asks for none (the server's default).
    /// Only client credentials take it, as with [`token_url`](Self::token_url).
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// `Authorization` values from the caller's own [`CredentialSource`], for any scheme that
    /// travels in the `Authorization` header.
    pub fn source(source: impl CredentialSource + 'static) -> Self {
        Credential::of(Secret::Source(Arc::new(source)))
    }

    fn describe(&self) -> &'static str {
        match self.secret {
            Secret::Basic { .. } => "HTTP basic credentials",
            Secret::Bearer(_) => "a bearer token",
            Secret::Authorization(_) => "an Authorization value",
            Secret::ApiKey(_) => "an API key",
            Secret::ClientCredentials { .. } => "OAuth 2 client credentials",
            Secret::Source(_) => "a credential source",
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.secret {
            Secret::Basic { username, .. } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", &"[redacted]")
                .finish(),
            Secret::Bearer(_) => f.write_str("Bearer([redacted])"),
            Secret::Authorization(_) => f.write_str("Authorization([redacted])"),
            Secret::ApiKey(_) => f.write_str("ApiKey([redacted])"),
            Secret::ClientCredentials { client_id, .. } => f
                .debug_struct("ClientCredentials")
                .field("client_id", client_id)
                .field("client_secret", &"[redacted]")
                .field("token_url", &self.token_url.as_deref().map(redact_password))
                .field("scopes", &self.scopes)
                .finish(),
            Secret::Source(_) => f.write_str("Source(credential source)"),
        }
    }
}

/// The credentials given for schemes, checked against each scheme and made ready to send.
#[derive(Default)]
pub struct SchemeCredentials {
    by_scheme: BTreeMap<(&'static str, &'static str), SchemeAuth>,
}

enum SchemeAuth {
    /// A ready `Authorization` value.
    Authorization(HeaderValue),
    Header(HeaderName, HeaderValue),
    Query(&'static str, SecretString),
    Cookie(&'static str, SecretString),
    Tokens(ScopedTokens),
    Source(Arc<dyn CredentialSource>),
}

/// Client credentials at one token endpoint, with one cached token per set of scopes.
struct ScopedTokens {
    client_id: String,
    client_secret: SecretString,
    token_url: String,
    scopes: Option<String>,
    tokens: Mutex<BTreeMap<String, Arc<TokenSource>>>,
}

impl ScopedTokens {
    fn source(&self, scopes: &[&str]) -> Arc<TokenSource> {
        let scope = match &self.scopes {
            Some(scope) => scope.clone(),
            None => {
                let mut scopes = scopes.to_vec();
                scopes.sort_unstable();
                scopes.dedup();
                scopes.join(" ")
            }
        };
        let mut tokens = self
            .tokens
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let source = tokens.entry(scope).or_insert_with_key(|scope| {
            Arc::new(TokenSource::new(
                self.client_id.clone(),
                self.client_secret.clone(),
                self.token_url.clone(),
                (!scope.is_empty()).then(|| scope.clone()),
            ))
        });
        Arc::clone(source)
    }
}

impl SchemeCredentials {
    /// Checks each credential against its scheme: the right kind, values a request can carry,
    /// a token endpoint for client credentials. `base_url` is the client's, without a trailing
    /// slash.
    pub fn new(
        given: Vec<(SecurityScheme, Credential)>,
        base_url: &str,
    ) -> Result<Self, ConfigError> {
        let mut by_scheme = BTreeMap::new();
        for (scheme, credential) in given {
            let auth = SchemeAuth::new(&scheme, credential, base_url)?;
            by_scheme.insert(scheme.key(), auth);
        }
        Ok(SchemeCredentials { by_scheme })
    }

    pub fn is_empty(&self) -> bool {
        self.by_scheme.is_empty()
    }

    /// The schemes that have credentials, as `module::name`.
    pub fn names(&self) -> Vec<String> {
        self.by_scheme
            .keys()
            .map(|(module, name)| format!("{module}::{name}"))
            .collect()
    }
}

fn setting(scheme: &SecurityScheme) -> String {
    format!("{}::{}", scheme.module, scheme.name)
}

fn invalid(scheme: &SecurityScheme, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        setting: setting(scheme),
        location: "the client builder".into(),
        reason: reason.into(),
    }
}

fn sensitive(value: &str) -> Option<HeaderValue> {
    let mut header = HeaderValue::from_str(value).ok()?;
    header.set_sensitive(true);
    Some(header)
}

impl SchemeAuth {
    fn new(
        scheme: &SecurityScheme,
        credential: Credential,
        base_url: &str,
    ) -> Result<Self, ConfigError> {
        let given = credential.describe();
        let mismatch = || {
            let takes = match scheme.kind {
                SchemeKind::HttpBasic => "Credential::basic, authorization or source",
                SchemeKind::HttpBearer | SchemeKind::OpenIdConnect | SchemeKind::Undeclared => {
                    "Credential::bearer, authorization or source"
                }
                SchemeKind::Http { .. } => "Credential::authorization or source",
                SchemeKind::ApiKey { .. } => "Credential::api_key",
                SchemeKind::OAuth2 { .. } => {
                    "Credential::client_credentials, bearer, authorization or source"
                }
            };
            invalid(
                scheme,
                format!(
                    "{given} cannot be sent for this {} scheme, which takes {takes}",
                    kind_name(scheme.kind)
                ),
            )
        };
        let is_client_credentials = matches!(credential.secret, Secret::ClientCredentials { .. });
        if !is_client_credentials && (credential.token_url.is_some() || credential.scopes.is_some())
        {
            return Err(invalid(
                scheme,
                format!(
                    "a token URL or scopes only apply to client credentials, not to {}",
                    credential.describe()
                ),
            ));
        }
        let in_authorization = !matches!(scheme.kind, SchemeKind::ApiKey { .. });
        let unsendable = |what: &str| {
            invalid(
                scheme,
                format!("the {what} contains characters an HTTP request cannot carry"),
            )
        };
        match (credential.secret, scheme.kind) {
            (Secret::Basic { username, password }, SchemeKind::HttpBasic) => {
                if username.contains(':') {
                    return Err(invalid(
                        scheme,
                        "an HTTP basic user name cannot contain `:`",
                    ));
                }
                let pair = format!("{username}:{}", password.expose_secret());
                sensitive(&format!("Basic {}", base64(pair.as_bytes())))
                    .map(SchemeAuth::Authorization)
                    .ok_or_else(|| unsendable("user name"))
            }
            (
                Secret::Bearer(token),
                SchemeKind::HttpBearer
                | SchemeKind::OAuth2 { .. }
                | SchemeKind::OpenIdConnect
                | SchemeKind::Undeclared,
            ) => sensitive(&format!("Bearer {}", token.expose_secret()))
                .map(SchemeAuth::Authorization)
                .ok_or_else(|| unsendable("token")),
            (Secret::Authorization(value), _) if in_authorization => {
                sensitive(value.expose_secret())
                    .map(SchemeAuth::Authorization)
                    .ok_or_else(|| unsendable("Authorization value"))
            }
            (Secret::Source(source), _) if in_authorization => Ok(SchemeAuth::Source(source)),
            (Secret::ApiKey(key), SchemeKind::ApiKey { location, name }) => match location {
                ApiKeyLocation::Header => {
                    let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                        invalid(scheme, format!("`{name}` is not a valid header name"))
                    })?;
                    let value = sensitive(key.expose_secret()).ok_or_else(|| unsendable("key"))?;
                    Ok(SchemeAuth::Header(header, value))
                }
                ApiKeyLocation::Query => Ok(SchemeAuth::Query(name, key)),
                ApiKeyLocation::Cookie => {
                    if key.expose_secret().bytes().all(is_cookie_octet) {
                        Ok(SchemeAuth::Cookie(name, key))
                    } else {
                        Err(invalid(
                            scheme,
                            "the key contains characters a cookie cannot carry",
                        ))
                    }
                }
            },
            (
                Secret::ClientCredentials {
                    client_id,
                    client_secret,
                },
                SchemeKind::OAuth2 { token_url },
            ) => {
                let Some(raw) = credential.token_url.as_deref().or(token_url) else {
                    return Err(invalid(
                        scheme,
                        "the spec declares no client credentials flow for this scheme, so there \
                         is no token URL: give one with Credential::token_url",
                    ));
                };
                let token_url = resolve_token_url(base_url, scheme.path_prefix, raw)
                    .map_err(|reason| invalid(scheme, reason))?;
                Ok(SchemeAuth::Tokens(ScopedTokens {
                    client_id,
                    client_secret,
                    token_url,
                    scopes: credential.scopes.map(|scopes| scopes.join(" ")),
                    tokens: Mutex::new(BTreeMap::new()),
                }))
            }
            _ => Err(mismatch()),
        }
    }

    /// Adds this scheme's credential to `applied`, fetching a token first if needed.
    async fn apply(
        &self,
        scopes: &[&str],
        context: &FetchContext<'_>,
        applied: &mut Applied,
    ) -> Result<(), AuthError> {
        match self {
            SchemeAuth::Authorization(value) => applied.authorization = Some(value.clone()),
            SchemeAuth::Header(name, value) => {
                applied.headers.push((name.clone(), value.clone()));
            }
            SchemeAuth::Query(name, key) => applied.query.push((name, key.clone())),
            SchemeAuth::Cookie(name, key) => applied.cookies.push((name, key.clone())),
            SchemeAuth::Tokens(tokens) => {
                let source = tokens.source(scopes);
                let value = source.authorization(context).await?;
                applied.authorization = Some(value.clone());
                applied.rejectable.push(Rejectable::Token(source, value));
            }
            SchemeAuth::Source(source) => {
                let value = Authenticator::ask(source.as_ref(), context).await?;
                applied.authorization = Some(value.clone());
                applied
                    .rejectable
                    .push(Rejectable::Source(Arc::clone(source), value));
            }
        }
        Ok(())
    }
}

fn kind_name(kind: SchemeKind) -> &'static str {
    match kind {
        SchemeKind::HttpBasic => "HTTP basic",
        SchemeKind::HttpBearer => "HTTP bearer",
        SchemeKind::Http { .. } => "HTTP",
        SchemeKind::ApiKey { .. } => "API key",
        SchemeKind::OAuth2 { .. } => "OAuth 2",
        SchemeKind::OpenIdConnect => "OpenID Connect",
        SchemeKind::Undeclared => "undeclared",
    }
}

/// `raw` as an absolute `http(s)` URL: as it is when absolute, else resolved against the
/// module's server URL (the base URL followed by the module's path), as OpenAPI resolves
/// relative URLs.
fn resolve_token_url(base_url: &str, path_prefix: &str, raw: &str) -> Result<String, String> {
    let server = format!("{base_url}{path_prefix}");
    let shown = redact_password(raw);
    let parsed = match reqwest::Url::parse(raw.trim()) {
        Ok(url) => url,
        Err(_) => reqwest::Url::parse(&server)
            .and_then(|server| server.join(raw.trim()))
            .map_err(|error| format!("the token URL `{shown}` is not a URL ({error})"))?,
    };
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "the token URL `{shown}` must be http:// or https://"
        ));
    }
    Ok(parsed.to_string())
}

/// RFC 6265's cookie-octet: visible ASCII but `"`, `,`, `;` and `\`.
fn is_cookie_octet(byte: u8) -> bool {
    byte.is_ascii_graphic() && !matches!(byte, b'"' | b',' | b';' | b'\\')
}

/// Standard base64 with padding (RFC 4648), for HTTP basic credentials.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (index, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if index <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Which requirement a request carries, decided once per call from what the caller supplied.
#[derive(Clone, Copy)]
pub enum Chosen {
    /// No credentials.
    Anonymous,
    /// The client's own credentials, for code generated before schemes were known.
    ClientCredentials,
    Requirement(Requirement),
}

/// The credentials one attempt carries, and how to tell their owners about a 401.
#[derive(Default)]
pub struct Applied {
    pub authorization: Option<HeaderValue>,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub query: Vec<(&'static str, SecretString)>,
    pub cookies: Vec<(&'static str, SecretString)>,
    rejectable: Vec<Rejectable>,
}

enum Rejectable {
    Client(HeaderValue),
    Token(Arc<TokenSource>, HeaderValue),
    Source(Arc<dyn CredentialSource>, HeaderValue),
}

impl Applied {
    /// Whether a 401 is worth telling anyone about.
    pub fn can_be_rejected(&self) -> bool {
        !self.rejectable.is_empty()
    }

    /// Whether the attempt carries any credential at all.
    pub fn is_empty(&self) -> bool {
        self.authorization.is_none()
            && self.headers.is_empty()
            && self.query.is_empty()
            && self.cookies.is_empty()
    }

    /// `error` with any API key in its URL replaced by `[redacted]`, so that no message or
    /// trace made from it carries the key.
    pub fn redact(&self, error: reqwest::Error) -> reqwest::Error {
        if self.query.is_empty() {
            return error;
        }
        let Some(url) = error.url().cloned() else {
            return error;
        };
        let mut redacted = url.clone();
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(name, value)| {
                let secret = self.query.iter().any(|(key, _)| *key == name);
                let value = if secret {
                    "[redacted]".to_owned()
                } else {
                    value.into_owned()
                };
                (name.into_owned(), value)
            })
            .collect();
        redacted.query_pairs_mut().clear().extend_pairs(pairs);
        error.with_url(redacted)
    }
}

impl Client {
    /// The requirement of `requirements` a call carries: the first whose every scheme has a
    /// credential, or none.
    pub(crate) fn choose(&self, authenticated: bool, requirements: Requirements) -> Chosen {
        if !authenticated {
            return Chosen::Anonymous;
        }
        if requirements.is_empty() {
            return Chosen::ClientCredentials;
        }
        requirements
            .iter()
            .find(|requirement| {
                !requirement.is_empty()
                    && requirement
                        .iter()
                        .all(|(scheme, _)| self.has_credential(scheme))
            })
            .map_or(Chosen::Anonymous, |requirement| {
                Chosen::Requirement(requirement)
            })
    }

    fn has_credential(&self, scheme: &SecurityScheme) -> bool {
        self.scheme_credentials()
            .by_scheme
            .contains_key(&scheme.key())
            || (scheme.takes_client_credentials() && !matches!(self.auth(), Authenticator::None))
    }

    /// The credentials of the chosen requirement, fetching tokens first if needed.
    pub(crate) async fn credentials(
        &self,
        chosen: Chosen,
        context: &FetchContext<'_>,
    ) -> Result<Applied, AuthError> {
        let mut applied = Applied::default();
        let requirement = match chosen {
            Chosen::Anonymous => return Ok(applied),
            Chosen::ClientCredentials => {
                self.apply_client_credentials(context, &mut applied).await?;
                return Ok(applied);
            }
            Chosen::Requirement(requirement) => requirement,
        };
        for (scheme, scopes) in requirement {
            match self.scheme_credentials().by_scheme.get(&scheme.key()) {
                Some(auth) => auth.apply(scopes, context, &mut applied).await?,
                None => self.apply_client_credentials(context, &mut applied).await?,
            }
        }
        Ok(applied)
    }

    async fn apply_client_credentials(
        &self,
        context: &FetchContext<'_>,
        applied: &mut Applied,
    ) -> Result<(), AuthError> {
        if let Some(value) = self.auth().authorization(context).await? {
            applied.authorization = Some(value.clone());
            applied.rejectable.push(Rejectable::Client(value));
        }
        Ok(())
    }

    /// After a 401: tells the owner of every credential the attempt carried, and returns
    /// whether any of them has a fresh one worth a replay.
    pub(crate) async fn reject(&self, applied: &Applied) -> bool {
        let mut replay = false;
        for rejected in &applied.rejectable {
            replay |= match rejected {
                Rejectable::Client(value) => self.auth().reject(value).await,
                Rejectable::Token(source, value) => {
                    source.forget(value);
                    true
                }
                Rejectable::Source(source, value) => {
                    source
                        .rejected(&crate::auth::AuthorizationValue::from_header(value.clone()))
                        .await
                }
            };
        }
        replay
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_rfc_4648_with_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
        assert_eq!(
            base64(b"Aladdin:open sesame"),
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
    }

    #[test]
    fn relative_token_urls_resolve_against_the_module_server() {
        let resolve = |raw| resolve_token_url("https://api.example.com", "/v1", raw);
        assert_eq!(
            resolve("/oauth/token").as_deref(),
            Ok("https://api.example.com/oauth/token")
        );
        assert_eq!(
            resolve("https://auth.example.com/token").as_deref(),
            Ok("https://auth.example.com/token")
        );
        assert!(resolve("ftp://auth.example.com/token").is_err());
    }
}
