//! A conference ensemble's running totals: integer counts over runs, so
//! that adding runs, or whole shards, is exact and independent of order.
//!
//! Per post: runs in which each candidate was elected, runs with a seat
//! left open, runs by rounds held. Across posts: runs by winner combination
//! (the "joint outcomes", kept sorted by combination). Per deal: runs in
//! which every backed candidate won, and per side the runs in which the side
//! kept the deal, with and without every backed candidate winning. Per
//! after-result link: runs in which it fired (docs/ENSEMBLE.md,
//! "Conferences").

use serde::{Deserialize, Serialize};

use super::conference_frame::ConferenceFrame;
use crate::result::ConferenceResult;

/// What the totals keep of one run of a conference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConferenceDigest {
    /// Per post, in the frame's order: the candidates elected, sorted by index.
    pub winners: Vec<Vec<usize>>,
    /// Per post: rounds held.
    pub rounds: Vec<u32>,
    /// Per deal, per side: whether the side kept the deal.
    pub kept: Vec<Vec<bool>>,
    /// Per link: whether it fired.
    pub fired: Vec<bool>,
}

impl ConferenceDigest {
    /// Reduce one run, whose posts, deals and links are in the frame's order.
    pub fn of(run: &ConferenceResult) -> ConferenceDigest {
        ConferenceDigest {
            winners: run
                .posts
                .iter()
                .map(|p| {
                    let mut w = p.result.ballot.winners.clone();
                    w.sort_unstable();
                    w
                })
                .collect(),
            rounds: run
                .posts
                .iter()
                .map(|p| p.result.ballot.rounds.len() as u32)
                .collect(),
            kept: run.deals.iter().map(|d| d.kept.clone()).collect(),
            fired: run.after_results.iter().map(|l| l.fired).collect(),
        }
    }
}

/// One post's totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostTotals {
    /// Runs in which each candidate was elected (to any seat).
    pub elected: Vec<u64>,
    /// Runs in which a seat stayed open.
    pub undecided: u64,
    /// `rounds[r]`: runs in which `r` rounds were held (grown as needed).
    pub rounds: Vec<u64>,
}

/// Runs with one combination of winners across the posts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JointCount {
    /// Per post, the candidates elected, sorted by index; fewer than the
    /// post's seats when a seat stayed open.
    pub winners: Vec<Vec<usize>>,
    pub runs: u64,
}

/// One deal's totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DealTotals {
    /// Runs in which every backed candidate was elected.
    pub all_win: u64,
    /// Runs in which every side kept the deal.
    pub all_kept: u64,
    /// Runs in which every side kept it and every backed candidate was elected.
    pub all_kept_all_win: u64,
    /// Per side: runs in which it kept the deal.
    pub kept: Vec<u64>,
    /// Per side: runs in which it kept the deal and every backed candidate was elected.
    pub kept_all_win: Vec<u64>,
}

/// Integer totals over the runs added so far (module doc).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConferenceAggregate {
    /// Runs added.
    pub runs: u64,
    /// In the frame's post order.
    pub posts: Vec<PostTotals>,
    /// Sorted by `winners`, each combination once.
    pub joint: Vec<JointCount>,
    /// In the frame's deal order.
    pub deals: Vec<DealTotals>,
    /// Per link: runs in which it fired.
    pub fired: Vec<u64>,
}

/// A run or aggregate that does not fit the frame's shape.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the conference totals have another shape: {0}")]
pub struct ConferenceShapeMismatch(pub String);

impl ConferenceAggregate {
    /// Empty totals for a conference of this frame.
    pub fn new(frame: &ConferenceFrame) -> ConferenceAggregate {
        ConferenceAggregate {
            runs: 0,
            posts: frame
                .posts
                .iter()
                .map(|p| PostTotals {
                    elected: vec![0; p.candidates.len()],
                    undecided: 0,
                    rounds: Vec::new(),
                })
                .collect(),
            joint: Vec::new(),
            deals: frame
                .deals
                .iter()
                .map(|d| DealTotals {
                    all_win: 0,
                    all_kept: 0,
                    all_kept_all_win: 0,
                    kept: vec![0; d.sides.len()],
                    kept_all_win: vec![0; d.sides.len()],
                })
                .collect(),
            fired: vec![0; frame.links.len()],
        }
    }

