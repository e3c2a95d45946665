//! Components: the per-entity state of the world.
//!
//! Entities are member states, their delegations, candidates and campaigns.
//! Utilities are dimensionless; probabilities in [0, 1].

use bevy_ecs::prelude::*;

use super::plan::Pull;

/// A member state of the electing body. `index` is its position in the
/// scenario's list, used to keep every computation in a fixed order.
#[derive(Component, Debug, Clone)]
pub struct MemberState {
    pub index: usize,
    pub region: usize,
    pub voting_rights: bool,
    /// Its influence weights for one tick: `[0]` before the conference and
    /// while its delegation is absent, `[1]` once present at the conference.
    pub pull: [Pull; 2],
}

/// A state's utilities for each of the `K` candidates: `anchor` is where it
/// would settle alone (its prior, moved by persistent events and campaigns),
/// `current` its position now (pulled by peers, shaken by noise). Arrays of
/// the scenario's number of candidates, held in the component itself.
#[derive(Component, Debug, Clone, Copy)]
pub struct Utilities<const K: usize> {
    pub anchor: [f64; K],
    pub current: [f64; K],
}

/// The private vote intention: probability of choosing each candidate when
/// the state casts a valid vote (softmax of current utilities).
#[derive(Component, Debug, Clone, Copy)]
pub struct Intention<const K: usize>(pub [f64; K]);

/// A public pledge of support, once given, kept.
#[derive(Component, Debug, Clone, Default)]
pub struct Pledge(pub Option<usize>);

/// The state's delegation to the conference.
#[derive(Component, Debug, Clone)]
pub struct Delegation {
    /// Index of the member state it represents.
    pub state: usize,
    /// Chance of being present at the ballot.
    pub attendance: f64,
    /// Whether it came; known from the first day of the conference.
    pub present: Option<bool>,
}

impl Delegation {
    /// Probability that the delegation is present at the ballot, as known now.
    pub fn p_present(&self) -> f64 {
        presence(self.present, self.attendance)
    }
}

/// Probability that a delegation with attendance probability `attendance`
/// is present, once its arrival is known (`present`) or before.
pub fn presence(present: Option<bool>, attendance: f64) -> f64 {
    match present {
        Some(true) => 1.0,
        Some(false) => 0.0,
        None => attendance,
    }
}

/// A candidate for the post.
#[derive(Component, Debug, Clone)]
pub struct Candidate {
    pub index: usize,
}

/// A lobbying campaign; its plan is in [`crate::model::plan::CampaignPlan`].
#[derive(Component, Debug, Clone)]
pub struct Campaign {
    /// Index into the plan's campaigns.
    pub index: usize,
}

/// For each member state, the share of this campaign's strength not yet
/// bought there: `exp(-E / saturation)` for the cumulative effort `E` it has
/// received; 1 before any effort.
#[derive(Component, Debug, Clone)]
pub struct Untapped(pub Vec<f64>);

/// The swing states a campaign chose last. Only a head start for its next
/// choice, which does not depend on it (empty for campaigns with fixed
/// targets; see [`crate::model::systems::campaigns::choose_swing`]).
#[derive(Component, Debug, Clone, Default)]
pub struct SwingTargets(pub Vec<usize>);

/// The campaign's own random stream (backfire draws).
#[derive(Component, Debug, Clone)]
pub struct CampaignRng(pub super::rng::SimRng);
