//! Print a scenario with every uncertain number at its central value, no
//! shocks and no per-state variation (`lobbysim run --central` as a file):
//! the benchmark's "without uncertain parameters" case.
//!
//!   cargo run --release --example central_scenario -- scenarios/itu_pp22.ron > central.ron

use std::process::ExitCode;

use lobbysim::scenario::central::central;
use lobbysim::scenario::load;
use lobbysim::scenario::synthetic::to_ron;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: central_scenario SCENARIO.ron");
        return ExitCode::from(2);
    };
    let loaded = match load(path.as_ref()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match to_ron(&central(&loaded.scenario)) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write the scenario: {e}");
            ExitCode::FAILURE
        }
    }
}
