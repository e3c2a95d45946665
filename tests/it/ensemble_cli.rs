//! `lobbysim ensemble` and `lobbysim merge` end to end: the files, their
//! independence from threads and shards, resume, and refusals.

use lobbysim::ensemble::file::CompletedRuns;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};

use lobbysim::ensemble::{AggregateFile, EnsembleConfig, run_ensemble_with};

use crate::common::{lobbysim, manifest, ok, text};

const SMALL: &str = "tests/fixtures/good/small_race.ron";
/// Every file of an ensemble folder but the manifest, with charts of this
/// extension ("" for the data files only).
fn files(ext: &str) -> Vec<String> {
    let mut names: Vec<String> = [
        "summary.json",
        "timeseries.csv",
        "states.csv",
        "state_votes.csv",
        "aggregate.json",
    ]
    .map(str::to_owned)
    .to_vec();
    if !ext.is_empty() {
        for chart in ["support_bands", "winprob", "outcome", "swing_states"] {
            names.push(format!("{chart}.{ext}"));
        }
    }
    names
}

fn ensemble(out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "ensemble",
        SMALL,
        "--runs",
        "600",
        "--seed",
        "3",
        "--out",
        out.to_str().unwrap(),
    ];
    if !extra.contains(&"png") {
        args.extend(["--format", "svg"]);
    }
    args.extend_from_slice(extra);
    lobbysim(&args)
}

/// Charts as SVG (drawn much faster than PNG in debug builds) unless the test asks for PNG.
fn same_files(a: &Path, b: &Path, ext: &str) {
    for f in files(ext) {
        let f = f.as_str();
        let x = fs::read(a.join(f)).unwrap_or_else(|e| panic!("{f} in {}: {e}", a.display()));
        assert_eq!(
            x,
            fs::read(b.join(f)).unwrap(),
            "{f} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

#[test]
fn threads_and_shards_give_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    let res = ensemble(&one, &["--threads", "1", "--format", "png"]);
    ok(&res);
    let stdout = text(&res.stdout);
    assert!(
        stdout.contains("small-race: 600 of 600 runs, seed 3"),
        "{stdout}"
    );
    assert!(stdout.contains("Candidate A  elected"), "{stdout}");
    ok(&ensemble(
        &two,
        &["--threads", "2", "--quiet", "--format", "png"],
    ));
    same_files(&one, &two, "png");
    let m = manifest(&one);
    assert_eq!(m["command"], "ensemble");
    assert_eq!(m["extra"]["runs"], 600);
    assert_eq!(m["extra"]["threads"], 1);
    assert_eq!(m["extra"]["shards"], 1);
    assert_eq!(m["extra"]["partial"], false);
    assert_eq!(manifest(&two)["extra"]["threads"], 2);

    let shards: Vec<PathBuf> = (1..=3)
        .map(|k| dir.path().join(format!("shard{k}")))
        .collect();
    for (k, folder) in shards.iter().enumerate() {
        let shard = format!("{}/3", k + 1);
        ok(&ensemble(folder, &["--shard", &shard, "--quiet"]));
        assert_eq!(manifest(folder)["extra"]["shard"], shard.as_str());
    }
    let merged = dir.path().join("merged");
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(|p| p.to_str().unwrap()));
    args.extend(["--out", merged.to_str().unwrap(), "--format", "svg"]);
    let res = lobbysim(&args);
    ok(&res);
    assert!(text(&res.stdout).contains("small-race: 600 of 600 runs"));
    let single = dir.path().join("single");
    ok(&ensemble(&single, &["--quiet"]));
    same_files(&single, &merged, "svg");
    same_files(&one, &merged, "");
    let m = manifest(&merged);
    assert_eq!(m["command"], "ensemble");
    assert_eq!(m["command_line"][1], "merge");
    assert_eq!(m["extra"]["shards"], 3);
    assert_eq!(m["scenario_path"], SMALL);
}

#[test]
fn resume_finishes_a_partial_folder_as_if_never_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    ok(&ensemble(&whole, &["--quiet"]));
    // A folder left by Ctrl-C after the first block: its totals stop at 256 runs.
    let partial = dir.path().join("partial");
    ok(&ensemble(&partial, &["--quiet"]));
    let loaded = lobbysim::scenario::load(SMALL.as_ref()).unwrap();
    let config = EnsembleConfig {
        runs: 600,
        seed: 3,
        threads: 1,
        shard: None,
    };
    let stop = AtomicBool::new(false);
    let cut = run_ensemble_with(
        &loaded.scenario,
        &loaded.sha256(),
        &config,
        None,
        &stop,
        &|p| {
            if p.done >= 256 {
                stop.store(true, Ordering::Relaxed);
            }
        },
        true,
    )
    .unwrap();
    assert_eq!(cut.completed_runs(), 256);
    fs::write(partial.join("aggregate.json"), cut.to_json()).unwrap();

    let res = ensemble(&partial, &["--resume"]);
    ok(&res);
    assert!(
        text(&res.stdout).contains("(344 computed"),
        "{}",
        text(&res.stdout)
    );
    same_files(&whole, &partial, "svg");
    let m = manifest(&partial);
    assert_eq!(m["extra"]["runs_resumed"], 256);
    assert_eq!(m["extra"]["partial"], false);
    let read = AggregateFile::read(&partial.join("aggregate.json")).unwrap();
    assert!(read.is_complete());

    // Resuming with other arguments is refused, naming what differs.
    let res = lobbysim(&[
        "ensemble",
        SMALL,
        "--runs",
        "600",
        "--seed",
        "4",
        "--out",
        partial.to_str().unwrap(),
        "--resume",
    ]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        text(&res.stderr).contains("seed 3, but this command asks for 4"),
        "{}",
        text(&res.stderr)
    );
}

#[test]
fn refusals_have_clear_messages_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("e");
    let res = ensemble(&folder, &["--resume"]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        text(&res.stderr).contains("nothing to resume"),
        "{}",
        text(&res.stderr)
    );

    ok(&ensemble(&folder, &["--quiet", "--shard", "1/2"]));
    let res = ensemble(&folder, &["--quiet", "--shard", "1/2"]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        text(&res.stderr).contains("use --resume to finish it, --force to replace it"),
        "{}",
        text(&res.stderr)
    );

    let res = lobbysim(&["ensemble", SMALL, "--runs", "0"]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        text(&res.stderr)
            .contains("invalid value '0' for '--runs <RUNS>': must be from 1 to 100000000"),
        "{}",
        text(&res.stderr)
    );
    let res = lobbysim(&["ensemble", SMALL, "--runs", "5", "--shard", "3/2"]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        text(&res.stderr).contains("expected K/M with 1 <= K <= M"),
        "{}",
        text(&res.stderr)
    );

    let merged = dir.path().join("m");
    let res = lobbysim(&[
        "merge",
        folder.to_str().unwrap(),
        "--out",
        merged.to_str().unwrap(),
    ]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        text(&res.stderr).contains("missing shard(s) 2 of 2"),
        "{}",
        text(&res.stderr)
    );
    assert!(!merged.exists());
    let res = lobbysim(&[
        "merge",
        dir.path().to_str().unwrap(),
        "--out",
        merged.to_str().unwrap(),
    ]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        text(&res.stderr).contains("has no aggregate.json"),
        "{}",
        text(&res.stderr)
    );
}
