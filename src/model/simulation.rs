//! A reusable simulation: the world is built once from the scenario and reset
//! for each run, so an ensemble worker pays the build cost once.

use bevy_ecs::prelude::*;
use rand::RngExt;

use super::build::{Entities, build_world};
use super::components::*;
use super::draw::{Numbers, Uncertainties};
use super::lanes::{LANES, column};
use super::plan::Plan;
use super::resources::*;
use super::rng::{ATTENDANCE, BALLOT, LaneRng, NOISE, SimRng, stream_of, stream_rng};
use super::systems::influence::LanePeers;
use super::systems::tick_schedule;
use crate::ballot::{Electorate, Rules, hold_ballot, transfer_leanings};
use crate::for_candidates;
use crate::result::*;
use crate::scenario::Scenario;

/// What one run produced, in flat arrays (`[i * k + c]`): cheap to build and
/// to reduce in an ensemble. [`Simulation::result`] turns it into a [`RunResult`].
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutput {
    pub seed: u64,
    /// The run's drawn numbers, named by [`Simulation::parameter_names`].
    pub parameters: Vec<f64>,
    pub history: History,
    /// Unconditional probability of each state voting for each candidate in round 1.
    pub p_vote: Vec<f64>,
    pub p_blank: Vec<f64>,
    pub p_absent: Vec<f64>,
    pub pledges: Vec<Option<usize>>,
    /// Each state's first mark in round 1 (its vote, for one seat).
    pub first_round: Vec<Vote>,
    /// Every round's papers, `width` marks per state (`[i * width + m]`,
    /// `width` = the round's seats open).
    pub papers: Vec<Vec<Vote>>,
    pub ballot: BallotResult,
}

/// A world built from one scenario, ready to run batches of up to
/// [`LANES`] runs with any seeds (docs/MODEL.md, "Run lanes").
pub struct Simulation {
    world: World,
    schedule: Schedule,
    entities: Entities,
    rules: Rules,
    /// Whether each state belongs to the post's electorate.
    electorate: Vec<bool>,
    template: RunResult,
    campaign_streams: Vec<u64>,
    by_candidates: ByCandidates,
    uncertainties: Uncertainties,
    /// The numbers of each lane's run in progress.
    numbers: Vec<Numbers>,
    /// Whether runs use every number's central value instead of drawing.
    central: bool,
    /// The streams of the daily noise, of attendance and of the ballot.
    streams: [u64; 3],
}

/// Sets numbers of lane `l`'s run after they are drawn (a conference's
/// deals and links, [`super::conference`]).
pub type Adjust<'a> = &'a dyn Fn(usize, &mut Numbers);

/// What touches the components whose type depends on the number of
/// candidates `K` ([`Utilities`], [`Intention`]), chosen once for the scenario.
#[derive(Debug, Clone, Copy)]
struct ByCandidates {
    /// Set every state's utilities in every lane to that lane's prior and
    /// clear its pledges.
    reset_states: fn(&mut World, &[Entity], &[Plan]),
    /// Every state's current utilities in lane `l`, `[i * k + c]`.
    utilities: fn(&World, &[Entity], usize) -> Vec<f64>,
    /// Every state's intention in lane `l`, `[i * k + c]`.
    intentions: fn(&World, &[Entity], usize) -> Vec<f64>,
}

fn by_candidates<const K: usize>() -> ByCandidates {
    ByCandidates {
        reset_states: reset_states::<K>,
        utilities: |world, states, l| {
            states
                .iter()
                .flat_map(|&e| column(&world.get::<Utilities<K>>(e).expect("state").current, l))
                .collect()
        },
        intentions: |world, states, l| {
            states
                .iter()
                .flat_map(|&e| column(&world.get::<Intention<K>>(e).expect("state").0, l))
                .collect()
        },
    }
}

fn reset_states<const K: usize>(world: &mut World, states: &[Entity], plans: &[Plan]) {
    for (i, &e) in states.iter().enumerate() {
        let mut entity = world.entity_mut(e);
        let mut u = entity
            .get_mut::<Utilities<K>>()
            .expect("state has utilities");
        for (l, plan) in plans.iter().enumerate() {
            for c in 0..K {
                let prior = plan.prior[i * K + c];
                u.anchor[c][l] = prior;
                u.current[c][l] = prior;
            }
        }
        entity.get_mut::<Pledge>().expect("state has a pledge").0 = [None; LANES];
    }
}

