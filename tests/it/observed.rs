//! The `observed` block of a scenario: it loads, its problems are located in
//! the file, and nothing in the model reads it.

use std::path::Path;

use lobbysim::model::run;
use lobbysim::scenario::observed::Count;
use lobbysim::scenario::{LoadError, Scenario, load_str};

const BASE: &str = include_str!("../../scenarios/classroom/three_candidates.ron");

const OBSERVED: &str = r#"    observed: (
        sources: ["record"],
        elected: ["CHE"],
        rounds: [
            (round: 1, votes: {"ORT": Reported(5), "MEN": Reported(4), "CHE": Reported(3)},
             present_and_voting: Reported(12), majority_required: Reported(7)),
            (round: 2, votes: {"ORT": Reported(5), "CHE": Reported(7)},
             present_and_voting: Reported(12), majority_required: Reported(7)),
        ],
    ),
)"#;

/// The classroom scenario with an invented observed result; `edit` is applied
/// to the observed block.
fn with_observed(edit: (&str, &str)) -> String {
    let sourced = BASE.replacen(
        "sources: [],",
        r#"sources: [(id: "record", text: "an invented record of the ballot")],"#,
        1,
    );
    let end = sourced.rfind(')').expect("the scenario ends with `)`");
    assert!(OBSERVED.contains(edit.0), "text not found: {}", edit.0);
    format!(
        "{}{}\n",
        &sourced[..end],
        OBSERVED.replacen(edit.0, edit.1, 1)
    )
}

/// The 1-based line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).expect("needle in text");
    text[..at].lines().count().max(1) + usize::from(text[..at].ends_with('\n'))
}

fn load(text: &str) -> Result<Scenario, Vec<String>> {
    match load_str(Path::new("case.ron"), text) {
        Ok(l) => Ok(l.scenario),
        Err(LoadError::Invalid(d)) => Err(d.0.iter().map(|d| d.headline()).collect()),
        Err(e) => Err(vec![e.to_string()]),
    }
}

#[test]
fn an_observed_block_loads() {
    let s = load(&with_observed(("", ""))).expect("valid");
    let o = s.observed.expect("an observed block");
    assert_eq!(o.elected, vec!["CHE".to_string()]);
    assert_eq!(o.rounds.len(), 2);
    assert_eq!(o.rounds[1].votes["CHE"], Count::Reported(7));
}

#[test]
fn the_model_does_not_read_the_observed_result() {
    let without = load(BASE).expect("valid");
    let with = load(&with_observed(("", ""))).expect("valid");
    assert!(with.observed.is_some() && without.observed.is_none());
    // Without a block, the serialised scenario (whose hash identifies an
    // ensemble's model) is what it was before the field existed.
    let json = serde_json::to_string(&without).unwrap();
    assert!(!json.contains("\"observed\""), "{json}");
    // A different reported winner changes nothing either.
    let other = load(&with_observed((
        r#"elected: ["CHE"]"#,
        r#"elected: ["ORT"]"#,
    )))
    .unwrap();
    for seed in [1, 7, 42] {
        let base = run(&without, seed);
        assert_eq!(run(&with, seed), base, "seed {seed}");
        assert_eq!(run(&other, seed), base, "seed {seed}");
    }
}

#[test]
fn problems_of_the_observed_block_are_located() {
    let bad = with_observed((r#""CHE": Reported(7)}"#, r#""XYZ": Reported(7)}"#));
    let errs = load(&bad).unwrap_err();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].starts_with(&format!("case.ron:{}:", line_of(&bad, "\"XYZ\"")))
            && errs[0].contains("unknown candidate `XYZ`; expected one of: ORT, MEN, CHE"),
        "{errs:?}"
    );
    let bad = with_observed(("(round: 2,", "(round: 3,"));
    let errs = load(&bad).unwrap_err();
    assert!(
        errs.len() == 1 && errs[0].contains("expected round 2, found 3"),
        "{errs:?}"
    );
    let bad = with_observed((r#"sources: ["record"]"#, r#"sources: ["minutes"]"#));
    let errs = load(&bad).unwrap_err();
    assert!(
        errs.len() == 1
            && errs[0].starts_with(&format!("case.ron:{}:", line_of(&bad, "\"minutes\"")))
            && errs[0].contains("unknown source `minutes`"),
        "{errs:?}"
    );
    let bad = with_observed((
        r#"(round: 1, votes: {"ORT": Reported(5)"#,
        r#"(round: 1, votes: {"ORT": Reported(50)"#,
    ));
    let errs = load(&bad).unwrap_err();
    assert!(
        errs.len() == 1 && errs[0].contains("add up to 57, more than 1 seat(s) x 12"),
        "{errs:?}"
    );
    let bad = with_observed(("elected:", "winner:"));
    let errs = load(&bad).unwrap_err();
    assert!(errs.len() == 1 && errs[0].contains("winner"), "{errs:?}");
}

#[test]
fn a_what_if_adds_an_observed_result_and_its_problems_point_into_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.ron"), BASE).unwrap();
    let what_if = |elected: &str| {
        format!(
            r#"WhatIf(
    version: 1,
    base: "base.ron",
    meta: (name: "w", sources: [(id: "record", text: "an invented record")]),
    observed: (
        sources: ["record"],
        elected: ["{elected}"],
        rounds: [(round: 1, votes: {{"ORT": Reported(5)}})],
    ),
)
"#
        )
    };
    let good = dir.path().join("good.ron");
    std::fs::write(&good, what_if("ORT")).unwrap();
    let s = lobbysim::scenario::load(&good).expect("valid").scenario;
    assert_eq!(
        s.observed.expect("observed").elected,
        vec!["ORT".to_string()]
    );

    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, what_if("XYZ")).unwrap();
    let Err(LoadError::Invalid(d)) = lobbysim::scenario::load(&bad) else {
        panic!("expected a located problem");
    };
    let headlines: Vec<String> = d.0.iter().map(|d| d.headline()).collect();
    assert_eq!(headlines.len(), 1, "{headlines:?}");
    assert!(
        headlines[0].contains("bad.ron:7:") && headlines[0].contains("unknown candidate `XYZ`"),
        "{headlines:?}"
    );
}
