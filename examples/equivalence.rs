//! Compare two ensembles of one scenario for statistical equivalence
//! (lobbysim::ensemble::equivalence), or write an ensemble's reference counts.
//!
//!   equivalence reference AGGREGATE.json HEADER > counts.txt
//!   equivalence compare A B [Z_MEANS ALPHA_KS ALPHA_STATES]
//!
//! A and B are `aggregate.json` files of `lobbysim ensemble` or reference
//! files written by `reference`. The default levels are those of the note:
//! 3 standard errors, KS at 1%, per-state tests at a family level of 1%.
//! Exits with 1 when a test rejects.

use std::path::Path;

use lobbysim::ensemble::AggregateFile;
use lobbysim::ensemble::equivalence::{Levels, Reference, compare};

fn read(path: &str) -> Reference {
    if path.ends_with(".json") {
        let file = AggregateFile::read(Path::new(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        Reference::of(&file.aggregate)
    } else {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        Reference::parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("reference") if args.len() == 3 => print!("{}", read(&args[1]).to_text(&args[2])),
        Some("compare") if args.len() == 3 || args.len() == 6 => {
            let level = |i: usize, default: f64| {
                args.get(i)
                    .map_or(default, |x| x.parse().expect("a number"))
            };
            let levels = Levels {
                z_means: level(3, 3.0),
                alpha_ks: level(4, 0.01),
                alpha_states: level(5, 0.01),
            };
            let e =
                compare(&read(&args[1]), &read(&args[2]), levels).expect("comparable ensembles");
            print!("{}", e.table(&[]));
            println!(
                "\n{}",
                if e.passes() {
                    "no test rejects"
                } else {
                    "a test rejects"
                }
            );
            if !e.passes() {
                std::process::exit(1);
            }
        }
        _ => {
            eprintln!(
                "usage: equivalence reference AGGREGATE.json HEADER | equivalence compare A B [Z ALPHA_KS ALPHA_STATES]"
            );
            std::process::exit(2);
        }
    }
}
