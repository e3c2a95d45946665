//! `sensitivity`: which parameters move one candidate's chances, as ranked
//! horizontal bars.
//!
//! Two panels: the probability that the candidate wins, and her expected
//! vote share. In each, one row per parameter, the most influential at the
//! top. Morris: the mean absolute elementary effect `mu*` and the spread
//! `sigma`, in percentage points per full range of the parameter. Sobol':
//! the total index `ST` and the first-order index `S1` (shares of the
//! output's variance) with their 95% intervals.

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::canvas::{Canvas, HeaderSpacing};
use super::common::*;
use super::figure::{Figure, axis_number, nice_bound, parameter_name};
use crate::analysis::parameter_sensitivity::{Indices, Method, Output, OutputIndices, ParamRange};
use crate::analysis::sweep::format_value;
use crate::result::CandidateInfo;

/// File name of this chart, without extension.
pub const NAME: &str = "sensitivity";

/// The chart's data.
#[derive(Debug, Clone, Copy)]
pub struct SensitivityBars<'a> {
    /// The scenario's title.
    pub title: &'a str,
    pub params: &'a [ParamRange],
    pub method: Method,
    pub candidates: &'a [CandidateInfo],
    /// The candidate shown.
    pub candidate: usize,
    /// Every output's indices (those of `candidate` are drawn).
    pub results: &'a [OutputIndices],
    /// Runs per design point.
    pub runs: u64,
    pub seed: u64,
}

/// One row of a panel: the parameter's path and range, the main and the
/// second measure, and their interval half-widths (Sobol' only).
struct Row {
    label: String,
    range: String,
    main: f64,
    main_ci: f64,
    second: f64,
    second_ci: f64,
}

fn rows(params: &[ParamRange], indices: &Indices, scale: f64) -> Option<Vec<Row>> {
    let range = |p: &ParamRange| {
        format!(
            "{}: {} to {}",
            p.path,
            format_value(p.low),
            format_value(p.high)
        )
    };
    let mut rows: Vec<Row> = match indices {
        Indices::Morris(m) => params
            .iter()
            .zip(m)
            .map(|(p, i)| Row {
                label: parameter_name(&p.path),
                range: range(p),
                main: i.mu_star * scale,
                main_ci: 0.0,
                second: i.sigma * scale,
                second_ci: 0.0,
            })
            .collect(),
        Indices::Sobol(s) => params
            .iter()
            .zip(s)
            .map(|(p, i)| Row {
                label: parameter_name(&p.path),
                range: range(p),
                main: i.total,
                main_ci: i.total_ci95,
                second: i.first,
                second_ci: i.first_ci95,
            })
            .collect(),
        Indices::Undefined(_) => return None,
    };
    rows.sort_by(|a, b| b.main.total_cmp(&a.main));
    Some(rows)
}

