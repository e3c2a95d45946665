//! Ensembles: shards and merge, resume, and the sampling of votes.

use lobbysim::ensemble::file::CompletedRuns;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use lobbysim::ensemble::{
    AggregateFile, EnsembleConfig, EnsembleResult, MergeError, Shard, merge, run_ensemble,
};
use lobbysim::scenario::{LoadedScenario, load};

fn fixture(name: &str) -> LoadedScenario {
    load(format!("tests/fixtures/good/{name}").as_ref()).expect("fixture loads")
}

fn run(l: &LoadedScenario, runs: u64, seed: u64, shard: Option<Shard>) -> AggregateFile {
    let config = EnsembleConfig {
        runs,
        seed,
        threads: 2,
        shard,
    };
    run_ensemble(
        &l.scenario,
        &l.sha256(),
        &config,
        None,
        &AtomicBool::new(false),
        &|_| {},
    )
    .expect("ensemble runs")
}

/// Each shard written to and read back from its own folder, as `merge` does.
fn shards(
    l: &LoadedScenario,
    runs: u64,
    seed: u64,
    m: u64,
) -> (tempfile::TempDir, Vec<(PathBuf, AggregateFile)>) {
    let dir = tempfile::tempdir().unwrap();
    let parts = (1..=m)
        .map(|k| {
            let folder = dir.path().join(format!("shard-{k}"));
            std::fs::create_dir(&folder).unwrap();
            let path = folder.join("aggregate.json");
            run(l, runs, seed, Shard::new(k, m)).write(&path).unwrap();
            (folder, AggregateFile::read(&path).unwrap())
        })
        .collect();
    (dir, parts)
}

#[test]
fn merged_shards_equal_a_single_run() {
    let l = fixture("small_race.ron");
    let whole = run(&l, 1000, 5, None);
    for m in [4, 3] {
        let (_dir, parts) = shards(&l, 1000, 5, m);
        // Each shard holds only its share of the runs.
        assert!(
            parts
                .iter()
                .all(|(_, f)| f.aggregate.runs < 1000 && f.is_complete())
        );
        let merged = merge(&parts).expect("shards merge");
        assert_eq!(merged.to_json(), whole.to_json(), "{m} shards");
        let (a, b) = (EnsembleResult::of(&merged), EnsembleResult::of(&whole));
        assert_eq!(
            serde_json::to_string(&a.summary).unwrap(),
            serde_json::to_string(&b.summary).unwrap()
        );
        assert!(!a.summary.partial);
        // Shards given in any order merge to the same.
        let reversed: Vec<_> = parts.into_iter().rev().collect();
        assert_eq!(merge(&reversed).unwrap().to_json(), whole.to_json());
    }
}

#[test]
fn merge_refuses_what_a_single_run_would_not_give() {
    let l = fixture("small_race.ron");
    let (_dir, parts) = shards(&l, 300, 9, 3);
    let with = |k: usize, f: AggregateFile| {
        let mut p = parts.clone();
        p[k].1 = f;
        p
    };
    let err = |p: &[(PathBuf, AggregateFile)]| merge(p).unwrap_err();

    let mut other = parts[1].1.clone();
    other.provenance.scenario_sha256 = "f".repeat(64);
    let e = err(&with(1, other));
    assert!(matches!(e, MergeError::DifferentScenario { .. }), "{e}");
    assert!(
        e.to_string().contains("shard-1") && e.to_string().contains("shard-2"),
        "{e}"
    );

    let mut other = parts[2].1.clone();
    other.provenance.model_sha256 = "0".repeat(64);
    assert!(matches!(
        err(&with(2, other)),
        MergeError::DifferentOverrides { .. }
    ));

    let other = run(&l, 300, 10, Shard::new(2, 3));
    let e = err(&with(1, other));
    assert_eq!(
        e.to_string(),
        format!(
            "{} and {} used different seeds (9 and 10); merge only shards of one ensemble",
            parts[0].0.display(),
            parts[1].0.display()
        )
    );

    let mut other = parts[1].1.clone();
    other.provenance.version = "0.0.1".to_string();
    assert!(matches!(
        err(&with(1, other)),
        MergeError::DifferentVersion { .. }
    ));

    let other = run(&l, 301, 9, Shard::new(2, 3));
    assert!(matches!(
        err(&with(1, other)),
        MergeError::DifferentRuns { .. }
    ));

    let other = run(&l, 300, 9, Shard::new(2, 4));
    assert!(matches!(
        err(&with(1, other)),
        MergeError::DifferentSplit { .. }
    ));

    let mut dup = parts.clone();
    dup[2] = (PathBuf::from("again"), parts[0].1.clone());
    let e = err(&dup);
    assert!(matches!(e, MergeError::DuplicateShard { .. }), "{e}");
    assert!(e.to_string().contains("both shard 1/3"), "{e}");

    let e = err(&parts[..2]);
    assert_eq!(e.to_string(), "missing shard(s) 3 of 3: add their folders");
    let e = err(&[parts[1].clone()]);
    assert_eq!(
        e.to_string(),
        "missing shard(s) 1, 3 of 3: add their folders"
    );

    let stop = AtomicBool::new(true);
    let config = EnsembleConfig {
        runs: 300,
        seed: 9,
        threads: 1,
        shard: Shard::new(3, 3),
    };
    let unfinished = run_ensemble(&l.scenario, &l.sha256(), &config, None, &stop, &|_| {}).unwrap();
    let e = err(&with(2, unfinished));
    assert!(
        matches!(
            e,
            MergeError::Unfinished {
                done: 0,
                expected: 44,
                ..
            }
        ),
        "{e}"
    );

    assert!(matches!(merge(&[]), Err(MergeError::Nothing)));
}

