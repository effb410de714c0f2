// The test doubles' machinery is the runtime's; the server is this crate's, so that it has a
// method per API module (`server.{{ first_module }}()`) and gives this crate's `Client`.
pub use ::client_runtime::mock::*;

/// A loopback HTTP server standing in for the API, with a typed way to declare what each
/// operation answers: the runtime's [`MockServer`](::client_runtime::mock::MockServer), which it
/// dereferences to, with a method per API module that mirrors the client's.
///
/// # Panics
///
/// Like any test double, it reports failure by panicking, which fails the test: when it is
/// dropped (or `verify` is called) after a request that matched no expectation, or with an
/// expectation whose `expect(n)` count was not met.
pub struct MockServer(::client_runtime::mock::MockServer);

impl MockServer {
    /// Starts a server on a free port of 127.0.0.1. It stops when dropped.
    ///
    /// # Panics
    ///
    /// When no local port can be bound.
    pub async fn start() -> MockServer {
        MockServer(::client_runtime::mock::MockServer::start_for::<crate::Client>(crate::MOCK_ROUTES).await)
    }

    /// A client builder for this server that sends [`MOCK_ACCESS_TOKEN`] and retries fast, with
    /// no rate limit (see [`client_builder`](::client_runtime::mock::MockServer::client_builder)).
    pub fn client_builder(&self) -> crate::ClientBuilder {
        self.0.client_builder_for()
    }

    /// A client for this server, as [`client_builder`](Self::client_builder) configures it.
    ///
    /// # Panics
    ///
    /// Never in practice: the server's own URL is always a valid base URL.
    pub fn client(&self) -> crate::Client {
        self.0.client_for()
    }
}

impl std::ops::Deref for MockServer {
    type Target = ::client_runtime::mock::MockServer;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.0, f)
    }
}
