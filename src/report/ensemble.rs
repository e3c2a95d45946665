//! The files of an ensemble, written from its plain results
//! ([`EnsembleResult`]) and its totals ([`AggregateFile`]):
//!
//! - `summary.json`: the outcome summary ([`crate::ensemble::EnsembleSummary`]),
//!   pretty JSON;
//! - `timeseries.csv`, long format, one row per date and candidate:
//!   `date,candidate,expected_votes_mean,expected_votes_p5,expected_votes_p25,
//!   expected_votes_p50,expected_votes_p75,expected_votes_p95,win_probability_mean,
//!   win_probability_p5,..,win_probability_p95`. Expected votes are in member
//!   states, win probabilities in 0..1; percentiles are over runs, from
//!   histograms of 0.1 vote (0.01 up to 20 states) and 0.001 (see
//!   [`crate::ensemble::histogram`]);
//! - `states.csv`, one row per member state in the scenario's order:
//!   `code,name,region,voting_rights,pivotal,bellwether,margin,decisive_rank`.
//!   `pivotal`, `bellwether` and `margin` are defined in
//!   [`crate::ensemble::decisiveness`] and [`crate::ensemble::StateSummary`]
//!   (`bellwether` empty when undefined); `decisive_rank` is 1 for the most
//!   decisive state, up to 20, else empty;
//! - `state_votes.csv`, one row per member state and possible vote (each
//!   candidate id, `blank`, `absent`): `state,vote,probability,first_round`.
//!   `probability` is the probability of that paper at the ballot (mean over
//!   runs of the model's probability); `first_round` the fraction of runs in
//!   which the state voted for the candidate in the first round (empty for
//!   `blank` and `absent`, which the totals do not count by state);
//! - `aggregate.json`: the totals, to resume or merge ([`crate::ensemble::file`]);
//! - the charts `support_bands`, `winprob`, `outcome` and `swing_states`.
//!
//! Numbers in tables have six decimals, as for a run ([`super::csv::number`]).
//! Every file is a function of the totals only, so the same totals give
//! byte-identical files however the runs were computed.

use std::io::{self, Write};

use super::charts::figure::write_figure;
use super::charts::variance_sources::VarianceSources;
use super::charts::{self, ImageFormat};
use super::csv::{number, vote_values};
use super::runs;
use super::{OutputDir, ReportError};
use crate::ensemble::runs_table::RunsTable;
use crate::ensemble::variance::variance_sources;
use crate::ensemble::{AGGREGATE_FILE, AggregateFile, Distribution, EnsembleResult};

/// File name of the outcome summary.
pub const SUMMARY_FILE: &str = "summary.json";
/// File name of the per-date table.
pub const TIMESERIES_FILE: &str = "timeseries.csv";
/// File name of the per-state table.
pub const STATES_FILE: &str = "states.csv";
/// File name of the per-state and vote table.
pub const STATE_VOTES_FILE: &str = super::csv::STATE_VOTES_FILE;

/// Writes every file of an ensemble but the manifest into `dir`; returns their names.
pub fn write_ensemble(
    dir: &OutputDir,
    file: &AggregateFile,
    result: &EnsembleResult,
    format: ImageFormat,
) -> Result<Vec<String>, ReportError> {
    dir.write_bytes(SUMMARY_FILE, summary_json(result).as_bytes())?;
    dir.write_with(TIMESERIES_FILE, |w| write_timeseries(w, result))?;
    dir.write_with(STATES_FILE, |w| write_states(w, result))?;
    dir.write_with(STATE_VOTES_FILE, |w| write_state_votes(w, result))?;
    dir.write_bytes(AGGREGATE_FILE, file.to_json().as_bytes())?;
    let mut written = vec![
        SUMMARY_FILE.to_owned(),
        TIMESERIES_FILE.to_owned(),
        STATES_FILE.to_owned(),
        STATE_VOTES_FILE.to_owned(),
        AGGREGATE_FILE.to_owned(),
    ];
    written.extend(charts::write_ensemble_charts(dir, result, format)?);
    if let Some(table) = &file.runs_table {
        written.extend(write_uncertainty(dir, file, table, format)?);
    }
    Ok(written)
}

