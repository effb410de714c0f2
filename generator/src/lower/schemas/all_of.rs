//! `allOf`: what each part of a schema describes ([`Shape`]), and how the parts combine
//! ([`AllOfPlan`]): objects merge into one struct, a lone type plus annotations is that type,
//! scalars must agree.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::narrower;
use crate::error::pointer_push;
use crate::ir::TypeRef;
use crate::lower::{Lowered, Lowerer, MAX_REF_CHAIN};

/// What a schema describes, as far as combining `allOf` parts is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::lower) enum Shape {
    /// Only annotations (`description`, `nullable`, `example`...): no constraint on the shape.
    Annotation,
    /// An object, or constraints that only make sense on one (such as `required`).
    Object,
    /// A string, number, integer or boolean.
    Scalar,
    /// A list.
    Array,
    /// A `oneOf` or `anyOf`.
    Choice,
    /// Something else (`not`, an unknown `type`, a broken reference).
    Unknown,
}

impl Shape {
    fn describe(self) -> &'static str {
        match self {
            Shape::Annotation => "annotations",
            Shape::Object => "an object",
            Shape::Scalar => "a scalar",
            Shape::Array => "an array",
            Shape::Choice => "a `oneOf`/`anyOf`",
            Shape::Unknown => "an unsupported schema",
        }
    }
}

/// How the parts of an `allOf` combine.
pub(super) enum AllOfPlan {
    /// No part constrains the shape: any JSON value.
    Empty,
    /// Objects (and choices among objects): merged into one struct.
    Struct,
    /// One part says what the value is; the others only annotate it.
    Single(usize),
    /// Several scalar parts that must agree.
    Scalars(Vec<usize>),
    /// Two parts no value can satisfy together.
    Conflict(usize, usize),
}

impl<'a> Lowerer<'a> {
    pub(super) fn all_of_type(
        &mut self,
        parts: &'a [ReferenceOr<Schema>],
        pointer: &str,
        hint: &str,
    ) -> Lowered {
        let parts_pointer = pointer_push(pointer, "allOf");
        let part_pointer = |index: usize| pointer_push(&parts_pointer, &index.to_string());
        match self.all_of_plan(parts) {
            AllOfPlan::Empty => Lowered::plain(TypeRef::Json),
            // A struct plan names a model, which `needs_model` sends through `named_inline`.
            AllOfPlan::Struct => Lowered::plain(TypeRef::Json),
            AllOfPlan::Single(index) => self.schema_type(&parts[index], &part_pointer(index), hint),
            AllOfPlan::Scalars(indexes) => {
                let lowered: Vec<(usize, Lowered)> = indexes
                    .iter()
                    .map(|&index| {
                        (
                            index,
                            self.schema_type(&parts[index], &part_pointer(index), hint),
                        )
                    })
                    .collect();
                let nullable = lowered.iter().all(|(_, part)| part.nullable);
                let string_like = |ty: &TypeRef| matches!(ty, TypeRef::String | TypeRef::Named(_));
                let mut chosen: Option<&(usize, Lowered)> = None;
                for candidate in &lowered {
                    let Some(current) = chosen else {
                        chosen = Some(candidate);
                        continue;
                    };
                    if current.1.ty == candidate.1.ty {
                        continue;
                    }
                    if let Some(narrower) = narrower(&current.1.ty, &candidate.1.ty) {
                        if narrower == candidate.1.ty {
                            chosen = Some(candidate);
                        }
                        continue;
                    }
                    if string_like(&current.1.ty) && string_like(&candidate.1.ty) {
                        // The more specific of two string types: an enum rather than any string.
                        if current.1.ty == TypeRef::String {
                            chosen = Some(candidate);
                        }
                        continue;
                    }
                    let message = format!(
                        "`allOf` combines types no value can have: this part and {}",
                        part_pointer(current.0)
                    );
                    self.findings.error(&part_pointer(candidate.0), message);
                    return Lowered::plain(TypeRef::Json);
                }
                match chosen {
                    Some((_, part)) => Lowered {
                        ty: part.ty.clone(),
                        nullable,
                    },
                    None => Lowered::plain(TypeRef::Json),
                }
            }
            AllOfPlan::Conflict(first, second) => {
                let first_shape = self.shape(&parts[first], 0).describe();
                let second_shape = self.shape(&parts[second], 0).describe();
                let message = format!(
                    "`allOf` combines {second_shape} (this part) with {first_shape} at {}; no value can be both",
                    part_pointer(first)
                );
                self.findings.error(&part_pointer(second), message);
                Lowered::plain(TypeRef::Json)
            }
        }
    }

