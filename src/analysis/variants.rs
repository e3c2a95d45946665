//! Variants of a scenario run side by side with common random numbers: the
//! engine behind `compare`, `sweep` and `sensitivity`.
//!
//! A *variant* is a scenario (the base with some changes, a what-if, a grid
//! point, a design point). Run `i` of every variant uses the same seed,
//! `model::rng::run_seed(seed, i)`, exactly as run `i` of an ensemble does;
//! since the model draws from one stream per purpose, a change to one part
//! of the scenario leaves the other streams' draws unchanged, so two
//! variants differ run by run only through the change itself (common random
//! numbers). Differences between variants are then measured on matched runs
//! and are far less noisy than between independent ensembles.
//!
//! Work is cut into *steps* of at most [`STEP_RUNS`] consecutive runs of one
//! variant, listed variant by variant. Steps are computed in parallel on a
//! dedicated pool of worker threads, in waves; each worker keeps the last
//! variant's [`Simulation`] and builds another only when it moves to a new
//! variant. After each wave the results are handed to the caller's `fold`
//! on the calling thread, in step order, so that `fold` sees every
//! (variant, run) pair exactly once, in variant order, then run order,
//! whatever the number of threads: anything the caller accumulates, floats
//! included, is the same for any `threads`.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::ensemble::Progress;
use crate::ensemble::blocks::lock_afresh;
use crate::model::lanes::LANES;
use crate::model::rng::run_seed;
use crate::model::{RunOutput, Simulation};
use crate::scenario::{LoadedScenario, OverrideFailure, Overrides, Scenario, apply_overrides};

/// Runs per step: the unit of parallel work.
pub const STEP_RUNS: u64 = 64;

/// How to run the variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VariantsConfig {
    /// Runs per variant.
    pub runs: u64,
    /// Master seed: run `i` of every variant uses `run_seed(seed, i)`.
    pub seed: u64,
    /// Worker threads (at least 1).
    pub threads: usize,
}

impl VariantsConfig {
    /// Model runs for `variants` variants.
    pub fn total_runs(&self, variants: usize) -> u64 {
        self.runs.saturating_mul(variants as u64)
    }
}

/// Why the variants could not all be run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VariantsError {
    #[error("--threads must be at least 1")]
    NoThreads,
    #[error("cannot start {threads} worker threads: {message}")]
    ThreadPool { threads: usize, message: String },
    /// The caller's `build` refused a variant.
    #[error("variant {index}: {message}")]
    Variant { index: usize, message: String },
    /// The stop flag was set before every run was done.
    #[error("interrupted before every run was done")]
    Interrupted,
}

/// One step: runs `start..end` of variant `variant`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Step {
    variant: usize,
    start: u64,
    end: u64,
}

fn steps(variants: usize, runs: u64) -> Vec<Step> {
    let mut out = Vec::new();
    for variant in 0..variants {
        let mut start = 0;
        while start < runs {
            let end = (start + STEP_RUNS).min(runs);
            out.push(Step {
                variant,
                start,
                end,
            });
            start = end;
        }
    }
    out
}

