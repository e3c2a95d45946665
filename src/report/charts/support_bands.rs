//! `support_bands`: a fan chart of expected votes over time.
//!
//! For each candidate, the median over runs of the expected votes if the
//! ballot were held that day (a line), with the bands that hold the middle
//! 50% (25th to 75th percentile) and the middle 90% (5th to 95th) of runs;
//! the votes needed to win the first round (the median over runs of its
//! majority, dashed); the conference shaded; events, the conference's
//! opening and the ballot marked above the plot; and each median's value on
//! ballot day at its right end.

use plotters::prelude::*;

use super::canvas::{Canvas, HeaderSpacing};
use super::common::*;
use super::ensemble::{elected_summary, headings, majority_line};
use super::support::nice_ceiling;
use super::timeline::{
    Calendar, RIGHT, SideLabel, TimeFrame, draw_fans, draw_side_labels, fan_legend,
};
use crate::ensemble::EnsembleResult;

/// File name of this chart, without extension.
pub const NAME: &str = "support_bands";

/// Draws the chart on `canvas` (expected to be [`WIDTH`] × [`HEIGHT`]).
pub fn draw<DB: DrawingBackend>(canvas: &Canvas<'_, DB>, result: &EnsembleResult) -> ChartResult {
    canvas.root.fill(&WHITE)?;
    let frame = &result.frame;
    let colours = colours_of(&frame.candidates);
    let majority = majority_line(result);
    let subtitle = format!(
        "{} runs, seed {} · median and middle 50% and 90% of runs · {}",
        result.summary.runs,
        result.summary.seed,
        elected_summary(result)
    );
    let (title, subtitle) = headings(canvas, frame, "expected votes per candidate", &subtitle);
    let top = canvas.header(&title, &[&subtitle], HeaderSpacing::RUN)?;

    let mut legend = fan_legend(&frame.candidates, &colours);
    legend.push(LegendEntry {
        key: Key::Dashed(MUTED),
        label: format!("majority ({majority:.0})"),
    });
    legend.push(conference_entry());
    let layout = TimeFrame::over(canvas, RIGHT, &Calendar::of_frame(frame), top, legend);
    let timeline = &layout.timeline;

    let max_votes = result
        .timeseries
        .iter()
        .flat_map(|t| t.expected_votes.iter().map(|d| d.p95))
        .filter(|v| v.is_finite())
        .fold(majority, f64::max);
    let y_max = nice_ceiling(max_votes * 1.08);
    let mut chart = layout.votes_chart(y_max)?;
    timeline.draw_majority(&mut chart, majority)?;

    let dates: Vec<_> = result.timeseries.iter().map(|t| t.date).collect();
    let per_date: Vec<_> = result
        .timeseries
        .iter()
        .map(|t| t.expected_votes.as_slice())
        .collect();
    draw_fans(&mut chart, &dates, &per_date, &colours, |d| d.median)?;
    timeline.draw_labels(canvas, &chart, y_max)?;

    // Each median's value on ballot day at the right.
    let y_of = |v: f64| f64::from(chart.backend_coord(&(timeline.first, v)).1);
    let decimals = if y_max <= 20.0 { 1 } else { 0 };
    let mut labels: Vec<SideLabel> = Vec::new();
    if let Some(day) = result.timeseries.last() {
        for (c, &colour) in colours.iter().enumerate() {
            if let Some(d) = day.expected_votes.get(c) {
                labels.push(SideLabel {
                    text: format!("{:.decimals$}", d.median),
                    colour,
                    bold: true,
                    y: y_of(d.median),
                });
            }
        }
    }
    labels.push(SideLabel {
        text: format!("{majority:.0}"),
        colour: MUTED,
        bold: true,
        y: y_of(majority),
    });
    let label_x = chart.backend_coord(&(timeline.last, 0.0)).0 + 12;
    draw_side_labels(canvas, label_x, &labels, (y_of(y_max), y_of(0.0)))?;
    canvas.draw_legend(&layout.legend)?;
    Ok(())
}
