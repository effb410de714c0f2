//! Request builders for the `{{ api.module }}` operations: set optional parameters, then `send()` or `.await` them.
{%- if api.has_parameters() %}

use crate::request::ParamValue as _;
{%- endif %}
