//! Renders the IR through the askama templates in the workspace's `templates/` directory:
//! one template struct per generated file, and the list of files a crate is made of.
//!
//! The templates write every statement themselves (shared ones as the macros of
//! `templates/api/statements.rs`); what to write is decided in lowering and read from the IR.
//! The submodules hold what templates call as filters: `spelling` writes types and the
//! runtime's parameter methods, `literals` writes literals, `docs` turns spec prose into
//! rustdoc, `filters` hands them to askama.

mod docs;
mod filters;
mod literals;
pub mod spelling;

use askama::Template;

pub use spelling::{rust_type, short_type};

use crate::input::Settings;
use crate::ir::{
    Api, BodyFormat, Example, MockExample, Model, ModelKind, Operation, ParameterEncoding,
    ParameterLocation, PartEncoding, PathPart, SchemeKind, StatusMatch, Success, TypeRef,
};

/// The crates the generated code names besides the runtime, as `(name, TOML value)`, pinned
/// here once: the types of the API (`Bytes`, `DateTime`, `Method`, JSON values) and serde's
/// derives. Everything else is the runtime's ([`RUNTIME_CRATE`]).
pub const DEPENDENCIES: &[(&str, &str)] = &[
    ("bytes", r#""1""#),
    (
        "chrono",
        r#"{ version = "0.4.40", default-features = false, features = ["serde", "std"] }"#,
    ),
    (
        "reqwest",
        r#"{ version = "0.13", default-features = false }"#,
    ),
    ("serde", r#"{ version = "1.0.181", features = ["derive"] }"#),
    ("serde_json", r#""1""#),
];

/// The runtime crate every generated crate depends on (the workspace's `runtime/`), and the
/// version of it this generator writes code for: a generated crate asks for any later version
/// that is compatible with it.
pub const RUNTIME_CRATE: (&str, &str) = ("client-runtime", "0.1.5");

#[derive(Template)]
#[template(path = "Cargo.toml")]
struct CargoToml<'a> {
    settings: &'a Settings,
    apis: &'a [Api],
    sources: String,
    titles: String,
    dependencies: &'static [(&'static str, &'static str)],
    /// The runtime's package name and the TOML value that names it.
    runtime: (&'static str, String),
}

#[derive(Template)]
#[template(path = "lib.rs")]
struct LibRs<'a> {
    settings: &'a Settings,
    apis: &'a [Api],
    titles: String,
    crate_ident: String,
    example: Option<&'a Example>,
    paged_example: Option<&'a Example>,
    mock_example: Option<&'a MockExample>,
    recursion_limit: Option<usize>,
}

#[derive(Template)]
#[template(path = "src-rustfmt.toml")]
struct RustfmtToml<'a> {
    generated_by: &'a str,
}

#[derive(Template)]
#[template(path = "client.rs")]
struct ClientRs<'a> {
    /// A module's client method, for the docs.
    first_module: &'a str,
}

#[derive(Template)]
#[template(path = "mock.rs")]
struct MockRs<'a> {
    /// A module's server method, for the docs.
    first_module: &'a str,
}

#[derive(Template)]
#[template(path = "api/mock.rs")]
struct ApiMockRs<'a> {
    api: &'a Api,
}

#[derive(Template)]
#[template(path = "api/mock_operation.rs")]
struct MockOperationRs<'a> {
    api: &'a Api,
    operation: &'a Operation,
}

#[derive(Template)]
#[template(path = "api/mod.rs")]
struct ApiModRs<'a> {
    api: &'a Api,
}

/// The module docs and imports of `models.rs`; each model is a chunk of its own.
#[derive(Template)]
#[template(path = "api/models.rs")]
struct ModelsRs<'a> {
    api: &'a Api,
}

#[derive(Template)]
#[template(path = "api/model.rs")]
struct ModelRs<'a> {
    model: &'a Model,
}

/// The module docs of `responses.rs`; each operation's enums are a chunk of their own.
#[derive(Template)]
#[template(path = "api/responses.rs")]
struct ResponsesRs<'a> {
    api: &'a Api,
}

#[derive(Template)]
#[template(path = "api/response.rs")]
struct OperationResponsesRs<'a> {
    api: &'a Api,
    operation: &'a Operation,
}

/// The module docs and imports of `builders.rs`; each builder is a chunk of its own.
#[derive(Template)]
#[template(path = "api/builders.rs")]
struct BuildersRs<'a> {
    api: &'a Api,
}

#[derive(Template)]
#[template(path = "api/builder.rs")]
struct BuilderRs<'a> {
    api: &'a Api,
    operation: &'a Operation,
}

/// A rendered file before formatting: its path in the crate and its text, in chunks that can
/// each be parsed on their own (a file's docs and imports, then its items), so large files are
/// formatted in parallel and never held as one syntax tree.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// Path relative to the crate root, with `/` separators.
    pub path: String,
    /// The template output, in order.
    pub chunks: Vec<String>,
    /// What the formatter does with it.
    pub output: Output,
}

