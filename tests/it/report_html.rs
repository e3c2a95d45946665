//! `lobbysim report`: the HTML page of a run folder made by the binary, and
//! of synthetic ensemble, compare, sweep, sensitivity and backtest folders;
//! every kind made by the commands in the same order; refusal to
//! overwrite; folders that are not lobbysim's.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lobbysim::report::html::{self, HtmlReportError, REPORT_FILE};

use crate::common::{every_kind_of_folder, lobbysim, text};

const CLASSROOM: &str = "scenarios/classroom/three_candidates.ron";
const DATA_PNG: &str = "<img src=\"data:image/png;base64,";

fn entries(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn pngs_in(folder: &Path) -> usize {
    entries(folder)
        .iter()
        .filter(|n| n.ends_with(".png"))
        .count()
}

/// Values of every `src="..."` and `href="..."` attribute.
fn link_targets(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["src=\"", "href=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').expect("attribute closes");
            out.push(rest[..end].to_owned());
            rest = &rest[end..];
        }
    }
    out
}

/// The text of the `<section id="...">` of the page.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let open = format!("<section id=\"{id}\">");
    let start = html
        .find(&open)
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = start + html[start..].find("</section>").expect("section closes");
    &html[start..end]
}

/// The classroom scenario with a description that needs escaping, written
/// beside the output so that the report can re-load it.
fn classroom_with_markup(dir: &Path) -> PathBuf {
    let base = fs::read_to_string(CLASSROOM).unwrap();
    let file = dir.join("markup.ron");
    let changed = base.replacen(
        "description: \"A fictional election for a first lesson on ballots with several rounds.\"",
        "description: \"Rounds <script>alert(1)</script> & runoffs\"",
        1,
    );
    assert_ne!(
        changed, base,
        "the classroom description changed; update this test"
    );
    fs::write(&file, changed).unwrap();
    file
}

#[test]
fn a_run_folder_becomes_one_self_contained_page() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = classroom_with_markup(dir.path());
    let out = dir.path().join("r7");
    let res = lobbysim(&[
        "run",
        scenario.to_str().unwrap(),
        "--seed",
        "7",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(res.status.code(), Some(0), "{}", text(&res.stderr));
    let pngs = pngs_in(&out);
    assert!(pngs >= 3, "the run wrote {pngs} charts");

    let res = lobbysim(&["report", out.to_str().unwrap()]);
    assert_eq!(res.status.code(), Some(0), "{}", text(&res.stderr));
    assert!(
        text(&res.stdout).contains(REPORT_FILE),
        "{}",
        text(&res.stdout)
    );
    let page = fs::read_to_string(out.join(REPORT_FILE)).unwrap();

    // A document, once.
    assert!(page.starts_with("<!DOCTYPE html>"), "{}", &page[..40]);
    assert_eq!(page.matches("<html").count(), 1);
    assert_eq!(page.matches("</html>").count(), 1);
    assert_eq!(page.matches("<body>").count(), 1);
    assert!(
        page.contains("<title>Three candidates, twelve states – Single run, seed 7</title>"),
        "title missing"
    );
    assert!(page.contains("<h1>Three candidates, twelve states</h1>"));

    // Every chart of the folder, embedded.
    assert_eq!(page.matches(DATA_PNG).count(), pngs);
    for target in link_targets(&page) {
        assert!(
            target.starts_with("data:image/") || target.starts_with('#'),
            "a link leaves the page: {}",
            &target[..target.len().min(60)]
        );
        assert!(!target.contains("http://") && !target.contains("https://"));
    }
    assert!(!page.contains("<script"), "markup from the scenario leaked");
    assert!(!page.contains("<link"), "no external style sheet");

    // The description, escaped.
    assert!(
        page.contains("Rounds &lt;script&gt;alert(1)&lt;/script&gt; &amp; runoffs"),
        "description not escaped"
    );

    // The ballot: rounds as read from ballot.csv.
    let ballot = fs::read_to_string(out.join("ballot.csv")).unwrap();
    let rounds = ballot
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .max()
        .unwrap()
        .to_owned();
    let result = section(&page, "result");
    assert!(result.contains("The ballot, round by round"));
    assert!(result.contains(&format!("<th class=\"num\">Round {rounds}</th>")));
    let next = rounds.parse::<u32>().unwrap() + 1;
    assert!(!result.contains(&format!("Round {next}<")));
    for name in ["Ana Ortiz", "Bola Mensah", "Chen Wei"] {
        assert!(result.contains(name), "{name} missing from the ballot");
    }
    let answer = section(&page, "answer");
    assert!(
        answer.contains("Winner: ") || answer.contains("No winner"),
        "no outcome"
    );
    assert!(
        answer.contains("(support.png)"),
        "the main chart is with the answer"
    );

    // The tables, shortened and sorted.
    let tables = section(&page, "tables");
    assert!(tables.contains("Member states at the ballot"));
    assert!(tables.contains("closest to a coin flip first"));
    assert!(tables.contains("Shown at 6 of"));

    // Provenance from the manifest.
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let provenance = section(&page, "provenance");
    assert!(provenance.contains(manifest["scenario_sha256"].as_str().unwrap()));
    assert!(provenance.contains("(the file still has it)"));
    assert!(provenance.contains(manifest["created_utc"].as_str().unwrap()));
    assert!(provenance.contains("<th scope=\"row\">Seed</th><td>7</td>"));
    assert!(
        provenance.contains("<code>lobbysim run "),
        "command line missing"
    );
    assert!(
        provenance.contains("lobbysim 0.1.0") || provenance.contains(env!("CARGO_PKG_VERSION"))
    );

    // Nothing else appeared in the folder.
    let mut expected: Vec<String> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_owned())
        .chain(["manifest.json".to_owned(), REPORT_FILE.to_owned()])
        .collect();
    expected.sort();
    assert_eq!(entries(&out), expected);
}

