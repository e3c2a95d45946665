//! Every rule and preset on ballots counted by hand (docs/RULES.md).

use super::*;
use crate::scenario::{
    BallotRules, Elimination, MajorityOf, Preset, Restricted, Threshold, ThresholdChange,
    Withdrawal,
};

use super::tests::{A, B, C, D, papers};

/// Papers of `width` marks: `n` copies of each list of names (blank-padded).
fn multi(width: usize, spec: &[(&[usize], usize)]) -> Vec<Vote> {
    let mut out = Vec::new();
    for &(names, n) in spec {
        for _ in 0..n {
            out.extend(names.iter().map(|&c| Vote::For(c)));
            out.extend(std::iter::repeat_n(Vote::Blank, width - names.len()));
        }
    }
    out
}

/// What the caller was handed in one round: standing, width, transfers.
type Call = (Vec<bool>, usize, Vec<(usize, usize)>);

/// Holds a ballot whose round `r` papers are `script[r - 1]` (the same
/// last round repeated if the script is shorter), recording each call.
fn hold(
    n: usize,
    rules: &Rules,
    voters: Electorate,
    script: &[Vec<Vote>],
) -> (BallotResult, Vec<Call>) {
    let mut calls = Vec::new();
    let result = hold_ballot(n, rules, voters, |call| {
        calls.push((call.standing.to_vec(), call.width, call.transfers.to_vec()));
        script[(call.number as usize - 1).min(script.len() - 1)].clone()
    });
    (result, calls)
}

fn voters(n: u32) -> Electorate {
    Electorate {
        members: n,
        entitled: n,
    }
}

fn rules_with(settings: BallotRules, ids: &[&str]) -> Rules {
    Rules::of(&settings, ids)
}

#[test]
fn two_thirds_of_present_and_voting_with_blank_papers() {
    // 30 papers: 19 A, 8 B, 3 blank. Valid 27: two thirds is 18; A elected.
    // Had the blanks counted (ValidAndBlank, 30), 20 would be needed.
    let p = papers(&[(Vote::For(A), 19), (Vote::For(B), 8), (Vote::Blank, 3)]);
    let valid = rules_with(
        BallotRules {
            threshold: Some(Threshold::TwoThirds),
            ..BallotRules::default()
        },
        &[],
    );
    let (r, _) = hold(2, &valid, voters(30), std::slice::from_ref(&p));
    assert_eq!((r.rounds[0].base, r.rounds[0].majority), (27, 18));
    assert_eq!(r.elected, Some(A));
    let with_blank = Rules {
        majority_of: MajorityOf::ValidAndBlank,
        max_rounds: 1,
        ..valid
    };
    let (r, _) = hold(2, &with_blank, voters(30), &[p]);
    assert_eq!((r.rounds[0].base, r.rounds[0].majority), (30, 20));
    assert_eq!(r.elected, None);
}

#[test]
fn absolute_majority_of_all_members() {
    // A body of 191 members (3 without voting rights, 20 absent): 96 needed
    // whatever the turnout. 95 of 168 papers is a majority of those voting,
    // but not of the members.
    let rules = rules_with(
        BallotRules {
            preset: Some(Preset::UnHumanRightsCouncil),
            seats: Some(1),
            max_rounds: Some(1),
            ..BallotRules::default()
        },
        &[],
    );
    let electorate = Electorate {
        members: 191,
        entitled: 188,
    };
    let p = papers(&[
        (Vote::For(A), 95),
        (Vote::For(B), 73),
        (Vote::Absent, 20),
        (Vote::NoVote, 3),
    ]);
    let (r, _) = hold(2, &rules, electorate, &[p]);
    let round = &r.rounds[0];
    assert_eq!((round.valid, round.absent, round.no_vote), (168, 20, 3));
    assert_eq!((round.base, round.majority), (191, 96));
    assert_eq!(r.elected, None);
    // Entitled members (ILO): 188 with a vote, 95 needed: elected.
    let ilo = Rules {
        majority_of: MajorityOf::EntitledMembers,
        ..rules
    };
    let p = papers(&[
        (Vote::For(A), 95),
        (Vote::For(B), 73),
        (Vote::Absent, 20),
        (Vote::NoVote, 3),
    ]);
    let (r, _) = hold(2, &ilo, electorate, &[p]);
    assert_eq!((r.rounds[0].base, r.rounds[0].majority), (188, 95));
    assert_eq!(r.elected, Some(A));
}

