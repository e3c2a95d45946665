//! Per-run tables of compare, sweep and sensitivity: keyed by variant or
//! point, the same on any number of threads, left out with --no-runs-table.

use std::fs;
use std::path::Path;

use crate::common::*;

const TABLES: [&str; 3] = ["runs.csv", "runs_params.csv", "runs_rounds.csv"];
/// Classroom race with two uncertain numbers.
const UNCERTAIN: [&str; 4] = [
    "--set",
    "params.attendance=Uniform(lo: 0.7, hi: 1.0)",
    "--set",
    "prior.terms.0.weight=Normal(mean: 0.5, sd: 1.0)",
];

fn run_in(out: &Path, args: &[&str], threads: &str) {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(UNCERTAIN);
    all.extend([
        "--threads",
        threads,
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&lobbysim(&all));
}

fn same_files(a: &Path, b: &Path, names: &[&str]) {
    for name in names {
        assert_eq!(
            fs::read(a.join(name)).unwrap(),
            fs::read(b.join(name)).unwrap(),
            "{name} differs between 1 and 2 threads"
        );
    }
}

#[test]
fn sweep_writes_per_point_tables_the_same_on_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "sweep",
        CLASSROOM,
        "--vary",
        "params.temperature=0.4:1.6:3",
        "--runs",
        "70",
    ];
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    run_in(&one, &args, "1");
    run_in(&two, &args, "2");
    same_files(
        &one,
        &two,
        &[TABLES[0], TABLES[1], TABLES[2], "runs_points.csv"],
    );

    let runs = csv_rows(&one.join("runs.csv"));
    assert_eq!(runs[0], ["point", "run", "seed", "rounds", "elected"]);
    assert_eq!(runs.len(), 1 + 3 * 70);
    for (r, row) in runs[1..].iter().enumerate() {
        assert_eq!(row[0], (r / 70).to_string(), "point of row {r}");
        assert_eq!(row[1], (r % 70).to_string(), "run of row {r}");
        // Common random numbers: run i has the same seed at every point.
        assert_eq!(row[2], runs[1 + r % 70][2]);
    }
    let points = csv_rows(&one.join("runs_points.csv"));
    assert_eq!(
        points,
        [
            vec!["point", "parameter", "value"],
            vec!["0", "params.temperature", "0.4"],
            vec!["1", "params.temperature", "1"],
            vec!["2", "params.temperature", "1.6"],
        ]
    );
    let params = csv_rows(&one.join("runs_params.csv"));
    assert_eq!(params[0], ["point", "run", "parameter", "value"]);
    assert_eq!(params.len(), 1 + 3 * 70 * 2, "two drawn values per run");
    // The drawn values do not depend on the varied temperature.
    let at = |p: &str| -> Vec<Vec<String>> {
        params[1..]
            .iter()
            .filter(|r| r[0] == p)
            .map(|r| r[1..].to_vec())
            .collect()
    };
    assert_eq!(at("0"), at("2"));
    let rounds = csv_rows(&one.join("runs_rounds.csv"));
    assert_eq!(rounds[0][0], "point");
    assert_eq!(
        rounds[0][1..],
        csv_rows(&one.join("runs_rounds.csv"))[0][1..]
    );
    for row in &rounds[1..] {
        row[5].parse::<u32>().expect("votes are integers");
    }
}

#[test]
fn compare_writes_both_sides_keyed_by_variant_and_pair() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "compare",
        CLASSROOM,
        "--what-if-set",
        "params.temperature=1.5",
        "--runs",
        "70",
    ];
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    run_in(&one, &args, "1");
    run_in(&two, &args, "2");
    same_files(&one, &two, &TABLES);
    let runs = csv_rows(&one.join("runs.csv"));
    assert_eq!(runs[0], ["variant", "run", "seed", "rounds", "elected"]);
    assert_eq!(runs.len(), 1 + 2 * 70);
    for i in 0..70 {
        let (b, w) = (&runs[1 + i], &runs[1 + 70 + i]);
        assert_eq!((b[0].as_str(), w[0].as_str()), ("base", "what_if"));
        assert_eq!(b[1], i.to_string());
        assert_eq!((&w[1], &w[2]), (&b[1], &b[2]), "pair {i} shares its seed");
    }
    // Both sides draw the same values for the numbers they share.
    let params = csv_rows(&one.join("runs_params.csv"));
    let side = |v: &str| -> Vec<Vec<String>> {
        params[1..]
            .iter()
            .filter(|r| r[0] == v)
            .map(|r| r[1..].to_vec())
            .collect()
    };
    assert_eq!(side("base").len(), 2 * 70);
    assert_eq!(side("base"), side("what_if"));
}

#[test]
fn sensitivity_writes_per_point_tables_and_no_runs_table_leaves_them_out() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "sensitivity",
        CLASSROOM,
        "--param",
        "params.temperature=0.5:1.5",
        "--trajectories",
        "2",
        "--runs",
        "5",
    ];
    let out = dir.path().join("with");
    run_in(&out, &args, "2");
    let points = csv_rows(&out.join("runs_points.csv"));
    // Morris: 2 trajectories of (1 + 1) points.
    assert_eq!(points.len(), 1 + 4);
    let runs = csv_rows(&out.join("runs.csv"));
    assert_eq!(runs[0][0], "point");
    assert_eq!(runs.len(), 1 + 4 * 5);
    assert_eq!(runs.last().unwrap()[0], "3");

    for (name, args) in [
        ("sensitivity", args.to_vec()),
        (
            "sweep",
            vec![
                "sweep",
                CLASSROOM,
                "--vary",
                "params.noise=0.01:0.05:2",
                "--runs",
                "5",
            ],
        ),
        (
            "compare",
            vec![
                "compare",
                CLASSROOM,
                "--what-if-set",
                "params.noise=0.05",
                "--runs",
                "5",
            ],
        ),
    ] {
        let out = dir.path().join(format!("without-{name}"));
        let mut all = args.clone();
        all.push("--no-runs-table");
        run_in(&out, &all, "1");
        for file in [TABLES[0], TABLES[1], TABLES[2], "runs_points.csv"] {
            assert!(!out.join(file).exists(), "{name} wrote {file}");
        }
    }
}
