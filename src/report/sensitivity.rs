//! The tables of a sensitivity analysis
//! ([`crate::analysis::parameter_sensitivity`]), tidy and with SALib's
//! names, so that an analysis can be checked or extended with SALib.
//!
//! - `sensitivity.csv`, one row per parameter (in the order given), output
//!   (`win_probability`, `vote_share`) and candidate (by id):
//!   Morris: `parameter,output,candidate,mu_star,mu,sigma`, in output units
//!   (fractions in [0, 1]) per full range of the parameter;
//!   Sobol': `parameter,output,candidate,S1,S1_conf,ST,ST_conf`, shares of
//!   the output's variance with the half-widths of their 95% intervals
//!   (SALib's `S1_conf` and `ST_conf` at its default `conf_level` 0.95).
//!   `parameter` is the scenario path as given to `--param`. Index cells are
//!   empty where an output's indices are undefined (it never varies over
//!   the design).
//! - `sensitivity_points.csv`, one row per design point (in design order)
//!   and candidate: `point,<parameter>..,runs,candidate,p_win,vote_share`,
//!   each parameter a column named by its path as a plain identifier
//!   ([`super::csv::column_name`]).
//! - `problem.json`, the problem definition as SALib's `problem`:
//!   `{"num_vars": N, "names": [path..], "bounds": [[low, high]..],
//!   "columns": [column in sensitivity_points.csv..]}`.
//! - `summary.txt` and `summary.json` ([`summary`]): the ranking of the
//!   parameters for each output of each candidate.
//!
//! Numbers as in [`super::csv`].

use std::fmt::Write as _;
use std::io::{self, Write};

use super::charts::figure::parameter_name;
use super::csv::{column_name, number};
use super::json_text::sorted_pretty;
use super::summary::Summary;
use crate::analysis::outcomes::OutcomeSummary;
use crate::analysis::parameter_sensitivity::{Indices, Method, Output, OutputIndices, ParamRange};
use crate::analysis::sweep::format_value;
use crate::result::ScenarioDisplay;

/// File name of the indices table.
pub const SENSITIVITY_FILE: &str = "sensitivity.csv";
/// File name of the design table.
pub const POINTS_FILE: &str = "sensitivity_points.csv";
/// File name of the SALib problem definition.
pub const PROBLEM_FILE: &str = "problem.json";

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
        Method::Sobol { .. } => &["S1", "S1_conf", "ST", "ST_conf"],
    };
    let mut header: Vec<&str> = vec!["parameter", "output", "candidate"];
    header.extend(stats);
    out.write_record(&header)?;
    for (i, p) in params.iter().enumerate() {
        for r in results {
            let id = ids.get(r.candidate).map_or("?", String::as_str);
            let mut row = vec![p.path.clone(), r.output.name().to_owned(), id.to_owned()];
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
            out.write_record(&row)?;
        }
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
    let mut header = vec!["point".to_owned()];
    header.extend(params.iter().map(|p| column_name(&p.path)));
    header.extend(["runs", "candidate", "p_win", "vote_share"].map(str::to_owned));
    out.write_record(&header)?;
    for (i, (point, o)) in design.iter().zip(outcomes).enumerate() {
        for (c, id) in ids.iter().enumerate() {
            let mut row = vec![(i + 1).to_string()];
            row.extend(point.iter().map(|&x| format_value(x)));
            row.extend([
                o.runs.to_string(),
                id.clone(),
                number(o.win.get(c).map_or(0.0, |p| p.p)),
                number(o.expected_share.get(c).copied().unwrap_or(0.0)),
            ]);
            out.write_record(&row)?;
        }
    }
    out.flush()
}

/// `problem.json` (module doc), pretty JSON ending with a newline.
pub fn problem_json(params: &[ParamRange]) -> String {
    let problem = serde_json::json!({
        "num_vars": params.len(),
        "names": params.iter().map(|p| p.path.clone()).collect::<Vec<_>>(),
        "bounds": params.iter().map(|p| [p.low, p.high]).collect::<Vec<_>>(),
        "columns": params.iter().map(|p| column_name(&p.path)).collect::<Vec<_>>(),
    });
    sorted_pretty(&problem)
}

/// What a sensitivity analysis's summary says.
pub struct SensitivitySummary<'a> {
    pub shown: &'a ScenarioDisplay,
    pub params: &'a [ParamRange],
    pub method: Method,
    /// Design points.
    pub points: usize,
    /// Runs at each point.
    pub runs: u64,
    pub model_runs: u64,
    pub seed: u64,
    /// The candidate the chart shows (the most often elected over the design).
    pub leading: usize,
    pub results: &'a [OutputIndices],
}

