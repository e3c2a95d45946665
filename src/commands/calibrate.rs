//! `lobbysim calibrate`: shared parameters fitted to past elections by
//! ABC-SMC, and the leave-one-out backtest built on it (docs/VALIDATION.md).

use std::time::Instant;

use super::backtest::load_cases;
use super::progress::progress_bar;
use super::study::{Study, cases_manifest};
use super::{CommandError, output_folder};
use crate::analysis::abc::{AbcConfig, Prior, abc_smc};
use crate::analysis::backtest::{ScoreRow, score_case};
use crate::analysis::calibrate::{
    CalibrationCase, CaseWorlds, ParamSpec, parse_param, pool, posterior_ensemble,
    predictive_check, resample,
};
use crate::cli::{AbcArgs, CalibrateArgs};
use crate::report::calibrate::{
    GENERATIONS_FILE, POSTERIOR_FILE, PREDICTIVE_FILE, Population, summary_text, whatif,
    write_generations, write_posterior, write_predictive,
};
use crate::report::charts::figure::write_figure;
use crate::report::charts::posterior::Posterior;
use crate::report::summary::Summary;
use crate::scenario::Scenario;

/// The case that is scored but never a calibration target (docs/VALIDATION.md).
pub const NEVER_CALIBRATED: &str = "case-itu-sg-2022";

/// The parameters and priors of `--param`.
pub fn specs(args: &AbcArgs) -> Result<(Vec<ParamSpec>, Vec<Prior>), CommandError> {
    if args.params.is_empty() {
        return Err(CommandError::Usage(
            "name at least one --param PATH=DISTRIBUTION to calibrate".to_string(),
        ));
    }
    // --particles, --generations and --quantile were checked by clap.
    let specs: Vec<ParamSpec> = args
        .params
        .iter()
        .map(|p| parse_param(p))
        .collect::<Result<_, _>>()
        .map_err(CommandError::Usage)?;
    let priors = specs
        .iter()
        .map(|s| Prior {
            name: s.path.clone(),
            distribution: s.prior,
        })
        .collect();
    Ok((specs, priors))
}

/// Cases ready to calibrate on; a parameter that no case sets is refused.
pub fn calibration_cases(
    scenarios: &[&Scenario],
    specs: &[ParamSpec],
) -> Result<Vec<CalibrationCase>, CommandError> {
    let cases: Vec<CalibrationCase> = scenarios
        .iter()
        .map(|s| CalibrationCase::new((*s).clone(), specs))
        .collect::<Result<_, _>>()
        .map_err(CommandError::Usage)?;
    for (i, s) in specs.iter().enumerate() {
        if cases.iter().all(|c| c.paths[i].is_empty()) {
            return Err(CommandError::Usage(format!(
                "--param {}: no case has a prior term that matches",
                s.path
            )));
        }
    }
    Ok(cases)
}

/// Run ABC-SMC over `cases`; returns the generations and the model runs.
pub fn run_abc(
    cases: &[CalibrationCase],
    priors: &[Prior],
    args: &AbcArgs,
    seed: u64,
    workers: &rayon::ThreadPool,
    quiet: bool,
) -> Result<(Population, u64), CommandError> {
    let config = AbcConfig {
        particles: args.particles,
        generations: args.generations,
        quantile: args.quantile,
        min_acceptance: 0.02,
        max_simulations: args.max_proposals,
        seed,
    };
    let bar = progress_bar(quiet, args.generations as u64, 0);
    let mut runs = 0u64;
    let worlds = CaseWorlds::new(workers, cases);
    let gens = abc_smc::<_, ()>(priors, &config, &mut |g, batch| {
        bar.set_position(g as u64);
        runs += (batch.len() * cases.len()) as u64;
        Ok(worlds.simulate(batch))
    })
    .map_err(|_| CommandError::Failed("calibration failed".to_string()))?;
    bar.finish_and_clear();
    Ok((gens, runs))
}

