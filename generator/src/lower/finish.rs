//! Decides what the models need once all of them exist: boxes that break cycles of types,
//! errors for cycles no Rust type can express, and which derives (`Default`, `Eq`) each has.
//! Every question about cycles is answered from strongly connected components, so the work
//! grows linearly with the number of models and references. Last, it names the constructor and
//! setters of each struct and form, once their field types are final.

use std::collections::HashMap;

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use super::findings::Findings;
use crate::ir::{Model, ModelKind, TypeRef};
use crate::load::Document;
use crate::naming::Scope;
use crate::reserved;

/// Settles what needs the whole set of models: cycles, derives, constructors, sources and
/// docs. Returns how deep the types nest (see [`type_nesting`]).
pub(super) fn finish_models(
    models: &mut [Model],
    findings: &mut Findings<'_>,
    document: &Document,
) -> usize {
    models.sort_by(|a, b| a.name.cmp(&b.name));
    let index: HashMap<String, usize> = models
        .iter()
        .enumerate()
        .map(|(position, model)| (model.name.clone(), position))
        .collect();
    report_alias_cycles(models, &index, findings);
    mark_shared_types(models, &index, findings);
    warn_shadowed_alternatives(models, &index, findings);
    box_cycles(models, &index);
    decide_derives(models, &index);
    name_constructors(models);
    locate_sources(models, document);
    describe_undocumented(models);
    type_nesting(models, &index)
}

/// How many levels deep the models' types nest, at most, as rustc counts them when it checks
/// what dropping a value needs: a level per model and per `Box`, `Vec` or map around it (an
/// `Option` adds none). A chain of references hundreds deep goes past rustc's default
/// recursion limit of 128 (E0320) whether or not it is boxed, so the crate raises the limit
/// when this is high (see `ir::recursion_limit`). Models on one cycle count as deep as
/// the cycle could go through all of them.
fn type_nesting(models: &[Model], index: &HashMap<String, usize>) -> usize {
    fn levels(ty: &TypeRef, depth_of: &dyn Fn(&str) -> usize) -> usize {
        match ty {
            TypeRef::Named(name) => 1 + depth_of(name),
            TypeRef::Option(inner) => levels(inner, depth_of),
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Box(inner) => {
                1 + levels(inner, depth_of)
            }
            _ => 0,
        }
    }
    let every = edges(models, index, |_| true, TypeRef::for_each_name);
    let (found, component_of) = components(&every);
    let mut depth = vec![0usize; found.len()];
    // Components come after every component they refer to, so each reads finished depths.
    for (number, component) in found.iter().enumerate() {
        let depth_of = |name: &str| {
            index
                .get(name)
                .map(|&target| component_of[target])
                .filter(|&other| other != number)
                .map_or(0, |other| depth[other])
        };
        let deepest = component
            .iter()
            .flat_map(|&member| models[member].kind.types())
            .map(|ty| levels(ty, &depth_of))
            .max()
            .unwrap_or(0);
        // Through a cycle, each member can add a model and up to three wrappers.
        depth[number] = deepest + 4 * (component.len() - 1);
    }
    depth.into_iter().max().unwrap_or(0)
}

/// `ty` with aliases followed (a bounded number of times: alias cycles are reported apart).
fn resolved(ty: &TypeRef, models: &[Model], index: &HashMap<String, usize>) -> TypeRef {
    let mut current = ty.clone();
    for _ in 0..32 {
        let next = match &current {
            TypeRef::Named(name) => match index.get(name).map(|at| &models[*at].kind) {
                Some(ModelKind::Alias { ty }) => ty.clone(),
                _ => return current,
            },
            TypeRef::Box(inner) => (**inner).clone(),
            _ => return current,
        };
        current = next;
    }
    current
}

