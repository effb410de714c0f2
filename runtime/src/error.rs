//! The error every call returns: a documented error status with its typed body, or one of the
//! ways a call can fail before or outside the API's documented answers.

use std::convert::Infallible;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::auth::AuthError;
use crate::generic::GENERIC_OPERATION_ID;
use crate::response::RawResponse;

/// What every operation's error enum offers, whichever status it stands for.
///
/// Each enum implements [`parts`](Self::parts), which says what the variant it holds was sent;
/// the other methods read from it.
pub trait OperationError: std::error::Error + Send + Sync + 'static {
    /// The status, headers and body of the documented response the error holds, and what the
    /// spec says that status means.
    fn parts(&self) -> ErrorParts<'_>;
    /// The HTTP status the server answered with.
    fn status(&self) -> StatusCode {
        self.parts().status()
    }
    /// The response headers (`Retry-After`, say).
    fn headers(&self) -> &HeaderMap {
        self.parts().headers()
    }
    /// The typed body as JSON, as [`CallError`](crate::CallError) keeps it; `None` for a status
    /// documented without a body, or whose body could not be used (see
    /// [`ErrorParts::unusable_body`]).
    fn body_json(&self) -> Option<serde_json::Value> {
        self.parts().body_json()
    }
    /// The id the server gave the request, as [`ApiResponse::request_id`](crate::ApiResponse::request_id)
    /// reads it.
    fn request_id(&self) -> Option<&str> {
        self.parts().request_id()
    }
}

/// A call without documented error statuses, such as a
/// [`Client::request`](crate::Client::request), has no documented error to hold.
impl OperationError for Infallible {
    fn parts(&self) -> ErrorParts<'_> {
        match *self {}
    }
}

/// One documented error response seen through its status, whatever its body's type: what
/// [`OperationError::parts`] gives.
#[derive(Clone, Copy)]
pub struct ErrorParts<'a> {
    status: StatusCode,
    headers: &'a HeaderMap,
    body: Option<&'a dyn JsonBody>,
    unusable_body: Option<&'a bytes::Bytes>,
    meaning: &'static str,
    request_id: Option<&'a str>,
}

/// A body that can be written as JSON; what lets [`ErrorParts`] hold bodies of any type.
pub(crate) trait JsonBody: Send + Sync {
    fn to_json(&self) -> Option<serde_json::Value>;
}

impl<T: serde::Serialize + Send + Sync> JsonBody for T {
    fn to_json(&self) -> Option<serde_json::Value> {
        serde_json::to_value(self).ok()
    }
}

impl<'a> ErrorParts<'a> {
    pub(crate) fn new(
        status: StatusCode,
        headers: &'a HeaderMap,
        body: Option<&'a dyn JsonBody>,
        meaning: &'static str,
    ) -> Self {
        ErrorParts {
            status,
            headers,
            body,
            unusable_body: None,
            meaning,
            request_id: None,
        }
    }

    /// The same parts, with the id the server gave the request.
    pub(crate) fn with_request_id(mut self, request_id: Option<&'a str>) -> Self {
        self.request_id = request_id;
        self
    }

    /// The id the server gave the request, as
    /// [`ApiResponse::request_id`](crate::ApiResponse::request_id) reads it.
    pub fn request_id(self) -> Option<&'a str> {
        self.request_id
    }

    /// The same parts, for a documented error whose body could not be used as its schema.
    pub(crate) fn with_unusable_body(mut self, body: Option<&'a bytes::Bytes>) -> Self {
        self.unusable_body = body;
        self
    }

    /// The HTTP status the server answered with.
    pub fn status(self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(self) -> &'a HeaderMap {
        self.headers
    }

    /// The typed body as JSON; `None` for a status documented without one, or whose body could
    /// not be used (see [`unusable_body`](Self::unusable_body)).
    pub fn body_json(self) -> Option<serde_json::Value> {
        self.body.and_then(JsonBody::to_json)
    }

    /// The body as it arrived, when it could not be used as its schema at all (empty, text,
    /// HTML, JSON of another shape): see [`ApiResponse::unusable_body`](crate::ApiResponse::unusable_body).
    pub fn unusable_body(self) -> Option<&'a bytes::Bytes> {
        self.unusable_body
    }

    /// The first line of what the spec says the status means.
    pub fn meaning(self) -> &'static str {
        self.meaning
    }

    /// Writes the error's message: the operation, the status and what it means.
    pub fn describe(self, operation_id: &str, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{operation_id} answered HTTP {}: {}{}",
            self.status,
            self.meaning,
            request_id_suffix(self.request_id)
        )
    }
}

