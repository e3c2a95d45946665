//! `lobbysim sensitivity` on the classroom scenario with tiny sizes: it
//! runs, writes one row per parameter with finite values, and refuses bad
//! input before any run.

use crate::analysis_cli::*;

const PARAMS: [&str; 4] = [
    "--param",
    "params.temperature=0.5:1.5",
    "--param",
    "params.defection=0.1:0.5",
];

fn finite_cells(rows: &[Vec<String>]) {
    for row in &rows[1..] {
        for (h, v) in rows[0].iter().zip(row).skip(1) {
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
    assert_eq!(rows.len(), 1 + 2, "one row per parameter");
    assert_eq!(rows[1][0], "params.temperature");
    assert_eq!(rows[2][..3], ["params.defection", "0.1", "0.5"]);
    assert!(rows[0].contains(&"win_probability_ORT_mu_star".to_owned()));
    assert!(rows[0].contains(&"vote_share_CHE_sigma".to_owned()));
    finite_cells(&rows);
    // The temperature moves the shares: its mu* is not zero.
    let mu: f64 = cell(&rows, 1, "vote_share_ORT_mu_star").parse().unwrap();
    assert!(mu > 0.0);
    let points = csv_rows(&out.join("sensitivity_points.csv"));
    assert_eq!(points.len(), 1 + 9);
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
    assert_eq!(rows.len(), 1 + 2);
    assert!(rows[0].contains(&"vote_share_MEN_ST_ci95".to_owned()));
    finite_cells(&rows);
    assert_eq!(csv_rows(&out.join("sensitivity_points.csv")).len(), 1 + 16);
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
