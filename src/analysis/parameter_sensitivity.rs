//! Global sensitivity of the election's outcome to the scenario's
//! parameters: which of the listed parameters move the probability that a
//! candidate wins, and her expected vote share, and by how much.
//!
//! Each parameter is a scenario path (as for `--set`) with a range,
//! `PATH=LOW:HIGH`, over which it is taken as uniform. A design
//! ([`super::sensitivity`]: Morris trajectories or a Saltelli sample) gives
//! the design points; at each, the parameters are set with the overrides and
//! an ensemble of `runs` runs is made. Every design point uses the same run
//! seeds (common random numbers), so the differences between points, on which
//! both methods rest, come from the parameters and not from the draw. The
//! design itself is drawn from the same master seed.
//!
//! Outputs, per candidate ([`super::outcomes`]): the probability of winning
//! (the fraction of the point's runs the candidate won, in [0, 1]) and the
//! expected vote share (in [0, 1]). The Morris measures are in these units
//! per full range of the parameter; the Sobol' indices are shares of the
//! output's variance over the design.
//!
//! What the indices cannot separate: the Monte Carlo noise of an ensemble of
//! `runs` runs adds to the variance of each output (about `p (1 - p) / runs`
//! for a probability of winning), and shows as a floor under every index;
//! common random numbers keep it small, more runs keep it smaller.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::outcomes::OutcomeSummary;
use super::sensitivity::{
    Factor, MorrisIndex, SensitivityError, SobolIndex, morris_design, morris_indices,
    saltelli_design, sobol_indices,
};
use super::sweep::format_value;

/// One parameter and its range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParamRange {
    /// Scenario path, as for `--set`.
    pub path: String,
    pub low: f64,
    pub high: f64,
}

/// Why a `--param` could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamRangeError {
    #[error("--param `{0}`: expected PATH=LOW:HIGH, e.g. params.noise=0.02:0.08")]
    Syntax(String),
    #[error("--param `{spec}`: `{value}` is not a number")]
    NotANumber { spec: String, value: String },
    #[error("--param `{0}`: LOW must be below HIGH")]
    Order(String),
}

impl FromStr for ParamRange {
    type Err = ParamRangeError;

    fn from_str(spec: &str) -> Result<ParamRange, ParamRangeError> {
        let syntax = || ParamRangeError::Syntax(spec.to_string());
        let (path, range) = spec.split_once('=').ok_or_else(syntax)?;
        let path = path.trim();
        let parts: Vec<&str> = range.split(':').map(str::trim).collect();
        let [low, high] = parts[..] else {
            return Err(syntax());
        };
        if path.is_empty() {
            return Err(syntax());
        }
        let number = |value: &str| {
            value
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| ParamRangeError::NotANumber {
                    spec: spec.to_string(),
                    value: value.to_string(),
                })
        };
        let (low, high) = (number(low)?, number(high)?);
        if low >= high {
            return Err(ParamRangeError::Order(spec.to_string()));
        }
        Ok(ParamRange {
            path: path.to_string(),
            low,
            high,
        })
    }
}

impl fmt::Display for ParamRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}={}:{}",
            self.path,
            format_value(self.low),
            format_value(self.high)
        )
    }
}

/// The sensitivity method and its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "method", rename_all = "lowercase")]
pub enum Method {
    /// Morris elementary effects: `trajectories (k + 1)` points on a grid of `levels` levels.
    Morris { trajectories: usize, levels: usize },
    /// Sobol' indices on a Saltelli design of `samples (k + 2)` points.
    Sobol { samples: usize },
}

impl Method {
    /// Design points for `k` parameters (saturating).
    pub fn points(&self, k: usize) -> usize {
        match *self {
            Method::Morris { trajectories, .. } => trajectories.saturating_mul(k + 1),
            Method::Sobol { samples } => samples.saturating_mul(k + 2),
        }
    }

    /// The method's name: `morris` or `sobol`.
    pub fn name(&self) -> &'static str {
        match self {
            Method::Morris { .. } => "morris",
            Method::Sobol { .. } => "sobol",
        }
    }
}

/// The parameters as factors, named by their paths.
pub fn factors(params: &[ParamRange]) -> Vec<Factor> {
    params
        .iter()
        .map(|p| Factor::new(p.path.clone(), p.low, p.high))
        .collect()
}

