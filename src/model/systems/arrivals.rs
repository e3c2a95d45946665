//! Delegations arrive: on the first day of the conference each delegation is
//! present with its attendance probability (one uniform draw per state, in
//! state order, from the attendance stream).

use bevy_ecs::prelude::*;
use rand::RngExt;

use crate::model::components::Delegation;
use crate::model::resources::{Clock, ScenarioPlan, Scratch, Streams};

pub fn delegations_arrive<const K: usize>(
    clock: Res<Clock>,
    plan: Res<ScenarioPlan>,
    mut streams: ResMut<Streams>,
    mut scratch: ResMut<Scratch<K>>,
    mut delegations: Query<&mut Delegation>,
) {
    if clock.tick != plan.0.conference_tick {
        return;
    }
    let draws = &mut scratch.draws;
    draws.clear();
    draws.extend((0..plan.0.n_states).map(|_| streams.attendance.random::<f64>()));
    for mut d in &mut delegations {
        d.present = Some(arrives(draws[d.state], d.attendance));
    }
}

/// A delegation with attendance `p` arrives when the uniform draw `u` < `p`.
pub fn arrives(u: f64, p: f64) -> bool {
    u < p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrival_threshold() {
        assert!(arrives(0.2, 0.95));
        assert!(!arrives(0.96, 0.95));
        assert!(!arrives(0.0, 0.0));
        assert!(arrives(0.999_999, 1.0));
    }
}
