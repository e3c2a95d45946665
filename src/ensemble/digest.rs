//! What the ensemble keeps of one run: the run's output reduced, on the worker
//! thread that computed it, to the bins and counts the aggregate adds up.
//!
//! Units: expected votes in bins of [`expected_votes_resolution`] votes,
//! win probabilities in bins of [`WIN_PROBABILITY_RESOLUTION`], vote
//! probabilities in fixed point (integer multiples of `1 / P_SCALE`).

use crate::model::RunOutput;
use crate::result::{RoundResult, RunResult, Vote};

use super::histogram::bin_of;

/// Bin width of the win-probability histograms.
pub const WIN_PROBABILITY_RESOLUTION: f64 = 0.001;
/// Number of win-probability bins (0, 0.001, .., 1).
pub const WIN_PROBABILITY_BINS: usize = 1001;
/// Fixed-point scale of per-state vote probabilities: a probability `p` is
/// kept as the integer `round(p * P_SCALE)`, so sums are exact and do not
/// depend on the order of the runs (to within 5e-10 per run).
pub const P_SCALE: f64 = 1e9;

/// Bin width of the expected-votes histograms for `n` member states, in
/// votes: 0.01 for bodies of up to [`FINE_BODY`] states, 0.1 for larger
/// ones (a histogram has at most 2,001 bins for up to 200 states).
pub fn expected_votes_resolution(n: usize) -> f64 {
    if n <= FINE_BODY { 0.01 } else { 0.1 }
}

/// The largest body whose expected votes are binned by 0.01 vote.
pub const FINE_BODY: usize = 20;

/// Number of expected-votes bins for `n` member states (0 to n votes).
pub fn expected_votes_bins(n: usize) -> usize {
    if n <= FINE_BODY {
        n * 100 + 1
    } else {
        n * 10 + 1
    }
}

/// Kinds of first-round ballot paper per state: a vote for candidate
/// `0..k`, then blank (`k`), then absent (`k + 1`).
pub fn paper_kind(vote: Vote, k: usize) -> usize {
    match vote {
        Vote::For(c) if c < k => c,
        Vote::For(_) | Vote::Blank => k,
        Vote::Absent | Vote::NoVote => k + 1,
    }
}

/// One run, reduced.
#[derive(Debug, Clone, PartialEq)]
pub struct RunDigest {
    /// Expected-votes bin per date and candidate, `[t * k + c]`.
    pub expected_votes: Vec<u32>,
    /// Win-probability bin per date and candidate, `[t * k + c]`.
    pub win_probability: Vec<u16>,
    /// The elected candidate (one seat only; see `winners`).
    pub elected: Option<usize>,
    /// Every candidate elected.
    pub winners: Vec<usize>,
    /// Whether every seat was filled.
    pub decided: bool,
    /// Number of rounds held.
    pub rounds: usize,
    /// The first round's tally per candidate and its majority, if a round was held.
    pub first_round: Option<(Vec<u32>, u32)>,
    /// Each state's first-round paper kind ([`paper_kind`]).
    pub papers: Vec<u8>,
    /// Fixed-point probabilities per state, `[i * (k + 2) + j]`: voting for
    /// candidate `j < k`, blank (`j = k`), absent (`j = k + 1`).
    pub probabilities: Vec<u64>,
    /// Whether each state's paper was pivotal in some round ([`crate::ballot::pivotal`]).
    pub pivotal: Vec<bool>,
}

