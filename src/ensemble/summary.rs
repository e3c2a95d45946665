//! An ensemble's results as plain types for the report layer: the outcome
//! summary (`summary.json`), percentile bands per date (`timeseries.csv`),
//! the member-state table (`states.csv`) and the most decisive states.
//!
//! Everything here is computed from the integer totals of the aggregate, so
//! it is the same, to the last bit, for any thread count or shard split.
//! Units: votes are member states' ballot papers; probabilities in [0, 1].

use crate::ensemble::file::CompletedRuns;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::config::Shard;
use super::decisiveness::phi;
use super::digest::{P_SCALE, WIN_PROBABILITY_RESOLUTION, expected_votes_resolution};
use super::file::AggregateFile;
use super::frame::EnsembleFrame;
use super::stats::{Distribution, Proportion};

/// How many states the swing-state ranking keeps.
pub const SWING_STATES: usize = 20;

/// Everything an ensemble's reports show.
#[derive(Debug, Clone, PartialEq)]
pub struct EnsembleResult {
    /// The outcome summary (written as `summary.json`).
    pub summary: EnsembleSummary,
    /// Names, colours, dates, events and member states.
    pub frame: EnsembleFrame,
    /// Per date, the distribution over runs of each candidate's expected
    /// votes and would-win-today probability. Empty when no run is complete.
    pub timeseries: Vec<DateBands>,
    /// Per member state, in the scenario's order.
    pub states: Vec<StateSummary>,
    /// Indices into `states` of the most decisive states with voting rights,
    /// most decisive first (at most [`SWING_STATES`]); ranked by pivotal
    /// probability, then by closeness to a coin flip (`margin`), then by
    /// scenario order.
    pub swing_states: Vec<usize>,
    /// `[c][v]`: runs in which candidate c got v votes in the first round.
    pub first_round_histograms: Vec<Vec<u64>>,
}

/// The headline results (`summary.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnsembleSummary {
    /// Scenario name.
    pub scenario: String,
    /// SHA-256 of the scenario file(s).
    pub scenario_sha256: String,
    pub seed: u64,
    /// Runs asked for (the whole ensemble, all shards).
    pub runs_requested: u64,
    /// Runs complete and summarised here.
    pub runs: u64,
    /// The shard summarised, if only one.
    pub shard: Option<Shard>,
    /// True when some asked-for runs are missing (interrupted).
    pub partial: bool,
    /// Member states with voting rights.
    pub eligible_voters: usize,
    /// The median majority of the first round (more than half of the valid votes).
    pub majority: Option<f64>,
    pub candidates: Vec<CandidateOutcome>,
    /// Runs in which nobody was elected within the rules.
    pub undecided: Proportion,
    /// Runs in which the ballot needed more than one round.
    pub more_than_one_round: Proportion,
    /// `rounds[r]`: runs in which `r` rounds were held.
    pub rounds: Vec<u64>,
}

/// One candidate's results over the ensemble.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateOutcome {
    pub id: String,
    pub name: String,
    pub colour: String,
    /// Runs in which the candidate was elected, with its 95% Wilson interval.
    pub elected: Proportion,
    /// Votes in the first round of the ballot.
    pub first_round_votes: Option<Distribution>,
}

/// The distributions on one date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateBands {
    pub date: NaiveDate,
    /// Per candidate: expected votes if the ballot were held that day.
    pub expected_votes: Vec<Distribution>,
    /// Per candidate: probability of winning if the ballot were held that day.
    pub win_probability: Vec<Distribution>,
}

/// One member state over the ensemble.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateSummary {
    pub code: String,
    pub name: String,
    /// Region id.
    pub region: String,
    pub voting_rights: bool,
    /// Probability of voting for each candidate at the ballot (first round):
    /// the mean over runs of the model's probability.
    pub p_vote: Vec<f64>,
    /// Probability of a blank paper.
    pub p_blank: f64,
    /// Probability of being absent (or of having no vote).
    pub p_absent: f64,
    /// Fraction of runs in which the state voted for each candidate in the first round.
    pub first_round: Vec<f64>,
    /// Fraction of runs in which its first-round paper was pivotal
    /// ([`super::decisiveness`]).
    pub pivotal: f64,
    /// Correlation between voting for the favourite (the candidate elected
    /// most often) and the favourite being elected ([`super::decisiveness`]);
    /// `None` when undefined.
    pub bellwether: Option<f64>,
    /// Distance from a coin flip: the difference between the probabilities
    /// of its two likeliest candidates, as a share of its valid vote (0 =
    /// evenly split, 1 = certain). 1 when it casts no valid vote.
    pub margin: f64,
}

