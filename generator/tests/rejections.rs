//! Documents the generator refuses, and why: each problem is reported with the file, the JSON
//! pointer of its place and what is wrong, and every independent problem in the same run.

#![allow(clippy::panic, reason = "a test fails by panicking")]

use sailpoint_codegen::{Settings, SpecInput, generate};

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

fn errors_of(contents: &str) -> Vec<String> {
    let input = SpecInput {
        file: "spec.yaml".into(),
        module: None,
        contents: contents.to_owned(),
        overlays: Vec::new(),
    };
    let settings = Settings {
        package_name: "rejected".into(),
        package_version: "0.0.0".into(),
        generated_by: "test".into(),
        ..Settings::default()
    };
    match generate(&[input], &settings) {
        Ok(_) => panic!("expected the document to be rejected"),
        Err(error) => error
            .diagnostics()
            .iter()
            .map(ToString::to_string)
            .collect(),
    }
}

fn schemas(body: &str) -> String {
    format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n{body}")
}

/// The report's warnings for `contents`, which must be generated.
fn warnings_of(contents: &str) -> Vec<String> {
    let input = SpecInput {
        file: "spec.yaml".into(),
        module: None,
        contents: contents.to_owned(),
        overlays: Vec::new(),
    };
    let settings = Settings {
        package_name: "accepted".into(),
        package_version: "0.0.0".into(),
        generated_by: "test".into(),
        ..Settings::default()
    };
    match generate(&[input], &settings) {
        Ok(generation) => generation.report.modules[0]
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect(),
        Err(error) => panic!("expected the document to be generated:\n{error}"),
    }
}

// Conflicts inside `allOf` cost the property or the schema, not the document (they were
// refused before): each is a warning naming both places.

#[test]
fn conflicting_all_of_properties_cost_the_property_naming_both_places() {
    let warnings = warnings_of(&schemas(
        "    A:\n      type: object\n      properties:\n        id: {type: string}\n    B:\n      allOf:\n        - $ref: '#/components/schemas/A'\n        - type: object\n          properties:\n            id: {type: integer}\n",
    ));
    assert_eq!(
        warnings,
        [
            "spec.yaml#/components/schemas/B/allOf/1/properties/id: `allOf` defines property `id` as an integer here and as a string at /components/schemas/A/properties/id, which no value can be both; the property is read as any JSON value (`serde_json::Value`) instead"
        ]
    );
}

#[test]
fn a_component_whose_all_of_parts_no_value_can_satisfy_is_any_json_value() {
    let warnings = warnings_of(&schemas(
        "    A:\n      allOf:\n        - type: string\n        - type: integer\n",
    ));
    assert_eq!(
        warnings,
        [
            "spec.yaml#/components/schemas/A/allOf/1: `allOf` combines types no value can have: this part and /components/schemas/A/allOf/0; the schema `A` is read as any JSON value (`serde_json::Value`) instead"
        ]
    );
}

#[test]
fn all_of_that_includes_itself_costs_that_schema() {
    let warnings = warnings_of(&schemas(
        "    A:\n      allOf:\n        - $ref: '#/components/schemas/B'\n    B:\n      allOf:\n        - type: object\n          properties: {x: {type: string}}\n        - $ref: '#/components/schemas/A'\n",
    ));
    assert_eq!(
        warnings,
        [
            "spec.yaml#/components/schemas/B/allOf/1/$ref: `allOf` includes `#/components/schemas/A` inside itself; the schema `B` is read as any JSON value (`serde_json::Value`) instead"
        ]
    );
}

#[test]
fn a_schema_that_is_only_itself_is_a_cycle() {
    let errors = errors_of(&schemas("    A:\n      $ref: '#/components/schemas/A'\n"));
    assert_eq!(
        errors,
        [
            "spec.yaml#/components/schemas/A: `A` is defined in terms of itself with no object in between, which no Rust type can represent"
        ]
    );
}

#[test]
fn recursion_through_one_of_and_aliases_is_boxed_not_rejected() {
    let contents = schemas(
        "    Tree:\n      oneOf:\n        - $ref: '#/components/schemas/Leaf'\n        - $ref: '#/components/schemas/Forest'\n    Forest:\n      $ref: '#/components/schemas/Grove'\n    Grove:\n      type: object\n      properties:\n        first:\n          $ref: '#/components/schemas/Tree'\n    Leaf: {type: string}\n",
    );
    let input = SpecInput {
        file: "spec.yaml".into(),
        module: None,
        contents,
        overlays: Vec::new(),
    };
    let settings = Settings {
        package_name: "boxed".into(),
        package_version: "0.0.0".into(),
        generated_by: "test".into(),
        ..Settings::default()
    };
    let generation = generate(&[input], &settings).unwrap_or_else(|error| panic!("{error}"));
    let models = generation
        .files
        .iter()
        .find(|file| file.path == "src/v1/models.rs")
        .map(|file| file.contents.as_str())
        .unwrap_or_default();
    assert!(models.contains("pub first: Option<Box<Tree>>,"), "{models}");
    assert!(models.contains("Forest(Box<Forest>),"), "{models}");
}
