//! The report layer: what one run leaves on disk.
//!
//! It reads only the plain [`RunResult`](crate::result::RunResult) and writes,
//! into an [`OutputDir`] that appears whole or not at all:
//!
//! - `timeseries.csv`, `timeseries_regions.csv`, `states.csv`,
//!   `state_votes.csv`, `ballot.csv`: the tables ([`csv`], tidy; every
//!   column is in docs/OUTPUTS.md);
//! - `support.png`, `regions.png`, `hemicycle.png` (or `.svg`): the charts ([`charts`]);
//! - `manifest.json`: what produced them ([`manifest`]), written last by the caller.
//!
//! The analyses' tables and summaries are in [`compare`], [`sweep`],
//! [`sensitivity`], [`backtest`] and [`calibrate`] ([`summary`] names the
//! summary files).
//! [`html`] turns any finished output folder into one self-contained page,
//! `report.html`.
//!
//! ```no_run
//! # fn demo(result: &lobbysim::result::RunResult) -> Result<(), lobbysim::report::ReportError> {
//! use lobbysim::report::{self, ImageFormat, Manifest, OutputDir};
//!
//! let dir = OutputDir::create("output/pp22", false)?;
//! report::write_run(&dir, result, ImageFormat::Png)?;
//! let manifest = Manifest::new("run", "scenarios/pp22.ron", b"scenario file bytes", result.seed);
//! report::write_manifest(&dir, manifest)?;
//! dir.finish()?;
//! # Ok(()) }
//! ```

pub mod backtest;
pub mod calibrate;
pub mod charts;
pub mod compare;
pub mod conference_ensemble;
pub mod csv;
pub mod ensemble;
pub mod html;
pub mod json_text;
pub mod manifest;
pub mod output;
pub mod posts;
pub mod runs;
pub mod sensitivity;
pub mod summary;
pub mod sweep;
pub mod variant_runs;

use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::result::RunResult;

pub use charts::{ImageFormat, write_run_charts};
pub use manifest::{Manifest, sha256_hex, write_manifest};
pub use output::OutputDir;

/// Why an output could not be written. Messages name the path concerned.
#[derive(Debug, Error)]
pub enum ReportError {
    /// The output folder exists and replacing it was not asked for.
    #[error(
        "output folder {} already exists; use --force to replace it or choose another --out",
        path.display()
    )]
    OutputExists { path: PathBuf },
    /// `--force` was given, but what stands at the path is not an output
    /// folder that lobbysim wrote.
    #[error(
        "refusing to replace {} with --force: {reason}. --force replaces only an output folder that lobbysim wrote (its manifest.json says so and lists every file in it); move the other files away, or choose another --out",
        path.display()
    )]
    NotReplaceable { path: PathBuf, reason: String },
    /// Another lobbysim command is writing the same output folder.
    #[error(
        "another lobbysim command is writing to {} (it holds {}); wait for it to finish, or, if none is running, remove {} and try again",
        path.display(),
        lock.display(),
        lock.display()
    )]
    OutputBusy { path: PathBuf, lock: PathBuf },
    /// The output path cannot name a folder.
    #[error("cannot use {} as output folder: {reason}", path.display())]
    OutputPath { path: PathBuf, reason: String },
    /// A file name inside the output folder is not acceptable.
    #[error("cannot write output file {name:?}: {reason}")]
    FileName { name: String, reason: String },
    /// A file-system operation failed.
    #[error("cannot {action} {}: {}", path.display(), plain_io(cause))]
    Io {
        action: &'static str,
        path: PathBuf,
        cause: io::Error,
    },
    /// A chart could not be drawn.
    #[error("cannot draw chart {}: {message}", path.display())]
    Chart { path: PathBuf, message: String },
}

impl ReportError {
    /// True when the user can fix it by choosing another folder or `--force`.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            ReportError::OutputExists { .. }
                | ReportError::OutputPath { .. }
                | ReportError::NotReplaceable { .. }
                | ReportError::OutputBusy { .. }
        )
    }

    pub(crate) fn io(action: &'static str, path: &Path, cause: io::Error) -> Self {
        ReportError::Io {
            action,
            path: path.to_path_buf(),
            cause,
        }
    }
}

pub use crate::plain_io::{plain_io, plain_os_text};

/// Writes the tables and charts of one run into `dir` and returns the names
/// of the files written. The manifest is left to the caller
/// ([`write_manifest`]), which knows the command line.
pub fn write_run(
    dir: &OutputDir,
    result: &RunResult,
    format: ImageFormat,
) -> Result<Vec<String>, ReportError> {
    let mut written = csv::write_run_tables(dir, result)?;
    written.extend(write_run_charts(dir, result, format)?);
    Ok(written)
}

#[cfg(test)]
pub(crate) mod fixtures;
