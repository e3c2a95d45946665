//! `lobbysim calibrate`: shared parameters fitted to past elections by
//! ABC-SMC, and the leave-one-out backtest built on it (docs/VALIDATION.md).

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use super::backtest::load_cases;
use super::compare::round_seconds;
use super::progress::{progress_bar, threads};
use super::run::image_format;
use super::{CommandError, output_folder};
use crate::analysis::abc::{
    AbcConfig, Generation, Prior, abc_smc, weighted_moments, weighted_quantile,
};
use crate::analysis::backtest::{ScoreRow, score_case};
use crate::analysis::calibrate::{
    CalibrationCase, CaseRun, ParamSpec, PredictiveRow, parse_param, pool, posterior_ensemble,
    predictive_check, resample, simulate,
};
use crate::cli::{AbcArgs, CalibrateArgs};
use crate::report::charts::figure::write_figure;
use crate::report::charts::posterior::Posterior;
use crate::report::{Manifest, OutputDir, write_manifest};
use crate::scenario::Scenario;

/// The case that is scored but never a calibration target (docs/VALIDATION.md).
pub const NEVER_CALIBRATED: &str = "case-itu-sg-2022";

type Population = Vec<Generation<Vec<CaseRun>>>;

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
    let gens = abc_smc::<_, ()>(priors, &config, &mut |g, batch| {
        bar.set_position(g as u64);
        runs += (batch.len() * cases.len()) as u64;
        Ok(simulate(workers, cases, batch))
    })
    .map_err(|_| CommandError::Failed("calibration failed".to_string()))?;
    bar.finish_and_clear();
    Ok((gens, runs))
}

pub fn calibrate(args: &CalibrateArgs, argv: &[String]) -> Result<(), CommandError> {
    let started = Instant::now();
    let (specs, priors) = specs(&args.abc)?;
    let loaded = load_cases(&args.cases)?;
    let threads = threads(args.parallel.threads);
    let seed = args.parallel.seed;
    let scenarios: Vec<&Scenario> = loaded.iter().map(|l| &l.scenario).collect();
    if scenarios.iter().any(|s| s.meta.name == NEVER_CALIBRATED) {
        return Err(CommandError::Usage(format!(
            "{NEVER_CALIBRATED} (PP-22) is scored but never a calibration target (docs/VALIDATION.md)"
        )));
    }
    let cases = calibration_cases(&scenarios, &specs)?;
    let folder = output_folder(&args.output.out, "calibrate", &format!("seed{seed}"));
    let dir = OutputDir::create(&folder, args.output.force)?;
    let workers = pool(threads).map_err(CommandError::Failed)?;
    if !args.output.quiet {
        eprintln!(
            "calibrate: {} case(s), {} parameter(s), {} particles, up to {} generations, on {threads} thread(s)",
            cases.len(),
            specs.len(),
            args.abc.particles,
            args.abc.generations
        );
    }
    let (gens, runs) = run_abc(
        &cases,
        &priors,
        &args.abc,
        seed,
        &workers,
        args.output.quiet,
    )?;
    let Some(last) = gens.last() else {
        return Err(CommandError::Failed(
            "no generation was accepted".to_string(),
        ));
    };
    let elapsed = started.elapsed().as_secs_f64();
    dir.write_with("posterior.csv", |w| write_posterior(w, &specs, &gens))?;
    dir.write_with("generations.csv", |w| {
        write_generations(w, &gens, cases.len())
    })?;
    let ppc = predictive_check(last, &cases);
    dir.write_with("predictive.csv", |w| write_predictive(w, &ppc))?;
    let text = summary(&specs, &gens, &ppc, runs, elapsed);
    dir.write_bytes("summary.txt", text.as_bytes())?;
    let names: Vec<String> = specs.iter().map(|s| s.path.clone()).collect();
    let subtitle = format!(
        "{} case(s), generation {} of ABC-SMC, {} particles, tolerance {:.4}, seed {seed}",
        cases.len(),
        gens.len() - 1,
        last.theta.len(),
        last.tolerance
    );
    write_figure(
        &dir,
        &Posterior {
            names: &names,
            theta: &last.theta,
            weights: &last.weights,
            subtitle: &subtitle,
        },
        image_format(args.format),
    )?;
    for (path, case) in args.cases.iter().zip(&cases) {
        let stem = path
            .file_stem()
            .map_or_else(|| "case".into(), |s| s.to_string_lossy().to_string());
        let text = whatif(path, case, last);
        dir.write_bytes(&format!("whatifs/{stem}.ron"), text.as_bytes())?;
    }
    let mut manifest = Manifest::new("calibrate", &args.cases[0].display().to_string(), &[], seed);
    manifest.scenario_sha256 = loaded[0].sha256();
    manifest.command_line = argv.to_vec();
    manifest.extra.insert("model_runs".into(), runs.into());
    manifest.extra.insert("threads".into(), threads.into());
    manifest
        .extra
        .insert("seconds".into(), round_seconds(elapsed).into());
    write_manifest(&dir, manifest)?;
    let path = dir.finish()?;
    if !args.output.quiet {
        print!("{text}");
        println!("results in {} ({elapsed:.1} s)", path.display());
    }
    Ok(())
}

