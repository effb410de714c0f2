//! What changed between two versions of an API, and what each change does to code that uses
//! the generated crate: breaking, additive, or nothing the Rust API shows.
//!
//! The comparison works on the lowered IR ([`crate::ir`]), not on text, so every reason names
//! the Rust item a user would touch (`TaskStatus::modified`, `GetTaskStatusList::limit()`) and
//! its Rust type. Whether a change breaks depends on what the generated types let other crates
//! do with them; [`GeneratedShape`] is the one place that says so.

mod markdown;
mod models;
mod operations;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{self, TypeRef};

/// What the generated types allow other crates to do, which decides whether a change breaks
/// them. Every classification that depends on the shape of the generated code reads it here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GeneratedShape {
    /// Model structs (and form bodies) are `#[non_exhaustive]`: other crates build them with a
    /// constructor and cannot write struct literals or patterns without `..`, so a new field
    /// does not break them.
    pub non_exhaustive_models: bool,
    /// `#[non_exhaustive]` models have a constructor taking every field whose type is not an
    /// `Option`, so a new such field is a new constructor argument. It takes one or two such
    /// fields as arguments, and three or more by name, as one struct of them
    /// ([`ir::Model::required_fields`]).
    pub constructors_take_required_fields: bool,
    /// String enums are `#[non_exhaustive]`, so a new value needs no new `match` arm.
    pub non_exhaustive_string_enums: bool,
    /// `oneOf` enums (with or without a discriminator) are `#[non_exhaustive]`.
    pub non_exhaustive_one_of_enums: bool,
    /// The enums of an operation's success statuses are `#[non_exhaustive]`.
    pub non_exhaustive_success_enums: bool,
    /// The error enums of operations are `#[non_exhaustive]`.
    pub non_exhaustive_error_enums: bool,
    /// A string enum's `Unknown` variant holds an opaque value that can be read but not matched
    /// on, so no code can have recognised a value there that a later version makes a variant.
    pub opaque_unknown_values: bool,
}

impl GeneratedShape {
    /// The generated crate as `templates/` writes it today: structs and form bodies are
    /// `#[non_exhaustive]` with public fields, built by a constructor `new` taking every field
    /// whose type is not an `Option` (one or two as arguments, more by name in a struct of them;
    /// each `Option` field has a `with_` setter), and every enum
    /// (string, `oneOf`, success and error) is `#[non_exhaustive]`; unknown string enum values
    /// are opaque (an `UnknownValue`, as smithy-rs does). So an optional field, an
    /// enum value, an alternative or a status added to the API is additive, and a required field
    /// is a new constructor argument (breaking). Change this when the templates change:
    /// `generator/tests/generated_shape.rs` generates a spec holding every kind of model and
    /// fails when the code written differs from what this says.
    pub const CURRENT: GeneratedShape = GeneratedShape {
        non_exhaustive_models: true,
        constructors_take_required_fields: true,
        non_exhaustive_string_enums: true,
        non_exhaustive_one_of_enums: true,
        non_exhaustive_success_enums: true,
        non_exhaustive_error_enums: true,
        opaque_unknown_values: true,
    };

    /// One sentence describing the shape, for the report's preamble.
    pub fn describe(&self) -> String {
        let models = if self.non_exhaustive_models {
            if self.constructors_take_required_fields {
                "models are `#[non_exhaustive]` structs built by a constructor taking their required fields"
            } else {
                "models are `#[non_exhaustive]` structs"
            }
        } else {
            "models are plain structs with public fields (so struct literals name every field)"
        };
        let exhaustive = |flag: bool| {
            if flag {
                "`#[non_exhaustive]`"
            } else {
                "exhaustive"
            }
        };
        format!(
            "{models}; string enums are {}; `oneOf` enums are {}; success enums are {}; error enums are {}",
            exhaustive(self.non_exhaustive_string_enums),
            exhaustive(self.non_exhaustive_one_of_enums),
            exhaustive(self.non_exhaustive_success_enums),
            exhaustive(self.non_exhaustive_error_enums),
        )
    }
}

/// What one change does to code that uses the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// Nothing in the Rust API changes: documentation, or only what goes over the wire.
    None,
    /// Something new appears; code that compiled still compiles.
    Additive,
    /// Code that compiled may no longer compile, or now behaves differently where it relied
    /// on what was there.
    Breaking,
}

impl Impact {
    /// The word the report uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::None => "none",
            Impact::Additive => "additive",
            Impact::Breaking => "breaking",
        }
    }
}

