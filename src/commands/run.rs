//! `lobbysim run`: one seeded run of a scenario, written as tables and charts.

use std::path::Path;

use super::{CommandError, load_scenario, output_folder, scenario_manifest};
use crate::cli::{Format, OutputArgs, OverrideArgs};
use crate::model;
use crate::report::{self, ImageFormat, OutputDir};
use crate::result::{RunResult, SampledValue};

/// The run's drawn numbers, `parameter,value`, when the scenario has any.
pub const PARAMETERS_FILE: &str = "parameters.csv";

pub fn run(
    file: &Path,
    seed: u64,
    central: bool,
    output: &OutputArgs,
    format: Format,
    overrides: &OverrideArgs,
    argv: &[String],
) -> Result<(), CommandError> {
    let loaded = load_scenario(file, overrides)?;
    if loaded.scenario.is_conference() {
        let how = super::run_conference::How {
            seed,
            central,
            output,
            format,
            overrides,
            argv,
        };
        return super::run_conference::run(file, &loaded, &how);
    }
    let name = &loaded.scenario.meta.name;
    let folder = output_folder(&output.out, name, &format!("seed{seed}"));
    // Refuse an existing folder before any work is done.
    let dir = OutputDir::create(&folder, output.force)?;
    let result = model::run_central(&loaded.scenario, seed, central);
    let mut files = report::write_run(&dir, &result, image_format(format))?;
    files.extend(write_parameters(&dir, &result.parameters)?);
    let mut manifest = scenario_manifest("run", file, &loaded, seed, argv, overrides);
    manifest
        .extra
        .insert("central".to_owned(), serde_json::json!(central));
    files.sort();
    manifest.files = files;
    report::write_manifest(&dir, manifest)?;
    let path = dir.finish()?;
    if output.json {
        print!("{}", summary_json(&result));
    } else if !output.quiet {
        print!("{}", summary(&result));
        println!("results in {}", path.display());
    }
    Ok(())
}

/// Writes `parameters.csv` when the run drew any value; its name if so.
pub fn write_parameters(
    dir: &OutputDir,
    parameters: &[SampledValue],
) -> Result<Option<String>, report::ReportError> {
    if parameters.is_empty() {
        return Ok(None);
    }
    dir.write_with(PARAMETERS_FILE, |w| {
        writeln!(w, "parameter,value")?;
        for p in parameters {
            writeln!(w, "{},{}", p.name, p.value)?;
        }
        Ok(())
    })?;
    Ok(Some(PARAMETERS_FILE.to_owned()))
}

pub fn image_format(format: Format) -> ImageFormat {
    match format {
        Format::Png => ImageFormat::Png,
        Format::Svg => ImageFormat::Svg,
    }
}

/// The ballot as JSON for `--json`: who was elected and each round's tally
/// (candidates by id, as in `ballot.csv`), pretty, ending with a newline.
pub fn summary_json(result: &RunResult) -> String {
    let id = |c: usize| result.candidates[c].id.clone();
    let rounds: Vec<serde_json::Value> = result
        .ballot
        .rounds
        .iter()
        .map(|r| {
            let votes: serde_json::Map<String, serde_json::Value> = r
                .standing
                .iter()
                .map(|&c| (id(c), r.tally[c].into()))
                .collect();
            serde_json::json!({
                "round": r.number,
                "votes": votes,
                "valid": r.valid,
                "blank": r.blank,
                "invalid": r.invalid,
                "absent": r.absent,
                "majority": r.majority,
                "elected": r.elected.iter().map(|&c| id(c)).collect::<Vec<_>>(),
                "eliminated": r.eliminated.iter().map(|&c| id(c)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let json = serde_json::json!({
        "scenario": result.scenario,
        "seed": result.seed,
        "ballot_date": result.ballot_date.format("%Y-%m-%d").to_string(),
        "eligible_voters": result.eligible_voters,
        "elected": result.ballot.elected.map(id),
        "winners": result.ballot.winners.iter().map(|&c| id(c)).collect::<Vec<_>>(),
        "rounds": rounds,
    });
    crate::report::json_text::sorted_pretty(&json)
}

/// A few lines on the ballot: winner, votes per round.
pub fn summary(result: &RunResult) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let name = |c: usize| result.candidates[c].name.as_str();
    let _ = writeln!(
        out,
        "{} (seed {}): ballot on {}, {} eligible voters",
        result.scenario, result.seed, result.ballot_date, result.eligible_voters
    );
    for round in &result.ballot.rounds {
        let tally: Vec<String> = round
            .standing
            .iter()
            .map(|&c| format!("{} {}", name(c), round.tally[c]))
            .collect();
        let _ = write!(
            out,
            "  round {}: {}; blank {}, absent {}; {} needed of {} {}",
            round.number,
            tally.join(", "),
            round.blank,
            round.absent,
            round.majority,
            round.base,
            crate::report::csv::majority_of_label(round.rule.majority_of),
        );
        let names = |list: &[usize]| list.iter().map(|&c| name(c)).collect::<Vec<_>>().join(", ");
        if !round.elected.is_empty() {
            let _ = write!(out, " -> {} elected", names(&round.elected));
        } else if !round.eliminated.is_empty() {
            let _ = write!(out, " -> {} eliminated", names(&round.eliminated));
        }
        if !round.withdrawn.is_empty() {
            let _ = write!(out, "; {} withdrew", names(&round.withdrawn));
        }
        out.push('\n');
    }
    if result.ballot.seats > 1 {
        let names: Vec<&str> = result.ballot.winners.iter().map(|&c| name(c)).collect();
        let _ = writeln!(
            out,
            "elected: {} of {} seats filled in {} round{}{}{}",
            names.len(),
            result.ballot.seats,
            result.ballot.rounds.len(),
            if result.ballot.rounds.len() == 1 {
                ""
            } else {
                "s"
            },
            if names.is_empty() { "" } else { ": " },
            names.join(", ")
        );
        return out;
    }
    match result.ballot.elected {
        Some(c) => {
            let rounds = result.ballot.rounds.len();
            let _ = writeln!(
                out,
                "winner: {} after {rounds} round{}",
                name(c),
                if rounds == 1 { "" } else { "s" }
            );
        }
        None => {
            let _ = writeln!(
                out,
                "no winner within {} rounds",
                result.ballot.rounds.len()
            );
        }
    }
    out
}
