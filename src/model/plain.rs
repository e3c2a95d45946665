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

use super::maths::{friedkin_johnsen, softmax, win_probabilities};
use super::plan::Plan;
use super::resources::{History, ModelParams};
use super::rng::{ATTENDANCE, NOISE, SimRng, stream_of, stream_rng};
use super::simulation::ballot_choice;
use super::systems::arrivals::arrives;
use super::systems::campaigns::{acts_on, campaign_tick};
use super::systems::influence::peer_means;
use super::systems::noise::shake;
use super::systems::pledges::pledge_for;
use super::systems::record::expected_votes;
use crate::scenario::Scenario;

/// One run's state in flat arrays, ticked by [`PlainModel::step`].
#[derive(Debug, Clone)]
pub struct PlainModel {
    plan: Plan,
    params: ModelParams,
    /// Anchors and current utilities, `[i * k + c]`.
    anchor: Vec<f64>,
    current: Vec<f64>,
    /// Softmax of the current utilities, `[i * k + c]`.
    intention: Vec<f64>,
    pledge: Vec<Option<usize>>,
    /// Whether each delegation came, once the conference has opened.
    present: Vec<Option<bool>>,
    /// Cumulative effort per campaign and state.
    received: Vec<Vec<f64>>,
    campaign_rng: Vec<SimRng>,
    noise: SimRng,
    attendance: SimRng,
    history: History,
    // Working buffers, reused every tick.
    utilities: Vec<f64>,
    delta: Vec<f64>,
    peers: Vec<f64>,
    draws: Vec<f64>,
    q: Vec<f64>,
    order: Vec<usize>,
}

impl PlainModel {
    /// The model of a validated scenario, ready for [`PlainModel::start`].
    pub fn new(s: &Scenario) -> PlainModel {
        let plan = Plan::new(s);
        let (n, k) = (plan.n_states, plan.n_candidates);
        PlainModel {
            params: ModelParams::new(&s.params, plan.tick_days),
            anchor: plan.prior.clone(),
            current: plan.prior.clone(),
            intention: vec![0.0; n * k],
            pledge: vec![None; n],
            present: vec![None; n],
            received: vec![vec![0.0; n]; plan.campaigns.len()],
            campaign_rng: plan.campaigns.iter().map(|_| stream_rng(0, 0)).collect(),
            noise: stream_rng(0, NOISE),
            attendance: stream_rng(0, ATTENDANCE),
            history: History::default(),
            utilities: Vec::new(),
            delta: Vec::new(),
            peers: Vec::new(),
            draws: Vec::new(),
            q: Vec::new(),
            order: Vec::new(),
            plan,
        }
    }

