//! The model's tick as a plain loop over flat arrays, without the ECS.
//!
//! [`PlainModel`] applies the same arithmetic as the systems (the functions
//! of [`super::maths`] and the plain functions beside each system), in the
//! same order and with the same random streams, to state-major arrays
//! (`[i * k + c]`). It exists to measure what the ECS costs: the benchmarks
//! tick both on the same scenario, and a test checks that both reach the same
//! utilities, so that the comparison times the same work. Units are those of
//! the model: dimensionless utilities, effort units, probabilities.

use rand::RngExt;
use rand_distr::StandardNormal;

use super::build::prior_of;
use super::components::presence;
use super::draw::Uncertainties;
use super::maths::{softmax, win_probabilities};
use super::plan::Plan;
use super::resources::{History, ModelParams};
use super::rng::{ATTENDANCE, NOISE, SimRng, stream_of, stream_rng};
use super::simulation::ballot_choice;
use super::systems::arrivals::arrives;
use super::systems::campaigns::{Board, campaign_tick};
use super::systems::influence::{peer_means, pull_toward};
use super::systems::noise::shake;
use super::systems::pledges::pledge_for;
use super::systems::record::expected_votes;
use crate::scenario::Scenario;

/// One run's state in flat arrays (one entry per state, in state order) for
/// `K` candidates, ticked by [`PlainModel::step`].
#[derive(Debug, Clone)]
pub struct PlainModel<const K: usize> {
    plan: Plan,
    /// The scenario's uncertain numbers, drawn at each start as the ECS does.
    uncertainties: Uncertainties,
    params: ModelParams,
    /// Anchors and current utilities.
    anchor: Vec<[f64; K]>,
    current: Vec<[f64; K]>,
    /// Softmax of the current utilities.
    intention: Vec<[f64; K]>,
    pledge: Vec<Option<usize>>,
    /// Whether each delegation came, once the conference has opened.
    present: Vec<Option<bool>>,
    /// Share of each campaign's strength not yet bought, per state.
    untapped: Vec<Vec<f64>>,
    /// Each swing campaign's last choice of targets.
    swing_targets: Vec<Vec<usize>>,
    campaign_rng: Vec<SimRng>,
    noise: SimRng,
    attendance: SimRng,
    history: History,
    // Working buffers, reused every tick.
    board: Board<K>,
    bloc_sums: Vec<[f64; K]>,
    peers: Vec<[f64; K]>,
    draws: Vec<f64>,
    q: Vec<[f64; K]>,
}

impl<const K: usize> PlainModel<K> {
    /// The model of a validated scenario with `K` candidates, ready for
    /// [`PlainModel::start`]. Panics if the scenario has another number.
    pub fn new(s: &Scenario) -> PlainModel<K> {
        let plan = Plan::new(s);
        assert_eq!(plan.n_candidates, K, "a plain model for {K} candidates");
        let n = plan.n_states;
        let prior: Vec<[f64; K]> = (0..n).map(|i| prior_of(&plan, i)).collect();
        PlainModel {
            uncertainties: Uncertainties::of(s),
            params: ModelParams::new(&plan.numbers, plan.tick_days, plan.last_tick_days),
            anchor: prior.clone(),
            current: prior,
            intention: vec![[0.0; K]; n],
            pledge: vec![None; n],
            present: vec![None; n],
            untapped: vec![vec![1.0; n]; plan.campaigns.len()],
            swing_targets: vec![Vec::new(); plan.campaigns.len()],
            campaign_rng: plan.campaigns.iter().map(|_| stream_rng(0, 0)).collect(),
            noise: stream_rng(0, NOISE),
            attendance: stream_rng(0, ATTENDANCE),
            history: History::default(),
            board: Board::default(),
            bloc_sums: Vec::new(),
            peers: Vec::new(),
            draws: Vec::new(),
            q: Vec::new(),
            plan,
        }
    }

