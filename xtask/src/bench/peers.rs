//! The large spec's crate from each generator, side by side: ours, progenitor's and
//! openapi-generator's, generated from the same spec, their dependencies prebuilt, then compiled
//! alone in alternating rounds (ours, progenitor's, openapi-generator's, ours, ...) so that all
//! three see the same drift of a shared machine. Reports the median of each, the ratio of ours
//! to the faster peer against issue 31's targets, and the peak memory of every run.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use super::compile::{Crate, clean_args, copy_lock, run_cargo, standalone};
use super::{Row, median};

/// GNU time, which reports the peak resident set size of the process it runs. cargo waits for
/// the rustc it starts, so the figure covers rustc too (the kernel's `ru_maxrss` of a child
/// includes its waited-for descendants).
const GNU_TIME: &str = "/usr/bin/time";

/// A generator's crate for the large spec, or why there is none.
#[derive(Debug, Clone)]
pub(super) enum Peer {
    Ready(Crate),
    Unavailable { label: String, reason: String },
}

/// How progenitor writes operations: its `--interface`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ProgenitorInterface {
    /// One method per operation taking every parameter (progenitor's default).
    #[default]
    Positional,
    /// One builder per operation, as ours writes.
    Builder,
}

impl ProgenitorInterface {
    fn as_arg(self) -> &'static str {
        match self {
            ProgenitorInterface::Positional => "positional",
            ProgenitorInterface::Builder => "builder",
        }
    }
}

