//! What the network tests run against on 127.0.0.1: a CA made in the test with the server and
//! client certificates it signs, a TLS server in front of a mock server (which can require a
//! client certificate), and HTTP and SOCKS5 proxies that record what went through them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail the test by panicking"
)]
#![allow(
    dead_code,
    reason = "each test file uses its own subset of the helpers"
)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A certificate authority made for one test, and what it signs.
pub struct Pki {
    ca: CertifiedIssuer<'static, KeyPair>,
}

/// A certificate with its private key, PEM.
pub struct Signed {
    pub certificate_pem: String,
    pub key_pem: String,
    pub der: CertificateDer<'static>,
}

impl Pki {
    /// A new CA, named `name`.
    pub fn new(name: &str) -> Self {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let key = KeyPair::generate().unwrap();
        Pki {
            ca: CertifiedIssuer::self_signed(params, key).unwrap(),
        }
    }

    /// The CA's certificate, PEM: what a client is given to trust it.
    pub fn ca_pem(&self) -> String {
        self.ca.pem()
    }

    /// A server certificate for 127.0.0.1 and localhost.
    pub fn server(&self) -> Signed {
        self.sign(
            vec!["127.0.0.1".into(), "localhost".into()],
            "test server",
            ExtendedKeyUsagePurpose::ServerAuth,
        )
    }

    /// A client certificate, for mutual TLS.
    pub fn client(&self, name: &str) -> Signed {
        self.sign(Vec::new(), name, ExtendedKeyUsagePurpose::ClientAuth)
    }

    fn sign(
        &self,
        names: Vec<String>,
        common_name: &str,
        usage: ExtendedKeyUsagePurpose,
    ) -> Signed {
        let mut params = CertificateParams::new(names).unwrap();
        params
            .distinguished_name
            .push(DnType::CommonName, common_name);
        params.extended_key_usages = vec![usage];
        let key = KeyPair::generate().unwrap();
        let certificate = params.signed_by(&key, &self.ca).unwrap();
        Signed {
            certificate_pem: certificate.pem(),
            key_pem: key.serialize_pem(),
            der: certificate.der().clone(),
        }
    }

    /// A TLS server configuration presenting `server`, asking for a client certificate this CA
    /// signed when `client_auth` is true.
    pub fn server_config(&self, server: &Signed, client_auth: bool) -> Arc<rustls::ServerConfig> {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .unwrap();
        let builder = if client_auth {
            let mut roots = rustls::RootCertStore::empty();
            roots.add(self.ca.der().clone()).unwrap();
            let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
                Arc::new(roots),
                provider,
            )
            .build()
            .unwrap();
            builder.with_client_cert_verifier(verifier)
        } else {
            builder.with_no_client_auth()
        };
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
            KeyPair::from_pem(&server.key_pem).unwrap().serialize_der(),
        ));
        Arc::new(
            builder
                .with_single_cert(vec![server.der.clone()], key)
                .unwrap(),
        )
    }
}

/// A TLS server on 127.0.0.1 that hands each connection, decrypted, to `target` (a mock
/// server), and keeps the client certificate each handshake presented.
pub struct TlsFront {
    pub addr: SocketAddr,
    client_certificates: Arc<Mutex<Vec<Option<CertificateDer<'static>>>>>,
}

impl TlsFront {
    pub async fn start(target: SocketAddr, config: Arc<rustls::ServerConfig>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let client_certificates = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&client_certificates);
        let acceptor = tokio_rustls::TlsAcceptor::from(config);
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                let seen = Arc::clone(&seen);
                tokio::spawn(async move {
                    // A handshake the client gives up on (an untrusted certificate) ends here.
                    let Ok(mut tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let presented = tls
                        .get_ref()
                        .1
                        .peer_certificates()
                        .and_then(|chain| chain.first().cloned());
                    seen.lock().unwrap().push(presented);
                    if let Ok(mut upstream) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut tls, &mut upstream).await;
                    }
                });
            }
        });
        TlsFront {
            addr,
            client_certificates,
        }
    }

    /// The base URL of the server.
    pub fn uri(&self) -> String {
        format!("https://127.0.0.1:{}", self.addr.port())
    }

    /// The client certificate of each completed handshake, in order (`None` where the client
    /// presented none).
    pub fn client_certificates(&self) -> Vec<Option<CertificateDer<'static>>> {
        self.client_certificates.lock().unwrap().clone()
    }
}

