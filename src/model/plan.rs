//! The scenario compiled to indices and ticks: what the ECS world is built from.
//!
//! Member states are indexed in the scenario's order, candidates, regions and
//! blocs likewise; selectors become sorted lists of state indices; dates
//! become ticks (tick `t` covers the `tick_days` days from `start + t * tick_days`
//! and is dated at the last of them, or at the ballot if that comes first).

use chrono::NaiveDate;

use super::draw::{Numbers, Uncertainties};
use super::maths::{logistic, logit, pull_per_tick};
use crate::scenario::{Calendar, Scenario, Selector, TacticKind};

/// A scenario resolved to indices.
#[derive(Debug, Clone)]
pub struct Plan {
    pub n_states: usize,
    pub n_candidates: usize,
    /// `prior[i * k + c]`: prior utility of state i for candidate c.
    pub prior: Vec<f64>,
    pub region_of: Vec<usize>,
    pub n_regions: usize,
    pub voting_rights: Vec<bool>,
    /// Chance that each state's delegation is present at the ballot.
    pub attendance: Vec<f64>,
    /// Chance that each state's delegation, if present, casts a blank paper.
    pub blank: Vec<f64>,
    /// The run's parameters that are not per state, in the units of the scenario.
    pub numbers: Numbers,
    /// What [`Plan::apply`] needs to recompute the numbers of a run.
    pub sources: NumberSources,
    /// Each state's Friedkin-Johnsen weights for one tick.
    pub pulls: Vec<[Pull; 2]>,
    /// The same for the last tick, which ends on the ballot day and may be shorter.
    pub last_pulls: Vec<[Pull; 2]>,
    /// Days of the last tick (`tick_days` unless the ballot falls inside it).
    pub last_tick_days: f64,
    /// Members of each bloc (state indices) and its cohesion.
    pub blocs: Vec<(Vec<usize>, f64)>,
    /// How each state's peers' mean is weighted over its blocs.
    pub peers: PeerWeights,
    pub campaigns: Vec<CampaignPlan>,
    /// Events by tick.
    pub events: Vec<EventPlan>,
    pub ticks: usize,
    pub conference_tick: usize,
    pub tick_days: f64,
    pub dates: Vec<NaiveDate>,
}

/// Weights that hold a state where it is, before [`Plan::apply`] sets them.
const NO_PULL: Pull = Pull {
    stubbornness: 0.0,
    peers: 0.0,
};

/// A state's Friedkin-Johnsen weights for one tick (docs/MODEL.md,
/// "Influence"), from its per-day stubbornness and peer influence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pull {
    /// Weight of the anchor.
    pub stubbornness: f64,
    /// Weight of the peers' mean in what the anchor leaves.
    pub peers: f64,
}

#[derive(Debug, Clone)]
pub struct CampaignPlan {
    pub id: String,
    pub candidate: usize,
    pub start: usize,
    pub end: usize,
    /// Effort units per tick.
    pub budget_per_tick: f64,
    pub strength: f64,
    pub saturation: f64,
    pub target: Target,
    /// `exp(-e / saturation)` for the steady effort `e` each target receives
    /// per tick: the factor by which one tick's delivery shrinks the share of
    /// `strength` not yet bought (docs/MODEL.md, "Campaigns").
    pub steady_decay: f64,
    /// How many states share the steady effort each tick.
    pub n_targets: usize,
    /// Days of the campaign in each of its ticks, from `start` (fewer than
    /// `tick_days` where the campaign or the calendar ends inside a tick).
    pub steady_days: Vec<f64>,
    /// [`CampaignPlan::steady_decay`] for the days of each tick, from `start`.
    pub steady_decays: Vec<f64>,
    pub tactics: Vec<TacticPlan>,
    /// `tactics_on[t]`: the tactics that deliver on tick t, in the
    /// campaign's order (built by [`CampaignPlan::index_tactics`]).
    pub tactics_on: Vec<Vec<usize>>,
}

impl CampaignPlan {
    /// Index the tactics by the ticks they deliver on.
    pub fn index_tactics(&mut self) {
        let last = self.tactics.iter().map(|t| t.end + 1).max().unwrap_or(0);
        self.tactics_on = vec![Vec::new(); last];
        for (index, t) in self.tactics.iter().enumerate() {
            for day in &mut self.tactics_on[t.start..=t.end] {
                day.push(index);
            }
        }
    }

