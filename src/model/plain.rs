//! The model's tick as a plain loop over flat arrays, without the ECS.
//!
//! [`PlainModel`] advances a batch of up to [`LANES`] runs with the same lane
//! arithmetic as the systems (the functions of [`super::maths`] and
//! [`super::normal`], and the plain functions beside each system), in the
//! same order and with the same random streams, on arrays of lanes in state
//! order (`[i]`, each holding `[c][l]`). It exists to measure what the ECS
//! costs: the benchmarks tick both on the same scenario, and a test checks
//! that both reach the same utilities and histories in every lane, so that
//! the comparison times the same work. Units are those of the model:
//! dimensionless utilities, effort units, probabilities.

use rand::RngExt;

use super::components::{LanePull, SwingChoice, Utilities, presence};
use super::draw::{Numbers, Uncertainties};
use super::lanes::{LANES, Lanes};
use super::maths::softmax_lanes;
use super::normal::fill_normals;
use super::plan::{PeerWeights, Plan};
use super::resources::{History, LaneParams, ModelParams};
use super::rng::{ATTENDANCE, LaneRng, NOISE, SimRng, stream_of, stream_rng};
use super::systems::arrivals::arrives;
use super::systems::campaigns::{Board, campaign_tick};
use super::systems::events::apply_shift;
use super::systems::influence::{LanePeers, influence_state, peer_means_lanes};
use super::systems::noise::{noise_sd, shake_lanes};
use super::systems::pledges::pledge_lanes;
use super::systems::record::{count_pledges, record_sums, vote_probabilities};
use crate::scenario::Scenario;

/// A batch of runs' state in flat arrays (one entry per state, in state
/// order, each with its lanes) for `K` candidates, ticked by [`PlainModel::step`].
#[derive(Debug, Clone)]
pub struct PlainModel<const K: usize> {
    /// Each lane's plan, with its run's drawn numbers.
    plans: Vec<Plan>,
    /// The scenario's uncertain numbers, drawn at each start as the ECS does.
    uncertainties: Uncertainties,
    numbers: Vec<Numbers>,
    params: LaneParams,
    /// Lanes that hold runs.
    active: usize,
    utilities: Vec<Utilities<K>>,
    /// Softmax of the current utilities.
    intention: Vec<[Lanes; K]>,
    pledge: Vec<[Option<usize>; LANES]>,
    /// Whether each delegation came, once the conference has opened.
    present: Vec<[Option<bool>; LANES]>,
    attendance: Vec<Lanes>,
    blank: Vec<Lanes>,
    /// Each state's influence weights: `[0]` for a tick, `[1]` for the last.
    pulls: Vec<[[LanePull; 2]; 2]>,
    /// Per campaign and lane: the share of its strength not yet bought, per state.
    untapped: Vec<[Vec<f64>; LANES]>,
    swing: Vec<[SwingChoice; LANES]>,
    campaign_rng: Vec<[SimRng; LANES]>,
    noise: LaneRng,
    attendance_rng: [SimRng; LANES],
    histories: Vec<History>,
    table: LanePeers,
    // Working buffers, reused every tick.
    board: Board<K>,
    snapshot: Vec<[Lanes; K]>,
    bloc_sums: Vec<[Lanes; K]>,
    peers: Vec<[Lanes; K]>,
    p_present: Vec<Lanes>,
    draws: Vec<Lanes>,
    q: Vec<[Lanes; K]>,
    by_region: Vec<[Lanes; K]>,
}

