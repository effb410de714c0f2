//! Overlays (OpenAPI Overlay 1.0) applied at load time: what they change in the generated
//! crate, the order they apply in, the files they apply to, every way one can be wrong (each
//! with its located message), the warning for a target that matches nothing, and the
//! `--overlay` option of the `sailpoint-codegen` binary.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sailpoint_codegen::{Generation, Settings, SpecFiles, SpecInput, generate_with_files};

/// The fixtures' files, named relative to the generator's directory as the inputs are.
struct FixtureFiles;

impl SpecFiles for FixtureFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
            .map_err(|error| error.to_string())
    }
}

const DIR: &str = "tests/fixtures/overlays";

fn read(path: &str) -> String {
    FixtureFiles.read(path).unwrap()
}

/// The spec `entry` with the overlay files `overlays`, both under the fixtures' directory.
fn input(entry: &str, overlays: &[&str]) -> SpecInput {
    let entry = format!("{DIR}/{entry}");
    overlays.iter().fold(
        SpecInput::new(&entry, Some("api"), read(&entry)),
        |input, overlay| {
            let file = format!("{DIR}/{overlay}");
            let contents = read(&file);
            input.with_overlay(file, contents)
        },
    )
}

fn generate(input: SpecInput) -> Result<Generation, String> {
    generate_with_files(&[input], &FixtureFiles, &Settings::default())
        .map_err(|error| error.to_string())
}

fn models(generation: &Generation) -> &str {
    &generation
        .files
        .iter()
        .find(|file| file.path == "src/api/models.rs")
        .unwrap()
        .contents
}

fn models_of(input: SpecInput) -> String {
    let generation = generate(input).unwrap_or_else(|error| panic!("{error}"));
    models(&generation).to_owned()
}

/// Asserts that `models` declares the field `declaration` (such as `pub name: String,`).
fn assert_field(models: &str, declaration: &str) {
    assert!(
        models.lines().any(|line| line.trim() == declaration),
        "expected `{declaration}` in:\n{models}"
    );
}

#[test]
fn an_update_makes_a_required_property_nullable() {
    let before = models_of(input("tasks.yaml", &[]));
    assert_field(&before, "pub completed: chrono::DateTime<chrono::Utc>,");
    let after = models_of(input(
        "tasks.yaml",
        &["tasks/01-completed-is-nullable.yaml"],
    ));
    assert_field(
        &after,
        "pub completed: Option<chrono::DateTime<chrono::Utc>>,",
    );
    // The rest of the property is as upstream wrote it.
    assert!(after.contains("When the task completed."), "{after}");
}

#[test]
fn a_remove_takes_an_entry_out_of_a_required_list() {
    let before = models_of(input("tasks.yaml", &[]));
    assert_field(&before, "pub name: String,");
    let after = models_of(input("tasks.yaml", &["tasks/02-name-is-optional.yaml"]));
    assert_field(&after, "pub name: Option<String>,");
    assert_field(&after, "pub id: String,");
}

#[test]
fn an_overlay_with_extends_applies_to_a_schema_file_of_a_multi_file_spec() {
    let before = models_of(input("split/openapi.yaml", &[]));
    assert_field(&before, "pub launcher: String,");
    let after = models_of(input(
        "split/openapi.yaml",
        &["split/overlays/01-launcher-is-nullable.yaml"],
    ));
    assert_field(&after, "pub launcher: Option<String>,");
}

const HEAD: &str = "overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\n";

/// The tasks fixture as `spec/v1/tasks.yaml`, with `overlays` (file name, text) in that order,
/// every other file from `others`.
fn in_memory(overlays: &[(&str, &str)], others: &[(&str, &str)]) -> Result<Generation, String> {
    let entry = "spec/v1/tasks.yaml";
    let mut files: BTreeMap<String, String> = others
        .iter()
        .map(|(file, text)| ((*file).to_owned(), (*text).to_owned()))
        .collect();
    files.insert(entry.to_owned(), read(&format!("{DIR}/tasks.yaml")));
    let input = overlays.iter().fold(
        SpecInput::new(entry, Some("api"), files[entry].clone()),
        |input, (file, text)| input.with_overlay(*file, *text),
    );
    generate_with_files(&[input], &files, &Settings::default()).map_err(|error| error.to_string())
}

