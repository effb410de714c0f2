//! Bounded response bodies: a body that never ends, a `Content-Length` of 9 GB, a body one byte
//! over the limit with or without a `Content-Length`, and the same for the token response. Each
//! ends the call with a typed error naming the limit and how to raise it, without reading far
//! past the limit, and is retried as a transport failure is.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]

mod common;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::{fast_retries, received, start_server, token_body, TOKEN};
use sailpoint_client::{
    AuthError, Client, Error, RetryPolicy, DEFAULT_MAX_RESPONSE_BODY_SIZE, MAX_TOKEN_RESPONSE_SIZE,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, ResponseTemplate};

const MIB: u64 = 1024 * 1024;
/// Every test ends well within this, or fails instead of hanging (the client's own request
/// timeout is 60 s, longer than this).
const BOUND: Duration = Duration::from_secs(30);
/// What the kernel may hold in socket buffers between the server and the client, which the
/// server counts as written although the client never read it.
const SOCKET_BUFFERS: u64 = 32 * MIB;

/// How a hostile server answers.
#[derive(Clone, Copy)]
enum Answer {
    /// 200 with a chunked body that never ends.
    Endless,
    /// 200 declaring this `Content-Length`, then sending zeros until the client goes.
    Declared(u64),
}

/// A loopback server that answers every request as `answer` says (token requests with a token
/// when `tokens` is set) and counts the body bytes it managed to write. The handle ends when
/// the connection it is writing to is closed.
async fn hostile_server(answer: Answer, tokens: bool) -> (String, Arc<AtomicU64>, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let written = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&written);
    let task = tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let head = read_head(&mut stream).await;
            if tokens && head.starts_with("POST /oauth/token ") {
                let body = token_body(TOKEN, 3600).to_string();
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(response.as_bytes()).await;
                continue;
            }
            flood(stream, answer, &counter).await;
            return;
        }
    });
    (base_url, written, task)
}

async fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut buffer = [0; 4096];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => break,
            Ok(read) => head.extend_from_slice(&buffer[..read]),
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

/// Writes the answer's head, then body bytes until a write fails.
async fn flood(mut stream: TcpStream, answer: Answer, written: &AtomicU64) {
    let head = match answer {
        Answer::Endless => {
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
                .to_owned()
        }
        Answer::Declared(length) => format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {length}\r\n\r\n"
        ),
    };
    if stream.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    let data = vec![b' '; 64 * 1024];
    let chunk = match answer {
        Answer::Endless => {
            let mut chunk = format!("{:x}\r\n", data.len()).into_bytes();
            chunk.extend_from_slice(&data);
            chunk.extend_from_slice(b"\r\n");
            chunk
        }
        Answer::Declared(_) => data,
    };
    while stream.write_all(&chunk).await.is_ok() {
        written.fetch_add(chunk.len() as u64, Ordering::Relaxed);
    }
}

fn client(base_url: &str, limit: Option<u64>) -> Client {
    let builder = Client::builder()
        .base_url(base_url)
        .access_token(TOKEN)
        .retry_policy(RetryPolicy::never());
    match limit {
        Some(limit) => builder.max_response_body_size(limit),
        None => builder,
    }
    .build()
    .unwrap()
}

async fn bounded<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(BOUND, future)
        .await
        .expect("ends in time")
}

fn assert_message_names_the_limit(error: &impl std::fmt::Display, limit: u64) {
    let message = error.to_string();
    assert!(message.contains(&format!("{limit} bytes")), "{message}");
    assert!(message.contains("max_response_body_size"), "{message}");
}

#[tokio::test]
async fn an_endless_body_ends_the_call_at_the_limit_without_reading_on() {
    let (base_url, written, server) = hostile_server(Answer::Endless, false).await;
    let client = client(&base_url, Some(MIB));

    let error = bounded(client.v2024().get_task_status_list().send())
        .await
        .expect_err("the body is over the limit");

    let Error::ResponseTooLarge {
        status,
        limit,
        content_length,
    } = &error
    else {
        panic!("expected Error::ResponseTooLarge, got {error:?}");
    };
    assert_eq!((status.as_u16(), *limit, *content_length), (200, MIB, None));
    assert_eq!(error.status().map(|status| status.as_u16()), Some(200));
    assert_message_names_the_limit(&error, MIB);
    // The client hung up: the server's writes fail soon after the limit.
    bounded(server).await.unwrap();
    let sent = written.load(Ordering::Relaxed);
    assert!(
        sent < MIB + SOCKET_BUFFERS,
        "the server wrote {sent} bytes before the client hung up"
    );
}

#[tokio::test]
async fn an_endless_body_is_cut_at_the_default_limit_too() {
    let (base_url, written, server) = hostile_server(Answer::Endless, false).await;
    let client = client(&base_url, None);

    let error = bounded(client.v2024().get_task_status_list().send())
        .await
        .expect_err("the body is over the limit");

    assert!(
        matches!(&error, Error::ResponseTooLarge { limit, .. } if *limit == DEFAULT_MAX_RESPONSE_BODY_SIZE),
        "{error:?}"
    );
    bounded(server).await.unwrap();
    assert!(written.load(Ordering::Relaxed) < DEFAULT_MAX_RESPONSE_BODY_SIZE + SOCKET_BUFFERS);
}

