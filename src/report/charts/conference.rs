//! The charts of a conference ensemble:
//!
//! - `conference`: each post's chance of each outcome. One block per post,
//!   in ballot order, headed by the post's name, seats, rule and ballot
//!   date; one bar per candidate (the share of runs in which the candidate
//!   was elected, in the candidate's colour) with its 95% Wilson interval,
//!   and a grey bar for a seat left open when that happened;
//! - `joint_outcomes`: the most frequent combinations of winners across the
//!   posts, with their intervals.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

use super::ImageFormat;
use super::bars::{BarChart, row_labels};
use super::canvas::{Canvas, HeaderSpacing};
use super::common::*;
use super::figure::{Figure, write_figure};
use crate::ensemble::conference_summary::{ConferenceSummary, JointOutcome};
use crate::ensemble::stats::Proportion;
use crate::report::{OutputDir, ReportError};

/// File name of the summary chart, without extension.
pub const NAME: &str = "conference";
/// File name of the joint-outcome chart, without extension.
pub const JOINT_NAME: &str = "joint_outcomes";

/// Combinations shown on the joint-outcome chart.
pub const JOINT_ROWS: usize = 10;

/// Writes both charts; returns their file names.
pub fn write_conference_charts(
    dir: &OutputDir,
    summary: &ConferenceSummary,
    joint: &[JointOutcome],
    format: ImageFormat,
) -> Result<Vec<String>, ReportError> {
    Ok(vec![
        write_figure(dir, &ConferenceChart { summary }, format)?,
        write_figure(dir, &JointChart { summary, joint }, format)?,
    ])
}

/// One row of a chart of chances: a label, a chance, a colour; or a heading.
enum Row {
    Heading(String),
    /// Text across the whole width, in normal weight.
    Text(String),
    Bar {
        label: String,
        chance: Proportion,
        colour: RGBColor,
    },
}

/// The summary chart.
pub struct ConferenceChart<'a> {
    pub summary: &'a ConferenceSummary,
}

/// The post's heading: its name, seats, rule and ballot date.
fn post_heading(p: &crate::ensemble::conference_summary::PostSummary) -> String {
    let seats = if p.seats == 1 {
        "1 seat".to_owned()
    } else {
        format!("{} seats", p.seats)
    };
    let rule = if p.rule.is_empty() {
        String::new()
    } else {
        format!(", {}", p.rule)
    };
    format!("{} · {seats}{rule} · ballot {}", p.name, p.ballot_date)
}

impl Figure for ConferenceChart<'_> {
    fn name(&self) -> &str {
        NAME
    }

    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> ChartResult {
        let s = self.summary;
        let mut rows = Vec::new();
        for p in &s.posts {
            // A heading wider than the chart goes on as many rows as it needs.
            let style = font(NOTE_SIZE, INK, true);
            for line in canvas.lines(&post_heading(p), &style, WIDTH as i32 - 2 * MARGIN - 8) {
                rows.push(Row::Heading(line));
            }
            let colours = colours_of(
                &p.candidates
                    .iter()
                    .map(|c| crate::result::CandidateInfo {
                        id: c.id.clone(),
                        name: c.name.clone(),
                        colour: c.colour.clone(),
                    })
                    .collect::<Vec<_>>(),
            );
            for (c, colour) in p.candidates.iter().zip(colours) {
                rows.push(Row::Bar {
                    label: c.name.clone(),
                    chance: c.elected,
                    colour,
                });
            }
            if p.undecided.count > 0 {
                rows.push(Row::Bar {
                    label: "a seat left open".to_owned(),
                    chance: p.undecided,
                    colour: NO_RIGHTS,
                });
            }
        }
        let subtitle = format!(
            "{} runs, seed {} · each bar: share of runs in which the candidate was elected, with its 95% interval{}",
            s.runs,
            s.seed,
            if s.partial { " · PARTIAL" } else { "" }
        );
        let title = format!("{}: who wins each post", s.title);
        draw_rows(
            canvas,
            &title,
            &subtitle,
            &rows,
            "chance of being elected (% of runs)",
        )
    }
}

/// The joint-outcome chart.
pub struct JointChart<'a> {
    pub summary: &'a ConferenceSummary,
    pub joint: &'a [JointOutcome],
}

