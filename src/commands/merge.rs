//! `lobbysim merge`: combine the output folders of an ensemble's shards into
//! the output folder of the whole ensemble. The merged files are those a
//! single run of the whole ensemble would have written (the manifest aside).

use crate::ensemble::file::CompletedRuns;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::CommandError;
use super::ensemble::summary;
use super::run::image_format;
use crate::cli::Format;
use crate::ensemble::{AGGREGATE_FILE, AggregateFile, EnsembleResult, merge as merge_shards};
use crate::report::ensemble::summary_json;
use crate::report::{self, Manifest, OutputDir};

pub fn merge(
    folders: &[PathBuf],
    out: &Path,
    force: bool,
    (quiet, json): (bool, bool),
    format: Format,
    argv: &[String],
) -> Result<(), CommandError> {
    let parts = folders
        .iter()
        .map(|folder| {
            let path = folder.join(AGGREGATE_FILE);
            // Anything there is read (and refused if not a regular file).
            if !path.exists() {
                return Err(CommandError::Usage(format!(
                    "{} is not an ensemble's output folder: it has no {AGGREGATE_FILE}",
                    folder.display()
                )));
            }
            Ok((folder.clone(), AggregateFile::read(&path)?))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let merged = merge_shards(&parts)?;
    let dir = OutputDir::create(out, force)?;
    let result = EnsembleResult::of(&merged);
    let mut files = report::ensemble::write_ensemble(&dir, &merged, &result, image_format(format))?;

    // The scenario's path and overrides as the first shard's manifest recorded them.
    let first_manifest: serde_json::Value = crate::plain_io::read_regular(
        &folders[0].join(report::manifest::MANIFEST_FILE),
        64 * 1024 * 1024,
    )
    .ok()
    .and_then(|bytes| serde_json::from_slice(&bytes).ok())
    .unwrap_or_default();
    let scenario_path = first_manifest["scenario_path"].as_str().unwrap_or_default();
    let p = &merged.provenance;
    // The kind of output is an ensemble; the command line says it was merged.
    let mut manifest = Manifest::new("ensemble", scenario_path, &[], p.seed);
    manifest.scenario_sha256 = p.scenario_sha256.clone();
    manifest.command_line = argv.to_vec();
    if let Some(list) = first_manifest["overrides"].as_array() {
        manifest.overrides = list
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
    }
    files.sort();
    manifest.files = files;
    let shards = parts
        .first()
        .and_then(|(_, f)| f.shard)
        .map_or(1, |s| s.count);
    let from: Vec<String> = folders.iter().map(|f| f.display().to_string()).collect();
    for (key, value) in [
        ("runs", json!(p.runs)),
        ("runs_completed", json!(merged.completed_runs())),
        ("shards", json!(shards)),
        ("merged_from", json!(from)),
        ("partial", json!(!merged.is_complete())),
    ] {
        manifest.extra.insert(key.to_owned(), value);
    }
    report::write_manifest(&dir, manifest)?;
    let path = dir.finish()?;
    if json {
        print!("{}", summary_json(&result));
    } else if !quiet {
        print!("{}", summary(&result, None));
        println!("results in {}", path.display());
    }
    Ok(())
}
