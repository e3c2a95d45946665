//! Calibration of shared parameters on past elections: the distance of a
//! run's per-round tallies to a case's observed result, the parallel
//! simulation of ABC-SMC proposals over every case, the posterior
//! predictive check and ensembles drawn from a posterior
//! (docs/VALIDATION.md, "Calibration").
//!
//! **Distance.** For case *c* with scored rounds *r* and scored candidates
//! *k*: *d_c = (1/R_c) Σ_r Σ_k (s_ckr − ŝ_ckr)²*, and over cases
//! *d = √((1/C) Σ_c d_c)*. The observed share *ŝ* is the candidate's votes
//! over the round's observed present and voting where that is scored,
//! compared with the simulated votes over the simulated valid papers;
//! otherwise both are over the sum of the scored candidates' votes of the
//! round. A round the run did not reach gives simulated votes 0.
//!
//! **Parameters.** A parameter is a `--set` path, or a path with one `*` in
//! the prior term id (`prior.terms.endorsed-*.weight`), which names the
//! weight of that term in every case where it exists: one shared value.

use rayon::prelude::*;

use super::abc::{Generation, Proposal, Simulated, weighted_quantile};
use super::outcomes::RunOutcome;
use crate::model::rng::run_seed;
use crate::model::{RunOutput, Simulation};
use crate::result::RoundResult;
use crate::scenario::{Distribution, Scenario, overrides};

/// A parameter to calibrate: a path (maybe with a `*`) and its prior.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamSpec {
    pub path: String,
    pub prior: Distribution,
}

/// Parse `PATH=DISTRIBUTION` (the distribution written as in a scenario file).
pub fn parse_param(spec: &str) -> Result<ParamSpec, String> {
    let (path, dist) = spec
        .split_once('=')
        .map(|(p, d)| (p.trim(), d.trim()))
        .filter(|(p, d)| !p.is_empty() && !d.is_empty())
        .ok_or_else(|| {
            format!("--param expects PATH=DISTRIBUTION (e.g. params.temperature=Uniform(lo: 0.5, hi: 2)), found `{spec}`")
        })?;
    let prior: Distribution = ron::from_str(dist).map_err(|e| {
        format!(
            "--param {path}: `{dist}` is not a distribution ({}); {}",
            e.code,
            crate::scenario::distribution::EXPECTED
        )
    })?;
    super::abc::check_prior(&prior).map_err(|e| format!("--param {path}: {e}"))?;
    Ok(ParamSpec {
        path: path.to_string(),
        prior,
    })
}

/// Whether `id` matches `pattern` with at most one `*`.
fn glob(pattern: &str, id: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == id,
        Some((pre, post)) => {
            id.len() >= pre.len() + post.len() && id.starts_with(pre) && id.ends_with(post)
        }
    }
}

/// The concrete `--set` paths of `path` in scenario `s` (empty where a
/// pattern matches no term of this case).
pub fn expand(path: &str, s: &Scenario) -> Result<Vec<String>, String> {
    if !path.contains('*') {
        overrides::value_at(s, path).map_err(|e| e.to_string())?;
        return Ok(vec![path.to_string()]);
    }
    let parts: Vec<&str> = path.split('.').collect();
    match parts.as_slice() {
        ["prior", "terms", pattern, rest @ ..] if !pattern.is_empty() && !rest.is_empty() => Ok(s
            .prior
            .terms
            .iter()
            .filter_map(|t| t.id.as_deref())
            .filter(|id| glob(pattern, id))
            .map(|id| format!("prior.terms.{id}.{}", rest.join(".")))
            .collect()),
        _ => Err(format!(
            "`{path}`: a `*` may stand only in a prior term's id, as in prior.terms.endorsed-*.weight"
        )),
    }
}

/// One scored round of a case.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundTarget {
    /// 1-based round number.
    pub round: u32,
    /// Scored candidates (indices) with their observed counts.
    pub counts: Vec<(usize, u32)>,
    /// The observed present and voting, where scored.
    pub present_and_voting: Option<u32>,
}

impl RoundTarget {
    fn base(&self) -> f64 {
        match self.present_and_voting {
            Some(pv) => f64::from(pv),
            None => self.counts.iter().map(|(_, y)| f64::from(*y)).sum(),
        }
    }

    /// Observed shares of the scored candidates.
    pub fn observed_shares(&self) -> Vec<f64> {
        let b = self.base().max(1.0);
        self.counts.iter().map(|(_, y)| f64::from(*y) / b).collect()
    }

