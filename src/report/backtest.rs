//! The tables and summary of `lobbysim backtest`: `scores.csv` in tidy long
//! format (one score a row) and a plain-text summary.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::analysis::backtest::{
    Coverage, EQUAL_CHANCES, MODEL, MOST_ENDORSED, ScoreRow, UN_VOTE, coverage, mean_score,
};

/// File name of the score table.
pub const SCORES_FILE: &str = "scores.csv";

/// `scores.csv`: `case,forecaster,score,candidate,round,observed,value`.
pub fn write_scores(w: &mut dyn Write, rows: &[ScoreRow]) -> io::Result<()> {
    writeln!(w, "case,forecaster,score,candidate,round,observed,value")?;
    for r in rows {
        let observed = r.observed.map(|v| v.to_string()).unwrap_or_default();
        writeln!(
            w,
            "{},{},{},{},{},{},{}",
            r.case,
            r.forecaster,
            r.score,
            r.candidate,
            r.round,
            observed,
            number(r.value)
        )?;
    }
    Ok(())
}

/// A value as the CSV writes it: `inf` for an infinite log score.
fn number(v: f64) -> String {
    if v.is_infinite() {
        "inf".to_string()
    } else {
        format!("{v:.6}")
    }
}

/// The summary: per case and forecaster the winner scores and the mean
/// CRPS, then the model's interval coverage over all cases.
pub fn summary_text(cases: &[String], rows: &[ScoreRow], runs: u64, seed: u64) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "backtest of {} case(s), {runs} runs each, seed {seed}",
        cases.len()
    );
    let _ = writeln!(
        s,
        "{:<28} {:<14} {:>9} {:>7} {:>11}",
        "case", "forecaster", "log", "Brier", "CRPS votes"
    );
    for case in cases {
        let of_case: Vec<ScoreRow> = rows.iter().filter(|r| &r.case == case).cloned().collect();
        for f in [MODEL, EQUAL_CHANCES, MOST_ENDORSED, UN_VOTE] {
            if f == UN_VOTE && of_case.iter().all(|r| r.forecaster != UN_VOTE) {
                continue;
            }
            let cell = |score| {
                mean_score(&of_case, f, score)
                    .map(|v| {
                        if v.is_infinite() {
                            "inf".to_string()
                        } else {
                            format!("{v:.3}")
                        }
                    })
                    .unwrap_or_else(|| "-".to_string())
            };
            let _ = writeln!(
                s,
                "{case:<28} {f:<14} {:>9} {:>7} {:>11}",
                cell("log"),
                cell("brier"),
                cell("crps")
            );
        }
    }
    for Coverage {
        level,
        covered,
        scored,
    } in coverage(rows)
    {
        let _ = writeln!(
            s,
            "model's central {:.0}% intervals contain {covered} of {scored} observed first-round counts",
            level * 100.0
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(forecaster: &'static str, score: &'static str, value: f64) -> ScoreRow {
        ScoreRow {
            case: "c".into(),
            forecaster,
            score,
            candidate: if score == "crps" {
                "A".into()
            } else {
                String::new()
            },
            round: u32::from(score == "crps"),
            value,
            observed: Some(3),
        }
    }

    #[test]
    fn scores_csv_is_tidy_and_writes_infinity() {
        let mut out = Vec::new();
        write_scores(
            &mut out,
            &[row(MODEL, "log", f64::INFINITY), row(MODEL, "crps", 0.25)],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "case,forecaster,score,candidate,round,observed,value\n\
             c,model,log,,0,3,inf\n\
             c,model,crps,A,1,3,0.250000\n"
        );
    }

    #[test]
    fn summary_lists_each_forecaster_and_the_coverage() {
        let rows = [
            row(MODEL, "log", 0.5),
            row(MODEL, "crps", 2.0),
            row(MODEL, "covered_50", 0.0),
            row(MODEL, "covered_90", 1.0),
            row(EQUAL_CHANCES, "log", 0.693),
        ];
        let text = summary_text(&["c".into()], &rows, 10, 1);
        assert!(
            text.contains(
                "c                            model              0.500       -       2.000"
            ),
            "{text}"
        );
        assert!(text.contains("equal_chances      0.693"), "{text}");
        assert!(text.contains("50% intervals contain 0 of 1"), "{text}");
        assert!(text.contains("90% intervals contain 1 of 1"), "{text}");
    }
}
