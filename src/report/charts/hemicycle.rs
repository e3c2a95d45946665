//! `hemicycle`: every member state as a seat in a parliament-style half circle.
//!
//! Seats sit in concentric rows; regions take contiguous wedges (in the
//! result's region order, left to right, separated by a narrow gap) and are
//! labelled outside the arc. Each seat is coloured by the state's most likely
//! vote at the ballot: the candidate's colour, darker the more likely
//! (P ≥ 90 %, 70–90 %, under 70 %); near-white if blank or absent is more
//! likely than any candidate; grey without voting rights. Within a wedge,
//! seats are ordered by leaning so that like seats cluster. The middle shows
//! the tally of the first round (the round the colours show).

use std::f64::consts::PI;

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::canvas::{Canvas, HeaderSpacing};
use super::common::*;
use super::seating;
use crate::result::{RunResult, StateOutcome};
use crate::scenario::Threshold;

/// File name of this chart, without extension.
pub const NAME: &str = "hemicycle";

/// Fill of seats more likely blank or absent than for any candidate.
const UNDECIDED: RGBColor = RGBColor(250, 250, 250);
/// Largest seat radius in pixels, so that small bodies do not look bloated.
const MAX_SEAT_PX: f64 = 40.0;
/// Room between the outer seats and a wedge's label.
const LABEL_OFFSET: f64 = 16.0;
/// Height of one line of a wedge's label.
const LABEL_LINE: i32 = 28;

/// How a seat is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Leaning {
    /// Most likely votes for this candidate, with this probability.
    Candidate(usize, f64),
    /// Blank or absent is more likely than a vote for any one candidate.
    Undecided,
    /// Without voting rights.
    NoRights,
}

/// The leaning of a state at the ballot.
pub fn leaning(state: &StateOutcome) -> Leaning {
    if !state.voting_rights {
        return Leaning::NoRights;
    }
    let best = state
        .p_vote
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, p)| p.is_finite())
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
    match best {
        Some((c, p)) if p > state.p_blank + state.p_absent => Leaning::Candidate(c, p),
        _ => Leaning::Undecided,
    }
}

/// Tint strength for a leaning of probability `p`: three steps so the
/// legend can name them.
pub fn strength(p: f64) -> f64 {
    if p >= 0.9 {
        1.0
    } else if p >= 0.7 {
        0.6
    } else {
        0.3
    }
}

/// Sort key within a region: candidate 0 from most to least likely, then
/// undecided, then candidate 1 from least to most likely, then the others,
/// then states without voting rights.
fn order_key(leaning: Leaning) -> (usize, f64) {
    match leaning {
        Leaning::Candidate(0, p) => (0, -p),
        Leaning::Undecided => (1, 0.0),
        Leaning::Candidate(1, p) => (2, p),
        Leaning::Candidate(c, p) => (c + 1, -p),
        Leaning::NoRights => (usize::MAX, 0.0),
    }
}

/// Draws the chart on `canvas` (expected to be [`WIDTH`] × [`HEIGHT`]).
pub fn draw<DB: DrawingBackend>(canvas: &Canvas<'_, DB>, result: &RunResult) -> ChartResult {
    canvas.root.fill(&WHITE)?;
    let colours = candidate_colours(result);
    let with_rights = result.states.iter().filter(|s| s.voting_rights).count();
    let title = format!("{}: member states at the ballot", result.title);
    let subtitle = format!(
        "{} states ({with_rights} with voting rights) coloured by their most likely vote; \
         darker: P ≥ 90 %, 70–90 %, < 70 % · {}",
        result.states.len(),
        run_label(result)
    );
    let top = canvas.header(&title, &[&subtitle], HeaderSpacing::RUN)?;

    let groups = seat_groups(result);
    let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();

    // Wedge labels: the region's name over at most two lines, then its size.
    let labels: Vec<Vec<String>> = groups
        .iter()
        .enumerate()
        .map(|(r, members)| {
            let name = result.regions.get(r).map_or("other", |x| x.name.as_str());
            region_label(name, members.len())
        })
        .collect();

    let legend = legend_entries(result, &colours);
    let legend = canvas.bottom_legend(legend);
    let label_height = f64::from(LABEL_LINE * 2);
    let vertical = f64::from(legend.top - top - 24) - label_height - LABEL_OFFSET;
    // Seats as big as the cap allows, in as few rows as that takes.
    let seating = seating::seat(&sizes, MAX_SEAT_PX / (vertical / 1.1));
    let mut ring = Ring::fit(canvas, &seating, &labels, &sizes, vertical, legend.top);
    let hole_of = |ring: &Ring| seating.inner * ring.radius_px - ring.seat_px;
    let tally = Tally::of(result, &colours);
    if tally
        .as_ref()
        .is_some_and(|t| t.size_in_hole(canvas, hole_of(&ring)).is_none())
    {
        // The tally goes under the base: lift the ring to make room for it.
        let room = TALLY_BELOW_PX;
        ring = Ring::fit(
            canvas,
            &seating,
            &labels,
            &sizes,
            vertical - f64::from(room),
            legend.top - room,
        );
    }

    for (k, members) in groups.iter().enumerate() {
        for (slot, &(_, lean)) in seating.groups[k].iter().zip(members) {
            let fill = match lean {
                Leaning::Candidate(c, p) => tint(colours[c], strength(p)),
                Leaning::Undecided => UNDECIDED,
                Leaning::NoRights => NO_RIGHTS,
            };
            seat_mark(
                canvas.root,
                ring.at(slot.radius * ring.radius_px, slot.angle),
                ring.seat_px.round() as i32,
                fill,
            )?;
        }
        if !members.is_empty() {
            let (from, to) = seating.wedges[k];
            draw_wedge_label(canvas, &ring, (from + to) / 2.0, &labels[k])?;
        }
    }

    if let Some(tally) = tally {
        let (cx, cy) = (ring.cx, ring.cy);
        tally.draw(canvas, (cx, cy), hole_of(&ring), cy + ring.seat_px)?;
    }
    canvas.draw_legend(&legend)?;
    Ok(())
}

