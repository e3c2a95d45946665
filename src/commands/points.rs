//! Running a scenario at many points (sweep grid points, sensitivity design
//! points): each point is the base scenario changed by overrides, all points
//! share their run seeds (common random numbers), and the runs go in parallel
//! with a progress bar.

use super::CommandError;
use super::progress::{progress_bar, show, stop_flag};
use super::study::Study;
use crate::analysis::outcomes::{OutcomeSummary, OutcomeTotals, RunOutcome};
use crate::analysis::variants::{VariantsConfig, run_variants, with_overrides};
use crate::ensemble::runs_table::{RunRecord, RunsTable};
use crate::model::draw::Uncertainties;
use crate::model::{RunOutput, Simulation};
use crate::report::OutputDir;
use crate::report::variant_runs::{POINT_COLUMN, write_runs_points, write_variant_runs_tables};
use crate::result::{CandidateInfo, ScenarioDisplay};
use crate::scenario::LoadedScenario;

/// The outcome of `runs` runs at each of `points` (point `v` is `base`
/// with the overrides `overrides_at(v)`), in point order. With
/// `runs_table`, each point's per-run tables (`point` their index, each in
/// run order whatever the number of threads) and `runs_points.csv` (each
/// point's value of each of `names`) go into the study's folder.
pub fn run_at_points(
    study: &Study,
    base: &LoadedScenario,
    names: &[String],
    points: &[Vec<f64>],
    overrides_at: &(dyn Fn(usize) -> Vec<String> + Sync),
    runs: u64,
    runs_table: bool,
) -> Result<Vec<OutcomeSummary>, CommandError> {
    let config = VariantsConfig {
        runs,
        seed: study.seed,
        threads: study.threads,
    };
    let (outcomes, tables) = outcomes_and_runs(
        base,
        points.len(),
        overrides_at,
        &config,
        study.quiet(),
        runs_table,
    )?;
    if let Some(tables) = tables {
        let candidates = ScenarioDisplay::of(&base.scenario).candidates;
        write_point_runs_tables(study.dir(), names, points, tables, &candidates)?;
    }
    Ok(outcomes)
}

/// The outcomes at each point, and with `runs_table` each point's per-run table.
fn outcomes_and_runs(
    base: &LoadedScenario,
    points: usize,
    overrides_at: &(dyn Fn(usize) -> Vec<String> + Sync),
    config: &VariantsConfig,
    quiet: bool,
    runs_table: bool,
) -> Result<(Vec<OutcomeSummary>, Option<Vec<RunsTable>>), CommandError> {
    let k = base.scenario.candidates.len();
    let mut totals = vec![OutcomeTotals::new(k); points];
    let mut tables = if runs_table {
        let tables = (0..points)
            .map(|v| {
                with_overrides(base, &overrides_at(v)).map(|s| RunsTable {
                    parameters: Uncertainties::of(&s).names().to_vec(),
                    runs: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Some(tables)
    } else {
        None
    };
    let bar = progress_bar(quiet, config.runs * points as u64, 0);
    let outcome = run_variants(
        points,
        config,
        &|v| {
            with_overrides(base, &overrides_at(v))
                .map(|s| Simulation::new(&s))
                .map_err(|e| e.to_string())
        },
        &|_, out: &RunOutput| {
            let record = runs_table.then(|| RunRecord::of(0, out));
            (RunOutcome::of(out, k), record)
        },
        stop_flag(),
        &mut |p| show(&bar, p),
        &mut |v, i, (o, record)| {
            totals[v].add(&o);
            if let (Some(tables), Some(record)) = (&mut tables, record) {
                tables[v].runs.push(RunRecord { run: i, ..record });
            }
        },
    );
    bar.finish_and_clear();
    outcome?;
    Ok((totals.iter().map(OutcomeTotals::summary).collect(), tables))
}

/// The per-run tables of the points (`point` their index) and `runs_points.csv`
/// (each point's value of each of `names`).
fn write_point_runs_tables(
    dir: &OutputDir,
    names: &[String],
    points: &[Vec<f64>],
    tables: Vec<RunsTable>,
    candidates: &[CandidateInfo],
) -> Result<(), CommandError> {
    let keyed: Vec<(String, RunsTable)> = tables
        .into_iter()
        .enumerate()
        .map(|(p, t)| (p.to_string(), t))
        .collect();
    write_variant_runs_tables(dir, POINT_COLUMN, &keyed, candidates)?;
    write_runs_points(dir, names, points)?;
    Ok(())
}