    /// Return to the state before tick 0, seeded for run `seed` (the same
    /// streams as [`super::Simulation::start`]).
    pub fn start(&mut self, seed: u64) {
        if self.uncertainties.any() {
            self.plan.apply(&self.uncertainties.draw(seed));
            let p = &self.plan;
            self.params = ModelParams::new(&p.numbers, p.tick_days, p.last_tick_days);
        }
        for i in 0..self.plan.n_states {
            self.anchor[i] = prior_of(&self.plan, i);
        }
        self.current.copy_from_slice(&self.anchor);
        self.intention.fill([0.0; K]);
        self.pledge.fill(None);
        self.present.fill(None);
        for (c, untapped) in self.untapped.iter_mut().enumerate() {
            untapped.fill(1.0);
            self.campaign_rng[c] = stream_rng(seed, stream_of(&self.plan.campaigns[c].id));
        }
        self.noise = stream_rng(seed, NOISE);
        self.attendance = stream_rng(seed, ATTENDANCE);
        self.history = History::default();
    }

    /// All ticks of run `seed`, from the start to the ballot day.
    pub fn run(&mut self, seed: u64) -> &History {
        self.start(seed);
        for t in 0..=self.plan.ticks {
            self.step(t);
        }
        &self.history
    }

    /// The last tick, the ballot's.
    pub fn ticks(&self) -> usize {
        self.plan.ticks
    }

    /// Current utilities, `[i * k + c]` in the scenario's state order.
    pub fn current_utilities(&self) -> &[f64] {
        self.current.as_flattened()
    }

