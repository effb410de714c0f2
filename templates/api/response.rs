{{ "Documented error responses of [`{}`](super::{}::{})."|format(operation.operation_id, api.handle_type, operation.method_name)|doc_raw }}
///
/// The variant is chosen by the status code alone; each holds the decoded body with the
/// status and headers it came with (boxed, so errors stay small to move around).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum {{ operation.error_type }} {
{%- for case in operation.errors %}
    {{ case|case_doc }}
    {{ case.variant }}(Box<crate::ApiResponse<{{ case.ty|ty("super::") }}>>),
{%- endfor %}
}

impl {{ operation.error_type }} {
    /// The HTTP status the server answered with.
    pub fn status(&self) -> reqwest::StatusCode {
        crate::OperationError::parts(self).status()
    }

    /// The response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        crate::OperationError::parts(self).headers()
    }
}

impl std::fmt::Display for {{ operation.error_type }} {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        crate::OperationError::parts(self).describe({{ operation.operation_id|lit }}, f)
    }
}

impl std::error::Error for {{ operation.error_type }} {}

impl crate::OperationError for {{ operation.error_type }} {
    fn parts(&self) -> crate::ErrorParts<'_> {
{%- if operation.errors.is_empty() %}
        match *self {}
{%- else %}
        const MEANINGS: [&str; {{ operation.errors.len() }}] = [
{%- for case in operation.errors %}
            {{ case.description|first_line|lit }},
{%- endfor %}
        ];
        match self {
{%- for case in operation.errors %}
    {%- if case.ty == TypeRef::Unit || case.ty == TypeRef::Bytes %}
            Self::{{ case.variant }}(response) => response.error_parts_no_json(MEANINGS[{{ loop.index0 }}]),
    {%- else %}
            Self::{{ case.variant }}(response) => response.error_parts(MEANINGS[{{ loop.index0 }}]),
    {%- endif %}
{%- endfor %}
        }
{%- endif %}
    }
}
{% if let Success::ByStatus with { type_name, cases } = operation.success %}
{{ "Successful responses of [`{}`](super::{}::{}), by status."|format(operation.operation_id, api.handle_type, operation.method_name)|doc_raw }}
///
/// The enum is `#[non_exhaustive]`: a success status the API adds is a new variant, so a
/// `match` in another crate ends with a `_` arm.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum {{ type_name }} {
{%- for case in cases %}
    {{ case|case_doc }}
    {%- if case.ty == TypeRef::Unit %}
    {{ case.variant }},
    {%- else %}
    {{ case.variant }}({{ case.ty|ty("super::") }}),
    {%- endif %}
{%- endfor %}
}
{% endif %}
