//! Networking as enterprise networks need it, against servers on 127.0.0.1: a TLS server whose
//! certificate a CA made in the test signed, trusted only through `root_certificates_pem`;
//! mutual TLS with `client_certificate_pem`; HTTP proxies (absolute-form requests and `CONNECT`
//! tunnels, with credentials) and SOCKS4, 4a, 5 and 5h proxies that record what went through them, and
//! `proxy_bypass`; the `User-Agent` suffix; certificate checks turned off only loudly; and no
//! proxy password or private key in `Debug` output or errors. (The proxy environment
//! variables have their own test binary, `proxy_env.rs`.)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]

mod common;
mod net;

use std::time::Duration;

use common::{closed_port, header, lifecycle_state_body, received, start_server, token_body};
use net::{basic_credentials as basic, HttpProxy, Pki, Proxied, SocksProxy, TlsFront};
use sailpoint_client::{
    Client, ClientBuilder, ConfigError, Error, RetryPolicy, DEFAULT_USER_AGENT,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROXY_PASSWORD: &str = "proxy-PW-31f6";
const STATE_PATH: &str = "/v3/identity-profiles/profile-1/lifecycle-states/state-1";

/// A mock server answering the lifecycle state and the token endpoint.
async fn tenant() -> MockServer {
    let server = start_server().await;
    Mock::given(method("GET"))
        .and(path(STATE_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(lifecycle_state_body()))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("proxied-token", 3600)))
        .mount(&server)
        .await;
    server
}

/// A builder for `base_url` with a static token and a single attempt per call.
fn builder(base_url: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .access_token("a-token")
        .retry_policy(RetryPolicy::never())
        .request_timeout(Duration::from_secs(10))
        .proxy_from_env(false)
}

async fn get_state(
    client: &Client,
) -> Result<(), Error<sailpoint_client::v3::GetLifecycleStateError>> {
    client
        .v3()
        .get_lifecycle_state("profile-1", "state-1")
        .send()
        .await
        .map(|response| assert_eq!(response.status(), 200))
}

/// The whole chain of causes of an error, as one line.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(" <- ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[tokio::test]
async fn a_server_signed_by_a_private_ca_is_trusted_only_with_its_bundle() {
    let server = tenant().await;
    let pki = Pki::new("Private Test Root");
    let front = TlsFront::start(*server.address(), pki.server_config(&pki.server(), false)).await;

    let untrusting = builder(&front.uri()).build().unwrap();
    let error = get_state(&untrusting).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(
        chain(&error).contains("certificate"),
        "the failure names the certificate: {}",
        chain(&error)
    );
    assert!(
        received(&server).await.is_empty(),
        "nothing went past the handshake"
    );

    let trusting = builder(&front.uri())
        .root_certificates_pem(pki.ca_pem())
        .build()
        .unwrap();
    get_state(&trusting).await.unwrap();

    // A bundle holds many certificates: the one that signed the server's may be any of them.
    let other = Pki::new("Another Root");
    let bundle = format!("{}\n{}", other.ca_pem(), pki.ca_pem());
    let from_bundle = builder(&front.uri())
        .root_certificates_pem(bundle)
        .build()
        .unwrap();
    get_state(&from_bundle).await.unwrap();

    // Two bundles add up, in either order.
    let from_two = builder(&front.uri())
        .root_certificates_pem(pki.ca_pem())
        .root_certificates_pem(other.ca_pem())
        .build()
        .unwrap();
    get_state(&from_two).await.unwrap();
    let only_the_other = builder(&front.uri())
        .root_certificates_pem(other.ca_pem())
        .build()
        .unwrap();
    assert!(matches!(
        get_state(&only_the_other).await,
        Err(Error::Transport(_))
    ));
}

