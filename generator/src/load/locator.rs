//! The error locator: when `openapiv3` rejects a document, its error stops at the first
//! `#[serde(flatten)]` boundary (usually `/paths`), so the sub-trees are parsed again one by
//! one, each as the OpenAPI object it should be ([`Kind`]), to point at the deepest place that
//! fails, and at every such place when several are wrong.

use std::panic::{AssertUnwindSafe, catch_unwind};

use openapiv3::{
    Components, Header, MediaType, OpenAPI, Operation, Parameter, PathItem, RequestBody, Response,
    Schema, SecurityScheme,
};
use serde::de::DeserializeOwned;
use serde_json::Value as Json;

use super::text::json_scalar_text;
use crate::error::pointer_push;

/// The OpenAPI objects the search for a precise error descends through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    Root,
    Components,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    MediaType,
    Header,
    Schema,
    SecurityScheme,
}

impl Kind {
    pub(super) fn label(self) -> &'static str {
        match self {
            Kind::Root => "an OpenAPI document",
            Kind::Components => "a components object",
            Kind::PathItem => "a path item",
            Kind::Operation => "an operation",
            Kind::Parameter => "a parameter",
            Kind::RequestBody => "a request body",
            Kind::Response => "a response",
            Kind::MediaType => "a media type object",
            Kind::Header => "a header",
            Kind::Schema => "a schema",
            Kind::SecurityScheme => "a security scheme",
        }
    }

    /// Parses `value` as this kind of object, `$ref` allowed where OpenAPI allows it. An
    /// object that is not a reference is parsed as the item itself, since `ReferenceOr`'s
    /// error loses the path inside it.
    pub(super) fn check(self, value: &Json) -> Result<(), (String, String)> {
        let reference =
            matches!(value, Json::Object(map) if map.get("$ref").is_some_and(Json::is_string));
        match self {
            Kind::Root => parse::<OpenAPI, _>(value).map(drop),
            Kind::Components => parse::<Components, _>(value).map(drop),
            Kind::Operation => parse::<Operation, _>(value).map(drop),
            Kind::MediaType => parse::<MediaType, _>(value).map(drop),
            _ if reference => Ok(()),
            Kind::PathItem => parse::<PathItem, _>(value).map(drop),
            Kind::Parameter => parse::<Parameter, _>(value).map(drop),
            Kind::RequestBody => parse::<RequestBody, _>(value).map(drop),
            Kind::Response => parse::<Response, _>(value).map(drop),
            Kind::Header => parse::<Header, _>(value).map(drop),
            Kind::Schema => parse::<Schema, _>(value).map(drop),
            Kind::SecurityScheme => parse::<SecurityScheme, _>(value).map(drop),
        }
    }

    /// The sub-objects of `value` that have a kind of their own, with their pointers.
    pub(super) fn children<'v>(
        self,
        value: &'v Json,
        pointer: &str,
    ) -> Vec<(Kind, &'v Json, String)> {
        let mut out = Vec::new();
        let Json::Object(map) = value else {
            return out;
        };
        if map.get("$ref").is_some_and(Json::is_string) && self != Kind::Root {
            return out;
        }
        let mut each_entry = |key: &str, kind: Kind| {
            if let Some(Json::Object(entries)) = map.get(key) {
                let base = pointer_push(pointer, key);
                for (name, entry) in entries {
                    out.push((kind, entry, pointer_push(&base, name)));
                }
            }
        };
        match self {
            Kind::Root => {
                each_entry("paths", Kind::PathItem);
            }
            Kind::Components => {
                each_entry("schemas", Kind::Schema);
                each_entry("responses", Kind::Response);
                each_entry("parameters", Kind::Parameter);
                each_entry("requestBodies", Kind::RequestBody);
                each_entry("headers", Kind::Header);
                each_entry("securitySchemes", Kind::SecurityScheme);
            }
            Kind::Response => {
                each_entry("content", Kind::MediaType);
                each_entry("headers", Kind::Header);
            }
            Kind::RequestBody | Kind::Parameter | Kind::Header => {
                each_entry("content", Kind::MediaType);
            }
            Kind::Operation => each_entry("responses", Kind::Response),
            Kind::Schema => each_entry("properties", Kind::Schema),
            Kind::PathItem | Kind::MediaType | Kind::SecurityScheme => {}
        }
        let mut single = |key: &str, kind: Kind| {
            if let Some(entry) = map.get(key) {
                out.push((kind, entry, pointer_push(pointer, key)));
            }
        };
        match self {
            Kind::Root => single("components", Kind::Components),
            Kind::PathItem => {
                for method in [
                    "get", "put", "post", "delete", "options", "head", "patch", "trace",
                ] {
                    single(method, Kind::Operation);
                }
            }
            Kind::Operation => single("requestBody", Kind::RequestBody),
            Kind::Parameter | Kind::Header | Kind::MediaType => single("schema", Kind::Schema),
            Kind::Schema => {
                single("items", Kind::Schema);
                single("not", Kind::Schema);
                if map.get("additionalProperties").is_some_and(Json::is_object) {
                    single("additionalProperties", Kind::Schema);
                }
            }
            _ => {}
        }
        let mut each_item = |key: &str, kind: Kind| {
            if let Some(Json::Array(items)) = map.get(key) {
                let base = pointer_push(pointer, key);
                for (index, item) in items.iter().enumerate() {
                    out.push((kind, item, pointer_push(&base, &index.to_string())));
                }
            }
        };
        match self {
            Kind::PathItem | Kind::Operation => each_item("parameters", Kind::Parameter),
            Kind::Schema => {
                each_item("allOf", Kind::Schema);
                each_item("oneOf", Kind::Schema);
                each_item("anyOf", Kind::Schema);
            }
            _ => {}
        }
        out
    }
}

