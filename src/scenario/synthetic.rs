//! Synthetic scenarios of any size, for benchmarks and scaling tests.
//!
//! [`synthetic_scenario`] builds a valid [`Scenario`] with the structure of a
//! real election in an international body: five regions of unequal size,
//! observable features, blocs of varied sizes (each state in one to three),
//! candidates nominated from different regions, campaigns with fixed and
//! `Swing` targets and a few tactics (pressure among them), dated events, and
//! a conference in the last week before the ballot. The numbers are drawn
//! from a seeded generator, so the same arguments always give the same
//! scenario; none of them describes a real body, and every one is marked
//! `Assumption("synthetic benchmark scenario")`. Units are those of
//! [`super::types`]: dimensionless utilities, effort units, ISO dates.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

use super::numbers::{NonNegative, Probability};
use super::rules::BallotRules;
use super::types::*;

/// The basis every number of a synthetic scenario carries.
pub const SYNTHETIC_BASIS: &str = "synthetic benchmark scenario";

/// The synthetic scenario the benchmarks use for `states` states over `days`
/// days: one bloc per 16 states (at least 5), 8 campaigns, 2 candidates, seed 1.
pub fn benchmark_scenario(states: usize, days: u32) -> Scenario {
    synthetic_scenario(states, default_blocs(states), 8, days, 2, 1)
}

/// One bloc per 16 states, at least 5 (about the density of the real ITU's blocs).
pub fn default_blocs(states: usize) -> usize {
    (states / 16).max(5)
}

/// The five regions, with their share of the member states (the ITU's
/// administrative regions and roughly their sizes).
const REGIONS: [(&str, &str, f64); 5] = [
    ("A", "Americas", 35.0),
    ("B", "Western Europe", 33.0),
    ("C", "Eastern Europe and Northern Asia", 21.0),
    ("D", "Africa", 54.0),
    ("E", "Asia and Australasia", 50.0),
];

/// First simulated day of every synthetic scenario.
fn start_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2030, 1, 1).expect("a valid date")
}

fn basis() -> Basis {
    Basis::Assumption(SYNTHETIC_BASIS.to_string())
}

/// A valid scenario with `states` member states, `blocs` blocs, `campaigns`
/// campaigns and `candidates` candidates, simulated over `days` days (at
/// least one) before the ballot, with numbers drawn from `seed`.
///
/// Zero states or candidates are raised to one, so that the result always
/// validates. States are coded `S0001`, `S0002` ...; blocs `BL01` ...;
/// candidates `C1`, `C2` ...
pub fn synthetic_scenario(
    states: usize,
    blocs: usize,
    campaigns: usize,
    days: u32,
    candidates: usize,
    seed: u64,
) -> Scenario {
    let n = states.max(1);
    let k = candidates.max(1);
    let days = days.max(1);
    let mut g = Generator {
        rng: Pcg64Mcg::seed_from_u64(seed),
        start: start_date(),
        ballot: start_date() + Days::new(u64::from(days)),
        days,
    };
    let regions: Vec<Region> = REGIONS
        .iter()
        .map(|(id, name, _)| Region {
            id: (*id).to_string(),
            name: (*name).to_string(),
        })
        .collect();
    let region_of = region_sizes(n)
        .into_iter()
        .enumerate()
        .flat_map(|(r, size)| std::iter::repeat_n(r, size))
        .collect::<Vec<usize>>();
    let bloc_list = g.blocs(blocs);
    let member_states = g.states(&region_of, blocs);
    // Candidates come from different regions in turn; the first state of a
    // region not yet used nominates.
    let candidate_list: Vec<Candidate> = (0..k)
        .map(|c| {
            let region = c % REGIONS.len();
            let nominee = nominating_state(&region_of, region, c / REGIONS.len());
            Candidate {
                id: format!("C{}", c + 1),
                name: format!("Candidate {}", c + 1),
                nominated_by: member_states[nominee].code.clone(),
                colour: None,
                post: None,
            }
        })
        .collect();
    let prior = g.prior(&candidate_list, &member_states, blocs);
    let campaign_list = (0..campaigns)
        .map(|j| g.campaign(j, &candidate_list, &member_states, blocs))
        .collect();
    let events = g.events(&candidate_list, blocs);
    let ballot = g.ballot;
    Scenario {
        version: ONE_POST_VERSION,
        posts: Vec::new(),
        deals: Vec::new(),
        after_results: Vec::new(),
        meta: Meta {
            name: format!("synthetic-{n}x{days}"),
            title: format!("Synthetic scenario: {n} states, {days} days"),
            description: format!(
                "Generated for benchmarks: {n} states, {blocs} blocs, {campaigns} campaigns, \
                 {k} candidates, {days} days, seed {seed}. Describes no real body."
            ),
            sources: Vec::new(),
        },
        calendar: Calendar {
            start: g.start,
            ballot,
            // The delegations meet in the last week before the ballot, and
            // the conference goes on for two weeks after it.
            conference_start: ballot - Days::new(u64::from(days.min(6))),
            conference_end: ballot + Days::new(14),
            tick_days: 1,
        },
        regions,
        features: features(),
        blocs: bloc_list,
        candidates: candidate_list,
        states: member_states,
        prior,
        campaigns: campaign_list,
        events,
        params: params(),
        ballot: BallotRules {
            basis: basis(),
            ..BallotRules::default()
        },
        shocks: Vec::new(),
        propensities: Propensities::default(),
        limits: Limits { max_work: u64::MAX },
        observed: None,
    }
}

