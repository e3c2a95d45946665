//! Variance-based (Sobol') sensitivity indices: the Saltelli design on a
//! scrambled Sobol' sequence, the Saltelli 2010 first-order and Jansen total
//! estimators, and their normal-approximation 95 % intervals. The indices are
//! dimensionless shares of the output variance; the formulas are stated in the
//! parent module's documentation.

use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;
use serde::Serialize;

use super::sequence::{MAX_DIMENSIONS, SobolSequence};
use super::{Factor, SensitivityError, mean, validate_factors, validate_outputs};

/// The most factors a Saltelli design can hold: its Sobol' sequence needs two
/// dimensions per factor.
pub const MAX_SOBOL_FACTORS: usize = MAX_DIMENSIONS / 2;

/// Two-sided 95 % quantile of the standard normal distribution.
const Z_95: f64 = 1.959_963_984_540_054;

/// The Sobol' indices of one factor: shares of the output variance, with the
/// half-widths of their 95 % confidence intervals (`first ± first_ci95`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SobolIndex {
    /// The factor's name.
    pub name: String,
    /// First-order index `S_i`: the share of the variance due to the factor alone.
    pub first: f64,
    /// Total index `ST_i`: the share of the variance the factor takes part in,
    /// alone or through interactions.
    pub total: f64,
    /// Half-width of the 95 % confidence interval of `first`.
    pub first_ci95: f64,
    /// Half-width of the 95 % confidence interval of `total`.
    pub total_ci95: f64,
}

/// A Saltelli design of `n (k + 2)` points for `k = factors.len()` factors,
/// scaled to each factor's `[low, high]`: `n` rows of `A` (indices `0..n`),
/// `n` rows of `B` (`n..2n`), then for each factor `i` in order the `n` rows of
/// `A_B^(i)` (`(2 + i) n .. (3 + i) n`).
///
/// `A` and `B` come from a `2k`-dimensional Sobol' sequence scrambled from
/// `seed`. `n` a power of two (such as 1024) is best. Evaluate the model at
/// every point and pass the outputs, in this order, to [`sobol_indices`] with
/// the same `n`.
///
/// # Errors
///
/// An invalid factor list, more than [`MAX_SOBOL_FACTORS`] factors, `n < 2`,
/// or `n` above 2^32.
pub fn saltelli_design(
    factors: &[Factor],
    n: usize,
    seed: u64,
) -> Result<Vec<Vec<f64>>, SensitivityError> {
    let points = saltelli_points(factors, n)?;
    let k = factors.len();
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let sequence =
        SobolSequence::scrambled(2 * k, &mut rng).ok_or(SensitivityError::TooManyFactors {
            factors: k,
            max: MAX_SOBOL_FACTORS,
        })?;
    let scale = |units: &[f64]| -> Vec<f64> {
        factors
            .iter()
            .zip(units)
            .map(|(factor, &unit)| factor.at(unit))
            .collect()
    };

    let mut a = Vec::with_capacity(n);
    let mut b = Vec::with_capacity(n);
    let mut unit = vec![0.0; 2 * k];
    for index in 0..n {
        let index = u32::try_from(index).map_err(|_| SensitivityError::DesignTooLarge)?;
        sequence.point(index, &mut unit);
        a.push(scale(&unit[..k]));
        b.push(scale(&unit[k..]));
    }
    let mut design = Vec::with_capacity(points);
    design.extend(a.iter().cloned());
    design.extend(b.iter().cloned());
    for factor in 0..k {
        design.extend(a.iter().zip(&b).map(|(a_row, b_row)| {
            let mut row = a_row.clone();
            row[factor] = b_row[factor];
            row
        }));
    }
    Ok(design)
}

