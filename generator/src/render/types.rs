//! Spells IR types in Rust.

use crate::ir::{Spelling, TypeRef};

/// Spells an IR type in Rust; `prefix` reaches the module's models from where the text goes.
pub fn rust_type(ty: &TypeRef, prefix: &str) -> String {
    ty.spell(Spelling::Code(prefix))
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
