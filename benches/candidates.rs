//! What compiling the model once per number of candidates buys.
//!
//! The model holds a state's utilities, intentions and ballot probabilities
//! in `[f64; K]` arrays, `K` a const generic chosen at run time by
//! `for_candidates!`. The alternative is one build whose rows are slices of
//! a flat `Vec<f64>` with `k` known only at run time. This benchmark runs the
//! same daily-tick arithmetic both ways on PP-22-sized inputs (193 member
//! states, 270 days, 2 and 6 candidates): peers' means over regional blocs,
//! the Friedkin-Johnsen pull, normal noise, the softmax, pledges, the ballot
//! probabilities, expected votes and win probabilities. Both use the
//! model's own functions where they take slices ([`softmax`], [`shake`],
//! [`ballot_choice`], [`pledge_for`], [`friedkin_johnsen`],
//! [`lead_probability`]) and the model's `K`-generic functions
//! ([`expected_votes`], [`win_probabilities`]) on the compiled side, with
//! the same operations in the same order on the run-time side; a check
//! before timing asserts that both give the same figures, bit for bit.
//!
//! `cargo bench --bench candidates` (under a minute). Throughput reads as
//! state-days per second.

// Both layouts are written with the same index loops over candidates, as the
// model's systems are, so that they differ only in the type of their rows.
#![allow(clippy::needless_range_loop)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use lobbysim::model::MAX_CANDIDATES;
use lobbysim::model::maths::{friedkin_johnsen, lead_probability, softmax, win_probabilities};
use lobbysim::model::rng::{SimRng, stream_rng};
use lobbysim::model::simulation::ballot_choice;
use lobbysim::model::systems::noise::shake;
use lobbysim::model::systems::pledges::pledge_for;
use lobbysim::model::systems::record::expected_votes;
use rand::RngExt;
use rand_distr::StandardNormal;

const STATES: usize = 193;
const DAYS: usize = 270;
const REGIONS: usize = 5;
const TEMPERATURE: f64 = 0.5;
const NOISE_SD: f64 = 0.02;
const PLEDGE_THRESHOLD: f64 = 0.8;
const DEFECTION: f64 = 0.1;

/// The per-state numbers a run starts from, flat (`[i * k + c]`), the same
/// for both layouts.
struct Inputs {
    k: usize,
    prior: Vec<f64>,
    region_of: Vec<usize>,
    /// Member states per region.
    counts: Vec<f64>,
    stubbornness: Vec<f64>,
    influence: Vec<f64>,
    abstention: Vec<f64>,
    p_valid: Vec<f64>,
}

impl Inputs {
    fn new(k: usize) -> Inputs {
        let mut rng = stream_rng(7, 0);
        let mut uniform = |lo: f64, hi: f64| lo + (hi - lo) * rng.random::<f64>();
        // Wider for more candidates, so that some states still pledge.
        let spread = k as f64 / 2.0;
        let prior = (0..STATES * k).map(|_| uniform(-spread, spread)).collect();
        let stubbornness = (0..STATES).map(|_| uniform(0.0, 0.05)).collect();
        let influence = (0..STATES).map(|_| uniform(0.0, 0.1)).collect();
        let abstention = (0..STATES).map(|_| uniform(0.0, 0.1)).collect();
        let p_valid = (0..STATES).map(|_| uniform(0.8, 1.0)).collect();
        let region_of: Vec<usize> = (0..STATES).map(|i| i % REGIONS).collect();
        let mut counts = vec![0.0; REGIONS];
        for &r in &region_of {
            counts[r] += 1.0;
        }
        Inputs {
            k,
            prior,
            region_of,
            counts,
            stubbornness,
            influence,
            abstention,
            p_valid,
        }
    }
}

/// What a run records each day: expected votes, votes by region, win
/// probabilities, appended day after day.
#[derive(Default, PartialEq, Debug)]
struct Record {
    expected: Vec<f64>,
    by_region: Vec<f64>,
    win: Vec<f64>,
    pledged: usize,
}

/// The compiled layout: one `[f64; K]` per state.
struct Compiled<'a, const K: usize> {
    inputs: &'a Inputs,
    anchor: Vec<[f64; K]>,
    current: Vec<[f64; K]>,
    intention: Vec<[f64; K]>,
    pledge: Vec<Option<usize>>,
    q: Vec<[f64; K]>,
    sums: Vec<[f64; K]>,
    peers: Vec<[f64; K]>,
    draws: Vec<f64>,
    noise: SimRng,
    record: Record,
}

impl<'a, const K: usize> Compiled<'a, K> {
    fn new(inputs: &'a Inputs) -> Self {
        assert_eq!(inputs.k, K);
        let anchor: Vec<[f64; K]> = inputs
            .prior
            .chunks_exact(K)
            .map(|r| r.try_into().expect("K columns"))
            .collect();
        Compiled {
            inputs,
            current: anchor.clone(),
            anchor,
            intention: vec![[0.0; K]; STATES],
            pledge: vec![None; STATES],
            q: vec![[0.0; K]; STATES],
            sums: vec![[0.0; K]; REGIONS],
            peers: vec![[0.0; K]; STATES],
            draws: Vec::new(),
            noise: stream_rng(1, 1),
            record: Record::default(),
        }
    }

