//! What the charts share: the bundled font, sizes, colours, text measuring,
//! a date axis, event markers and legend keys (what draws text, headers and
//! legends is [`super::canvas::Canvas`]).
//!
//! Sizes are in pixels of a 1600 × 900 image (the SVG uses the same units).
//! Text sizes follow plotters' convention (the font's ascent-to-descent height).

use std::ops::Range;
use std::sync::OnceLock;

use chrono::{Datelike, Months, NaiveDate};
use plotters::coord::Shift;
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};

use crate::result::{CandidateInfo, EventMark, RunResult};
use crate::scenario::colour::Colour;

/// Width of every chart, in pixels.
pub const WIDTH: u32 = 1600;
/// Height of every chart, in pixels.
pub const HEIGHT: u32 = 900;

/// The family name under which the bundled font is registered.
pub const FONT: &str = "sans-serif";
/// Chart title.
pub const TITLE_SIZE: f64 = 40.0;
/// Line under the title.
pub const SUBTITLE_SIZE: f64 = 26.0;
/// Axis descriptions, legend entries, panel titles.
pub const LABEL_SIZE: f64 = 24.0;
/// Tick labels.
pub const TICK_SIZE: f64 = 22.0;
/// Event labels and other small notes.
pub const NOTE_SIZE: f64 = 20.0;
/// Space between the image edge and anything drawn.
pub const MARGIN: i32 = 28;

/// Body text colour.
pub const INK: RGBColor = RGBColor(33, 33, 33);
/// Secondary text, axes and markers.
pub const MUTED: RGBColor = RGBColor(110, 110, 110);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(225, 225, 225);
/// Shading of the conference period (drawn with transparency).
pub const CONFERENCE: RGBColor = RGBColor(240, 170, 30);
/// Text colour for the conference label (darker, for contrast on white).
pub const CONFERENCE_INK: RGBColor = RGBColor(170, 105, 0);
/// Lines marking events.
pub const EVENT_LINE: RGBColor = RGBColor(175, 175, 175);
/// Seats of states without voting rights.
pub const NO_RIGHTS: RGBColor = RGBColor(150, 150, 150);

/// A colour of the scenario layer as plotters' colour.
pub fn rgb(c: Colour) -> RGBColor {
    RGBColor(c.red, c.green, c.blue)
}

/// The colour of the palette at `index` ([`crate::scenario::colour::PALETTE`]).
pub fn palette(index: usize) -> RGBColor {
    rgb(Colour::of_position(index))
}

/// The failure of a drawing operation, as text for [`ReportError::Chart`](crate::report::ReportError).
#[derive(Debug)]
pub struct ChartError(pub String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError(e.to_string())
    }
}

impl ChartError {
    /// A failed PNG write as a plain sentence: the file system's message
    /// (plotters' own text is Rust debug output, e.g.
    /// `ImageError(IoError(Custom {...}))`).
    pub fn of_bitmap(e: DrawingAreaErrorKind<plotters_bitmap::BitMapBackendError>) -> ChartError {
        use plotters_bitmap::BitMapBackendError as B;
        let DrawingAreaErrorKind::BackendError(plotters_backend::DrawingErrorKind::DrawingError(
            inner,
        )) = &e
        else {
            return ChartError::from(e);
        };
        ChartError(match inner {
            B::IOError(io) => crate::report::plain_io(io),
            B::ImageError(image) => match std::error::Error::source(image)
                .and_then(|c| c.downcast_ref::<std::io::Error>())
            {
                Some(io) => crate::report::plain_io(io),
                None => crate::report::plain_os_text(&image.to_string()),
            },
            _ => "the image could not be encoded".to_owned(),
        })
    }
}

/// Result of drawing operations.
pub type ChartResult<T = ()> = Result<T, ChartError>;

/// Registers the bundled DejaVu Sans (regular and bold) with plotters as
/// [`FONT`], once per process.
pub fn ensure_fonts() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            let regular: &'static [u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
            let bold: &'static [u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");
            register_font(FONT, FontStyle::Normal, regular)
                .map_err(|_| "the bundled font DejaVuSans.ttf is not a valid font".to_owned())?;
            register_font(FONT, FontStyle::Bold, bold)
                .map_err(|_| "the bundled font DejaVuSans-Bold.ttf is not a valid font".to_owned())
        })
        .clone()
        .map_err(ChartError)
}

