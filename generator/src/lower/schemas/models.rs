//! Named models: the struct of an object schema (its properties gathered from `properties`,
//! `additionalProperties` and `allOf` parts, each field's Rust name and optionality decided),
//! and the string and integer enums of `enum` and `const`.

use std::collections::BTreeSet;

use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value as Json;

use super::all_of::Shape;
use super::{narrower, string_enum_values};
use crate::error::{Diagnostic, READ_AS_ANY_JSON, pointer_push};
use crate::ir::{EnumVariant, Field, ModelKind, TypeRef};
use crate::lower::{Lowered, Lowerer, schema_key};
use crate::naming::{Scope, camel_name, snake_name, type_name};
use crate::report::plural;

/// Which `format: binary` a form property has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Binary {
    No,
    One,
    Each,
}

/// A property collected for a struct before its Rust name and optionality are decided.
pub(super) struct FieldDraft {
    pub(super) name: String,
    pub(super) lowered: Lowered,
    pub(super) read_only: bool,
    pub(super) description: Option<String>,
    pub(super) default: Option<Json>,
    pub(super) deprecated: bool,
    pub(super) pointer: String,
    /// Whether the schema is a string (enum or not), so that two parts' types can be reconciled.
    pub(super) string_like: bool,
    pub(super) unique_items: bool,
    pub(super) binary: Binary,
    pub(super) flatten: bool,
}

#[derive(Default)]
pub(super) struct FieldSet {
    pub(super) fields: Vec<FieldDraft>,
    pub(super) required: BTreeSet<String>,
    /// The type of properties not listed, from `additionalProperties`, and where it was given.
    pub(super) additional: Option<(TypeRef, String)>,
}

impl<'a> Lowerer<'a> {
    /// A named model for an inline shape, made once per place in the document.
    pub(super) fn named_inline(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        hint: &str,
    ) -> TypeRef {
        if let Some(existing) = self.names.inline(pointer) {
            return TypeRef::Named(existing.to_owned());
        }
        let name = self.names.claim_inline(pointer, &type_name(hint));
        let ty = TypeRef::Named(name.clone());
        self.define_model(name, schema, pointer);
        ty
    }

    /// Defines the model `name` for `schema`.
    pub(in crate::lower) fn define_model(
        &mut self,
        name: String,
        schema: &'a Schema,
        pointer: &str,
    ) {
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
        self.models
            .push(name, description, kind, pointer.to_owned());
    }

    /// The model of a schema that `needs_model`.
    fn model_kind(&mut self, name: &str, schema: &'a Schema, pointer: &str) -> ModelKind {
        if let Some(kind) = self.const_enum(schema) {
            return kind;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                let values: Vec<String> = string.enumeration.iter().flatten().cloned().collect();
                let names = self.enum_varnames(schema, string.enumeration.len(), &values, pointer);
                string_enum_kind(&values, &names)
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
                    let values = string_enum_values(any).unwrap_or_default();
                    let names = self.enum_varnames(schema, any.enumeration.len(), &values, pointer);
                    string_enum_kind(&values, &names)
                }
            }
            _ => ModelKind::Struct {
                fields: self.struct_fields(name, schema, pointer),
            },
        }
    }

    /// The variant names a spec gives its enum values in `x-enum-varnames`, the extension
    /// openapi-generator and oapi-codegen read: one name per value, in the order of `enum`, with
    /// or without an entry for `null`. A list that cannot be matched to the values is reported
    /// and ignored, so the values are named from themselves.
    fn enum_varnames(
        &mut self,
        schema: &Schema,
        listed: usize,
        values: &[String],
        pointer: &str,
    ) -> Vec<Option<String>> {
        let Some(given) = schema.schema_data.extensions.get(ENUM_VARNAMES) else {
            return Vec::new();
        };
        let at = pointer_push(pointer, ENUM_VARNAMES);
        let names: Option<Vec<&str>> = given
            .as_array()
            .and_then(|names| names.iter().map(Json::as_str).collect());
        let Some(names) = names else {
            self.findings.warn(
                &at,
                "`x-enum-varnames` should be a list of strings; the enum's variants are named after their values",
            );
            return Vec::new();
        };
        if names.len() == values.len() {
            return names.iter().map(|name| Some((*name).to_owned())).collect();
        }
        if names.len() == listed {
            // The list has an entry for `null` too, which has no variant: drop the entries at
            // the positions of `null` in `enum`.
            let nulls = schema_null_positions(schema);
            return names
                .iter()
                .enumerate()
                .filter(|(index, _)| !nulls.contains(index))
                .map(|(_, name)| Some((*name).to_owned()))
                .collect();
        }
        self.findings.warn(
            &at,
            format!(
                "`x-enum-varnames` has {} {} but `enum` has {} {}; the enum's variants are named after their values",
                names.len(),
                plural(names.len(), "name", "names"),
                values.len(),
                plural(values.len(), "value", "values"),
            ),
        );
        Vec::new()
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
    pub(super) fn collect_fields(
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
            SchemaKind::Type(_) | SchemaKind::Not { .. } => self.findings.error(
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
                    if self.models.is_merging(&key) {
                        self.findings.error(
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
                    let target_owner = self.names.component(&key).unwrap_or(owner).to_owned();
                    self.models.begin_merge(key);
                    self.collect_fields(&target_owner, target, &target_pointer, set);
                    self.models.end_merge();
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
            if let Some(problem) = self.findings.problems_since(&checkpoint.findings) {
                self.roll_back(checkpoint);
                self.findings.warn_at(Diagnostic {
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
                    self.findings.warn(&draft.pointer, message);
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
                self.findings.warn(&draft.pointer, message);
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
            self.findings.warn(
                pointer,
                "the alternatives beside this object's properties are not all objects, so the type leaves them out",
            );
            return;
        }
        let key = pointer.rsplit('/').next().unwrap_or("oneOf").to_owned();
        let ty = match self.names.inline(pointer) {
            Some(existing) => TypeRef::Named(existing.to_owned()),
            None => {
                let name = self.names.claim_inline(
                    pointer,
                    &type_name(&format!("{owner}{}", camel_name(&key, "Choice"))),
                );
                let ty = TypeRef::Named(name.clone());
                let kind = self.choice_kind(&name, schema, choices, pointer);
                self.models.push(
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

/// The extension naming an enum's variants.
const ENUM_VARNAMES: &str = "x-enum-varnames";

/// Where `null` stands in a schema's `enum` list.
fn schema_null_positions(schema: &Schema) -> Vec<usize> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => string
            .enumeration
            .iter()
            .enumerate()
            .filter_map(|(index, value)| value.is_none().then_some(index))
            .collect(),
        SchemaKind::Any(any) => any
            .enumeration
            .iter()
            .enumerate()
            .filter_map(|(index, value)| value.is_null().then_some(index))
            .collect(),
        _ => Vec::new(),
    }
}

/// The enum of string `values`, each variant named from `given[index]` where the spec named it,
/// and from its value otherwise.
fn string_enum_kind(values: &[String], given: &[Option<String>]) -> ModelKind {
    let mut names = Scope::variants();
    let mut variants = Vec::new();
    for (index, value) in values.iter().enumerate() {
        if variants
            .iter()
            .any(|variant: &EnumVariant| variant.value == *value)
        {
            continue;
        }
        let wanted = match given.get(index) {
            Some(Some(name)) => camel_name(name, "V"),
            _ => camel_name(value, "V"),
        };
        variants.push(EnumVariant {
            value: value.clone(),
            name: names.claim(&wanted),
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
