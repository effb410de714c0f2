{{ model.description|doc_or(model.name) }}
#[derive(Debug, Clone, PartialEq{% if model.derive_eq %}, Eq{% endif %}{% if model.derive_default %}, Default{% endif %}, serde::Serialize)]
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
    #[serde(skip_serializing)]
    stand_ins: crate::StandIns,
{%- endif %}
}

impl<'de> serde::Deserialize<'de> for {{ model.name }} {
    fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        decode::record(input)
    }
}

impl decode::Record for {{ model.name }} {
    const SHAPE: &'static decode::ObjectShape = &decode::ObjectShape {
        name: {{ model.name|lit }},
        schema: {{ model.source|lit }},
        fields: &[
{%- for field in fields %}
            {%- if field.flatten %}
            decode::FieldShape::others::<{{ field.ty.unboxed()|ty("") }}>({{ field.rust_name.trim_start_matches("r#")|lit }}),
            {%- else if field.is_renamed() %}
            decode::FieldShape::renamed::<{{ field.ty.unboxed()|ty("") }}>({{ field.name|lit }}, {{ field.rust_name.trim_start_matches("r#")|lit }}),
            {%- else %}
            decode::FieldShape::of::<{{ field.ty.unboxed()|ty("") }}>({{ field.name|lit }}),
            {%- endif %}
{%- endfor %}
        ],
    };
{%- if model.keeps_unknown_properties() %}
    const KEEPS_UNKNOWN: bool = true;
{%- endif %}
{%- if model.stands_in() %}
    const STANDS_IN: bool = true;
{%- endif %}

    {#- The body names the runtime's items by path and the record as `Self`: an item imported
        here, or the record's own name, could be the name of a model (`Key`, or `A` beside the
        generic parameter). #}
    fn visit<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut seen = decode::Seen::default();
{%- for field in fields %}{% if !field.flatten %}
        let mut slot{{ loop.index0 }} = None;
{%- endif %}{% endfor %}
{%- if model.keeps_unknown_properties() %}
        let mut others = serde_json::Map::new();
{%- endif %}
{%- if model.stands_in() %}
        let mut stand_ins = None;
{%- endif %}
{%- if model.lists_properties() || model.keeps_unknown_properties() %}
        while let Some(key) = decode::next_key::<Self, _>(&mut map, &mut seen)? {
            match key {
{%- for field in fields %}{% if !field.flatten %}
    {%- if field.ty.unboxed() == field.ty %}
                decode::Key::Known({{ field.name|lit }}) => slot{{ loop.index0 }} = Some(decode::read(&mut map)?),
    {%- else %}
                decode::Key::Known({{ field.name|lit }}) => slot{{ loop.index0 }} = Some(decode::read_boxed(&mut map)?),
    {%- endif %}
{%- endif %}{% endfor %}
{%- if model.stands_in() %}
                decode::Key::Known(_) => stand_ins = Some(map.next_value()?),
{%- endif %}
{%- if model.keeps_unknown_properties() %}
                decode::Key::Unknown(name) => decode::keep_other(&mut others, name, &mut map)?,
{%- endif %}
                _ => decode::skip(&mut map)?,
            }
        }
{%- else %}
        while decode::next_key::<Self, _>(&mut map, &mut seen)?.is_some() {
            decode::skip(&mut map)?;
        }
{%- endif %}
        Ok(Self {
{%- for field in fields %}
    {%- if field.flatten %}
            {{ field.rust_name }}: decode::flattened(&others)?,
    {%- else %}
            {{ field.rust_name }}: decode::present(slot{{ loop.index0 }}, {{ field.name|lit }})?,
    {%- endif %}
{%- endfor %}
{%- if model.stands_in() %}
            stand_ins: stand_ins.unwrap_or_default(),
{%- endif %}
        })
    }
}
{% include "model/constructor.rs" %}

