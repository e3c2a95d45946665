//! Backtests: a case's ensemble scored against its observed result, and the
//! same scores for the naive baselines (docs/VALIDATION.md).
//!
//! For each case: the log and Brier scores of the winner (single-seat
//! ballots with one reported winner), and for each candidate whose
//! first-round count was reported, the CRPS (votes), the mid-PIT and whether
//! the central 50% and 90% intervals contain it. The scores are the pure
//! functions of [`super::scores`]; this module only gathers an ensemble's
//! runs and lays the scores out as tidy rows.
//!
//! Baselines: `equal_chances` (winner scores) and `most_endorsed` (winner
//! scores: the candidate whose endorsing blocs hold the most member states;
//! in the case library a bloc endorsement is a prior term whose target is
//! `Blocs([...])`). A scenario without such a term gives equal chances under
//! `most_endorsed` as well.

use super::outcomes::RunOutcome;
use crate::scenario::{Scenario, Selector};

use super::scores::{
    DiscreteForecast, brier_score, equal_chances, log_score, most_endorsed, winner_frequencies,
};

/// The forecaster names used in the score table.
pub const MODEL: &str = "model";
pub const EQUAL_CHANCES: &str = "equal_chances";
pub const MOST_ENDORSED: &str = "most_endorsed";
pub const UN_VOTE: &str = "un_vote";

/// The UN vote of the UN-vote rule, and the nominating state it keys on.
pub const UN_VOTE_FEATURE: &str = "unga_68_262";
pub const UN_VOTE_STATE: &str = "RUS";

/// The nominal levels of the central intervals scored.
pub const LEVELS: [f64; 2] = [0.5, 0.9];

/// One score: tidy long format (one row per case, forecaster, score,
/// candidate and round).
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRow {
    pub case: String,
    pub forecaster: &'static str,
    /// `log`, `brier`, `crps`, `pit`, `covered_50`, `covered_90`.
    pub score: &'static str,
    /// Empty for the winner scores.
    pub candidate: String,
    /// 0 for the winner scores, else the round scored.
    pub round: u32,
    pub value: f64,
    /// The observed count (votes) or, for winner scores, 1 when the
    /// observed winner is the row's subject.
    pub observed: Option<u32>,
}

/// Why a case cannot be scored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BacktestError {
    #[error("{case}: the scenario has no `observed` block to score against")]
    NoObserved { case: String },
    #[error("{case}: no runs to score")]
    NoRuns { case: String },
}

/// Every score of one case, from its runs in run order (each reduced by
/// [`RunOutcome::of`]: the winner and the first-round tally).
pub fn score_case(s: &Scenario, runs: &[RunOutcome]) -> Result<Vec<ScoreRow>, BacktestError> {
    let case = s.meta.name.clone();
    let Some(observed) = &s.observed else {
        return Err(BacktestError::NoObserved { case });
    };
    if runs.is_empty() {
        return Err(BacktestError::NoRuns { case });
    }
    let ids: Vec<&str> = s.candidates.iter().map(|c| c.id.as_str()).collect();
    let k = ids.len();
    let mut rows = Vec::new();
    let row = |forecaster, score, candidate: &str, round, value, observed| ScoreRow {
        case: case.clone(),
        forecaster,
        score,
        candidate: candidate.to_string(),
        round,
        value,
        observed,
    };

    let winner = match observed.elected.as_slice() {
        [one] if observed.seats == 1 => ids.iter().position(|id| id == one),
        _ => None,
    };
    if let Some(w) = winner {
        let winners: Vec<Option<usize>> = runs.iter().map(|r| r.elected.first().copied()).collect();
        let forecasts = [
            (MODEL, winner_frequencies(&winners, k)),
            (EQUAL_CHANCES, equal_chances(k)),
            (MOST_ENDORSED, most_endorsed(&bloc_endorsers(s)).1),
        ];
        for (name, p) in forecasts {
            rows.push(row(name, "log", "", 0, log_score(&p, w), Some(1)));
            rows.push(row(name, "brier", "", 0, brier_score(&p, w), Some(1)));
        }
    }

    let un_counts = un_vote_counts(s, observed.seats);
    if let Some(first) = observed.rounds.first().filter(|r| r.round == 1) {
        for (id, y) in first.scored_votes() {
            let Some(c) = ids.iter().position(|i| *i == id) else {
                continue;
            };
            if let Some(counts) = &un_counts {
                let f = DiscreteForecast::point(counts[c]);
                rows.push(row(UN_VOTE, "crps", id, 1, f.crps(y), Some(y)));
            }
            let sample: Vec<u32> = runs.iter().map(|r| r.first_round_votes[c]).collect();
            let f = DiscreteForecast::from_sample(&sample);
            rows.push(row(MODEL, "crps", id, 1, f.crps(y), Some(y)));
            rows.push(row(MODEL, "pit", id, 1, f.mid_pit(y), Some(y)));
            for (level, name) in LEVELS.iter().zip(["covered_50", "covered_90"]) {
                let hit = if f.covers(y, *level) { 1.0 } else { 0.0 };
                rows.push(row(MODEL, name, id, 1, hit, Some(y)));
            }
        }
    }
    Ok(rows)
}

