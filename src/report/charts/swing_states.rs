//! `swing_states`: the member states that decide the race.
//!
//! The 20 most decisive states with voting rights (ranked as in
//! [`crate::ensemble::EnsembleResult::swing_states`]: by the probability
//! that their first-round paper was pivotal, then by how evenly their vote
//! is split), one row each: a bar split into the probabilities of a vote for
//! each candidate, a blank paper and absence at the ballot; right of it, the
//! pivotal probability and the margin between the state's two likeliest
//! candidates (as a share of its valid vote).

use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::canvas::{Canvas, HeaderSpacing};
use super::common::*;
use super::ensemble::{headings, percent};
use crate::ensemble::EnsembleResult;

/// File name of this chart, without extension.
pub const NAME: &str = "swing_states";

/// Draws the chart on `canvas` (expected to be [`WIDTH`] × [`HEIGHT`]).
pub fn draw<DB: DrawingBackend>(canvas: &Canvas<'_, DB>, result: &EnsembleResult) -> ChartResult {
    canvas.root.fill(&WHITE)?;
    let frame = &result.frame;
    let colours = colours_of(&frame.candidates);
    let chosen = &result.swing_states;
    let any_pivotal = chosen.iter().any(|&i| result.states[i].pivotal > 0.0);
    let ranking = if any_pivotal || result.summary.runs == 0 {
        "ranked by how often their vote was pivotal, then by margin, closest first"
    } else {
        "no state was pivotal in any run, so ranked by margin, closest first"
    };
    let subtitle = format!(
        "{} runs, seed {} · {ranking}",
        result.summary.runs, result.summary.seed
    );
    let subject = format!("the {} most decisive states", chosen.len());
    let (title, subtitle) = headings(canvas, frame, &subject, &subtitle);
    let top = canvas.header(&title, &[&subtitle], HeaderSpacing::RUN)?;

    let legend = votes_legend(&frame.candidates, &colours);
    let legend = canvas.bottom_legend(legend);

    let label_style = font(TICK_SIZE, INK, false);
    let head_style = font(NOTE_SIZE, MUTED, false);
    let value_style = font(TICK_SIZE, INK, false);
    let names: Vec<String> = chosen
        .iter()
        .map(|&i| ellipsize(&result.states[i].name, 28))
        .collect();
    let name_width = names
        .iter()
        .map(|n| canvas.width(n, &label_style))
        .max()
        .unwrap_or(0);
    let bar_left = MARGIN + name_width + 18;
    let pivotal_x = WIDTH as i32 - MARGIN - 190;
    let margin_x = WIDTH as i32 - MARGIN;
    let bar_right = pivotal_x - 150;
    let head_y = top + 6;
    let rows_top = head_y + 30;
    let note_y = legend.top - 12;
    let rows_bottom = note_y - 26 - 60;
    let n = chosen.len().max(1) as i32;
    let row_h = ((rows_bottom - rows_top) / n).clamp(12, 44);
    let bar_h = (row_h * 7 / 10).max(8);

    canvas.text(
        "probability of each paper at the ballot",
        (bar_left, head_y),
        &head_style,
        HPos::Left,
        VAlign::Top,
    )?;
    canvas.text(
        "pivotal",
        (pivotal_x, head_y),
        &head_style,
        HPos::Right,
        VAlign::Top,
    )?;
    canvas.text(
        "margin",
        (margin_x, head_y),
        &head_style,
        HPos::Right,
        VAlign::Top,
    )?;

    let x_of =
        |p: f64| bar_left + (p.clamp(0.0, 1.0) * f64::from(bar_right - bar_left)).round() as i32;
    let grid_bottom = rows_top + row_h * n;
    for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let x = x_of(tick);
        let style = if tick == 0.5 {
            MUTED.stroke_width(2)
        } else {
            GRID.stroke_width(1)
        };
        canvas.root.draw(&PathElement::new(
            vec![(x, rows_top - 4), (x, grid_bottom)],
            style,
        ))?;
        canvas.text(
            &format!("{:.0}%", 100.0 * tick),
            (x, grid_bottom + 10),
            &font(TICK_SIZE, INK, false),
            HPos::Center,
            VAlign::Top,
        )?;
    }

    for (row, (&i, name)) in chosen.iter().zip(&names).enumerate() {
        let s = &result.states[i];
        let mid = rows_top + row_h * row as i32 + row_h / 2;
        canvas.text(
            name,
            (bar_left - 14, mid),
            &label_style,
            HPos::Right,
            VAlign::Middle,
        )?;
        let parts = s
            .p_vote
            .iter()
            .zip(&colours)
            .map(|(&p, &c)| (p, c))
            .chain([(s.p_blank, BLANK), (s.p_absent, ABSENT)]);
        let mut from = 0.0;
        for (p, colour) in parts {
            let to = from + p.max(0.0);
            let (x0, x1) = (x_of(from), x_of(to));
            if x1 > x0 {
                canvas.root.draw(&Rectangle::new(
                    [(x0, mid - bar_h / 2), (x1, mid + bar_h / 2)],
                    colour.filled(),
                ))?;
            }
            from = to;
        }
        canvas.root.draw(&Rectangle::new(
            [(x_of(0.0), mid - bar_h / 2), (x_of(1.0), mid + bar_h / 2)],
            RGBColor(150, 150, 150).stroke_width(1),
        ))?;
        canvas.text(
            &percent(s.pivotal),
            (pivotal_x, mid),
            &value_style,
            HPos::Right,
            VAlign::Middle,
        )?;
        canvas.text(
            &percent(s.margin),
            (margin_x, mid),
            &value_style,
            HPos::Right,
            VAlign::Middle,
        )?;
    }
    let notes = [
        "pivotal: share of runs in which the state's first-round vote alone could change who is elected in round 1, or whether anyone is elected",
        "margin: the gap between the state's two likeliest candidates, as a share of its valid vote",
    ];
    for (line, note) in notes.iter().enumerate() {
        canvas.text(
            note,
            (MARGIN, note_y - 26 * (1 - line as i32)),
            &font(NOTE_SIZE, MUTED, false),
            HPos::Left,
            VAlign::Middle,
        )?;
    }
    if chosen.is_empty() {
        canvas.text(
            "no completed runs",
            (WIDTH as i32 / 2, (rows_top + rows_bottom) / 2),
            &font(LABEL_SIZE, MUTED, false),
            HPos::Center,
            VAlign::Middle,
        )?;
    }
    canvas.draw_legend(&legend)?;
    Ok(())
}
