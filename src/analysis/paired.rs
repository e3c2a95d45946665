//! Differences measured on paired runs: run `i` of one variant against run
//! `i` of another, both with the same seed (common random numbers).
//!
//! # A difference of two paired proportions
//!
//! Each pair of runs says whether an event (a candidate elected) happened in
//! the second variant (`y`) and in the first (`x`). Over `n` pairs, with
//! `e` pairs where both saw it, `f` only the second, `g` only the first and
//! `h` neither, the estimate is
//!
//! ```text
//! D = p_y - p_x = (f - g) / n
//! ```
//!
//! and its 95% interval is Newcombe's method 10 (Newcombe 1998), the
//! Wilson intervals `[l_y, u_y]` of `p_y = (e + f) / n` and `[l_x, u_x]` of
//! `p_x = (e + g) / n` combined with the correlation of the pairs:
//!
//! ```text
//! lower = D - sqrt((p_y - l_y)^2 - 2 φ (p_y - l_y)(u_x - p_x) + (u_x - p_x)^2)
//! upper = D + sqrt((u_y - p_y)^2 - 2 φ (u_y - p_y)(p_x - l_x) + (p_x - l_x)^2)
//! ```
//!
//! where `φ = C / sqrt((e+f)(g+h)(e+g)(f+h))` with `C = eh - fg - n/2` when
//! `eh - fg > n/2`, `C = 0` when `0 <= eh - fg <= n/2`, `C = eh - fg` when it
//! is negative, and `φ = 0` when the denominator is 0. Unlike the simple
//! normal (Wald) interval it keeps its coverage near 0 and 1, and it does not
//! shrink to a point when no pair differs (with `n` pairs and none differing
//! it still allows for a difference too rare to have been seen). `D` itself
//! is exactly 0 when the two variants agree in every pair.
//!
//! # A difference of paired means
//!
//! For a quantity measured in both runs of each pair (votes), the mean of the
//! per-pair differences `d_i = y_i - x_i` with the normal 95% interval
//! `mean ± 1.96 s / sqrt(n)`, `s` the sample standard deviation of the `d_i`
//! (Student's t would differ by under 0.1% for the hundreds of runs used).
//!
//! Reference: R. G. Newcombe (1998). Improved confidence intervals for the
//! difference between binomial proportions based on paired data.
//! *Statistics in Medicine* 17, 2635–2650.

use serde::{Deserialize, Serialize};

use crate::ensemble::stats::{Z95, wilson};

/// Counts of paired outcomes: whether the event happened in the first
/// variant (`x`) and in the second (`y`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairedCounts {
    /// Both.
    pub both: u64,
    /// Only in the second variant.
    pub only_second: u64,
    /// Only in the first variant.
    pub only_first: u64,
    /// Neither.
    pub neither: u64,
}

impl PairedCounts {
    /// Count one pair.
    pub fn add(&mut self, first: bool, second: bool) {
        match (first, second) {
            (true, true) => self.both += 1,
            (false, true) => self.only_second += 1,
            (true, false) => self.only_first += 1,
            (false, false) => self.neither += 1,
        }
    }

    /// Number of pairs.
    pub fn n(&self) -> u64 {
        self.both + self.only_second + self.only_first + self.neither
    }
}

/// A difference with its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    /// Second minus first.
    pub estimate: f64,
    pub low: f64,
    pub high: f64,
}

/// `p_second - p_first` with Newcombe's interval (module doc); with no pairs,
/// 0 in `[-1, 1]`.
pub fn paired_proportion_difference(c: &PairedCounts) -> Difference {
    let n = c.n();
    if n == 0 {
        return Difference {
            estimate: 0.0,
            low: -1.0,
            high: 1.0,
        };
    }
    let (e, f, g, h) = (
        c.both as f64,
        c.only_second as f64,
        c.only_first as f64,
        c.neither as f64,
    );
    let nf = n as f64;
    let second = c.both + c.only_second;
    let first = c.both + c.only_first;
    let p_y = second as f64 / nf;
    let p_x = first as f64 / nf;
    let (l_y, u_y) = wilson(second, n, Z95);
    let (l_x, u_x) = wilson(first, n, Z95);
    let denominator = (e + f) * (g + h) * (e + g) * (f + h);
    let phi = if denominator == 0.0 {
        0.0
    } else {
        let b = e * h - f * g;
        let corrected = if b > nf / 2.0 {
            b - nf / 2.0
        } else if b < 0.0 {
            b
        } else {
            0.0
        };
        corrected / denominator.sqrt()
    };
    // Both differences vanish together, and (f - g) / n is exact for f == g.
    let estimate = (f - g) / nf;
    let root = |a: f64, b: f64| (a * a - 2.0 * phi * a * b + b * b).max(0.0).sqrt();
    Difference {
        estimate,
        low: (estimate - root(p_y - l_y, u_x - p_x)).max(-1.0),
        high: (estimate + root(u_y - p_y, p_x - l_x)).min(1.0),
    }
}