/// Deserializes `T`, with the path inside `value` where it failed. `openapiv3` has an
/// `expect` on a path serde should never take; if it ever does, that is a failure too.
pub(super) fn parse<'v, T, V>(value: &'v V) -> Result<T, (String, String)>
where
    T: DeserializeOwned,
    &'v V: serde::Deserializer<'v>,
{
    let attempt = catch_unwind(AssertUnwindSafe(|| {
        serde_path_to_error::deserialize::<_, T>(value)
    }));
    match attempt {
        Ok(Ok(parsed)) => Ok(parsed),
        Ok(Err(error)) => {
            let pointer = path_to_pointer(error.path());
            Err((pointer, error.into_inner().to_string()))
        }
        Err(_) => Err((
            String::new(),
            "the OpenAPI parser failed on this value".to_owned(),
        )),
    }
}

/// A place that fails to parse as the OpenAPI object it should be.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct ParseProblem {
    /// The pointer of the object that fails.
    pub(super) object: String,
    /// The pointer of the value inside it that serde stopped at.
    pub(super) pointer: String,
    /// What kind of object it should be.
    pub(super) kind: Kind,
    pub(super) message: String,
}

/// Finds the deepest places under `value` that fail to parse as their kind of object; when no
/// sub-object fails on its own, the problem is `value`'s own (`own_problem`).
pub(super) fn locate(
    kind: Kind,
    value: &Json,
    pointer: &str,
    own_problem: (String, String),
    found: &mut Vec<ParseProblem>,
) {
    let before = found.len();
    for (child_kind, child, child_pointer) in kind.children(value, pointer) {
        if let Err(problem) = child_kind.check(child) {
            locate(child_kind, child, &child_pointer, problem, found);
        }
    }
    if found.len() > before {
        return;
    }
    if kind == Kind::Parameter
        && let Some((at, message)) = parameter_location_problem(value, pointer)
    {
        found.push(ParseProblem {
            object: pointer.to_owned(),
            pointer: at,
            kind,
            message,
        });
        return;
    }
    let (inner, message) = own_problem;
    found.push(ParseProblem {
        object: pointer.to_owned(),
        pointer: format!("{pointer}{inner}"),
        kind,
        message: format!("this is not {}: {message}", kind.label()),
    });
}

/// A clearer message than serde's for a parameter whose `in` is missing or unknown.
fn parameter_location_problem(value: &Json, pointer: &str) -> Option<(String, String)> {
    let Json::Object(map) = value else {
        return None;
    };
    match map.get("in") {
        None => Some((
            pointer.to_owned(),
            "the parameter has no `in`; say where it goes: path, query, header or cookie".into(),
        )),
        Some(Json::String(location))
            if matches!(location.as_str(), "path" | "query" | "header" | "cookie") =>
        {
            None
        }
        Some(other) => {
            let shown = json_scalar_text(other).unwrap_or_else(|| other.to_string());
            let hint = if shown == "body" || shown == "formData" {
                " (that is Swagger 2.0; OpenAPI 3.0 puts bodies in `requestBody`)"
            } else {
                ""
            };
            Some((
                pointer_push(pointer, "in"),
                format!(
                    "unknown parameter location `{shown}`; expected path, query, header or cookie{hint}"
                ),
            ))
        }
    }
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
