//! Campaigns: each active campaign spreads its budget over its targets and
//! delivers its tactics; each state's cumulative effort from a campaign buys
//! a persistent utility shift with diminishing returns
//! (`strength * (1 - exp(-E / saturation))`). Pressure may backfire.
//!
//! The arithmetic keeps, per campaign and state, the share of the campaign's
//! strength not yet bought, `R = exp(-E / saturation)`: a delivery of effort
//! `e` gains `strength * R * (1 - exp(-e / saturation))` and multiplies `R` by
//! `exp(-e / saturation)`, a factor the plan computes once per campaign and
//! tactic. That is the same curve as the difference of two exponentials,
//! without an exponential per delivery.

use bevy_ecs::prelude::*;
use rand::RngExt;

use crate::model::components::{
    Campaign, CampaignRng, MemberState, SwingTargets, Untapped, Utilities,
};
use crate::model::lanes::column;
use crate::model::maths::indifference;
use crate::model::plan::{CampaignPlan, Target};
use crate::model::resources::{Batch, CampaignOrder, Clock, ScenarioPlan, Scratch};
use crate::model::rng::SimRng;

pub fn run_campaigns<const K: usize>(
    clock: Res<Clock>,
    plan: Res<ScenarioPlan>,
    batch: Res<Batch>,
    order: Res<CampaignOrder>,
    mut scratch: ResMut<Scratch<K>>,
    mut campaigns: Query<(
        &Campaign,
        &mut Untapped,
        &mut SwingTargets,
        &mut CampaignRng,
    )>,
    mut states: Query<(&MemberState, &mut Utilities<K>)>,
) {
    let shared = plan.shared();
    let tick = clock.tick;
    if !shared.campaigns.iter().any(|c| c.acts_on(tick)) {
        return;
    }
    let active = batch.active;
    // Each lane is a run of its own: its board, its campaigns' draws.
    for (l, board) in scratch.boards.iter_mut().enumerate().take(active) {
        board.start(shared.n_states);
        for (state, u) in &states {
            board.set_utilities(state.index, column(&u.current, l));
        }
        // Campaigns act in the scenario's order, whatever the ECS iteration order.
        for &e in &order.0 {
            let Ok((campaign, mut untapped, mut chosen, mut rng)) = campaigns.get_mut(e) else {
                continue;
            };
            let c = &plan.lanes[l].campaigns[campaign.index];
            if c.acts_on(tick) {
                campaign_tick(
                    c,
                    tick,
                    &mut untapped.0[l],
                    &mut chosen.0[l],
                    &mut rng.0[l],
                    board,
                );
            }
        }
    }
    for (state, mut u) in &mut states {
        let Utilities { anchor, current } = &mut *u;
        for (l, board) in scratch.boards.iter().enumerate().take(active) {
            if let Some(shift) = board.shift(state.index) {
                for c in 0..K {
                    anchor[c][l] += shift[c];
                    current[c][l] += shift[c];
                }
            }
        }
    }
}

/// What the campaigns of one tick work on: every state's utilities as the
/// campaigns move them, the shifts bought so far, and each state's gap to
/// indifference for the candidates whose swing campaigns have looked at it.
#[derive(Debug, Clone)]
pub struct Board<const K: usize> {
    n: usize,
    utilities: Vec<[f64; K]>,
    shift: Vec<[f64; K]>,
    /// Whether state i has been shifted this tick.
    moved: Vec<bool>,
    /// `gaps[c * n + i]`, valid where `gaps_known[c]`.
    gaps: Vec<f64>,
    gaps_known: [bool; K],
    keys: Vec<u128>,
}

impl<const K: usize> Default for Board<K> {
    fn default() -> Self {
        Board {
            n: 0,
            utilities: Vec::new(),
            shift: Vec::new(),
            moved: Vec::new(),
            gaps: Vec::new(),
            gaps_known: [false; K],
            keys: Vec::new(),
        }
    }
}

impl<const K: usize> Board<K> {
    /// Begin a tick for `n` states (then [`Board::set_utilities`] each state).
    pub fn start(&mut self, n: usize) {
        self.n = n;
        self.utilities.resize(n, [0.0; K]);
        self.shift.clear();
        self.shift.resize(n, [0.0; K]);
        self.moved.clear();
        self.moved.resize(n, false);
        self.gaps.resize(n * K, 0.0);
        self.gaps_known = [false; K];
    }

    /// State `i`'s current utilities at the start of the tick.
    pub fn set_utilities(&mut self, i: usize, current: [f64; K]) {
        self.utilities[i] = current;
    }

