//! The model's arithmetic as plain functions, so that each equation of
//! docs/MODEL.md can be tested without a World. Utilities are dimensionless;
//! probabilities are in [0, 1]; effort is in effort units.

#[cfg(test)]
use super::lanes::column;
use super::lanes::{LANES, Lanes};

/// Vote choice among candidates: `p_c = exp(u_c / T) / sum_d exp(u_d / T)`,
/// written into `out` (computed as `exp((u_c - max_d u_d) / T)` by
/// [`exp_fast`], normalised, so that large utilities do not overflow).
#[inline]
pub fn softmax(utilities: &[f64], temperature: f64, out: &mut [f64]) {
    let max = utilities.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let inverse_temperature = 1.0 / temperature;
    let mut sum = 0.0;
    for (u, o) in utilities.iter().zip(out.iter_mut()) {
        *o = exp_fast((u - max) * inverse_temperature);
        sum += *o;
    }
    let inverse = normaliser(sum);
    for o in out.iter_mut() {
        *o *= inverse;
    }
}

/// `1 / sum`, or 1 (leave the terms as they are) where the sum is not a
/// positive finite number.
#[inline]
fn normaliser(sum: f64) -> f64 {
    if sum > 0.0 && sum.is_finite() {
        1.0 / sum
    } else {
        1.0
    }
}

/// [`softmax`] in every lane: `utilities[c][l]` at lane l's inverse
/// temperature into `out[c][l]`, with the same operations in the same
/// order as [`softmax`] applies to lane l alone.
#[inline]
pub fn softmax_lanes<const K: usize>(
    utilities: &[Lanes; K],
    inverse_temperature: &Lanes,
    out: &mut [Lanes; K],
) {
    let max = lane_max(utilities);
    if K == 2 {
        let other = exp_each(other_exponent(utilities, &max, inverse_temperature));
        two_terms(utilities, &max, &other, out);
    } else {
        for (u, o) in utilities.iter().zip(out.iter_mut()) {
            *o = exp_each(std::array::from_fn(|l| {
                (u[l] - max[l]) * inverse_temperature[l]
            }));
        }
    }
    normalise(out);
}

/// [`softmax_lanes`] of two states at once, `(utilities, out)` each: the
/// same numbers, with the two states' exponentials in one [`exp_each`],
/// whose independent vectors keep the processor's multipliers busy.
#[inline]
pub fn softmax_lanes_pair<const K: usize>(
    (a, a_out): (&[Lanes; K], &mut [Lanes; K]),
    (b, b_out): (&[Lanes; K], &mut [Lanes; K]),
    inverse_temperature: &Lanes,
) {
    if K != 2 {
        softmax_lanes(a, inverse_temperature, a_out);
        softmax_lanes(b, inverse_temperature, b_out);
        return;
    }
    let (a_max, b_max) = (lane_max(a), lane_max(b));
    let (a_arg, b_arg) = (
        other_exponent(a, &a_max, inverse_temperature),
        other_exponent(b, &b_max, inverse_temperature),
    );
    let both = exp_each::<{ 2 * LANES }>(std::array::from_fn(|j| {
        if j < LANES {
            a_arg[j]
        } else {
            b_arg[j - LANES]
        }
    }));
    let (a_other, b_other) = both.split_at(LANES);
    two_terms(a, &a_max, a_other, a_out);
    two_terms(b, &b_max, b_other, b_out);
    normalise(a_out);
    normalise(b_out);
}

/// Each lane's largest utility.
#[inline]
fn lane_max<const K: usize>(utilities: &[Lanes; K]) -> Lanes {
    let mut max = [f64::NEG_INFINITY; LANES];
    for u in utilities {
        for l in 0..LANES {
            max[l] = max[l].max(u[l]);
        }
    }
    max
}

/// With two candidates, one exponential per lane: the larger utility's
/// term is e^0 = 1, the other's `exp((u_other - max) / T)`, as in the
/// general case. This is the exponent of the other.
#[inline]
fn other_exponent<const K: usize>(
    utilities: &[Lanes; K],
    max: &Lanes,
    inverse_temperature: &Lanes,
) -> Lanes {
    let (u0, u1) = (&utilities[0], &utilities[1]);
    std::array::from_fn(|l| (u0[l].min(u1[l]) - max[l]) * inverse_temperature[l])
}

