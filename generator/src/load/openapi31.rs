//! Reads OpenAPI 3.1 into the 3.0 model the rest of the generator uses. As the bundler visits
//! each object of a 3.1 document, it is rewritten into the 3.0 form that says the same thing
//! (`type: [string, "null"]` becomes `type: string` with `nullable: true`, `const` becomes a
//! one-value `enum`...), and what 3.0 cannot say is dropped with a warning, so that `lower`
//! never learns a second model.

use serde_json::{Map, Value as Json, json};

use super::locator::Kind;
use crate::error::pointer_push;

/// What 3.1's schema keywords become when 3.0 has no way to say them, with the reason given
/// in the warning. `$comment` is a comment and goes without one.
const IGNORED_SCHEMA_KEYWORDS: &[(&str, &str)] = &[
    (
        "$id",
        "schemas are found by their place in the document, not by `$id`",
    ),
    (
        "$anchor",
        "schemas are found by their place in the document, not by anchors",
    ),
    ("$schema", "every schema is read in OpenAPI's own dialect"),
    (
        "$dynamicRef",
        "dynamic references cannot be resolved when the code is generated",
    ),
    (
        "$dynamicAnchor",
        "dynamic references cannot be resolved when the code is generated",
    ),
    (
        "$vocabulary",
        "every schema is read in OpenAPI's own dialect",
    ),
    (
        "if",
        "conditional schemas cannot be expressed as Rust types; the condition is not checked",
    ),
    (
        "then",
        "conditional schemas cannot be expressed as Rust types; the condition is not checked",
    ),
    (
        "else",
        "conditional schemas cannot be expressed as Rust types; the condition is not checked",
    ),
    (
        "dependentSchemas",
        "a schema that depends on which properties are present cannot be expressed as a Rust type",
    ),
    (
        "dependentRequired",
        "the properties stay optional: a requirement that depends on another property cannot be expressed as a Rust type",
    ),
    (
        "unevaluatedProperties",
        "unknown properties are ignored when a response is read",
    ),
    (
        "unevaluatedItems",
        "the array's items are read as its `items` schema says",
    ),
    ("propertyNames", "a map's keys are read as any string"),
    (
        "contains",
        "the array's items are read as its `items` schema says",
    ),
    (
        "minContains",
        "the array's items are read as its `items` schema says",
    ),
    (
        "maxContains",
        "the array's items are read as its `items` schema says",
    ),
];

/// The dialect a 3.1 document's schemas have unless it says otherwise.
const OPENAPI_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// The keywords of integers and numbers alike.
const NUMBER_KEYWORDS: &[&str] = &[
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "enum",
];

/// Which keywords belong to which JSON type, so that a schema of several types can be split
/// into one schema per type, each with its own constraints.
const KEYWORDS_BY_TYPE: &[(&str, &[&str])] = &[
    (
        "string",
        &["format", "pattern", "minLength", "maxLength", "enum"],
    ),
    ("integer", NUMBER_KEYWORDS),
    ("number", NUMBER_KEYWORDS),
    ("boolean", &["enum"]),
    ("array", &["items", "minItems", "maxItems", "uniqueItems"]),
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
            "discriminator",
        ],
    ),
];

/// Rewrites one object of a 3.1 document (of kind `kind`) into its 3.0 form, before its
/// children are visited. Returns what was dropped or could only be approximated, as
/// (pointer relative to the object, message).
pub(super) fn normalize(value: &mut Json, kind: Kind) -> Vec<(String, String)> {
    let mut warnings = Vec::new();
    match kind {
        Kind::Root => normalize_root(value, &mut warnings),
        Kind::Components => normalize_components(value, &mut warnings),
        Kind::Schema => normalize_schema(value, "", &mut warnings),
        _ => {}
    }
    warnings
}

