//! The command line end to end: validate, run, refusal to overwrite, --force,
//! determinism of the files written.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{lobbysim, text};

const CLASSROOM: &str = "scenarios/classroom/three_candidates.ron";
const TABLES: [&str; 5] = [
    "timeseries.csv",
    "timeseries_regions.csv",
    "states.csv",
    "state_votes.csv",
    "ballot.csv",
];

fn run_into(dir: &Path, seed: &str, extra: &[&str]) -> Output {
    let out = dir.to_str().unwrap();
    let mut args = vec!["run", CLASSROOM, "--seed", seed, "--out", out, "--quiet"];
    args.extend_from_slice(extra);
    lobbysim(&args)
}

#[test]
fn validate_prints_a_summary() {
    let out = lobbysim(&["validate", CLASSROOM]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("member states:  12 (11 with voting rights)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("candidates:     3: Ana Ortiz (NOR), Bola Mensah (SOL), Chen Wei (EAS)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "campaigns:      2: northern-outreach (2 tactics), southern-summit (1 tactic)"
        ),
        "{stdout}"
    );
}

#[test]
fn validate_refuses_a_broken_file_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    let base = fs::read_to_string(CLASSROOM).unwrap();
    fs::write(
        &bad,
        base.replacen("abstention: 0.03", "abstention: 1.5", 1),
    )
    .unwrap();
    let out = lobbysim(&["validate", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("bad.ron:139:21: expected a probability between 0 and 1, found 1.5"),
        "{stderr}"
    );
    let missing = lobbysim(&["validate", "no/such/file.ron"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("cannot read scenario file no/such/file.ron"));
}

#[test]
fn run_writes_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let res = run_into(&out, "7", &[]);
    assert_eq!(res.status.code(), Some(0), "{}", text(&res.stderr));
    for f in TABLES.iter().chain(&[
        "manifest.json",
        "support.png",
        "regions.png",
        "hemicycle.png",
    ]) {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let png = fs::read(out.join("support.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["seed"], 7);
    assert_eq!(manifest["scenario_path"], CLASSROOM);
    assert_eq!(manifest["scenario_sha256"].as_str().unwrap().len(), 64);
    // Nothing but the results: no staging folder left behind.
    let leftovers: Vec<PathBuf> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(leftovers, vec![out]);
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("c"),
    );
    for (d, seed) in [(&a, "3"), (&b, "3"), (&c, "4")] {
        let res = run_into(d, seed, &[]);
        assert_eq!(res.status.code(), Some(0), "{}", text(&res.stderr));
    }
    for f in TABLES.iter().chain(&["support.png"]) {
        assert_eq!(
            fs::read(a.join(f)).unwrap(),
            fs::read(b.join(f)).unwrap(),
            "{f} differs for the same seed"
        );
    }
    assert_ne!(
        fs::read(a.join("timeseries.csv")).unwrap(),
        fs::read(c.join("timeseries.csv")).unwrap(),
        "a different seed should give different results"
    );
}

#[test]
fn an_existing_folder_is_refused_without_force_and_replaced_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let res = run_into(&out, "1", &[]);
    assert_eq!(res.status.code(), Some(0), "{}", text(&res.stderr));
    let first = fs::read(out.join("states.csv")).unwrap();
    let res = run_into(&out, "2", &[]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        text(&res.stderr).contains("already exists; use --force"),
        "{}",
        text(&res.stderr)
    );
    assert_eq!(fs::read(out.join("states.csv")).unwrap(), first);

    let res = run_into(&out, "2", &["--force"]);
    assert_eq!(res.status.code(), Some(0), "{}", text(&res.stderr));
    assert_ne!(fs::read(out.join("states.csv")).unwrap(), first);
}

#[test]
fn overrides_change_the_run_and_are_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert!(run_into(&a, "1", &[]).status.success());
    let res = run_into(
        &b,
        "1",
        &["--disable", "scandal", "--set", "params.temperature=0.3"],
    );
    assert!(res.status.success(), "{}", text(&res.stderr));
    assert_ne!(
        fs::read(a.join("timeseries.csv")).unwrap(),
        fs::read(b.join("timeseries.csv")).unwrap()
    );
    let manifest = fs::read_to_string(b.join("manifest.json")).unwrap();
    assert!(
        manifest.contains("--disable scandal") && manifest.contains("--set params.temperature=0.3"),
        "{manifest}"
    );

    let bad = run_into(
        &dir.path().join("c"),
        "1",
        &["--set", "params.temprature=0.3"],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("did you mean `temperature`?"),
        "{}",
        text(&bad.stderr)
    );
    assert!(!dir.path().join("c").exists());
}

#[test]
fn svg_charts_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    assert!(run_into(&out, "1", &["--format", "svg"]).status.success());
    let svg = fs::read_to_string(out.join("support.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("Three candidates"));
}

#[test]
fn json_prints_the_summary_for_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("run");
    let out = lobbysim(&[
        "run",
        CLASSROOM,
        "--seed",
        "4",
        "--out",
        run.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    // The same ballot as ballot.csv: the winner is the candidate marked
    // elected there, and round 1's votes match.
    let ballot = fs::read_to_string(run.join("ballot.csv")).unwrap();
    let rows: Vec<Vec<&str>> = ballot
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let elected = rows.iter().find(|r| r[4] == "true").map(|r| r[1]);
    assert_eq!(json["elected"].as_str(), elected);
    for r in rows.iter().filter(|r| r[0] == "1" && r[3] == "true") {
        assert_eq!(json["rounds"][0]["votes"][r[1]].to_string(), r[2], "{r:?}");
    }

    let ensemble = dir.path().join("ensemble");
    let out = lobbysim(&[
        "ensemble",
        CLASSROOM,
        "--runs",
        "20",
        "--out",
        ensemble.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        fs::read_to_string(ensemble.join("summary.json")).unwrap()
    );
}
