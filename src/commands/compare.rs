//! `lobbysim compare`: a base scenario against a what-if, on paired runs.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use super::progress::{progress_bar, show, stop_flag, threads};
use super::run::image_format;
use super::{CommandError, load_scenario, output_folder, overrides_of, scenario_manifest};
use crate::analysis::compare::{
    BASE, Comparison, PairedEnsembles, WHAT_IF, check_comparable, compare as compare_sides, results,
};
use crate::analysis::variants::{VariantsConfig, VariantsError, run_variants};
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
    COMPARE_FILE, STATES_DIFF_FILE, STATES_DIFF_VOTES_FILE, SUMMARY_TEXT_FILE, SideLabel,
    summary_text, write_compare, write_states_diff, write_states_diff_votes,
};
use crate::report::variant_runs::{VARIANT_COLUMN, write_variant_runs_tables};
use crate::report::{OutputDir, write_manifest};
use crate::result::CandidateInfo;
use crate::scenario::{LoadedScenario, OverrideFailure, Overrides, Scenario, apply_overrides};

/// The file name of the summary as JSON.
pub const SUMMARY_JSON: &str = "summary.json";

/// States listed in `summary.json` (all are in `states_diff.csv`).
const SUMMARY_STATES: usize = 20;

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
    super::progress::runs(args.runs)?;
    let base = load_scenario(&args.base, &args.overrides)?;
    let what_if = load_what_if(args)?;
    check_comparable(&base.scenario, &what_if.scenario)
        .map_err(|e| CommandError::Usage(e.to_string()))?;

    let threads = threads(args.parallel.threads)?;
    let seed = args.parallel.seed;
    let suffix = match &args.what_if {
        Some(_) => format!("vs-{}-seed{seed}", what_if.scenario.meta.name),
        None => format!("vs-changes-seed{seed}"),
    };
    let folder = output_folder(
        &args.output.out,
        &base.scenario.meta.name,
        &format!("compare-{suffix}"),
    );
    let dir = OutputDir::create(&folder, args.output.force)?;

    let labels = side_labels(args, &base, &what_if);
    if !args.output.quiet {
        eprintln!(
            "compare: 2 sides × {} runs = {} model runs on {threads} thread{}",
            args.runs,
            2 * args.runs,
            if threads == 1 { "" } else { "s" }
        );
    }
    let (paired, tables) = run_pairs(
        &base,
        &what_if,
        args.runs,
        seed,
        threads,
        args.output.quiet,
        !args.no_runs_table,
    )?;
    let sides = results(&paired);
    let comparison = compare_sides(&paired, &sides);

    if let Some(tables) = tables {
        write_pair_runs_tables(&dir, tables, &sides[BASE].frame.candidates)?;
    }
    let format = image_format(args.format);
    dir.write_with(COMPARE_FILE, |w| write_compare(w, &comparison))?;
    dir.write_with(STATES_DIFF_FILE, |w| write_states_diff(w, &comparison))?;
    dir.write_with(STATES_DIFF_VOTES_FILE, |w| {
        write_states_diff_votes(w, &comparison)
    })?;
    let text = summary_text(&comparison, &labels[BASE], &labels[WHAT_IF]);
    dir.write_bytes(SUMMARY_TEXT_FILE, text.as_bytes())?;
    dir.write_bytes(SUMMARY_JSON, summary_json(&comparison, &labels).as_bytes())?;
    let what_if_label = what_if_label(&labels);
    write_figure(
        &dir,
        &CompareSupport {
            base: &sides[BASE],
            what_if: &sides[WHAT_IF],
            base_title: &labels[BASE].title,
            what_if_label: &what_if_label,
        },
        format,
    )?;
    write_figure(
        &dir,
        &CompareStates {
            comparison: &comparison,
            candidates: &sides[BASE].frame.candidates,
            base_title: &labels[BASE].title,
            what_if_label: &what_if_label,
        },
        format,
    )?;

    let elapsed = started.elapsed().as_secs_f64();
    let mut manifest = scenario_manifest("compare", &args.base, &base, seed, argv, &args.overrides);
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
    extra.insert("seconds".into(), round_seconds(elapsed).into());
    write_manifest(&dir, manifest)?;
    let path = dir.finish()?;
    if args.output.json {
        print!("{}", summary_json(&comparison, &labels));
    } else if !args.output.quiet {
        print!("{text}");
        println!("results in {} ({elapsed:.1} s)", path.display());
    }
    Ok(())
}

