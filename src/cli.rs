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
        /// Seed of the run's random streams (an ensemble's runs.csv gives each run's seed).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Use every uncertain number's central value instead of drawing it (shocks at 0).
        #[arg(long)]
        central: bool,
        #[command(flatten)]
        output: OutputArgs,
        /// Image format of the charts.
        #[arg(long, value_enum, default_value_t = Format::Png)]
        format: Format,
        #[command(flatten)]
        overrides: OverrideArgs,
    },
    /// Run many seeded runs of a scenario: the probability of each outcome, bands of support over time, the decisive states.
    Ensemble(EnsembleArgs),
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
        /// Print the merged summary.json on stdout, and nothing else.
        #[arg(long)]
        json: bool,
        /// Image format of the charts.
        #[arg(long, value_enum, default_value_t = Format::Png)]
        format: Format,
    },
    /// Write DIR/report.html: one self-contained page (charts, tables, provenance) for an output folder.
    Report {
        /// Folder written by run, ensemble, compare, sweep, sensitivity, backtest or calibrate.
        dir: PathBuf,
        /// Replace an existing report.html.
        #[arg(long)]
        force: bool,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Compare a base scenario with a what-if on paired runs (common random numbers).
    ///
    /// The what-if is a WHATIF file, or the base changed by --what-if-set and
    /// --what-if-disable (which may also follow a WHATIF file). --set and
    /// --disable change both sides. Writes compare.csv, states_diff.csv,
    /// states_diff_votes.csv, summary.txt, summary.json and the charts
    /// compare_support and compare_states (docs/OUTPUTS.md).
    #[command(
        after_help = "Examples:\n  lobbysim compare scenarios/itu_pp22.ron scenarios/what-if/no_invasion.ron --runs 2000\n  lobbysim compare scenarios/classroom/three_candidates.ron --what-if-disable scandal\n  lobbysim compare BASE --what-if-set params.noise=0.1 --set params.temperature=0.8"
    )]
    Compare(CompareArgs),
    /// Run an ensemble at every point of a grid of parameter values.
    ///
    /// Every point uses the same run seeds (common random numbers). Writes
    /// sweep.csv, sweep_points.csv, summary.txt, summary.json and, for one
    /// varied parameter, sweep_line; for two, sweep_heatmap (docs/OUTPUTS.md).
    #[command(
        after_help = "Examples:\n  lobbysim sweep scenarios/itu_pp22.ron --vary params.noise=0.01:0.1:10 --runs 200\n  lobbysim sweep FILE --vary params.temperature=0.5:2:7 --vary params.defection=0:0.6:7"
    )]
    Sweep(SweepArgs),
    /// Global sensitivity of the chances of winning and the vote shares to parameters.
    ///
    /// Morris elementary effects (mu*, sigma) or Sobol' indices (S1, ST) over
    /// the given ranges, an ensemble of --runs runs at each design point (all
    /// with the same seeds). Writes sensitivity.csv, sensitivity_points.csv,
    /// problem.json (SALib's problem), summary.txt, summary.json and the chart
    /// sensitivity (docs/OUTPUTS.md).
    #[command(
        after_help = "Examples:\n  lobbysim sensitivity scenarios/itu_pp22.ron --param params.noise=0.02:0.08 --param params.temperature=0.7:1.5 --method morris --trajectories 10 --runs 100\n  lobbysim sensitivity FILE --param params.defection=0.1:0.5 --param params.attendance=0.85:1 --method sobol --samples 32 --runs 100"
    )]
    Sensitivity(SensitivityArgs),
    /// Score the ensembles of past elections against their observed results.
    ///
    /// Each CASE is a scenario with an `observed` block (scenarios/cases/).
    /// Scores the winner (log, Brier) and each reported first-round count
    /// (CRPS, mid-PIT, 50% and 90% interval coverage) for the model and the
    /// naive baselines (docs/VALIDATION.md). Writes scores.csv, summary.txt
    /// and the chart calibration.
    #[command(
        after_help = "Examples:\n  lobbysim backtest scenarios/cases/*.ron --runs 500\n  lobbysim backtest scenarios/cases/fao_dg_2019.ron --runs 2000 --seed 7"
    )]
    Backtest(BacktestArgs),
    /// Calibrate shared parameters on past elections by ABC-SMC.
    ///
    /// Each CASE is a scenario with an `observed` block. Each --param names a
    /// `--set` path (a `*` may stand in a prior term id, e.g.
    /// prior.terms.endorsed-*.weight, one value for every matching term of
    /// every case) and its prior. Writes posterior.csv, generations.csv,
    /// predictive.csv, summary.txt, the chart posterior and one what-if per
    /// case under whatifs/ with the posterior as distributions
    /// (docs/VALIDATION.md).
    #[command(
        after_help = "Examples:\n  lobbysim calibrate scenarios/cases/fao_dg_2019.ron scenarios/cases/who_dg_2017.ron --param 'prior.terms.endorsed-*.weight=Uniform(lo: 0, hi: 3)' --param 'prior.terms.same_group-*.weight=Uniform(lo: -1, hi: 2)'"
    )]
    Calibrate(CalibrateArgs),
}

