//! What the page shows for each kind of folder, and in which order: the
//! question and its answer in plain words with the main chart, the result
//! in detail (the ballot's rounds of a run, the summary of the other
//! kinds), the other charts with their captions, the tables, the scenario,
//! and the provenance, collapsed.

use std::path::Path;

use super::folder::{Folder, FolderKind, ScenarioInfo, ScenarioSource, read_bytes, read_text};
use super::json::{self, Json};
use super::markup::{cell, escape, heading, percent, shell_line, swatch};
use super::page::{Page, figure, image_type};
use super::tables::{Columns, Selection, Table};
use super::validation;

/// A chart the kind is known to write: file stem and caption.
type Chart = (&'static str, &'static str);

/// A table the kind is known to write, and how the page shows it.
struct TableSpec<'a> {
    file: &'a str,
    title: &'a str,
    rows: Selection,
    columns: Columns,
    /// Patterns of further columns to show as percentages.
    percent: &'a [&'a str],
    /// A long table whose values are shown as further columns.
    join: Option<Join>,
}

/// A long per-state table (`state`, `vote`, values) shown as columns of the
/// state table: `(value column, prefix)` pairs, e.g. `probability` as
/// `p_<vote>`.
#[derive(Clone, Copy)]
struct Join {
    file: &'static str,
    values: &'static [(&'static str, &'static str)],
}

impl TableSpec<'static> {
    const fn joined(
        mut self,
        file: &'static str,
        values: &'static [(&'static str, &'static str)],
    ) -> Self {
        self.join = Some(Join { file, values });
        self
    }
}

const fn table(
    file: &'static str,
    title: &'static str,
    rows: Selection,
    columns: Columns,
) -> TableSpec<'static> {
    TableSpec {
        file,
        title,
        rows,
        columns,
        percent: &[],
        join: None,
    }
}

/// The known files of one kind of folder, in the order shown.
struct Layout {
    /// The chart shown with the answer: the first of these stems the folder has.
    main: &'static [&'static str],
    charts: &'static [Chart],
    tables: Vec<TableSpec<'static>>,
}

/// Rows of a long member-state table shown.
const STATE_ROWS: usize = 25;
/// Dates of a time series shown.
const DATES: usize = 6;
/// A time series is shown with a column per candidate and value, in at most
/// this many columns besides the date (so that it fits a projected page).
const MAX_WIDE_COLUMNS: usize = 7;

/// What each kind writes is documented beside its writer; the patterns here
/// follow those column names and fall back to showing everything.
fn layout(kind: FolderKind) -> Layout {
    match kind {
        FolderKind::Run => Layout {
            main: &["support"],
            charts: &[
                (
                    "support",
                    "Expected votes for each candidate from day to day, with the events that moved them",
                ),
                (
                    "regions",
                    "Each region's expected votes over time, as a share of its voters",
                ),
                (
                    "hemicycle",
                    "One seat per member state, coloured by its likeliest vote at the ballot; in the middle, the first round's tally",
                ),
                (
                    "ballot",
                    "Each round's votes per candidate, the votes needed, and who was elected, eliminated or withdrew",
                ),
                (
                    "transfers",
                    "Where the voters of each eliminated or withdrawn candidate went in the next round",
                ),
            ],
            tables: vec![
                table(
                    "states.csv",
                    "Member states at the ballot",
                    Selection::ClosestFirst(STATE_ROWS),
                    Columns::All,
                )
                .joined("state_votes.csv", &[("probability", "p_")]),
                table(
                    "timeseries.csv",
                    "Expected votes and chances over time",
                    Selection::AtDates(DATES),
                    Columns::All,
                ),
            ],
        },
        FolderKind::Ensemble => Layout {
            main: &["winprob"],
            charts: &[
                (
                    "support_bands",
                    "Expected votes over time: the median run and the spread between runs",
                ),
                (
                    "winprob",
                    "The chance of winning if the ballot were held that day",
                ),
                (
                    "outcome",
                    "Who was elected, and after how many rounds, over all runs",
                ),
                (
                    "swing_states",
                    "The member states whose votes decided the outcome most often",
                ),
            ],
            tables: vec![
                table(
                    "states.csv",
                    "Member states over all runs, most decisive first",
                    Selection::LargestFirst {
                        columns: &["pivotal"],
                        abs: false,
                        n: STATE_ROWS,
                    },
                    Columns::Hide(&["first_round_*"]),
                )
                .joined(
                    "state_votes.csv",
                    &[("probability", "p_"), ("first_round", "first_round_")],
                ),
                table(
                    "timeseries.csv",
                    "Expected votes and chances over time",
                    Selection::AtDates(DATES),
                    Columns::Keep(&[
                        "date",
                        "candidate",
                        "region",
                        "expected_votes_p50",
                        "win_probability_mean",
                        "expected_votes*",
                        "win_probability*",
                    ]),
                ),
            ],
        },
        FolderKind::Compare => Layout {
            main: &["compare_support"],
            charts: &[
                (
                    "compare_support",
                    "Expected votes over time in the two scenarios",
                ),
                (
                    "compare_states",
                    "The member states that change most between the two scenarios",
                ),
            ],
            tables: vec![
                TableSpec {
                    file: "compare.csv",
                    title: "The two scenarios side by side",
                    rows: Selection::Head(40),
                    columns: Columns::Hide(&[
                        "*_low", "*_high", "runs", "both", "only_*", "neither",
                    ]),
                    percent: &["base", "what_if", "difference"],
                    join: None,
                },
                table(
                    "states_diff.csv",
                    "Member states that change most",
                    Selection::LargestFirst {
                        columns: &["movement", "*diff*", "*change*", "*delta*"],
                        abs: true,
                        n: STATE_ROWS,
                    },
                    Columns::Hide(&[
                        "rank",
                        "voting_rights",
                        "base_p_blank",
                        "base_p_absent",
                        "what_if_p_blank",
                        "what_if_p_absent",
                        "change_p_blank",
                        "change_p_absent",
                    ]),
                )
                .joined(
                    "states_diff_votes.csv",
                    &[
                        ("base", "base_p_"),
                        ("what_if", "what_if_p_"),
                        ("change", "change_p_"),
                    ],
                ),
            ],
        },
        FolderKind::Sweep => Layout {
            main: &["sweep_line", "sweep_heatmap"],
            charts: &[
                ("sweep_line", "The outcome as the parameter varies"),
                ("sweep_heatmap", "The outcome over two parameters"),
            ],
            tables: vec![
                table(
                    "sweep.csv",
                    "The outcome at each value",
                    Selection::Head(60),
                    Columns::Hide(&["point", "*_low", "*_high", "runs"]),
                ),
                table(
                    "sweep_points.csv",
                    "No winner, or more than one round, at each value",
                    Selection::Head(60),
                    Columns::Hide(&["point", "*_low", "*_high", "runs"]),
                ),
            ],
        },
        FolderKind::Sensitivity => Layout {
            main: &["sensitivity"],
            charts: &[("sensitivity", "Which parameters move the outcome most")],
            tables: vec![
                table(
                    "sensitivity.csv",
                    "Parameters, most influential first",
                    Selection::LargestFirst {
                        columns: &["mu_star", "ST", "S1"],
                        abs: true,
                        n: 40,
                    },
                    Columns::Hide(&["mu", "sigma", "*_conf"]),
                ),
                table(
                    "sensitivity_points.csv",
                    "The design points",
                    Selection::Head(20),
                    Columns::Hide(&["point", "runs"]),
                ),
            ],
        },
        // Their tables are built in `validation`.
        FolderKind::Backtest => Layout {
            main: &["calibration"],
            charts: &[(
                "calibration",
                "Where each reported count falls among the model's runs: a calibrated model gives bars at \
                 the dashed line; tall bars at both ends mean bands too narrow",
            )],
            tables: Vec::new(),
        },
        FolderKind::Calibration => Layout {
            main: &["posterior"],
            charts: &[(
                "posterior",
                "The accepted values of each parameter (diagonal) and of each pair (below): a narrow \
                 peak is a value the past elections pin down, a flat spread one they cannot",
            )],
            tables: Vec::new(),
        },
    }
}

