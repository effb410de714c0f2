//! `cargo xtask semver-audit`: checks that the API change report tells the truth. Each case is
//! one edit to a small API; the crates generated before and after it are compared by the
//! report (`sailpoint_codegen::diff_specs`) and by `cargo-semver-checks`, and the two required
//! version bumps must agree, except where the tool is known to be blind.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use sailpoint_codegen::{NoFiles, Settings, SpecInput, diff_specs, generate};
use serde_json::{Value as Json, json};

/// One change to the base API.
struct Case {
    /// What the change is, as the table shows it.
    name: &'static str,
    /// Makes the change; `None` when a place it edits is missing (a bug in this file).
    edit: fn(&mut Json) -> Option<()>,
    /// `cargo-semver-checks` has no lint for this kind of change: it passes a change that
    /// breaks code reading the field (a type change, or `T` becoming `Option<T>`), so the truth
    /// is the report's **major**, not the tool's verdict.
    tool_blind_spot: bool,
}

/// How two verdicts compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Agree,
    /// The report says minor and the tool finds nothing to flag: both say the change breaks
    /// nobody. The tool has no lint for additions (a new method, type or variant is never a
    /// semver violation, so it never asks for more than a patch), while semver counts a new
    /// API as a minor release.
    AgreeNotBreaking,
    /// The tool passes a change that breaks callers; the report says major.
    ToolBlindSpot,
    Disagree,
}

impl Verdict {
    fn of(report: &str, tool: &str, tool_blind_spot: bool) -> Verdict {
        match (report, tool) {
            _ if report == tool => Verdict::Agree,
            ("minor", "patch") => Verdict::AgreeNotBreaking,
            ("major", _) if tool_blind_spot => Verdict::ToolBlindSpot,
            _ => Verdict::Disagree,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Verdict::Agree => "agree",
            Verdict::AgreeNotBreaking => {
                "agree: not breaking (the tool has no lint for additions, which semver counts as minor)"
            }
            Verdict::ToolBlindSpot => "tool's blind spot: the report is right, it breaks readers",
            Verdict::Disagree => "**DISAGREE**",
        }
    }
}

/// The API every case edits: a list, a create and a get, a response model, a request model, a
/// string enum and an error body.
fn base() -> Json {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Audit", "version": "1.0.0"},
        "servers": [{"url": "https://example.com/v1"}],
        "paths": {
            "/tasks": {
                "get": {
                    "operationId": "listTasks",
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32"}}
                    ],
                    "responses": {
                        "200": {"description": "Tasks.", "content": {"application/json": {"schema": {
                            "type": "array", "items": {"$ref": "#/components/schemas/Task"}
                        }}}},
                        "400": {"description": "Bad request.", "content": {"application/json": {"schema": {
                            "$ref": "#/components/schemas/ErrorBody"
                        }}}}
                    }
                },
                "post": {
                    "operationId": "createTask",
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {
                        "$ref": "#/components/schemas/TaskCreate"
                    }}}},
                    "responses": {
                        "201": {"description": "Created.", "content": {"application/json": {"schema": {
                            "$ref": "#/components/schemas/Task"
                        }}}}
                    }
                }
            },
            "/tasks/{id}": {
                "get": {
                    "operationId": "getTask",
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {"description": "The task.", "content": {"application/json": {"schema": {
                            "$ref": "#/components/schemas/Task"
                        }}}},
                        "404": {"description": "No such task.", "content": {"application/json": {"schema": {
                            "$ref": "#/components/schemas/ErrorBody"
                        }}}}
                    }
                }
            }
        },
        "components": {"schemas": {
            "Task": {
                "type": "object",
                "description": "A task.",
                "required": ["id", "name", "status", "percentComplete", "modified"],
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "status": {"$ref": "#/components/schemas/Status"},
                    "percentComplete": {"type": "integer", "format": "int64"},
                    "modified": {"type": "string", "format": "date-time"},
                    "note": {"type": "string"}
                }
            },
            "TaskCreate": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "priority": {"type": "integer", "format": "int32"}
                }
            },
            "Status": {"type": "string", "enum": ["PENDING", "DONE", "ERROR"]},
            "ErrorBody": {"type": "object", "properties": {"message": {"type": "string"}}}
        }}
    })
}

fn schema<'v>(document: &'v mut Json, name: &str) -> Option<&'v mut serde_json::Map<String, Json>> {
    document
        .pointer_mut("/components/schemas")?
        .get_mut(name)?
        .as_object_mut()
}