impl Figure for JointChart<'_> {
    fn name(&self) -> &str {
        JOINT_NAME
    }

    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> ChartResult {
        let s = self.summary;
        let shown = self.joint.len().min(JOINT_ROWS);
        // Each combination's words above its bar, wrapped, never cut.
        let style = font(NOTE_SIZE, INK, false);
        let mut rows = Vec::new();
        for j in &self.joint[..shown] {
            let text = format!("{}. {}", j.rank, j.words());
            for line in canvas.lines(&text, &style, WIDTH as i32 - 2 * MARGIN - 8) {
                rows.push(Row::Text(line));
            }
            rows.push(Row::Bar {
                label: format!("#{}", j.rank),
                chance: j.chance,
                colour: MUTED,
            });
        }
        let subtitle = format!(
            "{} runs, seed {} · the {shown} most frequent of {} combinations of winners (post: elected), with 95% intervals",
            s.runs, s.seed, s.joint_seen
        );
        let title = format!("{}: the likeliest outcomes across the posts", s.title);
        draw_rows(
            canvas,
            &title,
            &subtitle,
            &rows,
            "chance of the combination (% of runs)",
        )
    }
}

/// Rows of bars of chances with their labels at the left (headings across
/// the whole width), under a header and above a legend.
fn draw_rows<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    title: &str,
    subtitle: &str,
    rows: &[Row],
    x_desc: &str,
) -> ChartResult {
    canvas.root.fill(&WHITE)?;
    let top = canvas.header(title, &[subtitle], HeaderSpacing::FIGURE)?;
    let legend = canvas.bottom_legend(vec![
        LegendEntry {
            key: Key::Swatch(MUTED, 1.0),
            label: "bar: share of runs".to_owned(),
        },
        LegendEntry {
            key: Key::Line(INK),
            label: "95% Wilson interval".to_owned(),
        },
    ]);
    let area: DrawingArea<DB, Shift> = canvas.root.clone().shrink(
        (MARGIN, top),
        (WIDTH as i32 - 2 * MARGIN, legend.top - top - 8),
    );
    if rows.is_empty() {
        canvas.note("no runs to show", (top + legend.top) / 2)?;
        return canvas.draw_legend(&legend);
    }
    let label_style = font(NOTE_SIZE, INK, false);
    let heading_style = font(NOTE_SIZE, INK, true);
    let labels = rows.iter().filter_map(|r| match r {
        Row::Bar { label, .. } => Some(label.as_str()),
        Row::Heading(_) | Row::Text(_) => None,
    });
    let max_label = (WIDTH as i32 - 2 * MARGIN) * 11 / 20;
    let n = rows.len();
    let row_height = (legend.top - top - 8 - 76) / n as i32;
    let (fitted, label_width) = row_labels(canvas, labels, NOTE_SIZE, max_label, row_height);
    let high = rows
        .iter()
        .map(|r| match r {
            Row::Bar { chance, .. } => chance.high,
            _ => 0.0,
        })
        .fold(0.0f64, f64::max);
    // The whole scale when some chance passes a half; else up to a round bound above the highest.
    let x_max = if high > 0.5 {
        1.0
    } else {
        super::figure::nice_bound((high * 1.15).max(0.01))
    };
    let decimals = usize::from(x_max < 0.1);
    let mut chart = ChartBuilder::on(&area)
        .margin_right(80)
        .x_label_area_size(76)
        .y_label_area_size(label_width + 16)
        .build_cartesian_2d(0.0..x_max, 0.0..n as f64)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(11)
        .max_light_lines(0)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .label_style(font(TICK_SIZE, INK, false))
        .axis_desc_style(font(NOTE_SIZE, INK, false))
        .x_desc(x_desc)
        .x_label_formatter(&|v| format!("{:.decimals$}%", 100.0 * v))
        .draw()?;
    let mut fitted = fitted.into_iter();
    for (i, row) in rows.iter().enumerate() {
        let (y0, y1) = (n as f64 - i as f64 - 0.82, n as f64 - i as f64 - 0.18);
        let y = (y0 + y1) / 2.0;
        match row {
            Row::Heading(text) | Row::Text(text) => {
                let style = match row {
                    Row::Heading(_) => &heading_style,
                    _ => &label_style,
                };
                let (_, py) = chart.backend_coord(&(0.0, y));
                canvas.text(text, (MARGIN + 4, py), style, HPos::Left, VAlign::Middle)?;
            }
            Row::Bar { chance, colour, .. } => {
                draw_chance(canvas, &mut chart, chance, (y0, y1), *colour)?;
                let (px, py) = chart.backend_coord(&(0.0, y));
                if let Some(label) = fitted.next() {
                    canvas.block(
                        &label,
                        (px - 10, py),
                        (INK, false),
                        HPos::Right,
                        VAlign::Middle,
                    )?;
                }
            }
        }
    }
    canvas.draw_legend(&legend)
}

