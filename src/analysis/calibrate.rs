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
//!
//! **Lanes.** Each case has one world per worker thread, built once, and
//! runs up to [`LANES`] proposals (or posterior draws) together, each lane's
//! calibrated numbers set to its proposal's values (docs/MODEL.md, "Run
//! lanes"); a run is the one the case's scenario with those values set
//! gives alone, bit for bit.

use std::sync::Mutex;

use rayon::prelude::*;

use super::abc::{Generation, Proposal, Simulated, weighted_quantile};
use super::outcomes::RunOutcome;
use crate::ensemble::blocks::lock_afresh;
use crate::model::draw::{NumberSlot, Numbers, number_slot};
use crate::model::lanes::LANES;
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
    /// How its runs go in lanes; `None` where a path is not a number of a
    /// run (a state's own attendance, a campaign's saturation), and each
    /// run then builds its own world.
    lanes: Option<CaseLanes>,
}

/// A case whose calibrated paths are all numbers of a run.
#[derive(Debug, Clone)]
struct CaseLanes {
    /// The case with each calibrated number uncertain, drawn from its prior,
    /// so that it is one of every run's drawn numbers.
    scenario: Scenario,
    /// Per parameter, where each of its concrete paths goes in a run's numbers.
    slots: Vec<Vec<NumberSlot>>,
}

impl CaseLanes {
    fn new(s: &Scenario, paths: &[Vec<String>], params: &[ParamSpec]) -> Option<CaseLanes> {
        let mut scenario = s.clone();
        let mut slots = Vec::with_capacity(paths.len());
        for (paths, spec) in paths.iter().zip(params) {
            let prior = ron::to_string(&spec.prior).ok()?;
            let mut of_param = Vec::with_capacity(paths.len());
            for p in paths {
                let canonical = overrides::canonical(s, p).ok()?;
                of_param.push(number_slot(s, &canonical)?);
                overrides::set(&mut scenario, &format!("{p}={prior}")).ok()?;
            }
            slots.push(of_param);
        }
        Some(CaseLanes { scenario, slots })
    }

    /// Whether the scenario accepts `theta` for every calibrated path (as
    /// [`CalibrationCase::with`] would).
    fn accepts(&self, theta: &[f64]) -> bool {
        self.slots
            .iter()
            .zip(theta)
            .all(|(slots, &x)| slots.iter().all(|slot| slot.accepts(x)))
    }

    /// Set a run's calibrated numbers to `theta`.
    fn set(&self, theta: &[f64], n: &mut Numbers) {
        for (slots, &x) in self.slots.iter().zip(theta) {
            for slot in slots {
                n.set(slot, x);
            }
        }
    }
}

