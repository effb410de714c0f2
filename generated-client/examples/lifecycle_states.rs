//! Creates a lifecycle state on an identity profile, reads it back, changes its description with
//! a JSON Patch, lists the profile's states, and deletes the new state again.
//!
//! Runs against the tenant at `SAIL_BASE_URL`, authenticating with `SAIL_CLIENT_ID` and
//! `SAIL_CLIENT_SECRET` (or `config.json` in the working directory):
//! `cargo run -p sailpoint-client --example lifecycle_states -- IDENTITY_PROFILE_ID`.

use futures::TryStreamExt;
use sailpoint_client::v3::{
    EmailNotificationOption, JsonPatchOperation, JsonPatchOperationOp, LifecycleState,
};
use sailpoint_client::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let profile_id = std::env::args()
        .nth(1)
        .ok_or("usage: lifecycle_states IDENTITY_PROFILE_ID")?;
    let client = Client::from_env()?;
    let api = client.v3();

    // Create: `new` takes the one required field (technicalName); each optional field has a
    // `with_` setter. Read-only fields (id, created, modified, identityCount) stay `None`.
    let new_state = LifecycleState::new("sabbatical")
        .with_name("Sabbatical")
        .with_description("On extended leave")
        .with_enabled(false)
        .with_email_notification_option(EmailNotificationOption::new().with_notify_managers(true));
    let created = api
        .create_lifecycle_state(&profile_id, new_state)
        .send()
        .await?;
    let state_id = created.id.clone().ok_or("the API returned no id")?;
    println!("created {state_id} (HTTP {})", created.status());

    // Read.
    let fetched = api
        .get_lifecycle_state(&profile_id, &state_id)
        .send()
        .await?;
    println!("read back {:?}", fetched.name);

    // Patch: RFC 6902 operations, sent as application/json-patch+json.
    let patch = vec![
        JsonPatchOperation::new(JsonPatchOperationOp::Replace, "/description")
            .with_value("Back in the spring".into()),
    ];
    let patched = api
        .update_lifecycle_states(&profile_id, &state_id, patch)
        .send()
        .await?;
    println!("description is now {:?}", patched.description);

    // List every state of the profile.
    let states: Vec<LifecycleState> = api
        .get_lifecycle_states(&profile_id)
        .stream()
        .try_collect()
        .await?;
    println!("the profile has {} states", states.len());

    // Delete: answered 202 while the deletion runs.
    let deleted = api
        .delete_lifecycle_state(&profile_id, &state_id)
        .send()
        .await?;
    println!("delete accepted: {:?}", deleted.body());
    Ok(())
}
