//! Helpers shared by the tests that run the binary: a `lobbysim` command
//! at the repository root, its output as text, and what it wrote (CSV
//! cells, PNG sizes, the manifest).

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

pub const CLASSROOM: &str = "scenarios/classroom/three_candidates.ron";

/// The binary as a command run from the repository root, for a test that
/// adds more than arguments (a stdin, a spawned child).
pub fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lobbysim"));
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

/// Run `lobbysim` with `args` from the repository root.
pub fn lobbysim<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    command().args(args).output().expect("the binary runs")
}

/// Bytes of stdout or stderr as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn stderr(out: &Output) -> String {
    text(&out.stderr)
}

pub fn stdout(out: &Output) -> String {
    text(&out.stdout)
}

/// Assert success, showing stderr otherwise.
pub fn ok(out: &Output) {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
}

/// A CSV file's rows, header first, split on commas (no quoted commas here).
pub fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

/// The value of column `name` in `row`.
pub fn cell<'a>(rows: &'a [Vec<String>], row: usize, name: &str) -> &'a str {
    let col = rows[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {:?}", rows[0]));
    &rows[row][col]
}

/// Width and height of a PNG file.
pub fn png_size(path: &Path) -> (u32, u32) {
    image::image_dimensions(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap()
}

/// A small conference of three posts (docs/CONFERENCE.md).
pub const CONFERENCE: &str = "tests/fixtures/good/small_conference.ron";

/// One small command for each kind of output folder (run, a conference's
/// run, ensemble, a conference's ensemble, compare, sweep, sensitivity,
/// backtest, calibrate), by folder name, without `--out`.
pub fn every_kind_of_folder() -> [(&'static str, Vec<&'static str>); 9] {
    const WHO: &str = "scenarios/cases/who_dg_2017.ron";
    const FAO: &str = "scenarios/cases/fao_dg_2019.ron";
    [
        ("run", vec!["run", CLASSROOM, "--seed", "2"]),
        ("conference-run", vec!["run", CONFERENCE, "--seed", "2"]),
        ("ensemble", vec!["ensemble", CLASSROOM, "--runs", "20"]),
        (
            "conference-ensemble",
            vec!["ensemble", CONFERENCE, "--runs", "20"],
        ),
        (
            "compare",
            vec![
                "compare",
                CLASSROOM,
                "--what-if-disable",
                "scandal",
                "--runs",
                "10",
            ],
        ),
        (
            "sweep",
            vec![
                "sweep",
                CLASSROOM,
                "--vary",
                "params.noise=0:0.1:2",
                "--runs",
                "5",
            ],
        ),
        (
            "sensitivity",
            vec![
                "sensitivity",
                CLASSROOM,
                "--param",
                "params.noise=0:0.1",
                "--param",
                "params.temperature=0.5:1",
                "--method",
                "morris",
                "--trajectories",
                "2",
                "--runs",
                "4",
            ],
        ),
        ("backtest", vec!["backtest", WHO, FAO, "--runs", "6"]),
        (
            "calibrate",
            vec![
                "calibrate",
                WHO,
                FAO,
                "--param",
                "prior.terms.endorsed-*.weight=Uniform(lo: 0, hi: 3)",
                "--particles",
                "6",
                "--generations",
                "2",
            ],
        ),
    ]
}
