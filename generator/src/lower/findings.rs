//! What lowering reports: errors (nothing is generated), warnings (something was repaired or
//! approximated) and skipped operations, each at the file and place it concerns; and which of
//! the document's references to nothing something lowered used.

use std::collections::BTreeSet;

use crate::error::Diagnostic;
use crate::ir::SkippedOperation;
use crate::load::Document;

/// The findings of lowering one document.
pub(super) struct Findings<'a> {
    document: &'a Document,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    skipped: Vec<SkippedOperation>,
    /// The references to nothing ([`Document::dangling`]) something lowered used.
    dangling_used: BTreeSet<String>,
}

/// How many findings there were at some point, to tell what an item added and to undo it.
pub(super) struct Mark {
    errors: usize,
    warnings: usize,
}

impl<'a> Findings<'a> {
    /// Starts from what loading the document already found.
    pub(super) fn new(document: &'a Document) -> Self {
        Findings {
            document,
            errors: Vec::new(),
            warnings: document.warnings.clone(),
            skipped: document.skipped.clone(),
            dangling_used: BTreeSet::new(),
        }
    }

    /// An error: the document is wrong here, and nothing is generated.
    pub(super) fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.errors.push(self.document.diagnostic(pointer, message));
    }

    /// A warning for the report: the generator repaired or approximated something here.
    pub(super) fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings
            .push(self.document.diagnostic(pointer, message));
    }

    /// An error already placed, such as one found when the spec was read.
    pub(super) fn error_at(&mut self, error: Diagnostic) {
        self.errors.push(error);
    }

    /// A warning already placed, such as a problem turned into a repair.
    pub(super) fn warn_at(&mut self, warning: Diagnostic) {
        self.warnings.push(warning);
    }

    /// An operation of the document that is not generated, with its reason.
    pub(super) fn skip(&mut self, operation: SkippedOperation) {
        self.skipped.push(operation);
    }

    /// The problem of the reference to nothing held at `holder`, found when the spec was read,
    /// which costs what uses it; `None` when the reference there is not one.
    pub(super) fn use_dangling(&mut self, holder: &str) -> Option<Diagnostic> {
        let problem = self.document.dangling.get(holder)?;
        self.dangling_used.insert(holder.to_owned());
        Some(problem.clone())
    }

    /// A reference to nothing that nothing generated uses costs nothing but a warning.
    pub(super) fn warn_unused_dangling(&mut self) {
        for (holder, problem) in &self.document.dangling {
            if !self.dangling_used.contains(holder) {
                self.warnings.push(Diagnostic {
                    message: format!("{}; nothing generated uses it", problem.message),
                    ..problem.clone()
                });
            }
        }
    }

    /// Where the findings stand.
    pub(super) fn mark(&self) -> Mark {
        Mark {
            errors: self.errors.len(),
            warnings: self.warnings.len(),
        }
    }

    /// Whether an error was found since `mark`.
    pub(super) fn errors_since(&self, mark: &Mark) -> bool {
        self.errors.len() > mark.errors
    }

    /// The errors found since `mark`, taken out of the document's errors and folded into one
    /// reason, or `None` when there were none.
    pub(super) fn problems_since(&mut self, mark: &Mark) -> Option<Diagnostic> {
        if self.errors.len() <= mark.errors {
            return None;
        }
        let mut problems = self.errors.split_off(mark.errors);
        problems.sort();
        problems.dedup();
        let mut reason = problems.remove(0);
        for other in problems {
            let place = if other.file == reason.file {
                format!("#{}", other.pointer)
            } else {
                format!("{}#{}", other.file, other.pointer)
            };
            reason.message = format!("{}; and at `{place}`: {}", reason.message, other.message);
        }
        Some(reason)
    }

    /// Forgets the warnings of an item that turned out to be skipped.
    pub(super) fn roll_back(&mut self, mark: &Mark) {
        self.warnings.truncate(mark.warnings);
    }

    /// The warnings (sorted, each once) and skipped operations, or every error when there
    /// was one.
    pub(super) fn finish(
        self,
    ) -> Result<(Vec<Diagnostic>, Vec<SkippedOperation>), Vec<Diagnostic>> {
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        let mut warnings = self.warnings;
        warnings.sort();
        warnings.dedup();
        Ok((warnings, self.skipped))
    }
}
