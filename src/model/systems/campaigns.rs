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
//!
//! The board holds every lane; the campaigns act lane by lane, since each
//! run chooses its own swing targets.

use bevy_ecs::prelude::*;
use rand::RngExt;

use crate::model::components::{
    Campaign, CampaignRng, MemberState, SwingChoice, SwingTargets, Untapped, Utilities,
};
use crate::model::lanes::{LANES, Lanes, column};
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
    let board = &mut scratch.board;
    board.start(shared.n_states);
    for (state, u) in &states {
        board.set_utilities(state.index, &u.current);
    }
    // Each lane is a run of its own: its campaigns' choices and draws.
    for l in 0..batch.active {
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
                    l,
                    &mut untapped.0[l],
                    &mut chosen.0[l],
                    &mut rng.0[l],
                    board,
                );
            }
        }
    }
    for (state, mut u) in &mut states {
        board.apply(state.index, &mut u);
    }
}

/// What the campaigns of one tick work on, in every lane: each state's
/// utilities as the campaigns move them, the shifts bought so far (0 where
/// none), and each state's gap to indifference for the candidates whose
/// swing campaigns have looked at the states.
#[derive(Debug, Clone)]
pub struct Board<const K: usize> {
    n: usize,
    utilities: Vec<[Lanes; K]>,
    shift: Vec<[Lanes; K]>,
    /// `gaps[slot * n + i]`, valid where `gaps_known[slot]` (see [`Board::slot`]).
    gaps: Vec<Lanes>,
    gaps_known: [bool; K],
    /// Buffers for [`choose_swing`].
    kept: SwingBuffers,
}

impl<const K: usize> Default for Board<K> {
    fn default() -> Self {
        Board {
            n: 0,
            utilities: Vec::new(),
            shift: Vec::new(),
            gaps: Vec::new(),
            gaps_known: [false; K],
            kept: SwingBuffers::default(),
        }
    }
}

impl<const K: usize> Board<K> {
    /// Begin a tick for `n` states (then [`Board::set_utilities`] each state).
    pub fn start(&mut self, n: usize) {
        self.n = n;
        self.utilities.resize(n, [[0.0; LANES]; K]);
        self.shift.clear();
        self.shift.resize(n, [[0.0; LANES]; K]);
        self.gaps.resize(n * K, [0.0; LANES]);
        self.gaps_known = [false; K];
    }

    /// State `i`'s current utilities at the start of the tick.
    pub fn set_utilities(&mut self, i: usize, current: &[Lanes; K]) {
        self.utilities[i] = *current;
    }

    /// The shift the campaigns bought in state `i` this tick (0 where none).
    pub fn shift(&self, i: usize) -> &[Lanes; K] {
        &self.shift[i]
    }

    /// Add the shift bought in state `i` to its anchor and current utilities, in every lane.
    pub fn apply(&self, i: usize, u: &mut Utilities<K>) {
        let Utilities { anchor, current } = u;
        for ((a, now), shift) in anchor
            .iter_mut()
            .zip(current.iter_mut())
            .zip(&self.shift[i])
        {
            for l in 0..LANES {
                a[l] += shift[l];
                now[l] += shift[l];
            }
        }
    }

    /// Where the gaps for `candidate` are kept: with two candidates the gap
    /// is `|u_0 - u_1|` for either, kept once.
    #[inline]
    fn slot(candidate: usize) -> usize {
        if K == 2 { 0 } else { candidate }
    }

    /// Every state's gaps to indifference for `candidate` in every lane, as
    /// of now (`[i][l]`), and the buffer for [`choose_swing`].
    fn gaps(&mut self, candidate: usize) -> (&[Lanes], &mut SwingBuffers) {
        let (n, slot) = (self.n, Board::<K>::slot(candidate));
        let gaps = &mut self.gaps[slot * n..(slot + 1) * n];
        if !self.gaps_known[slot] {
            for (gap, u) in gaps.iter_mut().zip(&self.utilities) {
                *gap = gap_lanes(u, candidate);
            }
            self.gaps_known[slot] = true;
        }
        (gaps, &mut self.kept)
    }

    /// Move state `i` toward `candidate` by `gain` (negative: away) in lane `l`.
    fn add(&mut self, i: usize, l: usize, candidate: usize, gain: f64) {
        let n = self.n;
        self.utilities[i][candidate][l] += gain;
        self.shift[i][candidate][l] += gain;
        let u = column(&self.utilities[i], l);
        for slot in 0..K {
            if self.gaps_known[slot] {
                self.gaps[slot * n + i][l] = gap_of(&u, slot);
            }
        }
    }
}

