//! Scenario -> World: spawns the entities in a fixed order (the scenario's)
//! and inserts the resources. Used once per worker; [`super::Simulation`]
//! resets the world between runs instead of rebuilding it.

use bevy_ecs::prelude::*;

use super::components::*;
use super::plan::Plan;
use super::resources::*;
use super::rng::{ATTENDANCE, NOISE, stream_rng};
use crate::scenario::Scenario;

/// Entities of the world by index.
#[derive(Debug, Clone)]
pub struct Entities {
    pub states: Vec<Entity>,
    pub delegations: Vec<Entity>,
    pub campaigns: Vec<Entity>,
}

/// Build the world of a validated scenario (seeded later by a reset).
pub fn build_world(s: &Scenario) -> (World, Entities) {
    let plan = Plan::new(s);
    let mut world = World::new();
    let k = plan.n_candidates;
    let states = (0..plan.n_states)
        .map(|i| {
            let prior = plan.prior[i * k..(i + 1) * k].to_vec();
            world
                .spawn((
                    MemberState {
                        index: i,
                        region: plan.region_of[i],
                        voting_rights: plan.voting_rights[i],
                        stubbornness: plan.stubbornness[i],
                    },
                    Utilities {
                        anchor: prior.clone(),
                        current: prior,
                    },
                    Intention(vec![0.0; k]),
                    Pledge(None),
                ))
                .id()
        })
        .collect();
    let delegations = (0..plan.n_states)
        .map(|i| {
            world
                .spawn(Delegation {
                    state: i,
                    attendance: plan.attendance[i],
                    present: None,
                })
                .id()
        })
        .collect();
    for c in 0..k {
        world.spawn(Candidate { index: c });
    }
    let campaigns = plan
        .campaigns
        .iter()
        .enumerate()
        .map(|(index, _)| {
            world
                .spawn((
                    Campaign { index },
                    EffortReceived(vec![0.0; plan.n_states]),
                    CampaignRng(stream_rng(0, 0)),
                ))
                .id()
        })
        .collect();
    world.insert_resource(ModelParams::new(&s.params, plan.tick_days));
    world.insert_resource(Streams {
        noise: stream_rng(0, NOISE),
        attendance: stream_rng(0, ATTENDANCE),
    });
    world.insert_resource(Clock::default());
    world.insert_resource(Scratch::default());
    world.insert_resource(History::default());
    world.insert_resource(ScenarioPlan(plan));
    (
        world,
        Entities {
            states,
            delegations,
            campaigns,
        },
    )
}
