//! The intermediate representation: plain Rust types describing one API version, with
//! every name already decided, so the templates only spell out what this says.
//!
//! Nothing here knows about `openapiv3`; `lower` builds these values and `render`
//! reads them. Each item keeps both the Rust name and the name on the wire. The IR holds facts
//! (kinds, names, types as [`TypeRef`] values); how a type or a runtime item is written in Rust
//! is render's (`render::spelling`).

use serde::Serialize;

/// One OpenAPI document lowered into a module of the generated crate (for example `v3`).
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    /// The Rust module name, such as `v3` or `v2024`.
    pub module: String,
    /// The Rust type name of the module's entry point, such as `V3`.
    pub handle_type: String,
    /// The type of its test doubles' handle (`mock` feature), such as `ApiMocks`.
    pub mocks_type: String,
    /// The method on `Client` that returns the entry point, such as `v3`.
    pub handle_method: String,
    /// Where the document came from, as given by the caller (used in headers and errors).
    pub source: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// Where the API is served, from the document's first server.
    pub server: Server,
    /// Every operation, in the document's order.
    pub operations: Vec<Operation>,
    /// Every named type, sorted by Rust name.
    pub models: Vec<Model>,
    /// Operations of the document this module does not have, with the reason.
    pub skipped: Vec<SkippedOperation>,
    /// Things the generator repaired or approximated, for the report.
    pub warnings: Vec<crate::error::Diagnostic>,
    /// The type of the value of a redirect an operation succeeds with (one that documents
    /// only `3XX` responses), such as `Redirect`, when any operation has one.
    pub redirect_type: Option<String>,
    /// The security schemes callers supply credentials for: those of
    /// `components.securitySchemes` the client can send, in the document's order, then the
    /// names requirements use that it does not define.
    pub security_schemes: Vec<SecurityScheme>,
    /// The distinct security requirement lists of the authenticated operations, each once, in
    /// the order operations first use them; an operation names its list by index.
    pub security_table: SecurityTable,
    /// How many levels deep the module's types nest at most, as rustc counts them.
    pub type_nesting: usize,
    /// The operations of this module the crate docs can show being called.
    pub examples: Examples,
}

/// The operations of a module the crate docs can show being called, each the first that
/// suits: not deprecated, every argument a string, no required body.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Examples {
    /// A call of any such operation.
    pub call: Option<Example>,
    /// A call of one that pages through a list.
    pub paged: Option<Example>,
    /// One whose success body has a `Default` (or none), for the guide of the test doubles.
    pub mock: Option<MockExample>,
}

/// An operation call the crate docs show.
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    /// The `Client` method of the operation's module, such as `v3`.
    pub module: String,
    /// The operation's method, such as `get_lifecycle_state`.
    pub method: String,
    /// The arguments, in order.
    pub arguments: Vec<ExampleArgument>,
}

/// An argument of an [`Example`].
#[derive(Debug, Clone, Serialize)]
pub struct ExampleArgument {
    /// The parameter's Rust name, which is also its test double's matcher.
    pub rust_name: String,
    /// The string the example passes: the Rust name in kebab case, such as `profile-id`.
    pub value: String,
}

/// The example of the test doubles' guide: a call, and what the double answers with.
#[derive(Debug, Clone, Serialize)]
pub struct MockExample {
    /// The operation called; its double matches each argument.
    pub call: Example,
    /// Whether the double's `respond` takes a body (`Default::default()` in the example).
    pub has_body: bool,
}

/// The `recursion_limit` a crate of these modules needs, when rustc's default (128) is too low
/// for how deep their types nest: twice the depth, rounded up to a power of two, from 256.
pub fn recursion_limit(apis: &[Api]) -> Option<usize> {
    let deepest = apis.iter().map(|api| api.type_nesting).max().unwrap_or(0);
    (deepest > 96).then(|| (deepest * 2).next_power_of_two().max(256))
}

impl Api {
    /// Whether any form body has a field sent as text, which is written with `ParamValue`
    /// (files and JSON parts are not).
    pub fn has_form_text_parts(&self) -> bool {
        self.models.iter().any(|model| match &model.kind {
            ModelKind::Form { fields } => fields.iter().any(|field| {
                matches!(
                    field.encoding,
                    PartEncoding::Text | PartEncoding::TextEach | PartEncoding::TextMap
                )
            }),
            _ => false,
        })
    }

    /// Whether any model is a struct, which the runtime's record writer writes.
    pub fn has_records(&self) -> bool {
        self.models
            .iter()
            .any(|model| matches!(model.kind, ModelKind::Struct { .. }))
    }

