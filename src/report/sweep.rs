//! The tables of a parameter sweep ([`crate::analysis::sweep`]), tidy:
//! candidates are values of a `candidate` column, and each varied parameter
//! is a column named by its path as a plain identifier
//! ([`super::csv::column_name`]: `params.noise` → `params_noise`).
//!
//! - `sweep.csv`, one row per grid point (in grid order, the first varied
//!   parameter slowest) and candidate:
//!   `point,<parameter>..,runs,candidate,p_win,p_win_low,p_win_high,mean_votes,vote_share`.
//! - `sweep_points.csv`, one row per grid point:
//!   `point,<parameter>..,runs,p_undecided,p_more_than_one_round,p_more_than_one_round_low,p_more_than_one_round_high`.
//!
//! - `summary.txt` and `summary.json` ([`summary`]).
//!
//! `point` numbers the grid points from 1. Probabilities are fractions in
//! [0, 1] with their 95% Wilson intervals; `mean_votes` is the mean of
//! first-round votes over the runs; `vote_share` the mean expected share of
//! the valid first-round votes ([`crate::analysis::outcomes`]). Numbers as in
//! [`super::csv`]; the varied values as the overrides wrote them.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::charts::figure::parameter_name;
use super::csv::{column_name, number};
use super::json_text::sorted_pretty;
use super::summary::Summary;
use crate::analysis::sweep::{SweepPoint, Vary, format_value};
use crate::result::ScenarioDisplay;

/// File name of the per-candidate sweep table.
pub const SWEEP_FILE: &str = "sweep.csv";
/// File name of the per-point sweep table.
pub const SWEEP_POINTS_FILE: &str = "sweep_points.csv";

/// `point,<parameter>..,runs`: the leading columns of both tables.
fn point_header(varies: &[Vary]) -> Vec<String> {
    let mut header = vec!["point".to_owned()];
    header.extend(varies.iter().map(|v| column_name(&v.path)));
    header.push("runs".to_owned());
    header
}

fn point_cells(i: usize, point: &SweepPoint) -> Vec<String> {
    let mut row = vec![(i + 1).to_string()];
    row.extend(point.values.iter().map(|&x| format_value(x)));
    row.push(point.outcome.runs.to_string());
    row
}

/// Writes `sweep.csv` (module doc); `ids` are the candidates' ids.
pub fn write_sweep(
    w: &mut dyn Write,
    varies: &[Vary],
    ids: &[String],
    points: &[SweepPoint],
) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    let mut header = point_header(varies);
    header.extend(
        [
            "candidate",
            "p_win",
            "p_win_low",
            "p_win_high",
            "mean_votes",
            "vote_share",
        ]
        .map(str::to_owned),
    );
    out.write_record(&header)?;
    for (i, point) in points.iter().enumerate() {
        let o = &point.outcome;
        for (c, id) in ids.iter().enumerate() {
            let win = o.win.get(c);
            let mut row = point_cells(i, point);
            row.extend([
                id.clone(),
                number(win.map_or(0.0, |p| p.p)),
                number(win.map_or(0.0, |p| p.low)),
                number(win.map_or(1.0, |p| p.high)),
                number(o.mean_first_round_votes.get(c).copied().unwrap_or(0.0)),
                number(o.expected_share.get(c).copied().unwrap_or(0.0)),
            ]);
            out.write_record(&row)?;
        }
    }
    out.flush()
}

/// Writes `sweep_points.csv` (module doc).
pub fn write_sweep_points(
    w: &mut dyn Write,
    varies: &[Vary],
    points: &[SweepPoint],
) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    let mut header = point_header(varies);
    header.extend(
        [
            "p_undecided",
            "p_more_than_one_round",
            "p_more_than_one_round_low",
            "p_more_than_one_round_high",
        ]
        .map(str::to_owned),
    );
    out.write_record(&header)?;
    for (i, point) in points.iter().enumerate() {
        let o = &point.outcome;
        let mut row = point_cells(i, point);
        row.extend([
            number(o.undecided.p),
            number(o.more_than_one_round.p),
            number(o.more_than_one_round.low),
            number(o.more_than_one_round.high),
        ]);
        out.write_record(&row)?;
    }
    out.flush()
}

/// Grid points printed in the summary.
const SUMMARY_POINTS: usize = 40;

/// What a sweep's summary says.
pub struct SweepSummary<'a> {
    pub shown: &'a ScenarioDisplay,
    pub varies: &'a [Vary],
    pub points: &'a [SweepPoint],
    /// Runs at each point.
    pub runs: u64,
    pub seed: u64,
}

