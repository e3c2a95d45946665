//! The surface every chart draws on: the drawing area together with the
//! image format (text is placed by its capital letters, which the PNG and
//! SVG backends of plotters place differently), and what every chart writes
//! on it: text, the header (title and subtitle lines), a legend (in rows
//! across the bottom or in a column), labels above a plot joined to it by
//! lines, and the note of a chart with nothing to show.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::ImageFormat;
use super::common::{ChartResult, ENTRY_GAP, LEGEND_ROW};
use super::common::{
    HEIGHT, INK, LABEL_SIZE, LegendEntry, MARGIN, MARKER_ROW, MUTED, Marker, NOTE_SIZE, Placed,
    SUBTITLE_SIZE, TITLE_SIZE, VAlign, WIDTH, draw_key, font, text_width,
};
use super::text_block::{TextBlock, break_lines, fit_block};

/// A drawing area of [`WIDTH`] × [`HEIGHT`] and the format it is drawn in.
pub struct Canvas<'a, DB: DrawingBackend> {
    pub root: &'a DrawingArea<DB, Shift>,
    pub format: ImageFormat,
}

impl<DB: DrawingBackend> Clone for Canvas<'_, DB> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<DB: DrawingBackend> Copy for Canvas<'_, DB> {}

/// Where a header's lines go: the subtitle's first line below the top
/// margin, and the space left under the last line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderSpacing {
    pub subtitle_top: i32,
    pub below: i32,
}

impl HeaderSpacing {
    /// The charts of one run and of an ensemble.
    pub const RUN: HeaderSpacing = HeaderSpacing {
        subtitle_top: 50,
        below: 6,
    };
    /// The analysis figures (compare, sweep, sensitivity, backtest,
    /// calibrate, variance sources).
    pub const FIGURE: HeaderSpacing = HeaderSpacing {
        subtitle_top: 52,
        below: 12,
    };
}

/// Height of a line of a title that wraps.
pub const TITLE_LINE: i32 = 48;

/// Height of a line of a subtitle.
pub const SUBTITLE_LINE: i32 = 34;

/// A legend laid out in centred rows across the bottom of the chart.
#[derive(Debug, Clone)]
pub struct BottomLegend {
    pub entries: Vec<LegendEntry>,
    rows: Vec<Vec<usize>>,
    /// Top of the first row; what is above it is the chart's.
    pub top: i32,
}

impl<'a, DB: DrawingBackend> Canvas<'a, DB> {
    pub fn new(root: &'a DrawingArea<DB, Shift>, format: ImageFormat) -> Self {
        Canvas { root, format }
    }

    /// Draws `s` on the whole chart with its anchor at `at`; see [`Canvas::text_in`].
    pub fn text(
        &self,
        s: &str,
        at: (i32, i32),
        style: &TextStyle<'_>,
        h: HPos,
        v: VAlign,
    ) -> ChartResult {
        self.text_in(self.root, s, at, style, h, v)
    }

    /// Draws `s` on `area` with its anchor at `(x, y)`. The vertical
    /// placement is by the capital letters, so it is the same for PNG and
    /// SVG (plotters places text differently in the two backends).
    pub fn text_in(
        &self,
        area: &DrawingArea<DB, Shift>,
        s: &str,
        (x, y): (i32, i32),
        style: &TextStyle<'_>,
        h: HPos,
        v: VAlign,
    ) -> ChartResult {
        let size = style.font.get_size();
        // Distance from the anchor (plotters' VPos::Top) down to the top of the
        // capitals, as a fraction of the size: the bitmap backend (ab_glyph)
        // puts the baseline at size/2; the SVG backend shifts by 0.76 em with an
        // em of size/1.24. DejaVu's capitals are 0.729 em tall.
        let (cap_top, cap_height) = match self.format {
            ImageFormat::Png => (0.5 - 0.729 / 1.164, 0.729 / 1.164),
            ImageFormat::Svg => ((0.76 - 0.729) / 1.24, 0.729 / 1.24),
        };
        let offset = match v {
            VAlign::Top => cap_top,
            VAlign::Middle => cap_top + cap_height / 2.0,
            VAlign::Baseline => cap_top + cap_height,
        };
        let y0 = y - (offset * size).round() as i32;
        area.draw_text(s, &style.pos(Pos::new(h, VPos::Top)), (x, y0))?;
        Ok(())
    }

    /// Width of `s` in pixels when drawn with `style`.
    pub fn width(&self, s: &str, style: &TextStyle<'_>) -> i32 {
        text_width(self.root, s, style)
    }