/// The first-order and total Sobol' indices of each factor, in factor order,
/// from the outputs at the points of [`saltelli_design`] (same factors, same
/// `n`), in design order.
///
/// # Errors
///
/// An invalid factor list, more than [`MAX_SOBOL_FACTORS`] factors, `n < 2`,
/// outputs not one finite number per design point, or outputs of `A` and `B`
/// all equal ([`SensitivityError::ConstantOutput`]).
pub fn sobol_indices(
    factors: &[Factor],
    n: usize,
    outputs: &[f64],
) -> Result<Vec<SobolIndex>, SensitivityError> {
    let points = saltelli_points(factors, n)?;
    validate_outputs(points, outputs)?;
    let (f_a, rest) = outputs.split_at(n);
    let (f_b, f_ab) = rest.split_at(n);
    let first_output = f_a[0];
    if f_a.iter().chain(f_b).all(|&y| y == first_output) {
        return Err(SensitivityError::ConstantOutput);
    }

    let grand_mean = f_a.iter().chain(f_b).fold(0.0, |sum, y| sum + y) / (2 * n) as f64;
    // v_j, whose mean is the variance estimate V.
    let spread: Vec<f64> = f_a
        .iter()
        .zip(f_b)
        .map(|(a, b)| ((a - grand_mean).powi(2) + (b - grand_mean).powi(2)) / 2.0)
        .collect();
    let variance = mean(&spread);
    if variance <= 0.0 {
        return Err(SensitivityError::ConstantOutput);
    }

    Ok(factors
        .iter()
        .zip(f_ab.chunks_exact(n))
        .map(|(factor, f_abi)| {
            // Saltelli et al. 2010 (centred), and Jansen 1999.
            let first_terms: Vec<f64> = (0..n)
                .map(|j| (f_b[j] - grand_mean) * (f_abi[j] - f_a[j]))
                .collect();
            let total_terms: Vec<f64> = (0..n).map(|j| (f_a[j] - f_abi[j]).powi(2) / 2.0).collect();
            let (first, first_ci95) = ratio_with_ci95(&first_terms, &spread, variance);
            let (total, total_ci95) = ratio_with_ci95(&total_terms, &spread, variance);
            SobolIndex {
                name: factor.name.clone(),
                first,
                total,
                first_ci95,
                total_ci95,
            }
        })
        .collect())
}

/// The ratio `U / V` of the mean of `numerator_terms` to `variance` (the mean
/// of `variance_terms`), and the half-width of its 95 % interval by the delta
/// method: `1.96 sqrt(Σ φ_j^2 / (N (N - 1)))` with
/// `φ_j = (u_j - U) / V - U (v_j - V) / V^2`.
fn ratio_with_ci95(numerator_terms: &[f64], variance_terms: &[f64], variance: f64) -> (f64, f64) {
    let numerator = mean(numerator_terms);
    let ratio = numerator / variance;
    let sum_of_squares = numerator_terms
        .iter()
        .zip(variance_terms)
        .map(|(u, v)| (u - numerator) / variance - ratio * (v - variance) / variance)
        .fold(0.0, |sum, influence| sum + influence * influence);
    let samples = numerator_terms.len() as f64;
    let half_width = Z_95 * (sum_of_squares / (samples * (samples - 1.0))).sqrt();
    (ratio, half_width)
}

