//! Building and sending one operation's request: path segments percent-encoded, query pairs
//! and headers as the spec says, the caller's per-call options, and the single place where
//! requests go out (with authentication, retries and a tracing span).

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE,
};
use reqwest::{Method, StatusCode};
use tracing::Instrument;

use crate::auth::FetchContext;
use crate::client::Client;
use crate::decode::{DecodeContext, Decoding};
use crate::error::Error;
use crate::hooks::HookContext;
use crate::limit::OverBudget;
use crate::response::{ApiResponse, RawResponse};
use crate::retry::{retry_after, RetryPolicy};
use crate::schemes::{Applied, Chosen, Requirements};

/// What awaiting a request builder directly gives: the same as its `send()`.
pub type ResponseFuture<T, E> =
    Pin<Box<dyn Future<Output = Result<ApiResponse<T>, Error<E>>> + Send>>;

/// One operation's request builder: how it becomes a request, and what each status of the
/// response means. Every builder implements it, and [`send`] sends any of them, so the code
/// that sends a call and awaits its response exists once rather than once per operation.
pub(crate) trait Operation: Send + 'static {
    /// The success body.
    type Success: Send + 'static;
    /// The operation's error enum.
    type Error: Send + 'static;

    /// The client to send with, and the request the builder's parameters make.
    fn into_request(self) -> (Client, OperationRequest);

    /// The typed result for the response's status.
    fn read_response(
        response: RawResponse,
    ) -> Result<ApiResponse<Self::Success>, Error<Self::Error>>;
}

/// Sends an operation's request and reads the response: a builder's `send()`.
pub(crate) fn send<O: Operation>(operation: O) -> ResponseFuture<O::Success, O::Error> {
    Box::pin(async move {
        let (client, request) = operation.into_request();
        let response = client.execute(request).await.map_err(Error::widen)?;
        O::read_response(response)
    })
}

/// What one call may change about how it is sent, set with the builder's `header`, `timeout`
/// and `retry_policy` methods. Each takes precedence over the client's setting for this call
/// only.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallOptions {
    /// Extra headers, checked when the call is sent.
    headers: Vec<(String, String)>,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    decoding: Option<Decoding>,
}

impl CallOptions {
    pub(crate) fn decoding(&mut self, decoding: Decoding) {
        self.decoding = Some(decoding);
    }

    pub(crate) fn header(&mut self, name: String, value: String) {
        self.headers.push((name, value));
    }

    pub(crate) fn timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    pub(crate) fn retry_policy(&mut self, retry: RetryPolicy) {
        self.retry = Some(retry);
    }
}

/// Everything but the characters RFC 3986 leaves unreserved is escaped in a path segment, so a
/// value containing `/`, `?`, `#` or `%` stays inside its segment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Cookie values escape what RFC 6265 does not allow in a cookie octet, and `%` itself.
const COOKIE_VALUE: &AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// One operation's request, assembled by its builder.
///
/// Problems with parameter values are remembered and reported by [`Client::execute`] before
/// anything is sent, so builders never panic and never send half a request.
#[derive(Debug)]
pub(crate) struct OperationRequest {
    operation_id: &'static str,
    method: Method,
    path_prefix: &'static str,
    path_template: &'static str,
    /// Each path parameter's percent-encoded value, by name, filled into the template when
    /// the request is sent.
    path_values: Vec<(&'static str, String)>,
    /// Query pairs, each name and value already percent-encoded.
    query: Vec<(String, String)>,
    headers: HeaderMap,
    cookies: Vec<String>,
    body: Option<Vec<u8>>,
    form: Option<FormBody>,
    authenticated: bool,
    /// The security requirements, when the operation names them; an authenticated operation
    /// without them sends the client's own credentials.
    security: Requirements,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    decoding: Option<Decoding>,
    problem: Option<Error>,
}

impl OperationRequest {
    /// A request for `operation_id`, sent to `path_prefix` followed by `path_template` with its
    /// slots filled, in order, by the values [`path_param`](Self::path_param) gives.
    pub(crate) fn new(
        operation_id: &'static str,
        method: Method,
        path_prefix: &'static str,
        path_template: &'static str,
        authenticated: bool,
    ) -> Self {
        OperationRequest {
            operation_id,
            method,
            path_prefix,
            path_template,
            path_values: Vec::new(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: None,
            form: None,
            authenticated,
            security: &[],
            timeout: None,
            retry: None,
            decoding: None,
            problem: None,
        }
    }

    /// The operation's security requirements, in the spec's order (see `schemes`).
    pub(crate) fn security(&mut self, requirements: Requirements) {
        self.security = requirements;
    }

    /// Applies the caller's options for this call, after everything the operation itself sets.
    /// An extra header replaces a header of the same name the operation would send; a name or
    /// value HTTP cannot carry, or `Authorization` (which belongs to the client's credentials),
    /// makes the call fail before anything is sent.
    pub(crate) fn options(&mut self, options: CallOptions) {
        let mut replaced = Vec::new();
        for (name, value) in options.headers {
            let Ok(header_name) = HeaderName::from_bytes(name.as_bytes()) else {
                self.fail(format!(
                    "extra header name {name:?} of `{}` is not a valid HTTP header name",
                    self.operation_id
                ));
                continue;
            };
            if header_name == AUTHORIZATION {
                self.fail(format!(
                    "`{}` cannot set `Authorization` as an extra header: the client's credentials set it",
                    self.operation_id
                ));
                continue;
            }
            let Ok(header_value) = HeaderValue::from_str(&value) else {
                self.fail(format!(
                    "extra header `{name}` of `{}` cannot carry {value:?}: header values must be visible ASCII",
                    self.operation_id
                ));
                continue;
            };
            // The first extra value of a name replaces what the operation set; later ones add to it.
            if !replaced.contains(&header_name) {
                self.headers.remove(&header_name);
                replaced.push(header_name.clone());
            }
            self.headers.append(header_name, header_value);
        }
        if options.timeout.is_some() {
            self.timeout = options.timeout;
        }
        if options.retry.is_some() {
            self.retry = options.retry;
        }
        if options.decoding.is_some() {
            self.decoding = options.decoding;
        }
    }

    /// Sets the path parameter `name`, which fills the template's next slot, as `style: simple`
    /// writes it: one percent-encoded segment.
    pub(crate) fn path_param<V: Param + ?Sized>(&mut self, name: &'static str, value: &V) {
        self.path_param_as(name, Style::simple(), value);
    }

    /// Sets the path parameter `name`, which fills the template's next slot, laid out as
    /// `style` says and percent-encoded so that it stays inside its segment.
    pub(crate) fn path_param_as<V: Param + ?Sized>(
        &mut self,
        name: &'static str,
        style: Style,
        value: &V,
    ) {
        let Some(tree) = self.tree(value) else {
            return;
        };
        match path_text(name, style, &tree) {
            // An empty value or a dot segment would address a different resource once URLs are
            // normalised, and no encoding is safe from that, so these are refused outright.
            Ok(Some(text)) if matches!(text.as_str(), "" | "." | "..") => self.fail(format!(
                "path parameter `{name}` of `{}` cannot be {text:?}: it would change which resource the path names",
                self.operation_id
            )),
            Ok(Some(text)) => self.path_values.push((name, text)),
            Ok(None) => self.parameter_problem("path parameter", name, "it has no value"),
            Err(why) => self.parameter_problem("path parameter", name, why),
        }
    }

    /// The path: the template with each `{...}` slot, in order, replaced by the encoded value
    /// of the path parameter set for it. Slots are filled by position, not by name: the
    /// generator settles which parameter fills a slot the spec names differently.
    fn path(&self) -> Result<String, Error> {
        let mut path = String::with_capacity(self.path_template.len() + 32);
        let mut values = self.path_values.iter();
        let mut rest = self.path_template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|close| open + close) else {
                break;
            };
            let (_, value) = values.next().ok_or_else(|| {
                Error::InvalidRequest(format!(
                    "path parameter `{}` of `{}` has no value",
                    &rest[open + 1..close],
                    self.operation_id
                ))
            })?;
            path.push_str(&rest[..open]);
            path.push_str(value);
            rest = &rest[close + 1..];
        }
        path.push_str(rest);
        Ok(path)
    }

