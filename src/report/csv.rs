//! The tables of one run, as tidy CSV files with a header row: one
//! observation per row, ids (candidates, regions, states) as values in
//! columns, never inside column names. docs/OUTPUTS.md is the data dictionary.
//!
//! Numbers are written with six decimals (`{:.6}`; `-0.000000` is written as
//! `0.000000`), counts as integers, dates as ISO `YYYY-MM-DD`, booleans as
//! `true`/`false`, and candidates and regions by their scenario ids, so the
//! same result always gives byte-identical files.
//!
//! - `timeseries.csv`, one row per date and candidate, for the whole body:
//!   `date,candidate,expected_votes,win_probability,pledges`.
//!   `expected_votes` is in member states (expected number of votes);
//!   `win_probability` is in 0..1; `pledges` counts the public pledges so far.
//! - `timeseries_regions.csv`, one row per date, region and candidate:
//!   `date,region,candidate,expected_votes` (the same quantity within the
//!   region; the regions add up to the whole body's figure).
//! - `states.csv`, one row per member state in the scenario's order:
//!   `code,name,region,voting_rights,pledge,first_round_vote`. `pledge` is
//!   the candidate id publicly pledged to (empty if none); `first_round_vote`
//!   is a candidate id (the first name on the paper when it may name
//!   several), `blank`, `absent`, or `no_vote` (outside the post's electorate
//!   or without voting rights).
//! - `state_votes.csv`, one row per member state and possible vote (each
//!   candidate, then `blank`, then `absent`): `state,vote,probability`.
//!   Probabilities are unconditional and sum to 1 per state.
//! - `ballot.csv`, one row per round and candidate (every candidate in every
//!   round, so rounds line up):
//!   `round,candidate,votes,standing,elected,eliminated,valid,blank,invalid,absent,majority,withdrawn,seats_open,restricted,no_vote,base,majority_of,threshold`.
//!   `votes` is 0 for a candidate not standing; `elected`/`eliminated`/
//!   `withdrawn` say whether that candidate was elected, eliminated by the
//!   rules or withdrew in that round; the other columns describe the round
//!   and repeat on each of its rows: `valid` ballot papers (naming only
//!   standing candidates), `blank` papers, `invalid` papers, `absent`
//!   delegations with a vote, `majority` (votes needed to be elected),
//!   `seats_open` (names a paper may hold), `restricted` (a restricted
//!   ballot), `no_vote` (states without a vote: outside the electorate or
//!   without voting rights), `base` (what the threshold is a share of),
//!   `majority_of` (`valid`, `valid_and_blank`, `all_members`,
//!   `entitled_members`) and `threshold` (`majority`, `two_thirds`,
//!   `more_than_P/Q`, `at_least_P/Q`, `plurality`); docs/RULES.md.
//! - `transfers.csv`, long format, one row per round and pair of papers
//!   that at least one state moved between: `from_round,from,to,states`.
//!   `states` member states cast a paper of kind `from` in round
//!   `from_round` and of kind `to` in the next round, a kind being a
//!   candidate id (the first name on the paper), `blank` or `absent`.
//!   States without a vote are left out; a ballot of one round has no rows.

use std::io::{self, Write};

use crate::result::{RunResult, Vote};
use crate::scenario::{MajorityOf, Threshold};

use super::{OutputDir, ReportError};

/// File name of the per-date table (whole body).
pub const TIMESERIES_FILE: &str = "timeseries.csv";
/// File name of the per-date table by region.
pub const TIMESERIES_REGIONS_FILE: &str = "timeseries_regions.csv";
/// File name of the per-state table.
pub const STATES_FILE: &str = "states.csv";
/// File name of the per-state and vote table.
pub const STATE_VOTES_FILE: &str = "state_votes.csv";
/// File name of the ballot table.
pub const BALLOT_FILE: &str = "ballot.csv";
/// File name of the table of votes moving between rounds.
pub const TRANSFERS_FILE: &str = "transfers.csv";

/// The names of the tables of one run, in the order written.
pub const RUN_TABLES: [&str; 6] = [
    TIMESERIES_FILE,
    TIMESERIES_REGIONS_FILE,
    STATES_FILE,
    STATE_VOTES_FILE,
    BALLOT_FILE,
    TRANSFERS_FILE,
];

/// Writes the tables of one run into `dir`; returns their names.
pub fn write_run_tables(dir: &OutputDir, result: &RunResult) -> Result<Vec<String>, ReportError> {
    dir.write_with(TIMESERIES_FILE, |w| write_timeseries(w, result))?;
    dir.write_with(TIMESERIES_REGIONS_FILE, |w| {
        write_timeseries_regions(w, result)
    })?;
    dir.write_with(STATES_FILE, |w| write_states(w, result))?;
    dir.write_with(STATE_VOTES_FILE, |w| write_state_votes(w, result))?;
    dir.write_with(BALLOT_FILE, |w| write_ballot(w, result))?;
    dir.write_with(TRANSFERS_FILE, |w| write_transfers(w, result))?;
    Ok(RUN_TABLES.map(str::to_owned).to_vec())
}

