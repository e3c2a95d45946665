//! What the benchmarks and the benchmark table share: the reference scenario
//! (the committed PP-22 case when present, else a synthetic one of its size)
//! and the sizes of the scaling runs.

use std::path::Path;

use lobbysim::scenario::{Scenario, load, synthetic::benchmark_scenario};

/// The committed PP-22 scenario, relative to the repository root.
pub const PP22: &str = "scenarios/itu_pp22.ron";

/// Member states of the ITU, and days of the PP-22 race modelled.
pub const PP22_STATES: usize = 193;
pub const PP22_DAYS: u32 = 270;

/// Member states in the scaling runs (at [`PP22_DAYS`] days).
pub const SCALING_STATES: [usize; 4] = [193, 1_000, 5_000, 10_000];
/// Days in the scaling runs (at [`PP22_STATES`] states).
pub const SCALING_DAYS: [u32; 3] = [100, 300, 1_000];

/// The scenario a single run is timed on, and its name: the committed PP-22
/// scenario if the file exists, else a synthetic scenario of its size.
///
/// # Panics
/// When the PP-22 file exists but does not load: a committed scenario must.
pub fn reference_scenario() -> (String, Scenario) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(PP22);
    if path.exists() {
        match load(&path) {
            Ok(loaded) => return (PP22.to_string(), loaded.scenario),
            Err(e) => panic!("{PP22} exists but does not load:\n{e}"),
        }
    }
    let s = benchmark_scenario(PP22_STATES, PP22_DAYS);
    (
        format!("synthetic {PP22_STATES} states x {PP22_DAYS} days"),
        s,
    )
}

/// A tick in the thick of the race: three quarters of the way to the ballot,
/// when every synthetic campaign is under way.
pub fn busy_tick(ticks: usize) -> usize {
    ticks * 3 / 4
}
