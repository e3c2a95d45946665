//! Running a conference ensemble: blocks of consecutive runs computed in
//! parallel on a dedicated pool of worker threads, each block then folded
//! into the totals in run-index order on the calling thread, as for one
//! post ([`super::engine`]).
//!
//! Each worker thread builds one runner (a conference model) the first time
//! it needs one and reuses it. Run `i` uses the seed `run_seed(seed, i)`
//! whichever thread computes it, and the totals are integer counts, so the
//! result is the same for any number of threads, and a stopped ensemble
//! resumed gives the same file as an uninterrupted one.

use crate::ensemble::file::CompletedRuns;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use rayon::prelude::*;

use super::conference::ConferenceDigest;
use super::conference_file::{ConferenceFile, ConferenceRunRecord, ConferenceRunsTable};
use super::conference_frame::ConferenceFrame;
use super::config::EnsembleConfig;
use super::digest::RunDigest;
use super::engine::{EnsembleError, Progress, ResumeMismatch, check_provenance};
use super::frame::EnsembleFrame;
use crate::model::lanes::LANES;
use crate::model::rng::run_seed;
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
    if config.threads == 0 {
        return Err(EnsembleError::NoThreads);
    }
    let mut file = match resume {
        Some(file) => {
            check_provenance(
                &file.provenance,
                file.shard,
                &identity.scenario_sha256,
                &identity.model_sha256,
                config,
            )?;
            if file.runs_table.is_some() != runs_table {
                let kept = |k: bool| if k { "kept" } else { "left out" };
                return Err(EnsembleError::Resume(ResumeMismatch {
                    what: "per-run tables",
                    found: kept(file.runs_table.is_some()).to_string(),
                    expected: format!("them {} (--no-runs-table)", kept(runs_table)),
                }));
            }
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
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .thread_name(|i| format!("lobbysim-conference-{i}"))
        .build()
        .map_err(|e| EnsembleError::ThreadPool {
            threads: config.threads,
            message: e.to_string(),
        })?;
    let workers: Vec<Mutex<Option<R>>> = (0..config.threads).map(|_| Mutex::new(None)).collect();
    let blocks = config.blocks();
    let total: u64 = blocks.iter().map(|b| b.end - b.start).sum();
    let done_before = |file: &ConferenceFile| -> u64 {
        blocks
            .iter()
            .filter(|b| file.is_done(b))
            .map(|b| b.end - b.start)
            .sum()
    };
    progress(Progress {
        done: done_before(&file),
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
        let base = done_before(&file);
        let finished = AtomicU64::new(0);
        let keep = file.runs_table.is_some();
        // The block in batches of up to LANES consecutive runs.
        let batches: Vec<(u64, u64)> = (block.start..block.end)
            .step_by(LANES)
            .map(|a| (a, (a + LANES as u64).min(block.end)))
            .collect();
        let outs: Vec<Option<Vec<Digested>>> = pool.install(|| {
            batches
                .into_par_iter()
                .map(|(a, b)| {
                    if stop.load(Ordering::Relaxed) {
                        return None;
                    }
                    let slot = &workers[rayon::current_thread_index().unwrap_or(0) % workers.len()];
                    let mut guard = slot.lock().unwrap_or_else(|poisoned| {
                        // A runner that panicked mid-run is not reused.
                        let mut guard = poisoned.into_inner();
                        *guard = None;
                        guard
                    });
                    let runner = guard.get_or_insert_with(new_runner);
                    let seeds: Vec<u64> = (a..b).map(|i| run_seed(config.seed, i)).collect();
                    let results = runner.run_seeds(&seeds);
                    drop(guard);
                    let batch = (a..b)
                        .zip(&results)
                        .map(|(i, out)| {
                            let digest = ConferenceDigest::of(out);
                            let posts: Vec<RunDigest> = out
                                .posts
                                .iter()
                                .map(|p| RunDigest::of_result(&p.result))
                                .collect();
                            let record = keep.then(|| ConferenceRunRecord::of(i, out));
                            let done = base + finished.fetch_add(1, Ordering::Relaxed) + 1;
                            progress(Progress { done, total });
                            (digest, posts, record)
                        })
                        .collect();
                    Some(batch)
                })
                .collect()
        });
        if outs.iter().any(Option::is_none) {
            break;
        }
        for (d, posts, record) in outs.into_iter().flatten().flatten() {
            file.aggregate
                .add(&file.frame, &d)
                .map_err(|e| EnsembleError::Model(e.to_string()))?;
            for (p, digest) in file.posts.iter_mut().zip(&posts) {
                p.aggregate.add(digest);
            }
            if let (Some(table), Some(record)) = (&mut file.runs_table, record) {
                table.runs.push(record);
            }
        }
        file.mark_done(block);
    }
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
    use super::*;
    use crate::ensemble::conference::tests::frame;
    use crate::ensemble::config::Shard;
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
        use crate::ensemble::frame::StateInfo;
        EnsembleFrame {
            scenario: r.scenario.clone(),
            title: r.title.clone(),
            candidates: r.candidates.clone(),
            regions: r.regions.clone(),
            states: r
                .states
                .iter()
                .map(|s| StateInfo {
                    code: s.code.clone(),
                    name: s.name.clone(),
                    region: s.region,
                    voting_rights: s.voting_rights,
                })
                .collect(),
            eligible_voters: r.eligible_voters,
            dates: r.history.iter().map(|t| t.date).collect(),
            conference_start: r.conference_start,
            conference_end: r.conference_end,
            ballot_date: r.ballot_date,
            events: r.events.clone(),
            max_rounds,
        }
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
