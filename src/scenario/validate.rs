//! Cross-checks of a parsed scenario: every reference resolves, ids are unique,
//! dates are in order and inside the calendar, numbers are finite and in range.
//!
//! Value ranges that a single field can check (probabilities, non-negative
//! numbers) are checked while parsing ([`super::numbers`]); this pass checks
//! what needs the whole scenario, and reports every problem it finds.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};

use super::diagnostic::did_you_mean;
use super::distribution::{Bounded, Uncertain};
use super::rules::BallotRules;
use super::tree::Path;
use super::types::*;

mod posts;

/// Longest simulated period accepted, in ticks.
pub const MAX_TICKS: i64 = 100_000;

/// Most member states accepted.
pub const MAX_STATES: usize = 10_000;

/// Calendar dates must lie in these years (date arithmetic stays far from
/// the ends of the calendar type).
pub const YEARS: (i32, i32) = (1800, 2200);

/// A problem and the value it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: Path,
    pub message: String,
    /// Another value the problem concerns (the first of two equal ids), with a note.
    pub related: Option<(Path, String)>,
}

/// All problems in `s`. `broken` holds ids of items that failed to parse, which
/// references may still name without being reported.
pub fn validate(s: &Scenario, broken: &HashSet<String>) -> Vec<Problem> {
    let mut v = Validator {
        s,
        broken,
        problems: Vec::new(),
        regions: s.regions.iter().map(|r| r.id.as_str()).collect(),
        blocs: s.blocs.iter().map(|b| b.id.as_str()).collect(),
        states: s.states.iter().map(|m| m.code.as_str()).collect(),
        candidates: s.candidates.iter().map(|c| c.id.as_str()).collect(),
        sources: s.meta.sources.iter().map(|r| r.id.as_str()).collect(),
        features: s
            .features
            .iter()
            .map(|f| (f.id.as_str(), f.values.iter().map(String::as_str).collect()))
            .collect(),
    };
    v.run();
    v.problems
}

