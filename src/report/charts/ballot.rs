//! `ballot`: the ballot round by round: each standing candidate's votes as a
//! bar per round, the votes needed in that round as a dashed line across it,
//! and marks for who was elected (✓), eliminated (×) or withdrew (w). The
//! subtitle gives the seats, the rule and who filled the seats; with several
//! seats the bars of the runners-up show how far each was from a seat.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::canvas::{Canvas, HeaderSpacing};
use super::common::*;
use crate::report::csv::majority_of_label;
use crate::result::{RoundResult, RunResult};
use crate::scenario::Threshold;

/// The plot of the rounds: rounds across (one unit each), votes up.
type RoundsChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// File name of this chart, without extension.
pub const NAME: &str = "ballot";

/// The rule of a round in words, e.g. "two thirds of the valid papers".
pub fn rule_words(round: &RoundResult) -> String {
    let share = match round.rule.threshold {
        Threshold::Majority => "more than half".to_owned(),
        Threshold::TwoThirds => "two thirds".to_owned(),
        Threshold::MoreThan(p, q) => format!("more than {p}/{q}"),
        Threshold::AtLeast(p, q) => format!("at least {p}/{q}"),
        Threshold::Plurality => return "most votes".to_owned(),
    };
    let of = match majority_of_label(round.rule.majority_of) {
        "valid" => "the valid papers",
        "valid_and_blank" => "the valid and blank papers",
        "all_members" => "all members",
        _ => "the members with a vote",
    };
    format!("{share} of {of}")
}

/// Where a round's dashed line stands: the votes needed under a threshold;
/// under "most votes", which sets no threshold, the votes of the last seat
/// filled in the round (none when it filled no seat).
pub fn needed_line(round: &RoundResult) -> Option<u32> {
    match round.rule.threshold {
        Threshold::Plurality => round.elected.iter().map(|&c| round.tally[c]).min(),
        _ => Some(round.majority),
    }
}

/// The legend's words for the dashed line.
fn needed_label(ballot: &crate::result::BallotResult) -> &'static str {
    let plurality = |r: &RoundResult| matches!(r.rule.threshold, Threshold::Plurality);
    if ballot.rounds.iter().all(plurality) && !ballot.rounds.is_empty() {
        "votes of the last seat filled (most votes win)"
    } else if ballot.rounds.iter().any(plurality) {
        "votes needed (most votes: the last seat filled)"
    } else {
        "votes needed"
    }
}

/// Draws the chart on `canvas` (expected to be [`WIDTH`] × [`HEIGHT`]).
pub fn draw<DB: DrawingBackend>(canvas: &Canvas<'_, DB>, result: &RunResult) -> ChartResult {
    canvas.root.fill(&WHITE)?;
    let colours = candidate_colours(result);
    let title = format!("{}: the ballot, round by round", result.title);
    let subtitle = subtitle(result);
    let top = canvas.header(&title, &[&subtitle], HeaderSpacing::RUN)?;
    let ballot = &result.ballot;

    let mut legend = candidate_legend(&result.candidates, &colours, |c| Key::Swatch(c, 1.0));
    legend.push(LegendEntry {
        key: Key::Dashed(INK),
        label: needed_label(&result.ballot).to_owned(),
    });
    let width = WIDTH as i32 - 2 * MARGIN;
    let rows = canvas.legend_rows(&legend, width);
    let note_height = 30;
    let legend_top = HEIGHT as i32 - MARGIN - note_height - LEGEND_ROW * rows.len() as i32;
    let (_, below_title) = canvas.root.split_vertically(top);
    let (plot_area, _) = below_title.split_vertically(legend_top - top - 8);

    if ballot.rounds.is_empty() {
        canvas.note("no ballot held", (top + legend_top) / 2)?;
        canvas.legend(&legend, &rows, WIDTH as i32 / 2, legend_top)?;
        return Ok(());
    }
    let n_rounds = ballot.rounds.len();
    let top_votes = ballot
        .rounds
        .iter()
        .flat_map(|r| r.standing.iter().map(|&c| r.tally[c]).chain(needed_line(r)))
        .max()
        .unwrap_or(1)
        .max(1);
    let y_max = f64::from(top_votes) * 1.2;
    let mut chart = ChartBuilder::on(&plot_area)
        .margin_left(MARGIN)
        .margin_right(MARGIN)
        .margin_top(8)
        .x_label_area_size(96)
        .y_label_area_size(90)
        .build_cartesian_2d(0.0..n_rounds as f64, 0.0..y_max)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(8)
        .max_light_lines(0)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .label_style(font(TICK_SIZE, INK, false))
        .axis_desc_style(font(LABEL_SIZE, INK, false))
        .y_desc("votes (ballot papers naming the candidate)")
        .y_label_formatter(&|v| format!("{v:.0}"))
        .draw()?;
    for (i, round) in ballot.rounds.iter().enumerate() {
        draw_round(canvas, &mut chart, result, &colours, i, round)?;
    }
    canvas.legend(&legend, &rows, WIDTH as i32 / 2, legend_top)?;
    canvas.text(
        "✓ elected in the round   × eliminated after it   w withdrew after it",
        (WIDTH as i32 / 2, HEIGHT as i32 - MARGIN - 6),
        &font(NOTE_SIZE, MUTED, false),
        HPos::Center,
        VAlign::Baseline,
    )?;
    Ok(())
}

