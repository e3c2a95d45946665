//! What the charts over time share: the date axis, the calendar marked above
//! the plot (events, the conference's opening, the ballot), behind the data
//! the conference shaded and events drawn as dashed lines, the vote axis, and
//! the values written at the right end of the plot.

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::canvas::{BottomLegend, Canvas};
use super::common::*;
use super::labels::{LabelLayout, layout_labels};
use crate::ensemble::{Distribution, EnsembleFrame};
use crate::result::{CandidateInfo, EventMark, RunResult};

/// Most rows of event labels beside their lines above the plot; with more,
/// the markers are numbered and a key gives their labels ([`super::labels`]).
const MAX_MARKER_ROWS: usize = 8;

/// A chart over dates.
pub type TimeChart<'a, 'b, DB> = ChartContext<'a, DB, Cartesian2d<DateAxis, RangedCoordf64>>;

/// What a chart over time marks: the dates it covers, the conference, the
/// ballot and the events.
#[derive(Debug, Clone, Copy)]
pub struct Calendar<'a> {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub conference_start: NaiveDate,
    pub conference_end: NaiveDate,
    pub ballot_date: NaiveDate,
    pub events: &'a [EventMark],
}

impl<'a> Calendar<'a> {
    /// The calendar of one run, from its first recorded date to the ballot.
    pub fn of_run(result: &'a RunResult) -> Calendar<'a> {
        let (first, last) = date_span(result);
        Calendar {
            first,
            last,
            conference_start: result.conference_start,
            conference_end: result.conference_end,
            ballot_date: result.ballot_date,
            events: &result.events,
        }
    }

    /// The calendar of an ensemble, from its first date to the ballot.
    pub fn of_frame(frame: &'a EnsembleFrame) -> Calendar<'a> {
        let (first, last) = span(frame);
        Calendar {
            first,
            last,
            conference_start: frame.conference_start,
            conference_end: frame.conference_end,
            ballot_date: frame.ballot_date,
            events: &frame.events,
        }
    }

    /// The labels above the plot: the events, the conference's opening and
    /// the ballot (one label with the conference's if it falls within it).
    pub fn markers(&self) -> Vec<Marker> {
        let ballot_in_conference =
            (self.conference_start..=self.conference_end).contains(&self.ballot_date);
        let mut markers = event_markers(self.events);
        if self.conference_start <= self.last {
            let ballot = if ballot_in_conference {
                format!(" (ballot {})", self.ballot_date.format("%-d %b"))
            } else {
                String::new()
            };
            markers.push(Marker {
                date: self.conference_start.max(self.first),
                label: format!(
                    "{}: conference opens{ballot}",
                    self.conference_start.format("%-d %b")
                ),
                colour: CONFERENCE_INK,
                line: CONFERENCE_INK,
            });
        }
        if !ballot_in_conference {
            markers.push(Marker {
                date: self.ballot_date,
                label: format!("{}: ballot", self.ballot_date.format("%-d %b")),
                colour: INK,
                line: MUTED,
            });
        }
        markers
    }

    /// The dashed lines through the plot: the events, then the ballot.
    pub fn lines(&self) -> Vec<(NaiveDate, RGBColor)> {
        self.events
            .iter()
            .map(|e| (e.date, EVENT_LINE))
            .chain(std::iter::once((self.ballot_date, MUTED)))
            .collect()
    }
}

/// The calendar of a chart over time, placed above its plot.
#[derive(Debug, Clone)]
pub struct Timeline {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub axis: DateAxis,
    /// The conference, clipped to the chart's dates, if it falls within them.
    conference: Option<(NaiveDate, NaiveDate)>,
    /// Dashed lines through the plot, drawn in this order.
    lines: Vec<(NaiveDate, RGBColor)>,
    markers: Vec<Marker>,
    layout: LabelLayout,
    /// Top of the marker rows.
    top: i32,
    /// Top of the plot, below the marker rows.
    pub plot_top: i32,
}

/// The dates an ensemble's charts cover: from the first date to the ballot;
/// at least one day.
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
    /// The calendar's labels placed in rows from `top` down, for a plot from
    /// `plot_left` to `plot_right` (pixels), and its lines.
    pub fn new<DB: DrawingBackend>(
        canvas: &Canvas<'_, DB>,
        calendar: &Calendar,
        top: i32,
        plot_left: i32,
        plot_right: i32,
    ) -> Timeline {
        Timeline::with_marks(
            canvas,
            calendar,
            calendar.markers(),
            calendar.lines(),
            (top, plot_left, plot_right),
        )
    }

    /// As [`Timeline::new`], with other labels and lines than the calendar's
    /// own. `place` is (top, plot left, plot right) in pixels. No label is
    /// dropped or cut: when they need more rows than fit, the markers are
    /// numbered and a key gives their labels ([`layout_labels`]).
    pub fn with_marks<DB: DrawingBackend>(
        canvas: &Canvas<'_, DB>,
        calendar: &Calendar,
        mut markers: Vec<Marker>,
        lines: Vec<(NaiveDate, RGBColor)>,
        (top, plot_left, plot_right): (i32, i32, i32),
    ) -> Timeline {
        let (first, last) = (calendar.first, calendar.last);
        let axis = DateAxis::new(first, last);
        let approx_x =
            |d| plot_left + (axis.fraction(d) * f64::from(plot_right - plot_left)) as i32;
        markers.retain(|m| m.date >= first && m.date <= last);
        markers.sort_by_key(|m| m.date);
        let style = font(NOTE_SIZE, INK, false);
        let measure = |s: &str| canvas.width(s, &style);
        let xs: Vec<i32> = markers.iter().map(|m| approx_x(m.date)).collect();
        let labels: Vec<String> = markers.iter().map(|m| m.label.clone()).collect();
        let layout = layout_labels(
            &xs,
            &labels,
            &measure,
            (MARGIN, WIDTH as i32 - MARGIN),
            14,
            MAX_MARKER_ROWS,
        );
        let rows = layout.rows() as i32;
        let conference = (calendar.conference_start <= last && calendar.conference_end >= first)
            .then(|| {
                (
                    calendar.conference_start.max(first),
                    calendar.conference_end.min(last),
                )
            });
        Timeline {
            first,
            last,
            axis,
            conference,
            lines: lines
                .into_iter()
                .filter(|(d, _)| *d >= first && *d <= last)
                .collect(),
            markers,
            layout,
            top,
            plot_top: top + rows * MARKER_ROW + 8,
        }
    }

    /// Shades the conference and draws the dashed lines from 0 to `y_max`.
    pub fn draw_background<DB: DrawingBackend>(
        &self,
        chart: &mut TimeChart<'_, '_, DB>,
        y_max: f64,
    ) -> ChartResult {
        if let Some((from, to)) = self.conference {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(from, 0.0), (to, y_max)],
                CONFERENCE.mix(0.22).filled(),
            )))?;
        }
        for &(date, colour) in &self.lines {
            chart.draw_series(DashedLineSeries::new(
                vec![(date, 0.0), (date, y_max)],
                6,
                6,
                colour.stroke_width(2),
            ))?;
        }
        Ok(())
    }

    /// Draws the majority as a dashed line across the plot.
    pub fn draw_majority<DB: DrawingBackend>(
        &self,
        chart: &mut TimeChart<'_, '_, DB>,
        majority: f64,
    ) -> ChartResult {
        chart.draw_series(DashedLineSeries::new(
            vec![(self.first, majority), (self.last, majority)],
            12,
            8,
            MUTED.stroke_width(3),
        ))?;
        Ok(())
    }

    /// Draws the marker labels above the plot, with lines down to its top.
    pub fn draw_labels<DB: DrawingBackend>(
        &self,
        canvas: &Canvas<'_, DB>,
        chart: &TimeChart<'_, '_, DB>,
        y_max: f64,
    ) -> ChartResult {
        let xs: Vec<i32> = self
            .markers
            .iter()
            .map(|m| chart.backend_coord(&(m.date, 0.0)).0)
            .collect();
        let plot_y_top = chart.backend_coord(&(self.first, y_max)).1;
        for k in &self.layout.key {
            let colour = self.markers.get(k.marker).map_or(INK, |m| m.colour);
            canvas.text(
                &k.text,
                (
                    k.left,
                    self.top + MARKER_ROW * k.row as i32 + MARKER_ROW / 2,
                ),
                &font(NOTE_SIZE, colour, false),
                HPos::Left,
                VAlign::Middle,
            )?;
        }
        let (texts, placed): (Vec<Marker>, Vec<Placed>) = self
            .markers
            .iter()
            .zip(&self.layout.markers)
            .map(|(m, (label, p))| {
                let mut m = m.clone();
                m.label.clone_from(label);
                (m, *p)
            })
            .unzip();
        let marker_top = self.top + MARKER_ROW * self.layout.key_rows as i32;
        canvas.marker_labels(&texts, &xs, &placed, marker_top, plot_y_top)
    }
}