pub fn calibrate(args: &CalibrateArgs, argv: &[String]) -> Result<(), CommandError> {
    let started = Instant::now();
    let (specs, priors) = specs(&args.abc)?;
    let loaded = load_cases(&args.cases, "calibrate")?;
    let seed = args.study.parallel.seed;
    let scenarios: Vec<&Scenario> = loaded.iter().map(|l| &l.scenario).collect();
    if scenarios.iter().any(|s| s.meta.name == NEVER_CALIBRATED) {
        return Err(CommandError::Usage(format!(
            "{NEVER_CALIBRATED} (PP-22) is scored but never a calibration target (docs/VALIDATION.md)"
        )));
    }
    let cases = calibration_cases(&scenarios, &specs)?;
    let folder = output_folder(&args.study.output.out, "calibrate", &format!("seed{seed}"));
    let study = Study::open(&folder, &args.study, started)?;
    let workers = pool(study.threads).map_err(CommandError::Failed)?;
    study.say(&format!(
        "calibrate: {} case(s), {} parameter(s), {} particles, up to {} generations, on {} thread(s)",
        cases.len(),
        specs.len(),
        args.abc.particles,
        args.abc.generations,
        study.threads
    ));
    let (gens, runs) = run_abc(&cases, &priors, &args.abc, seed, &workers, study.quiet())?;
    let Some(last) = gens.last() else {
        return Err(CommandError::Failed(
            "no generation was accepted".to_string(),
        ));
    };
    let elapsed = study.seconds();
    let dir = study.dir();
    dir.write_with(POSTERIOR_FILE, |w| write_posterior(w, &specs, &gens))?;
    dir.write_with(GENERATIONS_FILE, |w| {
        write_generations(w, &gens, cases.len())
    })?;
    let ppc = predictive_check(last, &cases);
    dir.write_with(PREDICTIVE_FILE, |w| write_predictive(w, &ppc))?;
    let summary = Summary {
        text: summary_text(&specs, &gens, &ppc, runs, elapsed),
        json: None,
    };
    study.write_summary(&summary)?;
    let names: Vec<String> = specs.iter().map(|s| s.path.clone()).collect();
    let subtitle = format!(
        "{} case(s), generation {} of ABC-SMC, {} particles, tolerance {:.4}, seed {seed}",
        cases.len(),
        gens.len() - 1,
        last.theta.len(),
        last.tolerance
    );
    write_figure(
        dir,
        &Posterior {
            names: &names,
            theta: &last.theta,
            weights: &last.weights,
            subtitle: &subtitle,
        },
        study.format,
    )?;
    for (path, case) in args.cases.iter().zip(&cases) {
        let stem = path
            .file_stem()
            .map_or_else(|| "case".into(), |s| s.to_string_lossy().to_string());
        let text = whatif(path, case, last);
        dir.write_bytes(&format!("whatifs/{stem}.ron"), text.as_bytes())?;
    }
    let mut manifest = cases_manifest("calibrate", &args.cases, &loaded, seed, argv);
    manifest.extra.insert("model_runs".into(), runs.into());
    manifest
        .extra
        .insert("threads".into(), study.threads.into());
    study.finish(manifest, &summary, None)
}

/// `backtest --leave-one-out`: for each case, calibrate on the others
/// (never PP-22) and score it from `runs` draws of that posterior. Returns
/// the score rows and the model runs spent.
pub fn leave_one_out(
    scenarios: &[&Scenario],
    args: &AbcArgs,
    runs: u64,
    seed: u64,
    threads: usize,
    quiet: bool,
) -> Result<(Vec<ScoreRow>, u64), CommandError> {
    let (specs, priors) = specs(args)?;
    let workers = pool(threads).map_err(CommandError::Failed)?;
    let all = calibration_cases(scenarios, &specs)?;
    let mut rows = Vec::new();
    let mut spent = 0;
    for (i, held) in all.iter().enumerate() {
        let train: Vec<CalibrationCase> = all
            .iter()
            .enumerate()
            .filter(|(j, c)| *j != i && c.scenario.meta.name != NEVER_CALIBRATED)
            .map(|(_, c)| c.clone())
            .collect();
        if !quiet {
            eprintln!(
                "leave-one-out: {} on {} other case(s)",
                held.scenario.meta.name,
                train.len()
            );
        }
        let (gens, r) = run_abc(&train, &priors, args, seed, &workers, quiet)?;
        spent += r;
        let Some(last) = gens.last() else {
            return Err(CommandError::Failed(
                "no generation was accepted".to_string(),
            ));
        };
        let draws = resample(last, runs as usize, seed);
        let outcomes =
            posterior_ensemble(&workers, held, &draws, seed).map_err(CommandError::Failed)?;
        spent += runs;
        rows.extend(score_case(&held.scenario, &outcomes)?);
    }
    Ok((rows, spent))
}
