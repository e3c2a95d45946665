//! The pages of the validation folders: a backtest (past elections scored
//! against their reported results, beside simple baselines) and a
//! calibration (the parameters fitted to past elections by ABC-SMC).
//!
//! Both read their tidy tables (`scores.csv`; `posterior.csv`,
//! `generations.csv`, `predictive.csv`) and say in words what they show:
//! how often the model beat the baselines on the winner, how many observed
//! counts its bands held against how many a calibrated forecast would hold,
//! and where each calibrated parameter ended up against its prior.

use std::path::Path;

use super::folder::{Folder, FolderKind, reload, scenario_file};
use super::json::{Json, capitalised};
use super::markup::{escape, fixed, percent};
use super::tables::Table;
use crate::analysis::abc::weighted_quantile;
use crate::scenario::Overrides;

/// A past election of the folder: its file, and what the file says of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// As the command line gave it.
    pub path: String,
    /// `meta.name`, as the tables name the case; empty when not loaded.
    pub name: String,
    /// `meta.title`; empty when not loaded.
    pub title: String,
    /// The manifest's SHA-256 for the file, when it records one.
    pub sha256: Option<String>,
    /// Whether the file still has that hash; `None` when unchecked.
    pub same_file: Option<bool>,
    /// Candidate id and name.
    pub candidates: Vec<(String, String)>,
    /// Why the file could not be loaded.
    pub problem: Option<String>,
}

/// The cases of a backtest or calibration folder: the manifest's `cases`
/// (path and SHA-256) where it has them, else the `.ron` arguments of its
/// command line; each re-loaded for its name and title.
pub fn cases(folder: &Folder) -> Vec<Case> {
    let m = &folder.manifest;
    let recorded: Vec<(String, Option<String>)> = m
        .other
        .iter()
        .find(|(k, _)| k == "cases")
        .and_then(|(_, v)| v.as_array())
        .map(|list| {
            list.iter()
                .filter_map(|c| {
                    let path = c.get("path")?.as_str()?.to_owned();
                    let sha = c.get("sha256").and_then(Json::as_str).map(str::to_owned);
                    Some((path, sha))
                })
                .collect()
        })
        .unwrap_or_default();
    let paths = if recorded.is_empty() {
        m.command_line
            .iter()
            .skip(2)
            .filter(|a| !a.starts_with('-') && a.ends_with(".ron"))
            .map(|a| (a.clone(), None))
            .collect()
    } else {
        recorded
    };
    paths
        .into_iter()
        .map(|(path, sha256)| {
            let file = scenario_file(&folder.path, Path::new(&path));
            match reload(&file, &Overrides::default()) {
                Ok(loaded) => Case {
                    name: loaded.scenario.meta.name.clone(),
                    title: loaded.scenario.meta.title.clone(),
                    candidates: loaded
                        .scenario
                        .candidates
                        .iter()
                        .map(|c| (c.id.clone(), c.name.clone()))
                        .collect(),
                    same_file: sha256.as_ref().map(|s| *s == loaded.sha256()),
                    sha256,
                    problem: None,
                    path,
                },
                Err(reason) => Case {
                    name: String::new(),
                    title: String::new(),
                    candidates: Vec::new(),
                    same_file: None,
                    sha256,
                    problem: Some(reason),
                    path,
                },
            }
        })
        .collect()
}

/// The case's title for id `name` (as the tables name it), or the name.
fn case_title<'a>(cases: &'a [Case], name: &'a str) -> &'a str {
    cases
        .iter()
        .find(|c| c.name == name && !c.title.is_empty())
        .map_or(name, |c| c.title.as_str())
}

/// The name of candidate `id` in case `case` (as the tables name it), or
/// the id.
fn candidate_name<'a>(cases: &'a [Case], case: &str, id: &'a str) -> &'a str {
    cases
        .iter()
        .find(|c| c.name == case)
        .and_then(|c| c.candidates.iter().find(|(i, _)| i == id))
        .map_or(id, |(_, name)| name.as_str())
}

/// Blanks the cells of column `c` that repeat the row above, so that a
/// long title shows once per group of rows.
fn blank_repeats(rows: &mut [Vec<String>], c: usize) {
    let mut previous: Option<String> = None;
    for row in rows {
        let Some(v) = row.get_mut(c) else { continue };
        if previous.as_deref() == Some(v.as_str()) {
            v.clear();
        } else {
            previous = Some(v.clone());
        }
    }
}