#[test]
fn an_existing_report_is_refused_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("sweep");
    fake_folder(&folder, "sweep", &[("sweep.csv", "budget,p_win\n1,0.5\n")]);
    fs::write(folder.join(REPORT_FILE), "mine").unwrap();
    let res = lobbysim(&["report", folder.to_str().unwrap(), "--quiet"]);
    assert_eq!(res.status.code(), Some(2));
    let stderr = text(&res.stderr);
    assert!(stderr.contains("already exists; use --force"), "{stderr}");
    assert_eq!(
        fs::read_to_string(folder.join(REPORT_FILE)).unwrap(),
        "mine"
    );

    let res = lobbysim(&["report", folder.to_str().unwrap(), "--quiet", "--force"]);
    assert_eq!(res.status.code(), Some(0), "{}", text(&res.stderr));
    assert!(text(&res.stdout).is_empty(), "--quiet prints nothing");
    let page = fs::read_to_string(folder.join(REPORT_FILE)).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    // No temporary file left behind.
    assert!(entries(&folder).iter().all(|n| !n.starts_with('.')));
}

#[test]
fn folders_that_are_not_lobbysims_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let res = lobbysim(&["report", dir.path().to_str().unwrap()]);
    assert_eq!(res.status.code(), Some(2));
    let stderr = text(&res.stderr);
    assert!(
        stderr.contains("has no manifest.json: not a lobbysim output folder"),
        "{stderr}"
    );
    assert!(!dir.path().join(REPORT_FILE).exists());

    let missing = dir.path().join("nothing-here");
    let res = lobbysim(&["report", missing.to_str().unwrap()]);
    assert_eq!(res.status.code(), Some(2));
    assert!(text(&res.stderr).contains("is not a folder"));

    fs::write(
        dir.path().join("manifest.json"),
        r#"{"tool": "lobbysim", "command": "conference"}"#,
    )
    .unwrap();
    let err = html::render(dir.path()).unwrap_err();
    assert!(matches!(err, HtmlReportError::UnknownKind { .. }), "{err}");
    assert!(err.to_string().contains("\"conference\""), "{err}");
    fs::write(dir.path().join("manifest.json"), "not json").unwrap();
    let err = html::render(dir.path()).unwrap_err();
    assert!(matches!(err, HtmlReportError::BadManifest { .. }), "{err}");
}

// ---------------------------------------------------------------------------
// Synthetic folders of the other kinds.

/// A 4×3 PNG image of one colour.
fn tiny_png(rgb: [u8; 3]) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(4, 3, image::Rgb(rgb));
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageOutputFormat::Png,
        )
        .unwrap();
    bytes
}

