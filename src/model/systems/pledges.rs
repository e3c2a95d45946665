//! Pledges: a state that has not yet pledged announces its support for a
//! candidate once its probability of voting for that candidate, if present,
//! exceeds the pledge threshold. A pledge is public and is never withdrawn;
//! the vote itself stays secret (docs/MODEL.md, "Pledges and the secret ballot").
//! A state without voting rights has no vote to pledge and never pledges.

use bevy_ecs::prelude::*;

use crate::model::components::{Intention, MemberState, Pledge};
use crate::model::lanes::{LANES, Lanes, column};
use crate::model::resources::{Batch, LaneParams};

pub fn make_pledges<const K: usize>(
    params: Res<LaneParams>,
    batch: Res<Batch>,
    mut states: Query<(&MemberState, &Intention<K>, &mut Pledge)>,
) {
    for (state, intention, mut pledge) in &mut states {
        if state.voting_rights {
            pledge_lanes(
                &intention.0,
                &state.blank,
                &params.pledge_threshold,
                batch.active,
                &mut pledge.0,
            );
        }
    }
}

/// [`pledge_for`] in lanes `0..active` that have not pledged yet.
#[inline]
pub fn pledge_lanes<const K: usize>(
    intention: &[Lanes; K],
    blank: &Lanes,
    threshold: &Lanes,
    active: usize,
    pledge: &mut [Option<usize>; LANES],
) {
    for l in 0..active {
        if pledge[l].is_none() {
            pledge[l] = pledge_for(&column(intention, l), blank[l], threshold[l]);
        }
    }
}

/// The candidate a state pledges to now, if any: the first candidate c with
/// `(1 - abstention) * p_c > threshold`.
pub fn pledge_for(choice: &[f64], abstention: f64, threshold: f64) -> Option<usize> {
    choice
        .iter()
        .position(|p| (1.0 - abstention) * p > threshold)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pledges_above_threshold_only() {
        assert_eq!(pledge_for(&[0.9, 0.1], 0.0, 0.8), Some(0));
        assert_eq!(pledge_for(&[0.9, 0.1], 0.2, 0.8), None); // 0.72 < 0.8
        assert_eq!(pledge_for(&[0.5, 0.5], 0.0, 0.8), None);
    }
}