/// "3 past elections", or "1 past election".
pub fn cases_phrase(n: usize) -> String {
    format!("{n} past election{}", if n == 1 { "" } else { "s" })
}

/// The page's title: "Backtest on 8 past elections".
pub fn title(folder: &Folder, cases: &[Case]) -> String {
    let what = match folder.kind {
        FolderKind::Calibration => "Calibration on",
        _ if is_leave_one_out(folder) => "Leave-one-out backtest on",
        _ => "Backtest on",
    };
    format!("{what} {}", cases_phrase(cases.len()))
}

fn is_leave_one_out(folder: &Folder) -> bool {
    folder
        .manifest
        .other
        .iter()
        .any(|(k, v)| k == "leave_one_out" && *v == Json::Bool(true))
}

/// The question the folder answers, in plain words.
pub fn question(folder: &Folder, cases: &[Case]) -> String {
    match folder.kind {
        FolderKind::Calibration => {
            let names: Vec<String> = params(folder)
                .iter()
                .map(|(path, _)| param_label(path))
                .collect();
            let names = match names.as_slice() {
                [] => "the calibrated parameters".to_owned(),
                [one] => format!("the {one}"),
                [init @ .., last] => format!("the {} and the {last}", init.join(", the ")),
            };
            format!(
                "Which values of {names} bring the model's vote counts closest to what was reported in \
                 {}?",
                cases_phrase(cases.len())
            )
        }
        _ if is_leave_one_out(folder) => format!(
            "Calibrated on the other cases only, how well does the model forecast each of {}: \
             who won, and the first-round counts?",
            cases_phrase(cases.len())
        ),
        _ => format!(
            "How well does the model forecast {}: who won, and the first-round counts, beside \
             simple rules of thumb?",
            cases_phrase(cases.len())
        ),
    }
}

// ---------------------------------------------------------------------------
// Backtest.

/// The rows of `scores.csv`.
#[derive(Debug, Clone, PartialEq)]
struct Score {
    case: String,
    forecaster: String,
    score: String,
    candidate: String,
    round: String,
    observed: String,
    value: f64,
}

fn read_scores(folder: &Folder) -> Result<Vec<Score>, String> {
    let table = Table::read(&folder.file("scores.csv"))?;
    let col = |name: &str| {
        table
            .column(name)
            .ok_or_else(|| format!("it has no column {name:?}"))
    };
    let cols = [
        col("case")?,
        col("forecaster")?,
        col("score")?,
        col("candidate")?,
        col("round")?,
        col("observed")?,
        col("value")?,
    ];
    Ok(table
        .rows
        .iter()
        .map(|row| {
            let get = |i: usize| table.get(row, cols[i]).to_owned();
            Score {
                case: get(0),
                forecaster: get(1),
                score: get(2),
                candidate: get(3),
                round: get(4),
                observed: get(5),
                value: get(6).trim().parse().unwrap_or(f64::NAN),
            }
        })
        .collect())
}

/// The forecasters in the order the page shows them, with their names.
const FORECASTERS: [(&str, &str); 4] = [
    ("model", "Model"),
    ("equal_chances", "Equal chances"),
    ("most_endorsed", "Most endorsed"),
    ("un_vote", "UN-vote rule"),
];

/// Cases in file order.
fn case_order(scores: &[Score]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for s in scores {
        if !out.contains(&s.case.as_str()) {
            out.push(&s.case);
        }
    }
    out
}

/// The winner score `score` (`log`, `brier`) of a forecaster for a case.
fn winner_score(scores: &[Score], case: &str, forecaster: &str, score: &str) -> Option<f64> {
    scores
        .iter()
        .find(|s| {
            s.case == case && s.forecaster == forecaster && s.score == score && s.round == "0"
        })
        .map(|s| s.value)
}

