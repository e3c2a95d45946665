//! The HTML report of an output folder: `report.html`, one self-contained
//! page to project in a classroom or attach to a written report.
//!
//! Any folder that lobbysim wrote (`run`, `ensemble`, `compare`, `sweep`,
//! `sensitivity`, `backtest` or `calibrate`, as its `manifest.json` says)
//! becomes one page with:
//!
//! - the scenario's title, name and description, re-loaded from the scenario
//!   file the manifest names (with the manifest's overrides applied) when it is
//!   still there, otherwise taken from the manifest and the summary;
//! - the result: the ballot's rounds for a run, `summary.txt` and
//!   `summary.json` as tables for the other kinds;
//! - every chart in the folder (PNG, and SVG), embedded as a `data:` URI, in
//!   an order that suits the kind, with captions;
//! - the main tables, shortened where long (states sorted so the closest or
//!   most decisive come first, time series at a few dates), with a note;
//! - the provenance from the manifest.
//!
//! The page has inline CSS, no script and no external resource; everything
//! read from files is HTML-escaped. Units are those of the files shown:
//! probabilities appear as percentages, votes as counts of member states.
//!
//! ```no_run
//! # fn demo() -> Result<(), lobbysim::report::html::HtmlReportError> {
//! use std::path::Path;
//! let page = lobbysim::report::html::write_report(Path::new("output/three-candidates-seed7"), false)?;
//! println!("{}", page.display());
//! # Ok(()) }
//! ```

mod conference;
mod folder;
mod json;
mod kinds;
mod markup;
mod page;
mod tables;
mod validation;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

pub use folder::{CandidateLabel, FolderKind, ManifestView, ScenarioInfo, ScenarioSource};
pub use json::Json;
pub use markup::escape;

use super::manifest::MANIFEST_FILE;

/// File name of the report inside the folder it describes.
pub const REPORT_FILE: &str = "report.html";

/// Why a report could not be made.
#[derive(Debug, Error)]
pub enum HtmlReportError {
    /// The path given is not a folder.
    #[error("{} is not a folder; give the folder that `lobbysim run`, `ensemble`, `compare`, `sweep`, `sensitivity`, `backtest` or `calibrate` wrote", path.display())]
    NotAFolder { path: PathBuf },
    /// The folder has no manifest, so what it holds is unknown.
    #[error("{} has no {MANIFEST_FILE}: not a lobbysim output folder (run, ensemble, compare, sweep, sensitivity, backtest or calibrate)", path.display())]
    NoManifest { path: PathBuf },
    /// The manifest cannot be read as one.
    #[error("cannot read {}: {reason}", path.display())]
    BadManifest { path: PathBuf, reason: String },
    /// The manifest names a kind of folder this version cannot show.
    #[error("{}: unknown kind of output {command:?}; lobbysim report knows run, ensemble, compare, sweep, sensitivity, backtest and calibrate folders", path.display())]
    UnknownKind { path: PathBuf, command: String },
    /// A file of the folder cannot be read: not a regular file (a pipe or
    /// a device), too large, or unreadable.
    #[error("cannot read {}: {reason}", path.display())]
    Unreadable { path: PathBuf, reason: String },
    /// `report.html` exists and replacing it was not asked for.
    #[error("{} already exists; use --force to replace it", path.display())]
    ReportExists { path: PathBuf },
    /// A file-system operation failed.
    #[error("cannot {action} {}: {cause}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        cause: io::Error,
    },
}

impl HtmlReportError {
    /// True when the user can fix it: another folder, or `--force`.
    pub fn is_user_error(&self) -> bool {
        !matches!(self, HtmlReportError::Io { .. })
    }

    fn io(action: &'static str, path: &Path, cause: io::Error) -> Self {
        HtmlReportError::Io {
            action,
            path: path.to_path_buf(),
            cause,
        }
    }
}

/// Renders the report of output folder `dir` as one HTML page.
///
/// Relative scenario paths in the manifest are read relative to the current
/// directory, as the command that wrote the folder read them.
pub fn render(dir: &Path) -> Result<String, HtmlReportError> {
    let folder = folder::Folder::open(dir)?;
    Ok(kinds::render(&folder))
}

/// Writes `dir/report.html` (see [`render`]) and returns its path.
///
/// Refuses to replace an existing report unless `force`. The page is written
/// to a temporary file in `dir` and moved into place, so a reader never sees
/// half a page.
pub fn write_report(dir: &Path, force: bool) -> Result<PathBuf, HtmlReportError> {
    let target = dir.join(REPORT_FILE);
    // Fail before any work when the answer is already known.
    if !force && fs::symlink_metadata(&target).is_ok() && dir.is_dir() {
        return Err(HtmlReportError::ReportExists { path: target });
    }
    let html = render(dir)?;
    let temp = dir.join(format!(".{REPORT_FILE}.partial-{}", std::process::id()));
    let written = write_synced(&temp, html.as_bytes())
        .map_err(|e| HtmlReportError::io("write", &temp, e))
        .and_then(|()| move_into_place(&temp, &target, force));
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written.map(|()| target)
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Renames `temp` to `target`; without `force`, never replaces a file that
/// appeared meanwhile (a hard link fails if the target exists).
fn move_into_place(temp: &Path, target: &Path, force: bool) -> Result<(), HtmlReportError> {
    if force {
        return fs::rename(temp, target)
            .map_err(|e| HtmlReportError::io("move report into", target, e));
    }
    match fs::hard_link(temp, target) {
        Ok(()) => {
            let _ = fs::remove_file(temp);
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(HtmlReportError::ReportExists {
            path: target.to_path_buf(),
        }),
        // File systems without hard links: check, then rename.
        Err(_) if fs::symlink_metadata(target).is_ok() => Err(HtmlReportError::ReportExists {
            path: target.to_path_buf(),
        }),
        Err(_) => {
            fs::rename(temp, target).map_err(|e| HtmlReportError::io("move report into", target, e))
        }
    }
}
