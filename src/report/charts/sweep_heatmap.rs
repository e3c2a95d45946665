//! `sweep_heatmap`: the probability of winning over a grid of two
//! parameters.
//!
//! The first varied parameter runs along the horizontal axis, the second
//! along the vertical one; each cell is one grid point, coloured by the
//! probability that a candidate wins and labelled with it (in %) where the
//! cell is large enough. With two candidates one panel shows the first
//! candidate's probability on a scale running from the second candidate's
//! colour (0%) through white (50%) to the first's (100%); with more, one
//! panel per candidate (at most [`MAX_PANELS`]) runs from white to the
//! candidate's colour. A colour bar gives the scale; a ring marks the
//! scenario's own values when they lie inside the grid.

use std::ops::Range;

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::canvas::{Canvas, HeaderSpacing};
use super::common::*;
use super::extremes::extremes_note;
use super::figure::{Figure, fitting_label, path_label};
use super::text_block::TextBlock;
use crate::analysis::sweep::{SweepPoint, Vary, format_value};
use crate::result::CandidateInfo;

/// File name of this chart, without extension.
pub const NAME: &str = "sweep_heatmap";

/// The most panels (candidates) drawn.
pub const MAX_PANELS: usize = 4;

/// Height of the colour bar, and of the room under the panels that holds it.
const BAR_HEIGHT: i32 = 18;
const BAR_AREA: i32 = 104;
/// Room above each panel for its heading, at least.
const HEADING: i32 = 40;
/// How far right of its panel's middle a heading is centred (over the
/// plot, right of the axis's labels), in the first panel and the others.
const HEADING_SHIFT: [i32; 2] = [60, 40];

/// The chart's data.
#[derive(Debug, Clone, Copy)]
pub struct SweepHeatmap<'a> {
    /// The scenario's title.
    pub title: &'a str,
    /// The two varied parameters: horizontal, then vertical.
    pub varies: &'a [Vary],
    /// In grid order (the first parameter slowest).
    pub points: &'a [SweepPoint],
    pub candidates: &'a [CandidateInfo],
    /// The parameters' values in the scenario, where numbers.
    pub scenario_values: [Option<f64>; 2],
    pub seed: u64,
}

/// A colour scale from probability to colour.
#[derive(Debug, Clone, Copy)]
enum Scale {
    /// `low` at 0, white at 0.5, `high` at 1.
    Diverging { low: RGBColor, high: RGBColor },
    /// White at 0, `high` at 1.
    Sequential { high: RGBColor },
}

impl Scale {
    fn colour(self, p: f64) -> RGBColor {
        let p = p.clamp(0.0, 1.0);
        match self {
            Scale::Diverging { low, high } => {
                if p >= 0.5 {
                    tint(high, (p - 0.5) * 2.0)
                } else {
                    tint(low, (0.5 - p) * 2.0)
                }
            }
            Scale::Sequential { high } => tint(high, p),
        }
    }
}

/// Cell edges around sorted values: midpoints, ends half a step out.
fn edges(values: &[f64]) -> Vec<f64> {
    let n = values.len();
    if n == 1 {
        return vec![values[0] - 0.5, values[0] + 0.5];
    }
    let mut e = Vec::with_capacity(n + 1);
    e.push(values[0] - (values[1] - values[0]) / 2.0);
    for w in values.windows(2) {
        e.push((w[0] + w[1]) / 2.0);
    }
    e.push(values[n - 1] + (values[n - 1] - values[n - 2]) / 2.0);
    e
}

/// Relative luminance, to choose dark or light text.
fn is_dark(c: RGBColor) -> bool {
    let l = 0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2);
    l < 140.0
}

/// The grid's values, sorted, the cells' edges and where the scenario's
/// own values lie (if within the grid).
struct Grid {
    xs: Vec<f64>,
    ys: Vec<f64>,
    ex: Vec<f64>,
    ey: Vec<f64>,
    x_range: Range<f64>,
    y_range: Range<f64>,
    mark: Option<(f64, f64)>,
}

/// One panel: the candidate, its colour scale and the colour bar's label.
type Panel = (usize, Scale, String);

/// A plot of the grid.
type GridChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

