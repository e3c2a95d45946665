//! `outcome`: the distribution over runs of each candidate's votes in the
//! first round of the ballot.
//!
//! One panel per candidate, on a common axis of votes: bars give the share
//! of runs in which the candidate received each number of votes; a dashed
//! line marks the votes needed to be elected in the first round (the median
//! over runs of its majority); each panel names the candidate, how often it
//! was elected, and its median votes with the 5th to 95th percentiles.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontTransform;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::canvas::{Canvas, HeaderSpacing};
use super::common::*;
use super::ensemble::{headings, majority_line, percent};
use super::text_block::widest;
use crate::ensemble::EnsembleResult;

/// File name of this chart, without extension.
pub const NAME: &str = "outcome";

const Y_AREA: i32 = 90;
const X_AREA: i32 = 50;
/// The description of the axis of shares that the panels share.
const Y_DESC: &str = "share of runs (%)";
/// Room left of the panels' ticks for that description.
const DESC_AREA: i32 = 36;

/// The note when every candidate's votes were the same in every run (each
/// panel one bar at 100 %).
fn extremes(result: &EnsembleResult) -> Option<String> {
    let one_bar = |h: &Vec<u64>| h.iter().filter(|&&n| n > 0).count() == 1;
    let histograms = &result.first_round_histograms;
    (result.summary.runs > 0 && !histograms.is_empty() && histograms.iter().all(one_bar)).then(
        || "every bar at 100 %: each candidate received the same votes in every run".to_owned(),
    )
}

/// The votes the chart shows: a little beyond the smallest and largest
/// count any candidate received and the majority.
fn vote_range(histograms: &[Vec<u64>], majority: f64) -> (usize, usize) {
    let seen = |h: &Vec<u64>| {
        let first = h.iter().position(|&n| n > 0);
        let last = h.iter().rposition(|&n| n > 0);
        first.zip(last)
    };
    let (lo, hi) = histograms.iter().filter_map(seen).fold(
        (majority as usize, majority.ceil() as usize),
        |(lo, hi), (a, b)| (lo.min(a), hi.max(b)),
    );
    let pad = ((hi - lo) / 20).max(2);
    (lo.saturating_sub(pad), hi + pad)
}

/// Draws the chart on `canvas` (expected to be [`WIDTH`] × [`HEIGHT`]).
pub fn draw<DB: DrawingBackend>(canvas: &Canvas<'_, DB>, result: &EnsembleResult) -> ChartResult {
    canvas.root.fill(&WHITE)?;
    let frame = &result.frame;
    let summary = &result.summary;
    let colours = colours_of(&frame.candidates);
    let majority = majority_line(result);
    let subtitle = format!(
        "{} runs, seed {} · share of runs per number of votes · more than one round in {} of runs",
        summary.runs,
        summary.seed,
        percent(summary.more_than_one_round.p)
    );
    let subtitle = match extremes(result) {
        Some(note) => format!("{subtitle} · {note}"),
        None => subtitle,
    };
    let (title, subtitle) = headings(canvas, frame, "first-round votes", &subtitle);
    let top = canvas.header(&title, &[&subtitle], HeaderSpacing::RUN)?;
    let legend = vec![LegendEntry {
        key: Key::Dashed(MUTED),
        label: format!(
            "votes needed in round 1 (median over runs: {majority:.0} of {} states with voting rights)",
            frame.eligible_voters
        ),
    }];
    let legend = canvas.bottom_legend(legend);
    let (_, rest) = canvas.root.split_vertically(top);
    let (area, _) = rest.split_vertically(legend.top - top - 8);

    let (lo, hi) = vote_range(&result.first_round_histograms, majority);
    let k = frame.candidates.len().max(1);
    let runs = summary.runs.max(1) as f64;
    let y_max = result
        .first_round_histograms
        .iter()
        .flat_map(|h| h.iter().map(|&n| n as f64 / runs))
        .fold(0.0f64, f64::max)
        .max(0.01)
        * 1.3;
    let axes = Axes {
        lo,
        hi,
        y_max,
        runs,
        majority,
    };
    let total_h = area.dim_in_pixel().1 as i32;
    // One description for the panels' common axis of shares, at the left.
    let desc = font(LABEL_SIZE, INK, false)
        .transform(FontTransform::Rotate270)
        .pos(Pos::new(HPos::Center, VPos::Center));
    let mid = top + (total_h - X_AREA) / 2;
    canvas.root.draw_text(Y_DESC, &desc, (MARGIN + 4, mid))?;
    let panel_h = (total_h - X_AREA) / k as i32;
    let mut remaining = area;
    for c in 0..k {
        let last = c + 1 == k;
        let (panel, below) = if last {
            (remaining.clone(), remaining.clone())
        } else {
            remaining.split_vertically(panel_h)
        };
        remaining = below;
        let colour = colours.get(c).copied().unwrap_or(INK);
        draw_panel(canvas, &panel, result, c, colour, &axes, last)?;
    }
    canvas.draw_legend(&legend)?;
    Ok(())
}