/// The states' seats grouped by region, in the result's region order, then
/// states whose region index is unknown; within a region, by leaning.
fn seat_groups(result: &RunResult) -> Vec<Vec<(usize, Leaning)>> {
    let regions = result.regions.len();
    let mut groups: Vec<Vec<(usize, Leaning)>> = vec![Vec::new(); regions + 1];
    for (i, s) in result.states.iter().enumerate() {
        groups[s.region.min(regions)].push((i, leaning(s)));
    }
    for g in &mut groups {
        g.sort_by(|a, b| {
            let (ka, kb) = (order_key(a.1), order_key(b.1));
            ka.0.cmp(&kb.0)
                .then(ka.1.total_cmp(&kb.1))
                .then(a.0.cmp(&b.0))
        });
    }
    groups
}

/// The half ring in pixels: its centre, outer radius and seats' radius.
struct Ring {
    cx: f64,
    cy: f64,
    radius_px: f64,
    seat_px: f64,
}

impl Ring {
    /// The half ring and its labels fitted between the title and the
    /// legend (`vertical` pixels of ring, above `legend_top`), and the side
    /// labels within the width.
    fn fit<DB: DrawingBackend>(
        canvas: &Canvas<'_, DB>,
        seating: &seating::Seating,
        labels: &[Vec<String>],
        sizes: &[usize],
        vertical: f64,
        legend_top: i32,
    ) -> Ring {
        let name_style = font(LABEL_SIZE, INK, true);
        let label_height = f64::from(LABEL_LINE * 2);
        let seat = seating.seat_radius.max(1e-6);
        let mut radius_px = vertical / (1.0 + 2.0 * seat);
        for (k, lines) in labels.iter().enumerate() {
            if lines.is_empty() || sizes[k] == 0 {
                continue;
            }
            let (from, to) = seating.wedges[k];
            let mid = (from + to) / 2.0;
            let width = lines
                .iter()
                .map(|l| f64::from(canvas.width(l, &name_style)))
                .fold(0.0, f64::max);
            let cos = mid.cos().abs();
            if side_of(mid).is_some() && cos > 0.05 {
                let room = f64::from(WIDTH) / 2.0 - f64::from(MARGIN) - width;
                radius_px = radius_px.min((room / cos - LABEL_OFFSET) / (1.0 + seat));
            }
        }
        radius_px = radius_px.min(MAX_SEAT_PX / seat).max(10.0);
        let seat_px = seat * radius_px;
        let used = radius_px * (1.0 + 2.0 * seat) + label_height + LABEL_OFFSET;
        let cx = f64::from(WIDTH) / 2.0;
        let cy = f64::from(legend_top - 24)
            - seat_px
            - ((vertical + label_height + LABEL_OFFSET - used) / 2.0).max(0.0);
        Ring {
            cx,
            cy,
            radius_px,
            seat_px,
        }
    }

    /// The pixel at radius `r` (pixels) and angle `a` from the centre.
    fn at(&self, r: f64, a: f64) -> (i32, i32) {
        (
            (self.cx + r * a.cos()).round() as i32,
            (self.cy - r * a.sin()).round() as i32,
        )
    }
}

