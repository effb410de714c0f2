//! `cargo xtask bench`: runs every benchmark (the generator's stages and scaling, the client
//! against raw reqwest, the client's rate limit against a server enforcing one, and
//! `cargo xtask codegen --check` as a whole process, and the compile time of generated crates,
//! [`compile`], ours against progenitor's and openapi-generator's, [`peers`], with their lines of
//! Rust, [`lines`]) and prints one table of the results against the project's targets.

mod compile;
mod lines;
mod peers;

pub use compile::CompileOptions;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A benchmark run by cargo: the package and the bench target.
const CARGO_BENCHES: &[(&str, &str)] = &[
    ("sailpoint-codegen", "generate"),
    ("sailpoint-codegen", "scaling"),
    ("sailpoint-client", "client"),
];

/// How many times the drift check runs as a process; the median counts.
const CHECK_RUNS: usize = 21;

struct Row {
    what: String,
    result: String,
    target: String,
    verdict: Option<bool>,
}

impl Row {
    fn info(what: impl Into<String>, result: impl Into<String>) -> Self {
        Row {
            what: what.into(),
            result: result.into(),
            target: String::new(),
            verdict: None,
        }
    }

    fn judged(
        what: impl Into<String>,
        result: impl Into<String>,
        target: impl Into<String>,
        met: bool,
    ) -> Self {
        Row {
            what: what.into(),
            result: result.into(),
            target: target.into(),
            verdict: Some(met),
        }
    }
}

