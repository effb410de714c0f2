//! Request builders for the `{{ api.module }}` operations: set optional parameters, then `send()`.
{%- if api.has_parameters() %}

use crate::request::ParamValue as _;
{%- endif %}
