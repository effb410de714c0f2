//! Responses: the typed value a call returns, with what of its body did not fit the spec, and
//! the raw response kept when a body cannot be typed (an undocumented status or a body that does
//! not decode).

use std::borrow::Cow;
use std::fmt;
use std::ops::{Deref, DerefMut};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::decode::{self, DecodeContext, Decoded, Decoding, Deviation, Failure, Shaped};
use crate::error::Error;
use crate::profile::Profile;

/// A typed response body with the status and headers it arrived with, and the
/// [`deviations`](Self::deviations) of the body from the spec.
///
/// It dereferences to the body, so fields and methods of the body can be used directly.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
    deviations: Vec<Deviation>,
    /// For a documented error whose body could not be used at all: the body as it arrived.
    unusable_body: Option<Bytes>,
    request_id: Option<String>,
}

impl<T: serde::Serialize + Send + Sync> ApiResponse<T> {
    /// What an operation's error enum says of a documented error whose body is JSON.
    pub fn error_parts(&self, meaning: &'static str) -> crate::ErrorParts<'_> {
        let body: Option<&dyn crate::error::JsonBody> = match self.unusable_body {
            Some(_) => None,
            None => Some(&self.body),
        };
        crate::ErrorParts::new(self.status, &self.headers, body, meaning)
            .with_unusable_body(self.unusable_body.as_ref())
            .with_request_id(self.request_id())
    }
}

impl<T> ApiResponse<T> {
    /// What an operation's error enum says of a documented error without a JSON body.
    pub fn error_parts_no_json(&self, meaning: &'static str) -> crate::ErrorParts<'_> {
        crate::ErrorParts::new(self.status, &self.headers, None, meaning)
            .with_request_id(self.request_id())
    }
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

    /// The id the server gave the request, to quote to its support: the first of the request id
    /// headers the crate's profile names (see [`Profile`]; `X-Request-Id` by
    /// default), or, for an error status whose response has none, the error body's field the
    /// profile names.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
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

    /// Every value of the body that did not fit the spec, and what the client did about it:
    /// converted, stood in for, dropped (a list item among them, with its JSON) or kept as an
    /// unknown enum value. Empty when the body is exactly what the spec says.
    pub fn deviations(&self) -> &[Deviation] {
        &self.deviations
    }

    /// The body as it arrived, when it could not be used as its schema at all: a documented
    /// error status answered with an empty body, text, an HTML page or JSON of another shape
    /// (as proxies and frameworks answer for the API). The typed body is then a stand-in (every
    /// optional field `None`, every required one marked in its `stand_ins()`), and
    /// [`deviations`](Self::deviations) holds one deviation at the pointer `""` that says what
    /// arrived. `None` whenever the typed body holds what the server sent.
    pub fn unusable_body(&self) -> Option<&Bytes> {
        self.unusable_body.as_ref()
    }

    /// The same response with its body transformed.
    pub fn map<U>(self, transform: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            body: transform(self.body),
            deviations: self.deviations,
            unusable_body: self.unusable_body,
            request_id: self.request_id,
        }
    }

    /// One page of a list: its items, and how many the body held before any was dropped.
    pub fn into_page<I>(self, items: impl FnOnce(T) -> Vec<I>) -> crate::paginate::Page<I> {
        let items = items(self.body);
        let dropped = self
            .deviations
            .iter()
            .filter(|deviation| deviation.is_dropped_item())
            .count();
        crate::paginate::Page {
            received: items.len() + dropped,
            items,
            deviations: self.deviations,
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

/// The header with which the test doubles (feature `mock`) answer a request no expectation
/// matched, so that the error and its debug output say so in those words.
pub const UNMATCHED_BY_TEST_DOUBLE: &str = "x-sailpoint-mock-unmatched";

/// A response as it came off the wire, body unread by any decoder.
///
/// Boxed inside so that errors carrying one stay small.
#[derive(Clone, PartialEq)]
pub struct RawResponse {
    inner: Box<RawParts>,
}

#[derive(Clone)]
struct RawParts {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    request_id: Option<String>,
    decode: DecodeContext,
}

impl PartialEq for RawParts {
    fn eq(&self, other: &Self) -> bool {
        self.status == other.status && self.headers == other.headers && self.body == other.body
    }
}

impl RawResponse {
    pub fn new(status: StatusCode, headers: HeaderMap, body: Bytes, profile: &Profile) -> Self {
        let request_id = request_id_in(profile, status, &headers, &body);
        RawResponse {
            inner: Box::new(RawParts {
                status,
                headers,
                body,
                request_id,
                decode: DecodeContext::default(),
            }),
        }
    }

    /// The same response, to be decoded for `context`'s operation as it says.
    pub fn with_decoding(mut self, context: DecodeContext) -> Self {
        self.inner.decode = context;
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.inner.status
    }

    /// The `operationId` of the call that got the response.
    pub fn operation_id(&self) -> &'static str {
        self.inner.decode.operation_id
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.inner.headers
    }

    /// The id the server gave the request, as [`ApiResponse::request_id`] reads it.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// The body bytes.
    pub fn body(&self) -> &Bytes {
        &self.inner.body
    }

    /// The body as text, with invalid UTF-8 replaced.
    pub fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.inner.body)
    }