    /// The tactics that deliver on `tick`, in the campaign's order.
    pub fn tactics_on(&self, tick: usize) -> &[usize] {
        self.tactics_on.get(tick).map_or(&[], Vec::as_slice)
    }

    /// The decay of the steady effort on `tick` (a tick of the campaign's window):
    /// the budget is paid for the campaign's days in the tick only.
    pub fn steady_decay_on(&self, tick: usize) -> f64 {
        tick.checked_sub(self.start)
            .and_then(|k| self.steady_decays.get(k))
            .copied()
            .unwrap_or(self.steady_decay)
    }

    /// Whether the campaign's steady effort or one of its tactics acts on `tick`.
    pub fn acts_on(&self, tick: usize) -> bool {
        (self.start..=self.end).contains(&tick) || !self.tactics_on(tick).is_empty()
    }
}

/// Whom a campaign's steady effort goes to.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Fixed(Vec<usize>),
    /// The `count` states of `among` nearest to indifference, chosen each tick.
    Swing {
        among: Vec<usize>,
        count: usize,
    },
}

#[derive(Debug, Clone)]
pub struct TacticPlan {
    pub start: usize,
    pub end: usize,
    pub targets: Vec<usize>,
    /// Effort units per target per tick while the tactic lasts.
    pub effort_per_tick: f64,
    /// Chance per target and tick that the effort pushes the target away.
    pub backfire: f64,
    /// `exp(-effort_per_tick / saturation)` of the tactic's campaign.
    pub decay: f64,
}

/// The selections behind the numbers that a run may draw.
#[derive(Debug, Clone, Default)]
pub struct NumberSources {
    /// Per prior term: its states and candidate.
    pub prior_terms: Vec<(Vec<usize>, usize)>,
    /// Per shock: its states and candidate.
    pub shocks: Vec<(Vec<usize>, usize)>,
    /// Per state: its own attendance and stubbornness, if it has them.
    pub own_attendance: Vec<Option<f64>>,
    pub own_stubbornness: Vec<Option<f64>>,
    /// `[attendance, blank]`: whether the propensity is given, and its terms' states.
    pub propensity: [Option<Vec<Vec<usize>>>; 2],
    /// Per campaign: how many states share its steady effort.
    pub campaign_targets: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct EventPlan {
    /// Index of the event in the scenario.
    pub index: usize,
    pub tick: usize,
    pub persistent: bool,
    pub effects: Vec<EventEffect>,
}

/// One effect of an event: `shift` added to the utility of `candidate` in
/// each of `states`.
#[derive(Debug, Clone, PartialEq)]
pub struct EventEffect {
    /// The targeted member states, sorted.
    pub states: Vec<usize>,
    pub candidate: usize,
    /// The shift of this run (set by [`Plan::apply`]).
    pub shift: f64,
}

/// The calendar in ticks: tick `t` covers the `tick_days` days from
/// `start + t * tick_days` (day indices from the start), the last one ending
/// on the ballot day.
#[derive(Debug, Clone, Copy)]
struct Ticks {
    start: NaiveDate,
    ballot: NaiveDate,
    tick_days: i64,
    /// Day index of the ballot.
    ballot_day: i64,
    /// The last tick, the ballot's.
    ticks: usize,
}

impl Ticks {
    fn of(cal: &Calendar) -> Ticks {
        let mut t = Ticks {
            start: cal.start,
            ballot: cal.ballot,
            tick_days: i64::from(cal.tick_days.max(1)),
            ballot_day: 0,
            ticks: 0,
        };
        t.ballot_day = t.day_of(cal.ballot);
        t.ticks = t.tick_of(cal.ballot);
        t
    }

    /// The tick that holds date `d` (tick 0 for dates before the start).
    fn tick_of(&self, d: NaiveDate) -> usize {
        (self.day_of(d).max(0) / self.tick_days) as usize
    }

    /// The day index of date `d`.
    fn day_of(&self, d: NaiveDate) -> i64 {
        (d - self.start).num_days()
    }

