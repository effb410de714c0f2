{%- match model.kind -%}
{%- when ModelKind::Struct with { fields } -%}
{% include "model/struct.rs" %}
{%- when ModelKind::StringEnum with { variants, unknown_variant } -%}
{% include "model/string_enum.rs" %}
{%- when ModelKind::IntegerEnum with { variants, unknown_variant } -%}
{% include "model/integer_enum.rs" %}
{%- when ModelKind::OneOf with { variants } -%}
{% include "model/one_of.rs" %}
{%- when ModelKind::Tagged with { property, variants, unknown_variant } -%}
{% include "model/tagged.rs" %}
{%- when ModelKind::Form with { fields } -%}
{% include "model/form.rs" %}
{%- when ModelKind::Alias with { ty } -%}
{{ model.description|doc_or(model.name) }}
pub type {{ model.name }} = {{ ty|ty("") }};
{%- endmatch %}
