//! Models compared by Rust name: struct fields, form fields, enum values, `oneOf`
//! alternatives and aliases.

use std::collections::{BTreeMap, BTreeSet};

use super::{Change, Context, GeneratedShape, ItemChanges, ItemStatus, Usage, pair_by, spell};
use crate::ir::{EnumVariant, Field, FormField, Model, ModelKind, OneOfVariant, TypeRef};

pub(super) fn compare(context: &Context<'_>) -> Vec<ItemChanges> {
    let old: BTreeMap<&str, &Model> = context
        .old
        .models
        .iter()
        .map(|model| (model.name.as_str(), model))
        .collect();
    let new: BTreeMap<&str, &Model> = context
        .new
        .models
        .iter()
        .map(|model| (model.name.as_str(), model))
        .collect();
    let names: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
    let mut items = Vec::new();
    for name in names {
        match (old.get(name), new.get(name)) {
            (Some(model), None) => {
                let mut reason = format!("`{name}` is gone: code that names it no longer compiles");
                let renamed = new.values().find(|candidate| {
                    !old.contains_key(candidate.name.as_str())
                        && (candidate.pointer == model.pointer || same_shape(candidate, model))
                });
                if let Some(renamed) = renamed {
                    reason.push_str(&format!(
                        "; it looks renamed to `{}` ({}), which is a new name to use",
                        renamed.name,
                        if renamed.pointer == model.pointer {
                            "the same schema"
                        } else {
                            "the same shape"
                        }
                    ));
                }
                items.push(ItemChanges {
                    title: format!("`{name}`"),
                    status: ItemStatus::Removed,
                    changes: vec![Change::breaking(reason)],
                });
            }
            (None, Some(model)) => items.push(ItemChanges {
                title: format!("`{name}`"),
                status: ItemStatus::Added,
                changes: vec![Change::additive(format!(
                    "`{name}` is new: {}",
                    kind_name(&model.kind)
                ))],
            }),
            (Some(old_model), Some(new_model)) => {
                let changes = changes(context, old_model, new_model);
                if !changes.is_empty() {
                    items.push(ItemChanges {
                        title: format!("`{name}`"),
                        status: ItemStatus::Changed,
                        changes,
                    });
                }
            }
            (None, None) => {}
        }
    }
    items
}

/// Whether two models would be the same Rust type under different names.
fn same_shape(a: &Model, b: &Model) -> bool {
    match (&a.kind, &b.kind) {
        (ModelKind::Struct { fields: a }, ModelKind::Struct { fields: b }) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|(a, b)| a.rust_name == b.rust_name && a.ty == b.ty)
        }
        (ModelKind::StringEnum { variants: a, .. }, ModelKind::StringEnum { variants: b, .. })
        | (
            ModelKind::IntegerEnum { variants: a, .. },
            ModelKind::IntegerEnum { variants: b, .. },
        ) => a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.value == b.value),
        _ => false,
    }
}

fn kind_name(kind: &ModelKind) -> &'static str {
    match kind {
        ModelKind::Struct { .. } => "a struct",
        ModelKind::StringEnum { .. } => "a string enum",
        ModelKind::IntegerEnum { .. } => "an integer enum",
        ModelKind::OneOf { .. } => "an enum of alternatives (`oneOf`)",
        ModelKind::Tagged { .. } => "an enum told apart by a tag property",
        ModelKind::Form { .. } => "a form body struct",
        ModelKind::Alias { .. } => "a type alias",
    }
}

