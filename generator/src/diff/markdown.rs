//! The change report as Markdown: a summary, then per module its operations and models, each
//! change with its impact, and last the `semver:` line.

use std::fmt::Write as _;

use super::{ApiChanges, ItemChanges, ItemStatus};

/// The whole report: with `title`, under `# API changes`; each module's heading at
/// `module_level` (`##` for 2), its operations and models below it.
pub(super) fn document(changes: &ApiChanges, title: bool, module_level: usize) -> String {
    let heading = |depth: usize| "#".repeat(module_level + depth);
    let mut out = String::new();
    if title {
        let _ = writeln!(out, "# API changes\n");
    }
    let _ = writeln!(out, "{}\n", summary_line(changes));
    if !changes.is_empty() {
        let _ = writeln!(
            out,
            "Judged against the generated crate as it is: {}.\n",
            changes.shape.describe()
        );
    }
    for module in &changes.modules {
        let _ = writeln!(out, "{} Module `{}`\n", heading(0), module.module);
        for change in &module.module_changes {
            let _ = writeln!(out, "- **{}**: {}", change.impact.as_str(), change.reason);
        }
        if !module.module_changes.is_empty() {
            out.push('\n');
        }
        section(&mut out, &heading(1), "Operations", &module.operations);
        section(&mut out, &heading(1), "Models", &module.models);
    }
    let _ = writeln!(out, "semver: {}", changes.semver().as_str());
    out
}

fn section(out: &mut String, heading: &str, name: &str, items: &[ItemChanges]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "{heading} {name}\n");
    for item in items {
        let status = match item.status {
            ItemStatus::Added => "added",
            ItemStatus::Removed => "removed",
            ItemStatus::Changed => "changed",
        };
        let _ = writeln!(out, "{heading}# {} ({status})\n", item.title);
        for change in &item.changes {
            let _ = writeln!(out, "- **{}**: {}", change.impact.as_str(), change.reason);
        }
        out.push('\n');
    }
}

/// "2 breaking changes, 1 additive, 3 with no effect on the Rust API." or "No change to the API."
pub(super) fn summary_line(changes: &ApiChanges) -> String {
    let (breaking, additive, none) = changes.counts();
    if breaking + additive + none == 0 {
        return "No change to the API.".to_owned();
    }
    format!(
        "{breaking} breaking, {additive} additive, {none} with no effect on the Rust API (documentation, or the wire only)."
    )
}
