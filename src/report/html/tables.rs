//! CSV tables on the page: read, shortened to what a reader can take in
//! (the first rows, the closest states first, a few dates), and rendered
//! with a note saying what was left out.

use std::cmp::Ordering;
use std::path::Path;

use super::markup::{cell_as, escape, heading, is_probability_name};

/// A CSV file read whole: a header and rows of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Column headings for people (escaped HTML) when they differ from
    /// what `header` gives.
    pub labels: Option<Vec<String>>,
    /// Patterns ([`name_matches`]) of columns shown as percentages besides
    /// those whose names say so ([`is_probability_name`]).
    pub percent: Vec<String>,
}

/// Which columns of a table to show.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Columns {
    All,
    /// Those matching these patterns, in this order (all if none match).
    Keep(&'static [&'static str]),
    /// All but those matching these patterns.
    Hide(&'static [&'static str]),
}

/// Whether column `name` matches `pattern`: `*x` ends with x, `x*` starts
/// with x, `*x*` contains x, else equal.
pub fn name_matches(pattern: &str, name: &str) -> bool {
    match (pattern.strip_prefix('*'), pattern.strip_suffix('*')) {
        (Some(rest), _) if rest.ends_with('*') => name.contains(&rest[..rest.len() - 1]),
        (Some(suffix), _) => name.ends_with(suffix),
        (None, Some(prefix)) => name.starts_with(prefix),
        (None, None) => name == pattern,
    }
}

/// Which rows of a table to show.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Selection {
    /// The first `n` rows in file order.
    Head(usize),
    /// States closest to a coin flip first: the gap between the two largest
    /// `p_<candidate>` columns, smallest first; then the first `n`.
    ClosestFirst(usize),
    /// Sorted by the first of `columns` the table has, largest first (by
    /// absolute value when `abs`); then the first `n`. Falls back to
    /// [`Selection::ClosestFirst`] when the table has none of them.
    LargestFirst {
        columns: &'static [&'static str],
        abs: bool,
        n: usize,
    },
    /// Rows of `dates` dates spread evenly from the first to the last (a
    /// `date` column), and only the body-wide rows (`region` = `all`) when
    /// the table has a `region` column.
    AtDates(usize),
}

