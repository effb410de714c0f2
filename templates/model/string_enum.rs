{{ model.description|doc_or(model.name) }}
///
/// Values this version of the client does not know decode as
/// [`{{ model.name }}::{{ unknown_variant }}`], so a server that adds a value does not break it.
/// The enum is `#[non_exhaustive]`: a value the API adds is a new variant in a later version
/// of the client, so a `match` in another crate ends with a `_` arm.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[derive(serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum {{ model.name }} {
{%- for variant in variants %}
    {{ "`{}`"|format(variant.value)|doc }}
    #[serde(rename = {{ variant.value|lit }})]
    {{ variant.name }},
{%- endfor %}
    /// A value the spec did not list when this client was generated, kept as received.
    #[serde(untagged)]
    {{ unknown_variant }}(String),
}

impl {{ model.name }} {
    /// The value as sent on the wire.
    pub fn as_str(&self) -> &str {
        match self {
{%- for variant in variants %}
            {{ model.name }}::{{ variant.name }} => {{ variant.value|lit }},
{%- endfor %}
            {{ model.name }}::{{ unknown_variant }}(value) => value,
        }
    }
}

impl std::fmt::Display for {{ model.name }} {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for {{ model.name }} {
    fn from(value: &str) -> Self {
        match value {
{%- for variant in variants %}
            {{ variant.value|lit }} => {{ model.name }}::{{ variant.name }},
{%- endfor %}
            other => {{ model.name }}::{{ unknown_variant }}(other.to_owned()),
        }
    }
}

impl crate::request::ParamValue for {{ model.name }} {
    fn to_param(&self) -> String {
        self.as_str().to_owned()
    }
}
