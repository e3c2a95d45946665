//! The scenario file format: plain data, read from RON with serde.
//!
//! Everything a run needs is here and nothing else: the scenario layer knows
//! nothing of the ECS world, of files on disk or of charts. Units: utilities are
//! dimensionless (one unit shifts the odds between two candidates by a factor
//! `e^(1/temperature)`), effort is in abstract "effort units", dates are ISO dates.
//! `docs/SCENARIO.md` documents every field; `docs/MODEL.md` what the numbers do.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::distribution::Uncertain;
use super::numbers::{NonNegative, Probability};
use super::rules::BallotRules;

/// The newest version of the scenario format this build reads: version 2
/// adds a conference of several posts (`posts`, `deals`, `after_results`);
/// version 1 files, one post, load unchanged.
pub const FORMAT_VERSION: u32 = 2;

/// The version of a file of one post (today's files and what-ifs).
pub const ONE_POST_VERSION: u32 = 1;

/// A complete scenario: an election in an international body and everything
/// that moves its voters on the way to the ballot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub version: u32,
    pub meta: Meta,
    pub calendar: Calendar,
    /// The posts of a conference, each with its own ballot (version 2); empty
    /// for a scenario of one post, whose ballot is `ballot`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub posts: Vec<Post>,
    pub regions: Vec<Region>,
    #[serde(default)]
    pub features: Vec<Feature>,
    #[serde(default)]
    pub blocs: Vec<Bloc>,
    pub candidates: Vec<Candidate>,
    pub states: Vec<MemberState>,
    #[serde(default)]
    pub prior: Prior,
    #[serde(default)]
    pub campaigns: Vec<Campaign>,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub params: Params,
    #[serde(default)]
    pub ballot: BallotRules,
    /// Per-run random swings shared by groups of states (docs/MODEL.md, "Shocks").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shocks: Vec<Shock>,
    /// Per-state attendance and blank-paper propensities from features.
    #[serde(default, skip_serializing_if = "Propensities::is_empty")]
    pub propensities: Propensities,
    /// Bounds on the work one run may ask for; raise them here when a
    /// scenario really means that much.
    #[serde(default, skip_serializing_if = "Limits::is_default")]
    pub limits: Limits,
    /// The reported result of a past election, for scoring only: nothing in
    /// the model reads it ([`super::observed`]). Left out of the serialised
    /// form when absent, so that the hash of a scenario as run does not
    /// change for scenarios without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<super::observed::Observed>,
    /// Support traded between sponsors across posts of a conference.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deals: Vec<Deal>,
    /// Shifts for later posts once an earlier post is filled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after_results: Vec<AfterResult>,
}

/// Bounds on the work one run may ask for (docs/SCENARIO.md, Limits).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Largest ticks × member states × candidates of one run.
    pub max_work: u64,
}

impl Limits {
    /// The default `max_work`: about 130 times the bundled PP-22 scenario
    /// (272 ticks × 193 states × 3 candidates); 23.5 million steps took
    /// 17 s in a debug build (docs/SCENARIO.md, Limits).
    pub const DEFAULT_MAX_WORK: u64 = 20_000_000;

    pub fn is_default(&self) -> bool {
        *self == Limits::default()
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_work: Limits::DEFAULT_MAX_WORK,
        }
    }
}

impl Scenario {
    /// Names of the model parameters (keys of `params.basis`).
    pub fn param_names() -> &'static [&'static str] {
        &Params::NAMES
    }

    /// Whether the scenario is a conference of posts (docs/CONFERENCE.md).
    pub fn is_conference(&self) -> bool {
        !self.posts.is_empty()
    }

    /// The post that candidate `id` stands for, in a conference.
    pub fn post_of(&self, id: &str) -> Option<&Post> {
        let post = self
            .candidates
            .iter()
            .find(|c| c.id == id)?
            .post
            .as_deref()?;
        self.posts.iter().find(|p| p.id == post)
    }
}

/// One post of a conference: its own candidates (those that name it), rules
/// and ballot date; everything else is shared by the posts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Post {
    pub id: String,
    pub name: String,
    /// The day of this post's ballot, within the conference.
    pub ballot_date: NaiveDate,
    /// The post's election rules (docs/RULES.md).
    #[serde(default)]
    pub ballot: BallotRules,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
}

