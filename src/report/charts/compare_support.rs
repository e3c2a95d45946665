//! `compare_support`: the base case and the what-if on one chart, as fan
//! charts of expected votes per candidate over time.
//!
//! For each candidate and date, over the runs of each side: the median of
//! the expected votes (votes if the ballot were held that day, in member
//! states), the band of the middle 50% of runs (25th to 75th percentile)
//! and of the middle 90% (5th to 95th). The base case is drawn with solid
//! medians and stronger bands, the what-if with dashed medians and lighter
//! bands. The majority of the first round (the base case's median over
//! runs), the conference period, the ballot and the events that only one
//! side has are marked; each median's value on ballot day is written at its right end.

use chrono::NaiveDate;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::canvas::{Canvas, HeaderSpacing};
use super::common::*;
use super::ensemble::majority_line;
use super::figure::Figure;
use super::support::nice_ceiling;
use super::timeline::{
    Calendar, RIGHT, SideLabel, TimeChart, TimeFrame, Timeline, band, draw_side_labels,
};
use crate::ensemble::EnsembleResult;
use crate::result::{CandidateInfo, EventMark};

/// File name of this chart, without extension.
pub const NAME: &str = "compare_support";

/// The chart's data.
#[derive(Debug, Clone, Copy)]
pub struct CompareSupport<'a> {
    pub base: &'a EnsembleResult,
    pub what_if: &'a EnsembleResult,
    /// Title of the base scenario.
    pub base_title: &'a str,
    /// How the what-if is described (its title, or the changes made).
    pub what_if_label: &'a str,
}

/// Per date, `(date, [p5, p25, median, p75, p95])` of one side and candidate.
type Bands = Vec<(NaiveDate, [f64; 5])>;

/// The bands of one side and candidate.
fn bands(result: &EnsembleResult, c: usize) -> Bands {
    result
        .timeseries
        .iter()
        .filter_map(|t| t.expected_votes.get(c).map(|d| (t.date, d.percentiles())))
        .collect()
}

/// The band between percentiles `lo` and `hi` (indices into the five).
fn band_of(b: &[(NaiveDate, [f64; 5])], lo: usize, hi: usize) -> Vec<(NaiveDate, f64)> {
    let dates: Vec<NaiveDate> = b.iter().map(|(d, _)| *d).collect();
    let low: Vec<f64> = b.iter().map(|(_, p)| p[lo]).collect();
    let high: Vec<f64> = b.iter().map(|(_, p)| p[hi]).collect();
    band(&dates, &low, &high)
}

/// Events that only one side has, labelled with the side.
fn differing_events(base: &[EventMark], what_if: &[EventMark]) -> Vec<Marker> {
    let only = |a: &[EventMark], b: &[EventMark], side: &str| -> Vec<Marker> {
        a.iter()
            .filter(|e| !b.iter().any(|x| x.id == e.id && x.date == e.date))
            .map(|e| Marker {
                date: e.date,
                label: format!("{}: {} ({side})", e.date.format("%-d %b"), e.label),
                colour: MUTED,
                line: EVENT_LINE,
            })
            .collect()
    };
    let mut markers = only(base, what_if, "base only");
    markers.extend(only(what_if, base, "what-if only"));
    markers.sort_by_key(|m| m.date);
    markers
}

