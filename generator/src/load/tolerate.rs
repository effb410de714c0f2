//! Defects confined to one operation or one schema, repaired or taken out before `openapiv3`
//! reads the document, so that they cost that operation or that schema and never the whole
//! document. Each one is returned with its pointer for the report.

use openapiv3::OpenAPI;
use serde_json::Value as Json;

use super::{Kind, ParseProblem, locate};
use crate::error::{READ_AS_ANY_JSON, pointer_push, pointer_tokens};
use crate::ir::HttpMethod;

/// An operation taken out of the document.
#[derive(Debug)]
pub(super) struct Skip {
    pub operation_id: String,
    pub http_method: HttpMethod,
    pub path: String,
    pub pointer: String,
    pub reason: String,
}

/// The document as `openapiv3` reads it once its local defects are dealt with.
#[derive(Debug)]
pub(super) struct Tolerated {
    pub openapi: OpenAPI,
    pub skipped: Vec<Skip>,
    /// (pointer, what was done).
    pub warnings: Vec<(String, String)>,
}

/// Moves `required: true` written on a property schema (Swagger 2's habit) into the
/// enclosing schema's `required` list, and drops `required: false` there. Returns one
/// warning per property.
pub(super) fn repair_required_flags(document: &mut Json) -> Vec<(String, String)> {
    let mut repairs = Vec::new();
    let mut stack = vec![(Kind::Root, String::new())];
    while let Some((kind, pointer)) = stack.pop() {
        let Some(value) = document.pointer(&pointer) else {
            continue;
        };
        for (child_kind, _, child_pointer) in kind.children(value, &pointer) {
            stack.push((child_kind, child_pointer));
        }
        if kind != Kind::Schema {
            continue;
        }
        if let Some(Json::Object(properties)) = value.get("properties") {
            for (name, property) in properties {
                if let Some(Json::Bool(required)) = property.get("required") {
                    repairs.push((pointer.clone(), name.clone(), *required));
                }
            }
        }
    }
    let mut warnings = Vec::new();
    repairs.sort();
    for (schema_pointer, name, required) in repairs {
        let Some(schema) = document.pointer_mut(&schema_pointer) else {
            continue;
        };
        if let Some(Json::Object(property)) =
            schema.pointer_mut(&pointer_push("/properties", &name))
        {
            property.remove("required");
        }
        let at = pointer_push(
            &pointer_push(&pointer_push(&schema_pointer, "properties"), &name),
            "required",
        );
        if !required {
            warnings.push((
                at,
                "`required: false` on a property is not OpenAPI 3.0 (a property is optional unless its schema's `required` list names it); removed".to_owned(),
            ));
            continue;
        }
        let Json::Object(schema) = schema else {
            continue;
        };
        let list = schema
            .entry("required")
            .or_insert_with(|| Json::Array(Vec::new()));
        match list {
            Json::Array(names) => {
                if !names.iter().any(|listed| listed.as_str() == Some(name.as_str())) {
                    names.push(Json::String(name.clone()));
                }
                warnings.push((
                    at,
                    format!("`required: true` on a property is not OpenAPI 3.0; `{name}` was added to the enclosing schema's `required` list instead"),
                ));
            }
            _ => warnings.push((
                at,
                "`required: true` on a property is not OpenAPI 3.0, and the enclosing schema's `required` is not a list to add it to; removed".to_owned(),
            )),
        }
    }
    warnings
}

/// Parses the document, first taking out what cannot be read: a schema that cannot be read
/// becomes the empty schema (any JSON value), and an operation that cannot be read is
/// skipped. What is left failing is the document's own problem, returned as (pointer,
/// message) pairs.
pub(super) fn parse(document: &mut Json) -> Result<Tolerated, Vec<(String, String)>> {
    let mut skipped = Vec::new();
    let mut warnings = Vec::new();
    loop {
        let root_problem = match super::parse::<OpenAPI, _>(&*document) {
            Ok(openapi) => {
                return Ok(Tolerated {
                    openapi,
                    skipped,
                    warnings,
                });
            }
            Err(problem) => problem,
        };
        let mut found: Vec<ParseProblem> = Vec::new();
        locate(Kind::Root, document, "", root_problem, &mut found);
        found.sort();
        found.dedup();
        let mut fatal = Vec::new();
        let mut progressed = false;
        for problem in found {
            if let Some(done) = tolerate(document, &problem, &mut skipped) {
                progressed |= done;
                if let Some(warning) = schema_warning(&problem) {
                    warnings.push(warning);
                }
            } else {
                fatal.push((problem.pointer, problem.message));
            }
        }
        if !fatal.is_empty() || !progressed {
            return Err(fatal);
        }
    }
}

/// Deals with one problem if it is local: `Some(true)` when the document changed,
/// `Some(false)` when an earlier problem already took the place out, `None` when the problem
/// belongs to the document.
fn tolerate(document: &mut Json, problem: &ParseProblem, skipped: &mut Vec<Skip>) -> Option<bool> {
    let tokens: Vec<String> = pointer_tokens(&problem.object).collect();
    if problem.kind == Kind::Schema && !tokens.is_empty() {
        let slot = document.pointer_mut(&problem.object)?;
        *slot = Json::Object(serde_json::Map::new());
        return Some(true);
    }
    let [paths, path, rest @ ..] = tokens.as_slice() else {
        return None;
    };
    if paths != "paths" {
        return None;
    }
    let item_pointer = pointer_push("/paths", path);
    let methods: Vec<HttpMethod> = match rest.first().and_then(|key| method(key)) {
        Some(method) => vec![method],
        // A problem in the path item's own parts (its parameters) costs every operation in it.
        None => match document.pointer(&item_pointer) {
            Some(Json::Object(item)) => item.keys().filter_map(|key| method(key)).collect(),
            _ => Vec::new(),
        },
    };
    let mut changed = false;
    for http_method in methods {
        let key = http_method.as_str().to_ascii_lowercase();
        let Some(Json::Object(item)) = document.pointer_mut(&item_pointer) else {
            break;
        };
        let Some(operation) = item.shift_remove(&key) else {
            continue;
        };
        changed = true;
        let operation_id = operation
            .get("operationId")
            .and_then(Json::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| crate::naming::derived_operation_id(http_method, path));
        skipped.push(Skip {
            operation_id,
            http_method,
            path: path.clone(),
            pointer: problem.pointer.clone(),
            reason: format!("the operation cannot be read: {}", problem.message),
        });
    }
    if rest.first().and_then(|key| method(key)).is_none()
        && let Some(Json::Object(item)) = document.pointer_mut(&item_pointer)
    {
        // What is left of the path item cannot be read either; without operations it serves nothing.
        item.clear();
    }
    Some(changed)
}

fn schema_warning(problem: &ParseProblem) -> Option<(String, String)> {
    (problem.kind == Kind::Schema).then(|| {
        (
            problem.pointer.clone(),
            format!("{}; the schema is {READ_AS_ANY_JSON}", problem.message),
        )
    })
}

fn method(key: &str) -> Option<HttpMethod> {
    Some(match key {
        "get" => HttpMethod::Get,
        "put" => HttpMethod::Put,
        "post" => HttpMethod::Post,
        "delete" => HttpMethod::Delete,
        "options" => HttpMethod::Options,
        "head" => HttpMethod::Head,
        "patch" => HttpMethod::Patch,
        "trace" => HttpMethod::Trace,
        _ => return None,
    })
}
