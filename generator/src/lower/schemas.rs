//! Schemas to types: scalars, lists and maps in place, and a named model for every object,
//! enum and choice, whether a component or inline. `allOf` parts are merged by what they
//! describe (objects merge into one struct, a lone type plus annotations is that type), and a
//! `oneOf` with a `discriminator` becomes an enum told apart by its tag property.

use std::collections::BTreeSet;

use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value as Json;

use super::{Lowered, Lowerer, MAX_REF_CHAIN, schema_key};
use crate::error::{Diagnostic, READ_AS_ANY_JSON, pointer_push};
use crate::ir::{EnumVariant, Field, FormField, ModelKind, OneOfVariant, PartEncoding, TypeRef};
use crate::naming::{Scope, camel_name, snake_name, type_name};

/// What a schema describes, as far as combining `allOf` parts is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
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
enum AllOfPlan {
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

/// Which `format: binary` a form property has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Binary {
    No,
    One,
    Each,
}

/// A property collected for a struct before its Rust name and optionality are decided.
struct FieldDraft {
    name: String,
    lowered: Lowered,
    read_only: bool,
    description: Option<String>,
    default: Option<Json>,
    deprecated: bool,
    pointer: String,
    /// Whether the schema is a string (enum or not), so that two parts' types can be reconciled.
    string_like: bool,
    unique_items: bool,
    binary: Binary,
    flatten: bool,
}

#[derive(Default)]
struct FieldSet {
    fields: Vec<FieldDraft>,
    required: BTreeSet<String>,
    /// The type of properties not listed, from `additionalProperties`, and where it was given.
    additional: Option<(TypeRef, String)>,
}

impl<'a> Lowerer<'a> {
    // ----- types of schemas -----

