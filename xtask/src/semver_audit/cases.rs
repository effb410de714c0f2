//! The cases of `cargo xtask semver-audit`: the small API every case edits ([`base`]), and one
//! edit per kind of change the report classifies ([`cases`]).

use serde_json::{Value as Json, json};

/// One change to the base API.
pub(super) struct Case {
    /// What the change is, as the table shows it.
    pub(super) name: &'static str,
    /// Makes the change; `None` when a place it edits is missing (a bug in this file).
    pub(super) edit: fn(&mut Json) -> Option<()>,
    /// `cargo-semver-checks` has no lint for this kind of change: it passes a change that
    /// breaks code reading the field (a type change, or `T` becoming `Option<T>`), so the truth
    /// is the report's **major**, not the tool's verdict.
    pub(super) tool_blind_spot: bool,
}

/// The API every case edits: a list, a create and a get, a response model, a request model, a
/// string enum and an error body.
pub(super) fn base() -> Json {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Audit", "version": "1.0.0"},
        "servers": [{"url": "https://example.com/v1"}],
        "paths": {
            "/tasks": {
                "get": {
                    "operationId": "listTasks",
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32"}}
                    ],
                    "responses": {
                        "200": {"description": "Tasks.", "content": {"application/json": {"schema": {
                            "type": "array", "items": {"$ref": "#/components/schemas/Task"}
                        }}}},
                        "400": {"description": "Bad request.", "content": {"application/json": {"schema": {
                            "$ref": "#/components/schemas/ErrorBody"
                        }}}}
                    }
                },
                "post": {
                    "operationId": "createTask",
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {
                        "$ref": "#/components/schemas/TaskCreate"
                    }}}},
                    "responses": {
                        "201": {"description": "Created.", "content": {"application/json": {"schema": {
                            "$ref": "#/components/schemas/Task"
                        }}}}
                    }
                }
            },
            "/tasks/{id}": {
                "get": {
                    "operationId": "getTask",
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {"description": "The task.", "content": {"application/json": {"schema": {
                            "$ref": "#/components/schemas/Task"
                        }}}},
                        "404": {"description": "No such task.", "content": {"application/json": {"schema": {
                            "$ref": "#/components/schemas/ErrorBody"
                        }}}}
                    }
                }
            }
        },
        "components": {"schemas": {
            "Task": {
                "type": "object",
                "description": "A task.",
                "required": ["id", "name", "status", "percentComplete", "modified"],
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "status": {"$ref": "#/components/schemas/Status"},
                    "percentComplete": {"type": "integer", "format": "int64"},
                    "modified": {"type": "string", "format": "date-time"},
                    "note": {"type": "string"}
                }
            },
            "TaskCreate": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "priority": {"type": "integer", "format": "int32"}
                }
            },
            "Status": {"type": "string", "enum": ["PENDING", "DONE", "ERROR"]},
            "ErrorBody": {"type": "object", "properties": {"message": {"type": "string"}}}
        }}
    })
}

fn schema<'v>(document: &'v mut Json, name: &str) -> Option<&'v mut serde_json::Map<String, Json>> {
    document
        .pointer_mut("/components/schemas")?
        .get_mut(name)?
        .as_object_mut()
}

fn properties<'v>(
    document: &'v mut Json,
    name: &str,
) -> Option<&'v mut serde_json::Map<String, Json>> {
    schema(document, name)?
        .get_mut("properties")?
        .as_object_mut()
}

fn required<'v>(document: &'v mut Json, name: &str) -> Option<&'v mut Vec<Json>> {
    schema(document, name)?.get_mut("required")?.as_array_mut()
}

fn operation<'v>(
    document: &'v mut Json,
    path: &str,
    method: &str,
) -> Option<&'v mut serde_json::Map<String, Json>> {
    document
        .get_mut("paths")?
        .get_mut(path)?
        .get_mut(method)?
        .as_object_mut()
}

fn parameters<'v>(document: &'v mut Json, path: &str, method: &str) -> Option<&'v mut Vec<Json>> {
    operation(document, path, method)?
        .get_mut("parameters")?
        .as_array_mut()
}

fn responses<'v>(
    document: &'v mut Json,
    path: &str,
    method: &str,
) -> Option<&'v mut serde_json::Map<String, Json>> {
    operation(document, path, method)?
        .get_mut("responses")?
        .as_object_mut()
}

/// Every `$ref` to `from` in the document, pointed at `to`.
fn retarget(value: &mut Json, from: &str, to: &str) {
    match value {
        Json::Object(map) => {
            for (key, child) in map.iter_mut() {
                if key == "$ref" && child.as_str() == Some(from) {
                    *child = json!(to);
                } else {
                    retarget(child, from, to);
                }
            }
        }
        Json::Array(items) => items.iter_mut().for_each(|item| retarget(item, from, to)),
        _ => {}
    }
}

