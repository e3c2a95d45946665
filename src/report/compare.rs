//! The tables and the plain-language summary of a comparison
//! ([`crate::analysis::compare`]).
//!
//! Numbers as in [`super::csv`]: six decimals, probabilities as fractions in
//! [0, 1], votes as ballot papers, candidates by their scenario ids.
//!
//! - `compare.csv`, one row per outcome: each candidate elected
//!   (`outcome` = `win`), nobody elected (`undecided`), a second round needed
//!   (`more_than_one_round`):
//!   `outcome,candidate,name,base,base_low,base_high,what_if,what_if_low,what_if_high,difference,difference_low,difference_high,runs,both,only_what_if,only_base,neither,base_mean_first_round_votes,what_if_mean_first_round_votes,votes_difference,votes_difference_low,votes_difference_high`.
//!   Probabilities with their 95% Wilson intervals; `difference` is what-if
//!   minus base with Newcombe's 95% interval for paired runs; `both` ..
//!   `neither` count the pairs of runs by where the outcome happened; the
//!   vote columns (candidate rows only) give mean first-round votes and the
//!   mean paired difference with its normal 95% interval.
//! - `states_diff.csv`, one row per member state, the most moved first:
//!   `rank,code,name,region,voting_rights,movement`. `movement` is the total
//!   variation distance between the state's two distributions over (each
//!   candidate, blank, absent), in [0, 1].
//! - `summary.txt` and `summary.json` ([`summary`]).
//! - `states_diff_votes.csv`, one row per member state (in the order of
//!   `states_diff.csv`) and possible vote (each candidate id, `blank`,
//!   `absent`): `state,vote,base,what_if,change`, the probabilities of that
//!   paper at the ballot and what-if minus base.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::csv::{number, vote_values};
use super::json_text::sorted_pretty;
use super::summary::Summary;
use crate::analysis::compare::{BASE, Comparison, OutcomeComparison, WHAT_IF};

/// File name of the outcome table.
pub const COMPARE_FILE: &str = "compare.csv";
/// File name of the member-state table.
pub const STATES_DIFF_FILE: &str = "states_diff.csv";
/// File name of the member-state and vote table.
pub const STATES_DIFF_VOTES_FILE: &str = "states_diff_votes.csv";

/// States listed by name in the summary.
pub const SUMMARY_STATES: usize = 10;

/// How one side is described to a reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SideLabel {
    /// The scenario's title.
    pub title: String,
    /// The file it came from.
    pub path: String,
    /// Changes from the command line (`--disable invasion`, `--set ...`).
    pub changes: Vec<String>,
}

impl SideLabel {
    /// "title (path)", then ", with CHANGES" if any.
    pub fn describe(&self) -> String {
        let mut s = format!("{} ({})", self.title, self.path);
        if !self.changes.is_empty() {
            let _ = write!(s, ", with {}", self.changes.join(" "));
        }
        s
    }
}

/// Writes `compare.csv` (module doc).
pub fn write_compare(w: &mut dyn Write, c: &Comparison) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record([
        "outcome",
        "candidate",
        "name",
        "base",
        "base_low",
        "base_high",
        "what_if",
        "what_if_low",
        "what_if_high",
        "difference",
        "difference_low",
        "difference_high",
        "runs",
        "both",
        "only_what_if",
        "only_base",
        "neither",
        "base_mean_first_round_votes",
        "what_if_mean_first_round_votes",
        "votes_difference",
        "votes_difference_low",
        "votes_difference_high",
    ])?;
    let row = |kind: &str, id: &str, name: &str, o: &OutcomeComparison| -> Vec<String> {
        vec![
            kind.to_owned(),
            id.to_owned(),
            name.to_owned(),
            number(o.base.p),
            number(o.base.low),
            number(o.base.high),
            number(o.what_if.p),
            number(o.what_if.low),
            number(o.what_if.high),
            number(o.difference.estimate),
            number(o.difference.low),
            number(o.difference.high),
            o.pairs.n().to_string(),
            o.pairs.both.to_string(),
            o.pairs.only_second.to_string(),
            o.pairs.only_first.to_string(),
            o.pairs.neither.to_string(),
        ]
    };
    for cand in &c.candidates {
        let mut r = row("win", &cand.id, &cand.name, &cand.win);
        let d = &cand.first_round_votes_difference;
        r.extend([
            number(cand.base_first_round_votes),
            number(cand.what_if_first_round_votes),
            number(d.estimate),
            number(d.low),
            number(d.high),
        ]);
        out.write_record(&r)?;
    }
    for (kind, label, o) in [
        ("undecided", "nobody elected", &c.undecided),
        (
            "more_than_one_round",
            "more than one round",
            &c.more_than_one_round,
        ),
    ] {
        let mut r = row(kind, "", label, o);
        r.extend(std::iter::repeat_n(String::new(), 5));
        out.write_record(&r)?;
    }
    out.flush()
}

