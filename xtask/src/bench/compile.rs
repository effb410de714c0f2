//! The compile-time stage of `cargo xtask bench` (alone: `cargo xtask bench --compile-only`):
//! how long `cargo check` and `cargo build` take on crates the generator writes, cold and warm,
//! and the same for openapi-generator's crates when its CLI is at hand; then the large spec's
//! crate of ours against progenitor's and openapi-generator's in alternating rounds
//! ([`super::peers`]), and the lines of Rust of every crate ([`super::lines`]). `--peers-only`
//! runs the rounds alone, `--lines-only` only counts lines.
//!
//! Every crate is generated in-process, standalone, into a scratch directory under the target
//! directory (nothing is written into the repository), with the workspace's `Cargo.lock` beside
//! its `Cargo.toml` so that dependency versions are the workspace's. The crates are
//!
//! - the client, generated standalone from `spec/` as `cargo xtask codegen` reads it;
//! - a large spec: the maintainer's (`--spec PATH`) or the synthetic spec of `--operations`
//!   operations (written to the scratch directory too, for other generators);
//! - a crate of `--modules` synthetic modules, and a crate of one of those modules alone, each
//!   used by the same tiny downstream crate that calls one operation of that module: through the
//!   module's feature (`default-features = false, features = ["m055"]`) when the generated crate
//!   has features per module, and through the whole crate when it has not.
//!
//! Each crate is compiled in a target directory shared by all of them, so the dependencies are
//! built once: the first crate's first run is the cold one with dependencies; every crate is then
//! measured alone (`cargo clean -p` on it, then the command), and warm (its `src/lib.rs` touched,
//! then the command: the edit loop). The downstream crate's two forms are then checked alone in
//! alternating pairs, and the ratio of their medians is what the ≤ 1.3× target judges.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Instant, SystemTime};

use sailpoint_codegen::{GeneratedFile, Settings, SpecFiles, SpecInput};

use super::lines::{self, Lines};
use super::peers::{self, Peer, ProgenitorInterface};
use super::{Row, median};
use crate::codegen;

#[path = "../../../generator/benches/support/mod.rs"]
mod support;

/// What the compile-time stage compiles, from the command line.
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct CompileOptions {
    /// A large spec (one YAML or JSON document, or the entry of one split across files) to
    /// compile a crate from, instead of the synthetic spec of `--operations` operations.
    #[arg(long, value_name = "PATH")]
    pub spec: Option<PathBuf>,
    /// Operations of the synthetic large spec.
    #[arg(long, default_value_t = 500, value_name = "N")]
    pub operations: usize,
    /// Modules of the many-module crate that the downstream crate takes one module of.
    #[arg(long, default_value_t = 110, value_name = "N")]
    pub modules: usize,
    /// Operations of each of those modules.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub module_operations: usize,
    /// openapi-generator's CLI, to compile its `rust` crates for the same specs (by default
    /// `openapi-generator-cli` on PATH; without it that comparison is skipped).
    #[arg(long, value_name = "PATH")]
    pub openapi_generator: Option<PathBuf>,
    /// Where to write the crates and their target directories (emptied first; by default
    /// `bench-compile/` in the target directory).
    #[arg(long, value_name = "DIR")]
    pub scratch_dir: Option<PathBuf>,
    /// progenitor's `cargo-progenitor`, to compile its crate for the large spec too (by default
    /// `cargo-progenitor` on PATH; without it that comparison is skipped).
    #[arg(long, value_name = "PATH")]
    pub progenitor: Option<PathBuf>,
    /// progenitor's `--interface` for its crate.
    #[arg(long, value_enum, default_value_t = ProgenitorInterface::Positional)]
    pub progenitor_interface: ProgenitorInterface,
    /// Alternating rounds of the large spec's crates compiled alone (ours, progenitor's,
    /// openapi-generator's, ours, ...); the medians are compared.
    #[arg(long, default_value_t = 3, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub rounds: u16,
    /// The cargo commands measured, of `check` and `build`.
    #[arg(long, value_delimiter = ',', default_values = COMMANDS, value_parser = COMMANDS)]
    pub commands: Vec<String>,
    /// Only the large spec's crates, ours and the peers', in alternating rounds: no client, no
    /// module crates, no cold or warm figures.
    #[arg(long)]
    pub peers_only: bool,
    /// Only generate the large spec's crates and count their lines: compile nothing.
    #[arg(long, conflicts_with = "peers_only")]
    pub lines_only: bool,
}

