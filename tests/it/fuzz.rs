//! Thousands of mutated scenario files, what-if files and command lines fed
//! to the loader, the validator and the argument parser: no panic, no hang,
//! every refusal is a located, non-empty message in lobbysim's words, and
//! every accepted scenario runs.
//!
//! The suite runs few cases (`PROPTEST_CASES` raises them); the ignored
//! `for_a_while` draws from every strategy until a deadline and prints how
//! many inputs it tried:
//! `LOBBYSIM_FUZZ_SECONDS=600 cargo test --test it fuzz::for_a_while -- --ignored --nocapture`.

use std::path::Path;
use std::time::{Duration, Instant};

use clap::Parser;
use lobbysim::cli::Cli;
use lobbysim::scenario::{LoadError, Overrides, apply_overrides, load_str};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

const BASE: &str = include_str!("../../scenarios/classroom/three_candidates.ron");

/// A what-if on the classroom scenario, read as if it sat beside the bundled
/// what-ifs (so that its base resolves).
const WHAT_IF: &str = r#"WhatIf(
    version: 1,
    base: "../classroom/three_candidates.ron",
    meta: (name: "fuzz-what-if", title: "A what-if", sources: [(id: "w", text: "a source")]),
    disable: ["scandal"],
    set: ["params.noise=0.05", "campaigns.northern-outreach.budget=2", "prior.terms.0.weight=0.2"],
    add_events: [
        (id: "late-news", date: "2030-05-01", label: "Late news",
         effects: [(target: Regions(["S"]), candidate: "MEN", shift: 0.3)], basis: Source(["w"])),
    ],
)"#;
const WHAT_IF_PATH: &str = "scenarios/what-if/fuzz.ron";

fn check_at(path: &str, text: &str) {
    match load_str(Path::new(path), text) {
        Ok(loaded) => {
            assert!(!loaded.scenario.states.is_empty());
            // What validates also runs, without a panic.
            let out = lobbysim::model::run(&loaded.scenario, 1);
            assert!(!out.history.is_empty());
        }
        Err(LoadError::Invalid(d)) => {
            assert!(!d.0.is_empty());
            for diag in &d.0 {
                assert!(diag.line >= 1 && diag.col >= 1, "{diag}");
                assert!(!diag.message.trim().is_empty(), "{diag}");
                for internal in ["ron::", "serde_stacker", "Unexpected", "Expected "] {
                    assert!(!diag.message.contains(internal), "parser text: {diag}");
                }
            }
        }
        Err(e) => panic!("unexpected error kind: {e}"),
    }
}

fn check(text: &str) {
    check_at("fuzz.ron", text);
}

/// Parses a command line; a `validate` command (cheap, writes nothing) is
/// also run. Clap's refusals and the command's errors are fine; a panic is not.
fn check_argv(argv: &[String]) {
    if let Ok(cli) = Cli::try_parse_from(argv)
        && matches!(cli.command, lobbysim::cli::Command::Validate { .. })
    {
        let _ = lobbysim::commands::dispatch(cli, argv);
    }
}

/// `--set` and `--disable` applied to the classroom scenario: refused with
/// a message, or valid afterwards.
fn check_overrides(set: Vec<String>, disable: Vec<String>) {
    let mut loaded = load_str(Path::new("fuzz.ron"), BASE).unwrap();
    match apply_overrides(&mut loaded, &Overrides { set, disable }) {
        Err(e) => assert!(!e.to_string().trim().is_empty()),
        Ok(()) => assert!(!lobbysim::model::run(&loaded.scenario, 1).history.is_empty()),
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
        "4000000000",
        "-1",
        "-0",
        "0",
        "0x10",
        "1_000",
        "6.5",
        "\"1\"",
        "\"\\u{202e}x\"",
        "true",
        "()",
        "[]",
        "None",
        "Some(1)",
    ])
}

fn cut(text: &'static str) -> impl Strategy<Value = String> {
    (0..text.len()).prop_map(move |cut| {
        let mut cut = cut;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text[..cut].to_string()
    })
}

