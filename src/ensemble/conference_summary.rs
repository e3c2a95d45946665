//! A conference ensemble's headline results, from its totals: each post's
//! chance of each outcome, the most frequent winner combinations, and for
//! each deal the chance that every candidate it backs is elected, overall
//! and given that each side kept or broke it. Every chance is a
//! [`Proportion`] with its 95% Wilson interval (docs/ENSEMBLE.md,
//! "Conferences").

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::conference::ConferenceAggregate;
use super::conference_frame::ConferenceFrame;
use super::stats::Proportion;
use crate::result::CandidateInfo;

/// The most frequent winner combinations kept in a summary.
pub const JOINT_SHOWN: usize = 20;

/// The headline results of a conference ensemble (`summary.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConferenceSummary {
    pub scenario: String,
    pub title: String,
    /// SHA-256 of the scenario file(s).
    pub scenario_sha256: String,
    pub seed: u64,
    /// Runs asked for (all shards).
    pub runs_requested: u64,
    /// Runs complete and summarised here.
    pub runs: u64,
    /// True when some asked-for runs are missing (interrupted).
    pub partial: bool,
    /// In ballot order.
    pub posts: Vec<PostSummary>,
    /// Combinations of winners across the posts, most frequent first (ties
    /// in the order of the combinations), at most [`JOINT_SHOWN`].
    pub joint: Vec<JointOutcome>,
    /// Combinations seen in all.
    pub joint_seen: usize,
    pub deals: Vec<DealSummary>,
    pub links: Vec<LinkSummary>,
}

/// One post over the ensemble.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostSummary {
    pub id: String,
    pub name: String,
    pub ballot_date: NaiveDate,
    pub seats: u32,
    /// The first round's rule in words.
    pub rule: String,
    pub candidates: Vec<PostCandidate>,
    /// Runs in which a seat stayed open.
    pub undecided: Proportion,
    /// Runs in which the ballot needed more than one round.
    pub more_than_one_round: Proportion,
    /// `rounds[r]`: runs in which `r` rounds were held.
    pub rounds: Vec<u64>,
}

/// A candidate for a post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostCandidate {
    pub id: String,
    pub name: String,
    pub colour: String,
    /// Runs in which the candidate was elected.
    pub elected: Proportion,
}

/// One combination of winners.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JointOutcome {
    /// 1 for the most frequent.
    pub rank: usize,
    /// Per post, in ballot order: the ids of the candidates elected (fewer
    /// than the seats when a seat stayed open).
    pub winners: Vec<PostWinners>,
    pub chance: Proportion,
}

/// The winners of one post in a combination.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostWinners {
    pub post: String,
    pub elected: Vec<String>,
    /// Seats left open.
    pub open: u32,
}

/// One deal over the ensemble.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealSummary {
    pub id: String,
    pub label: String,
    /// Runs in which every candidate the deal backs was elected.
    pub all_win: Proportion,
    /// Runs in which every side kept the deal.
    pub all_kept: Proportion,
    /// Among the runs in which every side kept it: every backed candidate elected.
    pub all_win_if_all_kept: Proportion,
    /// Among the runs in which some side broke it: every backed candidate elected.
    pub all_win_if_any_broken: Proportion,
    pub sides: Vec<SideSummary>,
}

/// One side of a deal over the ensemble.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SideSummary {
    /// The party in words.
    pub party: String,
    /// The id of the candidate it backs, and that candidate's post.
    pub backs: String,
    pub post: String,
    /// Runs in which this side kept the deal.
    pub kept: Proportion,
    /// Among the runs in which it kept it: every backed candidate elected.
    pub all_win_if_kept: Proportion,
    /// Among the runs in which it broke it: every backed candidate elected.
    pub all_win_if_broken: Proportion,
}

/// One after-result link over the ensemble.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkSummary {
    pub id: String,
    /// The post whose result it waits for.
    pub post: String,
    pub fired: Proportion,
}

/// Who made an ensemble: for the summary's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryHeader {
    pub scenario_sha256: String,
    pub seed: u64,
    pub runs_requested: u64,
    pub partial: bool,
}

