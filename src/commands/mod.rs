//! The commands behind the CLI: each loads what it needs through the library,
//! runs it and writes its outputs. `main.rs` only parses arguments and ends
//! the process with the exit code of the [`CommandError`] (see [`error`]).

pub mod backtest;
pub mod calibrate;
pub mod compare;
pub mod ensemble;
pub mod ensemble_conference;
pub mod error;
pub mod merge;
pub mod points;
pub mod progress;
pub mod report;
pub mod run;
pub mod run_conference;
pub mod sensitivity;
pub mod study;
pub mod sweep;
pub mod validate;

use std::path::{Path, PathBuf};

use crate::cli::{Cli, Command, OverrideArgs};
use crate::scenario::{self, LoadedScenario, Overrides, Scenario};

pub use error::CommandError;

/// Run the command the user asked for.
pub fn dispatch(cli: Cli, argv: &[String]) -> Result<(), CommandError> {
    match cli.command {
        Command::Validate { file, overrides } => validate::validate(&file, &overrides),
        Command::Run {
            file,
            seed,
            central,
            output,
            format,
            overrides,
        } => run::run(&file, seed, central, &output, format, &overrides, argv),
        Command::Ensemble(args) => ensemble::ensemble(&args, argv),
        Command::Merge {
            folders,
            out,
            force,
            quiet,
            json,
            format,
        } => merge::merge(&folders, &out, force, (quiet, json), format, argv),
        Command::Report { dir, force, quiet } => report::report(&dir, force, quiet),
        Command::Compare(args) => compare::compare(&args, argv),
        Command::Sweep(args) => sweep::sweep(&args, argv),
        Command::Sensitivity(args) => sensitivity::sensitivity(&args, argv),
        Command::Backtest(args) => backtest::backtest(&args, argv),
        Command::Calibrate(args) => calibrate::calibrate(&args, argv),
    }
}

/// Load a scenario and apply the command line's overrides.
pub fn load_scenario(file: &Path, args: &OverrideArgs) -> Result<LoadedScenario, CommandError> {
    let mut loaded = scenario::load(file)?;
    let changes = overrides_of(args);
    if !changes.is_empty() {
        scenario::apply_overrides(&mut loaded, &changes)?;
    }
    Ok(loaded)
}

/// [`load_scenario`] for a command that runs one post only: a conference
/// is refused in the command's words (exit 2).
pub fn load_one_post(
    file: &Path,
    args: &OverrideArgs,
    command: &str,
) -> Result<LoadedScenario, CommandError> {
    let loaded = load_scenario(file, args)?;
    refuse_conference(&loaded.scenario, &file.display().to_string(), command)?;
    Ok(loaded)
}

/// Refuse a conference for a command made for one post.
pub fn refuse_conference(s: &Scenario, file: &str, command: &str) -> Result<(), CommandError> {
    if !s.is_conference() {
        return Ok(());
    }
    Err(CommandError::Usage(format!(
        "{file}: `lobbysim {command}` runs scenarios of one post, and this is a conference of {} posts; `lobbysim run` and `lobbysim ensemble` run conferences (docs/CONFERENCE.md)",
        s.posts.len()
    )))
}

pub fn overrides_of(args: &OverrideArgs) -> Overrides {
    Overrides {
        set: args.set.clone(),
        disable: args.disable.clone(),
    }
}

/// `output/<name>-<suffix>` unless the user chose a folder.
pub fn output_folder(out: &Option<PathBuf>, name: &str, suffix: &str) -> PathBuf {
    out.clone()
        .unwrap_or_else(|| Path::new("output").join(format!("{name}-{suffix}")))
}

/// The manifest of an output folder made from a loaded scenario: tool,
/// version, command line, scenario path and SHA-256 (of the file and its
/// bases), seed and overrides. Callers add their own `extra` entries.
pub fn scenario_manifest(
    kind: &str,
    file: &Path,
    loaded: &LoadedScenario,
    seed: u64,
    argv: &[String],
    overrides: &OverrideArgs,
) -> crate::report::Manifest {
    let mut manifest = crate::report::Manifest::new(kind, &file.display().to_string(), &[], seed);
    manifest.scenario_sha256 = loaded.sha256();
    manifest.command_line = argv.to_vec();
    manifest.overrides = overrides_of(overrides).describe();
    manifest
}
