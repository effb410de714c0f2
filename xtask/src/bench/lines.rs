//! Lines of Rust that a generator writes for a spec: every `.rs` file under a crate's `src/`,
//! split for our crates into the runtime copied from `templates/runtime/` (as it was before the
//! runtime became the `client-runtime` crate; zero since) and the rest, and
//! per operation, so that generated code can be compared across generators and over time.

use std::collections::BTreeSet;
use std::path::Path;

/// The lines of Rust under one crate's `src/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lines {
    /// Every `.rs` file under `src/`.
    pub total: usize,
    /// The files of `src/` named like a file of `templates/runtime/`: the runtime emitted as
    /// written. Zero when the runtime is not part of the crate's sources.
    pub runtime: usize,
}

impl Lines {
    /// What the generator wrote for the spec: everything but the runtime.
    pub fn generated(&self) -> usize {
        self.total - self.runtime
    }
}

/// The names of the runtime's files (`auth.rs`, ...) in `templates/runtime/` of the repository;
/// none when that directory does not exist (a runtime that lives in a crate of its own).
pub fn runtime_file_names(root: &Path) -> Result<BTreeSet<String>, String> {
    let dir = root.join("templates/runtime");
    if !dir.is_dir() {
        return Ok(BTreeSet::new());
    }
    let entries = std::fs::read_dir(&dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    let mut names = BTreeSet::new();
    for entry in entries {
        let entry = entry.map_err(|error| format!("{}: {error}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".rs") && entry.path().is_file() {
            names.insert(name);
        }
    }
    Ok(names)
}

/// Counts the lines of every `.rs` file under `crate_dir/src`; the files directly in `src/`
/// whose names are in `runtime_files` count as the runtime too.
pub fn count(crate_dir: &Path, runtime_files: &BTreeSet<String>) -> Result<Lines, String> {
    let src = crate_dir.join("src");
    let mut lines = Lines::default();
    let mut pending = vec![src.clone()];
    while let Some(dir) = pending.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|error| format!("{}: {error}", dir.display()))?;
        for entry in entries {
            let path = entry
                .map_err(|error| format!("{}: {error}", dir.display()))?
                .path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            if path.extension().is_none_or(|extension| extension != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path)
                .map_err(|error| format!("{}: {error}", path.display()))?;
            let count = text.lines().count();
            lines.total += count;
            let is_runtime = dir == src
                && path
                    .file_name()
                    .is_some_and(|name| runtime_files.contains(&*name.to_string_lossy()));
            if is_runtime {
                lines.runtime += count;
            }
        }
    }
    Ok(lines)
}

/// `what` per operation, rounded: `total / operations` (0 for no operations).
pub fn per_operation(total: usize, operations: usize) -> usize {
    if operations == 0 {
        return 0;
    }
    (total + operations / 2) / operations
}

/// How a table shows a crate's lines: the total, per operation, and for a crate with a runtime
/// in its sources the split.
pub fn describe(lines: &Lines, operations: usize) -> String {
    let mut text = format!(
        "{} lines of Rust in src/, {} per operation",
        thousands(lines.total),
        thousands(per_operation(lines.total, operations))
    );
    if lines.runtime > 0 {
        text.push_str(&format!(
            "; runtime {}, the rest {} ({} per operation)",
            thousands(lines.runtime),
            thousands(lines.generated()),
            thousands(per_operation(lines.generated(), operations))
        ));
    }
    text
}

/// `1334939` as `1,334,939`.
fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut text = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            text.push(',');
        }
        text.push(digit);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("created");
        std::fs::write(path, text).expect("written");
    }

    #[test]
    fn runtime_files_count_only_where_the_runtime_is_copied_to() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let root = dir.path().join("repo");
        write(&root.join("templates/runtime/client.rs"), "// runtime\n");
        write(&root.join("templates/runtime/retry.rs"), "// runtime\n");
        write(&root.join("templates/runtime/notes.md"), "not Rust\n");
        let runtime = runtime_file_names(&root).expect("listed");
        assert_eq!(
            runtime,
            ["client.rs", "retry.rs"]
                .map(String::from)
                .into_iter()
                .collect()
        );

        let krate = dir.path().join("crate");
        write(&krate.join("src/client.rs"), "a\nb\nc\n");
        write(&krate.join("src/retry.rs"), "a\nb");
        write(&krate.join("src/lib.rs"), "a\n");
        // A module's file of the same name is generated code, not the runtime.
        write(&krate.join("src/v3/client.rs"), "a\nb\nc\nd\n");
        write(&krate.join("src/v3/mod.rs"), "a\nb\n");
        write(&krate.join("src/rustfmt.toml"), "edition = \"2021\"\n");
        write(&krate.join("Cargo.toml"), "[package]\n");
        let lines = count(&krate, &runtime).expect("counted");
        assert_eq!(
            lines,
            Lines {
                total: 12,
                runtime: 5
            }
        );
        assert_eq!(lines.generated(), 7);
    }

    #[test]
    fn without_a_runtime_in_the_repository_every_line_is_generated() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let runtime = runtime_file_names(dir.path()).expect("no runtime directory is no error");
        assert!(runtime.is_empty());
        write(&dir.path().join("src/client.rs"), "a\nb\n");
        let lines = count(dir.path(), &runtime).expect("counted");
        assert_eq!(
            lines,
            Lines {
                total: 2,
                runtime: 0
            }
        );
        assert_eq!(
            describe(&lines, 2),
            "2 lines of Rust in src/, 1 per operation"
        );
    }

    #[test]
    fn a_crate_without_sources_is_an_error_that_names_the_directory() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let error = count(dir.path(), &BTreeSet::new()).expect_err("no src/");
        assert!(error.contains("src"), "{error}");
    }

    #[test]
    fn lines_per_operation_are_rounded_and_split_when_the_runtime_is_in_the_crate() {
        assert_eq!(per_operation(1_334_939, 1_223), 1_092);
        assert_eq!(per_operation(10, 4), 3);
        assert_eq!(per_operation(10, 0), 0);
        assert_eq!(
            describe(
                &Lines {
                    total: 1_334_939,
                    runtime: 7_588
                },
                1_223
            ),
            "1,334,939 lines of Rust in src/, 1,092 per operation; runtime 7,588, the rest 1,327,351 (1,085 per operation)"
        );
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
    }
}