/// The states per region, in region order, adding up to `n`: proportional
/// to the regions' shares, remainders to the largest fractions.
fn region_sizes(n: usize) -> Vec<usize> {
    let total: f64 = REGIONS.iter().map(|r| r.2).sum();
    let exact: Vec<f64> = REGIONS.iter().map(|r| n as f64 * r.2 / total).collect();
    let mut sizes: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut order: Vec<usize> = (0..REGIONS.len()).collect();
    order.sort_by(|&a, &b| {
        let fa = exact[a] - exact[a].floor();
        let fb = exact[b] - exact[b].floor();
        fb.total_cmp(&fa).then(a.cmp(&b))
    });
    let missing = n - sizes.iter().sum::<usize>();
    for &r in order.iter().take(missing) {
        sizes[r] += 1;
    }
    sizes
}

/// The `nth` state of `region`, or of the whole list when the region is too small.
fn nominating_state(region_of: &[usize], region: usize, nth: usize) -> usize {
    let in_region: Vec<usize> = (0..region_of.len())
        .filter(|&i| region_of[i] == region)
        .collect();
    match in_region.get(nth) {
        Some(&i) => i,
        None => (region * 7 + nth) % region_of.len(),
    }
}

fn state_code(i: usize) -> String {
    format!("S{:04}", i + 1)
}

fn bloc_id(b: usize) -> String {
    format!("BL{:02}", b + 1)
}

/// Observable features: a UN vote and an income group.
fn features() -> Vec<Feature> {
    vec![
        Feature {
            id: "un_vote".to_string(),
            description: "Vote on a (synthetic) UN General Assembly resolution".to_string(),
            values: ["yes", "no", "abstain", "unknown"]
                .map(String::from)
                .to_vec(),
            basis: basis(),
        },
        Feature {
            id: "income".to_string(),
            description: "Income group".to_string(),
            values: ["high", "middle", "low"].map(String::from).to_vec(),
            basis: basis(),
        },
    ]
}

/// Every parameter at its default, each marked as a synthetic assumption.
fn params() -> Params {
    Params {
        basis: Params::NAMES
            .iter()
            .map(|name| (name.to_string(), basis()))
            .collect(),
        ..Params::default()
    }
}