    /// `s` in lines at most `max_width` pixels wide in `style`, broken
    /// between words (inside a word only where it alone is wider); never cut.
    pub fn lines(&self, s: &str, style: &TextStyle<'_>, max_width: i32) -> Vec<String> {
        break_lines(s, &|t| self.width(t, style), max_width)
    }

    /// `s` in lines at most `width` pixels wide at `size` (bold or not),
    /// smaller only where the lines would be taller than `height`; see
    /// [`fit_block`].
    pub fn block_of(&self, s: &str, size: f64, bold: bool, width: i32, height: i32) -> TextBlock {
        let measure = |t: &str, size: f64| self.width(t, &font(size, INK, bold));
        fit_block(s, &measure, size, width, height)
    }

    /// Draws `block`'s lines in `colour` (bold or not), aligned by `h` on
    /// `x`; `v` places the block on `y`: its first line's top
    /// ([`VAlign::Top`]), its middle ([`VAlign::Middle`]) or the bottom of
    /// its last line's box, a line step high ([`VAlign::Baseline`]).
    pub fn block(
        &self,
        block: &TextBlock,
        (x, y): (i32, i32),
        (colour, bold): (RGBColor, bool),
        h: HPos,
        v: VAlign,
    ) -> ChartResult {
        let style = font(block.size, colour, bold);
        let step = block.step();
        let n = block.lines.len() as i32;
        // The middle of the first line.
        let first = match v {
            VAlign::Top => y + step / 2,
            VAlign::Middle => y - step * (n - 1) / 2,
            VAlign::Baseline => y - step * (n - 1) - step / 2,
        };
        for (i, line) in block.lines.iter().enumerate() {
            self.text(
                line,
                (x, first + step * i as i32),
                &style,
                h,
                VAlign::Middle,
            )?;
        }
        Ok(())
    }

    /// Draws the title and, below it, the subtitle `lines` (each wrapped at
    /// word boundaries where it is wider than the chart) at the top left,
    /// placed by `spacing`; returns the height they take, margin included.
    pub fn header<S: AsRef<str>>(
        &self,
        title: &str,
        lines: &[S],
        spacing: HeaderSpacing,
    ) -> ChartResult<i32> {
        let title_style = font(TITLE_SIZE, INK, true);
        let max_width = WIDTH as i32 - 2 * MARGIN;
        // A title wider than the chart wraps at word boundaries; the
        // subtitle moves down by the lines added.
        let measure = |s: &str| self.width(s, &title_style);
        let title_lines = break_lines(title, &measure, max_width);
        for (i, line) in title_lines.iter().enumerate() {
            self.text(
                line,
                (MARGIN, MARGIN + TITLE_LINE * i as i32),
                &title_style,
                HPos::Left,
                VAlign::Top,
            )?;
        }
        let extra = TITLE_LINE * (title_lines.len().max(1) as i32 - 1);
        // Lines wider than the chart wrap rather than being cut.
        let top = MARGIN + extra + spacing.subtitle_top;
        let n = self.wrapped(lines, top, SUBTITLE_LINE)?;
        Ok(top + SUBTITLE_LINE * n as i32 + spacing.below)
    }

    /// Draws `lines` in the subtitle's style from the left margin at `top`,
    /// each wrapped at word boundaries to the chart's width, `step` pixels
    /// apart; returns the number of lines drawn.
    pub fn wrapped<S: AsRef<str>>(&self, lines: &[S], top: i32, step: i32) -> ChartResult<usize> {
        let style = font(SUBTITLE_SIZE, MUTED, false);
        let measure = |s: &str| self.width(s, &style);
        let max_width = WIDTH as i32 - 2 * MARGIN;
        let wrapped: Vec<String> = lines
            .iter()
            .flat_map(|line| break_lines(line.as_ref(), &measure, max_width))
            .collect();
        for (i, line) in wrapped.iter().enumerate() {
            self.text(
                line,
                (MARGIN, top + step * i as i32),
                &style,
                HPos::Left,
                VAlign::Top,
            )?;
        }
        Ok(wrapped.len())
    }

    /// Writes `note` in muted label text, centred across the chart at
    /// height `y` (for a chart or panel with nothing to draw).
    pub fn note(&self, note: &str, y: i32) -> ChartResult {
        self.text(
            note,
            (WIDTH as i32 / 2, y),
            &font(LABEL_SIZE, MUTED, false),
            HPos::Center,
            VAlign::Middle,
        )
    }

    /// Lays `entries` out in rows across the bottom of the chart (drawn by
    /// [`Canvas::draw_legend`], usually last).
    pub fn bottom_legend(&self, entries: Vec<LegendEntry>) -> BottomLegend {
        let rows = self.legend_rows(&entries, WIDTH as i32 - 2 * MARGIN);
        let top = HEIGHT as i32 - MARGIN - LEGEND_ROW * rows.len() as i32;
        BottomLegend { entries, rows, top }
    }

