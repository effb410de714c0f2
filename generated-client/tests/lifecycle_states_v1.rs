//! The six Lifecycle States operations of SailPoint's per-resource spec (module
//! `lifecycle_states`, paths under `/identity-profiles/v1/` and `/identities/v1/`) against a
//! mock server: the request on the wire, the typed success response, and every documented error
//! status. The state carries what v3's does not: a priority, an access action configuration,
//! account actions on all or all-but-some sources, and an identity state from a fixed list.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail the test by panicking, like the tests do"
)]

mod common;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use common::{
    assert_documented_errors, assert_request, lifecycle_state_minimal, respond, respond_json,
    start, the_request, Expected, AWKWARD_ID, AWKWARD_ID_ENCODED, JSON, JSON_PATCH,
    OTHER_AWKWARD_ID, OTHER_AWKWARD_ID_ENCODED,
};
use futures::TryStreamExt;
use sailpoint_client::lifecycle_states::{
    AccessActionConfiguration, AccountAction, AccountActionAction, EmailNotificationOption,
    JsonPatchOperation, JsonPatchOperationOp, JsonPatchOperationValue,
    JsonPatchOperationValueArrayItem, LifecycleState, LifecycleStateIdentityState,
    LifecyclestateDeletedType, SetLifecycleStateRequest,
};
use serde_json::{json, Map, Value};
use wiremock::ResponseTemplate;

/// A request of the per-resource API: JSON accepted, no experimental header, no body.
fn request<'a>(method: &'a str, path: &'a str) -> Expected<'a> {
    Expected {
        method,
        path,
        query: None,
        accept: Some(JSON),
        experimental: None,
        body: None,
    }
}

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
        .single()
        .expect("a valid date")
}

/// A `LifecycleState` as the server returns it, every field set, the fields v3 lacks included.
fn full_state_body() -> Value {
    json!({
        "id": "ef38f94347e94562b5bb8424a56397d8",
        "name": "Contractor",
        "created": "2015-05-28T14:07:17Z",
        "modified": "2015-05-29T08:00:00.125Z",
        "enabled": true,
        "technicalName": "contractor",
        "description": "Lifecycle description",
        "identityCount": 42,
        "emailNotificationOption": {
            "notifyManagers": true,
            "notifyAllAdmins": false,
            "notifySpecificUsers": true,
            "emailAddressList": [ "test@test.com", "test2@test.com" ]
        },
        "accountActions": [
            {
                "action": "ENABLE",
                "sourceIds": [ "2c918084660f45d6016617daa9210584" ],
                "excludeSourceIds": null,
                "allSources": false
            },
            {
                "action": "DISABLE",
                "sourceIds": null,
                "excludeSourceIds": [ "3b551ccf5566478b9b77f37de25303aa" ],
                "allSources": true
            }
        ],
        "accessProfileIds": [ "2c918084660f45d6016617daa9210500" ],
        "identityState": "INACTIVE_LONG_TERM",
        "accessActionConfiguration": { "removeAllAccessEnabled": true },
        "priority": 10
    })
}

/// Checks every field of [`full_state_body`] as decoded.
fn assert_full_state(state: &LifecycleState) {
    assert_eq!(
        state.id.as_deref(),
        Some("ef38f94347e94562b5bb8424a56397d8")
    );
    assert_eq!(state.name.as_deref(), Some("Contractor"));
    assert_eq!(state.created, Some(at(2015, 5, 28, 14, 7, 17)));
    assert_eq!(
        state.modified,
        Some(at(2015, 5, 29, 8, 0, 0) + TimeDelta::milliseconds(125))
    );
    assert_eq!(state.enabled, Some(true));
    assert_eq!(state.technical_name, "contractor");
    assert_eq!(state.description.as_deref(), Some("Lifecycle description"));
    assert_eq!(state.identity_count, Some(42));
    assert_eq!(
        state.email_notification_option,
        Some(
            EmailNotificationOption::new()
                .with_notify_managers(true)
                .with_notify_all_admins(false)
                .with_notify_specific_users(true)
                .with_email_address_list(vec!["test@test.com".into(), "test2@test.com".into()])
        )
    );
    assert_eq!(
        state.account_actions,
        Some(vec![
            AccountAction::new()
                .with_action(AccountActionAction::Enable)
                .with_source_ids(vec!["2c918084660f45d6016617daa9210584".into()])
                .with_all_sources(false),
            AccountAction::new()
                .with_action(AccountActionAction::Disable)
                .with_exclude_source_ids(vec!["3b551ccf5566478b9b77f37de25303aa".into()])
                .with_all_sources(true),
        ])
    );
    assert_eq!(
        state.access_profile_ids,
        Some(vec!["2c918084660f45d6016617daa9210500".into()])
    );
    assert_eq!(
        state.identity_state,
        Some(LifecycleStateIdentityState::InactiveLongTerm)
    );
    assert_eq!(
        state.access_action_configuration,
        Some(AccessActionConfiguration::new().with_remove_all_access_enabled(true))
    );
    assert_eq!(state.priority, Some(10));
}

