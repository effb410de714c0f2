//! One file's text as a JSON tree: YAML (or JSON) read into plain JSON, reporting what JSON
//! cannot hold, and the check that a document is OpenAPI 3.0 or 3.1 ([`Dialect`]).

use serde_json::Value as Json;
use serde_yaml::Value as Yaml;

use crate::error::{Diagnostic, pointer_push};

/// Reads one file's YAML (or JSON) text as plain JSON, reporting what JSON cannot hold, and
/// leaving out the warnings about numbers rounded on the way (see [`parse_text_noting`]).
pub(crate) fn parse_text(file: &str, contents: &str) -> Result<Json, Vec<Diagnostic>> {
    parse_text_noting(file, contents).map(|(json, _)| json)
}

/// Reads one file's YAML (or JSON) text as plain JSON, reporting what JSON cannot hold. An
/// integer too large for 64 bits (`123456789012345678901234567890`) is held as the nearest
/// 64-bit float, with a warning; the rest of the document is read as written.
pub(crate) fn parse_text_noting(
    file: &str,
    contents: &str,
) -> Result<(Json, Vec<Diagnostic>), Vec<Diagnostic>> {
    let fail = |pointer: &str, message: String| vec![Diagnostic::new(file, pointer, message)];
    if contents.trim().is_empty() {
        return Err(fail(
            "",
            "the file is empty; expected an OpenAPI document or a part of one".into(),
        ));
    }
    // YAML syntax errors have no JSON pointer (there is no tree yet); the message says the
    // line and column instead.
    let mut yaml: Yaml = serde::de::DeserializeSeed::deserialize(
        WideYaml,
        serde_yaml::Deserializer::from_str(contents),
    )
    .map_err(|error| fail("", format!("invalid YAML: {error}")))?;
    yaml.apply_merge()
        .map_err(|error| fail("", format!("invalid YAML merge key: {error}")))?;
    quote_version_numbers(&mut yaml);
    let mut problems = Vec::new();
    let mut rounded = Vec::new();
    let raw = to_json(&yaml, "", &mut problems, &mut rounded);
    if problems.is_empty() {
        let warnings = rounded
            .into_iter()
            .map(|(pointer, message)| Diagnostic::new(file, pointer, message))
            .collect();
        Ok((raw, warnings))
    } else {
        Err(problems
            .into_iter()
            .map(|(pointer, message)| Diagnostic::new(file, pointer, message))
            .collect())
    }
}

/// The tag [`WideYaml`] gives an integer too large for 64 bits, holding its digits. No YAML
/// document can write it: a tag has no spaces.
const WIDE_INTEGER_TAG: &str = "sailpoint-codegen wide integer";

/// Reads YAML as `serde_yaml::Value` does, except that an integer too large for 64 bits (which
/// `serde_yaml::Value` refuses as "invalid type: integer ... as i128") is kept as its digits,
/// tagged with [`WIDE_INTEGER_TAG`], for [`to_json`] to round with a warning.
struct WideYaml;