    /// Adds the query parameter `name` as `style: form, explode: true` writes it; nothing when
    /// it has no value.
    pub(crate) fn query<V: Param + ?Sized>(&mut self, name: &'static str, value: &V) {
        self.query_as(name, Style::form().explode(), value);
    }

    /// Adds the query parameter `name`, laid out as `style` says; nothing when it has no value.
    pub(crate) fn query_as<V: Param + ?Sized>(
        &mut self,
        name: &'static str,
        style: Style,
        value: &V,
    ) {
        let Some(tree) = self.tree(value) else {
            return;
        };
        match query_pairs(name, style, &tree) {
            Ok(pairs) => self.query.extend(pairs),
            Err(why) => self.parameter_problem("query parameter", name, why),
        }
    }

    /// Sets the header parameter `name` as `style: simple` writes it; nothing when it has no
    /// value.
    pub(crate) fn header<V: Param + ?Sized>(&mut self, name: &'static str, value: &V) {
        self.header_as(name, Style::simple(), value);
    }

    /// Sets the header parameter `name`, laid out as `style` says; nothing when it has no value.
    pub(crate) fn header_as<V: Param + ?Sized>(
        &mut self,
        name: &'static str,
        style: Style,
        value: &V,
    ) {
        let Some(tree) = self.tree(value) else {
            return;
        };
        let text = match header_text(style, &tree) {
            Ok(Some(text)) => text,
            Ok(None) => return,
            Err(why) => return self.parameter_problem("header", name, why),
        };
        let Ok(header_name) = HeaderName::from_bytes(name.as_bytes()) else {
            self.fail(format!("`{name}` is not a valid header name"));
            return;
        };
        match HeaderValue::from_str(&text) {
            Ok(header_value) => {
                self.headers.append(header_name, header_value);
            }
            Err(_) => self.fail(format!(
                "header `{name}` cannot carry {text:?}: header values must be visible ASCII"
            )),
        }
    }

    /// Sets the cookie parameter `name` as `style: form, explode: true` writes it; nothing when
    /// it has no value.
    pub(crate) fn cookie<V: Param + ?Sized>(&mut self, name: &'static str, value: &V) {
        self.cookie_as(name, Style::form().explode(), value);
    }

    /// Adds the cookie parameter `name`, laid out as `style` says; nothing when it has no value.
    pub(crate) fn cookie_as<V: Param + ?Sized>(
        &mut self,
        name: &'static str,
        style: Style,
        value: &V,
    ) {
        let Some(tree) = self.tree(value) else {
            return;
        };
        match cookie_pairs(name, style, &tree) {
            Ok(pairs) => self.cookies.extend(
                pairs
                    .into_iter()
                    .map(|(name, value)| format!("{name}={value}")),
            ),
            Err(why) => self.parameter_problem("cookie", name, why),
        }
    }

    /// A parameter's value as the styles lay it out, or `None` (the problem remembered) when
    /// it cannot be encoded.
    fn tree<V: Param + ?Sized>(&mut self, value: &V) -> Option<ParamTree> {
        match value.tree() {
            Ok(tree) => Some(tree),
            Err(error) => {
                if self.problem.is_none() {
                    self.problem = Some(Error::Encode(error));
                }
                None
            }
        }
    }

    /// Remembers why a parameter's value cannot be written in its style.
    fn parameter_problem(&mut self, kind: &str, name: &str, why: &str) {
        self.fail(format!(
            "{kind} `{name}` of `{}` cannot be sent: {why}",
            self.operation_id
        ));
    }

    /// The media type the operation answers in.
    pub(crate) fn accept(&mut self, media_type: &'static str) {
        self.headers
            .insert(ACCEPT, HeaderValue::from_static(media_type));
    }

    /// Serialises `body` as JSON and sends it with the given `Content-Type`.
    pub(crate) fn json_body<T: serde::Serialize + ?Sized>(
        &mut self,
        content_type: &'static str,
        body: &T,
    ) {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.headers
                    .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
                self.body = Some(bytes);
            }
            Err(error) => {
                if self.problem.is_none() {
                    self.problem = Some(Error::Encode(error));
                }
            }
        }
    }

    /// Sends `bytes` as they are with the given `Content-Type` (text, files, archives).
    pub(crate) fn raw_body(&mut self, content_type: &'static str, bytes: Vec<u8>) {
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        self.body = Some(bytes);
    }

    /// Starts a `multipart/form-data` body; `form_*` add its parts.
    pub(crate) fn multipart_body(&mut self) {
        self.form = Some(FormBody {
            multipart: true,
            fields: Vec::new(),
        });
    }

    /// Starts an `application/x-www-form-urlencoded` body; `form_text` adds its fields.
    pub(crate) fn urlencoded_body(&mut self) {
        self.form = Some(FormBody {
            multipart: false,
            fields: Vec::new(),
        });
    }

    /// Adds a text field to the form body.
    pub(crate) fn form_text(&mut self, name: &str, value: String) {
        self.form_field(name, FormValue::Text(value));
    }

    /// Adds a file part to the form body.
    pub(crate) fn form_file(&mut self, name: &str, file: &FilePart) {
        self.form_field(name, FormValue::File(file.clone()));
    }

    /// Adds a part holding `value` as JSON to the form body.
    pub(crate) fn form_json<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match serde_json::to_vec(value) {
            Ok(bytes) => self.form_field(name, FormValue::Json(bytes)),
            Err(error) => {
                if self.problem.is_none() {
                    self.problem = Some(Error::Encode(error));
                }
            }
        }
    }

    fn form_field(&mut self, name: &str, value: FormValue) {
        if let Some(form) = &mut self.form {
            form.fields.push((name.to_owned(), value));
        }
    }

    fn fail(&mut self, message: String) {
        if self.problem.is_none() {
            self.problem = Some(Error::InvalidRequest(message));
        }
    }
}

/// How a scalar parameter value is written as text: strings as they are, numbers and booleans
/// as Rust prints them, dates and date-times in RFC 3339, enums as their value on the wire.
pub(crate) trait ParamValue {
    fn to_param(&self) -> String;
}

impl ParamValue for String {
    fn to_param(&self) -> String {
        self.clone()
    }
}

impl ParamValue for str {
    fn to_param(&self) -> String {
        self.to_owned()
    }
}

macro_rules! display_param_value {
    ($($ty:ty),*) => {
        $(impl ParamValue for $ty {
            fn to_param(&self) -> String {
                self.to_string()
            }
        })*
    };
}

display_param_value!(bool, i32, i64, f32, f64, chrono::NaiveDate);

impl ParamValue for chrono::DateTime<chrono::Utc> {
    fn to_param(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

/// A parameter's value as the OpenAPI styles see it: text, a list, or an object's properties in
/// order. What has no value (an unset `Option`, a `null`) is `Absent` and is left out.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ParamTree {
    Absent,
    Text(String),
    List(Vec<ParamTree>),
    Object(Vec<(String, ParamTree)>),
}

/// Anything a parameter can carry: scalars (through [`ParamValue`]), lists and options of them,
/// and, through [`Serialized`] and [`AsJson`], any value serde can write.
pub(crate) trait Param {
    fn tree(&self) -> Result<ParamTree, serde_json::Error>;
}

impl<T: ParamValue + ?Sized> Param for T {
    fn tree(&self) -> Result<ParamTree, serde_json::Error> {
        Ok(ParamTree::Text(self.to_param()))
    }
}

impl<T: Param> Param for Vec<T> {
    fn tree(&self) -> Result<ParamTree, serde_json::Error> {
        self.iter()
            .map(Param::tree)
            .collect::<Result<_, _>>()
            .map(ParamTree::List)
    }
}

impl<T: Param> Param for Option<T> {
    fn tree(&self) -> Result<ParamTree, serde_json::Error> {
        match self {
            Some(value) => value.tree(),
            None => Ok(ParamTree::Absent),
        }
    }
}

/// A value written as its serde form: objects (models and maps) as their properties, `oneOf`
/// enums as the alternative they hold, lists as lists, and numbers, booleans and strings as text.
pub(crate) struct Serialized<'a, T: ?Sized>(pub(crate) &'a T);

