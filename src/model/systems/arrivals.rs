//! Delegations arrive: on the first day of the conference each delegation is
//! present with its attendance probability (one uniform draw per state, in
//! state order, from each lane's attendance stream).

use bevy_ecs::prelude::*;
use rand::RngExt;

use crate::model::components::Delegation;
use crate::model::lanes::LANES;
use crate::model::resources::{Batch, Clock, ScenarioPlan, Scratch, Streams};

pub fn delegations_arrive<const K: usize>(
    clock: Res<Clock>,
    plan: Res<ScenarioPlan>,
    batch: Res<Batch>,
    mut streams: ResMut<Streams>,
    mut scratch: ResMut<Scratch<K>>,
    mut delegations: Query<&mut Delegation>,
) {
    let n = plan.shared().n_states;
    if clock.tick != plan.shared().conference_tick {
        return;
    }
    let draws = &mut scratch.draws;
    draws.resize(n, [0.0; LANES]);
    for (l, rng) in streams.attendance.iter_mut().enumerate().take(batch.active) {
        for draw in draws.iter_mut().take(n) {
            draw[l] = rng.random::<f64>();
        }
    }
    for mut d in &mut delegations {
        let (draw, attendance) = (draws[d.state], d.attendance);
        for (l, present) in d.present.iter_mut().enumerate().take(batch.active) {
            *present = Some(arrives(draw[l], attendance[l]));
        }
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
