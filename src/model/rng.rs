//! Seeds and random streams.
//!
//! Every random draw of a run comes from a `rand_pcg` generator seeded from
//! the run's seed and a stream id, one stream per purpose (noise, attendance,
//! the ballot, each campaign by the hash of its id). Removing a campaign from
//! a scenario therefore leaves every other stream's draws unchanged, so that
//! two scenarios compared with the same seeds use common random numbers.
//! An ensemble derives run seeds from (ensemble seed, run index) only.
//!
//! The noise stream, which draws most of a run's numbers, is a [`LaneRng`]:
//! one xoshiro256++ generator per run lane, their states laid out by lane so
//! that one step advances every lane with the same vector instructions. Lane
//! l's generator is seeded from lane l's run seed and the stream id only, so
//! its draws do not depend on the batch or the lane that holds the run.

use rand_pcg::Pcg64Mcg;

use super::lanes::{LANES, Lanes};

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

/// One xoshiro256++ generator (Blackman and Vigna, 2019) per run lane:
/// `state[j][l]` is word j of lane l's state. Every step advances every
/// lane; a lane's sequence depends on its own seed only.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneRng {
    state: [[u64; LANES]; 4],
}

impl LaneRng {
    /// Lane l's generator for stream `stream` of the run with seed `seed_of(l)`.
    pub fn new(seed_of: impl Fn(usize) -> u64, stream: u64) -> LaneRng {
        let lanes: [[u64; 4]; LANES] = std::array::from_fn(|l| lane_state(seed_of(l), stream));
        LaneRng {
            state: std::array::from_fn(|j| std::array::from_fn(|l| lanes[l][j])),
        }
    }

    /// The next 64 random bits of every lane.
    #[inline]
    pub fn next_u64(&mut self) -> [u64; LANES] {
        let mut out = [0; LANES];
        for (l, o) in out.iter_mut().enumerate() {
            *o = step(&mut self.state, l);
        }
        out
    }

    /// The next 64 random bits of lane `l` alone (the other lanes stay where they are).
    #[inline]
    pub fn next_u64_in(&mut self, l: usize) -> u64 {
        step(&mut self.state, l)
    }

    /// A uniform draw in (0, 1] in every lane ([`open01`]).
    #[inline]
    pub fn next_open01(&mut self) -> Lanes {
        self.next_u64().map(open01)
    }
}

/// A uniform number in (0, 1] from the top 52 of 64 random bits: a multiple
/// of 2^-52, never 0, so that its logarithm is finite.
#[inline]
pub fn open01(bits: u64) -> f64 {
    // 1 + m 2^-52 for the 52-bit integer m, in [1, 2); 2 minus it is in (0, 1].
    2.0 - f64::from_bits((bits >> 12) | 0x3FF0_0000_0000_0000)
}

/// One xoshiro256++ step of lane `l`: its output, and its state moved on.
#[inline(always)]
fn step(s: &mut [[u64; LANES]; 4], l: usize) -> u64 {
    let out = s[0][l]
        .wrapping_add(s[3][l])
        .rotate_left(23)
        .wrapping_add(s[0][l]);
    let t = s[1][l] << 17;
    s[2][l] ^= s[0][l];
    s[3][l] ^= s[1][l];
    s[1][l] ^= s[2][l];
    s[0][l] ^= s[3][l];
    s[2][l] ^= t;
    s[3][l] = s[3][l].rotate_left(45);
    out
}

/// The four words of a xoshiro256++ state for stream `stream` of the run with
/// seed `seed`: a chain of SplitMix64 mixes, never all zero (the mix is a
/// bijection that sends 0 elsewhere, so two consecutive words are never both 0).
fn lane_state(seed: u64, stream: u64) -> [u64; 4] {
    let mut x = splitmix64(seed ^ splitmix64(stream).rotate_left(29));
    std::array::from_fn(|_| {
        x = splitmix64(x);
        x
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    /// xoshiro256++ for one generator, written as in its authors' reference code.
    fn reference_next(s: &mut [u64; 4]) -> u64 {
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    #[test]
    fn each_lane_is_its_own_generator() {
        // Lane l runs seed 100 + l; lane 3 of another batch runs seed 102 as well.
        let mut lanes = LaneRng::new(|l| 100 + l as u64, NOISE);
        let mut other = LaneRng::new(|l| if l == 3 { 102 } else { 7 }, NOISE);
        let mut alone: Vec<[u64; 4]> = (0..LANES)
            .map(|l| lane_state(100 + l as u64, NOISE))
            .collect();
        for _ in 0..1000 {
            let (x, y) = (lanes.next_u64(), other.next_u64());
            for (l, s) in alone.iter_mut().enumerate() {
                assert_eq!(x[l], reference_next(s), "lane {l}");
            }
            assert_eq!(y[3], x[2]);
        }
        // A lane stepped alone moves on its own sequence, and no other lane.
        let before = lanes.clone();
        let one = lanes.next_u64_in(4);
        assert_eq!(one, reference_next(&mut alone[4]));
        let next = lanes.next_u64();
        for (l, s) in alone.iter_mut().enumerate() {
            assert_eq!(next[l], reference_next(s), "lane {l}");
        }
        assert_ne!(before, lanes);
        // Another stream of the same seed is another sequence.
        let mut ballot = LaneRng::new(|l| 100 + l as u64, BALLOT);
        assert_ne!(
            ballot.next_u64(),
            LaneRng::new(|l| 100 + l as u64, NOISE).next_u64()
        );
    }

    #[test]
    fn uniform_draws_are_in_the_open_unit_interval_and_uniform() {
        let mut rng = LaneRng::new(|l| l as u64, NOISE);
        let n = 20_000;
        let mut sum = [0.0; LANES];
        for _ in 0..n {
            let u = rng.next_open01();
            for l in 0..LANES {
                assert!(u[l] > 0.0 && u[l] <= 1.0);
                sum[l] += u[l];
            }
        }
        // Mean 1/2, standard error sqrt(1/12 / n) = 0.002.
        for s in sum {
            assert!((s / f64::from(n) - 0.5).abs() < 0.01, "{s}");
        }
    }

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
