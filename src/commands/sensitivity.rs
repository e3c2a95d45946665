//! `lobbysim sensitivity`: global sensitivity of the chances of winning and
//! of the vote shares to the listed parameters.

use std::fmt::Write as _;
use std::time::Instant;

use super::compare::{SUMMARY_JSON, round_seconds};
use super::points::outcomes_and_runs_at_points;
use super::points::write_point_runs_tables;
use super::progress::threads;
use super::run::image_format;
use super::sweep::{candidate_infos, rename_flag, scenario_title};
use super::{CommandError, load_scenario, output_folder, scenario_manifest};
use crate::analysis::parameter_sensitivity::{
    Indices, Method, Output, OutputIndices, ParamRange, analyse, design, leading_candidate,
    overrides_at,
};
use crate::analysis::variants::{VariantsConfig, with_overrides};
use crate::cli::{SensitivityArgs, SensitivityMethod};
use crate::report::charts::figure::write_figure;
use crate::report::charts::sensitivity_bars::SensitivityBars;
use crate::report::compare::SUMMARY_TEXT_FILE;
use crate::report::sensitivity::{
    POINTS_FILE, PROBLEM_FILE, SENSITIVITY_FILE, problem_json, write_indices, write_points,
};
use crate::report::{OutputDir, write_manifest};
use crate::result::CandidateInfo;

pub fn sensitivity(args: &SensitivityArgs, argv: &[String]) -> Result<(), CommandError> {
    let started = Instant::now();
    let params: Vec<ParamRange> = args
        .param
        .iter()
        .map(|s| s.parse())
        .collect::<Result<_, _>>()
        .map_err(
            |e: crate::analysis::parameter_sensitivity::ParamRangeError| {
                CommandError::Usage(e.to_string())
            },
        )?;
    super::progress::runs(args.runs)?;
    let method = match args.method {
        SensitivityMethod::Morris => Method::Morris {
            trajectories: args.trajectories,
            levels: args.levels,
        },
        SensitivityMethod::Sobol => Method::Sobol {
            samples: args.samples,
        },
    };
    let seed = args.parallel.seed;
    let points = design(&params, method, seed).map_err(|e| CommandError::Usage(e.to_string()))?;
    let model_runs = (points.len() as u64).saturating_mul(args.runs);
    if model_runs > args.max_model_runs {
        return Err(CommandError::Usage(format!(
            "this analysis needs {} design points × {} runs = {model_runs} model runs, more than --max-model-runs {}; use fewer --runs, --trajectories or --samples, or raise the limit",
            points.len(),
            args.runs,
            args.max_model_runs
        )));
    }
    let base = load_scenario(&args.file, &args.overrides)?;
    for point in &points {
        with_overrides(&base, &overrides_at(&params, point))
            .map_err(|e| CommandError::from(rename_flag(e, "--param")))?;
    }
    let threads = threads(args.parallel.threads)?;
    let folder = output_folder(
        &args.output.out,
        &base.scenario.meta.name,
        &format!("sensitivity-{}-seed{seed}", method.name()),
    );
    let dir = OutputDir::create(&folder, args.output.force)?;
    if !args.output.quiet {
        eprintln!(
            "sensitivity ({}): {} parameter{}, {} design points × {} runs = {model_runs} model runs on {threads} thread{}",
            method.name(),
            params.len(),
            if params.len() == 1 { "" } else { "s" },
            points.len(),
            args.runs,
            if threads == 1 { "" } else { "s" }
        );
    }

    let k = base.scenario.candidates.len();
    let (outcomes, tables) = outcomes_and_runs_at_points(
        &base,
        points.len(),
        &|v| overrides_at(&params, &points[v]),
        &VariantsConfig {
            runs: args.runs,
            seed,
            threads,
        },
        args.output.quiet,
        !args.no_runs_table,
    )?;
    let results = analyse(&params, method, &points, &outcomes, k);
    let leading = leading_candidate(&outcomes, k);

    let candidates = candidate_infos(&base);
    let ids: Vec<String> = candidates.iter().map(|c| c.id.clone()).collect();
    let title = scenario_title(&base);
    if let Some(tables) = tables {
        write_point_runs_tables(
            &dir,
            &params.iter().map(|p| p.path.clone()).collect::<Vec<_>>(),
            &points,
            tables,
            &candidates,
        )?;
    }
    dir.write_with(SENSITIVITY_FILE, |w| {
        write_indices(w, &params, method, &ids, &results)
    })?;
    dir.write_with(POINTS_FILE, |w| {
        write_points(w, &params, &ids, &points, &outcomes)
    })?;
    dir.write_bytes(PROBLEM_FILE, problem_json(&params).as_bytes())?;
    write_figure(
        &dir,
        &SensitivityBars {
            title: &title,
            params: &params,
            method,
            candidates: &candidates,
            candidate: leading,
            results: &results,
            runs: args.runs,
            seed,
        },
        image_format(args.format),
    )?;
    let text = summary_text(
        &title,
        &params,
        method,
        &candidates,
        &results,
        args.runs,
        seed,
    );
    dir.write_bytes(SUMMARY_TEXT_FILE, text.as_bytes())?;
    let json = serde_json::json!({
        "scenario": base.scenario.meta.name,
        "title": title,
        "method": method,
        "parameters": params,
        "design_points": points.len(),
        "runs_per_point": args.runs,
        "model_runs": model_runs,
        "seed": seed,
        "candidates": candidates,
        "leading_candidate": ids.get(leading),
        "outputs": results.iter().map(|r| serde_json::json!({
            "output": r.output,
            "candidate": ids.get(r.candidate),
            "mean": r.mean,
            "indices": r.indices,
        })).collect::<Vec<_>>(),
    });
    let json_text = crate::report::json_text::sorted_pretty(&json);
    dir.write_bytes(SUMMARY_JSON, json_text.as_bytes())?;

    let elapsed = started.elapsed().as_secs_f64();
    let mut manifest = scenario_manifest(
        "sensitivity",
        &args.file,
        &base,
        seed,
        argv,
        &args.overrides,
    );
    let extra = &mut manifest.extra;
    extra.insert(
        "parameters".into(),
        params
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .into(),
    );
    extra.insert(
        "method".into(),
        serde_json::to_value(method).unwrap_or_default(),
    );
    extra.insert("design_points".into(), points.len().into());
    extra.insert("runs".into(), args.runs.into());
    extra.insert("model_runs".into(), model_runs.into());
    extra.insert("threads".into(), threads.into());
    extra.insert("seconds".into(), round_seconds(elapsed).into());
    write_manifest(&dir, manifest)?;
    let path = dir.finish()?;
    if args.output.json {
        print!("{json_text}");
    } else if !args.output.quiet {
        print!("{text}");
        println!("results in {} ({elapsed:.1} s)", path.display());
    }
    Ok(())
}

