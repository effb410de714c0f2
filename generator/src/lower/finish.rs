//! Decides what the models need once all of them exist: boxes that break cycles of types,
//! errors for cycles no Rust type can express, and which derives (`Default`, `Eq`) each has.

use std::collections::HashMap;

use crate::error::Diagnostic;
use crate::ir::{Model, ModelKind, TypeRef};
use crate::load::Document;

pub(super) fn finish_models(
    models: &mut [Model],
    diagnostics: &mut Vec<Diagnostic>,
    document: &Document,
) {
    models.sort_by(|a, b| a.name.cmp(&b.name));
    let index: HashMap<String, usize> = models
        .iter()
        .enumerate()
        .map(|(position, model)| (model.name.clone(), position))
        .collect();
    report_alias_cycles(models, &index, diagnostics, document);
    box_cycles(models, &index);
    decide_derives(models, &index);
}

/// A type alias cannot mention itself, not even inside a `Vec`: a cycle made of aliases alone
/// has no Rust spelling, so it is an error, reported once per cycle.
fn report_alias_cycles(
    models: &[Model],
    index: &HashMap<String, usize>,
    diagnostics: &mut Vec<Diagnostic>,
    document: &Document,
) {
    let alias_edges: Vec<Vec<usize>> = models
        .iter()
        .map(|model| {
            let mut out = Vec::new();
            if let ModelKind::Alias { ty } = &model.kind {
                every_name(ty, &mut |name| {
                    if let Some(&target) = index.get(name)
                        && matches!(models[target].kind, ModelKind::Alias { .. })
                    {
                        out.push(target);
                    }
                });
            }
            out
        })
        .collect();
    for (position, model) in models.iter().enumerate() {
        if !reaches(&alias_edges, position, position) {
            continue;
        }
        // One error per cycle, at its first model, naming every model on it.
        let members: Vec<usize> = (0..models.len())
            .filter(|&other| {
                other == position
                    || (reaches(&alias_edges, position, other)
                        && reaches(&alias_edges, other, position))
            })
            .collect();
        if members.first() != Some(&position) {
            continue;
        }
        let message = if members.len() == 1 {
            format!(
                "`{}` is defined in terms of itself with no object in between, which no Rust type can represent",
                model.name
            )
        } else {
            let names: Vec<String> = members
                .iter()
                .map(|&member| format!("`{}`", models[member].name))
                .collect();
            format!(
                "{} are defined in terms of each other with no object in between, which no Rust type can represent",
                names.join(", ")
            )
        };
        diagnostics.push(document.diagnostic(&model.pointer, message));
    }
}

/// Whether `to` can be reached from `from` by one edge or more.
fn reaches(edges: &[Vec<usize>], from: usize, to: usize) -> bool {
    let mut seen = vec![false; edges.len()];
    let mut stack: Vec<usize> = edges[from].clone();
    while let Some(node) = stack.pop() {
        if node == to {
            return true;
        }
        if std::mem::replace(&mut seen[node], true) {
            continue;
        }
        stack.extend(edges[node].iter().copied());
    }
    false
}

/// Boxes every reference, held without indirection by a struct or an enum, that leads back to
/// the model holding it. Aliases are transparent: they are never boxed themselves, and a cycle
/// through one is broken in the struct or enum on the same cycle.
fn box_cycles(models: &mut [Model], index: &HashMap<String, usize>) {
    let direct: Vec<Vec<usize>> = models
        .iter()
        .map(|model| {
            let mut out = Vec::new();
            for ty in model_types(&model.kind) {
                direct_names(ty, &mut |name| {
                    if let Some(&target) = index.get(name) {
                        out.push(target);
                    }
                });
            }
            out
        })
        .collect();
    let mut to_box: Vec<(usize, String)> = Vec::new();
    for (position, model) in models.iter().enumerate() {
        if matches!(model.kind, ModelKind::Alias { .. }) {
            continue;
        }
        for ty in model_types(&model.kind) {
            direct_names(ty, &mut |name| {
                if let Some(&target) = index.get(name)
                    && (target == position || reaches(&direct, target, position))
                {
                    to_box.push((position, name.to_owned()));
                }
            });
        }
    }
    for (position, name) in to_box {
        for ty in model_types_mut(&mut models[position].kind) {
            box_named(ty, &name);
        }
    }
}

