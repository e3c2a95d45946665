//! Statistical equivalence of two ensembles of one scenario: whether two
//! engines (or two definitions of the random streams) give the same
//! distribution of outcomes, tested on what the aggregate keeps
//! (docs/ENSEMBLE.md, "Equivalence of engines").
//!
//! Three tests, on independent ensembles `a` and `b`:
//! - per candidate, the mean first-round votes: `|mean_a - mean_b|` within
//!   `z_means` standard errors of the difference, `sqrt(var_a / n_a + var_b / n_b)`;
//! - per candidate, a two-sample Kolmogorov-Smirnov test of the first-round
//!   vote distributions at level `alpha_ks`: `D = max_v |F_a(v) - F_b(v)|`
//!   against `c(alpha) sqrt((n_a + n_b) / (n_a n_b))`, `c(alpha) =
//!   sqrt(-ln(alpha / 2) / 2)` (conservative for counts, which have ties);
//! - per state and candidate, the probability that the state's first-round
//!   paper names the candidate: a two-proportion z-test (pooled standard
//!   error) for every cell, with a Bonferroni correction over the cells at
//!   family level `alpha_states`.
//!
//! [`Reference`] holds the counts these tests need, in a small text format
//! that a test can keep as a fixture.

use super::aggregate::Aggregate;
use crate::model::maths::normal_cdf;

/// The counts of an ensemble that [`compare`] tests.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub runs: u64,
    pub candidates: usize,
    pub states: usize,
    /// `first_round[c][v]`: runs in which candidate c had v first-round votes.
    pub first_round: Vec<Vec<u64>>,
    /// `votes[i * candidates + c]`: runs in which state i's first-round paper named c.
    pub votes: Vec<u64>,
}

impl Reference {
    /// The counts of an aggregate.
    pub fn of(a: &Aggregate) -> Reference {
        let (k, n) = (a.dims.candidates, a.dims.states);
        Reference {
            runs: a.runs,
            candidates: k,
            states: n,
            first_round: a
                .first_round_votes
                .iter()
                .map(|h| h.counts().to_vec())
                .collect(),
            votes: (0..n)
                .flat_map(|i| (0..k).map(move |c| (i, c)))
                .map(|(i, c)| a.papers[i * (k + 2) + c])
                .collect(),
        }
    }

    /// The counts as text: `header` as `#` lines, then `runs`, `candidates`,
    /// `states`, one `first_round C COUNTS...` line per candidate and one
    /// `votes I COUNTS...` line per state.
    pub fn to_text(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str(&format!("# {line}\n"));
        }
        out.push_str(&format!(
            "runs {}\ncandidates {}\nstates {}\n",
            self.runs, self.candidates, self.states
        ));
        let join = |xs: &[u64]| xs.iter().map(u64::to_string).collect::<Vec<_>>().join(" ");
        for (c, counts) in self.first_round.iter().enumerate() {
            out.push_str(&format!("first_round {c} {}\n", join(counts)));
        }
        for i in 0..self.states {
            let row = &self.votes[i * self.candidates..(i + 1) * self.candidates];
            out.push_str(&format!("votes {i} {}\n", join(row)));
        }
        out
    }

    /// Read [`Reference::to_text`]'s format.
    pub fn parse(text: &str) -> Result<Reference, String> {
        let mut r = Reference {
            runs: 0,
            candidates: 0,
            states: 0,
            first_round: Vec::new(),
            votes: Vec::new(),
        };
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |what: &str| format!("line {}: {what}: {line}", number + 1);
            let mut words = line.split_whitespace();
            let key = words.next().unwrap_or_default();
            let numbers: Vec<u64> = words
                .map(|w| w.parse::<u64>().map_err(|_| bad("not a count")))
                .collect::<Result<_, _>>()?;
            match (key, numbers.as_slice()) {
                ("runs", [x]) => r.runs = *x,
                ("candidates", [x]) => r.candidates = *x as usize,
                ("states", [x]) => r.states = *x as usize,
                ("first_round", [c, counts @ ..]) if *c as usize == r.first_round.len() => {
                    r.first_round.push(counts.to_vec());
                }
                ("votes", [i, counts @ ..])
                    if *i as usize * r.candidates == r.votes.len()
                        && counts.len() == r.candidates =>
                {
                    r.votes.extend_from_slice(counts);
                }
                _ => return Err(bad("unexpected line")),
            }
        }
        if r.first_round.len() != r.candidates || r.votes.len() != r.states * r.candidates {
            return Err("the counts do not match the sizes".to_string());
        }
        Ok(r)
    }
}