/// What every panel shares: the votes shown, the top of the axis of shares
/// of runs, the number of runs and the majority's line.
struct Axes {
    lo: usize,
    hi: usize,
    y_max: f64,
    runs: f64,
    majority: f64,
}

/// Candidate `c`'s panel: its histogram, the majority's line and its
/// label; the last panel carries the axis of votes.
fn draw_panel<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    panel: &DrawingArea<DB, Shift>,
    result: &EnsembleResult,
    c: usize,
    colour: RGBColor,
    axes: &Axes,
    last: bool,
) -> ChartResult {
    let Axes {
        lo,
        hi,
        y_max,
        runs,
        majority,
    } = *axes;
    let mut chart = ChartBuilder::on(panel)
        .margin_left(MARGIN + DESC_AREA)
        .margin_right(MARGIN + 20)
        .margin_top(6)
        .x_label_area_size(if last { X_AREA } else { 0 })
        .y_label_area_size(Y_AREA)
        .build_cartesian_2d(lo as f64 - 0.5..hi as f64 + 0.5, 0.0..y_max)?;
    let mut mesh = chart.configure_mesh();
    mesh.x_labels(12)
        .y_labels(3)
        .max_light_lines(0)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .label_style(font(TICK_SIZE, INK, false))
        .axis_desc_style(font(LABEL_SIZE, INK, false))
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{:.0}%", 100.0 * v));
    if last {
        mesh.x_desc("votes in round 1 (member states)");
    }
    mesh.draw()?;
    if let Some(h) = result.first_round_histograms.get(c) {
        chart.draw_series(
            h.iter()
                .enumerate()
                .filter(|(v, n)| **n > 0 && (lo..=hi).contains(v))
                .map(|(v, &n)| {
                    let v = v as f64;
                    Rectangle::new(
                        [(v - 0.42, 0.0), (v + 0.42, n as f64 / runs)],
                        colour.filled(),
                    )
                }),
        )?;
    }
    chart.draw_series(DashedLineSeries::new(
        vec![(majority, 0.0), (majority, y_max)],
        10,
        7,
        MUTED.stroke_width(3),
    ))?;
    // The candidate's name and results, inside the panel at the top left.
    let (x, y) = chart.backend_coord(&(lo as f64 - 0.5, y_max));
    let label = panel_label(result, c);
    // On a white box, so that the majority line does not cross it; on more
    // lines where it is wider than the plot.
    let style = font(LABEL_SIZE, colour, true);
    let (plot_x, plot_y) = chart.plotting_area().get_pixel_range();
    let room = plot_x.end - x - 40;
    let block = canvas.block_of(&label, LABEL_SIZE, true, room, (plot_y.end - y) / 2);
    let width = widest(std::slice::from_ref(&block), &|t, size| {
        canvas.width(t, &font(size, colour, true))
    });
    let height = if block.lines.len() == 1 {
        LABEL_SIZE as i32
    } else {
        block.height()
    };
    canvas.root.draw(&Rectangle::new(
        [(x + 6, y + 8), (x + 22 + width, y + 20 + height)],
        WHITE.mix(0.9).filled(),
    ))?;
    if let [line] = block.lines.as_slice() {
        canvas.text(line, (x + 14, y + 16), &style, HPos::Left, VAlign::Top)
    } else {
        let at = (x + 14, y + 14);
        canvas.block(&block, at, (colour, true), HPos::Left, VAlign::Top)
    }
}

/// Candidate `c`'s name, how often it was elected and its median votes.
fn panel_label(result: &EnsembleResult, c: usize) -> String {
    let name = result
        .frame
        .candidates
        .get(c)
        .map_or("", |x| x.name.as_str());
    let mut label = name.to_owned();
    if let Some(o) = result.summary.candidates.get(c) {
        label.push_str(&format!(" · elected in {} of runs", percent(o.elected.p)));
        if let Some(d) = &o.first_round_votes {
            label.push_str(&format!(
                " · median {:.0} votes (5–95%: {:.0}–{:.0})",
                d.median, d.p5, d.p95
            ));
        }
    }
    label
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_holds_every_count_and_the_majority() {
        let mut a = vec![0; 194];
        a[130] = 3;
        a[150] = 1;
        let mut b = vec![0; 194];
        b[20] = 2;
        b[40] = 2;
        assert_eq!(vote_range(&[a, b], 88.0), (14, 156));
        assert_eq!(vote_range(&[vec![0; 10]], 5.0), (3, 7));
    }
}
