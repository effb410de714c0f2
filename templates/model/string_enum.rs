{{ model.description|doc_or(model.name) }}
///
/// A value this version of the client does not know decodes as
/// [`{{ model.name }}::{{ unknown_variant }}`], which can be read but not matched on; the enum is
/// `#[non_exhaustive]`, as the API may add values, so a `match` in another crate ends with `_`.
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
            Self::{{ variant.name }} => {{ variant.value|lit }},
{%- endfor %}
            Self::{{ unknown_variant }}(value) => value.as_str(),
        }
    }
}

impl decode::StringEnum for {{ model.name }} {
    const SHAPE: &'static decode::EnumShape = &decode::EnumShape {
        name: {{ model.name|lit }},
        schema: {{ model.source|lit }},
        values: &[{% for variant in variants %}{{ variant.value|lit }}, {% endfor %}],
        integers: false,
    };
    const VARIANTS: &'static [Self] = &[{% for variant in variants %}Self::{{ variant.name }}, {% endfor %}];
    const UNKNOWN: fn(crate::UnknownValue) -> Self = Self::{{ unknown_variant }};
}

impl serde::Serialize for {{ model.name }} {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for {{ model.name }} {
    fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        decode::string_enum(input)
    }
}

impl decode::Shaped for {{ model.name }} {
    fn shape() -> decode::Shape {
        decode::Shape::Enum(<Self as decode::StringEnum>::SHAPE)
    }
}

impl std::fmt::Display for {{ model.name }} {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for {{ model.name }} {
    fn from(value: &str) -> Self {
        decode::StringEnum::from_text(value)
    }
}

impl ::client_runtime::params::ParamValue for {{ model.name }} {
    fn to_param(&self) -> String {
        self.as_str().to_owned()
    }
}
