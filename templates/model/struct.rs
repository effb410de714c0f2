{{ model.description|doc_or(model.name) }}
#[derive(Debug, Clone, PartialEq{% if model.derive_eq %}, Eq{% endif %}{% if model.derive_default %}, Default{% endif %}, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct {{ model.name }} {
{%- for field in fields %}
    {{ field.description|doc_or(field.name) }}
    {%- if let Some(default) = field.default %}
    #[doc = ""]
    {{ "Default: `{}`."|format(default)|doc }}
    {%- endif %}
    {%- if field.read_only %}
    #[doc = ""]
    #[doc = " Set by the server; leave it `None` when creating."]
    {%- endif %}
    {%- if field.unique_items %}
    #[doc = ""]
    #[doc = " The items are unique; the list keeps the order they came in."]
    {%- endif %}
    {%- if field.flatten %}
    #[serde(flatten)]
    {%- else if field.skip_if_none() %}
    {%- if field.is_renamed() %}
    #[serde(rename = {{ field.name|lit }}, default, skip_serializing_if = "Option::is_none")]
    {%- else %}
    #[serde(default, skip_serializing_if = "Option::is_none")]
    {%- endif %}
    {%- else if field.is_renamed() %}
    #[serde(rename = {{ field.name|lit }})]
    {%- endif %}
    pub {{ field.rust_name }}: {{ field.ty|ty("") }},
{%- endfor %}
}
{% include "model/constructor.rs" %}