impl<T: serde::Serialize + ?Sized> Param for Serialized<'_, T> {
    fn tree(&self) -> Result<ParamTree, serde_json::Error> {
        self.0.serialize(TreeSerializer)
    }
}

/// A value written as one piece of JSON text (a parameter described by `content` with a JSON
/// media type).
pub(crate) struct AsJson<'a, T: ?Sized>(pub(crate) &'a T);

impl<T: serde::Serialize + ?Sized> Param for AsJson<'_, T> {
    fn tree(&self) -> Result<ParamTree, serde_json::Error> {
        // Written straight from the value, so a model's properties keep their order.
        let text = serde_json::to_string(self.0)?;
        Ok(if text == "null" {
            ParamTree::Absent
        } else {
            ParamTree::Text(text)
        })
    }
}

/// Writes a serde value as a [`ParamTree`], objects' properties in the order serde gives them
/// (a model's in its declaration order). Enums other than strings are written as serde writes
/// them externally tagged: `{"Variant": value}`.
struct TreeSerializer;

/// Collects the items of a list, or the properties of an object, as serde hands them over.
struct TreeCollector {
    /// For an enum variant holding a list or an object: the variant's name, its one property.
    variant: Option<&'static str>,
    items: Vec<ParamTree>,
    properties: Vec<(String, ParamTree)>,
    key: Option<String>,
    object: bool,
}

impl TreeCollector {
    fn new(variant: Option<&'static str>, object: bool) -> Self {
        TreeCollector {
            variant,
            items: Vec::new(),
            properties: Vec::new(),
            key: None,
            object,
        }
    }

    fn finish(self) -> ParamTree {
        let tree = if self.object {
            ParamTree::Object(self.properties)
        } else {
            ParamTree::List(self.items)
        };
        match self.variant {
            Some(variant) => ParamTree::Object(vec![(variant.to_owned(), tree)]),
            None => tree,
        }
    }
}

fn text_tree(text: impl ToString) -> Result<ParamTree, serde_json::Error> {
    Ok(ParamTree::Text(text.to_string()))
}

impl serde::Serializer for TreeSerializer {
    type Ok = ParamTree;
    type Error = serde_json::Error;
    type SerializeSeq = TreeCollector;
    type SerializeTuple = TreeCollector;
    type SerializeTupleStruct = TreeCollector;
    type SerializeTupleVariant = TreeCollector;
    type SerializeMap = TreeCollector;
    type SerializeStruct = TreeCollector;
    type SerializeStructVariant = TreeCollector;

    fn serialize_bool(self, v: bool) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_i8(self, v: i8) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_i16(self, v: i16) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_i32(self, v: i32) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_i64(self, v: i64) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_i128(self, v: i128) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_u8(self, v: u8) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_u16(self, v: u16) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_u32(self, v: u32) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_u64(self, v: u64) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_u128(self, v: u128) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    /// As [`ParamValue`] writes a float: `1`, not `1.0`.
    fn serialize_f32(self, v: f32) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_f64(self, v: f64) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_char(self, v: char) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_str(self, v: &str) -> Result<ParamTree, Self::Error> {
        text_tree(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<ParamTree, Self::Error> {
        Err(serde::ser::Error::custom(
            "bytes cannot be written as a parameter",
        ))
    }
    fn serialize_none(self) -> Result<ParamTree, Self::Error> {
        Ok(ParamTree::Absent)
    }
    fn serialize_some<T: serde::Serialize + ?Sized>(
        self,
        value: &T,
    ) -> Result<ParamTree, Self::Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<ParamTree, Self::Error> {
        Ok(ParamTree::Absent)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<ParamTree, Self::Error> {
        Ok(ParamTree::Absent)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<ParamTree, Self::Error> {
        text_tree(variant)
    }
    fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<ParamTree, Self::Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<ParamTree, Self::Error> {
        Ok(ParamTree::Object(vec![(
            variant.to_owned(),
            value.serialize(self)?,
        )]))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<TreeCollector, Self::Error> {
        Ok(TreeCollector::new(None, false))
    }
    fn serialize_tuple(self, _: usize) -> Result<TreeCollector, Self::Error> {
        Ok(TreeCollector::new(None, false))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<TreeCollector, Self::Error> {
        Ok(TreeCollector::new(None, false))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<TreeCollector, Self::Error> {
        Ok(TreeCollector::new(Some(variant), false))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<TreeCollector, Self::Error> {
        Ok(TreeCollector::new(None, true))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<TreeCollector, Self::Error> {
        Ok(TreeCollector::new(None, true))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<TreeCollector, Self::Error> {
        Ok(TreeCollector::new(Some(variant), true))
    }
}

impl TreeCollector {
    fn item<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), serde_json::Error> {
        self.items.push(value.serialize(TreeSerializer)?);
        Ok(())
    }

    fn property<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        let value = value.serialize(TreeSerializer)?;
        self.properties.push((name.to_owned(), value));
        Ok(())
    }
}

impl serde::ser::SerializeSeq for TreeCollector {
    type Ok = ParamTree;
    type Error = serde_json::Error;
    fn serialize_element<T: serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), Self::Error> {
        self.item(value)
    }
    fn end(self) -> Result<ParamTree, Self::Error> {
        Ok(self.finish())
    }
}

impl serde::ser::SerializeTuple for TreeCollector {
    type Ok = ParamTree;
    type Error = serde_json::Error;
    fn serialize_element<T: serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), Self::Error> {
        self.item(value)
    }
    fn end(self) -> Result<ParamTree, Self::Error> {
        Ok(self.finish())
    }
}

impl serde::ser::SerializeTupleStruct for TreeCollector {
    type Ok = ParamTree;
    type Error = serde_json::Error;
    fn serialize_field<T: serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), Self::Error> {
        self.item(value)
    }
    fn end(self) -> Result<ParamTree, Self::Error> {
        Ok(self.finish())
    }
}

impl serde::ser::SerializeTupleVariant for TreeCollector {
    type Ok = ParamTree;
    type Error = serde_json::Error;
    fn serialize_field<T: serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), Self::Error> {
        self.item(value)
    }
    fn end(self) -> Result<ParamTree, Self::Error> {
        Ok(self.finish())
    }
}

impl serde::ser::SerializeMap for TreeCollector {
    type Ok = ParamTree;
    type Error = serde_json::Error;
    fn serialize_key<T: serde::Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Self::Error> {
        match key.serialize(TreeSerializer)? {
            ParamTree::Text(key) => {
                self.key = Some(key);
                Ok(())
            }
            _ => Err(serde::ser::Error::custom(
                "a map key of a parameter must be text",
            )),
        }
    }
    fn serialize_value<T: serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), Self::Error> {
        let key = self.key.take().unwrap_or_default();
        self.property(&key, value)
    }
    fn end(self) -> Result<ParamTree, Self::Error> {
        Ok(self.finish())
    }
}

impl serde::ser::SerializeStruct for TreeCollector {
    type Ok = ParamTree;
    type Error = serde_json::Error;
    fn serialize_field<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        self.property(name, value)
    }
    fn end(self) -> Result<ParamTree, Self::Error> {
        Ok(self.finish())
    }
}

impl serde::ser::SerializeStructVariant for TreeCollector {
    type Ok = ParamTree;
    type Error = serde_json::Error;
    fn serialize_field<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        self.property(name, value)
    }
    fn end(self) -> Result<ParamTree, Self::Error> {
        Ok(self.finish())
    }
}

/// How a parameter is laid out: the spec's `style`, `explode` and `allowReserved`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Style {
    kind: StyleKind,
    explode: bool,
    allow_reserved: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StyleKind {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    Simple,
    Label,
    Matrix,
}

impl Style {
    const fn of(kind: StyleKind) -> Style {
        Style {
            kind,
            explode: false,
            allow_reserved: false,
        }
    }

