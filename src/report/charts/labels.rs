//! Where the labels of dated markers go above a chart, so that none is
//! dropped or cut.
//!
//! Each label sits beside its marker's line in one of a few rows
//! ([`stagger`]). When the labels need more rows than `max_rows`, or one
//! would pass the chart's edges, the markers are numbered instead: the line
//! carries its number (markers too close for a number each share one label,
//! `3–9`, beside the first line, the others' lines starting below it), and a
//! key above the numbers gives each number's full label, in columns,
//! wrapped at word boundaries where one is wider than the chart. The layout is plain arithmetic on pixel widths, so it is tested
//! without drawing.

use super::common::{Placed, stagger};
use super::text_block::break_lines;

/// Where the labels of markers go: rows count from the top of the label
/// area, the key's rows first, then the markers' rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelLayout {
    /// Per marker, in the order given: the text beside its line (its label,
    /// its number or its group's numbers; empty for a marker whose group's
    /// label is beside another's line) and where it goes (`row` counts from
    /// the first marker row, below the key). A marker with an empty text has
    /// its line start below its row.
    pub markers: Vec<(String, Placed)>,
    /// The key when the markers are numbered: lines of text with where they go.
    pub key: Vec<KeyLine>,
    /// Rows the key takes (0 without one).
    pub key_rows: usize,
    /// Rows the markers' labels take.
    pub marker_rows: usize,
}

/// One line of the key: the marker it belongs to, its text and its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyLine {
    pub marker: usize,
    pub text: String,
    pub row: usize,
    pub left: i32,
    pub width: i32,
}

impl LabelLayout {
    /// Rows of the whole label area.
    pub fn rows(&self) -> usize {
        self.key_rows + self.marker_rows
    }

    /// Whether the markers carry numbers explained by a key.
    pub fn numbered(&self) -> bool {
        !self.key.is_empty()
    }
}

/// Space between the key's columns, in pixels.
const KEY_COLUMN_GAP: i32 = 36;

/// Lays out `labels` of markers at pixel `xs` (in x order) between `left`
/// and `right`; `measure` gives a text's width in pixels, `gap` the space
/// between a line and its label.
pub fn layout_labels(
    xs: &[i32],
    labels: &[String],
    measure: &dyn Fn(&str) -> i32,
    (left, right): (i32, i32),
    gap: i32,
    max_rows: usize,
) -> LabelLayout {
    let widths: Vec<i32> = labels.iter().map(|l| measure(l)).collect();
    let placed = stagger(xs, &widths, right, gap);
    let rows = placed.iter().map(|p| p.row + 1).max().unwrap_or(0);
    let inside = placed
        .iter()
        .all(|p| p.left >= left && p.left + p.width <= right);
    if rows <= max_rows && inside {
        return LabelLayout {
            markers: labels.iter().cloned().zip(placed).collect(),
            key: Vec::new(),
            key_rows: 0,
            marker_rows: rows,
        };
    }
    // Groups of markers whose lines would pass through the first's number.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for i in 0..xs.len() {
        match groups.last_mut() {
            Some((first, last)) if xs[i] <= xs[*first] + 2 * gap + measure(&numbers(*first, i)) => {
                *last = i;
            }
            _ => groups.push((i, i)),
        }
    }
    let texts: Vec<String> = groups.iter().map(|&(a, b)| numbers(a, b)).collect();
    let group_xs: Vec<i32> = groups.iter().map(|&(a, _)| xs[a]).collect();
    // A group's box reaches past its members' lines, so that no other label
    // covers them.
    let widths: Vec<i32> = groups
        .iter()
        .zip(&texts)
        .map(|(&(a, b), t)| measure(t).max(xs[b] - xs[a] - gap + 1))
        .collect();
    let placed = stagger(&group_xs, &widths, right, gap);
    let marker_rows = placed.iter().map(|p| p.row + 1).max().unwrap_or(0);
    let mut markers: Vec<(String, Placed)> = Vec::with_capacity(xs.len());
    for ((&(a, b), text), p) in groups.iter().zip(texts).zip(placed) {
        markers.push((text, p));
        for &x in &xs[a + 1..=b] {
            let line = Placed {
                row: p.row,
                left: x,
                width: 0,
            };
            markers.push((String::new(), line));
        }
    }
    let entries: Vec<String> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{}  {l}", i + 1))
        .collect();
    let (key, key_rows) = key_grid(&entries, measure, (left, right));
    LabelLayout {
        markers,
        key,
        key_rows,
        marker_rows,
    }
}

