//! What the spec edits since the last commit do to the API: `cargo xtask codegen` prints the
//! report after writing the client, and with `--changelog` records it.

use std::path::Path;

use sailpoint_codegen::diff::{self, ApiChanges};
use sailpoint_codegen::lower_all;

use crate::history::{self, Head};
use crate::{changelog, codegen};

/// The comparison with the last commit, or why there is none.
pub enum SinceHead {
    /// `spec/` at `HEAD` and in the working tree, compared.
    Compared {
        /// The last commit's files.
        head: Head,
        /// What changed since.
        changes: ApiChanges,
    },
    /// No history to compare with (no git, no repository, no commit), or a last commit whose
    /// spec does not generate: the reason.
    Unknown(String),
}

/// Compares `spec/` as last committed with `spec/` in the working tree. An error is a spec in
/// the working tree that does not generate.
pub fn since_head(root: &Path) -> Result<SinceHead, String> {
    let head = match Head::read(root) {
        Ok(head) => head,
        Err(why) => {
            return Ok(SinceHead::Unknown(format!(
                "spec/ as last committed cannot be read: {why}"
            )));
        }
    };
    let old = match codegen::read_specs_in(&head)
        .and_then(|inputs| lower_all(&inputs, &head).map_err(|error| error.to_string()))
    {
        Ok(old) => old,
        Err(why) => {
            return Ok(SinceHead::Unknown(format!(
                "spec/ as last committed does not generate:\n{why}"
            )));
        }
    };
    let new = codegen::read_specs(root).and_then(|inputs| {
        lower_all(&inputs, &codegen::SpecDirectory::new(root)).map_err(|error| error.to_string())
    })?;
    Ok(SinceHead::Compared {
        head,
        changes: diff::compare(&old, &new),
    })
}

/// Prints what the spec changes since the last commit do to the API, and the version that asks
/// for; with `record`, writes that into the changelog too. Without git or history there is
/// nothing to compare with: that is said, and only recording fails.
pub fn report(root: &Path, record: bool) -> Result<(), String> {
    let (head, changes) = match since_head(root)? {
        SinceHead::Compared { head, changes } => (head, changes),
        SinceHead::Unknown(why) => return unknown(&why, record),
    };
    if changes.is_empty() {
        println!("API changes since the last commit: none");
        if record {
            eprintln!("nothing to record in {}", history::CHANGELOG);
        }
        return Ok(());
    }
    print!(
        "\nAPI changes since the last commit (spec/ at HEAD):\n\n{}",
        changes.markdown()
    );
    let (base, base_from) = base_version(&head);
    let next = changes.semver().next_version(&base)?;
    let bump = changes.semver();
    let spelled = match (base.starts_with("0."), bump) {
        (true, diff::Bump::Major) => ", which Cargo spells as a minor bump before 1.0",
        (true, diff::Bump::Minor) => ", which Cargo spells as a patch bump before 1.0",
        _ => "",
    };
    let advice = if codegen::CLIENT_VERSION == next {
        format!("CLIENT_VERSION is already {next}")
    } else {
        format!(
            "set CLIENT_VERSION in xtask/src/codegen.rs to \"{next}\", run `cargo xtask codegen` again, and commit"
        )
    };
    println!(
        "\nnext version: {next} (from {base} {base_from}: a {} change{spelled}); {advice}",
        bump.as_str()
    );
    if record {
        let path = root.join(history::CHANGELOG);
        let current = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
            Err(error) => return Err(format!("{}: {error}", history::CHANGELOG)),
        };
        let text = changelog::record(
            current.as_deref(),
            head.changelog().as_deref(),
            &next,
            &changes,
        )
        .map_err(|changelog::Refusal::AlreadyReleased(version)| {
            format!(
                "{} already has a section for {version} in the last commit; nothing was recorded",
                history::CHANGELOG
            )
        })?;
        std::fs::write(&path, text).map_err(|error| format!("{}: {error}", history::CHANGELOG))?;
        eprintln!("recorded under {next} in {}", history::CHANGELOG);
    }
    Ok(())
}

/// The version the next one follows: the newer of the client's version and the newest section
/// of the changelog, both as last committed (a version recorded but not yet set is still out),
/// else `CLIENT_VERSION`. Also says where it came from.
fn base_version(head: &Head) -> (String, &'static str) {
    let manifest = head.client_version();
    let recorded = head
        .changelog()
        .as_deref()
        .and_then(changelog::newest_version);
    match (manifest, recorded) {
        (Some(manifest), Some(recorded))
            if changelog::version_key(&recorded) > changelog::version_key(&manifest) =>
        {
            (recorded, "in the last commit's changelog")
        }
        (Some(manifest), _) => (manifest, "at HEAD"),
        (None, Some(recorded)) => (recorded, "in the last commit's changelog"),
        (None, None) => (codegen::CLIENT_VERSION.to_owned(), "in xtask"),
    }
}