impl Figure for SweepHeatmap<'_> {
    fn name(&self) -> &str {
        NAME
    }

    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> ChartResult {
        canvas.root.fill(&WHITE)?;
        let panels = self.panels();
        let grid = self.grid();
        let top = self.header(canvas, &grid)?;
        let n = panels.len() as i32;
        let gap = 36;
        let width = (WIDTH as i32 - 2 * MARGIN - gap * (n - 1)) / n;
        // The band of headings as tall as the name that needs most lines.
        let heading = panels
            .iter()
            .map(|(c, _, _)| self.heading(canvas, *c, width).height() + 10)
            .fold(HEADING, i32::max);
        for (slot, panel) in panels.iter().enumerate() {
            let x0 = MARGIN + slot as i32 * (width + gap);
            self.draw_panel(canvas, &grid, slot, panel, (x0, top, width, heading))?;
        }
        Ok(())
    }
}

impl SweepHeatmap<'_> {
    /// With two candidates one panel of the first's chances on a diverging
    /// scale; else one per candidate (at most [`MAX_PANELS`]).
    fn panels(&self) -> Vec<Panel> {
        let colours = colours_of(self.candidates);
        let k = self.candidates.len();
        if k == 2 {
            vec![(
                0,
                Scale::Diverging {
                    low: colours[1],
                    high: colours[0],
                },
                format!("probability that {} wins (%)", self.candidates[0].name),
            )]
        } else {
            (0..k.min(MAX_PANELS))
                .map(|c| {
                    (
                        c,
                        Scale::Sequential { high: colours[c] },
                        "probability of winning (%)".to_owned(),
                    )
                })
                .collect()
        }
    }

    fn grid(&self) -> Grid {
        let [vx, vy] = [&self.varies[0], &self.varies[1]];
        let mut xs = vx.values();
        let mut ys = vy.values();
        xs.sort_by(f64::total_cmp);
        ys.sort_by(f64::total_cmp);
        let (ex, ey) = (edges(&xs), edges(&ys));
        let x_range = ex[0]..ex[ex.len() - 1];
        let y_range = ey[0]..ey[ey.len() - 1];
        let mark = match self.scenario_values {
            [Some(x), Some(y)] if x_range.contains(&x) && y_range.contains(&y) => Some((x, y)),
            _ => None,
        };
        Grid {
            xs,
            ys,
            ex,
            ey,
            x_range,
            y_range,
            mark,
        }
    }

    /// The title, the scenario's, the grid's and the axes' lines; returns
    /// the height they take.
    fn header<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>, grid: &Grid) -> ChartResult<i32> {
        let [vx, vy] = [&self.varies[0], &self.varies[1]];
        let runs = self.points.first().map_or(0, |p| p.outcome.runs);
        let mut detail = format!(
            "{} × {} grid · {runs} runs at each point, the same seeds at every point (seed {})",
            vx.steps, vy.steps, self.seed
        );
        match (grid.mark, self.scenario_values) {
            (Some(_), _) => detail.push_str(" · ring: the scenario's own values"),
            (None, [Some(x), Some(y)]) => detail.push_str(&format!(
                " · the scenario's own values ({}, {}) lie outside the grid",
                format_value(x),
                format_value(y)
            )),
            _ => {}
        }
        if self.candidates.len() > MAX_PANELS {
            detail.push_str(&format!(" · first {MAX_PANELS} candidates shown"));
        }
        let title = "Probability of winning over a grid of two parameters";
        let axes = format!(
            "across: {} · up: {}",
            path_label(&vx.path),
            path_label(&vy.path)
        );
        let mut lines = vec![self.title.to_owned(), detail, axes];
        lines.extend(self.extremes(grid));
        canvas.header(title, &lines, HeaderSpacing::FIGURE)
    }

    /// The note when the drawn candidates' chances sit at 0 % or 100 % in
    /// every cell.
    fn extremes(&self, grid: &Grid) -> Option<String> {
        let cells: Vec<(usize, usize)> = (0..grid.xs.len())
            .flat_map(|i0| (0..grid.ys.len()).map(move |i1| (i0, i1)))
            .collect();
        let series: Vec<(&str, Vec<f64>)> = self
            .panels()
            .iter()
            .map(|(c, _, _)| {
                let p = cells
                    .iter()
                    .filter_map(|&cell| self.value_of(grid, cell, *c));
                (self.candidates[*c].name.as_str(), p.collect())
            })
            .collect();
        let flat = "the outcome does not change over this grid";
        extremes_note(&series, "cell", flat)
    }

    /// The probability that candidate `c` wins at grid point `(i0, i1)`.
    fn value_of(&self, grid: &Grid, (i0, i1): (usize, usize), c: usize) -> Option<f64> {
        let (x, y) = (grid.xs[i0], grid.ys[i1]);
        self.points
            .iter()
            .find(|p| p.values[0] == x && p.values[1] == y)
            .and_then(|p| p.outcome.win.get(c).map(|w| w.p))
    }

    /// Candidate `c`'s name over a panel `width` pixels wide, on as many
    /// lines as it needs.
    fn heading<DB: DrawingBackend>(
        &self,
        canvas: &Canvas<'_, DB>,
        c: usize,
        width: i32,
    ) -> TextBlock {
        let room = width - 2 * HEADING_SHIFT[0];
        canvas.block_of(&self.candidates[c].name, LABEL_SIZE, true, room, i32::MAX)
    }

    /// Panel `slot`, `width` pixels wide from `x0`, below `top` and its
    /// heading band `heading` pixels tall: the
    /// candidate's name, the cells, the ticks, the ring and the colour bar.
    fn draw_panel<DB: DrawingBackend>(
        &self,
        canvas: &Canvas<'_, DB>,
        grid: &Grid,
        slot: usize,
        (c, scale, label): &Panel,
        (x0, top, width, heading): (i32, i32, i32, i32),
    ) -> ChartResult {
        let [vx, vy] = [&self.varies[0], &self.varies[1]];
        let desc_style = font(LABEL_SIZE, INK, false);
        let measure = |s: &str| canvas.width(s, &desc_style);
        let bottom = HEIGHT as i32 - MARGIN;
        let shift = HEADING_SHIFT[usize::from(slot > 0)];
        canvas.block(
            &self.heading(canvas, *c, width),
            (x0 + width / 2 + shift, top + 4),
            (INK, true),
            HPos::Center,
            VAlign::Top,
        )?;
        let plot_part = canvas.root.clone().shrink(
            (x0, top + heading),
            (width, bottom - BAR_AREA - top - heading),
        );
        let y_area = if slot == 0 { 150 } else { 90 };
        let mut chart = ChartBuilder::on(&plot_part)
            .margin_top(6)
            .margin_right(12)
            .x_label_area_size(84)
            .y_label_area_size(y_area)
            .build_cartesian_2d(grid.x_range.clone(), grid.y_range.clone())?;
        let mut mesh = chart.configure_mesh();
        mesh.disable_mesh()
            .x_labels(0)
            .y_labels(0)
            .axis_style(MUTED)
            .axis_desc_style(font(LABEL_SIZE, INK, false))
            .x_desc(fitting_label(&vx.path, width - y_area, &measure));
        if slot == 0 {
            let height = bottom - BAR_AREA - top - heading - 84;
            mesh.y_desc(fitting_label(&vy.path, height, &measure));
        }
        mesh.draw()?;
        let (ex, ey) = (&grid.ex, &grid.ey);
        let corner = chart.backend_coord(&(ex[0], ey[0]));
        let next = chart.backend_coord(&(ex[1], ey[1]));
        let cell = ((next.0 - corner.0).abs(), (corner.1 - next.1).abs());
        self.draw_cells(canvas, &mut chart, grid, (*c, *scale), cell)?;
        draw_ticks(canvas, &chart, grid, cell)?;
        if let Some((x, y)) = grid.mark {
            let centre = chart.backend_coord(&(x, y));
            let r = (cell.0.min(cell.1) / 3).clamp(6, 22);
            canvas
                .root
                .draw(&Circle::new(centre, r, WHITE.stroke_width(6)))?;
            canvas
                .root
                .draw(&Circle::new(centre, r, INK.stroke_width(3)))?;
        }
        // A horizontal colour bar under the panel, as wide as the plot.
        let right = chart
            .backend_coord(&(grid.x_range.end, grid.y_range.start))
            .0;
        draw_colour_bar(canvas, *scale, label, (corner.0, right), bottom)
    }

    /// The cells of candidate `c` in their scale's colours, with their
    /// values where the cells (`cell`: width and height in pixels) have room.
    fn draw_cells<DB: DrawingBackend>(
        &self,
        canvas: &Canvas<'_, DB>,
        chart: &mut GridChart<'_, DB>,
        grid: &Grid,
        (c, scale): (usize, Scale),
        (cell_w, cell_h): (i32, i32),
    ) -> ChartResult {
        let cell_text = if cell_w >= 56 && cell_h >= 30 {
            Some(font(TICK_SIZE, INK, false))
        } else if cell_w >= 34 && cell_h >= 18 {
            Some(font(NOTE_SIZE - 5.0, INK, false))
        } else {
            None
        };
        let (ex, ey) = (&grid.ex, &grid.ey);
        for i0 in 0..grid.xs.len() {
            for i1 in 0..grid.ys.len() {
                let Some(p) = self.value_of(grid, (i0, i1), c) else {
                    continue;
                };
                let fill = scale.colour(p);
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(ex[i0], ey[i1]), (ex[i0 + 1], ey[i1 + 1])],
                    fill.filled(),
                )))?;
                if let Some(style) = &cell_text {
                    let (px, py) = chart.backend_coord(&(grid.xs[i0], grid.ys[i1]));
                    let ink = if is_dark(fill) { WHITE } else { INK };
                    canvas.text(
                        &format!("{:.0}", p * 100.0),
                        (px, py),
                        &style.color(&ink),
                        HPos::Center,
                        VAlign::Middle,
                    )?;
                }
            }
        }
        Ok(())
    }
}