/// "1 seat · more than half of the valid papers · elected: … · seed 1".
fn subtitle(result: &RunResult) -> String {
    let ballot = &result.ballot;
    let name = |c: usize| result.candidates.get(c).map_or("?", |x| x.name.as_str());
    let seats = if ballot.seats == 1 {
        "1 seat".to_owned()
    } else {
        format!("{} seats", ballot.seats)
    };
    let rule = ballot.rounds.first().map(rule_words).unwrap_or_default();
    let outcome = if ballot.winners.is_empty() {
        "nobody elected".to_owned()
    } else {
        let names: Vec<&str> = ballot.winners.iter().map(|&c| name(c)).collect();
        format!("elected: {}", names.join(", "))
    };
    format!("{seats} · {rule} · {outcome} · {}", run_label(result))
}

/// Round `i`: the standing candidates' bars with their counts and marks,
/// the votes needed, and the round's name and notes underneath.
fn draw_round<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    chart: &mut RoundsChart<'_, DB>,
    result: &RunResult,
    colours: &[RGBColor],
    i: usize,
    round: &RoundResult,
) -> ChartResult {
    let ballot = &result.ballot;
    let count_style = font(NOTE_SIZE, INK, false);
    let mark_style = font(LABEL_SIZE, INK, true);
    let label_style = font(TICK_SIZE, INK, false);
    let restricted_style = font(NOTE_SIZE, MUTED, false);
    // Bars no wider than a third of the round's space, centred.
    let slot = 0.8 / round.standing.len().max(3) as f64;
    let x0 = i as f64 + 0.5 - slot * round.standing.len() as f64 / 2.0;
    for (j, &c) in round.standing.iter().enumerate() {
        let left = x0 + slot * j as f64;
        let votes = f64::from(round.tally[c]);
        let colour = colours.get(c).copied().unwrap_or(MUTED);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(left + 0.06 * slot, 0.0), (left + 0.94 * slot, votes)],
            colour.filled(),
        )))?;
        let (px, py) = chart.backend_coord(&(left + slot / 2.0, votes));
        canvas.text(
            &round.tally[c].to_string(),
            (px, py - 6),
            &count_style,
            HPos::Center,
            VAlign::Baseline,
        )?;
        let mark = if round.elected.contains(&c) {
            "✓"
        } else if round.eliminated.contains(&c) {
            "×"
        } else if round.withdrawn.contains(&c) {
            "w"
        } else {
            ""
        };
        if !mark.is_empty() {
            canvas.text(
                mark,
                (px, py - 34),
                &mark_style,
                HPos::Center,
                VAlign::Baseline,
            )?;
        }
    }
    if let Some(needed) = needed_line(round).map(f64::from) {
        chart.draw_series(DashedLineSeries::new(
            vec![(i as f64 + 0.04, needed), (i as f64 + 0.96, needed)],
            10,
            6,
            INK.stroke_width(2),
        ))?;
    }
    let (cx, bottom) = chart.backend_coord(&(i as f64 + 0.5, 0.0));
    canvas.text(
        &format!("round {}", round.number),
        (cx, bottom + 14),
        &label_style,
        HPos::Center,
        VAlign::Top,
    )?;
    // Under the round: whether it was restricted, and the seats open
    // when they changed since the round before.
    let previous_open = i
        .checked_sub(1)
        .map_or(ballot.seats, |p| ballot.rounds[p].seats_open);
    let mut notes = Vec::new();
    if round.restricted {
        notes.push("restricted".to_owned());
    }
    if round.seats_open != previous_open {
        notes.push(format!("{} open", round.seats_open));
    }
    for (line, note) in notes.iter().enumerate() {
        canvas.text(
            note,
            (cx, bottom + 42 + 24 * line as i32),
            &restricted_style,
            HPos::Center,
            VAlign::Top,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::{ChartKind, render_svg};
    use crate::report::fixtures;
    use crate::scenario::MajorityOf;

    #[test]
    fn every_round_is_drawn_with_its_marks() {
        let result = fixtures::small();
        let svg = render_svg(&result, ChartKind::Ballot).unwrap();
        assert!(svg.contains("Tiny: the ballot, round by round"));
        assert!(svg.contains("round 1") && svg.contains("round 2"));
        assert!(
            svg.contains("1 seat · more than half of the valid papers · elected: Ann Lee"),
            "{svg}"
        );
        // Round 1: cy eliminated; round 2: ann elected.
        assert!(svg.contains("×") && svg.contains("✓"));
    }

    #[test]
    fn rules_in_words() {
        let mut round = RoundResult::empty(1, 2);
        assert_eq!(rule_words(&round), "more than half of the valid papers");
        round.rule.threshold = Threshold::TwoThirds;
        round.rule.majority_of = MajorityOf::AllMembers;
        assert_eq!(rule_words(&round), "two thirds of all members");
        round.rule.threshold = Threshold::Plurality;
        assert_eq!(rule_words(&round), "most votes");
    }

    #[test]
    fn the_dashed_line_of_most_votes_is_the_last_seat_filled() {
        let mut round = RoundResult::empty(1, 3);
        round.tally = vec![120, 80, 95];
        round.majority = 1;
        assert_eq!(needed_line(&round), Some(1));
        round.rule.threshold = Threshold::Plurality;
        assert_eq!(needed_line(&round), None, "no seat filled, no line");
        round.elected = vec![0, 2];
        assert_eq!(needed_line(&round), Some(95));
    }
}