/// Marks the alternatives of untagged `oneOf`s that are the same Rust type as another once
/// aliases are followed: JSON cannot tell them apart, so a value always decodes as the first of
/// them (a warning says so), and none of them converts into the enum with `From`.
fn mark_shared_types(
    models: &mut [Model],
    index: &HashMap<String, usize>,
    findings: &mut Findings<'_>,
) {
    let mut marks: Vec<(usize, Vec<usize>)> = Vec::new();
    for (position, model) in models.iter().enumerate() {
        let (ModelKind::OneOf { variants } | ModelKind::Tagged { variants, .. }) = &model.kind
        else {
            continue;
        };
        let types: Vec<TypeRef> = variants
            .iter()
            .map(|variant| resolved(&variant.ty, models, index))
            .collect();
        let shared: Vec<usize> = (0..types.len())
            .filter(|at| types.iter().filter(|other| **other == types[*at]).count() > 1)
            .collect();
        if shared.is_empty() {
            continue;
        }
        if matches!(model.kind, ModelKind::OneOf { .. }) {
            let mut reported = Vec::new();
            for &at in &shared {
                if reported.contains(&types[at]) {
                    continue;
                }
                reported.push(types[at].clone());
                let same: Vec<String> = shared
                    .iter()
                    .filter(|other| types[**other] == types[at])
                    .map(|other| format!("`{}`", variants[*other].name))
                    .collect();
                findings.warn(
                    &model.pointer,
                    format!(
                        "the alternatives {} of `{}` are the same Rust type, so their JSON cannot tell them apart: a value decodes as `{}`, the first of them",
                        same.join(", "),
                        model.name,
                        variants[at].name
                    ),
                );
            }
        }
        marks.push((position, shared));
    }
    for (position, shared) in marks {
        if let ModelKind::OneOf { variants } | ModelKind::Tagged { variants, .. } =
            &mut models[position].kind
        {
            for at in shared {
                variants[at].shares_type = true;
            }
        }
    }
}

/// What JSON an untagged alternative decodes from, coarsely: enough to see that an earlier
/// alternative takes every value a later one would.
#[derive(Debug, Clone, PartialEq)]
enum Accepts {
    /// Any JSON value (`serde_json::Value`).
    Anything,
    /// Any object: a map, or a struct whose properties are all optional.
    AnyObject,
    /// An object holding at least these properties.
    Object(Vec<String>),
    /// Any number, integers included.
    Number,
    /// An integer.
    Integer,
    /// Something no earlier alternative's shape is compared with here.
    Other,
}

fn accepts(ty: &TypeRef, models: &[Model], index: &HashMap<String, usize>) -> Accepts {
    match resolved(ty, models, index) {
        TypeRef::Json => Accepts::Anything,
        TypeRef::JsonObject | TypeRef::Map(_) => Accepts::AnyObject,
        TypeRef::F32 | TypeRef::F64 => Accepts::Number,
        TypeRef::I32 | TypeRef::I64 => Accepts::Integer,
        TypeRef::Named(name) => match index.get(&name).map(|at| &models[*at].kind) {
            Some(ModelKind::Struct { fields }) => {
                let required: Vec<String> = fields
                    .iter()
                    .filter(|field| !field.flatten && !matches!(field.ty, TypeRef::Option(_)))
                    .map(|field| field.name.clone())
                    .collect();
                if required.is_empty() {
                    Accepts::AnyObject
                } else {
                    Accepts::Object(required)
                }
            }
            _ => Accepts::Other,
        },
        _ => Accepts::Other,
    }
}

/// Whether every value `later` decodes from, `earlier` may decode from too: then, tried in
/// order, `later` is reached only for values whose properties do not fit `earlier`.
fn shadows(earlier: &Accepts, later: &Accepts) -> bool {
    match (earlier, later) {
        (Accepts::Anything, _) => true,
        (Accepts::AnyObject, Accepts::AnyObject | Accepts::Object(_)) => true,
        (Accepts::Object(first), Accepts::Object(then)) => {
            first.iter().all(|name| then.contains(name))
        }
        (Accepts::Number, Accepts::Integer) => true,
        _ => false,
    }
}