    /// Return to the state before tick 0, seeded for run `seed` (the same
    /// streams as [`super::Simulation::start`]).
    pub fn start(&mut self, seed: u64) {
        self.anchor.copy_from_slice(&self.plan.prior);
        self.current.copy_from_slice(&self.plan.prior);
        self.intention.fill(0.0);
        self.pledge.fill(None);
        self.present.fill(None);
        for (c, received) in self.received.iter_mut().enumerate() {
            received.fill(0.0);
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
        &self.current
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
        self.add_noise();
        self.intentions_and_pledges();
        self.record();
    }

    fn p_present(&self, i: usize) -> f64 {
        match self.present[i] {
            Some(true) => 1.0,
            Some(false) => 0.0,
            None => self.plan.attendance[i],
        }
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
        let k = self.plan.n_candidates;
        for event in self.plan.events.iter().filter(|e| e.tick == t) {
            for (targets, candidate, shift) in &event.effects {
                for &i in targets {
                    self.current[i * k + candidate] += shift;
                    if event.persistent {
                        self.anchor[i * k + candidate] += shift;
                    }
                }
            }
        }
    }

    fn campaigns(&mut self, t: usize) {
        let plan = &self.plan;
        if !plan.campaigns.iter().any(|c| acts_on(c, t)) {
            return;
        }
        let k = plan.n_candidates;
        self.utilities.clear();
        self.utilities.extend_from_slice(&self.current);
        self.delta.clear();
        self.delta.resize(plan.n_states * k, 0.0);
        for (index, c) in plan.campaigns.iter().enumerate() {
            if acts_on(c, t) {
                campaign_tick(
                    c,
                    t,
                    k,
                    &mut self.received[index],
                    &mut self.campaign_rng[index],
                    &mut self.utilities,
                    &mut self.delta,
                    &mut self.order,
                );
            }
        }
        for (i, row) in self.delta.chunks_exact(k).enumerate() {
            if row.iter().any(|d| *d != 0.0) {
                for (c, d) in row.iter().enumerate() {
                    self.anchor[i * k + c] += d;
                    self.current[i * k + c] += d;
                }
            }
        }
    }

    fn influence(&mut self, t: usize) {
        let plan = &self.plan;
        let k = plan.n_candidates;
        peer_means(
            &self.current,
            k,
            &plan.blocs,
            &plan.blocs_of,
            &mut self.peers,
        );
        let conference = t >= plan.conference_tick;
        for i in 0..plan.n_states {
            let rate = if conference && self.p_present(i) >= 1.0 {
                self.params.conference_peer_influence
            } else {
                self.params.peer_influence
            };
            let s = self.plan.stubbornness[i];
            for c in 0..k {
                let x = i * k + c;
                self.current[x] =
                    friedkin_johnsen(self.current[x], self.anchor[x], self.peers[x], s, rate);
            }
        }
    }

    fn add_noise(&mut self) {
        let sd = self.params.noise_per_tick;
        if sd <= 0.0 {
            return;
        }
        let noise = &mut self.noise;
        self.draws.clear();
        self.draws
            .extend((0..self.current.len()).map(|_| noise.sample::<f64, _>(StandardNormal)));
        shake(&mut self.current, &self.draws, sd);
    }

    fn intentions_and_pledges(&mut self) {
        let k = self.plan.n_candidates;
        let p = &self.params;
        for (i, (u, intention)) in self
            .current
            .chunks_exact(k)
            .zip(self.intention.chunks_exact_mut(k))
            .enumerate()
        {
            softmax(u, p.temperature, None, intention);
            if self.pledge[i].is_none() {
                self.pledge[i] = pledge_for(intention, p.abstention, p.pledge_threshold);
            }
        }
    }

    fn record(&mut self) {
        let plan = &self.plan;
        let (n, k, r) = (plan.n_states, plan.n_candidates, plan.n_regions);
        let p = &self.params;
        self.q.clear();
        self.q.resize(n * k, 0.0);
        let mut pledges = vec![0u32; k];
        for i in 0..n {
            let p_valid = if plan.voting_rights[i] {
                self.p_present(i) * (1.0 - p.abstention)
            } else {
                0.0
            };
            let row = &mut self.q[i * k..(i + 1) * k];
            ballot_choice(
                &self.intention[i * k..(i + 1) * k],
                self.pledge[i],
                p.defection,
                row,
            );
            for q in row.iter_mut() {
                *q *= p_valid;
            }
            if let Some(c) = self.pledge[i] {
                pledges[c] += 1;
            }
        }
        let h = &mut self.history;
        let start = h.expected_votes.len();
        h.expected_votes.resize(start + k, 0.0);
        let region_start = h.by_region.len();
        h.by_region.resize(region_start + r * k, 0.0);
        expected_votes(
            &self.q,
            k,
            &plan.region_of,
            &mut h.expected_votes[start..],
            &mut h.by_region[region_start..],
        );
        h.win_probability.resize(start + k, 0.0);
        win_probabilities(&self.q, k, &mut h.win_probability[start..]);
        h.pledges.extend_from_slice(&pledges);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Simulation;
    use crate::scenario::synthetic::synthetic_scenario;

    /// The plain loop and the ECS world, ticked side by side, agree exactly
    /// (same arithmetic in the same order, same random streams).
    fn agree(s: &Scenario, seed: u64, ticks: usize) {
        let mut ecs = Simulation::new(s);
        let mut plain = PlainModel::new(s);
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
        agree(&s, 9, 30);
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
    fn plain_loop_matches_the_ecs_on_the_classroom_scenario() {
        agree(&bundled("classroom/three_candidates.ron"), 3, usize::MAX);
    }

    #[test]
    fn plain_loop_matches_the_ecs_on_the_pp22_scenario() {
        // The scenario the benchmarks compare them on.
        agree(&bundled("itu_pp22.ron"), 1, usize::MAX);
    }

    #[test]
    fn utilities_move_and_depend_on_the_seed() {
        let s = synthetic_scenario(30, 4, 4, 20, 2, 1);
        let mut a = PlainModel::new(&s);
        a.run(1);
        let after_one = a.current_utilities().to_vec();
        assert_ne!(after_one, Plan::new(&s).prior);
        a.run(2);
        assert_ne!(a.current_utilities(), after_one.as_slice());
    }
}
