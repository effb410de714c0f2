//! Generation never panics: a property test that takes the fixtures and the project's specs,
//! breaks them (drops keys, swaps types, grafts one part of the document onto another, breaks
//! references, renames keys, cuts or corrupts the text) and checks that generating from the
//! result returns `Ok` or `Err`, never a panic (security schemes of every kind among the
//! mutations). The seeds include the fixtures written in
//! OpenAPI 3.1 (`tests/fixtures/v31_*.yaml`), the mutations put 3.1's forms in (type arrays,
//! `const`, numeric exclusive bounds, boolean schemas, webhooks...) and the forms of issue 21
//! (numbers wider than 64 bits, references to any JSON pointer, redirect-only and `default`-only
//! responses, `const` alternatives, documentation that is not text), and a third of the cases
//! read a 3.0 seed as 3.1.
//!
//! A second property test does the same to a spec split across files: the multi-file fixture
//! (`tests/fixtures/multi_file/`) and the shared files it refers to (`tests/fixtures/shared/`),
//! held in memory by path. It breaks one file of the set, with the same mutations or with
//! ones only references across files allow (a reference to a missing file, a URL, an absolute
//! path, the file itself, another file of the set, a fragment that is not there; a file taken
//! out, emptied, or made a bare reference), and also checks that every diagnostic names a file
//! of the set.
//!
//! A third applies an overlay to the multi-file set: actions whose targets name nodes of one of
//! its files (or are JSONPath queries of every kind, or not JSONPath at all), which update them
//! with any value or remove them, the overlay itself then broken like a spec.
//!
//! Each runs 64 cases by default so `cargo test` stays fast; run them longer with, for example,
//! `PROPTEST_CASES=5000 cargo test -p sailpoint-codegen --release --test never_panics`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use sailpoint_codegen::load::bundle::join;
use sailpoint_codegen::{Settings, SpecInput, generate, generate_with_files};
use serde_json::{Value as Json, json};

/// Every fixture and project spec, parsed, with its name.
fn seeds() -> &'static [(String, Json)] {
    static SEEDS: OnceLock<Vec<(String, Json)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = Vec::new();
        for dir in [
            manifest.join("tests/fixtures"),
            manifest.join("../spec/v3"),
            manifest.join("../spec/v2024"),
        ] {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|ext| ext == "yaml") {
                    paths.push(path);
                }
            }
        }
        paths.sort();
        paths
            .into_iter()
            .map(|path| {
                let text = std::fs::read_to_string(&path).unwrap();
                // A seed with integers wider than 64 bits (`big_numbers.yaml`) is read the way
                // the generator reads it, which rounds them.
                let value: Json = serde_yaml::from_str(&text).unwrap_or_else(|_| {
                    sailpoint_codegen::load::load("seed.yaml", &text, &sailpoint_codegen::NoFiles)
                        .map(|document| document.raw)
                        .unwrap()
                });
                (
                    path.file_name().unwrap().to_string_lossy().into_owned(),
                    value,
                )
            })
            .collect()
    })
}

