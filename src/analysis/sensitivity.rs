//! Global sensitivity analysis: how much each uncertain model parameter (a
//! *factor*) moves a scalar model output, such as the probability that a
//! candidate wins or her expected share of the votes.
//!
//! Only the mathematics lives here, independent of the model. Each method is
//! split in two steps so that the model runs happen in between, in parallel if
//! the caller wishes:
//!
//! 1. a *design* function returns the sample points, one `Vec<f64>` per point
//!    with one coordinate per factor (in the order of the factors, in each
//!    factor's own units, within `[low, high]`);
//! 2. the caller evaluates the model at every point and collects one output per
//!    point, in design order;
//! 3. an *indices* function turns the outputs into sensitivity measures, in
//!    the units described below.
//!
//! Designs are deterministic functions of their seed: all randomness comes
//! from one `rand_pcg::Pcg64Mcg` seeded with it, so the same seed gives a
//! bit-identical design. Every reduction runs sequentially in point order, so
//! the indices do not depend on how the caller scheduled its runs.
//!
//! # Elementary effects (Morris screening)
//!
//! A cheap screening method, `r (k + 1)` runs for `k` factors and `r`
//! trajectories, that ranks factors and tells linear, additive ones from
//! non-linear or interacting ones. It does not split the variance.
//!
//! Each factor is mapped to the unit interval, `z_i = (x_i - low_i) / (high_i -
//! low_i)`, on a grid of `p` levels `{0, 1/(p-1), ..., 1}` with `p` even. The
//! step is `Δ = p / (2 (p - 1))`, that is `p/2` grid steps, which makes every
//! level equally likely (Morris 1991). A *trajectory* is `k + 1` points: a
//! random base point, then each factor in turn (in a random order) moves once
//! by `+Δ` or `-Δ`, so consecutive points differ in exactly one factor. This is
//! Morris's random orientation `B* = (J x* + (Δ/2) [(2B - J) D* + J]) P*`:
//! base point `x*` drawn from the levels with `x* + Δ ≤ 1`, random signs `D*`,
//! random permutation `P*`.
//!
//! For the step of trajectory `t` where factor `i` moves from point `x` to
//! point `x'`, the elementary effect is
//!
//! ```text
//! EE_i(t) = [y(x') - y(x)] / [(x'_i - x_i) / (high_i - low_i)]
//! ```
//!
//! the change of the output divided by the step as a fraction of the factor's
//! range: it is in *output units per full range of the factor* (on the unit
//! hypercube this is Morris's `[y(z + Δ e_i) - y(z)] / Δ`). For an output
//! linear in the factor, `y = c_i x_i + ...`, it equals `c_i (high_i - low_i)`
//! whatever the step. Over the `r` trajectories:
//!
//! ```text
//! mu_i    = (1/r) Σ_t EE_i(t)                           (Morris 1991)
//! mu*_i   = (1/r) Σ_t |EE_i(t)|                         (Campolongo et al. 2007)
//! sigma_i = sqrt( 1/(r-1) Σ_t (EE_i(t) - mu_i)^2 )      (Morris 1991)
//! ```
//!
//! A large `mu*` marks an influential factor; a `sigma` large against `mu*`
//! marks a factor whose effect depends on where the others stand (non-linear
//! or interacting); a factor the output ignores has `mu* = sigma = 0`.
//! `mu*` is preferred to `mu`, which lets effects of opposite signs cancel.
//!
//! # Variance-based indices (Sobol')
//!
//! With `Y = f(X_1, ..., X_k)` and the factors independent and uniform on their
//! ranges, `V = Var(Y)`:
//!
//! ```text
//! first-order  S_i  = Var(E[Y | X_i]) / V          share of V due to X_i alone
//! total        ST_i = E[Var(Y | X_~i)] / V         share of V involving X_i at all
//! ```
//!
//! Both are dimensionless fractions in [0, 1] (estimates may stray slightly
//! outside when `N` is small; they are not clipped). `ST_i - S_i` is the share
//! of the variance that `X_i` causes through interactions; `Σ S_i = 1` for an
//! additive model.
//!
//! **Design** (Saltelli 2002, Saltelli et al. 2010): two `N × k` sample
//! matrices `A` and `B`, and for each factor `i` the matrix `A_B^(i)`, equal to
//! `A` with column `i` taken from `B`; `N (k + 2)` runs. The design lists them
//! in blocks of `N` rows: row `j` of `A` at index `j`, row `j` of `B` at
//! `N + j`, row `j` of `A_B^(i)` at `(2 + i) N + j`. `A` and `B` are the first
//! and last `k` coordinates of the first `N` points of a `2k`-dimensional
//! Sobol' low-discrepancy sequence (Joe and Kuo 2008 direction numbers, up to
//! [`MAX_SOBOL_FACTORS`] factors), randomised from the seed by a linear matrix
//! scramble and a digital shift (Matoušek 1998). `N` a power of two keeps the
//! sequence's balance; other values work, less well.
//!
//! **Estimators**, with `f_A(j) = f(A_j)` and so on, `f̄` the mean of the `2N`
//! outputs of `A` and `B`:
//!
//! ```text
//! V     = 1/(2N) Σ_j [(f_A(j) - f̄)^2 + (f_B(j) - f̄)^2]
//! V_i   = 1/N    Σ_j (f_B(j) - f̄) (f_ABi(j) - f_A(j))      Saltelli et al. 2010, Table 2 (b)
//! V_Ti  = 1/(2N) Σ_j (f_A(j) - f_ABi(j))^2                  Jansen 1999; Saltelli et al. 2010, Table 2 (f)
//! S_i   = V_i / V,    ST_i = V_Ti / V
//! ```
//!
//! The first-order estimator centres `f_B` on `f̄`. This leaves its expectation
//! unchanged (`f_ABi` and `f_A` have the same distribution) and keeps its
//! variance from growing with the output's mean, which matters for outputs
//! like a vote share that vary a little around a large value (Sobol' 2001).
//!
//! **Confidence intervals**: the normal approximation of each estimator's
//! variance, by the delta method (no resampling, hence no seed). Each index is
//! a ratio `U / V` of sample means of per-row terms `u_j` (the summands of
//! `V_i` or `V_Ti`) and `v_j = [(f_A(j) - f̄)^2 + (f_B(j) - f̄)^2] / 2`. Its
//! linearisation `φ_j = (u_j - U) / V - U (v_j - V) / V^2` gives
//!
//! ```text
//! ci95 = 1.959964 * sqrt( Σ_j φ_j^2 / (N (N - 1)) )
//! ```
//!
//! the half-width of a 95 % interval, `index ± ci95`. The error of `f̄` is
//! neglected, and the rows are treated as independent; for the scrambled
//! Sobol' points the true error is usually smaller, so the interval is
//! conservative.
//!
//! # References
//!
//! - M. D. Morris (1991). Factorial sampling plans for preliminary
//!   computational experiments. *Technometrics* 33(2), 161–174.
//! - F. Campolongo, J. Cariboni, A. Saltelli (2007). An effective screening
//!   design for sensitivity analysis of large models. *Environmental
//!   Modelling & Software* 22(10), 1509–1518.
//! - I. M. Sobol' (2001). Global sensitivity indices for nonlinear
//!   mathematical models and their Monte Carlo estimates. *Mathematics and
//!   Computers in Simulation* 55, 271–280.
//! - A. Saltelli (2002). Making best use of model evaluations to compute
//!   sensitivity indices. *Computer Physics Communications* 145, 280–297.
//! - A. Saltelli, P. Annoni, I. Azzini, F. Campolongo, M. Ratto, S. Tarantola
//!   (2010). Variance based sensitivity analysis of model output. Design and
//!   estimator for the total sensitivity index. *Computer Physics
//!   Communications* 181(2), 259–270.
//! - M. J. W. Jansen (1999). Analysis of variance designs for model output.
//!   *Computer Physics Communications* 117, 35–43.
//! - S. Joe, F. Y. Kuo (2008). Constructing Sobol sequences with better
//!   two-dimensional projections. *SIAM J. Sci. Comput.* 30(5), 2635–2654.
//! - J. Matoušek (1998). On the L2-discrepancy for anchored boxes. *Journal
//!   of Complexity* 14(4), 527–556.
//! - T. Ishigami, T. Homma (1990). An importance quantification technique in
//!   uncertainty analysis for computer models. *Proc. ISUMA '90*, 398–403
//!   (the test function used in the tests).