    /// A run's counts of the scored candidates in this round (0 if not reached).
    pub fn simulated_counts(&self, round: Option<&RoundResult>) -> Vec<u32> {
        self.counts
            .iter()
            .map(|(c, _)| round.and_then(|r| r.tally.get(*c).copied()).unwrap_or(0))
            .collect()
    }

    /// Simulated shares on the same base as the observed ones.
    pub fn simulated_shares(&self, counts: &[u32], round: Option<&RoundResult>) -> Vec<f64> {
        let base = match (self.present_and_voting, round) {
            (Some(_), Some(r)) => f64::from(r.valid),
            (Some(_), None) => 0.0,
            (None, _) => counts.iter().map(|&x| f64::from(x)).sum(),
        };
        counts
            .iter()
            .map(|&x| if base > 0.0 { f64::from(x) / base } else { 0.0 })
            .collect()
    }
}

/// The scored rounds of a case (empty without an observed block).
pub fn targets(s: &Scenario) -> Vec<RoundTarget> {
    let Some(obs) = &s.observed else {
        return Vec::new();
    };
    obs.rounds
        .iter()
        .filter_map(|r| {
            let counts: Vec<(usize, u32)> = r
                .scored_votes()
                .filter_map(|(id, y)| s.candidates.iter().position(|c| c.id == id).map(|c| (c, y)))
                .collect();
            (!counts.is_empty()).then(|| RoundTarget {
                round: r.round,
                counts,
                present_and_voting: r.present_and_voting.value(),
            })
        })
        .collect()
}

/// What is kept of one run of one case: the scored candidates' counts per
/// scored round, and its squared share error *d_c*.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRun {
    pub counts: Vec<Vec<u32>>,
    pub error: f64,
}

/// A run scored against a case's targets.
pub fn case_run(out: &RunOutput, targets: &[RoundTarget]) -> CaseRun {
    let mut counts = Vec::with_capacity(targets.len());
    let mut error = 0.0;
    for t in targets {
        let round = out.ballot.rounds.iter().find(|r| r.number == t.round);
        let x = t.simulated_counts(round);
        let s = t.simulated_shares(&x, round);
        error += s
            .iter()
            .zip(t.observed_shares())
            .map(|(a, b)| (a - b).powi(2))
            .sum::<f64>();
        counts.push(x);
    }
    CaseRun {
        counts,
        error: error / targets.len().max(1) as f64,
    }
}

/// The distance over cases: √(mean of the cases' errors).
pub fn distance(runs: &[CaseRun]) -> f64 {
    if runs.is_empty() {
        return f64::INFINITY;
    }
    (runs.iter().map(|r| r.error).sum::<f64>() / runs.len() as f64).sqrt()
}

/// A case ready to calibrate on: its scenario, targets and, per parameter,
/// the concrete paths it sets.
#[derive(Debug, Clone)]
pub struct CalibrationCase {
    pub scenario: Scenario,
    pub targets: Vec<RoundTarget>,
    pub paths: Vec<Vec<String>>,
}

impl CalibrationCase {
    pub fn new(scenario: Scenario, params: &[ParamSpec]) -> Result<CalibrationCase, String> {
        let paths = params
            .iter()
            .map(|p| expand(&p.path, &scenario))
            .collect::<Result<_, _>>()
            .map_err(|e| format!("{}: {e}", scenario.meta.name))?;
        Ok(CalibrationCase {
            targets: targets(&scenario),
            scenario,
            paths,
        })
    }

    /// The case's scenario with the parameters set to `theta`.
    pub fn with(&self, theta: &[f64]) -> Result<Scenario, String> {
        let mut s = self.scenario.clone();
        for (paths, x) in self.paths.iter().zip(theta) {
            for p in paths {
                overrides::set(&mut s, &format!("{p}={x}")).map_err(|e| e.to_string())?;
            }
        }
        Ok(s)
    }
}

/// A thread pool of `threads` workers.
pub fn pool(threads: usize) -> Result<rayon::ThreadPool, String> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .thread_name(|i| format!("lobbysim-calibrate-{i}"))
        .build()
        .map_err(|e| e.to_string())
}

