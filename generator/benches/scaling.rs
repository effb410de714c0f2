//! How generation cost grows with the size of the spec: synthetic specs of 10, 100, 1,000 and
//! 5,000 operations (each with its own schema), timed, and with the peak heap measured by dhat.
//! Prints a table and writes `target/bench-results/scaling.json` for `cargo xtask bench`. Run
//! with `cargo bench -p sailpoint-codegen --bench scaling`; `SCALING_SIZES=1000,2000` measures
//! other sizes, and `SCALING_PEAK=0` skips the (slow) peak-heap run, for use under a profiler.

#![allow(
    clippy::panic,
    reason = "a benchmark whose input does not generate has nothing to measure"
)]

mod support;

use std::time::{Duration, Instant};

/// dhat's allocator forwards to the system allocator and counts only while a profiler runs,
/// so timed runs go at full speed and a separate run measures the peak heap.
#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

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
    // Under a profiler, leave out the slow counted run: `SCALING_PEAK=0`.
    let (peak_bytes, files) = if std::env::var("SCALING_PEAK").is_ok_and(|value| value == "0") {
        (0, generate())
    } else {
        let profiler = dhat::Profiler::builder().testing().build();
        let files = generate();
        let peak_bytes = dhat::HeapStats::get().max_bytes;
        drop(profiler);
        (peak_bytes, files)
    };
    Measurement {
        operations,
        median: times[times.len() / 2],
        peak_bytes,
        output_bytes: files.iter().map(|file| file.contents.len()).sum(),
    }
}

fn main() {
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
        "operations", "time", "per operation", "peak heap", "output"
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
