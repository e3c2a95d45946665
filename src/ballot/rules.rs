//! The full rule set of a ballot, expanded from a scenario's `ballot: (...)`
//! settings and its preset ([`super::presets`]), with candidates as indices.

use crate::result::{Cut, RoundRule};
use crate::scenario::{
    BallotRules, Elimination, MajorityOf, Restricted, Threshold, ThresholdChange,
};

use super::presets::preset;

/// Every rule of a ballot, nothing left to a default.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    pub seats: u32,
    pub majority_of: MajorityOf,
    pub threshold: Threshold,
    pub threshold_change: Option<ThresholdChange>,
    /// `DropLowest` or `NoElimination` (a `TopTwoRunoff` is expanded into
    /// `runoff_after`).
    pub elimination: Elimination,
    pub runoff_after: Option<u32>,
    pub restricted: Option<Restricted>,
    pub max_rounds: u32,
    pub withdrawals: Vec<CandidateWithdrawal>,
}

/// A withdrawal with candidates as indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CandidateWithdrawal {
    pub candidate: usize,
    pub after_round: u32,
    pub transfer_to: Option<usize>,
}

impl Default for Rules {
    /// One seat, more than half of the valid votes, the lowest leave, 10 rounds.
    fn default() -> Self {
        Rules::of(&BallotRules::default(), &[])
    }
}

impl Rules {
    /// The rules that `settings` describe for the candidates `ids` (in
    /// scenario order): each field written wins over the preset's, the
    /// preset's over the defaults. Withdrawals naming an unknown id are
    /// dropped (validation reports them).
    pub fn of(settings: &BallotRules, ids: &[&str]) -> Rules {
        let base = settings.preset.map(preset).unwrap_or_default();
        macro_rules! pick {
            ($field:ident, $default:expr) => {
                settings.$field.or(base.$field).unwrap_or($default)
            };
        }
        let elimination = pick!(elimination, Elimination::DropLowest);
        let mut runoff_after = settings.runoff_after.or(base.runoff_after);
        let elimination = if elimination == Elimination::TopTwoRunoff {
            runoff_after = runoff_after.or(Some(1));
            Elimination::NoElimination
        } else {
            elimination
        };
        let index = |id: &str| ids.iter().position(|c| *c == id);
        let withdrawals = settings
            .withdrawals
            .iter()
            .filter_map(|w| {
                Some(CandidateWithdrawal {
                    candidate: index(&w.candidate)?,
                    after_round: w.after_round,
                    transfer_to: match &w.transfer_to {
                        Some(to) => Some(index(to)?),
                        None => None,
                    },
                })
            })
            .collect();
        Rules {
            seats: pick!(seats, 1),
            majority_of: pick!(majority_of, MajorityOf::Valid),
            threshold: pick!(threshold, Threshold::Majority),
            threshold_change: settings.threshold_change.or(base.threshold_change),
            elimination,
            runoff_after,
            restricted: settings.restricted.or(base.restricted),
            max_rounds: pick!(max_rounds, 10),
            withdrawals,
        }
    }

    /// The threshold in force in round `number`.
    pub fn threshold_in(&self, number: u32) -> Threshold {
        match self.threshold_change {
            Some(change) if number >= change.from_round => change.threshold,
            _ => self.threshold,
        }
    }

    /// The rule of round `number` with `seats_open` seats still open.
    pub fn round_rule(&self, number: u32, seats_open: u32) -> RoundRule {
        let cut = match self.runoff_after {
            Some(after) if number >= after => Cut::KeepTop(seats_open + 1),
            _ => match self.elimination {
                Elimination::DropLowest => Cut::DropLowest,
                Elimination::TopTwoRunoff | Elimination::NoElimination => Cut::Nobody,
            },
        };
        RoundRule {
            majority_of: self.majority_of,
            threshold: self.threshold_in(number),
            cut,
        }
    }

    /// Whether round `number` is restricted (rounds after `after` alternate
    /// between `rounds` restricted and `unrestricted` open ones), and
    /// whether it opens a restricted block (the leaders are chosen anew).
    pub fn restriction_in(&self, number: u32) -> (bool, bool) {
        let Some(r) = self.restricted else {
            return (false, false);
        };
        if number <= r.after || r.rounds == 0 {
            return (false, false);
        }
        let position = (number - r.after - 1) % (r.rounds + r.unrestricted);
        (position < r.rounds, position == 0)
    }
}