/// The two unnormalised terms from the other's exponential.
#[inline]
fn two_terms<const K: usize>(
    utilities: &[Lanes; K],
    max: &Lanes,
    other: &[f64],
    out: &mut [Lanes; K],
) {
    for l in 0..LANES {
        let first_is_max = utilities[0][l] == max[l];
        out[0][l] = if first_is_max { 1.0 } else { other[l] };
        out[1][l] = if first_is_max { other[l] } else { 1.0 };
    }
}

/// Divide each lane's terms by their sum (see [`normaliser`]), summed in
/// candidate order.
#[inline]
fn normalise<const K: usize>(out: &mut [Lanes; K]) {
    let mut sum = [0.0; LANES];
    for o in out.iter() {
        for l in 0..LANES {
            sum[l] += o[l];
        }
    }
    let inverse: Lanes = std::array::from_fn(|l| normaliser(sum[l]));
    for o in out.iter_mut() {
        for l in 0..LANES {
            o[l] *= inverse[l];
        }
    }
}

/// The range of [`exp_fast`]: below `EXP_MIN` it returns 0 (`e^x` is then
/// under 4e-308, at most a subnormal), above `EXP_MAX` infinity.
pub const EXP_MIN: f64 = -708.0;
pub const EXP_MAX: f64 = 709.0;

/// `1 / n!` for n up to 13, the Taylor coefficients of `e^r` in [`exp_fast`].
const EXP_TAYLOR: [f64; 14] = {
    let mut c = [1.0; 14];
    let mut n = 1;
    while n < 14 {
        c[n] = c[n - 1] / n as f64;
        n += 1;
    }
    c
};

/// `e^x` without a library call or a branch, so that loops over lanes
/// vectorise. With `n` the integer nearest `x / ln 2` and `r = x - n ln 2`
/// (`ln 2` in two parts, so that `r` is exact but for rounding, `|r| <=
/// ln 2 / 2`), `e^x = 2^n e^r`: `e^r` is its Taylor series to `r^13` (a
/// remainder below 5e-18 relative) and `2^n` is set in the exponent bits.
/// Maximum relative error 3e-16 (tested against `f64::exp` over
/// [`EXP_MIN`, `EXP_MAX`]); `e^0` is exactly 1. Outside that range it returns
/// 0 below and infinity above, and NaN for NaN.
#[inline]
pub fn exp_fast(x: f64) -> f64 {
    exp_each([x])[0]
}

/// [`exp_fast`] of each of `N` numbers (the lanes of a softmax), written
/// step by step over the array so that each step is one vector loop.
#[inline]
pub fn exp_each<const N: usize>(x: [f64; N]) -> [f64; N] {
    // 1.5 * 2^52: adding it rounds to an integer held in the low bits.
    const ROUND: f64 = 6_755_399_441_055_744.0;
    // ln 2 = LN2_HI + LN2_LO, the first with 21 trailing zero bits (fdlibm's split).
    const LN2_HI: f64 = f64::from_bits(0x3FE6_2E42_FEE0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3DEA_39EF_3579_3C76);
    // Clamped to the range (NaN stays NaN).
    let inside = x.map(|x| {
        let x = if x < EXP_MIN { EXP_MIN } else { x };
        if x > EXP_MAX { EXP_MAX } else { x }
    });
    let t = inside.map(|x| x * std::f64::consts::LOG2_E + ROUND);
    let mut r = [0.0; N];
    for j in 0..N {
        let n = t[j] - ROUND;
        r[j] = (inside[j] - n * LN2_HI) - n * LN2_LO;
    }
    let mut p = [EXP_TAYLOR[13]; N];
    for k in (0..13).rev() {
        for j in 0..N {
            p[j] = p[j] * r[j] + EXP_TAYLOR[k];
        }
    }
    let mut out = [0.0; N];
    for j in 0..N {
        // The low bits of t hold n: (n + 1023) << 52 is 2^n.
        let scale = f64::from_bits(t[j].to_bits().wrapping_add(1023) << 52);
        let y = p[j] * scale;
        let y = if x[j] < EXP_MIN { 0.0 } else { y };
        out[j] = if x[j] > EXP_MAX { f64::INFINITY } else { y };
    }
    out
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
    win_scores(&mean, &var, out);
}

