//! The page of a conference's folder (an ensemble of several posts, or one
//! run of them): who wins each post and how sure, and whether each deal's
//! candidates all win. In order: the question and the answer in words with
//! the conference chart; a section per post (its candidates' chances, its
//! rounds, a link to its own files where the folder has them); the deals;
//! the other charts; the tables; the scenario; the provenance, collapsed.

use std::path::Path;

use super::folder::Folder;
use super::kinds::{chart, header, key_values, provenance_section, scenario_section, unreadable};
use super::markup::{escape, percent, swatch};
use super::page::Page;
use super::tables::Table;
use crate::ensemble::conference_summary::ConferenceSummary;
use crate::ensemble::stats::Proportion;

/// Whether the folder holds a conference's results.
pub fn is_conference(folder: &Folder) -> bool {
    folder.has("post_outcomes.csv") || folder.has("posts.csv")
}

/// Charts of a conference folder with their captions, the first shown with the answer.
const CHARTS: [(&str, &str); 2] = [
    (
        "conference",
        "Each post's candidates by their chance of being elected, with 95% intervals",
    ),
    (
        "joint_outcomes",
        "The likeliest combinations of winners across the posts",
    ),
];

/// Tables shown whole (they are short), with their headings.
const TABLES: [(&str, &str); 5] = [
    ("posts.csv", "Each post's result"),
    ("deals.csv", "Deals: which sides kept them"),
    ("after_results.csv", "Results that fed later posts"),
    ("post_rounds.csv", "Rounds held, per post"),
    ("joint_outcomes.csv", "Every combination of winners seen"),
];

/// The whole page.
pub fn render(folder: &Folder) -> String {
    let title = folder.scenario.display_title().to_owned();
    let kind = if folder.has("post_outcomes.csv") {
        "Conference ensemble"
    } else {
        "Conference run"
    };
    let mut page = Page::new(&format!("{title} – {kind}"));
    page.header(header(folder).replacen(folder.kind.label(), kind, 1));
    let summary = read_summary(folder);
    let mut answer = format!(
        "<p class=\"question\">“{}”: who wins each post, how sure is it, and do the candidates of each deal all win?</p>\n",
        escape(&title)
    );
    match &summary {
        Some(Ok(s)) => answer.push_str(&answer_html(s)),
        Some(Err(e)) => answer.push_str(&unreadable("summary.json", e)),
        None => answer.push_str(&run_answer(folder)),
    }
    let shown_first = chart_file(folder, CHARTS[0].0);
    if let Some(file) = &shown_first {
        answer.push_str(&chart(folder, file, CHARTS[0].1));
    }
    page.section("answer", "Question and answer", answer);
    let detail = match &summary {
        Some(Ok(s)) => posts_html(folder, s) + &deals_html(s),
        _ => post_links(folder),
    };
    page.section("result", "In detail", detail);
    let mut charts = String::new();
    for (stem, caption) in &CHARTS[1..] {
        if let Some(file) = chart_file(folder, stem) {
            charts.push_str(&chart(folder, &file, caption));
        }
    }
    page.section("charts", "Charts", charts);
    let mut tables = String::new();
    for (file, heading) in TABLES {
        if folder.has(file) {
            tables.push_str(&format!("<h3>{}</h3>\n", escape(heading)));
            match Table::read(&folder.file(file)) {
                Ok(t) => tables.push_str(&t.to_html_all()),
                Err(e) => tables.push_str(&unreadable(file, &e)),
            }
            tables.push_str(&format!(
                "<p class=\"note\">From <code>{}</code>.</p>\n",
                escape(file)
            ));
        }
    }
    let per_run: Vec<String> = folder
        .files
        .iter()
        .filter(|f| f.starts_with("runs") && f.ends_with(".csv"))
        .map(|f| format!("<code>{}</code>", escape(f)))
        .collect();
    if !per_run.is_empty() {
        tables.push_str(&format!(
            "<p class=\"note\">One row per run, for scripts, not shown here: {}.</p>\n",
            per_run.join(", ")
        ));
    }
    page.section("tables", "Tables", tables);
    page.section("scenario", "Scenario", scenario_section(folder));
    page.section("provenance", "Provenance", provenance_section(folder));
    page.finish()
}

fn chart_file(folder: &Folder, stem: &str) -> Option<String> {
    ["png", "svg"]
        .iter()
        .map(|ext| format!("{stem}.{ext}"))
        .find(|f| folder.has(f))
}