/// A folder of kind `command` holding `files` (text) and a manifest whose
/// scenario file does not exist.
fn fake_folder(folder: &Path, command: &str, files: &[(&str, &str)]) {
    fake_folder_of(folder, command, "gone/missing.ron", &[], files);
}

fn fake_folder_of(
    folder: &Path,
    command: &str,
    scenario: &str,
    overrides: &[&str],
    files: &[(&str, &str)],
) {
    fs::create_dir_all(folder).unwrap();
    for (name, body) in files {
        fs::write(folder.join(name), body).unwrap();
    }
    let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
    let manifest = serde_json::json!({
        "tool": "lobbysim",
        "version": "0.1.0",
        "command": command,
        "command_line": ["/somewhere/bin/lobbysim", command, scenario, "--runs", "200"],
        "scenario_path": scenario,
        "scenario_sha256": "ab".repeat(32),
        "seed": 11,
        "overrides": overrides,
        "created_utc": "2022-09-29T12:00:00Z",
        "files": names,
        "extra": {"runs": 200, "threads": 2}
    });
    fs::write(folder.join("manifest.json"), manifest.to_string()).unwrap();
}

fn add_pngs(folder: &Path, names: &[&str]) {
    for (i, name) in names.iter().enumerate() {
        let shade = u8::try_from(40 * i).unwrap();
        fs::write(folder.join(name), tiny_png([shade, 90, 200])).unwrap();
    }
}

fn report_of(folder: &Path) -> String {
    let path = html::write_report(folder, false).unwrap();
    assert_eq!(path, folder.join(REPORT_FILE));
    fs::read_to_string(path).unwrap()
}

/// Positions of `needles` in `haystack`, which must all be there.
fn positions(haystack: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| {
            haystack
                .find(n)
                .unwrap_or_else(|| panic!("{n:?} not found"))
        })
        .collect()
}

fn is_increasing(xs: &[usize]) -> bool {
    xs.windows(2).all(|w| w[0] < w[1])
}

const ENSEMBLE_SUMMARY: &str = r##"{
  "scenario": "itu-pp22",
  "runs": 200,
  "partial": false,
  "majority": 88.0,
  "candidates": [
    {"id": "BM", "name": "Doreen Bogdan-Martin", "colour": "#1f77b4",
     "elected": {"count": 180, "runs": 200, "p": 0.9, "low": 0.851, "high": 0.934},
     "first_round_votes": {"mean": 139.5, "p5": 128.0, "p25": 135.0, "median": 140.0, "p75": 144.0, "p95": 150.0}},
    {"id": "RI", "name": "Rashid <Ismailov>", "colour": "#d62728",
     "elected": {"count": 20, "runs": 200, "p": 0.1, "low": 0.066, "high": 0.149},
     "first_round_votes": {"mean": 30.1, "p5": 22.0, "p25": 27.0, "median": 30.0, "p75": 33.0, "p95": 38.0}}
  ],
  "undecided": {"count": 0, "runs": 200, "p": 0.0, "low": 0.0, "high": 0.0188},
  "rounds": [0, 200]
}"##;

