//! Client configuration from `SAIL_BASE_URL` / `SAIL_CLIENT_ID` / `SAIL_CLIENT_SECRET` or
//! `config.json`, read through `Config::from_sources` (the process environment is never
//! changed): which source wins, the errors naming what is missing and where, and a client built
//! from a `Config` that fetches its token and calls the API.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{header, received, start_server, token_body};
use sailpoint_client::{
    Client, Config, ConfigError, Credentials, CONFIG_FILE, ENV_BASE_URL, ENV_CLIENT_ID,
    ENV_CLIENT_SECRET,
};
use secrecy::ExposeSecret;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, ResponseTemplate};

const SECRET: &str = "env-SECRET-4d1c";
const FILE_SECRET: &str = "file-SECRET-9b2e";

/// A directory of its own under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "sailpoint-client-config-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        ));
        // A leftover from an earlier run with the same process id would change the test.
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create a temporary directory");
        TempDir(path)
    }

    /// A directory holding `config.json` with `text`.
    fn with_config(text: &str) -> Self {
        let dir = TempDir::new();
        std::fs::write(dir.config_path(), text).expect("write config.json");
        dir
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn config_path(&self) -> PathBuf {
        self.0.join(CONFIG_FILE)
    }

    /// The config file path as error messages show it.
    fn shown_config_path(&self) -> String {
        self.config_path().display().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// An environment holding exactly `vars`.
fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
    move |name| vars.get(name).cloned()
}

fn no_env() -> impl Fn(&str) -> Option<String> {
    env(&[])
}

fn full_env(base_url: &str) -> Vec<(&'static str, String)> {
    vec![
        (ENV_BASE_URL, base_url.to_owned()),
        (ENV_CLIENT_ID, "env-client".to_owned()),
        (ENV_CLIENT_SECRET, SECRET.to_owned()),
    ]
}

fn env_of(vars: &[(&'static str, String)]) -> impl Fn(&str) -> Option<String> {
    let borrowed: Vec<(&str, &str)> = vars.iter().map(|(n, v)| (*n, v.as_str())).collect();
    env(&borrowed)
}

fn file_config(base_url: &str) -> Value {
    json!({
        "BaseURL": base_url,
        "ClientId": "file-client",
        "ClientSecret": FILE_SECRET
    })
}

/// The client id and secret of `config`, which must hold client credentials.
fn client_credentials(config: &Config) -> (String, String) {
    match &config.credentials {
        Credentials::ClientCredentials {
            client_id,
            client_secret,
        } => (client_id.clone(), client_secret.expose_secret().to_owned()),
        other => panic!("expected client credentials, got {other:?}"),
    }
}

fn assert_no_secret(error: &ConfigError) {
    let shown = format!("{error} {error:?}");
    for secret in [SECRET, FILE_SECRET] {
        assert!(!shown.contains(secret), "a secret leaks into {shown}");
    }
}

// ---------------------------------------------------------------------------------------------
// The environment
// ---------------------------------------------------------------------------------------------

#[test]
fn settings_are_trimmed_of_surrounding_white_space() {
    let config = Config::from_sources(
        env(&[
            (ENV_BASE_URL, " https://env.example.com\n"),
            (ENV_CLIENT_ID, "env-client\n"),
            (ENV_CLIENT_SECRET, "\tsecret "),
        ]),
        Path::new("/nonexistent"),
    )
    .unwrap();
    assert_eq!(config.base_url, "https://env.example.com");
    assert_eq!(
        client_credentials(&config),
        ("env-client".to_owned(), "secret".to_owned())
    );
}

#[test]
fn environment_variables_win_over_config_json() {
    let dir = TempDir::with_config(&file_config("https://file.example.com").to_string());

    let config =
        Config::from_sources(env_of(&full_env("https://env.example.com")), dir.path()).unwrap();

    assert_eq!(config.base_url, "https://env.example.com");
    assert_eq!(
        client_credentials(&config),
        ("env-client".to_owned(), SECRET.to_owned())
    );
}

#[test]
fn when_any_variable_is_set_all_three_are_required_and_the_missing_one_is_named() {
    // A valid config.json alongside must not fill the gap.
    let dir = TempDir::with_config(&file_config("https://file.example.com").to_string());
    let base = ("https://env.example.com", ENV_BASE_URL);
    let id = ("env-client", ENV_CLIENT_ID);
    let secret = (SECRET, ENV_CLIENT_SECRET);
    let cases: [(&[(&str, &str)], &str); 6] = [
        (&[base], ENV_CLIENT_ID),
        (&[id], ENV_BASE_URL),
        (&[secret], ENV_BASE_URL),
        (&[base, id], ENV_CLIENT_SECRET),
        (&[base, secret], ENV_CLIENT_ID),
        (&[id, secret], ENV_BASE_URL),
    ];

    for (set, missing) in cases {
        let vars: Vec<(&str, &str)> = set.iter().map(|(value, name)| (*name, *value)).collect();
        let error = Config::from_sources(env(&vars), dir.path()).expect_err("incomplete");

        let message = error.to_string();
        assert!(
            matches!(&error, ConfigError::Missing { setting, location }
                if setting == missing && location == "the environment"),
            "{vars:?}: {error:?}"
        );
        assert!(message.contains(missing), "{message}");
        assert!(message.contains("the environment"), "{message}");
        assert_no_secret(&error);
    }
}

#[test]
fn blank_variables_count_as_unset() {
    let dir = TempDir::with_config(&file_config("https://file.example.com").to_string());

    // All blank: as if none were set, so config.json is read.
    let config = Config::from_sources(
        env(&[
            (ENV_BASE_URL, ""),
            (ENV_CLIENT_ID, "  "),
            (ENV_CLIENT_SECRET, "\t"),
        ]),
        dir.path(),
    )
    .unwrap();
    assert_eq!(config.base_url, "https://file.example.com");

    // One blank among set ones: that one is missing.
    let error = Config::from_sources(
        env(&[
            (ENV_BASE_URL, "https://env.example.com"),
            (ENV_CLIENT_ID, " "),
            (ENV_CLIENT_SECRET, SECRET),
        ]),
        dir.path(),
    )
    .expect_err("the client id is blank");
    assert!(
        matches!(&error, ConfigError::Missing { setting, .. } if setting == ENV_CLIENT_ID),
        "{error:?}"
    );
    assert_no_secret(&error);
}

// ---------------------------------------------------------------------------------------------
// config.json
// ---------------------------------------------------------------------------------------------

#[test]
fn config_json_is_read_when_no_variable_is_set() {
    let mut file = file_config("https://file.example.com");
    file["SomethingElse"] = json!({ "ignored": true });
    let dir = TempDir::with_config(&file.to_string());

    let config = Config::from_sources(no_env(), dir.path()).unwrap();

    assert_eq!(config.base_url, "https://file.example.com");
    assert_eq!(
        client_credentials(&config),
        ("file-client".to_owned(), FILE_SECRET.to_owned())
    );
}

#[test]
fn a_key_missing_from_config_json_is_named_with_the_file_path() {
    for key in ["BaseURL", "ClientId", "ClientSecret"] {
        let mut file = file_config("https://file.example.com");
        file.as_object_mut().unwrap().remove(key);
        let dir = TempDir::with_config(&file.to_string());

        let error = Config::from_sources(no_env(), dir.path()).expect_err("incomplete");

        let shown_path = dir.shown_config_path();
        assert!(
            matches!(&error, ConfigError::Missing { setting, location }
                if setting == key && *location == shown_path),
            "{key}: {error:?}"
        );
        let message = error.to_string();
        assert!(message.contains(key), "{message}");
        assert!(message.contains(&shown_path), "{message}");
        assert_no_secret(&error);
    }
}

#[test]
fn a_key_that_is_not_a_non_empty_string_is_invalid() {
    for (key, value) in [
        ("ClientId", json!(42)),
        ("BaseURL", json!(null)),
        ("ClientSecret", json!("   ")),
        ("ClientId", json!(["a"])),
    ] {
        let mut file = file_config("https://file.example.com");
        file[key] = value.clone();
        let dir = TempDir::with_config(&file.to_string());

        let error = Config::from_sources(no_env(), dir.path()).expect_err("invalid");

        assert!(
            matches!(&error, ConfigError::Invalid { setting, location, .. }
                if setting == key && *location == dir.shown_config_path()),
            "{key} = {value}: {error:?}"
        );
        assert!(error.to_string().contains(key), "{error}");
        assert_no_secret(&error);
    }
}

#[test]
fn malformed_config_json_is_invalid_and_names_the_file() {
    for text in ["{ \"BaseURL\": ", "", "[1, 2]", "\"a string\""] {
        let dir = TempDir::with_config(text);

        let error = Config::from_sources(no_env(), dir.path()).expect_err("not a JSON object");

        assert!(
            matches!(&error, ConfigError::Invalid { setting, location, .. }
                if setting == CONFIG_FILE && *location == dir.shown_config_path()),
            "{text:?}: {error:?}"
        );
        let message = error.to_string();
        assert!(message.contains(CONFIG_FILE), "{message}");
        assert!(message.contains(&dir.shown_config_path()), "{message}");
    }
}

#[test]
fn a_config_json_that_cannot_be_read_is_invalid() {
    let dir = TempDir::new();
    std::fs::create_dir(dir.config_path()).unwrap();

    let error = Config::from_sources(no_env(), dir.path()).expect_err("a directory");

    assert!(
        matches!(&error, ConfigError::Invalid { setting, .. } if setting == CONFIG_FILE),
        "{error:?}"
    );
}

#[test]
fn with_neither_source_the_error_names_the_three_variables_and_the_file() {
    let dir = TempDir::new();

    let error = Config::from_sources(no_env(), dir.path()).expect_err("nothing configured");

    assert!(
        matches!(&error, ConfigError::NotFound { config_file: Some(config_file), .. } if *config_file == dir.shown_config_path()),
        "{error:?}"
    );
    let message = error.to_string();
    assert_eq!(
        message,
        format!(
            "no client configuration: set SAIL_BASE_URL, SAIL_CLIENT_ID and SAIL_CLIENT_SECRET, or write BaseURL, ClientId and ClientSecret to {}",
            dir.shown_config_path()
        )
    );
    for name in [
        ENV_BASE_URL,
        ENV_CLIENT_ID,
        ENV_CLIENT_SECRET,
        "BaseURL",
        "ClientId",
        "ClientSecret",
    ] {
        assert!(message.contains(name), "{name} missing from: {message}");
    }
    assert!(message.contains(&dir.shown_config_path()), "{message}");
}

// ---------------------------------------------------------------------------------------------
// From a Config to a client
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_client_built_from_a_config_fetches_its_token_and_calls_the_api() {
    let server = start_server().await;
    let from_file = TempDir::with_config(&file_config(&server.uri()).to_string());
    let configs = [
        (
            Config::from_sources(env_of(&full_env(&server.uri())), TempDir::new().path()).unwrap(),
            "env-client",
            SECRET,
        ),
        (
            Config::from_sources(no_env(), from_file.path()).unwrap(),
            "file-client",
            FILE_SECRET,
        ),
    ];

    for (config, client_id, client_secret) in configs {
        server.reset().await;
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(token_body("config-token", 3600)),
            )
            .mount(&server)
            .await;
        Mock::given(path_regex("^/v3/"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
            .mount(&server)
            .await;
        let client = Client::builder().config(config).build().unwrap();
        assert_eq!(client.base_url(), server.uri());

        client
            .v3()
            .get_lifecycle_states("profile-1")
            .send()
            .await
            .expect("the call succeeds");

        let requests = received(&server).await;
        assert_eq!(requests.len(), 2, "{requests:?}");
        assert_eq!(requests[0].url.path(), "/oauth/token");
        let form = String::from_utf8(requests[0].body.clone()).unwrap();
        assert!(form.contains(&format!("client_id={client_id}")), "{form}");
        assert!(
            form.contains(&format!("client_secret={client_secret}")),
            "{form}"
        );
        assert_eq!(
            header(&requests[1], "authorization"),
            Some("Bearer config-token")
        );
    }
}

#[test]
fn a_config_base_url_that_is_not_a_url_fails_when_the_client_is_built() {
    let dir = TempDir::with_config(&file_config("not a url").to_string());
    let config = Config::from_sources(no_env(), dir.path()).unwrap();

    let error = Client::builder()
        .config(config)
        .build()
        .expect_err("not a URL");

    assert!(
        matches!(&error, ConfigError::Invalid { setting, .. } if setting == "base_url"),
        "{error:?}"
    );
    assert_no_secret(&error);
}

#[test]
fn a_url_setting_with_a_password_is_refused_without_showing_the_password() {
    const PASSWORD: &str = "pw-CONFIG-SECRET";
    let with_password = |url: &str| url.replace("://", &format!("://user:{PASSWORD}@"));
    let refused = [
        (
            Client::builder().base_url(with_password("http://127.0.0.1:99999")),
            "the setting `base_url` in the client builder is invalid: `http://user:[redacted]@127.0.0.1:99999` is not a URL (invalid port number)",
        ),
        (
            Client::builder().base_url(with_password("ftp://example.com")),
            "the setting `base_url` in the client builder is invalid: `ftp://user:[redacted]@example.com` must start with http:// or https://",
        ),
        (
            Client::builder()
                .base_url("https://example.com")
                .token_url(with_password("https://auth.example.com/token?x=1")),
            "the setting `token_url` in the client builder is invalid: `https://user:[redacted]@auth.example.com/token?x=1` must not have a query or fragment",
        ),
        (
            Client::builder().base_url("https://example.com").credential(
                sailpoint_client::v3::security::USER_AUTH,
                sailpoint_client::Credential::client_credentials("id", "secret")
                    .token_url(with_password("gopher://auth.example.com/")),
            ),
            "the setting `v3::userAuth` in the client builder is invalid: the token URL `gopher://user:[redacted]@auth.example.com/` must be http:// or https://",
        ),
    ];
    for (builder, message) in refused {
        let shown = format!("{builder:?}");
        assert!(!shown.contains(PASSWORD), "{shown}");
        let error = builder.build().expect_err("refused");
        assert_eq!(error.to_string(), message);
        assert!(!format!("{error:?}").contains(PASSWORD), "{error:?}");
    }
}

/// `Client::from_env` reads the real environment and working directory, which this test must not
/// change: it only runs where neither configures a tenant, and then expects `NotFound`.
#[test]
fn from_env_without_any_configuration_is_not_found() {
    let configured = [ENV_BASE_URL, ENV_CLIENT_ID, ENV_CLIENT_SECRET]
        .iter()
        .any(|name| std::env::var_os(name).is_some());
    let cwd = std::env::current_dir().unwrap();
    if configured || cwd.join(CONFIG_FILE).exists() {
        eprintln!(
            "skipped: the environment or {} configures a tenant",
            cwd.display()
        );
        return;
    }

    let error = Client::from_env().expect_err("nothing configured");

    let expected = cwd.join(CONFIG_FILE).display().to_string();
    assert!(
        matches!(&error, ConfigError::NotFound { config_file: Some(config_file), .. } if *config_file == expected),
        "{error:?}"
    );
    assert!(matches!(
        Config::from_env(),
        Err(ConfigError::NotFound { .. })
    ));
}