/// How a rendered file becomes its final text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// Rust made from the IR: parsed and pretty-printed.
    Rust,
    /// Anything else (TOML), which carries its own header.
    Text,
}

fn file(path: impl Into<String>, output: Output, text: String) -> Rendered {
    Rendered {
        path: path.into(),
        chunks: vec![text],
        output,
    }
}

/// The TOML value naming the runtime: its version, and the path the settings give (relative to
/// the generated crate).
fn runtime_dependency(settings: &Settings) -> String {
    let version = RUNTIME_CRATE.1;
    match &settings.runtime_path {
        Some(path) => format!(
            "{{ version = \"{version}\", path = {} }}",
            literals::toml_string(path)
        ),
        None => format!("\"{version}\""),
    }
}

/// Renders every file of the crate for `apis`.
pub fn render(apis: &[Api], settings: &Settings) -> Result<Vec<Rendered>, askama::Error> {
    let titles = apis
        .iter()
        .map(|api| api.title.as_str())
        .collect::<Vec<_>>()
        .join(" and ");
    let sources = apis
        .iter()
        .map(|api| api.source.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let cargo_toml = CargoToml {
        settings,
        apis,
        sources,
        titles: titles.clone(),
        dependencies: DEPENDENCIES,
        runtime: (RUNTIME_CRATE.0, runtime_dependency(settings)),
    };
    let crate_ident = settings.package_name.replace('-', "_");
    let lib_rs = LibRs {
        settings,
        apis,
        titles,
        crate_ident,
        example: apis.iter().find_map(|api| api.examples.call.as_ref()),
        paged_example: apis.iter().find_map(|api| api.examples.paged.as_ref()),
        mock_example: apis.iter().find_map(|api| api.examples.mock.as_ref()),
        recursion_limit: crate::ir::recursion_limit(apis),
    };
    let first_module = apis
        .first()
        .map_or("module", |api| api.handle_method.as_str());
    let rustfmt_toml = RustfmtToml {
        generated_by: &settings.generated_by,
    };
    let mut files = vec![
        file("Cargo.toml", Output::Text, cargo_toml.render()?),
        file("src/lib.rs", Output::Rust, lib_rs.render()?),
        file("src/rustfmt.toml", Output::Text, rustfmt_toml.render()?),
        file(
            "src/client.rs",
            Output::Rust,
            ClientRs { first_module }.render()?,
        ),
        file(
            "src/mock.rs",
            Output::Rust,
            MockRs { first_module }.render()?,
        ),
    ];
    for api in apis {
        let dir = format!("src/{}", api.module);
        files.push(file(
            format!("{dir}/mod.rs"),
            Output::Rust,
            ApiModRs { api }.render()?,
        ));

        let mut models = vec![ModelsRs { api }.render()?];
        for model in &api.models {
            models.push(ModelRs { model }.render()?);
        }
        files.push(Rendered {
            path: format!("{dir}/models.rs"),
            chunks: models,
            output: Output::Rust,
        });

        let mut responses = vec![ResponsesRs { api }.render()?];
        let mut builders = vec![BuildersRs { api }.render()?];
        let mut mocks = vec![ApiMockRs { api }.render()?];
        for operation in &api.operations {
            responses.push(OperationResponsesRs { api, operation }.render()?);
            builders.push(BuilderRs { api, operation }.render()?);
            mocks.push(MockOperationRs { api, operation }.render()?);
        }
        files.push(Rendered {
            path: format!("{dir}/mock.rs"),
            chunks: mocks,
            output: Output::Rust,
        });
        files.push(Rendered {
            path: format!("{dir}/responses.rs"),
            chunks: responses,
            output: Output::Rust,
        });
        files.push(Rendered {
            path: format!("{dir}/builders.rs"),
            chunks: builders,
            output: Output::Rust,
        });
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails by panicking")]

    use super::RUNTIME_CRATE;

    /// Generated crates ask for the runtime version the generator writes code for; the
    /// workspace's runtime must be that version or a compatible later one, or a path dependency
    /// on it fails to resolve.
    #[test]
    fn the_runtime_version_asked_for_is_the_workspaces() {
        let manifest = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/Cargo.toml"),
        )
        .unwrap();
        let name = manifest
            .lines()
            .find_map(|line| line.strip_prefix("name = "))
            .unwrap();
        let version = manifest
            .lines()
            .find_map(|line| line.strip_prefix("version = "))
            .unwrap();
        assert_eq!(name.trim_matches('"'), RUNTIME_CRATE.0);
        assert_eq!(version.trim_matches('"'), RUNTIME_CRATE.1);
    }

    /// A runtime version is released with its section of the runtime's CHANGELOG, which says
    /// what generated crates get from it with `cargo update`.
    #[test]
    fn the_runtime_version_has_its_changelog_section() {
        let changelog = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/CHANGELOG.md"),
        )
        .unwrap();
        let heading = format!("## {}", RUNTIME_CRATE.1);
        assert!(
            changelog.lines().any(|line| line == heading),
            "runtime/CHANGELOG.md has no `{heading}` section"
        );
    }
}
