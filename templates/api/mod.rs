//! {{ api.title }} (version {{ api.version }}), served at {{ api|served_at }}.
{%- if let Some(description) = api.description %}
//!
{{ description|inner_doc }}
{%- endif %}
//!
//! Call the operations through [`{{ api.handle_type }}`], which [`crate::Client::{{ api.handle_method }}`] returns.
//! Generated from `{{ api.source }}`.
{%- if !api.skipped.is_empty() %}
//!
//! # Operations not generated
//!
//! These operations of the document cannot be sent by this client, so this module leaves them out:
//!
{%- for skipped in api.skipped %}
{{ "- `{}` (`{} {}`): {}"|format(skipped.operation_id, skipped.http_method.as_str(), skipped.path, skipped.reason.message)|inner_doc_text }}
{%- endfor %}
{%- endif %}

pub mod builders;
#[cfg(feature = "mock")]
pub mod mock;
mod models;
mod responses;

{%- if !api.models.is_empty() %}
pub use models::*;
{%- endif %}
{%- if !api.operations.is_empty() %}
pub use responses::*;
{%- endif %}

/// The path of this API version under the tenant's base URL.
pub const PATH_PREFIX: &str = {{ api.server.path_prefix|lit }};

/// The base URL the spec names as its default server.
pub const DEFAULT_BASE_URL: &str = {{ api.server.default_base_url|lit }};

{%- if !api.security_schemes.is_empty() %}

/// The security schemes of this API, each named after its key in the spec's
/// `components.securitySchemes`. Give one to [`crate::ClientBuilder::credential`] with the
/// [`crate::Credential`] it takes; an operation sends the first of its security requirements
/// whose every scheme has a credential.
{%- if api.module == "security" %}
#[allow(clippy::module_inception, reason = "the spec's module is called `security` too")]
{%- endif %}
pub mod security {
{%- for scheme in api.security_schemes %}
    {{ scheme|scheme_doc }}
    pub const {{ scheme.const_name }}: crate::SecurityScheme = crate::SecurityScheme::new(
        {{ api.module|lit }},
        {{ scheme.name|lit }},
        super::PATH_PREFIX,
    {%- match scheme.kind %}
    {%- when SchemeKind::HttpBasic %}
        crate::SchemeKind::HttpBasic,
    {%- when SchemeKind::HttpBearer %}
        crate::SchemeKind::HttpBearer,
    {%- when SchemeKind::Http with { scheme } %}
        crate::SchemeKind::Http { scheme: {{ scheme|lit }} },
    {%- when SchemeKind::ApiKey with { location, name } %}
        crate::SchemeKind::ApiKey { location: crate::ApiKeyLocation::{{ "{:?}"|format(location) }}, name: {{ name|lit }} },
    {%- when SchemeKind::OAuth2 with { token_url } %}
        {%- if let Some(token_url) = token_url %}
        crate::SchemeKind::OAuth2 { token_url: Some({{ token_url|lit }}) },
        {%- else %}
        crate::SchemeKind::OAuth2 { token_url: None },
        {%- endif %}
    {%- when SchemeKind::OpenIdConnect %}
        crate::SchemeKind::OpenIdConnect,
    {%- when SchemeKind::Undeclared %}
        crate::SchemeKind::Undeclared,
    {%- endmatch %}
    );
{%- endfor %}
{%- if !api.security_table.entries.is_empty() %}

    /// The security requirements of the operations, each distinct list once: an operation
    /// names its own by index.
    pub(crate) const {{ api.security_table.const_name }}: &[::client_runtime::schemes::Requirements] = &[
    {%- for entry in api.security_table.entries %}
        &[{% for requirement in entry %}&[{% for scheme in requirement.schemes %}({{ scheme.const_name }}, &[{% for scope in scheme.scopes %}{{ scope|lit }}, {% endfor %}]), {% endfor %}], {% endfor %}],
    {%- endfor %}
    ];
{%- endif %}
}
{%- endif %}

impl crate::Client {
    {{ "{} ({}): every operation of this API version."|format(api.title, api|served_at)|doc }}
    pub fn {{ api.handle_method }}(&self) -> {{ api.handle_type }} {
        {{ api.handle_type }} {
            client: self.0.clone(),
        }
    }
}

{{ "The operations of {}; get one from [`crate::Client::{}`]."|format(api.title, api.handle_method)|doc_raw }}
#[derive(Debug, Clone)]
pub struct {{ api.handle_type }} {
{%- if api.operations.is_empty() %}
    #[allow(dead_code, reason = "this API has no operations to call yet")]
{%- endif %}
    client: ::client_runtime::Client,
}

impl {{ api.handle_type }} {
{%- for operation in api.operations %}
    {{ operation|operation_doc }}
    {%- if operation.deprecated %}
    #[deprecated(note = "the API marks this operation deprecated")]
    {%- endif %}
    {%- if operation.argument_count() > 6 %}
    #[allow(clippy::too_many_arguments)]
    {%- endif %}
    pub fn {{ operation.method_name }}(
        &self,
    {%- for parameter in operation.parameters %}
        {%- if parameter.is_argument() %}
        {{ parameter.rust_name }}: {{ parameter.ty|arg_ty("") }},
        {%- endif %}
    {%- endfor %}
    {%- if let Some(body) = operation.body %}{% if body.required %}
        body: {{ body.ty|arg_ty("") }},
    {%- endif %}{% endif %}
    ) -> builders::{{ operation.builder_type }} {
        builders::{{ operation.builder_type }}::new(
            self.client.clone(),
    {%- for parameter in operation.parameters %}
        {%- if parameter.is_argument() %}
            {{ parameter.rust_name }}{{ parameter.ty|arg_into }},
        {%- endif %}
    {%- endfor %}
    {%- if let Some(body) = operation.body %}{% if body.required %}
            body{{ body.ty|arg_into }},
    {%- endif %}{% endif %}
        )
    }
{% endfor %}
}