/// Parses `#rrggbb` (case-insensitive), as [`Colour::parse`].
pub fn parse_hex_colour(s: &str) -> Option<RGBColor> {
    Colour::parse(s).map(rgb)
}

/// Each candidate's colour, from the result or, if invalid, from the palette.
pub fn candidate_colours(result: &RunResult) -> Vec<RGBColor> {
    colours_of(&result.candidates)
}

/// Each candidate's colour, or, if invalid, the palette's at its position.
pub fn colours_of(candidates: &[CandidateInfo]) -> Vec<RGBColor> {
    candidates
        .iter()
        .enumerate()
        .map(|(i, c)| parse_hex_colour(&c.colour).unwrap_or(palette(i)))
        .collect()
}

/// `colour` mixed with white: `strength` 1 gives the colour, 0 gives white.
pub fn tint(colour: RGBColor, strength: f64) -> RGBColor {
    let s = strength.clamp(0.0, 1.0);
    let mix = |c: u8| (255.0 - (255.0 - f64::from(c)) * s).round() as u8;
    RGBColor(mix(colour.0), mix(colour.1), mix(colour.2))
}

/// A text style of the bundled font.
pub fn font(size: f64, colour: RGBColor, bold: bool) -> TextStyle<'static> {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    (FONT, size, style).into_font().color(&colour)
}

/// Where a text's anchor point lies vertically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VAlign {
    /// At the top of capital letters.
    Top,
    /// Halfway up capital letters.
    Middle,
    /// On the baseline.
    Baseline,
}

/// Width of `s` in pixels when drawn with `style`.
pub fn text_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &str,
    style: &TextStyle<'_>,
) -> i32 {
    area.estimate_text_size(s, style)
        .map(|(w, _)| w as i32)
        .unwrap_or((s.chars().count() as f64 * style.font.get_size() * 0.55) as i32)
}

/// What was run, for a run chart's subtitle: "seed 1", or "central values,
/// seed 1" for a run at every uncertain number's central value (the seed
/// still sets the daily noise, the arrivals and the ballot papers).
pub fn run_label(result: &RunResult) -> String {
    if result.central {
        format!("central values, seed {}", result.seed)
    } else {
        format!("seed {}", result.seed)
    }
}

/// The subtitle's account of the ballot, e.g. "Ann Lee elected in round 1
/// with 139 of 172 valid votes".
pub fn ballot_summary(result: &RunResult) -> String {
    let ballot = &result.ballot;
    let name = |c: usize| {
        result
            .candidates
            .get(c)
            .map_or_else(|| format!("candidate {c}"), |x| x.name.clone())
    };
    if ballot.seats > 1 {
        let names: Vec<String> = ballot.winners.iter().map(|&c| name(c)).collect();
        return match ballot.rounds.last() {
            Some(round) if !names.is_empty() => format!(
                "{} of {} seats filled in {} round{}: {}",
                names.len(),
                ballot.seats,
                round.number,
                if round.number == 1 { "" } else { "s" },
                names.join(", ")
            ),
            Some(round) => format!("no seat filled after {} rounds", round.number),
            None => "no ballot held".to_owned(),
        };
    }
    match (ballot.elected, ballot.rounds.last()) {
        (Some(c), Some(round)) => format!(
            "{} elected in round {} with {} of {} valid votes",
            name(c),
            round.number,
            round.tally.get(c).copied().unwrap_or(0),
            round.valid
        ),
        (None, Some(round)) => format!("nobody elected after {} rounds", round.number),
        (_, None) => "no ballot held".to_owned(),
    }
}

/// Votes needed to win if every state with voting rights casts a valid
/// vote, under the first round's rule (more than half without a round).
pub fn majority_of_eligible(result: &RunResult) -> u32 {
    let eligible = result.eligible_voters as u32;
    match result.ballot.rounds.first() {
        Some(round) => {
            let base = match round.rule.majority_of {
                crate::scenario::MajorityOf::AllMembers => round.members,
                _ => eligible,
            };
            crate::ballot::required(round.rule.threshold, base)
        }
        None => eligible / 2 + 1,
    }
}

/// The dates a time chart covers: from the first recorded date to the ballot
/// (or the last recorded date, if later); at least one day.
pub fn date_span(result: &RunResult) -> (NaiveDate, NaiveDate) {
    let first = result
        .history
        .first()
        .map_or(result.ballot_date, |t| t.date);
    let last = result
        .history
        .last()
        .map_or(result.ballot_date, |t| t.date)
        .max(result.ballot_date);
    let last = if last > first {
        last
    } else {
        first.succ_opt().unwrap_or(first)
    };
    (first, last)
}