/// Width of the value axis at the left of a chart over time.
const Y_AREA: i32 = 104;
/// Height of the date axis below the plot.
const X_AREA: i32 = 50;
/// Room right of the plot for the values on ballot day.
pub const RIGHT: i32 = 96;

/// The frame of a chart over time: the value axis at the left, room for
/// values at the right, the calendar above the plot and a legend in rows
/// across the bottom.
pub struct TimeFrame<DB: DrawingBackend> {
    pub timeline: Timeline,
    pub legend: BottomLegend,
    pub plot_left: i32,
    pub plot_right: i32,
    right: i32,
    plot_area: DrawingArea<DB, Shift>,
}

impl<DB: DrawingBackend> TimeFrame<DB> {
    /// A frame with `right` pixels right of the plot, its calendar placed by
    /// `timeline` (given the plot's left and right edges) and `legend` below.
    pub fn new(
        canvas: &Canvas<'_, DB>,
        right: i32,
        timeline: impl FnOnce(i32, i32) -> Timeline,
        legend: Vec<LegendEntry>,
    ) -> Self {
        let plot_left = MARGIN + Y_AREA;
        let plot_right = WIDTH as i32 - right;
        let timeline = timeline(plot_left, plot_right);
        let legend = canvas.bottom_legend(legend);
        let (_, rest) = canvas.root.split_vertically(timeline.plot_top);
        let (plot_area, _) = rest.split_vertically(legend.top - timeline.plot_top - 8);
        TimeFrame {
            timeline,
            legend,
            plot_left,
            plot_right,
            right,
            plot_area,
        }
    }