struct Validator<'a> {
    s: &'a Scenario,
    broken: &'a HashSet<String>,
    problems: Vec<Problem>,
    regions: Vec<&'a str>,
    blocs: Vec<&'a str>,
    states: Vec<&'a str>,
    candidates: Vec<&'a str>,
    sources: Vec<&'a str>,
    features: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Validator<'a> {
    fn report(&mut self, path: Path, message: impl Into<String>) {
        self.problems.push(Problem {
            path,
            message: message.into(),
            related: None,
        });
    }

    fn run(&mut self) {
        let s = self.s;
        let root = Path::root();
        if !(ONE_POST_VERSION..=FORMAT_VERSION).contains(&s.version) {
            self.report(
                root.field("version"),
                format!(
                    "unsupported version {}; this build of lobbysim reads versions {ONE_POST_VERSION} to {FORMAT_VERSION}",
                    s.version
                ),
            );
        }
        self.meta();
        self.calendar();
        self.unique_ids("regions", "region", s.regions.iter().map(|r| r.id.as_str()));
        self.unique_ids(
            "features",
            "feature",
            s.features.iter().map(|f| f.id.as_str()),
        );
        self.unique_ids("blocs", "bloc", s.blocs.iter().map(|b| b.id.as_str()));
        self.unique_ids(
            "candidates",
            "candidate",
            s.candidates.iter().map(|c| c.id.as_str()),
        );
        self.unique_ids(
            "states",
            "member state",
            s.states.iter().map(|m| m.code.as_str()),
        );
        self.unique_ids_in(
            "campaign or event",
            s.campaigns
                .iter()
                .enumerate()
                .map(|(i, c)| (root.field("campaigns").index(i), c.id.as_str()))
                .chain(
                    s.events
                        .iter()
                        .enumerate()
                        .map(|(i, e)| (root.field("events").index(i), e.id.as_str())),
                ),
        );
        if s.states.len() > MAX_STATES {
            self.report(
                root.field("states"),
                format!(
                    "expected at most {MAX_STATES} member states, found {}",
                    s.states.len()
                ),
            );
        }
        if s.states.is_empty() && !self.broken_any() {
            self.report(root.field("states"), "expected at least one member state");
        }
        if s.candidates.is_empty() && !self.broken_any() {
            self.report(root.field("candidates"), "expected at least one candidate");
        }
        if s.candidates.len() > crate::model::MAX_CANDIDATES && !s.is_conference() {
            self.report(
                root.field("candidates"),
                format!(
                    "expected at most {} candidates, found {}",
                    crate::model::MAX_CANDIDATES,
                    s.candidates.len()
                ),
            );
        }
        for (i, f) in s.features.iter().enumerate() {
            let path = root.field("features").key(&f.id);
            if f.values.is_empty() {
                self.report(
                    path.field("values"),
                    format!("feature `{}` lists no values", f.id),
                );
            }
            let mut seen = HashSet::new();
            for (k, val) in f.values.iter().enumerate() {
                if !seen.insert(val) {
                    self.report(
                        path.field("values").index(k),
                        format!("value `{val}` is listed twice in feature `{}`", f.id),
                    );
                }
            }
            self.basis(&path.field("basis"), &f.basis);
            let _ = i;
        }
        for b in &s.blocs {
            let path = root.field("blocs").key(&b.id);
            self.uncertain(&path.field("cohesion"), &b.cohesion, "cohesion");
            self.basis(&path.field("basis"), &b.basis);
        }
        for c in &s.candidates {
            let path = root.field("candidates").key(&c.id);
            self.state_ref(&path.field("nominated_by"), &c.nominated_by);
            if let Some(colour) = &c.colour
                && super::colour::Colour::parse(colour).is_none()
            {
                self.report(
                    path.field("colour"),
                    format!("expected a colour as \"#rrggbb\", found \"{colour}\""),
                );
            }
        }
        for m in &s.states {
            self.member_state(m);
        }
        let mut term_ids = HashSet::new();
        for (i, t) in s.prior.terms.iter().enumerate() {
            let path = root.field("prior").field("terms").index(i);
            if let Some(id) = &t.id {
                if id.is_empty() {
                    self.report(path.field("id"), "empty prior term id");
                } else if id.parse::<usize>().is_ok() {
                    self.report(
                        path.field("id"),
                        format!("prior term id `{id}` is a number; expected a name (numbers address terms by position)"),
                    );
                } else if !term_ids.insert(id.as_str()) {
                    self.report(path.field("id"), format!("duplicate prior term id `{id}`"));
                }
            }
            self.selector(&path.field("target"), &t.target, false);
            self.candidate_ref(&path.field("candidate"), &t.candidate);
            self.uncertain(&path.field("weight"), &t.weight, "weight");
            self.basis(&path.field("basis"), &t.basis);
        }
        for c in &s.campaigns {
            self.campaign(c);
        }
        for e in &s.events {
            self.event(e);
        }
        self.params();
        if s.is_conference() {
            self.conference();
        } else {
            self.one_post();
            let ids = self.candidates.clone();
            self.ballot_rules(&root.field("ballot"), &s.ballot, &ids);
            self.basis(&root.field("ballot").field("basis"), &s.ballot.basis);
        }
        self.shocks_and_propensities();
        if let Some(o) = &s.observed {
            self.problems
                .extend(o.problems(&self.candidates, &self.sources));
        }
    }

    /// The election rules (docs/RULES.md): each setting within its range,
    /// the candidates named known, the settings a preset needs written.
    fn ballot_rules(&mut self, path: &Path, b: &BallotRules, ids: &[&str]) {
        use super::rules::{Threshold, Withdrawal};
        if let Some(p) = b.preset {
            for (field, why) in crate::ballot::presets::required_settings(p) {
                let written = match *field {
                    "seats" => b.seats.is_some(),
                    "threshold_change" => b.threshold_change.is_some(),
                    _ => true,
                };
                if !written {
                    self.report(
                        path.field("preset"),
                        format!("preset {p:?} needs `{field}` written in `ballot`: {why} (docs/RULES.md)"),
                    );
                }
            }
        }
        let rules = crate::ballot::Rules::of(b, ids);
        let at = |field: &str, written: bool| {
            if written {
                path.field(field)
            } else {
                path.field("preset")
            }
        };
        let max = rules.max_rounds;
        if max == 0 || max > 1000 {
            self.report(
                at("max_rounds", b.max_rounds.is_some()),
                format!("expected max_rounds between 1 and 1000, found {max}"),
            );
        }
        let k = ids.len() as u32;
        if rules.seats == 0 || rules.seats > k {
            self.report(
                at("seats", b.seats.is_some()),
                format!(
                    "expected between 1 and {k} seats (one per candidate at most), found {}",
                    rules.seats
                ),
            );
        }
        let threshold = |this: &mut Self, t: Threshold, path: Path| {
            let bad = match t {
                Threshold::MoreThan(p, q) => (q == 0 || p >= q).then_some("p < q"),
                Threshold::AtLeast(p, q) => (q == 0 || p == 0 || p > q).then_some("0 < p <= q"),
                _ => None,
            };
            if let Some(expected) = bad {
                this.report(
                    path,
                    format!(
                        "expected a fraction p/q with {expected} and q at least 1, found {t:?}"
                    ),
                );
            }
        };
        if let Some(t) = b.threshold {
            threshold(self, t, path.field("threshold"));
        }
        if let Some(change) = b.threshold_change {
            threshold(
                self,
                change.threshold,
                path.field("threshold_change").field("threshold"),
            );
            if change.from_round < 2 || change.from_round > max {
                self.report(
                    path.field("threshold_change").field("from_round"),
                    format!(
                        "expected a round between 2 and max_rounds ({max}), found {}",
                        change.from_round
                    ),
                );
            }
        }
        if let Some(after) = b.runoff_after
            && (after == 0 || after > max)
        {
            self.report(
                path.field("runoff_after"),
                format!("expected a round between 1 and max_rounds ({max}), found {after}"),
            );
        }
        if let Some(r) = b.restricted {
            let p = path.field("restricted");
            let fields = [
                ("after", r.after, 1),
                ("rounds", r.rounds, 1),
                ("unrestricted", r.unrestricted, 0),
                ("factor", r.factor, 1),
            ];
            for (field, value, least) in fields {
                if value < least || value > 1000 {
                    self.report(
                        p.field(field),
                        format!("expected `{field}` between {least} and 1000, found {value}"),
                    );
                }
            }
        }
        if let Some(sel) = &b.electorate {
            self.selector(&path.field("electorate"), sel, false);
        }
        for (i, w) in b.withdrawals.iter().enumerate() {
            let p = path.field("withdrawals").index(i);
            let Withdrawal {
                candidate,
                after_round,
                transfer_to,
            } = w;
            self.reference(&p.field("candidate"), "candidate", candidate, ids);
            if *after_round == 0 || *after_round >= max {
                self.report(
                    p.field("after_round"),
                    format!(
                        "expected a round between 1 and {} (a withdrawal after the last round, {max}, changes nothing), found {after_round}",
                        max.saturating_sub(1)
                    ),
                );
            }
            if let Some(to) = transfer_to {
                self.reference(&p.field("transfer_to"), "candidate", to, ids);
                if to == candidate {
                    self.report(
                        p.field("transfer_to"),
                        format!("`{to}` cannot pass its supporters to itself; name another candidate or leave `transfer_to` out"),
                    );
                }
            }
        }
    }

    /// A plain number must be finite; a distribution must fit the number's range.
    fn uncertain<T: Bounded>(&mut self, path: &Path, value: &Uncertain<T>, what: &str) {
        match value {
            Uncertain::Fixed(v) => self.finite(path, v.value(), what),
            Uncertain::Dist(_) => {
                if let Some(problem) = value.check() {
                    self.report(
                        path.clone(),
                        format!("bad distribution for {what}: {problem}"),
                    );
                }
            }
        }
    }

    fn shocks_and_propensities(&mut self) {
        let s = self.s;
        let root = Path::root();
        let mut ids = HashSet::new();
        for (i, shock) in s.shocks.iter().enumerate() {
            let path = root.field("shocks").index(i);
            if !ids.insert(shock.id.as_str()) {
                self.report(
                    path.field("id"),
                    format!("duplicate shock id `{}`", shock.id),
                );
            }
            self.selector(&path.field("target"), &shock.target, false);
            self.candidate_ref(&path.field("candidate"), &shock.candidate);
            self.uncertain(&path.field("scale"), &shock.scale, "scale");
            self.basis(&path.field("basis"), &shock.basis);
        }
        for (name, propensity) in [
            ("attendance", &s.propensities.attendance),
            ("blank", &s.propensities.blank),
        ] {
            let Some(p) = propensity else { continue };
            let path = root.field("propensities").field(name);
            self.uncertain(&path.field("spread"), &p.spread, "spread");
            self.basis(&path.field("basis"), &p.basis);
            for (i, t) in p.terms.iter().enumerate() {
                let tpath = path.field("terms").index(i);
                self.selector(&tpath.field("target"), &t.target, false);
                self.uncertain(&tpath.field("weight"), &t.weight, "weight");
                self.basis(&tpath.field("basis"), &t.basis);
            }
        }
    }

    fn broken_any(&self) -> bool {
        !self.broken.is_empty()
    }

    fn meta(&mut self) {
        let meta = &self.s.meta;
        let path = Path::root().field("meta");
        if meta.name.is_empty()
            || !meta
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            || meta.name.starts_with('.')
        {
            self.report(
                path.field("name"),
                format!(
                    "expected a name of letters, digits, `-`, `_` or `.` (it names output folders), found \"{}\"",
                    meta.name
                ),
            );
        }
        self.unique_ids(
            "meta.sources",
            "source",
            meta.sources.iter().map(|r| r.id.as_str()),
        );
    }

    fn calendar(&mut self) {
        let c = &self.s.calendar;
        let path = Path::root().field("calendar");
        let mut dates_ok = true;
        for (name, date) in [
            ("start", c.start),
            ("ballot", c.ballot),
            ("conference_start", c.conference_start),
            ("conference_end", c.conference_end),
        ] {
            if !(YEARS.0..=YEARS.1).contains(&date.year()) {
                dates_ok = false;
                self.report(
                    path.field(name),
                    format!(
                        "expected a date in the years {} to {}, found {date}",
                        YEARS.0, YEARS.1
                    ),
                );
            }
        }
        if !dates_ok {
            return;
        }
        let span = (c.ballot - c.start).num_days();
        if span > 0 && (c.tick_days == 0 || i64::from(c.tick_days) > span) {
            self.report(
                path.field("tick_days"),
                format!(
                    "expected tick_days from 1 to {span} (the days from the start to the ballot), found {}",
                    c.tick_days
                ),
            );
        } else if c.tick_days == 0 {
            self.report(
                path.field("tick_days"),
                "expected tick_days of at least 1, found 0",
            );
        }
        if c.ballot <= c.start {
            self.report(
                path.field("ballot"),
                format!(
                    "the ballot ({}) must come after the start ({})",
                    c.ballot, c.start
                ),
            );
        }
        if c.conference_start < c.start || c.conference_start > c.ballot {
            self.report(
                path.field("conference_start"),
                format!(
                    "the conference must start between the start ({}) and the ballot ({}), found {}",
                    c.start, c.ballot, c.conference_start
                ),
            );
        }
        if c.conference_end < c.ballot {
            self.report(
                path.field("conference_end"),
                format!(
                    "the conference must end on or after the ballot ({}), found {}",
                    c.ballot, c.conference_end
                ),
            );
        }
        if c.tick_days > 0 && span > 0 {
            let ticks = span / i64::from(c.tick_days) + 1;
            if ticks > MAX_TICKS {
                self.report(
                    path.field("ballot"),
                    format!(
                        "the calendar has {ticks} ticks of {} day(s); at most {MAX_TICKS} are allowed: use a larger tick_days or a shorter period",
                        c.tick_days
                    ),
                );
            } else {
                self.work(ticks as u64);
            }
        }
    }

    /// Ticks × states × candidates of one run against `limits.max_work`.
    fn work(&mut self, ticks: u64) {
        let s = self.s;
        let states = s.states.len() as u64;
        let candidates = s.candidates.len() as u64;
        // A conference runs each post to its own ballot: at most `ticks`
        // ticks for each of its candidates, so the same bound holds.
        let work = ticks.saturating_mul(states).saturating_mul(candidates);
        let limit = s.limits.max_work;
        if work > limit {
            self.report(
                Path::root().field("calendar").field("ballot"),
                format!(
                    "one run would take {ticks} ticks × {states} states × {candidates} candidates = {work} steps, more than the limit of {limit}; use a larger calendar.tick_days, or, if you mean it, raise the limit with `limits: (max_work: {work})` (docs/SCENARIO.md, Limits)"
                ),
            );
        }
    }

    fn unique_ids<'b>(&mut self, list: &str, what: &str, ids: impl Iterator<Item = &'b str>) {
        let mut path = Path::root();
        for part in list.split('.') {
            path = path.field(part);
        }
        self.unique_ids_in(what, ids.enumerate().map(|(i, id)| (path.index(i), id)));
    }

    /// Each id once: a repeat is reported at its `id` (or `code`) value,
    /// with a note at the first.
    fn unique_ids_in<'b>(&mut self, what: &str, ids: impl Iterator<Item = (Path, &'b str)>) {
        let mut seen: HashMap<&str, Path> = HashMap::new();
        let key = if what == "member state" { "code" } else { "id" };
        for (item, id) in ids {
            if id.is_empty() {
                self.report(item.field(key), format!("empty {what} id"));
            } else if let Some(first) = seen.get(id) {
                self.problems.push(Problem {
                    path: item.field(key),
                    message: format!("duplicate {what} id `{id}`; each id must be unique"),
                    related: Some((first.field(key), format!("`{id}` is first used here"))),
                });
            } else {
                seen.insert(id, item);
            }
        }
    }

    fn member_state(&mut self, m: &MemberState) {
        let path = Path::root().field("states").key(&m.code);
        if !self.regions.contains(&m.region.as_str()) {
            let msg = if self.regions.is_empty() {
                format!(
                    "unknown region `{}` for member state `{}`; the scenario declares no regions: add them under `regions`",
                    m.region, m.code
                )
            } else {
                format!(
                    "unknown region `{}` for member state `{}`; expected one of: {}{}",
                    m.region,
                    m.code,
                    self.regions.join(", "),
                    did_you_mean(&m.region, self.regions.iter().copied())
                )
            };
            self.report(path.field("region"), msg);
        }
        for (k, b) in m.blocs.iter().enumerate() {
            self.reference(
                &path.field("blocs").index(k),
                "bloc",
                b,
                &self.blocs.clone(),
            );
        }
        for (name, value) in &m.features {
            let fpath = path.field("features").field(name);
            match self.features.get(name.as_str()) {
                None => {
                    let known: Vec<&str> = self.features.keys().copied().collect();
                    let msg = format!(
                        "unknown feature `{name}` for member state `{}`; declare it under `features`{}",
                        m.code,
                        did_you_mean(name, known)
                    );
                    self.report(fpath, msg);
                }
                Some(values) if !values.contains(&value.as_str()) => {
                    let msg = format!(
                        "value `{value}` is not a value of feature `{name}`; expected one of: {}{}",
                        values.join(", "),
                        did_you_mean(value, values.iter().copied())
                    );
                    self.report(fpath, msg);
                }
                _ => {}
            }
        }
    }

    fn campaign(&mut self, c: &Campaign) {
        let path = Path::root().field("campaigns").key(&c.id);
        self.candidate_ref(&path.field("candidate"), &c.candidate);
        self.selector(&path.field("target"), &c.target, true);
        self.uncertain(&path.field("strength"), &c.strength, "strength");
        self.uncertain(&path.field("budget"), &c.budget, "budget");
        if c.saturation.0 <= 0.0 {
            self.report(
                path.field("saturation"),
                "expected a saturation greater than 0",
            );
        }
        if c.end < c.start {
            self.report(
                path.field("end"),
                format!(
                    "campaign `{}` ends ({}) before it starts ({})",
                    c.id, c.end, c.start
                ),
            );
        }
        self.in_calendar(&path.field("start"), c.start);
        self.in_calendar(&path.field("end"), c.end);
        self.basis(&path.field("basis"), &c.basis);
        for (i, t) in c.tactics.iter().enumerate() {
            let tpath = path.field("tactics").index(i);
            self.selector(&tpath.field("target"), &t.target, false);
            self.uncertain(&tpath.field("effort"), &t.effort, "effort");
            self.in_calendar(&tpath.field("start"), t.start);
            if let Some(end) = t.end {
                self.in_calendar(&tpath.field("end"), end);
                if end < t.start {
                    self.report(
                        tpath.field("end"),
                        format!("tactic ends ({end}) before it starts ({})", t.start),
                    );
                }
            }
            self.basis(&tpath.field("basis"), &t.basis);
        }
    }

    fn event(&mut self, e: &Event) {
        let path = Path::root().field("events").key(&e.id);
        self.in_calendar(&path.field("date"), e.date);
        if e.effects.is_empty() {
            self.report(
                path.field("effects"),
                format!("event `{}` has no effects", e.id),
            );
        }
        for (i, eff) in e.effects.iter().enumerate() {
            let epath = path.field("effects").index(i);
            self.selector(&epath.field("target"), &eff.target, false);
            self.candidate_ref(&epath.field("candidate"), &eff.candidate);
            self.uncertain(&epath.field("shift"), &eff.shift, "shift");
        }
        self.basis(&path.field("basis"), &e.basis);
    }

    fn params(&mut self) {
        let path = Path::root().field("params");
        let p = &self.s.params;
        self.uncertain(&path.field("temperature"), &p.temperature, "temperature");
        self.uncertain(&path.field("stubbornness"), &p.stubbornness, "stubbornness");
        self.uncertain(
            &path.field("peer_influence"),
            &p.peer_influence,
            "peer_influence",
        );
        self.uncertain(
            &path.field("conference_peer_influence"),
            &p.conference_peer_influence,
            "conference_peer_influence",
        );
        self.uncertain(&path.field("noise"), &p.noise, "noise");
        self.uncertain(&path.field("abstention"), &p.abstention, "abstention");
        self.uncertain(&path.field("attendance"), &p.attendance, "attendance");
        self.uncertain(
            &path.field("pledge_threshold"),
            &p.pledge_threshold,
            "pledge_threshold",
        );
        self.uncertain(&path.field("defection"), &p.defection, "defection");
        if p.temperature.central() <= 0.0
            || matches!(p.temperature.distribution(), Some(d) if d.span(0.0, f64::INFINITY).0 <= 0.0)
        {
            self.report(
                path.field("temperature"),
                "expected a temperature greater than 0",
            );
        }
        for (name, basis) in &p.basis {
            if !Params::NAMES.contains(&name.as_str()) {
                let msg = format!(
                    "unknown parameter `{name}` in params.basis; expected one of: {}{}",
                    Params::NAMES.join(", "),
                    did_you_mean(name, Params::NAMES)
                );
                self.report(path.field("basis").field(name), msg);
            }
            self.basis(&path.field("basis").field(name), basis);
        }
    }

    fn in_calendar(&mut self, path: &Path, date: NaiveDate) {
        let c = &self.s.calendar;
        if date < c.start || date > c.ballot {
            self.report(
                path.clone(),
                format!(
                    "date {date} is outside the calendar ({} to the ballot on {})",
                    c.start, c.ballot
                ),
            );
        }
    }

    fn finite(&mut self, path: &Path, value: f64, what: &str) {
        if !value.is_finite() || value.abs() > 1e6 {
            self.report(
                path.clone(),
                format!("expected a finite {what} between -1e6 and 1e6, found {value}"),
            );
        }
    }

    fn basis(&mut self, path: &Path, basis: &Basis) {
        match basis {
            Basis::Source(ids) if ids.is_empty() => {
                self.report(path.clone(), "Source([...]) lists no source ids")
            }
            Basis::Source(ids) => {
                for (k, id) in ids.iter().enumerate() {
                    if !self.sources.contains(&id.as_str()) {
                        let msg = format!(
                            "unknown source `{id}`; declare it in meta.sources{}",
                            did_you_mean(id, self.sources.iter().copied())
                        );
                        self.report(path.index(0).index(k), msg);
                    }
                }
            }
            Basis::Assumption(text) if text.trim().is_empty() => {
                self.report(path.clone(), "an assumption needs a reason")
            }
            Basis::Assumption(_) => {}
        }
    }

    fn state_ref(&mut self, path: &Path, code: &str) {
        let known = self.states.clone();
        self.reference(path, "member state", code, &known);
    }

    fn candidate_ref(&mut self, path: &Path, id: &str) {
        let known = self.candidates.clone();
        self.reference(path, "candidate", id, &known);
    }

    fn reference(&mut self, path: &Path, what: &str, id: &str, known: &[&str]) {
        if known.contains(&id) || self.broken.contains(id) {
            return;
        }
        let list = if known.is_empty() {
            format!("; the scenario declares no {what}s")
        } else if known.len() <= 12 {
            format!("; expected one of: {}", known.join(", "))
        } else {
            String::new()
        };
        self.report(
            path.clone(),
            format!(
                "unknown {what} `{id}`{list}{}",
                did_you_mean(id, known.iter().copied())
            ),
        );
    }

    fn selector(&mut self, path: &Path, sel: &Selector, swing_allowed: bool) {
        match sel {
            Selector::All => {}
            Selector::States(codes) => {
                for (k, c) in codes.iter().enumerate() {
                    self.state_ref(&path.index(0).index(k), c);
                }
            }
            Selector::Regions(ids) => {
                let known = self.regions.clone();
                for (k, r) in ids.iter().enumerate() {
                    self.reference(&path.index(0).index(k), "region", r, &known);
                }
            }
            Selector::Blocs(ids) => {
                let known = self.blocs.clone();
                for (k, b) in ids.iter().enumerate() {
                    self.reference(&path.index(0).index(k), "bloc", b, &known);
                }
            }
            Selector::Feature { name, values } => match self.features.get(name.as_str()).cloned() {
                None => {
                    let known: Vec<&str> = self.features.keys().copied().collect();
                    self.reference(&path.field("name"), "feature", name, &known);
                }
                Some(allowed) => {
                    for (k, v) in values.iter().enumerate() {
                        if !allowed.contains(&v.as_str()) {
                            let msg = format!(
                                "value `{v}` is not a value of feature `{name}`; expected one of: {}{}",
                                allowed.join(", "),
                                did_you_mean(v, allowed.iter().copied())
                            );
                            self.report(path.field("values").index(k), msg);
                        }
                    }
                }
            },
            Selector::AllOf(list) | Selector::AnyOf(list) => {
                for (k, inner) in list.iter().enumerate() {
                    self.selector(&path.index(0).index(k), inner, false);
                }
            }
            Selector::Not(inner) => self.selector(&path.index(0), inner, false),
            Selector::Swing { among, count } => {
                if !swing_allowed {
                    self.report(
                        path.clone(),
                        "Swing(...) selects states while a campaign runs; it is allowed only as a campaign's `target`",
                    );
                }
                let states = self.states.len().max(1);
                if *count == 0 || *count as usize > states {
                    self.report(
                        path.field("count"),
                        format!(
                            "expected a count from 1 to {states} (the number of member states), found {count}"
                        ),
                    );
                }
                self.selector(&path.field("among"), among, false);
            }
        }
    }
}