/// Runs everything and prints the table; `quick` shortens criterion's sampling, and
/// `compile_only` runs the compile-time stage alone.
pub fn run(
    root: &Path,
    quick: bool,
    compile_only: bool,
    compile: &CompileOptions,
) -> Result<(), String> {
    let target_dir =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let target_dir = std::path::absolute(&target_dir).unwrap_or(target_dir);
    let started = Instant::now();
    if compile_only {
        eprintln!("==> compile time of generated crates");
        let rows = compile::run(root, &target_dir, compile)?;
        eprintln!("==> done in {:.0?}", started.elapsed());
        return finish(&rows);
    }
    let stages = CARGO_BENCHES.len() + 2;
    for (index, (package, bench)) in CARGO_BENCHES.iter().enumerate() {
        // Each stage says what it runs and, as it starts, how long the run has taken so far:
        // the first builds in release mode and is silent for minutes without cargo's progress.
        eprintln!(
            "==> [{}/{stages}, {:.0?} so far] cargo bench -p {package} --bench {bench}",
            index + 1,
            started.elapsed()
        );
        let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        command
            .current_dir(root)
            .args(["bench", "-p", package, "--bench", bench, "--"]);
        if quick && *bench != "scaling" {
            command.args(["--warm-up-time", "1", "--measurement-time", "2"]);
        }
        if quick && *bench == "scaling" {
            // Up to 1,000 operations, once each: the 5,000-operation runs take most of a full run.
            command.env("SCALING_SIZES", "10,100,1000");
        }
        let status = command
            .status()
            .map_err(|error| format!("cannot run cargo: {error}"))?;
        if !status.success() {
            return Err(format!(
                "cargo bench -p {package} --bench {bench} failed ({status})"
            ));
        }
    }
    eprintln!(
        "==> [{}/{stages}, {:.0?} so far] cargo xtask codegen --check, {CHECK_RUNS} times",
        stages - 1,
        started.elapsed()
    );
    let check = time_drift_check(root)?;
    eprintln!(
        "==> [{stages}/{stages}, {:.0?} so far] compile time of generated crates",
        started.elapsed()
    );
    let compile_rows = compile::run(root, &target_dir, compile)?;
    eprintln!("==> done in {:.0?}", started.elapsed());

    let criterion = |id: &str| {
        median_ns(
            &target_dir
                .join("criterion")
                .join(id)
                .join("new/estimates.json"),
        )
    };
    let mut rows = Vec::new();
    let total = criterion("spec/total")?;
    rows.push(Row::judged(
        "generate spec/ in-process",
        millis(total),
        "< 20 ms",
        total < 20e6,
    ));
    let stages: Vec<String> = ["load", "lower", "render", "format"]
        .iter()
        .map(|stage| {
            criterion(&format!("spec/{stage}")).map(|ns| format!("{stage} {}", millis(ns)))
        })
        .collect::<Result<_, _>>()?;
    rows.push(Row::info("  by stage", stages.join(", ")));
    let check_ns = check.as_secs_f64() * 1e9;
    rows.push(Row::judged(
        "cargo xtask codegen --check (process)",
        millis(check_ns),
        "< 200 ms",
        check_ns < 200e6,
    ));

    let scaling = scaling_results(&target_dir.join("bench-results/scaling.json"))?;
    let per_op = |operations: u64| {
        scaling
            .iter()
            .find(|(size, ..)| *size == operations)
            .map(|(size, ns, ..)| ns / *size as f64)
    };
    for (operations, ns, peak, output) in &scaling {
        let result = format!(
            "{} ({:.0} µs/op), peak {:.0} MiB, {:.1} MiB written",
            millis(*ns),
            ns / *operations as f64 / 1e3,
            peak / 1_048_576.0,
            output / 1_048_576.0
        );
        let what = format!("synthetic spec, {operations} operations");
        rows.push(if *operations == 1_000 {
            Row::judged(what, result, "< 1 s", *ns < 1e9)
        } else {
            Row::info(what, result)
        });
    }
    if let (Some(small), Some(large)) = (per_op(1_000), per_op(5_000)) {
        let growth = large / small;
        rows.push(Row::judged(
            "  cost per operation, 5,000 vs 1,000",
            format!("{growth:.2}x"),
            "close to linear (<= 1.25x)",
            growth <= 1.25,
        ));
    }

    let decode = criterion("client/decode_250_task_statuses")?;
    rows.push(Row::info("client: decode 250 TaskStatus", millis(decode)));
    let generated = criterion("client/call_generated")?;
    let raw = criterion("client/call_raw_reqwest")?;
    rows.push(Row::info(
        "client: get_task_status_list, 250 items",
        millis(generated),
    ));
    rows.push(Row::info(
        "raw reqwest + serde_json, same page",
        millis(raw),
    ));
    let overhead =
        (paired_ratio(&target_dir.join("bench-results/client_overhead.json"))? - 1.0) * 100.0;
    rows.push(Row::judged(
        "client overhead over raw (paired blocks)",
        format!("{overhead:+.1} %"),
        "<= 5 %",
        overhead <= 5.0,
    ));
    let deviating = criterion("client/call_generated_one_deviating")?;
    rows.push(Row::info(
        "client: the same page with one deviating item",
        millis(deviating),
    ));
    let deviating_ratio = paired_ratio(&target_dir.join("bench-results/deviating_page.json"))?;
    rows.push(Row::judged(
        "  deviating page over valid page (paired blocks)",
        format!("{deviating_ratio:.2}x"),
        "<= 1.5x",
        deviating_ratio <= 1.5,
    ));

    let paced = rate_limit_results(&target_dir.join("bench-results/rate_limit.json"))?;
    for (name, (seconds, refused, items)) in [
        ("with the rate limit", paced.0),
        ("without the rate limit", paced.1),
    ] {
        rows.push(Row::info(
            format!("client: stream {items} items, pages of 10, server at 100/s, {name}"),
            format!("{seconds:.2} s, {refused} x 429"),
        ));
    }
    rows.push(Row::judged(
        "  429s with the rate limit",
        (paced.0).1.to_string(),
        "0",
        (paced.0).1 == 0,
    ));
    rows.extend(compile_rows);
    finish(&rows)
}

/// Prints the table; an error when a target was missed.
fn finish(rows: &[Row]) -> Result<(), String> {
    print_table(rows);
    if rows.iter().any(|row| row.verdict == Some(false)) {
        return Err("some targets were missed".into());
    }
    Ok(())
}