#[test]
fn three_candidates_for_two_seats() {
    // 2 seats, two-thirds of 30 valid papers = 20. Round 1: A 24, B 18, C 15:
    // only A is elected. Round 2, one seat open, one name per paper:
    // B 21, C 9: B elected with 20 of 30.
    let rules = rules_with(
        BallotRules {
            seats: Some(2),
            threshold: Some(Threshold::TwoThirds),
            elimination: Some(Elimination::NoElimination),
            ..BallotRules::default()
        },
        &[],
    );
    let round_1 = multi(2, &[(&[A, B], 12), (&[A, C], 12), (&[B, C], 3), (&[B], 3)]);
    let round_2 = multi(1, &[(&[B], 21), (&[C], 9)]);
    let (r, calls) = hold(3, &rules, voters(30), &[round_1, round_2]);
    assert_eq!(r.rounds[0].tally, vec![24, 18, 15]);
    assert_eq!((r.rounds[0].valid, r.rounds[0].majority), (30, 20));
    assert_eq!(r.rounds[0].elected, vec![A]);
    assert_eq!(calls[0].1, 2, "two names per paper in round 1");
    assert_eq!(calls[1].1, 1, "one seat open in round 2");
    assert_eq!(calls[1].0, vec![false, true, true]);
    assert_eq!(r.rounds[1].elected, vec![B]);
    assert_eq!(r.winners, vec![A, B]);
    assert_eq!(r.elected, None, "several seats: see winners");
    assert!(r.decided());
}

#[test]
fn a_tie_across_the_last_seat_is_voted_again() {
    // 2 seats by plurality: 10, 7, 7 elects A only; B and C vote again.
    let rules = rules_with(
        BallotRules {
            preset: Some(Preset::ItuCouncilRegion),
            seats: Some(2),
            max_rounds: Some(2),
            ..BallotRules::default()
        },
        &[],
    );
    let round_1 = multi(2, &[(&[A, B], 7), (&[A, C], 3), (&[C], 4)]);
    let round_2 = multi(1, &[(&[B], 6), (&[C], 5)]);
    let (r, _) = hold(3, &rules, voters(14), &[round_1, round_2]);
    assert_eq!(r.rounds[0].tally, vec![10, 7, 7]);
    assert_eq!(r.rounds[0].elected, vec![A]);
    assert_eq!(r.rounds[1].elected, vec![B]);
    assert_eq!(r.winners, vec![A, B]);
}

#[test]
fn invalid_papers_name_a_candidate_twice_or_one_not_standing() {
    let setting = RoundSetting {
        number: 1,
        seats_open: 2,
        restricted: false,
        rule: Rules::default().round_rule(1, 2),
        members: 4,
        entitled: 4,
        standing: &[true, true, false],
    };
    let marks = vec![
        Vote::For(A),
        Vote::For(A),
        Vote::For(A),
        Vote::For(C),
        Vote::Blank,
        Vote::Blank,
        Vote::For(B),
        Vote::Blank,
    ];
    let r = count_round(&setting, &marks);
    assert_eq!((r.invalid, r.blank, r.valid), (2, 1, 1));
    assert_eq!(r.tally, vec![0, 1, 0]);
}

