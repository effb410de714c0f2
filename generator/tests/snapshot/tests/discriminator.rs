//! A discriminated `oneOf` decodes each alternative from the whole object (tag included) and
//! encodes it back with its tag, whether or not the alternative's struct declares the tag. In a
//! response, a tag the spec does not list is kept and reported as an unknown enum value is, and
//! a property given twice in a tagged object is reported as anywhere else.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use serde_json::json;
use snapshot_fixtures::discriminator::{AccessItem, Entitlement, Profile, Role};
use snapshot_fixtures::{Client, Decoding, Error, Repair};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn decode(value: serde_json::Value) -> AccessItem {
    serde_json::from_value(value).unwrap()
}

#[test]
fn a_variant_that_requires_the_tag_decodes_and_round_trips() {
    let wire = json!({"type": "LEGACY_ROLE", "name": "admin"});
    let item = decode(wire.clone());
    let expected = Role::new("LEGACY_ROLE", "admin");
    assert_eq!(item, AccessItem::Role(expected));
    assert_eq!(
        serde_json::to_value(&item).unwrap(),
        wire,
        "its own tag value is kept"
    );
}

#[test]
fn a_variant_that_does_not_declare_the_tag_gets_it_written() {
    let item = AccessItem::Profile(Profile::new().with_name("p"));
    let wire = serde_json::to_value(&item).unwrap();
    assert_eq!(wire, json!({"type": "Profile", "name": "p"}));
    assert_eq!(decode(wire), item);
}

#[test]
fn an_optional_tag_property_is_filled_in_from_the_variant() {
    let item = AccessItem::Entitlement(Entitlement::new().with_value("x"));
    let wire = serde_json::to_value(&item).unwrap();
    assert_eq!(wire, json!({"type": "ENTITLEMENT", "value": "x"}));
    let expected = Entitlement::new().with_type("ENTITLEMENT").with_value("x");
    assert_eq!(decode(wire), AccessItem::Entitlement(expected));
}

#[test]
fn a_tag_that_does_not_belong_to_the_variant_is_replaced_by_its_own() {
    let item = AccessItem::Role(Role::new("ENTITLEMENT", "n"));
    assert_eq!(
        serde_json::to_value(&item).unwrap(),
        json!({"type": "ROLE", "name": "n"})
    );
}

#[test]
fn unknown_tags_are_kept_as_received() {
    let wire = json!({"type": "GROUP", "members": 3});
    let item = decode(wire.clone());
    assert!(
        matches!(&item, AccessItem::Unknown(object) if object.get("members") == Some(&json!(3)))
    );
    assert_eq!(serde_json::to_value(&item).unwrap(), wire);
}

#[test]
fn a_missing_or_non_string_tag_is_a_decode_error() {
    let missing = serde_json::from_value::<AccessItem>(json!({"name": "x"})).unwrap_err();
    assert_eq!(missing.to_string(), "missing field `type`");
    let number = serde_json::from_value::<AccessItem>(json!({"type": 7})).unwrap_err();
    assert_eq!(
        number.to_string(),
        "the tag property `type` must be a string, not 7"
    );
}

/// The list of access items `body` decodes to, tolerantly, with its deviations as
/// `(pointer, repair)`; and the pointer a strict client fails at, if it does.
async fn list_access(body: &str) -> (Vec<AccessItem>, Vec<(String, Repair)>, Option<String>) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_owned(), "application/json"))
        .mount(&server)
        .await;
    let client = |decoding| {
        Client::builder()
            .base_url(server.uri())
            .access_token("token")
            .decoding(decoding)
            .build()
            .unwrap()
    };
    let page = client(Decoding::Tolerant)
        .discriminator()
        .list_access()
        .send()
        .await
        .unwrap();
    let deviations = page
        .deviations()
        .iter()
        .map(|deviation| (deviation.pointer().to_owned(), deviation.repair()))
        .collect();
    let strict = match client(Decoding::Strict)
        .discriminator()
        .list_access()
        .send()
        .await
    {
        Ok(_) => None,
        Err(Error::Decode { pointer, .. }) => Some(pointer),
        Err(other) => panic!("expected Error::Decode, got {other:?}"),
    };
    (page.into_body(), deviations, strict)
}

#[tokio::test]
async fn a_tag_the_spec_does_not_list_is_kept_and_reported() {
    let (items, deviations, strict) =
        list_access(r#"[{"type": "ROLE", "name": "a"}, {"type": "GROUP", "members": 3}]"#).await;
    assert!(matches!(&items[1], AccessItem::Unknown(object) if object["members"] == json!(3)));
    assert_eq!(
        deviations,
        [("/1/type".to_owned(), Repair::UnknownEnumValue)]
    );
    assert_eq!(strict.as_deref(), Some("/1/type"));
}

#[tokio::test]
async fn a_property_given_twice_in_a_tagged_object_is_reported() {
    let (items, deviations, strict) =
        list_access(r#"[{"type": "ROLE", "name": "a", "name": "b"}]"#).await;
    assert_eq!(items, [AccessItem::Role(Role::new("ROLE", "b"))]);
    assert_eq!(deviations, [("/0/name".to_owned(), Repair::Duplicate)]);
    assert_eq!(strict.as_deref(), Some("/0/name"));
}