/// The median wall time of `xtask codegen --check` run as a process, this binary being xtask.
fn time_drift_check(root: &Path) -> Result<Duration, String> {
    let xtask = std::env::current_exe()
        .map_err(|error| format!("cannot find the xtask binary: {error}"))?;
    let mut times = Vec::with_capacity(CHECK_RUNS);
    for _ in 0..CHECK_RUNS {
        let started = Instant::now();
        let output = Command::new(&xtask)
            .current_dir(root)
            .args(["codegen", "--check"])
            .output()
            .map_err(|error| format!("cannot run {}: {error}", xtask.display()))?;
        times.push(started.elapsed().as_secs_f64());
        if !output.status.success() {
            return Err(format!(
                "the drift check failed, so its time means nothing:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    Ok(Duration::from_secs_f64(median(&mut times)))
}

/// The middle value (the mean of the two middle ones for an even count); 0 for none.
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => 0.0,
        count if count % 2 == 1 => values[count / 2],
        count => (values[count / 2 - 1] + values[count / 2]) / 2.0,
    }
}

fn median_ns(path: &Path) -> Result<f64, String> {
    let text =
        std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))?;
    let estimates: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))?;
    estimates["median"]["point_estimate"]
        .as_f64()
        .ok_or_else(|| format!("{}: no median point estimate", path.display()))
}

/// The client's time over the raw request's, from the client benchmark's paired run.
fn paired_ratio(path: &Path) -> Result<f64, String> {
    let text =
        std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))?;
    value["ratio"]
        .as_f64()
        .ok_or_else(|| format!("{}: no `ratio`", path.display()))
}

/// `(seconds, 429s, items)` of the paced stream with the client's rate limit and without.
type PacedRun = (f64, u64, u64);

fn rate_limit_results(path: &Path) -> Result<(PacedRun, PacedRun), String> {
    let text =
        std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))?;
    let run = |key: &str| -> Result<PacedRun, String> {
        let run = &value[key];
        match (
            run["seconds"].as_f64(),
            run["too_many_requests"].as_u64(),
            run["items"].as_u64(),
        ) {
            (Some(seconds), Some(refused), Some(items)) => Ok((seconds, refused, items)),
            _ => Err(format!("{}: no complete `{key}`", path.display())),
        }
    };
    Ok((run("with_limit")?, run("without_limit")?))
}

/// `(operations, median ns, peak bytes, output bytes)` per synthetic size.
fn scaling_results(path: &Path) -> Result<Vec<(u64, f64, f64, f64)>, String> {
    let text =
        std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))?;
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))?;
    rows.iter()
        .map(|row| {
            let number = |key: &str| {
                row[key]
                    .as_f64()
                    .ok_or_else(|| format!("{}: no `{key}`", path.display()))
            };
            Ok((
                row["operations"].as_u64().unwrap_or(0),
                number("median_ns")?,
                number("peak_bytes")?,
                number("output_bytes")?,
            ))
        })
        .collect()
}

fn millis(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e7 {
        format!("{:.0} ms", ns / 1e6)
    } else {
        format!("{:.2} ms", ns / 1e6)
    }
}

fn print_table(rows: &[Row]) {
    let width = |pick: fn(&Row) -> &str| {
        rows.iter()
            .map(|row| pick(row).chars().count())
            .max()
            .unwrap_or(0)
    };
    let (what, result, target) = (
        width(|row| &row.what),
        width(|row| &row.result),
        width(|row| &row.target),
    );
    println!();
    println!(
        "{:what$}  {:result$}  {:target$}  verdict",
        "benchmark", "result", "target"
    );
    println!("{}", "-".repeat(what + result + target + 13));
    for row in rows {
        let verdict = match row.verdict {
            Some(true) => "met",
            Some(false) => "MISSED",
            None => "",
        };
        println!(
            "{:what$}  {:result$}  {:target$}  {verdict}",
            row.what, row.result, row.target
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_the_middle_run_whatever_order_they_came_in() {
        assert_eq!(median(&mut [2.4, 1.9, 9.0]), 2.4);
        assert_eq!(median(&mut [3.0, 1.0, 2.0, 10.0]), 2.5);
        assert_eq!(median(&mut []), 0.0);
    }

    #[test]
    fn the_rate_limit_results_the_client_benchmark_writes_are_read() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("rate_limit.json");
        std::fs::write(
            &path,
            r#"{"with_limit": {"seconds": 5.1, "too_many_requests": 0, "items": 5000}, "without_limit": {"seconds": 5.2, "too_many_requests": 5, "items": 5000}}"#,
        )
        .expect("written");
        let (with, without) = rate_limit_results(&path).expect("read");
        assert_eq!(with, (5.1, 0, 5000));
        assert_eq!(without, (5.2, 5, 5000));
    }
}