    /// The type of a schema that may be a reference; `hint` names inline shapes.
    pub(super) fn schema_type(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        pointer: &str,
        hint: &str,
    ) -> Lowered {
        match schema {
            ReferenceOr::Reference { reference } => self.reference_type(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_type(schema, pointer, hint),
        }
    }

    pub(super) fn boxed_schema_type(
        &mut self,
        schema: &'a ReferenceOr<Box<Schema>>,
        pointer: &str,
        hint: &str,
    ) -> Lowered {
        match schema {
            ReferenceOr::Reference { reference } => self.reference_type(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_type(schema, pointer, hint),
        }
    }

    /// A reference held at `pointer`; `nullable: true` beside it makes `null` a value too.
    fn reference_type(&mut self, reference: &str, pointer: &str) -> Lowered {
        let Some(key) = self.component_key(reference, "schemas", pointer) else {
            return Lowered::plain(TypeRef::Json);
        };
        let Some(name) = self.component_types.get(&key).cloned() else {
            self.report(
                &pointer_push(pointer, "$ref"),
                format!("reference `{reference}` points to nothing"),
            );
            return Lowered::plain(TypeRef::Json);
        };
        Lowered {
            ty: TypeRef::Named(name),
            nullable: self.component_nullable(&key) || self.ref_siblings(pointer).nullable,
        }
    }

    /// Whether `null` is a value of the component schema `key`, following aliases.
    fn component_nullable(&self, key: &str) -> bool {
        let mut current = key.to_owned();
        for _ in 0..MAX_REF_CHAIN {
            let pointer = pointer_push("/components/schemas", &current);
            match self.schemas().and_then(|schemas| schemas.get(&current)) {
                Some(ReferenceOr::Item(schema)) => return self.schema_nullable(schema),
                Some(ReferenceOr::Reference { reference }) => {
                    if self.ref_siblings(&pointer).nullable {
                        return true;
                    }
                    match schema_key(reference) {
                        Some(next) => current = next,
                        None => return false,
                    }
                }
                None => return false,
            }
        }
        false
    }

    /// Whether a schema admits `null`: `nullable: true`, `null` among its enum values, or an
    /// `allOf` part that only says `nullable: true`.
    pub(super) fn schema_nullable(&self, schema: &Schema) -> bool {
        if schema_allows_null(schema) {
            return true;
        }
        let parts = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(any) => &any.all_of,
            _ => return false,
        };
        parts.iter().any(|part| match part {
            ReferenceOr::Item(part) => {
                self.shape_of(part, 0) == Shape::Annotation && part.schema_data.nullable
            }
            ReferenceOr::Reference { .. } => false,
        })
    }

    fn inline_type(&mut self, schema: &'a Schema, pointer: &str, hint: &str) -> Lowered {
        let nullable = self.schema_nullable(schema);
        if self.needs_model(schema) {
            return Lowered {
                ty: self.named_inline(schema, pointer, hint),
                nullable,
            };
        }
        let lowered = self.plain_type(schema, pointer, hint);
        Lowered {
            ty: lowered.ty,
            nullable: nullable || lowered.nullable,
        }
    }

    /// Whether a schema is an object, enum or choice that gets a named model.
    fn needs_model(&self, schema: &'a Schema) -> bool {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                string.enumeration.iter().any(Option::is_some)
            }
            SchemaKind::Type(Type::Object(object)) => !object.properties.is_empty(),
            SchemaKind::OneOf { one_of: choices } | SchemaKind::AnyOf { any_of: choices } => {
                self.real_alternatives(choices).len() > 1
            }
            SchemaKind::AllOf { all_of } => {
                matches!(self.all_of_plan(all_of), AllOfPlan::Struct)
            }
            SchemaKind::Any(any) => {
                !any.properties.is_empty()
                    || (!any.all_of.is_empty()
                        && matches!(self.all_of_plan(&any.all_of), AllOfPlan::Struct))
                    || self.real_alternatives(&any.one_of).len() > 1
                    || self.real_alternatives(&any.any_of).len() > 1
                    || string_enum_values(any).is_some()
            }
            SchemaKind::Type(_) | SchemaKind::Not { .. } => false,
        }
    }

    /// The type of a schema that gets no model of its own: scalars, lists, maps, and
    /// compositions that come down to one type.
    fn plain_type(&mut self, schema: &'a Schema, pointer: &str, hint: &str) -> Lowered {
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => string_type(&string.format),
            SchemaKind::Type(Type::Integer(integer)) => match &integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(number)) => match &number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Object(object)) => {
                self.map_type(object.additional_properties.as_ref(), pointer, hint)
            }
            SchemaKind::Type(Type::Array(array)) => {
                self.list_type(array.items.as_ref(), pointer, hint)
            }
            SchemaKind::OneOf { one_of: choices } => {
                return self.single_choice(choices, &pointer_push(pointer, "oneOf"), hint);
            }
            SchemaKind::AnyOf { any_of: choices } => {
                return self.single_choice(choices, &pointer_push(pointer, "anyOf"), hint);
            }
            SchemaKind::AllOf { all_of } => return self.all_of_type(all_of, pointer, hint),
            SchemaKind::Not { .. } => TypeRef::Json,
            SchemaKind::Any(any) => return self.any_type(any, pointer, hint),
        };
        Lowered::plain(ty)
    }

    /// `openapiv3` puts schemas without a `type`, or with unusual key combinations, here.
    fn any_type(&mut self, any: &'a AnySchema, pointer: &str, hint: &str) -> Lowered {
        if !any.all_of.is_empty() {
            return self.all_of_type(&any.all_of, pointer, hint);
        }
        if !any.one_of.is_empty() {
            return self.single_choice(&any.one_of, &pointer_push(pointer, "oneOf"), hint);
        }
        if !any.any_of.is_empty() {
            return self.single_choice(&any.any_of, &pointer_push(pointer, "anyOf"), hint);
        }
        let ty = if any.items.is_some() || any.typ.as_deref() == Some("array") {
            self.list_type(any.items.as_ref(), pointer, hint)
        } else if any.typ.as_deref() == Some("object") || any.additional_properties.is_some() {
            self.map_type(any.additional_properties.as_ref(), pointer, hint)
        } else {
            match any.typ.as_deref() {
                Some("string") => match any.format.as_deref() {
                    Some("date-time") => TypeRef::DateTime,
                    Some("date") => TypeRef::Date,
                    _ => TypeRef::String,
                },
                Some("integer") if any.format.as_deref() == Some("int32") => TypeRef::I32,
                Some("integer") => TypeRef::I64,
                Some("number") if any.format.as_deref() == Some("float") => TypeRef::F32,
                Some("number") => TypeRef::F64,
                Some("boolean") => TypeRef::Bool,
                Some(unknown) if unknown != "null" => {
                    self.warn(&pointer_push(pointer, "type"), unknown_type(unknown));
                    TypeRef::Json
                }
                _ => TypeRef::Json,
            }
        };
        Lowered::plain(ty)
    }

    /// A `oneOf`/`anyOf` that comes down to at most one alternative (besides `null`).
    fn single_choice(
        &mut self,
        choices: &'a [ReferenceOr<Schema>],
        pointer: &str,
        hint: &str,
    ) -> Lowered {
        let null_allowed = choices.len() != self.real_alternatives(choices).len();
        match self.real_alternatives(choices).first() {
            Some(&index) => {
                let only = self.schema_type(
                    &choices[index],
                    &pointer_push(pointer, &index.to_string()),
                    hint,
                );
                Lowered {
                    ty: only.ty,
                    nullable: only.nullable || null_allowed,
                }
            }
            None => Lowered {
                ty: TypeRef::Json,
                nullable: null_allowed,
            },
        }
    }

    /// The alternatives other than `type: 'null'` (OpenAPI 3.1 style, seen in 3.0 documents).
    fn real_alternatives(&self, choices: &[ReferenceOr<Schema>]) -> Vec<usize> {
        choices
            .iter()
            .enumerate()
            .filter(|(_, choice)| {
                !matches!(choice, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(any), .. })
                    if any.typ.as_deref() == Some("null"))
            })
            .map(|(index, _)| index)
            .collect()
    }

    fn list_type(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        pointer: &str,
        hint: &str,
    ) -> TypeRef {
        let item = match items {
            Some(items) => self
                .boxed_schema_type(
                    items,
                    &pointer_push(pointer, "items"),
                    &format!("{hint}Item"),
                )
                .ty_with_null(),
            None => TypeRef::Json,
        };
        TypeRef::Vec(Box::new(item))
    }

    fn map_type(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        pointer: &str,
        hint: &str,
    ) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(values)) => {
                let value = self.schema_type(
                    values,
                    &pointer_push(pointer, "additionalProperties"),
                    &format!("{hint}Value"),
                );
                if value.ty == TypeRef::Json {
                    TypeRef::JsonObject
                } else {
                    TypeRef::Map(Box::new(value.ty_with_null()))
                }
            }
            _ => TypeRef::JsonObject,
        }
    }

    // ----- allOf -----

    fn all_of_type(
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
                    self.report(&part_pointer(candidate.0), message);
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
                self.report(&part_pointer(second), message);
                Lowered::plain(TypeRef::Json)
            }
        }
    }

    fn all_of_plan(&self, parts: &'a [ReferenceOr<Schema>]) -> AllOfPlan {
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
    pub(super) fn shape(&self, schema: &'a ReferenceOr<Schema>, depth: usize) -> Shape {
        if depth > MAX_REF_CHAIN {
            return Shape::Unknown;
        }
        match self.peek_schema(schema, "") {
            Some((schema, _)) => self.shape_of(schema, depth + 1),
            None => Shape::Unknown,
        }
    }

    fn shape_of(&self, schema: &'a Schema, depth: usize) -> Shape {
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

    // ----- models -----

    /// A named model for an inline shape, made once per place in the document.
    fn named_inline(&mut self, schema: &'a Schema, pointer: &str, hint: &str) -> TypeRef {
        if let Some(existing) = self.inline_types.get(pointer) {
            return existing.ty.clone();
        }
        let name = self.types.claim(&type_name(hint));
        let ty = TypeRef::Named(name.clone());
        self.inline_types
            .insert(pointer.to_owned(), Lowered::plain(ty.clone()));
        self.define_model(name, schema, pointer);
        ty
    }

    /// Defines the model `name` for `schema`.
    pub(super) fn define_model(&mut self, name: String, schema: &'a Schema, pointer: &str) {
        let description = schema
            .schema_data
            .description
            .clone()
            .or_else(|| schema.schema_data.title.clone());
        let kind = if self.needs_model(schema) {
            self.model_kind(&name, schema, pointer)
        } else {
            ModelKind::Alias {
                ty: self.plain_type(schema, pointer, &name).ty,
            }
        };
        self.push_model(name, description, kind, pointer.to_owned());
    }

    /// The model of a schema that `needs_model`.
    fn model_kind(&mut self, name: &str, schema: &'a Schema, pointer: &str) -> ModelKind {
        if let Some(kind) = self.const_enum(schema) {
            return kind;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                let values: Vec<String> = string.enumeration.iter().flatten().cloned().collect();
                string_enum_kind(&values)
            }
            SchemaKind::OneOf { one_of: choices } => {
                self.choice_kind(name, schema, choices, &pointer_push(pointer, "oneOf"))
            }
            SchemaKind::AnyOf { any_of: choices } => {
                self.choice_kind(name, schema, choices, &pointer_push(pointer, "anyOf"))
            }
            SchemaKind::Any(any) if any.properties.is_empty() && any.all_of.is_empty() => {
                if !any.one_of.is_empty() {
                    self.choice_kind(name, schema, &any.one_of, &pointer_push(pointer, "oneOf"))
                } else if !any.any_of.is_empty() {
                    self.choice_kind(name, schema, &any.any_of, &pointer_push(pointer, "anyOf"))
                } else {
                    string_enum_kind(&string_enum_values(any).unwrap_or_default())
                }
            }
            _ => ModelKind::Struct {
                fields: self.struct_fields(name, schema, pointer),
            },
        }
    }

    /// A `oneOf` whose alternatives are each one string value, or each one integer (3.1's
    /// `const`, read as a one-value `enum`): an enum of those values, each variant named after
    /// its alternative's `title` (or its value), unknown values kept as for any enum.
    fn const_enum(&self, schema: &'a Schema) -> Option<ModelKind> {
        let choices = match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => one_of,
            SchemaKind::Any(any) if any.properties.is_empty() && any.all_of.is_empty() => {
                &any.one_of
            }
            _ => return None,
        };
        let alternatives = self.real_alternatives(choices);
        if alternatives.len() < 2 {
            return None;
        }
        let mut names = Scope::variants();
        let mut variants: Vec<EnumVariant> = Vec::new();
        let mut integers = None;
        for index in alternatives {
            let ReferenceOr::Item(choice) = &choices[index] else {
                return None;
            };
            let (value, integer) = const_value(choice)?;
            if *integers.get_or_insert(integer) != integer {
                return None;
            }
            if variants.iter().any(|variant| variant.value == value) {
                continue;
            }
            let wanted = match &choice.schema_data.title {
                Some(title) => camel_name(title, "V"),
                None => camel_name(&value, "V"),
            };
            variants.push(EnumVariant {
                name: names.claim(&wanted),
                value,
            });
        }
        let unknown_variant = if names.is_taken("Unknown") {
            names.claim("UnknownValue")
        } else {
            "Unknown".to_owned()
        };
        Some(if integers == Some(true) {
            ModelKind::IntegerEnum {
                variants,
                unknown_variant,
            }
        } else {
            ModelKind::StringEnum {
                variants,
                unknown_variant,
            }
        })
    }

    fn struct_fields(&mut self, owner: &str, schema: &'a Schema, pointer: &str) -> Vec<Field> {
        let mut set = FieldSet::default();
        self.collect_fields(owner, schema, pointer, &mut set);
        let mut names = Scope::snake();
        // The private field in which a record keeps the names of its stand-ins.
        for taken in crate::reserved::RECORD_FIELDS {
            names.reserve(taken);
        }
        let mut fields: Vec<Field> = set
            .fields
            .into_iter()
            .map(|draft| {
                let required = draft.flatten || set.required.contains(&draft.name);
                let optional =
                    !draft.flatten && (!required || draft.lowered.nullable || draft.read_only);
                let ty = if optional {
                    draft.lowered.ty.optional()
                } else {
                    draft.lowered.ty
                };
                Field {
                    rust_name: names.claim(&snake_name(&draft.name)),
                    name: draft.name,
                    ty,
                    required,
                    read_only: draft.read_only,
                    description: draft.description,
                    default: draft.default,
                    deprecated: draft.deprecated,
                    flatten: draft.flatten,
                    unique_items: draft.unique_items,
                    setter: None,
                }
            })
            .collect();
        if let Some((ty, _)) = set.additional {
            fields.push(Field {
                rust_name: names.claim("additional_properties"),
                name: "additionalProperties".to_owned(),
                ty: match ty {
                    TypeRef::JsonObject => TypeRef::JsonObject,
                    other => TypeRef::Map(Box::new(other)),
                },
                required: true,
                read_only: false,
                description: Some(
                    "Properties the schema does not list, kept as they came.".to_owned(),
                ),
                default: None,
                deprecated: false,
                flatten: true,
                unique_items: false,
                setter: None,
            });
        }
        fields
    }

    /// Gathers the properties of an object schema, merging every `allOf` part into one set.
    fn collect_fields(
        &mut self,
        owner: &str,
        schema: &'a Schema,
        pointer: &str,
        set: &mut FieldSet,
    ) {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                self.add_properties(owner, &object.properties, &object.required, pointer, set);
                if !object.properties.is_empty() {
                    self.add_additional(object.additional_properties.as_ref(), owner, pointer, set);
                }
            }
            SchemaKind::AllOf { all_of } => self.collect_all_of(owner, all_of, pointer, set),
            SchemaKind::OneOf { one_of: choices } => {
                self.add_choice_field(owner, schema, choices, &pointer_push(pointer, "oneOf"), set)
            }
            SchemaKind::AnyOf { any_of: choices } => {
                self.add_choice_field(owner, schema, choices, &pointer_push(pointer, "anyOf"), set)
            }
            SchemaKind::Any(any) => {
                self.add_properties(owner, &any.properties, &any.required, pointer, set);
                self.collect_all_of(owner, &any.all_of, pointer, set);
                if !any.one_of.is_empty() {
                    self.add_choice_field(
                        owner,
                        schema,
                        &any.one_of,
                        &pointer_push(pointer, "oneOf"),
                        set,
                    );
                }
                if !any.any_of.is_empty() {
                    self.add_choice_field(
                        owner,
                        schema,
                        &any.any_of,
                        &pointer_push(pointer, "anyOf"),
                        set,
                    );
                }
                if !any.properties.is_empty() {
                    self.add_additional(any.additional_properties.as_ref(), owner, pointer, set);
                }
            }
            SchemaKind::Type(_) | SchemaKind::Not { .. } => self.report(
                pointer,
                "an `allOf` part must be an object schema or a reference to one",
            ),
        }
    }

    /// `additionalProperties` beside listed properties: a flattened map keeps the others.
    fn add_additional(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        owner: &str,
        pointer: &str,
        set: &mut FieldSet,
    ) {
        if set.additional.is_some() {
            return;
        }
        let ty = match additional {
            None | Some(AdditionalProperties::Any(false)) => return,
            Some(AdditionalProperties::Any(true)) => TypeRef::JsonObject,
            Some(AdditionalProperties::Schema(values)) => {
                let value = self
                    .schema_type(
                        values,
                        &pointer_push(pointer, "additionalProperties"),
                        &format!("{owner}Value"),
                    )
                    .ty_with_null();
                if value == TypeRef::Json {
                    TypeRef::JsonObject
                } else {
                    value
                }
            }
        };
        set.additional = Some((ty, pointer_push(pointer, "additionalProperties")));
    }

    fn collect_all_of(
        &mut self,
        owner: &str,
        parts: &'a [ReferenceOr<Schema>],
        pointer: &str,
        set: &mut FieldSet,
    ) {
        for (index, part) in parts.iter().enumerate() {
            let part_pointer = pointer_push(&pointer_push(pointer, "allOf"), &index.to_string());
            match part {
                ReferenceOr::Item(part_schema) => {
                    if self.shape_of(part_schema, 0) == Shape::Annotation {
                        continue;
                    }
                    self.collect_fields(owner, part_schema, &part_pointer, set)
                }
                ReferenceOr::Reference { reference } => {
                    let Some(key) = self.component_key(reference, "schemas", &part_pointer) else {
                        continue;
                    };
                    if self.merging.contains(&key) {
                        self.report(
                            &pointer_push(&part_pointer, "$ref"),
                            format!("`allOf` includes `{reference}` inside itself"),
                        );
                        continue;
                    }
                    let Some((target, target_pointer)) =
                        self.resolve(part, &part_pointer, "schemas", |c| &c.schemas)
                    else {
                        continue;
                    };
                    let target_owner = self
                        .component_types
                        .get(&key)
                        .cloned()
                        .unwrap_or_else(|| owner.to_owned());
                    self.merging.push(key);
                    self.collect_fields(&target_owner, target, &target_pointer, set);
                    self.merging.pop();
                }
            }
        }
    }

    fn add_properties(
        &mut self,
        owner: &str,
        properties: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        pointer: &str,
        set: &mut FieldSet,
    ) {
        set.required.extend(required.iter().cloned());
        let properties_pointer = pointer_push(pointer, "properties");
        for (name, property) in properties {
            let property_pointer = pointer_push(&properties_pointer, name);
            let hint = format!("{owner}{}", camel_name(name, "Field"));
            let checkpoint = self.checkpoint();
            let mut lowered = self.boxed_schema_type(property, &property_pointer, &hint);
            let (mut string_like, mut unique_items, mut binary) =
                self.property_traits(property, &property_pointer);
            // A property whose schema cannot be used costs that property's type, not the model.
            if let Some(problem) = self.problems_since(&checkpoint) {
                self.roll_back(checkpoint);
                self.warnings.push(Diagnostic {
                    message: format!(
                        "{}; the property `{name}` is {READ_AS_ANY_JSON}",
                        problem.message
                    ),
                    ..problem
                });
                lowered = Lowered::plain(TypeRef::Json);
                (string_like, unique_items, binary) = (false, false, Binary::No);
            }
            let draft = match property {
                ReferenceOr::Reference { .. } => {
                    let siblings = self.ref_siblings(&property_pointer);
                    FieldDraft {
                        name: name.clone(),
                        lowered,
                        read_only: siblings.read_only,
                        description: siblings.description,
                        default: siblings.default,
                        deprecated: siblings.deprecated,
                        pointer: property_pointer,
                        string_like,
                        unique_items,
                        binary,
                        flatten: false,
                    }
                }
                ReferenceOr::Item(schema) => FieldDraft {
                    name: name.clone(),
                    lowered,
                    read_only: schema.schema_data.read_only,
                    description: schema.schema_data.description.clone(),
                    default: schema.schema_data.default.clone(),
                    deprecated: schema.schema_data.deprecated,
                    pointer: property_pointer,
                    string_like,
                    unique_items,
                    binary,
                    flatten: false,
                },
            };
            self.merge_field(set, draft);
        }
    }

    /// Whether a property is a string, a list of unique items, or a file.
    fn property_traits(
        &self,
        property: &'a ReferenceOr<Box<Schema>>,
        pointer: &str,
    ) -> (bool, bool, Binary) {
        let schema: Option<&'a Schema> = match property {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => schema_key(reference)
                .and_then(|key| self.schemas()?.get(&key))
                .and_then(|found| self.peek_schema(found, pointer))
                .map(|(schema, _)| schema),
        };
        let Some(schema) = schema else {
            return (false, false, Binary::No);
        };
        let is_binary = |schema: &Schema| match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                matches!(
                    string.format,
                    VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
                )
            }
            SchemaKind::Any(any) => any.format.as_deref() == Some("binary"),
            _ => false,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => (
                true,
                false,
                if is_binary(schema) {
                    Binary::One
                } else {
                    Binary::No
                },
            ),
            SchemaKind::Type(Type::Array(array)) => {
                let item_binary = match &array.items {
                    Some(ReferenceOr::Item(item)) => is_binary(item),
                    _ => false,
                };
                (
                    false,
                    array.unique_items,
                    if item_binary {
                        Binary::Each
                    } else {
                        Binary::No
                    },
                )
            }
            SchemaKind::Any(any) => (
                any.typ.as_deref() == Some("string") || string_enum_values(any).is_some(),
                any.unique_items == Some(true),
                if is_binary(schema) {
                    Binary::One
                } else {
                    Binary::No
                },
            ),
            _ => (false, false, Binary::No),
        }
    }

    fn merge_field(&mut self, set: &mut FieldSet, draft: FieldDraft) {
        let Some(existing) = set.fields.iter_mut().find(|field| field.name == draft.name) else {
            set.fields.push(draft);
            return;
        };
        let same = existing.lowered.ty == draft.lowered.ty;
        // Both parts constrain the value, so `null` is one only when both allow it; a part
        // that only annotates (any JSON value) says nothing about it.
        if draft.lowered.ty != TypeRef::Json {
            if existing.lowered.ty == TypeRef::Json {
                existing.lowered.nullable = draft.lowered.nullable;
            } else {
                existing.lowered.nullable &= draft.lowered.nullable;
            }
        }
        if !same {
            let narrower = narrower(&existing.lowered.ty, &draft.lowered.ty);
            if draft.lowered.ty == TypeRef::Json {
                // A part that only annotates the property (`description`, `example`) keeps its type.
            } else if existing.lowered.ty == TypeRef::Json {
                existing.lowered.ty = draft.lowered.ty.clone();
                existing.string_like = draft.string_like;
            } else if let Some(narrower) = narrower {
                // A format, an enum, a schema for a free-form object: the part that says more.
                if narrower == draft.lowered.ty {
                    existing.string_like = draft.string_like;
                }
                existing.lowered.ty = narrower;
            } else if existing.string_like && draft.string_like {
                // Both are strings: an enum says more than a plain string, and between two
                // enums the first stays (each keeps unknown values, so nothing is lost).
                if existing.lowered.ty == TypeRef::String {
                    existing.lowered.ty = draft.lowered.ty.clone();
                } else if draft.lowered.ty != TypeRef::String {
                    let message = format!(
                        "property `{}` is a different enum here than at {}; the field uses the type from {}",
                        draft.name, existing.pointer, existing.pointer
                    );
                    self.warn(&draft.pointer, message);
                }
            } else {
                // The definitions really disagree: the property costs its type, not the model.
                let message = format!(
                    "`allOf` defines property `{}` as {} here and as {} at {}, which no value can be both; the property is {READ_AS_ANY_JSON}",
                    draft.name,
                    type_words(&draft.lowered.ty),
                    type_words(&existing.lowered.ty),
                    existing.pointer
                );
                self.warn(&draft.pointer, message);
                existing.lowered = Lowered::plain(TypeRef::Json);
                existing.string_like = false;
                existing.binary = Binary::No;
                return;
            }
        }
        existing.read_only |= draft.read_only;
        existing.unique_items |= draft.unique_items;
        if existing.description.is_none() {
            existing.description = draft.description;
        }
        if existing.default.is_none() {
            existing.default = draft.default;
        }
    }

    /// A `oneOf`/`anyOf` beside an object's properties: the chosen alternative's fields are
    /// spliced into the same object, through a flattened enum field.
    fn add_choice_field(
        &mut self,
        owner: &str,
        schema: &'a Schema,
        choices: &'a [ReferenceOr<Schema>],
        pointer: &str,
        set: &mut FieldSet,
    ) {
        let shapes: Vec<Shape> = choices.iter().map(|choice| self.shape(choice, 0)).collect();
        let constraint_only = choices.iter().zip(&shapes).all(|(choice, shape)| {
            *shape == Shape::Annotation
                || matches!(choice, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(any), .. })
                    if any.properties.is_empty() && any.all_of.is_empty() && any.additional_properties.is_none())
        });
        if constraint_only {
            // Alternatives that only list required properties validate; they add no shape.
            return;
        }
        if !shapes.iter().all(|shape| *shape == Shape::Object) {
            self.warn(
                pointer,
                "the alternatives beside this object's properties are not all objects, so the type leaves them out",
            );
            return;
        }
        let key = pointer.rsplit('/').next().unwrap_or("oneOf").to_owned();
        let ty = match self.inline_types.get(pointer) {
            Some(existing) => existing.ty.clone(),
            None => {
                let name = self.types.claim(&type_name(&format!(
                    "{owner}{}",
                    camel_name(&key, "Choice")
                )));
                let ty = TypeRef::Named(name.clone());
                self.inline_types
                    .insert(pointer.to_owned(), Lowered::plain(ty.clone()));
                let kind = self.choice_kind(&name, schema, choices, pointer);
                self.push_model(
                    name,
                    Some(format!("The alternative fields of `{owner}`.")),
                    kind,
                    pointer.to_owned(),
                );
                ty
            }
        };
        self.merge_field(
            set,
            FieldDraft {
                name: key,
                lowered: Lowered::plain(ty),
                read_only: false,
                description: Some("The fields of whichever alternative the object is.".to_owned()),
                default: None,
                deprecated: false,
                pointer: pointer.to_owned(),
                string_like: false,
                unique_items: false,
                binary: Binary::No,
                flatten: true,
            },
        );
    }

    // ----- oneOf / anyOf -----

    fn choice_kind(
        &mut self,
        owner: &str,
        schema: &'a Schema,
        choices: &'a [ReferenceOr<Schema>],
        pointer: &str,
    ) -> ModelKind {
        let mut names = Scope::variants();
        let mut variants = Vec::new();
        for index in self.real_alternatives(choices) {
            let choice = &choices[index];
            let choice_pointer = pointer_push(pointer, &index.to_string());
            let wanted = match choice {
                ReferenceOr::Reference { reference } => schema_key(reference)
                    .map(|key| {
                        self.component_types
                            .get(&key)
                            .cloned()
                            .unwrap_or_else(|| type_name(&key))
                    })
                    .unwrap_or_else(|| format!("Variant{index}")),
                ReferenceOr::Item(inner) => match &inner.schema_data.title {
                    Some(title) => camel_name(title, "Variant"),
                    None => shape_name(inner)
                        .map(str::to_owned)
                        .unwrap_or_else(|| format!("Variant{index}")),
                },
            };
            let hint = format!("{owner}{wanted}");
            let lowered = self.schema_type(choice, &choice_pointer, &hint);
            variants.push(OneOfVariant {
                name: names.claim(&wanted),
                ty: lowered.ty_with_null(),
                tags: Vec::new(),
                shares_type: false,
            });
        }
        match &schema.schema_data.discriminator {
            Some(discriminator) => {
                let discriminator_pointer = pointer_push(
                    pointer
                        .rsplit_once('/')
                        .map_or(pointer, |(parent, _)| parent),
                    "discriminator",
                );
                match self.tag_variants(
                    choices,
                    discriminator,
                    &mut variants,
                    &discriminator_pointer,
                ) {
                    Ok(()) => {
                        let unknown_variant = if names.is_taken("Unknown") {
                            names.claim("UnknownTag")
                        } else {
                            "Unknown".to_owned()
                        };
                        ModelKind::Tagged {
                            property: discriminator.property_name.clone(),
                            variants,
                            unknown_variant,
                        }
                    }
                    Err(reason) => {
                        self.warn(
                            &discriminator_pointer,
                            format!("the discriminator is not used ({reason}); the alternatives are tried in order instead"),
                        );
                        ModelKind::OneOf { variants }
                    }
                }
            }
            None => ModelKind::OneOf { variants },
        }
    }

    /// Gives each alternative of a discriminated `oneOf` its tag values: the `mapping` entries
    /// that name it, or else its component name, as OpenAPI says.
    fn tag_variants(
        &mut self,
        choices: &'a [ReferenceOr<Schema>],
        discriminator: &openapiv3::Discriminator,
        variants: &mut [OneOfVariant],
        pointer: &str,
    ) -> Result<(), String> {
        let alternatives = self.real_alternatives(choices);
        if alternatives.len() != variants.len() {
            return Err("the alternatives could not all be lowered".into());
        }
        let mut keys = Vec::new();
        for &index in &alternatives {
            let key = match &choices[index] {
                ReferenceOr::Reference { reference } => schema_key(reference),
                ReferenceOr::Item(_) => None,
            };
            let Some(key) = key else {
                return Err(format!(
                    "alternative {index} is inline, so it has no name to be tagged with"
                ));
            };
            if self.shape(&choices[index], 0) != Shape::Object {
                return Err(format!(
                    "`{key}` is not an object, so it cannot carry the tag property"
                ));
            }
            keys.push(key);
        }
        let mut mapped: Vec<Vec<String>> = vec![Vec::new(); keys.len()];
        for (value, target) in &discriminator.mapping {
            // A mapping names a schema by reference or by its bare component name.
            let target_key = schema_key(target).unwrap_or_else(|| target.clone());
            match keys.iter().position(|key| *key == target_key) {
                Some(position) => mapped[position].push(value.clone()),
                None => self.warn(
                    &pointer_push(&pointer_push(pointer, "mapping"), value),
                    format!("the mapping names `{target}`, which is not one of the alternatives; the value `{value}` is decoded as unknown"),
                ),
            }
        }
        let mut seen = BTreeSet::new();
        for ((variant, key), tags) in variants.iter_mut().zip(&keys).zip(mapped) {
            variant.tags = if tags.is_empty() {
                vec![key.clone()]
            } else {
                tags
            };
            for tag in &variant.tags {
                if !seen.insert(tag.clone()) {
                    return Err(format!("the tag value `{tag}` selects two alternatives"));
                }
            }
        }
        Ok(())
    }

    // ----- forms -----

    /// The form model of a `multipart/form-data` or URL-encoded body: one field per property,
    /// files (`format: binary`) as file parts.
    pub(super) fn form_type(
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
    pub(super) fn param_sendable(&self, ty: &TypeRef) -> bool {
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

/// The type of the values two `allOf` definitions of one value both allow, when one of them
/// says more than the other and no less: a date-time rather than any string, an `i32` rather
/// than an `i64`, an integer rather than a number, a named model or a typed map rather than a
/// free-form object. `None` when neither contains the other (a string and an integer).
fn narrower(a: &TypeRef, b: &TypeRef) -> Option<TypeRef> {
    use TypeRef as T;
    if a == b {
        return Some(a.clone());
    }
    let pick = |wider: &TypeRef, narrow: &TypeRef| -> Option<TypeRef> {
        match (wider, narrow) {
            (T::Json, _) => Some(narrow.clone()),
            (T::String, T::DateTime | T::Date) => Some(narrow.clone()),
            (T::I64, T::I32) | (T::F64, T::F32) => Some(narrow.clone()),
            (T::F32 | T::F64, T::I32 | T::I64) => Some(narrow.clone()),
            (T::JsonObject, T::Map(_) | T::Named(_)) => Some(narrow.clone()),
            (T::Map(value), T::Named(_)) if **value == T::Json => Some(narrow.clone()),
            _ => None,
        }
    };
    match (a, b) {
        (T::Vec(a), T::Vec(b)) => narrower(a, b).map(|item| T::Vec(Box::new(item))),
        (T::Map(a), T::Map(b)) => narrower(a, b).map(|value| T::Map(Box::new(value))),
        (T::Option(a), T::Option(b)) => narrower(a, b).map(|inner| T::Option(Box::new(inner))),
        (T::Option(a), b) | (b, T::Option(a)) => narrower(a, b),
        _ => pick(a, b).or_else(|| pick(b, a)),
    }
}

/// A type in words, for messages.
fn type_words(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "a string".to_owned(),
        TypeRef::Bool => "a boolean".to_owned(),
        TypeRef::I32 | TypeRef::I64 => "an integer".to_owned(),
        TypeRef::F32 | TypeRef::F64 => "a number".to_owned(),
        TypeRef::DateTime => "a date-time".to_owned(),
        TypeRef::Date => "a date".to_owned(),
        TypeRef::Vec(_) => "an array".to_owned(),
        TypeRef::Map(_) | TypeRef::JsonObject => "an object".to_owned(),
        TypeRef::Named(name) => format!("`{name}`"),
        TypeRef::Option(inner) | TypeRef::Box(inner) => type_words(inner),
        TypeRef::Json => "any value".to_owned(),
        TypeRef::Unit => "nothing".to_owned(),
        TypeRef::Bytes | TypeRef::File => "bytes".to_owned(),
    }
}

fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        _ => TypeRef::String,
    }
}