/// The UN-vote rule's first-round counts (docs/VALIDATION.md, "The
/// baselines"), where a case has one: a candidate nominated by
/// [`UN_VOTE_STATE`], states with the feature [`UN_VOTE_FEATURE`], and a
/// paper that names all but one candidate (`seats = k − 1`, as at the Human
/// Rights Council 2016). A state that voted `no` votes for that candidate;
/// every other state names all the others.
pub fn un_vote_counts(s: &Scenario, seats: u32) -> Option<Vec<u32>> {
    let k = s.candidates.len();
    let target = s
        .candidates
        .iter()
        .position(|c| c.nominated_by == UN_VOTE_STATE)?;
    if seats as usize + 1 != k
        || s.states
            .iter()
            .all(|m| !m.features.contains_key(UN_VOTE_FEATURE))
    {
        return None;
    }
    let assignments: Vec<bool> = s
        .states
        .iter()
        .map(|m| m.features.get(UN_VOTE_FEATURE).is_some_and(|v| v == "no"))
        .collect();
    let no = assignments.iter().filter(|&&n| n).count() as u32;
    let others = assignments.len() as u32 - no;
    Some(
        (0..k)
            .map(|c| if c == target { no } else { others })
            .collect(),
    )
}

/// For each candidate, the indices of the member states in the blocs that
/// its `Blocs([...])` prior terms name.
pub fn bloc_endorsers(s: &Scenario) -> Vec<Vec<usize>> {
    s.candidates
        .iter()
        .map(|c| {
            let blocs: Vec<&str> = s
                .prior
                .terms
                .iter()
                .filter(|t| t.candidate == c.id)
                .filter_map(|t| match &t.target {
                    Selector::Blocs(b) => Some(b.iter().map(String::as_str)),
                    _ => None,
                })
                .flatten()
                .collect();
            s.states
                .iter()
                .enumerate()
                .filter(|(_, m)| m.blocs.iter().any(|b| blocs.contains(&b.as_str())))
                .map(|(i, _)| i)
                .collect()
        })
        .collect()
}

/// Coverage of one forecaster's intervals over all scored counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    pub level: f64,
    pub covered: usize,
    pub scored: usize,
}

/// The model's interval coverage over `rows` (all cases), per level.
pub fn coverage(rows: &[ScoreRow]) -> Vec<Coverage> {
    LEVELS
        .iter()
        .zip(["covered_50", "covered_90"])
        .map(|(&level, name)| {
            let hits: Vec<f64> = rows
                .iter()
                .filter(|r| r.forecaster == MODEL && r.score == name)
                .map(|r| r.value)
                .collect();
            Coverage {
                level,
                covered: hits.iter().filter(|&&v| v > 0.5).count(),
                scored: hits.len(),
            }
        })
        .collect()
}

