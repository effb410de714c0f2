//! Writing a generated record: one writer for every record, which reads the names of its
//! fields from the record's table, instead of serde's derived `Serialize` for each.
//!
//! serde's derive writes a body per struct that rustc checks field by field; across an API of
//! thousands of models that was a seventh of `cargo check`. A record's `serialize` now only
//! lists its fields' values, each erased to one trait object, and this module writes them.

use serde::ser::{SerializeMap, SerializeStruct};

use crate::decode::ObjectShape;

/// A field's value as a record hands it to [`record`]: `None` for a field that is left out.
pub type Property<'a> = Option<&'a dyn erased_serde::Serialize>;

/// A field that is always written (`null` when it is an `Option` without a value).
pub fn field<T: serde::Serialize>(value: &T) -> Property<'_> {
    Some(value)
}

/// An optional field, left out when it is `None`.
pub fn unless_none<T: serde::Serialize>(value: &Option<T>) -> Property<'_> {
    match value {
        Some(_) => Some(value),
        None => None,
    }
}

/// Writes a record as serde's derive would: its fields in order under the names of `shape`,
/// those `properties` leaves out skipped, and a flattened field's entries in place.
pub fn record<S: serde::Serializer>(
    serializer: S,
    shape: &ObjectShape,
    properties: &[Property<'_>],
) -> Result<S::Ok, S::Error> {
    let fields = shape.fields.iter().zip(properties);
    if shape.fields.iter().any(|field| field.flatten) {
        let mut map = serializer.serialize_map(None)?;
        for (field, property) in fields {
            match property {
                Some(value) if field.flatten => flatten_into::<S>(&mut map, value)?,
                Some(value) => map.serialize_entry(field.wire, value)?,
                None => {}
            }
        }
        map.end()
    } else {
        let written = properties.iter().flatten().count();
        let mut record = serializer.serialize_struct(shape.name, written)?;
        for (field, property) in fields {
            match property {
                Some(value) => record.serialize_field(field.wire, value)?,
                None => record.skip_field(field.wire)?,
            }
        }
        record.end()
    }
}

/// Writes the entries of a flattened field (a map of the other properties, or the alternative
/// of a `oneOf` beside listed properties) into the record's map; nothing for no value, as
/// serde's `flatten` does.
fn flatten_into<S: serde::Serializer>(
    map: &mut S::SerializeMap,
    value: &dyn erased_serde::Serialize,
) -> Result<(), S::Error> {
    use serde::ser::Error as _;
    match serde_json::to_value(value).map_err(S::Error::custom)? {
        serde_json::Value::Object(entries) => entries
            .iter()
            .try_for_each(|(name, value)| map.serialize_entry(name, value)),
        serde_json::Value::Null => Ok(()),
        other => Err(S::Error::custom(format_args!(
            "can only flatten structs and maps (got {})",
            crate::decode::json_kind(&other)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{FieldShape, ObjectShape};

    struct Sample {
        id: Option<String>,
        nullable: Option<i32>,
        kind: &'static str,
        others: serde_json::Map<String, serde_json::Value>,
    }

    const PLAIN: &ObjectShape = &ObjectShape {
        name: "Sample",
        schema: "test.yaml#/components/schemas/Sample",
        fields: &[
            FieldShape::of::<Option<String>>("id"),
            FieldShape::of::<Option<i32>>("nullable"),
            FieldShape::renamed::<String>("kindName", "kind"),
        ],
    };

    impl serde::Serialize for Sample {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            record(
                serializer,
                PLAIN,
                &[
                    unless_none(&self.id),
                    field(&self.nullable),
                    field(&self.kind),
                ],
            )
        }
    }

    struct Open(Sample);

    const OPEN: &ObjectShape = &ObjectShape {
        name: "Open",
        schema: "test.yaml#/components/schemas/Open",
        fields: &[
            FieldShape::of::<Option<String>>("id"),
            FieldShape::others::<serde_json::Map<String, serde_json::Value>>("others"),
        ],
    };

    impl serde::Serialize for Open {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            record(
                serializer,
                OPEN,
                &[unless_none(&self.0.id), field(&self.0.others)],
            )
        }
    }

    fn sample(id: Option<&str>) -> Sample {
        Sample {
            id: id.map(str::to_owned),
            nullable: None,
            kind: "a",
            others: serde_json::Map::from_iter([("extra".to_owned(), serde_json::json!([1]))]),
        }
    }

    #[test]
    fn fields_are_written_in_order_under_their_wire_names_and_none_is_left_out_or_null() {
        let written = serde_json::to_string(&sample(None)).unwrap_or_default();
        assert_eq!(written, r#"{"nullable":null,"kindName":"a"}"#);
        let written = serde_json::to_string(&sample(Some("7"))).unwrap_or_default();
        assert_eq!(written, r#"{"id":"7","nullable":null,"kindName":"a"}"#);
    }

    #[test]
    fn a_flattened_field_writes_its_entries_beside_the_listed_ones() {
        let written = serde_json::to_string(&Open(sample(Some("7")))).unwrap_or_default();
        assert_eq!(written, r#"{"id":"7","extra":[1]}"#);
    }
}