impl std::fmt::Debug for ErrorParts<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ErrorParts")
            .field("status", &self.status)
            .field("meaning", &self.meaning)
            .finish_non_exhaustive()
    }
}

/// Why a call failed.
///
/// `E` is the operation's own error enum (such as `v3::GetLifecycleStateError`), with one
/// variant per error status the spec documents. Which variant is chosen depends only on the
/// status code, never on the shape of the body.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E = Infallible> {
    /// The server answered with an error status the operation documents.
    #[error("{0}")]
    Api(E),
    /// The server answered with a status the operation does not document.
    #[error("{}", unexpected_status(.0))]
    UnexpectedStatus(RawResponse),
    /// The response body cannot be used as the schema the spec documents for its status: it is
    /// not JSON, or a value that cannot be converted, stood in for or dropped holds it up (such
    /// as a list where a record is expected). Under [`Decoding::Strict`](crate::Decoding::Strict)
    /// any deviation from the spec is this error.
    #[error("could not decode the HTTP {} response body as {expected}{}{}: {source}", response.status(), at(pointer), request_id_suffix(response.request_id()))]
    Decode {
        /// The response as received, body included.
        response: RawResponse,
        /// The Rust type the body should have decoded into.
        expected: &'static str,
        /// The JSON pointer of the first value in the body that could not be used (`""` for
        /// the whole body).
        pointer: String,
        /// What did not match.
        source: serde_json::Error,
    },
    /// The request took longer than the client's timeout.
    #[error("the request timed out: {0}")]
    Timeout(#[source] reqwest::Error),
    /// The request could not be sent or its response could not be read.
    #[error("the request failed: {0}")]
    Transport(#[source] reqwest::Error),
    /// No access token could be obtained, so nothing was sent.
    #[error("authentication failed: {0}")]
    Auth(#[source] AuthError),
    /// A parameter value cannot be sent as the operation requires; nothing was sent.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The request body could not be encoded; nothing was sent.
    #[error("could not encode the request body: {0}")]
    Encode(#[source] serde_json::Error),
    /// A [`Paginated`](crate::Paginated) stream stopped because the page it asked for at
    /// `offset` held items it had already listed: the same items as an earlier page (in any
    /// order), or more ids already listed than new ones. The server is not advancing (some list
    /// endpoints ignore `offset`), and the stream would otherwise repeat itself forever. The
    /// repeating page is not yielded.
    #[error(
        "the server answered offset {offset} with {page_size} items, most or all of them already \
         listed from offset {previous_offset} on, so it is not advancing through the list (does it \
         ignore `offset`?); the stream stopped instead of repeating them"
    )]
    PaginationStalled {
        /// The offset of the page that repeated earlier ones.
        offset: u64,
        /// The offset of the earliest page that listed one of its items.
        previous_offset: u64,
        /// How many items the repeating page held.
        page_size: u64,
    },
    /// The response body was larger than the client's
    /// [`max_response_body_size`](crate::ClientBuilder::max_response_body_size); the client
    /// stopped reading at the limit. It counts as a transport failure: an idempotent call is
    /// retried.
    #[error(
        "the HTTP {status} response body {} is larger than the client's limit of {limit} bytes, \
         so the client stopped reading it; raise the limit with \
         `ClientBuilder::max_response_body_size`",
        declared_length(*.content_length)
    )]
    ResponseTooLarge {
        /// The status the response came with.
        status: StatusCode,
        /// The limit in bytes.
        limit: u64,
        /// The `Content-Length` the server declared, if it declared one.
        content_length: Option<u64>,
    },
    /// The call's [`RetryPolicy::total_budget`](crate::RetryPolicy::total_budget) ran out
    /// while its first attempt (or the token request or credential source before it) was still
    /// waiting for an answer, which the client then stopped waiting for. When the budget runs
    /// out during a retry instead, the call answers with what the attempt before it got.
    #[error(
        "the call's budget of {budget:?} ran out before an answer arrived, so the client stopped \
         waiting (raise it with `RetryPolicy::total_budget`)"
    )]
    BudgetExhausted {
        /// The call's [`RetryPolicy::total_budget`](crate::RetryPolicy::total_budget).
        budget: Duration,
    },
    /// The client's [`RateLimit`](crate::RateLimit) could not let the request go before the
    /// call's retry budget runs out; nothing was sent.
    #[error(
        "the client's rate limit of {} per {:?} would hold this call for {wait:?}, \
         beyond its budget of {budget:?}; nothing was sent",
        count_of_requests(.limit.requests()),
        .limit.window()
    )]
    RateLimited {
        /// How long the call would have had to wait.
        wait: Duration,
        /// The call's [`RetryPolicy::total_budget`](crate::RetryPolicy::total_budget).
        budget: Duration,
        /// The client's rate limit.
        limit: crate::RateLimit,
    },
}

