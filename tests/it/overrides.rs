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
