//! Campaigns: each active campaign spreads its budget over its targets and
//! delivers its tactics; each state's cumulative effort from a campaign buys
//! a persistent utility shift with diminishing returns
//! (`strength * (1 - exp(-E / saturation))`). Pressure may backfire.

use bevy_ecs::prelude::*;
use rand::RngExt;

use crate::model::components::{Campaign, CampaignRng, EffortReceived, MemberState, Utilities};
use crate::model::maths::{effort_gain, indifference};
use crate::model::plan::{CampaignPlan, Target};
use crate::model::resources::{Clock, ScenarioPlan, Scratch};
use crate::model::rng::SimRng;

pub fn run_campaigns(
    clock: Res<Clock>,
    plan: Res<ScenarioPlan>,
    mut scratch: ResMut<Scratch>,
    mut campaigns: Query<(&Campaign, &mut EffortReceived, &mut CampaignRng)>,
    mut states: Query<(&MemberState, &mut Utilities)>,
) {
    let plan = &plan.0;
    let tick = clock.tick;
    if !plan.campaigns.iter().any(|c| acts_on(c, tick)) {
        return;
    }
    let k = plan.n_candidates;
    let scratch = &mut *scratch;
    gather_current(&states, k, &mut scratch.utilities);
    scratch.delta.clear();
    scratch.delta.resize(plan.n_states * k, 0.0);
    // Campaigns act in the scenario's order, whatever the ECS iteration order.
    let mut active: Vec<_> = campaigns
        .iter_mut()
        .filter(|(c, _, _)| acts_on(&plan.campaigns[c.index], tick))
        .collect();
    active.sort_by_key(|(c, _, _)| c.index);
    for (campaign, mut received, mut rng) in active {
        campaign_tick(
            &plan.campaigns[campaign.index],
            tick,
            k,
            &mut received.0,
            &mut rng.0,
            &mut scratch.utilities,
            &mut scratch.delta,
            &mut scratch.order,
        );
    }
    for (state, mut u) in &mut states {
        let row = &scratch.delta[state.index * k..(state.index + 1) * k];
        if row.iter().any(|d| *d != 0.0) {
            let Utilities { anchor, current } = &mut *u;
            for ((a, cur), d) in anchor.iter_mut().zip(current.iter_mut()).zip(row) {
                *a += d;
                *cur += d;
            }
        }
    }
}

/// Whether a campaign's steady effort or one of its tactics acts on `tick`.
pub fn acts_on(c: &CampaignPlan, tick: usize) -> bool {
    (c.start..=c.end).contains(&tick) || c.tactics.iter().any(|t| (t.start..=t.end).contains(&tick))
}

/// Copy every state's current utilities into `out[i * k + c]`.
pub fn gather_current(
    states: &Query<(&MemberState, &mut Utilities)>,
    k: usize,
    out: &mut Vec<f64>,
) {
    out.clear();
    out.resize(states.iter().len() * k, 0.0);
    for (state, u) in states.iter() {
        out[state.index * k..(state.index + 1) * k].copy_from_slice(&u.current);
    }
}

/// One tick of one campaign. `utilities` are the current utilities
/// `[i * k + c]`, updated in place so later campaigns see the shift; `delta`
/// accumulates the shifts to apply to anchors and utilities.
#[expect(
    clippy::too_many_arguments,
    reason = "a plain function over the buffers it updates"
)]
pub fn campaign_tick(
    c: &CampaignPlan,
    tick: usize,
    k: usize,
    received: &mut [f64],
    rng: &mut SimRng,
    utilities: &mut [f64],
    delta: &mut [f64],
    order: &mut Vec<usize>,
) {
    // Swing targets are chosen from the utilities before this campaign acts.
    let active = (c.start..=c.end).contains(&tick);
    if active && let Target::Swing { among, count } = &c.target {
        swing_targets(among, *count, c.candidate, k, utilities, order);
    }
    let mut deliver = |i: usize, effort: f64, backfire: f64, rng: &mut SimRng| {
        let before = received[i];
        let after = before + effort;
        received[i] = after;
        let mut gain = effort_gain(c.strength, c.saturation, before, after);
        if backfire > 0.0 && rng.random::<f64>() < backfire {
            gain = -gain;
        }
        utilities[i * k + c.candidate] += gain;
        delta[i * k + c.candidate] += gain;
    };
    if active {
        let targets: &[usize] = match &c.target {
            Target::Fixed(targets) => targets,
            Target::Swing { .. } => order,
        };
        if !targets.is_empty() {
            let effort = c.budget_per_tick / targets.len() as f64;
            for &i in targets {
                deliver(i, effort, 0.0, rng);
            }
        }
    }
    for t in &c.tactics {
        if (t.start..=t.end).contains(&tick) {
            for &i in &t.targets {
                deliver(i, t.effort_per_tick, t.backfire, rng);
            }
        }
    }
}

