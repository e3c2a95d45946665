//! Ensembles: many independently seeded runs of one scenario, reduced to the
//! probability of each outcome with its uncertainty, bands of support over
//! time, and the states that decide the race.
//!
//! - [`config`]: runs, seed, threads, and shards (which run indices a process computes);
//! - [`engine`]: parallel runs in blocks, folded in run-index order, interruptible and resumable;
//! - [`digest`]: what is kept of one run; [`aggregate`]: integer totals over runs;
//! - [`histogram`]: fixed-grid integer histograms and their percentiles;
//! - [`decisiveness`]: the pivotal probability and bellwether correlation of a state;
//! - [`file`]: `aggregate.json`, to resume or merge exactly; [`merge`]: combining shards;
//! - [`stats`]: Wilson intervals and distributions; [`summary`]: plain result types for reports.
//!
//! Reproducibility: run `i` is seeded with `model::rng::run_seed(seed, i)`
//! only, and every total is an integer count (vote probabilities in fixed
//! point), so that the totals, and every file written from them, are the
//! same for any number of threads, any shard split followed by a merge, and
//! any interruption followed by a resume.
//!
//! ```
//! use std::sync::atomic::AtomicBool;
//! use lobbysim::ensemble::{run_ensemble, CompletedRuns, EnsembleConfig, EnsembleResult};
//!
//! let loaded = lobbysim::scenario::load("scenarios/classroom/three_candidates.ron".as_ref()).unwrap();
//! let config = EnsembleConfig { runs: 20, seed: 1, threads: 2, shard: None };
//! let file = run_ensemble(&loaded.scenario, &loaded.sha256(), &config, None,
//!                         &AtomicBool::new(false), &|_| {}).unwrap();
//! assert!(file.is_complete());
//! let result = EnsembleResult::of(&file);
//! let p: f64 = result.summary.candidates.iter().map(|c| c.elected.p).sum();
//! assert!((p + result.summary.undecided.p - 1.0).abs() < 1e-12);
//! ```

pub mod aggregate;
pub mod blocks;
pub mod conference;
pub mod conference_engine;
pub mod conference_file;
pub mod conference_frame;
pub mod conference_summary;
pub mod config;
pub mod decisiveness;
pub mod digest;
pub mod engine;
pub mod equivalence;
pub mod file;
pub mod frame;
pub mod histogram;
pub mod merge;
pub mod runs_table;
pub mod stats;
pub mod summary;
pub mod variance;

pub use aggregate::Aggregate;
pub use config::{BLOCK_RUNS, EnsembleConfig, Shard};
pub use engine::{EnsembleError, Progress, ResumeMismatch, run_ensemble, run_ensemble_with};
pub use file::{AGGREGATE_FILE, AggregateFile, AggregateFileError, CompletedRuns};
pub use frame::EnsembleFrame;
pub use merge::{MergeError, merge};
pub use stats::{Distribution, Proportion};
pub use summary::{EnsembleResult, EnsembleSummary, StateSummary};