/// Derives, to a fixed point: a model qualifies only if everything it holds does.
fn decide_derives(models: &mut [Model], index: &HashMap<String, usize>) {
    let mut default = vec![true; models.len()];
    let mut eq = vec![true; models.len()];
    loop {
        let mut changed = false;
        for position in 0..models.len() {
            let model = &models[position];
            let new_default = default[position]
                && match &model.kind {
                    ModelKind::Struct { .. } | ModelKind::Alias { .. } | ModelKind::Form { .. } => {
                        model_types(&model.kind)
                            .into_iter()
                            .all(|ty| type_has(ty, index, &default, true))
                    }
                    ModelKind::StringEnum { .. }
                    | ModelKind::OneOf { .. }
                    | ModelKind::Tagged { .. } => false,
                };
            let new_eq = eq[position]
                && model_types(&model.kind)
                    .into_iter()
                    .all(|ty| type_has(ty, index, &eq, false));
            changed |= new_default != default[position] || new_eq != eq[position];
            default[position] = new_default;
            eq[position] = new_eq;
        }
        if !changed {
            break;
        }
    }
    for (position, model) in models.iter_mut().enumerate() {
        model.derive_default = default[position];
        model.derive_eq = eq[position];
    }
}

fn model_types(kind: &ModelKind) -> Vec<&TypeRef> {
    match kind {
        ModelKind::Struct { fields } => fields.iter().map(|field| &field.ty).collect(),
        ModelKind::Form { fields } => fields.iter().map(|field| &field.ty).collect(),
        ModelKind::OneOf { variants } | ModelKind::Tagged { variants, .. } => {
            variants.iter().map(|variant| &variant.ty).collect()
        }
        ModelKind::Alias { ty } => vec![ty],
        ModelKind::StringEnum { .. } => Vec::new(),
    }
}

fn model_types_mut(kind: &mut ModelKind) -> Vec<&mut TypeRef> {
    match kind {
        ModelKind::Struct { fields } => fields.iter_mut().map(|field| &mut field.ty).collect(),
        ModelKind::Form { fields } => fields.iter_mut().map(|field| &mut field.ty).collect(),
        ModelKind::OneOf { variants } | ModelKind::Tagged { variants, .. } => {
            variants.iter_mut().map(|variant| &mut variant.ty).collect()
        }
        ModelKind::Alias { ty } => vec![ty],
        ModelKind::StringEnum { .. } => Vec::new(),
    }
}

/// Calls `visit` for every model a value of `ty` holds without indirection.
fn direct_names(ty: &TypeRef, visit: &mut impl FnMut(&str)) {
    match ty {
        TypeRef::Named(name) => visit(name),
        TypeRef::Option(inner) => direct_names(inner, visit),
        _ => {}
    }
}

/// Calls `visit` for every model named anywhere in `ty`.
fn every_name(ty: &TypeRef, visit: &mut impl FnMut(&str)) {
    match ty {
        TypeRef::Named(name) => visit(name),
        TypeRef::Option(inner)
        | TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Box(inner) => every_name(inner, visit),
        _ => {}
    }
}

fn box_named(ty: &mut TypeRef, name: &str) {
    match ty {
        TypeRef::Named(found) if found == name => {
            *ty = TypeRef::Box(Box::new(TypeRef::Named(name.to_owned())));
        }
        TypeRef::Option(inner) => box_named(inner, name),
        _ => {}
    }
}

/// Whether a type has `Default` (`for_default`) or `Eq` (otherwise), given what is known of models.
fn type_has(
    ty: &TypeRef,
    index: &HashMap<String, usize>,
    known: &[bool],
    for_default: bool,
) -> bool {
    match ty {
        TypeRef::Unit | TypeRef::String | TypeRef::Bool | TypeRef::I32 | TypeRef::I64 => true,
        TypeRef::Bytes | TypeRef::File => true,
        TypeRef::F32 | TypeRef::F64 => for_default,
        TypeRef::Json | TypeRef::JsonObject => true,
        TypeRef::DateTime | TypeRef::Date => !for_default,
        TypeRef::Option(inner) => for_default || type_has(inner, index, known, for_default),
        TypeRef::Vec(inner) | TypeRef::Map(inner) => {
            for_default || type_has(inner, index, known, for_default)
        }
        TypeRef::Box(inner) => type_has(inner, index, known, for_default),
        TypeRef::Named(name) => index.get(name).is_some_and(|&position| known[position]),
    }
}
