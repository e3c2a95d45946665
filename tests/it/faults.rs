//! Faults a user or a cluster inflicts: `--force` aimed at files lobbysim did
//! not write, scenario "files" that never end or block, SIGTERM in the middle
//! of an ensemble, and arguments that leave nothing to compute.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{command, lobbysim, text};

const SMALL: &str = "tests/fixtures/good/small_race.ron";
/// A past election with an observed result, and a prior that its terms match.
const CASE: &str = "scenarios/cases/fao_dg_2019.ron";
const CASE_PARAM: &str = "prior.terms.endorsed-*.weight=Uniform(lo: 0, hi: 3)";

/// The commands that write an output folder from one scenario, each with
/// small arguments.
fn scenario_commands() -> Vec<Vec<&'static str>> {
    vec![
        vec!["run", SMALL],
        vec!["ensemble", SMALL, "--runs", "20"],
        vec![
            "compare",
            SMALL,
            "--runs",
            "10",
            "--what-if-set",
            "params.noise=0.1",
        ],
        vec![
            "sweep",
            SMALL,
            "--runs",
            "4",
            "--vary",
            "params.noise=0.1:0.2:2",
        ],
        vec![
            "sensitivity",
            SMALL,
            "--runs",
            "4",
            "--param",
            "params.noise=0.1:0.2",
        ],
    ]
}

/// Every file under `folder` with its bytes.
fn snapshot(folder: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.extend(snapshot(&path));
        } else {
            out.push((path.clone(), fs::read(&path).unwrap()));
        }
    }
    out
}

#[test]
fn force_refuses_a_users_folder_a_plain_file_and_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    let thesis = dir.path().join("thesis");
    fs::create_dir(&thesis).unwrap();
    fs::write(thesis.join("thesis.tex"), "\\begin{document}").unwrap();
    let notes = dir.path().join("notes.txt");
    fs::write(&notes, "my notes").unwrap();
    let before = snapshot(dir.path());
    for (out, reason) in [
        (
            &thesis,
            "it has no manifest.json that says lobbysim wrote it",
        ),
        (&notes, "it is a file, not a folder"),
    ] {
        // Every command that writes an output folder.
        let mut commands = scenario_commands();
        commands.push(vec!["backtest", CASE, "--runs", "4"]);
        commands.push(vec![
            "calibrate",
            CASE,
            "--param",
            CASE_PARAM,
            "--particles",
            "4",
        ]);
        for command in commands {
            let mut args = command.clone();
            args.extend(["--force", "--quiet", "--out", out.to_str().unwrap()]);
            let res = lobbysim(&args);
            assert_eq!(res.status.code(), Some(2), "{}", text(&res.stderr));
            assert_eq!(
                text(&res.stderr),
                format!(
                    "error: refusing to replace {} with --force: {reason}. --force replaces only an output folder that lobbysim wrote (its manifest.json says so and lists every file in it); move the other files away, or choose another --out\n",
                    out.display()
                )
            );
        }
    }
    // `--out .` names no folder of its own.
    let res = lobbysim(&["run", SMALL, "--force", "--out", "."]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        text(&res.stderr).contains("it must end in a folder name"),
        "{}",
        text(&res.stderr)
    );
    // A lobbysim folder a user added a file to is refused too.
    let run = dir.path().join("run");
    let res = lobbysim(&["run", SMALL, "--quiet", "--out", run.to_str().unwrap()]);
    assert_eq!(res.status.code(), Some(0), "{}", text(&res.stderr));
    fs::write(run.join("my-notes.md"), "mine").unwrap();
    let res = lobbysim(&["run", SMALL, "--force", "--out", run.to_str().unwrap()]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        text(&res.stderr).contains("it holds `my-notes.md`, which its manifest does not list"),
        "{}",
        text(&res.stderr)
    );
    assert_eq!(fs::read_to_string(run.join("my-notes.md")).unwrap(), "mine");
    fs::remove_dir_all(&run).unwrap();
    assert_eq!(snapshot(dir.path()), before, "nothing was touched");
}