/// Whether the folder is one of past elections (backtest, calibration).
fn is_validation(kind: FolderKind) -> bool {
    matches!(kind, FolderKind::Backtest | FolderKind::Calibration)
}

/// Files read by the page's known sections, or too long to show, not shown
/// as extra tables.
const SUMMARY_FILES: [&str; 4] = [
    "summary.txt",
    "summary.json",
    "ballot.csv",
    "timeseries_regions.csv",
];

/// The whole page for `folder`.
pub fn render(folder: &Folder) -> String {
    if super::conference::is_conference(folder) {
        return super::conference::render(folder);
    }
    if is_validation(folder.kind) {
        return render_validation(folder);
    }
    let layout = layout(folder.kind);
    let s = &folder.scenario;
    let mut page = Page::new(&format!("{} – {}", s.display_title(), kind_line(folder)));
    page.header(header(folder));
    let main = main_chart(folder, &layout);
    page.section(
        "answer",
        "Question and answer",
        answer_section(folder, main.as_deref()),
    );
    page.section("result", "In detail", result_section(folder));
    page.section(
        "charts",
        "Charts",
        charts_section(folder, &layout, main.as_deref()),
    );
    page.section("tables", "Tables", tables_section(folder, &layout));
    page.section("scenario", "Scenario", scenario_section(folder));
    page.section("provenance", "Provenance", provenance_section(folder));
    page.finish()
}

/// The page of a backtest or a calibration: the same order, with the
/// past elections in place of the scenario.
fn render_validation(folder: &Folder) -> String {
    let layout = layout(folder.kind);
    let cases = validation::cases(folder);
    let title = validation::title(folder, &cases);
    let mut page = Page::new(&format!("{title} – {}", kind_line(folder)));
    page.header(format!(
        "<p class=\"kind\">lobbysim · {}</p>\n<h1>{}</h1>\n",
        escape(&kind_line(folder)),
        escape(&title)
    ));
    let main = main_chart(folder, &layout);
    let backtest = folder.kind == FolderKind::Backtest;
    let mut answer = format!(
        "<p class=\"question\">{}</p>\n",
        escape(&validation::question(folder, &cases))
    );
    answer.push_str(&if backtest {
        validation::backtest_answer(folder)
    } else {
        validation::calibration_answer(folder)
    });
    if let Some(file) = main.as_deref() {
        answer.push_str(&chart(folder, file, &caption_for(&layout, file)));
    }
    page.section("answer", "Question and answer", answer);
    let detail = if backtest {
        validation::backtest_detail(folder, &cases)
    } else {
        validation::calibration_detail(folder)
    };
    page.section("result", "In detail", detail);
    page.section(
        "charts",
        "Charts",
        charts_section(folder, &layout, main.as_deref()),
    );
    let mut tables = if backtest {
        validation::backtest_tables(folder, &cases)
    } else {
        validation::calibration_tables(folder, &cases)
    };
    tables.push_str(&tables_section(folder, &layout));
    page.section("tables", "Tables", tables);
    page.section("cases", "Cases", validation::cases_section(&cases));
    page.section("provenance", "Provenance", provenance_section(folder));
    page.finish()
}

