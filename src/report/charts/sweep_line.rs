//! `sweep_line`: the probability that each candidate wins as one parameter
//! varies.
//!
//! One line per candidate through the grid points (in %), with the band of
//! the 95% Wilson interval of each point; the probability that the ballot
//! needs more than one round dashed (when it ever does); the parameter's
//! value in the scenario marked by a vertical line.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::canvas::{Canvas, HeaderSpacing};
use super::common::*;
use super::extremes::extremes_note;
use super::figure::{Figure, axis_number, parameter_name, path_label};
use crate::analysis::sweep::{SweepPoint, Vary, format_value};
use crate::result::CandidateInfo;

/// File name of this chart, without extension.
pub const NAME: &str = "sweep_line";

/// The chart's data.
#[derive(Debug, Clone, Copy)]
pub struct SweepLine<'a> {
    /// The scenario's title.
    pub title: &'a str,
    pub vary: &'a Vary,
    /// In grid order, one value each.
    pub points: &'a [SweepPoint],
    pub candidates: &'a [CandidateInfo],
    /// The parameter's value in the scenario, if a number.
    pub scenario_value: Option<f64>,
    pub seed: u64,
}

type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

impl SweepLine<'_> {
    /// The parameter's range, lowest first.
    fn range(&self) -> (f64, f64) {
        if self.vary.from < self.vary.to {
            (self.vary.from, self.vary.to)
        } else {
            (self.vary.to, self.vary.from)
        }
    }

    /// The title and the subtitle's lines: the scenario (with the
    /// parameter's value there when off the chart) and the design.
    fn headings(&self) -> (String, Vec<String>) {
        let (lo, hi) = self.range();
        let runs = self.points.first().map_or(0, |p| p.outcome.runs);
        let detail = format!(
            "{} values from {} to {}, {runs} runs at each with the same seeds (seed {}) · bands: 95% intervals",
            self.vary.steps,
            format_value(self.vary.from),
            format_value(self.vary.to),
            self.seed
        );
        let mut scenario = self.title.to_owned();
        if let Some(v) = self.scenario_value.filter(|v| !(lo..=hi).contains(v)) {
            scenario.push_str(&format!(
                " · its value: {} (off the chart)",
                format_value(v)
            ));
        }
        let title = format!(
            "Probability of winning as the {} varies",
            parameter_name(&self.vary.path)
        );
        let mut lines = vec![scenario, detail];
        lines.extend(self.extremes());
        (title, lines)
    }

    /// The note when candidates' chances sit at 0 % or 100 % at every point.
    fn extremes(&self) -> Option<String> {
        let series: Vec<(&str, Vec<f64>)> = self
            .candidates
            .iter()
            .enumerate()
            .map(|(c, cand)| {
                let p = self.points.iter().filter_map(|p| p.outcome.win.get(c));
                (cand.name.as_str(), p.map(|w| w.p).collect())
            })
            .collect();
        let flat = "the outcome does not change over this range";
        extremes_note(&series, "point", flat)
    }

    /// The candidates' lines, the intervals' band and, if shown, the
    /// dashed line of more than one round.
    fn legend(&self, colours: &[RGBColor], show_rounds: bool) -> Vec<LegendEntry> {
        let mut legend = candidate_legend(self.candidates, colours, Key::Line);
        legend.push(LegendEntry {
            key: Key::Swatch(MUTED, 0.3),
            label: "95% interval".to_owned(),
        });
        if show_rounds {
            legend.push(LegendEntry {
                key: Key::Dashed(MUTED),
                label: "ballot needs more than one round".to_owned(),
            });
        }
        legend
    }

    /// Each candidate's band of 95% intervals, line and points.
    fn draw_candidates<DB: DrawingBackend>(
        &self,
        chart: &mut Chart<'_, DB>,
        colours: &[RGBColor],
    ) -> ChartResult {
        for (c, &colour) in colours.iter().enumerate() {
            let at = |f: &dyn Fn(&SweepPoint) -> f64| -> Vec<(f64, f64)> {
                self.points
                    .iter()
                    .map(|p| (p.values[0], 100.0 * f(p)))
                    .collect()
            };
            let high = at(&|p| p.outcome.win.get(c).map_or(0.0, |w| w.high));
            let low = at(&|p| p.outcome.win.get(c).map_or(0.0, |w| w.low));
            let band: Vec<(f64, f64)> = high.into_iter().chain(low.into_iter().rev()).collect();
            chart.draw_series(std::iter::once(Polygon::new(
                band,
                colour.mix(0.18).filled(),
            )))?;
            let mid = at(&|p| p.outcome.win.get(c).map_or(0.0, |w| w.p));
            chart.draw_series(LineSeries::new(mid.clone(), colour.stroke_width(4)))?;
            chart.draw_series(
                mid.into_iter()
                    .map(|(x, y)| Circle::new((x, y), 6, colour.filled())),
            )?;
        }
        Ok(())
    }
}

