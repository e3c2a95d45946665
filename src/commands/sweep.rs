//! `lobbysim sweep`: an ensemble at every point of a grid of parameter values.

use std::fmt::Write as _;
use std::time::Instant;

use super::compare::{SUMMARY_JSON, round_seconds};
use super::points::outcomes_and_runs_at_points;
use super::points::write_point_runs_tables;
use super::progress::threads;
use super::run::image_format;
use super::{CommandError, load_scenario, output_folder, scenario_manifest};
use crate::analysis::sweep::{SweepPoint, Vary, check, format_value, grid, overrides_at};
use crate::analysis::variants::{VariantsConfig, with_overrides};
use crate::cli::SweepArgs;
use crate::model::Simulation;
use crate::report::charts::figure::write_figure;
use crate::report::charts::sweep_heatmap::SweepHeatmap;
use crate::report::charts::sweep_line::SweepLine;
use crate::report::compare::SUMMARY_TEXT_FILE;
use crate::report::sweep::{SWEEP_FILE, SWEEP_POINTS_FILE, write_sweep, write_sweep_points};
use crate::report::{OutputDir, write_manifest};
use crate::result::CandidateInfo;
use crate::scenario::{LoadedScenario, OverrideFailure, overrides};

/// Grid points printed in the summary.
const SUMMARY_POINTS: usize = 40;

pub fn sweep(args: &SweepArgs, argv: &[String]) -> Result<(), CommandError> {
    let started = Instant::now();
    let varies: Vec<Vary> = args
        .vary
        .iter()
        .map(|s| s.parse())
        .collect::<Result<_, _>>()
        .map_err(|e: crate::analysis::sweep::VaryError| CommandError::Usage(e.to_string()))?;
    check(&varies).map_err(|e| CommandError::Usage(e.to_string()))?;
    super::progress::runs(args.runs)?;
    let base = load_scenario(&args.file, &args.overrides)?;
    let points = grid(&varies);
    // Every point must make a valid scenario before any run starts.
    for point in &points {
        variant(&base, &varies, point, "--vary")?;
    }
    let threads = threads(args.parallel.threads)?;
    let seed = args.parallel.seed;
    let folder = output_folder(
        &args.output.out,
        &base.scenario.meta.name,
        &format!("sweep-seed{seed}"),
    );
    let dir = OutputDir::create(&folder, args.output.force)?;
    let model_runs = args.runs * points.len() as u64;
    if !args.output.quiet {
        eprintln!(
            "sweep: {} grid point{} × {} runs = {model_runs} model runs on {threads} thread{}",
            points.len(),
            if points.len() == 1 { "" } else { "s" },
            args.runs,
            if threads == 1 { "" } else { "s" }
        );
    }

    let (outcomes, tables) = outcomes_and_runs_at_points(
        &base,
        points.len(),
        &|v| overrides_at(&varies, &points[v]),
        &VariantsConfig {
            runs: args.runs,
            seed,
            threads,
        },
        args.output.quiet,
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

    let candidates = candidate_infos(&base);
    let ids: Vec<String> = candidates.iter().map(|c| c.id.clone()).collect();
    let title = scenario_title(&base);
    if let Some(tables) = tables {
        write_point_runs_tables(
            &dir,
            &varies.iter().map(|v| v.path.clone()).collect::<Vec<_>>(),
            &points,
            tables,
            &candidates,
        )?;
    }
    dir.write_with(SWEEP_FILE, |w| write_sweep(w, &varies, &ids, &results))?;
    dir.write_with(SWEEP_POINTS_FILE, |w| {
        write_sweep_points(w, &varies, &results)
    })?;
    let scenario_values: Vec<Option<f64>> = varies
        .iter()
        .map(|v| {
            overrides::value_at(&base.scenario, &v.path)
                .ok()
                .and_then(|x| overrides::number_of(&x))
        })
        .collect();
    let format = image_format(args.format);
    match varies.len() {
        1 => {
            write_figure(
                &dir,
                &SweepLine {
                    title: &title,
                    vary: &varies[0],
                    points: &results,
                    candidates: &candidates,
                    scenario_value: scenario_values[0],
                    seed,
                },
                format,
            )?;
        }
        2 => {
            write_figure(
                &dir,
                &SweepHeatmap {
                    title: &title,
                    varies: &varies,
                    points: &results,
                    candidates: &candidates,
                    scenario_values: [scenario_values[0], scenario_values[1]],
                    seed,
                },
                format,
            )?;
        }
        _ => {}
    }
    let text = summary_text(&title, &varies, &candidates, &results, args.runs, seed);
    dir.write_bytes(SUMMARY_TEXT_FILE, text.as_bytes())?;
    let json = serde_json::json!({
        "scenario": base.scenario.meta.name,
        "title": title,
        "varied": varies.iter().map(|v| serde_json::json!({
            "path": v.path, "from": v.from, "to": v.to, "steps": v.steps,
        })).collect::<Vec<_>>(),
        "candidates": candidates,
        "runs_per_point": args.runs,
        "seed": seed,
        "points": results,
    });
    let json_text = crate::report::json_text::sorted_pretty(&json);
    dir.write_bytes(SUMMARY_JSON, json_text.as_bytes())?;

    let elapsed = started.elapsed().as_secs_f64();
    let mut manifest = scenario_manifest("sweep", &args.file, &base, seed, argv, &args.overrides);
    let extra = &mut manifest.extra;
    extra.insert(
        "vary".into(),
        varies
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .into(),
    );
    extra.insert("grid_points".into(), points.len().into());
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
        if varies.len() > 2 {
            println!("(no chart: charts show one or two varied parameters)");
        }
        println!("results in {} ({elapsed:.1} s)", path.display());
    }
    Ok(())
}

