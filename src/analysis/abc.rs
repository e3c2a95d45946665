//! Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC;
//! Toni et al. 2009, with the importance weights and the perturbation kernel
//! of Beaumont et al. 2009), as plain functions of a simulator supplied by
//! the caller (docs/VALIDATION.md, "Calibration").
//!
//! Generation 0 draws `particles` parameter vectors from the prior and keeps
//! them all. Generation *t* ≥ 1 sets its tolerance *ε_t* to the `quantile` of
//! the previous generation's distances, then proposes in batches: a particle
//! of generation *t − 1* picked by weight and moved by a Gaussian kernel of
//! variance twice the weighted variance of each parameter (the diagonal of
//! Beaumont's kernel); a proposal outside the prior's support is drawn
//! again. Proposals whose simulated distance is at most *ε_t* are accepted,
//! in proposal order, until `particles` are; each gets the weight
//! *π(θ) / Σ_j w_j K(θ | θ_j)*. It stops after `generations`, when a
//! generation accepts less than `min_acceptance` of its proposals, or when the
//! next generation would exceed `max_simulations`.
//!
//! Everything random is drawn on the calling thread from a generator seeded
//! by (seed, generation); every proposal carries its own simulation seed.
//! The caller may simulate a batch in parallel, and the result does not
//! depend on how: it is a function of the seed only.

use rand::{Rng, RngExt};
use rand_distr::StandardNormal;

use crate::model::rng::{run_seed, stream_rng};
use crate::scenario::Distribution;

/// A parameter to calibrate and its prior.
#[derive(Debug, Clone, PartialEq)]
pub struct Prior {
    pub name: String,
    pub distribution: Distribution,
}

/// Why a prior cannot be used.
pub fn check_prior(d: &Distribution) -> Result<(), String> {
    match d {
        Distribution::Beta { .. } | Distribution::BetaMeanSd { .. } => Err(
            "a calibration prior is Uniform, Normal, LogNormal or Triangular (Beta has no density here)"
                .to_string(),
        ),
        _ => d.check(f64::NEG_INFINITY, f64::INFINITY),
    }
}

/// The prior density at `x`, up to a constant factor (0 outside the support).
pub fn density(d: &Distribution, x: f64) -> f64 {
    match *d {
        Distribution::Uniform { lo, hi } => {
            if (lo..=hi).contains(&x) {
                1.0 / (hi - lo)
            } else {
                0.0
            }
        }
        Distribution::Normal { mean, sd } => (-0.5 * ((x - mean) / sd).powi(2)).exp() / sd,
        Distribution::LogNormal { median, sigma } => {
            if x <= 0.0 {
                0.0
            } else {
                let z = (x.ln() - median.ln()) / sigma;
                (-0.5 * z * z).exp() / (x * sigma)
            }
        }
        Distribution::Triangular { lo, mode, hi } => {
            if x < lo || x > hi {
                0.0
            } else if x < mode {
                2.0 * (x - lo) / ((hi - lo) * (mode - lo))
            } else if x > mode {
                2.0 * (hi - x) / ((hi - lo) * (hi - mode))
            } else {
                2.0 / (hi - lo)
            }
        }
        Distribution::Beta { .. } | Distribution::BetaMeanSd { .. } => 0.0,
    }
}

/// How to run the sampler.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AbcConfig {
    /// Particles per generation.
    pub particles: usize,
    /// Most generations, generation 0 included.
    pub generations: usize,
    /// The quantile of the previous distances that sets the next tolerance.
    pub quantile: f64,
    /// Stop after a generation that accepts less than this share of its proposals.
    pub min_acceptance: f64,
    /// Most simulated proposals in all.
    pub max_simulations: u64,
    pub seed: u64,
}

/// One proposal to simulate: a parameter vector and its simulation seed.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub theta: Vec<f64>,
    pub seed: u64,
}

/// A simulated proposal: its distance and what the caller keeps of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulated<T> {
    pub distance: f64,
    pub kept: T,
}

/// One generation's population.
#[derive(Debug, Clone, PartialEq)]
pub struct Generation<T> {
    pub tolerance: f64,
    pub theta: Vec<Vec<f64>>,
    /// Normalised importance weights.
    pub weights: Vec<f64>,
    pub distances: Vec<f64>,
    pub kept: Vec<T>,
    /// Proposals simulated for this generation.
    pub proposed: u64,
}

