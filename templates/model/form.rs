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
    pub(crate) fn write_parts(&self, request: &mut ::client_runtime::request::OperationRequest) {
{%- for field in fields %}
    {%- match field.encoding %}
    {%- when PartEncoding::TextEach %}
        for item in &self.{{ field.rust_name }} {
            request.form_text({{ field.name|lit }}, item.to_param());
        }
    {%- when PartEncoding::FileEach %}
        for item in &self.{{ field.rust_name }} {
            request.form_file({{ field.name|lit }}, item);
        }
    {%- when PartEncoding::TextMap %}
        for (name, value) in &self.{{ field.rust_name }} {
            request.form_text(name, value.to_param());
        }
    {%- when PartEncoding::FileMap %}
        for (name, value) in &self.{{ field.rust_name }} {
            request.form_file(name, value);
        }
    {%- when PartEncoding::Text %}
        {%- if field.optional() %}
        if let Some(value) = &self.{{ field.rust_name }} {
            request.form_text({{ field.name|lit }}, value.to_param());
        }
        {%- else %}
        request.form_text({{ field.name|lit }}, self.{{ field.rust_name }}.to_param());
        {%- endif %}
    {%- when PartEncoding::File %}
        {%- if field.optional() %}
        if let Some(value) = &self.{{ field.rust_name }} {
            request.form_file({{ field.name|lit }}, value);
        }
        {%- else %}
        request.form_file({{ field.name|lit }}, &self.{{ field.rust_name }});
        {%- endif %}
    {%- when PartEncoding::Json %}
        {%- if field.optional() %}
        if let Some(value) = &self.{{ field.rust_name }} {
            request.form_json({{ field.name|lit }}, value);
        }
        {%- else %}
        request.form_json({{ field.name|lit }}, &self.{{ field.rust_name }});
        {%- endif %}
    {%- endmatch %}
{%- endfor %}
    }
}
