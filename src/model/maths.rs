//! The model's arithmetic as plain functions, so that each equation of
//! docs/MODEL.md can be tested without a World. Utilities are dimensionless;
//! probabilities are in [0, 1]; effort is in effort units.

use super::lanes::{LANES, Lanes};

/// Vote choice among candidates: `p_c = exp(u_c / T) / sum_d exp(u_d / T)`,
/// written into `out` (computed as `exp((u_c - max_d u_d) / T)`, normalised,
/// so that large utilities do not overflow).
#[inline]
pub fn softmax(utilities: &[f64], temperature: f64, out: &mut [f64]) {
    let max = utilities.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let inverse_temperature = 1.0 / temperature;
    let mut sum = 0.0;
    for (u, o) in utilities.iter().zip(out.iter_mut()) {
        *o = exp_or_one((u - max) * inverse_temperature);
        sum += *o;
    }
    if sum > 0.0 && sum.is_finite() {
        let inverse = 1.0 / sum;
        for o in out.iter_mut() {
            *o *= inverse;
        }
    }
}

/// [`softmax`] in lanes `0..active`: `utilities[c][l]` at lane l's inverse
/// temperature into `out[c][l]`, with the same operations in the same
/// order as [`softmax`] applies to lane l alone. Idle lanes (`active..`)
/// are left as they are: the exponentials are not worth computing for them.
#[inline]
pub fn softmax_lanes<const K: usize>(
    utilities: &[Lanes; K],
    inverse_temperature: &Lanes,
    active: usize,
    out: &mut [Lanes; K],
) {
    let mut max = [f64::NEG_INFINITY; LANES];
    for u in utilities {
        for l in 0..LANES {
            max[l] = max[l].max(u[l]);
        }
    }
    let mut sum = [0.0; LANES];
    for (u, o) in utilities.iter().zip(out.iter_mut()) {
        for l in 0..active {
            o[l] = exp_or_one((u[l] - max[l]) * inverse_temperature[l]);
            sum[l] += o[l];
        }
    }
    for l in 0..active {
        if sum[l] > 0.0 && sum[l].is_finite() {
            let inverse = 1.0 / sum[l];
            for o in out.iter_mut() {
                o[l] *= inverse;
            }
        }
    }
}

/// `e^x`, skipping the library call for `x = 0` (the candidate with the
/// largest utility in a softmax), where it is exactly 1.
#[inline]
fn exp_or_one(x: f64) -> f64 {
    if x == 0.0 { 1.0 } else { x.exp() }
}

/// One Friedkin-Johnsen step for one utility:
/// `u' = s * anchor + (1 - s) * ((1 - l) * u + l * peers)`.
#[inline]
pub fn friedkin_johnsen(u: f64, anchor: f64, peers: f64, stubbornness: f64, influence: f64) -> f64 {
    stubbornness * anchor + (1.0 - stubbornness) * ((1.0 - influence) * u + influence * peers)
}

/// The Friedkin-Johnsen weights `(stubbornness, peer influence)` of one tick
/// of `days` days, from the per-day weights `(s, l)`: applying
/// [`friedkin_johnsen`] `days` times with the anchor and the peers' mean held
/// fixed equals applying it once with these. With `r = (1 - s)(1 - l)`, the
/// weight left on the state's own utility, `days` steps leave `r^days`, and
/// the rest goes to the anchor and the peers in the per-day proportion
/// `s : (1 - s) l`. One day returns `(s, l)` unchanged.
pub fn pull_per_tick(s: f64, l: f64, days: u32) -> (f64, f64) {
    if days <= 1 {
        return (s, l);
    }
    let r = (1.0 - s) * (1.0 - l);
    if r >= 1.0 {
        return (s, l);
    }
    let spread = (1.0 - r.powi(days as i32)) / (1.0 - r);
    let s_tick = s * spread;
    let l_tick = if s_tick < 1.0 {
        (1.0 - s) * l * spread / (1.0 - s_tick)
    } else {
        0.0
    };
    (s_tick, l_tick)
}

/// The standard normal cumulative distribution function.
pub fn normal_cdf(z: f64) -> f64 {
    0.5 * erfc(-z / std::f64::consts::SQRT_2)
}

