//! The ensemble's running totals: everything the reports need, kept as
//! integer counts so that memory stays bounded whatever the number of runs,
//! and so that adding runs, or whole shards, is exact and independent of the
//! order in which runs were computed.
//!
//! Contents, for `T` dates, `k` candidates and `n` member states:
//! - per date and candidate, histograms of the expected votes (bins of 0.01
//!   vote up to 20 states, else 0.1; 0 to n votes) and of the
//!   would-win-today probability (0.001 bins);
//! - per candidate, runs elected and a histogram of first-round votes
//!   (0 to n); runs with nobody elected; a histogram of the number of rounds
//!   held and one of the first round's majority;
//! - per state, counts of each kind of first-round paper (for each candidate,
//!   blank, absent), fixed-point sums of the probabilities of each (see
//!   [`super::digest::P_SCALE`]), runs in which its paper was pivotal, and
//!   runs in which it voted in the first round for the candidate finally
//!   elected, per candidate ([`super::decisiveness`]).

use serde::{Deserialize, Serialize};

use super::digest::{RunDigest, WIN_PROBABILITY_BINS, expected_votes_bins};
use super::histogram::Histogram;

/// Sizes of an aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dims {
    pub dates: usize,
    pub candidates: usize,
    pub states: usize,
    pub max_rounds: u32,
}

/// Integer totals over the runs added so far (module doc).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aggregate {
    pub dims: Dims,
    /// Runs added.
    pub runs: u64,
    /// `[t * k + c]`, bins of [`super::digest::expected_votes_resolution`] votes.
    pub expected_votes: Vec<Histogram>,
    /// `[t * k + c]`, bins of 0.001.
    pub win_probability: Vec<Histogram>,
    /// Runs in which each candidate was elected (to any of the seats).
    pub elected: Vec<u64>,
    /// Runs in which a seat stayed open (for one seat: nobody was elected).
    pub undecided: u64,
    /// Runs by number of rounds held (bin = rounds).
    pub rounds: Histogram,
    /// First-round votes per candidate (bin = votes).
    pub first_round_votes: Vec<Histogram>,
    /// The first round's majority (bin = votes).
    pub first_round_majority: Histogram,
    /// `[i * (k + 2) + j]`: runs in which state i's first-round paper was a
    /// vote for candidate j (`j < k`), blank (`k`) or absent (`k + 1`).
    pub papers: Vec<u64>,
    /// `[i * (k + 2) + j]`: fixed-point sums of the probabilities of the same.
    pub probability_sums: Vec<u64>,
    /// Runs in which state i's first-round paper was pivotal.
    pub pivotal: Vec<u64>,
    /// `[i * k + c]`: runs in which state i voted for c in the first round and c was elected.
    pub voted_for_elected: Vec<u64>,
}

/// Two aggregates of different shapes cannot be added.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the aggregates have different shapes ({expected:?} against {found:?})")]
pub struct ShapeMismatch {
    pub expected: Dims,
    pub found: Dims,
}

impl Aggregate {
    /// Empty totals of this shape.
    pub fn new(dims: Dims) -> Aggregate {
        let Dims {
            dates,
            candidates: k,
            states: n,
            max_rounds,
        } = dims;
        Aggregate {
            dims,
            runs: 0,
            expected_votes: vec![Histogram::new(expected_votes_bins(n)); dates * k],
            win_probability: vec![Histogram::new(WIN_PROBABILITY_BINS); dates * k],
            elected: vec![0; k],
            undecided: 0,
            rounds: Histogram::new(max_rounds as usize + 1),
            first_round_votes: vec![Histogram::new(n + 1); k],
            first_round_majority: Histogram::new(n + 1),
            papers: vec![0; n * (k + 2)],
            probability_sums: vec![0; n * (k + 2)],
            pivotal: vec![0; n],
            voted_for_elected: vec![0; n * k],
        }
    }

    /// Add one run.
    pub fn add(&mut self, d: &RunDigest) {
        let Dims {
            candidates: k,
            states: n,
            ..
        } = self.dims;
        self.runs += 1;
        for (h, &b) in self.expected_votes.iter_mut().zip(&d.expected_votes) {
            h.add(b as usize);
        }
        for (h, &b) in self.win_probability.iter_mut().zip(&d.win_probability) {
            h.add(usize::from(b));
        }
        for &c in d.winners.iter().filter(|&&c| c < k) {
            self.elected[c] += 1;
        }
        if !d.decided {
            self.undecided += 1;
        }
        self.rounds.add(d.rounds);
        if let Some((tally, majority)) = &d.first_round {
            for (h, &t) in self.first_round_votes.iter_mut().zip(tally) {
                h.add(t as usize);
            }
            self.first_round_majority.add(*majority as usize);
        }
        for i in 0..n.min(d.papers.len()) {
            let kind = usize::from(d.papers[i]);
            self.papers[i * (k + 2) + kind] += 1;
            if d.winners.contains(&kind) {
                self.voted_for_elected[i * k + kind] += 1;
            }
            if d.pivotal[i] {
                self.pivotal[i] += 1;
            }
        }
        for (sum, &p) in self.probability_sums.iter_mut().zip(&d.probabilities) {
            *sum += p;
        }
    }