/// progenitor's crate for `spec` in `dir`, named `package`, standalone, with the workspace's
/// lock file beside it (cargo adds what the workspace does not use, such as
/// `progenitor-client`).
pub(super) fn progenitor(
    tool: &Path,
    interface: ProgenitorInterface,
    (spec, spec_name): (&Path, &str),
    operations: usize,
    dir: &Path,
    lock: &Path,
) -> Peer {
    let package = "bench-progenitor";
    let unavailable = |reason: String| Peer::Unavailable {
        label: format!("progenitor: {spec_name}"),
        reason,
    };
    let output = Command::new(tool)
        // A cargo subcommand's binary takes its subcommand's name first, as cargo passes it.
        .arg("progenitor")
        // Its errors come with a backtrace when RUST_BACKTRACE is set; the table wants the error.
        .env_remove("RUST_BACKTRACE")
        .arg("-i")
        .arg(spec)
        .arg("-o")
        .arg(dir)
        .args([
            "-n",
            package,
            "-v",
            "0.1.0",
            "--interface",
            interface.as_arg(),
        ])
        .output();
    let output = match output {
        Ok(output) => output,
        Err(error) => return unavailable(format!("cannot run {}: {error}", tool.display())),
    };
    if !output.status.success() {
        return unavailable(format!(
            "progenitor could not generate it: {}",
            // It reports what it cannot generate on stdout, after its listing of types.
            failure_summary(&format!(
                "{}\n{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ))
        ));
    }
    let manifest = dir.join("Cargo.toml");
    let version = match std::fs::read_to_string(&manifest) {
        Ok(text) => client_version(&text).unwrap_or_else(|| "(version unknown)".into()),
        Err(error) => return unavailable(format!("{}: {error}", manifest.display())),
    };
    if let Err(error) = standalone(&manifest).and_then(|()| copy_lock(lock, dir)) {
        return unavailable(error);
    }
    Peer::Ready(Crate {
        label: format!(
            "progenitor {version} ({} interface): {spec_name} ({operations} ops)",
            interface.as_arg()
        ),
        dir: dir.to_path_buf(),
        packages: vec![package.to_owned()],
        operations,
        cargo_args: Vec::new(),
    })
}

/// progenitor's version, read from the `progenitor-client` requirement of the manifest it wrote
/// (the tool has no `--version`).
fn client_version(manifest: &str) -> Option<String> {
    manifest.lines().find_map(|line| {
        let (name, value) = line.split_once('=')?;
        if name.trim() != "progenitor-client" {
            return None;
        }
        let value = value.trim();
        let version = match value.strip_prefix('{') {
            Some(table) => table
                .split(',')
                .find_map(|pair| {
                    let (key, value) = pair.split_once('=')?;
                    (key.trim() == "version").then(|| value.trim().trim_end_matches('}').trim())
                })?
                .trim_matches('"'),
            None => value.trim_matches('"'),
        };
        Some(version.to_owned())
    })
}

/// openapi-generator's `rust` crate (library `reqwest`) for `spec` in `dir`, named `package`,
/// standalone, with the workspace's lock file beside it.
pub(super) fn openapi_generator(
    (tool, version): (&Path, &str),
    (spec, spec_name): (&Path, &str),
    operations: usize,
    (package, dir): (&str, &Path),
    lock: &Path,
) -> Peer {
    let unavailable = |reason: String| Peer::Unavailable {
        label: format!("openapi-generator {version}: {spec_name}"),
        reason,
    };
    let output = Command::new(tool)
        .args(["generate", "-g", "rust", "-i"])
        .arg(spec)
        .arg("-o")
        .arg(dir)
        .arg(format!(
            "--additional-properties=packageName={package},library=reqwest"
        ))
        // Its validator refuses whole documents for a defect in one place (SailPoint's v3 has a
        // few); what it cannot generate still fails the generation.
        .arg("--skip-validate-spec")
        .output();
    let output = match output {
        Ok(output) => output,
        Err(error) => return unavailable(format!("cannot run {}: {error}", tool.display())),
    };
    if !output.status.success() {
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        return unavailable(format!(
            "openapi-generator could not generate it: {}",
            failure_summary(&format!("{stdout}\n{stderr}"))
        ));
    }
    if let Err(error) = standalone(&dir.join("Cargo.toml")).and_then(|()| copy_lock(lock, dir)) {
        return unavailable(error);
    }
    Peer::Ready(Crate {
        label: format!("openapi-generator {version}: {spec_name} ({operations} ops)"),
        dir: dir.to_path_buf(),
        packages: vec![package.to_owned()],
        operations,
        // Its default TLS is native-tls (OpenSSL); ours is rustls, so both use rustls.
        cargo_args: ["--no-default-features", "--features", "rustls"]
            .map(String::from)
            .to_vec(),
    })
}

/// What a failed tool's output says is wrong: its first two lines that report an error, a
/// failure, an exception or a panic (a backtrace left out, and names such as `struct Error` in a
/// listing not taken for reports), or else its last non-empty line.
fn failure_summary(output: &str) -> String {
    let lines: Vec<&str> = output
        .lines()
        .map(str::trim)
        .take_while(|line| !line.starts_with("Stack backtrace"))
        .filter(|line| !line.is_empty())
        .collect();
    let telling: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|line| {
            let line = line.to_ascii_lowercase();
            [
                "error:",
                "error[",
                "fail:",
                "failed",
                "exception",
                "panicked",
                "not yet implemented",
            ]
            .iter()
            .any(|word| line.contains(word))
        })
        .take(2)
        .collect();
    match (telling.is_empty(), lines.last()) {
        (false, _) => telling.join(" / "),
        (true, Some(last)) => (*last).to_owned(),
        (true, None) => "no output".to_owned(),
    }
}

/// One alone run: seconds, and peak resident set size in KiB when GNU time measured it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Run {
    seconds: f64,
    peak_kib: Option<u64>,
}

/// Which of issue 31's targets a comparison of `operations` operations is judged against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// Too small to judge (under 150 operations).
    None,
    /// At least 150 operations: at most 0.9 times the faster peer, `cargo check` and
    /// `cargo build`.
    FasterPeer,
    /// More than 1,000 operations: `cargo check` at most openapi-generator's time, at no more
    /// than its peak memory.
    OpenapiGenerator,
}

fn target_for(operations: usize) -> Target {
    match operations {
        0..150 => Target::None,
        150..=1_000 => Target::FasterPeer,
        _ => Target::OpenapiGenerator,
    }
}

/// The faster of the peers by median seconds, and ours over it; `None` without a peer.
fn ratio_to_faster<'a>(ours: f64, peers: &[(&'a str, f64)]) -> Option<(&'a str, f64, f64)> {
    peers
        .iter()
        .copied()
        .min_by(|(_, a), (_, b)| a.total_cmp(b))
        .map(|(label, seconds)| (label, seconds, ours / seconds))
}