#[test]
fn who_style_threshold_change() {
    // The WHA 2017 figures: two thirds in rounds 1-2, then more than half;
    // the lowest leaves, but never the last two. Round 1: 95, 52, 38 of 185
    // present and voting: 124 needed (123.33 rounded up); C leaves. Round 2:
    // 121, 62 of 183: 122 needed; nobody is elected and nobody leaves, as
    // two candidates are the fewest for one seat. Round 3, the same two at
    // more than half: 133, 50 of 183 needs 92; A is elected.
    let rules = rules_with(
        BallotRules {
            preset: Some(Preset::WhoDirectorGeneral),
            threshold_change: Some(ThresholdChange {
                from_round: 3,
                threshold: Threshold::Majority,
            }),
            ..BallotRules::default()
        },
        &[],
    );
    let script = [
        papers(&[(Vote::For(A), 95), (Vote::For(B), 52), (Vote::For(C), 38)]),
        papers(&[(Vote::For(A), 121), (Vote::For(B), 62), (Vote::Absent, 2)]),
        papers(&[(Vote::For(A), 133), (Vote::For(B), 50), (Vote::Absent, 2)]),
    ];
    let (r, calls) = hold(3, &rules, voters(194), &script);
    assert_eq!(r.rounds.len(), 3);
    assert_eq!((r.rounds[0].base, r.rounds[0].majority), (185, 124));
    assert_eq!(r.rounds[0].eliminated, vec![C]);
    assert_eq!(r.rounds[1].rule.threshold, Threshold::TwoThirds);
    assert_eq!((r.rounds[1].base, r.rounds[1].majority), (183, 122));
    assert!(r.rounds[1].elected.is_empty());
    assert!(r.rounds[1].eliminated.is_empty(), "the last two stay");
    assert_eq!(r.rounds[2].standing, vec![A, B]);
    assert_eq!(calls[2].0, vec![true, true, false]);
    assert_eq!(r.rounds[2].rule.threshold, Threshold::Majority);
    assert_eq!((r.rounds[2].base, r.rounds[2].majority), (183, 92));
    assert_eq!(r.rounds[2].elected, vec![A]);
    assert_eq!(r.elected, Some(A));
    // With the change from round 2, 121 of 183 is over half (92): elected in round 2.
    let changed_at_2 = Rules {
        threshold_change: Some(ThresholdChange {
            from_round: 2,
            threshold: Threshold::Majority,
        }),
        ..rules
    };
    let (r, _) = hold(3, &changed_at_2, voters(194), &script);
    assert_eq!((r.rounds.len(), r.rounds[1].majority), (2, 92));
    assert_eq!(r.elected, Some(A));
}

#[test]
fn two_candidates_at_two_thirds_run_to_max_rounds() {
    // One seat, two thirds, the lowest leaves: 60-40 of 100 (67 needed) in
    // every round. Neither is elected and neither leaves, so the same two
    // stand in all 4 rounds and the seat stays open.
    let rules = rules_with(
        BallotRules {
            threshold: Some(Threshold::TwoThirds),
            elimination: Some(Elimination::DropLowest),
            max_rounds: Some(4),
            ..BallotRules::default()
        },
        &[],
    );
    let p = papers(&[(Vote::For(A), 60), (Vote::For(B), 40)]);
    let (r, calls) = hold(2, &rules, voters(100), &[p]);
    assert_eq!(r.rounds.len(), 4);
    for round in &r.rounds {
        assert_eq!((round.majority, round.standing.clone()), (67, vec![A, B]));
        assert!(round.elected.is_empty() && round.eliminated.is_empty());
    }
    assert_eq!(calls.len(), 4);
    assert_eq!(r.elected, None);
    assert!(!r.decided());
}

