//! How decisive a member state is: the measures of `states.csv`.
//!
//! # Pivotal probability
//!
//! In one run, a state is *pivotal* when changing its own first-round ballot
//! paper alone, to a vote for any other candidate or to a blank paper, would
//! change the outcome of the first round: who is elected in it, or whether
//! anyone is (ITU rules: more than half of the valid votes, see
//! [`crate::ballot`]). A state that is absent, or has no voting rights, cast
//! no paper and is never pivotal. The measure depends only on the round's
//! tally and the state's own paper, so it is computed for each kind of paper
//! once per run ([`pivotal_papers`]). Its probability is the fraction of runs
//! in which the state was pivotal: an integer count per state, so shards
//! merge exactly.
//!
//! # Bellwether correlation
//!
//! For a candidate `c`, the correlation (phi coefficient) across runs between
//! "the state voted for `c` in the first round" and "`c` was elected":
//! `(N n11 - n1. n.1) / sqrt(n1. (N - n1.) n.1 (N - n.1))`, from four integer
//! counts. It is undefined (`None`) when either indicator never varies, e.g.
//! when the same candidate wins every run. A state near 1 moves with the
//! outcome; near 0, its vote says nothing of it.

/// Who is elected in a round with this tally (all candidates standing):
/// the candidate with at least `floor(valid / 2) + 1` votes, if any.
pub fn round_winner(tally: &[u32]) -> Option<usize> {
    let valid: u32 = tally.iter().sum();
    let majority = valid / 2 + 1;
    tally.iter().position(|&t| t >= majority)
}

/// Which ballot papers were pivotal in a first round with this tally:
/// `out[c]` for a vote for candidate `c`, `out[k]` for a blank paper
/// (module doc). A paper is pivotal when replacing one such paper by any
/// other paper changes [`round_winner`]. `out` has `k + 1` entries.
pub fn pivotal_papers(tally: &[u32], out: &mut [bool]) {
    let k = tally.len();
    let outcome = round_winner(tally);
    let mut changed = tally.to_vec();
    for from in 0..=k {
        out[from] = false;
        if from < k && tally[from] == 0 {
            continue;
        }
        for to in (0..=k).filter(|&to| to != from) {
            changed.copy_from_slice(tally);
            if from < k {
                changed[from] -= 1;
            }
            if to < k {
                changed[to] += 1;
            }
            if round_winner(&changed) != outcome {
                out[from] = true;
                break;
            }
        }
    }
}

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
    fn winner_needs_more_than_half_of_valid_votes() {
        assert_eq!(round_winner(&[51, 49]), Some(0));
        assert_eq!(round_winner(&[50, 50]), None);
        assert_eq!(round_winner(&[40, 30, 30]), None);
        assert_eq!(round_winner(&[0, 0]), None);
    }

    #[test]
    fn pivotal_in_a_close_two_candidate_race() {
        // 51-49: a vote for A moved to B gives 50-50 (nobody), moved to blank
        // gives 50-49 (A still wins): pivotal. A vote for B: never pivotal.
        // A blank paper cast for B gives 51-50: A still wins.
        let mut out = [false; 3];
        pivotal_papers(&[51, 49], &mut out);
        assert_eq!(out, [true, false, false]);
        // 50-50: any paper that moves breaks the tie or keeps it.
        pivotal_papers(&[50, 50], &mut out);
        assert_eq!(out, [true, true, true]);
        // A landslide: nobody is pivotal.
        pivotal_papers(&[140, 25], &mut out);
        assert_eq!(out, [false, false, false]);
    }

    #[test]
    fn pivotal_when_a_round_is_inconclusive() {
        // 8-7-5 of 20 valid: majority 11, nobody. Moving one vote cannot give
        // anyone 11, so nobody is pivotal.
        let mut out = [false; 4];
        pivotal_papers(&[8, 7, 5], &mut out);
        assert_eq!(out, [false; 4]);
        // 10-6-4: majority 11. A vote for B or C moved to A gives A 11 of 20.
        // A blank paper for A gives 11 of 21 (majority 11): A wins.
        pivotal_papers(&[10, 6, 4], &mut out);
        assert_eq!(out, [false, true, true, true]);
    }

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
