//! `lobbysim ensemble` on a conference: many seeded runs of every post,
//! summarised as each post's outcome, the combinations of winners across
//! posts and each deal's outcome (docs/ENSEMBLE.md, "Conferences").
//!
//! As for one post: parallel over `--threads` with the same files for any
//! number of threads, a progress bar on a terminal, and Ctrl-C writing the
//! runs done so far as a folder marked `partial` that `--resume` finishes.

use crate::ensemble::file::CompletedRuns;
use std::path::Path;
use std::time::Instant;

use serde_json::json;

use super::progress::{progress_bar, show, stop_flag, threads};
use super::run::image_format;
use super::study::round_seconds;
use super::{CommandError, output_folder, scenario_manifest};
use crate::cli::EnsembleArgs;
use crate::ensemble::conference_engine::{RunIdentity, run_conference_ensemble};
use crate::ensemble::conference_file::{CONFERENCE_AGGREGATE_FILE, ConferenceFile};
use crate::ensemble::conference_frame::ConferenceFrame;
use crate::ensemble::conference_summary::{ConferenceSummary, SummaryHeader};
use crate::ensemble::file::model_sha256;
use crate::ensemble::{EnsembleConfig, EnsembleError, EnsembleFrame};
use crate::model::conference::Conference;
use crate::report::conference_ensemble::{summary_json, summary_text, write_conference_ensemble};
use crate::report::{self, OutputDir};
use crate::scenario::LoadedScenario;

/// The ensemble of a conference scenario (`loaded.scenario.is_conference()`).
pub fn ensemble(
    args: &EnsembleArgs,
    argv: &[String],
    loaded: &LoadedScenario,
) -> Result<(), CommandError> {
    if args.shard.is_some() {
        return Err(CommandError::Usage(
            "--shard is not available for a conference yet (merge reads one post's totals); run the whole ensemble in one process".to_owned(),
        ));
    }
    let threads = threads(args.threads);
    let name = &loaded.scenario.meta.name;
    let folder = output_folder(
        &args.output.out,
        name,
        &super::ensemble::folder_suffix(args.seed, None),
    );
    let previous = previous_runs(args, &folder)?;
    let dir = OutputDir::create(&folder, args.output.force || args.resume)?;
    let config = EnsembleConfig {
        runs: args.runs,
        seed: args.seed,
        threads,
        shard: None,
    };
    let mut first = Conference::new(&loaded.scenario);
    let parameter_names = first.parameter_names().to_vec();
    let post_frames: Vec<EnsembleFrame> = first.simulations().map(EnsembleFrame::of).collect();
    let sample = first.run(0, true);
    let frame = ConferenceFrame::of_scenario(&loaded.scenario, &sample)
        .map_err(|e| CommandError::Ensemble(EnsembleError::Model(e.to_string())))?;
    let identity = RunIdentity {
        scenario_sha256: loaded.sha256(),
        model_sha256: model_sha256(&loaded.scenario),
    };
    let resumed_runs = previous.as_ref().map_or(0, ConferenceFile::completed_runs);
    let bar = progress_bar(args.output.quiet, args.runs, resumed_runs);
    let stop = stop_flag();
    let started = Instant::now();
    let file = run_conference_ensemble(
        &|| Conference::new(&loaded.scenario),
        &frame,
        &post_frames,
        &parameter_names,
        &identity,
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
    let header = SummaryHeader {
        scenario_sha256: loaded.sha256(),
        seed: args.seed,
        runs_requested: args.runs,
        partial: !file.is_complete(),
    };
    let summary = ConferenceSummary::of(&file.frame, &file.aggregate, &header);
    let mut files = write_conference_ensemble(&dir, &file, &summary, image_format(args.format))?;
    let mut manifest = scenario_manifest(
        "ensemble",
        &args.file,
        loaded,
        args.seed,
        argv,
        &args.overrides,
    );
    files.sort();
    manifest.files = files;
    let computed = file.completed_runs().saturating_sub(resumed_runs);
    let seconds = elapsed.as_secs_f64();
    let rate = if seconds > 0.0 {
        computed as f64 / seconds
    } else {
        0.0
    };
    for (key, value) in [
        ("conference", json!(true)),
        (
            "posts",
            json!(file.frame.posts.iter().map(|p| &p.id).collect::<Vec<_>>()),
        ),
        ("runs", json!(args.runs)),
        ("runs_completed", json!(file.completed_runs())),
        ("runs_resumed", json!(resumed_runs)),
        ("threads", json!(threads)),
        ("partial", json!(!file.is_complete())),
        ("seconds", json!(round_seconds(seconds))),
        ("runs_per_second", json!(rate.round())),
    ] {
        manifest.extra.insert(key.to_owned(), value);
    }
    report::write_manifest(&dir, manifest)?;
    let path = dir.finish()?;
    if args.output.json {
        print!("{}", summary_json(&summary));
    } else if !args.output.quiet {
        print!("{}", summary_text(&summary));
        println!(
            "({computed} runs computed in {seconds:.1} s, {rate:.0} runs/s)\nresults in {}",
            path.display()
        );
    }
    if file.is_complete() {
        Ok(())
    } else {
        Err(CommandError::Interrupted(format!(
            "interrupted: {} of {} runs complete, written to {} (marked partial); finish with the same command and --resume",
            file.completed_runs(),
            args.runs,
            path.display()
        )))
    }
}

/// With `--resume`, the runs the folder already holds; without, `None`,
/// and an ensemble already there is refused unless `--force` replaces it.
fn previous_runs(
    args: &EnsembleArgs,
    folder: &Path,
) -> Result<Option<ConferenceFile>, CommandError> {
    let path = folder.join(CONFERENCE_AGGREGATE_FILE);
    if args.resume {
        if !path.exists() {
            return Err(CommandError::Usage(format!(
                "nothing to resume: {} has no {CONFERENCE_AGGREGATE_FILE}; run without --resume to start the ensemble",
                folder.display()
            )));
        }
        return Ok(Some(ConferenceFile::read(&path)?));
    }
    if path.is_file() && !args.output.force {
        return Err(CommandError::Usage(format!(
            "output folder {} already holds an ensemble; use --resume to finish it, --force to replace it, or choose another --out",
            folder.display()
        )));
    }
    Ok(None)
}