#[test]
fn tied_lowest_leave_only_while_two_would_stand() {
    // One seat, more than half of 20 (11). 8, 6, 3, 3: C and D leave
    // together, two stand. 10, 5, 5: B and C leaving would leave A alone,
    // so nobody leaves and the three stand again.
    let four = papers(&[
        (Vote::For(A), 8),
        (Vote::For(B), 6),
        (Vote::For(C), 3),
        (Vote::For(D), 3),
    ]);
    let then = papers(&[(Vote::For(A), 9), (Vote::For(B), 11)]);
    let (r, _) = hold(4, &Rules::default(), voters(20), &[four, then]);
    assert_eq!(r.rounds[0].eliminated, vec![C, D]);
    assert_eq!(r.rounds[1].standing, vec![A, B]);
    assert_eq!(r.elected, Some(B));
    let three = papers(&[(Vote::For(A), 10), (Vote::For(B), 5), (Vote::For(C), 5)]);
    let then = papers(&[(Vote::For(A), 11), (Vote::For(B), 5), (Vote::For(C), 4)]);
    let (r, _) = hold(3, &Rules::default(), voters(20), &[three, then]);
    assert!(r.rounds[0].eliminated.is_empty());
    assert_eq!(r.rounds[1].standing, vec![A, B, C]);
    assert_eq!(r.elected, Some(A));
}

#[test]
fn security_council_two_for_one_seat_at_two_thirds_goes_on() {
    // One seat, two candidates, 190 present and voting: 127 needed. 120-70
    // in every round: nobody leaves (no elimination; the restricted rounds
    // are limited to the two leaders, both of them), and all 100 rounds of
    // the preset are held with both standing.
    let rules = rules_with(
        BallotRules {
            preset: Some(Preset::UnSecurityCouncil),
            seats: Some(1),
            ..BallotRules::default()
        },
        &[],
    );
    let p = papers(&[(Vote::For(A), 120), (Vote::For(B), 70), (Vote::Absent, 3)]);
    let (r, _) = hold(2, &rules, voters(193), &[p]);
    assert_eq!(r.rounds.len(), 100);
    assert!(r.rounds.iter().any(|x| x.restricted));
    for round in &r.rounds {
        assert_eq!((round.majority, round.standing.clone()), (127, vec![A, B]));
        assert!(round.eliminated.is_empty());
    }
    assert_eq!(r.elected, None);
    // The same contest counted with the lowest leaving (a scenario's
    // `elimination: DropLowest`) still holds the two: none is dropped to a
    // walkover.
    let dropping = Rules {
        elimination: Elimination::DropLowest,
        max_rounds: 7,
        ..rules
    };
    let p = papers(&[(Vote::For(A), 120), (Vote::For(B), 70)]);
    let (r, _) = hold(2, &dropping, voters(193), &[p]);
    assert_eq!(r.rounds.len(), 7);
    assert!(r.rounds.iter().all(|x| x.standing == vec![A, B]));
}

#[test]
fn restricted_ballots_take_the_leaders_of_the_round_before() {
    // One seat, two thirds, rule 94: round 1 open among A-D; rounds 2-4
    // restricted to the two leaders of round 1 (A 9, B 6; C 6 tied at the
    // cut goes on too); round 5 open again.
    let rules = rules_with(
        BallotRules {
            preset: Some(Preset::UnSecurityCouncil),
            seats: Some(1),
            max_rounds: Some(5),
            ..BallotRules::default()
        },
        &[],
    );
    assert_eq!(
        rules.restricted,
        Some(Restricted {
            after: 1,
            rounds: 3,
            unrestricted: 3,
            factor: 2
        })
    );
    let open = papers(&[
        (Vote::For(A), 9),
        (Vote::For(B), 6),
        (Vote::For(C), 6),
        (Vote::For(D), 3),
    ]);
    let restricted = papers(&[(Vote::For(A), 12), (Vote::For(B), 6), (Vote::For(C), 6)]);
    let script = [
        open.clone(),
        restricted.clone(),
        restricted.clone(),
        restricted,
        open,
    ];
    let (r, calls) = hold(4, &rules, voters(24), &script);
    assert_eq!(r.rounds.len(), 5);
    assert_eq!(r.rounds[0].majority, 16);
    for round in &r.rounds[1..4] {
        assert!(round.restricted);
        assert_eq!(round.standing, vec![A, B, C]);
    }
    assert!(!r.rounds[4].restricted);
    assert_eq!(calls[4].0, vec![true; 4], "round 5 is open to all again");
    assert!(r.rounds.iter().all(|x| x.eliminated.is_empty()));
    assert_eq!(r.elected, None);
}

