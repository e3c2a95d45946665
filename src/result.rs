//! Plain result types of one run: what the model hands to the report layer.
//!
//! Nothing here knows the ECS world; the report layer reads only these types.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::scenario::colour::Colour;
use crate::scenario::{MajorityOf, Scenario, Threshold};

/// What tables, charts and summaries show of a scenario, built once from it
/// (no world is built to read these).
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioDisplay {
    /// `meta.name`, for folder names and `summary.json`.
    pub name: String,
    /// `meta.title`, else the name.
    pub title: String,
    /// The candidates in scenario order, each with its colour or, if it
    /// names none (or none valid), one of the palette's.
    pub candidates: Vec<CandidateInfo>,
}

impl ScenarioDisplay {
    pub fn of(s: &Scenario) -> ScenarioDisplay {
        let m = &s.meta;
        ScenarioDisplay {
            name: m.name.clone(),
            title: if m.title.is_empty() {
                m.name.clone()
            } else {
                m.title.clone()
            },
            candidates: s
                .candidates
                .iter()
                .enumerate()
                .map(|(i, c)| CandidateInfo {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    colour: c
                        .colour
                        .clone()
                        .filter(|x| Colour::parse(x).is_some())
                        .unwrap_or_else(|| Colour::of_position(i).to_string()),
                })
                .collect(),
        }
    }

    /// The candidates' ids, in scenario order.
    pub fn ids(&self) -> Vec<String> {
        self.candidates.iter().map(|c| c.id.clone()).collect()
    }
}

/// Everything one simulated run produced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunResult {
    /// Scenario name (`meta.name`).
    pub scenario: String,
    /// Scenario title for charts (`meta.title`, else the name).
    pub title: String,
    pub seed: u64,
    /// Whether every uncertain number took its central value (`run --central`)
    /// rather than a value drawn with the seed.
    pub central: bool,
    pub candidates: Vec<CandidateInfo>,
    pub regions: Vec<RegionInfo>,
    /// Number of member states with a vote: in the post's electorate, with voting rights.
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

/// One run of a conference: every post's result, in ballot order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConferenceResult {
    pub scenario: String,
    pub title: String,
    pub seed: u64,
    pub central: bool,
    /// In ballot-date order, then file order; each `result` is a whole
    /// RunResult of that post (its candidates only).
    pub posts: Vec<PostRun>,
    pub deals: Vec<DealOutcome>,
    pub after_results: Vec<LinkOutcome>,
    /// Drawn values shared by the posts (as [`RunResult::parameters`]).
    pub parameters: Vec<SampledValue>,
}

/// One post's run within a conference run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostRun {
    pub id: String,
    pub name: String,
    pub result: RunResult,
}

/// Whether each side of a deal kept it in one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DealOutcome {
    pub id: String,
    /// Per side, in file order.
    pub kept: Vec<bool>,
}

/// Whether an after-result link's condition held in one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkOutcome {
    pub id: String,
    pub fired: bool,
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
    /// Member states in the region with a vote (in the electorate, with voting rights).
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
    /// What it did in the first round of the simulated ballot (the first
    /// name on its paper when the paper may name several).
    pub first_round_vote: Vote,
    /// Every candidate named on its first-round paper.
    pub first_round_names: Vec<usize>,
}

/// One mark of a delegation's ballot paper in one round. A paper for one
/// seat is one mark; a paper for several seats is one mark per open seat:
/// the candidates it names, then `Blank` marks for the names left out
/// ([`crate::ballot`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Vote {
    /// Not present.
    Absent,
    /// Has no vote: outside the electorate of the post, or without voting rights.
    NoVote,
    /// Present, blank ballot (counts as an abstention).
    Blank,
    /// A vote for the candidate with this index.
    For(usize),
}

/// The outcome of the ballot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BallotResult {
    /// Seats to fill.
    pub seats: u32,
    pub rounds: Vec<RoundResult>,
    /// Every candidate elected, in the order of election (by round, then by
    /// votes in that round).
    pub winners: Vec<usize>,
    /// For one seat, the elected candidate; `None` if nobody was elected
    /// within the rules, and always `None` for several seats (see `winners`).
    pub elected: Option<usize>,
    /// Where the votes went between consecutive rounds, one per round after
    /// the first.
    pub flows: Vec<Flow>,
}

