//! Renders the IR through the askama templates in the workspace's `templates/` directory:
//! one template struct per generated file, and the filters that spell types, literals and docs.

use askama::Template;

use crate::input::Settings;
use crate::ir::{
    Api, BodyFormat, Field, FormField, Model, ModelKind, Operation, Parameter, ParameterEncoding,
    ParameterLocation, ParameterStyle, PartEncoding, PathPart, ResponseCase, SchemeKind,
    StatusMatch, Success, TypeRef,
};

/// The dependencies of every generated crate, as `(name, TOML value)`, pinned here once. They
/// are what the runtime needs and no more, so a generated crate builds quickly.
pub const DEPENDENCIES: &[(&str, &str)] = &[
    ("bytes", r#""1""#),
    (
        "chrono",
        r#"{ version = "0.4.40", default-features = false, features = ["serde", "std"] }"#,
    ),
    ("fastrand", r#""2""#),
    ("futures-core", r#""0.3""#),
    ("httpdate", r#""1""#),
    ("percent-encoding", r#""2""#),
    (
        "reqwest",
        r#"{ version = "0.13", default-features = false, features = ["rustls", "http2", "multipart", "form"] }"#,
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

/// Example call shown in the crate documentation.
pub struct Example {
    module: String,
    method: String,
    arguments: String,
}

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
    example: Option<Example>,
    paged_example: Option<Example>,
    mock_example: Option<MockExample>,
    recursion_limit: Option<usize>,
}

/// The test-double example of the `mock` module's guide: an operation whose arguments are all
/// strings and whose success body has a `Default`, so the example compiles for any spec.
pub struct MockExample {
    call: Example,
    /// The matcher methods for the path arguments, such as `.id("id")`.
    matchers: String,
    /// Whether `respond` takes a body.
    has_body: bool,
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
#[template(path = "runtime/retry.rs")]
struct RetryRs;

#[derive(Template)]
#[template(path = "runtime/call_error.rs")]
struct CallErrorRs;

#[derive(Template)]
#[template(path = "runtime/client.rs")]
struct ClientRs;

#[derive(Template)]
#[template(path = "runtime/decode.rs")]
struct DecodeRs;

#[derive(Template)]
#[template(path = "runtime/error.rs")]
struct ErrorRs;

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
    let lib_rs = LibRs {
        settings,
        apis,
        titles,
        crate_ident: settings.package_name.replace('-', "_"),
        example: example(apis, false),
        paged_example: example(apis, true),
        mock_example: mock_example(apis),
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
        file("src/client.rs", Output::RustAsWritten, ClientRs.render()?),
        file("src/config.rs", Output::RustAsWritten, ConfigRs.render()?),
        file("src/decode.rs", Output::RustAsWritten, DecodeRs.render()?),
        file("src/error.rs", Output::RustAsWritten, ErrorRs.render()?),
        file("src/hooks.rs", Output::RustAsWritten, HooksRs.render()?),
        file("src/limit.rs", Output::RustAsWritten, LimitRs.render()?),
        file(
            "src/paginate.rs",
            Output::RustAsWritten,
            PaginateRs.render()?,
        ),
        file("src/request.rs", Output::RustAsWritten, RequestRs.render()?),
        file(
            "src/response.rs",
            Output::RustAsWritten,
            ResponseRs.render()?,
        ),
        file("src/retry.rs", Output::RustAsWritten, RetryRs.render()?),
        file("src/schemes.rs", Output::RustAsWritten, SchemesRs.render()?),
        file("src/params.rs", Output::RustAsWritten, ParamsRs.render()?),
        file("src/mock.rs", Output::RustAsWritten, MockRs.render()?),
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

/// The first operation whose required arguments are all strings (and that pages through a
/// list, when `paged`), for the crate docs.
fn example(apis: &[Api], paged: bool) -> Option<Example> {
    apis.iter().find_map(|api| {
        api.operations
            .iter()
            .filter(|operation| !operation.deprecated && (!paged || operation.pagination.is_some()))
            .find(|operation| {
                operation.body.as_ref().is_none_or(|body| !body.required)
                    && operation
                        .parameters
                        .iter()
                        .filter(|parameter| parameter.is_argument())
                        .all(|parameter| parameter.ty == TypeRef::String)
            })
            .map(|operation| Example {
                module: api.handle_method.clone(),
                method: operation.method_name.clone(),
                arguments: operation
                    .parameters
                    .iter()
                    .filter(|parameter| parameter.is_argument())
                    .map(|parameter| format!("\"{}\"", parameter.rust_name.replace('_', "-")))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    })
}

/// The example of the `mock` guide, if any operation suits it (see [`MockExample`]).
fn mock_example(apis: &[Api]) -> Option<MockExample> {
    apis.iter().find_map(|api| {
        api.operations
            .iter()
            .filter(|operation| !operation.deprecated)
            .filter(|operation| operation.body.as_ref().is_none_or(|body| !body.required))
            .filter(|operation| {
                operation
                    .parameters
                    .iter()
                    .filter(|parameter| parameter.is_argument())
                    .all(|parameter| parameter.ty == TypeRef::String)
            })
            .find_map(|operation| {
                let Success::Single { statuses, ty } = &operation.success else {
                    return None;
                };
                statuses.first()?;
                if !has_default(ty, api) {
                    return None;
                }
                let arguments: Vec<&crate::ir::Parameter> = operation
                    .parameters
                    .iter()
                    .filter(|parameter| parameter.is_argument())
                    .collect();
                let value = |parameter: &crate::ir::Parameter| {
                    format!("\"{}\"", parameter.rust_name.replace('_', "-"))
                };
                Some(MockExample {
                    call: Example {
                        module: api.handle_method.clone(),
                        method: operation.method_name.clone(),
                        arguments: arguments
                            .iter()
                            .map(|parameter| value(parameter))
                            .collect::<Vec<_>>()
                            .join(", "),
                    },
                    matchers: arguments
                        .iter()
                        .map(|parameter| format!(".{}({})", parameter.rust_name, value(parameter)))
                        .collect(),
                    has_body: *ty != TypeRef::Unit,
                })
            })
    })
}

/// Whether `Default::default()` is a value of `ty`.
fn has_default(ty: &TypeRef, api: &Api) -> bool {
    match ty {
        TypeRef::Named(name) => api
            .models
            .iter()
            .any(|model| model.name == *name && model.derive_default),
        TypeRef::Box(inner) => has_default(inner, api),
        TypeRef::File => false,
        _ => true,
    }
}

/// The status a test double sends for a documented response: its code, or for a range or
/// `default` the first code of it that the operation documents no other way.
fn concrete_status(case: &ResponseCase, operation: &Operation) -> u16 {
    let documented: Vec<u16> = operation
        .success
        .cases()
        .iter()
        .chain(&operation.errors)
        .filter_map(|case| match case.status {
            StatusMatch::Code(code) => Some(code),
            _ => None,
        })
        .collect();
    let ranges: Vec<u16> = operation
        .success
        .cases()
        .iter()
        .chain(&operation.errors)
        .filter_map(|case| match case.status {
            StatusMatch::Range(hundred) => Some(hundred),
            _ => None,
        })
        .collect();
    let free = |code: &u16| !documented.contains(code) && !ranges.contains(&(code / 100));
    match case.status {
        StatusMatch::Code(code) => code,
        StatusMatch::Range(hundred) => (hundred * 100..hundred * 100 + 100)
            .find(|code| !documented.contains(code))
            .unwrap_or(hundred * 100),
        StatusMatch::Default => {
            let is_success = operation
                .success
                .cases()
                .iter()
                .any(|success| success.status == StatusMatch::Default);
            if is_success {
                (200..300).find(free).unwrap_or(200)
            } else {
                (500..600).chain(400..500).find(free).unwrap_or(500)
            }
        }
    }
}

/// The expression that builds a test double's response for a documented case from `body`.
fn mock_response(case: &ResponseCase, operation: &Operation) -> String {
    let status = concrete_status(case, operation);
    let media = case
        .media_type
        .as_deref()
        .and_then(|media| media.split(',').next())
        .map(|media| string_literal(media.trim()));
    match (case.format, media) {
        (Some(BodyFormat::Location), _) => format!(
            "match body.location {{ Some(location) => mock::MockResponse::new({status}).header(\"location\", location), None => mock::MockResponse::new({status}) }}"
        ),
        (None, _) | (_, None) => format!("mock::MockResponse::new({status})"),
        (Some(BodyFormat::Text), Some(media)) => {
            format!("mock::MockResponse::raw({status}, {media}, body)")
        }
        (Some(BodyFormat::Bytes), Some(media)) => {
            format!("mock::MockResponse::raw({status}, {media}, body.to_vec())")
        }
        (Some(_), Some(media)) => {
            format!("mock::MockResponse::json({status}, {media}, &body)")
        }
    }
}

/// Spells an IR type in Rust; `prefix` reaches the module's models from where the text goes.
pub fn rust_type(ty: &TypeRef, prefix: &str) -> String {
    match ty {
        TypeRef::Unit => "()".into(),
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::DateTime => "chrono::DateTime<chrono::Utc>".into(),
        TypeRef::Date => "chrono::NaiveDate".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::JsonObject => "serde_json::Map<String, serde_json::Value>".into(),
        TypeRef::Named(name) => format!("{prefix}{name}"),
        TypeRef::Vec(item) => format!("Vec<{}>", rust_type(item, prefix)),
        TypeRef::Map(value) => format!(
            "std::collections::BTreeMap<String, {}>",
            rust_type(value, prefix)
        ),
        TypeRef::Option(inner) => format!("Option<{}>", rust_type(inner, prefix)),
        TypeRef::Box(inner) => format!("Box<{}>", rust_type(inner, prefix)),
        TypeRef::Bytes => "bytes::Bytes".into(),
        TypeRef::File => "crate::FilePart".into(),
    }
}

/// The options of a struct field's `#[serde(..)]`, which only serialization reads (models
/// deserialize through the runtime's `decode::Record`): its name on the wire, and whether it is left out when
/// it has no value.
pub fn serde_options(field: &Field) -> String {
    if field.flatten {
        return "flatten".to_owned();
    }
    let mut options = Vec::new();
    if field.is_renamed() {
        options.push(format!("rename = {}", string_literal(&field.name)));
    }
    if field.skip_if_none() {
        options.push(r#"skip_serializing_if = "Option::is_none""#.to_owned());
    }
    options.join(", ")
}

/// A Rust string literal with the exact contents of `text`.
pub fn string_literal(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

/// What a scheme's constant says: the scheme, where its credential goes, which
/// `Credential` constructors it takes (see `templates/runtime/schemes.rs`), then the spec's words.
fn scheme_doc(scheme: &crate::ir::SecurityScheme) -> String {
    use crate::ir::ApiKeyLocation;
    let name = &scheme.name;
    let (what, takes) = match &scheme.kind {
        SchemeKind::HttpBasic => (
            "HTTP basic: `Authorization: Basic` with a user name and password".to_owned(),
            "[`Credential::basic`](crate::Credential::basic)",
        ),
        SchemeKind::HttpBearer => (
            "HTTP bearer: `Authorization: Bearer` with a token".to_owned(),
            "[`Credential::bearer`](crate::Credential::bearer) or [`Credential::source`](crate::Credential::source); without one, the client's own credentials",
        ),
        SchemeKind::Http { scheme } => (
            format!("HTTP `{scheme}`: an `Authorization` value the caller makes"),
            "[`Credential::authorization`](crate::Credential::authorization) or [`Credential::source`](crate::Credential::source)",
        ),
        SchemeKind::ApiKey { location, name } => (
            match location {
                ApiKeyLocation::Header => format!("an API key in the `{name}` header"),
                ApiKeyLocation::Query => format!("an API key in the `{name}` query parameter"),
                ApiKeyLocation::Cookie => format!("an API key in the `{name}` cookie"),
            },
            "[`Credential::api_key`](crate::Credential::api_key)",
        ),
        SchemeKind::OAuth2 { token_url } => (
            match token_url {
                Some(url) => format!(
                    "OAuth 2, whose client credentials flow gets tokens at `{url}`"
                ),
                None => "OAuth 2, with a token obtained elsewhere".to_owned(),
            },
            "[`Credential::client_credentials`](crate::Credential::client_credentials), [`Credential::bearer`](crate::Credential::bearer) or [`Credential::source`](crate::Credential::source); without one, the client's own credentials",
        ),
        SchemeKind::OpenIdConnect => (
            "OpenID Connect: a bearer token the caller obtains".to_owned(),
            "[`Credential::bearer`](crate::Credential::bearer) or [`Credential::source`](crate::Credential::source); without one, the client's own credentials",
        ),
        SchemeKind::Undeclared => (
            "named by the spec's requirements but not defined in `components.securitySchemes`, so sent as a bearer token".to_owned(),
            "[`Credential::bearer`](crate::Credential::bearer) or [`Credential::source`](crate::Credential::source); without one, the client's own credentials",
        ),
    };
    let mut doc = format!(
        "#[doc = {}]\n#[doc = \"\"]\n#[doc = {}]\n",
        string_literal(&format!(" `{name}`: {what}.")),
        string_literal(&format!(" Takes {takes}."))
    );
    if let Some(description) = scheme.description.as_deref().map(str::trim)
        && !description.is_empty()
    {
        doc.push_str("#[doc = \"\"]\n");
        doc.push_str(&doc_attributes(description, false));
    }
    doc
}

/// Doc attributes for `text`, made safe for rustdoc.
pub fn doc_attributes(text: &str, inner: bool) -> String {
    let bang = if inner { "!" } else { "" };
    sanitize_doc(text)
        .lines()
        .map(|line| {
            let line = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            format!("#{bang}[doc = {}]\n", string_literal(&line))
        })
        .collect()
}

/// Makes prose from a spec safe as rustdoc: bare URLs become links, stray brackets and angle
/// brackets are escaped so they are not read as links or HTML, and code is never compiled.
pub fn sanitize_doc(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    let mut list_indent: Option<usize> = None;
    for raw_line in text.trim().lines() {
        let trimmed = raw_line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            if in_fence {
                out.push("```".to_owned());
            } else {
                // Only fences labelled as Rust would be compiled as doctests; nothing from a spec is.
                let label = info.trim();
                out.push(if label.is_empty() || label.starts_with("rust") {
                    "```text".to_owned()
                } else {
                    format!("```{label}")
                });
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(raw_line.trim_end().to_owned());
            continue;
        }
        // Indentation would make an indented code block, which rustdoc compiles; the one
        // indentation kept is that of a list item's continuation lines, under its text.
        let line = escape_prose(trimmed.trim_end());
        if line.is_empty() {
            list_indent = None;
            out.push(line);
        } else if let Some(marker) = list_marker_width(&line) {
            list_indent = Some(marker);
            out.push(line);
        } else if let Some(indent) = list_indent {
            out.push(format!("{}{line}", " ".repeat(indent)));
        } else {
            out.push(line);
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out.join("\n")
}

/// The width of a Markdown list marker (`- `, `* `, `+ `, `12. `) starting `line`.
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let after = &line[digits..];
    (digits > 0 && (after.starts_with(". ") || after.starts_with(") "))).then_some(digits + 2)
}

fn escape_prose(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(ch) = rest.chars().next() {
        if let Some((link, after)) = markdown_link(rest) {
            out.push_str(link);
            rest = after;
            continue;
        }
        if rest.starts_with('`')
            && let Some(end) = rest[1..].find('`')
        {
            out.push_str(&rest[..end + 2]);
            rest = &rest[end + 2..];
            continue;
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, ')' | '>' | '"' | '\'' | '<' | ']')
                })
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        match ch {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            other => out.push(other),
        }
        rest = &rest[ch.len_utf8()..];
    }
    out
}

/// A markdown link `[text](target)` at the start of `text`, and what follows it.
fn markdown_link(text: &str) -> Option<(&str, &str)> {
    if !text.starts_with('[') {
        return None;
    }
    let close = text.find("](")?;
    if text[1..close].contains(['[', ']']) {
        return None;
    }
    let end = text[close..].find(')')? + close;
    Some((&text[..=end], &text[end + 1..]))
}

/// The askama filters the templates use.
mod filters {
    use std::fmt::Display;

    use crate::ir::{
        BodyFormat, Field, Operation, Parameter, ParameterLocation, RequestBody, ResponseCase,
        StatusMatch, Success, TypeRef,
    };

    /// Templates hand filters a type by value, by reference or by double reference.
    pub trait TypeLike {
        fn type_ref(&self) -> &TypeRef;
    }

    impl TypeLike for TypeRef {
        fn type_ref(&self) -> &TypeRef {
            self
        }
    }

    impl<T: TypeLike + ?Sized> TypeLike for &T {
        fn type_ref(&self) -> &TypeRef {
            (**self).type_ref()
        }
    }

    /// Spells a type (see [`super::rust_type`]).
    #[askama::filter_fn]
    pub fn ty(ty: impl TypeLike, _: &dyn askama::Values, prefix: &str) -> askama::Result<String> {
        Ok(super::rust_type(ty.type_ref(), prefix))
    }

    /// The type a method argument or setter takes: strings take anything that becomes one.
    #[askama::filter_fn]
    pub fn arg_ty(ty: &TypeRef, _: &dyn askama::Values, prefix: &str) -> askama::Result<String> {
        Ok(match ty {
            TypeRef::String => "impl Into<String>".to_owned(),
            TypeRef::Bytes => "impl Into<bytes::Bytes>".to_owned(),
            other => super::rust_type(other, prefix),
        })
    }

    /// The conversion applied to an argument taken as [`arg_ty`].
    #[askama::filter_fn]
    pub fn arg_into(ty: &TypeRef, _: &dyn askama::Values) -> askama::Result<&'static str> {
        Ok(if matches!(ty, TypeRef::String | TypeRef::Bytes) {
            ".into()"
        } else {
            ""
        })
    }

    /// The type a model's constructor or setter takes for a field of type `ty`: an `Option`
    /// field's setter takes the value inside, strings anything that becomes one, and a boxed
    /// model (boxed only to break a cycle of types) the model itself.
    #[askama::filter_fn]
    pub fn field_arg_ty(ty: &TypeRef, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::field_argument_type(ty))
    }

    /// The value a constructor or setter stores for the argument `name` taken as
    /// [`field_arg_ty`]: `Some(..)` for an `Option` field, converted or boxed as needed.
    #[askama::filter_fn]
    pub fn field_arg_value(
        ty: &TypeRef,
        _: &dyn askama::Values,
        name: &str,
    ) -> askama::Result<String> {
        Ok(super::field_argument_value(ty, name))
    }

    /// A field initializer in a constructor for the argument `name`: the shorthand `name` when
    /// the argument is stored as it is, else `name: value`.
    #[askama::filter_fn]
    pub fn field_init(ty: &TypeRef, _: &dyn askama::Values, name: &str) -> askama::Result<String> {
        let value = super::field_argument_value(ty, name);
        Ok(if value == name {
            value
        } else {
            format!("{name}: {value}")
        })
    }

    /// What goes inside a struct field's `#[serde(..)]`, empty when serde needs nothing.
    #[askama::filter_fn]
    pub fn serde_options(field: &Field, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::serde_options(field))
    }

    /// The docs of a security scheme's constant: what it is, the credential it takes, and the
    /// spec's description.
    #[askama::filter_fn]
    pub fn scheme_doc(
        scheme: &crate::ir::SecurityScheme,
        _: &dyn askama::Values,
    ) -> askama::Result<String> {
        Ok(super::scheme_doc(scheme))
    }

    /// A Rust string literal.
    #[askama::filter_fn]
    pub fn lit(text: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::string_literal(&text.to_string()))
    }

    /// Outer doc attributes for an optional description, with a fallback.
    #[askama::filter_fn]
    pub fn doc_or(
        text: &Option<String>,
        _: &dyn askama::Values,
        fallback: &str,
    ) -> askama::Result<String> {
        let text = match text.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => text.to_owned(),
            _ => format!("`{fallback}`."),
        };
        Ok(super::doc_attributes(&text, false))
    }

    /// Outer doc attributes for spec prose, made safe for rustdoc.
    #[askama::filter_fn]
    pub fn doc(text: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::doc_attributes(&text.to_string(), false))
    }

    /// Outer doc attributes for text the generator wrote itself, intra-doc links included.
    #[askama::filter_fn]
    pub fn doc_raw(text: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(text
            .to_string()
            .lines()
            .map(|line| format!("#[doc = {}]\n", super::string_literal(&format!(" {line}"))))
            .collect())
    }

    /// Inner (`//!`) doc attributes.
    #[askama::filter_fn]
    pub fn inner_doc(text: &str, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::doc_attributes(text, true))
    }

    /// Inner (`//!`) doc attributes for text built in a template.
    #[askama::filter_fn]
    pub fn inner_doc_text(text: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::doc_attributes(&text.to_string(), true))
    }

    /// The first line of a description.
    #[askama::filter_fn]
    pub fn first_line(text: &str, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(text
            .trim()
            .lines()
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned())
    }

    /// Doc attributes for a response variant.
    #[askama::filter_fn]
    pub fn case_doc(case: &ResponseCase, _: &dyn askama::Values) -> askama::Result<String> {
        let status = super::status_label(case.status);
        let description = case.description.trim();
        Ok(super::doc_attributes(
            &format!("{status}: {description}"),
            false,
        ))
    }

    /// Doc attributes for a parameter setter: what it is, where it goes, its default and bounds.
    #[askama::filter_fn]
    pub fn parameter_doc(parameter: &Parameter, _: &dyn askama::Values) -> askama::Result<String> {
        let mut text = match parameter.description.as_deref().map(str::trim) {
            Some(description) if !description.is_empty() => description.to_owned(),
            _ => format!("The `{}` parameter.", parameter.name),
        };
        let location = parameter.location.noun();
        text.push_str(&format!("\n\nSent as the `{}` {location}.", parameter.name));
        if let Some(default) = &parameter.default {
            if parameter.required {
                text.push_str(&format!(" Sent as `{default}` unless set otherwise."));
            } else {
                text.push_str(&format!(" When not set, the server uses `{default}`."));
            }
        }
        if !parameter.constraints.is_empty() {
            text.push_str(&format!(
                " Must be {}.",
                parameter.constraints.join(" and ")
            ));
        }
        Ok(super::doc_attributes(&text, false))
    }

    /// Doc attributes for an operation's method.
    #[askama::filter_fn]
    pub fn operation_doc(operation: &Operation, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::doc_attributes(
            &super::operation_text(operation),
            false,
        ))
    }

    /// The match pattern for a response status.
    #[askama::filter_fn]
    pub fn status_pattern(status: &StatusMatch, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(match status {
            StatusMatch::Code(code) => code.to_string(),
            // A guard rather than a range pattern: documented codes inside the range come first.
            StatusMatch::Range(hundred) => {
                format!("_ if ({hundred}00..={hundred}99).contains(&status)")
            }
            StatusMatch::Default => "_".to_owned(),
        })
    }

    /// The expression that turns a success response into the call's result.
    #[askama::filter_fn]
    pub fn success_value(
        case: &ResponseCase,
        _: &dyn askama::Values,
        success: &Success,
    ) -> askama::Result<String> {
        let wrap = match success {
            Success::Single { .. } => None,
            Success::ByStatus { type_name, .. } => {
                Some(format!("super::{type_name}::{}", case.variant))
            }
        };
        let redirect = super::rust_type(&case.ty, "super::");
        Ok(match (case.format, wrap) {
            (Some(BodyFormat::Location), None) => {
                format!("Ok({redirect}::from_response(response.empty()))")
            }
            (Some(BodyFormat::Location), Some(variant)) => {
                format!("Ok({redirect}::from_response(response.empty()).map({variant}))")
            }
            (None, None) => "Ok(response.empty())".to_owned(),
            (None, Some(variant)) => format!("Ok(response.empty().map(|()| {variant}))"),
            (Some(BodyFormat::Text), None) => "response.into_text()".to_owned(),
            (Some(BodyFormat::Text), Some(variant)) => {
                format!("response.into_text().map(|response| response.map({variant}))")
            }
            (Some(BodyFormat::Bytes), None) => "Ok(response.into_bytes())".to_owned(),
            (Some(BodyFormat::Bytes), Some(variant)) => {
                format!("Ok(response.into_bytes().map({variant}))")
            }
            (Some(_), None) => "response.json()".to_owned(),
            (Some(_), Some(variant)) => format!("response.json_into({variant})"),
        })
    }

    /// The expression that turns a documented error response into the call's error.
    #[askama::filter_fn]
    pub fn error_value(case: &ResponseCase, _: &dyn askama::Values) -> askama::Result<String> {
        let variant = format!("Self::Error::{}", case.variant);
        Ok(match case.format {
            None => format!("Err(response.error_empty({variant}))"),
            Some(BodyFormat::Text) => format!(
                "Err(match response.into_text() {{ Ok(text) => crate::Error::Api({variant}(Box::new(text))), Err(error) => error }})"
            ),
            Some(BodyFormat::Bytes) => {
                format!("Err(crate::Error::Api({variant}(Box::new(response.into_bytes()))))")
            }
            Some(_) => format!("Err(response.error_json({variant}))"),
        })
    }

    /// The statements that put a request body on the request; `value` is an expression of
    /// the body (owned when `owned`, else a reference).
    #[askama::filter_fn]
    pub fn send_body(
        body: &RequestBody,
        _: &dyn askama::Values,
        value: &str,
        owned: bool,
    ) -> askama::Result<String> {
        let media = super::string_literal(&body.media_type);
        let borrowed = if owned {
            format!("&{value}")
        } else {
            value.to_owned()
        };
        Ok(match body.format {
            BodyFormat::Json => format!("request.json_body({media}, {borrowed});"),
            BodyFormat::Text => format!("request.raw_body({media}, {value}.as_bytes().to_vec());"),
            BodyFormat::Bytes | BodyFormat::Location => {
                format!("request.raw_body({media}, {value}.to_vec());")
            }
            BodyFormat::Multipart => {
                format!("request.multipart_body(); {value}.write_parts(&mut request);")
            }
            BodyFormat::UrlEncoded => {
                format!("request.urlencoded_body(); {value}.write_parts(&mut request);")
            }
        })
    }

    /// The statement that writes one parameter into the request, laid out in its style
    /// (nothing is sent for an optional parameter that is not set).
    #[askama::filter_fn]
    pub fn send_parameter(parameter: &Parameter, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::send_statement(parameter))
    }

    /// The statement that writes one form field as parts of the request body.
    #[askama::filter_fn]
    pub fn write_part(field: &super::FormField, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::write_part(field))
    }

    /// What a test double answers for a documented case, for its docs: the status it sends
    /// (and the range or `default` it stands for) and whether a body goes with it.
    #[askama::filter_fn]
    pub fn mock_reply_doc(
        case: &ResponseCase,
        _: &dyn askama::Values,
        operation: &Operation,
    ) -> askama::Result<String> {
        let sent = super::status_label(StatusMatch::Code(super::concrete_status(case, operation)));
        let status = match case.status {
            StatusMatch::Code(_) => sent,
            StatusMatch::Range(_) => {
                format!("{sent} (standing for {})", super::status_label(case.status))
            }
            StatusMatch::Default => format!("{sent} (standing for any status not documented)"),
        };
        let body = if case.format == Some(BodyFormat::Location) {
            "`body.location` as its `Location` header"
        } else if case.format.is_some() {
            "`body`"
        } else {
            "no body"
        };
        Ok(format!("{status} and {body}"))
    }

    /// The expression of a test double's response for a documented case.
    #[askama::filter_fn]
    pub fn mock_response(
        case: &ResponseCase,
        _: &dyn askama::Values,
        operation: &Operation,
    ) -> askama::Result<String> {
        Ok(super::mock_response(case, operation))
    }

    /// Whether a test double can match the operation's request body: JSON, text and bytes, not forms.
    #[askama::filter_fn]
    pub fn mock_matches_body(
        operation: &Operation,
        _: &dyn askama::Values,
    ) -> askama::Result<bool> {
        Ok(operation.body.as_ref().is_some_and(|body| {
            !matches!(body.format, BodyFormat::Multipart | BodyFormat::UrlEncoded)
        }))
    }

    /// Doc attributes of a test double's parameter matcher.
    #[askama::filter_fn]
    pub fn mock_parameter_doc(
        parameter: &Parameter,
        _: &dyn askama::Values,
    ) -> askama::Result<String> {
        let location = parameter.location.noun();
        Ok(super::doc_attributes(
            &format!(
                "Answers only requests whose `{}` {location} is `value`, written as the client writes it.",
                parameter.name
            ),
            false,
        ))
    }

    /// The statement that fills the path slot of the parameter held in `rust_name`.
    #[askama::filter_fn]
    pub fn send_path_parameter(
        operation: &Operation,
        _: &dyn askama::Values,
        rust_name: &str,
    ) -> askama::Result<String> {
        match operation
            .parameters
            .iter()
            .find(|parameter| parameter.rust_name == rust_name)
        {
            Some(parameter) => Ok(super::send_statement(parameter)),
            None => Err(askama::Error::custom(format!(
                "the path of `{}` names `{rust_name}`, which is none of its parameters",
                operation.operation_id
            ))),
        }
    }

    /// The statements of a test double's parameter matcher: `value` becomes the condition,
    /// written as the client writes it.
    #[askama::filter_fn]
    pub fn mock_condition(parameter: &Parameter, _: &dyn askama::Values) -> askama::Result<String> {
        let convert = if matches!(parameter.ty, TypeRef::String) {
            "let value: String = value.into(); "
        } else {
            ""
        };
        let method = match parameter.location {
            ParameterLocation::Path => "path",
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
            ParameterLocation::Cookie => "cookie",
        };
        Ok(format!(
            "{convert}self.expectation.{}({});",
            super::styled_method(method, parameter),
            super::parameter_arguments(parameter, "value")
        ))
    }

    /// The statement of a test double's body matcher.
    #[askama::filter_fn]
    pub fn mock_body_condition(
        body: &RequestBody,
        _: &dyn askama::Values,
    ) -> askama::Result<String> {
        Ok(match body.format {
            BodyFormat::Text => {
                "let value: String = value.into(); self.expectation.raw_body(value.into_bytes());"
                    .to_owned()
            }
            BodyFormat::Bytes => {
                "let value: bytes::Bytes = value.into(); self.expectation.raw_body(value.to_vec());"
                    .to_owned()
            }
            _ => "self.expectation.json_body(&value);".to_owned(),
        })
    }

    /// A Rust expression for a parameter's default value.
    #[askama::filter_fn]
    pub fn default_value(
        value: &serde_json::Value,
        _: &dyn askama::Values,
        ty: &TypeRef,
    ) -> askama::Result<String> {
        Ok(super::default_expression(value, ty))
    }
}

