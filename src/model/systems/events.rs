//! Events: on its date a shock adds `shift` to the targeted states' utility
//! for a candidate; a persistent shock moves the anchor too.

use bevy_ecs::prelude::*;

use crate::model::components::{MemberState, Utilities};
use crate::model::lanes::Lanes;
use crate::model::resources::{Clock, ScenarioPlan};

pub fn apply_events<const K: usize>(
    clock: Res<Clock>,
    plan: Res<ScenarioPlan>,
    mut states: Query<(&MemberState, &mut Utilities<K>)>,
) {
    let events = &plan.shared().events;
    for (e, event) in events.iter().enumerate() {
        if event.tick != clock.tick {
            continue;
        }
        for (j, effect) in event.effects.iter().enumerate() {
            // Each lane's drawn shift (the events' order is the same in every lane).
            let shift: Lanes = std::array::from_fn(|l| plan.lanes[l].events[e].effects[j].shift);
            for (state, mut u) in &mut states {
                if effect.states.binary_search(&state.index).is_ok() {
                    apply_shift(&mut u, effect.candidate, &shift, event.persistent);
                }
            }
        }
    }
}

/// Add `shift` to the current utility (and the anchor if persistent), lane by lane.
pub fn apply_shift<const K: usize>(
    u: &mut Utilities<K>,
    candidate: usize,
    shift: &Lanes,
    persistent: bool,
) {
    for (u, x) in u.current[candidate].iter_mut().zip(shift) {
        *u += x;
    }
    if persistent {
        for (a, x) in u.anchor[candidate].iter_mut().zip(shift) {
            *a += x;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lanes::splat;

    #[test]
    fn persistent_shift_moves_anchor() {
        let mut u = Utilities {
            anchor: [splat(0.0), splat(0.0)],
            current: [splat(1.0), splat(0.0)],
        };
        apply_shift(&mut u, 1, &splat(-0.5), true);
        assert_eq!(u.current, [splat(1.0), splat(-0.5)]);
        assert_eq!(u.anchor, [splat(0.0), splat(-0.5)]);
        let mut by_lane = splat(0.0);
        by_lane[1] = 0.25;
        apply_shift(&mut u, 0, &by_lane, false);
        assert_eq!(u.current[0][1], 1.25);
        assert_eq!(u.current[0][0], 1.0);
        assert_eq!(u.anchor, [splat(0.0), splat(-0.5)]);
    }
}