#[test]
fn withdrawal_with_transfer() {
    // C withdraws after round 1 in favour of B: the caller is told, and C
    // no longer stands. Round 1: 8, 7, 5 of 20; with NoElimination nobody
    // leaves by the rules.
    let settings = BallotRules {
        elimination: Some(Elimination::NoElimination),
        withdrawals: vec![Withdrawal {
            candidate: "c".into(),
            after_round: 1,
            transfer_to: Some("b".into()),
        }],
        ..BallotRules::default()
    };
    let rules = rules_with(settings, &["a", "b", "c"]);
    let script = [
        papers(&[(Vote::For(A), 8), (Vote::For(B), 7), (Vote::For(C), 5)]),
        papers(&[(Vote::For(A), 8), (Vote::For(B), 12)]),
    ];
    let (r, calls) = hold(3, &rules, voters(20), &script);
    assert_eq!(r.rounds[0].withdrawn, vec![C]);
    assert!(r.rounds[0].eliminated.is_empty());
    assert_eq!(calls[0].2, vec![]);
    assert_eq!(calls[1].2, vec![(C, B)]);
    assert_eq!(calls[1].0, vec![true, true, false]);
    assert_eq!(r.elected, Some(B));
    // The model passes the leaning on: a state leaning 0.25 / 0.25 / 0.5
    // now leans 0.25 / 0.75 / 0.
    let mut out = [0.0; 3];
    transfer_leanings(&[0.25, 0.25, 0.5], &calls[1].2, &mut out);
    assert_eq!(out, [0.25, 0.75, 0.0]);
}

#[test]
fn unesco_run_off_after_the_fourth_and_plurality_in_the_fifth() {
    // 58 members. Rounds 1-3: 20, 19, 19 (30 needed); after round 4
    // (20, 19, 19 again) only the two strongest go on, ties at the cut
    // going on: A, B, C; round 5: plurality, 29-29 ties stay undecided,
    // 30-28 elects.
    let rules = rules_with(
        BallotRules {
            preset: Some(Preset::UnescoDirectorGeneral),
            ..BallotRules::default()
        },
        &[],
    );
    let three = papers(&[(Vote::For(A), 20), (Vote::For(B), 19), (Vote::For(C), 19)]);
    let (r, _) = hold(3, &rules, voters(58), std::slice::from_ref(&three));
    assert_eq!(r.rounds.len(), 5);
    assert_eq!(r.rounds[0].majority, 30);
    assert!(r.rounds[..3].iter().all(|x| x.eliminated.is_empty()));
    assert!(
        r.rounds[3].eliminated.is_empty(),
        "19 and 19 tie at the cut"
    );
    assert_eq!(r.rounds[4].rule.threshold, Threshold::Plurality);
    assert_eq!(
        r.rounds[4].elected,
        vec![A],
        "plurality in round 5: 20 wins"
    );
    let tie = papers(&[(Vote::For(A), 29), (Vote::For(B), 29)]);
    let (r, _) = hold(
        3,
        &rules,
        voters(58),
        &[three.clone(), three.clone(), three.clone(), three, tie],
    );
    assert_eq!(r.rounds[3].eliminated, Vec::<usize>::new());
    assert_eq!(r.rounds[4].tally[..2], [29, 29]);
    assert_eq!(
        r.elected, None,
        "a 29-29 tie in the last round stays undecided"
    );
}

#[test]
fn interpol_two_thirds_then_majority_from_the_third_ballot() {
    let rules = rules_with(
        BallotRules {
            preset: Some(Preset::InterpolPresident),
            ..BallotRules::default()
        },
        &[],
    );
    // 100 valid each round, A 60, B 40: 67 needed in rounds 1-2, 51 in round 3.
    let p = papers(&[(Vote::For(A), 60), (Vote::For(B), 40)]);
    let (r, _) = hold(2, &rules, voters(100), &[p]);
    let needed: Vec<u32> = r.rounds.iter().map(|x| x.majority).collect();
    assert_eq!(needed, vec![67, 67, 51]);
    assert_eq!(r.elected, Some(A));
}