/// The ABC-SMC settings shared by `calibrate` and `backtest --leave-one-out`.
#[derive(Debug, Args, Clone)]
pub struct AbcArgs {
    /// A parameter to calibrate and its prior: PATH=DISTRIBUTION.
    #[arg(long = "param", value_name = "PATH=DISTRIBUTION")]
    pub params: Vec<String>,
    /// Particles per generation (at least 2).
    #[arg(long, default_value_t = 200, value_parser = particles)]
    pub particles: usize,
    /// Most generations (generation 0, from the prior, included; at least 1).
    #[arg(long, default_value_t = 6, value_parser = generations)]
    pub generations: usize,
    /// The quantile of a generation's distances that sets the next tolerance (between 0 and 1).
    #[arg(long, default_value_t = 0.5, value_parser = quantile)]
    pub quantile: f64,
    /// Most proposals simulated in all (each runs every case once).
    #[arg(long, default_value_t = 100_000)]
    pub max_proposals: u64,
}

/// Arguments of `lobbysim calibrate`.
#[derive(Debug, Args, Clone)]
pub struct CalibrateArgs {
    /// Case scenario files (.ron), each with an `observed` block.
    #[arg(required = true, value_name = "CASE")]
    pub cases: Vec<PathBuf>,
    #[command(flatten)]
    pub abc: AbcArgs,
    // `--out` defaults to output/calibrate-seed<N>/.
    #[command(flatten)]
    pub study: StudyArgs,
}

/// Arguments of `lobbysim backtest`.
#[derive(Debug, Args, Clone)]
pub struct BacktestArgs {
    /// Case scenario files (.ron), each with an `observed` block.
    #[arg(required = true, value_name = "CASE")]
    pub cases: Vec<PathBuf>,
    /// Runs of each case's ensemble.
    #[arg(long, default_value_t = 500, value_parser = runs)]
    pub runs: u64,
    /// Calibrate on all cases but one (PP-22, case-itu-sg-2022, never) with
    /// the --param priors and score the one left out, from runs drawn from
    /// that posterior; for each case in turn.
    #[arg(long)]
    pub leave_one_out: bool,
    #[command(flatten)]
    pub abc: AbcArgs,
    // `--out` defaults to output/backtest-seed<N>/.
    #[command(flatten)]
    pub study: StudyArgs,
}

/// Arguments of `lobbysim ensemble`.
#[derive(Debug, Args, Clone)]
pub struct EnsembleArgs {
    /// Scenario or what-if file (.ron).
    pub file: PathBuf,
    /// Number of runs of the whole ensemble (all shards together).
    #[arg(long, value_parser = runs)]
    pub runs: u64,
    /// Master seed: run i is seeded from (seed, i) only.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads [default: the number of CPUs]; the results do not depend on it.
    #[arg(long, value_parser = threads)]
    pub threads: Option<usize>,
    /// Compute only shard K of M (e.g. 2/4), for a cluster; combine the shards' folders with `lobbysim merge`.
    #[arg(long, value_name = "K/M")]
    pub shard: Option<Shard>,
    /// Finish an interrupted ensemble in its output folder (give the same arguments again).
    #[arg(long)]
    pub resume: bool,
    /// Leave out the per-run tables (runs.csv, runs_params.csv, runs_rounds.csv) and
    /// variance.csv, keeping memory flat in the number of runs.
    #[arg(long)]
    pub no_runs_table: bool,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Image format of the charts.
    #[arg(long, value_enum, default_value_t = Format::Png)]
    pub format: Format,
    #[command(flatten)]
    pub overrides: OverrideArgs,
}