    /// Whether any model is decoded with the runtime's helpers: every kind but a form body
    /// (only ever sent) and an alias (decoded as the type it names).
    pub fn has_decoded_models(&self) -> bool {
        self.models
            .iter()
            .any(|model| !matches!(model.kind, ModelKind::Form { .. } | ModelKind::Alias { .. }))
    }
}

/// An operation of the document that was not generated.
#[derive(Debug, Clone, Serialize)]
pub struct SkippedOperation {
    /// The `operationId`, or the name derived from the method and path.
    pub operation_id: String,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The path template.
    pub path: String,
    /// Why it was not generated, at the file and place that decided it.
    pub reason: crate::error::Diagnostic,
}

/// The location of an API version relative to the tenant's base URL.
#[derive(Debug, Clone, Serialize)]
pub struct Server {
    /// The server URL with every variable replaced by its default, without the path,
    /// such as `https://sailpoint.api.identitynow.com`. Empty when the server URL is relative.
    pub default_base_url: String,
    /// The path under the base URL where this version lives, such as `/v3`; may be empty.
    pub path_prefix: String,
}

/// One HTTP operation.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// The `operationId` as written in the document (or made from the method and path when
    /// none is), unique in the module: a later operation reusing one is given the first free
    /// `<operationId>2`, `<operationId>3`, ... (a warning names both places).
    pub operation_id: String,
    /// The Rust method on the module's entry point, such as `get_lifecycle_state`.
    pub method_name: String,
    /// The Rust type of the request builder, such as `GetLifecycleState`.
    pub builder_type: String,
    /// The Rust type of the error enum, such as `GetLifecycleStateError`.
    pub error_type: String,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The path template as written, such as `/task-status/{id}`.
    pub path: String,
    /// The path template split into literal text and parameters.
    pub path_parts: Vec<PathPart>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// Whether the document marks the operation deprecated.
    pub deprecated: bool,
    /// Parameters of every location, path parameters first in template order.
    pub parameters: Vec<Parameter>,
    /// The request body, if the operation takes one.
    pub body: Option<RequestBody>,
    /// What a successful call returns.
    pub success: Success,
    /// Every documented non-success status, in ascending order.
    pub errors: Vec<ResponseCase>,
    /// The security requirements the call may meet, in the spec's order: the first whose
    /// credentials the caller supplied is sent. Empty when the call carries no credentials
    /// (`security: []`, or none declared); an empty requirement (`{}`) allows an anonymous call.
    pub security: Vec<SecurityRequirement>,
    /// Which of the module's [`Api::security_table`] lists `security` is; `None` when the
    /// call carries no credentials.
    pub security_entry: Option<usize>,
    /// Set when the operation pages through a list with `limit` and `offset`.
    pub pagination: Option<Pagination>,
    /// The `Accept` header: every media type the documented responses come in.
    pub accept: Option<String>,
    /// JSON pointer of the operation in its document.
    pub pointer: String,
}

/// A security scheme, as the generated module offers it to callers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecurityScheme {
    /// Its name in `components.securitySchemes`.
    pub name: String,
    /// The Rust constant naming it in the module's `security` module, such as `USER_AUTH`.
    pub const_name: String,
    /// How its credential travels.
    pub kind: SchemeKind,
    /// `description`.
    pub description: Option<String>,
}

/// How a scheme's credential travels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum SchemeKind {
    /// `type: http`, `scheme: basic`.
    HttpBasic,
    /// `type: http`, `scheme: bearer`.
    HttpBearer,
    /// `type: http` with another scheme whose whole `Authorization` value the caller can
    /// supply, such as `Token`.
    Http {
        /// The scheme as the spec writes it.
        scheme: String,
    },
    /// `type: apiKey`.
    ApiKey {
        /// Where the key goes.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: String,
    },
    /// `type: oauth2`.
    OAuth2 {
        /// The client credentials flow's `tokenUrl`, when the scheme has that flow.
        token_url: Option<String>,
    },
    /// `type: openIdConnect`: a bearer token the caller obtains.
    OpenIdConnect,
    /// A name requirements use that `components.securitySchemes` does not define: sent as a
    /// bearer token.
    Undeclared,
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// The distinct security requirement lists of a module's operations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SecurityTable {
    /// The table's constant in the module's `security` module.
    pub const_name: String,
    /// Each list, in the order operations first use them.
    pub entries: Vec<Vec<SecurityRequirement>>,
}