/// See [`filters::send_parameter`].
fn send_statement(parameter: &Parameter) -> String {
    let method = match parameter.location {
        ParameterLocation::Path => "path_param",
        ParameterLocation::Query => "query",
        ParameterLocation::Header => "header",
        ParameterLocation::Cookie => "cookie",
    };
    format!(
        "request.{}({});",
        styled_method(method, parameter),
        parameter_arguments(parameter, &format!("self.{}", parameter.rust_name))
    )
}

/// Whether the parameter is laid out as its location's runtime method does without a style:
/// `form` exploded in the query and cookies, `simple` in the path and headers.
fn default_layout(parameter: &Parameter) -> bool {
    let (style, explode) = match parameter.location {
        ParameterLocation::Query | ParameterLocation::Cookie => (ParameterStyle::Form, true),
        ParameterLocation::Path | ParameterLocation::Header => (ParameterStyle::Simple, false),
    };
    parameter.style == style && parameter.explode == explode && !parameter.allow_reserved
}

/// The runtime method that writes the parameter: `method`, or `method_as` taking its style.
fn styled_method(method: &str, parameter: &Parameter) -> String {
    if default_layout(parameter) {
        method.to_owned()
    } else {
        format!("{method}_as")
    }
}

/// The arguments of the runtime method that writes the parameter held in `value`: its name,
/// its style unless it is the default, and the value.
fn parameter_arguments(parameter: &Parameter, value: &str) -> String {
    let name = string_literal(&parameter.name);
    let value = parameter_value(parameter, value);
    if default_layout(parameter) {
        format!("{name}, {value}")
    } else {
        format!("{name}, {}, {value}", parameter_style(parameter))
    }
}