mod morris;
mod sequence;
mod sobol;

pub use morris::{MorrisIndex, morris_design, morris_indices};
pub use sobol::{MAX_SOBOL_FACTORS, SobolIndex, saltelli_design, sobol_indices};

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// One uncertain parameter and the range it is varied over, in the
/// parameter's own units. Designs treat it as uniform on `[low, high]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Factor {
    /// Name reported with the factor's indices; unique within an analysis.
    pub name: String,
    /// Lower end of the range; finite and below `high`.
    pub low: f64,
    /// Upper end of the range; finite.
    pub high: f64,
}

impl Factor {
    /// A factor varied over `[low, high]`.
    pub fn new(name: impl Into<String>, low: f64, high: f64) -> Self {
        Self {
            name: name.into(),
            low,
            high,
        }
    }

    /// Width of the range, `high - low`.
    pub fn range(&self) -> f64 {
        self.high - self.low
    }

    /// The value at fraction `unit` in [0, 1] of the range, kept within
    /// `[low, high]` against rounding.
    fn at(&self, unit: f64) -> f64 {
        (self.low + unit * self.range()).clamp(self.low, self.high)
    }
}

/// Why a design or an index could not be computed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SensitivityError {
    /// The factor list is empty.
    #[error("no factors given: a sensitivity analysis needs at least one factor to vary")]
    NoFactors,
    /// A factor's range is empty, reversed or not finite.
    #[error(
        "factor `{name}` has low = {low} and high = {high}: both must be finite, with low below high"
    )]
    InvalidRange { name: String, low: f64, high: f64 },
    /// Two factors share a name.
    #[error("factor `{name}` is listed twice: give each factor a distinct name")]
    DuplicateFactor { name: String },
    /// Too few base samples for the Sobol' estimators.
    #[error(
        "N = {samples} base samples: the Sobol' estimators need N >= 2 (a power of two such as 1024 is best)"
    )]
    TooFewSamples { samples: usize },
    /// Too few Morris trajectories to estimate the spread of the effects.
    #[error(
        "{trajectories} Morris trajectories: at least 2 are needed to estimate sigma (10 to 50 is usual)"
    )]
    TooFewTrajectories { trajectories: usize },
    /// The number of Morris grid levels is odd or below 2.
    #[error(
        "{levels} Morris levels: the number of levels must be even and at least 2 (4 is usual)"
    )]
    InvalidLevels { levels: usize },
    /// More factors than the Sobol' sequence has dimensions for.
    #[error(
        "{factors} factors: the Sobol' design supports at most {max} factors; fix some factors or screen them first with the Morris method"
    )]
    TooManyFactors { factors: usize, max: usize },
    /// The design would have more points than can be indexed.
    #[error(
        "the requested design is too large to index; lower the number of samples or trajectories"
    )]
    DesignTooLarge,
    /// The outputs do not match the design point for point.
    #[error(
        "{got} outputs for a design of {expected} points: pass one output per design point, in design order"
    )]
    OutputCount { expected: usize, got: usize },
    /// An output is NaN or infinite.
    #[error("output {index} is {value}: every output must be a finite number")]
    NonFiniteOutput { index: usize, value: f64 },
    /// A design point has the wrong number of coordinates.
    #[error("design point {index} has {got} coordinates: expected one per factor ({expected})")]
    PointDimension {
        index: usize,
        expected: usize,
        got: usize,
    },
    /// A design point holds NaN or an infinity.
    #[error("design point {index} holds a coordinate that is not a finite number")]
    NonFinitePoint { index: usize },
    /// A Morris design whose length is not a whole number of trajectories.
    #[error(
        "{points} design points: a Morris design holds whole trajectories of {per_trajectory} points (factors + 1)"
    )]
    IncompleteTrajectory {
        points: usize,
        per_trajectory: usize,
    },
    /// Two consecutive points of a trajectory differ in other than one factor.
    #[error(
        "design points {from} and {to} differ in {changed} factors: each step of a Morris trajectory must move exactly one factor"
    )]
    NotOneFactorStep {
        from: usize,
        to: usize,
        changed: usize,
    },
    /// A trajectory moves the same factor twice.
    #[error(
        "Morris trajectory {trajectory} moves factor `{name}` twice: each factor must move exactly once per trajectory"
    )]
    RepeatedFactorStep { trajectory: usize, name: String },
    /// The outputs of `A` and `B` are all equal, so there is no variance to
    /// apportion.
    #[error(
        "the output does not vary over the design (variance 0): Sobol' indices are undefined for a constant output"
    )]
    ConstantOutput,
}

