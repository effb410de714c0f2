//! OpenAPI 3.1 is read into the same model as 3.0: an API written both ways generates the
//! same code, and what 3.1 adds that a Rust client cannot use is named in the report.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use std::path::Path;

use sailpoint_codegen::{Generation, Settings, SpecInput, generate};

fn settings() -> Settings {
    Settings {
        package_name: "openapi31".into(),
        package_version: "0.0.0".into(),
        generated_by: "test".into(),
        ..Settings::default()
    }
}

/// Generates `tests/openapi31/<file>` as the module `pets`, named `pets.yaml` whichever file
/// it is, so that the generated code does not name the version it came from.
fn generate_file(file: &str) -> Generation {
    let path = format!("tests/openapi31/{file}");
    let contents = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(&path))
        .unwrap_or_else(|error| panic!("{path}: {error}"));
    let input = SpecInput {
        contents,
        file: "pets.yaml".into(),
        module: Some("pets".into()),
        overlays: Vec::new(),
    };
    generate(&[input], &settings()).unwrap_or_else(|error| panic!("{file}: {error}"))
}

#[test]
fn the_same_api_in_3_0_and_3_1_generates_the_same_code() {
    let written_in_30 = generate_file("pets-3.0.yaml");
    let written_in_31 = generate_file("pets-3.1.yaml");
    let code = |generation: &Generation| -> Vec<(String, String)> {
        generation
            .files
            .iter()
            .filter(|file| file.path.starts_with("src/"))
            .map(|file| (file.path.clone(), file.contents.clone()))
            .collect()
    };
    let (old, new) = (code(&written_in_30), code(&written_in_31));
    assert_eq!(
        old.iter().map(|(path, _)| path).collect::<Vec<_>>(),
        new.iter().map(|(path, _)| path).collect::<Vec<_>>()
    );
    for ((path, in_30), (_, in_31)) in old.iter().zip(&new) {
        assert!(
            in_30 == in_31,
            "{path} differs:\n--- from 3.0\n{in_30}\n--- from 3.1\n{in_31}"
        );
    }
    for generation in [&written_in_30, &written_in_31] {
        assert_eq!(generation.report.modules[0].warnings, []);
        assert_eq!(generation.report.modules[0].generated.len(), 3);
    }
}

#[test]
fn the_3_1_forms_become_the_rust_types_a_3_0_reader_would_expect() {
    let generation = generate_file("pets-3.1.yaml");
    let models = generation
        .files
        .iter()
        .find(|file| file.path == "src/pets/models.rs")
        .map(|file| file.contents.as_str())
        .unwrap();
    for expected in [
        "pub tag: Option<String>,",
        "pub previous_owner: Option<Owner>,",
        "pub weight: Option<f64>,",
        "pub chip: Option<PetChip>,",
        // `format: byte` is base64 text, which the client leaves to the caller.
        "pub portrait: Option<String>,",
        "pub photo: crate::FilePart,",
        "pub caption: Option<String>,",
    ] {
        assert!(models.contains(expected), "no `{expected}` in:\n{models}");
    }
}
