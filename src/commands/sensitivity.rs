//! `lobbysim sensitivity`: global sensitivity of the chances of winning and
//! of the vote shares to the listed parameters.

use std::time::Instant;

use super::points::{outcomes_and_runs_at_points, write_point_runs_tables};
use super::study::{Study, check_points};
use super::{CommandError, load_scenario, output_folder, scenario_manifest};
use crate::analysis::parameter_sensitivity::{
    Method, ParamRange, analyse, design, leading_candidate, overrides_at,
};
use crate::analysis::variants::VariantsConfig;
use crate::cli::{SensitivityArgs, SensitivityMethod};
use crate::report::charts::figure::write_figure;
use crate::report::charts::sensitivity_bars::SensitivityBars;
use crate::report::sensitivity::{
    POINTS_FILE, PROBLEM_FILE, SENSITIVITY_FILE, SensitivitySummary, problem_json, summary,
    write_indices, write_points,
};
use crate::result::ScenarioDisplay;

pub fn sensitivity(args: &SensitivityArgs, argv: &[String]) -> Result<(), CommandError> {
    let started = Instant::now();
    let params: Vec<ParamRange> = args
        .param
        .iter()
        .map(|s| s.parse())
        .collect::<Result<_, _>>()?;
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
    let points = design(&params, method, seed)?;
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
    check_points(
        &base,
        points.len(),
        |p| overrides_at(&params, &points[p]),
        "--param",
    )?;
    let folder = output_folder(
        &args.output.out,
        &base.scenario.meta.name,
        &format!("sensitivity-{}-seed{seed}", method.name()),
    );
    let study = Study::open(&folder, &args.output, &args.parallel, args.format, started)?;
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
    let (outcomes, tables) = outcomes_and_runs_at_points(
        &base,
        points.len(),
        &|v| overrides_at(&params, &points[v]),
        &VariantsConfig {
            runs: args.runs,
            seed,
            threads: study.threads,
        },
        study.quiet(),
        !args.no_runs_table,
    )?;
    let results = analyse(&params, method, &points, &outcomes, k);
    let leading = leading_candidate(&outcomes, k);

    let shown = ScenarioDisplay::of(&base.scenario);
    let ids = shown.ids();
    let dir = study.dir();
    if let Some(tables) = tables {
        write_point_runs_tables(
            dir,
            &params.iter().map(|p| p.path.clone()).collect::<Vec<_>>(),
            &points,
            tables,
            &shown.candidates,
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
    let summary = summary(&SensitivitySummary {
        shown: &shown,
        params: &params,
        method,
        points: points.len(),
        runs: args.runs,
        model_runs,
        seed,
        leading,
        results: &results,
    });
    study.write_summary(&summary)?;

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
    extra.insert("threads".into(), study.threads.into());
    study.finish(manifest, &summary, None)
}
