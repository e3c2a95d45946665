//! The aggregate file (`aggregate.json`): an ensemble's totals with
//! everything needed to continue it (`--resume`) or to combine shards
//! (`merge`) exactly: the identity of the scenario and of the program, the
//! seed, the runs, the shard, and which runs are complete.
//!
//! Because the totals are integer counts, an aggregate read back and
//! continued, or several added together, equal the aggregate of an
//! uninterrupted run, and write the same bytes.

use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::aggregate::{Aggregate, Dims};
use super::config::{EnsembleConfig, Shard};
use super::frame::EnsembleFrame;
use super::runs_table::RunsTable;
use crate::scenario::Scenario;

/// The version of the aggregate file's layout; files of another version are refused.
pub const AGGREGATE_FORMAT: u32 = 1;

/// The name of the aggregate file in an output folder.
pub const AGGREGATE_FILE: &str = "aggregate.json";

/// The version of this program, recorded in aggregate files.
pub const PROGRAM_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Who and what produced an aggregate: two aggregates can be combined only if
/// these are equal (apart from the shard).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// [`AGGREGATE_FORMAT`] of the writer.
    pub format: u32,
    /// Version of lobbysim that computed the runs.
    pub version: String,
    /// SHA-256 of the scenario file(s) as given on the command line.
    pub scenario_sha256: String,
    /// SHA-256 of the scenario as run, after `--set` and `--disable` overrides.
    pub model_sha256: String,
    /// The ensemble's master seed.
    pub seed: u64,
    /// Runs of the whole ensemble (all shards).
    pub runs: u64,
}

/// An ensemble's totals and how far it has got.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AggregateFile {
    pub provenance: Provenance,
    /// The shard these runs belong to; `None` for a whole ensemble.
    pub shard: Option<Shard>,
    /// Run index ranges `[start, end)` that are complete, sorted, disjoint
    /// and not adjacent (adjacent ranges are joined).
    pub completed: Vec<RunRange>,
    pub frame: EnsembleFrame,
    pub aggregate: Aggregate,
    /// The per-run table, in run order, if the ensemble keeps one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runs_table: Option<RunsTable>,
}

/// Run indices `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunRange {
    pub start: u64,
    pub end: u64,
}

impl From<Range<u64>> for RunRange {
    fn from(r: Range<u64>) -> RunRange {
        RunRange {
            start: r.start,
            end: r.end,
        }
    }
}

/// Why an aggregate file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum AggregateFileError {
    #[error("cannot read {}: {}", path.display(), crate::plain_io::plain_io(source))]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not an ensemble aggregate file this version can read: {message}", path.display())]
    Format { path: PathBuf, message: String },
}

/// Largest aggregate file read (its histograms take kilobytes to a few
/// megabytes).
pub const MAX_AGGREGATE_BYTES: u64 = 1024 * 1024 * 1024;

/// SHA-256 of a scenario as run (its canonical JSON form), hex encoded.
pub fn model_sha256(s: &Scenario) -> String {
    let text = serde_json::to_vec(s).unwrap_or_default();
    format!("{:x}", Sha256::digest(&text))
}

impl AggregateFile {
    /// An empty aggregate for this configuration.
    pub fn new(
        scenario_sha256: &str,
        model_sha256: &str,
        config: &EnsembleConfig,
        frame: EnsembleFrame,
    ) -> AggregateFile {
        let dims = Dims {
            dates: frame.dates.len(),
            candidates: frame.k(),
            states: frame.n(),
            max_rounds: frame.max_rounds,
        };
        AggregateFile {
            provenance: Provenance {
                format: AGGREGATE_FORMAT,
                version: PROGRAM_VERSION.to_string(),
                scenario_sha256: scenario_sha256.to_string(),
                model_sha256: model_sha256.to_string(),
                seed: config.seed,
                runs: config.runs,
            },
            shard: config.shard,
            completed: Vec::new(),
            frame,
            aggregate: Aggregate::new(dims),
            runs_table: None,
        }
    }