/// Writes `transfers.csv` (see the module documentation) to `w`.
pub fn write_transfers(w: &mut dyn Write, result: &RunResult) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(["from_round", "from", "to", "states"])?;
    let k = result.candidates.len();
    let kind = |j: usize| match j {
        j if j < k => candidate_id(result, j),
        j if j == k => "blank".to_owned(),
        _ => "absent".to_owned(),
    };
    for flow in &result.ballot.flows {
        for (a, row) in flow.counts.iter().enumerate() {
            for (b, &states) in row.iter().enumerate() {
                if states > 0 {
                    out.write_record([
                        flow.from_round.to_string(),
                        kind(a),
                        kind(b),
                        states.to_string(),
                    ])?;
                }
            }
        }
    }
    out.flush()
}

/// Writes `timeseries.csv` (see the module documentation) to `w`.
pub fn write_timeseries(w: &mut dyn Write, result: &RunResult) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record([
        "date",
        "candidate",
        "expected_votes",
        "win_probability",
        "pledges",
    ])?;
    for tick in &result.history {
        let date = tick.date.format("%Y-%m-%d").to_string();
        for (c, candidate) in result.candidates.iter().enumerate() {
            out.write_record([
                date.as_str(),
                &candidate.id,
                &opt_number(tick.expected_votes.get(c)),
                &opt_number(tick.win_probability.get(c)),
                &tick.pledges.get(c).copied().unwrap_or(0).to_string(),
            ])?;
        }
    }
    out.flush()
}

/// Writes `timeseries_regions.csv` (see the module documentation) to `w`.
pub fn write_timeseries_regions(w: &mut dyn Write, result: &RunResult) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(["date", "region", "candidate", "expected_votes"])?;
    for tick in &result.history {
        let date = tick.date.format("%Y-%m-%d").to_string();
        for (r, region) in result.regions.iter().enumerate() {
            for (c, candidate) in result.candidates.iter().enumerate() {
                let votes = tick
                    .expected_votes_by_region
                    .get(r)
                    .and_then(|by_candidate| by_candidate.get(c));
                out.write_record([
                    date.as_str(),
                    &region.id,
                    &candidate.id,
                    &number(votes.copied().unwrap_or(0.0)),
                ])?;
            }
        }
    }
    out.flush()
}

/// Writes `states.csv` (see the module documentation) to `w`.
pub fn write_states(w: &mut dyn Write, result: &RunResult) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record([
        "code",
        "name",
        "region",
        "voting_rights",
        "pledge",
        "first_round_vote",
    ])?;
    for state in &result.states {
        out.write_record([
            state.code.clone(),
            state.name.clone(),
            region_id(result, state.region),
            state.voting_rights.to_string(),
            state
                .pledge
                .map(|c| candidate_id(result, c))
                .unwrap_or_default(),
            match state.first_round_vote {
                Vote::Absent => ABSENT.to_owned(),
                Vote::NoVote => "no_vote".to_owned(),
                Vote::Blank => BLANK.to_owned(),
                Vote::For(c) => candidate_id(result, c),
            },
        ])?;
    }
    out.flush()
}

/// The `vote` value of a blank paper.
pub const BLANK: &str = "blank";
/// The `vote` value of an absent delegation.
pub const ABSENT: &str = "absent";

/// The values of a `vote` column: each candidate id, then `blank`, `absent`.
pub fn vote_values<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut votes: Vec<&str> = ids.into_iter().collect();
    votes.extend([BLANK, ABSENT]);
    votes
}

/// Writes `state_votes.csv` (see the module documentation) to `w`.
pub fn write_state_votes(w: &mut dyn Write, result: &RunResult) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(["state", "vote", "probability"])?;
    let votes = vote_values(result.candidates.iter().map(|c| c.id.as_str()));
    let k = result.candidates.len();
    for state in &result.states {
        for (v, vote) in votes.iter().enumerate() {
            let p = match v {
                v if v < k => state.p_vote.get(v).copied().unwrap_or(0.0),
                v if v == k => state.p_blank,
                _ => state.p_absent,
            };
            out.write_record([state.code.as_str(), vote, &number(p)])?;
        }
    }
    out.flush()
}

/// A plain identifier (letters, digits, underscores) for a scenario path
/// used as a column name: `campaigns.ru-outreach.budget` →
/// `campaigns_ru_outreach_budget`.
pub fn column_name(path: &str) -> String {
    let name: String = path
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) || name.is_empty() {
        format!("x_{name}")
    } else {
        name
    }
}