/// An ensemble's summary (a run's summary is of another shape, and its
/// tables say the same).
fn read_summary(folder: &Folder) -> Option<Result<ConferenceSummary, String>> {
    (folder.has("summary.json") && folder.has("post_outcomes.csv")).then(|| {
        super::folder::read_text(&folder.file("summary.json"))
            .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
    })
}

/// "81.5% (95% interval 79.8–83.1%)".
fn chance(p: &Proportion) -> String {
    format!(
        "{} <span class=\"interval\">(95% interval {}–{})</span>",
        percent(p.p),
        percent(p.low),
        percent(p.high)
    )
}

/// Per post, the favourite(s) and how sure; per deal, whether its candidates all win.
fn answer_html(s: &ConferenceSummary) -> String {
    let mut items = String::new();
    for p in &s.posts {
        let mut by_chance: Vec<_> = p.candidates.iter().collect();
        by_chance.sort_by_key(|c| std::cmp::Reverse(c.elected.count));
        let leaders = &by_chance[..(p.seats as usize).min(by_chance.len())];
        let names: Vec<String> = leaders
            .iter()
            .map(|c| format!("{}{}", swatch(Some(&c.colour)), escape(&c.name)))
            .collect();
        let how_sure = match leaders {
            [one] => chance(&one.elected),
            [first, .., last] => format!(
                "<span class=\"interval\">(each elected in {}–{} of runs)</span>",
                percent(last.elected.p),
                percent(first.elected.p)
            ),
            [] => String::new(),
        };
        let open = if p.undecided.count > 0 {
            format!("; a seat left open in {}", percent(p.undecided.p))
        } else {
            String::new()
        };
        items.push_str(&format!(
            "<li><strong>{}</strong>: {} {how_sure}{open}</li>\n",
            escape(&p.name),
            names.join(", ")
        ));
    }
    for d in &s.deals {
        let backed: Vec<String> = d
            .sides
            .iter()
            .map(|side| format!("{} ({})", escape(&side.backs), escape(&side.post)))
            .collect();
        items.push_str(&format!(
            "<li>Deal <strong>{}</strong>: {} all elected in {}; in {} if every side keeps it, in {} if a side breaks it</li>\n",
            escape(&d.id),
            backed.join(" and "),
            chance(&d.all_win),
            percent(d.all_win_if_all_kept.p),
            percent(d.all_win_if_any_broken.p)
        ));
    }
    format!(
        "<p class=\"answer\">Over {} simulated conferences{}:</p>\n<ul class=\"answer\">\n{items}</ul>\n",
        s.runs,
        if s.partial {
            " (PARTIAL: not every run is complete)"
        } else {
            ""
        }
    )
}

/// One short section per post.
fn posts_html(folder: &Folder, s: &ConferenceSummary) -> String {
    let mut out = String::new();
    for p in &s.posts {
        let seats = if p.seats == 1 {
            "1 seat".to_owned()
        } else {
            format!("{} seats", p.seats)
        };
        out.push_str(&format!(
            "<h3>{} <span class=\"interval\">({}; {seats}, {}; ballot {})</span></h3>\n",
            escape(&p.name),
            escape(&p.id),
            escape(&p.rule),
            p.ballot_date
        ));
        let mut rows = String::new();
        for c in &p.candidates {
            rows.push_str(&format!(
                "<tr><td>{}{}</td><td class=\"num\">{}</td></tr>\n",
                swatch(Some(&c.colour)),
                escape(&c.name),
                chance(&c.elected)
            ));
        }
        out.push_str(&format!(
            "<div class=\"table-wrap\"><table>\n<thead><tr><th>Candidate</th><th>Chance of being elected</th></tr></thead>\n<tbody>\n{rows}</tbody></table></div>\n"
        ));
        out.push_str(&format!(
            "<p>More than one round in {}; a seat left open in {}.</p>\n",
            chance(&p.more_than_one_round),
            percent(p.undecided.p)
        ));
        out.push_str(&post_link(folder, &p.id));
    }
    out
}

