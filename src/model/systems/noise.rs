//! Noise: each day every state's current utilities receive independent
//! normal shocks with standard deviation `noise * sqrt(tick_days)`, drawn in
//! state order from the noise stream.

use bevy_ecs::prelude::*;
use rand::RngExt;
use rand_distr::StandardNormal;

use crate::model::components::{MemberState, Utilities};
use crate::model::resources::{Clock, ModelParams, ScenarioPlan, Scratch, Streams};

pub fn add_noise<const K: usize>(
    clock: Res<Clock>,
    plan: Res<ScenarioPlan>,
    params: Res<ModelParams>,
    mut streams: ResMut<Streams>,
    mut scratch: ResMut<Scratch<K>>,
    mut states: Query<(&MemberState, &mut Utilities<K>)>,
) {
    // The last tick ends on the ballot day and may hold fewer days.
    let sd = if clock.tick == plan.0.ticks {
        params.noise_last_tick
    } else {
        params.noise_per_tick
    };
    if sd <= 0.0 {
        return;
    }
    let draws = &mut scratch.draws;
    draws.clear();
    draws.extend((0..plan.0.n_states * K).map(|_| streams.noise.sample::<f64, _>(StandardNormal)));
    for (state, mut u) in &mut states {
        shake(
            &mut u.current,
            &draws[state.index * K..(state.index + 1) * K],
            sd,
        );
    }
}

/// Add `sd * z` to each utility.
pub fn shake(current: &mut [f64], z: &[f64], sd: f64) {
    for (u, z) in current.iter_mut().zip(z) {
        *u += sd * z;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shake_scales_draws() {
        let mut u = [1.0, 2.0];
        shake(&mut u, &[1.0, -2.0], 0.5);
        assert_eq!(u, [1.5, 1.0]);
    }
}