#[test]
fn an_ensemble_folder_shows_its_summary_charts_and_tables() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("ens");
    let mut timeseries = String::from("date,candidate,expected_votes_median,win_probability\n");
    for day in 1..=28 {
        timeseries.push_str(&format!("2022-02-{day:02},BM,{}.5,0.8\n", 100 + day));
        timeseries.push_str(&format!("2022-02-{day:02},RI,{}.5,0.2\n", 60 - day));
    }
    fake_folder(
        &folder,
        "ensemble",
        &[
            ("summary.json", ENSEMBLE_SUMMARY),
            (
                "states.csv",
                "code,name,p_BM,p_RI,pivotal\n\
                 AAA,Alpha,0.9,0.1,0.01\n\
                 BBB,Beta,0.5,0.5,0.30\n\
                 CCC,Gamma,0.6,0.4,0.12\n",
            ),
            ("timeseries.csv", &timeseries),
            ("aggregate.json", "{\"binary\": \"totals\"}"),
        ],
    );
    // Out of alphabetical order on purpose: the page orders them by kind.
    add_pngs(
        &folder,
        &[
            "winprob.png",
            "outcome.png",
            "support_bands.png",
            "swing_states.png",
            "zz_extra.png",
        ],
    );
    let page = report_of(&folder);

    assert!(page.contains("lobbysim · Ensemble of runs, 200 runs, seed 11"));
    // The scenario file is gone: a warning, and the name from the summary.
    assert!(
        page.contains("gone/missing.ron was not found from the current folder"),
        "no warning"
    );
    assert!(page.contains("<h1>itu-pp22</h1>"));

    let answer = section(&page, "answer");
    assert!(answer.contains("Doreen Bogdan-Martin: elected in 90.0% of runs"));
    assert!(answer.contains("Rashid &lt;Ismailov&gt;: elected in 10.0% of runs"));
    assert!(answer.contains("(winprob.png)"));
    let result = section(&page, "result");
    assert!(result.contains("90.0% <span class=\"interval\">(95%: 85.1%–93.4%)</span>"));
    assert!(result.contains("median 140 <span class=\"interval\">(5–95%: 128–150)</span>"));
    assert!(!result.contains("<Ismailov>"));

    let charts = section(&page, "charts");
    assert_eq!(charts.matches(DATA_PNG).count(), 4);
    assert!(is_increasing(&positions(
        charts,
        &[
            "(support_bands.png)",
            "(outcome.png)",
            "(swing_states.png)",
            "(zz_extra.png)"
        ]
    )));
    assert!(charts.contains("Zz extra"), "caption from the file name");

    let tables = section(&page, "tables");
    // Most pivotal first.
    assert!(is_increasing(&positions(
        tables,
        &["Beta", "Gamma", "Alpha"]
    )));
    assert!(tables.contains("largest pivotal first"));
    // The time series at a few dates, a column per candidate.
    assert!(tables.contains("Shown at 6 of 28 dates"));
    assert!(tables.contains("2022-02-01") && tables.contains("2022-02-28"));
    assert!(!tables.contains("2022-02-02<"));
    assert!(tables.contains("Doreen Bogdan-Martin</th>"));
    // aggregate.json is a machine file: listed, not shown.
    assert!(!page.contains("totals"));

    let provenance = section(&page, "provenance");
    assert!(provenance.contains("<code>lobbysim ensemble gone/missing.ron --runs 200</code>"));
    assert!(provenance.contains("<th scope=\"row\">Runs</th><td>200</td>"));
    assert!(provenance.contains("<th scope=\"row\">Threads</th>"));
    assert!(provenance.contains("not checked: the file could not be loaded"));
}

#[test]
fn a_compare_folder_shows_both_summaries_and_the_largest_changes() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("cmp");
    fake_folder(
        &folder,
        "compare",
        &[
            (
                "summary.txt",
                "base: BM elected in 90% of runs\nwhat-if: BM elected in 70% <of> runs\n",
            ),
            (
                "summary.json",
                r#"{"base": {"scenario": "itu-pp22", "runs": 200}, "what_if": {"scenario": "no-invasion", "runs": 200}}"#,
            ),
            (
                "compare.csv",
                "outcome,candidate,name,base,base_low,base_high,what_if,what_if_low,what_if_high,\
                 difference,difference_low,difference_high,runs,votes_difference\n\
                 win,BM,Bogdan-Martin,0.900000,0.85,0.93,0.700000,0.64,0.75,-0.200000,-0.25,-0.15,200,-12.500000\n",
            ),
            (
                // Out of rank order on purpose: the page sorts by movement.
                "states_diff.csv",
                "rank,code,name,region,voting_rights,movement,base_p_BM,what_if_p_BM,change_p_BM,change_p_blank,change_p_absent\n\
                 3,AAA,Alpha,B,true,0.050000,0.900000,0.850000,-0.050000,0,0\n\
                 1,BBB,Beta,D,true,0.500000,0.700000,0.200000,-0.500000,0,0\n\
                 2,CCC,Gamma,E,true,0.300000,0.300000,0.600000,0.300000,0,0\n",
            ),
        ],
    );
    add_pngs(&folder, &["compare_states.png", "compare_support.png"]);
    let page = report_of(&folder);
    assert!(page.contains("lobbysim · Comparison of two scenarios, 200 paired runs, seed 11"));
    let result = section(&page, "result");
    assert!(result.contains(
        "<p class=\"summary\">base: BM elected in 90% of runs<br>\nwhat-if: BM elected in 70% &lt;of&gt; runs</p>"
    ));
    assert!(
        result.contains("<th scope=\"row\">what if</th><td>scenario: no-invasion; runs: 200</td>")
    );
    assert!(section(&page, "answer").contains("(compare_support.png)"));
    let charts = section(&page, "charts");
    assert_eq!(charts.matches(DATA_PNG).count(), 1);
    assert!(charts.contains("(compare_states.png)"));
    let tables = section(&page, "tables");
    assert!(tables.contains("The two scenarios side by side"));
    // Shares as percentages; intervals and pair counts left to the file.
    assert!(tables.contains(
        "<td class=\"num\">90.0%</td><td class=\"num\">70.0%</td><td class=\"num\">-20.0%</td>"
    ));
    assert!(tables.contains("<td class=\"num\">-12.50</td>"));
    assert!(tables.contains("Not shown here: base low, base high"));
    assert!(tables.contains("<td class=\"num\">-50.0%</td>"));
    // Largest change first, whatever its sign.
    assert!(is_increasing(&positions(
        tables,
        &["Beta", "Gamma", "Alpha"]
    )));
    assert!(tables.contains("largest movement (either sign) first"));
}