/// One security requirement: every scheme named is sent together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecurityRequirement {
    /// The schemes, in the spec's order; empty for `{}` (anonymous).
    pub schemes: Vec<SchemeUse>,
}

/// A scheme of a requirement, with the scopes it asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchemeUse {
    /// The scheme's name in the spec.
    pub name: String,
    /// Its constant in the module's `security` module.
    pub const_name: String,
    /// The OAuth 2 scopes (or roles) listed for it.
    pub scopes: Vec<String>,
}

impl Operation {
    /// The path template as sent: the spec's, with each slot named by the parameter that fills
    /// it (which differs from the spec's only where lowering repaired a misnamed slot).
    pub fn path_template(&self) -> String {
        self.path_parts
            .iter()
            .map(|part| match part {
                PathPart::Literal(text) => text.clone(),
                PathPart::Parameter { name, .. } => format!("{{{name}}}"),
            })
            .collect()
    }

    /// Whether a path parameter's value starts with a prefix of its style (`label`, `matrix`).
    pub fn has_prefixed_path_parameters(&self) -> bool {
        self.parameters
            .iter()
            .any(|parameter| parameter.path_value_prefix().is_some())
    }

    /// Whether the call carries credentials when the caller supplied them.
    pub fn authenticated(&self) -> bool {
        self.security
            .iter()
            .any(|requirement| !requirement.schemes.is_empty())
    }

    /// How many arguments the operation's method takes.
    pub fn argument_count(&self) -> usize {
        let body = self.body.as_ref().is_some_and(|body| body.required);
        self.parameters
            .iter()
            .filter(|parameter| parameter.is_argument())
            .count()
            + usize::from(body)
    }

    /// Whether a test double can match the request body: JSON, text and bytes, not forms.
    pub fn mock_matches_body(&self) -> bool {
        self.body.as_ref().is_some_and(|body| {
            !matches!(body.format, BodyFormat::Multipart | BodyFormat::UrlEncoded)
        })
    }

    /// Whether a `default` response covers every status not listed.
    pub fn has_default_response(&self) -> bool {
        self.success
            .cases()
            .iter()
            .chain(&self.errors)
            .any(|case| case.status == StatusMatch::Default)
    }
}

/// The HTTP methods OpenAPI 3.0 can describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `PUT`
    Put,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
    /// `OPTIONS`
    Options,
    /// `HEAD`
    Head,
    /// `PATCH`
    Patch,
    /// `TRACE`
    Trace,
}

impl HttpMethod {
    /// The method as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, Serialize)]
pub enum PathPart {
    /// Text sent as written.
    Literal(String),
    /// A path parameter.
    Parameter {
        /// The name on the wire.
        name: String,
        /// The Rust identifier holding its value.
        rust_name: String,
    },
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ParameterLocation {
    /// A segment of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

impl ParameterLocation {
    /// What the value is sent as, in docs and the change report: "path parameter", "query
    /// parameter", "header" or "cookie".
    pub fn noun(self) -> &'static str {
        match self {
            ParameterLocation::Path => "path parameter",
            ParameterLocation::Query => "query parameter",
            ParameterLocation::Header => "header",
            ParameterLocation::Cookie => "cookie",
        }
    }
}

/// One operation parameter.
#[derive(Debug, Clone, Serialize)]
pub struct Parameter {
    /// The name on the wire, such as `identity-profile-id`.
    pub name: String,
    /// The Rust identifier, such as `identity_profile_id`.
    pub rust_name: String,
    /// Where the parameter travels.
    pub location: ParameterLocation,
    /// The parameter's type.
    pub ty: TypeRef,
    /// Whether the document requires it.
    pub required: bool,
    /// The document's default, as JSON.
    pub default: Option<serde_json::Value>,
    /// `description`.
    pub description: Option<String>,
    /// Bounds and other constraints, described for documentation.
    pub constraints: Vec<String>,
    /// The largest value an integer parameter accepts, when the document says.
    pub maximum: Option<i64>,
    /// How the value is laid out: the spec's `style`, or its default for the location.
    pub style: ParameterStyle,
    /// The spec's `explode` (or its default for the style): lists and objects spread into one
    /// pair (or path element) per item or property.
    pub explode: bool,
    /// The spec's `allowReserved` (query only): reserved characters go out unencoded.
    pub allow_reserved: bool,
    /// How the Rust value becomes the text the style lays out.
    pub encoding: ParameterEncoding,
    /// Whether the document marks the parameter deprecated.
    pub deprecated: bool,
}

impl Parameter {
    /// The text a path parameter's value starts with in its style: `.` for `label`, `;` for
    /// `matrix`, nothing for `simple` or a parameter elsewhere.
    pub fn path_value_prefix(&self) -> Option<&'static str> {
        match (self.location, self.style) {
            (ParameterLocation::Path, ParameterStyle::Label) => Some("."),
            (ParameterLocation::Path, ParameterStyle::Matrix) => Some(";"),
            _ => None,
        }
    }