/// The seeded source of a scenario's numbers.
struct Generator {
    rng: Pcg64Mcg,
    start: NaiveDate,
    ballot: NaiveDate,
    days: u32,
}

impl Generator {
    /// A date `day` days after the start, kept inside the calendar.
    fn date(&self, day: u32) -> NaiveDate {
        self.start + Days::new(u64::from(day.min(self.days)))
    }

    /// A uniform draw in `[lo, hi)`, rounded to two decimals so that files stay readable.
    fn number(&mut self, lo: f64, hi: f64) -> f64 {
        (self.rng.random_range(lo..hi) * 100.0).round() / 100.0
    }

    /// Index in `0..weights.len()` with probability proportional to the weight.
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.rng.random_range(0.0..total);
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// Blocs with varied cohesion; bloc `b` has its home in region `b % 5`.
    fn blocs(&mut self, count: usize) -> Vec<Bloc> {
        (0..count)
            .map(|b| Bloc {
                id: bloc_id(b),
                name: format!("Bloc {} (region {})", b + 1, REGIONS[b % REGIONS.len()].0),
                cohesion: NonNegative(self.number(0.5, 2.0)).into(),
                basis: basis(),
            })
            .collect()
    }

    /// Member states in region order. Each belongs to one to three blocs:
    /// first a bloc of its own region (lower-numbered blocs are larger), then
    /// possibly cross-regional ones.
    fn states(&mut self, region_of: &[usize], blocs: usize) -> Vec<MemberState> {
        // Zipf-like sizes: bloc b draws members with weight 1 / (1 + b / 5).
        let weight = |b: usize| 1.0 / (1.0 + (b / REGIONS.len()) as f64);
        let all_weights: Vec<f64> = (0..blocs).map(weight).collect();
        region_of
            .iter()
            .enumerate()
            .map(|(i, &region)| {
                let mut mine = Vec::new();
                if blocs > 0 {
                    let home: Vec<usize> =
                        (0..blocs).filter(|b| b % REGIONS.len() == region).collect();
                    let first = if home.is_empty() {
                        self.weighted(&all_weights)
                    } else {
                        let w: Vec<f64> = home.iter().map(|&b| weight(b)).collect();
                        home[self.weighted(&w)]
                    };
                    mine.push(first);
                    let extra = match self.rng.random_range(0..10) {
                        0..5 => 0,
                        5..8 => 1,
                        _ => 2,
                    };
                    for _ in 0..extra.min(blocs - 1) {
                        let b = self.weighted(&all_weights);
                        if !mine.contains(&b) {
                            mine.push(b);
                        }
                    }
                    mine.sort_unstable();
                }
                let un_vote =
                    ["yes", "yes", "yes", "no", "abstain", "unknown"][self.rng.random_range(0..6)];
                let income = ["high", "middle", "middle", "low"][self.rng.random_range(0..4)];
                let features = BTreeMap::from([
                    ("income".to_string(), income.to_string()),
                    ("un_vote".to_string(), un_vote.to_string()),
                ]);
                // About 3% in arrears, a tenth with their own attendance or stubbornness.
                let voting_rights = self.rng.random_range(0..100) >= 3;
                let attendance = (self.rng.random_range(0..10) == 0)
                    .then(|| Probability(self.number(0.7, 0.99)));
                let stubbornness = (self.rng.random_range(0..10) == 0)
                    .then(|| Probability(self.number(0.01, 0.2)));
                MemberState {
                    code: state_code(i),
                    name: format!("State {} ({})", i + 1, REGIONS[region].1),
                    region: REGIONS[region].0.to_string(),
                    blocs: mine.into_iter().map(bloc_id).collect(),
                    features,
                    voting_rights,
                    attendance,
                    stubbornness,
                    note: String::new(),
                }
            })
            .collect()
    }