/// How the message of [`Error::ResponseTooLarge`] names the body's size.
fn declared_length(content_length: Option<u64>) -> String {
    match content_length {
        Some(length) => format!("(Content-Length: {length} bytes)"),
        None => "(no Content-Length, counted while reading)".to_owned(),
    }
}

/// What an undocumented status says; a test double's answer to a request no expectation
/// matched says that, with its report.
fn unexpected_status(response: &RawResponse) -> String {
    match response.unmatched_report() {
        Some(report) => format!(
            "no expectation of the test double matched the request (HTTP {}):\n{report}",
            response.status().as_u16()
        ),
        None if response.operation_id() == GENERIC_OPERATION_ID => format!(
            "the server answered HTTP {}{} to a `Client::request`, which succeeds only with a 2XX status",
            response.status(),
            request_id_suffix(response.request_id())
        ),
        None => format!(
            "the server answered HTTP {}{}, which this operation does not document",
            response.status(),
            request_id_suffix(response.request_id())
        ),
    }
}

/// " (request id ID)" when the server gave the request an id, so that an error logged by its
/// message alone still names the request the server's operators can look up.
fn request_id_suffix(request_id: Option<&str>) -> String {
    match request_id {
        Some(id) => format!(" (request id {id})"),
        None => String::new(),
    }
}

/// " at POINTER" for a place inside the body, nothing for the whole body.
fn at(pointer: &str) -> String {
    if pointer.is_empty() {
        String::new()
    } else {
        format!(" at {pointer}")
    }
}

impl Error<Infallible> {
    /// The same failure, as the error type of a particular operation.
    pub(crate) fn widen<E>(self) -> Error<E> {
        match self {
            Error::Api(never) => match never {},
            Error::UnexpectedStatus(response) => Error::UnexpectedStatus(response),
            Error::Decode {
                response,
                expected,
                pointer,
                source,
            } => Error::Decode {
                response,
                expected,
                pointer,
                source,
            },
            Error::Timeout(error) => Error::Timeout(error),
            Error::Transport(error) => Error::Transport(error),
            Error::Auth(error) => Error::Auth(error),
            Error::InvalidRequest(message) => Error::InvalidRequest(message),
            Error::Encode(error) => Error::Encode(error),
            Error::PaginationStalled {
                offset,
                previous_offset,
                page_size,
            } => Error::PaginationStalled {
                offset,
                previous_offset,
                page_size,
            },
            Error::ResponseTooLarge {
                status,
                limit,
                content_length,
            } => Error::ResponseTooLarge {
                status,
                limit,
                content_length,
            },
            Error::RateLimited {
                wait,
                budget,
                limit,
            } => Error::RateLimited {
                wait,
                budget,
                limit,
            },
            Error::BudgetExhausted { budget } => Error::BudgetExhausted { budget },
        }
    }
}

impl<E: OperationError> Error<E> {
    /// The HTTP status of the response the call ended with, if it got one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(error) => Some(error.status()),
            Error::UnexpectedStatus(response) | Error::Decode { response, .. } => {
                Some(response.status())
            }
            Error::ResponseTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The id the server gave the request the call ended with, to quote to its support: the
    /// `SLPT-Request-ID` (or else `X-Request-Id`) header of the response, or else its error
    /// body's `trackingId`. `None` for a failure without a response, and for
    /// [`Error::ResponseTooLarge`], whose response is not kept (the call's trace records the id
    /// even then).
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(error) => error.request_id(),
            Error::UnexpectedStatus(response) | Error::Decode { response, .. } => {
                response.request_id()
            }
            _ => None,
        }
    }
}

impl<E> Error<E> {
    /// The documented error, when the server answered with one.
    pub fn api(&self) -> Option<&E> {
        match self {
            Error::Api(error) => Some(error),
            _ => None,
        }
    }

    /// The response as received, when the failure came with one that no variant decoded.
    pub fn raw_response(&self) -> Option<&RawResponse> {
        match self {
            Error::UnexpectedStatus(response) | Error::Decode { response, .. } => Some(response),
            _ => None,
        }
    }

    /// Transport failures (reqwest classifies timeouts separately) sorted into their variant.
    pub(crate) fn from_transport(error: reqwest::Error) -> Self {
        if error.is_timeout() {
            Error::Timeout(error)
        } else {
            Error::Transport(error)
        }
    }
}

/// `1 request`, `5 requests`: how an error message counts requests.
fn count_of_requests(count: u32) -> String {
    if count == 1 {
        "1 request".to_owned()
    } else {
        format!("{count} requests")
    }
}