    /// `style: form` (query and cookie parameters).
    pub(crate) const fn form() -> Style {
        Style::of(StyleKind::Form)
    }

    /// `style: spaceDelimited` (query).
    pub(crate) const fn space_delimited() -> Style {
        Style::of(StyleKind::SpaceDelimited)
    }

    /// `style: pipeDelimited` (query).
    pub(crate) const fn pipe_delimited() -> Style {
        Style::of(StyleKind::PipeDelimited)
    }

    /// `style: deepObject` (query), which is always exploded.
    pub(crate) const fn deep_object() -> Style {
        Style::of(StyleKind::DeepObject).explode()
    }

    /// `style: simple` (path and header parameters).
    pub(crate) const fn simple() -> Style {
        Style::of(StyleKind::Simple)
    }

    /// `style: label` (path).
    pub(crate) const fn label() -> Style {
        Style::of(StyleKind::Label)
    }

    /// `style: matrix` (path).
    pub(crate) const fn matrix() -> Style {
        Style::of(StyleKind::Matrix)
    }

    /// `explode: true`.
    pub(crate) const fn explode(self) -> Style {
        Style {
            explode: true,
            ..self
        }
    }

    /// `allowReserved: true` (query): the characters RFC 3986 reserves, and percent-encoded
    /// triples, go out as they are.
    pub(crate) const fn allow_reserved(self) -> Style {
        Style {
            allow_reserved: true,
            ..self
        }
    }
}

/// Why a value has no layout in its style.
const NESTED: &str = "its style has no way to write a list or an object inside a list or an object";

/// A value one level deep, as every style but `deepObject` writes it.
enum Flat {
    Absent,
    Text(String),
    List(Vec<String>),
    Object(Vec<(String, String)>),
}

fn flat(tree: &ParamTree) -> Result<Flat, &'static str> {
    let text = |tree: &ParamTree| match tree {
        ParamTree::Text(text) => Ok(Some(text.clone())),
        ParamTree::Absent => Ok(None),
        ParamTree::List(_) | ParamTree::Object(_) => Err(NESTED),
    };
    Ok(match tree {
        ParamTree::Absent => Flat::Absent,
        ParamTree::Text(value) => Flat::Text(value.clone()),
        ParamTree::List(items) => {
            let mut texts = Vec::with_capacity(items.len());
            for item in items {
                texts.extend(text(item)?);
            }
            Flat::List(texts)
        }
        ParamTree::Object(properties) => {
            let mut pairs = Vec::with_capacity(properties.len());
            for (name, value) in properties {
                if let Some(value) = text(value)? {
                    pairs.push((name.clone(), value));
                }
            }
            Flat::Object(pairs)
        }
    })
}

/// An object's properties as one list of names and values, each encoded: `R,100,G,200`.
fn alternating(pairs: &[(String, String)], encode: impl Fn(&str) -> String) -> Vec<String> {
    pairs
        .iter()
        .flat_map(|(name, value)| [encode(name), encode(value)])
        .collect()
}

/// An object's properties as `name=value` texts, each side encoded: `R=100`.
fn assigned(pairs: &[(String, String)], encode: impl Fn(&str) -> String) -> Vec<String> {
    pairs
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect()
}

/// Query components are written as HTML forms write them (what servers decode a query with):
/// letters, digits and `*-._` as they are, a space as `+`, every other byte percent-encoded.
/// With `allowReserved`, RFC 3986's reserved characters that mean nothing to a form
/// (`!$()*,/:;=?@`) and percent-encoded triples go out as they are; `&`, `+`, `#`, `[`, `]`,
/// and `'` (which URL parsers re-encode) are still encoded.
fn query_component(text: &str, allow_reserved: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let triple = allow_reserved
            && byte == b'%'
            && bytes.get(index + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(index + 2).is_some_and(u8::is_ascii_hexdigit);
        if triple {
            out.push('%');
        } else if byte.is_ascii_alphanumeric()
            || matches!(byte, b'*' | b'-' | b'.' | b'_')
            || (allow_reserved && b"!$(),/:;=?@".contains(&byte))
        {
            out.push(char::from(byte));
        } else if byte == b' ' {
            out.push('+');
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
        index += 1;
    }
    out
}

/// The query pairs parameter `name` makes in `style`, names and values percent-encoded; none
/// when it has no value. The layouts are those of the OpenAPI style tables (3.0.4 and 3.1.1):
///
/// - `form`: `color=blue`; a list `color=blue,black` or, exploded, `color=blue&color=black`;
///   an object `color=R,100,G,200` or, exploded, `R=100&G=200`. An empty list or object is
///   `color=`, or nothing when exploded.
/// - `spaceDelimited` and `pipeDelimited`: a list `color=blue%20black` and `color=blue%7Cblack`,
///   an object `color=R%20100%20G%20200`. The spec defines neither for a single value, sent as
///   `color=blue`, nor exploded, sent as `form` exploded is.
/// - `deepObject`: `color%5BR%5D=100&color%5BG%5D=200` (`color[R]=100&color[G]=200`). The spec
///   defines one level of object only; deeper objects nest further (`color[a][b]=1`), lists are
///   indexed from 0 (`color[0]=blue`, `color[a][0]=1`), and a single value is `color=blue`.
pub(crate) fn query_pairs(
    name: &str,
    style: Style,
    tree: &ParamTree,
) -> Result<Vec<(String, String)>, &'static str> {
    let encode = |text: &str| query_component(text, style.allow_reserved);
    let key = encode(name);
    if style.kind == StyleKind::DeepObject {
        let mut pairs = Vec::new();
        deep_pairs(&key, tree, &encode, &mut pairs);
        return Ok(pairs);
    }
    let delimiter = match style.kind {
        StyleKind::SpaceDelimited if !style.explode => "%20",
        StyleKind::PipeDelimited if !style.explode => "%7C",
        _ => ",",
    };
    Ok(match flat(tree)? {
        Flat::Absent => Vec::new(),
        Flat::Text(value) => vec![(key, encode(&value))],
        Flat::List(items) if style.explode => items
            .iter()
            .map(|item| (key.clone(), encode(item)))
            .collect(),
        Flat::List(items) => vec![(
            key,
            items
                .iter()
                .map(|item| encode(item))
                .collect::<Vec<_>>()
                .join(delimiter),
        )],
        Flat::Object(properties) if style.explode => properties
            .iter()
            .map(|(name, value)| (encode(name), encode(value)))
            .collect(),
        Flat::Object(properties) => vec![(key, alternating(&properties, encode).join(delimiter))],
    })
}

/// The name of query parameter `name` as its pairs carry it, percent-encoded.
pub(crate) fn query_name(name: &str, style: Style) -> String {
    query_component(name, style.allow_reserved)
}

