//! What the generated crate's docs tell a caller: where each module's operations are under the
//! base URL, whatever the spec's server path, and retry rules that are the runtime's own.

#![allow(clippy::panic, reason = "a test fails by panicking")]

use sailpoint_codegen::{Generation, Settings, SpecInput, generate};

/// SailPoint's per-resource shape: a server without a path, the version in every path, and
/// operations under two roots.
const PER_RESOURCE: &str = r#"
openapi: 3.0.3
info: {title: Things, version: '1'}
servers: [{url: 'https://{tenant}.api.example.com', variables: {tenant: {default: acme}}}]
paths:
  /things/v1:
    get:
      operationId: listThingsV1
      responses: {'200': {description: All.}}
  /things/v1/{id}:
    get:
      operationId: getThingV1
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: One.}}
  /owners/v1/{id}/things:
    get:
      operationId: listOwnedThingsV1
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: Owned.}}
"#;

/// The year-versioned shape: the version in the server's path.
const VERSIONED: &str = r#"
openapi: 3.0.3
info: {title: Things v3, version: '3'}
servers: [{url: 'https://acme.api.example.com/v3'}]
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: One.}}
"#;

fn generated() -> Generation {
    let inputs = [
        SpecInput::new("things/openapi.yaml", Some("things"), PER_RESOURCE),
        SpecInput::new("v3.yaml", Some("v3"), VERSIONED),
    ];
    match generate(&inputs, &Settings::default()) {
        Ok(generation) => generation,
        Err(error) => panic!("the specs generate: {error}"),
    }
}

fn file<'a>(generation: &'a Generation, path: &str) -> &'a str {
    match generation.files.iter().find(|file| file.path == path) {
        Some(file) => &file.contents,
        None => panic!("{path} is generated"),
    }
}

/// The `//!` docs of a file as one line of text, so a sentence reads the same however the
/// template wraps it.
fn inner_docs(contents: &str) -> String {
    contents
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("//!"))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_module_says_where_its_operations_are() {
    let generation = generated();
    let lib = file(&generation, "src/lib.rs");
    assert!(
        lib.contains("served at `BASE/things/v1/...`, `BASE/owners/v1/...`."),
        "the crate docs name the roots of the per-resource module's paths:\n{lib}"
    );
    assert!(
        lib.contains("served at `BASE/v3/things/...`."),
        "the crate docs name the versioned module's server path and root:\n{lib}"
    );
    for path in [
        "src/lib.rs",
        "src/things/mod.rs",
        "src/things/mock.rs",
        "src/v3/mod.rs",
    ] {
        let contents = file(&generation, path);
        for bare in [
            "(`BASE`)",
            "`BASE`,",
            "`BASE`.",
            "under `BASE`",
            "at `BASE`",
        ] {
            assert!(
                !contents.contains(bare),
                "{path} says an API is at `BASE` ({bare}), which tells a reader nothing:\n{contents}"
            );
        }
    }
    assert!(
        file(&generation, "src/things/mod.rs")
            .contains("Things (version 1), served at `BASE/things/v1/...`, `BASE/owners/v1/...`."),
        "the module's docs say where its operations are"
    );
}

#[test]
fn the_docs_name_the_methods_the_runtime_retries_after_a_server_error() {
    let retry = include_str!("../../runtime/src/retry.rs");
    let body = retry
        .split("fn is_idempotent")
        .nth(1)
        .and_then(|rest| rest.split("\n}").next())
        .unwrap_or_else(|| panic!("runtime/src/retry.rs has is_idempotent"));
    let methods: Vec<&str> = body
        .split("Method::")
        .skip(1)
        .filter_map(|rest| rest.split(|c: char| !c.is_ascii_uppercase()).next())
        .collect();
    assert!(
        methods.contains(&"GET"),
        "is_idempotent names GET: {methods:?}"
    );
    let Some((last, rest)) = methods.split_last() else {
        panic!("is_idempotent names no method")
    };
    let listed = format!("{} and {last}", rest.join(", "));
    let docs = inner_docs(file(&generated(), "src/lib.rs"));
    let sentence = format!("are retried for {listed} only");
    assert!(
        docs.contains(&sentence),
        "the crate docs say which methods are retried after a 502, 503, 504 or a failed \
         connection, as `is_idempotent` decides: expected \"{sentence}\" in\n{docs}"
    );
}

#[test]
fn the_crate_docs_count_operations_in_words_that_agree() {
    let generation = generated();
    let lib = file(&generation, "src/lib.rs");
    assert!(
        lib.contains("Things v3 (1 operation), served at"),
        "one operation is counted in the singular:\n{lib}"
    );
    assert!(
        lib.contains("Things (3 operations), served at"),
        "three operations are counted in the plural:\n{lib}"
    );
    assert!(
        !lib.contains("(1 operations)"),
        "no module counts one operation in the plural:\n{lib}"
    );
}
