//! Histograms of integer counts over a fixed grid, the ensemble's way of
//! keeping a distribution in bounded memory and merging shards exactly.
//!
//! A histogram has `bins` bins; bin `b` stands for the value `b * resolution`
//! (e.g. 0.1 vote, or 0.001 of probability). A value is put in the bin of the
//! nearest grid point, clamped to the grid, so the distribution is known to
//! within half a resolution. Counts are integers: adding two histograms is
//! exact and does not depend on the order of the runs.
//!
//! # Percentiles
//!
//! [`Histogram::percentile`] treats the histogram as the sorted sample of its
//! grid values (each bin's value repeated by its count) and interpolates
//! linearly between the two nearest ranks (the usual "type 7" definition,
//! numpy's default): with `N` values `x_0 <= .. <= x_(N-1)` and `q` in
//! `[0, 1]`, `h = (N - 1) q` and the percentile is
//! `x_floor(h) + (h - floor(h)) (x_ceil(h) - x_floor(h))`.
//!
//! In files a histogram is written sparsely: its size, the first non-empty
//! bin and the counts up to the last non-empty one.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Integer counts on the grid `0, 1, .., bins - 1` (in units of the owner's resolution).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Histogram {
    counts: Vec<u64>,
}

impl Histogram {
    /// An empty histogram of `bins` bins (at least one).
    pub fn new(bins: usize) -> Histogram {
        Histogram {
            counts: vec![0; bins.max(1)],
        }
    }

    /// Number of bins.
    pub fn bins(&self) -> usize {
        self.counts.len()
    }

    /// The counts, by bin.
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// Total count.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Add one observation in bin `b` (clamped to the last bin).
    pub fn add(&mut self, b: usize) {
        let last = self.counts.len() - 1;
        self.counts[b.min(last)] += 1;
    }

    /// Add another histogram of the same size, bin by bin.
    pub fn merge(&mut self, other: &Histogram) -> Result<(), SizeMismatch> {
        if other.bins() != self.bins() {
            return Err(SizeMismatch {
                expected: self.bins(),
                found: other.bins(),
            });
        }
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        Ok(())
    }

    /// Mean of the grid values, in bins; `None` when empty.
    pub fn mean(&self) -> Option<f64> {
        let total = self.total();
        if total == 0 {
            return None;
        }
        let sum: u128 = self
            .counts
            .iter()
            .enumerate()
            .map(|(b, &n)| b as u128 * u128::from(n))
            .sum();
        Some(sum as f64 / total as f64)
    }

    /// The `q`-quantile (`q` in `[0, 1]`) in bins, by linear interpolation
    /// between the nearest ranks (module doc); `None` when empty.
    pub fn percentile(&self, q: f64) -> Option<f64> {
        let total = self.total();
        if total == 0 {
            return None;
        }
        let h = (total - 1) as f64 * q.clamp(0.0, 1.0);
        let lower = h.floor() as u64;
        let upper = h.ceil() as u64;
        let (a, b) = (self.value_at_rank(lower), self.value_at_rank(upper));
        Some(a as f64 + (h - lower as f64) * (b as f64 - a as f64))
    }

    /// The bin of the `rank`-th smallest value (0-based).
    fn value_at_rank(&self, rank: u64) -> usize {
        let mut seen = 0u64;
        for (b, &n) in self.counts.iter().enumerate() {
            seen += n;
            if seen > rank {
                return b;
            }
        }
        self.counts.len() - 1
    }
}

/// The bin of `value` on a grid of step `resolution`: the nearest grid point,
/// clamped to `0..bins`. Not-a-number goes to bin 0.
pub fn bin_of(value: f64, resolution: f64, bins: usize) -> usize {
    let b = (value / resolution).round();
    if b.is_nan() || b <= 0.0 {
        0
    } else {
        (b as usize).min(bins.saturating_sub(1))
    }
}

/// Two histograms of different sizes cannot be added.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("histograms differ in size: {expected} bins against {found}")]
pub struct SizeMismatch {
    pub expected: usize,
    pub found: usize,
}

