//! How the IR is written in Rust: types (in generated code, and short in the change report),
//! and the runtime's methods and constructors that send and match a parameter. The IR says what
//! a value is; only this module knows how the generated code and the runtime spell it.

use crate::ir::{Parameter, ParameterLocation, ParameterStyle, TypeRef};

/// How a type is written: in generated code, with full paths and models reached through a
/// prefix (`super::`), or in the change report, short as a reader of the API names it.
#[derive(Debug, Clone, Copy)]
pub enum Spelling<'a> {
    /// Generated code; models are written `{prefix}{name}`.
    Code(&'a str),
    /// The change report: `DateTime<Utc>`, `BTreeMap<String, T>`, `Bytes`.
    Short,
}

/// The type written in Rust, as `spelling` says.
pub fn spell(ty: &TypeRef, spelling: Spelling<'_>) -> String {
    let code = matches!(spelling, Spelling::Code(_));
    let pick = |code_text: &str, short: &str| {
        if code {
            code_text.to_owned()
        } else {
            short.to_owned()
        }
    };
    match ty {
        TypeRef::Unit => "()".into(),
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::DateTime => pick("chrono::DateTime<chrono::Utc>", "DateTime<Utc>"),
        TypeRef::Date => pick("chrono::NaiveDate", "NaiveDate"),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::JsonObject => "serde_json::Map<String, serde_json::Value>".into(),
        TypeRef::Named(name) => match spelling {
            Spelling::Code(prefix) => format!("{prefix}{name}"),
            Spelling::Short => name.clone(),
        },
        TypeRef::Vec(item) => format!("Vec<{}>", spell(item, spelling)),
        TypeRef::Map(value) => format!(
            "{}<String, {}>",
            pick("std::collections::BTreeMap", "BTreeMap"),
            spell(value, spelling)
        ),
        TypeRef::Option(inner) => format!("Option<{}>", spell(inner, spelling)),
        TypeRef::Box(inner) => format!("Box<{}>", spell(inner, spelling)),
        TypeRef::Bytes => pick("bytes::Bytes", "Bytes"),
        TypeRef::File => pick("crate::FilePart", "FilePart"),
    }
}

/// Spells an IR type in Rust; `prefix` reaches the module's models from where the text goes.
pub fn rust_type(ty: &TypeRef, prefix: &str) -> String {
    spell(ty, Spelling::Code(prefix))
}

/// Spells an IR type as the change report names it, with the short names of well-known types
/// (`DateTime<Utc>` for `chrono::DateTime<chrono::Utc>`).
pub fn short_type(ty: &TypeRef) -> String {
    spell(ty, Spelling::Short)
}

/// See [`super::filters::field_arg_ty`].
pub(super) fn field_argument_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Option(inner) => field_argument_type(inner),
        TypeRef::String => "impl Into<String>".to_owned(),
        TypeRef::Bytes => "impl Into<bytes::Bytes>".to_owned(),
        TypeRef::Box(inner) => rust_type(inner, ""),
        other => rust_type(other, ""),
    }
}

/// The method of the runtime's `OperationRequest` that sends the parameter: its location's
/// (`path_param`, `query`, `header`, `cookie`), or the `_as` one that takes a style when the
/// parameter is not laid out as that method lays it out.
pub(super) fn request_method(parameter: &Parameter) -> String {
    let method = match parameter.location {
        ParameterLocation::Path => "path_param",
        ParameterLocation::Query => "query",
        ParameterLocation::Header => "header",
        ParameterLocation::Cookie => "cookie",
    };
    styled(parameter, method)
}

/// The method of a test double's `Expectation` that matches the parameter: its location's
/// (`path`, `query`, `header`, `cookie`), or the `_as` one that takes a style.
pub(super) fn matcher_method(parameter: &Parameter) -> String {
    let method = match parameter.location {
        ParameterLocation::Path => "path",
        ParameterLocation::Query => "query",
        ParameterLocation::Header => "header",
        ParameterLocation::Cookie => "cookie",
    };
    styled(parameter, method)
}