fn normalize_root(value: &mut Json, warnings: &mut Vec<(String, String)>) {
    let Json::Object(root) = value else { return };
    if let Some(Json::Object(webhooks)) = root.remove("webhooks") {
        for name in webhooks.keys() {
            warnings.push((
                pointer_push("/webhooks", name),
                format!(
                    "webhook `{name}` is not generated: a webhook is a request the API sends to its subscribers, and this client only sends requests"
                ),
            ));
        }
    }
    if let Some(dialect) = root.remove("jsonSchemaDialect")
        && dialect.as_str() != Some(OPENAPI_DIALECT)
    {
        warnings.push((
            "/jsonSchemaDialect".into(),
            format!("schemas are read in OpenAPI's own dialect, not {dialect}"),
        ));
    }
    // 3.1 lets a document hold only components or webhooks.
    root.entry("paths").or_insert_with(|| json!({}));
    if let Some(Json::Object(info)) = root.get_mut("info") {
        if let Some(Json::String(summary)) = info.remove("summary") {
            let description = match info.get("description").and_then(Json::as_str) {
                Some(description) if !description.trim().is_empty() => {
                    format!("{summary}\n\n{description}")
                }
                _ => summary,
            };
            info.insert("description".into(), Json::String(description));
        }
        // The SPDX identifier is for people reading the spec; the generated crate's own
        // licence is the project's to choose, so there is nothing to carry over.
        if let Some(Json::Object(license)) = info.get_mut("license") {
            license.remove("identifier");
        }
    }
}

/// Keys whose values are data, not schemas, so a `$defs` or `$ref` key inside is a value.
const DATA_KEYS: &[&str] = &["example", "examples", "default", "enum", "const"];

/// 3.1 schemas may keep their own definitions under `$defs`, and the document refer to them
/// (`#/components/schemas/A/$defs/B`). Each definition becomes a component schema named by
/// its key (made unique), and the references to it follow it there. This runs on the entry
/// document before it is gathered, so that the references are checked where they now point.
pub(super) fn hoist_definitions(root: &mut Json) {
    while let Some(at) = first_definitions(root, "", false) {
        let (parent, _) = at.rsplit_once('/').unwrap_or_default();
        let definitions = match root.pointer_mut(parent) {
            Some(Json::Object(schema)) => schema.remove("$defs"),
            _ => None,
        };
        let Some(Json::Object(definitions)) = definitions else {
            return;
        };
        for (key, schema) in definitions {
            let Some(components) = root
                .as_object_mut()
                .map(|root| root.entry("components").or_insert_with(|| json!({})))
                .and_then(Json::as_object_mut)
                .map(|components| components.entry("schemas").or_insert_with(|| json!({})))
                .and_then(Json::as_object_mut)
            else {
                return;
            };
            let mut name = key.clone();
            let mut suffix = 1;
            while components.contains_key(&name) {
                suffix += 1;
                name = format!("{key}{suffix}");
            }
            components.insert(name.clone(), schema);
            let from = format!("#{}", pointer_push(&at, &key));
            let to = format!("#{}", pointer_push("/components/schemas", &name));
            retarget_references(root, &from, &to, false);
        }
    }
}

/// The pointer of the first `$defs` object in the document, if there is one.
fn first_definitions(value: &Json, at: &str, names_properties: bool) -> Option<String> {
    let Json::Object(map) = value else {
        return None;
    };
    if !names_properties && matches!(map.get("$defs"), Some(Json::Object(_))) {
        return Some(pointer_push(at, "$defs"));
    }
    for (key, child) in map {
        if !names_properties && (DATA_KEYS.contains(&key.as_str()) || key.starts_with("x-")) {
            continue;
        }
        let child_names_properties = !names_properties && key == "properties";
        if let Some(found) =
            first_definitions(child, &pointer_push(at, key), child_names_properties)
        {
            return Some(found);
        }
    }
    None
}

/// Points every local reference to `from`, or to a place inside it, at `to` instead.
fn retarget_references(value: &mut Json, from: &str, to: &str, names_properties: bool) {
    let Json::Object(map) = value else {
        if let Json::Array(items) = value {
            for item in items {
                retarget_references(item, from, to, false);
            }
        }
        return;
    };
    for (key, child) in map.iter_mut() {
        if !names_properties && DATA_KEYS.contains(&key.as_str()) {
            continue;
        }
        if !names_properties
            && key == "$ref"
            && let Json::String(reference) = child
            && let Some(rest) = reference.strip_prefix(from)
            && (rest.is_empty() || rest.starts_with('/'))
        {
            *reference = format!("{to}{rest}");
            continue;
        }
        retarget_references(child, from, to, !names_properties && key == "properties");
    }
}