fn changes(context: &Context<'_>, old: &Model, new: &Model) -> Vec<Change> {
    let name = &new.name;
    let shape = context.shape;
    let mut changes = Vec::new();
    match (&old.kind, &new.kind) {
        (ModelKind::Struct { fields: old_fields }, ModelKind::Struct { fields: new_fields }) => {
            struct_fields(context, name, old_fields, new_fields, &mut changes);
        }
        (ModelKind::Form { fields: old_fields }, ModelKind::Form { fields: new_fields }) => {
            form_fields(context, name, old_fields, new_fields, &mut changes);
        }
        (
            ModelKind::StringEnum {
                variants: old_variants,
                unknown_variant: old_unknown,
            },
            ModelKind::StringEnum {
                variants: new_variants,
                unknown_variant: new_unknown,
            },
        )
        | (
            ModelKind::IntegerEnum {
                variants: old_variants,
                unknown_variant: old_unknown,
            },
            ModelKind::IntegerEnum {
                variants: new_variants,
                unknown_variant: new_unknown,
            },
        ) => {
            enum_values(
                name,
                old_variants,
                new_variants,
                new_unknown,
                shape,
                &mut changes,
            );
            unknown_renamed(name, old_unknown, new_unknown, &mut changes);
        }
        (
            ModelKind::OneOf {
                variants: old_variants,
            },
            ModelKind::OneOf {
                variants: new_variants,
            },
        ) => {
            alternatives(context, name, old_variants, new_variants, &mut changes);
        }
        (
            ModelKind::Tagged {
                property: old_property,
                variants: old_variants,
                unknown_variant: old_unknown,
            },
            ModelKind::Tagged {
                property: new_property,
                variants: new_variants,
                unknown_variant: new_unknown,
            },
        ) => {
            alternatives(context, name, old_variants, new_variants, &mut changes);
            unknown_renamed(name, old_unknown, new_unknown, &mut changes);
            if old_property != new_property {
                changes.push(Change::none(format!(
                    "`{name}` is now told apart by the `{new_property}` property (was `{old_property}`); its Rust type is unchanged"
                )));
            }
        }
        (ModelKind::Alias { ty: old_ty }, ModelKind::Alias { ty: new_ty }) => {
            if old_ty != new_ty {
                changes.push(Change::breaking(format!(
                    "`{name}` is now `{}` (was `{}`): code that uses it must change",
                    spell(new_ty),
                    spell(old_ty)
                )));
            }
        }
        (old_kind, new_kind) => {
            changes.push(Change::breaking(format!(
                "`{name}` is now {} (was {}): code that builds, reads or matches it must change",
                kind_name(new_kind),
                kind_name(old_kind)
            )));
            return changes;
        }
    }
    constructor_changes(context, old, new, &mut changes);
    let derives_eq = !matches!(
        new.kind,
        ModelKind::StringEnum { .. } | ModelKind::IntegerEnum { .. } | ModelKind::Alias { .. }
    );
    if derives_eq && old.derive_eq != new.derive_eq {
        changes.push(if new.derive_eq {
            Change::additive(format!("`{name}` now implements `Eq`"))
        } else {
            Change::breaking(format!(
                "`{name}` no longer implements `Eq` (it now holds a float or a JSON value): code that needs `{name}: Eq` no longer compiles"
            ))
        });
    }
    let derives_default = matches!(new.kind, ModelKind::Struct { .. } | ModelKind::Form { .. });
    if derives_default && old.derive_default != new.derive_default {
        changes.push(if new.derive_default {
            Change::additive(format!("`{name}` now implements `Default`"))
        } else {
            Change::breaking(format!(
                "`{name}` no longer implements `Default` (a field has no default now): `{name}::default()` and `..Default::default()` no longer compile"
            ))
        });
    }
    if old.description != new.description {
        changes.push(Change::none(format!(
            "the documentation of `{name}` changed"
        )));
    }
    changes
}

/// Why a new field breaks or does not, given the shape of the generated structs.
fn new_field(context: &Context<'_>, model: &str, field: &str, ty: &TypeRef) -> Change {
    let shape = context.shape;
    let usage = context.usage(model).describe();
    let optional = matches!(ty, TypeRef::Option(_));
    let item = format!("`{model}::{field}: {}`", spell(ty));
    if !shape.non_exhaustive_models {
        Change::breaking(format!(
            "{item} is new{}: `{model}` ({usage}) is a plain struct with public fields, so struct literals and patterns without `..` must now name it",
            if optional {
                ", even though it is optional"
            } else {
                ""
            }
        ))
    } else if !optional && shape.constructors_take_required_fields {
        Change::breaking(format!(
            "{item} is new and required: code that builds `{model}` ({usage}) must give it"
        ))
    } else {
        Change::additive(format!(
            "{item} is new: `{model}` ({usage}) is `#[non_exhaustive]`, so code that builds or matches it still compiles"
        ))
    }
}

/// Why a changed field type breaks, in terms of what readers and writers must do.
fn retyped_field(
    context: &Context<'_>,
    model: &str,
    field: &str,
    old: &TypeRef,
    new: &TypeRef,
) -> Change {
    let used = context.usage(model);
    let item = format!("`{model}::{field}`");
    let consequence = match (old, new) {
        (old, TypeRef::Option(inner)) if **inner == *old => match used {
            Usage { request: false, response: true } => "code that reads it must handle `None`".to_owned(),
            Usage { request: true, response: false } => "code that sets it must wrap the value in `Some`".to_owned(),
            _ => "code that reads it must handle `None`, and code that sets it must wrap the value in `Some`".to_owned(),
        },
        (TypeRef::Option(inner), new) if **inner == *new => match used {
            Usage { request: false, response: true } => "code that reads it no longer gets an `Option`".to_owned(),
            Usage { request: true, response: false } => "code that sets it must always give a value, not an `Option`".to_owned(),
            _ => "code that reads it no longer gets an `Option`, and code that sets it must always give a value".to_owned(),
        },
        _ => "code that reads or sets it must change".to_owned(),
    };
    Change::breaking(format!(
        "{item} is now `{}` (was `{}`): {consequence}",
        spell(new),
        spell(old)
    ))
}