/// The runtime's location methods lay a value out as OpenAPI does by default for the location
/// ([`Parameter::has_default_layout`]); any other layout needs the `_as` method and a style.
fn styled(parameter: &Parameter, method: &str) -> String {
    if parameter.has_default_layout() {
        method.to_owned()
    } else {
        format!("{method}_as")
    }
}

/// The constructor of the runtime's `::client_runtime::params::Style` for the style, such as
/// `space_delimited`.
pub(super) fn style_constructor(style: ParameterStyle) -> &'static str {
    match style {
        ParameterStyle::Form => "form",
        ParameterStyle::SpaceDelimited => "space_delimited",
        ParameterStyle::PipeDelimited => "pipe_delimited",
        ParameterStyle::DeepObject => "deep_object",
        ParameterStyle::Simple => "simple",
        ParameterStyle::Label => "label",
        ParameterStyle::Matrix => "matrix",
    }
}

/// Whether the runtime's `Style` of the parameter is marked exploded: the runtime's
/// `deep_object()` always explodes, so it is never marked.
pub(super) fn marks_explode(parameter: &Parameter) -> bool {
    parameter.explode && parameter.style != ParameterStyle::DeepObject
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::ParameterEncoding;

    fn boxed(ty: TypeRef) -> Box<TypeRef> {
        Box::new(ty)
    }

    #[test]
    fn types_are_spelled_with_the_model_prefix() {
        let ty = TypeRef::Option(boxed(TypeRef::Vec(boxed(TypeRef::Named("Item".into())))));
        assert_eq!(rust_type(&ty, "super::"), "Option<Vec<super::Item>>");
    }

    #[test]
    fn one_speller_writes_code_and_the_change_reports_short_names() {
        let ty = TypeRef::Option(boxed(TypeRef::Map(boxed(TypeRef::Vec(boxed(
            TypeRef::Named("Task".into()),
        ))))));
        assert_eq!(
            rust_type(&ty, "super::"),
            "Option<std::collections::BTreeMap<String, Vec<super::Task>>>"
        );
        assert_eq!(short_type(&ty), "Option<BTreeMap<String, Vec<Task>>>");
        assert_eq!(short_type(&TypeRef::DateTime), "DateTime<Utc>");
        assert_eq!(rust_type(&TypeRef::File, ""), "crate::FilePart");
    }

    fn parameter(location: ParameterLocation, style: ParameterStyle, explode: bool) -> Parameter {
        Parameter {
            name: "ids".into(),
            rust_name: "ids".into(),
            location,
            ty: TypeRef::Vec(boxed(TypeRef::String)),
            required: false,
            default: None,
            description: None,
            constraints: Vec::new(),
            maximum: None,
            style,
            explode,
            allow_reserved: false,
            encoding: ParameterEncoding::Scalar,
            deprecated: false,
        }
    }

    #[test]
    fn a_parameter_laid_out_as_its_location_defaults_to_takes_the_plain_runtime_method() {
        let plain = parameter(ParameterLocation::Query, ParameterStyle::Form, true);
        assert_eq!(request_method(&plain), "query");
        assert_eq!(matcher_method(&plain), "query");
        let piped = parameter(
            ParameterLocation::Query,
            ParameterStyle::PipeDelimited,
            false,
        );
        assert_eq!(request_method(&piped), "query_as");
        assert_eq!(style_constructor(piped.style), "pipe_delimited");
        let labelled = parameter(ParameterLocation::Path, ParameterStyle::Label, true);
        assert_eq!(request_method(&labelled), "path_param_as");
        assert_eq!(matcher_method(&labelled), "path_as");
        assert!(marks_explode(&labelled));
        let deep = parameter(ParameterLocation::Query, ParameterStyle::DeepObject, true);
        assert!(!marks_explode(&deep));
    }
}