/// The matrix: at least one case for every kind of change the report classifies.
pub(super) fn cases() -> Vec<Case> {
    let case = |name, edit| Case {
        name,
        edit,
        tool_blind_spot: false,
    };
    vec![
        case("operation added", |doc| {
            let item = doc.pointer_mut("/paths/~1tasks~1{id}")?.as_object_mut()?;
            item.insert(
                "delete".into(),
                json!({
                    "operationId": "deleteTask",
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {"204": {"description": "Deleted."}}
                }),
            );
            Some(())
        }),
        case("operation removed", |doc| {
            doc.pointer_mut("/paths/~1tasks~1{id}")?
                .as_object_mut()?
                .remove("get")
                .map(drop)
        }),
        case("optional query parameter added", |doc| {
            parameters(doc, "/tasks", "get")?.push(
                json!({"name": "offset", "in": "query", "schema": {"type": "integer", "format": "int32"}}),
            );
            Some(())
        }),
        case("required query parameter added", |doc| {
            parameters(doc, "/tasks", "get")?.push(
                json!({"name": "filter", "in": "query", "required": true, "schema": {"type": "string"}}),
            );
            Some(())
        }),
        case("optional query parameter removed", |doc| {
            parameters(doc, "/tasks", "get")?.clear();
            Some(())
        }),
        case("optional field added to a request model", |doc| {
            properties(doc, "TaskCreate")?.insert(
                "tags".into(),
                json!({"type": "array", "items": {"type": "string"}}),
            );
            Some(())
        }),
        case("required field added to a request model", |doc| {
            properties(doc, "TaskCreate")?.insert("owner".into(), json!({"type": "string"}));
            required(doc, "TaskCreate")?.push(json!("owner"));
            Some(())
        }),
        case("optional field added to a response model", |doc| {
            properties(doc, "Task")?.insert(
                "attempts".into(),
                json!({"type": "integer", "format": "int32"}),
            );
            Some(())
        }),
        case("required field added to a response model", |doc| {
            properties(doc, "Task")?.insert("createdBy".into(), json!({"type": "string"}));
            required(doc, "Task")?.push(json!("createdBy"));
            Some(())
        }),
        // `Task`'s constructor takes its five required fields by name, in `TaskRequired`: a
        // field becoming nullable leaves that struct, which the tool sees.
        case("field becomes nullable (`modified`)", |doc| {
            properties(doc, "Task")?
                .get_mut("modified")?
                .as_object_mut()?
                .insert("nullable".into(), json!(true));
            Some(())
        }),
        Case {
            name: "field changes type (`percentComplete` i64 to String)",
            edit: |doc| {
                properties(doc, "Task")?
                    .insert("percentComplete".into(), json!({"type": "string"}));
                Some(())
            },
            tool_blind_spot: true,
        },
        // `Task` has five required fields, which its constructor takes by name in `TaskRequired`:
        // one leaving `required` is a field gone from that struct, which the tool sees.
        case("required field becomes optional (`name`)", |doc| {
            required(doc, "Task")?.retain(|field| field != "name");
            Some(())
        }),
        case("enum value added", |doc| {
            schema(doc, "Status")?
                .get_mut("enum")?
                .as_array_mut()?
                .push(json!("CANCELLED"));
            Some(())
        }),
        case("enum value removed", |doc| {
            schema(doc, "Status")?
                .get_mut("enum")?
                .as_array_mut()?
                .retain(|value| value != "ERROR");
            Some(())
        }),
        case("enum variant renamed (`x-enum-varnames`)", |doc| {
            schema(doc, "Status")?.insert(
                "x-enum-varnames".into(),
                json!(["Pending", "Finished", "Error"]),
            );
            Some(())
        }),
        case("error status documented", |doc| {
            responses(doc, "/tasks/{id}", "get")?.insert(
                "429".into(),
                json!({"description": "Too many requests.", "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/ErrorBody"
                }}}}),
            );
            Some(())
        }),
        case("error status no longer documented", |doc| {
            responses(doc, "/tasks/{id}", "get")?
                .remove("404")
                .map(drop)
        }),
        case("schema renamed (`Task` to `TaskRecord`)", |doc| {
            let schemas = doc.pointer_mut("/components/schemas")?.as_object_mut()?;
            let task = schemas.remove("Task")?;
            schemas.insert("TaskRecord".into(), task);
            retarget(
                doc,
                "#/components/schemas/Task",
                "#/components/schemas/TaskRecord",
            );
            Some(())
        }),
        case("description changed", |doc| {
            schema(doc, "Task")?.insert("description".into(), json!("A unit of background work."));
            Some(())
        }),
        case("operation deprecated", |doc| {
            operation(doc, "/tasks", "get")?.insert("deprecated".into(), json!(true));
            Some(())
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_case_edits_the_base_api() {
        let base = base();
        for case in cases() {
            let mut edited = base.clone();
            assert_eq!((case.edit)(&mut edited), Some(()), "{}", case.name);
            assert_ne!(edited, base, "{} changed nothing", case.name);
        }
        assert!(cases().len() >= 15);
    }
}
