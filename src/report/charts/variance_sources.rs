//! `variance_sources`: how much of the spread of one candidate's
//! first-round votes, and of her chance of being elected, each drawn number
//! explains alone (first-order indices from the ensemble's own runs), as
//! ranked horizontal bars with their two-standard-error whiskers.

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::canvas::{Canvas, HeaderSpacing};
use super::common::*;
use super::figure::{Figure, axis_number, nice_bound};
use crate::ensemble::variance::VarianceSource;
use crate::result::CandidateInfo;

/// File name of this chart, without extension.
pub const NAME: &str = "variance_sources";

/// Most parameters shown per panel.
const MAX_ROWS: usize = 14;

/// The chart's data.
#[derive(Debug, Clone, Copy)]
pub struct VarianceSources<'a> {
    pub title: &'a str,
    pub candidates: &'a [CandidateInfo],
    /// The candidate shown.
    pub candidate: usize,
    pub sources: &'a [VarianceSource],
    pub runs: usize,
    pub seed: u64,
}

impl Figure for VarianceSources<'_> {
    fn name(&self) -> &str {
        NAME
    }

    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> ChartResult {
        canvas.root.fill(&WHITE)?;
        let cand = &self.candidates[self.candidate];
        let colour = colours_of(self.candidates)[self.candidate];
        let bins = self.sources.first().map_or(0, |s| s.bins);
        let lines = [
            self.title.to_owned(),
            format!(
                "first-order indices from {} runs, {bins} bins per drawn value (seed {}); whiskers ±2 s.e.; the {MAX_ROWS} largest",
                self.runs, self.seed
            ),
        ];
        let title = format!("Where the uncertainty about {} comes from", cand.name);
        let top = canvas.header(&title, &lines, HeaderSpacing::FIGURE)?;
        let gap = 40;
        let width = (WIDTH as i32 - 2 * MARGIN - gap) / 2;
        let bottom = HEIGHT as i32 - MARGIN;
        let label_style = font(NOTE_SIZE, INK, false);
        for (slot, (outcome, heading)) in [
            (
                "first_round_votes",
                format!("{}'s first-round votes", cand.name),
            ),
            ("elected", format!("whether {} is elected", cand.name)),
        ]
        .into_iter()
        .enumerate()
        {
            let x0 = MARGIN + slot as i32 * (width + gap);
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
                .shrink((x0, panel_top), (width, bottom - panel_top));
            let mut rows: Vec<&VarianceSource> = self
                .sources
                .iter()
                .filter(|s| s.candidate == self.candidate && s.outcome == outcome)
                .collect();
            rows.sort_by(|a, b| b.first_order.total_cmp(&a.first_order));
            rows.truncate(MAX_ROWS);
            if rows.is_empty() {
                canvas.text_in(
                    &panel,
                    "no variance to explain: the outcome is the same in every run",
                    (width / 2, (bottom - panel_top) / 2),
                    &font(NOTE_SIZE, MUTED, false),
                    HPos::Center,
                    VAlign::Middle,
                )?;
                continue;
            }
            // Room for the longest `--set` paths (a tactic's effort) uncut.
            let max_label = width * 3 / 5;
            let labels: Vec<String> = rows
                .iter()
                .map(|r| canvas.fit(&r.parameter, &label_style, max_label))
                .collect();
            let label_width = labels
                .iter()
                .map(|l| canvas.width(l, &label_style))
                .max()
                .unwrap_or(0)
                .min(max_label);
            let x_hi = rows
                .iter()
                .map(|r| r.first_order + 2.0 * r.standard_error)
                .fold(0.0f64, f64::max);
            let x_max = nice_bound((x_hi * 1.15).max(0.01)).min(1.0);
            let n = rows.len() as f64;
            let mut chart = ChartBuilder::on(&panel)
                .margin_right(24)
                .x_label_area_size(76)
                .y_label_area_size(label_width + 16)
                .build_cartesian_2d(0.0..x_max, 0.0..n)?;
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
                .x_desc("share of variance explained alone")
                .x_label_formatter(&|v| axis_number(*v, x_max))
                .draw()?;
            let bar_pixels =
                chart.backend_coord(&(0.0, 0.0)).1 - chart.backend_coord(&(0.0, 0.6)).1;
            for (i, r) in rows.iter().enumerate() {
                let (y0, y1) = (n - i as f64 - 0.8, n - i as f64 - 0.2);
                let value = r.first_order.min(x_max);
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(0.0, y0), (value, y1)],
                    colour.filled(),
                )))?;
                let y = (y0 + y1) / 2.0;
                let ci = 2.0 * r.standard_error;
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![((value - ci).max(0.0), y), ((value + ci).min(x_max), y)],
                    INK.stroke_width(2),
                )))?;
                if bar_pixels >= 14 {
                    let (px, py) = chart.backend_coord(&((value + ci).min(x_max), y));
                    canvas.text(
                        &format!("{:.3}", r.first_order),
                        (px + 6, py),
                        &font(NOTE_SIZE - 2.0, INK, false),
                        HPos::Left,
                        VAlign::Middle,
                    )?;
                }
                let (px, py) = chart.backend_coord(&(0.0, y));
                canvas.text(
                    &labels[i],
                    (px - 10, py),
                    &label_style,
                    HPos::Right,
                    VAlign::Middle,
                )?;
            }
        }
        Ok(())
    }
}
