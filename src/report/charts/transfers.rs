//! `transfers`: where the voters of each candidate who left the race went in
//! the next round. One horizontal bar per candidate eliminated or withdrawn
//! after a round: its voters in that round (member states, by the first
//! name on their paper), split by what they did in the next round: a vote
//! for a candidate (in that candidate's colour), a blank paper, or absence.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::canvas::{Canvas, HeaderSpacing};
use super::common::*;
use crate::result::RunResult;

/// File name of this chart, without extension.
pub const NAME: &str = "transfers";

/// One bar: who left after which round, and where its voters went
/// (`to[j]`: a candidate `j < k`, blank `k`, absent `k + 1`).
#[derive(Debug, Clone, PartialEq)]
pub struct Leaver {
    pub candidate: usize,
    pub after_round: u32,
    pub withdrew: bool,
    pub to: Vec<u32>,
}

/// The bars of the chart, in round order.
pub fn leavers(result: &RunResult) -> Vec<Leaver> {
    let mut out = Vec::new();
    for flow in &result.ballot.flows {
        let Some(round) = result
            .ballot
            .rounds
            .iter()
            .find(|r| r.number == flow.from_round)
        else {
            continue;
        };
        let left = round.eliminated.iter().map(|&c| (c, false));
        for (c, withdrew) in left.chain(round.withdrawn.iter().map(|&c| (c, true))) {
            if let Some(to) = flow.counts.get(c) {
                out.push(Leaver {
                    candidate: c,
                    after_round: flow.from_round,
                    withdrew,
                    to: to.clone(),
                });
            }
        }
    }
    out
}

/// Draws the chart on `canvas` (expected to be [`WIDTH`] × [`HEIGHT`]).
pub fn draw<DB: DrawingBackend>(canvas: &Canvas<'_, DB>, result: &RunResult) -> ChartResult {
    canvas.root.fill(&WHITE)?;
    let colours = candidate_colours(result);
    let title = format!("{}: where the votes of those who left went", result.title);
    let subtitle = format!(
        "voters of each eliminated or withdrawn candidate, by what they did in the next round \
         (first name on the paper) · {}",
        run_label(result)
    );
    let top = canvas.header(&title, &[&subtitle], HeaderSpacing::RUN)?;
    let legend = votes_legend(&result.candidates, &colours);
    let legend = canvas.bottom_legend(legend);
    canvas.draw_legend(&legend)?;

    let bars = leavers(result);
    if bars.is_empty() {
        let note = "No candidate left the race between rounds in this run.";
        canvas.note(note, (top + legend.top) / 2)?;
        return Ok(());
    }
    let labels = bar_labels(result, &bars);
    let (_, below_title) = canvas.root.split_vertically(top);
    let (plot_area, _) = below_title.split_vertically(legend.top - top - 12);
    draw_bars(canvas, &plot_area, &bars, &labels, &colours)
}

/// Each bar's label: the candidate, how it left and after which round.
fn bar_labels(result: &RunResult, bars: &[Leaver]) -> Vec<String> {
    let name = |c: usize| result.candidates.get(c).map_or("?", |x| x.name.as_str());
    bars.iter()
        .map(|b| {
            format!(
                "{}, {} after round {}",
                name(b.candidate),
                if b.withdrew { "withdrew" } else { "out" },
                b.after_round
            )
        })
        .collect()
}

/// The bars on `plot_area`, the first at the top, each labelled at its left.
fn draw_bars<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    plot_area: &DrawingArea<DB, Shift>,
    bars: &[Leaver],
    labels: &[String],
    colours: &[RGBColor],
) -> ChartResult {
    let label_style = font(TICK_SIZE, INK, false);
    let label_width = labels
        .iter()
        .map(|l| canvas.width(l, &label_style))
        .max()
        .unwrap_or(0)
        .min(620);
    let most = bars
        .iter()
        .map(|b| b.to.iter().sum::<u32>())
        .max()
        .unwrap_or(1)
        .max(1);
    let n = bars.len();
    let mut chart = ChartBuilder::on(plot_area)
        .margin_left(MARGIN + label_width + 12)
        .margin_right(MARGIN + 20)
        .margin_top(8)
        .x_label_area_size(70)
        .build_cartesian_2d(0.0..f64::from(most) * 1.05, 0.0..n as f64)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels((most as usize + 1).min(11))
        .max_light_lines(0)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .label_style(font(TICK_SIZE, INK, false))
        .axis_desc_style(font(LABEL_SIZE, INK, false))
        .x_desc("member states that voted for the candidate in the round it left")
        .x_label_formatter(&|v| {
            if (v - v.round()).abs() < 1e-6 {
                format!("{v:.0}")
            } else {
                String::new()
            }
        })
        .draw()?;
    for (i, (bar, label)) in bars.iter().zip(labels).enumerate() {
        // The first bar at the top.
        let y0 = (n - 1 - i) as f64 + 0.2;
        draw_segments(canvas, &mut chart, bar, y0, colours)?;
        let (left, mid) = chart.backend_coord(&(0.0, (y0 + (y0 + 0.6)) / 2.0));
        let row = chart.backend_coord(&(0.0, 0.0)).1 - chart.backend_coord(&(0.0, 1.0)).1;
        let shown = canvas.block_of(label, TICK_SIZE, false, label_width, row);
        canvas.block(
            &shown,
            (left - 12, mid),
            (INK, false),
            HPos::Right,
            VAlign::Middle,
        )?;
    }
    Ok(())
}