    /// What has been recorded so far in this run.
    pub fn history(&self) -> &History {
        &self.history
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

    fn p_present(&self, i: usize) -> f64 {
        presence(self.present[i], self.plan.attendance[i])
    }

    fn arrivals(&mut self, t: usize) {
        if t != self.plan.conference_tick {
            return;
        }
        for i in 0..self.plan.n_states {
            let u: f64 = self.attendance.random();
            self.present[i] = Some(arrives(u, self.plan.attendance[i]));
        }
    }

    fn events(&mut self, t: usize) {
        for event in self.plan.events.iter().filter(|e| e.tick == t) {
            for effect in &event.effects {
                for &i in &effect.states {
                    self.current[i][effect.candidate] += effect.shift;
                    if event.persistent {
                        self.anchor[i][effect.candidate] += effect.shift;
                    }
                }
            }
        }
    }

    fn campaigns(&mut self, t: usize) {
        let plan = &self.plan;
        if !plan.campaigns.iter().any(|c| c.acts_on(t)) {
            return;
        }
        self.board.start(plan.n_states);
        for (i, u) in self.current.iter().enumerate() {
            self.board.set_utilities(i, *u);
        }
        for (index, c) in plan.campaigns.iter().enumerate() {
            if c.acts_on(t) {
                campaign_tick(
                    c,
                    t,
                    &mut self.untapped[index],
                    &mut self.swing_targets[index],
                    &mut self.campaign_rng[index],
                    &mut self.board,
                );
            }
        }
        for (i, (anchor, current)) in self.anchor.iter_mut().zip(&mut self.current).enumerate() {
            if let Some(shift) = self.board.shift(i) {
                for ((a, u), d) in anchor.iter_mut().zip(current.iter_mut()).zip(shift) {
                    *a += d;
                    *u += d;
                }
            }
        }
    }

    fn influence(&mut self, t: usize) {
        let plan = &self.plan;
        peer_means(
            &self.current,
            &plan.blocs,
            &plan.peers,
            &mut self.bloc_sums,
            &mut self.peers,
        );
        let conference = t >= plan.conference_tick;
        for i in 0..plan.n_states {
            let present = conference && self.p_present(i) >= 1.0;
            let pulls = if t == plan.ticks {
                &plan.last_pulls
            } else {
                &plan.pulls
            };
            let pull = pulls[i][usize::from(present)];
            pull_toward(&mut self.current[i], &self.anchor[i], &self.peers[i], pull);
        }
    }

    fn add_noise(&mut self, t: usize) {
        let sd = if t == self.plan.ticks {
            self.params.noise_last_tick
        } else {
            self.params.noise_per_tick
        };
        if sd <= 0.0 {
            return;
        }
        let noise = &mut self.noise;
        self.draws.clear();
        self.draws
            .extend((0..self.current.len() * K).map(|_| noise.sample::<f64, _>(StandardNormal)));
        for (u, z) in self.current.iter_mut().zip(self.draws.chunks_exact(K)) {
            shake(u, z, sd);
        }
    }

    fn intentions_and_pledges(&mut self) {
        let p = &self.params;
        for (i, (u, intention)) in self.current.iter().zip(&mut self.intention).enumerate() {
            softmax(u, p.temperature, intention);
            if self.pledge[i].is_none() && self.plan.voting_rights[i] {
                self.pledge[i] = pledge_for(intention, self.plan.blank[i], p.pledge_threshold);
            }
        }
    }

    fn record(&mut self) {
        let plan = &self.plan;
        let (n, r) = (plan.n_states, plan.n_regions);
        let p = &self.params;
        self.q.resize(n, [0.0; K]);
        let h = &mut self.history;
        let start = h.expected_votes.len();
        h.pledges.resize(start + K, 0);
        let pledges = &mut h.pledges[start..];
        for i in 0..n {
            let p_valid = if plan.voting_rights[i] {
                presence(self.present[i], plan.attendance[i]) * (1.0 - plan.blank[i])
            } else {
                0.0
            };
            let row = &mut self.q[i];
            ballot_choice(&self.intention[i], self.pledge[i], p.defection, row);
            for q in row.iter_mut() {
                *q *= p_valid;
            }
            if let Some(c) = self.pledge[i] {
                pledges[c] += 1;
            }
        }
        h.expected_votes.resize(start + K, 0.0);
        let region_start = h.by_region.len();
        h.by_region.resize(region_start + r * K, 0.0);
        expected_votes(
            &self.q,
            &plan.region_of,
            &mut h.expected_votes[start..],
            &mut h.by_region[region_start..],
        );
        h.win_probability.resize(start + K, 0.0);
        win_probabilities(&self.q, &mut h.win_probability[start..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Simulation;
    use crate::scenario::synthetic::synthetic_scenario;

    /// The plain loop and the ECS world, ticked side by side, agree exactly
    /// (same arithmetic in the same order, same random streams).
    fn agree<const K: usize>(s: &Scenario, seed: u64, ticks: usize) {
        let mut ecs = Simulation::new(s);
        let mut plain = PlainModel::<K>::new(s);
        ecs.start(seed);
        plain.start(seed);
        for t in 0..=ticks.min(plain.ticks()) {
            ecs.step(t);
            plain.step(t);
            assert_eq!(
                ecs.current_utilities(),
                plain.current_utilities(),
                "tick {t}"
            );
        }
        assert_eq!(ecs.history(), plain.history());
    }

    #[test]
    fn plain_loop_matches_the_ecs_on_a_synthetic_scenario() {
        // 30 days: campaigns (swing and fixed targets, pressure), events and
        // the conference's arrivals all happen within the ticks compared.
        let s = synthetic_scenario(60, 6, 6, 30, 3, 5);
        agree::<3>(&s, 9, 30);
    }

    fn bundled(name: &str) -> Scenario {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(name);
        crate::scenario::load(&path)
            .expect("a bundled scenario loads")
            .scenario
    }

    #[test]
    fn the_world_is_built_for_one_to_eight_candidates() {
        // The smallest and the largest number of candidates compiled.
        agree::<1>(&synthetic_scenario(20, 4, 3, 20, 1, 2), 4, 20);
        agree::<8>(&synthetic_scenario(40, 5, 6, 20, 8, 3), 5, 20);
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
        agree::<3>(&bundled("classroom/three_candidates.ron"), 3, usize::MAX);
    }

    #[test]
    fn plain_loop_matches_the_ecs_on_the_pp22_scenario() {
        // The scenario the benchmarks compare them on.
        agree::<2>(&bundled("itu_pp22.ron"), 1, usize::MAX);
    }

    #[test]
    fn utilities_move_and_depend_on_the_seed() {
        let s = synthetic_scenario(30, 4, 4, 20, 2, 1);
        let mut a = PlainModel::<2>::new(&s);
        a.run(1);
        let after_one = a.current_utilities().to_vec();
        assert_ne!(after_one, Plan::new(&s).prior);
        a.run(2);
        assert_ne!(a.current_utilities(), after_one.as_slice());
    }
}
