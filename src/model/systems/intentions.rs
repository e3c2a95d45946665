//! Intentions: a state's private choice among candidates is the softmax of
//! its current utilities at the scenario's temperature, in every lane.

use bevy_ecs::prelude::*;

use crate::model::components::{Intention, Utilities};
use crate::model::maths::softmax_lanes;
use crate::model::resources::LaneParams;

pub fn update_intentions<const K: usize>(
    params: Res<LaneParams>,
    mut states: Query<(&Utilities<K>, &mut Intention<K>)>,
) {
    for (u, mut intention) in &mut states {
        softmax_lanes(&u.current, &params.inverse_temperature, &mut intention.0);
    }
}