    /// Read an aggregate file, checking its format version and shapes.
    pub fn read(path: &Path) -> Result<AggregateFile, AggregateFileError> {
        // Bounded: a FIFO or device in its place must not block or fill memory.
        let bytes = crate::plain_io::read_regular(path, MAX_AGGREGATE_BYTES).map_err(|source| {
            AggregateFileError::Read {
                path: path.to_path_buf(),
                source,
            }
        })?;
        let text = String::from_utf8(bytes).map_err(|_| AggregateFileError::Format {
            path: path.to_path_buf(),
            message: "it is not UTF-8 text".to_owned(),
        })?;
        let format_error = |message: String| AggregateFileError::Format {
            path: path.to_path_buf(),
            message,
        };
        // Check the format number first, so that an old file gets a clear message.
        #[derive(Deserialize)]
        struct Header {
            provenance: FormatOnly,
        }
        #[derive(Deserialize)]
        struct FormatOnly {
            format: u32,
        }
        let header: Header =
            serde_json::from_str(&text).map_err(|e| format_error(e.to_string()))?;
        if header.provenance.format != AGGREGATE_FORMAT {
            return Err(format_error(format!(
                "it has format {}, this version reads format {AGGREGATE_FORMAT}",
                header.provenance.format
            )));
        }
        let file: AggregateFile =
            serde_json::from_str(&text).map_err(|e| format_error(e.to_string()))?;
        if !file.aggregate.is_well_formed()
            || file.aggregate.dims.states != file.frame.n()
            || file.aggregate.dims.candidates != file.frame.k()
            || file.aggregate.dims.dates != file.frame.dates.len()
            || file.completed != join_ranges(&file.completed)
            || file.completed_runs() != file.aggregate.runs
        {
            return Err(format_error(
                "its tables do not match its own sizes or completed runs".to_string(),
            ));
        }
        Ok(file)
    }

    /// The file's text: compact JSON, ending with a newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Write the file to `path`.
    pub fn write(&self, path: &Path) -> Result<(), AggregateFileError> {
        fs::write(path, self.to_json()).map_err(|source| AggregateFileError::Write {
            path: path.to_path_buf(),
            source,
        })
    }
}

/// Which runs of an ensemble file are complete: the bookkeeping every kind
/// of ensemble file (one post's, a conference's) shares for resume and
/// shards.
pub trait CompletedRuns {
    fn provenance(&self) -> &Provenance;
    /// The shard these runs belong to; `None` for a whole ensemble.
    fn shard(&self) -> Option<Shard>;
    /// The complete runs, joined ranges in order.
    fn completed(&self) -> &[RunRange];
    fn completed_mut(&mut self) -> &mut Vec<RunRange>;

    /// Whether the runs `r` are all complete.
    fn is_done(&self, r: &Range<u64>) -> bool {
        r.is_empty()
            || self
                .completed()
                .iter()
                .any(|c| c.start <= r.start && r.end <= c.end)
    }

    /// Record the runs `r` as complete.
    fn mark_done(&mut self, r: Range<u64>) {
        let completed = self.completed_mut();
        completed.push(r.into());
        *completed = join_ranges(completed);
    }

    /// Number of runs recorded as complete.
    fn completed_runs(&self) -> u64 {
        self.completed().iter().map(|r| r.end - r.start).sum()
    }

    /// The runs this file's shard must cover.
    fn expected_range(&self) -> Range<u64> {
        EnsembleConfig {
            runs: self.provenance().runs,
            seed: self.provenance().seed,
            threads: 1,
            shard: self.shard(),
        }
        .run_range()
    }

    /// Whether every run of the shard (or ensemble) is complete.
    fn is_complete(&self) -> bool {
        self.is_done(&self.expected_range())
    }
}

/// [`CompletedRuns`] for a file type with `provenance`, `shard` and
/// `completed` fields.
macro_rules! completed_runs_of {
    ($file:ty) => {
        impl $crate::ensemble::file::CompletedRuns for $file {
            fn provenance(&self) -> &$crate::ensemble::file::Provenance {
                &self.provenance
            }
            fn shard(&self) -> Option<$crate::ensemble::config::Shard> {
                self.shard
            }
            fn completed(&self) -> &[$crate::ensemble::file::RunRange] {
                &self.completed
            }
            fn completed_mut(&mut self) -> &mut Vec<$crate::ensemble::file::RunRange> {
                &mut self.completed
            }
        }
    };
}
pub(crate) use completed_runs_of;

completed_runs_of!(AggregateFile);

/// Ranges sorted, with overlapping or adjacent ones joined; empty ones dropped.
pub fn join_ranges(ranges: &[RunRange]) -> Vec<RunRange> {
    let mut sorted: Vec<RunRange> = ranges.iter().copied().filter(|r| r.start < r.end).collect();
    sorted.sort();
    let mut out: Vec<RunRange> = Vec::with_capacity(sorted.len());
    for r in sorted {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rr(start: u64, end: u64) -> RunRange {
        RunRange { start, end }
    }

    #[test]
    fn ranges_join() {
        assert_eq!(
            join_ranges(&[
                rr(512, 768),
                rr(0, 256),
                rr(256, 512),
                rr(900, 900),
                rr(1000, 1100)
            ]),
            vec![rr(0, 768), rr(1000, 1100)]
        );
        assert_eq!(join_ranges(&[rr(0, 10), rr(5, 20)]), vec![rr(0, 20)]);
    }
}
