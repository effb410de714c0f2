{%- if let Some(required) = model.required_fields %}

/// The fields of [`{{ model.name }}`] that are not optional, which [`{{ model.name }}::new`] takes
/// by name: a field cannot be passed in another's place, and one that becomes optional or
/// required is named by the compiler.
#[derive(Debug, Clone)]
pub struct {{ required }} {
{%- for field in fields %}
{%- if field.setter.is_none() %}
    {{ field.description|doc_or(field.name) }}
    pub {{ field.rust_name }}: {{ field.ty.unboxed()|ty("") }},
{%- endif %}
{%- endfor %}
}
{%- endif %}
{%- if model.constructor.is_some() || model.stands_in() %}

impl {{ model.name }} {
{%- if let Some(constructor) = model.constructor %}
{%- if model.constructor_argument_count() == 0 %}
    /// Every field is optional: each starts as `None` and has a `with_` setter.
{%- else if let Some(required) = model.required_fields %}
    /// Takes the fields that are not optional by name (see [`{{ required }}`]); each optional
    /// field starts as `None` and has a `with_` setter.
{%- else %}
    /// Takes the fields that are not optional, in the order they are declared; each optional
    /// field starts as `None` and has a `with_` setter.
{%- endif %}
    ///
    /// The type is `#[non_exhaustive]`, so other crates build it this way rather than with a
    /// struct literal, and an optional field added to the API does not break them.
{%- if let Some(required) = model.required_fields %}
    pub fn {{ constructor }}(required: {{ required }}) -> Self {
        let {{ required }} { {% for field in fields %}{% if field.setter.is_none() %}{{ field.rust_name }}, {% endif %}{% endfor %}} = required;
{%- else %}
    pub fn {{ constructor }}({% for field in fields %}{% if field.setter.is_none() %}{{ field.rust_name }}: {{ field.ty|field_arg_ty }}, {% endif %}{% endfor %}) -> Self {
{%- endif %}
{%- if model.constructor_argument_count() == 0 && model.derive_default %}
        Self::default()
{%- else %}
        {{ model.name }} {
{%- for field in fields %}
            {%- if field.setter.is_some() %}
            {{ field.rust_name }}: None,
            {%- else if model.required_fields.is_some() %}
            {{ field.ty|required_field_init(field.rust_name) }},
            {%- else %}
            {{ field.ty|field_init(field.rust_name) }},
            {%- endif %}
{%- endfor %}
{%- if model.stands_in() %}
            stand_ins: crate::StandIns::default(),
{%- endif %}
        }
{%- endif %}
    }
{%- for field in fields %}
{%- if let Some(setter) = field.setter %}

    {{ "Sets `{}`."|format(field.rust_name)|doc }}
    pub fn {{ setter }}(mut self, {{ field.rust_name }}: {{ field.ty|field_arg_ty }}) -> Self {
        self.{{ field.rust_name }} = {{ field.ty|field_arg_value(field.rust_name) }};
        self
    }
{%- endif %}
{%- endfor %}
{%- endif %}
{%- if model.stands_in() %}

    /// The fields the server sent null, left out or sent unusably although the spec requires
    /// them: each holds a stand-in, not data. Empty for a record that matched the spec.
    pub fn stand_ins(&self) -> &crate::StandIns {
        &self.stand_ins
    }
{%- endif %}
}
{%- endif %}
