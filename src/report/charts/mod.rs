//! The charts of one run, as PNG or SVG images of 1600 × 900 pixels.
//!
//! Each chart kind has its own module with a `draw` function that draws on a
//! [`canvas::Canvas`] (a drawing area generic over plotters'
//! `DrawingBackend` and the image format, with the text, header, legend and
//! note every chart writes), so the same code draws PNG (bitmap) and SVG:
//!
//! - [`support`]: expected votes per candidate over time, with the majority,
//!   events and the conference;
//! - [`regions`]: the same per region, as shares of each region's voters;
//! - [`hemicycle`]: the member states as seats, coloured by their leaning at
//!   the ballot;
//! - [`ballot`]: the votes of each round, the votes needed, who was elected;
//! - [`transfers`]: where the voters of eliminated or withdrawn candidates
//!   went in the next round.
//!
//! An ensemble's charts are listed in [`ensemble`]. The analyses' charts
//! are [`figure::Figure`]s, one module each: [`compare_support`],
//! [`compare_states`], [`sweep_line`], [`sweep_heatmap`] and
//! [`sensitivity_bars`].
//!
//! What they share: [`canvas`] (text, header, legends, notes), [`text_block`] (labels broken into lines, never cut), [`common`]
//! (sizes, colours, the date axis, legend keys), [`timeline`] (the calendar
//! above a chart over time and [`timeline::TimeFrame`], the frame of the four
//! charts over time), [`bars`] (the panels of ranked bars of
//! [`sensitivity_bars`] and [`variance_sources`]) and [`labels`] (placing
//! labels without overlap). Candidates' colours are read with
//! [`crate::scenario::colour::Colour`].
//!
//! Text uses the bundled DejaVu Sans (see [`common::ensure_fonts`]), so
//! charts look the same on any machine.

pub mod ballot;
pub mod bars;
pub mod calibration;
pub mod canvas;
pub mod common;
pub mod compare_states;
pub mod compare_support;
pub mod conference;
pub mod ensemble;
pub mod extremes;
pub mod figure;
pub mod hemicycle;
pub mod labels;
pub mod outcome;
pub mod posterior;
pub mod regions;
pub mod seating;
pub mod sensitivity_bars;
pub mod support;
pub mod support_bands;
pub mod sweep_heatmap;
pub mod sweep_line;
pub mod swing_states;
pub mod text_block;
pub mod timeline;
pub mod transfers;
pub mod variance_sources;
pub mod winprob;

use std::fmt;

use plotters::prelude::*;

use super::{OutputDir, ReportError};
use crate::result::RunResult;
use canvas::Canvas;
use common::{ChartError, ChartResult};
pub use ensemble::{EnsembleChart, write_ensemble_charts};

/// The image format of charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ImageFormat {
    /// Bitmap, for slides and quick looks.
    #[default]
    Png,
    /// Vector, for papers.
    Svg,
}

impl ImageFormat {
    /// File extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Svg => "svg",
        }
    }
}

impl fmt::Display for ImageFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// The chart kinds of one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChartKind {
    Support,
    Regions,
    Hemicycle,
    Ballot,
    Transfers,
}

impl ChartKind {
    /// Every kind, in the order they are written.
    pub const ALL: [ChartKind; 5] = [
        ChartKind::Support,
        ChartKind::Regions,
        ChartKind::Hemicycle,
        ChartKind::Ballot,
        ChartKind::Transfers,
    ];

    /// File name without extension.
    pub fn name(self) -> &'static str {
        match self {
            ChartKind::Support => support::NAME,
            ChartKind::Regions => regions::NAME,
            ChartKind::Hemicycle => hemicycle::NAME,
            ChartKind::Ballot => ballot::NAME,
            ChartKind::Transfers => transfers::NAME,
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
        result: &RunResult,
    ) -> ChartResult {
        match self {
            ChartKind::Support => support::draw(canvas, result),
            ChartKind::Regions => regions::draw(canvas, result),
            ChartKind::Hemicycle => hemicycle::draw(canvas, result),
            ChartKind::Ballot => ballot::draw(canvas, result),
            ChartKind::Transfers => transfers::draw(canvas, result),
        }
    }
}

/// Writes the support, regions, hemicycle, ballot and transfers charts of `result` into `dir`
/// in `format`; returns their file names.
pub fn write_run_charts(
    dir: &OutputDir,
    result: &RunResult,
    format: ImageFormat,
) -> Result<Vec<String>, ReportError> {
    ChartKind::ALL
        .into_iter()
        .map(|kind| write_chart(dir, result, kind, format))
        .collect()
}

/// Writes one chart into `dir`; returns its file name.
pub fn write_chart(
    dir: &OutputDir,
    result: &RunResult,
    kind: ChartKind,
    format: ImageFormat,
) -> Result<String, ReportError> {
    figure::write_figure(dir, &RunChart { result, kind }, format)
}

/// Draws one chart as an SVG document in memory.
pub fn render_svg(result: &RunResult, kind: ChartKind) -> Result<String, ChartError> {
    figure::figure_svg(&RunChart { result, kind })
}

/// A chart of one run as a [`figure::Figure`].
struct RunChart<'a> {
    result: &'a RunResult,
    kind: ChartKind,
}

