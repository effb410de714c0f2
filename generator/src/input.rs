//! What a run of the generator is given besides the specs' other files: each OpenAPI document
//! to generate from ([`SpecInput`]) and how the generated crate is packaged ([`Settings`]).

use crate::load::OverlayInput;

/// One OpenAPI document to generate from: its entry file, which may reference other files.
#[derive(Debug, Clone)]
pub struct SpecInput {
    /// How to name the file in messages and generated docs, such as `spec/v3/lifecycle-states.yaml`.
    /// Files it references are found relative to this path (see [`SpecFiles`](crate::load::SpecFiles)).
    pub file: String,
    /// The Rust module for this document; derived from `info.version` when `None`.
    pub module: Option<String>,
    /// The document's text.
    pub contents: String,
    /// OpenAPI Overlay 1.0 documents to apply, in this order, before the spec is read (see
    /// [`load::overlay`](crate::load::overlay)): each applies to the file its `extends` names, or to this entry
    /// document. `cargo xtask codegen` passes `spec/<module>/overlays/*` in file-name order.
    pub overlays: Vec<OverlayInput>,
}

impl SpecInput {
    /// The document `file`, whose text is `contents`, generating `module` (named after the
    /// document's `info.version` when `None`), with no overlays.
    pub fn new(file: impl Into<String>, module: Option<&str>, contents: impl Into<String>) -> Self {
        SpecInput {
            file: file.into(),
            module: module.map(str::to_owned),
            contents: contents.into(),
            overlays: Vec::new(),
        }
    }

    /// Adds an overlay, applied after those added before it.
    pub fn with_overlay(mut self, file: impl Into<String>, contents: impl Into<String>) -> Self {
        self.overlays.push(OverlayInput::new(file, contents));
        self
    }
}

/// How the generated crate is packaged.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The package name in `Cargo.toml`, such as `sailpoint-client`.
    pub package_name: String,
    /// The package version.
    pub package_version: String,
    /// The command that regenerates the crate, named in every file's header.
    pub generated_by: String,
    /// Whether the crate is a member of an enclosing workspace (its lints and dev-dependencies).
    pub in_workspace: bool,
    /// Workspace dependencies the crate's hand-written tests use.
    pub dev_dependencies: Vec<String>,
    /// Hand-written benchmarks in `benches/` with their own `main` (criterion's), by name.
    pub benches: Vec<String>,
    /// What the client does by default beyond HTTP: the API's own conventions, which the
    /// runtime does not assume.
    pub profile: ClientProfile,
    /// Where the runtime crate (the workspace's `runtime/`) is, relative to the generated crate
    /// or absolute, for a path dependency; `None` names it by version alone.
    pub runtime_path: Option<String>,
}

/// The conventions of one API that its client follows by default, carried by the generated
/// crate as its `PROFILE` (the runtime holds none of them): where a caller's configuration is
/// read from, the token endpoint, the documented rate limit, and where a request's id is.
/// [`Default`] is none of them, and `X-Request-Id` for the request id;
/// [`ClientProfile::sailpoint`] is what SailPoint's own SDKs do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientProfile {
    /// The environment variables holding the base URL, client id and client secret, read by
    /// `Client::from_env`.
    pub environment: Option<ConfigNames>,
    /// The JSON file `Client::from_env` reads when none of the variables is set, and the keys
    /// of the same three settings in it.
    pub config_file: Option<(String, ConfigNames)>,
    /// The OAuth2 token endpoint's path under the base URL, for client credentials given
    /// without a token URL.
    pub token_path: Option<String>,
    /// At most this many requests per access token in any window of this many seconds.
    pub rate_limit: Option<(u32, u64)>,
    /// The response headers that carry a request's id, in the order looked for.
    pub request_id_headers: Vec<String>,
    /// The field of a JSON error body that carries a request's id when no header does.
    pub request_id_body_field: Option<String>,
}

/// The names of the base URL, the client id and the client secret in one source of settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigNames {
    /// The base URL's name.
    pub base_url: String,
    /// The OAuth2 client id's name.
    pub client_id: String,
    /// The OAuth2 client secret's name.
    pub client_secret: String,
}

impl Default for ClientProfile {
    fn default() -> Self {
        ClientProfile {
            environment: None,
            config_file: None,
            token_path: None,
            rate_limit: None,
            request_id_headers: vec!["x-request-id".into()],
            request_id_body_field: None,
        }
    }
}

impl ClientProfile {
    /// SailPoint Identity Security Cloud's conventions, as its SDKs and CLI follow them:
    /// `SAIL_BASE_URL`, `SAIL_CLIENT_ID` and `SAIL_CLIENT_SECRET`, else `BaseURL`, `ClientId`
    /// and `ClientSecret` in `config.json`; the token endpoint at `/oauth/token`; the documented
    /// limit of 100 requests per access token per 10 seconds; and the request id in the
    /// gateway's `SLPT-Request-ID` header (the one its CORS policy exposes besides
    /// `Retry-After`), else `X-Request-Id`, else an error body's `trackingId` (its
    /// `ErrorResponseDto`).
    pub fn sailpoint() -> Self {
        let names = |base_url: &str, client_id: &str, client_secret: &str| ConfigNames {
            base_url: base_url.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        };
        ClientProfile {
            environment: Some(names(
                "SAIL_BASE_URL",
                "SAIL_CLIENT_ID",
                "SAIL_CLIENT_SECRET",
            )),
            config_file: Some((
                "config.json".into(),
                names("BaseURL", "ClientId", "ClientSecret"),
            )),
            token_path: Some("/oauth/token".into()),
            rate_limit: Some((100, 10)),
            request_id_headers: vec!["slpt-request-id".into(), "x-request-id".into()],
            request_id_body_field: Some("trackingId".into()),
        }
    }
}

impl Default for Settings {
    /// A standalone crate named `sailpoint-client`, as the command-line front end writes it.
    fn default() -> Self {
        Settings {
            package_name: "sailpoint-client".into(),
            package_version: "0.1.0".into(),
            generated_by: "sailpoint-codegen".into(),
            in_workspace: false,
            dev_dependencies: Vec::new(),
            benches: Vec::new(),
            profile: ClientProfile::default(),
            runtime_path: None,
        }
    }
}