impl Figure for CompareSupport<'_> {
    fn name(&self) -> &str {
        NAME
    }

    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> ChartResult {
        canvas.root.fill(&WHITE)?;
        let (base, what_if) = (self.base, self.what_if);
        let frame = &base.frame;
        let colours = colours_of(&frame.candidates);
        let runs = base.summary.runs;
        let title = "Expected votes per candidate: base case and what-if";
        let lines = [
            format!(
                "base: {} · what-if: {}",
                self.base_title, self.what_if_label
            ),
            format!(
                "median, middle 50% and middle 90% of {runs} paired runs (seed {}) · solid: base case · dashed: what-if",
                base.summary.seed
            ),
        ];
        let top = canvas.header(title, &lines, HeaderSpacing::FIGURE)?;

        let (first, last) = span(base, what_if);
        // Marked: the events that only one side has, and the ballot.
        let mut markers = differing_events(&frame.events, &what_if.frame.events);
        markers.push(Marker {
            date: frame.ballot_date,
            label: format!("{}: ballot", frame.ballot_date.format("%-d %b")),
            colour: INK,
            line: MUTED,
        });
        markers.sort_by_key(|m| m.date);
        let lines = markers.iter().map(|m| (m.date, m.line)).collect();
        // The base case's calendar over the dates of both sides.
        let calendar = Calendar {
            first,
            last,
            ..Calendar::of_frame(frame)
        };

        let legend = legend(&frame.candidates, &colours);
        let layout = TimeFrame::new(
            canvas,
            RIGHT,
            |l, r| Timeline::with_marks(canvas, &calendar, markers, lines, (top, l, r)),
            legend,
        );
        let timeline = &layout.timeline;

        let k = frame.k();
        let all_bands: Vec<[Bands; 2]> = (0..k)
            .map(|c| [bands(base, c), bands(what_if, c)])
            .collect();
        let majority = majority_line(base);
        let max_votes = all_bands
            .iter()
            .flatten()
            .flatten()
            .map(|(_, p)| p[4])
            .filter(|v| v.is_finite())
            .fold(majority, f64::max);
        let y_max = nice_ceiling(max_votes * 1.08);

        let mut chart = layout.votes_chart(y_max)?;

        chart.draw_series(std::iter::once(PathElement::new(
            vec![(first, majority), (last, majority)],
            MUTED.stroke_width(2),
        )))?;

        draw_sides(&mut chart, &colours, &all_bands)?;

        timeline.draw_labels(canvas, &chart, y_max)?;
        let exact_x = |d| chart.backend_coord(&(d, 0.0)).0;
        let y_of = |v: f64| chart.backend_coord(&(first, v)).1;

        // The majority, labelled at the left end of its line.
        canvas.text(
            &format!("majority of round 1 in the base case (median over runs): {majority:.0}"),
            (exact_x(first) + 10, y_of(majority) - 16),
            &font(NOTE_SIZE, MUTED, false),
            HPos::Left,
            VAlign::Middle,
        )?;

        // Medians on ballot day: the base's in bold, the what-if's in regular.
        let decimals = if y_max <= 20.0 { 1 } else { 0 };
        let mut labels: Vec<SideLabel> = Vec::new();
        for (c, &colour) in colours.iter().enumerate() {
            for (side, bold) in [(0, true), (1, false)] {
                if let Some((_, p)) = all_bands[c][side].last() {
                    labels.push(SideLabel {
                        text: format!("{:.decimals$}", p[2]),
                        colour,
                        bold,
                        y: f64::from(y_of(p[2])),
                    });
                }
            }
        }
        let bounds = (f64::from(y_of(y_max)), f64::from(y_of(0.0)));
        draw_side_labels(canvas, exact_x(last) + 12, &labels, bounds)?;

        canvas.draw_legend(&layout.legend)?;
        Ok(())
    }
}
/// The dates both sides cover, to the later ballot.
fn span(base: &EnsembleResult, what_if: &EnsembleResult) -> (NaiveDate, NaiveDate) {
    let frame = &base.frame;
    let dates = |r: &EnsembleResult| {
        (
            r.timeseries.first().map(|t| t.date),
            r.timeseries.last().map(|t| t.date),
        )
    };
    let (b0, b1) = dates(base);
    let (w0, w1) = dates(what_if);
    let ballot = frame.ballot_date.max(what_if.frame.ballot_date);
    let first = [b0, w0]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(frame.ballot_date);
    let last = [b1, w1]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(ballot)
        .max(ballot);
    (first, last)
}

/// The candidates' colours, the two sides' lines, the bands and the conference.
fn legend(candidates: &[CandidateInfo], colours: &[RGBColor]) -> Vec<LegendEntry> {
    let mut legend = candidate_legend(candidates, colours, |c| Key::Swatch(c, 0.8));
    legend.extend([
        LegendEntry {
            key: Key::Line(INK),
            label: "base case (median)".to_owned(),
        },
        LegendEntry {
            key: Key::Dashed(INK),
            label: "what-if (median)".to_owned(),
        },
        LegendEntry {
            key: Key::Swatch(MUTED, 0.45),
            label: "middle 50% of runs".to_owned(),
        },
        LegendEntry {
            key: Key::Swatch(MUTED, 0.18),
            label: "middle 90%".to_owned(),
        },
        conference_entry(),
    ]);
    legend
}

/// Each candidate's bands (the what-if's first and lighter, the base's over
/// them) and medians (the what-if's dashed).
fn draw_sides<DB: DrawingBackend>(
    chart: &mut TimeChart<'_, '_, DB>,
    colours: &[RGBColor],
    all_bands: &[[Bands; 2]],
) -> ChartResult {
    // Bands: the what-if's first and lighter, the base's over them.
    for (side, (outer, inner)) in [(1, (0.07, 0.14)), (0, (0.12, 0.26))] {
        for (c, &colour) in colours.iter().enumerate() {
            let b = &all_bands[c][side];
            if b.is_empty() {
                continue;
            }
            let fill = if side == 1 { tint(colour, 0.6) } else { colour };
            chart.draw_series(std::iter::once(Polygon::new(
                band_of(b, 0, 4),
                fill.mix(outer).filled(),
            )))?;
            chart.draw_series(std::iter::once(Polygon::new(
                band_of(b, 1, 3),
                fill.mix(inner).filled(),
            )))?;
        }
    }
    for (c, &colour) in colours.iter().enumerate() {
        let [b, w] = &all_bands[c];
        chart.draw_series(DashedLineSeries::new(
            w.iter().map(|(d, p)| (*d, p[2])).collect::<Vec<_>>(),
            14,
            9,
            colour.stroke_width(4),
        ))?;
        chart.draw_series(LineSeries::new(
            b.iter().map(|(d, p)| (*d, p[2])),
            colour.stroke_width(4),
        ))?;
    }
    Ok(())
}
