//! The fixed parts of a conference ensemble: its posts (names, dates, seats,
//! rule, candidates), its deals (who backs whom) and its after-result links,
//! the same in every run. Kept in the conference's aggregate file, so that
//! its tables and charts need no scenario file.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::report::charts::ballot::rule_words;
use crate::result::{CandidateInfo, ConferenceResult};
use crate::scenario::{Scenario, Selector};

/// What every run of a conference shares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConferenceFrame {
    /// Scenario name (`meta.name`).
    pub scenario: String,
    /// Scenario title for charts.
    pub title: String,
    /// In ballot order, as in [`ConferenceResult::posts`].
    pub posts: Vec<PostFrame>,
    /// In file order.
    pub deals: Vec<DealFrame>,
    /// In file order.
    pub links: Vec<LinkFrame>,
}

/// One post of the conference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostFrame {
    pub id: String,
    pub name: String,
    pub ballot_date: NaiveDate,
    /// Seats to fill.
    pub seats: u32,
    /// The first round's rule in words ("more than half of the valid papers").
    pub rule: String,
    /// The post's candidates, indexed like its runs' results.
    pub candidates: Vec<CandidateInfo>,
}

/// A deal: several sides, each backing one candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DealFrame {
    pub id: String,
    pub label: String,
    /// In file order.
    pub sides: Vec<DealSide>,
}

/// One side of a deal: who gives the support and whom it backs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DealSide {
    /// The party in words (`USA`, `bloc EU`).
    pub party: String,
    /// The backed candidate's index into [`ConferenceFrame::posts`].
    pub post: usize,
    /// The backed candidate's index into that post's candidates.
    pub candidate: usize,
}

/// An after-result link: the post whose result it waits for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkFrame {
    pub id: String,
    /// Index into [`ConferenceFrame::posts`].
    pub post: usize,
}

/// A deal side as the scenario states it: the party in words and the
/// backed candidate's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealSideSpec {
    pub party: String,
    pub backs: String,
}

/// Why a frame cannot be built: a deal backs, or a link waits for, something
/// the conference's posts do not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error("deal {deal} backs {candidate}, who stands for none of the posts")]
    UnknownCandidate { deal: String, candidate: String },
    #[error("after-result link {link} waits for post {post}, which the conference does not hold")]
    UnknownPost { link: String, post: String },
}

impl ConferenceFrame {
    /// The frame of a conference, read from one of its runs (posts,
    /// candidates, seats, first-round rule), its deals (id, label, sides)
    /// and its links (id, post id).
    pub fn of(
        run: &ConferenceResult,
        deals: &[(String, String, Vec<DealSideSpec>)],
        links: &[(String, String)],
    ) -> Result<ConferenceFrame, FrameError> {
        let posts: Vec<PostFrame> = run
            .posts
            .iter()
            .map(|p| PostFrame {
                id: p.id.clone(),
                name: p.name.clone(),
                ballot_date: p.result.ballot_date,
                seats: p.result.ballot.seats,
                rule: p
                    .result
                    .ballot
                    .rounds
                    .first()
                    .map_or_else(String::new, rule_words),
                candidates: p.result.candidates.clone(),
            })
            .collect();
        let find = |id: &str| {
            posts.iter().enumerate().find_map(|(pi, p)| {
                let ci = p.candidates.iter().position(|c| c.id == id)?;
                Some((pi, ci))
            })
        };
        let deals = deals
            .iter()
            .map(|(id, label, sides)| {
                let sides = sides
                    .iter()
                    .map(|s| {
                        let (post, candidate) =
                            find(&s.backs).ok_or_else(|| FrameError::UnknownCandidate {
                                deal: id.clone(),
                                candidate: s.backs.clone(),
                            })?;
                        Ok(DealSide {
                            party: s.party.clone(),
                            post,
                            candidate,
                        })
                    })
                    .collect::<Result<Vec<_>, FrameError>>()?;
                Ok(DealFrame {
                    id: id.clone(),
                    label: label.clone(),
                    sides,
                })
            })
            .collect::<Result<Vec<_>, FrameError>>()?;
        let links = links
            .iter()
            .map(|(id, post)| {
                let index = posts.iter().position(|p| &p.id == post).ok_or_else(|| {
                    FrameError::UnknownPost {
                        link: id.clone(),
                        post: post.clone(),
                    }
                })?;
                Ok(LinkFrame {
                    id: id.clone(),
                    post: index,
                })
            })
            .collect::<Result<Vec<_>, FrameError>>()?;
        Ok(ConferenceFrame {
            scenario: run.scenario.clone(),
            title: run.title.clone(),
            posts,
            deals,
            links,
        })
    }