    /// Whether the caller must pass this parameter to the operation method.
    pub fn is_argument(&self) -> bool {
        self.required && self.default.is_none()
    }

    /// Whether the client sends the parameter even when the caller does not set it:
    /// a required parameter with a default, such as an opt-in header.
    pub fn is_sent_by_default(&self) -> bool {
        self.required && self.default.is_some()
    }

    /// Whether the parameter is laid out as OpenAPI lays out its location by default: `form`
    /// exploded in the query and cookies, `simple` unexploded in the path and headers, and
    /// reserved characters encoded.
    pub fn has_default_layout(&self) -> bool {
        let (style, explode) = match self.location {
            ParameterLocation::Query | ParameterLocation::Cookie => (ParameterStyle::Form, true),
            ParameterLocation::Path | ParameterLocation::Header => (ParameterStyle::Simple, false),
        };
        self.style == style && self.explode == explode && !self.allow_reserved
    }
}

/// The OpenAPI parameter styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ParameterStyle {
    /// `form` (query, cookie): `name=value`, lists comma-separated or one pair per item.
    Form,
    /// `spaceDelimited` (query): list items or properties separated by spaces.
    SpaceDelimited,
    /// `pipeDelimited` (query): list items or properties separated by `|`.
    PipeDelimited,
    /// `deepObject` (query): `name[property]=value`, nested as deep as the value is.
    DeepObject,
    /// `simple` (path, header): `value`, lists and objects comma-separated.
    Simple,
    /// `label` (path): `.value`.
    Label,
    /// `matrix` (path): `;name=value`.
    Matrix,
}

impl ParameterStyle {
    /// The name the spec gives the style.
    pub fn as_str(self) -> &'static str {
        match self {
            ParameterStyle::Form => "form",
            ParameterStyle::SpaceDelimited => "spaceDelimited",
            ParameterStyle::PipeDelimited => "pipeDelimited",
            ParameterStyle::DeepObject => "deepObject",
            ParameterStyle::Simple => "simple",
            ParameterStyle::Label => "label",
            ParameterStyle::Matrix => "matrix",
        }
    }
}

/// How a parameter's Rust value becomes what its style lays out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ParameterEncoding {
    /// A scalar, or a list of scalars, written by the runtime's `ParamValue`.
    Scalar,
    /// Any other value (a model, a `oneOf`, a map, free-form JSON), written from its serde form:
    /// objects as their properties, lists as lists.
    Serialized,
    /// One piece of JSON text (a parameter described by `content` with a JSON media type).
    Json,
}

/// How a body travels on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BodyFormat {
    /// JSON, through serde.
    Json,
    /// Text as it is (`text/*`, XML, CSV), as a `String`.
    Text,
    /// Bytes as they are (files, archives, images), as `bytes::Bytes`.
    Bytes,
    /// `multipart/form-data`: a form model whose fields are sent as parts.
    Multipart,
    /// `application/x-www-form-urlencoded`: a form model whose fields are sent as pairs.
    UrlEncoded,
    /// A redirect (a `3XX` an operation documents as its success): no body is read; the value
    /// is the module's redirect type ([`Api::redirect_type`]), holding the `Location` header.
    Location,
}

/// A request body.
#[derive(Debug, Clone, Serialize)]
pub struct RequestBody {
    /// The media type sent as `Content-Type`.
    pub media_type: String,
    /// How the body is encoded.
    pub format: BodyFormat,
    /// The Rust type of the body.
    pub ty: TypeRef,
    /// Whether the document requires a body.
    pub required: bool,
    /// `description`.
    pub description: Option<String>,
}

/// What a successful call produces.
#[derive(Debug, Clone, Serialize)]
pub enum Success {
    /// Every success status carries the same type (the unit type when none has a body).
    Single {
        /// The documented success statuses.
        statuses: Vec<ResponseCase>,
        /// The body type shared by all of them.
        ty: TypeRef,
    },
    /// Success statuses carry different bodies: an enum with one variant per status.
    ByStatus {
        /// The Rust name of the enum.
        type_name: String,
        /// One variant per status.
        cases: Vec<ResponseCase>,
    },
}

