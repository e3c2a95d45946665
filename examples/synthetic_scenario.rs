//! Write a synthetic benchmark scenario as a RON scenario file on stdout, for
//! timing the command-line tool on scenarios of any size:
//!
//! ```text
//! cargo run --release --example synthetic_scenario -- --states 5000 --days 270 > big.ron
//! lobbysim run big.ron
//! ```

use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use lobbysim::scenario::{load_str, synthetic};

/// Sizes of the scenario; the defaults are those of the ITU's PP-22 election.
#[derive(Parser, Debug)]
#[command(about = "Write a synthetic benchmark scenario (RON) to stdout")]
struct Args {
    /// Member states.
    #[arg(long, default_value_t = 193)]
    states: usize,
    /// Blocs; by default one per 16 states, at least 5.
    #[arg(long)]
    blocs: Option<usize>,
    /// Lobbying campaigns.
    #[arg(long, default_value_t = 8)]
    campaigns: usize,
    /// Days from the start to the ballot (one tick per day).
    #[arg(long, default_value_t = 270)]
    days: u32,
    /// Candidates.
    #[arg(long, default_value_t = 2)]
    candidates: usize,
    /// Seed of the generator (the same seed gives the same file).
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn main() -> ExitCode {
    let a = Args::parse();
    let blocs = a.blocs.unwrap_or(synthetic::default_blocs(a.states));
    let s =
        synthetic::synthetic_scenario(a.states, blocs, a.campaigns, a.days, a.candidates, a.seed);
    let text = match synthetic::to_ron(&s) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot write the scenario as RON: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Refuse to print a file that the loader would not read back.
    if let Err(e) = load_str(Path::new("synthetic.ron"), &text) {
        eprintln!("error: the generated scenario does not load back:\n{e}");
        return ExitCode::FAILURE;
    }
    print!("{text}");
    ExitCode::SUCCESS
}
