{#- The statements and expressions more than one place of the API templates writes, as askama
    macros: a template imports this file as `statements` and calls a macro where the code goes.
    Only the macros are read from this file; it renders nothing itself. -#}

{#- Sends one parameter, held in the builder's field of its name, laid out in its style. -#}
{% macro send_parameter(parameter) -%}
request.{{ parameter|request_method }}({{ parameter_arguments(parameter, "self.{}"|format(parameter.rust_name)) }});
{%- endmacro %}

{#- The arguments of the runtime method that sends or matches the parameter held in `value`:
    its name, its style unless its location's method lays it out without one, and the value. -#}
{% macro parameter_arguments(parameter, value) -%}
{{ parameter.name|lit }},
{%- if !parameter.has_default_layout() %} {{ parameter_style(parameter) }},{% endif %}
{{ parameter_value(parameter, value) }}
{%- endmacro %}

{#- The runtime's `Style` of the parameter. -#}
{% macro parameter_style(parameter) -%}
::client_runtime::params::Style::{{ parameter.style|style_constructor }}()
{%- if parameter|marks_explode %}.explode(){% endif %}
{%- if parameter.allow_reserved %}.allow_reserved(){% endif %}
{%- endmacro %}

{#- A reference to the parameter value held in `value`, as the runtime's `Param` takes it. -#}
{% macro parameter_value(parameter, value) -%}
{%- match parameter.encoding %}
{%- when ParameterEncoding::Scalar %}&{{ value }}
{%- when ParameterEncoding::Serialized %}&::client_runtime::params::Serialized(&{{ value }})
{%- when ParameterEncoding::Json %}&::client_runtime::params::AsJson(&{{ value }})
{%- endmatch %}
{%- endmacro %}

{#- Puts the request body held in `value` on the request; `reference` is a reference to it. -#}
{% macro send_body(body, value, reference) -%}
{%- match body.format %}
{%- when BodyFormat::Json %}
request.json_body({{ body.media_type|lit }}, {{ reference }});
{%- when BodyFormat::Text %}
request.raw_body({{ body.media_type|lit }}, {{ value }}.as_bytes().to_vec());
{%- when BodyFormat::Bytes %}
request.raw_body({{ body.media_type|lit }}, {{ value }}.to_vec());
{%- when BodyFormat::Location %}
request.raw_body({{ body.media_type|lit }}, {{ value }}.to_vec());
{%- when BodyFormat::Multipart %}
request.multipart_body();
{{ value }}.write_parts(&mut request);
{%- when BodyFormat::UrlEncoded %}
request.urlencoded_body();
{{ value }}.write_parts(&mut request);
{%- endmatch %}
{%- endmacro %}

{#- Turns a success response of the case into the call's result: the body decoded as its
    format says, wrapped in its variant when the successes differ by status. -#}
{% macro success_value(case, success) -%}
{%- match success %}
{%- when Success::Single with { .. } %}
    {%- match case.format %}
    {%- when Some(BodyFormat::Location) %}
Ok({{ case.ty|ty("super::") }}::from_response(response.empty()))
    {%- when None %}
Ok(response.empty())
    {%- when Some(BodyFormat::Text) %}
response.into_text()
    {%- when Some(BodyFormat::Bytes) %}
Ok(response.into_bytes())
    {%- when Some(_) %}
response.json()
    {%- endmatch %}
{%- when Success::ByStatus with { type_name, .. } %}
    {%- match case.format %}
    {#- Lowering makes redirects the success only when nothing else is, and then every case is
        the one redirect type, so no spec reaches this arm today; it stays correct if one does. #}
    {%- when Some(BodyFormat::Location) %}
Ok({{ case.ty|ty("super::") }}::from_response(response.empty()).map(super::{{ type_name }}::{{ case.variant }}))
    {%- when None %}
Ok(response.empty().map(|()| super::{{ type_name }}::{{ case.variant }}))
    {%- when Some(BodyFormat::Text) %}
response.into_text().map(|response| response.map(super::{{ type_name }}::{{ case.variant }}))
    {%- when Some(BodyFormat::Bytes) %}
Ok(response.into_bytes().map(super::{{ type_name }}::{{ case.variant }}))
    {%- when Some(_) %}
response.json_into(super::{{ type_name }}::{{ case.variant }})
    {%- endmatch %}
{%- endmatch %}
{%- endmacro %}

{#- A test double's response for the documented case, built from `body`: the status that
    stands for the case, and the body as the case's format writes it. -#}
{% macro mock_response(case) -%}
{%- match case.format %}
{%- when Some(BodyFormat::Location) %}
match body.location {
    Some(location) => mock::MockResponse::new({{ case.mock_status }}).header("location", location),
    None => mock::MockResponse::new({{ case.mock_status }})
}
{%- when None %}
mock::MockResponse::new({{ case.mock_status }})
{%- when Some(format) %}
    {%- if let Some(media) = case.first_media_type() %}
        {%- match format %}
        {%- when BodyFormat::Text %}
mock::MockResponse::raw({{ case.mock_status }}, {{ media|lit }}, body)
        {%- when BodyFormat::Bytes %}
mock::MockResponse::raw({{ case.mock_status }}, {{ media|lit }}, body.to_vec())
        {%- when _ %}
mock::MockResponse::json({{ case.mock_status }}, {{ media|lit }}, &body)
        {%- endmatch %}
    {%- else %}
mock::MockResponse::new({{ case.mock_status }})
    {%- endif %}
{%- endmatch %}
{%- endmacro %}

{#- The match pattern of the statuses a documented response answers; a range is a guard rather
    than a range pattern, so documented codes inside it, matched first, keep their own arm. -#}
{% macro status_pattern(status) -%}
{%- match status %}
{%- when StatusMatch::Code(code) %}{{ code }}
{%- when StatusMatch::Range(hundred) %}_ if ({{ hundred }}00..={{ hundred }}99).contains(&status)
{%- when StatusMatch::Default %}_
{%- endmatch %}
{%- endmacro %}
