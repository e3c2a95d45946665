//! The per-run table of an ensemble: each run's index, seed, drawn numbers
//! and ballot, kept in run order so that shards, resume and merge give the
//! same table as one process (docs/ENSEMBLE.md, "The per-run table").
//!
//! Unlike the aggregate's totals, the table grows with the runs (about 100
//! bytes per run and drawn number); `--no-runs-table` leaves it out.

use serde::{Deserialize, Serialize};

use crate::model::RunOutput;
use crate::result::RoundResult;

/// One run of an ensemble.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunRecord {
    pub run: u64,
    pub seed: u64,
    /// Drawn values, named by [`RunsTable::parameters`].
    pub parameters: Vec<f64>,
    pub rounds: Vec<RoundResult>,
    pub elected: Option<usize>,
}

impl RunRecord {
    /// The record of run `run`.
    pub fn of(run: u64, out: &RunOutput) -> RunRecord {
        RunRecord {
            run,
            seed: out.seed,
            parameters: out.parameters.clone(),
            rounds: out.ballot.rounds.clone(),
            elected: out.ballot.elected,
        }
    }

    /// First-round votes for candidate `c` (0 if no round was held).
    pub fn first_round_votes(&self, c: usize) -> u32 {
        self.rounds.first().map_or(0, |r| r.tally[c])
    }
}

/// The runs of an ensemble (or shard) in run order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunsTable {
    /// Names of the drawn values (`--set` paths, `shocks.ID`).
    pub parameters: Vec<String>,
    pub runs: Vec<RunRecord>,
}

impl RunsTable {
    /// Join tables of disjoint run ranges into one in run order.
    pub fn join(mut parts: Vec<RunsTable>) -> RunsTable {
        parts.sort_by_key(|t| t.runs.first().map_or(u64::MAX, |r| r.run));
        let parameters = parts
            .first()
            .map(|t| t.parameters.clone())
            .unwrap_or_default();
        RunsTable {
            parameters,
            runs: parts.into_iter().flat_map(|t| t.runs).collect(),
        }
    }
}
