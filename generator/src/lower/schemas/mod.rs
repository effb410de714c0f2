//! Schemas to types: scalars, lists and maps in place, and a named model for every object,
//! enum and choice, whether a component or inline. `allOf` parts are merged by what they
//! describe (objects merge into one struct, a lone type plus annotations is that type), and a
//! `oneOf` with a `discriminator` becomes an enum told apart by its tag property.
//!
//! The types of schemas are worked out here; each kind of model has a module of its own:
//! `allOf` (`all_of`), structs and enums (`models`), `oneOf` and `anyOf` (`choices`), and form
//! bodies (`forms`).

mod all_of;
mod choices;
mod forms;
mod models;

use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value as Json;

use self::all_of::{AllOfPlan, Shape};
use super::{Lowered, Lowerer, MAX_REF_CHAIN, schema_key};
use crate::error::{READ_AS_ANY_JSON, pointer_push};
use crate::ir::TypeRef;

impl<'a> Lowerer<'a> {
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
        let Some(name) = self.names.component(&key).map(str::to_owned) else {
            self.findings.error(
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
                    self.findings
                        .warn(&pointer_push(pointer, "type"), unknown_type(unknown));
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

/// What people write for a JSON Schema type in the words of a programming language.
const TYPE_ALIASES: [(&str, &str); 12] = [
    ("int", "integer"),
    ("long", "integer"),
    ("short", "integer"),
    ("float", "number"),
    ("double", "number"),
    ("decimal", "number"),
    ("bool", "boolean"),
    ("str", "string"),
    ("text", "string"),
    ("list", "array"),
    ("map", "object"),
    ("dict", "object"),
];

/// The warning for a `type` that names none of [`JSON_TYPES`], with the one it most likely
/// means: a programming language's word for it (`int`), or a misspelling of one.
fn unknown_type(unknown: &str) -> String {
    let lower = unknown.to_ascii_lowercase();
    let guess = TYPE_ALIASES
        .iter()
        .find(|(alias, _)| *alias == lower)
        .map(|(_, known)| *known)
        .or_else(|| crate::error::nearest(&lower, JSON_TYPES.iter().copied()))
        .map(|known| format!(" (did you mean `{known}`?)"))
        .unwrap_or_default();
    format!(
        "`type: {unknown}` is not a JSON Schema type{guess}; expected one of {}; the schema is {READ_AS_ANY_JSON}",
        JSON_TYPES.join(", ")
    )
}

#[cfg(test)]
mod type_tests {
    #[test]
    fn a_language_s_word_for_a_type_is_answered_with_the_json_schema_one() {
        for (written, meant) in [
            ("int", "integer"),
            ("Long", "integer"),
            ("bool", "boolean"),
            ("strng", "string"),
        ] {
            assert!(
                super::unknown_type(written).contains(&format!("(did you mean `{meant}`?)")),
                "{written}"
            );
        }
        assert!(!super::unknown_type("widget").contains("did you mean"));
    }
}
