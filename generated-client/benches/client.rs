//! What the client costs over doing the same work by hand: decoding a page of 250 `TaskStatus`
//! items and writing it back as a body, and one `get_task_status_list` call against a local server next to a raw reqwest +
//! serde_json request for the same page from the same server, in the same run. Criterion times
//! each; the overhead itself comes from a paired run afterwards that alternates blocks of both
//! calls, so drift in the machine's speed cancels out, and is written to
//! `target/bench-results/client_overhead.json`. Run with
//! `cargo bench -p sailpoint-client --bench client`; `cargo xtask bench` runs it with the other
//! benchmarks and prints the overhead.
//!
//! A page with one item that breaks the spec (item 125's required `description` is `null`, as
//! SailPoint's servers send it) is fetched the same way, from a server of its own, and a second
//! paired run alternates it with the valid page: what a deviating item costs a call end to end
//! (the direct decode, reading that one item again, the stand-in and its report), written to
//! `target/bench-results/deviating_page.json`.
//!
//! It also streams 5,000 items in pages of 10 from a server that enforces a rate limit with
//! 429s (`Retry-After: 1`), once with the client's rate limit set to the server's and once with
//! it off, and writes the wall time and the number of 429s of each to
//! `target/bench-results/rate_limit.json`. SailPoint's limit is 100 requests per 10 s; both
//! sides use 100 per 1 s here, so the run takes seconds rather than a minute, with the same
//! shape.

use std::collections::VecDeque;
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion};
use sailpoint_client::v2024::TaskStatus;
use sailpoint_client::{Client, RateLimit, RetryPolicy};
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

