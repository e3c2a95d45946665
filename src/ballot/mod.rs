//! The election rules of the electing body: ballot papers in, rounds and
//! winners out.
//!
//! Everything here is pure: [`count_round`] counts one round's ballot
//! papers, [`hold_ballot`] repeats rounds, asking a closure for each
//! round's papers, until every seat is filled or the rules give up. Units:
//! votes are counts of member states' ballot papers; rounds are numbered
//! from 1.
//!
//! The rules are data: a scenario's `ballot: (...)` settings and preset
//! expand into [`Rules`]; `docs/RULES.md` documents every rule, every
//! preset with its source, and what is unverified. In short:
//!
//! 1. **Ballot papers.** Each member state of the electorate with voting
//!    rights casts one paper per round, or is absent. A paper names up to as
//!    many candidates as there are seats open (one for one seat): `seats_open`
//!    marks, the names first, then `Blank` marks. It is *valid* when it names
//!    only standing candidates, each once; *blank* when it names nobody;
//!    *invalid* otherwise. States outside the electorate or without voting
//!    rights cast no paper (`NoVote`).
//! 2. **Threshold.** A candidate needs `majority` votes: the round's
//!    threshold (more than half, two thirds, any fraction, or plurality) of
//!    the base `majority_of` (valid papers; valid and blank papers; all
//!    members; members with voting rights), and at least 1.
//! 3. **Seats.** The standing candidates at or over the threshold are
//!    elected, most votes first, up to the seats open; when more reach it
//!    than there are seats, those tied with the first one left out are not
//!    elected (the tie is voted again).
//! 4. **Who leaves** after a round that fills no seat (and has valid
//!    papers): nobody; the lowest (all tied lowest, unless fewer than
//!    `seats open + 1` candidates would stand: then nobody, and the round is
//!    held again with the same candidates); or, from round `runoff_after` on, all but
//!    the `seats open + 1` strongest (ties at the cut stay, and are cut again
//!    after the next round). Withdrawals take effect after their round.
//! 5. **Restricted ballots** (UN rule 94): blocks of rounds restricted to the
//!    `factor × seats open` leaders of the round before the block.
//! 6. **Undecided.** If seats are still open after `max_rounds` rounds, or no
//!    candidate is left to fill them, they stay open.
//!
//! Each round's ballot papers are drawn afresh by the caller (states may
//! change their vote between rounds, and must choose among the candidates
//! still standing); this module only counts them.

mod count;
mod flows;
#[cfg(test)]
mod hand_counted;
pub mod presets;
mod rules;
mod withdrawal;

pub use count::{RoundSetting, count_round, decide, pivotal};
pub use flows::flow;
pub use rules::{CandidateWithdrawal, Rules, required};
pub use withdrawal::transfer_leanings;

use crate::result::{BallotResult, RoundResult, Vote};

/// The size of the electorate, for the bases that count members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Electorate {
    /// Members of the electorate, with or without voting rights.
    pub members: u32,
    /// Members with voting rights.
    pub entitled: u32,
}

/// What the caller of [`hold_ballot`] is asked for in each round.
#[derive(Debug, Clone, Copy)]
pub struct PaperCall<'a> {
    /// 1-based round number.
    pub number: u32,
    /// `standing[c]`: whether candidate `c` may be named in this round.
    pub standing: &'a [bool],
    /// Marks per paper: the seats open (1 for one seat).
    pub width: usize,
    /// Withdrawals so far whose supporters' leaning passes to another
    /// candidate: `(withdrawn, receiving)`, in the order they happened.
    pub transfers: &'a [(usize, usize)],
}

