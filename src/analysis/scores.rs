//! Proper scores of a forecast against what happened, and the naive baselines
//! that a forecast must beat to be worth its cost.
//!
//! Two kinds of forecast are scored:
//!
//! - *Who wins*: a probability for each candidate (summing to 1), scored by the
//!   log score and the (multi-category) Brier score against the index of the
//!   candidate who was elected.
//! - *How many votes*: a discrete distribution of a candidate's count (an
//!   ensemble's sample, or a histogram of integer counts), scored by the
//!   continuous ranked probability score (CRPS), the probability integral
//!   transform (PIT) of the observed count, and whether the central 50% and
//!   90% intervals contain it.
//!
//! All scores here are *negatively oriented* losses where a loss makes sense
//! (smaller is better): the log score is `-ln p`, the Brier score lies in
//! [0, 2], the CRPS is in votes. A score is *proper* when a forecaster
//! minimises its expected value by reporting their true belief; the log,
//! Brier and CRPS scores are strictly proper (Gneiting, T. and Raftery, A. E.
//! (2007), "Strictly proper scoring rules, prediction, and estimation",
//! *Journal of the American Statistical Association* 102(477), 359–378).
//!
//! Units: probabilities are fractions in [0, 1]; counts and the CRPS are in
//! votes (ballot papers).

/// Log score of a winner forecast: `-ln p[observed]`, in nats. Infinite when
/// the forecast gave the observed winner probability 0 (the score's
/// well-known harshness: an ensemble that never saw the outcome is told so).
///
/// # Panics
/// When `observed` is not an index of `probabilities`.
pub fn log_score(probabilities: &[f64], observed: usize) -> f64 {
    // `0 - ln p` rather than `-ln p`, so that a sure forecast scores +0, not -0.
    0.0 - probabilities[observed].ln()
}

/// Multi-category Brier score of a winner forecast:
/// `Σ_k (p_k − 1[k = observed])²`, in [0, 2]: Brier's (1950) original form,
/// which sums over all categories (Gneiting and Raftery 2007 write it with
/// the opposite sign, as a reward).
///
/// # Panics
/// When `observed` is not an index of `probabilities`.
pub fn brier_score(probabilities: &[f64], observed: usize) -> f64 {
    assert!(
        observed < probabilities.len(),
        "observed index out of range"
    );
    probabilities
        .iter()
        .enumerate()
        .map(|(k, &p)| {
            let hit = if k == observed { 1.0 } else { 0.0 };
            (p - hit).powi(2)
        })
        .sum()
}

/// CRPS of an ensemble of real values against the observation `y`, in the
/// energy form `E|X − y| − ½ E|X − X'|` over the empirical distribution of
/// the sample (Gneiting and Raftery 2007, the kernel form of the CRPS; the `scoringrules` package's
/// `crps_ensemble` with `estimator = "nrg"`). For a sample of integers it
/// equals [`DiscreteForecast::crps`] of the sample's histogram. `O(m log m)`:
/// the double sum is taken over the sorted sample,
/// `Σ_{i,j} |x_i − x_j| = 2 Σ_i (2i − m + 1) x_(i)` with `i` from 0.
///
/// # Panics
/// When the sample is empty or holds a NaN.
pub fn crps_ensemble(sample: &[f64], y: f64) -> f64 {
    assert!(!sample.is_empty(), "CRPS of an empty ensemble");
    let mut sorted = sample.to_vec();
    sorted.sort_by(|a, b| a.partial_cmp(b).expect("no NaN in an ensemble"));
    let m = sorted.len() as f64;
    let spread: f64 = sorted.iter().map(|x| (x - y).abs()).sum::<f64>() / m;
    let pairs: f64 = sorted
        .iter()
        .enumerate()
        .map(|(i, x)| (2.0 * i as f64 - m + 1.0) * x)
        .sum::<f64>()
        * 2.0;
    spread - pairs / (2.0 * m * m)
}

/// A forecast distribution of a non-negative integer count (a candidate's
/// votes in a round): how many of the ensemble's runs gave each count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscreteForecast {
    /// `counts[k]`: runs that gave the value `k`.
    counts: Vec<u64>,
    /// Sum of `counts`.
    total: u64,
}

impl DiscreteForecast {
    /// The histogram of a sample of counts.
    ///
    /// # Panics
    /// When the sample is empty.
    pub fn from_sample(sample: &[u32]) -> Self {
        let max = *sample.iter().max().expect("a non-empty sample") as usize;
        let mut counts = vec![0u64; max + 1];
        for &x in sample {
            counts[x as usize] += 1;
        }
        Self::from_counts(counts)
    }

