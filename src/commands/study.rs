//! The steps every analysis command (compare, sweep, sensitivity, backtest,
//! calibrate) takes around its own work, in one place:
//!
//! 1. check the arguments and load the scenarios (the command's own);
//! 2. check that every point the analysis will run makes a valid scenario
//!    ([`check_points`]), before anything is written;
//! 3. [`Study::open`]: the output folder (refused when something is in the
//!    way, see [`crate::report::output`]), the worker threads, the seed and
//!    the image format; [`Study::say`] prints the banner on stderr;
//! 4. run, and write the tables and charts into [`Study::dir`];
//! 5. [`Study::write_summary`]: `summary.txt` and `summary.json`;
//! 6. [`Study::finish`]: the manifest (with the seconds taken), the folder
//!    moved into place whole, and the summary on stdout (its JSON with
//!    `--json`, nothing with `--quiet`).
//!
//! Nothing lands at the output path unless every step succeeds.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::CommandError;
use super::progress::threads;
use super::run::image_format;
use crate::analysis::variants::with_overrides;
use crate::cli::StudyArgs;
use crate::report::summary::{SUMMARY_JSON_FILE, SUMMARY_TEXT_FILE, Summary};
use crate::report::{ImageFormat, Manifest, OutputDir, write_manifest};
use crate::scenario::{LoadedScenario, OverrideFailure};

/// An analysis under way: its output folder, not yet in place, and the
/// settings every analysis shares.
pub struct Study {
    started: Instant,
    dir: OutputDir,
    /// Worker threads.
    pub threads: usize,
    /// Master seed of the runs.
    pub seed: u64,
    /// Image format of the charts.
    pub format: ImageFormat,
    quiet: bool,
    json: bool,
}

impl Study {
    /// Open `folder` for writing (see [`OutputDir::create`]); `started` is
    /// when the command began, for the seconds it reports.
    pub fn open(folder: &Path, args: &StudyArgs, started: Instant) -> Result<Study, CommandError> {
        let dir = OutputDir::create(folder, args.output.force)?;
        Ok(Study {
            started,
            dir,
            threads: threads(args.parallel.threads),
            seed: args.parallel.seed,
            format: image_format(args.format),
            quiet: args.output.quiet,
            json: args.output.json,
        })
    }

    /// The folder being written.
    pub fn dir(&self) -> &OutputDir {
        &self.dir
    }

    /// True with `--quiet`: no banner, no progress bar, no summary.
    pub fn quiet(&self) -> bool {
        self.quiet
    }

    /// Print `line` on stderr unless quiet.
    pub fn say(&self, line: &str) {
        if !self.quiet {
            eprintln!("{line}");
        }
    }

    /// "N thread(s)" as the banners say it.
    pub fn on_threads(&self) -> String {
        format!(
            "on {} thread{}",
            self.threads,
            if self.threads == 1 { "" } else { "s" }
        )
    }

    /// Seconds since the command began.
    pub fn seconds(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }

    /// Write `summary.txt` and, if there is one, `summary.json`.
    pub fn write_summary(&self, summary: &Summary) -> Result<(), CommandError> {
        self.dir
            .write_bytes(SUMMARY_TEXT_FILE, summary.text.as_bytes())?;
        if let Some(json) = &summary.json {
            self.dir.write_bytes(SUMMARY_JSON_FILE, json.as_bytes())?;
        }
        Ok(())
    }

    /// Write `manifest` (with `seconds` added last), move the folder into
    /// place and print the summary: its JSON with `--json` (where the
    /// analysis has one), else the text, `note` and where the results are.
    pub fn finish(
        self,
        mut manifest: Manifest,
        summary: &Summary,
        note: Option<&str>,
    ) -> Result<(), CommandError> {
        let elapsed = self.seconds();
        manifest
            .extra
            .insert("seconds".into(), round_seconds(elapsed).into());
        write_manifest(&self.dir, manifest)?;
        let path = self.dir.finish()?;
        match &summary.json {
            Some(json) if self.json => print!("{json}"),
            _ if self.quiet => {}
            _ => {
                print!("{}", summary.text);
                if let Some(note) = note {
                    println!("{note}");
                }
                println!("results in {} ({elapsed:.1} s)", path.display());
            }
        }
        Ok(())
    }
}

/// Seconds to the millisecond, for the manifest.
pub fn round_seconds(s: f64) -> f64 {
    (s * 1000.0).round() / 1000.0
}

/// The manifest of a folder made from case scenarios (backtest, calibrate):
/// the first case stands as its scenario; callers add the rest.
pub fn cases_manifest(
    kind: &str,
    paths: &[PathBuf],
    cases: &[LoadedScenario],
    seed: u64,
    argv: &[String],
) -> Manifest {
    let mut manifest = Manifest::new(kind, &paths[0].display().to_string(), &[], seed);
    manifest.scenario_sha256 = cases[0].sha256();
    manifest.command_line = argv.to_vec();
    manifest
}

/// Check that each of `points` points makes a valid scenario (`base` with
/// the overrides `overrides_at(point)`), naming the failures after `flag`
/// (`--vary`, `--param`).
pub fn check_points(
    base: &LoadedScenario,
    points: usize,
    overrides_at: impl Fn(usize) -> Vec<String>,
    flag: &'static str,
) -> Result<(), CommandError> {
    for point in 0..points {
        with_overrides(base, &overrides_at(point)).map_err(|e| rename_flag(e, flag))?;
    }
    Ok(())
}

/// An override failure reported under another flag.
pub fn rename_flag(e: OverrideFailure, flag: &'static str) -> OverrideFailure {
    match e {
        OverrideFailure::Bad { value, error, .. } => OverrideFailure::Bad { flag, value, error },
        other => other,
    }
}