    /// The shift the campaigns bought in state `i` this tick, if any.
    pub fn shift(&self, i: usize) -> Option<&[f64; K]> {
        self.moved[i].then(|| &self.shift[i])
    }

    /// Every state's gap to indifference for `candidate`, as of now, and a
    /// buffer for [`choose_swing`].
    fn gaps(&mut self, candidate: usize) -> (&[f64], &mut Vec<u128>) {
        let n = self.n;
        let gaps = &mut self.gaps[candidate * n..(candidate + 1) * n];
        if !self.gaps_known[candidate] {
            for (gap, u) in gaps.iter_mut().zip(&self.utilities) {
                *gap = gap_of(u, candidate);
            }
            self.gaps_known[candidate] = true;
        }
        (gaps, &mut self.keys)
    }

    /// Move state `i` toward `candidate` by `gain` (negative: away).
    fn add(&mut self, i: usize, candidate: usize, gain: f64) {
        let n = self.n;
        self.utilities[i][candidate] += gain;
        self.shift[i][candidate] += gain;
        self.moved[i] = true;
        for c in 0..K {
            if self.gaps_known[c] {
                self.gaps[c * n + i] = gap_of(&self.utilities[i], c);
            }
        }
    }
}

/// A state's gap to indifference for `candidate` ([`indifference`]). With two
/// candidates it is `|u_0 - u_1|` for either: one subtraction, in loops the
/// compiler vectorises.
#[inline]
fn gap_of<const K: usize>(u: &[f64; K], candidate: usize) -> f64 {
    if K == 2 {
        (u[0] - u[1]).abs()
    } else {
        indifference(u, candidate)
    }
}

/// One tick of one campaign. `untapped[i]` is the share of the campaign's
/// strength not yet bought in state i; `chosen` the swing targets it chose
/// last (see [`choose_swing`]).
pub fn campaign_tick<const K: usize>(
    c: &CampaignPlan,
    tick: usize,
    untapped: &mut [f64],
    chosen: &mut Vec<usize>,
    rng: &mut SimRng,
    board: &mut Board<K>,
) {
    let mut deliver =
        |board: &mut Board<K>, i: usize, decay: f64, backfire: f64, rng: &mut SimRng| {
            let mut gain = c.strength * untapped[i] * (1.0 - decay);
            untapped[i] *= decay;
            if backfire > 0.0 && rng.random::<f64>() < backfire {
                gain = -gain;
            }
            board.add(i, c.candidate, gain);
        };
    if (c.start..=c.end).contains(&tick) {
        // Swing targets are chosen from the utilities before this campaign acts.
        let targets: &[usize] = match &c.target {
            Target::Fixed(targets) => targets,
            Target::Swing { among, count } => {
                let (gaps, keys) = board.gaps(c.candidate);
                choose_swing(among, *count, gaps, chosen, keys);
                chosen
            }
        };
        for &i in targets {
            deliver(board, i, c.steady_decay_on(tick), 0.0, rng);
        }
    }
    for &index in c.tactics_on(tick) {
        let t = &c.tactics[index];
        for &i in &t.targets {
            deliver(board, i, t.decay, t.backfire, rng);
        }
    }
}