/// Compiles `peers` (ours first) in `scratch`, one target directory per command shared by all
/// of them: each prebuilt once, then alone in `rounds` alternating rounds. `operations` picks the
/// target the ratios are judged against.
pub(super) fn rounds(
    peers: &[Peer],
    commands: &[String],
    rounds: usize,
    scratch: &Path,
    operations: usize,
) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    let gnu_time = Path::new(GNU_TIME)
        .is_file()
        .then(|| PathBuf::from(GNU_TIME));
    if gnu_time.is_none() {
        rows.push(Row::info(
            "peak memory",
            format!("not measured: no {GNU_TIME} (Debian's package `time`)"),
        ));
    }
    for command in commands {
        let target = scratch.join(format!("target-{command}"));
        super::compile::reset_dir(&target)?;
        let mut ready = Vec::new();
        for peer in peers {
            match peer {
                Peer::Unavailable { label, reason } => {
                    rows.push(Row::info(
                        format!("cargo {command}, {label}"),
                        reason.clone(),
                    ));
                }
                Peer::Ready(krate) => {
                    eprintln!("    cargo {command}, prebuilt: {}", krate.label);
                    let mut args = vec![command.as_str()];
                    args.extend(krate.cargo_args.iter().map(String::as_str));
                    let built = run_cargo(krate, &["fetch"], &target, None)
                        .and_then(|_| run_cargo(krate, &args, &target, None));
                    match built {
                        Ok(_) => ready.push((krate, Vec::with_capacity(rounds))),
                        Err(error) => rows.push(Row::info(
                            format!("cargo {command}, {}", krate.label),
                            format!("does not compile: {}", failure_summary(&error)),
                        )),
                    }
                }
            }
        }
        let scratch_peak = scratch.join("peak-kib.txt");
        for round in 1..=rounds {
            for (krate, runs) in &mut ready {
                eprintln!(
                    "    cargo {command} alone, round {round}/{rounds}: {}",
                    krate.label
                );
                runs.push(timed_alone(
                    krate,
                    command,
                    &target,
                    gnu_time
                        .as_deref()
                        .map(|time| (time, scratch_peak.as_path())),
                )?);
            }
        }
        rows.extend(round_rows(command, rounds, &ready, operations));
    }
    Ok(rows)
}

/// The rows of one command: each crate's median and peak, then ours over the faster peer.
fn round_rows(
    command: &str,
    rounds: usize,
    ready: &[(&Crate, Vec<Run>)],
    operations: usize,
) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut medians = Vec::new();
    for (krate, runs) in ready {
        let mut seconds: Vec<f64> = runs.iter().map(|run| run.seconds).collect();
        let each = seconds
            .iter()
            .map(|seconds| format!("{seconds:.1}"))
            .collect::<Vec<_>>()
            .join(", ");
        let middle = median(&mut seconds);
        let peak = runs.iter().filter_map(|run| run.peak_kib).max();
        let peak_text = peak.map_or_else(String::new, |kib| {
            format!("; peak RSS {:.0} MiB", kib as f64 / 1024.0)
        });
        rows.push(Row::info(
            format!(
                "cargo {command} alone, median of {rounds} alternating rounds, {}",
                krate.label
            ),
            format!("{middle:.1} s ({each}){peak_text}"),
        ));
        medians.push((krate, middle, peak));
    }
    let Some(((_, ours_seconds, ours_peak), peers)) = medians.split_first() else {
        return rows;
    };
    let peer_times: Vec<(&str, f64)> = peers
        .iter()
        .map(|(krate, seconds, _)| (krate.label.as_str(), *seconds))
        .collect();
    let Some((faster, faster_seconds, ratio)) = ratio_to_faster(*ours_seconds, &peer_times) else {
        return rows;
    };
    let what = format!(
        "  cargo {command} alone, ours over the faster peer, {}",
        generator_of(faster)
    );
    let result = format!("{ours_seconds:.1} s / {faster_seconds:.1} s = {ratio:.2}x");
    rows.push(match target_for(operations) {
        Target::FasterPeer => Row::judged(what, result, "<= 0.9x", ratio <= 0.9),
        _ => Row::info(what, result),
    });
    let openapi_generator = peers
        .iter()
        .find(|(krate, ..)| krate.label.starts_with("openapi-generator"));
    if let (Target::OpenapiGenerator, "check", Some((peer, seconds, peak))) =
        (target_for(operations), command, openapi_generator)
    {
        let time_ratio = ours_seconds / seconds;
        let memory = match (ours_peak, peak) {
            (Some(ours), Some(theirs)) => Some((*ours, *theirs)),
            _ => None,
        };
        let memory_text = memory.map_or_else(
            || "peak not measured".to_owned(),
            |(ours, theirs)| {
                format!(
                    "peak {:.1} GiB / {:.1} GiB",
                    ours as f64 / 1_048_576.0,
                    theirs as f64 / 1_048_576.0
                )
            },
        );
        rows.push(Row::judged(
            format!(
                "  cargo check alone, ours over {}, and peak memory",
                generator_of(&peer.label)
            ),
            format!("{ours_seconds:.1} s / {seconds:.1} s = {time_ratio:.2}x; {memory_text}"),
            "<= 1.0x, peak <= its peak",
            time_ratio <= 1.0 && memory.is_some_and(|(ours, theirs)| ours <= theirs),
        ));
    }
    rows
}