#[test]
fn a_sweep_folder_reloads_its_scenario_with_the_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("sweep");
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join(CLASSROOM);
    fake_folder_of(
        &folder,
        "sweep",
        scenario.to_str().unwrap(),
        &["--set ballot.elimination=TopTwoRunoff", "--disable scandal"],
        &[
            (
                "sweep.csv",
                "campaigns.northern-outreach.budget,runs,p_win_ORT,p_win_ORT_low,p_win_ORT_high,mean_votes_ORT,vote_share_ORT\n\
                 0.5,200,0.610000,0.54,0.67,4.100000,0.410000\n\
                 1,200,0.720000,0.65,0.78,4.300000,0.430000\n\
                 2,200,0.800000,0.74,0.85,4.600000,0.460000\n",
            ),
            (
                "summary.json",
                r#"{"parameter": "campaigns.northern-outreach.budget", "values": [0.5, 1.0, 2.0]}"#,
            ),
        ],
    );
    add_pngs(&folder, &["sweep_line.png"]);
    let page = report_of(&folder);
    assert!(page.contains("<h1>Three candidates, twelve states</h1>"));
    // The override shows in the rule that the re-loaded scenario states.
    assert!(page.contains("after each round, only the two strongest go on"));
    assert!(page.contains("changed by <code>--set ballot.elimination=TopTwoRunoff</code>"));
    // The manifest's hash is not the file's: the page says so.
    assert!(page.contains("has changed since these results were made"));
    assert!(page.contains("campaigns.northern-outreach.budget"));
    let tables = section(&page, "tables");
    assert!(tables.contains(
        "<td class=\"num\">72.0%</td><td class=\"num\">4.30</td><td class=\"num\">43.0%</td>"
    ));
    assert!(tables.contains("Not shown here: runs, P(win ORT low), P(win ORT high)."));
    // The only chart goes with the answer.
    assert_eq!(section(&page, "answer").matches(DATA_PNG).count(), 1);
    assert!(!page.contains("<section id=\"charts\">"));
}

#[test]
fn a_relative_scenario_path_is_also_found_above_the_results() {
    // As when a command ran in a project folder and wrote output/<name>.
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    fs::create_dir_all(project.join("sc")).unwrap();
    let scenario = format!("sc/{}-only-here.ron", std::process::id());
    fs::copy(CLASSROOM, project.join(&scenario)).unwrap();
    let folder = project.join("output/sens");
    fake_folder_of(
        &folder,
        "sensitivity",
        &scenario,
        &[],
        &[("sensitivity.csv", "parameter,mu_star\nx,1\n")],
    );
    let page = report_of(&folder);
    assert!(
        page.contains("<h1>Three candidates, twelve states</h1>"),
        "scenario not found"
    );
    assert!(!page.contains("was not found"));
}

