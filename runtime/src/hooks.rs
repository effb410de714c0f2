//! The caller's hooks: code of their own that sees, and may change, every request the client
//! sends (each attempt, each replay, each redirect followed, each token request) and sees every
//! response head.

use std::fmt;
use std::sync::Arc;

/// Code of the caller's that runs on every request the client sends and every response it
/// gets: a correlation id or `traceparent` header, audit logging, metrics. Add one with
/// [`ClientBuilder::hook`](crate::ClientBuilder::hook); hooks run in the order added.
///
/// Hooks run on each attempt, so a retried call passes through them once per attempt, on each
/// request a redirect leads to (with the attempt's number), and on the client's own token
/// requests (whose [`operation_id`](HookContext::operation_id) is `None`). They run inline and must not block:
/// hand slow work (writing an audit record to a remote store) to a task or a channel.
///
/// `on_request` sees the request as it will be sent, `Authorization` included: the headers that
/// carry credentials are marked sensitive, so `Debug` shows them as `Sensitive`, but their
/// bytes are there, and the body of a token request holds the client secret. Log headers by
/// name, not wholesale. A header a hook adds that carries a credential (one named with
/// [`ClientBuilder::sensitive_header`](crate::ClientBuilder::sensitive_header), or whose value
/// it marks sensitive) is taken off a request to another origin than the base URL's.
pub trait Hook: Send + Sync {
    /// Called just before `request` is sent; changes to it are sent.
    fn on_request(&self, request: &mut reqwest::Request, context: &HookContext) {
        let _ = (request, context);
    }

    /// Called when a response's status and headers have arrived, before its body is read.
    fn on_response(&self, response: &reqwest::Response, context: &HookContext) {
        let _ = (response, context);
    }
}

/// A hook shared with the code that reads what it saw, such as a test: give the client a
/// clone of the `Arc` and keep the other.
impl<H: Hook + ?Sized> Hook for Arc<H> {
    fn on_request(&self, request: &mut reqwest::Request, context: &HookContext) {
        (**self).on_request(request, context);
    }

    fn on_response(&self, response: &reqwest::Response, context: &HookContext) {
        (**self).on_response(response, context);
    }
}

/// A hook chosen at run time, as `Box<dyn Hook>`.
impl<H: Hook + ?Sized> Hook for Box<H> {
    fn on_request(&self, request: &mut reqwest::Request, context: &HookContext) {
        (**self).on_request(request, context);
    }

    fn on_response(&self, response: &reqwest::Response, context: &HookContext) {
        (**self).on_response(response, context);
    }
}

/// What a [`Hook`] is told about the request it sees.
#[derive(Debug, Clone)]
pub struct HookContext {
    operation_id: Option<&'static str>,
    attempt: u32,
}

impl HookContext {
    pub(crate) fn new(operation_id: Option<&'static str>, attempt: u32) -> Self {
        HookContext {
            operation_id,
            attempt,
        }
    }

    /// The spec's `operationId` of the call, such as `getTaskStatus`; `None` for the client's
    /// own token requests.
    pub fn operation_id(&self) -> Option<&'static str> {
        self.operation_id
    }

    /// Which attempt of the call (or of the token request) this is, counting from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }
}

/// The hooks of one client, shared by its clones.
#[derive(Clone, Default)]
pub(crate) struct Hooks(Vec<Arc<dyn Hook>>);

impl Hooks {
    pub(crate) fn push(&mut self, hook: Arc<dyn Hook>) {
        self.0.push(hook);
    }

    pub(crate) fn on_request(&self, request: &mut reqwest::Request, context: &HookContext) {
        for hook in &self.0 {
            hook.on_request(request, context);
        }
    }

    pub(crate) fn on_response(&self, response: &reqwest::Response, context: &HookContext) {
        for hook in &self.0 {
            hook.on_response(response, context);
        }
    }
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} hooks", self.0.len())
    }
}
