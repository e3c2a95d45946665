//! `lobbysim ensemble`: many seeded runs of a scenario, in parallel,
//! summarised as outcome probabilities, bands over time and decisive states.
//!
//! Ctrl-C, SIGTERM or SIGHUP (what `scancel`, `timeout`, systemd and
//! container runtimes send) stops the ensemble cleanly: the runs complete so far are written
//! as a whole output folder marked `partial` in its manifest, and the same
//! command with `--resume` finishes it, giving the files an uninterrupted
//! ensemble would have written. A second signal exits at once.

use crate::ensemble::file::CompletedRuns;
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::json;

use super::progress::{progress_bar, show, stop_flag, threads};
use super::run::image_format;
use super::study::round_seconds;
use super::{CommandError, load_scenario, output_folder, scenario_manifest};
use crate::cli::EnsembleArgs;
use crate::ensemble::{
    AGGREGATE_FILE, AggregateFile, EnsembleConfig, EnsembleError, EnsembleResult, Shard,
    run_ensemble_with,
};
use crate::report::ensemble::summary_json;
use crate::report::{self, OutputDir};

/// The folder name's suffix: `ensemble-seed<S>`, and `-shard<K>of<M>` for a shard.
pub fn folder_suffix(seed: u64, shard: Option<Shard>) -> String {
    match shard {
        Some(s) => format!("ensemble-seed{seed}-shard{}of{}", s.index, s.count),
        None => format!("ensemble-seed{seed}"),
    }
}

pub fn ensemble(args: &EnsembleArgs, argv: &[String]) -> Result<(), CommandError> {
    let threads = threads(args.threads);
    if let Some(shard) = args.shard {
        check_shard_has_runs(args.runs, shard)?;
    }
    let loaded = load_scenario(&args.file, &args.overrides)?;
    if loaded.scenario.is_conference() {
        return super::ensemble_conference::ensemble(args, argv, &loaded);
    }
    let name = &loaded.scenario.meta.name;
    let folder = output_folder(
        &args.output.out,
        name,
        &folder_suffix(args.seed, args.shard),
    );
    let previous = previous_runs(args, &folder)?;
    // With --resume the folder is replaced, whole, once the new files are ready.
    let dir = OutputDir::create(&folder, args.output.force || args.resume)?;
    let config = EnsembleConfig {
        runs: args.runs,
        seed: args.seed,
        threads,
        shard: args.shard,
    };
    let resumed_runs = previous.as_ref().map_or(0, AggregateFile::completed_runs);
    let range = config.run_range();
    let bar = progress_bar(args.output.quiet, range.end - range.start, resumed_runs);
    let stop = stop_flag();
    let started = Instant::now();
    let file = run_ensemble_with(
        &loaded.scenario,
        &loaded.sha256(),
        &config,
        previous,
        stop,
        &|p| show(&bar, p),
        !args.no_runs_table,
    )
    .map_err(|e| match e {
        EnsembleError::Resume(source) => CommandError::Resume {
            folder: folder.clone(),
            source,
        },
        other => other.into(),
    })?;
    bar.finish_and_clear();
    let elapsed = started.elapsed();
    let computed = file.completed_runs().saturating_sub(resumed_runs);
    let result = EnsembleResult::of(&file);
    let mut files =
        report::ensemble::write_ensemble(&dir, &file, &result, image_format(args.format))?;

    let mut manifest = scenario_manifest(
        "ensemble",
        &args.file,
        &loaded,
        args.seed,
        argv,
        &args.overrides,
    );
    files.sort();
    manifest.files = files;
    let seconds = elapsed.as_secs_f64();
    for (key, value) in [
        ("runs", json!(args.runs)),
        ("runs_completed", json!(file.completed_runs())),
        ("runs_resumed", json!(resumed_runs)),
        ("shards", json!(args.shard.map_or(1, |s| s.count))),
        ("shard", json!(args.shard.map(|s| s.to_string()))),
        ("threads", json!(threads)),
        ("partial", json!(!file.is_complete())),
        ("seconds", json!(round_seconds(seconds))),
        ("runs_per_second", json!(rate(computed, elapsed).round())),
    ] {
        manifest.extra.insert(key.to_owned(), value);
    }
    report::write_manifest(&dir, manifest)?;
    let path = dir.finish()?;
    if args.output.json {
        print!("{}", summary_json(&result));
    } else if !args.output.quiet {
        print!("{}", summary(&result, Some((computed, elapsed))));
        println!("results in {}", path.display());
    }
    if file.is_complete() {
        Ok(())
    } else {
        let range = file.expected_range();
        Err(CommandError::Interrupted(format!(
            "interrupted: {} of {} runs complete, written to {} (marked partial); finish with the same command and --resume",
            file.completed_runs(),
            range.end - range.start,
            path.display()
        )))
    }
}