#[test]
fn itu_fao_and_imo_presets_are_the_itu_default() {
    for preset in [
        Preset::ItuElectedOfficial,
        Preset::FaoDirectorGeneral,
        Preset::ImoSecretaryGeneral,
    ] {
        let r = rules_with(
            BallotRules {
                preset: Some(preset),
                ..BallotRules::default()
            },
            &[],
        );
        assert_eq!(r, Rules::default(), "{preset:?}");
    }
    // ITU: 8, 7, 5 of 20: C leaves; 9-11 elects B (hand count of the module doc).
    let script = [
        papers(&[(Vote::For(A), 8), (Vote::For(B), 7), (Vote::For(C), 5)]),
        papers(&[(Vote::For(A), 9), (Vote::For(B), 11)]),
    ];
    let (r, _) = hold(3, &Rules::default(), voters(20), &script);
    assert_eq!(r.rounds[0].eliminated, vec![C]);
    assert_eq!(r.elected, Some(B));
}

#[test]
fn a_one_seat_paper_with_pivotal_votes() {
    // 51-49 of 100: one A paper moved to B ties 50-50 (nobody elected).
    let setting = RoundSetting {
        number: 1,
        seats_open: 1,
        restricted: false,
        rule: Rules::default().round_rule(1, 1),
        members: 100,
        entitled: 100,
        standing: &[true, true],
    };
    let p = papers(&[(Vote::For(A), 51), (Vote::For(B), 49)]);
    let r = count_round(&setting, &p);
    assert!(pivotal(&r, &[Vote::For(A)]));
    assert!(!pivotal(&r, &[Vote::For(B)]));
    assert!(!pivotal(&r, &[Vote::Absent]));
    // A landslide: nobody.
    let p = papers(&[(Vote::For(A), 80), (Vote::For(B), 20)]);
    let r = count_round(&setting, &p);
    assert!(!pivotal(&r, &[Vote::For(A)]) && !pivotal(&r, &[Vote::Blank]));
    // 8-7-5 of 20 with three standing: no paper elects anyone, but a vote
    // for B moved to C ties B and C at the bottom: both would leave.
    let setting = RoundSetting {
        standing: &[true, true, true],
        ..setting
    };
    let p = papers(&[(Vote::For(A), 8), (Vote::For(B), 7), (Vote::For(C), 5)]);
    let r = count_round(&setting, &p);
    assert_eq!(r.eliminated, vec![C]);
    assert!(pivotal(&r, &[Vote::For(B)]));
    // A paper for A moved anywhere leaves C alone at the bottom.
    assert!(!pivotal(&r, &[Vote::For(A)]));
}

#[test]
fn ecosoc_is_counted_as_the_security_council() {
    let of = |preset| {
        rules_with(
            BallotRules {
                preset: Some(preset),
                seats: Some(2),
                ..BallotRules::default()
            },
            &[],
        )
    };
    assert_eq!(of(Preset::UnEcosoc), of(Preset::UnSecurityCouncil));
    // 2 seats, 30 valid: 20 needed. A 21, B 20, C 19: A and B.
    let r = of(Preset::UnEcosoc);
    let p = multi(2, &[(&[A, B], 20), (&[A, C], 1), (&[C], 9)]);
    let (r, _) = hold(3, &r, voters(30), &[p]);
    assert_eq!(r.rounds[0].tally, vec![21, 20, 10]);
    assert_eq!(r.rounds[0].majority, 20);
    assert_eq!(r.winners, vec![A, B]);
}

