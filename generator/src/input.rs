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
        }
    }
}