    /// For the answer of a test double to a request no expectation matched: the report of what
    /// arrived and what each expectation wanted.
    pub fn unmatched_report(&self) -> Option<Cow<'_, str>> {
        self.inner
            .headers
            .contains_key(UNMATCHED_BY_TEST_DOUBLE)
            .then(|| self.text())
    }

    /// Decodes the JSON body as `T`, tolerantly or strictly as the call's [`Decoding`] says;
    /// a body that cannot be used is an [`Error::Decode`] naming the first place that could not.
    pub fn json<T: Shaped, E>(self) -> Result<ApiResponse<T>, Error<E>> {
        self.decode_json::<T>().map_err(Error::widen)
    }

    /// [`json`](Self::json) for every operation whose success body is a `T`: the decoding is
    /// compiled once per body type, not once per operation's error type.
    fn decode_json<T: Shaped>(self) -> Result<ApiResponse<T>, Error> {
        match decode::decode::<T>(&self.inner.body, self.inner.decode.decoding) {
            Ok(decoded) => Ok(self.typed(decoded, false)),
            Err(failure) => Err(self.decode_error::<T>(failure)),
        }
    }

    /// The typed response of `decoded`, its deviations logged; with `unusable`, the body as it
    /// arrived is kept beside the stand-in.
    fn typed<T>(self, decoded: Decoded<T>, unusable: bool) -> ApiResponse<T> {
        self.inner.decode.report(&decoded.deviations);
        self.respond(decoded.value, decoded.deviations, unusable)
    }

    /// The response with `body` for its bytes; with `unusable`, the bytes are kept beside it.
    fn respond<U>(self, body: U, deviations: Vec<Deviation>, unusable: bool) -> ApiResponse<U> {
        let Head {
            status,
            headers,
            unusable_body,
            request_id,
        } = self.into_head(unusable);
        ApiResponse {
            status,
            headers,
            body,
            deviations,
            unusable_body,
            request_id,
        }
    }

    /// What every typed response keeps of this one, whatever its body's type: taken apart once
    /// rather than in each [`respond`](Self::respond) of a body type.
    fn into_head(self, unusable: bool) -> Head {
        let RawParts {
            status,
            headers,
            body,
            request_id,
            ..
        } = *self.inner;
        Head {
            status,
            headers,
            unusable_body: unusable.then_some(body),
            request_id,
        }
    }

    fn decode_error<T>(self, failure: Failure) -> Error {
        Error::Decode {
            response: self,
            expected: crate::decode::public_type_name::<T>(),
            pointer: failure.pointer,
            source: failure.source,
        }
    }

    /// Decodes the JSON body as `T` and wraps it, for success enums with a variant per status.
    pub fn json_into<T: Shaped, U, E>(
        self,
        wrap: impl FnOnce(T) -> U,
    ) -> Result<ApiResponse<U>, Error<E>> {
        self.json::<T, E>().map(|response| response.map(wrap))
    }

    /// The body as text; a body that is not UTF-8 is an [`Error::Decode`].
    pub fn into_text<E>(self) -> Result<ApiResponse<String>, Error<E>> {
        match String::from_utf8(self.inner.body.to_vec()) {
            Ok(body) => Ok(self.respond(body, Vec::new(), false)),
            Err(error) => Err(Error::Decode {
                response: self,
                expected: "UTF-8 text",
                pointer: String::new(),
                source: serde::de::Error::custom(error),
            }),
        }
    }

