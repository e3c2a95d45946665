//! The engine against the engine before run lanes: reference counts of
//! first-round votes, produced by lobbysim at faa3fb1 (the last commit
//! before lanes) on frozen copies of the PP-22 and classroom scenarios
//! (tests/fixtures/equivalence/), and the same counts of a smaller ensemble
//! of today's engine, must pass the equivalence tests of
//! `lobbysim::ensemble::equivalence` (docs/ENSEMBLE.md, "Equivalence of engines").
//!
//! The levels are stricter than the note's (4 standard errors, KS at 0.1%,
//! per-state tests at a family level of 0.1%), so that an engine that draws
//! other random numbers from the same distributions fails this test with a
//! probability of about 0.7% in all (2 and 3 candidates: 5 x 6.3e-5 for the
//! means, 5 x 0.1% for the KS tests, 2 x 0.1% for the states). The seeds are
//! fixed, so the test itself always gives the same answer.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use lobbysim::ensemble::equivalence::{Levels, Reference, compare};
use lobbysim::ensemble::{EnsembleConfig, run_ensemble};
use lobbysim::scenario::load;

const LEVELS: Levels = Levels {
    z_means: 4.0,
    alpha_ks: 0.001,
    alpha_states: 0.001,
};

/// Ensemble `runs` runs of frozen scenario `name` and compare them with the
/// reference; moved by `shift` first-round votes, the same counts must fail.
fn equivalent(name: &str, runs: u64, shift: usize) {
    let dir = Path::new("tests/fixtures/equivalence");
    let l = load(&dir.join(format!("{name}.ron"))).expect("frozen scenario loads");
    let text = std::fs::read_to_string(dir.join(format!("{name}.faa3fb1.txt"))).unwrap();
    assert!(text.starts_with("# produced by lobbysim at faa3fb1 with: "));
    let reference = Reference::parse(&text).expect("reference counts");
    let config = EnsembleConfig {
        runs,
        seed: 2,
        threads: 2,
        shard: None,
    };
    let file = run_ensemble(
        &l.scenario,
        &l.sha256(),
        &config,
        None,
        &AtomicBool::new(false),
        &|_| {},
    )
    .expect("ensemble runs");
    let today = Reference::of(&file.aggregate);
    let e = compare(&reference, &today, LEVELS).expect("same scenario");
    let names: Vec<String> = l.scenario.candidates.iter().map(|c| c.id.clone()).collect();
    assert!(e.passes(), "{name}:\n{}", e.table(&names));
    // Not a formality: the same counts moved by a few votes fail.
    let mut moved = today.clone();
    for counts in &mut moved.first_round {
        counts.splice(0..0, std::iter::repeat_n(0, shift));
        counts.truncate(counts.len() - shift);
    }
    assert!(!compare(&reference, &moved, LEVELS).unwrap().passes());
}

#[test]
fn pp22_is_equivalent_to_the_engine_before_lanes() {
    equivalent("itu_pp22", 300, 5);
}

#[test]
fn the_classroom_is_equivalent_to_the_engine_before_lanes() {
    equivalent("three_candidates", 2000, 1);
}
