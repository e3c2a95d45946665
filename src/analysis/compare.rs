//! Comparing a base scenario with a what-if on paired runs: run `i` of both
//! uses the same seed (common random numbers, [`super::variants`]), so the
//! difference between the two sides is measured run by run.
//!
//! Both sides keep a full ensemble aggregate (for the bands of support over
//! time and the member states' vote probabilities) and, per run, the winner,
//! the rounds held and the first-round votes, from which the paired
//! differences are computed ([`super::paired`]):
//!
//! - each candidate's probability of winning on both sides, and the
//!   difference (what-if minus base) with Newcombe's 95% interval for paired
//!   proportions; likewise for "nobody elected" and "more than one round";
//! - each candidate's mean first-round votes on both sides and the mean
//!   paired difference, with its normal 95% interval;
//! - per member state, the change in the probability of voting for each
//!   candidate at the ballot (first round), and how far its whole vote moves:
//!   the total variation distance between its two distributions over
//!   (each candidate, blank, absent), half the sum of the absolute changes,
//!   in [0, 1].
//!
//! Probabilities are fractions in [0, 1]; votes are ballot papers.

use crate::ensemble::file::CompletedRuns;
use serde::Serialize;

use super::paired::{
    Difference, PairedCounts, paired_mean_difference, paired_proportion_difference,
};
use crate::ensemble::digest::RunDigest;
use crate::ensemble::{AggregateFile, EnsembleResult, Proportion};
use crate::scenario::Scenario;

/// The two sides, in this order everywhere.
pub const BASE: usize = 0;
pub const WHAT_IF: usize = 1;

/// Why two scenarios cannot be compared run by run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Incomparable {
    #[error(
        "the two sides must have the same candidates in the same order: the base has {base}, the what-if {what_if}"
    )]
    Candidates { base: String, what_if: String },
    #[error(
        "the two sides must have the same member states in the same order: the base has {base} states, the what-if {what_if}{first}"
    )]
    States {
        base: usize,
        what_if: usize,
        first: String,
    },
}

/// Check that `what_if` can be compared with `base`: the same candidates
/// (ids) and member states (codes), in the same order.
pub fn check_comparable(base: &Scenario, what_if: &Scenario) -> Result<(), Incomparable> {
    let ids = |s: &Scenario| -> Vec<String> { s.candidates.iter().map(|c| c.id.clone()).collect() };
    if ids(base) != ids(what_if) {
        return Err(Incomparable::Candidates {
            base: ids(base).join(", "),
            what_if: ids(what_if).join(", "),
        });
    }
    let codes = |s: &Scenario| -> Vec<String> { s.states.iter().map(|m| m.code.clone()).collect() };
    let (a, b) = (codes(base), codes(what_if));
    if a != b {
        let first = a
            .iter()
            .zip(&b)
            .position(|(x, y)| x != y)
            .map(|i| {
                format!(
                    "; the first difference is at position {}: {} against {}",
                    i + 1,
                    a[i],
                    b[i]
                )
            })
            .unwrap_or_default();
        return Err(Incomparable::States {
            base: a.len(),
            what_if: b.len(),
            first,
        });
    }
    Ok(())
}

/// What the two sides' runs leave: their aggregates and the per-run
/// outcomes needed for paired differences.
#[derive(Debug, Clone)]
pub struct PairedEnsembles {
    /// `[BASE, WHAT_IF]`.
    pub files: [AggregateFile; 2],
    /// Per side, per run: every candidate elected, and whether every seat
    /// was filled.
    pub elected: [Vec<(Vec<usize>, bool)>; 2],
    /// Per side, per run: rounds held.
    pub rounds: [Vec<usize>; 2],
    /// Per side, `[run * k + c]`: first-round votes.
    pub first_round_votes: [Vec<u32>; 2],
}

impl PairedEnsembles {
    /// Empty, ready for `runs` runs of each side; `files` are the empty
    /// aggregates of the two sides.
    pub fn new(files: [AggregateFile; 2], runs: u64) -> PairedEnsembles {
        let k = files[BASE].frame.k();
        let runs = runs as usize;
        PairedEnsembles {
            files,
            elected: [
                vec![(Vec::new(), false); runs],
                vec![(Vec::new(), false); runs],
            ],
            rounds: [vec![0; runs], vec![0; runs]],
            first_round_votes: [vec![0; runs * k], vec![0; runs * k]],
        }
    }

    /// Add run `run` of side `side`.
    pub fn add(&mut self, side: usize, run: u64, d: &RunDigest) {
        let k = self.files[side].frame.k();
        let i = run as usize;
        self.files[side].aggregate.add(d);
        if let Some(slot) = self.elected[side].get_mut(i) {
            *slot = (d.winners.clone(), d.decided);
        }
        if let Some(slot) = self.rounds[side].get_mut(i) {
            *slot = d.rounds;
        }
        if let Some((tally, _)) = &d.first_round
            && let Some(row) = self.first_round_votes[side].get_mut(i * k..(i + 1) * k)
        {
            for (slot, &v) in row.iter_mut().zip(tally) {
                *slot = v;
            }
        }
    }