fn struct_fields(
    context: &Context<'_>,
    model: &str,
    old: &[Field],
    new: &[Field],
    changes: &mut Vec<Change>,
) {
    let (paired, removed) = pair_by(old, new, |field| field.rust_name.as_str());
    for (field, old_field) in paired {
        let name = &field.rust_name;
        match old_field {
            None => changes.push(new_field(context, model, name, &field.ty)),
            Some(old) => {
                if old.ty != field.ty {
                    changes.push(retyped_field(context, model, name, &old.ty, &field.ty));
                }
                if old.required != field.required || old.skip_if_none() != field.skip_if_none() {
                    let presence = if field.required {
                        "now required in the JSON"
                    } else {
                        "now optional in the JSON"
                    };
                    let none = match (old.skip_if_none(), field.skip_if_none()) {
                        (true, false) => "; `None` is now sent as `null` instead of being left out",
                        (false, true) => "; `None` is now left out instead of being sent as `null`",
                        _ => "",
                    };
                    let presence = if old.required == field.required {
                        "sent differently"
                    } else {
                        presence
                    };
                    if old.ty == field.ty {
                        changes.push(Change::none(format!(
                            "`{model}::{name}` is {presence}{none}; its Rust type is unchanged"
                        )));
                    }
                }
                if old.name != field.name {
                    changes.push(Change::none(format!(
                        "`{model}::{name}` is now `{}` on the wire (was `{}`); its Rust name is unchanged",
                        field.name, old.name
                    )));
                }
                if old.flatten != field.flatten && old.ty == field.ty {
                    changes.push(Change::none(format!(
                        "`{model}::{name}` is now {} the object; its Rust type is unchanged",
                        if field.flatten {
                            "spliced into"
                        } else {
                            "nested in"
                        }
                    )));
                }
                if old.deprecated != field.deprecated {
                    changes.push(Change::none(format!(
                        "the spec {} `{model}::{name}` deprecated; the generated field carries no `#[deprecated]`",
                        if field.deprecated { "now marks" } else { "no longer marks" }
                    )));
                }
                if old.description != field.description
                    || old.default != field.default
                    || old.read_only != field.read_only
                    || old.unique_items != field.unique_items
                {
                    changes.push(Change::none(format!(
                        "the documentation of `{model}::{name}` changed"
                    )));
                }
            }
        }
    }
    for field in removed {
        changes.push(removed_field(model, &field.rust_name));
    }
}

/// A field that is gone: breaking for readers and writers (what it does to the constructor,
/// [`constructor_changes`] says).
fn removed_field(model: &str, field: &str) -> Change {
    Change::breaking(format!(
        "`{model}::{field}` is gone: code that reads or sets it no longer compiles"
    ))
}

