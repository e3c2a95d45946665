//! Standard normal draws for every run lane at once (docs/MODEL.md, "Noise").
//!
//! The ziggurat of Marsaglia and Tsang (2000), in the form of Doornik (2005,
//! "An improved ziggurat method to generate normal random samples": 128
//! layers, the uniform and the layer from independent bits): each draw takes
//! 64 random bits, the top 52 for a uniform `u` in [-1, 1) and the low 7 for
//! a layer `i`, and returns `u x_i` when `|u| < x_(i+1) / x_i` (about 99 %
//! of draws). The 64 bits of every lane come from one step of the lanes'
//! generator ([`LaneRng::next_u64`], vector instructions); the layer test is
//! per lane. The rare other draws (a wedge or the tail beyond `R = 3.4426`)
//! take more bits from their own lane's generator alone
//! ([`LaneRng::next_u64_in`]), so each lane's draws are a function of its
//! own stream whatever the other lanes do.
//!
//! The layers' table is computed once with [`ln_unit`], [`crate::model::maths::exp_fast`]
//! and the square root (correctly rounded everywhere), so that it is the
//! same on every machine; [`ln_unit`] is within 4 ulp (relative) of the
//! logarithm on (0, 1] and on every normal positive number.

use std::sync::LazyLock;

use super::lanes::{LANES, Lanes};
use super::maths::{exp_each, exp_fast};
use super::rng::{LaneRng, open01};

/// `ln x` for normal positive `x` (the sampler's uniforms are in (0, 1]),
/// in every lane, without a branch: `x = m 2^e` with `m` in [sqrt(1/2),
/// sqrt(2)), and `ln m = 2 atanh(s)` with `s = (m - 1) / (m + 1)`, `|s| <=
/// 0.1716`, summed to `s^19 / 19`.
#[inline]
pub fn ln_unit(x: &Lanes) -> Lanes {
    x.map(ln)
}

/// [`ln_unit`] of one number.
#[inline]
fn ln(x: f64) -> f64 {
    const MANTISSA: u64 = (1 << 52) - 1;
    const ONE: u64 = 0x3FF0_0000_0000_0000;
    // 2^52 as the exponent of a double whose low bits hold an integer.
    const EXPONENT_AT: f64 = 4_503_599_627_370_496.0;
    let bits = x.to_bits();
    // The biased exponent read as a double (2^52 + e + 1023 - 2^52), without
    // an integer conversion, which has no vector form on every machine.
    let biased = f64::from_bits((bits >> 52) | 0x4330_0000_0000_0000) - EXPONENT_AT;
    let m = f64::from_bits((bits & MANTISSA) | ONE);
    let big = m > std::f64::consts::SQRT_2;
    let m = if big { 0.5 * m } else { m };
    let e = biased - 1023.0 + if big { 1.0 } else { 0.0 };
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut p = 1.0 / 19.0;
    for k in (0..9).rev() {
        p = p * s2 + 1.0 / f64::from(2 * k + 1);
    }
    e * std::f64::consts::LN_2 + 2.0 * s * p
}

/// Layers of the ziggurat.
const LAYERS: usize = 128;
/// Where the tail begins, and the area of each layer (Doornik's constants for 128 layers).
const R: f64 = 3.442_619_855_899;
const AREA: f64 = 9.912_563_035_262_17e-3;

/// The ziggurat's table: `x[i]` the right edge of layer i (`x[0] = AREA /
/// f(R)` for the base, which holds the tail, `x[1] = R`, `x[128] = 0`), and
/// `ratio[i] = x[i + 1] / x[i]`, with `f(x) = exp(-x^2 / 2)`.
struct Ziggurat {
    x: [f64; LAYERS + 1],
    ratio: [f64; LAYERS],
}

static ZIGGURAT: LazyLock<Ziggurat> = LazyLock::new(|| {
    let density = |x: f64| exp_fast(-0.5 * x * x);
    let mut x = [0.0; LAYERS + 1];
    let mut f = density(R);
    x[0] = AREA / f;
    x[1] = R;
    for i in 2..LAYERS {
        x[i] = (-2.0 * ln(AREA / x[i - 1] + f)).sqrt();
        f = density(x[i]);
    }
    Ziggurat {
        ratio: std::array::from_fn(|i| x[i + 1] / x[i]),
        x,
    }
});

/// Fill `out` with standard normal draws from `rng`: `out[j][l]` is lane
/// l's j-th draw, one step of every lane's generator per draw (and more
/// steps of a lane alone for its rare draws outside the layers' rectangles).
pub fn fill_normals(rng: &mut LaneRng, out: &mut [Lanes]) {
    let zig = &*ZIGGURAT;
    for draw in out {
        let bits = rng.next_u64();
        for l in 0..LANES {
            let (u, i) = uniform_and_layer(bits[l]);
            draw[l] = if u.abs() < zig.ratio[i] {
                u * zig.x[i]
            } else {
                outside(zig, rng, l, u, i)
            };
        }
    }
}

