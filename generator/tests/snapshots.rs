//! Snapshot tests: each fixture spec in `tests/fixtures/` exercises one feature and becomes one
//! module of a single generated crate, `tests/snapshot/`, which is compared file by file with
//! what the generator writes now, its report (`codegen-report.md`) included. That crate is a
//! workspace member, so `cargo test --workspace` also proves that every snapshot compiles and is
//! clippy-clean, and runs the hand-written tests in `tests/snapshot/tests/`, which exercise the
//! generated code against a local server. Re-bless after an intended change with
//! `EXPECTORATE=overwrite cargo test -p sailpoint-codegen --test snapshots`.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use sailpoint_codegen::{
    ClientProfile, GeneratedFile, Settings, SpecFiles, SpecInput, generate_with_files,
};

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn snapshot_dir() -> PathBuf {
    tests_dir().join("snapshot")
}

/// Every file under `dir`, relative to it, with `/` separators.
fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap();
                found.push(
                    relative
                        .components()
                        .map(|part| part.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
        }
    }
    found.sort();
    found
}

/// The fixtures: every `tests/fixtures/<name>.yaml`, every directory `tests/fixtures/<name>/`
/// holding a spec split across files, entered at its `openapi.yaml` (`tests/fixtures/shared/`,
/// which such specs refer to, is not one), and the names test bed's module names
/// ([`module_name_fixtures`]).
fn fixtures() -> Vec<(String, String)> {
    let mut found = named_fixtures();
    found.extend(module_name_fixtures());
    found.sort();
    found
}

/// The specs of `tests/fixtures/module_names/`, each generated into a module named like its
/// file: the names of the crate root and of `Client`'s and `MockServer`'s methods that the
/// generator takes as module names (`tests/names.rs` writes them).
fn module_name_fixtures() -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(tests_dir().join("fixtures/module_names")) else {
        return Vec::new();
    };
    let mut found: Vec<(String, String)> = entries
        .filter_map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_stem()?.to_string_lossy().into_owned();
            (path.extension()? == "yaml").then(|| {
                (
                    name.clone(),
                    format!("tests/fixtures/module_names/{name}.yaml"),
                )
            })
        })
        .collect();
    found.sort();
    found
}

/// The fixtures named in [`snapshot_tests!`]: all but the module names.
fn named_fixtures() -> Vec<(String, String)> {
    let dir = tests_dir().join("fixtures");
    let mut found: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_stem()?.to_string_lossy().into_owned();
            if path.is_dir() {
                path.join("openapi.yaml")
                    .is_file()
                    .then(|| (name.clone(), format!("tests/fixtures/{name}/openapi.yaml")))
            } else {
                (path.extension()? == "yaml")
                    .then(|| (name.clone(), format!("tests/fixtures/{name}.yaml")))
            }
        })
        .collect();
    found.sort();
    found
}

fn fixture_names() -> Vec<String> {
    fixtures().into_iter().map(|(name, _)| name).collect()
}

fn named_fixture_names() -> Vec<String> {
    named_fixtures().into_iter().map(|(name, _)| name).collect()
}

/// The files of the fixtures, named relative to the generator's directory as the inputs are.
struct FixtureFiles;

impl SpecFiles for FixtureFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
            .map_err(|error| error.to_string())
    }
}

/// The crate generated from every fixture, each as the module of its name; made once.
fn generated() -> &'static [GeneratedFile] {
    static FILES: OnceLock<Vec<GeneratedFile>> = OnceLock::new();
    FILES.get_or_init(|| {
        let inputs: Vec<SpecInput> = fixtures()
            .into_iter()
            .map(|(name, file)| SpecInput {
                contents: FixtureFiles.read(&file).unwrap(),
                file,
                module: Some(name),
                overlays: Vec::new(),
            })
            .collect();
        let settings = Settings {
            package_name: "snapshot-fixtures".into(),
            package_version: "0.0.0".into(),
            generated_by: "cargo test -p sailpoint-codegen --test snapshots".into(),
            in_workspace: true,
            // The hand-written tests call the generated code against a local server.
            dev_dependencies: ["tokio", "tracing", "tracing-subscriber", "wiremock"]
                .map(String::from)
                .to_vec(),
            benches: Vec::new(),
            // No API's conventions: the fixtures show what a crate for any API other than
            // SailPoint's carries.
            profile: ClientProfile::default(),
            runtime_path: Some("../../../runtime".into()),
        };
        let generation = generate_with_files(&inputs, &FixtureFiles, &settings)
            .unwrap_or_else(|error| panic!("generation failed:\n{error}"));
        let mut files = generation.files;
        files.push(GeneratedFile {
            path: "codegen-report.md".into(),
            contents: generation.report.to_markdown(),
        });
        files
    })
}