/// With fixed vote probabilities p_i (no campaigns, influence, noise,
/// absence or pledges), a candidate's first-round votes are a sum of
/// independent Bernoulli(p_i): the ensemble's mean and variance must match
/// sum p_i and sum p_i (1 - p_i) within sampling error.
#[test]
fn first_round_votes_are_sums_of_independent_draws() {
    let l = fixture("independent_votes.ron");
    let one = lobbysim::model::run(&l.scenario, 1);
    let runs = 4000;
    let file = run(&l, runs, 2024, None);
    for c in 0..2 {
        let p: Vec<f64> = one.states.iter().map(|s| s.p_vote[c]).collect();
        // The probabilities really are fixed: a second run agrees.
        let other = lobbysim::model::run(&l.scenario, 99);
        assert!(other.states.iter().zip(&p).all(|(s, q)| s.p_vote[c] == *q));
        let mean: f64 = p.iter().sum();
        let var: f64 = p.iter().map(|q| q * (1.0 - q)).sum();
        // Fourth central moment of a sum of independent Bernoullis.
        let kappa4: f64 = p
            .iter()
            .map(|q| q * (1.0 - q) * (1.0 - 6.0 * q * (1.0 - q)))
            .sum();
        let mu4 = kappa4 + 3.0 * var * var;

        let counts = file.aggregate.first_round_votes[c].counts();
        let n = counts.iter().sum::<u64>() as f64;
        assert_eq!(n, runs as f64);
        let m: f64 = counts
            .iter()
            .enumerate()
            .map(|(v, &k)| v as f64 * k as f64)
            .sum::<f64>()
            / n;
        let s2: f64 = counts
            .iter()
            .enumerate()
            .map(|(v, &k)| (v as f64 - m).powi(2) * k as f64)
            .sum::<f64>()
            / (n - 1.0);
        let se_mean = (var / n).sqrt();
        let se_var = ((mu4 - var * var) / n).sqrt();
        assert!(
            (m - mean).abs() < 4.0 * se_mean,
            "candidate {c}: mean {m} against {mean} (se {se_mean})"
        );
        assert!(
            (s2 - var).abs() < 4.0 * se_var,
            "candidate {c}: variance {s2} against {var} (se {se_var})"
        );

        // The per-state table reports the model's probabilities.
        let result = EnsembleResult::of(&file);
        for (s, q) in result.states.iter().zip(&p) {
            assert!((s.p_vote[c] - q).abs() < 1e-9);
        }
    }
}

/// Run `i`'s row of the per-run table is the same, byte for byte, in an
/// ensemble of one run, of a few (a partial last batch of lanes), of many,
/// on one thread or two, and in any shard: its batch and lane do not matter.
#[test]
fn a_run_has_the_same_row_in_any_batch_lane_thread_count_or_shard() {
    use lobbysim::ensemble::run_ensemble_with;
    use lobbysim::scenario::distribution::{Distribution, Uncertain};
    let mut s = load("scenarios/classroom/three_candidates.ron".as_ref())
        .unwrap()
        .scenario;
    // Drawn numbers, so that lanes differ in their parameters too.
    s.params.temperature = Uncertain::Dist(Distribution::Uniform { lo: 0.3, hi: 1.5 });
    s.blocs[0].cohesion = Uncertain::Dist(Distribution::Uniform { lo: 0.0, hi: 2.0 });
    let rows = |runs: u64, threads: usize, shard: Option<Shard>| -> Vec<String> {
        let config = EnsembleConfig {
            runs,
            seed: 9,
            threads,
            shard,
        };
        let file = run_ensemble_with(
            &s,
            "",
            &config,
            None,
            &AtomicBool::new(false),
            &|_| {},
            true,
        )
        .expect("ensemble runs");
        let table = file.runs_table.expect("a per-run table");
        table
            .runs
            .iter()
            .map(|r| serde_json::to_string(r).unwrap())
            .collect()
    };
    let whole = rows(600, 2, None);
    assert_eq!(whole.len(), 600);
    assert_eq!(rows(1, 1, None), whole[..1]);
    assert_eq!(rows(13, 1, None), whole[..13]);
    assert_eq!(rows(600, 1, None), whole);
    let last = rows(600, 2, Shard::new(3, 3));
    assert_eq!(last, whole[600 - last.len()..]);
    assert!(last.len() < 600 && !last.is_empty());
    // Rows differ from run to run in their drawn numbers and ballots.
    let after_seed = |row: &str| row.split_once("parameters").unwrap().1.to_string();
    assert_ne!(after_seed(&whole[0]), after_seed(&whole[1]));
}
