//! Intentions: a state's private choice among candidates is the softmax of
//! its current utilities at the scenario's temperature, in every lane.

use bevy_ecs::prelude::*;

use crate::model::components::{Intention, Utilities};
use crate::model::maths::{softmax_lanes, softmax_lanes_pair};
use crate::model::resources::LaneParams;

pub fn update_intentions<const K: usize>(
    params: Res<LaneParams>,
    mut states: Query<(&Utilities<K>, &mut Intention<K>)>,
) {
    let inverse_temperature = &params.inverse_temperature;
    // Two states at a time: the same numbers as one at a time, faster.
    let mut states = states.iter_mut();
    while let Some((u, mut intention)) = states.next() {
        match states.next() {
            Some((v, mut next)) => softmax_lanes_pair(
                (&u.current, &mut intention.0),
                (&v.current, &mut next.0),
                inverse_temperature,
            ),
            None => softmax_lanes(&u.current, inverse_temperature, &mut intention.0),
        }
    }
}