/// The cargo commands that can be measured.
const COMMANDS: [&str; 2] = ["check", "build"];

/// How the generated crates are named and how they name their generator.
const GENERATED_BY: &str = "cargo xtask bench --compile-only";

/// The package of the tiny downstream crate, and the name it gives its dependency.
const DOWNSTREAM_PACKAGE: &str = "bench-downstream";
const DEPENDENCY_NAME: &str = "generated";

/// One crate to compile.
#[derive(Debug, Clone)]
pub(super) struct Crate {
    /// How the table names it.
    pub(super) label: String,
    /// Its directory, holding `Cargo.toml` and `Cargo.lock`.
    pub(super) dir: PathBuf,
    /// The packages measured alone: the crate, or a generated crate and its downstream user.
    pub(super) packages: Vec<String>,
    /// The operations it compiles, for the figures per operation.
    pub(super) operations: usize,
    /// Extra arguments to every cargo command (features).
    pub(super) cargo_args: Vec<String>,
}

/// The figures of one cargo command on one crate, in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Figures {
    /// The first run in an empty target directory, dependencies included.
    cold_with_dependencies: Option<f64>,
    /// The crate's packages alone, everything else built.
    alone: f64,
    /// After touching `src/lib.rs`.
    warm: f64,
}

/// What every part of the stage reads: where things are and what was asked.
struct Context<'a> {
    root: &'a Path,
    scratch: PathBuf,
    lock: PathBuf,
    options: &'a CompileOptions,
    /// The names of the runtime's files, to split our crates' lines.
    runtime_files: BTreeSet<String>,
}

/// Generates and compiles every crate and returns the rows of the table.
pub fn run(root: &Path, target_dir: &Path, options: &CompileOptions) -> Result<Vec<Row>, String> {
    let scratch = options
        .scratch_dir
        .clone()
        .unwrap_or_else(|| target_dir.join("bench-compile"));
    let context = Context {
        root,
        scratch: std::path::absolute(&scratch).unwrap_or(scratch),
        lock: root.join("Cargo.lock"),
        options,
        runtime_files: lines::runtime_file_names(root)?,
    };
    let ours = context.scratch.join("ours");
    reset_dir(&ours)?;
    let mut rows = Vec::new();

    // The large spec, the one every generator compiles.
    let specs_dir = context.scratch.join("specs");
    reset_dir(&specs_dir)?;
    let (large_input, large_spec_path) = match &options.spec {
        Some(path) => {
            let contents = std::fs::read_to_string(path)
                .map_err(|error| format!("{}: {error}", path.display()))?;
            let path = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            (
                SpecInput::new(path.to_string_lossy(), Some("api"), contents),
                path,
            )
        }
        None => {
            let input = support::synthetic_spec(options.operations);
            let path = specs_dir.join(&input.file);
            write_file(&path, &input.contents)?;
            (input, path)
        }
    };
    let large_name = match &options.spec {
        Some(path) => format!("spec {}", path.display()),
        None => "synthetic spec".to_owned(),
    };
    eprintln!("    generating ours: {large_name}");
    let generated = generate_crate(
        std::slice::from_ref(&large_input),
        &LocalFiles,
        "bench-large",
        &ours.join("large"),
        &context.lock,
    )?;
    // Peers are measured per operation of the spec, ours included: what ours skipped is named.
    let declared = generated.operations + generated.skipped;
    let skipped = match generated.skipped {
        0 => String::new(),
        count => format!(", {count} skipped"),
    };
    let large = Crate {
        label: format!("ours: {large_name} ({} ops{skipped})", generated.operations),
        dir: ours.join("large"),
        packages: vec!["bench-large".into()],
        operations: generated.operations,
        cargo_args: Vec::new(),
    };
    rows.push(lines_row(&large, declared, &context.runtime_files)?);

    let peers_dir = context.scratch.join("peers");
    reset_dir(&peers_dir)?;
    let spec = (large_spec_path.as_path(), large_name.as_str());
    let mut peers = Vec::new();
    match options
        .progenitor
        .clone()
        .or_else(|| find_on_path("cargo-progenitor"))
    {
        Some(tool) => {
            eprintln!("    generating progenitor's: {large_name}");
            peers.push(peers::progenitor(
                &tool,
                options.progenitor_interface,
                spec,
                declared,
                &peers_dir.join("progenitor"),
                &context.lock,
            ));
        }
        None => rows.push(Row::info(
            "progenitor: its crate",
            "skipped: no cargo-progenitor on PATH (or pass --progenitor PATH)",
        )),
    }
    let openapi_generator_cli = openapi_generator_cli(options)?;
    match &openapi_generator_cli {
        Some((tool, version)) => {
            eprintln!("    generating openapi-generator's: {large_name}");
            peers.push(peers::openapi_generator(
                (tool, version),
                spec,
                declared,
                ("ogen-large", &peers_dir.join("openapi-generator")),
                &context.lock,
            ));
        }
        None => rows.push(Row::info(
            "openapi-generator: its crates",
            "skipped: no openapi-generator-cli on PATH (or pass --openapi-generator PATH)",
        )),
    }
    for peer in &peers {
        rows.push(match peer {
            Peer::Ready(krate) => lines_row(krate, declared, &BTreeSet::new())?,
            Peer::Unavailable { label, reason } => {
                Row::info(format!("lines of Rust, {label}"), reason.clone())
            }
        });
    }
    if options.lines_only {
        return Ok(rows);
    }
    if !options.peers_only {
        let openapi_generator_large = peers.iter().find_map(|peer| match peer {
            Peer::Ready(krate) if krate.packages == ["ogen-large"] => Some(krate),
            _ => None,
        });
        rows.extend(each_crate(
            &context,
            &large,
            openapi_generator_cli.as_ref(),
            openapi_generator_large,
        )?);
    }
    let mut three_way = vec![Peer::Ready(large)];
    three_way.extend(peers);
    rows.extend(peers::rounds(
        &three_way,
        &options.commands,
        options.rounds.into(),
        &context.scratch.join("three-way"),
        declared,
    )?);
    Ok(rows)
}