/// [`win_probabilities`] in every lane, `q[i][c][l]` into `out[c][l]`: the
/// same sums in the same order for each lane.
pub fn win_probabilities_lanes<const K: usize>(q: &[[Lanes; K]], out: &mut [Lanes; K]) {
    if K == 1 {
        out[0] = [1.0; LANES];
        return;
    }
    let mut mean = [[[0.0f64; LANES]; K]; K];
    let mut var = [[[0.0f64; LANES]; K]; K];
    for row in q {
        for c in 0..K {
            for d in (c + 1)..K {
                for l in 0..LANES {
                    let diff = row[c][l] - row[d][l];
                    mean[c][d][l] += diff;
                    var[c][d][l] += row[c][l] + row[d][l] - diff * diff;
                }
            }
        }
    }
    for l in 0..LANES {
        let lane = |x: &[[Lanes; K]; K]| x.map(|row| row.map(|v| v[l]));
        let mut scores = [0.0; K];
        win_scores(&lane(&mean), &lane(&var), &mut scores);
        for c in 0..K {
            out[c][l] = scores[c];
        }
    }
}

/// The candidates' chances from the sums of [`win_probabilities`]: the mean
/// and variance of each lead `V_c - V_d`, `c < d`.
fn win_scores<const K: usize>(mean: &[[f64; K]; K], var: &[[f64; K]; K], out: &mut [f64]) {
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
    fn win_probabilities_in_lanes_are_each_lanes_own() {
        let q: Vec<[Lanes; 3]> = (0..7)
            .map(|i| {
                std::array::from_fn(|c| {
                    std::array::from_fn(|l| ((i * 3 + c * 5 + l * 7) % 11) as f64 / 30.0)
                })
            })
            .collect();
        let mut lanes = [[0.0; LANES]; 3];
        win_probabilities_lanes(&q, &mut lanes);
        for l in 0..LANES {
            let alone: Vec<[f64; 3]> = q.iter().map(|row| column(row, l)).collect();
            let mut w = [0.0; 3];
            win_probabilities(&alone, &mut w);
            assert_eq!(column(&lanes, l), w, "lane {l}");
        }
        assert_ne!(column(&lanes, 0), column(&lanes, 1));
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
    fn exp_fast_is_within_its_stated_error() {
        let mut worst = 0.0f64;
        let mut check = |x: f64| {
            let (ours, exact) = (exp_fast(x), x.exp());
            worst = worst.max((ours - exact).abs() / exact);
        };
        for i in 0..=1_000_000 {
            // The softmax's range, [-40, 0] in steps of 4e-5, densest where it is used ...
            check(-40.0 * f64::from(i) / 1e6);
        }
        for i in 0..=100_000 {
            // ... and the whole range.
            check(EXP_MIN + (EXP_MAX - EXP_MIN) * f64::from(i) / 1e5);
        }
        for x in [
            EXP_MIN,
            EXP_MAX,
            -1e-300,
            1e-300,
            0.5 * std::f64::consts::LN_2,
        ] {
            check(x);
        }
        assert!(worst < 3e-16, "relative error {worst:e}");
        assert_eq!(exp_fast(0.0), 1.0);
        assert_eq!(exp_fast(-0.0), 1.0);
        // The guards outside the range.
        assert_eq!(exp_fast(-708.5), 0.0);
        assert_eq!(exp_fast(f64::NEG_INFINITY), 0.0);
        assert_eq!(exp_fast(709.5), f64::INFINITY);
        assert!(exp_fast(f64::NAN).is_nan());
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
        softmax_lanes(&u, &inverse, &mut out);
        for l in 0..LANES {
            let mut alone = [0.0; 3];
            softmax(&[u[0][l], u[1][l], u[2][l]], t[l], &mut alone);
            assert_eq!([out[0][l], out[1][l], out[2][l]], alone, "lane {l}");
        }
        // Two candidates take one exponential per lane, with the same result:
        // either one ahead, and a tie (lane 1).
        let two = [
            u[0],
            std::array::from_fn(|l| {
                if l == 1 {
                    u[0][l]
                } else {
                    u[0][l] + l as f64 - 3.5
                }
            }),
        ];
        let mut out = [[0.0; LANES]; 2];
        softmax_lanes(&two, &inverse, &mut out);
        for l in 0..LANES {
            let mut alone = [0.0; 2];
            softmax(&[two[0][l], two[1][l]], t[l], &mut alone);
            assert_eq!([out[0][l], out[1][l]], alone, "two candidates, lane {l}");
        }
        assert_eq!([out[0][1], out[1][1]], [0.5, 0.5]);
        assert!(out[0][0] > 0.5 && out[0][LANES - 1] < 0.5);
    }
}
