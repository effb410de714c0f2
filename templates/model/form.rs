{{ model.description|doc_or(model.name) }}
///
/// Sent as a form: each field becomes one part (a list, one part per item).
#[derive(Debug, Clone, PartialEq{% if model.derive_eq %}, Eq{% endif %}{% if model.derive_default %}, Default{% endif %})]
#[non_exhaustive]
pub struct {{ model.name }} {
{%- for field in fields %}
    {%- if field.name.is_empty() %}
    {{ field.description|doc_or("fields") }}
    {%- else %}
    {{ field.description|doc_or(field.name) }}
    #[doc = ""]
    {{ "Sent as the `{}` part."|format(field.name)|doc }}
    {%- endif %}
    pub {{ field.rust_name }}: {{ field.ty|ty("") }},
{%- endfor %}
}

{% include "model/constructor.rs" %}

impl {{ model.name }} {
    /// Writes every field into the request's form body.
    pub(crate) fn write_parts(&self, request: &mut crate::request::OperationRequest) {
{%- for field in fields %}
        {{ field|write_part }}
{%- endfor %}
    }
}