    /// Regional loyalty, home states, a feature split and bloc leanings.
    fn prior(&mut self, candidates: &[Candidate], states: &[MemberState], blocs: usize) -> Prior {
        let mut terms = Vec::new();
        let region_of_code = |code: &str| {
            states
                .iter()
                .find(|m| m.code == code)
                .map_or_else(String::new, |m| m.region.clone())
        };
        for c in candidates {
            terms.push(PriorTerm {
                id: None,
                label: format!("regional loyalty to {}", c.id),
                target: Selector::Regions(vec![region_of_code(&c.nominated_by)]),
                candidate: c.id.clone(),
                weight: self.number(0.5, 1.5).into(),
                basis: basis(),
            });
            terms.push(PriorTerm {
                id: None,
                label: format!("home state of {}", c.id),
                target: Selector::States(vec![c.nominated_by.clone()]),
                candidate: c.id.clone(),
                weight: 3.0.into(),
                basis: basis(),
            });
        }
        let last = candidates.len() - 1;
        terms.push(PriorTerm {
            id: None,
            label: "voted yes at the UN".to_string(),
            target: Selector::Feature {
                name: "un_vote".to_string(),
                values: vec!["yes".to_string()],
            },
            candidate: candidates[0].id.clone(),
            weight: self.number(0.3, 1.0).into(),
            basis: basis(),
        });
        terms.push(PriorTerm {
            id: None,
            label: "voted no at the UN".to_string(),
            target: Selector::Feature {
                name: "un_vote".to_string(),
                values: vec!["no".to_string()],
            },
            candidate: candidates[last].id.clone(),
            weight: self.number(0.3, 1.0).into(),
            basis: basis(),
        });
        for b in 0..blocs {
            let c = self.rng.random_range(0..candidates.len());
            terms.push(PriorTerm {
                id: None,
                label: format!("{} leans to {}", bloc_id(b), candidates[c].id),
                target: Selector::Blocs(vec![bloc_id(b)]),
                candidate: candidates[c].id.clone(),
                weight: self.number(-0.3, 0.6).into(),
                basis: basis(),
            });
        }
        Prior { terms }
    }

    /// Campaign `j`, for candidate `j % k`, sponsored by its nominating state.
    /// Even campaigns court swing states outside the home region; odd ones
    /// work a region or a bloc. Each has one to three tactics, one of them
    /// pressure on every third campaign.
    fn campaign(
        &mut self,
        j: usize,
        candidates: &[Candidate],
        states: &[MemberState],
        blocs: usize,
    ) -> Campaign {
        let candidate = &candidates[j % candidates.len()];
        let home = states
            .iter()
            .find(|m| m.code == candidate.nominated_by)
            .map_or_else(|| REGIONS[0].0.to_string(), |m| m.region.clone());
        let first_day = self.rng.random_range(0..=self.days / 2);
        let last_day = self.days.saturating_sub(1).max(first_day);
        let target = if j.is_multiple_of(2) {
            Selector::Swing {
                among: Box::new(Selector::Not(Box::new(Selector::Regions(vec![home])))),
                count: (states.len() / 20).max(1) as u32,
            }
        } else if blocs > 0 && j % 4 == 1 {
            Selector::Blocs(vec![bloc_id(self.rng.random_range(0..blocs))])
        } else {
            Selector::Regions(vec![
                REGIONS[self.rng.random_range(0..REGIONS.len())]
                    .0
                    .to_string(),
            ])
        };
        let n_tactics = 1 + j % 3;
        let tactics = (0..n_tactics)
            .map(|t| self.tactic(j, t, first_day, last_day, states, blocs))
            .collect();
        Campaign {
            id: format!("campaign-{:02}", j + 1),
            name: format!("Campaign {} for {}", j + 1, candidate.id),
            sponsor: candidate.nominated_by.clone(),
            candidate: candidate.id.clone(),
            start: self.date(first_day),
            end: self.date(last_day),
            budget: NonNegative(self.number(0.5, 2.0)).into(),
            strength: self.number(0.3, 1.0).into(),
            saturation: NonNegative(self.number(10.0, 30.0)),
            target,
            tactics,
            basis: basis(),
        }
    }