/// One bar from `y0` to `y0 + 0.6`: a segment per destination of its
/// voters, with its count inside where it fits.
fn draw_segments<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    bar: &Leaver,
    y0: f64,
    colours: &[RGBColor],
) -> ChartResult {
    let k = colours.len();
    let y1 = y0 + 0.6;
    let count_style = font(NOTE_SIZE, INK, true);
    let mut x = 0.0;
    for (j, &count) in bar.to.iter().enumerate() {
        if count == 0 {
            continue;
        }
        let fill = match j {
            j if j < k => colours.get(j).copied().unwrap_or(MUTED),
            j if j == k => BLANK,
            _ => ABSENT,
        };
        let x1 = x + f64::from(count);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x, y0), (x1, y1)],
            fill.filled(),
        )))?;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x, y0), (x1, y1)],
            WHITE.stroke_width(2),
        )))?;
        let (l, _) = chart.backend_coord(&(x, y0));
        let (r, mid) = chart.backend_coord(&(x1, (y0 + y1) / 2.0));
        let digits = count.to_string();
        if r - l >= canvas.width(&digits, &count_style) + 8 {
            let ink = if j < k { WHITE } else { INK };
            canvas.text(
                &digits,
                ((l + r) / 2, mid),
                &font(NOTE_SIZE, ink, true),
                HPos::Center,
                VAlign::Middle,
            )?;
        }
        x = x1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::{ChartKind, render_svg};
    use crate::report::fixtures;

    #[test]
    fn a_bar_per_candidate_who_left_with_where_its_voters_went() {
        // In the small fixture BB voted bo in round 1 and ann in round 2.
        let mut result = fixtures::small();
        result.ballot.rounds[0].eliminated = vec![1];
        result.ballot.rounds[0].withdrawn = vec![2];
        let bars = leavers(&result);
        assert_eq!(bars.len(), 2);
        assert_eq!(
            (bars[0].candidate, bars[0].after_round, bars[0].withdrew),
            (1, 1, false)
        );
        assert_eq!(bars[0].to, vec![1, 0, 0, 0, 0]);
        assert_eq!((bars[1].candidate, bars[1].withdrew), (2, true));
        assert_eq!(bars[1].to.iter().sum::<u32>(), 0);
        let svg = render_svg(&result, ChartKind::Transfers).unwrap();
        assert!(svg.contains("Bo Chen, out after round 1"), "{svg}");
        assert!(svg.contains("withdrew after round 1"));
        // Nobody left: the chart says so.
        result.ballot.rounds[0].eliminated.clear();
        result.ballot.rounds[0].withdrawn.clear();
        assert!(leavers(&result).is_empty());
        let svg = render_svg(&result, ChartKind::Transfers).unwrap();
        assert!(svg.contains("No candidate left the race"));
    }

    #[test]
    fn a_long_title_wraps_whole() {
        let mut result = fixtures::small();
        result.title = "Director of the Telecommunication Standardization Bureau, \
                        ITU Plenipotentiary Conference, Antalya 2006"
            .into();
        let svg = render_svg(&result, ChartKind::Transfers).unwrap();
        // Every word of the title is drawn, none cut off with an ellipsis.
        for word in format!("{}: where the votes of those who left went", result.title).split(' ') {
            assert!(svg.contains(word), "{word}: {svg}");
        }
        assert!(!svg.contains('…'), "{svg}");
    }
}