fn flipped(text: &'static str) -> impl Strategy<Value = String> {
    prop::collection::vec((0..text.len(), any::<u8>()), 1..6).prop_map(move |flips| {
        let mut bytes = text.as_bytes().to_vec();
        for (at, b) in flips {
            bytes[at] = b;
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

fn swapped_lines(text: &'static str) -> impl Strategy<Value = String> {
    (0usize..200, 0usize..200, prop::option::of(0usize..200)).prop_map(move |(a, b, drop)| {
        let mut lines: Vec<&str> = text.lines().collect();
        let n = lines.len();
        lines.swap(a % n, b % n);
        if let Some(d) = drop {
            lines.remove(d % n);
        }
        lines.join("\n")
    })
}

fn numbers_replaced(text: &'static str) -> impl Strategy<Value = String> {
    (0usize..400, nasty_number()).prop_map(move |(which, value)| {
        let b = text.as_bytes();
        let numbers: Vec<(usize, usize)> = text
            .match_indices(|c: char| c.is_ascii_digit())
            .map(|(i, _)| i)
            .filter(|&i| {
                i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'.' && b[i - 1] != b'-'
            })
            .map(|i| {
                let end = text[i..]
                    .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .map_or(text.len(), |e| i + e);
                (i, end)
            })
            .collect();
        let (start, end) = numbers[which % numbers.len()];
        format!("{}{}{}", &text[..start], value, &text[end..])
    })
}

/// Any of the mutations of `text`.
fn mutated(text: &'static str) -> BoxedStrategy<String> {
    prop_oneof![
        cut(text),
        flipped(text),
        swapped_lines(text),
        numbers_replaced(text)
    ]
    .boxed()
}

/// A `PATH=VALUE` spec from plausible and hostile parts.
fn set_spec() -> impl Strategy<Value = String> {
    let paths = prop::sample::select(vec![
        "params.noise",
        "params.temperature",
        "params.defection",
        "params.basis",
        "calendar.tick_days",
        "calendar.ballot",
        "ballot.max_rounds",
        "campaigns.northern-outreach.budget",
        "campaigns.northern-outreach.target",
        "campaigns.nope.budget",
        "prior.terms.0.weight",
        "prior.terms.99.weight",
        "events.scandal.effects.0.shift",
        "states.ISL.attendance",
        "limits.max_work",
        "",
        ".",
        "params..noise",
    ]);
    let values = prop::sample::select(vec![
        "0.5",
        "-1",
        "NaN",
        "1e400",
        "4000000000",
        "0",
        "\"2030-02-30\"",
        "All",
        "[",
        "",
        "Some(0.1)",
        "\u{200f}",
    ]);
    (paths, values, any::<bool>()).prop_map(|(p, v, eq)| {
        if eq {
            format!("{p}={v}")
        } else {
            format!("{p}{v}")
        }
    })
}

/// A command line from the real subcommands and flags and hostile values.
fn argv() -> impl Strategy<Value = Vec<String>> {
    let token = prop::sample::select(vec![
        "validate",
        "run",
        "ensemble",
        "merge",
        "compare",
        "sweep",
        "sensitivity",
        "report",
        "tests/fixtures/good/small_race.ron",
        "scenarios/classroom/three_candidates.ron",
        "/dev/null",
        "/nonexistent.ron",
        "--runs",
        "--seed",
        "--shard",
        "--threads",
        "--set",
        "--disable",
        "--out",
        "--force",
        "--resume",
        "--quiet",
        "--format",
        "--vary",
        "--param",
        "0",
        "1",
        "-1",
        "3/4",
        "0/0",
        "4/2",
        "18446744073709551616",
        "params.noise=0.1",
        "params.noise=NaN",
        "calendar.tick_days=4000000000",
        "scandal",
        "svg",
        "",
        "=",
        "\u{202e}",
    ]);
    prop::collection::vec(token, 0..7).prop_map(|tokens| {
        std::iter::once("lobbysim")
            .chain(tokens)
            .map(str::to_owned)
            .collect()
    })
}

fn overrides() -> impl Strategy<Value = (Vec<String>, Vec<String>)> {
    let ids = prop::sample::select(vec!["scandal", "northern-outreach", "nope", "", "ISL"]);
    (
        prop::collection::vec(set_spec(), 0..4),
        prop::collection::vec(ids.prop_map(str::to_owned), 0..3),
    )
}

/// Cases per property: few in the suite, more with `PROPTEST_CASES`.
fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(400))]

    #[test]
    fn mutated_scenarios(text in mutated(BASE)) {
        check(&text);
    }

    #[test]
    fn mutated_what_ifs(text in mutated(WHAT_IF)) {
        check_at(WHAT_IF_PATH, &text);
    }
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn command_lines(argv in argv()) {
        check_argv(&argv);
    }

    #[test]
    fn set_and_disable((set, disable) in overrides()) {
        check_overrides(set, disable);
    }
}

#[test]
fn the_what_if_used_for_fuzzing_is_valid() {
    let loaded = load_str(Path::new(WHAT_IF_PATH), WHAT_IF).unwrap();
    assert_eq!(loaded.scenario.meta.name, "fuzz-what-if");
    assert!(loaded.scenario.events.iter().any(|e| e.id == "late-news"));
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

/// Draws from every strategy until `LOBBYSIM_FUZZ_SECONDS` (60 by default)
/// have passed, and prints how many inputs it tried.
#[test]
#[ignore = "long; run with LOBBYSIM_FUZZ_SECONDS=600 ... -- --ignored --nocapture"]
fn for_a_while() {
    let seconds = std::env::var("LOBBYSIM_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut runner = TestRunner::new(config(1));
    let scenarios = mutated(BASE);
    let what_ifs = mutated(WHAT_IF);
    let argvs = argv();
    let changes = overrides();
    let mut tried = [0u64; 4];
    while Instant::now() < deadline {
        for _ in 0..10 {
            let text = scenarios.new_tree(&mut runner).unwrap().current();
            guarded("scenario", &text, || check(&text));
            let text = what_ifs.new_tree(&mut runner).unwrap().current();
            guarded("what-if", &text, || check_at(WHAT_IF_PATH, &text));
            let args = argvs.new_tree(&mut runner).unwrap().current();
            guarded("argv", &format!("{args:?}"), || check_argv(&args));
            let (set, disable) = changes.new_tree(&mut runner).unwrap().current();
            let shown = format!("{set:?} {disable:?}");
            guarded("overrides", &shown, || check_overrides(set, disable));
            for t in &mut tried {
                *t += 1;
            }
        }
    }
    let total: u64 = tried.iter().sum();
    eprintln!(
        "fuzz: {total} inputs in {seconds} s: {} scenarios, {} what-ifs, {} command lines, {} override sets",
        tried[0], tried[1], tried[2], tried[3]
    );
}

/// Runs `f`, printing `input` before re-raising a panic.
fn guarded(what: &str, input: &str, f: impl FnOnce()) {
    if let Err(e) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        eprintln!("fuzz: {what} input that failed:\n{input}");
        std::panic::resume_unwind(e);
    }
}