/// Arguments of `lobbysim compare`.
#[derive(Debug, Args, Clone)]
pub struct CompareArgs {
    /// Base scenario file (.ron).
    pub base: PathBuf,
    /// What-if file (.ron), with the same candidates and member states as the base.
    #[arg(value_name = "WHATIF")]
    pub what_if: Option<PathBuf>,
    /// Change the what-if side only: PATH=VALUE (repeatable).
    #[arg(long = "what-if-set", value_name = "PATH=VALUE")]
    pub what_if_set: Vec<String>,
    /// Remove a campaign or event from the what-if side only (repeatable).
    #[arg(long = "what-if-disable", value_name = "ID")]
    pub what_if_disable: Vec<String>,
    /// Paired runs (each side runs this many times).
    #[arg(long, default_value_t = 1000, value_parser = runs)]
    pub runs: u64,
    /// Leave out the per-run tables (runs.csv, runs_params.csv, runs_rounds.csv),
    /// keeping memory flat in the number of runs.
    #[arg(long)]
    pub no_runs_table: bool,
    #[command(flatten)]
    pub study: StudyArgs,
    #[command(flatten)]
    pub overrides: OverrideArgs,
}

/// Arguments of `lobbysim sweep`.
#[derive(Debug, Args, Clone)]
pub struct SweepArgs {
    /// Scenario or what-if file (.ron).
    pub file: PathBuf,
    /// A parameter to vary: STEPS values from FROM to TO, both included (repeatable).
    #[arg(long = "vary", value_name = "PATH=FROM:TO:STEPS", required = true)]
    pub vary: Vec<String>,
    /// Runs at each grid point.
    #[arg(long, default_value_t = 200, value_parser = runs)]
    pub runs: u64,
    /// Leave out the per-run tables (runs.csv, runs_params.csv, runs_rounds.csv, runs_points.csv),
    /// keeping memory flat in the number of runs.
    #[arg(long)]
    pub no_runs_table: bool,
    #[command(flatten)]
    pub study: StudyArgs,
    #[command(flatten)]
    pub overrides: OverrideArgs,
}

/// Arguments of `lobbysim sensitivity`.
#[derive(Debug, Args, Clone)]
pub struct SensitivityArgs {
    /// Scenario or what-if file (.ron).
    pub file: PathBuf,
    /// A parameter and the range it varies over (repeatable).
    #[arg(long = "param", value_name = "PATH=LOW:HIGH", required = true)]
    pub param: Vec<String>,
    /// Morris screening (cheap) or Sobol' variance indices (costlier).
    #[arg(long, value_enum, default_value_t = SensitivityMethod::Morris)]
    pub method: SensitivityMethod,
    /// Runs at each design point.
    #[arg(long, default_value_t = 100, value_parser = runs)]
    pub runs: u64,
    /// Morris: trajectories, each of (parameters + 1) design points.
    #[arg(long, default_value_t = 10)]
    pub trajectories: usize,
    /// Morris: levels of each parameter's grid (even).
    #[arg(long, default_value_t = 4)]
    pub levels: usize,
    /// Sobol': base samples N, giving N (parameters + 2) design points (a power of two is best).
    #[arg(long, default_value_t = 32)]
    pub samples: usize,
    /// Refuse to start if the analysis needs more model runs than this.
    #[arg(long, default_value_t = 2_000_000)]
    pub max_model_runs: u64,
    /// Leave out the per-run tables (runs.csv, runs_params.csv, runs_rounds.csv, runs_points.csv),
    /// keeping memory flat in the number of runs.
    #[arg(long)]
    pub no_runs_table: bool,
    #[command(flatten)]
    pub study: StudyArgs,
    #[command(flatten)]
    pub overrides: OverrideArgs,
}

/// What every study (compare, sweep, sensitivity, backtest, calibrate)
/// takes: seeds and threads, where the results go, the charts' format.
#[derive(Debug, Args, Clone)]
pub struct StudyArgs {
    #[command(flatten)]
    pub parallel: ParallelArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Image format of the charts.
    #[arg(long, value_enum, default_value_t = Format::Png)]
    pub format: Format,
}

