//! The workspace as last committed: `spec/`, the client's version and its changelog at `HEAD`,
//! read with git, so `cargo xtask codegen` can say what a spec edit changes.

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};

use sailpoint_codegen::SpecFiles;

use crate::codegen::SpecTree;

/// The client's manifest, whose `version` is the version last committed.
pub const MANIFEST: &str = "generated-client/Cargo.toml";

/// The changelog `--changelog` writes.
pub const CHANGELOG: &str = "generated-client/CHANGELOG.md";

/// Every file under `spec/` at `HEAD`, with the client's manifest and changelog, held in memory.
pub struct Head {
    files: BTreeMap<String, Vec<u8>>,
}

impl Head {
    /// Reads `HEAD` of the repository holding `root` with two git commands (one listing, one
    /// batch read), so a spec of hundreds of files costs no more processes than one of two.
    pub fn read(root: &Path) -> Result<Head, String> {
        let listing = git(
            root,
            &[
                "ls-tree",
                "-r",
                "-z",
                "--name-only",
                "HEAD",
                "--",
                "spec",
                MANIFEST,
                CHANGELOG,
            ],
            None,
        )?;
        let paths: Vec<String> = listing
            .split(|byte| *byte == 0)
            .filter(|path| !path.is_empty())
            .map(|path| String::from_utf8_lossy(path).into_owned())
            // `cat-file --batch` reads one name a line.
            .filter(|path| !path.contains('\n'))
            .collect();
        let mut request = String::new();
        for path in &paths {
            request.push_str("HEAD:");
            request.push_str(path);
            request.push('\n');
        }
        let output = git(root, &["cat-file", "--batch"], Some(request.as_bytes()))?;
        let mut files = BTreeMap::new();
        let mut rest = output.as_slice();
        for path in paths {
            let header_end = rest
                .iter()
                .position(|byte| *byte == b'\n')
                .ok_or_else(|| format!("git cat-file ended early, before {path}"))?;
            let header = String::from_utf8_lossy(&rest[..header_end]).into_owned();
            rest = &rest[header_end + 1..];
            // `<object> <type> <size>`, or `<name> missing`.
            let mut words = header.split(' ');
            let size = match (words.next(), words.next(), words.next()) {
                (Some(_), Some("blob"), Some(size)) => size.parse::<usize>().map_err(|_| {
                    format!("git cat-file gave an unreadable header for {path}: {header}")
                })?,
                _ => continue,
            };
            if rest.len() < size + 1 {
                return Err(format!("git cat-file ended early, inside {path}"));
            }
            files.insert(path, rest[..size].to_vec());
            rest = &rest[size + 1..];
        }
        Ok(Head { files })
    }

    /// The version in the client's manifest at `HEAD`, when it has one.
    pub fn client_version(&self) -> Option<String> {
        let manifest = String::from_utf8(self.files.get(MANIFEST)?.clone()).ok()?;
        package_version(&manifest)
    }

    /// The changelog at `HEAD`, when there is one.
    pub fn changelog(&self) -> Option<String> {
        String::from_utf8(self.files.get(CHANGELOG)?.clone()).ok()
    }

    fn text(&self, path: &str) -> std::io::Result<String> {
        let bytes = self.files.get(path).ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::NotFound, "not in the last commit")
        })?;
        String::from_utf8(bytes.clone())
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))
    }
}

impl SpecTree for Head {
    fn entries(&self, dir: &str) -> std::io::Result<Vec<(String, bool)>> {
        let prefix = format!("{dir}/");
        let mut entries: BTreeMap<String, bool> = BTreeMap::new();
        for path in self.files.keys() {
            if let Some(rest) = path.strip_prefix(&prefix) {
                match rest.split_once('/') {
                    Some((directory, _)) => entries.insert(directory.to_owned(), true),
                    None => entries.insert(rest.to_owned(), false),
                };
            }
        }
        Ok(entries.into_iter().collect())
    }

    fn read(&self, path: &str) -> std::io::Result<String> {
        self.text(path)
    }
}

impl SpecFiles for Head {
    fn read(&self, path: &str) -> Result<String, String> {
        if !path.starts_with("spec/") || path.split('/').any(|part| part == "..") {
            return Err("it is outside spec/; every file of a spec must live under spec/".into());
        }
        self.text(path).map_err(|error| error.to_string())
    }
}

/// The `version` of the `[package]` table of a Cargo manifest.
pub fn package_version(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        if in_package
            && let Some(value) = line.strip_prefix("version")
            && let Some(value) = value.trim_start().strip_prefix('=')
        {
            return Some(value.trim().trim_matches('"').to_owned());
        }
    }
    None
}

/// Runs git in `root`, feeding `input`; its stdout, or why it could not run.
fn git(root: &Path, args: &[&str], input: Option<&[u8]>) -> Result<Vec<u8>, String> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("git is not available: {error}"))?;
    // Feed stdin from another thread: git writes while it reads, and a full pipe on either
    // side would otherwise wait on the other forever.
    let feeder = match (input, child.stdin.take()) {
        (Some(input), Some(mut stdin)) => {
            let input = input.to_vec();
            Some(std::thread::spawn(move || stdin.write_all(&input)))
        }
        _ => None,
    };
    let mut stdout = Vec::new();
    if let Some(mut pipe) = child.stdout.take() {
        pipe.read_to_end(&mut stdout)
            .map_err(|error| format!("cannot read from git: {error}"))?;
    }
    let mut stderr = Vec::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_end(&mut stderr);
    }
    let status = child
        .wait()
        .map_err(|error| format!("git did not finish: {error}"))?;
    if let Some(feeder) = feeder {
        let _ = feeder.join();
    }
    if !status.success() {
        let message = String::from_utf8_lossy(&stderr);
        return Err(format!(
            "`git {}` failed: {}",
            args.first().copied().unwrap_or_default(),
            message.lines().next().unwrap_or("no message").trim()
        ));
    }
    Ok(stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_comes_from_the_package_table() {
        let manifest = "# generated\n[package]\nname = \"sailpoint-client\"\nversion = \"0.3.1\"\n\n[dependencies]\nversion = \"9\"\n";
        assert_eq!(package_version(manifest).as_deref(), Some("0.3.1"));
        assert_eq!(package_version("[dependencies]\nversion = \"1\"\n"), None);
    }

    #[test]
    fn head_of_this_repository_holds_the_committed_specs() {
        let root = crate::codegen::workspace_root();
        // A tarball of the sources has no history (or sits in another repository, without
        // this workspace's files); there is nothing to check then.
        let Ok(head) = Head::read(&root) else {
            return;
        };
        if head.client_version().is_none() {
            return;
        }
        let inputs = crate::codegen::read_specs_in(&head).unwrap();
        assert!(
            inputs
                .iter()
                .any(|input| input.module.as_deref() == Some("v3")),
            "{:?}",
            inputs.iter().map(|input| &input.file).collect::<Vec<_>>()
        );
        assert_eq!(
            SpecFiles::read(&head, "generated-client/Cargo.toml"),
            Err("it is outside spec/; every file of a spec must live under spec/".to_owned())
        );
    }

    #[test]
    fn without_a_repository_git_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let error = Head::read(dir.path()).err().unwrap_or_default();
        assert!(
            error.starts_with("`git ls-tree` failed: fatal: not a git repository")
                || error.starts_with("git is not available"),
            "{error}"
        );
    }
}
