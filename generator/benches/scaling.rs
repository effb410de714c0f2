//! How generation cost grows with the size of the spec: synthetic specs of 10, 100, 1,000 and
//! 5,000 operations (each with its own schema), timed, with the peak memory one generation adds to
//! a fresh process (resident set, from Linux's `/proc/self/status`). Prints a table and writes
//! `target/bench-results/scaling.json` for `cargo xtask bench`. Run with
//! `cargo bench -p sailpoint-codegen --bench scaling`; `SCALING_SIZES=1000,2000` measures other
//! sizes, once each.

#![allow(
    clippy::panic,
    reason = "a benchmark whose input does not generate has nothing to measure"
)]

mod support;

/// The same allocator as the `sailpoint-codegen` and `xtask` binaries, so the numbers are theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::{Duration, Instant};

/// The process's peak resident memory so far, from Linux's `/proc/self/status`; `None` where
/// that does not exist.
fn peak_memory() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// The peak memory one generation of `operations` adds to a fresh process: this benchmark run
/// again as a child that generates once and prints how far its peak rose.
fn peak_memory_of(operations: usize) -> Option<usize> {
    let output = std::process::Command::new(std::env::current_exe().ok()?)
        .arg(MEASURE_MEMORY)
        .arg(operations.to_string())
        .output()
        .ok()?;
    String::from_utf8_lossy(&output.stdout).trim().parse().ok()
}

/// The argument that makes this binary the child of [`peak_memory_of`].
const MEASURE_MEMORY: &str = "--measure-memory";

fn measure_memory_in_this_process(operations: usize) {
    let settings = support::settings();
    let input = support::synthetic_spec(operations);
    let before = peak_memory().unwrap_or(0);
    let generated = sailpoint_codegen::generate(std::slice::from_ref(&input), &settings);
    let after = peak_memory().unwrap_or(0);
    drop(generated);
    println!("{}", after.saturating_sub(before));
}

struct Measurement {
    operations: usize,
    median: Duration,
    peak_bytes: usize,
    output_bytes: usize,
}

fn measure(operations: usize, runs: usize) -> Measurement {
    let settings = support::settings();
    let input = support::synthetic_spec(operations);
    let generate = || match sailpoint_codegen::generate(std::slice::from_ref(&input), &settings) {
        Ok(generation) => generation.files,
        Err(error) => {
            panic!("the synthetic spec of {operations} operations does not generate:\n{error}")
        }
    };
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            let files = generate();
            let elapsed = started.elapsed();
            drop(files);
            elapsed
        })
        .collect();
    times.sort();
    let files = generate();
    let peak_bytes = peak_memory_of(operations).unwrap_or(0);
    Measurement {
        operations,
        median: times[times.len() / 2],
        peak_bytes,
        output_bytes: files.iter().map(|file| file.contents.len()).sum(),
    }
}

fn main() {
    let mut arguments = std::env::args().skip(1);
    if arguments.next().as_deref() == Some(MEASURE_MEMORY) {
        measure_memory_in_this_process(
            arguments
                .next()
                .and_then(|size| size.parse().ok())
                .unwrap_or(0),
        );
        return;
    }
    // `cargo test --benches` runs bench targets with `--bench` absent; stay quick then.
    let quick = !std::env::args().any(|argument| argument == "--bench");
    let custom: Option<Vec<(usize, usize)>> = std::env::var("SCALING_SIZES").ok().map(|sizes| {
        sizes
            .split(',')
            .filter_map(|size| size.trim().parse().ok())
            .map(|size| (size, 1))
            .collect()
    });
    let default_sizes: &[(usize, usize)] = if quick {
        &[(10, 1), (100, 1)]
    } else {
        &[(10, 21), (100, 11), (1_000, 5), (5_000, 3)]
    };
    let sizes = custom.as_deref().unwrap_or(default_sizes);
    let results: Vec<Measurement> = sizes
        .iter()
        .map(|&(operations, runs)| measure(operations, runs))
        .collect();

    println!(
        "{:>10} {:>12} {:>14} {:>12} {:>14}",
        "operations", "time", "per operation", "peak memory", "output"
    );
    for result in &results {
        println!(
            "{:>10} {:>10.1} ms {:>11.1} µs {:>9.1} MiB {:>10.1} MiB",
            result.operations,
            result.median.as_secs_f64() * 1e3,
            result.median.as_secs_f64() * 1e6 / result.operations as f64,
            result.peak_bytes as f64 / 1_048_576.0,
            result.output_bytes as f64 / 1_048_576.0,
        );
    }
    if quick {
        return;
    }
    let json: Vec<String> = results
        .iter()
        .map(|result| {
            format!(
                "{{\"operations\": {}, \"median_ns\": {}, \"peak_bytes\": {}, \"output_bytes\": {}}}",
                result.operations,
                result.median.as_nanos(),
                result.peak_bytes,
                result.output_bytes
            )
        })
        .collect();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let dir = target.join("bench-results");
    let written = std::fs::create_dir_all(&dir).and_then(|()| {
        std::fs::write(
            dir.join("scaling.json"),
            format!("[{}]\n", json.join(",\n ")),
        )
    });
    if let Err(error) = written {
        eprintln!(
            "could not write {}: {error}",
            dir.join("scaling.json").display()
        );
    }
}
