//! Benchmarks of the model: a batch of runs of the reference scenario (PP-22,
//! or a synthetic scenario of its size) and one run alone, one tick of the ECS
//! (throughput per run of its batch) against the same tick as a plain loop
//! over arrays, and how a run scales with the number of
//! member states and of ticks.
//!
//! `cargo bench --bench model` (a few minutes); `examples/bench_table.rs`
//! prints the same figures as one table.

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use lobbysim::model::Simulation;
use lobbysim::model::lanes::LANES;
use lobbysim::model::plain::PlainModel;
use lobbysim::scenario::synthetic::benchmark_scenario;

use common::{PP22_DAYS, PP22_STATES, SCALING_DAYS, SCALING_STATES, busy_tick, reference_scenario};

/// A batch of [`LANES`] whole runs (ticks and ballots) of the reference
/// scenario, its world built once (throughput in runs), and one run alone.
fn one_run(c: &mut Criterion) {
    let (name, s) = reference_scenario();
    let mut sim = Simulation::new(&s);
    let mut seed = 0;
    let mut group = c.benchmark_group(format!("run/{name}"));
    group.throughput(Throughput::Elements(LANES as u64));
    group.bench_function("batch", |b| {
        b.iter(|| {
            seed += 1;
            let seeds: Vec<u64> = (0..LANES as u64).map(|l| seed * 100 + l).collect();
            black_box(sim.run_lanes(&seeds))
        })
    });
    group.throughput(Throughput::Elements(1));
    group.bench_function("alone", |b| {
        b.iter(|| {
            seed += 1;
            black_box(sim.run(seed))
        })
    });
    group.finish();
}

/// One tick in the thick of the race, ECS against the plain loop, on the
/// same batch of runs: both are brought to the tick untimed, then that tick
/// is repeated (both do the same work each time; a unit test checks that
/// they compute the same utilities). Target: the ECS within 1.5x of the
/// plain loop.
fn one_tick(c: &mut Criterion) {
    let (name, s) = reference_scenario();
    let mut group = c.benchmark_group(format!("tick/{name}"));
    let mut ecs = Simulation::new(&s);
    let t = busy_tick(ecs.ticks());
    let seeds: Vec<u64> = (1..=LANES as u64).collect();
    // Throughput in runs-ticks: both advance LANES runs.
    group.throughput(Throughput::Elements(LANES as u64));
    group.bench_function("ecs", |b| {
        b.iter_custom(|iters| {
            ecs.start_lanes(&seeds);
            (0..t).for_each(|u| ecs.step(u));
            let start = Instant::now();
            for _ in 0..iters {
                ecs.step(black_box(t));
            }
            start.elapsed()
        })
    });
    let mut plain = PlainModel::<2>::new(&s);
    group.bench_function("plain", |b| {
        b.iter_custom(|iters| {
            plain.start_lanes(&seeds);
            (0..t).for_each(|u| plain.step(u));
            let start = Instant::now();
            for _ in 0..iters {
                plain.step(black_box(t));
            }
            start.elapsed()
        })
    });
    group.finish();
}

/// All ticks of a run (no ballot), ECS against the plain loop.
fn all_ticks(c: &mut Criterion) {
    let (name, s) = reference_scenario();
    let mut group = c.benchmark_group(format!("ticks/{name}"));
    let mut ecs = Simulation::new(&s);
    let seeds: Vec<u64> = (1..=LANES as u64).collect();
    group.throughput(Throughput::Elements(LANES as u64));
    group.bench_function("ecs", |b| {
        b.iter(|| {
            ecs.start_lanes(&seeds);
            for t in 0..=ecs.ticks() {
                ecs.step(t);
            }
            black_box(ecs.history().expected_votes.len())
        })
    });
    let mut plain = PlainModel::<2>::new(&s);
    group.bench_function("plain", |b| {
        b.iter(|| black_box(plain.run_lanes(&seeds).len()))
    });
    group.finish();
}

/// Runs of synthetic scenarios: more member states at PP-22's length, and
/// more ticks at PP-22's size, in batches of [`LANES`] runs (throughput in
/// state-ticks per second, over the batch's runs).
fn scaling(c: &mut Criterion) {
    let seeds: Vec<u64> = (1..=LANES as u64).collect();
    let mut group = c.benchmark_group(format!("scaling/states_x{PP22_DAYS}days"));
    for n in SCALING_STATES {
        let mut sim = Simulation::new(&benchmark_scenario(n, PP22_DAYS));
        group.throughput(Throughput::Elements(
            state_ticks(n, PP22_DAYS) * LANES as u64,
        ));
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| black_box(sim.run_lanes(&seeds)))
        });
    }
    group.finish();
    let mut group = c.benchmark_group(format!("scaling/days_x{PP22_STATES}states"));
    for days in SCALING_DAYS {
        let mut sim = Simulation::new(&benchmark_scenario(PP22_STATES, days));
        group.throughput(Throughput::Elements(
            state_ticks(PP22_STATES, days) * LANES as u64,
        ));
        group.bench_with_input(BenchmarkId::from_parameter(days), &days, |b, _| {
            b.iter(|| black_box(sim.run_lanes(&seeds)))
        });
    }
    group.finish();
}

/// Member states times ticks of a run: the throughput reads as state-ticks per second.
fn state_ticks(states: usize, days: u32) -> u64 {
    states as u64 * (u64::from(days) + 1)
}

/// Few samples and short measurements, so that the whole suite takes a few minutes.
fn light() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = model;
    config = light();
    targets = one_run, one_tick, all_ticks, scaling
}
criterion_main!(model);
