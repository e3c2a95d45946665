//! The fixture folders: every file of `tests/fixtures/bad/` is refused with
//! exactly the messages in the `.expected` file beside it (one test walks
//! the folder and reports every mismatch); every file of
//! `tests/fixtures/good/` loads and runs.
//!
//! After changing a message on purpose, `LOBBYSIM_BLESS=1 cargo test --test
//! it fixtures` rewrites the `.expected` files; review their diff.

use std::fs;
use std::path::{Path, PathBuf};

use lobbysim::scenario::{LoadError, load};

/// The `.ron` files directly in `folder` (sub-folders hold helper files,
/// such as the other links of a what-if chain), sorted.
fn ron_files(folder: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files
}

/// What loading `path` prints: the rendered diagnostics, or the error.
fn refusal(path: &Path) -> Option<String> {
    match load(path) {
        Ok(_) => None,
        Err(LoadError::Invalid(d)) => Some(format!("{d}\n")),
        Err(e) => Some(format!("error: {e}\n")),
    }
}

#[test]
fn every_bad_fixture_gets_its_expected_message() {
    let bless = std::env::var_os("LOBBYSIM_BLESS").is_some();
    let files = ron_files("tests/fixtures/bad");
    assert!(files.len() >= 30, "only {} bad fixtures", files.len());
    let mut failures = Vec::new();
    for file in &files {
        let expected_path = file.with_extension("expected");
        let Some(got) = refusal(file) else {
            failures.push(format!(
                "{}: accepted, but it is a bad fixture",
                file.display()
            ));
            continue;
        };
        for internal in [
            "Expected ",
            "Unexpected",
            "ron::",
            "serde_stacker",
            "out of range\n",
        ] {
            if got.contains(internal) {
                failures.push(format!(
                    "{}: parser text `{internal}` in\n{got}",
                    file.display()
                ));
            }
        }
        if bless {
            fs::write(&expected_path, &got).unwrap();
            continue;
        }
        match fs::read_to_string(&expected_path) {
            Ok(expected) if expected == got => {}
            Ok(expected) => failures.push(format!(
                "{}:\n--- expected\n{expected}--- got\n{got}",
                file.display()
            )),
            Err(_) => failures.push(format!(
                "{}: no {} beside it; got\n{got}",
                file.display(),
                expected_path.display()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_good_fixture_loads_and_runs() {
    let files = ron_files("tests/fixtures/good");
    assert!(files.len() >= 3);
    for file in files {
        let loaded = load(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let s = &loaded.scenario;
        let histories = if s.is_conference() {
            let run = lobbysim::model::Conference::new(s).run(1, false);
            run.posts.into_iter().map(|p| p.result.history).collect()
        } else {
            vec![lobbysim::model::run(s, 1).history]
        };
        assert!(
            histories.iter().all(|h| !h.is_empty()),
            "{}",
            file.display()
        );
    }
}
