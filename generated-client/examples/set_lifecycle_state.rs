//! Moves one identity into a lifecycle state and prints the id of the account activity that
//! tracks the change.
//!
//! Runs against the tenant at `SAIL_BASE_URL`, authenticating with `SAIL_CLIENT_ID` and
//! `SAIL_CLIENT_SECRET` (or `config.json` in the working directory):
//! `cargo run -p sailpoint-client --example set_lifecycle_state -- IDENTITY_ID LIFECYCLE_STATE_ID`.

use sailpoint_client::v3::{SetLifecycleStateError, SetLifecycleStateRequest};
use sailpoint_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(identity_id), Some(state_id)) = (args.next(), args.next()) else {
        return Err("usage: set_lifecycle_state IDENTITY_ID LIFECYCLE_STATE_ID".into());
    };
    let client = Client::from_env()?;

    let request = SetLifecycleStateRequest::new().with_lifecycle_state_id(state_id);
    match client
        .v3()
        .set_lifecycle_state(&identity_id, request)
        .send()
        .await
    {
        Ok(accepted) => println!(
            "accepted; follow account activity {:?}",
            accepted.account_activity_id
        ),
        Err(Error::Api(SetLifecycleStateError::NotFound(_))) => {
            println!("no identity {identity_id}")
        }
        Err(other) => return Err(other.into()),
    }
    Ok(())
}
