//! Data checks of the PP-22 scenario (`scenarios/itu_pp22.ron`) and its what-ifs.
//!
//! The file is read with `ron` straight into [`Scenario`], without the loader,
//! so these checks hold whatever the validator does: 193 unique states, the ITU
//! region sizes that the data gives, every id resolving, every number carrying
//! a basis whose sources exist, dates inside the calendar, and the generated
//! file matching its data (`scripts/gen_pp22.py --check`). The base and every
//! what-if must also pass the scenario loader's own validation.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use lobbysim::scenario::Distribution;
use lobbysim::scenario::{Basis, Params, Scenario, Selector, WhatIf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn pp22() -> Scenario {
    let path = root().join("scenarios/itu_pp22.ron");
    ron_options()
        .from_str(&read(&path))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Fails with every problem listed, not just the first.
fn assert_no_problems(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} problem(s):\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

/// The ids a scenario defines, for resolving references.
struct Ids {
    states: BTreeSet<String>,
    regions: BTreeSet<String>,
    blocs: BTreeSet<String>,
    features: BTreeMap<String, BTreeSet<String>>,
    candidates: BTreeSet<String>,
    sources: BTreeSet<String>,
}

impl Ids {
    fn of(s: &Scenario) -> Ids {
        Ids {
            states: s.states.iter().map(|m| m.code.clone()).collect(),
            regions: s.regions.iter().map(|r| r.id.clone()).collect(),
            blocs: s.blocs.iter().map(|b| b.id.clone()).collect(),
            features: s
                .features
                .iter()
                .map(|f| (f.id.clone(), f.values.iter().cloned().collect()))
                .collect(),
            candidates: s.candidates.iter().map(|c| c.id.clone()).collect(),
            sources: s.meta.sources.iter().map(|r| r.id.clone()).collect(),
        }
    }

    fn selector(&self, sel: &Selector, at: &str, problems: &mut Vec<String>) {
        let mut missing = |kind: &str, set: &BTreeSet<String>, ids: &[String]| {
            for id in ids.iter().filter(|id| !set.contains(*id)) {
                problems.push(format!("{at}: unknown {kind} {id:?}"));
            }
        };
        match sel {
            Selector::All => {}
            Selector::States(ids) => missing("state", &self.states, ids),
            Selector::Regions(ids) => missing("region", &self.regions, ids),
            Selector::Blocs(ids) => missing("bloc", &self.blocs, ids),
            Selector::Feature { name, values } => match self.features.get(name) {
                None => problems.push(format!("{at}: unknown feature {name:?}")),
                Some(allowed) => {
                    for v in values.iter().filter(|v| !allowed.contains(*v)) {
                        problems.push(format!("{at}: {v:?} is not a value of feature {name:?}"));
                    }
                }
            },
            Selector::AllOf(parts) | Selector::AnyOf(parts) => {
                for p in parts {
                    self.selector(p, at, problems);
                }
            }
            Selector::Not(inner) => self.selector(inner, at, problems),
            Selector::Swing { among, count } => {
                if *count == 0 {
                    problems.push(format!("{at}: Swing with count 0"));
                }
                self.selector(among, at, problems);
            }
        }
    }

    fn candidate(&self, id: &str, at: &str, problems: &mut Vec<String>) {
        if !self.candidates.contains(id) {
            problems.push(format!("{at}: unknown candidate {id:?}"));
        }
    }

    fn state(&self, code: &str, at: &str, problems: &mut Vec<String>) {
        if !self.states.contains(code) {
            problems.push(format!("{at}: unknown state {code:?}"));
        }
    }

    /// A basis must say something, and the sources it cites must exist, both
    /// in `Source([...])` and as `[id]` citations inside an assumption's text.
    fn basis(&self, basis: &Basis, at: &str, problems: &mut Vec<String>) {
        match basis {
            Basis::Source(ids) => {
                if ids.is_empty() {
                    problems.push(format!("{at}: Source([]) names no source"));
                }
                for id in ids.iter().filter(|id| !self.sources.contains(*id)) {
                    problems.push(format!("{at}: source {id:?} is not in meta.sources"));
                }
            }
            Basis::Assumption(text) => {
                if text.trim().is_empty() {
                    problems.push(format!("{at}: an assumption without a reason"));
                }
                for id in citations(text) {
                    if !self.sources.contains(&id) {
                        problems.push(format!("{at}: cited [{id}] is not in meta.sources"));
                    }
                }
            }
        }
    }
}

/// The `[id]` citations in a text: lowercase ids of letters, digits, `-` and `.`.
fn citations(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else { break };
        let inner = &after[..close];
        let is_id = !inner.is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
        if is_id {
            out.push(inner.to_string());
        }
        rest = &after[close + 1..];
    }
    out
}

/// ITU region per state from the member-state table, `unknown` mapped to `U`.
fn regions_in_data() -> BTreeMap<String, String> {
    let path = root().join("scenarios/data/itu_member_states_2022.csv");
    let mut reader =
        csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = reader.headers().expect("a header row").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (iso3, region) = (col("iso3"), col("itu_region"));
    reader
        .records()
        .map(|r| {
            let r = r.expect("a valid CSV row");
            let region = match &r[region] {
                "unknown" => "U".to_string(),
                other => other.to_string(),
            };
            (r[iso3].to_string(), region)
        })
        .collect()
}

#[test]
fn pp22_has_193_unique_states_sorted_by_code() {
    let s = pp22();
    let codes: Vec<&str> = s.states.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(codes.len(), 193);
    let unique: BTreeSet<&str> = codes.iter().copied().collect();
    assert_eq!(unique.len(), 193, "duplicate state codes");
    assert!(
        codes.windows(2).all(|w| w[0] < w[1]),
        "states are not sorted by code"
    );
}

#[test]
fn pp22_region_sizes_follow_the_data() {
    let s = pp22();
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &s.states {
        *sizes.entry(m.region.as_str()).or_default() += 1;
    }
    assert_eq!(sizes.get("A"), Some(&35), "region A");
    assert_eq!(sizes.get("D"), Some(&54), "region D");

    let data = regions_in_data();
    let mut data_sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for region in data.values() {
        *data_sizes.entry(region.as_str()).or_default() += 1;
    }
    assert_eq!(
        sizes, data_sizes,
        "region sizes differ from the member-state table"
    );
    for m in &s.states {
        assert_eq!(data.get(&m.code), Some(&m.region), "region of {}", m.code);
    }
    // B, C, E and the unverified U share the official 33 + 21 + 50 seats.
    let rest: usize = ["B", "C", "E", "U"]
        .iter()
        .map(|r| sizes.get(r).copied().unwrap_or(0))
        .sum();
    assert_eq!(rest, 33 + 21 + 50);
}

#[test]
fn pp22_every_reference_resolves() {
    let s = pp22();
    let ids = Ids::of(&s);
    let mut problems = Vec::new();

    for m in &s.states {
        let at = format!("state {}", m.code);
        if !ids.regions.contains(&m.region) {
            problems.push(format!("{at}: unknown region {:?}", m.region));
        }
        for b in m.blocs.iter().filter(|b| !ids.blocs.contains(*b)) {
            problems.push(format!("{at}: unknown bloc {b:?}"));
        }
        for f in ids.features.keys().filter(|f| !m.features.contains_key(*f)) {
            problems.push(format!("{at}: no value for feature {f:?}"));
        }
        for (f, v) in &m.features {
            match ids.features.get(f) {
                None => problems.push(format!("{at}: unknown feature {f:?}")),
                Some(values) if !values.contains(v) => {
                    problems.push(format!("{at}: {v:?} is not a value of feature {f:?}"))
                }
                Some(_) => {}
            }
        }
    }
    for c in &s.candidates {
        ids.state(
            &c.nominated_by,
            &format!("candidate {}", c.id),
            &mut problems,
        );
    }
    for (i, t) in s.prior.terms.iter().enumerate() {
        let at = format!("prior term {i} ({})", t.label);
        ids.selector(&t.target, &at, &mut problems);
        ids.candidate(&t.candidate, &at, &mut problems);
    }
    for e in &s.events {
        for (i, eff) in e.effects.iter().enumerate() {
            let at = format!("event {} effect {i}", e.id);
            ids.selector(&eff.target, &at, &mut problems);
            ids.candidate(&eff.candidate, &at, &mut problems);
        }
    }
    for c in &s.campaigns {
        let at = format!("campaign {}", c.id);
        ids.state(&c.sponsor, &at, &mut problems);
        ids.candidate(&c.candidate, &at, &mut problems);
        ids.selector(&c.target, &at, &mut problems);
        for t in &c.tactics {
            ids.selector(
                &t.target,
                &format!("{at} tactic {:?}", t.label),
                &mut problems,
            );
        }
    }
    let campaign_ids: BTreeSet<&str> = s.campaigns.iter().map(|c| c.id.as_str()).collect();
    let event_ids: BTreeSet<&str> = s.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        campaign_ids.len(),
        s.campaigns.len(),
        "duplicate campaign ids"
    );
    assert_eq!(event_ids.len(), s.events.len(), "duplicate event ids");
    assert_eq!(
        ids.sources.len(),
        s.meta.sources.len(),
        "duplicate source ids"
    );
    assert_no_problems(&problems);
}