/// A time axis over calendar dates, with ticks on the first of the month
/// (every 1, 2, 3, 6 or 12 months) or, for spans under two months, every
/// 1, 2, 7 or 14 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateAxis {
    start: NaiveDate,
    end: NaiveDate,
    /// Month ticks without the year, except in January (for small panels).
    compact: bool,
}

impl DateAxis {
    /// An axis from `start` to `end` (swapped if reversed; at least one day).
    pub fn new(start: NaiveDate, end: NaiveDate) -> Self {
        let (start, end) = if start <= end {
            (start, end)
        } else {
            (end, start)
        };
        let end = if end == start {
            end.succ_opt().unwrap_or(end)
        } else {
            end
        };
        DateAxis {
            start,
            end,
            compact: false,
        }
    }

    /// The same axis with shorter month labels: "Mar", and "Jan 2023" only
    /// in January.
    pub fn compact(self) -> Self {
        DateAxis {
            compact: true,
            ..self
        }
    }

    fn span_days(&self) -> i64 {
        (self.end - self.start).num_days().max(1)
    }

    /// Whether ticks fall on months (rather than days).
    fn monthly(&self) -> bool {
        self.span_days() >= 60
    }

    /// The fraction of the axis at which `date` lies (0 at start, 1 at end).
    pub fn fraction(&self, date: NaiveDate) -> f64 {
        (date - self.start).num_days() as f64 / self.span_days() as f64
    }

    /// Ticks, at most `max` of them (at least one).
    pub fn ticks(&self, max: usize) -> Vec<NaiveDate> {
        let max = max.max(1);
        if self.monthly() {
            let Some(first) = NaiveDate::from_ymd_opt(self.start.year(), self.start.month(), 1)
            else {
                return vec![self.start];
            };
            let first = if first < self.start {
                first.checked_add_months(Months::new(1)).unwrap_or(first)
            } else {
                first
            };
            for step in [1u32, 2, 3, 6, 12, 24, 60, 120] {
                // Align to calendar multiples (Jan/Apr/Jul/Oct for 3 months).
                let mut d = first;
                while (d.month0() % step.min(12)) != 0 {
                    d = match d.checked_add_months(Months::new(1)) {
                        Some(next) => next,
                        None => break,
                    };
                }
                let mut ticks = Vec::new();
                while d <= self.end {
                    ticks.push(d);
                    d = match d.checked_add_months(Months::new(step)) {
                        Some(next) => next,
                        None => break,
                    };
                }
                if ticks.len() <= max {
                    return ticks;
                }
            }
            vec![self.start]
        } else {
            let span = self.span_days();
            let step = [1i64, 2, 7, 14, 30]
                .into_iter()
                .find(|s| span / s < max as i64)
                .unwrap_or(30);
            (0..=span / step)
                .filter_map(|k| {
                    self.start
                        .checked_add_signed(chrono::Duration::days(k * step))
                })
                .collect()
        }
    }
}

impl Ranged for DateAxis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = NaiveDate;

    fn map(&self, value: &NaiveDate, limit: (i32, i32)) -> i32 {
        let f = self.fraction(*value);
        limit.0 + (f * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<NaiveDate> {
        self.ticks(hint.max_num_points())
    }

    fn range(&self) -> Range<NaiveDate> {
        self.start..self.end
    }
}

impl ValueFormatter<NaiveDate> for DateAxis {
    fn format_ext(&self, value: &NaiveDate) -> String {
        if self.monthly() {
            if self.compact && value.month() != 1 {
                value.format("%b").to_string()
            } else {
                value.format("%b %Y").to_string()
            }
        } else {
            value.format("%-d %b").to_string()
        }
    }
}

/// A label above a chart that points at an x position with a vertical line.
#[derive(Debug, Clone)]
pub struct Marker {
    pub date: NaiveDate,
    pub label: String,
    /// Colour of the label.
    pub colour: RGBColor,
    /// Colour of the line.
    pub line: RGBColor,
}

/// Where a marker's label went: its row (0 at the top) and its extent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    pub row: usize,
    pub left: i32,
    pub width: i32,
}

