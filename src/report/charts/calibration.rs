//! `calibration`: are the model's forecasts of the observed counts
//! calibrated? The histogram of the mid-PITs of every scored first-round
//! count over all cases (docs/VALIDATION.md), against the flat line that a
//! calibrated model would give on average; the interval coverage in the
//! subtitle. Mass piled at the edges means the forecast bands are too
//! narrow; a hump in the middle, too wide; a slope, a bias.

use plotters::prelude::*;

use super::canvas::{Canvas, HeaderSpacing};
use super::common::*;
use super::figure::Figure;
use crate::analysis::backtest::{Coverage, MODEL, ScoreRow, coverage};

/// File name of this chart, without extension.
pub const NAME: &str = "calibration";

/// Bins of the histogram, each 1/BINS wide.
pub const BINS: usize = 5;

/// The chart's data.
#[derive(Debug, Clone, Copy)]
pub struct Calibration<'a> {
    pub rows: &'a [ScoreRow],
    pub cases: usize,
    pub runs: u64,
    pub seed: u64,
}

/// Counts of mid-PIT values per bin of width `1 / bins`; a PIT of exactly 1
/// goes to the last bin.
pub fn pit_histogram(pits: &[f64], bins: usize) -> Vec<usize> {
    let mut counts = vec![0; bins];
    for &p in pits {
        let b = ((p * bins as f64).floor() as usize).min(bins - 1);
        counts[b] += 1;
    }
    counts
}

impl Figure for Calibration<'_> {
    fn name(&self) -> &str {
        NAME
    }

    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> ChartResult {
        canvas.root.fill(&WHITE)?;
        let pits: Vec<f64> = self
            .rows
            .iter()
            .filter(|r| r.forecaster == MODEL && r.score == "pit")
            .map(|r| r.value)
            .collect();
        let counts = pit_histogram(&pits, BINS);
        let cov: Vec<String> = coverage(self.rows)
            .iter()
            .map(
                |Coverage {
                     level,
                     covered,
                     scored,
                 }| {
                    format!("{:.0}% intervals hold {covered} of {scored}", level * 100.0)
                },
            )
            .collect();
        let lines = vec![
            format!(
                "mid-PIT of {} observed first-round counts in {} case(s); {} runs per case, seed {}",
                pits.len(),
                self.cases,
                self.runs,
                self.seed
            ),
            format!("coverage: {}", cov.join("; ")),
        ];
        let top = canvas.header(
            "Calibration of the forecast counts: observed percentiles",
            &lines,
            HeaderSpacing::FIGURE,
        )?;
        let legend = vec![
            LegendEntry {
                key: Key::Swatch(palette(0), 0.7),
                label: "observed counts per bin".to_owned(),
            },
            LegendEntry {
                key: Key::Dashed(INK),
                label: "expected if calibrated (uniform)".to_owned(),
            },
        ];
        let legend = canvas.bottom_legend(legend);
        canvas.draw_legend(&legend)?;

        let expected = pits.len() as f64 / BINS as f64;
        let most = counts.iter().copied().max().unwrap_or(0) as f64;
        let y_max = (most.max(expected) + 1.0).ceil();
        let (_, rest) = canvas.root.split_vertically(top + 10);
        let (plot_area, _) = rest.split_vertically(legend.top - top - 10 - 8);
        let mut chart = ChartBuilder::on(&plot_area)
            .margin_left(MARGIN)
            .margin_right(MARGIN + 24)
            .x_label_area_size(80)
            .y_label_area_size(110)
            .build_cartesian_2d(0.0..1.0, 0.0..y_max)?;
        chart
            .configure_mesh()
            .x_labels(BINS + 1)
            .y_labels((y_max as usize + 1).min(11))
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(MUTED)
            .label_style(font(TICK_SIZE, INK, false))
            .axis_desc_style(font(LABEL_SIZE, INK, false))
            .x_desc("mid-PIT of the observed count (percentile of the ensemble, 0 to 1)")
            .y_desc("observed counts in the bin (number)")
            .x_label_formatter(&|v| format!("{v:.1}"))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .draw()?;
        let width = 1.0 / BINS as f64;
        chart.draw_series(counts.iter().enumerate().map(|(b, &n)| {
            let x0 = b as f64 * width;
            Rectangle::new(
                [(x0 + 0.01, 0.0), (x0 + width - 0.01, n as f64)],
                palette(0).mix(0.7).filled(),
            )
        }))?;
        chart.draw_series(DashedLineSeries::new(
            vec![(0.0, expected), (1.0, expected)],
            12,
            8,
            INK.stroke_width(3),
        ))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pits_fall_into_their_bins() {
        // Bins of width 0.2: 0.0 and 0.19 in bin 0, 0.5 in bin 2, 0.8 and 1.0 in bin 4.
        assert_eq!(
            pit_histogram(&[0.0, 0.19, 0.5, 0.8, 1.0], 5),
            vec![2, 0, 1, 0, 2]
        );
    }
}
