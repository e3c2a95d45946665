//! Noise: each day every state's current utilities receive independent
//! normal shocks with standard deviation `noise * sqrt(tick_days)`, drawn in
//! state order from each lane's noise stream, every lane at once
//! ([`crate::model::normal`]).

use bevy_ecs::prelude::*;

use crate::model::components::{MemberState, Utilities};
use crate::model::lanes::{LANES, Lanes};
use crate::model::normal::fill_normals;
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
    let Some(sd) = noise_sd(&params, clock.tick == shared.ticks, batch.active) else {
        return;
    };
    let draws = &mut scratch.draws;
    draws.resize(shared.n_states * K, [0.0; LANES]);
    fill_normals(&mut streams.noise, draws);
    for (state, mut u) in &mut states {
        shake_lanes(&mut u.current, &draws[state.index * K..], &sd);
    }
}

/// Each lane's standard deviation of this tick's shocks (`last`: the last
/// tick, which ends on the ballot day and may hold fewer days), 0 for lanes
/// without noise and idle lanes; `None` if no lane has noise. Every lane
/// draws when one does: a lane without noise multiplies its draws by 0, and
/// its noise stream serves nothing else.
pub fn noise_sd(params: &LaneParams, last: bool, active: usize) -> Option<Lanes> {
    let sd_of = if last {
        &params.noise_last_tick
    } else {
        &params.noise_per_tick
    };
    let mut sd = [0.0; LANES];
    for l in 0..active {
        if sd_of[l] > 0.0 {
            sd[l] = sd_of[l];
        }
    }
    sd.iter().any(|&x| x != 0.0).then_some(sd)
}

/// Add `sd * z` to each utility.
pub fn shake(current: &mut [f64], z: &[f64], sd: f64) {
    for (u, z) in current.iter_mut().zip(z) {
        *u += sd * z;
    }
}

/// [`shake`] in every lane, with each lane's `sd` (`z[c]`: candidate c's draws).
#[inline]
pub fn shake_lanes<const K: usize>(current: &mut [Lanes; K], z: &[Lanes], sd: &Lanes) {
    for c in 0..K {
        for l in 0..LANES {
            current[c][l] += sd[l] * z[c][l];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::lanes::splat;

    #[test]
    fn shake_scales_draws() {
        let mut one = [1.0, 2.0];
        shake(&mut one, &[1.0, -2.0], 0.5);
        assert_eq!(one, [1.5, 1.0]);
        let mut u = [splat(1.0), splat(2.0)];
        let mut sd = splat(0.5);
        sd[1] = 0.0;
        shake_lanes(&mut u, &[splat(1.0), splat(-2.0)], &sd);
        assert_eq!([u[0][0], u[1][0]], [1.5, 1.0]);
        assert_eq!([u[0][1], u[1][1]], [1.0, 2.0]);
    }
}
