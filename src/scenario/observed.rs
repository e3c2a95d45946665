//! The reported result of a past election: what happened, round by round,
//! with its sources. A scenario of a past election carries it so that its
//! forecasts can be scored (`docs/VALIDATION.md`).
//!
//! **For scoring only.** Nothing in the model reads this block: a run, an
//! ensemble or an analysis gives the same results, bit for bit, with or
//! without it (a test checks this). A scenario of a past election is built
//! from what was known before its vote; its observed result must never set
//! the scenario's own numbers.
//!
//! Units: counts are ballot papers (one per member state and round; a
//! multi-seat ballot gives each paper up to `seats` votes).

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::tree::Path;
use super::validate::Problem;

/// The reported result of the election.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observed {
    /// Ids in `meta.sources` that report the result; at least one.
    pub sources: Vec<String>,
    /// Seats the ballot filled (2 for two Security Council seats of a group).
    #[serde(default = "one")]
    pub seats: u32,
    /// Ids of the candidates elected (empty: no one, e.g. a deadlock).
    #[serde(default)]
    pub elected: Vec<String>,
    /// The rounds, numbered 1, 2, ... in order.
    pub rounds: Vec<ObservedRound>,
    /// What is unverified or odd about the record, in words.
    #[serde(default)]
    pub note: String,
}

fn one() -> u32 {
    1
}

/// The reported figures of one round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObservedRound {
    /// 1 for the first round; consecutive.
    pub round: u32,
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// Candidate id -> votes. A candidate who stood in the round and whose
    /// count was not found is listed as `Unverified`.
    pub votes: BTreeMap<String, Count>,
    /// Ballots cast for no candidate (blank papers; what UN records call
    /// abstentions).
    #[serde(default)]
    pub blank: Count,
    #[serde(default)]
    pub invalid: Count,
    /// Ballot papers deposited.
    #[serde(default)]
    pub ballot_papers: Count,
    /// The base of the majority: ballot papers less invalid and blank.
    #[serde(default)]
    pub present_and_voting: Count,
    /// The least number of votes that elected in this round.
    #[serde(default)]
    pub majority_required: Count,
    /// Sources for this round beyond those of the whole result.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A reported count and how far it can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Count {
    /// Stated by a cited source.
    Reported(u32),
    /// Arithmetic on reported figures (say how in the note).
    Computed(u32),
    /// Stated by a source but in conflict with other figures; not scored.
    Disputed(u32),
    /// Not found; not scored.
    #[default]
    Unverified,
}

impl Count {
    /// The value to score against: reported and computed counts only.
    pub fn value(self) -> Option<u32> {
        match self {
            Count::Reported(n) | Count::Computed(n) => Some(n),
            Count::Disputed(_) | Count::Unverified => None,
        }
    }
}

impl ObservedRound {
    /// Round `round` with these votes and every other count unverified.
    pub fn with_votes(round: u32, votes: impl IntoIterator<Item = (String, Count)>) -> Self {
        ObservedRound {
            round,
            date: None,
            votes: votes.into_iter().collect(),
            blank: Count::Unverified,
            invalid: Count::Unverified,
            ballot_papers: Count::Unverified,
            present_and_voting: Count::Unverified,
            majority_required: Count::Unverified,
            sources: Vec::new(),
        }
    }

    /// `(candidate id, votes)` of the candidates whose count can be scored.
    pub fn scored_votes(&self) -> impl Iterator<Item = (&str, u32)> {
        self.votes
            .iter()
            .filter_map(|(id, c)| c.value().map(|v| (id.as_str(), v)))
    }
}