/// Writes `states_diff.csv` (module doc).
pub fn write_states_diff(w: &mut dyn Write, c: &Comparison) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record([
        "rank",
        "code",
        "name",
        "region",
        "voting_rights",
        "movement",
    ])?;
    for (rank, s) in c.states.iter().enumerate() {
        out.write_record([
            (rank + 1).to_string(),
            s.code.clone(),
            s.name.clone(),
            s.region.clone(),
            s.voting_rights.to_string(),
            number(s.movement),
        ])?;
    }
    out.flush()
}

/// Writes `states_diff_votes.csv` (module doc).
pub fn write_states_diff_votes(w: &mut dyn Write, c: &Comparison) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(["state", "vote", "base", "what_if", "change"])?;
    let votes = vote_values(c.candidates.iter().map(|x| x.id.as_str()));
    let k = c.candidates.len();
    for s in &c.states {
        for (v, vote) in votes.iter().enumerate() {
            let (base, what_if, change) = match v {
                v if v < k => (
                    s.base_p_vote.get(v).copied().unwrap_or(0.0),
                    s.what_if_p_vote.get(v).copied().unwrap_or(0.0),
                    s.change.get(v).copied().unwrap_or(0.0),
                ),
                v if v == k => (s.base_p_blank, s.what_if_p_blank, s.change_blank),
                _ => (s.base_p_absent, s.what_if_p_absent, s.change_absent),
            };
            out.write_record([
                s.code.as_str(),
                vote,
                &number(base),
                &number(what_if),
                &number(change),
            ])?;
        }
    }
    out.flush()
}

/// A probability as a percentage with one decimal ("12.3%").
fn pct(p: f64) -> String {
    format!("{:.1}%", p * 100.0)
}

/// A difference of probabilities in percentage points, signed ("+6.7").
fn pts(d: f64) -> String {
    let x = d * 100.0;
    if x.abs() < 0.05 {
        "0.0".to_owned()
    } else {
        format!("{x:+.1}")
    }
}

/// A signed number of votes with one decimal.
fn votes(d: f64) -> String {
    if d.abs() < 0.05 {
        "0.0".to_owned()
    } else {
        format!("{d:+.1}")
    }
}

/// The sentence on one yes/no outcome: "SUBJECT rises from A to B: ...".
fn outcome_sentence(subject: &str, o: &OutcomeComparison, runs: u64) -> String {
    let d = &o.difference;
    let interval = format!("95% interval {} to {}", pts(d.low), pts(d.high));
    if o.pairs.only_first + o.pairs.only_second == 0 {
        let share = if o.pairs.both == runs {
            format!("{} in every run", pct(1.0))
        } else if o.pairs.neither == runs {
            format!("{} (not once in {runs} runs)", pct(0.0))
        } else {
            pct(o.base.p)
        };
        format!("{subject} is the same in every one of the {runs} pairs of runs: {share}.")
    } else if d.low > 0.0 {
        format!(
            "{subject} rises from {} to {}: {} percentage points ({interval}).",
            pct(o.base.p),
            pct(o.what_if.p),
            pts(d.estimate)
        )
    } else if d.high < 0.0 {
        format!(
            "{subject} falls from {} to {}: {} percentage points ({interval}).",
            pct(o.base.p),
            pct(o.what_if.p),
            pts(d.estimate)
        )
    } else {
        format!(
            "{subject} goes from {} to {} ({} percentage points, {interval}): the interval includes zero, so {runs} runs show no clear change.",
            pct(o.base.p),
            pct(o.what_if.p),
            pts(d.estimate)
        )
    }
}

