//! Events: on its date a shock adds `shift` to the targeted states' utility
//! for a candidate; a persistent shock moves the anchor too.

use bevy_ecs::prelude::*;

use crate::model::components::{MemberState, Utilities};
use crate::model::resources::{Clock, ScenarioPlan};

pub fn apply_events<const K: usize>(
    clock: Res<Clock>,
    plan: Res<ScenarioPlan>,
    mut states: Query<(&MemberState, &mut Utilities<K>)>,
) {
    let today = plan.0.events.iter().filter(|e| e.tick == clock.tick);
    for event in today {
        for (targets, candidate, shift) in &event.effects {
            for (state, mut u) in &mut states {
                if targets.binary_search(&state.index).is_ok() {
                    apply_shift(&mut u, *candidate, *shift, event.persistent);
                }
            }
        }
    }
}

/// Add `shift` to the current utility (and the anchor if persistent).
pub fn apply_shift<const K: usize>(
    u: &mut Utilities<K>,
    candidate: usize,
    shift: f64,
    persistent: bool,
) {
    u.current[candidate] += shift;
    if persistent {
        u.anchor[candidate] += shift;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persistent_shift_moves_anchor() {
        let mut u = Utilities {
            anchor: [0.0, 0.0],
            current: [1.0, 0.0],
        };
        apply_shift(&mut u, 1, -0.5, true);
        assert_eq!(u.current, [1.0, -0.5]);
        assert_eq!(u.anchor, [0.0, -0.5]);
        apply_shift(&mut u, 0, 0.25, false);
        assert_eq!(u.current, [1.25, -0.5]);
        assert_eq!(u.anchor, [0.0, -0.5]);
    }
}