/// The generator part of a crate's label: `progenitor 0.15.1` of `progenitor 0.15.1: spec ...`.
fn generator_of(label: &str) -> &str {
    label
        .split_once(':')
        .map_or(label, |(generator, _)| generator)
}

/// `cargo <command>` on the crate's packages alone (`cargo clean -p` first), under GNU time when
/// given `(time, file)`.
fn timed_alone(
    krate: &Crate,
    command: &str,
    target: &Path,
    gnu_time: Option<(&Path, &Path)>,
) -> Result<Run, String> {
    run_cargo(krate, &clean_args(&krate.packages), target, None)?;
    let mut args = vec![command];
    args.extend(krate.cargo_args.iter().map(String::as_str));
    let started = Instant::now();
    run_cargo(krate, &args, target, gnu_time)?;
    let seconds = started.elapsed().as_secs_f64();
    let peak_kib = match gnu_time {
        Some((_, file)) => {
            let text = std::fs::read_to_string(file)
                .map_err(|error| format!("{}: {error}", file.display()))?;
            peak_kib(&text)
        }
        None => None,
    };
    eprintln!(
        "      {seconds:.1} s{}",
        peak_kib.map_or_else(String::new, |kib| format!(", peak {} MiB", kib / 1024))
    );
    Ok(Run { seconds, peak_kib })
}