/// Checks [`lifecycle_state_minimal`] as decoded: everything but `technicalName` is `None`.
fn assert_minimal_state(state: &LifecycleState) {
    assert_eq!(state, &LifecycleState::new("minimal"));
}

fn object(value: Value) -> Map<String, Value> {
    value.as_object().cloned().expect("a JSON object")
}

fn replace(path: &str, value: impl Into<JsonPatchOperationValue>) -> JsonPatchOperation {
    JsonPatchOperation::new(JsonPatchOperationOp::Replace, path).with_value(value.into())
}

// ---------------------------------------------------------------------------------------------
// getLifecycleStatesV1: GET /identity-profiles/v1/{identity-profile-id}/lifecycle-states
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_lifecycle_states_v1_sends_no_query_by_default_and_decodes_the_list() {
    let (server, client) = start().await;
    respond_json(
        &server,
        200,
        &json!([full_state_body(), lifecycle_state_minimal()]),
    )
    .await;

    let response = client
        .lifecycle_states()
        .get_lifecycle_states_v1(AWKWARD_ID)
        .send()
        .await
        .unwrap();

    let path = format!("/identity-profiles/v1/{AWKWARD_ID_ENCODED}/lifecycle-states");
    assert_request(&the_request(&server).await, &request("GET", &path));
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.total_count(), None);
    assert_eq!(response.len(), 2);
    assert_full_state(&response[0]);
    assert_minimal_state(&response[1]);
}

#[tokio::test]
async fn get_lifecycle_states_v1_sends_every_query_parameter_encoded_in_spec_order() {
    let (server, client) = start().await;
    respond(
        &server,
        ResponseTemplate::new(200)
            .insert_header("X-Total-Count", "51")
            .set_body_json(json!([full_state_body()])),
    )
    .await;

    let response = client
        .lifecycle_states()
        .get_lifecycle_states_v1("profile-1")
        .sorters("priority,-modified")
        .count(true)
        .offset(100)
        .limit(50)
        .send()
        .await
        .unwrap();

    // A comma inside a query value is percent-encoded; the server decodes it back.
    assert_request(
        &the_request(&server).await,
        &request("GET", "/identity-profiles/v1/profile-1/lifecycle-states")
            .query("limit=50&offset=100&count=true&sorters=priority%2C-modified"),
    );
    assert_eq!(response.total_count(), Some(51));
    assert_full_state(&response[0]);
}

#[tokio::test]
async fn get_lifecycle_states_v1_streams_every_state_of_the_profile() {
    let (server, client) = start().await;
    respond_json(&server, 200, &json!([lifecycle_state_minimal()])).await;

    let states: Vec<LifecycleState> = client
        .lifecycle_states()
        .get_lifecycle_states_v1("profile-1")
        .stream()
        .try_collect()
        .await
        .unwrap();

    assert_eq!(states, [LifecycleState::new("minimal")]);
    assert_request(
        &the_request(&server).await,
        &request("GET", "/identity-profiles/v1/profile-1/lifecycle-states")
            .query("limit=250&offset=0&count=true"),
    );
}

#[tokio::test]
async fn get_lifecycle_states_v1_maps_each_documented_error_status_to_its_variant() {
    let (server, client) = start().await;
    assert_documented_errors!(
        &server, lifecycle_states::GetLifecycleStatesV1Error,
        client.lifecycle_states().get_lifecycle_states_v1("profile-1").send();
        400 => BadRequest(ErrorDto),
        401 => Unauthorized(Unauthorized),
        403 => Forbidden(ErrorDto),
        429 => TooManyRequests(RateLimit),
        500 => InternalServerError(ErrorDto),
    );
}

