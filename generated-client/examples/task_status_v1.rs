//! Lists the background tasks still running through the per-resource Task Management API
//! (`/task-status/v1`), walking every page; given a task id, marks that stuck task as failed
//! with a JSON Patch.
//!
//! Runs against the tenant at `SAIL_BASE_URL`, authenticating with `SAIL_CLIENT_ID` and
//! `SAIL_CLIENT_SECRET` (or `config.json` in the working directory):
//! `cargo run -p sailpoint-client --example task_status_v1 -- [STUCK_TASK_ID]`.

use sailpoint_client::task_management::{
    JsonPatchOperation, JsonPatchOperationOp, TaskStatusCompletionStatus, UpdateTaskStatusV1Error,
};
use sailpoint_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let stuck = std::env::args().nth(1);
    let client = Client::from_env()?;
    let api = client.task_management();

    // Unlike v2024, the list holds tasks in every state; `completionStatus isnull` keeps the
    // ones still running. The stream asks for pages of 250, newest first.
    let mut running = api
        .get_task_status_list_v1()
        .filters("completionStatus isnull")
        .sorters("-created")
        .stream();
    while let Some(task) = running.try_next().await? {
        println!(
            "{}  {:<36} {:>3}%  {}",
            task.created.format("%Y-%m-%d %H:%M"),
            task.unique_name,
            task.percent_complete,
            task.id
        );
    }

    let Some(id) = stuck else {
        return Ok(());
    };
    // Clearing a stuck task: its completion status and time, sent as application/json-patch+json.
    let now = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now());
    let patch = vec![
        // The value as the spec spells it (`ERROR`), taken from the enum rather than typed.
        JsonPatchOperation::new(JsonPatchOperationOp::Replace, "/completionStatus")
            .with_value(TaskStatusCompletionStatus::Error.as_str().into()),
        JsonPatchOperation::new(JsonPatchOperationOp::Replace, "/completed")
            .with_value(now.to_rfc3339().into()),
    ];
    match api.update_task_status_v1(&id, patch).send().await {
        Ok(task) => println!("{id} is now {:?}", task.completion_status),
        Err(Error::Api(UpdateTaskStatusV1Error::NotFound(_))) => println!("no task {id}"),
        Err(other) => return Err(other.into()),
    }
    Ok(())
}
