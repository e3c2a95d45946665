//! The order of the keys in every JSON file the commands write, pinned:
//! scripts and readers diff these files, and the order must not change
//! with how a map is kept in memory (serde_json's `preserve_order` keeps
//! insertion order, while the writers put objects built with `json!` in
//! key order).

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::every_kind_of_folder;

/// Each file, and its keys in the order they first appear in it.
const PINNED: &[(&str, &str)] = &[
    (
        "backtest/manifest.json",
        "tool version command command_line scenario_path scenario_sha256 seed overrides created_utc files extra cases path sha256 leave_one_out model_runs runs seconds threads",
    ),
    (
        "calibrate/manifest.json",
        "tool version command command_line scenario_path scenario_sha256 seed overrides created_utc files extra model_runs seconds threads",
    ),
    (
        "compare/manifest.json",
        "tool version command command_line scenario_path scenario_sha256 seed overrides created_utc files extra interval model_runs runs seconds threads what_if_overrides what_if_path what_if_sha256",
    ),
    (
        "compare/summary.json",
        "base changes path title candidates base_first_round_votes colour first_round_votes_difference estimate high low id name what_if_first_round_votes win count p runs difference pairs both neither only_first only_second what_if interval more_than_one_round seed states_moved_most base_p_absent base_p_blank base_p_vote change change_absent change_blank code movement region voting_rights what_if_p_absent what_if_p_blank what_if_p_vote undecided",
    ),
    (
        "conference-ensemble/conference_aggregate.json",
        "provenance format version scenario_sha256 model_sha256 seed runs shard completed start end frame scenario title posts id name ballot_date seats rule candidates colour deals label sides party post candidate links aggregate elected undecided rounds joint winners all_win all_kept all_kept_all_win kept kept_all_win fired regions voters states code region voting_rights eligible_voters dates conference_start conference_end events date max_rounds dims expected_votes bins first counts win_probability first_round_votes first_round_majority papers probability_sums pivotal voted_for_elected runs_table parameters run",
    ),
    (
        "conference-ensemble/manifest.json",
        "tool version command command_line scenario_path scenario_sha256 seed overrides created_utc files extra conference partial posts runs runs_completed runs_per_second runs_resumed seconds threads",
    ),
    (
        "conference-ensemble/summary.json",
        "deals all_kept count high low p runs all_win all_win_if_all_kept all_win_if_any_broken id label sides all_win_if_broken all_win_if_kept backs kept party post joint chance rank winners elected open joint_seen links fired partial posts ballot_date candidates colour name more_than_one_round rounds rule seats undecided runs_requested scenario scenario_sha256 seed title",
    ),
    (
        "conference-run/manifest.json",
        "tool version command command_line scenario_path scenario_sha256 seed overrides created_utc files extra central posts",
    ),
    (
        "conference-run/summary.json",
        "after_results fired link central deals backs deal kept posts ballot_date decided name post rounds seats winners scenario seed",
    ),
    (
        "ensemble/aggregate.json",
        "provenance format version scenario_sha256 model_sha256 seed runs shard completed start end frame scenario title candidates id name colour regions voters states code region voting_rights eligible_voters dates conference_start conference_end ballot_date events date label max_rounds aggregate dims expected_votes bins first counts win_probability elected undecided rounds first_round_votes first_round_majority papers probability_sums pivotal voted_for_elected runs_table parameters run number seats_open restricted rule majority_of threshold cut members entitled standing tally blank absent no_vote invalid valid base majority eliminated withdrawn",
    ),
    (
        "ensemble/manifest.json",
        "tool version command command_line scenario_path scenario_sha256 seed overrides created_utc files extra partial runs runs_completed runs_per_second runs_resumed seconds shard shards threads",
    ),
    (
        "ensemble/summary.json",
        "scenario scenario_sha256 seed runs_requested runs shard partial eligible_voters majority candidates id name colour elected count p low high first_round_votes mean p5 p25 median p75 p95 undecided more_than_one_round rounds",
    ),
    (
        "run/manifest.json",
        "tool version command command_line scenario_path scenario_sha256 seed overrides created_utc files extra central",
    ),
    (
        "sensitivity/manifest.json",
        "tool version command command_line scenario_path scenario_sha256 seed overrides created_utc files extra design_points method levels trajectories model_runs parameters runs seconds threads",
    ),
    ("sensitivity/problem.json", "bounds columns names num_vars"),
    (
        "sensitivity/summary.json",
        "candidates colour id name design_points leading_candidate method levels trajectories model_runs outputs candidate indices kind values mu mu_star sigma mean output parameters high low path runs_per_point scenario seed title",
    ),
    (
        "sweep/manifest.json",
        "tool version command command_line scenario_path scenario_sha256 seed overrides created_utc files extra grid_points model_runs runs seconds threads vary",
    ),
    (
        "sweep/summary.json",
        "candidates colour id name points outcome expected_share mean_first_round_votes more_than_one_round count high low p runs undecided win values runs_per_point scenario seed title varied from path steps to",
    ),
];

/// The names of the keys of `text`, in the order they first appear.
fn keys_in_order(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('"') {
        rest = &rest[i + 1..];
        let Some(end) = rest.find('"') else { break };
        let word = &rest[..end];
        rest = &rest[end + 1..];
        let is_key = rest.trim_start().starts_with(':');
        let plain = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if is_key && plain && !out.iter().any(|k| k == word) {
            out.push(word.to_owned());
        }
    }
    out
}

#[test]
fn keys_are_found_in_file_order() {
    assert_eq!(
        keys_in_order(r#"{"b": {"a": "x:", "c": 1}, "a": [{"d": "e"}]}"#),
        ["b", "a", "c", "d"]
    );
}

#[test]
fn every_json_file_keeps_its_key_order() {
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let commands = every_kind_of_folder();
    let mut written: Vec<String> = Vec::new();
    for (name, args) in commands {
        let folder = out(name);
        let mut args = args.clone();
        args.extend(["--out", &folder, "--quiet"]);
        let res = Command::new(env!("CARGO_BIN_EXE_lobbysim"))
            .args(&args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        assert_eq!(
            res.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&res.stderr)
        );
        for entry in fs::read_dir(&folder).unwrap() {
            let file = entry.unwrap().file_name().to_string_lossy().into_owned();
            if file.ends_with(".json") {
                written.push(format!("{name}/{file}"));
            }
        }
    }
    written.sort();
    let pinned: Vec<&str> = PINNED.iter().map(|(f, _)| *f).collect();
    assert_eq!(
        written, pinned,
        "a JSON file appeared or went: pin its keys"
    );
    for (file, keys) in PINNED {
        let text = fs::read_to_string(Path::new(dir.path()).join(file)).unwrap();
        let expected: Vec<&str> = keys.split(' ').collect();
        assert_eq!(keys_in_order(&text), expected, "{file}");
    }
}