#[cfg(unix)]
#[test]
fn a_fifo_and_dev_zero_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("scenario.ron");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    // A what-if whose base is /dev/zero.
    let what_if = dir.path().join("what_if.ron");
    fs::write(
        &what_if,
        "WhatIf(version: 1, base: \"/dev/zero\", meta: (name: \"w\"))",
    )
    .unwrap();
    let not_regular =
        "it is not a regular file (a pipe, device or socket); lobbysim reads only regular files";
    for (file, expected) in [
        (
            fifo.clone(),
            format!(
                "error: cannot read scenario file {}: {not_regular}\n",
                fifo.display()
            ),
        ),
        (
            PathBuf::from("/dev/zero"),
            format!("error: cannot read scenario file /dev/zero: {not_regular}\n"),
        ),
        (
            what_if.clone(),
            format!(
                "{}:1:26: cannot read base scenario /dev/zero: {not_regular}",
                what_if.display()
            ),
        ),
    ] {
        let started = Instant::now();
        let res = lobbysim(&["validate", file.to_str().unwrap()]);
        assert!(started.elapsed() < Duration::from_secs(20));
        assert_eq!(res.status.code(), Some(2), "{}", text(&res.stderr));
        assert!(
            text(&res.stderr).starts_with(&expected),
            "{}",
            text(&res.stderr)
        );
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_in_place_of_an_aggregate_file_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let shard = dir.path().join("shard");
    fs::create_dir(&shard).unwrap();
    let fifo = shard.join("aggregate.json");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let merged = dir.path().join("merged");
    let started = Instant::now();
    let res = lobbysim(&[
        "merge",
        shard.to_str().unwrap(),
        "--out",
        merged.to_str().unwrap(),
    ]);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(res.status.code(), Some(2), "{}", text(&res.stderr));
    assert!(
        text(&res.stderr).contains("it is not a regular file (a pipe, device or socket)"),
        "{}",
        text(&res.stderr)
    );
    assert!(!merged.exists());
}

