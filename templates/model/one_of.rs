{{ model.description|doc_or(model.name) }}
///
/// The alternatives are tried in the order listed; the first that matches the JSON wins.
/// The enum is `#[non_exhaustive]`: an alternative the API adds is a new variant, so a `match`
/// in another crate ends with a `_` arm.
{# The variants mirror the API's shapes; boxing the big ones would only make them harder to use. #}
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq{% if model.derive_eq %}, Eq{% endif %}, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum {{ model.name }} {
{%- for variant in variants %}
    {{ "The `{}` alternative."|format(variant.name)|doc }}
    {{ variant.name }}({{ variant.ty|ty("") }}),
{%- endfor %}
}
{% for variant in model.variants_with_own_type() %}
impl From<{{ variant.ty|ty("") }}> for {{ model.name }} {
    fn from(value: {{ variant.ty|ty("") }}) -> Self {
        {{ model.name }}::{{ variant.name }}(value)
    }
}
{% endfor %}
{%- for variant in model.variants_with_own_type() %}
{%- if variant.ty == TypeRef::String %}

impl From<&str> for {{ model.name }} {
    fn from(value: &str) -> Self {
        {{ model.name }}::{{ variant.name }}(value.to_owned())
    }
}
{%- endif %}
{%- endfor %}

impl decode::Shaped for {{ model.name }} {
    fn shape() -> decode::Shape {
        const SHAPE: &decode::OpaqueShape = &decode::OpaqueShape {
            name: {{ model.name|lit }},
            schema: {{ model.source|lit }},
            fits: decode::fits::<{{ model.name }}>,
            tag: None,
            alternatives: &[{% for variant in variants %}decode::Alternative::of::<{{ variant.ty.unboxed()|ty("") }}>(&[]), {% endfor %}],
        };
        decode::Shape::Opaque(SHAPE)
    }
}