/// The row of a crate's lines of Rust, per operation of the spec.
fn lines_row(
    krate: &Crate,
    operations: usize,
    runtime_files: &BTreeSet<String>,
) -> Result<Row, String> {
    let counted: Lines = lines::count(&krate.dir, runtime_files)?;
    Ok(Row::info(
        format!("lines of Rust, {}", krate.label),
        lines::describe(&counted, operations),
    ))
}

/// openapi-generator's CLI, from `--openapi-generator` or PATH, and its version.
fn openapi_generator_cli(options: &CompileOptions) -> Result<Option<(PathBuf, String)>, String> {
    let Some(tool) = options
        .openapi_generator
        .clone()
        .or_else(|| find_on_path("openapi-generator-cli"))
    else {
        return Ok(None);
    };
    let version = Command::new(&tool)
        .arg("version")
        .output()
        .map_err(|error| format!("cannot run {}: {error}", tool.display()))?;
    let version = String::from_utf8_lossy(&version.stdout)
        .lines()
        .last()
        .unwrap_or("")
        .trim()
        .to_owned();
    Ok(Some((tool, version)))
}

/// Every crate of ours measured cold, alone and warm (the client, the large spec's crate and the
/// downstream crates), the downstream ratio, and openapi-generator's crates likewise.
fn each_crate(
    context: &Context,
    large: &Crate,
    openapi_generator_cli: Option<&(PathBuf, String)>,
    openapi_generator_large: Option<&Crate>,
) -> Result<Vec<Row>, String> {
    let (root, options, lock) = (context.root, context.options, &context.lock);
    let ours = context.scratch.join("ours");
    let mut rows = Vec::new();

    // (a) the client, from spec/ as `cargo xtask codegen` reads it.
    let inputs = codegen::read_specs(root)?;
    let generated = generate_crate(
        &inputs,
        &codegen::SpecDirectory::new(root),
        "sailpoint-client",
        &ours.join("client"),
        lock,
    )?;
    let client = Crate {
        label: format!("ours: sailpoint-client ({} ops)", generated.operations),
        dir: ours.join("client"),
        packages: vec!["sailpoint-client".into()],
        operations: generated.operations,
        cargo_args: Vec::new(),
    };
    rows.push(lines_row(
        &client,
        generated.operations,
        &context.runtime_files,
    )?);
    let client_modules = generated.modules;

    // (c) one module of many, against that module alone.
    let modules = module_names(options.modules);
    let chosen = modules
        .get(modules.len() / 2)
        .cloned()
        .ok_or("--modules must be at least 1")?;
    let many: Vec<SpecInput> = modules
        .iter()
        .map(|module| support::synthetic_module(options.module_operations, module))
        .collect();
    generate_crate(
        &many,
        &sailpoint_codegen::NoFiles,
        "bench-modules",
        &ours.join("modules"),
        lock,
    )?;
    generate_crate(
        &[support::synthetic_module(
            options.module_operations,
            &chosen,
        )],
        &sailpoint_codegen::NoFiles,
        "bench-one-module",
        &ours.join("one-module"),
        lock,
    )?;
    let per_module = has_feature(&ours.join("modules/Cargo.toml"), &chosen)?;
    let through_feature = Dependency {
        package: "bench-modules".into(),
        path: "../modules".into(),
        feature: per_module.then(|| chosen.clone()),
    };
    let alone = Dependency {
        package: "bench-one-module".into(),
        path: "../one-module".into(),
        feature: None,
    };
    for (dir, dependency) in [
        ("downstream-modules", &through_feature),
        ("downstream-one-module", &alone),
    ] {
        write_file(
            &ours.join(dir).join("Cargo.toml"),
            &downstream_manifest(dependency),
        )?;
        write_file(&ours.join(dir).join("src/lib.rs"), &downstream_lib(&chosen))?;
        copy_lock(lock, &ours.join(dir))?;
    }
    let how = if per_module {
        format!("feature {chosen}")
    } else {
        "all of them: no features per module yet".to_owned()
    };
    let downstream_many = Crate {
        label: format!(
            "ours: downstream, 1 of {} modules ({how}), {} ops",
            modules.len(),
            options.module_operations
        ),
        dir: ours.join("downstream-modules"),
        packages: vec!["bench-modules".into(), DOWNSTREAM_PACKAGE.into()],
        operations: options.module_operations,
        cargo_args: Vec::new(),
    };
    let downstream_one = Crate {
        label: format!(
            "ours: downstream, module {chosen} alone, {} ops",
            options.module_operations
        ),
        dir: ours.join("downstream-one-module"),
        packages: vec!["bench-one-module".into(), DOWNSTREAM_PACKAGE.into()],
        operations: options.module_operations,
        cargo_args: Vec::new(),
    };

    let crates = [client, large.clone(), downstream_many, downstream_one];
    for command in &options.commands {
        let target = context.scratch.join(format!("target-ours-{command}"));
        reset_dir(&target)?;
        for krate in &crates {
            let figures = measure(krate, command, &target)?;
            rows.push(figures_row(krate, command, &figures));
        }
    }
    // One run of each is a second or two, and the VM drifts by more than the difference between
    // them; alternating pairs see the same drift, and their medians are what the target judges.
    let [_, _, downstream_many, downstream_one] = &crates;
    if !options.commands.iter().any(|command| command == "check") {
        rows.push(Row::info(
            "  downstream cargo check, 1 of many modules vs that module alone",
            "skipped: --commands has no check",
        ));
        rows.extend(openapi_generator(
            context,
            openapi_generator_cli,
            &client_modules,
            openapi_generator_large,
        )?);
        return Ok(rows);
    }
    let check_target = context.scratch.join("target-ours-check");
    let (many_check, one_check) = paired_medians(
        downstream_many,
        downstream_one,
        "check",
        &check_target,
        RATIO_PAIRS,
    )?;
    let ratio = many_check / one_check;
    rows.push(Row::judged(
        format!(
            "  downstream cargo check, 1 of {} modules vs that module alone (median of {RATIO_PAIRS} alternating pairs)",
            modules.len()
        ),
        format!("{many_check:.2} s / {one_check:.2} s = {ratio:.2}x"),
        "<= 1.3x",
        ratio <= 1.3,
    ));

    rows.extend(openapi_generator(
        context,
        openapi_generator_cli,
        &client_modules,
        openapi_generator_large,
    )?);
    Ok(rows)
}

