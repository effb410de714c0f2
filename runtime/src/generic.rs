//! A request to any path under the base URL, for an endpoint the spec lacks: sent through the
//! same path as every operation (credentials, rate limit, retries, hooks, redirects, the body
//! limit and the trace), its answer given back as bytes or decoded as the caller's own type.

use std::fmt;
use std::future::IntoFuture;
use std::time::Duration;

use bytes::Bytes;
use reqwest::Method;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::decode::path_pointer;
use crate::error::Error;
use crate::request::{CallOptions, Endpoint, OperationRequest, ResponseFuture};
use crate::response::{ApiResponse, RawResponse};
use crate::retry::RetryPolicy;

/// The operation id that hooks ([`HookContext::operation_id`](crate::HookContext::operation_id))
/// and traces (the `operation_id` field) see for a [`Client::request`].
pub const GENERIC_OPERATION_ID: &str = "Client::request";

impl Client {
    /// A request for an endpoint the spec lacks: `method` to `path` under the base URL (such as
    /// `"/v2025/identities"`; a missing leading `/` is added), written as it goes on the wire
    /// (a query may follow `?`; percent-encode a segment that holds `/` or `?` yourself).
    ///
    /// It is sent as every operation is: with the client's own credentials (the access token,
    /// client credentials or credential source), its rate limit, retries, hooks, redirects,
    /// body limit and a `sailpoint_request` trace span whose `operation_id` is
    /// [`GENERIC_OPERATION_ID`]. [`send`](GenericRequest::send) (or awaiting it) gives the body
    /// as bytes and [`send_json`](GenericRequest::send_json) decodes it as the caller's type;
    /// any 2XX status succeeds, and any other is [`Error::UnexpectedStatus`] with the response.
    ///
    /// ```no_run
    /// use client_runtime::reqwest::Method;
    ///
    /// # async fn example(client: client_runtime::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// // A GET decoded as the caller's own type (here any JSON).
    /// let identities = client
    ///     .request(Method::GET, "/v2025/identities")
    ///     .query("filters", r#"name sw "a""#)
    ///     .header("X-SailPoint-Experimental", "true")
    ///     .send_json::<Vec<client_runtime::serde_json::Value>>()
    ///     .await?;
    /// println!("{} identities (request {:?})", identities.len(), identities.request_id());
    ///
    /// // A PATCH with a JSON body of its own media type; the answer as bytes.
    /// let patched = client
    ///     .request(Method::PATCH, "/v2025/identities/2c91808a/attributes")
    ///     .header("Content-Type", "application/json-patch+json")
    ///     .json(&client_runtime::serde_json::json!([
    ///         { "op": "replace", "path": "/attributes/department", "value": "Sales" }
    ///     ]))
    ///     .await?;
    /// println!("HTTP {}: {} bytes", patched.status(), patched.body().len());
    /// # Ok(())
    /// # }
    /// ```
    pub fn request(&self, method: Method, path: impl Into<String>) -> GenericRequest {
        GenericRequest {
            client: self.clone(),
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
            call_options: CallOptions::default(),
        }
    }
}

/// A request made with [`Client::request`]: set its query, headers and body, then
/// [`send`](Self::send) it, [`send_json`](Self::send_json) it, or `.await` it.
#[derive(Clone)]
#[must_use = "a request does nothing until it is sent with `send()` or awaited"]
pub struct GenericRequest {
    client: Client,
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    body: Option<Body>,
    call_options: CallOptions,
}

/// A request body: bytes to send, JSON with its media type, or why the caller's value could
/// not be written as JSON (reported when the request is sent, as an operation's is).
#[derive(Clone)]
enum Body {
    Bytes(Bytes),
    Json(Vec<u8>),
    Unencodable(String),
}

impl GenericRequest {
    /// Adds the query pair `name=value`, both percent-encoded as a form does; add a name again
    /// for each value of a list.
    pub fn query(mut self, name: impl Into<String>, value: impl fmt::Display) -> Self {
        self.query.push((name.into(), value.to_string()));
        self
    }