#[test]
fn a_shard_without_runs_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("e");
    let res = lobbysim(&[
        "ensemble",
        SMALL,
        "--runs",
        "100",
        "--shard",
        "3/4",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(res.status.code(), Some(2));
    assert_eq!(
        text(&res.stderr),
        "error: --shard 3/4 has no runs to compute: 100 runs make 1 block(s) of up to 256 runs, and shards share out whole blocks; use at most 1 shard(s), or at least 769 runs for 4 shards\n"
    );
    assert!(!out.exists());
    let res = lobbysim(&[
        "ensemble",
        SMALL,
        "--runs",
        "10",
        "--shard",
        "1/18446744073709551615",
    ]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        text(&res.stderr)
            .contains("or at least 4722366482869645213185 runs for 18446744073709551615 shards"),
        "{}",
        text(&res.stderr)
    );
}

#[test]
fn runs_and_threads_beyond_reason_are_refused_at_once() {
    for (args, expected) in [
        (
            vec!["--runs", "18446744073709551615"],
            "error: invalid value '18446744073709551615' for '--runs <RUNS>': must be from 1 to 100000000\n\nFor more information, try '--help'.\n",
        ),
        (
            vec!["--runs", "10", "--threads", "100000"],
            "error: invalid value '100000' for '--threads <THREADS>': must be from 1 to 1024\n\nFor more information, try '--help'.\n",
        ),
    ] {
        for command in ["ensemble", "sweep"] {
            let mut argv = vec![command, SMALL];
            argv.extend(&args);
            if command == "sweep" {
                argv.extend(["--vary", "params.noise=0.1:0.2:2"]);
            }
            let started = Instant::now();
            let res = lobbysim(&argv);
            assert!(started.elapsed() < Duration::from_secs(20));
            assert_eq!(res.status.code(), Some(2), "{argv:?}");
            assert_eq!(text(&res.stderr), expected, "{argv:?}");
        }
    }
}

#[test]
fn a_second_ensemble_on_the_same_out_is_refused_before_its_work() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("e");
    fs::write(
        dir.path().join(".e.lock"),
        format!("{}\n", std::process::id()),
    )
    .unwrap();
    let res = lobbysim(&[
        "ensemble",
        SMALL,
        "--runs",
        "10",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        text(&res.stderr).contains(&format!(
            "another lobbysim command is writing to {}",
            out.display()
        )),
        "{}",
        text(&res.stderr)
    );
    assert!(!out.exists());
    // A lock left by a process that has ended does not block.
    fs::write(dir.path().join(".e.lock"), "4294967295\n").unwrap();
    let res = lobbysim(&[
        "ensemble",
        SMALL,
        "--runs",
        "10",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", text(&res.stderr));
    assert!(!dir.path().join(".e.lock").exists());
}

/// The data files of an ensemble folder (the manifest records times).
const DATA: [&str; 4] = [
    "summary.json",
    "timeseries.csv",
    "states.csv",
    "aggregate.json",
];

fn ensemble_args(out: &Path) -> Vec<String> {
    [
        "ensemble",
        SMALL,
        "--runs",
        "4000",
        "--seed",
        "9",
        "--threads",
        "1",
        "--quiet",
        "--format",
        "svg",
        "--out",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([out.display().to_string()])
    .collect()
}

/// Starts an ensemble, sends `signal` after `wait`, and returns its exit
/// code and the runs its folder holds.
#[cfg(unix)]
fn interrupted(out: &Path, signal: &str, wait: Duration) -> (Option<i32>, u64) {
    let mut child = command()
        .args(ensemble_args(out))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(wait);
    let sent = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let code = child.wait().unwrap().code();
    let manifest: serde_json::Value = fs::read_to_string(out.join("manifest.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    (
        code,
        manifest["extra"]["runs_completed"].as_u64().unwrap_or(0),
    )
}

#[cfg(unix)]
#[test]
fn sigterm_then_resume_gives_the_uninterrupted_files() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    let res = lobbysim(
        &ensemble_args(&whole)
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(res.status.code(), Some(0), "{}", text(&res.stderr));
    for signal in ["-TERM", "-HUP"] {
        let cut = dir.path().join(format!("cut{signal}"));
        // Wait longer each time until at least one block, not all, is done.
        let mut wait = Duration::from_millis(400);
        let completed = loop {
            let _ = fs::remove_dir_all(&cut);
            let (code, done) = interrupted(&cut, signal, wait);
            if (1..4000).contains(&done) {
                assert_eq!(code, Some(130), "{signal}");
                break done;
            }
            assert!(
                wait < Duration::from_secs(30),
                "{signal}: never caught a partial folder"
            );
            wait = if done == 0 { wait * 2 } else { wait / 2 };
        };
        assert_eq!(completed % 256, 0, "whole blocks are kept");
        let mut args = ensemble_args(&cut);
        args.push("--resume".to_owned());
        let res = lobbysim(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(res.status.code(), Some(0), "{}", text(&res.stderr));
        for f in DATA {
            assert!(
                fs::read(whole.join(f)).unwrap() == fs::read(cut.join(f)).unwrap(),
                "{f} differs after {signal} at {completed} runs and --resume"
            );
        }
        let m: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(cut.join("manifest.json")).unwrap()).unwrap();
        assert_eq!(m["extra"]["runs_resumed"], completed);
        assert_eq!(m["extra"]["partial"], false);
    }
}

#[test]
fn force_replaces_every_commands_own_folder_even_with_a_report_added() {
    let dir = tempfile::tempdir().unwrap();
    for command in scenario_commands() {
        let out = dir.path().join(command[0]);
        let out = out.to_str().unwrap();
        let mut args = command.clone();
        args.extend(["--out", out, "--quiet", "--format", "svg"]);
        let res = lobbysim(&args);
        assert_eq!(res.status.code(), Some(0), "{}", text(&res.stderr));
        let res = lobbysim(&["report", out, "--quiet"]);
        assert_eq!(res.status.code(), Some(0), "{}", text(&res.stderr));
        // Every file the command wrote is in its manifest, so --force may replace it.
        args.push("--force");
        let res = lobbysim(&args);
        assert_eq!(
            res.status.code(),
            Some(0),
            "{}: {}",
            command[0],
            text(&res.stderr)
        );
        assert!(!Path::new(out).join("report.html").exists());
    }
}

#[test]
fn a_scenario_file_over_the_size_limit_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.ron");
    // Sparse: 17 MiB that take no room on disk.
    fs::File::create(&big)
        .unwrap()
        .set_len(17 * 1024 * 1024)
        .unwrap();
    let res = lobbysim(&["validate", big.to_str().unwrap()]);
    assert_eq!(res.status.code(), Some(2));
    assert_eq!(
        text(&res.stderr),
        format!(
            "error: cannot read scenario file {}: it is larger than 16 MiB, the limit for a scenario file (docs/SCENARIO.md, Limits)\n",
            big.display()
        )
    );
}
