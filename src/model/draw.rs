//! A run's numbers: the value of every scenario number for one run, drawn
//! from its distribution or taken as it stands (docs/MODEL.md, "Uncertain numbers").
//!
//! Drawing is the model's first act for a run. Each uncertain number draws
//! from a stream of its own, named by its `--set` path and derived from the
//! run's seed, so a what-if that shares a number with its base draws the
//! same value for it (common random numbers), and the values do not depend
//! on which other numbers are uncertain. Group shocks draw their swing from
//! the stream `shocks.ID`; the per-state variations of the propensities from
//! `propensities.attendance.spread` and `propensities.blank.spread`.

use rand::RngExt;
use rand_distr::StandardNormal;

use super::rng::{stream_of, stream_rng};
use crate::scenario::distribution::{Bounded, Distribution, Uncertain};
use crate::scenario::{Params, Scenario};

/// Every scenario number that a run may draw, at one value each.
#[derive(Debug, Clone, PartialEq)]
pub struct Numbers {
    /// In the order of [`Params::NAMES`].
    pub params: [f64; 9],
    pub prior_weights: Vec<f64>,
    /// `event_shifts[e][j]`: effect j of event e, in the scenario's event order.
    pub event_shifts: Vec<Vec<f64>>,
    pub strengths: Vec<f64>,
    pub budgets: Vec<f64>,
    /// `efforts[c][j]`: tactic j of campaign c.
    pub efforts: Vec<Vec<f64>>,
    pub cohesions: Vec<f64>,
    pub shock_scales: Vec<f64>,
    /// Each shock's standard normal draw in this run (0 at the centre): its
    /// swing is `shock_scales[i] * shock_z[i]` ([`Numbers::shock`]), so that
    /// a scale set after the draw still scales it.
    pub shock_z: Vec<f64>,
    /// `[attendance, blank]`: the term weights, the spread and each state's
    /// standard normal variation (empty at the centre: no variation).
    pub propensity_weights: [Vec<f64>; 2],
    pub propensity_spreads: [f64; 2],
    pub propensity_z: [Vec<f64>; 2],
    /// `deal_shifts[d][k]` and `deal_breaks[d][k]`: side k of deal d.
    pub deal_shifts: Vec<Vec<f64>>,
    pub deal_breaks: Vec<Vec<f64>>,
    /// `link_shifts[a][j]`: effect j of after-result link a.
    pub link_shifts: Vec<Vec<f64>>,
}

impl Numbers {
    /// The parameter `name` of [`Params::NAMES`].
    pub fn param(&self, name: &str) -> f64 {
        let i = Params::NAMES
            .iter()
            .position(|n| *n == name)
            .expect("a parameter name");
        self.params[i]
    }

    /// The swing of shock `i` in this run.
    pub fn shock(&self, i: usize) -> f64 {
        self.shock_scales[i] * self.shock_z[i]
    }

    /// Set the number at `at` to `x` (calibration sets each lane's
    /// calibrated numbers so, docs/MODEL.md, "Run lanes").
    pub fn set(&mut self, at: &NumberSlot, x: f64) {
        *self.at_mut(at.slot) = x;
    }

    fn at_mut(&mut self, slot: Slot) -> &mut f64 {
        match slot {
            Slot::Param(i) => &mut self.params[i],
            Slot::PriorWeight(i) => &mut self.prior_weights[i],
            Slot::EventShift(e, j) => &mut self.event_shifts[e][j],
            Slot::Strength(i) => &mut self.strengths[i],
            Slot::Budget(i) => &mut self.budgets[i],
            Slot::Effort(c, t) => &mut self.efforts[c][t],
            Slot::Cohesion(b) => &mut self.cohesions[b],
            Slot::ShockScale(i) => &mut self.shock_scales[i],
            Slot::PropensityWeight(k, i) => &mut self.propensity_weights[k][i],
            Slot::PropensitySpread(k) => &mut self.propensity_spreads[k],
            Slot::DealShift(d, k) => &mut self.deal_shifts[d][k],
            Slot::DealBreaks(d, k) => &mut self.deal_breaks[d][k],
            Slot::LinkShift(a, j) => &mut self.link_shifts[a][j],
        }
    }

    fn at(&self, slot: Slot) -> f64 {
        match slot {
            Slot::Param(i) => self.params[i],
            Slot::PriorWeight(i) => self.prior_weights[i],
            Slot::EventShift(e, j) => self.event_shifts[e][j],
            Slot::Strength(i) => self.strengths[i],
            Slot::Budget(i) => self.budgets[i],
            Slot::Effort(c, t) => self.efforts[c][t],
            Slot::Cohesion(b) => self.cohesions[b],
            Slot::ShockScale(i) => self.shock_scales[i],
            Slot::PropensityWeight(k, i) => self.propensity_weights[k][i],
            Slot::PropensitySpread(k) => self.propensity_spreads[k],
            Slot::DealShift(d, k) => self.deal_shifts[d][k],
            Slot::DealBreaks(d, k) => self.deal_breaks[d][k],
            Slot::LinkShift(a, j) => self.link_shifts[a][j],
        }
    }
}

