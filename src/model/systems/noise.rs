//! Noise: each day every state's current utilities receive independent
//! normal shocks with standard deviation `noise * sqrt(tick_days)`, drawn in
//! state order from each lane's noise stream.

use bevy_ecs::prelude::*;
use rand::RngExt;
use rand_distr::StandardNormal;

use crate::model::components::{MemberState, Utilities};
use crate::model::lanes::LANES;
use crate::model::resources::{Batch, Clock, LaneParams, ScenarioPlan, Scratch, Streams};

pub fn add_noise<const K: usize>(
    clock: Res<Clock>,
    plan: Res<ScenarioPlan>,
    params: Res<LaneParams>,
    batch: Res<Batch>,
    mut streams: ResMut<Streams>,
    mut scratch: ResMut<Scratch<K>>,
    mut states: Query<(&MemberState, &mut Utilities<K>)>,
) {
    let shared = plan.shared();
    // The last tick ends on the ballot day and may hold fewer days.
    let sd_of = if clock.tick == shared.ticks {
        &params.noise_last_tick
    } else {
        &params.noise_per_tick
    };
    // Lanes without noise (and idle lanes) draw nothing and move by 0.
    let mut sd = [0.0; LANES];
    for l in 0..batch.active {
        if sd_of[l] > 0.0 {
            sd[l] = sd_of[l];
        }
    }
    if sd.iter().all(|&x| x == 0.0) {
        return;
    }
    let draws = &mut scratch.draws;
    let m = shared.n_states * K;
    draws.clear();
    draws.resize(m * LANES, 0.0);
    for (l, rng) in streams.noise.iter_mut().enumerate() {
        if sd[l] > 0.0 {
            for j in 0..m {
                draws[j * LANES + l] = rng.sample::<f64, _>(StandardNormal);
            }
        }
    }
    for (state, mut u) in &mut states {
        let z = &draws[state.index * K * LANES..(state.index + 1) * K * LANES];
        for c in 0..K {
            for l in 0..LANES {
                u.current[c][l] += sd[l] * z[c * LANES + l];
            }
        }
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
