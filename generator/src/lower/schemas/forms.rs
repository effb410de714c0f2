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
        if let Some(existing) = self.names.form(&model_pointer, multipart) {
            return TypeRef::Named(existing.to_owned());
        }
        let wanted = match schema {
            Some(ReferenceOr::Reference { reference }) => match schema_key(reference) {
                Some(key) => format!("{}Form", type_name(&key)),
                None => hint.to_owned(),
            },
            _ => hint.to_owned(),
        };
        let name = self
            .names
            .claim_form(&model_pointer, multipart, &type_name(&wanted));
        let mut set = FieldSet::default();
        let mut description = None;
        if let Some((target, target_pointer)) = target {
            description = target.schema_data.description.clone();
            if self.shape_of(target, 0) == Shape::Object {
                self.collect_fields(&name, target, &target_pointer, &mut set);
            } else {
                self.findings.warn(
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
        self.models.push(
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
            scalar if scalar.is_scalar() => true,
            TypeRef::Named(name) => match self.models.get(name).map(|model| &model.kind) {
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

/// Typify-style: each test lowers a request body and compares the form model it made with
/// the one written out by hand.
#[cfg(test)]
mod tests {
    use crate::ir::{Api, BodyFormat, ModelKind, PartEncoding, TypeRef};
    use crate::load::{NoFiles, load};
    use crate::lower::lower;

    /// The module of one operation whose required body is `schema` (YAML flow) in `media`.
    fn lowered(media: &str, schema: &str) -> Api {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /upload:\n    post:\n      operationId: upload\n      requestBody:\n        required: true\n        content:\n          {media}:\n            schema: {schema}\n      responses:\n        '204': {{description: done}}\n"
        );
        let document = load("spec.yaml", &text, &NoFiles)
            .unwrap_or_else(|problems| panic!("the spec loads: {problems:?}"));
        lower(&document, "v1").unwrap_or_else(|problems| panic!("the spec lowers: {problems:?}"))
    }

    /// One form field as (part name, type, encoding, setter).
    type Part = (String, TypeRef, PartEncoding, Option<String>);

    /// The form's constructor and its fields.
    fn form(api: &Api, name: &str) -> (Option<String>, Vec<Part>) {
        let Some(model) = api.models.iter().find(|model| model.name == name) else {
            panic!("no model `{name}` among {:?}", api.models);
        };
        let ModelKind::Form { fields } = &model.kind else {
            panic!("`{name}` is not a form: {:?}", model.kind);
        };
        let fields = fields
            .iter()
            .map(|field| {
                (
                    field.name.clone(),
                    field.ty.clone(),
                    field.encoding,
                    field.setter.clone(),
                )
            })
            .collect();
        (model.constructor.clone(), fields)
    }

    fn part(name: &str, ty: TypeRef, encoding: PartEncoding, setter: Option<&str>) -> Part {
        (name.to_owned(), ty, encoding, setter.map(str::to_owned))
    }

    fn boxed(ty: TypeRef) -> Box<TypeRef> {
        Box::new(ty)
    }

    const UPLOAD: &str = "{type: object, required: [file], properties: {file: {type: string, format: binary}, files: {type: array, items: {type: string, format: binary}}, caption: {type: string}, tags: {type: array, items: {type: string}}, meta: {type: object, properties: {a: {type: string}}}, count: {type: integer, format: int32}}}";

    #[test]
    fn a_multipart_body_is_a_form_with_file_parts() {
        let api = lowered("multipart/form-data", UPLOAD);
        let body = api.operations[0]
            .body
            .as_ref()
            .expect("the operation has a body");
        assert_eq!(body.format, BodyFormat::Multipart);
        assert_eq!(body.ty, TypeRef::Named("UploadRequest".into()));
        let (constructor, fields) = form(&api, "UploadRequest");
        assert_eq!(constructor.as_deref(), Some("new"));
        assert_eq!(
            fields,
            [
                part("file", TypeRef::File, PartEncoding::File, None),
                // A list that is left out is sent as no parts: an empty list, not an `Option`.
                part(
                    "files",
                    TypeRef::Vec(boxed(TypeRef::File)),
                    PartEncoding::FileEach,
                    None
                ),
                part(
                    "caption",
                    TypeRef::Option(boxed(TypeRef::String)),
                    PartEncoding::Text,
                    Some("with_caption")
                ),
                part(
                    "tags",
                    TypeRef::Vec(boxed(TypeRef::String)),
                    PartEncoding::TextEach,
                    None
                ),
                // An object has no text form: it is one part holding its JSON.
                part(
                    "meta",
                    TypeRef::Option(boxed(TypeRef::Named("UploadRequestMeta".into()))),
                    PartEncoding::Json,
                    Some("with_meta")
                ),
                part(
                    "count",
                    TypeRef::Option(boxed(TypeRef::I32)),
                    PartEncoding::Text,
                    Some("with_count")
                ),
            ]
        );
    }

    #[test]
    fn a_url_encoded_body_sends_binary_properties_as_text() {
        let api = lowered("application/x-www-form-urlencoded", UPLOAD);
        let body = api.operations[0]
            .body
            .as_ref()
            .expect("the operation has a body");
        assert_eq!(body.format, BodyFormat::UrlEncoded);
        let (_, fields) = form(&api, "UploadRequest");
        assert_eq!(
            fields[..2],
            [
                part("file", TypeRef::String, PartEncoding::Text, None),
                part(
                    "files",
                    TypeRef::Vec(boxed(TypeRef::String)),
                    PartEncoding::TextEach,
                    None
                ),
            ]
        );
    }
}