/// A state's gap to indifference for `candidate` ([`indifference`]). With two
/// candidates it is `|u_0 - u_1|` for either: one subtraction.
#[inline]
fn gap_of<const K: usize>(u: &[f64; K], candidate: usize) -> f64 {
    if K == 2 {
        (u[0] - u[1]).abs()
    } else {
        indifference(u, candidate)
    }
}

/// [`gap_of`] in every lane (with two candidates, in loops the compiler vectorises).
#[inline]
fn gap_lanes<const K: usize>(u: &[Lanes; K], candidate: usize) -> Lanes {
    if K == 2 {
        std::array::from_fn(|l| (u[0][l] - u[1][l]).abs())
    } else {
        std::array::from_fn(|l| gap_of(&column(u, l), candidate))
    }
}

/// One tick of one campaign in lane `l`. `untapped[i]` is the share of the
/// campaign's strength not yet bought in state i; `chosen` the swing targets
/// it chose last (see [`choose_swing`]).
pub fn campaign_tick<const K: usize>(
    c: &CampaignPlan,
    tick: usize,
    l: usize,
    untapped: &mut [f64],
    chosen: &mut SwingChoice,
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
            board.add(i, l, c.candidate, gain);
        };
    if (c.start..=c.end).contains(&tick) {
        // Swing targets are chosen from the utilities before this campaign acts.
        let targets: &[usize] = match &c.target {
            Target::Fixed(targets) => targets,
            Target::Swing { among, count } => {
                let (gaps, kept) = board.gaps(c.candidate);
                choose_swing(among, *count, move |i| gaps[i][l], chosen, kept);
                &chosen.chosen
            }
        };
        let decay = c.steady_decay_on(tick);
        for &i in targets {
            deliver(board, i, decay, 0.0, rng);
        }
    }
    for &index in c.tactics_on(tick) {
        let t = &c.tactics[index];
        for &i in &t.targets {
            deliver(board, i, t.decay, t.backfire, rng);
        }
    }
}

/// At most this many states above the choice are dropped one by one; more
/// are cut off by a partial selection.
const FEW: usize = 3;

/// The buffers [`choose_swing`] works in, kept from day to day so that no
/// choice allocates.
#[derive(Debug, Clone, Default)]
pub struct SwingBuffers {
    /// The states within the cut-off.
    kept: Vec<usize>,
    /// Their gaps, for the selection.
    gaps: Vec<f64>,
}

/// Choose the `count` states of `pool` nearest to indifference (smallest
/// `gap`, ties by state order) into `choice.chosen`, in no particular order:
/// every target receives the same effort, so the order does not matter.
///
/// Any cut-off `g` within which at least `count` states of the pool fall
/// holds the answer: the `count` nearest all have a gap of at most the
/// `count`-th smallest, itself at most `g`. So one counting pass keeps the
/// states within the last choice's cut-off plus a margin, usually `count`
/// or a few more; if fewer than `count` fall within (the margin then
/// doubles, to at least a sixteenth of the cut-off), it keeps those within
/// the last choice's largest gap today, which holds `count` states, or failing
/// that the whole pool. Of those kept, a few more than `count` are dropped one
/// by one from the top (largest gap, then latest state); with more than
/// [`FEW`], the `count`-th smallest gap `t` is selected among the gaps
/// themselves, and the choice is the states below `t` and, of those at `t`,
/// the earliest (the margin halves when many more are kept). The choice does
/// not depend on `choice`'s state on entry, only the work does.
pub fn choose_swing(
    pool: &[usize],
    count: usize,
    gap: impl Fn(usize) -> f64 + Copy,
    choice: &mut SwingChoice,
    buffers: &mut SwingBuffers,
) {
    let count = count.min(pool.len());
    let chosen = &mut choice.chosen;
    if count == 0 {
        chosen.clear();
        return;
    }
    let SwingBuffers { kept, gaps } = buffers;
    kept.resize(pool.len(), 0);
    let previous = chosen.len() == count;
    let mut n = if previous {
        within(pool, gap, choice.cut + choice.margin, kept)
    } else {
        0
    };
    if n < count && previous {
        choice.margin = (2.0 * choice.margin).max(choice.cut / 16.0).max(1e-9);
        // The last choice's largest gap today: `count` states fall within it
        // if the last choice was `count` states of the pool.
        let bound = chosen.iter().map(|&i| gap(i)).fold(0.0, f64::max);
        n = within(pool, gap, bound, kept);
    }
    if n < count {
        n = within(pool, gap, f64::INFINITY, kept);
    }
    let kept = &mut kept[..n];
    let excess = n - count;
    if excess <= FEW {
        let after = |a: usize, b: usize| gap(a).total_cmp(&gap(b)).then(a.cmp(&b));
        let mut end = n;
        for _ in 0..excess {
            let last = (1..end).fold(0, |w, j| {
                if after(kept[j], kept[w]).is_gt() {
                    j
                } else {
                    w
                }
            });
            kept.swap(last, end - 1);
            end -= 1;
        }
    } else {
        keep_nearest(kept, count, gap, gaps, choice.cut);
        if excess > 4 * FEW {
            choice.margin *= 0.5;
        }
    }
    chosen.clear();
    chosen.extend_from_slice(&kept[..count]);
    choice.cut = chosen.iter().map(|&i| gap(i)).fold(0.0, f64::max);
}