/// Warns of untagged `oneOf` alternatives that an earlier one takes first for the same JSON:
/// a free-form value, an object whose required properties the later one also requires (or
/// that requires none), a number before an integer. Decoding tries alternatives in order, so
/// such a later alternative is reached only when the earlier one fails on the value; the
/// warning names both so the maintainer can reorder them or add a discriminator. Alternatives
/// of the same Rust type are [`mark_shared_types`]'s to report.
fn warn_shadowed_alternatives(
    models: &[Model],
    index: &HashMap<String, usize>,
    findings: &mut Findings<'_>,
) {
    for model in models {
        let ModelKind::OneOf { variants } = &model.kind else {
            continue;
        };
        let shapes: Vec<Accepts> = variants
            .iter()
            .map(|variant| accepts(&variant.ty, models, index))
            .collect();
        for (later, later_shape) in shapes.iter().enumerate() {
            let earlier = (0..later).find(|&at| {
                shadows(&shapes[at], later_shape)
                    && resolved(&variants[at].ty, models, index)
                        != resolved(&variants[later].ty, models, index)
            });
            let Some(earlier) = earlier else {
                continue;
            };
            findings.warn(
                &model.pointer,
                format!(
                    "the alternative `{}` of `{}` may never be chosen: alternatives are tried in order, and `{}`, listed before it, decodes from the same JSON, so `{}` is reached only for values that do not fit `{}`",
                    variants[later].name,
                    model.name,
                    variants[earlier].name,
                    variants[later].name,
                    variants[earlier].name
                ),
            );
        }
    }
}

/// Gives a model the spec says nothing about a summary from its place in the document, such as
/// "The `200` response body of `POST /identities/{identity-id}/set-lifecycle-state`.", rather
/// than only its own name.
fn describe_undocumented(models: &mut [Model]) {
    for model in models {
        let undocumented = model
            .description
            .as_deref()
            .is_none_or(|text| text.trim().is_empty());
        if !undocumented {
            continue;
        }
        if let Some(place) = describe_place(&model.pointer) {
            model.description = Some(place);
        }
    }
}

/// A sentence naming the place of a schema, from its JSON pointer; `None` for a component
/// schema itself, whose name is all the document gives.
fn describe_place(pointer: &str) -> Option<String> {
    let tokens: Vec<String> = crate::error::pointer_tokens(pointer).collect();
    let (mut place, rest) = match tokens.as_slice() {
        [
            paths,
            path,
            method,
            responses,
            status,
            content,
            _,
            schema,
            rest @ ..,
        ] if paths == "paths"
            && responses == "responses"
            && content == "content"
            && schema == "schema" =>
        {
            let method = method.to_ascii_uppercase();
            (
                format!("the `{status}` response body of `{method} {path}`"),
                rest,
            )
        }
        [
            paths,
            path,
            method,
            request_body,
            content,
            _,
            schema,
            rest @ ..,
        ] if paths == "paths"
            && request_body == "requestBody"
            && content == "content"
            && schema == "schema" =>
        {
            let method = method.to_ascii_uppercase();
            (format!("the request body of `{method} {path}`"), rest)
        }
        [components, responses, name, content, _, schema, rest @ ..]
            if components == "components"
                && responses == "responses"
                && content == "content"
                && schema == "schema" =>
        {
            (format!("the body of the `{name}` response"), rest)
        }
        [components, schemas, name, rest @ ..]
            if components == "components" && schemas == "schemas" && !rest.is_empty() =>
        {
            (format!("`{name}`"), rest)
        }
        _ => return None,
    };
    let mut rest = rest.iter();
    while let Some(token) = rest.next() {
        place = match token.as_str() {
            "items" => format!("one item of {place}"),
            "additionalProperties" => format!("one value of {place}"),
            "properties" => match rest.next() {
                Some(name) => format!("the `{name}` property of {place}"),
                None => return None,
            },
            // The pointer counts from 0; a reader counts the alternatives from 1.
            "allOf" | "oneOf" | "anyOf" => {
                match rest.next().and_then(|index| index.parse::<usize>().ok()) {
                    Some(index) => format!(
                        "the {} {} of the `{token}` of {place}",
                        ordinal(index + 1),
                        if token == "allOf" {
                            "part"
                        } else {
                            "alternative"
                        }
                    ),
                    None => return None,
                }
            }
            _ => return None,
        };
    }
    let mut sentence = String::with_capacity(place.len() + 1);
    let mut chars = place.chars();
    if let Some(first) = chars.next() {
        sentence.extend(first.to_uppercase());
    }
    sentence.push_str(chars.as_str());
    sentence.push('.');
    Some(sentence)
}

