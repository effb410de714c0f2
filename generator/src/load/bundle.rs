//! Gathers a document split across files into one: every `$ref` to another local file is
//! followed, path items are put in place, and schemas, parameters, responses, request bodies,
//! headers and security schemes become components, one per file and place however many
//! references name it. Every part remembers the file and pointer it came from, so a
//! diagnostic about the gathered document names the file a maintainer has to edit.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use serde_json::Value as Json;

use super::locator::Kind;
use super::overlay::Overlays;
use super::text::parse_text_noting;
use super::{Dialect, SpecFiles, openapi31};
use crate::error::{Diagnostic, percent_decode, pointer_push, pointer_tokens};
use crate::naming::{identifier_words, split_run_together, type_name};

/// Where the parts of a gathered document came from.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    /// The entry document's file.
    entry: String,
    /// (pointer in the gathered document, file, pointer in that file), one per part put in.
    parts: Vec<(String, String, String)>,
}

impl Origins {
    /// The file and pointer a place of the gathered document was read from.
    pub fn locate(&self, pointer: &str) -> (String, String) {
        let found = self
            .parts
            .iter()
            .filter(|(at, _, _)| {
                pointer == at
                    || pointer
                        .strip_prefix(at.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .max_by_key(|(at, _, _)| at.len());
        match found {
            Some((at, file, inner)) => (file.clone(), format!("{inner}{}", &pointer[at.len()..])),
            None => (self.entry.clone(), pointer.to_owned()),
        }
    }

    /// Every file the document was read from, the entry first.
    pub fn files(&self) -> Vec<String> {
        let mut files = vec![self.entry.clone()];
        let others: BTreeSet<&String> = self
            .parts
            .iter()
            .map(|(_, file, _)| file)
            .filter(|file| **file != self.entry)
            .collect();
        files.extend(others.into_iter().cloned());
        files
    }
}

/// A component made from a place in another file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Target {
    section: &'static str,
    file: String,
    fragment: String,
}

#[derive(Debug, Default)]
struct TargetInfo {
    /// Files whose references name it; their identifiers name it when nothing else does.
    referrers: BTreeSet<String>,
    /// The component key, decided once every target is known.
    key: String,
}

/// A place being visited: in its own file, and in the gathered document.
#[derive(Debug, Clone)]
struct Place {
    file: String,
    pointer: String,
    gathered: String,
}

impl Place {
    fn child(&self, relative: &str) -> Place {
        Place {
            file: self.file.clone(),
            pointer: format!("{}{relative}", self.pointer),
            gathered: format!("{}{relative}", self.gathered),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// Finds every target and the files that name it; what it builds is thrown away.
    Discover,
    /// Builds the gathered document, every target named.
    Build,
}

struct Bundler<'f> {
    files: &'f dyn SpecFiles,
    /// Applied to each file as it is read.
    overlays: &'f Overlays,
    dialect: Dialect,
    entry: String,
    /// Every file read, or `None` when it could not be (already reported).
    documents: BTreeMap<String, Option<Json>>,
    targets: IndexMap<Target, TargetInfo>,
    /// Path items being put in place, to catch a chain of references that comes back.
    expanding: Vec<(String, String)>,
    pass: Pass,
    origins: Vec<(String, String, String)>,
    problems: Vec<Diagnostic>,
    /// What reading a 3.1 document as 3.0 dropped or approximated, once per place.
    warnings: IndexMap<(String, String), String>,
    /// Overlay targets that matched nothing in the files read.
    overlaid: Vec<Diagnostic>,
    /// The reference `exists` last found pointing to nothing, with where it is.
    missing: Option<Diagnostic>,
    /// References that point to nothing: the pointer of the object holding each in the
    /// gathered document, and the problem at the reference itself.
    dangling: Vec<(String, Diagnostic)>,
}

/// A document gathered from its files.
#[derive(Debug)]
pub struct Bundled {
    /// The document, every reference to another file replaced.
    pub document: Json,
    /// Where each part came from.
    pub origins: Origins,
    /// What reading it as OpenAPI 3.0 dropped or approximated, and overlay targets in the
    /// files it references that matched nothing.
    pub warnings: Vec<Diagnostic>,
    /// Every file read: the entry and each file a reference reached.
    pub files_read: BTreeSet<String>,
    /// References that point to nothing in a file that was read, by the pointer of the object
    /// holding each in the gathered document: each costs what uses it.
    pub dangling: BTreeMap<String, Diagnostic>,
}

/// Gathers the document `entry` (already read as `root`, written in `dialect`, its overlays
/// applied) and every file it references, applying their `overlays` as each is read.
pub(crate) fn bundle(
    entry: &str,
    root: Json,
    dialect: Dialect,
    files: &dyn SpecFiles,
    overlays: &Overlays,
) -> Result<Bundled, Vec<Diagnostic>> {
    let mut bundler = Bundler {
        files,
        overlays,
        overlaid: Vec::new(),
        dialect,
        entry: entry.to_owned(),
        documents: BTreeMap::from([(entry.to_owned(), Some(root.clone()))]),
        targets: IndexMap::new(),
        expanding: Vec::new(),
        pass: Pass::Discover,
        origins: Vec::new(),
        problems: Vec::new(),
        warnings: IndexMap::new(),
        missing: None,
        dangling: Vec::new(),
    };
    bundler.run(root.clone());
    if !bundler.problems.is_empty() {
        return Err(bundler.problems);
    }
    bundler.name_targets(&root);
    bundler.pass = Pass::Build;
    let gathered = bundler.run(root);
    if !bundler.problems.is_empty() {
        return Err(bundler.problems);
    }
    let files_read = bundler
        .documents
        .iter()
        .filter(|(_, document)| document.is_some())
        .map(|(file, _)| file.clone())
        .collect();
    let mut warnings = bundler.overlaid;
    warnings.extend(
        bundler
            .warnings
            .into_iter()
            .map(|((file, pointer), message)| Diagnostic::new(file, pointer, message)),
    );
    Ok(Bundled {
        document: gathered,
        origins: Origins {
            entry: entry.to_owned(),
            parts: bundler.origins,
        },
        warnings,
        files_read,
        dangling: bundler.dangling.into_iter().collect(),
    })
}

impl Bundler<'_> {
    /// ` (did you mean `NAME`?)` for the file beside `file` whose name `file`'s most likely
    /// misspells, or nothing.
    fn nearest_file(&self, file: &str) -> String {
        let (dir, name) = match file.rfind('/') {
            Some(slash) => file.split_at(slash + 1),
            None => ("", file),
        };
        let listed = self.files.list(dir);
        let names = listed
            .iter()
            .filter_map(|path| path.strip_prefix(dir))
            .filter(|candidate| *candidate != name);
        crate::error::nearest(name, names)
            .map(|candidate| format!(" (did you mean `{dir}{candidate}`?)"))
            .unwrap_or_default()
    }

    /// Visits the entry document, then every target (the list grows while discovering), and
    /// puts the targets into the document's components.
    fn run(&mut self, root: Json) -> Json {
        let place = Place {
            file: self.entry.clone(),
            pointer: String::new(),
            gathered: String::new(),
        };
        let mut document = self.visit(root, Kind::Root, &place);
        let mut index = 0;
        while let Some((target, info)) = self.targets.get_index(index) {
            let target = target.clone();
            let key = info.key.clone();
            index += 1;
            let Some(content) = self.value_at(&target.file, &target.fragment).cloned() else {
                continue;
            };
            let gathered = pointer_push(&pointer_push("/components", target.section), &key);
            let place = Place {
                file: target.file.clone(),
                pointer: target.fragment.clone(),
                gathered: gathered.clone(),
            };
            let built = self.visit(content, section_kind(target.section), &place);
            if self.pass == Pass::Build {
                self.origins
                    .push((gathered, target.file.clone(), target.fragment.clone()));
                insert_component(&mut document, target.section, &key, built);
            }
        }
        document
    }

    /// Rewrites the references in `value` (an object of kind `kind`, found at `place`).
    fn visit(&mut self, mut value: Json, kind: Kind, place: &Place) -> Json {
        if self.dialect == Dialect::OpenApi31 {
            for (relative, message) in openapi31::normalize(&mut value, kind) {
                if self.pass == Pass::Build {
                    let pointer = format!("{}{relative}", place.pointer);
                    self.warnings
                        .entry((place.file.clone(), pointer))
                        .or_insert(message);
                }
            }
        }
        if let Some(reference) = reference_of(&value) {
            return self.reference(value, &reference, kind, place);
        }
        let children: Vec<(Kind, String)> = kind
            .children(&value, "")
            .into_iter()
            .map(|(child_kind, _, pointer)| (child_kind, pointer))
            .collect();
        for (child_kind, relative) in children {
            if let Some(slot) = value.pointer_mut(&relative) {
                let child = std::mem::take(slot);
                let visited = self.visit(child, child_kind, &place.child(&relative));
                if let Some(slot) = value.pointer_mut(&relative) {
                    *slot = visited;
                }
            }
        }
        if kind == Kind::Schema {
            self.discriminator_mapping(&mut value, place);
        }
        value
    }

    /// A discriminator's mapping names schemas by reference too.
    fn discriminator_mapping(&mut self, schema: &mut Json, place: &Place) {
        let Some(Json::Object(mapping)) = schema.pointer_mut("/discriminator/mapping") else {
            return;
        };
        for (value, target) in mapping.iter_mut() {
            let Json::String(reference) = target else {
                continue;
            };
            // A bare name (no `#`, no file extension) names a component of this document.
            if !reference.contains('#') && !reference.contains('.') {
                continue;
            }
            let at = place.child(&pointer_push("/discriminator/mapping", value));
            let holder = serde_json::json!({ "$ref": reference.clone() });
            let rewritten = self.reference_at(holder, reference, Kind::Schema, &at, &at.pointer);
            if let Some(Json::String(new)) = rewritten.get("$ref") {
                *reference = new.clone();
            }
        }
    }

    fn reference(&mut self, value: Json, reference: &str, kind: Kind, place: &Place) -> Json {
        let at = pointer_push(&place.pointer, "$ref");
        self.reference_at(value, reference, kind, place, &at)
    }

    /// Resolves the reference held by `value` (at `place`; the `$ref` itself is at `at`).
    fn reference_at(
        &mut self,
        mut value: Json,
        reference: &str,
        kind: Kind,
        place: &Place,
        at: &str,
    ) -> Json {
        let Some((file, fragment)) = self.resolve(reference, &place.file, at) else {
            return value;
        };
        if !self.exists(&file, &fragment, reference, &place.file, at) {
            if self.pass == Pass::Build
                && let Some(problem) = self.missing.take()
            {
                self.dangling.push((place.gathered.clone(), problem));
            }
            return value;
        }
        let section = section_of(kind);
        if file == self.entry && kind != Kind::PathItem {
            if place.file != self.entry {
                set_reference(&mut value, format!("#{fragment}"));
            }
            return value;
        }
        match section {
            Some(section) => {
                let target = Target {
                    section,
                    file,
                    fragment,
                };
                let info = self.targets.entry(target).or_default();
                info.referrers.insert(place.file.clone());
                let key = info.key.clone();
                set_reference(
                    &mut value,
                    format!(
                        "#{}",
                        pointer_push(&pointer_push("/components", section), &key)
                    ),
                );
                value
            }
            None => {
                let step = (file.clone(), fragment.clone());
                if self.expanding.contains(&step) {
                    self.problems.push(Diagnostic::new(
                        &place.file,
                        at,
                        format!("`{reference}` leads back to itself through references"),
                    ));
                    return value;
                }
                let Some(content) = self.value_at(&file, &fragment).cloned() else {
                    return value;
                };
                self.expanding.push(step);
                let inner = Place {
                    file: file.clone(),
                    pointer: fragment.clone(),
                    gathered: place.gathered.clone(),
                };
                let built = self.visit(content, kind, &inner);
                self.expanding.pop();
                if self.pass == Pass::Build {
                    self.origins.push((place.gathered.clone(), file, fragment));
                }
                built
            }
        }
    }

    /// The file and JSON pointer a reference names, or a problem at `at` in `from`.
    fn resolve(&mut self, reference: &str, from: &str, at: &str) -> Option<(String, String)> {
        let problem = |message: String| Diagnostic::new(from, at, message);
        if reference.contains("://") || reference.starts_with("//") {
            self.problems.push(problem(format!(
                "`{reference}` is a URL; the generator reads local files only, never the network: download the file and refer to it by a relative path"
            )));
            return None;
        }
        let (path, fragment) = match reference.split_once('#') {
            Some((path, fragment)) => (path, percent_decode(fragment)),
            None => (reference, String::new()),
        };
        if !fragment.is_empty() && !fragment.starts_with('/') {
            self.problems.push(problem(format!(
                "`{reference}`: only JSON pointer fragments (`#/...`) are supported"
            )));
            return None;
        }
        let file = if path.is_empty() {
            from.to_owned()
        } else if path.starts_with('/') || path.contains(':') {
            self.problems.push(problem(format!(
                "`{reference}` is an absolute path; refer to other files relative to the file that refers to them"
            )));
            return None;
        } else {
            join(from, &percent_decode(path))
        };
        Some((file, fragment))
    }

    /// Whether `file` has something at `fragment`, reading the file on first use; when it
    /// has not, the reference at `at` in `from` is reported.
    fn exists(
        &mut self,
        file: &str,
        fragment: &str,
        reference: &str,
        from: &str,
        at: &str,
    ) -> bool {
        self.missing = None;
        if !self.documents.contains_key(file) {
            let parsed = match self.files.read(file) {
                Ok(text) => match parse_text_noting(file, &text) {
                    Ok((mut json, rounded)) => match self.overlays.apply(file, &mut json) {
                        Ok(warnings) => {
                            self.overlaid.extend(rounded);
                            self.overlaid.extend(warnings);
                            Some(json)
                        }
                        Err(problems) => {
                            self.problems.extend(problems);
                            None
                        }
                    },
                    Err(problems) => {
                        self.problems.extend(problems);
                        None
                    }
                },
                Err(error) => {
                    self.problems.push(Diagnostic::new(
                        from,
                        at,
                        format!(
                            "`{reference}` names `{file}`, which cannot be read: {error}{}",
                            self.nearest_file(file)
                        ),
                    ));
                    None
                }
            };
            self.documents.insert(file.to_owned(), parsed);
        }
        let Some(Some(document)) = self.documents.get(file) else {
            // Reported when it was read.
            return false;
        };
        if document.pointer(fragment).is_some() {
            return true;
        }
        let message = if file == from {
            format!("reference `{reference}` points to nothing")
        } else {
            format!(
                "reference `{reference}` points to nothing: `{file}` has nothing at `#{fragment}`"
            )
        };
        // It costs what uses it, which lowering finds out: kept aside, not a problem of the document.
        self.missing = Some(Diagnostic::new(from, at, message));
        false
    }

    fn value_at(&self, file: &str, fragment: &str) -> Option<&Json> {
        self.documents.get(file)?.as_ref()?.pointer(fragment)
    }

    /// Gives every target its component key: a schema's `title`; else the key it has in its
    /// file's components; else the file's name, split into words when it is written without
    /// separators, as SailPoint's are (`lifecyclestate.yaml`). The words come from the
    /// identifiers of the file and of the files that refer to it, or, when those do not
    /// cover the name, of every file of the document.
    fn name_targets(&mut self, root: &Json) {
        let mut taken: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
        for section in SECTIONS {
            let keys = root
                .pointer(&pointer_push("/components", section))
                .and_then(Json::as_object)
                .map(|map| map.keys().cloned().collect())
                .unwrap_or_default();
            taken.insert(section, keys);
        }
        let mut words_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (file, document) in &self.documents {
            let mut words = BTreeSet::new();
            if let Some(document) = document {
                collect_words(document, &mut words);
            }
            words_of.insert(file.clone(), words);
        }
        let every_word: BTreeSet<String> = words_of.values().flatten().cloned().collect();
        let mut keys = Vec::new();
        for (target, info) in &self.targets {
            let content = self.value_at(&target.file, &target.fragment);
            let title = content
                .and_then(|content| content.get("title"))
                .and_then(Json::as_str)
                .filter(|title| target.section == "schemas" && type_name(title) != "Empty");
            let tokens: Vec<String> = pointer_tokens(&target.fragment).collect();
            let component_key = match tokens.as_slice() {
                [components, _, key] if components == "components" => Some(key.clone()),
                [definitions, key] if definitions == "definitions" => Some(key.clone()),
                _ => None,
            };
            let wanted = if let Some(key) = component_key {
                key
            } else if let Some(title) = title {
                type_name(title)
            } else {
                let local: BTreeSet<String> = std::iter::once(&target.file)
                    .chain(&info.referrers)
                    .filter_map(|file| words_of.get(file))
                    .flatten()
                    .cloned()
                    .collect();
                // Only a schema's key becomes a type name; other components keep their
                // file's name, as a status code (`401.yaml`) must stay one.
                let from_file = if target.section == "schemas" {
                    name_from_file(&target.file, &local, &every_word)
                } else {
                    file_stem(&target.file).to_owned()
                };
                match tokens.last() {
                    Some(last) => format!("{from_file}{}", type_name(last)),
                    None => from_file,
                }
            };
            let section_taken = taken.entry(target.section).or_default();
            let mut key = wanted.clone();
            let mut counter = 2;
            while section_taken.contains(&key) {
                key = format!("{wanted}{counter}");
                counter += 1;
            }
            section_taken.insert(key.clone());
            keys.push(key);
        }
        for ((_, info), key) in self.targets.iter_mut().zip(keys) {
            info.key = key;
        }
    }
}

/// References to places that are not components (`#/components/schemas/Tag/allOf/0`, a
/// response's schema under `#/paths/...`, from a `$ref` or a discriminator's mapping) are
/// resolved by making the place a component: its content moves to
/// `#/components/{section}/{name}`, the place itself and every reference to it then name that
/// component, so the place and its references are one type however many reach it. The name is
/// the schema's `title`, or made from the place (`TagAllOf0`, `ListPets200Response`). A
/// target that is not the kind of object the reference needs is left alone for lowering to
/// report where it is used.
pub(crate) fn hoist_pointer_targets(document: &mut Json, origins: &mut Origins) {
    let mut places: BTreeMap<String, Kind> = BTreeMap::new();
    // (kind needed, pointer of the `$ref` string or mapping value, target fragment)
    let mut references: Vec<(Kind, String, String)> = Vec::new();
    let mut stack = vec![(Kind::Root, String::new())];
    while let Some((kind, pointer)) = stack.pop() {
        let Some(value) = document.pointer(&pointer) else {
            continue;
        };
        places.insert(pointer.clone(), kind);
        if let Some(reference) = value.get("$ref").and_then(Json::as_str)
            && kind != Kind::Root
        {
            if let Some(fragment) = reference.strip_prefix('#') {
                references.push((
                    kind,
                    pointer_push(&pointer, "$ref"),
                    percent_decode(fragment),
                ));
            }
            continue;
        }
        if kind == Kind::Schema
            && let Some(Json::Object(mapping)) = value.pointer("/discriminator/mapping")
        {
            for (key, target) in mapping {
                if let Some(fragment) = target.as_str().and_then(|target| target.strip_prefix('#'))
                {
                    references.push((
                        kind,
                        pointer_push(
                            &pointer_push(&pointer_push(&pointer, "discriminator"), "mapping"),
                            key,
                        ),
                        percent_decode(fragment),
                    ));
                }
            }
        }
        for (child_kind, _, child_pointer) in kind.children(value, &pointer) {
            stack.push((child_kind, child_pointer));
        }
    }
    // Each target once, with the section it joins.
    let mut targets: BTreeMap<String, &'static str> = BTreeMap::new();
    for (kind, _, fragment) in &references {
        let Some(section) = section_of(*kind) else {
            continue;
        };
        let tokens: Vec<String> = pointer_tokens(fragment).collect();
        let is_component = matches!(tokens.as_slice(), [components, found, _] if components == "components" && found == section);
        if is_component || places.get(fragment) != Some(kind) {
            continue;
        }
        targets.insert(fragment.clone(), section);
    }
    if targets.is_empty() {
        return;
    }
    let mut taken: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
    for section in SECTIONS {
        let keys = document
            .pointer(&pointer_push("/components", section))
            .and_then(Json::as_object)
            .map(|map| map.keys().cloned().collect())
            .unwrap_or_default();
        taken.insert(section, keys);
    }
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for (fragment, section) in &targets {
        let wanted = hoisted_name(document, fragment, section);
        let section_taken = taken.entry(section).or_default();
        let mut key = wanted.clone();
        let mut counter = 2;
        while section_taken.contains(&key) {
            key = format!("{wanted}{counter}");
            counter += 1;
        }
        section_taken.insert(key.clone());
        names.insert(fragment.clone(), key);
    }
    let component = |fragment: &str| -> Option<String> {
        let section = targets.get(fragment)?;
        let key = names.get(fragment)?;
        Some(format!(
            "#{}",
            pointer_push(&pointer_push("/components", section), key)
        ))
    };
    // Every reference first, while every place is where it was; then the contents, deepest
    // first, so a place inside another moves before the one holding it.
    for (_, at, fragment) in &references {
        if let Some(new) = component(fragment)
            && let Some(slot) = document.pointer_mut(at)
        {
            *slot = Json::String(new);
        }
    }
    let mut order: Vec<&String> = targets.keys().collect();
    order.sort_by_key(|fragment| std::cmp::Reverse(pointer_tokens(fragment).count()));
    for fragment in order {
        let (Some(reference), Some(section), Some(key)) = (
            component(fragment),
            targets.get(fragment),
            names.get(fragment),
        ) else {
            continue;
        };
        let Some(slot) = document.pointer_mut(fragment) else {
            continue;
        };
        let content = std::mem::replace(slot, serde_json::json!({ "$ref": reference }));
        let (file, inner) = origins.locate(fragment);
        origins.parts.push((
            pointer_push(&pointer_push("/components", section), key),
            file,
            inner,
        ));
        insert_component(document, section, key, content);
    }
}

/// The component key of a place made a component: a schema's `title`, or the words of the
/// place, an operation named by its `operationId`.
fn hoisted_name(document: &Json, fragment: &str, section: &str) -> String {
    let title = document
        .pointer(fragment)
        .and_then(|value| value.get("title"))
        .and_then(Json::as_str)
        .filter(|title| {
            section == "schemas" && !type_name(title).is_empty() && type_name(title) != "Empty"
        });
    if let Some(title) = title {
        return type_name(title);
    }
    let tokens: Vec<String> = pointer_tokens(fragment).collect();
    let mut words: Vec<String> = Vec::new();
    let mut response = false;
    let mut index = 0;
    while index < tokens.len() {
        let token = tokens[index].as_str();
        match token {
            "components" if index == 0 => index += 1,
            "paths" if index == 0 => {
                let path = tokens.get(1).map_or("", String::as_str);
                let method = tokens.get(2).map_or("", String::as_str);
                let operation_id = document
                    .pointer(&pointer_push(&pointer_push("/paths", path), method))
                    .and_then(|operation| operation.get("operationId"))
                    .and_then(Json::as_str);
                match operation_id {
                    Some(id) => {
                        words.push(id.to_owned());
                        index += 2;
                    }
                    None => {
                        words.push(path.replace(['/', '{', '}'], " "));
                        index += 1;
                    }
                }
            }
            "responses" => response = true,
            "content" | "schema" | "properties" | "schemas" => {}
            _ if token.contains('/') => {}
            other => words.push(other.to_owned()),
        }
        index += 1;
    }
    if response {
        words.push("Response".to_owned());
    }
    let name = type_name(&words.join(" "));
    if name.is_empty() || name == "Empty" {
        "Schema".to_owned()
    } else {
        name
    }
}

const SECTIONS: [&str; 6] = [
    "schemas",
    "parameters",
    "requestBodies",
    "responses",
    "headers",
    "securitySchemes",
];

/// The components section an object of this kind lives in, when it can be a component.
fn section_of(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Schema => Some("schemas"),
        Kind::Parameter => Some("parameters"),
        Kind::RequestBody => Some("requestBodies"),
        Kind::Response => Some("responses"),
        Kind::Header => Some("headers"),
        Kind::SecurityScheme => Some("securitySchemes"),
        _ => None,
    }
}

fn section_kind(section: &str) -> Kind {
    match section {
        "parameters" => Kind::Parameter,
        "requestBodies" => Kind::RequestBody,
        "responses" => Kind::Response,
        "headers" => Kind::Header,
        "securitySchemes" => Kind::SecurityScheme,
        _ => Kind::Schema,
    }
}

fn reference_of(value: &Json) -> Option<String> {
    value.get("$ref").and_then(Json::as_str).map(str::to_owned)
}

fn set_reference(value: &mut Json, reference: String) {
    if let Json::Object(map) = value {
        map.insert("$ref".to_owned(), Json::String(reference));
    }
}

/// Puts `value` in `#/components/{section}/{key}`, making the maps it needs.
fn insert_component(document: &mut Json, section: &str, key: &str, value: Json) {
    let Json::Object(root) = document else {
        return;
    };
    let components = root
        .entry("components")
        .or_insert_with(|| Json::Object(serde_json::Map::new()));
    let Json::Object(components) = components else {
        return;
    };
    let section = components
        .entry(section)
        .or_insert_with(|| Json::Object(serde_json::Map::new()));
    if let Json::Object(section) = section {
        section.insert(key.to_owned(), value);
    }
}

/// `relative` (with `/` separators) resolved against the directory of `from`, with `.` and
/// `..` taken out where they can be.
pub fn join(from: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts
                    .last()
                    .is_some_and(|last| *last != ".." && !last.is_empty())
                {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    if from.starts_with('/') && !joined.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

/// The words of every identifier in a file: the keys of its objects and the values of
/// `operationId`, `name`, `title` and `tags`. Prose and references are left out: prose
/// brings every short word of the language, and references spell file names run together.
fn collect_words(value: &Json, words: &mut BTreeSet<String>) {
    let mut add = |identifier: &str| {
        for word in identifier_words(identifier) {
            if word.len() >= 2 && word.chars().all(|ch| ch.is_ascii_alphabetic()) {
                words.insert(word);
            }
        }
    };
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Json::Object(map) => {
                for (key, item) in map {
                    if key == "$ref" || key == "description" || key == "example" {
                        continue;
                    }
                    add(key);
                    match (key.as_str(), item) {
                        ("operationId" | "name" | "title", Json::String(text)) => add(text),
                        ("tags", Json::Array(tags)) => {
                            tags.iter().filter_map(Json::as_str).for_each(&mut add);
                        }
                        _ => {}
                    }
                    stack.push(item);
                }
            }
            Json::Array(items) => stack.extend(items),
            _ => {}
        }
    }
}

/// A component key from a file's name: `task-status.yaml` gives `TaskStatus`, and
/// `lifecyclestate.yaml` gives `LifecycleState` when the words `lifecycle` and `state` are
/// known (the file's own name never counts as a known word).
fn name_from_file(file: &str, local: &BTreeSet<String>, every: &BTreeSet<String>) -> String {
    let stem = file_stem(file);
    let run_together = !stem.is_empty()
        && stem
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit());
    if run_together {
        let without_stem = |words: &BTreeSet<String>| {
            let mut words = words.clone();
            words.remove(stem);
            words
        };
        let split = split_run_together(stem, &without_stem(local))
            .or_else(|| split_run_together(stem, &without_stem(every)));
        if let Some(words) = split {
            return type_name(&words.join(" "));
        }
    }
    type_name(stem)
}