/// What a change of fields does to the constructor: every field it gains, loses or takes as
/// another type, and whether it switched between taking its one field directly and taking its
/// fields by name in a struct. One change names them all, with the call as it must now be
/// written, so a reader of the report need not work out the constructor from the fields.
fn constructor_changes(context: &Context<'_>, old: &Model, new: &Model, changes: &mut Vec<Change>) {
    let shape = context.shape;
    if !(shape.non_exhaustive_models && shape.constructors_take_required_fields) {
        return;
    }
    let (Some(_), Some(constructor)) = (&old.constructor, &new.constructor) else {
        return;
    };
    let old_arguments = old.constructor_arguments();
    let new_arguments = new.constructor_arguments();
    if old_arguments == new_arguments && old.required_fields == new.required_fields {
        return;
    }
    let mut what = Vec::new();
    for (name, ty) in &new_arguments {
        match old_arguments.iter().find(|(old_name, _)| old_name == name) {
            None => what.push(format!("takes `{name}: {}` (new)", spell(&ty.unboxed()))),
            Some((_, old_ty)) if old_ty != ty => what.push(format!(
                "takes `{name}` as `{}` (was `{}`)",
                spell(&ty.unboxed()),
                spell(&old_ty.unboxed())
            )),
            Some(_) => {}
        }
    }
    for (name, _) in &old_arguments {
        if new_arguments.iter().any(|(new_name, _)| new_name == name) {
            continue;
        }
        what.push(match setter_of(new, name) {
            Some(setter) => {
                format!("no longer takes `{name}` (optional now, set by `{setter}`)")
            }
            None => format!("no longer takes `{name}`"),
        });
    }
    match (&old.required_fields, &new.required_fields) {
        (None, Some(required)) => what.push(format!(
            "takes its fields by name, in a `{required}`, since it takes three or more"
        )),
        (Some(required), None) => what.push(format!(
            "takes its fields as arguments, since it takes two at most (`{required}` is gone)"
        )),
        (Some(old_required), Some(new_required)) if old_required != new_required => what.push(
            format!("takes its fields in a `{new_required}` (was `{old_required}`)"),
        ),
        _ => {}
    }
    let model = &new.name;
    let names = new_arguments
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ");
    let call = match &new.required_fields {
        Some(required) => format!("{model}::{constructor}({required} {{ {names} }})"),
        None => format!("{model}::{constructor}({names})"),
    };
    changes.push(Change::breaking(format!(
        "`{model}::{constructor}` {}; every call must change to `{call}`",
        what.join("; ")
    )));
}

/// The setter of the field `name` of a struct or form, if it is optional.
fn setter_of<'m>(model: &'m Model, name: &str) -> Option<&'m str> {
    match &model.kind {
        ModelKind::Struct { fields } => fields
            .iter()
            .find(|field| field.rust_name == name)
            .and_then(|field| field.setter.as_deref()),
        ModelKind::Form { fields } => fields
            .iter()
            .find(|field| field.rust_name == name)
            .and_then(|field| field.setter.as_deref()),
        _ => None,
    }
}

fn form_fields(
    context: &Context<'_>,
    model: &str,
    old: &[FormField],
    new: &[FormField],
    changes: &mut Vec<Change>,
) {
    let (paired, removed) = pair_by(old, new, |field| field.rust_name.as_str());
    for (field, old_field) in paired {
        let name = &field.rust_name;
        match old_field {
            None => changes.push(new_field(context, model, name, &field.ty)),
            Some(old) => {
                if old.ty != field.ty {
                    changes.push(retyped_field(context, model, name, &old.ty, &field.ty));
                }
                if old.name != field.name || (old.encoding != field.encoding && old.ty == field.ty)
                {
                    changes.push(Change::none(format!(
                        "`{model}::{name}` is now sent as the `{}` part (was `{}`); its Rust type is unchanged",
                        field.name, old.name
                    )));
                }
                if old.description != field.description {
                    changes.push(Change::none(format!(
                        "the documentation of `{model}::{name}` changed"
                    )));
                }
            }
        }
    }
    for field in removed {
        changes.push(removed_field(model, &field.rust_name));
    }
}

fn enum_values(
    model: &str,
    old: &[EnumVariant],
    new: &[EnumVariant],
    unknown: &str,
    shape: &GeneratedShape,
    changes: &mut Vec<Change>,
) {
    let (paired, removed) = pair_by(old, new, |variant| variant.name.as_str());
    // A value whose variant took another name (through `x-enum-varnames`, or a new naming rule)
    // keeps decoding as before; only code naming the old variant breaks.
    let renamed_from = |variant: &EnumVariant| {
        removed
            .iter()
            .find(|old| old.value == variant.value)
            .map(|old| old.name.as_str())
    };
    for (variant, old_variant) in &paired {
        if old_variant.is_none()
            && let Some(old_name) = renamed_from(variant)
        {
            changes.push(Change::breaking(format!(
                "`{model}::{old_name}` is now `{model}::{}`, for the same value `{}`: code that names it no longer compiles; decoding is unchanged",
                variant.name, variant.value
            )));
        }
    }
    let renamed_to_new = |old_variant: &EnumVariant| {
        paired
            .iter()
            .any(|(variant, before)| before.is_none() && variant.value == old_variant.value)
    };
    for (variant, old_variant) in paired.iter().copied() {
        if old_variant.is_none() && renamed_from(variant).is_some() {
            continue;
        }
        // What happens to code that handled the value before it had a variant of its own.
        let handled_before = if shape.opaque_unknown_values {
            format!(
                "code that handled it reached it through a `_` or `{model}::{unknown}` arm (unknown values are opaque, so none matched `{}` itself) and now meets `{model}::{}`",
                variant.value, variant.name
            )
        } else {
            format!(
                "code that matched `{model}::{unknown}(\"{}\")` silently stops matching it",
                variant.value
            )
        };
        match old_variant {
            None if shape.non_exhaustive_string_enums => changes.push(Change::additive(format!(
                "`{model}::{}` is new (`{}`): `{model}` is `#[non_exhaustive]`, so matches need no change; `{}` no longer decodes as `{model}::{unknown}`: {handled_before}",
                variant.name, variant.value, variant.value
            ))),
            None => changes.push(Change::breaking(format!(
                "`{model}::{}` is new (`{}`): `{model}` is an exhaustive enum, so `match`es without a wildcard must handle it, and `{}` no longer decodes as `{model}::{unknown}`: {handled_before}",
                variant.name, variant.value, variant.value
            ))),
            Some(old) if old.value != variant.value => changes.push(Change::none(format!(
                "`{model}::{}` is now `{}` on the wire (was `{}`); its Rust name is unchanged",
                variant.name, variant.value, old.value
            ))),
            Some(_) => {}
        }
    }
    for variant in removed.iter().copied() {
        if renamed_to_new(variant) {
            continue;
        }
        changes.push(Change::breaking(format!(
            "`{model}::{}` is gone (`{}` is no longer listed): code that names it no longer compiles, and `{}` now decodes as `{model}::{unknown}`",
            variant.name, variant.value, variant.value
        )));
    }
}

