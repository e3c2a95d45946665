//! Plain result types of one run: what the model hands to the report layer.
//!
//! Nothing here knows the ECS world; the report layer reads only these types.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Everything one simulated run produced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunResult {
    /// Scenario name (`meta.name`).
    pub scenario: String,
    /// Scenario title for charts (`meta.title`, else the name).
    pub title: String,
    pub seed: u64,
    pub candidates: Vec<CandidateInfo>,
    pub regions: Vec<RegionInfo>,
    /// Number of member states with voting rights.
    pub eligible_voters: usize,
    pub conference_start: NaiveDate,
    pub conference_end: NaiveDate,
    pub ballot_date: NaiveDate,
    /// Events in date order, for chart markers.
    pub events: Vec<EventMark>,
    /// One entry per tick, in date order; the last is the ballot day.
    pub history: Vec<TickRecord>,
    /// Per member state at the ballot, in the scenario's state order.
    pub states: Vec<StateOutcome>,
    pub ballot: BallotResult,
    /// The values this run drew for the scenario's uncertain numbers and
    /// shocks (empty when it has none), in the scenario's order.
    pub parameters: Vec<SampledValue>,
}

/// One drawn value of a run: an uncertain number (named by its `--set`
/// path) or a shock's swing (`shocks.ID`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SampledValue {
    pub name: String,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateInfo {
    pub id: String,
    pub name: String,
    /// `#rrggbb`.
    pub colour: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionInfo {
    pub id: String,
    pub name: String,
    /// Member states in the region with voting rights.
    pub voters: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventMark {
    pub id: String,
    pub date: NaiveDate,
    pub label: String,
}

/// The state of the race on one date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TickRecord {
    pub date: NaiveDate,
    /// Expected votes per candidate (indexed like `RunResult::candidates`) if
    /// the ballot were held that day: sum over eligible states of
    /// P(present) * P(votes for the candidate | present).
    pub expected_votes: Vec<f64>,
    /// Probability that each candidate would win the race if the ballot were
    /// held that day (normal approximation, docs/MODEL.md).
    pub win_probability: Vec<f64>,
    /// `expected_votes_by_region[r][c]`: expected votes for candidate c from region r.
    pub expected_votes_by_region: Vec<Vec<f64>>,
    /// Public pledges per candidate so far.
    pub pledges: Vec<u32>,
}

/// One member state at the ballot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StateOutcome {
    pub code: String,
    pub name: String,
    /// Index into `RunResult::regions`.
    pub region: usize,
    pub voting_rights: bool,
    /// P(vote for candidate c), unconditional (includes absence and blank).
    pub p_vote: Vec<f64>,
    /// P(present and casts a blank ballot).
    pub p_blank: f64,
    /// P(absent).
    pub p_absent: f64,
    /// Index of the candidate it publicly pledged to, if any.
    pub pledge: Option<usize>,
    /// What it did in the first round of the simulated ballot.
    pub first_round_vote: Vote,
}

/// One delegation's ballot paper in one round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Vote {
    /// Not present, or without voting rights.
    Absent,
    /// Present, blank ballot (counts as an abstention).
    Blank,
    /// A vote for the candidate with this index.
    For(usize),
}

/// The outcome of the ballot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BallotResult {
    pub rounds: Vec<RoundResult>,
    /// Index of the elected candidate; `None` if nobody was elected within the rules.
    pub elected: Option<usize>,
}

/// One round of voting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundResult {
    /// 1-based round number.
    pub number: u32,
    /// Candidates standing in this round.
    pub standing: Vec<usize>,
    /// Votes per candidate (indexed like `RunResult::candidates`; 0 for those not standing).
    pub tally: Vec<u32>,
    /// Blank ballot papers (abstentions): not part of the majority's base.
    pub blank: u32,
    /// Member states absent or without voting rights.
    pub absent: u32,
    /// Ballot papers for a candidate not standing in this round: not part of
    /// the majority's base.
    pub invalid: u32,
    /// Votes cast for standing candidates (the base of the majority).
    pub valid: u32,
    /// Votes needed to be elected: floor(valid / 2) + 1.
    pub majority: u32,
    pub elected: Option<usize>,
    /// Candidates who leave the race after this round.
    pub eliminated: Vec<usize>,
}