/// A wedge's label, outside the arc at its middle angle `mid`.
fn draw_wedge_label<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    ring: &Ring,
    mid: f64,
    lines: &[String],
) -> ChartResult {
    let name_style = font(LABEL_SIZE, INK, true);
    let (x, y) = ring.at(ring.radius_px + ring.seat_px + LABEL_OFFSET, mid);
    let n = lines.len() as i32;
    // The label's corner nearest the arc touches the anchor: beside
    // the arc low down, above it higher up.
    let h = side_of(mid).unwrap_or(HPos::Center);
    let first_y = if mid.sin() > 0.5 {
        y - LABEL_LINE * (n - 1) - LABEL_LINE / 2
    } else {
        y - LABEL_LINE * n / 2 + LABEL_LINE / 2
    };
    for (i, line) in lines.iter().enumerate() {
        let line_y = first_y + LABEL_LINE * i as i32;
        canvas.text(line, (x, line_y), &name_style, h, VAlign::Middle)?;
    }
    Ok(())
}

/// For a label at angle `mid`: to the left or right of the anchor, or
/// `None` for centred on it (near the top).
fn side_of(mid: f64) -> Option<HPos> {
    if mid > PI * 0.6 {
        Some(HPos::Right)
    } else if mid < PI * 0.4 {
        Some(HPos::Left)
    } else {
        None
    }
}

/// A wedge's label: the region's name and its number of states, on one
/// line if short, else over two lines as even as they can be, or over as
/// many lines of at most [`LABEL_CHARS`] characters as a long name needs.
pub fn region_label(name: &str, count: usize) -> Vec<String> {
    let with_count = |mut lines: Vec<String>| {
        if let Some(last) = lines.last_mut() {
            last.push_str(&format!(" ({count})"));
        }
        lines
    };
    let one = with_count(wrap(name, usize::MAX));
    if one[0].chars().count() <= 18 {
        return one;
    }
    (8..=LABEL_CHARS)
        .map(|width| wrap(name, width))
        .filter(|lines| lines.len() <= 2)
        .map(with_count)
        .min_by_key(|lines| lines.iter().map(|l| l.chars().count()).max().unwrap_or(0))
        .unwrap_or_else(|| with_count(wrap(name, LABEL_CHARS)))
}

/// The widest line of a wedge's label, in characters, where a name allows.
pub const LABEL_CHARS: usize = 24;

/// `s` broken at spaces into lines of at most `width` characters where
/// possible (a longer word has a line of its own); nothing is cut.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in s.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// Room under the hemicycle's base for the tally when it does not fit in
/// the hole: the offset, the numbers at their size below, the note.
const TALLY_BELOW_PX: i32 = 110;
/// Size of the tally's numbers under the base, at most.
const TALLY_BELOW_SIZE: f64 = 48.0;

/// The first round's tally in candidate colours, and under it the round
/// and the rule: in the hole of the hemicycle if they fit, else below the
/// hemicycle's base.
struct Tally {
    pieces: Vec<(String, RGBColor)>,
    note: String,
}

impl Tally {
    const SEP: &'static str = " : ";

    /// The first round's (the seats are coloured by the vote on the ballot
    /// day, which is the first round's); `None` without a ballot.
    fn of(result: &RunResult, colours: &[RGBColor]) -> Option<Tally> {
        let round = result.ballot.rounds.first()?;
        let pieces = round
            .standing
            .iter()
            .filter_map(|&c| Some((round.tally.get(c)?.to_string(), *colours.get(c)?)))
            .collect();
        let rule = match round.rule.threshold {
            Threshold::Plurality if round.seats_open == 1 => "the most votes wins".to_owned(),
            Threshold::Plurality => format!("{} seats to the most votes", round.seats_open),
            _ => format!("{} needed", round.majority),
        };
        let note = format!(
            "round 1 of {} · {} valid · {rule}",
            result.ballot.rounds.len(),
            round.valid,
        );
        Some(Tally { pieces, note })
    }