/// `summary.txt` ([`summary_text`]) and `summary.json`: the design, the
/// candidates and each output's indices.
pub fn summary(x: &SensitivitySummary) -> Summary {
    let ids = x.shown.ids();
    let json = serde_json::json!({
        "scenario": x.shown.name,
        "title": x.shown.title,
        "method": x.method,
        "parameters": x.params,
        "design_points": x.points,
        "runs_per_point": x.runs,
        "model_runs": x.model_runs,
        "seed": x.seed,
        "candidates": x.shown.candidates,
        "leading_candidate": ids.get(x.leading),
        "outputs": x.results.iter().map(|r| serde_json::json!({
            "output": r.output,
            "candidate": ids.get(r.candidate),
            "mean": r.mean,
            "indices": r.indices,
        })).collect::<Vec<_>>(),
    });
    Summary {
        text: summary_text(x),
        json: Some(sorted_pretty(&json)),
    }
}

/// A parameter by its name in words, with its range as given.
fn named(p: &ParamRange) -> String {
    format!("{} ({p})", parameter_name(&p.path))
}

/// The ranking of the parameters for each output of each candidate.
pub fn summary_text(x: &SensitivitySummary) -> String {
    let SensitivitySummary {
        shown,
        params,
        method,
        results,
        runs,
        seed,
        ..
    } = *x;
    let mut s = String::new();
    let _ = writeln!(s, "{}", shown.title);
    let how = match method {
        Method::Morris { trajectories, .. } => format!(
            "Morris elementary effects ({trajectories} trajectories): mu* is the mean absolute change of the output over each parameter's full range, sigma the spread of those changes (large when the effect depends on the other parameters)"
        ),
        Method::Sobol { samples } => format!(
            "Sobol' indices (Saltelli design, N = {samples}): S1 is the share of the output's variance due to the parameter alone, ST the share it takes part in, alone or with others"
        ),
    };
    let _ = writeln!(
        s,
        "{how}. {} design points × {runs} runs, the same seeds at every point (seed {seed}).",
        method.points(params.len())
    );
    for r in results {
        let name = shown
            .candidates
            .get(r.candidate)
            .map_or("?", |c| c.name.as_str());
        let output = match r.output {
            Output::WinProbability => format!("Probability that {name} wins"),
            Output::VoteShare => format!("{name}'s expected vote share"),
        };
        let _ = writeln!(
            s,
            "\n{output} (mean over the design {:.1}%):",
            100.0 * r.mean
        );
        match &r.indices {
            Indices::Morris(m) => {
                let mut order: Vec<usize> = (0..m.len()).collect();
                order.sort_by(|&a, &b| m[b].mu_star.total_cmp(&m[a].mu_star));
                for (rank, &i) in order.iter().enumerate() {
                    let _ = writeln!(
                        s,
                        "  {}. {}: mu* {:.1} points, sigma {:.1} points",
                        rank + 1,
                        named(&params[i]),
                        100.0 * m[i].mu_star,
                        100.0 * m[i].sigma
                    );
                }
            }
            Indices::Sobol(x) => {
                let mut order: Vec<usize> = (0..x.len()).collect();
                order.sort_by(|&a, &b| x[b].total.total_cmp(&x[a].total));
                for (rank, &i) in order.iter().enumerate() {
                    let _ = writeln!(
                        s,
                        "  {}. {}: ST {:.2} ± {:.2}, S1 {:.2} ± {:.2}",
                        rank + 1,
                        named(&params[i]),
                        x[i].total,
                        x[i].total_ci95,
                        x[i].first,
                        x[i].first_ci95
                    );
                }
            }
            Indices::Undefined(why) => {
                let _ = writeln!(s, "  not defined: {why}");
            }
        }
    }
    s
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
                "parameter,output,candidate,mu_star,mu,sigma",
                "params.noise,win_probability,A,0.250000,-0.250000,0.500000",
                "params.noise,vote_share,A,,,",
                "params.temperature,win_probability,A,0.125000,-0.125000,0.500000",
                "params.temperature,vote_share,A,,,",
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
            text.lines().collect::<Vec<_>>(),
            [
                "parameter,output,candidate,S1,S1_conf,ST,ST_conf",
                "params.noise,win_probability,B,0.500000,0.100000,0.750000,0.200000",
                "params.temperature,win_probability,B,0.500000,0.100000,0.750000,0.200000",
            ]
        );
    }

    #[test]
    fn the_problem_is_salib_s() {
        let problem: serde_json::Value = serde_json::from_str(&problem_json(&params())).unwrap();
        assert_eq!(
            problem,
            serde_json::json!({
                "num_vars": 2,
                "names": ["params.noise", "params.temperature"],
                "bounds": [[0.02, 0.08], [0.5, 2.0]],
                "columns": ["params_noise", "params_temperature"],
            })
        );
    }
}
