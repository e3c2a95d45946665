//! Running an ensemble of one post: each worker thread's [`Simulation`],
//! built once and reset per batch, advances batches of consecutive runs
//! together in its lanes, and each run is reduced to its digest (and its
//! per-run row, if kept), added to the aggregate in run-index order
//! ([`super::blocks`] holds the loop, shared with conferences). Run `i` uses
//! the seed `run_seed(seed, i)` whichever thread, batch or lane computes it,
//! lanes do not interact, and the aggregate holds only integer counts, so
//! the result is the same for any number of threads and any split into
//! shards.
//!
//! A stop flag is read before every batch; once it is set, the block in
//! progress is abandoned and the aggregate holds exactly the blocks
//! completed before, ready to be written and resumed.
//!
//! Progress is reported once per run as each batch finishes, from the
//! worker thread that computed it.

use std::sync::atomic::AtomicBool;

use super::blocks::{Workers, check_runs_table, run_missing_blocks};
use super::config::EnsembleConfig;
use super::digest::RunDigest;
use super::file::{AGGREGATE_FORMAT, AggregateFile, PROGRAM_VERSION, Provenance, model_sha256};
use super::frame::EnsembleFrame;
use super::runs_table::{RunRecord, RunsTable};
use crate::model::Simulation;
use crate::scenario::Scenario;

/// How far an ensemble has got, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Runs of this shard finished, including those of a resumed file. Runs
    /// of a block that a stop abandons are counted here but not kept.
    pub done: u64,
    /// Runs of this shard in all.
    pub total: u64,
}

/// Why an ensemble could not run.
#[derive(Debug, thiserror::Error)]
pub enum EnsembleError {
    #[error("--threads must be at least 1")]
    NoThreads,
    #[error("cannot start {threads} worker threads: {message}")]
    ThreadPool { threads: usize, message: String },
    #[error("cannot resume: {0}")]
    Resume(#[from] ResumeMismatch),
    #[error("a run does not fit the ensemble's totals: {0}")]
    Model(String),
}

/// Why an aggregate file cannot be continued with this configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the folder holds {what} {found}, but this command asks for {expected}; rerun without --resume (and with --force) to start afresh"
)]
pub struct ResumeMismatch {
    pub what: &'static str,
    pub found: String,
    pub expected: String,
}