impl ConferenceSummary {
    /// Summarise totals of a conference.
    pub fn of(
        frame: &ConferenceFrame,
        a: &ConferenceAggregate,
        header: &SummaryHeader,
    ) -> ConferenceSummary {
        let runs = a.runs;
        let posts = frame
            .posts
            .iter()
            .zip(&a.posts)
            .map(|(p, t)| PostSummary {
                id: p.id.clone(),
                name: p.name.clone(),
                ballot_date: p.ballot_date,
                seats: p.seats,
                rule: p.rule.clone(),
                candidates: p
                    .candidates
                    .iter()
                    .zip(&t.elected)
                    .map(|(c, &n): (&CandidateInfo, _)| PostCandidate {
                        id: c.id.clone(),
                        name: c.name.clone(),
                        colour: c.colour.clone(),
                        elected: Proportion::new(n, runs),
                    })
                    .collect(),
                undecided: Proportion::new(t.undecided, runs),
                more_than_one_round: Proportion::new(t.rounds.iter().skip(2).sum(), runs),
                rounds: t.rounds.clone(),
            })
            .collect();
        let mut joint = ranked_joint(frame, a);
        joint.truncate(JOINT_SHOWN);
        let deals = frame
            .deals
            .iter()
            .zip(&a.deals)
            .map(|(d, t)| DealSummary {
                id: d.id.clone(),
                label: d.label.clone(),
                all_win: Proportion::new(t.all_win, runs),
                all_kept: Proportion::new(t.all_kept, runs),
                all_win_if_all_kept: Proportion::new(t.all_kept_all_win, t.all_kept),
                all_win_if_any_broken: Proportion::new(
                    t.all_win - t.all_kept_all_win,
                    runs - t.all_kept,
                ),
                sides: d
                    .sides
                    .iter()
                    .enumerate()
                    .map(|(i, s)| SideSummary {
                        party: s.party.clone(),
                        backs: frame.backed_id(s).to_owned(),
                        post: frame.posts[s.post].id.clone(),
                        kept: Proportion::new(t.kept[i], runs),
                        all_win_if_kept: Proportion::new(t.kept_all_win[i], t.kept[i]),
                        all_win_if_broken: Proportion::new(
                            t.all_win - t.kept_all_win[i],
                            runs - t.kept[i],
                        ),
                    })
                    .collect(),
            })
            .collect();
        let links = frame
            .links
            .iter()
            .zip(&a.fired)
            .map(|(l, &n)| LinkSummary {
                id: l.id.clone(),
                post: frame.posts[l.post].id.clone(),
                fired: Proportion::new(n, runs),
            })
            .collect();
        ConferenceSummary {
            scenario: frame.scenario.clone(),
            title: frame.title.clone(),
            scenario_sha256: header.scenario_sha256.clone(),
            seed: header.seed,
            runs_requested: header.runs_requested,
            runs,
            partial: header.partial,
            posts,
            joint,
            joint_seen: a.joint.len(),
            deals,
            links,
        }
    }
}

/// Every winner combination seen, most frequent first (ties in the order of
/// the combinations).
pub fn ranked_joint(frame: &ConferenceFrame, a: &ConferenceAggregate) -> Vec<JointOutcome> {
    let mut order: Vec<usize> = (0..a.joint.len()).collect();
    // Stable: equal counts stay in the combinations' order.
    order.sort_by_key(|&i| std::cmp::Reverse(a.joint[i].runs));
    order
        .iter()
        .enumerate()
        .map(|(rank, &i)| JointOutcome {
            rank: rank + 1,
            winners: frame
                .posts
                .iter()
                .zip(&a.joint[i].winners)
                .map(|(p, w)| PostWinners {
                    post: p.id.clone(),
                    elected: w.iter().map(|&c| p.candidates[c].id.clone()).collect(),
                    open: p.seats.saturating_sub(w.len() as u32),
                })
                .collect(),
            chance: Proportion::new(a.joint[i].runs, a.runs),
        })
        .collect()
}

