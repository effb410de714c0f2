//! A discriminated `oneOf` decodes each alternative from the whole object (tag included) and
//! encodes it back with its tag, whether or not the alternative's struct declares the tag.

#![allow(clippy::unwrap_used, reason = "a test fails by panicking")]

use serde_json::json;
use snapshot_fixtures::discriminator::{AccessItem, Entitlement, Profile, Role};

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
