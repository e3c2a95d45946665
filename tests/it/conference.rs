//! A conference of several posts: the model's half (docs/CONFERENCE.md).
//! The fixture `tests/fixtures/good/small_conference.ron` holds three posts,
//! a deal of two sides and two after-result links.

use std::path::Path;

use lobbysim::model::Conference;
use lobbysim::result::ConferenceResult;
use lobbysim::scenario::{Scenario, Uncertain, load};

use crate::common::CONFERENCE;

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

/// The conference fixture without pledges (so that each state's vote
/// probabilities are the softmax of its utilities) and with both sides of
/// the deal kept or both broken, and without the swing campaign.
fn with_deal(kept: bool) -> Scenario {
    let mut s = conference();
    s.params.pledge_threshold = lobbysim::scenario::Probability(1.0).into();
    let breaks = if kept { 0.0 } else { 1.0 };
    for side in &mut s.deals[0].sides {
        side.breaks = lobbysim::scenario::Probability(breaks).into();
    }
    s.deals[0].sides[0].shift = Uncertain::Fixed(1.0);
    // A swing campaign's targets depend on the utilities: left out here.
    s.campaigns.retain(|c| c.id != "a-swing");
    s
}

/// `ln(p_vote[a] / p_vote[b])` of each state in a post's result.
fn log_odds(r: &lobbysim::result::RunResult, a: &str, b: &str) -> Vec<f64> {
    let at = |id: &str| r.candidates.iter().position(|c| c.id == id).unwrap();
    let (a, b) = (at(a), at(b));
    r.states
        .iter()
        .map(|st| (st.p_vote[a] / st.p_vote[b]).ln())
        .collect()
}

#[test]
fn a_kept_deal_shifts_its_party_toward_the_backed_candidate_from_its_date() {
    let (kept, broken) = (run(&with_deal(true), 5), run(&with_deal(false), 5));
    assert_eq!(kept.deals[0].kept, [true, true]);
    assert_eq!(broken.deals[0].kept, [false, false]);
    let temperature = 0.5;
    // (post, backed, rival, shift, the party's states)
    let cases = [
        ("deputy", "D2", "D1", 1.0, ["N1", "N2", "N3"]),
        ("head", "A", "B", 0.8, ["S1", "S2", "S3"]),
    ];
    for (post, backed, rival, shift, party) in cases {
        let of = |r: &ConferenceResult| {
            r.posts
                .iter()
                .find(|p| p.id == post)
                .unwrap()
                .result
                .clone()
        };
        let (k, b) = (of(&kept), of(&broken));
        let (lk, lb) = (log_odds(&k, backed, rival), log_odds(&b, backed, rival));
        let mut checked = 0;
        for (i, st) in k.states.iter().enumerate() {
            // The party's states and their bloc peers all move by the shift,
            // so the odds move by exactly shift / temperature; others not at all.
            let expected = if party.contains(&st.code.as_str()) {
                shift / temperature
            } else {
                0.0
            };
            // Without a vote or absent, a state votes for nobody.
            if !lk[i].is_finite() || !lb[i].is_finite() {
                continue;
            }
            assert!(
                (lk[i] - lb[i] - expected).abs() < 1e-9,
                "{post}: {} moved by {}, expected {expected}",
                st.code,
                lk[i] - lb[i]
            );
            checked += 1;
        }
        assert!(checked >= 5, "{post}: {checked} states checked");
        // The history is the same up to the day before the deal (12 May), not after.
        let deal_day = chrono::NaiveDate::from_ymd_opt(2040, 5, 12).unwrap();
        for (hk, hb) in k.history.iter().zip(&b.history) {
            if hk.date < deal_day {
                assert_eq!(hk.expected_votes, hb.expected_votes, "{post} {}", hk.date);
            } else {
                let c = k.candidates.iter().position(|c| c.id == backed).unwrap();
                assert!(
                    hk.expected_votes[c] > hb.expected_votes[c],
                    "{post} {}",
                    hk.date
                );
            }
        }
        // Only a kept side leaves its mark on the charts.
        let marks = |r: &lobbysim::result::RunResult| {
            r.events.iter().filter(|e| e.label == "north-south").count()
        };
        assert_eq!((marks(&k), marks(&b)), (1, 0), "{post}");
    }
}

