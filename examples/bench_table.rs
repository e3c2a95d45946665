//! Time the model and print the figures as a markdown table: one run of the
//! reference scenario (PP-22, or a synthetic one of its size) in a batch of
//! run lanes and alone, the ECS against a plain loop over arrays doing the
//! same arithmetic (per run), and how a run scales with member states and ticks. Build it in release mode:
//!
//! ```text
//! cargo run --release --example bench_table            # about half a minute
//! cargo run --release --example bench_table -- --quick # a few seconds, rougher
//! ```
//!
//! Times are medians of repeated measurements on one thread; the ECS and the
//! plain loop are measured in turns, so that a busy machine slows both alike.

#[path = "../benches/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use clap::Parser;
use lobbysim::model::Simulation;
use lobbysim::model::lanes::LANES;
use lobbysim::model::plain::PlainModel;
use lobbysim::scenario::synthetic::benchmark_scenario;

use common::{PP22_DAYS, PP22_STATES, SCALING_DAYS, SCALING_STATES, busy_tick, reference_scenario};

#[derive(Parser, Debug)]
#[command(about = "Time the model and print a markdown table")]
struct Args {
    /// Measure each figure for about this many seconds.
    #[arg(long, default_value_t = 2.0)]
    seconds: f64,
    /// Shorter measurements (0.3 s each): rougher figures in a few seconds.
    #[arg(long)]
    quick: bool,
    /// Largest number of member states in the scaling table.
    #[arg(long, default_value_t = 10_000)]
    max_states: usize,
}

/// Calls of `f` per batch, so that a batch lasts at least a millisecond (the
/// clock's resolution then does not matter), after one untimed warm-up call.
fn batch_size(f: &mut impl FnMut()) -> u32 {
    let warm = Instant::now();
    f();
    let once = warm.elapsed().max(Duration::from_nanos(1));
    (1e-3 / once.as_secs_f64()).ceil().clamp(1.0, 1e6) as u32
}

/// The time of one call of `f`: the median over batches timed for about `budget`.
fn median_time(budget: Duration, mut f: impl FnMut()) -> Duration {
    median_times(budget, &mut [&mut f])[0]
}

/// The median times of one call of each of `fs`, measured in turns (a batch
/// of each, then again) so that a change in the machine's load while
/// measuring weighs on all of them alike.
fn median_times(budget: Duration, fs: &mut [&mut dyn FnMut()]) -> Vec<Duration> {
    let sizes: Vec<u32> = fs.iter_mut().map(batch_size).collect();
    let mut samples = vec![Vec::new(); fs.len()];
    let start = Instant::now();
    while samples[0].len() < 5 || (start.elapsed() < budget && samples[0].len() < 10_000) {
        for (i, f) in fs.iter_mut().enumerate() {
            let t = Instant::now();
            for _ in 0..sizes[i] {
                f();
            }
            samples[i].push(t.elapsed() / sizes[i]);
        }
    }
    samples
        .into_iter()
        .map(|mut s| {
            s.sort();
            s[s.len() / 2]
        })
        .collect()
}

/// A duration with a unit that suits it.
fn show(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{:.2} µs", s * 1e6)
    }
}

