//! The names test bed: the generated code compiles, clippy- and rustdoc-clean, whatever the
//! spec calls things.
//!
//! The names come from the templates themselves ([`identifiers`]): every identifier the Rust
//! of `templates/` writes (locals, imports, generic parameters, lifetimes, methods, modules,
//! associated items, prelude names, path roots). The test builds specs that
//! use them as schema, property, parameter (in the path, query, header and cookie), operation,
//! enum value, discriminator tag, security scheme and module names, and commits them as
//! fixtures (`tests/fixtures/names*.yaml`, `tests/fixtures/module_names/`); the snapshot suite
//! (`tests/snapshots.rs`) generates them into modules of the snapshot crate, which the workspace
//! compiles and `.ci/run` checks with clippy and rustdoc. A template that starts writing a new
//! name changes the fixtures, and [`fixtures_are_current`] fails until they are rebuilt with
//! `EXPECTORATE=overwrite cargo test -p sailpoint-codegen --test names`, then the snapshot
//! re-blessed, which compiles the new name in every role.
//!
//! Which names each role is offered ([`specs::Catalogue`]): a name the generator spells
//! differently in a role (a property `Key` is the field `key`) can only meet the name it is
//! spelled as, so a role is offered the names it spells as they are (or with the `_` that makes
//! a keyword usable), from the templates that write a name of the role (found by the template
//! expression that holds it, `{{ parameter.rust_name }}`, with what they include); parameters
//! also meet the methods of the runtime's traits their builder and test double implement
//! (`PerCall`, `mock::TestDouble`), read from `runtime/src`. Schema names are offered every
//! name of the templates, the runtime's that they import included (the runtime is a crate of
//! its own, named by absolute paths, so its other items meet no model). Records take the schema
//! names in module `names`; each other kind of
//! model (string, integer and tagged enums, `oneOf`, forms) takes the type names of its own
//! templates in a module of its own (`names_<kind>`), as a module cannot hold two types of one
//! name. Module names are offered those of the templates that write a module's name and the
//! public methods of the runtime types an API module adds a method to (`Client`, `MockServer`,
//! read from `runtime/src`): each is
//! refused with an error naming it, or is a spec of `tests/fixtures/module_names/`, compiled.
//!
//! Random names (seeded, [`random`]) go into `names_random`: Unicode, digits first, keywords and
//! raw identifiers, control characters, names equal after case conversion, names that differ
//! only in what the generator adds (`FooError`, `Foo2`, `with_foo`, ...), empty and
//! punctuation-only names. `NAMES_CASES=500 cargo test -p sailpoint-codegen --test names
//! random_names_compile -- --ignored` runs more random specs through the generator (no panic,
//! the same output twice) and checks them with clippy and rustdoc in a scratch crate.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

#[path = "names/identifiers.rs"]
mod identifiers;
#[path = "names/random.rs"]
mod random;
#[path = "names/specs.rs"]
mod specs;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sailpoint_codegen::{Settings, SpecInput, generate};

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures_dir() -> PathBuf {
    manifest_dir().join("tests/fixtures")
}

fn settings() -> Settings {
    Settings {
        package_name: "names-test-bed".into(),
        package_version: "0.0.0".into(),
        generated_by: "cargo test -p sailpoint-codegen --test names".into(),
        in_workspace: false,
        dev_dependencies: Vec::new(),
        benches: Vec::new(),
        // SailPoint's conventions, so that the crate root holds every constant a profile adds.
        profile: sailpoint_codegen::ClientProfile::sailpoint(),
        runtime_path: None,
    }
}

fn catalogue() -> specs::Catalogue {
    specs::Catalogue::read(
        &manifest_dir().join("../templates"),
        &manifest_dir().join("../runtime/src"),
    )
}

/// The modules of the fixtures that are not the names test bed's own: every
/// `tests/fixtures/<name>.yaml` and spec directory `tests/fixtures/<name>/openapi.yaml`.
fn fixture_modules() -> BTreeSet<String> {
    std::fs::read_dir(fixtures_dir())
        .unwrap()
        .filter_map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_stem()?.to_string_lossy().into_owned();
            let is_spec = if path.is_dir() {
                path.join("openapi.yaml").is_file()
            } else {
                path.extension().is_some_and(|ext| ext == "yaml")
            };
            is_spec.then_some(name)
        })
        .collect()
}

