//! The files of a conference ensemble (docs/OUTPUTS.md, "conference
//! ensemble", lists every column), written from its totals only, so that the
//! same totals give byte-identical files however the runs were computed:
//!
//! - `summary.json` ([`ConferenceSummary`]) and `summary.txt` (the printed summary);
//! - `post_outcomes.csv`: per post and candidate, the chance of being elected;
//! - `post_rounds.csv`: per post, runs by rounds held;
//! - `joint_outcomes.csv` and `joint_winners.csv`: every combination of
//!   winners seen across the posts, most frequent first, and who it elects;
//! - `deals_outcomes.csv`: per deal, the chance that every candidate it
//!   backs is elected, overall and given each side kept or broke it;
//! - with the per-run table: `runs.csv` (one row per run and post),
//!   `runs_elected.csv`, `runs_params.csv`, `runs_deals.csv`;
//! - `conference_aggregate.json`, to resume;
//! - the charts `conference` and `joint_outcomes`;
//! - `posts/<id>/`: each post's files as an ensemble of that post alone
//!   ([`super::ensemble`]), `pivotal` counting the first round only.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::charts::ImageFormat;
use super::csv::number;
use super::{OutputDir, ReportError};
use crate::ensemble::conference_file::{CONFERENCE_AGGREGATE_FILE, ConferenceFile};
use crate::ensemble::conference_summary::{ConferenceSummary, JointOutcome, ranked_joint};
use crate::ensemble::stats::Proportion;
use crate::ensemble::{AggregateFile, EnsembleResult};

pub const SUMMARY_FILE: &str = "summary.json";
pub const SUMMARY_TEXT_FILE: &str = "summary.txt";
pub const POST_OUTCOMES_FILE: &str = "post_outcomes.csv";
pub const POST_ROUNDS_FILE: &str = "post_rounds.csv";
pub const JOINT_OUTCOMES_FILE: &str = "joint_outcomes.csv";
pub const JOINT_WINNERS_FILE: &str = "joint_winners.csv";
pub const DEALS_OUTCOMES_FILE: &str = "deals_outcomes.csv";
pub const RUNS_FILE: &str = "runs.csv";
pub const RUNS_ELECTED_FILE: &str = "runs_elected.csv";
pub const RUNS_PARAMS_FILE: &str = "runs_params.csv";
pub const RUNS_DEALS_FILE: &str = "runs_deals.csv";

/// Writes every file of a conference ensemble but the manifest into `dir`;
/// returns their names.
pub fn write_conference_ensemble(
    dir: &OutputDir,
    file: &ConferenceFile,
    summary: &ConferenceSummary,
    format: ImageFormat,
) -> Result<Vec<String>, ReportError> {
    let joint = ranked_joint(&file.frame, &file.aggregate);
    dir.write_bytes(SUMMARY_FILE, summary_json(summary).as_bytes())?;
    dir.write_bytes(SUMMARY_TEXT_FILE, summary_text(summary).as_bytes())?;
    dir.write_with(POST_OUTCOMES_FILE, |w| write_post_outcomes(w, summary))?;
    dir.write_with(POST_ROUNDS_FILE, |w| write_post_rounds(w, summary))?;
    dir.write_with(JOINT_OUTCOMES_FILE, |w| write_joint_outcomes(w, &joint))?;
    dir.write_with(JOINT_WINNERS_FILE, |w| write_joint_winners(w, &joint))?;
    dir.write_with(DEALS_OUTCOMES_FILE, |w| write_deals_outcomes(w, summary))?;
    dir.write_bytes(CONFERENCE_AGGREGATE_FILE, file.to_json().as_bytes())?;
    let mut written: Vec<String> = [
        SUMMARY_FILE,
        SUMMARY_TEXT_FILE,
        POST_OUTCOMES_FILE,
        POST_ROUNDS_FILE,
        JOINT_OUTCOMES_FILE,
        JOINT_WINNERS_FILE,
        DEALS_OUTCOMES_FILE,
        CONFERENCE_AGGREGATE_FILE,
    ]
    .map(String::from)
    .to_vec();
    if file.runs_table.is_some() {
        dir.write_with(RUNS_FILE, |w| write_runs(w, file))?;
        dir.write_with(RUNS_ELECTED_FILE, |w| write_runs_elected(w, file))?;
        dir.write_with(RUNS_PARAMS_FILE, |w| write_runs_params(w, file))?;
        dir.write_with(RUNS_DEALS_FILE, |w| write_runs_deals(w, file))?;
        written.extend(
            [
                RUNS_FILE,
                RUNS_ELECTED_FILE,
                RUNS_PARAMS_FILE,
                RUNS_DEALS_FILE,
            ]
            .map(String::from),
        );
    }
    written.extend(super::charts::conference::write_conference_charts(
        dir, summary, &joint, format,
    )?);
    written.extend(write_posts(dir, file, format)?);
    Ok(written)
}