/// The conference fixture with the head's race settled for `winner`
/// (a prior term of 10 for every state) and no pledges.
fn settled_for(winner: &str) -> Scenario {
    let mut s = with_deal(true);
    let mut term = s.prior.terms[0].clone();
    term.id = None;
    term.target = lobbysim::scenario::Selector::All;
    term.candidate = winner.to_owned();
    term.weight = Uncertain::Fixed(10.0);
    s.prior.terms.push(term);
    s
}

#[test]
fn a_result_feeds_a_later_post_from_the_day_of_the_result_when_its_condition_holds() {
    let north = run(&settled_for("A"), 11);
    let south = run(&settled_for("B"), 11);
    let head = |r: &ConferenceResult| {
        r.posts[0]
            .result
            .ballot
            .elected
            .map(|c| r.posts[0].result.candidates[c].id.clone())
    };
    assert_eq!(head(&north).as_deref(), Some("A"));
    assert_eq!(head(&south).as_deref(), Some("B"));
    let fired = |r: &ConferenceResult| r.after_results.iter().map(|a| a.fired).collect::<Vec<_>>();
    // A of the North elected, so B not: both links fire; B elected: neither.
    assert_eq!(fired(&north), [true, true]);
    assert_eq!(fired(&south), [false, false]);
    let (n, s) = (&north.posts[2].result, &south.posts[2].result);
    assert_eq!(north.posts[2].id, "council");
    let result_day = chrono::NaiveDate::from_ymd_opt(2040, 5, 20).unwrap();
    for (hn, hs) in n.history.iter().zip(&s.history) {
        if hn.date < result_day {
            assert_eq!(hn.expected_votes, hs.expected_votes, "{}", hn.date);
        } else {
            // K1 loses votes (-0.5 everywhere), K2 gains in the South.
            assert!(hn.expected_votes[0] < hs.expected_votes[0], "{}", hn.date);
            assert!(hn.expected_votes[1] > hs.expected_votes[1], "{}", hn.date);
        }
    }
    // Everyone shifts K1 by -0.5 and the South K2 by +0.3 (peers alike):
    // the odds of K1 against K2 move by exactly that over the temperature.
    let (ln, ls) = (log_odds(n, "K1", "K2"), log_odds(s, "K1", "K2"));
    let mut checked = 0;
    for (i, st) in n.states.iter().enumerate() {
        if !ln[i].is_finite() || !ls[i].is_finite() {
            continue;
        }
        let expected = if st.code.starts_with('S') { -0.8 } else { -0.5 } / 0.5;
        assert!(
            (ln[i] - ls[i] - expected).abs() < 1e-9,
            "{}: {}",
            st.code,
            ln[i] - ls[i]
        );
        checked += 1;
    }
    assert!(checked >= 5, "{checked} states checked");
    // A link waits for its own post only: the head's and deputy's runs are
    // those of a conference without links.
    let mut unlinked = settled_for("A");
    unlinked.after_results.clear();
    let plain = run(&unlinked, 11);
    assert_eq!(plain.posts[..2], north.posts[..2]);
    assert_ne!(plain.posts[2], north.posts[2]);
}