/// Support traded between sponsors: each side backs a candidate, maybe of
/// another post, and may break its word (a secret ballot cannot enforce it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deal {
    pub id: String,
    #[serde(default)]
    pub label: String,
    /// The day the deal is struck: kept sides shift anchors from this day on.
    pub date: NaiveDate,
    pub sides: Vec<DealSide>,
    pub basis: Basis,
}

/// One side of a deal: the states of `party` back `backs`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DealSide {
    /// The states that give the support.
    pub party: Selector,
    /// The candidate they back (the shift applies in that candidate's post).
    pub backs: String,
    /// Added to each party state's anchor utility of `backs` if the side keeps the deal.
    pub shift: Uncertain<f64>,
    /// The chance that this side breaks the deal (one draw per run).
    pub breaks: Uncertain<Probability>,
}

/// A shift for later posts, applied on the day `post` is filled if `when`
/// holds of its result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AfterResult {
    pub id: String,
    /// The post whose result it waits for.
    pub post: String,
    pub when: Condition,
    /// Persistent shifts; each candidate stands for a post voting later.
    pub effects: Vec<EventEffect>,
    pub basis: Basis,
}

/// What an after-result link waits for in its post's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Condition {
    /// The candidate with this id is elected.
    Elected(String),
    /// The candidate with this id is not elected.
    NotElected(String),
    /// A candidate nominated by a state of this region is elected.
    ElectedFromRegion(String),
}

/// Name, description and the references that the scenario's numbers cite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Short machine-friendly name; used for output folder names.
    pub name: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// References that `basis: Source([...])` entries point to.
    #[serde(default)]
    pub sources: Vec<SourceRef>,
}

/// One bibliographic reference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub url: String,
}

/// Where a number comes from: one or more sources, or an explicit assumption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Basis {
    /// Ids of entries in `meta.sources`.
    Source(Vec<String>),
    /// A modelling assumption, with the reasoning behind it.
    Assumption(String),
}

impl Default for Basis {
    fn default() -> Self {
        Basis::Assumption("lobbysim default (docs/MODEL.md)".to_string())
    }
}

/// The simulated period. Users write dates; ticks are derived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    /// First simulated day (tick 0).
    pub start: NaiveDate,
    /// The day of the ballot (the last tick).
    pub ballot: NaiveDate,
    /// First day of the conference, when delegations meet.
    pub conference_start: NaiveDate,
    /// Last day of the conference (may be after the ballot).
    pub conference_end: NaiveDate,
    /// Days per tick.
    #[serde(default = "one")]
    pub tick_days: u32,
}

fn one() -> u32 {
    1
}

/// A region of the electing body (e.g. the five ITU administrative regions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub id: String,
    pub name: String,
}

/// A categorical, observable feature of member states (e.g. a UN vote).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feature {
    pub id: String,
    #[serde(default)]
    pub description: String,
    /// The values a state may hold; `unknown` must be listed if it is used.
    pub values: Vec<String>,
    #[serde(default)]
    pub basis: Basis,
}

/// A group of states that coordinate (regional organisations, unions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bloc {
    pub id: String,
    pub name: String,
    /// Weight of this bloc's pull on its members, relative to other blocs.
    pub cohesion: Uncertain<NonNegative>,
    #[serde(default)]
    pub basis: Basis,
}

/// A candidate for the post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    /// Code of the member state that nominated the candidate.
    pub nominated_by: String,
    /// In a conference, the id of the post the candidate stands for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<String>,
    /// Chart colour as `#rrggbb`; a palette colour when absent.
    #[serde(default)]
    pub colour: Option<String>,
}

/// A member state of the electing body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberState {
    /// Unique code, e.g. ISO 3166 alpha-3.
    pub code: String,
    pub name: String,
    pub region: String,
    #[serde(default)]
    pub blocs: Vec<String>,
    /// Feature id -> value.
    #[serde(default)]
    pub features: BTreeMap<String, String>,
    /// False for a state that has lost its vote (e.g. arrears).
    #[serde(default = "yes")]
    pub voting_rights: bool,
    /// Chance that its delegation is present at the ballot; `params.attendance` when absent.
    #[serde(default)]
    pub attendance: Option<Probability>,
    /// Per-state stubbornness; `params.stubbornness` when absent.
    #[serde(default)]
    pub stubbornness: Option<Probability>,
    /// Free-text notes (assumptions about this state's data).
    #[serde(default)]
    pub note: String,
}