impl Simulation {
    /// Build the world of a validated scenario.
    pub fn new(s: &Scenario) -> Simulation {
        let k = s.candidates.len();
        let (world, entities) = for_candidates!(k, build_world(s));
        let n = s.states.len();
        let ids: Vec<&str> = s.candidates.iter().map(|c| c.id.as_str()).collect();
        let mut electorate = vec![s.ballot.electorate.is_none(); n];
        if let Some(sel) = &s.ballot.electorate {
            for i in super::plan::select(s, sel) {
                electorate[i] = true;
            }
        }
        // Voters: members of the post's electorate with voting rights.
        let votes = |i: usize| electorate[i] && s.states[i].voting_rights;
        let shown = ScenarioDisplay::of(s);
        let template = RunResult {
            scenario: shown.name,
            title: shown.title,
            seed: 0,
            central: false,
            candidates: shown.candidates,
            regions: s
                .regions
                .iter()
                .map(|r| RegionInfo {
                    id: r.id.clone(),
                    name: r.name.clone(),
                    voters: (0..n)
                        .filter(|&i| s.states[i].region == r.id && votes(i))
                        .count(),
                })
                .collect(),
            eligible_voters: (0..n).filter(|&i| votes(i)).count(),
            conference_start: s.calendar.conference_start,
            conference_end: s.calendar.conference_end,
            ballot_date: s.calendar.ballot,
            events: {
                let mut marks: Vec<EventMark> = s
                    .events
                    .iter()
                    .map(|e| EventMark {
                        id: e.id.clone(),
                        date: e.date,
                        label: e.label.clone(),
                    })
                    .collect();
                marks.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
                marks
            },
            history: Vec::new(),
            states: (0..n)
                .map(|i| {
                    let m = &s.states[i];
                    StateOutcome {
                        code: m.code.clone(),
                        name: m.name.clone(),
                        region: s.regions.iter().position(|r| r.id == m.region).unwrap_or(0),
                        voting_rights: m.voting_rights,
                        p_vote: Vec::new(),
                        p_blank: 0.0,
                        p_absent: 0.0,
                        pledge: None,
                        first_round_vote: Vote::Absent,
                        first_round_names: Vec::new(),
                    }
                })
                .collect(),
            ballot: BallotResult {
                seats: 1,
                rounds: Vec::new(),
                winners: Vec::new(),
                elected: None,
                flows: Vec::new(),
            },
            parameters: Vec::new(),
        };
        let uncertainties = Uncertainties::of(s);
        Simulation {
            numbers: vec![uncertainties.central().clone(); LANES],
            uncertainties,
            central: false,
            world,
            schedule: for_candidates!(k, tick_schedule()),
            by_candidates: for_candidates!(k, by_candidates()),
            entities,
            rules: Rules::of(&s.ballot, &ids),
            electorate,
            template,
            campaign_streams: s.campaigns.iter().map(|c| stream_of(&c.id)).collect(),
            streams: [NOISE, ATTENDANCE, BALLOT],
        }
    }

    /// Draw the noise, attendance and ballot from streams of their own,
    /// named by `name`, so that several ballots of one conference run are
    /// independent given the run's numbers.
    pub fn with_streams_of(mut self, name: &str) -> Simulation {
        let salt = stream_of(name);
        self.streams = [NOISE, ATTENDANCE, BALLOT].map(|s| s ^ salt);
        self
    }

    /// Switch central runs on or off (see [`Simulation::with_central`]).
    pub fn set_central(&mut self, central: bool) {
        self.central = central;
    }

    /// Use every uncertain number's central value (shocks at 0, no per-state
    /// variation) instead of drawing them (`run --central`).
    pub fn with_central(mut self, central: bool) -> Simulation {
        self.central = central;
        self
    }

    /// Names of the drawn values each run reports (`RunOutput::parameters`).
    pub fn parameter_names(&self) -> &[String] {
        self.uncertainties.names()
    }

