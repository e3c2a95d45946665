//! Uncertain numbers: per-run draws that repeat across threads, shards and
//! resume, `run --seed` and `--central`, common random numbers in a
//! what-if, located errors, and `--set` with a distribution.

use lobbysim::ensemble::file::CompletedRuns;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use lobbysim::ensemble::{AggregateFile, EnsembleConfig, Shard, merge, run_ensemble_with};
use lobbysim::model::rng::run_seed;
use lobbysim::model::{Simulation, run_central};
use lobbysim::scenario::overrides::set;
use lobbysim::scenario::{
    Distribution, LoadedScenario, NonNegative, Propensity, PropensityTerm, Scenario, Selector,
    Shock, Uncertain, load, load_str,
};

const CLASSROOM: &str = "scenarios/classroom/three_candidates.ron";

/// The classroom race with uncertain parameters, a regional shock and
/// per-state attendance and blank propensities.
fn uncertain() -> LoadedScenario {
    let mut l = load(CLASSROOM.as_ref()).unwrap();
    let s = &mut l.scenario;
    for spec in [
        "params.attendance=Uniform(lo: 0.8, hi: 1.0)",
        "params.noise=LogNormal(median: 0.05, sigma: 0.5)",
        "params.abstention=BetaMeanSd(mean: 0.05, sd: 0.02)",
        "params.defection=Triangular(lo: 0.1, mode: 0.3, hi: 0.6)",
        "prior.terms.0.weight=Normal(mean: 0.5, sd: 0.5)",
    ] {
        set(s, spec).unwrap();
    }
    s.shocks.push(Shock {
        id: "south".into(),
        label: String::new(),
        target: Selector::Regions(vec!["S".into()]),
        candidate: s.candidates[0].id.clone(),
        scale: NonNegative(0.4).into(),
        basis: Default::default(),
    });
    let propensity = |w: f64| Propensity {
        terms: vec![PropensityTerm {
            id: Some("pact".into()),
            label: String::new(),
            target: Selector::Feature {
                name: "trade_pact".into(),
                values: vec!["yes".into()],
            },
            weight: w.into(),
            basis: Default::default(),
        }],
        spread: Uncertain::Dist(Distribution::Uniform { lo: 0.0, hi: 0.5 }),
        basis: Default::default(),
    };
    s.propensities.attendance = Some(propensity(0.5));
    s.propensities.blank = Some(propensity(-0.5));
    l
}

fn ensemble(
    s: &Scenario,
    runs: u64,
    threads: usize,
    shard: Option<Shard>,
    resume: Option<AggregateFile>,
    stop_after: Option<u64>,
) -> AggregateFile {
    let config = EnsembleConfig {
        runs,
        seed: 11,
        threads,
        shard,
    };
    let stop = AtomicBool::new(false);
    run_ensemble_with(
        s,
        "sha",
        &config,
        resume,
        &stop,
        &|p| {
            if stop_after.is_some_and(|n| p.done >= n) {
                stop.store(true, Ordering::Relaxed);
            }
        },
        true,
    )
    .unwrap()
}

#[test]
fn draws_are_the_same_on_any_threads_shards_and_resume() {
    let l = uncertain();
    let s = &l.scenario;
    let whole = ensemble(s, 700, 1, None, None, None);
    let table = whole.runs_table.as_ref().unwrap();
    assert_eq!(table.runs.len(), 700);
    assert_eq!(
        table.parameters,
        [
            "params.noise",
            "params.abstention",
            "params.attendance",
            "params.defection",
            "prior.terms.0.weight",
            "propensities.attendance.spread",
            "propensities.blank.spread",
            "shocks.south"
        ]
    );
    // Runs differ in their drawn values.
    assert_ne!(table.runs[0].parameters, table.runs[1].parameters);
    assert!(ensemble(s, 700, 2, None, None, None) == whole);

    let dir = tempfile::tempdir().unwrap();
    let parts: Vec<(PathBuf, AggregateFile)> = (1..=3)
        .map(|k| {
            let path = dir.path().join(format!("aggregate-{k}.json"));
            ensemble(s, 700, 2, Shard::new(k, 3), None, None)
                .write(&path)
                .unwrap();
            (path.clone(), AggregateFile::read(&path).unwrap())
        })
        .rev()
        .collect();
    let merged = merge(&parts).unwrap();
    assert!(merged.aggregate == whole.aggregate);
    // Drawn values survive the aggregate file exactly.
    assert!(merged.runs_table == whole.runs_table);

    let cut = ensemble(s, 700, 2, None, None, Some(300));
    assert!(!cut.is_complete());
    let path = dir.path().join("cut.json");
    cut.write(&path).unwrap();
    let resumed = ensemble(
        s,
        700,
        2,
        None,
        Some(AggregateFile::read(&path).unwrap()),
        None,
    );
    assert!(resumed == whole);
}