impl<T> Generation<T> {
    pub fn acceptance(&self) -> f64 {
        self.theta.len() as f64 / self.proposed.max(1) as f64
    }
}

/// The weighted mean and variance of parameter `p` of a generation.
pub fn weighted_moments<T>(g: &Generation<T>, p: usize) -> (f64, f64) {
    let mean: f64 = g.theta.iter().zip(&g.weights).map(|(t, w)| w * t[p]).sum();
    let var = g
        .theta
        .iter()
        .zip(&g.weights)
        .map(|(t, w)| w * (t[p] - mean).powi(2))
        .sum();
    (mean, var)
}

/// The weighted quantile `q` of `values` (weights summing to 1): the least
/// value whose cumulative weight reaches `q`.
pub fn weighted_quantile(values: &[f64], weights: &[f64], q: f64) -> f64 {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut acc = 0.0;
    for &i in &order {
        acc += weights[i];
        if acc >= q - 1e-12 {
            return values[i];
        }
    }
    order.last().map_or(f64::NAN, |&i| values[i])
}

/// The unweighted quantile of the finite distances (the tolerance rule).
fn quantile_of(distances: &[f64], q: f64) -> f64 {
    let mut d: Vec<f64> = distances
        .iter()
        .copied()
        .filter(|x| x.is_finite())
        .collect();
    if d.is_empty() {
        return f64::INFINITY;
    }
    d.sort_by(f64::total_cmp);
    let i = ((q * d.len() as f64).ceil() as usize).clamp(1, d.len()) - 1;
    d[i]
}

fn pick(rng: &mut impl Rng, weights: &[f64]) -> usize {
    let u: f64 = rng.random();
    let mut acc = 0.0;
    for (i, w) in weights.iter().enumerate() {
        acc += w;
        if u < acc {
            return i;
        }
    }
    weights.len() - 1
}

/// The caller's simulator: (generation, batch) to the batch's results.
pub type Simulator<'a, T, E> = dyn FnMut(usize, &[Proposal]) -> Result<Vec<Simulated<T>>, E> + 'a;

