//! Components: the per-entity state of the world, one value per run lane
//! ([`super::lanes`]).
//!
//! Entities are member states, their delegations, candidates and campaigns.
//! Utilities are dimensionless; probabilities in [0, 1].

use bevy_ecs::prelude::*;

use super::lanes::{LANES, Lanes};
use super::plan::Pull;

/// Influence weights of one tick in every lane (see [`Pull`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LanePull {
    pub stubbornness: Lanes,
    pub peers: Lanes,
}

impl LanePull {
    /// Set lane `l` to `pull`.
    pub fn set(&mut self, l: usize, pull: Pull) {
        self.stubbornness[l] = pull.stubbornness;
        self.peers[l] = pull.peers;
    }
}

impl Default for LanePull {
    fn default() -> Self {
        LanePull {
            stubbornness: [0.0; LANES],
            peers: [0.0; LANES],
        }
    }
}

/// A member state of the electing body. `index` is its position in the
/// scenario's list, used to keep every computation in a fixed order.
#[derive(Component, Debug, Clone)]
pub struct MemberState {
    pub index: usize,
    pub region: usize,
    pub voting_rights: bool,
    /// Its influence weights for one tick: `[0]` before the conference and
    /// while its delegation is absent, `[1]` once present at the conference.
    pub pull: [LanePull; 2],
    /// The same for the last tick, which ends on the ballot day.
    pub last_pull: [LanePull; 2],
    /// Its delegation's chance of casting a blank paper when present.
    pub blank: Lanes,
}

/// A state's utilities for each of the `K` candidates: `anchor` is where it
/// would settle alone (its prior, moved by persistent events and campaigns),
/// `current` its position now (pulled by peers, shaken by noise). `[c][l]`:
/// candidate `c` in lane `l`.
#[derive(Component, Debug, Clone, Copy)]
pub struct Utilities<const K: usize> {
    pub anchor: [Lanes; K],
    pub current: [Lanes; K],
}

/// The private vote intention: probability of choosing each candidate when
/// the state casts a valid vote (softmax of current utilities), `[c][l]`.
#[derive(Component, Debug, Clone, Copy)]
pub struct Intention<const K: usize>(pub [Lanes; K]);

/// A public pledge of support per lane, once given, kept.
#[derive(Component, Debug, Clone)]
pub struct Pledge(pub [Option<usize>; LANES]);

impl Default for Pledge {
    fn default() -> Self {
        Pledge([None; LANES])
    }
}

/// The state's delegation to the conference.
#[derive(Component, Debug, Clone)]
pub struct Delegation {
    /// Index of the member state it represents.
    pub state: usize,
    /// Chance of being present at the ballot, per lane.
    pub attendance: Lanes,
    /// Whether it came, per lane; known from the first day of the conference.
    pub present: [Option<bool>; LANES],
}

impl Delegation {
    /// Probability that the delegation is present at the ballot in lane `l`, as known now.
    pub fn p_present(&self, l: usize) -> f64 {
        presence(self.present[l], self.attendance[l])
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

/// Per lane, for each member state, the share of this campaign's strength
/// not yet bought there: `exp(-E / saturation)` for the cumulative effort
/// `E` it has received; 1 before any effort.
#[derive(Component, Debug, Clone)]
pub struct Untapped(pub [Vec<f64>; LANES]);

/// The swing states a campaign chose last, per lane. Only a head start for
/// its next choice, which does not depend on it (empty for campaigns with
/// fixed targets; see [`crate::model::systems::campaigns::choose_swing`]).
#[derive(Component, Debug, Clone, Default)]
pub struct SwingTargets(pub [SwingChoice; LANES]);

/// A campaign's last choice of swing states in one lane, and where it cut
/// the pool off: what the next choice starts its search from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SwingChoice {
    /// The states chosen, in no particular order.
    pub chosen: Vec<usize>,
    /// The largest gap to indifference among them when chosen.
    pub cut: f64,
    /// How far above `cut` the next choice looks first (0 at first; it
    /// grows when too few states fall within, shrinks when too many do).
    pub margin: f64,
}

/// The campaign's own random stream in each lane (backfire draws).
#[derive(Component, Debug, Clone)]
pub struct CampaignRng(pub [super::rng::SimRng; LANES]);