fn error_of(overlays: &[(&str, &str)], others: &[(&str, &str)]) -> String {
    match in_memory(overlays, others) {
        Ok(_) => panic!("expected an error for {overlays:?}"),
        Err(error) => error,
    }
}

#[test]
fn overlays_apply_in_the_order_given_and_actions_in_document_order() {
    let integer = format!(
        "{HEAD}actions:\n  - target: $.components.schemas.Task.properties.note\n    update: {{type: integer}}\n"
    );
    let boolean = format!(
        "{HEAD}actions:\n  - target: $.components.schemas.Task.properties.note\n    update: {{type: boolean}}\n"
    );
    let note = |overlays: &[(&str, &str)]| {
        let generation = in_memory(overlays, &[]).unwrap();
        let models = models(&generation);
        models
            .lines()
            .find(|line| line.trim().starts_with("pub note:"))
            .map(|line| line.trim().to_owned())
    };
    assert_eq!(
        note(&[
            ("o/01-integer.yaml", &integer),
            ("o/02-boolean.yaml", &boolean)
        ])
        .as_deref(),
        Some("pub note: Option<bool>,")
    );
    assert_eq!(
        note(&[
            ("o/01-boolean.yaml", &boolean),
            ("o/02-integer.yaml", &integer)
        ])
        .as_deref(),
        Some("pub note: Option<i64>,")
    );
    // Inside one overlay: taking `note` out and putting it back leaves it, in the other order it
    // is gone.
    let put_back = format!(
        "{HEAD}actions:\n  - target: $.components.schemas.Task.properties.note\n    remove: true\n  - target: $.components.schemas.Task.properties\n    update: {{note: {{type: integer}}}}\n"
    );
    let take_out = format!(
        "{HEAD}actions:\n  - target: $.components.schemas.Task.properties\n    update: {{note: {{type: integer}}}}\n  - target: $.components.schemas.Task.properties.note\n    remove: true\n"
    );
    assert_eq!(
        note(&[("o/put-back.yaml", &put_back)]).as_deref(),
        Some("pub note: Option<i64>,")
    );
    assert_eq!(note(&[("o/take-out.yaml", &take_out)]), None);
}

#[test]
fn a_target_that_matches_nothing_is_a_located_warning_in_the_report() {
    let stale = format!(
        "{HEAD}actions:\n  - target: $.components.schemas.Task.properties.completed\n    update: {{nullable: true}}\n  - target: $.components.schemas.Gone\n    update: {{nullable: true}}\n"
    );
    let generation = in_memory(&[("spec/v1/overlays/01-stale.yaml", &stale)], &[]).unwrap();
    let warnings: Vec<String> = generation.report.modules[0]
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        warnings,
        [
            "spec/v1/overlays/01-stale.yaml#/actions/1/target: `$.components.schemas.Gone` matches nothing in spec/v1/tasks.yaml, so the action did nothing; the spec may have changed since the overlay was written"
        ]
    );
    assert!(
        generation
            .report
            .summary()
            .contains("spec/v1/overlays/01-stale.yaml#/actions/1/target: "),
        "{}",
        generation.report.summary()
    );
    // The action that matched was applied all the same.
    assert_field(
        models(&generation),
        "pub completed: Option<chrono::DateTime<chrono::Utc>>,",
    );
}

