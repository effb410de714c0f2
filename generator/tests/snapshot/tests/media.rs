//! Bodies that are not JSON travel as the spec says: multipart parts, URL-encoded fields, raw
//! bytes and text, in both directions.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use snapshot_fixtures::media::{
    DownloadArchiveError, GetReportSuccess, LoginRequest, Meta, PutLabelsRequest,
    UploadDocumentRequest, UploadDocumentRequestRequired,
};
use snapshot_fixtures::{Client, Error, FilePart};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::new(&server.uri(), "token").unwrap();
    (server, client)
}

fn body_text(request: &wiremock::Request) -> String {
    String::from_utf8_lossy(&request.body).into_owned()
}

#[tokio::test]
async fn multipart_forms_send_files_text_and_json_parts() {
    let (server, client) = server().await;
    Mock::given(method("POST"))
        .and(path("/v1/documents"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"title": "T"})))
        .mount(&server)
        .await;
    let form = UploadDocumentRequest::new(UploadDocumentRequestRequired {
        file: FilePart::new(b"%PDF".to_vec())
            .file_name("report.pdf")
            .content_type("application/pdf"),
        attachments: vec![FilePart::new(&b"one"[..]), FilePart::new(&b"two"[..])],
        title: "T".into(),
        tags: vec!["a".into(), "b".into()],
    })
    .with_pages(3)
    .with_meta(Meta::new().with_title("m"));
    let stored = client.media().upload_document(form).send().await.unwrap();
    assert_eq!(stored.title.as_deref(), Some("T"));

    let request = &server.received_requests().await.unwrap()[0];
    let content_type = request
        .headers
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = body_text(request);
    for expected in [
        "name=\"file\"; filename=\"report.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF",
        "name=\"attachments\"; filename=\"attachments\"",
        "\r\n\r\none\r\n",
        "\r\n\r\ntwo\r\n",
        "name=\"title\"\r\n\r\nT\r\n",
        "name=\"pages\"\r\n\r\n3\r\n",
        "name=\"tags\"\r\n\r\na\r\n",
        "name=\"tags\"\r\n\r\nb\r\n",
        "name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"title\":\"m\"}",
    ] {
        assert!(body.contains(expected), "missing {expected:?} in:\n{body}");
    }
}

#[tokio::test]
async fn url_encoded_forms_send_fields() {
    let (server, client) = server().await;
    Mock::given(method("POST"))
        .and(path("/v1/login"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let form = LoginRequest::new("a b&c").with_remember(true);
    client.media().login(form).send().await.unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(
        request.headers.get("content-type").unwrap(),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(body_text(request), "username=a+b%26c&remember=true");
}

#[tokio::test]
async fn a_form_of_any_fields_sends_each_by_its_name() {
    let (server, client) = server().await;
    Mock::given(method("PUT"))
        .and(path("/v1/labels"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let fields = [("team", "a b"), ("cost centre", "7&8")]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    client
        .media()
        .put_labels(PutLabelsRequest::new(fields))
        .send()
        .await
        .unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(
        request.headers.get("content-type").unwrap(),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(body_text(request), "cost+centre=7%268&team=a+b");
}

#[tokio::test]
async fn bytes_and_text_go_out_as_they_are() {
    let (server, client) = server().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/v1/documents/notes"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<meta/>"))
        .with_priority(1)
        .mount(&server)
        .await;
    client
        .media()
        .upload_archive(vec![0_u8, 159, 146, 150])
        .send()
        .await
        .unwrap();
    let stored = client
        .media()
        .put_notes("plain notes")
        .send()
        .await
        .unwrap();
    assert_eq!(stored.body(), "<meta/>");

    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].headers.get("content-type").unwrap(),
        "application/octet-stream"
    );
    assert_eq!(requests[0].body, [0_u8, 159, 146, 150]);
    assert_eq!(
        requests[1].headers.get("content-type").unwrap(),
        "text/plain"
    );
    assert_eq!(body_text(&requests[1]), "plain notes");
}

#[tokio::test]
async fn binary_and_text_responses_are_bytes_and_strings() {
    let (server, client) = server().await;
    Mock::given(method("GET"))
        .and(path("/v1/documents/archive"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![80_u8, 75, 3, 4]))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/documents/archive"))
        .respond_with(ResponseTemplate::new(404).set_body_string("no archive yet"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/documents/archive"))
        .respond_with(ResponseTemplate::new(409).set_body_bytes(vec![80_u8, 75, 5, 6]))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/documents/report"))
        .respond_with(ResponseTemplate::new(200).set_body_string("a,b\n1,2\n"))
        .mount(&server)
        .await;

    let archive = client.media().download_archive().send().await.unwrap();
    assert_eq!(archive.body().as_ref(), [80_u8, 75, 3, 4]);
    match client.media().download_archive().send().await {
        Err(Error::Api(DownloadArchiveError::NotFound(response))) => {
            assert_eq!(response.body(), "no archive yet")
        }
        other => panic!("expected the 404 variant, got {other:?}"),
    }
    match client.media().download_archive().send().await {
        Err(Error::Api(DownloadArchiveError::Conflict(response))) => {
            assert_eq!(response.status(), 409);
            assert_eq!(response.body().as_ref(), [80_u8, 75, 5, 6]);
        }
        other => panic!("expected the 409 variant, got {other:?}"),
    }
    let report = client.media().get_report().send().await.unwrap();
    assert_eq!(*report.body(), GetReportSuccess::Ok("a,b\n1,2\n".into()));

    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].headers.get("accept").unwrap(),
        "application/zip, text/plain"
    );
    assert_eq!(
        requests[3].headers.get("accept").unwrap(),
        "text/csv, image/png"
    );
}

#[tokio::test]
async fn text_that_is_not_utf8_is_a_decode_error() {
    let (server, client) = server().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![0xff_u8, 0xfe]))
        .mount(&server)
        .await;
    let error = client.media().get_report().send().await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Decode {
                expected: "UTF-8 text",
                ..
            }
        ),
        "{error:?}"
    );
}