/// The names fixtures on disk: `tests/fixtures/names*.yaml` and every file of the module
/// names' directory, relative to `tests/fixtures/`.
fn names_fixtures_on_disk() -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with("names") && name.ends_with(".yaml") {
            found.insert(name);
        }
    }
    if let Ok(entries) = std::fs::read_dir(fixtures_dir().join(specs::MODULE_NAMES_DIR)) {
        for entry in entries {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            found.insert(format!("{}/{name}", specs::MODULE_NAMES_DIR));
        }
    }
    found
}

/// The committed fixtures are what the templates call for today, and none is left over.
#[test]
fn fixtures_are_current() {
    let fixtures = specs::fixtures(&catalogue(), &fixture_modules());
    let overwrite = std::env::var("EXPECTORATE").is_ok_and(|value| value == "overwrite");
    if overwrite {
        std::fs::create_dir_all(fixtures_dir().join(specs::MODULE_NAMES_DIR)).unwrap();
    }
    for (file, text) in &fixtures {
        expectorate::assert_contents(fixtures_dir().join(file), text);
    }
    let stale: Vec<String> = names_fixtures_on_disk()
        .into_iter()
        .filter(|file| !fixtures.iter().any(|(made, _)| made == file))
        .collect();
    if overwrite {
        for file in &stale {
            std::fs::remove_file(fixtures_dir().join(file)).unwrap();
        }
    } else {
        assert!(
            stale.is_empty(),
            "fixtures the templates no longer call for: {stale:?}; rebuild with `EXPECTORATE=overwrite cargo test -p sailpoint-codegen --test names`, then re-bless the snapshot with `EXPECTORATE=overwrite cargo test -p sailpoint-codegen --test snapshots`"
        );
    }
}

/// A module name the generator does not take is refused with an error that names it and
/// says why, never a panic or a crate that does not compile; the others are fixtures.
#[test]
fn module_names_are_taken_or_refused_with_the_reason() {
    let candidates = catalogue().module_candidates();
    // The public methods of the runtime's `Client` and `MockServer`, which the generated ones
    // dereference to, are read from runtime/src.
    for runtime_method in ["base_url", "request", "uri", "take_unmatched"] {
        assert!(
            candidates.iter().any(|module| module == runtime_method),
            "`{runtime_method}` is not offered as a module name"
        );
    }
    let mut refused = 0;
    for module in candidates {
        if let Err(message) = specs::module_spec(&module) {
            refused += 1;
            assert!(
                message.contains(&format!("`{module}` cannot be a module name: use lower_snake_case that is not a keyword, nor one of")),
                "{message}"
            );
        }
    }
    assert!(
        refused > 0,
        "no module name was refused: the reserved names are not offered"
    );
}

/// Every names fixture generates, twice the same, with every operation generated.
#[test]
fn names_fixtures_generate_deterministically() {
    let inputs: Vec<SpecInput> = specs::fixtures(&catalogue(), &fixture_modules())
        .into_iter()
        .map(|(file, text)| {
            let module = file
                .trim_end_matches(".yaml")
                .rsplit('/')
                .next()
                .unwrap()
                .to_owned();
            SpecInput::new(format!("tests/fixtures/{file}"), Some(&module), text)
        })
        .collect();
    let first = generate(&inputs, &settings()).unwrap_or_else(|error| panic!("{error}"));
    let second = generate(&inputs, &settings()).unwrap_or_else(|error| panic!("{error}"));
    assert!(first == second, "the same specs generated different files");
    assert_eq!(
        first.report.skipped_count(),
        0,
        "{}",
        first.report.summary()
    );
}