/// Reorder `kept` so that its first `count` states are the `count` smallest
/// by (gap, state). Usually a few counting passes over copies of the gaps
/// (`values`, a buffer) find a cut-off `x` with exactly `count` states at or
/// below it, starting from `guess` and narrowing between the last cut-offs
/// with too few and too many: those states are the answer, ties included.
/// Failing that in [`PASSES`] passes (ties at the boundary, or a NaN), the
/// `count`-th smallest gap `t` is selected, the states below `t` move to the
/// front, then those at `t`, sorted by state only if more of them tie than
/// are needed.
fn keep_nearest(
    kept: &mut [usize],
    count: usize,
    gap: impl Fn(usize) -> f64,
    values: &mut Vec<f64>,
    guess: f64,
) {
    values.clear();
    values.extend(kept.iter().map(|&i| gap(i)));
    if let Some(x) = exact_cut(values, count, guess) {
        let mut front = 0;
        for j in 0..kept.len() {
            kept[front] = kept[j];
            front += usize::from(values[j] <= x);
        }
        debug_assert_eq!(front, count);
        return;
    }
    let t = *values.select_nth_unstable_by(count - 1, f64::total_cmp).1;
    let mut front = 0;
    for j in 0..kept.len() {
        if gap(kept[j]).total_cmp(&t).is_lt() {
            kept.swap(front, j);
            front += 1;
        }
    }
    let below = front;
    for j in below..kept.len() {
        if gap(kept[j]).total_cmp(&t).is_eq() {
            kept.swap(front, j);
            front += 1;
        }
    }
    // At least `count` states have a gap of at most `t`.
    if front > count {
        kept[below..front].sort_unstable();
    }
}

/// Counting passes [`keep_nearest`] tries before it selects.
const PASSES: usize = 8;

/// A cut-off `x` with exactly `count` of `values` at or below it, if a few
/// counting passes find one: the first at `guess`, then by interpolation
/// between the last cut-offs with too few (`lo`) and too many (`hi`). For
/// numbers that are not NaN, "at most `x`" takes the smallest by
/// [`f64::total_cmp`] (a value below `x` is below every value above it), so
/// exactly `count` of them are the answer. None when a value is NaN.
fn exact_cut(values: &[f64], count: usize, guess: f64) -> Option<f64> {
    let at_most = |x: f64| values.iter().map(|&v| usize::from(v <= x)).sum::<usize>();
    if values.iter().any(|v| v.is_nan()) {
        return None;
    }
    let (min, max) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    // Below `lo` too few (fewer than `count`), at `hi` enough.
    let (mut lo, mut lo_n) = (min, at_most(min));
    let (mut hi, mut hi_n) = (max, values.len());
    if lo_n >= count {
        return (lo_n == count).then_some(lo);
    }
    let mut x = if guess > lo && guess < hi {
        guess
    } else {
        0.5 * (lo + hi)
    };
    for _ in 0..PASSES {
        let n = at_most(x);
        if n == count {
            return Some(x);
        }
        if n < count {
            (lo, lo_n) = (x, n);
        } else {
            (hi, hi_n) = (x, n);
        }
        // Interpolate the rank, kept strictly inside (lo, hi).
        let share = (count - lo_n) as f64 / (hi_n - lo_n) as f64;
        let next = lo + (hi - lo) * share;
        x = if next > lo && next < hi {
            next
        } else {
            0.5 * (lo + hi)
        };
        if !(x > lo && x < hi) {
            return None;
        }
    }
    None
}