fn yes() -> bool {
    true
}

/// A set of member states. Used by prior terms, campaign targets and events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Selector {
    All,
    States(Vec<String>),
    Regions(Vec<String>),
    Blocs(Vec<String>),
    /// States whose feature `name` takes one of `values`.
    Feature {
        name: String,
        values: Vec<String>,
    },
    AllOf(Vec<Selector>),
    AnyOf(Vec<Selector>),
    Not(Box<Selector>),
    /// Campaign targets only: each tick, the `count` states of `among` nearest to
    /// indifference between the campaign's candidate and its strongest rival.
    Swing {
        among: Box<Selector>,
        count: u32,
    },
}

/// How observable features map to initial utilities.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prior {
    #[serde(default)]
    pub terms: Vec<PriorTerm>,
}

/// `weight` is added to the utility of `candidate` for every state in `target`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorTerm {
    /// Optional name, unique among the prior terms, by which `--set`,
    /// `sweep` and `sensitivity` can address the term
    /// (`prior.terms.ID.weight`); without one, the term's index serves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default)]
    pub label: String,
    pub target: Selector,
    pub candidate: String,
    pub weight: Uncertain<f64>,
    pub basis: Basis,
}

/// A lobbying campaign for one candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// Code of the sponsoring member state.
    pub sponsor: String,
    pub candidate: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Effort units per day, shared equally among the current targets.
    pub budget: Uncertain<NonNegative>,
    /// Largest utility shift this campaign can produce in one state.
    pub strength: Uncertain<f64>,
    /// Effort at which 63% of `strength` is reached (diminishing returns).
    pub saturation: NonNegative,
    /// Whom the steady effort goes to.
    pub target: Selector,
    #[serde(default)]
    pub tactics: Vec<Tactic>,
    pub basis: Basis,
}

/// A dated action of a campaign: one-off effort delivered to its targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tactic {
    pub kind: TacticKind,
    #[serde(default)]
    pub label: String,
    pub start: NaiveDate,
    /// Last day; a one-day tactic when absent. Effort is spread over the days.
    #[serde(default)]
    pub end: Option<NaiveDate>,
    pub target: Selector,
    /// Effort units delivered to each target over the tactic's days.
    pub effort: Uncertain<NonNegative>,
    pub basis: Basis,
}

/// The kinds of tactic. Only `Pressure` behaves differently: it can backfire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TacticKind {
    EnvoyVisit,
    FinancePledge,
    Summit,
    Statement,
    /// With probability `backfire` per target, the effort pushes the target away.
    Pressure {
        backfire: Probability,
    },
}

/// A dated shock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub id: String,
    pub date: NaiveDate,
    /// Short label for charts.
    pub label: String,
    pub effects: Vec<EventEffect>,
    /// Persistent shocks move a state's anchor as well as its current utility.
    #[serde(default = "yes")]
    pub persistent: bool,
    pub basis: Basis,
}

/// `shift` is added to the utility of `candidate` for each state in `target`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventEffect {
    pub target: Selector,
    pub candidate: String,
    pub shift: Uncertain<f64>,
}