    /// A histogram: `counts[k]` is the weight of the value `k`.
    ///
    /// # Panics
    /// When every count is zero.
    pub fn from_counts(counts: Vec<u64>) -> Self {
        let total = counts.iter().sum();
        assert!(total > 0, "a forecast needs at least one run");
        Self { counts, total }
    }

    /// A point forecast: all weight on `value` (a naive baseline's count).
    pub fn point(value: u32) -> Self {
        Self::from_sample(&[value])
    }

    /// `P(Y = k)`.
    pub fn pmf(&self, k: u32) -> f64 {
        self.counts.get(k as usize).copied().unwrap_or(0) as f64 / self.total as f64
    }

    /// `F(k) = P(Y ≤ k)`; `F(−1) = 0` is [`Self::below`].
    pub fn cdf(&self, k: u32) -> f64 {
        self.weight_up_to(k) as f64 / self.total as f64
    }

    /// `P(Y < k) = F(k − 1)`.
    pub fn below(&self, k: u32) -> f64 {
        match k.checked_sub(1) {
            Some(j) => self.cdf(j),
            None => 0.0,
        }
    }

    fn weight_up_to(&self, k: u32) -> u64 {
        let end = (k as usize + 1).min(self.counts.len());
        self.counts[..end].iter().sum()
    }

    /// CRPS against the observed count `y`, in votes:
    /// `∫ (F(x) − 1[x ≥ y])² dx`. With integer support and an integer `y`
    /// both functions are constant on each `[k, k + 1)`, so the integral is
    /// the sum `Σ_{k ≥ 0} (F(k) − 1[k ≥ y])²` (the CRPS of Gneiting and
    /// Raftery 2007 for a discrete distribution). It equals [`crps_ensemble`] of
    /// the sample that the histogram counts.
    pub fn crps(&self, y: u32) -> f64 {
        let last = (self.counts.len() as u32).max(y + 1);
        let mut below = 0u64;
        let mut sum = 0.0;
        for k in 0..last {
            below += self.counts.get(k as usize).copied().unwrap_or(0);
            let f = below as f64 / self.total as f64;
            let step = if k >= y { 1.0 } else { 0.0 };
            sum += (f - step).powi(2);
        }
        sum
    }

    /// Mid-distribution PIT of the observed count `y`:
    /// `F(y − 1) + ½ P(Y = y)`. Ties are handled by giving the observation
    /// the middle of the jump of `F` at `y`, rather than a uniform random
    /// point in it (the randomised PIT): the mid-PIT is deterministic, and
    /// for a calibrated forecast its mean is ½. An observation below all
    /// runs gives 0, above all runs 1, and equal to every run ½.
    pub fn mid_pit(&self, y: u32) -> f64 {
        self.below(y) + 0.5 * self.pmf(y)
    }

    /// The lower `p`-quantile: the least `k` with `F(k) ≥ p`, for `p` in
    /// [0, 1].
    pub fn quantile(&self, p: f64) -> u32 {
        let need = p * self.total as f64 - 1e-9;
        let mut below = 0u64;
        for (k, &c) in self.counts.iter().enumerate() {
            below += c;
            if below as f64 >= need {
                return k as u32;
            }
        }
        (self.counts.len() - 1) as u32
    }

    /// The central interval at `level` (e.g. 0.5 or 0.9): from the
    /// `(1 − level)/2` quantile to the `(1 + level)/2` quantile, both ends
    /// included. On a discrete distribution it holds at least `level` of the
    /// weight (it errs towards covering).
    pub fn central_interval(&self, level: f64) -> (u32, u32) {
        (
            self.quantile((1.0 - level) / 2.0),
            self.quantile((1.0 + level) / 2.0),
        )
    }

    /// Whether the central interval at `level` contains `y`.
    pub fn covers(&self, y: u32, level: f64) -> bool {
        let (lo, hi) = self.central_interval(level);
        lo <= y && y <= hi
    }
}

/// Fractions of runs won by each of `candidates` candidates, from the index
/// of each run's winner (`None`: no one was elected in that run, which counts
/// in the denominator but for no candidate).
///
/// # Panics
/// When `winners` is empty.
pub fn winner_frequencies(winners: &[Option<usize>], candidates: usize) -> Vec<f64> {
    assert!(!winners.is_empty(), "no runs");
    let mut won = vec![0u64; candidates];
    for w in winners.iter().flatten() {
        won[*w] += 1;
    }
    won.iter()
        .map(|&n| n as f64 / winners.len() as f64)
        .collect()
}

/// Baseline "equal chances": each of `candidates` candidates wins with
/// probability `1 / candidates`.
pub fn equal_chances(candidates: usize) -> Vec<f64> {
    vec![1.0 / candidates as f64; candidates]
}