/// The per-run tables and, when runs drew numbers, `variance.csv` and the
/// `variance_sources` chart (of the candidate with most first-round votes).
fn write_uncertainty(
    dir: &OutputDir,
    file: &AggregateFile,
    table: &RunsTable,
    format: ImageFormat,
) -> Result<Vec<String>, ReportError> {
    let candidates = &file.frame.candidates;
    let mut written = runs::write_runs_tables(dir, table, candidates)?;
    if table.parameters.is_empty() || table.runs.is_empty() {
        return Ok(written);
    }
    let sources = variance_sources(table, candidates.len());
    dir.write_with(runs::VARIANCE_FILE, |w| {
        runs::write_variance(w, &sources, candidates)
    })?;
    written.push(runs::VARIANCE_FILE.to_owned());
    let leader = (0..candidates.len())
        .max_by_key(|&c| {
            (
                table
                    .runs
                    .iter()
                    .map(|r| u64::from(r.first_round_votes(c)))
                    .sum::<u64>(),
                std::cmp::Reverse(c),
            )
        })
        .unwrap_or(0);
    let chart = VarianceSources {
        title: &file.frame.title,
        candidates,
        candidate: leader,
        sources: &sources,
        runs: table.runs.len(),
        seed: file.provenance.seed,
    };
    written.push(write_figure(dir, &chart, format)?);
    Ok(written)
}

/// `summary.json`: the summary as pretty JSON, ending with a newline.
pub fn summary_json(result: &EnsembleResult) -> String {
    let mut s = serde_json::to_string_pretty(&result.summary).unwrap_or_default();
    s.push('\n');
    s
}

const STATS: [&str; 6] = ["mean", "p5", "p25", "p50", "p75", "p95"];

fn stats(d: Option<&Distribution>) -> Vec<String> {
    match d {
        Some(d) => [d.mean, d.p5, d.p25, d.median, d.p75, d.p95]
            .map(number)
            .to_vec(),
        None => vec![String::new(); STATS.len()],
    }
}

/// Writes `timeseries.csv` (see the module documentation) to `w`.
pub fn write_timeseries(w: &mut dyn Write, result: &EnsembleResult) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    let mut header = vec!["date".to_owned(), "candidate".to_owned()];
    for quantity in ["expected_votes", "win_probability"] {
        header.extend(STATS.iter().map(|s| format!("{quantity}_{s}")));
    }
    out.write_record(&header)?;
    for day in &result.timeseries {
        let date = day.date.format("%Y-%m-%d").to_string();
        for (c, candidate) in result.frame.candidates.iter().enumerate() {
            let mut row = vec![date.clone(), candidate.id.clone()];
            row.extend(stats(day.expected_votes.get(c)));
            row.extend(stats(day.win_probability.get(c)));
            out.write_record(&row)?;
        }
    }
    out.flush()
}

/// Writes `states.csv` (see the module documentation) to `w`.
pub fn write_states(w: &mut dyn Write, result: &EnsembleResult) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record([
        "code",
        "name",
        "region",
        "voting_rights",
        "pivotal",
        "bellwether",
        "margin",
        "decisive_rank",
    ])?;
    for (i, s) in result.states.iter().enumerate() {
        out.write_record([
            s.code.clone(),
            s.name.clone(),
            s.region.clone(),
            s.voting_rights.to_string(),
            number(s.pivotal),
            s.bellwether.map(number).unwrap_or_default(),
            number(s.margin),
            result
                .swing_states
                .iter()
                .position(|&j| j == i)
                .map(|r| (r + 1).to_string())
                .unwrap_or_default(),
        ])?;
    }
    out.flush()
}