/// openapi-generator's `rust` crates for the client's two year-versioned groups, and its crate
/// for the large spec, measured like ours; nothing without its CLI.
fn openapi_generator(
    context: &Context,
    cli: Option<&(PathBuf, String)>,
    client_modules: &[(String, usize)],
    large: Option<&Crate>,
) -> Result<Vec<Row>, String> {
    let Some((tool, version)) = cli else {
        return Ok(Vec::new());
    };
    let dir = context.scratch.join("openapi-generator");
    reset_dir(&dir)?;
    let operations_of = |module: &str| {
        client_modules
            .iter()
            .find(|(name, _)| name == module)
            .map_or(0, |(_, count)| *count)
    };
    let specs = [
        ("ogen-v2024", "spec/v2024/task-management.yaml", "v2024"),
        ("ogen-v3", "spec/v3/lifecycle-states.yaml", "v3"),
    ];
    let mut rows = Vec::new();
    let mut crates = Vec::new();
    for (package, spec, module) in specs {
        let peer = peers::openapi_generator(
            (tool, version),
            (&context.root.join(spec), spec),
            operations_of(module),
            (package, &dir.join(package)),
            &context.lock,
        );
        match peer {
            Peer::Ready(krate) => {
                rows.push(lines_row(&krate, krate.operations, &BTreeSet::new())?);
                crates.push(krate);
            }
            Peer::Unavailable { label, reason } => rows.push(Row::info(label, reason)),
        }
    }
    crates.extend(large.cloned());
    for command in &context.options.commands {
        let target = dir.join(format!("target-{command}"));
        reset_dir(&target)?;
        for krate in &crates {
            rows.push(figures_row(
                krate,
                command,
                &measure(krate, command, &target)?,
            ));
        }
    }
    Ok(rows)
}

