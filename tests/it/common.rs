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