/// The levels of [`compare`]'s tests.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Levels {
    /// Standard errors allowed between the mean first-round votes.
    pub z_means: f64,
    /// Level of each candidate's Kolmogorov-Smirnov test.
    pub alpha_ks: f64,
    /// Family level of the per-state tests (Bonferroni over states and candidates).
    pub alpha_states: f64,
}

/// One candidate's comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateTest {
    pub mean_a: f64,
    pub mean_b: f64,
    /// Standard error of `mean_a - mean_b`.
    pub se: f64,
    /// `(mean_a - mean_b) / se`.
    pub z: f64,
    /// Kolmogorov-Smirnov statistic and its critical value.
    pub ks: f64,
    pub ks_critical: f64,
}

/// What [`compare`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct Equivalence {
    pub levels: Levels,
    pub runs: (u64, u64),
    pub candidates: Vec<CandidateTest>,
    /// The largest `|z|` of the per-state tests, its cell `(state, candidate)`,
    /// and the Bonferroni critical value.
    pub worst_state: (f64, usize, usize),
    pub state_critical: f64,
    /// Cells tested (states times candidates).
    pub cells: usize,
}

impl Equivalence {
    /// Whether no test rejects.
    pub fn passes(&self) -> bool {
        self.candidates
            .iter()
            .all(|c| c.z.abs() <= self.levels.z_means && c.ks <= c.ks_critical)
            && self.worst_state.0 <= self.state_critical
    }

    /// The figures as a markdown table, candidates named by `names`.
    pub fn table(&self, names: &[String]) -> String {
        let mut out = format!(
            "runs: {} against {}\n\n| candidate | mean first-round votes (a) | (b) | difference / SE | KS D | KS critical ({}%) |\n| --- | ---: | ---: | ---: | ---: | ---: |\n",
            self.runs.0,
            self.runs.1,
            self.levels.alpha_ks * 100.0
        );
        for (c, t) in self.candidates.iter().enumerate() {
            let name = names.get(c).cloned().unwrap_or_else(|| c.to_string());
            out.push_str(&format!(
                "| {name} | {:.3} | {:.3} | {:+.2} | {:.4} | {:.4} |\n",
                t.mean_a, t.mean_b, t.z, t.ks, t.ks_critical
            ));
        }
        let (z, i, c) = self.worst_state;
        out.push_str(&format!(
            "\nper state and candidate ({} cells): largest |z| {:.2} (state {i}, candidate {c}) against the Bonferroni critical value {:.2} (family level {}%)\n",
            self.cells,
            z,
            self.state_critical,
            self.levels.alpha_states * 100.0
        ));
        out
    }
}

/// Compare ensembles `a` and `b` of one scenario (module doc).
pub fn compare(a: &Reference, b: &Reference, levels: Levels) -> Result<Equivalence, String> {
    if (a.candidates, a.states) != (b.candidates, b.states) {
        return Err(format!(
            "ensembles of {} candidates and {} states against {} and {}",
            a.candidates, a.states, b.candidates, b.states
        ));
    }
    let (na, nb) = (a.runs as f64, b.runs as f64);
    if na < 2.0 || nb < 2.0 {
        return Err("each ensemble needs at least 2 runs".to_string());
    }
    let candidates = a
        .first_round
        .iter()
        .zip(&b.first_round)
        .map(|(ha, hb)| {
            let (mean_a, var_a) = moments(ha);
            let (mean_b, var_b) = moments(hb);
            let se = (var_a / na + var_b / nb).sqrt();
            let diff = mean_a - mean_b;
            let z = if se > 0.0 {
                diff / se
            } else if diff == 0.0 {
                0.0
            } else {
                f64::INFINITY
            };
            CandidateTest {
                mean_a,
                mean_b,
                se,
                z,
                ks: ks_statistic(ha, hb),
                ks_critical: (-(levels.alpha_ks / 2.0).ln() / 2.0).sqrt()
                    * ((na + nb) / (na * nb)).sqrt(),
            }
        })
        .collect();
    let k = a.candidates;
    let cells = a.states * k;
    let mut worst_state = (0.0, 0, 0);
    for (j, (&va, &vb)) in a.votes.iter().zip(&b.votes).enumerate() {
        let (pa, pb) = (va as f64 / na, vb as f64 / nb);
        let p = (va + vb) as f64 / (na + nb);
        let se = (p * (1.0 - p) * (1.0 / na + 1.0 / nb)).sqrt();
        let z = if se > 0.0 {
            ((pa - pb) / se).abs()
        } else if pa == pb {
            0.0
        } else {
            f64::INFINITY
        };
        if z > worst_state.0 {
            worst_state = (z, j / k, j % k);
        }
    }
    Ok(Equivalence {
        levels,
        runs: (a.runs, b.runs),
        candidates,
        worst_state,
        state_critical: normal_quantile(1.0 - levels.alpha_states / (2.0 * cells.max(1) as f64)),
        cells,
    })
}

