//! `lobbysim sweep`: an ensemble at every point of a grid of parameter values.

use std::time::Instant;

use super::points::run_at_points;
use super::study::{Study, check_points};
use super::{CommandError, load_one_post, output_folder, scenario_manifest};
use crate::analysis::sweep::{SweepPoint, Vary, check, grid, overrides_at};
use crate::cli::SweepArgs;
use crate::report::charts::figure::write_figure;
use crate::report::charts::sweep_heatmap::SweepHeatmap;
use crate::report::charts::sweep_line::SweepLine;
use crate::report::sweep::{
    SWEEP_FILE, SWEEP_POINTS_FILE, SweepSummary, summary, write_sweep, write_sweep_points,
};
use crate::report::{Manifest, ReportError};
use crate::result::ScenarioDisplay;
use crate::scenario::{LoadedScenario, overrides};

pub fn sweep(args: &SweepArgs, argv: &[String]) -> Result<(), CommandError> {
    let started = Instant::now();
    let varies: Vec<Vary> = args
        .vary
        .iter()
        .map(|s| s.parse())
        .collect::<Result<_, _>>()?;
    check(&varies)?;
    let base = load_one_post(&args.file, &args.overrides, "sweep")?;
    let points = grid(&varies);
    // Every point must make a valid scenario before any run starts.
    check_points(
        &base,
        points.len(),
        |p| overrides_at(&varies, &points[p]),
        "--vary",
    )?;
    let seed = args.study.parallel.seed;
    let folder = output_folder(
        &args.study.output.out,
        &base.scenario.meta.name,
        &format!("sweep-seed{seed}"),
    );
    let study = Study::open(&folder, &args.study, started)?;
    let model_runs = args.runs * points.len() as u64;
    study.say(&format!(
        "sweep: {} grid point{} × {} runs = {model_runs} model runs {}",
        points.len(),
        if points.len() == 1 { "" } else { "s" },
        args.runs,
        study.on_threads()
    ));

    let outcomes = run_at_points(
        &study,
        &base,
        &varies.iter().map(|v| v.path.clone()).collect::<Vec<_>>(),
        &points,
        &|v| overrides_at(&varies, &points[v]),
        args.runs,
        !args.no_runs_table,
    )?;
    let results: Vec<SweepPoint> = points
        .iter()
        .zip(outcomes)
        .map(|(values, outcome)| SweepPoint {
            values: values.clone(),
            outcome,
        })
        .collect();

    let shown = ScenarioDisplay::of(&base.scenario);
    let dir = study.dir();
    dir.write_with(SWEEP_FILE, |w| {
        write_sweep(w, &varies, &shown.ids(), &results)
    })?;
    dir.write_with(SWEEP_POINTS_FILE, |w| {
        write_sweep_points(w, &varies, &results)
    })?;
    write_chart(&study, &base, &shown, &varies, &results)?;
    let summary = summary(&SweepSummary {
        shown: &shown,
        varies: &varies,
        points: &results,
        runs: args.runs,
        seed,
    });
    study.write_summary(&summary)?;
    let manifest = manifest(args, argv, &base, &varies, model_runs, study.threads);
    let note = (varies.len() > 2).then_some("(no chart: charts show one or two varied parameters)");
    study.finish(manifest, &summary, note)
}

/// `sweep_line` for one varied parameter, `sweep_heatmap` for two, none
/// for more; each marks the scenario's own value.
fn write_chart(
    study: &Study,
    base: &LoadedScenario,
    shown: &ScenarioDisplay,
    varies: &[Vary],
    results: &[SweepPoint],
) -> Result<(), ReportError> {
    let scenario_values: Vec<Option<f64>> = varies
        .iter()
        .map(|v| {
            overrides::value_at(&base.scenario, &v.path)
                .ok()
                .and_then(|x| overrides::number_of(&x))
        })
        .collect();
    let (dir, seed, format) = (study.dir(), study.seed, study.format);
    match varies.len() {
        1 => {
            let line = SweepLine {
                title: &shown.title,
                vary: &varies[0],
                points: results,
                candidates: &shown.candidates,
                scenario_value: scenario_values[0],
                seed,
            };
            write_figure(dir, &line, format)?;
        }
        2 => {
            let heatmap = SweepHeatmap {
                title: &shown.title,
                varies,
                points: results,
                candidates: &shown.candidates,
                scenario_values: [scenario_values[0], scenario_values[1]],
                seed,
            };
            write_figure(dir, &heatmap, format)?;
        }
        _ => {}
    }
    Ok(())
}

/// The sweep's manifest: the varied parameters, the grid and the runs.
fn manifest(
    args: &SweepArgs,
    argv: &[String],
    base: &LoadedScenario,
    varies: &[Vary],
    model_runs: u64,
    threads: usize,
) -> Manifest {
    let seed = args.study.parallel.seed;
    let mut manifest = scenario_manifest("sweep", &args.file, base, seed, argv, &args.overrides);
    let extra = &mut manifest.extra;
    let vary: Vec<String> = varies.iter().map(|v| v.to_string()).collect();
    extra.insert("vary".into(), vary.into());
    extra.insert("grid_points".into(), grid(varies).len().into());
    extra.insert("runs".into(), args.runs.into());
    extra.insert("model_runs".into(), model_runs.into());
    extra.insert("threads".into(), threads.into());
    manifest
}