/// The version bump semver asks for, as if the crate were at 1.0 or later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// No change to the Rust API.
    Patch,
    /// Only additions.
    Minor,
    /// At least one breaking change.
    Major,
}

impl Bump {
    /// `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The version after `current` under Cargo's rules: from 1.0 on, semver's; before 1.0 the
    /// left-most non-zero number is the major one (`0.1.0` → `0.2.0` for a breaking change,
    /// `0.1.1` for anything else), as Cargo resolves `^0.1`.
    pub fn next_version(self, current: &str) -> Result<String, String> {
        let numbers: Vec<u64> = current
            .trim()
            .split('.')
            .map(|part| part.parse::<u64>())
            .collect::<Result<_, _>>()
            .map_err(|_| format!("`{current}` is not a MAJOR.MINOR.PATCH version"))?;
        let [major, minor, patch] = numbers.as_slice() else {
            return Err(format!("`{current}` is not a MAJOR.MINOR.PATCH version"));
        };
        let (major, minor, patch) = (*major, *minor, *patch);
        Ok(match (major, self) {
            (0, Bump::Major) => format!("0.{}.0", minor + 1),
            (0, Bump::Minor | Bump::Patch) => format!("0.{minor}.{}", patch + 1),
            (_, Bump::Major) => format!("{}.0.0", major + 1),
            (_, Bump::Minor) => format!("{major}.{}.0", minor + 1),
            (_, Bump::Patch) => format!("{major}.{minor}.{}", patch + 1),
        })
    }
}

/// One change, with what it does in Rust terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What it does to users of the generated crate.
    pub impact: Impact,
    /// Why, naming the Rust item, such as "`TaskStatus::modified` is now `Option<DateTime<Utc>>`: ...".
    pub reason: String,
}

impl Change {
    fn breaking(reason: impl Into<String>) -> Change {
        Change {
            impact: Impact::Breaking,
            reason: reason.into(),
        }
    }

    fn additive(reason: impl Into<String>) -> Change {
        Change {
            impact: Impact::Additive,
            reason: reason.into(),
        }
    }

    fn none(reason: impl Into<String>) -> Change {
        Change {
            impact: Impact::None,
            reason: reason.into(),
        }
    }
}

/// Whether an item exists on one side only or on both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemStatus {
    /// Only in the new API.
    Added,
    /// Only in the old API.
    Removed,
    /// In both, with differences.
    Changed,
}

/// The changes to one operation or one model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemChanges {
    /// The item as the report heads it, such as "`getTaskStatus` (`V2024::get_task_status`)".
    pub title: String,
    /// Whether it was added, removed or changed.
    pub status: ItemStatus,
    /// What changed, in the order found.
    pub changes: Vec<Change>,
}

impl ItemChanges {
    /// The most severe impact of its changes.
    pub fn impact(&self) -> Impact {
        self.changes
            .iter()
            .map(|change| change.impact)
            .max()
            .unwrap_or(Impact::None)
    }
}

/// The changes to one module of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleChanges {
    /// The Rust module, such as `v2024`.
    pub module: String,
    /// Changes to the module itself: added, removed, its entry point, its documentation.
    pub module_changes: Vec<Change>,
    /// Operations added, removed or changed, by `operationId`.
    pub operations: Vec<ItemChanges>,
    /// Models added, removed or changed, by Rust name.
    pub models: Vec<ItemChanges>,
}

impl ModuleChanges {
    fn is_empty(&self) -> bool {
        self.module_changes.is_empty() && self.operations.is_empty() && self.models.is_empty()
    }

    /// Every change of the module, in report order.
    pub fn changes(&self) -> impl Iterator<Item = &Change> {
        self.module_changes.iter().chain(
            self.operations
                .iter()
                .chain(&self.models)
                .flat_map(|item| &item.changes),
        )
    }
}

/// Everything that changed between two versions of the APIs of one crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiChanges {
    /// The modules with changes, sorted by name.
    pub modules: Vec<ModuleChanges>,
    /// The shape of the generated code the changes were judged against.
    pub shape: GeneratedShape,
}

impl ApiChanges {
    /// Every change, in report order.
    pub fn changes(&self) -> impl Iterator<Item = &Change> {
        self.modules.iter().flat_map(ModuleChanges::changes)
    }

    /// Whether nothing changed at all.
    pub fn is_empty(&self) -> bool {
        self.modules.is_empty()
    }