/// Where one scenario number, uncertain or not, goes in [`Numbers`], and
/// which values the scenario accepts for it: those its file or a `--set`
/// accepts (a probability in [0, 1], a finite number >= 0, any finite number).
#[derive(Debug, Clone, Copy)]
pub struct NumberSlot {
    slot: Slot,
    accepts: fn(f64) -> bool,
}

impl NumberSlot {
    /// Whether the scenario accepts `x` for this number.
    pub fn accepts(&self, x: f64) -> bool {
        (self.accepts)(x)
    }
}

fn accepts<T: Bounded>(x: f64) -> bool {
    x.is_finite() && T::from_value(x).is_ok()
}

/// The number of `s` that the `--set` path `path` names, uncertain or not,
/// with the path written as [`Uncertainties::names`] are (list items by id,
/// else index: `overrides::canonical`); `None` where the path is not a
/// number of a run (a state's own attendance, a campaign's saturation, a
/// date, a flag).
pub fn number_slot(s: &Scenario, path: &str) -> Option<NumberSlot> {
    let mut finder = Finder::default();
    Uncertainties::find(s, &mut finder);
    finder
        .numbers
        .into_iter()
        .find_map(|(name, at)| (name == path).then_some(at))
}

/// Where in [`Numbers`] an uncertain number goes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    Param(usize),
    PriorWeight(usize),
    EventShift(usize, usize),
    Strength(usize),
    Budget(usize),
    Effort(usize, usize),
    Cohesion(usize),
    ShockScale(usize),
    PropensityWeight(usize, usize),
    PropensitySpread(usize),
    DealShift(usize, usize),
    DealBreaks(usize, usize),
    LinkShift(usize, usize),
}

#[derive(Debug, Clone, PartialEq)]
struct Entry {
    stream: u64,
    dist: Distribution,
    lo: f64,
    hi: f64,
    slot: Slot,
}

/// The uncertain numbers of a scenario, found once; [`Uncertainties::draw`]
/// then gives each run its [`Numbers`].
#[derive(Debug, Clone, PartialEq)]
pub struct Uncertainties {
    central: Numbers,
    entries: Vec<Entry>,
    /// Names of the values a run reports: the uncertain numbers' paths in
    /// entry order, then `shocks.ID` for each shock.
    names: Vec<String>,
    /// Stream of each shock's swing.
    shock_streams: Vec<u64>,
    n_states: usize,
    /// Whether each propensity varies per state (a spread that may be > 0).
    propensity_varies: [bool; 2],
}

impl Uncertainties {
    /// Find the uncertain numbers of a validated scenario.
    pub fn of(s: &Scenario) -> Uncertainties {
        Uncertainties::find(s, &mut Finder::default())
    }