/// Write into `kept` (as long as the pool) the states of `pool` with a gap
/// of at most `cut`, in the pool's order, and return how many: one pass,
/// without a branch per state.
#[inline]
fn within(pool: &[usize], gap: impl Fn(usize) -> f64, cut: f64, kept: &mut [usize]) -> usize {
    let mut n = 0;
    for &i in pool {
        kept[n] = i;
        n += usize::from(gap(i) <= cut);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lanes::splat;
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

    /// A board with these utilities in every lane.
    fn board<const K: usize>(utilities: &[[f64; K]]) -> Board<K> {
        let mut b = Board::default();
        b.start(utilities.len());
        for (i, u) in utilities.iter().enumerate() {
            b.set_utilities(i, &u.map(splat));
        }
        b
    }

    /// The shift of state `i` in lane 0, if any.
    fn shift<const K: usize>(b: &Board<K>, i: usize) -> Option<[f64; K]> {
        let s = column(b.shift(i), 0);
        s.iter().any(|&x| x != 0.0).then_some(s)
    }

    #[test]
    fn budget_is_shared_and_saturates() {
        let c = plan(Target::Fixed(vec![0, 2]));
        let mut untapped = vec![1.0; 3];
        let mut b = board(&[[0.0; 2]; 3]);
        let mut rng = stream_rng(1, 1);
        campaign_tick(
            &c,
            0,
            0,
            &mut untapped,
            &mut SwingChoice::default(),
            &mut rng,
            &mut b,
        );
        let g = 1.0 - (-0.25f64).exp();
        assert!((shift(&b, 0).unwrap()[0] - g).abs() < 1e-12);
        assert!((shift(&b, 2).unwrap()[0] - g).abs() < 1e-12);
        assert_eq!(shift(&b, 1), None);
        assert!((untapped[0] - (-0.25f64).exp()).abs() < 1e-15);
        // A second day buys less: the share left shrinks geometrically.
        campaign_tick(
            &c,
            1,
            0,
            &mut untapped,
            &mut SwingChoice::default(),
            &mut rng,
            &mut b,
        );
        let two_days = 1.0 - (-0.5f64).exp();
        assert!((shift(&b, 0).unwrap()[0] - two_days).abs() < 1e-12);
        // Outside its window the campaign does nothing.
        campaign_tick(
            &c,
            11,
            0,
            &mut untapped,
            &mut SwingChoice::default(),
            &mut rng,
            &mut b,
        );
        assert!((shift(&b, 0).unwrap()[0] - two_days).abs() < 1e-12);
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
            campaign_tick(
                &c,
                t,
                0,
                &mut untapped,
                &mut SwingChoice::default(),
                &mut rng,
                &mut b,
            );
        }
        let expected = 0.8 * (1.0 - (-5.0f64).exp());
        assert!((shift(&b, 0).unwrap()[0] - expected).abs() < 1e-12);
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
        let mut chosen = SwingChoice::default();
        let mut rng = stream_rng(1, 1);
        campaign_tick(&c, 0, 0, &mut [1.0; 3], &mut chosen, &mut rng, &mut b);
        chosen.chosen.sort_unstable();
        assert_eq!(chosen.chosen, vec![1, 2]);
        assert_eq!(shift(&b, 0), None);
        assert_eq!(shift(&b, 1), Some([0.5, 0.0]));
        assert_eq!(shift(&b, 2), Some([0.5, 0.0]));
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
        let mut chosen = SwingChoice::default();
        // The gaps are looked at before A moves state 1 ...
        let lane0 = |b: &mut Board<2>| b.gaps(1).0.iter().map(|g| g[0]).collect::<Vec<_>>();
        assert_eq!(lane0(&mut b), [0.3, 0.1]);
        campaign_tick(
            &a,
            0,
            0,
            &mut [1.0; 2],
            &mut SwingChoice::default(),
            &mut rng,
            &mut b,
        );
        // ... and kept up to date when it does.
        assert_eq!(lane0(&mut b), [0.3, 5.1]);
        campaign_tick(&b_plan, 0, 0, &mut [1.0; 2], &mut chosen, &mut rng, &mut b);
        assert_eq!(chosen.chosen, vec![0]);
        assert!(shift(&b, 0).unwrap()[1] > 0.0);
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
            cut in 0i32..8,
            margin in 0i32..3,
        ) {
            let gaps: Vec<f64> = gaps.iter().map(|&x| f64::from(x) * 0.5).collect();
            let pool: Vec<usize> = (0..gaps.len()).filter(|i| i % 3 != 1).collect();
            let expected = full_sort(&pool, count, &gaps);
            // Start from a previous choice of pool states (of any size),
            // with any cut-off and margin.
            let mut chosen = SwingChoice {
                chosen: vec![],
                cut: f64::from(cut) * 0.5,
                margin: f64::from(margin) * 0.25,
            };
            chosen.chosen = previous
                .iter()
                .map(|&p| pool[p % pool.len().max(1)])
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .take(count)
                .collect();
            if pool.is_empty() {
                chosen.chosen.clear();
            }
            let mut kept = SwingBuffers::default();
            choose_swing(&pool, count, |i| gaps[i], &mut chosen, &mut kept);
            chosen.chosen.sort_unstable();
            proptest::prop_assert_eq!(&chosen.chosen, &expected);
            // Choosing again from its own answer gives the same answer.
            choose_swing(&pool, count, |i| gaps[i], &mut chosen, &mut kept);
            chosen.chosen.sort_unstable();
            proptest::prop_assert_eq!(chosen.chosen, expected);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// The selection of many more kept states than needed, by counting
        /// passes or (ties, zeros of both signs) by selection, equals the full
        /// sort, from any guess of the cut-off.
        #[test]
        fn keeping_the_nearest_equals_a_full_sort(
            raw in proptest::collection::vec((0u32..400, 0u8..8), 1..70),
            count in 1usize..50,
            guess in -1.0f64..5.0,
        ) {
            // Some gaps on a coarse grid (ties), some -0.0, most spread out.
            let gaps: Vec<f64> = raw
                .iter()
                .map(|&(x, kind)| match kind {
                    0 => f64::from(x / 100) * 0.5,
                    1 => -0.0,
                    _ => f64::from(x) / 100.0,
                })
                .collect();
            let count = count.min(gaps.len());
            // Kept in an order other than the states'.
            let mut kept: Vec<usize> = (0..gaps.len()).rev().collect();
            let mut values = Vec::new();
            keep_nearest(&mut kept, count, |i| gaps[i], &mut values, guess);
            let mut got = kept[..count].to_vec();
            got.sort_unstable();
            let pool: Vec<usize> = (0..gaps.len()).collect();
            proptest::prop_assert_eq!(got, full_sort(&pool, count, &gaps));
        }
    }

    /// The `count` states of `pool` with the smallest (gap, state), sorted.
    fn full_sort(pool: &[usize], count: usize, gaps: &[f64]) -> Vec<usize> {
        let mut expected = pool.to_vec();
        expected.sort_by(|&a, &b| gaps[a].total_cmp(&gaps[b]).then(a.cmp(&b)));
        expected.truncate(count);
        expected.sort_unstable();
        expected
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Day after day, each choice starting from the last, as a campaign
        /// chooses: gaps that drift a little (the choice keeps most states,
        /// a few cross the cut-off) or jump (many cross), with ties on a
        /// coarse grid on some days; every day's choice equals the full sort.
        #[test]
        fn swing_choices_day_after_day_equal_a_full_sort(
            start in proptest::collection::vec(0u32..1000, 2..80),
            steps in proptest::collection::vec(
                (proptest::collection::vec(-30i32..=30, 80), 0u8..4),
                1..30,
            ),
            count in 1usize..40,
        ) {
            let mut gaps: Vec<f64> = start.iter().map(|&x| f64::from(x) / 100.0).collect();
            let pool: Vec<usize> = (0..gaps.len()).filter(|i| i % 4 != 3).collect();
            let (mut chosen, mut kept) = (SwingChoice::default(), SwingBuffers::default());
            for (moves, kind) in &steps {
                for (g, &m) in gaps.iter_mut().zip(moves) {
                    let step = f64::from(m) / 100.0;
                    *g = match kind {
                        0 => (*g + step).abs(),
                        1 => (*g + 10.0 * step).abs(),
                        // Onto a grid of 0.5: many equal gaps.
                        2 => ((*g + step).abs() * 2.0).round() / 2.0,
                        _ => *g,
                    };
                }
                choose_swing(&pool, count, |i| gaps[i], &mut chosen, &mut kept);
                let mut sorted = chosen.chosen.clone();
                sorted.sort_unstable();
                proptest::prop_assert_eq!(sorted, full_sort(&pool, count, &gaps));
            }
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
        campaign_tick(
            &c,
            3,
            0,
            &mut [1.0; 2],
            &mut SwingChoice::default(),
            &mut rng,
            &mut b,
        );
        assert!((shift(&b, 1).unwrap()[0] + (1.0 - (-1.0f64).exp())).abs() < 1e-12);
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
            campaign_tick(
                &c,
                0,
                0,
                &mut [1.0; 1],
                &mut SwingChoice::default(),
                &mut rng,
                &mut b,
            );
            let gain = shift(&b, 0).unwrap()[0];
            assert!(
                (gain.abs() - full).abs() < 1e-12,
                "a part backfired: {gain}"
            );
            signs[usize::from(gain > 0.0)] += 1;
        }
        assert!(signs[0] > 60 && signs[1] > 60, "{signs:?}");
    }
}
