//! What the client costs over doing the same work by hand: decoding a page of 250 `TaskStatus`
//! items, and one `get_task_status_list` call against a local server next to a raw reqwest +
//! serde_json request for the same page from the same server, in the same run (their ratio is
//! the client's overhead). Run with `cargo bench -p sailpoint-client --bench client`;
//! `cargo xtask bench` runs it with the other benchmarks and prints the ratio.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use sailpoint_client::v2024::TaskStatus;
use sailpoint_client::{Client, RetryPolicy};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const PAGE: usize = 250;
const TOKEN: &str = "benchmark-token";

/// One `TaskStatus` as the API sends it, every field set.
fn task(index: usize) -> serde_json::Value {
    json!({
        "id": format!("2c9180835d2e5168015d32f890ca{index:04}"),
        "type": "QUARTZ",
        "uniqueName": format!("Cloud Account Aggregation {index}"),
        "description": "Aggregate from the specified application",
        "parentName": "Parent Task",
        "launcher": "sweep",
        "target": { "id": "c6dc37bf508149b28ce5b7d90ca4bbf9", "type": "APPLICATION", "name": "Active Directory [source]" },
        "created": "2020-07-11T21:23:15.000Z",
        "modified": "2020-07-11T21:24:15.000Z",
        "launched": "2020-07-11T21:23:16.000Z",
        "completed": "2020-07-11T21:30:00.000Z",
        "completionStatus": "SUCCESS",
        "messages": [
            { "type": "INFO", "localizedText": { "locale": "en-US", "message": "Done." }, "key": "done", "parameters": [{ "name": "value" }, "plain"] }
        ],
        "returns": [{ "name": "label", "attributeName": "identityCount" }],
        "attributes": { "identityCount": index, "appId": "c31386cb18bb403cbb6df4c86294ff82" },
        "progress": "Completed",
        "percentComplete": 100,
        "taskDefinitionSummary": {
            "id": "2c91808475b4334b0175e1dff64b63c5",
            "uniqueName": "Cloud Account Aggregation",
            "description": "Aggregates from the specified application.",
            "parentName": "Cloud Account Aggregation",
            "executor": "sailpoint.task.ServiceTaskExecutor",
            "arguments": { "serviceMethod": "accountAggregationTask" }
        }
    })
}

fn page_body() -> Vec<u8> {
    let page: Vec<serde_json::Value> = (0..PAGE).map(task).collect();
    serde_json::to_vec(&page).unwrap_or_default()
}

/// A minimal HTTP/1.1 server answering every request on a kept-alive connection with `body`,
/// so what is measured is the clients, not a mock server's request matching and recording.
async fn serve(listener: TcpListener, body: Vec<u8>) {
    let mut response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nx-total-count: {PAGE}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(&body);
    let response: &'static [u8] = response.leak();
    while let Ok((stream, _)) = listener.accept().await {
        tokio::spawn(answer_every_request(stream, response));
    }
}

async fn answer_every_request(mut stream: TcpStream, response: &'static [u8]) {
    let mut buffer = vec![0; 16 * 1024];
    let mut filled = 0;
    loop {
        match stream.read(&mut buffer[filled..]).await {
            Ok(0) | Err(_) => return,
            Ok(read) => filled += read,
        }
        // GET requests carry no body: a request ends at its blank line.
        while let Some(end) = buffer[..filled]
            .windows(4)
            .position(|window| window == b"\r\n\r\n")
        {
            if stream.write_all(response).await.is_err() {
                return;
            }
            buffer.copy_within(end + 4..filled, 0);
            filled -= end + 4;
        }
        if filled == buffer.len() {
            return;
        }
    }
}

fn decode(c: &mut Criterion) {
    let body = page_body();
    c.benchmark_group("client")
        .bench_function("decode_250_task_statuses", |b| {
            b.iter(|| serde_json::from_slice::<Vec<TaskStatus>>(black_box(&body)))
        });
}

fn call(c: &mut Criterion) {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("no tokio runtime: {error}");
            return;
        }
    };
    let listener = match runtime.block_on(TcpListener::bind("127.0.0.1:0")) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("cannot listen on loopback: {error}");
            return;
        }
    };
    let Ok(address) = listener.local_addr() else {
        return;
    };
    runtime.spawn(serve(listener, page_body()));
    let base_url = format!("http://{address}");

    let Ok(client) = Client::builder()
        .base_url(&base_url)
        .access_token(TOKEN)
        .retry_policy(RetryPolicy::never())
        .build()
    else {
        return;
    };
    let raw = reqwest::Client::new();
    let raw_url = format!("{base_url}/v2024/task-status?limit={PAGE}");

    let mut group = c.benchmark_group("client");
    group.bench_function("call_generated", |b| {
        b.to_async(&runtime).iter(|| async {
            let page = client
                .v2024()
                .get_task_status_list()
                .limit(250)
                .send()
                .await;
            black_box(page.map(|page| page.len()).unwrap_or(0))
        })
    });
    group.bench_function("call_raw_reqwest", |b| {
        b.to_async(&runtime).iter(|| async {
            let response = raw
                .get(&raw_url)
                .bearer_auth(TOKEN)
                .header("accept", "application/json")
                .header("x-sailpoint-experimental", "true")
                .send()
                .await;
            let page = match response {
                Ok(response) => match response.bytes().await {
                    Ok(body) => serde_json::from_slice::<Vec<TaskStatus>>(&body)
                        .map(|page| page.len())
                        .unwrap_or(0),
                    Err(_) => 0,
                },
                Err(_) => 0,
            };
            black_box(page)
        })
    });
    group.finish();
}

criterion_group!(benches, decode, call);
criterion_main!(benches);
