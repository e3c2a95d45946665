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
    let ring = Ring::fit(canvas, &seating, &labels, &sizes, vertical, legend.top);

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

    let hole = seating.inner * ring.radius_px - ring.seat_px;
    let (cx, cy) = (ring.cx, ring.cy);
    draw_tally(canvas, result, &colours, (cx, cy), hole, cy + ring.seat_px)?;
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
/// line if short, else over two lines as even as they can be.
pub fn region_label(name: &str, count: usize) -> Vec<String> {
    let with_count = |mut lines: Vec<String>| {
        if let Some(last) = lines.last_mut() {
            last.push_str(&format!(" ({count})"));
        }
        lines
    };
    let one = with_count(wrap(name, usize::MAX, 1));
    if one[0].chars().count() <= 18 {
        return one;
    }
    (8..=24)
        .map(|width| wrap(name, width, usize::MAX))
        .filter(|lines| lines.len() <= 2)
        .map(with_count)
        .min_by_key(|lines| lines.iter().map(|l| l.chars().count()).max().unwrap_or(0))
        .unwrap_or(one)
}

/// `s` broken at spaces into lines of at most `width` characters where
/// possible, at most `max_lines` of them (the last cut with an ellipsis).
pub fn wrap(s: &str, width: usize, max_lines: usize) -> Vec<String> {
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
    if lines.len() > max_lines {
        let rest = lines[max_lines - 1..].join(" ");
        lines.truncate(max_lines - 1);
        lines.push(ellipsize(&rest, width));
    }
    lines
}

/// The first round's tally in candidate colours, and under it the round
/// and the majority: in the hole of the hemicycle (free radius `hole`
/// around `(cx, cy)`) if they fit, else below the hemicycle's base
/// (`below` is the y of the lowest seat's bottom edge).
fn draw_tally<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    result: &RunResult,
    colours: &[RGBColor],
    (cx, cy): (f64, f64),
    hole: f64,
    below: f64,
) -> ChartResult {
    // The seats are coloured by the vote on the ballot day, which is the
    // first round's: the tally in the middle is that round's too.
    let Some(round) = result.ballot.rounds.first() else {
        return Ok(());
    };
    let pieces: Vec<(String, RGBColor)> = round
        .standing
        .iter()
        .filter_map(|&c| Some((round.tally.get(c)?.to_string(), *colours.get(c)?)))
        .collect();
    let sep = " : ";
    let mut size = 56.0;
    let width_at = |size: f64| {
        let style = font(size, INK, true);
        let w: i32 = pieces.iter().map(|(s, _)| canvas.width(s, &style)).sum();
        w + canvas.width(sep, &style) * (pieces.len() as i32 - 1).max(0)
    };
    let note = format!(
        "round 1 of {} · {} valid · {} needed",
        result.ballot.rounds.len(),
        round.valid,
        round.majority
    );
    let note_style = font(NOTE_SIZE, MUTED, false);
    let in_hole = |size: f64| {
        f64::from(width_at(size)) <= 1.5 * hole
            && f64::from(canvas.width(&note, &note_style)) <= 1.9 * hole
            && hole >= 1.1 * size + 40.0
    };
    while size > 32.0 && !in_hole(size) {
        size -= 4.0;
    }
    let fits = in_hole(size);
    if !fits {
        size = 48.0;
    }
    let (y, note_y) = if fits {
        let note_y = (cy - 12.0).round() as i32;
        (note_y - 24 - (0.35 * size).round() as i32, note_y)
    } else {
        let y = (below + 16.0 + 0.4 * size).round() as i32;
        (y, y + 24 + (0.35 * size).round() as i32)
    };
    let style = font(size, INK, true);
    let mut x = (cx - f64::from(width_at(size)) / 2.0).round() as i32;
    for (k, (s, colour)) in pieces.iter().enumerate() {
        if k > 0 {
            canvas.text(
                sep,
                (x, y),
                &style.color(&MUTED),
                HPos::Left,
                VAlign::Middle,
            )?;
            x += canvas.width(sep, &style);
        }
        canvas.text(s, (x, y), &style.color(colour), HPos::Left, VAlign::Middle)?;
        x += canvas.width(s, &style);
    }
    canvas.text(
        &note,
        (cx.round() as i32, note_y),
        &note_style,
        HPos::Center,
        VAlign::Middle,
    )?;
    Ok(())
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
    fn wrap_breaks_at_spaces_and_cuts_the_rest() {
        assert_eq!(wrap("Africa", 20, 2), ["Africa"]);
        assert_eq!(
            wrap("Eastern Europe and Northern Asia", 20, 2),
            ["Eastern Europe and", "Northern Asia"]
        );
        assert_eq!(wrap("a bb cc dd ee ff", 5, 2), ["a bb", "cc d…"]);
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
