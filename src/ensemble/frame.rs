//! The fixed parts of an ensemble's results: names, colours, dates, events
//! and member states, the same in every run. Kept in the aggregate file, so
//! that merging shard folders needs no scenario file.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::Simulation;
use crate::result::{CandidateInfo, EventMark, RegionInfo};

/// What every run of a scenario shares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnsembleFrame {
    /// Scenario name (`meta.name`).
    pub scenario: String,
    /// Scenario title for charts (`meta.title`, else the name).
    pub title: String,
    pub candidates: Vec<CandidateInfo>,
    pub regions: Vec<RegionInfo>,
    /// Member states in the scenario's order.
    pub states: Vec<StateInfo>,
    /// Member states with voting rights.
    pub eligible_voters: usize,
    /// The date of each tick; the last is the ballot day.
    pub dates: Vec<NaiveDate>,
    pub conference_start: NaiveDate,
    pub conference_end: NaiveDate,
    pub ballot_date: NaiveDate,
    /// Events in date order.
    pub events: Vec<EventMark>,
    /// Rounds after which the election is declared undecided.
    pub max_rounds: u32,
}

/// A member state's identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateInfo {
    pub code: String,
    pub name: String,
    /// Index into [`EnsembleFrame::regions`].
    pub region: usize,
    pub voting_rights: bool,
}

impl EnsembleFrame {
    /// The frame of a simulation's scenario.
    pub fn of(sim: &Simulation) -> EnsembleFrame {
        EnsembleFrame::of_result(sim.template(), sim.dates().to_vec(), sim.max_rounds())
    }

    /// The frame of runs that look like `t` (a run's fixed parts), with the
    /// dates of its ticks and the rounds after which a ballot is undecided.
    pub fn of_result(
        t: &crate::result::RunResult,
        dates: Vec<chrono::NaiveDate>,
        max_rounds: u32,
    ) -> EnsembleFrame {
        EnsembleFrame {
            scenario: t.scenario.clone(),
            title: t.title.clone(),
            candidates: t.candidates.clone(),
            regions: t.regions.clone(),
            states: t
                .states
                .iter()
                .map(|s| StateInfo {
                    code: s.code.clone(),
                    name: s.name.clone(),
                    region: s.region,
                    voting_rights: s.voting_rights,
                })
                .collect(),
            eligible_voters: t.eligible_voters,
            dates,
            conference_start: t.conference_start,
            conference_end: t.conference_end,
            ballot_date: t.ballot_date,
            events: t.events.clone(),
            max_rounds,
        }
    }

    /// Number of candidates.
    pub fn k(&self) -> usize {
        self.candidates.len()
    }

    /// Number of member states.
    pub fn n(&self) -> usize {
        self.states.len()
    }
}
