//! What an ensemble runs: how many runs, from which seed, on how many worker
//! threads, and which slice of the run indices (a shard) this process computes.
//!
//! # Blocks and shards
//!
//! Run indices `0..runs` are cut into blocks of [`BLOCK_RUNS`] consecutive
//! indices (the last block may be shorter). A block is the unit of work: its
//! runs are computed in parallel, then folded into the aggregate, and the
//! aggregate file records which blocks are complete.
//!
//! Shard `K/M` (1-based) takes a contiguous range of whole blocks: blocks
//! `floor((K-1) * B / M) .. floor(K * B / M)` of the `B` blocks. The shards
//! `1/M ..= M/M` therefore cover `0..runs` exactly once, in order; with more
//! shards than blocks some shards are empty.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Runs per block: the unit of parallel work, of progress and of resumption.
pub const BLOCK_RUNS: u64 = 256;

/// How to run an ensemble.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnsembleConfig {
    /// Number of runs of the whole ensemble (all shards together).
    pub runs: u64,
    /// The ensemble's master seed; run `i` uses `model::rng::run_seed(seed, i)`.
    pub seed: u64,
    /// Worker threads (at least 1).
    pub threads: usize,
    /// The slice of run indices this process computes; `None` for all.
    pub shard: Option<Shard>,
}

impl EnsembleConfig {
    /// The run indices this configuration computes, as whole blocks.
    pub fn blocks(&self) -> Vec<Range<u64>> {
        let blocks = block_count(self.runs);
        let (first, last) = match self.shard {
            None => (0, blocks),
            Some(s) => s.block_range(blocks),
        };
        (first..last).map(|b| block(self.runs, b)).collect()
    }

    /// The range of run indices this configuration computes.
    pub fn run_range(&self) -> Range<u64> {
        let blocks = self.blocks();
        match (blocks.first(), blocks.last()) {
            (Some(a), Some(b)) => a.start..b.end,
            _ => 0..0,
        }
    }
}

/// Number of blocks of an ensemble of `runs` runs.
pub fn block_count(runs: u64) -> u64 {
    runs.div_ceil(BLOCK_RUNS)
}

/// Run indices of block `b`.
pub fn block(runs: u64, b: u64) -> Range<u64> {
    let start = b * BLOCK_RUNS;
    start..(start + BLOCK_RUNS).min(runs)
}

/// Shard `index` of `count`, both 1-based (`3/4` is the third of four).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// A shard, if `1 <= index <= count`.
    pub fn new(index: u64, count: u64) -> Option<Shard> {
        (index >= 1 && index <= count).then_some(Shard { index, count })
    }

    /// Blocks `first..last` of `blocks` that this shard takes.
    pub fn block_range(&self, blocks: u64) -> (u64, u64) {
        let cut = |k: u64| ((u128::from(k) * u128::from(blocks)) / u128::from(self.count)) as u64;
        (cut(self.index - 1), cut(self.index))
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Why a `K/M` shard could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid shard `{0}`: expected K/M with 1 <= K <= M, e.g. 2/4 for the second of four shards"
)]
pub struct ShardSyntaxError(pub String);

impl FromStr for Shard {
    type Err = ShardSyntaxError;

    fn from_str(text: &str) -> Result<Shard, ShardSyntaxError> {
        let bad = || ShardSyntaxError(text.to_string());
        let (k, m) = text.split_once('/').ok_or_else(bad)?;
        let k: u64 = k.trim().parse().map_err(|_| bad())?;
        let m: u64 = m.trim().parse().map_err(|_| bad())?;
        Shard::new(k, m).ok_or_else(bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(runs: u64, shard: Option<Shard>) -> EnsembleConfig {
        EnsembleConfig {
            runs,
            seed: 1,
            threads: 1,
            shard,
        }
    }

    #[test]
    fn blocks_cover_the_runs_in_order() {
        let blocks = config(600, None).blocks();
        assert_eq!(blocks, vec![0..256, 256..512, 512..600]);
        assert!(config(0, None).blocks().is_empty());
        assert_eq!(config(256, None).blocks(), vec![0..256]);
    }

    #[test]
    fn shards_partition_the_runs() {
        for runs in [0, 1, 255, 256, 257, 1000, 5000] {
            for m in 1..=7 {
                let mut next = 0;
                for k in 1..=m {
                    let c = config(runs, Shard::new(k, m));
                    for b in c.blocks() {
                        assert_eq!(b.start, next, "runs {runs}, shard {k}/{m}");
                        next = b.end;
                    }
                }
                assert_eq!(next, runs, "runs {runs}, {m} shards");
            }
        }
    }

    #[test]
    fn shard_syntax() {
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, count: 4 }));
        assert_eq!(" 1 / 1 ".parse(), Ok(Shard { index: 1, count: 1 }));
        for bad in ["0/4", "5/4", "2", "a/b", "1/0", "-1/2"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        assert_eq!(Shard { index: 3, count: 8 }.to_string(), "3/8");
    }
}
