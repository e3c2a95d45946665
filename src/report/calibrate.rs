//! The tables, summary and what-ifs of `lobbysim calibrate` (ABC-SMC,
//! [`crate::analysis::abc`]; docs/VALIDATION.md):
//!
//! - `posterior.csv`, one row per generation, particle and parameter:
//!   `generation,particle,weight,distance,parameter,value`;
//! - `generations.csv`, one row per generation:
//!   `generation,tolerance,accepted,proposed,model_runs,acceptance`;
//! - `predictive.csv`, the posterior predictive check, one row per case,
//!   round and candidate: `case,round,candidate,observed,mean,q05,q50,q95,pit`;
//! - `summary.txt` ([`summary_text`]) and `whatifs/<case>.ron` ([`whatif`]).

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use crate::analysis::abc::{Generation, weighted_moments, weighted_quantile};
use crate::analysis::calibrate::{CalibrationCase, CaseRun, ParamSpec, PredictiveRow};

/// File name of the posterior's particles.
pub const POSTERIOR_FILE: &str = "posterior.csv";
/// File name of the table of generations.
pub const GENERATIONS_FILE: &str = "generations.csv";
/// File name of the posterior predictive check.
pub const PREDICTIVE_FILE: &str = "predictive.csv";

/// The generations of an ABC-SMC calibration, each particle with its runs.
pub type Population = Vec<Generation<Vec<CaseRun>>>;

pub fn write_posterior(
    w: &mut dyn Write,
    specs: &[ParamSpec],
    gens: &Population,
) -> io::Result<()> {
    writeln!(w, "generation,particle,weight,distance,parameter,value")?;
    for (g, gen_) in gens.iter().enumerate() {
        for (i, t) in gen_.theta.iter().enumerate() {
            for (s, x) in specs.iter().zip(t) {
                writeln!(
                    w,
                    "{g},{i},{:.6},{:.6},{},{x:.6}",
                    gen_.weights[i], gen_.distances[i], s.path
                )?;
            }
        }
    }
    Ok(())
}

pub fn write_generations(w: &mut dyn Write, gens: &Population, cases: usize) -> io::Result<()> {
    writeln!(
        w,
        "generation,tolerance,accepted,proposed,model_runs,acceptance"
    )?;
    for (g, gen_) in gens.iter().enumerate() {
        let tolerance = if gen_.tolerance.is_finite() {
            format!("{:.6}", gen_.tolerance)
        } else {
            String::new()
        };
        writeln!(
            w,
            "{g},{tolerance},{},{},{},{:.6}",
            gen_.theta.len(),
            gen_.proposed,
            gen_.proposed * cases as u64,
            gen_.acceptance()
        )?;
    }
    Ok(())
}

pub fn write_predictive(w: &mut dyn Write, rows: &[PredictiveRow]) -> io::Result<()> {
    writeln!(w, "case,round,candidate,observed,mean,q05,q50,q95,pit")?;
    for r in rows {
        writeln!(
            w,
            "{},{},{},{},{:.6},{:.0},{:.0},{:.0},{:.6}",
            r.case, r.round, r.candidate, r.observed, r.mean, r.q05, r.q50, r.q95, r.pit
        )?;
    }
    Ok(())
}

/// The posterior's summary: per parameter its weighted mean, sd and 90%
/// interval; the generations; the predictive check; the cost.
pub fn summary_text(
    specs: &[ParamSpec],
    gens: &Population,
    ppc: &[PredictiveRow],
    runs: u64,
    secs: f64,
) -> String {
    let mut s = String::new();
    let last = gens.last().expect("a generation");
    let _ = writeln!(
        s,
        "ABC-SMC posterior, generation {} (tolerance {:.4})",
        gens.len() - 1,
        last.tolerance
    );
    let _ = writeln!(
        s,
        "{:<40} {:>8} {:>8} {:>8} {:>8}",
        "parameter", "mean", "sd", "q05", "q95"
    );
    for (p, spec) in specs.iter().enumerate() {
        let (m, v) = weighted_moments(last, p);
        let values: Vec<f64> = last.theta.iter().map(|t| t[p]).collect();
        let _ = writeln!(
            s,
            "{:<40} {m:>8.3} {:>8.3} {:>8.3} {:>8.3}",
            spec.path,
            v.sqrt(),
            weighted_quantile(&values, &last.weights, 0.05),
            weighted_quantile(&values, &last.weights, 0.95)
        );
    }
    for (g, gen_) in gens.iter().enumerate() {
        let _ = writeln!(
            s,
            "generation {g}: tolerance {:.4}, accepted {} of {} proposals ({:.1}%)",
            gen_.tolerance,
            gen_.theta.len(),
            gen_.proposed,
            100.0 * gen_.acceptance()
        );
    }
    let inside = ppc
        .iter()
        .filter(|r| (r.q05..=r.q95).contains(&f64::from(r.observed)))
        .count();
    let _ = writeln!(
        s,
        "posterior predictive: {inside} of {} observed counts inside the 90% band",
        ppc.len()
    );
    let _ = writeln!(s, "cost: {runs} model runs, {secs:.1} s");
    s
}

/// A what-if of `case` that sets each calibrated number to a normal
/// distribution with the posterior's weighted mean and sd.
pub fn whatif(path: &Path, case: &CalibrationCase, last: &Generation<Vec<CaseRun>>) -> String {
    let base = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut sets = Vec::new();
    for (p, paths) in case.paths.iter().enumerate() {
        let (m, v) = weighted_moments(last, p);
        for concrete in paths {
            sets.push(format!(
                "        \"{concrete}=Normal(mean: {m:.4}, sd: {:.4})\",",
                v.sqrt().max(1e-4)
            ));
        }
    }
    let name = &case.scenario.meta.name;
    format!(
        "// Written by lobbysim calibrate: the posterior of the calibrated numbers as distributions.\n\
         WhatIf(\n    version: 1,\n    base: {:?},\n    meta: (name: \"{name}-posterior\", title: \"{name} with calibrated numbers\", \
         description: \"Normal approximations of the ABC-SMC posterior (each term draws on its own, so shared values are not drawn jointly).\"),\n    set: [\n{}\n    ],\n)\n",
        base.display().to_string(),
        sets.join("\n")
    )
}
