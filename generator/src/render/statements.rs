//! The Rust statements and expressions the filters of `filters` write whole: sending parameters
//! and bodies, writing form parts, a test double's response.

use super::examples::concrete_status;
use super::literals::string_literal;
use crate::ir::{
    BodyFormat, FormField, Operation, Parameter, ParameterEncoding, ParameterLocation,
    ParameterStyle, PartEncoding, ResponseCase,
};

/// The expression that builds a test double's response for a documented case from `body`.
pub(super) fn mock_response(case: &ResponseCase, operation: &Operation) -> String {
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

/// See [`super::filters::send_parameter`].
pub(super) fn send_statement(parameter: &Parameter) -> String {
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
pub(super) fn default_layout(parameter: &Parameter) -> bool {
    let (style, explode) = match parameter.location {
        ParameterLocation::Query | ParameterLocation::Cookie => (ParameterStyle::Form, true),
        ParameterLocation::Path | ParameterLocation::Header => (ParameterStyle::Simple, false),
    };
    parameter.style == style && parameter.explode == explode && !parameter.allow_reserved
}

/// The runtime method that writes the parameter: `method`, or `method_as` taking its style.
pub(super) fn styled_method(method: &str, parameter: &Parameter) -> String {
    if default_layout(parameter) {
        method.to_owned()
    } else {
        format!("{method}_as")
    }
}

/// The arguments of the runtime method that writes the parameter held in `value`: its name,
/// its style unless it is the default, and the value.
pub(super) fn parameter_arguments(parameter: &Parameter, value: &str) -> String {
    let name = string_literal(&parameter.name);
    let value = parameter_value(parameter, value);
    if default_layout(parameter) {
        format!("{name}, {value}")
    } else {
        format!("{name}, {}, {value}", parameter_style(parameter))
    }
}

/// The runtime's `Style` of a parameter, such as `crate::params::Style::form().explode()`.
pub(super) fn parameter_style(parameter: &Parameter) -> String {
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
pub(super) fn parameter_value(parameter: &Parameter, name: &str) -> String {
    match parameter.encoding {
        ParameterEncoding::Scalar => format!("&{name}"),
        ParameterEncoding::Serialized => format!("&crate::params::Serialized(&{name})"),
        ParameterEncoding::Json => format!("&crate::params::AsJson(&{name})"),
    }
}


/// The statement that writes one form field: text through `ParamValue`, files as file parts,
/// anything else as a JSON part; lists and maps as one part per item.
pub(super) fn write_part(field: &FormField) -> String {
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

