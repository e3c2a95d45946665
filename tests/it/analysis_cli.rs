//! Helpers shared by the tests of the analysis commands (compare, sweep,
//! sensitivity): run the binary, read what it wrote.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

pub const CLASSROOM: &str = "scenarios/classroom/three_candidates.ron";

/// Run `lobbysim` with `args` from the repository root.
pub fn lobbysim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lobbysim"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
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