impl CalibrationCase {
    pub fn new(scenario: Scenario, params: &[ParamSpec]) -> Result<CalibrationCase, String> {
        let paths: Vec<Vec<String>> = params
            .iter()
            .map(|p| expand(&p.path, &scenario))
            .collect::<Result<_, _>>()
            .map_err(|e| format!("{}: {e}", scenario.meta.name))?;
        Ok(CalibrationCase {
            targets: targets(&scenario),
            lanes: CaseLanes::new(&scenario, &paths, params),
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

    /// Whether the case runs in lanes (every calibrated path a number of a run).
    pub fn in_lanes(&self) -> bool {
        self.lanes.is_some()
    }

    /// One run of the case's scenario with the parameters set to `theta`,
    /// in a world of its own.
    pub fn run_alone(&self, theta: &[f64], seed: u64) -> Result<RunOutput, String> {
        Ok(Simulation::new(&self.with(theta)?).run(seed))
    }
}

/// The worlds that run a calibration's cases: one [`Simulation`] per case
/// and worker thread of `pool`, built when first needed and reused for
/// every batch of runs.
pub struct CaseWorlds<'a> {
    pool: &'a rayon::ThreadPool,
    cases: &'a [CalibrationCase],
    /// Per worker thread, each case's world.
    worlds: Vec<Mutex<Vec<Option<Simulation>>>>,
}

/// Up to [`LANES`] runs of one case: run `i` with the parameters `runs[i].0`
/// and the seed `runs[i].1`.
struct CaseBatch<'t> {
    case: usize,
    runs: Vec<(&'t [f64], u64)>,
}

impl<'a> CaseWorlds<'a> {
    pub fn new(pool: &'a rayon::ThreadPool, cases: &'a [CalibrationCase]) -> CaseWorlds<'a> {
        CaseWorlds {
            pool,
            cases,
            worlds: (0..pool.current_num_threads())
                .map(|_| Mutex::new(Vec::new()))
                .collect(),
        }
    }

    /// Every batch, in parallel, each run reduced by `digest(case, run)` on
    /// the worker thread; each batch's digests in its order, `None` for a
    /// run whose parameters the case refuses.
    fn run<D: Send>(
        &self,
        batches: &[CaseBatch],
        digest: &(dyn Fn(&CalibrationCase, &RunOutput) -> D + Sync),
    ) -> Vec<Vec<Option<D>>> {
        self.pool.install(|| {
            batches
                .par_iter()
                .map(|b| {
                    let case = &self.cases[b.case];
                    let runs = self.run_batch(b);
                    runs.iter()
                        .map(|r| r.as_ref().map(|out| digest(case, out)))
                        .collect()
                })
                .collect()
        })
    }

    /// One batch on the calling worker thread: the runs the case accepts
    /// go together, one lane each, in this thread's world of the case.
    fn run_batch(&self, batch: &CaseBatch) -> Vec<Option<RunOutput>> {
        let case = &self.cases[batch.case];
        let Some(lanes) = &case.lanes else {
            return batch
                .runs
                .iter()
                .map(|&(theta, seed)| case.run_alone(theta, seed).ok())
                .collect();
        };
        let accepted: Vec<usize> = (0..batch.runs.len())
            .filter(|&i| lanes.accepts(batch.runs[i].0))
            .collect();
        let mut out: Vec<Option<RunOutput>> = vec![None; batch.runs.len()];
        if accepted.is_empty() {
            return out;
        }
        let seeds: Vec<u64> = accepted.iter().map(|&i| batch.runs[i].1).collect();
        let adjust = |l: usize, n: &mut Numbers| lanes.set(batch.runs[accepted[l]].0, n);
        let slot = &self.worlds[rayon::current_thread_index().unwrap_or(0) % self.worlds.len()];
        let mut worlds = lock_afresh(slot);
        worlds.resize_with(self.cases.len(), || None);
        let sim = worlds[batch.case].get_or_insert_with(|| Simulation::new(&lanes.scenario));
        for (&i, run) in accepted
            .iter()
            .zip(sim.run_lanes_adjusted(&seeds, Some(&adjust)))
        {
            out[i] = Some(run);
        }
        out
    }

    /// Simulate every proposal on every case; case *c* of a proposal runs
    /// with seed `run_seed(proposal seed, c)`. A parameter value a case
    /// refuses (outside its valid range) gives the proposal distance ∞.
    pub fn simulate(&self, batch: &[Proposal]) -> Vec<Simulated<Vec<CaseRun>>> {
        let batches: Vec<CaseBatch> = (0..self.cases.len())
            .flat_map(|c| {
                batch.chunks(LANES).map(move |chunk| CaseBatch {
                    case: c,
                    runs: chunk
                        .iter()
                        .map(|p| (p.theta.as_slice(), run_seed(p.seed, c as u64)))
                        .collect(),
                })
            })
            .collect();
        let outs = self.run(&batches, &|case, out| case_run(out, &case.targets));
        // `runs[c][p]`: proposal p on case c.
        let runs: Vec<Vec<Option<CaseRun>>> = outs
            .chunks(batch.len().div_ceil(LANES).max(1))
            .map(|of_case| of_case.concat())
            .collect();
        (0..batch.len())
            .map(|p| {
                match runs
                    .iter()
                    .map(|r| r[p].clone())
                    .collect::<Option<Vec<_>>>()
                {
                    Some(kept) => Simulated {
                        distance: distance(&kept),
                        kept,
                    },
                    None => Simulated {
                        distance: f64::INFINITY,
                        kept: Vec::new(),
                    },
                }
            })
            .collect()
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
    let batches: Vec<CaseBatch> = (0..draws.len())
        .step_by(LANES)
        .map(|a| CaseBatch {
            case: 0,
            runs: (a..(a + LANES).min(draws.len()))
                .map(|i| (draws[i].as_slice(), run_seed(seed, i as u64)))
                .collect(),
        })
        .collect();
    let outs = CaseWorlds::new(pool, std::slice::from_ref(case))
        .run(&batches, &|_, out| RunOutcome::of(out, k));
    outs.into_iter()
        .flatten()
        .zip(draws)
        .map(|(outcome, theta)| match outcome {
            Some(outcome) => Ok(outcome),
            None => Err(case.with(theta).err().unwrap_or_else(|| {
                format!("{}: a posterior draw is refused", case.scenario.meta.name)
            })),
        })
        .collect()
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
        let worlds = CaseWorlds::new(&pool, &cases);
        abc_smc::<_, ()>(&priors, &config, &mut |_, batch| Ok(worlds.simulate(batch))).unwrap()
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

    fn case_file(name: &str) -> Scenario {
        crate::scenario::bundled(&format!("scenarios/cases/{name}"))
    }

    fn params_of(texts: &[&str]) -> Vec<ParamSpec> {
        texts.iter().map(|t| parse_param(t).unwrap()).collect()
    }

    /// A run without its reported values (a run in lanes reports its
    /// calibrated numbers among them, a run alone does not).
    fn unreported(mut out: RunOutput) -> RunOutput {
        out.parameters.clear();
        out
    }

    /// Each run of `thetas` (seeds 100, 101, ...) in one batch of lanes is
    /// the run alone, bit for bit, or refused where the case refuses it.
    fn batch_is_each_run_alone(case: &CalibrationCase, thetas: &[Vec<f64>]) {
        let pool = pool(1).unwrap();
        let cases = std::slice::from_ref(case);
        let worlds = CaseWorlds::new(&pool, cases);
        let runs: Vec<(&[f64], u64)> = (0..thetas.len())
            .map(|i| (thetas[i].as_slice(), 100 + i as u64))
            .collect();
        let batch = CaseBatch { case: 0, runs };
        // Twice: the second batch reuses the world.
        for _ in 0..2 {
            let lanes = pool.install(|| worlds.run_batch(&batch));
            for (out, &(theta, seed)) in lanes.into_iter().zip(&batch.runs) {
                let alone = case.run_alone(theta, seed).ok().map(unreported);
                assert_eq!(out.map(unreported), alone, "theta {theta:?}");
            }
        }
    }

    #[test]
    fn proposals_in_lanes_give_the_runs_each_gives_alone() {
        // Shared prior weights (uncertain in the cases) and the temperature
        // (a plain number there), whose value below 0 a case refuses.
        let specs = params_of(&[
            "prior.terms.endorsed-*.weight=Uniform(lo: 0, hi: 3)",
            "params.temperature=Uniform(lo: -0.5, hi: 3)",
            "prior.terms.same_group-*.weight=Uniform(lo: -1, hi: 2)",
        ]);
        let cases: Vec<CalibrationCase> = ["fao_dg_2019.ron", "who_dg_2017.ron"]
            .map(|f| CalibrationCase::new(case_file(f), &specs).unwrap())
            .into();
        assert!(cases.iter().all(CalibrationCase::in_lanes));
        // A full batch and a partial one; proposal 3 is refused.
        let batch: Vec<Proposal> = (0..LANES as u64 + 3)
            .map(|i| Proposal {
                theta: vec![
                    0.3 * i as f64,
                    if i == 3 { -0.5 } else { 0.5 + 0.1 * i as f64 },
                    1.0 - 0.2 * i as f64,
                ],
                seed: run_seed(77, i),
            })
            .collect();
        let threads = pool(2).unwrap();
        let worlds = CaseWorlds::new(&threads, &cases);
        let lanes = worlds.simulate(&batch);
        assert_eq!(worlds.simulate(&batch), lanes, "the worlds reused");
        for (p, got) in batch.iter().zip(&lanes) {
            let alone: Option<Vec<CaseRun>> = cases
                .iter()
                .enumerate()
                .map(|(c, case)| {
                    let out = case.run_alone(&p.theta, run_seed(p.seed, c as u64)).ok()?;
                    Some(case_run(&out, &case.targets))
                })
                .collect();
            match alone {
                Some(kept) => {
                    assert_eq!(got.distance.to_bits(), distance(&kept).to_bits());
                    assert_eq!(got.kept, kept);
                }
                None => assert!(got.distance.is_infinite() && got.kept.is_empty()),
            }
        }
        assert!(lanes[3].distance.is_infinite());
        assert!(lanes[2].distance.is_finite() && lanes[2].distance != lanes[4].distance);
        // Whole runs, not only their tallies; WHO has three rounds.
        let thetas: Vec<Vec<f64>> = batch.iter().map(|p| p.theta.clone()).collect();
        batch_is_each_run_alone(&cases[1], &thetas[..LANES]);
    }

    #[test]
    fn shock_scales_spreads_and_plain_paths_in_lanes() {
        use crate::scenario::{Basis, NonNegative, Propensity, Selector, Shock};
        let mut s = synthetic_scenario(60, 2, 1, 20, 2, 3);
        s.shocks.push(Shock {
            id: "swing".into(),
            label: String::new(),
            target: Selector::All,
            candidate: s.candidates[0].id.clone(),
            scale: NonNegative(0.5).into(),
            basis: Basis::Assumption("test".into()),
        });
        // No per-state variation until the spread is set above 0.
        s.propensities.attendance = Some(Propensity {
            terms: Vec::new(),
            spread: NonNegative(0.0).into(),
            basis: Basis::Assumption("test".into()),
        });
        let specs = params_of(&[
            "shocks.swing.scale=Uniform(lo: 0, hi: 2)",
            "propensities.attendance.spread=Uniform(lo: 0, hi: 1)",
            "params.noise=Uniform(lo: 0, hi: 0.1)",
        ]);
        let case = CalibrationCase::new(s.clone(), &specs).unwrap();
        assert!(case.in_lanes());
        let thetas: Vec<Vec<f64>> = (0..LANES)
            .map(|i| vec![0.25 * i as f64, [0.0, 0.6][i % 2], 0.01 * i as f64])
            .collect();
        batch_is_each_run_alone(&case, &thetas);
        // A state's own attendance is not a number of a run: each run
        // builds its own world, with the same results.
        let code = s.states[0].code.clone();
        let own = specs_of_attendance(&code);
        let case = CalibrationCase::new(s, &own).unwrap();
        assert!(!case.in_lanes());
        batch_is_each_run_alone(&case, &[vec![0.5], vec![1.5], vec![0.9]]);
    }

    fn specs_of_attendance(code: &str) -> Vec<ParamSpec> {
        params_of(&[&format!("states.{code}.attendance=Uniform(lo: 0, hi: 1)")])
    }

    #[test]
    fn a_posterior_ensemble_in_lanes_is_each_draw_alone() {
        let specs = params_of(&["prior.terms.endorsed-*.weight=Uniform(lo: 0, hi: 3)"]);
        let case = CalibrationCase::new(case_file("fao_dg_2019.ron"), &specs).unwrap();
        let draws: Vec<Vec<f64>> = (0..LANES + 2).map(|i| vec![0.2 * i as f64]).collect();
        let k = case.scenario.candidates.len();
        let got = posterior_ensemble(&pool(2).unwrap(), &case, &draws, 5).unwrap();
        let alone: Vec<RunOutcome> = draws
            .iter()
            .enumerate()
            .map(|(i, t)| RunOutcome::of(&case.run_alone(t, run_seed(5, i as u64)).unwrap(), k))
            .collect();
        assert_eq!(got, alone);
        assert_ne!(got[0], got[1]);
        // A draw the case refuses is an error, as it is alone.
        let specs = params_of(&["params.temperature=Uniform(lo: -1, hi: 3)"]);
        let case = CalibrationCase::new(case_file("fao_dg_2019.ron"), &specs).unwrap();
        let e = posterior_ensemble(&pool(1).unwrap(), &case, &[vec![1.0], vec![-0.5]], 5);
        assert_eq!(e.unwrap_err(), case.with(&[-0.5]).unwrap_err());
    }
}
