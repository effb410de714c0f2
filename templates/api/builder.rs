{%- import "api/statements.rs" as statements -%}
{{ "Request for [`{}`](super::{}::{}): `{} {}`."|format(operation.operation_id, api.handle_type, operation.method_name, operation.http_method.as_str(), operation.path)|doc_raw }}
///
/// Set optional parameters with the methods of the same name, and how this one call is sent
/// with [`crate::PerCall`]'s; then [`send`](Self::send) it or `.await` the builder.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent with `send()` or awaited"]
pub struct {{ operation.builder_type }} {
    client: rt::Client,
    call_options: rt::request::CallOptions,
{%- for parameter in operation.parameters %}
    {%- if parameter.is_argument() || parameter.is_sent_by_default() %}
    {{ parameter.rust_name }}: {{ parameter.ty|ty("super::") }},
    {%- else %}
    {{ parameter.rust_name }}: Option<{{ parameter.ty|ty("super::") }}>,
    {%- endif %}
{%- endfor %}
{%- if let Some(body) = operation.body %}
    {%- if body.required %}
    body: {{ body.ty|ty("super::") }},
    {%- else %}
    body: Option<{{ body.ty|ty("super::") }}>,
    {%- endif %}
{%- endif %}
}

impl {{ operation.builder_type }} {
    {%- if operation.argument_count() > 6 %}
    #[allow(clippy::too_many_arguments)]
    {%- endif %}
    pub(crate) fn new(
        client: rt::Client,
{%- for parameter in operation.parameters %}
    {%- if parameter.is_argument() %}
        {{ parameter.rust_name }}: {{ parameter.ty|ty("super::") }},
    {%- endif %}
{%- endfor %}
{%- if let Some(body) = operation.body %}{% if body.required %}
        body: {{ body.ty|ty("super::") }},
{%- endif %}{% endif %}
    ) -> Self {
        {{ operation.builder_type }} {
            client,
            call_options: rt::request::CallOptions::default(),
{%- for parameter in operation.parameters %}
    {%- if parameter.is_argument() %}
            {{ parameter.rust_name }},
    {%- else if let Some(default) = parameter.default %}{% if parameter.required %}
            {{ parameter.rust_name }}: {{ default|default_value(parameter.ty) }},
    {%- else %}
            {{ parameter.rust_name }}: None,
    {%- endif %}
    {%- else %}
            {{ parameter.rust_name }}: None,
    {%- endif %}
{%- endfor %}
{%- if let Some(body) = operation.body %}
    {%- if body.required %}
            body,
    {%- else %}
            body: None,
    {%- endif %}
{%- endif %}
        }
    }
{% for parameter in operation.parameters %}
{%- if !parameter.is_argument() %}
    {{ parameter|parameter_doc }}
    {%- if parameter.deprecated %}
    #[deprecated(note = "the API marks this parameter deprecated")]
    {%- endif %}
    pub fn {{ parameter.rust_name }}(mut self, value: {{ parameter.ty|arg_ty("super::") }}) -> Self {
        {%- if parameter.is_sent_by_default() %}
        self.{{ parameter.rust_name }} = value{{ parameter.ty|arg_into }};
        {%- else %}
        self.{{ parameter.rust_name }} = Some(value{{ parameter.ty|arg_into }});
        {%- endif %}
        self
    }
{%- endif %}
{%- endfor %}
{%- if let Some(body) = operation.body %}{% if !body.required %}

    {{ body.description|doc_or("The request body.") }}
    pub fn body(mut self, value: {{ body.ty|arg_ty("super::") }}) -> Self {
        self.body = Some(value{{ body.ty|arg_into }});
        self
    }
{%- endif %}{% endif %}

{%- if let Some(pagination) = operation.pagination %}

    /// Every item of every page, as a stream of pages of `{{ pagination.limit_param }}` items (the value set, else
    /// [`crate::DEFAULT_PAGE_SIZE`]) from `{{ pagination.offset_param }}` (the value set, else 0), each fetched as the
    /// items before it are taken; see [`crate::Paginated`].
    pub fn stream(self) -> crate::Paginated<{{ pagination.item|ty("super::") }}, super::{{ operation.error_type }}> {
        let parameters = rt::paginate::PageParameters {
            offset: (self.{{ pagination.offset_param }}, {{ pagination.offset_name|lit }}),
            limit: (self.{{ pagination.limit_param }}, {{ pagination.limit_name|lit }}),
        {%- match pagination.max_page_size %}
        {%- when Some(maximum) %}
            max_page_size: Some({{ maximum }}),
        {%- when None %}
            max_page_size: None,
        {%- endmatch %}
        };
        rt::paginate::stream(self, parameters, |page, offset, limit| {
            page.{{ pagination.offset_param }} = Some(offset);
            page.{{ pagination.limit_param }} = Some(limit);
        },
        {%- if let Some(count) = pagination.count_param %}
        |page| {
            page.{{ count }}.get_or_insert(true);
        },
        {%- else %}
        |_| {},
        {%- endif %}
        {%- match operation.success %}
        {%- when Success::Single with { .. } %}
        |items| items,
        {%- when Success::ByStatus with { type_name, cases } %}
        |body| match body {
            {%- for case in cases %}
            {%- if case.ty == TypeRef::Unit %}
            super::{{ type_name }}::{{ case.variant }} => Vec::new(),
            {%- else if case.ty == TypeRef::Vec(pagination.item.clone().into()) %}
            super::{{ type_name }}::{{ case.variant }}(items) => items,
            {%- else %}
            super::{{ type_name }}::{{ case.variant }}(_) => Vec::new(),
            {%- endif %}
            {%- endfor %}
        },
        {%- endmatch %}
        {%- if let Some(item_id) = pagination.item_id %}
        rt::paginate::Identity::by_property({{ item_id.name|lit }}, |item: &{{ pagination.item|ty("super::") }}| rt::paginate::id_or_whole(&item.{{ item_id.rust_name }}, item)))
        {%- else %}
        rt::paginate::Identity::whole())
        {%- endif %}
    }
{%- endif %}

    /// Sends the request and waits for the whole response, as awaiting the builder does; a
    /// documented error status is [`crate::Error::Api`] with a [`super::{{ operation.error_type }}`].
    pub fn send(self) -> crate::ResponseFuture<{{ operation.success.ty()|ty("super::") }}, super::{{ operation.error_type }}> {
        std::future::IntoFuture::into_future(self)
    }
}