/// Each post's ensemble files, in `posts/<id>/`, written from its own
/// totals by the writer of a one-post ensemble (no per-run tables: the
/// conference's hold every post).
fn write_posts(
    dir: &OutputDir,
    file: &ConferenceFile,
    format: ImageFormat,
) -> Result<Vec<String>, ReportError> {
    let mut written = Vec::new();
    for (post, totals) in file.frame.posts.iter().zip(&file.posts) {
        let one = AggregateFile {
            provenance: file.provenance.clone(),
            shard: file.shard,
            completed: file.completed.clone(),
            frame: totals.frame.clone(),
            aggregate: totals.aggregate.clone(),
            runs_table: None,
        };
        let result = EnsembleResult::of(&one);
        let sub = dir.folder(&format!("posts/{}", post.id))?;
        let names = super::ensemble::write_ensemble(&sub, &one, &result, format)?;
        written.extend(names.into_iter().map(|n| format!("posts/{}/{n}", post.id)));
    }
    Ok(written)
}

/// `summary.json`: pretty JSON, keys sorted.
pub fn summary_json(summary: &ConferenceSummary) -> String {
    super::json_text::sorted_pretty(&serde_json::to_value(summary).unwrap_or_default())
}

fn percent(p: &Proportion) -> String {
    format!(
        "{:.1}% (95% CI {:.1}-{:.1}%)",
        100.0 * p.p,
        100.0 * p.low,
        100.0 * p.high
    )
}

/// The printed summary: each post's candidates by chance of being elected,
/// the likeliest combinations, and each deal.
pub fn summary_text(s: &ConferenceSummary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} of {} runs, seed {}{}",
        s.title,
        s.runs,
        s.runs_requested,
        s.seed,
        if s.partial { " (PARTIAL)" } else { "" }
    );
    for p in &s.posts {
        let seats = if p.seats == 1 {
            "1 seat".to_owned()
        } else {
            format!("{} seats", p.seats)
        };
        let _ = writeln!(
            out,
            "{} ({}, {seats}, {}; ballot {}):",
            p.name, p.id, p.rule, p.ballot_date
        );
        let mut by_chance: Vec<_> = p.candidates.iter().collect();
        by_chance.sort_by_key(|c| std::cmp::Reverse(c.elected.count));
        for c in by_chance {
            let _ = writeln!(out, "  {:30} elected {}", c.name, percent(&c.elected));
        }
        let _ = writeln!(
            out,
            "  a seat left open {}; more than one round {}",
            percent(&p.undecided),
            percent(&p.more_than_one_round)
        );
    }
    let _ = writeln!(
        out,
        "Likeliest outcomes across the posts ({} combinations seen):",
        s.joint_seen
    );
    for j in s.joint.iter().take(5) {
        let _ = writeln!(out, "  {}. {}  {}", j.rank, j.words(), percent(&j.chance));
    }
    for d in &s.deals {
        let _ = writeln!(out, "Deal {}: {}", d.id, d.label);
        let _ = writeln!(
            out,
            "  every candidate it backs elected: {}; if every side keeps it {}; if a side breaks it {}",
            percent(&d.all_win),
            percent(&d.all_win_if_all_kept),
            percent(&d.all_win_if_any_broken)
        );
        for side in &d.sides {
            let _ = writeln!(
                out,
                "  {} backs {} ({}): keeps it {}",
                side.party,
                side.backs,
                side.post,
                percent(&side.kept)
            );
        }
    }
    for l in &s.links {
        let _ = writeln!(
            out,
            "After {}: {} fired {}",
            l.post,
            l.id,
            percent(&l.fired)
        );
    }
    out
}

fn chance(p: &Proportion) -> [String; 5] {
    [
        p.count.to_string(),
        p.runs.to_string(),
        number(p.p),
        number(p.low),
        number(p.high),
    ]
}

