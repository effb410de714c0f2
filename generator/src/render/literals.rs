//! Rust literals and value expressions written from IR values: string literals, defaults,
//! the values constructors store, serde's options.

use crate::ir::TypeRef;

/// A Rust string literal with the exact contents of `text`.
pub fn string_literal(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

/// Spells a JSON default as a value of the parameter's Rust type.
pub(super) fn default_expression(value: &serde_json::Value, ty: &TypeRef) -> String {
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

/// See [`super::filters::field_arg_value`].
pub(super) fn field_argument_value(ty: &TypeRef, name: &str) -> String {
    match ty {
        TypeRef::Option(inner) => format!("Some({})", field_argument_value(inner, name)),
        TypeRef::String | TypeRef::Bytes => format!("{name}.into()"),
        TypeRef::Box(_) => format!("Box::new({name})"),
        _ => name.to_owned(),
    }
}

/// `text` as a TOML basic string: JSON's escapes are TOML's (`\"`, `\\`, `\n`, `\u0001`).
pub(super) fn toml_string(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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