    /// The frame of a conference scenario, given one of its runs.
    pub fn of_scenario(
        s: &Scenario,
        run: &ConferenceResult,
    ) -> Result<ConferenceFrame, FrameError> {
        let deals: Vec<(String, String, Vec<DealSideSpec>)> = s
            .deals
            .iter()
            .map(|d| {
                let sides = d
                    .sides
                    .iter()
                    .map(|side| DealSideSpec {
                        party: party_words(&side.party),
                        backs: side.backs.clone(),
                    })
                    .collect();
                (d.id.clone(), d.label.clone(), sides)
            })
            .collect();
        let links: Vec<(String, String)> = s
            .after_results
            .iter()
            .map(|l| (l.id.clone(), l.post.clone()))
            .collect();
        ConferenceFrame::of(run, &deals, &links)
    }

    /// The candidate id of a deal side.
    pub fn backed_id(&self, side: &DealSide) -> &str {
        &self.posts[side.post].candidates[side.candidate].id
    }
}

/// A selector of states in words: `USA`, `bloc EU`, `region B`.
pub fn party_words(s: &Selector) -> String {
    let list = |kind: &str, ids: &[String]| {
        let prefix = if kind.is_empty() {
            String::new()
        } else if ids.len() == 1 {
            format!("{kind} ")
        } else {
            format!("{kind}s ")
        };
        format!("{prefix}{}", ids.join(", "))
    };
    let joined = |parts: &[Selector], word: &str| {
        parts
            .iter()
            .map(|p| format!("({})", party_words(p)))
            .collect::<Vec<_>>()
            .join(word)
    };
    match s {
        Selector::All => "all members".to_owned(),
        Selector::States(ids) => list("", ids),
        Selector::Regions(ids) => list("region", ids),
        Selector::Blocs(ids) => list("bloc", ids),
        Selector::Feature { name, values } => format!("{name}: {}", values.join(", ")),
        Selector::AllOf(parts) => joined(parts, " and "),
        Selector::AnyOf(parts) => joined(parts, " or "),
        Selector::Not(inner) => format!("not ({})", party_words(inner)),
        Selector::Swing { among, count } => {
            format!("the {count} swing states of {}", party_words(among))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parties_read_as_words() {
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(party_words(&Selector::States(ids(&["USA"]))), "USA");
        assert_eq!(party_words(&Selector::Blocs(ids(&["EU"]))), "bloc EU");
        assert_eq!(
            party_words(&Selector::Regions(ids(&["B", "C"]))),
            "regions B, C"
        );
        let both = Selector::AllOf(vec![
            Selector::Blocs(ids(&["EU"])),
            Selector::Not(Box::new(Selector::States(ids(&["HUN"])))),
        ]);
        assert_eq!(party_words(&both), "(bloc EU) and (not (HUN))");
    }

    #[test]
    fn a_deal_backing_an_unknown_candidate_is_refused() {
        let mut sg = crate::report::fixtures::small();
        sg.ballot.winners = vec![0];
        let run = ConferenceResult {
            scenario: "one".into(),
            title: "One".into(),
            seed: 1,
            central: false,
            posts: vec![crate::result::PostRun {
                id: "sg".into(),
                name: "SG".into(),
                result: sg,
            }],
            deals: Vec::new(),
            after_results: Vec::new(),
            parameters: Vec::new(),
        };
        let side = |backs: &str| DealSideSpec {
            party: "USA".into(),
            backs: backs.into(),
        };
        let deal = |backs: &str| vec![("d".to_owned(), "a deal".to_owned(), vec![side(backs)])];
        let f = ConferenceFrame::of(&run, &deal("bo"), &[("l".into(), "sg".into())]).unwrap();
        assert_eq!(
            (f.deals[0].sides[0].post, f.deals[0].sides[0].candidate),
            (0, 1)
        );
        assert_eq!(f.backed_id(&f.deals[0].sides[0]), "bo");
        assert_eq!(f.posts[0].seats, 1);
        assert!(matches!(
            ConferenceFrame::of(&run, &deal("zed"), &[]),
            Err(FrameError::UnknownCandidate { .. })
        ));
        assert!(matches!(
            ConferenceFrame::of(&run, &[], &[("l".into(), "dsg".into())]),
            Err(FrameError::UnknownPost { .. })
        ));
    }
}