    /// A frame whose calendar is `calendar`'s, its labels from `top` down.
    pub fn over(
        canvas: &Canvas<'_, DB>,
        right: i32,
        calendar: &Calendar,
        top: i32,
        legend: Vec<LegendEntry>,
    ) -> Self {
        TimeFrame::new(
            canvas,
            right,
            |l, r| Timeline::new(canvas, calendar, top, l, r),
            legend,
        )
    }

    /// The plot of expected votes from 0 to `y_max`, with its vote axis and
    /// grid ([`draw_votes_mesh`]) and the calendar behind the data.
    pub fn votes_chart(&self, y_max: f64) -> ChartResult<TimeChart<'_, '_, DB>> {
        let mut chart = self.chart(y_max)?;
        draw_votes_mesh(&mut chart, self.plot_width())?;
        self.timeline.draw_background(&mut chart, y_max)?;
        Ok(chart)
    }

    /// The plot, dates across and values from 0 to `y_max` up.
    pub fn chart(&self, y_max: f64) -> ChartResult<TimeChart<'_, '_, DB>> {
        Ok(ChartBuilder::on(&self.plot_area)
            .margin_left(MARGIN)
            .margin_right(self.right)
            .margin_top(4)
            .x_label_area_size(X_AREA)
            .y_label_area_size(Y_AREA)
            .build_cartesian_2d(self.timeline.axis, 0.0..y_max)?)
    }

    /// Width of the plot in pixels.
    pub fn plot_width(&self) -> i32 {
        self.plot_right - self.plot_left
    }
}