    /// The scenario's uncertain numbers.
    pub fn uncertainties(&self) -> &Uncertainties {
        &self.uncertainties
    }

    /// The parts of a run's result that every run shares (names, colours,
    /// calendar, events, member states), with no history and no ballot.
    pub fn template(&self) -> &RunResult {
        &self.template
    }

    /// The date of each tick; the last is the ballot day.
    pub fn dates(&self) -> &[chrono::NaiveDate] {
        &self.plan().dates
    }

    /// Rounds after which the election is declared undecided.
    pub fn max_rounds(&self) -> u32 {
        self.rules.max_rounds
    }

    fn plan(&self) -> &Plan {
        self.world.resource::<ScenarioPlan>().shared()
    }

    /// Draw the numbers of each lane's run and set them in its plan: the
    /// model's first act for a run (docs/MODEL.md, "Uncertain numbers").
    /// Idle lanes (`seeds.len()..LANES`) copy lane 0. With `adjust`, each
    /// lane's numbers are drawn (or central), adjusted, then applied.
    fn draw_numbers(&mut self, seeds: &[u64], adjust: Option<Adjust>) {
        let draws = self.uncertainties.any() && !self.central;
        if !draws && adjust.is_none() {
            return;
        }
        let mut plan = self.world.resource_mut::<ScenarioPlan>();
        let plans = &mut plan.lanes;
        for (l, &seed) in seeds.iter().enumerate() {
            if draws {
                self.uncertainties.draw_into(seed, &mut self.numbers[l]);
            } else {
                self.numbers[l].clone_from(self.uncertainties.central());
            }
            if let Some(adjust) = adjust {
                adjust(l, &mut self.numbers[l]);
            }
            plans[l].apply(&self.numbers[l]);
        }
        let (first, idle) = plans.split_at_mut(seeds.len());
        for (plan, numbers) in idle.iter_mut().zip(&mut self.numbers[seeds.len()..]) {
            plan.clone_from(&first[0]);
            numbers.clone_from(&first[0].numbers);
        }
    }

    /// Copy each lane's per-state numbers from its plan into the components.
    fn set_lanes(&mut self) {
        let reset_states = self.by_candidates.reset_states;
        let Simulation {
            world, entities, ..
        } = self;
        world.resource_scope(|world, plan: Mut<ScenarioPlan>| {
            let plans = &plan.lanes;
            for (i, &e) in entities.states.iter().enumerate() {
                let mut state = world.get_mut::<MemberState>(e).expect("state");
                for (l, p) in plans.iter().enumerate() {
                    for present in 0..2 {
                        state.pull[present].set(l, p.pulls[i][present]);
                        state.last_pull[present].set(l, p.last_pulls[i][present]);
                    }
                    state.blank[l] = p.blank[i];
                }
            }
            for (i, &e) in entities.delegations.iter().enumerate() {
                let mut d = world.get_mut::<Delegation>(e).expect("delegation");
                for (l, p) in plans.iter().enumerate() {
                    d.attendance[l] = p.attendance[i];
                }
                d.present = [None; LANES];
            }
            let each = plans
                .iter()
                .map(|p| ModelParams::new(&p.numbers, p.tick_days, p.last_tick_days))
                .collect();
            world.insert_resource(LaneParams::new(each));
            reset_states(world, &entities.states, plans);
        });
    }