/// Run (or continue) an ensemble of `scenario`.
///
/// `scenario_sha256` identifies the scenario file(s) (recorded, and checked
/// on resume and merge). With `resume`, only the runs that file lacks are
/// computed; it must come from the same scenario, overrides, seed, runs,
/// shard and program version. `stop` is read before every run. `progress`
/// is called once at the start, then after every run by the worker thread
/// that finished it: calls may come from several threads at once, and the
/// `done` of one may be overtaken by that of another.
///
/// The returned file is complete unless `stop` was set
/// ([`AggregateFile::is_complete`]).
pub fn run_ensemble(
    scenario: &Scenario,
    scenario_sha256: &str,
    config: &EnsembleConfig,
    resume: Option<AggregateFile>,
    stop: &AtomicBool,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<AggregateFile, EnsembleError> {
    run_ensemble_with(
        scenario,
        scenario_sha256,
        config,
        resume,
        stop,
        progress,
        false,
    )
}

/// [`run_ensemble`], keeping the per-run table ([`RunsTable`]) when
/// `runs_table` is set (a resumed file keeps one if it has one).
pub fn run_ensemble_with(
    scenario: &Scenario,
    scenario_sha256: &str,
    config: &EnsembleConfig,
    resume: Option<AggregateFile>,
    stop: &AtomicBool,
    progress: &(dyn Fn(Progress) + Sync),
    runs_table: bool,
) -> Result<AggregateFile, EnsembleError> {
    let make = || Simulation::new(scenario);
    let mut workers = Workers::new(config.threads, "ensemble", &make)?;
    let model = model_sha256(scenario);
    let first = Simulation::new(scenario);
    let frame = EnsembleFrame::of(&first);
    let mut file = match resume {
        Some(file) => {
            check_resumable(&file, scenario_sha256, &model, config)?;
            check_runs_table(file.runs_table.is_some(), runs_table)?;
            file
        }
        None => {
            let mut file = AggregateFile::new(scenario_sha256, &model, config, frame.clone());
            if runs_table {
                file.runs_table = Some(RunsTable {
                    parameters: first.parameter_names().to_vec(),
                    runs: Vec::new(),
                });
            }
            file
        }
    };
    // The simulation built for the frame goes to worker 0.
    workers.give_first(first);
    let (n, k) = (frame.n(), frame.k());
    let keep = file.runs_table.is_some();
    let work = |sim: &mut Simulation, runs: std::ops::Range<u64>, seeds: &[u64]| {
        let outs = sim.run_lanes(seeds);
        runs.zip(&outs)
            .map(|(i, out)| {
                (
                    RunDigest::of(out, n, k),
                    keep.then(|| RunRecord::of(i, out)),
                )
            })
            .collect()
    };
    let absorb = |file: &mut AggregateFile, (d, record): Digested| {
        file.aggregate.add(&d);
        if let (Some(table), Some(record)) = (&mut file.runs_table, record) {
            table.runs.push(record);
        }
        Ok(())
    };
    run_missing_blocks(&mut file, config, &workers, &work, absorb, stop, progress)?;
    Ok(file)
}

/// A run reduced on its worker thread: its digest and, if kept, its row.
type Digested = (RunDigest, Option<RunRecord>);

/// Check that `file` can be continued by `config` on this scenario.
pub fn check_resumable(
    file: &AggregateFile,
    scenario_sha256: &str,
    model_sha256: &str,
    config: &EnsembleConfig,
) -> Result<(), ResumeMismatch> {
    check_provenance(
        &file.provenance,
        file.shard,
        scenario_sha256,
        model_sha256,
        config,
    )
}

/// Check that totals of this provenance and shard can be continued by
/// `config` on this scenario.
pub fn check_provenance(
    p: &Provenance,
    shard: Option<super::config::Shard>,
    scenario_sha256: &str,
    model_sha256: &str,
    config: &EnsembleConfig,
) -> Result<(), ResumeMismatch> {
    let mismatch = |what, found: String, expected: String| {
        Err(ResumeMismatch {
            what,
            found,
            expected,
        })
    };
    if p.format != AGGREGATE_FORMAT || p.version != PROGRAM_VERSION {
        return mismatch(
            "results of lobbysim",
            p.version.clone(),
            PROGRAM_VERSION.to_string(),
        );
    }
    if p.scenario_sha256 != scenario_sha256 {
        return mismatch(
            "a scenario file with SHA-256",
            p.scenario_sha256.clone(),
            scenario_sha256.to_string(),
        );
    }
    if p.model_sha256 != model_sha256 {
        return mismatch(
            "a scenario run with overrides (--set/--disable) giving SHA-256",
            p.model_sha256.clone(),
            model_sha256.to_string(),
        );
    }
    if p.seed != config.seed {
        return mismatch("seed", p.seed.to_string(), config.seed.to_string());
    }
    if p.runs != config.runs {
        return mismatch("runs", p.runs.to_string(), config.runs.to_string());
    }
    if shard != config.shard {
        let name =
            |s: Option<super::config::Shard>| s.map_or("none".to_string(), |s| s.to_string());
        return mismatch("shard", name(shard), name(config.shard));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::sync::atomic::Ordering;

    use super::*;
    use crate::ensemble::config::Shard;
    use crate::ensemble::file::CompletedRuns;
    use crate::scenario::LoadedScenario;

    fn small_race() -> LoadedScenario {
        crate::scenario::load("tests/fixtures/good/small_race.ron".as_ref())
            .expect("the small race loads")
    }

    fn config(runs: u64, threads: usize, shard: Option<Shard>) -> EnsembleConfig {
        EnsembleConfig {
            runs,
            seed: 42,
            threads,
            shard,
        }
    }

    fn run(l: &LoadedScenario, c: &EnsembleConfig, resume: Option<AggregateFile>) -> AggregateFile {
        run_ensemble(
            &l.scenario,
            &l.sha256(),
            c,
            resume,
            &AtomicBool::new(false),
            &|_| {},
        )
        .expect("ensemble runs")
    }

    #[test]
    fn thread_count_does_not_change_the_result() {
        let l = small_race();
        let one = run(&l, &config(300, 1, None), None);
        let three = run(&l, &config(300, 3, None), None);
        assert_eq!(one.aggregate.runs, 300);
        assert!(one.is_complete());
        assert_eq!(one, three);
        assert_eq!(one.to_json(), three.to_json());
        // Not a constant: another seed gives other totals.
        let other = run_ensemble(
            &l.scenario,
            &l.sha256(),
            &EnsembleConfig {
                seed: 43,
                ..config(300, 1, None)
            },
            None,
            &AtomicBool::new(false),
            &|_| {},
        )
        .unwrap();
        assert_ne!(one.aggregate, other.aggregate);
    }

    #[test]
    fn a_stopped_ensemble_resumes_to_the_same_result() {
        let l = small_race();
        let c = config(600, 2, None);
        let stop = AtomicBool::new(false);
        let seen = Mutex::new(Vec::new());
        let partial = run_ensemble(&l.scenario, &l.sha256(), &c, None, &stop, &|p| {
            seen.lock().unwrap().push(p);
            if p.done >= 256 {
                stop.store(true, Ordering::Relaxed);
            }
        })
        .unwrap();
        let seen = seen.into_inner().unwrap();
        assert_eq!(
            seen[0],
            Progress {
                done: 0,
                total: 600
            }
        );
        // One report per run, each run counted once.
        let mut done: Vec<u64> = seen.iter().map(|p| p.done).collect();
        done.sort_unstable();
        assert_eq!(done, (0..=256).collect::<Vec<u64>>());
        assert_eq!(partial.aggregate.runs, 256);
        assert!(!partial.is_complete());
        // Through the file, as the command line does.
        let text = partial.to_json();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("aggregate.json");
        std::fs::write(&path, text).unwrap();
        let read = AggregateFile::read(&path).unwrap();
        let resumed_progress = Mutex::new(Vec::new());
        let resumed = run_ensemble(
            &l.scenario,
            &l.sha256(),
            &c,
            Some(read),
            &AtomicBool::new(false),
            &|p| resumed_progress.lock().unwrap().push(p.done),
        )
        .unwrap();
        let resumed_progress = resumed_progress.into_inner().unwrap();
        // The resumed runs count from the start; only the missing 344 are run.
        assert_eq!(resumed_progress[0], 256);
        assert_eq!(resumed_progress.len(), 1 + 344);
        assert_eq!(resumed_progress.iter().max(), Some(&600));
        let whole = run(&l, &c, None);
        assert_eq!(resumed.to_json(), whole.to_json());
    }

    #[test]
    fn resume_refuses_another_configuration() {
        let l = small_race();
        let c = config(10, 1, None);
        let file = run(&l, &c, None);
        let other_seed = EnsembleConfig {
            seed: 1,
            ..c.clone()
        };
        let err = check_resumable(&file, &l.sha256(), &model_sha256(&l.scenario), &other_seed)
            .unwrap_err();
        assert_eq!(err.what, "seed");
        let err = check_resumable(&file, "0000", &model_sha256(&l.scenario), &c).unwrap_err();
        assert_eq!(err.what, "a scenario file with SHA-256");
        let mut changed = l.scenario.clone();
        changed.params.noise = crate::scenario::NonNegative(0.5).into();
        let err = check_resumable(&file, &l.sha256(), &model_sha256(&changed), &c).unwrap_err();
        assert!(err.to_string().contains("overrides"), "{err}");
        let sharded = EnsembleConfig {
            shard: Shard::new(1, 2),
            ..c.clone()
        };
        assert_eq!(
            check_resumable(&file, &l.sha256(), &model_sha256(&l.scenario), &sharded)
                .unwrap_err()
                .what,
            "shard"
        );
        assert!(check_resumable(&file, &l.sha256(), &model_sha256(&l.scenario), &c).is_ok());
    }

    #[test]
    fn no_threads_is_an_error() {
        let l = small_race();
        let err = run_ensemble(
            &l.scenario,
            "",
            &config(1, 0, None),
            None,
            &AtomicBool::new(false),
            &|_| {},
        );
        assert!(matches!(err, Err(EnsembleError::NoThreads)));
    }
}