impl Success {
    /// The type of the body a successful call returns.
    pub fn ty(&self) -> TypeRef {
        match self {
            Success::Single { ty, .. } => ty.clone(),
            Success::ByStatus { type_name, .. } => TypeRef::Named(type_name.clone()),
        }
    }

    /// The documented success responses.
    pub fn cases(&self) -> &[ResponseCase] {
        match self {
            Success::Single { statuses, .. } => statuses,
            Success::ByStatus { cases, .. } => cases,
        }
    }
}

/// Which statuses a response case answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum StatusMatch {
    /// Exactly this status.
    Code(u16),
    /// Any status in this hundred, such as `4XX`.
    Range(u16),
    /// Any status the document does not list.
    Default,
}

/// One documented response.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseCase {
    /// The statuses it answers.
    pub status: StatusMatch,
    /// The Rust variant name, such as `NotFound`.
    pub variant: String,
    /// The test double's method that answers with this response, such as `respond_not_found`
    /// (unique among the double's methods, parameters included).
    pub respond_method: String,
    /// The status a test double sends for this response: its code, or for a range or
    /// `default` the first code of it that the operation documents no other way.
    pub mock_status: u16,
    /// The body type; `TypeRef::Unit` when the response has no body.
    pub ty: TypeRef,
    /// The media type of the body, when it has one (several, comma-separated, when any of
    /// them may come and the body is kept as bytes).
    pub media_type: Option<String>,
    /// How the body is decoded, when it has one.
    pub format: Option<BodyFormat>,
    /// `description`.
    pub description: String,
    /// Whether this is the generator's stand-in for a success the document does not describe
    /// (it documents only errors, only `default`, or nothing): any 2XX, its body kept as it came.
    pub undocumented: bool,
}

impl ResponseCase {
    /// The media type a test double answers with: the first of [`media_type`](Self::media_type),
    /// or, for the stand-in of an undocumented success (which asks for `*/*`, no media type a
    /// response can name), `application/octet-stream`.
    pub fn first_media_type(&self) -> Option<&str> {
        if self.undocumented && self.media_type.is_some() {
            return Some("application/octet-stream");
        }
        self.media_type
            .as_deref()
            .and_then(|media| media.split(',').next())
            .map(str::trim)
    }
}

/// A list operation that can be walked page by page.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    /// The type of one item of a page.
    pub item: TypeRef,
    /// The Rust name of the `limit` parameter.
    pub limit_param: String,
    /// The wire name of the `limit` parameter.
    pub limit_name: String,
    /// The Rust name of the `offset` parameter.
    pub offset_param: String,
    /// The wire name of the `offset` parameter.
    pub offset_name: String,
    /// The largest page the API serves, from the `limit` parameter's maximum.
    pub max_page_size: Option<u64>,
    /// The Rust name of the optional boolean `count` query parameter, with which the stream
    /// asks for the listing's size (`X-Total-Count`) on its first page.
    pub count_param: Option<String>,
    /// The property of the item model that identifies an item, which the stream compares to
    /// notice a server that is not advancing; `None` compares whole items.
    pub item_id: Option<ItemId>,
}

/// The property that identifies an item of a listing, such as `id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemId {
    /// The property name on the wire, read from items that could not be decoded.
    pub name: String,
    /// The Rust field name.
    pub rust_name: String,
}

/// The Rust type of a value, in terms the templates spell out.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum TypeRef {
    /// No value: a response without a body.
    Unit,
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// An RFC 3339 date-time.
    DateTime,
    /// An RFC 3339 full date.
    Date,
    /// Any JSON value.
    Json,
    /// A JSON object with arbitrary keys and values.
    JsonObject,
    /// A named model of this module.
    Named(String),
    /// A list.
    Vec(Box<TypeRef>),
    /// A map from string keys.
    Map(Box<TypeRef>),
    /// A value that may be absent or null.
    Option(Box<TypeRef>),
    /// A value stored on the heap to break a cycle of types.
    Box(Box<TypeRef>),
    /// A body kept as raw bytes.
    Bytes,
    /// A file sent as one part of a multipart form.
    File,
}

