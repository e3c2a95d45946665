//! Counting one round: ballot papers in, a [`RoundResult`] out; and the
//! decision of a round from its tallies alone ([`decide`]), which also says
//! whether one paper could have changed it ([`pivotal`]).

use crate::result::{Cut, RoundResult, RoundRule, Vote};

use super::rules::required;

/// Who is in a round: its number, the seats still open, the rule in force,
/// the electorate's size, and the standing candidates.
#[derive(Debug, Clone, Copy)]
pub struct RoundSetting<'a> {
    pub number: u32,
    pub seats_open: u32,
    pub restricted: bool,
    pub rule: RoundRule,
    /// Members of the electorate, with or without voting rights.
    pub members: u32,
    /// Members with voting rights.
    pub entitled: u32,
    /// `standing[c]`: whether candidate `c` stands in this round.
    pub standing: &'a [bool],
}

/// Counts one round. `marks` holds one paper of `width = max(seats_open, 1)`
/// marks per member state (docs/RULES.md, "Ballot papers").
pub fn count_round(setting: &RoundSetting, marks: &[Vote]) -> RoundResult {
    let width = setting.seats_open.max(1) as usize;
    let standing = setting.standing;
    let mut round = RoundResult {
        number: setting.number,
        seats_open: setting.seats_open,
        restricted: setting.restricted,
        rule: setting.rule,
        members: setting.members,
        entitled: setting.entitled,
        standing: (0..standing.len()).filter(|&c| standing[c]).collect(),
        tally: vec![0; standing.len()],
        blank: 0,
        absent: 0,
        no_vote: 0,
        invalid: 0,
        valid: 0,
        base: 0,
        majority: 0,
        elected: Vec::new(),
        eliminated: Vec::new(),
        withdrawn: Vec::new(),
    };
    for paper in marks.chunks(width) {
        match paper_kind(paper, standing) {
            Paper::Absent => round.absent += 1,
            Paper::NoVote => round.no_vote += 1,
            Paper::Blank => round.blank += 1,
            Paper::Invalid => round.invalid += 1,
            Paper::Valid => {
                round.valid += 1;
                for mark in paper {
                    if let Vote::For(c) = *mark {
                        round.tally[c] += 1;
                    }
                }
            }
        }
    }
    decide(&mut round);
    round
}

/// What a ballot paper is worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Paper {
    Absent,
    NoVote,
    Blank,
    Invalid,
    Valid,
}

/// A paper is absent or without a vote by its first mark; blank when it
/// names nobody; valid when it names only standing candidates, each once;
/// invalid otherwise.
fn paper_kind(paper: &[Vote], standing: &[bool]) -> Paper {
    match paper.first() {
        None | Some(Vote::Absent) => return Paper::Absent,
        Some(Vote::NoVote) => return Paper::NoVote,
        _ => {}
    }
    let mut named = 0;
    for (i, mark) in paper.iter().enumerate() {
        match *mark {
            Vote::Blank => {}
            Vote::Absent | Vote::NoVote => return Paper::Invalid,
            Vote::For(c) => {
                let twice = paper[..i].contains(mark);
                if twice || !standing.get(c).copied().unwrap_or(false) {
                    return Paper::Invalid;
                }
                named += 1;
            }
        }
    }
    if named == 0 {
        Paper::Blank
    } else {
        Paper::Valid
    }
}

/// Sets `base`, `majority`, `elected` and `eliminated` of a round from its
/// tallies, counts and rule (docs/RULES.md, "Counting a round").
pub fn decide(round: &mut RoundResult) {
    use crate::scenario::MajorityOf;
    round.base = match round.rule.majority_of {
        MajorityOf::Valid => round.valid,
        MajorityOf::ValidAndBlank => round.valid + round.blank,
        MajorityOf::AllMembers => round.members,
        MajorityOf::EntitledMembers => round.entitled,
    };
    round.majority = required(round.rule.threshold, round.base);
    let tally = &round.tally;
    // Standing candidates by votes, most first (ties in index order).
    let mut order = round.standing.clone();
    order.sort_by(|&a, &b| tally[b].cmp(&tally[a]).then(a.cmp(&b)));
    let open = round.seats_open as usize;
    let over: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&c| tally[c] >= round.majority)
        .collect();
    round.elected = if over.len() <= open {
        over
    } else {
        // More over the threshold than seats: the first `open` by votes,
        // except those tied with the first one left out.
        let boundary = tally[over[open]];
        over.into_iter().filter(|&c| tally[c] > boundary).collect()
    };
    round.eliminated = if !round.elected.is_empty() || round.valid == 0 {
        Vec::new()
    } else {
        leaving(round.rule.cut, tally, &order, open)
    };
}

/// Who leaves after a round that filled no seat; `order` is the standing
/// candidates, most votes first. Elimination never leaves fewer than
/// `open + 1` candidates standing (docs/RULES.md, "Counting a round").
fn leaving(cut: Cut, tally: &[u32], order: &[usize], open: usize) -> Vec<usize> {
    let mut out: Vec<usize> = match cut {
        Cut::Nobody => Vec::new(),
        Cut::DropLowest => {
            let Some(&last) = order.last() else {
                return Vec::new();
            };
            let lowest = tally[last];
            let out: Vec<usize> = order
                .iter()
                .copied()
                .filter(|&c| tally[c] == lowest)
                .collect();
            // Never fewer than `open + 1` left: with only that many, the
            // round is held again with the same candidates.
            if order.len() - out.len() < open + 1 {
                Vec::new()
            } else {
                out
            }
        }
        Cut::KeepTop(keep) => match order.get(keep as usize - 1) {
            Some(&at_cut) if order.len() > keep as usize => {
                let cut = tally[at_cut];
                order.iter().copied().filter(|&c| tally[c] < cut).collect()
            }
            _ => Vec::new(),
        },
    };
    out.sort_unstable();
    out
}

/// Whether the paper `paper` (one state's marks in `round`) was pivotal: a
/// blank paper, or a paper naming any one standing candidate, in its place
/// would have changed who is elected in the round or who leaves after it.
/// Absent papers, papers without a vote and invalid papers are never pivotal.
pub fn pivotal(round: &RoundResult, paper: &[Vote]) -> bool {
    let mut standing = vec![false; round.tally.len()];
    for &c in &round.standing {
        standing[c] = true;
    }
    let kind = paper_kind(paper, &standing);
    if !matches!(kind, Paper::Blank | Paper::Valid) {
        return false;
    }
    let mut without = round.clone();
    if kind == Paper::Blank {
        without.blank = without.blank.saturating_sub(1);
    } else {
        without.valid = without.valid.saturating_sub(1);
        for mark in paper {
            if let Vote::For(c) = *mark {
                without.tally[c] = without.tally[c].saturating_sub(1);
            }
        }
    }
    let same = |r: &RoundResult| r.elected == round.elected && r.eliminated == round.eliminated;
    let mut alternatives: Vec<Option<usize>> = round.standing.iter().map(|&c| Some(c)).collect();
    alternatives.push(None);
    alternatives.into_iter().any(|alternative| {
        let names_same = match alternative {
            None => kind == Paper::Blank,
            Some(c) => {
                kind == Paper::Valid
                    && paper
                        .iter()
                        .filter(|m| **m != Vote::Blank)
                        .eq([Vote::For(c)].iter())
            }
        };
        if names_same {
            return false;
        }
        let mut other = without.clone();
        match alternative {
            None => other.blank += 1,
            Some(c) => {
                other.valid += 1;
                other.tally[c] += 1;
            }
        }
        decide(&mut other);
        !same(&other)
    })
}
