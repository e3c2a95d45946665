//! `lobbysim sensitivity`: global sensitivity of the chances of winning and
//! of the vote shares to the listed parameters.

use std::time::Instant;

use super::points::run_at_points;
use super::study::{Study, check_points};
use super::{CommandError, load_one_post, output_folder, scenario_manifest};
use crate::analysis::parameter_sensitivity::{
    Method, ParamRange, analyse, design, leading_candidate, overrides_at,
};
use crate::cli::{SensitivityArgs, SensitivityMethod};
use crate::report::Manifest;
use crate::report::charts::figure::write_figure;
use crate::report::charts::sensitivity_bars::SensitivityBars;
use crate::report::sensitivity::{
    POINTS_FILE, PROBLEM_FILE, SENSITIVITY_FILE, SensitivitySummary, problem_json, summary,
    write_indices, write_points,
};
use crate::result::ScenarioDisplay;
use crate::scenario::LoadedScenario;

pub fn sensitivity(args: &SensitivityArgs, argv: &[String]) -> Result<(), CommandError> {
    let started = Instant::now();
    let params: Vec<ParamRange> = args
        .param
        .iter()
        .map(|s| s.parse())
        .collect::<Result<_, _>>()?;
    let method = method_of(args);
    let seed = args.study.parallel.seed;
    let points = design(&params, method, seed)?;
    let model_runs = within_budget(args, points.len())?;
    let base = load_one_post(&args.file, &args.overrides, "sensitivity")?;
    check_points(
        &base,
        points.len(),
        |p| overrides_at(&params, &points[p]),
        "--param",
    )?;
    let folder = output_folder(
        &args.study.output.out,
        &base.scenario.meta.name,
        &format!("sensitivity-{}-seed{seed}", method.name()),
    );
    let study = Study::open(&folder, &args.study, started)?;
    study.say(&format!(
        "sensitivity ({}): {} parameter{}, {} design points × {} runs = {model_runs} model runs {}",
        method.name(),
        params.len(),
        if params.len() == 1 { "" } else { "s" },
        points.len(),
        args.runs,
        study.on_threads()
    ));

    let k = base.scenario.candidates.len();
    let outcomes = run_at_points(
        &study,
        &base,
        &params.iter().map(|p| p.path.clone()).collect::<Vec<_>>(),
        &points,
        &|v| overrides_at(&params, &points[v]),
        args.runs,
        !args.no_runs_table,
    )?;
    let results = analyse(&params, method, &points, &outcomes, k);
    let leading = leading_candidate(&outcomes, k);

    let shown = ScenarioDisplay::of(&base.scenario);
    let ids = shown.ids();
    let dir = study.dir();
    dir.write_with(SENSITIVITY_FILE, |w| {
        write_indices(w, &params, method, &ids, &results)
    })?;
    dir.write_with(POINTS_FILE, |w| {
        write_points(w, &params, &ids, &points, &outcomes)
    })?;
    dir.write_bytes(PROBLEM_FILE, problem_json(&params).as_bytes())?;
    write_figure(
        dir,
        &SensitivityBars {
            title: &shown.title,
            params: &params,
            method,
            candidates: &shown.candidates,
            candidate: leading,
            results: &results,
            runs: args.runs,
            seed,
        },
        study.format,
    )?;
    let analysis = SensitivitySummary {
        shown: &shown,
        params: &params,
        method,
        points: points.len(),
        runs: args.runs,
        model_runs,
        seed,
        leading,
        results: &results,
    };
    let summary = summary(&analysis);
    study.write_summary(&summary)?;
    let manifest = manifest(args, argv, &base, &analysis, study.threads);
    study.finish(manifest, &summary, None)
}

/// The method and its settings as the flags give them.
fn method_of(args: &SensitivityArgs) -> Method {
    match args.method {
        SensitivityMethod::Morris => Method::Morris {
            trajectories: args.trajectories,
            levels: args.levels,
        },
        SensitivityMethod::Sobol => Method::Sobol {
            samples: args.samples,
        },
    }
}

/// The model runs of `points` design points, refused above `--max-model-runs`.
fn within_budget(args: &SensitivityArgs, points: usize) -> Result<u64, CommandError> {
    let model_runs = (points as u64).saturating_mul(args.runs);
    if model_runs > args.max_model_runs {
        return Err(CommandError::Usage(format!(
            "this analysis needs {points} design points × {} runs = {model_runs} model runs, more than --max-model-runs {}; use fewer --runs, --trajectories or --samples, or raise the limit",
            args.runs, args.max_model_runs
        )));
    }
    Ok(model_runs)
}

/// The analysis's manifest: the parameters, the method, the design and the runs.
fn manifest(
    args: &SensitivityArgs,
    argv: &[String],
    base: &LoadedScenario,
    analysis: &SensitivitySummary,
    threads: usize,
) -> Manifest {
    let SensitivitySummary {
        params,
        method,
        points,
        model_runs,
        seed,
        ..
    } = *analysis;
    let mut manifest =
        scenario_manifest("sensitivity", &args.file, base, seed, argv, &args.overrides);
    let extra = &mut manifest.extra;
    let names: Vec<String> = params.iter().map(|p| p.to_string()).collect();
    extra.insert("parameters".into(), names.into());
    extra.insert(
        "method".into(),
        serde_json::to_value(method).unwrap_or_default(),
    );
    extra.insert("design_points".into(), points.into());
    extra.insert("runs".into(), args.runs.into());
    extra.insert("model_runs".into(), model_runs.into());
    extra.insert("threads".into(), threads.into());
    manifest
}
