//! The `{{ api.module }}` models: one type for every schema of {{ api.source }}, named or inline.
{%- if api.has_form_text_parts() %}

use ::client_runtime::params::ParamValue as _;
{%- endif %}
{%- if api.has_decoded_models() %}

// Every model decoded names the runtime's decoding helpers; the module's name cannot clash
// with a model, whose names are UpperCamelCase.
use ::client_runtime::decode;
{%- endif %}
{%- if api.has_records() %}
use ::client_runtime::encode;
{%- endif %}
{%- if !api.models.is_empty() %}

/// The models response bodies decode into, for the body test bed of the crate's own tests.
#[cfg(feature = "mock")]
pub(crate) const MODEL_PROBES: &[::client_runtime::testbed::Probe] = &[
{%- for model in api.models %}{% if model.is_decoded() %}
    ::client_runtime::testbed::Probe::of::<{{ model.name }}>(),
{%- endif %}{% endfor %}
];
{%- endif %}
