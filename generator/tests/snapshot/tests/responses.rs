//! Responses that are not the usual typed 2XX: an operation that documents only redirects
//! answers with the redirect and its `Location` (with `follow_redirects(false)`), one that
//! documents only `default` or nothing succeeds untyped, a `oneOf` of string or integer
//! constants decodes each value to its own variant, and alternatives JSON cannot tell apart
//! (the same type, or an earlier shape that takes a later one's JSON) decode as the first.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use snapshot_fixtures::const_enums::{ChannelKind, ChannelType};
use snapshot_fixtures::recursion::Expr;
use snapshot_fixtures::redirects::{Contact, GetDownloadError, Redirect};
use snapshot_fixtures::PerCall;
use snapshot_fixtures::{Client, Decoding, Error, Repair};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder()
        .base_url(server.uri())
        .access_token("token")
        .follow_redirects(false)
        .build()
        .unwrap();
    (server, client)
}

#[tokio::test]
async fn a_documented_redirect_is_the_success_when_redirects_are_not_followed() {
    let (server, client) = server().await;
    let elsewhere = format!("{}/files/report.pdf", server.uri());
    Mock::given(method("GET"))
        .and(path("/downloads/7"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", elsewhere.as_str()))
        .mount(&server)
        .await;
    // Were the redirect followed, this would answer instead, and the call would fail.
    Mock::given(method("GET"))
        .and(path("/files/report.pdf"))
        .respond_with(ResponseTemplate::new(200).set_body_string("%PDF"))
        .expect(0)
        .mount(&server)
        .await;
    let response = client.redirects().get_download("7").send().await.unwrap();
    assert_eq!(response.status().as_u16(), 302);
    assert_eq!(response.location(), Some(elsewhere.as_str()));
    assert_eq!(*response.body(), Redirect::new(Some(elsewhere.clone())));

    Mock::given(method("GET"))
        .and(path("/downloads/8"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let error = client
        .redirects()
        .get_download("8")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            snapshot_fixtures::Error::Api(GetDownloadError::NotFound(_))
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_range_of_redirects_is_the_success_too() {
    let (server, client) = server().await;
    Mock::given(method("GET"))
        .and(path("/mirrors/1"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/mirrors/2"))
        .mount(&server)
        .await;
    let response = client.redirects().get_mirror("1").send().await.unwrap();
    assert_eq!(response.status().as_u16(), 307);
    assert_eq!(response.location(), Some("/mirrors/2"));
}

#[tokio::test]
async fn only_default_or_no_responses_succeed_untyped_on_any_2xx() {
    let (server, client) = server().await;
    Mock::given(method("POST"))
        .and(path("/pings"))
        .respond_with(ResponseTemplate::new(202).set_body_string("queued"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/hooks"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let ping = client.redirects().ping().send().await.unwrap();
    assert_eq!(ping.status().as_u16(), 202);
    assert_eq!(&ping.body()[..], b"queued");
    let hook = client.redirects().fire_hook().send().await.unwrap();
    assert_eq!(hook.status().as_u16(), 204);
    assert!(hook.body().is_empty());
}

#[test]
fn every_const_alternative_decodes_to_its_own_variant() {
    let decoded: Vec<ChannelKind> =
        serde_json::from_value(serde_json::json!(["text", "voice", "dm"])).unwrap();
    assert_eq!(
        decoded,
        [
            ChannelKind::GuildText,
            ChannelKind::GuildVoice,
            ChannelKind::DirectMessage
        ]
    );
    let unknown: ChannelKind = serde_json::from_value(serde_json::json!("stage")).unwrap();
    assert_eq!(unknown.as_str(), "stage");
    assert!(!matches!(
        unknown,
        ChannelKind::GuildText | ChannelKind::GuildVoice | ChannelKind::DirectMessage
    ));
    assert_eq!(
        serde_json::to_value(ChannelKind::DirectMessage).unwrap(),
        serde_json::json!("dm")
    );
}

#[test]
fn every_integer_const_alternative_decodes_to_its_own_variant() {
    let decoded: Vec<ChannelType> = serde_json::from_value(serde_json::json!([0, 2])).unwrap();
    assert_eq!(decoded, [ChannelType::GuildText, ChannelType::GuildVoice]);
    assert_eq!(ChannelType::GuildVoice.value(), 2);
    assert_eq!(ChannelType::from(0), ChannelType::GuildText);
    let unknown: ChannelType = serde_json::from_value(serde_json::json!(13)).unwrap();
    assert_eq!(unknown.value(), 13);
    assert!(!matches!(
        unknown,
        ChannelType::GuildText | ChannelType::GuildVoice
    ));
    assert_eq!(unknown.to_string(), "13");
    assert_eq!(
        serde_json::to_value([ChannelType::GuildVoice, unknown]).unwrap(),
        serde_json::json!([2, 13])
    );
    assert!(serde_json::from_value::<ChannelType>(serde_json::json!("voice")).is_err());
}

/// A server that sends an integer enum value as text, or one the spec does not list, costs
/// that value's fidelity only: the record decodes, and each is a deviation at its pointer.
#[tokio::test]
async fn integer_enum_values_sent_as_text_or_unlisted_are_repaired_and_reported() {
    let (server, client) = server().await;
    Mock::given(method("GET"))
        .and(path("/channels"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([
            {"kind": "text", "type": "2"},
            {"kind": "voice", "type": 7}
        ])))
        .mount(&server)
        .await;
    let channels = client.const_enums().list_channels().send().await.unwrap();
    assert_eq!(channels[0].type_, ChannelType::GuildVoice);
    assert_eq!(channels[1].type_.value(), 7);
    let found: Vec<(&str, Repair)> = channels
        .deviations()
        .iter()
        .map(|deviation| (deviation.pointer(), deviation.repair()))
        .collect();
    assert_eq!(
        found,
        [
            ("/0/type", Repair::Converted),
            ("/1/type", Repair::UnknownEnumValue)
        ]
    );
    assert_eq!(
        channels.deviations()[1].expected(),
        "one of 0, 2 (ChannelType)"
    );

    let strict = client
        .const_enums()
        .list_channels()
        .decoding(Decoding::Strict)
        .send()
        .await;
    assert!(
        matches!(&strict, Err(Error::Decode { pointer, .. }) if pointer == "/0/type"),
        "{strict:?}"
    );
}

/// Alternatives JSON cannot tell apart decode as the first listed, as the report warns.
#[test]
fn alternatives_of_the_same_type_decode_in_the_order_listed() {
    let phone: Contact = serde_json::from_value(serde_json::json!("+15550100")).unwrap();
    assert_eq!(phone, Contact::Email("+15550100".to_owned()));
}

/// An earlier object alternative that requires no property takes a later one's JSON, as the
/// report warns ("`Sum` of `Expr` may never be chosen"): a sum decodes as an empty literal.
/// Only a value that does not fit the earlier one reaches the later.
#[test]
fn an_object_alternative_requiring_nothing_takes_the_objects_listed_after_it() {
    let sum = serde_json::json!({"left": {"value": 1.0}, "right": {"value": 2.0}});
    let decoded: Expr = serde_json::from_value(sum).unwrap();
    assert!(
        matches!(&decoded, Expr::Literal(literal) if literal.value.is_none()),
        "{decoded:?}"
    );
    let not_a_literal = serde_json::json!({"value": "x", "left": {}, "right": {}});
    let decoded: Expr = serde_json::from_value(not_a_literal).unwrap();
    assert!(matches!(decoded, Expr::Sum(_)), "{decoded:?}");
}
