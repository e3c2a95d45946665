//! A conference of several posts run together (docs/CONFERENCE.md).
//!
//! Each post is projected onto a scenario of its own ([`super::projection`])
//! and gets one [`Simulation`], built once. A run draws every uncertain
//! number once by its `--set` path (each post's simulation draws the same
//! value from the same stream), draws whether each side of each deal keeps
//! it, then holds the posts' ballots in date order: a kept side's shift and
//! a fired link's shifts are set as per-lane numbers of the projection's
//! events, so a batch of runs advances in lanes as a single post does.

use rand::RngExt;

use super::draw::{Numbers, Uncertainties};
use super::lanes::LANES;
use super::projection::{Projection, project};
use super::rng::{stream_of, stream_rng};
use super::simulation::Simulation;
use crate::result::{
    ConferenceResult, DealOutcome, LinkOutcome, PostRun, RunResult, SampledValue, ScenarioDisplay,
};
use crate::scenario::{Condition, Scenario};

/// A conference built once, ready for runs with any seeds.
pub struct Conference {
    name: String,
    title: String,
    uncertainties: Uncertainties,
    /// In ballot order (date, then file order).
    posts: Vec<PostModel>,
    deals: Vec<DealPlan>,
    links: Vec<LinkPlan>,
}

struct PostModel {
    id: String,
    name: String,
    sim: Simulation,
    projection: Projection,
}

struct DealPlan {
    id: String,
    stream: u64,
    sides: usize,
}

struct LinkPlan {
    id: String,
    /// Index into [`Conference::posts`] of the post whose result it waits for.
    post: usize,
    when: Condition,
    /// Region of each candidate of that post's nominating state, in its order.
    regions: Vec<String>,
}

/// Whether each side of a deal keeps it in the run with `seed`: one uniform
/// draw per side, in order, on the deal's own stream `deals.ID`; a side
/// keeps the deal when its draw is at least its chance of breaking it.
pub fn sides_kept(seed: u64, stream: u64, breaks: &[f64]) -> Vec<bool> {
    let mut rng = stream_rng(seed, stream);
    breaks.iter().map(|&b| rng.random::<f64>() >= b).collect()
}

/// Whether `when` holds of a post's result; `regions[c]` is the region of
/// candidate c's nominating state.
pub fn holds(when: &Condition, result: &RunResult, regions: &[String]) -> bool {
    let position = |id: &str| result.candidates.iter().position(|c| c.id == id);
    let elected = |c: Option<usize>| c.is_some_and(|c| result.ballot.winners.contains(&c));
    match when {
        Condition::Elected(id) => elected(position(id)),
        Condition::NotElected(id) => !elected(position(id)),
        Condition::ElectedFromRegion(region) => result
            .ballot
            .winners
            .iter()
            .any(|&c| regions.get(c) == Some(region)),
    }
}

impl Conference {
    /// Build the posts of a validated scenario with posts.
    pub fn new(s: &Scenario) -> Conference {
        let mut order: Vec<usize> = (0..s.posts.len()).collect();
        order.sort_by_key(|&p| s.posts[p].ballot_date);
        let posts: Vec<PostModel> = order
            .iter()
            .map(|&p| {
                let post = &s.posts[p];
                let projection = project(s, post);
                PostModel {
                    id: post.id.clone(),
                    name: post.name.clone(),
                    sim: Simulation::new(&projection.scenario)
                        .with_streams_of(&format!("posts.{}", post.id)),
                    projection,
                }
            })
            .collect();
        let region_of = |code: &str| {
            s.states
                .iter()
                .find(|m| m.code == code)
                .map(|m| m.region.clone())
                .unwrap_or_default()
        };
        let links = s
            .after_results
            .iter()
            .map(|link| {
                let post = posts.iter().position(|p| p.id == link.post).unwrap_or(0);
                LinkPlan {
                    id: link.id.clone(),
                    post,
                    when: link.when.clone(),
                    regions: posts[post]
                        .projection
                        .scenario
                        .candidates
                        .iter()
                        .map(|c| region_of(&c.nominated_by))
                        .collect(),
                }
            })
            .collect();
        let shown = ScenarioDisplay::of(s);
        Conference {
            name: shown.name,
            title: shown.title,
            uncertainties: Uncertainties::of(s),
            posts,
            deals: s
                .deals
                .iter()
                .map(|d| DealPlan {
                    id: d.id.clone(),
                    stream: stream_of(&format!("deals.{}", d.id)),
                    sides: d.sides.len(),
                })
                .collect(),
            links,
        }
    }

    /// The post ids in ballot order.
    pub fn post_ids(&self) -> Vec<&str> {
        self.posts.iter().map(|p| p.id.as_str()).collect()
    }

