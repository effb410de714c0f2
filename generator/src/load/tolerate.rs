//! Defects confined to one operation or one schema, repaired or taken out before `openapiv3`
//! reads the document, so that they cost that operation or that schema and never the whole
//! document. Each one is returned with its pointer for the report.

use openapiv3::OpenAPI;
use serde_json::Value as Json;

use super::locator::{Kind, ParseProblem, locate};
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
    for pointer in objects_of(document, Kind::Schema) {
        if let Some(Json::Object(properties)) = document
            .pointer(&pointer)
            .and_then(|schema| schema.get("properties"))
        {
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

/// The pointer of every place that holds an object of `wanted` kind (or a `$ref` to one), in
/// pointer order.
fn objects_of(document: &Json, wanted: Kind) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![(Kind::Root, String::new())];
    while let Some((kind, pointer)) = stack.pop() {
        let Some(value) = document.pointer(&pointer) else {
            continue;
        };
        for (child_kind, _, child_pointer) in kind.children(value, &pointer) {
            stack.push((child_kind, child_pointer));
        }
        if kind == wanted {
            found.push(pointer);
        }
    }
    found.sort();
    found
}

/// Gives a response object without the `description` OpenAPI requires an empty one, so that it
/// costs nothing but a warning rather than its operation. Returns one warning per response.
pub(super) fn repair_response_descriptions(document: &mut Json) -> Vec<(String, String)> {
    let mut warnings = Vec::new();
    for pointer in objects_of(document, Kind::Response) {
        if let Some(Json::Object(response)) = document.pointer_mut(&pointer)
            && !response.contains_key("description")
            && !response.contains_key("$ref")
        {
            response.insert("description".to_owned(), Json::String(String::new()));
            warnings.push((
                pointer,
                "the response has no `description`, which OpenAPI requires; it is read with an empty one".to_owned(),
            ));
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
        let root_problem = match super::locator::parse::<OpenAPI, _>(&*document) {
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
            if let Some(done) = tolerate(document, &problem, &mut skipped, &mut warnings) {
                progressed |= done;
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
fn tolerate(
    document: &mut Json,
    problem: &ParseProblem,
    skipped: &mut Vec<Skip>,
    warnings: &mut Vec<(String, String)>,
) -> Option<bool> {
    if let Some(done) = drop_documentation(document, problem, warnings) {
        return Some(done);
    }
    let tokens: Vec<String> = pointer_tokens(&problem.object).collect();
    if problem.kind == Kind::Schema && !tokens.is_empty() {
        let slot = document.pointer_mut(&problem.object)?;
        *slot = Json::Object(serde_json::Map::new());
        warnings.extend(schema_warning(problem));
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

/// Documentation that cannot be read (a `description` that is a `$ref` or a list, a tag or
/// `externalDocs` that is not what OpenAPI says) is dropped with a warning, wherever it is: it
/// costs its text, never the operation, schema or document. `Some(true)` when it was dropped.
fn drop_documentation(
    document: &mut Json,
    problem: &ParseProblem,
    warnings: &mut Vec<(String, String)>,
) -> Option<bool> {
    if !matches!(problem.kind, Kind::Root | Kind::Components)
        && problem.pointer == problem.object
        && let Some(Json::Object(object)) = document.pointer_mut(&problem.object)
    {
        // Where serde loses the path (a schema's fields are flattened), the object's own
        // documentation that is not text.
        let bad: Vec<String> = ["description", "summary", "title"]
            .into_iter()
            .filter(|key| object.get(*key).is_some_and(|value| !value.is_string()))
            .map(str::to_owned)
            .collect();
        if !bad.is_empty() {
            for key in bad {
                object.shift_remove(&key);
                warnings.push((
                    pointer_push(&problem.object, &key),
                    "this is not text; removed, as nothing generated depends on it".to_owned(),
                ));
            }
            return Some(true);
        }
    }
    let tokens: Vec<String> = pointer_tokens(&problem.pointer).collect();
    let text_key = tokens
        .last()
        .is_some_and(|last| matches!(last.as_str(), "description" | "summary" | "termsOfService"));
    // In the document's own fields, the value that fails; in a server, the whole server.
    let dropped: &[String] = match tokens.first().map(String::as_str) {
        Some("tags" | "externalDocs") if problem.kind == Kind::Root => &tokens,
        Some("info")
            if problem.kind == Kind::Root
                && tokens.len() > 1
                && !matches!(tokens[1].as_str(), "title" | "version") =>
        {
            &tokens[..2]
        }
        Some("servers") if problem.kind == Kind::Root && tokens.len() > 1 => &tokens[..2],
        _ if text_key && !matches!(problem.kind, Kind::Root | Kind::Components) => &tokens,
        _ => return None,
    };
    let (last, parent) = dropped.split_last()?;
    let parent_pointer = parent.iter().fold(String::new(), |pointer, token| {
        pointer_push(&pointer, token)
    });
    if problem.kind != Kind::Root && parent_pointer != problem.object {
        // `description` here names a property or a map entry, not the object's text.
        return None;
    }
    let at = pointer_push(&parent_pointer, last);
    let reason = problem
        .message
        .split_once(": ")
        .map_or(problem.message.as_str(), |(_, reason)| reason);
    let required_text = problem.kind == Kind::Response && last == "description";
    let container = document.pointer_mut(&parent_pointer)?;
    if text_key
        && let Json::Object(map) = container
        && let Some(text) = map.get(last).and_then(super::text::json_scalar_text)
    {
        warnings.push((at, format!("this should be text; it is read as `{text}`")));
        map.insert(last.clone(), Json::String(text));
        return Some(true);
    }
    match container {
        Json::Object(map) if required_text => {
            map.insert(last.clone(), Json::String(String::new()));
            warnings.push((
                at,
                format!("this cannot be read as text ({reason}); the description is left empty"),
            ));
        }
        Json::Object(map) => {
            map.shift_remove(last)?;
            warnings.push((
                at,
                format!(
                    "this cannot be read ({reason}); removed, as nothing generated depends on it"
                ),
            ));
        }
        Json::Array(items) => {
            let index = last
                .parse::<usize>()
                .ok()
                .filter(|index| *index < items.len())?;
            items.remove(index);
            warnings.push((
                at,
                format!(
                    "this cannot be read ({reason}); removed, as nothing generated depends on it"
                ),
            ));
        }
        _ => return None,
    }
    Some(true)
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

/// Repairs the document-level fields every document has but that nothing generated depends on
/// beyond their text: a missing or malformed `info` (its `title` and `version` become text, the
/// file's name and an empty version standing in for what is missing), and servers whose
/// variables have a number or boolean where OpenAPI wants text. A document without `paths`
/// (3.1 allows it, and is given one as it is read) is read as having none, so that its
/// components still become models. An operation without `responses` (legal in 3.1) gets an
/// empty map. One warning per repair, except for the last in a 3.1 document.
pub(super) fn repair_document(
    document: &mut Json,
    file: &str,
    responses_optional: bool,
) -> Vec<(String, String)> {
    let mut warnings = Vec::new();
    let Json::Object(root) = document else {
        return warnings;
    };
    let stem = file
        .rsplit('/')
        .next()
        .and_then(|name| name.split('.').next())
        .filter(|stem| !stem.is_empty())
        .unwrap_or("API")
        .to_owned();
    if !root.get("info").is_some_and(Json::is_object) {
        let what = if root.contains_key("info") {
            "`info` is not an object"
        } else {
            "the document has no `info`"
        };
        warnings.push((
            "/info".to_owned(),
            format!("{what}; it is read as title `{stem}` and an empty version"),
        ));
        root.insert(
            "info".to_owned(),
            serde_json::json!({"title": stem, "version": ""}),
        );
    }
    if let Some(Json::Object(info)) = root.get_mut("info") {
        for (key, fallback) in [("title", stem.as_str()), ("version", "")] {
            let text = match info.get(key) {
                Some(Json::String(_)) => continue,
                Some(other) => super::text::json_scalar_text(other),
                None => None,
            };
            let message = match (&text, info.contains_key(key)) {
                (Some(text), _) => format!("`{key}` should be text; it is read as `{text}`"),
                (None, true) => format!("`{key}` should be text; it is read as `{fallback}`"),
                (None, false) => format!("`info` has no `{key}`; it is read as `{fallback}`"),
            };
            warnings.push((pointer_push("/info", key), message));
            info.insert(
                key.to_owned(),
                Json::String(text.unwrap_or_else(|| fallback.to_owned())),
            );
        }
    }
    if let Some(Json::Array(servers)) = root.get_mut("servers") {
        for (index, server) in servers.iter_mut().enumerate() {
            let Some(Json::Object(variables)) = server.get_mut("variables") else {
                continue;
            };
            let base = pointer_push(&pointer_push("/servers", &index.to_string()), "variables");
            for (name, variable) in variables.iter_mut() {
                let Json::Object(variable) = variable else {
                    continue;
                };
                let at = pointer_push(&base, name);
                if let Some(value) = variable.get_mut("default")
                    && !value.is_string()
                    && let Some(text) = super::text::json_scalar_text(value)
                {
                    warnings.push((
                        pointer_push(&at, "default"),
                        format!(
                            "a server variable's default should be text; it is read as `{text}`"
                        ),
                    ));
                    *value = Json::String(text);
                }
                if let Some(Json::Array(values)) = variable.get_mut("enum") {
                    for (position, value) in values.iter_mut().enumerate() {
                        if !value.is_string()
                            && let Some(text) = super::text::json_scalar_text(value)
                        {
                            warnings.push((
                                pointer_push(&pointer_push(&at, "enum"), &position.to_string()),
                                format!("a server variable's value should be text; it is read as `{text}`"),
                            ));
                            *value = Json::String(text);
                        }
                    }
                }
            }
        }
    }
    if !root.contains_key("paths") {
        warnings.push((
            "/paths".to_owned(),
            "the document has no `paths`, which OpenAPI 3.0 requires; it is read as an API with no operations, and its components are generated".to_owned(),
        ));
        root.insert("paths".to_owned(), Json::Object(serde_json::Map::new()));
    }
    if let Some(Json::Object(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let Json::Object(item) = item else {
                continue;
            };
            for (key, operation) in item.iter_mut() {
                let Json::Object(operation) = operation else {
                    continue;
                };
                if method(key).is_none() || operation.contains_key("responses") {
                    continue;
                }
                operation.insert("responses".to_owned(), Json::Object(serde_json::Map::new()));
                if !responses_optional {
                    warnings.push((
                        pointer_push(&pointer_push("/paths", path), key),
                        "the operation has no `responses` (OpenAPI 3.0 requires them); it is read as documenting none".to_owned(),
                    ));
                }
            }
        }
    }
    warnings
}

/// Numbers in schema keywords that `openapiv3` holds in narrower types than JSON: an
/// integer's `minimum`, `maximum` and `multipleOf` (64-bit integers), a number's (64-bit
/// floats), and lengths and counts (unsigned). A value that fits is kept exactly; one that
/// does not is rounded to the nearest value that says the same of the schema's values, or
/// dropped when none does, with a warning.
pub(super) fn repair_numbers(document: &mut Json) -> Vec<(String, String)> {
    let mut warnings = Vec::new();
    for pointer in objects_of(document, Kind::Schema) {
        let Some(Json::Object(schema)) = document.pointer_mut(&pointer) else {
            continue;
        };
        let integer = schema.get("type").and_then(Json::as_str) == Some("integer");
        for key in ["minimum", "maximum", "multipleOf"] {
            let Some(Json::Number(number)) = schema.get(key) else {
                continue;
            };
            let at = pointer_push(&pointer, key);
            if integer {
                if number.as_i64().is_some() {
                    continue;
                }
                let value = number.as_f64().unwrap_or_default();
                let shown = number.to_string();
                if key == "multipleOf" {
                    schema.remove(key);
                    warnings.push((
                        at,
                        format!("`multipleOf: {shown}` on an integer is not a 64-bit integer; dropped (it constrains values the client does not check)"),
                    ));
                    continue;
                }
                let (rounded, why) = integer_bound(value, key == "minimum");
                if value.fract() != 0.0 {
                    let flag = if key == "minimum" {
                        "exclusiveMinimum"
                    } else {
                        "exclusiveMaximum"
                    };
                    schema.remove(flag);
                }
                schema.insert(key.to_owned(), Json::from(rounded));
                warnings.push((
                    at,
                    format!("`{key}: {shown}` on an integer is read as {rounded}, {why}"),
                ));
            } else if let Some(exact) = number
                .as_i64()
                .map(i128::from)
                .or_else(|| number.as_u64().map(i128::from))
            {
                #[allow(
                    clippy::cast_precision_loss,
                    clippy::cast_possible_truncation,
                    reason = "the point is to find out whether the float holds it exactly"
                )]
                let float = exact as f64;
                #[allow(
                    clippy::cast_possible_truncation,
                    reason = "compared with the integer it came from"
                )]
                let back = float as i128;
                if back != exact {
                    let shown = serde_json::Number::from_f64(float)
                        .map_or_else(|| float.to_string(), |number| number.to_string());
                    warnings.push((
                        at,
                        format!("`{key}: {exact}` is read as {shown}, the nearest 64-bit float"),
                    ));
                }
            }
        }
        for (key, is_minimum) in [
            ("minLength", true),
            ("maxLength", false),
            ("minItems", true),
            ("maxItems", false),
            ("minProperties", true),
            ("maxProperties", false),
        ] {
            let Some(Json::Number(number)) = schema.get(key) else {
                continue;
            };
            if number.as_u64().is_some() {
                continue;
            }
            let shown = number.to_string();
            let value = number.as_f64().unwrap_or_default();
            let at = pointer_push(&pointer, key);
            let rounded = if is_minimum {
                value.ceil()
            } else {
                value.floor()
            };
            if rounded < 0.0 {
                schema.remove(key);
                let message = if is_minimum {
                    format!(
                        "`{key}: {shown}` is negative; every length is at least 0, so it is dropped"
                    )
                } else {
                    format!("`{key}: {shown}` is negative, which no value could satisfy; dropped")
                };
                warnings.push((at, message));
                continue;
            }
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "a non-negative whole float, saturating at the largest length"
            )]
            let whole = rounded as u64;
            schema.insert(key.to_owned(), Json::from(whole));
            warnings.push((
                at,
                format!("`{key}: {shown}` is not a whole number; it is read as {whole}"),
            ));
        }
    }
    warnings
}

/// The 64-bit integer bound that allows the same integers as `value` (a minimum when
/// `minimum`), and why.
fn integer_bound(value: f64, minimum: bool) -> (i64, &'static str) {
    #[allow(
        clippy::cast_precision_loss,
        reason = "the bounds of i64 as floats, to compare with"
    )]
    let (low, high) = (i64::MIN as f64, i64::MAX as f64);
    if value >= high {
        return (
            i64::MAX,
            if minimum {
                "the largest 64-bit integer (no field of 64 bits holds more)"
            } else {
                "the largest 64-bit integer (no field of 64 bits holds more, so the bound says the same)"
            },
        );
    }
    if value <= low {
        return (
            i64::MIN,
            if minimum {
                "the smallest 64-bit integer (no field of 64 bits holds less, so the bound says the same)"
            } else {
                "the smallest 64-bit integer (no field of 64 bits holds less)"
            },
        );
    }
    let rounded = if minimum { value.ceil() } else { value.floor() };
    #[allow(
        clippy::cast_possible_truncation,
        reason = "within the bounds of i64, checked above"
    )]
    let whole = rounded as i64;
    (
        whole,
        if minimum {
            "the least integer it allows"
        } else {
            "the greatest integer it allows"
        },
    )
}
