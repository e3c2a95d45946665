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

use super::bars::row_labels;
use super::canvas::{Canvas, HeaderSpacing};
use super::common::*;
use super::ensemble::{headings, percent};
use super::text_block::TextBlock;
use crate::ensemble::{EnsembleResult, StateSummary};

/// File name of this chart, without extension.
pub const NAME: &str = "swing_states";

/// The widest the names' column grows (longer names take two lines).
const MAX_NAME_WIDTH: i32 = 560;

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

    // The names' column as wide as the longest name, up to a limit past
    // which names go on two lines (smaller only if a row cannot hold them).
    let label_style = font(TICK_SIZE, INK, false);
    let name_width = chosen
        .iter()
        .map(|&i| canvas.width(&result.states[i].name, &label_style))
        .max()
        .unwrap_or(0)
        .min(MAX_NAME_WIDTH);
    let note_y = legend.top - 12;
    let rows = Rows::new(name_width, top, note_y, chosen.len());
    let (names, _) = row_labels(
        canvas,
        chosen.iter().map(|&i| result.states[i].name.as_str()),
        TICK_SIZE,
        name_width,
        rows.row_h,
    );
    rows.draw_heads(canvas)?;
    for (row, (&i, name)) in chosen.iter().zip(&names).enumerate() {
        rows.draw_row(canvas, row, name, &result.states[i], &colours)?;
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
        canvas.note("no completed runs", (rows.top + rows.bottom) / 2)?;
    }
    canvas.draw_legend(&legend)?;
    Ok(())
}

/// Where the rows of states go: the names at the left, the bar of each
/// paper's probability, the pivotal and margin columns at the right.
struct Rows {
    bar_left: i32,
    bar_right: i32,
    pivotal_x: i32,
    margin_x: i32,
    head_y: i32,
    top: i32,
    bottom: i32,
    n: i32,
    row_h: i32,
    bar_h: i32,
}

impl Rows {
    /// `n` rows below the header's `top`, above the notes at `note_y`, the
    /// names `name_width` pixels wide.
    fn new(name_width: i32, top: i32, note_y: i32, n: usize) -> Rows {
        let pivotal_x = WIDTH as i32 - MARGIN - 190;
        let head_y = top + 6;
        let rows_top = head_y + 30;
        let bottom = note_y - 26 - 60;
        let n = n.max(1) as i32;
        let row_h = ((bottom - rows_top) / n).clamp(12, 44);
        Rows {
            bar_left: MARGIN + name_width + 18,
            bar_right: pivotal_x - 150,
            pivotal_x,
            margin_x: WIDTH as i32 - MARGIN,
            head_y,
            top: rows_top,
            bottom,
            n,
            row_h,
            bar_h: (row_h * 7 / 10).max(8),
        }
    }

    /// The pixel of probability `p` on the bars.
    fn x_of(&self, p: f64) -> i32 {
        self.bar_left
            + (p.clamp(0.0, 1.0) * f64::from(self.bar_right - self.bar_left)).round() as i32
    }

    /// The columns' headings and the bars' grid with its ticks.
    fn draw_heads<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> ChartResult {
        let head_style = font(NOTE_SIZE, MUTED, false);
        for (text, x, h) in [
            (
                "probability of each paper at the ballot",
                self.bar_left,
                HPos::Left,
            ),
            ("pivotal", self.pivotal_x, HPos::Right),
            ("margin", self.margin_x, HPos::Right),
        ] {
            canvas.text(text, (x, self.head_y), &head_style, h, VAlign::Top)?;
        }
        let grid_bottom = self.top + self.row_h * self.n;
        for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
            let x = self.x_of(tick);
            let style = if tick == 0.5 {
                MUTED.stroke_width(2)
            } else {
                GRID.stroke_width(1)
            };
            canvas.root.draw(&PathElement::new(
                vec![(x, self.top - 4), (x, grid_bottom)],
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
        Ok(())
    }

    /// Row `row`: the state's name, its papers' probabilities as one bar,
    /// how often it was pivotal and its margin.
    fn draw_row<DB: DrawingBackend>(
        &self,
        canvas: &Canvas<'_, DB>,
        row: usize,
        name: &TextBlock,
        s: &StateSummary,
        colours: &[RGBColor],
    ) -> ChartResult {
        let value_style = font(TICK_SIZE, INK, false);
        let mid = self.top + self.row_h * row as i32 + self.row_h / 2;
        canvas.block(
            name,
            (self.bar_left - 14, mid),
            (INK, false),
            HPos::Right,
            VAlign::Middle,
        )?;
        let parts = s
            .p_vote
            .iter()
            .zip(colours)
            .map(|(&p, &c)| (p, c))
            .chain([(s.p_blank, BLANK), (s.p_absent, ABSENT)]);
        let half = self.bar_h / 2;
        let mut from = 0.0;
        for (p, colour) in parts {
            let to = from + p.max(0.0);
            let (x0, x1) = (self.x_of(from), self.x_of(to));
            if x1 > x0 {
                canvas.root.draw(&Rectangle::new(
                    [(x0, mid - half), (x1, mid + half)],
                    colour.filled(),
                ))?;
            }
            from = to;
        }
        canvas.root.draw(&Rectangle::new(
            [(self.x_of(0.0), mid - half), (self.x_of(1.0), mid + half)],
            RGBColor(150, 150, 150).stroke_width(1),
        ))?;
        for (value, x) in [(s.pivotal, self.pivotal_x), (s.margin, self.margin_x)] {
            canvas.text(
                &percent(value),
                (x, mid),
                &value_style,
                HPos::Right,
                VAlign::Middle,
            )?;
        }
        Ok(())
    }
}