/// Holds the whole ballot (rules 1 to 6 of the module doc).
///
/// For each round it calls `cast` with a [`PaperCall`] and expects
/// `width` marks per member state, counts them with [`count_round`], and
/// removes the elected, eliminated and withdrawn candidates. It stops when
/// every seat is filled, when no candidate is left, or after
/// `rules.max_rounds` rounds; `cast` is called once per round held.
///
/// ```
/// use lobbysim::ballot::{Electorate, Rules, hold_ballot};
/// use lobbysim::result::Vote;
///
/// // Three candidates; round 1: 8, 7, 5 (candidate 2 leaves); round 2: 9, 11.
/// let voters = Electorate { members: 20, entitled: 20 };
/// let result = hold_ballot(3, &Rules::default(), voters, |call| {
///     let (a, b, c) = if call.number == 1 { (8, 7, 5) } else { (9, 11, 0) };
///     let mut papers = vec![Vote::For(0); a];
///     papers.extend(vec![Vote::For(1); b]);
///     papers.extend(vec![Vote::For(2); c]);
///     papers
/// });
/// assert_eq!(result.rounds.len(), 2);
/// assert_eq!(result.rounds[0].eliminated, vec![2]);
/// assert_eq!(result.elected, Some(1));
/// ```
pub fn hold_ballot(
    n_candidates: usize,
    rules: &Rules,
    electorate: Electorate,
    mut cast: impl FnMut(&PaperCall) -> Vec<Vote>,
) -> BallotResult {
    // In the race: not elected, eliminated or withdrawn.
    let mut in_race = vec![true; n_candidates];
    // The leaders a restricted block is limited to.
    let mut leaders = vec![true; n_candidates];
    let mut transfers: Vec<(usize, usize)> = Vec::new();
    let mut rounds: Vec<RoundResult> = Vec::new();
    let mut winners = Vec::new();
    let mut flows = Vec::new();
    let mut previous: Option<(Vec<Vote>, usize)> = None;
    for number in 1..=rules.max_rounds {
        let seats_open = rules.seats.saturating_sub(winners.len() as u32);
        if seats_open == 0 || !in_race.contains(&true) {
            break;
        }
        let (restricted, block_starts) = rules.restriction_in(number);
        if block_starts && let (Some(r), Some(last)) = (rules.restricted, rounds.last()) {
            leaders = leading(&last.tally, &in_race, r.factor * seats_open);
        }
        let standing: Vec<bool> = (0..n_candidates)
            .map(|c| in_race[c] && (!restricted || leaders[c]))
            .collect();
        let width = seats_open as usize;
        let marks = cast(&PaperCall {
            number,
            standing: &standing,
            width,
            transfers: &transfers,
        });
        let setting = RoundSetting {
            number,
            seats_open,
            restricted,
            rule: rules.round_rule(number, seats_open),
            members: electorate.members,
            entitled: electorate.entitled,
            standing: &standing,
        };
        let mut round = count_round(&setting, &marks);
        if let Some((before, width_before)) = &previous {
            flows.push(flow(
                number - 1,
                before,
                *width_before,
                &marks,
                width,
                n_candidates,
            ));
        }
        for &c in round.elected.iter().chain(&round.eliminated) {
            in_race[c] = false;
        }
        winners.extend(&round.elected);
        if (winners.len() as u32) < rules.seats {
            for w in rules.withdrawals.iter().filter(|w| w.after_round == number) {
                if in_race[w.candidate] {
                    in_race[w.candidate] = false;
                    round.withdrawn.push(w.candidate);
                    if let Some(to) = w.transfer_to {
                        transfers.push((w.candidate, to));
                    }
                }
            }
        }
        rounds.push(round);
        previous = Some((marks, width));
    }
    let elected = (rules.seats == 1)
        .then(|| winners.first().copied())
        .flatten();
    BallotResult {
        seats: rules.seats,
        rounds,
        winners,
        elected,
        flows,
    }
}