#[test]
fn pp22_every_number_has_a_basis_that_resolves() {
    let s = pp22();
    let ids = Ids::of(&s);
    let mut problems = Vec::new();

    for f in &s.features {
        ids.basis(&f.basis, &format!("feature {}", f.id), &mut problems);
    }
    for b in &s.blocs {
        ids.basis(&b.basis, &format!("bloc {}", b.id), &mut problems);
    }
    for (i, t) in s.prior.terms.iter().enumerate() {
        ids.basis(
            &t.basis,
            &format!("prior term {i} ({})", t.label),
            &mut problems,
        );
    }
    for e in &s.events {
        ids.basis(&e.basis, &format!("event {}", e.id), &mut problems);
    }
    for c in &s.campaigns {
        ids.basis(&c.basis, &format!("campaign {}", c.id), &mut problems);
        for t in &c.tactics {
            ids.basis(
                &t.basis,
                &format!("campaign {} tactic {:?}", c.id, t.label),
                &mut problems,
            );
        }
    }
    for name in Params::NAMES {
        match s.params.basis.get(name) {
            None => problems.push(format!("params: no basis for {name}")),
            Some(b) => ids.basis(b, &format!("params.{name}"), &mut problems),
        }
    }
    for name in s
        .params
        .basis
        .keys()
        .filter(|k| !Params::NAMES.contains(&k.as_str()))
    {
        problems.push(format!("params: basis for unknown parameter {name:?}"));
    }
    ids.basis(&s.ballot.basis, "ballot", &mut problems);
    assert_no_problems(&problems);
}