/// Simulate every proposal on every case, in parallel; case *c* of a
/// proposal runs with seed `run_seed(proposal seed, c)`. A parameter value
/// the scenario refuses (outside its valid range) gives distance ∞.
pub fn simulate(
    pool: &rayon::ThreadPool,
    cases: &[CalibrationCase],
    batch: &[Proposal],
) -> Vec<Simulated<Vec<CaseRun>>> {
    let jobs: Vec<(usize, usize)> = (0..batch.len())
        .flat_map(|p| (0..cases.len()).map(move |c| (p, c)))
        .collect();
    let runs: Vec<Option<CaseRun>> = pool.install(|| {
        jobs.par_iter()
            .map(|&(p, c)| {
                let s = cases[c].with(&batch[p].theta).ok()?;
                let out = Simulation::new(&s).run(run_seed(batch[p].seed, c as u64));
                Some(case_run(&out, &cases[c].targets))
            })
            .collect()
    });
    runs.chunks(cases.len().max(1))
        .map(
            |chunk| match chunk.iter().cloned().collect::<Option<Vec<_>>>() {
                Some(kept) => Simulated {
                    distance: distance(&kept),
                    kept,
                },
                None => Simulated {
                    distance: f64::INFINITY,
                    kept: Vec::new(),
                },
            },
        )
        .collect()
}

/// One row of the posterior predictive check.
#[derive(Debug, Clone, PartialEq)]
pub struct PredictiveRow {
    pub case: String,
    pub round: u32,
    pub candidate: String,
    pub observed: u32,
    pub mean: f64,
    pub q05: f64,
    pub q50: f64,
    pub q95: f64,
    /// Weighted mid-PIT of the observed count.
    pub pit: f64,
}

/// The posterior predictive check of the final population: per case, round
/// and scored candidate, the weighted distribution of the accepted runs'
/// counts against the observed count.
pub fn predictive_check(
    last: &Generation<Vec<CaseRun>>,
    cases: &[CalibrationCase],
) -> Vec<PredictiveRow> {
    let mut rows = Vec::new();
    for (c, case) in cases.iter().enumerate() {
        for (r, t) in case.targets.iter().enumerate() {
            for (k, &(cand, y)) in t.counts.iter().enumerate() {
                let mut values = Vec::new();
                let mut weights = Vec::new();
                for (kept, w) in last.kept.iter().zip(&last.weights) {
                    if let Some(run) = kept.get(c) {
                        values.push(f64::from(run.counts[r][k]));
                        weights.push(*w);
                    }
                }
                let total: f64 = weights.iter().sum();
                if total <= 0.0 {
                    continue;
                }
                weights.iter_mut().for_each(|w| *w /= total);
                let yf = f64::from(y);
                let below: f64 = values
                    .iter()
                    .zip(&weights)
                    .filter(|(v, _)| **v < yf)
                    .map(|(_, w)| w)
                    .sum();
                let at: f64 = values
                    .iter()
                    .zip(&weights)
                    .filter(|(v, _)| **v == yf)
                    .map(|(_, w)| w)
                    .sum();
                rows.push(PredictiveRow {
                    case: case.scenario.meta.name.clone(),
                    round: t.round,
                    candidate: case.scenario.candidates[cand].id.clone(),
                    observed: y,
                    mean: values.iter().zip(&weights).map(|(v, w)| v * w).sum(),
                    q05: weighted_quantile(&values, &weights, 0.05),
                    q50: weighted_quantile(&values, &weights, 0.5),
                    q95: weighted_quantile(&values, &weights, 0.95),
                    pit: below + 0.5 * at,
                });
            }
        }
    }
    rows
}

/// `m` draws from a weighted population by systematic resampling (one
/// offset drawn from `seed`), in particle order.
pub fn resample<T>(g: &Generation<T>, m: usize, seed: u64) -> Vec<Vec<f64>> {
    let u0 = (run_seed(seed, 0x5EED) >> 11) as f64 / (1u64 << 53) as f64;
    let mut out = Vec::with_capacity(m);
    let mut acc = 0.0;
    let mut i = 0;
    for j in 0..m {
        let u = (u0 + j as f64) / m as f64;
        while i + 1 < g.weights.len() && acc + g.weights[i] < u {
            acc += g.weights[i];
            i += 1;
        }
        out.push(g.theta[i].clone());
    }
    out
}