impl<const K: usize> PlainModel<K> {
    /// The model of a validated scenario with `K` candidates, ready for
    /// [`PlainModel::start_lanes`]. Panics if the scenario has another number.
    pub fn new(s: &Scenario) -> PlainModel<K> {
        let plan = Plan::new(s);
        assert_eq!(plan.n_candidates, K, "a plain model for {K} candidates");
        let (n, campaigns) = (plan.n_states, plan.campaigns.len());
        let params = ModelParams::new(&plan.numbers, plan.tick_days, plan.last_tick_days);
        let uncertainties = Uncertainties::of(s);
        let zero = [[0.0; LANES]; K];
        PlainModel {
            numbers: vec![uncertainties.central().clone(); LANES],
            uncertainties,
            params: LaneParams::new(vec![params; LANES]),
            active: 1,
            utilities: vec![
                Utilities {
                    anchor: zero,
                    current: zero
                };
                n
            ],
            intention: vec![zero; n],
            pledge: vec![[None; LANES]; n],
            present: vec![[None; LANES]; n],
            attendance: vec![[0.0; LANES]; n],
            blank: vec![[0.0; LANES]; n],
            pulls: vec![[[LanePull::default(); 2]; 2]; n],
            untapped: vec![std::array::from_fn(|_| vec![1.0; n]); campaigns],
            swing: vec![std::array::from_fn(|_| SwingChoice::default()); campaigns],
            campaign_rng: vec![std::array::from_fn(|_| stream_rng(0, 0)); campaigns],
            noise: LaneRng::new(|_| 0, NOISE),
            attendance_rng: std::array::from_fn(|_| stream_rng(0, ATTENDANCE)),
            histories: vec![History::default(); LANES],
            table: LanePeers::default(),
            board: Board::default(),
            snapshot: Vec::new(),
            bloc_sums: Vec::new(),
            peers: Vec::new(),
            p_present: vec![[0.0; LANES]; n],
            draws: Vec::new(),
            q: vec![zero; n],
            by_region: Vec::new(),
            plans: vec![plan; LANES],
        }
    }

    /// Return to the state before tick 0 with lane `l` seeded for run
    /// `seeds[l]` (1 to [`LANES`] seeds; the same numbers and streams as
    /// [`super::Simulation::start_lanes`]; idle lanes copy lane 0).
    pub fn start_lanes(&mut self, seeds: &[u64]) {
        assert!((1..=LANES).contains(&seeds.len()), "1 to {LANES} runs");
        self.active = seeds.len();
        if self.uncertainties.any() {
            for (l, &seed) in seeds.iter().enumerate() {
                self.uncertainties.draw_into(seed, &mut self.numbers[l]);
                self.plans[l].apply(&self.numbers[l]);
            }
            let (first, idle) = self.plans.split_at_mut(seeds.len());
            for plan in idle {
                plan.clone_from(&first[0]);
            }
        }
        let plans = &self.plans;
        self.params = LaneParams::new(
            plans
                .iter()
                .map(|p| ModelParams::new(&p.numbers, p.tick_days, p.last_tick_days))
                .collect(),
        );
        for i in 0..plans[0].n_states {
            let u = &mut self.utilities[i];
            for (l, p) in plans.iter().enumerate() {
                for c in 0..K {
                    u.anchor[c][l] = p.prior[i * K + c];
                    u.current[c][l] = p.prior[i * K + c];
                }
                for present in 0..2 {
                    self.pulls[i][0][present].set(l, p.pulls[i][present]);
                    self.pulls[i][1][present].set(l, p.last_pulls[i][present]);
                }
                self.attendance[i][l] = p.attendance[i];
                self.blank[i][l] = p.blank[i];
            }
        }
        self.intention.fill([[0.0; LANES]; K]);
        self.pledge.fill([None; LANES]);
        self.present.fill([None; LANES]);
        let seed_of = |l: usize| seeds.get(l).copied().unwrap_or(seeds[0]);
        for (c, campaign) in plans[0].campaigns.iter().enumerate() {
            let stream = stream_of(&campaign.id);
            for l in 0..LANES {
                self.untapped[c][l].fill(1.0);
                self.campaign_rng[c][l] = stream_rng(seed_of(l), stream);
            }
        }
        self.noise = LaneRng::new(seed_of, NOISE);
        self.attendance_rng = std::array::from_fn(|l| stream_rng(seed_of(l), ATTENDANCE));
        let weights: [&PeerWeights; LANES] = std::array::from_fn(|l| &plans[l].peers);
        self.table.gather(&weights);
        self.histories
            .iter_mut()
            .for_each(|h| *h = History::default());
    }

    /// All ticks of a batch of runs, from the start to the ballot day: each
    /// lane's history (lanes `0..seeds.len()`).
    pub fn run_lanes(&mut self, seeds: &[u64]) -> &[History] {
        self.start_lanes(seeds);
        for t in 0..=self.ticks() {
            self.step(t);
        }
        &self.histories[..seeds.len()]
    }

    /// The last tick, the ballot's.
    pub fn ticks(&self) -> usize {
        self.plans[0].ticks
    }

    /// Current utilities in lane `l`, `[i * k + c]` in the scenario's state order.
    pub fn lane_utilities(&self, l: usize) -> Vec<f64> {
        self.utilities
            .iter()
            .flat_map(|u| u.current.iter().map(move |c| c[l]))
            .collect()
    }

