//! Where an ensemble's uncertainty comes from: first-order variance indices
//! of each drawn number, estimated from the ensemble's own runs by binning
//! (docs/ENSEMBLE.md, "Where the uncertainty comes from").
//!
//! For a drawn value `X` and an outcome `Y` (a candidate's first-round
//! votes, or whether the candidate is elected), the first-order index is
//! `S = Var(E[Y | X]) / Var(Y)`. The runs are sorted by `X` and cut into `B`
//! bins of equal count; with `SSB` the between-bin and `SSW` the within-bin
//! sums of squares of `Y` over `N` runs,
//!
//! `S = (SSB - (B - 1) * SSW / (N - B)) / (SSB + SSW)`,
//!
//! which removes the between-bin spread that noise alone would give. Its
//! sampling error where `X` explains nothing is about `sqrt(2 (B - 1)) / N`;
//! binning loses about `1 / B^2` of a smooth effect.

use super::runs_table::RunsTable;

/// One drawn value's share of one outcome's variance.
#[derive(Debug, Clone, PartialEq)]
pub struct VarianceSource {
    /// Name of the drawn value (a `--set` path or `shocks.ID`).
    pub parameter: String,
    /// `first_round_votes` or `elected`.
    pub outcome: &'static str,
    /// Index of the candidate.
    pub candidate: usize,
    /// The first-order index, in [0, 1].
    pub first_order: f64,
    /// Its approximate standard error.
    pub standard_error: f64,
    /// Runs and bins used.
    pub runs: usize,
    pub bins: usize,
}

/// Bins for `n` runs: 20, fewer for small ensembles (at least 50 runs a bin).
pub fn bins_for(n: usize) -> usize {
    (n / 50).clamp(2, 20)
}

/// The first-order index of `x` for `y` and its standard error, with `bins`
/// bins of equal count; `None` with fewer than two runs a bin or no variance.
pub fn first_order(x: &[f64], y: &[f64], bins: usize) -> Option<(f64, f64)> {
    let n = x.len();
    if n != y.len() || bins < 2 || n < 2 * bins {
        return None;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]).then(a.cmp(&b)));
    let mean = y.iter().sum::<f64>() / n as f64;
    let (mut ssb, mut ssw) = (0.0, 0.0);
    for b in 0..bins {
        let members = &order[b * n / bins..(b + 1) * n / bins];
        let m = members.len() as f64;
        let bin_mean = members.iter().map(|&i| y[i]).sum::<f64>() / m;
        ssb += m * (bin_mean - mean).powi(2);
        ssw += members
            .iter()
            .map(|&i| (y[i] - bin_mean).powi(2))
            .sum::<f64>();
    }
    let total = ssb + ssw;
    if total <= 0.0 {
        return None;
    }
    let s = (ssb - (bins - 1) as f64 * ssw / (n - bins) as f64) / total;
    let se = (2.0 * (bins - 1) as f64).sqrt() / n as f64;
    Some((s.clamp(0.0, 1.0), se))
}

/// The variance sources of every drawn value for every candidate's
/// first-round votes and election, in table order.
pub fn variance_sources(table: &RunsTable, candidates: usize) -> Vec<VarianceSource> {
    let n = table.runs.len();
    let bins = bins_for(n);
    let mut out = Vec::new();
    for (p, name) in table.parameters.iter().enumerate() {
        let x: Vec<f64> = table.runs.iter().map(|r| r.parameters[p]).collect();
        for c in 0..candidates {
            let votes: Vec<f64> = table
                .runs
                .iter()
                .map(|r| f64::from(r.first_round_votes(c)))
                .collect();
            let elected: Vec<f64> = table
                .runs
                .iter()
                .map(|r| if r.elected == Some(c) { 1.0 } else { 0.0 })
                .collect();
            for (outcome, y) in [("first_round_votes", &votes), ("elected", &elected)] {
                if let Some((s, se)) = first_order(&x, y, bins) {
                    out.push(VarianceSource {
                        parameter: name.clone(),
                        outcome,
                        candidate: c,
                        first_order: s,
                        standard_error: se,
                        runs: n,
                        bins,
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rng::stream_rng;
    use rand::RngExt;

    fn uniforms(seed: u64, n: usize) -> Vec<f64> {
        let mut rng = stream_rng(seed, 1);
        (0..n).map(|_| rng.random::<f64>()).collect()
    }

    #[test]
    fn one_parameter_explains_everything_the_other_nothing() {
        let (x1, x2) = (uniforms(1, 10_000), uniforms(2, 10_000));
        let y: Vec<f64> = x1.iter().map(|x| (3.0 * x).sin() + 2.0 * x).collect();
        let (s1, se) = first_order(&x1, &y, 20).unwrap();
        let (s2, _) = first_order(&x2, &y, 20).unwrap();
        // Binning loses about 1/B^2 of a smooth effect.
        assert!(s1 > 0.99, "{s1}");
        assert!(s2 < 4.0 * se, "{s2} (se {se})");
    }

    #[test]
    fn two_independent_parameters_share_as_their_variances() {
        // y = x1 + 2 x2 + noise: Var = 1/12 + 4/12 + 0.05^2.
        let (x1, x2) = (uniforms(3, 20_000), uniforms(4, 20_000));
        let noise = uniforms(5, 20_000);
        let y: Vec<f64> = (0..20_000)
            .map(|i| x1[i] + 2.0 * x2[i] + 0.05 * (noise[i] - 0.5) * 12f64.sqrt())
            .collect();
        let total = 1.0 / 12.0 + 4.0 / 12.0 + 0.0025;
        let (s1, _) = first_order(&x1, &y, 20).unwrap();
        let (s2, _) = first_order(&x2, &y, 20).unwrap();
        assert!((s1 - (1.0 / 12.0) / total).abs() < 0.02, "{s1}");
        assert!((s2 - (4.0 / 12.0) / total).abs() < 0.02, "{s2}");
    }
}