fn normalize_components(value: &mut Json, warnings: &mut Vec<(String, String)>) {
    let Some(Json::Object(schemes)) = value.pointer_mut("/securitySchemes") else {
        return;
    };
    let mutual_tls: Vec<String> = schemes
        .iter()
        .filter(|(_, scheme)| scheme.get("type").and_then(Json::as_str) == Some("mutualTLS"))
        .map(|(name, _)| name.clone())
        .collect();
    for name in mutual_tls {
        schemes.shift_remove(&name);
        warnings.push((
            pointer_push("/securitySchemes", &name),
            "mutual TLS is set up on the HTTP client (`reqwest::ClientBuilder::identity`), not per operation; the scheme is ignored".into(),
        ));
    }
}

/// Rewrites one schema, and the anonymous alternatives it gathers while doing so. The
/// schemas below it (properties, items...) are rewritten when the bundler visits them.
fn normalize_schema(value: &mut Json, at: &str, warnings: &mut Vec<(String, String)>) {
    if let Json::Bool(accepts_anything) = *value {
        if !accepts_anything {
            warnings.push((
                at.to_owned(),
                "the schema `false` (no value is valid) is read as any JSON value".into(),
            ));
        }
        *value = json!({});
        return;
    }
    let Json::Object(schema) = value else { return };
    schema.remove("$comment");
    for (keyword, why) in IGNORED_SCHEMA_KEYWORDS {
        if schema.remove(*keyword).is_some() {
            warnings.push((
                pointer_push(at, keyword),
                format!("`{keyword}` is ignored: {why}"),
            ));
        }
    }
    pattern_properties(schema, at, warnings);
    prefix_items(schema, at, warnings);
    const_to_enum(schema);
    examples_to_example(schema);
    for (exclusive, inclusive, stricter) in [
        ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
        ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
    ] {
        numeric_exclusive_bound(schema, exclusive, inclusive, stricter);
    }
    content_encoding(schema);
    type_array(schema, at, warnings);
    null_alternative(schema, "oneOf");
    null_alternative(schema, "anyOf");
}

/// `const: v` is a one-value `enum`; with no `type`, the value's own type is the schema's.
fn const_to_enum(schema: &mut Map<String, Json>) {
    let Some(constant) = schema.remove("const") else {
        return;
    };
    if !schema.contains_key("type") {
        let kind = match &constant {
            Json::String(_) => Some("string"),
            Json::Bool(_) => Some("boolean"),
            Json::Number(number) if number.is_f64() => Some("number"),
            Json::Number(_) => Some("integer"),
            Json::Null | Json::Array(_) | Json::Object(_) => None,
        };
        if let Some(kind) = kind {
            schema.insert("type".into(), json!(kind));
        }
    }
    if constant.is_null() {
        schema.insert("nullable".into(), json!(true));
    }
    schema.insert("enum".into(), json!([constant]));
}

/// A schema's `examples` array is 3.0's single `example`: the first one is kept.
fn examples_to_example(schema: &mut Map<String, Json>) {
    if !matches!(schema.get("examples"), Some(Json::Array(_))) {
        return;
    }
    if let Some(Json::Array(examples)) = schema.remove("examples")
        && !schema.contains_key("example")
        && let Some(first) = examples.into_iter().next()
    {
        schema.insert("example".into(), first);
    }
}

/// 3.1's numeric `exclusiveMinimum: 5` is 3.0's `minimum: 5` with `exclusiveMinimum: true`,
/// unless an inclusive bound beside it is already the stricter one.
fn numeric_exclusive_bound(
    schema: &mut Map<String, Json>,
    exclusive: &str,
    inclusive: &str,
    stricter: std::cmp::Ordering,
) {
    let Some(bound) = schema.get(exclusive).and_then(Json::as_f64) else {
        return;
    };
    let Some(Json::Number(number)) = schema.remove(exclusive) else {
        return;
    };
    let existing = schema.get(inclusive).and_then(Json::as_f64);
    let exclusive_wins = existing.is_none_or(|existing| {
        bound
            .partial_cmp(&existing)
            .is_some_and(|order| order != stricter.reverse())
    });
    if exclusive_wins {
        schema.insert(inclusive.into(), Json::Number(number));
        schema.insert(exclusive.into(), json!(true));
    }
}