/// The mean of `score` for `forecaster` over `rows`, skipping nothing
/// (an infinite log score makes the mean infinite, as it should).
pub fn mean_score(rows: &[ScoreRow], forecaster: &str, score: &str) -> Option<f64> {
    let v: Vec<f64> = rows
        .iter()
        .filter(|r| r.forecaster == forecaster && r.score == score)
        .map(|r| r.value)
        .collect();
    if v.is_empty() {
        None
    } else {
        Some(v.iter().sum::<f64>() / v.len() as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::observed::{Count, Observed, ObservedRound};
    use crate::scenario::synthetic;

    /// A synthetic scenario with an observed result naming candidate 0 the
    /// winner with 3 votes in round 1.
    fn case() -> Scenario {
        let mut s = synthetic::synthetic_scenario(12, 2, 0, 30, 2, 7);
        let winner = s.candidates[0].id.clone();
        let other = s.candidates[1].id.clone();
        s.observed = Some(Observed {
            sources: vec!["x".into()],
            seats: 1,
            elected: vec![winner.clone()],
            rounds: vec![ObservedRound::with_votes(
                1,
                [(winner, Count::Reported(3)), (other, Count::Unverified)],
            )],
            note: String::new(),
        });
        s
    }

    fn tally(elected: Option<usize>, first: [u32; 2]) -> RunOutcome {
        RunOutcome {
            elected: elected.into_iter().collect(),
            decided: elected.is_some(),
            rounds: 1,
            first_round_votes: first.to_vec(),
            expected_share: vec![0.5; 2],
        }
    }

    fn value(rows: &[ScoreRow], forecaster: &str, score: &str) -> f64 {
        rows.iter()
            .find(|r| r.forecaster == forecaster && r.score == score)
            .unwrap_or_else(|| panic!("no {forecaster} {score}"))
            .value
    }

    #[test]
    fn scores_a_case_by_hand() {
        let s = case();
        // Four runs: candidate 0 wins three; its first-round votes 2, 3, 3, 5.
        let runs = [
            tally(Some(0), [2, 9]),
            tally(Some(0), [3, 9]),
            tally(Some(1), [3, 9]),
            tally(Some(0), [5, 9]),
        ];
        let rows = score_case(&s, &runs).unwrap();
        // Winner: p = (3/4, 1/4): log = -ln 0.75; Brier = (0.25)² + (0.25)² = 0.125.
        assert!((value(&rows, MODEL, "log") + 0.75f64.ln()).abs() < 1e-12);
        assert!((value(&rows, MODEL, "brier") - 0.125).abs() < 1e-12);
        // Equal chances between 2: Brier 0.5, log ln 2.
        assert!((value(&rows, EQUAL_CHANCES, "brier") - 0.5).abs() < 1e-12);
        assert!((value(&rows, EQUAL_CHANCES, "log") - 2f64.ln()).abs() < 1e-12);
        // Counts of candidate 0 against y = 3: F(2) = 1/4, P(3) = 1/2: mid-PIT 1/2.
        assert!((value(&rows, MODEL, "pit") - 0.5).abs() < 1e-12);
        // CRPS: F(2) = 1/4, F(3) = F(4) = 3/4, F(5) = 1 against the step at 3:
        //   k=2: (1/4)² = 1/16; k=3: (3/4 - 1)² = 1/16; k=4: 1/16; total 3/16.
        assert!((value(&rows, MODEL, "crps") - 3.0 / 16.0).abs() < 1e-12);
        // 50%: from q(0.25) = 2 to q(0.75) = 3: covers 3; 90%: 2 to 5.
        assert_eq!(value(&rows, MODEL, "covered_50"), 1.0);
        assert_eq!(value(&rows, MODEL, "covered_90"), 1.0);
        // The unverified count of candidate 1 is not scored.
        let id1 = &s.candidates[1].id;
        assert!(rows.iter().all(|r| &r.candidate != id1));
        let cov = coverage(&rows);
        assert_eq!((cov[0].covered, cov[0].scored), (1, 1));
    }

    #[test]
    fn a_winner_no_run_elected_scores_an_infinite_log_score() {
        let s = case();
        let rows = score_case(&s, &[tally(Some(1), [3, 9]), tally(None, [3, 9])]).unwrap();
        assert!(value(&rows, MODEL, "log").is_infinite());
        // p = (0, 1/2): Brier = 1 + 1/4.
        assert!((value(&rows, MODEL, "brier") - 1.25).abs() < 1e-12);
    }

    #[test]
    fn the_un_vote_rule_counts_by_hand() {
        let mut s = case();
        s.candidates[1].nominated_by = UN_VOTE_STATE.to_string();
        for (i, m) in s.states.iter_mut().enumerate() {
            let v = if i < 3 { "no" } else { "yes" };
            m.features
                .insert(UN_VOTE_FEATURE.to_string(), v.to_string());
        }
        // One seat, two candidates: the paper names k - 1 = 1.
        assert_eq!(un_vote_counts(&s, 1), Some(vec![9, 3]));
        assert_eq!(un_vote_counts(&s, 2), None);
        let rows = score_case(&s, &[tally(Some(0), [3, 9])]).unwrap();
        // Candidate 0's observed 3 against the rule's 9: CRPS = |9 - 3|.
        assert_eq!(value(&rows, UN_VOTE, "crps"), 6.0);
    }

    #[test]
    fn multi_seat_results_get_no_winner_scores() {
        let mut s = case();
        let o = s.observed.as_mut().unwrap();
        o.seats = 2;
        let rows = score_case(&s, &[tally(Some(0), [3, 9])]).unwrap();
        assert!(rows.iter().all(|r| r.round == 1), "{rows:?}");
    }

    #[test]
    fn a_scenario_without_an_observed_result_is_refused() {
        let mut s = case();
        s.observed = None;
        assert!(matches!(
            score_case(&s, &[tally(Some(0), [3, 9])]),
            Err(BacktestError::NoObserved { .. })
        ));
    }
}