fn write_posterior(
    w: &mut dyn Write,
    specs: &[ParamSpec],
    gens: &Population,
) -> std::io::Result<()> {
    writeln!(w, "generation,particle,weight,distance,parameter,value")?;
    for (g, gen_) in gens.iter().enumerate() {
        for (i, t) in gen_.theta.iter().enumerate() {
            for (s, x) in specs.iter().zip(t) {
                writeln!(
                    w,
                    "{g},{i},{:.6},{:.6},{},{x:.6}",
                    gen_.weights[i], gen_.distances[i], s.path
                )?;
            }
        }
    }
    Ok(())
}

fn write_generations(w: &mut dyn Write, gens: &Population, cases: usize) -> std::io::Result<()> {
    writeln!(
        w,
        "generation,tolerance,accepted,proposed,model_runs,acceptance"
    )?;
    for (g, gen_) in gens.iter().enumerate() {
        let tolerance = if gen_.tolerance.is_finite() {
            format!("{:.6}", gen_.tolerance)
        } else {
            String::new()
        };
        writeln!(
            w,
            "{g},{tolerance},{},{},{},{:.6}",
            gen_.theta.len(),
            gen_.proposed,
            gen_.proposed * cases as u64,
            gen_.acceptance()
        )?;
    }
    Ok(())
}

fn write_predictive(w: &mut dyn Write, rows: &[PredictiveRow]) -> std::io::Result<()> {
    writeln!(w, "case,round,candidate,observed,mean,q05,q50,q95,pit")?;
    for r in rows {
        writeln!(
            w,
            "{},{},{},{},{:.6},{:.0},{:.0},{:.0},{:.6}",
            r.case, r.round, r.candidate, r.observed, r.mean, r.q05, r.q50, r.q95, r.pit
        )?;
    }
    Ok(())
}

/// The posterior's summary: per parameter its weighted mean, sd and 90%
/// interval; the generations; the predictive check; the cost.
fn summary(
    specs: &[ParamSpec],
    gens: &Population,
    ppc: &[PredictiveRow],
    runs: u64,
    secs: f64,
) -> String {
    let mut s = String::new();
    let last = gens.last().expect("a generation");
    let _ = writeln!(
        s,
        "ABC-SMC posterior, generation {} (tolerance {:.4})",
        gens.len() - 1,
        last.tolerance
    );
    let _ = writeln!(
        s,
        "{:<40} {:>8} {:>8} {:>8} {:>8}",
        "parameter", "mean", "sd", "q05", "q95"
    );
    for (p, spec) in specs.iter().enumerate() {
        let (m, v) = weighted_moments(last, p);
        let values: Vec<f64> = last.theta.iter().map(|t| t[p]).collect();
        let _ = writeln!(
            s,
            "{:<40} {m:>8.3} {:>8.3} {:>8.3} {:>8.3}",
            spec.path,
            v.sqrt(),
            weighted_quantile(&values, &last.weights, 0.05),
            weighted_quantile(&values, &last.weights, 0.95)
        );
    }
    for (g, gen_) in gens.iter().enumerate() {
        let _ = writeln!(
            s,
            "generation {g}: tolerance {:.4}, accepted {} of {} proposals ({:.1}%)",
            gen_.tolerance,
            gen_.theta.len(),
            gen_.proposed,
            100.0 * gen_.acceptance()
        );
    }
    let inside = ppc
        .iter()
        .filter(|r| (r.q05..=r.q95).contains(&f64::from(r.observed)))
        .count();
    let _ = writeln!(
        s,
        "posterior predictive: {inside} of {} observed counts inside the 90% band",
        ppc.len()
    );
    let _ = writeln!(s, "cost: {runs} model runs, {secs:.1} s");
    s
}

/// A what-if of `case` that sets each calibrated number to a normal
/// distribution with the posterior's weighted mean and sd.
fn whatif(path: &Path, case: &CalibrationCase, last: &Generation<Vec<CaseRun>>) -> String {
    let base = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut sets = Vec::new();
    for (p, paths) in case.paths.iter().enumerate() {
        let (m, v) = weighted_moments(last, p);
        for concrete in paths {
            sets.push(format!(
                "        \"{concrete}=Normal(mean: {m:.4}, sd: {:.4})\",",
                v.sqrt().max(1e-4)
            ));
        }
    }
    let name = &case.scenario.meta.name;
    format!(
        "// Written by lobbysim calibrate: the posterior of the calibrated numbers as distributions.\n\
         WhatIf(\n    version: 1,\n    base: {:?},\n    meta: (name: \"{name}-posterior\", title: \"{name} with calibrated numbers\", \
         description: \"Normal approximations of the ABC-SMC posterior (each term draws on its own, so shared values are not drawn jointly).\"),\n    set: [\n{}\n    ],\n)\n",
        base.display().to_string(),
        sets.join("\n")
    )
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
