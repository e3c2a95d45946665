//! No chart drops or cuts a long name: the classroom race with every
//! region's name over 60 characters, every state's over 70 and every
//! candidate's about 40, drawn as SVG by each command of a race (run,
//! ensemble, compare, a sweep over one and over two numbers, sensitivity).
//! A name may be split across lines; every word of it must be there, and
//! no text anywhere ends in an ellipsis.

use std::fs;
use std::path::Path;

use crate::common::{CLASSROOM, lobbysim, ok};

/// A long name, the words that only it has (to tell that it is drawn at
/// all) and where it must appear.
struct Long {
    name: String,
    marks: [String; 2],
}

impl Long {
    fn shown_in(&self, svg: &str) -> bool {
        self.marks.iter().any(|m| svg.contains(m.as_str()))
    }
}

/// The scenario's text with long names, and those names: regions,
/// states with voting rights, candidates.
fn long_named(text: &str) -> (String, [Vec<Long>; 3]) {
    let field = |line: &str, key: &str| -> Option<String> {
        let start = line.find(&format!("{key}: \""))? + key.len() + 3;
        let len = line[start..].find('"')?;
        Some(line[start..start + len].to_owned())
    };
    let mut out = String::new();
    let mut names: [Vec<Long>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    for line in text.lines() {
        let trimmed = line.trim_start();
        let long = if let (true, Some(id), Some(name)) = (
            line.contains("nominated_by:"),
            field(line, "id"),
            field(line, "name"),
        ) {
            let long = format!("{name} Konstantinopoulou de {id}vasquez");
            Some((2, name.clone(), long, [name, format!("{id}vasquez")]))
        } else if let (true, Some(id), Some(name)) = (
            trimmed.starts_with("(id: ") && trimmed.ends_with("\"),"),
            field(line, "id"),
            field(line, "name"),
        ) {
            // A region.
            let long =
                format!("The {name}most Archipelago and Coastal Highlands Group of {id}zone");
            let marks = [format!("{name}most"), format!("{id}zone")];
            Some((0, name, long, marks))
        } else if let (true, Some(code), Some(name)) = (
            trimmed.starts_with("(code: "),
            field(line, "code"),
            field(line, "name"),
        ) {
            let long = format!(
                "Republic of {name}ia and the Federated Outer Seaboard Islands of {code}shire"
            );
            let slot = if line.contains("voting_rights: false") {
                3
            } else {
                1
            };
            let marks = [format!("{name}ia"), format!("{code}shire")];
            Some((slot, name, long, marks))
        } else {
            None
        };
        match long {
            Some((slot, name, long, marks)) => {
                out.push_str(&line.replacen(
                    &format!("name: \"{name}\""),
                    &format!("name: \"{long}\""),
                    1,
                ));
                if slot < 3 {
                    names[slot].push(Long { name: long, marks });
                }
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    (out, names)
}

/// Every word of `long` in `svg` (split across lines is fine).
fn whole(svg: &str, long: &Long, file: &str) {
    for word in long.name.split(' ') {
        assert!(
            svg.contains(word),
            "{file}: {:?} is drawn without its word {word:?}",
            long.name
        );
    }
}

#[test]
fn every_chart_of_a_race_keeps_long_names_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let (text, [regions, states, candidates]) = long_named(&fs::read_to_string(CLASSROOM).unwrap());
    assert_eq!((regions.len(), states.len(), candidates.len()), (3, 11, 3));
    assert!(regions.iter().all(|r| r.name.chars().count() >= 60));
    assert!(states.iter().all(|s| s.name.chars().count() >= 70));
    assert!(candidates.iter().all(|c| c.name.chars().count() >= 38));
    let scenario = tmp.path().join("long_names.ron");
    fs::write(&scenario, text).unwrap();
    let scenario = scenario.to_str().unwrap();
    let commands: [(&str, Vec<&str>); 6] = [
        ("run", vec!["run", scenario, "--seed", "2"]),
        ("ensemble", vec!["ensemble", scenario, "--runs", "20"]),
        (
            "compare",
            vec![
                "compare",
                scenario,
                "--what-if-disable",
                "scandal",
                "--runs",
                "10",
            ],
        ),
        (
            "sweep",
            vec![
                "sweep",
                scenario,
                "--vary",
                "params.noise=0:0.1:2",
                "--runs",
                "4",
            ],
        ),
        (
            "sweep2",
            vec![
                "sweep",
                scenario,
                "--vary",
                "params.noise=0:0.1:2",
                "--vary",
                "params.temperature=0.5:1:2",
                "--runs",
                "3",
            ],
        ),
        (
            "sensitivity",
            vec![
                "sensitivity",
                scenario,
                "--param",
                "params.noise=0:0.1",
                "--param",
                "params.temperature=0.5:1",
                "--method",
                "morris",
                "--trajectories",
                "2",
                "--runs",
                "4",
            ],
        ),
    ];
    let mut drawn = Vec::new();
    for (kind, mut args) in commands {
        let out = tmp.path().join(kind);
        args.extend(["--format", "svg", "--quiet", "--out", out.to_str().unwrap()]);
        ok(&lobbysim(&args));
        for entry in fs::read_dir(&out).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "svg") {
                check(&path, [&regions, &states, &candidates]);
                drawn.push(path.file_stem().unwrap().to_string_lossy().into_owned());
            }
        }
    }
    for chart in [
        "support",
        "regions",
        "hemicycle",
        "ballot",
        "transfers",
        "swing_states",
        "winprob",
        "compare_support",
        "compare_states",
        "sweep_line",
        "sweep_heatmap",
        "sensitivity",
    ] {
        assert!(drawn.iter().any(|d| d == chart), "no {chart} in {drawn:?}");
    }
}

/// `path` has no ellipsis, each long name it shows is whole, and the
/// charts that must show every region, state or candidate do.
fn check(path: &Path, [regions, states, candidates]: [&[Long]; 3]) {
    let svg = fs::read_to_string(path).unwrap();
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    assert!(!svg.contains('…'), "{file} cuts a label");
    for long in regions.iter().chain(states).chain(candidates) {
        if long.shown_in(&svg) {
            whole(&svg, long, &file);
        }
    }
    let must: &[&[Long]] = match file.as_str() {
        "regions.svg" | "hemicycle.svg" => &[regions, candidates],
        "swing_states.svg" => &[states, candidates],
        "support.svg" | "ballot.svg" | "compare_support.svg" | "winprob.svg" => &[candidates],
        _ => &[],
    };
    for long in must.iter().flat_map(|l| l.iter()) {
        whole(&svg, long, &file);
    }
}
