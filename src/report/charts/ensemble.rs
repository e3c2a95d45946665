//! The charts of an ensemble, as PNG or SVG images of 1600 × 900 pixels:
//!
//! - [`super::support_bands`]: expected votes over time, median and bands over runs;
//! - [`super::winprob`]: the probability of winning if the ballot were held on each date;
//! - [`super::outcome`]: the distribution of first-round votes per candidate;
//! - [`super::swing_states`]: the 20 most decisive member states.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::common::{self, ChartError, ChartResult, HEIGHT, WIDTH};
use super::{ImageFormat, outcome, support_bands, swing_states, winprob};
use crate::ensemble::EnsembleResult;
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

    /// Draws this chart of `result` on `root`.
    pub fn draw<DB: DrawingBackend>(
        self,
        root: &DrawingArea<DB, Shift>,
        result: &EnsembleResult,
        format: ImageFormat,
    ) -> ChartResult {
        match self {
            EnsembleChart::SupportBands => support_bands::draw(root, result, format),
            EnsembleChart::WinProbability => winprob::draw(root, result, format),
            EnsembleChart::Outcome => outcome::draw(root, result, format),
            EnsembleChart::SwingStates => swing_states::draw(root, result, format),
        }
    }
}

/// Writes the four charts of an ensemble into `dir`; returns their file names.
pub fn write_ensemble_charts(
    dir: &OutputDir,
    result: &EnsembleResult,
    format: ImageFormat,
) -> Result<Vec<String>, ReportError> {
    EnsembleChart::ALL
        .into_iter()
        .map(|kind| {
            let name = kind.file_name(format);
            dir.write_to_path(&name, |path| {
                render_to_file(path, result, kind, format).map_err(|e| ReportError::Chart {
                    path: dir.final_path().join(&name),
                    message: e.0,
                })
            })?;
            Ok(name)
        })
        .collect()
}

/// Draws one chart into the file at `path`.
pub fn render_to_file(
    path: &Path,
    result: &EnsembleResult,
    kind: EnsembleChart,
    format: ImageFormat,
) -> ChartResult {
    common::ensure_fonts()?;
    match format {
        ImageFormat::Png => {
            let root = BitMapBackend::new(path, (WIDTH, HEIGHT)).into_drawing_area();
            kind.draw(&root, result, format)?;
            root.present()?;
        }
        ImageFormat::Svg => {
            let root = SVGBackend::new(path, (WIDTH, HEIGHT)).into_drawing_area();
            kind.draw(&root, result, format)?;
            root.present()?;
        }
    }
    Ok(())
}

/// Draws one chart as an SVG document in memory.
pub fn render_svg(result: &EnsembleResult, kind: EnsembleChart) -> Result<String, ChartError> {
    common::ensure_fonts()?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        kind.draw(&root, result, ImageFormat::Svg)?;
        root.present()?;
    }
    Ok(svg)
}