impl rt::PerCall for {{ operation.builder_type }} {
    fn call_options(&mut self) -> &mut rt::request::CallOptions {
        &mut self.call_options
    }
}

impl rt::request::Operation for {{ operation.builder_type }} {
    type Success = {{ operation.success.ty()|ty("super::") }};
    type Error = super::{{ operation.error_type }};
    const ENDPOINT: rt::request::Endpoint = rt::request::Endpoint::{% if operation.has_prefixed_path_parameters() %}prefixed{% else %}new{% endif %}(
        {{ operation.operation_id|lit }},
        reqwest::Method::{{ operation.http_method.as_str() }},
        super::PATH_PREFIX,
        {{ operation.path_template()|lit }},
    {%- if operation.has_prefixed_path_parameters() %}
        &[
        {%- for parameter in operation.parameters %}
            {%- if let Some(prefix) = parameter.path_value_prefix() %}
            ({{ parameter.name|lit }}, {{ prefix|lit }}),
            {%- endif %}
        {%- endfor %}
        ],
    {%- endif %}
    );

    fn into_request(self) -> (rt::Client, rt::request::OperationRequest) {
        let mut request = rt::request::OperationRequest::of(&self, {{ operation.authenticated() }});
{%- if let Some(entry) = operation.security_entry %}
        request.security(super::security::{{ api.security_table.const_name }}[{{ entry }}]);
{%- endif %}
{%- for part in operation.path_parts %}
    {%- match part %}
    {%- when PathPart::Literal(text) %}
    {%- when PathPart::Parameter with { name, rust_name } %}
        {%- let parameter = operation|path_parameter(rust_name) %}
        {{ statements::send_parameter(parameter) }}
    {%- endmatch %}
{%- endfor %}
{%- for parameter in operation.parameters %}
    {%- if parameter.location != ParameterLocation::Path %}
        {{ statements::send_parameter(parameter) }}
    {%- endif %}
{%- endfor %}
{%- if let Some(body) = operation.body %}
    {%- if body.required %}
        {{ statements::send_body(body, "self.body", "&self.body") }}
    {%- else %}
        if let Some(body) = &self.body {
            {{ statements::send_body(body, "body", "body") }}
        }
    {%- endif %}
{%- endif %}
{%- if let Some(media_type) = operation.accept %}
        request.accept({{ media_type|lit }});
{%- endif %}
        request.options(self.call_options);
        (self.client, request)
    }

    fn read_response(response: rt::response::RawResponse) -> Result<crate::ApiResponse<Self::Success>, crate::Error<Self::Error>> {
        {#- The error enum is named, not written `Self::Error::...`: rustc checks every path
            through a trait projection once more, which made these functions most of the time
            `cargo check` spent on operations. #}
        {%- if !operation.errors.is_empty() %}
        use super::{{ operation.error_type }} as E;
        {%- endif %}
        let status = response.status().as_u16();
        match status {
{%- for case in operation.success.cases() %}
            {{ statements::status_pattern(case.status) }} => {{ statements::success_value(case, operation.success) }},
{%- endfor %}
{%- for case in operation.errors %}
    {%- match case.format %}
    {%- when None %}
            {{ statements::status_pattern(case.status) }} => Err(response.error_empty(E::{{ case.variant }})),
    {%- when Some(BodyFormat::Text) %}
            {{ statements::status_pattern(case.status) }} => Err(match response.into_text() {
                Ok(text) => crate::Error::Api(E::{{ case.variant }}(Box::new(text))),
                Err(error) => error,
            }),
    {%- when Some(BodyFormat::Bytes) %}
            {{ statements::status_pattern(case.status) }} => Err(crate::Error::Api(E::{{ case.variant }}(Box::new(response.into_bytes())))),
    {%- when Some(_) %}
            {{ statements::status_pattern(case.status) }} => Err(response.error_json(E::{{ case.variant }})),
    {%- endmatch %}
{%- endfor %}
{%- if !operation.has_default_response() %}
            _ => Err(response.unexpected()),
{%- endif %}
        }
    }
}

impl std::future::IntoFuture for {{ operation.builder_type }} {
    type Output = <Self::IntoFuture as std::future::Future>::Output;
    type IntoFuture = crate::ResponseFuture<{{ operation.success.ty()|ty("super::") }}, super::{{ operation.error_type }}>;

    /// Sends the request, as [`send`]({{ operation.builder_type }}::send) does.
    fn into_future(self) -> Self::IntoFuture {
        rt::request::send(self)
    }
}
