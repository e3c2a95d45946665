//! What a conference costs against one post: 64 runs of PP-22 alone, of a
//! conference of PP-22's post twice (on the ballot day and the day before),
//! in lanes and one lane per run (which must give the same results).
//!
//! `cargo run --release --example conference_cost`

use lobbysim::model::{Conference, Simulation};
use lobbysim::scenario::{Post, load};
use std::time::Instant;
fn main() {
    let s = load("scenarios/itu_pp22.ron".as_ref()).unwrap().scenario;
    let seeds: Vec<u64> = (0..64).collect();
    let mut sim = Simulation::new(&s);
    let t = Instant::now();
    for b in seeds.chunks(8) {
        sim.run_lanes(b);
    }
    let one = t.elapsed().as_secs_f64();
    // The same post twice, on two days: a conference of two posts.
    let mut c = s.clone();
    c.version = 2;
    let d1 = c.calendar.ballot - chrono::Days::new(1);
    c.posts = vec![
        Post {
            id: "a".into(),
            name: "A".into(),
            ballot_date: d1,
            ballot: s.ballot.clone(),
            basis: None,
        },
        Post {
            id: "b".into(),
            name: "B".into(),
            ballot_date: c.calendar.ballot,
            ballot: s.ballot.clone(),
            basis: None,
        },
    ];
    c.ballot = Default::default();
    let mut second = c.candidates.clone();
    for x in &mut c.candidates {
        x.post = Some("a".into());
    }
    for x in &mut second {
        x.id = format!("{}-b", x.id);
        x.post = Some("b".into());
    }
    c.candidates.extend(second);
    let mut conf = Conference::new(&c);
    let t = Instant::now();
    let lanes = conf.run_lanes(&seeds);
    let two_lanes = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let alone: Vec<_> = seeds.iter().map(|&x| conf.run(x, false)).collect();
    let two_alone = t.elapsed().as_secs_f64();
    assert_eq!(lanes, alone);
    println!(
        "64 runs: one post in lanes {one:.2} s; two posts in lanes {two_lanes:.2} s; two posts one lane per run {two_alone:.2} s"
    );
}
