//! OpenAPI Overlay 1.0 documents: facts a maintainer records about a spec (a field the servers
//! send as `null`, a property they leave out) without editing the document the API's publisher
//! wrote, so the facts survive the next copy of upstream.
//!
//! Each overlay applies to one file of a spec: the file its `extends` names, relative to the
//! overlay, or else the entry document. Its actions are applied to that file's parsed JSON tree
//! as the file is read, before anything else looks at it, in the order the overlays are given and
//! each overlay's actions in document order. Targets are RFC 9535 JSONPath queries
//! (`serde_json_path`). An `update` is merged into each object it targets (objects recursively,
//! arrays appended to, anything else replaced) or appended to each array it targets; a `remove`
//! deletes each node it targets from the object or array holding it.

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};

use serde_json::Value as Json;
use serde_json_path::{JsonPath, PathElement};

use super::SpecFiles;
use super::bundle::join;
use super::text::{json_scalar_text, parse_text};
use crate::error::{Diagnostic, pointer_push};

/// One overlay document to apply to a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverlayInput {
    /// How to name the file in messages, such as `spec/v2024/overlays/01-nullable.yaml`. Its
    /// `extends` is resolved relative to this path.
    pub file: String,
    /// The overlay's YAML or JSON text.
    pub contents: String,
}

impl OverlayInput {
    /// The overlay `file`, whose text is `contents`.
    pub fn new(file: impl Into<String>, contents: impl Into<String>) -> Self {
        OverlayInput {
            file: file.into(),
            contents: contents.into(),
        }
    }
}

/// The overlays of one spec, read and checked.
#[derive(Debug, Default)]
pub(crate) struct Overlays {
    list: Vec<Overlay>,
}

#[derive(Debug)]
struct Overlay {
    file: String,
    /// The `extends` text, when the overlay has one.
    extends: Option<String>,
    /// The file it applies to, normalized (see [`normalize`]).
    applies_to: String,
    actions: Vec<Action>,
}

#[derive(Debug)]
struct Action {
    /// The pointer of the action inside the overlay, `/actions/N`.
    pointer: String,
    target: String,
    path: JsonPath,
    update: Option<Json>,
    remove: bool,
}

/// The version of the Overlay Specification read, as `overlay:` spells it.
const SUPPORTED: &str = "1.0.x";

/// A target nested deeper than this is refused before it is parsed: the JSONPath parser
/// recurses once per level, and a stack overflow cannot be caught.
const MAX_TARGET_NESTING: usize = 64;

impl Overlays {
    /// Reads every overlay of the spec entered at `entry`, checking what can be checked before
    /// the spec is read: the overlay's own shape, its targets' syntax, and that the file its
    /// `extends` names can be read through `files`.
    pub(crate) fn read(
        entry: &str,
        inputs: &[OverlayInput],
        files: &dyn SpecFiles,
    ) -> Result<Overlays, Vec<Diagnostic>> {
        let mut list = Vec::new();
        let mut problems = Vec::new();
        for input in inputs {
            match read_one(entry, input, files) {
                Ok(overlay) => list.push(overlay),
                Err(found) => problems.extend(found),
            }
        }
        if problems.is_empty() {
            Ok(Overlays { list })
        } else {
            Err(problems)
        }
    }