    /// Add one run.
    pub fn add(
        &mut self,
        frame: &ConferenceFrame,
        d: &ConferenceDigest,
    ) -> Result<(), ConferenceShapeMismatch> {
        let fits = d.winners.len() == self.posts.len()
            && d.rounds.len() == self.posts.len()
            && d.kept.len() == self.deals.len()
            && d.kept
                .iter()
                .zip(&self.deals)
                .all(|(k, t)| k.len() == t.kept.len())
            && d.fired.len() == self.fired.len()
            && d.winners
                .iter()
                .zip(&self.posts)
                .all(|(w, t)| w.iter().all(|&c| c < t.elected.len()));
        if !fits {
            return Err(ConferenceShapeMismatch(format!(
                "a run with {} posts, {} deals and {} links against {} posts, {} deals and {} links",
                d.winners.len(),
                d.kept.len(),
                d.fired.len(),
                self.posts.len(),
                self.deals.len(),
                self.fired.len()
            )));
        }
        self.runs += 1;
        for ((t, w), (&r, p)) in self
            .posts
            .iter_mut()
            .zip(&d.winners)
            .zip(d.rounds.iter().zip(&frame.posts))
        {
            for &c in w {
                t.elected[c] += 1;
            }
            if (w.len() as u32) < p.seats {
                t.undecided += 1;
            }
            count_rounds(&mut t.rounds, r as usize, 1);
        }
        self.add_joint(&d.winners, 1);
        for ((t, kept), deal) in self.deals.iter_mut().zip(&d.kept).zip(&frame.deals) {
            let all_win = deal
                .sides
                .iter()
                .all(|s| d.winners[s.post].contains(&s.candidate));
            let all_kept = kept.iter().all(|&k| k);
            t.all_win += u64::from(all_win);
            t.all_kept += u64::from(all_kept);
            t.all_kept_all_win += u64::from(all_kept && all_win);
            for (i, &k) in kept.iter().enumerate() {
                t.kept[i] += u64::from(k);
                t.kept_all_win[i] += u64::from(k && all_win);
            }
        }
        for (t, &f) in self.fired.iter_mut().zip(&d.fired) {
            *t += u64::from(f);
        }
        Ok(())
    }

    fn add_joint(&mut self, winners: &[Vec<usize>], runs: u64) {
        match self
            .joint
            .binary_search_by(|j| j.winners.as_slice().cmp(winners))
        {
            Ok(i) => self.joint[i].runs += runs,
            Err(i) => self.joint.insert(
                i,
                JointCount {
                    winners: winners.to_vec(),
                    runs,
                },
            ),
        }
    }

    /// Add another aggregate of the same shape (another shard's runs).
    pub fn merge(&mut self, other: &ConferenceAggregate) -> Result<(), ConferenceShapeMismatch> {
        let same_shape = self.posts.len() == other.posts.len()
            && self
                .posts
                .iter()
                .zip(&other.posts)
                .all(|(a, b)| a.elected.len() == b.elected.len())
            && self.deals.len() == other.deals.len()
            && self
                .deals
                .iter()
                .zip(&other.deals)
                .all(|(a, b)| a.kept.len() == b.kept.len())
            && self.fired.len() == other.fired.len();
        if !same_shape {
            return Err(ConferenceShapeMismatch(
                "the two aggregates hold different posts, deals or links".to_owned(),
            ));
        }
        self.runs += other.runs;
        for (a, b) in self.posts.iter_mut().zip(&other.posts) {
            add_counts(&mut a.elected, &b.elected);
            a.undecided += b.undecided;
            for (r, &n) in b.rounds.iter().enumerate() {
                count_rounds(&mut a.rounds, r, n);
            }
        }
        for j in &other.joint {
            self.add_joint(&j.winners, j.runs);
        }
        for (a, b) in self.deals.iter_mut().zip(&other.deals) {
            a.all_win += b.all_win;
            a.all_kept += b.all_kept;
            a.all_kept_all_win += b.all_kept_all_win;
            add_counts(&mut a.kept, &b.kept);
            add_counts(&mut a.kept_all_win, &b.kept_all_win);
        }
        add_counts(&mut self.fired, &other.fired);
        Ok(())
    }

