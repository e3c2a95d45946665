//! Scenario -> World: spawns the entities in a fixed order (the scenario's)
//! and inserts the resources. Used once per worker; [`super::Simulation`]
//! resets the world between batches of runs instead of rebuilding it.

use bevy_ecs::prelude::*;

use super::components::*;
use super::lanes::{LANES, splat};
use super::plan::Plan;
use super::resources::*;
use super::rng::{ATTENDANCE, LaneRng, NOISE, stream_rng};
use crate::scenario::Scenario;

/// Entities of the world by index.
#[derive(Debug, Clone)]
pub struct Entities {
    pub states: Vec<Entity>,
    pub delegations: Vec<Entity>,
    pub campaigns: Vec<Entity>,
}

/// Build the world of a validated scenario with `K` candidates, every lane
/// at the scenario's central numbers (seeded later by a reset).
pub fn build_world<const K: usize>(s: &Scenario) -> (World, Entities) {
    let plan = Plan::new(s);
    assert_eq!(plan.n_candidates, K, "a world for {K} candidates");
    let mut world = World::new();
    let lane_pull = |p: super::plan::Pull| LanePull {
        stubbornness: splat(p.stubbornness),
        peers: splat(p.peers),
    };
    let states = (0..plan.n_states)
        .map(|i| {
            let prior = prior_of::<K>(&plan, i).map(splat);
            world
                .spawn((
                    MemberState {
                        index: i,
                        region: plan.region_of[i],
                        voting_rights: plan.voting_rights[i],
                        pull: plan.pulls[i].map(lane_pull),
                        last_pull: plan.last_pulls[i].map(lane_pull),
                        blank: splat(plan.blank[i]),
                    },
                    Utilities {
                        anchor: prior,
                        current: prior,
                    },
                    Intention([[0.0; LANES]; K]),
                    Pledge::default(),
                ))
                .id()
        })
        .collect();
    let delegations = (0..plan.n_states)
        .map(|i| {
            world
                .spawn(Delegation {
                    state: i,
                    attendance: splat(plan.attendance[i]),
                    present: [None; LANES],
                })
                .id()
        })
        .collect();
    for c in 0..K {
        world.spawn(Candidate { index: c });
    }
    let campaigns: Vec<Entity> = plan
        .campaigns
        .iter()
        .enumerate()
        .map(|(index, _)| {
            world
                .spawn((
                    Campaign { index },
                    Untapped(std::array::from_fn(|_| vec![1.0; plan.n_states])),
                    SwingTargets::default(),
                    CampaignRng(std::array::from_fn(|_| stream_rng(0, 0))),
                ))
                .id()
        })
        .collect();
    let params = ModelParams::new(&plan.numbers, plan.tick_days, plan.last_tick_days);
    world.insert_resource(LaneParams::new(vec![params; LANES]));
    world.insert_resource(Streams {
        noise: LaneRng::new(|_| 0, NOISE),
        attendance: std::array::from_fn(|_| stream_rng(0, ATTENDANCE)),
    });
    world.insert_resource(Clock::default());
    world.insert_resource(Batch::default());
    world.insert_resource(super::systems::influence::LanePeers::default());
    world.insert_resource(CampaignOrder(campaigns.clone()));
    world.insert_resource(Scratch::<K>::default());
    world.insert_resource(Histories::default());
    world.insert_resource(ScenarioPlan {
        lanes: vec![plan; LANES],
    });
    (
        world,
        Entities {
            states,
            delegations,
            campaigns,
        },
    )
}

/// State i's prior utilities from the plan, as an array.
pub fn prior_of<const K: usize>(plan: &Plan, i: usize) -> [f64; K] {
    let mut prior = [0.0; K];
    prior.copy_from_slice(&plan.prior[i * K..(i + 1) * K]);
    prior
}
