//! Every file that small cases of `run`, `ensemble`, `compare`, `sweep`,
//! `sensitivity`, `backtest` and `calibrate` write, charts included, is
//! compared by its SHA-256 with the list in
//! `tests/fixtures/output_digests.txt` (one `case/file digest` line each), so
//! that a change meant to leave the outputs alone (a refactoring of the
//! charts, say) proves it did. The cases also draw the charts of the
//! documents from the commands that made them, on fewer runs:
//! `run_pp22_central` is `lobbysim run scenarios/itu_pp22.ron --seed 1
//! --central`, whose `support.png`, `regions.png` and `hemicycle.png` are
//! docs/img/pp22_*.png byte for byte (a test below checks the documents'
//! copies against the pinned digests); `compare_pp22_weekly` draws MODEL.md's
//! daily-against-weekly chart, `calibrate` VALIDATION.md's posterior and
//! `backtest_loo` its leave-one-out calibration chart.
//!
//! Charts use the bundled fonts, so their bytes are the same on any machine.
//! What legitimately differs between two runs of the same command is
//! normalised before hashing: in `manifest.json` the version, the time of
//! writing, the command line (the binary's path) and the seconds and runs
//! per second taken are left out; in text files the repository's and the
//! output folder's absolute paths (a calibration's what-ifs name their base
//! by its absolute path) read `<repo>` and `<out>`; the `cost:` line of a
//! calibration's `summary.txt` keeps its model runs but not its seconds.
//!
//! After a change that alters outputs on purpose, rewrite the list with
//! `LOBBYSIM_BLESS=1 cargo test --test it unchanged_outputs` and commit it
//! with the change, saying why the outputs changed.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use sha2::{Digest, Sha256};

const DIGESTS: &str = "tests/fixtures/output_digests.txt";
const CLASSROOM: &str = "scenarios/classroom/three_candidates.ron";
const COUNCIL: &str = "scenarios/classroom/council_three_seats.ron";
const PP22: &str = "scenarios/itu_pp22.ron";
const FAO: &str = "scenarios/cases/fao_dg_2019.ron";
const WHO: &str = "scenarios/cases/who_dg_2017.ron";
const ENDORSED: &str = "prior.terms.endorsed-*.weight=Uniform(lo: 0, hi: 3)";

/// The cases: a folder name and the command's arguments before `--out`.
fn cases() -> Vec<(&'static str, Vec<&'static str>)> {
    let two = ["--threads", "2"];
    let mut cases = vec![
        ("run_classroom", vec!["run", CLASSROOM, "--seed", "3"]),
        (
            "run_classroom_svg",
            vec!["run", CLASSROOM, "--seed", "3", "--format", "svg"],
        ),
        ("run_council", vec!["run", COUNCIL, "--seed", "1"]),
        (
            "run_pp22_central",
            vec!["run", PP22, "--seed", "1", "--central"],
        ),
        (
            "ensemble_classroom",
            [
                &["ensemble", CLASSROOM, "--runs", "20", "--seed", "2"][..],
                &two,
            ]
            .concat(),
        ),
        (
            "ensemble_classroom_svg",
            [
                &["ensemble", CLASSROOM, "--runs", "20", "--seed", "2"][..],
                &["--format", "svg"],
                &two,
            ]
            .concat(),
        ),
        // Draws numbers per run, so it also writes variance_sources.
        (
            "ensemble_pp22",
            [&["ensemble", PP22, "--runs", "6", "--seed", "1"][..], &two].concat(),
        ),
        (
            "compare_classroom",
            [
                &[
                    "compare",
                    CLASSROOM,
                    "--what-if-set",
                    "params.temperature=0.8",
                ][..],
                &["--runs", "10", "--seed", "2"],
                &two,
            ]
            .concat(),
        ),
        (
            "compare_classroom_svg",
            [
                &[
                    "compare",
                    CLASSROOM,
                    "--what-if-set",
                    "params.temperature=0.8",
                ][..],
                &["--runs", "10", "--seed", "2", "--format", "svg"],
                &two,
            ]
            .concat(),
        ),
        (
            "compare_pp22_weekly",
            [
                &["compare", PP22, "--what-if-set", "calendar.tick_days=7"][..],
                &["--runs", "4", "--seed", "1"],
                &two,
            ]
            .concat(),
        ),
        (
            "sweep_line",
            [
                &["sweep", CLASSROOM, "--vary", "params.temperature=0.4:1.6:3"][..],
                &["--runs", "6", "--seed", "2"],
                &two,
            ]
            .concat(),
        ),
        (
            "sweep_heatmap",
            [
                &["sweep", CLASSROOM, "--vary", "params.defection=0:0.5:2"][..],
                &[
                    "--vary",
                    "params.noise=0.01:0.05:3",
                    "--runs",
                    "4",
                    "--seed",
                    "2",
                ],
                &two,
            ]
            .concat(),
        ),
    ];
    for (name, format) in [("sensitivity", "png"), ("sensitivity_svg", "svg")] {
        cases.push((
            name,
            [
                &[
                    "sensitivity",
                    CLASSROOM,
                    "--param",
                    "params.noise=0.01:0.05",
                ][..],
                &["--param", "params.temperature=0.5:1.5", "--runs", "4"],
                &["--seed", "2", "--format", format],
                &two,
            ]
            .concat(),
        ));
    }
    cases.push((
        "backtest_loo",
        [
            &["backtest", FAO, WHO, "--leave-one-out", "--param", ENDORSED][..],
            &[
                "--particles",
                "6",
                "--generations",
                "2",
                "--runs",
                "10",
                "--seed",
                "1",
            ],
            &two,
        ]
        .concat(),
    ));
    cases.push((
        "calibrate",
        [
            &["calibrate", FAO, WHO, "--param", ENDORSED][..],
            &["--particles", "6", "--generations", "2", "--seed", "1"],
            &two,
        ]
        .concat(),
    ));
    cases
}

