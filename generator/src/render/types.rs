//! Spells IR types in Rust.

use crate::ir::TypeRef;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_spelled_with_the_model_prefix() {
        let ty = TypeRef::Option(Box::new(TypeRef::Vec(Box::new(TypeRef::Named(
            "Item".into(),
        )))));
        assert_eq!(rust_type(&ty, "super::"), "Option<Vec<super::Item>>");
    }
}