/// Assigns marker labels to rows so that no two labels overlap and no line
/// (which runs from its label down to the chart) crosses a label in a lower
/// row. Close markers thus form a staircase going down to the right. A label
/// sits right of its line, or left of it where it would pass `right_edge`.
/// `widths[i]` is the pixel width of label i; markers must be in x order.
pub fn stagger(xs: &[i32], widths: &[i32], right_edge: i32, gap: i32) -> Vec<Placed> {
    let mut placed: Vec<Placed> = Vec::with_capacity(xs.len());
    for (i, (&x, &w)) in xs.iter().zip(widths).enumerate() {
        let left = if x + gap + w > right_edge {
            x - gap - w
        } else {
            x + gap
        };
        let span = (left - gap, left + w + gap);
        let fits = |row: usize| {
            placed.iter().enumerate().all(|(j, p)| {
                let other = (p.left, p.left + p.width);
                if p.row == row {
                    // Side by side in one row.
                    span.1 <= other.0 || other.1 <= span.0
                } else if p.row < row {
                    // The other's line comes down through this row.
                    !(span.0 <= xs[j] && xs[j] <= span.1)
                } else {
                    // This label's line goes down through the other's row.
                    !(other.0 - gap <= x && x <= other.1 + gap)
                }
            })
        };
        let row = (0..=i).find(|&r| fits(r)).unwrap_or(i);
        placed.push(Placed {
            row,
            left,
            width: w,
        });
    }
    placed
}

/// Moves label centres `ys` (pixels, any order) apart so that neighbours are
/// at least `min_gap` apart, keeping them within `lo..=hi` where possible and
/// as near their wished positions as the gap allows. Returns positions in
/// the input order.
pub fn spread(ys: &[f64], min_gap: f64, lo: f64, hi: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..ys.len()).collect();
    order.sort_by(|&a, &b| ys[a].total_cmp(&ys[b]));
    let mut pos: Vec<f64> = order.iter().map(|&i| ys[i].clamp(lo, hi)).collect();
    for _ in 0..50 {
        let mut moved = false;
        for k in 1..pos.len() {
            let overlap = min_gap - (pos[k] - pos[k - 1]);
            if overlap > 1e-9 {
                pos[k - 1] -= overlap / 2.0;
                pos[k] += overlap / 2.0;
                moved = true;
            }
        }
        if let (Some(first), Some(last)) = (pos.first().copied(), pos.last().copied()) {
            if first < lo {
                pos.iter_mut().for_each(|p| *p += lo - first);
            } else if last > hi && first - (last - hi) >= lo {
                pos.iter_mut().for_each(|p| *p -= last - hi);
            }
        }
        if !moved {
            break;
        }
    }
    let mut out = vec![0.0; ys.len()];
    for (k, &i) in order.iter().enumerate() {
        out[i] = pos[k];
    }
    out
}

/// Event labels as markers, with their dates ("24 Feb: label").
pub fn event_markers(events: &[EventMark]) -> Vec<Marker> {
    events
        .iter()
        .map(|e| Marker {
            date: e.date,
            label: format!("{}: {}", e.date.format("%-d %b"), e.label),
            colour: MUTED,
            line: EVENT_LINE,
        })
        .collect()
}

/// Height of one row of marker labels.
pub const MARKER_ROW: i32 = 28;

/// How a legend entry's key is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Key {
    /// A thick line.
    Line(RGBColor),
    /// A dashed line.
    Dashed(RGBColor),
    /// A filled square with the given opacity.
    Swatch(RGBColor, f64),
    /// A band in up to three colours side by side (a fan chart's band of
    /// each candidate), with the given opacity.
    Bands([Option<RGBColor>; 3], f64),
    /// A seat: a filled circle with a thin outline.
    Seat(RGBColor),
    /// Three seats in the colour's three tints (strongest first).
    Seats3(RGBColor),
}

impl Key {
    /// Width of the key plus the space before the label.
    pub(super) fn width(self) -> i32 {
        match self {
            Key::Seats3(_) => 3 * 26 + KEY_GAP,
            _ => KEY_WIDTH + KEY_GAP,
        }
    }
}

/// Legend entries for the candidates, each with `key` in its colour.
pub fn candidate_legend(
    candidates: &[CandidateInfo],
    colours: &[RGBColor],
    key: impl Fn(RGBColor) -> Key,
) -> Vec<LegendEntry> {
    candidates
        .iter()
        .zip(colours)
        .map(|(c, &colour)| LegendEntry {
            key: key(colour),
            label: c.name.clone(),
        })
        .collect()
}

