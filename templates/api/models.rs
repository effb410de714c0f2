//! The `{{ api.module }}` models: one type for every schema of {{ api.source }}, named or inline.

{% for model in api.models -%}
{%- match model.kind -%}
{%- when ModelKind::Struct with { fields } -%}
{% include "model/struct.rs" %}
{%- when ModelKind::StringEnum with { variants, unknown_variant } -%}
{% include "model/string_enum.rs" %}
{%- when ModelKind::OneOf with { variants, discriminator } -%}
{% include "model/one_of.rs" %}
{%- when ModelKind::Alias with { ty } -%}
{{ model.description|doc_or(model.name) }}
pub type {{ model.name }} = {{ ty|ty("") }};
{%- endmatch %}
{% endfor %}