impl JointOutcome {
    /// The combination in words: `sg: ann; council: ann, bo (1 open)`.
    pub fn words(&self) -> String {
        self.winners
            .iter()
            .map(|w| {
                let mut text = format!("{}: {}", w.post, w.elected.join(", "));
                if w.elected.is_empty() {
                    text.push_str("nobody");
                }
                if w.open > 0 && !w.elected.is_empty() {
                    text.push_str(&format!(" ({} open)", w.open));
                }
                text
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ensemble::conference::tests::{frame, runs};

    fn summary() -> ConferenceSummary {
        let f = frame();
        let mut a = ConferenceAggregate::new(&f);
        runs().iter().for_each(|d| a.add(&f, d).unwrap());
        let header = SummaryHeader {
            scenario_sha256: "00".into(),
            seed: 7,
            runs_requested: 6,
            partial: false,
        };
        ConferenceSummary::of(&f, &a, &header)
    }

    #[test]
    fn posts_have_each_candidates_chance() {
        let s = summary();
        let sg = &s.posts[0];
        assert_eq!(sg.candidates[0].elected.count, 4);
        assert!((sg.candidates[0].elected.p - 4.0 / 6.0).abs() < 1e-12);
        assert!(sg.candidates[0].elected.low < 4.0 / 6.0);
        assert_eq!(sg.undecided.count, 1);
        // The council always took two rounds (rounds[2] = 6).
        assert_eq!(s.posts[1].more_than_one_round.count, 6);
        assert_eq!(sg.more_than_one_round.count, 0);
    }

    #[test]
    fn joint_outcomes_are_ranked_by_frequency() {
        let s = summary();
        assert_eq!(s.joint_seen, 5);
        assert_eq!(s.joint[0].rank, 1);
        assert_eq!(s.joint[0].chance.count, 2);
        assert_eq!(s.joint[0].winners[0].elected, ["ann"]);
        assert_eq!(s.joint[0].winners[1].elected, ["ann", "bo"]);
        let total: u64 = s.joint.iter().map(|j| j.chance.count).sum();
        assert_eq!(total, 6);
        // The undecided Secretary-General shows an open seat.
        let open = s.joint.iter().find(|j| j.winners[0].open == 1).unwrap();
        assert!(open.winners[0].elected.is_empty());
        // Ties keep the combinations' order: runs of 1 follow in sorted order.
        let ones: Vec<&Vec<String>> = s.joint[1..].iter().map(|j| &j.winners[0].elected).collect();
        assert_eq!(ones[0], &Vec::<String>::new());
        assert_eq!(s.joint[0].words(), "sg: ann; council: ann, bo");
        assert_eq!(open.words(), "sg: nobody; council: ann, bo");
    }

    #[test]
    fn deal_chances_are_conditional_on_each_side() {
        let s = summary();
        let d = &s.deals[0];
        assert_eq!((d.all_win.count, d.all_win.runs), (3, 6));
        assert_eq!((d.all_kept.count, d.all_kept.runs), (3, 6));
        assert_eq!(
            (d.all_win_if_all_kept.count, d.all_win_if_all_kept.runs),
            (2, 3)
        );
        assert_eq!(
            (d.all_win_if_any_broken.count, d.all_win_if_any_broken.runs),
            (1, 3)
        );
        let north = &d.sides[0];
        assert_eq!(north.backs, "ann");
        assert_eq!(north.post, "sg");
        assert_eq!((north.kept.count, north.kept.runs), (4, 6));
        assert_eq!(
            (north.all_win_if_kept.count, north.all_win_if_kept.runs),
            (3, 4)
        );
        assert_eq!(
            (north.all_win_if_broken.count, north.all_win_if_broken.runs),
            (0, 2)
        );
        let south = &d.sides[1];
        assert_eq!(
            (south.all_win_if_kept.count, south.all_win_if_kept.runs),
            (2, 4)
        );
        assert_eq!(
            (south.all_win_if_broken.count, south.all_win_if_broken.runs),
            (1, 2)
        );
        assert_eq!(s.links[0].fired.count, 4);
    }
}
