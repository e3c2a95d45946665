//! `compare_states`: the member states whose vote moves most between the
//! base case and the what-if.
//!
//! One row per state, the most moved at the top (at most [`MAX_STATES`]);
//! in each row one horizontal bar per candidate: the change, what-if minus
//! base, in the probability that the state votes for the candidate at the
//! ballot (first round), in percentage points. States are ranked by how far
//! their whole vote moves ([`crate::analysis::compare`]).

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::bars::row_labels;
use super::canvas::{Canvas, HeaderSpacing};
use super::common::*;
use super::figure::{Figure, axis_number, nice_bound};
use super::text_block::TextBlock;
use crate::analysis::compare::{Comparison, StateShift};
use crate::result::CandidateInfo;

/// File name of this chart, without extension.
pub const NAME: &str = "compare_states";

/// The most states shown.
pub const MAX_STATES: usize = 20;

/// Moves smaller than this (a probability) are not shown.
const MIN_MOVEMENT: f64 = 0.0005;

/// The widest the names' column grows (longer names take two lines).
const MAX_NAME_WIDTH: i32 = 520;

/// The chart's data.
#[derive(Debug, Clone, Copy)]
pub struct CompareStates<'a> {
    pub comparison: &'a Comparison,
    pub candidates: &'a [CandidateInfo],
    pub base_title: &'a str,
    pub what_if_label: &'a str,
}

impl Figure for CompareStates<'_> {
    fn name(&self) -> &str {
        NAME
    }

    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> ChartResult {
        canvas.root.fill(&WHITE)?;
        let c = self.comparison;
        let colours = colours_of(self.candidates);
        let lines = [
            format!(
                "what-if: {} · base: {}",
                self.what_if_label, self.base_title
            ),
            format!(
                "change in each state's probability of voting for each candidate at the ballot (what-if minus base) · mean of {} paired runs",
                c.runs
            ),
        ];
        let top = canvas.header(
            "The member states whose vote moves most",
            &lines,
            HeaderSpacing::FIGURE,
        )?;
        let states: Vec<_> = c
            .states
            .iter()
            .filter(|s| s.movement >= MIN_MOVEMENT)
            .take(MAX_STATES)
            .collect();

        let legend = candidate_legend(self.candidates, &colours, |c| Key::Swatch(c, 1.0));
        let legend = canvas.bottom_legend(legend);
        canvas.draw_legend(&legend)?;

        if states.is_empty() {
            let note = "No member state's vote changes by as much as 0.05 percentage points.";
            return canvas.note(note, (top + legend.top) / 2);
        }

        // The names' column as wide as the longest name, up to a limit past
        // which names go on two lines (smaller only if a row cannot hold them).
        let label_style = font(TICK_SIZE, INK, false);
        let names: Vec<String> = states
            .iter()
            .map(|s| format!("{} ({})", s.name, s.code))
            .collect();
        let name_width = names
            .iter()
            .map(|n| canvas.width(n, &label_style))
            .max()
            .unwrap_or(0)
            .min(MAX_NAME_WIDTH);
        let row_height = (legend.top - top - 12 - 76) / states.len() as i32;
        let (names, _) = row_labels(
            canvas,
            names.iter().map(String::as_str),
            TICK_SIZE,
            name_width,
            row_height,
        );
        let largest = states
            .iter()
            .flat_map(|s| s.change.iter())
            .fold(0.0f64, |m, d| m.max(d.abs() * 100.0));
        let x_max = nice_bound(largest * 1.12);
        let n = states.len() as f64;

        let (_, rest) = canvas.root.split_vertically(top);
        let (plot_area, _) = rest.split_vertically(legend.top - top - 12);
        let mut chart = ChartBuilder::on(&plot_area)
            .margin_left(MARGIN)
            .margin_right(MARGIN + 40)
            .x_label_area_size(76)
            .y_label_area_size(name_width + 20)
            .build_cartesian_2d(-x_max..x_max, 0.0..n)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(9)
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(MUTED)
            .label_style(font(TICK_SIZE, INK, false))
            .axis_desc_style(font(LABEL_SIZE, INK, false))
            .x_desc("change in the probability of voting for the candidate (percentage points)")
            .x_label_formatter(&|v| {
                let s = axis_number(*v, 2.0 * x_max);
                if *v > 0.0 { format!("+{s}") } else { s }
            })
            .draw()?;

        draw_rows(canvas, &mut chart, &states, &names, &colours, x_max)?;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (0.0, n)],
            INK.stroke_width(2),
        )))?;
        Ok(())
    }
}

/// The rows of `states` on `chart` (values from `-x_max` to `x_max`):
/// stripes on every other row, one bar per candidate with its value where
/// there is room, the state's name at the left.
fn draw_rows<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    states: &[&StateShift],
    names: &[TextBlock],
    colours: &[RGBColor],
    x_max: f64,
) -> ChartResult {
    let n = states.len() as f64;
    let k = colours.len();
    // Row i sits between n - i - 1 and n - i; stripes on every other row.
    for i in (0..states.len()).step_by(2) {
        let y = n - i as f64;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(-x_max, y - 1.0), (x_max, y)],
            RGBColor(246, 246, 246).filled(),
        )))?;
    }
    let bar = 0.8 / k.max(1) as f64;
    let row_pixels =
        (chart.backend_coord(&(0.0, 0.0)).1 - chart.backend_coord(&(0.0, 1.0)).1).max(1);
    let bar_pixels = (f64::from(row_pixels) * bar) as i32;
    let value_style = font(NOTE_SIZE - 2.0, INK, false);
    for (i, s) in states.iter().enumerate() {
        let row_top = n - i as f64 - 0.1;
        for (cand, (&d, &colour)) in s.change.iter().zip(colours).enumerate() {
            let y1 = row_top - bar * cand as f64;
            let y0 = y1 - bar;
            let x = d * 100.0;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(0.0, y0), (x, y1)],
                colour.filled(),
            )))?;
            if bar_pixels >= 13 && x.abs() >= 0.05 {
                let (px, py) = chart.backend_coord(&(x, (y0 + y1) / 2.0));
                let (h, dx) = if x >= 0.0 {
                    (HPos::Left, 6)
                } else {
                    (HPos::Right, -6)
                };
                canvas.text(
                    &format!("{x:+.1}"),
                    (px + dx, py),
                    &value_style,
                    h,
                    VAlign::Middle,
                )?;
            }
        }
        let (px, py) = chart.backend_coord(&(-x_max, n - i as f64 - 0.5));
        canvas.block(
            &names[i],
            (px - 12, py),
            (INK, false),
            HPos::Right,
            VAlign::Middle,
        )?;
    }
    Ok(())
}