/// States listed in `summary.json` (all are in `states_diff.csv`).
const SUMMARY_JSON_STATES: usize = 20;

/// `summary.txt` ([`summary_text`]) and `summary.json`: the sides, the
/// outcome comparisons and the most moved states.
pub fn summary(c: &Comparison, labels: &[SideLabel; 2]) -> Summary {
    let side = |l: &SideLabel| {
        serde_json::json!({
            "title": l.title,
            "path": l.path,
            "changes": l.changes,
        })
    };
    let value = serde_json::json!({
        "base": side(&labels[BASE]),
        "what_if": side(&labels[WHAT_IF]),
        "runs": c.runs,
        "seed": c.seed,
        "interval": "95%: Newcombe (1998) method 10 for the difference of paired proportions; normal approximation for the mean paired difference of votes",
        "candidates": c.candidates,
        "undecided": c.undecided,
        "more_than_one_round": c.more_than_one_round,
        "states_moved_most": c.states.iter().take(SUMMARY_JSON_STATES).collect::<Vec<_>>(),
    });
    Summary {
        text: summary_text(c, &labels[BASE], &labels[WHAT_IF]),
        json: Some(sorted_pretty(&value)),
    }
}

/// The what-if as chart subtitles name it: its title if it has its own,
/// else the changes made to the base.
pub fn what_if_label(labels: &[SideLabel; 2]) -> String {
    let w = &labels[WHAT_IF];
    if w.title != labels[BASE].title {
        w.title.clone()
    } else {
        let mut s = String::from("the base case with");
        for c in &w.changes {
            let _ = write!(s, " {c}");
        }
        s
    }
}

