//! `--set` and `--disable`: each kind of override, and the errors.

use std::path::Path;

use lobbysim::scenario::overrides::{OverrideError, disable, set, value_at};
use lobbysim::scenario::{Scenario, TacticKind, load};

fn classroom() -> Scenario {
    load(Path::new("scenarios/classroom/three_candidates.ron"))
        .expect("classroom scenario loads")
        .scenario
}

#[test]
fn sets_numbers_dates_flags_and_names() {
    let mut s = classroom();
    set(&mut s, "params.temperature=0.8").unwrap();
    assert_eq!(s.params.temperature.central(), 0.8);
    set(&mut s, "campaigns.southern-summit.budget=2.5").unwrap();
    assert_eq!(s.campaigns[1].budget.central(), 2.5);
    set(
        &mut s,
        "campaigns.northern-outreach.tactics.1.kind.Pressure.backfire=0.9",
    )
    .unwrap();
    assert_eq!(
        s.campaigns[0].tactics[1].kind,
        TacticKind::Pressure {
            backfire: lobbysim::scenario::Probability(0.9)
        }
    );
    set(&mut s, "calendar.ballot=2030-06-21").unwrap();
    assert_eq!(s.calendar.ballot.to_string(), "2030-06-21");
    set(&mut s, "states.GLA.attendance=0.5").unwrap();
    assert_eq!(s.states[2].attendance.map(|p| p.0), Some(0.5));
    set(&mut s, "states.MON.voting_rights=true").unwrap();
    assert!(s.states[11].voting_rights);
    set(&mut s, "states.TUN.features.trade_pact=yes").unwrap();
    assert_eq!(s.states[3].features["trade_pact"], "yes");
    set(&mut s, "events.scandal.effects.0.shift=-1.25").unwrap();
    assert_eq!(s.events[0].effects[0].shift.central(), -1.25);
    set(&mut s, "ballot.elimination=TopTwoRunoff").unwrap();
    assert_eq!(
        s.ballot.elimination,
        Some(lobbysim::scenario::Elimination::TopTwoRunoff)
    );
    set(&mut s, "ballot.max_rounds=3").unwrap();
    assert_eq!(s.ballot.max_rounds, Some(3));
    set(&mut s, "blocs.SF.cohesion=0").unwrap();
    assert_eq!(s.blocs[1].cohesion.central(), 0.0);
    set(&mut s, "prior.terms.3.weight=2").unwrap();
    assert_eq!(s.prior.terms[3].weight.central(), 2.0);
}

#[test]
fn unknown_path_names_the_valid_ones() {
    let mut s = classroom();
    let err = set(&mut s, "params.temprature=0.8").unwrap_err();
    assert!(matches!(err, OverrideError::UnknownPath { .. }));
    let text = err.to_string();
    assert!(
        text.starts_with("unknown path `params.temprature`: `temprature` is not one of: "),
        "{text}"
    );
    assert!(text.ends_with("(did you mean `temperature`?)"), "{text}");
    let err = set(&mut s, "campaigns.southern-sumit.budget=1")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("northern-outreach, southern-summit")
            && err.contains("did you mean `southern-summit`"),
        "{err}"
    );
}

#[test]
fn values_are_checked_like_the_file() {
    let mut s = classroom();
    let before = s.clone();
    let err = set(&mut s, "params.abstention=1.5")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("expected a probability between 0 and 1, found 1.5"),
        "{err}"
    );
    assert!(
        set(&mut s, "params.temperature=warm")
            .unwrap_err()
            .to_string()
            .contains("expected a number")
    );
    assert!(set(&mut s, "calendar.ballot=2030-02-30").is_err());
    assert!(matches!(
        set(&mut s, "params=1"),
        Err(OverrideError::NotScalar { .. })
    ));
    assert!(matches!(
        set(&mut s, "params.temperature"),
        Err(OverrideError::Syntax(_))
    ));
    assert_eq!(
        s, before,
        "a refused override leaves the scenario untouched"
    );
}

#[test]
fn disable_removes_campaigns_and_events() {
    let mut s = classroom();
    disable(&mut s, "scandal").unwrap();
    assert!(s.events.is_empty());
    disable(&mut s, "southern-summit").unwrap();
    assert_eq!(s.campaigns.len(), 1);
    let err = disable(&mut s, "northern-outreah").unwrap_err().to_string();
    assert!(err.contains("did you mean `northern-outreach`"), "{err}");
}