/// Checks that there is at least one factor, each with a finite, non-empty
/// range and a distinct name.
fn validate_factors(factors: &[Factor]) -> Result<(), SensitivityError> {
    if factors.is_empty() {
        return Err(SensitivityError::NoFactors);
    }
    for (index, factor) in factors.iter().enumerate() {
        let finite = factor.low.is_finite() && factor.high.is_finite();
        if !finite || factor.low >= factor.high || !factor.range().is_finite() {
            return Err(SensitivityError::InvalidRange {
                name: factor.name.clone(),
                low: factor.low,
                high: factor.high,
            });
        }
        if factors[..index]
            .iter()
            .any(|other| other.name == factor.name)
        {
            return Err(SensitivityError::DuplicateFactor {
                name: factor.name.clone(),
            });
        }
    }
    Ok(())
}

/// Checks that there is one finite output per design point.
fn validate_outputs(expected: usize, outputs: &[f64]) -> Result<(), SensitivityError> {
    if outputs.len() != expected {
        return Err(SensitivityError::OutputCount {
            expected,
            got: outputs.len(),
        });
    }
    match outputs.iter().position(|y| !y.is_finite()) {
        Some(index) => Err(SensitivityError::NonFiniteOutput {
            index,
            value: outputs[index],
        }),
        None => Ok(()),
    }
}

