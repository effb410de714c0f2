//! Waits for a background task (an aggregation, a report, an import) to finish: polls it until
//! its `completionStatus` is set, up to 15 minutes, then prints how it ended. A failed call
//! prints the id the server gave the request, which SailPoint's support asks for.
//!
//! Runs against the tenant at `SAIL_BASE_URL`, authenticating with `SAIL_CLIENT_ID` and
//! `SAIL_CLIENT_SECRET` (or `config.json` in the working directory), through the proxy that
//! `HTTPS_PROXY` names if any: `cargo run -p sailpoint-client --example wait_for_task -- TASK_ID`.

use std::time::Duration;

use sailpoint_client::{Client, WaitError, Waiter};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(task_id) = std::env::args().nth(1) else {
        return Err("usage: wait_for_task TASK_ID".into());
    };
    let client = Client::builder()
        .config(sailpoint_client::Config::from_env()?)
        .user_agent_suffix("wait-for-task-example/1")
        .build()?;

    let waited = Waiter::new(|| client.task_management().get_task_status_v1(&task_id))
        .interval(Duration::from_secs(2))
        .max_interval(Duration::from_secs(30))
        .budget(Duration::from_secs(15 * 60))
        .until(|task| task.completion_status.is_some())
        .await;

    match waited {
        Ok(task) => println!(
            "{} ended {:?} at {:?} ({}% done)",
            task.unique_name, task.completion_status, task.completed, task.percent_complete
        ),
        Err(WaitError::TimedOut { last, polls, .. }) => {
            let progress = last.map(|task| task.percent_complete);
            println!("still running after {polls} polls; last progress {progress:?}%");
        }
        Err(WaitError::Failed { error, .. }) => {
            let request_id = error.request_id().unwrap_or("none");
            eprintln!("polling failed (request id {request_id}): {error}");
            return Err(error.into());
        }
        Err(other) => return Err(other.into()),
    }
    Ok(())
}
