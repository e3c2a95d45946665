//! Running a scenario at many points (sweep grid points, sensitivity design
//! points): each point is the base scenario changed by overrides, all points
//! share their run seeds (common random numbers), and the runs go in parallel
//! with a progress bar.

use super::CommandError;
use super::compare::variants_error;
use super::progress::{progress_bar, show, stop_flag};
use crate::analysis::outcomes::{OutcomeSummary, OutcomeTotals, RunOutcome};
use crate::analysis::variants::{VariantsConfig, run_variants, with_overrides};
use crate::model::{RunOutput, Simulation};
use crate::scenario::LoadedScenario;

/// The outcome of `config.runs` runs at each of `points` points, in point
/// order; point `v` is `base` with the overrides `overrides_at(v)`.
pub fn outcomes_at_points(
    base: &LoadedScenario,
    points: usize,
    overrides_at: &(dyn Fn(usize) -> Vec<String> + Sync),
    config: &VariantsConfig,
    quiet: bool,
) -> Result<Vec<OutcomeSummary>, CommandError> {
    let k = base.scenario.candidates.len();
    let mut totals = vec![OutcomeTotals::new(k); points];
    let bar = progress_bar(quiet, config.runs * points as u64, 0);
    let outcome = run_variants(
        points,
        config,
        &|v| {
            with_overrides(base, &overrides_at(v))
                .map(|s| Simulation::new(&s))
                .map_err(|e| e.to_string())
        },
        &|_, out: &RunOutput| RunOutcome::of(out, k),
        stop_flag(),
        &mut |p| show(&bar, p),
        &mut |v, _, o| totals[v].add(&o),
    );
    bar.finish_and_clear();
    outcome.map_err(variants_error)?;
    Ok(totals.iter().map(OutcomeTotals::summary).collect())
}
