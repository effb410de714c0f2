//! Decoding and encoding of the enums generated for a `oneOf` told apart by a tag property
//! (a discriminator): each alternative decodes from the whole object, tag included, so a struct
//! that declares the tag property itself still decodes; encoding writes the alternative's tag
//! into the object.

use serde::de::Error as _;
use serde::ser::Error as _;
use serde_json::{Map, Value};

use crate::decode::{self, Shaped};

/// Reads an object and the value of its tag property `property`.
pub fn decode<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
    property: &'static str,
) -> Result<(String, Map<String, Value>), D::Error> {
    let object = <Map<String, Value> as Shaped>::read(deserializer)?;
    match object.get(property) {
        Some(Value::String(tag)) => Ok((tag.clone(), object)),
        Some(other) => Err(D::Error::custom(format!(
            "the tag property `{property}` must be a string, not {other}"
        ))),
        None => Err(D::Error::missing_field(property)),
    }
}

/// Decodes one alternative from the whole object.
pub fn variant<T: Shaped, E: serde::de::Error>(object: Map<String, Value>) -> Result<T, E> {
    decode::read_value::<T>(&Value::Object(object)).map_err(|(_, error)| E::custom(error))
}

/// Encodes one alternative as an object carrying its tag: the value's own tag when it is one of
/// the alternative's `tags`, else the alternative's first.
pub fn encode<S: serde::Serializer, T: serde::Serialize>(
    serializer: S,
    property: &'static str,
    tags: &[&str],
    value: &T,
) -> Result<S::Ok, S::Error> {
    let mut object = match serde_json::to_value(value).map_err(S::Error::custom)? {
        Value::Object(object) => object,
        other => {
            return Err(S::Error::custom(format!(
                "a `{property}`-tagged alternative must be an object, not {other}"
            )))
        }
    };
    let own_tag_fits = object
        .get(property)
        .and_then(Value::as_str)
        .is_some_and(|tag| tags.contains(&tag));
    if !own_tag_fits {
        if let Some(tag) = tags.first() {
            object.insert(property.to_owned(), Value::from(*tag));
        }
    }
    serde::Serialize::serialize(&object, serializer)
}