/// Validates the factors and `n` of a Saltelli design and returns its number
/// of points, `n (k + 2)`.
fn saltelli_points(factors: &[Factor], n: usize) -> Result<usize, SensitivityError> {
    validate_factors(factors)?;
    let k = factors.len();
    if k > MAX_SOBOL_FACTORS {
        return Err(SensitivityError::TooManyFactors {
            factors: k,
            max: MAX_SOBOL_FACTORS,
        });
    }
    if n < 2 {
        return Err(SensitivityError::TooFewSamples { samples: n });
    }
    // Sequence indices are 32-bit.
    if u32::try_from(n - 1).is_err() {
        return Err(SensitivityError::DesignTooLarge);
    }
    n.checked_mul(k + 2).ok_or(SensitivityError::DesignTooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    /// The Ishigami function, `sin x1 + a sin^2 x2 + b x3^4 sin x1`.
    const ISHIGAMI_A: f64 = 7.0;
    const ISHIGAMI_B: f64 = 0.1;

    fn ishigami(x: &[f64]) -> f64 {
        x[0].sin() + ISHIGAMI_A * x[1].sin().powi(2) + ISHIGAMI_B * x[2].powi(4) * x[0].sin()
    }

    /// Analytic first-order and total indices of the Ishigami function on
    /// [-π, π]^3 (Ishigami and Homma 1990; Sobol' and Levitan 1999).
    fn ishigami_indices() -> ([f64; 3], [f64; 3]) {
        let (a, b) = (ISHIGAMI_A, ISHIGAMI_B);
        let v1 = 0.5 * (1.0 + b * PI.powi(4) / 5.0).powi(2);
        let v2 = a * a / 8.0;
        let v13 = b * b * PI.powi(8) * (1.0 / 18.0 - 1.0 / 50.0);
        let v = v1 + v2 + v13;
        ([v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v])
    }

    fn ishigami_factors() -> Vec<Factor> {
        (1..=3)
            .map(|i| Factor::new(format!("x{i}"), -PI, PI))
            .collect()
    }

    #[test]
    fn analytic_ishigami_values_match_the_published_ones() {
        let (first, total) = ishigami_indices();
        let published_first = [0.3139, 0.4424, 0.0];
        let published_total = [0.5576, 0.4424, 0.2437];
        for i in 0..3 {
            assert!((first[i] - published_first[i]).abs() < 1e-4);
            assert!((total[i] - published_total[i]).abs() < 1e-4);
        }
    }

    #[test]
    fn ishigami_indices_are_recovered() {
        let factors = ishigami_factors();
        let n = 1 << 13;
        let design = saltelli_design(&factors, n, 2024).unwrap();
        let outputs: Vec<f64> = design.iter().map(|x| ishigami(x)).collect();
        let indices = sobol_indices(&factors, n, &outputs).unwrap();
        let (first, total) = ishigami_indices();
        for (i, index) in indices.iter().enumerate() {
            assert_eq!(index.name, factors[i].name);
            assert!(
                (index.first - first[i]).abs() < 0.03,
                "{index:?} vs S = {}",
                first[i]
            );
            assert!(
                (index.total - total[i]).abs() < 0.03,
                "{index:?} vs ST = {}",
                total[i]
            );
            // Intervals are positive, informative, and hold the truth.
            for (estimate, ci, truth) in [
                (index.first, index.first_ci95, first[i]),
                (index.total, index.total_ci95, total[i]),
            ] {
                assert!(ci > 0.0 && ci < 0.1, "{index:?}");
                assert!((estimate - truth).abs() <= ci, "{index:?}");
            }
        }
    }

    #[test]
    fn additive_function_has_equal_first_and_total_indices() {
        // y = x1 + 2 x2 on unit ranges: S = ST = (1, 4) / 5, no interaction.
        let factors = vec![Factor::new("x1", 0.0, 1.0), Factor::new("x2", 0.0, 1.0)];
        let n = 1 << 12;
        let design = saltelli_design(&factors, n, 1).unwrap();
        let outputs: Vec<f64> = design.iter().map(|x| x[0] + 2.0 * x[1]).collect();
        let indices = sobol_indices(&factors, n, &outputs).unwrap();
        for (index, share) in indices.iter().zip([0.2, 0.8]) {
            assert!((index.first - share).abs() < 0.01, "{index:?}");
            assert!((index.total - share).abs() < 0.01, "{index:?}");
        }
    }

    #[test]
    fn a_large_output_mean_does_not_blur_the_first_order_index() {
        // The same model shifted far from zero: the centred estimator gives
        // the same index and interval up to rounding.
        let factors = vec![Factor::new("x1", 0.0, 1.0), Factor::new("x2", 0.0, 1.0)];
        let n = 1 << 10;
        let design = saltelli_design(&factors, n, 4).unwrap();
        let near: Vec<f64> = design.iter().map(|x| x[0] + x[0] * x[1]).collect();
        let far: Vec<f64> = near.iter().map(|y| y + 1000.0).collect();
        let near = sobol_indices(&factors, n, &near).unwrap();
        let far = sobol_indices(&factors, n, &far).unwrap();
        for (a, b) in near.iter().zip(&far) {
            assert!((a.first - b.first).abs() < 1e-6, "{a:?} {b:?}");
            assert!((a.first_ci95 - b.first_ci95).abs() < 1e-6, "{a:?} {b:?}");
        }
    }

    #[test]
    fn design_has_the_saltelli_shape_within_bounds() {
        let factors = vec![
            Factor::new("a", 0.0, 1.0),
            Factor::new("b", -5.0, -2.0),
            Factor::new("c", 100.0, 300.0),
            Factor::new("d", -PI, PI),
        ];
        let (n, k) = (64, factors.len());
        let design = saltelli_design(&factors, n, 8).unwrap();
        assert_eq!(design.len(), n * (k + 2));
        for point in &design {
            assert_eq!(point.len(), k);
            for (x, factor) in point.iter().zip(&factors) {
                assert!(factor.low <= *x && *x <= factor.high);
            }
        }
        let (a, rest) = design.split_at(n);
        let (b, ab) = rest.split_at(n);
        assert_ne!(a, b);
        for (i, block) in ab.chunks_exact(n).enumerate() {
            for j in 0..n {
                for c in 0..k {
                    let expected = if c == i { b[j][c] } else { a[j][c] };
                    assert_eq!(block[j][c], expected);
                }
            }
        }
        // Each column of A and of B is stratified: one point per 1/n of the range.
        for matrix in [a, b] {
            for (c, factor) in factors.iter().enumerate() {
                let mut cells: Vec<usize> = matrix
                    .iter()
                    .map(|row| ((row[c] - factor.low) / factor.range() * n as f64) as usize)
                    .collect();
                cells.sort_unstable();
                assert_eq!(cells, (0..n).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn design_is_deterministic_in_its_seed() {
        let factors = ishigami_factors();
        let first = saltelli_design(&factors, 32, 42).unwrap();
        assert_eq!(first, saltelli_design(&factors, 32, 42).unwrap());
        assert_ne!(first, saltelli_design(&factors, 32, 43).unwrap());
    }

    #[test]
    fn the_largest_design_is_accepted() {
        let factors: Vec<Factor> = (0..MAX_SOBOL_FACTORS)
            .map(|i| Factor::new(format!("f{i}"), 0.0, 1.0))
            .collect();
        let design = saltelli_design(&factors, 4, 0).unwrap();
        assert_eq!(design.len(), 4 * (MAX_SOBOL_FACTORS + 2));
    }

    #[test]
    fn errors_are_reported() {
        let factors = ishigami_factors();
        assert_eq!(saltelli_design(&[], 8, 0), Err(SensitivityError::NoFactors));
        assert_eq!(
            saltelli_design(&factors, 0, 0),
            Err(SensitivityError::TooFewSamples { samples: 0 })
        );
        assert_eq!(
            sobol_indices(&factors, 0, &[]),
            Err(SensitivityError::TooFewSamples { samples: 0 })
        );
        assert_eq!(
            saltelli_design(&factors, 1, 0),
            Err(SensitivityError::TooFewSamples { samples: 1 })
        );
        assert!(matches!(
            saltelli_design(&[Factor::new("x", 2.0, 2.0)], 8, 0),
            Err(SensitivityError::InvalidRange { .. })
        ));
        let many: Vec<Factor> = (0..=MAX_SOBOL_FACTORS)
            .map(|i| Factor::new(format!("f{i}"), 0.0, 1.0))
            .collect();
        assert_eq!(
            saltelli_design(&many, 8, 0),
            Err(SensitivityError::TooManyFactors {
                factors: MAX_SOBOL_FACTORS + 1,
                max: MAX_SOBOL_FACTORS
            })
        );
        assert_eq!(
            saltelli_design(&factors, usize::MAX, 0),
            Err(SensitivityError::DesignTooLarge)
        );

        let design = saltelli_design(&factors, 8, 0).unwrap();
        let outputs: Vec<f64> = design.iter().map(|x| ishigami(x)).collect();
        assert_eq!(
            sobol_indices(&factors, 8, &outputs[1..]),
            Err(SensitivityError::OutputCount {
                expected: 40,
                got: 39
            })
        );
        assert_eq!(
            sobol_indices(&factors, 16, &outputs),
            Err(SensitivityError::OutputCount {
                expected: 80,
                got: 40
            })
        );
        let mut bad = outputs.clone();
        bad[3] = f64::NAN;
        assert!(matches!(
            sobol_indices(&factors, 8, &bad),
            Err(SensitivityError::NonFiniteOutput { index: 3, .. })
        ));
        assert_eq!(
            sobol_indices(&factors, 8, &[0.1; 40]),
            Err(SensitivityError::ConstantOutput)
        );
    }
}
