//! The election rules of the electing body: ballot papers in, rounds and winner out.
//!
//! Everything here is pure: [`count_round`] counts one round's ballot papers,
//! [`hold_ballot`] repeats rounds, asking a closure for each round's papers,
//! until someone is elected or the rules give up. Units: votes are counts of
//! member states' ballot papers; rounds are numbered from 1.
//!
//! # The rules
//!
//! They follow the practice of the ITU Plenipotentiary Conference (Convention
//! No. 407; the election procedures of PP-98 and PP-02; the PP-06 results
//! pages). The PP-22 procedure text itself was not found, so the elimination
//! rule is a choice of the scenario (`ballot.elimination`).
//!
//! 1. **One vote per state.** Each member state with voting rights casts one
//!    ballot paper per round: a vote for one candidate, a blank paper, or
//!    none (absent). States without voting rights count as absent.
//! 2. **What counts.** A vote for a candidate standing in the round is
//!    *valid*. A vote for a candidate not standing (eliminated, or an index
//!    that names no candidate) is *invalid*. Blank papers are abstentions.
//!    Blank, invalid and absent do not count towards the majority.
//! 3. **Majority.** `majority = floor(valid / 2) + 1`, i.e. more than half
//!    of the valid votes. A candidate with at least `majority` votes is
//!    elected and the ballot ends. At most one candidate can reach it. When
//!    `valid = 0` the majority is 1 and nobody reaches it.
//! 4. **Elimination** after a round without a winner, by
//!    [`Elimination`]:
//!    - `DropLowest`: the standing candidates with the fewest votes leave;
//!      if several tie for fewest, all of them leave, unless that would leave
//!      nobody standing (all standing candidates tied), in which case nobody
//!      leaves. With two candidates standing and no winner the two are
//!      necessarily tied (blank papers do not count), so nobody leaves and
//!      they vote again. Dropping a tied pair may leave a single candidate;
//!      that candidate still needs a majority of the valid votes.
//!    - `TopTwoRunoff`: after round 1 only, a candidate goes on if its tally
//!      is at least the second-highest tally among the standing candidates
//!      (counted with repetition: tallies 8, 5, 5, 2 put 8, 5 and 5 through;
//!      7, 7, 6 put the two sevens through); ties at the cut go on. Later
//!      rounds are re-votes among those who went on, without elimination.
//!    - `NoElimination`: nobody leaves; the same candidates vote again.
//!
//!    In every case nobody leaves after a round with `valid = 0`, and at
//!    least one candidate always stays in the race.
//! 5. **Undecided.** If nobody is elected within `max_rounds` rounds, the
//!    election is undecided (`elected = None`). With `max_rounds = 0` no
//!    round is held.
//!
//! Each round's ballot papers are drawn afresh by the caller (states may
//! change their vote between rounds, and must choose among the candidates
//! still standing); this module only counts them.

use crate::result::{BallotResult, RoundResult, Vote};
use crate::scenario::{BallotRules, Elimination};

/// Votes needed to be elected out of `valid` votes: `floor(valid / 2) + 1`,
/// i.e. more than half.
pub fn majority(valid: u32) -> u32 {
    valid / 2 + 1
}

/// Counts one round (rules 2 to 4 of the module doc).
///
/// `number` is the 1-based round number, `votes` the ballot papers of all
/// member states (`Absent` for absent states and those without voting
/// rights), `standing[c]` whether candidate `c` is still in the race; its
/// length is the number of candidates. The returned tally is indexed by
/// candidate, 0 for those not standing; `eliminated` lists who leaves after
/// this round (empty when someone is elected).
pub fn count_round(
    number: u32,
    votes: &[Vote],
    standing: &[bool],
    elimination: Elimination,
) -> RoundResult {
    let mut tally = vec![0u32; standing.len()];
    let (mut blank, mut absent, mut invalid) = (0u32, 0u32, 0u32);
    for vote in votes {
        match *vote {
            Vote::Absent => absent += 1,
            Vote::Blank => blank += 1,
            Vote::For(c) if standing.get(c).copied().unwrap_or(false) => tally[c] += 1,
            Vote::For(_) => invalid += 1,
        }
    }
    let valid: u32 = tally.iter().sum();
    let majority = majority(valid);
    let standing_ids: Vec<usize> = (0..standing.len()).filter(|&c| standing[c]).collect();
    let elected = standing_ids.iter().copied().find(|&c| tally[c] >= majority);
    let eliminated = if elected.is_some() || valid == 0 {
        Vec::new()
    } else {
        leaving(number, &tally, &standing_ids, elimination)
    };
    RoundResult {
        number,
        standing: standing_ids,
        tally,
        blank,
        absent,
        invalid,
        valid,
        majority,
        elected,
        eliminated,
    }
}