/// The row of one crate and command: seconds, and seconds per operation for the crate alone.
fn figures_row(krate: &Crate, command: &str, figures: &Figures) -> Row {
    let cold = figures
        .cold_with_dependencies
        .map(|seconds| format!("cold {seconds:.1} s with dependencies; "))
        .unwrap_or_default();
    let per_operation = figures.alone / krate.operations.max(1) as f64 * 1e3;
    Row::info(
        format!("cargo {command}, {}", krate.label),
        format!(
            "{cold}alone {:.1} s ({per_operation:.1} ms/op); warm {:.2} s",
            figures.alone, figures.warm
        ),
    )
}

/// Runs `cargo <command>` on a crate in `target`: cold when nothing is built yet, then alone
/// and warm.
fn measure(krate: &Crate, command: &str, target: &Path) -> Result<Figures, String> {
    eprintln!("    cargo {command}: {}", krate.label);
    cargo(krate, &["fetch"], target)?;
    cargo(krate, &clean_args(&krate.packages), target)?;
    let (first, compiled) = timed(krate, command, target)?;
    let cold_with_dependencies = if compiled
        .iter()
        .any(|package| !krate.packages.contains(package))
    {
        Some(first)
    } else {
        None
    };
    let alone = match cold_with_dependencies {
        Some(_) => timed_alone(krate, command, target)?,
        None => first,
    };
    touch(&krate.dir.join("src/lib.rs"))?;
    let (warm, _) = timed(krate, command, target)?;
    Ok(Figures {
        cold_with_dependencies,
        alone,
        warm,
    })
}

/// How many alternating pairs of alone runs the downstream ratio takes its medians from.
const RATIO_PAIRS: usize = 7;

/// `cargo <command>` of `first` alone and `second` alone, alternating, `pairs` times each: the
/// median seconds of each.
fn paired_medians(
    first: &Crate,
    second: &Crate,
    command: &str,
    target: &Path,
    pairs: usize,
) -> Result<(f64, f64), String> {
    eprintln!(
        "    cargo {command}, {pairs} alternating pairs: {} / {}",
        first.label, second.label
    );
    let (mut firsts, mut seconds) = (Vec::with_capacity(pairs), Vec::with_capacity(pairs));
    for _ in 0..pairs {
        for (krate, times) in [(first, &mut firsts), (second, &mut seconds)] {
            times.push(timed_alone(krate, command, target)?);
        }
    }
    Ok((median(&mut firsts), median(&mut seconds)))
}

/// `cargo <command>` on the crate's own packages, everything else built: its seconds.
fn timed_alone(krate: &Crate, command: &str, target: &Path) -> Result<f64, String> {
    cargo(krate, &clean_args(&krate.packages), target)?;
    Ok(timed(krate, command, target)?.0)
}

pub(super) fn clean_args(packages: &[String]) -> Vec<&str> {
    let mut args = vec!["clean"];
    for package in packages {
        args.extend(["-p", package.as_str()]);
    }
    args
}

/// `cargo <command>` with the crate's arguments: seconds, and the packages cargo compiled.
fn timed(krate: &Crate, command: &str, target: &Path) -> Result<(f64, BTreeSet<String>), String> {
    let mut args = vec![command];
    args.extend(krate.cargo_args.iter().map(String::as_str));
    let started = Instant::now();
    let stderr = cargo(krate, &args, target)?;
    let seconds = started.elapsed().as_secs_f64();
    eprintln!("      {seconds:.1} s");
    Ok((seconds, compiled_packages(&stderr)))
}