/// Mean of `second[i] - first[i]` with its normal 95% interval (module doc).
/// Both slices must have the same length; with fewer than two pairs the
/// interval is the estimate itself.
pub fn paired_mean_difference(first: &[f64], second: &[f64]) -> Difference {
    let d: Vec<f64> = second.iter().zip(first).map(|(y, x)| y - x).collect();
    if d.is_empty() {
        return Difference {
            estimate: 0.0,
            low: 0.0,
            high: 0.0,
        };
    }
    let n = d.len() as f64;
    let mean = d.iter().fold(0.0, |s, x| s + x) / n;
    if d.len() < 2 {
        return Difference {
            estimate: mean,
            low: mean,
            high: mean,
        };
    }
    let var = d.iter().fold(0.0, |s, x| s + (x - mean) * (x - mean)) / (n - 1.0);
    let half = Z95 * (var / n).sqrt();
    Difference {
        estimate: mean,
        low: mean - half,
        high: mean + half,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(e: u64, f: u64, g: u64, h: u64) -> PairedCounts {
        PairedCounts {
            both: e,
            only_second: f,
            only_first: g,
            neither: h,
        }
    }

    #[test]
    fn newcombe_method_10_matches_the_published_examples() {
        // Newcombe (1998), the four examples of table II, method 10.
        for ((e, f, g, h), (lo, hi)) in [
            ((36, 12, 2, 0), (0.0569, 0.3404)),
            ((18, 12, 2, 18), (0.0562, 0.3290)),
            ((53, 0, 0, 1), (-0.0729, 0.0729)),
            ((0, 30, 0, 0), (0.8395, 1.0)),
        ] {
            let d = paired_proportion_difference(&counts(e, f, g, h));
            let n = (e + f + g + h) as f64;
            assert_eq!(d.estimate, (f as f64 - g as f64) / n);
            assert!(
                (d.low - lo).abs() < 1e-4 && (d.high - hi).abs() < 1e-4,
                "({e},{f},{g},{h}): {} to {}, expected {lo} to {hi}",
                d.low,
                d.high
            );
        }
    }

    #[test]
    fn swapping_the_variants_mirrors_the_interval() {
        let a = paired_proportion_difference(&counts(300, 40, 15, 645));
        let b = paired_proportion_difference(&counts(300, 15, 40, 645));
        assert!((a.estimate + b.estimate).abs() < 1e-15);
        assert!((a.low + b.high).abs() < 1e-12 && (a.high + b.low).abs() < 1e-12);
        assert!(a.low > 0.0, "a clear difference excludes 0: {a:?}");
    }

    #[test]
    fn identical_pairs_differ_by_exactly_zero() {
        let d = paired_proportion_difference(&counts(700, 0, 0, 300));
        assert_eq!(d.estimate, 0.0);
        assert!(d.low < 0.0 && d.high > 0.0 && d.high < 0.01, "{d:?}");
        let m = paired_mean_difference(&[3.0, 5.0, 8.0], &[3.0, 5.0, 8.0]);
        assert_eq!((m.estimate, m.low, m.high), (0.0, 0.0, 0.0));
    }

    #[test]
    fn paired_means() {
        let m = paired_mean_difference(&[1.0, 2.0, 3.0, 4.0], &[2.0, 4.0, 4.0, 6.0]);
        // Differences 1, 2, 1, 2: mean 1.5, s = sqrt(1/3).
        assert!((m.estimate - 1.5).abs() < 1e-12);
        let half = Z95 * (1.0f64 / 3.0).sqrt() / 2.0;
        assert!((m.high - 1.5 - half).abs() < 1e-12 && (1.5 - m.low - half).abs() < 1e-12);
        let mut c = PairedCounts::default();
        c.add(true, true);
        c.add(false, true);
        c.add(true, false);
        c.add(false, false);
        assert_eq!(c, counts(1, 1, 1, 1));
        assert_eq!(c.n(), 4);
    }
}
