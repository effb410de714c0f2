//! Renders the IR through the askama templates in the workspace's `templates/` directory:
//! one template struct per generated file, and the list of files a crate is made of.
//!
//! The templates write every statement themselves (shared ones as the macros of
//! `templates/api/statements.rs`); what to write is decided in lowering and read from the IR.
//! The submodules hold what templates call as filters: `types` spells types, `literals`
//! writes literals, `docs` turns spec prose into rustdoc, `filters` hands them to askama.

mod docs;
mod filters;
mod literals;
mod types;

use askama::Template;

pub use types::rust_type;

use crate::input::Settings;
use crate::ir::{
    Api, BodyFormat, Example, MockExample, Model, ModelKind, Operation, ParameterEncoding,
    ParameterLocation, PartEncoding, PathPart, SchemeKind, StatusMatch, Success, TypeRef,
};

/// The dependencies of every generated crate, as `(name, TOML value)`, pinned here once. They
/// are what the runtime needs and no more, so a generated crate builds quickly.
pub const DEPENDENCIES: &[(&str, &str)] = &[
    ("bytes", r#""1""#),
    // `now` gives callers `chrono::Utc::now()` (for test fixtures, deadlines) through the
    // re-exported `chrono`, without `clock`'s time-zone database.
    (
        "chrono",
        r#"{ version = "0.4.40", default-features = false, features = ["serde", "std", "now"] }"#,
    ),
    ("fastrand", r#""2""#),
    ("futures-core", r#""0.3""#),
    ("httpdate", r#""1""#),
    ("percent-encoding", r#""2""#),
    (
        "reqwest",
        r#"{ version = "0.13", default-features = false, features = ["rustls", "http2", "multipart", "form", "socks"] }"#,
    ),
    ("secrecy", r#""0.10""#),
    ("serde", r#"{ version = "1.0.181", features = ["derive"] }"#),
    ("serde_json", r#""1""#),
    ("serde_path_to_error", r#""0.1""#),
    ("thiserror", r#""2""#),
    (
        "tokio",
        r#"{ version = "1", default-features = false, features = ["sync", "time"] }"#,
    ),
    (
        "tracing",
        r#"{ version = "0.1", default-features = false, features = ["std"] }"#,
    ),
];

/// The optional dependencies of every generated crate, as `(name, TOML value)`: what the `mock`
/// feature (the typed test doubles) adds.
pub const MOCK_DEPENDENCIES: &[(&str, &str)] =
    &[("wiremock", r#"{ version = "0.6", optional = true }"#)];

#[derive(Template)]
#[template(path = "Cargo.toml")]
struct CargoToml<'a> {
    settings: &'a Settings,
    apis: &'a [Api],
    sources: String,
    titles: String,
    dependencies: &'static [(&'static str, &'static str)],
    mock_dependencies: &'static [(&'static str, &'static str)],
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
#[template(path = "runtime/auth.rs")]
struct AuthRs;

#[derive(Template)]
#[template(path = "runtime/config.rs")]
struct ConfigRs;

#[derive(Template)]
#[template(path = "runtime/hooks.rs")]
struct HooksRs;

#[derive(Template)]
#[template(path = "runtime/limit.rs")]
struct LimitRs;

#[derive(Template)]
#[template(path = "runtime/paginate.rs")]
struct PaginateRs;

#[derive(Template)]
#[template(path = "runtime/profile.rs")]
struct ProfileRs;

#[derive(Template)]
#[template(path = "runtime/retry.rs")]
struct RetryRs;

#[derive(Template)]
#[template(path = "runtime/wait.rs")]
struct WaitRs<'a> {
    /// The crate's name in Rust, for the examples of the docs, which compile as doctests.
    crate_ident: &'a str,
}

#[derive(Template)]
#[template(path = "runtime/call_error.rs")]
struct CallErrorRs;

#[derive(Template)]
#[template(path = "runtime/client.rs")]
struct ClientRs<'a> {
    /// The crate's name in Rust, for the examples of the docs, which compile as doctests.
    crate_ident: &'a str,
}

#[derive(Template)]
#[template(path = "runtime/decode.rs")]
struct DecodeRs;

#[derive(Template)]
#[template(path = "runtime/error.rs")]
struct ErrorRs;

#[derive(Template)]
#[template(path = "runtime/generic.rs")]
struct GenericRs<'a> {
    /// The crate's name in Rust, for the examples of the docs, which compile as doctests.
    crate_ident: &'a str,
}

#[derive(Template)]
#[template(path = "runtime/json.rs")]
struct JsonRs;

#[derive(Template)]
#[template(path = "runtime/request.rs")]
struct RequestRs;

#[derive(Template)]
#[template(path = "runtime/response.rs")]
struct ResponseRs;

#[derive(Template)]
#[template(path = "runtime/schemes.rs")]
struct SchemesRs;

#[derive(Template)]
#[template(path = "runtime/params.rs")]
struct ParamsRs;

#[derive(Template)]
#[template(path = "runtime/mock.rs")]
struct MockRs;

#[derive(Template)]
#[template(path = "runtime/testbed.rs")]
struct TestbedRs;

/// The module docs, route table and entry point of an API module's `mock.rs`; each operation's
/// test double is a chunk of its own.
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

/// The helpers tag-discriminated enums share, at the end of `models.rs`.
#[derive(Template)]
#[template(path = "api/tagged.rs")]
struct TaggedRs;

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
    /// The runtime: Rust written by hand in `templates/runtime/`, the same for every crate. It
    /// is kept as written (comments included) rather than reformatted on every run.
    RustAsWritten,
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
        mock_dependencies: MOCK_DEPENDENCIES,
    };
    let crate_ident = settings.package_name.replace('-', "_");
    let lib_rs = LibRs {
        settings,
        apis,
        titles,
        crate_ident: crate_ident.clone(),
        example: apis.iter().find_map(|api| api.examples.call.as_ref()),
        paged_example: apis.iter().find_map(|api| api.examples.paged.as_ref()),
        mock_example: apis.iter().find_map(|api| api.examples.mock.as_ref()),
        recursion_limit: crate::ir::recursion_limit(apis),
    };
    let rustfmt_toml = RustfmtToml {
        generated_by: &settings.generated_by,
    };
    let mut files = vec![
        file("Cargo.toml", Output::Text, cargo_toml.render()?),
        file("src/lib.rs", Output::Rust, lib_rs.render()?),
        file("src/rustfmt.toml", Output::Text, rustfmt_toml.render()?),
        file("src/auth.rs", Output::RustAsWritten, AuthRs.render()?),
        file(
            "src/call_error.rs",
            Output::RustAsWritten,
            CallErrorRs.render()?,
        ),
        file(
            "src/client.rs",
            Output::RustAsWritten,
            ClientRs {
                crate_ident: &crate_ident,
            }
            .render()?,
        ),
        file("src/config.rs", Output::RustAsWritten, ConfigRs.render()?),
        file("src/decode.rs", Output::RustAsWritten, DecodeRs.render()?),
        file("src/error.rs", Output::RustAsWritten, ErrorRs.render()?),
        file(
            "src/generic.rs",
            Output::RustAsWritten,
            GenericRs {
                crate_ident: &crate_ident,
            }
            .render()?,
        ),
        file("src/hooks.rs", Output::RustAsWritten, HooksRs.render()?),
        file("src/json.rs", Output::RustAsWritten, JsonRs.render()?),
        file("src/limit.rs", Output::RustAsWritten, LimitRs.render()?),
        file(
            "src/paginate.rs",
            Output::RustAsWritten,
            PaginateRs.render()?,
        ),
        file("src/profile.rs", Output::RustAsWritten, ProfileRs.render()?),
        file("src/request.rs", Output::RustAsWritten, RequestRs.render()?),
        file(
            "src/response.rs",
            Output::RustAsWritten,
            ResponseRs.render()?,
        ),
        file("src/retry.rs", Output::RustAsWritten, RetryRs.render()?),
        file(
            "src/wait.rs",
            Output::RustAsWritten,
            WaitRs {
                crate_ident: &crate_ident,
            }
            .render()?,
        ),
        file("src/schemes.rs", Output::RustAsWritten, SchemesRs.render()?),
        file("src/params.rs", Output::RustAsWritten, ParamsRs.render()?),
        file("src/mock.rs", Output::RustAsWritten, MockRs.render()?),
        file("src/testbed.rs", Output::RustAsWritten, TestbedRs.render()?),
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
        if api.has_tagged_unions() {
            models.push(TaggedRs.render()?);
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