/// Tick labels at the cells' centres, thinned out where crowded.
fn draw_ticks<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    chart: &GridChart<'_, DB>,
    grid: &Grid,
    (cell_w, cell_h): (i32, i32),
) -> ChartResult {
    let tick_style = font(TICK_SIZE, INK, false);
    let widest = grid
        .xs
        .iter()
        .map(|&x| canvas.width(&format_value(x), &tick_style))
        .max()
        .unwrap_or(0);
    let x_every = ((widest + 14) / cell_w.max(1) + 1) as usize;
    for &x in grid.xs.iter().step_by(x_every) {
        let (px, py) = chart.backend_coord(&(x, grid.y_range.start));
        canvas.text(
            &format_value(x),
            (px, py + 20),
            &tick_style,
            HPos::Center,
            VAlign::Middle,
        )?;
    }
    let y_every = (30 / cell_h.max(1) + 1) as usize;
    for &y in grid.ys.iter().step_by(y_every) {
        let (px, py) = chart.backend_coord(&(grid.x_range.start, y));
        canvas.text(
            &format_value(y),
            (px - 10, py),
            &tick_style,
            HPos::Right,
            VAlign::Middle,
        )?;
    }
    Ok(())
}

/// The colour bar of `scale` from pixel `left` to `right`, in the bottom
/// [`BAR_AREA`] above `bottom`, with its ticks and `label`.
fn draw_colour_bar<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    scale: Scale,
    label: &str,
    (left, right): (i32, i32),
    bottom: i32,
) -> ChartResult {
    let bar_top = bottom - BAR_AREA + 44;
    let steps = 200;
    for s in 0..steps {
        let xa = left + ((right - left) * s) / steps;
        let xb = left + ((right - left) * (s + 1)) / steps;
        canvas.root.draw(&Rectangle::new(
            [(xa, bar_top), (xb, bar_top + BAR_HEIGHT)],
            scale.colour((s as f64 + 0.5) / steps as f64).filled(),
        ))?;
    }
    canvas.root.draw(&Rectangle::new(
        [(left, bar_top), (right, bar_top + BAR_HEIGHT)],
        MUTED.stroke_width(1),
    ))?;
    for t in [0, 25, 50, 75, 100] {
        let x = left + ((right - left) * t) / 100;
        canvas.root.draw(&PathElement::new(
            vec![(x, bar_top + BAR_HEIGHT), (x, bar_top + BAR_HEIGHT + 6)],
            MUTED.stroke_width(1),
        ))?;
        canvas.text(
            &t.to_string(),
            (x, bar_top + BAR_HEIGHT + 20),
            &font(NOTE_SIZE, INK, false),
            HPos::Center,
            VAlign::Middle,
        )?;
    }
    // The room between the plot's axis and the bar holds two lines.
    let block = canvas.block_of(label, NOTE_SIZE, false, right - left, 40);
    canvas.block(
        &block,
        ((left + right) / 2, bar_top - 8),
        (INK, false),
        HPos::Center,
        VAlign::Baseline,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_edges_surround_the_values() {
        assert_eq!(edges(&[0.0, 1.0, 2.0]), vec![-0.5, 0.5, 1.5, 2.5]);
        assert_eq!(edges(&[3.0]), vec![2.5, 3.5]);
        let s = Scale::Diverging {
            low: RGBColor(255, 0, 0),
            high: RGBColor(0, 0, 255),
        };
        assert_eq!(s.colour(0.5), WHITE);
        assert_eq!(s.colour(1.0), RGBColor(0, 0, 255));
        assert_eq!(s.colour(0.0), RGBColor(255, 0, 0));
    }
}