#[test]
fn an_overlay_that_is_not_yaml_or_json_is_refused_at_its_file() {
    assert_eq!(
        error_of(
            &[("spec/v1/overlays/01-broken.yaml", "overlay: [1.0.0\n")],
            &[]
        ),
        "error: spec/v1/overlays/01-broken.yaml: invalid YAML: did not find expected ',' or ']' at line 2 column 1, while parsing a flow sequence at line 1 column 10"
    );
    assert_eq!(
        error_of(&[("spec/v1/overlays/01-empty.yaml", "\n")], &[]),
        "error: spec/v1/overlays/01-empty.yaml: the file is empty; expected an Overlay 1.0 document (`overlay: 1.0.0`, `info`, `actions`)"
    );
    assert_eq!(
        error_of(&[("spec/v1/overlays/01-list.yaml", "- a\n")], &[]),
        "error: spec/v1/overlays/01-list.yaml: expected a YAML mapping at the top of an Overlay document"
    );
}

#[test]
fn an_overlay_of_another_version_is_refused_at_its_version() {
    let actions = "actions:\n  - {target: $.info, update: {x-a: 1}}\n";
    assert_eq!(
        error_of(
            &[(
                "spec/v1/overlays/01-two.yaml",
                &format!("overlay: 2.0.0\ninfo: {{title: t, version: '1'}}\n{actions}")
            )],
            &[]
        ),
        "error: spec/v1/overlays/01-two.yaml#/overlay: Overlay 2.0.0 is not supported; only Overlay 1.0.x is"
    );
    assert_eq!(
        error_of(
            &[(
                "spec/v1/overlays/01-none.yaml",
                &format!("info: {{title: t, version: '1'}}\n{actions}")
            )],
            &[]
        ),
        "error: spec/v1/overlays/01-none.yaml: missing the `overlay` version field; only Overlay 1.0.x is supported (`overlay: 1.0.0`)"
    );
    assert_eq!(
        error_of(
            &[(
                "spec/v1/overlays/01-spec.yaml",
                "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
            )],
            &[]
        ),
        "error: spec/v1/overlays/01-spec.yaml: this is an OpenAPI document, not an overlay; an overlay starts with `overlay: 1.0.0`"
    );
}

#[test]
fn an_overlay_without_actions_is_refused() {
    assert_eq!(
        error_of(&[("spec/v1/overlays/01-idle.yaml", HEAD)], &[]),
        "error: spec/v1/overlays/01-idle.yaml: missing `actions`; an overlay lists the actions to apply (each with a `target` and an `update` or `remove`)"
    );
    assert_eq!(
        error_of(
            &[(
                "spec/v1/overlays/01-idle.yaml",
                &format!("{HEAD}actions: []\n")
            )],
            &[]
        ),
        "error: spec/v1/overlays/01-idle.yaml#/actions: `actions` is empty; an overlay has at least one action"
    );
}

#[test]
fn an_action_that_would_do_nothing_is_refused_at_the_action() {
    let overlay = format!(
        "{HEAD}actions:\n  - target: $.info\n    update: {{x-a: 1}}\n  - target: $.info\n    description: forgot what to do\n  - target: $.info\n    remove: false\n  - target: $.info\n    remove: yes please\n  - target: $.info\n    copy: $.paths\n"
    );
    assert_eq!(
        error_of(&[("spec/v1/overlays/01-idle.yaml", &overlay)], &[]),
        "error: spec/v1/overlays/01-idle.yaml#/actions/1: the action has neither `update` nor `remove: true`, so it would do nothing\n\
         error: spec/v1/overlays/01-idle.yaml#/actions/2: the action has neither `update` nor `remove: true`, so it would do nothing\n\
         error: spec/v1/overlays/01-idle.yaml#/actions/3/remove: `remove` must be true or false\n\
         error: spec/v1/overlays/01-idle.yaml#/actions/4: the action has neither `update` nor `remove: true`, so it would do nothing\n\
         error: spec/v1/overlays/01-idle.yaml#/actions/4/copy: unknown field `copy`; an Overlay 1.0 action has target, description, update and remove (and `x-` extensions)"
    );
}

