//! The model: a bevy_ecs world of member states, delegations, candidates and
//! campaigns, ticked day by day to the ballot (docs/MODEL.md).
//!
//! The model knows nothing of files, terminals or charts: it takes a
//! validated [`Scenario`] and a seed and returns plain results.

pub mod build;
pub mod components;
pub mod maths;
pub mod plain;
pub mod plan;
pub mod resources;
pub mod rng;
pub mod systems;

pub mod simulation;

pub use simulation::{RunOutput, Simulation};

use crate::result::RunResult;
use crate::scenario::Scenario;

/// Run a validated scenario once with this seed.
pub fn run(s: &Scenario, seed: u64) -> RunResult {
    let mut sim = Simulation::new(s);
    let out = sim.run(seed);
    sim.result(out)
}