/// How the member states' papers moved from round `from_round` to the next,
/// by each paper's first name. `counts[a][b]` counts the states whose paper
/// was of kind `a` in round `from_round` and of kind `b` in the next, kinds
/// being a candidate index `0..k`, then blank or invalid (`k`), then absent
/// (`k + 1`). States without a vote are not counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flow {
    pub from_round: u32,
    pub counts: Vec<Vec<u32>>,
}

impl BallotResult {
    /// Whether every seat was filled.
    pub fn decided(&self) -> bool {
        self.winners.len() as u32 >= self.seats
    }
}

/// What the candidate needs and who leaves, in one round: enough to count
/// the round again from its tallies ([`crate::ballot::decide`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundRule {
    pub majority_of: MajorityOf,
    pub threshold: Threshold,
    /// Who leaves after this round if it fills no seat.
    pub cut: Cut,
}

/// Who leaves after a round that fills no seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cut {
    /// Nobody.
    Nobody,
    /// The candidates with the fewest votes (docs/RULES.md).
    DropLowest,
    /// All but the candidates with the `n` highest tallies (ties at the cut stay).
    KeepTop(u32),
}

/// One round of voting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundResult {
    /// 1-based round number.
    pub number: u32,
    /// Seats still open at this round: each paper names up to this many candidates.
    pub seats_open: u32,
    /// Whether the round was restricted to the leading candidates of an earlier round.
    pub restricted: bool,
    /// The rule in force in this round.
    pub rule: RoundRule,
    /// Members of the electorate, with or without voting rights.
    pub members: u32,
    /// Members of the electorate with voting rights.
    pub entitled: u32,
    /// Candidates standing in this round.
    pub standing: Vec<usize>,
    /// Votes per candidate (indexed like `RunResult::candidates`; 0 for those not standing).
    pub tally: Vec<u32>,
    /// Blank ballot papers (abstentions).
    pub blank: u32,
    /// Member states with a vote that were not present.
    pub absent: u32,
    /// Member states without a vote (outside the electorate, or without voting rights).
    pub no_vote: u32,
    /// Ballot papers naming a candidate not standing in this round, or one
    /// candidate twice, or more candidates than seats open.
    pub invalid: u32,
    /// Valid ballot papers: those naming only standing candidates.
    pub valid: u32,
    /// The number the threshold is a share of (`rule.majority_of`).
    pub base: u32,
    /// Votes needed to be elected in this round (`rule.threshold` of `base`, at least 1).
    pub majority: u32,
    /// Candidates elected in this round, by votes.
    pub elected: Vec<usize>,
    /// Candidates who leave the race after this round by the rules.
    pub eliminated: Vec<usize>,
    /// Candidates who withdraw after this round.
    pub withdrawn: Vec<usize>,
}

impl RoundResult {
    /// Round `number` of a one-seat ballot among `n_candidates`, under the
    /// default rule (more than half of the valid papers, the lowest leave),
    /// with nothing counted yet: for building results by hand.
    pub fn empty(number: u32, n_candidates: usize) -> RoundResult {
        RoundResult {
            number,
            seats_open: 1,
            restricted: false,
            rule: RoundRule {
                majority_of: MajorityOf::Valid,
                threshold: Threshold::Majority,
                cut: Cut::DropLowest,
            },
            members: 0,
            entitled: 0,
            standing: (0..n_candidates).collect(),
            tally: vec![0; n_candidates],
            blank: 0,
            absent: 0,
            no_vote: 0,
            invalid: 0,
            valid: 0,
            base: 0,
            majority: 1,
            elected: Vec::new(),
            eliminated: Vec::new(),
            withdrawn: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_falls_back_to_the_name_and_the_palette() {
        let path = std::path::Path::new("scenarios/classroom/three_candidates.ron");
        let mut s = crate::scenario::load(path)
            .expect("the classroom loads")
            .scenario;
        s.meta.title.clear();
        s.candidates[0].colour = Some("#123456".into());
        s.candidates[1].colour = None;
        s.candidates[2].colour = Some("not a colour".into());
        let shown = ScenarioDisplay::of(&s);
        assert_eq!(shown.title, s.meta.name);
        let colours: Vec<String> = shown.candidates.iter().map(|c| c.colour.clone()).collect();
        let palette = |i: usize| Colour::of_position(i).to_string();
        assert_eq!(colours, ["#123456".to_string(), palette(1), palette(2)]);
        assert_eq!(shown.ids(), ["ORT", "MEN", "CHE"].map(String::from));
    }
}