    /// The body as bytes, as received.
    pub fn into_bytes(self) -> ApiResponse<Bytes> {
        let bytes = self.inner.body.clone();
        self.respond(bytes, Vec::new(), false)
    }

    /// The documented error whose variant `variant` holds this status's JSON body. The status
    /// alone chooses the variant: a body that cannot be used at all (empty, text, HTML, JSON of
    /// another shape) gives the variant a stand-in body, keeps the body as it arrived
    /// ([`ApiResponse::unusable_body`]) and reports it at the pointer `""`; strict decoding,
    /// which accepts no deviation, makes that an [`Error::Decode`].
    pub fn error_json<T: Shaped, E>(self, variant: fn(Box<ApiResponse<T>>) -> E) -> Error<E> {
        match self.error_body::<T>() {
            Ok(body) => Error::Api(variant(body)),
            Err(error) => error.widen(),
        }
    }

    /// [`error_json`](Self::error_json)'s body for every status and operation whose error body
    /// is a `T`: compiled once per body type, not once per documented status.
    fn error_body<T: Shaped>(self) -> Result<Box<ApiResponse<T>>, Error> {
        let decoding = self.inner.decode.decoding;
        let failure = match decode::decode::<T>(&self.inner.body, decoding) {
            Ok(decoded) => return Ok(Box::new(self.typed(decoded, false))),
            Err(failure) => failure,
        };
        if decoding == Decoding::Tolerant {
            if let Some(decoded) = decode::stand_in_body::<T>(&self.inner.body, &failure) {
                return Ok(Box::new(self.typed(decoded, true)));
            }
        }
        Err(self.decode_error::<T>(failure))
    }

    /// The documented error whose variant `variant` stands for a status without a body.
    pub fn error_empty<E>(self, variant: fn(Box<ApiResponse<()>>) -> E) -> Error<E> {
        Error::Api(variant(Box::new(self.empty())))
    }

    /// The response of a status documented without a body; any body sent is ignored.
    pub fn empty(self) -> ApiResponse<()> {
        self.respond((), Vec::new(), false)
    }

    /// The error for a status the operation does not document.
    pub fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus(self)
    }
}

/// A response without its body: see [`RawResponse::into_head`].
struct Head {
    status: StatusCode,
    headers: HeaderMap,
    unusable_body: Option<Bytes>,
    request_id: Option<String>,
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Written out, not escaped: this is what a test that unwraps the failed call shows.
        if let Some(report) = self.unmatched_report() {
            return write!(
                f,
                "RawResponse(no expectation of the test double matched the request:\n{report}\n)"
            );
        }
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

/// The id the server gave a request, from the response's headers alone (those `profile`
/// names): what a trace records as soon as a response's head arrives.
pub fn header_request_id<'a>(profile: &Profile, headers: &'a HeaderMap) -> Option<&'a str> {
    profile.request_id_headers.iter().find_map(|name| {
        headers
            .get(*name)
            .and_then(|value| value.to_str().ok())
            .map(str::trim)
            .filter(|id| !id.is_empty())
    })
}

/// The id the server gave a request: a request id header `profile` names, else, for an error
/// status, the field of the error body it names.
fn request_id_in(
    profile: &Profile,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Option<String> {
    if let Some(id) = header_request_id(profile, headers) {
        return Some(id.to_owned());
    }
    let field = profile.request_id_body_field?;
    if status.is_success() || body.is_empty() {
        return None;
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    serde::de::DeserializeSeed::deserialize(BodyRequestId(field), &mut deserializer)
        .ok()
        .flatten()
}

/// The string of an error body's field named `.0`, read without building the rest of the body:
/// any other field, and any body that is not a JSON object, is skipped over.
struct BodyRequestId(&'static str);

impl<'de> serde::de::DeserializeSeed<'de> for BodyRequestId {
    type Value = Option<String>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        struct Fields(&'static str);

        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = Option<String>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Option<String>, A::Error> {
                let mut found = None;
                while let Some(key) = map.next_key::<String>()? {
                    if found.is_none() && key == self.0 {
                        found = match map.next_value::<serde_json::Value>()? {
                            serde_json::Value::String(id) if !id.trim().is_empty() => {
                                Some(id.trim().to_owned())
                            }
                            _ => None,
                        };
                    } else {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
                Ok(found)
            }
        }

        deserializer.deserialize_map(Fields(self.0))
    }
}