    /// [`Uncertainties::of`], with every number, uncertain or not, noted in `u`.
    fn find(s: &Scenario, u: &mut Finder) -> Uncertainties {
        let p = &s.params;
        let params = [
            u.take("params.temperature", &p.temperature, Slot::Param(0)),
            u.take("params.stubbornness", &p.stubbornness, Slot::Param(1)),
            u.take("params.peer_influence", &p.peer_influence, Slot::Param(2)),
            u.take(
                "params.conference_peer_influence",
                &p.conference_peer_influence,
                Slot::Param(3),
            ),
            u.take("params.noise", &p.noise, Slot::Param(4)),
            u.take("params.abstention", &p.abstention, Slot::Param(5)),
            u.take("params.attendance", &p.attendance, Slot::Param(6)),
            u.take(
                "params.pledge_threshold",
                &p.pledge_threshold,
                Slot::Param(7),
            ),
            u.take("params.defection", &p.defection, Slot::Param(8)),
        ];
        let prior_weights = s
            .prior
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let name = format!(
                    "prior.terms.{}.weight",
                    t.id.clone().unwrap_or(i.to_string())
                );
                u.take(&name, &t.weight, Slot::PriorWeight(i))
            })
            .collect();
        let event_shifts = s
            .events
            .iter()
            .enumerate()
            .map(|(e, ev)| {
                ev.effects
                    .iter()
                    .enumerate()
                    .map(|(j, eff)| {
                        let name = format!("events.{}.effects.{j}.shift", ev.id);
                        u.take(&name, &eff.shift, Slot::EventShift(e, j))
                    })
                    .collect()
            })
            .collect();
        let cohesions = s
            .blocs
            .iter()
            .enumerate()
            .map(|(b, bloc)| {
                u.take(
                    &format!("blocs.{}.cohesion", bloc.id),
                    &bloc.cohesion,
                    Slot::Cohesion(b),
                )
            })
            .collect();
        let mut strengths = Vec::new();
        let mut budgets = Vec::new();
        let mut efforts = Vec::new();
        for (i, c) in s.campaigns.iter().enumerate() {
            strengths.push(u.take(
                &format!("campaigns.{}.strength", c.id),
                &c.strength,
                Slot::Strength(i),
            ));
            budgets.push(u.take(
                &format!("campaigns.{}.budget", c.id),
                &c.budget,
                Slot::Budget(i),
            ));
            efforts.push(
                c.tactics
                    .iter()
                    .enumerate()
                    .map(|(t, tactic)| {
                        u.take(
                            &format!("campaigns.{}.tactics.{t}.effort", c.id),
                            &tactic.effort,
                            Slot::Effort(i, t),
                        )
                    })
                    .collect(),
            );
        }
        let shock_scales = s
            .shocks
            .iter()
            .enumerate()
            .map(|(i, sh)| {
                u.take(
                    &format!("shocks.{}.scale", sh.id),
                    &sh.scale,
                    Slot::ShockScale(i),
                )
            })
            .collect();
        let mut propensity_weights = [Vec::new(), Vec::new()];
        let mut propensity_spreads = [0.0; 2];
        let mut propensity_varies = [false; 2];
        for (k, (name, prop)) in [
            ("attendance", &s.propensities.attendance),
            ("blank", &s.propensities.blank),
        ]
        .into_iter()
        .enumerate()
        {
            let Some(prop) = prop else { continue };
            propensity_weights[k] = prop
                .terms
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let id = t.id.clone().unwrap_or(i.to_string());
                    u.take(
                        &format!("propensities.{name}.terms.{id}.weight"),
                        &t.weight,
                        Slot::PropensityWeight(k, i),
                    )
                })
                .collect();
            propensity_spreads[k] = u.take(
                &format!("propensities.{name}.spread"),
                &prop.spread,
                Slot::PropensitySpread(k),
            );
            propensity_varies[k] =
                prop.spread.distribution().is_some() || propensity_spreads[k] > 0.0;
        }
        let mut deal_shifts = Vec::new();
        let mut deal_breaks = Vec::new();
        for (d, deal) in s.deals.iter().enumerate() {
            let (mut shifts, mut breaks) = (Vec::new(), Vec::new());
            for (k, side) in deal.sides.iter().enumerate() {
                let path = format!("deals.{}.sides.{k}", deal.id);
                shifts.push(u.take(&format!("{path}.shift"), &side.shift, Slot::DealShift(d, k)));
                breaks.push(u.take(
                    &format!("{path}.breaks"),
                    &side.breaks,
                    Slot::DealBreaks(d, k),
                ));
            }
            deal_shifts.push(shifts);
            deal_breaks.push(breaks);
        }
        let link_shifts = s
            .after_results
            .iter()
            .enumerate()
            .map(|(a, link)| {
                link.effects
                    .iter()
                    .enumerate()
                    .map(|(j, eff)| {
                        let name = format!("after_results.{}.effects.{j}.shift", link.id);
                        u.take(&name, &eff.shift, Slot::LinkShift(a, j))
                    })
                    .collect()
            })
            .collect();
        let mut names = std::mem::take(&mut u.names);
        names.extend(s.shocks.iter().map(|sh| format!("shocks.{}", sh.id)));
        Uncertainties {
            central: Numbers {
                params,
                prior_weights,
                event_shifts,
                strengths,
                budgets,
                efforts,
                cohesions,
                shock_z: vec![0.0; s.shocks.len()],
                shock_scales,
                propensity_weights,
                propensity_spreads,
                propensity_z: [Vec::new(), Vec::new()],
                deal_shifts,
                deal_breaks,
                link_shifts,
            },
            entries: std::mem::take(&mut u.entries),
            names,
            shock_streams: s
                .shocks
                .iter()
                .map(|sh| stream_of(&format!("shocks.{}", sh.id)))
                .collect(),
            n_states: s.states.len(),
            propensity_varies,
        }
    }

    /// Whether runs differ in anything but their random streams' other draws:
    /// some number is a distribution, or there are shocks or per-state variation.
    pub fn any(&self) -> bool {
        !self.names.is_empty() || self.propensity_varies.iter().any(|v| *v)
    }

    /// Every number at its central value, shocks at 0, no per-state variation.
    pub fn central(&self) -> &Numbers {
        &self.central
    }

    /// Names of the values [`Uncertainties::values`] reports, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The distribution and valid range of each reported value, in order of
    /// [`Uncertainties::names`]; a shock's swing is `Normal(0, scale)` at its
    /// central scale.
    pub fn distributions(&self) -> Vec<(Distribution, f64, f64)> {
        let mut out: Vec<_> = self.entries.iter().map(|e| (e.dist, e.lo, e.hi)).collect();
        out.extend(self.central.shock_scales.iter().map(|&sd| {
            (
                Distribution::Normal {
                    mean: 0.0,
                    sd: sd.max(1e-9),
                },
                f64::NEG_INFINITY,
                f64::INFINITY,
            )
        }));
        out
    }

    /// The numbers of the run with seed `seed`.
    pub fn draw(&self, seed: u64) -> Numbers {
        let mut n = self.central.clone();
        self.draw_into(seed, &mut n);
        n
    }

    /// Like [`Uncertainties::draw`], reusing `n`'s buffers.
    pub fn draw_into(&self, seed: u64, n: &mut Numbers) {
        n.clone_from(&self.central);
        for e in &self.entries {
            *n.at_mut(e.slot) = e.dist.sample(&mut stream_rng(seed, e.stream), e.lo, e.hi);
        }
        for (z, &stream) in n.shock_z.iter_mut().zip(&self.shock_streams) {
            *z = stream_rng(seed, stream).sample(StandardNormal);
        }
        for (k, name) in [
            "propensities.attendance.spread",
            "propensities.blank.spread",
        ]
        .into_iter()
        .enumerate()
        {
            if self.propensity_varies[k] {
                let mut rng = stream_rng(seed, stream_of(name) ^ 0x5A5A);
                n.propensity_z[k] = (0..self.n_states)
                    .map(|_| rng.sample::<f64, _>(StandardNormal))
                    .collect();
            }
        }
    }

    /// The reported values of `n`, in order of [`Uncertainties::names`].
    pub fn values(&self, n: &Numbers) -> Vec<f64> {
        let mut out: Vec<f64> = self.entries.iter().map(|e| n.at(e.slot)).collect();
        out.extend((0..n.shock_z.len()).map(|i| n.shock(i)));
        out
    }
}

