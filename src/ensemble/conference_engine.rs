//! Running a conference ensemble: the loop of [`super::blocks`], as for one
//! post ([`super::engine`]), with a conference runner on each worker thread
//! and each run reduced to the conference's digest, each post's digest and,
//! if kept, its per-run row.
//!
//! Each worker thread builds one runner (a conference model) the first time
//! it needs one and reuses it. Run `i` uses the seed `run_seed(seed, i)`
//! whichever thread computes it, and the totals are integer counts, so the
//! result is the same for any number of threads, and a stopped ensemble
//! resumed gives the same file as an uninterrupted one.

use std::sync::atomic::AtomicBool;

use super::blocks::{Workers, check_runs_table, run_missing_blocks};
use super::conference::ConferenceDigest;
use super::conference_file::{ConferenceFile, ConferenceRunRecord, ConferenceRunsTable};
use super::conference_frame::ConferenceFrame;
use super::config::EnsembleConfig;
use super::digest::RunDigest;
use super::engine::{EnsembleError, Progress, check_provenance};
use super::frame::EnsembleFrame;
use crate::result::ConferenceResult;

/// Something that runs a conference for seeds: the conference model, or a
/// stand-in in tests. Each run's result must depend on its seed only.
pub trait ConferenceRunner {
    /// One result per seed, in order.
    fn run_seeds(&mut self, seeds: &[u64]) -> Vec<ConferenceResult>;
}

impl ConferenceRunner for crate::model::conference::Conference {
    fn run_seeds(&mut self, seeds: &[u64]) -> Vec<ConferenceResult> {
        self.run_lanes(seeds)
    }
}

/// The identity of what is run: recorded in the file and checked on resume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunIdentity {
    /// SHA-256 of the scenario file(s).
    pub scenario_sha256: String,
    /// SHA-256 of the scenario as run, after overrides.
    pub model_sha256: String,
}

/// Run (or continue) a conference ensemble. `new_runner` builds one runner
/// per worker thread; `first` is run 0's result (or any run's: it gives the
/// table's parameter names) and `frame` the conference's fixed parts.
/// `stop`, `progress` and `resume` work as for [`super::run_ensemble`].
#[allow(clippy::too_many_arguments)]
pub fn run_conference_ensemble<R: ConferenceRunner + Send>(
    new_runner: &(dyn Fn() -> R + Sync),
    frame: &ConferenceFrame,
    post_frames: &[EnsembleFrame],
    parameter_names: &[String],
    identity: &RunIdentity,
    config: &EnsembleConfig,
    resume: Option<ConferenceFile>,
    stop: &AtomicBool,
    progress: &(dyn Fn(Progress) + Sync),
    runs_table: bool,
) -> Result<ConferenceFile, EnsembleError> {
    let workers = Workers::new(config.threads, "conference", new_runner)?;
    let mut file = match resume {
        Some(file) => {
            check_provenance(
                &file.provenance,
                file.shard,
                &identity.scenario_sha256,
                &identity.model_sha256,
                config,
            )?;
            check_runs_table(file.runs_table.is_some(), runs_table)?;
            file
        }
        None => {
            let mut file = ConferenceFile::new(
                &identity.scenario_sha256,
                &identity.model_sha256,
                config,
                frame.clone(),
                post_frames.to_vec(),
            );
            if runs_table {
                file.runs_table = Some(ConferenceRunsTable {
                    parameters: parameter_names.to_vec(),
                    runs: Vec::new(),
                });
            }
            file
        }
    };
    let keep = file.runs_table.is_some();
    let work = |runner: &mut R, runs: std::ops::Range<u64>, seeds: &[u64]| {
        let results = runner.run_seeds(seeds);
        runs.zip(&results)
            .map(|(i, out)| {
                let posts = out
                    .posts
                    .iter()
                    .map(|p| RunDigest::of_result(&p.result))
                    .collect();
                let record = keep.then(|| ConferenceRunRecord::of(i, out));
                (ConferenceDigest::of(out), posts, record)
            })
            .collect()
    };
    let absorb = |file: &mut ConferenceFile, (d, posts, record): Digested| {
        file.aggregate
            .add(&file.frame, &d)
            .map_err(|e| EnsembleError::Model(e.to_string()))?;
        for (p, digest) in file.posts.iter_mut().zip(&posts) {
            p.aggregate.add(digest);
        }
        if let (Some(table), Some(record)) = (&mut file.runs_table, record) {
            table.runs.push(record);
        }
        Ok(())
    };
    run_missing_blocks(&mut file, config, &workers, &work, absorb, stop, progress)?;
    Ok(file)
}