    /// Return the world to its state before tick 0, with lane `l` seeded for
    /// the run with seed `seeds[l]` (1 to [`LANES`] seeds; the other lanes idle).
    fn reset(&mut self, seeds: &[u64], adjust: Option<Adjust>) {
        assert!(
            (1..=LANES).contains(&seeds.len()),
            "a batch of 1 to {LANES} runs, not {}",
            seeds.len()
        );
        self.draw_numbers(seeds, adjust);
        self.set_lanes();
        let (k, ticks, n_regions) = {
            let plan = self.plan();
            (plan.n_candidates, plan.ticks + 1, plan.n_regions)
        };
        // Idle lanes run on lane 0's seed; only the noise, drawn for every lane at once, draws for them.
        let seed_of = |l: usize| seeds.get(l).copied().unwrap_or(seeds[0]);
        for (index, &e) in self.entities.campaigns.iter().enumerate() {
            let mut entity = self.world.entity_mut(e);
            for untapped in &mut entity.get_mut::<Untapped>().expect("campaign effort").0 {
                untapped.fill(1.0);
            }
            let streams = &mut entity.get_mut::<CampaignRng>().expect("campaign rng").0;
            for (l, rng) in streams.iter_mut().enumerate() {
                *rng = stream_rng(seed_of(l), self.campaign_streams[index]);
            }
        }
        let [noise, attendance, _] = self.streams;
        *self.world.resource_mut::<Streams>() = Streams {
            noise: LaneRng::new(seed_of, noise),
            attendance: std::array::from_fn(|l| stream_rng(seed_of(l), attendance)),
        };
        self.world
            .resource_scope(|world, mut table: Mut<LanePeers>| {
                let plans = &world.resource::<ScenarioPlan>().lanes;
                table.gather(&std::array::from_fn(|l| &plans[l].peers));
            });
        *self.world.resource_mut::<Batch>() = Batch {
            active: seeds.len(),
        };
        self.world.resource_mut::<Clock>().tick = 0;
        for h in &mut self.world.resource_mut::<Histories>().0 {
            h.expected_votes.clear();
            h.expected_votes.reserve(ticks * k);
            h.win_probability.clear();
            h.win_probability.reserve(ticks * k);
            h.by_region.clear();
            h.by_region.reserve(ticks * k * n_regions);
            h.pledges.clear();
            h.pledges.reserve(ticks * k);
        }
    }

    /// Run from the calendar's start to the ballot with this seed.
    pub fn run(&mut self, seed: u64) -> RunOutput {
        self.run_lanes(&[seed]).pop().expect("one run")
    }

    /// Run a batch of 1 to [`LANES`] runs together, run `l` with seed
    /// `seeds[l]`: each run's output is the one [`Simulation::run`] gives for
    /// its seed alone, whatever else the batch holds.
    pub fn run_lanes(&mut self, seeds: &[u64]) -> Vec<RunOutput> {
        self.run_lanes_adjusted(seeds, None)
    }

    /// [`Simulation::run_lanes`], with `adjust` setting numbers of each
    /// lane's run after they are drawn.
    pub fn run_lanes_adjusted(&mut self, seeds: &[u64], adjust: Option<Adjust>) -> Vec<RunOutput> {
        self.reset(seeds, adjust);
        for t in 0..=self.ticks() {
            self.step(t);
        }
        seeds
            .iter()
            .enumerate()
            .map(|(l, &seed)| self.hold_ballot(l, seed))
            .collect()
    }

    /// Prepare run `seed` without ticking; [`Simulation::step`] then
    /// advances it one tick at a time (for benchmarks and tests; [`Simulation::run`]
    /// does both and holds the ballot).
    pub fn start(&mut self, seed: u64) {
        self.reset(&[seed], None);
    }

    /// Prepare a batch of runs (lane `l` with seed `seeds[l]`) without ticking.
    pub fn start_lanes(&mut self, seeds: &[u64]) {
        self.reset(seeds, None);
    }

    /// Run the tick schedule once, as tick `t` (ticks go from 0 to [`Simulation::ticks`]).
    pub fn step(&mut self, t: usize) {
        self.world.resource_mut::<Clock>().tick = t;
        self.schedule.run(&mut self.world);
    }

    /// The last tick, the ballot's.
    pub fn ticks(&self) -> usize {
        self.plan().ticks
    }

    /// Every state's current utilities in lane 0, `[i * k + c]` in the scenario's state order.
    pub fn current_utilities(&self) -> Vec<f64> {
        self.lane_utilities(0)
    }

    /// Every state's current utilities in lane `l`, `[i * k + c]`.
    pub fn lane_utilities(&self, l: usize) -> Vec<f64> {
        (self.by_candidates.utilities)(&self.world, &self.entities.states, l)
    }

    /// What the record system has kept so far in lane 0's run.
    pub fn history(&self) -> &History {
        self.lane_history(0)
    }

    /// What the record system has kept so far in lane `l`'s run.
    pub fn lane_history(&self, l: usize) -> &History {
        &self.world.resource::<Histories>().0[l]
    }