/// The design points, one value per parameter each, in the method's order.
pub fn design(
    params: &[ParamRange],
    method: Method,
    seed: u64,
) -> Result<Vec<Vec<f64>>, SensitivityError> {
    let factors = factors(params);
    match method {
        Method::Morris {
            trajectories,
            levels,
        } => morris_design(&factors, trajectories, levels, seed),
        Method::Sobol { samples } => saltelli_design(&factors, samples, seed),
    }
}

/// The `PATH=VALUE` overrides of one design point.
pub fn overrides_at(params: &[ParamRange], point: &[f64]) -> Vec<String> {
    params
        .iter()
        .zip(point)
        .map(|(p, &x)| format!("{}={}", p.path, format_value(x)))
        .collect()
}

/// What is measured at each design point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Output {
    /// Probability that the candidate wins.
    WinProbability,
    /// The candidate's expected share of the valid first-round votes.
    VoteShare,
}

impl Output {
    /// Both outputs, in the order they are reported.
    pub const ALL: [Output; 2] = [Output::WinProbability, Output::VoteShare];

    /// Name used in files: `win_probability` or `vote_share`.
    pub fn name(self) -> &'static str {
        match self {
            Output::WinProbability => "win_probability",
            Output::VoteShare => "vote_share",
        }
    }

    /// The output's value at a design point for candidate `c`.
    pub fn of(self, o: &OutcomeSummary, c: usize) -> f64 {
        match self {
            Output::WinProbability => o.win.get(c).map_or(0.0, |p| p.p),
            Output::VoteShare => o.expected_share.get(c).copied().unwrap_or(0.0),
        }
    }
}

/// The indices of one output.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "values", rename_all = "lowercase")]
pub enum Indices {
    Morris(Vec<MorrisIndex>),
    Sobol(Vec<SobolIndex>),
    /// The indices are not defined (e.g. the output never varies); why.
    Undefined(String),
}

/// The sensitivity of one output of one candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutputIndices {
    pub output: Output,
    /// Candidate index.
    pub candidate: usize,
    /// Mean of the output over the design points.
    pub mean: f64,
    pub indices: Indices,
}

/// The indices of every output of every candidate (candidate by candidate,
/// win probability then vote share), from the outcomes at the design points.
pub fn analyse(
    params: &[ParamRange],
    method: Method,
    design: &[Vec<f64>],
    outcomes: &[OutcomeSummary],
    candidates: usize,
) -> Vec<OutputIndices> {
    let factors = factors(params);
    let mut out = Vec::new();
    for c in 0..candidates {
        for output in Output::ALL {
            let y: Vec<f64> = outcomes.iter().map(|o| output.of(o, c)).collect();
            let mean = if y.is_empty() {
                0.0
            } else {
                y.iter().fold(0.0, |s, v| s + v) / y.len() as f64
            };
            let indices = match method {
                Method::Morris { .. } => morris_indices(&factors, design, &y).map(Indices::Morris),
                Method::Sobol { samples } => {
                    sobol_indices(&factors, samples, &y).map(Indices::Sobol)
                }
            }
            .unwrap_or_else(|e| Indices::Undefined(e.to_string()));
            out.push(OutputIndices {
                output,
                candidate: c,
                mean,
                indices,
            });
        }
    }
    out
}