/// The `Proxy-Authorization` value of HTTP basic credentials, as a proxy receives it.
pub fn basic_credentials(user: &str, password: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = format!("{user}:{password}").into_bytes();
    let mut encoded = String::from("Basic ");
    for chunk in bytes.chunks(3) {
        let byte = |index: usize| u32::from(chunk.get(index).copied().unwrap_or(0));
        let triple = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        for sextet in 0..4 {
            if sextet <= chunk.len() {
                let index = (triple >> (18 - 6 * sextet)) & 63;
                encoded.push(char::from(ALPHABET[index as usize]));
            } else {
                encoded.push('=');
            }
        }
    }
    encoded
}

/// One request an HTTP proxy received: its request line (`GET http://host/path HTTP/1.1` or
/// `CONNECT host:port HTTP/1.1`) and its `Proxy-Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proxied {
    pub line: String,
    pub proxy_authorization: Option<String>,
}

/// An HTTP proxy on 127.0.0.1: absolute-form requests are forwarded (one per connection) and
/// `CONNECT` tunnels opened; each is recorded. With `required` credentials, a request without
/// that `Proxy-Authorization` value is answered 407.
pub struct HttpProxy {
    pub addr: SocketAddr,
    seen: Arc<Mutex<Vec<Proxied>>>,
}

impl HttpProxy {
    pub async fn start(required: Option<String>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&seen);
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let recorded = Arc::clone(&recorded);
                let required = required.clone();
                tokio::spawn(async move {
                    let _ = proxy_one(client, recorded, required).await;
                });
            }
        });
        HttpProxy { addr, seen }
    }

    /// `http://127.0.0.1:port`, with `user:password@` when given.
    pub fn url(&self, credentials: Option<(&str, &str)>) -> String {
        match credentials {
            Some((user, password)) => format!("http://{user}:{password}@{}", self.addr),
            None => format!("http://{}", self.addr),
        }
    }

    pub fn seen(&self) -> Vec<Proxied> {
        self.seen.lock().unwrap().clone()
    }
}

/// Reads a request head (through the blank line), leaving any body in the stream.
async fn read_head(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        head.push(byte[0]);
    }
    Ok(head)
}

async fn proxy_one(
    mut client: TcpStream,
    seen: Arc<Mutex<Vec<Proxied>>>,
    required: Option<String>,
) -> std::io::Result<()> {
    let head = String::from_utf8_lossy(&read_head(&mut client).await?).into_owned();
    let mut lines = head.split("\r\n");
    let line = lines.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|header| header.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let proxy_authorization = headers
        .iter()
        .find(|(name, _)| name == "proxy-authorization")
        .map(|(_, value)| value.clone());
    seen.lock().unwrap().push(Proxied {
        line: line.clone(),
        proxy_authorization: proxy_authorization.clone(),
    });
    if required.is_some() && proxy_authorization != required {
        client
            .write_all(
                b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            )
            .await?;
        return Ok(());
    }
    let mut parts = line.split(' ');
    let method = parts.next().unwrap_or_default();
    let target = parts.next().unwrap_or_default();
    if method == "CONNECT" {
        let mut upstream = TcpStream::connect(target).await?;
        client
            .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
            .await?;
        tokio::io::copy_bidirectional(&mut client, &mut upstream).await?;
        return Ok(());
    }
    let url = reqwest::Url::parse(target).map_err(std::io::Error::other)?;
    let authority = format!(
        "{}:{}",
        url.host_str().unwrap_or_default(),
        url.port_or_known_default().unwrap_or(80)
    );
    let mut upstream = TcpStream::connect(authority).await?;
    let mut forwarded = format!(
        "{method} {}{} HTTP/1.1\r\n",
        url.path(),
        url.query()
            .map(|query| format!("?{query}"))
            .unwrap_or_default()
    );
    for (name, value) in &headers {
        if name != "proxy-authorization" && name != "connection" && name != "proxy-connection" {
            forwarded.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    forwarded.push_str("connection: close\r\n\r\n");
    upstream.write_all(forwarded.as_bytes()).await?;
    tokio::io::copy_bidirectional(&mut client, &mut upstream).await?;
    Ok(())
}

/// A SOCKS5 proxy on 127.0.0.1 without authentication that records the destination of each
/// `CONNECT` (an address, or a name the proxy resolves) and relays the connection.
pub struct SocksProxy {
    pub addr: SocketAddr,
    destinations: Arc<Mutex<Vec<String>>>,
}

impl SocksProxy {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let destinations = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&destinations);
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let recorded = Arc::clone(&recorded);
                tokio::spawn(async move {
                    let _ = socks_one(client, recorded).await;
                });
            }
        });
        SocksProxy { addr, destinations }
    }

    pub fn destinations(&self) -> Vec<String> {
        self.destinations.lock().unwrap().clone()
    }
}