/// Refuses a shard that the block split leaves without runs.
fn check_shard_has_runs(runs: u64, shard: Shard) -> Result<(), CommandError> {
    let config = EnsembleConfig {
        runs,
        seed: 0,
        threads: 1,
        shard: Some(shard),
    };
    if !config.run_range().is_empty() {
        return Ok(());
    }
    let blocks = crate::ensemble::config::block_count(runs);
    let block = crate::ensemble::config::BLOCK_RUNS;
    Err(CommandError::Usage(format!(
        "--shard {shard} has no runs to compute: {runs} runs make {blocks} block(s) of up to {block} runs, and shards share out whole blocks; use at most {blocks} shard(s), or at least {} runs for {} shards",
        u128::from(block) * u128::from(shard.count - 1) + 1,
        shard.count
    )))
}

/// With `--resume`, the runs the folder already holds; without, `None`,
/// and an ensemble already there is refused unless `--force` replaces it.
fn previous_runs(
    args: &EnsembleArgs,
    folder: &Path,
) -> Result<Option<AggregateFile>, CommandError> {
    if args.resume {
        return read_previous(folder).map(Some);
    }
    if folder.join(AGGREGATE_FILE).is_file() && !args.output.force {
        return Err(CommandError::Usage(format!(
            "output folder {} already holds an ensemble; use --resume to finish it, --force to replace it, or choose another --out",
            folder.display()
        )));
    }
    Ok(None)
}

fn read_previous(folder: &Path) -> Result<AggregateFile, CommandError> {
    let path = folder.join(AGGREGATE_FILE);
    if !path.exists() {
        return Err(CommandError::Usage(format!(
            "nothing to resume: {} has no {AGGREGATE_FILE}; run without --resume to start the ensemble",
            folder.display()
        )));
    }
    Ok(AggregateFile::read(&path)?)
}

fn rate(runs: u64, elapsed: Duration) -> f64 {
    let s = elapsed.as_secs_f64();
    if s > 0.0 { runs as f64 / s } else { 0.0 }
}

/// The printed summary: per candidate the probability of being elected with
/// its 95% interval and the distribution of first-round votes; rounds; the
/// most decisive states; and, when given, the runs computed and the time taken.
pub fn summary(result: &EnsembleResult, timing: Option<(u64, Duration)>) -> String {
    let s = &result.summary;
    let mut out = String::new();
    let shard = s.shard.map(|x| format!(", shard {x}")).unwrap_or_default();
    let _ = write!(
        out,
        "{}: {} of {} runs{shard}, seed {}",
        s.scenario, s.runs, s.runs_requested, s.seed
    );
    if let Some((computed, elapsed)) = timing {
        let _ = write!(
            out,
            " ({computed} computed in {:.1} s, {:.0} runs/s)",
            elapsed.as_secs_f64(),
            rate(computed, elapsed)
        );
    }
    out.push('\n');
    if s.partial {
        out.push_str("  PARTIAL: not every run is complete\n");
    }
    let width = s
        .candidates
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(0);
    for c in &s.candidates {
        let _ = write!(
            out,
            "  {:width$}  elected {:>6.2}% (95% CI {:.2}-{:.2}%)",
            c.name,
            100.0 * c.elected.p,
            100.0 * c.elected.low,
            100.0 * c.elected.high
        );
        if let Some(d) = &c.first_round_votes {
            let _ = write!(
                out,
                "  round-1 votes: mean {:.1}, median {:.0}, 5-95% {:.0}-{:.0}, 25-75% {:.0}-{:.0}",
                d.mean, d.median, d.p5, d.p95, d.p25, d.p75
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "  more than one round: {:.2}% (95% CI {:.2}-{:.2}%); undecided (a seat left open): {:.2}%",
        100.0 * s.more_than_one_round.p,
        100.0 * s.more_than_one_round.low,
        100.0 * s.more_than_one_round.high,
        100.0 * s.undecided.p
    );
    let decisive: Vec<String> = result
        .swing_states
        .iter()
        .take(5)
        .map(|&i| {
            let st = &result.states[i];
            format!(
                "{} (pivotal {:.1}%, margin {:.1}%)",
                st.code,
                100.0 * st.pivotal,
                100.0 * st.margin
            )
        })
        .collect();
    if !decisive.is_empty() {
        let _ = writeln!(out, "  most decisive states: {}", decisive.join(", "));
    }
    out
}
