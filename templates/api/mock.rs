//! Test doubles for the `{{ api.module }}` operations: declare on a [`crate::mock::MockServer`] what each one answers, in its own types (see [`crate::mock`]).
{%- if !api.operations.is_empty() %}

use crate::mock;
use ::client_runtime::request::Operation as _;
{%- endif %}

/// Where each operation lives, so the server can tell which one a request is for.
pub(crate) const ROUTES: &[::client_runtime::request::Endpoint] = &[
{%- for operation in api.operations %}
    super::builders::{{ operation.builder_type }}::ENDPOINT,
{%- endfor %}
];

impl crate::mock::MockServer {
    {{ "Declares what the operations of {} ({}) answer; one method per operation, named as on [`super::{}`]."|format(api.title, api|served_at, api.handle_type)|doc_raw }}
    pub fn {{ api.handle_method }}(&self) -> {{ api.mocks_type }}<'_> {
        {{ api.mocks_type }} { server: self }
    }
}

{{ "The test doubles of the operations of {}; get one from [`crate::mock::MockServer::{}`]."|format(api.title, api.handle_method)|doc_raw }}
#[derive(Debug, Clone, Copy)]
pub struct {{ api.mocks_type }}<'a> {
{%- if api.operations.is_empty() %}
    #[allow(dead_code, reason = "this API has no operations to call yet")]
{%- endif %}
    server: &'a crate::mock::MockServer,
}

impl {{ api.mocks_type }}<'_> {
{%- for operation in api.operations %}
    {{ "An expectation for [`{}`](super::{}::{}) (`{} {}`), answering every request for it until narrowed down."|format(operation.method_name, api.handle_type, operation.method_name, operation.http_method.as_str(), operation.path)|doc_raw }}
    #[track_caller]
    pub fn {{ operation.method_name }}(&self) -> {{ operation.builder_type }} {
        {{ operation.builder_type }} {
            expectation: self.server.expectation(&ROUTES[{{ loop.index0 }}]),
        }
    }
{%- endfor %}
}