    /// The secret ballot of lane `l` after the last tick (its history is
    /// taken from the world).
    fn hold_ballot(&mut self, l: usize, seed: u64) -> RunOutput {
        let plan = &self.world.resource::<ScenarioPlan>().lanes[l];
        let (n, k) = (plan.n_states, plan.n_candidates);
        let params = self.world.resource::<LaneParams>().each[l].clone();
        let mut present = vec![false; n];
        let mut p_absent = vec![1.0; n];
        let intention = (self.by_candidates.intentions)(&self.world, &self.entities.states, l);
        let mut pledges = vec![None; n];
        let mut rights = vec![false; n];
        let members = self.electorate.iter().filter(|&&m| m).count() as u32;
        for (i, &e) in self.entities.states.iter().enumerate() {
            let entity = self.world.entity(e);
            rights[i] =
                self.electorate[i] && entity.get::<MemberState>().expect("state").voting_rights;
            pledges[i] = entity.get::<Pledge>().expect("pledge").0[l];
        }
        for (i, &e) in self.entities.delegations.iter().enumerate() {
            let d = self.world.get::<Delegation>(e).expect("delegation");
            let p = if rights[i] { d.p_present(l) } else { 0.0 };
            present[i] = p >= 1.0;
            p_absent[i] = 1.0 - p;
        }
        let blank = &plan.blank;
        let mut p_vote = vec![0.0; n * k];
        let mut p_blank = vec![0.0; n];
        let mut choice = vec![0.0; k];
        for i in 0..n {
            let p_here = 1.0 - p_absent[i];
            p_blank[i] = p_here * blank[i];
            ballot_choice(
                &intention[i * k..(i + 1) * k],
                pledges[i],
                params.defection,
                &mut choice,
            );
            for c in 0..k {
                p_vote[i * k + c] = p_here * (1.0 - blank[i]) * choice[c];
            }
        }
        let mut rng = stream_rng(seed, self.streams[2]);
        let mut papers: Vec<Vec<Vote>> = Vec::new();
        let electorate = Electorate {
            members,
            entitled: rights.iter().filter(|&&r| r).count() as u32,
        };
        let mut leaning = vec![0.0; k];
        let ballot = hold_ballot(k, &self.rules, electorate, |call| {
            let mut marks = Vec::with_capacity(n * call.width);
            for i in 0..n {
                if !rights[i] {
                    marks.extend(std::iter::repeat_n(Vote::NoVote, call.width));
                    continue;
                }
                transfer_leanings(&intention[i * k..(i + 1) * k], call.transfers, &mut leaning);
                let ballot_paper = BallotPaper {
                    present: present[i],
                    leaning: &leaning,
                    pledge: pledges[i],
                    blank: blank[i],
                    standing: call.standing,
                };
                ballot_paper.cast(&mut rng, call.width, &params, &mut marks);
            }
            papers.push(marks.clone());
            marks
        });
        let first_round: Vec<Vote> = match papers.first() {
            Some(marks) => {
                let width = marks.len() / n.max(1);
                (0..n).map(|i| marks[i * width.max(1)]).collect()
            }
            None => (0..n)
                .map(|i| {
                    if rights[i] {
                        Vote::Absent
                    } else {
                        Vote::NoVote
                    }
                })
                .collect(),
        };
        RunOutput {
            seed,
            parameters: if self.uncertainties.any() {
                self.uncertainties.values(if self.central {
                    self.uncertainties.central()
                } else {
                    &self.numbers[l]
                })
            } else {
                Vec::new()
            },
            history: std::mem::take(&mut self.world.resource_mut::<Histories>().0[l]),
            p_vote,
            p_blank,
            p_absent,
            pledges,
            first_round,
            papers,
            ballot,
        }
    }

