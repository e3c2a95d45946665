//! Withdrawals between rounds: where a withdrawn candidate's supporters'
//! leaning goes.

/// A state's leaning with the withdrawals `transfers` applied, in order: the
/// withdrawn candidate's share passes whole to the receiving candidate.
/// A withdrawal left free is not in `transfers`: its share is then shared
/// among the candidates still standing by their own shares when the paper is
/// drawn. `out` has the length of `leaning`.
pub fn transfer_leanings(leaning: &[f64], transfers: &[(usize, usize)], out: &mut [f64]) {
    out.copy_from_slice(leaning);
    for &(from, to) in transfers {
        out[to] += out[from];
        out[from] = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transfer_passes_the_whole_share_in_order() {
        let mut out = [0.0; 4];
        transfer_leanings(&[0.1, 0.2, 0.3, 0.4], &[(2, 1)], &mut out);
        assert_eq!(out, [0.1, 0.5, 0.0, 0.4]);
        // Chained: 2 passes to 1, later 1 withdraws in favour of 0.
        transfer_leanings(&[0.1, 0.2, 0.3, 0.4], &[(2, 1), (1, 0)], &mut out);
        assert_eq!(out, [0.6, 0.0, 0.0, 0.4]);
        transfer_leanings(&[0.1, 0.2, 0.3, 0.4], &[], &mut out);
        assert_eq!(out, [0.1, 0.2, 0.3, 0.4]);
    }
}
