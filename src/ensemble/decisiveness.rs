//! How decisive a member state is: the measures of `states.csv`.
//!
//! # Pivotal probability
//!
//! In one run, a state is *pivotal* when, in some round of the ballot,
//! changing its own ballot paper alone, to a blank paper or to a paper
//! naming any one standing candidate, would change that round's decision:
//! who is elected in it, or who leaves the race after it by the rules
//! ([`crate::ballot::pivotal`], counted again under the round's own rule).
//! A state that is absent, or has no vote, cast no paper and is never
//! pivotal. Its probability is the fraction of runs in which the state was
//! pivotal: an integer count per state, so shards merge exactly.
//!
//! # Bellwether correlation
//!
//! For a candidate `c`, the correlation (phi coefficient) across runs between
//! "the state voted for `c` in the first round" and "`c` was elected":
//! `(N n11 - n1. n.1) / sqrt(n1. (N - n1.) n.1 (N - n.1))`, from four integer
//! counts. It is undefined (`None`) when either indicator never varies, e.g.
//! when the same candidate wins every run. A state near 1 moves with the
//! outcome; near 0, its vote says nothing of it.

/// The phi coefficient of two binary indicators over `n` runs: `both` runs
/// with both true, `a` and `b` runs with each true. `None` when either
/// indicator is constant.
pub fn phi(n: u64, a: u64, b: u64, both: u64) -> Option<f64> {
    let (n, a, b, both) = (n as f64, a as f64, b as f64, both as f64);
    let denominator = (a * (n - a) * b * (n - b)).sqrt();
    (denominator > 0.0).then(|| (n * both - a * b) / denominator)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phi_by_hand() {
        // Perfect agreement.
        assert_eq!(phi(10, 4, 4, 4), Some(1.0));
        // Perfect disagreement.
        assert_eq!(phi(10, 5, 5, 0), Some(-1.0));
        // Independent: P(both) = P(a) P(b).
        assert_eq!(phi(100, 50, 20, 10), Some(0.0));
        // Constant outcome.
        assert_eq!(phi(10, 4, 10, 4), None);
    }
}