/// The sparse form written to files.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sparse {
    bins: usize,
    first: usize,
    counts: Vec<u64>,
}

impl Serialize for Histogram {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let first = self.counts.iter().position(|&n| n > 0);
        let last = self.counts.iter().rposition(|&n| n > 0);
        let (first, counts) = match (first, last) {
            (Some(a), Some(b)) => (a, self.counts[a..=b].to_vec()),
            _ => (0, Vec::new()),
        };
        Sparse {
            bins: self.counts.len(),
            first,
            counts,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Histogram {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Histogram, D::Error> {
        let s = Sparse::deserialize(deserializer)?;
        if s.bins == 0
            || s.first
                .checked_add(s.counts.len())
                .is_none_or(|end| end > s.bins)
        {
            return Err(serde::de::Error::custom(format!(
                "histogram counts from bin {} ({} of them) do not fit in {} bins",
                s.first,
                s.counts.len(),
                s.bins
            )));
        }
        let mut counts = vec![0; s.bins];
        counts[s.first..s.first + s.counts.len()].copy_from_slice(&s.counts);
        Ok(Histogram { counts })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(values: &[usize], bins: usize) -> Histogram {
        let mut h = Histogram::new(bins);
        for &v in values {
            h.add(v);
        }
        h
    }

    #[test]
    fn percentiles_interpolate_between_ranks() {
        // Sample 1, 2, 3, 4: numpy's percentile gives 1.75 at 25%, 2.5 at 50%.
        let h = of(&[3, 1, 4, 2], 10);
        assert_eq!(h.percentile(0.25), Some(1.75));
        assert_eq!(h.percentile(0.5), Some(2.5));
        assert_eq!(h.percentile(0.0), Some(1.0));
        assert_eq!(h.percentile(1.0), Some(4.0));
        assert_eq!(h.mean(), Some(2.5));
        // Repeated values: 5, 5, 5, 9 -> median 5, 95% = 5 + 0.85 * 4.
        let h = of(&[5, 9, 5, 5], 10);
        assert_eq!(h.percentile(0.5), Some(5.0));
        assert!((h.percentile(0.95).unwrap() - 8.4).abs() < 1e-12);
        assert_eq!(Histogram::new(3).percentile(0.5), None);
    }

    #[test]
    fn values_are_binned_to_the_nearest_grid_point() {
        assert_eq!(bin_of(12.34, 0.1, 1931), 123);
        assert_eq!(bin_of(12.36, 0.1, 1931), 124);
        assert_eq!(bin_of(-0.2, 0.1, 10), 0);
        assert_eq!(bin_of(5.0, 0.1, 10), 9);
        assert_eq!(bin_of(f64::NAN, 0.1, 10), 0);
        let mut h = Histogram::new(4);
        h.add(17);
        assert_eq!(h.counts(), &[0, 0, 0, 1]);
    }

    #[test]
    fn merging_adds_counts() {
        let mut a = of(&[1, 2], 5);
        a.merge(&of(&[2, 4], 5)).unwrap();
        assert_eq!(a.counts(), &[0, 1, 2, 0, 1]);
        assert!(a.merge(&of(&[1], 6)).is_err());
    }

    #[test]
    fn sparse_form_round_trips() {
        let h = of(&[3, 5, 5], 2001);
        let text = serde_json::to_string(&h).unwrap();
        assert_eq!(text, r#"{"bins":2001,"first":3,"counts":[1,0,2]}"#);
        assert_eq!(serde_json::from_str::<Histogram>(&text).unwrap(), h);
        let empty = Histogram::new(7);
        let text = serde_json::to_string(&empty).unwrap();
        assert_eq!(serde_json::from_str::<Histogram>(&text).unwrap(), empty);
        assert!(
            serde_json::from_str::<Histogram>(r#"{"bins":3,"first":2,"counts":[1,1]}"#).is_err()
        );
    }
}
