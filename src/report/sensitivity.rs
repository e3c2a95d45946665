//! The tables of a sensitivity analysis
//! ([`crate::analysis::parameter_sensitivity`]).
//!
//! - `sensitivity.csv`, one row per parameter, in the order given:
//!   `parameter,low,high`, then for each candidate (by id) and each output
//!   (`win_probability`, `vote_share`), with `<o>` = `<output>_<id>`:
//!   Morris: `<o>_mu_star,<o>_mu,<o>_sigma`, in output units (fractions in
//!   [0, 1]) per full range of the parameter;
//!   Sobol': `<o>_S1,<o>_S1_ci95,<o>_ST,<o>_ST_ci95`, shares of the output's
//!   variance with the half-widths of their 95% intervals.
//!   Cells are empty where an output's indices are undefined (it never
//!   varies over the design).
//! - `sensitivity_points.csv`, one row per design point in design order: the
//!   parameters' values, then `p_win_<id>` and `vote_share_<id>` per candidate.
//!
//! Numbers as in [`super::csv`].

use std::io::{self, Write};

use super::csv::number;
use crate::analysis::outcomes::OutcomeSummary;
use crate::analysis::parameter_sensitivity::{Indices, Method, OutputIndices, ParamRange};
use crate::analysis::sweep::format_value;

/// File name of the indices table.
pub const SENSITIVITY_FILE: &str = "sensitivity.csv";
/// File name of the design table.
pub const POINTS_FILE: &str = "sensitivity_points.csv";

/// Writes `sensitivity.csv` (module doc); `ids` are the candidates' ids,
/// `results` as [`crate::analysis::parameter_sensitivity::analyse`] returns them.
pub fn write_indices(
    w: &mut dyn Write,
    params: &[ParamRange],
    method: Method,
    ids: &[String],
    results: &[OutputIndices],
) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    let stats: &[&str] = match method {
        Method::Morris { .. } => &["mu_star", "mu", "sigma"],
        Method::Sobol { .. } => &["S1", "S1_ci95", "ST", "ST_ci95"],
    };
    let mut header: Vec<String> = ["parameter", "low", "high"].map(str::to_owned).to_vec();
    for r in results {
        let id = ids.get(r.candidate).map_or("?", String::as_str);
        header.extend(
            stats
                .iter()
                .map(|s| format!("{}_{id}_{s}", r.output.name())),
        );
    }
    out.write_record(&header)?;
    for (i, p) in params.iter().enumerate() {
        let mut row = vec![p.path.clone(), format_value(p.low), format_value(p.high)];
        for r in results {
            match &r.indices {
                Indices::Morris(m) => {
                    let m = &m[i];
                    row.extend([number(m.mu_star), number(m.mu), number(m.sigma)]);
                }
                Indices::Sobol(s) => {
                    let s = &s[i];
                    row.extend([
                        number(s.first),
                        number(s.first_ci95),
                        number(s.total),
                        number(s.total_ci95),
                    ]);
                }
                Indices::Undefined(_) => {
                    row.extend(std::iter::repeat_n(String::new(), stats.len()));
                }
            }
        }
        out.write_record(&row)?;
    }
    out.flush()
}

/// Writes `sensitivity_points.csv` (module doc).
pub fn write_points(
    w: &mut dyn Write,
    params: &[ParamRange],
    ids: &[String],
    design: &[Vec<f64>],
    outcomes: &[OutcomeSummary],
) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    let mut header: Vec<String> = params.iter().map(|p| p.path.clone()).collect();
    header.push("runs".to_owned());
    for id in ids {
        header.extend([format!("p_win_{id}"), format!("vote_share_{id}")]);
    }
    out.write_record(&header)?;
    for (point, o) in design.iter().zip(outcomes) {
        let mut row: Vec<String> = point.iter().map(|&x| format_value(x)).collect();
        row.push(o.runs.to_string());
        for c in 0..ids.len() {
            row.extend([
                number(o.win.get(c).map_or(0.0, |p| p.p)),
                number(o.expected_share.get(c).copied().unwrap_or(0.0)),
            ]);
        }
        out.write_record(&row)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::parameter_sensitivity::Output;
    use crate::analysis::sensitivity::{MorrisIndex, SobolIndex};

    fn params() -> Vec<ParamRange> {
        ["params.noise=0.02:0.08", "params.temperature=0.5:2"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect()
    }

    #[test]
    fn one_row_per_parameter() {
        let morris = |mu_star: f64| MorrisIndex {
            name: "x".into(),
            mu: -mu_star,
            mu_star,
            sigma: 0.5,
        };
        let results = vec![
            OutputIndices {
                output: Output::WinProbability,
                candidate: 0,
                mean: 0.5,
                indices: Indices::Morris(vec![morris(0.25), morris(0.125)]),
            },
            OutputIndices {
                output: Output::VoteShare,
                candidate: 0,
                mean: 0.5,
                indices: Indices::Undefined("constant".into()),
            },
        ];
        let method = Method::Morris {
            trajectories: 4,
            levels: 4,
        };
        let mut buf = Vec::new();
        write_indices(&mut buf, &params(), method, &["A".into()], &results).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            vec![
                "parameter,low,high,win_probability_A_mu_star,win_probability_A_mu,win_probability_A_sigma,vote_share_A_mu_star,vote_share_A_mu,vote_share_A_sigma",
                "params.noise,0.02,0.08,0.250000,-0.250000,0.500000,,,",
                "params.temperature,0.5,2,0.125000,-0.125000,0.500000,,,",
            ]
        );

        let sobol = OutputIndices {
            output: Output::WinProbability,
            candidate: 1,
            mean: 0.5,
            indices: Indices::Sobol(vec![
                SobolIndex {
                    name: "a".into(),
                    first: 0.5,
                    total: 0.75,
                    first_ci95: 0.1,
                    total_ci95: 0.2,
                };
                2
            ]),
        };
        let mut buf = Vec::new();
        write_indices(
            &mut buf,
            &params(),
            Method::Sobol { samples: 8 },
            &["A".into(), "B".into()],
            &[sobol],
        )
        .unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(
            text.lines().next().unwrap(),
            "parameter,low,high,win_probability_B_S1,win_probability_B_S1_ci95,win_probability_B_ST,win_probability_B_ST_ci95"
        );
        assert_eq!(text.lines().count(), 3);
    }
}