    /// How many changes have each impact: breaking, additive, none.
    pub fn counts(&self) -> (usize, usize, usize) {
        let count = |impact| {
            self.changes()
                .filter(|change| change.impact == impact)
                .count()
        };
        (
            count(Impact::Breaking),
            count(Impact::Additive),
            count(Impact::None),
        )
    }

    /// The bump semver asks for: major for any breaking change, minor for any additive one,
    /// otherwise patch.
    pub fn semver(&self) -> Bump {
        match self.changes().map(|change| change.impact).max() {
            Some(Impact::Breaking) => Bump::Major,
            Some(Impact::Additive) => Bump::Minor,
            Some(Impact::None) | None => Bump::Patch,
        }
    }

    /// The report as a Markdown document, grouped by module, operation and model; its last
    /// line is `semver: major`, `semver: minor` or `semver: patch`.
    pub fn markdown(&self) -> String {
        markdown::document(self, true, 2)
    }

    /// The report without its title and with each module's heading at `level` (`###` for 3),
    /// for a section of another document such as a changelog; it too ends with the `semver:`
    /// line.
    pub fn markdown_at_level(&self, level: usize) -> String {
        markdown::document(self, false, level)
    }

    /// One line: the counts and the bump.
    pub fn summary(&self) -> String {
        markdown::summary_line(self)
    }
}

/// Compares two sets of lowered modules as the generated crate of today has them
/// ([`GeneratedShape::CURRENT`]). Modules are paired by name.
pub fn compare(old: &[ir::Api], new: &[ir::Api]) -> ApiChanges {
    compare_with_shape(old, new, GeneratedShape::CURRENT)
}

/// Compares two sets of lowered modules, judging each change against `shape`.
pub fn compare_with_shape(old: &[ir::Api], new: &[ir::Api], shape: GeneratedShape) -> ApiChanges {
    let old_modules: BTreeMap<&str, &ir::Api> =
        old.iter().map(|api| (api.module.as_str(), api)).collect();
    let new_modules: BTreeMap<&str, &ir::Api> =
        new.iter().map(|api| (api.module.as_str(), api)).collect();
    let names: BTreeSet<&str> = old_modules
        .keys()
        .chain(new_modules.keys())
        .copied()
        .collect();
    let mut modules = Vec::new();
    for name in names {
        let module = match (old_modules.get(name), new_modules.get(name)) {
            (Some(old), Some(new)) => compare_module(old, new, &shape),
            (Some(old), None) => ModuleChanges {
                module: name.to_owned(),
                module_changes: vec![Change::breaking(format!(
                    "the module `{name}` is gone, and with it `Client::{}()` and every operation and model of {}: code that uses any of them no longer compiles",
                    old.handle_method, old.title
                ))],
                operations: Vec::new(),
                models: Vec::new(),
            },
            (None, Some(new)) => ModuleChanges {
                module: name.to_owned(),
                module_changes: vec![Change::additive(format!(
                    "the module `{name}` is new: `Client::{}()` gives {} operation(s) of {}",
                    new.handle_method,
                    new.operations.len(),
                    new.title
                ))],
                operations: Vec::new(),
                models: Vec::new(),
            },
            (None, None) => continue,
        };
        if !module.is_empty() {
            modules.push(module);
        }
    }
    ApiChanges { modules, shape }
}

fn compare_module(old: &ir::Api, new: &ir::Api, shape: &GeneratedShape) -> ModuleChanges {
    let mut module_changes = Vec::new();
    if old.handle_method != new.handle_method || old.handle_type != new.handle_type {
        module_changes.push(Change::breaking(format!(
            "the entry point is now `Client::{}() -> {}` (was `Client::{}() -> {}`): code that names the old one no longer compiles",
            new.handle_method, new.handle_type, old.handle_method, old.handle_type
        )));
    }
    if old.server.path_prefix != new.server.path_prefix {
        module_changes.push(Change::none(format!(
            "requests now go to `BASE{}` (was `BASE{}`); `PATH_PREFIX` changed value, not type",
            new.server.path_prefix, old.server.path_prefix
        )));
    }
    if old.server.default_base_url != new.server.default_base_url {
        module_changes.push(Change::none(format!(
            "`DEFAULT_BASE_URL` is now `{}` (was `{}`); its type is unchanged",
            new.server.default_base_url, old.server.default_base_url
        )));
    }
    if old.title != new.title || old.description != new.description || old.version != new.version {
        module_changes.push(Change::none(
            "the module's documentation (title, description or version) changed",
        ));
    }
    let context = Context::new(old, new, shape);
    ModuleChanges {
        module: new.module.clone(),
        module_changes,
        operations: operations::compare(&context),
        models: models::compare(&context),
    }
}

