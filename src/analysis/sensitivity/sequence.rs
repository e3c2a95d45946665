//! The Sobol' low-discrepancy sequence in base 2, randomised by a linear
//! matrix scramble and a digital shift: the unit-hypercube points behind the
//! Saltelli design.
//!
//! Coordinates are in [0, 1), with 32 binary digits. Point `j` of dimension
//! `d` is the XOR of the direction numbers `v_{d,b}` over the set bits `b` of
//! `j` (natural order, not Gray-code order; both orders visit the same set of
//! points in every prefix of 2^m points). Dimension 1 is van der Corput's
//! sequence; dimensions 2 to 64 use the direction numbers of Joe and Kuo (2008),
//! the `new-joe-kuo-6.21201` set, built by the recurrence of Bratley and Fox
//! (1988).
//!
//! Randomisation (Owen 2003 calls it affine, or Matoušek's, scrambling): each
//! dimension's direction numbers are multiplied by a random lower-triangular
//! binary matrix with unit diagonal (Matoušek 1998), and each coordinate is
//! XORed with a random 32-bit digital shift. Both keep the net property of the
//! sequence: in every dimension, the first 2^m points fall one in each interval
//! [i / 2^m, (i + 1) / 2^m).
//!
//! References: P. Bratley and B. L. Fox (1988), Algorithm 659, ACM TOMS 14(1);
//! S. Joe and F. Y. Kuo (2008), Constructing Sobol sequences with better
//! two-dimensional projections, SIAM J. Sci. Comput. 30(5), 2635–2654;
//! J. Matoušek (1998), On the L2-discrepancy for anchored boxes, J. Complexity
//! 14(4), 527–556.

use rand::Rng;

/// Binary digits per coordinate.
const BITS: usize = 32;

/// Dimensions the sequence carries: van der Corput plus one per row of
/// [`JOE_KUO`].
pub(crate) const MAX_DIMENSIONS: usize = JOE_KUO.len() + 1;