#[test]
fn pp22_dates_lie_inside_the_calendar() {
    let s = pp22();
    let cal = &s.calendar;
    assert!(
        cal.start < cal.conference_start,
        "conference starts before the calendar"
    );
    assert!(cal.conference_start <= cal.ballot && cal.ballot <= cal.conference_end);
    let inside = |d: NaiveDate| cal.start <= d && d <= cal.ballot;
    let mut problems = Vec::new();
    for e in s.events.iter().filter(|e| !inside(e.date)) {
        problems.push(format!(
            "event {} on {} is outside the calendar",
            e.id, e.date
        ));
    }
    for c in &s.campaigns {
        if !(inside(c.start) && inside(c.end) && c.start <= c.end) {
            problems.push(format!(
                "campaign {}: {}..{} outside the calendar",
                c.id, c.start, c.end
            ));
        }
        for t in &c.tactics {
            let end = t.end.unwrap_or(t.start);
            if !(c.start <= t.start && t.start <= end && end <= c.end) {
                problems.push(format!(
                    "campaign {} tactic {:?}: {}..{end} outside the campaign's {}..{}",
                    c.id, t.label, t.start, c.start, c.end
                ));
            }
        }
    }
    assert_no_problems(&problems);
}

#[test]
fn pp22_what_ifs_refer_to_the_base() {
    let base = pp22();
    let campaigns: BTreeSet<&str> = base.campaigns.iter().map(|c| c.id.as_str()).collect();
    let events: BTreeSet<&str> = base.events.iter().map(|e| e.id.as_str()).collect();
    let mut problems = Vec::new();
    for path in what_if_files() {
        let at = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let w: WhatIf = ron_options()
            .from_str(&read(&path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if w.base != "../itu_pp22.ron" {
            problems.push(format!("{at}: base {:?} is not the PP-22 scenario", w.base));
        }
        if w.disable.is_empty()
            && w.set.is_empty()
            && w.add_campaigns.is_empty()
            && w.add_events.is_empty()
        {
            problems.push(format!("{at}: changes nothing"));
        }
        for id in &w.disable {
            if !campaigns.contains(id.as_str()) && !events.contains(id.as_str()) {
                problems.push(format!("{at}: disables unknown id {id:?}"));
            }
        }
    }
    assert_no_problems(&problems);
}

#[test]
fn pp22_files_pass_the_validator() {
    let mut files = vec![root().join("scenarios/itu_pp22.ron")];
    files.extend(what_if_files());
    let mut problems = Vec::new();
    for path in &files {
        if let Err(e) = lobbysim::scenario::load(path) {
            problems.push(format!("{}: {e}", path.display()));
        }
    }
    assert_no_problems(&problems);
}

/// The what-if files of the PP-22 case, sorted; fails if a required one is missing.
fn what_if_files() -> Vec<PathBuf> {
    let dir = root().join("scenarios/what-if");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    for required in [
        "no_invasion",
        "no_us_africa",
        "russia_double_budget",
        "eu_neutral",
    ] {
        assert!(
            files
                .iter()
                .any(|p| p.file_stem().is_some_and(|s| s == required)),
            "missing what-if {required}.ron"
        );
    }
    files
}

#[test]
fn pp22_russia_double_budget_doubles_each_russian_budget() {
    let base = pp22();
    let path = root().join("scenarios/what-if/russia_double_budget.ron");
    let w: WhatIf = ron_options()
        .from_str(&read(&path))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let russian: Vec<_> = base
        .campaigns
        .iter()
        .filter(|c| c.sponsor == "RUS")
        .collect();
    assert!(!russian.is_empty(), "no Russian campaign in the base");
    for c in russian {
        let key = format!("campaigns.{}.budget=", c.id);
        let set = w
            .set
            .iter()
            .find(|s| s.starts_with(&key))
            .unwrap_or_else(|| panic!("no budget override for {}", c.id));
        // The override keeps the base's range: twice its central value, the same spread.
        let mut changed = base.clone();
        lobbysim::scenario::overrides::set(&mut changed, set).expect("a valid override");
        let doubled = changed.campaigns.iter().find(|d| d.id == c.id).unwrap();
        assert!(
            (doubled.budget.central() - 2.0 * c.budget.central()).abs() < 1e-9,
            "{set} is not twice {}",
            c.budget.central()
        );
        if let (
            Some(Distribution::LogNormal { sigma: a, .. }),
            Some(Distribution::LogNormal { sigma: b, .. }),
        ) = (c.budget.distribution(), doubled.budget.distribution())
        {
            assert_eq!(a, b, "{set} changes the spread");
        } else {
            assert_eq!(
                c.budget.distribution().is_some(),
                doubled.budget.distribution().is_some(),
                "{set}"
            );
        }
    }
}

#[test]
fn pp22_generated_files_are_up_to_date() {
    let output = Command::new("python3")
        .arg("scripts/gen_pp22.py")
        .arg("--check")
        .current_dir(root())
        .output();
    match output {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!(
                "skipped: python3 is not installed, cannot check scripts/gen_pp22.py --check"
            );
        }
        Err(e) => panic!("cannot run python3: {e}"),
        Ok(out) => assert!(
            out.status.success(),
            "scripts/gen_pp22.py --check failed ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

#[test]
fn pp22_prior_terms_have_ids_that_overrides_can_use() {
    let s = pp22();
    let ids: Vec<&str> = s
        .prior
        .terms
        .iter()
        .map(|t| t.id.as_deref().unwrap_or(""))
        .collect();
    assert!(ids.iter().all(|id| !id.is_empty()), "{ids:?}");
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    // The sweep of docs/ANALYSIS.md addresses the first term by its id.
    let mut changed = s.clone();
    lobbysim::scenario::overrides::set(&mut changed, "prior.terms.bdt-director.weight=-1.25")
        .expect("a prior term can be addressed by its id");
    assert_eq!(changed.prior.terms[0].weight.central(), -1.25);
    assert_ne!(s.prior.terms[0].weight.central(), -1.25);
}
