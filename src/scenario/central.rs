//! A scenario without uncertainty: every distribution replaced by its
//! central value, no shocks, no per-state variation of the propensities.
//! Running it is the same as `run --central` of the original; the benchmark
//! compares the two scenarios' ensemble speed.

use super::distribution::{Bounded, Uncertain};
use super::numbers::NonNegative;
use super::types::Scenario;

/// The number at its central value.
fn fix<T: Bounded>(x: &mut Uncertain<T>) {
    if x.distribution().is_some() {
        // A central value lies in the number's range, so it converts.
        if let Ok(v) = T::from_value(x.central()) {
            *x = Uncertain::Fixed(v);
        }
    }
}

/// `s` with every uncertain number at its central value, without shocks and
/// without per-state variation of the propensities.
pub fn central(s: &Scenario) -> Scenario {
    let mut s = s.clone();
    let p = &mut s.params;
    for x in [
        &mut p.stubbornness,
        &mut p.peer_influence,
        &mut p.conference_peer_influence,
        &mut p.abstention,
        &mut p.attendance,
        &mut p.pledge_threshold,
        &mut p.defection,
    ] {
        fix(x);
    }
    fix(&mut p.temperature);
    fix(&mut p.noise);
    for t in &mut s.prior.terms {
        fix(&mut t.weight);
    }
    for e in &mut s.events {
        for eff in &mut e.effects {
            fix(&mut eff.shift);
        }
    }
    for c in &mut s.campaigns {
        fix(&mut c.strength);
        fix(&mut c.budget);
        for t in &mut c.tactics {
            fix(&mut t.effort);
        }
    }
    for b in &mut s.blocs {
        fix(&mut b.cohesion);
    }
    s.shocks.clear();
    for prop in [&mut s.propensities.attendance, &mut s.propensities.blank]
        .into_iter()
        .flatten()
    {
        prop.spread = NonNegative(0.0).into();
        for t in &mut prop.terms {
            fix(&mut t.weight);
        }
    }
    s
}