impl Observed {
    /// Every problem of the block, located under `observed`: sources and
    /// candidates resolve, rounds are numbered 1, 2, ..., and the counts
    /// that are stated agree with each other.
    pub fn problems(&self, candidates: &[&str], sources: &[&str]) -> Vec<Problem> {
        let mut out = Vec::new();
        let root = Path::root().field("observed");
        let mut report = |path: Path, message: String| {
            out.push(Problem {
                path,
                message,
                related: None,
            })
        };
        if self.sources.is_empty() {
            report(
                root.field("sources"),
                "an observed result needs at least one source; list ids of meta.sources".into(),
            );
        }
        let source_ref = |path: Path, ids: &[String], report: &mut dyn FnMut(Path, String)| {
            for (k, id) in ids.iter().enumerate() {
                if !sources.contains(&id.as_str()) {
                    report(
                        path.index(k),
                        format!("unknown source `{id}`; declare it in meta.sources"),
                    );
                }
            }
        };
        source_ref(root.field("sources"), &self.sources, &mut report);
        if self.seats == 0 {
            report(root.field("seats"), "expected at least 1 seat".into());
        }
        let mut seen = HashSet::new();
        for (k, id) in self.elected.iter().enumerate() {
            if !candidates.contains(&id.as_str()) {
                report(
                    root.field("elected").index(k),
                    unknown_candidate(id, candidates),
                );
            } else if !seen.insert(id) {
                report(
                    root.field("elected").index(k),
                    format!("candidate `{id}` is listed twice"),
                );
            }
        }
        if self.elected.len() > self.seats as usize {
            report(
                root.field("elected"),
                format!(
                    "{} candidates elected to {} seat(s)",
                    self.elected.len(),
                    self.seats
                ),
            );
        }
        if self.rounds.is_empty() {
            report(root.field("rounds"), "expected at least one round".into());
        }
        for (i, r) in self.rounds.iter().enumerate() {
            let path = root.field("rounds").index(i);
            if r.round as usize != i + 1 {
                report(
                    path.field("round"),
                    format!(
                        "rounds must be numbered 1, 2, ... in order: expected round {}, found {}",
                        i + 1,
                        r.round
                    ),
                );
            }
            source_ref(path.field("sources"), &r.sources, &mut report);
            for id in r.votes.keys() {
                if !candidates.contains(&id.as_str()) {
                    report(
                        path.field("votes").field(id),
                        unknown_candidate(id, candidates),
                    );
                }
            }
            for (p, message) in r.inconsistencies(self.seats) {
                report(path.field(p), message);
            }
        }
        out
    }
}

impl ObservedRound {
    /// Contradictions among the stated counts, as (field, message).
    fn inconsistencies(&self, seats: u32) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let pv = self.present_and_voting.value();
        if let (Some(papers), Some(pv)) = (self.ballot_papers.value(), pv) {
            let less = self.invalid.value().unwrap_or(0) + self.blank.value().unwrap_or(0);
            let all_stated = self.invalid.value().is_some() && self.blank.value().is_some();
            if (all_stated && papers != pv + less) || pv > papers {
                out.push((
                    "present_and_voting",
                    format!(
                        "present and voting ({pv}) should be the ballot papers ({papers}) less invalid and blank ({less})"
                    ),
                ));
            }
        }
        if let Some(pv) = pv {
            let total: u64 = self.scored_votes().map(|(_, v)| u64::from(v)).sum();
            if total > u64::from(seats) * u64::from(pv) {
                out.push((
                    "votes",
                    format!(
                        "the candidates' votes add up to {total}, more than {seats} seat(s) x {pv} present and voting"
                    ),
                ));
            }
            if let Some(m) = self.majority_required.value()
                && m > pv
            {
                out.push((
                    "majority_required",
                    format!("a majority of {m} exceeds the {pv} present and voting"),
                ));
            }
        }
        out
    }
}