/// Joe and Kuo's direction numbers for dimensions 2 to 64, one row per
/// dimension: the degree `s` of its primitive polynomial, the polynomial's
/// inner coefficients `a` as bits (highest degree first), and the initial
/// direction integers `m_1 .. m_s`.
const JOE_KUO: [(u32, u32, &[u32]); 63] = [
    (1, 0, &[1]),
    (2, 1, &[1, 3]),
    (3, 1, &[1, 3, 1]),
    (3, 2, &[1, 1, 1]),
    (4, 1, &[1, 1, 3, 3]),
    (4, 4, &[1, 3, 5, 13]),
    (5, 2, &[1, 1, 5, 5, 17]),
    (5, 4, &[1, 1, 5, 5, 5]),
    (5, 7, &[1, 1, 7, 11, 19]),
    (5, 11, &[1, 1, 5, 1, 1]),
    (5, 13, &[1, 1, 1, 3, 11]),
    (5, 14, &[1, 3, 5, 5, 31]),
    (6, 1, &[1, 3, 3, 9, 7, 49]),
    (6, 13, &[1, 1, 1, 15, 21, 21]),
    (6, 16, &[1, 3, 1, 13, 27, 49]),
    (6, 19, &[1, 1, 1, 15, 7, 5]),
    (6, 22, &[1, 3, 1, 15, 13, 25]),
    (6, 25, &[1, 1, 5, 5, 19, 61]),
    (7, 1, &[1, 3, 7, 11, 23, 15, 103]),
    (7, 4, &[1, 3, 7, 13, 13, 15, 69]),
    (7, 7, &[1, 1, 3, 13, 7, 35, 63]),
    (7, 8, &[1, 3, 5, 9, 1, 25, 53]),
    (7, 14, &[1, 3, 1, 13, 9, 35, 107]),
    (7, 19, &[1, 3, 1, 5, 27, 61, 31]),
    (7, 21, &[1, 1, 5, 11, 19, 41, 61]),
    (7, 28, &[1, 3, 5, 3, 3, 13, 69]),
    (7, 31, &[1, 1, 7, 13, 1, 19, 1]),
    (7, 32, &[1, 3, 7, 5, 13, 19, 59]),
    (7, 37, &[1, 1, 3, 9, 25, 29, 41]),
    (7, 41, &[1, 3, 5, 13, 23, 1, 55]),
    (7, 42, &[1, 3, 7, 3, 13, 59, 17]),
    (7, 50, &[1, 3, 1, 3, 5, 53, 69]),
    (7, 55, &[1, 1, 5, 5, 23, 33, 13]),
    (7, 56, &[1, 1, 7, 7, 1, 61, 123]),
    (7, 59, &[1, 1, 7, 9, 13, 61, 49]),
    (7, 62, &[1, 3, 3, 5, 3, 55, 33]),
    (8, 14, &[1, 3, 1, 15, 31, 13, 49, 245]),
    (8, 21, &[1, 3, 5, 15, 31, 59, 63, 97]),
    (8, 22, &[1, 3, 1, 11, 11, 11, 77, 249]),
    (8, 38, &[1, 3, 1, 11, 27, 43, 71, 9]),
    (8, 47, &[1, 1, 7, 15, 21, 11, 81, 45]),
    (8, 49, &[1, 3, 7, 3, 25, 31, 65, 79]),
    (8, 50, &[1, 3, 1, 1, 19, 11, 3, 205]),
    (8, 52, &[1, 1, 5, 9, 19, 21, 29, 157]),
    (8, 56, &[1, 3, 7, 11, 1, 33, 89, 185]),
    (8, 67, &[1, 3, 3, 3, 15, 9, 79, 71]),
    (8, 70, &[1, 3, 7, 11, 15, 39, 119, 27]),
    (8, 84, &[1, 1, 3, 1, 11, 31, 97, 225]),
    (8, 97, &[1, 1, 1, 3, 23, 43, 57, 177]),
    (8, 103, &[1, 3, 7, 7, 17, 17, 37, 71]),
    (8, 115, &[1, 3, 1, 5, 27, 63, 123, 213]),
    (8, 122, &[1, 1, 3, 5, 11, 43, 53, 133]),
    (9, 8, &[1, 3, 5, 5, 29, 17, 47, 173, 479]),
    (9, 13, &[1, 3, 3, 11, 3, 1, 109, 9, 69]),
    (9, 16, &[1, 1, 1, 5, 17, 39, 23, 5, 343]),
    (9, 22, &[1, 3, 1, 5, 25, 15, 31, 103, 499]),
    (9, 25, &[1, 1, 1, 11, 11, 17, 63, 105, 183]),
    (9, 44, &[1, 1, 5, 11, 9, 29, 97, 231, 363]),
    (9, 47, &[1, 1, 5, 15, 19, 45, 41, 7, 383]),
    (9, 52, &[1, 3, 7, 7, 31, 19, 83, 137, 221]),
    (9, 55, &[1, 1, 1, 3, 23, 15, 111, 223, 83]),
    (9, 59, &[1, 1, 5, 13, 31, 15, 55, 25, 161]),
    (9, 62, &[1, 1, 3, 13, 25, 47, 39, 87, 257]),
];

/// One randomised Sobol' sequence, of a fixed number of dimensions.
#[derive(Debug, Clone)]
pub(crate) struct SobolSequence {
    /// Per dimension, the direction numbers as 32-bit binary fractions
    /// (most significant bit = 1/2).
    directions: Vec<[u32; BITS]>,
    /// Per dimension, the digital shift XORed onto every coordinate.
    shifts: Vec<u32>,
}

impl SobolSequence {
    /// The plain (unrandomised) sequence, or `None` beyond
    /// [`MAX_DIMENSIONS`].
    pub(crate) fn unscrambled(dimensions: usize) -> Option<Self> {
        if dimensions > MAX_DIMENSIONS {
            return None;
        }
        Some(Self {
            directions: (0..dimensions).map(direction_numbers).collect(),
            shifts: vec![0; dimensions],
        })
    }

