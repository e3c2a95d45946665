//! `lobbysim sweep`: the grid, the table, the charts and the errors.

use std::fs;

use crate::common::*;

#[test]
fn one_parameter_gives_one_row_per_value_and_a_line_chart() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t");
    let res = lobbysim(&[
        "sweep",
        CLASSROOM,
        "--vary",
        "params.temperature=0.4:1.6:4",
        "--runs",
        "20",
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&res);
    let rows = csv_rows(&out.join("sweep.csv"));
    // One row per value and candidate.
    assert_eq!(rows.len(), 1 + 4 * 3);
    assert_eq!(rows[0][..3], ["point", "params_temperature", "runs"]);
    let points = csv_rows(&out.join("sweep_points.csv"));
    assert_eq!(points.len(), 1 + 4);
    assert_eq!(points[0][..3], ["point", "params_temperature", "runs"]);
    let values: Vec<&str> = points[1..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        values,
        ["0.4", "0.8", "1.2", "1.6"],
        "inclusive ends, evenly spaced"
    );
    for r in 1..points.len() {
        assert_eq!(cell(&points, r, "runs"), "20");
        let rows_here: Vec<usize> = (1..rows.len())
            .filter(|&i| cell(&rows, i, "point") == cell(&points, r, "point"))
            .collect();
        let candidates: Vec<&str> = rows_here
            .iter()
            .map(|&i| cell(&rows, i, "candidate"))
            .collect();
        assert_eq!(candidates, ["ORT", "MEN", "CHE"]);
        let total: f64 = rows_here
            .iter()
            .map(|&i| cell(&rows, i, "p_win").parse::<f64>().unwrap())
            .sum::<f64>()
            + cell(&points, r, "p_undecided").parse::<f64>().unwrap();
        assert!((total - 1.0).abs() < 1e-5, "point {r}: {total}");
    }
    assert_eq!(png_size(&out.join("sweep_line.png")), (1600, 900));
    assert!(!out.join("sweep_heatmap.png").exists());
    let out_text = stdout(&res);
    assert!(
        out_text.contains("temperature of the vote choice = 0.8: Ana Ortiz"),
        "{out_text}"
    );
    let m = manifest(&out);
    assert_eq!(m["command"], "sweep");
    assert_eq!(m["extra"]["vary"][0], "params.temperature=0.4:1.6:4");
    assert_eq!(m["extra"]["model_runs"], 80);
}

#[test]
fn two_parameters_give_the_product_grid_and_a_heatmap() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, threads: &str| {
        let out = dir.path().join(name);
        ok(&lobbysim(&[
            "sweep",
            CLASSROOM,
            "--vary",
            "params.defection=0:0.5:2",
            "--vary",
            "params.noise=0.01:0.05:3",
            "--runs",
            "12",
            "--threads",
            threads,
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ]));
        out
    };
    let out = run("a", "1");
    let rows = csv_rows(&out.join("sweep_points.csv"));
    assert_eq!(rows[0][..3], ["point", "params_defection", "params_noise"]);
    let points: Vec<(&str, &str)> = rows[1..]
        .iter()
        .map(|r| (r[1].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        points,
        [
            ("0", "0.01"),
            ("0", "0.03"),
            ("0", "0.05"),
            ("0.5", "0.01"),
            ("0.5", "0.03"),
            ("0.5", "0.05")
        ]
    );
    assert_eq!(png_size(&out.join("sweep_heatmap.png")), (1600, 900));
    // The summary names each parameter in words, its path kept whole.
    let summary = fs::read_to_string(out.join("summary.txt")).unwrap();
    assert!(
        summary.contains("chance a pledged state defects (params.defection=0:0.5:2)"),
        "{summary}"
    );
    assert!(
        summary.contains("chance a pledged state defects = 0, daily noise in preferences = 0.01:"),
        "{summary}"
    );
    let again = run("b", "2");
    for f in ["sweep.csv", "sweep_points.csv", "summary.json"] {
        assert_eq!(
            fs::read(out.join(f)).unwrap(),
            fs::read(again.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn bad_vary_syntax_exits_with_code_2_and_the_expected_form() {
    for bad in [
        "params.temperature",
        "params.temperature=0:1",
        "params.temperature=0:1:1",
    ] {
        let res = lobbysim(&["sweep", CLASSROOM, "--vary", bad, "--out", "/nonexistent/x"]);
        assert_eq!(res.status.code(), Some(2), "{bad}");
        let err = stderr(&res);
        assert!(err.starts_with(&format!("error: --vary `{bad}`")), "{err}");
    }
    let res = lobbysim(&[
        "sweep",
        CLASSROOM,
        "--vary",
        "params.temperature=0:1",
        "--out",
        "/x",
    ]);
    assert!(
        stderr(&res).contains("expected PATH=FROM:TO:STEPS"),
        "{}",
        stderr(&res)
    );
}

#[test]
fn an_unknown_path_exits_with_code_2_and_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x");
    let res = lobbysim(&[
        "sweep",
        CLASSROOM,
        "--vary",
        "params.temprature=0.5:1:3",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(res.status.code(), Some(2));
    let err = stderr(&res);
    assert!(
        err.contains("--vary params.temprature=0.5: unknown path")
            && err.contains("did you mean `temperature`?"),
        "{err}"
    );
    // A value the scenario's rules refuse is caught before any run.
    let res = lobbysim(&[
        "sweep",
        CLASSROOM,
        "--vary",
        "params.defection=0.5:1.5:3",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(res.status.code(), Some(2), "{}", stderr(&res));
    assert!(!out.exists());
}