/// Run each of `variants` variants `config.runs` times.
///
/// `build(v)` makes the simulation of variant `v` (called on worker threads,
/// possibly several times for one variant); `digest(v, output)` reduces one
/// run on the worker thread that computed it; `fold(v, run, digest)` gets
/// every digest on the calling thread, in variant order then run order
/// (module doc). `progress` is called on the calling thread with the model
/// runs done and in all, before the first run and after each wave. `stop`
/// is read before every batch of runs; once set, the call returns
/// [`VariantsError::Interrupted`] after folding only complete waves.
pub fn run_variants<D, B, F>(
    variants: usize,
    config: &VariantsConfig,
    build: &B,
    digest: &F,
    stop: &AtomicBool,
    progress: &mut dyn FnMut(Progress),
    fold: &mut dyn FnMut(usize, u64, D),
) -> Result<(), VariantsError>
where
    D: Send,
    B: Fn(usize) -> Result<Simulation, String> + Sync,
    F: Fn(usize, &RunOutput) -> D + Sync,
{
    if config.threads == 0 {
        return Err(VariantsError::NoThreads);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .thread_name(|i| format!("lobbysim-variants-{i}"))
        .build()
        .map_err(|e| VariantsError::ThreadPool {
            threads: config.threads,
            message: e.to_string(),
        })?;
    let workers: Vec<Mutex<Option<(usize, Simulation)>>> =
        (0..config.threads).map(|_| Mutex::new(None)).collect();
    let all = steps(variants, config.runs);
    let total = config.total_runs(variants);
    let mut done = 0;
    progress(Progress { done, total });
    let wave = (config.threads * 4).max(1);
    for chunk in all.chunks(wave) {
        if stop.load(Ordering::Relaxed) {
            return Err(VariantsError::Interrupted);
        }
        let results: Vec<Result<Option<Vec<D>>, VariantsError>> = pool.install(|| {
            chunk
                .par_iter()
                .map(|step| {
                    let slot = &workers[rayon::current_thread_index().unwrap_or(0) % workers.len()];
                    let mut guard = lock_afresh(slot);
                    if guard.as_ref().is_none_or(|(v, _)| *v != step.variant) {
                        // Drop the old simulation before building the next.
                        *guard = None;
                        let sim =
                            build(step.variant).map_err(|message| VariantsError::Variant {
                                index: step.variant,
                                message,
                            })?;
                        *guard = Some((step.variant, sim));
                    }
                    let Some((_, sim)) = guard.as_mut() else {
                        return Ok(None);
                    };
                    let mut out = Vec::with_capacity((step.end - step.start) as usize);
                    // Batches of up to LANES runs advanced together.
                    for a in (step.start..step.end).step_by(LANES) {
                        if stop.load(Ordering::Relaxed) {
                            return Ok(None);
                        }
                        let b = (a + LANES as u64).min(step.end);
                        let seeds: Vec<u64> = (a..b).map(|i| run_seed(config.seed, i)).collect();
                        for output in sim.run_lanes(&seeds) {
                            out.push(digest(step.variant, &output));
                        }
                    }
                    Ok(Some(out))
                })
                .collect()
        });
        let mut complete = Vec::with_capacity(results.len());
        for r in results {
            match r? {
                Some(digests) => complete.push(digests),
                None => return Err(VariantsError::Interrupted),
            }
        }
        for (step, digests) in chunk.iter().zip(complete) {
            for (i, d) in (step.start..step.end).zip(digests) {
                fold(step.variant, i, d);
            }
            done += step.end - step.start;
        }
        progress(Progress { done, total });
    }
    Ok(())
}

/// The base scenario with `PATH=VALUE` overrides applied, checked by the
/// same rules as a file.
pub fn with_overrides(base: &LoadedScenario, set: &[String]) -> Result<Scenario, OverrideFailure> {
    let mut loaded = base.clone();
    if !set.is_empty() {
        apply_overrides(
            &mut loaded,
            &Overrides {
                set: set.to_vec(),
                disable: Vec::new(),
            },
        )?;
    }
    Ok(loaded.scenario)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small_race() -> Scenario {
        crate::scenario::load("tests/fixtures/good/small_race.ron".as_ref())
            .expect("the small race loads")
            .scenario
    }

    /// Per (variant, run): the seed and the winner, folded in order.
    fn collect(
        scenarios: &[Scenario],
        runs: u64,
        threads: usize,
    ) -> Vec<(usize, u64, u64, Option<usize>)> {
        let mut seen = Vec::new();
        run_variants(
            scenarios.len(),
            &VariantsConfig {
                runs,
                seed: 9,
                threads,
            },
            &|v| Ok(Simulation::new(&scenarios[v])),
            &|_, out: &RunOutput| (out.seed, out.ballot.elected),
            &AtomicBool::new(false),
            &mut |_| {},
            &mut |v, i, (seed, elected)| seen.push((v, i, seed, elected)),
        )
        .unwrap();
        seen
    }

    #[test]
    fn every_run_of_every_variant_is_folded_in_order_with_shared_seeds() {
        let base = small_race();
        let mut other = base.clone();
        other.params.temperature = crate::scenario::NonNegative(0.2).into();
        let seen = collect(&[base.clone(), other.clone()], 150, 3);
        assert_eq!(seen.len(), 300);
        for (k, &(v, i, seed, _)) in seen.iter().enumerate() {
            assert_eq!((v, i), (k / 150, (k % 150) as u64));
            assert_eq!(seed, run_seed(9, i));
        }
        // Same seeds for both variants, yet the change shows.
        assert_ne!(
            seen[..150].iter().map(|s| s.3).collect::<Vec<_>>(),
            seen[150..].iter().map(|s| s.3).collect::<Vec<_>>()
        );
        // One thread folds the same digests in the same order.
        assert_eq!(seen, collect(&[base, other], 150, 1));
    }

    #[test]
    fn identical_variants_give_identical_runs() {
        let base = small_race();
        let seen = collect(&[base.clone(), base], 70, 2);
        assert_eq!(
            seen[..70].iter().map(|s| (s.1, s.3)).collect::<Vec<_>>(),
            seen[70..].iter().map(|s| (s.1, s.3)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn progress_counts_runs_and_errors_are_reported() {
        let base = small_race();
        let mut calls = Vec::new();
        run_variants(
            2,
            &VariantsConfig {
                runs: 100,
                seed: 1,
                threads: 1,
            },
            &|_| Ok(Simulation::new(&base)),
            &|_, _: &RunOutput| (),
            &AtomicBool::new(false),
            &mut |p| calls.push((p.done, p.total)),
            &mut |_, _, ()| {},
        )
        .unwrap();
        // Waves of 4 steps of at most 64 runs: 64+36 for each variant.
        assert_eq!(calls, vec![(0, 200), (200, 200)]);

        let refused = run_variants(
            3,
            &VariantsConfig {
                runs: 5,
                seed: 1,
                threads: 2,
            },
            &|v| {
                if v == 2 {
                    Err("bad variant".to_string())
                } else {
                    Ok(Simulation::new(&base))
                }
            },
            &|_, _: &RunOutput| (),
            &AtomicBool::new(false),
            &mut |_| {},
            &mut |_, _, ()| {},
        );
        assert_eq!(
            refused,
            Err(VariantsError::Variant {
                index: 2,
                message: "bad variant".into()
            })
        );
        let stopped = run_variants(
            1,
            &VariantsConfig {
                runs: 5,
                seed: 1,
                threads: 1,
            },
            &|_| Ok(Simulation::new(&base)),
            &|_, _: &RunOutput| (),
            &AtomicBool::new(true),
            &mut |_| {},
            &mut |_, _, ()| {},
        );
        assert_eq!(stopped, Err(VariantsError::Interrupted));
        let no_threads = run_variants(
            1,
            &VariantsConfig {
                runs: 5,
                seed: 1,
                threads: 0,
            },
            &|_| Ok(Simulation::new(&base)),
            &|_, _: &RunOutput| (),
            &AtomicBool::new(false),
            &mut |_| {},
            &mut |_, _, ()| {},
        );
        assert_eq!(no_threads, Err(VariantsError::NoThreads));
    }
}
