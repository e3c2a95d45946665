//! Influence between states (Friedkin-Johnsen): each state moves toward the
//! mean utility of its bloc peers, weighted by bloc cohesion, and is held to
//! its anchor by its stubbornness:
//! `u' = s * anchor + (1 - s) * ((1 - l) * u + l * peers)`, with `l` the peer
//! influence, higher for delegations present at the conference.

use bevy_ecs::prelude::*;

use crate::model::components::{Delegation, LanePull, MemberState, Utilities};
use crate::model::lanes::{LANES, Lanes};
use crate::model::maths::friedkin_johnsen;
use crate::model::plan::{PeerWeights, Pull};
use crate::model::resources::{Clock, ScenarioPlan, Scratch};

pub fn peer_influence<const K: usize>(
    clock: Res<Clock>,
    plan: Res<ScenarioPlan>,
    table: Res<LanePeers>,
    mut scratch: ResMut<Scratch<K>>,
    delegations: Query<&Delegation>,
    mut states: Query<(&MemberState, &mut Utilities<K>)>,
) {
    let shared = plan.shared();
    let n = shared.n_states;
    let scratch = &mut *scratch;
    // Every state updates from the same snapshot of utilities.
    scratch.utilities.resize(n, [[0.0; LANES]; K]);
    for (state, u) in &states {
        scratch.utilities[state.index] = u.current;
    }
    let weights: [&PeerWeights; LANES] = std::array::from_fn(|l| &plan.lanes[l].peers);
    peer_means_lanes(
        &scratch.utilities,
        &shared.blocs,
        &table,
        &weights,
        &mut scratch.bloc_sums,
        &mut scratch.peers,
    );
    let conference = clock.tick >= shared.conference_tick;
    let last = clock.tick == shared.ticks;
    scratch.p_present.resize(n, [0.0; LANES]);
    for d in &delegations {
        for l in 0..LANES {
            scratch.p_present[d.state][l] = d.p_present(l);
        }
    }
    for (state, mut u) in &mut states {
        let i = state.index;
        // The last tick ends on the ballot day and may hold fewer days.
        let pulls = if last { &state.last_pull } else { &state.pull };
        let Utilities { anchor, current } = &mut *u;
        let peers = &scratch.peers[i];
        influence_state(
            current,
            anchor,
            peers,
            pulls,
            &scratch.p_present[i],
            conference,
        );
    }
}

/// One tick's influence on one state in every lane: its weights `pulls[1]`
/// where its delegation is known to be at the conference (`p_present` 1,
/// once `conference`), else `pulls[0]`.
#[inline]
pub fn influence_state<const K: usize>(
    current: &mut [Lanes; K],
    anchor: &[Lanes; K],
    peers: &[Lanes; K],
    pulls: &[LanePull; 2],
    p_present: &Lanes,
    conference: bool,
) {
    let present = |l: usize| usize::from(conference && p_present[l] >= 1.0);
    let s: Lanes = std::array::from_fn(|l| pulls[present(l)].stubbornness[l]);
    let p: Lanes = std::array::from_fn(|l| pulls[present(l)].peers[l]);
    pull_toward_lanes(current, anchor, peers, &s, &p);
}

/// [`pull_toward`] in every lane, with each lane's weights.
#[inline]
pub fn pull_toward_lanes<const K: usize>(
    current: &mut [Lanes; K],
    anchor: &[Lanes; K],
    peers: &[Lanes; K],
    stubbornness: &Lanes,
    influence: &Lanes,
) {
    for c in 0..K {
        for l in 0..LANES {
            current[c][l] = friedkin_johnsen(
                current[c][l],
                anchor[c][l],
                peers[c][l],
                stubbornness[l],
                influence[l],
            );
        }
    }
}

/// Every lane's peer weights in one table, when the lanes share their terms
/// (the same blocs count for each state in every lane, only the weights
/// differ, as when cohesions are drawn but stay positive): state i's terms are
/// `(bloc, weight in each lane)`.
#[derive(Resource, Debug, Clone, Default)]
pub struct LanePeers {
    /// Whether every lane has the same terms; if not, the table is empty and
    /// each lane uses its own [`PeerWeights`].
    pub uniform: bool,
    offsets: Vec<usize>,
    terms: Vec<(usize, Lanes)>,
}

impl LanePeers {
    /// Gather the weights of every lane (`lanes[l]`: lane l's).
    pub fn gather(&mut self, lanes: &[&PeerWeights; LANES]) {
        let first = lanes[0];
        let n = first.states();
        let same_blocs = |w: &PeerWeights, i: usize| {
            w.of(i).len() == first.of(i).len()
                && w.of(i).iter().zip(first.of(i)).all(|(a, b)| a.0 == b.0)
        };
        self.uniform = lanes.iter().all(|w| (0..n).all(|i| same_blocs(w, i)));
        self.offsets.clear();
        self.terms.clear();
        if !self.uniform {
            return;
        }
        self.offsets.push(0);
        for i in 0..n {
            for (j, &(b, _)) in first.of(i).iter().enumerate() {
                self.terms
                    .push((b, std::array::from_fn(|l| lanes[l].of(i)[j].1)));
            }
            self.offsets.push(self.terms.len());
        }
    }

    /// State i's terms; empty if it has no peers (only when [`LanePeers::uniform`]).
    pub fn of(&self, i: usize) -> &[(usize, Lanes)] {
        &self.terms[self.offsets[i]..self.offsets[i + 1]]
    }
}

