//! Summary statistics of the ensemble: proportions with their Wilson score
//! interval, and distributions by mean and percentiles.

use serde::{Deserialize, Serialize};

use super::histogram::Histogram;

/// The standard normal quantile of 97.5%, for 95% intervals.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The percentiles reported for every distribution.
pub const PERCENTILES: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

/// A count out of a number of runs, its proportion and the 95% Wilson score interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Proportion {
    pub count: u64,
    pub runs: u64,
    /// `count / runs` (0 when there are no runs).
    pub p: f64,
    /// Lower end of the 95% Wilson interval.
    pub low: f64,
    /// Upper end of the 95% Wilson interval.
    pub high: f64,
}

impl Proportion {
    /// `count` of `runs`, with its Wilson interval (`[0, 1]` when `runs` is 0).
    pub fn new(count: u64, runs: u64) -> Proportion {
        let (low, high) = wilson(count, runs, Z95);
        Proportion {
            count,
            runs,
            p: if runs == 0 {
                0.0
            } else {
                count as f64 / runs as f64
            },
            low,
            high,
        }
    }
}

/// The Wilson score interval of `count` successes in `runs` trials:
/// `(p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)`.
pub fn wilson(count: u64, runs: u64, z: f64) -> (f64, f64) {
    if runs == 0 {
        return (0.0, 1.0);
    }
    let n = runs as f64;
    let p = count as f64 / n;
    let z2 = z * z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    // At 0 or all successes the bound is exactly 0 or 1; rounding would leave
    // a residue such as 2.7e-20.
    let low = if count == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let high = if count == runs {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    (low, high)
}

/// A distribution over runs: mean and the percentiles of [`PERCENTILES`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    pub mean: f64,
    pub p5: f64,
    pub p25: f64,
    pub median: f64,
    pub p75: f64,
    pub p95: f64,
}

impl Distribution {
    /// The distribution of a histogram whose bins are `resolution` apart
    /// (percentiles as in [`super::histogram`]); `None` when it is empty.
    pub fn of(h: &Histogram, resolution: f64) -> Option<Distribution> {
        let q = |p: f64| h.percentile(p).map(|b| b * resolution);
        Some(Distribution {
            mean: h.mean()? * resolution,
            p5: q(PERCENTILES[0])?,
            p25: q(PERCENTILES[1])?,
            median: q(PERCENTILES[2])?,
            p75: q(PERCENTILES[3])?,
            p95: q(PERCENTILES[4])?,
        })
    }

    /// The percentiles in the order of [`PERCENTILES`].
    pub fn percentiles(&self) -> [f64; 5] {
        [self.p5, self.p25, self.median, self.p75, self.p95]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_published_values() {
        // Newcombe (1998), Statistics in Medicine 17:857, table I:
        // 81/263 -> 0.2553 to 0.3662; 15/148 -> 0.0624 to 0.1605; 0/20 -> 0 to 0.1611.
        let (lo, hi) = wilson(81, 263, Z95);
        assert!(
            (lo - 0.2553).abs() < 5e-5 && (hi - 0.3662).abs() < 5e-5,
            "{lo} {hi}"
        );
        let (lo, hi) = wilson(15, 148, Z95);
        assert!(
            (lo - 0.0624).abs() < 5e-5 && (hi - 0.1605).abs() < 5e-5,
            "{lo} {hi}"
        );
        let (lo, hi) = wilson(0, 20, Z95);
        assert!(lo == 0.0 && (hi - 0.1611).abs() < 5e-5, "{hi}");
        assert_eq!(wilson(0, 0, Z95), (0.0, 1.0));
        // The extremes are exact, with no rounding residue.
        assert_eq!(wilson(0, 10_000, Z95).0, 0.0);
        assert_eq!(wilson(10_000, 10_000, Z95).1, 1.0);
    }

    #[test]
    fn distribution_scales_bins() {
        let mut h = Histogram::new(2001);
        for b in [1000, 1001, 1002, 1003, 1004] {
            h.add(b);
        }
        let d = Distribution::of(&h, 0.1).unwrap();
        assert!((d.mean - 100.2).abs() < 1e-9);
        assert!((d.median - 100.2).abs() < 1e-9);
        assert!((d.p5 - 100.02).abs() < 1e-9);
        assert!(Distribution::of(&Histogram::new(3), 0.1).is_none());
    }
}
