//! Run lanes: one world advances [`LANES`] runs together.
//!
//! Every per-run value of the world is held once per lane (`[f64; LANES]`,
//! [`Lanes`]), and the systems loop over lanes innermost, so that the same
//! arithmetic applied to `LANES` runs compiles to vector instructions. Lane
//! `l` of a batch is an ordinary run with its own seed, its own drawn numbers
//! and its own random streams: nothing in one lane reads another, so a run's
//! results do not depend on the batch or the lane that computes it. A batch
//! of fewer runs than lanes leaves the other lanes idle (copies of lane 0
//! whose results are dropped; they draw only where every lane draws at once,
//! the noise).

/// Runs advanced together by one world (8, or 16 with the `lanes16` feature).
pub const LANES: usize = if cfg!(feature = "lanes16") { 16 } else { 8 };

/// One `f64` per lane.
pub type Lanes = [f64; LANES];

/// One value per lane, all equal.
#[inline]
pub fn splat(x: f64) -> Lanes {
    [x; LANES]
}

/// The value of lane `l` of each of `K` per-candidate lane arrays.
#[inline]
pub fn column<const K: usize>(x: &[Lanes; K], l: usize) -> [f64; K] {
    std::array::from_fn(|c| x[c][l])
}
