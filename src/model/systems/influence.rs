//! Influence between states (Friedkin-Johnsen): each state moves toward the
//! mean utility of its bloc peers, weighted by bloc cohesion, and is held to
//! its anchor by its stubbornness:
//! `u' = s * anchor + (1 - s) * ((1 - l) * u + l * peers)`, with `l` the peer
//! influence, higher for delegations present at the conference.

use bevy_ecs::prelude::*;

use crate::model::components::{Delegation, MemberState, Utilities};
use crate::model::maths::friedkin_johnsen;
use crate::model::resources::{Clock, ModelParams, ScenarioPlan, Scratch};
use crate::model::systems::campaigns::gather_current;

pub fn peer_influence(
    clock: Res<Clock>,
    plan: Res<ScenarioPlan>,
    params: Res<ModelParams>,
    mut scratch: ResMut<Scratch>,
    delegations: Query<&Delegation>,
    mut states: Query<(&MemberState, &mut Utilities)>,
) {
    let plan = &plan.0;
    let k = plan.n_candidates;
    let scratch = &mut *scratch;
    gather_current(&states, k, &mut scratch.utilities);
    peer_means(
        &scratch.utilities,
        k,
        &plan.blocs,
        &plan.blocs_of,
        &mut scratch.peers,
    );
    let conference = clock.tick >= plan.conference_tick;
    scratch.p_present.clear();
    scratch.p_present.resize(plan.n_states, 0.0);
    for d in &delegations {
        scratch.p_present[d.state] = d.p_present();
    }
    for (state, mut u) in &mut states {
        let i = state.index;
        let rate = if conference && scratch.p_present[i] >= 1.0 {
            params.conference_peer_influence
        } else {
            params.peer_influence
        };
        let peers = &scratch.peers[i * k..(i + 1) * k];
        let Utilities { anchor, current } = &mut *u;
        for c in 0..k {
            current[c] =
                friedkin_johnsen(current[c], anchor[c], peers[c], state.stubbornness, rate);
        }
    }
}

/// Each state's peers' mean utilities, `out[i * k + c]`: over the blocs it
/// belongs to, the mean of the other members' utilities, averaged with the
/// blocs' cohesion as weights. A state without peers is its own peer.
pub fn peer_means(
    utilities: &[f64],
    k: usize,
    blocs: &[(Vec<usize>, f64)],
    blocs_of: &[Vec<usize>],
    out: &mut Vec<f64>,
) {
    let n = blocs_of.len();
    // Sums of members' utilities per bloc, then each state's weighted mean.
    let mut sums = vec![0.0; blocs.len() * k];
    for ((members, _), sum) in blocs.iter().zip(sums.chunks_exact_mut(k.max(1))) {
        for &i in members {
            for (s, u) in sum.iter_mut().zip(&utilities[i * k..(i + 1) * k]) {
                *s += u;
            }
        }
    }
    out.clear();
    out.resize(n * k, 0.0);
    for (i, row) in out.chunks_exact_mut(k.max(1)).enumerate().take(n) {
        let own = &utilities[i * k..(i + 1) * k];
        let mut weight = 0.0;
        for &b in &blocs_of[i] {
            let (members, cohesion) = &blocs[b];
            if members.len() < 2 || *cohesion <= 0.0 {
                continue;
            }
            let others = (members.len() - 1) as f64;
            let sum = &sums[b * k..(b + 1) * k];
            for ((r, s), o) in row.iter_mut().zip(sum).zip(own) {
                *r += cohesion * (s - o) / others;
            }
            weight += cohesion;
        }
        for (r, o) in row.iter_mut().zip(own) {
            *r = if weight > 0.0 { *r / weight } else { *o };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peer_means_by_hand() {
        // One candidate; states 0,1,2 in bloc A (cohesion 1), states 1,2 in bloc B (cohesion 3); state 3 alone.
        let u = vec![3.0, 6.0, 9.0, 100.0];
        let blocs = vec![(vec![0, 1, 2], 1.0), (vec![1, 2], 3.0)];
        let blocs_of = vec![vec![0], vec![0, 1], vec![0, 1], vec![]];
        let mut out = vec![];
        peer_means(&u, 1, &blocs, &blocs_of, &mut out);
        assert_eq!(out[0], 7.5); // (6 + 9) / 2
        // State 1: A peers mean (3+9)/2 = 6, B peers mean 9 -> (1*6 + 3*9) / 4 = 8.25
        assert_eq!(out[1], 8.25);
        // State 2: A (3+6)/2 = 4.5, B 6 -> (4.5 + 18) / 4 = 5.625
        assert_eq!(out[2], 5.625);
        assert_eq!(out[3], 100.0);
    }
}