/// `summary.txt` ([`summary_text`]) and `summary.json`: the scenario, the
/// varied parameters, the candidates, the runs and every point's outcome.
pub fn summary(s: &SweepSummary) -> Summary {
    let json = serde_json::json!({
        "scenario": s.shown.name,
        "title": s.shown.title,
        "varied": s.varies.iter().map(|v| serde_json::json!({
            "path": v.path, "from": v.from, "to": v.to, "steps": v.steps,
        })).collect::<Vec<_>>(),
        "candidates": s.shown.candidates,
        "runs_per_point": s.runs,
        "seed": s.seed,
        "points": s.points,
    });
    Summary {
        text: summary_text(s),
        json: Some(sorted_pretty(&json)),
    }
}

/// The title, the design, and each point's chances of winning (the first
/// [`SUMMARY_POINTS`] points).
pub fn summary_text(s: &SweepSummary) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", s.shown.title);
    // Each parameter by its name in words, with the spec as given.
    let names: Vec<String> = s
        .varies
        .iter()
        .map(|v| format!("{} ({v})", parameter_name(&v.path)))
        .collect();
    let _ = writeln!(
        out,
        "Sweep of {}: {} points, {} runs at each, the same seeds at every point (seed {}).",
        names.join(" and "),
        s.points.len(),
        s.runs,
        s.seed
    );
    let _ = writeln!(
        out,
        "Probability of winning (95% interval), and of a ballot with more than one round:"
    );
    for p in s.points.iter().take(SUMMARY_POINTS) {
        let at: Vec<String> = s
            .varies
            .iter()
            .zip(&p.values)
            .map(|(v, &x)| format!("{} = {}", parameter_name(&v.path), format_value(x)))
            .collect();
        let wins: Vec<String> = s
            .shown
            .candidates
            .iter()
            .zip(&p.outcome.win)
            .map(|(c, w)| {
                format!(
                    "{} {:.1}% ({:.1}–{:.1})",
                    c.name,
                    100.0 * w.p,
                    100.0 * w.low,
                    100.0 * w.high
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "  {}: {}; more than one round {:.1}%",
            at.join(", "),
            wins.join(", "),
            100.0 * p.outcome.more_than_one_round.p
        );
    }
    if s.points.len() > SUMMARY_POINTS {
        let _ = writeln!(
            out,
            "  ... {} more points in sweep.csv",
            s.points.len() - SUMMARY_POINTS
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::outcomes::{OutcomeTotals, RunOutcome};
    use crate::analysis::sweep::grid;

    #[test]
    fn one_row_per_grid_point() {
        let varies: Vec<Vary> = ["params.noise=0:0.1:3", "params.temperature=0.5:1:2"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        let points: Vec<SweepPoint> = grid(&varies)
            .into_iter()
            .enumerate()
            .map(|(i, values)| {
                let mut t = OutcomeTotals::new(2);
                for r in 0..4 {
                    t.add(&RunOutcome {
                        elected: vec![usize::from(r >= i % 4)],
                        decided: true,
                        rounds: 1 + usize::from(r == 0),
                        first_round_votes: vec![10, 5],
                        expected_share: vec![0.6, 0.4],
                    });
                }
                SweepPoint {
                    values,
                    outcome: t.summary(),
                }
            })
            .collect();
        let mut buf = Vec::new();
        write_sweep(&mut buf, &varies, &["A".into(), "B".into()], &points).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        // 6 points × 2 candidates.
        assert_eq!(lines.len(), 1 + 6 * 2);
        assert_eq!(
            lines[0],
            "point,params_noise,params_temperature,runs,candidate,p_win,p_win_low,p_win_high,mean_votes,vote_share"
        );
        assert!(
            lines[1].starts_with("1,0,0.5,4,A,0.000000,"),
            "{}",
            lines[1]
        );
        assert_eq!(
            lines[11],
            "6,0.1,1,4,A,0.250000,0.045587,0.699358,10.000000,0.600000"
        );
        assert!(
            lines[12].starts_with("6,0.1,1,4,B,0.750000,"),
            "{}",
            lines[12]
        );

        let mut buf = Vec::new();
        write_sweep_points(&mut buf, &varies, &points).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + 6);
        assert_eq!(
            lines[0],
            "point,params_noise,params_temperature,runs,p_undecided,p_more_than_one_round,p_more_than_one_round_low,p_more_than_one_round_high"
        );
        assert_eq!(lines[1], "1,0,0.5,4,0.000000,0.250000,0.045587,0.699358");
    }
}