    fn run(&mut self, seed: u64) -> &Record {
        self.current.copy_from_slice(&self.anchor);
        self.pledge.fill(None);
        self.noise = stream_rng(seed, 1);
        self.record = Record::default();
        for _ in 0..=DAYS {
            self.day();
        }
        &self.record
    }

    fn day(&mut self) {
        let x = self.inputs;
        // Peers: the mean of the other members of the state's region.
        for s in &mut self.sums {
            *s = [0.0; K];
        }
        for (u, &r) in self.current.iter().zip(&x.region_of) {
            for c in 0..K {
                self.sums[r][c] += u[c];
            }
        }
        for (i, (u, &r)) in self.current.iter().zip(&x.region_of).enumerate() {
            for c in 0..K {
                self.peers[i][c] = (self.sums[r][c] - u[c]) / (x.counts[r] - 1.0);
            }
        }
        // Influence.
        for i in 0..STATES {
            let (u, a, p) = (&mut self.current[i], &self.anchor[i], &self.peers[i]);
            for c in 0..K {
                u[c] = friedkin_johnsen(u[c], a[c], p[c], x.stubbornness[i], x.influence[i]);
            }
        }
        // Noise.
        let noise = &mut self.noise;
        self.draws.clear();
        self.draws
            .extend((0..STATES * K).map(|_| noise.sample::<f64, _>(StandardNormal)));
        for (u, z) in self.current.iter_mut().zip(self.draws.chunks_exact(K)) {
            shake(u, z, NOISE_SD);
        }
        // Intentions and pledges.
        for (i, (u, intention)) in self.current.iter().zip(&mut self.intention).enumerate() {
            softmax(u, TEMPERATURE, intention);
            if self.pledge[i].is_none() {
                self.pledge[i] = pledge_for(intention, x.abstention[i], PLEDGE_THRESHOLD);
            }
        }
        // Record.
        for i in 0..STATES {
            let row = &mut self.q[i];
            ballot_choice(&self.intention[i], self.pledge[i], DEFECTION, row);
            for q in row.iter_mut() {
                *q *= x.p_valid[i];
            }
        }
        let h = &mut self.record;
        let start = h.expected.len();
        h.expected.resize(start + K, 0.0);
        let region_start = h.by_region.len();
        h.by_region.resize(region_start + REGIONS * K, 0.0);
        expected_votes(
            &self.q,
            &x.region_of,
            &mut h.expected[start..],
            &mut h.by_region[region_start..],
        );
        h.win.resize(start + K, 0.0);
        win_probabilities(&self.q, &mut h.win[start..]);
        h.pledged += self.pledge.iter().filter(|p| p.is_some()).count();
    }
}

/// The run-time layout: rows of `k` in flat vectors.
struct RunTime<'a> {
    inputs: &'a Inputs,
    k: usize,
    anchor: Vec<f64>,
    current: Vec<f64>,
    intention: Vec<f64>,
    pledge: Vec<Option<usize>>,
    q: Vec<f64>,
    sums: Vec<f64>,
    peers: Vec<f64>,
    draws: Vec<f64>,
    noise: SimRng,
    record: Record,
}

impl<'a> RunTime<'a> {
    fn new(inputs: &'a Inputs) -> Self {
        let k = inputs.k;
        RunTime {
            inputs,
            k,
            anchor: inputs.prior.clone(),
            current: inputs.prior.clone(),
            intention: vec![0.0; STATES * k],
            pledge: vec![None; STATES],
            q: vec![0.0; STATES * k],
            sums: vec![0.0; REGIONS * k],
            peers: vec![0.0; STATES * k],
            draws: Vec::new(),
            noise: stream_rng(1, 1),
            record: Record::default(),
        }
    }

    fn run(&mut self, seed: u64) -> &Record {
        self.current.copy_from_slice(&self.anchor);
        self.pledge.fill(None);
        self.noise = stream_rng(seed, 1);
        self.record = Record::default();
        for _ in 0..=DAYS {
            self.day();
        }
        &self.record
    }