fn unknown_renamed(model: &str, old: &str, new: &str, changes: &mut Vec<Change>) {
    if old != new {
        changes.push(Change::breaking(format!(
            "`{model}::{old}` (values the spec does not list) is now `{model}::{new}`: code that names it no longer compiles"
        )));
    }
}

fn alternatives(
    context: &Context<'_>,
    model: &str,
    old: &[OneOfVariant],
    new: &[OneOfVariant],
    changes: &mut Vec<Change>,
) {
    let non_exhaustive = context.shape.non_exhaustive_one_of_enums;
    let old_variants: BTreeMap<&str, &OneOfVariant> = old
        .iter()
        .map(|variant| (variant.name.as_str(), variant))
        .collect();
    let new_variants: BTreeMap<&str, &OneOfVariant> = new
        .iter()
        .map(|variant| (variant.name.as_str(), variant))
        .collect();
    for variant in new {
        let item = format!("`{model}::{}({})`", variant.name, spell(&variant.ty));
        match old_variants.get(variant.name.as_str()) {
            None if non_exhaustive => changes.push(Change::additive(format!(
                "{item} is new: `{model}` is `#[non_exhaustive]`, so matches need no change"
            ))),
            None => changes.push(Change::breaking(format!(
                "{item} is new: `{model}` is an exhaustive enum, so `match`es without a wildcard must handle it"
            ))),
            Some(old) => {
                if old.ty != variant.ty {
                    changes.push(Change::breaking(format!(
                        "`{model}::{}` now holds `{}` (was `{}`): code that builds or reads it must change",
                        variant.name,
                        spell(&variant.ty),
                        spell(&old.ty)
                    )));
                }
                if old.tags != variant.tags {
                    changes.push(Change::none(format!(
                        "`{model}::{}` is now tagged `{}` (was `{}`); its Rust type is unchanged",
                        variant.name,
                        variant.tags.join("`, `"),
                        old.tags.join("`, `")
                    )));
                }
            }
        }
    }
    for variant in old {
        if !new_variants.contains_key(variant.name.as_str()) {
            changes.push(Change::breaking(format!(
                "`{model}::{}` is gone: code that builds or matches it no longer compiles",
                variant.name
            )));
        }
    }
    let order = |variants: &[OneOfVariant]| -> Vec<String> {
        variants
            .iter()
            .filter(|variant| {
                old_variants.contains_key(variant.name.as_str())
                    && new_variants.contains_key(variant.name.as_str())
            })
            .map(|variant| variant.name.clone())
            .collect()
    };
    let untagged = matches!(
        context
            .new
            .models
            .iter()
            .find(|candidate| candidate.name == model)
            .map(|candidate| &candidate.kind),
        Some(ModelKind::OneOf { .. })
    );
    if untagged && order(old) != order(new) {
        changes.push(Change::breaking(format!(
            "the alternatives of `{model}` are now tried in the order {}: its Rust type is unchanged, but a value that fits several may now decode as another variant than before",
            new.iter()
                .map(|variant| format!("`{}`", variant.name))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
}
