//! Reads a spec: the entry document's YAML or JSON text and every local file it references,
//! gathered into one `openapiv3::OpenAPI` ([`bundle`]), with the document also kept as plain
//! JSON for the keys `openapiv3` drops, after checking that it is OpenAPI 3.0 or 3.1. A 3.1
//! document is rewritten into 3.0 as it is gathered (in the private module `openapi31`).
//! Defects confined to one operation or one schema are repaired or skipped here (in the
//! private module `tolerate`). Overlays ([`overlay`]) are applied to each file's tree as the
//! file is read, so everything after sees the spec with its overlays applied.
//!
//! This module is the entry ([`load`], [`Document`]); each file's text is read into JSON, and
//! the version checked, in the private module `text`. When `openapiv3` rejects the document,
//! its error stops at the first `#[serde(flatten)]` boundary (usually `/paths`), so the
//! private module `locator` parses the sub-trees again one by one, each as the OpenAPI object
//! it should be, to point at the deepest place that fails, and at every such place when
//! several are wrong.

pub mod bundle;
mod locator;
mod openapi31;
pub mod overlay;
mod text;
mod tolerate;

use std::collections::BTreeMap;

use openapiv3::OpenAPI;
use serde_json::Value as Json;

pub use bundle::Origins;
pub use overlay::OverlayInput;
pub use text::Dialect;

use self::text::{check_version, parse_text_noting};
use crate::error::{Diagnostic, pointer_tokens};
use crate::ir::SkippedOperation;

/// Supplies the files a document references. The generator reads nothing itself: front ends
/// read from disk, tests from memory.
pub trait SpecFiles: Sync {
    /// The text of `path`, which is the referring file's path joined with the reference's
    /// relative path (`/` separators, `.` and `..` taken out where they can be). An `Err`
    /// says why it cannot be read, in a few words.
    fn read(&self, path: &str) -> Result<String, String>;

    /// The paths of the files in the directory `dir` (`""` for the working directory, else
    /// ending in `/`), for the suggestion when a reference names a file that cannot be read.
    /// The default lists none, and nothing is suggested.
    fn list(&self, dir: &str) -> Vec<String> {
        let _ = dir;
        Vec::new()
    }
}

/// Files held in memory, by path.
impl SpecFiles for BTreeMap<String, String> {
    fn read(&self, path: &str) -> Result<String, String> {
        self.get(path)
            .cloned()
            .ok_or_else(|| "no such file".to_owned())
    }

    fn list(&self, dir: &str) -> Vec<String> {
        self.keys()
            .filter(|path| {
                path.strip_prefix(dir)
                    .is_some_and(|name| !name.is_empty() && !name.contains('/'))
            })
            .cloned()
            .collect()
    }
}

/// No files besides the entry document: every reference to another file is reported.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFiles;

impl SpecFiles for NoFiles {
    fn read(&self, _path: &str) -> Result<String, String> {
        Err("only the entry document was supplied".to_owned())
    }
}

/// A parsed spec, gathered from every file it references.
#[derive(Debug)]
pub struct Document {
    /// The entry document's file name as the caller gave it.
    pub file: String,
    /// The document as `openapiv3` understands it.
    pub openapi: OpenAPI,
    /// The document as plain JSON, for keys `openapiv3` does not keep (siblings of `$ref`).
    pub raw: Json,
    /// Where each part of the gathered document was read from.
    pub origins: Origins,
    /// Operations taken out because they cannot be read, with the reason.
    pub skipped: Vec<SkippedOperation>,
    /// What was repaired on the way in.
    pub warnings: Vec<Diagnostic>,
    /// References that point to nothing, by the pointer of the object holding each in the
    /// gathered document, with the problem at the reference (file and place) to report where
    /// something uses it.
    pub dangling: BTreeMap<String, Diagnostic>,
}