    /// Tactic `t` of campaign `j`, inside the campaign's days.
    fn tactic(
        &mut self,
        j: usize,
        t: usize,
        first_day: u32,
        last_day: u32,
        states: &[MemberState],
        blocs: usize,
    ) -> Tactic {
        let day = self.rng.random_range(first_day..=last_day);
        let some_states = |g: &mut Generator, count: usize| {
            let mut picked: Vec<String> = (0..count)
                .map(|_| state_code(g.rng.random_range(0..states.len())))
                .collect();
            picked.sort();
            picked.dedup();
            picked
        };
        let pressure = j.is_multiple_of(3) && t == 0;
        let (kind, label, end, target) = if pressure {
            let backfire = Probability(self.number(0.1, 0.5));
            (
                TacticKind::Pressure { backfire },
                "pressure".to_string(),
                None,
                Selector::States(some_states(self, 3)),
            )
        } else {
            match t % 3 {
                0 => (
                    TacticKind::EnvoyVisit,
                    "envoy visits".to_string(),
                    None,
                    Selector::States(some_states(self, 2)),
                ),
                1 if blocs > 0 => (
                    TacticKind::Summit,
                    "summit".to_string(),
                    Some(self.date((day + 2).min(last_day))),
                    Selector::Blocs(vec![bloc_id(self.rng.random_range(0..blocs))]),
                ),
                _ => (
                    TacticKind::FinancePledge,
                    "finance pledge".to_string(),
                    None,
                    Selector::Regions(vec![
                        REGIONS[self.rng.random_range(0..REGIONS.len())]
                            .0
                            .to_string(),
                    ]),
                ),
            }
        };
        Tactic {
            kind,
            label,
            start: self.date(day),
            end,
            target,
            effort: NonNegative(self.number(2.0, 12.0)).into(),
            basis: basis(),
        }
    }

    /// About one event per 60 days (at least one): endorsements, shocks to
    /// a region, and scandals that cost a candidate support everywhere.
    fn events(&mut self, candidates: &[Candidate], blocs: usize) -> Vec<Event> {
        let count = (self.days / 60).max(1);
        (0..count)
            .map(|e| {
                let day = self.rng.random_range(1..=self.days);
                let c = &candidates[self.rng.random_range(0..candidates.len())];
                let (label, target, shift, persistent) = match e % 3 {
                    0 if blocs > 0 => (
                        "bloc endorsement",
                        Selector::Blocs(vec![bloc_id(self.rng.random_range(0..blocs))]),
                        self.number(0.2, 0.8),
                        true,
                    ),
                    1 => (
                        "regional shock",
                        Selector::Regions(vec![
                            REGIONS[self.rng.random_range(0..REGIONS.len())]
                                .0
                                .to_string(),
                        ]),
                        self.number(-0.6, 0.6),
                        false,
                    ),
                    _ => ("scandal", Selector::All, -self.number(0.1, 0.5), true),
                };
                Event {
                    id: format!("event-{:02}", e + 1),
                    date: self.date(day),
                    label: format!("{label} ({})", c.id),
                    effects: vec![EventEffect {
                        target,
                        candidate: c.id.clone(),
                        shift: shift.into(),
                    }],
                    persistent,
                    basis: basis(),
                }
            })
            .collect()
    }
}