#[derive(Default)]
struct Finder {
    entries: Vec<Entry>,
    names: Vec<String>,
    /// Every number by its path, uncertain or not.
    numbers: Vec<(String, NumberSlot)>,
}

impl Finder {
    /// The central value of `x`; an entry if it is a distribution.
    fn take<T: Bounded>(&mut self, name: &str, x: &Uncertain<T>, slot: Slot) -> f64 {
        self.numbers.push((
            name.to_string(),
            NumberSlot {
                slot,
                accepts: accepts::<T>,
            },
        ));
        if let Some(d) = x.distribution() {
            self.entries.push(Entry {
                stream: stream_of(name),
                dist: *d,
                lo: T::LO,
                hi: T::HI,
                slot,
            });
            self.names.push(name.to_string());
        }
        x.central()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::synthetic::benchmark_scenario;
    use crate::scenario::{Selector, Shock};

    fn scenario() -> Scenario {
        benchmark_scenario(20, 30)
    }

    #[test]
    fn plain_numbers_draw_nothing() {
        let u = Uncertainties::of(&scenario());
        assert!(!u.any());
        assert_eq!(&u.draw(5), u.central());
    }

    #[test]
    fn draws_repeat_per_seed_and_shared_numbers_draw_the_same() {
        let mut s = scenario();
        s.params.attendance = Uncertain::Dist(Distribution::Uniform { lo: 0.8, hi: 1.0 });
        let u = Uncertainties::of(&s);
        assert_eq!(u.names(), ["params.attendance"]);
        let (a, b) = (u.draw(1), u.draw(2));
        assert_eq!(a, u.draw(1));
        assert_ne!(a.param("attendance"), b.param("attendance"));
        assert!((0.8..=1.0).contains(&a.param("attendance")));
        // Another uncertain number and a shock leave this one's draw alone.
        s.params.noise = Uncertain::Dist(Distribution::Uniform { lo: 0.0, hi: 0.1 });
        s.shocks.push(Shock {
            id: "africa".into(),
            label: String::new(),
            target: Selector::All,
            candidate: s.candidates[0].id.clone(),
            scale: crate::scenario::NonNegative(0.5).into(),
            basis: Default::default(),
        });
        let v = Uncertainties::of(&s);
        assert_eq!(
            v.names(),
            ["params.noise", "params.attendance", "shocks.africa"]
        );
        assert_eq!(v.draw(1).param("attendance"), a.param("attendance"));
        assert_eq!(v.values(&v.draw(1))[1], a.param("attendance"));
        assert_ne!(v.draw(1).shock(0), 0.0);
        assert_eq!(v.values(&v.draw(1))[2], v.draw(1).shock(0));
        assert_eq!(v.central().shock(0), 0.0);
    }
}