#[test]
fn run_writes_each_posts_files_and_the_tables_across_posts() {
    use crate::common::{cell, csv_rows, lobbysim, manifest, ok, stdout};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("conf");
    let res = lobbysim(&[
        "run",
        CONFERENCE,
        "--seed",
        "4",
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&res);
    let printed = stdout(&res);
    for line in [
        "Head of the body (post head)",
        "deals:",
        "north-south:",
        "after results:",
    ] {
        assert!(printed.contains(line), "{line} in\n{printed}");
    }
    let run = run(&conference(), 4);
    for post in ["head", "deputy", "council"] {
        for file in [
            "ballot.csv",
            "timeseries.csv",
            "states.csv",
            "support.png",
            "hemicycle.png",
        ] {
            assert!(
                out.join("posts").join(post).join(file).is_file(),
                "{post}/{file}"
            );
        }
    }
    // posts.csv: one row per post and candidate, in ballot order, as the run.
    let rows = csv_rows(&out.join("posts.csv"));
    assert_eq!(rows.len(), 1 + 8);
    let mut row = 1;
    for post in &run.posts {
        for (c, cand) in post.result.candidates.iter().enumerate() {
            assert_eq!(cell(&rows, row, "post"), post.id);
            assert_eq!(cell(&rows, row, "candidate"), cand.id);
            let elected = post.result.ballot.winners.contains(&c);
            assert_eq!(cell(&rows, row, "elected"), elected.to_string());
            row += 1;
        }
    }
    let deals = csv_rows(&out.join("deals.csv"));
    assert_eq!(deals[0], ["deal", "side", "party", "backs", "post", "kept"]);
    assert_eq!(cell(&deals, 1, "party"), "Blocs([NB])");
    assert_eq!(cell(&deals, 1, "post"), "deputy");
    assert_eq!(cell(&deals, 2, "kept"), run.deals[0].kept[1].to_string());
    let links = csv_rows(&out.join("after_results.csv"));
    assert_eq!(cell(&links, 2, "link"), "b-defeated");
    assert_eq!(
        cell(&links, 2, "fired"),
        run.after_results[1].fired.to_string()
    );
    let m = manifest(&out);
    assert_eq!(
        m["extra"]["posts"],
        serde_json::json!(["head", "deputy", "council"])
    );
    let files: Vec<&str> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(files.contains(&"posts/council/ballot.csv") && files.contains(&"summary.json"));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["posts"][2]["seats"], 2);
    assert_eq!(summary["posts"][2]["winners"].as_array().unwrap().len(), 2);
}

#[test]
fn commands_made_for_one_post_refuse_a_conference() {
    use crate::common::{lobbysim, stderr};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x");
    let out = out.to_str().unwrap();
    for (command, args) in [
        (
            "compare",
            vec![
                "compare",
                CONFERENCE,
                "--what-if-disable",
                "a-swing",
                "--runs",
                "2",
                "--out",
                out,
            ],
        ),
        (
            "sweep",
            vec![
                "sweep",
                CONFERENCE,
                "--vary",
                "params.noise=0:0.1:2",
                "--runs",
                "2",
                "--out",
                out,
            ],
        ),
        (
            "sensitivity",
            vec![
                "sensitivity",
                CONFERENCE,
                "--param",
                "params.noise=0:0.1",
                "--method",
                "morris",
                "--trajectories",
                "2",
                "--out",
                out,
            ],
        ),
        (
            "backtest",
            vec!["backtest", CONFERENCE, "--runs", "2", "--out", out],
        ),
    ] {
        let res = lobbysim(&args);
        assert_eq!(res.status.code(), Some(2), "{command}: {}", stderr(&res));
        let message = stderr(&res);
        assert!(
            message.contains(&format!("`lobbysim {command}` runs scenarios of one post"))
                && message.contains("conference of 3 posts"),
            "{command}: {message}"
        );
        assert!(!Path::new(out).exists(), "{command} wrote nothing");
    }
}

#[test]
fn validate_lists_the_posts_in_ballot_order_with_their_deals_and_links() {
    use crate::common::{lobbysim, ok, stdout};
    let res = lobbysim(&["validate", CONFERENCE]);
    ok(&res);
    let text = stdout(&res);
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} in\n{text}"));
    assert!(
        at("Head of the body (head), ballot on 2040-05-20")
            < at("Council (council), ballot on 2040-05-22, 2 seats")
    );
    assert!(text.contains("deals:          1: north-south (backs D2 and A)"));
    assert!(
        text.contains("after results:  2: north-balance (after head), b-defeated (after head)")
    );
}

#[test]
fn a_deal_number_is_set_by_its_path() {
    use crate::common::{lobbysim, ok, stderr};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("set");
    let res = lobbysim(&[
        "run",
        CONFERENCE,
        "--seed",
        "4",
        "--out",
        out.to_str().unwrap(),
        "--set",
        "deals.north-south.sides.0.shift=2.5",
        "--set",
        "after_results.north-balance.effects.1.shift=-1",
    ]);
    ok(&res);
    let params = std::fs::read_to_string(out.join("parameters.csv")).unwrap();
    // A plain number is no longer drawn: neither is listed.
    assert!(
        !params.contains("deals.north-south.sides.0.shift"),
        "{params}"
    );
    assert!(!params.contains("after_results.north-balance.effects.1.shift"));
    assert!(params.contains("deals.north-south.sides.0.breaks"));
    let bad = lobbysim(&[
        "run",
        CONFERENCE,
        "--set",
        "deals.north-south.sides.0.shiftt=1",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
}
