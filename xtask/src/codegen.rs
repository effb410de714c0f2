//! `cargo xtask codegen`: regenerates `generated-client/` from `spec/` and `templates/`, or with
//! `--check` reports every file that would change, with a diff, and writes nothing.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sailpoint_codegen::{
    ClientProfile, GeneratedFile, OverlayInput, Settings, SpecFiles, SpecInput,
};

/// The command that regenerates the client, as the headers and messages name it.
pub const COMMAND: &str = "cargo xtask codegen";

/// Where the generated crate lives, relative to the workspace root.
pub const CLIENT_DIR: &str = "generated-client";

/// The workspace root (the parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// The version of `sailpoint-client`. Bump it to the version `cargo xtask codegen` names
/// after an API change, then run it again: `generated-client/Cargo.toml` is written from this.
pub const CLIENT_VERSION: &str = "0.5.0";

/// The workspace's runtime crate (`runtime/`) by its absolute path, for a crate generated into a
/// scratch directory (the benchmarks', the semver audit's), which names it by path.
pub fn absolute_runtime_path() -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../runtime")
        .display()
        .to_string()
}

/// The packaging of `generated-client/` inside this workspace.
pub fn settings() -> Settings {
    Settings {
        package_name: "sailpoint-client".into(),
        package_version: CLIENT_VERSION.into(),
        generated_by: COMMAND.into(),
        in_workspace: true,
        dev_dependencies: [
            "criterion",
            "fastrand",
            "futures",
            "httpdate",
            "rcgen",
            "secrecy",
            "tokio",
            "tokio-rustls",
            "tracing",
            "tracing-subscriber",
            "wiremock",
        ]
        .map(String::from)
        .to_vec(),
        benches: vec!["client".into()],
        profile: ClientProfile::sailpoint(),
        runtime_path: Some("../runtime".into()),
    }
}

/// The file that is a module's document when its directory holds a multi-file spec.
pub const ENTRY_DOCUMENTS: [&str; 3] = ["openapi.yaml", "openapi.yml", "openapi.json"];

/// The directory of a module's overlays, `spec/<module>/overlays/`.
pub const OVERLAYS_DIR: &str = "overlays";

/// Whether a file name is that of a YAML or JSON file: a document, a part, or an overlay.
fn is_spec_file(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json")
}

/// A tree of files holding `spec/`: the working directory, or the last commit. Paths are
/// relative to the workspace root, with `/` separators.
pub trait SpecTree {
    /// The entries directly under `dir` (such as `spec` or `spec/v3`), sorted by name, each
    /// with whether it is a directory; none when `dir` does not exist.
    fn entries(&self, dir: &str) -> std::io::Result<Vec<(String, bool)>>;
    /// A file's text.
    fn read(&self, path: &str) -> std::io::Result<String>;
}

/// The working directory under the workspace root.
pub struct WorkingTree<'a>(pub &'a Path);

impl SpecTree for WorkingTree<'_> {
    fn entries(&self, dir: &str) -> std::io::Result<Vec<(String, bool)>> {
        Ok(sorted_entries(&self.0.join(dir))?
            .into_iter()
            .map(|path| {
                let name = path
                    .file_name()
                    .map(|name| name.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (name, path.is_dir())
            })
            .collect())
    }

    fn read(&self, path: &str) -> std::io::Result<String> {
        std::fs::read_to_string(self.0.join(path))
    }
}

/// Reads every spec under `root/spec/` (see [`read_specs_in`]).
pub fn read_specs(root: &Path) -> Result<Vec<SpecInput>, String> {
    read_specs_in(&WorkingTree(root))
}