/// A bar of `chance.p`, its interval as a whisker and its value in percent.
fn draw_chance<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    chart: &mut BarChart<'_, DB>,
    chance: &Proportion,
    (y0, y1): (f64, f64),
    colour: RGBColor,
) -> ChartResult {
    chart.draw_series(std::iter::once(Rectangle::new(
        [(0.0, y0), (chance.p, y1)],
        colour.filled(),
    )))?;
    let y = (y0 + y1) / 2.0;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(chance.low, y), (chance.high, y)],
        INK.stroke_width(2),
    )))?;
    for x in [chance.low, chance.high] {
        let (px, py) = chart.backend_coord(&(x, y));
        canvas.root.draw(&PathElement::new(
            vec![(px, py - 5), (px, py + 5)],
            INK.stroke_width(2),
        ))?;
    }
    let (px, py) = chart.backend_coord(&(chance.high, y));
    canvas.text(
        &format!("{:.1}%", 100.0 * chance.p),
        (px + 8, py),
        &font(NOTE_SIZE - 2.0, INK, false),
        HPos::Left,
        VAlign::Middle,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ensemble::conference::tests::large;
    use crate::ensemble::conference_summary::{SummaryHeader, ranked_joint};
    use crate::report::charts::figure::figure_svg;

    fn summary(runs: u64) -> (ConferenceSummary, Vec<JointOutcome>) {
        let (f, a) = large(runs);
        let header = SummaryHeader {
            scenario_sha256: "00".into(),
            seed: 1,
            runs_requested: runs,
            partial: false,
        };
        (ConferenceSummary::of(&f, &a, &header), ranked_joint(&f, &a))
    }

    #[test]
    fn the_summary_chart_names_every_post_and_candidate() {
        let (s, joint) = summary(2000);
        let svg = figure_svg(&ConferenceChart { summary: &s }).unwrap();
        for p in &s.posts {
            assert!(svg.contains(&p.name), "{}", p.name);
            for c in &p.candidates {
                assert!(svg.contains(&c.name), "{}", c.name);
            }
        }
        // The BDT post was left open in some runs, the others never.
        assert_eq!(svg.matches("a seat left open").count(), 1);
        assert!(svg.contains("chance of being elected (% of runs)"));
        assert!(svg.contains(">\n100%"), "ticks in percent");
        let svg = figure_svg(&JointChart {
            summary: &s,
            joint: &joint,
        })
        .unwrap();
        assert!(svg.contains(&format!("1. {}", joint[0].words())));
        assert!(!svg.contains(&format!("{}. ", JOINT_ROWS + 1)));
        // Nothing cut: every shown combination's words are there whole,
        // across lines where they wrap.
        assert!(!svg.contains('…'));
    }

    #[test]
    fn long_post_and_candidate_names_are_drawn_whole() {
        let (mut s, _) = summary(200);
        // Wider than the chart with its seats, rule and date: it wraps.
        let post = "The Director of the Very Long Named Telecommunication Development Bureau \
                    of the International Union, elected by the Plenipotentiary Conference";
        let candidate = "Alexandrina Konstantinopoulou de Vasquez";
        s.posts[0].name = post.into();
        s.posts[0].candidates[0].name = candidate.into();
        let svg = figure_svg(&ConferenceChart { summary: &s }).unwrap();
        assert!(!svg.contains('…'));
        for word in post.split(' ').chain(candidate.split(' ')) {
            assert!(svg.contains(word), "{word}");
        }
    }

    #[test]
    fn png_charts_are_written() {
        let (s, joint) = summary(2000);
        let tmp = tempfile::tempdir().unwrap();
        let dir = OutputDir::create(tmp.path().join("conference"), false).unwrap();
        let names = write_conference_charts(&dir, &s, &joint, ImageFormat::Png).unwrap();
        assert_eq!(names, ["conference.png", "joint_outcomes.png"]);
        for name in &names {
            let img = image::open(dir.path_of(name)).unwrap().to_rgb8();
            assert_eq!(img.dimensions(), (WIDTH, HEIGHT));
            // To look at them: LOBBYSIM_GALLERY=folder.
            if let Some(gallery) = std::env::var_os("LOBBYSIM_GALLERY") {
                let gallery = std::path::Path::new(&gallery);
                std::fs::create_dir_all(gallery).unwrap();
                std::fs::copy(dir.path_of(name), gallery.join(name)).unwrap();
            }
        }
        dir.finish().unwrap();
        // An empty ensemble says so rather than drawing nothing.
        let (empty, none) = summary(0);
        let svg = figure_svg(&JointChart {
            summary: &empty,
            joint: &none,
        })
        .unwrap();
        assert!(svg.contains("no runs to show"));
    }
}
