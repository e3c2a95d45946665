//! Parameter sweeps: an ensemble at every point of a grid of parameter
//! values, all points sharing the same run seeds (common random numbers), so
//! that the differences between neighbouring points come from the
//! parameters and not from the luck of the draw.
//!
//! A varied parameter is written `PATH=FROM:TO:STEPS`: the scenario path of
//! a number (as for `--set`), and `STEPS` evenly spaced values from `FROM` to
//! `TO`, both ends included (`params.noise=0:0.1:5` gives 0, 0.025, 0.05,
//! 0.075, 0.1). With several, the grid is their Cartesian product, the first
//! varying slowest. Values are in the units of the parameter.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::outcomes::OutcomeSummary;

/// The most grid points a sweep may have.
pub const MAX_GRID_POINTS: usize = 10_000;

/// One varied parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Vary {
    /// Scenario path, as for `--set`.
    pub path: String,
    pub from: f64,
    pub to: f64,
    /// Number of values, at least 2.
    pub steps: usize,
}

/// Why a `--vary` could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaryError {
    #[error(
        "--vary `{0}`: expected PATH=FROM:TO:STEPS, e.g. params.noise=0.01:0.1:10 (STEPS values from FROM to TO, both included)"
    )]
    Syntax(String),
    #[error("--vary `{spec}`: `{value}` is not a number")]
    NotANumber { spec: String, value: String },
    #[error("--vary `{spec}`: STEPS must be a whole number of at least 2, found `{value}`")]
    Steps { spec: String, value: String },
    #[error("--vary `{0}`: FROM and TO are equal, so nothing would vary")]
    Empty(String),
    #[error("`{0}` is varied twice: give each --vary a different path")]
    Duplicate(String),
    #[error("the grid has {points} points, more than the {max} allowed: use fewer STEPS")]
    TooLarge { points: usize, max: usize },
}

impl FromStr for Vary {
    type Err = VaryError;

    fn from_str(spec: &str) -> Result<Vary, VaryError> {
        let syntax = || VaryError::Syntax(spec.to_string());
        let (path, range) = spec.split_once('=').ok_or_else(syntax)?;
        let path = path.trim();
        if path.is_empty() {
            return Err(syntax());
        }
        let parts: Vec<&str> = range.split(':').map(str::trim).collect();
        let [from, to, steps] = parts[..] else {
            return Err(syntax());
        };
        let number = |value: &str| {
            value
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| VaryError::NotANumber {
                    spec: spec.to_string(),
                    value: value.to_string(),
                })
        };
        let (from, to) = (number(from)?, number(to)?);
        let steps = steps
            .parse::<usize>()
            .ok()
            .filter(|&n| n >= 2)
            .ok_or_else(|| VaryError::Steps {
                spec: spec.to_string(),
                value: steps.to_string(),
            })?;
        if from == to {
            return Err(VaryError::Empty(spec.to_string()));
        }
        Ok(Vary {
            path: path.to_string(),
            from,
            to,
            steps,
        })
    }
}

impl fmt::Display for Vary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}={}:{}:{}",
            self.path,
            format_value(self.from),
            format_value(self.to),
            self.steps
        )
    }
}

impl Vary {
    /// The values, from `from` to `to` exactly, evenly spaced.
    pub fn values(&self) -> Vec<f64> {
        let last = (self.steps - 1) as f64;
        (0..self.steps)
            .map(|i| {
                if i + 1 == self.steps {
                    self.to
                } else {
                    tidy(self.from + (self.to - self.from) * i as f64 / last)
                }
            })
            .collect()
    }
}

/// Check a set of varied parameters: distinct paths, a grid of at most
/// [`MAX_GRID_POINTS`] points.
pub fn check(varies: &[Vary]) -> Result<(), VaryError> {
    for (i, v) in varies.iter().enumerate() {
        if varies[..i].iter().any(|w| w.path == v.path) {
            return Err(VaryError::Duplicate(v.path.clone()));
        }
    }
    let points = varies
        .iter()
        .try_fold(1usize, |n, v| n.checked_mul(v.steps))
        .unwrap_or(usize::MAX);
    if points > MAX_GRID_POINTS {
        return Err(VaryError::TooLarge {
            points,
            max: MAX_GRID_POINTS,
        });
    }
    Ok(())
}

/// Every point of the grid, the first parameter varying slowest; each point
/// holds one value per parameter, in the parameters' order.
pub fn grid(varies: &[Vary]) -> Vec<Vec<f64>> {
    let mut points: Vec<Vec<f64>> = vec![Vec::new()];
    for v in varies {
        let values = v.values();
        points = points
            .into_iter()
            .flat_map(|p| {
                values.iter().map(move |&x| {
                    let mut q = p.clone();
                    q.push(x);
                    q
                })
            })
            .collect();
    }
    if varies.is_empty() {
        Vec::new()
    } else {
        points
    }
}

