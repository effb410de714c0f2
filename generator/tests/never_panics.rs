//! Generation never panics: a property test that takes the fixtures and the project's specs,
//! breaks them (drops keys, swaps types, grafts one part of the document onto another, breaks
//! references, renames keys, cuts or corrupts the text) and checks that generating from the
//! result returns `Ok` or `Err`, never a panic.
//!
//! It runs 64 cases by default so `cargo test` stays fast; run it longer with, for example,
//! `PROPTEST_CASES=5000 cargo test -p sailpoint-codegen --release --test never_panics`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use sailpoint_codegen::{Settings, SpecInput, generate};
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
                let value: Json = serde_yaml::from_str(&text).unwrap();
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
        "readOnly",
        "parameters",
        "200",
        "default",
        "x-extra",
        "/new/{path}",
        "A",
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
        for mutation in &mutations {
            apply(&mut document, mutation);
        }
        // JSON is YAML too; half the time the text goes through YAML's own writer instead.
        let written = if seed % 2 == 0 {
            serde_json::to_string_pretty(&document).unwrap()
        } else {
            serde_yaml::to_string(&document).unwrap()
        };
        let input = SpecInput { file: name.clone(), module: Some("api".into()), contents: damage(written, &text) };
        let settings = Settings {
            package_name: "mutant".into(),
            package_version: "0.0.0".into(),
            generated_by: "never_panics".into(),
            ..Settings::default()
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| generate(&[input], &settings).map(drop)));
        prop_assert!(outcome.is_ok(), "generation panicked on {} after {:?} and {:?}", name, mutations, text);
    }
}
