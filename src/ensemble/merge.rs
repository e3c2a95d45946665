//! Combining the aggregates of an ensemble's shards into the aggregate of the
//! whole ensemble, refusing anything that would not equal a single run:
//! shards of different scenarios, overrides, seeds, run counts, program
//! versions or shard splits, unfinished shards, and missing or duplicate
//! shards.

use crate::ensemble::file::CompletedRuns;
use std::collections::BTreeMap;
use std::path::PathBuf;

use super::config::Shard;
use super::file::{AggregateFile, RunRange, join_ranges};
use super::runs_table::RunsTable;

/// Why shards could not be merged. Each message names the folders involved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("nothing to merge: give the folders of an ensemble's shards")]
    Nothing,
    #[error(
        "{} and {} come from different scenario files (SHA-256 {} and {}); merge only shards of one scenario",
        first.display(), other.display(), short(a), short(b)
    )]
    DifferentScenario {
        first: PathBuf,
        other: PathBuf,
        a: String,
        b: String,
    },
    #[error(
        "{} and {} ran the scenario with different --set/--disable overrides; merge only shards run with the same ones",
        first.display(), other.display()
    )]
    DifferentOverrides { first: PathBuf, other: PathBuf },
    #[error("{} and {} used different seeds ({a} and {b}); merge only shards of one ensemble", first.display(), other.display())]
    DifferentSeed {
        first: PathBuf,
        other: PathBuf,
        a: u64,
        b: u64,
    },
    #[error("{} and {} are ensembles of different sizes ({a} and {b} runs)", first.display(), other.display())]
    DifferentRuns {
        first: PathBuf,
        other: PathBuf,
        a: u64,
        b: u64,
    },
    #[error(
        "{} and {} were computed by different versions of lobbysim ({a} and {b}); rerun the shards with one version",
        first.display(), other.display()
    )]
    DifferentVersion {
        first: PathBuf,
        other: PathBuf,
        a: String,
        b: String,
    },
    #[error("{} and {} come from different shard splits ({a} and {b})", first.display(), other.display())]
    DifferentSplit {
        first: PathBuf,
        other: PathBuf,
        a: String,
        b: String,
    },
    #[error("{} and {} are both shard {shard}", first.display(), other.display())]
    DuplicateShard {
        first: PathBuf,
        other: PathBuf,
        shard: String,
    },
    #[error("missing shard(s) {} of {count}: add their folders", list(missing))]
    MissingShards { missing: Vec<u64>, count: u64 },
    #[error(
        "{} is unfinished ({done} of {expected} runs): finish it with `lobbysim ensemble --resume` first",
        folder.display()
    )]
    Unfinished {
        folder: PathBuf,
        done: u64,
        expected: u64,
    },
    #[error("{} does not hold the same tables as {}: {reason}", other.display(), first.display())]
    Inconsistent {
        first: PathBuf,
        other: PathBuf,
        reason: String,
    },
}

fn short(hash: &str) -> &str {
    &hash[..hash.len().min(12)]
}

fn list(v: &[u64]) -> String {
    v.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
}

fn split_name(s: Option<Shard>) -> String {
    match s {
        Some(s) => format!("{} shards", s.count),
        None => "an unsharded ensemble".to_string(),
    }
}

/// Merge the aggregates of all shards of one ensemble (each with the folder
/// it came from, for messages). An unsharded ensemble counts as shard 1/1.
/// The result is the aggregate of the whole ensemble, as a single run would
/// have written it (no shard).
pub fn merge(parts: &[(PathBuf, AggregateFile)]) -> Result<AggregateFile, MergeError> {
    let Some((first_path, first)) = parts.first() else {
        return Err(MergeError::Nothing);
    };
    let count = |f: &AggregateFile| f.shard.map_or(1, |s| s.count);
    let index = |f: &AggregateFile| f.shard.map_or(1, |s| s.index);
    let mut seen: BTreeMap<u64, &PathBuf> = BTreeMap::new();
    for (path, f) in parts {
        let (a, b) = (&first.provenance, &f.provenance);
        let pair = || (first_path.clone(), path.clone());
        if a.version != b.version || a.format != b.format {
            let (first, other) = pair();
            return Err(MergeError::DifferentVersion {
                first,
                other,
                a: a.version.clone(),
                b: b.version.clone(),
            });
        }
        if a.scenario_sha256 != b.scenario_sha256 {
            let (first, other) = pair();
            return Err(MergeError::DifferentScenario {
                first,
                other,
                a: a.scenario_sha256.clone(),
                b: b.scenario_sha256.clone(),
            });
        }
        if a.model_sha256 != b.model_sha256 {
            let (first, other) = pair();
            return Err(MergeError::DifferentOverrides { first, other });
        }
        if a.seed != b.seed {
            let (first, other) = pair();
            return Err(MergeError::DifferentSeed {
                first,
                other,
                a: a.seed,
                b: b.seed,
            });
        }
        if a.runs != b.runs {
            let (first, other) = pair();
            return Err(MergeError::DifferentRuns {
                first,
                other,
                a: a.runs,
                b: b.runs,
            });
        }
        if count(first) != count(f) {
            let (first_folder, other) = pair();
            return Err(MergeError::DifferentSplit {
                first: first_folder,
                other,
                a: split_name(first.shard),
                b: split_name(f.shard),
            });
        }
        if let Some(previous) = seen.insert(index(f), path) {
            return Err(MergeError::DuplicateShard {
                first: previous.clone(),
                other: path.clone(),
                shard: format!("{}/{}", index(f), count(f)),
            });
        }
        if !f.is_complete() {
            return Err(MergeError::Unfinished {
                folder: path.clone(),
                done: f.completed_runs(),
                expected: f.expected_range().end - f.expected_range().start,
            });
        }
        if f.frame != first.frame {
            let (first, other) = pair();
            return Err(MergeError::Inconsistent {
                first,
                other,
                reason: "names, dates or states differ".to_string(),
            });
        }
    }
    let m = count(first);
    let missing: Vec<u64> = (1..=m).filter(|k| !seen.contains_key(k)).collect();
    if !missing.is_empty() {
        return Err(MergeError::MissingShards { missing, count: m });
    }
    let mut whole = first.clone();
    whole.shard = None;
    whole.runs_table = if parts.iter().all(|(_, f)| f.runs_table.is_some()) {
        Some(RunsTable::join(
            parts
                .iter()
                .filter_map(|(_, f)| f.runs_table.clone())
                .collect(),
        ))
    } else {
        None
    };
    for (path, f) in &parts[1..] {
        whole
            .aggregate
            .merge(&f.aggregate)
            .map_err(|e| MergeError::Inconsistent {
                first: first_path.clone(),
                other: path.clone(),
                reason: e.to_string(),
            })?;
        whole.completed.extend(f.completed.iter().copied());
    }
    whole.completed = join_ranges(&whole.completed);
    let all = vec![RunRange {
        start: 0,
        end: whole.provenance.runs,
    }];
    if whole.provenance.runs > 0 && whole.completed != all {
        return Err(MergeError::Inconsistent {
            first: first_path.clone(),
            other: parts[parts.len() - 1].0.clone(),
            reason: "the shards' completed runs do not cover the ensemble".to_string(),
        });
    }
    Ok(whole)
}