/// The file of the main chart, if the folder has one.
fn main_chart(folder: &Folder, layout: &Layout) -> Option<String> {
    layout.main.iter().find_map(|stem| {
        ["png", "svg"]
            .iter()
            .map(|ext| format!("{stem}.{ext}"))
            .find(|name| folder.has(name))
    })
}

/// The caption of a chart the layout knows, else one from its file name.
fn caption_for(layout: &Layout, file: &str) -> String {
    let stem = Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    layout
        .charts
        .iter()
        .find(|(s, _)| *s == stem)
        .map_or_else(|| caption_of(file), |(_, c)| (*c).to_owned())
}

/// The question the folder answers, in plain words.
fn question(folder: &Folder) -> String {
    let title = folder.scenario.display_title();
    let m = &folder.manifest;
    let extra = |key: &str| -> Vec<String> {
        // The manifest's `extra` fields sit among its other fields.
        m.other
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(Json::as_str)
                    .map(|spec| {
                        let path = spec.split('=').next().unwrap_or(spec);
                        crate::report::charts::figure::parameter_name(path)
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let question = match folder.kind {
        FolderKind::Run => format!(
            "who wins in one simulated campaign and ballot{}?",
            m.seed.map(|s| format!(" (seed {s})")).unwrap_or_default()
        ),
        FolderKind::Ensemble => format!(
            "how likely is each candidate to win{}?",
            m.runs
                .map(|r| format!(", over {r} simulated campaigns"))
                .unwrap_or_default()
        ),
        FolderKind::Compare => {
            "how does the what-if change each candidate's chance of winning?".to_owned()
        }
        FolderKind::Sweep => format!(
            "how do the chances of winning change as the {} varies?",
            or_default(extra("vary"), "parameter")
        ),
        FolderKind::Sensitivity => format!(
            "which parameter moves the chances of winning most, the {}?",
            or_default(extra("parameters"), "parameters")
        ),
        // Asked by `validation::question`.
        FolderKind::Backtest | FolderKind::Calibration => String::new(),
    };
    format!("“{title}”: {question}")
}

/// The names joined with "or", or `default` when there are none.
fn or_default(names: Vec<String>, default: &str) -> String {
    match names.as_slice() {
        [] => default.to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or the {last}", init.join(", the ")),
    }
}

/// The question, the answer in plain words, and the main chart.
fn answer_section(folder: &Folder, main: Option<&str>) -> String {
    let mut out = format!("<p class=\"question\">{}</p>\n", escape(&question(folder)));
    if folder.has("ballot.csv") {
        out.push_str(&winner_headline(folder));
    }
    if let Some(summary) = read_summary(folder).and_then(Result::ok) {
        out.push_str(&elected_headline(&summary, &folder.scenario));
    }
    if let Ok(text) = read_text(&folder.file("summary.txt")) {
        let paragraphs = paragraphs(&text);
        if let Some((i, skip)) = answer_paragraph(folder.kind)
            && let Some(lines) = paragraphs.get(i)
        {
            out.push_str(&lines_html(
                &answer_lines(&lines[skip.min(lines.len())..]),
                "answer",
            ));
        }
    }
    if let Some(file) = main {
        let layout = layout(folder.kind);
        out.push_str(&chart(folder, file, &caption_for(&layout, file)));
    }
    out
}

/// Which paragraph of `summary.txt` answers the question, and how many of
/// its first lines to leave to the details: a comparison's verdict, a
/// sensitivity analysis's ranking for the leading candidate, a sweep's
/// points (after its title and design).
fn answer_paragraph(kind: FolderKind) -> Option<(usize, usize)> {
    match kind {
        FolderKind::Compare | FolderKind::Sensitivity => Some((1, 0)),
        FolderKind::Sweep => Some((0, 2)),
        FolderKind::Run | FolderKind::Ensemble | FolderKind::Backtest | FolderKind::Calibration => {
            None
        }
    }
}

/// Lines of an answer shown with the main chart: at most
/// [`ANSWER_LINES`]; a longer list (a sweep's points) as its first line,
/// its first and last items and a pointer to the rest, so that the chart
/// stays on the first screen.
fn answer_lines(lines: &[String]) -> Vec<String> {
    if lines.len() <= ANSWER_LINES {
        return lines.to_vec();
    }
    vec![
        lines[0].clone(),
        lines[1].clone(),
        format!("… {} more (all of them under In detail) …", lines.len() - 3),
        lines[lines.len() - 1].clone(),
    ]
}

/// Lines of `summary.txt` shown with the answer before it is shortened.
const ANSWER_LINES: usize = 4;

/// Paragraphs of a text (blank-line separated), each as its lines, trimmed.
fn paragraphs(text: &str) -> Vec<Vec<String>> {
    text.split("\n\n")
        .map(|p| {
            p.lines()
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// Lines as one paragraph with line breaks, of class `class`.
fn lines_html(lines: &[String], class: &str) -> String {
    let body: Vec<String> = lines.iter().map(|l| escape(l)).collect();
    format!("<p class=\"{class}\">{}</p>\n", body.join("<br>\n"))
}

/// Lists of `summary.json` that a table of the page shows from its file:
/// left out of the summary, so that no table appears twice.
const IN_TABLES: [(&str, &str); 3] = [
    ("states_moved_most", "states_diff.csv"),
    ("points", "sweep.csv"),
    ("outputs", "sensitivity.csv"),
];

/// A summary as a reader needs it: the scenario's hash left to the
/// provenance, the lists that the tables show left to them ([`IN_TABLES`]),
/// and `rounds` (runs by number of rounds, index = rounds) in
/// words: "1 round: 3 runs · 2 rounds: 37 runs".
fn for_readers(summary: Json, folder: &Folder) -> Json {
    let Json::Object(fields) = summary else {
        return summary;
    };
    let fields = fields
        .into_iter()
        .filter(|(k, _)| k != "scenario_sha256")
        .filter(|(k, _)| {
            !IN_TABLES
                .iter()
                .any(|(key, file)| k == key && folder.has(file))
        })
        .map(|(k, v)| match (k.as_str(), &v) {
            ("rounds", Json::Array(counts)) => {
                let words: Vec<String> = counts
                    .iter()
                    .enumerate()
                    .filter_map(|(n, c)| {
                        let c = c.as_u64().filter(|&c| c > 0)?;
                        let plural =
                            |x: u64, w: &str| format!("{x} {w}{}", if x == 1 { "" } else { "s" });
                        Some(format!(
                            "{}: {}",
                            plural(n as u64, "round"),
                            plural(c, "run")
                        ))
                    })
                    .collect();
                ("runs by rounds".to_owned(), Json::String(words.join(" · ")))
            }
            _ => (k, v),
        })
        .collect();
    Json::Object(fields)
}

/// `summary.json`, if the folder has one: parsed, or why not.
fn read_summary(folder: &Folder) -> Option<Result<Json, String>> {
    folder
        .has("summary.json")
        .then(|| read_text(&folder.file("summary.json")).and_then(|text| json::parse(&text)))
}

/// E.g. "Single run, seed 7" or "Ensemble of runs, 500 runs, seed 7"
/// (`runs` as the manifest records it: per point for a sweep or a
/// sensitivity analysis, per side for a comparison).
fn kind_line(folder: &Folder) -> String {
    let m = &folder.manifest;
    let mut parts = vec![folder.kind.label().to_owned()];
    if let Some(runs) = m.runs {
        parts.push(match folder.kind {
            FolderKind::Run | FolderKind::Ensemble => format!("{runs} runs"),
            FolderKind::Compare => format!("{runs} paired runs"),
            FolderKind::Sweep | FolderKind::Sensitivity => format!("{runs} runs at each point"),
            FolderKind::Backtest | FolderKind::Calibration => format!("{runs} runs per case"),
        });
    }
    if let Some(seed) = m.seed {
        parts.push(format!("seed {seed}"));
    }
    parts.join(", ")
}

pub(super) fn header(folder: &Folder) -> String {
    let s = &folder.scenario;
    let mut out = format!(
        "<p class=\"kind\">lobbysim · {}</p>\n<h1>{}</h1>\n",
        escape(&kind_line(folder)),
        escape(s.display_title())
    );
    if !s.name.is_empty() {
        out.push_str(&format!(
            "<p class=\"meta-line\">Scenario <code>{}</code>",
            escape(&s.name)
        ));
        if !folder.manifest.overrides.is_empty() {
            out.push_str(&format!(
                ", changed by {}",
                folder
                    .manifest
                    .overrides
                    .iter()
                    .map(|o| format!("<code>{}</code>", escape(o)))
                    .collect::<Vec<_>>()
                    .join(" ")
            ));
        }
        out.push_str("</p>\n");
    }
    out
}

pub(super) fn scenario_section(folder: &Folder) -> String {
    let s = &folder.scenario;
    let mut out = String::new();
    match &s.source {
        ScenarioSource::Reloaded { same_file: true } => {}
        ScenarioSource::Reloaded { same_file: false } => out.push_str(&format!(
            "<p class=\"warning\">The scenario file <code>{}</code> has changed since these results \
             were made (its SHA-256 differs from the manifest's): the facts below are from the file as \
             it is now.</p>\n",
            escape(&folder.manifest.scenario_path)
        )),
        ScenarioSource::Manifest { reason } => out.push_str(&format!(
            "<p class=\"warning\">{}; the facts below come from the manifest and the folder's files.</p>\n",
            escape(&capitalise(reason))
        )),
    }
    for paragraph in s.description.split("\n\n").filter(|p| !p.trim().is_empty()) {
        out.push_str(&format!("<p>{}</p>\n", escape(paragraph.trim())));
    }
    let mut rows: Vec<(String, String)> = Vec::new();
    if !s.candidates.is_empty() {
        let list = s
            .candidates
            .iter()
            .map(|c| {
                format!(
                    "<span class=\"nowrap\">{}{} <span class=\"interval\">({})</span></span>",
                    swatch(c.colour.as_deref()),
                    escape(&c.name),
                    escape(&c.id)
                )
            })
            .collect::<Vec<_>>()
            .join(", &nbsp;");
        rows.push(("Candidates".to_owned(), list));
    }
    if let Some((all, voting)) = s.states {
        rows.push((
            "Member states".to_owned(),
            format!("{all} ({voting} with voting rights)"),
        ));
    }
    if !s.regions.is_empty() {
        let list = s
            .regions
            .iter()
            .map(|(id, name)| {
                format!(
                    "{} <span class=\"interval\">({})</span>",
                    escape(name),
                    escape(id)
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        rows.push(("Regions".to_owned(), list));
    }
    if let Some(date) = &s.ballot_date {
        rows.push(("Ballot".to_owned(), escape(date)));
    }
    if let Some(rule) = &s.elimination {
        rows.push((
            "After a round without a majority".to_owned(),
            elimination_text(rule),
        ));
    }
    if rows.is_empty() {
        return out;
    }
    out.push_str(&key_values(&rows));
    out
}

fn elimination_text(rule: &str) -> String {
    match rule {
        "DropLowest" => {
            "the candidate with the fewest votes leaves (<code>DropLowest</code>)".to_owned()
        }
        "TopTwoRunoff" => {
            "after each round, only the two strongest go on (<code>TopTwoRunoff</code>)".to_owned()
        }
        "NoElimination" => {
            "nobody leaves; the rounds repeat (<code>NoElimination</code>)".to_owned()
        }
        other => format!("<code>{}</code>", escape(other)),
    }
}

fn result_section(folder: &Folder) -> String {
    let mut out = String::new();
    if folder.has("ballot.csv") {
        out.push_str(&ballot_html(folder));
    }
    let summary = match read_summary(folder) {
        Some(Ok(summary)) => Some(summary),
        Some(Err(e)) => {
            out.push_str(&unreadable("summary.json", &e));
            None
        }
        None => None,
    };
    if folder.has("summary.txt") {
        match read_text(&folder.file("summary.txt")) {
            Ok(text) => {
                out.push_str("<h3>In words</h3>\n");
                // All but what the answer already says.
                let answered = answer_paragraph(folder.kind);
                for (i, lines) in paragraphs(&text).iter().enumerate() {
                    // A shortened answer leaves the whole list here.
                    let shown = match answered {
                        Some((a, skip))
                            if a == i && lines.len() - skip.min(lines.len()) <= ANSWER_LINES =>
                        {
                            &lines[..skip.min(lines.len())]
                        }
                        _ => &lines[..],
                    };
                    if !shown.is_empty() {
                        out.push_str(&lines_html(shown, "summary"));
                    }
                }
                out.push_str("<p class=\"note\">From <code>summary.txt</code>.</p>\n");
            }
            Err(e) => out.push_str(&unreadable("summary.txt", &e)),
        }
    }
    if let Some(summary) = summary {
        out.push_str("<h3>In figures</h3>\n");
        out.push_str(&json::to_html(&for_readers(summary, folder)));
        let left: Vec<String> = IN_TABLES
            .iter()
            .filter(|(_, file)| folder.has(file))
            .map(|(key, file)| {
                format!("its <code>{key}</code> are the table from <code>{file}</code> below")
            })
            .collect();
        let left = if left.is_empty() {
            String::new()
        } else {
            format!(" ({})", left.join("; "))
        };
        out.push_str(&format!(
            "<p class=\"note\">From <code>summary.json</code>{left}.</p>\n"
        ));
    }
    out
}

/// "Ana Ortiz: elected in 62.0% of runs" for each candidate that
/// `summary.json` gives an `elected` share for.
fn elected_headline(summary: &Json, scenario: &ScenarioInfo) -> String {
    let Some(candidates) = summary.get("candidates").and_then(Json::as_array) else {
        return String::new();
    };
    let lines: Vec<String> = candidates
        .iter()
        .filter_map(|c| {
            let p = c.get("elected")?.get("p")?.as_f64()?;
            let id = c.get("id").and_then(Json::as_str).unwrap_or("");
            let name = c
                .get("name")
                .and_then(Json::as_str)
                .unwrap_or_else(|| scenario.candidate_name(id));
            let colour = c
                .get("colour")
                .and_then(Json::as_str)
                .or_else(|| scenario.candidate(id).and_then(|l| l.colour.as_deref()));
            Some(format!(
                "<p class=\"headline\">{}{}: elected in {} of runs</p>\n",
                swatch(colour),
                escape(name),
                percent(p)
            ))
        })
        .collect();
    lines.concat()
}

/// One round of the ballot as read from `ballot.csv`.
#[derive(Debug, Default)]
struct Round {
    number: String,
    /// Each candidate's line, in file order.
    votes: Vec<CandidateVotes>,
    valid: String,
    blank: String,
    invalid: String,
    absent: String,
    majority: String,
}

/// One candidate in one round of `ballot.csv`.
#[derive(Debug)]
struct CandidateVotes {
    candidate: String,
    /// As written (a count).
    votes: String,
    /// Still in the race in this round.
    standing: bool,
    elected: bool,
    eliminated: bool,
}

fn read_rounds(path: &Path) -> Result<Vec<Round>, String> {
    let table = Table::read(path)?;
    let col = |name: &str| {
        table
            .column(name)
            .ok_or_else(|| format!("it has no column {name:?}"))
    };
    let (round, candidate, votes) = (col("round")?, col("candidate")?, col("votes")?);
    let (standing, elected, eliminated) = (col("standing")?, col("elected")?, col("eliminated")?);
    let optional = |name: &str| table.column(name);
    let (valid, blank, invalid, absent, majority) = (
        optional("valid"),
        optional("blank"),
        optional("invalid"),
        optional("absent"),
        optional("majority"),
    );
    let mut rounds: Vec<Round> = Vec::new();
    for row in &table.rows {
        let get = |c: usize| table.get(row, c).to_owned();
        let get_opt = |c: Option<usize>| c.map(get).unwrap_or_default();
        let number = get(round);
        if rounds.last().is_none_or(|r| r.number != number) {
            rounds.push(Round {
                number: number.clone(),
                valid: get_opt(valid),
                blank: get_opt(blank),
                invalid: get_opt(invalid),
                absent: get_opt(absent),
                majority: get_opt(majority),
                ..Round::default()
            });
        }
        if let Some(r) = rounds.last_mut() {
            r.votes.push(CandidateVotes {
                candidate: get(candidate),
                votes: get(votes),
                standing: get(standing) == "true",
                elected: get(elected) == "true",
                eliminated: get(eliminated) == "true",
            });
        }
    }
    Ok(rounds)
}

/// The ballot's outcome in one line: who won, in which round, with how
/// many votes of how many valid ones.
fn winner_headline(folder: &Folder) -> String {
    let Ok(rounds) = read_rounds(&folder.file("ballot.csv")) else {
        return String::new();
    };
    if rounds.is_empty() {
        return String::new();
    }
    // Everyone elected, in round order (several for several seats).
    let elected: Vec<(&Round, &str)> = rounds
        .iter()
        .flat_map(|r| {
            r.votes
                .iter()
                .filter(|v| v.elected)
                .map(move |v| (r, v.candidate.as_str()))
        })
        .collect();
    if elected.len() > 1 {
        let list: Vec<String> = elected
            .iter()
            .map(|(round, id)| {
                format!(
                    "{} (round {})",
                    candidate_label(&folder.scenario, id),
                    escape(&round.number)
                )
            })
            .collect();
        return format!("<p class=\"headline\">Elected: {}</p>\n", list.join(", "));
    }
    let winner = rounds.iter().find_map(|r| {
        r.votes
            .iter()
            .find(|v| v.elected)
            .map(|v| (r, v.candidate.clone(), v.votes.clone()))
    });
    match &winner {
        Some((round, id, votes)) => format!(
            "<p class=\"headline\">Winner: {}, elected in round {} with {} of {} valid votes \
             ({} needed)</p>\n",
            candidate_label(&folder.scenario, id),
            escape(&round.number),
            escape(votes),
            escape(&round.valid),
            escape(&round.majority)
        ),
        None => format!(
            "<p class=\"headline\">No winner after {} round{}</p>\n",
            rounds.len(),
            if rounds.len() == 1 { "" } else { "s" }
        ),
    }
}

/// The ballot: a table with a column per round.
fn ballot_html(folder: &Folder) -> String {
    let rounds = match read_rounds(&folder.file("ballot.csv")) {
        Ok(r) if !r.is_empty() => r,
        Ok(_) => return "<p>The ballot table is empty.</p>\n".to_owned(),
        Err(e) => {
            let mut out = unreadable("ballot.csv as ballot rounds", &e);
            if let Ok(table) = Table::read(&folder.file("ballot.csv")) {
                out.push_str(&table.to_html(&table.select(Selection::Head(60)).0));
            }
            return out;
        }
    };
    let label = |id: &str| candidate_label(&folder.scenario, id);
    let mut out = String::new();
    out.push_str("<h3>The ballot, round by round</h3>\n");
    out.push_str("<div class=\"table-wrap\"><table class=\"ballot\">\n<thead><tr><th>Votes</th>");
    for r in &rounds {
        out.push_str(&format!(
            "<th class=\"num\">Round {}</th>",
            escape(&r.number)
        ));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let mut ids: Vec<&str> = Vec::new();
    for r in &rounds {
        for v in &r.votes {
            if !ids.contains(&v.candidate.as_str()) {
                ids.push(&v.candidate);
            }
        }
    }
    for id in &ids {
        out.push_str(&format!("<tr><th scope=\"row\">{}</th>", label(id)));
        for r in &rounds {
            match r.votes.iter().find(|v| v.candidate == *id) {
                Some(CandidateVotes {
                    votes,
                    standing: true,
                    elected,
                    eliminated,
                    ..
                }) => {
                    let (class, tag) = match (elected, eliminated) {
                        (true, _) => (" won", "<span class=\"tag\">elected</span>"),
                        (_, true) => (" out", "<span class=\"tag\">eliminated</span>"),
                        _ => ("", ""),
                    };
                    out.push_str(&format!(
                        "<td class=\"num{class}\">{}{tag}</td>",
                        cell("votes", votes).0
                    ));
                }
                _ => out.push_str("<td class=\"num\">–</td>"),
            }
        }
        out.push_str("</tr>\n");
    }
    type Field = fn(&Round) -> &str;
    let totals: [(&str, Field); 5] = [
        ("Valid votes", |r| &r.valid),
        ("Blank", |r| &r.blank),
        ("Invalid", |r| &r.invalid),
        ("Absent", |r| &r.absent),
        ("Majority needed", |r| &r.majority),
    ];
    for (name, field) in totals {
        if rounds.iter().all(|r| field(r).is_empty()) {
            continue;
        }
        out.push_str(&format!("<tr><th scope=\"row\">{name}</th>"));
        for r in &rounds {
            out.push_str(&format!(
                "<td class=\"num\">{}</td>",
                cell(name, field(r)).0
            ));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    out.push_str(
        "<p class=\"note\">From <code>ballot.csv</code>. A candidate is elected with a majority of \
         the valid votes (votes for a candidate); blank and invalid papers and absent delegations do \
         not count toward it.</p>\n",
    );
    out
}

fn charts_section(folder: &Folder, layout: &Layout, main: Option<&str>) -> String {
    let mut out = String::new();
    let mut shown: Vec<&str> = main.into_iter().collect();
    for (stem, caption) in layout.charts {
        for ext in ["png", "svg"] {
            let name = format!("{stem}.{ext}");
            if let Some(file) = folder
                .files
                .iter()
                .find(|f| **f == name && Some(f.as_str()) != main)
            {
                out.push_str(&chart(folder, file, caption));
                shown.push(file);
            }
        }
    }
    for file in &folder.files {
        if image_type(file).is_some() && !shown.contains(&file.as_str()) {
            out.push_str(&chart(folder, file, &caption_of(file)));
        }
    }
    out
}

pub(super) fn chart(folder: &Folder, file: &str, caption: &str) -> String {
    let Some(mime) = image_type(file) else {
        return String::new();
    };
    match read_bytes(&folder.file(file)) {
        Ok(bytes) => figure(&bytes, mime, caption, file),
        Err(e) => unreadable(file, &e),
    }
}

/// `swing_states.png` → "Swing states".
fn caption_of(file: &str) -> String {
    let stem = Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    capitalise(&stem.replace(['_', '-'], " "))
}

fn tables_section(folder: &Folder, layout: &Layout) -> String {
    let mut out = String::new();
    let mut shown: Vec<&str> = Vec::new();
    for spec in &layout.tables {
        if folder.has(spec.file) {
            out.push_str(&table_html(folder, spec));
            shown.push(spec.file);
            if let Some(join) = spec.join {
                shown.push(join.file);
            }
        }
    }
    let per_run: Vec<&String> = folder.files.iter().filter(|f| is_per_run(f)).collect();
    for file in &folder.files {
        let is_csv = file.to_ascii_lowercase().ends_with(".csv");
        if is_csv
            && !shown.contains(&file.as_str())
            && !SUMMARY_FILES.contains(&file.as_str())
            && !validation::SHOWN.contains(&file.as_str())
            && !is_per_run(file)
        {
            let title = caption_of(file);
            let spec = TableSpec {
                file,
                title: &title,
                rows: Selection::Head(20),
                columns: Columns::All,
                percent: &[],
                join: None,
            };
            out.push_str(&table_html(folder, &spec));
        }
    }
    if !per_run.is_empty() {
        let names: Vec<String> = per_run
            .iter()
            .map(|f| format!("<code>{}</code>", escape(f)))
            .collect();
        out.push_str(&format!(
            "<p class=\"note\">One row per run, for scripts, not shown here: {} (their columns: \
             docs/OUTPUTS.md).</p>\n",
            names.join(", ")
        ));
    }
    out
}

/// The per-run tables (`runs.csv`, `runs_params.csv`, ...): one row per
/// run of the model, for scripts rather than readers.
fn is_per_run(file: &str) -> bool {
    file == "runs.csv" || (file.starts_with("runs_") && file.ends_with(".csv"))
}

fn table_html(folder: &Folder, spec: &TableSpec<'_>) -> String {
    let mut out = format!("<h3>{}</h3>\n", escape(spec.title));
    let read = Table::read(&folder.file(spec.file));
    let full = match read {
        Ok(mut t) => {
            t.percent = spec.percent.iter().map(|p| (*p).to_owned()).collect();
            if let Some(join) = spec.join
                && folder.has(join.file)
            {
                match Table::read(&folder.file(join.file)) {
                    Ok(long) => t.join_wide("code", &long, "state", "vote", join.values),
                    Err(e) => out.push_str(&unreadable(join.file, &e)),
                }
            }
            t
        }
        Err(e) => {
            out.push_str(&unreadable(spec.file, &e));
            return out;
        }
    };
    let (mut table, mut hidden) = full.project(spec.columns);
    table.labels = Some(
        table
            .header
            .iter()
            .map(|h| {
                varied_parameter(h, folder).unwrap_or_else(|| readable_heading(h, &folder.scenario))
            })
            .collect(),
    );
    let (rows, note) = table.select(spec.rows);
    let name = |id: &str| candidate_label(&folder.scenario, id);
    let wide = matches!(spec.rows, Selection::AtDates(_))
        .then(|| table.by_candidate(&rows, MAX_WIDE_COLUMNS, &name))
        .flatten();
    match wide {
        Some((wide, omitted)) => {
            out.push_str(&wide.to_html_all());
            hidden.extend(omitted);
        }
        None => out.push_str(&table.to_html(&rows)),
    }
    let mut note = escape(&note);
    if !hidden.is_empty() {
        let names: Vec<String> = hidden.iter().map(|h| heading(h)).collect();
        note.push_str(&format!(" Not shown here: {}.", names.join(", ")));
    }
    let mut from = format!("<code>{}</code>", escape(spec.file));
    if let Some(join) = spec.join.filter(|j| folder.has(j.file)) {
        from.push_str(&format!(" and <code>{}</code>", escape(join.file)));
    }
    out.push_str(&format!(
        "<p class=\"note\">{} From {from}.</p>\n",
        note.trim()
    ));
    out
}

pub(super) fn provenance_section(folder: &Folder) -> String {
    let m = &folder.manifest;
    let code = |s: &str| format!("<code>{}</code>", escape(s));
    let mut rows: Vec<(String, String)> = Vec::new();
    let tool = format!("{} {}", m.tool, m.version);
    if !tool.trim().is_empty() {
        rows.push(("Tool".to_owned(), escape(tool.trim())));
    }
    if !m.command_line.is_empty() {
        let mut args = m.command_line.clone();
        // The program as a name, not a path on the machine that ran it.
        if let Some(name) = Path::new(&args[0]).file_name() {
            args[0] = name.to_string_lossy().into_owned();
        }
        rows.push(("Command line".to_owned(), code(&shell_line(&args))));
    }
    rows.push(("Kind".to_owned(), code(&m.command)));
    if !m.scenario_path.is_empty() {
        rows.push(("Scenario file".to_owned(), code(&m.scenario_path)));
    }
    if !m.scenario_sha256.is_empty() {
        let check = match &folder.scenario.source {
            ScenarioSource::Reloaded { same_file: true } => " (the file still has it)",
            ScenarioSource::Reloaded { same_file: false } => " (the file has changed since)",
            ScenarioSource::Manifest { .. } => " (not checked: the file could not be loaded)",
        };
        rows.push((
            "Scenario SHA-256".to_owned(),
            format!(
                "{}<span class=\"interval\">{check}</span>",
                code(&m.scenario_sha256)
            ),
        ));
    }
    if let Some(seed) = m.seed {
        rows.push(("Seed".to_owned(), seed.to_string()));
    }
    if let Some(runs) = m.runs {
        rows.push(("Runs".to_owned(), runs.to_string()));
    }
    let overrides = if m.overrides.is_empty() {
        "none".to_owned()
    } else {
        m.overrides
            .iter()
            .map(|o| code(o))
            .collect::<Vec<_>>()
            .join("<br>")
    };
    rows.push(("Overrides".to_owned(), overrides));
    if !m.created_utc.is_empty() {
        rows.push(("Created (UTC)".to_owned(), escape(&m.created_utc)));
    }
    for (k, v) in &m.other {
        if k != "runs" {
            rows.push((capitalise(&heading(k)), json::inline(k, v)));
        }
    }
    let files = folder
        .manifest
        .files
        .iter()
        .map(|f| {
            if folder.has(f) {
                code(f)
            } else {
                format!("{} <span class=\"interval\">(missing)</span>", code(f))
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    if !files.is_empty() {
        rows.push(("Files".to_owned(), files));
    }
    // Collapsed: what made the results, for whoever checks them.
    let mut out = String::from(
        "<details>\n<summary>What made these results: the command, the scenario file and its \
         SHA-256, the seed, the files</summary>\n",
    );
    out.push_str(&key_values(&rows));
    out.push_str(&format!(
        "<p class=\"note\">From <code>manifest.json</code> in the folder <code>{}</code>.</p>\n</details>\n",
        escape(
            &folder
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| folder.path.display().to_string())
        )
    ));
    out
}

/// The heading of a column that holds a varied parameter of a sweep or a
/// sensitivity analysis (named by its path as a plain identifier,
/// `campaigns.ru.outreach.budget` → `campaigns_ru_outreach_budget`): the
/// parameter in words, as the charts name it.
fn varied_parameter(name: &str, folder: &Folder) -> Option<String> {
    ["vary", "parameters"]
        .iter()
        .filter_map(|key| folder.manifest.other.iter().find(|(k, _)| k == key))
        .filter_map(|(_, v)| v.as_array())
        .flatten()
        .filter_map(Json::as_str)
        .map(|spec| spec.split('=').next().unwrap_or(spec))
        .find(|path| crate::report::csv::column_name(path) == name)
        .map(|path| escape(&crate::report::charts::figure::parameter_name(path)))
}

/// A column's heading for people (HTML): a candidate's id in a column
/// shown wide (`p_ORT`, `base_p_ORT`, `first_round_ORT`) as the name,
/// counts of votes with their unit, other names as [`heading`] makes them.
fn readable_heading(name: &str, s: &ScenarioInfo) -> String {
    for (prefix, before) in [
        ("base_p_", "base: "),
        ("what_if_p_", "what-if: "),
        ("change_p_", "change: "),
        ("p_", ""),
    ] {
        if let Some(id) = name.strip_prefix(prefix)
            && let Some(c) = s.candidate(id)
        {
            return format!("{before}P({})", escape(&c.name));
        }
    }
    if let Some(c) = name
        .strip_prefix("first_round_")
        .and_then(|id| s.candidate(id))
    {
        return format!("first round: {}", escape(&c.name));
    }
    match name {
        "expected_votes" => "expected votes (states)".to_owned(),
        "mean_votes" => "mean first-round votes".to_owned(),
        "pivotal" => "pivotal (share of runs)".to_owned(),
        "movement" => "movement (share of the vote)".to_owned(),
        _ => heading(name),
    }
}

/// A candidate's colour and name, as HTML.
fn candidate_label(s: &ScenarioInfo, id: &str) -> String {
    format!(
        "{}{}",
        swatch(s.candidate(id).and_then(|c| c.colour.as_deref())),
        escape(s.candidate_name(id))
    )
}

/// A two-column table of already-escaped names and values.
pub(super) fn key_values(rows: &[(String, String)]) -> String {
    let mut out = String::from("<div class=\"table-wrap\"><table class=\"kv\"><tbody>\n");
    for (k, v) in rows {
        out.push_str(&format!(
            "<tr><th scope=\"row\">{k}</th><td>{v}</td></tr>\n"
        ));
    }
    out.push_str("</tbody></table></div>\n");
    out
}

pub(super) fn unreadable(what: &str, reason: &str) -> String {
    format!(
        "<p class=\"warning\">Cannot read {}: {}</p>\n",
        escape(what),
        escape(reason)
    )
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