/// Runs cargo in the crate's directory with `target` as its target directory; its stderr.
fn cargo(krate: &Crate, args: &[&str], target: &Path) -> Result<String, String> {
    run_cargo(krate, args, target, None)
}

/// [`cargo`], under GNU time when given `(time, file)`: time writes cargo's peak memory
/// (`-f %M`, KiB) to `file`.
pub(super) fn run_cargo(
    krate: &Crate,
    args: &[&str],
    target: &Path,
    gnu_time: Option<(&Path, &Path)>,
) -> Result<String, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = match gnu_time {
        Some((time, file)) => {
            let mut command = Command::new(time);
            command.args(["-f", "%M", "-o"]).arg(file).arg(cargo);
            command
        }
        None => Command::new(cargo),
    };
    let output = command
        .current_dir(&krate.dir)
        .args(args)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        return Err(format!(
            "cargo {} failed in {}:\n{stderr}",
            args.join(" "),
            krate.dir.display()
        ));
    }
    Ok(stderr)
}

/// The packages of cargo's `Compiling NAME vX` and `Checking NAME vX` lines.
fn compiled_packages(stderr: &str) -> BTreeSet<String> {
    stderr
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            match words.next() {
                Some("Compiling" | "Checking") => words.next().map(str::to_owned),
                _ => None,
            }
        })
        .collect()
}

/// What [`generate_crate`] generated: operations in all and per module, and the operations it
/// skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Generated {
    operations: usize,
    skipped: usize,
    modules: Vec<(String, usize)>,
}

/// Generates a standalone crate named `package` into `dir`, with the workspace's lock file.
fn generate_crate(
    inputs: &[SpecInput],
    files: &dyn SpecFiles,
    package: &str,
    dir: &Path,
    lock: &Path,
) -> Result<Generated, String> {
    let settings = Settings {
        package_name: package.into(),
        generated_by: GENERATED_BY.into(),
        in_workspace: false,
        // The crate lives in a scratch directory: it names the workspace's runtime absolutely.
        runtime_path: Some(crate::codegen::absolute_runtime_path()),
        ..Settings::default()
    };
    let generation = sailpoint_codegen::generate_with_files(inputs, files, &settings)
        .map_err(|error| error.to_string())?;
    write_crate(dir, &generation.files, lock)?;
    let modules = generation
        .report
        .modules
        .iter()
        .map(|module| (module.module.clone(), module.generated.len()))
        .collect();
    Ok(Generated {
        operations: generation.report.generated_count(),
        skipped: generation.report.skipped_count(),
        modules,
    })
}

/// Writes a crate's files under `dir`, which is emptied first, and the lock file beside its
/// `Cargo.toml`.
fn write_crate(dir: &Path, files: &[GeneratedFile], lock: &Path) -> Result<(), String> {
    reset_dir(dir)?;
    for file in files {
        write_file(&dir.join(&file.path), &file.contents)?;
    }
    copy_lock(lock, dir)
}

pub(super) fn copy_lock(lock: &Path, dir: &Path) -> Result<(), String> {
    std::fs::copy(lock, dir.join("Cargo.lock"))
        .map(drop)
        .map_err(|error| format!("{}: {error}", lock.display()))
}

/// `m000`, `m001`, ...: the modules of the many-module crate.
fn module_names(count: usize) -> Vec<String> {
    (0..count).map(|index| format!("m{index:03}")).collect()
}

/// Whether a generated `Cargo.toml` declares the feature `feature` (features per module).
fn has_feature(manifest: &Path, feature: &str) -> Result<bool, String> {
    let text = std::fs::read_to_string(manifest)
        .map_err(|error| format!("{}: {error}", manifest.display()))?;
    Ok(declares_feature(&text, feature))
}

fn declares_feature(manifest: &str, feature: &str) -> bool {
    let mut in_features = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_features = line == "[features]";
        } else if in_features
            && let Some((name, _)) = line.split_once('=')
            && name.trim().trim_matches('"') == feature
        {
            return true;
        }
    }
    false
}

/// The generated crate the downstream crate uses, by path, and the one feature it enables.
#[derive(Debug, Clone)]
struct Dependency {
    package: String,
    path: String,
    /// `None`: the crate as it is, with its default features.
    feature: Option<String>,
}

