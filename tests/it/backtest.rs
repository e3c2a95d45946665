//! `lobbysim backtest`: scores written in tidy long format, the same on any
//! number of threads, and a clear refusal of a scenario without a result.

use crate::common::{CLASSROOM, cell, csv_rows, lobbysim, manifest, ok, png_size, stderr};

const FAO: &str = "scenarios/cases/fao_dg_2019.ron";
const DSG: &str = "scenarios/cases/itu_dsg_2006.ron";

/// Runs `args` with `--threads 1` and `--threads 2` into folders of `tmp`,
/// asserts that `file` is the same in both, and returns the first folder.
fn same_on_one_and_two_threads(
    tmp: &std::path::Path,
    args: &[&str],
    file: &str,
) -> std::path::PathBuf {
    let dirs = [tmp.join("one"), tmp.join("two")];
    for (dir, threads) in dirs.iter().zip(["1", "2"]) {
        let mut full = args.to_vec();
        full.extend([
            "--threads",
            threads,
            "--quiet",
            "--out",
            dir.to_str().unwrap(),
        ]);
        ok(&lobbysim(&full));
    }
    let a = std::fs::read_to_string(dirs[0].join(file)).unwrap();
    let b = std::fs::read_to_string(dirs[1].join(file)).unwrap();
    assert_eq!(a, b, "{file} differs between 1 and 2 threads");
    dirs[0].clone()
}

#[test]
fn backtest_writes_scores_and_is_the_same_on_any_number_of_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let one = same_on_one_and_two_threads(
        tmp.path(),
        &["backtest", FAO, DSG, "--runs", "20"],
        "scores.csv",
    );

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

const ENDORSED: &str = "prior.terms.endorsed-*.weight=Uniform(lo: 0, hi: 3)";

#[test]
fn calibrate_writes_a_posterior_and_is_the_same_on_any_number_of_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let one = same_on_one_and_two_threads(
        tmp.path(),
        &[
            "calibrate",
            FAO,
            "--param",
            ENDORSED,
            "--particles",
            "8",
            "--generations",
            "2",
        ],
        "posterior.csv",
    );
    let rows = csv_rows(&one.join("posterior.csv"));
    assert_eq!(
        rows[0],
        [
            "generation",
            "particle",
            "weight",
            "distance",
            "parameter",
            "value"
        ]
    );
    // 8 particles in each of 2 generations, one parameter.
    assert_eq!(rows.len(), 1 + 16);
    let values: Vec<f64> = (1..rows.len())
        .map(|r| cell(&rows, r, "value").parse().unwrap())
        .collect();
    assert!(values.iter().all(|v| (0.0..=3.0).contains(v)), "{values:?}");
    let ppc = csv_rows(&one.join("predictive.csv"));
    assert!(
        (1..ppc.len())
            .any(|r| cell(&ppc, r, "candidate") == "qu" && cell(&ppc, r, "observed") == "108")
    );
    let whatif = std::fs::read_to_string(one.join("whatifs/fao_dg_2019.ron")).unwrap();
    assert!(
        whatif.contains("prior.terms.endorsed-qu.weight=Normal("),
        "{whatif}"
    );
    assert_eq!(png_size(&one.join("posterior.png")), (1600, 900));
}

#[test]
fn calibrate_refuses_a_bad_prior_and_pp22() {
    let tmp = tempfile::tempdir().unwrap();
    let x = tmp.path().join("x");
    let bad = lobbysim(&[
        "calibrate",
        FAO,
        "--param",
        "params.noise=Beta(a: 1, b: 2)",
        "--out",
        x.to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    assert!(
        stderr(&bad).contains("--param params.noise"),
        "{}",
        stderr(&bad)
    );
    let pp22 = lobbysim(&[
        "calibrate",
        "scenarios/cases/itu_sg_2022.ron",
        "--param",
        "params.noise=Uniform(lo: 0, hi: 0.1)",
        "--out",
        x.to_str().unwrap(),
    ]);
    assert_eq!(pp22.status.code(), Some(2), "{}", stderr(&pp22));
    assert!(
        stderr(&pp22).contains("never a calibration target"),
        "{}",
        stderr(&pp22)
    );
    assert!(!x.exists(), "nothing is written");
}

#[test]
fn leave_one_out_scores_every_case_from_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("loo");
    let out = lobbysim(&[
        "backtest",
        FAO,
        "scenarios/cases/who_dg_2017.ron",
        "--leave-one-out",
        "--param",
        ENDORSED,
        "--particles",
        "6",
        "--generations",
        "2",
        "--runs",
        "10",
        "--quiet",
        "--out",
        dir.to_str().unwrap(),
    ]);
    ok(&out);
    let rows = csv_rows(&dir.join("scores.csv"));
    for case in ["case-fao-dg-2019", "case-who-dg-2017"] {
        assert!(
            (1..rows.len()).any(|r| cell(&rows, r, "case") == case
                && cell(&rows, r, "forecaster") == "model"
                && cell(&rows, r, "score") == "crps"),
            "no left-out CRPS for {case}"
        );
    }
    assert_eq!(manifest(&dir)["extra"]["leave_one_out"], true);
}
