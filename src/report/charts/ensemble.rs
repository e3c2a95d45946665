//! The charts of an ensemble, as PNG or SVG images of 1600 × 900 pixels:
//!
//! - [`super::support_bands`]: expected votes over time, median and bands over runs;
//! - [`super::winprob`]: the probability of winning if the ballot were held on each date;
//! - [`super::outcome`]: the distribution of first-round votes per candidate;
//! - [`super::swing_states`]: the 20 most decisive member states.

use plotters::prelude::*;

use super::canvas::Canvas;
use super::common::{self, ChartError, ChartResult, WIDTH};
use super::figure::{Figure, figure_svg, write_figure};
use super::{ImageFormat, outcome, support_bands, swing_states, winprob};
use crate::ensemble::{EnsembleFrame, EnsembleResult};
use crate::report::{OutputDir, ReportError};

/// The chart kinds of an ensemble.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnsembleChart {
    SupportBands,
    WinProbability,
    Outcome,
    SwingStates,
}

impl EnsembleChart {
    /// Every kind, in the order they are written.
    pub const ALL: [EnsembleChart; 4] = [
        EnsembleChart::SupportBands,
        EnsembleChart::WinProbability,
        EnsembleChart::Outcome,
        EnsembleChart::SwingStates,
    ];

    /// File name without extension.
    pub fn name(self) -> &'static str {
        match self {
            EnsembleChart::SupportBands => support_bands::NAME,
            EnsembleChart::WinProbability => winprob::NAME,
            EnsembleChart::Outcome => outcome::NAME,
            EnsembleChart::SwingStates => swing_states::NAME,
        }
    }

    /// File name with the extension of `format`.
    pub fn file_name(self, format: ImageFormat) -> String {
        format!("{}.{}", self.name(), format.extension())
    }

    /// Draws this chart of `result` on `canvas`.
    pub fn draw<DB: DrawingBackend>(
        self,
        canvas: &Canvas<'_, DB>,
        result: &EnsembleResult,
    ) -> ChartResult {
        match self {
            EnsembleChart::SupportBands => support_bands::draw(canvas, result),
            EnsembleChart::WinProbability => winprob::draw(canvas, result),
            EnsembleChart::Outcome => outcome::draw(canvas, result),
            EnsembleChart::SwingStates => swing_states::draw(canvas, result),
        }
    }
}

/// The majority line of the ensemble's charts: the median majority of the
/// first round, or, without runs, the majority if every state with voting
/// rights votes.
pub fn majority_line(result: &EnsembleResult) -> f64 {
    result
        .summary
        .majority
        .unwrap_or((result.frame.eligible_voters / 2 + 1) as f64)
}

/// Who was elected how often, e.g. "elected: Ann 97.3%, Bo 2.7%".
pub fn elected_summary(result: &EnsembleResult) -> String {
    let parts: Vec<String> = result
        .summary
        .candidates
        .iter()
        .map(|c| format!("{} {}", c.name, percent(c.elected.p)))
        .collect();
    format!("elected: {}", parts.join(", "))
}

/// A probability as a percentage with one decimal, e.g. `97.3%`.
pub fn percent(p: f64) -> String {
    format!("{:.1}%", 100.0 * p)
}

/// The chart's title and subtitle: `"<scenario title>: <subject>"` over
/// `subtitle` where that fits the width, else the subject (capitalised) over
/// `"<scenario title> · <subtitle>"`, so the subject is never cut.
pub fn headings<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    frame: &EnsembleFrame,
    subject: &str,
    subtitle: &str,
) -> (String, String) {
    let style = common::font(common::TITLE_SIZE, common::INK, true);
    let full = format!("{}: {subject}", frame.title);
    if canvas.width(&full, &style) <= WIDTH as i32 - 2 * common::MARGIN {
        return (full, subtitle.to_owned());
    }
    let mut chars = subject.chars();
    let capitalised = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    (capitalised, format!("{} · {subtitle}", frame.title))
}

