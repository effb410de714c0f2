//! The generator's one error type: every problem names the file, the place in it as a
//! JSON pointer, and what is wrong; one run reports every independent problem it finds.

use std::fmt;

/// One problem found while generating.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Diagnostic {
    /// The spec file (as the caller named it), or the generated file for output problems.
    pub file: String,
    /// JSON pointer of the offending place in `file` (empty for the whole file).
    pub pointer: String,
    /// What is wrong, in a sentence.
    pub message: String,
}

/// How every repair that gives up a value's type ends its message: the schema or property
/// becomes `serde_json::Value`. `cargo xtask codegen` refuses these for the committed client.
pub const READ_AS_ANY_JSON: &str = "read as any JSON value (`serde_json::Value`) instead";

/// The candidate `wanted` most likely misspells: the nearest within two edits, or within a
/// third of its length for longer names, ties going to the first; `None` when none is near.
pub(crate) fn nearest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(wanted, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// How many single-character insertions, deletions and substitutions turn `a` into `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

impl Diagnostic {
    /// Whether this is a repair that gave up a value's type (see [`READ_AS_ANY_JSON`]).
    pub fn loses_a_type(&self) -> bool {
        self.message.ends_with(READ_AS_ANY_JSON)
    }

    /// The diagnostic as a front end that refuses such repairs reports it: the place, and the
    /// message ending in what would have happened rather than in what did.
    pub fn refused(&self) -> String {
        let mut refused = self.clone();
        if let Some(kept) = refused.message.strip_suffix(READ_AS_ANY_JSON) {
            refused.message = format!(
                "{kept}read as any JSON value (`serde_json::Value`), which is refused: nothing was written"
            );
        }
        refused.to_string()
    }

    /// A problem at `pointer` in `file`.
    pub fn new(
        file: impl Into<String>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}#{}: {}", self.file, self.pointer, self.message)
        }
    }
}

/// Everything that stopped generation. Never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    diagnostics: Vec<Diagnostic>,
}

impl Error {
    /// Wraps the problems found; they are sorted so the report is deterministic.
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort();
        diagnostics.dedup();
        Error { diagnostics }
    }

    /// The problems, sorted by file and place.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Error::new(vec![diagnostic])
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.diagnostics.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Builds JSON pointers (RFC 6901) one reference token at a time.
pub(crate) fn pointer_push(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    for ch in token.chars() {
        match ch {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            other => out.push(other),
        }
    }
    out
}

/// Splits a JSON pointer into its unescaped reference tokens.
pub(crate) fn pointer_tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer.split('/').skip(1).map(pointer_token)
}

/// One reference token of a JSON pointer, unescaped (RFC 6901: `~1` is `/`, then `~0` is `~`).
pub(crate) fn pointer_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// A URI fragment (or path) with its percent-escapes decoded (RFC 3986): a `$ref`'s JSON
/// pointer is written in a URI fragment, where a schema named `a b` is `#/components/schemas/a%20b`.
/// A `%` that starts no escape stays as it is.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let decoded = (bytes[index] == b'%')
            .then(|| text.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match decoded {
            Some(byte) => {
                out.push(byte);
                index += 3;
            }
            None => {
                out.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_nearest_name_is_suggested_only_when_near() {
        let types = ["string", "number", "integer"];
        assert_eq!(super::nearest("strng", types), Some("string"));
        assert_eq!(super::nearest("xyz", types), None);
        assert_eq!(
            super::nearest("shcemas.yaml", ["paths.yaml", "schemas.yaml"]),
            Some("schemas.yaml")
        );
    }

    use super::*;

    #[test]
    fn pointers_escape_slash_and_tilde() {
        let pointer = pointer_push(&pointer_push("", "paths"), "/a~b/{id}");
        assert_eq!(pointer, "/paths/~1a~0b~1{id}");
        let tokens: Vec<String> = pointer_tokens(&pointer).collect();
        assert_eq!(tokens, ["paths", "/a~b/{id}"]);
    }

    #[test]
    fn errors_list_every_problem_sorted() {
        let error = Error::new(vec![
            Diagnostic::new("b.yaml", "/paths", "second"),
            Diagnostic::new("a.yaml", "", "first"),
        ]);
        assert_eq!(
            error.to_string(),
            "error: a.yaml: first\nerror: b.yaml#/paths: second"
        );
    }
}
