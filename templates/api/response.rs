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

{%- if operation.errors.is_empty() %}
impl {{ operation.error_type }} {
    /// The HTTP status the server answered with.
    pub fn status(&self) -> reqwest::StatusCode {
        match *self {}
    }

    /// The response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        match *self {}
    }
}

impl std::fmt::Display for {{ operation.error_type }} {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {}
    }
}
{%- else %}
impl {{ operation.error_type }} {
    /// The HTTP status the server answered with.
    pub fn status(&self) -> reqwest::StatusCode {
        match self {
{%- for case in operation.errors %}
            {{ operation.error_type }}::{{ case.variant }}(response) => response.status(),
{%- endfor %}
        }
    }

    /// The response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        match self {
{%- for case in operation.errors %}
            {{ operation.error_type }}::{{ case.variant }}(response) => response.headers(),
{%- endfor %}
        }
    }
}

impl std::fmt::Display for {{ operation.error_type }} {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let meaning = match self {
{%- for case in operation.errors %}
            {{ operation.error_type }}::{{ case.variant }}(_) => {{ case.description|first_line|lit }},
{%- endfor %}
        };
        write!(f, {{ operation.operation_id|error_format|lit }}, self.status(), meaning)
    }
}
{%- endif %}

impl std::error::Error for {{ operation.error_type }} {}

impl crate::OperationError for {{ operation.error_type }} {
    fn status(&self) -> reqwest::StatusCode {
        {{ operation.error_type }}::status(self)
    }

    fn headers(&self) -> &reqwest::header::HeaderMap {
        {{ operation.error_type }}::headers(self)
    }

    fn body_json(&self) -> Option<serde_json::Value> {
{%- if operation.errors.is_empty() %}
        match *self {}
{%- else %}
        match self {
{%- for case in operation.errors %}
    {%- if case.ty == TypeRef::Unit || case.ty == TypeRef::Bytes %}
            {{ operation.error_type }}::{{ case.variant }}(_) => None,
    {%- else %}
            {{ operation.error_type }}::{{ case.variant }}(response) => serde_json::to_value(response.body()).ok(),
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
