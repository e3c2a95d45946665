//! Record: the state of the race on this date, if the ballot were held now:
//! expected votes per candidate (in total and per region), each candidate's
//! probability of winning, and the public pledges so far.

use bevy_ecs::prelude::*;

use crate::model::components::{Delegation, Intention, MemberState, Pledge};
use crate::model::lanes::{LANES, column};
use crate::model::maths::win_probabilities;
use crate::model::resources::{Batch, Histories, LaneParams, ScenarioPlan, Scratch};
use crate::model::simulation::ballot_choice;

pub fn record_tick<const K: usize>(
    plan: Res<ScenarioPlan>,
    params: Res<LaneParams>,
    batch: Res<Batch>,
    mut scratch: ResMut<Scratch<K>>,
    mut histories: ResMut<Histories>,
    delegations: Query<&Delegation>,
    states: Query<(&MemberState, &Intention<K>, &Pledge)>,
) {
    let shared = plan.shared();
    let (n, r) = (shared.n_states, shared.n_regions);
    let scratch = &mut *scratch;
    scratch.p_present.resize(n, [0.0; LANES]);
    for d in &delegations {
        for l in 0..LANES {
            scratch.p_present[d.state][l] = d.p_present(l);
        }
    }
    scratch.q.resize(n, [[0.0; LANES]; K]);
    let active = batch.active;
    let start = histories.0[0].expected_votes.len();
    for h in &mut histories.0[..active] {
        h.pledges.resize(start + K, 0);
    }
    let mut row = [0.0; K];
    for (state, intention, pledge) in &states {
        let i = state.index;
        for l in 0..active {
            let p_valid = if state.voting_rights {
                scratch.p_present[i][l] * (1.0 - state.blank[l])
            } else {
                0.0
            };
            ballot_choice(
                &column(&intention.0, l),
                pledge.0[l],
                params.defection[l],
                &mut row,
            );
            for (q, x) in scratch.q[i].iter_mut().zip(&row) {
                q[l] = x * p_valid;
            }
            if let Some(c) = pledge.0[l] {
                histories.0[l].pledges[start + c] += 1;
            }
        }
    }
    scratch.q_lane.resize(n, [0.0; K]);
    for (l, h) in histories.0[..active].iter_mut().enumerate() {
        for (q, lanes) in scratch.q_lane.iter_mut().zip(&scratch.q) {
            *q = column(lanes, l);
        }
        h.expected_votes.resize(start + K, 0.0);
        let region_start = h.by_region.len();
        h.by_region.resize(region_start + r * K, 0.0);
        expected_votes(
            &scratch.q_lane,
            &shared.region_of,
            &mut h.expected_votes[start..],
            &mut h.by_region[region_start..],
        );
        h.win_probability.resize(start + K, 0.0);
        win_probabilities(&scratch.q_lane, &mut h.win_probability[start..]);
    }
}

/// Sums of `q[i][c]` over states, in state order: per candidate into
/// `total[c]`, per region into `by_region[region * K + c]`.
pub fn expected_votes<const K: usize>(
    q: &[[f64; K]],
    region_of: &[usize],
    total: &mut [f64],
    by_region: &mut [f64],
) {
    let mut sum = [0.0; K];
    for (row, &r) in q.iter().zip(region_of) {
        let region = &mut by_region[r * K..(r + 1) * K];
        for c in 0..K {
            sum[c] += row[c];
            region[c] += row[c];
        }
    }
    for (t, s) in total.iter_mut().zip(sum) {
        *t += s;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_by_candidate_and_region() {
        let q = [[0.5, 0.25], [1.0, 0.0], [0.0, 0.75]];
        let (mut total, mut by_region) = ([0.0; 2], [0.0; 4]);
        expected_votes(&q, &[0, 1, 0], &mut total, &mut by_region);
        assert_eq!(total, [1.5, 1.0]);
        assert_eq!(by_region, [0.5, 1.0, 1.0, 0.0]);
    }
}