// ---------------------------------------------------------------------------------------------
// createLifecycleStateV1: POST /identity-profiles/v1/{identity-profile-id}/lifecycle-states
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_lifecycle_state_v1_posts_the_state_and_returns_201() {
    let (server, client) = start().await;
    respond_json(&server, 201, &full_state_body()).await;
    let state = LifecycleState::new("contractor")
        .with_name("Contractor")
        .with_enabled(true)
        .with_description("Lifecycle description")
        .with_email_notification_option(EmailNotificationOption::new().with_notify_managers(true))
        .with_account_actions(vec![
            AccountAction::new()
                .with_action(AccountActionAction::Disable)
                .with_source_ids(vec!["src-1".into(), "src-2".into()]),
            AccountAction::new()
                .with_action(AccountActionAction::Delete)
                .with_exclude_source_ids(vec!["src-3".into()])
                .with_all_sources(true),
        ])
        .with_access_profile_ids(vec!["ap-1".into()])
        .with_identity_state(LifecycleStateIdentityState::InactiveShortTerm)
        .with_access_action_configuration(
            AccessActionConfiguration::new().with_remove_all_access_enabled(false),
        )
        .with_priority(30);

    let response = client
        .lifecycle_states()
        .create_lifecycle_state_v1(AWKWARD_ID, state)
        .send()
        .await
        .unwrap();

    let path = format!("/identity-profiles/v1/{AWKWARD_ID_ENCODED}/lifecycle-states");
    assert_request(
        &the_request(&server).await,
        &request("POST", &path).body(
            JSON,
            json!({
                "name": "Contractor",
                "enabled": true,
                "technicalName": "contractor",
                "description": "Lifecycle description",
                "emailNotificationOption": { "notifyManagers": true },
                "accountActions": [
                    { "action": "DISABLE", "sourceIds": ["src-1", "src-2"] },
                    { "action": "DELETE", "excludeSourceIds": ["src-3"], "allSources": true }
                ],
                "accessProfileIds": ["ap-1"],
                "identityState": "INACTIVE_SHORT_TERM",
                "accessActionConfiguration": { "removeAllAccessEnabled": false },
                "priority": 30
            }),
        ),
    );
    assert_eq!(response.status().as_u16(), 201);
    assert_full_state(&response);
}

#[tokio::test]
async fn create_lifecycle_state_v1_sends_a_null_name_and_omits_absent_optional_fields() {
    let (server, client) = start().await;
    // Nullable optional fields may come back as null: they decode as `None`, strictly too.
    respond_json(
        &server,
        201,
        &json!({
            "name": null,
            "technicalName": "minimal",
            "description": null,
            "identityState": null,
            "priority": null
        }),
    )
    .await;

    let response = client
        .lifecycle_states()
        .create_lifecycle_state_v1("profile-1", LifecycleState::new("minimal"))
        .send()
        .await
        .unwrap();

    // `name` is required and nullable, so `None` is sent as `null`; optional fields are left out.
    assert_request(
        &the_request(&server).await,
        &request("POST", "/identity-profiles/v1/profile-1/lifecycle-states")
            .body(JSON, json!({ "name": null, "technicalName": "minimal" })),
    );
    assert_eq!(response.status().as_u16(), 201);
    assert_minimal_state(&response);
}

#[tokio::test]
async fn create_lifecycle_state_v1_maps_each_documented_error_status_to_its_variant() {
    let (server, client) = start().await;
    let state = LifecycleState::new("t");
    assert_documented_errors!(
        &server, lifecycle_states::CreateLifecycleStateV1Error,
        client
            .lifecycle_states()
            .create_lifecycle_state_v1("profile-1", state.clone())
            .send();
        400 => BadRequest(ErrorDto),
        401 => Unauthorized(Unauthorized),
        403 => Forbidden(ErrorDto),
        429 => TooManyRequests(RateLimit),
        500 => InternalServerError(ErrorDto),
    );
}

// ---------------------------------------------------------------------------------------------
// getLifecycleStateV1: GET /identity-profiles/v1/{identity-profile-id}/lifecycle-states/{lifecycle-state-id}
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_lifecycle_state_v1_puts_each_id_in_its_own_encoded_segment_and_decodes_the_state() {
    let (server, client) = start().await;
    respond_json(&server, 200, &full_state_body()).await;

    let response = client
        .lifecycle_states()
        .get_lifecycle_state_v1(AWKWARD_ID, OTHER_AWKWARD_ID)
        .send()
        .await
        .unwrap();

    let path = format!(
        "/identity-profiles/v1/{AWKWARD_ID_ENCODED}/lifecycle-states/{OTHER_AWKWARD_ID_ENCODED}"
    );
    assert_request(&the_request(&server).await, &request("GET", &path));
    assert_eq!(response.status().as_u16(), 200);
    assert_full_state(&response);
}

