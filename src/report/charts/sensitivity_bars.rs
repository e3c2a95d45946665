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

use super::bars::{BarPanels, bar, bar_chart, row_labels, value_label};
use super::canvas::{Canvas, HeaderSpacing};
use super::common::*;
use super::extremes::extremes_note;
use super::figure::{Figure, nice_bound, parameter_name};
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
        let mut lines = vec![
            self.title.to_owned(),
            format!(
                "{method_text}: {points} points × {} runs = {} model runs, the same seeds at every point (seed {})",
                self.runs,
                points as u64 * self.runs,
                self.seed
            ),
        ];
        lines.extend(self.extremes());
        let title = format!(
            "Sensitivity of {}'s chances to {k} parameter{}",
            cand.name,
            if k == 1 { "" } else { "s" }
        );
        let top = canvas.header(&title, &lines, HeaderSpacing::FIGURE)?;

        let legend = canvas.bottom_legend(self.legend(colour, main_key, second_key));
        canvas.draw_legend(&legend)?;
        let shown: Vec<Option<&OutputIndices>> = Output::ALL
            .into_iter()
            .map(|output| {
                self.results
                    .iter()
                    .find(|r| r.candidate == self.candidate && r.output == output)
            })
            .collect();
        let headings: Vec<String> = shown
            .iter()
            .map(|r| r.map(|r| self.heading(r)).unwrap_or_default())
            .collect();
        let panels = BarPanels::new(canvas, top, legend.top - 10, &headings);
        let note_mid = (legend.top - panels.plot_top()) / 2;
        for (slot, result) in shown.into_iter().enumerate() {
            if let Some(result) = result {
                self.draw_panel(canvas, &panels, slot, result, note_mid)?;
            }
        }
        Ok(())
    }
}

impl SensitivityBars<'_> {
    /// The keys of the two bars and, for Sobol' indices, of the intervals.
    fn legend(&self, colour: RGBColor, main_key: &str, second_key: &str) -> Vec<LegendEntry> {
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
        legend
    }

    /// The notes of values at the edges: the candidate's chance of winning
    /// at 0 % or 100 % at every design point (its mean over them is), and
    /// each output whose every effect is 0 (the same at every point).
    fn extremes(&self) -> Vec<String> {
        let mine = || {
            self.results
                .iter()
                .filter(|r| r.candidate == self.candidate)
        };
        let mut notes = Vec::new();
        if let Some(win) = mine().find(|r| r.output == Output::WinProbability) {
            let name = self.candidates[self.candidate].name.as_str();
            let flat = "no parameter moves the chance of winning over these ranges";
            let note = extremes_note(&[(name, vec![win.mean])], "design point", flat);
            notes.extend(note.map(|note| format!("chance of winning: {note}")));
        }
        for result in mine() {
            let Some(rows) = rows(self.params, &result.indices, 1.0) else {
                continue;
            };
            if !rows.is_empty() && rows.iter().all(|r| r.main == 0.0 && r.second == 0.0) {
                let what = match result.output {
                    Output::WinProbability => "chance of winning",
                    Output::VoteShare => "expected vote share",
                };
                notes.push(format!(
                    "{what}: every effect is 0, the output is the same at every design point"
                ));
            }
        }
        notes
    }

    /// The heading of the panel of `result`'s output, with its mean.
    fn heading(&self, result: &OutputIndices) -> String {
        let cand = &self.candidates[self.candidate];
        let heading = match result.output {
            Output::WinProbability => format!("probability that {} wins", cand.name),
            Output::VoteShare => format!("{}'s expected vote share", cand.name),
        };
        format!("{heading} (mean {:.1}%)", result.mean * 100.0)
    }

    /// Panel `slot`: the parameters' indices for one output, the most
    /// influential at the top.
    fn draw_panel<DB: DrawingBackend>(
        &self,
        canvas: &Canvas<'_, DB>,
        panels: &BarPanels,
        slot: usize,
        result: &OutputIndices,
        note_mid: i32,
    ) -> ChartResult {
        let unit = match result.output {
            Output::WinProbability => "percentage points of probability per full range",
            Output::VoteShare => "percentage points of vote share per full range",
        };
        let panel = panels.panel(canvas, slot)?;
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
            return panels.note(canvas, &panel, &format!("not defined: {why}"), note_mid);
        };
        // Each row: its label above the middle, its range below, neither cut.
        let half_row = panels.row_height(rows.len()) / 2;
        let (labels, label_width) = row_labels(
            canvas,
            rows.iter().map(|r| r.label.as_str()),
            NOTE_SIZE,
            panels.width / 2,
            half_row,
        );
        let (ranges, range_width) = row_labels(
            canvas,
            rows.iter().map(|r| r.range.as_str()),
            NOTE_SIZE - 3.0,
            panels.width / 2,
            half_row,
        );
        let label_width = label_width.max(range_width);
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
        let x_desc = if scale == 1.0 {
            "share of the output's variance"
        } else {
            unit
        };
        let mut chart = bar_chart(&panel, x_min..x_max, rows.len(), label_width, x_desc)?;
        let colour = colours_of(self.candidates)[self.candidate];
        let n = rows.len() as f64;
        let bar_pixels = chart.backend_coord(&(0.0, 0.0)).1 - chart.backend_coord(&(0.0, 0.36)).1;
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
                let whisker = (ci > 0.0).then_some((ci, f64::NEG_INFINITY..f64::INFINITY));
                bar(&mut chart, value, (y0, y1), fill, whisker)?;
                if bar_pixels >= 16 {
                    let at = (value.max(0.0) + ci, (y0 + y1) / 2.0);
                    value_label(canvas, &chart, &value_text(value), at)?;
                }
            }
            let (px, py) = chart.backend_coord(&(x_min, n - i as f64 - 0.5));
            canvas.block(
                &labels[i],
                (px - 10, py - 3),
                (INK, false),
                HPos::Right,
                VAlign::Baseline,
            )?;
            canvas.block(
                &ranges[i],
                (px - 10, py + 3),
                (MUTED, false),
                HPos::Right,
                VAlign::Top,
            )?;
        }
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (0.0, n)],
            INK.stroke_width(1),
        )))?;
        Ok(())
    }
}
