//! `lobbysim sensitivity` on the classroom scenario with tiny sizes: it
//! runs, writes one row per parameter with finite values, and refuses bad
//! input before any run.

use std::fs;

use crate::common::*;

const PARAMS: [&str; 4] = [
    "--param",
    "params.temperature=0.5:1.5",
    "--param",
    "params.defection=0.1:0.5",
];

fn finite_cells(rows: &[Vec<String>]) {
    for row in &rows[1..] {
        // Past the parameter, output and candidate.
        for (h, v) in rows[0].iter().zip(row).skip(3) {
            if !v.is_empty() {
                let x: f64 = v.parse().unwrap_or_else(|_| panic!("{h}: {v}"));
                assert!(x.is_finite(), "{h}: {v}");
            }
        }
    }
}

#[test]
fn morris_runs_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m");
    let mut args = vec!["sensitivity", CLASSROOM];
    args.extend(PARAMS);
    args.extend([
        "--method",
        "morris",
        "--trajectories",
        "3",
        "--runs",
        "10",
        "--out",
        out.to_str().unwrap(),
    ]);
    let res = lobbysim(&args);
    ok(&res);
    assert!(
        stderr(&res).contains("9 design points × 10 runs = 90 model runs"),
        "{}",
        stderr(&res)
    );
    let rows = csv_rows(&out.join("sensitivity.csv"));
    assert_eq!(
        rows[0],
        ["parameter", "output", "candidate", "mu_star", "mu", "sigma"]
    );
    // One row per parameter, output and candidate.
    assert_eq!(rows.len(), 1 + 2 * 2 * 3);
    assert_eq!(
        rows[1][..3],
        ["params.temperature", "win_probability", "ORT"]
    );
    assert_eq!(rows[12][..3], ["params.defection", "vote_share", "CHE"]);
    finite_cells(&rows);
    // The temperature moves the shares: its mu* is not zero.
    let row = (1..rows.len())
        .find(|&r| rows[r][..3] == ["params.temperature", "vote_share", "ORT"])
        .unwrap();
    let mu: f64 = cell(&rows, row, "mu_star").parse().unwrap();
    assert!(mu > 0.0);
    // The summary's rankings name each parameter in words, its range kept.
    let summary = std::fs::read_to_string(out.join("summary.txt")).unwrap();
    assert!(
        summary.contains(". temperature of the vote choice (params.temperature="),
        "{summary}"
    );
    let points = csv_rows(&out.join("sensitivity_points.csv"));
    assert_eq!(
        points[0],
        [
            "point",
            "params_temperature",
            "params_defection",
            "runs",
            "candidate",
            "p_win",
            "vote_share"
        ]
    );
    assert_eq!(points.len(), 1 + 9 * 3);
    let problem: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("problem.json")).unwrap()).unwrap();
    assert_eq!(problem["num_vars"], 2);
    assert_eq!(problem["names"][1], "params.defection");
    assert_eq!(problem["bounds"][1], serde_json::json!([0.1, 0.5]));
    assert_eq!(png_size(&out.join("sensitivity.png")), (1600, 900));
    let m = manifest(&out);
    assert_eq!(m["extra"]["model_runs"], 90);
    assert_eq!(m["extra"]["method"]["method"], "morris");
}

#[test]
fn sobol_runs_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let mut args = vec!["sensitivity", CLASSROOM];
    args.extend(PARAMS);
    args.extend([
        "--method",
        "sobol",
        "--samples",
        "4",
        "--runs",
        "6",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    ok(&lobbysim(&args));
    let rows = csv_rows(&out.join("sensitivity.csv"));
    assert_eq!(
        rows[0],
        [
            "parameter",
            "output",
            "candidate",
            "S1",
            "S1_conf",
            "ST",
            "ST_conf"
        ]
    );
    assert_eq!(rows.len(), 1 + 2 * 2 * 3);
    finite_cells(&rows);
    assert_eq!(
        csv_rows(&out.join("sensitivity_points.csv")).len(),
        1 + 16 * 3
    );
}

#[test]
fn bad_input_and_oversized_analyses_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x");
    let out = out.to_str().unwrap();
    let res = lobbysim(&[
        "sensitivity",
        CLASSROOM,
        "--param",
        "params.noise=0.1",
        "--out",
        out,
    ]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        stderr(&res).contains("expected PATH=LOW:HIGH"),
        "{}",
        stderr(&res)
    );
    let mut args = vec!["sensitivity", CLASSROOM];
    args.extend(PARAMS);
    args.extend(["--max-model-runs", "100", "--out", out]);
    let res = lobbysim(&args);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        stderr(&res).contains(
            "30 design points × 100 runs = 3000 model runs, more than --max-model-runs 100"
        ),
        "{}",
        stderr(&res)
    );
    let res = lobbysim(&[
        "sensitivity",
        CLASSROOM,
        "--param",
        "params.temprature=0.5:1",
        "--out",
        out,
    ]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        stderr(&res).contains("--param params.temprature="),
        "{}",
        stderr(&res)
    );
    assert!(stderr(&res).contains("did you mean `temperature`?"));
    assert!(!dir.path().join("x").exists());
}
