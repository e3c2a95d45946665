//! The election rules as written in a scenario file (`ballot: (...)`).
//!
//! Every field is optional: a field left out takes the value of the named
//! `preset`, or, without a preset, the ITU default of the first scenario
//! format (one seat, more than half of the valid votes, the lowest candidates
//! leave, at most 10 rounds). A scenario written before the rules grew
//! (`ballot: (elimination: ..., max_rounds: ..., basis: ...)`) means what it
//! meant then. [`crate::ballot::Rules::of`] expands these settings into the
//! full rule set; `docs/RULES.md` documents every field and preset with its
//! source.

use serde::{Deserialize, Serialize};

use super::types::{Basis, Selector};

/// The election rules of the post.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BallotRules {
    /// A named rule set of a real body (docs/RULES.md); the other fields
    /// override it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preset: Option<Preset>,
    /// Seats to fill (default 1). A ballot paper names up to as many
    /// candidates as there are seats still open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seats: Option<u32>,
    /// Who votes: the member states selected (default all). States outside
    /// the electorate cast no paper.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub electorate: Option<Selector>,
    /// What the threshold is a share of (default `Valid`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub majority_of: Option<MajorityOf>,
    /// The votes a candidate needs, as a share of `majority_of` (default `Majority`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<Threshold>,
    /// A different threshold from a stated round on (WHO 2017, UNESCO's last round).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold_change: Option<ThresholdChange>,
    /// Who leaves the race after a round that fills no seat (default `DropLowest`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elimination: Option<Elimination>,
    /// From this round on, after each round that fills no seat, only the
    /// strongest `seats open + 1` candidates go on (a top-two run-off for one
    /// seat); ties at the cut go on and are cut again after the next round.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runoff_after: Option<u32>,
    /// Restricted ballots (UN General Assembly rule 94).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restricted: Option<Restricted>,
    /// Rounds after which the election is declared undecided (default 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_rounds: Option<u32>,
    /// Candidates who withdraw between rounds.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub withdrawals: Vec<Withdrawal>,
    /// Where the rules come from.
    pub basis: Basis,
}

/// Named rule sets (docs/RULES.md gives each one's source and what is unverified).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Preset {
    /// ITU Plenipotentiary Conference: Secretary-General, Deputy, Bureau Directors.
    ItuElectedOfficial,
    /// ITU Plenipotentiary Conference: the Council seats of one region.
    ItuCouncilRegion,
    /// UN General Assembly: non-permanent members of the Security Council (one group).
    UnSecurityCouncil,
    /// UN General Assembly: members of the Human Rights Council (one group).
    UnHumanRightsCouncil,
    /// UN General Assembly: members of the Economic and Social Council (one group).
    UnEcosoc,
    /// World Health Assembly: Director-General (2017 procedure).
    WhoDirectorGeneral,
    /// FAO Conference: Director-General.
    FaoDirectorGeneral,
    /// UNESCO Executive Board: nomination of the Director-General.
    UnescoDirectorGeneral,
    /// ILO Governing Body: Director-General.
    IloDirectorGeneral,
    /// IMO Council: Secretary-General.
    ImoSecretaryGeneral,
    /// INTERPOL General Assembly: President.
    InterpolPresident,
}

impl Preset {
    /// Every preset, in declaration order.
    pub const ALL: [Preset; 11] = [
        Preset::ItuElectedOfficial,
        Preset::ItuCouncilRegion,
        Preset::UnSecurityCouncil,
        Preset::UnHumanRightsCouncil,
        Preset::UnEcosoc,
        Preset::WhoDirectorGeneral,
        Preset::FaoDirectorGeneral,
        Preset::UnescoDirectorGeneral,
        Preset::IloDirectorGeneral,
        Preset::ImoSecretaryGeneral,
        Preset::InterpolPresident,
    ];
}

/// What a threshold is a share of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MajorityOf {
    /// Valid ballot papers: those naming standing candidates. Blank,
    /// invalid and absent do not count: the ITU's and the UN's "present and
    /// voting", where abstentions are not voting.
    Valid,
    /// Valid and blank papers: present and voting with blank papers counted.
    ValidAndBlank,
    /// All members of the electorate, with or without voting rights, present
    /// or not (the Human Rights Council's "majority of the members").
    AllMembers,
    /// The members of the electorate with voting rights, present or not
    /// (the ILO's "members entitled to vote").
    EntitledMembers,
}

/// The votes a candidate needs out of a base of `b` (at least 1 in every case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Threshold {
    /// More than half: `floor(b / 2) + 1`.
    Majority,
    /// At least two thirds: `ceil(2 b / 3)`.
    TwoThirds,
    /// More than `p / q`: `floor(p b / q) + 1`.
    MoreThan(u32, u32),
    /// At least `p / q`: `ceil(p b / q)`.
    AtLeast(u32, u32),
    /// No share: the candidates with the most votes fill the seats.
    Plurality,
}

/// A threshold that applies from round `from_round` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThresholdChange {
    pub from_round: u32,
    pub threshold: Threshold,
}

/// Who leaves the race after a round that fills no seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Elimination {
    /// The candidate(s) with the fewest votes leave; all tied lowest leave unless
    /// that would leave fewer candidates than open seats, in which case nobody leaves.
    DropLowest,
    /// A run-off from round 1: the same as `NoElimination` with
    /// `runoff_after: 1` (unless `runoff_after` says another round).
    TopTwoRunoff,
    /// Nobody leaves; rounds repeat until the seats are filled or `max_rounds`.
    NoElimination,
}

/// Restricted ballots: after `after` unrestricted rounds without filling
/// every seat, `rounds` rounds are restricted to the `factor × open seats`
/// candidates with the most votes in the round before (ties at the cut go
/// on); then `unrestricted` rounds are open to every candidate again, and so
/// on in turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Restricted {
    pub after: u32,
    pub rounds: u32,
    pub unrestricted: u32,
    pub factor: u32,
}

/// A candidate who withdraws after a round (if still standing and not elected).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Withdrawal {
    /// Id of the candidate.
    pub candidate: String,
    /// The round after which the candidate withdraws.
    pub after_round: u32,
    /// Id of the candidate its supporters' leaning passes to; left free
    /// (shared among the others by their own leanings) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_to: Option<String>,
}