fn deep_pairs(
    key: &str,
    tree: &ParamTree,
    encode: &impl Fn(&str) -> String,
    pairs: &mut Vec<(String, String)>,
) {
    match tree {
        ParamTree::Absent => {}
        ParamTree::Text(value) => pairs.push((key.to_owned(), encode(value))),
        ParamTree::List(items) => {
            for (index, item) in items
                .iter()
                .filter(|item| **item != ParamTree::Absent)
                .enumerate()
            {
                deep_pairs(&format!("{key}%5B{index}%5D"), item, encode, pairs);
            }
        }
        ParamTree::Object(properties) => {
            for (name, value) in properties {
                deep_pairs(
                    &format!("{key}%5B{}%5D", encode(name)),
                    value,
                    encode,
                    pairs,
                );
            }
        }
    }
}

fn path_component(text: &str) -> String {
    utf8_percent_encode(text, PATH_SEGMENT).to_string()
}

/// The text path parameter `name` fills its slot with in `style`, percent-encoded (every byte
/// but RFC 3986's unreserved characters, so a value's `/`, `,`, `;` or `.` cannot be taken for
/// a delimiter); `None` when it has no value. As the OpenAPI style tables (3.0.4, 3.1.1) say:
///
/// - `simple`: `blue`; a list `blue,black`; an object `R,100,G,200` or, exploded, `R=100,G=200`.
/// - `label`: `.blue`; a list `.blue,black` or, exploded, `.blue.black`; an object
///   `.R,100,G,200` or, exploded, `.R=100.G=200`; an empty list `.`.
/// - `matrix`: `;color=blue` (`;color` when empty); a list `;color=blue,black` or, exploded,
///   `;color=blue;color=black`; an object `;color=R,100,G,200` or, exploded, `;R=100;G=200`.
pub(crate) fn path_text(
    name: &str,
    style: Style,
    tree: &ParamTree,
) -> Result<Option<String>, &'static str> {
    let value = flat(tree)?;
    let encode = path_component;
    Ok(Some(match style.kind {
        StyleKind::Label => {
            let joint = if style.explode { "." } else { "," };
            let body = match value {
                Flat::Absent => return Ok(None),
                Flat::Text(text) => encode(&text),
                Flat::List(items) => join_encoded(&items, encode, joint),
                Flat::Object(pairs) if style.explode => assigned(&pairs, encode).join("."),
                Flat::Object(pairs) => alternating(&pairs, encode).join(","),
            };
            format!(".{body}")
        }
        StyleKind::Matrix => {
            let key = encode(name);
            let assign = |text: String| {
                if text.is_empty() {
                    format!(";{key}")
                } else {
                    format!(";{key}={text}")
                }
            };
            match value {
                Flat::Absent => return Ok(None),
                Flat::Text(text) => assign(encode(&text)),
                Flat::List(items) if style.explode && !items.is_empty() => {
                    items.iter().map(|item| assign(encode(item))).collect()
                }
                Flat::List(items) => assign(join_encoded(&items, encode, ",")),
                Flat::Object(pairs) if style.explode && !pairs.is_empty() => {
                    assigned(&pairs, encode)
                        .iter()
                        .map(|pair| format!(";{pair}"))
                        .collect()
                }
                Flat::Object(pairs) => assign(alternating(&pairs, encode).join(",")),
            }
        }
        _ => match simple_text(value, style.explode, encode) {
            Some(text) => text,
            None => return Ok(None),
        },
    }))
}

fn join_encoded(items: &[String], encode: impl Fn(&str) -> String, joint: &str) -> String {
    items
        .iter()
        .map(|item| encode(item))
        .collect::<Vec<_>>()
        .join(joint)
}

fn simple_text(value: Flat, explode: bool, encode: impl Fn(&str) -> String) -> Option<String> {
    Some(match value {
        Flat::Absent => return None,
        Flat::Text(text) => encode(&text),
        Flat::List(items) => join_encoded(&items, encode, ","),
        Flat::Object(pairs) if explode => assigned(&pairs, encode).join(","),
        Flat::Object(pairs) => alternating(&pairs, encode).join(","),
    })
}

/// The value of a header parameter (`style: simple`): `blue`, `blue,black`, `R,100,G,200` or,
/// exploded, `R=100,G=200`; written as it is (the header must be visible ASCII); `None` when it
/// has no value.
pub(crate) fn header_text(style: Style, tree: &ParamTree) -> Result<Option<String>, &'static str> {
    Ok(simple_text(flat(tree)?, style.explode, str::to_owned))
}

fn cookie_component(text: &str) -> String {
    utf8_percent_encode(text, COOKIE_VALUE).to_string()
}

/// The cookies parameter `name` makes (`style: form`), values percent-encoded where RFC 6265
/// does not allow a byte: `color=blue`; a list `color=blue,black` or, exploded, one cookie per
/// item (`color=blue; color=black`); an object `color=R,100,G,200` or, exploded, one cookie per
/// property (`R=100; G=200`). None when it has no value.
pub(crate) fn cookie_pairs(
    name: &str,
    style: Style,
    tree: &ParamTree,
) -> Result<Vec<(String, String)>, &'static str> {
    let encode = cookie_component;
    Ok(match flat(tree)? {
        Flat::Absent => Vec::new(),
        Flat::Text(text) => vec![(name.to_owned(), encode(&text))],
        Flat::List(items) if style.explode => items
            .iter()
            .map(|item| (name.to_owned(), encode(item)))
            .collect(),
        Flat::List(items) => vec![(name.to_owned(), join_encoded(&items, encode, ","))],
        Flat::Object(pairs) if style.explode => pairs
            .iter()
            .map(|(property, value)| (encode(property).replace('=', "%3D"), encode(value)))
            .collect(),
        Flat::Object(pairs) => vec![(name.to_owned(), alternating(&pairs, encode).join(","))],
    })
}

