//! What the long commands (ensemble, compare, sweep, sensitivity) share
//! while they work: the worker-thread count, a progress bar of model runs on
//! stderr (hidden with `--quiet` or when stderr is not a terminal), and a
//! stop flag set by Ctrl-C, SIGTERM or SIGHUP (a second signal exits at once).

use std::io::IsTerminal;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use crate::ensemble::Progress;

/// Worker threads: the number asked for (clap checked it: 1 to
/// [`crate::cli::MAX_THREADS`]), else one per CPU.
pub fn threads(asked: Option<usize>) -> usize {
    asked.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Set by Ctrl-C, SIGTERM or SIGHUP (the `ctrlc` crate's `termination`
/// feature); a second signal exits at once.
pub fn stop_flag() -> &'static AtomicBool {
    static STOP: AtomicBool = AtomicBool::new(false);
    static HANDLER: OnceLock<()> = OnceLock::new();
    HANDLER.get_or_init(|| {
        // Without a handler (e.g. one is already installed) Ctrl-C simply
        // ends the process, leaving the previous output folder untouched.
        let _ = ctrlc::set_handler(|| {
            if STOP.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
        });
    });
    &STOP
}

/// A bar on stderr of `total` runs, `done` of them already, with runs per
/// second and the time left; hidden when stderr is not a terminal or with
/// `--quiet`.
pub fn progress_bar(quiet: bool, total: u64, done: u64) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template(
        "{elapsed_precise} [{wide_bar}] {human_pos}/{human_len} runs · {rate} · {eta} left",
    )
    .map(|style| {
        style
            .with_key(
                "rate",
                |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0} runs/s", state.per_sec());
                },
            )
            .progress_chars("=> ")
    })
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    // Styled and positioned before it is first drawn.
    let bar =
        ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden()).with_style(style);
    bar.set_position(done);
    bar.reset_eta();
    bar.set_draw_target(ProgressDrawTarget::stderr());
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Move `bar` to `p.done` runs; reports may come from several workers, so
/// the bar only moves forward.
pub fn show(bar: &ProgressBar, p: Progress) {
    if p.done > bar.position() {
        bar.set_position(p.done);
    }
}
