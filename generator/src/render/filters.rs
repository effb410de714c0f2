//! The askama filters the templates use, for names, literals and docs only: spellings of types
//! and of the runtime's parameter methods (`spelling`), literals and value expressions (`literals`), doc attributes (`docs`), and the
//! lookup of a path slot's parameter. The statements the templates write are in the templates
//! and their macros (`templates/api/statements.rs`), not here.

use std::fmt::Display;

use crate::ir::{
    BodyFormat, Operation, Parameter, ParameterStyle, ResponseCase, StatusMatch, TypeRef,
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

/// Spells a type (see [`super::spelling::rust_type`]).
#[askama::filter_fn]
pub fn ty(ty: impl TypeLike, _: &dyn askama::Values, prefix: &str) -> askama::Result<String> {
    Ok(super::spelling::rust_type(ty.type_ref(), prefix))
}

/// The runtime method that sends the parameter (see [`super::spelling::request_method`]).
#[askama::filter_fn]
pub fn request_method(parameter: &Parameter, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(super::spelling::request_method(parameter))
}

/// The test double's method that matches the parameter (see
/// [`super::spelling::matcher_method`]).
#[askama::filter_fn]
pub fn matcher_method(parameter: &Parameter, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(super::spelling::matcher_method(parameter))
}

/// The constructor of the runtime's `Style` for a style (see
/// [`super::spelling::style_constructor`]).
#[askama::filter_fn]
pub fn style_constructor(
    style: &ParameterStyle,
    _: &dyn askama::Values,
) -> askama::Result<&'static str> {
    Ok(super::spelling::style_constructor(*style))
}

/// Whether the runtime's `Style` of the parameter is marked exploded (see
/// [`super::spelling::marks_explode`]).
#[askama::filter_fn]
pub fn marks_explode(parameter: &Parameter, _: &dyn askama::Values) -> askama::Result<bool> {
    Ok(super::spelling::marks_explode(parameter))
}

