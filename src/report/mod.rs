//! The report layer: what one run leaves on disk.
//!
//! It reads only the plain [`RunResult`](crate::result::RunResult) and writes,
//! into an [`OutputDir`] that appears whole or not at all:
//!
//! - `timeseries.csv`, `states.csv`, `ballot.csv`: the tables ([`csv`]);
//! - `manifest.json`: what produced them ([`manifest`]), written last by the caller.

pub mod csv;
pub mod manifest;
pub mod output;

use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;

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
    /// The output path cannot name a folder.
    #[error("cannot use {} as output folder: {reason}", path.display())]
    OutputPath { path: PathBuf, reason: String },
    /// A file name inside the output folder is not acceptable.
    #[error("cannot write output file {name:?}: {reason}")]
    FileName { name: String, reason: String },
    /// A file-system operation failed.
    #[error("cannot {action} {}: {cause}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        cause: io::Error,
    },
}

impl ReportError {
    pub(crate) fn io(action: &'static str, path: &Path, cause: io::Error) -> Self {
        ReportError::Io {
            action,
            path: path.to_path_buf(),
            cause,
        }
    }
}

#[cfg(test)]
pub(crate) mod fixtures;
