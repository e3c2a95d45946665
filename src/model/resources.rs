//! Resources: world-wide state shared by the systems.

use bevy_ecs::prelude::*;

use super::draw::Numbers;
use super::plan::Plan;
use super::rng::SimRng;
use super::systems::campaigns::Board;

/// The simulation clock, in ticks from `calendar.start`.
#[derive(Resource, Debug, Clone, Default)]
pub struct Clock {
    pub tick: usize,
}

/// The compiled scenario, read-only during a run.
#[derive(Resource, Debug, Clone)]
pub struct ScenarioPlan(pub Plan);

/// Model parameters in the units of docs/MODEL.md.
#[derive(Resource, Debug, Clone)]
pub struct ModelParams {
    pub temperature: f64,
    /// Standard deviation per tick (already scaled by sqrt(tick_days)).
    pub noise_per_tick: f64,
    /// The same for the last tick, of `last_tick_days` days.
    pub noise_last_tick: f64,
    pub pledge_threshold: f64,
    pub defection: f64,
}

impl ModelParams {
    /// A run's parameters ([`Numbers`]) for ticks of `tick_days` days.
    /// Blank papers are per state (`Plan::blank`).
    pub fn new(n: &Numbers, tick_days: f64, last_tick_days: f64) -> ModelParams {
        ModelParams {
            temperature: n.param("temperature"),
            noise_per_tick: n.param("noise") * tick_days.sqrt(),
            noise_last_tick: n.param("noise") * last_tick_days.sqrt(),
            pledge_threshold: n.param("pledge_threshold"),
            defection: n.param("defection"),
        }
    }
}

/// The run's random streams other than the campaigns' own.
#[derive(Resource, Debug, Clone)]
pub struct Streams {
    pub noise: SimRng,
    pub attendance: SimRng,
}

/// Working buffers reused every tick, one entry per state in state order.
#[derive(Resource, Debug, Clone)]
pub struct Scratch<const K: usize> {
    /// Current utilities.
    pub utilities: Vec<[f64; K]>,
    /// The campaigns' working view of the states.
    pub board: Board<K>,
    /// Sums of members' utilities per bloc.
    pub bloc_sums: Vec<[f64; K]>,
    /// Peers' mean utilities.
    pub peers: Vec<[f64; K]>,
    /// Random draws of this tick, in state order.
    pub draws: Vec<f64>,
    /// Unconditional vote probabilities.
    pub q: Vec<[f64; K]>,
    /// Probability that each state's delegation is present, as known now.
    pub p_present: Vec<f64>,
}

impl<const K: usize> Default for Scratch<K> {
    fn default() -> Self {
        Scratch {
            utilities: Vec::new(),
            board: Board::default(),
            bloc_sums: Vec::new(),
            peers: Vec::new(),
            draws: Vec::new(),
            q: Vec::new(),
            p_present: Vec::new(),
        }
    }
}

/// What the record system keeps, flat: `[t * k + c]` and `[(t * r + region) * k + c]`.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct History {
    pub expected_votes: Vec<f64>,
    pub win_probability: Vec<f64>,
    pub by_region: Vec<f64>,
    pub pledges: Vec<u32>,
}
