//! `lobbysim compare`: paired runs of a base and a what-if, end to end.

use std::fs;

use crate::common::*;

#[test]
fn identical_sides_differ_by_exactly_zero() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("same");
    let res = lobbysim(&[
        "compare",
        CLASSROOM,
        CLASSROOM,
        "--runs",
        "40",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    ok(&res);
    assert_eq!(stdout(&res), "", "--quiet prints nothing");
    let rows = csv_rows(&out.join("compare.csv"));
    assert_eq!(rows.len(), 1 + 3 + 2, "three candidates and two outcomes");
    for r in 1..rows.len() {
        assert_eq!(cell(&rows, r, "difference"), "0.000000", "{:?}", rows[r]);
        assert_eq!(cell(&rows, r, "only_what_if"), "0");
        assert_eq!(cell(&rows, r, "only_base"), "0");
        assert_eq!(cell(&rows, r, "base"), cell(&rows, r, "what_if"));
    }
    // Someone wins sometimes: the zero is not for want of outcomes.
    assert!((1..4).any(|r| cell(&rows, r, "base") != "0.000000"));
    let states = csv_rows(&out.join("states_diff.csv"));
    assert_eq!(states.len(), 1 + 12);
    assert!((1..states.len()).all(|r| cell(&states, r, "movement") == "0.000000"));
    let summary = fs::read_to_string(out.join("summary.txt")).unwrap();
    assert!(
        summary.contains("is the same in every one of the 40 pairs of runs"),
        "{summary}"
    );
}

#[test]
fn a_what_if_from_overrides_writes_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no-scandal");
    let res = lobbysim(&[
        "compare",
        CLASSROOM,
        "--what-if-disable",
        "scandal",
        "--runs",
        "60",
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&res);
    let printed = stdout(&res);
    assert!(
        printed.contains("With --what-if-disable scandal, Ana Ortiz's chance of winning"),
        "{printed}"
    );
    assert!(printed.contains("The member states whose vote moves most"));
    assert_eq!(
        printed.lines().take(3).collect::<Vec<_>>().join("\n") + "\n",
        fs::read_to_string(out.join("summary.txt"))
            .unwrap()
            .lines()
            .take(3)
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    );
    for f in [
        "compare.csv",
        "states_diff.csv",
        "states_diff_votes.csv",
        "summary.txt",
        "summary.json",
        "compare_support.png",
        "compare_states.png",
        "manifest.json",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    for png in ["compare_support.png", "compare_states.png"] {
        assert_eq!(png_size(&out.join(png)), (1600, 900));
    }
    let m = manifest(&out);
    assert_eq!(m["command"], "compare");
    assert_eq!(m["extra"]["runs"], 60);
    assert_eq!(m["extra"]["model_runs"], 120);
    assert_eq!(
        m["extra"]["what_if_overrides"][0],
        "--what-if-disable scandal"
    );
    // The scandal hits the East's candidate: without it, Chen Wei's first-round votes rise.
    let rows = csv_rows(&out.join("compare.csv"));
    let chen = rows.iter().position(|r| r[1] == "CHE").unwrap();
    let gain: f64 = cell(&rows, chen, "votes_difference").parse().unwrap();
    assert!(gain > 0.0, "{gain}");
    let states = csv_rows(&out.join("states_diff.csv"));
    assert!(cell(&states, 1, "movement").parse::<f64>().unwrap() > 0.0);
}

#[test]
fn results_do_not_depend_on_threads_and_svg_is_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, threads: &str| {
        let out = dir.path().join(name);
        ok(&lobbysim(&[
            "compare",
            CLASSROOM,
            "--what-if-set",
            "params.temperature=1.5",
            "--runs",
            "70",
            "--threads",
            threads,
            "--format",
            "svg",
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ]));
        out
    };
    let (a, b) = (run("one", "1"), run("three", "3"));
    for f in [
        "compare.csv",
        "states_diff.csv",
        "states_diff_votes.csv",
        "summary.json",
        "summary.txt",
    ] {
        assert_eq!(
            fs::read(a.join(f)).unwrap(),
            fs::read(b.join(f)).unwrap(),
            "{f} depends on --threads"
        );
    }
    let svg = fs::read_to_string(a.join("compare_support.svg")).unwrap();
    assert!(svg.contains("Expected votes per candidate: base case and what-if"));
    assert!(svg.contains("Chen Wei"));
    assert!(a.join("compare_states.svg").is_file());
}

#[test]
fn input_problems_exit_with_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x");
    let out = out.to_str().unwrap();
    let nothing = lobbysim(&["compare", CLASSROOM, "--out", out]);
    assert_eq!(nothing.status.code(), Some(2));
    assert!(
        stderr(&nothing).contains("nothing to compare: give a WHATIF file"),
        "{}",
        stderr(&nothing)
    );
    let typo = lobbysim(&[
        "compare",
        CLASSROOM,
        "--what-if-set",
        "params.temprature=2",
        "--out",
        out,
    ]);
    assert_eq!(typo.status.code(), Some(2));
    let err = stderr(&typo);
    assert!(
        err.contains("--what-if-set params.temprature=2")
            && err.contains("did you mean `temperature`?"),
        "{err}"
    );
    let other = lobbysim(&[
        "compare",
        CLASSROOM,
        "tests/fixtures/good/small_race.ron",
        "--out",
        out,
    ]);
    assert_eq!(other.status.code(), Some(2));
    assert!(
        stderr(&other).contains("the same candidates in the same order"),
        "{}",
        stderr(&other)
    );
    assert!(!dir.path().join("x").exists());
}