    /// The sequence with a random linear matrix scramble and digital shift
    /// drawn from `rng` (per dimension, in dimension order: 32 matrix rows,
    /// then the shift), or `None` beyond [`MAX_DIMENSIONS`].
    pub(crate) fn scrambled<R: Rng>(dimensions: usize, rng: &mut R) -> Option<Self> {
        let mut sequence = Self::unscrambled(dimensions)?;
        for (directions, shift) in sequence.directions.iter_mut().zip(&mut sequence.shifts) {
            let rows: [u32; BITS] = std::array::from_fn(|digit| {
                // Digit `digit` (0 = most significant) depends on itself and
                // on the more significant digits only: lower triangular.
                let diagonal = 1u32 << (BITS - 1 - digit);
                let above = !(diagonal | (diagonal - 1));
                diagonal | (rng.next_u32() & above)
            });
            for direction in directions.iter_mut() {
                *direction = multiply(&rows, *direction);
            }
            *shift = rng.next_u32();
        }
        Some(sequence)
    }

    /// Writes point `index` into `out`, one coordinate in [0, 1) per
    /// dimension. `out` must have one slot per dimension.
    pub(crate) fn point(&self, index: u32, out: &mut [f64]) {
        for ((slot, directions), shift) in out.iter_mut().zip(&self.directions).zip(&self.shifts) {
            let mut digits = 0u32;
            let mut rest = index;
            let mut bit = 0;
            while rest != 0 {
                if rest & 1 == 1 {
                    digits ^= directions[bit];
                }
                rest >>= 1;
                bit += 1;
            }
            *slot = f64::from(digits ^ shift) * TWO_TO_MINUS_32;
        }
    }
}

/// 2^-32, the weight of the last binary digit.
const TWO_TO_MINUS_32: f64 = 1.0 / 4_294_967_296.0;

/// The product of a binary matrix (one row per output digit, most significant
/// first) with a 32-digit binary vector, over GF(2).
fn multiply(rows: &[u32; BITS], vector: u32) -> u32 {
    rows.iter().enumerate().fold(0, |product, (digit, row)| {
        product | (((row & vector).count_ones() & 1) << (BITS - 1 - digit))
    })
}

