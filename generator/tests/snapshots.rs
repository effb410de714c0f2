//! Snapshot tests: each fixture spec in `tests/fixtures/` exercises one feature, and the whole
//! crate generated from it is compared with `tests/snapshots/<fixture>/`. The snapshot crates are
//! workspace members, so `cargo test --workspace` also proves that each one compiles and is
//! clippy-clean. The run's report is kept beside each crate as `codegen-report.md`, and a
//! snapshot crate may have hand-written tests in its `tests/` (they exercise the generated code
//! at run time). Re-bless after an intended change with
//! `EXPECTORATE=overwrite cargo test -p sailpoint-codegen --test snapshots`.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use std::path::{Path, PathBuf};

use sailpoint_codegen::{GeneratedFile, Settings, SpecInput, generate};

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
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
                if path.file_name().is_some_and(|name| name == "target") {
                    continue;
                }
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

fn check_snapshot(fixture: &str) {
    let spec_path = tests_dir().join("fixtures").join(format!("{fixture}.yaml"));
    let contents = std::fs::read_to_string(&spec_path).unwrap();
    let input = SpecInput {
        file: format!("tests/fixtures/{fixture}.yaml"),
        module: None,
        contents,
    };
    let settings = Settings {
        package_name: format!("snapshot-{fixture}"),
        package_version: "0.0.0".into(),
        generated_by: "cargo test -p sailpoint-codegen --test snapshots".into(),
        in_workspace: true,
        // Hand-written tests of a snapshot crate call it against a local server.
        dev_dependencies: if tests_dir()
            .join("snapshots")
            .join(fixture)
            .join("tests")
            .is_dir()
        {
            ["tokio", "wiremock"].map(String::from).to_vec()
        } else {
            Vec::new()
        },
    };
    let generation = generate(&[input], &settings)
        .unwrap_or_else(|error| panic!("{fixture}: generation failed:\n{error}"));
    let mut files = generation.files;
    files.push(GeneratedFile {
        path: "codegen-report.md".into(),
        contents: generation.report.to_markdown(),
    });
    let snapshot_dir = tests_dir().join("snapshots").join(fixture);
    let overwrite = std::env::var("EXPECTORATE").is_ok_and(|value| value == "overwrite");
    for file in &files {
        let path = snapshot_dir.join(&file.path);
        if overwrite {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        }
        expectorate::assert_contents(path, &file.contents);
    }
    let generated: Vec<&str> = files.iter().map(|file| file.path.as_str()).collect();
    let stale: Vec<String> = files_under(&snapshot_dir)
        .into_iter()
        .filter(|path| {
            !generated.contains(&path.as_str())
                && path != "Cargo.lock"
                && !path.starts_with("tests/")
        })
        .collect();
    if overwrite {
        for path in &stale {
            std::fs::remove_file(snapshot_dir.join(path)).unwrap();
        }
    } else {
        assert!(
            stale.is_empty(),
            "{fixture}: snapshot files no longer generated: {stale:?} (re-bless with EXPECTORATE=overwrite)"
        );
    }
}

macro_rules! snapshot_tests {
    ($($fixture:ident),* $(,)?) => {
        $(
            #[test]
            fn $fixture() {
                check_snapshot(stringify!($fixture));
            }
        )*

        #[test]
        fn every_fixture_has_a_snapshot_test() {
            let tested = [$(concat!(stringify!($fixture), ".yaml")),*];
            let fixtures = files_under(&tests_dir().join("fixtures"));
            assert_eq!(fixtures, tested, "add the new fixture to snapshot_tests!");
        }
    };
}

snapshot_tests!(
    bodies,
    composition,
    discriminator,
    enums,
    media,
    mixing,
    naming,
    nullability,
    parameters,
    primitives,
    quirks,
    recursion,
    responses,
    security,
    skipped
);