#[test]
fn a_run_with_an_ensembles_seed_is_that_run_and_central_draws_nothing() {
    let l = uncertain();
    let s = &l.scenario;
    let whole = ensemble(s, 40, 2, None, None, None);
    let table = whole.runs_table.unwrap();
    for i in [0usize, 17, 39] {
        let seed = run_seed(11, i as u64);
        let one = run_central(s, seed, false);
        let row = &table.runs[i];
        assert_eq!(row.seed, seed);
        let values: Vec<f64> = one.parameters.iter().map(|p| p.value).collect();
        assert_eq!(values, row.parameters);
        assert_eq!(one.ballot.rounds, row.rounds);
    }
    // --central: every number at its central value, the shock at 0, and
    // the same run as the scenario with the distributions written as numbers.
    let central = run_central(s, 5, true);
    let value = |name: &str| {
        central
            .parameters
            .iter()
            .find(|p| p.name == name)
            .unwrap()
            .value
    };
    assert_eq!(value("params.attendance"), 0.9);
    assert_eq!(value("shocks.south"), 0.0);
    assert_eq!(value("prior.terms.0.weight"), 0.5);
    let mut plain = s.clone();
    for spec in [
        "params.attendance=0.9",
        "params.noise=0.05",
        "params.abstention=0.05",
        "params.defection=0.3333333333333333",
        "prior.terms.0.weight=0.5",
        "propensities.attendance.spread=0.25",
        "propensities.blank.spread=0.25",
    ] {
        set(&mut plain, spec).unwrap();
    }
    plain.shocks.clear();
    // Spreads are central but states do not vary at the centre.
    plain.propensities.attendance.as_mut().unwrap().spread = NonNegative(0.0).into();
    plain.propensities.blank.as_mut().unwrap().spread = NonNegative(0.0).into();
    let fixed = run_central(&plain, 5, false);
    assert_eq!(fixed.ballot, central.ballot);
    assert_eq!(fixed.history, central.history);
    // The scenario written without uncertainty runs the same.
    let written = lobbysim::scenario::central::central(s);
    assert!(!Simulation::new(&written).uncertainties().any());
    let same = run_central(&written, 5, false);
    assert_eq!(same.ballot, central.ballot);
    assert_eq!(same.history, central.history);
    assert_ne!(run_central(s, 5, false).history, central.history);
}

#[test]
fn a_what_if_draws_the_values_it_shares_with_its_base() {
    let base = uncertain().scenario;
    let mut what_if = base.clone();
    lobbysim::scenario::overrides::disable(&mut what_if, &base.campaigns[0].id).unwrap();
    set(&mut what_if, "params.temperature=Uniform(lo: 0.5, hi: 1.5)").unwrap();
    let (a, b) = (Simulation::new(&base), Simulation::new(&what_if));
    assert!(
        b.parameter_names()
            .contains(&"params.temperature".to_string())
    );
    for seed in [1u64, 2, 3] {
        let (da, db) = (a.uncertainties().draw(seed), b.uncertainties().draw(seed));
        let va = a.uncertainties().values(&da);
        let vb = b.uncertainties().values(&db);
        for (i, name) in a.parameter_names().iter().enumerate() {
            let j = b.parameter_names().iter().position(|n| n == name).unwrap();
            assert_eq!(va[i], vb[j], "{name} at seed {seed}");
        }
    }
}

