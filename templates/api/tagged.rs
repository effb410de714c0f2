/// Encoding and decoding shared by the enums told apart by a tag property.
///
/// Each alternative decodes from the whole object, tag included, so a struct that declares the
/// tag property itself still decodes; encoding writes the alternative's tag into the object.
mod tagged {
    use serde::de::Error as _;
    use serde::ser::Error as _;

    /// Reads an object and the value of its tag property.
    pub(super) fn decode<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
        property: &'static str,
    ) -> Result<(String, serde_json::Map<String, serde_json::Value>), D::Error> {
        let object = <serde_json::Map<String, serde_json::Value> as ::client_runtime::decode::Shaped>::read(deserializer)?;
        match object.get(property) {
            Some(serde_json::Value::String(tag)) => Ok((tag.clone(), object)),
            Some(other) => Err(D::Error::custom(format!("the tag property `{property}` must be a string, not {other}"))),
            None => Err(D::Error::missing_field(property)),
        }
    }

    /// Decodes one alternative from the whole object.
    pub(super) fn variant<T: serde::de::DeserializeOwned, E: serde::de::Error>(
        object: serde_json::Map<String, serde_json::Value>,
    ) -> Result<T, E> {
        serde_json::from_value(serde_json::Value::Object(object)).map_err(E::custom)
    }

    /// Encodes one alternative as an object carrying its tag: the value's own tag when it is one
    /// of the alternative's, else the alternative's first.
    pub(super) fn encode<S: serde::Serializer, T: serde::Serialize>(
        serializer: S,
        property: &'static str,
        tags: &[&str],
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        let mut object = match serde_json::to_value(value).map_err(S::Error::custom)? {
            serde_json::Value::Object(object) => object,
            other => return Err(S::Error::custom(format!("a `{property}`-tagged alternative must be an object, not {other}"))),
        };
        let own_tag_fits = object
            .get(property)
            .and_then(serde_json::Value::as_str)
            .is_some_and(|tag| tags.contains(&tag));
        if !own_tag_fits {
            if let Some(tag) = tags.first() {
                object.insert(property.to_owned(), serde_json::Value::from(*tag));
            }
        }
        serde::Serialize::serialize(&object, serializer)
    }
}
