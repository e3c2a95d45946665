//! The named rule sets of real bodies. Each sets only what a source states;
//! what no source confirmed is left to the scenario (a setting, validated as
//! required where no default would be defensible). `docs/RULES.md` gives each
//! preset's sources and what is unverified.

use crate::scenario::{
    BallotRules, Elimination, MajorityOf, Preset, Restricted, Threshold, ThresholdChange,
};

/// UN General Assembly rule 94 as read from the French text: one open
/// ballot, then three restricted to twice the open seats, three open, …
const RULE_94: Restricted = Restricted {
    after: 1,
    rounds: 3,
    unrestricted: 3,
    factor: 2,
};

/// The fields the preset sets (the rest stay `None`).
pub fn preset(p: Preset) -> BallotRules {
    let r = BallotRules::default();
    match p {
        Preset::ItuElectedOfficial => BallotRules {
            seats: Some(1),
            majority_of: Some(MajorityOf::Valid),
            threshold: Some(Threshold::Majority),
            elimination: Some(Elimination::DropLowest),
            ..r
        },
        Preset::ItuCouncilRegion => BallotRules {
            majority_of: Some(MajorityOf::Valid),
            threshold: Some(Threshold::Plurality),
            elimination: Some(Elimination::NoElimination),
            ..r
        },
        Preset::UnSecurityCouncil | Preset::UnEcosoc => BallotRules {
            majority_of: Some(MajorityOf::Valid),
            threshold: Some(Threshold::TwoThirds),
            elimination: Some(Elimination::NoElimination),
            restricted: Some(RULE_94),
            max_rounds: Some(100),
            ..r
        },
        Preset::UnHumanRightsCouncil => BallotRules {
            majority_of: Some(MajorityOf::AllMembers),
            threshold: Some(Threshold::Majority),
            elimination: Some(Elimination::NoElimination),
            max_rounds: Some(100),
            ..r
        },
        Preset::WhoDirectorGeneral => BallotRules {
            seats: Some(1),
            majority_of: Some(MajorityOf::Valid),
            threshold: Some(Threshold::TwoThirds),
            elimination: Some(Elimination::DropLowest),
            ..r
        },
        Preset::FaoDirectorGeneral | Preset::ImoSecretaryGeneral => BallotRules {
            seats: Some(1),
            majority_of: Some(MajorityOf::Valid),
            threshold: Some(Threshold::Majority),
            elimination: Some(Elimination::DropLowest),
            ..r
        },
        Preset::UnescoDirectorGeneral => BallotRules {
            seats: Some(1),
            majority_of: Some(MajorityOf::Valid),
            threshold: Some(Threshold::Majority),
            threshold_change: Some(ThresholdChange {
                from_round: 5,
                threshold: Threshold::Plurality,
            }),
            elimination: Some(Elimination::NoElimination),
            runoff_after: Some(4),
            max_rounds: Some(5),
            ..r
        },
        Preset::IloDirectorGeneral => BallotRules {
            seats: Some(1),
            majority_of: Some(MajorityOf::EntitledMembers),
            threshold: Some(Threshold::Majority),
            elimination: Some(Elimination::DropLowest),
            ..r
        },
        Preset::InterpolPresident => BallotRules {
            seats: Some(1),
            elimination: Some(Elimination::NoElimination),
            threshold: Some(Threshold::TwoThirds),
            threshold_change: Some(ThresholdChange {
                from_round: 3,
                threshold: Threshold::Majority,
            }),
            ..r
        },
    }
}

/// The settings a scenario must write with this preset, because no source
/// fixed them: `(field, why)`.
pub fn required_settings(p: Preset) -> &'static [(&'static str, &'static str)] {
    const SEATS: (&str, &str) = ("seats", "the seats of the group or region vary by year");
    match p {
        Preset::ItuCouncilRegion
        | Preset::UnSecurityCouncil
        | Preset::UnHumanRightsCouncil
        | Preset::UnEcosoc => &[SEATS],
        Preset::WhoDirectorGeneral => &[(
            "threshold_change",
            "the round from which a simple majority suffices is unverified",
        )],
        _ => &[],
    }
}