    /// Days of `[first, last]` (day indices) that fall in tick t, which ends at the ballot.
    fn days_in_tick(&self, t: usize, first: i64, last: i64) -> f64 {
        let lo = t as i64 * self.tick_days;
        let hi = (lo + self.tick_days - 1).min(self.ballot_day);
        (last.min(hi) - first.max(lo) + 1).max(0) as f64
    }

    /// The date of each tick: its last day, the ballot's for the last tick,
    /// so that no change is dated before the event that caused it.
    fn dates(&self) -> Vec<NaiveDate> {
        (0..=self.ticks)
            .map(|t| {
                let last_day = (t as u64 + 1) * self.tick_days as u64 - 1;
                (self.start + chrono::Days::new(last_day)).min(self.ballot)
            })
            .collect()
    }
}

/// The index of the candidate with this id (validation has checked it).
fn candidate_index(s: &Scenario, id: &str) -> usize {
    s.candidates.iter().position(|c| c.id == id).unwrap_or(0)
}

impl NumberSources {
    /// The selections of a validated scenario (`campaign_targets` set by [`Plan::with_numbers`]).
    fn new(s: &Scenario) -> NumberSources {
        let terms =
            |target: &Selector, candidate: &str| (select(s, target), candidate_index(s, candidate));
        NumberSources {
            prior_terms: s
                .prior
                .terms
                .iter()
                .map(|t| terms(&t.target, &t.candidate))
                .collect(),
            shocks: s
                .shocks
                .iter()
                .map(|t| terms(&t.target, &t.candidate))
                .collect(),
            own_attendance: s.states.iter().map(|m| m.attendance.map(|p| p.0)).collect(),
            own_stubbornness: s
                .states
                .iter()
                .map(|m| m.stubbornness.map(|p| p.0))
                .collect(),
            propensity: [&s.propensities.attendance, &s.propensities.blank].map(|p| {
                p.as_ref()
                    .map(|p| p.terms.iter().map(|t| select(s, &t.target)).collect())
            }),
            campaign_targets: Vec::new(),
        }
    }
}

impl CampaignPlan {
    /// A campaign of a validated scenario, at no strength and no budget
    /// until [`Plan::apply`] sets its numbers.
    fn new(s: &Scenario, c: &crate::scenario::Campaign, cal: &Ticks) -> CampaignPlan {
        let saturation = c.saturation.0;
        let target = match &c.target {
            Selector::Swing { among, count } => Target::Swing {
                among: select(s, among),
                count: *count as usize,
            },
            other => Target::Fixed(select(s, other)),
        };
        let n_targets = match &target {
            Target::Fixed(targets) => targets.len(),
            Target::Swing { among, count } => among.len().min(*count),
        };
        let (start, end) = (cal.tick_of(c.start), cal.tick_of(c.end));
        let mut plan = CampaignPlan {
            id: c.id.clone(),
            candidate: candidate_index(s, &c.candidate),
            start,
            end,
            budget_per_tick: 0.0,
            strength: 0.0,
            saturation,
            steady_decay: 1.0,
            n_targets,
            steady_days: (start..=end)
                .map(|t| cal.days_in_tick(t, cal.day_of(c.start), cal.day_of(c.end)))
                .collect(),
            steady_decays: Vec::new(),
            target,
            tactics: c
                .tactics
                .iter()
                .map(|t| TacticPlan::new(s, t, saturation, cal))
                .collect(),
            tactics_on: Vec::new(),
        };
        plan.index_tactics();
        plan
    }
}

impl TacticPlan {
    /// A tactic of a campaign with this saturation, its effort at the central value.
    fn new(s: &Scenario, t: &crate::scenario::Tactic, saturation: f64, cal: &Ticks) -> TacticPlan {
        let start = cal.tick_of(t.start);
        let end = cal.tick_of(t.end.unwrap_or(t.start)).max(start);
        let effort_per_tick = t.effort.central() / (end - start + 1) as f64;
        TacticPlan {
            start,
            end,
            targets: select(s, &t.target),
            effort_per_tick,
            backfire: match t.kind {
                TacticKind::Pressure { backfire } => backfire.0,
                _ => 0.0,
            },
            decay: (-effort_per_tick / saturation).exp(),
        }
    }
}

impl EventPlan {
    /// Event `index` of a validated scenario, its shifts at 0 until [`Plan::apply`].
    fn new(s: &Scenario, index: usize, e: &crate::scenario::Event, cal: &Ticks) -> EventPlan {
        EventPlan {
            index,
            tick: cal.tick_of(e.date),
            persistent: e.persistent,
            effects: e
                .effects
                .iter()
                .map(|eff| EventEffect {
                    states: select(s, &eff.target),
                    candidate: candidate_index(s, &eff.candidate),
                    shift: 0.0,
                })
                .collect(),
        }
    }
}

impl Plan {
    /// Compile a validated scenario, every number at its central value.
    pub fn new(s: &Scenario) -> Plan {
        Plan::with_numbers(s, Uncertainties::of(s).central())
    }