/// The `count` states of `among` nearest to indifference between `candidate`
/// and its strongest rival (ties broken by state order), written to `out`.
pub fn swing_targets(
    among: &[usize],
    count: usize,
    candidate: usize,
    k: usize,
    utilities: &[f64],
    out: &mut Vec<usize>,
) {
    // Each gap is computed once and packed with its state into one integer
    // key, `gap bits << 64 | state`: gaps are absolute values (sign bit 0),
    // whose bit patterns order as the numbers do (`f64::total_cmp`), so the
    // keys order by gap, then by state. The order is strict, so selecting the
    // first `count` keys and sorting only those gives exactly the prefix of
    // the fully sorted list.
    let mut keys: Vec<u128> = among
        .iter()
        .map(|&i| {
            let gap = indifference(&utilities[i * k..(i + 1) * k], candidate).abs();
            (u128::from(gap.to_bits()) << 64) | i as u128
        })
        .collect();
    if count < keys.len() {
        if count > 0 {
            keys.select_nth_unstable(count - 1);
        }
        keys.truncate(count);
    }
    keys.sort_unstable();
    out.clear();
    out.extend(keys.iter().map(|&key| key as u64 as usize));
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
            budget_per_tick: 2.0,
            strength: 1.0,
            saturation: 4.0,
            target,
            tactics: vec![],
        }
    }

    #[test]
    fn budget_is_shared_and_saturates() {
        let c = plan(Target::Fixed(vec![0, 2]));
        let (mut received, mut u, mut d) = (vec![0.0; 3], vec![0.0; 6], vec![0.0; 6]);
        let mut rng = stream_rng(1, 1);
        campaign_tick(
            &c,
            0,
            2,
            &mut received,
            &mut rng,
            &mut u,
            &mut d,
            &mut vec![],
        );
        assert_eq!(received, vec![1.0, 0.0, 1.0]);
        let g = 1.0 - (-0.25f64).exp();
        assert!((u[0] - g).abs() < 1e-12 && (u[4] - g).abs() < 1e-12);
        assert_eq!(u[2], 0.0);
        assert_eq!(d, u);
        // Outside its window the campaign does nothing.
        campaign_tick(
            &c,
            11,
            2,
            &mut received,
            &mut rng,
            &mut u,
            &mut d,
            &mut vec![],
        );
        assert_eq!(received, vec![1.0, 0.0, 1.0]);
    }

    #[test]
    fn swing_picks_the_most_indifferent() {
        // Gaps for candidate 0: state 0: 2.0, state 1: 0.1, state 2: 0.5.
        let u = vec![2.0, 0.0, 0.0, 0.1, 0.5, 0.0];
        let mut out = vec![];
        swing_targets(&[0, 1, 2], 2, 0, 2, &u, &mut out);
        assert_eq!(out, vec![1, 2]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Selecting the nearest `count` equals sorting all by (gap, state) and
        /// keeping the first `count`, ties included (utilities on a coarse grid).
        #[test]
        fn swing_selection_equals_a_full_sort(
            u in proptest::collection::vec(-4i32..4, 2..60),
            count in 0usize..40,
            candidate in 0usize..2,
        ) {
            let u: Vec<f64> = u.iter().map(|&x| f64::from(x) * 0.5).collect();
            let n = u.len() / 2;
            let among: Vec<usize> = (0..n).filter(|i| i % 3 != 1).collect();
            let mut out = vec![];
            swing_targets(&among, count, candidate, 2, &u, &mut out);
            let gap = |i: usize| indifference(&u[i * 2..i * 2 + 2], candidate);
            let mut expected = among.clone();
            expected.sort_by(|&a, &b| gap(a).total_cmp(&gap(b)).then(a.cmp(&b)));
            expected.truncate(count);
            proptest::prop_assert_eq!(out, expected);
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
        });
        let (mut received, mut u, mut d) = (vec![0.0; 2], vec![0.0; 4], vec![0.0; 4]);
        let mut rng = stream_rng(1, 1);
        campaign_tick(
            &c,
            3,
            2,
            &mut received,
            &mut rng,
            &mut u,
            &mut d,
            &mut vec![],
        );
        assert!((u[2] + (1.0 - (-1.0f64).exp())).abs() < 1e-12);
    }
}