fn properties<'v>(
    document: &'v mut Json,
    name: &str,
) -> Option<&'v mut serde_json::Map<String, Json>> {
    schema(document, name)?
        .get_mut("properties")?
        .as_object_mut()
}

fn required<'v>(document: &'v mut Json, name: &str) -> Option<&'v mut Vec<Json>> {
    schema(document, name)?.get_mut("required")?.as_array_mut()
}

fn operation<'v>(
    document: &'v mut Json,
    path: &str,
    method: &str,
) -> Option<&'v mut serde_json::Map<String, Json>> {
    document
        .get_mut("paths")?
        .get_mut(path)?
        .get_mut(method)?
        .as_object_mut()
}

fn parameters<'v>(document: &'v mut Json, path: &str, method: &str) -> Option<&'v mut Vec<Json>> {
    operation(document, path, method)?
        .get_mut("parameters")?
        .as_array_mut()
}

fn responses<'v>(
    document: &'v mut Json,
    path: &str,
    method: &str,
) -> Option<&'v mut serde_json::Map<String, Json>> {
    operation(document, path, method)?
        .get_mut("responses")?
        .as_object_mut()
}

/// Every `$ref` to `from` in the document, pointed at `to`.
fn retarget(value: &mut Json, from: &str, to: &str) {
    match value {
        Json::Object(map) => {
            for (key, child) in map.iter_mut() {
                if key == "$ref" && child.as_str() == Some(from) {
                    *child = json!(to);
                } else {
                    retarget(child, from, to);
                }
            }
        }
        Json::Array(items) => items.iter_mut().for_each(|item| retarget(item, from, to)),
        _ => {}
    }
}

/// The matrix: at least one case for every kind of change the report classifies.
fn cases() -> Vec<Case> {
    let case = |name, edit| Case {
        name,
        edit,
        tool_blind_spot: false,
    };
    vec![
        case("operation added", |doc| {
            let item = doc.pointer_mut("/paths/~1tasks~1{id}")?.as_object_mut()?;
            item.insert(
                "delete".into(),
                json!({
                    "operationId": "deleteTask",
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {"204": {"description": "Deleted."}}
                }),
            );
            Some(())
        }),
        case("operation removed", |doc| {
            doc.pointer_mut("/paths/~1tasks~1{id}")?
                .as_object_mut()?
                .remove("get")
                .map(drop)
        }),
        case("optional query parameter added", |doc| {
            parameters(doc, "/tasks", "get")?.push(
                json!({"name": "offset", "in": "query", "schema": {"type": "integer", "format": "int32"}}),
            );
            Some(())
        }),
        case("required query parameter added", |doc| {
            parameters(doc, "/tasks", "get")?.push(
                json!({"name": "filter", "in": "query", "required": true, "schema": {"type": "string"}}),
            );
            Some(())
        }),
        case("optional query parameter removed", |doc| {
            parameters(doc, "/tasks", "get")?.clear();
            Some(())
        }),
        case("optional field added to a request model", |doc| {
            properties(doc, "TaskCreate")?.insert(
                "tags".into(),
                json!({"type": "array", "items": {"type": "string"}}),
            );
            Some(())
        }),
        case("required field added to a request model", |doc| {
            properties(doc, "TaskCreate")?.insert("owner".into(), json!({"type": "string"}));
            required(doc, "TaskCreate")?.push(json!("owner"));
            Some(())
        }),
        case("optional field added to a response model", |doc| {
            properties(doc, "Task")?.insert(
                "attempts".into(),
                json!({"type": "integer", "format": "int32"}),
            );
            Some(())
        }),
        case("required field added to a response model", |doc| {
            properties(doc, "Task")?.insert("createdBy".into(), json!({"type": "string"}));
            required(doc, "Task")?.push(json!("createdBy"));
            Some(())
        }),
        Case {
            name: "field becomes nullable (`modified`)",
            edit: |doc| {
                properties(doc, "Task")?
                    .get_mut("modified")?
                    .as_object_mut()?
                    .insert("nullable".into(), json!(true));
                Some(())
            },
            tool_blind_spot: true,
        },
        Case {
            name: "field changes type (`percentComplete` i64 to String)",
            edit: |doc| {
                properties(doc, "Task")?
                    .insert("percentComplete".into(), json!({"type": "string"}));
                Some(())
            },
            tool_blind_spot: true,
        },
        case("enum value added", |doc| {
            schema(doc, "Status")?
                .get_mut("enum")?
                .as_array_mut()?
                .push(json!("CANCELLED"));
            Some(())
        }),
        case("enum value removed", |doc| {
            schema(doc, "Status")?
                .get_mut("enum")?
                .as_array_mut()?
                .retain(|value| value != "ERROR");
            Some(())
        }),
        case("error status documented", |doc| {
            responses(doc, "/tasks/{id}", "get")?.insert(
                "429".into(),
                json!({"description": "Too many requests.", "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/ErrorBody"
                }}}}),
            );
            Some(())
        }),
        case("error status no longer documented", |doc| {
            responses(doc, "/tasks/{id}", "get")?
                .remove("404")
                .map(drop)
        }),
        case("schema renamed (`Task` to `TaskRecord`)", |doc| {
            let schemas = doc.pointer_mut("/components/schemas")?.as_object_mut()?;
            let task = schemas.remove("Task")?;
            schemas.insert("TaskRecord".into(), task);
            retarget(
                doc,
                "#/components/schemas/Task",
                "#/components/schemas/TaskRecord",
            );
            Some(())
        }),
        case("description changed", |doc| {
            schema(doc, "Task")?.insert("description".into(), json!("A unit of background work."));
            Some(())
        }),
        case("operation deprecated", |doc| {
            operation(doc, "/tasks", "get")?.insert("deprecated".into(), json!(true));
            Some(())
        }),
    ]
}