    /// The full result of a run, with names, dates and per-state outcomes.
    pub fn result(&self, out: RunOutput) -> RunResult {
        let plan = self.plan();
        let (k, r) = (plan.n_candidates, plan.n_regions);
        let mut result = self.template.clone();
        result.seed = out.seed;
        result.central = self.central;
        let h = &out.history;
        result.history = plan
            .dates
            .iter()
            .enumerate()
            .map(|(t, date)| TickRecord {
                date: *date,
                expected_votes: h.expected_votes[t * k..(t + 1) * k].to_vec(),
                win_probability: h.win_probability[t * k..(t + 1) * k].to_vec(),
                expected_votes_by_region: (0..r)
                    .map(|g| h.by_region[(t * r + g) * k..(t * r + g + 1) * k].to_vec())
                    .collect(),
                pledges: h.pledges[t * k..(t + 1) * k].to_vec(),
            })
            .collect();
        for (i, s) in result.states.iter_mut().enumerate() {
            s.p_vote = out.p_vote[i * k..(i + 1) * k].to_vec();
            s.p_blank = out.p_blank[i];
            s.p_absent = out.p_absent[i];
            s.pledge = out.pledges[i];
            s.first_round_vote = out.first_round[i];
            s.first_round_names = match out.papers.first() {
                Some(marks) => {
                    let width = (marks.len() / out.first_round.len().max(1)).max(1);
                    marks[i * width..(i + 1) * width]
                        .iter()
                        .filter_map(|m| match m {
                            Vote::For(c) => Some(*c),
                            _ => None,
                        })
                        .collect()
                }
                None => Vec::new(),
            };
        }
        result.ballot = out.ballot;
        result.parameters = self
            .uncertainties
            .names()
            .iter()
            .zip(&out.parameters)
            .map(|(name, &value)| SampledValue {
                name: name.clone(),
                value,
            })
            .collect();
        result
    }
}

/// Probability of choosing each candidate when casting a valid vote: a
/// pledged state keeps its pledge with probability `1 - defection` and
/// otherwise follows its private intention.
#[inline]
pub fn ballot_choice(intention: &[f64], pledge: Option<usize>, defection: f64, out: &mut [f64]) {
    match pledge {
        None => out.copy_from_slice(intention),
        Some(p) => {
            for (c, o) in out.iter_mut().enumerate() {
                *o = defection * intention[c] + if c == p { 1.0 - defection } else { 0.0 };
            }
        }
    }
}

/// One delegation's ballot paper in one round. Three uniform draws are taken
/// whatever the outcome, so every delegation uses the same amount of the
/// ballot stream (common random numbers across scenarios).
pub fn cast_vote(
    rng: &mut SimRng,
    present: bool,
    intention: &[f64],
    pledge: Option<usize>,
    standing: &[bool],
    abstention: f64,
    defection: f64,
) -> Vote {
    let (u_blank, u_loyal, u_choice): (f64, f64, f64) = (rng.random(), rng.random(), rng.random());
    if !present {
        return Vote::Absent;
    }
    if u_blank < abstention {
        return Vote::Blank;
    }
    if let Some(p) = pledge
        && standing.get(p) == Some(&true)
        && u_loyal >= defection
    {
        return Vote::For(p);
    }
    pick(intention, standing, u_choice).map_or(Vote::Blank, Vote::For)
}

/// The candidate that the uniform draw `u` picks from `leaning`
/// renormalised over the candidates `standing` (uniformly among them when
/// their leaning sums to 0); `None` when nobody stands.
pub fn pick(leaning: &[f64], standing: &[bool], u: f64) -> Option<usize> {
    let k = leaning.len();
    let mut p = vec![0.0; k];
    let total: f64 = (0..k).filter(|&c| standing[c]).map(|c| leaning[c]).sum();
    if total <= 0.0 {
        let standing_count = standing.iter().filter(|s| **s).count().max(1);
        for c in 0..k {
            p[c] = if standing[c] {
                1.0 / standing_count as f64
            } else {
                0.0
            };
        }
    } else {
        for c in 0..k {
            p[c] = if standing[c] { leaning[c] / total } else { 0.0 };
        }
    }
    let mut acc = 0.0;
    let mut last = None;
    for (c, pc) in p.iter().enumerate() {
        if *pc > 0.0 {
            acc += pc;
            last = Some(c);
            if u < acc {
                return Some(c);
            }
        }
    }
    last
}

/// One delegation at the ballot, for drawing its paper in one round.
#[derive(Debug, Clone, Copy)]
pub struct BallotPaper<'a> {
    pub present: bool,
    /// Its leaning over all candidates (the intention, with withdrawals' transfers applied).
    pub leaning: &'a [f64],
    pub pledge: Option<usize>,
    /// The delegation's chance of casting a blank paper when present.
    pub blank: f64,
    /// `standing[c]`: whether candidate `c` may be named.
    pub standing: &'a [bool],
}