    /// Sends a header with the request, in place of one of the same name the request would
    /// carry (such as `Content-Type: application/json-patch+json` for a JSON Patch body). A name
    /// or value HTTP cannot carry, or `Authorization` (the client's credentials set it), makes
    /// the call fail before anything is sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.call_options.header(name.into(), value.into());
        self
    }

    /// Sends `body` as JSON, with `Content-Type: application/json`. A value that cannot be
    /// written as JSON (a map with keys that are not strings) makes the call fail with
    /// [`Error::Encode`] before anything is sent.
    pub fn json<T: serde::Serialize + ?Sized>(mut self, body: &T) -> Self {
        self.body = Some(match serde_json::to_vec(body) {
            Ok(bytes) => Body::Json(bytes),
            Err(error) => Body::Unencodable(error.to_string()),
        });
        self
    }

    /// Sends `bytes` as the body, as they are; say what they are with
    /// [`header`](Self::header)`("Content-Type", ...)`.
    pub fn body(mut self, bytes: impl Into<Bytes>) -> Self {
        self.body = Some(Body::Bytes(bytes.into()));
        self
    }

    /// How long each attempt of this call may take, instead of the client's request timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.call_options.timeout(timeout);
        self
    }

    /// How this call is retried, instead of the client's [`RetryPolicy`].
    pub fn retry_policy(mut self, retry_policy: RetryPolicy) -> Self {
        self.call_options.retry_policy(retry_policy);
        self
    }

    /// Sends the request and gives the body as it came, with the status and headers, for any
    /// 2XX status; as awaiting the request does.
    pub fn send(self) -> ResponseFuture<Bytes, std::convert::Infallible> {
        Box::pin(async move {
            let (client, request) = self.into_request();
            let response = client.execute(request).await?;
            succeeded(response).map(RawResponse::into_bytes)
        })
    }

    /// Sends the request and decodes the JSON body of a 2XX response as `T` (any type that
    /// implements [`serde::Deserialize`], `serde_json::Value` among them). A body that does not
    /// decode is [`Error::Decode`], naming the first place that did not and keeping the
    /// response. A response without a body (204) decodes only as a type that reads `null`
    /// (such as `Option<_>`); [`send`](Self::send) suits it better.
    pub fn send_json<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> ResponseFuture<T, std::convert::Infallible> {
        Box::pin(async move {
            let (client, request) = self.into_request();
            let response = succeeded(client.execute(request).await?)?;
            let body: &[u8] = if response.body().is_empty() {
                b"null"
            } else {
                response.body()
            };
            match decode_json::<T>(body) {
                Ok(value) => Ok(response.into_bytes().map(|_| value)),
                Err((pointer, source)) => Err(Error::Decode {
                    response,
                    expected: std::any::type_name::<T>(),
                    pointer,
                    source,
                }),
            }
        })
    }

    /// The request as the one request path sends it.
    fn into_request(self) -> (Client, OperationRequest) {
        let endpoint = Endpoint::new(GENERIC_OPERATION_ID, self.method, "", "");
        let mut request = OperationRequest::new(endpoint, true);
        match literal_path(&self.path) {
            Ok(path) => request.literal_path(path),
            Err(problem) => request.invalid(problem),
        }
        for (name, value) in &self.query {
            request.query(name, value);
        }
        match self.body {
            Some(Body::Json(bytes)) => request.raw_body("application/json", bytes),
            Some(Body::Bytes(bytes)) => request.bytes_body(bytes),
            Some(Body::Unencodable(why)) => {
                request.unencodable(serde::ser::Error::custom(why));
            }
            None => {}
        }
        request.options(self.call_options);
        (self.client, request)
    }
}

impl IntoFuture for GenericRequest {
    type Output = Result<ApiResponse<Bytes>, Error>;
    type IntoFuture = ResponseFuture<Bytes, std::convert::Infallible>;

    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}

impl fmt::Debug for GenericRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Query values can be filters naming people, and a body anything: their names and
        // size say what the request is without showing them.
        let query: Vec<&str> = self.query.iter().map(|(name, _)| name.as_str()).collect();
        let body = match &self.body {
            Some(Body::Bytes(bytes)) => Some(bytes.len()),
            Some(Body::Json(bytes)) => Some(bytes.len()),
            Some(Body::Unencodable(_)) | None => None,
        };
        f.debug_struct("GenericRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &query)
            .field("body_bytes", &body)
            .field("call_options", &self.call_options)
            .finish_non_exhaustive()
    }
}

/// The path a [`Client::request`] goes to: with a leading `/`, so that whatever it holds stays
/// a path under the base URL (a bare `@host` would otherwise name another host), and without a
/// fragment or a control character, which the URL would drop or the request could not carry.
fn literal_path(path: &str) -> Result<String, String> {
    if path.contains('#') {
        return Err(format!(
            "the path {path:?} of `Client::request` has a fragment (`#...`), which is never sent"
        ));
    }
    if let Some(at) = path.find(|c: char| c.is_control()) {
        return Err(format!(
            "the path {path:?} of `Client::request` has a control character at byte {at}"
        ));
    }
    Ok(if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    })
}

/// The response of a 2XX status; any other is an unexpected status, since nothing documents it.
fn succeeded(response: RawResponse) -> Result<RawResponse, Error> {
    if response.status().is_success() {
        Ok(response)
    } else {
        Err(response.unexpected())
    }
}

/// Decodes `body` as `T` with serde, or says where it could not: the JSON pointer of the first
/// value that did not fit (`""` for the whole body), and why.
fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, (String, serde_json::Error)> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| (path_pointer(error.path()), error.into_inner()))?;
    deserializer.end().map_err(|error| (String::new(), error))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_always_stays_under_the_base_url_and_never_loses_a_part_silently() {
        assert_eq!(literal_path("/v3/sources"), Ok("/v3/sources".to_owned()));
        assert_eq!(literal_path("v3/sources"), Ok("/v3/sources".to_owned()));
        assert_eq!(
            literal_path("@evil.example/x"),
            Ok("/@evil.example/x".to_owned())
        );
        assert_eq!(literal_path("/v3/a?b=c"), Ok("/v3/a?b=c".to_owned()));
        assert!(literal_path("/v3/a#b").is_err());
        assert!(literal_path("/v3/a\nb").is_err());
    }

    #[test]
    fn a_body_that_does_not_decode_names_the_place() {
        #[derive(Debug, serde::Deserialize)]
        struct Item {
            #[allow(dead_code)]
            count: u32,
        }
        let Err((pointer, _)) = decode_json::<Vec<Item>>(br#"[{"count": 1}, {"count": "x"}]"#)
        else {
            panic!("a string is no count");
        };
        assert_eq!(pointer, "/1/count");
        let Err((pointer, _)) = decode_json::<Vec<Item>>(b"[] trailing") else {
            panic!("trailing characters are no JSON");
        };
        assert_eq!(pointer, "");
    }
}
