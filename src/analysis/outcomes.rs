//! The outcome of a variant in a few numbers, for sweeps and sensitivity
//! analyses that run many variants and keep only these: who was elected,
//! how many rounds it took, first-round votes and the expected vote share.
//!
//! Units: votes are member states' ballot papers; probabilities and shares
//! are fractions in [0, 1].
//!
//! - *Probability of winning*: the fraction of runs in which the candidate
//!   was elected, with its 95% Wilson interval.
//! - *Mean first-round votes*: the mean over runs of the candidate's votes in
//!   the first round of the ballot.
//! - *Expected vote share*: in each run, the candidate's expected
//!   first-round votes (the sum over member states of the probability of
//!   voting for the candidate) divided by the expected valid votes (the same
//!   sum over all candidates); then the mean over runs. It moves smoothly with
//!   the parameters, which suits sensitivity analysis better than the count
//!   of wins.

use serde::Serialize;

use crate::ensemble::Proportion;
use crate::model::RunOutput;

/// What is kept of one run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutcome {
    /// Every candidate elected (one at most for one seat).
    pub elected: Vec<usize>,
    /// Whether every seat was filled.
    pub decided: bool,
    /// Rounds held.
    pub rounds: usize,
    /// First-round votes per candidate (zeros when no round was held).
    pub first_round_votes: Vec<u32>,
    /// Expected share of the valid first-round votes per candidate.
    pub expected_share: Vec<f64>,
}

impl RunOutcome {
    /// Reduce a run of a scenario with `k` candidates.
    pub fn of(out: &RunOutput, k: usize) -> RunOutcome {
        let first_round_votes = match out.ballot.rounds.first() {
            Some(r) => (0..k)
                .map(|c| r.tally.get(c).copied().unwrap_or(0))
                .collect(),
            None => vec![0; k],
        };
        let mut expected = vec![0.0; k];
        for (j, p) in out.p_vote.iter().enumerate() {
            expected[j % k] += p;
        }
        let valid: f64 = expected.iter().sum();
        let expected_share = expected
            .iter()
            .map(|e| if valid > 0.0 { e / valid } else { 0.0 })
            .collect();
        RunOutcome {
            elected: out.ballot.winners.clone(),
            decided: out.ballot.decided(),
            rounds: out.ballot.rounds.len(),
            first_round_votes,
            expected_share,
        }
    }
}

/// Totals over the runs of one variant. Add runs in run order: the share
/// sums are floats.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeTotals {
    pub runs: u64,
    /// Runs in which each candidate was elected.
    pub elected: Vec<u64>,
    /// Runs in which nobody was elected.
    pub undecided: u64,
    /// Runs whose ballot needed more than one round.
    pub more_than_one_round: u64,
    /// Sum over runs of each candidate's first-round votes.
    pub first_round_votes: Vec<u64>,
    /// Sum over runs of each candidate's expected vote share.
    pub expected_share: Vec<f64>,
}

impl OutcomeTotals {
    /// Empty totals for `k` candidates.
    pub fn new(k: usize) -> OutcomeTotals {
        OutcomeTotals {
            runs: 0,
            elected: vec![0; k],
            undecided: 0,
            more_than_one_round: 0,
            first_round_votes: vec![0; k],
            expected_share: vec![0.0; k],
        }
    }

    /// Add one run.
    pub fn add(&mut self, o: &RunOutcome) {
        self.runs += 1;
        for &c in &o.elected {
            if let Some(count) = self.elected.get_mut(c) {
                *count += 1;
            }
        }
        if !o.decided {
            self.undecided += 1;
        }
        if o.rounds > 1 {
            self.more_than_one_round += 1;
        }
        for (sum, &v) in self.first_round_votes.iter_mut().zip(&o.first_round_votes) {
            *sum += u64::from(v);
        }
        for (sum, &s) in self.expected_share.iter_mut().zip(&o.expected_share) {
            *sum += s;
        }
    }

    /// Proportions and means.
    pub fn summary(&self) -> OutcomeSummary {
        let mean = |sum: f64| {
            if self.runs == 0 {
                0.0
            } else {
                sum / self.runs as f64
            }
        };
        OutcomeSummary {
            runs: self.runs,
            win: self
                .elected
                .iter()
                .map(|&n| Proportion::new(n, self.runs))
                .collect(),
            undecided: Proportion::new(self.undecided, self.runs),
            more_than_one_round: Proportion::new(self.more_than_one_round, self.runs),
            mean_first_round_votes: self
                .first_round_votes
                .iter()
                .map(|&v| mean(v as f64))
                .collect(),
            expected_share: self.expected_share.iter().map(|&s| mean(s)).collect(),
        }
    }
}

/// The outcome of one variant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeSummary {
    pub runs: u64,
    /// Per candidate: probability of winning with its 95% Wilson interval.
    pub win: Vec<Proportion>,
    /// Nobody elected within the rules.
    pub undecided: Proportion,
    /// The ballot needed more than one round.
    pub more_than_one_round: Proportion,
    /// Per candidate: mean first-round votes.
    pub mean_first_round_votes: Vec<f64>,
    /// Per candidate: mean expected share of the valid first-round votes.
    pub expected_share: Vec<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(elected: Option<usize>, rounds: usize, votes: [u32; 2]) -> RunOutcome {
        RunOutcome {
            elected: elected.into_iter().collect(),
            decided: elected.is_some(),
            rounds,
            first_round_votes: votes.to_vec(),
            expected_share: vec![0.75, 0.25],
        }
    }

    #[test]
    fn totals_count_and_average() {
        let mut t = OutcomeTotals::new(2);
        t.add(&outcome(Some(0), 1, [7, 3]));
        t.add(&outcome(Some(1), 2, [5, 5]));
        t.add(&outcome(None, 3, [4, 6]));
        t.add(&outcome(Some(0), 1, [8, 2]));
        let s = t.summary();
        assert_eq!(s.runs, 4);
        assert_eq!((s.win[0].count, s.win[1].count), (2, 1));
        assert_eq!(s.win[0].p, 0.5);
        assert_eq!(s.undecided.count, 1);
        assert_eq!(s.more_than_one_round.count, 2);
        assert_eq!(s.mean_first_round_votes, vec![6.0, 4.0]);
        assert_eq!(s.expected_share, vec![0.75, 0.25]);
        assert!(s.win[0].low < 0.5 && s.win[0].high > 0.5);
        let empty = OutcomeTotals::new(2).summary();
        assert_eq!(empty.mean_first_round_votes, vec![0.0, 0.0]);
    }

    #[test]
    fn a_run_reduces_to_its_outcome() {
        let s = crate::scenario::load("tests/fixtures/good/small_race.ron".as_ref())
            .unwrap()
            .scenario;
        let k = s.candidates.len();
        let mut sim = crate::model::Simulation::new(&s);
        let out = sim.run(5);
        let o = RunOutcome::of(&out, k);
        assert_eq!(o.elected, out.ballot.winners);
        assert_eq!(o.decided, out.ballot.elected.is_some());
        assert_eq!(o.rounds, out.ballot.rounds.len());
        assert_eq!(
            o.first_round_votes,
            out.ballot.rounds[0].tally[..k].to_vec()
        );
        let total: f64 = o.expected_share.iter().sum();
        assert!((total - 1.0).abs() < 1e-12, "{total}");
        // The share follows the vote probabilities: the likelier candidate has more.
        let p0: f64 = out.p_vote.iter().step_by(k).sum();
        let p1: f64 = out.p_vote.iter().skip(1).step_by(k).sum();
        assert_eq!(p0 > p1, o.expected_share[0] > o.expected_share[1]);
    }
}
