//! `regions`: expected votes per candidate over time, one panel per region.
//!
//! Each panel shows, for one region, the expected votes for each candidate
//! as a share (%) of the region's member states with voting rights, with a
//! dashed line at 50 % and the conference period shaded. Panels share the
//! time span and the 0–100 % scale; one legend serves them all.

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::canvas::{Canvas, HeaderSpacing};
use super::common::*;
use super::text_block::TextBlock;
use crate::result::RunResult;

/// File name of this chart, without extension.
pub const NAME: &str = "regions";

const PANEL_GAP: i32 = 24;
/// The band of a panel's heading, at least (one line).
const PANEL_TITLE: i32 = 40;
/// How far right of the cell's middle the heading is centred (over the
/// plot, right of the axis's labels).
const HEADING_SHIFT: i32 = 30;

/// Rows and columns of the panel grid for `n` panels: about as wide as the
/// image's aspect ratio suggests.
pub fn grid(n: usize) -> (usize, usize) {
    if n == 0 {
        return (1, 1);
    }
    let rows = ((n as f64 / 1.6).sqrt().round() as usize).clamp(1, n);
    let cols = n.div_ceil(rows);
    (rows, cols)
}

/// Where the panels go: the grid's top, its columns and each cell's size.
struct Cells {
    top: i32,
    cols: usize,
    width: i32,
    height: i32,
    /// The band of every panel's heading: as tall as the longest's lines.
    heading: i32,
}

impl Cells {
    /// The top left corner of cell `slot` (row by row).
    fn origin(&self, slot: usize) -> (i32, i32) {
        let (row, col) = (slot / self.cols, slot % self.cols);
        let x0 = MARGIN + col as i32 * (self.width + PANEL_GAP);
        let y0 = self.top + row as i32 * (self.height + PANEL_GAP);
        (x0, y0)
    }
}

/// Draws the chart on `canvas` (expected to be [`WIDTH`] × [`HEIGHT`]).
pub fn draw<DB: DrawingBackend>(canvas: &Canvas<'_, DB>, result: &RunResult) -> ChartResult {
    canvas.root.fill(&WHITE)?;
    let colours = candidate_colours(result);
    let title = format!("{}: expected votes by region", result.title);
    let subtitle = format!(
        "expected votes for each candidate as a share of the region's voters \
         (member states with voting rights) · {}",
        run_label(result)
    );
    let top = canvas.header(&title, &[&subtitle], HeaderSpacing::RUN)?;

    let n = result.regions.len();
    let (rows, cols) = grid(n);
    let spare_cell = rows * cols > n;

    let mut legend = candidate_legend(&result.candidates, &colours, Key::Line);
    legend.push(LegendEntry {
        key: Key::Dashed(MUTED),
        label: "half of the region's voters".to_owned(),
    });
    legend.push(conference_entry());

    let grid_width = WIDTH as i32 - 2 * MARGIN;
    let cell_width = (grid_width - PANEL_GAP * (cols as i32 - 1)) / cols as i32;
    // The legend goes into the spare cell if there is one, else below the grid.
    let (legend_rows_below, bottom) = if spare_cell {
        (Vec::new(), HEIGHT as i32 - MARGIN)
    } else {
        let r = canvas.legend_rows(&legend, grid_width);
        let b = HEIGHT as i32 - MARGIN - LEGEND_ROW * r.len() as i32 - 8;
        (r, b)
    };
    let heading = (0..n)
        .map(|r| panel_heading(canvas, result, r, cell_width).height() + 12)
        .fold(PANEL_TITLE, i32::max);
    let cells = Cells {
        top,
        cols,
        width: cell_width,
        height: (bottom - top - PANEL_GAP * (rows as i32 - 1)) / rows as i32,
        heading,
    };
    for r in 0..n {
        draw_panel(canvas, result, r, &cells, &colours)?;
    }

    if spare_cell {
        // A vertical legend, centred in the first free cell.
        let (x0, y0) = cells.origin(n);
        let width = canvas.legend_column_width(&legend);
        let height = LEGEND_ROW * legend.len() as i32;
        let left = x0 + ((cells.width - width) / 2).max(0);
        let top_y = y0 + cells.heading + ((cells.height - cells.heading - height) / 2).max(0);
        canvas.legend_column(&legend, left, top_y)?;
    } else {
        let top_y = HEIGHT as i32 - MARGIN - LEGEND_ROW * legend_rows_below.len() as i32;
        canvas.legend(&legend, &legend_rows_below, WIDTH as i32 / 2, top_y)?;
    }
    Ok(())
}

