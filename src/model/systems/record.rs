//! Record: the state of the race on this date, if the ballot were held now:
//! expected votes per candidate (in total and per region), each candidate's
//! probability of winning, and the public pledges so far.

use bevy_ecs::prelude::*;

use crate::model::components::{Delegation, Intention, MemberState, Pledge};
use crate::model::maths::win_probabilities;
use crate::model::resources::{History, ModelParams, ScenarioPlan, Scratch};
use crate::model::simulation::ballot_choice;

pub fn record_tick<const K: usize>(
    plan: Res<ScenarioPlan>,
    params: Res<ModelParams>,
    mut scratch: ResMut<Scratch<K>>,
    mut history: ResMut<History>,
    delegations: Query<&Delegation>,
    states: Query<(&MemberState, &Intention<K>, &Pledge)>,
) {
    let plan = &plan.0;
    let (n, r) = (plan.n_states, plan.n_regions);
    let scratch = &mut *scratch;
    scratch.p_present.resize(n, 0.0);
    for d in &delegations {
        scratch.p_present[d.state] = d.p_present();
    }
    scratch.q.resize(n, [0.0; K]);
    let h = &mut *history;
    let start = h.expected_votes.len();
    h.pledges.resize(start + K, 0);
    let pledges = &mut h.pledges[start..];
    for (state, intention, pledge) in &states {
        let i = state.index;
        let p_valid = if state.voting_rights {
            scratch.p_present[i] * (1.0 - plan.blank[i])
        } else {
            0.0
        };
        let row = &mut scratch.q[i];
        ballot_choice(&intention.0, pledge.0, params.defection, row);
        for q in row.iter_mut() {
            *q *= p_valid;
        }
        if let Some(c) = pledge.0 {
            pledges[c] += 1;
        }
    }
    h.expected_votes.resize(start + K, 0.0);
    let region_start = h.by_region.len();
    h.by_region.resize(region_start + r * K, 0.0);
    expected_votes(
        &scratch.q,
        &plan.region_of,
        &mut h.expected_votes[start..],
        &mut h.by_region[region_start..],
    );
    h.win_probability.resize(start + K, 0.0);
    win_probabilities(&scratch.q, &mut h.win_probability[start..]);
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