#[tokio::test]
async fn get_lifecycle_state_v1_maps_each_documented_error_status_to_its_variant() {
    let (server, client) = start().await;
    assert_documented_errors!(
        &server, lifecycle_states::GetLifecycleStateV1Error,
        client
            .lifecycle_states()
            .get_lifecycle_state_v1("profile-1", "state-1")
            .send();
        400 => BadRequest(ErrorDto),
        401 => Unauthorized(Unauthorized),
        403 => Forbidden(ErrorDto),
        404 => NotFound(ErrorDto),
        429 => TooManyRequests(RateLimit),
        500 => InternalServerError(ErrorDto),
    );
}

// ---------------------------------------------------------------------------------------------
// updateLifecycleStatesV1: PATCH /identity-profiles/v1/{identity-profile-id}/lifecycle-states/{lifecycle-state-id}
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn update_lifecycle_states_v1_patches_with_a_json_patch_body_and_decodes_the_state() {
    let (server, client) = start().await;
    respond_json(&server, 200, &full_state_body()).await;
    // The spec's example patch: every field it names, the new ones included.
    let patch = vec![
        replace("/description", "Updated description!"),
        replace(
            "/accessProfileIds",
            vec![
                JsonPatchOperationValueArrayItem::from("2c918087742bab150174407a80f3125e"),
                JsonPatchOperationValueArrayItem::from("2c918087742bab150174407a80f3124f"),
            ],
        ),
        replace(
            "/accountActions",
            vec![
                JsonPatchOperationValueArrayItem::Object(object(json!({
                    "action": "ENABLE",
                    "sourceIds": ["2c9180846a2f82fb016a481c1b1560c5"],
                    "excludeSourceIds": null,
                    "allSources": false
                }))),
                JsonPatchOperationValueArrayItem::Object(object(json!({
                    "action": "DISABLE",
                    "sourceIds": null,
                    "excludeSourceIds": ["3b551ccf5566478b9b77f37de25303aa"],
                    "allSources": true
                }))),
            ],
        ),
        replace(
            "/emailNotificationOption",
            object(json!({
                "notifyManagers": true,
                "notifyAllAdmins": false,
                "notifySpecificUsers": false,
                "emailAddressList": []
            })),
        ),
        replace(
            "/accessActionConfiguration",
            object(json!({ "removeAllAccessEnabled": true })),
        ),
        replace("/priority", 20_i64),
        replace("/enabled", false),
    ];

    let response = client
        .lifecycle_states()
        .update_lifecycle_states_v1(AWKWARD_ID, OTHER_AWKWARD_ID, patch)
        .send()
        .await
        .unwrap();

    let path = format!(
        "/identity-profiles/v1/{AWKWARD_ID_ENCODED}/lifecycle-states/{OTHER_AWKWARD_ID_ENCODED}"
    );
    assert_request(
        &the_request(&server).await,
        &request("PATCH", &path).body(
            JSON_PATCH,
            json!([
                { "op": "replace", "path": "/description", "value": "Updated description!" },
                {
                    "op": "replace",
                    "path": "/accessProfileIds",
                    "value": ["2c918087742bab150174407a80f3125e", "2c918087742bab150174407a80f3124f"]
                },
                {
                    "op": "replace",
                    "path": "/accountActions",
                    "value": [
                        {
                            "action": "ENABLE",
                            "sourceIds": ["2c9180846a2f82fb016a481c1b1560c5"],
                            "excludeSourceIds": null,
                            "allSources": false
                        },
                        {
                            "action": "DISABLE",
                            "sourceIds": null,
                            "excludeSourceIds": ["3b551ccf5566478b9b77f37de25303aa"],
                            "allSources": true
                        }
                    ]
                },
                {
                    "op": "replace",
                    "path": "/emailNotificationOption",
                    "value": {
                        "notifyManagers": true,
                        "notifyAllAdmins": false,
                        "notifySpecificUsers": false,
                        "emailAddressList": []
                    }
                },
                {
                    "op": "replace",
                    "path": "/accessActionConfiguration",
                    "value": { "removeAllAccessEnabled": true }
                },
                { "op": "replace", "path": "/priority", "value": 20 },
                { "op": "replace", "path": "/enabled", "value": false }
            ]),
        ),
    );
    assert_eq!(response.status().as_u16(), 200);
    assert_full_state(&response);
}

#[tokio::test]
async fn update_lifecycle_states_v1_maps_each_documented_error_status_to_its_variant() {
    let (server, client) = start().await;
    assert_documented_errors!(
        &server, lifecycle_states::UpdateLifecycleStatesV1Error,
        client
            .lifecycle_states()
            .update_lifecycle_states_v1("profile-1", "state-1", vec![replace("/enabled", true)])
            .send();
        400 => BadRequest(ErrorDto),
        401 => Unauthorized(Unauthorized),
        403 => Forbidden(ErrorDto),
        404 => NotFound(ErrorDto),
        429 => TooManyRequests(RateLimit),
        500 => InternalServerError(ErrorDto),
    );
}