/// The mean CRPS (votes) of a forecaster's counts for a case.
fn mean_crps(scores: &[Score], case: &str, forecaster: &str) -> Option<f64> {
    let values: Vec<f64> = scores
        .iter()
        .filter(|s| s.case == case && s.forecaster == forecaster && s.score == "crps")
        .map(|s| s.value)
        .collect();
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// How many of the model's scored counts its `score` (`covered_50`,
/// `covered_90`) intervals hold, and of how many.
fn coverage(scores: &[Score], score: &str) -> (usize, usize) {
    let rows: Vec<&Score> = scores
        .iter()
        .filter(|s| s.forecaster == "model" && s.score == score)
        .collect();
    (rows.iter().filter(|s| s.value >= 0.5).count(), rows.len())
}

/// How the model fared against a baseline on the winner: cases where it
/// gave the winner a higher chance (lower log score), and cases scored.
fn wins_against(scores: &[Score], baseline: &str) -> (usize, usize) {
    let mut better = 0;
    let mut scored = 0;
    for case in case_order(scores) {
        if let (Some(m), Some(b)) = (
            winner_score(scores, case, "model", "log"),
            winner_score(scores, case, baseline, "log"),
        ) && !m.is_nan()
            && !b.is_nan()
        {
            scored += 1;
            if m < b {
                better += 1;
            }
        }
    }
    (better, scored)
}

/// "4 of 9 (44%)".
fn of(k: usize, n: usize) -> String {
    if n == 0 {
        return "none".to_owned();
    }
    format!("{k} of {n} ({})", percent(k as f64 / n as f64))
}

/// The backtest's answer in plain words: two headlines (the winner, the
/// counts) and a line saying what the terms mean.
pub fn backtest_answer(folder: &Folder) -> String {
    let scores = match read_scores(folder) {
        Ok(s) => s,
        Err(e) => return unreadable("scores.csv", &e),
    };
    let mut out = String::new();
    let mut last = 0;
    let against: Vec<String> = [
        ("equal_chances", "equal chances"),
        ("most_endorsed", "“most endorsed”"),
    ]
    .iter()
    .filter_map(|(baseline, name)| {
        let (better, scored) = wins_against(&scores, baseline);
        last = scored.max(last);
        (scored > 0).then(|| format!("{name} in {better} of {scored}"))
    })
    .collect();
    if !against.is_empty() {
        out.push_str(&format!(
            "<p class=\"headline\">Winner: the model beat {} one-seat election{}</p>\n",
            escape(&against.join(" and ")),
            if last == 1 { "" } else { "s" }
        ));
    }
    let (in90, n) = coverage(&scores, "covered_90");
    let (in50, n50) = coverage(&scores, "covered_50");
    let expected = |share: f64, n: usize| (share * n as f64).round() as usize;
    if n > 0 {
        let verdict = if in90 + 1 < expected(0.9, n) || in50 + 1 < expected(0.5, n50) {
            "too narrow"
        } else if in90 > expected(0.9, n) + 1 || in50 > expected(0.5, n50) + 1 {
            "too wide"
        } else {
            "about right"
        };
        out.push_str(&format!(
            "<p class=\"headline\">Counts: the model's 90% bands held {in90} of {n} reported \
             first-round counts (calibrated: about {}): {verdict}</p>\n",
            expected(0.9, n)
        ));
    }
    let mut words = String::from(
        "Beat: gave the winner a higher chance. Equal chances: every candidate alike; “most \
         endorsed”: the candidate endorsed by the most members of blocs.",
    );
    if n == 0 {
        words.push_str(
            " No reported first-round count of these elections is scored (none was verified), so the \
             chart below has nothing to show.",
        );
    }
    if n50 > 0 {
        words.push_str(&format!(
            " The 50% bands held {in50} of {n50} (calibrated: about {}).",
            expected(0.5, n50)
        ));
    }
    out.push_str(&format!("<p class=\"answer\">{}</p>\n", escape(&words)));
    out
}

/// The backtest in detail: the winner scores case by case, with how to
/// read them.
pub fn backtest_detail(folder: &Folder, cases: &[Case]) -> String {
    let scores = match read_scores(folder) {
        Ok(s) => s,
        Err(_) => return String::new(),
    };
    let present: Vec<(&str, &str)> = FORECASTERS
        .iter()
        .copied()
        .filter(|(f, _)| scores.iter().any(|s| s.forecaster == *f))
        .collect();
    let mut header = vec!["case".to_owned()];
    let mut labels = vec!["Election".to_owned()];
    for (f, name) in &present {
        if *f != "un_vote" {
            header.extend([format!("{f}_log"), format!("{f}_brier")]);
            labels.extend([
                format!("{}: log score", escape(name)),
                format!("{}: Brier", escape(name)),
            ]);
        }
    }
    for (f, name) in &present {
        if scores
            .iter()
            .any(|s| s.forecaster == *f && s.score == "crps")
        {
            header.push(format!("{f}_crps"));
            labels.push(format!("{}: mean CRPS (votes)", escape(name)));
        }
    }
    let rows: Vec<Vec<String>> = case_order(&scores)
        .into_iter()
        .map(|case| {
            let mut row = vec![case_title(cases, case).to_owned()];
            for h in header.iter().skip(1) {
                let (f, score) = h.rsplit_once('_').unwrap_or((h, ""));
                let value = match score {
                    "crps" => mean_crps(&scores, case, f),
                    _ => winner_score(&scores, case, f, score),
                };
                row.push(value.map_or(String::new(), |v| format!("{v:.6}")));
            }
            row
        })
        .collect();
    let table = Table {
        header,
        rows,
        labels: Some(labels),
        percent: Vec::new(),
    };
    let mut out = String::from("<h3>The scores, election by election</h3>\n");
    out.push_str(&table.to_html_all());
    out.push_str(
        "<p class=\"note\">Lower is better in every column. Log score: minus the logarithm of the \
         chance given to the candidate who won (0 for a sure and right forecast, 1.10 for equal chances \
         among three, ∞ when the winner was given no chance). Brier: the squared distance between \
         the chances and what happened (0 best, 2 worst). CRPS: how far, in votes, the forecast \
         first-round counts were from the reported ones. Empty: not scored (elections with several \
         seats get no winner score; a rule of thumb forecasts no counts). From \
         <code>scores.csv</code>; <code>summary.txt</code> gives the same figures as text.</p>\n",
    );
    out
}

/// The backtest's table: each scored count against the model's forecast.
pub fn backtest_tables(folder: &Folder, cases: &[Case]) -> String {
    let scores = match read_scores(folder) {
        Ok(s) => s,
        Err(_) => return String::new(),
    };
    let key = |s: &Score| (s.case.clone(), s.candidate.clone(), s.round.clone());
    let mut keys: Vec<(String, String, String)> = Vec::new();
    for s in scores
        .iter()
        .filter(|s| s.forecaster == "model" && s.score == "pit")
    {
        keys.push(key(s));
    }
    if keys.is_empty() {
        return String::new();
    }
    let value = |k: &(String, String, String), forecaster: &str, score: &str| {
        scores
            .iter()
            .find(|s| key(s) == *k && s.forecaster == forecaster && s.score == score)
    };
    let has_un_vote = scores.iter().any(|s| s.forecaster == "un_vote");
    let mut header: Vec<String> = [
        "case",
        "candidate",
        "round",
        "observed",
        "crps",
        "pit",
        "in_50",
        "in_90",
    ]
    .map(str::to_owned)
    .to_vec();
    let mut labels: Vec<String> = [
        "Election",
        "Candidate",
        "Round",
        "Reported votes",
        "CRPS (votes)",
        "Percentile of the reported count among the runs",
        "Inside the 50% band",
        "Inside the 90% band",
    ]
    .map(str::to_owned)
    .to_vec();
    if has_un_vote {
        header.push("un_vote_crps".to_owned());
        labels.push("UN-vote rule: CRPS (votes)".to_owned());
    }
    let yes_no = |s: Option<&Score>| match s.map(|s| s.value) {
        Some(v) if v >= 0.5 => "true".to_owned(),
        Some(_) => "false".to_owned(),
        None => String::new(),
    };
    let rows: Vec<Vec<String>> = keys
        .iter()
        .map(|k| {
            let pit = value(k, "model", "pit");
            let mut row = vec![
                case_title(cases, &k.0).to_owned(),
                candidate_name(cases, &k.0, &k.1).to_owned(),
                k.2.clone(),
                pit.map(|s| s.observed.clone()).unwrap_or_default(),
                value(k, "model", "crps").map_or(String::new(), |s| format!("{:.6}", s.value)),
                pit.map_or(String::new(), |s| format!("{:.6}", s.value)),
                yes_no(value(k, "model", "covered_50")),
                yes_no(value(k, "model", "covered_90")),
            ];
            if has_un_vote {
                row.push(
                    value(k, "un_vote", "crps")
                        .map_or(String::new(), |s| format!("{:.6}", s.value)),
                );
            }
            row
        })
        .collect();
    let mut rows = rows;
    blank_repeats(&mut rows, 0);
    let table = Table {
        header,
        rows,
        labels: Some(labels),
        percent: vec!["pit".to_owned()],
    };
    let mut out = String::from("<h3>Each reported count against the model's forecast</h3>\n");
    out.push_str(&table.to_html_all());
    out.push_str(
        "<p class=\"note\">Percentile: where the reported count falls among the model's runs (the \
         mid-PIT: 50% is the middle of the runs, 0% or 100% outside all of them). A calibrated model \
         puts the reported counts at every percentile alike, as the chart shows. From \
         <code>scores.csv</code>.</p>\n",
    );
    out
}

// ---------------------------------------------------------------------------
// Calibration.

/// The `--param PATH=PRIOR` arguments of the command line.
fn params(folder: &Folder) -> Vec<(String, String)> {
    let args = &folder.manifest.command_line;
    let mut out = Vec::new();
    for (i, a) in args.iter().enumerate() {
        let spec = match a.strip_prefix("--param") {
            Some("") => args.get(i + 1).map(String::as_str),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        if let Some((path, prior)) = spec.and_then(|s| s.split_once('=')) {
            out.push((path.trim().to_owned(), prior.trim().to_owned()));
        }
    }
    out
}

/// A calibrated path in words: the shared prior terms of the case library
/// by what they say, others as the charts name them.
pub fn param_label(path: &str) -> String {
    if let Some(rest) = path.strip_prefix("prior.terms.")
        && let Some((term, field)) = rest.split_once('.')
    {
        let term = term.trim_end_matches("-*");
        let what = match term {
            "home" => "home-state term",
            "same_group" => "same-regional-group term",
            "endorsed" => "bloc-endorsement term",
            "un_aligned" => "UNGA 68/262 alignment term",
            other => return format!("{} of the prior term {other}", field.replace('_', " ")),
        };
        return format!("{} of the {what}", field.replace('_', " "));
    }
    crate::report::charts::figure::parameter_name(path)
}

/// One parameter's sample in a generation: values and weights.
#[derive(Debug, Clone, Default, PartialEq)]
struct Sample {
    values: Vec<f64>,
    weights: Vec<f64>,
}

impl Sample {
    /// Weighted mean and standard deviation; weights are normalised, as
    /// the file rounds them.
    fn moments(&self) -> (f64, f64) {
        let total: f64 = self.weights.iter().sum();
        let mean = self
            .values
            .iter()
            .zip(&self.weights)
            .map(|(v, w)| v * w / total)
            .sum::<f64>();
        let var = self
            .values
            .iter()
            .zip(&self.weights)
            .map(|(v, w)| w / total * (v - mean).powi(2))
            .sum::<f64>();
        (mean, var.sqrt())
    }

    fn quantile(&self, q: f64) -> f64 {
        let total: f64 = self.weights.iter().sum();
        let weights: Vec<f64> = self.weights.iter().map(|w| w / total).collect();
        weighted_quantile(&self.values, &weights, q)
    }
}

/// The first and the last generation of `posterior.csv`, per parameter in
/// file order, and the last generation's number.
type Posterior = (Vec<(String, Sample, Sample)>, u64);

fn read_posterior(folder: &Folder) -> Result<Posterior, String> {
    let table = Table::read(&folder.file("posterior.csv"))?;
    let col = |name: &str| {
        table
            .column(name)
            .ok_or_else(|| format!("it has no column {name:?}"))
    };
    let (generation, weight, parameter, value) = (
        col("generation")?,
        col("weight")?,
        col("parameter")?,
        col("value")?,
    );
    let number = |row: &[String], c: usize| -> Result<f64, String> {
        let v = table.get(row, c);
        v.trim()
            .parse()
            .map_err(|_| format!("{v:?} is not a number"))
    };
    let mut first_gen = None;
    let mut last_gen = 0;
    for row in &table.rows {
        let g = number(row, generation)? as u64;
        first_gen = Some(first_gen.map_or(g, |f: u64| f.min(g)));
        last_gen = last_gen.max(g);
    }
    let Some(first_gen) = first_gen else {
        return Err("it has no particles".to_owned());
    };
    let mut out: Vec<(String, Sample, Sample)> = Vec::new();
    for row in &table.rows {
        let g = number(row, generation)? as u64;
        let name = table.get(row, parameter).to_owned();
        let i = match out.iter().position(|(n, _, _)| *n == name) {
            Some(i) => i,
            None => {
                out.push((name, Sample::default(), Sample::default()));
                out.len() - 1
            }
        };
        let (v, w) = (number(row, value)?, number(row, weight)?);
        if g == first_gen {
            out[i].1.values.push(v);
            out[i].1.weights.push(w);
        }
        if g == last_gen {
            out[i].2.values.push(v);
            out[i].2.weights.push(w);
        }
    }
    Ok((out, last_gen))
}

/// The rows of `predictive.csv`: observed count, 5% and 95% quantiles.
fn predictive_inside(folder: &Folder) -> Result<(usize, usize), String> {
    let table = Table::read(&folder.file("predictive.csv"))?;
    let col = |name: &str| {
        table
            .column(name)
            .ok_or_else(|| format!("it has no column {name:?}"))
    };
    let (observed, q05, q95) = (col("observed")?, col("q05")?, col("q95")?);
    let mut inside = 0;
    for row in &table.rows {
        let get = |c: usize| table.get(row, c).trim().parse::<f64>().ok();
        if let (Some(o), Some(lo), Some(hi)) = (get(observed), get(q05), get(q95))
            && lo <= o
            && o <= hi
        {
            inside += 1;
        }
    }
    Ok((inside, table.rows.len()))
}

/// The calibration's answer in plain words: a headline per parameter
/// (where its posterior lies, whether it narrowed), then the spreads and
/// the posterior predictive check in a line.
pub fn calibration_answer(folder: &Folder) -> String {
    let (posterior, last) = match read_posterior(folder) {
        Ok(p) => p,
        Err(e) => return unreadable("posterior.csv", &e),
    };
    let mut out = String::new();
    for (path, prior, post) in &posterior {
        let (mean, sd) = post.moments();
        let (_, prior_sd) = prior.moments();
        let narrowed = if last == 0 {
            ""
        } else if sd < 0.5 * prior_sd {
            ": narrowed well"
        } else if sd < 0.8 * prior_sd {
            ": narrowed somewhat"
        } else {
            ": hardly narrower than the prior"
        };
        let spread = if last > 0 {
            format!("; sd {}, in the prior draws {}", fixed(sd), fixed(prior_sd))
        } else {
            String::new()
        };
        out.push_str(&format!(
            "<p class=\"headline\">{}: about {} <span class=\"interval\">(90%: {} to {}{spread})</span>{narrowed}</p>\n",
            escape(&capitalised(&param_label(path))),
            fixed(mean),
            fixed(post.quantile(0.05)),
            fixed(post.quantile(0.95)),
        ));
    }
    let mut words = String::new();
    if let Ok((inside, n)) = predictive_inside(folder)
        && n > 0
    {
        words.push_str(&format!(
            "Run again with the accepted values, the model's 90% bands hold {} of the reported \
             counts (calibrated: about {}). Sd: the standard deviation of the accepted values, \
             against that of the draws from the prior (generation 0).",
            of(inside, n),
            (0.9 * n as f64).round()
        ));
    }
    if !words.is_empty() {
        out.push_str(&format!(
            "<p class=\"answer\">{}</p>\n",
            escape(words.trim())
        ));
    }
    out
}

/// The calibration in detail: the posterior per parameter with its prior,
/// and the generations of ABC-SMC.
pub fn calibration_detail(folder: &Folder) -> String {
    let mut out = String::new();
    if let Ok((posterior, last)) = read_posterior(folder) {
        let priors = params(folder);
        let prior_of = |path: &str| {
            priors
                .iter()
                .find(|(p, _)| p == path)
                .map(|(_, d)| d.clone())
                .unwrap_or_default()
        };
        let header: Vec<String> = [
            "parameter",
            "path",
            "prior",
            "mean",
            "sd",
            "q05",
            "q95",
            "prior_sd",
        ]
        .map(str::to_owned)
        .to_vec();
        let labels: Vec<String> = [
            "Parameter".to_owned(),
            "Scenario path".to_owned(),
            "Prior".to_owned(),
            format!("Mean (generation {last})"),
            "Standard deviation".to_owned(),
            "5%".to_owned(),
            "95%".to_owned(),
            "Standard deviation in the prior draws".to_owned(),
        ]
        .to_vec();
        let rows: Vec<Vec<String>> = posterior
            .iter()
            .map(|(path, prior, post)| {
                let (mean, sd) = post.moments();
                vec![
                    capitalised(&param_label(path)),
                    path.clone(),
                    prior_of(path),
                    format!("{mean:.6}"),
                    format!("{sd:.6}"),
                    format!("{:.6}", post.quantile(0.05)),
                    format!("{:.6}", post.quantile(0.95)),
                    format!("{:.6}", prior.moments().1),
                ]
            })
            .collect();
        let table = Table {
            header,
            rows,
            labels: Some(labels),
            percent: Vec::new(),
        };
        out.push_str("<h3>The posterior, parameter by parameter</h3>\n");
        out.push_str(&table.to_html_all());
        out.push_str(
            "<p class=\"note\">Weighted over the particles of the last generation; the prior draws are \
             generation 0. In the units of the scenario's numbers (a prior weight adds to a member \
             state's utility). From <code>posterior.csv</code> and the command line.</p>\n",
        );
    }
    if folder.has("generations.csv") {
        match Table::read(&folder.file("generations.csv")) {
            Ok(mut table) => {
                table.percent = vec!["acceptance".to_owned()];
                table.labels = Some(
                    table
                        .header
                        .iter()
                        .map(|h| {
                            match h.as_str() {
                                "generation" => "Generation",
                                "tolerance" => "Largest distance accepted (share of the vote)",
                                "accepted" => "Particles accepted",
                                "proposed" => "Proposals",
                                "model_runs" => "Model runs",
                                "acceptance" => "Accepted",
                                other => return escape(other),
                            }
                            .to_owned()
                        })
                        .collect(),
                );
                out.push_str("<h3>The generations of ABC-SMC</h3>\n");
                out.push_str(&table.to_html_all());
                out.push_str(
                    "<p class=\"note\">Each generation accepts the proposals whose vote counts come \
                     within its tolerance of the reported ones (generation 0 accepts every draw from \
                     the prior). A tolerance that stops falling means the data cannot tell the values \
                     apart any better. From <code>generations.csv</code>.</p>\n",
                );
            }
            Err(e) => out.push_str(&unreadable("generations.csv", &e)),
        }
    }
    out.push_str(
        "<p class=\"note\">The folder <code>whatifs/</code> holds each case with the calibrated numbers \
         as distributions, a what-if to run with <code>lobbysim ensemble</code> or \
         <code>lobbysim backtest</code>.</p>\n",
    );
    out
}

/// The calibration's table: the posterior predictive check.
pub fn calibration_tables(folder: &Folder, cases: &[Case]) -> String {
    if !folder.has("predictive.csv") {
        return String::new();
    }
    let mut table = match Table::read(&folder.file("predictive.csv")) {
        Ok(t) => t,
        Err(e) => return unreadable("predictive.csv", &e),
    };
    // Elections and candidates by name.
    if let Some(c) = table.column("case") {
        let candidate = table.column("candidate");
        for row in &mut table.rows {
            let case = row.get(c).cloned().unwrap_or_default();
            if let Some(v) = candidate.and_then(|k| row.get_mut(k)) {
                *v = candidate_name(cases, &case, v).to_owned();
            }
            if let Some(v) = row.get_mut(c) {
                *v = case_title(cases, &case).to_owned();
            }
        }
        blank_repeats(&mut table.rows, c);
    }
    table.percent = vec!["pit".to_owned()];
    table.labels = Some(
        table
            .header
            .iter()
            .map(|h| {
                match h.as_str() {
                    "case" => "Election",
                    "round" => "Round",
                    "candidate" => "Candidate",
                    "observed" => "Reported votes",
                    "mean" => "Mean of the runs (votes)",
                    "q05" => "5%",
                    "q50" => "Median",
                    "q95" => "95%",
                    "pit" => "Percentile of the reported count",
                    other => return escape(other),
                }
                .to_owned()
            })
            .collect(),
    );
    let mut out = String::from("<h3>Reported counts against the calibrated model's runs</h3>\n");
    out.push_str(&table.to_html_all());
    out.push_str(
        "<p class=\"note\">The posterior predictive check: the last generation's runs, weighted. A \
         reported count outside 5%–95% is one the calibrated model does not reproduce. From \
         <code>predictive.csv</code>.</p>\n",
    );
    out
}

// ---------------------------------------------------------------------------
// Both.

/// The cases: title, file, and whether the file is the one that was run.
pub fn cases_section(cases: &[Case]) -> String {
    let mut out = String::from("<div class=\"table-wrap\"><table class=\"kv\"><tbody>\n");
    for c in cases {
        let mut facts = format!("<code>{}</code>", escape(&c.path));
        match (&c.problem, c.same_file) {
            (Some(p), _) => facts.push_str(&format!(
                "<br><span class=\"interval\">({})</span>",
                escape(p)
            )),
            (None, Some(true)) => {
                facts.push_str(" <span class=\"interval\">(the file is unchanged)</span>")
            }
            (None, Some(false)) => facts.push_str(
                " <span class=\"interval\">(the file has changed since these results were made)</span>",
            ),
            (None, None) => {}
        }
        let name = if c.title.is_empty() {
            &c.path
        } else {
            &c.title
        };
        out.push_str(&format!(
            "<tr><th scope=\"row\" class=\"wrap\">{}</th><td>{facts}</td></tr>\n",
            escape(name)
        ));
    }
    out.push_str("</tbody></table></div>\n");
    out.push_str(
        "<p class=\"note\">Each case is built from what was known before its vote; the reported \
         result is used only to score it (docs/VALIDATION.md).</p>\n",
    );
    out
}

/// Files the validation sections show; not repeated as extra tables.
pub const SHOWN: [&str; 4] = [
    "scores.csv",
    "posterior.csv",
    "generations.csv",
    "predictive.csv",
];

fn unreadable(what: &str, reason: &str) -> String {
    format!(
        "<p class=\"warning\">Cannot read {}: {}</p>\n",
        escape(what),
        escape(reason)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(case: &str, forecaster: &str, score: &str, value: f64) -> Score {
        Score {
            case: case.to_owned(),
            forecaster: forecaster.to_owned(),
            score: score.to_owned(),
            candidate: String::new(),
            round: "0".to_owned(),
            observed: "1".to_owned(),
            value,
        }
    }

    #[test]
    fn the_model_beats_a_baseline_where_its_log_score_is_lower() {
        let scores = vec![
            score("a", "model", "log", 0.4),
            score("a", "equal_chances", "log", 1.1),
            score("b", "model", "log", f64::INFINITY),
            score("b", "equal_chances", "log", 0.69),
            score("c", "model", "log", f64::NAN),
            score("c", "equal_chances", "log", 0.69),
        ];
        assert_eq!(wins_against(&scores, "equal_chances"), (1, 2));
        assert_eq!(wins_against(&scores, "most_endorsed"), (0, 0));
    }

    #[test]
    fn coverage_counts_the_rows_inside() {
        let mut scores = vec![
            score("a", "model", "covered_90", 1.0),
            score("a", "model", "covered_90", 0.0),
            score("a", "model", "covered_90", 1.0),
            score("a", "un_vote", "covered_90", 1.0),
        ];
        scores[1].candidate = "x".to_owned();
        assert_eq!(coverage(&scores, "covered_90"), (2, 3));
        assert_eq!(of(2, 3), "2 of 3 (66.7%)");
        assert_eq!(of(0, 0), "none");
    }

    #[test]
    fn weighted_moments_normalise_rounded_weights() {
        let s = Sample {
            values: vec![1.0, 3.0],
            weights: vec![0.333333, 0.333333],
        };
        let (mean, sd) = s.moments();
        assert!((mean - 2.0).abs() < 1e-12, "{mean}");
        assert!((sd - 1.0).abs() < 1e-12, "{sd}");
        assert_eq!(s.quantile(0.05), 1.0);
        assert_eq!(s.quantile(0.95), 3.0);
    }

    #[test]
    fn repeated_titles_show_once_per_group() {
        let mut rows: Vec<Vec<String>> = [["a", "1"], ["a", "2"], ["b", "3"], ["a", "4"]]
            .iter()
            .map(|r| r.map(str::to_owned).to_vec())
            .collect();
        blank_repeats(&mut rows, 0);
        let firsts: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(firsts, ["a", "", "b", "a"]);
    }

    #[test]
    fn prior_terms_read_as_words() {
        assert_eq!(
            param_label("prior.terms.endorsed-*.weight"),
            "weight of the bloc-endorsement term"
        );
        assert_eq!(
            param_label("prior.terms.custom-x.weight"),
            "weight of the prior term custom-x"
        );
        assert_eq!(param_label("params.noise"), "daily noise in preferences");
    }
}