#[test]
fn a_sensitivity_folder_lists_parameters_by_influence() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("sens");
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join(CLASSROOM);
    fake_folder_of(
        &folder,
        "sensitivity",
        scenario.to_str().unwrap(),
        &["--set no.such.path=1"],
        &[
            (
                "sensitivity.csv",
                "parameter,output,candidate,mu_star,mu,sigma\n\
                 params.noise,win_probability,ORT,0.02,0.01,0.01\n\
                 params.temperature,win_probability,ORT,0.31,-0.2,0.1\n\
                 params.defection,win_probability,ORT,0.12,0.1,0.05\n",
            ),
            (
                "summary.json",
                r#"{"method": "morris", "trajectories": 20}"#,
            ),
        ],
    );
    add_pngs(&folder, &["sensitivity.png"]);
    // Also an SVG chart: embedded, but not as a PNG.
    fs::write(
        folder.join("extra.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'/>",
    )
    .unwrap();
    let page = report_of(&folder);
    assert!(page.contains("lobbysim · Sensitivity analysis, 200 runs at each point, seed 11"));
    // The override no longer applies: fall back, and say why.
    assert!(page.contains("overrides no longer apply"), "no warning");
    assert_eq!(section(&page, "answer").matches(DATA_PNG).count(), 1);
    let charts = section(&page, "charts");
    assert_eq!(charts.matches(DATA_PNG).count(), 0);
    assert_eq!(
        charts
            .matches("<img src=\"data:image/svg+xml;base64,")
            .count(),
        1
    );
    let tables = section(&page, "tables");
    assert!(is_increasing(&positions(
        tables,
        &["params.temperature", "params.defection", "params.noise"]
    )));
    assert!(tables.contains("largest mu star (either sign) first"));
    assert!(tables.contains("Not shown here: mu, sigma."));
    assert!(section(&page, "result").contains("morris"));
}

/// The `<h2>` headings of a page, in order.
fn headings(page: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(i) = rest.find(&open) {
        rest = &rest[i + open.len()..];
        let end = rest.find(&close).expect("heading closes");
        out.push(rest[..end].to_owned());
        rest = &rest[end..];
    }
    out
}