/// 3.1 says a string holds bytes with `contentEncoding` or a non-text `contentMediaType`;
/// 3.0 says it with `format: byte` (base64 text) or `format: binary` (raw bytes).
fn content_encoding(schema: &mut Map<String, Json>) {
    let encoding = schema.remove("contentEncoding");
    let media_type = schema.remove("contentMediaType");
    schema.remove("contentSchema");
    if schema.contains_key("format") {
        return;
    }
    let format = match (
        encoding.as_ref().and_then(Json::as_str),
        media_type.as_ref().and_then(Json::as_str),
    ) {
        (Some(encoding), _)
            if encoding.eq_ignore_ascii_case("base64")
                || encoding.eq_ignore_ascii_case("base64url") =>
        {
            Some("byte")
        }
        (Some(_), _) => None,
        (None, Some(media_type)) if !is_text(media_type) => Some("binary"),
        (None, _) => None,
    };
    if let Some(format) = format {
        schema.insert("format".into(), json!(format));
        schema.entry("type").or_insert_with(|| json!("string"));
    }
}

/// Whether a media type is text, which a Rust `String` holds as it is.
fn is_text(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence.starts_with("text/")
        || essence == "application/json"
        || essence.ends_with("+json")
        || essence == "application/xml"
        || essence.ends_with("+xml")
        || essence == "application/x-www-form-urlencoded"
}

/// A single key pattern with no other extra properties is a map whose keys are not checked;
/// anything more cannot be a Rust type.
fn pattern_properties(
    schema: &mut Map<String, Json>,
    at: &str,
    warnings: &mut Vec<(String, String)>,
) {
    let Some(patterns) = schema.remove("patternProperties") else {
        return;
    };
    let pointer = pointer_push(at, "patternProperties");
    match patterns {
        Json::Object(patterns) if patterns.len() == 1 && !schema.contains_key("additionalProperties") => {
            let Some((pattern, value)) = patterns.into_iter().next() else {
                return;
            };
            warnings.push((
                pointer,
                format!("the extra properties are read as a map whose keys are not checked against `{pattern}`"),
            ));
            schema.insert("additionalProperties".into(), value);
        }
        _ => warnings.push((
            pointer,
            "`patternProperties` is ignored: properties named by several patterns, or beside `additionalProperties`, cannot be a Rust type".into(),
        )),
    }
}

/// A tuple (`prefixItems`) has no 3.0 form: its array is read with the `items` schema for
/// the rest, or as an array of any JSON values.
fn prefix_items(schema: &mut Map<String, Json>, at: &str, warnings: &mut Vec<(String, String)>) {
    if schema.remove("prefixItems").is_none() {
        return;
    }
    let rest = if schema.contains_key("items") {
        "its `items` schema"
    } else {
        "any JSON value"
    };
    warnings.push((
        pointer_push(at, "prefixItems"),
        format!("tuples are not supported; every item of the array is read as {rest}"),
    ));
}