/// Writes `state_votes.csv` (see the module documentation) to `w`.
pub fn write_state_votes(w: &mut dyn Write, result: &EnsembleResult) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(["state", "vote", "probability", "first_round"])?;
    let votes = vote_values(result.frame.candidates.iter().map(|c| c.id.as_str()));
    let k = result.frame.candidates.len();
    for s in &result.states {
        for (v, vote) in votes.iter().enumerate() {
            let (p, first) = match v {
                v if v < k => (
                    s.p_vote.get(v).copied().unwrap_or(0.0),
                    number(s.first_round.get(v).copied().unwrap_or(0.0)),
                ),
                v if v == k => (s.p_blank, String::new()),
                _ => (s.p_absent, String::new()),
            };
            out.write_record([s.code.as_str(), vote, &number(p), &first])?;
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::ensemble::{EnsembleConfig, run_ensemble};

    fn table(
        write: fn(&mut dyn Write, &EnsembleResult) -> io::Result<()>,
        r: &EnsembleResult,
    ) -> String {
        let mut bytes = Vec::new();
        write(&mut bytes, r).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn tables_have_a_row_per_date_and_candidate_and_per_state() {
        let l = crate::scenario::load("tests/fixtures/good/small_race.ron".as_ref()).unwrap();
        let config = EnsembleConfig {
            runs: 30,
            seed: 2,
            threads: 1,
            shard: None,
        };
        let file = run_ensemble(
            &l.scenario,
            "",
            &config,
            None,
            &AtomicBool::new(false),
            &|_| {},
        )
        .unwrap();
        let result = EnsembleResult::of(&file);
        let ts = table(write_timeseries, &result);
        let lines: Vec<&str> = ts.lines().collect();
        assert_eq!(
            lines[0],
            "date,candidate,expected_votes_mean,expected_votes_p5,expected_votes_p25,expected_votes_p50,\
             expected_votes_p75,expected_votes_p95,win_probability_mean,win_probability_p5,win_probability_p25,\
             win_probability_p50,win_probability_p75,win_probability_p95"
        );
        assert_eq!(lines.len(), 1 + 10 * 3);
        assert!(lines[1].starts_with("2040-05-01,A,"), "{}", lines[1]);
        let states = table(write_states, &result);
        let lines: Vec<&str> = states.lines().collect();
        assert_eq!(
            lines[0],
            "code,name,region,voting_rights,pivotal,bellwether,margin,decisive_rank"
        );
        assert_eq!(lines.len(), 1 + 6);
        // S3 has no voting rights: never pivotal, never ranked.
        assert!(
            lines[6].starts_with("S3,South 3,S,false,0.000000,"),
            "{}",
            lines[6]
        );
        assert!(lines[6].ends_with(','), "{}", lines[6]);
        let ranks: Vec<&str> = lines[1..]
            .iter()
            .filter_map(|l| l.rsplit(',').next())
            .filter(|r| !r.is_empty())
            .collect();
        assert_eq!(ranks.len(), 5);
        let votes = table(write_state_votes, &result);
        let lines: Vec<&str> = votes.lines().collect();
        assert_eq!(lines[0], "state,vote,probability,first_round");
        // 6 states × (3 candidates, blank, absent).
        assert_eq!(lines.len(), 1 + 6 * 5);
        // S3 is certainly absent.
        assert_eq!(
            lines[26..],
            [
                "S3,A,0.000000,0.000000",
                "S3,B,0.000000,0.000000",
                "S3,C,0.000000,0.000000",
                "S3,blank,0.000000,",
                "S3,absent,1.000000,"
            ]
        );
        let json: serde_json::Value = serde_json::from_str(&summary_json(&result)).unwrap();
        assert_eq!(json["runs"], 30);
        assert_eq!(json["candidates"][0]["id"], "A");
        assert_eq!(json["partial"], false);
    }
}