/// An ensemble of `case` drawn from the posterior: run *i* uses draw *i*
/// and seed `run_seed(seed, i)`; each run reduced to its outcome.
pub fn posterior_ensemble(
    pool: &rayon::ThreadPool,
    case: &CalibrationCase,
    draws: &[Vec<f64>],
    seed: u64,
) -> Result<Vec<RunOutcome>, String> {
    let k = case.scenario.candidates.len();
    pool.install(|| {
        draws
            .par_iter()
            .enumerate()
            .map(|(i, theta)| {
                let s = case.with(theta)?;
                let out = Simulation::new(&s).run(run_seed(seed, i as u64));
                Ok(RunOutcome::of(&out, k))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::abc::{AbcConfig, Prior, abc_smc, weighted_moments};
    use crate::scenario::observed::{Count, Observed, ObservedRound};
    use crate::scenario::synthetic::synthetic_scenario;

    fn glob_cases() {
        assert!(glob("endorsed-*", "endorsed-qu"));
        assert!(!glob("endorsed-*", "home-qu"));
        assert!(glob("home-qu", "home-qu"));
    }

    #[test]
    fn patterns_match_term_ids() {
        glob_cases();
        assert!(parse_param("params.noise=Uniform(lo: 0, hi: 0.1)").is_ok());
        assert!(parse_param("params.noise=Beta(a: 1, b: 2)").is_err());
        assert!(parse_param("params.noise").is_err());
    }

    #[test]
    fn the_distance_of_a_round_by_hand() {
        let t = RoundTarget {
            round: 1,
            counts: vec![(0, 6), (1, 4)],
            present_and_voting: None,
        };
        assert_eq!(t.observed_shares(), vec![0.6, 0.4]);
        let s = t.simulated_shares(&[5, 5], None);
        assert_eq!(s, vec![0.5, 0.5]);
        let run = CaseRun {
            counts: vec![vec![5, 5]],
            error: 0.02,
        };
        assert!((distance(&[run]) - 0.02f64.sqrt()).abs() < 1e-12);
    }

    /// The synthetic case's parameter: the weight of the prior term "voted
    /// yes at the UN" (candidate 0), the fifth term.
    const PATH: &str = "prior.terms.4.weight";

    /// A synthetic case: 193 states, 2 candidates, with its observed
    /// first-round result the tally of one run with the weight `truth`.
    fn synthetic_case(truth: f64) -> Scenario {
        let mut s = synthetic_scenario(193, 2, 0, 5, 2, 11);
        assert_eq!(s.prior.terms[4].label, "voted yes at the UN");
        overrides::set(&mut s, &format!("{PATH}={truth}")).unwrap();
        let out = Simulation::new(&s).run(12345);
        let first = &out.ballot.rounds[0];
        let votes = s
            .candidates
            .iter()
            .enumerate()
            .map(|(c, cand)| (cand.id.clone(), Count::Reported(first.tally[c])))
            .collect::<Vec<_>>();
        s.observed = Some(Observed {
            sources: vec!["synthetic".into()],
            seats: 1,
            elected: Vec::new(),
            rounds: vec![ObservedRound::with_votes(1, votes)],
            note: String::new(),
        });
        s
    }

    fn calibrate_synthetic(threads: usize) -> Vec<Generation<Vec<CaseRun>>> {
        let spec = parse_param(&format!("{PATH}=Uniform(lo: -2, hi: 3)")).unwrap();
        let case = CalibrationCase::new(synthetic_case(1.0), std::slice::from_ref(&spec)).unwrap();
        let priors = [Prior {
            name: spec.path.clone(),
            distribution: spec.prior,
        }];
        let config = AbcConfig {
            particles: 60,
            generations: 4,
            quantile: 0.5,
            min_acceptance: 0.02,
            max_simulations: 2000,
            seed: 7,
        };
        let pool = pool(threads).unwrap();
        let cases = [case];
        abc_smc::<_, ()>(&priors, &config, &mut |_, batch| {
            Ok(simulate(&pool, &cases, batch))
        })
        .unwrap()
    }

    #[test]
    fn calibration_recovers_a_known_weight_and_is_the_same_on_any_threads() {
        let one = calibrate_synthetic(1);
        let last = one.last().unwrap();
        let values: Vec<f64> = last.theta.iter().map(|t| t[0]).collect();
        let lo = weighted_quantile(&values, &last.weights, 0.05);
        let hi = weighted_quantile(&values, &last.weights, 0.95);
        assert!(lo <= 1.0 && 1.0 <= hi, "90% interval {lo}..{hi} misses 1.0");
        // The posterior is narrower than the prior (sd of Uniform(-2, 3) is 1.44).
        let (_, var) = weighted_moments(last, 0);
        assert!(var.sqrt() < 0.7, "posterior sd {}", var.sqrt());
        let three = calibrate_synthetic(3);
        assert_eq!(one, three);
    }
}