impl Table {
    /// Reads a CSV file with a header row; rows may differ in length.
    pub fn read(path: &Path) -> Result<Table, String> {
        let bytes = super::folder::read_bytes(path)?;
        let mut reader = ::csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(bytes.as_slice());
        let header = reader
            .headers()
            .map_err(|e| e.to_string())?
            .iter()
            .map(str::to_owned)
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| e.to_string())?;
            rows.push(record.iter().map(str::to_owned).collect());
        }
        Ok(Table {
            header,
            rows,
            labels: None,
            percent: Vec::new(),
        })
    }

    /// Adds the values of a long table as wide columns, for display: for
    /// each `(column, prefix)` of `values` and each distinct `name` of
    /// `long` (in file order), a column `<prefix><name>` holding, on the row
    /// whose `key` equals the long row's `long_key`, that row's `column`.
    /// Columns left empty on every row are not added.
    pub fn join_wide(
        &mut self,
        key: &str,
        long: &Table,
        long_key: &str,
        name: &str,
        values: &[(&str, &str)],
    ) {
        let (Some(key), Some(long_key), Some(name)) =
            (self.column(key), long.column(long_key), long.column(name))
        else {
            return;
        };
        let mut names: Vec<&str> = Vec::new();
        for r in &long.rows {
            let n = long.get(r, name);
            if !names.contains(&n) {
                names.push(n);
            }
        }
        let index: std::collections::HashMap<(&str, &str), &[String]> = long
            .rows
            .iter()
            .map(|r| ((long.get(r, long_key), long.get(r, name)), r.as_slice()))
            .collect();
        for (column, prefix) in values {
            let Some(v) = long.column(column) else {
                continue;
            };
            for n in &names {
                let cells: Vec<String> = self
                    .rows
                    .iter()
                    .map(|row| {
                        index
                            .get(&(self.get(row, key), *n))
                            .map_or(String::new(), |r| long.get(r, v).to_owned())
                    })
                    .collect();
                if cells.iter().all(String::is_empty) {
                    continue;
                }
                let width = self.header.len();
                self.header.push(format!("{prefix}{n}"));
                for (row, cell) in self.rows.iter_mut().zip(cells) {
                    row.resize(width, String::new());
                    row.push(cell);
                }
            }
        }
    }

    /// The table with only the columns `columns` asks for, and the names of
    /// those left out.
    pub fn project(&self, columns: Columns) -> (Table, Vec<String>) {
        let keep: Vec<usize> = match columns {
            Columns::All => (0..self.header.len()).collect(),
            Columns::Keep(patterns) => {
                let mut keep = Vec::new();
                for p in patterns {
                    for (c, h) in self.header.iter().enumerate() {
                        if name_matches(p, h) && !keep.contains(&c) {
                            keep.push(c);
                        }
                    }
                }
                if keep.is_empty() {
                    (0..self.header.len()).collect()
                } else {
                    keep
                }
            }
            Columns::Hide(patterns) => (0..self.header.len())
                .filter(|&c| !patterns.iter().any(|p| name_matches(p, &self.header[c])))
                .collect(),
        };
        let hidden = (0..self.header.len())
            .filter(|c| !keep.contains(c))
            .map(|c| self.header[c].clone())
            .collect();
        let table = Table {
            header: keep.iter().map(|&c| self.header[c].clone()).collect(),
            rows: self
                .rows
                .iter()
                .map(|r| keep.iter().map(|&c| self.get(r, c).to_owned()).collect())
                .collect(),
            labels: None,
            percent: self.percent.clone(),
        };
        (table, hidden)
    }

    /// Whether column `c` is shown as percentages.
    fn is_percent(&self, c: usize) -> bool {
        let name = &self.header[c];
        is_probability_name(name) || self.percent.iter().any(|p| name_matches(p, name))
    }

    /// The index of column `name`.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// The value in row `row`, column `col`; empty if the row is short.
    pub fn get<'a>(&'a self, row: &'a [String], col: usize) -> &'a str {
        row.get(col).map_or("", String::as_str)
    }

    /// The rows that `selection` keeps, and a note on what it did (empty
    /// when every row is shown in file order).
    pub fn select(&self, selection: Selection) -> (Vec<&[String]>, String) {
        let total = self.rows.len();
        let all: Vec<&[String]> = self.rows.iter().map(Vec::as_slice).collect();
        match selection {
            Selection::Head(n) => {
                let note = if total > n {
                    format!("The first {n} of {total} rows.")
                } else {
                    String::new()
                };
                (all.into_iter().take(n).collect(), note)
            }
            Selection::ClosestFirst(n) => self.closest_first(all, n),
            Selection::LargestFirst { columns, abs, n } => {
                let Some((col, name)) = columns.iter().find_map(|&p| {
                    let i = self.header.iter().position(|h| name_matches(p, h))?;
                    Some((i, self.header[i].as_str()))
                }) else {
                    return self.closest_first(all, n);
                };
                let key = |row: &[String]| {
                    let x = parse(self.get(row, col));
                    if abs { x.map(f64::abs) } else { x }
                };
                let mut rows = all;
                // Stable: ties keep file order; rows without a number go last.
                rows.sort_by(|a, b| descending(key(a), key(b)));
                let order = if abs {
                    format!("largest {} (either sign) first", heading(name))
                } else {
                    format!("largest {} first", heading(name))
                };
                let note = shown(n.min(total), total, &order);
                (rows.into_iter().take(n).collect(), note)
            }
            Selection::AtDates(dates) => self.at_dates(all, dates),
        }
    }

    fn closest_first<'a>(&self, all: Vec<&'a [String]>, n: usize) -> (Vec<&'a [String]>, String) {
        let probability_columns: Vec<usize> = self
            .header
            .iter()
            .enumerate()
            .filter(|(_, h)| h.starts_with("p_") && *h != "p_blank" && *h != "p_absent")
            .map(|(i, _)| i)
            .collect();
        if probability_columns.len() < 2 {
            let note = if all.len() > n {
                format!("The first {n} of {} rows.", all.len())
            } else {
                String::new()
            };
            return (all.into_iter().take(n).collect(), note);
        }
        let voting_rights = self.column("voting_rights");
        let gap = |row: &[String]| {
            // States that cannot vote are not close to anything: last.
            if voting_rights.is_some_and(|c| self.get(row, c) == "false") {
                return None;
            }
            let mut ps: Vec<f64> = probability_columns
                .iter()
                .filter_map(|&c| parse(self.get(row, c)))
                .collect();
            ps.sort_by(|a, b| b.total_cmp(a));
            match ps.as_slice() {
                [a, b, ..] if *a > 0.0 => Some(a - b),
                _ => None,
            }
        };
        let total = all.len();
        let mut rows = all;
        rows.sort_by(|a, b| ascending(gap(a), gap(b)));
        let note = shown(
            n.min(total),
            total,
            "closest to a coin flip first (smallest gap between the two likeliest candidates)",
        );
        (rows.into_iter().take(n).collect(), note)
    }

    fn at_dates<'a>(&self, all: Vec<&'a [String]>, n: usize) -> (Vec<&'a [String]>, String) {
        let Some(date_col) = self.column("date") else {
            return self.select_head(all, 30);
        };
        let region_col = self.column("region");
        let rows: Vec<&[String]> = all
            .into_iter()
            .filter(|r| region_col.is_none_or(|c| self.get(r, c) == "all"))
            .collect();
        let mut dates: Vec<&str> = rows.iter().map(|r| self.get(r, date_col)).collect();
        dates.dedup();
        let chosen = spread(dates.len(), n);
        let keep: Vec<&str> = chosen.iter().map(|&i| dates[i]).collect();
        let kept: Vec<&[String]> = rows
            .into_iter()
            .filter(|r| keep.contains(&self.get(r, date_col)))
            .collect();
        let mut note = if keep.len() < dates.len() {
            format!(
                "Shown at {} of {} dates, evenly spaced from the first to the last.",
                keep.len(),
                dates.len()
            )
        } else {
            String::new()
        };
        if region_col.is_some() {
            note.push_str(" Whole-body rows only; the file also has one row per region.");
        }
        (kept, note.trim().to_owned())
    }

    fn select_head<'a>(&self, all: Vec<&'a [String]>, n: usize) -> (Vec<&'a [String]>, String) {
        let note = if all.len() > n {
            format!("The first {n} of {} rows.", all.len())
        } else {
            String::new()
        };
        (all.into_iter().take(n).collect(), note)
    }

    /// Long rows (one per date and candidate) as wide ones: one row per
    /// date, one column per candidate and value. The values are the columns
    /// other than `date`, `candidate` and `region`, in file order, as many
    /// as fit in `max_columns`; the names of those left out come back too.
    /// `name` gives a candidate's label (HTML). `None` when the table has no
    /// `date` and `candidate` columns or not even one value fits.
    pub fn by_candidate(
        &self,
        rows: &[&[String]],
        max_columns: usize,
        name: &dyn Fn(&str) -> String,
    ) -> Option<(Table, Vec<String>)> {
        let date = self.column("date")?;
        let candidate = self.column("candidate")?;
        let mut values: Vec<usize> = (0..self.header.len())
            .filter(|&c| c != date && c != candidate && self.header[c] != "region")
            .collect();
        let mut candidates: Vec<&str> = Vec::new();
        for r in rows {
            let id = self.get(r, candidate);
            if !candidates.contains(&id) {
                candidates.push(id);
            }
        }
        let fit = max_columns / candidates.len().max(1);
        if values.is_empty() || fit == 0 {
            return None;
        }
        let omitted: Vec<String> = values
            .split_off(fit.min(values.len()))
            .into_iter()
            .map(|c| self.header[c].clone())
            .collect();
        let mut header = vec![self.header[date].clone()];
        let mut labels = vec![heading(&self.header[date])];
        for &v in &values {
            for id in &candidates {
                header.push(self.header[v].clone());
                labels.push(format!("{}<br>{}", heading(&self.header[v]), name(id)));
            }
        }
        let mut wide: Vec<Vec<String>> = Vec::new();
        for r in rows {
            let d = self.get(r, date);
            if wide.last().is_none_or(|w| w[0] != d) {
                let mut row = vec![String::new(); header.len()];
                row[0] = d.to_owned();
                wide.push(row);
            }
            let Some(k) = candidates.iter().position(|&c| c == self.get(r, candidate)) else {
                continue;
            };
            if let Some(row) = wide.last_mut() {
                for (j, &v) in values.iter().enumerate() {
                    row[1 + j * candidates.len() + k] = self.get(r, v).to_owned();
                }
            }
        }
        Some((
            Table {
                header,
                rows: wide,
                labels: Some(labels),
                percent: self.percent.clone(),
            },
            omitted,
        ))
    }

    /// The whole table as HTML, every row in file order.
    pub fn to_html_all(&self) -> String {
        let all: Vec<&[String]> = self.rows.iter().map(Vec::as_slice).collect();
        self.to_html(&all)
    }

    /// The table as HTML with `rows` (from [`select`](Self::select)).
    pub fn to_html(&self, rows: &[&[String]]) -> String {
        let mut out = String::from("<div class=\"table-wrap\"><table>\n<thead><tr>");
        // A column is numeric when all its shown, non-empty cells are.
        let numeric: Vec<bool> = (0..self.header.len())
            .map(|c| {
                let mut any = false;
                let all = rows.iter().all(|r| {
                    let v = self.get(r, c);
                    if v.is_empty() {
                        return true;
                    }
                    any = true;
                    cell_as(v, false).1
                });
                any && all
            })
            .collect();
        // Text with spaces (names) may wrap; codes, dates and numbers do not.
        let wrap: Vec<bool> = (0..self.header.len())
            .map(|c| !numeric[c] && rows.iter().any(|r| self.get(r, c).contains(' ')))
            .collect();
        let class_of = |c: usize| match (numeric[c], wrap[c]) {
            (true, _) => " class=\"num\"",
            (_, true) => " class=\"wrap\"",
            _ => "",
        };
        for (c, h) in self.header.iter().enumerate() {
            let class = if numeric[c] { " class=\"num\"" } else { "" };
            let label = match &self.labels {
                Some(labels) => labels.get(c).cloned().unwrap_or_default(),
                None => heading(h),
            };
            out.push_str(&format!("<th{class}>{label}</th>"));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in rows {
            out.push_str("<tr>");
            for c in 0..self.header.len() {
                let (text, _) = cell_as(self.get(row, c), self.is_percent(c));
                out.push_str(&format!("<td{}>{text}</td>", class_of(c)));
            }
            // Cells beyond the header (a ragged row) are shown too.
            for extra in row.iter().skip(self.header.len()) {
                out.push_str(&format!("<td>{}</td>", escape(extra)));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody></table></div>\n");
        out
    }
}

fn parse(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Orders numbers largest first, missing ones last.
fn descending(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => b.total_cmp(&a),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Orders numbers smallest first, missing ones last.
fn ascending(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.total_cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn shown(shown: usize, total: usize, order: &str) -> String {
    if shown < total {
        format!("The first {shown} of {total} rows, {order}.")
    } else {
        format!("All {total} rows, {order}.")
    }
}

/// `n` indices spread evenly over `0..len`, first and last included.
fn spread(len: usize, n: usize) -> Vec<usize> {
    if len <= n {
        return (0..len).collect();
    }
    if n < 2 {
        // One date: the last; none: none.
        return (len - n..len).collect();
    }
    let mut out: Vec<usize> = (0..n).map(|k| k * (len - 1) / (n - 1)).collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(csv: &str) -> Table {
        let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
        Table {
            header: reader
                .headers()
                .unwrap()
                .iter()
                .map(str::to_owned)
                .collect(),
            rows: reader
                .records()
                .map(|r| r.unwrap().iter().map(str::to_owned).collect())
                .collect(),
            labels: None,
            percent: Vec::new(),
        }
    }

    fn first_column(rows: &[&[String]]) -> Vec<String> {
        rows.iter().map(|r| r[0].clone()).collect()
    }

    #[test]
    fn patterns_match_names() {
        assert!(name_matches("*_low", "p_win_BM_low"));
        assert!(name_matches("p_win_*", "p_win_BM"));
        assert!(name_matches("*_p_*", "base_p_BM"));
        assert!(name_matches("runs", "runs"));
        assert!(!name_matches("runs", "runs_total"));
        assert!(!name_matches("*_mu", "win_probability_BM_mu_star"));
    }

    #[test]
    fn columns_are_kept_or_hidden() {
        let t = table("a,b_low,c,d_high\n1,2,3,4\n");
        let (kept, hidden) = t.project(Columns::Hide(&["*_low", "*_high"]));
        assert_eq!(kept.header, ["a", "c"]);
        assert_eq!(kept.rows[0], ["1", "3"]);
        assert_eq!(hidden, ["b_low", "d_high"]);
        let (kept, _) = t.project(Columns::Keep(&["c", "a"]));
        assert_eq!(kept.header, ["c", "a"]);
        let (kept, hidden) = t.project(Columns::Keep(&["zzz"]));
        assert_eq!(kept.header.len(), 4, "no match keeps all");
        assert!(hidden.is_empty());
    }

    #[test]
    fn spread_keeps_the_ends() {
        assert_eq!(spread(10, 4), [0, 3, 6, 9]);
        assert_eq!(spread(3, 6), [0, 1, 2]);
        assert_eq!(spread(0, 6), Vec::<usize>::new());
    }

    #[test]
    fn closest_states_come_first() {
        let t = table(
            "code,p_A,p_B,p_blank\n\
             X,0.9,0.05,0.05\n\
             Y,0.5,0.45,0.05\n\
             Z,0.2,0.7,0.1\n",
        );
        let (rows, note) = t.select(Selection::ClosestFirst(2));
        assert_eq!(first_column(&rows), ["Y", "Z"]);
        assert!(note.contains("first 2 of 3"), "{note}");
    }

    #[test]
    fn states_without_a_vote_go_last() {
        let t = table(
            "code,voting_rights,p_A,p_B\n\
             M,false,0,0\n\
             X,true,0.9,0.1\n\
             Y,true,0.5,0.5\n",
        );
        let (rows, _) = t.select(Selection::ClosestFirst(10));
        assert_eq!(first_column(&rows), ["Y", "X", "M"]);
    }

    #[test]
    fn long_rows_pivot_by_candidate() {
        let t = table(
            "date,candidate,region,votes,p_win\n\
             d1,A,all,1.0,0.2\n\
             d1,B,all,2.0,0.8\n\
             d2,A,all,3.0,0.6\n\
             d2,B,all,4.0,0.4\n",
        );
        let all: Vec<&[String]> = t.rows.iter().map(Vec::as_slice).collect();
        let name = |id: &str| format!("<{id}>");
        let (wide, omitted) = t.by_candidate(&all, 4, &name).unwrap();
        assert_eq!(wide.header, ["date", "votes", "votes", "p_win", "p_win"]);
        assert_eq!(wide.rows[1], ["d2", "3.0", "4.0", "0.6", "0.4"]);
        assert_eq!(wide.labels.as_ref().unwrap()[2], "votes<br><B>");
        assert!(omitted.is_empty());
        let (narrow, omitted) = t.by_candidate(&all, 3, &name).unwrap();
        assert_eq!(narrow.header, ["date", "votes", "votes"]);
        assert_eq!(omitted, ["p_win"]);
        assert!(
            t.by_candidate(&all, 1, &name).is_none(),
            "not one value fits"
        );
        let html = wide.to_html(&wide.select(Selection::Head(5)).0);
        assert!(html.contains("<td class=\"num\">60.0%</td>"), "{html}");
    }

    #[test]
    fn largest_first_by_absolute_value() {
        let t = table("code,diff\nX,0.1\nY,-0.5\nZ,0.3\nW,\n");
        let (rows, _) = t.select(Selection::LargestFirst {
            columns: &["delta", "diff"],
            abs: true,
            n: 10,
        });
        assert_eq!(first_column(&rows), ["Y", "Z", "X", "W"]);
        let (rows, _) = t.select(Selection::LargestFirst {
            columns: &["diff"],
            abs: false,
            n: 2,
        });
        assert_eq!(first_column(&rows), ["Z", "X"]);
    }

    #[test]
    fn dates_are_sampled_on_whole_body_rows() {
        let mut csv = String::from("date,candidate,region,expected_votes\n");
        for d in 1..=9 {
            for region in ["all", "N"] {
                csv.push_str(&format!("2030-01-0{d},A,{region},1.0\n"));
            }
        }
        let t = table(&csv);
        let (rows, note) = t.select(Selection::AtDates(3));
        assert_eq!(
            first_column(&rows),
            ["2030-01-01", "2030-01-05", "2030-01-09"]
        );
        assert!(rows.iter().all(|r| r[2] == "all"));
        assert!(note.contains("3 of 9 dates"), "{note}");
    }

    #[test]
    fn html_escapes_cells_and_aligns_numbers() {
        let t = table("name,votes\n<b>x</b>,5\n");
        let html = t.to_html(&t.select(Selection::Head(10)).0);
        assert!(html.contains("<td>&lt;b&gt;x&lt;/b&gt;</td>"), "{html}");
        assert!(html.contains("<td class=\"num\">5</td>"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }
}
