//! `lobbysim backtest`: the ensembles of past elections scored against their
//! observed results (docs/VALIDATION.md).

use std::path::Path;
use std::time::Instant;

use super::progress::{progress_bar, show, stop_flag};
use super::study::{Study, cases_manifest};
use super::{CommandError, output_folder};
use crate::analysis::backtest::{ScoreRow, score_case};
use crate::analysis::outcomes::RunOutcome;
use crate::analysis::variants::{VariantsConfig, run_variants};
use crate::cli::BacktestArgs;
use crate::model::{RunOutput, Simulation};
use crate::report::backtest::{SCORES_FILE, summary_text, write_scores};
use crate::report::charts::calibration::Calibration;
use crate::report::charts::figure::write_figure;
use crate::report::summary::Summary;
use crate::scenario::{LoadedScenario, Scenario, load};

pub fn backtest(args: &BacktestArgs, argv: &[String]) -> Result<(), CommandError> {
    let started = Instant::now();
    let cases = load_cases(&args.cases)?;
    if args.leave_one_out {
        // Refuse bad --param values before anything is written.
        super::calibrate::specs(&args.abc)?;
    }
    let seed = args.study.parallel.seed;
    let folder = output_folder(&args.study.output.out, "backtest", &format!("seed{seed}"));
    let study = Study::open(&folder, &args.study, started)?;
    let scenarios: Vec<_> = cases.iter().map(|c| &c.scenario).collect();
    let (rows, total, heading) = if args.leave_one_out {
        let (rows, spent) = super::calibrate::leave_one_out(
            &scenarios,
            &args.abc,
            args.runs,
            seed,
            study.threads,
            study.quiet(),
        )?;
        let heading = format!(
            "leave-one-out: each case scored from {} runs drawn from the posterior calibrated on the others\n",
            args.runs
        );
        (rows, spent, heading)
    } else {
        let (rows, total) = plain_scores(&scenarios, args.runs, &study)?;
        (rows, total, String::new())
    };
    let names: Vec<String> = scenarios.iter().map(|s| s.meta.name.clone()).collect();
    let dir = study.dir();
    dir.write_with(SCORES_FILE, |w| write_scores(w, &rows))?;
    let summary = Summary {
        text: heading + &summary_text(&names, &rows, args.runs, seed),
        json: None,
    };
    study.write_summary(&summary)?;
    write_figure(
        dir,
        &Calibration {
            rows: &rows,
            cases: cases.len(),
            runs: args.runs,
            seed,
        },
        study.format,
    )?;

    let mut manifest = cases_manifest("backtest", &args.cases, &cases, seed, argv);
    let extra = &mut manifest.extra;
    extra.insert(
        "cases".into(),
        args.cases
            .iter()
            .zip(&cases)
            .map(
                |(p, c)| serde_json::json!({"path": p.display().to_string(), "sha256": c.sha256()}),
            )
            .collect::<Vec<_>>()
            .into(),
    );
    extra.insert("runs".into(), args.runs.into());
    extra.insert("leave_one_out".into(), args.leave_one_out.into());
    extra.insert("model_runs".into(), total.into());
    extra.insert("threads".into(), study.threads.into());
    study.finish(manifest, &summary, None)
}

/// Each case's ensemble of `runs` runs, scored; and the model runs.
fn plain_scores(
    scenarios: &[&Scenario],
    runs: u64,
    study: &Study,
) -> Result<(Vec<ScoreRow>, u64), CommandError> {
    let total = runs * scenarios.len() as u64;
    study.say(&format!(
        "backtest: {} case(s) × {runs} runs = {total} model runs {}",
        scenarios.len(),
        study.on_threads()
    ));
    let mut tallies: Vec<Vec<RunOutcome>> = vec![Vec::new(); scenarios.len()];
    let bar = progress_bar(study.quiet(), total, 0);
    let outcome = run_variants(
        scenarios.len(),
        &VariantsConfig {
            runs,
            seed: study.seed,
            threads: study.threads,
        },
        &|v| Ok(Simulation::new(scenarios[v])),
        &|v, out: &RunOutput| RunOutcome::of(out, scenarios[v].candidates.len()),
        stop_flag(),
        &mut |p| show(&bar, p),
        &mut |v, _, t| tallies[v].push(t),
    );
    bar.finish_and_clear();
    outcome?;
    let mut rows: Vec<ScoreRow> = Vec::new();
    for (s, t) in scenarios.iter().zip(&tallies) {
        rows.extend(score_case(s, t)?);
    }
    Ok((rows, total))
}

/// Load every case; one without an `observed` block is a usage error.
pub(crate) fn load_cases(
    paths: &[std::path::PathBuf],
) -> Result<Vec<LoadedScenario>, CommandError> {
    let mut out = Vec::with_capacity(paths.len());
    for p in paths {
        let loaded = load(p)?;
        super::refuse_conference(&loaded.scenario, &display(p), "backtest")?;
        if loaded.scenario.observed.is_none() {
            return Err(CommandError::Usage(format!(
                "{}: no `observed` block: a backtest needs the reported result of the election (docs/SCENARIO.md, Observed results)",
                display(p)
            )));
        }
        out.push(loaded);
    }
    Ok(out)
}

fn display(p: &Path) -> String {
    p.display().to_string()
}
