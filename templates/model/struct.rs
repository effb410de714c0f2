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
    {%- let serde = field|serde_options %}
    {%- if !serde.is_empty() %}
    #[serde({{ serde }})]
    {%- endif %}
    pub {{ field.rust_name }}: {{ field.ty|ty("") }},
{%- endfor %}
{%- if model.stands_in() %}
    /// The fields holding stand-ins: see [`stand_ins`](Self::stand_ins).
    #[serde(rename = "\u{0}stand-ins", default, skip_serializing)]
    stand_ins: crate::StandIns,
{%- endif %}
}
{% include "model/constructor.rs" %}
{%- if model.stands_in() %}

impl {{ model.name }} {
    /// The fields the server sent null, left out or sent unusably although the spec requires
    /// them: each holds a stand-in, not data. Empty for a record that matched the spec.
    pub fn stand_ins(&self) -> &crate::StandIns {
        &self.stand_ins
    }
}
{%- endif %}

impl crate::decode::Shaped for {{ model.name }} {
    fn shape() -> crate::decode::Shape {
        const SHAPE: crate::decode::ObjectShape = crate::decode::ObjectShape {
            name: {{ model.name|lit }},
            schema: {{ model.source|lit }},
            fields: &[
{%- for field in fields %}
            {%- if field.flatten %}
                crate::decode::FieldShape::flatten({{ field.rust_name.trim_start_matches("r#")|lit }}, <{{ field.ty|ty("") }} as crate::decode::Shaped>::shape),
            {%- else %}
                crate::decode::FieldShape::new({{ field.name|lit }}, {{ field.rust_name.trim_start_matches("r#")|lit }}, <{{ field.ty|ty("") }} as crate::decode::Shaped>::shape),
            {%- endif %}
{%- endfor %}
            ],
        };
        crate::decode::Shape::Object(&SHAPE)
    }
}