/// The downstream crate's manifest: one dependency, always named [`DEPENDENCY_NAME`], so that
/// the same source builds against either generated crate.
fn downstream_manifest(dependency: &Dependency) -> String {
    let features = match &dependency.feature {
        Some(feature) => format!(", default-features = false, features = [\"{feature}\"]"),
        None => String::new(),
    };
    format!(
        "[package]\nname = \"{DOWNSTREAM_PACKAGE}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{DEPENDENCY_NAME} = {{ package = \"{}\", path = \"{}\"{features} }}\n\n\
         # A crate of its own, wherever it is written.\n[workspace]\n",
        dependency.package, dependency.path
    )
}

/// The downstream crate's code: one call of one operation of `module`.
fn downstream_lib(module: &str) -> String {
    format!(
        "//! Uses one operation of one module of a generated crate.\n\n\
         /// Lists resources of kind 0 through module `{module}`; whether the call succeeded.\n\
         pub async fn call(client: &{DEPENDENCY_NAME}::Client) -> bool {{\n    \
         client.{module}().list_resource0(\"id\").send().await.is_ok()\n}}\n"
    )
}

/// Appends `[workspace]` to a manifest that has none, so that cargo builds it as a workspace of
/// its own wherever it lies.
pub(super) fn standalone(manifest: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(manifest)
        .map_err(|error| format!("{}: {error}", manifest.display()))?;
    if text.lines().any(|line| line.trim() == "[workspace]") {
        return Ok(());
    }
    write_file(manifest, &format!("{text}\n[workspace]\n"))
}

/// Files of a spec given by path, read from the file system.
struct LocalFiles;

impl SpecFiles for LocalFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|error| error.to_string())
    }
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
}

pub(super) fn reset_dir(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|error| format!("{}: {error}", dir.display()))
}

pub(super) fn write_file(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|error| format!("{}: {error}", parent.display()))?;
    }
    std::fs::write(path, contents).map_err(|error| format!("{}: {error}", path.display()))
}

