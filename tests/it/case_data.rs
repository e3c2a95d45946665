//! The case library's data tables pass their checks, and the UN member table
//! matches its generator.

use std::path::PathBuf;
use std::process::Command;

/// Run a Python check script from the repository root; skipped without python3.
fn python_check(args: &[&str]) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    match Command::new("python3")
        .args(args)
        .current_dir(root)
        .output()
    {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("skipped: python3 is not installed, cannot run {args:?}");
        }
        Err(e) => panic!("cannot run python3: {e}"),
        Ok(out) => assert!(
            out.status.success(),
            "{args:?} failed ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

#[test]
fn case_tables_pass_their_checks() {
    python_check(&["scripts/check_case_data.py"]);
}

#[test]
fn un_member_table_is_up_to_date() {
    python_check(&["scripts/gen_un_members.py", "--check"]);
}

#[test]
fn un_member_table_has_the_193_members_of_2016_to_2022() {
    let text = include_str!("../../scenarios/data/un_member_states.csv");
    let codes: Vec<&str> = text.lines().skip(1).map(|l| &l[..3]).collect();
    assert_eq!(codes.len(), 193);
    assert!(codes.contains(&"PLW"), "Palau is a UN member");
    assert!(!codes.contains(&"VAT"), "the Holy See is not a UN member");
}

#[test]
fn case_scenarios_are_up_to_date() {
    python_check(&["scripts/gen_cases.py", "--check"]);
}

#[test]
fn every_case_scenario_loads_with_an_observed_result() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/cases");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("scenarios/cases")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    paths.sort();
    // Eight past elections and PP-22.
    assert!(paths.len() >= 9, "found {} case scenarios", paths.len());
    for p in &paths {
        let loaded = lobbysim::scenario::load(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let s = &loaded.scenario;
        if let Some(o) = &s.observed {
            // A several-seat result is read with a several-seat rule.
            assert_eq!(
                s.ballot.seats.unwrap_or(1),
                o.seats,
                "{}: seats",
                p.display()
            );
        }
        let o = loaded.scenario.observed.expect("an observed block");
        assert!(
            !o.rounds.is_empty() && !o.sources.is_empty(),
            "{}",
            p.display()
        );
    }
}