    pub(super) fn all_of_plan(&self, parts: &'a [ReferenceOr<Schema>]) -> AllOfPlan {
        let mut structural: Vec<(usize, Shape)> = parts
            .iter()
            .enumerate()
            .map(|(index, part)| (index, self.shape(part, 0)))
            .filter(|(_, shape)| *shape != Shape::Annotation)
            .collect();
        // A free-form object or map beside a specific object adds nothing the specific one
        // does not say: the value is the specific one.
        let specific = structural
            .iter()
            .any(|(index, shape)| *shape == Shape::Object && !self.free_form(&parts[*index]));
        if specific {
            structural.retain(|(index, _)| !self.free_form(&parts[*index]));
        }
        let Some(&(first, first_shape)) = structural.first() else {
            return AllOfPlan::Empty;
        };
        if structural.len() == 1 {
            return AllOfPlan::Single(first);
        }
        let objects = structural
            .iter()
            .all(|(_, shape)| matches!(shape, Shape::Object | Shape::Choice));
        if objects && structural.iter().any(|(_, shape)| *shape == Shape::Object) {
            return AllOfPlan::Struct;
        }
        if structural.iter().all(|(_, shape)| *shape == Shape::Scalar) {
            return AllOfPlan::Scalars(structural.iter().map(|(index, _)| *index).collect());
        }
        match structural.iter().find(|(_, shape)| *shape != first_shape) {
            Some(&(other, _)) => AllOfPlan::Conflict(first, other),
            // Several arrays or several choices: the first says what the value is.
            None => AllOfPlan::Single(first),
        }
    }

    /// Whether an `allOf` part is an object that lists nothing: `type: object` alone, or with
    /// `additionalProperties`.
    fn free_form(&self, part: &'a ReferenceOr<Schema>) -> bool {
        let Some((schema, _)) = self.peek_schema(part, "") else {
            return false;
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                object.properties.is_empty()
                    && object.required.is_empty()
                    && object.min_properties.is_none()
                    && object.max_properties.is_none()
            }
            SchemaKind::Any(any) => {
                (any.typ.as_deref() == Some("object") || any.additional_properties.is_some())
                    && any.properties.is_empty()
                    && any.required.is_empty()
                    && any.all_of.is_empty()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.min_properties.is_none()
                    && any.max_properties.is_none()
            }
            _ => false,
        }
    }

    /// What a schema (following references) describes.
    pub(in crate::lower) fn shape(&self, schema: &'a ReferenceOr<Schema>, depth: usize) -> Shape {
        if depth > MAX_REF_CHAIN {
            return Shape::Unknown;
        }
        match self.peek_schema(schema, "") {
            Some((schema, _)) => self.shape_of(schema, depth + 1),
            None => Shape::Unknown,
        }
    }

    pub(super) fn shape_of(&self, schema: &'a Schema, depth: usize) -> Shape {
        if depth > MAX_REF_CHAIN {
            return Shape::Unknown;
        }
        let combined = |parts: &'a [ReferenceOr<Schema>]| {
            let shapes: Vec<Shape> = parts
                .iter()
                .map(|part| self.shape(part, depth + 1))
                .filter(|shape| *shape != Shape::Annotation)
                .collect();
            if shapes.contains(&Shape::Object) {
                Shape::Object
            } else {
                shapes.first().copied().unwrap_or(Shape::Annotation)
            }
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(_)) => Shape::Object,
            SchemaKind::Type(Type::Array(_)) => Shape::Array,
            SchemaKind::Type(_) => Shape::Scalar,
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => Shape::Choice,
            SchemaKind::AllOf { all_of } => combined(all_of),
            SchemaKind::Not { .. } => Shape::Unknown,
            SchemaKind::Any(any) => {
                if !any.properties.is_empty()
                    || any.typ.as_deref() == Some("object")
                    || any.additional_properties.is_some()
                    || !any.required.is_empty()
                    || any.min_properties.is_some()
                    || any.max_properties.is_some()
                {
                    Shape::Object
                } else if !any.all_of.is_empty() {
                    combined(&any.all_of)
                } else if !any.one_of.is_empty() || !any.any_of.is_empty() {
                    Shape::Choice
                } else if any.items.is_some() || any.typ.as_deref() == Some("array") {
                    Shape::Array
                } else if matches!(
                    any.typ.as_deref(),
                    Some("string" | "integer" | "number" | "boolean")
                ) || !any.enumeration.is_empty()
                    || any.format.is_some()
                    || any.pattern.is_some()
                {
                    Shape::Scalar
                } else if any.typ.is_some() || any.not.is_some() {
                    Shape::Unknown
                } else {
                    Shape::Annotation
                }
            }
        }
    }
}

