//! Reads one spec file: YAML text to `openapiv3::OpenAPI`, keeping the raw YAML beside
//! it for the keys `openapiv3` drops, after checking that it is OpenAPI 3.0.

use openapiv3::OpenAPI;
use serde_yaml::Value;

use crate::error::{Diagnostic, pointer_push, pointer_tokens};

/// A parsed spec file.
#[derive(Debug)]
pub struct Document {
    /// The file name as the caller gave it, used in every diagnostic.
    pub file: String,
    /// The document as `openapiv3` understands it.
    pub openapi: OpenAPI,
    /// The document as plain YAML, for keys `openapiv3` does not keep (siblings of `$ref`).
    pub raw: Value,
}

impl Document {
    /// The raw YAML at a JSON pointer, if there is anything there.
    pub fn raw_at(&self, pointer: &str) -> Option<&Value> {
        let mut node = &self.raw;
        for token in pointer_tokens(pointer) {
            node = match node {
                Value::Mapping(map) => map.iter().find_map(|(key, value)| {
                    (key_text(key).as_deref() == Some(token.as_str())).then_some(value)
                })?,
                Value::Sequence(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// A diagnostic about this file.
    pub fn diagnostic(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.file.clone(), pointer, message)
    }
}

/// Parses `contents` (the text of `file`) as an OpenAPI 3.0 document.
pub fn load(file: &str, contents: &str) -> Result<Document, Diagnostic> {
    let fail = |pointer: &str, message: String| Diagnostic::new(file, pointer, message);
    if contents.trim().is_empty() {
        return Err(fail(
            "",
            "the file is empty; expected an OpenAPI 3.0 document".into(),
        ));
    }
    let mut raw: Value = serde_yaml::from_str(contents).map_err(|error| {
        let place = error
            .location()
            .map(|at| format!(" at line {} column {}", at.line(), at.column()))
            .unwrap_or_default();
        fail("", format!("invalid YAML{place}: {error}"))
    })?;
    raw.apply_merge()
        .map_err(|error| fail("", format!("invalid YAML merge key: {error}")))?;
    check_version(&raw).map_err(|(pointer, message)| fail(&pointer, message))?;
    let openapi: OpenAPI = serde_path_to_error::deserialize(raw.clone()).map_err(|error| {
        let pointer = path_to_pointer(error.path());
        fail(
            &pointer,
            format!("not a valid OpenAPI 3.0 document: {}", error.into_inner()),
        )
    })?;
    Ok(Document {
        file: file.to_owned(),
        openapi,
        raw,
    })
}

/// Accepts OpenAPI 3.0.x only, with a message that says what was found instead.
fn check_version(raw: &Value) -> Result<(), (String, String)> {
    let Value::Mapping(root) = raw else {
        return Err((
            String::new(),
            "expected a YAML mapping at the top of an OpenAPI document".into(),
        ));
    };
    if let Some(swagger) = root.get("swagger") {
        let version = scalar_text(swagger).unwrap_or_default();
        return Err((
            "/swagger".into(),
            format!(
                "this is a Swagger {version} document; only OpenAPI 3.0.x is supported (convert it first)"
            ),
        ));
    }
    match root.get("openapi").map(|value| (value, scalar_text(value))) {
        None => Err((
            String::new(),
            "missing the `openapi` version field; only OpenAPI 3.0.x is supported".into(),
        )),
        Some((_, Some(version))) if version.starts_with("3.0.") || version == "3.0" => Ok(()),
        Some((_, Some(version))) => Err((
            "/openapi".into(),
            format!("OpenAPI {version} is not supported; only OpenAPI 3.0.x is"),
        )),
        Some((_, None)) => Err((
            "/openapi".into(),
            "the `openapi` field must be a version string such as 3.0.3".into(),
        )),
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// Mapping keys as text: YAML allows `200:` unquoted, which JSON pointers spell `200`.
fn key_text(key: &Value) -> Option<String> {
    scalar_text(key)
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .fold(String::new(), |pointer, segment| match segment {
            Segment::Seq { index } => pointer_push(&pointer, &index.to_string()),
            Segment::Map { key } => pointer_push(&pointer, key),
            Segment::Enum { .. } | Segment::Unknown => pointer,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(contents: &str) -> String {
        match load("spec.yaml", contents) {
            Ok(_) => panic!("expected an error"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn rejects_empty_files() {
        assert_eq!(
            error_of("  \n"),
            "spec.yaml: the file is empty; expected an OpenAPI 3.0 document"
        );
    }

    #[test]
    fn rejects_other_versions_naming_the_field() {
        assert_eq!(
            error_of("swagger: '2.0'\ninfo: {}\n"),
            "spec.yaml#/swagger: this is a Swagger 2.0 document; only OpenAPI 3.0.x is supported (convert it first)"
        );
        assert_eq!(
            error_of("openapi: 3.1.0\ninfo: {}\n"),
            "spec.yaml#/openapi: OpenAPI 3.1.0 is not supported; only OpenAPI 3.0.x is"
        );
    }

    #[test]
    fn reports_yaml_syntax_errors_with_their_line() {
        let message = error_of("openapi: 3.0.3\ninfo: [unclosed\n");
        assert!(
            message.starts_with("spec.yaml: invalid YAML at line"),
            "{message}"
        );
    }

    #[test]
    fn reports_schema_errors_with_a_pointer() {
        let message = error_of(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: 5\n          content: 7\n",
        );
        assert!(message.starts_with("spec.yaml#/paths"), "{message}");
        assert!(
            message.contains("invalid type: integer `7`, expected a map"),
            "{message}"
        );
    }

    #[test]
    fn finds_raw_values_by_pointer_including_numeric_keys() {
        let document = load(
            "spec.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      responses:\n        200:\n          description: fine\n",
        )
        .unwrap();
        let found = document.raw_at("/paths/~1a~1{id}/get/responses/200/description");
        assert_eq!(found.and_then(Value::as_str), Some("fine"));
    }
}
