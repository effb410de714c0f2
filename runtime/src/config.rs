//! Client settings from the environment or a configuration file, under the names the crate's
//! [`Profile`] gives them, and the credentials they name. Secrets stay out of `Debug` and error
//! messages.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use secrecy::SecretString;

use crate::auth::CredentialSource;
use crate::profile::Profile;

/// How the client proves who it is.
#[derive(Clone, Default)]
#[non_exhaustive]
pub enum Credentials {
    /// No `Authorization` header.
    #[default]
    None,
    /// A bearer token obtained elsewhere, sent as is.
    AccessToken(SecretString),
    /// OAuth2 client credentials: the client fetches a token from the token endpoint, caches
    /// it, and refreshes it before it expires.
    ClientCredentials {
        /// The client id.
        client_id: String,
        /// The client secret.
        client_secret: SecretString,
    },
    /// `Authorization` values from the caller's own source, asked before every attempt.
    Custom(Arc<dyn CredentialSource>),
}

impl Credentials {
    /// A static bearer token.
    pub fn access_token(token: impl Into<String>) -> Self {
        Credentials::AccessToken(SecretString::from(token.into()))
    }

    /// OAuth2 client credentials.
    pub fn client_credentials(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        Credentials::ClientCredentials {
            client_id: client_id.into(),
            client_secret: SecretString::from(client_secret.into()),
        }
    }

    /// `Authorization` values from `source`.
    pub fn source(source: impl CredentialSource + 'static) -> Self {
        Credentials::Custom(Arc::new(source))
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::None => f.write_str("None"),
            Credentials::AccessToken(_) => f.write_str("AccessToken([redacted])"),
            Credentials::ClientCredentials { client_id, .. } => f
                .debug_struct("ClientCredentials")
                .field("client_id", client_id)
                .field("client_secret", &"[redacted]")
                .finish(),
            Credentials::Custom(_) => f.write_str("Custom(credential source)"),
        }
    }
}

/// The settings a client needs: where the tenant is and how to authenticate.
#[derive(Debug, Clone)]
pub struct Config {
    /// The tenant's base URL, such as `https://example.api.identitynow.com`.
    pub base_url: String,
    /// How to authenticate.
    pub credentials: Credentials,
}

impl Config {
    /// Reads the environment variables `profile` names; when none of them is set, reads its
    /// configuration file in the working directory.
    pub fn from_env_for(profile: &Profile) -> Result<Config, ConfigError> {
        let dir = std::env::current_dir().map_err(|error| ConfigError::Invalid {
            setting: "the working directory".into(),
            location: "the process".into(),
            reason: error.to_string(),
        })?;
        Config::from_sources_for(profile, |name| std::env::var(name).ok(), &dir)
    }

    /// Like [`Config::from_env_for`], with the environment read through `env` and the
    /// configuration file looked for in `dir`.
    pub fn from_sources_for(
        profile: &Profile,
        env: impl Fn(&str) -> Option<String>,
        dir: &Path,
    ) -> Result<Config, ConfigError> {
        let read = |name: &str| {
            env(name)
                .map(|value| value.trim().to_owned())
                .filter(|value| !value.is_empty())
        };
        if let Some(names) = profile.environment {
            let from_env = [names.base_url, names.client_id, names.client_secret].map(read);
            if from_env.iter().any(Option::is_some) {
                let [base_url, client_id, client_secret] = from_env;
                let require = |value: Option<String>, setting: &str| {
                    value.ok_or_else(|| ConfigError::Missing {
                        setting: setting.into(),
                        location: "the environment".into(),
                    })
                };
                return Ok(Config {
                    base_url: require(base_url, names.base_url)?,
                    credentials: Credentials::client_credentials(
                        require(client_id, names.client_id)?,
                        require(client_secret, names.client_secret)?,
                    ),
                });
            }
        }
        let Some(names) = profile.config_file else {
            return Err(not_found(profile, None));
        };
        let path = dir.join(names.file);
        let location = path.display().to_string();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(not_found(profile, Some(location)));
            }
            Err(error) => {
                return Err(ConfigError::Invalid {
                    setting: names.file.into(),
                    location,
                    reason: error.to_string(),
                });
            }
        };
        let file: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text)
            .map_err(|error| ConfigError::Invalid {
                setting: names.file.into(),
                location: location.clone(),
                reason: format!("not a JSON object: {error}"),
            })?;
        let field = |key: &str| match file.get(key) {
            Some(serde_json::Value::String(value)) if !value.trim().is_empty() => {
                Ok(value.trim().to_owned())
            }
            Some(_) => Err(ConfigError::Invalid {
                setting: key.into(),
                location: location.clone(),
                reason: "expected a non-empty string".into(),
            }),
            None => Err(ConfigError::Missing {
                setting: key.into(),
                location: location.clone(),
            }),
        };
        Ok(Config {
            base_url: field(names.base_url)?,
            credentials: Credentials::client_credentials(
                field(names.client_id)?,
                field(names.client_secret)?,
            ),
        })
    }
}