impl Figure for SensitivityBars<'_> {
    fn name(&self) -> &str {
        NAME
    }

    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> ChartResult {
        canvas.root.fill(&WHITE)?;
        let cand = &self.candidates[self.candidate];
        let colour = colours_of(self.candidates)[self.candidate];
        let k = self.params.len();
        let points = self.method.points(k);
        let (method_text, main_key, second_key) = match self.method {
            Method::Morris { trajectories, .. } => (
                format!("Morris elementary effects, {trajectories} trajectories"),
                "μ*: mean absolute effect",
                "σ: spread of the effects (non-linear or interacting)",
            ),
            Method::Sobol { samples } => (
                format!("Sobol' indices, Saltelli design, N = {samples}"),
                "ST: total index (alone and with others)",
                "S1: first-order index (the parameter alone)",
            ),
        };
        let lines = [
            self.title.to_owned(),
            format!(
                "{method_text}: {points} points × {} runs = {} model runs, the same seeds at every point (seed {})",
                self.runs,
                points as u64 * self.runs,
                self.seed
            ),
        ];
        let title = format!(
            "Sensitivity of {}'s chances to {k} parameter{}",
            cand.name,
            if k == 1 { "" } else { "s" }
        );
        let top = canvas.header(&title, &lines, HeaderSpacing::FIGURE)?;

        let mut legend = vec![
            LegendEntry {
                key: Key::Swatch(colour, 1.0),
                label: main_key.to_owned(),
            },
            LegendEntry {
                key: Key::Swatch(tint(colour, 0.4), 1.0),
                label: second_key.to_owned(),
            },
        ];
        if matches!(self.method, Method::Sobol { .. }) {
            legend.push(LegendEntry {
                key: Key::Line(INK),
                label: "95% interval".to_owned(),
            });
        }
        let legend_layout = canvas.legend_rows(&legend, WIDTH as i32 - 2 * MARGIN);
        let legend_top = HEIGHT as i32 - MARGIN - LEGEND_ROW * legend_layout.len() as i32;
        canvas.legend(&legend, &legend_layout, WIDTH as i32 / 2, legend_top)?;

        let gap = 40;
        let width = (WIDTH as i32 - 2 * MARGIN - gap) / 2;
        let label_style = font(NOTE_SIZE, INK, false);
        let range_style = font(NOTE_SIZE - 3.0, MUTED, false);
        for (slot, output) in Output::ALL.into_iter().enumerate() {
            let Some(result) = self
                .results
                .iter()
                .find(|r| r.candidate == self.candidate && r.output == output)
            else {
                continue;
            };
            let x0 = MARGIN + slot as i32 * (width + gap);
            let (heading, unit) = match output {
                Output::WinProbability => (
                    format!("probability that {} wins", cand.name),
                    "percentage points of probability per full range",
                ),
                Output::VoteShare => (
                    format!("{}'s expected vote share", cand.name),
                    "percentage points of vote share per full range",
                ),
            };
            let heading = format!("{heading} (mean {:.1}%)", result.mean * 100.0);
            let heading_style = font(LABEL_SIZE, INK, true);
            canvas.text(
                &canvas.fit(&heading, &heading_style, width),
                (x0 + width / 2, top + 6),
                &heading_style,
                HPos::Center,
                VAlign::Top,
            )?;
            let panel_top = top + 44;
            let panel = canvas
                .root
                .clone()
                .shrink((x0, panel_top), (width, legend_top - panel_top - 10));
            let scale = if matches!(self.method, Method::Morris { .. }) {
                100.0
            } else {
                1.0
            };
            let Some(rows) = rows(self.params, &result.indices, scale) else {
                let why = match &result.indices {
                    Indices::Undefined(why) => why.clone(),
                    _ => String::new(),
                };
                canvas.text_in(
                    &panel,
                    &canvas.fit(&format!("not defined: {why}"), &label_style, width - 20),
                    (width / 2, (legend_top - panel_top) / 2),
                    &font(NOTE_SIZE, MUTED, false),
                    HPos::Center,
                    VAlign::Middle,
                )?;
                continue;
            };
            let max_label = width / 2;
            let labels: Vec<String> = rows
                .iter()
                .map(|r| canvas.fit(&r.label, &label_style, max_label))
                .collect();
            let label_width = labels
                .iter()
                .map(|l| canvas.width(l, &label_style))
                .max()
                .unwrap_or(0)
                .min(max_label);
            let x_hi = rows
                .iter()
                .map(|r| (r.main + r.main_ci).max(r.second + r.second_ci))
                .fold(0.0f64, f64::max);
            let x_lo = rows
                .iter()
                .map(|r| (r.main - r.main_ci).min(r.second - r.second_ci))
                .fold(0.0f64, f64::min);
            let x_max = nice_bound(x_hi * 1.05);
            let x_min = if x_lo < 0.0 {
                -nice_bound(-x_lo * 1.05)
            } else {
                0.0
            };
            let n = rows.len() as f64;
            let mut chart = ChartBuilder::on(&panel)
                .margin_right(24)
                .x_label_area_size(76)
                .y_label_area_size(label_width + 16)
                .build_cartesian_2d(x_min..x_max, 0.0..n)?;
            let x_desc = if scale == 1.0 {
                "share of the output's variance"
            } else {
                unit
            };
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
                .x_label_formatter(&|v| axis_number(*v, x_max - x_min))
                .draw()?;
            let bar_pixels =
                chart.backend_coord(&(0.0, 0.0)).1 - chart.backend_coord(&(0.0, 0.36)).1;
            let value_text = |v: f64| {
                if scale == 1.0 {
                    format!("{v:.2}")
                } else {
                    format!("{v:.1}")
                }
            };
            for (i, r) in rows.iter().enumerate() {
                let y_top = n - i as f64 - 0.12;
                let half = 0.36;
                let bars = [
                    (r.main, r.main_ci, colour, y_top - half, y_top),
                    (
                        r.second,
                        r.second_ci,
                        tint(colour, 0.4),
                        y_top - 2.0 * half,
                        y_top - half,
                    ),
                ];
                for (value, ci, fill, y0, y1) in bars {
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(0.0, y0), (value, y1)],
                        fill.filled(),
                    )))?;
                    let y = (y0 + y1) / 2.0;
                    if ci > 0.0 {
                        chart.draw_series(std::iter::once(PathElement::new(
                            vec![(value - ci, y), (value + ci, y)],
                            INK.stroke_width(2),
                        )))?;
                    }
                    if bar_pixels >= 16 {
                        let (px, py) = chart.backend_coord(&(value.max(0.0) + ci, y));
                        canvas.text(
                            &value_text(value),
                            (px + 6, py),
                            &font(NOTE_SIZE - 2.0, INK, false),
                            HPos::Left,
                            VAlign::Middle,
                        )?;
                    }
                }
                let (px, py) = chart.backend_coord(&(x_min, n - i as f64 - 0.5));
                canvas.text(
                    &labels[i],
                    (px - 10, py - 12),
                    &label_style,
                    HPos::Right,
                    VAlign::Middle,
                )?;
                canvas.text(
                    &r.range,
                    (px - 10, py + 12),
                    &range_style,
                    HPos::Right,
                    VAlign::Middle,
                )?;
            }
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(0.0, 0.0), (0.0, n)],
                INK.stroke_width(1),
            )))?;
        }
        Ok(())
    }
}
