//! The `{{ api.module }}` models: one type for every schema of {{ api.source }}, named or inline.
{%- if api.has_forms() %}

use crate::request::ParamValue as _;
{%- endif %}