impl EnsembleResult {
    /// Summarise an aggregate file.
    pub fn of(file: &AggregateFile) -> EnsembleResult {
        let a = &file.aggregate;
        let f = &file.frame;
        let (n, k) = (f.n(), f.k());
        let runs = a.runs;
        let proportion = |count: u64| Proportion::new(count, runs);
        let more_rounds: u64 = a.rounds.counts().iter().skip(2).sum();
        let summary = EnsembleSummary {
            scenario: f.scenario.clone(),
            scenario_sha256: file.provenance.scenario_sha256.clone(),
            seed: file.provenance.seed,
            runs_requested: file.provenance.runs,
            runs,
            shard: file.shard,
            partial: !file.is_complete(),
            eligible_voters: f.eligible_voters,
            majority: a.first_round_majority.percentile(0.5),
            candidates: f
                .candidates
                .iter()
                .enumerate()
                .map(|(c, info)| CandidateOutcome {
                    id: info.id.clone(),
                    name: info.name.clone(),
                    colour: info.colour.clone(),
                    elected: proportion(a.elected[c]),
                    first_round_votes: Distribution::of(&a.first_round_votes[c], 1.0),
                })
                .collect(),
            undecided: proportion(a.undecided),
            more_than_one_round: proportion(more_rounds),
            rounds: a.rounds.counts().to_vec(),
        };
        let timeseries = if runs == 0 {
            Vec::new()
        } else {
            f.dates
                .iter()
                .enumerate()
                .map(|(t, &date)| {
                    let bands = |hs: &[super::histogram::Histogram], resolution| {
                        (0..k)
                            .filter_map(|c| Distribution::of(&hs[t * k + c], resolution))
                            .collect()
                    };
                    DateBands {
                        date,
                        expected_votes: bands(&a.expected_votes, expected_votes_resolution(n)),
                        win_probability: bands(&a.win_probability, WIN_PROBABILITY_RESOLUTION),
                    }
                })
                .collect()
        };
        let favourite = (0..k).max_by_key(|&c| (a.elected[c], std::cmp::Reverse(c)));
        let share = |count: u64| {
            if runs == 0 {
                0.0
            } else {
                count as f64 / runs as f64
            }
        };
        let mean_p = |sum: u64| {
            if runs == 0 {
                0.0
            } else {
                sum as f64 / P_SCALE / runs as f64
            }
        };
        let states: Vec<StateSummary> = (0..n)
            .map(|i| {
                let row = i * (k + 2);
                let p_vote: Vec<f64> = (0..k)
                    .map(|c| mean_p(a.probability_sums[row + c]))
                    .collect();
                StateSummary {
                    code: f.states[i].code.clone(),
                    name: f.states[i].name.clone(),
                    region: f
                        .regions
                        .get(f.states[i].region)
                        .map_or_else(String::new, |r| r.id.clone()),
                    voting_rights: f.states[i].voting_rights,
                    margin: margin(&p_vote),
                    p_vote,
                    p_blank: mean_p(a.probability_sums[row + k]),
                    p_absent: mean_p(a.probability_sums[row + k + 1]),
                    first_round: (0..k).map(|c| share(a.papers[row + c])).collect(),
                    pivotal: share(a.pivotal[i]),
                    bellwether: favourite.and_then(|c| {
                        phi(
                            runs,
                            a.papers[row + c],
                            a.elected[c],
                            a.voted_for_elected[i * k + c],
                        )
                    }),
                }
            })
            .collect();
        let mut swing: Vec<usize> = if runs == 0 {
            Vec::new()
        } else {
            (0..n).filter(|&i| states[i].voting_rights).collect()
        };
        swing.sort_by(|&x, &y| {
            let (a, b) = (&states[x], &states[y]);
            b.pivotal
                .total_cmp(&a.pivotal)
                .then(a.margin.total_cmp(&b.margin))
                .then(x.cmp(&y))
        });
        swing.truncate(SWING_STATES);
        EnsembleResult {
            summary,
            frame: f.clone(),
            timeseries,
            states,
            swing_states: swing,
            first_round_histograms: a
                .first_round_votes
                .iter()
                .map(|h| h.counts().to_vec())
                .collect(),
        }
    }
}

/// `(p1 - p2) / sum(p)` for the two largest probabilities; 1 when the sum is 0.
pub fn margin(p: &[f64]) -> f64 {
    let total: f64 = p.iter().sum();
    if total <= 0.0 {
        return 1.0;
    }
    let mut sorted = p.to_vec();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let second = sorted.get(1).copied().unwrap_or(0.0);
    (sorted[0] - second) / total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn margins() {
        assert_eq!(margin(&[0.45, 0.45]), 0.0);
        assert!((margin(&[0.6, 0.2, 0.2]) - 0.4).abs() < 1e-12);
        assert_eq!(margin(&[0.0, 0.0]), 1.0);
        assert_eq!(margin(&[0.7]), 1.0);
    }
}
