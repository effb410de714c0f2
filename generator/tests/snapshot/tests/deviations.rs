//! Classes of deviation the body test bed (`tests/body_testbed.rs`) found in the fixtures' kinds
//! of model, each pinned by the body that shows it: what the typed result holds and where the
//! deviation is reported, tolerantly and strictly.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use serde_json::json;
use snapshot_fixtures::mixing::{Event, Labels};
use snapshot_fixtures::primitives::Sample;
use snapshot_fixtures::{ApiResponse, Client, Decoding, Error, Repair};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answering(body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_owned(), "application/json"))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer, decoding: Decoding) -> Client {
    Client::builder()
        .base_url(server.uri())
        .access_token("token")
        .decoding(decoding)
        .build()
        .unwrap()
}

fn pointers<T>(response: &ApiResponse<T>) -> Vec<(&str, Repair)> {
    response
        .deviations()
        .iter()
        .map(|deviation| (deviation.pointer(), deviation.repair()))
        .collect()
}

async fn record_event(
    server: &MockServer,
    decoding: Decoding,
) -> Result<ApiResponse<Labels>, String> {
    let event: Event = serde_json::from_value(json!({"id": "e", "user": "u"})).unwrap();
    match client(server, decoding)
        .mixing()
        .record_event(event)
        .send()
        .await
    {
        Ok(labels) => Ok(labels),
        Err(Error::Decode { pointer, .. }) => Err(pointer),
        Err(other) => panic!("expected a body or Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn a_key_given_twice_among_the_properties_a_record_keeps_is_reported() {
    let server = answering(r#"{"name": "n", "team": "a", "team": "b"}"#).await;
    let labels = record_event(&server, Decoding::Tolerant).await.unwrap();
    assert_eq!(labels.additional_properties["team"], "b");
    assert_eq!(pointers(&labels), [("/team", Repair::Duplicate)]);
    assert_eq!(
        record_event(&server, Decoding::Strict).await.unwrap_err(),
        "/team"
    );
}

/// A sample as `listSamples` sends it, with `field` written as the raw JSON `raw`.
fn sample_with(field: &str, raw: &str) -> String {
    let mut sample = json!({
        "text": "t", "small": 1, "big": 2, "ratio": 0.5, "precise": 0.25, "flag": true,
        "day": "2024-05-01", "moment": "2024-05-01T10:00:00Z"
    });
    sample[field] = json!("\u{1}MARK");
    serde_json::to_string(&json!([sample]))
        .unwrap()
        .replace(r#""\u0001MARK""#, raw)
}

async fn list_samples(
    server: &MockServer,
    decoding: Decoding,
) -> Result<ApiResponse<Vec<Sample>>, String> {
    match client(server, decoding)
        .primitives()
        .list_samples()
        .send()
        .await
    {
        Ok(samples) => Ok(samples),
        Err(Error::Decode { pointer, .. }) => Err(pointer),
        Err(other) => panic!("expected a body or Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn a_date_with_spaces_around_it_is_read_as_the_date_and_reported() {
    let server = answering(&sample_with("day", r#"" 2024-05-02  ""#)).await;
    let samples = list_samples(&server, Decoding::Tolerant).await.unwrap();
    assert_eq!(samples[0].day.to_string(), "2024-05-02");
    assert_eq!(pointers(&samples), [("/0/day", Repair::TimestampCompleted)]);
    assert_eq!(
        list_samples(&server, Decoding::Strict).await.unwrap_err(),
        "/0/day"
    );
}

#[tokio::test]
async fn a_number_beyond_the_range_of_an_f32_is_not_read_as_infinity() {
    let server = answering(&sample_with("ratio", "1e39")).await;
    let samples = list_samples(&server, Decoding::Tolerant).await.unwrap();
    assert_eq!(samples[0].ratio, 0.0);
    assert!(samples[0].stand_ins().contains("ratio"));
    assert_eq!(pointers(&samples), [("/0/ratio", Repair::StandIn)]);
    assert_eq!(
        list_samples(&server, Decoding::Strict).await.unwrap_err(),
        "/0/ratio"
    );
}