    fn day(&mut self) {
        let (x, k) = (self.inputs, self.k);
        self.sums.fill(0.0);
        for (u, &r) in self.current.chunks_exact(k).zip(&x.region_of) {
            let sum = &mut self.sums[r * k..(r + 1) * k];
            for c in 0..k {
                sum[c] += u[c];
            }
        }
        for ((p, u), &r) in self
            .peers
            .chunks_exact_mut(k)
            .zip(self.current.chunks_exact(k))
            .zip(&x.region_of)
        {
            let sum = &self.sums[r * k..(r + 1) * k];
            for c in 0..k {
                p[c] = (sum[c] - u[c]) / (x.counts[r] - 1.0);
            }
        }
        for (i, ((u, a), p)) in self
            .current
            .chunks_exact_mut(k)
            .zip(self.anchor.chunks_exact(k))
            .zip(self.peers.chunks_exact(k))
            .enumerate()
        {
            for c in 0..k {
                u[c] = friedkin_johnsen(u[c], a[c], p[c], x.stubbornness[i], x.influence[i]);
            }
        }
        let noise = &mut self.noise;
        self.draws.clear();
        self.draws
            .extend((0..STATES * k).map(|_| noise.sample::<f64, _>(StandardNormal)));
        for (u, z) in self
            .current
            .chunks_exact_mut(k)
            .zip(self.draws.chunks_exact(k))
        {
            shake(u, z, NOISE_SD);
        }
        for (i, (u, intention)) in self
            .current
            .chunks_exact(k)
            .zip(self.intention.chunks_exact_mut(k))
            .enumerate()
        {
            softmax(u, TEMPERATURE, intention);
            if self.pledge[i].is_none() {
                self.pledge[i] = pledge_for(intention, x.abstention[i], PLEDGE_THRESHOLD);
            }
        }
        for (i, (row, intention)) in self
            .q
            .chunks_exact_mut(k)
            .zip(self.intention.chunks_exact(k))
            .enumerate()
        {
            ballot_choice(intention, self.pledge[i], DEFECTION, row);
            for q in row.iter_mut() {
                *q *= x.p_valid[i];
            }
        }
        let h = &mut self.record;
        let start = h.expected.len();
        h.expected.resize(start + k, 0.0);
        let region_start = h.by_region.len();
        h.by_region.resize(region_start + REGIONS * k, 0.0);
        expected_votes_k(
            &self.q,
            k,
            &x.region_of,
            &mut h.expected[start..],
            &mut h.by_region[region_start..],
        );
        h.win.resize(start + k, 0.0);
        win_probabilities_k(&self.q, k, &mut h.win[start..]);
        h.pledged += self.pledge.iter().filter(|p| p.is_some()).count();
    }
}

/// [`expected_votes`] with `k` known at run time (the running sums in an
/// array of the largest size, as a run-time build would hold them).
fn expected_votes_k(
    q: &[f64],
    k: usize,
    region_of: &[usize],
    total: &mut [f64],
    by_region: &mut [f64],
) {
    let mut sum = [0.0; MAX_CANDIDATES];
    for (row, &r) in q.chunks_exact(k).zip(region_of) {
        let region = &mut by_region[r * k..(r + 1) * k];
        for c in 0..k {
            sum[c] += row[c];
            region[c] += row[c];
        }
    }
    for (t, s) in total.iter_mut().zip(sum) {
        *t += s;
    }
}

/// [`win_probabilities`] with `k` known at run time, the same operations in
/// the same order.
fn win_probabilities_k(q: &[f64], k: usize, out: &mut [f64]) {
    if k == 1 {
        out[0] = 1.0;
        return;
    }
    let mut mean = [[0.0f64; MAX_CANDIDATES]; MAX_CANDIDATES];
    let mut var = [[0.0f64; MAX_CANDIDATES]; MAX_CANDIDATES];
    for row in q.chunks_exact(k) {
        for c in 0..k {
            for d in (c + 1)..k {
                let diff = row[c] - row[d];
                mean[c][d] += diff;
                var[c][d] += row[c] + row[d] - diff * diff;
            }
        }
    }
    let mut total = 0.0;
    for c in 0..k {
        let mut score = 1.0;
        for d in 0..k {
            if d == c {
                continue;
            }
            let (m, v) = if c < d {
                (mean[c][d], var[c][d])
            } else {
                (-mean[d][c], var[d][c])
            };
            score *= lead_probability(m, v);
        }
        out[c] = score;
        total += score;
    }
    if total > 0.0 {
        for o in out.iter_mut().take(k) {
            *o /= total;
        }
    } else {
        for o in out.iter_mut().take(k) {
            *o = 1.0 / k as f64;
        }
    }
}

/// One layout against the other for `K` candidates, after checking that they
/// record the same figures.
fn compare<const K: usize>(c: &mut Criterion) {
    let inputs = Inputs::new(K);
    let mut compiled = Compiled::<K>::new(&inputs);
    let mut run_time = RunTime::new(&inputs);
    let (a, b) = (compiled.run(3), run_time.run(3));
    assert_eq!(a, b, "both layouts record the same figures");
    assert!(
        a.pledged > 0 && a.pledged < STATES * (DAYS + 1),
        "pledges happen, not at once"
    );
    let mut group = c.benchmark_group(format!("candidates/{STATES}states_x{DAYS}days"));
    group.throughput(Throughput::Elements((STATES * (DAYS + 1)) as u64));
    let mut seed = 0;
    group.bench_function(BenchmarkId::new("compiled", format!("k{K}")), |b| {
        b.iter(|| {
            seed += 1;
            black_box(compiled.run(seed).expected.len())
        })
    });
    group.bench_function(BenchmarkId::new("run_time", format!("k{K}")), |b| {
        b.iter(|| {
            seed += 1;
            black_box(run_time.run(seed).expected.len())
        })
    });
    group.finish();
}

fn two(c: &mut Criterion) {
    compare::<2>(c);
}

fn six(c: &mut Criterion) {
    compare::<6>(c);
}

fn light() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = candidates;
    config = light();
    targets = two, six
}
criterion_main!(candidates);