/// Model parameters. Every field has a default (docs/MODEL.md); `basis` says
/// where each value comes from, keyed by the field name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    /// Softmax temperature of the vote choice (utility units).
    pub temperature: Uncertain<NonNegative>,
    /// Weight on the anchor in each day's update (Friedkin-Johnsen stubbornness).
    pub stubbornness: Uncertain<Probability>,
    /// Weight on peers' mean utility per day before the conference.
    pub peer_influence: Uncertain<Probability>,
    /// Weight on peers' mean utility per day while delegations meet.
    pub conference_peer_influence: Uncertain<Probability>,
    /// Standard deviation of the daily utility noise (utility units per sqrt(day)).
    pub noise: Uncertain<NonNegative>,
    /// Chance that a present delegation casts a blank ballot.
    pub abstention: Uncertain<Probability>,
    /// Default chance that a delegation is present at the ballot.
    pub attendance: Uncertain<Probability>,
    /// Vote probability above which a state publicly pledges its vote.
    pub pledge_threshold: Uncertain<Probability>,
    /// Chance that a pledged state votes its private intention instead of its pledge.
    pub defection: Uncertain<Probability>,
    /// Where each value comes from, keyed by field name.
    pub basis: BTreeMap<String, Basis>,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            temperature: NonNegative(1.0).into(),
            stubbornness: Probability(0.05).into(),
            peer_influence: Probability(0.01).into(),
            conference_peer_influence: Probability(0.10).into(),
            noise: NonNegative(0.03).into(),
            abstention: Probability(0.02).into(),
            attendance: Probability(0.95).into(),
            pledge_threshold: Probability(0.8).into(),
            defection: Probability(0.3).into(),
            basis: BTreeMap::new(),
        }
    }
}

impl Params {
    /// The parameter names, in declaration order (keys allowed in `basis`).
    pub const NAMES: [&'static str; 9] = [
        "temperature",
        "stubbornness",
        "peer_influence",
        "conference_peer_influence",
        "noise",
        "abstention",
        "attendance",
        "pledge_threshold",
        "defection",
    ];
}

/// A variant of a base scenario: a what-if for teaching or a counterfactual.
/// Written as `WhatIf(...)` at the top of a file instead of `Scenario(...)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhatIf {
    pub version: u32,
    /// Path of the base scenario, relative to this file.
    pub base: String,
    /// Replaces the base's meta (name, title, description; sources are added to the base's).
    pub meta: Meta,
    /// Ids of campaigns or events to remove.
    #[serde(default)]
    pub disable: Vec<String>,
    /// Overrides in the same `PATH=VALUE` syntax as `--set` (docs/SCENARIO.md).
    #[serde(default)]
    pub set: Vec<String>,
    /// Campaigns added to the base's.
    #[serde(default)]
    pub add_campaigns: Vec<Campaign>,
    /// Events added to the base's.
    #[serde(default)]
    pub add_events: Vec<Event>,
    /// The reported result, replacing the base's (for scoring only; a case
    /// of a past election can so reuse a scenario that lacks one).
    #[serde(default)]
    pub observed: Option<super::observed::Observed>,
}

/// A per-run random swing toward `candidate` shared by every state in
/// `target` (a random effect): each run draws `z ~ Normal(0, scale)` once and
/// adds it to those states' prior utility for the candidate (docs/MODEL.md, "Shocks").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shock {
    pub id: String,
    #[serde(default)]
    pub label: String,
    pub target: Selector,
    pub candidate: String,
    /// Standard deviation of the swing (utility units).
    pub scale: Uncertain<NonNegative>,
    pub basis: Basis,
}

/// Per-state propensities to attend and to cast a blank paper, from
/// features (docs/MODEL.md, "Attendance and blank papers").
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Propensities {
    /// Around each state's attendance (its own, else `params.attendance`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendance: Option<Propensity>,
    /// Around `params.abstention`, the conference-wide rate of blank papers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blank: Option<Propensity>,
}

impl Propensities {
    pub fn is_empty(&self) -> bool {
        self.attendance.is_none() && self.blank.is_none()
    }
}

/// `logit p_i = logit(base_i) + sum of the weights of the terms that select i
/// + spread * z_i`, with `z_i` standard normal, drawn per state and run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Propensity {
    #[serde(default)]
    pub terms: Vec<PropensityTerm>,
    /// Standard deviation of the per-state variation on the logit scale.
    #[serde(default = "no_spread")]
    pub spread: Uncertain<NonNegative>,
    pub basis: Basis,
}

fn no_spread() -> Uncertain<NonNegative> {
    NonNegative(0.0).into()
}

/// `weight` (logit units) is added for every state in `target`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PropensityTerm {
    /// Optional name by which `--set` addresses the term (else its index).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default)]
    pub label: String,
    pub target: Selector,
    pub weight: Uncertain<f64>,
    pub basis: Basis,
}
