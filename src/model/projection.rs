//! A conference seen from one of its posts: an ordinary scenario of one
//! post, which a [`super::Simulation`] runs as it runs any other
//! (docs/CONFERENCE.md, "Model").
//!
//! The projection keeps every `--set` path of the conference, so that each
//! post draws the same value for a shared number in the same run: prior
//! terms, shocks and event effects of other posts' candidates stay in
//! place (their indices name them) with no states to act on; campaigns,
//! named by their ids, are kept only for the post's own candidates. Each
//! deal side that backs one of the post's candidates, and each effect of an
//! after-result link on one of them, becomes a persistent event of the
//! projection with a shift of 0, which the conference sets per run to the
//! drawn shift when the side keeps the deal or the link fires.

use crate::scenario::{Event, EventEffect, ONE_POST_VERSION, Post, Scenario, Selector, Uncertain};

/// One post's scenario and where the conference's links sit in it.
#[derive(Debug, Clone)]
pub struct Projection {
    pub scenario: Scenario,
    /// `deal_events[d][k]`: the event of side k of deal d, if it backs a
    /// candidate of this post (its shift is the event's effect 0).
    pub deal_events: Vec<Vec<Option<usize>>>,
    /// `link_events[a][j]`: (event, effect) of effect j of after-result
    /// link a, if its candidate stands for this post.
    pub link_events: Vec<Vec<Option<(usize, usize)>>>,
}

/// The scenario of `post` in the validated conference `s`.
pub fn project(s: &Scenario, post: &Post) -> Projection {
    let ours = |id: &str| {
        s.candidates
            .iter()
            .any(|c| c.id == id && c.post.as_deref() == Some(post.id.as_str()))
    };
    let mut out = s.clone();
    out.version = ONE_POST_VERSION;
    out.posts.clear();
    out.deals.clear();
    out.after_results.clear();
    out.observed = None;
    let title = if s.meta.title.is_empty() {
        &s.meta.name
    } else {
        &s.meta.title
    };
    out.meta.title = format!("{} ({title})", post.name);
    out.calendar.ballot = post.ballot_date;
    out.ballot = post.ballot.clone();
    out.candidates.retain(|c| ours(&c.id));
    for c in &mut out.candidates {
        c.post = None;
    }
    let first = out
        .candidates
        .first()
        .map(|c| c.id.clone())
        .unwrap_or_default();
    // Another post's term, shock or effect: kept for its path, acting on nobody.
    let idle = |target: &mut Selector, candidate: &mut String| {
        if !ours(candidate) {
            *target = Selector::States(Vec::new());
            candidate.clone_from(&first);
        }
    };
    for t in &mut out.prior.terms {
        idle(&mut t.target, &mut t.candidate);
    }
    for sh in &mut out.shocks {
        idle(&mut sh.target, &mut sh.candidate);
    }
    for e in &mut out.events {
        for eff in &mut e.effects {
            idle(&mut eff.target, &mut eff.candidate);
        }
    }
    out.campaigns
        .retain(|c| ours(&c.candidate) && c.start <= post.ballot_date);
    for c in &mut out.campaigns {
        c.end = c.end.min(post.ballot_date);
    }
    let zero = || Uncertain::Fixed(0.0);
    let deal_events = s
        .deals
        .iter()
        .map(|deal| {
            deal.sides
                .iter()
                .enumerate()
                .map(|(k, side)| {
                    ours(&side.backs).then(|| {
                        out.events.push(Event {
                            id: format!("{}.sides.{k}", deal.id),
                            date: deal.date,
                            label: deal.id.clone(),
                            effects: vec![EventEffect {
                                target: side.party.clone(),
                                candidate: side.backs.clone(),
                                shift: zero(),
                            }],
                            persistent: true,
                            basis: deal.basis.clone(),
                        });
                        out.events.len() - 1
                    })
                })
                .collect()
        })
        .collect();
    let link_events = s
        .after_results
        .iter()
        .map(|link| {
            let day = s
                .posts
                .iter()
                .find(|p| p.id == link.post)
                .map_or(post.ballot_date, |p| p.ballot_date);
            let mut event = Event {
                id: link.id.clone(),
                date: day,
                label: link.id.clone(),
                effects: Vec::new(),
                persistent: true,
                basis: link.basis.clone(),
            };
            let at: Vec<Option<(usize, usize)>> = link
                .effects
                .iter()
                .map(|eff| {
                    ours(&eff.candidate).then(|| {
                        event.effects.push(EventEffect {
                            shift: zero(),
                            ..eff.clone()
                        });
                        (out.events.len(), event.effects.len() - 1)
                    })
                })
                .collect();
            if !event.effects.is_empty() {
                out.events.push(event);
            }
            at
        })
        .collect();
    Projection {
        scenario: out,
        deal_events,
        link_events,
    }
}

impl Projection {
    /// Ids of the events of deal sides broken and of links not fired in a
    /// run: `kept[d][k]` per deal side, `fired[a]` per link.
    pub fn idle_events(&self, kept: &[Vec<bool>], fired: &[bool]) -> Vec<&str> {
        let events = &self.scenario.events;
        let deals = self.deal_events.iter().zip(kept).flat_map(|(sides, kept)| {
            sides
                .iter()
                .zip(kept)
                .filter_map(|(e, &kept)| e.filter(|_| !kept))
        });
        let links = self
            .link_events
            .iter()
            .zip(fired)
            .filter(|(_, fired)| !**fired)
            .filter_map(|(at, _)| at.iter().flatten().next().map(|&(e, _)| e));
        deals.chain(links).map(|e| events[e].id.as_str()).collect()
    }
}