#[test]
fn a_target_that_is_not_a_jsonpath_is_refused_at_the_target() {
    let overlay = format!(
        "{HEAD}actions:\n  - target: $.info\n    update: {{x-a: 1}}\n  - target: $.paths\n    update: {{}}\n  - target: components.schemas.Task\n    remove: true\n  - target: $.components.schemas[?@.type ==]\n    remove: true\n  - update: {{}}\n"
    );
    assert_eq!(
        error_of(&[("spec/v2024/overlays/01-nullable.yaml", &overlay)], &[]),
        "error: spec/v2024/overlays/01-nullable.yaml#/actions/2/target: not a valid JSONPath: it must start with `$`, the document's root, such as `$.components.schemas.Task`\n\
         error: spec/v2024/overlays/01-nullable.yaml#/actions/3/target: not a valid JSONPath: at position 29, in long-hand segment, expected closing ']'\n\
         error: spec/v2024/overlays/01-nullable.yaml#/actions/4: the action has no `target`; say which nodes it applies to with a JSONPath such as `$.components.schemas.Task`"
    );
}

#[test]
fn extends_naming_a_file_that_cannot_be_read_is_refused_at_extends() {
    let overlay = format!(
        "{HEAD}extends: ../schemas/missing.yaml\nactions:\n  - target: $.properties\n    update: {{}}\n"
    );
    assert_eq!(
        error_of(&[("spec/v1/overlays/01-missing.yaml", &overlay)], &[]),
        "error: spec/v1/overlays/01-missing.yaml#/extends: `../schemas/missing.yaml` names `spec/v1/schemas/missing.yaml`, which cannot be read: no such file"
    );
    let url = format!(
        "{HEAD}extends: https://example.com/openapi.yaml\nactions:\n  - target: $.info\n    update: {{}}\n"
    );
    assert_eq!(
        error_of(&[("spec/v1/overlays/01-url.yaml", &url)], &[]),
        "error: spec/v1/overlays/01-url.yaml#/extends: `https://example.com/openapi.yaml` is a URL; `extends` names the spec file the overlay applies to by its path relative to the overlay (the generator never touches the network)"
    );
}

#[test]
fn extends_naming_a_file_that_is_not_part_of_the_spec_is_refused_at_extends() {
    let overlay = format!(
        "{HEAD}extends: ../schemas/unused.yaml\nactions:\n  - target: $.properties\n    update: {{}}\n"
    );
    assert_eq!(
        error_of(
            &[("spec/v1/overlays/01-unused.yaml", &overlay)],
            &[(
                "spec/v1/schemas/unused.yaml",
                "type: object\nproperties: {}\n"
            )]
        ),
        "error: spec/v1/overlays/01-unused.yaml#/extends: `../schemas/unused.yaml` names `spec/v1/schemas/unused.yaml`, which is not a file of this spec (neither its entry document nor a file its references reach), so the overlay would apply to nothing"
    );
    // The entry document named by `extends` is the same as no `extends`.
    let entry = format!(
        "{HEAD}extends: ../tasks.yaml\nactions:\n  - target: $.components.schemas.Task.properties.completed\n    update: {{nullable: true}}\n"
    );
    let generation = in_memory(&[("spec/v1/overlays/01-entry.yaml", &entry)], &[]).unwrap();
    assert_field(
        models(&generation),
        "pub completed: Option<chrono::DateTime<chrono::Utc>>,",
    );
}

#[test]
fn an_update_that_cannot_apply_where_it_matched_is_refused_at_the_update() {
    let overlay = format!(
        "{HEAD}actions:\n  - target: $.components.schemas.Task.required[0]\n    update: {{nullable: true}}\n  - target: $.components.schemas.Task\n    update: [nullable]\n  - target: $\n    remove: true\n"
    );
    assert_eq!(
        error_of(&[("spec/v1/overlays/01-wrong.yaml", &overlay)], &[]),
        "error: spec/v1/overlays/01-wrong.yaml#/actions/0/update: the target matches a string at spec/v1/tasks.yaml#/components/schemas/Task/required/0; `update` merges into objects and appends to arrays only (to replace a value, update the object holding it)\n\
         error: spec/v1/overlays/01-wrong.yaml#/actions/1/update: the target matches an object at spec/v1/tasks.yaml#/components/schemas/Task, so `update` must be an object of the properties to merge into it, not an array\n\
         error: spec/v1/overlays/01-wrong.yaml#/actions/2/target: the target matches the whole of spec/v1/tasks.yaml, which `remove` cannot take away"
    );
}

