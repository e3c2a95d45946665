//! The tidy tables and the summary of one conference run, across its
//! posts (docs/OUTPUTS.md, "Conference run"): `posts.csv`, `deals.csv`,
//! `after_results.csv`, `summary.txt` and `summary.json`. Each post's own
//! files are the usual ones of a run, in `posts/<post id>/`.

use std::io::{self, Write};

use crate::result::{ConferenceResult, RunResult};
use crate::scenario::{Scenario, Selector};

pub const POSTS_FILE: &str = "posts.csv";
pub const DEALS_FILE: &str = "deals.csv";
pub const AFTER_RESULTS_FILE: &str = "after_results.csv";

/// The folder of post `id`'s files, relative to the run's folder.
pub fn post_folder(id: &str) -> String {
    format!("posts/{id}")
}

/// Candidate c's votes in the last round it stood in (0 if it stood in none).
pub fn last_votes(result: &RunResult, c: usize) -> u32 {
    result
        .ballot
        .rounds
        .iter()
        .rev()
        .find(|r| r.standing.contains(&c))
        .map_or(0, |r| r.tally[c])
}

/// `posts.csv`: one row per post and candidate, posts in ballot order.
pub fn write_posts(w: &mut dyn Write, run: &ConferenceResult) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record([
        "post",
        "post_name",
        "ballot_date",
        "seats",
        "candidate",
        "candidate_name",
        "votes",
        "elected",
        "rounds",
    ])?;
    for post in &run.posts {
        let r = &post.result;
        for (c, cand) in r.candidates.iter().enumerate() {
            out.write_record([
                post.id.clone(),
                post.name.clone(),
                r.ballot_date.to_string(),
                r.ballot.seats.to_string(),
                cand.id.clone(),
                cand.name.clone(),
                last_votes(r, c).to_string(),
                r.ballot.winners.contains(&c).to_string(),
                r.ballot.rounds.len().to_string(),
            ])?;
        }
    }
    out.flush()
}

/// A selector as written in a scenario file, without quotes: `Blocs([EU])`.
pub fn selector_text(sel: &Selector) -> String {
    ron::to_string(sel).unwrap_or_default().replace('"', "")
}

/// `deals.csv`: one row per deal side, in file order.
pub fn write_deals(w: &mut dyn Write, s: &Scenario, run: &ConferenceResult) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(["deal", "side", "party", "backs", "post", "kept"])?;
    for (deal, outcome) in s.deals.iter().zip(&run.deals) {
        for (k, (side, kept)) in deal.sides.iter().zip(&outcome.kept).enumerate() {
            out.write_record([
                deal.id.clone(),
                k.to_string(),
                selector_text(&side.party),
                side.backs.clone(),
                s.post_of(&side.backs)
                    .map(|p| p.id.clone())
                    .unwrap_or_default(),
                kept.to_string(),
            ])?;
        }
    }
    out.flush()
}

/// `after_results.csv`: one row per after-result link, in file order.
pub fn write_after_results(
    w: &mut dyn Write,
    s: &Scenario,
    run: &ConferenceResult,
) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(["link", "post", "fired"])?;
    for (link, outcome) in s.after_results.iter().zip(&run.after_results) {
        out.write_record([
            link.id.clone(),
            link.post.clone(),
            outcome.fired.to_string(),
        ])?;
    }
    out.flush()
}

/// The names of a post's winners, in order of election.
fn winners(r: &RunResult) -> Vec<String> {
    r.ballot
        .winners
        .iter()
        .map(|&c| r.candidates[c].id.clone())
        .collect()
}

/// `summary.json`: each post's winners, each deal side kept or broken,
/// each link fired or not.
pub fn summary_json(s: &Scenario, run: &ConferenceResult) -> String {
    let posts: Vec<serde_json::Value> = run
        .posts
        .iter()
        .map(|p| {
            let r = &p.result;
            serde_json::json!({
                "post": p.id,
                "name": p.name,
                "ballot_date": r.ballot_date.to_string(),
                "seats": r.ballot.seats,
                "winners": winners(r),
                "decided": r.ballot.decided(),
                "rounds": r.ballot.rounds.len(),
            })
        })
        .collect();
    let deals: Vec<serde_json::Value> = s
        .deals
        .iter()
        .zip(&run.deals)
        .map(|(d, o)| {
            serde_json::json!({
                "deal": d.id,
                "backs": d.sides.iter().map(|x| x.backs.clone()).collect::<Vec<_>>(),
                "kept": o.kept,
            })
        })
        .collect();
    let links: Vec<serde_json::Value> = run
        .after_results
        .iter()
        .map(|o| serde_json::json!({"link": o.id, "fired": o.fired}))
        .collect();
    let json = serde_json::json!({
        "scenario": run.scenario,
        "seed": run.seed,
        "central": run.central,
        "posts": posts,
        "deals": deals,
        "after_results": links,
    });
    crate::report::json_text::sorted_pretty(&json)
}

/// `summary.txt`: a few lines per post (as `lobbysim run` prints for one
/// post), then the deals and the links.
pub fn summary(
    s: &Scenario,
    run: &ConferenceResult,
    post_summary: fn(&RunResult) -> String,
) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} (seed {}): {} posts",
        run.title,
        run.seed,
        run.posts.len()
    );
    for p in &run.posts {
        let _ = writeln!(out, "\n{} (post {})", p.name, p.id);
        for line in post_summary(&p.result).lines() {
            let _ = writeln!(out, "  {line}");
        }
    }
    if !run.deals.is_empty() {
        let _ = writeln!(out, "\ndeals:");
    }
    for (d, o) in s.deals.iter().zip(&run.deals) {
        let sides: Vec<String> = d
            .sides
            .iter()
            .zip(&o.kept)
            .map(|(side, kept)| {
                format!(
                    "{} backs {}: {}",
                    selector_text(&side.party),
                    side.backs,
                    if *kept { "kept" } else { "broken" }
                )
            })
            .collect();
        let _ = writeln!(out, "  {}: {}", d.id, sides.join("; "));
    }
    if !run.after_results.is_empty() {
        let _ = writeln!(out, "\nafter results:");
    }
    for (link, o) in s.after_results.iter().zip(&run.after_results) {
        let _ = writeln!(
            out,
            "  {} (after post {}): {}",
            o.id,
            link.post,
            if o.fired { "fired" } else { "did not fire" }
        );
    }
    out
}