/// The scenario as RON text in the scenario file format (what
/// `scenario::load` reads back to an equal [`Scenario`]).
pub fn to_ron(s: &Scenario) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::default()
        .struct_names(false)
        .depth_limit(3);
    ron::ser::to_string_pretty(s, config).map(|body| format!("Scenario{body}\n"))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::path::Path;

    use super::*;
    use crate::scenario::{load_str, validate::validate};

    fn assert_valid(s: &Scenario) {
        let problems = validate(s, &HashSet::new());
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn scenarios_of_several_sizes_validate() {
        for (states, blocs, campaigns, days, candidates) in [
            (1, 0, 0, 1, 1),
            (3, 1, 1, 5, 2),
            (12, 3, 2, 30, 3),
            (193, 15, 8, 270, 2),
            (1000, 60, 12, 100, 4),
        ] {
            let s = synthetic_scenario(states, blocs, campaigns, days, candidates, 7);
            assert_valid(&s);
            assert_eq!(s.states.len(), states);
            assert_eq!(s.blocs.len(), blocs);
            assert_eq!(s.campaigns.len(), campaigns);
            assert_eq!(s.candidates.len(), candidates);
            assert_eq!(
                (s.calendar.ballot - s.calendar.start).num_days(),
                i64::from(days)
            );
        }
    }

    #[test]
    fn zero_sizes_are_raised_to_a_valid_scenario() {
        let s = synthetic_scenario(0, 0, 0, 0, 0, 1);
        assert_valid(&s);
        assert_eq!((s.states.len(), s.candidates.len()), (1, 1));
    }

    #[test]
    fn same_arguments_same_scenario() {
        let a = synthetic_scenario(193, 12, 8, 270, 2, 42);
        assert_eq!(a, synthetic_scenario(193, 12, 8, 270, 2, 42));
        assert_ne!(a, synthetic_scenario(193, 12, 8, 270, 2, 43));
    }

    #[test]
    fn structure_is_realistic() {
        let s = synthetic_scenario(193, 12, 8, 270, 2, 3);
        // Five regions, each with members; states in one to three blocs.
        for r in &s.regions {
            assert!(
                s.states.iter().any(|m| m.region == r.id),
                "region {} is empty",
                r.id
            );
        }
        assert_eq!(s.regions.len(), 5);
        assert!(s.states.iter().all(|m| (1..=3).contains(&m.blocs.len())));
        assert!(s.states.iter().any(|m| m.blocs.len() > 1));
        let sizes: Vec<usize> = s
            .blocs
            .iter()
            .map(|b| s.states.iter().filter(|m| m.blocs.contains(&b.id)).count())
            .collect();
        assert!(
            sizes.iter().max() > sizes.iter().min(),
            "bloc sizes {sizes:?}"
        );
        // Fixed and swing targets, pressure among the tactics.
        assert!(
            s.campaigns
                .iter()
                .any(|c| matches!(c.target, Selector::Swing { .. }))
        );
        assert!(
            s.campaigns
                .iter()
                .any(|c| !matches!(c.target, Selector::Swing { .. }))
        );
        assert!(
            s.campaigns
                .iter()
                .flat_map(|c| &c.tactics)
                .any(|t| matches!(t.kind, TacticKind::Pressure { .. }))
        );
        assert!(!s.events.is_empty());
        // The conference opens in the last week before the ballot.
        let lead = (s.calendar.ballot - s.calendar.conference_start).num_days();
        assert!(
            (0..7).contains(&lead),
            "conference opens {lead} days before the ballot"
        );
        // Every number is a synthetic assumption.
        let synthetic = Basis::Assumption(SYNTHETIC_BASIS.to_string());
        assert!(s.campaigns.iter().all(|c| c.basis == synthetic));
        assert!(s.prior.terms.iter().all(|t| t.basis == synthetic));
        assert_eq!(s.params.basis.len(), Params::NAMES.len());
        assert!(s.params.basis.values().all(|b| *b == synthetic));
    }

    #[test]
    fn written_ron_loads_back_equal() {
        let s = synthetic_scenario(40, 6, 4, 60, 3, 11);
        let text = to_ron(&s).expect("serialises");
        let loaded = load_str(Path::new("synthetic.ron"), &text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loaded.scenario, s);
    }
}