    /// Mark runs `0..runs` of both sides complete.
    pub fn finish(&mut self, runs: u64) {
        for f in &mut self.files {
            f.mark_done(0..runs);
        }
    }
}

/// The comparison of the two sides.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Paired runs.
    pub runs: u64,
    pub seed: u64,
    pub candidates: Vec<CandidateComparison>,
    /// Nobody elected within the rules.
    pub undecided: OutcomeComparison,
    /// The ballot needed more than one round.
    pub more_than_one_round: OutcomeComparison,
    /// Every member state, the most moved first (ties in scenario order).
    pub states: Vec<StateShift>,
}

/// A yes/no outcome on both sides and the paired difference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeComparison {
    pub base: Proportion,
    pub what_if: Proportion,
    /// What-if minus base, with Newcombe's 95% interval.
    pub difference: Difference,
    /// The pairs: both, only what-if, only base, neither.
    pub pairs: PairedCounts,
}

/// One candidate on both sides.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateComparison {
    pub id: String,
    pub name: String,
    pub colour: String,
    /// Elected.
    pub win: OutcomeComparison,
    /// Mean first-round votes of the base.
    pub base_first_round_votes: f64,
    /// Mean first-round votes of the what-if.
    pub what_if_first_round_votes: f64,
    /// Mean paired difference of first-round votes with its 95% interval.
    pub first_round_votes_difference: Difference,
}

/// How one member state's vote at the ballot moves.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StateShift {
    pub code: String,
    pub name: String,
    /// Region id.
    pub region: String,
    pub voting_rights: bool,
    /// Per candidate: probability of voting for them, base and what-if.
    pub base_p_vote: Vec<f64>,
    pub what_if_p_vote: Vec<f64>,
    /// Per candidate: what-if minus base.
    pub change: Vec<f64>,
    /// Probability of a blank paper and of being absent, base and what-if.
    pub base_p_blank: f64,
    pub base_p_absent: f64,
    pub what_if_p_blank: f64,
    pub what_if_p_absent: f64,
    /// Change in the probability of a blank paper.
    pub change_blank: f64,
    /// Change in the probability of being absent.
    pub change_absent: f64,
    /// Total variation distance between the two distributions (module doc).
    pub movement: f64,
}

/// The ensemble results of the two sides, `[BASE, WHAT_IF]`.
pub fn results(paired: &PairedEnsembles) -> [EnsembleResult; 2] {
    [
        EnsembleResult::of(&paired.files[BASE]),
        EnsembleResult::of(&paired.files[WHAT_IF]),
    ]
}

