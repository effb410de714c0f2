{{ model.description|doc_or(model.name) }}
///
{{ "The alternative is chosen by the object's `{}` property."|format(property)|doc_raw }}
/// The enum is `#[non_exhaustive]`: an alternative the API adds is a new variant, so a `match`
/// in another crate ends with a `_` arm.
{# The variants mirror the API's shapes; boxing the big ones would only make them harder to use. #}
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq{% if model.derive_eq %}, Eq{% endif %})]
#[non_exhaustive]
pub enum {{ model.name }} {
{%- for variant in variants %}
    {{ "Tagged `{}`."|format(variant.tags.join("`, `"))|doc }}
    {{ variant.name }}({{ variant.ty|ty("") }}),
{%- endfor %}
    /// An object whose tag this version of the client does not know, kept as received.
    {{ unknown_variant }}(serde_json::Map<String, serde_json::Value>),
}

{#- Inside the generic functions the enum is `Self`: its own name could be `D` or `S`. #}
impl<'de> serde::Deserialize<'de> for {{ model.name }} {
    fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        let (tag, object) = ::client_runtime::tagged::decode(input, {{ property|lit }})?;
        match tag.as_str() {
{%- for variant in variants %}
            {% for tag in variant.tags %}{% if !loop.first %} | {% endif %}{{ tag|lit }}{% endfor %} => ::client_runtime::tagged::variant(object).map(Self::{{ variant.name }}),
{%- endfor %}
            _ => {
                decode::note_lenient();
                Ok(Self::{{ unknown_variant }}(object))
            }
        }
    }
}

impl serde::Serialize for {{ model.name }} {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
{%- for variant in variants %}
            Self::{{ variant.name }}(value) => ::client_runtime::tagged::encode(serializer, {{ property|lit }}, &[{% for tag in variant.tags %}{{ tag|lit }}, {% endfor %}], value),
{%- endfor %}
            Self::{{ unknown_variant }}(object) => serde::Serialize::serialize(object, serializer),
        }
    }
}
{% for variant in model.variants_with_own_type() %}
impl From<{{ variant.ty|ty("") }}> for {{ model.name }} {
    fn from(value: {{ variant.ty|ty("") }}) -> Self {
        {{ model.name }}::{{ variant.name }}(value)
    }
}
{% endfor %}

impl decode::Shaped for {{ model.name }} {
    fn shape() -> decode::Shape {
        const SHAPE: &decode::OpaqueShape = &decode::OpaqueShape {
            name: {{ model.name|lit }},
            schema: {{ model.source|lit }},
            fits: decode::fits::<{{ model.name }}>,
            tag: Some({{ property|lit }}),
            alternatives: &[{% for variant in variants %}decode::Alternative::of::<{{ variant.ty.unboxed()|ty("") }}>(&[{% for tag in variant.tags %}{{ tag|lit }}, {% endfor %}]), {% endfor %}],
        };
        decode::Shape::Opaque(SHAPE)
    }
}