/// The what-if side: its file (or the base's) with the shared overrides,
/// then the what-if's own.
fn load_what_if(args: &CompareArgs) -> Result<LoadedScenario, CommandError> {
    let path = args.what_if.as_deref().unwrap_or(&args.base);
    let mut loaded = load_scenario(path, &args.overrides)?;
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
    let title = |l: &LoadedScenario| {
        let m = &l.scenario.meta;
        if m.title.is_empty() {
            m.name.clone()
        } else {
            m.title.clone()
        }
    };
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

/// The what-if as chart subtitles name it: its title if it has its own,
/// else the changes made to the base.
fn what_if_label(labels: &[SideLabel; 2]) -> String {
    let w = &labels[WHAT_IF];
    if w.title != labels[BASE].title {
        w.title.clone()
    } else {
        let mut s = String::from("the base case with");
        for c in &w.changes {
            let _ = write!(s, " {c}");
        }
        s
    }
}

/// Both sides' runs, paired by seed, in parallel, and with `runs_table`
/// each side's per-run table.
fn run_pairs(
    base: &LoadedScenario,
    what_if: &LoadedScenario,
    runs: u64,
    seed: u64,
    threads: usize,
    quiet: bool,
    runs_table: bool,
) -> Result<(PairedEnsembles, Option<[RunsTable; 2]>), CommandError> {
    let sides = [&base.scenario, &what_if.scenario];
    let config = EnsembleConfig {
        runs,
        seed,
        threads,
        shard: None,
    };
    let files = [
        AggregateFile::new(
            &base.sha256(),
            &model_sha256(sides[BASE]),
            &config,
            EnsembleFrame::of(&Simulation::new(sides[BASE])),
        ),
        AggregateFile::new(
            &what_if.sha256(),
            &model_sha256(sides[WHAT_IF]),
            &config,
            EnsembleFrame::of(&Simulation::new(sides[WHAT_IF])),
        ),
    ];
    let (n, k) = (files[BASE].frame.n(), files[BASE].frame.k());
    let mut paired = PairedEnsembles::new(files, runs);
    let mut tables = runs_table.then(|| sides.map(empty_runs_table));
    let bar = progress_bar(quiet, 2 * runs, 0);
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
    outcome.map_err(variants_error)?;
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

/// A failure of the runs as a command error.
pub fn variants_error(e: VariantsError) -> CommandError {
    match e {
        VariantsError::NoThreads => CommandError::Usage(e.to_string()),
        VariantsError::Interrupted => {
            CommandError::Interrupted("interrupted: nothing was written".to_string())
        }
        other => CommandError::Failed(other.to_string()),
    }
}

/// Seconds to the millisecond, for the manifest.
pub fn round_seconds(s: f64) -> f64 {
    (s * 1000.0).round() / 1000.0
}

/// `summary.json`: the sides, the outcome comparisons and the most moved states.
fn summary_json(c: &Comparison, labels: &[SideLabel; 2]) -> String {
    let side = |l: &SideLabel| {
        serde_json::json!({
            "title": l.title,
            "path": l.path,
            "changes": l.changes,
        })
    };
    let value = serde_json::json!({
        "base": side(&labels[BASE]),
        "what_if": side(&labels[WHAT_IF]),
        "runs": c.runs,
        "seed": c.seed,
        "interval": "95%: Newcombe (1998) method 10 for the difference of paired proportions; normal approximation for the mean paired difference of votes",
        "candidates": c.candidates,
        "undecided": c.undecided,
        "more_than_one_round": c.more_than_one_round,
        "states_moved_most": c.states.iter().take(SUMMARY_STATES).collect::<Vec<_>>(),
    });
    crate::report::json_text::sorted_pretty(&value)
}