/// Compare the two sides (both complete, with the same candidates and
/// states); `results` are theirs ([`results`]).
pub fn compare(paired: &PairedEnsembles, results: &[EnsembleResult; 2]) -> Comparison {
    let runs = paired.elected[BASE]
        .len()
        .min(paired.elected[WHAT_IF].len());
    let k = paired.files[BASE].frame.k();
    let outcome = |event: &dyn Fn(usize, usize) -> bool| {
        let mut pairs = PairedCounts::default();
        for i in 0..runs {
            pairs.add(event(BASE, i), event(WHAT_IF, i));
        }
        OutcomeComparison {
            base: Proportion::new(pairs.both + pairs.only_first, runs as u64),
            what_if: Proportion::new(pairs.both + pairs.only_second, runs as u64),
            difference: paired_proportion_difference(&pairs),
            pairs,
        }
    };
    let votes = |side: usize, c: usize| -> Vec<f64> {
        (0..runs)
            .map(|i| f64::from(paired.first_round_votes[side][i * k + c]))
            .collect()
    };
    let mean = |x: &[f64]| {
        if x.is_empty() {
            0.0
        } else {
            x.iter().fold(0.0, |s, v| s + v) / x.len() as f64
        }
    };
    let candidates = paired.files[BASE]
        .frame
        .candidates
        .iter()
        .enumerate()
        .map(|(c, info)| {
            let (vb, vw) = (votes(BASE, c), votes(WHAT_IF, c));
            CandidateComparison {
                id: info.id.clone(),
                name: info.name.clone(),
                colour: info.colour.clone(),
                win: outcome(&|side, i| paired.elected[side][i].0.contains(&c)),
                base_first_round_votes: mean(&vb),
                what_if_first_round_votes: mean(&vw),
                first_round_votes_difference: paired_mean_difference(&vb, &vw),
            }
        })
        .collect();
    let mut states: Vec<StateShift> = results[BASE]
        .states
        .iter()
        .zip(&results[WHAT_IF].states)
        .map(|(b, w)| {
            let change: Vec<f64> = w.p_vote.iter().zip(&b.p_vote).map(|(y, x)| y - x).collect();
            let change_blank = w.p_blank - b.p_blank;
            let change_absent = w.p_absent - b.p_absent;
            let movement = 0.5
                * change
                    .iter()
                    .chain([&change_blank, &change_absent])
                    .fold(0.0, |s, d| s + d.abs());
            StateShift {
                code: b.code.clone(),
                name: b.name.clone(),
                region: b.region.clone(),
                voting_rights: b.voting_rights,
                base_p_vote: b.p_vote.clone(),
                what_if_p_vote: w.p_vote.clone(),
                change,
                base_p_blank: b.p_blank,
                base_p_absent: b.p_absent,
                what_if_p_blank: w.p_blank,
                what_if_p_absent: w.p_absent,
                change_blank,
                change_absent,
                movement,
            }
        })
        .collect();
    // A stable sort keeps the scenario order among equals.
    states.sort_by(|a, b| b.movement.total_cmp(&a.movement));
    Comparison {
        runs: runs as u64,
        seed: paired.files[BASE].provenance.seed,
        candidates,
        undecided: outcome(&|side, i| !paired.elected[side][i].1),
        more_than_one_round: outcome(&|side, i| paired.rounds[side][i] > 1),
        states,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::variants::{VariantsConfig, run_variants};
    use crate::ensemble::EnsembleConfig;
    use crate::ensemble::file::model_sha256;
    use crate::ensemble::frame::EnsembleFrame;
    use crate::model::{RunOutput, Simulation};
    use std::sync::atomic::AtomicBool;

    fn classroom() -> Scenario {
        crate::scenario::load("scenarios/classroom/three_candidates.ron".as_ref())
            .unwrap()
            .scenario
    }

    fn paired_runs(sides: [&Scenario; 2], runs: u64, threads: usize) -> PairedEnsembles {
        let config = EnsembleConfig {
            runs,
            seed: 3,
            threads,
            shard: None,
        };
        let files = sides.map(|s| {
            let frame = EnsembleFrame::of(&Simulation::new(s));
            AggregateFile::new("sha", &model_sha256(s), &config, frame)
        });
        let (n, k) = (files[0].frame.n(), files[0].frame.k());
        let mut paired = PairedEnsembles::new(files, runs);
        run_variants(
            2,
            &VariantsConfig {
                runs,
                seed: 3,
                threads,
            },
            &|v| Ok(Simulation::new(sides[v])),
            &|_, out: &RunOutput| RunDigest::of(out, n, k),
            &AtomicBool::new(false),
            &mut |_| {},
            &mut |v, i, d| paired.add(v, i, &d),
        )
        .unwrap();
        paired.finish(runs);
        paired
    }

    #[test]
    fn identical_sides_differ_by_exactly_zero() {
        let s = classroom();
        let p = paired_runs([&s, &s], 120, 2);
        let c = compare(&p, &results(&p));
        assert_eq!(c.runs, 120);
        for cand in &c.candidates {
            assert_eq!(cand.win.difference.estimate, 0.0, "{}", cand.id);
            assert_eq!(cand.win.base, cand.win.what_if);
            assert_eq!(cand.win.pairs.only_first + cand.win.pairs.only_second, 0);
            assert_eq!(cand.first_round_votes_difference.estimate, 0.0);
            assert_eq!(cand.first_round_votes_difference.low, 0.0);
        }
        assert_eq!(c.more_than_one_round.difference.estimate, 0.0);
        assert_eq!(c.undecided.difference.estimate, 0.0);
        assert!(c.states.iter().all(|s| s.movement == 0.0));
        // Not trivially so: the race itself is not a foregone conclusion.
        assert!(c.candidates.iter().filter(|x| x.win.base.count > 0).count() >= 2);
    }

    #[test]
    fn a_real_change_shows_and_threads_do_not_matter() {
        let base = classroom();
        let mut what_if = base.clone();
        crate::scenario::overrides::disable(&mut what_if, "scandal").unwrap();
        let run = |threads| {
            let p = paired_runs([&base, &what_if], 200, threads);
            compare(&p, &results(&p))
        };
        let (one, three) = (run(1), run(3));
        assert_eq!(one, three);
        // The scandal hurts the East's candidate: without it he gains.
        let chen = one.candidates.iter().find(|c| c.id == "CHE").unwrap();
        assert!(chen.first_round_votes_difference.estimate > 0.0, "{chen:?}");
        assert!(one.states[0].movement > 0.0);
        assert!(
            one.states
                .windows(2)
                .all(|w| w[0].movement >= w[1].movement)
        );
    }

    #[test]
    fn incomparable_sides_are_refused() {
        let base = classroom();
        let mut other = base.clone();
        other.candidates.swap(0, 1);
        assert!(matches!(
            check_comparable(&base, &other),
            Err(Incomparable::Candidates { .. })
        ));
        let mut fewer = base.clone();
        fewer.states.pop();
        let err = check_comparable(&base, &fewer).unwrap_err();
        assert!(
            err.to_string().contains("12 states, the what-if 11"),
            "{err}"
        );
        assert_eq!(check_comparable(&base, &base.clone()), Ok(()));
    }
}
