//! Thousands of mutated scenario files fed to the loader and validator: no
//! panic, no hang, and every refusal is a located, non-empty message.

use std::path::Path;

use lobbysim::scenario::{LoadError, load_str};
use proptest::prelude::*;

const BASE: &str = include_str!("../../scenarios/classroom/three_candidates.ron");

fn check(text: &str) {
    match load_str(Path::new("fuzz.ron"), text) {
        Ok(loaded) => assert!(!loaded.scenario.states.is_empty()),
        Err(LoadError::Invalid(d)) => {
            assert!(!d.0.is_empty());
            for diag in &d.0 {
                assert!(diag.line >= 1 && diag.col >= 1, "{diag}");
                assert!(!diag.message.trim().is_empty(), "{diag}");
                assert!(diag.headline().starts_with("fuzz.ron:"));
            }
        }
        Err(e) => panic!("unexpected error kind: {e}"),
    }
}

/// Values that stress number handling.
fn nasty_number() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "NaN",
        "inf",
        "-inf",
        "1e308",
        "-1e308",
        "1e400",
        "18446744073709551616",
        "-0",
        "0x10",
        "1_000",
        "\"1\"",
        "true",
        "()",
        "[]",
        "None",
        "Some(1)",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn truncated_files(cut in 0usize..BASE.len()) {
        let mut cut = cut;
        while !BASE.is_char_boundary(cut) { cut -= 1; }
        check(&BASE[..cut]);
    }

    #[test]
    fn flipped_bytes(flips in prop::collection::vec((0usize..BASE.len(), any::<u8>()), 1..6)) {
        let mut bytes = BASE.as_bytes().to_vec();
        for (at, b) in flips { bytes[at] = b; }
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn swapped_and_dropped_lines(a in 0usize..160, b in 0usize..160, drop in prop::option::of(0usize..160)) {
        let mut lines: Vec<&str> = BASE.lines().collect();
        let n = lines.len();
        lines.swap(a % n, b % n);
        if let Some(d) = drop { lines.remove(d % n); }
        check(&lines.join("\n"));
    }

    #[test]
    fn numbers_replaced(which in 0usize..200, value in nasty_number()) {
        let numbers: Vec<(usize, usize)> = BASE
            .match_indices(|c: char| c.is_ascii_digit())
            .map(|(i, _)| i)
            .filter(|&i| i == 0 || !BASE.as_bytes()[i - 1].is_ascii_alphanumeric() && BASE.as_bytes()[i - 1] != b'.' && BASE.as_bytes()[i - 1] != b'-')
            .map(|i| {
                let end = BASE[i..].find(|c: char| !(c.is_ascii_digit() || c == '.')).map_or(BASE.len(), |e| i + e);
                (i, end)
            })
            .collect();
        let (start, end) = numbers[which % numbers.len()];
        check(&format!("{}{}{}", &BASE[..start], value, &BASE[end..]));
    }
}

#[test]
fn deep_nesting_is_refused_without_overflow() {
    for depth in [10usize, 100, 1_000, 100_000] {
        for (open, close) in [("[", "]"), ("(", ")"), ("{", "}"), ("Some(", ")")] {
            let text = format!(
                "Scenario(version: 1, meta: {}{})",
                open.repeat(depth),
                close.repeat(depth)
            );
            check(&text);
        }
    }
}