/// A file's name without its directory and extensions.
fn file_stem(file: &str) -> &str {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.split('.').next().unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelled_file_name_gets_the_nearest_file_beside_it() {
        let files: std::collections::BTreeMap<String, String> = [
            ("openapi.yaml", "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: './parts/shcemas.yaml#/A'}\n"),
            ("parts/schemas.yaml", "A: {type: string}\n"),
            ("parts/paths.yaml", "{}\n"),
        ]
        .into_iter()
        .map(|(path, text)| (path.to_owned(), text.to_owned()))
        .collect();
        let input = crate::SpecInput::new("openapi.yaml", Some("v1"), &files["openapi.yaml"]);
        let error = match crate::lower_all(&[input], &files) {
            Ok(_) => String::new(),
            Err(error) => error.to_string(),
        };
        assert!(
            error.contains(
                "`./parts/shcemas.yaml#/A` names `parts/shcemas.yaml`, which cannot be read: no such file (did you mean `parts/schemas.yaml`?)"
            ),
            "{error}"
        );
    }

    #[test]
    fn relative_paths_resolve_against_the_referring_file() {
        assert_eq!(
            join("apis/tasks/paths/a.yaml", "../../shared/b.yaml"),
            "apis/shared/b.yaml"
        );
        assert_eq!(join("openapi.yaml", "./paths/a.yaml"), "paths/a.yaml");
        assert_eq!(join("openapi.yaml", "../shared/a.yaml"), "../shared/a.yaml");
        assert_eq!(join("../x/openapi.yaml", "../../y.yaml"), "../../y.yaml");
        assert_eq!(join("/abs/dir/a.yaml", "../b.yaml"), "/abs/b.yaml");
    }

    #[test]
    fn fragments_are_percent_decoded() {
        assert_eq!(percent_decode("/a%20b/%7Bid%7D"), "/a b/{id}");
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn file_names_take_words_from_the_documents_identifiers() {
        let words = |list: &[&str]| list.iter().map(|word| (*word).to_owned()).collect();
        let local = words(&["lifecycle", "state", "states", "technical", "name"]);
        assert_eq!(
            name_from_file("schemas/lifecyclestate.yaml", &local, &local),
            "LifecycleState"
        );
        assert_eq!(
            name_from_file("schemas/task-status.yaml", &local, &local),
            "TaskStatus"
        );
        assert_eq!(
            name_from_file("schemas/unknownthing.yaml", &local, &local),
            "Unknownthing"
        );
        let with_stem = words(&["lifecyclestate", "lifecycle", "state"]);
        assert_eq!(
            name_from_file("lifecyclestate.json", &with_stem, &with_stem),
            "LifecycleState"
        );
    }
}