impl figure::Figure for RunChart<'_> {
    fn name(&self) -> &str {
        self.kind.name()
    }

    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> ChartResult {
        self.kind.draw(canvas, self.result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;
    use common::{HEIGHT, WIDTH};

    /// Pixels of `png` whose colour is within a small distance of `colour`.
    fn count_colour(png: &image::RgbImage, colour: RGBColor) -> usize {
        png.pixels()
            .filter(|p| {
                let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).abs();
                d(p[0], colour.0) + d(p[1], colour.1) + d(p[2], colour.2) < 24
            })
            .count()
    }

    #[test]
    fn png_charts_have_the_expected_size_and_draw_the_candidates() {
        let result = fixtures::realistic();
        let tmp = tempfile::tempdir().unwrap();
        let dir = OutputDir::create(tmp.path().join("run"), false).unwrap();
        let names = write_run_charts(&dir, &result, ImageFormat::Png).unwrap();
        assert_eq!(
            names,
            [
                "support.png",
                "regions.png",
                "hemicycle.png",
                "ballot.png",
                "transfers.png"
            ]
        );
        let colours = common::candidate_colours(&result);
        // Lines are long; in the hemicycle, most seats are tinted and only
        // the legend is sure to show the full colour.
        for (name, least) in names.iter().zip([3000, 3000, 300]) {
            let img = image::open(dir.path_of(name)).unwrap().to_rgb8();
            assert_eq!(img.dimensions(), (WIDTH, HEIGHT), "{name}");
            for &c in &colours {
                let n = count_colour(&img, c);
                assert!(n > least, "{name}: {n} pixels of {c:?}");
            }
        }
    }

    #[test]
    fn svg_charts_carry_their_titles() {
        let result = fixtures::classroom();
        for (kind, title) in [
            (ChartKind::Support, "expected votes per candidate"),
            (ChartKind::Regions, "expected votes by region"),
            (ChartKind::Hemicycle, "member states at the ballot"),
        ] {
            let svg = render_svg(&result, kind).unwrap();
            assert!(svg.starts_with("<svg"), "{kind:?}");
            assert!(
                svg.contains(&format!("{}: {title}", result.title)),
                "{kind:?}"
            );
            assert!(
                svg.contains("Basil Nakamura"),
                "{kind:?}: legend names the candidates"
            );
        }
    }

    #[test]
    fn same_result_draws_identical_png() {
        let result = fixtures::small();
        let tmp = tempfile::tempdir().unwrap();
        let draw = |folder: &str| {
            let dir = OutputDir::create(tmp.path().join(folder), false).unwrap();
            write_chart(&dir, &result, ChartKind::Support, ImageFormat::Png).unwrap();
            std::fs::read(dir.finish().unwrap().join("support.png")).unwrap()
        };
        let a = draw("a");
        assert!(a.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(a, draw("b"));
    }

    #[test]
    fn a_run_at_central_values_says_so() {
        let mut result = fixtures::classroom();
        let drawn = render_svg(&result, ChartKind::Support).unwrap();
        assert!(drawn.contains(&format!("seed {} ·", result.seed)));
        assert!(!drawn.contains("central values"));
        result.central = true;
        let central = format!("central values, seed {}", result.seed);
        for kind in ChartKind::ALL {
            let svg = render_svg(&result, kind).unwrap();
            assert!(svg.contains(&central), "{kind:?}");
        }
    }

    #[test]
    fn edge_cases_still_draw() {
        let mut result = fixtures::small();
        result.history.clear();
        result.events.clear();
        result.ballot.rounds.clear();
        result.ballot.elected = None;
        result.regions[1].voters = 0;
        result.candidates[2].colour = "not a colour".into();
        for kind in ChartKind::ALL {
            let svg = render_svg(&result, kind).unwrap();
            assert!(svg.contains("Tiny"), "{kind:?}");
        }
    }

    #[test]
    fn crowded_event_labels_are_all_shown_whole() {
        let mut result = fixtures::realistic();
        let start = result.history[0].date;
        result.events = (0..30)
            .map(|i| crate::result::EventMark {
                id: format!("e{i}"),
                date: start + chrono::Duration::days(30 + i),
                label: format!("Crowded event number {i}"),
            })
            .collect();
        let svg = render_svg(&result, ChartKind::Support).unwrap();
        // Numbered, each label once and whole in the key.
        for i in 0..30 {
            let label = format!("Crowded event number {i}\n</text>");
            assert_eq!(svg.matches(&label).count(), 1, "event {i}");
        }
    }

    /// Draws every chart of the synthetic results into
    /// `$LOBBYSIM_GALLERY` (default: a `lobbysim-charts` folder in the
    /// system's temporary folder) for looking at:
    /// `cargo test --lib gallery -- --ignored`.
    #[test]
    #[ignore = "writes images for inspection"]
    fn gallery() {
        let folder = std::env::var_os("LOBBYSIM_GALLERY")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::env::temp_dir().join("lobbysim-charts"));
        for (name, result) in [
            ("pp22", fixtures::realistic()),
            ("classroom", fixtures::classroom()),
            ("tiny", fixtures::small()),
        ] {
            for format in [ImageFormat::Png, ImageFormat::Svg] {
                let dir = OutputDir::create(folder.join(name), true).unwrap();
                crate::report::write_run(&dir, &result, format).unwrap();
                let out = dir.finish().unwrap();
                eprintln!("wrote {}", out.display());
                if format == ImageFormat::Png {
                    // Keep the PNGs when the SVGs replace the folder.
                    let keep = folder.join(format!("{name}-png"));
                    let _ = std::fs::remove_dir_all(&keep);
                    std::fs::rename(&out, &keep).unwrap();
                }
            }
        }
    }
}