/// Reads every spec: one document per module directory `spec/<module>/`, which is either the
/// directory's only `.yaml`/`.yml`/`.json` file, or, when the directory holds a multi-file
/// spec, its `openapi.yaml` (or `.yml`, `.json`), whose references name the other files. A
/// directory with no document in it (no file with a top-level `openapi` key), such as
/// `spec/shared/`, holds parts that documents refer to and is no module. A module's overlays
/// are the YAML and JSON files of `spec/<module>/overlays/`, applied in the byte order of their
/// names; `overlays/` anywhere else is refused, since nothing would apply it.
pub fn read_specs_in(tree: &dyn SpecTree) -> Result<Vec<SpecInput>, String> {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    let entries = tree
        .entries("spec")
        .map_err(|error| format!("error: spec/: cannot list the directory: {error}"))?;
    for (module, _) in entries.into_iter().filter(|(_, is_dir)| *is_dir) {
        if module == OVERLAYS_DIR {
            problems.push(format!(
                "error: spec/{OVERLAYS_DIR}/: overlays live in the directory of the module they apply to, `spec/<module>/{OVERLAYS_DIR}/`"
            ));
            continue;
        }
        let module_dir = format!("spec/{module}");
        let has_overlays;
        let documents: Vec<String> = match tree.entries(&module_dir) {
            Ok(files) => {
                has_overlays = files
                    .iter()
                    .any(|(name, is_dir)| *is_dir && name == OVERLAYS_DIR);
                let documents: Vec<String> = files
                    .into_iter()
                    .filter(|(name, is_dir)| !is_dir && is_spec_file(name))
                    .map(|(name, _)| format!("{module_dir}/{name}"))
                    .collect();
                let entry: Vec<String> = documents
                    .iter()
                    .filter(|path| {
                        ENTRY_DOCUMENTS
                            .iter()
                            .any(|entry| path.rsplit('/').next() == Some(*entry))
                    })
                    .cloned()
                    .collect();
                if !entry.is_empty() {
                    entry
                } else if documents.iter().any(|path| {
                    tree.read(path)
                        .is_ok_and(|text| looks_like_a_document(&text))
                }) {
                    documents
                } else if has_overlays {
                    problems.push(format!(
                        "error: {module_dir}/{OVERLAYS_DIR}/: {module_dir}/ holds no OpenAPI document, so there is nothing for its overlays to apply to; overlays live in the directory of the module they apply to"
                    ));
                    continue;
                } else {
                    // Parts other modules' documents refer to (such as `spec/shared/`).
                    continue;
                }
            }
            Err(error) => {
                problems.push(format!(
                    "error: spec/{module}/: cannot list the directory: {error}"
                ));
                continue;
            }
        };
        let [document] = documents.as_slice() else {
            problems.push(format!(
                "error: spec/{module}/: expected one OpenAPI document: the only .yaml file in the directory, or `openapi.yaml` for a spec split across files; found {}",
                documents.len()
            ));
            continue;
        };
        let overlays = if has_overlays {
            match read_overlays(tree, &format!("{module_dir}/{OVERLAYS_DIR}")) {
                Ok(overlays) => overlays,
                Err(found) => {
                    problems.extend(found);
                    continue;
                }
            }
        } else {
            Vec::new()
        };
        match tree.read(document) {
            Ok(contents) => inputs.push(SpecInput {
                file: document.clone(),
                module: Some(module),
                contents,
                overlays,
            }),
            Err(error) => {
                problems.push(format!("error: {document}: cannot read the file: {error}"))
            }
        }
    }
    if problems.is_empty() {
        Ok(inputs)
    } else {
        Err(problems.join("\n"))
    }
}

/// The overlays in `dir`, in the byte order of their names (so `01-...` applies before `02-...`).
fn read_overlays(tree: &dyn SpecTree, dir: &str) -> Result<Vec<OverlayInput>, Vec<String>> {
    let mut names: Vec<String> = tree
        .entries(dir)
        .map_err(|error| vec![format!("error: {dir}/: cannot list the directory: {error}")])?
        .into_iter()
        .filter(|(name, is_dir)| !is_dir && is_spec_file(name))
        .map(|(name, _)| name)
        .collect();
    // Both trees list sorted already; sorting here makes the order this function's promise.
    names.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    let mut overlays = Vec::new();
    let mut problems = Vec::new();
    for name in names {
        let file = format!("{dir}/{name}");
        match tree.read(&file) {
            Ok(contents) => overlays.push(OverlayInput { file, contents }),
            Err(error) => problems.push(format!("error: {file}: cannot read the file: {error}")),
        }
    }
    if problems.is_empty() {
        Ok(overlays)
    } else {
        Err(problems)
    }
}

/// Whether a file starts an OpenAPI document (it has the top-level `openapi` or `swagger`
/// key) rather than holding a part that documents refer to.
fn looks_like_a_document(text: &str) -> bool {
    text.lines().any(|line| {
        line.starts_with("openapi:")
            || line.starts_with("swagger:")
            || line.trim_start().starts_with("{\"openapi\"")
            || line.trim_start().starts_with("\"openapi\"")
    })
}