/// `type` as an array: `"null"` among the types is `nullable: true`; one other type is that
/// type, and several are a `oneOf` with one alternative per type, each taking the keywords
/// that apply to it.
fn type_array(schema: &mut Map<String, Json>, at: &str, warnings: &mut Vec<(String, String)>) {
    let types: Vec<String> = match schema.get("type") {
        Some(Json::Array(types)) => types
            .iter()
            .filter_map(Json::as_str)
            .map(str::to_owned)
            .collect(),
        Some(Json::String(only)) if only == "null" => vec![only.clone()],
        _ => return,
    };
    schema.remove("type");
    let mut kinds: Vec<String> = Vec::new();
    for kind in types.iter().filter(|kind| *kind != "null") {
        if !kinds.contains(kind) {
            kinds.push(kind.clone());
        }
    }
    if types.iter().any(|kind| kind == "null") {
        schema.insert("nullable".into(), json!(true));
    }
    match kinds.as_slice() {
        [] => {}
        [only] => {
            schema.insert("type".into(), json!(only));
        }
        several => {
            if schema.contains_key("oneOf") || schema.contains_key("anyOf") {
                warnings.push((
                    pointer_push(at, "type"),
                    format!(
                        "a schema with several types and `oneOf` or `anyOf` beside them cannot be a Rust type; it is read as `{}` only",
                        several[0]
                    ),
                ));
                schema.insert("type".into(), json!(several[0]));
                return;
            }
            let alternatives: Vec<Json> = several
                .iter()
                .map(|kind| {
                    let mut alternative = Map::new();
                    alternative.insert("type".into(), json!(kind));
                    let keywords = KEYWORDS_BY_TYPE
                        .iter()
                        .find(|(name, _)| name == kind)
                        .map_or(&[][..], |(_, keywords)| *keywords);
                    for keyword in keywords {
                        if let Some(value) = schema.get(*keyword) {
                            alternative.insert((*keyword).into(), value.clone());
                        }
                    }
                    Json::Object(alternative)
                })
                .collect();
            for (_, keywords) in KEYWORDS_BY_TYPE {
                for keyword in *keywords {
                    schema.remove(*keyword);
                }
            }
            schema.insert("oneOf".into(), Json::Array(alternatives));
        }
    }
}

/// Whether a schema admits only `null`: `type: "null"`, `type: ["null"]`, `const: null` or
/// `enum: [null]`, with nothing but annotations beside it.
fn is_null_schema(schema: &Json) -> bool {
    let Json::Object(map) = schema else {
        return false;
    };
    let says_null = match map.get("type") {
        Some(Json::String(kind)) => kind == "null",
        Some(Json::Array(kinds)) => !kinds.is_empty() && kinds.iter().all(|kind| kind == "null"),
        Some(_) => false,
        None => {
            map.get("const").is_some_and(Json::is_null)
                || matches!(map.get("enum"), Some(Json::Array(values)) if values.iter().all(Json::is_null) && !values.is_empty())
        }
    };
    says_null
        && map.keys().all(|key| {
            matches!(
                key.as_str(),
                "type" | "const" | "enum" | "title" | "description" | "$comment"
            )
        })
}