/// The runtime's `Style` of a parameter, such as `crate::params::Style::form().explode()`.
fn parameter_style(parameter: &Parameter) -> String {
    let style = match parameter.style {
        ParameterStyle::Form => "form",
        ParameterStyle::SpaceDelimited => "space_delimited",
        ParameterStyle::PipeDelimited => "pipe_delimited",
        ParameterStyle::DeepObject => "deep_object",
        ParameterStyle::Simple => "simple",
        ParameterStyle::Label => "label",
        ParameterStyle::Matrix => "matrix",
    };
    let mut text = format!("crate::params::Style::{style}()");
    if parameter.explode && parameter.style != ParameterStyle::DeepObject {
        text.push_str(".explode()");
    }
    if parameter.allow_reserved {
        text.push_str(".allow_reserved()");
    }
    text
}

/// A reference to the parameter value held in `name`, as the runtime's `Param` takes it.
fn parameter_value(parameter: &Parameter, name: &str) -> String {
    match parameter.encoding {
        ParameterEncoding::Scalar => format!("&{name}"),
        ParameterEncoding::Serialized => format!("&crate::params::Serialized(&{name})"),
        ParameterEncoding::Json => format!("&crate::params::AsJson(&{name})"),
    }
}

/// See [`filters::field_arg_ty`].
fn field_argument_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Option(inner) => field_argument_type(inner),
        TypeRef::String => "impl Into<String>".to_owned(),
        TypeRef::Bytes => "impl Into<bytes::Bytes>".to_owned(),
        TypeRef::Box(inner) => rust_type(inner, ""),
        other => rust_type(other, ""),
    }
}

