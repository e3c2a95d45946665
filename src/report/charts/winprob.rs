//! `winprob`: the probability that each candidate would win if the ballot
//! were held on each date.
//!
//! For each candidate, the mean over runs of the would-win-today probability
//! (the model's normal approximation, docs/MODEL.md) as a line, with the
//! bands that hold the middle 50% and 90% of runs; right of the ballot day,
//! the share of runs in which the candidate was elected in the simulated
//! ballot, with its 95% Wilson interval, and its value. The conference is
//! shaded, events and the ballot marked above the plot.

use plotters::prelude::*;

use super::canvas::{Canvas, HeaderSpacing};
use super::common::*;
use super::ensemble::{headings, percent};
use super::extremes::extremes_note;
use super::timeline::{Calendar, SideLabel, TimeFrame, draw_fans, draw_side_labels, fan_legend};
use crate::ensemble::EnsembleResult;

/// File name of this chart, without extension.
pub const NAME: &str = "winprob";

/// Room right of the plot for the simulated ballots' results.
const RIGHT: i32 = 150;

/// The note when candidates' chances (each one's band and mean on each
/// date) sit at 0 % or 100 % on every date.
fn extremes(result: &EnsembleResult) -> Option<String> {
    let series: Vec<(&str, Vec<f64>)> = result
        .frame
        .candidates
        .iter()
        .enumerate()
        .map(|(c, cand)| {
            let values = result
                .timeseries
                .iter()
                .filter_map(|day| day.win_probability.get(c));
            let values = values.flat_map(|d| [d.p5, d.p25, d.median, d.p75, d.p95, d.mean]);
            (cand.name.as_str(), values.collect())
        })
        .collect();
    let flat = "on every date of every run one candidate was sure to win, \
                so the lines lie on the chart's top and bottom edges";
    extremes_note(&series, "date", flat)
}

/// Draws the chart on `canvas` (expected to be [`WIDTH`] × [`HEIGHT`]).
pub fn draw<DB: DrawingBackend>(canvas: &Canvas<'_, DB>, result: &EnsembleResult) -> ChartResult {
    canvas.root.fill(&WHITE)?;
    let frame = &result.frame;
    let colours = colours_of(&frame.candidates);
    let mut subtitle = format!(
        "probability of winning if the ballot were held that day: mean, middle 50% and 90% of {} runs (seed {})",
        result.summary.runs, result.summary.seed,
    );
    if let Some(note) = extremes(result) {
        subtitle.push_str(&format!(" · {note}"));
    }
    let (title, subtitle) = headings(canvas, frame, "who would win on each date", &subtitle);
    let top = canvas.header(&title, &[&subtitle], HeaderSpacing::RUN)?;

    let mut legend = fan_legend(&frame.candidates, &colours);
    legend.push(LegendEntry {
        key: Key::Seat(MUTED),
        label: "elected (95% CI)".to_owned(),
    });
    legend.push(conference_entry());
    let layout = TimeFrame::over(canvas, RIGHT, &Calendar::of_frame(frame), top, legend);
    let timeline = &layout.timeline;

    let y_max = 1.0;
    let mut chart = layout.chart(y_max)?;
    chart
        .configure_mesh()
        .x_labels(((layout.plot_width()) / 140).max(2) as usize)
        .y_labels(6)
        .max_light_lines(0)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .label_style(font(TICK_SIZE, INK, false))
        .axis_desc_style(font(LABEL_SIZE, INK, false))
        .y_desc("probability of winning (%)")
        .y_label_formatter(&|v| format!("{:.0}%", 100.0 * v))
        .draw()?;
    timeline.draw_background(&mut chart, y_max)?;

    let dates: Vec<_> = result.timeseries.iter().map(|t| t.date).collect();
    let per_date: Vec<_> = result
        .timeseries
        .iter()
        .map(|t| t.win_probability.as_slice())
        .collect();
    draw_fans(&mut chart, &dates, &per_date, &colours, |d| d.mean)?;
    timeline.draw_labels(canvas, &chart, y_max)?;

    // The simulated ballots, right of the plot: a dot and its interval per
    // candidate, then its value.
    let y_of = |v: f64| chart.backend_coord(&(timeline.first, v)).1;
    let x0 = chart.backend_coord(&(timeline.last, 0.0)).0 + 20;
    let k = colours.len() as i32;
    let step = 16;
    let mut labels: Vec<SideLabel> = Vec::new();
    if result.summary.runs > 0 {
        for (c, (outcome, &colour)) in result.summary.candidates.iter().zip(&colours).enumerate() {
            let x = x0 + step * c as i32;
            let e = &outcome.elected;
            canvas.root.draw(&PathElement::new(
                vec![(x, y_of(e.low)), (x, y_of(e.high))],
                colour.stroke_width(3),
            ))?;
            for end in [e.low, e.high] {
                canvas.root.draw(&PathElement::new(
                    vec![(x - 5, y_of(end)), (x + 5, y_of(end))],
                    colour.stroke_width(3),
                ))?;
            }
            seat_mark(canvas.root, (x, y_of(e.p)), 7, colour)?;
            labels.push(SideLabel {
                text: percent(e.p),
                colour,
                bold: true,
                y: f64::from(y_of(e.p)),
            });
        }
    }
    let label_x = x0 + step * (k - 1) + 14;
    let bounds = (f64::from(y_of(y_max)), f64::from(y_of(0.0)));
    draw_side_labels(canvas, label_x, &labels, bounds)?;
    canvas.draw_legend(&layout.legend)?;
    Ok(())
}