/// A run reduced on its worker thread: its digest and, if kept, its row.
type Digested = (
    ConferenceDigest,
    Vec<RunDigest>,
    Option<ConferenceRunRecord>,
);

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;

    use super::*;
    use crate::ensemble::conference::tests::frame;
    use crate::ensemble::config::Shard;
    use crate::ensemble::file::CompletedRuns;
    use crate::model::rng::run_seed;
    use crate::result::{DealOutcome, LinkOutcome, PostRun, SampledValue};

    /// A stand-in conference: winners and kept sides drawn from the seed,
    /// so that runs differ and a wrong seed or order would show.
    struct Dice;

    impl ConferenceRunner for Dice {
        fn run_seeds(&mut self, seeds: &[u64]) -> Vec<ConferenceResult> {
            seeds.iter().map(|&s| self.run_seed(s)).collect()
        }
    }

    impl Dice {
        fn run_seed(&mut self, seed: u64) -> ConferenceResult {
            let bits = |shift: u32| (seed >> shift) as usize;
            let mut sg = crate::report::fixtures::small();
            sg.ballot.winners = match bits(3) % 4 {
                3 => Vec::new(),
                c => vec![c],
            };
            let mut council = crate::report::fixtures::small();
            council.ballot.seats = 2;
            council.ballot.winners = vec![bits(7) % 3, 2 - bits(11) % 2];
            council.ballot.winners.dedup();
            let post = |id: &str, result| PostRun {
                id: id.into(),
                name: id.into(),
                result,
            };
            ConferenceResult {
                scenario: "two".into(),
                title: "Two posts".into(),
                seed,
                central: false,
                posts: vec![post("sg", sg), post("council", council)],
                deals: vec![DealOutcome {
                    id: "swap".into(),
                    kept: vec![bits(13) % 3 > 0, bits(17) % 5 > 0],
                }],
                after_results: vec![LinkOutcome {
                    id: "balance".into(),
                    fired: bits(19) % 2 == 0,
                }],
                parameters: vec![SampledValue {
                    name: "params.noise".into(),
                    value: (seed % 1000) as f64 / 1000.0,
                }],
            }
        }
    }

    /// The frame of a post whose runs look like `r`.
    fn post_frame(r: &crate::result::RunResult, max_rounds: u32) -> EnsembleFrame {
        let dates = r.history.iter().map(|t| t.date).collect();
        EnsembleFrame::of_result(r, dates, max_rounds)
    }

    fn post_frames() -> Vec<EnsembleFrame> {
        let f = post_frame(&crate::report::fixtures::small(), 4);
        vec![f.clone(), f]
    }

    fn identity() -> RunIdentity {
        RunIdentity {
            scenario_sha256: "aa".into(),
            model_sha256: "bb".into(),
        }
    }

    fn config(runs: u64, threads: usize, shard: Option<Shard>) -> EnsembleConfig {
        EnsembleConfig {
            runs,
            seed: 42,
            threads,
            shard,
        }
    }

    fn run(
        c: &EnsembleConfig,
        resume: Option<ConferenceFile>,
        stop: &AtomicBool,
    ) -> ConferenceFile {
        run_conference_ensemble(
            &|| Dice,
            &frame(),
            &post_frames(),
            &["params.noise".to_owned()],
            &identity(),
            c,
            resume,
            stop,
            &|_| {},
            true,
        )
        .unwrap()
    }

    #[test]
    fn thread_count_does_not_change_the_file() {
        let never = AtomicBool::new(false);
        let one = run(&config(600, 1, None), None, &never);
        let four = run(&config(600, 4, None), None, &never);
        assert_eq!(one.aggregate.runs, 600);
        assert!(one.is_complete());
        assert_eq!(one.to_json(), four.to_json());
        // Each post's own totals hold every run.
        assert!(one.posts.iter().all(|p| p.aggregate.runs == 600));
        assert_eq!(
            one.posts[0].aggregate.elected,
            one.aggregate.posts[0].elected
        );
        // Runs are in run order, each with its own seed.
        let table = one.runs_table.as_ref().unwrap();
        assert!(
            table
                .runs
                .iter()
                .enumerate()
                .all(|(i, r)| r.run == i as u64 && r.seed == run_seed(42, i as u64))
        );
        // Not a constant: another seed gives other totals.
        let other = run(
            &EnsembleConfig {
                seed: 43,
                ..config(600, 1, None)
            },
            None,
            &never,
        );
        assert_ne!(one.aggregate, other.aggregate);
    }

    #[test]
    fn a_stopped_ensemble_resumes_to_the_same_file() {
        let c = config(600, 2, None);
        let stop = AtomicBool::new(false);
        let partial = run_conference_ensemble(
            &|| Dice,
            &frame(),
            &post_frames(),
            &["params.noise".to_owned()],
            &identity(),
            &c,
            None,
            &stop,
            &|p| {
                if p.done >= 256 {
                    stop.store(true, Ordering::Relaxed);
                }
            },
            true,
        )
        .unwrap();
        assert!(!partial.is_complete());
        assert_eq!(partial.aggregate.runs, 256);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("conference_aggregate.json");
        std::fs::write(&path, partial.to_json()).unwrap();
        let read = ConferenceFile::read(&path).unwrap();
        let never = AtomicBool::new(false);
        let resumed = run(&c, Some(read), &never);
        let whole = run(&c, None, &never);
        assert_eq!(resumed.to_json(), whole.to_json());
        // Another seed cannot continue it.
        let err = run_conference_ensemble(
            &|| Dice,
            &frame(),
            &post_frames(),
            &[],
            &identity(),
            &EnsembleConfig { seed: 1, ..c },
            Some(partial),
            &never,
            &|_| {},
            true,
        )
        .unwrap_err();
        assert!(err.to_string().contains("seed"), "{err}");
    }

    #[test]
    fn shards_add_up_to_the_whole() {
        let never = AtomicBool::new(false);
        let whole = run(&config(700, 2, None), None, &never);
        let mut sum = run(&config(700, 1, Shard::new(1, 2)), None, &never).aggregate;
        let second = run(&config(700, 3, Shard::new(2, 2)), None, &never).aggregate;
        sum.merge(&second).unwrap();
        assert_eq!(sum, whole.aggregate);
    }

    #[test]
    fn a_damaged_file_is_refused() {
        let never = AtomicBool::new(false);
        let mut file = run(&config(10, 1, None), None, &never);
        file.aggregate.posts[0].elected[0] += 1;
        file.aggregate.joint[0].runs += 1;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("conference_aggregate.json");
        std::fs::write(&path, file.to_json()).unwrap();
        let err = ConferenceFile::read(&path).unwrap_err();
        assert!(err.to_string().contains("do not match"), "{err}");
    }
}