    /// The simulation of each post, in ballot order (templates, dates).
    pub fn simulations(&self) -> impl Iterator<Item = &Simulation> {
        self.posts.iter().map(|p| &p.sim)
    }

    /// Names of the drawn values each run reports, shared by the posts.
    pub fn parameter_names(&self) -> &[String] {
        self.uncertainties.names()
    }

    /// One run with this seed; with `central`, every uncertain number at its
    /// central value (the deals' draws and the ballots stay random).
    pub fn run(&mut self, seed: u64, central: bool) -> ConferenceResult {
        self.run_lanes_central(&[seed], central)
            .pop()
            .expect("one run")
    }

    /// Runs with these seeds, [`LANES`] at a time: each run's result is
    /// the one [`Conference::run`] gives for its seed alone.
    pub fn run_lanes(&mut self, seeds: &[u64]) -> Vec<ConferenceResult> {
        self.run_lanes_central(seeds, false)
    }

    fn run_lanes_central(&mut self, seeds: &[u64], central: bool) -> Vec<ConferenceResult> {
        seeds
            .chunks(LANES)
            .flat_map(|batch| self.batch(batch, central))
            .collect()
    }

    /// One batch of 1 to [`LANES`] runs.
    fn batch(&mut self, seeds: &[u64], central: bool) -> Vec<ConferenceResult> {
        let numbers: Vec<Numbers> = seeds
            .iter()
            .map(|&seed| {
                if central {
                    self.uncertainties.central().clone()
                } else {
                    self.uncertainties.draw(seed)
                }
            })
            .collect();
        let kept: Vec<Vec<Vec<bool>>> = seeds
            .iter()
            .zip(&numbers)
            .map(|(&seed, n)| {
                self.deals
                    .iter()
                    .zip(&n.deal_breaks)
                    .map(|(d, breaks)| {
                        debug_assert_eq!(d.sides, breaks.len());
                        sides_kept(seed, d.stream, breaks)
                    })
                    .collect()
            })
            .collect();
        let mut fired = vec![vec![false; self.links.len()]; seeds.len()];
        let mut posts: Vec<Vec<PostRun>> = vec![Vec::new(); seeds.len()];
        for (p, post) in self.posts.iter_mut().enumerate() {
            let projection = &post.projection;
            let adjust = |l: usize, n: &mut Numbers| {
                for (d, sides) in projection.deal_events.iter().enumerate() {
                    for (k, event) in sides.iter().enumerate() {
                        if let Some(e) = *event {
                            n.event_shifts[e][0] = if kept[l][d][k] {
                                numbers[l].deal_shifts[d][k]
                            } else {
                                0.0
                            };
                        }
                    }
                }
                for (a, effects) in projection.link_events.iter().enumerate() {
                    for (j, at) in effects.iter().enumerate() {
                        if let Some((e, jj)) = *at {
                            n.event_shifts[e][jj] = if fired[l][a] {
                                numbers[l].link_shifts[a][j]
                            } else {
                                0.0
                            };
                        }
                    }
                }
            };
            post.sim.set_central(central);
            let outs = post.sim.run_lanes_adjusted(seeds, Some(&adjust));
            for (l, out) in outs.into_iter().enumerate() {
                let mut result = post.sim.result(out);
                // A broken side or a link that did not fire leaves no mark.
                let idle = projection.idle_events(&kept[l], &fired[l]);
                result.events.retain(|e| !idle.contains(&e.id.as_str()));
                for (a, link) in self.links.iter().enumerate() {
                    if link.post == p {
                        fired[l][a] = holds(&link.when, &result, &link.regions);
                    }
                }
                posts[l].push(PostRun {
                    id: post.id.clone(),
                    name: post.name.clone(),
                    result,
                });
            }
        }
        let names = self.uncertainties.names();
        posts
            .into_iter()
            .enumerate()
            .map(|(l, posts)| ConferenceResult {
                scenario: self.name.clone(),
                title: self.title.clone(),
                seed: seeds[l],
                central,
                posts,
                deals: self
                    .deals
                    .iter()
                    .zip(&kept[l])
                    .map(|(d, kept)| DealOutcome {
                        id: d.id.clone(),
                        kept: kept.clone(),
                    })
                    .collect(),
                after_results: self
                    .links
                    .iter()
                    .zip(&fired[l])
                    .map(|(link, &fired)| LinkOutcome {
                        id: link.id.clone(),
                        fired,
                    })
                    .collect(),
                parameters: names
                    .iter()
                    .zip(self.uncertainties.values(&numbers[l]))
                    .map(|(name, value)| SampledValue {
                        name: name.clone(),
                        value,
                    })
                    .collect(),
            })
            .collect()
    }
}