impl BallotPaper<'_> {
    /// Appends the delegation's `width` marks (docs/MODEL.md, "The ballot").
    /// For one seat this is [`cast_vote`]. For several seats it takes
    /// `2 + width` uniform draws whatever the outcome: absent or blank as for
    /// one seat; otherwise the pledge first (if kept and standing), then
    /// names drawn one by one from the leaning over the standing candidates
    /// not yet named (without replacement), until `width` names or nobody
    /// is left, then `Blank` marks.
    pub fn cast(&self, rng: &mut SimRng, width: usize, params: &ModelParams, out: &mut Vec<Vote>) {
        if width <= 1 {
            out.push(cast_vote(
                rng,
                self.present,
                self.leaning,
                self.pledge,
                self.standing,
                self.blank,
                params.defection,
            ));
            return;
        }
        let (u_blank, u_loyal): (f64, f64) = (rng.random(), rng.random());
        let draws: Vec<f64> = (0..width).map(|_| rng.random()).collect();
        if !self.present {
            out.extend(std::iter::repeat_n(Vote::Absent, width));
            return;
        }
        if u_blank < self.blank {
            out.extend(std::iter::repeat_n(Vote::Blank, width));
            return;
        }
        let mut open: Vec<bool> = self.standing.to_vec();
        let start = out.len();
        if let Some(p) = self.pledge
            && open.get(p) == Some(&true)
            && u_loyal >= params.defection
        {
            out.push(Vote::For(p));
            open[p] = false;
        }
        for &u in &draws[out.len() - start..] {
            let Some(c) = pick(self.leaning, &open, u) else {
                break;
            };
            out.push(Vote::For(c));
            open[c] = false;
        }
        out.extend(std::iter::repeat_n(
            Vote::Blank,
            width - (out.len() - start),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::distribution::{Distribution, Uncertain};

    /// Run `seed` alone, and in every lane of full and partial batches:
    /// the same output each time.
    fn same_in_any_lane(s: &Scenario, seeds: &[u64]) {
        let mut sim = Simulation::new(s);
        let alone: Vec<RunOutput> = seeds.iter().map(|&seed| sim.run(seed)).collect();
        let full: Vec<u64> = (0..LANES as u64)
            .map(|l| seeds[l as usize % seeds.len()] ^ (l << 40))
            .collect();
        // A full batch that holds the seeds in other lanes, then partial ones.
        let mut batch = full.clone();
        batch[LANES - 1] = seeds[0];
        batch[2] = seeds[1];
        let outs = sim.run_lanes(&batch);
        assert_eq!(outs[LANES - 1], alone[0], "last lane of a full batch");
        assert_eq!(outs[2], alone[1], "lane 2 of a full batch");
        for take in [1, 3, LANES - 1] {
            let partial: Vec<u64> = seeds.iter().rev().copied().cycle().take(take).collect();
            let outs = Simulation::new(s).run_lanes(&partial);
            for (out, seed) in outs.iter().zip(&partial) {
                let i = seeds.iter().position(|x| x == seed).unwrap();
                assert_eq!(*out, alone[i], "seed {seed} in a batch of {take}");
            }
        }
        // Not a constant: the seeds give different runs.
        assert_ne!(alone[0].history, alone[1].history);
    }

    #[test]
    fn a_run_is_the_same_in_any_lane_of_any_batch() {
        // PP-22 draws its numbers, bloc cohesions among them (each lane has
        // its own peer weights).
        same_in_any_lane(
            &crate::scenario::bundled("scenarios/itu_pp22.ron"),
            &[11, 12, 13],
        );
        let mut s = crate::scenario::bundled("scenarios/classroom/three_candidates.ron");
        same_in_any_lane(&s, &[1, 2]);
        // A cohesion that may be 0 in one lane and not in another.
        s.blocs[0].cohesion = Uncertain::Dist(Distribution::Uniform { lo: -1.0, hi: 1.0 });
        same_in_any_lane(&s, &[4, 5, 6]);
    }
}
