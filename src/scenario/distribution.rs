//! Uncertain numbers: a scenario number that is either a plain value or a
//! distribution that each run draws from (docs/SCENARIO.md, "Uncertain numbers").
//!
//! A distribution is plain data here; drawing it is the model's business
//! (`model::draw`). Sampling and the checks live here because they are
//! plain functions of the distribution and the number's valid range.

use rand::RngExt;
use rand_distr::{Beta, Distribution as _, StandardNormal};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};

use super::numbers::{NonNegative, Probability};

/// A distribution of an uncertain scenario number.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Distribution {
    /// Every value between `lo` and `hi` equally likely.
    Uniform { lo: f64, hi: f64 },
    /// Normal, truncated to the number's valid range (draws outside it are redrawn).
    Normal { mean: f64, sd: f64 },
    /// Beta with shapes `a`, `b` (for probabilities).
    Beta { a: f64, b: f64 },
    /// Beta given by its mean and standard deviation (for probabilities).
    BetaMeanSd { mean: f64, sd: f64 },
    /// `exp(ln(median) + sigma * z)`, z standard normal: positive, skewed right.
    LogNormal { median: f64, sigma: f64 },
    /// Triangular between `lo` and `hi`, most likely at `mode`.
    Triangular { lo: f64, mode: f64, hi: f64 },
}

/// The valid range of a kind of number, for truncation and checks.
pub trait Bounded: Copy {
    const LO: f64;
    const HI: f64;
    /// The plain value.
    fn value(self) -> f64;
    /// A plain value read from a file, checked.
    fn from_value(v: f64) -> Result<Self, String>;
}

impl Bounded for f64 {
    const LO: f64 = -1e6;
    const HI: f64 = 1e6;
    fn value(self) -> f64 {
        self
    }
    fn from_value(v: f64) -> Result<Self, String> {
        Ok(v)
    }
}

impl Bounded for Probability {
    const LO: f64 = 0.0;
    const HI: f64 = 1.0;
    fn value(self) -> f64 {
        self.0
    }
    fn from_value(v: f64) -> Result<Self, String> {
        Probability::try_from(v)
    }
}

impl Bounded for NonNegative {
    const LO: f64 = 0.0;
    const HI: f64 = f64::INFINITY;
    fn value(self) -> f64 {
        self.0
    }
    fn from_value(v: f64) -> Result<Self, String> {
        NonNegative::try_from(v)
    }
}

/// A scenario number: a plain value (checked like before), or a distribution.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Uncertain<T> {
    Fixed(T),
    Dist(Distribution),
}

impl<T> From<T> for Uncertain<T> {
    fn from(v: T) -> Self {
        Uncertain::Fixed(v)
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Raw {
    Fixed(f64),
    Dist(Distribution),
}

impl<'de, T: Bounded> Deserialize<'de> for Uncertain<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Raw::deserialize(d) {
            Ok(Raw::Fixed(v)) => T::from_value(v)
                .map(Uncertain::Fixed)
                .map_err(D::Error::custom),
            Ok(Raw::Dist(x)) => Ok(Uncertain::Dist(x)),
            // Serde's own message for a value that is neither; others
            // (a missing field) pass through.
            Err(e) if e.to_string().contains("did not match any variant") => {
                Err(D::Error::custom(EXPECTED))
            }
            Err(e) => Err(e),
        }
    }
}

/// The names of the distributions, as a scenario writes them.
pub const NAMES: [&str; 6] = [
    "Uniform",
    "Normal",
    "Beta",
    "BetaMeanSd",
    "LogNormal",
    "Triangular",
];

/// What a bad uncertain number is told it should be.
pub const EXPECTED: &str = "expected a number or a distribution (Uniform(lo, hi), Normal(mean, sd), Beta(a, b), BetaMeanSd(mean, sd), LogNormal(median, sigma) or Triangular(lo, mode, hi), every field a number)";

impl<T: Bounded> Uncertain<T> {
    /// The value a run uses without drawing (`run --central`).
    pub fn central(&self) -> f64 {
        match self {
            Uncertain::Fixed(v) => v.value(),
            Uncertain::Dist(d) => d.central(T::LO, T::HI),
        }
    }

    /// The distribution, if this number is uncertain.
    pub fn distribution(&self) -> Option<&Distribution> {
        match self {
            Uncertain::Fixed(_) => None,
            Uncertain::Dist(d) => Some(d),
        }
    }

