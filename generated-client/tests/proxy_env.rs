//! The proxy environment variables (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`, their lowercase
//! forms and `NO_PROXY`), which a client reads when it is built: each sends the requests of its
//! scheme through a recording proxy on 127.0.0.1, `NO_PROXY` and `proxy_from_env(false)` send
//! them straight to the server, and an explicit `proxy` wins over all of them.
//!
//! The process environment is changed here, so this is a test binary of its own with a single
//! test that runs the cases one after another: no other test shares the process, and no other
//! thread reads the environment while it changes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]

mod common;
mod net;

use common::{lifecycle_state_body, received, start_server};
use net::{HttpProxy, Pki, TlsFront};
use sailpoint_client::{Client, ClientBuilder, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, ResponseTemplate};

/// Every variable a client may read a proxy from.
const PROXY_VARIABLES: [&str; 8] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
];

/// Sets exactly `variables` of the proxy variables, removing the others.
fn set_proxy_environment(variables: &[(&str, &str)]) {
    for name in PROXY_VARIABLES {
        std::env::remove_var(name);
    }
    std::env::remove_var("REQUEST_METHOD");
    for (name, value) in variables {
        std::env::set_var(name, value);
    }
}

/// One case: its name, the variables set, the base URL, how the builder is changed, and where
/// the request must go.
type Case<'a> = (
    &'a str,
    Vec<(&'a str, &'a str)>,
    &'a str,
    fn(ClientBuilder) -> ClientBuilder,
    Route,
);

/// What went through the proxy, and what reached the server directly, in one case.
#[derive(Debug, PartialEq, Eq)]
struct Route {
    proxied: usize,
    arrived: usize,
}

#[test]
fn the_proxy_variables_route_requests_as_curl_reads_them() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let server = start_server().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_json(lifecycle_state_body()))
            .mount(&server)
            .await;
        let pki = Pki::new("Environment Root");
        let front =
            TlsFront::start(*server.address(), pki.server_config(&pki.server(), false)).await;
        let proxy = HttpProxy::start(None).await;
        let other_proxy = HttpProxy::start(None).await;
        let proxy_url = proxy.url(None);
        let proxy_url = proxy_url.as_str();
        let http = server.uri();
        let http = http.as_str();
        let https = front.uri();
        let https = https.as_str();

        let cases: Vec<Case<'_>> = vec![
            (
                "HTTP_PROXY for http",
                vec![("HTTP_PROXY", proxy_url)],
                http,
                |b| b,
                Route {
                    proxied: 1,
                    arrived: 1,
                },
            ),
            (
                "http_proxy, lowercase",
                vec![("http_proxy", proxy_url)],
                http,
                |b| b,
                Route {
                    proxied: 1,
                    arrived: 1,
                },
            ),
            (
                "ALL_PROXY for http",
                vec![("ALL_PROXY", proxy_url)],
                http,
                |b| b,
                Route {
                    proxied: 1,
                    arrived: 1,
                },
            ),
            (
                "all_proxy for https",
                vec![("all_proxy", proxy_url)],
                https,
                |b| b,
                Route {
                    proxied: 1,
                    arrived: 1,
                },
            ),
            (
                "HTTPS_PROXY for https",
                vec![("HTTPS_PROXY", proxy_url)],
                https,
                |b| b,
                Route {
                    proxied: 1,
                    arrived: 1,
                },
            ),
            (
                "https_proxy, lowercase",
                vec![("https_proxy", proxy_url)],
                https,
                |b| b,
                Route {
                    proxied: 1,
                    arrived: 1,
                },
            ),
            (
                "HTTPS_PROXY is not for http",
                vec![("HTTPS_PROXY", proxy_url)],
                http,
                |b| b,
                Route {
                    proxied: 0,
                    arrived: 1,
                },
            ),
            (
                "HTTP_PROXY is not for https",
                vec![("HTTP_PROXY", proxy_url)],
                https,
                |b| b,
                Route {
                    proxied: 0,
                    arrived: 1,
                },
            ),
            (
                "NO_PROXY names the host",
                vec![
                    ("HTTP_PROXY", proxy_url),
                    ("NO_PROXY", "example.com,127.0.0.1"),
                ],
                http,
                |b| b,
                Route {
                    proxied: 0,
                    arrived: 1,
                },
            ),
            (
                "no_proxy, lowercase, by network",
                vec![("HTTPS_PROXY", proxy_url), ("no_proxy", "127.0.0.0/8")],
                https,
                |b| b,
                Route {
                    proxied: 0,
                    arrived: 1,
                },
            ),
            (
                "NO_PROXY names another host",
                vec![("HTTP_PROXY", proxy_url), ("NO_PROXY", "example.com")],
                http,
                |b| b,
                Route {
                    proxied: 1,
                    arrived: 1,
                },
            ),
            (
                "proxy_from_env(false)",
                vec![("HTTP_PROXY", proxy_url), ("HTTPS_PROXY", proxy_url)],
                http,
                |b| b.proxy_from_env(false),
                Route {
                    proxied: 0,
                    arrived: 1,
                },
            ),
            (
                "no variable",
                vec![],
                https,
                |b| b,
                Route {
                    proxied: 0,
                    arrived: 1,
                },
            ),
        ];
        for (name, variables, base_url, configure, route) in cases {
            set_proxy_environment(&variables);
            let before = (proxy.seen().len(), received(&server).await.len());
            let client = configure(
                Client::builder()
                    .base_url(base_url)
                    .access_token("a-token")
                    .root_certificates_pem(pki.ca_pem())
                    .retry_policy(RetryPolicy::never()),
            )
            .build()
            .unwrap();
            set_proxy_environment(&[]);
            let response = client
                .v3()
                .get_lifecycle_state("profile-1", "state-1")
                .send()
                .await;
            assert!(response.is_ok(), "{name}: {response:?}");
            let after = (proxy.seen().len(), received(&server).await.len());
            assert_eq!(
                Route {
                    proxied: after.0 - before.0,
                    arrived: after.1 - before.1,
                },
                route,
                "{name}"
            );
        }

        // An explicit proxy wins over the environment's.
        set_proxy_environment(&[("HTTP_PROXY", proxy_url), ("ALL_PROXY", proxy_url)]);
        let explicit = Client::builder()
            .base_url(http)
            .access_token("a-token")
            .proxy(other_proxy.url(None))
            .build()
            .unwrap();
        set_proxy_environment(&[]);
        let before = proxy.seen().len();
        explicit
            .v3()
            .get_lifecycle_state("profile-1", "state-1")
            .send()
            .await
            .unwrap();
        assert_eq!(proxy.seen().len(), before);
        assert_eq!(other_proxy.seen().len(), 1);

        // As in a CGI script, where a request could set it, HTTP_PROXY is not read.
        set_proxy_environment(&[("HTTP_PROXY", proxy_url), ("REQUEST_METHOD", "GET")]);
        let cgi = Client::builder()
            .base_url(http)
            .access_token("a-token")
            .build()
            .unwrap();
        set_proxy_environment(&[]);
        let before = proxy.seen().len();
        cgi.v3()
            .get_lifecycle_state("profile-1", "state-1")
            .send()
            .await
            .unwrap();
        assert_eq!(
            proxy.seen().len(),
            before,
            "HTTP_PROXY is ignored under CGI"
        );
    });
}