/// The FastAPI idiom `anyOf: [X, {type: "null"}]` is an optional X: the `null` alternatives
/// become `nullable: true`, and a single alternative left takes the place of the combinator
/// (a `$ref` keeps the schema's own keywords beside it, as 3.1 allows).
fn null_alternative(schema: &mut Map<String, Json>, combinator: &str) {
    let Some(Json::Array(alternatives)) = schema.get(combinator) else {
        return;
    };
    if !alternatives.iter().any(is_null_schema) {
        return;
    }
    let Some(Json::Array(alternatives)) = schema.remove(combinator) else {
        return;
    };
    let mut rest: Vec<Json> = alternatives
        .into_iter()
        .filter(|alternative| !is_null_schema(alternative))
        .collect();
    schema.insert("nullable".into(), json!(true));
    match rest.len() {
        0 => {}
        1 => {
            let Some(Json::Object(only)) = rest.pop() else {
                return;
            };
            // The alternative's own keywords say what the value is; the outer schema's
            // annotations (title, description, default) stay where they are.
            for (key, value) in only {
                if key == "nullable" {
                    continue;
                }
                schema.insert(key, value);
            }
        }
        _ => {
            schema.insert(combinator.into(), Json::Array(rest));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(value: Json) -> (Json, Vec<(String, String)>) {
        let mut value = value;
        let warnings = normalize(&mut value, Kind::Schema);
        (value, warnings)
    }

    #[test]
    fn a_type_array_with_null_is_a_nullable_type() {
        assert_eq!(
            schema(json!({"type": ["string", "null"], "format": "date-time"})).0,
            json!({"format": "date-time", "nullable": true, "type": "string"})
        );
    }

    #[test]
    fn several_types_are_one_alternative_each_with_their_own_keywords() {
        assert_eq!(
            schema(json!({"type": ["integer", "string"], "minimum": 1, "maxLength": 8, "description": "d"})).0,
            json!({
                "description": "d",
                "oneOf": [
                    {"type": "integer", "minimum": 1},
                    {"type": "string", "maxLength": 8},
                ],
            })
        );
    }

    #[test]
    fn an_optional_reference_in_the_fastapi_idiom_keeps_its_annotations() {
        assert_eq!(
            schema(json!({
                "anyOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "null"}],
                "description": "The pet, if any.",
                "default": null,
            }))
            .0,
            json!({
                "$ref": "#/components/schemas/Pet",
                "default": null,
                "description": "The pet, if any.",
                "nullable": true,
            })
        );
    }

    #[test]
    fn a_null_alternative_among_several_makes_the_union_nullable() {
        assert_eq!(
            schema(json!({"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]})).0,
            json!({"nullable": true, "oneOf": [{"type": "string"}, {"type": "integer"}]})
        );
    }

    #[test]
    fn const_is_a_one_value_enum_typed_by_its_value() {
        assert_eq!(
            schema(json!({"const": "pending"})).0,
            json!({"enum": ["pending"], "type": "string"})
        );
    }

    #[test]
    fn numeric_exclusive_bounds_become_inclusive_bounds_with_a_flag() {
        assert_eq!(
            schema(json!({"type": "number", "exclusiveMinimum": 0, "maximum": 10, "exclusiveMaximum": 20})).0,
            json!({"exclusiveMinimum": true, "maximum": 10, "minimum": 0, "type": "number"})
        );
    }

    #[test]
    fn encoded_content_is_bytes() {
        assert_eq!(
            schema(json!({"type": "string", "contentEncoding": "base64"})).0,
            json!({"format": "byte", "type": "string"})
        );
        assert_eq!(
            schema(json!({"type": "string", "contentMediaType": "image/png"})).0,
            json!({"format": "binary", "type": "string"})
        );
        assert_eq!(
            schema(json!({"type": "string", "contentMediaType": "application/json"})).0,
            json!({"type": "string"})
        );
    }

    #[test]
    fn keywords_without_a_rust_form_are_dropped_with_a_reason() {
        let (value, warnings) =
            schema(json!({"type": "object", "if": {}, "then": {}, "$comment": "x"}));
        assert_eq!(value, json!({"type": "object"}));
        assert_eq!(
            warnings,
            [
                (
                    "/if".to_owned(),
                    "`if` is ignored: conditional schemas cannot be expressed as Rust types; the condition is not checked".to_owned()
                ),
                (
                    "/then".to_owned(),
                    "`then` is ignored: conditional schemas cannot be expressed as Rust types; the condition is not checked".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn definitions_become_components_and_references_follow_them() {
        let mut root = json!({
            "openapi": "3.1.0",
            "paths": {},
            "components": {"schemas": {
                "B": {"type": "integer"},
                "A": {
                    "properties": {
                        "$defs": {"type": "string"},
                        "b": {"$ref": "#/components/schemas/A/$defs/B"},
                        "c": {"$ref": "#/components/schemas/A/$defs/C/properties/d"},
                    },
                    "$defs": {
                        "B": {"type": "string", "example": {"$defs": {}}},
                        "C": {"properties": {"d": {"type": "boolean"}}},
                    },
                },
            }},
        });
        hoist_definitions(&mut root);
        assert_eq!(
            root["components"]["schemas"],
            json!({
                "B": {"type": "integer"},
                "A": {"properties": {
                    "$defs": {"type": "string"},
                    "b": {"$ref": "#/components/schemas/B2"},
                    "c": {"$ref": "#/components/schemas/C/properties/d"},
                }},
                "B2": {"type": "string", "example": {"$defs": {}}},
                "C": {"properties": {"d": {"type": "boolean"}}},
            })
        );
    }

    #[test]
    fn webhooks_are_named_as_not_generated() {
        let mut root = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1", "summary": "S"}, "webhooks": {"newPet": {}}});
        let warnings = normalize(&mut root, Kind::Root);
        assert_eq!(
            root,
            json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1", "description": "S"}, "paths": {}})
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].0, "/webhooks/newPet");
    }
}
