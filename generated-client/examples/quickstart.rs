//! The README's first example: list task statuses and read a lifecycle state, handling a
//! documented error by its status. Runs against `SAIL_BASE_URL` with the bearer token in
//! `SAIL_ACCESS_TOKEN`: `cargo run -p sailpoint-client --example quickstart -- PROFILE_ID STATE_ID`.

use sailpoint_client::{v3::GetLifecycleStateError, Client, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = std::env::var("SAIL_BASE_URL")?;
    let token = std::env::var("SAIL_ACCESS_TOKEN")?;
    let mut args = std::env::args().skip(1);
    let (Some(profile_id), Some(state_id)) = (args.next(), args.next()) else {
        return Err("usage: quickstart PROFILE_ID STATE_ID".into());
    };
    let client = Client::new(&base_url, token)?;

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