/// Compares the generated files `selected` picks with the snapshot, and lists snapshot files
/// in the same selection that are no longer generated (deleting them when re-blessing).
fn check(selected: impl Fn(&str) -> bool) {
    let overwrite = std::env::var("EXPECTORATE").is_ok_and(|value| value == "overwrite");
    let files: Vec<&GeneratedFile> = generated()
        .iter()
        .filter(|file| selected(&file.path))
        .collect();
    assert!(!files.is_empty(), "nothing generated for this snapshot");
    for file in &files {
        let path = snapshot_dir().join(&file.path);
        if overwrite {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        }
        expectorate::assert_contents(path, &file.contents);
    }
    let stale: Vec<String> = files_under(&snapshot_dir())
        .into_iter()
        .filter(|path| {
            selected(path)
                && !path.starts_with("tests/")
                && !files.iter().any(|file| file.path == *path)
        })
        .collect();
    if overwrite {
        for path in &stale {
            std::fs::remove_file(snapshot_dir().join(path)).unwrap();
        }
    } else {
        assert!(
            stale.is_empty(),
            "snapshot files no longer generated: {stale:?} (re-bless with EXPECTORATE=overwrite)"
        );
    }
}

/// The module a snapshot path belongs to, if it is a fixture's.
fn fixture_of(path: &str) -> Option<&str> {
    let module = path.strip_prefix("src/")?.split_once('/')?.0;
    fixture_names()
        .iter()
        .any(|name| name == module)
        .then_some(module)
}

macro_rules! snapshot_tests {
    ($($fixture:ident),* $(,)?) => {
        $(
            #[test]
            fn $fixture() {
                check(|path| fixture_of(path) == Some(stringify!($fixture)));
            }
        )*

        #[test]
        fn every_fixture_has_a_snapshot_test() {
            assert_eq!(named_fixture_names(), [$(stringify!($fixture)),*], "add the new fixture to snapshot_tests!");
        }
    };
}

snapshot_tests!(
    all_of_merging,
    big_numbers,
    bodies,
    composition,
    const_enums,
    dangling_references,
    deep_nesting,
    discriminator,
    duplicate_operation_ids,
    enums,
    media,
    mixing,
    multi_file,
    names,
    names_form,
    names_integer_enum,
    names_one_of,
    names_random,
    names_string_enum,
    names_tagged,
    naming,
    no_paths,
    nullability,
    pagination,
    parameter_dropped,
    parameter_objects,
    parameter_styles,
    parameter_unions,
    parameters,
    path_parameter_unused,
    pointer_references,
    primitives,
    quirks,
    recursion,
    redirects,
    repaired_document,
    reserved_names,
    response_without_description,
    security,
    security_schemes,
    skipped,
    status_codes,
    undocumented_success,
    v31_binary,
    v31_const,
    v31_definitions,
    v31_examples,
    v31_exclusive_bounds,
    v31_ignored_keywords,
    v31_info,
    v31_null_alternatives,
    v31_path_items,
    v31_ref_siblings,
    v31_type_arrays,
    v31_webhooks,
);

/// The modules named like the names of the crate root and of `Client`'s and `MockServer`'s
/// methods (`tests/fixtures/module_names/`).
#[test]
fn module_names() {
    let modules: Vec<String> = module_name_fixtures()
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    check(|path| fixture_of(path).is_some_and(|module| modules.iter().any(|name| name == module)));
}

/// The crate around the modules: manifest, crate root, the runtime every crate carries, and the
/// report of the whole run.
#[test]
fn crate_root_and_runtime() {
    check(|path| fixture_of(path).is_none());
}
