//! Two side-by-side panels of ranked horizontal bars, one row per
//! parameter with its label at the left: what [`super::sensitivity_bars`]
//! and [`super::variance_sources`] draw for their two outputs.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::canvas::Canvas;
use super::common::*;
use super::figure::axis_number;
use super::text_block::{TextBlock, widest};

/// A chart of bars: values across, rows (`0..n`, the first at the top) up.
pub type BarChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Space between the two panels.
const GAP: i32 = 40;
/// Space above and below a panel's heading lines.
const HEADING_PAD: i32 = 15;
/// Height of the axis under a panel's bars (ticks and description).
pub const X_AXIS: i32 = 76;

/// Two panels side by side between `top` and `bottom`, each under its
/// heading (wrapped onto as many lines as it needs, the band as tall as
/// the longer heading's).
#[derive(Debug, Clone)]
pub struct BarPanels {
    top: i32,
    bottom: i32,
    /// Width of each panel.
    pub width: i32,
    headings: Vec<TextBlock>,
    heading_height: i32,
}

impl BarPanels {
    /// Panels whose headings (one per panel, left first) start at `top`
    /// and whose plots end at `bottom`.
    pub fn new<DB: DrawingBackend, S: AsRef<str>>(
        canvas: &Canvas<'_, DB>,
        top: i32,
        bottom: i32,
        headings: &[S],
    ) -> Self {
        let width = (WIDTH as i32 - 2 * MARGIN - GAP) / 2;
        let headings: Vec<TextBlock> = headings
            .iter()
            .map(|h| canvas.block_of(h.as_ref(), LABEL_SIZE, true, width, i32::MAX))
            .collect();
        let lines = headings.iter().map(|b| b.height()).max().unwrap_or(0);
        BarPanels {
            top,
            bottom,
            width,
            headings,
            heading_height: lines + 2 * HEADING_PAD,
        }
    }

    /// Writes the heading of panel `slot` (0 left, 1 right) and returns the
    /// panel's plot area, below it.
    pub fn panel<DB: DrawingBackend>(
        &self,
        canvas: &Canvas<'_, DB>,
        slot: usize,
    ) -> ChartResult<DrawingArea<DB, Shift>> {
        let x0 = MARGIN + slot as i32 * (self.width + GAP);
        if let Some(heading) = self.headings.get(slot) {
            canvas.block(
                heading,
                (x0 + self.width / 2, self.top + HEADING_PAD / 2),
                (INK, true),
                HPos::Center,
                VAlign::Top,
            )?;
        }
        let panel_top = self.plot_top();
        Ok(canvas
            .root
            .clone()
            .shrink((x0, panel_top), (self.width, self.bottom - panel_top)))
    }

    /// Writes `note` in the middle of `panel`, `mid` pixels below its top
    /// (for a panel with nothing to show), wrapped to the panel's width.
    pub fn note<DB: DrawingBackend>(
        &self,
        canvas: &Canvas<'_, DB>,
        panel: &DrawingArea<DB, Shift>,
        note: &str,
        mid: i32,
    ) -> ChartResult {
        let block = canvas.block_of(note, NOTE_SIZE, false, self.width - 20, i32::MAX);
        let (x, y) = panel.get_base_pixel();
        canvas.block(
            &block,
            (x + self.width / 2, y + mid),
            (MUTED, false),
            HPos::Center,
            VAlign::Middle,
        )
    }

    /// The top of the panels' plots.
    pub fn plot_top(&self) -> i32 {
        self.top + self.heading_height
    }

    /// The height of one of `n` rows of bars in a panel's plot.
    pub fn row_height(&self, n: usize) -> i32 {
        (self.bottom - self.plot_top() - X_AXIS) / n.max(1) as i32
    }
}

/// The rows' labels at `size`, each broken into lines at most `max_width`
/// pixels wide (smaller only where its lines would be taller than
/// `height`), and the width the widest line takes.
pub fn row_labels<'s, DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    labels: impl Iterator<Item = &'s str>,
    size: f64,
    max_width: i32,
    height: i32,
) -> (Vec<TextBlock>, i32) {
    let blocks: Vec<TextBlock> = labels
        .map(|l| canvas.block_of(l, size, false, max_width, height))
        .collect();
    let width = widest(&blocks, &|t, size| canvas.width(t, &font(size, INK, false)));
    (blocks, width)
}

/// The plot of `n` rows of bars on `panel`, values `x` across (described by
/// `x_desc`), with `label_width` pixels at the left for the rows' labels.
pub fn bar_chart<'a, DB: DrawingBackend>(
    panel: &'a DrawingArea<DB, Shift>,
    x: Range<f64>,
    n: usize,
    label_width: i32,
    x_desc: &str,
) -> ChartResult<BarChart<'a, DB>> {
    let span = x.end - x.start;
    let mut chart = ChartBuilder::on(panel)
        .margin_right(24)
        .x_label_area_size(X_AXIS as u32)
        .y_label_area_size(label_width + 16)
        .build_cartesian_2d(x, 0.0..n as f64)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(6)
        .max_light_lines(0)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .label_style(font(TICK_SIZE, INK, false))
        .axis_desc_style(font(NOTE_SIZE, INK, false))
        .x_desc(x_desc)
        .x_label_formatter(&|v| axis_number(*v, span))
        .draw()?;
    Ok(chart)
}

/// Draws a bar from 0 to `value` between rows `y0` and `y1` and, if
/// given, a whisker from `value - ci` to `value + ci` clipped to `clip`.
pub fn bar<DB: DrawingBackend>(
    chart: &mut BarChart<'_, DB>,
    value: f64,
    (y0, y1): (f64, f64),
    fill: RGBColor,
    whisker: Option<(f64, Range<f64>)>,
) -> ChartResult {
    chart.draw_series(std::iter::once(Rectangle::new(
        [(0.0, y0), (value, y1)],
        fill.filled(),
    )))?;
    if let Some((ci, clip)) = whisker {
        let y = (y0 + y1) / 2.0;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![
                ((value - ci).max(clip.start), y),
                ((value + ci).min(clip.end), y),
            ],
            INK.stroke_width(2),
        )))?;
    }
    Ok(())
}

/// Writes `value` just right of `x` (a bar's or whisker's end) at row
/// height `y`, in values of `chart`.
pub fn value_label<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    chart: &BarChart<'_, DB>,
    value: &str,
    (x, y): (f64, f64),
) -> ChartResult {
    let (px, py) = chart.backend_coord(&(x, y));
    canvas.text(
        value,
        (px + 6, py),
        &font(NOTE_SIZE - 2.0, INK, false),
        HPos::Left,
        VAlign::Middle,
    )
}