impl TypeRef {
    /// Whether a value of the type is one JSON scalar the client writes as text: a string, a
    /// boolean, a number, a date or a date-time.
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            TypeRef::String
                | TypeRef::Bool
                | TypeRef::I32
                | TypeRef::I64
                | TypeRef::F32
                | TypeRef::F64
                | TypeRef::Date
                | TypeRef::DateTime
        )
    }

    /// The type directly inside a list, map, `Option` or `Box`.
    pub fn inner(&self) -> Option<&TypeRef> {
        match self {
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Option(inner)
            | TypeRef::Box(inner) => Some(inner),
            _ => None,
        }
    }

    /// Calls `visit` with every model named anywhere in the type.
    pub fn for_each_name(&self, visit: &mut dyn FnMut(&str)) {
        match self {
            TypeRef::Named(name) => visit(name),
            other => {
                if let Some(inner) = other.inner() {
                    inner.for_each_name(visit);
                }
            }
        }
    }

    /// Calls `visit` with every model a value of the type holds without indirection: the type
    /// itself, or inside an `Option` (a list, a map or a box puts it on the heap).
    pub fn for_each_held_name(&self, visit: &mut dyn FnMut(&str)) {
        match self {
            TypeRef::Named(name) => visit(name),
            TypeRef::Option(inner) => inner.for_each_held_name(visit),
            _ => {}
        }
    }

    /// Whether the type names any model for which `wanted` holds, however deep.
    pub fn names_any(&self, wanted: &dyn Fn(&str) -> bool) -> bool {
        let mut found = false;
        self.for_each_name(&mut |name| found |= wanted(name));
        found
    }

    /// The type with every `Box` taken out: what a boxed value's JSON looks like.
    pub fn unboxed(&self) -> TypeRef {
        match self {
            TypeRef::Box(inner) => inner.unboxed(),
            TypeRef::Vec(item) => TypeRef::Vec(Box::new(item.unboxed())),
            TypeRef::Map(value) => TypeRef::Map(Box::new(value.unboxed())),
            TypeRef::Option(inner) => TypeRef::Option(Box::new(inner.unboxed())),
            other => other.clone(),
        }
    }

    /// Whether the type is an `Option`: a value that may be absent or null.
    pub fn is_optional(&self) -> bool {
        matches!(self, TypeRef::Option(_))
    }

    /// Wraps the type in `Option`, unless it already is one.
    pub fn optional(self) -> TypeRef {
        match self {
            TypeRef::Option(_) => self,
            other => TypeRef::Option(Box::new(other)),
        }
    }
}

/// A named type of the generated module.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    /// The Rust type name.
    pub name: String,
    /// Documentation for the type.
    pub description: Option<String>,
    /// What kind of type it is.
    pub kind: ModelKind,
    /// Whether every field has a default, so the type can derive `Default`.
    pub derive_default: bool,
    /// Whether the type can derive `Eq` and `Hash` (no floats or JSON values inside).
    pub derive_eq: bool,
    /// For a struct or a form: the associated function that builds it from the fields whose
    /// type is not an `Option` (the other fields start as `None` and have setters), such as
    /// `new`. Other crates cannot write struct literals of these `#[non_exhaustive]` types.
    pub constructor: Option<String>,
    /// For a struct or a form whose constructor takes three fields or more: the struct of
    /// those fields, such as `TaskStatusRequired`, which the constructor takes as its one
    /// argument so that every call names each field it passes. `None` when the constructor
    /// takes its fields (two at most) as arguments.
    pub required_fields: Option<String>,
    /// JSON pointer of the schema it came from.
    pub pointer: String,
    /// Where the schema is written, as `FILE#/pointer` in the file that holds it; named by the
    /// client when a response does not fit it.
    pub source: String,
}

impl Model {
    /// Whether response bodies decode into the model: every kind but a form body (a request
    /// body only) and an alias (its type is another's).
    pub fn is_decoded(&self) -> bool {
        !matches!(self.kind, ModelKind::Form { .. } | ModelKind::Alias { .. })
    }

    /// Whether the struct has a field a response could leave without a value although its type
    /// is not an `Option` (a required field): such a record can hold stand-ins, and says which.
    pub fn stands_in(&self) -> bool {
        match &self.kind {
            ModelKind::Struct { fields } => fields
                .iter()
                .any(|field| !field.flatten && !field.ty.is_optional()),
            _ => false,
        }
    }