/// `1st`, `2nd`, `3rd`, `4th`, ..., `11th`, `12th`, `13th`, `21st`.
fn ordinal(number: usize) -> String {
    let suffix = match (number % 10, number % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{number}{suffix}")
}

/// Names where each model's schema is written, in the file that holds it, for the client to
/// cite when a response does not fit.
fn locate_sources(models: &mut [Model], document: &Document) {
    for model in models {
        let (file, pointer) = document.origins.locate(&model.pointer);
        model.source = format!("{file}#{pointer}");
    }
}

/// Names how other crates build each struct and form, which are `#[non_exhaustive]`: a
/// constructor taking every field whose type is not an `Option`, and for each `Option` field a
/// setter `with_<field>`. A setter's name depends only on its own field's name, so adding or
/// removing another field never renames it; the scope only guards against two field names
/// that spell the same setter (`_1st` and `1st`), the later one getting `_2`.
fn name_constructors(models: &mut [Model]) {
    for model in models {
        let mut methods = Scope::snake();
        for taken in reserved::MODEL_METHODS {
            methods.reserve(taken);
        }
        let mut setter = |rust_name: &str, ty: &TypeRef| {
            matches!(ty, TypeRef::Option(_)).then(|| {
                let stem = rust_name.trim_start_matches("r#").trim_matches('_');
                methods.claim(&format!("with_{stem}"))
            })
        };
        match &mut model.kind {
            ModelKind::Struct { fields } => {
                for field in fields {
                    field.setter = setter(&field.rust_name, &field.ty);
                }
            }
            ModelKind::Form { fields } => {
                for field in fields {
                    field.setter = setter(&field.rust_name, &field.ty);
                }
            }
            ModelKind::StringEnum { .. }
            | ModelKind::IntegerEnum { .. }
            | ModelKind::OneOf { .. }
            | ModelKind::Tagged { .. }
            | ModelKind::Alias { .. } => continue,
        }
        model.constructor = Some(reserved::CONSTRUCTOR.to_owned());
    }
}

/// How many required fields a constructor takes before it takes them by name.
const REQUIRED_FIELDS_BY_NAME: usize = 3;

/// Names the struct of required fields (`<Model>Required`) of each struct and form whose
/// constructor takes [`REQUIRED_FIELDS_BY_NAME`] fields or more, so that calls name what they
/// pass: in a long list of positional arguments two of one type can be swapped silently, and
/// a field that becomes optional shifts every later argument, which rustc then reports as a
/// type error far from the cause. One or two arguments stay positional, as in
/// `JsonPatchOperation::new(op, path)`, where that reads better than a struct literal.
/// Claimed after every other type name, in the models' sorted order, so a name from the spec
/// always wins.
pub(super) fn name_required_fields(models: &mut [Model], types: &mut Scope) {
    for model in models {
        if model.constructor.is_some()
            && model.constructor_argument_count() >= REQUIRED_FIELDS_BY_NAME
        {
            model.required_fields = Some(types.claim(&format!(
                "{}{}",
                model.name,
                reserved::REQUIRED_FIELDS_SUFFIX
            )));
        }
    }
}

/// Which model names of a type count: [`TypeRef::for_each_held_name`] or [`TypeRef::for_each_name`].
type NameWalk = fn(&TypeRef, &mut dyn FnMut(&str));

/// The references between models, as `edges[model]` = the models it refers to, where
/// `names` calls back with each model name a type mentions.
fn edges(
    models: &[Model],
    index: &HashMap<String, usize>,
    include: impl Fn(&Model) -> bool,
    names: NameWalk,
) -> Vec<Vec<usize>> {
    models
        .iter()
        .map(|model| {
            let mut out = Vec::new();
            if include(model) {
                for ty in model.kind.types() {
                    names(ty, &mut |name| {
                        if let Some(&target) = index.get(name) {
                            out.push(target);
                        }
                    });
                }
            }
            out
        })
        .collect()
}

/// The strongly connected components of a graph, in reverse topological order (a component
/// comes after every component it refers to), and the component of each node.
fn components(edges: &[Vec<usize>]) -> (Vec<Vec<usize>>, Vec<usize>) {
    let mut graph = DiGraph::<(), ()>::with_capacity(edges.len(), edges.iter().map(Vec::len).sum());
    for _ in edges {
        graph.add_node(());
    }
    for (from, targets) in edges.iter().enumerate() {
        for &to in targets {
            graph.add_edge(NodeIndex::new(from), NodeIndex::new(to), ());
        }
    }
    let mut found: Vec<Vec<usize>> = tarjan_scc(&graph)
        .into_iter()
        .map(|component| component.into_iter().map(NodeIndex::index).collect())
        .collect();
    let mut component_of = vec![0; edges.len()];
    for (number, component) in found.iter_mut().enumerate() {
        component.sort_unstable();
        for &node in component.iter() {
            component_of[node] = number;
        }
    }
    (found, component_of)
}

/// A type alias cannot mention itself, not even inside a `Vec`: a cycle made of aliases alone
/// has no Rust spelling, so it is an error, reported once per cycle.
fn report_alias_cycles(
    models: &[Model],
    index: &HashMap<String, usize>,
    findings: &mut Findings<'_>,
) {
    let is_alias = |model: &Model| matches!(model.kind, ModelKind::Alias { .. });
    let mut alias_edges = edges(models, index, is_alias, TypeRef::for_each_name);
    for targets in &mut alias_edges {
        targets.retain(|&target| is_alias(&models[target]));
    }
    let (found, _) = components(&alias_edges);
    let mut cycles: Vec<Vec<usize>> = found
        .into_iter()
        .filter(|members| {
            members.len() > 1
                || members
                    .iter()
                    .any(|&member| alias_edges[member].contains(&member))
        })
        .collect();
    cycles.sort();
    // One error per cycle, at its first model, naming every model on it.
    for members in cycles {
        let Some(&first) = members.first() else {
            continue;
        };
        let model = &models[first];
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
        findings.error(&model.pointer, message);
    }
}

/// Boxes every reference, held without indirection by a struct or an enum, that leads back to
/// the model holding it. Aliases are transparent: they are never boxed themselves, and a cycle
/// through one is broken in the struct or enum on the same cycle.
fn box_cycles(models: &mut [Model], index: &HashMap<String, usize>) {
    let direct = edges(models, index, |_| true, TypeRef::for_each_held_name);
    let (_, component_of) = components(&direct);
    let mut to_box: Vec<(usize, String)> = Vec::new();
    for (position, model) in models.iter().enumerate() {
        if matches!(model.kind, ModelKind::Alias { .. }) {
            continue;
        }
        for ty in model.kind.types() {
            ty.for_each_held_name(&mut |name| {
                // On a cycle exactly when both ends share a component (a self-reference included).
                if let Some(&target) = index.get(name)
                    && component_of[target] == component_of[position]
                {
                    to_box.push((position, name.to_owned()));
                }
            });
        }
    }
    for (position, name) in to_box {
        for ty in models[position].kind.types_mut() {
            box_named(ty, &name);
        }
    }
}

/// Derives: a model qualifies only if everything it holds does. Components are decided after
/// everything they refer to; inside one (mutually recursive models), every member starts out
/// qualified and loses it until nothing changes.
fn decide_derives(models: &mut [Model], index: &HashMap<String, usize>) {
    let every = edges(models, index, |_| true, TypeRef::for_each_name);
    let (found, _) = components(&every);
    let mut default = vec![true; models.len()];
    let mut eq = vec![true; models.len()];
    for members in found {
        loop {
            let mut changed = false;
            for &position in &members {
                let model = &models[position];
                let new_default = default[position]
                    && match &model.kind {
                        ModelKind::Struct { .. }
                        | ModelKind::Alias { .. }
                        | ModelKind::Form { .. } => model
                            .kind
                            .types()
                            .into_iter()
                            .all(|ty| type_has(ty, index, &default, true)),
                        ModelKind::StringEnum { .. }
                        | ModelKind::IntegerEnum { .. }
                        | ModelKind::OneOf { .. }
                        | ModelKind::Tagged { .. } => false,
                    };
                let new_eq = eq[position]
                    && model
                        .kind
                        .types()
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
    }
    for (position, model) in models.iter_mut().enumerate() {
        model.derive_default = default[position];
        model.derive_eq = eq[position];
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::{Accepts, describe_place, shadows, type_nesting};
    use crate::ir::{Model, ModelKind, TypeRef};

    /// Models named `M0`, `M1`, ... each holding what `holds` gives for its position.
    fn models(
        count: usize,
        holds: impl Fn(usize) -> TypeRef,
    ) -> (Vec<Model>, HashMap<String, usize>) {
        let models: Vec<Model> = (0..count)
            .map(|position| Model {
                name: format!("M{position}"),
                description: None,
                kind: ModelKind::Alias {
                    ty: holds(position),
                },
                derive_default: false,
                derive_eq: false,
                constructor: None,
                required_fields: None,
                pointer: String::new(),
                source: String::new(),
            })
            .collect();
        let index = models
            .iter()
            .enumerate()
            .map(|(position, model)| (model.name.clone(), position))
            .collect();
        (models, index)
    }

    fn named(position: usize) -> TypeRef {
        TypeRef::Named(format!("M{position}"))
    }

    #[test]
    fn nesting_counts_a_level_per_model_and_per_box_vec_or_map_but_not_per_option() {
        let (chain, index) = models(150, |position| match position {
            0 => TypeRef::String,
            _ => TypeRef::Option(Box::new(named(position - 1))),
        });
        assert_eq!(type_nesting(&chain, &index), 149);
        let (boxed, index) = models(150, |position| match position {
            0 => TypeRef::String,
            _ => TypeRef::Option(Box::new(TypeRef::Box(Box::new(named(position - 1))))),
        });
        assert_eq!(type_nesting(&boxed, &index), 298);
        let (listed, index) = models(3, |position| match position {
            0 => TypeRef::I32,
            _ => TypeRef::Vec(Box::new(TypeRef::Map(Box::new(named(position - 1))))),
        });
        assert_eq!(type_nesting(&listed, &index), 6);
    }

    #[test]
    fn a_cycle_counts_as_deep_as_going_through_every_member() {
        // M0 -> M1 -> M2 -> M0, and M3 holds M2.
        let (cycle, index) = models(4, |position| match position {
            3 => named(2),
            last @ 2 => TypeRef::Box(Box::new(named((last + 1) % 3))),
            other => named(other + 1),
        });
        // Inside the cycle: one level (M1 in M0, say) or two (the boxed M0 in M2), plus four
        // for each other member; M3 adds one.
        assert_eq!(type_nesting(&cycle, &index), 2 + 4 * 2 + 1);
    }

    #[test]
    fn an_undocumented_schema_is_described_by_its_place() {
        let cases = [
            (
                "/paths/~1identities~1{id}~1state/post/responses/200/content/application~1json/schema",
                Some("The `200` response body of `POST /identities/{id}/state`."),
            ),
            (
                "/paths/~1tasks/patch/requestBody/content/application~1json-patch+json/schema/items",
                Some("One item of the request body of `PATCH /tasks`."),
            ),
            (
                "/components/schemas/TaskStatusMessage/properties/parameters/items",
                Some("One item of the `parameters` property of `TaskStatusMessage`."),
            ),
            (
                "/components/responses/429/content/application~1json/schema",
                Some("The body of the `429` response."),
            ),
            (
                "/components/schemas/Patch/properties/value/oneOf/4/items",
                Some(
                    "One item of the 5th alternative of the `oneOf` of the `value` property of `Patch`.",
                ),
            ),
            (
                "/components/schemas/Task/allOf/0",
                Some("The 1st part of the `allOf` of `Task`."),
            ),
            (
                "/components/schemas/Value/anyOf/10/items",
                Some("One item of the 11th alternative of the `anyOf` of `Value`."),
            ),
            ("/components/schemas/LifecycleState", None),
            ("/components/schemas/Thing/discriminator", None),
        ];
        for (pointer, described) in cases {
            assert_eq!(describe_place(pointer).as_deref(), described, "{pointer}");
        }
    }

    fn object(required: &[&str]) -> Accepts {
        Accepts::Object(required.iter().map(|name| (*name).to_owned()).collect())
    }

    #[test]
    fn an_earlier_shape_shadows_only_what_it_takes_whole() {
        assert!(shadows(&Accepts::Anything, &Accepts::Integer));
        assert!(shadows(&Accepts::AnyObject, &object(&["id"])));
        assert!(shadows(&object(&["id"]), &object(&["id", "name"])));
        assert!(shadows(&Accepts::Number, &Accepts::Integer));
        assert!(!shadows(&object(&["id", "name"]), &object(&["id"])));
        assert!(!shadows(&object(&["id"]), &Accepts::AnyObject));
        assert!(!shadows(&Accepts::Integer, &Accepts::Number));
        assert!(!shadows(&Accepts::AnyObject, &Accepts::Other));
    }
}