// The command-line front end.

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR).join(path)
}

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sailpoint-codegen"))
        .args(args)
        .output()
        .unwrap()
}

fn path_of(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn the_cli_applies_each_overlay_to_the_spec_before_it() {
    let out = tempfile::tempdir().unwrap();
    let tasks = fixture("tasks.yaml");
    let nullable = fixture("tasks/01-completed-is-nullable.yaml");
    let optional = fixture("tasks/02-name-is-optional.yaml");
    let split = fixture("split/openapi.yaml");
    let launcher = fixture("split/overlays/01-launcher-is-nullable.yaml");
    let output = codegen(&[
        "--out",
        path_of(out.path()),
        &format!("tasks={}", tasks.display()),
        "--overlay",
        path_of(&nullable),
        "--overlay",
        path_of(&optional),
        &format!("status={}", split.display()),
        "--overlay",
        path_of(&launcher),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tasks_models = std::fs::read_to_string(out.path().join("src/tasks/models.rs")).unwrap();
    assert_field(
        &tasks_models,
        "pub completed: Option<chrono::DateTime<chrono::Utc>>,",
    );
    assert_field(&tasks_models, "pub name: Option<String>,");
    let status_models = std::fs::read_to_string(out.path().join("src/status/models.rs")).unwrap();
    assert_field(&status_models, "pub launcher: Option<String>,");
    // The header says how to make the crate again, overlays included.
    let manifest = std::fs::read_to_string(out.path().join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains(&format!(
            " --overlay {} --overlay {} status=",
            nullable.display(),
            optional.display()
        )),
        "{manifest}"
    );
}

#[test]
fn the_cli_refuses_an_overlay_before_any_spec_and_a_bad_overlay_writing_nothing() {
    let out = tempfile::tempdir().unwrap();
    let tasks = fixture("tasks.yaml");
    let nullable = fixture("tasks/01-completed-is-nullable.yaml");
    let output = codegen(&[
        "--out",
        path_of(out.path()),
        "--overlay",
        path_of(&nullable),
        path_of(&tasks),
    ]);
    assert!(!output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim(),
        format!(
            "error: --overlay {}: an overlay applies to the SPEC before it on the command line; give the SPEC first",
            nullable.display()
        )
    );

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("01-bad.yaml");
    std::fs::write(
        &bad,
        format!("{HEAD}actions:\n  - target: $.components..[\n    remove: true\n"),
    )
    .unwrap();
    let output = codegen(&[
        "--out",
        path_of(out.path()),
        path_of(&tasks),
        "--overlay",
        path_of(&bad),
    ]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(&format!(
            "error: {}#/actions/0/target: not a valid JSONPath: ",
            bad.display()
        )),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn the_cli_diff_reports_what_an_overlay_changes() {
    let tasks = fixture("tasks.yaml");
    let nullable = fixture("tasks/01-completed-is-nullable.yaml");
    let output = codegen(&[
        "diff",
        &format!("v1={}", tasks.display()),
        &format!("v1={}", tasks.display()),
        "--overlay",
        path_of(&nullable),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        report.contains("**breaking**: `Task::completed` is now `Option<DateTime<Utc>>`"),
        "{report}"
    );
    assert_eq!(report.lines().last(), Some("semver: major"), "{report}");

    // Applied to both sides, it changes nothing.
    let output = codegen(&[
        "diff",
        &format!("v1={}", tasks.display()),
        "--overlay",
        path_of(&nullable),
        &format!("v1={}", tasks.display()),
        "--overlay",
        path_of(&nullable),
    ]);
    let report = String::from_utf8_lossy(&output.stdout);
    assert_eq!(report.lines().last(), Some("semver: patch"), "{report}");
}