    fn width_at<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>, size: f64) -> i32 {
        let style = font(size, INK, true);
        let w: i32 = self
            .pieces
            .iter()
            .map(|(s, _)| canvas.width(s, &style))
            .sum();
        w + canvas.width(Self::SEP, &style) * (self.pieces.len() as i32 - 1).max(0)
    }

    /// The largest size (56 down to 32) at which the tally and its note fit
    /// in a hole of radius `hole`, if any.
    fn size_in_hole<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>, hole: f64) -> Option<f64> {
        let note_style = font(NOTE_SIZE, MUTED, false);
        let note_fits = f64::from(canvas.width(&self.note, &note_style)) <= 1.9 * hole;
        (0..=6).map(|k| 56.0 - 4.0 * f64::from(k)).find(|&size| {
            note_fits
                && f64::from(self.width_at(canvas, size)) <= 1.5 * hole
                && hole >= 1.1 * size + 40.0
        })
    }

    /// Draws it around `(cx, cy)` in the hole of radius `hole`, or under
    /// `below` (the y of the lowest seat's bottom edge), as wide as the
    /// chart allows.
    fn draw<DB: DrawingBackend>(
        &self,
        canvas: &Canvas<'_, DB>,
        (cx, cy): (f64, f64),
        hole: f64,
        below: f64,
    ) -> ChartResult {
        let room = f64::from(WIDTH as i32 - 2 * MARGIN);
        let (size, y, note_y) = match self.size_in_hole(canvas, hole) {
            Some(size) => {
                let note_y = (cy - 12.0).round() as i32;
                (size, note_y - 24 - (0.35 * size).round() as i32, note_y)
            }
            None => {
                let mut size = TALLY_BELOW_SIZE;
                while size > 16.0 && f64::from(self.width_at(canvas, size)) > room {
                    size -= 4.0;
                }
                let y = (below + 16.0 + 0.4 * size).round() as i32;
                (size, y, y + 24 + (0.35 * size).round() as i32)
            }
        };
        let style = font(size, INK, true);
        let mut x = (cx - f64::from(self.width_at(canvas, size)) / 2.0).round() as i32;
        for (k, (s, colour)) in self.pieces.iter().enumerate() {
            if k > 0 {
                canvas.text(
                    Self::SEP,
                    (x, y),
                    &style.color(&MUTED),
                    HPos::Left,
                    VAlign::Middle,
                )?;
                x += canvas.width(Self::SEP, &style);
            }
            canvas.text(s, (x, y), &style.color(colour), HPos::Left, VAlign::Middle)?;
            x += canvas.width(s, &style);
        }
        canvas.text(
            &self.note,
            (cx.round() as i32, note_y),
            &font(NOTE_SIZE, MUTED, false),
            HPos::Center,
            VAlign::Middle,
        )?;
        Ok(())
    }
}

/// Candidates (with their three tints), undecided and no-rights seats.
fn legend_entries(result: &RunResult, colours: &[RGBColor]) -> Vec<LegendEntry> {
    let mut entries = candidate_legend(&result.candidates, colours, Key::Seats3);
    entries.push(LegendEntry {
        key: Key::Seat(UNDECIDED),
        label: "mostly blank or absent".to_owned(),
    });
    entries.push(LegendEntry {
        key: Key::Seat(NO_RIGHTS),
        label: "no voting rights".to_owned(),
    });
    entries
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::Vote;

    #[test]
    fn leaning_picks_the_most_likely_vote() {
        let state = |p_vote: Vec<f64>, blank: f64, absent: f64, rights: bool| StateOutcome {
            code: "X".into(),
            name: "X".into(),
            region: 0,
            voting_rights: rights,
            p_vote,
            p_blank: blank,
            p_absent: absent,
            pledge: None,
            first_round_vote: Vote::Absent,
            first_round_names: Vec::new(),
        };
        assert_eq!(
            leaning(&state(vec![0.2, 0.7], 0.05, 0.05, true)),
            Leaning::Candidate(1, 0.7)
        );
        assert_eq!(
            leaning(&state(vec![0.2, 0.3], 0.3, 0.2, true)),
            Leaning::Undecided
        );
        assert_eq!(
            leaning(&state(vec![0.9, 0.1], 0.0, 0.0, false)),
            Leaning::NoRights
        );
        assert_eq!(strength(0.95), 1.0);
        assert!(strength(0.8) < 1.0 && strength(0.8) > strength(0.5));
    }

    #[test]
    fn wrap_breaks_at_spaces_and_cuts_nothing() {
        assert_eq!(wrap("Africa", 20), ["Africa"]);
        assert_eq!(
            wrap("Eastern Europe and Northern Asia", 20),
            ["Eastern Europe and", "Northern Asia"]
        );
        assert_eq!(wrap("a bb cc dd ee ff", 5), ["a bb", "cc dd", "ee ff"]);
    }

    #[test]
    fn a_long_region_name_takes_more_lines_and_keeps_every_word() {
        let name = "The Very Long Regional Group of Eastern and Southern Islands";
        assert_eq!(name.chars().count(), 60);
        let lines = region_label(name, 7);
        assert!(lines.len() >= 3, "{lines:?}");
        assert!(lines.iter().all(|l| l.chars().count() <= LABEL_CHARS + 4));
        assert_eq!(lines.join(" "), format!("{name} (7)"));
    }

    #[test]
    fn region_labels_stay_narrow() {
        assert_eq!(region_label("Africa", 54), ["Africa (54)"]);
        assert_eq!(
            region_label("Asia and Australasia", 50),
            ["Asia and", "Australasia (50)"]
        );
        assert_eq!(
            region_label("Eastern Europe and Northern Asia", 21),
            ["Eastern Europe and", "Northern Asia (21)"]
        );
    }
}