/// Typify-style: each test lowers a few schemas and compares the models `allOf` made with the
/// ones written out by hand.
#[cfg(test)]
mod tests {
    use crate::ir::{Api, ModelKind, TypeRef};
    use crate::load::{NoFiles, load};
    use crate::lower::lower;

    /// The module lowered from a spec whose `components.schemas` are `schemas` (YAML, indented
    /// by four spaces).
    fn lowered(schemas: &str) -> Api {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let document = load("spec.yaml", &text, &NoFiles)
            .unwrap_or_else(|problems| panic!("the spec loads: {problems:?}"));
        lower(&document, "v1").unwrap_or_else(|problems| panic!("the spec lowers: {problems:?}"))
    }

    fn kind<'a>(api: &'a Api, name: &str) -> &'a ModelKind {
        match api.models.iter().find(|model| model.name == name) {
            Some(model) => &model.kind,
            None => panic!("no model `{name}` among {:?}", api.models),
        }
    }

    /// A struct's fields as (Rust name, type, whether it has a setter).
    fn fields(api: &Api, name: &str) -> Vec<(String, TypeRef, bool)> {
        match kind(api, name) {
            ModelKind::Struct { fields } => fields
                .iter()
                .map(|field| {
                    (
                        field.rust_name.clone(),
                        field.ty.clone(),
                        field.setter.is_some(),
                    )
                })
                .collect(),
            other => panic!("`{name}` is not a struct: {other:?}"),
        }
    }

    /// What the alias `name` stands for.
    fn alias(api: &Api, name: &str) -> TypeRef {
        match kind(api, name) {
            ModelKind::Alias { ty } => ty.clone(),
            other => panic!("`{name}` is not an alias: {other:?}"),
        }
    }

    fn field(name: &str, ty: TypeRef, setter: bool) -> (String, TypeRef, bool) {
        (name.to_owned(), ty, setter)
    }

    fn option(ty: TypeRef) -> TypeRef {
        TypeRef::Option(Box::new(ty))
    }

    const BASE: &str = "    Base:\n      type: object\n      required: [id]\n      properties:\n        id: {type: string}\n        at: {type: string}\n";

    #[test]
    fn objects_merge_into_one_struct_whose_parts_narrow_and_require_each_other() {
        let api = lowered(&format!(
            "{BASE}    Event:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - type: object\n          required: [at]\n          properties:\n            at: {{type: string, format: date-time}}\n            extra: {{type: integer, format: int32}}\n"
        ));
        assert_eq!(
            fields(&api, "Event"),
            [
                field("id", TypeRef::String, false),
                // Base's `at` is any string; the second part says a date-time, and requires it.
                field("at", TypeRef::DateTime, false),
                field("extra", option(TypeRef::I32), true),
            ]
        );
        // The part referred to is unchanged.
        assert_eq!(
            fields(&api, "Base"),
            [
                field("id", TypeRef::String, false),
                field("at", option(TypeRef::String), true),
            ]
        );
        assert!(api.warnings.is_empty(), "{:?}", api.warnings);
    }

    #[test]
    fn a_required_list_alone_requires_the_other_parts_properties() {
        let api = lowered(
            "    Late:\n      allOf:\n        - type: object\n          properties:\n            a: {type: string}\n        - required: [a]\n",
        );
        assert_eq!(fields(&api, "Late"), [field("a", TypeRef::String, false)]);
    }

    #[test]
    fn one_type_beside_annotations_is_that_type() {
        let api = lowered(&format!(
            "{BASE}    Wrapped:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - description: A base.\n"
        ));
        assert_eq!(alias(&api, "Wrapped"), TypeRef::Named("Base".into()));
    }

    #[test]
    fn scalars_narrow_to_the_stricter_definition() {
        let api = lowered(
            "    Stamp:\n      allOf:\n        - type: string\n        - {type: string, format: date-time}\n    Count:\n      allOf:\n        - {type: integer, format: int64}\n        - {type: integer, format: int32, minimum: 0}\n",
        );
        assert_eq!(alias(&api, "Stamp"), TypeRef::DateTime);
        assert_eq!(alias(&api, "Count"), TypeRef::I32);
    }

    #[test]
    fn parts_no_value_can_satisfy_become_any_json_with_a_warning_naming_both() {
        let api = lowered(
            "    Impossible:\n      allOf:\n        - type: string\n        - type: integer\n",
        );
        assert_eq!(alias(&api, "Impossible"), TypeRef::Json);
        let warnings: Vec<String> = api.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "spec.yaml#/components/schemas/Impossible/allOf/1: `allOf` combines types no value can have: this part and /components/schemas/Impossible/allOf/0; the schema `Impossible` is read as any JSON value (`serde_json::Value`) instead"
            ]
        );
    }
}
