//! The README's example: list recent successful tasks and read a lifecycle state, handling a
//! documented error by its status, through the per-resource modules.
//!
//! Runs against the tenant at `SAIL_BASE_URL`, authenticating with `SAIL_CLIENT_ID` and
//! `SAIL_CLIENT_SECRET` (or `config.json` in the working directory):
//! `cargo run -p sailpoint-client --example quickstart -- PROFILE_ID STATE_ID`.

use sailpoint_client::{lifecycle_states::GetLifecycleStateV1Error, Client, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(profile_id), Some(state_id)) = (args.next(), args.next()) else {
        return Err("usage: quickstart PROFILE_ID STATE_ID".into());
    };
    let client = Client::from_env()?;

    // Optional parameters are builder methods; `send()` performs the call.
    let tasks = client
        .task_management()
        .get_task_status_list_v1()
        .filters(r#"completionStatus eq "SUCCESS""#)
        .sorters("-created")
        .limit(50)
        .send()
        .await?;
    println!("HTTP {}: {} tasks", tasks.status(), tasks.len());

    // Documented error statuses are typed variants, chosen by status code.
    match client
        .lifecycle_states()
        .get_lifecycle_state_v1(profile_id, state_id)
        .send()
        .await
    {
        Ok(state) => println!("{}", state.technical_name),
        Err(Error::Api(GetLifecycleStateV1Error::NotFound(response))) => {
            println!("no such state (tracking id {:?})", response.tracking_id)
        }
        Err(other) => return Err(other.into()),
    }
    Ok(())
}