// ---------------------------------------------------------------------------------------------
// deleteLifecycleStateV1: DELETE /identity-profiles/v1/{identity-profile-id}/lifecycle-states/{lifecycle-state-id}
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn delete_lifecycle_state_v1_sends_delete_without_body_and_decodes_the_202_summary() {
    let (server, client) = start().await;
    respond_json(
        &server,
        202,
        &json!({ "type": "LIFECYCLE_STATE", "id": "12345", "name": "Contractor Lifecycle" }),
    )
    .await;

    let response = client
        .lifecycle_states()
        .delete_lifecycle_state_v1(AWKWARD_ID, OTHER_AWKWARD_ID)
        .send()
        .await
        .unwrap();

    let path = format!(
        "/identity-profiles/v1/{AWKWARD_ID_ENCODED}/lifecycle-states/{OTHER_AWKWARD_ID_ENCODED}"
    );
    assert_request(&the_request(&server).await, &request("DELETE", &path));
    assert_eq!(response.status().as_u16(), 202);
    assert_eq!(
        response.type_,
        Some(LifecyclestateDeletedType::LifecycleState)
    );
    assert_eq!(response.id.as_deref(), Some("12345"));
    assert_eq!(response.name.as_deref(), Some("Contractor Lifecycle"));
}

#[tokio::test]
async fn delete_lifecycle_state_v1_maps_each_documented_error_status_to_its_variant() {
    let (server, client) = start().await;
    assert_documented_errors!(
        &server, lifecycle_states::DeleteLifecycleStateV1Error,
        client
            .lifecycle_states()
            .delete_lifecycle_state_v1("profile-1", "state-1")
            .send();
        400 => BadRequest(ErrorDto),
        401 => Unauthorized(Unauthorized),
        403 => Forbidden(ErrorDto),
        404 => NotFound(ErrorDto),
        429 => TooManyRequests(RateLimit),
        500 => InternalServerError(ErrorDto),
    );
}

// ---------------------------------------------------------------------------------------------
// setLifecycleStateV1: POST /identities/v1/{identity-id}/set-lifecycle-state
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn set_lifecycle_state_v1_posts_the_state_id_and_returns_the_account_activity() {
    let (server, client) = start().await;
    respond_json(
        &server,
        200,
        &json!({ "accountActivityId": "2c9180837ab5b716017ab7c6c9ef1e20" }),
    )
    .await;

    let response = client
        .lifecycle_states()
        .set_lifecycle_state_v1(
            AWKWARD_ID,
            SetLifecycleStateRequest::new()
                .with_lifecycle_state_id("2c9180877a86e408017a8c19fefe046c"),
        )
        .send()
        .await
        .unwrap();

    let path = format!("/identities/v1/{AWKWARD_ID_ENCODED}/set-lifecycle-state");
    assert_request(
        &the_request(&server).await,
        &request("POST", &path).body(
            JSON,
            json!({ "lifecycleStateId": "2c9180877a86e408017a8c19fefe046c" }),
        ),
    );
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.account_activity_id.as_deref(),
        Some("2c9180837ab5b716017ab7c6c9ef1e20")
    );
}

#[tokio::test]
async fn set_lifecycle_state_v1_sends_an_empty_object_when_no_state_id_is_set() {
    let (server, client) = start().await;
    respond_json(&server, 200, &json!({})).await;

    let response = client
        .lifecycle_states()
        .set_lifecycle_state_v1("identity-1", SetLifecycleStateRequest::default())
        .send()
        .await
        .unwrap();

    assert_request(
        &the_request(&server).await,
        &request("POST", "/identities/v1/identity-1/set-lifecycle-state").body(JSON, json!({})),
    );
    assert_eq!(response.account_activity_id, None);
}

#[tokio::test]
async fn set_lifecycle_state_v1_maps_each_documented_error_status_to_its_variant() {
    let (server, client) = start().await;
    let body = SetLifecycleStateRequest::new().with_lifecycle_state_id("state-1");
    assert_documented_errors!(
        &server, lifecycle_states::SetLifecycleStateV1Error,
        client
            .lifecycle_states()
            .set_lifecycle_state_v1("identity-1", body.clone())
            .send();
        400 => BadRequest(ErrorDto),
        401 => Unauthorized(Unauthorized),
        403 => Forbidden(ErrorDto),
        404 => NotFound(ErrorDto),
        429 => TooManyRequests(RateLimit),
        500 => InternalServerError(ErrorDto),
    );
}