/// The files a spec references, read from `spec/` under the workspace root. Nothing outside
/// `spec/` is read, so the committed client depends on committed specs only.
pub struct SpecDirectory {
    root: PathBuf,
}

impl SpecDirectory {
    /// Files named relative to `root`, the workspace root.
    pub fn new(root: &Path) -> Self {
        SpecDirectory {
            root: root.to_path_buf(),
        }
    }
}

impl SpecFiles for SpecDirectory {
    fn read(&self, path: &str) -> Result<String, String> {
        if !path.starts_with("spec/") || path.split('/').any(|part| part == "..") {
            return Err("it is outside spec/; every file of a spec must live under spec/".into());
        }
        std::fs::read_to_string(self.root.join(path)).map_err(|error| error.to_string())
    }

    fn list(&self, dir: &str) -> Vec<String> {
        let listed = std::fs::read_dir(self.root.join(dir));
        let mut paths: Vec<String> = listed
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| Some(format!("{dir}{}", entry.file_name().to_str()?)))
            .collect();
        paths.sort();
        paths
    }
}

/// Generates the client in memory.
pub fn generate(root: &Path) -> Result<Vec<GeneratedFile>, String> {
    let inputs = read_specs(root)?;
    let generation =
        sailpoint_codegen::generate_with_files(&inputs, &SpecDirectory::new(root), &settings())
            .map_err(|error| error.to_string())?;
    // The committed client promises every operation of its specs; a skipped one is an error here.
    if generation.report.skipped_count() > 0 {
        return Err(format!(
            "error: some operations cannot be generated, so nothing was written:\n{}",
            generation.report.refusal_summary()
        ));
    }
    // Nor may a value of the committed client lose its type to a repair: a typo such as
    // `type: strng` would otherwise become `serde_json::Value` in the public API, unnoticed.
    let lost = generation.report.lost_types();
    if !lost.is_empty() {
        let lines: Vec<String> = lost
            .iter()
            .map(|warning| format!("error: {}", warning.refused()))
            .collect();
        return Err(format!(
            "{}\nerror: the committed client keeps every value typed: fix each schema where it is \
             written (the file and pointer above); an overlay (spec/<module>/overlays/) is for a \
             correction to a document copied from upstream, which a fresh copy would undo",
            lines.join("\n")
        ));
    }
    for module in &generation.report.modules {
        for warning in &module.warnings {
            eprintln!("warning: {warning}");
        }
    }
    Ok(generation.files)
}

/// How a file on disk differs from what the generator produces.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    /// Generated but missing on disk.
    Missing,
    /// On disk with other contents.
    Edited {
        /// What is on disk now.
        on_disk: String,
    },
    /// Under `src/` on disk with the generated header, but no longer generated.
    Stale,
    /// Under `src/` on disk without the generated header: written by hand, so never deleted,
    /// though the crate never compiles it (nothing in `src/` declares it).
    HandWritten,
}

/// What the first line of every file the generator writes says.
const GENERATED_MARK: &str = "@generated";

/// Where the advice for a hand-written file under `src/` sends it.
const HAND_WRITTEN_ADVICE: &str = "src/ is the generator's and nothing in it declares this file, so the crate never compiles it; \
     move it out of src/, or into the hand-written tests/, examples/ or benches/";

/// Compares the generated files with `generated-client/` on disk. Only `Cargo.toml` and
/// `src/` belong to the generator; `tests/`, `examples/` and `benches/` are never looked at.
pub fn changes(
    client_dir: &Path,
    files: &[GeneratedFile],
) -> std::io::Result<BTreeMap<String, Change>> {
    let mut changes = BTreeMap::new();
    for file in files {
        match std::fs::read_to_string(client_dir.join(&file.path)) {
            Ok(on_disk) if normalize(&on_disk) == normalize(&file.contents) => {}
            Ok(on_disk) => {
                changes.insert(file.path.clone(), Change::Edited { on_disk });
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                changes.insert(file.path.clone(), Change::Missing);
            }
            Err(error) => return Err(error),
        }
    }
    let generated: Vec<&str> = files.iter().map(|file| file.path.as_str()).collect();
    for path in walk(&client_dir.join("src"))? {
        let relative_path = relative(client_dir, &path);
        if !generated.contains(&relative_path.as_str()) {
            let header = std::fs::read_to_string(&path)
                .map(|text| {
                    text.lines()
                        .next()
                        .unwrap_or_default()
                        .contains(GENERATED_MARK)
                })
                .unwrap_or(false);
            let change = if header {
                Change::Stale
            } else {
                Change::HandWritten
            };
            changes.insert(relative_path, change);
        }
    }
    Ok(changes)
}