impl RunDigest {
    /// Reduce a run of a scenario with `k` candidates and `n` member states.
    pub fn of(out: &RunOutput, n: usize, k: usize) -> RunDigest {
        let (ev_bins, ev_resolution) = (expected_votes_bins(n), expected_votes_resolution(n));
        let h = &out.history;
        let expected_votes = h
            .expected_votes
            .iter()
            .map(|&v| bin_of(v, ev_resolution, ev_bins) as u32)
            .collect();
        let win_probability = h
            .win_probability
            .iter()
            .map(|&p| bin_of(p, WIN_PROBABILITY_RESOLUTION, WIN_PROBABILITY_BINS) as u16)
            .collect();
        let first = out.ballot.rounds.first();
        let papers: Vec<u8> = out
            .first_round
            .iter()
            .map(|&v| paper_kind(v, k) as u8)
            .collect();
        let pivotal = pivotal_states(&out.ballot.rounds, &out.papers, n, k);
        let fixed = |p: f64| (p.clamp(0.0, 1.0) * P_SCALE).round() as u64;
        let mut probabilities = Vec::with_capacity(n * (k + 2));
        for i in 0..n {
            probabilities.extend(out.p_vote[i * k..(i + 1) * k].iter().map(|&p| fixed(p)));
            probabilities.push(fixed(out.p_blank[i]));
            probabilities.push(fixed(out.p_absent[i]));
        }
        RunDigest {
            expected_votes,
            win_probability,
            elected: out.ballot.elected,
            winners: out.ballot.winners.clone(),
            decided: out.ballot.decided(),
            rounds: out.ballot.rounds.len(),
            first_round: first.map(|r| (r.tally.clone(), r.majority)),
            papers,
            probabilities,
            pivotal,
        }
    }

    /// Reduce a run's result (a post of a conference), which keeps the
    /// papers of the first round only: `pivotal` is then pivotality in the
    /// first round (docs/ENSEMBLE.md, "Conferences").
    pub fn of_result(r: &RunResult) -> RunDigest {
        let (n, k) = (r.states.len(), r.candidates.len());
        let (ev_bins, ev_resolution) = (expected_votes_bins(n), expected_votes_resolution(n));
        let expected_votes = r
            .history
            .iter()
            .flat_map(|t| t.expected_votes.iter())
            .map(|&v| bin_of(v, ev_resolution, ev_bins) as u32)
            .collect();
        let win_probability = r
            .history
            .iter()
            .flat_map(|t| t.win_probability.iter())
            .map(|&p| bin_of(p, WIN_PROBABILITY_RESOLUTION, WIN_PROBABILITY_BINS) as u16)
            .collect();
        let first = r.ballot.rounds.first();
        let papers: Vec<u8> = r
            .states
            .iter()
            .map(|st| paper_kind(st.first_round_vote, k) as u8)
            .collect();
        // The first round's papers, rebuilt from each state's names.
        let width = first.map_or(1, |f| f.seats_open.max(1) as usize);
        let marks: Vec<Vote> = r
            .states
            .iter()
            .flat_map(|st| {
                let mut paper: Vec<Vote> = match st.first_round_vote {
                    Vote::For(_) => st.first_round_names.iter().map(|&c| Vote::For(c)).collect(),
                    other => vec![other],
                };
                let fill = if matches!(st.first_round_vote, Vote::For(_) | Vote::Blank) {
                    Vote::Blank
                } else {
                    st.first_round_vote
                };
                paper.resize(width, fill);
                paper
            })
            .collect();
        let pivotal = pivotal_states(&r.ballot.rounds, &[marks], n, k);
        let fixed = |p: f64| (p.clamp(0.0, 1.0) * P_SCALE).round() as u64;
        let mut probabilities = Vec::with_capacity(n * (k + 2));
        for st in &r.states {
            probabilities.extend(st.p_vote.iter().map(|&p| fixed(p)));
            probabilities.push(fixed(st.p_blank));
            probabilities.push(fixed(st.p_absent));
        }
        RunDigest {
            expected_votes,
            win_probability,
            elected: r.ballot.elected,
            winners: r.ballot.winners.clone(),
            decided: r.ballot.decided(),
            rounds: r.ballot.rounds.len(),
            first_round: first.map(|f| (f.tally.clone(), f.majority)),
            papers,
            probabilities,
            pivotal,
        }
    }
}

