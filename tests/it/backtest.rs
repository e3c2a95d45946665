//! `lobbysim backtest`: scores written in tidy long format, the same on any
//! number of threads, and a clear refusal of a scenario without a result.

use crate::analysis_cli::{CLASSROOM, cell, csv_rows, lobbysim, manifest, ok, png_size, stderr};

const FAO: &str = "scenarios/cases/fao_dg_2019.ron";
const DSG: &str = "scenarios/cases/itu_dsg_2006.ron";

#[test]
fn backtest_writes_scores_and_is_the_same_on_any_number_of_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let one = tmp.path().join("one");
    let two = tmp.path().join("two");
    for (dir, threads) in [(&one, "1"), (&two, "2")] {
        let out = lobbysim(&[
            "backtest",
            FAO,
            DSG,
            "--runs",
            "20",
            "--threads",
            threads,
            "--quiet",
            "--out",
            dir.to_str().unwrap(),
        ]);
        ok(&out);
    }
    let a = std::fs::read_to_string(one.join("scores.csv")).unwrap();
    let b = std::fs::read_to_string(two.join("scores.csv")).unwrap();
    assert_eq!(a, b, "scores differ between 1 and 2 threads");

    let rows = csv_rows(&one.join("scores.csv"));
    assert_eq!(
        rows[0],
        [
            "case",
            "forecaster",
            "score",
            "candidate",
            "round",
            "observed",
            "value"
        ]
    );
    // Qu's reported 108 first-round votes are scored by the model.
    let qu = (1..rows.len())
        .find(|&r| cell(&rows, r, "candidate") == "qu" && cell(&rows, r, "score") == "crps")
        .expect("a CRPS row for qu");
    assert_eq!(cell(&rows, qu, "observed"), "108");
    assert!(cell(&rows, qu, "value").parse::<f64>().unwrap() >= 0.0);
    // Both cases have winner scores for the model and both baselines.
    for case in ["case-fao-dg-2019", "case-itu-dsg-2006"] {
        for f in ["model", "equal_chances", "most_endorsed"] {
            assert!(
                (1..rows.len()).any(|r| cell(&rows, r, "case") == case
                    && cell(&rows, r, "forecaster") == f
                    && cell(&rows, r, "score") == "brier"),
                "no Brier score of {f} for {case}"
            );
        }
    }
    assert_eq!(png_size(&one.join("calibration.png")), (1600, 900));
    assert_eq!(manifest(&one)["extra"]["model_runs"], 40);
}

#[test]
fn a_scenario_without_an_observed_result_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = lobbysim(&[
        "backtest",
        CLASSROOM,
        "--runs",
        "5",
        "--out",
        tmp.path().join("x").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("three_candidates.ron: no `observed` block"),
        "{}",
        stderr(&out)
    );
    assert!(!tmp.path().join("x").exists(), "nothing is written");
}
