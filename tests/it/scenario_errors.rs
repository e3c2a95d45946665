//! Every kind of scenario problem, with the exact `LINE:COL: message` it must
//! produce. Each case edits the classroom scenario by text replacement; the
//! fixtures of `tests/fixtures/bad/` (see `fixtures.rs`) hold more cases,
//! with the whole rendered message.

use std::path::Path;

use lobbysim::scenario::{LoadError, load_str};

const BASE: &str = include_str!("../../scenarios/classroom/three_candidates.ron");

/// Headlines (`FILE:LINE:COL: message`) of the problems found in `text`.
fn problems(text: &str) -> Vec<String> {
    match load_str(Path::new("bad.ron"), text) {
        Ok(_) => Vec::new(),
        Err(LoadError::Invalid(d)) => d.0.iter().map(|d| d.headline()).collect(),
        Err(e) => vec![e.to_string()],
    }
}

/// Apply each (from, to) replacement once; `from` must occur in the text.
fn edit(edits: &[(&str, &str)]) -> String {
    let mut text = BASE.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "fixture text not found: {from}");
        text = text.replacen(from, to, 1);
    }
    text
}

#[test]
fn the_classroom_scenario_is_valid() {
    assert_eq!(problems(BASE), Vec::<String>::new());
}

/// (what, edits, expected headlines)
type Case = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [&'static str],
);