/// Region `r`'s name and voters over a cell `cell_width` pixels wide, on
/// as many lines as they need.
fn panel_heading<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    result: &RunResult,
    r: usize,
    cell_width: i32,
) -> TextBlock {
    let region = &result.regions[r];
    let text = format!(
        "{} · {} voter{}",
        region.name,
        region.voters,
        if region.voters == 1 { "" } else { "s" }
    );
    let room = cell_width - 2 * HEADING_SHIFT - 8;
    canvas.block_of(&text, LABEL_SIZE, true, room, i32::MAX)
}

/// Region `r`'s panel in its cell: its heading, the conference shaded,
/// the line at half its voters and each candidate's share of them.
fn draw_panel<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    result: &RunResult,
    r: usize,
    cells: &Cells,
    colours: &[RGBColor],
) -> ChartResult {
    let region = &result.regions[r];
    let (first, last) = date_span(result);
    let cell_width = cells.width;
    let (x0, y0) = cells.origin(r);
    let cell = canvas
        .root
        .clone()
        .shrink((x0, y0), (cell_width, cells.height));
    canvas.block(
        &panel_heading(canvas, result, r, cell_width),
        (x0 + cell_width / 2 + HEADING_SHIFT, y0 + 4),
        (INK, true),
        HPos::Center,
        VAlign::Top,
    )?;
    let (_, body) = cell.split_vertically(cells.heading);
    let mut chart = ChartBuilder::on(&body)
        .margin_right(16)
        .x_label_area_size(40)
        .y_label_area_size(72)
        .build_cartesian_2d(DateAxis::new(first, last).compact(), 0.0..100.0)?;
    let n_ticks = ((cell_width - 88) / 70).max(2) as usize;
    chart
        .configure_mesh()
        .x_labels(n_ticks)
        .y_labels(5)
        .max_light_lines(0)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .label_style(font(NOTE_SIZE, INK, false))
        .y_label_formatter(&|v| format!("{v:.0} %"))
        .draw()?;
    if result.conference_start <= last && result.conference_end >= first {
        chart.draw_series(std::iter::once(Rectangle::new(
            [
                (result.conference_start.max(first), 0.0),
                (result.conference_end.min(last), 100.0),
            ],
            CONFERENCE.mix(0.22).filled(),
        )))?;
    }
    chart.draw_series(DashedLineSeries::new(
        vec![(first, 50.0), (last, 50.0)],
        10,
        7,
        MUTED.stroke_width(2),
    ))?;
    if region.voters == 0 {
        let (x_px, y_px) = chart.plotting_area().get_pixel_range();
        return canvas.text(
            "no states with voting rights",
            ((x_px.start + x_px.end) / 2, (y_px.start + y_px.end) / 2),
            &font(LABEL_SIZE, MUTED, false),
            HPos::Center,
            VAlign::Middle,
        );
    }
    let voters = region.voters as f64;
    for (c, &colour) in colours.iter().enumerate() {
        let points = result.history.iter().filter_map(|t| {
            let v = t.expected_votes_by_region.get(r)?.get(c)?;
            Some((t.date, (100.0 * v / voters).clamp(0.0, 100.0)))
        });
        chart.draw_series(LineSeries::new(points, colour.stroke_width(3)))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::grid;

    #[test]
    fn grid_holds_every_panel_in_a_wide_layout() {
        for n in 1..=12 {
            let (rows, cols) = grid(n);
            assert!(rows * cols >= n, "{n}: {rows}x{cols}");
            assert!(rows * cols < n + cols, "{n}: a whole row would be empty");
            assert!(cols >= rows, "{n}: {rows}x{cols} is taller than wide");
        }
        assert_eq!(grid(5), (2, 3));
        assert_eq!(grid(2), (1, 2));
        assert_eq!(grid(4), (2, 2));
    }
}