/// Sets a file's modification time to now, as an editor saving it would.
fn touch(path: &Path) -> Result<(), String> {
    std::fs::File::options()
        .append(true)
        .open(path)
        .and_then(|file| file.set_modified(SystemTime::now()))
        .map_err(|error| format!("{}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stage's options as a command of their own, as `cargo xtask bench` flattens them.
    #[derive(clap::Parser)]
    struct Stage {
        #[command(flatten)]
        options: CompileOptions,
    }

    fn parse(args: &[&str]) -> Result<CompileOptions, clap::Error> {
        <Stage as clap::Parser>::try_parse_from(
            std::iter::once("bench").chain(args.iter().copied()),
        )
        .map(|stage| stage.options)
    }

    #[test]
    fn the_peers_rounds_and_commands_come_from_the_command_line() {
        let options = parse(&[
            "--progenitor",
            "/opt/cargo-progenitor",
            "--progenitor-interface",
            "builder",
            "--rounds",
            "9",
            "--commands",
            "check",
            "--peers-only",
        ])
        .expect("parsed");
        assert_eq!(
            options.progenitor.as_deref(),
            Some(Path::new("/opt/cargo-progenitor"))
        );
        assert_eq!(options.progenitor_interface, ProgenitorInterface::Builder);
        assert_eq!(options.rounds, 9);
        assert_eq!(options.commands, ["check"]);
        assert!(options.peers_only && !options.lines_only);
        assert_eq!(
            parse(&["--commands", "build,check", "--lines-only"])
                .expect("parsed")
                .commands,
            ["build", "check"]
        );
        for wrong in [
            &["--rounds", "0"][..],
            &["--commands", "test"],
            &["--progenitor-interface", "fluent"],
            &["--peers-only", "--lines-only"],
        ] {
            assert!(parse(wrong).is_err(), "{wrong:?} is refused");
        }
    }

    #[test]
    fn the_downstream_manifest_enables_one_module_or_takes_the_crate_as_it_is() {
        let through_feature = downstream_manifest(&Dependency {
            package: "bench-modules".into(),
            path: "../modules".into(),
            feature: Some("m055".into()),
        });
        assert!(
            through_feature.contains(
                "generated = { package = \"bench-modules\", path = \"../modules\", default-features = false, features = [\"m055\"] }\n"
            ),
            "{through_feature}"
        );
        assert!(through_feature.contains("name = \"bench-downstream\"\n"));
        assert!(through_feature.ends_with("[workspace]\n"));
        let alone = downstream_manifest(&Dependency {
            package: "bench-one-module".into(),
            path: "../one-module".into(),
            feature: None,
        });
        assert!(
            alone.contains(
                "generated = { package = \"bench-one-module\", path = \"../one-module\" }\n"
            ),
            "{alone}"
        );
        assert_eq!(
            downstream_lib("m055").lines().nth(4),
            Some("    client.m055().list_resource0(\"id\").send().await.is_ok()")
        );
    }

    #[test]
    fn features_per_module_are_found_in_the_features_table_only() {
        let manifest = "[package]\nname = \"m001\"\n\n[dependencies]\nm002 = \"1\"\n\n[features]\ndefault = [\"m001\", \"m002\"]\nm001 = []\n\"m002\" = []\nmock = [\"dep:wiremock\"]\n\n[workspace]\n";
        assert!(declares_feature(manifest, "m001"));
        assert!(declares_feature(manifest, "m002"));
        assert!(declares_feature(manifest, "mock"));
        assert!(!declares_feature(manifest, "m003"));
        assert!(!declares_feature(manifest, "name"));
        assert!(!declares_feature(
            "[dependencies]\nm001 = \"1\"\n[features]\nmock = []\n",
            "m001"
        ));
    }

    #[test]
    fn the_packages_cargo_compiled_are_read_from_its_progress() {
        let stderr = "    Updating crates.io index\n   Compiling serde v1.0.228\n    Checking bench-modules v0.1.0 (/tmp/modules)\n    Checking bench-downstream v0.1.0 (/tmp/downstream)\n    Finished `dev` profile [unoptimized + debuginfo] target(s) in 1.23s\n";
        assert_eq!(
            compiled_packages(stderr),
            ["bench-downstream", "bench-modules", "serde"]
                .map(String::from)
                .into_iter()
                .collect()
        );
        assert!(compiled_packages("    Finished `dev` profile in 0.1s\n").is_empty());
    }

    #[test]
    fn cargo_clean_names_every_package_measured_alone() {
        assert_eq!(
            clean_args(&["bench-modules".into(), "bench-downstream".into()]),
            ["clean", "-p", "bench-modules", "-p", "bench-downstream"]
        );
    }

    #[test]
    fn a_generated_crate_is_standalone_with_the_workspace_lock_beside_its_manifest() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let lock = dir.path().join("workspace.lock");
        std::fs::write(&lock, "# the workspace's lock\nversion = 4\n").expect("written");
        let crate_dir = dir.path().join("crates/one");
        std::fs::create_dir_all(crate_dir.join("src/stale")).expect("created");
        let modules = module_names(3);
        assert_eq!(modules, ["m000", "m001", "m002"]);
        let inputs: Vec<SpecInput> = modules
            .iter()
            .map(|module| support::synthetic_module(2, module))
            .collect();
        let generated = generate_crate(
            &inputs,
            &sailpoint_codegen::NoFiles,
            "bench-modules",
            &crate_dir,
            &lock,
        )
        .expect("generated");
        assert_eq!((generated.operations, generated.skipped), (6, 0));
        assert_eq!(
            generated.modules,
            modules
                .iter()
                .map(|module| (module.clone(), 2))
                .collect::<Vec<_>>()
        );
        assert_eq!(
            std::fs::read_to_string(crate_dir.join("Cargo.lock")).expect("a lock file"),
            "# the workspace's lock\nversion = 4\n"
        );
        let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).expect("a manifest");
        assert!(manifest.contains("name = \"bench-modules\""), "{manifest}");
        assert!(manifest.contains("\n[workspace]"), "{manifest}");
        assert!(!manifest.contains("workspace = true"), "{manifest}");
        for module in &modules {
            assert!(crate_dir.join(format!("src/{module}/mod.rs")).is_file());
        }
        assert!(crate_dir.join("src/lib.rs").is_file());
        assert!(
            !crate_dir.join("src/stale").exists(),
            "the directory is emptied first"
        );
    }

    #[test]
    fn a_manifest_without_a_workspace_gets_one_once() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let manifest = dir.path().join("Cargo.toml");
        std::fs::write(&manifest, "[package]\nname = \"ogen-v3\"\n").expect("written");
        standalone(&manifest).expect("made standalone");
        standalone(&manifest).expect("left alone");
        assert_eq!(
            std::fs::read_to_string(&manifest).expect("read"),
            "[package]\nname = \"ogen-v3\"\n\n[workspace]\n"
        );
    }
}