/// The vote axis of a chart over time (expected votes, in member states,
/// from 0 to `y_max`) and its grid, for a plot `plot_width` pixels wide.
pub fn draw_votes_mesh<DB: DrawingBackend>(
    chart: &mut TimeChart<'_, '_, DB>,
    plot_width: i32,
) -> ChartResult {
    chart
        .configure_mesh()
        .x_labels((plot_width / 140).max(2) as usize)
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
    Ok(())
}

/// A value written beside a plot, at the height `y` (pixels) it belongs to.
#[derive(Debug, Clone)]
pub struct SideLabel {
    pub text: String,
    pub colour: RGBColor,
    pub bold: bool,
    pub y: f64,
}

/// Writes the labels from `x` rightwards, each as near its height as it can
/// be while at least 28 pixels from the others and between `top` and `bottom`.
pub fn draw_side_labels<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    x: i32,
    labels: &[SideLabel],
    (top, bottom): (f64, f64),
) -> ChartResult {
    let wished: Vec<f64> = labels.iter().map(|l| l.y).collect();
    let ys = spread(&wished, 28.0, top, bottom);
    for (label, y) in labels.iter().zip(ys) {
        canvas.text(
            &label.text,
            (x, y.round() as i32),
            &font(TICK_SIZE, label.colour, label.bold),
            HPos::Left,
            VAlign::Middle,
        )?;
    }
    Ok(())
}

/// A fan chart's legend: a line per candidate, then the two bands of runs.
pub fn fan_legend(candidates: &[CandidateInfo], colours: &[RGBColor]) -> Vec<LegendEntry> {
    let mut legend = candidate_legend(candidates, colours, Key::Line);
    // The bands' keys in the candidates' colours, as opaque as the bands
    // look on the chart (the middle 50% lies over the 90% band).
    let mut band_colours = [None; 3];
    for (slot, &c) in band_colours.iter_mut().zip(colours) {
        *slot = Some(c);
    }
    legend.push(LegendEntry {
        key: Key::Bands(band_colours, 1.0 - (1.0 - OUTER_BAND) * (1.0 - INNER_BAND)),
        label: "middle 50% of runs".to_owned(),
    });
    legend.push(LegendEntry {
        key: Key::Bands(band_colours, OUTER_BAND),
        label: "middle 90% of runs".to_owned(),
    });
    legend
}

/// Opacity of a fan chart's band of the middle 90% of runs.
const OUTER_BAND: f64 = 0.2;
/// Opacity of the band of the middle 50%, drawn over the other.
const INNER_BAND: f64 = 0.35;

/// Fan charts over dates: for each candidate, the band of the middle 90%
/// of runs, the band of the middle 50% over it, then over all bands each
/// candidate's `centre` line (median or mean). `per_date[t][c]` is
/// candidate c's distribution over the runs on `dates[t]`.
pub fn draw_fans<DB: DrawingBackend>(
    chart: &mut TimeChart<'_, '_, DB>,
    dates: &[NaiveDate],
    per_date: &[&[Distribution]],
    colours: &[RGBColor],
    centre: fn(&Distribution) -> f64,
) -> ChartResult {
    let series = |c: usize, pick: fn(&Distribution) -> f64| -> Vec<f64> {
        per_date
            .iter()
            .map(|day| day.get(c).map_or(f64::NAN, pick))
            .collect()
    };
    for (c, &colour) in colours.iter().enumerate() {
        let outer = band(dates, &series(c, |d| d.p5), &series(c, |d| d.p95));
        chart.draw_series(std::iter::once(Polygon::new(
            outer,
            colour.mix(OUTER_BAND).filled(),
        )))?;
        let inner = band(dates, &series(c, |d| d.p25), &series(c, |d| d.p75));
        chart.draw_series(std::iter::once(Polygon::new(
            inner,
            colour.mix(INNER_BAND).filled(),
        )))?;
    }
    for (c, &colour) in colours.iter().enumerate() {
        let line = dates.iter().copied().zip(series(c, centre));
        chart.draw_series(LineSeries::new(line, colour.stroke_width(4)))?;
    }
    Ok(())
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