pub fn write_post_outcomes(w: &mut dyn Write, s: &ConferenceSummary) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record([
        "post",
        "post_name",
        "ballot_date",
        "seats",
        "candidate",
        "candidate_name",
        "elected_runs",
        "runs",
        "p_elected",
        "p_elected_low",
        "p_elected_high",
    ])?;
    for p in &s.posts {
        for c in &p.candidates {
            let mut row = vec![
                p.id.clone(),
                p.name.clone(),
                p.ballot_date.to_string(),
                p.seats.to_string(),
                c.id.clone(),
                c.name.clone(),
            ];
            row.extend(chance(&c.elected));
            out.write_record(row)?;
        }
    }
    out.flush()
}

pub fn write_post_rounds(w: &mut dyn Write, s: &ConferenceSummary) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(["post", "rounds", "count", "runs", "share"])?;
    for p in &s.posts {
        for (r, &n) in p.rounds.iter().enumerate().filter(|(_, n)| **n > 0) {
            let share = if s.runs == 0 {
                0.0
            } else {
                n as f64 / s.runs as f64
            };
            out.write_record([
                p.id.clone(),
                r.to_string(),
                n.to_string(),
                s.runs.to_string(),
                number(share),
            ])?;
        }
    }
    out.flush()
}

pub fn write_joint_outcomes(w: &mut dyn Write, joint: &[JointOutcome]) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(["rank", "outcome", "count", "runs", "p", "p_low", "p_high"])?;
    for j in joint {
        let mut row = vec![j.rank.to_string(), j.words()];
        row.extend(chance(&j.chance));
        out.write_record(row)?;
    }
    out.flush()
}

pub fn write_joint_winners(w: &mut dyn Write, joint: &[JointOutcome]) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(["rank", "post", "candidate", "open_seats"])?;
    for j in joint {
        for p in &j.winners {
            for c in &p.elected {
                out.write_record([
                    j.rank.to_string(),
                    p.post.clone(),
                    c.clone(),
                    p.open.to_string(),
                ])?;
            }
            if p.elected.is_empty() {
                out.write_record([
                    j.rank.to_string(),
                    p.post.clone(),
                    String::new(),
                    p.open.to_string(),
                ])?;
            }
        }
    }
    out.flush()
}

pub fn write_deals_outcomes(w: &mut dyn Write, s: &ConferenceSummary) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record([
        "deal", "measure", "side", "party", "backs", "post", "count", "runs", "p", "p_low",
        "p_high",
    ])?;
    for d in &s.deals {
        for (measure, p) in [
            ("all_win", &d.all_win),
            ("all_kept", &d.all_kept),
            ("all_win_if_all_kept", &d.all_win_if_all_kept),
            ("all_win_if_any_broken", &d.all_win_if_any_broken),
        ] {
            let mut row = vec![d.id.clone(), measure.to_owned()];
            row.extend([String::new(), String::new(), String::new(), String::new()]);
            row.extend(chance(p));
            out.write_record(row)?;
        }
        for (i, side) in d.sides.iter().enumerate() {
            for (measure, p) in [
                ("kept", &side.kept),
                ("all_win_if_kept", &side.all_win_if_kept),
                ("all_win_if_broken", &side.all_win_if_broken),
            ] {
                let mut row = vec![
                    d.id.clone(),
                    measure.to_owned(),
                    i.to_string(),
                    side.party.clone(),
                    side.backs.clone(),
                    side.post.clone(),
                ];
                row.extend(chance(p));
                out.write_record(row)?;
            }
        }
    }
    out.flush()
}

pub fn write_runs(w: &mut dyn Write, file: &ConferenceFile) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record([
        "run",
        "seed",
        "post",
        "rounds",
        "seats",
        "seats_filled",
        "elected",
    ])?;
    let Some(table) = &file.runs_table else {
        return out.flush();
    };
    for r in &table.runs {
        for (p, post) in r.posts.iter().zip(&file.frame.posts) {
            let single = (post.seats == 1)
                .then(|| p.winners.first())
                .flatten()
                .map(|&c| post.candidates[c].id.clone());
            out.write_record([
                r.run.to_string(),
                r.seed.to_string(),
                post.id.clone(),
                p.rounds.to_string(),
                post.seats.to_string(),
                p.winners.len().to_string(),
                single.unwrap_or_default(),
            ])?;
        }
    }
    out.flush()
}

pub fn write_runs_elected(w: &mut dyn Write, file: &ConferenceFile) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(["run", "post", "order", "candidate"])?;
    let Some(table) = &file.runs_table else {
        return out.flush();
    };
    for r in &table.runs {
        for (p, post) in r.posts.iter().zip(&file.frame.posts) {
            for (order, &c) in p.winners.iter().enumerate() {
                out.write_record([
                    r.run.to_string(),
                    post.id.clone(),
                    (order + 1).to_string(),
                    post.candidates[c].id.clone(),
                ])?;
            }
        }
    }
    out.flush()
}

