//! The loop both kinds of ensemble share (one post, [`super::engine`]; a
//! conference, [`super::conference_engine`]): the blocks of consecutive runs
//! a file lacks are computed one after another, each in batches of up to
//! [`LANES`] consecutive runs in parallel on a dedicated pool of worker
//! threads, and then added to the file in run-index order on the calling
//! thread before the block is marked complete.
//!
//! Each worker thread builds its model (a [`crate::model::Simulation`] or a
//! conference) the first time it needs one and reuses it for every later
//! batch; one that panicked mid-run is built afresh. Run `i` uses the seed
//! `run_seed(seed, i)` whichever thread or batch computes it, so the file is
//! the same for any number of threads.
//!
//! A stop flag is read before every batch; once it is set, the block in
//! progress is abandoned and the file holds exactly the blocks completed
//! before, ready to be written and resumed.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use rayon::prelude::*;

use super::config::EnsembleConfig;
use super::engine::{EnsembleError, Progress, ResumeMismatch};
use super::file::CompletedRuns;
use crate::model::lanes::LANES;
use crate::model::rng::run_seed;

/// A pool of worker threads, each with its own model `W`, built by `make`
/// the first time the thread needs one.
pub struct Workers<'a, W> {
    pool: rayon::ThreadPool,
    models: Vec<Mutex<Option<W>>>,
    make: &'a (dyn Fn() -> W + Sync),
}

impl<'a, W: Send> Workers<'a, W> {
    /// `threads` workers, named `lobbysim-<name>-<i>`.
    pub fn new(
        threads: usize,
        name: &'static str,
        make: &'a (dyn Fn() -> W + Sync),
    ) -> Result<Self, EnsembleError> {
        if threads == 0 {
            return Err(EnsembleError::NoThreads);
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(move |i| format!("lobbysim-{name}-{i}"))
            .build()
            .map_err(|e| EnsembleError::ThreadPool {
                threads,
                message: e.to_string(),
            })?;
        Ok(Workers {
            pool,
            models: (0..threads).map(|_| Mutex::new(None)).collect(),
            make,
        })
    }

    /// Give worker 0 a model already built (the one the caller built to
    /// read the scenario's fixed parts), so that it is not built twice.
    pub fn give_first(&mut self, model: W) {
        *lock_afresh(&self.models[0]) = Some(model);
    }

    /// `f` applied to the model of the worker thread this is called on.
    fn with_model<T>(&self, f: impl FnOnce(&mut W) -> T) -> T {
        let slot = rayon::current_thread_index().unwrap_or(0) % self.models.len();
        let mut guard = lock_afresh(&self.models[slot]);
        f(guard.get_or_insert_with(self.make))
    }
}

/// Lock a worker's slot; a worker that panicked leaves its models mid-run,
/// so its slot starts afresh (empty: `None`, or no worlds).
pub fn lock_afresh<T: Default>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| {
        let mut guard = poisoned.into_inner();
        *guard = T::default();
        guard
    })
}

/// What a worker does with a batch: run the seeds of the run indices on its
/// model and reduce each run, one item per run in order.
pub type BatchWork<'a, W, D> = dyn Fn(&mut W, Range<u64>, &[u64]) -> Vec<D> + Sync + 'a;

/// Compute the blocks of `config` that `file` has not completed. For each
/// batch, `work(model, runs, seeds)` runs the seeds of the run indices
/// `runs` on its worker's model and reduces each run there (one item per
/// run, in order); `absorb` then adds a block's items to `file` in run order
/// and the block is marked complete. `progress` is called once at the start
/// and after every run, from the worker thread that reduced it.
pub fn run_missing_blocks<F, W, D>(
    file: &mut F,
    config: &EnsembleConfig,
    workers: &Workers<'_, W>,
    work: &BatchWork<'_, W, D>,
    mut absorb: impl FnMut(&mut F, D) -> Result<(), EnsembleError>,
    stop: &AtomicBool,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(), EnsembleError>
where
    F: CompletedRuns,
    W: Send,
    D: Send,
{
    let blocks = config.blocks();
    let total: u64 = blocks.iter().map(|b| b.end - b.start).sum();
    let done_before = |file: &F| -> u64 {
        blocks
            .iter()
            .filter(|b| file.is_done(b))
            .map(|b| b.end - b.start)
            .sum()
    };
    progress(Progress {
        done: done_before(file),
        total,
    });
    let missing: Vec<_> = blocks
        .iter()
        .filter(|b| !file.is_done(b))
        .cloned()
        .collect();
    for block in missing {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let base = done_before(file);
        let finished = AtomicU64::new(0);
        let batches: Vec<Range<u64>> = (block.start..block.end)
            .step_by(LANES)
            .map(|a| a..(a + LANES as u64).min(block.end))
            .collect();
        let items: Vec<Option<Vec<D>>> = workers.pool.install(|| {
            batches
                .into_par_iter()
                .map(|runs| {
                    if stop.load(Ordering::Relaxed) {
                        return None;
                    }
                    let seeds: Vec<u64> = runs.clone().map(|i| run_seed(config.seed, i)).collect();
                    let items = workers.with_model(|model| work(model, runs, &seeds));
                    for _ in &items {
                        let done = base + finished.fetch_add(1, Ordering::Relaxed) + 1;
                        progress(Progress { done, total });
                    }
                    Some(items)
                })
                .collect()
        });
        if items.iter().any(Option::is_none) {
            break;
        }
        for item in items.into_iter().flatten().flatten() {
            absorb(file, item)?;
        }
        file.mark_done(block);
    }
    Ok(())
}

/// Check on resume that a file keeps the per-run tables (`found`) if and
/// only if the command asks for them (`wanted`): the runs already done cannot
/// be added to a table afterwards.
pub fn check_runs_table(found: bool, wanted: bool) -> Result<(), EnsembleError> {
    if found == wanted {
        return Ok(());
    }
    let kept = |k: bool| if k { "kept" } else { "left out" };
    Err(EnsembleError::Resume(ResumeMismatch {
        what: "per-run tables",
        found: kept(found).to_string(),
        expected: format!("them {} (--no-runs-table)", kept(wanted)),
    }))
}