/// Writes `ballot.csv` (see the module documentation) to `w`.
pub fn write_ballot(w: &mut dyn Write, result: &RunResult) -> io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record([
        "round",
        "candidate",
        "votes",
        "standing",
        "elected",
        "eliminated",
        "valid",
        "blank",
        "invalid",
        "absent",
        "majority",
        "withdrawn",
        "seats_open",
        "restricted",
        "no_vote",
        "base",
        "majority_of",
        "threshold",
    ])?;
    for round in &result.ballot.rounds {
        for (c, candidate) in result.candidates.iter().enumerate() {
            out.write_record([
                round.number.to_string(),
                candidate.id.clone(),
                round.tally.get(c).copied().unwrap_or(0).to_string(),
                round.standing.contains(&c).to_string(),
                round.elected.contains(&c).to_string(),
                round.eliminated.contains(&c).to_string(),
                round.valid.to_string(),
                round.blank.to_string(),
                round.invalid.to_string(),
                round.absent.to_string(),
                round.majority.to_string(),
                round.withdrawn.contains(&c).to_string(),
                round.seats_open.to_string(),
                round.restricted.to_string(),
                round.no_vote.to_string(),
                round.base.to_string(),
                majority_of_label(round.rule.majority_of).to_owned(),
                threshold_label(round.rule.threshold),
            ])?;
        }
    }
    out.flush()
}

/// The `majority_of` value of `ballot.csv`.
pub fn majority_of_label(m: MajorityOf) -> &'static str {
    match m {
        MajorityOf::Valid => "valid",
        MajorityOf::ValidAndBlank => "valid_and_blank",
        MajorityOf::AllMembers => "all_members",
        MajorityOf::EntitledMembers => "entitled_members",
    }
}

/// The `threshold` value of `ballot.csv`: `majority`, `two_thirds`,
/// `more_than_P/Q`, `at_least_P/Q` or `plurality`.
pub fn threshold_label(t: Threshold) -> String {
    match t {
        Threshold::Majority => "majority".to_owned(),
        Threshold::TwoThirds => "two_thirds".to_owned(),
        Threshold::MoreThan(p, q) => format!("more_than_{p}/{q}"),
        Threshold::AtLeast(p, q) => format!("at_least_{p}/{q}"),
        Threshold::Plurality => "plurality".to_owned(),
    }
}

/// A number with six decimals; negative zero is written as zero.
pub fn number(x: f64) -> String {
    let s = format!("{x:.6}");
    if s == "-0.000000" {
        "0.000000".to_owned()
    } else {
        s
    }
}

fn opt_number(x: Option<&f64>) -> String {
    x.map(|x| number(*x)).unwrap_or_default()
}

/// The id of candidate `c`, or its index if the result does not list it.
fn candidate_id(result: &RunResult, c: usize) -> String {
    result
        .candidates
        .get(c)
        .map_or_else(|| c.to_string(), |x| x.id.clone())
}