    /// Problems with the distribution for a number of this kind, if any.
    pub fn check(&self) -> Option<String> {
        self.distribution()
            .and_then(|d| d.check(T::LO, T::HI).err())
    }
}

impl Distribution {
    /// The central value: the mean (of the untruncated distribution, clamped
    /// to the range), the median for `LogNormal`.
    pub fn central(&self, lo: f64, hi: f64) -> f64 {
        let c = match *self {
            Distribution::Uniform { lo, hi } => 0.5 * (lo + hi),
            Distribution::Normal { mean, .. } | Distribution::BetaMeanSd { mean, .. } => mean,
            Distribution::Beta { a, b } => a / (a + b),
            Distribution::LogNormal { median, .. } => median,
            Distribution::Triangular { lo, mode, hi } => (lo + mode + hi) / 3.0,
        };
        c.clamp(lo, hi)
    }

    /// Shapes `(a, b)` of a `BetaMeanSd`, or why there are none.
    pub fn beta_shapes(mean: f64, sd: f64) -> Result<(f64, f64), String> {
        let var = sd * sd;
        if !(mean > 0.0 && mean < 1.0) {
            return Err(format!(
                "BetaMeanSd needs a mean strictly between 0 and 1, found {mean}"
            ));
        }
        if !(sd > 0.0 && var < mean * (1.0 - mean)) {
            return Err(format!(
                "BetaMeanSd(mean: {mean}) needs 0 < sd < sqrt(mean * (1 - mean)) = {:.4}, found {sd}",
                (mean * (1.0 - mean)).sqrt()
            ));
        }
        let nu = mean * (1.0 - mean) / var - 1.0;
        Ok((mean * nu, (1.0 - mean) * nu))
    }

    /// Check the distribution for a number whose valid range is `[lo, hi]`.
    pub fn check(&self, lo: f64, hi: f64) -> Result<(), String> {
        let finite = |name: &str, v: f64| {
            if v.is_finite() && v.abs() <= 1e6 {
                Ok(())
            } else {
                Err(format!(
                    "{name} must be a finite number between -1e6 and 1e6, found {v}"
                ))
            }
        };
        let inside = |name: &str, v: f64| {
            if v >= lo && v <= hi {
                Ok(())
            } else {
                Err(format!(
                    "{name} {v} is outside the number's valid range [{lo}, {hi}]"
                ))
            }
        };
        match *self {
            Distribution::Uniform { lo: a, hi: b } => {
                finite("lo", a)?;
                finite("hi", b)?;
                if a >= b {
                    return Err(format!("Uniform needs lo < hi, found lo {a} and hi {b}"));
                }
                inside("lo", a)?;
                inside("hi", b)
            }
            Distribution::Normal { mean, sd } => {
                finite("mean", mean)?;
                finite("sd", sd)?;
                if sd <= 0.0 {
                    return Err(format!("Normal needs sd > 0, found {sd}"));
                }
                inside("mean", mean)
            }
            Distribution::Beta { a, b } => {
                finite("a", a)?;
                finite("b", b)?;
                if a <= 0.0 || b <= 0.0 {
                    return Err(format!("Beta needs a > 0 and b > 0, found a {a} and b {b}"));
                }
                if lo > 0.0 || hi < 1.0 {
                    return Err(format!(
                        "Beta draws from [0, 1], wider than the valid range [{lo}, {hi}]"
                    ));
                }
                Ok(())
            }
            Distribution::BetaMeanSd { mean, sd } => {
                finite("mean", mean)?;
                finite("sd", sd)?;
                Distribution::beta_shapes(mean, sd)?;
                if lo > 0.0 || hi < 1.0 {
                    return Err(format!(
                        "BetaMeanSd draws from [0, 1], wider than the valid range [{lo}, {hi}]"
                    ));
                }
                Ok(())
            }
            Distribution::LogNormal { median, sigma } => {
                finite("median", median)?;
                finite("sigma", sigma)?;
                if median <= 0.0 || sigma <= 0.0 {
                    return Err(format!(
                        "LogNormal needs median > 0 and sigma > 0, found median {median} and sigma {sigma}"
                    ));
                }
                inside("median", median)
            }
            Distribution::Triangular { lo: a, mode, hi: b } => {
                finite("lo", a)?;
                finite("mode", mode)?;
                finite("hi", b)?;
                if !(a <= mode && mode <= b && a < b) {
                    return Err(format!(
                        "Triangular needs lo <= mode <= hi and lo < hi, found lo {a}, mode {mode}, hi {b}"
                    ));
                }
                inside("lo", a)?;
                inside("hi", b)
            }
        }
    }

