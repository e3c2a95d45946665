//! Intentions: a state's private choice among candidates is the softmax of
//! its current utilities at the scenario's temperature.

use bevy_ecs::prelude::*;

use crate::model::components::{Intention, Utilities};
use crate::model::maths::softmax;
use crate::model::resources::ModelParams;

pub fn update_intentions(
    params: Res<ModelParams>,
    mut states: Query<(&Utilities, &mut Intention)>,
) {
    for (u, mut intention) in &mut states {
        softmax(&u.current, params.temperature, None, &mut intention.0);
    }
}