/// Arithmetic mean, summed sequentially in index order.
fn mean(values: &[f64]) -> f64 {
    values.iter().fold(0.0, |sum, value| sum + value) / values.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_are_validated() {
        assert_eq!(validate_factors(&[]), Err(SensitivityError::NoFactors));
        for (low, high) in [
            (1.0, 1.0),
            (2.0, 1.0),
            (f64::NAN, 1.0),
            (0.0, f64::INFINITY),
        ] {
            let result = validate_factors(&[Factor::new("a", low, high)]);
            assert!(
                matches!(result, Err(SensitivityError::InvalidRange { .. })),
                "{low}..{high}"
            );
        }
        // Finite ends whose width overflows.
        let result = validate_factors(&[Factor::new("a", -f64::MAX, f64::MAX)]);
        assert!(matches!(result, Err(SensitivityError::InvalidRange { .. })));
        let twice = [Factor::new("a", 0.0, 1.0), Factor::new("a", 0.0, 2.0)];
        assert_eq!(
            validate_factors(&twice),
            Err(SensitivityError::DuplicateFactor { name: "a".into() })
        );
        assert_eq!(validate_factors(&[Factor::new("a", -1.0, 1.0)]), Ok(()));
    }

    #[test]
    fn outputs_are_validated() {
        assert_eq!(
            validate_outputs(3, &[1.0, 2.0]),
            Err(SensitivityError::OutputCount {
                expected: 3,
                got: 2
            })
        );
        assert!(matches!(
            validate_outputs(2, &[1.0, f64::NAN]),
            Err(SensitivityError::NonFiniteOutput { index: 1, .. })
        ));
        assert_eq!(validate_outputs(2, &[1.0, 2.0]), Ok(()));
    }

    #[test]
    fn factor_values_stay_in_range() {
        let factor = Factor::new("x", -std::f64::consts::PI, std::f64::consts::PI);
        assert_eq!(factor.at(0.0), factor.low);
        assert!(factor.at(1.0) <= factor.high);
        assert!((factor.at(0.5)).abs() < 1e-15);
    }

    #[test]
    fn factor_reads_from_ron_and_refuses_unknown_fields() {
        let factor: Factor = ron::from_str("(name: \"t\", low: 0.5, high: 2.0)").unwrap();
        assert_eq!(factor, Factor::new("t", 0.5, 2.0));
        assert!(ron::from_str::<Factor>("(name: \"t\", low: 0.5, high: 2.0, step: 1.0)").is_err());
    }
}