/// The 32 direction numbers of dimension `dimension` (0-based).
fn direction_numbers(dimension: usize) -> [u32; BITS] {
    let mut v = [0u32; BITS];
    let Some(&(degree, coefficients, initial)) =
        dimension.checked_sub(1).and_then(|row| JOE_KUO.get(row))
    else {
        // Dimension 1: van der Corput, v_b = 2^-(b+1).
        for (bit, direction) in v.iter_mut().enumerate() {
            *direction = 1 << (BITS - 1 - bit);
        }
        return v;
    };
    let s = degree as usize;
    for (bit, &m) in initial.iter().enumerate() {
        v[bit] = m << (BITS - 1 - bit);
    }
    for bit in s..BITS {
        let mut next = v[bit - s] ^ (v[bit - s] >> s);
        for k in 1..s {
            if (coefficients >> (s - 1 - k)) & 1 == 1 {
                next ^= v[bit - k];
            }
        }
        v[bit] = next;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_pcg::Pcg64Mcg;

    /// Whether x^s + (inner bits of `a`) + 1 is primitive over GF(2): the
    /// powers of x modulo it first return to 1 at 2^s - 1.
    fn is_primitive(degree: u32, coefficients: u32) -> bool {
        let polynomial = (1u32 << degree) | (coefficients << 1) | 1;
        let period = (1u32 << degree) - 1;
        let mut power = 1u32;
        for exponent in 1..=period {
            power <<= 1;
            if power & (1 << degree) != 0 {
                power ^= polynomial;
            }
            if power == 1 {
                return exponent == period;
            }
        }
        false
    }

    #[test]
    fn table_rows_are_the_primitive_polynomials_in_order() {
        let mut expected = Vec::new();
        for degree in 1..=9u32 {
            for coefficients in 0..(1u32 << (degree - 1)) {
                if is_primitive(degree, coefficients) {
                    expected.push((degree, coefficients));
                }
            }
        }
        let listed: Vec<(u32, u32)> = JOE_KUO.iter().map(|&(s, a, _)| (s, a)).collect();
        assert_eq!(listed, expected[..listed.len()]);
    }

    #[test]
    fn initial_direction_integers_are_odd_and_below_two_to_the_bit() {
        for &(s, _, m) in &JOE_KUO {
            assert_eq!(m.len(), s as usize);
            for (bit, &value) in m.iter().enumerate() {
                assert_eq!(value % 2, 1);
                assert!(value < 1 << (bit + 1));
            }
        }
    }

    #[test]
    fn first_points_match_the_known_two_dimensional_sequence() {
        let sequence = SobolSequence::unscrambled(2).unwrap();
        let mut out = [0.0; 2];
        // Natural order: point j is the XOR over the set bits of j.
        let expected = [
            [0.0, 0.0],
            [0.5, 0.5],
            [0.25, 0.75],
            [0.75, 0.25],
            [0.125, 0.625],
            [0.625, 0.125],
            [0.375, 0.375],
            [0.875, 0.875],
        ];
        for (index, point) in expected.iter().enumerate() {
            sequence.point(index as u32, &mut out);
            assert_eq!(&out, point, "point {index}");
        }
    }

    /// In every dimension, the first 2^m points fall one per interval of
    /// width 2^-m.
    fn assert_stratified(sequence: &SobolSequence, dimensions: usize, m: u32) {
        let count = 1usize << m;
        let mut seen = vec![vec![false; count]; dimensions];
        let mut out = vec![0.0; dimensions];
        for index in 0..count {
            sequence.point(index as u32, &mut out);
            for (dimension, &x) in out.iter().enumerate() {
                assert!((0.0..1.0).contains(&x));
                let cell = (x * count as f64) as usize;
                assert!(
                    !seen[dimension][cell],
                    "dimension {dimension}, cell {cell} twice"
                );
                seen[dimension][cell] = true;
            }
        }
    }

    #[test]
    fn every_dimension_is_stratified_plain_and_scrambled() {
        assert_stratified(
            &SobolSequence::unscrambled(MAX_DIMENSIONS).unwrap(),
            MAX_DIMENSIONS,
            10,
        );
        let mut rng = Pcg64Mcg::seed_from_u64(7);
        let scrambled = SobolSequence::scrambled(MAX_DIMENSIONS, &mut rng).unwrap();
        assert_stratified(&scrambled, MAX_DIMENSIONS, 10);
    }

    #[test]
    fn first_two_dimensions_form_a_zero_net_after_scrambling() {
        // Every elementary box of area 2^-m holds exactly one of the first 2^m points.
        let m = 8u32;
        let mut rng = Pcg64Mcg::seed_from_u64(11);
        let sequence = SobolSequence::scrambled(2, &mut rng).unwrap();
        let mut out = [0.0; 2];
        let points: Vec<[f64; 2]> = (0..1u32 << m)
            .map(|index| {
                sequence.point(index, &mut out);
                out
            })
            .collect();
        for split in 0..=m {
            let (rows, columns) = (1usize << split, 1usize << (m - split));
            let mut count = vec![0u32; rows * columns];
            for p in &points {
                count
                    [(p[0] * rows as f64) as usize * columns + (p[1] * columns as f64) as usize] +=
                    1;
            }
            assert!(count.iter().all(|&c| c == 1), "split {split}");
        }
    }

    #[test]
    fn too_many_dimensions_is_refused() {
        assert!(SobolSequence::unscrambled(MAX_DIMENSIONS + 1).is_none());
    }
}