#[tokio::test]
async fn a_server_that_requires_a_client_certificate_gets_the_one_given() {
    let server = tenant().await;
    let pki = Pki::new("Mutual TLS Root");
    let front = TlsFront::start(*server.address(), pki.server_config(&pki.server(), true)).await;
    let client_certificate = pki.client("sync-job");

    let anonymous = builder(&front.uri())
        .root_certificates_pem(pki.ca_pem())
        .build()
        .unwrap();
    let error = get_state(&anonymous).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(received(&server).await.is_empty());

    let identified = builder(&front.uri())
        .root_certificates_pem(pki.ca_pem())
        .client_certificate_pem(
            client_certificate.certificate_pem.clone(),
            client_certificate.key_pem.clone(),
        )
        .build()
        .unwrap();
    get_state(&identified).await.unwrap();
    assert_eq!(
        front.client_certificates(),
        vec![Some(client_certificate.der.clone())],
        "the server saw exactly the certificate given, and only on the call that gave it"
    );

    // A certificate another CA signed is refused by the server.
    let stranger = Pki::new("Stranger").client("intruder");
    let refused = builder(&front.uri())
        .root_certificates_pem(pki.ca_pem())
        .client_certificate_pem(stranger.certificate_pem, stranger.key_pem)
        .build()
        .unwrap();
    assert!(matches!(
        get_state(&refused).await,
        Err(Error::Transport(_))
    ));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn an_http_proxy_carries_plain_requests_in_absolute_form_with_its_credentials() {
    let server = tenant().await;
    let required = basic("proxy-user", PROXY_PASSWORD);
    let proxy = HttpProxy::start(Some(required.clone())).await;
    let client = Client::builder()
        .base_url(server.uri())
        .client_credentials("client-id", "client-secret")
        .retry_policy(RetryPolicy::never())
        .proxy(proxy.url(Some(("proxy-user", PROXY_PASSWORD))))
        .build()
        .unwrap();

    get_state(&client).await.unwrap();

    let base = server.uri();
    assert_eq!(
        proxy.seen(),
        vec![
            Proxied {
                line: format!("POST {base}/oauth/token HTTP/1.1"),
                proxy_authorization: Some(required.clone()),
            },
            Proxied {
                line: format!("GET {base}{STATE_PATH} HTTP/1.1"),
                proxy_authorization: Some(required),
            },
        ],
        "the token request and the call both went through the proxy"
    );
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(
        header(&requests[1], "authorization"),
        Some("Bearer proxied-token")
    );
}

#[tokio::test]
async fn a_proxy_that_refuses_the_credentials_is_an_error_without_the_password() {
    let server = tenant().await;
    let proxy = HttpProxy::start(Some(basic("proxy-user", "the-right-one"))).await;
    let client = builder(&server.uri())
        .proxy(proxy.url(Some(("proxy-user", PROXY_PASSWORD))))
        .build()
        .unwrap();

    let error = get_state(&client).await.unwrap_err();
    match &error {
        Error::UnexpectedStatus(response) => assert_eq!(response.status(), 407),
        other => panic!("expected the proxy's 407, got {other:?}"),
    }
    for shown in [chain(&error), format!("{error:?}")] {
        assert!(!shown.contains(PROXY_PASSWORD), "{shown}");
    }
    assert!(received(&server).await.is_empty());

    // Nor when the proxy cannot be reached at all.
    let unreachable = builder(&server.uri())
        .proxy(format!(
            "http://proxy-user:{PROXY_PASSWORD}@127.0.0.1:{}",
            closed_port()
        ))
        .build()
        .unwrap();
    let error = get_state(&unreachable).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    for shown in [chain(&error), format!("{error:?}")] {
        assert!(!shown.contains(PROXY_PASSWORD), "{shown}");
    }
}

#[tokio::test]
async fn https_goes_through_an_http_proxy_in_a_connect_tunnel() {
    let server = tenant().await;
    let pki = Pki::new("Tunnel Root");
    let front = TlsFront::start(*server.address(), pki.server_config(&pki.server(), false)).await;
    let required = basic("tunnel-user", PROXY_PASSWORD);
    let proxy = HttpProxy::start(Some(required.clone())).await;
    let client = builder(&front.uri())
        .root_certificates_pem(pki.ca_pem())
        .proxy(proxy.url(Some(("tunnel-user", PROXY_PASSWORD))))
        .build()
        .unwrap();

    get_state(&client).await.unwrap();

    assert_eq!(
        proxy.seen(),
        vec![Proxied {
            line: format!("CONNECT 127.0.0.1:{} HTTP/1.1", front.addr.port()),
            proxy_authorization: Some(required),
        }],
        "the proxy sees where the tunnel goes, and nothing of the request inside it"
    );
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn an_https_proxy_is_reached_over_tls_trusted_through_the_given_roots() {
    let server = tenant().await;
    let pki = Pki::new("Proxy Root");
    let proxy = HttpProxy::start(None).await;
    let tls_proxy = TlsFront::start(proxy.addr, pki.server_config(&pki.server(), false)).await;
    let proxy_url = tls_proxy
        .uri()
        .replace("https://", "https://proxy-user:proxy-pw@");

    let untrusting = builder(&server.uri()).proxy(&proxy_url).build().unwrap();
    let error = get_state(&untrusting).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(
        proxy.seen().is_empty() && received(&server).await.is_empty(),
        "nothing went past the proxy's handshake"
    );

    let client = builder(&server.uri())
        .root_certificates_pem(pki.ca_pem())
        .proxy(&proxy_url)
        .build()
        .unwrap();
    get_state(&client).await.unwrap();
    assert_eq!(
        proxy.seen(),
        vec![Proxied {
            line: format!("GET {}{STATE_PATH} HTTP/1.1", server.uri()),
            proxy_authorization: Some(basic("proxy-user", "proxy-pw")),
        }],
        "the request went in absolute form through the TLS connection to the proxy"
    );
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn the_hosts_of_proxy_bypass_are_reached_directly() {
    let server = tenant().await;
    let proxy = HttpProxy::start(None).await;
    for bypass in ["127.0.0.1", "localhost, 127.0.0.0/8", "*"] {
        let before = received(&server).await.len();
        let client = builder(&server.uri())
            .proxy(proxy.url(None))
            .proxy_bypass(bypass)
            .build()
            .unwrap();
        get_state(&client).await.unwrap();
        assert_eq!(received(&server).await.len(), before + 1, "{bypass}");
    }
    assert_eq!(proxy.seen(), Vec::new(), "the proxy saw nothing");

    let elsewhere = builder(&server.uri())
        .proxy(proxy.url(None))
        .proxy_bypass("tenant.example.com, 10.0.0.0/8")
        .build()
        .unwrap();
    get_state(&elsewhere).await.unwrap();
    assert_eq!(proxy.seen().len(), 1, "other hosts do not bypass it");
}

#[tokio::test]
async fn a_socks5_proxy_carries_the_connection_and_socks5h_leaves_the_name_to_it() {
    let server = tenant().await;
    let port = server.address().port();
    let proxy = SocksProxy::start().await;

    let client = builder(&server.uri())
        .proxy(format!("socks5://{}", proxy.addr))
        .build()
        .unwrap();
    get_state(&client).await.unwrap();
    assert_eq!(proxy.destinations(), vec![format!("127.0.0.1:{port}")]);

    let by_name = builder(&format!("http://localhost:{port}"))
        .proxy(format!("socks5h://{}", proxy.addr))
        .build()
        .unwrap();
    get_state(&by_name).await.unwrap();
    assert_eq!(
        proxy.destinations(),
        vec![format!("127.0.0.1:{port}"), format!("localhost:{port}")],
        "with socks5h the proxy resolves the name"
    );
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_socks4_proxy_carries_the_connection_and_socks4a_leaves_the_name_to_it() {
    let server = tenant().await;
    let port = server.address().port();
    let proxy = SocksProxy::start().await;

    let client = builder(&server.uri())
        .proxy(format!("socks4://{}", proxy.addr))
        .build()
        .unwrap();
    get_state(&client).await.unwrap();
    assert_eq!(proxy.destinations(), vec![format!("127.0.0.1:{port}")]);

    let by_name = builder(&format!("http://localhost:{port}"))
        .proxy(format!("socks4a://{}", proxy.addr))
        .build()
        .unwrap();
    get_state(&by_name).await.unwrap();
    assert_eq!(
        proxy.destinations(),
        vec![format!("127.0.0.1:{port}"), format!("localhost:{port}")],
        "with socks4a the proxy resolves the name"
    );
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn the_user_agent_names_the_calling_tool_after_the_client() {
    let server = tenant().await;
    let suffixed = builder(&server.uri())
        .user_agent_suffix("my-sync/2.3")
        .build()
        .unwrap();
    get_state(&suffixed).await.unwrap();
    let own = builder(&server.uri())
        .user_agent("acme-portal/7")
        .user_agent_suffix("  nightly-job/1  ")
        .build()
        .unwrap();
    get_state(&own).await.unwrap();
    let plain = builder(&server.uri()).build().unwrap();
    get_state(&plain).await.unwrap();

    let agents: Vec<String> = received(&server)
        .await
        .iter()
        .map(|request| header(request, "user-agent").unwrap().to_owned())
        .collect();
    assert_eq!(
        agents,
        vec![
            format!("{DEFAULT_USER_AGENT} my-sync/2.3"),
            "acme-portal/7 nightly-job/1".to_owned(),
            DEFAULT_USER_AGENT.to_owned(),
        ]
    );

    let error = builder(&server.uri())
        .user_agent_suffix("tool\n/1")
        .build()
        .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("the setting `user_agent_suffix` in the client builder is invalid"),
        "{error}"
    );
}

#[tokio::test]
async fn certificate_checks_go_off_only_by_the_danger_method_and_say_so() {
    let server = tenant().await;
    let pki = Pki::new("Unknown Root");
    let front = TlsFront::start(*server.address(), pki.server_config(&pki.server(), false)).await;

    let careless = builder(&front.uri())
        .danger_accept_invalid_certificates()
        .build()
        .unwrap();
    get_state(&careless).await.unwrap();
    assert!(
        format!("{careless:?}")
            .contains("certificate_checks: \"OFF (danger_accept_invalid_certificates)\""),
        "{careless:?}"
    );
    let careful = builder(&front.uri()).build().unwrap();
    assert!(
        format!("{careful:?}").contains("certificate_checks: \"on\""),
        "{careful:?}"
    );
    assert!(get_state(&careful).await.is_err());
}

#[test]
fn settings_that_cannot_be_read_are_refused_by_name_without_their_secrets() {
    let pki = Pki::new("Root");
    let client = pki.client("someone");
    let base = "https://tenant.example.com";
    let refused = |builder: ClientBuilder| -> String {
        match builder.build() {
            Err(error @ ConfigError::Invalid { .. }) => error.to_string(),
            other => panic!("expected an invalid setting, got {other:?}"),
        }
    };

    let message = refused(builder(base).root_certificates_pem("not a certificate"));
    assert_eq!(
        message,
        "the setting `root_certificates_pem` in the client builder is invalid: the PEM text given first holds no PEM certificate (`-----BEGIN CERTIFICATE-----`)"
    );
    let message = refused(
        builder(base)
            .root_certificates_pem(pki.ca_pem())
            .root_certificates_pem("-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n"),
    );
    assert!(
        message.contains("the PEM text given second holds a certificate that is not valid PEM"),
        "{message}"
    );

    let message = refused(builder(base).client_certificate_pem("no chain", client.key_pem.clone()));
    assert!(
        message.contains("`client_certificate_pem`")
            && message.contains("certificate chain holds no PEM certificate"),
        "{message}"
    );
    let secret_key =
        "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY";
    let error = builder(base)
        .client_certificate_pem(client.certificate_pem.clone(), secret_key)
        .build()
        .unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("`client_certificate_pem`"), "{shown}");
    assert!(
        !shown.contains("c2VjcmV0"),
        "the key never appears: {shown}"
    );

    let password_url = format!("ftp://user:{PROXY_PASSWORD}@proxy.example:21");
    let message = refused(builder(base).proxy(password_url));
    assert_eq!(
        message,
        "the setting `proxy` in the client builder is invalid: `ftp://user:[redacted]@proxy.example:21` is no proxy URL: its scheme `ftp` is none of http, https, socks5, socks5h, socks4 and socks4a"
    );
    let message = refused(builder(base).proxy_bypass("internal.example"));
    assert_eq!(
        message,
        "the setting `proxy_bypass` in the client builder is invalid: it says which hosts the proxy that `proxy` names is not used for, and no proxy is named (for a proxy from the environment, `NO_PROXY` says it)"
    );
    let message = refused(builder(base).proxy(format!("http://user:{PROXY_PASSWORD}@")));
    assert!(!message.contains(PROXY_PASSWORD), "{message}");

    // A client of the caller's own brings its own network settings: asking for others too is
    // refused rather than ignored.
    let message = refused(
        builder(base)
            .http_client(reqwest::Client::new())
            .proxy("http://proxy.example:3128")
            .root_certificates_pem(pki.ca_pem())
            .danger_accept_invalid_certificates(),
    );
    assert_eq!(
        message,
        "the setting `http_client` in the client builder is invalid: a `reqwest::Client` of your own brings its own network settings, so `proxy`, `proxy_from_env`, `root_certificates_pem`, `danger_accept_invalid_certificates` cannot apply to it: set them on that client, or leave it out"
    );
}

#[test]
fn debug_output_shows_the_network_settings_but_no_password_or_key() {
    let pki = Pki::new("Root");
    let client_certificate = pki.client("someone");
    let key_body = client_certificate
        .key_pem
        .lines()
        .nth(1)
        .unwrap()
        .to_owned();
    let builder = Client::builder()
        .base_url("https://tenant.example.com")
        .access_token("a-token")
        .proxy(format!(
            "http://proxy-user:{PROXY_PASSWORD}@proxy.example:3128"
        ))
        .proxy_bypass("internal.example")
        .root_certificates_pem(pki.ca_pem())
        .client_certificate_pem(
            client_certificate.certificate_pem.clone(),
            client_certificate.key_pem.clone(),
        )
        .user_agent_suffix("my-sync/2.3");
    let shown_builder = format!("{builder:?}");
    let client = builder.build().unwrap();
    let shown_client = format!("{client:?}");
    for shown in [&shown_builder, &shown_client] {
        assert!(!shown.contains(PROXY_PASSWORD), "{shown}");
        assert!(!shown.contains(&key_body), "{shown}");
        assert!(
            shown.contains(
                "Network { proxy: \"http://proxy-user:[redacted]@proxy.example:3128\", proxy_bypass: Some(\"internal.example\"), extra_root_certificates: 1, client_certificate: true, certificate_checks: \"on\" }"
            ),
            "{shown}"
        );
    }
    assert!(
        shown_builder.contains("user_agent_suffix: Some(\"my-sync/2.3\")"),
        "{shown_builder}"
    );
}
