{{ model.description|doc_or(model.name) }}
///
/// Values this version of the client does not know decode as
/// [`{{ model.name }}::{{ unknown_variant }}`], so a server that adds a value does not break it;
/// its [`UnknownValue`](crate::UnknownValue) can be read but not matched on, so code that
/// handles it keeps working when a later version adds the value as a variant.
/// The enum is `#[non_exhaustive]`: a value the API adds is a new variant in a later version
/// of the client, so a `match` in another crate ends with a `_` arm.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum {{ model.name }} {
{%- for variant in variants %}
    {{ "`{}`"|format(variant.value)|doc }}
    {{ variant.name }},
{%- endfor %}
    /// A value the spec did not list when this client was generated, kept as received.
    {{ unknown_variant }}(crate::UnknownValue),
}

impl {{ model.name }} {
    /// The value as sent on the wire.
    pub fn as_str(&self) -> &str {
        match self {
{%- for variant in variants %}
            {{ model.name }}::{{ variant.name }} => {{ variant.value|lit }},
{%- endfor %}
            {{ model.name }}::{{ unknown_variant }}(value) => value.as_str(),
        }
    }

    /// The variant of a documented value, written exactly as the spec lists it.
    fn known(value: &str) -> Option<Self> {
        match value {
{%- for variant in variants %}
            {{ variant.value|lit }} => Some({{ model.name }}::{{ variant.name }}),
{%- endfor %}
            _ => None,
        }
    }
}

impl serde::Serialize for {{ model.name }} {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for {{ model.name }} {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        decode::enum_value(deserializer, {{ model.name }}::known, {{ model.name }}::{{ unknown_variant }})
    }
}

impl decode::Shaped for {{ model.name }} {
    fn shape() -> decode::Shape {
        const SHAPE: decode::EnumShape = decode::EnumShape {
            name: {{ model.name|lit }},
            schema: {{ model.source|lit }},
            values: &[{% for variant in variants %}{{ variant.value|lit }}, {% endfor %}],
        };
        decode::Shape::Enum(&SHAPE)
    }
}

impl std::fmt::Display for {{ model.name }} {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for {{ model.name }} {
    fn from(value: &str) -> Self {
        {{ model.name }}::known(value).unwrap_or_else(|| {{ model.name }}::{{ unknown_variant }}(crate::UnknownValue::new(value)))
    }
}

impl crate::request::ParamValue for {{ model.name }} {
    fn to_param(&self) -> String {
        self.as_str().to_owned()
    }
}