/// Line endings are compared as `\n`, so a checkout with CRLF is not drift.
fn normalize(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// The report `--check` prints: each file, what is wrong and a diff, then the fix.
pub fn drift_report(files: &[GeneratedFile], changes: &BTreeMap<String, Change>) -> String {
    let mut report = String::new();
    let _ = writeln!(
        report,
        "{CLIENT_DIR}/ is out of date with spec/, templates/ and the generator ({} file(s)):",
        changes.len()
    );
    for (path, change) in changes {
        let shown = format!("{CLIENT_DIR}/{path}");
        match change {
            Change::Missing => {
                let _ = writeln!(report, "\n  missing: {shown}");
            }
            Change::Stale => {
                let _ = writeln!(report, "\n  no longer generated (delete it): {shown}");
            }
            Change::HandWritten => {
                let _ = writeln!(
                    report,
                    "\n  written by hand (no `{GENERATED_MARK}` header), under src/: {shown}: {HAND_WRITTEN_ADVICE}"
                );
            }
            Change::Edited { on_disk } => {
                let _ = writeln!(report, "\n  differs: {shown}");
                let expected = files
                    .iter()
                    .find(|file| &file.path == path)
                    .map(|file| file.contents.as_str())
                    .unwrap_or_default();
                let on_disk = normalize(on_disk);
                let expected = normalize(expected);
                let diff = similar::TextDiff::from_lines(&on_disk, &expected);
                let _ = write!(
                    report,
                    "{}",
                    diff.unified_diff().context_radius(3).header(
                        &format!("a/{shown} (on disk)"),
                        &format!("b/{shown} (generated)")
                    )
                );
            }
        }
    }
    let _ = writeln!(report, "\nRun `{COMMAND}` and commit the result.");
    report
}

/// The warnings for hand-written files under `src/`, which [`apply`] leaves where they are.
pub fn hand_written_warnings(changes: &BTreeMap<String, Change>) -> Vec<String> {
    changes
        .iter()
        .filter(|(_, change)| **change == Change::HandWritten)
        .map(|(path, _)| {
            format!(
                "warning: {CLIENT_DIR}/{path} has no `{GENERATED_MARK}` header, so it was left alone: {HAND_WRITTEN_ADVICE}"
            )
        })
        .collect()
}

/// Writes what changed and deletes stale generated files; a file without the generated header
/// is never deleted. Each file is written to a temporary file
/// beside it and renamed into place, so no file is ever left half-written.
pub fn apply(
    client_dir: &Path,
    files: &[GeneratedFile],
    changes: &BTreeMap<String, Change>,
) -> std::io::Result<()> {
    for (path, change) in changes {
        let target = client_dir.join(path);
        match change {
            Change::Stale => std::fs::remove_file(&target)?,
            Change::HandWritten => {}
            Change::Missing | Change::Edited { .. } => {
                let Some(file) = files.iter().find(|file| &file.path == path) else {
                    continue;
                };
                let parent = target.parent().unwrap_or(client_dir);
                std::fs::create_dir_all(parent)?;
                let mut staged = tempfile::NamedTempFile::new_in(parent)?;
                std::io::Write::write_all(&mut staged, file.contents.as_bytes())?;
                staged.persist(&target).map_err(|error| error.error)?;
            }
        }
    }
    remove_empty_dirs(&client_dir.join("src"))
}

fn remove_empty_dirs(dir: &Path) -> std::io::Result<()> {
    for entry in sorted_entries(dir)? {
        if entry.is_dir() {
            remove_empty_dirs(&entry)?;
            if std::fs::read_dir(&entry)?.next().is_none() {
                std::fs::remove_dir(&entry)?;
            }
        }
    }
    Ok(())
}

fn sorted_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut entries = Vec::new();
    match std::fs::read_dir(dir) {
        Ok(read) => {
            for entry in read {
                entries.push(entry?.path());
            }
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(error),
    }
    entries.sort();
    Ok(entries)
}

/// Every file under `dir`, recursively.
fn walk(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in sorted_entries(dir)? {
        if entry.is_dir() {
            files.extend(walk(&entry)?);
        } else {
            files.push(entry);
        }
    }
    Ok(files)
}

/// `path` relative to `base`, with `/` separators whatever the platform.
fn relative(base: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    relative
        .components()
        .map(|component| component.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.into(),
            contents: contents.into(),
        }
    }

    /// The same check as `cargo xtask codegen --check`, so `cargo test` fails on drift too.
    #[test]
    fn generated_client_matches_spec_templates_and_generator() {
        let root = workspace_root();
        let files = generate(&root).unwrap_or_else(|error| panic!("generation failed:\n{error}"));
        let found = changes(&root.join(CLIENT_DIR), &files).unwrap();
        assert!(found.is_empty(), "{}", drift_report(&files, &found));
    }

    #[test]
    fn a_module_directory_may_hold_a_spec_split_across_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |path: &str, contents: &str| {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, contents).unwrap();
        };
        let head = "openapi: 3.0.3\ninfo: {title: t, version: v1}\n";
        write(
            "spec/tasks/openapi.yaml",
            &format!("{head}paths:\n  /tasks/v1:\n    $ref: ./paths/tasks.yaml\n"),
        );
        write(
            "spec/tasks/paths/tasks.yaml",
            "get:\n  operationId: listTasks\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema:\n            $ref: ../../shared/taskitem.yaml\n",
        );
        write(
            "spec/shared/taskitem.yaml",
            "type: object\nproperties:\n  taskId: {type: string}\n  itemCount: {type: integer}\n",
        );
        write("spec/single/api.yaml", &format!("{head}paths: {{}}\n"));
        let inputs = read_specs(root).unwrap();
        let files: Vec<(&str, Option<&str>)> = inputs
            .iter()
            .map(|input| (input.file.as_str(), input.module.as_deref()))
            .collect();
        assert_eq!(
            files,
            [
                ("spec/single/api.yaml", Some("single")),
                ("spec/tasks/openapi.yaml", Some("tasks")),
            ],
            "`spec/shared/` holds no document of its own, so it is no module"
        );
        let generation =
            sailpoint_codegen::generate_with_files(&inputs, &SpecDirectory::new(root), &settings())
                .unwrap();
        let models = generation
            .files
            .iter()
            .find(|file| file.path == "src/tasks/models.rs")
            .unwrap();
        assert!(
            models.contents.contains("pub struct TaskItem "),
            "{}",
            models.contents
        );

        // Every file of the spec counts: a change in a referenced file changes the client.
        write(
            "spec/shared/taskitem.yaml",
            "type: object\nproperties:\n  taskId: {type: string}\n",
        );
        let again =
            sailpoint_codegen::generate_with_files(&inputs, &SpecDirectory::new(root), &settings())
                .unwrap();
        assert_ne!(again.files, generation.files);
    }

    fn write_in(root: &Path, path: &str, contents: &str) {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    const TASKS: &str = "openapi: 3.0.3\ninfo: {title: t, version: v1}\npaths:\n  /tasks:\n    get:\n      operationId: listTasks\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Task'}\ncomponents:\n  schemas:\n    Task:\n      type: object\n      required: [name]\n      properties:\n        name: {type: string}\n";

    fn overlay(update: &str) -> String {
        format!(
            "overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\nactions:\n  - target: $.components.schemas.Task.properties.name\n    update: {update}\n"
        )
    }

    /// The overlays of `spec/<module>/overlays/` apply in the byte order of their names, and an
    /// edit to one is drift until the client is regenerated, as `--check` reports it.
    #[test]
    fn a_modules_overlays_apply_in_name_order_and_an_edit_to_one_is_drift() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_in(root, "spec/tasks/tasks.yaml", TASKS);
        write_in(
            root,
            "spec/tasks/overlays/02-later.yaml",
            &overlay("{nullable: true}"),
        );
        write_in(
            root,
            "spec/tasks/overlays/01-first.yaml",
            &overlay("{description: first}"),
        );
        write_in(
            root,
            "spec/tasks/overlays/README.md",
            "Why each overlay is here.\n",
        );
        let inputs = read_specs(root).unwrap();
        let found: Vec<(&str, Vec<&str>)> = inputs
            .iter()
            .map(|input| {
                (
                    input.file.as_str(),
                    input
                        .overlays
                        .iter()
                        .map(|overlay| overlay.file.as_str())
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [(
                "spec/tasks/tasks.yaml",
                vec![
                    "spec/tasks/overlays/01-first.yaml",
                    "spec/tasks/overlays/02-later.yaml"
                ]
            )],
            "`overlays/` is neither a module nor a document of its module"
        );

        let client = root.join(CLIENT_DIR);
        let files = generate(root).unwrap();
        let models = &files
            .iter()
            .find(|file| file.path == "src/tasks/models.rs")
            .unwrap()
            .contents;
        assert!(models.contains("pub name: Option<String>,"), "{models}");
        apply(&client, &files, &changes(&client, &files).unwrap()).unwrap();
        assert!(
            changes(&client, &generate(root).unwrap())
                .unwrap()
                .is_empty()
        );

        // The overlay no longer makes `name` nullable: the committed client is out of date.
        write_in(
            root,
            "spec/tasks/overlays/02-later.yaml",
            &overlay("{nullable: false}"),
        );
        let files = generate(root).unwrap();
        let found = changes(&client, &files).unwrap();
        assert_eq!(found.keys().collect::<Vec<_>>(), ["src/tasks/models.rs"]);
        let report = drift_report(&files, &found);
        assert!(
            report.contains("-    pub name: Option<String>,"),
            "{report}"
        );
        assert!(report.contains("+    pub name: String,"), "{report}");
    }

    #[test]
    fn overlays_outside_a_module_directory_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_in(root, "spec/tasks/tasks.yaml", TASKS);
        write_in(
            root,
            "spec/overlays/01-a.yaml",
            &overlay("{nullable: true}"),
        );
        write_in(root, "spec/shared/task.yaml", "type: object\n");
        write_in(
            root,
            "spec/shared/overlays/01-a.yaml",
            &overlay("{nullable: true}"),
        );
        assert_eq!(
            read_specs(root).err().unwrap_or_default(),
            "error: spec/overlays/: overlays live in the directory of the module they apply to, `spec/<module>/overlays/`\n\
             error: spec/shared/overlays/: spec/shared/ holds no OpenAPI document, so there is nothing for its overlays to apply to; overlays live in the directory of the module they apply to"
        );
    }

    /// A target that matches nothing is a warning, which `cargo xtask codegen` prints and lets
    /// pass; a bad overlay is an error, located in the overlay, and nothing is generated.
    #[test]
    fn a_stale_overlay_warns_and_a_bad_one_fails() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_in(root, "spec/tasks/tasks.yaml", TASKS);
        write_in(
            root,
            "spec/tasks/overlays/01-stale.yaml",
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.components.schemas.Gone\n    remove: true\n",
        );
        assert!(generate(root).is_ok());
        write_in(
            root,
            "spec/tasks/overlays/01-stale.yaml",
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: components\n    remove: true\n",
        );
        assert_eq!(
            generate(root).err().unwrap_or_default(),
            "error: spec/tasks/overlays/01-stale.yaml#/actions/0/target: not a valid JSONPath: it must start with `$`, the document's root, such as `$.components.schemas.Task`"
        );
    }

    /// A misspelled `type` is a warning for other front ends, but the committed client would
    /// carry a `serde_json::Value` in its public API unnoticed, so `cargo xtask codegen` fails.
    #[test]
    fn a_repair_that_gives_up_a_type_fails_the_committed_client() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_in(
            root,
            "spec/tasks/tasks.yaml",
            &TASKS.replace("name: {type: string}", "name: {type: strng}"),
        );
        let error = generate(root).err().unwrap_or_default();
        assert_eq!(
            error,
            "error: spec/tasks/tasks.yaml#/components/schemas/Task/properties/name/type: `type: strng` is not a JSON Schema type (did you mean `string`?); expected one of string, number, integer, boolean, array, object, null; the schema is read as any JSON value (`serde_json::Value`), which is refused: nothing was written\n\
             error: the committed client keeps every value typed: fix each schema where it is written (the file and pointer above); an overlay (spec/<module>/overlays/) is for a correction to a document copied from upstream, which a fresh copy would undo"
        );
        write_in(root, "spec/tasks/tasks.yaml", TASKS);
        assert!(generate(root).is_ok());
    }

    #[test]
    fn a_misspelled_file_name_suggests_the_file_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_in(root, "spec/shared/schemas.yaml", "Name: {type: string}\n");
        write_in(
            root,
            "spec/tasks/tasks.yaml",
            &TASKS.replace(
                "name: {type: string}",
                "name: {$ref: '../shared/shcemas.yaml#/Name'}",
            ),
        );
        let error = generate(root).err().unwrap_or_default();
        assert!(
            error.contains(
                "`../shared/shcemas.yaml#/Name` names `spec/shared/shcemas.yaml`, which cannot be read: "
            ) && error.contains(" (did you mean `spec/shared/schemas.yaml`?)"),
            "{error}"
        );
    }

    #[test]
    fn nothing_outside_spec_is_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("secret.yaml"), "type: string\n").unwrap();
        let files = SpecDirectory::new(&dir.path().join("root"));
        assert_eq!(
            files.read("spec/../secret.yaml"),
            Err("it is outside spec/; every file of a spec must live under spec/".to_owned())
        );
        assert!(files.read("../secret.yaml").is_err());
    }

    /// A file under `src/` without the generated header was written by hand: it is named with
    /// what to do, and never deleted.
    #[test]
    fn a_hand_written_file_under_src_is_named_and_never_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let client = dir.path();
        std::fs::create_dir_all(client.join("src/v3")).unwrap();
        std::fs::write(client.join("src/lib.rs"), "pub mod v3;\n").unwrap();
        std::fs::write(client.join("src/v3/extra.rs"), "pub fn mine() {}\n").unwrap();
        let files = vec![file("src/lib.rs", "pub mod v3;\n")];

        let found = changes(client, &files).unwrap();
        assert_eq!(
            found,
            BTreeMap::from([("src/v3/extra.rs".to_owned(), Change::HandWritten)])
        );
        let report = drift_report(&files, &found);
        assert!(
            report.contains("written by hand (no `@generated` header), under src/: generated-client/src/v3/extra.rs: src/ is the generator's and nothing in it declares this file, so the crate never compiles it; move it out of src/, or into the hand-written tests/, examples/ or benches/"),
            "{report}"
        );
        assert_eq!(
            hand_written_warnings(&found),
            [
                "warning: generated-client/src/v3/extra.rs has no `@generated` header, so it was left alone: src/ is the generator's and nothing in it declares this file, so the crate never compiles it; move it out of src/, or into the hand-written tests/, examples/ or benches/"
            ]
        );

        apply(client, &files, &found).unwrap();
        assert_eq!(
            std::fs::read_to_string(client.join("src/v3/extra.rs")).unwrap(),
            "pub fn mine() {}\n"
        );
    }

    #[test]
    fn drift_is_reported_per_file_and_fixed_by_apply() {
        let dir = tempfile::tempdir().unwrap();
        let client = dir.path();
        std::fs::create_dir_all(client.join("src/old")).unwrap();
        std::fs::create_dir_all(client.join("tests")).unwrap();
        std::fs::write(client.join("src/lib.rs"), "pub mod a;\r\n").unwrap();
        std::fs::write(client.join("src/edited.rs"), "fn a() {}\n").unwrap();
        std::fs::write(
            client.join("src/old/stale.rs"),
            "// @generated by `cargo xtask codegen`.\n",
        )
        .unwrap();
        std::fs::write(client.join("tests/hand_written.rs"), "").unwrap();
        let files = vec![
            file("Cargo.toml", "[package]\n"),
            file("src/lib.rs", "pub mod a;\n"),
            file("src/edited.rs", "fn b() {}\n"),
        ];

        let found = changes(client, &files).unwrap();
        assert_eq!(
            found.keys().collect::<Vec<_>>(),
            ["Cargo.toml", "src/edited.rs", "src/old/stale.rs"]
        );
        let report = drift_report(&files, &found);
        assert!(
            report.contains("missing: generated-client/Cargo.toml"),
            "{report}"
        );
        assert!(
            report.contains("differs: generated-client/src/edited.rs"),
            "{report}"
        );
        assert!(report.contains("-fn a() {}\n+fn b() {}"), "{report}");
        assert!(
            report.contains("no longer generated (delete it): generated-client/src/old/stale.rs"),
            "{report}"
        );
        assert!(
            report.ends_with("Run `cargo xtask codegen` and commit the result.\n"),
            "{report}"
        );

        apply(client, &files, &found).unwrap();
        assert!(changes(client, &files).unwrap().is_empty());
        assert!(
            !client.join("src/old").exists(),
            "empty directories are removed"
        );
        assert!(
            client.join("tests/hand_written.rs").exists(),
            "hand-written files are never touched"
        );
    }
}