/// Bars of blank papers.
pub const BLANK: RGBColor = RGBColor(190, 190, 190);
/// Bars of absent delegations.
pub const ABSENT: RGBColor = RGBColor(235, 235, 235);

/// Legend entries for where votes went: each candidate as a swatch, then
/// blank papers and absent delegations.
pub fn votes_legend(candidates: &[CandidateInfo], colours: &[RGBColor]) -> Vec<LegendEntry> {
    let mut legend = candidate_legend(candidates, colours, |c| Key::Swatch(c, 1.0));
    legend.push(LegendEntry {
        key: Key::Swatch(BLANK, 1.0),
        label: "blank".to_owned(),
    });
    legend.push(LegendEntry {
        key: Key::Swatch(ABSENT, 1.0),
        label: "absent".to_owned(),
    });
    legend
}

/// The legend entry of the conference's shading.
pub fn conference_entry() -> LegendEntry {
    LegendEntry {
        key: Key::Swatch(CONFERENCE, 0.3),
        label: "conference".to_owned(),
    }
}

/// One legend entry.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    pub key: Key,
    pub label: String,
}

/// Width of the key part of a legend entry.
const KEY_WIDTH: i32 = 44;
/// Space between key and label, and between entries.
const KEY_GAP: i32 = 12;
pub(super) const ENTRY_GAP: i32 = 40;
/// Height of one legend row.
pub const LEGEND_ROW: i32 = 38;

/// Draws a legend key whose left edge is `x` and whose middle is `y`.
pub fn draw_key<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    key: Key,
    x: i32,
    y: i32,
) -> ChartResult {
    match key {
        Key::Line(c) => {
            root.draw(&PathElement::new(
                vec![(x, y), (x + KEY_WIDTH, y)],
                c.stroke_width(5),
            ))?;
        }
        Key::Dashed(c) => {
            root.draw(&plotters::element::DashedPathElement::new(
                vec![(x, y), (x + KEY_WIDTH, y)],
                9,
                6,
                c.stroke_width(3),
            ))?;
        }
        Key::Swatch(c, alpha) => {
            let half = 11;
            let left = x + KEY_WIDTH / 2 - half;
            root.draw(&Rectangle::new(
                [(left, y - half), (left + 2 * half, y + half)],
                c.mix(alpha).filled(),
            ))?;
        }
        Key::Bands(colours, alpha) => {
            let half = 11;
            let shown: Vec<RGBColor> = colours.iter().flatten().copied().collect();
            let n = shown.len().max(1) as i32;
            for (k, c) in shown.iter().enumerate() {
                let k = k as i32;
                let (l, r) = (x + KEY_WIDTH * k / n, x + KEY_WIDTH * (k + 1) / n);
                root.draw(&Rectangle::new(
                    [(l, y - half), (r, y + half)],
                    c.mix(alpha).filled(),
                ))?;
            }
        }
        Key::Seat(c) => seat_mark(root, (x + KEY_WIDTH / 2, y), 12, c)?,
        Key::Seats3(c) => {
            for (k, strength) in [1.0, 0.6, 0.3].into_iter().enumerate() {
                seat_mark(root, (x + 12 + 26 * k as i32, y), 11, tint(c, strength))?;
            }
        }
    }
    Ok(())
}