/// The ranking of the parameters for each output of each candidate.
fn summary_text(
    title: &str,
    params: &[ParamRange],
    method: Method,
    candidates: &[CandidateInfo],
    results: &[OutputIndices],
    runs: u64,
    seed: u64,
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{title}");
    let how = match method {
        Method::Morris { trajectories, .. } => format!(
            "Morris elementary effects ({trajectories} trajectories): mu* is the mean absolute change of the output over each parameter's full range, sigma the spread of those changes (large when the effect depends on the other parameters)"
        ),
        Method::Sobol { samples } => format!(
            "Sobol' indices (Saltelli design, N = {samples}): S1 is the share of the output's variance due to the parameter alone, ST the share it takes part in, alone or with others"
        ),
    };
    let _ = writeln!(
        s,
        "{how}. {} design points × {runs} runs, the same seeds at every point (seed {seed}).",
        method.points(params.len())
    );
    for r in results {
        let name = candidates.get(r.candidate).map_or("?", |c| c.name.as_str());
        let output = match r.output {
            Output::WinProbability => format!("Probability that {name} wins"),
            Output::VoteShare => format!("{name}'s expected vote share"),
        };
        let _ = writeln!(
            s,
            "\n{output} (mean over the design {:.1}%):",
            100.0 * r.mean
        );
        match &r.indices {
            Indices::Morris(m) => {
                let mut order: Vec<usize> = (0..m.len()).collect();
                order.sort_by(|&a, &b| m[b].mu_star.total_cmp(&m[a].mu_star));
                for (rank, &i) in order.iter().enumerate() {
                    let _ = writeln!(
                        s,
                        "  {}. {}: mu* {:.1} points, sigma {:.1} points",
                        rank + 1,
                        params[i],
                        100.0 * m[i].mu_star,
                        100.0 * m[i].sigma
                    );
                }
            }
            Indices::Sobol(x) => {
                let mut order: Vec<usize> = (0..x.len()).collect();
                order.sort_by(|&a, &b| x[b].total.total_cmp(&x[a].total));
                for (rank, &i) in order.iter().enumerate() {
                    let _ = writeln!(
                        s,
                        "  {}. {}: ST {:.2} ± {:.2}, S1 {:.2} ± {:.2}",
                        rank + 1,
                        params[i],
                        x[i].total,
                        x[i].total_ci95,
                        x[i].first,
                        x[i].first_ci95
                    );
                }
            }
            Indices::Undefined(why) => {
                let _ = writeln!(s, "  not defined: {why}");
            }
        }
    }
    s
}
