//! What the ensemble's charts over time share: the date axis, the calendar
//! marked above the plot (events, the conference's opening, the ballot), and
//! behind the data the conference shaded and events drawn as dashed lines.

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::ImageFormat;
use super::common::*;
use crate::ensemble::EnsembleFrame;

/// Most rows of event labels above the plot.
const MAX_MARKER_ROWS: usize = 6;

/// A chart over the dates of an ensemble.
pub type TimeChart<'a, 'b, DB> = ChartContext<'a, DB, Cartesian2d<DateAxis, RangedCoordf64>>;

/// The calendar of a chart over time, placed above its plot.
#[derive(Debug, Clone)]
pub struct Timeline {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub axis: DateAxis,
    markers: Vec<Marker>,
    placed: Vec<Placed>,
    /// Top of the marker rows.
    top: i32,
    /// Top of the plot, below the marker rows.
    pub plot_top: i32,
}

/// The dates a chart covers: from the first date to the ballot; at least one day.
pub fn span(frame: &EnsembleFrame) -> (NaiveDate, NaiveDate) {
    let first = frame.dates.first().copied().unwrap_or(frame.ballot_date);
    let last = frame
        .dates
        .last()
        .copied()
        .unwrap_or(frame.ballot_date)
        .max(frame.ballot_date);
    let last = if last > first {
        last
    } else {
        first.succ_opt().unwrap_or(first)
    };
    (first, last)
}

impl Timeline {
    /// Places the calendar's labels in rows from `top` down, for a plot from
    /// `plot_left` to `plot_right` (pixels).
    pub fn new<DB: DrawingBackend>(
        root: &DrawingArea<DB, Shift>,
        frame: &EnsembleFrame,
        top: i32,
        plot_left: i32,
        plot_right: i32,
    ) -> Timeline {
        let (first, last) = span(frame);
        let axis = DateAxis::new(first, last);
        let approx_x =
            |d| plot_left + (axis.fraction(d) * f64::from(plot_right - plot_left)) as i32;
        let ballot_in_conference =
            (frame.conference_start..=frame.conference_end).contains(&frame.ballot_date);
        let mut markers = event_markers(&frame.events);
        if frame.conference_start <= last {
            let ballot = if ballot_in_conference {
                format!(" (ballot {})", frame.ballot_date.format("%-d %b"))
            } else {
                String::new()
            };
            markers.push(Marker {
                date: frame.conference_start.max(first),
                label: format!(
                    "{}: conference opens{ballot}",
                    frame.conference_start.format("%-d %b")
                ),
                colour: CONFERENCE_INK,
                line: CONFERENCE_INK,
            });
        }
        if !ballot_in_conference {
            markers.push(Marker {
                date: frame.ballot_date,
                label: format!("{}: ballot", frame.ballot_date.format("%-d %b")),
                colour: INK,
                line: MUTED,
            });
        }
        markers.retain(|m| m.date >= first && m.date <= last);
        markers.sort_by_key(|m| m.date);
        let style = font(NOTE_SIZE, INK, false);
        let widths: Vec<i32> = markers
            .iter()
            .map(|m| text_width(root, &m.label, &style))
            .collect();
        let xs: Vec<i32> = markers.iter().map(|m| approx_x(m.date)).collect();
        let placed = stagger(&xs, &widths, WIDTH as i32 - MARGIN, 14);
        let (markers, placed): (Vec<Marker>, Vec<Placed>) = markers
            .into_iter()
            .zip(placed)
            .filter(|(_, p)| p.row < MAX_MARKER_ROWS)
            .unzip();
        let rows = placed.iter().map(|p| p.row + 1).max().unwrap_or(0) as i32;
        Timeline {
            first,
            last,
            axis,
            markers,
            placed,
            top,
            plot_top: top + rows * MARKER_ROW + 8,
        }
    }

    /// Shades the conference and draws event and ballot lines from 0 to `y_max`.
    pub fn draw_background<DB: DrawingBackend>(
        &self,
        chart: &mut TimeChart<'_, '_, DB>,
        frame: &EnsembleFrame,
        y_max: f64,
    ) -> ChartResult {
        let (first, last) = (self.first, self.last);
        if frame.conference_start <= last && frame.conference_end >= first {
            chart.draw_series(std::iter::once(Rectangle::new(
                [
                    (frame.conference_start.max(first), 0.0),
                    (frame.conference_end.min(last), y_max),
                ],
                CONFERENCE.mix(0.22).filled(),
            )))?;
        }
        let lines = frame
            .events
            .iter()
            .map(|e| (e.date, EVENT_LINE))
            .chain(std::iter::once((frame.ballot_date, MUTED)))
            .filter(|(d, _)| *d >= first && *d <= last);
        for (date, colour) in lines {
            chart.draw_series(DashedLineSeries::new(
                vec![(date, 0.0), (date, y_max)],
                6,
                6,
                colour.stroke_width(2),
            ))?;
        }
        Ok(())
    }

    /// Draws the marker labels above the plot, with lines down to its top.
    pub fn draw_labels<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        chart: &TimeChart<'_, '_, DB>,
        format: ImageFormat,
        y_max: f64,
    ) -> ChartResult {
        let xs: Vec<i32> = self
            .markers
            .iter()
            .map(|m| chart.backend_coord(&(m.date, 0.0)).0)
            .collect();
        let plot_y_top = chart.backend_coord(&(self.first, y_max)).1;
        draw_marker_labels(
            root,
            format,
            &self.markers,
            &xs,
            &self.placed,
            self.top,
            plot_y_top,
        )
    }
}

/// A band between two lines over dates, as a closed polygon.
pub fn band(dates: &[NaiveDate], low: &[f64], high: &[f64]) -> Vec<(NaiveDate, f64)> {
    let upper = dates.iter().copied().zip(high.iter().copied());
    let lower = dates.iter().copied().zip(low.iter().copied()).rev();
    upper.chain(lower).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_band_goes_out_along_the_top_and_back_along_the_bottom() {
        let d = |day| NaiveDate::from_ymd_opt(2022, 9, day).unwrap();
        let points = band(&[d(1), d(2)], &[1.0, 2.0], &[3.0, 4.0]);
        assert_eq!(
            points,
            vec![(d(1), 3.0), (d(2), 4.0), (d(2), 2.0), (d(1), 1.0)]
        );
    }
}