/// Baseline "the leader wins": probability 1 to the candidate with the most of
/// something (members of endorsing blocs, states assigned by a UN-vote rule),
/// split equally among the candidates tied for the most. All zero counts
/// tie, giving equal chances.
pub fn leader_wins(counts: &[u64]) -> Vec<f64> {
    let most = counts.iter().copied().max().unwrap_or(0);
    let tied = counts.iter().filter(|&&c| c == most).count() as f64;
    counts
        .iter()
        .map(|&c| if c == most { 1.0 / tied } else { 0.0 })
        .collect()
}

/// Baseline "most endorsing-bloc members": for each candidate, the number of
/// distinct member states that belong to at least one bloc endorsing the
/// candidate; the candidate with the most wins ([`leader_wins`]).
/// `endorsers[c]` lists the member-state indices behind candidate `c`'s
/// endorsing blocs (a state in two of them counts once).
pub fn most_endorsed(endorsers: &[Vec<usize>]) -> (Vec<u64>, Vec<f64>) {
    let counts: Vec<u64> = endorsers
        .iter()
        .map(|states| {
            let mut s = states.clone();
            s.sort_unstable();
            s.dedup();
            s.len() as u64
        })
        .collect();
    let p = leader_wins(&counts);
    (counts, p)
}

/// Baseline "UN-vote rule": each member state votes for the candidate that
/// a rule assigns it from its UN votes (e.g. "a state that voted no on
/// resolution 68/262 votes for the Russian candidate"), or for none
/// (`None`: the rule does not place it). Returns each candidate's count,
/// which is also the baseline's point forecast of the candidate's votes
/// ([`DiscreteForecast::point`]), and the winner probabilities of
/// [`leader_wins`].
///
/// # Panics
/// When an assignment names a candidate index `≥ candidates`.
pub fn un_vote_rule(assignments: &[Option<usize>], candidates: usize) -> (Vec<u64>, Vec<f64>) {
    let mut counts = vec![0u64; candidates];
    for a in assignments.iter().flatten() {
        counts[*a] += 1;
    }
    let p = leader_wins(&counts);
    (counts, p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn log_score_is_minus_log_of_the_winners_probability() {
        // p = (0.5, 0.3, 0.2), candidate 1 won: -ln 0.3 = 1.2039728043259361.
        let p = [0.5, 0.3, 0.2];
        assert!(close(log_score(&p, 1), 1.2039728043259361));
        // A sure and right forecast scores 0; a zero for the winner, infinity.
        assert_eq!(log_score(&[1.0, 0.0], 0).to_bits(), 0.0f64.to_bits());
        assert!(log_score(&[1.0, 0.0], 1).is_infinite());
    }

    #[test]
    fn brier_score_sums_over_all_candidates() {
        let p = [0.5, 0.3, 0.2];
        // Candidate 0 won: (0.5-1)² + 0.3² + 0.2² = 0.25 + 0.09 + 0.04 = 0.38.
        assert!(close(brier_score(&p, 0), 0.38));
        // Candidate 2 won: 0.5² + 0.3² + (0.2-1)² = 0.25 + 0.09 + 0.64 = 0.98.
        assert!(close(brier_score(&p, 2), 0.98));
        // Equal chances among 3: (2/3)² + 2·(1/3)² = 4/9 + 2/9 = 2/3.
        assert!(close(brier_score(&equal_chances(3), 1), 2.0 / 3.0));
        // Sure and wrong: 1² + 1² = 2, the maximum.
        assert!(close(brier_score(&[1.0, 0.0], 1), 2.0));
    }

    #[test]
    fn crps_of_a_small_ensemble_by_hand() {
        // Sample (1, 2, 3), y = 2:
        //   E|X - y| = (1 + 0 + 1)/3 = 2/3;
        //   Σ_{i,j}|x_i - x_j| = 2·(1 + 2 + 1) = 8, so ½ E|X - X'| = 8/(2·9) = 4/9;
        //   CRPS = 2/3 - 4/9 = 2/9.
        assert!(close(crps_ensemble(&[1.0, 2.0, 3.0], 2.0), 2.0 / 9.0));
        // Histogram form: F(0)=0, F(1)=1/3, F(2)=2/3, F(3)=1 against the step at 2:
        //   (1/3 - 0)² + (2/3 - 1)² = 1/9 + 1/9 = 2/9.
        let f = DiscreteForecast::from_sample(&[3, 1, 2]);
        assert!(close(f.crps(2), 2.0 / 9.0));
    }

    #[test]
    fn crps_of_a_point_forecast_is_the_absolute_error() {
        // All weight on 5, y = 2: F - H is -1 on k = 2, 3, 4 and 0 elsewhere: 3.
        assert!(close(DiscreteForecast::point(5).crps(2), 3.0));
        assert!(close(DiscreteForecast::point(2).crps(5), 3.0));
        assert!(close(DiscreteForecast::point(4).crps(4), 0.0));
        assert!(close(crps_ensemble(&[5.0], 2.0), 3.0));
    }

    #[test]
    fn crps_with_the_observation_beyond_the_support() {
        // Weights 1 on 1 and 1 on 2, y = 5:
        //   k=1: (0.5 - 0)² = 0.25; k=2,3,4: (1 - 0)² = 1 each; k ≥ 5: 0. Sum 3.25.
        // Energy form: E|X - 5| = (4 + 3)/2 = 3.5, ½ E|X - X'| = 2/(2·4) = 0.25: 3.25.
        let f = DiscreteForecast::from_counts(vec![0, 1, 1]);
        assert!(close(f.crps(5), 3.25));
        assert!(close(crps_ensemble(&[1.0, 2.0], 5.0), 3.25));
    }

    #[test]
    fn histogram_and_energy_forms_agree_on_a_larger_sample() {
        let sample: Vec<u32> = (0..200u32).map(|i| (i * 37 + 11) % 23 + 40).collect();
        let reals: Vec<f64> = sample.iter().map(|&x| f64::from(x)).collect();
        let f = DiscreteForecast::from_sample(&sample);
        for y in [0, 39, 45, 50, 62, 90] {
            let a = f.crps(y);
            let b = crps_ensemble(&reals, f64::from(y));
            assert!((a - b).abs() < 1e-9, "y={y}: {a} vs {b}");
        }
    }

    #[test]
    fn mid_pit_splits_ties() {
        // Sample (1, 2, 2, 3): F(1) = 1/4, P(Y=2) = 1/2.
        let f = DiscreteForecast::from_sample(&[1, 2, 2, 3]);
        // y = 2: 1/4 + ½·1/2 = 0.5.
        assert!(close(f.mid_pit(2), 0.5));
        // y = 3: F(2) = 3/4, + ½·1/4 = 0.875.
        assert!(close(f.mid_pit(3), 0.875));
        // Below and above every run: 0 and 1.
        assert!(close(f.mid_pit(0), 0.0));
        assert!(close(f.mid_pit(10), 1.0));
        // Every run equal to the observation: ½, not 1.
        assert!(close(
            DiscreteForecast::from_sample(&[4, 4, 4, 4]).mid_pit(4),
            0.5
        ));
    }

    #[test]
    fn central_intervals_by_hand() {
        // Sample 1..=10, F(k) = k/10.
        let sample: Vec<u32> = (1..=10).collect();
        let f = DiscreteForecast::from_sample(&sample);
        // 50%: least k with F(k) ≥ 0.25 is 3 (F(2) = 0.2); with F(k) ≥ 0.75 is 8.
        assert_eq!(f.central_interval(0.5), (3, 8));
        // 90%: F(1) = 0.1 ≥ 0.05 gives 1; F(9) = 0.9 < 0.95, F(10) = 1 gives 10.
        assert_eq!(f.central_interval(0.9), (1, 10));
        assert!(f.covers(3, 0.5) && f.covers(8, 0.5));
        assert!(!f.covers(2, 0.5) && !f.covers(9, 0.5));
        assert!(!f.covers(11, 0.9) && !f.covers(0, 0.9));
        // A point forecast covers only its own value.
        assert!(DiscreteForecast::point(7).covers(7, 0.9));
        assert!(!DiscreteForecast::point(7).covers(8, 0.9));
    }

    #[test]
    fn winner_frequencies_count_runs_without_a_winner_in_the_denominator() {
        // Runs won by 0, 0, 1 and one run with no one elected: (2/4, 1/4, 0).
        let p = winner_frequencies(&[Some(0), None, Some(1), Some(0)], 3);
        assert_eq!(p, vec![0.5, 0.25, 0.0]);
    }

    #[test]
    fn baselines() {
        assert_eq!(equal_chances(4), vec![0.25; 4]);
        // Leader takes all; a tie splits.
        assert_eq!(leader_wins(&[3, 9, 1]), vec![0.0, 1.0, 0.0]);
        assert_eq!(leader_wins(&[5, 2, 5]), vec![0.5, 0.0, 0.5]);
        // Endorsers: candidate 0 has states {1, 2, 3} (state 2 in two blocs),
        // candidate 1 has {4, 5}: counts (3, 2), candidate 0 leads.
        let (counts, p) = most_endorsed(&[vec![1, 2, 2, 3], vec![4, 5]]);
        assert_eq!(counts, vec![3, 2]);
        assert_eq!(p, vec![1.0, 0.0]);
        // UN-vote rule: states place as (1, none, 1, 0, 1): counts (1, 3).
        let (counts, p) = un_vote_rule(&[Some(1), None, Some(1), Some(0), Some(1)], 2);
        assert_eq!(counts, vec![1, 3]);
        assert_eq!(p, vec![0.0, 1.0]);
    }
}