const CASES: &[Case] = &[
    (
        "missing comma",
        &[("budget: 1.0,", "budget: 1.0")],
        &["bad.ron:91:13: syntax error: expected `,` between two values, found `strength`"],
    ),
    (
        "unclosed group",
        &[(
            "(id: \"N\", name: \"North\"),",
            "(id: \"N\", name: \"North\",",
        )],
        &[
            "bad.ron:28:9: syntax error: expected a field name (`name: value`) or a closing bracket, found `(`",
        ],
    ),
    (
        "unknown field with suggestion",
        &[("budget: 1.0,", "budgte: 1.0,")],
        &[
            "bad.ron:90:13: unknown field `budgte` in Campaign; expected one of: id, name, sponsor, candidate, start, end, budget, strength, saturation, target, tactics, basis (did you mean `budget`?)",
        ],
    ),
    (
        "missing field",
        &[("            strength: 0.8,\n", "")],
        &["bad.ron:100:9: missing field `strength` in Campaign"],
    ),
    (
        "wrong type",
        &[("strength: 0.6,", "strength: \"high\",")],
        &[
            "bad.ron:110:23: expected a number or a distribution (Uniform(lo, hi), Normal(mean, sd), Beta(a, b), BetaMeanSd(mean, sd), LogNormal(median, sigma) or Triangular(lo, mode, hi), every field a number) for `strength`, found `\"high\"`",
        ],
    ),
    (
        "misspelt distribution",
        &[("strength: 0.6,", "strength: Unifrom(lo: 0.2, hi: 0.8),")],
        &[
            "bad.ron:110:23: unknown distribution `Unifrom` for `strength`; expected one of: Uniform, Normal, Beta, BetaMeanSd, LogNormal, Triangular (did you mean `Uniform`?)",
        ],
    ),
    (
        "distribution missing a field",
        &[("strength: 0.6,", "strength: Normal(mean: 0.3),")],
        &["bad.ron:110:39: missing field `sd` in Normal for `strength`"],
    ),
    (
        "distribution with text for a number",
        &[("strength: 0.6,", "strength: Uniform(lo: \"low\", hi: 0.8),")],
        &["bad.ron:110:35: expected a number for `lo`, found `\"low\"`"],
    ),
    (
        "dangling bloc reference",
        &[(
            "target: Blocs([\"SF\"]),\n            tactics",
            "target: Blocs([\"SX\"]),\n            tactics",
        )],
        &["bad.ron:112:28: unknown bloc `SX`; expected one of: NU, SF, EC (did you mean `SF`?)"],
    ),
    (
        "dangling candidate reference",
        &[(
            "candidate: \"CHE\", shift: -0.6",
            "candidate: \"CHX\", shift: -0.6",
        )],
        &[
            "bad.ron:126:42: unknown candidate `CHX`; expected one of: ORT, MEN, CHE (did you mean `CHE`?)",
        ],
    ),
    (
        "unknown state",
        &[("States([\"ISL\"])", "States([\"ICE\"])")],
        &[
            "bad.ron:95:98: unknown member state `ICE`; expected one of: NOR, FJO, GLA, TUN, SOL, SAV, COR, DUN, EAS, STE, ISL, MON (did you mean `STE`?)",
        ],
    ),
    (
        "probability out of range",
        &[("abstention: 0.03", "abstention: 1.5")],
        &["bad.ron:139:21: expected a probability between 0 and 1, found 1.5"],
    ),
    (
        "negative budget",
        &[("budget: 0.6,", "budget: -0.6,")],
        &["bad.ron:109:21: expected a finite number >= 0, found -0.6"],
    ),
    (
        "dates out of order",
        &[(
            "end: \"2030-06-19\",\n            budget: 0.6",
            "end: \"2030-02-19\",\n            budget: 0.6",
        )],
        &[
            "bad.ron:108:18: campaign `southern-summit` ends (2030-02-19) before it starts (2030-03-01)",
        ],
    ),
    (
        "date outside the calendar",
        &[("date: \"2030-04-15\"", "date: \"2031-04-15\"")],
        &[
            "bad.ron:123:19: date 2031-04-15 is outside the calendar (2030-01-01 to the ballot on 2030-06-20)",
        ],
    ),
    (
        "invalid date",
        &[("start: \"2030-03-01\"", "start: \"2030-13-01\"")],
        &[
            "bad.ron:107:21: expected a real date as \"YYYY-MM-DD\" (month 1 to 12, a day that month has), found `\"2030-13-01\"`",
        ],
    ),
    (
        "duplicate id",
        &[(
            "(code: \"FJO\", name: \"Fjordia\"",
            "(code: \"NOR\", name: \"Fjordia\"",
        )],
        &["bad.ron:51:16: duplicate member state id `NOR`; each id must be unique"],
    ),
    (
        "unknown region",
        &[(
            "name: \"Glacia\", region: \"N\"",
            "name: \"Glacia\", region: \"Q\"",
        )],
        &[
            "bad.ron:52:47: unknown region `Q` for member state `GLA`; expected one of: N, S, E (did you mean `N`?)",
        ],
    ),
    (
        "undeclared feature value",
        &[(
            "features: {\"trade_pact\": \"no\"}),\n        (code: \"TUN\"",
            "features: {\"trade_pact\": \"maybe\"}),\n        (code: \"TUN\"",
        )],
        &[
            "bad.ron:52:92: value `maybe` is not a value of feature `trade_pact`; expected one of: yes, no",
        ],
    ),
    (
        "swing outside a campaign target",
        &[(
            "target: Regions([\"N\"]), candidate: \"ORT\"",
            "target: Swing(among: All, count: 2), candidate: \"ORT\"",
        )],
        &[
            "bad.ron:66:56: Swing(...) selects states while a campaign runs; it is allowed only as a campaign's `target`",
        ],
    ),
    (
        "non-finite weight",
        &[("weight: 0.5,", "weight: NaN,")],
        &["bad.ron:72:115: expected a finite weight between -1e6 and 1e6, found NaN"],
    ),
    (
        "unknown source",
        &[(
            "basis: Assumption(\"pact members lean North\")",
            "basis: Source([\"UN-2030\"])",
        )],
        &["bad.ron:73:32: unknown source `UN-2030`; declare it in meta.sources"],
    ),
    (
        "unknown top-level field",
        &[("    candidates: [", "    candidate: [")],
        &[
            "bad.ron:11:1: missing field `candidates` in Scenario",
            "bad.ron:44:5: unknown field `candidate` in Scenario; expected one of: version, meta, calendar, posts, regions, features, blocs, candidates, states, prior, campaigns, events, params, ballot, shocks, propensities, limits, observed, deals, after_results (did you mean `candidates`?)",
        ],
    ),
    (
        "four problems at once",
        &[
            ("budget: 1.0,", "budget: 1.0, budgte: 2,"),
            ("strength: 0.6,", "strength: \"high\","),
            (
                "candidate: \"CHE\", shift: -0.6",
                "candidate: \"CHX\", shift: -0.6",
            ),
            ("abstention: 0.03", "abstention: 1.5"),
        ],
        &[
            "bad.ron:90:26: unknown field `budgte` in Campaign; expected one of: id, name, sponsor, candidate, start, end, budget, strength, saturation, target, tactics, basis (did you mean `budget`?)",
            "bad.ron:110:23: expected a number or a distribution (Uniform(lo, hi), Normal(mean, sd), Beta(a, b), BetaMeanSd(mean, sd), LogNormal(median, sigma) or Triangular(lo, mode, hi), every field a number) for `strength`, found `\"high\"`",
            "bad.ron:126:42: unknown candidate `CHX`; expected one of: ORT, MEN, CHE (did you mean `CHE`?)",
            "bad.ron:139:21: expected a probability between 0 and 1, found 1.5",
        ],
    ),
    (
        "more candidates than the model is built for",
        &[(
            "(id: \"CHE\", name: \"Chen Wei\", nominated_by: \"EAS\", colour: \"#d62728\"),",
            "(id: \"CHE\", name: \"Chen Wei\", nominated_by: \"EAS\"), (id: \"C4\", name: \"D\", nominated_by: \"EAS\"), (id: \"C5\", name: \"E\", nominated_by: \"EAS\"), (id: \"C6\", name: \"F\", nominated_by: \"EAS\"), (id: \"C7\", name: \"G\", nominated_by: \"EAS\"), (id: \"C8\", name: \"H\", nominated_by: \"EAS\"), (id: \"C9\", name: \"I\", nominated_by: \"EAS\"),",
        )],
        &["bad.ron:44:17: expected at most 8 candidates, found 9"],
    ),
    (
        "prior term ids: a duplicate and a number",
        &[
            (
                "(label: \"trade pact\",",
                "(id: \"pact\", label: \"trade pact\",",
            ),
            (
                "(label: \"home states\", target: States([\"NOR\"])",
                "(id: \"pact\", label: \"home states\", target: States([\"NOR\"])",
            ),
            (
                "(label: \"home states\", target: States([\"SOL\"])",
                "(id: \"7\", label: \"home states\", target: States([\"SOL\"])",
            ),
        ],
        &[
            "bad.ron:74:18: duplicate prior term id `pact`",
            "bad.ron:76:18: prior term id `7` is a number; expected a name (numbers address terms by position)",
        ],
    ),
];

#[test]
fn each_problem_is_reported_with_its_position() {
    let mut failures = Vec::new();
    for (what, edits, expected) in CASES {
        let got = problems(&edit(edits));
        if got != *expected {
            failures.push(format!(
                "{what}:\n  expected {expected:#?}\n  got      {got:#?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn empty_and_garbage_files_are_refused() {
    assert_eq!(
        problems(""),
        vec!["bad.ron:1:1: the file is empty; expected `Scenario(...)` or `WhatIf(...)`"]
    );
    let deep = format!("Scenario(version: {}1{})", "[".repeat(300), "]".repeat(300));
    assert_eq!(problems(&deep).len(), 1);
    assert!(problems(&deep)[0].starts_with("bad.ron:1:"));
}
