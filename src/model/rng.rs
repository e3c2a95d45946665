//! Seeds and random streams.
//!
//! Every random draw of a run comes from a `rand_pcg` generator seeded from
//! the run's seed and a stream id, one stream per purpose (noise, attendance,
//! the ballot, each campaign by the hash of its id). Removing a campaign from
//! a scenario therefore leaves every other stream's draws unchanged, so that
//! two scenarios compared with the same seeds use common random numbers.
//! An ensemble derives run seeds from (ensemble seed, run index) only.

use rand_pcg::Pcg64Mcg;

/// The random generator used everywhere in the model.
pub type SimRng = Pcg64Mcg;

/// Stream ids of the model's purposes; campaigns use [`stream_of`] of their id.
pub const NOISE: u64 = 1;
pub const ATTENDANCE: u64 = 2;
pub const BALLOT: u64 = 3;

/// SplitMix64 finaliser: a bijective 64-bit mix.
pub fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The seed of run `index` of an ensemble with seed `master`.
pub fn run_seed(master: u64, index: u64) -> u64 {
    splitmix64(splitmix64(master) ^ splitmix64(index.wrapping_add(0x5851_F42D_4C95_7F2D)))
}

/// A stable 64-bit id for a named stream (FNV-1a of the name).
pub fn stream_of(name: &str) -> u64 {
    name.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

/// The generator of stream `stream` in the run with seed `seed`.
pub fn stream_rng(seed: u64, stream: u64) -> SimRng {
    let hi = splitmix64(seed ^ splitmix64(stream));
    let lo = splitmix64(hi ^ stream.rotate_left(32));
    Pcg64Mcg::new((u128::from(hi) << 64) | u128::from(lo))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn streams_differ_and_repeat() {
        let a: u64 = stream_rng(7, NOISE).random();
        let b: u64 = stream_rng(7, BALLOT).random();
        let c: u64 = stream_rng(8, NOISE).random();
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_eq!(a, stream_rng(7, NOISE).random::<u64>());
    }

    #[test]
    fn run_seeds_are_distinct() {
        let seeds: std::collections::HashSet<u64> = (0..10_000).map(|i| run_seed(1, i)).collect();
        assert_eq!(seeds.len(), 10_000);
        assert_ne!(run_seed(1, 0), run_seed(2, 0));
    }
}