    /// The indices of the struct's listed fields that are not an `Option`: the properties its
    /// object must have.
    pub fn required_fields(&self) -> Vec<usize> {
        match &self.kind {
            ModelKind::Struct { fields } => fields
                .iter()
                .enumerate()
                .filter(|(_, field)| !field.flatten && !field.ty.is_optional())
                .map(|(index, _)| index)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Whether the struct keeps the properties its schema does not list, in a map field.
    pub fn keeps_unknown_properties(&self) -> bool {
        matches!(&self.kind, ModelKind::Struct { fields } if fields.iter().any(|field| field.flatten))
    }

    /// Whether the struct lists a property of its own (not only a map of other properties).
    pub fn lists_properties(&self) -> bool {
        matches!(&self.kind, ModelKind::Struct { fields } if fields.iter().any(|field| !field.flatten))
    }

    /// How many arguments the constructor takes: the struct's or form's fields without a
    /// setter (those whose type is not an `Option`).
    pub fn constructor_argument_count(&self) -> usize {
        self.constructor_arguments().len()
    }

    /// The fields the constructor takes, with their types, in the order they are declared.
    pub fn constructor_arguments(&self) -> Vec<(&str, &TypeRef)> {
        match &self.kind {
            ModelKind::Struct { fields } => fields
                .iter()
                .filter(|field| field.setter.is_none())
                .map(|field| (field.rust_name.as_str(), &field.ty))
                .collect(),
            ModelKind::Form { fields } => fields
                .iter()
                .filter(|field| field.setter.is_none())
                .map(|field| (field.rust_name.as_str(), &field.ty))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The alternatives of a `oneOf` whose type no other alternative shares, which can
    /// therefore convert into the enum with `From`.
    pub fn variants_with_own_type(&self) -> Vec<&OneOfVariant> {
        match &self.kind {
            ModelKind::OneOf { variants } | ModelKind::Tagged { variants, .. } => variants
                .iter()
                .filter(|variant| {
                    !variant.shares_type
                        && variants
                            .iter()
                            .filter(|other| other.ty == variant.ty)
                            .count()
                            == 1
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// The shapes a model can take.
#[derive(Debug, Clone, Serialize)]
pub enum ModelKind {
    /// A JSON object with known properties.
    Struct {
        /// The properties, in document order.
        fields: Vec<Field>,
    },
    /// A string with a closed set of documented values; unknown values still decode.
    StringEnum {
        /// The documented values.
        variants: Vec<EnumVariant>,
        /// The variant that holds values the document does not list.
        unknown_variant: String,
    },
    /// An integer with a closed set of documented values (a `oneOf` of `const` integers, each
    /// alternative titled); unknown values still decode. Each variant's `value` is the
    /// integer's decimal text.
    IntegerEnum {
        /// The documented values.
        variants: Vec<EnumVariant>,
        /// The variant that holds values the document does not list.
        unknown_variant: String,
    },
    /// One of several shapes, tried in order until one decodes.
    OneOf {
        /// The alternatives, in the document's order.
        variants: Vec<OneOfVariant>,
    },
    /// One of several object shapes, told apart by the value of a tag property (a `oneOf`
    /// with a `discriminator`). Each alternative decodes from the whole object, tag included.
    Tagged {
        /// The tag property, such as `type`.
        property: String,
        /// The alternatives; each has at least one tag value.
        variants: Vec<OneOfVariant>,
        /// The variant that keeps objects whose tag value the document does not list.
        unknown_variant: String,
    },
    /// A request body sent as a form (`multipart/form-data` or URL-encoded).
    Form {
        /// The form's fields, each sent as one or more parts.
        fields: Vec<FormField>,
    },
    /// Another name for a type.
    Alias {
        /// The aliased type.
        ty: TypeRef,
    },
}

impl ModelKind {
    /// The types the model holds: its fields', its variants' or the aliased type.
    pub fn types(&self) -> Vec<&TypeRef> {
        match self {
            ModelKind::Struct { fields } => fields.iter().map(|field| &field.ty).collect(),
            ModelKind::Form { fields } => fields.iter().map(|field| &field.ty).collect(),
            ModelKind::OneOf { variants } | ModelKind::Tagged { variants, .. } => {
                variants.iter().map(|variant| &variant.ty).collect()
            }
            ModelKind::Alias { ty } => vec![ty],
            ModelKind::StringEnum { .. } | ModelKind::IntegerEnum { .. } => Vec::new(),
        }
    }

    /// As [`types`](Self::types), to change them.
    pub fn types_mut(&mut self) -> Vec<&mut TypeRef> {
        match self {
            ModelKind::Struct { fields } => fields.iter_mut().map(|field| &mut field.ty).collect(),
            ModelKind::Form { fields } => fields.iter_mut().map(|field| &mut field.ty).collect(),
            ModelKind::OneOf { variants } | ModelKind::Tagged { variants, .. } => {
                variants.iter_mut().map(|variant| &mut variant.ty).collect()
            }
            ModelKind::Alias { ty } => vec![ty],
            ModelKind::StringEnum { .. } | ModelKind::IntegerEnum { .. } => Vec::new(),
        }
    }
}

/// One property of a struct.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// The property name on the wire.
    pub name: String,
    /// The Rust field name.
    pub rust_name: String,
    /// The Rust type, including `Option` and `Box` where needed.
    pub ty: TypeRef,
    /// Whether the property must be present in the JSON.
    pub required: bool,
    /// Whether the property is documented as read-only (set by the server).
    pub read_only: bool,
    /// `description`.
    pub description: Option<String>,
    /// The document's default, as JSON.
    pub default: Option<serde_json::Value>,
    /// Whether the document marks the property deprecated.
    pub deprecated: bool,
    /// Whether the field holds the object's other properties (its own fields are spliced into
    /// the object rather than nested under `name`).
    pub flatten: bool,
    /// Whether the document says the list holds no duplicates (`uniqueItems`).
    pub unique_items: bool,
    /// For an `Option` field: the chainable method that sets it, such as `with_note`. Every
    /// other field is an argument of the model's constructor.
    pub setter: Option<String>,
}

impl Field {
    /// Whether the Rust field name differs from the property name, so serde must be told the
    /// name on the wire (serde reads a raw identifier such as `r#type` as `type`).
    pub fn is_renamed(&self) -> bool {
        self.rust_name.strip_prefix("r#").unwrap_or(&self.rust_name) != self.name
    }

    /// Whether the field is omitted from the JSON when it has no value. A required field that
    /// may be null is sent as `null` instead, unless the server sets it (read-only).
    pub fn skip_if_none(&self) -> bool {
        let sent_as_null = self.required && !self.read_only;
        matches!(self.ty, TypeRef::Option(_)) && !sent_as_null
    }
}

/// One field of a form body.
#[derive(Debug, Clone, Serialize)]
pub struct FormField {
    /// The part name on the wire.
    pub name: String,
    /// The Rust field name.
    pub rust_name: String,
    /// The Rust type, `Option` when the form may leave it out.
    pub ty: TypeRef,
    /// How the value becomes parts.
    pub encoding: PartEncoding,
    /// `description`.
    pub description: Option<String>,
    /// For an `Option` field: the chainable method that sets it, such as `with_note`. Every
    /// other field is an argument of the form's constructor.
    pub setter: Option<String>,
}

impl FormField {
    /// Whether the field is an `Option`.
    pub fn optional(&self) -> bool {
        matches!(self.ty, TypeRef::Option(_))
    }
}

/// How a form field becomes parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PartEncoding {
    /// One text part, written as a parameter value is.
    Text,
    /// One text part per item of a list.
    TextEach,
    /// One file part.
    File,
    /// One file part per item of a list.
    FileEach,
    /// One part holding the value as JSON.
    Json,
    /// One text part per entry of a map (a form with arbitrary fields).
    TextMap,
    /// One file part per entry of a map.
    FileMap,
}

/// One documented value of a string enum.
#[derive(Debug, Clone, Serialize)]
pub struct EnumVariant {
    /// The value on the wire.
    pub value: String,
    /// The Rust variant name.
    pub name: String,
}

/// One alternative of a `oneOf`/`anyOf`.
#[derive(Debug, Clone, Serialize)]
pub struct OneOfVariant {
    /// The Rust variant name.
    pub name: String,
    /// The alternative's type.
    pub ty: TypeRef,
    /// With a discriminator: the values of the tag property that select this alternative; the
    /// first is written when encoding, unless the value already holds another of them.
    pub tags: Vec<String>,
    /// Whether another alternative is the same Rust type once aliases are followed (two
    /// `String` aliases, say), so neither can convert into the enum with `From`.
    pub shares_type: bool,
}

#[cfg(test)]
mod tests {
    use super::TypeRef;

    fn boxed(ty: TypeRef) -> Box<TypeRef> {
        Box::new(ty)
    }

    #[test]
    fn the_walks_tell_held_models_from_models_behind_indirection() {
        let ty = TypeRef::Option(boxed(TypeRef::Named("Held".into())));
        let listed = TypeRef::Vec(boxed(TypeRef::Map(boxed(TypeRef::Named("Listed".into())))));
        let (mut held, mut every) = (Vec::new(), Vec::new());
        for ty in [&ty, &listed] {
            ty.for_each_held_name(&mut |name| held.push(name.to_owned()));
            ty.for_each_name(&mut |name| every.push(name.to_owned()));
        }
        assert_eq!(held, ["Held"]);
        assert_eq!(every, ["Held", "Listed"]);
        assert!(listed.names_any(&|name| name == "Listed"));
        assert!(!listed.names_any(&|name| name == "Held"));
    }
}