/// Choose the `count` states of `pool` nearest to indifference (smallest
/// gap, ties by state order) into `chosen`, in no particular order: every
/// target receives the same effort, so the order does not matter.
///
/// On entry `chosen` holds the previous choice (or nothing). Its largest gap
/// today, `g`, bounds the answer: those are `count` states with a gap of at
/// most `g`, so the `count` nearest are all among the states with a gap of at
/// most `g`. Only those are kept and selected from, usually a few more than
/// `count`. The choice does not depend on the previous one, only the work
/// does. `keys` is a buffer.
pub fn choose_swing(
    pool: &[usize],
    count: usize,
    gaps: &[f64],
    chosen: &mut Vec<usize>,
    keys: &mut Vec<u128>,
) {
    // A gap is at least 0, so its bits order as the number does; packed with
    // the state in the low half, keys order by gap, then by state.
    let key = |i: usize| (u128::from(gaps[i].to_bits()) << 64) | i as u128;
    let bound = if chosen.len() == count.min(pool.len()) && count > 0 {
        chosen.iter().map(|&i| gaps[i]).fold(0.0, f64::max)
    } else {
        f64::INFINITY
    };
    // Keep the states within the bound, without a branch per state.
    keys.resize(pool.len(), 0);
    let mut kept = 0;
    for &i in pool {
        keys[kept] = key(i);
        kept += usize::from(gaps[i] <= bound);
    }
    keys.truncate(kept);
    if count == 0 {
        keys.clear();
    } else if count < keys.len() {
        keys.select_nth_unstable(count - 1);
        keys.truncate(count);
    }
    chosen.clear();
    chosen.extend(keys.iter().map(|&k| k as u64 as usize));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plan::TacticPlan;
    use crate::model::rng::stream_rng;

    fn plan(target: Target) -> CampaignPlan {
        CampaignPlan {
            id: "c".into(),
            candidate: 0,
            start: 0,
            end: 10,
            n_targets: 1,
            budget_per_tick: 2.0,
            strength: 1.0,
            saturation: 4.0,
            steady_decay: (-1.0f64 / 4.0).exp(),
            steady_days: Vec::new(),
            steady_decays: Vec::new(),
            target,
            tactics: vec![],
            tactics_on: vec![],
        }
    }

    fn board<const K: usize>(utilities: &[[f64; K]]) -> Board<K> {
        let mut b = Board::default();
        b.start(utilities.len());
        for (i, u) in utilities.iter().enumerate() {
            b.set_utilities(i, *u);
        }
        b
    }

    #[test]
    fn budget_is_shared_and_saturates() {
        let c = plan(Target::Fixed(vec![0, 2]));
        let mut untapped = vec![1.0; 3];
        let mut b = board(&[[0.0; 2]; 3]);
        let mut rng = stream_rng(1, 1);
        campaign_tick(&c, 0, &mut untapped, &mut vec![], &mut rng, &mut b);
        let g = 1.0 - (-0.25f64).exp();
        assert!((b.shift(0).unwrap()[0] - g).abs() < 1e-12);
        assert!((b.shift(2).unwrap()[0] - g).abs() < 1e-12);
        assert_eq!(b.shift(1), None);
        assert!((untapped[0] - (-0.25f64).exp()).abs() < 1e-15);
        // A second day buys less: the share left shrinks geometrically.
        campaign_tick(&c, 1, &mut untapped, &mut vec![], &mut rng, &mut b);
        let two_days = 1.0 - (-0.5f64).exp();
        assert!((b.shift(0).unwrap()[0] - two_days).abs() < 1e-12);
        // Outside its window the campaign does nothing.
        campaign_tick(&c, 11, &mut untapped, &mut vec![], &mut rng, &mut b);
        assert!((b.shift(0).unwrap()[0] - two_days).abs() < 1e-12);
    }

    #[test]
    fn deliveries_add_up_to_the_saturating_curve() {
        // 50 days of one unit of effort into one state: the shift is
        // strength * (1 - exp(-50 / saturation)).
        let mut c = plan(Target::Fixed(vec![0]));
        c.end = 100;
        c.steady_decay = (-1.0f64 / 10.0).exp();
        c.strength = 0.8;
        let mut untapped = vec![1.0];
        let mut b = board(&[[0.0; 2]]);
        let mut rng = stream_rng(1, 1);
        for t in 0..50 {
            campaign_tick(&c, t, &mut untapped, &mut vec![], &mut rng, &mut b);
        }
        let expected = 0.8 * (1.0 - (-5.0f64).exp());
        assert!((b.shift(0).unwrap()[0] - expected).abs() < 1e-12);
    }

    #[test]
    fn swing_picks_the_most_indifferent() {
        // Gaps for candidate 0: state 0: 2.0, state 1: 0.1, state 2: 0.5.
        let mut c = plan(Target::Swing {
            among: vec![0, 1, 2],
            count: 2,
        });
        c.steady_decay = 0.5;
        let mut b = board(&[[2.0, 0.0], [0.0, 0.1], [0.5, 0.0]]);
        let mut chosen = vec![];
        let mut rng = stream_rng(1, 1);
        campaign_tick(&c, 0, &mut [1.0; 3], &mut chosen, &mut rng, &mut b);
        chosen.sort_unstable();
        assert_eq!(chosen, vec![1, 2]);
        assert_eq!(b.shift(0), None);
        assert_eq!(b.shift(1), Some(&[0.5, 0.0]));
        assert_eq!(b.shift(2), Some(&[0.5, 0.0]));
    }

    #[test]
    fn a_later_campaign_sees_the_earlier_shifts() {
        // Campaign A pushes state 1 far from indifference for candidate 0;
        // B, for candidate 1, then finds state 0 the nearer one.
        let mut a = plan(Target::Fixed(vec![1]));
        a.strength = 5.0;
        a.steady_decay = 0.0;
        let mut b_plan = plan(Target::Swing {
            among: vec![0, 1],
            count: 1,
        });
        b_plan.candidate = 1;
        let mut b = board(&[[0.3, 0.0], [0.1, 0.0]]);
        let mut rng = stream_rng(1, 1);
        let mut chosen = vec![];
        // The gaps are looked at before A moves state 1 ...
        assert_eq!(b.gaps(1).0, &[0.3, 0.1]);
        campaign_tick(&a, 0, &mut [1.0; 2], &mut vec![], &mut rng, &mut b);
        // ... and kept up to date when it does.
        assert_eq!(b.gaps(1).0, &[0.3, 5.1]);
        campaign_tick(&b_plan, 0, &mut [1.0; 2], &mut chosen, &mut rng, &mut b);
        assert_eq!(chosen, vec![0]);
        assert!(b.shift(0).unwrap()[1] > 0.0);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]
        /// The choice equals sorting the pool by (gap, state) and keeping the
        /// first `count`, ties included (gaps on a coarse grid), whatever the
        /// previous choice it starts from.
        #[test]
        fn swing_choice_equals_a_full_sort(
            gaps in proptest::collection::vec(0i32..6, 1..60),
            count in 0usize..40,
            previous in proptest::collection::vec(0usize..60, 0..40),
        ) {
            let gaps: Vec<f64> = gaps.iter().map(|&x| f64::from(x) * 0.5).collect();
            let pool: Vec<usize> = (0..gaps.len()).filter(|i| i % 3 != 1).collect();
            let mut expected = pool.clone();
            expected.sort_by(|&a, &b| gaps[a].total_cmp(&gaps[b]).then(a.cmp(&b)));
            expected.truncate(count);
            expected.sort_unstable();
            // Start from a previous choice of pool states (of any size).
            let mut chosen: Vec<usize> = previous
                .iter()
                .map(|&p| pool[p % pool.len().max(1)])
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .take(count)
                .collect();
            if pool.is_empty() {
                chosen.clear();
            }
            choose_swing(&pool, count, &gaps, &mut chosen, &mut vec![]);
            chosen.sort_unstable();
            proptest::prop_assert_eq!(&chosen, &expected);
            // Choosing again from its own answer gives the same answer.
            choose_swing(&pool, count, &gaps, &mut chosen, &mut vec![]);
            chosen.sort_unstable();
            proptest::prop_assert_eq!(chosen, expected);
        }
    }

    #[test]
    fn certain_backfire_pushes_away() {
        let mut c = plan(Target::Fixed(vec![]));
        c.tactics.push(TacticPlan {
            start: 3,
            end: 3,
            targets: vec![1],
            effort_per_tick: 4.0,
            backfire: 1.0,
            decay: (-1.0f64).exp(),
        });
        c.index_tactics();
        let mut b = board(&[[0.0; 2]; 2]);
        let mut rng = stream_rng(1, 1);
        campaign_tick(&c, 3, &mut [1.0; 2], &mut vec![], &mut rng, &mut b);
        assert!((b.shift(1).unwrap()[0] + (1.0 - (-1.0f64).exp())).abs() < 1e-12);
    }

    /// With ticks of several days, a pressure tactic's backfire is drawn once
    /// per target and tick (docs/MODEL.md, "Ticks of several days"): a tick's
    /// whole delivery goes one way or the other, never part of it.
    #[test]
    fn backfire_is_drawn_once_per_target_and_tick() {
        let mut c = plan(Target::Fixed(vec![]));
        c.tactics.push(TacticPlan {
            start: 0,
            end: 0,
            targets: vec![0],
            effort_per_tick: 7.0,
            backfire: 0.5,
            decay: (-7.0f64 / 10.0).exp(),
        });
        c.index_tactics();
        let full = 1.0 - (-7.0f64 / 10.0).exp();
        let mut signs = [0; 2];
        for seed in 0..200 {
            let mut b = board(&[[0.0; 2]; 1]);
            let mut rng = stream_rng(seed, 1);
            campaign_tick(&c, 0, &mut [1.0; 1], &mut vec![], &mut rng, &mut b);
            let gain = b.shift(0).unwrap()[0];
            assert!(
                (gain.abs() - full).abs() < 1e-12,
                "a part backfired: {gain}"
            );
            signs[usize::from(gain > 0.0)] += 1;
        }
        assert!(signs[0] > 60 && signs[1] > 60, "{signs:?}");
    }
}
