//! The README's examples of a hook and a credential source: a correlation id on every request,
//! and access tokens from the program's own store, which another part of it keeps fresh.
//!
//! Runs against the tenant at `SAIL_BASE_URL` with the access token in `SAIL_ACCESS_TOKEN`:
//! `cargo run -p sailpoint-client --example hooks_and_credentials`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use sailpoint_client::{
    reqwest, AuthError, AuthorizationValue, Client, CredentialFuture, CredentialSource, Hook,
    HookContext,
};

/// Sends `X-Correlation-Id` on every request and logs every status.
struct CorrelationId(AtomicU64);

impl Hook for CorrelationId {
    fn on_request(&self, request: &mut reqwest::Request, context: &HookContext) {
        let id = format!("my-app-{}", self.0.fetch_add(1, Ordering::Relaxed));
        if let Ok(value) = id.parse() {
            request.headers_mut().insert("x-correlation-id", value);
        }
        let _ = context.operation_id(); // None for the client's own token requests
    }

    fn on_response(&self, response: &reqwest::Response, context: &HookContext) {
        println!(
            "{:?} attempt {}: HTTP {}",
            context.operation_id(),
            context.attempt(),
            response.status()
        );
    }
}

/// A token that another part of the program keeps fresh.
struct SharedToken(Arc<RwLock<String>>);

impl CredentialSource for SharedToken {
    fn authorization(&self) -> CredentialFuture<'_, Result<AuthorizationValue, AuthError>> {
        Box::pin(async move {
            let token = self
                .0
                .read()
                .map_err(|_| AuthError::source_failed("the token lock is poisoned"))?;
            AuthorizationValue::bearer(&token)
        })
    }

    fn rejected<'a>(&'a self, rejected: &'a AuthorizationValue) -> CredentialFuture<'a, bool> {
        // Worth a replay only if the token changed since the rejected request left.
        Box::pin(async move {
            let token = self.0.read().map(|token| token.clone()).unwrap_or_default();
            AuthorizationValue::bearer(&token).is_ok_and(|current| &current != rejected)
        })
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = std::env::var("SAIL_BASE_URL")?;
    let token = Arc::new(RwLock::new(std::env::var("SAIL_ACCESS_TOKEN")?));
    let client = Client::builder()
        .base_url(base_url)
        .credential_source(SharedToken(Arc::clone(&token)))
        .hook(CorrelationId(AtomicU64::new(0)))
        .build()?;

    let tasks = client.v2024().get_task_status_list().limit(5).await?;
    println!("{} tasks", tasks.len());
    Ok(())
}
