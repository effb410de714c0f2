//! Command-line front end: generates a standalone client crate from OpenAPI files into a
//! directory, or with `diff OLD NEW` reports what changed between two versions of a spec. Each
//! spec may be followed by `--overlay FILE` options, the OpenAPI Overlay 1.0 documents to apply
//! to it, in the order given.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};

/// The generator allocates heavily from several threads at once; mimalloc serves that far
/// faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use sailpoint_codegen::{
    ClientProfile, GeneratedFile, Generation, OverlayInput, Settings, SpecFiles, SpecInput,
    diff_specs, generate_with_files,
};

/// The report's file name, written beside the crate's `Cargo.toml`.
const REPORT_FILE: &str = "codegen-report.md";

/// Generate an async Rust client crate from OpenAPI 3.0 documents.
#[derive(Parser)]
#[command(
    version,
    about,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    override_usage = "sailpoint-codegen [OPTIONS] --out <DIR> <SPEC> [--overlay <FILE>]... [<SPEC> [--overlay <FILE>]...]...\n       sailpoint-codegen <COMMAND>"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Directory to write the crate into; its `Cargo.toml` and `src/` are replaced, nothing else is touched.
    #[arg(long, value_name = "DIR", required = true)]
    out: Option<PathBuf>,
    /// Package name of the generated crate.
    #[arg(long, default_value = "sailpoint-client")]
    package_name: String,
    /// Package version of the generated crate.
    #[arg(long, default_value = "0.1.0")]
    package_version: String,
    /// Fail, writing nothing, when any operation cannot be generated (instead of listing it in the report).
    #[arg(long)]
    strict: bool,
    /// Give the client SailPoint's conventions (`SAIL_*` variables and `config.json` for
    /// `Client::from_env`, the token endpoint at `/oauth/token`, 100 requests per 10 s, the
    /// `SLPT-Request-ID` header); without it the client assumes none of them.
    #[arg(long)]
    sailpoint: bool,
    /// Where the runtime crate is, for the generated crate's path dependency on it (relative
    /// paths are relative to the generated crate); defaults to the `runtime/` beside this
    /// generator's sources.
    #[arg(long, value_name = "DIR")]
    runtime_path: Option<PathBuf>,
    /// OpenAPI files, each `PATH` or `MODULE=PATH` (the module defaults to the document's version, e.g. `v3`).
    /// Local files the document references are read relative to the file that references them.
    /// Each may be followed by `--overlay FILE` options, which apply to it.
    #[arg(required = true, value_name = "SPEC")]
    specs: Vec<String>,
    /// An OpenAPI Overlay 1.0 file to apply to the SPEC before it on the command line; repeat
    /// it to apply several, in order. An overlay applies to the file its `extends` names
    /// (relative to the overlay), or else to that SPEC's document.
    #[arg(long = "overlay", value_name = "FILE")]
    overlays: Vec<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Report what changed from OLD to NEW and what it does to the generated crate, as
    /// Markdown ending in `semver: major|minor|patch`.
    ///
    /// `--overlay FILE` after OLD or NEW applies to that spec only: `diff spec.yaml spec.yaml
    /// --overlay fix.yaml` reports what the overlay changes.
    #[command(
        override_usage = "sailpoint-codegen diff <OLD> [--overlay <FILE>]... <NEW> [--overlay <FILE>]..."
    )]
    Diff {
        /// The spec before the change, `PATH` or `MODULE=PATH`.
        #[arg(value_name = "OLD")]
        old: String,
        /// The spec after the change, `PATH` or `MODULE=PATH`.
        #[arg(value_name = "NEW")]
        new: String,
        /// An OpenAPI Overlay 1.0 file to apply to the spec before it (OLD or NEW); repeatable.
        #[arg(long = "overlay", value_name = "FILE")]
        overlays: Vec<String>,
    },
}

/// A spec as the command line gives it, with the overlays that follow it.
#[derive(Debug, Clone)]
struct SpecArg {
    /// `PATH` or `MODULE=PATH`.
    spec: String,
    overlays: Vec<String>,
}

