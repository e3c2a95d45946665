//! The table of a parameter sweep ([`crate::analysis::sweep`]).
//!
//! `sweep.csv`, one row per grid point in grid order (the first varied
//! parameter slowest): the varied values, one column per parameter named by
//! its path, then `runs`, then per candidate (by id)
//! `p_win_<id>,p_win_<id>_low,p_win_<id>_high,mean_votes_<id>,vote_share_<id>`,
//! then `p_undecided,p_more_than_one_round,p_more_than_one_round_low,p_more_than_one_round_high`.
//!
//! Probabilities are fractions in [0, 1] with their 95% Wilson intervals;
//! `mean_votes` is the mean of first-round votes over the runs;
//! `vote_share` the mean expected share of the valid first-round votes
//! ([`crate::analysis::outcomes`]). Numbers as in [`super::csv`]; the varied
//! values as the overrides wrote them.

use std::io::{self, Write};

use super::csv::number;
use crate::analysis::sweep::{SweepPoint, Vary, format_value};

/// File name of the sweep table.
pub const SWEEP_FILE: &str = "sweep.csv";

/// Writes `sweep.csv` (module doc); `ids` are the candidates' ids.
pub fn write_sweep(
    w: &mut dyn Write,
    varies: &[Vary],
    ids: &[String],
    points: &[SweepPoint],
) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    let mut header: Vec<String> = varies.iter().map(|v| v.path.clone()).collect();
    header.push("runs".to_owned());
    for id in ids {
        header.extend([
            format!("p_win_{id}"),
            format!("p_win_{id}_low"),
            format!("p_win_{id}_high"),
            format!("mean_votes_{id}"),
            format!("vote_share_{id}"),
        ]);
    }
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
    for point in points {
        let o = &point.outcome;
        let mut row: Vec<String> = point.values.iter().map(|&x| format_value(x)).collect();
        row.push(o.runs.to_string());
        for c in 0..ids.len() {
            let win = o.win.get(c);
            row.extend([
                number(win.map_or(0.0, |p| p.p)),
                number(win.map_or(0.0, |p| p.low)),
                number(win.map_or(1.0, |p| p.high)),
                number(o.mean_first_round_votes.get(c).copied().unwrap_or(0.0)),
                number(o.expected_share.get(c).copied().unwrap_or(0.0)),
            ]);
        }
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
        assert_eq!(lines.len(), 1 + 6);
        assert_eq!(
            lines[0],
            "params.noise,params.temperature,runs,p_win_A,p_win_A_low,p_win_A_high,mean_votes_A,vote_share_A,p_win_B,p_win_B_low,p_win_B_high,mean_votes_B,vote_share_B,p_undecided,p_more_than_one_round,p_more_than_one_round_low,p_more_than_one_round_high"
        );
        assert!(lines[1].starts_with("0,0.5,4,0.000000,"), "{}", lines[1]);
        assert!(lines[6].starts_with("0.1,1,4,0.250000,"), "{}", lines[6]);
        assert!(
            lines[6].contains(",10.000000,0.600000,0.750000,"),
            "{}",
            lines[6]
        );
        assert!(
            lines[1].ends_with(",0.000000,0.250000,0.045587,0.699358"),
            "{}",
            lines[1]
        );
    }
}
