//! Workspace automation, run as `cargo xtask <command>` (see `.cargo/config.toml`).

mod api_changes;
mod bench;
mod changelog;
mod codegen;
mod history;
mod semver_audit;

use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

/// The generator allocates heavily from several threads at once; mimalloc serves that far
/// faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(about = "Workspace automation for the SailPoint client and its generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate generated-client/ from spec/ and templates/, and report what the spec
    /// changes did to the API since the last commit.
    Codegen {
        /// Write nothing; fail and show a diff if any generated file would change.
        #[arg(long, conflicts_with = "changelog")]
        check: bool,
        /// Also record the API change report in generated-client/CHANGELOG.md, under the
        /// version it asks for.
        #[arg(long)]
        changelog: bool,
    },
    /// Check the API change report against cargo-semver-checks on a matrix of single spec
    /// changes, and print the table (needs `cargo install cargo-semver-checks --locked`).
    SemverAudit,
    /// Print the generated client's module features, one per line: what `.ci/run` checks each
    /// of on its own.
    Modules,
    /// Run every benchmark and print one table of results against the targets.
    Bench {
        /// Sample for less time (rougher numbers, a quicker run).
        #[arg(long)]
        quick: bool,
        /// Run only the compile-time stage: cold and warm `cargo check` and `cargo build` of
        /// generated crates (and of openapi-generator's, when its CLI is found).
        #[arg(long)]
        compile_only: bool,
        #[command(flatten)]
        compile: bench::CompileOptions,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Codegen { check, changelog } => run_codegen(check, changelog),
        Command::SemverAudit => match semver_audit::run(&codegen::workspace_root()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::FAILURE
            }
        },
        Command::Modules => match codegen::read_specs(&codegen::workspace_root()) {
            Ok(specs) => {
                for module in specs.iter().filter_map(|spec| spec.module.as_deref()) {
                    println!("{module}");
                }
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("{message}");
                ExitCode::FAILURE
            }
        },
        Command::Bench {
            quick,
            compile_only,
            compile,
        } => match bench::run(&codegen::workspace_root(), quick, compile_only, &compile) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::FAILURE
            }
        },
    }
}

fn run_codegen(check: bool, changelog: bool) -> ExitCode {
    let started = Instant::now();
    let root = codegen::workspace_root();
    let files = match codegen::generate(&root) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let client_dir = root.join(codegen::CLIENT_DIR);
    let changes = match codegen::changes(&client_dir, &files) {
        Ok(changes) => changes,
        Err(error) => {
            eprintln!("error: {}: {error}", client_dir.display());
            return ExitCode::FAILURE;
        }
    };
    if check {
        if changes.is_empty() {
            eprintln!(
                "{}/ is up to date ({} files checked)",
                codegen::CLIENT_DIR,
                files.len()
            );
            return ExitCode::SUCCESS;
        }
        eprint!("{}", codegen::drift_report(&files, &changes));
        return ExitCode::FAILURE;
    }
    if let Err(error) = codegen::apply(&client_dir, &files, &changes) {
        eprintln!("error: {}: {error}", client_dir.display());
        return ExitCode::FAILURE;
    }
    let hand_written = codegen::hand_written_warnings(&changes);
    for warning in &hand_written {
        eprintln!("{warning}");
    }
    eprintln!(
        "{}/: {} of {} files changed in {:.0?}",
        codegen::CLIENT_DIR,
        changes.len() - hand_written.len(),
        files.len(),
        started.elapsed()
    );
    match api_changes::report(&root, changelog) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bench(args: &[&str]) -> (bool, bool, bench::CompileOptions) {
        let cli = Cli::try_parse_from(["xtask", "bench"].iter().chain(args))
            .unwrap_or_else(|error| panic!("{args:?}: {error}"));
        match cli.command {
            Command::Bench {
                quick,
                compile_only,
                compile,
            } => (quick, compile_only, compile),
            _ => panic!("{args:?} is not `bench`"),
        }
    }

    #[test]
    fn bench_runs_the_compile_stage_at_its_default_sizes_unless_told_otherwise() {
        let (quick, compile_only, compile) = bench(&[]);
        assert!(!quick && !compile_only);
        assert_eq!(
            compile,
            bench::CompileOptions {
                spec: None,
                operations: 500,
                modules: 110,
                module_operations: 10,
                openapi_generator: None,
                scratch_dir: None,
                progenitor: None,
                progenitor_interface: Default::default(),
                rounds: 3,
                commands: vec!["check".into(), "build".into()],
                peers_only: false,
                lines_only: false,
            }
        );
        let (_, compile_only, compile) = bench(&[
            "--compile-only",
            "--spec",
            "big.yaml",
            "--operations",
            "20",
            "--modules",
            "4",
            "--module-operations",
            "2",
            "--openapi-generator",
            "/opt/ogen",
        ]);
        assert!(compile_only);
        assert_eq!(
            compile.spec.as_deref(),
            Some(std::path::Path::new("big.yaml"))
        );
        assert_eq!(
            (
                compile.operations,
                compile.modules,
                compile.module_operations
            ),
            (20, 4, 2)
        );
        assert_eq!(
            compile.openapi_generator.as_deref(),
            Some(std::path::Path::new("/opt/ogen"))
        );
        assert!(Cli::try_parse_from(["xtask", "bench", "--operations", "many"]).is_err());
    }
}