/// Pairs each `--overlay` with the spec before it, by the arguments' positions: clap keeps
/// each argument's values apart, but their indices say how they were interleaved.
fn specs_with_overlays(matches: &ArgMatches, spec_ids: &[&str]) -> Result<Vec<SpecArg>, String> {
    let mut ordered: Vec<(usize, bool, String)> = Vec::new();
    for (id, is_spec) in spec_ids
        .iter()
        .map(|id| (*id, true))
        .chain(std::iter::once(("overlays", false)))
    {
        if let (Some(values), Some(indices)) =
            (matches.get_many::<String>(id), matches.indices_of(id))
        {
            for (value, index) in values.zip(indices) {
                ordered.push((index, is_spec, value.clone()));
            }
        }
    }
    ordered.sort_by_key(|(index, _, _)| *index);
    let mut specs: Vec<SpecArg> = Vec::new();
    for (_, is_spec, value) in ordered {
        if is_spec {
            specs.push(SpecArg {
                spec: value,
                overlays: Vec::new(),
            });
        } else if let Some(last) = specs.last_mut() {
            last.overlays.push(value);
        } else {
            return Err(format!(
                "error: --overlay {value}: an overlay applies to the SPEC before it on the command line; give the SPEC first"
            ));
        }
    }
    Ok(specs)
}

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    // A bug in the generator must still end in one line saying so, not a panic and a backtrace.
    std::panic::set_hook(Box::new(|_| {}));
    let specs = match &cli.command {
        Some(Command::Diff { .. }) => matches
            .subcommand_matches("diff")
            .ok_or_else(|| "error: expected two specs, OLD and NEW".to_owned())
            .and_then(|diff_matches| specs_with_overlays(diff_matches, &["old", "new"])),
        None => specs_with_overlays(&matches, &["specs"]),
    };
    let outcome = specs.and_then(|specs| {
        std::panic::catch_unwind(|| match &cli.command {
            Some(Command::Diff { .. }) => diff(&specs),
            None => generate(&cli, &specs),
        })
        .unwrap_or_else(|panic| {
            let detail = panic
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(format!(
                "error: the generator failed unexpectedly; please report this bug: {detail}"
            ))
        })
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Prints the change report from the first spec to the second on stdout.
fn diff(specs: &[SpecArg]) -> Result<(), String> {
    let specs = read_specs(specs)?;
    let [old, new] = specs.as_slice() else {
        return Err("error: expected two specs, OLD and NEW".to_owned());
    };
    let changes = diff_specs(std::slice::from_ref(old), std::slice::from_ref(new), &Disk)
        .map_err(|error| error.to_string())?;
    print!("{}", changes.markdown());
    Ok(())
}

fn generate(cli: &Cli, specs: &[SpecArg]) -> Result<(), String> {
    let Some(out) = &cli.out else {
        return Err("error: --out DIR is required".to_owned());
    };
    let generation = run(cli, specs, out)?;
    eprint!("{}", generation.report.summary());
    eprintln!(
        "wrote {} files to {}, and the report to {}",
        generation.files.len(),
        out.display(),
        out.join(REPORT_FILE).display()
    );
    Ok(())
}

/// Reads each `PATH` or `MODULE=PATH` and its overlays; every file that cannot be read is named.
fn read_specs(specs: &[SpecArg]) -> Result<Vec<SpecInput>, String> {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for SpecArg { spec, overlays } in specs {
        let (module, path) = match spec.split_once('=') {
            Some((module, path)) => (Some(module.to_owned()), path),
            None => (None, spec.as_str()),
        };
        let mut read_overlays = Vec::new();
        for overlay in overlays {
            match std::fs::read_to_string(overlay) {
                Ok(contents) => read_overlays.push(OverlayInput::new(overlay, contents)),
                Err(error) => {
                    problems.push(format!("error: {overlay}: cannot read the file: {error}"))
                }
            }
        }
        match std::fs::read_to_string(path) {
            Ok(contents) => inputs.push(SpecInput {
                file: path.to_owned(),
                module,
                contents,
                overlays: read_overlays,
            }),
            Err(error) => problems.push(format!("error: {path}: cannot read the file: {error}")),
        }
    }
    if problems.is_empty() {
        Ok(inputs)
    } else {
        Err(problems.join("\n"))
    }
}

fn run(cli: &Cli, specs: &[SpecArg], out: &Path) -> Result<Generation, String> {
    let inputs = read_specs(specs)?;
    let settings = Settings {
        package_name: cli.package_name.clone(),
        package_version: cli.package_version.clone(),
        generated_by: command_line(cli, specs, out),
        profile: if cli.sailpoint {
            ClientProfile::sailpoint()
        } else {
            ClientProfile::default()
        },
        runtime_path: Some(match &cli.runtime_path {
            Some(path) => path.display().to_string(),
            None => concat!(env!("CARGO_MANIFEST_DIR"), "/../runtime").to_owned(),
        }),
        ..Settings::default()
    };
    let generation =
        generate_with_files(&inputs, &Disk, &settings).map_err(|error| error.to_string())?;
    if cli.strict && generation.report.skipped_count() > 0 {
        return Err(format!(
            "{}error: {} operations cannot be generated, and --strict was given; nothing was written",
            generation.report.refusal_summary(),
            generation.report.skipped_count()
        ));
    }
    let mut files = generation.files.clone();
    files.push(GeneratedFile {
        path: REPORT_FILE.to_owned(),
        contents: generation.report.to_markdown(),
    });
    install(out, &files).map_err(|error| format!("error: {}: {error}", out.display()))?;
    Ok(generation)
}

/// The files a spec references, read from disk relative to the working directory, as the
/// spec paths on the command line are.
struct Disk;

impl SpecFiles for Disk {
    fn read(&self, path: &str) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|error| error.to_string())
    }

    fn list(&self, dir: &str) -> Vec<String> {
        let listed = std::fs::read_dir(if dir.is_empty() { "." } else { dir });
        let mut paths: Vec<String> = listed
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| Some(format!("{dir}{}", entry.file_name().to_str()?)))
            .collect();
        paths.sort();
        paths
    }
}

