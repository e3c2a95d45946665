//! `support`: expected votes per candidate over time.
//!
//! One line per candidate (expected votes, in member states, if the ballot
//! were held that day), the votes needed to win if every state with voting
//! rights casts a valid vote (dashed), the conference period shaded, events,
//! the conference's opening and the ballot marked above the plot, and each
//! line's value on ballot day at its right end.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::ImageFormat;
use super::common::*;
use crate::result::RunResult;

/// File name of this chart, without extension.
pub const NAME: &str = "support";

const Y_AREA: i32 = 104;
const X_AREA: i32 = 50;
/// Room right of the plot for the values on ballot day.
const RIGHT: i32 = 96;
/// Most rows of event labels above the plot.
const MAX_MARKER_ROWS: usize = 6;

/// Draws the chart on `root` (expected to be [`WIDTH`] × [`HEIGHT`]).
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    result: &RunResult,
    format: ImageFormat,
) -> ChartResult {
    root.fill(&WHITE)?;
    let colours = candidate_colours(result);
    let majority = majority_of_eligible(result);
    let title = format!("{}: expected votes per candidate", result.title);
    let subtitle = format!("seed {} · ballot: {}", result.seed, ballot_summary(result));
    let top = draw_title(root, format, &title, &subtitle)?;

    let (first, last) = date_span(result);
    let axis = DateAxis::new(first, last);
    let plot_left = MARGIN + Y_AREA;
    let plot_right = WIDTH as i32 - RIGHT;
    let approx_x = |d| plot_left + (axis.fraction(d) * f64::from(plot_right - plot_left)) as i32;

    // Markers above the plot: events, the conference's opening, the ballot
    // (one marker with the conference's if it falls within the conference).
    let conference_from = result.conference_start.max(first);
    let ballot_in_conference =
        (result.conference_start..=result.conference_end).contains(&result.ballot_date);
    let mut markers = event_markers(&result.events);
    if result.conference_start <= last {
        let ballot = if ballot_in_conference {
            format!(" (ballot {})", result.ballot_date.format("%-d %b"))
        } else {
            String::new()
        };
        markers.push(Marker {
            date: conference_from,
            label: format!(
                "{}: conference opens{ballot}",
                result.conference_start.format("%-d %b")
            ),
            colour: CONFERENCE_INK,
            line: CONFERENCE_INK,
        });
    }
    if !ballot_in_conference {
        markers.push(Marker {
            date: result.ballot_date,
            label: format!("{}: ballot", result.ballot_date.format("%-d %b")),
            colour: INK,
            line: MUTED,
        });
    }
    markers.retain(|m| m.date >= first && m.date <= last);
    markers.sort_by_key(|m| m.date);
    let marker_style = font(NOTE_SIZE, INK, false);
    let widths: Vec<i32> = markers
        .iter()
        .map(|m| text_width(root, &m.label, &marker_style))
        .collect();
    let xs: Vec<i32> = markers.iter().map(|m| approx_x(m.date)).collect();
    let placed = stagger(&xs, &widths, WIDTH as i32 - MARGIN, 14);
    // Labels that would need more rows than fit keep only their line.
    let (markers, placed): (Vec<Marker>, Vec<Placed>) = markers
        .into_iter()
        .zip(placed)
        .filter(|(_, p)| p.row < MAX_MARKER_ROWS)
        .unzip();
    let band_rows = placed.iter().map(|p| p.row + 1).max().unwrap_or(0) as i32;
    let plot_top = top + band_rows * MARKER_ROW + 8;

    // Legend below the plot.
    let mut legend: Vec<LegendEntry> = result
        .candidates
        .iter()
        .zip(&colours)
        .map(|(c, &colour)| LegendEntry {
            key: Key::Line(colour),
            label: c.name.clone(),
        })
        .collect();
    legend.push(LegendEntry {
        key: Key::Dashed(MUTED),
        label: format!(
            "majority if all {} states with voting rights vote ({majority})",
            result.eligible_voters
        ),
    });
    legend.push(LegendEntry {
        key: Key::Swatch(CONFERENCE, 0.3),
        label: "conference".to_owned(),
    });
    let rows = legend_rows(root, &legend, WIDTH as i32 - 2 * MARGIN);
    let legend_top = HEIGHT as i32 - MARGIN - LEGEND_ROW * rows.len() as i32;

    let (_, rest) = root.split_vertically(plot_top);
    let (plot_area, _) = rest.split_vertically(legend_top - plot_top - 8);

    let max_votes = result
        .history
        .iter()
        .flat_map(|t| t.expected_votes.iter().copied())
        .filter(|v| v.is_finite())
        .fold(f64::from(majority), f64::max);
    let y_max = nice_ceiling(max_votes * 1.08);

    let mut chart = ChartBuilder::on(&plot_area)
        .margin_left(MARGIN)
        .margin_right(RIGHT)
        .margin_top(4)
        .x_label_area_size(X_AREA)
        .y_label_area_size(Y_AREA)
        .build_cartesian_2d(axis, 0.0..y_max)?;
    let n_ticks = ((plot_right - plot_left) / 140).max(2) as usize;
    chart
        .configure_mesh()
        .x_labels(n_ticks)
        .y_labels(8)
        .max_light_lines(0)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .label_style(font(TICK_SIZE, INK, false))
        .axis_desc_style(font(LABEL_SIZE, INK, false))
        .y_desc("expected votes (member states)")
        .y_label_formatter(&|v| {
            if (v - v.round()).abs() < 1e-9 {
                format!("{v:.0}")
            } else {
                format!("{v:.1}")
            }
        })
        .draw()?;

    // Conference shading.
    if result.conference_start <= last && result.conference_end >= first {
        let to = result.conference_end.min(last);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(conference_from, 0.0), (to, y_max)],
            CONFERENCE.mix(0.22).filled(),
        )))?;
    }
    // Event and ballot lines through the plot.
    let marker_dates: Vec<(chrono::NaiveDate, RGBColor)> = result
        .events
        .iter()
        .map(|e| (e.date, EVENT_LINE))
        .chain(std::iter::once((result.ballot_date, MUTED)))
        .filter(|(d, _)| *d >= first && *d <= last)
        .collect();
    for (date, colour) in &marker_dates {
        chart.draw_series(DashedLineSeries::new(
            vec![(*date, 0.0), (*date, y_max)],
            6,
            6,
            colour.stroke_width(2),
        ))?;
    }
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

    // Labels: markers above the plot (at exact positions), values at the right.
    let exact_x = |d| chart.backend_coord(&(d, 0.0)).0;
    let y_of = |v: f64| chart.backend_coord(&(first, v)).1;
    let xs: Vec<i32> = markers.iter().map(|m| exact_x(m.date)).collect();
    let plot_y_top = y_of(y_max);
    draw_marker_labels(root, format, &markers, &xs, &placed, top, plot_y_top)?;

    let value_style = font(TICK_SIZE, INK, true);
    // Whole votes, or tenths for small bodies.
    let decimals = if y_max <= 20.0 { 1 } else { 0 };
    let mut labels: Vec<(String, RGBColor, f64)> = Vec::new();
    if let Some(tick) = result.history.last() {
        for (c, &colour) in colours.iter().enumerate() {
            if let Some(&v) = tick.expected_votes.get(c) {
                labels.push((format!("{v:.decimals$}"), colour, f64::from(y_of(v))));
            }
        }
    }
    labels.push((
        majority.to_string(),
        MUTED,
        f64::from(y_of(f64::from(majority))),
    ));
    let wished: Vec<f64> = labels.iter().map(|l| l.2).collect();
    let bottom = f64::from(y_of(0.0));
    let ys = spread(&wished, 28.0, f64::from(plot_y_top), bottom);
    let label_x = exact_x(last) + 12;
    for ((s, colour, _), y) in labels.iter().zip(ys) {
        text(
            root,
            format,
            s,
            (label_x, y.round() as i32),
            &value_style.color(colour),
            HPos::Left,
            VAlign::Middle,
        )?;
    }

    draw_legend(root, format, &legend, &rows, WIDTH as i32 / 2, legend_top)?;
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