/// Votes needed out of a base of `base` under `threshold` (at least 1).
pub fn required(threshold: Threshold, base: u32) -> u32 {
    let b = u64::from(base);
    let needed = match threshold {
        Threshold::Majority => b / 2 + 1,
        Threshold::TwoThirds => (2 * b).div_ceil(3),
        Threshold::MoreThan(p, q) => u64::from(p) * b / u64::from(q.max(1)) + 1,
        Threshold::AtLeast(p, q) => (u64::from(p) * b).div_ceil(u64::from(q.max(1))),
        Threshold::Plurality => 1,
    };
    needed.clamp(1, u64::from(u32::MAX)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Withdrawal;

    #[test]
    fn thresholds_on_hand_computed_bases() {
        // 193 valid: more than half is 97; two thirds 129 (128.67 rounded up).
        assert_eq!(required(Threshold::Majority, 193), 97);
        assert_eq!(required(Threshold::TwoThirds, 193), 129);
        // 192: two thirds is exactly 128.
        assert_eq!(required(Threshold::TwoThirds, 192), 128);
        assert_eq!(required(Threshold::Majority, 10), 6);
        assert_eq!(required(Threshold::MoreThan(1, 2), 10), 6);
        assert_eq!(required(Threshold::AtLeast(1, 2), 10), 5);
        assert_eq!(required(Threshold::AtLeast(3, 5), 58), 35);
        assert_eq!(required(Threshold::MoreThan(3, 5), 55), 34);
        assert_eq!(required(Threshold::Plurality, 100), 1);
        // Nobody is elected with no votes at all.
        assert_eq!(required(Threshold::TwoThirds, 0), 1);
        assert_eq!(required(Threshold::Majority, 0), 1);
    }

    #[test]
    fn written_fields_override_the_preset() {
        let settings = BallotRules {
            preset: Some(crate::scenario::Preset::UnSecurityCouncil),
            seats: Some(2),
            max_rounds: Some(4),
            withdrawals: vec![Withdrawal {
                candidate: "b".into(),
                after_round: 1,
                transfer_to: Some("a".into()),
            }],
            ..BallotRules::default()
        };
        let r = Rules::of(&settings, &["a", "b", "c"]);
        assert_eq!(r.threshold, Threshold::TwoThirds);
        assert_eq!((r.seats, r.max_rounds), (2, 4));
        assert!(r.restricted.is_some());
        assert_eq!(
            r.withdrawals,
            vec![CandidateWithdrawal {
                candidate: 1,
                after_round: 1,
                transfer_to: Some(0)
            }]
        );
    }

    #[test]
    fn a_first_format_ballot_means_what_it_meant() {
        let settings = BallotRules {
            elimination: Some(Elimination::TopTwoRunoff),
            max_rounds: Some(6),
            ..BallotRules::default()
        };
        let r = Rules::of(&settings, &[]);
        assert_eq!(r.seats, 1);
        assert_eq!(
            (r.majority_of, r.threshold),
            (MajorityOf::Valid, Threshold::Majority)
        );
        assert_eq!(r.runoff_after, Some(1));
        assert_eq!(r.round_rule(1, 1).cut, Cut::KeepTop(2));
        assert_eq!(r.round_rule(3, 1).cut, Cut::KeepTop(2));
        assert_eq!(Rules::default().round_rule(2, 1).cut, Cut::DropLowest);
        assert_eq!(Rules::default().max_rounds, 10);
    }

    #[test]
    fn restricted_blocks_alternate_as_rule_94_reads() {
        let r = Rules {
            restricted: Some(Restricted {
                after: 1,
                rounds: 3,
                unrestricted: 3,
                factor: 2,
            }),
            ..Rules::default()
        };
        let pattern: Vec<(bool, bool)> = (1..=11).map(|n| r.restriction_in(n)).collect();
        let (no, start, yes) = ((false, false), (true, true), (true, false));
        assert_eq!(
            pattern,
            vec![no, start, yes, yes, no, no, no, start, yes, yes, no]
        );
    }
}
