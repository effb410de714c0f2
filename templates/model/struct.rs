{{ model.description|doc_or(model.name) }}
#[derive(Debug, Clone, PartialEq{% if model.derive_eq %}, Eq{% endif %}{% if model.derive_default %}, Default{% endif %})]
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
    pub {{ field.rust_name }}: {{ field.ty|ty("") }},
{%- endfor %}
{%- if model.stands_in() %}
    /// The fields holding stand-ins: see [`stand_ins`](Self::stand_ins).
    stand_ins: crate::StandIns,
{%- endif %}
}

impl<'de> serde::Deserialize<'de> for {{ model.name }} {
    fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        decode::record(input)
    }
}

{#- Written through the record's field table by one function of the runtime, which names each
    field as the spec does, leaves out an optional field without a value and writes a map of
    the other properties in place. #}
impl serde::Serialize for {{ model.name }} {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        encode::record(serializer, <Self as decode::Record>::SHAPE, &[
{%- for field in fields %}
    {%- if field.skip_if_none() %}
            encode::unless_none(&self.{{ field.rust_name }}),
    {%- else %}
            encode::field(&self.{{ field.rust_name }}),
    {%- endif %}
{%- endfor %}
        ])
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
        generic parameter), and the models its slots hold as `self::`. Each slot's type is
        written out, and a failed read returns at one place: inferred slots, and a return per
        property (each dropping every slot), made rustc's checking of a large record quadratic
        in its fields. #}
    fn visit<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut seen = decode::Seen::default();
{%- for field in fields %}{% if !field.flatten %}
    {%- if field.ty.is_optional() %}
        let mut slot{{ loop.index0 }}: {{ field.ty|ty("self::") }} = None;
    {%- else %}
        let mut slot{{ loop.index0 }}: Option<{{ field.ty|ty("self::") }}> = None;
    {%- endif %}
{%- endif %}{% endfor %}
{%- if model.keeps_unknown_properties() %}
        let mut others = serde_json::Map::new();
{%- endif %}
{%- if model.stands_in() %}
        let mut stand_ins = crate::StandIns::default();
{%- endif %}
{%- if model.lists_properties() || model.keeps_unknown_properties() %}
        while let Some(field) = decode::next_field::<Self, _>(&mut map, &mut seen)? {
            let read = match field {
{%- for field in fields %}{% if !field.flatten %}
    {%- let boxed = field.ty.unboxed() != field.ty %}
    {%- if field.ty.is_optional() && boxed %}
                decode::Field::Listed({{ loop.index0 }}) => decode::fill_optional_boxed(&mut map, &mut slot{{ loop.index0 }}),
    {%- else if field.ty.is_optional() %}
                decode::Field::Listed({{ loop.index0 }}) => decode::fill_optional(&mut map, &mut slot{{ loop.index0 }}),
    {%- else if boxed %}
                decode::Field::Listed({{ loop.index0 }}) => decode::fill_boxed(&mut map, &mut slot{{ loop.index0 }}),
    {%- else %}
                decode::Field::Listed({{ loop.index0 }}) => decode::fill(&mut map, &mut slot{{ loop.index0 }}),
    {%- endif %}
{%- endif %}{% endfor %}
{%- if model.stands_in() %}
                decode::Field::StandIns => decode::fill_stand_ins(&mut map, &mut stand_ins),
{%- endif %}
{%- if model.keeps_unknown_properties() %}
                decode::Field::Other(name) => decode::keep_other(&mut others, name, &mut map),
{%- endif %}
                _ => decode::skip(&mut map),
            };
            read?;
        }
{%- else %}
        while decode::next_field::<Self, _>(&mut map, &mut seen)?.is_some() {
            decode::skip(&mut map)?;
        }
{%- endif %}
{%- let required = model.required_fields() %}
{%- if required.len() == 1 %}
    {%- for index in required %}
        let Some(slot{{ index }}) = slot{{ index }} else {
            return Err(decode::missing::<Self, _>(&seen, &[{{ index }}]));
        };
    {%- endfor %}
{%- else if !required.is_empty() %}
        let ({% for index in required.iter() %}Some(slot{{ index }}), {% endfor %}) = ({% for index in required.iter() %}slot{{ index }}, {% endfor %}) else {
            return Err(decode::missing::<Self, _>(&seen, &[{% for index in required.iter() %}{{ index }}, {% endfor %}]));
        };
{%- endif %}
        Ok(Self {
{%- for field in fields %}
    {%- if field.flatten %}
            {{ field.rust_name }}: decode::flattened(&others)?,
    {%- else %}
            {{ field.rust_name }}: slot{{ loop.index0 }},
    {%- endif %}
{%- endfor %}
{%- if model.stands_in() %}
            stand_ins,
{%- endif %}
        })
    }
}
{% include "model/constructor.rs" %}

