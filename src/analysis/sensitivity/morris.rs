//! Morris elementary-effects screening: the trajectory design and the
//! `mu`, `mu*`, `sigma` measures, in output units per full range of a factor.
//! The formulas are stated in the parent module's documentation.

use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::Serialize;

use super::{Factor, SensitivityError, mean, validate_factors, validate_outputs};

/// The elementary-effect measures of one factor, all in output units per full
/// range of the factor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MorrisIndex {
    /// The factor's name.
    pub name: String,
    /// Mean elementary effect (signed; effects of opposite sign cancel).
    pub mu: f64,
    /// Mean absolute elementary effect: the factor's overall influence.
    pub mu_star: f64,
    /// Sample standard deviation of the elementary effects (divisor `r - 1`):
    /// non-linearity and interactions.
    pub sigma: f64,
}

/// A Morris design: `trajectories` trajectories of `factors.len() + 1`
/// points each, one after the other, on a grid of `levels` levels per factor
/// scaled to `[low, high]`, with step `levels / (2 (levels - 1))` of the range.
///
/// Within a trajectory, consecutive points differ in exactly one factor and
/// each factor moves once. Evaluate the model at every point and pass the
/// outputs, in this order, to [`morris_indices`].
///
/// # Errors
///
/// An invalid factor list, fewer than 2 trajectories, or `levels` odd or below 2.
pub fn morris_design(
    factors: &[Factor],
    trajectories: usize,
    levels: usize,
    seed: u64,
) -> Result<Vec<Vec<f64>>, SensitivityError> {
    validate_factors(factors)?;
    if trajectories < 2 {
        return Err(SensitivityError::TooFewTrajectories { trajectories });
    }
    if levels < 2 || !levels.is_multiple_of(2) {
        return Err(SensitivityError::InvalidLevels { levels });
    }
    let k = factors.len();
    let points = trajectories
        .checked_mul(k + 1)
        .ok_or(SensitivityError::DesignTooLarge)?;
    // The step, in grid steps: Δ = (levels / 2) / (levels - 1).
    let jump = levels / 2;
    let top = (levels - 1) as f64;
    let at_levels = |grid: &[usize]| -> Vec<f64> {
        factors
            .iter()
            .zip(grid)
            .map(|(factor, &level)| factor.at(level as f64 / top))
            .collect()
    };

    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut design = Vec::with_capacity(points);
    for _ in 0..trajectories {
        // Per factor, the lower level of its pair {lower, lower + jump} and
        // whether the trajectory starts at the lower or the upper one.
        let mut grid: Vec<usize> = (0..k)
            .map(|_| {
                let lower = rng.random_range(0..jump);
                if rng.random_bool(0.5) {
                    lower
                } else {
                    lower + jump
                }
            })
            .collect();
        let mut order: Vec<usize> = (0..k).collect();
        order.shuffle(&mut rng);
        design.push(at_levels(&grid));
        for factor in order {
            grid[factor] = if grid[factor] < jump {
                grid[factor] + jump
            } else {
                grid[factor] - jump
            };
            design.push(at_levels(&grid));
        }
    }
    Ok(design)
}