#[test]
fn ilo_needs_more_than_half_of_the_members_entitled_to_vote() {
    // 56 titular members, 2 without a vote: 28 needed of 54 entitled,
    // whatever the turnout. 27 of 40 papers is not enough; the lowest leaves.
    let rules = rules_with(
        BallotRules {
            preset: Some(Preset::IloDirectorGeneral),
            ..BallotRules::default()
        },
        &[],
    );
    let electorate = Electorate {
        members: 56,
        entitled: 54,
    };
    let round_1 = papers(&[
        (Vote::For(A), 27),
        (Vote::For(B), 9),
        (Vote::For(C), 4),
        (Vote::Absent, 14),
        (Vote::NoVote, 2),
    ]);
    let round_2 = papers(&[
        (Vote::For(A), 28),
        (Vote::For(B), 12),
        (Vote::Absent, 14),
        (Vote::NoVote, 2),
    ]);
    let (r, _) = hold(3, &rules, electorate, &[round_1, round_2]);
    assert_eq!((r.rounds[0].base, r.rounds[0].majority), (54, 28));
    assert_eq!(r.rounds[0].eliminated, vec![C]);
    assert_eq!(r.elected, Some(A));
    assert_eq!(r.rounds.len(), 2);
    // Two left, 27 and 20 of 47 papers: both miss 28 of the entitled, and
    // both stand again (the lower one does not leave A alone).
    let two = papers(&[
        (Vote::For(A), 27),
        (Vote::For(B), 20),
        (Vote::Absent, 7),
        (Vote::NoVote, 2),
    ]);
    let (r, _) = hold(
        2,
        &Rules {
            max_rounds: 2,
            ..rules
        },
        electorate,
        &[two],
    );
    assert!(r.rounds[0].elected.is_empty() && r.rounds[0].eliminated.is_empty());
    assert_eq!(r.rounds[1].standing, vec![A, B]);
    assert_eq!(r.elected, None);
}

mod invariants {
    use super::*;
    use proptest::prelude::*;

    fn threshold() -> impl Strategy<Value = Threshold> {
        prop_oneof![
            Just(Threshold::Majority),
            Just(Threshold::TwoThirds),
            Just(Threshold::Plurality),
            (1u32..=3).prop_map(|p| Threshold::AtLeast(p, 4)),
            (0u32..=3).prop_map(|p| Threshold::MoreThan(p, 4)),
        ]
    }

    fn majority_of() -> impl Strategy<Value = MajorityOf> {
        prop_oneof![
            Just(MajorityOf::Valid),
            Just(MajorityOf::ValidAndBlank),
            Just(MajorityOf::AllMembers),
            Just(MajorityOf::EntitledMembers),
        ]
    }

    fn elimination() -> impl Strategy<Value = Elimination> {
        prop_oneof![
            Just(Elimination::DropLowest),
            Just(Elimination::TopTwoRunoff),
            Just(Elimination::NoElimination),
        ]
    }

    /// Rules over `n` candidates, and the bytes the papers are made of.
    fn case() -> impl Strategy<Value = (usize, Rules, usize, Vec<u8>)> {
        (1usize..=5).prop_flat_map(|n| {
            let settings = (
                1..=n as u32,
                threshold(),
                majority_of(),
                elimination(),
                proptest::option::of(1u32..=3),
                proptest::option::of((1u32..=2, 1u32..=3, 0u32..=2, 1u32..=2)),
                1u32..=6,
                proptest::option::of((0..n, 1u32..=3, proptest::option::of(0..n))),
            );
            (
                settings,
                0usize..=12,
                prop::collection::vec(any::<u8>(), 400),
            )
                .prop_map(
                    move |(
                        (seats, t, of, e, runoff, restricted, max, withdrawal),
                        voters,
                        bytes,
                    )| {
                        let mut rules = Rules::of(
                            &BallotRules {
                                seats: Some(seats),
                                threshold: Some(t),
                                majority_of: Some(of),
                                elimination: Some(e),
                                runoff_after: runoff,
                                restricted: restricted.map(
                                    |(after, rounds, unrestricted, factor)| Restricted {
                                        after,
                                        rounds,
                                        unrestricted,
                                        factor,
                                    },
                                ),
                                max_rounds: Some(max),
                                ..BallotRules::default()
                            },
                            &[],
                        );
                        if let Some((c, after_round, to)) = withdrawal {
                            rules.withdrawals = vec![CandidateWithdrawal {
                                candidate: c,
                                after_round,
                                transfer_to: to.filter(|&t| t != c),
                            }];
                        }
                        (n, rules, voters, bytes)
                    },
                )
        })
    }

