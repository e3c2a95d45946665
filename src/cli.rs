//! Command-line definitions (clap derive): one subcommand per user task.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::ensemble::Shard;

/// Agent-based models of lobbying in elections of international bodies.
#[derive(Debug, Parser)]
#[command(name = "lobbysim", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a scenario file and print a summary; report every problem with FILE:LINE:COL.
    Validate {
        /// Scenario or what-if file (.ron).
        file: PathBuf,
        #[command(flatten)]
        overrides: OverrideArgs,
    },
    /// Run a scenario once: tables, charts and the simulated ballot.
    Run {
        /// Scenario or what-if file (.ron).
        file: PathBuf,
        /// Seed of the run's random streams.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[command(flatten)]
        output: OutputArgs,
        /// Image format of the charts.
        #[arg(long, value_enum, default_value_t = Format::Png)]
        format: Format,
        #[command(flatten)]
        overrides: OverrideArgs,
    },
    /// Run many seeded runs of a scenario: the probability of each outcome, bands of support over time, the decisive states.
    Ensemble {
        /// Scenario or what-if file (.ron).
        file: PathBuf,
        /// Number of runs of the whole ensemble (all shards together).
        #[arg(long)]
        runs: u64,
        /// Master seed: run i is seeded from (seed, i) only.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Worker threads [default: the number of CPUs]; the results do not depend on it.
        #[arg(long)]
        threads: Option<usize>,
        /// Compute only shard K of M (e.g. 2/4), for a cluster; combine the shards' folders with `lobbysim merge`.
        #[arg(long, value_name = "K/M")]
        shard: Option<Shard>,
        /// Finish an interrupted ensemble in its output folder (give the same arguments again).
        #[arg(long)]
        resume: bool,
        #[command(flatten)]
        output: OutputArgs,
        /// Image format of the charts.
        #[arg(long, value_enum, default_value_t = Format::Png)]
        format: Format,
        #[command(flatten)]
        overrides: OverrideArgs,
    },
    /// Combine the output folders of an ensemble's shards into the results of the whole ensemble.
    Merge {
        /// The shards' output folders (written by `lobbysim ensemble --shard K/M`).
        #[arg(required = true, value_name = "DIR")]
        folders: Vec<PathBuf>,
        /// Output folder of the merged ensemble.
        #[arg(long)]
        out: PathBuf,
        /// Replace the output folder if it exists.
        #[arg(long)]
        force: bool,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
        /// Image format of the charts.
        #[arg(long, value_enum, default_value_t = Format::Png)]
        format: Format,
    },
    /// Write DIR/report.html: one self-contained page (charts, tables, provenance) for an output folder.
    Report {
        /// Folder written by run, ensemble, compare, sweep or sensitivity.
        dir: PathBuf,
        /// Replace an existing report.html.
        #[arg(long)]
        force: bool,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
    },
}

/// Where results go and how loudly.
#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// Output folder [default: output/<scenario-name>-<kind>-seed<N>/].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace the output folder if it exists.
    #[arg(long)]
    pub force: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Changes to the scenario, recorded in the manifest.
#[derive(Debug, Args, Clone, Default)]
pub struct OverrideArgs {
    /// Change a number, date or flag: PATH=VALUE, e.g. params.temperature=0.8 (repeatable; docs/SCENARIO.md).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Remove a campaign or event by id (repeatable).
    #[arg(long = "disable", value_name = "ID")]
    pub disable: Vec<String>,
}

/// Chart image formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Png,
    Svg,
}