/// The base with one point's overrides, its errors named after `flag`.
pub fn variant(
    base: &LoadedScenario,
    varies: &[Vary],
    point: &[f64],
    flag: &'static str,
) -> Result<(), CommandError> {
    with_overrides(base, &overrides_at(varies, point))
        .map(|_| ())
        .map_err(|e| rename_flag(e, flag).into())
}

/// An override failure reported under another flag (`--vary`, `--param`).
pub fn rename_flag(e: OverrideFailure, flag: &'static str) -> OverrideFailure {
    match e {
        OverrideFailure::Bad { value, error, .. } => OverrideFailure::Bad { flag, value, error },
        other => other,
    }
}

/// The scenario's title, or its name.
pub fn scenario_title(l: &LoadedScenario) -> String {
    let m = &l.scenario.meta;
    if m.title.is_empty() {
        m.name.clone()
    } else {
        m.title.clone()
    }
}

/// Names and colours of the candidates, as the charts take them.
pub fn candidate_infos(l: &LoadedScenario) -> Vec<CandidateInfo> {
    Simulation::new(&l.scenario).template().candidates.clone()
}

fn summary_text(
    title: &str,
    varies: &[Vary],
    candidates: &[CandidateInfo],
    points: &[SweepPoint],
    runs: u64,
    seed: u64,
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{title}");
    let names: Vec<String> = varies.iter().map(|v| v.to_string()).collect();
    let _ = writeln!(
        s,
        "Sweep of {}: {} points, {runs} runs at each, the same seeds at every point (seed {seed}).",
        names.join(" and "),
        points.len()
    );
    let _ = writeln!(
        s,
        "Probability of winning (95% interval), and of a ballot with more than one round:"
    );
    for p in points.iter().take(SUMMARY_POINTS) {
        let at: Vec<String> = varies
            .iter()
            .zip(&p.values)
            .map(|(v, &x)| format!("{}={}", v.path, format_value(x)))
            .collect();
        let wins: Vec<String> = candidates
            .iter()
            .zip(&p.outcome.win)
            .map(|(c, w)| {
                format!(
                    "{} {:.1}% ({:.1}–{:.1})",
                    c.name,
                    100.0 * w.p,
                    100.0 * w.low,
                    100.0 * w.high
                )
            })
            .collect();
        let _ = writeln!(
            s,
            "  {}: {}; more than one round {:.1}%",
            at.join(", "),
            wins.join(", "),
            100.0 * p.outcome.more_than_one_round.p
        );
    }
    if points.len() > SUMMARY_POINTS {
        let _ = writeln!(
            s,
            "  ... {} more points in sweep.csv",
            points.len() - SUMMARY_POINTS
        );
    }
    s
}
