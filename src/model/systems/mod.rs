//! The systems run every tick, in this order (docs/MODEL.md):
//! arrivals -> events -> campaigns -> influence -> noise -> intentions -> pledges -> record.
//!
//! Each system is a small function over queries and resources; the arithmetic
//! it applies lives in [`super::maths`] or in a plain function beside it.
//! Systems that combine states first gather values by state index into
//! [`super::resources::Scratch`], so that results never depend on the order
//! in which the ECS iterates entities.

pub mod arrivals;
pub mod campaigns;
pub mod events;
pub mod influence;
pub mod intentions;
pub mod noise;
pub mod pledges;
pub mod record;

use bevy_ecs::prelude::*;

/// The ordered stages of one tick.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub enum Stage {
    Arrivals,
    Events,
    Campaigns,
    Influence,
    Noise,
    Intentions,
    Pledges,
    Record,
}

/// The schedule of one tick for `K` candidates, single-threaded and in a fixed order.
pub fn tick_schedule<const K: usize>() -> Schedule {
    let mut schedule = Schedule::default();
    schedule.set_executor(bevy_ecs::schedule::SingleThreadedExecutor::new());
    schedule.configure_sets(
        (
            Stage::Arrivals,
            Stage::Events,
            Stage::Campaigns,
            Stage::Influence,
            Stage::Noise,
            Stage::Intentions,
            Stage::Pledges,
            Stage::Record,
        )
            .chain(),
    );
    schedule.add_systems((
        arrivals::delegations_arrive::<K>.in_set(Stage::Arrivals),
        events::apply_events::<K>.in_set(Stage::Events),
        campaigns::run_campaigns::<K>.in_set(Stage::Campaigns),
        influence::peer_influence::<K>.in_set(Stage::Influence),
        noise::add_noise::<K>.in_set(Stage::Noise),
        intentions::update_intentions::<K>.in_set(Stage::Intentions),
        pledges::make_pledges::<K>.in_set(Stage::Pledges),
        record::record_tick::<K>.in_set(Stage::Record),
    ));
    schedule
}