#[test]
fn value_at_reads_what_set_would_replace() {
    let s = classroom();
    assert_eq!(
        value_at(&s, "params.temperature").unwrap(),
        serde_json::json!(0.6)
    );
    assert_eq!(
        value_at(&s, "campaigns.southern-summit.budget").unwrap(),
        serde_json::json!(0.6)
    );
    assert!(matches!(
        value_at(&s, "params.temprature"),
        Err(OverrideError::UnknownPath { .. })
    ));
    assert!(matches!(
        value_at(&s, "params"),
        Err(OverrideError::NotScalar { .. })
    ));
}

/// The reason a `--set` value is refused.
fn refusal(spec: &str) -> String {
    match set(&mut classroom(), spec) {
        Err(OverrideError::BadValue { reason, .. }) => reason,
        other => panic!("{spec}: {other:?}"),
    }
}

#[test]
fn a_bad_distribution_is_told_what_is_wrong_with_it() {
    assert_eq!(
        refusal("params.temperature=Unifrom(lo: 0.5, hi: 1.5)"),
        "unknown distribution `Unifrom`; expected one of: Uniform, Normal, Beta, BetaMeanSd, LogNormal, Triangular (did you mean `Uniform`?)"
    );
    assert_eq!(
        refusal("params.temperature=Normal(mean: 1)"),
        "missing field `sd` in Normal"
    );
    assert_eq!(
        refusal("params.attendance=Uniform(lo: 0.5, high: 1)"),
        "unknown field `high` in Uniform; expected one of: lo, hi (did you mean `hi`?)"
    );
    assert_eq!(
        refusal("params.attendance=Uniform(lo: \"x\", hi: 1)"),
        "expected a number at column 13 of `Uniform(lo: \"x\", hi: 1)`, as every field of a distribution is"
    );
}

#[test]
fn a_distribution_out_of_range_is_a_problem_of_its_set() {
    let mut loaded = load(Path::new("scenarios/classroom/three_candidates.ron")).unwrap();
    let changes = lobbysim::scenario::Overrides {
        set: vec!["params.attendance=Uniform(lo: 0.5, hi: 1.5)".to_string()],
        disable: Vec::new(),
    };
    let e = lobbysim::scenario::apply_overrides(&mut loaded, &changes).unwrap_err();
    assert_eq!(
        e.to_string(),
        "--set params.attendance=Uniform(lo: 0.5, hi: 1.5): cannot set `params.attendance` to `Uniform(lo: 0.5, hi: 1.5)`: bad distribution for attendance: hi 1.5 is outside the number's valid range [0, 1]"
    );
}

#[test]
fn a_number_slot_accepts_exactly_what_set_accepts() {
    use lobbysim::model::draw::number_slot;
    use lobbysim::scenario::overrides::canonical;
    let mut s = classroom();
    // Canonical names: list items by id where they have one, else index.
    assert_eq!(
        canonical(&s, "campaigns.0.budget").unwrap(),
        "campaigns.northern-outreach.budget"
    );
    assert_eq!(
        canonical(&s, "prior.terms.0.weight").unwrap(),
        "prior.terms.0.weight"
    );
    assert_eq!(
        canonical(&s, "states.GLA.attendance").unwrap(),
        "states.GLA.attendance"
    );
    s.prior.terms[0].id = Some("north".into());
    assert_eq!(
        canonical(&s, "prior.terms.0.weight").unwrap(),
        "prior.terms.north.weight"
    );
    assert!(canonical(&s, "params.warmth").is_err());
    // Numbers of a run have a slot, uncertain or not; others have none.
    let numbers = [
        "params.temperature",
        "params.attendance",
        "prior.terms.0.weight",
        "campaigns.southern-summit.budget",
        "campaigns.northern-outreach.strength",
        "events.scandal.effects.0.shift",
        "blocs.SF.cohesion",
    ];
    for path in ["states.GLA.attendance", "campaigns.0.saturation"] {
        let c = canonical(&s, path).unwrap();
        assert!(number_slot(&s, &c).is_none(), "{path}");
    }
    for path in numbers {
        let slot = number_slot(&s, &canonical(&s, path).unwrap())
            .unwrap_or_else(|| panic!("{path} has a slot"));
        for x in [-1.0, -0.0, 0.0, 0.5, 1.0, 1.5, 2e6, f64::INFINITY, f64::NAN] {
            let set_ok = set(&mut s.clone(), &format!("{path}={x}")).is_ok();
            assert_eq!(slot.accepts(x), set_ok, "{path}={x}");
        }
    }
}