/// The numbers of markers `a..=b` (from 0) as one label: `3`, `3, 4`, `3–9`.
fn numbers(a: usize, b: usize) -> String {
    match b - a {
        0 => format!("{}", a + 1),
        1 => format!("{}, {}", a + 1, b + 1),
        _ => format!("{}–{}", a + 1, b + 1),
    }
}

/// The key's entries in columns of equal width, filled top to bottom then
/// left to right; with one column (an entry as wide as the chart), entries
/// wider than the chart wrap onto further rows.
fn key_grid(
    entries: &[String],
    measure: &dyn Fn(&str) -> i32,
    (left, right): (i32, i32),
) -> (Vec<KeyLine>, usize) {
    let available = (right - left).max(1);
    let widest = entries.iter().map(|e| measure(e)).max().unwrap_or(0);
    let columns = (((available + KEY_COLUMN_GAP) / (widest + KEY_COLUMN_GAP).max(1)) as usize)
        .clamp(1, entries.len().max(1));
    let mut key = Vec::new();
    if columns == 1 {
        let mut row = 0;
        for (i, e) in entries.iter().enumerate() {
            for line in break_lines(e, measure, available) {
                let width = measure(&line);
                key.push(KeyLine {
                    marker: i,
                    text: line,
                    row,
                    left,
                    width,
                });
                row += 1;
            }
        }
        return (key, row);
    }
    let rows = entries.len().div_ceil(columns);
    for (i, e) in entries.iter().enumerate() {
        key.push(KeyLine {
            marker: i,
            text: e.clone(),
            row: i % rows,
            left: left + (i / rows) as i32 * (widest + KEY_COLUMN_GAP),
            width: measure(e),
        });
    }
    (key, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ten pixels a character, as a monospace font would be.
    fn measure(s: &str) -> i32 {
        10 * s.chars().count() as i32
    }

    const ROW: i32 = 28;

    /// Every box the layout draws, as (left, right, top, bottom) pixels.
    fn boxes(l: &LabelLayout) -> Vec<(i32, i32, i32, i32)> {
        let key = l.key.iter().map(|k| {
            let top = k.row as i32 * ROW;
            (k.left, k.left + k.width, top, top + ROW)
        });
        let markers = l
            .markers
            .iter()
            .filter(|(t, _)| !t.is_empty())
            .map(|(_, p)| {
                let top = (l.key_rows + p.row) as i32 * ROW;
                (p.left, p.left + p.width, top, top + ROW)
            });
        key.chain(markers).collect()
    }

    /// No label dropped or cut, no two boxes overlapping, all inside the
    /// edges, no marker's line (from its label down to the plot) through
    /// another label, and with a key every label whole in it.
    fn check(xs: &[i32], labels: &[String], l: &LabelLayout, (left, right): (i32, i32)) {
        assert_eq!(l.markers.len(), labels.len(), "a label was dropped");
        let all = boxes(l);
        for (i, a) in all.iter().enumerate() {
            assert!(a.0 >= left && a.1 <= right, "box {a:?} passes the edges");
            for b in &all[i + 1..] {
                let apart = a.1 <= b.0 || b.1 <= a.0 || a.3 <= b.2 || b.3 <= a.2;
                assert!(apart, "{a:?} overlaps {b:?}");
            }
        }
        for (i, &x) in xs.iter().enumerate() {
            let line_top = (l.key_rows + l.markers[i].1.row) as i32 * ROW + ROW;
            for (j, (t, p)) in l.markers.iter().enumerate() {
                let top = (l.key_rows + p.row) as i32 * ROW;
                if j != i && !t.is_empty() && top >= line_top {
                    assert!(
                        !(p.left <= x && x <= p.left + p.width),
                        "line {i} crosses label {j}"
                    );
                }
            }
            for k in &l.key {
                assert!(
                    (k.row as i32 + 1) * ROW <= line_top,
                    "line {i} reaches into the key"
                );
            }
        }
        if l.numbered() {
            // Every marker's number is beside its line or its group's first.
            let mut shown = Vec::new();
            for (t, _) in &l.markers {
                if let Some((a, b)) = t.split_once('–') {
                    shown.extend(a.parse::<usize>().unwrap()..=b.parse().unwrap());
                } else if !t.is_empty() {
                    shown.extend(t.split(", ").map(|n| n.parse::<usize>().unwrap()));
                }
            }
            assert_eq!(shown, (1..=labels.len()).collect::<Vec<_>>());
            for (i, label) in labels.iter().enumerate() {
                let text: Vec<&str> = l
                    .key
                    .iter()
                    .filter(|k| k.marker == i)
                    .map(|k| k.text.as_str())
                    .collect();
                assert_eq!(text.join(" "), format!("{}  {label}", i + 1));
            }
        } else {
            for (i, label) in labels.iter().enumerate() {
                assert_eq!(&l.markers[i].0, label, "label {i} changed");
            }
        }
    }

    #[test]
    fn few_labels_sit_beside_their_lines() {
        let xs = [300, 330, 900, 1450];
        let labels: Vec<String> = [
            "24 Feb: Russia invades Ukraine",
            "2 Mar: UNGA ES-11/1 condemns the invasion",
            "16 Jun: WTDC-22 opens in Kigali",
            "26 Sep: conference opens",
        ]
        .map(str::to_owned)
        .to_vec();
        let l = layout_labels(&xs, &labels, &measure, (28, 1572), 14, 8);
        assert!(!l.numbered());
        assert_eq!(l.marker_rows, 2);
        check(&xs, &labels, &l, (28, 1572));
        // The last would pass the right edge: it sits left of its line.
        assert!(l.markers[3].1.left + l.markers[3].1.width <= 1450);
    }

    #[test]
    fn many_close_events_are_numbered_with_a_key_and_none_is_dropped() {
        // Thirty events a few pixels apart with long labels, as a busy
        // month of a campaign gives.
        let xs: Vec<i32> = (0..30).map(|i| 200 + 9 * i).collect();
        let labels: Vec<String> = (0..30)
            .map(|i| {
                format!(
                    "{} May: Eastern Europe and Northern Asia group meeting number {i}",
                    i + 1
                )
            })
            .collect();
        let edges = (28, 1572);
        let l = layout_labels(&xs, &labels, &measure, edges, 14, 8);
        assert!(l.numbered());
        assert!(l.key_rows >= 10 && l.key_rows <= 15, "{}", l.key_rows);
        // Numbers of markers this close share labels: few rows.
        assert!(l.marker_rows <= 3, "{}", l.marker_rows);
        check(&xs, &labels, &l, edges);
    }

    #[test]
    fn a_label_wider_than_the_chart_wraps_in_the_key() {
        let xs = [100, 500];
        let long = "word ".repeat(40).trim_end().to_owned();
        let labels = vec![long, "short".to_owned()];
        let edges = (0, 600);
        let l = layout_labels(&xs, &labels, &measure, edges, 10, 8);
        assert!(l.numbered());
        assert!(l.key.iter().filter(|k| k.marker == 0).count() >= 4);
        assert!(l.key.iter().all(|k| k.width <= 600));
        check(&xs, &labels, &l, edges);
    }
}
