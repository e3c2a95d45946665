//! Election rules in scenario files: presets and settings load, a ballot of
//! the first format still means what it meant, and every bad rule is
//! reported with its position and the exact text.

use std::path::Path;

use lobbysim::ballot::Rules;
use lobbysim::model::Simulation;
use lobbysim::scenario::{Elimination, LoadError, Preset, load, load_str};

const BASE: &str = include_str!("../../scenarios/classroom/three_candidates.ron");
const COUNCIL: &str = "scenarios/classroom/council_three_seats.ron";

/// The classroom scenario's ballot section, as written.
const BALLOT: &str = "    ballot: (
        elimination: DropLowest,
        max_rounds: 6,
        basis: Assumption(\"ITU practice: the weakest candidate leaves after each round\"),
    ),";

/// Headlines (`FILE:LINE:COL: message`) of the problems found when the
/// classroom scenario's ballot section is replaced by `ballot`.
fn problems(ballot: &str) -> Vec<String> {
    assert!(BASE.contains(BALLOT), "the classroom ballot section moved");
    let text = BASE.replacen(BALLOT, ballot, 1);
    match load_str(Path::new("bad.ron"), &text) {
        Ok(_) => Vec::new(),
        Err(LoadError::Invalid(d)) => d.0.iter().map(|d| d.headline()).collect(),
        Err(e) => vec![e.to_string()],
    }
}

/// The line of the classroom file where the ballot section starts.
fn ballot_line() -> usize {
    BASE.lines().position(|l| l == "    ballot: (").unwrap() + 1
}

#[test]
fn the_first_format_loads_and_keeps_its_meaning() {
    let l = load(Path::new("scenarios/classroom/three_candidates.ron")).unwrap();
    assert_eq!(l.scenario.ballot.elimination, Some(Elimination::DropLowest));
    let rules = Rules::of(&l.scenario.ballot, &[]);
    assert_eq!((rules.seats, rules.max_rounds), (1, 6));
    assert_eq!(rules.elimination, Elimination::DropLowest);
    assert!(rules.restricted.is_none() && rules.threshold_change.is_none());
}

#[test]
fn a_preset_with_settings_loads() {
    let l = load(Path::new(COUNCIL)).unwrap();
    assert_eq!(l.scenario.ballot.preset, Some(Preset::UnSecurityCouncil));
    let ids: Vec<&str> = l
        .scenario
        .candidates
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    let rules = Rules::of(&l.scenario.ballot, &ids);
    assert_eq!((rules.seats, rules.max_rounds), (3, 12));
    assert_eq!(rules.withdrawals.len(), 1);
}

#[test]
fn bad_rules_are_located_and_explained() {
    let line = ballot_line();
    let cases: &[(&str, Vec<String>)] = &[
        (
            "    ballot: (\n        preset: UnSecurityCouncil,\n    ),",
            vec![format!(
                "bad.ron:{}:17: preset UnSecurityCouncil needs `seats` written in `ballot`: the seats of the group or region vary by year (docs/RULES.md)",
                line + 1
            )],
        ),
        (
            "    ballot: (\n        seats: 4,\n    ),",
            vec![format!(
                "bad.ron:{}:16: expected between 1 and 3 seats (one per candidate at most), found 4",
                line + 1
            )],
        ),
        (
            "    ballot: (\n        threshold: MoreThan(3, 2),\n    ),",
            vec![format!(
                "bad.ron:{}:20: expected a fraction p/q with p < q and q at least 1, found MoreThan(3, 2)",
                line + 1
            )],
        ),
        (
            "    ballot: (\n        max_rounds: 4,\n        threshold_change: (from_round: 5, threshold: Majority),\n    ),",
            vec![format!(
                "bad.ron:{}:40: expected a round between 2 and max_rounds (4), found 5",
                line + 2
            )],
        ),
        (
            "    ballot: (\n        withdrawals: [(candidate: \"CHX\", after_round: 1, transfer_to: \"CHX\")],\n    ),",
            vec![
                format!(
                    "bad.ron:{}:35: unknown candidate `CHX`; expected one of: ORT, MEN, CHE (did you mean `CHE`?)",
                    line + 1
                ),
                format!(
                    "bad.ron:{}:71: unknown candidate `CHX`; expected one of: ORT, MEN, CHE (did you mean `CHE`?)",
                    line + 1
                ),
                format!(
                    "bad.ron:{}:71: `CHX` cannot pass its supporters to itself; name another candidate or leave `transfer_to` out",
                    line + 1
                ),
            ],
        ),
        (
            "    ballot: (\n        max_rounds: 3,\n        withdrawals: [(candidate: \"CHE\", after_round: 3)],\n    ),",
            vec![format!(
                "bad.ron:{}:55: expected a round between 1 and 2 (a withdrawal after the last round, 3, changes nothing), found 3",
                line + 2
            )],
        ),
        (
            "    ballot: (\n        restricted: (after: 0, rounds: 3, unrestricted: 3, factor: 2),\n    ),",
            vec![format!(
                "bad.ron:{}:29: expected `after` between 1 and 1000, found 0",
                line + 1
            )],
        ),
        (
            "    ballot: (\n        restricted: (after: 1, rounds: 3, unrestricted: 4294967295, factor: 2),\n    ),",
            vec![format!(
                "bad.ron:{}:57: expected `unrestricted` between 0 and 1000, found 4294967295",
                line + 1
            )],
        ),
        (
            "    ballot: (\n        electorate: Regions([\"W\"]),\n    ),",
            vec![format!(
                "bad.ron:{}:30: unknown region `W`; expected one of: N, S, E (did you mean `N`?)",
                line + 1
            )],
        ),
    ];
    for (ballot, expected) in cases {
        assert_eq!(&problems(ballot), expected, "{ballot}");
    }
}

#[test]
fn a_three_seat_council_fills_its_seats_with_papers_of_three_names() {
    let l = load(Path::new(COUNCIL)).unwrap();
    let mut sim = Simulation::new(&l.scenario);
    let mut filled = 0;
    for seed in 0..20 {
        let out = sim.run(seed);
        let b = &out.ballot;
        assert_eq!(b.seats, 3);
        assert!(b.winners.len() <= 3);
        assert_eq!(b.elected, None, "several seats: winners, not elected");
        let first = &b.rounds[0];
        assert_eq!(first.seats_open, 3);
        // 15 states, 14 with voting rights; every valid paper names three.
        assert_eq!(first.no_vote, 1);
        assert_eq!(out.papers[0].len(), 15 * 3);
        assert_eq!(first.tally.iter().sum::<u32>(), 3 * first.valid);
        assert_eq!(first.majority, (2 * first.valid).div_ceil(3).max(1));
        for round in &b.rounds {
            assert_eq!(round.members, 15);
            assert_eq!(round.entitled, 14);
            // Rounds 2-4 are restricted to twice the open seats (ties at the cut go on).
            assert_eq!(
                round.restricted,
                (2..=4).contains(&round.number) || (8..=10).contains(&round.number)
            );
            if round.number > 2 {
                assert!(
                    !round.standing.contains(&1) || b.rounds[1].elected.contains(&1),
                    "Fjordia withdrew after round 2"
                );
            }
        }
        filled += b.winners.len();
        // Same seed, same ballot.
        assert_eq!(sim.run(seed).ballot, out.ballot);
    }
    assert!(filled > 20, "seats get filled: {filled} of 60");
}
