//! Request builders for the `{{ api.module }}` operations: set optional parameters, then `send()` or `.await` them.
{%- if !api.operations.is_empty() %}

// The runtime, under a name short enough to keep each call on one line.
use ::client_runtime as rt;
{%- endif %}
