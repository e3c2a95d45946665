//! The model as a whole: determinism, reuse of a world, and the direction of
//! the effects that campaigns and events are meant to have.

use std::path::Path;

use lobbysim::model::{Simulation, run};
use lobbysim::scenario::overrides::{disable, set};
use lobbysim::scenario::{Scenario, load};

fn classroom() -> Scenario {
    load(Path::new("scenarios/classroom/three_candidates.ron"))
        .unwrap()
        .scenario
}

/// Expected votes of candidate `c` on the ballot day.
fn final_votes(s: &Scenario, seed: u64, c: usize) -> f64 {
    run(s, seed).history.last().unwrap().expected_votes[c]
}

#[test]
fn same_seed_same_result() {
    let s = classroom();
    assert_eq!(run(&s, 11), run(&s, 11));
    assert_ne!(run(&s, 11).history, run(&s, 12).history);
}

#[test]
fn a_reused_world_gives_the_same_run_as_a_fresh_one() {
    let s = classroom();
    let mut sim = Simulation::new(&s);
    let _ = sim.run(3);
    let reused = sim.run(5);
    let fresh = Simulation::new(&s).run(5);
    assert_eq!(reused, fresh);
}

#[test]
fn the_scandal_costs_its_candidate_votes() {
    let s = classroom();
    let mut without = s.clone();
    disable(&mut without, "scandal").unwrap();
    // Common random numbers: the same seed gives the same noise in both.
    for seed in 1..4 {
        assert!(final_votes(&s, seed, 2) < final_votes(&without, seed, 2));
    }
}

#[test]
fn a_stronger_campaign_wins_more_votes() {
    let s = classroom();
    let mut stronger = s.clone();
    set(&mut stronger, "campaigns.southern-summit.strength=2.0").unwrap();
    for seed in 1..4 {
        assert!(final_votes(&stronger, seed, 1) > final_votes(&s, seed, 1));
    }
}

#[test]
fn without_dynamics_expected_votes_stay_at_the_prior() {
    let mut s = classroom();
    s.campaigns.clear();
    s.events.clear();
    for spec in [
        "params.noise=0",
        "params.peer_influence=0",
        "params.conference_peer_influence=0",
        "params.pledge_threshold=1",
        "params.attendance=1",
        "states.DUN.attendance=1",
    ] {
        set(&mut s, spec).unwrap();
    }
    let r = run(&s, 1);
    let first = &r.history[0].expected_votes;
    let last = &r.history.last().unwrap().expected_votes;
    for c in 0..3 {
        assert!(
            (first[c] - last[c]).abs() < 1e-12,
            "candidate {c}: {} -> {}",
            first[c],
            last[c]
        );
    }
    // 11 voters, abstention 0.03: expected valid votes = 11 * 0.97.
    let total: f64 = last.iter().sum();
    assert!((total - 11.0 * 0.97).abs() < 1e-9, "{total}");
}