/// The Morris measures of each factor, in factor order, from a design of
/// whole trajectories (as made by [`morris_design`], or any design whose
/// consecutive points within a trajectory move exactly one factor each, every
/// factor once) and the outputs at its points, in design order.
///
/// The step of each elementary effect is read from the design, so the effect
/// is `[y(x') - y(x)] / [(x'_i - x_i) / (high_i - low_i)]`: output units per
/// full range of the factor.
///
/// # Errors
///
/// An invalid factor list; outputs not one finite number per point; a point
/// with the wrong number of coordinates or a non-finite one; a design that is
/// not a whole number (at least 2) of trajectories; a step that moves other
/// than one factor, or a factor moved twice in a trajectory.
pub fn morris_indices(
    factors: &[Factor],
    design: &[Vec<f64>],
    outputs: &[f64],
) -> Result<Vec<MorrisIndex>, SensitivityError> {
    validate_factors(factors)?;
    let k = factors.len();
    validate_outputs(design.len(), outputs)?;
    for (index, point) in design.iter().enumerate() {
        if point.len() != k {
            return Err(SensitivityError::PointDimension {
                index,
                expected: k,
                got: point.len(),
            });
        }
        if !point.iter().all(|x| x.is_finite()) {
            return Err(SensitivityError::NonFinitePoint { index });
        }
    }
    let per_trajectory = k + 1;
    if !design.len().is_multiple_of(per_trajectory) {
        return Err(SensitivityError::IncompleteTrajectory {
            points: design.len(),
            per_trajectory,
        });
    }
    let trajectories = design.len() / per_trajectory;
    if trajectories < 2 {
        return Err(SensitivityError::TooFewTrajectories { trajectories });
    }

    // effects[i][t]: the elementary effect of factor i in trajectory t.
    let mut effects = vec![Vec::with_capacity(trajectories); k];
    for trajectory in 0..trajectories {
        let start = trajectory * per_trajectory;
        let mut in_trajectory = vec![None; k];
        for to in start + 1..start + per_trajectory {
            let from = to - 1;
            let (before, after) = (&design[from], &design[to]);
            let mut changed = (0..k).filter(|&i| before[i] != after[i]);
            let (Some(factor), None) = (changed.next(), changed.next()) else {
                let changed = (0..k).filter(|&i| before[i] != after[i]).count();
                return Err(SensitivityError::NotOneFactorStep { from, to, changed });
            };
            if in_trajectory[factor].is_some() {
                return Err(SensitivityError::RepeatedFactorStep {
                    trajectory,
                    name: factors[factor].name.clone(),
                });
            }
            let fraction_of_range = (after[factor] - before[factor]) / factors[factor].range();
            in_trajectory[factor] = Some((outputs[to] - outputs[from]) / fraction_of_range);
        }
        // k steps, each moving a different factor: every factor moved once.
        for (column, effect) in effects.iter_mut().zip(in_trajectory) {
            column.push(effect.unwrap_or(0.0));
        }
    }

    Ok(factors
        .iter()
        .zip(&effects)
        .map(|(factor, effects)| {
            let mu = mean(effects);
            let absolute: Vec<f64> = effects.iter().map(|e| e.abs()).collect();
            let squares: Vec<f64> = effects.iter().map(|e| (e - mu) * (e - mu)).collect();
            let sum_of_squares = squares.iter().fold(0.0, |sum, s| sum + s);
            MorrisIndex {
                name: factor.name.clone(),
                mu,
                mu_star: mean(&absolute),
                sigma: (sum_of_squares / (effects.len() - 1) as f64).sqrt(),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit_factors(k: usize) -> Vec<Factor> {
        (1..=k)
            .map(|i| Factor::new(format!("x{i}"), 0.0, 1.0))
            .collect()
    }

    fn evaluate(design: &[Vec<f64>], f: impl Fn(&[f64]) -> f64) -> Vec<f64> {
        design.iter().map(|x| f(x)).collect()
    }

    #[test]
    fn design_has_whole_trajectories_on_the_grid_within_bounds() {
        let factors = vec![
            Factor::new("a", 0.0, 1.0),
            Factor::new("b", -3.0, 5.0),
            Factor::new("c", 10.0, 10.5),
        ];
        let (r, p) = (12, 6);
        let design = morris_design(&factors, r, p, 3).unwrap();
        assert_eq!(design.len(), r * (factors.len() + 1));
        let delta = p as f64 / (2.0 * (p - 1) as f64);
        for (index, point) in design.iter().enumerate() {
            assert_eq!(point.len(), factors.len());
            for (x, factor) in point.iter().zip(&factors) {
                assert!(factor.low <= *x && *x <= factor.high, "point {index}: {x}");
                let level = (x - factor.low) / factor.range() * (p - 1) as f64;
                assert!((level - level.round()).abs() < 1e-9, "off the grid: {x}");
            }
        }
        for trajectory in design.chunks(factors.len() + 1) {
            let mut moved = vec![0; factors.len()];
            for pair in trajectory.windows(2) {
                let changed: Vec<usize> = (0..factors.len())
                    .filter(|&i| pair[0][i] != pair[1][i])
                    .collect();
                assert_eq!(changed.len(), 1);
                let i = changed[0];
                moved[i] += 1;
                let step = (pair[1][i] - pair[0][i]).abs() / factors[i].range();
                assert!(
                    (step - delta).abs() < 1e-12,
                    "step {step}, expected {delta}"
                );
            }
            assert!(moved.iter().all(|&m| m == 1));
        }
    }

    #[test]
    fn design_is_deterministic_in_its_seed() {
        let factors = unit_factors(4);
        let first = morris_design(&factors, 10, 4, 42).unwrap();
        assert_eq!(first, morris_design(&factors, 10, 4, 42).unwrap());
        assert_ne!(first, morris_design(&factors, 10, 4, 43).unwrap());
    }

    #[test]
    fn design_visits_both_directions_and_all_levels() {
        let factors = unit_factors(2);
        let design = morris_design(&factors, 200, 4, 5).unwrap();
        for i in 0..2 {
            let mut levels = [false; 4];
            for point in &design {
                levels[(point[i] * 3.0).round() as usize] = true;
            }
            assert_eq!(levels, [true; 4], "factor {i}");
        }
        let mut up = 0;
        let mut down = 0;
        for trajectory in design.chunks(3) {
            for pair in trajectory.windows(2) {
                let sum = |p: &Vec<f64>| p[0] + p[1];
                if sum(&pair[1]) > sum(&pair[0]) {
                    up += 1;
                } else {
                    down += 1;
                }
            }
        }
        assert!(up > 150 && down > 150, "up {up}, down {down}");
    }

    #[test]
    fn linear_function_gives_coefficient_times_range_and_no_spread() {
        let factors = unit_factors(3);
        let design = morris_design(&factors, 20, 4, 1).unwrap();
        let outputs = evaluate(&design, |x| 2.0 * x[0] + 0.0 * x[1] + 5.0 * x[2]);
        let indices = morris_indices(&factors, &design, &outputs).unwrap();
        let names: Vec<&str> = indices.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["x1", "x2", "x3"]);
        for (index, coefficient) in indices.iter().zip([2.0, 0.0, 5.0]) {
            assert!((index.mu_star - coefficient).abs() < 1e-12, "{index:?}");
            assert!((index.mu - coefficient).abs() < 1e-12, "{index:?}");
            assert!(index.sigma < 1e-12, "{index:?}");
        }
        assert_eq!(indices[1].mu_star, 0.0);
    }

    #[test]
    fn effects_scale_with_the_range() {
        let factors = vec![
            Factor::new("wide", 10.0, 30.0),
            Factor::new("narrow", -0.25, 0.25),
        ];
        let design = morris_design(&factors, 10, 4, 9).unwrap();
        let outputs = evaluate(&design, |x| -2.0 * x[0] + 8.0 * x[1]);
        let indices = morris_indices(&factors, &design, &outputs).unwrap();
        // |coefficient| * range: 2 * 20 and 8 * 0.5; mu keeps the sign.
        assert!((indices[0].mu_star - 40.0).abs() < 1e-9);
        assert!((indices[0].mu + 40.0).abs() < 1e-9);
        assert!((indices[1].mu_star - 4.0).abs() < 1e-12);
        assert!(indices.iter().all(|m| m.sigma < 1e-9));
    }

    #[test]
    fn interaction_shows_as_spread_and_an_unused_factor_as_nothing() {
        let factors = unit_factors(3);
        let design = morris_design(&factors, 20, 4, 2).unwrap();
        let outputs = evaluate(&design, |x| x[0] * x[1]);
        let indices = morris_indices(&factors, &design, &outputs).unwrap();
        // The effect of x1 is x2 (and the reverse), which varies between
        // trajectories.
        assert!(indices[0].sigma > 0.1, "{:?}", indices[0]);
        assert!(indices[1].sigma > 0.1, "{:?}", indices[1]);
        assert!(indices[0].mu_star > 0.1 && indices[1].mu_star > 0.1);
        assert_eq!(indices[2].mu_star, 0.0);
        assert_eq!(indices[2].sigma, 0.0);
    }

    #[test]
    fn design_errors_are_reported() {
        let factors = unit_factors(2);
        assert_eq!(
            morris_design(&[], 10, 4, 0),
            Err(SensitivityError::NoFactors)
        );
        assert_eq!(
            morris_design(&factors, 1, 4, 0),
            Err(SensitivityError::TooFewTrajectories { trajectories: 1 })
        );
        for levels in [0, 1, 3, 5] {
            assert_eq!(
                morris_design(&factors, 10, levels, 0),
                Err(SensitivityError::InvalidLevels { levels })
            );
        }
        assert!(matches!(
            morris_design(&[Factor::new("a", 1.0, 0.0)], 10, 4, 0),
            Err(SensitivityError::InvalidRange { .. })
        ));
        assert_eq!(
            morris_design(&factors, usize::MAX, 4, 0),
            Err(SensitivityError::DesignTooLarge)
        );
        assert_eq!(morris_design(&factors, 2, 2, 0).map(|d| d.len()), Ok(6));
    }

    #[test]
    fn indices_errors_are_reported() {
        let factors = unit_factors(2);
        let design = morris_design(&factors, 4, 4, 0).unwrap();
        let outputs = evaluate(&design, |x| x[0]);
        assert_eq!(
            morris_indices(&factors, &design, &outputs[1..]),
            Err(SensitivityError::OutputCount {
                expected: 12,
                got: 11
            })
        );
        let mut bad = outputs.clone();
        bad[5] = f64::INFINITY;
        assert!(matches!(
            morris_indices(&factors, &design, &bad),
            Err(SensitivityError::NonFiniteOutput { index: 5, .. })
        ));
        assert_eq!(
            morris_indices(&factors, &design[..11], &outputs[..11]),
            Err(SensitivityError::IncompleteTrajectory {
                points: 11,
                per_trajectory: 3
            })
        );
        assert_eq!(
            morris_indices(&factors, &design[..3], &outputs[..3]),
            Err(SensitivityError::TooFewTrajectories { trajectories: 1 })
        );
        let mut short = design.clone();
        short[4].pop();
        assert_eq!(
            morris_indices(&factors, &short, &outputs),
            Err(SensitivityError::PointDimension {
                index: 4,
                expected: 2,
                got: 1
            })
        );
        let mut nan = design.clone();
        nan[2][0] = f64::NAN;
        assert_eq!(
            morris_indices(&factors, &nan, &outputs),
            Err(SensitivityError::NonFinitePoint { index: 2 })
        );
        // A step that moves both factors.
        let mut both = design.clone();
        both[1] = vec![both[0][0] + 0.5, both[0][1] + 0.5];
        assert_eq!(
            morris_indices(&factors, &both, &outputs),
            Err(SensitivityError::NotOneFactorStep {
                from: 0,
                to: 1,
                changed: 2
            })
        );
        // A step that moves nothing.
        let mut still = design.clone();
        still[1] = still[0].clone();
        assert!(matches!(
            morris_indices(&factors, &still, &outputs),
            Err(SensitivityError::NotOneFactorStep { changed: 0, .. })
        ));
        // A trajectory that moves the same factor twice.
        let twice = vec![
            vec![0.0, 0.0],
            vec![1.0, 0.0],
            vec![0.0, 0.0],
            vec![0.0, 0.0],
            vec![0.0, 1.0],
            vec![1.0, 1.0],
        ];
        assert_eq!(
            morris_indices(&factors, &twice, &[0.0; 6]),
            Err(SensitivityError::RepeatedFactorStep {
                trajectory: 0,
                name: "x1".into()
            })
        );
    }
}
