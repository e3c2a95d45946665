//! `variance_sources`: how much of the spread of one candidate's
//! first-round votes, and of her chance of being elected, each drawn number
//! explains alone (first-order indices from the ensemble's own runs), as
//! ranked horizontal bars with their two-standard-error whiskers.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::bars::{BarPanels, bar, bar_chart, row_labels, value_label};
use super::canvas::{Canvas, HeaderSpacing};
use super::common::*;
use super::figure::{Figure, nice_bound};
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
        let headings = [
            format!("{}'s first-round votes", cand.name),
            format!("whether {} is elected", cand.name),
        ];
        let panels = BarPanels::new(canvas, top, HEIGHT as i32 - MARGIN, &headings);
        for (slot, outcome) in ["first_round_votes", "elected"].into_iter().enumerate() {
            let panel = panels.panel(canvas, slot)?;
            self.draw_panel(canvas, &panels, &panel, outcome)?;
        }
        Ok(())
    }
}

impl VarianceSources<'_> {
    /// The largest first-order indices of `outcome` on `panel`.
    fn draw_panel<DB: DrawingBackend>(
        &self,
        canvas: &Canvas<'_, DB>,
        panels: &BarPanels,
        panel: &DrawingArea<DB, Shift>,
        outcome: &str,
    ) -> ChartResult {
        let mut rows: Vec<&VarianceSource> = self
            .sources
            .iter()
            .filter(|s| s.candidate == self.candidate && s.outcome == outcome)
            .collect();
        rows.sort_by(|a, b| b.first_order.total_cmp(&a.first_order));
        rows.truncate(MAX_ROWS);
        if rows.is_empty() {
            let mid = (HEIGHT as i32 - MARGIN - panels.plot_top()) / 2;
            let note = "no variance to explain: the outcome is the same in every run";
            return panels.note(canvas, panel, note, mid);
        }
        // Room for the longest `--set` paths (a tactic's effort) uncut.
        let (labels, label_width) = row_labels(
            canvas,
            rows.iter().map(|r| r.parameter.as_str()),
            NOTE_SIZE,
            panels.width * 3 / 5,
            panels.row_height(rows.len()),
        );
        let x_hi = rows
            .iter()
            .map(|r| r.first_order + 2.0 * r.standard_error)
            .fold(0.0f64, f64::max);
        let x_max = nice_bound((x_hi * 1.15).max(0.01)).min(1.0);
        let x_desc = "share of variance explained alone";
        let mut chart = bar_chart(panel, 0.0..x_max, rows.len(), label_width, x_desc)?;
        let colour = colours_of(self.candidates)[self.candidate];
        let n = rows.len() as f64;
        let bar_pixels = chart.backend_coord(&(0.0, 0.0)).1 - chart.backend_coord(&(0.0, 0.6)).1;
        for (i, r) in rows.iter().enumerate() {
            let (y0, y1) = (n - i as f64 - 0.8, n - i as f64 - 0.2);
            let value = r.first_order.min(x_max);
            let ci = 2.0 * r.standard_error;
            bar(&mut chart, value, (y0, y1), colour, Some((ci, 0.0..x_max)))?;
            let y = (y0 + y1) / 2.0;
            if bar_pixels >= 14 {
                let at = ((value + ci).min(x_max), y);
                value_label(canvas, &chart, &format!("{:.3}", r.first_order), at)?;
            }
            let (px, py) = chart.backend_coord(&(0.0, y));
            canvas.block(
                &labels[i],
                (px - 10, py),
                (INK, false),
                HPos::Right,
                VAlign::Middle,
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::figure::{figure_svg, write_figure};

    #[test]
    fn long_parameter_and_candidate_names_are_drawn_whole() {
        let name = "Alexandrina Konstantinopoulou de Vasquez";
        let candidates = [CandidateInfo {
            id: "A".into(),
            name: name.into(),
            colour: "#1f77b4".into(),
        }];
        let long = "a drawn value with a very long name made of many plain words \
                    that no column could hold on one line";
        let sources: Vec<VarianceSource> = ["campaigns.us-advocacy.tactics.17.effort", long]
            .iter()
            .map(|p| VarianceSource {
                parameter: (*p).into(),
                outcome: "first_round_votes",
                candidate: 0,
                first_order: 0.3,
                standard_error: 0.05,
                runs: 100,
                bins: 5,
            })
            .collect();
        let chart = VarianceSources {
            title: "Race",
            candidates: &candidates,
            candidate: 0,
            sources: &sources,
            runs: 100,
            seed: 1,
        };
        // To look at it: LOBBYSIM_GALLERY=folder.
        if let Some(gallery) = std::env::var_os("LOBBYSIM_GALLERY") {
            let dir = crate::report::OutputDir::create(gallery, true).unwrap();
            write_figure(&dir, &chart, crate::report::charts::ImageFormat::Png).unwrap();
            dir.finish().unwrap();
        }
        let svg = figure_svg(&chart).unwrap();
        assert!(!svg.contains('…'));
        for word in long.split(' ').chain(name.split(' ')) {
            assert!(svg.contains(word), "{word}");
        }
        assert!(svg.contains("campaigns.us-advocacy.tactics.17.effort"));
    }
}