/// Draws a seat: a filled circle with a thin grey outline.
pub fn seat_mark<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    centre: (i32, i32),
    radius: i32,
    fill: RGBColor,
) -> ChartResult {
    root.draw(&Circle::new(centre, radius, fill.filled()))?;
    root.draw(&Circle::new(
        centre,
        radius,
        RGBColor(120, 120, 120).stroke_width(1),
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_png_write_reads_as_a_plain_sentence() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("missing/chart.png");
        let root = BitMapBackend::new(&path, (10, 10)).into_drawing_area();
        let e = ChartError::of_bitmap(root.present().unwrap_err());
        assert_eq!(e.0, "no such file or directory");
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn parses_hex_colours() {
        assert_eq!(
            parse_hex_colour("#1f77B4"),
            Some(RGBColor(0x1f, 0x77, 0xb4))
        );
        assert_eq!(parse_hex_colour("1f77b4"), None);
        assert_eq!(parse_hex_colour("#1f77b"), None);
        assert_eq!(parse_hex_colour("#gg77b4"), None);
        assert_eq!(parse_hex_colour("#ééé"), None);
    }

    #[test]
    fn tint_runs_from_white_to_the_colour() {
        let c = RGBColor(0, 100, 200);
        assert_eq!(tint(c, 1.0), c);
        assert_eq!(tint(c, 0.0), RGBColor(255, 255, 255));
        assert_eq!(tint(c, 0.5), RGBColor(128, 178, 228));
    }

    #[test]
    fn monthly_ticks_fall_on_first_days_within_the_span() {
        let axis = DateAxis::new(d(2022, 1, 2), d(2022, 9, 29));
        let ticks = axis.ticks(12);
        assert_eq!(ticks.first(), Some(&d(2022, 2, 1)));
        assert_eq!(ticks.last(), Some(&d(2022, 9, 1)));
        assert_eq!(ticks.len(), 8);
        // Every second month once monthly ticks are too many.
        assert_eq!(
            axis.ticks(4),
            [d(2022, 3, 1), d(2022, 5, 1), d(2022, 7, 1), d(2022, 9, 1)]
        );
        assert_eq!(axis.ticks(2), [d(2022, 4, 1), d(2022, 7, 1)]);
        assert_eq!(axis.format_ext(&d(2022, 2, 1)), "Feb 2022");
        assert_eq!(axis.compact().format_ext(&d(2022, 2, 1)), "Feb");
        assert_eq!(axis.compact().format_ext(&d(2023, 1, 1)), "Jan 2023");
    }

    #[test]
    fn short_spans_tick_on_days() {
        let axis = DateAxis::new(d(2022, 9, 1), d(2022, 9, 29));
        let ticks = axis.ticks(6);
        assert!(ticks.len() <= 6, "{ticks:?}");
        assert_eq!(ticks[0], d(2022, 9, 1));
        assert_eq!(ticks[1], d(2022, 9, 8));
        assert_eq!(axis.format_ext(&d(2022, 9, 8)), "8 Sep");
    }

    #[test]
    fn date_axis_maps_ends_to_limits() {
        let axis = DateAxis::new(d(2022, 1, 1), d(2022, 1, 11));
        assert_eq!(axis.map(&d(2022, 1, 1), (100, 200)), 100);
        assert_eq!(axis.map(&d(2022, 1, 6), (100, 200)), 150);
        assert_eq!(axis.map(&d(2022, 1, 11), (100, 200)), 200);
    }

    #[test]
    fn staggered_labels_never_overlap_nor_cover_lines() {
        let xs = [100, 120, 140, 600, 610, 1450];
        let widths = [200, 150, 180, 100, 100, 200];
        let placed = stagger(&xs, &widths, 1500, 8);
        for (i, a) in placed.iter().enumerate() {
            assert!(a.left + a.width <= 1500 && a.left >= 0, "{a:?}");
            for (j, b) in placed.iter().enumerate() {
                if i != j && a.row == b.row {
                    assert!(
                        a.left + a.width <= b.left || b.left + b.width <= a.left,
                        "{a:?} overlaps {b:?}"
                    );
                }
                if b.row < a.row {
                    assert!(
                        !(a.left <= xs[j] && xs[j] <= a.left + a.width),
                        "{a:?} covers line {j}"
                    );
                }
            }
        }
        // Three close markers need three rows; the far ones fit in the first.
        assert_eq!(placed.iter().map(|p| p.row).max(), Some(2));
        assert_eq!(placed[3].row, 0);
        // The last would pass the right edge, so it sits left of its line.
        assert!(placed[5].left + placed[5].width <= 1450);
    }

    #[test]
    fn spread_keeps_order_and_gap() {
        let out = spread(&[100.0, 101.0, 300.0, 99.0], 20.0, 0.0, 1000.0);
        let mut sorted = out.clone();
        sorted.sort_by(f64::total_cmp);
        for w in sorted.windows(2) {
            assert!(w[1] - w[0] >= 20.0 - 1e-6, "{out:?}");
        }
        assert!(out[3] < out[0] && out[0] < out[1], "{out:?}");
        assert_eq!(out[2], 300.0);
        let clamped = spread(&[-5.0, 0.0], 10.0, 0.0, 100.0);
        assert!(clamped.iter().all(|&y| y >= 0.0), "{clamped:?}");
    }
}