#[test]
fn bad_distributions_are_located_errors() {
    let text = std::fs::read_to_string(CLASSROOM).unwrap();
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("attendance: 0.95"))
        .unwrap()
        + 1;
    for (bad, words) in [
        ("Uniform(lo: 0.9, hi: 0.8)", "lo < hi"),
        (
            "Normal(mean: 1.2, sd: 0.1)",
            "outside the number's valid range",
        ),
        ("BetaMeanSd(mean: 0.9, sd: 0.4)", "sd < sqrt"),
        (
            "Normal(mean: 0.9)",
            "missing field `sd` in Normal for `attendance`",
        ),
        ("\"high\"", "for `attendance`, found `\"high\"`"),
        ("1.3", "probability"),
    ] {
        let changed = text.replacen("attendance: 0.95", &format!("attendance: {bad}"), 1);
        let e = load_str(CLASSROOM.as_ref(), &changed)
            .unwrap_err()
            .to_string();
        assert!(e.contains(words), "{bad}: {e}");
        assert!(
            e.contains(&format!(":{line}:")),
            "{bad} not located at line {line}: {e}"
        );
    }
}

#[test]
fn set_replaces_a_distribution_with_a_number_or_another() {
    let mut s = uncertain().scenario;
    set(&mut s, "params.attendance=Normal(mean: 0.9, sd: 0.05)").unwrap();
    assert_eq!(
        s.params.attendance.distribution(),
        Some(&Distribution::Normal {
            mean: 0.9,
            sd: 0.05
        })
    );
    set(&mut s, "params.attendance=0.85").unwrap();
    assert_eq!(s.params.attendance.distribution(), None);
    assert_eq!(s.params.attendance.central(), 0.85);
    assert!(set(&mut s, "params.attendance=Cauchy(x: 1)").is_err());
}

#[test]
fn an_ensemble_writes_the_per_run_tables_and_variance_sources_unless_told_not_to() {
    let dir = tempfile::tempdir().unwrap();
    let run = |out: &str, extra: &[&str]| {
        let mut args = vec![
            "ensemble",
            CLASSROOM,
            "--runs",
            "300",
            "--format",
            "svg",
            "--quiet",
            "--set",
            "params.attendance=Uniform(lo: 0.7, hi: 1.0)",
            "--set",
            "prior.terms.0.weight=Normal(mean: 0.5, sd: 1.0)",
            "--out",
        ];
        let path = dir.path().join(out);
        args.push(path.to_str().unwrap());
        args.extend_from_slice(extra);
        let o = crate::common::lobbysim(&args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        path
    };
    let with = run("with", &[]);
    let runs = std::fs::read_to_string(with.join("runs.csv")).unwrap();
    assert_eq!(runs.lines().next(), Some("run,seed,rounds,elected"));
    assert_eq!(runs.lines().count(), 301);
    let params = std::fs::read_to_string(with.join("runs_params.csv")).unwrap();
    assert_eq!(params.lines().count(), 1 + 2 * 300);
    assert!(params.contains("\n0,params.attendance,"));
    let rounds = std::fs::read_to_string(with.join("runs_rounds.csv")).unwrap();
    assert!(rounds.starts_with(
        "run,round,candidate,standing,votes,eliminated,elected,blank,invalid,absent,no_vote,valid,majority\n0,1,"
    ));
    let variance = std::fs::read_to_string(with.join("variance.csv")).unwrap();
    // The prior weight of the first term moves its candidate's votes more than turnout does.
    let index = |name: &str, outcome: &str| -> f64 {
        variance
            .lines()
            .filter(|l| l.starts_with(&format!("{name},{outcome},")))
            .map(|l| l.split(',').nth(3).unwrap().parse::<f64>().unwrap())
            .fold(0.0, f64::max)
    };
    assert!(
        index("prior.terms.0.weight", "first_round_votes") > 0.1,
        "{variance}"
    );
    assert!(with.join("variance_sources.svg").is_file());
    let without = run("without", &["--no-runs-table"]);
    for f in [
        "runs.csv",
        "runs_params.csv",
        "runs_rounds.csv",
        "variance.csv",
        "variance_sources.svg",
    ] {
        assert!(
            !without.join(f).exists(),
            "{f} written with --no-runs-table"
        );
    }
    // The totals do not depend on the table.
    for f in ["summary.json", "states.csv", "timeseries.csv"] {
        assert_eq!(
            std::fs::read(with.join(f)).unwrap(),
            std::fs::read(without.join(f)).unwrap(),
            "{f}"
        );
    }
}