/// The plain-language summary for a class, printed and saved as `summary.txt`.
pub fn summary_text(c: &Comparison, base: &SideLabel, what_if: &SideLabel) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Base case: {}", base.describe());
    let _ = writeln!(s, "What-if:   {}", what_if.describe());
    let _ = writeln!(
        s,
        "{} pairs of runs (seed {}): run i of the what-if uses the same random draws as run i of the base case, so the differences below come from the change, not from luck.",
        c.runs, c.seed
    );
    s.push('\n');
    let lead = if what_if.title != base.title {
        format!("In the what-if \"{}\"", what_if.title)
    } else {
        format!("With {}", what_if.changes.join(" "))
    };
    for (i, cand) in c.candidates.iter().enumerate() {
        let subject = format!("{}'s chance of winning", cand.name);
        let sentence = outcome_sentence(&subject, &cand.win, c.runs);
        if i == 0 {
            let _ = writeln!(s, "{lead}, {sentence}");
        } else {
            let _ = writeln!(s, "{sentence}");
        }
    }
    let same_winners = c
        .candidates
        .iter()
        .all(|x| x.win.pairs.only_first + x.win.pairs.only_second == 0);
    let votes_move = c
        .candidates
        .iter()
        .any(|x| x.first_round_votes_difference.estimate != 0.0);
    if same_winners && votes_move {
        let _ = writeln!(
            s,
            "The change moves votes (below), but in no run does it change who wins."
        );
    }
    if c.undecided.base.count + c.undecided.what_if.count > 0 {
        let _ = writeln!(
            s,
            "{}",
            outcome_sentence("The chance that nobody is elected", &c.undecided, c.runs)
        );
    }
    if c.more_than_one_round.base.count + c.more_than_one_round.what_if.count > 0 {
        let _ = writeln!(
            s,
            "{}",
            outcome_sentence(
                "The chance that the ballot needs more than one round",
                &c.more_than_one_round,
                c.runs
            )
        );
    }
    s.push('\n');
    let _ = writeln!(s, "First-round votes, on average over the runs:");
    for cand in &c.candidates {
        let d = &cand.first_round_votes_difference;
        let _ = writeln!(
            s,
            "  {}: {:.1} in the base case, {:.1} in the what-if ({}, 95% interval {} to {})",
            cand.name,
            cand.base_first_round_votes,
            cand.what_if_first_round_votes,
            votes(d.estimate),
            votes(d.low),
            votes(d.high)
        );
    }
    let moved: Vec<_> = c
        .states
        .iter()
        .take(SUMMARY_STATES)
        .filter(|st| st.movement >= 0.0005)
        .collect();
    s.push('\n');
    if moved.is_empty() {
        let _ = writeln!(
            s,
            "No member state's probabilities of voting for each candidate change."
        );
    } else {
        let _ = writeln!(
            s,
            "The member states whose vote moves most (change in the probability of voting for each candidate, in percentage points):"
        );
        for st in moved {
            let changes: Vec<String> = c
                .candidates
                .iter()
                .zip(&st.change)
                .map(|(cand, &d)| format!("{} {}", cand.name, pts(d)))
                .collect();
            let _ = writeln!(s, "  {} ({}): {}", st.name, st.code, changes.join(", "));
        }
    }
    s.push('\n');
    let _ = writeln!(
        s,
        "Intervals are 95%: Newcombe's method for the difference of two paired proportions (chances of winning), a normal approximation for the mean difference of votes."
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::compare::{CandidateComparison, StateShift};
    use crate::analysis::paired::{
        PairedCounts, paired_mean_difference, paired_proportion_difference,
    };
    use crate::ensemble::Proportion;

    fn outcome(both: u64, only_what_if: u64, only_base: u64, neither: u64) -> OutcomeComparison {
        let pairs = PairedCounts {
            both,
            only_second: only_what_if,
            only_first: only_base,
            neither,
        };
        let n = pairs.n();
        OutcomeComparison {
            base: Proportion::new(both + only_base, n),
            what_if: Proportion::new(both + only_what_if, n),
            difference: paired_proportion_difference(&pairs),
            pairs,
        }
    }

    fn comparison() -> Comparison {
        let cand =
            |id: &str, name: &str, win: OutcomeComparison, b: f64, w: f64| CandidateComparison {
                id: id.into(),
                name: name.into(),
                colour: "#000000".into(),
                win,
                base_first_round_votes: b,
                what_if_first_round_votes: w,
                first_round_votes_difference: paired_mean_difference(&[b, b], &[w, w + 1.0]),
            };
        Comparison {
            runs: 1000,
            seed: 1,
            candidates: vec![
                cand(
                    "DBM",
                    "Doreen Bogdan-Martin",
                    outcome(900, 0, 69, 31),
                    139.0,
                    125.0,
                ),
                cand("RI", "Rashid Ismailov", outcome(31, 69, 0, 900), 35.0, 49.0),
            ],
            undecided: outcome(0, 0, 0, 1000),
            more_than_one_round: outcome(0, 0, 0, 1000),
            states: vec![StateShift {
                code: "KEN".into(),
                name: "Kenya".into(),
                region: "D".into(),
                voting_rights: true,
                base_p_vote: vec![0.7, 0.25],
                what_if_p_vote: vec![0.5, 0.45],
                change: vec![-0.2, 0.2],
                base_p_blank: 0.03,
                base_p_absent: 0.02,
                what_if_p_blank: 0.03,
                what_if_p_absent: 0.02,
                change_blank: 0.0,
                change_absent: 0.0,
                movement: 0.2,
            }],
        }
    }

    #[test]
    fn the_summary_speaks_plainly() {
        let base = SideLabel {
            title: "PP-22".into(),
            path: "scenarios/itu_pp22.ron".into(),
            changes: vec![],
        };
        let what_if = SideLabel {
            title: "PP-22 without the invasion of Ukraine".into(),
            path: "scenarios/what-if/no_invasion.ron".into(),
            changes: vec![],
        };
        let text = summary_text(&comparison(), &base, &what_if);
        assert!(
            text.contains("In the what-if \"PP-22 without the invasion of Ukraine\", Doreen Bogdan-Martin's chance of winning falls from 96.9% to 90.0%: -6.9 percentage points"),
            "{text}"
        );
        assert!(
            text.contains("Rashid Ismailov's chance of winning rises from 3.1% to 10.0%: +6.9 percentage points (95% interval +5.4"),
            "{text}"
        );
        assert!(
            text.contains("  Kenya (KEN): Doreen Bogdan-Martin -20.0, Rashid Ismailov +20.0"),
            "{text}"
        );
        assert!(!text.contains("nobody is elected"), "{text}");
        assert!(
            text.contains("Rashid Ismailov: 35.0 in the base case, 49.0 in the what-if (+14.5"),
            "{text}"
        );

        let same = outcome(500, 0, 0, 500);
        assert!(
            outcome_sentence("X", &same, 1000).contains("the same in every one of the 1000 pairs")
        );
        let unclear = outcome(500, 3, 2, 495);
        assert!(outcome_sentence("X", &unclear, 1000).contains("includes zero"));
        let mut landslide = comparison();
        landslide.candidates[0].win = outcome(1000, 0, 0, 0);
        landslide.candidates[1].win = outcome(0, 0, 0, 1000);
        let text = summary_text(&landslide, &base, &what_if);
        assert!(
            text.contains("pairs of runs: 100.0% in every run."),
            "{text}"
        );
        assert!(
            text.contains("pairs of runs: 0.0% (not once in 1000 runs)."),
            "{text}"
        );
        assert!(text.contains("in no run does it change who wins"), "{text}");
        let overrides = SideLabel {
            changes: vec!["--disable invasion".into()],
            ..base.clone()
        };
        assert!(
            summary_text(&comparison(), &base, &overrides)
                .contains("\nWith --disable invasion, Doreen")
        );
    }

    #[test]
    fn tables_have_one_row_per_outcome_and_state() {
        let c = comparison();
        let mut buf = Vec::new();
        write_compare(&mut buf, &c).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + 2 + 2, "{text}");
        assert!(
            lines[2].starts_with("win,RI,Rashid Ismailov,0.031000,"),
            "{}",
            lines[2]
        );
        assert!(
            lines[2].contains(",1000,31,69,0,900,35.000000,49.000000,14.500000,"),
            "{}",
            lines[2]
        );
        assert!(
            lines[3].starts_with("undecided,,nobody elected,0.000000"),
            "{}",
            lines[3]
        );
        let columns = lines[0].split(',').count();
        assert!(lines.iter().all(|l| l.split(',').count() == columns));

        let mut buf = Vec::new();
        write_states_diff(&mut buf, &c).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(
            text.lines().collect::<Vec<_>>(),
            [
                "rank,code,name,region,voting_rights,movement",
                "1,KEN,Kenya,D,true,0.200000"
            ]
        );

        let mut buf = Vec::new();
        write_states_diff_votes(&mut buf, &c).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(
            text.lines().collect::<Vec<_>>(),
            [
                "state,vote,base,what_if,change",
                "KEN,DBM,0.700000,0.500000,-0.200000",
                "KEN,RI,0.250000,0.450000,0.200000",
                "KEN,blank,0.030000,0.030000,0.000000",
                "KEN,absent,0.020000,0.020000,0.000000"
            ]
        );
    }
}