    /// Whether the totals fit the frame and add up (a check on aggregates
    /// read from files).
    pub fn is_well_formed(&self, frame: &ConferenceFrame) -> bool {
        let posts_fit = self.posts.len() == frame.posts.len()
            && self.posts.iter().zip(&frame.posts).all(|(t, p)| {
                t.elected.len() == p.candidates.len()
                    && t.rounds.iter().sum::<u64>() == self.runs
                    && t.undecided <= self.runs
            });
        let joint_fits = self.joint.windows(2).all(|w| w[0].winners < w[1].winners)
            && self.joint.iter().map(|j| j.runs).sum::<u64>() == self.runs
            && self.joint.iter().all(|j| {
                j.winners.len() == frame.posts.len()
                    && j.winners
                        .iter()
                        .zip(&frame.posts)
                        .all(|(w, p)| w.iter().all(|&c| c < p.candidates.len()))
            });
        let deals_fit = self.deals.len() == frame.deals.len()
            && self.deals.iter().zip(&frame.deals).all(|(t, d)| {
                t.kept.len() == d.sides.len() && t.kept_all_win.len() == d.sides.len()
            });
        posts_fit && joint_fits && deals_fit && self.fired.len() == frame.links.len()
    }
}

fn add_counts(a: &mut [u64], b: &[u64]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

fn count_rounds(rounds: &mut Vec<u64>, r: usize, runs: u64) {
    if rounds.len() <= r {
        rounds.resize(r + 1, 0);
    }
    rounds[r] += runs;
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ensemble::conference_frame::{DealFrame, DealSide, LinkFrame, PostFrame};
    use crate::report::fixtures;

    /// Two posts: "sg" (candidates ann, bo, cy; one seat) and "council"
    /// (the same three; two seats); one deal: side 0 backs sg's ann, side 1
    /// backs council's bo.
    pub(crate) fn frame() -> ConferenceFrame {
        let candidates = fixtures::small().candidates;
        let post = |id: &str, seats| PostFrame {
            id: id.into(),
            name: id.to_uppercase(),
            ballot_date: chrono::NaiveDate::from_ymd_opt(2022, 9, 29).unwrap(),
            seats,
            rule: "more than half of the valid papers".into(),
            candidates: candidates.clone(),
        };
        ConferenceFrame {
            scenario: "two".into(),
            title: "Two posts".into(),
            posts: vec![post("sg", 1), post("council", 2)],
            deals: vec![DealFrame {
                id: "swap".into(),
                label: "A swap".into(),
                sides: vec![
                    DealSide {
                        party: "North".into(),
                        post: 0,
                        candidate: 0,
                    },
                    DealSide {
                        party: "South".into(),
                        post: 1,
                        candidate: 1,
                    },
                ],
            }],
            links: vec![LinkFrame {
                id: "balance".into(),
                post: 0,
            }],
        }
    }

    pub(crate) fn digest(sg: &[usize], council: &[usize], kept: [bool; 2]) -> ConferenceDigest {
        ConferenceDigest {
            winners: vec![sg.to_vec(), council.to_vec()],
            rounds: vec![1, 2],
            kept: vec![kept.to_vec()],
            fired: vec![sg == [0]],
        }
    }

    /// A conference shaped like PP-22's (posts of 2, 3, 6 and 7
    /// candidates, the last for 5 seats; a deal across the first two),
    /// with `runs` runs drawn by a fixed hash: for charts to look at.
    pub(crate) fn large(runs: u64) -> (ConferenceFrame, ConferenceAggregate) {
        let names = [
            "Doreen Bogdan-Martin",
            "Rashid Ismailov",
            "Tomas Lamanauskas",
            "Nur Sulyna",
            "Bocar Ba",
            "Cosmas Zavazava",
            "Ahmed Al Ghazali",
            "Gabriela Rivera Blanco",
            "Dalia Moreno",
            "Ilyas Rahimov",
            "Cheng Wen",
            "Sophie Dupont",
            "Karim Farouk",
            "Maria Silva",
            "Pedro Alves",
            "Ana Kowalska",
            "Jan Novak",
            "Eva Larsen",
        ];
        let sizes = [
            ("sg", "Secretary-General", 2usize, 1u32),
            ("dsg", "Deputy Secretary-General", 3, 1),
            (
                "bdt",
                "Director, Telecommunication Development Bureau",
                6,
                1,
            ),
            ("council-c", "Council, region C", 7, 5),
        ];
        let mut next = 0;
        let posts = sizes
            .iter()
            .map(|&(id, name, k, seats)| {
                let candidates = (0..k)
                    .map(|i| {
                        next += 1;
                        crate::result::CandidateInfo {
                            id: format!("{}{}", id.to_uppercase().replace('-', ""), i + 1),
                            name: names[next - 1].into(),
                            colour: crate::scenario::colour::Colour::of_position(i).to_string(),
                        }
                    })
                    .collect();
                PostFrame {
                    id: id.into(),
                    name: name.into(),
                    ballot_date: chrono::NaiveDate::from_ymd_opt(2022, 9, 29).unwrap(),
                    seats,
                    rule: "more than half of the valid papers".into(),
                    candidates,
                }
            })
            .collect();
        let f = ConferenceFrame {
            scenario: "pp22-conference".into(),
            title: "ITU PP-22 elections".into(),
            posts,
            deals: vec![DealFrame {
                id: "us-eu-deputy".into(),
                label: "US backs the EU candidate for Deputy; EU members back the US candidate"
                    .into(),
                sides: vec![
                    DealSide {
                        party: "USA".into(),
                        post: 1,
                        candidate: 0,
                    },
                    DealSide {
                        party: "bloc EU".into(),
                        post: 0,
                        candidate: 0,
                    },
                ],
            }],
            links: Vec::new(),
        };
        let mut a = ConferenceAggregate::new(&f);
        for r in 0..runs {
            let h = |salt: u64| {
                let mut x = r.wrapping_mul(0x9e37_79b9_7f4a_7c15)
                    ^ salt.wrapping_mul(0xbf58_476d_1ce4_e5b9);
                x ^= x >> 31;
                x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
                (x >> 11) as f64 / (1u64 << 53) as f64
            };
            let pick = |salt: u64, weights: &[f64]| {
                let u = h(salt) * weights.iter().sum::<f64>();
                let mut acc = 0.0;
                weights
                    .iter()
                    .position(|w| {
                        acc += w;
                        u < acc
                    })
                    .unwrap_or(weights.len() - 1)
            };
            let sg = vec![pick(1, &[0.8, 0.2])];
            let dsg = vec![pick(2, &[0.6, 0.3, 0.1])];
            let bdt = if h(3) < 0.04 {
                Vec::new()
            } else {
                vec![pick(4, &[0.1, 0.5, 0.15, 0.1, 0.1, 0.05])]
            };
            let mut council: Vec<usize> = (0..7).collect();
            council.remove(pick(5, &[0.05, 0.1, 0.1, 0.15, 0.2, 0.2, 0.2]));
            council.remove(pick(6, &[0.05, 0.1, 0.1, 0.15, 0.2, 0.2]));
            let d = ConferenceDigest {
                winners: vec![sg, dsg, bdt, council],
                rounds: vec![1, 1, 1 + pick(7, &[0.3, 0.4, 0.3]) as u32, 2],
                kept: vec![vec![h(8) < 0.85, h(9) < 0.8]],
                fired: Vec::new(),
            };
            a.add(&f, &d).unwrap();
        }
        (f, a)
    }

    /// Six runs with known answers.
    pub(crate) fn runs() -> Vec<ConferenceDigest> {
        vec![
            digest(&[0], &[0, 1], [true, true]),  // deal won, kept
            digest(&[0], &[1, 2], [true, false]), // deal won, side 1 broke
            digest(&[1], &[0, 1], [true, true]),  // ann lost
            digest(&[0], &[0, 2], [false, true]), // bo lost
            digest(&[], &[0, 1], [false, false]), // sg undecided
            digest(&[0], &[0, 1], [true, true]),  // as the first
        ]
    }

    #[test]
    fn totals_count_posts_joint_outcomes_and_deals() {
        let f = frame();
        let mut a = ConferenceAggregate::new(&f);
        for d in runs() {
            a.add(&f, &d).unwrap();
        }
        assert_eq!(a.runs, 6);
        assert_eq!(a.posts[0].elected, vec![4, 1, 0]);
        assert_eq!(a.posts[0].undecided, 1);
        assert_eq!(a.posts[1].elected, vec![5, 5, 2]);
        assert_eq!(a.posts[1].undecided, 0);
        assert_eq!(a.posts[1].rounds, vec![0, 0, 6]);
        // Five combinations; the first and the last run share one.
        assert_eq!(a.joint.len(), 5);
        let of = |sg: &[usize], c: &[usize]| {
            a.joint
                .iter()
                .find(|j| j.winners == vec![sg.to_vec(), c.to_vec()])
                .map(|j| j.runs)
        };
        assert_eq!(of(&[0], &[0, 1]), Some(2));
        assert_eq!(of(&[], &[0, 1]), Some(1));
        assert_eq!(of(&[2], &[0, 1]), None);
        let deal = &a.deals[0];
        assert_eq!(deal.all_win, 3);
        assert_eq!(deal.all_kept, 3);
        assert_eq!(deal.all_kept_all_win, 2);
        assert_eq!(deal.kept, vec![4, 4]);
        assert_eq!(deal.kept_all_win, vec![3, 2]);
        assert_eq!(a.fired, vec![4]);
        assert!(a.is_well_formed(&f));
    }

    #[test]
    fn merging_shards_equals_adding_in_one() {
        let f = frame();
        let all = runs();
        let mut whole = ConferenceAggregate::new(&f);
        all.iter().for_each(|d| whole.add(&f, d).unwrap());
        for split in 0..=all.len() {
            let (mut a, mut b) = (ConferenceAggregate::new(&f), ConferenceAggregate::new(&f));
            all[..split].iter().for_each(|d| a.add(&f, d).unwrap());
            all[split..].iter().for_each(|d| b.add(&f, d).unwrap());
            // Either order gives the same totals.
            let (mut ab, mut ba) = (a.clone(), b.clone());
            ab.merge(&b).unwrap();
            ba.merge(&a).unwrap();
            assert_eq!(ab, whole, "split at {split}");
            assert_eq!(ba, whole, "split at {split}, other order");
        }
    }

    #[test]
    fn a_run_of_another_shape_is_refused() {
        let f = frame();
        let mut a = ConferenceAggregate::new(&f);
        let mut d = digest(&[0], &[0, 1], [true, true]);
        d.kept[0].pop();
        assert!(a.add(&f, &d).is_err());
        let d = digest(&[5], &[0, 1], [true, true]);
        assert!(a.add(&f, &d).is_err());
        assert_eq!(a.runs, 0);
        let mut other = f.clone();
        other.links.clear();
        assert!(a.merge(&ConferenceAggregate::new(&other)).is_err());
        // Totals that do not add up are not well formed.
        a.add(&f, &digest(&[0], &[0, 1], [true, true])).unwrap();
        a.joint[0].runs = 2;
        assert!(!a.is_well_formed(&f));
    }

    #[test]
    fn a_digest_keeps_winners_sorted_rounds_and_sides() {
        let mut sg = fixtures::small();
        sg.ballot.winners = vec![0];
        let mut council = fixtures::small();
        council.ballot.seats = 2;
        council.ballot.winners = vec![2, 0];
        let post = |id: &str, result| crate::result::PostRun {
            id: id.into(),
            name: id.into(),
            result,
        };
        let run = ConferenceResult {
            scenario: "two".into(),
            title: "Two posts".into(),
            seed: 1,
            central: false,
            posts: vec![post("sg", sg), post("council", council)],
            deals: vec![crate::result::DealOutcome {
                id: "swap".into(),
                kept: vec![true, false],
            }],
            after_results: vec![crate::result::LinkOutcome {
                id: "balance".into(),
                fired: true,
            }],
            parameters: Vec::new(),
        };
        let d = ConferenceDigest::of(&run);
        assert_eq!(d.winners, vec![vec![0], vec![0, 2]]);
        assert_eq!(d.rounds, vec![2, 2]);
        assert_eq!(d.kept, vec![vec![true, false]]);
        assert_eq!(d.fired, vec![true]);
    }
}