    /// Applies the overlays for `file` to its parsed tree. Returns the warnings (a target that
    /// matches nothing), or every problem (an update that cannot apply where it matched).
    pub(crate) fn apply(
        &self,
        file: &str,
        tree: &mut Json,
    ) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        let file_key = normalize(file);
        let mut warnings = Vec::new();
        let mut problems = Vec::new();
        for overlay in self
            .list
            .iter()
            .filter(|overlay| overlay.applies_to == file_key)
        {
            for action in &overlay.actions {
                let at = |relative: &str, message: String| {
                    Diagnostic::new(
                        &overlay.file,
                        format!("{}{relative}", action.pointer),
                        message,
                    )
                };
                let Some(matched) = locations(&action.path, tree) else {
                    problems.push(at(
                        "/target",
                        "the JSONPath query failed on this document".to_owned(),
                    ));
                    continue;
                };
                if matched.is_empty() {
                    warnings.push(at(
                        "/target",
                        format!(
                            "`{}` matches nothing in {file}, so the action did nothing; the spec may have changed since the overlay was written",
                            action.target
                        ),
                    ));
                    continue;
                }
                if action.remove {
                    if let Err(message) = remove_all(tree, matched, file) {
                        problems.push(at("/target", message));
                    }
                } else if let Some(update) = &action.update {
                    for location in matched {
                        if let Err(message) = update_at(tree, &location, update, file) {
                            problems.push(at("/update", message));
                        }
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(warnings)
        } else {
            Err(problems)
        }
    }

    /// The overlays whose `extends` names a file that is not one of `spec_files` (the files
    /// the spec was read from), which therefore applied to nothing.
    pub(crate) fn unapplied(&self, spec_files: &BTreeSet<String>) -> Vec<Diagnostic> {
        let read: BTreeSet<String> = spec_files.iter().map(|file| normalize(file)).collect();
        self.list
            .iter()
            .filter(|overlay| !read.contains(&overlay.applies_to))
            .map(|overlay| {
                Diagnostic::new(
                    &overlay.file,
                    "/extends",
                    format!(
                        "`{}` names `{}`, which is not a file of this spec (neither its entry document nor a file its references reach), so the overlay would apply to nothing",
                        overlay.extends.as_deref().unwrap_or_default(),
                        overlay.applies_to
                    ),
                )
            })
            .collect()
    }
}

/// One step of a location inside a tree.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Index(usize),
    Name(String),
}

type Location = Vec<Step>;

fn pointer_of(location: &[Step]) -> String {
    location
        .iter()
        .fold(String::new(), |pointer, step| match step {
            Step::Index(index) => pointer_push(&pointer, &index.to_string()),
            Step::Name(name) => pointer_push(&pointer, name),
        })
}

/// Where `path` matches in `tree`, each once, in the query's order; `None` if the query
/// itself failed.
fn locations(path: &JsonPath, tree: &Json) -> Option<Vec<Location>> {
    catch_unwind(AssertUnwindSafe(|| {
        let mut seen = BTreeSet::new();
        let mut found = Vec::new();
        for node in path.query_located(tree) {
            let location: Location = node
                .location()
                .iter()
                .map(|element| match element {
                    PathElement::Name(name) => Step::Name((*name).to_owned()),
                    PathElement::Index(index) => Step::Index(*index),
                })
                .collect();
            if seen.insert(location.clone()) {
                found.push(location);
            }
        }
        found
    }))
    .ok()
}

fn node_mut<'t>(tree: &'t mut Json, location: &[Step]) -> Option<&'t mut Json> {
    let mut node = tree;
    for step in location {
        node = match (node, step) {
            (Json::Object(map), Step::Name(name)) => map.get_mut(name)?,
            (Json::Array(items), Step::Index(index)) => items.get_mut(*index)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Removes every matched node. The deepest and last are removed first, so removing one never
/// moves another that is still to be removed; a node inside one already removed is gone with it.
fn remove_all(tree: &mut Json, mut matched: Vec<Location>, file: &str) -> Result<(), String> {
    if matched.iter().any(Vec::is_empty) {
        return Err(format!(
            "the target matches the whole of {file}, which `remove` cannot take away"
        ));
    }
    matched.sort();
    for location in matched.iter().rev() {
        let Some((last, parent)) = location.split_last() else {
            continue;
        };
        match (node_mut(tree, parent), last) {
            (Some(Json::Object(map)), Step::Name(name)) => {
                // `shift_remove` keeps the order of what stays: property order is field order.
                map.shift_remove(name);
            }
            (Some(Json::Array(items)), Step::Index(index)) if *index < items.len() => {
                items.remove(*index);
            }
            _ => {}
        }
    }
    Ok(())
}

/// Merges `update` into the object at `location`, or appends it to the array there.
fn update_at(tree: &mut Json, location: &[Step], update: &Json, file: &str) -> Result<(), String> {
    let Some(node) = node_mut(tree, location) else {
        return Ok(());
    };
    let place = format!("{file}#{}", pointer_of(location));
    match (node, update) {
        (Json::Object(object), Json::Object(fields)) => {
            merge_into(object, fields);
            Ok(())
        }
        (Json::Object(_), other) => Err(format!(
            "the target matches an object at {place}, so `update` must be an object of the properties to merge into it, not {}",
            kind_of(other)
        )),
        (Json::Array(items), entry) => {
            items.push(entry.clone());
            Ok(())
        }
        (other, _) => Err(format!(
            "the target matches {} at {place}; `update` merges into objects and appends to arrays only (to replace a value, update the object holding it)",
            kind_of(other)
        )),
    }
}

/// The recursive merge of Overlay 1.0: objects are merged key by key, an array is appended
/// to, and any other value (or a value of another kind) replaces what was there.
fn merge_into(object: &mut serde_json::Map<String, Json>, fields: &serde_json::Map<String, Json>) {
    for (key, value) in fields {
        match (object.get_mut(key), value) {
            (Some(Json::Object(inner)), Json::Object(more)) => merge_into(inner, more),
            (Some(Json::Array(items)), Json::Array(more)) => items.extend(more.iter().cloned()),
            (Some(slot), _) => *slot = value.clone(),
            (None, _) => {
                object.insert(key.clone(), value.clone());
            }
        }
    }
}

fn kind_of(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

/// `path` with `.` and `..` taken out where they can be, so two spellings of one file compare
/// equal (`spec/v1/./a.yaml`, `spec/v1/overlays/../a.yaml`).
fn normalize(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|last| *last != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

const OVERLAY_FIELDS: &str = "overlay, info, extends and actions";
const ACTION_FIELDS: &str = "target, description, update and remove";

/// Reads and checks one overlay.
fn read_one(
    entry: &str,
    input: &OverlayInput,
    files: &dyn SpecFiles,
) -> Result<Overlay, Vec<Diagnostic>> {
    let file = input.file.as_str();
    let problem = |pointer: &str, message: String| Diagnostic::new(file, pointer, message);
    if input.contents.trim().is_empty() {
        return Err(vec![problem(
            "",
            "the file is empty; expected an Overlay 1.0 document (`overlay: 1.0.0`, `info`, `actions`)"
                .to_owned(),
        )]);
    }
    let root = parse_text(file, &input.contents)?;
    let Json::Object(root) = root else {
        return Err(vec![problem(
            "",
            "expected a YAML mapping at the top of an Overlay document".to_owned(),
        )]);
    };
    if !root.contains_key("overlay")
        && (root.contains_key("openapi") || root.contains_key("swagger"))
    {
        // Every other field would be wrong too; one line says what happened.
        return Err(vec![problem(
            "",
            "this is an OpenAPI document, not an overlay; an overlay starts with `overlay: 1.0.0`"
                .to_owned(),
        )]);
    }
    let mut problems = Vec::new();
    match root.get("overlay") {
        None => problems.push(problem(
            "",
            format!(
                "missing the `overlay` version field; only Overlay {SUPPORTED} is supported (`overlay: 1.0.0`)"
            ),
        )),
        Some(version) => match json_scalar_text(version) {
            Some(version) if is_supported(&version) => {}
            Some(version) => problems.push(problem(
                "/overlay",
                format!("Overlay {version} is not supported; only Overlay {SUPPORTED} is"),
            )),
            None => problems.push(problem(
                "/overlay",
                "the `overlay` field must be a version string such as 1.0.0".to_owned(),
            )),
        },
    }
    match root.get("info") {
        Some(Json::Object(info)) => {
            for field in ["title", "version"] {
                match info.get(field) {
                    Some(Json::String(_)) => {}
                    Some(_) => problems.push(problem(
                        &pointer_push("/info", field),
                        format!("`info.{field}` must be a string"),
                    )),
                    None => problems.push(problem(
                        "/info",
                        format!(
                            "`info` has no `{field}`; an overlay's info has a title and a version"
                        ),
                    )),
                }
            }
        }
        Some(_) => problems.push(problem(
            "/info",
            "`info` must be a mapping with a title and a version".to_owned(),
        )),
        None => problems.push(problem(
            "",
            "missing `info`; an overlay's info has a title and a version".to_owned(),
        )),
    }
    for key in root.keys() {
        if !matches!(key.as_str(), "overlay" | "info" | "extends" | "actions")
            && !key.starts_with("x-")
        {
            problems.push(problem(
                &pointer_push("", key),
                format!(
                    "unknown field `{key}`; an Overlay 1.0 document has {OVERLAY_FIELDS} (and `x-` extensions)"
                ),
            ));
        }
    }
    let (extends, applies_to) = match root.get("extends") {
        None => (None, normalize(entry)),
        Some(Json::String(extends)) => match resolve_extends(entry, file, extends, files) {
            Ok(applies_to) => (Some(extends.clone()), applies_to),
            Err(message) => {
                problems.push(problem("/extends", message));
                (Some(extends.clone()), String::new())
            }
        },
        Some(_) => {
            problems.push(problem(
                "/extends",
                "`extends` must be the path of the file the overlay applies to, relative to the overlay".to_owned(),
            ));
            (None, String::new())
        }
    };
    let actions = match root.get("actions") {
        Some(Json::Array(actions)) if actions.is_empty() => {
            problems.push(problem(
                "/actions",
                "`actions` is empty; an overlay has at least one action".to_owned(),
            ));
            Vec::new()
        }
        Some(Json::Array(actions)) => actions
            .iter()
            .enumerate()
            .filter_map(|(index, action)| {
                read_action(file, &format!("/actions/{index}"), action, &mut problems)
            })
            .collect(),
        Some(_) => {
            problems.push(problem(
                "/actions",
                "`actions` must be a list of actions (each with a `target` and an `update` or `remove`)".to_owned(),
            ));
            Vec::new()
        }
        None => {
            problems.push(problem(
                "",
                "missing `actions`; an overlay lists the actions to apply (each with a `target` and an `update` or `remove`)".to_owned(),
            ));
            Vec::new()
        }
    };
    if problems.is_empty() {
        Ok(Overlay {
            file: file.to_owned(),
            extends,
            applies_to,
            actions,
        })
    } else {
        Err(problems)
    }
}

/// `1.0.0`, `1.0.1`, ... (and `1.0`, which YAML may have read as a number).
fn is_supported(version: &str) -> bool {
    version == "1.0"
        || version
            .strip_prefix("1.0.")
            .is_some_and(|patch| !patch.is_empty() && patch.chars().all(|ch| ch.is_ascii_digit()))
}

/// The file `extends` names, normalized, after checking that it is a local file that can be
/// read (the entry document, whose text the caller gave, always can).
fn resolve_extends(
    entry: &str,
    file: &str,
    extends: &str,
    files: &dyn SpecFiles,
) -> Result<String, String> {
    if extends.contains("://") || extends.starts_with("//") {
        return Err(format!(
            "`{extends}` is a URL; `extends` names the spec file the overlay applies to by its path relative to the overlay (the generator never touches the network)"
        ));
    }
    if extends.contains('#') {
        return Err(format!(
            "`{extends}` has a fragment; `extends` names a whole file, and the actions' targets say where in it"
        ));
    }
    if extends.trim().is_empty() || extends.starts_with('/') || extends.contains(':') {
        return Err(format!(
            "`{extends}` is not a relative path; `extends` names the spec file the overlay applies to relative to the overlay"
        ));
    }
    let target = join(file, extends);
    let normalized = normalize(&target);
    if normalized != normalize(entry) {
        files.read(&target).map_err(|error| {
            format!("`{extends}` names `{target}`, which cannot be read: {error}")
        })?;
    }
    Ok(normalized)
}

/// Reads and checks one action; `None` (with the problems pushed) when it is unusable.
fn read_action(
    file: &str,
    pointer: &str,
    action: &Json,
    problems: &mut Vec<Diagnostic>,
) -> Option<Action> {
    let problem = |relative: &str, message: String| {
        Diagnostic::new(file, format!("{pointer}{relative}"), message)
    };
    let Json::Object(fields) = action else {
        problems.push(problem(
            "",
            "an action must be a mapping with a `target` and an `update` or `remove`".to_owned(),
        ));
        return None;
    };
    let before = problems.len();
    for key in fields.keys() {
        if !matches!(key.as_str(), "target" | "description" | "update" | "remove")
            && !key.starts_with("x-")
        {
            problems.push(problem(
                &pointer_push("", key),
                format!(
                    "unknown field `{key}`; an Overlay 1.0 action has {ACTION_FIELDS} (and `x-` extensions)"
                ),
            ));
        }
    }
    if fields
        .get("description")
        .is_some_and(|value| !value.is_string())
    {
        problems.push(problem(
            "/description",
            "`description` must be a string".to_owned(),
        ));
    }
    let remove = match fields.get("remove") {
        None => false,
        Some(Json::Bool(remove)) => *remove,
        Some(_) => {
            problems.push(problem(
                "/remove",
                "`remove` must be true or false".to_owned(),
            ));
            false
        }
    };
    let update = fields.get("update").cloned();
    // A `remove` that is not a boolean has its own message.
    if update.is_none() && !remove && fields.get("remove").is_none_or(Json::is_boolean) {
        problems.push(problem(
            "",
            "the action has neither `update` nor `remove: true`, so it would do nothing".to_owned(),
        ));
    }
    let path = match fields.get("target") {
        None => {
            problems.push(problem(
                "",
                "the action has no `target`; say which nodes it applies to with a JSONPath such as `$.components.schemas.Task`".to_owned(),
            ));
            None
        }
        Some(Json::String(target)) => match parse_target(target) {
            Ok(path) => Some((target.clone(), path)),
            Err(message) => {
                problems.push(problem("/target", message));
                None
            }
        },
        Some(_) => {
            problems.push(problem(
                "/target",
                "`target` must be a JSONPath string such as `$.components.schemas.Task`".to_owned(),
            ));
            None
        }
    };
    let (target, path) = path?;
    (problems.len() == before).then(|| Action {
        pointer: pointer.to_owned(),
        target,
        path,
        update,
        remove,
    })
}

/// Parses an RFC 9535 JSONPath query.
fn parse_target(target: &str) -> Result<JsonPath, String> {
    let nesting = target.chars().filter(|ch| matches!(ch, '[' | '(')).count();
    if nesting > MAX_TARGET_NESTING {
        return Err(format!(
            "not a valid JSONPath: nested more than {MAX_TARGET_NESTING} brackets deep"
        ));
    }
    if !target.starts_with('$') {
        // The parser's own message for this says only "parser error".
        return Err(
            "not a valid JSONPath: it must start with `$`, the document's root, such as `$.components.schemas.Task`"
                .to_owned(),
        );
    }
    match catch_unwind(|| JsonPath::parse(target)) {
        Ok(Ok(path)) => Ok(path),
        Ok(Err(error)) => Err(format!("not a valid JSONPath: {error}")),
        Err(_) => Err("not a valid JSONPath: the JSONPath parser failed on it".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn spellings_of_one_file_compare_equal() {
        assert_eq!(normalize("spec/v1/./a.yaml"), "spec/v1/a.yaml");
        assert_eq!(normalize("spec/v1/overlays/../a.yaml"), "spec/v1/a.yaml");
        assert_eq!(normalize("./a.yaml"), "a.yaml");
        assert_eq!(normalize("../a.yaml"), "../a.yaml");
        assert_eq!(normalize("/x/../a.yaml"), "/a.yaml");
    }

    #[test]
    fn updates_merge_objects_recursively_and_append_to_arrays() {
        let mut object = json!({"a": {"b": 1, "c": [1]}, "d": "x"});
        let Json::Object(map) = &mut object else {
            unreachable!()
        };
        let Json::Object(update) = json!({"a": {"b": 2, "c": [2], "e": true}, "d": {"f": 1}})
        else {
            unreachable!()
        };
        merge_into(map, &update);
        assert_eq!(
            object,
            json!({"a": {"b": 2, "c": [1, 2], "e": true}, "d": {"f": 1}})
        );
    }

    #[test]
    fn removing_several_entries_of_one_array_removes_each() {
        let mut tree = json!({"required": ["a", "b", "c", "b"]});
        let path = parse_target("$.required[?@ == 'b' || @ == 'c']").unwrap();
        let matched = locations(&path, &tree).unwrap();
        remove_all(&mut tree, matched, "f").unwrap();
        assert_eq!(tree, json!({"required": ["a"]}));
    }

    #[test]
    fn removing_a_key_keeps_the_order_of_the_others() {
        let mut tree = json!({"p": {"a": 1, "b": 2, "c": 3}});
        let path = parse_target("$.p.a").unwrap();
        let matched = locations(&path, &tree).unwrap();
        remove_all(&mut tree, matched, "f").unwrap();
        let keys: Vec<&String> = tree["p"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["b", "c"]);
    }
}