/// Whether each of the `n` states' papers was pivotal in some round of
/// `rounds`, whose papers are `papers` (`width` marks per state; rounds
/// without papers are not looked at).
fn pivotal_states(rounds: &[RoundResult], papers: &[Vec<Vote>], n: usize, k: usize) -> Vec<bool> {
    let mut pivotal = vec![false; n];
    for (round, marks) in rounds.iter().zip(papers) {
        let width = round.seats_open.max(1) as usize;
        // One-name papers of the same kind are pivotal alike: decided once.
        let mut by_kind: Vec<Option<bool>> = vec![None; k + 2];
        for (i, paper) in marks.chunks(width).enumerate().take(n) {
            if pivotal[i] {
                continue;
            }
            pivotal[i] = match (width, paper[0]) {
                (1, Vote::For(c)) if c < k => {
                    *by_kind[c].get_or_insert_with(|| crate::ballot::pivotal(round, paper))
                }
                (1, Vote::Blank) => {
                    *by_kind[k].get_or_insert_with(|| crate::ballot::pivotal(round, paper))
                }
                _ => crate::ballot::pivotal(round, paper),
            };
        }
    }
    pivotal
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::{RoundSetting, count_round};
    use crate::model::Simulation;

    #[test]
    fn a_result_digests_as_its_run_but_for_later_rounds_papers() {
        let l = crate::scenario::load("tests/fixtures/good/small_race.ron".as_ref()).unwrap();
        let mut sim = Simulation::new(&l.scenario);
        let (n, k) = (l.scenario.states.len(), l.scenario.candidates.len());
        let (mut one_round, mut more) = (0, 0);
        for seed in 0..40 {
            let out = sim.run(seed);
            let from_run = RunDigest::of(&out, n, k);
            let from_result = RunDigest::of_result(&sim.result(out.clone()));
            if out.ballot.rounds.len() == 1 {
                assert_eq!(from_result, from_run, "seed {seed}");
                one_round += 1;
            } else {
                // Pivotal in the first round is pivotal in some round.
                assert!(
                    from_result
                        .pivotal
                        .iter()
                        .zip(&from_run.pivotal)
                        .all(|(a, b)| !a || *b)
                );
                let same = RunDigest {
                    pivotal: from_run.pivotal.clone(),
                    ..from_result
                };
                assert_eq!(same, from_run, "seed {seed}");
                more += 1;
            }
        }
        assert!(
            one_round > 0 && more > 0,
            "{one_round} one-round runs, {more} longer"
        );
    }

    #[test]
    fn a_digest_keeps_what_the_run_did() {
        let l = crate::scenario::load("tests/fixtures/good/small_race.ron".as_ref()).unwrap();
        let mut sim = Simulation::new(&l.scenario);
        let (n, k) = (l.scenario.states.len(), l.scenario.candidates.len());
        let mut pivotal_seen = 0;
        for seed in 0..60 {
            let out = sim.run(seed);
            let d = RunDigest::of(&out, n, k);
            for (&b, &v) in d.expected_votes.iter().zip(&out.history.expected_votes) {
                assert!((f64::from(b) * 0.01 - v).abs() <= 0.005 + 1e-9);
            }
            for i in 0..n {
                let row = &d.probabilities[i * (k + 2)..(i + 1) * (k + 2)];
                let total: u64 = row.iter().sum();
                assert!(
                    total.abs_diff(P_SCALE as u64) <= k as u64 + 2,
                    "state {i}: {row:?}"
                );
            }
            // Pivotal, checked by the ballot rules themselves: replace state
            // i's paper by every other paper in every round and count that
            // round again.
            for i in 0..n {
                let changes = out
                    .ballot
                    .rounds
                    .iter()
                    .zip(&out.papers)
                    .any(|(round, marks)| {
                        let mut standing = vec![false; k];
                        for &c in &round.standing {
                            standing[c] = true;
                        }
                        let setting = RoundSetting {
                            number: round.number,
                            seats_open: round.seats_open,
                            restricted: round.restricted,
                            rule: round.rule,
                            members: round.members,
                            entitled: round.entitled,
                            standing: &standing,
                        };
                        let alternatives = round.standing.iter().map(|&c| Vote::For(c));
                        let alternatives = alternatives.chain([Vote::Blank]);
                        let own = marks[i];
                        matches!(own, Vote::For(_) | Vote::Blank)
                            && alternatives.filter(|&v| v != own).any(|v| {
                                let mut papers = marks.clone();
                                papers[i] = v;
                                let again = count_round(&setting, &papers);
                                (again.elected, again.eliminated)
                                    != (round.elected.clone(), round.eliminated.clone())
                            })
                    });
                assert_eq!(d.pivotal[i], changes, "seed {seed}, state {i}");
                pivotal_seen += usize::from(changes);
                assert_eq!(usize::from(d.papers[i]), paper_kind(out.first_round[i], k));
            }
        }
        // The check has teeth: some states were pivotal in some runs.
        assert!(pivotal_seen > 0);
    }
}
