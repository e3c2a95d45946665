//! A conference of several posts: the model's half (docs/CONFERENCE.md).
//! The fixture `tests/fixtures/good/small_conference.ron` holds three posts,
//! a deal of two sides and two after-result links.

use std::path::Path;

use lobbysim::model::Conference;
use lobbysim::result::ConferenceResult;
use lobbysim::scenario::{Scenario, Uncertain, load};

pub const CONFERENCE: &str = "tests/fixtures/good/small_conference.ron";

pub fn conference() -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(CONFERENCE);
    load(&path).expect("the conference fixture loads").scenario
}

fn run(s: &Scenario, seed: u64) -> ConferenceResult {
    Conference::new(s).run(seed, false)
}

#[test]
fn posts_run_in_ballot_order_and_a_seed_repeats_its_run() {
    let s = conference();
    let a = run(&s, 7);
    let ids: Vec<&str> = a.posts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["head", "deputy", "council"]);
    let dates: Vec<String> = a
        .posts
        .iter()
        .map(|p| p.result.ballot_date.to_string())
        .collect();
    assert_eq!(dates, ["2040-05-20", "2040-05-20", "2040-05-22"]);
    // Each post holds its own candidates only, and its own rules.
    let candidates: Vec<usize> = a.posts.iter().map(|p| p.result.candidates.len()).collect();
    assert_eq!(candidates, [3, 2, 3]);
    assert_eq!(a.posts[2].result.ballot.seats, 2);
    assert_eq!(a, run(&s, 7));
    assert_eq!(a, Conference::new(&s).run_lanes(&[3, 7, 9]).remove(1));
    assert_ne!(
        a.posts[0].result.history,
        run(&s, 8).posts[0].result.history
    );
}

#[test]
fn a_shared_number_has_the_same_value_in_every_post_of_a_run() {
    let s = conference();
    for seed in [1, 2, 3] {
        let r = run(&s, seed);
        let shared = |name: &str| {
            r.parameters
                .iter()
                .find(|p| p.name == name)
                .unwrap_or_else(|| panic!("{name} is drawn"))
                .value
        };
        for name in [
            "params.attendance",
            "blocs.SB.cohesion",
            "prior.terms.1.weight",
            "prior.terms.council-north.weight",
            "events.debate.effects.1.shift",
            "shocks.south-deputy",
        ] {
            for post in &r.posts {
                let value = post
                    .result
                    .parameters
                    .iter()
                    .find(|p| p.name == name)
                    .unwrap_or_else(|| panic!("{name} in post {}", post.id))
                    .value;
                assert_eq!(
                    value,
                    shared(name),
                    "{name} in post {} of run {seed}",
                    post.id
                );
            }
        }
        // A campaign's number is drawn only in its own post.
        let k3 = "campaigns.k3-north.budget";
        let posts_with: Vec<&str> = r
            .posts
            .iter()
            .filter(|p| p.result.parameters.iter().any(|x| x.name == k3))
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(posts_with, ["council"]);
        assert!(shared(k3) > 0.0);
    }
    let a = run(&s, 1).parameters;
    assert_ne!(a, run(&s, 2).parameters);
}

#[test]
fn a_deal_side_kept_or_broken_draws_once_per_run() {
    let mut s = conference();
    let kept = |s: &Scenario| -> Vec<Vec<bool>> {
        let mut c = Conference::new(s);
        (0..40)
            .map(|seed| c.run(seed, false).deals[0].kept.clone())
            .collect()
    };
    let some = kept(&s);
    // Side 1 breaks with chance 0.25: some runs keep it, some do not.
    assert!(some.iter().any(|k| k[1]) && some.iter().any(|k| !k[1]));
    s.deals[0].sides[1].breaks = Uncertain::Fixed(lobbysim::scenario::Probability(0.0));
    assert!(kept(&s).iter().all(|k| k[1]));
    s.deals[0].sides[1].breaks = Uncertain::Fixed(lobbysim::scenario::Probability(1.0));
    assert!(kept(&s).iter().all(|k| !k[1]));
}
