//! The per-run tables of an ensemble and its variance sources, tidy CSV:
//!
//! - `runs.csv`, one row per run: `run,seed,rounds,elected` (`elected` the
//!   id of the candidate elected to a single seat, empty if nobody was
//!   elected or the ballot had several seats: `runs_rounds.csv` has them);
//! - `runs_params.csv`, one row per run and drawn value: `run,parameter,value`
//!   (`parameter` the `--set` path of an uncertain number, or `shocks.ID`);
//! - `runs_rounds.csv`, one row per run, round and candidate:
//!   `run,round,candidate,standing,votes,eliminated,elected,blank,invalid,absent,no_vote,valid,majority`
//!   (`standing`, `eliminated`, `elected` are `true` or `false`; the round's blank and
//!   invalid papers, absent delegations, members without a vote, valid votes
//!   and majority repeat on each of its rows);
//! - `variance.csv`, one row per drawn value, outcome and candidate:
//!   `parameter,outcome,candidate,first_order,standard_error,runs,bins`
//!   (docs/ENSEMBLE.md, "Where the uncertainty comes from").
//!
//! Drawn values are written with Rust's shortest round-trip form, so a
//! value read back is the value the run used.

use std::io::{self, Write};

use super::csv::number;
use super::{OutputDir, ReportError};
use crate::ensemble::runs_table::RunsTable;
use crate::ensemble::variance::VarianceSource;
use crate::result::CandidateInfo;

pub const RUNS_FILE: &str = "runs.csv";
pub const RUNS_PARAMS_FILE: &str = "runs_params.csv";
pub const RUNS_ROUNDS_FILE: &str = "runs_rounds.csv";
pub const VARIANCE_FILE: &str = "variance.csv";

/// Write the three per-run tables; returns their names.
pub fn write_runs_tables(
    dir: &OutputDir,
    table: &RunsTable,
    candidates: &[CandidateInfo],
) -> Result<Vec<String>, ReportError> {
    dir.write_with(RUNS_FILE, |w| write_runs(w, table, candidates))?;
    dir.write_with(RUNS_PARAMS_FILE, |w| write_params(w, table))?;
    dir.write_with(RUNS_ROUNDS_FILE, |w| write_rounds(w, table, candidates))?;
    Ok(vec![
        RUNS_FILE.to_owned(),
        RUNS_PARAMS_FILE.to_owned(),
        RUNS_ROUNDS_FILE.to_owned(),
    ])
}

pub fn write_runs(
    w: &mut dyn Write,
    table: &RunsTable,
    candidates: &[CandidateInfo],
) -> io::Result<()> {
    let mut w = io::BufWriter::new(w);
    writeln!(w, "run,seed,rounds,elected")?;
    for r in &table.runs {
        let elected = r.elected.map_or("", |c| candidates[c].id.as_str());
        writeln!(w, "{},{},{},{elected}", r.run, r.seed, r.rounds.len())?;
    }
    w.flush()
}

pub fn write_params(w: &mut dyn Write, table: &RunsTable) -> io::Result<()> {
    let mut w = io::BufWriter::new(w);
    writeln!(w, "run,parameter,value")?;
    for r in &table.runs {
        for (name, value) in table.parameters.iter().zip(&r.parameters) {
            writeln!(w, "{},{name},{value}", r.run)?;
        }
    }
    w.flush()
}

pub fn write_rounds(
    w: &mut dyn Write,
    table: &RunsTable,
    candidates: &[CandidateInfo],
) -> io::Result<()> {
    let mut w = io::BufWriter::new(w);
    writeln!(
        w,
        "run,round,candidate,standing,votes,eliminated,elected,blank,invalid,absent,no_vote,valid,majority"
    )?;
    for r in &table.runs {
        for round in &r.rounds {
            for (c, info) in candidates.iter().enumerate() {
                writeln!(
                    w,
                    "{},{},{},{},{},{},{},{},{},{},{},{},{}",
                    r.run,
                    round.number,
                    info.id,
                    round.standing.contains(&c),
                    round.tally[c],
                    round.eliminated.contains(&c),
                    round.elected.contains(&c),
                    round.blank,
                    round.invalid,
                    round.absent,
                    round.no_vote,
                    round.valid,
                    round.majority
                )?;
            }
        }
    }
    w.flush()
}

pub fn write_variance(
    w: &mut dyn Write,
    sources: &[VarianceSource],
    candidates: &[CandidateInfo],
) -> io::Result<()> {
    let mut w = io::BufWriter::new(w);
    writeln!(
        w,
        "parameter,outcome,candidate,first_order,standard_error,runs,bins"
    )?;
    for s in sources {
        writeln!(
            w,
            "{},{},{},{},{},{},{}",
            s.parameter,
            s.outcome,
            candidates[s.candidate].id,
            number(s.first_order),
            number(s.standard_error),
            s.runs,
            s.bins
        )?;
    }
    w.flush()
}
