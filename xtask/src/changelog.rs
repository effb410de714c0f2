//! `generated-client/CHANGELOG.md`: the API change report of each version, newest first, as
//! `cargo xtask codegen --changelog` records it.

use sailpoint_codegen::diff::ApiChanges;

/// The changelog's opening, written when there is no changelog yet.
const PREAMBLE: &str = "# Changelog\n\nWhat changed in the API of `sailpoint-client`, newest version first, and what each change does to code using it. Each section is the report `cargo xtask codegen --changelog` printed against the previous commit.\n";

/// Why a version's section cannot be written.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The last commit's changelog already has a section for this version: the version was
    /// released, so the change needs a new one.
    AlreadyReleased(String),
}

/// The changelog with `changes` recorded under `## {version}`. A section for that version
/// that is not in the last commit (`committed`) is replaced, so running again before
/// committing does not repeat it; one that is committed is never touched.
pub fn record(
    current: Option<&str>,
    committed: Option<&str>,
    version: &str,
    changes: &ApiChanges,
) -> Result<String, Refusal> {
    let heading = format!("## {version}");
    if committed.is_some_and(|text| text.lines().any(|line| line.trim_end() == heading)) {
        return Err(Refusal::AlreadyReleased(version.to_owned()));
    }
    let section = format!("{heading}\n\n{}", changes.markdown_at_level(3));
    let current = current.unwrap_or(PREAMBLE);
    let lines: Vec<&str> = current.split_inclusive('\n').collect();
    let is_version_heading = |line: &str| line.starts_with("## ");
    let mut out = String::new();
    match lines.iter().position(|line| line.trim_end() == heading) {
        Some(start) => {
            let end = lines[start + 1..]
                .iter()
                .position(|line| is_version_heading(line))
                .map_or(lines.len(), |offset| start + 1 + offset);
            out.extend(lines[..start].iter().copied());
            out.push_str(&section);
            if end < lines.len() {
                out.push('\n');
                out.extend(lines[end..].iter().copied());
            }
        }
        None => match lines.iter().position(|line| is_version_heading(line)) {
            Some(first) => {
                out.extend(lines[..first].iter().copied());
                out.push_str(&section);
                out.push('\n');
                out.extend(lines[first..].iter().copied());
            }
            None => {
                out.push_str(current);
                if !out.ends_with("\n\n") {
                    out.push('\n');
                }
                out.push_str(&section);
            }
        },
    }
    Ok(out)
}

/// The version of the newest section, the first `## X.Y.Z` heading.
pub fn newest_version(changelog: &str) -> Option<String> {
    changelog
        .lines()
        .filter_map(|line| line.strip_prefix("## "))
        .map(str::trim)
        .find(|version| version_key(version).is_some())
        .map(str::to_owned)
}

/// `MAJOR.MINOR.PATCH` as numbers, to order versions.
pub fn version_key(version: &str) -> Option<(u64, u64, u64)> {
    let mut numbers = version.trim().split('.').map(str::parse::<u64>);
    match (
        numbers.next(),
        numbers.next(),
        numbers.next(),
        numbers.next(),
    ) {
        (Some(Ok(major)), Some(Ok(minor)), Some(Ok(patch)), None) => Some((major, minor, patch)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sailpoint_codegen::{NoFiles, SpecInput, diff_specs};

    fn changes(old_enum: &str, new_enum: &str) -> ApiChanges {
        let spec = |values: &str| SpecInput {
            file: "s.yaml".into(),
            module: Some("v1".into()),
            contents: format!(
                "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    State:\n      type: string\n      enum: [{values}]\n"
            ),
            overlays: Vec::new(),
        };
        diff_specs(&[spec(old_enum)], &[spec(new_enum)], &NoFiles).unwrap()
    }

    #[test]
    fn sections_go_newest_first_and_a_rerun_replaces_its_own() {
        let first = record(None, None, "0.1.1", &changes("A", "A, B")).unwrap();
        assert!(first.starts_with(PREAMBLE), "{first}");
        // A new value of a `#[non_exhaustive]` enum is an addition.
        assert!(
            first.contains("\n## 0.1.1\n\n0 breaking, 1 additive"),
            "{first}"
        );
        assert!(first.contains("\n### Module `v1`\n"), "{first}");
        assert!(first.ends_with("semver: minor\n"), "{first}");

        let second = record(Some(&first), Some(&first), "0.2.0", &changes("A, B", "B")).unwrap();
        let headings: Vec<&str> = second
            .lines()
            .filter(|line| line.starts_with("## "))
            .collect();
        assert_eq!(headings, ["## 0.2.0", "## 0.1.1"]);

        // Not committed yet: running again replaces the section instead of adding another.
        let again = record(Some(&second), Some(&first), "0.2.0", &changes("A, B", "A")).unwrap();
        let headings: Vec<&str> = again
            .lines()
            .filter(|line| line.starts_with("## "))
            .collect();
        assert_eq!(headings, ["## 0.2.0", "## 0.1.1"]);
        assert!(again.contains("`State::B` is gone"), "{again}");
        assert!(!again.contains("`State::A` is gone"), "{again}");
        assert!(
            again.ends_with(first.split_once("## 0.1.1").unwrap().1),
            "{again}"
        );
    }

    #[test]
    fn the_newest_version_is_the_first_section() {
        let text = format!("{PREAMBLE}\n## 0.10.0\n\nx\n\n## 0.9.1\n");
        assert_eq!(newest_version(&text).as_deref(), Some("0.10.0"));
        assert_eq!(newest_version(PREAMBLE), None);
        assert!(version_key("0.10.0") > version_key("0.9.1"));
        assert_eq!(version_key("1.0"), None);
    }

    #[test]
    fn a_committed_section_is_never_rewritten() {
        let first = record(None, None, "0.1.1", &changes("A", "A, B")).unwrap();
        assert_eq!(
            record(Some(&first), Some(&first), "0.1.1", &changes("A", "B")),
            Err(Refusal::AlreadyReleased("0.1.1".into()))
        );
    }
}