impl Client {
    /// Sends a request and reads the whole response, retrying as the client's [`RetryPolicy`](crate::RetryPolicy)
    /// allows and replaying once with a fresh token after a 401. Any final status comes back as
    /// `Ok`; the operation decides what each status means.
    pub(crate) async fn execute(&self, request: OperationRequest) -> Result<RawResponse, Error> {
        if let Some(problem) = request.problem {
            return Err(problem);
        }
        let decode = DecodeContext {
            operation_id: request.operation_id,
            decoding: request.decoding.unwrap_or(self.decoding()),
            log: Some(self.deviation_log()),
        };
        // Field names follow OpenTelemetry's HTTP client conventions, so exporters and
        // dashboards read them without mapping; `url.template` is the spec's path.
        let span = tracing::info_span!(
            "sailpoint_request",
            otel.kind = "client",
            operation_id = request.operation_id,
            http.request.method = %request.method,
            url.template = request.path_template,
            url.path = tracing::field::Empty,
            server.address = tracing::field::Empty,
            server.port = tracing::field::Empty,
            http.response.status_code = tracing::field::Empty,
            http.request.resend_count = tracing::field::Empty,
            error.type = tracing::field::Empty,
            rate_limit_wait_ms = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let outcome = self
            .send_with_retries(request, started)
            .instrument(span.clone())
            .await;
        span.record("elapsed_ms", started.elapsed().as_millis());
        match &outcome {
            Ok(response) => {
                span.record("http.response.status_code", response.status().as_u16());
            }
            Err(error) => {
                span.record("error.type", error_type(error));
            }
        }
        outcome.map(|response| response.with_decoding(decode))
    }

    async fn send_with_retries(
        &self,
        request: OperationRequest,
        started: Instant,
    ) -> Result<RawResponse, Error> {
        let address = format!(
            "{}{}{}",
            self.base_url(),
            request.path_prefix,
            request.path()?
        );
        let mut url = reqwest::Url::parse(&address).map_err(|error| {
            Error::InvalidRequest(format!("`{address}` is not a valid URL: {error}"))
        })?;
        if !request.query.is_empty() {
            let mut query = url.query().unwrap_or_default().to_owned();
            for (name, value) in &request.query {
                if !query.is_empty() {
                    query.push('&');
                }
                query.push_str(name);
                query.push('=');
                query.push_str(value);
            }
            url.set_query(Some(&query));
        }
        let span = tracing::Span::current();
        span.record("url.path", url.path());
        if let Some(host) = url.host_str() {
            span.record("server.address", host);
        }
        if let Some(port) = url.port_or_known_default() {
            span.record("server.port", port);
        }
        let mut headers = request.headers;
        if !request.cookies.is_empty() {
            let cookies = HeaderValue::from_str(&request.cookies.join("; ")).map_err(|_| {
                Error::InvalidRequest(
                    "cookie parameters contain characters a header cannot carry".into(),
                )
            })?;
            headers.insert(COOKIE, cookies);
        }
        // Credentials belong to the base URL's origin; a request that would leave it (a path
        // the spec writes without its leading `/`) goes without them.
        let chosen = if self.is_own_origin(&url) {
            self.choose(request.authenticated, request.security)
        } else {
            if request.authenticated {
                tracing::warn!(
                    "the request is not for the base URL's origin, so it carries no credentials"
                );
            }
            Chosen::Anonymous
        };
        let body = request.body.map(Bytes::from);
        let policy = request.retry.as_ref().unwrap_or(self.retry_policy());
        let fetch = FetchContext {
            http: self.http(),
            policy,
            started,
            max_body: self.max_response_body_size(),
            hooks: self.hooks(),
        };
        let mut attempt: u32 = 0;
        let mut sent: u32 = 0;
        let mut paced = Duration::ZERO;
        let mut replayed_after_401 = false;
        // What the attempt before a retry or replay ended with: the call's answer if the rate
        // limit leaves no time for the next one.
        let mut previous: Option<Result<RawResponse, AttemptFailure>> = None;
        loop {
            attempt += 1;
            let applied = self
                .credentials(chosen, &fetch)
                .await
                .map_err(Error::Auth)?;
            let authorization = applied.authorization.clone();
            let deadline = started + policy.budget();
            match self
                .limiter()
                .book(authorization.as_ref(), Instant::now(), deadline)
            {
                Ok(wait) if wait.is_zero() => {}
                Ok(wait) => {
                    paced += wait;
                    span.record("rate_limit_wait_ms", paced.as_millis());
                    tracing::debug!(
                        wait_ms = wait.as_millis(),
                        "waiting for the client's rate limit"
                    );
                    tokio::time::sleep(wait).await;
                }
                Err(OverBudget { wait }) => {
                    if let Some(previous) = previous {
                        return previous.map_err(AttemptFailure::into_error);
                    }
                    return Err(Error::RateLimited {
                        wait,
                        budget: policy.budget(),
                        limit: self.limiter().limit(),
                    });
                }
            }
            let mut attempt_headers = headers.clone();
            if let Some(authorization) = &authorization {
                attempt_headers.insert(AUTHORIZATION, authorization.clone());
            }
            let attempt_url = with_credentials(&url, &mut attempt_headers, &applied)?;
            let mut builder = self
                .http()
                .request(request.method.clone(), attempt_url)
                .headers(attempt_headers);
            if let Some(timeout) = request.timeout {
                builder = builder.timeout(timeout);
            }
            if let Some(body) = &body {
                builder = builder.body(body.clone());
            }
            if let Some(form) = &request.form {
                builder = form.attach(builder)?;
            }
            if sent > 0 {
                span.record("http.request.resend_count", sent);
            }
            sent += 1;
            let context = HookContext::new(Some(request.operation_id), attempt);
            let failure = match self.attempt(builder, &context, &applied).await {
                Ok(response) => {
                    let status = response.status();
                    if status == StatusCode::UNAUTHORIZED
                        && !replayed_after_401
                        && applied.can_be_rejected()
                    {
                        // A credential source gets what is left of the budget to answer.
                        let left = policy.budget().saturating_sub(started.elapsed());
                        let reject = self.reject(&applied);
                        if tokio::time::timeout(left, reject).await.unwrap_or(false) {
                            // A token revoked or expired early: one replay with a fresh one,
                            // which is not a retry and does not use up an attempt.
                            replayed_after_401 = true;
                            attempt -= 1;
                            tracing::debug!(
                                "the API rejected the access token; replaying with a new one"
                            );
                            previous = Some(Ok(response));
                            continue;
                        }
                    }
                    if attempt < policy.attempts() && policy.retries_status(&request.method, status)
                    {
                        let wait = retry_after(response.headers(), SystemTime::now())
                            .unwrap_or_else(|| policy.backoff(attempt));
                        if started.elapsed() + wait <= policy.budget() {
                            tracing::info!(
                                status = status.as_u16(),
                                wait_ms = wait.as_millis(),
                                "retrying"
                            );
                            tokio::time::sleep(wait).await;
                            previous = Some(Ok(response));
                            continue;
                        }
                    }
                    return Ok(response);
                }
                Err(failure) => failure,
            };
            let retried = match &failure {
                AttemptFailure::Http(error) => policy.retries_failure(&request.method, error),
                AttemptFailure::TooLarge { .. } => policy.may_repeat(&request.method),
            };
            if attempt < policy.attempts() && retried {
                let wait = policy.backoff(attempt);
                if started.elapsed() + wait <= policy.budget() {
                    tracing::info!(error = %failure, wait_ms = wait.as_millis(), "retrying");
                    tokio::time::sleep(wait).await;
                    previous = Some(Err(failure));
                    continue;
                }
            }
            return Err(failure.into_error());
        }
    }

    /// Sends one attempt through the caller's hooks and reads its body, up to the limit.
    async fn attempt(
        &self,
        builder: reqwest::RequestBuilder,
        context: &HookContext,
        applied: &Applied,
    ) -> Result<RawResponse, AttemptFailure> {
        // An API key in the query is part of the URL that reqwest's errors carry.
        let failed = |error: reqwest::Error| AttemptFailure::Http(applied.redact(error));
        let mut request = builder.build().map_err(failed)?;
        self.hooks().on_request(&mut request, context);
        let mut response = self.http().execute(request).await.map_err(failed)?;
        self.hooks().on_response(&response, context);
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let limit = self.max_response_body_size();
        match read_body(response, limit).await {
            Ok(body) => Ok(RawResponse::new(status, headers, body)),
            Err(BodyFailure::Http(error)) => Err(failed(error)),
            Err(BodyFailure::TooLarge { content_length }) => Err(AttemptFailure::TooLarge {
                status,
                limit,
                content_length,
            }),
        }
    }
}

/// The attempt's URL, with any API key of `applied` in its query, and its other credentials
/// added to `headers`: API keys in headers of their own and in cookies (after the operation's
/// cookie parameters).
fn with_credentials(
    url: &reqwest::Url,
    headers: &mut HeaderMap,
    applied: &Applied,
) -> Result<reqwest::Url, Error> {
    if applied.is_empty() {
        return Ok(url.clone());
    }
    for (name, value) in &applied.headers {
        headers.insert(name.clone(), value.clone());
    }
    if !applied.cookies.is_empty() {
        use secrecy::ExposeSecret as _;
        let mut cookies: Vec<String> = headers
            .get(COOKIE)
            .and_then(|value| value.to_str().ok())
            .map(|value| vec![value.to_owned()])
            .unwrap_or_default();
        for (name, key) in &applied.cookies {
            cookies.push(format!("{name}={}", key.expose_secret()));
        }
        let mut value = HeaderValue::from_str(&cookies.join("; ")).map_err(|_| {
            Error::InvalidRequest(
                "cookie parameters contain characters a header cannot carry".into(),
            )
        })?;
        value.set_sensitive(true);
        headers.insert(COOKIE, value);
    }
    let mut url = url.clone();
    if !applied.query.is_empty() {
        use secrecy::ExposeSecret as _;
        url.query_pairs_mut().extend_pairs(
            applied
                .query
                .iter()
                .map(|(name, key)| (*name, key.expose_secret())),
        );
    }
    Ok(url)
}

/// Why an attempt got no complete response: both kinds are failures of the transport, retried
/// by the same rules.
enum AttemptFailure {
    Http(reqwest::Error),
    TooLarge {
        status: StatusCode,
        limit: u64,
        content_length: Option<u64>,
    },
}

impl AttemptFailure {
    fn into_error(self) -> Error {
        match self {
            AttemptFailure::Http(error) => Error::from_transport(error),
            AttemptFailure::TooLarge {
                status,
                limit,
                content_length,
            } => Error::ResponseTooLarge {
                status,
                limit,
                content_length,
            },
        }
    }
}

impl std::fmt::Display for AttemptFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AttemptFailure::Http(error) => error.fmt(f),
            AttemptFailure::TooLarge { limit, .. } => {
                write!(f, "the response body is larger than {limit} bytes")
            }
        }
    }
}