/// The scenario's value `v` as a dashed vertical line, labelled at its top
/// (to its left where the label would pass the chart's right edge).
fn draw_scenario_value<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    chart: &mut Chart<'_, DB>,
    v: f64,
) -> ChartResult {
    chart.draw_series(DashedLineSeries::new(
        vec![(v, 0.0), (v, 100.0)],
        8,
        6,
        INK.stroke_width(2),
    ))?;
    let (px, py) = chart.backend_coord(&(v, 100.0));
    let label = format!("in the scenario: {}", format_value(v));
    let style = font(NOTE_SIZE, INK, false);
    let right = px + 8 + canvas.width(&label, &style) > WIDTH as i32 - MARGIN;
    canvas.text(
        &label,
        (if right { px - 8 } else { px + 8 }, py - 16),
        &style,
        if right { HPos::Right } else { HPos::Left },
        VAlign::Middle,
    )
}

impl Figure for SweepLine<'_> {
    fn name(&self) -> &str {
        NAME
    }

    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> ChartResult {
        canvas.root.fill(&WHITE)?;
        let colours = colours_of(self.candidates);
        let (lo, hi) = self.range();
        let (title, lines) = self.headings();
        let top = canvas.header(&title, &lines, HeaderSpacing::FIGURE)?;

        let rounds: Vec<(f64, f64)> = self
            .points
            .iter()
            .map(|p| (p.values[0], p.outcome.more_than_one_round.p * 100.0))
            .collect();
        let show_rounds = rounds.iter().any(|r| r.1 > 0.0);
        let legend = canvas.bottom_legend(self.legend(&colours, show_rounds));
        canvas.draw_legend(&legend)?;

        let (_, rest) = canvas.root.split_vertically(top + 30);
        let (plot_area, _) = rest.split_vertically(legend.top - top - 30 - 8);
        let mut chart = ChartBuilder::on(&plot_area)
            .margin_left(MARGIN)
            .margin_right(MARGIN + 24)
            .x_label_area_size(80)
            .y_label_area_size(110)
            .build_cartesian_2d(lo..hi, 0.0..100.0)?;
        chart
            .configure_mesh()
            .x_labels(10)
            .y_labels(11)
            .max_light_lines(0)
            .bold_line_style(GRID)
            .axis_style(MUTED)
            .label_style(font(TICK_SIZE, INK, false))
            .axis_desc_style(font(LABEL_SIZE, INK, false))
            .x_desc(path_label(&self.vary.path))
            .y_desc("probability of winning (%)")
            .x_label_formatter(&|v| axis_number(*v, hi - lo))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .draw()?;

        if let Some(v) = self.scenario_value.filter(|v| (lo..=hi).contains(v)) {
            draw_scenario_value(canvas, &mut chart, v)?;
        }
        self.draw_candidates(&mut chart, &colours)?;
        if show_rounds {
            chart.draw_series(DashedLineSeries::new(rounds, 12, 8, MUTED.stroke_width(3)))?;
        }
        Ok(())
    }
}