fn main() {
    let args = Args::parse();
    let budget = Duration::from_secs_f64(if args.quick {
        0.3
    } else {
        args.seconds.max(0.01)
    });
    let (name, s) = reference_scenario();
    let mut sim = Simulation::new(&s);
    let ticks = sim.ticks();
    let mut seed = 0;
    // A batch of LANES runs, as an ensemble computes them, and one run alone
    // (`lobbysim run`: one lane busy, the others idle).
    let batch = median_time(budget, || {
        let seeds: Vec<u64> = (0..LANES as u64).map(|l| seed * LANES as u64 + l).collect();
        seed += 1;
        black_box(sim.run_lanes(&seeds));
    });
    let per_run = batch / LANES as u32;
    let alone = median_time(budget, || {
        seed += 1;
        black_box(sim.run(seed));
    });

    // One tick in the thick of the race, the same state for both: bring each
    // to the tick, then repeat it. Both advance a batch of LANES runs,
    // reported per run.
    let t = busy_tick(ticks);
    let seeds: Vec<u64> = (1..=LANES as u64).collect();
    sim.start_lanes(&seeds);
    (0..t).for_each(|u| sim.step(u));
    let mut plain = PlainModel::<2>::new(&s);
    plain.start_lanes(&seeds);
    (0..t).for_each(|u| plain.step(u));
    let tick = median_times(
        budget,
        &mut [&mut || sim.step(black_box(t)), &mut || {
            plain.step(black_box(t))
        }],
    );
    let (ecs_tick, plain_tick) = (tick[0] / LANES as u32, tick[1] / LANES as u32);

    // All ticks of a run, without the ballot.
    let all = median_times(
        budget,
        &mut [
            &mut || {
                sim.start_lanes(&seeds);
                for u in 0..=ticks {
                    sim.step(u);
                }
            },
            &mut || {
                black_box(plain.run_lanes(&seeds));
            },
        ],
    );
    let (ecs_all, plain_all) = (all[0] / LANES as u32, all[1] / LANES as u32);

    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    let state_days = s.states.len() as f64 * (ticks + 1) as f64;
    println!("## lobbysim model benchmarks");
    println!();
    println!(
        "Release build, one thread, {LANES} run lanes per world; medians of repeated measurements."
    );
    println!();
    println!("| what | time | figure |");
    println!("| --- | ---: | ---: |");
    println!(
        "| a batch of {LANES} runs of {name} ({} states, {} ticks, ballots included), per run | {} | {:.0} runs/s, {:.1} ns per state-day |",
        s.states.len(),
        ticks + 1,
        show(per_run),
        1.0 / per_run.as_secs_f64(),
        per_run.as_secs_f64() * 1e9 / state_days
    );
    println!(
        "| one run alone (`lobbysim run`: one lane busy) | {} | {:.0} runs/s |",
        show(alone),
        1.0 / alone.as_secs_f64()
    );
    println!(
        "| one tick at tick {t}, ECS, per run of a batch | {} | |",
        show(ecs_tick)
    );
    println!(
        "| one tick at tick {t}, plain arrays, per run of a batch | {} | |",
        show(plain_tick)
    );
    println!(
        "| ECS per run / plain, one tick | | {:.2}x |",
        ratio(ecs_tick, plain_tick)
    );
    println!(
        "| all {} ticks, ECS, per run of a batch | {} | |",
        ticks + 1,
        show(ecs_all)
    );
    println!(
        "| all {} ticks, plain arrays, per run of a batch | {} | |",
        ticks + 1,
        show(plain_all)
    );
    println!(
        "| ECS per run / plain, all ticks | | {:.2}x |",
        ratio(ecs_all, plain_all)
    );

    println!();
    println!("### Scaling (synthetic scenarios, batches of {LANES} whole runs, per run)");
    println!();
    println!("| member states | days | time per run | runs/s | ns per state-tick |");
    println!("| ---: | ---: | ---: | ---: | ---: |");
    let sizes = SCALING_STATES
        .iter()
        .filter(|&&n| n <= args.max_states)
        .map(|&n| (n, PP22_DAYS))
        .chain(SCALING_DAYS.iter().map(|&d| (PP22_STATES, d)));
    for (n, days) in sizes {
        let mut sim = Simulation::new(&benchmark_scenario(n, days));
        let time = median_time(budget, || {
            black_box(sim.run_lanes(&seeds));
        }) / LANES as u32;
        let state_ticks = n as f64 * f64::from(days + 1);
        println!(
            "| {n} | {days} | {} | {:.1} | {:.1} |",
            show(time),
            1.0 / time.as_secs_f64(),
            time.as_secs_f64() * 1e9 / state_ticks
        );
    }
}