pub fn write_runs_params(w: &mut dyn Write, file: &ConferenceFile) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(["run", "parameter", "value"])?;
    let Some(table) = &file.runs_table else {
        return out.flush();
    };
    for r in &table.runs {
        for (name, value) in table.parameters.iter().zip(r.values()) {
            out.write_record([r.run.to_string(), name.clone(), value.to_string()])?;
        }
    }
    out.flush()
}

pub fn write_runs_deals(w: &mut dyn Write, file: &ConferenceFile) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(["run", "deal", "side", "party", "kept"])?;
    let Some(table) = &file.runs_table else {
        return out.flush();
    };
    for r in &table.runs {
        for (kept, deal) in r.kept.iter().zip(&file.frame.deals) {
            for (i, (k, side)) in kept.iter().zip(&deal.sides).enumerate() {
                out.write_record([
                    r.run.to_string(),
                    deal.id.clone(),
                    i.to_string(),
                    side.party.clone(),
                    k.to_string(),
                ])?;
            }
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ensemble::conference::ConferenceAggregate;
    use crate::ensemble::conference::tests::{frame, runs};
    use crate::ensemble::conference_summary::SummaryHeader;

    fn summary() -> (ConferenceSummary, Vec<JointOutcome>) {
        let f = frame();
        let mut a = ConferenceAggregate::new(&f);
        runs().iter().for_each(|d| a.add(&f, d).unwrap());
        let header = SummaryHeader {
            scenario_sha256: "00".into(),
            seed: 7,
            runs_requested: 6,
            partial: false,
        };
        (ConferenceSummary::of(&f, &a, &header), ranked_joint(&f, &a))
    }

    fn text(write: impl Fn(&mut dyn Write) -> io::Result<()>) -> String {
        let mut bytes = Vec::new();
        write(&mut bytes).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn post_outcomes_have_one_row_per_post_and_candidate() {
        let (s, _) = summary();
        let t = text(|w| write_post_outcomes(w, &s));
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 1 + 6);
        let (low, high) = crate::ensemble::stats::wilson(4, 6, crate::ensemble::stats::Z95);
        assert_eq!(
            lines[1],
            format!(
                "sg,SG,2022-09-29,1,ann,Ann Lee,4,6,0.666667,{},{}",
                number(low),
                number(high)
            )
        );
        assert!(lines[4].starts_with("council,COUNCIL,2022-09-29,2,ann,Ann Lee,5,6,"));
        let rounds = text(|w| write_post_rounds(w, &s));
        assert_eq!(
            rounds,
            "post,rounds,count,runs,share\nsg,1,6,6,1.000000\ncouncil,2,6,6,1.000000\n"
        );
    }

    #[test]
    fn joint_outcomes_list_every_combination_with_its_winners() {
        let (_, joint) = summary();
        let t = text(|w| write_joint_outcomes(w, &joint));
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 1 + 5);
        assert!(
            lines[1].starts_with("1,\"sg: ann; council: ann, bo\",2,6,0.333333,"),
            "{}",
            lines[1]
        );
        let w = text(|w| write_joint_winners(w, &joint));
        // Rank 1: sg ann; council ann and bo. Rank 2: nobody for sg.
        assert!(w.starts_with("rank,post,candidate,open_seats\n1,sg,ann,0\n1,council,ann,0\n1,council,bo,0\n2,sg,,1\n"), "{w}");
    }

    #[test]
    fn deal_rows_give_each_condition() {
        let (s, _) = summary();
        let t = text(|w| write_deals_outcomes(w, &s));
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 1 + 4 + 2 * 3);
        assert!(
            lines[1].starts_with("swap,all_win,,,,,3,6,0.500000,"),
            "{}",
            lines[1]
        );
        assert!(
            lines[3].starts_with("swap,all_win_if_all_kept,,,,,2,3,"),
            "{}",
            lines[3]
        );
        assert!(
            lines[7].starts_with("swap,all_win_if_broken,0,North,ann,sg,0,2,0.000000,0.000000,"),
            "{}",
            lines[7]
        );
        let printed = summary_text(&s);
        assert!(
            printed.contains("every candidate it backs elected: 50.0%"),
            "{printed}"
        );
        assert!(
            printed.contains("1. sg: ann; council: ann, bo  33.3%"),
            "{printed}"
        );
    }
}