async fn socks_one(mut client: TcpStream, seen: Arc<Mutex<Vec<String>>>) -> std::io::Result<()> {
    let mut greeting = [0u8; 2];
    client.read_exact(&mut greeting).await?;
    if greeting[0] == 4 {
        return socks4_one(client, greeting[1], seen).await;
    }
    let mut methods = vec![0u8; usize::from(greeting[1])];
    client.read_exact(&mut methods).await?;
    // Version 5, no authentication.
    client.write_all(&[5, 0]).await?;
    let mut request = [0u8; 4];
    client.read_exact(&mut request).await?;
    let host = match request[3] {
        1 => {
            let mut ip = [0u8; 4];
            client.read_exact(&mut ip).await?;
            std::net::Ipv4Addr::from(ip).to_string()
        }
        3 => {
            let mut length = [0u8; 1];
            client.read_exact(&mut length).await?;
            let mut name = vec![0u8; usize::from(length[0])];
            client.read_exact(&mut name).await?;
            String::from_utf8_lossy(&name).into_owned()
        }
        _ => return Err(std::io::ErrorKind::Unsupported.into()),
    };
    let mut port = [0u8; 2];
    client.read_exact(&mut port).await?;
    let destination = format!("{host}:{}", u16::from_be_bytes(port));
    seen.lock().unwrap().push(destination.clone());
    let mut upstream = TcpStream::connect(destination).await?;
    client.write_all(&[5, 0, 0, 1, 0, 0, 0, 0, 0, 0]).await?;
    tokio::io::copy_bidirectional(&mut client, &mut upstream).await?;
    Ok(())
}

/// SOCKS4 (an IPv4 address) and SOCKS4a (`0.0.0.x` and the name after the user id): version 4,
/// then `command`, already read, then port, address and a NUL-terminated user id.
async fn socks4_one(
    mut client: TcpStream,
    command: u8,
    seen: Arc<Mutex<Vec<String>>>,
) -> std::io::Result<()> {
    if command != 1 {
        return Err(std::io::ErrorKind::Unsupported.into());
    }
    let mut port_and_ip = [0u8; 6];
    client.read_exact(&mut port_and_ip).await?;
    let port = u16::from_be_bytes([port_and_ip[0], port_and_ip[1]]);
    let ip = [
        port_and_ip[2],
        port_and_ip[3],
        port_and_ip[4],
        port_and_ip[5],
    ];
    read_until_nul(&mut client).await?;
    let host = if ip[..3] == [0, 0, 0] && ip[3] != 0 {
        String::from_utf8_lossy(&read_until_nul(&mut client).await?).into_owned()
    } else {
        std::net::Ipv4Addr::from(ip).to_string()
    };
    let destination = format!("{host}:{port}");
    seen.lock().unwrap().push(destination.clone());
    let mut upstream = TcpStream::connect(destination).await?;
    // Granted.
    client.write_all(&[0, 0x5a, 0, 0, 0, 0, 0, 0]).await?;
    tokio::io::copy_bidirectional(&mut client, &mut upstream).await?;
    Ok(())
}

async fn read_until_nul(client: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    loop {
        let mut byte = [0u8; 1];
        client.read_exact(&mut byte).await?;
        if byte[0] == 0 {
            return Ok(bytes);
        }
        bytes.push(byte[0]);
    }
}