/// Run ABC-SMC. `simulate` gets each batch of proposals and returns their
/// results in the same order; its error stops the run.
pub fn abc_smc<T: Clone, E>(
    priors: &[Prior],
    config: &AbcConfig,
    simulate: &mut Simulator<'_, T, E>,
) -> Result<Vec<Generation<T>>, E> {
    let n = config.particles.max(1);
    let mut out: Vec<Generation<T>> = Vec::new();
    let mut used = 0u64;
    for generation in 0..config.generations.max(1) {
        let mut rng = stream_rng(run_seed(config.seed, generation as u64), 0xABC);
        let previous = out.last();
        let tolerance = previous.map_or(f64::INFINITY, |g| {
            quantile_of(&g.distances, config.quantile)
        });
        let scales: Vec<f64> = match previous {
            Some(g) => (0..priors.len())
                .map(|p| (2.0 * weighted_moments(g, p).1).sqrt().max(1e-9))
                .collect(),
            None => Vec::new(),
        };
        let mut next = Generation {
            tolerance,
            theta: Vec::new(),
            weights: Vec::new(),
            distances: Vec::new(),
            kept: Vec::new(),
            proposed: 0,
        };
        let mut serial = 0u64;
        while next.theta.len() < n {
            if used + n as u64 > config.max_simulations && generation > 0 {
                break;
            }
            let batch: Vec<Proposal> = (0..n)
                .map(|_| {
                    let theta = match previous {
                        None => priors
                            .iter()
                            .map(|p| {
                                p.distribution
                                    .sample(&mut rng, f64::NEG_INFINITY, f64::INFINITY)
                            })
                            .collect(),
                        Some(g) => loop {
                            let j = pick(&mut rng, &g.weights);
                            let t: Vec<f64> = g.theta[j]
                                .iter()
                                .zip(&scales)
                                .map(|(x, s)| x + s * rng.sample::<f64, _>(StandardNormal))
                                .collect();
                            if priors
                                .iter()
                                .zip(&t)
                                .all(|(p, x)| density(&p.distribution, *x) > 0.0)
                            {
                                break t;
                            }
                        },
                    };
                    serial += 1;
                    let seed = run_seed(run_seed(config.seed, generation as u64), serial);
                    Proposal { theta, seed }
                })
                .collect();
            let results = simulate(generation, &batch)?;
            used += batch.len() as u64;
            for (prop, r) in batch.into_iter().zip(results) {
                next.proposed += 1;
                let accept = match previous {
                    None => true,
                    Some(_) => r.distance <= tolerance,
                };
                if accept && next.theta.len() < n {
                    next.theta.push(prop.theta);
                    next.distances.push(r.distance);
                    next.kept.push(r.kept);
                }
                if next.theta.len() == n {
                    break;
                }
            }
        }
        if next.theta.is_empty() {
            break;
        }
        next.weights = match previous {
            None => vec![1.0; next.theta.len()],
            Some(g) => next
                .theta
                .iter()
                .map(|t| {
                    let prior: f64 = priors
                        .iter()
                        .zip(t)
                        .map(|(p, x)| density(&p.distribution, *x))
                        .product();
                    let kernel: f64 = g
                        .theta
                        .iter()
                        .zip(&g.weights)
                        .map(|(tj, wj)| {
                            wj * t
                                .iter()
                                .zip(tj)
                                .zip(&scales)
                                .map(|((x, y), s)| (-0.5 * ((x - y) / s).powi(2)).exp() / s)
                                .product::<f64>()
                        })
                        .sum();
                    prior / kernel.max(f64::MIN_POSITIVE)
                })
                .collect(),
        };
        let total: f64 = next.weights.iter().sum();
        for w in &mut next.weights {
            *w /= total;
        }
        let full = next.theta.len() == n;
        let low = next.acceptance() < config.min_acceptance;
        out.push(next);
        if !full || low {
            break;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A toy model: y ~ Normal(θ, 1), observed y = 2, prior Uniform(-10, 10).
    /// The ABC posterior with a shrinking tolerance approaches Normal(2, 1).
    #[test]
    fn recovers_the_posterior_of_a_normal_mean() {
        let priors = [Prior {
            name: "mu".into(),
            distribution: Distribution::Uniform {
                lo: -10.0,
                hi: 10.0,
            },
        }];
        let config = AbcConfig {
            particles: 400,
            generations: 6,
            quantile: 0.5,
            min_acceptance: 0.02,
            max_simulations: 1_000_000,
            seed: 3,
        };
        let gens = abc_smc::<(), ()>(&priors, &config, &mut |_, batch| {
            Ok(batch
                .iter()
                .map(|p| {
                    let mut r = stream_rng(p.seed, 1);
                    let y = p.theta[0] + r.sample::<f64, _>(StandardNormal);
                    Simulated {
                        distance: (y - 2.0).abs(),
                        kept: (),
                    }
                })
                .collect())
        })
        .unwrap();
        assert_eq!(gens.len(), 6);
        let last = gens.last().unwrap();
        let (mean, var) = weighted_moments(last, 0);
        assert!((mean - 2.0).abs() < 0.3, "mean {mean}");
        // The true posterior sd is 1; ABC with a tolerance > 0 is a bit wider.
        assert!(var.sqrt() > 0.7 && var.sqrt() < 1.5, "sd {}", var.sqrt());
        // Tolerances decrease.
        assert!(
            gens.windows(2)
                .skip(1)
                .all(|w| w[1].tolerance <= w[0].tolerance)
        );
        assert!((last.weights.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn densities_by_hand() {
        let n = Distribution::Normal { mean: 1.0, sd: 2.0 };
        assert!((density(&n, 3.0) - (-0.5f64).exp() / 2.0).abs() < 1e-12);
        let u = Distribution::Uniform { lo: 0.0, hi: 4.0 };
        assert_eq!(density(&u, 5.0), 0.0);
        assert_eq!(density(&u, 1.0), 0.25);
        let t = Distribution::Triangular {
            lo: 0.0,
            mode: 1.0,
            hi: 2.0,
        };
        assert!((density(&t, 0.5) - 0.5).abs() < 1e-12);
        assert_eq!(
            density(
                &Distribution::LogNormal {
                    median: 1.0,
                    sigma: 1.0
                },
                -1.0
            ),
            0.0
        );
    }

    #[test]
    fn weighted_quantiles_by_hand() {
        let v = [3.0, 1.0, 2.0];
        let w = [0.2, 0.5, 0.3];
        assert_eq!(weighted_quantile(&v, &w, 0.5), 1.0);
        assert_eq!(weighted_quantile(&v, &w, 0.6), 2.0);
        assert_eq!(weighted_quantile(&v, &w, 0.95), 3.0);
    }
}