/// A link to the post's own folder (`posts/<id>/`), where the folder has one.
fn post_link(folder: &Folder, id: &str) -> String {
    let sub = Path::new("posts").join(id);
    if !folder.path.join(&sub).is_dir() {
        return String::new();
    }
    let page = sub.join(super::REPORT_FILE);
    let target = if folder.path.join(&page).is_file() {
        page
    } else {
        sub
    };
    format!(
        "<p class=\"note\">This post's own tables and charts: <a href=\"{0}\"><code>{0}</code></a>.</p>\n",
        escape(&target.to_string_lossy())
    )
}

/// A run's posts from `posts.csv`, in ballot order: id, name, and the
/// rows of its candidates.
fn run_posts(folder: &Folder) -> Vec<(String, String, Vec<Vec<String>>)> {
    let Ok(t) = Table::read(&folder.file("posts.csv")) else {
        return Vec::new();
    };
    let (Some(post), Some(name)) = (t.column("post"), t.column("post_name")) else {
        return Vec::new();
    };
    let mut posts: Vec<(String, String, Vec<Vec<String>>)> = Vec::new();
    for row in &t.rows {
        let id = t.get(row, post).to_owned();
        match posts.last_mut() {
            Some(last) if last.0 == id => last.2.push(row.clone()),
            _ => posts.push((id, t.get(row, name).to_owned(), vec![row.clone()])),
        }
    }
    posts
}

/// A run's answer: who each post elected, from `posts.csv`.
fn run_answer(folder: &Folder) -> String {
    let Ok(t) = Table::read(&folder.file("posts.csv")) else {
        return String::new();
    };
    let (Some(elected), Some(name)) = (t.column("elected"), t.column("candidate_name")) else {
        return String::new();
    };
    let mut items = String::new();
    for (_, post_name, rows) in run_posts(folder) {
        let winners: Vec<String> = rows
            .iter()
            .filter(|r| t.get(r, elected) == "true")
            .map(|r| escape(t.get(r, name)))
            .collect();
        let who = if winners.is_empty() {
            "nobody elected".to_owned()
        } else {
            format!("{} elected", winners.join(", "))
        };
        items.push_str(&format!(
            "<li><strong>{}</strong>: {who}</li>\n",
            escape(&post_name)
        ));
    }
    format!(
        "<p class=\"answer\">In this simulated conference:</p>\n<ul class=\"answer\">\n{items}</ul>\n"
    )
}

/// Without an ensemble's summary: each post of the run, with the link to its folder.
fn post_links(folder: &Folder) -> String {
    run_posts(folder)
        .iter()
        .map(|(id, name, _)| {
            format!(
                "<h3>{} <span class=\"interval\">({})</span></h3>\n{}",
                escape(name),
                escape(id),
                post_link(folder, id)
            )
        })
        .collect()
}

/// The deals: each side, whether it kept the deal, and the chance that
/// every backed candidate is elected given that it did or did not.
fn deals_html(s: &ConferenceSummary) -> String {
    let mut out = String::new();
    for d in &s.deals {
        out.push_str(&format!(
            "<h3>{} <span class=\"interval\">({})</span></h3>\n",
            escape(&d.label),
            escape(&d.id)
        ));
        out.push_str(&key_values(&[
            (
                "Every candidate it backs elected".to_owned(),
                chance(&d.all_win),
            ),
            ("Every side keeps it".to_owned(), chance(&d.all_kept)),
            (
                "All elected, if every side keeps it".to_owned(),
                chance(&d.all_win_if_all_kept),
            ),
            (
                "All elected, if a side breaks it".to_owned(),
                chance(&d.all_win_if_any_broken),
            ),
        ]));
        let mut rows = String::new();
        for side in &d.sides {
            rows.push_str(&format!(
                "<tr><td>{}</td><td>{} ({})</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
                escape(&side.party),
                escape(&side.backs),
                escape(&side.post),
                chance(&side.kept),
                chance(&side.all_win_if_kept),
                chance(&side.all_win_if_broken)
            ));
        }
        out.push_str(&format!(
            "<div class=\"table-wrap\"><table>\n<thead><tr><th>Side</th><th>Backs</th><th>Keeps the deal</th><th>All elected if it keeps it</th><th>All elected if it breaks it</th></tr></thead>\n<tbody>\n{rows}</tbody></table></div>\n"
        ));
    }
    for l in &s.links {
        out.push_str(&format!(
            "<p>After the {} result, <code>{}</code> fired in {}.</p>\n",
            escape(&l.post),
            escape(&l.id),
            chance(&l.fired)
        ));
    }
    out
}