/// Complementary error function (Numerical Recipes' Chebyshev fit, |error| < 1.2e-7).
///
/// Kept rather than `libm::erfc`: it feeds only the per-tick chances of
/// winning, themselves a normal approximation of a vote count (an error of
/// order 1/sqrt(states), some 0.07 for PP-22's 193 states) written with six
/// decimals; 1.2e-7 is below both, and another function would change the
/// last digit of those figures in every output. A test holds it to
/// `libm::erfc`.
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

/// Probability that each candidate would win if the ballot were held now.
///
/// `q[i][c]` is state i's unconditional probability of voting for candidate
/// c (K candidates). For each pair (c, d) the lead `D = V_c - V_d` is a sum
/// of independent per-state terms (+1 with q_c, -1 with q_d, else 0): mean
/// `sum(q_c - q_d)`, variance `sum(q_c + q_d - (q_c - q_d)^2)`; `P(D > 0)` is
/// approximated by the normal `Phi(mean / sd)` (ties count half). A
/// candidate's score is the product of its pairwise chances, normalised over
/// candidates; with two candidates this is exactly the normal approximation
/// of `P(V_c > V_d)`.
pub fn win_probabilities<const K: usize>(q: &[[f64; K]], out: &mut [f64]) {
    if K == 1 {
        out[0] = 1.0;
        return;
    }
    let mut mean = [[0.0f64; K]; K];
    let mut var = [[0.0f64; K]; K];
    for row in q {
        for c in 0..K {
            for d in (c + 1)..K {
                let diff = row[c] - row[d];
                mean[c][d] += diff;
                var[c][d] += row[c] + row[d] - diff * diff;
            }
        }
    }
    let mut total = 0.0;
    for c in 0..K {
        let mut score = 1.0;
        for d in 0..K {
            if d == c {
                continue;
            }
            let (m, v) = if c < d {
                (mean[c][d], var[c][d])
            } else {
                (-mean[d][c], var[d][c])
            };
            score *= lead_probability(m, v);
        }
        out[c] = score;
        total += score;
    }
    if total > 0.0 {
        for o in out.iter_mut().take(K) {
            *o /= total;
        }
    } else {
        for o in out.iter_mut().take(K) {
            *o = 1.0 / K as f64;
        }
    }
}

/// `P(D > 0)` for a lead `D` of this mean and variance, by the normal
/// approximation (ties count half; a lead without variance is its sign).
pub fn lead_probability(mean: f64, variance: f64) -> f64 {
    if variance <= 1e-12 {
        return if mean > 1e-9 {
            1.0
        } else if mean < -1e-9 {
            0.0
        } else {
            0.5
        };
    }
    normal_cdf(mean / variance.sqrt())
}

/// The candidate a state leans to and how close it is to indifference: the gap
/// between the utility of `candidate` and the best other candidate, in absolute value.
#[inline]
pub fn indifference(utilities: &[f64], candidate: usize) -> f64 {
    let mut best_other = f64::NEG_INFINITY;
    for (c, &u) in utilities.iter().enumerate() {
        if c != candidate {
            best_other = best_other.max(u);
        }
    }
    if best_other.is_finite() {
        (utilities[candidate] - best_other).abs()
    } else {
        f64::INFINITY
    }
}

/// `ln(p / (1 - p))`.
pub fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