/// [`peer_means`] in every lane: the same sums, in the same order, for each
/// lane; with each lane's weights from `table` when the lanes share their
/// terms, else from `weights[l]`, lane by lane.
pub fn peer_means_lanes<const K: usize>(
    utilities: &[[Lanes; K]],
    blocs: &[(Vec<usize>, f64)],
    table: &LanePeers,
    weights: &[&PeerWeights; LANES],
    sums: &mut Vec<[Lanes; K]>,
    out: &mut Vec<[Lanes; K]>,
) {
    sums.clear();
    sums.resize(blocs.len(), [[0.0; LANES]; K]);
    for ((members, _), sum) in blocs.iter().zip(sums.iter_mut()) {
        let mut part = [[[0.0; LANES]; K]; 4];
        let chunks = members.chunks_exact(4);
        let rest = chunks.remainder();
        for chunk in chunks {
            for (p, &i) in part.iter_mut().zip(chunk) {
                add_lanes(p, &utilities[i]);
            }
        }
        for (p, &i) in part.iter_mut().zip(rest) {
            add_lanes(p, &utilities[i]);
        }
        for c in 0..K {
            for l in 0..LANES {
                sum[c][l] = (part[0][c][l] + part[1][c][l]) + (part[2][c][l] + part[3][c][l]);
            }
        }
    }
    out.clear();
    out.extend(utilities.iter().enumerate().map(|(i, own)| {
        if table.uniform {
            let terms = table.of(i);
            if terms.is_empty() {
                return *own;
            }
            let mut mean = [[0.0; LANES]; K];
            for (b, w) in terms {
                for c in 0..K {
                    for l in 0..LANES {
                        mean[c][l] += w[l] * (sums[*b][c][l] - own[c][l]);
                    }
                }
            }
            mean
        } else {
            let mut mean = [[0.0; LANES]; K];
            for l in 0..LANES {
                let terms = weights[l].of(i);
                if terms.is_empty() {
                    for c in 0..K {
                        mean[c][l] = own[c][l];
                    }
                    continue;
                }
                for &(b, w) in terms {
                    for c in 0..K {
                        mean[c][l] += w * (sums[b][c][l] - own[c][l]);
                    }
                }
            }
            mean
        }
    }));
}

#[inline]
fn add_lanes<const K: usize>(acc: &mut [Lanes; K], x: &[Lanes; K]) {
    for c in 0..K {
        for l in 0..LANES {
            acc[c][l] += x[c][l];
        }
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

    #[test]
    fn lanes_reach_what_each_lane_alone_would() {
        // Lane l holds utilities shifted by l; lanes with their own weights
        // give each lane's scalar means, bit for bit.
        let u: Vec<[f64; 2]> = vec![[3.0, 1.0], [6.0, -2.0], [9.0, 0.5], [100.0, 7.0]];
        let blocs_of = |w: f64| vec![(vec![0, 1, 2], 1.0), (vec![1, 2, 3], w)];
        let lanes: Vec<[Lanes; 2]> = u
            .iter()
            .map(|row| std::array::from_fn(|c| std::array::from_fn(|l| row[c] + l as f64)))
            .collect();
        let per_lane: Vec<PeerWeights> = (0..LANES)
            .map(|l| PeerWeights::new(4, &blocs_of(l as f64 * 0.5)))
            .collect();
        let refs: [&PeerWeights; LANES] = std::array::from_fn(|l| &per_lane[l]);
        let mut table = LanePeers::default();
        table.gather(&refs);
        // Lane 0's second bloc has no cohesion: the lanes' terms differ.
        assert!(!table.uniform);
        let mut out = vec![];
        peer_means_lanes(&lanes, &blocs_of(1.0), &table, &refs, &mut vec![], &mut out);
        // Without lane 0's exception the lanes share their terms and use the table.
        let shared: Vec<PeerWeights> = (0..LANES)
            .map(|l| PeerWeights::new(4, &blocs_of(l as f64 * 0.5 + 0.5)))
            .collect();
        let shared_refs: [&PeerWeights; LANES] = std::array::from_fn(|l| &shared[l]);
        table.gather(&shared_refs);
        assert!(table.uniform);
        let mut out_shared = vec![];
        peer_means_lanes(
            &lanes,
            &blocs_of(1.0),
            &table,
            &shared_refs,
            &mut vec![],
            &mut out_shared,
        );
        // Each lane's result equals what that lane alone gives with its weights.
        let each_lane_alone = |out: &[[Lanes; 2]], weights: &[PeerWeights], cohesion_at: f64| {
            for l in 0..LANES {
                let alone: Vec<[f64; 2]> = u
                    .iter()
                    .map(|r| [r[0] + l as f64, r[1] + l as f64])
                    .collect();
                let mut expected = vec![];
                peer_means(
                    &alone,
                    &blocs_of(l as f64 * 0.5 + cohesion_at),
                    &weights[l],
                    &mut vec![],
                    &mut expected,
                );
                for i in 0..4 {
                    assert_eq!(
                        [out[i][0][l], out[i][1][l]],
                        expected[i],
                        "lane {l} state {i}"
                    );
                }
            }
        };
        each_lane_alone(&out_shared, &shared, 0.5);
        each_lane_alone(&out, &per_lane, 0.0);
    }
}