/// The id of region `r`, or its index if the result does not list it.
fn region_id(result: &RunResult, r: usize) -> String {
    result
        .regions
        .get(r)
        .map_or_else(|| r.to_string(), |x| x.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    fn table(
        write: fn(&mut dyn Write, &RunResult) -> io::Result<()>,
        result: &RunResult,
    ) -> String {
        let mut bytes = Vec::new();
        write(&mut bytes, result).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn timeseries_has_a_row_per_date_and_candidate() {
        let result = fixtures::small();
        let text = table(write_timeseries, &result);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "date,candidate,expected_votes,win_probability,pledges"
        );
        // 5 dates × 3 candidates.
        assert_eq!(lines.len(), 1 + 5 * 3);
        assert_eq!(lines[1], "2022-09-25,ann,1.000000,0.400000,0");
        assert_eq!(lines[2], "2022-09-25,bo,1.200000,0.500000,1");
    }

    #[test]
    fn region_timeseries_has_a_row_per_date_region_and_candidate() {
        let result = fixtures::small();
        let text = table(write_timeseries_regions, &result);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "date,region,candidate,expected_votes");
        // 5 dates × 2 regions × 3 candidates.
        assert_eq!(lines.len(), 1 + 5 * 2 * 3);
        assert_eq!(lines[1], "2022-09-25,north,ann,0.800000");
        assert_eq!(lines[4], "2022-09-25,south,ann,0.200000");
        assert_eq!(lines[30], "2022-09-29,south,cy,0.100000");
    }

    #[test]
    fn states_have_no_id_in_a_column_name() {
        let result = fixtures::small();
        let text = table(write_states, &result);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "code,name,region,voting_rights,pledge,first_round_vote"
        );
        assert_eq!(lines.len(), 1 + 4);
        assert_eq!(lines[1], "AA,State AA,north,true,ann,ann");
        assert_eq!(lines[3], "CC,State CC,south,true,bo,blank");
        assert_eq!(lines[4], "DD,State DD,south,false,,no_vote");
    }

    #[test]
    fn state_votes_have_a_row_per_state_and_vote() {
        let result = fixtures::small();
        let text = table(write_state_votes, &result);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "state,vote,probability");
        // 4 states × (3 candidates, blank, absent).
        assert_eq!(lines.len(), 1 + 4 * 5);
        assert_eq!(
            lines[1..6],
            [
                "AA,ann,0.700000",
                "AA,bo,0.100000",
                "AA,cy,0.100000",
                "AA,blank,0.050000",
                "AA,absent,0.050000"
            ]
        );
        assert_eq!(lines[20], "DD,absent,1.000000");
    }

    #[test]
    fn column_names_are_plain_identifiers() {
        assert_eq!(
            column_name("campaigns.ru-outreach.budget"),
            "campaigns_ru_outreach_budget"
        );
        assert_eq!(column_name("params.noise"), "params_noise");
        assert_eq!(column_name("7up"), "x_7up");
    }

    #[test]
    fn ballot_has_a_row_per_round_and_candidate() {
        let result = fixtures::small();
        let text = table(write_ballot, &result);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "round,candidate,votes,standing,elected,eliminated,valid,blank,invalid,absent,majority,withdrawn,seats_open,restricted,no_vote,base,majority_of,threshold"
        );
        assert_eq!(lines.len(), 1 + 2 * 3);
        // State DD has no voting rights: it is counted under no_vote, not absent.
        assert_eq!(
            lines[3],
            "1,cy,0,true,false,true,2,1,0,0,2,false,1,false,1,2,valid,majority"
        );
        assert_eq!(
            lines[4],
            "2,ann,2,true,true,false,3,0,0,0,2,false,1,false,1,3,valid,majority"
        );
        assert_eq!(
            lines[6],
            "2,cy,0,false,false,false,3,0,0,0,2,false,1,false,1,3,valid,majority"
        );
    }

    #[test]
    fn transfers_list_who_moved_where() {
        let result = fixtures::small();
        let text = table(write_transfers, &result);
        assert_eq!(
            text,
            "from_round,from,to,states\n1,ann,ann,1\n1,bo,ann,1\n1,blank,bo,1\n"
        );
    }

    #[test]
    fn names_with_commas_and_quotes_are_quoted() {
        let mut result = fixtures::small();
        result.states[0].name = "Bolivia, \"Plurinational State of\"".into();
        let text = table(write_states, &result);
        assert!(
            text.contains("AA,\"Bolivia, \"\"Plurinational State of\"\"\",north"),
            "{text}"
        );
    }

    #[test]
    fn numbers_are_fixed_and_never_negative_zero() {
        assert_eq!(number(1.0 / 3.0), "0.333333");
        assert_eq!(number(-1e-12), "0.000000");
        assert_eq!(number(-0.5), "-0.500000");
        assert_eq!(number(193.0), "193.000000");
    }

    #[test]
    fn row_counts_follow_the_result() {
        let result = fixtures::classroom();
        let (dates, candidates, regions) = (
            result.history.len(),
            result.candidates.len(),
            result.regions.len(),
        );
        let rows = |w| table(w, &result).lines().count() - 1;
        assert_eq!(rows(write_timeseries), dates * candidates);
        assert_eq!(rows(write_timeseries_regions), dates * candidates * regions);
        assert_eq!(rows(write_states), result.states.len());
        assert_eq!(
            rows(write_state_votes),
            result.states.len() * (candidates + 2)
        );
        assert_eq!(rows(write_ballot), result.ballot.rounds.len() * candidates);
    }

    #[test]
    fn same_result_gives_identical_files() {
        let result = fixtures::realistic();
        let write = |path: &std::path::Path| {
            let dir = OutputDir::create(path, false).unwrap();
            assert_eq!(write_run_tables(&dir, &result).unwrap(), RUN_TABLES);
            dir.finish().unwrap()
        };
        let tmp = tempfile::tempdir().unwrap();
        let a = write(&tmp.path().join("a"));
        let b = write(&tmp.path().join("b"));
        for name in RUN_TABLES {
            let x = std::fs::read(a.join(name)).unwrap();
            // A ballot of one round moves no papers: transfers.csv is its header.
            if name != TRANSFERS_FILE || result.ballot.rounds.len() > 1 {
                assert!(x.len() > 100, "{name} is nearly empty");
            }
            assert_eq!(x, std::fs::read(b.join(name)).unwrap(), "{name} differs");
        }
    }
}