/// One row of the table.
struct Row {
    name: &'static str,
    report: String,
    tool: String,
    lints: Vec<String>,
    verdict: Verdict,
}

/// Runs every case and prints the table; `Err` when the tool is missing, a step fails, or the
/// report and the tool disagree anywhere but in the tool's known blind spots.
pub fn run(root: &Path) -> Result<(), String> {
    let version = tool_version()?;
    let started = Instant::now();
    let work = tempfile::tempdir().map_err(|error| format!("a temporary directory: {error}"))?;
    // One target directory for every case and run, so dependencies are built once.
    let target = root.join("target").join("semver-audit");
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).ok();
    let base = base();
    let mut rows = Vec::new();
    for (index, case) in cases().iter().enumerate() {
        let mut edited = base.clone();
        (case.edit)(&mut edited)
            .ok_or_else(|| format!("case `{}`: the edit found nothing to change", case.name))?;
        let package = format!("audit-case-{:02}", index + 1);
        let dir = work.path().join(&package);
        eprintln!("==> {}: {}", package, case.name);
        write_crate(&dir.join("before"), &package, &base, lock.as_deref())?;
        write_crate(&dir.join("after"), &package, &edited, lock.as_deref())?;
        let report = diff_specs(&[input(&base)], &[input(&edited)], &NoFiles)
            .map_err(|error| format!("case `{}`: {error}", case.name))?
            .semver()
            .as_str()
            .to_owned();
        let (tool, lints) = semver_checks(&dir, &target)
            .map_err(|error| format!("case `{}`: {error}", case.name))?;
        let verdict = Verdict::of(&report, &tool, case.tool_blind_spot);
        rows.push(Row {
            name: case.name,
            report,
            tool,
            lints,
            verdict,
        });
    }
    println!("{}", table(&rows, &version));
    let disagreements = rows
        .iter()
        .filter(|row| row.verdict == Verdict::Disagree)
        .count();
    eprintln!(
        "{} cases in {:.0?}: {} agree, {} in the tool's blind spot, {} disagree",
        rows.len(),
        started.elapsed(),
        rows.iter()
            .filter(|row| matches!(row.verdict, Verdict::Agree | Verdict::AgreeNotBreaking))
            .count(),
        rows.iter()
            .filter(|row| row.verdict == Verdict::ToolBlindSpot)
            .count(),
        disagreements
    );
    if disagreements > 0 {
        return Err(format!(
            "the report and cargo-semver-checks disagree on {disagreements} case(s)"
        ));
    }
    Ok(())
}