    /// Draws a legend laid out by [`Canvas::bottom_legend`].
    pub fn draw_legend(&self, legend: &BottomLegend) -> ChartResult {
        self.legend(&legend.entries, &legend.rows, WIDTH as i32 / 2, legend.top)
    }

    /// Splits legend entries into rows no wider than `max_width`; returns the
    /// entries' indices per row.
    pub fn legend_rows(&self, entries: &[LegendEntry], max_width: i32) -> Vec<Vec<usize>> {
        let style = font(LABEL_SIZE, INK, false);
        let mut rows: Vec<Vec<usize>> = Vec::new();
        let mut width = 0;
        for (i, e) in entries.iter().enumerate() {
            let w = e.key.width() + self.width(&e.label, &style);
            match rows.last_mut() {
                Some(row) if width + ENTRY_GAP + w <= max_width => {
                    row.push(i);
                    width += ENTRY_GAP + w;
                }
                _ => {
                    rows.push(vec![i]);
                    width = w;
                }
            }
        }
        rows
    }

    /// Draws the legend in rows (from [`Canvas::legend_rows`]) centred on
    /// `centre_x`, the first row's middle at `top + LEGEND_ROW / 2`.
    pub fn legend(
        &self,
        entries: &[LegendEntry],
        rows: &[Vec<usize>],
        centre_x: i32,
        top: i32,
    ) -> ChartResult {
        let style = font(LABEL_SIZE, INK, false);
        for (r, row) in rows.iter().enumerate() {
            let widths: Vec<i32> = row
                .iter()
                .map(|&i| entries[i].key.width() + self.width(&entries[i].label, &style))
                .collect();
            let total: i32 = widths.iter().sum::<i32>() + ENTRY_GAP * (row.len() as i32 - 1);
            let mut x = centre_x - total / 2;
            let y = top + LEGEND_ROW * r as i32 + LEGEND_ROW / 2;
            for (&i, w) in row.iter().zip(widths) {
                let key = entries[i].key;
                draw_key(self.root, key, x, y)?;
                self.text(
                    &entries[i].label,
                    (x + key.width(), y),
                    &style,
                    HPos::Left,
                    VAlign::Middle,
                )?;
                x += w + ENTRY_GAP;
            }
        }
        Ok(())
    }

    /// Width of the legend drawn as one column by [`Canvas::legend_column`].
    pub fn legend_column_width(&self, entries: &[LegendEntry]) -> i32 {
        let style = font(LABEL_SIZE, INK, false);
        entries
            .iter()
            .map(|e| e.key.width() + self.width(&e.label, &style))
            .max()
            .unwrap_or(0)
    }

    /// Draws the legend as one column, keys' left edges at `left`, the first
    /// entry's middle at `top + LEGEND_ROW / 2`.
    pub fn legend_column(&self, entries: &[LegendEntry], left: i32, top: i32) -> ChartResult {
        let style = font(LABEL_SIZE, INK, false);
        for (k, entry) in entries.iter().enumerate() {
            let y = top + LEGEND_ROW * k as i32 + LEGEND_ROW / 2;
            draw_key(self.root, entry.key, left, y)?;
            self.text(
                &entry.label,
                (left + entry.key.width(), y),
                &style,
                HPos::Left,
                VAlign::Middle,
            )?;
        }
        Ok(())
    }

    /// Draws marker labels in rows from `top` down (row 0 at the top), each
    /// joined by a thin line from its label down to `bottom` (the top of the
    /// plot) at pixel `xs[i]`. `placed` comes from
    /// [`super::common::stagger`] on the same markers, or from
    /// [`super::labels::layout_labels`].
    pub fn marker_labels(
        &self,
        markers: &[Marker],
        xs: &[i32],
        placed: &[Placed],
        top: i32,
        bottom: i32,
    ) -> ChartResult {
        for ((m, &x), p) in markers.iter().zip(xs).zip(placed) {
            let mid = top + MARKER_ROW * p.row as i32 + MARKER_ROW / 2;
            // A marker without a label of its own (one of a group) has its line
            // start below the group's label.
            let start = if m.label.is_empty() {
                mid + MARKER_ROW / 2
            } else {
                mid - 9
            };
            self.root.draw(&PathElement::new(
                vec![(x, start), (x, bottom)],
                m.line.stroke_width(2),
            ))?;
            if m.label.is_empty() {
                continue;
            }
            self.text(
                &m.label,
                (p.left, mid),
                &font(NOTE_SIZE, m.colour, false),
                HPos::Left,
                VAlign::Middle,
            )?;
        }
        Ok(())
    }
}