    /// One draw, truncated to `[lo, hi]` (a checked distribution).
    pub fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R, lo: f64, hi: f64) -> f64 {
        let x = match *self {
            Distribution::Uniform { lo: a, hi: b } => a + (b - a) * rng.random::<f64>(),
            Distribution::Normal { mean, sd } => {
                // Rejection keeps the normal's shape inside the range; a mean
                // inside the range makes acceptance at least a half per
                // side within reach, and after 64 misses the draw is clamped.
                let mut x = mean;
                for _ in 0..64 {
                    let z: f64 = rng.sample(StandardNormal);
                    x = mean + sd * z;
                    if x >= lo && x <= hi {
                        break;
                    }
                }
                x
            }
            Distribution::Beta { a, b } => beta(rng, a, b),
            Distribution::BetaMeanSd { mean, sd } => match Distribution::beta_shapes(mean, sd) {
                Ok((a, b)) => beta(rng, a, b),
                Err(_) => mean,
            },
            Distribution::LogNormal { median, sigma } => {
                let z: f64 = rng.sample(StandardNormal);
                median * (sigma * z).exp()
            }
            Distribution::Triangular { lo: a, mode, hi: b } => {
                let u: f64 = rng.random();
                let f = (mode - a) / (b - a);
                if u < f {
                    a + (u * (b - a) * (mode - a)).sqrt()
                } else {
                    b - ((1.0 - u) * (b - a) * (b - mode)).sqrt()
                }
            }
        };
        x.clamp(lo, hi)
    }

    /// An interval that holds nearly all draws (all, where the support is
    /// bounded), within `[lo, hi]`: the range that the variance estimator bins.
    pub fn span(&self, lo: f64, hi: f64) -> (f64, f64) {
        let (a, b) = match *self {
            Distribution::Uniform { lo, hi } | Distribution::Triangular { lo, hi, .. } => (lo, hi),
            Distribution::Normal { mean, sd } => (mean - 3.0 * sd, mean + 3.0 * sd),
            Distribution::Beta { .. } | Distribution::BetaMeanSd { .. } => (0.0, 1.0),
            Distribution::LogNormal { median, sigma } => {
                (median * (-3.0 * sigma).exp(), median * (3.0 * sigma).exp())
            }
        };
        (a.max(lo), b.min(hi))
    }
}