/// Mean and variance of the values counted by `counts` (bin = value).
fn moments(counts: &[u64]) -> (f64, f64) {
    let n: u64 = counts.iter().sum();
    let n = n as f64;
    let mean = counts
        .iter()
        .enumerate()
        .map(|(v, &c)| v as f64 * c as f64)
        .sum::<f64>()
        / n;
    let var = counts
        .iter()
        .enumerate()
        .map(|(v, &c)| (v as f64 - mean).powi(2) * c as f64)
        .sum::<f64>()
        / (n - 1.0);
    (mean, var)
}

/// `max_v |F_a(v) - F_b(v)|` of two histograms over the same values.
pub fn ks_statistic(a: &[u64], b: &[u64]) -> f64 {
    let (na, nb) = (a.iter().sum::<u64>() as f64, b.iter().sum::<u64>() as f64);
    let (mut fa, mut fb, mut d) = (0.0, 0.0, 0.0f64);
    for v in 0..a.len().max(b.len()) {
        fa += a.get(v).copied().unwrap_or(0) as f64 / na;
        fb += b.get(v).copied().unwrap_or(0) as f64 / nb;
        d = d.max((fa - fb).abs());
    }
    d
}

/// The `p` quantile of the standard normal, by bisection on [`normal_cdf`]
/// (whose error, below 1.2e-7, bounds this one's accuracy in `p`).
pub fn normal_quantile(p: f64) -> f64 {
    let (mut lo, mut hi) = (-40.0, 40.0);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if normal_cdf(mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(first_round: Vec<Vec<u64>>, votes: Vec<u64>, states: usize) -> Reference {
        Reference {
            runs: first_round[0].iter().sum(),
            candidates: first_round.len(),
            states,
            first_round,
            votes,
        }
    }

    const LEVELS: Levels = Levels {
        z_means: 3.0,
        alpha_ks: 0.01,
        alpha_states: 0.01,
    };

    #[test]
    fn the_text_format_reads_back() {
        let r = reference(vec![vec![1, 2, 3], vec![3, 2, 1]], vec![4, 2], 1);
        let text = r.to_text("produced by a test\nsecond line");
        assert!(text.starts_with("# produced by a test\n# second line\nruns 6\n"));
        assert_eq!(Reference::parse(&text), Ok(r));
        assert!(Reference::parse("runs 6\ncandidates 2\nstates 1\n").is_err());
        assert!(Reference::parse("runs x").is_err());
    }

    #[test]
    fn the_same_counts_pass_and_shifted_ones_fail() {
        let a = reference(vec![vec![100, 300, 400, 200]], vec![500, 300], 2);
        let same = compare(&a, &a, LEVELS).unwrap();
        assert!(same.passes());
        assert_eq!(same.candidates[0].z, 0.0);
        assert_eq!(same.candidates[0].ks, 0.0);
        // One vote more in every run: the means, the KS test both reject.
        let shifted = reference(vec![vec![0, 100, 300, 400, 200]], vec![500, 300], 2);
        let b = compare(&a, &shifted, LEVELS).unwrap();
        assert!(b.candidates[0].z.abs() > 3.0 && b.candidates[0].ks > b.candidates[0].ks_critical);
        assert!(!b.passes());
        // A state that changes its vote fails the per-state test alone.
        let moved = reference(vec![vec![100, 300, 400, 200]], vec![500, 700], 2);
        let m = compare(&a, &moved, LEVELS).unwrap();
        assert_eq!((m.worst_state.1, m.worst_state.2), (1, 0));
        assert!(!m.passes());
    }

    #[test]
    fn normal_quantiles() {
        assert!((normal_quantile(0.975) - 1.959_964).abs() < 1e-5);
        assert!((normal_quantile(0.5)).abs() < 1e-6);
        // Bonferroni over 386 cells at 1%: about 4.21.
        assert!((normal_quantile(1.0 - 0.01 / 772.0) - 4.21).abs() < 0.01);
    }
}