/// Every kind of folder, made by the commands, gives a page in the order a
/// class reads it: the question and the answer with the main chart first,
/// then the details, the other charts, the tables, the scenario, and the
/// provenance last and collapsed; every chart once with a caption, no
/// table twice.
#[test]
fn every_kind_of_page_reads_in_the_same_order() {
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let commands = every_kind_of_folder();
    // A backtest's or a calibration's past elections stand where the
    // other kinds have their scenario.
    let order = [
        "Question and answer",
        "In detail",
        "Charts",
        "Tables",
        "Scenario",
        "Provenance",
    ];
    let rank = |h: &str| {
        order
            .iter()
            .position(|o| *o == if h == "Cases" { "Scenario" } else { h })
    };
    for (name, args) in commands {
        let folder = out(name);
        let mut args = args.clone();
        args.extend(["--out", &folder, "--quiet"]);
        let res = lobbysim(&args);
        assert_eq!(res.status.code(), Some(0), "{name}: {}", text(&res.stderr));
        let page = report_of(Path::new(&folder));

        let h2 = headings(&page, "h2");
        assert_eq!(h2.first().map(String::as_str), Some(order[0]), "{name}");
        let ranks: Vec<usize> = h2
            .iter()
            .map(|h| rank(h).unwrap_or_else(|| panic!("{name}: heading {h}")))
            .collect();
        assert!(is_increasing(&ranks), "{name}: {h2:?}");
        assert_eq!(h2.last().map(String::as_str), Some("Provenance"));

        let answer = section(&page, "answer");
        assert!(answer.contains("<p class=\"question\">"), "{name}");
        if name == "sweep" {
            assert!(answer.contains("as the daily noise in preferences varies?"));
        }
        if name == "sensitivity" {
            assert!(answer.contains("the daily noise in preferences or the temperature"));
        }
        if name == "conference-ensemble" {
            assert!(answer.contains("who wins each post"));
            assert!(answer.contains("Deal <strong>north-south</strong>"));
            let result = section(&page, "result");
            for post in ["Head of the body", "Deputy head", "Council"] {
                assert!(result.contains(&format!("<h3>{post} ")), "{post}");
            }
            assert!(result.contains("All elected if it breaks it"));
        }
        if name == "backtest" || name == "calibrate" {
            assert!(answer.contains("2 past elections"), "{name}");
            let cases = section(&page, "cases");
            assert!(
                cases.contains("World Health Assembly (70th), 2017"),
                "{name}"
            );
            assert!(cases.contains("FAO Conference"), "{name}");
            assert!(!page.contains("<section id=\"scenario\">"), "{name}");
        }
        if name == "backtest" {
            assert!(answer.contains("Winner: the model beat equal chances in "));
            assert!(answer.contains("Counts: the model's 90% bands held "));
            assert!(section(&page, "result").contains("The scores, election by election"));
            let tables = section(&page, "tables");
            assert!(tables.contains("Each reported count against the model's forecast"));
            // Candidates by name, the percentile as a percentage.
            assert!(tables.contains("Tedros Adhanom Ghebreyesus"));
            assert!(tables.contains("%</td>"));
        }
        if name == "calibrate" {
            assert!(answer.contains("Weight of the bloc-endorsement term: about "));
            let result = section(&page, "result");
            assert!(result.contains("Uniform(lo: 0, hi: 3)"));
            assert!(result.contains("The generations of ABC-SMC"));
            assert!(
                result.contains("<td class=\"num\">100.0%</td>"),
                "generation 0's acceptance"
            );
            assert!(section(&page, "tables").contains("Reported counts against the calibrated"));
        }
        // A conference run's charts are its posts' (posts/<id>/); the page
        // links them rather than showing one of them as the answer.
        let main_charts = usize::from(name != "conference-run");
        assert_eq!(
            answer.matches("<figure>").count(),
            main_charts,
            "{name}: main chart"
        );
        assert!(
            section(&page, "provenance").contains("<details>"),
            "{name}: provenance collapsed"
        );

        // Every chart of the folder once, with a caption.
        let pngs: Vec<String> = entries(Path::new(&folder))
            .into_iter()
            .filter(|f| f.ends_with(".png"))
            .collect();
        if name == "conference-run" {
            // Its charts are each post's, one link per post folder.
            assert!(pngs.is_empty());
            let posts = entries(&Path::new(&folder).join("posts"));
            assert!(posts.len() >= 2, "{name}: {posts:?}");
            for post in posts {
                assert!(page.contains(&format!("posts/{post}")), "{name}: {post}");
            }
        } else {
            assert!(!pngs.is_empty());
        }
        assert_eq!(page.matches("<figure>").count(), pngs.len(), "{name}");
        for png in &pngs {
            assert_eq!(
                page.matches(&format!("<span class=\"file\">({png})</span>"))
                    .count(),
                1,
                "{name}: {png}"
            );
        }
        for caption in headings(&page, "figcaption") {
            let words = caption.split(" <span").next().unwrap_or("");
            assert!(words.split(' ').count() >= 4, "{name}: caption {caption:?}");
        }

        // No table twice: each table heading and each source file once.
        let tables = section(&page, "tables");
        let mut titles = headings(tables, "h3");
        let n = titles.len();
        titles.sort();
        titles.dedup();
        assert_eq!(titles.len(), n, "{name}: a table twice");
        // Nor a summary's list beside the table of the same rows, nor the
        // per-run tables (for scripts: listed, not shown).
        let result = section(&page, "result");
        for list in ["States moved most", "Points", "Outputs"] {
            assert!(
                !result.contains(&format!("<h3>{list}</h3>")),
                "{name}: {list}"
            );
        }
        assert!(
            !titles.iter().any(|t| t.starts_with("Runs")),
            "{name}: {titles:?}"
        );
        if entries(Path::new(&folder)).iter().any(|f| f == "runs.csv") {
            assert!(
                tables.contains(
                    "One row per run, for scripts, not shown here: <code>runs.csv</code>"
                )
            );
        }
        assert_eq!(
            page.matches("<table>").count() + page.matches("<table class=").count(),
            page.matches("</table>").count()
        );
    }
}

