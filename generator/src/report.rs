//! The run's report: for each module, every operation generated, every operation skipped with
//! its reason, and every place the generator repaired or approximated the document. Front ends
//! print [`Report::summary`] and write [`Report::to_markdown`] beside the crate.

use std::fmt::Write as _;

use crate::error::Diagnostic;
use crate::ir::{Api, SkippedOperation};

/// What one run generated, module by module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// One entry per module, sorted by module name.
    pub modules: Vec<ModuleReport>,
}

/// What was generated from one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleReport {
    /// The Rust module, such as `v3`.
    pub module: String,
    /// The document's file, as the caller named it.
    pub source: String,
    /// `info.title`.
    pub title: String,
    /// Every operation the module has, in the document's order.
    pub generated: Vec<GeneratedOperation>,
    /// Every operation of the document the module does not have.
    pub skipped: Vec<SkippedOperationReport>,
    /// Repairs and approximations, sorted by place.
    pub warnings: Vec<Diagnostic>,
}

/// An operation that was generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedOperation {
    /// The `operationId` (or the name derived from method and path).
    pub operation_id: String,
    /// The request line, such as `GET /sources/{id}`.
    pub request: String,
    /// The Rust call, such as `v3().get_source()`.
    pub call: String,
}

/// An operation that was not generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedOperationReport {
    /// The `operationId` (or the name derived from method and path).
    pub operation_id: String,
    /// The request line, such as `GET /sources/{id}`.
    pub request: String,
    /// Why, with the JSON pointer of the place that decided it.
    pub reason: Diagnostic,
}

impl Report {
    /// The report for the lowered modules.
    pub fn new(apis: &[crate::ir::Api]) -> Self {
        Report {
            modules: apis.iter().map(ModuleReport::new).collect(),
        }
    }

    /// How many operations were generated, in every module.
    pub fn generated_count(&self) -> usize {
        self.modules
            .iter()
            .map(|module| module.generated.len())
            .sum()
    }

    /// How many operations were skipped, in every module.
    pub fn skipped_count(&self) -> usize {
        self.modules.iter().map(|module| module.skipped.len()).sum()
    }

    /// The repairs that gave up a value's type (it became `serde_json::Value`), in every module.
    pub fn lost_types(&self) -> Vec<&Diagnostic> {
        self.modules
            .iter()
            .flat_map(|module| &module.warnings)
            .filter(|warning| warning.loses_a_type())
            .collect()
    }

    /// How many warnings there are, in every module.
    pub fn warning_count(&self) -> usize {
        self.modules
            .iter()
            .map(|module| module.warnings.len())
            .sum()
    }

    /// A few lines for a terminal: the counts per module, then every skipped operation and
    /// every warning, one line each.
    pub fn summary(&self) -> String {
        self.lines(false)
    }

    /// [`summary`](Self::summary) for a run that wrote nothing because an operation would have
    /// been skipped: the counts say what could be generated, not what was.
    pub fn refusal_summary(&self) -> String {
        self.lines(true)
    }

    fn lines(&self, refused: bool) -> String {
        let mut out = String::new();
        for module in &self.modules {
            let total = module.generated.len() + module.skipped.len();
            let counts = if refused {
                format!(
                    "{} of {total} {} cannot be generated ({} could be), nothing written",
                    module.skipped.len(),
                    plural(total, "operation", "operations"),
                    module.generated.len(),
                )
            } else {
                format!(
                    "{} of {total} {} generated, {} skipped",
                    module.generated.len(),
                    plural(total, "operation", "operations"),
                    module.skipped.len(),
                )
            };
            let _ = writeln!(
                out,
                "{}: {counts}, {} {}",
                module.module,
                module.warnings.len(),
                plural(module.warnings.len(), "warning", "warnings"),
            );
            for skipped in &module.skipped {
                let _ = writeln!(
                    out,
                    "skipped: {} ({}): {}",
                    skipped.operation_id, skipped.request, skipped.reason
                );
            }
            for warning in &module.warnings {
                let _ = writeln!(out, "warning: {warning}");
            }
        }
        out
    }

    /// The whole report as Markdown, the same whenever the inputs are.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("# Code generation report\n");
        for module in &self.modules {
            let _ = write!(
                out,
                "\n## Module `{}`: {}\n\nFrom `{}`: {} of {} {} generated, {} skipped, {} {}.\n",
                module.module,
                module.title,
                module.source,
                module.generated.len(),
                module.generated.len() + module.skipped.len(),
                plural(
                    module.generated.len() + module.skipped.len(),
                    "operation",
                    "operations"
                ),
                module.skipped.len(),
                module.warnings.len(),
                plural(module.warnings.len(), "warning", "warnings"),
            );
            if !module.skipped.is_empty() {
                out.push_str("\n### Skipped operations\n\n| Operation | Request | Why | Where |\n|---|---|---|---|\n");
                for skipped in &module.skipped {
                    let _ = writeln!(
                        out,
                        "| `{}` | `{}` | {} | `{}` |",
                        cell(&skipped.operation_id),
                        cell(&skipped.request),
                        cell(&skipped.reason.message),
                        cell(&place(&skipped.reason)),
                    );
                }
            }
            if !module.warnings.is_empty() {
                out.push_str("\n### Warnings\n\n| Where | What |\n|---|---|\n");
                for warning in &module.warnings {
                    let _ = writeln!(
                        out,
                        "| `{}` | {} |",
                        cell(&place(warning)),
                        cell(&warning.message)
                    );
                }
            }
            if !module.generated.is_empty() {
                out.push_str(
                    "\n### Generated operations\n\n| Operation | Request | Rust |\n|---|---|---|\n",
                );
                for generated in &module.generated {
                    let _ = writeln!(
                        out,
                        "| `{}` | `{}` | `{}` |",
                        cell(&generated.operation_id),
                        cell(&generated.request),
                        cell(&generated.call),
                    );
                }
            }
        }
        out
    }
}

impl ModuleReport {
    fn new(api: &Api) -> Self {
        let skipped = |operation: &SkippedOperation| SkippedOperationReport {
            operation_id: operation.operation_id.clone(),
            request: format!("{} {}", operation.http_method.as_str(), operation.path),
            reason: operation.reason.clone(),
        };
        ModuleReport {
            module: api.module.clone(),
            source: api.source.clone(),
            title: api.title.clone(),
            generated: api
                .operations
                .iter()
                .map(|operation| GeneratedOperation {
                    operation_id: operation.operation_id.clone(),
                    request: format!("{} {}", operation.http_method.as_str(), operation.path),
                    call: format!("{}().{}()", api.handle_method, operation.method_name),
                })
                .collect(),
            skipped: api.skipped.iter().map(skipped).collect(),
            warnings: api.warnings.clone(),
        }
    }
}

/// `one` for a count of 1, else `many`: every count the generator writes in words goes through
/// here (the report's and, through the `counted` filter, the templates').
pub(crate) fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}

/// Where a finding is, as `FILE#/pointer`.
fn place(diagnostic: &Diagnostic) -> String {
    if diagnostic.pointer.is_empty() {
        diagnostic.file.clone()
    } else {
        format!("{}#{}", diagnostic.file, diagnostic.pointer)
    }
}

/// Text safe inside a Markdown table cell and its code spans.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