/// Seeds and worker threads of commands that run many simulations.
#[derive(Debug, Args, Clone)]
pub struct ParallelArgs {
    /// Master seed: run i uses a seed derived from (seed, i) only.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Worker threads [default: one per core]; results do not depend on it.
    #[arg(long, value_parser = threads)]
    pub threads: Option<usize>,
}

/// Global sensitivity methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SensitivityMethod {
    Morris,
    Sobol,
}

/// Where results go and how loudly.
#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// Output folder [default: output/<scenario-name>-seed<N>/ for a run,
    /// output/<scenario-name>-<kind>-seed<N>/ for the other commands, e.g.
    /// output/itu-pp22-ensemble-seed1/].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace the output folder if it exists.
    #[arg(long)]
    pub force: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the summary as JSON on stdout, and nothing else (for scripts):
    /// the contents of summary.json, or for a run its ballot.
    #[arg(long)]
    pub json: bool,
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

/// Most runs accepted for one command: at PP-22's 280 runs per second and
/// core, days of a large cluster. Far more would exhaust memory before the
/// first run.
pub const MAX_RUNS: u64 = 100_000_000;

/// Most worker threads accepted: more than any machine's cores, fewer than
/// an operating system's limit (100,000 asked for hung for minutes).
pub const MAX_THREADS: usize = 1024;

/// A whole number from `low` to `high`, in lobbysim's words when it is not.
fn whole_number<T>(text: &str, low: T, high: T) -> Result<T, String>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display,
    T::Err: std::fmt::Display,
{
    let n: T = text.trim().parse().map_err(|e: T::Err| e.to_string())?;
    if low <= n && n <= high {
        Ok(n)
    } else {
        Err(format!("must be from {low} to {high}"))
    }
}

/// `--runs`: 1 to [`MAX_RUNS`].
fn runs(text: &str) -> Result<u64, String> {
    whole_number(text, 1, MAX_RUNS)
}

/// `--threads`: 1 to [`MAX_THREADS`].
fn threads(text: &str) -> Result<usize, String> {
    whole_number(text, 1, MAX_THREADS)
}

/// `--particles`: at least 2, for a weighted population.
fn particles(text: &str) -> Result<usize, String> {
    whole_number(text, 2, usize::MAX).map_err(|_| "must be a whole number of at least 2".into())
}

/// `--generations`: at least 1.
fn generations(text: &str) -> Result<usize, String> {
    whole_number(text, 1, usize::MAX).map_err(|_| "must be a whole number of at least 1".into())
}

/// `--quantile`: strictly between 0 and 1.
fn quantile(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(q) if q > 0.0 && q < 1.0 => Ok(q),
        _ => Err("must be a number between 0 and 1 (both excluded)".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_and_threads_are_bounded() {
        assert_eq!(runs("1"), Ok(1));
        assert_eq!(runs("100000000"), Ok(MAX_RUNS));
        assert_eq!(runs("0"), Err("must be from 1 to 100000000".to_string()));
        assert_eq!(
            runs("100000001"),
            Err("must be from 1 to 100000000".to_string())
        );
        assert!(runs("ten").is_err());
        assert_eq!(threads("1024"), Ok(MAX_THREADS));
        assert_eq!(threads("0"), Err("must be from 1 to 1024".to_string()));
    }

    #[test]
    fn abc_settings_are_bounded() {
        assert_eq!(particles("2"), Ok(2));
        assert!(particles("1").is_err());
        assert!(generations("0").is_err());
        assert_eq!(generations("1"), Ok(1));
        assert_eq!(quantile("0.5"), Ok(0.5));
        for bad in ["0", "1", "-0.1", "nan", "x"] {
            assert!(quantile(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn clap_refuses_out_of_range_runs_with_the_flag_and_the_bound() {
        use clap::Parser;
        let e = Cli::try_parse_from(["lobbysim", "ensemble", "x.ron", "--runs", "0"])
            .expect_err("0 runs is refused");
        let text = e.to_string();
        assert!(
            text.contains("'0' for '--runs <RUNS>': must be from 1 to 100000000"),
            "{text}"
        );
        assert_eq!(e.exit_code(), 2);
    }
}