impl Document {
    /// The raw value at a JSON pointer, if there is anything there.
    pub fn raw_at(&self, pointer: &str) -> Option<&Json> {
        let mut node = &self.raw;
        for token in pointer_tokens(pointer) {
            node = match node {
                Json::Object(map) => map.get(&token)?,
                Json::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// A diagnostic about a place of the gathered document, naming the file it came from
    /// and the place in that file.
    pub fn diagnostic(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        let (file, pointer) = self.origins.locate(pointer);
        Diagnostic::new(file, pointer, message)
    }
}

/// Parses `contents` (the text of `file`) as an OpenAPI 3.0 or 3.1 document, reading the files it
/// references through `files`, and reporting every independent problem found.
pub fn load(
    file: &str,
    contents: &str,
    files: &dyn SpecFiles,
) -> Result<Document, Vec<Diagnostic>> {
    load_with_overlays(file, contents, &[], files)
}

/// [`load`], with `overlays` applied in their order, each to the file it names (see
/// [`overlay`]): the entry document's tree before its version is even looked at, every other
/// file's as it is read. A target that matches nothing is a warning of the document.
pub fn load_with_overlays(
    file: &str,
    contents: &str,
    overlays: &[OverlayInput],
    files: &dyn SpecFiles,
) -> Result<Document, Vec<Diagnostic>> {
    let (overlays, root) = match (
        overlay::Overlays::read(file, overlays, files),
        parse_text_noting(file, contents),
    ) {
        (Ok(overlays), Ok(root)) => (overlays, root),
        (overlays, root) => {
            let mut problems = overlays.err().unwrap_or_default();
            problems.extend(root.err().unwrap_or_default());
            return Err(problems);
        }
    };
    let (mut root, rounded) = root;
    let mut overlaid = rounded;
    overlaid.extend(overlays.apply(file, &mut root)?);
    let dialect = check_version(&root)
        .map_err(|(pointer, message)| vec![Diagnostic::new(file, pointer, message)])?;
    if dialect == Dialect::OpenApi31 {
        openapi31::hoist_definitions(&mut root);
    }
    let bundle::Bundled {
        document: mut raw,
        mut origins,
        warnings: read_as_30,
        files_read,
        dangling,
    } = bundle::bundle(file, root, dialect, files, &overlays)?;
    let unapplied = overlays.unapplied(&files_read);
    if !unapplied.is_empty() {
        return Err(unapplied);
    }
    bundle::hoist_pointer_targets(&mut raw, &mut origins);
    let origins = origins;
    let at = |(pointer, message): (String, String)| {
        let (file, pointer) = origins.locate(&pointer);
        Diagnostic::new(file, pointer, message)
    };
    let mut warnings = overlaid;
    warnings.extend(read_as_30);
    warnings.extend(
        tolerate::repair_document(&mut raw, file, dialect == Dialect::OpenApi31)
            .into_iter()
            .map(at),
    );
    warnings.extend(
        tolerate::repair_required_flags(&mut raw)
            .into_iter()
            .map(at),
    );
    warnings.extend(tolerate::repair_numbers(&mut raw).into_iter().map(at));
    warnings.extend(
        tolerate::repair_response_descriptions(&mut raw)
            .into_iter()
            .map(at),
    );
    let tolerated = tolerate::parse(&mut raw).map_err(|problems| {
        let mut found: Vec<Diagnostic> = problems.into_iter().map(at).collect();
        found.sort();
        found.dedup();
        found
    })?;
    warnings.extend(tolerated.warnings.into_iter().map(at));
    let skipped = tolerated
        .skipped
        .into_iter()
        .map(|skip| SkippedOperation {
            operation_id: skip.operation_id,
            http_method: skip.http_method,
            path: skip.path,
            reason: at((skip.pointer, skip.reason)),
        })
        .collect();
    Ok(Document {
        file: file.to_owned(),
        openapi: tolerated.openapi,
        raw,
        origins,
        skipped,
        warnings,
        dangling,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(contents: &str) -> String {
        match load("spec.yaml", contents, &NoFiles) {
            Ok(_) => panic!("expected an error"),
            Err(problems) => problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

    #[test]
    fn rejects_empty_files() {
        assert_eq!(
            error_of("  \n"),
            "spec.yaml: the file is empty; expected an OpenAPI document or a part of one"
        );
    }

    #[test]
    fn rejects_other_versions_naming_the_field() {
        assert_eq!(
            error_of("swagger: '2.0'\ninfo: {}\n"),
            "spec.yaml#/swagger: this is a Swagger 2.0 document; only OpenAPI 3.0.x and 3.1.x are supported (convert it first)"
        );
        assert_eq!(
            error_of("openapi: 3.2.0\ninfo: {}\n"),
            "spec.yaml#/openapi: OpenAPI 3.2.0 is not supported; only OpenAPI 3.0.x and 3.1.x are"
        );
    }

    #[test]
    fn reports_yaml_syntax_errors_with_their_line() {
        assert_eq!(
            error_of("openapi: 3.0.3\ninfo: [unclosed\n"),
            "spec.yaml: invalid YAML: did not find expected ',' or ']' at line 3 column 1, while parsing a flow sequence at line 2 column 7"
        );
    }

    fn loaded(contents: &str) -> Document {
        match load("spec.yaml", contents, &NoFiles) {
            Ok(document) => document,
            Err(problems) => panic!("expected the document to load: {problems:?}"),
        }
    }

    fn skipped_of(document: &Document) -> Vec<String> {
        document
            .skipped
            .iter()
            .map(|skipped| {
                format!(
                    "{} {}: {}",
                    skipped.http_method.as_str(),
                    skipped.path,
                    skipped.reason
                )
            })
            .collect()
    }

    #[test]
    fn an_operation_that_cannot_be_read_is_skipped_at_its_deepest_failing_place() {
        let document = loaded(&format!(
            "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: fine\n          content: 7\n    delete:\n      responses:\n        '204': {{description: gone}}\n"
        ));
        assert_eq!(
            skipped_of(&document),
            [
                "GET /a: spec.yaml#/paths/~1a/get/responses/200/content: the operation cannot be read: this is not a response: invalid type: integer `7`, expected a map"
            ]
        );
        let kept = document
            .openapi
            .paths
            .paths
            .get("/a")
            .and_then(|item| item.as_item());
        assert!(kept.is_some_and(|item| item.get.is_none() && item.delete.is_some()));
    }

    #[test]
    fn a_schema_that_cannot_be_read_becomes_any_value_with_a_warning() {
        let document = loaded(&format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          type: array\n          items:\n            required: yes\n        c: {{type: string}}\n"
        ));
        let warnings: Vec<String> = document.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "spec.yaml#/components/schemas/A/properties/b/items: this is not a schema: invalid type: string \"yes\", expected a sequence; the schema is read as any JSON value (`serde_json::Value`) instead"
            ]
        );
        assert_eq!(
            document.raw_at("/components/schemas/A/properties/b/items"),
            Some(&serde_json::json!({}))
        );
    }

    #[test]
    fn every_unreadable_operation_is_skipped_with_its_own_reason() {
        let document = loaded(&format!(
            "{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - {{name: x, in: body}}\n      responses: {{}}\n  /b:\n    parameters:\n      - {{name: y, schema: {{type: string}}}}\n    get:\n      operationId: listB\n      responses: {{}}\n    put:\n      responses: {{}}\n"
        ));
        assert_eq!(
            skipped_of(&document),
            [
                "GET /a: spec.yaml#/paths/~1a/get/parameters/0/in: the operation cannot be read: unknown parameter location `body`; expected path, query, header or cookie (that is Swagger 2.0; OpenAPI 3.0 puts bodies in `requestBody`)",
                "GET /b: spec.yaml#/paths/~1b/parameters/0: the operation cannot be read: the parameter has no `in`; say where it goes: path, query, header or cookie",
                "PUT /b: spec.yaml#/paths/~1b/parameters/0: the operation cannot be read: the parameter has no `in`; say where it goes: path, query, header or cookie",
            ]
        );
        assert_eq!(document.skipped[1].operation_id, "listB");
        assert_eq!(document.skipped[2].operation_id, "putB");
    }

    #[test]
    fn problems_outside_operations_and_schemas_refuse_the_document() {
        assert_eq!(
            error_of(&format!(
                "{HEAD}paths: {{}}\ncomponents:\n  responses:\n    Bad:\n      content: [1]\n"
            )),
            "spec.yaml#/components/responses/Bad/content: this is not a response: invalid type: sequence, expected a map"
        );
        assert_eq!(
            error_of(&format!("{HEAD}paths: 5\n")),
            "spec.yaml#/paths: this is not an OpenAPI document: invalid type: integer `5`, expected struct Paths"
        );
    }

    fn warnings_of(document: &Document) -> Vec<String> {
        let mut warnings: Vec<String> = document.warnings.iter().map(ToString::to_string).collect();
        warnings.sort();
        warnings
    }

    #[test]
    fn a_malformed_info_or_server_variable_is_repaired_with_a_warning() {
        let document = loaded("openapi: 3.0.3\npaths: {}\n");
        assert_eq!(
            (
                document.openapi.info.title.as_str(),
                document.openapi.info.version.as_str()
            ),
            ("spec", "")
        );
        assert_eq!(
            warnings_of(&document),
            [
                "spec.yaml#/info: the document has no `info`; it is read as title `spec` and an empty version"
            ]
        );
        let document = loaded(
            "openapi: 3.0.3\ninfo: {title: 5, contact: 7}\nservers:\n  - url: 'https://{region}.example.com/v{major}'\n    variables:\n      region: {default: 5, enum: [5, 6]}\n      major: {default: true}\npaths: {}\n",
        );
        assert_eq!(document.openapi.info.title, "5");
        let server = &document.openapi.servers[0];
        let defaults: Vec<&str> = server
            .variables
            .iter()
            .flatten()
            .map(|(_, variable)| variable.default.as_str())
            .collect();
        assert_eq!(defaults, ["5", "true"]);
        assert_eq!(
            warnings_of(&document),
            [
                "spec.yaml#/info/contact: this cannot be read (invalid type: integer `7`, expected struct Contact); removed, as nothing generated depends on it",
                "spec.yaml#/info/title: `title` should be text; it is read as `5`",
                "spec.yaml#/info/version: `info` has no `version`; it is read as ``",
                "spec.yaml#/servers/0/variables/major/default: a server variable's default should be text; it is read as `true`",
                "spec.yaml#/servers/0/variables/region/default: a server variable's default should be text; it is read as `5`",
                "spec.yaml#/servers/0/variables/region/enum/0: a server variable's value should be text; it is read as `5`",
                "spec.yaml#/servers/0/variables/region/enum/1: a server variable's value should be text; it is read as `6`",
            ]
        );
    }

    #[test]
    fn documentation_that_is_not_text_costs_only_itself() {
        let document = loaded(&format!(
            "{HEAD}tags:\n  - name: pets\n    description: {{$ref: '#/components/schemas/Pet'}}\n  - 7\npaths:\n  /a:\n    get:\n      description: {{$ref: '#/x'}}\n      responses:\n        '200': {{description: [ok]}}\n        '204': {{description: 5}}\ncomponents:\n  schemas:\n    Pet:\n      description: [a, list]\n      type: object\n      properties:\n        description: {{type: string}}\n"
        ));
        assert!(document.skipped.is_empty(), "{:?}", document.skipped);
        assert_eq!(
            warnings_of(&document),
            [
                "spec.yaml#/components/schemas/Pet/description: this is not text; removed, as nothing generated depends on it",
                "spec.yaml#/paths/~1a/get/description: this cannot be read (invalid type: map, expected a string); removed, as nothing generated depends on it",
                "spec.yaml#/paths/~1a/get/responses/200/description: this cannot be read as text (invalid type: sequence, expected a string); the description is left empty",
                "spec.yaml#/paths/~1a/get/responses/204/description: this should be text; it is read as `5`",
                "spec.yaml#/tags/0/description: this cannot be read (invalid type: map, expected a string); removed, as nothing generated depends on it",
                "spec.yaml#/tags/1: this cannot be read (invalid type: integer `7`, expected struct Tag); removed, as nothing generated depends on it",
            ]
        );
        assert_eq!(
            document.raw_at("/components/schemas/Pet/properties/description"),
            Some(&serde_json::json!({"type": "string"}))
        );
    }

    #[test]
    fn numbers_of_any_size_are_kept_where_they_fit_and_rounded_with_a_warning() {
        let document = loaded(&format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    N:\n      type: object\n      properties:\n        a: {{type: integer, maximum: 18446744073709551615, minimum: -99999999999999999999999, multipleOf: 0.5, default: 18446744073709551615}}\n        b: {{type: integer, minimum: 1.5, maximum: 9007199254740993, exclusiveMinimum: true}}\n        c: {{type: number, maximum: 18446744073709551615, example: 123456789012345678901234567890}}\n        d: {{type: string, maxLength: 10.5, minLength: -1}}\n"
        ));
        let a = "/components/schemas/N/properties/a";
        assert_eq!(
            document.raw_at(a),
            Some(
                &serde_json::json!({"type": "integer", "maximum": i64::MAX, "minimum": i64::MIN, "default": u64::MAX})
            )
        );
        assert_eq!(
            document.raw_at("/components/schemas/N/properties/b"),
            Some(
                &serde_json::json!({"type": "integer", "minimum": 2, "maximum": 9_007_199_254_740_993_i64})
            )
        );
        assert_eq!(
            warnings_of(&document),
            [
                "spec.yaml#/components/schemas/N/properties/a/maximum: `maximum: 18446744073709551615` on an integer is read as 9223372036854775807, the largest 64-bit integer (no field of 64 bits holds more, so the bound says the same)",
                "spec.yaml#/components/schemas/N/properties/a/minimum: `-99999999999999999999999` does not fit in 64 bits; it is read as -1e+23, the nearest 64-bit float",
                "spec.yaml#/components/schemas/N/properties/a/minimum: `minimum: -1e+23` on an integer is read as -9223372036854775808, the smallest 64-bit integer (no field of 64 bits holds less, so the bound says the same)",
                "spec.yaml#/components/schemas/N/properties/a/multipleOf: `multipleOf: 0.5` on an integer is not a 64-bit integer; dropped (it constrains values the client does not check)",
                "spec.yaml#/components/schemas/N/properties/b/minimum: `minimum: 1.5` on an integer is read as 2, the least integer it allows",
                "spec.yaml#/components/schemas/N/properties/c/example: `123456789012345678901234567890` does not fit in 64 bits; it is read as 1.2345678901234568e+29, the nearest 64-bit float",
                "spec.yaml#/components/schemas/N/properties/c/maximum: `maximum: 18446744073709551615` is read as 1.8446744073709552e+19, the nearest 64-bit float",
                "spec.yaml#/components/schemas/N/properties/d/maxLength: `maxLength: 10.5` is not a whole number; it is read as 10",
                "spec.yaml#/components/schemas/N/properties/d/minLength: `minLength: -1` is negative; every length is at least 0, so it is dropped",
            ]
        );
    }

    #[test]
    fn required_true_on_a_property_moves_to_the_schemas_required_list() {
        let document = loaded(&format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      required: [a]\n      properties:\n        a: {{type: string}}\n        b: {{type: string, required: true}}\n        c: {{type: string, required: false}}\n"
        ));
        assert_eq!(
            document.raw_at("/components/schemas/A/required"),
            Some(&serde_json::json!(["a", "b"]))
        );
        assert_eq!(
            document.raw_at("/components/schemas/A/properties/c/required"),
            None
        );
        let warnings: Vec<String> = document.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "spec.yaml#/components/schemas/A/properties/b/required: `required: true` on a property is not OpenAPI 3.0; `b` was added to the enclosing schema's `required` list instead",
                "spec.yaml#/components/schemas/A/properties/c/required: `required: false` on a property is not OpenAPI 3.0 (a property is optional unless its schema's `required` list names it); removed",
            ]
        );
    }

    #[test]
    fn rejects_what_json_cannot_hold() {
        assert_eq!(
            error_of(&format!(
                "{HEAD}paths: {{}}\nx-limit: .nan\nx-tagged: !custom 1\n"
            )),
            "spec.yaml#/x-limit: `.nan` is not a number JSON can hold\n\
             spec.yaml#/x-tagged: YAML tag `!custom` is not allowed: an OpenAPI document is plain JSON data"
        );
    }

    #[test]
    fn accepts_unquoted_version_numbers() {
        let document = load(
            "spec.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: 1.0}\npaths: {}\n",
            &NoFiles,
        );
        assert!(matches!(document, Ok(found) if found.openapi.info.version == "1.0"));
    }

    #[test]
    fn finds_raw_values_by_pointer_including_numeric_keys() {
        let document = load(
            "spec.yaml",
            &format!("{HEAD}paths:\n  /a/{{id}}:\n    get:\n      responses:\n        200:\n          description: fine\n"),
            &NoFiles,
        )
        .unwrap();
        let found = document.raw_at("/paths/~1a~1{id}/get/responses/200/description");
        assert_eq!(found.and_then(Json::as_str), Some("fine"));
    }
}
