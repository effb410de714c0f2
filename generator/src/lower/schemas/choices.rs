//! `oneOf` and `anyOf`: an enum of the alternatives, told apart by the discriminator's tag
//! property when there is one.

use std::collections::BTreeSet;

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::all_of::Shape;
use crate::error::pointer_push;
use crate::ir::{ModelKind, OneOfVariant};
use crate::lower::{Lowerer, schema_key};
use crate::naming::{Scope, camel_name, type_name};

impl<'a> Lowerer<'a> {
    pub(super) fn choice_kind(
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
                        self.names
                            .component(&key)
                            .map(str::to_owned)
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
                        self.findings.warn(
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
                None => self.findings.warn(
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