fn beta<R: rand::Rng + ?Sized>(rng: &mut R, a: f64, b: f64) -> f64 {
    match Beta::new(a, b) {
        Ok(d) => d.sample(rng),
        Err(_) => a / (a + b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rng::stream_rng;

    fn moments(d: Distribution, lo: f64, hi: f64) -> (f64, f64) {
        let mut rng = stream_rng(42, 7);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| d.sample(&mut rng, lo, hi)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        (mean, var.sqrt())
    }

    /// Mean and sd within 4 standard errors of the known values.
    fn assert_moments(d: Distribution, lo: f64, hi: f64, mean: f64, sd: f64) {
        let (m, s) = moments(d, lo, hi);
        let n = 200_000f64;
        assert!(
            (m - mean).abs() < 4.0 * sd / n.sqrt(),
            "{d:?}: mean {m}, expected {mean}"
        );
        // The sd of a sample sd is about sd / sqrt(2n) for these shapes; allow 8 of them.
        assert!(
            (s - sd).abs() < 8.0 * sd / (2.0 * n).sqrt(),
            "{d:?}: sd {s}, expected {sd}"
        );
    }

    #[test]
    fn sampling_moments_match_each_distribution() {
        let inf = f64::INFINITY;
        assert_moments(
            Distribution::Uniform { lo: 2.0, hi: 5.0 },
            -inf,
            inf,
            3.5,
            3.0 / 12f64.sqrt(),
        );
        assert_moments(
            Distribution::Normal { mean: 1.0, sd: 0.5 },
            -inf,
            inf,
            1.0,
            0.5,
        );
        let (a, b) = (2.0f64, 6.0f64);
        let beta_sd = (a * b / ((a + b) * (a + b) * (a + b + 1.0))).sqrt();
        assert_moments(Distribution::Beta { a, b }, 0.0, 1.0, 0.25, beta_sd);
        assert_moments(
            Distribution::BetaMeanSd {
                mean: 0.9,
                sd: 0.03,
            },
            0.0,
            1.0,
            0.9,
            0.03,
        );
        let (m, s) = (2.0f64, 0.4f64);
        let ln_mean = m * (s * s / 2.0).exp();
        let ln_sd = ln_mean * ((s * s).exp() - 1.0).sqrt();
        assert_moments(
            Distribution::LogNormal {
                median: m,
                sigma: s,
            },
            0.0,
            inf,
            ln_mean,
            ln_sd,
        );
        let (l, c, h) = (0.0f64, 1.0f64, 4.0f64);
        let tri_sd = ((l * l + c * c + h * h - l * c - l * h - c * h) / 18.0).sqrt();
        assert_moments(
            Distribution::Triangular {
                lo: l,
                mode: c,
                hi: h,
            },
            -inf,
            inf,
            5.0 / 3.0,
            tri_sd,
        );
    }

    #[test]
    fn normal_is_truncated_to_the_valid_range() {
        // Half-normal: a Normal(0, 1) truncated to [0, inf) has mean sqrt(2/pi).
        let d = Distribution::Normal { mean: 0.0, sd: 1.0 };
        let (m, _) = moments(d, 0.0, f64::INFINITY);
        assert!(
            (m - (2.0 / std::f64::consts::PI).sqrt()).abs() < 0.01,
            "{m}"
        );
        let mut rng = stream_rng(1, 1);
        assert!((0..10_000).all(|_| (0.0..=1.0).contains(&d.sample(&mut rng, 0.0, 1.0))));
    }

    #[test]
    fn checks_refuse_bad_distributions() {
        let p = (0.0, 1.0);
        assert!(
            Distribution::Uniform { lo: 0.5, hi: 0.2 }
                .check(p.0, p.1)
                .is_err()
        );
        assert!(
            Distribution::Uniform { lo: 0.5, hi: 1.2 }
                .check(p.0, p.1)
                .is_err()
        );
        assert!(
            Distribution::Normal { mean: 1.5, sd: 0.1 }
                .check(p.0, p.1)
                .is_err()
        );
        assert!(
            Distribution::Normal { mean: 0.5, sd: 0.0 }
                .check(p.0, p.1)
                .is_err()
        );
        assert!(
            Distribution::BetaMeanSd { mean: 0.5, sd: 0.6 }
                .check(p.0, p.1)
                .is_err()
        );
        assert!(
            Distribution::Beta { a: 1.0, b: 1.0 }
                .check(0.0, f64::INFINITY)
                .is_ok()
        );
        assert!(
            Distribution::Beta { a: 1.0, b: 1.0 }
                .check(0.2, 1.0)
                .is_err()
        );
        assert!(
            Distribution::Triangular {
                lo: 0.0,
                mode: 2.0,
                hi: 1.0
            }
            .check(-9.0, 9.0)
            .is_err()
        );
        assert!(
            Distribution::LogNormal {
                median: -1.0,
                sigma: 0.1
            }
            .check(0.0, 9.0)
            .is_err()
        );
        assert!(
            Distribution::Uniform { lo: 0.1, hi: 0.2 }
                .check(p.0, p.1)
                .is_ok()
        );
    }

    #[test]
    fn a_number_or_a_distribution_reads_from_ron() {
        #[derive(Deserialize)]
        struct T {
            x: Uncertain<Probability>,
            y: Uncertain<f64>,
        }
        let t: T = ron::from_str("(x: 0.3, y: Normal(mean: 0.3, sd: 0.1))").unwrap();
        assert_eq!(t.x, Uncertain::Fixed(Probability(0.3)));
        assert_eq!(
            t.y.distribution(),
            Some(&Distribution::Normal { mean: 0.3, sd: 0.1 })
        );
        let e = ron::from_str::<T>("(x: 1.5, y: 1)")
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("probability"), "{e}");
        let e = ron::from_str::<T>("(x: 0.5, y: Normal(mean: 1))")
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("Uniform(lo"), "{e}");
        assert_eq!(
            Uncertain::<Probability>::Dist(Distribution::Beta { a: 1.0, b: 3.0 }).central(),
            0.25
        );
    }
}
