//! The runtime of the clients `sailpoint-codegen` generates: the client and its builder,
//! authentication, retries, pacing, redirects, tolerant and strict decoding, errors, paging,
//! waiting, the generic call, and the test doubles (feature `mock`).
//!
//! A generated crate depends on this crate and re-exports what its callers name, so code using
//! a generated client names that crate (`sailpoint_client::Client`, `sailpoint_client::Error`),
//! not this one. The runtime is the same for every API: an API's own conventions (environment
//! variables, configuration file, token endpoint, rate limit, request id headers) reach it as the
//! generated crate's [`Profile`]. A fix here reaches every generated crate with `cargo update`.
//!
//! The modules hidden from these docs (`request`, `paginate`, `params`, `decode`, `response`,
//! `testbed`) are what generated code calls. They follow this crate's version like the rest:
//! a generated crate compiles against every later version with the same major (minor, before
//! 1.0) version.

#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod auth;
mod call_error;
mod client;
mod config;
#[doc(hidden)]
pub mod decode;
#[doc(hidden)]
pub mod encode;
mod error;
mod generic;
mod hooks;
mod json;
mod limit;
#[doc(hidden)]
pub mod paginate;
#[doc(hidden)]
pub mod params;
mod profile;
#[doc(hidden)]
pub mod request;
#[doc(hidden)]
pub mod response;
mod retry;
#[doc(hidden)]
pub mod schemes;
#[doc(hidden)]
pub mod tagged;
mod wait;

/// Typed test doubles' machinery: the loopback server every generated crate's `mock` module
/// builds on.
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;

// The body test bed of generated crates' own tests (see the module's docs).
#[cfg(feature = "mock")]
#[doc(hidden)]
pub mod testbed;

// The crates whose types appear in the API, so that callers build a `TaskStatus` or read a
// `Bytes` body without adding them and guessing versions that match.
pub use bytes;
pub use chrono;
// Hooks are called with its `Request` and `Response`.
pub use reqwest;
pub use serde_json;

pub use auth::{
    AuthError, AuthorizationValue, CredentialFuture, CredentialSource, MAX_TOKEN_RESPONSE_SIZE,
};
pub use call_error::{CallError, ErrorBody};
pub use client::{
    ApiClient, Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BODY_SIZE,
    DEFAULT_REQUEST_TIMEOUT,
};
pub use config::{Config, ConfigError, Credentials};
pub use decode::{Decoding, Deviation, Repair, StandIns, UnknownInteger, UnknownValue};
pub use error::{Error, ErrorParts, OperationError};
pub use generic::{GenericRequest, GENERIC_OPERATION_ID};
pub use hooks::{Hook, HookContext};
pub use limit::RateLimit;
pub use paginate::{Paginated, DEFAULT_PAGE_SIZE};
pub use profile::{ConfigFileNames, EnvironmentNames, Profile};
pub use request::{FilePart, PerCall, ResponseFuture};
pub use response::{ApiResponse, RawResponse};
pub use retry::RetryPolicy;
pub use schemes::{ApiKeyLocation, Credential, SchemeKind, SecurityScheme};
pub use wait::{
    WaitError, Waiter, DEFAULT_WAIT_BUDGET, DEFAULT_WAIT_INTERVAL, DEFAULT_WAIT_MAX_INTERVAL,
};
