//! Lists every completed task whose status matches a filter, walking all pages through the
//! operation's stream.
//!
//! Runs against the tenant at `SAIL_BASE_URL`, authenticating with `SAIL_CLIENT_ID` and
//! `SAIL_CLIENT_SECRET` (or `config.json` in the working directory):
//! `cargo run -p sailpoint-client --example task_statuses -- 'completionStatus eq "ERROR"'`.

use sailpoint_client::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let filter = std::env::args()
        .nth(1)
        .unwrap_or_else(|| r#"completionStatus eq "SUCCESS""#.to_owned());
    let client = Client::from_env()?;

    // How many there are, from one page asked with `count(true)`.
    let first = client
        .v2024()
        .get_task_status_list()
        .filters(filter.as_str())
        .count(true)
        .limit(1)
        .send()
        .await?;
    println!("{} tasks match {filter}", first.total_count().unwrap_or(0));

    // Every one of them, 250 per request, newest first.
    let mut tasks = client
        .v2024()
        .get_task_status_list()
        .filters(filter.as_str())
        .sorters("-created")
        .stream();
    while let Some(task) = tasks.try_next().await? {
        println!(
            "{}  {:<28} {:?}  {}",
            task.created.format("%Y-%m-%d %H:%M"),
            task.unique_name,
            task.completion_status,
            task.id
        );
    }
    Ok(())
}
