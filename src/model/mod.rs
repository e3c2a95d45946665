//! The model: a bevy_ecs world of member states, delegations, candidates and
//! campaigns, ticked day by day to the ballot (docs/MODEL.md).
//!
//! The model knows nothing of files, terminals or charts: it takes a
//! validated [`Scenario`] and a seed and returns plain results.

pub mod build;
pub mod components;
pub mod conference;
pub mod draw;
pub mod lanes;
pub mod maths;
pub mod normal;
pub mod plain;
pub mod plan;
pub mod projection;
pub mod resources;
pub mod rng;
pub mod systems;

pub mod simulation;

pub use conference::Conference;
pub use simulation::{RunOutput, Simulation};

/// The most candidates a scenario may have. The world is compiled for each
/// number of candidates from 1 to this, so that a state's utilities are a
/// fixed-size array held in its component (see [`for_candidates`]).
pub const MAX_CANDIDATES: usize = 8;

/// Call `$f::<K>($args)` with `K` the number of candidates `$k`
/// (1 to [`MAX_CANDIDATES`]; validation refuses more).
#[macro_export]
#[doc(hidden)]
macro_rules! for_candidates {
    ($k:expr, $f:ident ( $($arg:expr),* )) => {
        match $k {
            1 => $f::<1>($($arg),*),
            2 => $f::<2>($($arg),*),
            3 => $f::<3>($($arg),*),
            4 => $f::<4>($($arg),*),
            5 => $f::<5>($($arg),*),
            6 => $f::<6>($($arg),*),
            7 => $f::<7>($($arg),*),
            8 => $f::<8>($($arg),*),
            k => panic!("{k} candidates: validation allows 1 to {}", $crate::model::MAX_CANDIDATES),
        }
    };
}
pub use for_candidates;

use crate::result::RunResult;
use crate::scenario::Scenario;

/// Run a validated scenario once with this seed.
pub fn run(s: &Scenario, seed: u64) -> RunResult {
    run_central(s, seed, false)
}

/// Run once with this seed; with `central`, every uncertain number at its
/// central value instead of drawn.
pub fn run_central(s: &Scenario, seed: u64, central: bool) -> RunResult {
    let mut sim = Simulation::new(s).with_central(central);
    let out = sim.run(seed);
    sim.result(out)
}