    /// One mark from a byte: a candidate (possibly one not standing), blank, absent or no vote.
    fn mark(byte: u8, n: usize) -> Vote {
        match byte % 8 {
            0 => Vote::Blank,
            1 => Vote::Absent,
            2 => Vote::NoVote,
            b => Vote::For(usize::from(b) % (n + 1)),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn every_rule_set_keeps_the_counting_invariants((n, rules, voters, bytes) in case()) {
            let electorate = Electorate { members: voters as u32 + 1, entitled: voters as u32 };
            let mut at = 0usize;
            let mut calls: Vec<(Vec<bool>, usize)> = Vec::new();
            let result = hold_ballot(n, &rules, electorate, |call| {
                calls.push((call.standing.to_vec(), call.width));
                (0..voters * call.width)
                    .map(|_| {
                        at += 1;
                        mark(bytes[at % bytes.len()], n)
                    })
                    .collect()
            });
            prop_assert!(result.rounds.len() <= rules.max_rounds as usize);
            prop_assert!(result.winners.len() <= rules.seats as usize);
            let mut seen = result.winners.clone();
            seen.sort_unstable();
            seen.dedup();
            prop_assert_eq!(seen.len(), result.winners.len(), "elected twice");
            let mut gone: Vec<usize> = Vec::new();
            let mut filled = 0u32;
            for (r, (standing, width)) in result.rounds.iter().zip(&calls) {
                prop_assert_eq!(r.seats_open, rules.seats - filled);
                prop_assert_eq!(*width, r.seats_open as usize);
                prop_assert_eq!(
                    (r.valid + r.blank + r.absent + r.no_vote + r.invalid) as usize,
                    voters
                );
                prop_assert!(r.tally.iter().sum::<u32>() <= r.valid * r.seats_open);
                prop_assert!(r.majority >= 1);
                prop_assert_eq!(r.majority, required(r.rule.threshold, r.base));
                prop_assert_eq!(r.rule.threshold, rules.threshold_in(r.number));
                for (c, &stands) in standing.iter().enumerate() {
                    prop_assert_eq!(stands, r.standing.contains(&c));
                    if !stands {
                        prop_assert_eq!(r.tally[c], 0);
                    }
                }
                for c in &gone {
                    prop_assert!(!r.standing.contains(c), "{} stands again", c);
                }
                prop_assert!(r.elected.len() <= r.seats_open as usize);
                for &c in &r.elected {
                    prop_assert!(r.standing.contains(&c));
                    prop_assert!(r.tally[c] >= r.majority);
                }
                if !r.eliminated.is_empty() {
                    prop_assert!(r.elected.is_empty());
                    prop_assert!(r.valid > 0);
                    let stay = r.standing.len() - r.eliminated.len();
                    // Never fewer than `seats open + 1` stand on.
                    prop_assert!(stay > r.seats_open as usize);
                }
                for &c in r.eliminated.iter().chain(&r.withdrawn) {
                    prop_assert!(r.standing.contains(&c) || r.withdrawn.contains(&c));
                    prop_assert!(!r.elected.contains(&c));
                }
                filled += r.elected.len() as u32;
                gone.extend(r.elected.iter().chain(&r.eliminated).chain(&r.withdrawn));
            }
            prop_assert_eq!(filled as usize, result.winners.len());
            if !result.decided() && (result.rounds.len() as u32) < rules.max_rounds {
                // Stopped early with seats open: nobody was left in the race.
                prop_assert_eq!(gone.len(), n);
            }
            prop_assert_eq!(result.flows.len(), result.rounds.len().saturating_sub(1));
        }
    }
}
