//! JSON summaries (`summary.json`) as readable tables, whatever their shape:
//! plain values as a two-column table, lists of records as tables with a
//! column per field, nested records under their own heading. Shares
//! (`p`, `low`, `high`) read as percentages with their interval and
//! distributions (`median`, `p5` ... `p95`) as a median with its range.
//!
//! Files are read into [`Json`], which keeps the fields of an object in
//! the order the file has them, so tables follow the writer's order.

use serde_json::Map;

use super::markup::{css_colour, escape, heading, is_probability_name, number, percent, swatch};

/// A JSON value whose objects keep their fields in file order: serde_json's
/// `Value` with the crate's `preserve_order` feature (its `Map` is then an
/// `IndexMap`; a repeated key keeps its last value, in its first place).
pub type Json = serde_json::Value;

/// An object's fields, in file order.
type Fields = Map<String, Json>;

/// Parses JSON text.
pub fn parse(text: &str) -> Result<Json, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// Rows shown of a list of records before it is cut.
const MAX_RECORDS: usize = 40;
/// Items shown of a list of plain values before it is cut.
const MAX_ITEMS: usize = 20;
/// Nesting shown as headings and tables; deeper values appear as JSON text.
const MAX_DEPTH: usize = 3;
/// Fields of an object shown inside one cell.
const MAX_CELL_FIELDS: usize = 8;
/// A list of at most this many records with more than [`WIDE`] fields is
/// shown transposed: a column per record, a row per field.
const FEW: usize = 5;
const WIDE: usize = 6;
/// Fields that name a record: shown first.
const IDENTITY: [&str; 6] = ["id", "code", "name", "candidate", "parameter", "colour"];

/// `value` as HTML: tables and headings (from `<h3>` down).
pub fn to_html(value: &Json) -> String {
    let mut out = String::new();
    block(&mut out, None, value, 0);
    out
}

fn block(out: &mut String, key: Option<&str>, value: &Json, depth: usize) {
    match value {
        Json::Object(map) if depth < MAX_DEPTH => object(out, map, depth),
        Json::Array(items) if depth < MAX_DEPTH && is_records(items) => {
            records(out, items);
        }
        other => {
            out.push_str("<p>");
            out.push_str(&inline(key.unwrap_or(""), other));
            out.push_str("</p>\n");
        }
    }
}

/// An object: its plain fields in one key/value table, then each list of
/// records or nested object under a heading.
fn object(out: &mut String, map: &Fields, depth: usize) {
    let (plain, nested): (Vec<_>, Vec<_>) = map.iter().partition(|(_, v)| is_compact(v, 0));
    if !plain.is_empty() {
        out.push_str("<div class=\"table-wrap\"><table class=\"kv\"><tbody>\n");
        for (k, v) in plain {
            out.push_str(&format!(
                "<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n",
                heading(k),
                inline(k, v)
            ));
        }
        out.push_str("</tbody></table></div>\n");
    }
    let level = (depth + 3).min(6);
    for (k, v) in nested {
        out.push_str(&format!(
            "<h{level}>{}</h{level}>\n",
            capitalised(&heading(k))
        ));
        block(out, Some(k), v, depth + 1);
    }
}

/// A list of records as a table: a column per field (fields that name the
/// record first, then in order of first appearance), or, for a few records
/// with many fields, a column per record. Fields too nested for a cell are
/// left out, with a note.
fn records(out: &mut String, items: &[Json]) {
    let mut columns: Vec<&str> = Vec::new();
    for item in items {
        if let Json::Object(fields) = item {
            for (k, _) in fields {
                if !columns.contains(&k.as_str()) {
                    columns.push(k.as_str());
                }
            }
        }
    }
    columns.sort_by_key(|c| {
        IDENTITY
            .iter()
            .position(|i| i == c)
            .unwrap_or(IDENTITY.len())
    });
    let (columns, deep): (Vec<&str>, Vec<&str>) = columns.into_iter().partition(|c| {
        items
            .iter()
            .filter_map(|i| i.get(c))
            .any(|v| is_compact(v, 0))
    });
    if columns.len() > WIDE && items.len() <= FEW {
        transposed(out, items, &columns);
    } else {
        by_row(out, items, &columns);
    }
    let mut notes = Vec::new();
    if items.len() > MAX_RECORDS {
        notes.push(format!(
            "The first {MAX_RECORDS} of {} entries.",
            items.len()
        ));
    }
    if !deep.is_empty() {
        let names: Vec<String> = deep.iter().map(|d| heading(d)).collect();
        notes.push(format!(
            "Too detailed for this table: {}.",
            names.join(", ")
        ));
    }
    if !notes.is_empty() {
        out.push_str(&format!("<p class=\"note\">{}</p>\n", notes.join(" ")));
    }
}