    /// What has been recorded so far in lane `l`'s run.
    pub fn history(&self, l: usize) -> &History {
        &self.histories[l]
    }

    /// One tick, as tick `t`: arrivals, events, campaigns, influence, noise,
    /// intentions, pledges, record (the systems' order).
    pub fn step(&mut self, t: usize) {
        self.arrivals(t);
        self.events(t);
        self.campaigns(t);
        self.influence(t);
        self.add_noise(t);
        self.intentions_and_pledges();
        self.record();
    }

    fn arrivals(&mut self, t: usize) {
        if t != self.plans[0].conference_tick {
            return;
        }
        for (l, rng) in self.attendance_rng.iter_mut().enumerate().take(self.active) {
            for (present, attendance) in self.present.iter_mut().zip(&self.attendance) {
                let u: f64 = rng.random();
                present[l] = Some(arrives(u, attendance[l]));
            }
        }
    }

    fn events(&mut self, t: usize) {
        for (e, event) in self.plans[0].events.iter().enumerate() {
            if event.tick != t {
                continue;
            }
            for (j, effect) in event.effects.iter().enumerate() {
                let shift: Lanes =
                    std::array::from_fn(|l| self.plans[l].events[e].effects[j].shift);
                for &i in &effect.states {
                    apply_shift(
                        &mut self.utilities[i],
                        effect.candidate,
                        &shift,
                        event.persistent,
                    );
                }
            }
        }
    }

    fn campaigns(&mut self, t: usize) {
        let shared = &self.plans[0];
        if !shared.campaigns.iter().any(|c| c.acts_on(t)) {
            return;
        }
        let board = &mut self.board;
        board.start(shared.n_states);
        for (i, u) in self.utilities.iter().enumerate() {
            board.set_utilities(i, &u.current);
        }
        for l in 0..self.active {
            for (index, c) in self.plans[l].campaigns.iter().enumerate() {
                if c.acts_on(t) {
                    campaign_tick(
                        c,
                        t,
                        l,
                        &mut self.untapped[index][l],
                        &mut self.swing[index][l],
                        &mut self.campaign_rng[index][l],
                        board,
                    );
                }
            }
        }
        for (i, u) in self.utilities.iter_mut().enumerate() {
            board.apply(i, u);
        }
    }

    /// Each delegation's probability of being present, as known now.
    fn update_presence(&mut self) {
        for ((p, present), attendance) in self
            .p_present
            .iter_mut()
            .zip(&self.present)
            .zip(&self.attendance)
        {
            for l in 0..LANES {
                p[l] = presence(present[l], attendance[l]);
            }
        }
    }

    fn influence(&mut self, t: usize) {
        self.snapshot.clear();
        self.snapshot
            .extend(self.utilities.iter().map(|u| u.current));
        let weights: [&PeerWeights; LANES] = std::array::from_fn(|l| &self.plans[l].peers);
        let shared = &self.plans[0];
        peer_means_lanes(
            &self.snapshot,
            &shared.blocs,
            &self.table,
            &weights,
            &mut self.bloc_sums,
            &mut self.peers,
        );
        let (conference, last) = (t >= shared.conference_tick, t == shared.ticks);
        self.update_presence();
        for (i, u) in self.utilities.iter_mut().enumerate() {
            let pulls = &self.pulls[i][usize::from(last)];
            let Utilities { anchor, current } = u;
            influence_state(
                current,
                anchor,
                &self.peers[i],
                pulls,
                &self.p_present[i],
                conference,
            );
        }
    }

    fn add_noise(&mut self, t: usize) {
        let last = t == self.plans[0].ticks;
        let Some(sd) = noise_sd(&self.params, last, self.active) else {
            return;
        };
        self.draws.resize(self.utilities.len() * K, [0.0; LANES]);
        fill_normals(&mut self.noise, &mut self.draws);
        for (i, u) in self.utilities.iter_mut().enumerate() {
            shake_lanes(&mut u.current, &self.draws[i * K..], &sd);
        }
    }

    fn intentions_and_pledges(&mut self) {
        let p = &self.params;
        let rights = &self.plans[0].voting_rights;
        for (i, (u, intention)) in self.utilities.iter().zip(&mut self.intention).enumerate() {
            softmax_lanes(&u.current, &p.inverse_temperature, intention);
            if rights[i] {
                let threshold = &p.pledge_threshold;
                pledge_lanes(
                    intention,
                    &self.blank[i],
                    threshold,
                    self.active,
                    &mut self.pledge[i],
                );
            }
        }
    }