/// The peak RSS in KiB from GNU time's `-f %M` output file, whose last line is the figure (a
/// line saying the command failed may come before it).
fn peak_kib(text: &str) -> Option<u64> {
    text.lines().rev().find_map(|line| line.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn krate(label: &str) -> Crate {
        Crate {
            label: label.into(),
            dir: PathBuf::from("/nowhere"),
            packages: vec![label.into()],
            operations: 193,
            cargo_args: Vec::new(),
        }
    }

    fn runs(seconds: &[f64], peak_kib: u64) -> Vec<Run> {
        seconds
            .iter()
            .map(|&seconds| Run {
                seconds,
                peak_kib: Some(peak_kib),
            })
            .collect()
    }

    #[test]
    fn progenitors_version_is_read_from_its_client_requirement() {
        let manifest = "[package]\nname = \"bench-progenitor\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\nbase64 = \"0.22\"\nprogenitor-client = \"0.15.1\"\nreqwest = { version = \"0.13\", default-features=false }\n";
        assert_eq!(client_version(manifest).as_deref(), Some("0.15.1"));
        assert_eq!(
            client_version(
                "[dependencies]\nprogenitor-client = { version = \"0.9.0\", path = \"../c\" }\n"
            )
            .as_deref(),
            Some("0.9.0")
        );
        assert_eq!(client_version("[dependencies]\nreqwest = \"0.13\"\n"), None);
    }

    #[test]
    fn progenitors_manifest_is_made_standalone_and_keeps_its_dependencies() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let manifest = dir.path().join("Cargo.toml");
        let written = "[package]\nname = \"bench-progenitor\"\nversion = \"0.1.0\"\nedition = \"2024\"\nlicense = \"SPECIFY A LICENSE BEFORE PUBLISHING\"\n\n[dependencies]\nprogenitor-client = \"0.15.1\"\nreqwest = { version = \"0.13\", default-features=false, features = [\"json\", \"query\", \"stream\"] }\n";
        std::fs::write(&manifest, written).expect("written");
        standalone(&manifest).expect("made standalone");
        assert_eq!(
            std::fs::read_to_string(&manifest).expect("read"),
            format!("{written}\n[workspace]\n")
        );
    }

    #[test]
    fn a_tools_failure_is_told_by_its_failure_summary() {
        assert_eq!(
            failure_summary(
                "----\n TYPE SPACE\n  29  struct Error\ngen fail: UnexpectedFormat(\"unexpected content type: application/json-patch+json\")\nError: generation experienced errors\n\nStack backtrace:\n   0: anyhow::error::<impl anyhow::Error>::msg\n"
            ),
            "gen fail: UnexpectedFormat(\"unexpected content type: application/json-patch+json\") / Error: generation experienced errors"
        );
        assert_eq!(
            failure_summary(
                "generating\nerror[E0277]: the trait bound is not satisfied\n\n  caused by: x\n"
            ),
            "error[E0277]: the trait bound is not satisfied"
        );
        assert_eq!(
            failure_summary(
                "\nthread 'main' (14624) panicked at src/method.rs:2057:23:\nnot yet implemented: more media types than expected for markdown/render-raw: 2\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n"
            ),
            "thread 'main' (14624) panicked at src/method.rs:2057:23: / not yet implemented: more media types than expected for markdown/render-raw: 2"
        );
        assert_eq!(failure_summary("one\nthe last words\n"), "the last words");
        assert_eq!(failure_summary("\n \n"), "no output");
    }

    #[test]
    fn gnu_times_peak_is_its_last_number_even_after_a_failure_note() {
        assert_eq!(peak_kib("1044\n"), Some(1044));
        assert_eq!(
            peak_kib("Command exited with non-zero status 1\n9874512\n"),
            Some(9_874_512)
        );
        assert_eq!(peak_kib(""), None);
    }

    #[test]
    fn ours_is_compared_with_the_faster_peer_and_judged_by_size() {
        assert_eq!(
            ratio_to_faster(8.0, &[("progenitor", 10.0), ("openapi-generator", 16.0)]),
            Some(("progenitor", 10.0, 0.8))
        );
        assert_eq!(ratio_to_faster(8.0, &[]), None);
        assert_eq!(target_for(20), Target::None);
        assert_eq!(target_for(150), Target::FasterPeer);
        assert_eq!(target_for(1_000), Target::FasterPeer);
        assert_eq!(target_for(1_223), Target::OpenapiGenerator);
    }

    #[test]
    fn the_rounds_give_medians_and_the_ratio_to_the_faster_peer() {
        let (ours, progenitor, ogen) = (
            krate("ours"),
            krate("progenitor"),
            krate("openapi-generator 7: spec nexus.json (193 ops)"),
        );
        let ready = vec![
            (&ours, runs(&[9.0, 12.0, 10.0], 900)),
            (&progenitor, runs(&[11.0, 13.0, 12.5], 800)),
            (&ogen, runs(&[11.5, 30.0, 11.0], 700)),
        ];
        let rows = round_rows("check", 3, &ready, 193);
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0].result, "10.0 s (9.0, 12.0, 10.0); peak RSS 1 MiB");
        assert_eq!(rows[2].result, "11.5 s (11.5, 30.0, 11.0); peak RSS 1 MiB");
        assert_eq!(
            rows[3].what,
            "  cargo check alone, ours over the faster peer, openapi-generator 7"
        );
        assert_eq!(
            generator_of("progenitor 0.15.1 (builder interface): spec a.json (3 ops)"),
            "progenitor 0.15.1 (builder interface)"
        );
        assert_eq!(rows[3].result, "10.0 s / 11.5 s = 0.87x");
        assert_eq!(rows[3].verdict, Some(true));

        let rows = round_rows("check", 3, &ready, 1_223);
        assert_eq!(
            rows[3].verdict, None,
            "the faster-peer target is for 150 to 1,000"
        );
        assert_eq!(
            rows[4].result,
            "10.0 s / 11.5 s = 0.87x; peak 0.0 GiB / 0.0 GiB"
        );
        assert_eq!(rows[4].verdict, Some(false), "ours peaks higher");
        assert_eq!(
            rows[4].what,
            "  cargo check alone, ours over openapi-generator 7, and peak memory"
        );
        let build = round_rows("build", 3, &ready, 1_223);
        assert_eq!(build.len(), 4, "the memory target judges cargo check only");

        let alone = round_rows("check", 3, &ready[..1], 193);
        assert_eq!(alone.len(), 1, "no peer, no ratio");
    }
}
