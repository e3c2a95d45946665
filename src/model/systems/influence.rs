//! Influence between states (Friedkin-Johnsen): each state moves toward the
//! mean utility of its bloc peers, weighted by bloc cohesion, and is held to
//! its anchor by its stubbornness:
//! `u' = s * anchor + (1 - s) * ((1 - l) * u + l * peers)`, with `l` the peer
//! influence, higher for delegations present at the conference.

use bevy_ecs::prelude::*;

use crate::model::components::{Delegation, MemberState, Utilities};
use crate::model::maths::friedkin_johnsen;
use crate::model::plan::{PeerWeights, Pull};
use crate::model::resources::{Clock, ScenarioPlan, Scratch};

pub fn peer_influence<const K: usize>(
    clock: Res<Clock>,
    plan: Res<ScenarioPlan>,
    mut scratch: ResMut<Scratch<K>>,
    delegations: Query<&Delegation>,
    mut states: Query<(&MemberState, &mut Utilities<K>)>,
) {
    let plan = &plan.0;
    let scratch = &mut *scratch;
    // Every state updates from the same snapshot of utilities.
    scratch.utilities.resize(plan.n_states, [0.0; K]);
    for (state, u) in &states {
        scratch.utilities[state.index] = u.current;
    }
    peer_means(
        &scratch.utilities,
        &plan.blocs,
        &plan.peers,
        &mut scratch.bloc_sums,
        &mut scratch.peers,
    );
    let conference = clock.tick >= plan.conference_tick;
    let last = clock.tick == plan.ticks;
    scratch.p_present.resize(plan.n_states, 0.0);
    for d in &delegations {
        scratch.p_present[d.state] = d.p_present();
    }
    for (state, mut u) in &mut states {
        let i = state.index;
        let present = conference && scratch.p_present[i] >= 1.0;
        let Utilities { anchor, current } = &mut *u;
        // The last tick ends on the ballot day and may hold fewer days.
        let pull = if last {
            plan.last_pulls[i][usize::from(present)]
        } else {
            state.pull[usize::from(present)]
        };
        pull_toward(current, anchor, &scratch.peers[i], pull);
    }
}

/// One tick's influence on one state: each utility moves by
/// [`friedkin_johnsen`] toward its anchor and its peers' mean.
pub fn pull_toward<const K: usize>(
    current: &mut [f64; K],
    anchor: &[f64; K],
    peers: &[f64; K],
    pull: Pull,
) {
    for c in 0..K {
        current[c] = friedkin_johnsen(
            current[c],
            anchor[c],
            peers[c],
            pull.stubbornness,
            pull.peers,
        );
    }
}

/// Each state's peers' mean utilities, `out[i][c]`: over the blocs it
/// belongs to, the mean of the other members' utilities, averaged with the
/// blocs' cohesion as weights (`weights`, see [`PeerWeights`]). A state
/// without peers is its own peer. `sums` is a buffer for the blocs' sums.
pub fn peer_means<const K: usize>(
    utilities: &[[f64; K]],
    blocs: &[(Vec<usize>, f64)],
    weights: &PeerWeights,
    sums: &mut Vec<[f64; K]>,
    out: &mut Vec<[f64; K]>,
) {
    sums.clear();
    sums.resize(blocs.len(), [0.0; K]);
    for ((members, _), sum) in blocs.iter().zip(sums.iter_mut()) {
        // Four running sums (members 4j, 4j+1, 4j+2, 4j+3) rather than one, so
        // that the additions do not wait on each other.
        let mut part = [[0.0; K]; 4];
        let chunks = members.chunks_exact(4);
        let rest = chunks.remainder();
        for chunk in chunks {
            for (p, &i) in part.iter_mut().zip(chunk) {
                for c in 0..K {
                    p[c] += utilities[i][c];
                }
            }
        }
        for (p, &i) in part.iter_mut().zip(rest) {
            for c in 0..K {
                p[c] += utilities[i][c];
            }
        }
        for c in 0..K {
            sum[c] = (part[0][c] + part[1][c]) + (part[2][c] + part[3][c]);
        }
    }
    out.clear();
    out.extend(utilities.iter().enumerate().map(|(i, own)| {
        let terms = weights.of(i);
        if terms.is_empty() {
            return *own;
        }
        let mut mean = [0.0; K];
        for &(b, w) in terms {
            for c in 0..K {
                mean[c] += w * (sums[b][c] - own[c]);
            }
        }
        mean
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peer_means_by_hand() {
        // One candidate; states 0,1,2 in bloc A (cohesion 1), states 1,2 in bloc B (cohesion 3); state 3 alone.
        let u = vec![[3.0], [6.0], [9.0], [100.0]];
        let blocs = vec![(vec![0, 1, 2], 1.0), (vec![1, 2], 3.0)];
        let weights = PeerWeights::new(4, &blocs);
        let mut out = vec![];
        peer_means(&u, &blocs, &weights, &mut vec![], &mut out);
        assert_eq!(out[0], [7.5]); // (6 + 9) / 2
        // State 1: A peers mean (3+9)/2 = 6, B peers mean 9 -> (1*6 + 3*9) / 4 = 8.25
        assert_eq!(out[1], [8.25]);
        // State 2: A (3+6)/2 = 4.5, B 6 -> (4.5 + 18) / 4 = 5.625
        assert_eq!(out[2], [5.625]);
        assert_eq!(out[3], [100.0]);
    }

    #[test]
    fn blocs_without_peers_or_cohesion_do_not_pull() {
        // Bloc 0 has one member; bloc 1 has no cohesion; bloc 2 pulls states 0 and 2.
        let blocs = vec![(vec![0], 5.0), (vec![0, 1], 0.0), (vec![0, 2], 2.0)];
        let weights = PeerWeights::new(3, &blocs);
        assert_eq!(weights.of(0), &[(2, 1.0)]);
        assert!(weights.of(1).is_empty());
        let mut out = vec![];
        peer_means(
            &[[1.0], [2.0], [4.0]],
            &blocs,
            &weights,
            &mut vec![],
            &mut out,
        );
        assert_eq!(out, vec![[4.0], [2.0], [1.0]]);
    }
}