    fn record(&mut self) {
        self.update_presence();
        let shared = &self.plans[0];
        let histories = &mut self.histories[..self.active];
        let start = histories[0].expected_votes.len();
        for h in histories.iter_mut() {
            h.pledges.resize(start + K, 0);
        }
        for i in 0..shared.n_states {
            let p_valid: Lanes = if shared.voting_rights[i] {
                std::array::from_fn(|l| self.p_present[i][l] * (1.0 - self.blank[i][l]))
            } else {
                [0.0; LANES]
            };
            let defection = &self.params.defection;
            vote_probabilities(
                &self.intention[i],
                &self.pledge[i],
                defection,
                &p_valid,
                &mut self.q[i],
            );
            count_pledges(&self.pledge[i], start, histories);
        }
        record_sums(
            &self.q,
            &shared.region_of,
            shared.n_regions,
            &mut self.by_region,
            histories,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Simulation;
    use crate::scenario::synthetic::synthetic_scenario;

    /// The plain loop and the ECS world, ticked side by side on a batch of
    /// `seeds`, agree exactly in every lane (same arithmetic in the same
    /// order, same random streams).
    fn agree<const K: usize>(s: &Scenario, seeds: &[u64], ticks: usize) {
        let mut ecs = Simulation::new(s);
        let mut plain = PlainModel::<K>::new(s);
        ecs.start_lanes(seeds);
        plain.start_lanes(seeds);
        for t in 0..=ticks.min(plain.ticks()) {
            ecs.step(t);
            plain.step(t);
            for l in 0..seeds.len() {
                assert_eq!(
                    ecs.lane_utilities(l),
                    plain.lane_utilities(l),
                    "tick {t} lane {l}"
                );
            }
        }
        for l in 0..seeds.len() {
            assert_eq!(ecs.lane_history(l), plain.history(l), "lane {l}");
        }
    }

    #[test]
    fn plain_loop_matches_the_ecs_on_a_synthetic_scenario() {
        // 30 days: campaigns (swing and fixed targets, pressure), events and
        // the conference's arrivals all happen within the ticks compared.
        let s = synthetic_scenario(60, 6, 6, 30, 3, 5);
        agree::<3>(&s, &[9, 10, 11], 30);
    }

    #[test]
    fn the_world_is_built_for_one_to_eight_candidates() {
        // The smallest and the largest number of candidates compiled.
        agree::<1>(&synthetic_scenario(20, 4, 3, 20, 1, 2), &[4], 20);
        agree::<8>(&synthetic_scenario(40, 5, 6, 20, 8, 3), &[5, 6], 20);
        let mut sim = Simulation::new(&synthetic_scenario(40, 5, 6, 20, 8, 3));
        let out = sim.run(5);
        assert_eq!(out.p_vote.len(), 40 * 8);
        assert_eq!(out.history.win_probability.len() % 8, 0);
        // A single candidate wins whatever the ballot, if anyone votes.
        let alone = Simulation::new(&synthetic_scenario(20, 4, 3, 20, 1, 2)).run(1);
        assert_eq!(alone.ballot.elected, Some(0));
        assert!(alone.history.win_probability.iter().all(|&p| p == 1.0));
    }

    #[test]
    fn plain_loop_matches_the_ecs_on_the_classroom_scenario() {
        agree::<3>(
            &crate::scenario::bundled("scenarios/classroom/three_candidates.ron"),
            &[3],
            usize::MAX,
        );
    }

    #[test]
    fn plain_loop_matches_the_ecs_on_the_pp22_scenario() {
        // The scenario the benchmarks compare them on, a full batch.
        let seeds: Vec<u64> = (1..=LANES as u64).collect();
        agree::<2>(
            &crate::scenario::bundled("scenarios/itu_pp22.ron"),
            &seeds,
            usize::MAX,
        );
    }

    #[test]
    fn utilities_move_and_depend_on_the_seed() {
        let s = synthetic_scenario(30, 4, 4, 20, 2, 1);
        let mut a = PlainModel::<2>::new(&s);
        a.run_lanes(&[1, 2]);
        let (one, two) = (a.lane_utilities(0), a.lane_utilities(1));
        assert_ne!(one, Plan::new(&s).prior);
        assert_ne!(one, two);
        // Run 1 alone is lane 0 of the batch.
        a.run_lanes(&[1]);
        assert_eq!(a.lane_utilities(0), one);
    }
}
