//! Intentions: a state's private choice among candidates is the softmax of
//! its current utilities at the scenario's temperature.

use bevy_ecs::prelude::*;

use crate::model::components::{Intention, Utilities};
use crate::model::maths::softmax;
use crate::model::resources::ModelParams;

pub fn update_intentions<const K: usize>(
    params: Res<ModelParams>,
    mut states: Query<(&Utilities<K>, &mut Intention<K>)>,
) {
    for (u, mut intention) in &mut states {
        softmax(&u.current, params.temperature, &mut intention.0);
    }
}