impl<'de> serde::de::Visitor<'de> for WideYaml {
    type Value = Yaml;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Yaml, E> {
        Ok(Yaml::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Yaml, E> {
        Ok(Yaml::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Yaml, E> {
        Ok(Yaml::Number(value.into()))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Yaml, E> {
        Ok(wide_integer(value.to_string()))
    }

    fn visit_u128<E>(self, value: u128) -> Result<Yaml, E> {
        Ok(wide_integer(value.to_string()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Yaml, E> {
        Ok(Yaml::Number(value.into()))
    }

    fn visit_str<E>(self, value: &str) -> Result<Yaml, E> {
        Ok(Yaml::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Yaml, E> {
        Ok(Yaml::String(value))
    }

    fn visit_unit<E>(self) -> Result<Yaml, E> {
        Ok(Yaml::Null)
    }

    fn visit_none<E>(self) -> Result<Yaml, E> {
        Ok(Yaml::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, inner: D) -> Result<Yaml, D::Error> {
        inner.deserialize_any(WideYaml)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut items: A) -> Result<Yaml, A::Error> {
        let mut out = Vec::new();
        while let Some(item) = items.next_element_seed(WideYaml)? {
            out.push(item);
        }
        Ok(Yaml::Sequence(out))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut entries: A) -> Result<Yaml, A::Error> {
        let mut out = serde_yaml::Mapping::new();
        while let Some(key) = entries.next_key_seed(WideYaml)? {
            if out.contains_key(&key) {
                let shown = match &key {
                    Yaml::Null => "with null key".to_owned(),
                    Yaml::Bool(flag) => format!("with key `{flag}`"),
                    Yaml::Number(number) => format!("with key {number}"),
                    Yaml::String(text) => format!("with key {text:?}"),
                    _ => "in YAML map".to_owned(),
                };
                return Err(serde::de::Error::custom(format!("duplicate entry {shown}")));
            }
            let value = entries.next_value_seed(WideYaml)?;
            out.insert(key, value);
        }
        Ok(Yaml::Mapping(out))
    }

    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, tagged: A) -> Result<Yaml, A::Error> {
        use serde::de::VariantAccess;
        let (tag, value): (String, A::Variant) = tagged.variant()?;
        if tag.is_empty() {
            return Err(serde::de::Error::custom("empty YAML tag is not allowed"));
        }
        let value = value.newtype_variant_seed(WideYaml)?;
        Ok(Yaml::Tagged(Box::new(serde_yaml::value::TaggedValue {
            tag: serde_yaml::value::Tag::new(tag),
            value,
        })))
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for WideYaml {
    type Value = Yaml;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Yaml, D::Error> {
        deserializer.deserialize_any(WideYaml)
    }
}

fn wide_integer(digits: String) -> Yaml {
    Yaml::Tagged(Box::new(serde_yaml::value::TaggedValue {
        tag: serde_yaml::value::Tag::new(WIDE_INTEGER_TAG),
        value: Yaml::String(digits),
    }))
}

/// Converts YAML to JSON, reporting what JSON cannot hold: non-finite numbers, tags, and
/// mapping keys that are not scalars or that repeat once written as text. An integer too
/// large for 64 bits becomes the nearest float, noted in `rounded`.
fn to_json(
    value: &Yaml,
    pointer: &str,
    problems: &mut Vec<(String, String)>,
    rounded: &mut Vec<(String, String)>,
) -> Json {
    match value {
        Yaml::Null => Json::Null,
        Yaml::Bool(flag) => Json::Bool(*flag),
        Yaml::Number(number) => {
            if let Some(integer) = number.as_i64() {
                Json::from(integer)
            } else if let Some(integer) = number.as_u64() {
                Json::from(integer)
            } else {
                match number.as_f64().and_then(serde_json::Number::from_f64) {
                    Some(number) => Json::Number(number),
                    None => {
                        problems.push((
                            pointer.to_owned(),
                            format!("`{number}` is not a number JSON can hold"),
                        ));
                        Json::Null
                    }
                }
            }
        }
        Yaml::String(text) => Json::String(text.clone()),
        Yaml::Sequence(items) => Json::Array(
            items
                .iter()
                .enumerate()
                .map(|(index, item)| {
                    to_json(
                        item,
                        &pointer_push(pointer, &index.to_string()),
                        problems,
                        rounded,
                    )
                })
                .collect(),
        ),
        Yaml::Mapping(map) => {
            let mut object = serde_json::Map::new();
            for (key, item) in map {
                let Some(key) = scalar_text(key) else {
                    problems.push((
                        pointer.to_owned(),
                        "a mapping key must be a string, number or boolean".to_owned(),
                    ));
                    continue;
                };
                let item_pointer = pointer_push(pointer, &key);
                let converted = to_json(item, &item_pointer, problems, rounded);
                if object.insert(key.clone(), converted).is_some() {
                    problems.push((item_pointer, format!("the key `{key}` appears twice")));
                }
            }
            Json::Object(object)
        }
        Yaml::Tagged(tagged) if tagged.tag == serde_yaml::value::Tag::new(WIDE_INTEGER_TAG) => {
            let digits = match &tagged.value {
                Yaml::String(digits) => digits.as_str(),
                _ => "",
            };
            match digits
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
            {
                Some(number) => {
                    rounded.push((
                        pointer.to_owned(),
                        format!("`{digits}` does not fit in 64 bits; it is read as {number}, the nearest 64-bit float"),
                    ));
                    Json::Number(number)
                }
                None => {
                    problems.push((
                        pointer.to_owned(),
                        format!("`{digits}` is not a number JSON can hold"),
                    ));
                    Json::Null
                }
            }
        }
        Yaml::Tagged(tagged) => {
            problems.push((
                pointer.to_owned(),
                format!(
                    "YAML tag `{}` is not allowed: an OpenAPI document is plain JSON data",
                    tagged.tag
                ),
            ));
            Json::Null
        }
    }
}

/// The versions of OpenAPI the generator reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// OpenAPI 3.0.x, read as it is.
    OpenApi30,
    /// OpenAPI 3.1.x, rewritten into 3.0 as it is read.
    OpenApi31,
}

/// Accepts OpenAPI 3.0.x and 3.1.x, with a message that says what was found instead.
pub(super) fn check_version(raw: &Json) -> Result<Dialect, (String, String)> {
    let Json::Object(root) = raw else {
        return Err((
            String::new(),
            "expected a YAML mapping at the top of an OpenAPI document".into(),
        ));
    };
    if let Some(swagger) = root.get("swagger") {
        let version = json_scalar_text(swagger).unwrap_or_default();
        return Err((
            "/swagger".into(),
            format!(
                "this is a Swagger {version} document; only OpenAPI 3.0.x and 3.1.x are supported (convert it first)"
            ),
        ));
    }
    match root.get("openapi").map(json_scalar_text) {
        None => Err((
            String::new(),
            "missing the `openapi` version field; only OpenAPI 3.0.x and 3.1.x are supported"
                .into(),
        )),
        Some(Some(version)) if version.starts_with("3.0.") || version == "3.0" => {
            Ok(Dialect::OpenApi30)
        }
        Some(Some(version)) if version.starts_with("3.1.") || version == "3.1" => {
            Ok(Dialect::OpenApi31)
        }
        Some(Some(version)) => Err((
            "/openapi".into(),
            format!("OpenAPI {version} is not supported; only OpenAPI 3.0.x and 3.1.x are"),
        )),
        Some(None) => Err((
            "/openapi".into(),
            "the `openapi` field must be a version string such as 3.0.3".into(),
        )),
    }
}

/// YAML reads `version: 1.0` as a number; OpenAPI means the text, which `openapiv3` requires.
fn quote_version_numbers(raw: &mut Yaml) {
    let Yaml::Mapping(root) = raw else { return };
    if let Some(version) = root.get_mut("openapi") {
        quote_number(version);
    }
    if let Some(Yaml::Mapping(info)) = root.get_mut("info")
        && let Some(version) = info.get_mut("version")
    {
        quote_number(version);
    }
}

fn quote_number(value: &mut Yaml) {
    if let Yaml::Number(number) = value {
        *value = Yaml::String(number.to_string());
    }
}

fn scalar_text(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(text) => Some(text.clone()),
        Yaml::Number(number) => Some(number.to_string()),
        Yaml::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

pub(crate) fn json_scalar_text(value: &Json) -> Option<String> {
    match value {
        Json::String(text) => Some(text.clone()),
        Json::Number(number) => Some(number.to_string()),
        Json::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}
