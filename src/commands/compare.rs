//! `lobbysim compare`: a base scenario against a what-if, on paired runs.

use std::path::Path;
use std::time::Instant;

use super::progress::{progress_bar, show, stop_flag};
use super::study::Study;
use super::{CommandError, load_one_post, output_folder, overrides_of, scenario_manifest};
use crate::analysis::compare::{
    BASE, PairedEnsembles, WHAT_IF, check_comparable, compare as compare_sides, results,
};
use crate::analysis::variants::{VariantsConfig, run_variants};
use crate::cli::CompareArgs;
use crate::ensemble::digest::RunDigest;
use crate::ensemble::file::model_sha256;
use crate::ensemble::frame::EnsembleFrame;
use crate::ensemble::runs_table::{RunRecord, RunsTable};
use crate::ensemble::{AggregateFile, EnsembleConfig};
use crate::model::draw::Uncertainties;
use crate::model::{RunOutput, Simulation};
use crate::report::charts::compare_states::CompareStates;
use crate::report::charts::compare_support::CompareSupport;
use crate::report::charts::figure::write_figure;
use crate::report::compare::{
    COMPARE_FILE, STATES_DIFF_FILE, STATES_DIFF_VOTES_FILE, SideLabel, summary, what_if_label,
    write_compare, write_states_diff, write_states_diff_votes,
};
use crate::report::variant_runs::{VARIANT_COLUMN, write_variant_runs_tables};
use crate::report::{Manifest, OutputDir};
use crate::result::{CandidateInfo, ScenarioDisplay};
use crate::scenario::{LoadedScenario, OverrideFailure, Overrides, Scenario, apply_overrides};

/// The what-if side's own changes: `--what-if-set` and `--what-if-disable`
/// (`--set` and `--disable` change both sides).
fn what_if_changes(args: &CompareArgs) -> Overrides {
    Overrides {
        set: args.what_if_set.clone(),
        disable: args.what_if_disable.clone(),
    }
}

pub fn compare(args: &CompareArgs, argv: &[String]) -> Result<(), CommandError> {
    let started = Instant::now();
    if args.what_if.is_none() && what_if_changes(args).is_empty() {
        return Err(CommandError::Usage(
            "nothing to compare: give a WHATIF file, or change the base with --what-if-set PATH=VALUE or --what-if-disable ID"
                .to_string(),
        ));
    }
    let base = load_one_post(&args.base, &args.overrides, "compare")?;
    let what_if = load_what_if(args)?;
    check_comparable(&base.scenario, &what_if.scenario)?;

    let seed = args.study.parallel.seed;
    let suffix = match &args.what_if {
        Some(_) => format!("vs-{}-seed{seed}", what_if.scenario.meta.name),
        None => format!("vs-changes-seed{seed}"),
    };
    let folder = output_folder(
        &args.study.output.out,
        &base.scenario.meta.name,
        &format!("compare-{suffix}"),
    );
    let study = Study::open(&folder, &args.study, started)?;

    let labels = side_labels(args, &base, &what_if);
    study.say(&format!(
        "compare: 2 sides × {} runs = {} model runs {}",
        args.runs,
        2 * args.runs,
        study.on_threads()
    ));
    let (paired, tables) = run_pairs([&base, &what_if], args.runs, &study, !args.no_runs_table)?;
    let sides = results(&paired);
    let comparison = compare_sides(&paired, &sides);

    let dir = study.dir();
    if let Some(tables) = tables {
        write_pair_runs_tables(dir, tables, &sides[BASE].frame.candidates)?;
    }
    dir.write_with(COMPARE_FILE, |w| write_compare(w, &comparison))?;
    dir.write_with(STATES_DIFF_FILE, |w| write_states_diff(w, &comparison))?;
    dir.write_with(STATES_DIFF_VOTES_FILE, |w| {
        write_states_diff_votes(w, &comparison)
    })?;
    let summary = summary(&comparison, &labels);
    study.write_summary(&summary)?;
    let what_if_label = what_if_label(&labels);
    write_figure(
        dir,
        &CompareSupport {
            base: &sides[BASE],
            what_if: &sides[WHAT_IF],
            base_title: &labels[BASE].title,
            what_if_label: &what_if_label,
        },
        study.format,
    )?;
    write_figure(
        dir,
        &CompareStates {
            comparison: &comparison,
            candidates: &sides[BASE].frame.candidates,
            base_title: &labels[BASE].title,
            what_if_label: &what_if_label,
        },
        study.format,
    )?;

    let manifest = manifest(args, argv, &base, &what_if, study.threads);
    study.finish(manifest, &summary, None)
}

