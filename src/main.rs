//! The `lobbysim` binary: parse arguments, call the library, map errors to exit codes.

use clap::Parser;
use lobbysim::cli::Cli;
use lobbysim::commands::{self, CommandError};
use lobbysim::scenario::{LoadError, OverrideFailure};

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    let cli = Cli::parse();
    if let Err(e) = commands::dispatch(cli, &argv) {
        match &e {
            // Located diagnostics speak for themselves: FILE:LINE:COL: message.
            CommandError::Load(LoadError::Invalid(d))
            | CommandError::Override(OverrideFailure::Invalid(d)) => eprintln!("{d}"),
            // Invisible and bidirectional characters from arguments are shown escaped.
            _ => eprintln!(
                "error: {}",
                lobbysim::scenario::diagnostic::escape_invisible(&e.to_string())
            ),
        }
        std::process::exit(e.exit_code());
    }
}