/// The bytes of `path` with what varies between runs taken out (see the
/// module's header).
fn normalised(path: &Path, repo: &str, out: &str) -> Vec<u8> {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.ends_with(".png") || name.ends_with(".svg") {
        return bytes;
    }
    let text = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = text.replace(out, "<out>").replace(repo, "<repo>");
    if name == "manifest.json" {
        let mut v: serde_json::Value = serde_json::from_str(&text).expect("manifest.json parses");
        let m = v.as_object_mut().expect("manifest.json is an object");
        for key in ["version", "created_utc", "command_line"] {
            assert!(m.remove(key).is_some(), "{}: no {key}", path.display());
        }
        if let Some(extra) = m.get_mut("extra").and_then(|e| e.as_object_mut()) {
            extra.remove("seconds");
            extra.remove("runs_per_second");
        }
        return serde_json::to_vec_pretty(&v).unwrap();
    }
    let lines: Vec<String> = text
        .lines()
        .map(|line| match line.strip_prefix("cost: ") {
            // "cost: 36 model runs, 0.8 s"
            Some(cost) => format!("cost: {}", cost.split(", ").next().unwrap_or(cost)),
            None => line.to_owned(),
        })
        .collect();
    lines.join("\n").into_bytes()
}

/// `case/file` → digest of every file the cases write.
fn digests_of_outputs(root: &Path) -> BTreeMap<String, String> {
    let repo = env!("CARGO_MANIFEST_DIR");
    let cases = cases();
    std::thread::scope(|s| {
        let running: Vec<_> = cases
            .iter()
            .map(|(name, args)| {
                let out = root.join(name);
                s.spawn(move || {
                    let res = Command::new(env!("CARGO_BIN_EXE_lobbysim"))
                        .args(args)
                        .args(["--quiet", "--out"])
                        .arg(&out)
                        .current_dir(repo)
                        .output()
                        .expect("the binary runs");
                    assert_eq!(
                        res.status.code(),
                        Some(0),
                        "{name}: {}",
                        String::from_utf8_lossy(&res.stderr)
                    );
                })
            })
            .collect();
        for r in running {
            r.join().expect("a case ran");
        }
    });
    let mut digests = BTreeMap::new();
    for (name, _) in &cases {
        let out = root.join(name);
        let out_text = out.to_str().expect("a UTF-8 temporary path");
        let mut stack = vec![out.clone()];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let relative = path.strip_prefix(&out).unwrap().to_str().unwrap();
                let key = format!("{name}/{}", relative.replace('\\', "/"));
                let digest = format!("{:x}", Sha256::digest(normalised(&path, repo, out_text)));
                digests.insert(key, digest);
            }
        }
    }
    digests
}

/// `case/file` → digest, as `tests/fixtures/output_digests.txt` lists them.
fn pinned_digests(list: &Path) -> BTreeMap<String, String> {
    let text = fs::read_to_string(list).unwrap_or_else(|e| panic!("{DIGESTS}: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (k, d) = l
                .rsplit_once(' ')
                .unwrap_or_else(|| panic!("{DIGESTS}: `{l}` is not `path digest`"));
            (k.to_owned(), d.to_owned())
        })
        .collect()
}

#[test]
fn unchanged_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let actual = digests_of_outputs(tmp.path());
    let list = Path::new(env!("CARGO_MANIFEST_DIR")).join(DIGESTS);
    if std::env::var_os("LOBBYSIM_BLESS").is_some_and(|v| v == "1") {
        let text: String = actual.iter().map(|(k, d)| format!("{k} {d}\n")).collect();
        fs::write(&list, text).unwrap();
        eprintln!("wrote {} digests to {DIGESTS}", actual.len());
        return;
    }
    let expected = pinned_digests(&list);
    let mut problems = Vec::new();
    for (k, d) in &expected {
        match actual.get(k) {
            None => problems.push(format!("missing: {k}")),
            Some(a) if a != d => problems.push(format!("changed: {k}")),
            Some(_) => {}
        }
    }
    for k in actual.keys().filter(|k| !expected.contains_key(*k)) {
        problems.push(format!("new: {k}"));
    }
    assert!(
        problems.is_empty(),
        "{} of {} output files differ from {DIGESTS}:\n  {}\n\
         If the change is meant, rewrite the list with \
         `LOBBYSIM_BLESS=1 cargo test --test it unchanged_outputs` and say why in the commit.",
        problems.len(),
        expected.len(),
        problems.join("\n  ")
    );
}

/// docs/img/pp22_*.png are the charts that `run_pp22_central` pins, byte for
/// byte, so a change that re-blesses them must redraw the documents' copies
/// (with `lobbysim run scenarios/itu_pp22.ron --seed 1 --central`).
#[test]
fn the_documents_pp22_charts_are_the_pinned_ones() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pinned = pinned_digests(&root.join(DIGESTS));
    for chart in ["support", "regions", "hemicycle"] {
        let key = format!("run_pp22_central/{chart}.png");
        let expected = pinned
            .get(&key)
            .unwrap_or_else(|| panic!("{DIGESTS} pins no {key}"));
        let doc = root.join(format!("docs/img/pp22_{chart}.png"));
        let bytes = fs::read(&doc).unwrap_or_else(|e| panic!("{}: {e}", doc.display()));
        assert_eq!(
            &format!("{:x}", Sha256::digest(bytes)),
            expected,
            "docs/img/pp22_{chart}.png is not the chart {key} pins: redraw it with \
             `lobbysim run scenarios/itu_pp22.ron --seed 1 --central`"
        );
    }
}