/// Writes the four charts of an ensemble into `dir`; returns their file names.
pub fn write_ensemble_charts(
    dir: &OutputDir,
    result: &EnsembleResult,
    format: ImageFormat,
) -> Result<Vec<String>, ReportError> {
    EnsembleChart::ALL
        .into_iter()
        .map(|kind| write_figure(dir, &EnsembleFigure { result, kind }, format))
        .collect()
}

/// Draws one chart as an SVG document in memory.
pub fn render_svg(result: &EnsembleResult, kind: EnsembleChart) -> Result<String, ChartError> {
    figure_svg(&EnsembleFigure { result, kind })
}

/// A chart of an ensemble as a [`Figure`].
struct EnsembleFigure<'a> {
    result: &'a EnsembleResult,
    kind: EnsembleChart,
}

impl Figure for EnsembleFigure<'_> {
    fn name(&self) -> &str {
        self.kind.name()
    }

    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> ChartResult {
        self.kind.draw(canvas, self.result)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::ensemble::{EnsembleConfig, run_ensemble};

    /// The ensemble of the small race's fixture, `runs` runs (none if `stopped`).
    pub(crate) fn small_race(runs: u64, stopped: bool) -> EnsembleResult {
        let l = crate::scenario::load("tests/fixtures/good/small_race.ron".as_ref()).unwrap();
        let config = EnsembleConfig {
            runs,
            seed: 1,
            threads: 1,
            shard: None,
        };
        let stop = AtomicBool::new(stopped);
        let file = run_ensemble(&l.scenario, "", &config, None, &stop, &|_| {}).unwrap();
        EnsembleResult::of(&file)
    }

    #[test]
    fn svg_charts_carry_their_titles_and_candidates() {
        let result = small_race(40, false);
        for (kind, subject) in [
            (EnsembleChart::SupportBands, "expected votes per candidate"),
            (EnsembleChart::WinProbability, "who would win on each date"),
            (EnsembleChart::Outcome, "first-round votes"),
            (EnsembleChart::SwingStates, "the 5 most decisive states"),
        ] {
            let svg = render_svg(&result, kind).unwrap();
            assert!(
                svg.contains(&format!("A small race: {subject}")),
                "{kind:?}"
            );
            assert!(svg.contains("Candidate B"), "{kind:?}");
        }
        // The outcome's axis of shares is described, with its unit.
        let svg = render_svg(&result, EnsembleChart::Outcome).unwrap();
        assert!(svg.contains("\nshare of runs (%)\n"));
        // The swing chart lists the states with voting rights only.
        let svg = render_svg(&result, EnsembleChart::SwingStates).unwrap();
        assert!(svg.contains("North 3") && !svg.contains("South 3"));
    }

    #[test]
    fn an_ensemble_stopped_before_any_run_still_draws() {
        let result = small_race(40, true);
        assert_eq!(result.summary.runs, 0);
        for kind in EnsembleChart::ALL {
            let svg = render_svg(&result, kind).unwrap();
            assert!(svg.contains("A small race"), "{kind:?}");
        }
    }

    #[test]
    fn a_candidate_name_too_long_for_the_outcome_panel_wraps_whole() {
        let mut result = small_race(5, false);
        let name = "Alexandrina Konstantinopoulou-Vasquez de la Fuente y Castellano \
                    of the Northern Federated Islands";
        result.frame.candidates[0].name = name.into();
        let svg = render_svg(&result, EnsembleChart::Outcome).unwrap();
        assert!(!svg.contains('…'));
        for word in name.split(' ') {
            assert!(svg.contains(word), "{word}");
        }
        // Name and results on one line would pass the plot's right edge.
        let first = svg.lines().find(|l| l.starts_with("Alexandrina")).unwrap();
        assert!(!first.contains("median"), "{first}");
    }

    #[test]
    fn long_titles_keep_the_subject() {
        let mut result = small_race(5, false);
        result.frame.title =
            "A very long scenario title that would never fit beside the subject of the chart"
                .into();
        let svg = render_svg(&result, EnsembleChart::Outcome).unwrap();
        assert!(
            svg.contains("\nFirst-round votes\n"),
            "the subject alone is the title"
        );
        assert!(
            svg.contains("A very long scenario title"),
            "the scenario moves to the subtitle"
        );
    }
}