/// Values put in place of others: every JSON type, and shapes that mean something in OpenAPI.
fn replacement(choice: usize) -> Json {
    let values = [
        Json::Null,
        json!(true),
        json!(0),
        json!(-1),
        json!(70000),
        json!(1.5),
        json!(""),
        json!("x"),
        json!("string"),
        json!("object"),
        json!("{id}"),
        json!("#/components/schemas/Missing"),
        json!([]),
        json!([1, "a", null]),
        json!({}),
        json!({"type": "string", "enum": ["a", null]}),
        json!({"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}}),
        json!({"$ref": "#/components/schemas/X"}),
        json!({"oneOf": [{"type": "string"}, {"$ref": "#/x"}], "discriminator": {"propertyName": "type"}}),
        json!({"allOf": [{"type": "integer"}, {"type": "object"}, {"nullable": true}]}),
        json!({"type": "array", "items": {"$ref": "#/components/schemas/A"}}),
        json!({"name": "id", "in": "path", "schema": {"type": "object"}}),
        json!({"application/json": {"schema": {"type": "string", "format": "binary"}}}),
        json!({"multipart/form-data": {"schema": {"type": "object", "additionalProperties": true}}}),
        // OpenAPI 3.1's forms, which the seeds written in 3.1 are rewritten from.
        json!(["string", "null"]),
        json!(["null"]),
        json!(["integer", "array", "object", "null"]),
        json!({"type": ["number", "string"], "items": {}, "minimum": 1}),
        json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]}),
        json!({"oneOf": [{"type": "null"}, {"const": null}]}),
        json!({"const": {"a": 1}}),
        json!({"exclusiveMinimum": 5, "minimum": 7, "exclusiveMaximum": "x"}),
        json!({"contentEncoding": "base64", "contentMediaType": 3}),
        json!({"prefixItems": [true, false], "patternProperties": {"a": false, "b": {}}}),
        json!({"$ref": "#/components/pathItems/Missing"}),
        json!({"w": {"post": {"responses": {}}}}),
        json!(false),
        // Numbers wider than `openapiv3` holds, references to any place, redirects and
        // defaults as the only responses, `const` alternatives, documentation that is not text.
        json!(u64::MAX),
        json!(-1.0e30),
        json!({"type": "integer", "maximum": u64::MAX, "minimum": 0.5, "multipleOf": 1.0e40, "minLength": -3}),
        json!({"$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema"}),
        // Parameter styles, nesting deeper than a style writes, unions and `content`.
        json!("deepObject"),
        json!("matrix"),
        json!("label"),
        json!("pipeDelimited"),
        json!({"name": "f", "in": "query", "style": "deepObject", "explode": false, "schema": {"type": "object", "properties": {"a": {"type": "array", "items": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/A"}}}}}}),
        json!({"name": "p", "in": "path", "required": true, "style": "matrix", "explode": true, "schema": {"oneOf": [{"type": "integer"}, {"type": "array", "items": {"type": "array", "items": {}}}]}}),
        json!({"name": "q", "in": "query", "style": "spaceDelimited", "allowReserved": true, "schema": {"anyOf": [{"type": "string"}, {"type": "object", "properties": {"n": {"type": "object"}}}]}}),
        json!({"name": "c", "in": "cookie", "required": true, "content": {"text/csv": {"schema": {"type": "string"}}}}),
        json!({"name": "h", "in": "header", "content": {"application/json": {}, "text/plain": {}}}),
        json!({"name": "e", "in": "query", "content": {}}),
        json!({"$ref": "#/components/schemas/A/allOf/0"}),
        json!({"$ref": "#/info"}),
        json!({"302": {"description": "moved", "headers": {"Location": {"schema": {"type": "string"}}}}}),
        json!({"default": {"description": "any", "content": {"application/json": {"schema": {}}}}}),
        json!({"type": "integer", "oneOf": [{"const": 0, "title": "ZERO"}, {"const": 1, "title": "ONE"}]}),
        json!({"oneOf": [{"const": "a", "title": "A"}, {"const": "b"}, {"const": "a"}]}),
        json!({"oneOf": [{"const": -1, "title": "Unknown"}, {"const": -1}, {"const": "a"}]}),
        json!({"oneOf": [{"const": 9223372036854775807_i64}, {"const": 1.5}, {"enum": [0, 1]}]}),
        json!({"allOf": [{"type": "object"}, {"type": "object", "properties": {"a": {"type": "string"}}}, {"properties": {"a": {"type": "integer", "nullable": true}}}]}),
        json!({"description": {"$ref": "#/components/schemas/A"}, "summary": [1]}),
        json!({"url": "https://{v}.example.com", "variables": {"v": {"default": 5, "enum": [true, 5]}}}),
        // Security schemes of every kind, and requirements that combine them.
        json!({"type": "http", "scheme": "basic"}),
        json!({"type": "http", "scheme": "Digest"}),
        json!({"type": "http", "scheme": "two words"}),
        json!({"type": "apiKey", "in": "header", "name": "bad header"}),
        json!({"type": "apiKey", "in": "cookie", "name": ""}),
        json!({"type": "apiKey", "in": "query", "name": "key"}),
        json!({"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "not a url", "scopes": {}}}}),
        json!({"type": "oauth2", "flows": {}}),
        json!({"type": "openIdConnect", "openIdConnectUrl": 5}),
        json!({"$ref": "#/components/securitySchemes/Missing"}),
        json!([{}, {"basic": [], "bearer": ["a"]}, {"key": [], "missing": []}]),
    ];
    values[choice % values.len()].clone()
}

fn key(choice: usize) -> &'static str {
    const KEYS: &[&str] = &[
        "type",
        "items",
        "allOf",
        "oneOf",
        "anyOf",
        "nullable",
        "enum",
        "required",
        "properties",
        "discriminator",
        "in",
        "style",
        "$ref",
        "content",
        "schema",
        "additionalProperties",
        "default",
        "format",
        "security",
        "operationId",
        "responses",
        "requestBody",
        "explode",
        "allowReserved",
        "readOnly",
        "parameters",
        "200",
        "default",
        "x-extra",
        "/new/{path}",
        "A",
        "const",
        "examples",
        "exclusiveMinimum",
        "contentMediaType",
        "prefixItems",
        "patternProperties",
        "webhooks",
        "pathItems",
        "jsonSchemaDialect",
        "if",
        "maximum",
        "multipleOf",
        "minLength",
        "info",
        "servers",
        "tags",
        "title",
        "version",
        "302",
        "mapping",
        "description",
        "securitySchemes",
        "scheme",
        "flows",
        "tokenUrl",
        "name",
    ];
    KEYS[choice % KEYS.len()]
}

#[derive(Debug, Clone)]
enum Mutation {
    Drop {
        node: usize,
        which: usize,
    },
    Replace {
        node: usize,
        with: usize,
    },
    Graft {
        node: usize,
        from: usize,
    },
    Insert {
        node: usize,
        key: usize,
        with: usize,
    },
    Rename {
        node: usize,
        which: usize,
        key: usize,
    },
    BreakRef {
        node: usize,
        with: usize,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<usize>()).prop_map(|(node, which)| Mutation::Drop { node, which }),
        (any::<usize>(), any::<usize>()).prop_map(|(node, with)| Mutation::Replace { node, with }),
        (any::<usize>(), any::<usize>()).prop_map(|(node, from)| Mutation::Graft { node, from }),
        (any::<usize>(), any::<usize>(), any::<usize>())
            .prop_map(|(node, key, with)| Mutation::Insert { node, key, with }),
        (any::<usize>(), any::<usize>(), any::<usize>())
            .prop_map(|(node, which, key)| Mutation::Rename { node, which, key }),
        (any::<usize>(), any::<usize>()).prop_map(|(node, with)| Mutation::BreakRef { node, with }),
    ]
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// The paths to every node, in document order (the root first).
fn node_paths(value: &Json) -> Vec<Vec<Step>> {
    fn walk(value: &Json, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        out.push(path.clone());
        match value {
            Json::Object(map) => {
                for (key, child) in map {
                    path.push(Step::Key(key.clone()));
                    walk(child, path, out);
                    path.pop();
                }
            }
            Json::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    path.push(Step::Index(index));
                    walk(child, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

fn node_mut<'v>(value: &'v mut Json, path: &[Step]) -> &'v mut Json {
    let mut current = value;
    for step in path {
        current = match (current, step) {
            (Json::Object(map), Step::Key(key)) => map.get_mut(key).unwrap(),
            (Json::Array(items), Step::Index(index)) => &mut items[*index],
            _ => unreachable!("paths come from the same value"),
        };
    }
    current
}

fn apply(document: &mut Json, mutation: &Mutation) {
    let paths = node_paths(document);
    let pick = |index: usize| paths[index % paths.len()].clone();
    match mutation {
        Mutation::Drop { node, which } => match node_mut(document, &pick(*node)) {
            Json::Object(map) if !map.is_empty() => {
                let key = map.keys().nth(which % map.len()).unwrap().clone();
                map.remove(&key);
            }
            Json::Array(items) if !items.is_empty() => {
                items.remove(which % items.len());
            }
            _ => {}
        },
        Mutation::Replace { node, with } => *node_mut(document, &pick(*node)) = replacement(*with),
        Mutation::Graft { node, from } => {
            let copied = node_mut(document, &pick(*from)).clone();
            *node_mut(document, &pick(*node)) = copied;
        }
        Mutation::Insert {
            node,
            key: chosen,
            with,
        } => {
            if let Json::Object(map) = node_mut(document, &pick(*node)) {
                map.insert(key(*chosen).to_owned(), replacement(*with));
            }
        }
        Mutation::Rename {
            node,
            which,
            key: chosen,
        } => {
            if let Json::Object(map) = node_mut(document, &pick(*node))
                && !map.is_empty()
            {
                let old = map.keys().nth(which % map.len()).unwrap().clone();
                let moved = map.remove(&old).unwrap();
                map.insert(key(*chosen).to_owned(), moved);
            }
        }
        Mutation::BreakRef { node, with } => {
            let targets = [
                "#/components/schemas/Missing",
                "other.yaml#/A",
                "#/",
                "",
                "#/components/responses/x/y",
                "#/components/schemas/Node",
            ];
            if let Json::Object(map) = node_mut(document, &pick(*node)) {
                map.insert("$ref".to_owned(), json!(targets[with % targets.len()]));
            }
        }
    }
}

#[derive(Debug, Clone)]
enum TextDamage {
    None,
    Cut(usize),
    Insert(usize, char),
}

fn text_damage() -> impl Strategy<Value = TextDamage> {
    prop_oneof![
        6 => Just(TextDamage::None),
        1 => any::<usize>().prop_map(TextDamage::Cut),
        1 => (any::<usize>(), prop::sample::select(vec!['{', '}', '[', ':', '\'', '"', '\n', '\t', '&', '*', '!', '\u{e9}']))
            .prop_map(|(at, ch)| TextDamage::Insert(at, ch)),
    ]
}

fn damage(text: String, how: &TextDamage) -> String {
    let boundary = |at: usize| {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    match how {
        TextDamage::None => text,
        TextDamage::Cut(at) => text[..boundary(*at)].to_owned(),
        TextDamage::Insert(at, ch) => {
            let at = boundary(*at);
            format!("{}{ch}{}", &text[..at], &text[at..])
        }
    }
}

fn settings() -> Settings {
    Settings {
        package_name: "mutant".into(),
        package_version: "0.0.0".into(),
        generated_by: "never_panics".into(),
        ..Settings::default()
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generation_returns_ok_or_err_and_never_panics(
        seed in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..5),
        text in text_damage(),
    ) {
        let (name, original) = &seeds()[seed % seeds().len()];
        let mut document = original.clone();
        // A third of the time a seed is read as OpenAPI 3.1 whatever it says, so that every
        // seed, 3.0 ones included, also goes through the rewriting of 3.1 into 3.0.
        if seed % 3 == 0 && let Some(root) = document.as_object_mut() {
            root.insert("openapi".into(), json!("3.1.0"));
        }
        for mutation in &mutations {
            apply(&mut document, mutation);
        }
        // JSON is YAML too; half the time the text goes through YAML's own writer instead.
        let written = if seed % 2 == 0 {
            serde_json::to_string_pretty(&document).unwrap()
        } else {
            serde_yaml::to_string(&document).unwrap()
        };
        let input = SpecInput { file: name.clone(), module: Some("api".into()), contents: damage(written, &text), overlays: Vec::new() };
        let outcome = catch_unwind(AssertUnwindSafe(|| generate(&[input], &settings()).map(drop)));
        prop_assert!(outcome.is_ok(), "generation panicked on {} after {:?} and {:?}", name, mutations, text);
    }
}

// A spec split across files.

/// The multi-file fixture's entry document.
const ENTRY: &str = "tests/fixtures/multi_file/openapi.yaml";

/// Every file of the multi-file fixture and of the shared files it refers to, by its path
/// relative to the crate with `/` separators, which is how the generator asks for it.
fn file_set() -> &'static BTreeMap<String, String> {
    static FILES: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    FILES.get_or_init(|| {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = BTreeMap::new();
        let mut pending = vec![
            "tests/fixtures/multi_file".to_owned(),
            "tests/fixtures/shared".to_owned(),
        ];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(manifest.join(&dir)).unwrap() {
                let entry = entry.unwrap();
                let path = format!("{dir}/{}", entry.file_name().to_string_lossy());
                if entry.file_type().unwrap().is_dir() {
                    pending.push(path);
                } else {
                    files.insert(path, std::fs::read_to_string(entry.path()).unwrap());
                }
            }
        }
        assert!(files.contains_key(ENTRY), "the fixture set has no {ENTRY}");
        files
    })
}

/// The path of the set's file at `index` (wrapping around).
fn file_at(index: usize) -> &'static str {
    let files = file_set();
    files.keys().nth(index % files.len()).unwrap()
}

fn is_json(path: &str) -> bool {
    path.ends_with(".json")
}

/// A file of the set, parsed as the format its name says.
fn parse(path: &str, text: &str) -> Json {
    if is_json(path) {
        serde_json::from_str(text).unwrap()
    } else {
        serde_yaml::from_str(text).unwrap()
    }
}

/// A file's value written back in the format its name says.
fn write(path: &str, value: &Json) -> String {
    if is_json(path) {
        serde_json::to_string_pretty(value).unwrap()
    } else {
        serde_yaml::to_string(value).unwrap()
    }
}

/// The reference from the file `from` to the file `to`, relative as a spec would write it
/// (`./a.yaml`, `../../shared/b.yaml`).
fn relative(from: &str, to: &str) -> String {
    let mut from_dirs: Vec<&str> = from.split('/').collect();
    from_dirs.pop();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len() - 1);
    let ups = from_dirs.len() - common;
    let mut parts = if ups == 0 { vec!["."] } else { vec![".."; ups] };
    parts.extend(&to_parts[common..]);
    parts.join("/")
}

/// A JSON pointer to the node at `path`, as a reference's fragment writes it.
fn pointer(path: &[Step]) -> String {
    path.iter()
        .map(|step| match step {
            Step::Key(key) => format!("/{}", key.replace('~', "~0").replace('/', "~1")),
            Step::Index(index) => format!("/{index}"),
        })
        .collect()
}

/// Where a rewritten reference points.
#[derive(Debug, Clone)]
enum Target {
    /// A file next to the referring one that is not in the set.
    Missing,
    /// A file on the network.
    Url,
    /// An absolute path, one of several spellings.
    Absolute(usize),
    /// The referring file itself: `#`, or `./<own name>`.
    Itself { by_name: bool },
    /// The whole of a file of the set (possibly the referring one), making cycles across files.
    File(usize),
    /// Any place in a file of the set, so one file's part stands where another kind belongs.
    Place { file: usize, node: usize },
    /// A fragment that a file of the set does not have.
    NoSuchFragment(usize),
    /// A path or fragment that is odd in itself.
    Odd(usize),
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        1 => Just(Target::Missing),
        1 => Just(Target::Url),
        1 => any::<usize>().prop_map(Target::Absolute),
        1 => any::<bool>().prop_map(|by_name| Target::Itself { by_name }),
        2 => any::<usize>().prop_map(Target::File),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(file, node)| Target::Place { file, node }),
        1 => any::<usize>().prop_map(Target::NoSuchFragment),
        1 => any::<usize>().prop_map(Target::Odd),
    ]
}

impl Target {
    /// The reference text, written in the file `from`.
    fn reference(&self, from: &str) -> String {
        let own_name = from.rsplit('/').next().unwrap();
        match self {
            Target::Missing => "./missing.yaml".to_owned(),
            Target::Url => "https://example.com/x.yaml".to_owned(),
            Target::Absolute(choice) => {
                let absolute =
                    std::path::absolute(Path::new(env!("CARGO_MANIFEST_DIR")).join(from))
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/");
                let spellings = [
                    format!("/{from}"),
                    absolute,
                    "/etc/x.yaml".to_owned(),
                    "C:/specs/x.yaml".to_owned(),
                    "C:\\specs\\x.yaml".to_owned(),
                    "file:///x.yaml".to_owned(),
                    "//host/x.yaml".to_owned(),
                ];
                spellings[choice % spellings.len()].clone()
            }
            Target::Itself { by_name: false } => "#".to_owned(),
            Target::Itself { by_name: true } => format!("./{own_name}"),
            Target::File(file) => relative(from, file_at(*file)),
            Target::Place { file, node } => {
                let to = file_at(*file);
                let paths = node_paths(&parse(to, &file_set()[to]));
                let fragment = pointer(&paths[node % paths.len()]);
                format!("{}#{fragment}", relative(from, to))
            }
            Target::NoSuchFragment(file) => format!("{}#/nope", relative(from, file_at(*file))),
            Target::Odd(choice) => {
                let odd = [
                    "",
                    ".",
                    "..",
                    "./",
                    "./paths/",
                    "../../../../../../../outside.yaml",
                    "%2e%2e/%2e%2e/shared/schemas/datetime.yaml",
                    "a%zz.yaml",
                    "x.yaml#nope",
                    "#nope",
                    "#/",
                    "#/~2",
                    "#/components/schemas/%",
                    "./\u{e9}.yaml#/\u{e9}",
                ];
                odd[choice % odd.len()].to_owned()
            }
        }
    }
}

/// One change to a file's tree.
#[derive(Debug, Clone)]
enum Edit {
    /// One of the single-file mutations.
    Tree(Mutation),
    /// A reference (or, in a file without any, some object) made to point somewhere else.
    Retarget { node: usize, to: Target },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        mutation().prop_map(Edit::Tree),
        (any::<usize>(), target()).prop_map(|(node, to)| Edit::Retarget { node, to }),
    ]
}

/// What happens to the one file of the set that is broken.
#[derive(Debug, Clone)]
enum FileChange {
    /// Its tree edited (left as written when there are no edits) and its text damaged.
    Edit { edits: Vec<Edit>, text: TextDamage },
    /// Taken out of the set.
    Remove,
    /// Emptied.
    Empty,
    /// Nothing but a reference to a file of the set (possibly itself).
    BareRef(usize),
}

fn file_change() -> impl Strategy<Value = FileChange> {
    prop_oneof![
        8 => (prop::collection::vec(edit(), 0..4), text_damage())
            .prop_map(|(edits, text)| FileChange::Edit { edits, text }),
        1 => Just(FileChange::Remove),
        1 => Just(FileChange::Empty),
        1 => any::<usize>().prop_map(FileChange::BareRef),
    ]
}

fn retarget(document: &mut Json, from: &str, node: usize, to: &Target) {
    let paths = node_paths(document);
    let holding_refs: Vec<&Vec<Step>> = paths
        .iter()
        .filter(|path| {
            let mut value = &*document;
            for step in path.iter() {
                value = match (value, step) {
                    (Json::Object(map), Step::Key(key)) => &map[key],
                    (Json::Array(items), Step::Index(index)) => &items[*index],
                    _ => unreachable!("paths come from the same value"),
                };
            }
            value.get("$ref").is_some()
        })
        .collect();
    let chosen = if holding_refs.is_empty() {
        paths[node % paths.len()].clone()
    } else {
        holding_refs[node % holding_refs.len()].clone()
    };
    if let Json::Object(map) = node_mut(document, &chosen) {
        map.insert("$ref".to_owned(), json!(to.reference(from)));
    }
}

/// The set with the file at `file` changed, and that file's path.
fn changed_set(file: usize, change: &FileChange) -> (&'static str, BTreeMap<String, String>) {
    let path = file_at(file);
    let mut files = file_set().clone();
    match change {
        FileChange::Edit { edits, text } => {
            let written = if edits.is_empty() {
                files[path].clone()
            } else {
                let mut document = parse(path, &files[path]);
                for edit in edits {
                    match edit {
                        Edit::Tree(mutation) => apply(&mut document, mutation),
                        Edit::Retarget { node, to } => retarget(&mut document, path, *node, to),
                    }
                }
                write(path, &document)
            };
            files.insert(path.to_owned(), damage(written, text));
        }
        FileChange::Remove => {
            files.remove(path);
        }
        FileChange::Empty => {
            files.insert(path.to_owned(), String::new());
        }
        FileChange::BareRef(to) => {
            let reference = json!({ "$ref": relative(path, file_at(*to)) });
            files.insert(path.to_owned(), write(path, &reference));
        }
    }
    (path, files)
}

/// Generates from the set's entry document, reading the other files from `files`. The entry's
/// text comes from `files` too, or from the unbroken set when it was taken out of `files`.
fn generate_from(files: &BTreeMap<String, String>) -> Result<(), sailpoint_codegen::Error> {
    let contents = files
        .get(ENTRY)
        .unwrap_or_else(|| &file_set()[ENTRY])
        .clone();
    let input = SpecInput {
        file: ENTRY.into(),
        module: Some("multi_file".into()),
        contents,
        overlays: Vec::new(),
    };
    generate_with_files(&[input], files, &settings()).map(drop)
}

#[test]
fn relative_references_resolve_to_the_file_they_name() {
    for from in file_set().keys() {
        for to in file_set().keys() {
            assert_eq!(join(from, &relative(from, to)), *to, "from {from}");
        }
    }
}

#[test]
fn the_unbroken_set_generates() {
    if let Err(error) = generate_from(file_set()) {
        panic!("the multi-file fixture does not generate:\n{error}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generation_from_many_files_returns_ok_or_err_and_never_panics(
        file in any::<usize>(),
        change in file_change(),
    ) {
        let (path, files) = changed_set(file, &change);
        let outcome = catch_unwind(AssertUnwindSafe(|| generate_from(&files)));
        prop_assert!(outcome.is_ok(), "generation panicked after changing {} by {:?}", path, change);
        if let Ok(Err(error)) = outcome {
            for diagnostic in error.diagnostics() {
                prop_assert!(
                    file_set().contains_key(&diagnostic.file),
                    "the diagnostic `{}` names no file of the set, after changing {} by {:?}",
                    diagnostic, path, change
                );
            }
        }
    }
}

// An overlay on the multi-file set.

/// JSONPath queries beside the ones that name one node: wildcards, descendants, filters,
/// functions, and text that is no query.
const QUERIES: &[&str] = &[
    "$",
    "$.*",
    "$..*",
    "$..properties.*",
    "$..required[0]",
    "$..required[-1]",
    "$..[?@.type == 'string']",
    "$..[?length(@) > 2]",
    "$.paths[*][*].responses",
    "$..[?match(@, '[a-z]+')]",
    "$[",
    "",
    "components.schemas",
    "$.a[?@.b ==]",
];

/// A JSONPath naming the node at `path`.
fn query(path: &[Step]) -> String {
    path.iter().fold("$".to_owned(), |query, step| match step {
        Step::Key(key) => format!("{query}[{}]", Json::from(key.as_str())).replace('"', "'"),
        Step::Index(index) => format!("{query}[{index}]"),
    })
}

#[derive(Debug, Clone)]
struct OverlayAction {
    /// Which node of the target file (or, past them, which of [`QUERIES`]).
    node: usize,
    /// The update's value (see [`replacement`]), or a remove when `None`.
    update: Option<usize>,
}

fn overlay_action() -> impl Strategy<Value = OverlayAction> {
    (any::<usize>(), prop::option::of(any::<usize>()))
        .prop_map(|(node, update)| OverlayAction { node, update })
}

/// The overlay's text: its actions on the file at `file`, which `extends` names unless it is
/// the entry document, then broken by `mutations` and `text`.
fn overlay_text(
    file: usize,
    actions: &[OverlayAction],
    mutations: &[Mutation],
    text: &TextDamage,
) -> String {
    let target_file = file_at(file);
    let tree = parse(target_file, &file_set()[target_file]);
    let paths = node_paths(&tree);
    let actions: Vec<Json> = actions
        .iter()
        .map(|action| {
            let target = match paths.get(action.node % (paths.len() + QUERIES.len())) {
                Some(path) => query(path),
                None => QUERIES[action.node % QUERIES.len()].to_owned(),
            };
            match action.update {
                Some(choice) => json!({ "target": target, "update": replacement(choice) }),
                None => json!({ "target": target, "remove": true }),
            }
        })
        .collect();
    let mut overlay = json!({
        "overlay": "1.0.0",
        "info": { "title": "never panics", "version": "1.0.0" },
        "actions": actions,
    });
    const OVERLAY: &str = "tests/fixtures/multi_file/overlays/01-never-panics.yaml";
    if target_file != ENTRY {
        overlay["extends"] = json!(relative(OVERLAY, target_file));
    }
    for mutation in mutations {
        apply(&mut overlay, mutation);
    }
    damage(serde_yaml::to_string(&overlay).unwrap(), text)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generation_with_an_overlay_returns_ok_or_err_and_never_panics(
        file in any::<usize>(),
        actions in prop::collection::vec(overlay_action(), 1..4),
        mutations in prop::collection::vec(mutation(), 0..2),
        text in text_damage(),
    ) {
        let overlay = overlay_text(file, &actions, &mutations, &text);
        let input = SpecInput::new(ENTRY, Some("multi_file"), file_set()[ENTRY].clone())
            .with_overlay("tests/fixtures/multi_file/overlays/01-never-panics.yaml", overlay.clone());
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            generate_with_files(&[input], file_set(), &settings()).map(drop)
        }));
        prop_assert!(outcome.is_ok(), "generation panicked with the overlay {}", overlay);
    }
}