/// The `PATH=VALUE` overrides of one grid point.
pub fn overrides_at(varies: &[Vary], point: &[f64]) -> Vec<String> {
    varies
        .iter()
        .zip(point)
        .map(|(v, &x)| format!("{}={}", v.path, format_value(x)))
        .collect()
}

/// `x` rounded to 12 significant digits, to hide binary rounding
/// (0.1 * 3 is written 0.3).
pub fn tidy(x: f64) -> f64 {
    format!("{x:.11e}").parse().unwrap_or(x)
}

/// A value as an override writes it: the shortest text that reads back as
/// the tidied value ("0.3", "2", "-0.05").
pub fn format_value(x: f64) -> String {
    let t = tidy(x);
    if t == 0.0 {
        "0".to_string()
    } else {
        format!("{t}")
    }
}

/// One grid point and its outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SweepPoint {
    /// The values, one per varied parameter.
    pub values: Vec<f64>,
    pub outcome: OutcomeSummary,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vary(s: &str) -> Vary {
        s.parse().unwrap()
    }

    #[test]
    fn values_include_both_ends() {
        let v = vary("params.noise=0:0.1:5");
        assert_eq!(v.values(), vec![0.0, 0.025, 0.05, 0.075, 0.1]);
        let v = vary("params.temperature = 2 : 0.5 : 4");
        assert_eq!(v.path, "params.temperature");
        assert_eq!(v.values(), vec![2.0, 1.5, 1.0, 0.5]);
        let v = vary("x=0:0.3:4");
        assert_eq!(v.values(), vec![0.0, 0.1, 0.2, 0.3]);
        assert_eq!(format_value(0.1 * 3.0), "0.3");
        assert_eq!(format_value(-0.0), "0");
        assert_eq!(format_value(7.0), "7");
        assert_eq!(vary("a.b=-1:1:3").to_string(), "a.b=-1:1:3");
        assert_eq!(vary("a=-1:1:3").values(), vec![-1.0, 0.0, 1.0]);
    }

    #[test]
    fn the_grid_is_the_product_first_slowest() {
        let a = vary("a=0:1:2");
        let b = vary("b=10:30:3");
        let g = grid(&[a.clone(), b.clone()]);
        assert_eq!(
            g,
            vec![
                vec![0.0, 10.0],
                vec![0.0, 20.0],
                vec![0.0, 30.0],
                vec![1.0, 10.0],
                vec![1.0, 20.0],
                vec![1.0, 30.0],
            ]
        );
        assert_eq!(grid(std::slice::from_ref(&a)), vec![vec![0.0], vec![1.0]]);
        assert!(grid(&[]).is_empty());
        assert_eq!(overrides_at(&[a, b], &g[4]), vec!["a=1", "b=20"]);
    }

    #[test]
    fn bad_syntax_is_refused_with_the_expected_form() {
        for bad in [
            "params.noise",
            "params.noise=0:1",
            "=0:1:3",
            "a=0:1:3:4",
            "a=0;1;3",
        ] {
            let err = bad.parse::<Vary>().unwrap_err();
            assert_eq!(err, VaryError::Syntax(bad.to_string()));
            assert!(err.to_string().contains("PATH=FROM:TO:STEPS"), "{err}");
        }
        assert!(matches!(
            "a=x:1:3".parse::<Vary>(),
            Err(VaryError::NotANumber { value, .. }) if value == "x"
        ));
        assert!(matches!(
            "a=0:inf:3".parse::<Vary>(),
            Err(VaryError::NotANumber { .. })
        ));
        for steps in ["1", "0", "2.5", "-3"] {
            assert!(
                matches!(
                    format!("a=0:1:{steps}").parse::<Vary>(),
                    Err(VaryError::Steps { .. })
                ),
                "{steps}"
            );
        }
        assert_eq!(
            "a=1:1:3".parse::<Vary>(),
            Err(VaryError::Empty("a=1:1:3".into()))
        );
    }

    #[test]
    fn duplicates_and_huge_grids_are_refused() {
        let a = vary("a=0:1:3");
        assert_eq!(
            check(&[a.clone(), a.clone()]),
            Err(VaryError::Duplicate("a".into()))
        );
        assert_eq!(check(&[a.clone(), vary("b=0:1:3")]), Ok(()));
        let big = [vary("a=0:1:1000"), vary("b=0:1:11")];
        assert_eq!(
            check(&big),
            Err(VaryError::TooLarge {
                points: 11_000,
                max: MAX_GRID_POINTS
            })
        );
    }
}
