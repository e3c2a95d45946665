//! The aggregate file of a conference ensemble
//! (`conference_aggregate.json`): the totals with what is needed to continue
//! them (`--resume`): the identity of the scenario and of the program, the
//! seed, the runs, the shard, which runs are complete, and the per-run table.
//! As for one post ([`super::file`]), the totals are integer counts, so a
//! file read back and continued equals an uninterrupted run's, byte for byte.

use crate::ensemble::file::CompletedRuns;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::aggregate::{Aggregate, Dims};
use super::conference::ConferenceAggregate;
use super::conference_frame::ConferenceFrame;
use super::config::{EnsembleConfig, Shard};
use super::file::{
    AGGREGATE_FORMAT, AggregateFileError, MAX_AGGREGATE_BYTES, PROGRAM_VERSION, Provenance,
    RunRange, join_ranges,
};
use super::frame::EnsembleFrame;

/// The name of a conference's aggregate file in an output folder.
pub const CONFERENCE_AGGREGATE_FILE: &str = "conference_aggregate.json";

/// A conference ensemble's totals and how far it has got.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConferenceFile {
    pub provenance: Provenance,
    /// The shard these runs belong to; `None` for a whole ensemble.
    pub shard: Option<Shard>,
    /// Complete run index ranges, sorted, disjoint and not adjacent.
    pub completed: Vec<RunRange>,
    pub frame: ConferenceFrame,
    pub aggregate: ConferenceAggregate,
    /// Each post's totals as an ensemble of one post, in ballot order.
    pub posts: Vec<PostEnsemble>,
    /// The per-run table, in run order, if the ensemble keeps one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runs_table: Option<ConferenceRunsTable>,
}

super::file::completed_runs_of!(ConferenceFile);

/// One post's totals, as those of an ensemble of that post alone
/// ([`super::aggregate`]), its per-post files are written from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostEnsemble {
    pub frame: EnsembleFrame,
    pub aggregate: Aggregate,
}

impl PostEnsemble {
    /// Empty totals of a post of this frame.
    pub fn new(frame: EnsembleFrame) -> PostEnsemble {
        let dims = Dims {
            dates: frame.dates.len(),
            candidates: frame.k(),
            states: frame.n(),
            max_rounds: frame.max_rounds,
        };
        PostEnsemble {
            frame,
            aggregate: Aggregate::new(dims),
        }
    }

    /// Whether its totals fit its frame and hold `runs` runs.
    fn fits(&self, runs: u64) -> bool {
        let a = &self.aggregate;
        a.is_well_formed()
            && a.runs == runs
            && a.dims.states == self.frame.n()
            && a.dims.candidates == self.frame.k()
            && a.dims.dates == self.frame.dates.len()
    }
}

/// The runs of a conference ensemble, in run order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConferenceRunsTable {
    /// Names of the drawn values (`--set` paths, `shocks.ID`).
    pub parameters: Vec<String>,
    pub runs: Vec<ConferenceRunRecord>,
}

/// One run of a conference ensemble.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConferenceRunRecord {
    pub run: u64,
    pub seed: u64,
    /// Drawn values, named by [`ConferenceRunsTable::parameters`], as the
    /// bits of each `f64` (so that the file compares exactly).
    pub parameters: Vec<u64>,
    /// Per post, in ballot order.
    pub posts: Vec<PostRecord>,
    /// Per deal, per side: whether the side kept the deal.
    pub kept: Vec<Vec<bool>>,
}

/// One post in one run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostRecord {
    pub rounds: u32,
    /// Candidates elected, in the order of election.
    pub winners: Vec<usize>,
}

impl ConferenceRunRecord {
    /// The record of run `run`.
    pub fn of(run: u64, out: &crate::result::ConferenceResult) -> ConferenceRunRecord {
        ConferenceRunRecord {
            run,
            seed: out.seed,
            parameters: out.parameters.iter().map(|p| p.value.to_bits()).collect(),
            posts: out
                .posts
                .iter()
                .map(|p| PostRecord {
                    rounds: p.result.ballot.rounds.len() as u32,
                    winners: p.result.ballot.winners.clone(),
                })
                .collect(),
            kept: out.deals.iter().map(|d| d.kept.clone()).collect(),
        }
    }

    /// The drawn values.
    pub fn values(&self) -> impl Iterator<Item = f64> + '_ {
        self.parameters.iter().map(|&b| f64::from_bits(b))
    }
}

impl ConferenceFile {
    /// An empty file for this configuration.
    pub fn new(
        scenario_sha256: &str,
        model_sha256: &str,
        config: &EnsembleConfig,
        frame: ConferenceFrame,
        post_frames: Vec<EnsembleFrame>,
    ) -> ConferenceFile {
        ConferenceFile {
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
            aggregate: ConferenceAggregate::new(&frame),
            frame,
            posts: post_frames.into_iter().map(PostEnsemble::new).collect(),
            runs_table: None,
        }
    }

    /// The file's text: compact JSON, ending with a newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Read a conference's aggregate file, checking its format and shapes.
    pub fn read(path: &Path) -> Result<ConferenceFile, AggregateFileError> {
        let bytes = crate::plain_io::read_regular(path, MAX_AGGREGATE_BYTES).map_err(|source| {
            AggregateFileError::Read {
                path: path.to_path_buf(),
                source,
            }
        })?;
        let format_error = |message: String| AggregateFileError::Format {
            path: PathBuf::from(path),
            message,
        };
        let file: ConferenceFile =
            serde_json::from_slice(&bytes).map_err(|e| format_error(e.to_string()))?;
        if file.provenance.format != AGGREGATE_FORMAT {
            return Err(format_error(format!(
                "it has format {}, this version reads format {AGGREGATE_FORMAT}",
                file.provenance.format
            )));
        }
        let table_fits = file.runs_table.as_ref().is_none_or(|t| {
            t.runs.len() as u64 == file.aggregate.runs
                && t.runs.iter().all(|r| {
                    r.parameters.len() == t.parameters.len()
                        && r.posts.len() == file.frame.posts.len()
                })
        });
        if !file.aggregate.is_well_formed(&file.frame)
            || file.completed != join_ranges(&file.completed)
            || file.completed_runs() != file.aggregate.runs
            || !table_fits
            || file.posts.len() != file.frame.posts.len()
            || !file.posts.iter().all(|p| p.fits(file.aggregate.runs))
        {
            return Err(format_error(
                "its tables do not match its own sizes or completed runs".to_string(),
            ));
        }
        Ok(file)
    }
}