/// Both sides of one module, with what every comparison needs to word its reasons.
struct Context<'a> {
    old: &'a ir::Api,
    new: &'a ir::Api,
    shape: &'a GeneratedShape,
    /// How each model is used, on either side: in requests, in responses, or both.
    usage: BTreeMap<String, Usage>,
}

impl<'a> Context<'a> {
    fn new(old: &'a ir::Api, new: &'a ir::Api, shape: &'a GeneratedShape) -> Self {
        let mut usage = model_usage(old);
        for (name, used) in model_usage(new) {
            let entry = usage.entry(name).or_default();
            entry.request |= used.request;
            entry.response |= used.response;
        }
        Context {
            old,
            new,
            shape,
            usage,
        }
    }

    fn usage(&self, model: &str) -> Usage {
        self.usage.get(model).copied().unwrap_or_default()
    }
}

/// Where values of a model travel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Usage {
    /// Sent: in a request body or parameter, directly or inside another model.
    request: bool,
    /// Received: in a success or error response, directly or inside another model.
    response: bool,
}

impl Usage {
    /// "a response model", "a request model", "a request and response model" or "a model".
    fn describe(self) -> &'static str {
        match (self.request, self.response) {
            (true, true) => "a request and response model",
            (true, false) => "a request model",
            (false, true) => "a response model",
            (false, false) => "a model",
        }
    }
}

/// Which models each operation sends and receives, following fields and alternatives.
fn model_usage(api: &ir::Api) -> BTreeMap<String, Usage> {
    let models: BTreeMap<&str, &ir::Model> = api
        .models
        .iter()
        .map(|model| (model.name.as_str(), model))
        .collect();
    let mut sent = BTreeSet::new();
    let mut received = BTreeSet::new();
    for operation in &api.operations {
        for parameter in &operation.parameters {
            reach(&parameter.ty, &models, &mut sent);
        }
        if let Some(body) = &operation.body {
            reach(&body.ty, &models, &mut sent);
        }
        for case in operation.success.cases().iter().chain(&operation.errors) {
            reach(&case.ty, &models, &mut received);
        }
    }
    let mut usage: BTreeMap<String, Usage> = BTreeMap::new();
    for name in &sent {
        usage.entry(name.clone()).or_default().request = true;
    }
    for name in &received {
        usage.entry(name.clone()).or_default().response = true;
    }
    usage
}

fn reach(ty: &TypeRef, models: &BTreeMap<&str, &ir::Model>, seen: &mut BTreeSet<String>) {
    let mut pending = vec![ty.clone()];
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Named(name) => {
                if !seen.insert(name.clone()) {
                    continue;
                }
                let Some(model) = models.get(name.as_str()) else {
                    continue;
                };
                pending.extend(model.kind.types().into_iter().cloned());
            }
            other => pending.extend(other.inner().cloned()),
        }
    }
}

/// Items of two versions paired by a key: each new item, in the new order, with the old item
/// of the same key if there is one; then the old items no new item has.
fn pair_by<'a, T>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&T) -> &str,
) -> (Vec<(&'a T, Option<&'a T>)>, Vec<&'a T>) {
    let old_by_key: BTreeMap<&str, &T> = old.iter().map(|item| (key(item), item)).collect();
    let new_keys: BTreeSet<&str> = new.iter().map(&key).collect();
    let paired = new
        .iter()
        .map(|item| (item, old_by_key.get(key(item)).copied()))
        .collect();
    let removed = old
        .iter()
        .filter(|item| !new_keys.contains(key(item)))
        .collect();
    (paired, removed)
}

/// Spells a type as the generated code has it, with the short names of well-known types
/// (`DateTime<Utc>` for `chrono::DateTime<chrono::Utc>`), as a reader says them.
pub fn spell(ty: &TypeRef) -> String {
    crate::render::short_type(ty)
}

/// A status as the spec writes it: `404`, `4XX` or `default`.
fn status_text(status: ir::StatusMatch) -> String {
    match status {
        ir::StatusMatch::Code(code) => code.to_string(),
        ir::StatusMatch::Range(hundred) => format!("{hundred}XX"),
        ir::StatusMatch::Default => "default".into(),
    }
}
