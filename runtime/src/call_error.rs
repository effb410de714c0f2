//! One error type for every operation: what a downstream crate converts any call's failure into
//! with `?`, keeping the status, the headers, the body and the original error.

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::error::{Error, OperationError};

/// Any operation's failure, as one type.
///
/// Each operation has its own [`Error<E>`], so that the documented statuses are typed; code that
/// calls several operations and only needs to report or classify a failure converts each into
/// this with `?` (or `.into()`). It keeps the status and headers of the response the call ended
/// with, its body as JSON (the typed body of a documented error, re-encoded) or as text (a body
/// the client could not type), and the original error as its
/// [`source`](std::error::Error::source), which can be downcast back to the operation's
/// `Error<E>`.
///
/// The crate docs' [What a call gives back](crate#what-a-call-gives-back) show it in use, inside an
/// error type of the caller's own.
#[derive(Debug)]
pub struct CallError {
    message: String,
    status: Option<StatusCode>,
    headers: Option<HeaderMap>,
    body: Option<ErrorBody>,
    request_id: Option<String>,
    source: Box<dyn std::error::Error + Send + Sync>,
}

/// The body of the response a failed call ended with.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorBody {
    /// JSON: the typed body of a documented error status, or a body that parsed as JSON.
    Json(serde_json::Value),
    /// Text that is not JSON, with invalid UTF-8 replaced.
    Text(String),
}

impl ErrorBody {
    /// A body the client could not type, as it arrived: JSON when it is, else text; `None`
    /// when empty.
    fn untyped(body: &[u8]) -> Option<Self> {
        (!body.is_empty()).then(|| match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(json) => ErrorBody::Json(json),
            Err(_) => ErrorBody::Text(String::from_utf8_lossy(body).into_owned()),
        })
    }
}

impl CallError {
    /// The HTTP status of the response the call ended with, if it got one.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The headers of that response, if it got one.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.headers.as_ref()
    }

    /// The body of that response, if it had one.
    pub fn body(&self) -> Option<&ErrorBody> {
        self.body.as_ref()
    }

    /// The id the server gave the request, as [`Error::request_id`] reads it.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The body as JSON, when it is JSON.
    pub fn json(&self) -> Option<&serde_json::Value> {
        match &self.body {
            Some(ErrorBody::Json(json)) => Some(json),
            _ => None,
        }
    }

    /// The original error, such as `sailpoint_client::Error<v3::GetLifecycleStateError>`, to
    /// downcast to when one operation's failures need their own handling after all.
    pub fn original(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.source
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CallError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

impl<E: OperationError> From<Error<E>> for CallError {
    fn from(error: Error<E>) -> Self {
        let message = error.to_string();
        let request_id = error.request_id().map(str::to_owned);
        let (status, headers, body) = match (&error, error.raw_response()) {
            (Error::Api(api), _) => {
                let parts = api.parts();
                let body = match parts.unusable_body() {
                    Some(unusable) => ErrorBody::untyped(unusable),
                    None => parts.body_json().map(ErrorBody::Json),
                };
                (Some(parts.status()), Some(parts.headers().clone()), body)
            }
            (_, Some(raw)) => (
                Some(raw.status()),
                Some(raw.headers().clone()),
                ErrorBody::untyped(raw.body()),
            ),
            // A failure outside any body the client kept (a body over the limit, say) may still
            // know its status.
            _ => (error.status(), None, None),
        };
        CallError {
            message,
            status,
            headers,
            body,
            request_id,
            source: Box::new(error),
        }
    }
}