fn unknown_candidate(id: &str, candidates: &[&str]) -> String {
    format!(
        "unknown candidate `{id}`; expected one of: {}",
        candidates.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(n: u32, votes: &[(&str, Count)]) -> ObservedRound {
        ObservedRound::with_votes(n, votes.iter().map(|(k, v)| (k.to_string(), *v)))
    }

    fn fao() -> Observed {
        let mut r = round(
            1,
            &[
                ("qu", Count::Reported(108)),
                ("gl", Count::Reported(71)),
                ("kv", Count::Reported(12)),
            ],
        );
        r.present_and_voting = Count::Reported(191);
        r.majority_required = Count::Reported(96);
        Observed {
            sources: vec!["s1".into()],
            seats: 1,
            elected: vec!["qu".into()],
            rounds: vec![r],
            note: String::new(),
        }
    }

    fn messages(o: &Observed) -> Vec<String> {
        o.problems(&["qu", "gl", "kv"], &["s1", "s2"])
            .into_iter()
            .map(|p| format!("{:?}: {}", p.path.0.last(), p.message))
            .collect()
    }

    #[test]
    fn a_consistent_result_has_no_problems() {
        assert!(messages(&fao()).is_empty(), "{:?}", messages(&fao()));
    }

    #[test]
    fn only_reported_and_computed_counts_are_scored() {
        assert_eq!(Count::Reported(3).value(), Some(3));
        assert_eq!(Count::Computed(4).value(), Some(4));
        assert_eq!(Count::Disputed(5).value(), None);
        assert_eq!(Count::Unverified.value(), None);
        let r = round(1, &[("a", Count::Reported(3)), ("b", Count::Unverified)]);
        assert_eq!(r.scored_votes().collect::<Vec<_>>(), vec![("a", 3)]);
    }

    #[test]
    fn unknown_ids_and_missing_sources_are_reported() {
        let mut o = fao();
        o.sources.clear();
        o.elected = vec!["xi".into()];
        o.rounds[0].votes.insert("zz".into(), Count::Reported(0));
        o.rounds[0].sources = vec!["s9".into()];
        let m = messages(&o);
        assert_eq!(m.len(), 4, "{m:?}");
        assert!(m[0].contains("at least one source"), "{m:?}");
        assert!(m[1].contains("unknown candidate `xi`"), "{m:?}");
        assert!(m[2].contains("unknown source `s9`"), "{m:?}");
        assert!(m[3].contains("unknown candidate `zz`"), "{m:?}");
    }

    #[test]
    fn rounds_must_be_numbered_in_order() {
        let mut o = fao();
        let mut second = o.rounds[0].clone();
        second.round = 3;
        o.rounds.push(second);
        let m = messages(&o);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].contains("expected round 2, found 3"), "{m:?}");
    }

    #[test]
    fn contradicting_counts_are_reported() {
        let mut o = fao();
        // 108 + 71 + 12 = 191 votes; 150 present and voting is too few, and
        // a majority of 96 does not exceed it, so only the votes are wrong.
        o.rounds[0].present_and_voting = Count::Reported(150);
        let m = messages(&o);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].contains("add up to 191, more than 1 seat(s) x 150"),
            "{m:?}"
        );
        // Two seats: 191 <= 2 x 150, consistent.
        o.seats = 2;
        assert!(messages(&o).is_empty());
        // 195 papers, 1 invalid, 1 blank: P&V should be 193, not 150.
        o.rounds[0].ballot_papers = Count::Reported(195);
        o.rounds[0].invalid = Count::Reported(1);
        o.rounds[0].blank = Count::Reported(1);
        let m = messages(&o);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].contains("ballot papers (195) less invalid and blank (2)"),
            "{m:?}"
        );
        // A disputed count is not checked.
        o.rounds[0].ballot_papers = Count::Disputed(195);
        assert!(messages(&o).is_empty());
    }

    #[test]
    fn more_elected_than_seats_is_reported() {
        let mut o = fao();
        o.elected.push("gl".into());
        let m = messages(&o);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].contains("2 candidates elected to 1 seat(s)"), "{m:?}");
    }

    #[test]
    fn parses_from_ron() {
        let text = r#"(
            sources: ["s1"],
            elected: ["qu"],
            rounds: [(
                round: 1,
                date: "2019-06-23",
                votes: {"qu": Reported(108), "gl": Reported(71), "kv": Unverified},
                present_and_voting: Reported(191),
                majority_required: Computed(96),
            )],
        )"#;
        let o: Observed = crate::scenario::load::ron_options()
            .from_str(text)
            .expect("parses");
        assert_eq!(o.seats, 1);
        assert_eq!(o.rounds[0].votes["kv"], Count::Unverified);
        assert_eq!(o.rounds[0].blank, Count::Unverified);
        assert_eq!(o.rounds[0].majority_required, Count::Computed(96));
    }
}