/// A uniform number in [-1, 1) from the top 52 bits, and a layer from the low 7.
#[inline]
fn uniform_and_layer(bits: u64) -> (f64, usize) {
    let one_two = f64::from_bits((bits >> 12) | 0x3FF0_0000_0000_0000);
    (2.0 * one_two - 3.0, (bits & (LAYERS as u64 - 1)) as usize)
}

/// A draw whose first try `(u, i)` fell outside layer i's rectangle: from the
/// tail if i is the base, else from the wedge if it falls under the density,
/// else tried again from lane `l`'s generator alone.
#[cold]
fn outside(zig: &Ziggurat, rng: &mut LaneRng, l: usize, mut u: f64, mut i: usize) -> f64 {
    loop {
        if i == 0 {
            // Marsaglia's tail: x = R + e1 / R with e1, e2 exponential, kept
            // when 2 e2 > e1^2 / R^2.
            loop {
                let x = ln(open01(rng.next_u64_in(l))) / R;
                let y = ln(open01(rng.next_u64_in(l)));
                if -2.0 * y >= x * x {
                    return if u < 0.0 { x - R } else { R - x };
                }
            }
        }
        let x = u * zig.x[i];
        // Both in one call: the same numbers as two, in half the time.
        let [f0, f1] = exp_each([
            -0.5 * (zig.x[i] * zig.x[i] - x * x),
            -0.5 * (zig.x[i + 1] * zig.x[i + 1] - x * x),
        ]);
        if f1 + (1.0 - open01(rng.next_u64_in(l))) * (f0 - f1) < 1.0 {
            return x;
        }
        (u, i) = uniform_and_layer(rng.next_u64_in(l));
        if u.abs() < zig.ratio[i] {
            return u * zig.x[i];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::maths::normal_cdf;
    use crate::model::rng::NOISE;

    /// The same value in every lane.
    fn each<F: Fn(&Lanes) -> Lanes>(f: F, x: f64) -> f64 {
        let out = f(&[x; LANES]);
        assert!(out.iter().all(|y| y.to_bits() == out[0].to_bits()));
        out[0]
    }

    #[test]
    fn the_logarithm_is_within_its_stated_error() {
        let mut worst = 0.0f64;
        let points = (1..=200_000)
            .map(|i| f64::from(i) / 200_000.0)
            .chain((0..=52).map(|e| 2f64.powi(-e)))
            .chain((1..2000).map(|i| 1.0 - f64::from(i) * f64::EPSILON))
            .chain([
                f64::EPSILON,
                3e-300,
                std::f64::consts::FRAC_1_SQRT_2 - 1e-12,
                std::f64::consts::FRAC_1_SQRT_2 + 1e-12,
                std::f64::consts::FRAC_1_SQRT_2,
            ])
            // And beyond 1, where the ziggurat's table needs it.
            .chain((1..=10_000).map(|i| 1.0 + f64::from(i) / 100.0));
        for x in points {
            let (ours, exact) = (each(ln_unit, x), x.ln());
            if exact != 0.0 {
                worst = worst.max((ours - exact).abs() / exact.abs());
            } else {
                assert_eq!(ours, 0.0);
            }
        }
        assert!(worst < 4.0 * f64::EPSILON, "relative error {worst}");
    }

    /// `n` draws of every lane, `[j][l]`.
    fn draws(n: usize, seed: u64) -> Vec<Lanes> {
        let mut rng = LaneRng::new(|l| seed + l as u64, NOISE);
        let mut out = vec![[0.0; LANES]; n];
        fill_normals(&mut rng, &mut out);
        out
    }

    #[test]
    fn draws_have_the_moments_of_a_standard_normal() {
        let n = 100_000;
        let z = draws(n, 1);
        let m = (n * LANES) as f64;
        let moment = |p: i32| z.iter().flatten().map(|x| x.powi(p)).sum::<f64>() / m;
        // Standard errors: sqrt(1/m), sqrt(2/m), sqrt(15/m), sqrt(96/m) for the
        // mean, variance, third and fourth moments; 5 of each.
        let se = |v: f64| 5.0 * (v / m).sqrt();
        assert!(moment(1).abs() < se(1.0), "mean {}", moment(1));
        assert!((moment(2) - 1.0).abs() < se(2.0), "variance {}", moment(2));
        assert!(moment(3).abs() < se(15.0), "third moment {}", moment(3));
        assert!(
            (moment(4) - 3.0).abs() < se(96.0),
            "fourth moment {}",
            moment(4)
        );
        // Kolmogorov-Smirnov against the normal CDF, per lane (critical
        // value at 0.1 %: 1.95 / sqrt(n)).
        for l in 0..LANES {
            let mut x: Vec<f64> = z.iter().map(|d| d[l]).collect();
            x.sort_by(f64::total_cmp);
            let d = x
                .iter()
                .enumerate()
                .map(|(j, &v)| {
                    let f = normal_cdf(v);
                    (f - j as f64 / n as f64)
                        .abs()
                        .max((f - (j + 1) as f64 / n as f64).abs())
                })
                .fold(0.0, f64::max);
            assert!(d < 1.95 / (n as f64).sqrt(), "lane {l}: D = {d}");
        }
    }

    #[test]
    #[expect(
        clippy::needless_range_loop,
        reason = "l indexes the lanes of every draw, z[j][l]"
    )]
    fn lanes_and_successive_draws_are_uncorrelated() {
        let n = 100_000;
        let z = draws(n, 40);
        let corr = |a: &dyn Fn(usize) -> f64, b: &dyn Fn(usize) -> f64, m: usize| {
            (0..m).map(|j| a(j) * b(j)).sum::<f64>() / m as f64
        };
        // Correlations of standard normals have standard error 1/sqrt(m); 5 of it.
        let bound = |m: usize| 5.0 / (m as f64).sqrt();
        for l in 1..LANES {
            let r = corr(&|j| z[j][0], &|j| z[j][l], n);
            assert!(r.abs() < bound(n), "lanes 0 and {l}: {r}");
        }
        for l in 0..LANES {
            // One draw with the next, as numbers and as squares (dependence
            // that a correlation of the numbers would miss).
            let next = corr(&|j| z[j][l], &|j| z[j + 1][l], n - 1);
            assert!(next.abs() < bound(n), "lane {l} next: {next}");
            let squares = corr(
                &|j| z[j][l].powi(2) - 1.0,
                &|j| z[j + 1][l].powi(2) - 1.0,
                n - 1,
            );
            // The product of two centred squares has standard deviation 2.
            assert!(
                squares.abs() < 2.0 * bound(n),
                "lane {l} squares: {squares}"
            );
        }
    }

    #[test]
    fn the_layers_have_equal_areas_and_the_tail_its_weight() {
        let zig = &*ZIGGURAT;
        let f = |x: f64| (-0.5 * x * x).exp();
        assert_eq!(zig.x[1], R);
        assert_eq!(zig.x[LAYERS], 0.0);
        for i in 1..LAYERS {
            assert!(zig.x[i + 1] < zig.x[i]);
            // Layer i is the rectangle of width x[i] from f(x[i]) to f(x[i + 1])
            // (the top one up to f(0) = 1). R and the area have 13 digits;
            // the top layers' areas drift from it by about 1e-9 of it.
            let area = zig.x[i] * (f(zig.x[i + 1]) - f(zig.x[i]));
            assert!((area - AREA).abs() < 1e-8 * AREA, "layer {i}: {area}");
        }
        // Draws beyond R (the tail, reached through the base layer): 2 (1 - Phi(R)).
        let z = draws(100_000, 3);
        let m = (z.len() * LANES) as f64;
        let beyond = z.iter().flatten().filter(|x| x.abs() > R).count() as f64;
        let p = 2.0 * (1.0 - normal_cdf(R));
        assert!(
            (beyond - m * p).abs() < 5.0 * (m * p).sqrt(),
            "{beyond} beyond R, expected {}",
            m * p
        );
    }

    #[test]
    fn a_lane_draws_the_same_numbers_in_any_batch() {
        // Lane 5 with seed 45 and lane 0 with the same seed, among other
        // lanes whose draws leave the rectangles at other times: the same draws.
        let mut a = LaneRng::new(|l| 40 + l as u64, NOISE);
        let mut b = LaneRng::new(|l| if l == 0 { 45 } else { l as u64 }, NOISE);
        let (mut x, mut y) = (vec![[0.0; LANES]; 20_000], vec![[0.0; LANES]; 20_000]);
        fill_normals(&mut a, &mut x);
        fill_normals(&mut b, &mut y);
        for j in 0..x.len() {
            assert_eq!(x[j][5].to_bits(), y[j][0].to_bits(), "draw {j}");
        }
        // Not a formality: some draws of each batch left the rectangles.
        let zig = &*ZIGGURAT;
        assert!(x.iter().flatten().any(|z| z.abs() > zig.x[1]));
    }
}
