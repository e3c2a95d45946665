//! `lobbysim validate`: check a scenario and print a one-screen summary.

use std::fmt::Write;
use std::path::Path;

use super::{CommandError, load_scenario};
use crate::cli::OverrideArgs;
use crate::result::ScenarioDisplay;
use crate::scenario::{Basis, LoadedScenario, Scenario};

pub fn validate(file: &Path, overrides: &OverrideArgs) -> Result<(), CommandError> {
    let loaded = load_scenario(file, overrides)?;
    print!("{}", summary(&loaded));
    Ok(())
}

/// The summary printed for a valid scenario.
pub fn summary(loaded: &LoadedScenario) -> String {
    let s: &Scenario = &loaded.scenario;
    let mut out = String::new();
    let title = ScenarioDisplay::of(s).title;
    let _ = writeln!(out, "{}: valid", loaded.path().display());
    let _ = writeln!(out, "  {title} ({})", s.meta.name);
    if loaded.files.len() > 1 {
        let bases: Vec<String> = loaded.files[1..]
            .iter()
            .map(|f| f.path.display().to_string())
            .collect();
        let _ = writeln!(out, "  what-if of:     {}", bases.join(" <- "));
    }
    let c = &s.calendar;
    let ticks = (c.ballot - c.start).num_days() / i64::from(c.tick_days.max(1));
    let _ = writeln!(
        out,
        "  calendar:       {} to the ballot on {} ({ticks} ticks of {} day{}); conference {} to {}",
        c.start,
        c.ballot,
        c.tick_days,
        if c.tick_days == 1 { "" } else { "s" },
        c.conference_start,
        c.conference_end
    );
    let voters = s.states.iter().filter(|m| m.voting_rights).count();
    let _ = writeln!(
        out,
        "  member states:  {} ({voters} with voting rights)",
        s.states.len()
    );
    let regions: Vec<String> = s
        .regions
        .iter()
        .map(|r| {
            let n = s.states.iter().filter(|m| m.region == r.id).count();
            format!("{} {n}", r.id)
        })
        .collect();
    let _ = writeln!(out, "  regions:        {}", regions.join(", "));
    let candidates_of = |post: Option<&str>| -> Vec<String> {
        s.candidates
            .iter()
            .filter(|c| post.is_none() || c.post.as_deref() == post)
            .map(|c| format!("{} ({})", c.name, c.nominated_by))
            .collect()
    };
    if s.is_conference() {
        let _ = writeln!(out, "  posts:          {} (a conference)", s.posts.len());
        let mut posts: Vec<_> = s.posts.iter().collect();
        posts.sort_by_key(|p| p.ballot_date);
        for p in posts {
            let rules = crate::ballot::Rules::of(&p.ballot, &[]);
            let seats = if rules.seats == 1 {
                String::new()
            } else {
                format!(", {} seats", rules.seats)
            };
            let names = candidates_of(Some(p.id.as_str()));
            let _ = writeln!(
                out,
                "    {} ({}), ballot on {}{seats}: {} candidates: {}",
                p.name,
                p.id,
                p.ballot_date,
                names.len(),
                names.join(", ")
            );
        }
        if !s.deals.is_empty() {
            let deals: Vec<String> = s
                .deals
                .iter()
                .map(|d| {
                    let backs: Vec<&str> = d.sides.iter().map(|x| x.backs.as_str()).collect();
                    format!("{} (backs {})", d.id, backs.join(" and "))
                })
                .collect();
            let _ = writeln!(
                out,
                "  deals:          {}: {}",
                deals.len(),
                deals.join(", ")
            );
        }
        if !s.after_results.is_empty() {
            let links: Vec<String> = s
                .after_results
                .iter()
                .map(|a| format!("{} (after {})", a.id, a.post))
                .collect();
            let _ = writeln!(
                out,
                "  after results:  {}: {}",
                links.len(),
                links.join(", ")
            );
        }
    } else {
        let candidates = candidates_of(None);
        let _ = writeln!(
            out,
            "  candidates:     {}: {}",
            s.candidates.len(),
            candidates.join(", ")
        );
    }
    let blocs: Vec<&str> = s.blocs.iter().map(|b| b.id.as_str()).collect();
    let _ = writeln!(
        out,
        "  blocs:          {}: {}",
        s.blocs.len(),
        blocs.join(", ")
    );
    let campaigns: Vec<String> = s
        .campaigns
        .iter()
        .map(|c| {
            let n = c.tactics.len();
            format!("{} ({n} tactic{})", c.id, if n == 1 { "" } else { "s" })
        })
        .collect();
    let _ = writeln!(
        out,
        "  campaigns:      {}: {}",
        s.campaigns.len(),
        campaigns.join(", ")
    );
    let events: Vec<String> = s
        .events
        .iter()
        .map(|e| format!("{} {}", e.date, e.id))
        .collect();
    let _ = writeln!(
        out,
        "  events:         {}: {}",
        s.events.len(),
        events.join(", ")
    );
    let (sourced, assumed) = basis_counts(s);
    let _ = writeln!(
        out,
        "  prior terms:    {}; numbers with a source: {sourced}, marked as assumptions: {assumed}",
        s.prior.terms.len()
    );
    let missing: Vec<&str> = Scenario::param_names()
        .iter()
        .copied()
        .filter(|p| !s.params.basis.contains_key(*p))
        .collect();
    if !missing.is_empty() {
        let _ = writeln!(
            out,
            "  note: no basis given for params {} (defaults or values without a stated source)",
            missing.join(", ")
        );
    }
    out
}

/// How many bases in the scenario cite sources and how many are assumptions.
pub fn basis_counts(s: &Scenario) -> (usize, usize) {
    let mut bases: Vec<&Basis> = Vec::new();
    bases.extend(s.features.iter().map(|f| &f.basis));
    bases.extend(s.blocs.iter().map(|b| &b.basis));
    bases.extend(s.prior.terms.iter().map(|t| &t.basis));
    for c in &s.campaigns {
        bases.push(&c.basis);
        bases.extend(c.tactics.iter().map(|t| &t.basis));
    }
    bases.extend(s.events.iter().map(|e| &e.basis));
    bases.extend(s.params.basis.values());
    bases.push(&s.ballot.basis);
    let sourced = bases
        .iter()
        .filter(|b| matches!(b, Basis::Source(_)))
        .count();
    (sourced, bases.len() - sourced)
}
