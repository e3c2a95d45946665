//! Sanity of the PP-22 case as the model runs it: the story the scenario tells
//! (docs/PP22.md) must hold for a fixed seed. Bogdan-Martin is the clear
//! favourite, Ismailov keeps a core of support among the states that stood
//! with Russia, and removing the invasion helps Ismailov.

use std::path::PathBuf;

use lobbysim::result::RunResult;
use lobbysim::scenario::Scenario;

const SEED: u64 = 1;

fn load(rel: &str) -> Scenario {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
    lobbysim::scenario::load(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .scenario
}

fn candidate(r: &RunResult, id: &str) -> usize {
    r.candidates
        .iter()
        .position(|c| c.id == id)
        .unwrap_or_else(|| panic!("no candidate {id}"))
}

/// Expected votes per candidate on the ballot day.
fn expected_votes(r: &RunResult) -> Vec<f64> {
    r.history
        .last()
        .expect("a run records at least one day")
        .expected_votes
        .clone()
}

#[test]
fn pp22_bogdan_martin_is_the_clear_favourite_and_ismailov_keeps_a_core() {
    let s = load("scenarios/itu_pp22.ron");
    let r = lobbysim::model::run(&s, SEED);
    let (bm, ri) = (candidate(&r, "BM"), candidate(&r, "RI"));
    let votes = expected_votes(&r);
    assert!(
        votes[bm] > 2.0 * votes[ri],
        "not a clear favourite: expected votes BM {:.1}, RI {:.1}",
        votes[bm],
        votes[ri]
    );
    assert!(
        votes[ri] >= 5.0,
        "Ismailov has no core: {:.1} expected votes",
        votes[ri]
    );
    assert_eq!(r.ballot.elected, Some(bm), "Bogdan-Martin not elected");

    // The states that voted against ES-11/1 lean to Ismailov (when present).
    let stood_with_russia: Vec<&str> = s
        .states
        .iter()
        .filter(|m| m.features.get("unga_es11_1").map(String::as_str) == Some("no"))
        .map(|m| m.code.as_str())
        .collect();
    assert_eq!(stood_with_russia.len(), 5);
    for st in r
        .states
        .iter()
        .filter(|st| stood_with_russia.contains(&st.code.as_str()) && st.p_absent < 1.0)
    {
        assert!(
            st.p_vote[ri] > st.p_vote[bm],
            "{} leans to Bogdan-Martin: {:?}",
            st.code,
            st.p_vote
        );
    }
}

#[test]
fn pp22_without_the_invasion_ismailov_does_better() {
    let base = lobbysim::model::run(&load("scenarios/itu_pp22.ron"), SEED);
    let what_if = lobbysim::model::run(&load("scenarios/what-if/no_invasion.ron"), SEED);
    let ri = candidate(&base, "RI");
    let (with, without) = (expected_votes(&base)[ri], expected_votes(&what_if)[ri]);
    assert!(
        without > with,
        "Ismailov's expected votes: {without:.1} without the invasion, {with:.1} with it"
    );
}