/// Whether a schema admits `null`: `nullable: true`, or `null` among its enum values.
fn schema_allows_null(schema: &Schema) -> bool {
    if schema.schema_data.nullable {
        return true;
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => string.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Integer(integer)) => integer.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Number(number)) => number.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Boolean(boolean)) => boolean.enumeration.iter().any(Option::is_none),
        SchemaKind::Any(any) => any.enumeration.iter().any(Json::is_null),
        _ => false,
    }
}

/// The string values of an untyped `enum`, when all of them are strings (or null).
/// The one value an alternative of a `const` enum allows, as text, and whether it is an
/// integer; `None` for an alternative that allows anything else.
fn const_value(choice: &Schema) -> Option<(String, bool)> {
    match &choice.schema_kind {
        SchemaKind::Type(Type::String(string)) => match string.enumeration.as_slice() {
            [Some(value)] => Some((value.clone(), false)),
            _ => None,
        },
        SchemaKind::Type(Type::Integer(integer)) => match integer.enumeration.as_slice() {
            [Some(value)] => Some((value.to_string(), true)),
            _ => None,
        },
        SchemaKind::Any(any) => {
            if let Some(values) = string_enum_values(any) {
                return match values.as_slice() {
                    [value] => Some((value.clone(), false)),
                    _ => None,
                };
            }
            let typed_otherwise = matches!(any.typ.as_deref(), Some(typ) if typ != "integer");
            match any.enumeration.as_slice() {
                [Json::Number(number)] if !typed_otherwise => {
                    number.as_i64().map(|value| (value.to_string(), true))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn string_enum_values(any: &AnySchema) -> Option<Vec<String>> {
    if any.enumeration.is_empty() || matches!(any.typ.as_deref(), Some(typ) if typ != "string") {
        return None;
    }
    let mut values = Vec::new();
    for value in &any.enumeration {
        match value {
            Json::String(text) => values.push(text.clone()),
            Json::Null => {}
            _ => return None,
        }
    }
    (!values.is_empty()).then_some(values)
}

fn string_enum_kind(values: &[String]) -> ModelKind {
    let mut names = Scope::variants();
    let mut variants = Vec::new();
    for value in values {
        if variants
            .iter()
            .any(|variant: &EnumVariant| variant.value == *value)
        {
            continue;
        }
        variants.push(EnumVariant {
            value: value.clone(),
            name: names.claim(&camel_name(value, "V")),
        });
    }
    let unknown_variant = if names.is_taken("Unknown") {
        names.claim("UnknownValue")
    } else {
        "Unknown".to_owned()
    };
    ModelKind::StringEnum {
        variants,
        unknown_variant,
    }
}

/// A variant name for an untitled inline alternative, from its shape.
fn shape_name(schema: &Schema) -> Option<&'static str> {
    Some(match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => "String",
        SchemaKind::Type(Type::Integer(_)) => "Integer",
        SchemaKind::Type(Type::Number(_)) => "Number",
        SchemaKind::Type(Type::Boolean(_)) => "Boolean",
        SchemaKind::Type(Type::Object(_)) => "Object",
        SchemaKind::Type(Type::Array(_)) => "Array",
        _ => return None,
    })
}

/// A number's bounds in words; an exclusive bound is "more than" or "less than".
fn bounds<T: std::fmt::Display>(
    minimum: Option<T>,
    exclusive_minimum: bool,
    maximum: Option<T>,
    exclusive_maximum: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(minimum) = minimum {
        let relation = if exclusive_minimum {
            "more than"
        } else {
            "at least"
        };
        out.push(format!("{relation} {minimum}"));
    }
    if let Some(maximum) = maximum {
        let relation = if exclusive_maximum {
            "less than"
        } else {
            "at most"
        };
        out.push(format!("{relation} {maximum}"));
    }
    out
}

/// Bounds and patterns of a parameter schema, for its documentation.
pub(super) fn constraints_of(schema: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(integer)) => {
            out.extend(bounds(
                integer.minimum,
                integer.exclusive_minimum,
                integer.maximum,
                integer.exclusive_maximum,
            ));
        }
        SchemaKind::Type(Type::Number(number)) => {
            out.extend(bounds(
                number.minimum,
                number.exclusive_minimum,
                number.maximum,
                number.exclusive_maximum,
            ));
        }
        SchemaKind::Type(Type::String(string)) => {
            if let Some(min) = string.min_length {
                out.push(format!("at least {min} characters"));
            }
            if let Some(max) = string.max_length {
                out.push(format!("at most {max} characters"));
            }
            if let Some(pattern) = &string.pattern {
                out.push(format!("matches `{pattern}`"));
            }
        }
        _ => {}
    }
    out
}

/// The types JSON Schema defines, for `type`.
const JSON_TYPES: [&str; 7] = [
    "string", "number", "integer", "boolean", "array", "object", "null",
];

/// The warning for a `type` that names none of [`JSON_TYPES`], with the one it most likely
/// misspells.
fn unknown_type(unknown: &str) -> String {
    let guess = JSON_TYPES
        .iter()
        .map(|known| (edit_distance(&unknown.to_ascii_lowercase(), known), *known))
        .min()
        .filter(|(distance, _)| *distance <= 2)
        .map(|(_, known)| format!(" (did you mean `{known}`?)"))
        .unwrap_or_default();
    format!(
        "`type: {unknown}` is not a JSON Schema type{guess}; expected one of {}; the schema is {READ_AS_ANY_JSON}",
        JSON_TYPES.join(", ")
    )
}

/// How many single-character insertions, deletions and substitutions turn `a` into `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}