/// The candidates in the race with the `count` highest tallies (ties at the
/// cut go on).
fn leading(tally: &[u32], in_race: &[bool], count: u32) -> Vec<bool> {
    let mut tallies: Vec<u32> = (0..tally.len())
        .filter(|&c| in_race[c])
        .map(|c| tally[c])
        .collect();
    tallies.sort_unstable_by(|a, b| b.cmp(a));
    let cut = tallies
        .get((count as usize).saturating_sub(1))
        .copied()
        .unwrap_or(0);
    (0..tally.len())
        .map(|c| in_race[c] && tally[c] >= cut)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{BallotRules, Elimination};
    use proptest::prelude::*;

    pub(super) const A: usize = 0;
    pub(super) const B: usize = 1;
    pub(super) const C: usize = 2;
    pub(super) const D: usize = 3;

    /// Ballot papers: `n` copies of each `(vote, n)`.
    pub(super) fn papers(spec: &[(Vote, usize)]) -> Vec<Vote> {
        spec.iter()
            .flat_map(|&(vote, n)| std::iter::repeat_n(vote, n))
            .collect()
    }

    fn rules(elimination: Elimination, max_rounds: u32) -> Rules {
        Rules::of(
            &BallotRules {
                elimination: Some(elimination),
                max_rounds: Some(max_rounds),
                ..BallotRules::default()
            },
            &[],
        )
    }

    /// Counts one round for one seat under the ITU majority with the cut
    /// that `elimination` makes in round `number`.
    fn count(
        number: u32,
        votes: &[Vote],
        standing: &[bool],
        elimination: Elimination,
    ) -> RoundResult {
        let n = votes.len() as u32;
        count_round(
            &RoundSetting {
                number,
                seats_open: 1,
                restricted: false,
                rule: rules(elimination, 10).round_rule(number, 1),
                members: n,
                entitled: n,
                standing,
            },
            votes,
        )
    }

    /// Holds a ballot whose round `r` papers are `script[r - 1]`, checking
    /// that the standing candidates handed to the caller match each round's
    /// record.
    fn scripted(n: usize, rules: &Rules, script: &[Vec<Vote>]) -> BallotResult {
        let mut seen: Vec<Vec<bool>> = Vec::new();
        let voters = Electorate {
            members: script.first().map_or(0, |p| p.len() as u32),
            entitled: script.first().map_or(0, |p| p.len() as u32),
        };
        let result = hold_ballot(n, rules, voters, |call| {
            let (round, standing) = (call.number, call.standing);
            assert_eq!(
                round as usize,
                seen.len() + 1,
                "rounds are numbered 1, 2, …"
            );
            seen.push(standing.to_vec());
            script[round as usize - 1].clone()
        });
        assert_eq!(seen.len(), result.rounds.len(), "one call per round held");
        for (round, standing) in result.rounds.iter().zip(&seen) {
            let ids: Vec<usize> = (0..n).filter(|&c| standing[c]).collect();
            assert_eq!(round.standing, ids);
        }
        result
    }

    #[test]
    fn majority_is_more_than_half() {
        let majority = |valid| required(crate::scenario::Threshold::Majority, valid);
        assert_eq!(majority(0), 1);
        assert_eq!(majority(1), 1);
        assert_eq!(majority(2), 2);
        assert_eq!(majority(10), 6);
        assert_eq!(majority(11), 6);
        assert_eq!(majority(193), 97);
    }

    #[test]
    fn two_candidates_simple_majority() {
        let votes = papers(&[
            (Vote::For(A), 7),
            (Vote::For(B), 5),
            (Vote::Blank, 1),
            (Vote::Absent, 2),
        ]);
        let r = count(1, &votes, &[true, true], Elimination::DropLowest);
        assert_eq!(r.number, 1);
        assert_eq!(r.standing, vec![A, B]);
        assert_eq!(r.tally, vec![7, 5]);
        assert_eq!((r.blank, r.absent, r.invalid), (1, 2, 0));
        assert_eq!(r.valid, 12);
        assert_eq!(r.majority, 7);
        assert_eq!(r.elected, vec![A]);
        assert!(r.eliminated.is_empty());
    }

    #[test]
    fn majority_exactly_at_the_boundary() {
        // 10 valid: 6 needed. 6-4 elects, 5-5 does not.
        let six_four = papers(&[(Vote::For(A), 4), (Vote::For(B), 6)]);
        let r = count(1, &six_four, &[true, true], Elimination::DropLowest);
        assert_eq!((r.valid, r.majority, r.elected.clone()), (10, 6, vec![B]));

        let five_five = papers(&[(Vote::For(A), 5), (Vote::For(B), 5)]);
        let r = count(1, &five_five, &[true, true], Elimination::DropLowest);
        assert_eq!((r.valid, r.majority, r.elected.clone()), (10, 6, vec![]));
        assert!(r.eliminated.is_empty(), "two tied candidates both stay");

        // The tie is re-voted: round 2 decides.
        let result = scripted(
            2,
            &rules(Elimination::DropLowest, 10),
            &[five_five.clone(), six_four.clone()],
        );
        assert_eq!(result.rounds.len(), 2);
        assert_eq!(result.rounds[0].tally, vec![5, 5]);
        assert_eq!(result.rounds[1].standing, vec![A, B]);
        assert_eq!(result.rounds[1].tally, vec![4, 6]);
        assert_eq!(result.elected, Some(B));
    }

    #[test]
    fn blank_papers_do_not_count_towards_the_majority() {
        // 4 of 12 present delegations is enough: blanks are abstentions.
        let votes = papers(&[(Vote::For(A), 4), (Vote::For(B), 3), (Vote::Blank, 5)]);
        let r = count(1, &votes, &[true, true], Elimination::DropLowest);
        assert_eq!(r.blank, 5);
        assert_eq!(r.valid, 7);
        assert_eq!(r.majority, 4);
        assert_eq!(r.elected, vec![A]);
    }

    #[test]
    fn absent_states_do_not_count_towards_the_majority() {
        let votes = papers(&[(Vote::Absent, 10), (Vote::For(A), 3), (Vote::For(B), 2)]);
        let r = count(1, &votes, &[true, true], Elimination::DropLowest);
        assert_eq!(r.absent, 10);
        assert_eq!(r.valid, 5);
        assert_eq!(r.majority, 3);
        assert_eq!(r.elected, vec![A]);
    }

    #[test]
    fn three_candidates_over_several_rounds_drop_lowest() {
        let script = [
            // Round 1: 8, 7, 5 of 20 valid, majority 11: C leaves.
            papers(&[(Vote::For(A), 8), (Vote::For(B), 7), (Vote::For(C), 5)]),
            // Round 2: 10, 10 of 20, majority 11: tie, both stay.
            papers(&[(Vote::For(A), 10), (Vote::For(B), 10)]),
            // Round 3: 9, 11 of 20, majority 11: B elected.
            papers(&[(Vote::For(A), 9), (Vote::For(B), 11)]),
        ];
        let result = scripted(3, &rules(Elimination::DropLowest, 10), &script);
        let r = &result.rounds;
        assert_eq!(r.len(), 3);

        assert_eq!(r[0].standing, vec![A, B, C]);
        assert_eq!(r[0].tally, vec![8, 7, 5]);
        assert_eq!(
            (r[0].valid, r[0].majority, r[0].elected.clone()),
            (20, 11, vec![])
        );
        assert_eq!(r[0].eliminated, vec![C]);

        assert_eq!(r[1].number, 2);
        assert_eq!(r[1].standing, vec![A, B]);
        assert_eq!(r[1].tally, vec![10, 10, 0]);
        assert_eq!(
            (r[1].valid, r[1].majority, r[1].elected.clone()),
            (20, 11, vec![])
        );
        assert!(r[1].eliminated.is_empty());

        assert_eq!(r[2].number, 3);
        assert_eq!(r[2].standing, vec![A, B]);
        assert_eq!(r[2].tally, vec![9, 11, 0]);
        assert_eq!(
            (r[2].valid, r[2].majority, r[2].elected.clone()),
            (20, 11, vec![B])
        );
        assert!(r[2].eliminated.is_empty());

        assert_eq!(result.elected, Some(B));
    }

    #[test]
    fn all_tied_lowest_leave() {
        let votes = papers(&[
            (Vote::For(A), 8),
            (Vote::For(B), 6),
            (Vote::For(C), 3),
            (Vote::For(D), 3),
        ]);
        let r = count(1, &votes, &[true; 4], Elimination::DropLowest);
        assert_eq!((r.valid, r.majority, r.elected.clone()), (20, 11, vec![]));
        assert_eq!(r.eliminated, vec![C, D]);
    }

    #[test]
    fn a_candidate_with_no_votes_leaves() {
        let votes = papers(&[(Vote::For(A), 5), (Vote::For(B), 5)]);
        let r = count(1, &votes, &[true; 3], Elimination::DropLowest);
        assert_eq!(r.tally, vec![5, 5, 0]);
        assert_eq!(r.eliminated, vec![C]);
    }

    #[test]
    fn nobody_leaves_when_all_standing_are_tied() {
        let votes = papers(&[(Vote::For(A), 4), (Vote::For(B), 4), (Vote::For(C), 4)]);
        let r = count(1, &votes, &[true; 3], Elimination::DropLowest);
        assert_eq!((r.valid, r.majority, r.elected.clone()), (12, 7, vec![]));
        assert!(r.eliminated.is_empty());

        // Only the standing candidates matter: B and C are out, A and D tie.
        let votes = papers(&[(Vote::For(A), 3), (Vote::For(D), 3), (Vote::Blank, 2)]);
        let r = count(
            4,
            &votes,
            &[true, false, false, true],
            Elimination::DropLowest,
        );
        assert_eq!(r.standing, vec![A, D]);
        assert_eq!(r.tally, vec![3, 0, 0, 3]);
        assert_eq!((r.valid, r.majority, r.elected.clone()), (6, 4, vec![]));
        assert!(r.eliminated.is_empty());
    }

    #[test]
    fn a_sole_candidate_still_needs_a_majority() {
        // 4, 3, 3: B and C tie lowest, but both leaving would leave A alone,
        // so nobody leaves.
        let three = papers(&[(Vote::For(A), 4), (Vote::For(B), 3), (Vote::For(C), 3)]);
        let result = scripted(3, &rules(Elimination::DropLowest, 1), &[three]);
        assert!(result.rounds[0].eliminated.is_empty());
        // A sole candidate from the start (as PP-14's, APNIC's account).
        let script = [
            // Only blanks: no valid vote, nobody elected.
            papers(&[(Vote::Blank, 10)]),
            // One vote for A out of one valid: elected.
            papers(&[(Vote::For(A), 1), (Vote::Blank, 9)]),
        ];
        let result = scripted(1, &rules(Elimination::DropLowest, 10), &script);
        assert_eq!(result.rounds[0].standing, vec![A]);
        assert_eq!(
            (result.rounds[0].valid, result.rounds[0].elected.clone()),
            (0, vec![])
        );
        assert!(result.rounds[0].eliminated.is_empty());
        assert_eq!(result.rounds[1].valid, 1);
        assert_eq!(result.rounds[1].majority, 1);
        assert_eq!(result.elected, Some(A));
    }

    #[test]
    fn top_two_runoff_keeps_ties_at_the_cut() {
        let script = [
            // Round 1: 8, 5, 5, 2; the second-highest tally is 5: A, B, C go on.
            papers(&[
                (Vote::For(A), 8),
                (Vote::For(B), 5),
                (Vote::For(C), 5),
                (Vote::For(D), 2),
            ]),
            // Round 2: 9, 6, 5 of 20, majority 11: no winner; the run-off is
            // cut again to the two strongest, so C leaves.
            papers(&[(Vote::For(A), 9), (Vote::For(B), 6), (Vote::For(C), 5)]),
            // Round 3: 11, 9: A elected.
            papers(&[(Vote::For(A), 11), (Vote::For(B), 9)]),
        ];
        let result = scripted(4, &rules(Elimination::TopTwoRunoff, 10), &script);
        let r = &result.rounds;
        assert_eq!(r[0].majority, 11);
        assert_eq!(r[0].eliminated, vec![D]);
        assert_eq!(r[1].standing, vec![A, B, C]);
        assert_eq!((r[1].majority, r[1].elected.clone()), (11, vec![]));
        assert_eq!(r[1].eliminated, vec![C]);
        assert_eq!(r[2].standing, vec![A, B]);
        assert_eq!(r[2].tally, vec![11, 9, 0, 0]);
        assert_eq!(result.elected, Some(A));
    }

    #[test]
    fn top_two_runoff_with_a_tie_at_the_top() {
        // 7, 7, 6: the two sevens go on, C leaves although it is one vote behind.
        let votes = papers(&[(Vote::For(A), 7), (Vote::For(B), 7), (Vote::For(C), 6)]);
        let r = count(1, &votes, &[true; 3], Elimination::TopTwoRunoff);
        assert_eq!((r.valid, r.majority, r.elected.clone()), (20, 11, vec![]));
        assert_eq!(r.eliminated, vec![C]);
        // The run-off is cut again in every later round: the same tallies
        // in round 2 cut C too.
        let r = count(2, &votes, &[true; 3], Elimination::TopTwoRunoff);
        assert_eq!(r.eliminated, vec![C]);
    }

    #[test]
    fn no_elimination_keeps_everyone() {
        let votes = papers(&[(Vote::For(A), 8), (Vote::For(B), 7), (Vote::For(C), 5)]);
        let r = count(1, &votes, &[true; 3], Elimination::NoElimination);
        assert_eq!((r.valid, r.majority, r.elected.clone()), (20, 11, vec![]));
        assert!(r.eliminated.is_empty());
    }

    #[test]
    fn everyone_abstaining_or_absent_leaves_the_election_undecided() {
        let round = papers(&[(Vote::Blank, 6), (Vote::Absent, 4)]);
        let script = vec![round; 4];
        for elimination in [
            Elimination::DropLowest,
            Elimination::TopTwoRunoff,
            Elimination::NoElimination,
        ] {
            let result = scripted(3, &rules(elimination, 4), &script);
            assert_eq!(result.elected, None);
            assert_eq!(result.rounds.len(), 4);
            for (i, r) in result.rounds.iter().enumerate() {
                assert_eq!(r.number, i as u32 + 1);
                assert_eq!(r.standing, vec![A, B, C]);
                assert_eq!(r.tally, vec![0, 0, 0]);
                assert_eq!((r.blank, r.absent, r.invalid), (6, 4, 0));
                assert_eq!((r.valid, r.majority, r.elected.clone()), (0, 1, vec![]));
                assert!(r.eliminated.is_empty());
            }
        }
    }

    #[test]
    fn stops_at_max_rounds() {
        let tie = papers(&[(Vote::For(A), 5), (Vote::For(B), 5)]);
        let decisive = papers(&[(Vote::For(A), 6), (Vote::For(B), 4)]);
        // The decisive fourth round is never held.
        let script = vec![tie.clone(), tie.clone(), tie, decisive];
        let result = scripted(2, &rules(Elimination::NoElimination, 3), &script);
        assert_eq!(result.rounds.len(), 3);
        assert!(result.rounds.iter().all(|r| r.elected.is_empty()));
        assert_eq!(result.elected, None);

        let mut calls = 0;
        let voters = Electorate::default();
        let result = hold_ballot(2, &rules(Elimination::DropLowest, 0), voters, |_| {
            calls += 1;
            Vec::new()
        });
        assert_eq!(calls, 0);
        assert!(result.rounds.is_empty());
        assert_eq!(result.elected, None);
    }

    #[test]
    fn votes_for_candidates_not_standing_are_invalid() {
        let script = [
            papers(&[(Vote::For(A), 8), (Vote::For(B), 7), (Vote::For(C), 5)]),
            // 3 papers still name C and 1 names no candidate: 16 valid, majority 9.
            // Counted as valid they would make 20 and a majority of 11.
            papers(&[
                (Vote::For(A), 9),
                (Vote::For(B), 7),
                (Vote::For(C), 3),
                (Vote::For(7), 1),
            ]),
        ];
        let result = scripted(3, &rules(Elimination::DropLowest, 10), &script);
        let r = &result.rounds[1];
        assert_eq!(r.tally, vec![9, 7, 0]);
        assert_eq!((r.blank, r.absent, r.invalid), (0, 0, 4));
        assert_eq!((r.valid, r.majority), (16, 9));
        assert_eq!(r.elected, vec![A]);
        assert_eq!(result.elected, Some(A));
    }

    fn elimination() -> impl Strategy<Value = Elimination> {
        prop_oneof![
            Just(Elimination::DropLowest),
            Just(Elimination::TopTwoRunoff),
            Just(Elimination::NoElimination),
        ]
    }

    /// A ballot paper naming one of `n` candidates, a non-existent one, blank or absent.
    fn vote(n: usize) -> impl Strategy<Value = Vote> {
        prop_oneof![
            4 => (0..=n).prop_map(Vote::For),
            1 => Just(Vote::Blank),
            1 => Just(Vote::Absent),
        ]
    }

    fn ballot_case() -> impl Strategy<Value = (usize, Elimination, Vec<Vec<Vote>>)> {
        (1usize..=5, 0usize..=25, 0u32..=6, elimination()).prop_flat_map(
            |(n, voters, max_rounds, elimination)| {
                let round = prop::collection::vec(vote(n), voters);
                let script = prop::collection::vec(round, max_rounds as usize);
                (Just(n), Just(elimination), script)
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn counting_invariants_hold((n, elimination, script) in ballot_case()) {
            let rules = rules(elimination, script.len() as u32);
            let result = scripted(n, &rules, &script);
            prop_assert!(result.rounds.len() <= rules.max_rounds as usize);
            if result.elected.is_none() {
                prop_assert_eq!(result.rounds.len(), rules.max_rounds as usize);
            }
            let mut out: Vec<usize> = Vec::new();
            for (i, r) in result.rounds.iter().enumerate() {
                let papers = &script[i];
                prop_assert_eq!(r.number as usize, i + 1);
                prop_assert_eq!(r.tally.len(), n);
                prop_assert_eq!(r.tally.iter().sum::<u32>(), r.valid);
                prop_assert_eq!(
                    (r.valid + r.blank + r.absent + r.no_vote + r.invalid) as usize,
                    papers.len()
                );
                prop_assert_eq!(r.majority, r.valid / 2 + 1);
                prop_assert!(!r.standing.is_empty());
                for c in 0..n {
                    if !r.standing.contains(&c) {
                        prop_assert_eq!(r.tally[c], 0);
                    }
                }
                for c in &out {
                    prop_assert!(!r.standing.contains(c), "eliminated {} stands again", c);
                }
                match r.elected.first().copied() {
                    Some(c) => {
                        prop_assert_eq!(r.elected.len(), 1);
                        prop_assert!(r.standing.contains(&c));
                        prop_assert!(2 * r.tally[c] > r.valid);
                        prop_assert!(r.eliminated.is_empty());
                        prop_assert_eq!(i + 1, result.rounds.len());
                        prop_assert_eq!(result.elected, Some(c));
                    }
                    None => {
                        prop_assert!(r.standing.iter().all(|&c| 2 * r.tally[c] <= r.valid));
                    }
                }
                prop_assert!(r.eliminated.len() < r.standing.len());
                for c in &r.eliminated {
                    prop_assert!(r.standing.contains(c));
                }
                if r.valid == 0 || elimination == Elimination::NoElimination {
                    prop_assert!(r.eliminated.is_empty());
                }
                if elimination == Elimination::TopTwoRunoff && !r.eliminated.is_empty() {
                    // Everyone who leaves is behind the two strongest.
                    let mut t: Vec<u32> = r.standing.iter().map(|&c| r.tally[c]).collect();
                    t.sort_unstable_by(|a, b| b.cmp(a));
                    for &c in &r.eliminated {
                        prop_assert!(r.tally[c] < t[1]);
                    }
                    prop_assert!(r.standing.len() - r.eliminated.len() >= 2);
                }
                if elimination == Elimination::DropLowest && !r.eliminated.is_empty() {
                    let lowest = r.standing.iter().map(|&c| r.tally[c]).min();
                    for &c in &r.eliminated {
                        prop_assert_eq!(Some(r.tally[c]), lowest);
                    }
                }
                out.extend(&r.eliminated);
            }
        }
    }
}
