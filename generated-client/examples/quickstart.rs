//! The README's example: list recent successful tasks and read a lifecycle state, handling a
//! documented error by its status.
//!
//! Runs against the tenant at `SAIL_BASE_URL`, authenticating with `SAIL_CLIENT_ID` and
//! `SAIL_CLIENT_SECRET` (or `config.json` in the working directory):
//! `cargo run -p sailpoint-client --example quickstart -- PROFILE_ID STATE_ID`.

use sailpoint_client::{v3::GetLifecycleStateError, Client, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(profile_id), Some(state_id)) = (args.next(), args.next()) else {
        return Err("usage: quickstart PROFILE_ID STATE_ID".into());
    };
    let client = Client::from_env()?;

    // Optional parameters are builder methods; `send()` performs the call.
    let tasks = client
        .v2024()
        .get_task_status_list()
        .filters(r#"completionStatus eq "SUCCESS""#)
        .sorters("-created")
        .limit(50)
        .send()
        .await?;
    println!("HTTP {}: {} tasks", tasks.status(), tasks.len());

    // Documented error statuses are typed variants, chosen by status code.
    match client
        .v3()
        .get_lifecycle_state(profile_id, state_id)
        .send()
        .await
    {
        Ok(state) => println!("{}", state.technical_name),
        Err(Error::Api(GetLifecycleStateError::NotFound(response))) => {
            println!("no such state (tracking id {:?})", response.tracking_id)
        }
        Err(other) => return Err(other.into()),
    }
    Ok(())
}