/// The installed tool's version, or how to install it: this command installs nothing itself.
fn tool_version() -> Result<String, String> {
    let missing = "cargo-semver-checks is not installed; install it with \
                   `cargo install cargo-semver-checks --locked` and run this again"
        .to_owned();
    let output = Command::new("cargo")
        .args(["semver-checks", "--version"])
        .output()
        .map_err(|_| missing.clone())?;
    if !output.status.success() {
        return Err(missing);
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

fn input(document: &Json) -> SpecInput {
    SpecInput {
        file: "audit.json".into(),
        contents: document.to_string(),
        module: Some("audit".into()),
        overlays: Vec::new(),
    }
}

/// Writes the crate generated from `document` into `dir`, with the workspace's lock file so
/// that both sides of a case build against the same dependencies.
fn write_crate(
    dir: &Path,
    package: &str,
    document: &Json,
    lock: Option<&str>,
) -> Result<(), String> {
    let settings = Settings {
        package_name: package.to_owned(),
        // At 1.0 and later, semver gives breaking, additive and other changes a bump each.
        package_version: "1.0.0".to_owned(),
        generated_by: "cargo xtask semver-audit".to_owned(),
        ..Settings::default()
    };
    let generation = generate(&[input(document)], &settings).map_err(|error| error.to_string())?;
    let write = |path: PathBuf, contents: &str| -> Result<(), String> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|error| format!("{}: {error}", parent.display()))?;
        }
        std::fs::write(&path, contents).map_err(|error| format!("{}: {error}", path.display()))
    };
    for file in &generation.files {
        write(dir.join(&file.path), &file.contents)?;
    }
    if let Some(lock) = lock {
        write(dir.join("Cargo.lock"), lock)?;
    }
    Ok(())
}

/// The bump `cargo-semver-checks` asks for between `dir/before` and `dir/after` ("major",
/// "minor" or "patch"), with the lints that fired.
fn semver_checks(dir: &Path, target: &Path) -> Result<(String, Vec<String>), String> {
    let manifest = dir.join("after").join("Cargo.toml");
    let baseline = dir.join("before");
    let output = Command::new("cargo")
        .arg("semver-checks")
        .arg("check-release")
        .arg("--manifest-path")
        .arg(&manifest)
        .arg("--baseline-root")
        .arg(&baseline)
        // Both sides are 1.0.0: judged as a patch release, every major and minor lint runs.
        .args(["--release-type", "patch"])
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|error| format!("cargo semver-checks: {error}"))?;
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let lints: Vec<String> = text
        .lines()
        .filter_map(|line| line.trim().strip_prefix("--- failure "))
        .filter_map(|rest| rest.split(':').next())
        .map(str::to_owned)
        .collect();
    let bump = if text.contains("requires new major version") {
        "major"
    } else if text.contains("requires new minor version") {
        "minor"
    } else if output.status.success() {
        "patch"
    } else {
        let tail: Vec<&str> = text.lines().rev().take(15).collect();
        return Err(format!(
            "cargo semver-checks failed ({}):\n{}",
            output.status,
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        ));
    };
    Ok((bump.to_owned(), lints))
}

fn table(rows: &[Row], version: &str) -> String {
    let mut out = format!(
        "| # | Change | `sailpoint-codegen diff` | {version} | Lints that fired | Verdict |\n|---|---|---|---|---|---|\n"
    );
    for (index, row) in rows.iter().enumerate() {
        let lints = if row.lints.is_empty() {
            "none".to_owned()
        } else {
            row.lints
                .iter()
                .map(|lint| format!("`{lint}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            index + 1,
            row.name,
            row.report,
            row.tool,
            lints,
            row.verdict.label()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_case_edits_the_base_api() {
        let base = base();
        for case in cases() {
            let mut edited = base.clone();
            assert_eq!((case.edit)(&mut edited), Some(()), "{}", case.name);
            assert_ne!(edited, base, "{} changed nothing", case.name);
        }
        assert!(cases().len() >= 15);
    }

    #[test]
    fn verdicts_count_the_blind_spot_only_where_the_report_says_breaking() {
        assert_eq!(Verdict::of("major", "major", false), Verdict::Agree);
        assert_eq!(
            Verdict::of("minor", "patch", false),
            Verdict::AgreeNotBreaking
        );
        assert_eq!(Verdict::of("major", "patch", true), Verdict::ToolBlindSpot);
        assert_eq!(Verdict::of("major", "patch", false), Verdict::Disagree);
        assert_eq!(Verdict::of("minor", "major", false), Verdict::Disagree);
        assert_eq!(Verdict::of("patch", "minor", true), Verdict::Disagree);
    }
}