/// See [`filters::field_arg_value`].
fn field_argument_value(ty: &TypeRef, name: &str) -> String {
    match ty {
        TypeRef::Option(inner) => format!("Some({})", field_argument_value(inner, name)),
        TypeRef::String | TypeRef::Bytes => format!("{name}.into()"),
        TypeRef::Box(_) => format!("Box::new({name})"),
        _ => name.to_owned(),
    }
}

/// The statement that writes one form field: text through `ParamValue`, files as file parts,
/// anything else as a JSON part; lists and maps as one part per item.
fn write_part(field: &FormField) -> String {
    let name = string_literal(&field.name);
    let call = |value: &str| match field.encoding {
        PartEncoding::Text | PartEncoding::TextEach => {
            format!("request.form_text({name}, {value}.to_param());")
        }
        PartEncoding::File | PartEncoding::FileEach => {
            format!("request.form_file({name}, {value});")
        }
        PartEncoding::Json => format!("request.form_json({name}, {value});"),
        PartEncoding::TextMap => "request.form_text(name, value.to_param());".to_owned(),
        PartEncoding::FileMap => "request.form_file(name, value);".to_owned(),
    };
    let field_value = format!("self.{}", field.rust_name);
    match field.encoding {
        PartEncoding::TextEach | PartEncoding::FileEach => {
            format!("for item in &{field_value} {{ {} }}", call("item"))
        }
        PartEncoding::TextMap | PartEncoding::FileMap => {
            format!(
                "for (name, value) in &{field_value} {{ {} }}",
                call("value")
            )
        }
        _ if field.optional() => format!(
            "if let Some(value) = &{field_value} {{ {} }}",
            call("value")
        ),
        PartEncoding::Text => call(&field_value),
        _ => call(&format!("&{field_value}")),
    }
}