#[tokio::test]
async fn a_content_length_of_9_gb_is_refused_before_the_body_is_read() {
    let (base_url, written, server) = hostile_server(Answer::Declared(9_000_000_000), false).await;
    let client = client(&base_url, None);

    let error = bounded(client.v2024().get_task_status_list().send())
        .await
        .expect_err("the body is over the limit");

    let Error::ResponseTooLarge { content_length, .. } = &error else {
        panic!("expected Error::ResponseTooLarge, got {error:?}");
    };
    assert_eq!(*content_length, Some(9_000_000_000));
    let message = error.to_string();
    assert!(message.contains("Content-Length: 9000000000"), "{message}");
    assert_message_names_the_limit(&error, DEFAULT_MAX_RESPONSE_BODY_SIZE);
    bounded(server).await.unwrap();
    // Nothing was read: what the server wrote fits in the socket buffers.
    assert!(written.load(Ordering::Relaxed) < SOCKET_BUFFERS);
}

#[tokio::test]
async fn a_body_at_the_limit_is_read_and_one_byte_more_is_refused() {
    let server = start_server().await;
    let client = |limit| {
        Client::builder()
            .base_url(server.uri())
            .access_token(TOKEN)
            .retry_policy(RetryPolicy::never())
            .max_response_body_size(limit)
            .build()
            .unwrap()
    };
    let body = "[]".to_owned() + &" ".repeat(98);
    assert_eq!(body.len(), 100);
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;

    let ok = client(100).v2024().get_task_status_list().send().await;
    assert!(ok.expect("exactly at the limit").is_empty());

    let error = client(99)
        .v2024()
        .get_task_status_list()
        .send()
        .await
        .expect_err("one byte over");
    assert!(
        matches!(
            &error,
            Error::ResponseTooLarge {
                limit: 99,
                content_length: Some(100),
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_oversized_body_is_retried_for_get_but_not_for_post_like_a_transport_failure() {
    let server = start_server().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![b' '; 500], "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .retry_policy(fast_retries().max_attempts(3))
        .max_response_body_size(100)
        .build()
        .unwrap();

    let error = client
        .v2024()
        .get_task_status_list()
        .send()
        .await
        .expect_err("too large");
    assert!(
        matches!(&error, Error::ResponseTooLarge { .. }),
        "{error:?}"
    );
    assert_eq!(received(&server).await.len(), 3, "GET is retried");

    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(201).set_body_raw(vec![b' '; 500], "application/json"))
        .mount(&server)
        .await;
    let error = client
        .v3()
        .create_lifecycle_state("p", sailpoint_client::v3::LifecycleState::new("contractor"))
        .send()
        .await
        .expect_err("too large");
    assert!(
        matches!(&error, Error::ResponseTooLarge { .. }),
        "{error:?}"
    );
    assert_eq!(received(&server).await.len(), 1, "POST is not");
}

// ---------------------------------------------------------------------------------------------
// The token response
// ---------------------------------------------------------------------------------------------

fn credentials_client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .client_credentials("id", "secret")
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_endless_token_response_is_cut_at_the_token_limit() {
    let (base_url, written, server) = hostile_server(Answer::Endless, false).await;
    let client = credentials_client(&base_url);

    let error = bounded(client.v2024().get_task_status_list().send())
        .await
        .expect_err("no token");

    let Error::Auth(AuthError::ResponseTooLarge { limit, url }) = &error else {
        panic!("expected AuthError::ResponseTooLarge, got {error:?}");
    };
    assert_eq!(*limit, MAX_TOKEN_RESPONSE_SIZE);
    assert_eq!(*url, format!("{base_url}/oauth/token"));
    assert!(error
        .to_string()
        .contains(&format!("{MAX_TOKEN_RESPONSE_SIZE} bytes")));
    bounded(server).await.unwrap();
    assert!(written.load(Ordering::Relaxed) < MAX_TOKEN_RESPONSE_SIZE + SOCKET_BUFFERS);
}

#[tokio::test]
async fn a_token_response_declaring_9_gb_is_refused_unread() {
    let (base_url, written, server) = hostile_server(Answer::Declared(9_000_000_000), false).await;
    let client = credentials_client(&base_url);

    let error = bounded(client.v2024().get_task_status_list().send())
        .await
        .expect_err("no token");

    assert!(
        matches!(&error, Error::Auth(AuthError::ResponseTooLarge { .. })),
        "{error:?}"
    );
    bounded(server).await.unwrap();
    assert!(written.load(Ordering::Relaxed) < SOCKET_BUFFERS);
}

#[tokio::test]
async fn the_token_limit_is_the_clients_limit_when_that_is_smaller() {
    let server = start_server().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("a-token", 3600)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .client_credentials("id", "secret")
        .retry_policy(RetryPolicy::never())
        .max_response_body_size(10)
        .build()
        .unwrap();

    let error = client
        .v2024()
        .get_task_status_list()
        .send()
        .await
        .expect_err("the token response is over 10 bytes");

    assert!(
        matches!(
            &error,
            Error::Auth(AuthError::ResponseTooLarge { limit: 10, .. })
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_endless_body_after_a_good_token_is_cut_as_any_body() {
    let (base_url, _, server) = hostile_server(Answer::Endless, true).await;
    let client = Client::builder()
        .base_url(&base_url)
        .client_credentials("id", "secret")
        .retry_policy(RetryPolicy::never())
        .max_response_body_size(MIB)
        .build()
        .unwrap();

    let error = bounded(client.v2024().get_task_status_list().send())
        .await
        .expect_err("the body is over the limit");

    assert!(
        matches!(&error, Error::ResponseTooLarge { limit, .. } if *limit == MIB),
        "{error:?}"
    );
    bounded(server).await.unwrap();
}