    /// Compile a validated scenario with these numbers.
    pub fn with_numbers(s: &Scenario, numbers: &Numbers) -> Plan {
        let k = s.candidates.len();
        let n = s.states.len();
        let cal = Ticks::of(&s.calendar);
        let campaigns = s
            .campaigns
            .iter()
            .map(|c| CampaignPlan::new(s, c, &cal))
            .collect();
        let mut events: Vec<EventPlan> = s
            .events
            .iter()
            .enumerate()
            .map(|(index, e)| EventPlan::new(s, index, e, &cal))
            .collect();
        events.sort_by_key(|e| e.tick);
        let blocs: Vec<(Vec<usize>, f64)> = s
            .blocs
            .iter()
            .map(|b| {
                let members = (0..n)
                    .filter(|&i| s.states[i].blocs.contains(&b.id))
                    .collect();
                (members, b.cohesion.central())
            })
            .collect();
        let peers = PeerWeights::new(n, &blocs);
        let mut plan = Plan {
            n_states: n,
            n_candidates: k,
            prior: vec![0.0; n * k],
            region_of: s
                .states
                .iter()
                .map(|m| s.regions.iter().position(|r| r.id == m.region).unwrap_or(0))
                .collect(),
            n_regions: s.regions.len(),
            voting_rights: s.states.iter().map(|m| m.voting_rights).collect(),
            attendance: vec![0.0; n],
            blank: vec![0.0; n],
            numbers: numbers.clone(),
            sources: NumberSources::new(s),
            pulls: vec![[NO_PULL; 2]; n],
            last_pulls: vec![[NO_PULL; 2]; n],
            last_tick_days: cal.days_in_tick(cal.ticks, 0, cal.ballot_day),
            blocs,
            peers,
            campaigns,
            events,
            ticks: cal.ticks,
            conference_tick: cal.tick_of(s.calendar.conference_start),
            tick_days: cal.tick_days as f64,
            dates: cal.dates(),
        };
        plan.sources.campaign_targets = plan.campaigns.iter().map(|c| c.n_targets).collect();
        plan.apply(numbers);
        plan
    }

