//! Resources: world-wide state shared by the systems, per run lane where a
//! run has its own ([`super::lanes`]).

use bevy_ecs::prelude::*;

use super::draw::Numbers;
use super::lanes::{LANES, Lanes};
use super::plan::Plan;
use super::rng::{LaneRng, SimRng};
use super::systems::campaigns::Board;

/// The simulation clock, in ticks from `calendar.start`.
#[derive(Resource, Debug, Clone, Default)]
pub struct Clock {
    pub tick: usize,
}

/// The compiled scenario, read-only during a run: one [`Plan`] per lane, each
/// with its run's drawn numbers. What does not depend on the numbers (states,
/// ticks, targets, windows) is the same in every lane; [`ScenarioPlan::shared`]
/// reads it from lane 0.
#[derive(Resource, Debug, Clone)]
pub struct ScenarioPlan {
    pub lanes: Vec<Plan>,
}

impl ScenarioPlan {
    /// The plan's structure, the same in every lane (lane 0's plan).
    pub fn shared(&self) -> &Plan {
        &self.lanes[0]
    }
}

/// The batch in progress: how many lanes hold runs (the others idle).
#[derive(Resource, Debug, Clone)]
pub struct Batch {
    pub active: usize,
}

impl Default for Batch {
    fn default() -> Self {
        Batch { active: 1 }
    }
}

/// Model parameters in the units of docs/MODEL.md.
#[derive(Debug, Clone, PartialEq)]
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

/// Each lane's [`ModelParams`], and the same laid out by lane for the systems.
#[derive(Resource, Debug, Clone)]
pub struct LaneParams {
    pub each: Vec<ModelParams>,
    /// `1 / temperature`.
    pub inverse_temperature: Lanes,
    pub noise_per_tick: Lanes,
    pub noise_last_tick: Lanes,
    pub pledge_threshold: Lanes,
    pub defection: Lanes,
}

impl LaneParams {
    /// The parameters of `LANES` runs.
    pub fn new(each: Vec<ModelParams>) -> LaneParams {
        assert_eq!(each.len(), LANES, "one set of parameters per lane");
        let lanes = |f: fn(&ModelParams) -> f64| -> Lanes { std::array::from_fn(|l| f(&each[l])) };
        LaneParams {
            inverse_temperature: lanes(|p| 1.0 / p.temperature),
            noise_per_tick: lanes(|p| p.noise_per_tick),
            noise_last_tick: lanes(|p| p.noise_last_tick),
            pledge_threshold: lanes(|p| p.pledge_threshold),
            defection: lanes(|p| p.defection),
            each,
        }
    }
}

/// Each lane's random streams other than the campaigns' own.
#[derive(Resource, Debug, Clone)]
pub struct Streams {
    pub noise: LaneRng,
    pub attendance: [SimRng; LANES],
}

/// The campaigns' entities in the scenario's order, the order they act in.
#[derive(Resource, Debug, Clone, Default)]
pub struct CampaignOrder(pub Vec<Entity>);

/// Working buffers reused every tick, one entry per state in state order.
#[derive(Resource, Debug, Clone)]
pub struct Scratch<const K: usize> {
    /// Current utilities.
    pub utilities: Vec<[Lanes; K]>,
    /// The campaigns' working view of the states.
    pub board: Board<K>,
    /// Sums of members' utilities per bloc.
    pub bloc_sums: Vec<[Lanes; K]>,
    /// Peers' mean utilities.
    pub peers: Vec<[Lanes; K]>,
    /// Random draws of this tick, `[j][l]` for the j-th draw of lane l.
    pub draws: Vec<Lanes>,
    /// Unconditional vote probabilities.
    pub q: Vec<[Lanes; K]>,
    /// Sums of unconditional vote probabilities per region.
    pub by_region: Vec<[Lanes; K]>,
    /// Probability that each state's delegation is present, as known now.
    pub p_present: Vec<Lanes>,
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
            by_region: Vec::new(),
            p_present: Vec::new(),
        }
    }
}

/// What the record system keeps, flat: `[t * k + c]` and `[(t * r + region) * k + c]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    pub expected_votes: Vec<f64>,
    pub win_probability: Vec<f64>,
    pub by_region: Vec<f64>,
    pub pledges: Vec<u32>,
}

/// Each lane's [`History`].
#[derive(Resource, Debug, Clone)]
pub struct Histories(pub Vec<History>);

impl Default for Histories {
    fn default() -> Self {
        Histories(vec![History::default(); LANES])
    }
}
