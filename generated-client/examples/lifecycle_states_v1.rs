//! Creates a lifecycle state through the per-resource Lifecycle States API
//! (`/identity-profiles/v1/...`), with the fields v3 does not have (a priority and an access
//! action configuration), reads it back, patches it, lists the profile's states by priority,
//! optionally moves an identity into it, and deletes it again.
//!
//! Runs against the tenant at `SAIL_BASE_URL`, authenticating with `SAIL_CLIENT_ID` and
//! `SAIL_CLIENT_SECRET` (or `config.json` in the working directory):
//! `cargo run -p sailpoint-client --example lifecycle_states_v1 -- IDENTITY_PROFILE_ID [IDENTITY_ID]`.

use futures::TryStreamExt;
use sailpoint_client::lifecycle_states::{
    AccessActionConfiguration, AccountAction, AccountActionAction, JsonPatchOperation,
    JsonPatchOperationOp, LifecycleState, SetLifecycleStateRequest,
};
use sailpoint_client::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let profile_id = args
        .next()
        .ok_or("usage: lifecycle_states_v1 IDENTITY_PROFILE_ID [IDENTITY_ID]")?;
    let identity_id = args.next();
    let client = Client::from_env()?;
    let api = client.lifecycle_states();

    // Create: disable the accounts on every source and remove all access on entry.
    let new_state = LifecycleState::new("leaver")
        .with_name("Leaver")
        .with_description("Left the organization")
        .with_enabled(true)
        .with_priority(90)
        .with_account_actions(vec![AccountAction::new()
            .with_action(AccountActionAction::Disable)
            .with_all_sources(true)])
        .with_access_action_configuration(
            AccessActionConfiguration::new().with_remove_all_access_enabled(true),
        );
    let created = api
        .create_lifecycle_state_v1(&profile_id, new_state)
        .send()
        .await?;
    let state_id = created.id.clone().ok_or("the API returned no id")?;
    println!("created {state_id} (HTTP {})", created.status());

    // Read.
    let fetched = api
        .get_lifecycle_state_v1(&profile_id, &state_id)
        .send()
        .await?;
    println!(
        "read back {:?}, priority {:?}",
        fetched.name, fetched.priority
    );

    // Patch: RFC 6902 operations, sent as application/json-patch+json.
    let patch = vec![
        JsonPatchOperation::new(JsonPatchOperationOp::Replace, "/priority")
            .with_value(95_i64.into()),
    ];
    let patched = api
        .update_lifecycle_states_v1(&profile_id, &state_id, patch)
        .send()
        .await?;
    println!("priority is now {:?}", patched.priority);

    // List every state of the profile, in priority order.
    let states: Vec<LifecycleState> = api
        .get_lifecycle_states_v1(&profile_id)
        .sorters("priority")
        .stream()
        .try_collect()
        .await?;
    for state in &states {
        println!("{:>4?}  {}", state.priority, state.technical_name);
    }

    // Move one identity into the new state; the answer names the account activity to follow.
    if let Some(identity_id) = identity_id {
        let accepted = api
            .set_lifecycle_state_v1(
                &identity_id,
                SetLifecycleStateRequest::new().with_lifecycle_state_id(&state_id),
            )
            .send()
            .await?;
        println!("follow account activity {:?}", accepted.account_activity_id);
    }

    // Delete: answered 202 while the deletion runs.
    let deleted = api
        .delete_lifecycle_state_v1(&profile_id, &state_id)
        .send()
        .await?;
    println!("delete accepted: {:?}", deleted.body());
    Ok(())
}
