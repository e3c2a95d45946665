//! Record: the state of the race on this date, if the ballot were held now:
//! expected votes per candidate (in total and per region), each candidate's
//! probability of winning, and the public pledges so far.

use bevy_ecs::prelude::*;

use crate::model::components::{Delegation, Intention, MemberState, Pledge};
use crate::model::lanes::{LANES, Lanes, column};
use crate::model::maths::win_probabilities_lanes;
use crate::model::resources::{Batch, Histories, History, LaneParams, ScenarioPlan, Scratch};
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
    for (state, intention, pledge) in &states {
        let i = state.index;
        let p_valid: Lanes = if state.voting_rights {
            std::array::from_fn(|l| scratch.p_present[i][l] * (1.0 - state.blank[l]))
        } else {
            [0.0; LANES]
        };
        vote_probabilities(
            &intention.0,
            &pledge.0,
            &params.defection,
            &p_valid,
            &mut scratch.q[i],
        );
        count_pledges(&pledge.0, start, &mut histories.0[..active]);
    }
    record_sums(
        &scratch.q,
        &shared.region_of,
        r,
        &mut scratch.by_region,
        &mut histories.0[..active],
    );
}

/// A state's unconditional probability of voting for each candidate, in
/// every lane: [`ballot_choice`] times its chance of casting a valid paper.
#[inline]
pub fn vote_probabilities<const K: usize>(
    intention: &[Lanes; K],
    pledge: &[Option<usize>; LANES],
    defection: &Lanes,
    p_valid: &Lanes,
    q: &mut [Lanes; K],
) {
    ballot_choice_lanes(intention, pledge, defection, q);
    for qc in q.iter_mut() {
        for (x, p) in qc.iter_mut().zip(p_valid) {
            *x *= p;
        }
    }
}

/// Add a state's pledges (per lane) to the counts of the tick that starts at `start`.
#[inline]
pub fn count_pledges(pledge: &[Option<usize>; LANES], start: usize, histories: &mut [History]) {
    for (l, h) in histories.iter_mut().enumerate() {
        if let Some(c) = pledge[l] {
            h.pledges[start + c] += 1;
        }
    }
}

/// The tick's sums from every state's vote probabilities `q[i][c][l]`,
/// appended to each lane's history (`histories[l]`, lanes in use only):
/// expected votes in all and per region (`r` regions; `by_region` a
/// buffer), and each candidate's chance of winning.
pub fn record_sums<const K: usize>(
    q: &[[Lanes; K]],
    region_of: &[usize],
    r: usize,
    by_region: &mut Vec<[Lanes; K]>,
    histories: &mut [History],
) {
    let mut total = [[0.0; LANES]; K];
    by_region.clear();
    by_region.resize(r, [[0.0; LANES]; K]);
    expected_votes_lanes(q, region_of, &mut total, by_region);
    let mut win = [[0.0; LANES]; K];
    win_probabilities_lanes(q, &mut win);
    for (l, h) in histories.iter_mut().enumerate() {
        h.expected_votes.extend(total.iter().map(|t| t[l]));
        h.by_region.extend(
            by_region
                .iter()
                .flat_map(|region| region.iter().map(|t| t[l])),
        );
        h.win_probability.extend(win.iter().map(|w| w[l]));
    }
}

/// [`ballot_choice`] in every lane: `intention[c][l]`, lane l's pledge and defection.
#[inline]
fn ballot_choice_lanes<const K: usize>(
    intention: &[Lanes; K],
    pledge: &[Option<usize>; LANES],
    defection: &Lanes,
    out: &mut [Lanes; K],
) {
    for l in 0..LANES {
        let mut row = [0.0; K];
        ballot_choice(&column(intention, l), pledge[l], defection[l], &mut row);
        for c in 0..K {
            out[c][l] = row[c];
        }
    }
}

/// [`expected_votes`] in every lane, the same sums in the same order for
/// each lane: `total[c][l]` and `by_region[region][c][l]`, which start at 0.
pub fn expected_votes_lanes<const K: usize>(
    q: &[[Lanes; K]],
    region_of: &[usize],
    total: &mut [Lanes; K],
    by_region: &mut [[Lanes; K]],
) {
    for (row, &r) in q.iter().zip(region_of) {
        let region = &mut by_region[r];
        for c in 0..K {
            for l in 0..LANES {
                total[c][l] += row[c][l];
                region[c][l] += row[c][l];
            }
        }
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

    use crate::model::lanes::splat;

    #[test]
    fn sums_by_candidate_and_region() {
        let q = [[0.5, 0.25], [1.0, 0.0], [0.0, 0.75]];
        let (mut total, mut by_region) = ([0.0; 2], [0.0; 4]);
        expected_votes(&q, &[0, 1, 0], &mut total, &mut by_region);
        assert_eq!(total, [1.5, 1.0]);
        assert_eq!(by_region, [0.5, 1.0, 1.0, 0.0]);
        // In lanes, lane l holding q times l + 1: each lane's own sums.
        let lanes: Vec<[Lanes; 2]> = q
            .iter()
            .map(|row| row.map(|x| std::array::from_fn(|l| x * (l + 1) as f64)))
            .collect();
        let (mut total, mut by_region) = ([splat(0.0); 2], [[splat(0.0); 2]; 2]);
        expected_votes_lanes(&lanes, &[0, 1, 0], &mut total, &mut by_region);
        for l in 0..LANES {
            let x = (l + 1) as f64;
            assert_eq!(column(&total, l), [1.5 * x, 1.0 * x]);
            assert_eq!(column(&by_region[0], l), [0.5 * x, 1.0 * x]);
            assert_eq!(column(&by_region[1], l), [1.0 * x, 0.0]);
        }
    }
}