/// The type a method argument or setter takes: strings take anything that becomes one.
#[askama::filter_fn]
pub fn arg_ty(ty: &TypeRef, _: &dyn askama::Values, prefix: &str) -> askama::Result<String> {
    Ok(match ty {
        TypeRef::String => "impl Into<String>".to_owned(),
        TypeRef::Bytes => "impl Into<bytes::Bytes>".to_owned(),
        other => super::spelling::rust_type(other, prefix),
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
    Ok(super::spelling::field_argument_type(ty))
}

/// The value a constructor or setter stores for the argument `name` taken as
/// [`field_arg_ty`]: `Some(..)` for an `Option` field, converted or boxed as needed.
#[askama::filter_fn]
pub fn field_arg_value(ty: &TypeRef, _: &dyn askama::Values, name: &str) -> askama::Result<String> {
    Ok(super::literals::field_argument_value(ty, name))
}

/// A field initializer in a constructor for the argument `name`: the shorthand `name` when
/// the argument is stored as it is, else `name: value`.
#[askama::filter_fn]
pub fn field_init(ty: &TypeRef, _: &dyn askama::Values, name: &str) -> askama::Result<String> {
    let value = super::literals::field_argument_value(ty, name);
    Ok(if value == name {
        value
    } else {
        format!("{name}: {value}")
    })
}

/// A field initializer in a constructor for the field `name` of a struct of required fields,
/// which holds the field's own type unboxed: boxed again where the model boxes it.
#[askama::filter_fn]
pub fn required_field_init(
    ty: &TypeRef,
    _: &dyn askama::Values,
    name: &str,
) -> askama::Result<String> {
    Ok(match ty {
        TypeRef::Box(_) => format!("{name}: Box::new({name})"),
        _ => name.to_owned(),
    })
}

/// `count` with its noun, singular or plural: `1 operation`, `2 operations`.
#[askama::filter_fn]
pub fn counted(
    count: usize,
    _: &dyn askama::Values,
    one: &str,
    many: &str,
) -> askama::Result<String> {
    Ok(format!(
        "{count} {}",
        crate::report::plural(count, one, many)
    ))
}

/// The docs of a security scheme's constant: what it is, the credential it takes, and the
/// spec's description.
#[askama::filter_fn]
pub fn scheme_doc(
    scheme: &crate::ir::SecurityScheme,
    _: &dyn askama::Values,
) -> askama::Result<String> {
    Ok(super::docs::scheme_doc(scheme))
}

/// A Rust string literal.
#[askama::filter_fn]
pub fn lit(text: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(super::literals::string_literal(&text.to_string()))
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
    Ok(super::docs::doc_attributes(&text, false))
}

/// Outer doc attributes for spec prose, made safe for rustdoc.
#[askama::filter_fn]
pub fn doc(text: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(super::docs::doc_attributes(&text.to_string(), false))
}

/// Outer doc attributes for text the generator wrote itself, intra-doc links included.
#[askama::filter_fn]
pub fn doc_raw(text: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(super::docs::raw_doc_attributes(&text.to_string(), false))
}

/// Where an API's operations are under the base URL (see [`super::docs::served_at`]).
#[askama::filter_fn]
pub fn served_at(api: &crate::ir::Api, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(super::docs::served_at(api))
}

/// Inner doc attributes for a section of the crate's guide (`templates/guide/`): Markdown the
/// templates wrote, kept as written, after a blank line that separates it from what precedes.
#[askama::filter_fn]
pub fn guide(text: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
    let text = text.to_string();
    Ok(super::docs::raw_doc_attributes(
        &format!("\n{}", text.trim_matches('\n')),
        true,
    ))
}

/// Inner (`//!`) doc attributes.
#[askama::filter_fn]
pub fn inner_doc(text: &str, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(super::docs::doc_attributes(text, true))
}

/// Inner (`//!`) doc attributes for text built in a template.
#[askama::filter_fn]
pub fn inner_doc_text(text: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(super::docs::doc_attributes(&text.to_string(), true))
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
    let status = super::docs::status_label(case.status);
    let description = case.description.trim();
    let text = if description.is_empty() {
        format!("{status}.")
    } else {
        format!("{status}: {description}")
    };
    Ok(super::docs::doc_attributes(&text, false))
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
    Ok(super::docs::doc_attributes(&text, false))
}

/// Doc attributes for an operation's method.
#[askama::filter_fn]
pub fn operation_doc(operation: &Operation, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(super::docs::doc_attributes(
        &super::docs::operation_text(operation),
        false,
    ))
}

/// The parameter of `operation` held in `rust_name`, which fills a slot of its path.
#[askama::filter_fn]
pub fn path_parameter<'a>(
    operation: &'a Operation,
    _: &dyn askama::Values,
    rust_name: &str,
) -> askama::Result<&'a Parameter> {
    operation
        .parameters
        .iter()
        .find(|parameter| parameter.rust_name == rust_name)
        .ok_or_else(|| {
            askama::Error::custom(format!(
                "the path of `{}` names `{rust_name}`, which is none of its parameters",
                operation.operation_id
            ))
        })
}

/// What a test double answers for a documented case, for its docs: the status it sends
/// (and the range or `default` it stands for) and whether a body goes with it.
#[askama::filter_fn]
pub fn mock_reply_doc(case: &ResponseCase, _: &dyn askama::Values) -> askama::Result<String> {
    let sent = super::docs::status_label(StatusMatch::Code(case.mock_status));
    let status = match case.status {
        StatusMatch::Code(_) => sent,
        StatusMatch::Range(_) => {
            format!(
                "{sent} (standing for {})",
                super::docs::status_label(case.status)
            )
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

/// Doc attributes of a test double's parameter matcher.
#[askama::filter_fn]
pub fn mock_parameter_doc(parameter: &Parameter, _: &dyn askama::Values) -> askama::Result<String> {
    let location = parameter.location.noun();
    Ok(super::docs::doc_attributes(
        &format!(
            "Answers only requests whose `{}` {location} is `value`, written as the client writes it.",
            parameter.name
        ),
        false,
    ))
}

/// A Rust expression for a parameter's default value.
#[askama::filter_fn]
pub fn default_value(
    value: &serde_json::Value,
    _: &dyn askama::Values,
    ty: &TypeRef,
) -> askama::Result<String> {
    Ok(super::literals::default_expression(value, ty))
}
