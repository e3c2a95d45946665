//! What a long command shows while it works: a progress bar of model runs
//! on stderr (hidden with `--quiet` or when stderr is not a terminal), and
//! a stop flag set by Ctrl-C.

use std::io::IsTerminal;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::ensemble::Progress;

/// A progress bar counting model runs.
pub struct RunsBar(Option<indicatif::ProgressBar>);

impl RunsBar {
    /// A bar titled `message`, drawn only if stderr is a terminal and not `quiet`.
    pub fn new(quiet: bool, message: &str) -> RunsBar {
        if quiet || !std::io::stderr().is_terminal() {
            return RunsBar(None);
        }
        let style = indicatif::ProgressStyle::with_template(
            "{msg} [{bar:40}] {pos}/{len} runs, {elapsed} elapsed, about {eta} left",
        )
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        let bar = indicatif::ProgressBar::new(0).with_style(style);
        bar.set_message(message.to_owned());
        RunsBar(Some(bar))
    }

    /// Show how far the runs have got.
    pub fn update(&self, p: Progress) {
        if let Some(bar) = &self.0 {
            bar.set_length(p.total);
            bar.set_position(p.done);
        }
    }

    /// Remove the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// A flag that Ctrl-C sets (the handler is installed on first use); long
/// commands read it between runs, stop, and write nothing.
pub fn stop_flag() -> &'static AtomicBool {
    static STOP: AtomicBool = AtomicBool::new(false);
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        // Without a handler Ctrl-C still ends the process, only less gently.
        let _ = ctrlc::set_handler(|| STOP.store(true, Ordering::Relaxed));
    });
    &STOP
}

/// Worker threads: the number asked for, else one per available core.
pub fn threads_or_default(threads: Option<usize>) -> usize {
    threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
}