    /// Add another aggregate of the same shape (another shard's runs).
    pub fn merge(&mut self, other: &Aggregate) -> Result<(), ShapeMismatch> {
        let mismatch = ShapeMismatch {
            expected: self.dims,
            found: other.dims,
        };
        if self.dims != other.dims || !other.is_well_formed() || !self.is_well_formed() {
            return Err(mismatch);
        }
        self.runs += other.runs;
        let hists = self
            .expected_votes
            .iter_mut()
            .zip(&other.expected_votes)
            .chain(self.win_probability.iter_mut().zip(&other.win_probability))
            .chain(
                self.first_round_votes
                    .iter_mut()
                    .zip(&other.first_round_votes),
            )
            .chain([
                (&mut self.rounds, &other.rounds),
                (&mut self.first_round_majority, &other.first_round_majority),
            ]);
        for (a, b) in hists {
            a.merge(b).map_err(|_| mismatch.clone())?;
        }
        let counts = [
            (&mut self.elected, &other.elected),
            (&mut self.papers, &other.papers),
            (&mut self.probability_sums, &other.probability_sums),
            (&mut self.pivotal, &other.pivotal),
            (&mut self.voted_for_elected, &other.voted_for_elected),
        ];
        for (a, b) in counts {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        self.undecided += other.undecided;
        Ok(())
    }

    /// Whether every table has the length and every histogram the size its
    /// dims say (a check on aggregates read from files).
    pub fn is_well_formed(&self) -> bool {
        let Dims {
            dates,
            candidates: k,
            states: n,
            max_rounds,
        } = self.dims;
        let sized = |hs: &[Histogram], len: usize, bins: usize| {
            hs.len() == len && hs.iter().all(|h| h.bins() == bins)
        };
        sized(&self.expected_votes, dates * k, expected_votes_bins(n))
            && sized(&self.win_probability, dates * k, WIN_PROBABILITY_BINS)
            && sized(&self.first_round_votes, k, n + 1)
            && self.rounds.bins() == max_rounds as usize + 1
            && self.first_round_majority.bins() == n + 1
            && self.elected.len() == k
            && self.papers.len() == n * (k + 2)
            && self.probability_sums.len() == n * (k + 2)
            && self.pivotal.len() == n
            && self.voted_for_elected.len() == n * k
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dims() -> Dims {
        Dims {
            dates: 2,
            candidates: 2,
            states: 3,
            max_rounds: 3,
        }
    }

    fn digest(elected: Option<usize>, tally: [u32; 2], papers: [u8; 3]) -> RunDigest {
        RunDigest {
            expected_votes: vec![10, 20, 15, 15],
            win_probability: vec![600, 400, 500, 500],
            elected,
            winners: elected.into_iter().collect(),
            decided: elected.is_some(),
            rounds: 1,
            first_round: Some((tally.to_vec(), 2)),
            papers: papers.to_vec(),
            probabilities: vec![500_000_000; 12],
            pivotal: vec![true, false, true],
        }
    }

    #[test]
    fn adding_runs_counts_them() {
        let mut a = Aggregate::new(dims());
        a.add(&digest(Some(0), [2, 1], [0, 1, 0]));
        a.add(&digest(None, [1, 1], [0, 1, 3]));
        assert_eq!(a.runs, 2);
        assert_eq!(a.elected, vec![1, 0]);
        assert_eq!(a.undecided, 1);
        assert_eq!(a.expected_votes[1].counts()[20], 2);
        assert_eq!(a.first_round_votes[0].counts()[1..3], [1, 1]);
        // State 0 voted for candidate 0 twice, once when 0 was elected.
        assert_eq!(a.papers[0..4], [2, 0, 0, 0]);
        assert_eq!(a.papers[8..12], [1, 0, 0, 1]);
        assert_eq!(a.voted_for_elected, vec![1, 0, 0, 0, 1, 0]);
        assert_eq!(a.pivotal, vec![2, 0, 2]);
        assert_eq!(a.probability_sums[0], 1_000_000_000);
        assert!(a.is_well_formed());
    }

    #[test]
    fn merging_equals_adding_in_one() {
        let runs = [
            digest(Some(0), [2, 1], [0, 1, 0]),
            digest(Some(1), [1, 2], [1, 1, 2]),
            digest(None, [1, 1], [0, 1, 3]),
        ];
        let mut whole = Aggregate::new(dims());
        runs.iter().for_each(|d| whole.add(d));
        let (mut a, mut b) = (Aggregate::new(dims()), Aggregate::new(dims()));
        a.add(&runs[0]);
        b.add(&runs[1]);
        b.add(&runs[2]);
        a.merge(&b).unwrap();
        assert_eq!(a, whole);
        let other = Aggregate::new(Dims {
            states: 4,
            ..dims()
        });
        assert!(a.merge(&other).is_err());
    }
}
