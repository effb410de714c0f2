//! `cargo xtask semver-audit`: checks that the API change report tells the truth. Each case is
//! one edit to a small API; the crates generated before and after it are compared by the
//! report (`sailpoint_codegen::diff_specs`) and by `cargo-semver-checks`, and the two required
//! version bumps must agree, except where the tool is known to be blind.
//!
//! The cases live in [`cases`](mod@cases); this module runs them and prints the table.

mod cases;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use sailpoint_codegen::{NoFiles, Settings, SpecInput, diff_specs, generate};
use serde_json::Value as Json;

use self::cases::{base, cases};

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
        // The crates live in a scratch directory: they name the workspace's runtime absolutely.
        runtime_path: Some(crate::codegen::absolute_runtime_path()),
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
