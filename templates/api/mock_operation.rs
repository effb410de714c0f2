{%- import "api/statements.rs" as statements -%}
{{ "Test double for [`{}`](super::{}::{}) (`{} {}`)."|format(operation.method_name, api.handle_type, operation.method_name, operation.http_method.as_str(), operation.path)|doc_raw }}
///
/// Narrow down the requests it answers with the methods named after the operation's
/// parameters{% if operation.mock_matches_body() %} and [`body`](Self::body){% endif %}, and [`mock::TestDouble`]'s; it is in force once [`respond`](Self::respond), a `respond_`
/// method of an error status or [`respond_raw`](mock::TestDouble::respond_raw) gives its response.
#[derive(Debug)]
#[must_use = "an expectation is in force only once a `respond` method gives its response"]
pub struct {{ operation.builder_type }} {
    expectation: mock::Expectation,
}

impl {{ operation.builder_type }} {
{%- for parameter in operation.parameters %}
    {{ parameter|mock_parameter_doc }}
    pub fn {{ parameter.rust_name }}(mut self, value: {{ parameter.ty|arg_ty("super::") }}) -> Self {
        {%- if parameter.ty == TypeRef::String %}
        let value: String = value.into();
        {%- endif %}
        self.expectation.{{ parameter|matcher_method }}({{ statements::parameter_arguments(parameter, "value") }});
        self
    }
{%- endfor %}
{%- if let Some(body) = operation.body %}{% if operation.mock_matches_body() %}

    /// Answers only requests whose body is `value`{% if body.format == BodyFormat::Json %} (compared as JSON: the order of object keys does not matter){% endif %}.
    #[track_caller]
    pub fn body(mut self, value: {{ body.ty|arg_ty("super::") }}) -> Self {
        {%- match body.format %}
        {%- when BodyFormat::Text %}
        let value: String = value.into();
        self.expectation.raw_body(value.into_bytes());
        {%- when BodyFormat::Bytes %}
        let value: bytes::Bytes = value.into();
        self.expectation.raw_body(value.to_vec());
        {%- when _ %}
        {%- if body.ty == TypeRef::String %}
        let value: String = value.into();
        {%- endif %}
        self.expectation.json_body(&value);
        {%- endmatch %}
        self
    }
{%- endif %}{% endif %}

{%- match operation.success %}
{%- when Success::Single with { statuses, ty } %}
{%- if let Some(case) = statuses.first() %}

    {{ "Answers with {}, as a successful call receives it."|format(case|mock_reply_doc)|doc_raw }}
    {%- if case.ty == TypeRef::Unit %}
    #[track_caller]
    pub fn respond(self) -> mock::MockHandle {
    {%- else %}
    #[track_caller]
    pub fn respond(self, body: {{ case.ty|ty("super::") }}) -> mock::MockHandle {
    {%- endif %}
        self.expectation.respond({{ statements::mock_response(case) }})
    }
{%- endif %}
{%- when Success::ByStatus with { type_name, cases } %}

    /// Answers with the status of `body`'s variant and its body, as a successful call receives it.
    #[track_caller]
    pub fn respond(self, body: super::{{ type_name }}) -> mock::MockHandle {
        let response = match body {
    {%- for case in cases %}
        {%- if case.ty == TypeRef::Unit %}
            super::{{ type_name }}::{{ case.variant }} => {{ statements::mock_response(case) }},
        {%- else %}
            super::{{ type_name }}::{{ case.variant }}(body) => {{ statements::mock_response(case) }},
        {%- endif %}
    {%- endfor %}
        };
        self.expectation.respond(response)
    }
{%- endmatch %}
{%- for case in operation.errors %}

    {{ "Answers with {}: the call fails with [`crate::Error::Api`] holding [`super::{}::{}`]."|format(case|mock_reply_doc, operation.error_type, case.variant)|doc_raw }}
    {%- if case.ty == TypeRef::Unit %}
    #[track_caller]
    pub fn {{ case.respond_method }}(self) -> mock::MockHandle {
    {%- else %}
    #[track_caller]
    pub fn {{ case.respond_method }}(self, body: {{ case.ty|ty("super::") }}) -> mock::MockHandle {
    {%- endif %}
        self.expectation.respond({{ statements::mock_response(case) }})
    }
{%- endfor %}
}

impl mock::TestDouble for {{ operation.builder_type }} {
    fn expectation(&mut self) -> &mut mock::Expectation {
        &mut self.expectation
    }

    fn into_expectation(self) -> mock::Expectation {
        self.expectation
    }
}