/// The OpenTelemetry `error.type` of a failed call: a low-cardinality name of the failure.
fn error_type(error: &Error) -> &'static str {
    match error {
        Error::Timeout(_) => "timeout",
        Error::Transport(_) => "transport",
        Error::Auth(_) => "auth",
        Error::InvalidRequest(_) => "invalid_request",
        Error::Encode(_) => "encode",
        Error::ResponseTooLarge { .. } => "response_too_large",
        Error::RateLimited { .. } => "rate_limited",
        _ => "_OTHER",
    }
}

/// Why a body could not be read whole.
pub(crate) enum BodyFailure {
    Http(reqwest::Error),
    /// Over the limit: declared so by `Content-Length`, or counted so while reading.
    TooLarge {
        content_length: Option<u64>,
    },
}

/// The most a body buffer is given ahead of the bytes that arrive, so a `Content-Length` that
/// lies costs no more memory than the bytes actually sent.
const MAX_PREALLOCATION: u64 = 1024 * 1024;

/// Reads `response`'s body, refusing it as soon as it is known to be over `limit` bytes: at
/// once when `Content-Length` says so, else when the chunks read so far add up to more. The
/// buffer never grows past the limit, and an oversized body is dropped with its connection
/// rather than drained.
pub(crate) async fn read_body(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<Bytes, BodyFailure> {
    let content_length = response.content_length();
    if content_length.is_some_and(|length| length > limit) {
        return Err(BodyFailure::TooLarge { content_length });
    }
    let limit_bytes = usize::try_from(limit).unwrap_or(usize::MAX);
    let ahead = usize::try_from(content_length.unwrap_or(0).min(MAX_PREALLOCATION)).unwrap_or(0);
    // A body that arrives as one chunk is returned as received, without a copy.
    let mut first: Option<Bytes> = None;
    let mut buffer: Vec<u8> = Vec::new();
    let mut total: u64 = 0;
    while let Some(chunk) = response.chunk().await.map_err(BodyFailure::Http)? {
        total = total.saturating_add(u64::try_from(chunk.len()).unwrap_or(u64::MAX));
        if total > limit {
            return Err(BodyFailure::TooLarge { content_length });
        }
        if first.is_none() && buffer.is_empty() {
            first = Some(chunk);
            continue;
        }
        if let Some(previous) = first.take() {
            buffer.reserve_exact(ahead.max(previous.len()));
            append(&mut buffer, &previous, limit_bytes);
        }
        append(&mut buffer, &chunk, limit_bytes);
    }
    Ok(first.unwrap_or_else(|| Bytes::from(buffer)))
}

/// Appends `bytes`, doubling the buffer's capacity as usual but never beyond `limit`.
fn append(buffer: &mut Vec<u8>, bytes: &[u8], limit: usize) {
    let needed = buffer.len().saturating_add(bytes.len());
    if needed > buffer.capacity() {
        let target = needed
            .max(buffer.capacity().saturating_mul(2))
            .min(limit.max(needed));
        buffer.reserve_exact(target - buffer.len());
    }
    buffer.extend_from_slice(bytes);
}

/// A file sent as one part of a `multipart/form-data` request body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilePart {
    bytes: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A part holding `bytes`. Unless [`file_name`](Self::file_name) says otherwise, the part
    /// is named after its form field, since many servers only treat named parts as files.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// The file name sent with the part.
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The part's media type, such as `text/csv`; without one the server assumes
    /// `application/octet-stream`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's contents.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }
}

/// A form body being assembled: its fields in order, sent as multipart parts or URL-encoded.
#[derive(Debug)]
struct FormBody {
    multipart: bool,
    fields: Vec<(String, FormValue)>,
}

#[derive(Debug)]
enum FormValue {
    Text(String),
    File(FilePart),
    Json(Vec<u8>),
}