/// The candidate whose probability of winning is highest on average over
/// the design (the first among equals).
pub fn leading_candidate(outcomes: &[OutcomeSummary], candidates: usize) -> usize {
    let mean = |c: usize| {
        outcomes
            .iter()
            .fold(0.0, |s, o| s + Output::WinProbability.of(o, c))
    };
    (0..candidates)
        .reduce(|best, c| if mean(c) > mean(best) { c } else { best })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ensemble::Proportion;

    #[test]
    fn ranges_parse() {
        let p: ParamRange = "params.noise = 0.02 : 0.08".parse().unwrap();
        assert_eq!(
            (p.path.as_str(), p.low, p.high),
            ("params.noise", 0.02, 0.08)
        );
        assert_eq!(p.to_string(), "params.noise=0.02:0.08");
        for bad in ["params.noise", "params.noise=0.1", "=0:1", "a=0:1:2"] {
            assert_eq!(
                bad.parse::<ParamRange>(),
                Err(ParamRangeError::Syntax(bad.into())),
                "{bad}"
            );
        }
        assert!(matches!(
            "a=0:x".parse::<ParamRange>(),
            Err(ParamRangeError::NotANumber { .. })
        ));
        assert_eq!(
            "a=1:0".parse::<ParamRange>(),
            Err(ParamRangeError::Order("a=1:0".into()))
        );
    }

    #[test]
    fn designs_have_the_announced_size_and_stay_in_range() {
        let params: Vec<ParamRange> = ["a=0:1", "b=10:20", "c=-1:1"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        for method in [
            Method::Morris {
                trajectories: 5,
                levels: 4,
            },
            Method::Sobol { samples: 8 },
        ] {
            let d = design(&params, method, 7).unwrap();
            assert_eq!(d.len(), method.points(3), "{method:?}");
            for point in &d {
                for (p, &x) in params.iter().zip(point) {
                    assert!(p.low <= x && x <= p.high, "{x} outside {p}");
                }
            }
            assert_eq!(d, design(&params, method, 7).unwrap());
        }
        assert_eq!(
            overrides_at(&params[..2], &[0.5, 12.0]),
            vec!["a=0.5", "b=12"]
        );
    }

    fn outcome(p0: f64, share0: f64) -> OutcomeSummary {
        let runs = 1000;
        let won = (p0 * runs as f64).round() as u64;
        OutcomeSummary {
            runs,
            win: vec![
                Proportion::new(won, runs),
                Proportion::new(runs - won, runs),
            ],
            undecided: Proportion::new(0, runs),
            more_than_one_round: Proportion::new(0, runs),
            mean_first_round_votes: vec![0.0, 0.0],
            expected_share: vec![share0, 1.0 - share0],
        }
    }

    #[test]
    fn indices_follow_the_outputs() {
        // The win probability follows `a` alone; the share follows `b` alone.
        let params: Vec<ParamRange> = ["a=0:1", "b=0:1"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        let method = Method::Morris {
            trajectories: 6,
            levels: 4,
        };
        let d = design(&params, method, 3).unwrap();
        let outcomes: Vec<OutcomeSummary> = d
            .iter()
            .map(|x| outcome(0.2 + 0.6 * x[0], 0.3 + 0.4 * x[1]))
            .collect();
        let all = analyse(&params, method, &d, &outcomes, 2);
        assert_eq!(all.len(), 4);
        let Indices::Morris(win) = &all[0].indices else {
            panic!("{:?}", all[0]);
        };
        assert_eq!(all[0].output, Output::WinProbability);
        assert!((win[0].mu_star - 0.6).abs() < 1e-9, "{win:?}");
        assert_eq!(win[1].mu_star, 0.0);
        let Indices::Morris(share) = &all[1].indices else {
            panic!("{:?}", all[1]);
        };
        assert!((share[1].mu_star - 0.4).abs() < 1e-9 && share[0].mu_star < 1e-12);
        // The second candidate mirrors the first.
        let Indices::Morris(win1) = &all[2].indices else {
            panic!();
        };
        assert!((win1[0].mu + 0.6).abs() < 1e-9);
        assert_eq!(leading_candidate(&outcomes, 2), 0);

        // Sobol' on an output that never varies is undefined, not an error.
        let sobol = Method::Sobol { samples: 256 };
        let d = design(&params, sobol, 3).unwrap();
        let flat: Vec<OutcomeSummary> = d.iter().map(|x| outcome(1.0, 0.3 + 0.4 * x[1])).collect();
        let all = analyse(&params, sobol, &d, &flat, 2);
        assert!(
            matches!(all[0].indices, Indices::Undefined(_)),
            "{:?}",
            all[0]
        );
        let Indices::Sobol(share) = &all[1].indices else {
            panic!("{:?}", all[1]);
        };
        assert!(
            (share[1].first - 1.0).abs() < 0.1 && (share[1].total - 1.0).abs() < 0.1,
            "{share:?}"
        );
        assert_eq!((share[0].first, share[0].total), (0.0, 0.0));
    }
}
