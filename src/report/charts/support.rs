//! `support`: expected votes per candidate over time.
//!
//! One line per candidate (expected votes, in member states, if the ballot
//! were held that day), the votes needed to win if every state with voting
//! rights casts a valid vote (dashed), the conference period shaded, events,
//! the conference's opening and the ballot marked above the plot, and each
//! line's value on ballot day at its right end.

use plotters::prelude::*;

use super::canvas::{Canvas, HeaderSpacing};
use super::common::*;
use super::timeline::{Calendar, RIGHT, SideLabel, TimeFrame, draw_side_labels};
use crate::result::RunResult;
use crate::scenario::MajorityOf;

/// File name of this chart, without extension.
pub const NAME: &str = "support";

/// Draws the chart on `canvas` (expected to be [`WIDTH`] × [`HEIGHT`]).
pub fn draw<DB: DrawingBackend>(canvas: &Canvas<'_, DB>, result: &RunResult) -> ChartResult {
    canvas.root.fill(&WHITE)?;
    let colours = candidate_colours(result);
    // The majority round 1 of the ballot needed, as expected votes are
    // first-round votes; without a ballot, that of a full turnout.
    let (majority, majority_label) = match result.ballot.rounds.first() {
        Some(round) => (
            round.majority,
            format!(
                "votes needed in round 1 of the ballot: {} of {} {}",
                round.majority,
                round.base,
                match round.rule.majority_of {
                    MajorityOf::Valid => "valid votes",
                    MajorityOf::ValidAndBlank => "valid and blank papers",
                    MajorityOf::AllMembers => "members",
                    MajorityOf::EntitledMembers => "members with a vote",
                }
            ),
        ),
        None => {
            let m = majority_of_eligible(result);
            (
                m,
                format!(
                    "votes needed if all {} states with voting rights vote ({m})",
                    result.eligible_voters
                ),
            )
        }
    };
    let title = format!("{}: expected votes per candidate", result.title);
    let subtitle = format!("{} · ballot: {}", run_label(result), ballot_summary(result));
    let top = canvas.header(&title, &[&subtitle], HeaderSpacing::RUN)?;

    // Legend below the plot.
    let mut legend = candidate_legend(&result.candidates, &colours, Key::Line);
    legend.push(LegendEntry {
        key: Key::Dashed(MUTED),
        label: majority_label,
    });
    legend.push(conference_entry());
    let layout = TimeFrame::over(canvas, RIGHT, &Calendar::of_run(result), top, legend);
    let timeline = &layout.timeline;
    let (first, last) = (timeline.first, timeline.last);

    let max_votes = result
        .history
        .iter()
        .flat_map(|t| t.expected_votes.iter().copied())
        .filter(|v| v.is_finite())
        .fold(f64::from(majority), f64::max);
    let y_max = nice_ceiling(max_votes * 1.08);

    let mut chart = layout.votes_chart(y_max)?;
    chart.draw_series(DashedLineSeries::new(
        vec![(first, f64::from(majority)), (last, f64::from(majority))],
        12,
        8,
        MUTED.stroke_width(3),
    ))?;
    for (c, &colour) in colours.iter().enumerate() {
        let points = result
            .history
            .iter()
            .filter_map(|t| t.expected_votes.get(c).map(|&v| (t.date, v)));
        chart.draw_series(LineSeries::new(points, colour.stroke_width(4)))?;
    }
    timeline.draw_labels(canvas, &chart, y_max)?;

    // Each line's value on ballot day at the right: whole votes, or tenths
    // for small bodies.
    let y_of = |v: f64| f64::from(chart.backend_coord(&(first, v)).1);
    let decimals = if y_max <= 20.0 { 1 } else { 0 };
    let mut labels: Vec<SideLabel> = Vec::new();
    if let Some(tick) = result.history.last() {
        for (c, &colour) in colours.iter().enumerate() {
            if let Some(&v) = tick.expected_votes.get(c) {
                labels.push(SideLabel {
                    text: format!("{v:.decimals$}"),
                    colour,
                    bold: true,
                    y: y_of(v),
                });
            }
        }
    }
    labels.push(SideLabel {
        text: majority.to_string(),
        colour: MUTED,
        bold: true,
        y: y_of(f64::from(majority)),
    });
    let label_x = chart.backend_coord(&(last, 0.0)).0 + 12;
    draw_side_labels(canvas, label_x, &labels, (y_of(y_max), y_of(0.0)))?;

    canvas.draw_legend(&layout.legend)?;
    Ok(())
}

/// A round upper bound for an axis reaching `x`: a multiple of a step of
/// 1, 2 or 5 × 10^k that leaves at most ten steps (at least 1).
pub fn nice_ceiling(x: f64) -> f64 {
    if !x.is_finite() || x <= 1.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf((x / 10.0).log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&s| x / s <= 10.0)
        .unwrap_or(10.0 * magnitude);
    (x / step).ceil() * step
}