    /// Set every number of the plan that a run may draw (docs/MODEL.md,
    /// "Uncertain numbers"): prior utilities with the shocks, event shifts,
    /// campaign strengths and budgets, attendance and blank propensities,
    /// and the per-tick influence weights.
    pub fn apply(&mut self, n: &Numbers) {
        let k = self.n_candidates;
        let src = &self.sources;
        self.prior.fill(0.0);
        for ((states, c), w) in src.prior_terms.iter().zip(&n.prior_weights) {
            for &i in states {
                self.prior[i * k + c] += w;
            }
        }
        for (g, (states, c)) in src.shocks.iter().enumerate() {
            let swing = n.shock(g);
            for &i in states {
                self.prior[i * k + c] += swing;
            }
        }
        for e in &mut self.events {
            for (j, effect) in e.effects.iter_mut().enumerate() {
                effect.shift = n.event_shifts[e.index][j];
            }
        }
        if self
            .blocs
            .iter()
            .map(|b| b.1)
            .ne(n.cohesions.iter().copied())
        {
            for (b, &cohesion) in self.blocs.iter_mut().zip(&n.cohesions) {
                b.1 = cohesion;
            }
            self.peers = PeerWeights::new(self.n_states, &self.blocs);
        }
        for (i, c) in self.campaigns.iter_mut().enumerate() {
            c.strength = n.strengths[i];
            c.budget_per_tick = n.budgets[i] * self.tick_days;
            let targets = src.campaign_targets[i].max(1) as f64;
            let saturation = c.saturation;
            let decay = |budget: f64| (-(budget / targets) / saturation).exp();
            c.steady_decay = decay(c.budget_per_tick);
            c.steady_decays.clear();
            c.steady_decays
                .extend(c.steady_days.iter().map(|&days| decay(n.budgets[i] * days)));
            for (t, &effort) in c.tactics.iter_mut().zip(&n.efforts[i]) {
                // The tactic's effort is spread evenly over its ticks.
                t.effort_per_tick = effort / (t.end - t.start + 1) as f64;
                t.decay = (-t.effort_per_tick / saturation).exp();
            }
        }
        let [attendance, abstention] = [n.param("attendance"), n.param("abstention")];
        for i in 0..self.n_states {
            let base = [src.own_attendance[i].unwrap_or(attendance), abstention];
            let p = std::array::from_fn::<f64, 2, _>(|kind| match &src.propensity[kind] {
                None => base[kind],
                Some(terms) => propensity(
                    base[kind],
                    terms
                        .iter()
                        .zip(&n.propensity_weights[kind])
                        .filter(|(states, _)| states.binary_search(&i).is_ok())
                        .map(|(_, w)| w)
                        .sum::<f64>()
                        + n.propensity_spreads[kind]
                            * n.propensity_z[kind].get(i).copied().unwrap_or(0.0),
                ),
            });
            self.attendance[i] = p[0];
            self.blank[i] = p[1];
            let stubbornness = src.own_stubbornness[i].unwrap_or(n.param("stubbornness"));
            let pulls = |days: f64| {
                [
                    n.param("peer_influence"),
                    n.param("conference_peer_influence"),
                ]
                .map(|l| {
                    let (stubbornness, peers) = pull_per_tick(stubbornness, l, days as u32);
                    Pull {
                        stubbornness,
                        peers,
                    }
                })
            };
            self.pulls[i] = pulls(self.tick_days);
            self.last_pulls[i] = pulls(self.last_tick_days);
        }
        self.numbers.clone_from(n);
    }
}

/// A propensity from its base probability and a shift on the logit scale:
/// `logistic(logit(base) + shift)`; a base of exactly 0 or 1 stays put.
pub fn propensity(base: f64, shift: f64) -> f64 {
    if base <= 0.0 || base >= 1.0 || shift == 0.0 {
        base
    } else {
        logistic(logit(base) + shift)
    }
}

/// The weights of a state's peers' mean (docs/MODEL.md, "Influence"): for
/// state i, one term `(bloc, w_b / (n_b - 1) / W_i)` per bloc b it belongs to
/// that has other members and a positive cohesion `w_b`, where `n_b` is the
/// bloc's size and `W_i` the sum of those blocs' cohesions. A state with no
/// such bloc has no terms: it is its own peer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeerWeights {
    /// Terms of state i: `terms[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<usize>,
    terms: Vec<(usize, f64)>,
}

impl PeerWeights {
    /// The weights for `n` states and these blocs (members, cohesion).
    pub fn new(n: usize, blocs: &[(Vec<usize>, f64)]) -> PeerWeights {
        let mut of_state: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (b, (members, cohesion)) in blocs.iter().enumerate() {
            if members.len() >= 2 && *cohesion > 0.0 {
                for &i in members {
                    of_state[i].push(b);
                }
            }
        }
        let mut weights = PeerWeights {
            offsets: vec![0],
            terms: Vec::new(),
        };
        for blocs_of_i in &of_state {
            let total: f64 = blocs_of_i.iter().map(|&b| blocs[b].1).sum();
            weights.terms.extend(blocs_of_i.iter().map(|&b| {
                let (members, cohesion) = &blocs[b];
                (b, cohesion / (members.len() - 1) as f64 / total)
            }));
            weights.offsets.push(weights.terms.len());
        }
        weights
    }

    /// State i's terms `(bloc, weight)`; empty if it has no peers.
    pub fn of(&self, i: usize) -> &[(usize, f64)] {
        &self.terms[self.offsets[i]..self.offsets[i + 1]]
    }