fn by_row(out: &mut String, items: &[Json], columns: &[&str]) {
    let numeric: Vec<bool> = columns
        .iter()
        .map(|c| {
            items
                .iter()
                .filter_map(|i| i.get(c))
                .all(|v| is_number_like(v) || *v == Json::Null)
        })
        .collect();
    out.push_str("<div class=\"table-wrap\"><table>\n<thead><tr>");
    for (c, name) in columns.iter().enumerate() {
        let class = if numeric[c] { " class=\"num\"" } else { "" };
        out.push_str(&format!("<th{class}>{}</th>", heading(name)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for item in items.iter().take(MAX_RECORDS) {
        out.push_str("<tr>");
        for (c, name) in columns.iter().enumerate() {
            let class = if numeric[c] {
                " class=\"num\""
            } else {
                " class=\"wrap\""
            };
            let text = item.get(name).map_or_else(String::new, |v| inline(name, v));
            out.push_str(&format!("<td{class}>{text}</td>"));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
}

fn transposed(out: &mut String, items: &[Json], columns: &[&str]) {
    let label = |item: &Json| {
        let name = ["name", "id", "code", "parameter"]
            .iter()
            .find_map(|k| item.get(k).and_then(Json::as_str))
            .unwrap_or("");
        let colour = item.get("colour").and_then(Json::as_str);
        format!("{}{}", swatch(colour), escape(name))
    };
    out.push_str("<div class=\"table-wrap\"><table>\n<thead><tr><th></th>");
    for item in items {
        out.push_str(&format!("<th>{}</th>", label(item)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for name in columns {
        out.push_str(&format!("<tr><th scope=\"row\">{}</th>", heading(name)));
        for item in items {
            let text = item.get(name).map_or_else(String::new, |v| inline(name, v));
            out.push_str(&format!("<td class=\"wrap\">{text}</td>"));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
}

fn is_records(items: &[Json]) -> bool {
    !items.is_empty() && items.iter().all(Json::is_object)
}

fn is_scalar(v: &Json) -> bool {
    !v.is_object() && !v.is_array()
}

/// Values that fit one table cell: plain values, lists of them, shares,
/// distributions, intervals, and small objects of these (two levels).
fn is_compact(v: &Json, depth: usize) -> bool {
    match v {
        Json::Object(map) => {
            share(map).is_some()
                || spread(map).is_some()
                || estimate(map, false).is_some()
                || (depth < 2
                    && map.len() <= MAX_CELL_FIELDS
                    && map.iter().all(|(_, v)| is_compact(v, depth + 1)))
        }
        Json::Array(items) => items.iter().all(is_scalar),
        _ => true,
    }
}

fn is_number_like(v: &Json) -> bool {
    match v {
        Json::Number(_) => true,
        Json::Object(map) => {
            share(map).is_some() || spread(map).is_some() || estimate(map, false).is_some()
        }
        _ => false,
    }
}

/// One value as the text of a cell; `key` names it (probabilities, and the
/// values inside a probability's object, show as percentages).
pub fn inline(key: &str, v: &Json) -> String {
    inline_as(v, is_probability_name(key))
}

fn inline_as(v: &Json, probability: bool) -> String {
    match v {
        Json::Null => "–".to_owned(),
        Json::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        // Whole numbers as written; numbers written with a fraction or
        // an exponent shortened, or as percentages.
        Json::Number(n) => match n.as_f64() {
            Some(x) if n.is_f64() && probability && (-1.0..=1.0).contains(&x) => percent(x),
            Some(x) if n.is_f64() => number(x),
            _ => n.to_string(),
        },
        Json::String(s) => match css_colour(s) {
            Some(c) => format!("{}{}", swatch(Some(c)), escape(s)),
            None => escape(s),
        },
        Json::Array(items) => {
            let mut parts: Vec<String> = items
                .iter()
                .take(MAX_ITEMS)
                .map(|i| match i {
                    Json::Array(_) | Json::Object(_) => escape(&i.to_string()),
                    _ => inline_as(i, probability),
                })
                .collect();
            if items.len() > MAX_ITEMS {
                parts.push(format!("… ({} in all)", items.len()));
            }
            if parts.is_empty() {
                "none".to_owned()
            } else {
                parts.join(", ")
            }
        }
        Json::Object(map) => {
            if let Some(s) = share(map) {
                s
            } else if let Some(s) = spread(map) {
                s
            } else if let Some(s) = estimate(map, probability) {
                s
            } else if is_compact(v, 0) {
                let separator = if map.iter().any(|(_, v)| v.is_object()) {
                    "<br>"
                } else {
                    "; "
                };
                // An interval beside a share is a difference of shares.
                let shares = map
                    .iter()
                    .any(|(_, v)| matches!(v, Json::Object(m) if share(m).is_some()));
                map.iter()
                    .map(|(k, v)| {
                        let p = probability || shares || is_probability_name(k);
                        format!("{}: {}", heading(k), inline_as(v, p))
                    })
                    .collect::<Vec<_>>()
                    .join(separator)
            } else {
                escape(&v.to_string())
            }
        }
    }
}

fn field(map: &Fields, key: &str) -> Option<f64> {
    map.get(key).and_then(Json::as_f64)
}

fn field_u64(map: &Fields, key: &str) -> Option<u64> {
    map.get(key).and_then(Json::as_u64)
}

/// A share with its 95% interval: `{p, low, high}`, perhaps `count` of `runs`.
fn share(map: &Fields) -> Option<String> {
    let (p, low, high) = (field(map, "p")?, field(map, "low")?, field(map, "high")?);
    let mut s = format!(
        "{} <span class=\"interval\">(95%: {}–{})</span>",
        percent(p),
        percent(low),
        percent(high)
    );
    if let (Some(count), Some(runs)) = (field_u64(map, "count"), field_u64(map, "runs")) {
        s.push_str(&format!(
            " <span class=\"interval\">{count} of {runs}</span>"
        ));
    }
    Some(s)
}

/// An estimate with its 95% interval: `{estimate, low, high}`; as
/// percentages when `probability`.
fn estimate(map: &Fields, probability: bool) -> Option<String> {
    let (e, low, high) = (
        field(map, "estimate")?,
        field(map, "low")?,
        field(map, "high")?,
    );
    let show = |x: f64| {
        if probability { percent(x) } else { number(x) }
    };
    Some(format!(
        "{} <span class=\"interval\">(95%: {} to {})</span>",
        show(e),
        show(low),
        show(high)
    ))
}

/// A distribution: `median` with its 5–95% (or 25–75%) range, and its mean.
fn spread(map: &Fields) -> Option<String> {
    let median = field(map, "median").or_else(|| field(map, "p50"))?;
    let range = match (field(map, "p5"), field(map, "p95")) {
        (Some(lo), Some(hi)) => Some(("5–95%", lo, hi)),
        _ => match (field(map, "p25"), field(map, "p75")) {
            (Some(lo), Some(hi)) => Some(("25–75%", lo, hi)),
            _ => None,
        },
    };
    let mut s = format!("median {}", number(median));
    if let Some((label, lo, hi)) = range {
        s.push_str(&format!(
            " <span class=\"interval\">({label}: {}–{})</span>",
            number(lo),
            number(hi)
        ));
    }
    if let Some(mean) = field(map, "mean") {
        s.push_str(&format!(
            " <span class=\"interval\">mean {}</span>",
            number(mean)
        ));
    }
    Some(s)
}

/// `s` with its first letter in capitals.
pub(super) fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(v: serde_json::Value) -> Json {
        parse(&v.to_string()).unwrap()
    }

    #[test]
    fn plain_fields_make_a_key_value_table() {
        let html = to_html(&json(
            serde_json::json!({"scenario": "<x>", "runs": 500, "partial": false}),
        ));
        assert!(
            html.contains("<th scope=\"row\">scenario</th><td>&lt;x&gt;</td>"),
            "{html}"
        );
        assert!(html.contains("<td>500</td>"), "{html}");
        assert!(html.contains("<td>no</td>"), "{html}");
    }

    #[test]
    fn shares_and_distributions_read_as_such() {
        let p = json(
            serde_json::json!({"count": 12, "runs": 500, "p": 0.024, "low": 0.0138, "high": 0.0415}),
        );
        assert_eq!(
            inline("undecided", &p),
            "2.4% <span class=\"interval\">(95%: 1.4%–4.2%)</span> \
             <span class=\"interval\">12 of 500</span>"
        );
        let d = json(
            serde_json::json!({"mean": 97.2, "p5": 85.0, "p25": 90.0, "median": 97.0, "p75": 104.0, "p95": 110.0}),
        );
        assert_eq!(
            inline("votes", &d),
            "median 97 <span class=\"interval\">(5–95%: 85–110)</span> \
             <span class=\"interval\">mean 97.20</span>"
        );
    }

    #[test]
    fn lists_of_records_become_tables() {
        let v = parse(
            r#"{"candidates": [
                {"id": "A", "name": "Ana", "elected": {"p": 0.6, "low": 0.55, "high": 0.65}},
                {"id": "B", "name": "Bo", "extra": 1}
            ]}"#,
        )
        .unwrap();
        let html = to_html(&v);
        assert!(html.contains("<h3>Candidates</h3>"), "{html}");
        assert!(
            html.contains(
                "<th>id</th><th>name</th><th class=\"num\">elected</th><th class=\"num\">extra</th>"
            ),
            "{html}"
        );
        assert!(html.contains("60.0%"), "{html}");
    }

    #[test]
    fn objects_keep_file_order() {
        let v = parse(r#"{"z": 1, "a": {"y": 2, "b": 3}, "z": 4}"#).unwrap();
        assert_eq!(v.to_string(), r#"{"z":4,"a":{"y":2,"b":3}}"#);
        assert_eq!(
            v.get("a").and_then(|a| a.get("b")).and_then(Json::as_u64),
            Some(3)
        );
        assert!(parse("{").is_err());
    }

    #[test]
    fn nested_values_inherit_their_probability() {
        let v = parse(
            r#"{"win": {"base": {"count": 155, "runs": 200, "p": 0.775, "low": 0.712, "high": 0.827},
                        "difference": {"estimate": -0.065, "low": -0.105, "high": -0.027},
                        "pairs": {"both": 141, "neither": 44}},
                "votes": {"estimate": -0.155, "low": -0.211, "high": -0.099}}"#,
        )
        .unwrap();
        let html = to_html(&v);
        assert!(html.contains("base: 77.5%"), "{html}");
        assert!(
            html.contains(
                "difference: -6.5% <span class=\"interval\">(95%: -10.5% to -2.7%)</span>"
            ),
            "{html}"
        );
        assert!(html.contains("pairs: both: 141; neither: 44"), "{html}");
        // Beside a share, an interval is a difference of shares.
        let v = parse(
            r#"{"more_than_one_round": {"base": {"p": 0.95, "low": 0.91, "high": 0.97},
                 "difference": {"estimate": 0.03, "low": 0.004, "high": 0.065}}}"#,
        )
        .unwrap();
        assert!(to_html(&v).contains("difference: 3.0%"), "{}", to_html(&v));
        assert!(
            html.contains("-0.155 <span class=\"interval\">(95%: -0.211 to -0.099)</span>"),
            "{html}"
        );
    }

    #[test]
    fn few_wide_records_are_transposed_and_deep_fields_left_out() {
        let v = parse(
            r##"{"candidates": [
                {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "name": "Ana", "colour": "#123456",
                 "deep": {"x": [{"y": 1}]}},
                {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "name": "Bo", "deep": {"x": [{"y": 2}]}}
            ]}"##,
        )
        .unwrap();
        let html = to_html(&v);
        assert!(
            html.contains("<thead><tr><th></th><th><span class=\"swatch\" style=\"background:#123456\"></span>Ana</th><th>Bo</th></tr></thead>"),
            "{html}"
        );
        assert!(html.contains("<tr><th scope=\"row\">f</th>"), "{html}");
        assert!(
            html.contains("Too detailed for this table: deep."),
            "{html}"
        );
        assert!(!html.contains("\"y\""), "{html}");
    }

    #[test]
    fn long_lists_are_cut() {
        let v = json(serde_json::json!({"rounds": (0..30).collect::<Vec<u32>>()}));
        let html = to_html(&v);
        assert!(html.contains("19, … (30 in all)"), "{html}");
    }
}