/// Who leaves after round `number` without a winner (rule 4).
fn leaving(number: u32, tally: &[u32], standing: &[usize], elimination: Elimination) -> Vec<usize> {
    match elimination {
        Elimination::NoElimination => Vec::new(),
        Elimination::DropLowest => {
            let Some(lowest) = standing.iter().map(|&c| tally[c]).min() else {
                return Vec::new();
            };
            let out: Vec<usize> = standing
                .iter()
                .copied()
                .filter(|&c| tally[c] == lowest)
                .collect();
            if out.len() == standing.len() {
                Vec::new()
            } else {
                out
            }
        }
        Elimination::TopTwoRunoff => {
            if number != 1 {
                return Vec::new();
            }
            let mut tallies: Vec<u32> = standing.iter().map(|&c| tally[c]).collect();
            tallies.sort_unstable_by(|a, b| b.cmp(a));
            let Some(&cut) = tallies.get(1) else {
                return Vec::new();
            };
            standing
                .iter()
                .copied()
                .filter(|&c| tally[c] < cut)
                .collect()
        }
    }
}

/// Holds the whole ballot (rules 1 to 5 of the module doc).
///
/// For each round `r = 1, 2, …` it calls `cast(r, &standing)`, where
/// `standing[c]` says whether candidate `c` (of `n_candidates`) is still in
/// the race, counts the returned ballot papers with [`count_round`], and
/// removes the eliminated candidates. It stops when someone is elected or
/// after `rules.max_rounds` rounds; `cast` is called once per round held.
///
/// ```
/// use lobbysim::ballot::hold_ballot;
/// use lobbysim::result::Vote;
/// use lobbysim::scenario::BallotRules;
///
/// // Three candidates; round 1: 8, 7, 5 (candidate 2 leaves); round 2: 9, 11.
/// let result = hold_ballot(3, &BallotRules::default(), |round, _standing| {
///     let (a, b, c) = if round == 1 { (8, 7, 5) } else { (9, 11, 0) };
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
    rules: &BallotRules,
    mut cast: impl FnMut(u32, &[bool]) -> Vec<Vote>,
) -> BallotResult {
    let mut standing = vec![true; n_candidates];
    let mut rounds = Vec::new();
    for number in 1..=rules.max_rounds {
        let votes = cast(number, &standing);
        let round = count_round(number, &votes, &standing, rules.elimination);
        for &c in &round.eliminated {
            standing[c] = false;
        }
        let elected = round.elected;
        rounds.push(round);
        if elected.is_some() {
            return BallotResult { rounds, elected };
        }
    }
    BallotResult {
        rounds,
        elected: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const A: usize = 0;
    const B: usize = 1;
    const C: usize = 2;
    const D: usize = 3;

    /// Ballot papers: `n` copies of each `(vote, n)`.
    fn papers(spec: &[(Vote, usize)]) -> Vec<Vote> {
        spec.iter()
            .flat_map(|&(vote, n)| std::iter::repeat_n(vote, n))
            .collect()
    }

    fn rules(elimination: Elimination, max_rounds: u32) -> BallotRules {
        BallotRules {
            elimination,
            max_rounds,
            ..BallotRules::default()
        }
    }

    /// Holds a ballot whose round `r` papers are `script[r - 1]`, checking
    /// that the standing candidates handed to the caller match each round's
    /// record.
    fn scripted(n: usize, rules: &BallotRules, script: &[Vec<Vote>]) -> BallotResult {
        let mut seen: Vec<Vec<bool>> = Vec::new();
        let result = hold_ballot(n, rules, |round, standing| {
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
        let r = count_round(1, &votes, &[true, true], Elimination::DropLowest);
        assert_eq!(r.number, 1);
        assert_eq!(r.standing, vec![A, B]);
        assert_eq!(r.tally, vec![7, 5]);
        assert_eq!((r.blank, r.absent, r.invalid), (1, 2, 0));
        assert_eq!(r.valid, 12);
        assert_eq!(r.majority, 7);
        assert_eq!(r.elected, Some(A));
        assert!(r.eliminated.is_empty());
    }

    #[test]
    fn majority_exactly_at_the_boundary() {
        // 10 valid: 6 needed. 6-4 elects, 5-5 does not.
        let six_four = papers(&[(Vote::For(A), 4), (Vote::For(B), 6)]);
        let r = count_round(1, &six_four, &[true, true], Elimination::DropLowest);
        assert_eq!((r.valid, r.majority, r.elected), (10, 6, Some(B)));

        let five_five = papers(&[(Vote::For(A), 5), (Vote::For(B), 5)]);
        let r = count_round(1, &five_five, &[true, true], Elimination::DropLowest);
        assert_eq!((r.valid, r.majority, r.elected), (10, 6, None));
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
        let r = count_round(1, &votes, &[true, true], Elimination::DropLowest);
        assert_eq!(r.blank, 5);
        assert_eq!(r.valid, 7);
        assert_eq!(r.majority, 4);
        assert_eq!(r.elected, Some(A));
    }

    #[test]
    fn absent_states_do_not_count_towards_the_majority() {
        let votes = papers(&[(Vote::Absent, 10), (Vote::For(A), 3), (Vote::For(B), 2)]);
        let r = count_round(1, &votes, &[true, true], Elimination::DropLowest);
        assert_eq!(r.absent, 10);
        assert_eq!(r.valid, 5);
        assert_eq!(r.majority, 3);
        assert_eq!(r.elected, Some(A));
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
        assert_eq!((r[0].valid, r[0].majority, r[0].elected), (20, 11, None));
        assert_eq!(r[0].eliminated, vec![C]);

        assert_eq!(r[1].number, 2);
        assert_eq!(r[1].standing, vec![A, B]);
        assert_eq!(r[1].tally, vec![10, 10, 0]);
        assert_eq!((r[1].valid, r[1].majority, r[1].elected), (20, 11, None));
        assert!(r[1].eliminated.is_empty());

        assert_eq!(r[2].number, 3);
        assert_eq!(r[2].standing, vec![A, B]);
        assert_eq!(r[2].tally, vec![9, 11, 0]);
        assert_eq!((r[2].valid, r[2].majority, r[2].elected), (20, 11, Some(B)));
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
        let r = count_round(1, &votes, &[true; 4], Elimination::DropLowest);
        assert_eq!((r.valid, r.majority, r.elected), (20, 11, None));
        assert_eq!(r.eliminated, vec![C, D]);
    }

    #[test]
    fn a_candidate_with_no_votes_leaves() {
        let votes = papers(&[(Vote::For(A), 5), (Vote::For(B), 5)]);
        let r = count_round(1, &votes, &[true; 3], Elimination::DropLowest);
        assert_eq!(r.tally, vec![5, 5, 0]);
        assert_eq!(r.eliminated, vec![C]);
    }

    #[test]
    fn nobody_leaves_when_all_standing_are_tied() {
        let votes = papers(&[(Vote::For(A), 4), (Vote::For(B), 4), (Vote::For(C), 4)]);
        let r = count_round(1, &votes, &[true; 3], Elimination::DropLowest);
        assert_eq!((r.valid, r.majority, r.elected), (12, 7, None));
        assert!(r.eliminated.is_empty());

        // Only the standing candidates matter: B and C are out, A and D tie.
        let votes = papers(&[(Vote::For(A), 3), (Vote::For(D), 3), (Vote::Blank, 2)]);
        let r = count_round(
            4,
            &votes,
            &[true, false, false, true],
            Elimination::DropLowest,
        );
        assert_eq!(r.standing, vec![A, D]);
        assert_eq!(r.tally, vec![3, 0, 0, 3]);
        assert_eq!((r.valid, r.majority, r.elected), (6, 4, None));
        assert!(r.eliminated.is_empty());
    }

    #[test]
    fn a_sole_remaining_candidate_still_needs_a_majority() {
        let script = [
            // 4, 3, 3: B and C tie lowest and both leave.
            papers(&[(Vote::For(A), 4), (Vote::For(B), 3), (Vote::For(C), 3)]),
            // Only blanks: no valid vote, nobody elected.
            papers(&[(Vote::Blank, 10)]),
            // One vote for A out of one valid: elected.
            papers(&[(Vote::For(A), 1), (Vote::Blank, 9)]),
        ];
        let result = scripted(3, &rules(Elimination::DropLowest, 10), &script);
        assert_eq!(result.rounds[0].eliminated, vec![B, C]);
        assert_eq!(result.rounds[1].standing, vec![A]);
        assert_eq!(
            (result.rounds[1].valid, result.rounds[1].elected),
            (0, None)
        );
        assert!(result.rounds[1].eliminated.is_empty());
        assert_eq!(result.rounds[2].valid, 1);
        assert_eq!(result.rounds[2].majority, 1);
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
            // Round 2: 9, 6, 5 of 20, majority 11: no winner; no elimination after round 1.
            papers(&[(Vote::For(A), 9), (Vote::For(B), 6), (Vote::For(C), 5)]),
            // Round 3: 11, 5, 4: A elected.
            papers(&[(Vote::For(A), 11), (Vote::For(B), 5), (Vote::For(C), 4)]),
        ];
        let result = scripted(4, &rules(Elimination::TopTwoRunoff, 10), &script);
        let r = &result.rounds;
        assert_eq!(r[0].majority, 11);
        assert_eq!(r[0].eliminated, vec![D]);
        assert_eq!(r[1].standing, vec![A, B, C]);
        assert_eq!((r[1].majority, r[1].elected), (11, None));
        assert!(r[1].eliminated.is_empty());
        assert_eq!(r[2].tally, vec![11, 5, 4, 0]);
        assert_eq!(result.elected, Some(A));
    }

    #[test]
    fn top_two_runoff_with_a_tie_at_the_top() {
        // 7, 7, 6: the two sevens go on, C leaves although it is one vote behind.
        let votes = papers(&[(Vote::For(A), 7), (Vote::For(B), 7), (Vote::For(C), 6)]);
        let r = count_round(1, &votes, &[true; 3], Elimination::TopTwoRunoff);
        assert_eq!((r.valid, r.majority, r.elected), (20, 11, None));
        assert_eq!(r.eliminated, vec![C]);
        // The same tallies in round 2 eliminate nobody.
        let r = count_round(2, &votes, &[true; 3], Elimination::TopTwoRunoff);
        assert!(r.eliminated.is_empty());
    }

    #[test]
    fn no_elimination_keeps_everyone() {
        let votes = papers(&[(Vote::For(A), 8), (Vote::For(B), 7), (Vote::For(C), 5)]);
        let r = count_round(1, &votes, &[true; 3], Elimination::NoElimination);
        assert_eq!((r.valid, r.majority, r.elected), (20, 11, None));
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
                assert_eq!((r.valid, r.majority, r.elected), (0, 1, None));
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
        assert!(result.rounds.iter().all(|r| r.elected.is_none()));
        assert_eq!(result.elected, None);

        let mut calls = 0;
        let result = hold_ballot(2, &rules(Elimination::DropLowest, 0), |_, _| {
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
        assert_eq!(r.elected, Some(A));
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

    fn ballot_case() -> impl Strategy<Value = (usize, BallotRules, Vec<Vec<Vote>>)> {
        (1usize..=5, 0usize..=25, 0u32..=6, elimination()).prop_flat_map(
            |(n, voters, max_rounds, elimination)| {
                let round = prop::collection::vec(vote(n), voters);
                let script = prop::collection::vec(round, max_rounds as usize);
                (Just(n), Just(rules(elimination, max_rounds)), script)
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn counting_invariants_hold((n, rules, script) in ballot_case()) {
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
                    (r.valid + r.blank + r.absent + r.invalid) as usize,
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
                match r.elected {
                    Some(c) => {
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
                if r.valid == 0 || rules.elimination == Elimination::NoElimination {
                    prop_assert!(r.eliminated.is_empty());
                }
                if rules.elimination == Elimination::TopTwoRunoff && r.number > 1 {
                    prop_assert!(r.eliminated.is_empty());
                }
                if rules.elimination == Elimination::DropLowest && !r.eliminated.is_empty() {
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
