//! Responses: the typed value a call returns, and the raw response kept when a body cannot be
//! typed (an undocumented status or a body that does not decode).

use std::borrow::Cow;
use std::fmt;
use std::ops::{Deref, DerefMut};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::error::Error;

/// A typed response body with the status and headers it arrived with.
///
/// It dereferences to the body, so fields and methods of the body can be used directly.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> ApiResponse<T> {
    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, dropping the status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The status, headers and body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }

    /// The `X-Total-Count` header as a number: the size of the whole collection, which list
    /// operations report when called with `count(true)`.
    pub fn total_count(&self) -> Option<u64> {
        self.headers
            .get("x-total-count")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().parse().ok())
    }

    /// The same response with its body transformed.
    pub fn map<U>(self, transform: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            body: transform(self.body),
        }
    }
}

impl<T> Deref for ApiResponse<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

impl<T> DerefMut for ApiResponse<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.body
    }
}

/// A response as it came off the wire, body unread by any decoder.
///
/// Boxed inside so that errors carrying one stay small.
#[derive(Clone, PartialEq)]
pub struct RawResponse {
    inner: Box<RawParts>,
}

#[derive(Clone, PartialEq)]
struct RawParts {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl RawResponse {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        RawResponse {
            inner: Box::new(RawParts {
                status,
                headers,
                body,
            }),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.inner.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.inner.headers
    }

    /// The body bytes.
    pub fn body(&self) -> &Bytes {
        &self.inner.body
    }

    /// The body as text, with invalid UTF-8 replaced.
    pub fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.inner.body)
    }

    /// Decodes the JSON body as `T`; a body that does not match is an [`Error::Decode`].
    pub(crate) fn json<T: serde::de::DeserializeOwned, E>(
        self,
    ) -> Result<ApiResponse<T>, Error<E>> {
        match serde_json::from_slice(&self.inner.body) {
            Ok(body) => {
                let RawParts {
                    status, headers, ..
                } = *self.inner;
                Ok(ApiResponse {
                    status,
                    headers,
                    body,
                })
            }
            Err(source) => Err(Error::Decode {
                response: self,
                expected: std::any::type_name::<T>(),
                source,
            }),
        }
    }

    /// Decodes the JSON body as `T` and wraps it, for success enums with a variant per status.
    pub(crate) fn json_into<T: serde::de::DeserializeOwned, U, E>(
        self,
        wrap: impl FnOnce(T) -> U,
    ) -> Result<ApiResponse<U>, Error<E>> {
        self.json::<T, E>().map(|response| response.map(wrap))
    }

    /// The body as text; a body that is not UTF-8 is an [`Error::Decode`].
    pub(crate) fn into_text<E>(self) -> Result<ApiResponse<String>, Error<E>> {
        match String::from_utf8(self.inner.body.to_vec()) {
            Ok(body) => {
                let RawParts {
                    status, headers, ..
                } = *self.inner;
                Ok(ApiResponse {
                    status,
                    headers,
                    body,
                })
            }
            Err(error) => Err(Error::Decode {
                response: self,
                expected: "UTF-8 text",
                source: serde::de::Error::custom(error),
            }),
        }
    }

    /// The body as bytes, as received.
    pub(crate) fn into_bytes(self) -> ApiResponse<Bytes> {
        let RawParts {
            status,
            headers,
            body,
        } = *self.inner;
        ApiResponse {
            status,
            headers,
            body,
        }
    }

    /// The documented error whose variant `variant` holds this status's JSON body.
    pub(crate) fn error_json<T: serde::de::DeserializeOwned, E>(
        self,
        variant: impl FnOnce(Box<ApiResponse<T>>) -> E,
    ) -> Error<E> {
        match self.json() {
            Ok(response) => Error::Api(variant(Box::new(response))),
            Err(error) => error,
        }
    }

    /// The documented error whose variant `variant` stands for a status without a body.
    pub(crate) fn error_empty<E>(
        self,
        variant: impl FnOnce(Box<ApiResponse<()>>) -> E,
    ) -> Error<E> {
        Error::Api(variant(Box::new(self.empty())))
    }

    /// The response of a status documented without a body; any body sent is ignored.
    pub(crate) fn empty(self) -> ApiResponse<()> {
        let RawParts {
            status, headers, ..
        } = *self.inner;
        ApiResponse {
            status,
            headers,
            body: (),
        }
    }

    /// The error for a status the operation does not document.
    pub(crate) fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus(self)
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 2048;
        let text = self.text();
        let shown = match text.char_indices().nth(SHOWN) {
            Some((cut, _)) => format!("{}... ({} bytes)", &text[..cut], self.inner.body.len()),
            None => text.into_owned(),
        };
        f.debug_struct("RawResponse")
            .field("status", &self.inner.status)
            .field("headers", &self.inner.headers)
            .field("body", &shown)
            .finish()
    }
}