impl FormBody {
    /// Puts the form on one attempt's request; the form itself stays, for the next attempt.
    fn attach(&self, builder: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, Error> {
        if !self.multipart {
            let pairs: Vec<(&str, String)> = self
                .fields
                .iter()
                .map(|(name, value)| match value {
                    FormValue::Text(text) => (name.as_str(), text.clone()),
                    FormValue::Json(bytes) => {
                        (name.as_str(), String::from_utf8_lossy(bytes).into_owned())
                    }
                    FormValue::File(file) => (
                        name.as_str(),
                        String::from_utf8_lossy(&file.bytes).into_owned(),
                    ),
                })
                .collect();
            return Ok(builder.form(&pairs));
        }
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in &self.fields {
            let part = match value {
                FormValue::Text(text) => reqwest::multipart::Part::text(text.clone()),
                FormValue::Json(bytes) => with_media_type(
                    reqwest::multipart::Part::bytes(bytes.clone()),
                    name,
                    "application/json",
                )?,
                FormValue::File(file) => {
                    let length = u64::try_from(file.bytes.len()).unwrap_or(u64::MAX);
                    let part = reqwest::multipart::Part::stream_with_length(
                        reqwest::Body::from(file.bytes.clone()),
                        length,
                    )
                    .file_name(file.file_name.clone().unwrap_or_else(|| name.clone()));
                    match &file.content_type {
                        Some(content_type) => with_media_type(part, name, content_type)?,
                        None => part,
                    }
                }
            };
            form = form.part(name.clone(), part);
        }
        Ok(builder.multipart(form))
    }
}

fn with_media_type(
    part: reqwest::multipart::Part,
    name: &str,
    media_type: &str,
) -> Result<reqwest::multipart::Part, Error> {
    part.mime_str(media_type).map_err(|_| {
        Error::InvalidRequest(format!(
            "form part `{name}` has an invalid content type {media_type:?}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(template: &'static str) -> OperationRequest {
        OperationRequest::new("op", Method::GET, "/v1", template, false)
    }

    fn text(value: &str) -> ParamTree {
        ParamTree::Text(value.to_owned())
    }

    /// The values of the OpenAPI style tables: a string, an array and an object.
    fn colors() -> [ParamTree; 3] {
        [
            text("blue"),
            ParamTree::List(vec![text("blue"), text("black"), text("brown")]),
            ParamTree::Object(vec![
                ("R".to_owned(), text("100")),
                ("G".to_owned(), text("200")),
                ("B".to_owned(), text("150")),
            ]),
        ]
    }

    fn query_string(style: Style, tree: &ParamTree) -> String {
        match query_pairs("color", style, tree) {
            Ok(pairs) => pairs
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect::<Vec<_>>()
                .join("&"),
            Err(problem) => format!("error: {problem}"),
        }
    }

    #[test]
    fn query_styles_follow_the_style_table() {
        let rows: [(Style, [&str; 3]); 6] = [
            (
                Style::form(),
                [
                    "color=blue",
                    "color=blue,black,brown",
                    "color=R,100,G,200,B,150",
                ],
            ),
            (
                Style::form().explode(),
                [
                    "color=blue",
                    "color=blue&color=black&color=brown",
                    "R=100&G=200&B=150",
                ],
            ),
            (
                Style::space_delimited(),
                [
                    "color=blue",
                    "color=blue%20black%20brown",
                    "color=R%20100%20G%20200%20B%20150",
                ],
            ),
            (
                Style::pipe_delimited(),
                [
                    "color=blue",
                    "color=blue%7Cblack%7Cbrown",
                    "color=R%7C100%7CG%7C200%7CB%7C150",
                ],
            ),
            (
                Style::pipe_delimited().explode(),
                [
                    "color=blue",
                    "color=blue&color=black&color=brown",
                    "R=100&G=200&B=150",
                ],
            ),
            (
                Style::deep_object(),
                [
                    "color=blue",
                    "color%5B0%5D=blue&color%5B1%5D=black&color%5B2%5D=brown",
                    "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150",
                ],
            ),
        ];
        for (style, expected) in rows {
            let written = colors().map(|value| query_string(style, &value));
            assert_eq!(written, expected.map(str::to_owned), "{style:?}");
        }
    }

    #[test]
    fn path_styles_follow_the_style_table() {
        let rows: [(Style, [&str; 3]); 6] = [
            (
                Style::simple(),
                ["blue", "blue,black,brown", "R,100,G,200,B,150"],
            ),
            (
                Style::simple().explode(),
                ["blue", "blue,black,brown", "R=100,G=200,B=150"],
            ),
            (
                Style::label(),
                [".blue", ".blue,black,brown", ".R,100,G,200,B,150"],
            ),
            (
                Style::label().explode(),
                [".blue", ".blue.black.brown", ".R=100.G=200.B=150"],
            ),
            (
                Style::matrix(),
                [
                    ";color=blue",
                    ";color=blue,black,brown",
                    ";color=R,100,G,200,B,150",
                ],
            ),
            (
                Style::matrix().explode(),
                [
                    ";color=blue",
                    ";color=blue;color=black;color=brown",
                    ";R=100;G=200;B=150",
                ],
            ),
        ];
        for (style, expected) in rows {
            let written = colors().map(|value| match path_text("color", style, &value) {
                Ok(Some(text)) => text,
                other => format!("{other:?}"),
            });
            assert_eq!(written, expected.map(str::to_owned), "{style:?}");
        }
        let empty = ParamTree::List(Vec::new());
        let written = [Style::label(), Style::matrix(), Style::matrix().explode()]
            .map(|style| path_text("color", style, &empty));
        assert_eq!(
            written,
            [
                Ok(Some(".".into())),
                Ok(Some(";color".into())),
                Ok(Some(";color".into()))
            ]
        );
    }

    #[test]
    fn delimiters_inside_values_are_encoded_and_the_style_delimiters_are_not() {
        let list = ParamTree::List(vec![text("a,b"), text("c d"), text("e|f")]);
        assert_eq!(query_string(Style::form(), &list), "color=a%2Cb,c+d,e%7Cf");
        assert_eq!(
            path_text("color", Style::label(), &list),
            Ok(Some(".a%2Cb,c%20d,e%7Cf".into()))
        );
        let reserved = text("a/b:c?d=e&f+g#h%2Fi%zz");
        assert_eq!(
            query_string(Style::form().allow_reserved(), &reserved),
            "color=a/b:c?d=e%26f%2Bg%23h%2Fi%25zz"
        );
        assert_eq!(
            query_string(Style::form(), &reserved),
            "color=a%2Fb%3Ac%3Fd%3De%26f%2Bg%23h%252Fi%25zz"
        );
    }

    #[test]
    fn deep_objects_nest_and_index_what_the_spec_leaves_undefined() {
        let nested = ParamTree::Object(vec![
            (
                "created".to_owned(),
                ParamTree::Object(vec![
                    ("gt".to_owned(), text("1")),
                    ("lt".to_owned(), ParamTree::Absent),
                ]),
            ),
            (
                "tags".to_owned(),
                ParamTree::List(vec![text("x"), ParamTree::Absent, text("y z")]),
            ),
        ]);
        assert_eq!(
            query_string(Style::deep_object(), &nested),
            "color%5Bcreated%5D%5Bgt%5D=1&color%5Btags%5D%5B0%5D=x&color%5Btags%5D%5B1%5D=y+z"
        );
        assert_eq!(
            query_string(Style::form(), &nested),
            format!("error: {NESTED}")
        );
    }

    #[test]
    fn headers_and_cookies_follow_simple_and_form() {
        let [string, list, object] = colors();
        assert_eq!(
            header_text(Style::simple(), &list),
            Ok(Some("blue,black,brown".into()))
        );
        assert_eq!(
            header_text(Style::simple().explode(), &object),
            Ok(Some("R=100,G=200,B=150".into()))
        );
        assert_eq!(header_text(Style::simple(), &ParamTree::Absent), Ok(None));
        let cookies = |style: Style, tree: &ParamTree| -> Vec<String> {
            cookie_pairs("color", style, tree)
                .unwrap_or_default()
                .into_iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect()
        };
        assert_eq!(cookies(Style::form().explode(), &string), ["color=blue"]);
        assert_eq!(cookies(Style::form(), &list), ["color=blue,black,brown"]);
        assert_eq!(
            cookies(Style::form().explode(), &list),
            ["color=blue", "color=black", "color=brown"]
        );
        assert_eq!(cookies(Style::form(), &object), ["color=R,100,G,200,B,150"]);
        assert_eq!(
            cookies(Style::form().explode(), &object),
            ["R=100", "G=200", "B=150"]
        );
        assert_eq!(cookies(Style::form(), &text("a;b c")), ["color=a%3Bb%20c"]);
    }

    #[test]
    fn serde_values_become_trees_in_declaration_order_with_numbers_as_rust_writes_them() {
        #[derive(serde::Serialize)]
        struct Filter {
            zone: &'static str,
            ratio: f64,
            name: Option<String>,
            ids: Vec<Option<i64>>,
            on: bool,
        }
        let value = Filter {
            zone: "eu",
            ratio: 1.0,
            name: None,
            ids: vec![Some(1), None],
            on: true,
        };
        assert_eq!(
            Serialized(&value).tree().ok(),
            Some(ParamTree::Object(vec![
                ("zone".to_owned(), text("eu")),
                ("ratio".to_owned(), text("1")),
                ("name".to_owned(), ParamTree::Absent),
                (
                    "ids".to_owned(),
                    ParamTree::List(vec![text("1"), ParamTree::Absent])
                ),
                ("on".to_owned(), text("true")),
            ]))
        );
        assert_eq!(AsJson(&value.ids).tree().ok(), Some(text("[1,null]")));
        assert_eq!(Some(3_i32).tree().ok(), Some(text("3")));
        assert_eq!(None::<i32>.tree().ok(), Some(ParamTree::Absent));
    }

    #[test]
    fn path_slots_are_filled_in_order_whatever_the_template_calls_them() {
        // The spec's template may name a slot differently from the parameter that fills it.
        let mut item = request("/items/{id}/parts/{part}");
        item.path_param("itemId", "a/b");
        item.path_param_as("part", Style::simple(), "x y");
        assert_eq!(
            item.path().ok().as_deref(),
            Some("/items/a%2Fb/parts/x%20y")
        );
        assert_eq!(request("/items").path().ok().as_deref(), Some("/items"));
    }

    #[test]
    fn a_slot_without_a_value_is_an_invalid_request_not_a_broken_path() {
        let mut item = request("/items/{id}/parts/{part}");
        item.path_param("itemId", "a");
        match item.path() {
            Err(Error::InvalidRequest(message)) => {
                assert_eq!(message, "path parameter `part` of `op` has no value");
            }
            other => panic!("expected an invalid request, got {other:?}"),
        }
    }
}