/// A label for a status in docs, such as `404 Not Found` or `4XX`.
fn status_label(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => {
            let reason = http::StatusCode::from_u16(code)
                .ok()
                .and_then(|status| status.canonical_reason());
            match reason {
                Some(reason) => format!("`{code} {reason}`"),
                None => format!("`{code}`"),
            }
        }
        StatusMatch::Range(hundred) => format!("`{hundred}XX`"),
        StatusMatch::Default => "Any other status".to_owned(),
    }
}

fn operation_text(operation: &Operation) -> String {
    let mut parts = Vec::new();
    if let Some(summary) = operation
        .summary
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
    {
        parts.push(summary.trim_end_matches('.').to_owned() + ".");
    }
    if let Some(description) = operation
        .description
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
    {
        parts.push(description.to_owned());
    }
    if parts.is_empty() {
        parts.push(format!("Calls `{}`.", operation.operation_id));
    }
    parts.push(format!(
        "`{} {}` (operation `{}`).",
        operation.http_method.as_str(),
        operation.path,
        operation.operation_id
    ));
    let statuses: Vec<String> = operation
        .success
        .cases()
        .iter()
        .chain(&operation.errors)
        .map(|case| status_label(case.status))
        .collect();
    parts.push(format!("Documented responses: {}.", statuses.join(", ")));
    parts.join("\n\n")
}