/// The command as a maintainer would type it again, for the generated files' headers.
fn command_line(cli: &Cli, specs: &[SpecArg], out: &Path) -> String {
    let mut words = vec![
        "sailpoint-codegen".to_owned(),
        "--out".to_owned(),
        out.display().to_string(),
    ];
    if cli.package_name != "sailpoint-client" {
        words.extend(["--package-name".to_owned(), cli.package_name.clone()]);
    }
    if cli.package_version != "0.1.0" {
        words.extend(["--package-version".to_owned(), cli.package_version.clone()]);
    }
    if cli.strict {
        words.push("--strict".to_owned());
    }
    if cli.sailpoint {
        words.push("--sailpoint".to_owned());
    }
    if let Some(path) = &cli.runtime_path {
        words.extend(["--runtime-path".to_owned(), path.display().to_string()]);
    }
    for spec in specs {
        words.push(spec.spec.clone());
        for overlay in &spec.overlays {
            words.extend(["--overlay".to_owned(), overlay.clone()]);
        }
    }
    words.join(" ")
}

/// Writes the crate beside `out` first and moves it into place only once every file is
/// written, so a failure leaves `out` as it was.
fn install(out: &Path, files: &[GeneratedFile]) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    let staging = tempfile::Builder::new()
        .prefix(".codegen-")
        .tempdir_in(out)?;
    for file in files {
        let path = staging.path().join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &file.contents)?;
    }
    let backup = tempfile::Builder::new()
        .prefix(".codegen-old-")
        .tempdir_in(out)?;
    let generated = ["Cargo.toml", "src", REPORT_FILE];
    let mut moved_aside = Vec::new();
    for name in generated {
        let current = out.join(name);
        if current.exists() {
            std::fs::rename(&current, backup.path().join(name))?;
            moved_aside.push(name);
        }
    }
    for name in generated {
        if let Err(error) = std::fs::rename(staging.path().join(name), out.join(name)) {
            for restored in &moved_aside {
                let _ = std::fs::remove_dir_all(out.join(restored))
                    .or_else(|_| std::fs::remove_file(out.join(restored)));
                let _ = std::fs::rename(backup.path().join(restored), out.join(restored));
            }
            return Err(error);
        }
    }
    Ok(())
}