/// Says why there is no API change report; recording one is then impossible.
fn unknown(why: &str, record: bool) -> Result<(), String> {
    eprintln!("API changes since the last commit: unknown, carrying on ({why})");
    if record {
        return Err(format!(
            "nothing was recorded in {}: there is no last commit to compare with",
            history::CHANGELOG
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn git(root: &Path, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(root)
            .args([
                "-c",
                "user.name=test",
                "-c",
                "user.email=test@example.com",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .output()
            .unwrap();
        assert!(status.status.success(), "git {args:?}: {status:?}");
    }

    fn reasons(since: SinceHead) -> Vec<String> {
        match since {
            SinceHead::Compared { changes, .. } => changes
                .changes()
                .map(|change| format!("{}: {}", change.impact.as_str(), change.reason))
                .collect(),
            SinceHead::Unknown(why) => panic!("no comparison: {why}"),
        }
    }

    /// Every file of a multi-file spec is read from the last commit, so an edit to a file the
    /// entry document only refers to shows up.
    #[test]
    fn a_spec_edit_is_compared_with_the_last_commit() {
        if Command::new("git").arg("--version").output().is_err() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |path: &str, contents: &str| {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, contents).unwrap();
        };
        write(
            "spec/tasks/openapi.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: v1}\npaths:\n  /tasks/v1:\n    $ref: ./paths/tasks.yaml\n",
        );
        write(
            "spec/tasks/paths/tasks.yaml",
            "get:\n  operationId: listTasks\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema:\n            $ref: ../../shared/taskitem.yaml\n",
        );
        write(
            "spec/shared/taskitem.yaml",
            "type: object\nproperties:\n  taskId: {type: string}\n  itemCount: {type: integer}\n",
        );
        git(root, &["init", "-q"]);
        match since_head(root).unwrap() {
            SinceHead::Unknown(why) => assert!(
                why.starts_with(
                    "spec/ as last committed cannot be read: `git ls-tree` failed: fatal:"
                ),
                "{why}"
            ),
            SinceHead::Compared { .. } => panic!("there is no commit yet"),
        }
        git(root, &["add", "."]);
        git(root, &["commit", "-q", "-m", "spec"]);
        assert_eq!(reasons(since_head(root).unwrap()), Vec::<String>::new());

        write(
            "spec/shared/taskitem.yaml",
            "type: object\nproperties:\n  taskId: {type: string}\n  itemCount: {type: string}\n",
        );
        assert_eq!(
            reasons(since_head(root).unwrap()),
            [
                "breaking: `TaskItem::item_count` is now `Option<String>` (was `Option<i64>`): code that reads or sets it must change"
            ]
        );
    }

    /// The overlays are read from the last commit too: the report compares the spec with its
    /// overlays as committed against the spec with its overlays as they are now.
    #[test]
    fn an_overlay_edit_is_compared_with_the_overlays_of_the_last_commit() {
        if Command::new("git").arg("--version").output().is_err() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |path: &str, contents: &str| {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, contents).unwrap();
        };
        write(
            "spec/tasks/openapi.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: v1}\npaths:\n  /tasks/v1:\n    get:\n      operationId: listTasks\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: ./schemas/task.yaml}\n",
        );
        write(
            "spec/tasks/schemas/task.yaml",
            "type: object\nrequired: [name, owner]\nproperties:\n  name: {type: string}\n  owner: {type: string}\n",
        );
        let overlay = |property: &str| {
            format!(
                "overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\nextends: ../schemas/task.yaml\nactions:\n  - target: $.properties.{property}\n    update: {{nullable: true}}\n"
            )
        };
        write("spec/tasks/overlays/01-nullable.yaml", &overlay("name"));
        git(root, &["init", "-q"]);
        git(root, &["add", "."]);
        git(root, &["commit", "-q", "-m", "spec"]);
        assert_eq!(reasons(since_head(root).unwrap()), Vec::<String>::new());

        write("spec/tasks/overlays/01-nullable.yaml", &overlay("owner"));
        let found = reasons(since_head(root).unwrap());
        assert!(
            found.iter().any(|reason| reason
                .starts_with("breaking: `Task::owner` is now `Option<String>` (was `String`)")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|reason| reason
                .starts_with("breaking: `Task::name` is now `String` (was `Option<String>`)")),
            "{found:?}"
        );
    }
}
