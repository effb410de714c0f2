//! Form bodies (`multipart/form-data` and URL-encoded): one field per property, files as file
//! parts; and which types a parameter can be written as.

use openapiv3::{ReferenceOr, Schema};

use super::all_of::Shape;
use super::models::{Binary, FieldSet};
use crate::ir::{FormField, ModelKind, PartEncoding, TypeRef};
use crate::lower::{Lowerer, MAX_REF_CHAIN, schema_key};
use crate::naming::{Scope, snake_name, type_name};

impl<'a> Lowerer<'a> {
    /// The form model of a `multipart/form-data` or URL-encoded body: one field per property,
    /// files (`format: binary`) as file parts.
    pub(in crate::lower) fn form_type(
        &mut self,
        schema: Option<&'a ReferenceOr<Schema>>,
        pointer: &str,
        hint: &str,
        multipart: bool,
    ) -> TypeRef {
        let target = match schema {
            Some(schema) => match self.resolve(schema, pointer, "schemas", |c| &c.schemas) {
                Some((target, target_pointer)) => Some((target, target_pointer)),
                None => return TypeRef::Json,
            },
            None => None,
        };
        let model_pointer = target.as_ref().map_or_else(
            || pointer.to_owned(),
            |(_, target_pointer)| target_pointer.clone(),
        );
        let cache_key = (model_pointer.clone(), multipart);
        if let Some(existing) = self.form_types.get(&cache_key) {
            return TypeRef::Named(existing.clone());
        }
        let wanted = match schema {
            Some(ReferenceOr::Reference { reference }) => match schema_key(reference) {
                Some(key) => format!("{}Form", type_name(&key)),
                None => hint.to_owned(),
            },
            _ => hint.to_owned(),
        };
        let name = self.types.claim(&type_name(&wanted));
        self.form_types.insert(cache_key, name.clone());
        let mut set = FieldSet::default();
        let mut description = None;
        if let Some((target, target_pointer)) = target {
            description = target.schema_data.description.clone();
            if self.shape_of(target, 0) == Shape::Object {
                self.collect_fields(&name, target, &target_pointer, &mut set);
            } else {
                self.warn(
                    &target_pointer,
                    "a form body's schema should be an object; the form takes arbitrary fields instead",
                );
            }
        }
        let mut names = Scope::snake();
        let mut fields = Vec::new();
        for draft in set.fields.into_iter().filter(|draft| !draft.flatten) {
            let required = set.required.contains(&draft.name) && !draft.lowered.nullable;
            let (ty, encoding) = match (draft.binary, multipart) {
                (Binary::One, true) => (TypeRef::File, PartEncoding::File),
                (Binary::Each, true) => (
                    TypeRef::Vec(Box::new(TypeRef::File)),
                    PartEncoding::FileEach,
                ),
                (Binary::One, false) => (TypeRef::String, PartEncoding::Text),
                (Binary::Each, false) => (
                    TypeRef::Vec(Box::new(TypeRef::String)),
                    PartEncoding::TextEach,
                ),
                (Binary::No, _) => {
                    let ty = draft.lowered.ty;
                    let encoding = match &ty {
                        TypeRef::Vec(item) if self.param_sendable(item) => PartEncoding::TextEach,
                        other if self.param_sendable(other) => PartEncoding::Text,
                        _ => PartEncoding::Json,
                    };
                    (ty, encoding)
                }
            };
            let ty = if required
                || matches!(encoding, PartEncoding::TextEach | PartEncoding::FileEach)
            {
                ty
            } else {
                ty.optional()
            };
            fields.push(FormField {
                rust_name: names.claim(&snake_name(&draft.name)),
                name: draft.name,
                ty,
                encoding,
                description: draft.description,
                setter: None,
            });
        }
        if fields.is_empty() {
            let (value, encoding) = if multipart {
                (TypeRef::File, PartEncoding::FileMap)
            } else {
                (TypeRef::String, PartEncoding::TextMap)
            };
            fields.push(FormField {
                rust_name: names.claim("fields"),
                name: String::new(),
                ty: TypeRef::Map(Box::new(value)),
                encoding,
                description: Some(
                    "The form's fields by name; the schema does not list them.".to_owned(),
                ),
                setter: None,
            });
        }
        self.push_model(
            name.clone(),
            description,
            ModelKind::Form { fields },
            model_pointer,
        );
        TypeRef::Named(name)
    }

    /// Whether a value of `ty` can be written as a parameter: a scalar or a string enum.
    pub(in crate::lower) fn param_sendable(&self, ty: &TypeRef) -> bool {
        self.param_sendable_within(ty, 0)
    }

    fn param_sendable_within(&self, ty: &TypeRef, depth: usize) -> bool {
        if depth > MAX_REF_CHAIN {
            return false;
        }
        match ty {
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::Date
            | TypeRef::DateTime => true,
            TypeRef::Named(name) => match self.model(name).map(|model| &model.kind) {
                Some(ModelKind::StringEnum { .. } | ModelKind::IntegerEnum { .. }) => true,
                Some(ModelKind::Alias { ty }) => {
                    let ty = ty.clone();
                    self.param_sendable_within(&ty, depth + 1)
                }
                _ => false,
            },
            _ => false,
        }
    }
}