/// The page with one item in the middle that breaks the spec: a required string sent as null.
fn deviating_page_body() -> Vec<u8> {
    let mut page: Vec<serde_json::Value> = (0..PAGE).map(task).collect();
    page[PAGE / 2]["description"] = serde_json::Value::Null;
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

/// Writing a request body: the same page written back as JSON through the records' one writer
/// (`client_runtime::encode`, which takes each field as a trait object), and, for scale, the
/// page as a `serde_json::Value` tree written by serde_json alone.
fn encode(c: &mut Criterion) {
    let body = page_body();
    let Ok(page) = serde_json::from_slice::<Vec<TaskStatus>>(&body) else {
        eprintln!("the benchmark's page does not decode");
        return;
    };
    let Ok(tree) = serde_json::from_slice::<serde_json::Value>(&body) else {
        eprintln!("the benchmark's page is not JSON");
        return;
    };
    let mut group = c.benchmark_group("client");
    group.bench_function("encode_250_task_statuses", |b| {
        b.iter(|| serde_json::to_vec(black_box(&page)))
    });
    group.bench_function("encode_250_task_statuses_as_a_json_tree", |b| {
        b.iter(|| serde_json::to_vec(black_box(&tree)))
    });
    group.finish();
}

/// Local servers answering with the valid page and with the deviating one, a client for each,
/// and the raw request's URL.
struct Setup {
    runtime: tokio::runtime::Runtime,
    client: Client,
    deviating_client: Client,
    raw: reqwest::Client,
    raw_url: String,
}

/// The calls the benchmark times.
#[derive(Clone, Copy)]
enum Call {
    Generated,
    GeneratedDeviating,
    Raw,
}

impl Setup {
    async fn call(&self, call: Call) -> usize {
        match call {
            Call::Generated => generated_call(&self.client).await,
            Call::GeneratedDeviating => generated_call(&self.deviating_client).await,
            Call::Raw => raw_call(&self.raw, &self.raw_url).await,
        }
    }
}

/// A local server answering every request with `body`, and its base URL.
fn start_server(runtime: &tokio::runtime::Runtime, body: Vec<u8>) -> Option<String> {
    let listener = runtime.block_on(TcpListener::bind("127.0.0.1:0")).ok()?;
    let address = listener.local_addr().ok()?;
    runtime.spawn(serve(listener, body));
    Some(format!("http://{address}"))
}

fn client_for(base_url: &str) -> Option<Client> {
    Client::builder()
        .base_url(base_url)
        .access_token(TOKEN)
        .retry_policy(RetryPolicy::never())
        // Thousands of calls a second to a local server that has no limit.
        .rate_limit(RateLimit::off())
        .build()
        .ok()
}

fn setup() -> Option<Setup> {
    let runtime = tokio::runtime::Runtime::new().ok()?;
    let base_url = start_server(&runtime, page_body())?;
    let deviating_url = start_server(&runtime, deviating_page_body())?;
    Some(Setup {
        client: client_for(&base_url)?,
        deviating_client: client_for(&deviating_url)?,
        runtime,
        raw: reqwest::Client::new(),
        raw_url: format!("{base_url}/v2024/task-status?limit={PAGE}"),
    })
}

/// The page through the generated client.
async fn generated_call(client: &Client) -> usize {
    let page = client
        .v2024()
        .get_task_status_list()
        .limit(250)
        .send()
        .await;
    page.map(|page| page.len()).unwrap_or(0)
}

/// The same page by hand: the same request, the bytes, and serde_json into the same model.
async fn raw_call(raw: &reqwest::Client, url: &str) -> usize {
    let response = raw
        .get(url)
        .bearer_auth(TOKEN)
        .header("accept", "application/json")
        .header("x-sailpoint-experimental", "true")
        .send()
        .await;
    match response {
        Ok(response) => match response.bytes().await {
            Ok(body) => serde_json::from_slice::<Vec<TaskStatus>>(&body)
                .map(|page| page.len())
                .unwrap_or(0),
            Err(_) => 0,
        },
        Err(_) => 0,
    }
}

fn call(c: &mut Criterion) {
    let Some(setup) = setup() else {
        eprintln!("cannot start the local server");
        return;
    };
    let mut group = c.benchmark_group("client");
    for (name, call) in [
        ("call_generated", Call::Generated),
        ("call_raw_reqwest", Call::Raw),
        ("call_generated_one_deviating", Call::GeneratedDeviating),
    ] {
        group.bench_function(name, |b| {
            b.to_async(&setup.runtime)
                .iter(|| async { black_box(setup.call(call).await) })
        });
    }
    group.finish();
}

/// Alternates blocks of calls `measured` and `reference` (which goes first alternates too) and
/// returns the median of the per-block ratios: `measured`'s time over `reference`'s.
fn paired(
    setup: &Setup,
    measured: Call,
    reference: Call,
    blocks: usize,
    calls_per_block: usize,
) -> Option<f64> {
    let time = |call: Call| -> Duration {
        setup.runtime.block_on(async {
            let started = Instant::now();
            for _ in 0..calls_per_block {
                black_box(setup.call(call).await);
            }
            started.elapsed()
        })
    };
    // Warm up connections and caches on both paths first.
    time(measured);
    time(reference);
    let mut ratios: Vec<f64> = (0..blocks)
        .map(|block| {
            let (measured, reference) = if block % 2 == 0 {
                let measured = time(measured);
                (measured, time(reference))
            } else {
                let reference = time(reference);
                (time(measured), reference)
            };
            measured.as_secs_f64() / reference.as_secs_f64()
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios.get(ratios.len() / 2).copied()
}

/// Items the paced stream reads, and its page size: 500 requests in all.
const STREAM_ITEMS: usize = 5_000;
const STREAM_PAGE: usize = 10;
/// The rate both the server and (in one run) the client keep to: SailPoint's 100 requests,
/// per second instead of per 10 seconds.
const LIMIT_REQUESTS: usize = 100;
const LIMIT_WINDOW: Duration = Duration::from_secs(1);

/// A server holding `STREAM_ITEMS` task statuses, paged by `offset` and `limit`, that answers
/// 429 with `Retry-After: 1` to a request beyond `LIMIT_REQUESTS` in any `LIMIT_WINDOW`.
struct Enforcer {
    accepted: Mutex<VecDeque<Instant>>,
    refused: AtomicU64,
}

impl Enforcer {
    fn admit(&self) -> bool {
        let now = Instant::now();
        let mut accepted = self
            .accepted
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        while accepted
            .front()
            .is_some_and(|at| now.duration_since(*at) >= LIMIT_WINDOW)
        {
            accepted.pop_front();
        }
        if accepted.len() >= LIMIT_REQUESTS {
            self.refused.fetch_add(1, Ordering::Relaxed);
            return false;
        }
        accepted.push_back(now);
        true
    }

    fn answer(&self, request_line: &str) -> Vec<u8> {
        if !self.admit() {
            let body = r#"{"message":" Rate Limit Exceeded "}"#;
            return format!(
                "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\nretry-after: 1\r\ncontent-length: {}\r\n\r\n{body}",
                body.len()
            )
            .into_bytes();
        }
        let parameter = |name: &str| {
            request_line
                .split(['?', '&', ' '])
                .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
                .and_then(|value| value.parse::<usize>().ok())
        };
        let offset = parameter("offset").unwrap_or(0).min(STREAM_ITEMS);
        let limit = parameter("limit").unwrap_or(250);
        let items: Vec<serde_json::Value> = (offset..(offset + limit).min(STREAM_ITEMS))
            .map(task)
            .collect();
        let body = serde_json::to_vec(&items).unwrap_or_default();
        let mut response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        response.extend_from_slice(&body);
        response
    }
}

async fn serve_paced(listener: TcpListener, enforcer: Arc<Enforcer>) {
    while let Ok((mut stream, _)) = listener.accept().await {
        let enforcer = Arc::clone(&enforcer);
        tokio::spawn(async move {
            let mut buffer = vec![0; 16 * 1024];
            let mut filled = 0;
            loop {
                match stream.read(&mut buffer[filled..]).await {
                    Ok(0) | Err(_) => return,
                    Ok(read) => filled += read,
                }
                while let Some(end) = buffer[..filled]
                    .windows(4)
                    .position(|window| window == b"\r\n\r\n")
                {
                    let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
                    let request_line = head.lines().next().unwrap_or_default().to_owned();
                    if stream
                        .write_all(&enforcer.answer(&request_line))
                        .await
                        .is_err()
                    {
                        return;
                    }
                    buffer.copy_within(end + 4..filled, 0);
                    filled -= end + 4;
                }
                if filled == buffer.len() {
                    return;
                }
            }
        });
    }
}

/// Streams every item once through a client with `rate_limit`; returns the wall time, the
/// 429s the server sent, and the items read.
fn paced_stream(rate_limit: RateLimit) -> Option<(Duration, u64, usize)> {
    let runtime = tokio::runtime::Runtime::new().ok()?;
    let listener = runtime.block_on(TcpListener::bind("127.0.0.1:0")).ok()?;
    let address = listener.local_addr().ok()?;
    let enforcer = Arc::new(Enforcer {
        accepted: Mutex::new(VecDeque::new()),
        refused: AtomicU64::new(0),
    });
    runtime.spawn(serve_paced(listener, Arc::clone(&enforcer)));
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .access_token(TOKEN)
        .rate_limit(rate_limit)
        .build()
        .ok()?;
    let (elapsed, items) = runtime.block_on(async {
        let started = Instant::now();
        let mut stream = client
            .v2024()
            .get_task_status_list()
            .limit(STREAM_PAGE as i32)
            .stream();
        let mut items = 0;
        while let Ok(Some(item)) = stream.try_next().await {
            black_box(item);
            items += 1;
        }
        (started.elapsed(), items)
    });
    Some((elapsed, enforcer.refused.load(Ordering::Relaxed), items))
}

/// Where the paired and paced runs write their figures for `cargo xtask bench`.
fn results_dir() -> std::path::PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("bench-results")
}

fn write_result(name: &str, json: &str) {
    let dir = results_dir();
    let written = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(dir.join(name), json));
    if let Err(error) = written {
        eprintln!("could not write {}: {error}", dir.join(name).display());
    }
}

fn rate_limit_runs() {
    let paced = paced_stream(RateLimit::new(LIMIT_REQUESTS as u32, LIMIT_WINDOW));
    let unpaced = paced_stream(RateLimit::off());
    let (Some(paced), Some(unpaced)) = (paced, unpaced) else {
        eprintln!("the rate-limit run could not start its local server");
        return;
    };
    for (name, (elapsed, refused, items)) in [("with the limit", paced), ("without", unpaced)] {
        println!(
            "stream of {items} items in pages of {STREAM_PAGE}, server limit {LIMIT_REQUESTS}/{LIMIT_WINDOW:?}, {name}: {:.2} s, {refused} x 429",
            elapsed.as_secs_f64()
        );
    }
    let entry = |(elapsed, refused, items): (Duration, u64, usize)| {
        format!(
            r#"{{"seconds": {}, "too_many_requests": {refused}, "items": {items}}}"#,
            elapsed.as_secs_f64()
        )
    };
    write_result(
        "rate_limit.json",
        &format!(
            "{{\"with_limit\": {}, \"without_limit\": {}}}\n",
            entry(paced),
            entry(unpaced)
        ),
    );
}

criterion_group!(benches, decode, encode, call);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // `cargo test --benches` runs this binary without `--bench`: skip the long paired run then.
    if !std::env::args().any(|argument| argument == "--bench") {
        return;
    }
    let Some(setup) = setup() else {
        eprintln!("the paired runs could not start their local servers");
        return;
    };
    if let Some(ratio) = paired(&setup, Call::Generated, Call::Raw, 40, 25) {
        println!(
            "client overhead over raw reqwest, paired: {:+.2} %",
            (ratio - 1.0) * 100.0
        );
        write_result("client_overhead.json", &format!("{{\"ratio\": {ratio}}}\n"));
    }
    if let Some(ratio) = paired(&setup, Call::GeneratedDeviating, Call::Generated, 40, 25) {
        println!("a page with one deviating item over a valid page, paired: {ratio:.3}x");
        write_result("deviating_page.json", &format!("{{\"ratio\": {ratio}}}\n"));
    }
    rate_limit_runs();
}
