//! The per-run tables of commands that run a scenario as several variants
//! side by side (docs/ANALYSIS.md, "Per-run tables"): the ensemble's three
//! tables ([`super::runs`]) with a first column naming the variant, and for
//! sweep and sensitivity a table of the points' parameter values.
//!
//! - `compare`: `runs.csv`, `runs_params.csv`, `runs_rounds.csv` start with
//!   `variant` (`base` or `what_if`); `run` is the pair index: run `i` of
//!   the base and run `i` of the what-if share their seed;
//! - `sweep`, `sensitivity`: the same tables start with `point` (the grid
//!   or design point, from 0), and `runs_points.csv` is
//!   `point,parameter,value`, one row per point and varied parameter
//!   (`parameter` its `--vary`/`--param` path).

use std::io::{self, Write};

use super::runs::{RUNS_FILE, RUNS_PARAMS_FILE, RUNS_ROUNDS_FILE};
use super::{OutputDir, ReportError};
use crate::analysis::sweep::format_value;
use crate::ensemble::runs_table::RunsTable;
use crate::result::CandidateInfo;

pub const RUNS_POINTS_FILE: &str = "runs_points.csv";

/// The key column of compare's tables.
pub const VARIANT_COLUMN: &str = "variant";
/// The key column of sweep's and sensitivity's tables.
pub const POINT_COLUMN: &str = "point";

/// Write the three per-run tables of `tables`, each `(key value, table)`,
/// under the key column `column`; returns their names.
pub fn write_variant_runs_tables(
    dir: &OutputDir,
    column: &str,
    tables: &[(String, RunsTable)],
    candidates: &[CandidateInfo],
) -> Result<Vec<String>, ReportError> {
    dir.write_with(RUNS_FILE, |w| {
        keyed(w, column, super::runs::RUNS_HEADER, tables, &|w, key, t| {
            super::runs::runs_rows(w, key, t, candidates)
        })
    })?;
    dir.write_with(RUNS_PARAMS_FILE, |w| {
        keyed(
            w,
            column,
            super::runs::PARAMS_HEADER,
            tables,
            &|w, key, t| super::runs::params_rows(w, key, t),
        )
    })?;
    dir.write_with(RUNS_ROUNDS_FILE, |w| {
        keyed(
            w,
            column,
            super::runs::ROUNDS_HEADER,
            tables,
            &|w, key, t| super::runs::rounds_rows(w, key, t, candidates),
        )
    })?;
    Ok(vec![
        RUNS_FILE.to_owned(),
        RUNS_PARAMS_FILE.to_owned(),
        RUNS_ROUNDS_FILE.to_owned(),
    ])
}

type Rows<'a> = dyn Fn(&mut io::BufWriter<&mut dyn Write>, &str, &RunsTable) -> io::Result<()> + 'a;

fn keyed(
    w: &mut dyn Write,
    column: &str,
    header: &str,
    tables: &[(String, RunsTable)],
    rows: &Rows<'_>,
) -> io::Result<()> {
    let mut w = io::BufWriter::new(w);
    writeln!(w, "{column},{header}")?;
    for (key, table) in tables {
        rows(&mut w, &format!("{key},"), table)?;
    }
    w.flush()
}

/// `runs_points.csv`: each point's value of each varied parameter, as its
/// override wrote it.
pub fn write_runs_points(
    dir: &OutputDir,
    names: &[String],
    points: &[Vec<f64>],
) -> Result<String, ReportError> {
    dir.write_with(RUNS_POINTS_FILE, |w| {
        let mut w = io::BufWriter::new(w);
        writeln!(w, "point,parameter,value")?;
        for (p, values) in points.iter().enumerate() {
            for (name, value) in names.iter().zip(values) {
                writeln!(w, "{p},{name},{}", format_value(*value))?;
            }
        }
        w.flush()
    })?;
    Ok(RUNS_POINTS_FILE.to_owned())
}