/// The comparison's manifest: the runs, the what-if side's file and
/// changes, and the intervals used.
fn manifest(
    args: &CompareArgs,
    argv: &[String],
    base: &LoadedScenario,
    what_if: &LoadedScenario,
    threads: usize,
) -> Manifest {
    let seed = args.study.parallel.seed;
    let mut manifest = scenario_manifest("compare", &args.base, base, seed, argv, &args.overrides);
    let extra = &mut manifest.extra;
    extra.insert("runs".into(), args.runs.into());
    extra.insert("model_runs".into(), (2 * args.runs).into());
    extra.insert("threads".into(), threads.into());
    extra.insert(
        "what_if_path".into(),
        args.what_if
            .as_ref()
            .map(|p| p.display().to_string())
            .into(),
    );
    extra.insert("what_if_sha256".into(), what_if.sha256().into());
    extra.insert(
        "what_if_overrides".into(),
        what_if_flags(&what_if_changes(args)).into(),
    );
    extra.insert(
        "interval".into(),
        "Newcombe (1998) method 10 for paired proportions; normal approximation for paired mean votes"
            .into(),
    );
    manifest
}

/// The what-if side: its file (or the base's) with the shared overrides,
/// then the what-if's own.
fn load_what_if(args: &CompareArgs) -> Result<LoadedScenario, CommandError> {
    let path = args.what_if.as_deref().unwrap_or(&args.base);
    let mut loaded = load_one_post(path, &args.overrides, "compare")?;
    if !what_if_changes(args).is_empty() {
        apply_overrides(&mut loaded, &what_if_changes(args)).map_err(|e| match e {
            OverrideFailure::Bad { flag, value, error } => OverrideFailure::Bad {
                flag: if flag == "--disable" {
                    "--what-if-disable"
                } else {
                    "--what-if-set"
                },
                value,
                error,
            },
            other => other,
        })?;
    }
    Ok(loaded)
}

/// `--what-if-disable ID`, `--what-if-set P=V`, as the manifest records them.
fn what_if_flags(changes: &Overrides) -> Vec<String> {
    changes
        .describe()
        .into_iter()
        .map(|s| s.replacen("--", "--what-if-", 1))
        .collect()
}

fn side_labels(
    args: &CompareArgs,
    base: &LoadedScenario,
    what_if: &LoadedScenario,
) -> [SideLabel; 2] {
    let title = |l: &LoadedScenario| ScenarioDisplay::of(&l.scenario).title;
    let shared = overrides_of(&args.overrides).describe();
    let mut what_if_side = shared.clone();
    what_if_side.extend(what_if_flags(&what_if_changes(args)));
    [
        SideLabel {
            title: title(base),
            path: path_text(&args.base),
            changes: shared,
        },
        SideLabel {
            title: title(what_if),
            path: path_text(args.what_if.as_deref().unwrap_or(&args.base)),
            changes: what_if_side,
        },
    ]
}

fn path_text(p: &Path) -> String {
    p.display().to_string()
}

/// Both sides' runs, paired by seed, in parallel, and with `runs_table`
/// each side's per-run table.
fn run_pairs(
    loaded: [&LoadedScenario; 2],
    runs: u64,
    study: &Study,
    runs_table: bool,
) -> Result<(PairedEnsembles, Option<[RunsTable; 2]>), CommandError> {
    let sides = loaded.map(|l| &l.scenario);
    let (seed, threads) = (study.seed, study.threads);
    let config = EnsembleConfig {
        runs,
        seed,
        threads,
        shard: None,
    };
    let files = loaded.map(|l| {
        AggregateFile::new(
            &l.sha256(),
            &model_sha256(&l.scenario),
            &config,
            EnsembleFrame::of(&Simulation::new(&l.scenario)),
        )
    });
    let (n, k) = (files[BASE].frame.n(), files[BASE].frame.k());
    let mut paired = PairedEnsembles::new(files, runs);
    let mut tables = runs_table.then(|| sides.map(empty_runs_table));
    let bar = progress_bar(study.quiet(), 2 * runs, 0);
    let outcome = run_variants(
        2,
        &VariantsConfig {
            runs,
            seed,
            threads,
        },
        &|v| Ok(Simulation::new(sides[v])),
        &|_, out: &RunOutput| {
            let record = runs_table.then(|| RunRecord::of(0, out));
            (RunDigest::of(out, n, k), record)
        },
        stop_flag(),
        &mut |p| show(&bar, p),
        &mut |v, i, (d, record)| {
            paired.add(v, i, &d);
            if let (Some(tables), Some(record)) = (&mut tables, record) {
                tables[v].runs.push(RunRecord { run: i, ..record });
            }
        },
    );
    bar.finish_and_clear();
    outcome?;
    paired.finish(runs);
    Ok((paired, tables))
}

/// A side's per-run table before its runs: the names of its drawn values.
fn empty_runs_table(s: &Scenario) -> RunsTable {
    RunsTable {
        parameters: Uncertainties::of(s).names().to_vec(),
        runs: Vec::new(),
    }
}

/// The per-run tables of both sides, `variant` `base` or `what_if`, `run`
/// the pair index.
fn write_pair_runs_tables(
    dir: &OutputDir,
    [base, what_if]: [RunsTable; 2],
    candidates: &[CandidateInfo],
) -> Result<(), CommandError> {
    let keyed = [("base".to_owned(), base), ("what_if".to_owned(), what_if)];
    write_variant_runs_tables(dir, VARIANT_COLUMN, &keyed, candidates)?;
    Ok(())
}