/// A backtest's answer counts from `scores.csv`: the cases where the model
/// gave the winner a higher chance than each rule of thumb, and the
/// reported counts inside its bands.
#[test]
fn a_backtest_folder_counts_wins_and_coverage_from_its_scores() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("bt");
    fake_folder(
        &folder,
        "backtest",
        &[(
            "scores.csv",
            "case,forecaster,score,candidate,round,observed,value\n\
             a,model,log,,0,1,0.400000\n\
             a,equal_chances,log,,0,1,1.098612\n\
             a,most_endorsed,log,,0,1,0.000000\n\
             b,model,log,,0,1,inf\n\
             b,equal_chances,log,,0,1,0.693147\n\
             b,most_endorsed,log,,0,1,0.000000\n\
             a,model,crps,x,1,52,4.5\n\
             a,model,pit,x,1,52,0.137500\n\
             a,model,covered_50,x,1,52,0.000000\n\
             a,model,covered_90,x,1,52,1.000000\n\
             a,model,crps,y,1,38,10.8\n\
             a,model,pit,y,1,38,-0.000000\n\
             a,model,covered_50,y,1,38,0.000000\n\
             a,model,covered_90,y,1,38,0.000000\n\
             b,model,crps,z,1,95,2.0\n\
             b,model,pit,z,1,95,0.500000\n\
             b,model,covered_50,z,1,95,1.000000\n\
             b,model,covered_90,z,1,95,1.000000\n",
        )],
    );
    add_pngs(&folder, &["calibration.png"]);
    let page = report_of(&folder);
    assert!(page.contains("<h1>Backtest on 1 past election</h1>"));
    let answer = section(&page, "answer");
    assert!(
        answer.contains(
            "Winner: the model beat equal chances in 1 of 2 and “most endorsed” in 0 of 2 one-seat elections"
        ),
        "{answer}"
    );
    assert!(answer.contains(
        "bands held 2 of 3 reported first-round counts (calibrated: about 3): about right"
    ));
    assert!(answer.contains("The 50% bands held 1 of 3 (calibrated: about 2)."));
    assert!(answer.contains("(calibration.png)"));
    let result = section(&page, "result");
    assert!(
        result.contains("<td class=\"num\">∞</td>"),
        "an infinite log score shows"
    );
    let tables = section(&page, "tables");
    // Percentiles as percentages; a negative zero as zero; each case once.
    assert!(tables.contains("<td class=\"num\">13.8%</td>"));
    assert!(tables.contains("<td class=\"num\">0.0%</td>"));
    assert!(!tables.contains("-0.0%"));
    assert_eq!(tables.matches("<td>a</td>").count(), 1);
    // The raw scores are not shown again as a table of their own.
    assert_eq!(headings(tables, "h3").len(), 1);
    // The case file is gone: the page says so where it lists the cases.
    assert!(section(&page, "cases").contains("gone/missing.ron was not found"));
}

/// `lobbysim report DIR` in `dir`, killed after 60 s (a read that blocks
/// on a pipe would hang).
#[cfg(unix)]
fn report_within_a_minute(folder: &Path) -> Output {
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_lobbysim"))
        .args(["report", folder.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("lobbysim report hung on {}", folder.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// A pipe or a device placed in a folder (or a link to one) is refused
/// with a clear error, before anything is written; reading it would block
/// or fill the memory.
#[cfg(unix)]
#[test]
fn pipes_and_devices_in_a_folder_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = |path: &Path| {
        let made = Command::new("mkfifo").arg(path).status().unwrap();
        assert!(made.success(), "mkfifo failed");
    };
    let cases: [(&str, &str); 3] = [
        ("pipe", "summary.txt"),
        ("device", "states.csv"),
        ("manifest", "manifest.json"),
    ];
    for (name, file) in cases {
        let folder = dir.path().join(name);
        fake_folder(&folder, "sweep", &[("sweep.csv", "budget,p_win\n1,0.5\n")]);
        let target = folder.join(file);
        if file == "manifest.json" {
            fs::remove_file(&target).unwrap();
        }
        match name {
            "device" => std::os::unix::fs::symlink("/dev/zero", &target).unwrap(),
            _ => fifo(&target),
        }
        let res = report_within_a_minute(&folder);
        assert_eq!(res.status.code(), Some(2), "{name}: {}", text(&res.stderr));
        let stderr = text(&res.stderr);
        assert!(
            stderr.contains(&format!(
                "cannot read {}: it is not a regular file (a pipe, device or socket)",
                target.display()
            )),
            "{name}: {stderr}"
        );
        assert!(
            !folder.join(REPORT_FILE).exists(),
            "{name}: a report was written"
        );
    }
}