/// [`ConfigError::NotFound`], saying what would have configured the client.
fn not_found(profile: &Profile, config_file: Option<String>) -> ConfigError {
    let variables = profile.environment.map(|names| {
        format!(
            "set {}, {} and {}",
            names.base_url, names.client_id, names.client_secret
        )
    });
    let file = profile.config_file.map(|names| {
        format!(
            "write {}, {} and {} to {}",
            names.base_url,
            names.client_id,
            names.client_secret,
            config_file.as_deref().unwrap_or(names.file)
        )
    });
    let advice = match (variables, file) {
        (Some(variables), Some(file)) => format!("{variables}, or {file}"),
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => "this client reads no environment variables and no configuration \
                         file: give the base URL and credentials to the client builder"
            .to_owned(),
    };
    ConfigError::NotFound {
        config_file,
        advice,
    }
}

/// A client setting that is missing or unusable. Messages name the setting and where it was
/// looked for, and never contain a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A required setting was not given.
    #[error("the setting `{setting}` is required but is not set in {location}")]
    Missing {
        /// The setting's name.
        setting: String,
        /// Where it was looked for.
        location: String,
    },
    /// A setting has a value the client cannot use.
    #[error("the setting `{setting}` in {location} is invalid: {reason}")]
    Invalid {
        /// The setting's name.
        setting: String,
        /// Where it was found.
        location: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Neither the environment nor a configuration file names a tenant.
    #[error("no client configuration: {advice}")]
    NotFound {
        /// The configuration file that was looked for, when the client reads one.
        config_file: Option<String>,
        /// What would configure the client: the variables to set and the file to write.
        advice: String,
    },
    /// The HTTP client could not be built (for example, no TLS roots could be loaded).
    #[error("could not build the HTTP client: {0}")]
    HttpClient(#[source] reqwest::Error),
}

/// `url` with the password of its user information (`https://user:password@host`) replaced by
/// `[redacted]`: how a URL of the settings appears in `Debug` output, errors and traces. It
/// works on the text, so a URL that does not parse is redacted too, and keeps the user name,
/// which says whose password it was.
pub(crate) fn redact_password(url: &str) -> String {
    let authority_start = url.find("://").map_or(0, |scheme_end| scheme_end + 3);
    let authority_end = url[authority_start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |end| authority_start + end);
    let authority = &url[authority_start..authority_end];
    let Some(at) = authority.rfind('@') else {
        return url.to_owned();
    };
    let Some(colon) = authority[..at].find(':') else {
        return url.to_owned();
    };
    let password_start = authority_start + colon + 1;
    let password_end = authority_start + at;
    format!(
        "{}[redacted]{}",
        &url[..password_start],
        &url[password_end..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_in_a_url_is_redacted_whether_or_not_the_url_parses() {
        for (url, shown) in [
            (
                "https://user:pw@host/path",
                "https://user:[redacted]@host/path",
            ),
            (
                "https://user:p@w:rd@host:8443",
                "https://user:[redacted]@host:8443",
            ),
            ("http://:pw@host", "http://:[redacted]@host"),
            ("user:pw@host", "user:[redacted]@host"),
            ("https://user@host/a@b", "https://user@host/a@b"),
            ("https://host/path?to=a:b@c", "https://host/path?to=a:b@c"),
            ("not a url", "not a url"),
            ("", ""),
        ] {
            assert_eq!(redact_password(url), shown, "{url}");
        }
    }
}
