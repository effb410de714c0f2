//! Async Rust client for {{ titles }}.
//!
//! Generated from OpenAPI by `{{ settings.generated_by }}`; every operation of the spec is a
//! method on the module of its API version:
//!
{% for api in apis -%}
//! - [`{{ api.module }}`]: {{ api.title }} ({{ api.operations.len() }} operations), served under `BASE{{ api.server.path_prefix }}`.
{% endfor -%}
//!
//! # Getting started
//!
//! Build a [`Client`] with the tenant's base URL and an access token, then call an operation
//! through the module of its API version. Required parameters are arguments; optional ones are
//! setters on the returned request builder; `send()` performs the call.
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let client = {{ crate_ident }}::Client::builder()
//!     .base_url("https://example.api.identitynow.com")
//!     .access_token("an access token")
//!     .build()?;
{%- if let Some(example) = example %}
//! let response = client.{{ example.module }}().{{ example.method }}({{ example.arguments }}).send().await?;
//! println!("HTTP {} with {:?}", response.status(), response.body());
{%- endif %}
//! # Ok(())
//! # }
//! ```
//!
//! # Responses and errors
//!
//! A call returns [`ApiResponse`], which dereferences to the typed body and also carries the
//! status and headers. A failed call returns [`Error`], whose [`Error::Api`] variant holds the
//! operation's own error enum: one variant per error status the spec documents, chosen by the
//! status code and carrying the decoded body. Statuses the spec does not document, bodies that
//! do not decode, and transport failures have variants of their own, so no failure panics.

#![warn(missing_docs)]
#![forbid(unsafe_code)]

mod client;
mod error;
// The runtime serves every spec; a spec that never needs a helper (cookies, say) leaves it unused.
#[allow(dead_code)]
mod request;
#[allow(dead_code)]
mod response;
{% for api in apis %}
pub mod {{ api.module }};
{%- endfor %}

pub use client::{
    Client, ClientBuilder, ConfigError, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_USER_AGENT,
};
pub use error::Error;
pub use request::FilePart;
pub use response::{ApiResponse, RawResponse};