/// Spells a JSON default as a value of the parameter's Rust type.
fn default_expression(value: &serde_json::Value, ty: &TypeRef) -> String {
    match (ty, value) {
        (TypeRef::String, serde_json::Value::String(text)) => {
            format!("String::from({})", string_literal(text))
        }
        (TypeRef::String, other) => format!("String::from({})", string_literal(&other.to_string())),
        (TypeRef::Named(name), serde_json::Value::String(text)) => {
            format!("super::{name}::from({})", string_literal(text))
        }
        (TypeRef::F32 | TypeRef::F64, serde_json::Value::Number(number)) => {
            let suffix = if *ty == TypeRef::F32 { "f32" } else { "f64" };
            format!("{:?}_{suffix}", number.as_f64().unwrap_or_default())
        }
        (_, other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_escape_what_rustdoc_would_misread() {
        assert_eq!(
            sanitize_doc(
                "See https://example.com/a. Use [x] or [the guide](https://example.com/g) and <b>bold</b>."
            ),
            "See <https://example.com/a>. Use \\[x\\] or [the guide](https://example.com/g) and &lt;b&gt;bold&lt;/b&gt;."
        );
        assert_eq!(
            sanitize_doc("Keep `a[0] <b>` as code"),
            "Keep `a[0] <b>` as code"
        );
    }

    #[test]
    fn list_items_keep_their_continuation_lines() {
        assert_eq!(
            sanitize_doc("Options:\n- first item\ncontinued here\n\nAfter.\n12. twelfth\n  wraps"),
            "Options:\n- first item\n  continued here\n\nAfter.\n12. twelfth\n    wraps"
        );
    }

    #[test]
    fn docs_never_contain_compiled_code() {
        assert_eq!(
            sanitize_doc("Example:\n\n    let x = 1;\n```\nfoo\n```"),
            "Example:\n\nlet x = 1;\n```text\nfoo\n```"
        );
        assert_eq!(sanitize_doc("```json\n{}"), "```json\n{}\n```");
    }

    #[test]
    fn types_are_spelled_with_the_model_prefix() {
        let ty = TypeRef::Option(Box::new(TypeRef::Vec(Box::new(TypeRef::Named(
            "Item".into(),
        )))));
        assert_eq!(rust_type(&ty, "super::"), "Option<Vec<super::Item>>");
    }

    #[test]
    fn defaults_become_typed_expressions() {
        assert_eq!(
            default_expression(&serde_json::json!("true"), &TypeRef::String),
            "String::from(\"true\")"
        );
        assert_eq!(
            default_expression(&serde_json::json!(250), &TypeRef::I32),
            "250"
        );
    }
}
