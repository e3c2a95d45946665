//! `posterior`: the calibrated parameters' posterior as a corner chart: on
//! the diagonal each parameter's weighted histogram (the final ABC-SMC
//! population), below it each pair's particles as points (darker for more
//! weight), so that correlations between parameters show.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::canvas::{Canvas, HeaderSpacing};
use super::common::*;
use super::figure::{Figure, fitting_label};

/// File name of this chart, without extension.
pub const NAME: &str = "posterior";

/// Bins of each marginal histogram.
pub const BINS: usize = 20;

/// The chart's data: parameter names, the final population and its weights.
#[derive(Debug, Clone, Copy)]
pub struct Posterior<'a> {
    pub names: &'a [String],
    pub theta: &'a [Vec<f64>],
    pub weights: &'a [f64],
    pub subtitle: &'a str,
}

fn span(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
        (a.min(x), b.max(x))
    });
    if hi > lo {
        (lo, hi)
    } else {
        (lo - 0.5, lo + 0.5)
    }
}

/// A cell's axes: four ticks each, two decimals, the given descriptions.
fn axes<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    x_desc: &str,
    y_desc: &str,
) -> ChartResult {
    chart
        .configure_mesh()
        .x_labels(4)
        .y_labels(4)
        .max_light_lines(0)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .label_style(font(TICK_SIZE, INK, false))
        .axis_desc_style(font(LABEL_SIZE, INK, false))
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_label_formatter(&|v| format!("{v:.2}"))
        .y_label_formatter(&|v| format!("{v:.2}"))
        .draw()?;
    Ok(())
}

impl Figure for Posterior<'_> {
    fn name(&self) -> &str {
        NAME
    }

    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> ChartResult {
        canvas.root.fill(&WHITE)?;
        let lines = vec![
            self.subtitle.to_string(),
            "diagonal: weighted histogram of each parameter (share of weight); below: pairs of parameters, one point per particle".to_string(),
        ];
        let top = canvas.header(
            "Posterior of the calibrated parameters",
            &lines,
            HeaderSpacing::FIGURE,
        )?;
        let (_, area) = canvas.root.split_vertically(top + 10);
        let p = self.names.len().max(1);
        let cells = area.split_evenly((p, p));
        let spans: Vec<(f64, f64)> = (0..p)
            .map(|i| span(self.theta.iter().map(|t| t[i])))
            .collect();
        let w_max = self.weights.iter().copied().fold(0.0, f64::max).max(1e-12);
        for (n, cell) in cells.iter().enumerate() {
            let (row, col) = (n / p, n % p);
            if col > row {
                continue;
            }
            let (xlo, xhi) = spans[col];
            // Every panel names its axes, each with its unit, as fully as
            // fits the panel.
            let (w, h) = cell.dim_in_pixel();
            let style = font(LABEL_SIZE, INK, false);
            let measure = |s: &str| canvas.width(s, &style);
            let x_desc = fitting_label(&self.names[col], w as i32 - 110, &measure);
            if row == col {
                let width = (xhi - xlo) / BINS as f64;
                let mut bins = [0.0; BINS];
                for (t, w) in self.theta.iter().zip(self.weights) {
                    let b = (((t[col] - xlo) / width).floor() as usize).min(BINS - 1);
                    bins[b] += w;
                }
                let y_max = bins.iter().copied().fold(0.0, f64::max).max(1e-9) * 1.1;
                let mut chart = ChartBuilder::on(cell)
                    .margin(12)
                    .x_label_area_size(60)
                    .y_label_area_size(80)
                    .build_cartesian_2d(xlo..xhi, 0.0..y_max)?;
                axes(&mut chart, &x_desc, "share of weight")?;
                chart.draw_series(bins.iter().enumerate().map(|(b, &h)| {
                    let x0 = xlo + b as f64 * width;
                    Rectangle::new([(x0, 0.0), (x0 + width, h)], palette(0).mix(0.7).filled())
                }))?;
            } else {
                let (ylo, yhi) = spans[row];
                let y_desc = fitting_label(&self.names[row], h as i32 - 90, &measure);
                let mut chart = ChartBuilder::on(cell)
                    .margin(12)
                    .x_label_area_size(60)
                    .y_label_area_size(80)
                    .build_cartesian_2d(xlo..xhi, ylo..yhi)?;
                axes(&mut chart, &x_desc, &y_desc)?;
                chart.draw_series(self.theta.iter().zip(self.weights).map(|(t, w)| {
                    let alpha = 0.15 + 0.75 * (w / w_max);
                    Circle::new((t[col], t[row]), 4, palette(1).mix(alpha).filled())
                }))?;
            }
        }
        Ok(())
    }
}