    /// The number of states.
    pub fn states(&self) -> usize {
        self.offsets.len() - 1
    }
}

/// The member states a selector picks, as sorted indices.
pub fn select(s: &Scenario, sel: &Selector) -> Vec<usize> {
    (0..s.states.len())
        .filter(|&i| selects(s, sel, i))
        .collect()
}

fn selects(s: &Scenario, sel: &Selector, i: usize) -> bool {
    let m = &s.states[i];
    match sel {
        Selector::All => true,
        Selector::States(codes) => codes.contains(&m.code),
        Selector::Regions(ids) => ids.contains(&m.region),
        Selector::Blocs(ids) => ids.iter().any(|b| m.blocs.contains(b)),
        Selector::Feature { name, values } => m
            .features
            .get(name)
            .is_some_and(|v| values.iter().any(|x| x == v)),
        Selector::AllOf(list) => list.iter().all(|x| selects(s, x, i)),
        Selector::AnyOf(list) => list.iter().any(|x| selects(s, x, i)),
        Selector::Not(inner) => !selects(s, inner, i),
        Selector::Swing { among, .. } => selects(s, among, i),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// The index of tactics by tick lists, for every tick, exactly the
        /// tactics whose window contains it, in the campaign's order.
        #[test]
        fn tactics_are_indexed_by_the_ticks_they_deliver_on(
            windows in proptest::collection::vec((0usize..40, 0usize..10), 0..12),
            steady in (0usize..40, 0usize..40),
        ) {
            let mut c = CampaignPlan {
                id: "c".into(),
                candidate: 0,
                start: steady.0,
                end: steady.1,
                budget_per_tick: 1.0,
                n_targets: 1,
                steady_days: Vec::new(),
                steady_decays: Vec::new(),
                strength: 1.0,
                saturation: 1.0,
                steady_decay: 0.5,
                target: Target::Fixed(vec![0]),
                tactics: windows
                    .iter()
                    .map(|&(start, days)| TacticPlan {
                        start,
                        end: start + days,
                        targets: vec![0],
                        effort_per_tick: 1.0,
                        backfire: 0.0,
                        decay: 0.5,
                    })
                    .collect(),
                tactics_on: vec![],
            };
            c.index_tactics();
            for tick in 0..60 {
                let expected: Vec<usize> = (0..c.tactics.len())
                    .filter(|&j| (c.tactics[j].start..=c.tactics[j].end).contains(&tick))
                    .collect();
                proptest::prop_assert_eq!(c.tactics_on(tick), expected.as_slice());
                proptest::prop_assert_eq!(
                    c.acts_on(tick),
                    (c.start..=c.end).contains(&tick) || !expected.is_empty()
                );
            }
        }
    }

    #[test]
    fn ticks_of_a_week_are_dated_at_their_last_day() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios/classroom/three_candidates.ron");
        let mut s = crate::scenario::load(&path).expect("bundled").scenario;
        let daily = Plan::new(&s);
        s.calendar.tick_days = 7;
        let weekly = Plan::new(&s);
        let (start, ballot) = (s.calendar.start, s.calendar.ballot);
        // 2030-01-01 to 2030-06-20 is 170 days: ticks 0 to 24, the last one
        // holding the ballot day.
        assert_eq!(daily.ticks, 170);
        assert_eq!(weekly.ticks, 24);
        assert_eq!(daily.dates[0], start);
        assert_eq!(weekly.dates[0], start + chrono::Days::new(6));
        assert_eq!(weekly.dates.last(), Some(&ballot));
        assert_eq!(daily.dates.last(), Some(&ballot));
        // Every event falls in a tick dated on or after it, less than a week later.
        for (e, planned) in s.events.iter().zip(&weekly.events) {
            let dated = weekly.dates[planned.tick];
            assert!(
                dated >= e.date && (dated - e.date).num_days() < 7,
                "{}",
                e.id
            );
        }
        // A day's budget is spent seven times over in a week.
        for (d, w) in daily.campaigns.iter().zip(&weekly.campaigns) {
            assert_eq!(w.budget_per_tick, 7.0 * d.budget_per_tick);
        }
    }

    #[test]
    fn peer_weights_of_a_state_sum_to_one_over_its_peers() {
        // State 0 in blocs of 3 (cohesion 1) and 2 (cohesion 3) members:
        // weights 1 / 2 / 4 and 3 / 1 / 4; each weight times the number of
        // other members sums to 1.
        let blocs = vec![(vec![0, 1, 2], 1.0), (vec![0, 3], 3.0)];
        let w = PeerWeights::new(4, &blocs);
        assert_eq!(w.of(0), &[(0, 0.125), (1, 0.75)]);
        let total: f64 = w
            .of(0)
            .iter()
            .map(|&(b, x)| x * (blocs[b].0.len() - 1) as f64)
            .sum();
        assert_eq!(total, 1.0);
        assert_eq!(w.of(3), &[(1, 1.0)]);
    }

    use crate::scenario::synthetic::benchmark_scenario;

    /// A scenario of `days` days, ballot on the last, one campaign from day
    /// `first` to day `last` (day indices from the start).
    fn weekly(days: u64, first: u64, last: u64, tick_days: u32) -> Scenario {
        let mut s = benchmark_scenario(12, 60);
        let start = s.calendar.start;
        s.calendar.ballot = start + chrono::Days::new(days - 1);
        s.calendar.conference_start = s.calendar.ballot;
        s.calendar.conference_end = s.calendar.ballot;
        s.calendar.tick_days = tick_days;
        s.events.clear();
        s.campaigns.truncate(1);
        let c = &mut s.campaigns[0];
        c.start = start + chrono::Days::new(first);
        c.end = start + chrono::Days::new(last);
        c.tactics.clear();
        s
    }

    #[test]
    fn a_campaign_pays_its_budget_for_its_own_days_whatever_the_ticks() {
        for (days, first, last) in [(31, 2, 4), (31, 5, 9), (31, 0, 30), (30, 26, 29)] {
            let daily = Plan::new(&weekly(days, first, last, 1));
            let total = |p: &Plan| {
                let c = &p.campaigns[0];
                (c.start..=c.end)
                    .map(|t| c.steady_decay_on(t).ln())
                    .sum::<f64>()
            };
            for tick_days in [2, 7] {
                let plan = Plan::new(&weekly(days, first, last, tick_days));
                let c = &plan.campaigns[0];
                assert_eq!(c.steady_days.iter().sum::<f64>(), (last - first + 1) as f64);
                // The same total effort: the product of the decays is the same.
                assert!(
                    (total(&plan) - total(&daily)).abs() < 1e-9,
                    "{tick_days}-day ticks, days {first}..={last}"
                );
            }
        }
    }

    #[test]
    fn the_last_tick_ends_on_the_ballot_day() {
        // 31 days in weekly ticks: four full weeks and three days.
        let plan = Plan::new(&weekly(31, 0, 30, 7));
        assert_eq!(plan.ticks, 4);
        assert_eq!(plan.last_tick_days, 3.0);
        let (s, l) = (
            plan.numbers.param("stubbornness"),
            plan.numbers.param("peer_influence"),
        );
        let (s3, l3) = pull_per_tick(s, l, 3);
        assert_eq!(
            plan.last_pulls[0][0],
            Pull {
                stubbornness: s3,
                peers: l3
            }
        );
        assert_ne!(plan.pulls[0][0], plan.last_pulls[0][0]);
        let p = crate::model::resources::ModelParams::new(&plan.numbers, 7.0, plan.last_tick_days);
        assert!((p.noise_last_tick - plan.numbers.param("noise") * 3f64.sqrt()).abs() < 1e-15);
        // 28 days: the last tick is a full week.
        assert_eq!(Plan::new(&weekly(28, 0, 27, 7)).last_tick_days, 7.0);
    }

    #[test]
    fn the_conference_starts_with_the_tick_that_holds_its_first_day() {
        let mut s = weekly(31, 0, 30, 7);
        s.calendar.conference_start = s.calendar.start + chrono::Days::new(17);
        let plan = Plan::new(&s);
        // Days 14..=20 form tick 2: the conference pull and arrivals act from day 14.
        assert_eq!(plan.conference_tick, 2);
    }
}
