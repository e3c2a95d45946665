//! The manifest of an output folder: what produced its files.
//!
//! `manifest.json` names the tool and its version, the command and its
//! arguments, the scenario file and its SHA-256 hash, the seed, the `--set`
//! overrides, the creation time (UTC, RFC 3339, whole seconds) and the files
//! beside it, so that a result can be traced back and reproduced.

use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{OutputDir, ReportError};

/// File name of the manifest.
pub const MANIFEST_FILE: &str = "manifest.json";

/// What produced an output folder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Manifest {
    /// Always `lobbysim`.
    pub tool: String,
    /// The version of lobbysim that wrote the folder.
    pub version: String,
    /// The kind of output: `run`, `ensemble`, ...
    pub command: String,
    /// The command line as given, program name first.
    pub command_line: Vec<String>,
    /// The scenario file as given on the command line.
    pub scenario_path: String,
    /// SHA-256 of the scenario file's bytes, lowercase hex.
    pub scenario_sha256: String,
    /// The seed of the run (the master seed of an ensemble).
    pub seed: u64,
    /// The `--set` overrides applied to the scenario, in order.
    pub overrides: Vec<String>,
    /// When the manifest was made, e.g. `2022-09-29T12:00:00Z`.
    pub created_utc: String,
    /// The other files in the folder, relative to it.
    pub files: Vec<String>,
    /// Anything else the command wants to record (runs, threads, ...).
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Manifest {
    /// A manifest for `command` on the scenario read from `scenario_path`
    /// (whose bytes were `scenario_bytes`), stamped with the current time.
    /// The command line, overrides, files and extras start empty.
    pub fn new(command: &str, scenario_path: &str, scenario_bytes: &[u8], seed: u64) -> Manifest {
        Manifest {
            tool: "lobbysim".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            command: command.to_owned(),
            command_line: Vec::new(),
            scenario_path: scenario_path.to_owned(),
            scenario_sha256: sha256_hex(scenario_bytes),
            seed,
            overrides: Vec::new(),
            created_utc: now_utc_rfc3339(),
            files: Vec::new(),
            extra: serde_json::Map::new(),
        }
    }

    /// The manifest as pretty JSON, ending with a newline; `extra` in key
    /// order ([`super::json_text`]).
    pub fn to_json(&self) -> String {
        let written = Manifest {
            extra: super::json_text::sorted_map(&self.extra),
            ..self.clone()
        };
        let mut s = serde_json::to_string_pretty(&written).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// Writes `manifest.json` into `dir`, listing in `files` every file written
/// to `dir` so far; call it after the other files.
pub fn write_manifest(dir: &OutputDir, mut manifest: Manifest) -> Result<(), ReportError> {
    manifest.files = dir
        .files()
        .into_iter()
        .filter(|f| f != MANIFEST_FILE)
        .collect();
    dir.write_bytes(MANIFEST_FILE, manifest.to_json().as_bytes())
}

/// The files a `manifest.json` lists, if it is one that lobbysim wrote
/// (its `tool` is `lobbysim` and `files` is a list of names).
pub fn listed_files(bytes: &[u8]) -> Option<Vec<String>> {
    let v: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    if v.get("tool")?.as_str()? != "lobbysim" {
        return None;
    }
    v.get("files")?
        .as_array()?
        .iter()
        .map(|f| f.as_str().map(str::to_owned))
        .collect()
}

/// SHA-256 of `bytes` as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The current time in UTC as RFC 3339 with whole seconds, e.g. `2022-09-29T12:00:00Z`.
pub fn now_utc_rfc3339() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    rfc3339_from_unix(i64::try_from(secs).unwrap_or(i64::MAX))
}

/// Seconds since 1970-01-01T00:00:00Z as RFC 3339 in UTC.
fn rfc3339_from_unix(secs: i64) -> String {
    DateTime::<Utc>::from_timestamp(secs, 0)
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_input() {
        // FIPS 180-2 test vector.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn unix_time_formats_as_rfc3339_utc() {
        assert_eq!(rfc3339_from_unix(1_664_452_800), "2022-09-29T12:00:00Z");
        let now = now_utc_rfc3339();
        assert_eq!(now.len(), 20, "{now}");
        assert!(now.ends_with('Z') && now.as_bytes()[10] == b'T', "{now}");
    }

    #[test]
    fn manifest_lists_files_written_before_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = OutputDir::create(tmp.path().join("out"), false).unwrap();
        dir.write_bytes("a.csv", b"x\n").unwrap();
        let mut m = Manifest::new("run", "scenarios/s.ron", b"abc", 7);
        m.overrides.push("params.temperature=0.5".to_owned());
        write_manifest(&dir, m).unwrap();
        let path = dir.finish().unwrap();
        let text = std::fs::read_to_string(path.join(MANIFEST_FILE)).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["tool"], "lobbysim");
        assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(v["command"], "run");
        assert_eq!(v["seed"], 7);
        assert_eq!(v["files"], serde_json::json!(["a.csv"]));
        assert_eq!(v["overrides"][0], "params.temperature=0.5");
        assert_eq!(v["scenario_sha256"].as_str().unwrap().len(), 64);
    }
}