/// `1 / (1 + e^-x)`, the inverse of [`logit`].
pub fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softmax_matches_hand_computation() {
        let mut p = [0.0; 2];
        softmax(&[1.0, 0.0], 1.0, &mut p);
        let e = std::f64::consts::E;
        assert!((p[0] - e / (e + 1.0)).abs() < 1e-12);
        assert!((p[0] + p[1] - 1.0).abs() < 1e-12);
        // A higher temperature flattens the choice.
        let mut flat = [0.0; 2];
        softmax(&[1.0, 0.0], 10.0, &mut flat);
        assert!(flat[0] < p[0] && flat[0] > 0.5);
    }

    #[test]
    fn softmax_is_stable_for_large_utilities() {
        let mut p = [0.0; 2];
        softmax(&[1000.0, 999.0], 0.01, &mut p);
        assert!(p.iter().all(|x| x.is_finite()));
        assert!((p[0] - 1.0).abs() < 1e-12);
    }

    #[test]
    fn friedkin_johnsen_weights() {
        // s = 0.1, l = 0.5: 0.1*2 + 0.9*(0.5*0 + 0.5*1) = 0.65
        assert!((friedkin_johnsen(0.0, 2.0, 1.0, 0.1, 0.5) - 0.65).abs() < 1e-12);
        // Fully stubborn states return to their anchor.
        assert_eq!(friedkin_johnsen(5.0, 1.0, -3.0, 1.0, 0.5), 1.0);
        // No stubbornness, no influence: unchanged.
        assert_eq!(friedkin_johnsen(5.0, 1.0, -3.0, 0.0, 0.0), 5.0);
    }

    #[test]
    fn a_tick_of_several_days_pulls_as_the_days_would() {
        let (a, m) = (2.0, -1.0);
        for (s, l) in [
            (0.05, 0.01),
            (0.05, 0.1),
            (0.3, 0.6),
            (0.0, 0.2),
            (0.2, 0.0),
        ] {
            for days in [1u32, 2, 7, 30] {
                let mut u = 0.5;
                for _ in 0..days {
                    u = friedkin_johnsen(u, a, m, s, l);
                }
                let (st, lt) = pull_per_tick(s, l, days);
                let once = friedkin_johnsen(0.5, a, m, st, lt);
                assert!(
                    (u - once).abs() < 1e-12,
                    "s {s} l {l} days {days}: {u} vs {once}"
                );
                assert!((0.0..=1.0).contains(&st) && (0.0..=1.0).contains(&lt));
            }
        }
        // One day is the per-day weights themselves, bit for bit.
        assert_eq!(pull_per_tick(0.05, 0.01, 1), (0.05, 0.01));
        // Fully stubborn states stay fully stubborn; no pull stays none.
        assert_eq!(pull_per_tick(1.0, 0.3, 7), (1.0, 0.0));
        assert_eq!(pull_per_tick(0.0, 0.0, 7), (0.0, 0.0));
    }

    #[test]
    fn normal_cdf_known_values() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((normal_cdf(1.96) - 0.975_002).abs() < 1e-6);
        assert!((normal_cdf(-1.0) - 0.158_655).abs() < 1e-6);
    }

    #[test]
    fn erfc_stays_within_its_stated_error_of_libm() {
        for i in -600..=600 {
            let x = f64::from(i) / 100.0;
            assert!((erfc(x) - libm::erfc(x)).abs() < 1.2e-7, "erfc({x})");
        }
    }

    #[test]
    fn win_probability_two_candidates() {
        // 3 states, each votes A with 0.6 and B with 0.4:
        // mean lead 0.6, var 3*(1 - 0.04) = 2.88.
        let q = [[0.6, 0.4]; 3];
        let mut w = [0.0; 2];
        win_probabilities(&q, &mut w);
        let expected = normal_cdf(0.6 / 2.88f64.sqrt());
        assert!((w[0] - expected).abs() < 1e-12);
        assert!((w[0] + w[1] - 1.0).abs() < 1e-12);
    }

    #[test]
    fn win_probability_certain_race() {
        let q = [[1.0, 0.0]; 2];
        let mut w = [0.0; 2];
        win_probabilities(&q, &mut w);
        assert_eq!(w, [1.0, 0.0]);
    }

    #[test]
    fn indifference_gap() {
        assert_eq!(indifference(&[1.0, 3.0, 2.5], 1), 0.5);
        assert_eq!(indifference(&[1.0, 3.0, 2.5], 0), 2.0);
    }

    #[test]
    fn softmax_lanes_is_softmax_in_each_lane() {
        let u: [Lanes; 3] = std::array::from_fn(|c| {
            std::array::from_fn(|l| {
                (c as f64 - 1.0) * (l as f64 + 0.5) + if l == 3 { 1000.0 } else { 0.0 }
            })
        });
        let t: Lanes = std::array::from_fn(|l| 0.3 + 0.4 * l as f64);
        let inverse = t.map(|t| 1.0 / t);
        let mut out = [[0.0; LANES]; 3];
        softmax_lanes(&u, &inverse, LANES - 1, &mut out);
        // The idle last lane is left alone.
        assert_eq!(out[0][LANES - 1], 0.0);
        softmax_lanes(&u, &inverse, LANES, &mut out);
        for l in 0..LANES {
            let mut alone = [0.0; 3];
            softmax(&[u[0][l], u[1][l], u[2][l]], t[l], &mut alone);
            assert_eq!([out[0][l], out[1][l], out[2][l]], alone, "lane {l}");
        }
    }
}