/// A schema whose name a `$ref` must percent-encode (a space, braces, `#`, `%`, non-ASCII) is
/// found from the reference, as it is when the reference writes the name unencoded.
#[test]
fn references_find_schemas_named_with_characters_a_uri_escapes() {
    let names = [
        "a b",
        "{}page",
        "r#foo",
        "$offset",
        "100%",
        "名前",
        "~tilde/slash",
    ];
    let mut paths = String::new();
    let mut schemas = String::new();
    for (index, name) in names.iter().enumerate() {
        let encoded = random::fragment(name);
        let raw = specs::pointer_token(name);
        let mut references = vec![("encoded", encoded)];
        if !raw.contains('%') {
            references.push(("raw", raw));
        }
        for (form, reference) in references {
            paths.push_str(&format!(
                "  /{index}/{form}:\n    get:\n      operationId: get{index}{form}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: {}}}\n",
                serde_json::to_string(&format!("#/components/schemas/{reference}")).unwrap()
            ));
        }
        schemas.push_str(&format!(
            "    {}: {{type: object, properties: {{id: {{type: string}}}}}}\n",
            serde_json::to_string(name).unwrap()
        ));
    }
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}components:\n  schemas:\n{schemas}"
    );
    let generation = generate(
        &[SpecInput::new("spec.yaml", Some("escaped"), text)],
        &settings(),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        (
            generation.report.skipped_count(),
            generation.report.warning_count()
        ),
        (0, 0),
        "{}",
        generation.report.summary()
    );
}

/// The longer run: `NAMES_CASES` random specs (64 unless set), from seed `NAMES_SEED` on (1
/// unless set), each generated twice the same without a panic, then all of them as the modules
/// of one scratch crate (under the target directory, `names-test-bed/`) that clippy and
/// rustdoc check with warnings as errors.
#[test]
#[ignore = "compiles a scratch crate with cargo: run with --ignored"]
fn random_names_compile() {
    let number = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|value| value.parse().ok())
            .unwrap_or(default)
    };
    let cases = number("NAMES_CASES", 64);
    let first_seed = number("NAMES_SEED", 1);
    let mut inputs = Vec::new();
    for seed in first_seed..first_seed + cases {
        let module = format!("random_{seed}");
        let text = serde_yaml::to_string(&random::spec(seed, random::CI_NAMES)).unwrap();
        let input = SpecInput::new(format!("{module}.yaml"), Some(&module), text);
        let twice = std::panic::catch_unwind(|| {
            let first = generate(std::slice::from_ref(&input), &settings());
            let second = generate(std::slice::from_ref(&input), &settings());
            (first, second)
        });
        let (first, second) = twice
            .unwrap_or_else(|_| panic!("generating seed {seed} panicked:\n{}", input.contents));
        let first = first.unwrap_or_else(|error| panic!("seed {seed}: {error}"));
        assert!(
            first == second.unwrap(),
            "seed {seed}: the same spec generated different files"
        );
        inputs.push(input);
    }
    let generation = generate(&inputs, &settings()).unwrap_or_else(|error| panic!("{error}"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| manifest_dir().join("../target"), PathBuf::from)
        .join("names-test-bed");
    let crate_dir = target.join("crate");
    let _ = std::fs::remove_dir_all(&crate_dir);
    for file in &generation.files {
        let path = crate_dir.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &file.contents).unwrap();
    }
    std::fs::copy(
        manifest_dir().join("../Cargo.lock"),
        crate_dir.join("Cargo.lock"),
    )
    .unwrap();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    for (args, rustdoc_flags) in [
        (&["clippy", "--all-targets", "--all-features"][..], ""),
        (&["doc", "--no-deps", "--all-features"][..], "-D warnings"),
    ] {
        let output = std::process::Command::new(&cargo)
            .current_dir(&crate_dir)
            .args(args)
            .args(["--quiet", "--message-format", "short"])
            .args(if args[0] == "clippy" {
                &["--", "-D", "warnings"][..]
            } else {
                &[]
            })
            .env("CARGO_TARGET_DIR", target.join("target"))
            .env("RUSTDOCFLAGS", rustdoc_flags)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "cargo {} failed on seeds {first_seed}..{} in {}:\n{}",
            args.join(" "),
            first_seed + cases,
            crate_dir.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
