//! `lobbysim ensemble` on a conference: the files it writes, their
//! independence from the number of threads, resume, and refusals.

use std::fs;
use std::path::Path;

use crate::common::{CONFERENCE, cell, csv_rows, lobbysim, manifest, ok, stderr, stdout};

fn ensemble(out: &Path, extra: &[&str]) -> std::process::Output {
    let out = out.to_str().unwrap();
    let mut args = vec![
        "ensemble", CONFERENCE, "--runs", "300", "--seed", "5", "--out", out,
    ];
    args.extend_from_slice(extra);
    lobbysim(&args)
}

/// Every file of a folder and its sub-folders but the manifest (which
/// records the threads and time), by path.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else if path.file_name().is_some_and(|n| n != "manifest.json") {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                files.push((name, fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn thread_counts_give_the_same_files_and_the_tables_add_up() {
    let tmp = tempfile::tempdir().unwrap();
    let (one, three) = (tmp.path().join("one"), tmp.path().join("three"));
    let res = ensemble(&one, &["--threads", "1"]);
    ok(&res);
    assert!(stdout(&res).contains("Likeliest outcomes across the posts"));
    ok(&ensemble(&three, &["--threads", "3", "--quiet"]));
    assert_eq!(contents(&one), contents(&three));
    let m = manifest(&one);
    assert_eq!(m["command"], "ensemble");
    assert_eq!(m["extra"]["conference"], true);
    assert_eq!(
        m["extra"]["posts"],
        serde_json::json!(["head", "deputy", "council"])
    );
    for name in [
        "post_outcomes.csv",
        "post_rounds.csv",
        "joint_outcomes.csv",
        "joint_winners.csv",
        "deals_outcomes.csv",
        "runs.csv",
        "runs_elected.csv",
        "runs_params.csv",
        "runs_deals.csv",
        "conference.png",
        "joint_outcomes.png",
        "summary.json",
        "summary.txt",
        "posts/head/summary.json",
        "posts/head/timeseries.csv",
        "posts/council/states.csv",
        "posts/council/support_bands.png",
    ] {
        assert!(one.join(name).is_file(), "{name}");
    }
    // Each post's own summary agrees with the conference's tables.
    let head: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(one.join("posts/head/summary.json")).unwrap())
            .unwrap();
    let posts_table = csv_rows(&one.join("post_outcomes.csv"));
    assert_eq!(
        head["candidates"][0]["elected"]["count"].to_string(),
        cell(&posts_table, 1, "elected_runs")
    );
    // Each post's chances add up to its seats (less the runs with a seat open).
    let posts = csv_rows(&one.join("post_outcomes.csv"));
    for (post, seats) in [("head", 1), ("deputy", 1), ("council", 2)] {
        let elected: u64 = (1..posts.len())
            .filter(|&r| cell(&posts, r, "post") == post)
            .map(|r| cell(&posts, r, "elected_runs").parse::<u64>().unwrap())
            .sum();
        let runs = csv_rows(&one.join("runs.csv"));
        let filled: u64 = (1..runs.len())
            .filter(|&r| cell(&runs, r, "post") == post)
            .map(|r| cell(&runs, r, "seats_filled").parse::<u64>().unwrap())
            .sum();
        assert_eq!(elected, filled, "{post}");
        assert!(elected <= 300 * seats, "{post}");
    }
    // The combinations cover every run once.
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(one.join("summary.json")).unwrap()).unwrap();
    let joint = fs::read_to_string(one.join("joint_outcomes.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(joint.as_bytes());
    let counts: u64 = reader
        .records()
        .map(|r| r.unwrap()[2].parse::<u64>().unwrap())
        .sum();
    assert_eq!(counts, 300);
    assert_eq!(summary["runs"], 300);
    // The deal: the runs in which both its candidates won, from the per-run
    // tables, equal the count of its `all_win` row.
    let elected = csv_rows(&one.join("runs_elected.csv"));
    let won = |run: &str, post: &str, who: &str| {
        (1..elected.len()).any(|r| {
            cell(&elected, r, "run") == run
                && cell(&elected, r, "post") == post
                && cell(&elected, r, "candidate") == who
        })
    };
    let both = (0..300)
        .filter(|i| {
            let i = i.to_string();
            won(&i, "deputy", "D2") && won(&i, "head", "A")
        })
        .count();
    let deals = csv_rows(&one.join("deals_outcomes.csv"));
    let all_win = (1..deals.len())
        .find(|&r| cell(&deals, r, "measure") == "all_win")
        .unwrap();
    assert_eq!(cell(&deals, all_win, "count"), both.to_string());
    // Another seed, other totals.
    let other = tmp.path().join("other");
    ok(&lobbysim(&[
        "ensemble",
        CONFERENCE,
        "--runs",
        "300",
        "--seed",
        "6",
        "--quiet",
        "--out",
        other.to_str().unwrap(),
    ]));
    assert_ne!(
        fs::read(one.join("post_outcomes.csv")).unwrap(),
        fs::read(other.join("post_outcomes.csv")).unwrap()
    );
}

#[test]
fn a_folder_is_resumed_or_refused_as_for_one_post() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    let quiet = ["--quiet"];
    ok(&ensemble(&dir, &quiet));
    // Already there: refused without --force or --resume.
    let again = ensemble(&dir, &quiet);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already holds an ensemble"),
        "{}",
        stderr(&again)
    );
    // A complete folder resumed is rewritten the same.
    let before = contents(&dir);
    ok(&ensemble(&dir, &["--quiet", "--resume"]));
    assert_eq!(contents(&dir), before);
    // Another seed cannot resume it.
    let dir_s = dir.to_str().unwrap();
    let other = lobbysim(&[
        "ensemble", CONFERENCE, "--runs", "300", "--seed", "9", "--out", dir_s, "--resume",
    ]);
    assert_eq!(other.status.code(), Some(2));
    assert!(stderr(&other).contains("seed"), "{}", stderr(&other));
    // --json prints the summary and nothing else.
    let json = ensemble(&tmp.path().join("j"), &["--json"]);
    ok(&json);
    let summary: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(summary["posts"].as_array().unwrap().len(), 3);
    assert_eq!(summary["deals"][0]["id"], "north-south");
    // Shards are refused with a reason.
    let shard = ensemble(&tmp.path().join("s"), &["--shard", "1/2"]);
    assert_eq!(shard.status.code(), Some(2));
    assert!(stderr(&shard).contains("--shard is not available for a conference"));
}
