//! Text that is never cut: broken into lines no wider than the room it has
//! (between words, and inside a word only where one word alone is wider),
//! made smaller only where its lines would not fit the height it has, and
//! never below [`MIN_TEXT_SIZE`]. Every character of the text is drawn.
//!
//! The layout is plain arithmetic on pixel widths, so it is tested without
//! drawing; [`super::canvas::Canvas::block`] draws it.

/// The smallest text size a label is shrunk to (plotters' size, pixels).
pub const MIN_TEXT_SIZE: f64 = 16.0;

/// Lines of a label at one text size.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBlock {
    pub lines: Vec<String>,
    /// The text size of every line.
    pub size: f64,
}

impl TextBlock {
    /// The distance between two lines' baselines, in pixels.
    pub fn step(&self) -> i32 {
        line_step(self.size)
    }

    /// The height the lines take, from the first line's top to the last
    /// line's bottom, in pixels.
    pub fn height(&self) -> i32 {
        self.step() * self.lines.len().max(1) as i32
    }
}

/// The line spacing of text of `size`.
pub fn line_step(size: f64) -> i32 {
    (size * 1.2).round() as i32
}

/// `text` in lines at most `width` pixels wide as `measure` gives them:
/// broken between words, and a word wider than `width` alone broken between
/// characters. Joining the lines (with spaces where the text had them)
/// gives the text back.
pub fn break_lines(text: &str, measure: &dyn Fn(&str) -> i32, width: i32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let joined = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if measure(&joined) <= width {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word alone: whole if it fits, else in pieces that do.
        for c in word.chars() {
            line.push(c);
            if measure(&line) > width && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::replace(&mut line, c.to_string()));
            }
        }
    }
    lines.push(line);
    lines
}

/// `text` broken into lines of at most `width` pixels at `size`, or at the
/// largest smaller size (down to [`MIN_TEXT_SIZE`]) at which its lines fit
/// in `height` pixels. `measure(s, size)` is the width of `s` at `size`.
/// At the smallest size the lines are kept even if they are taller.
pub fn fit_block(
    text: &str,
    measure: &dyn Fn(&str, f64) -> i32,
    size: f64,
    width: i32,
    height: i32,
) -> TextBlock {
    let mut size = size;
    loop {
        let lines = break_lines(text, &|s| measure(s, size), width);
        let block = TextBlock { lines, size };
        if block.height() <= height || size - 1.0 < MIN_TEXT_SIZE {
            return block;
        }
        size -= 1.0;
    }
}

/// The width of the widest of `blocks`' lines.
pub fn widest(blocks: &[TextBlock], measure: &dyn Fn(&str, f64) -> i32) -> i32 {
    blocks
        .iter()
        .flat_map(|b| b.lines.iter().map(|l| measure(l, b.size)))
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Half the size a character, as a monospace font would be.
    fn measure(s: &str, size: f64) -> i32 {
        (s.chars().count() as f64 * size / 2.0).round() as i32
    }

    #[test]
    fn lines_break_between_words_and_keep_every_word() {
        let text = "Eastern Europe and Northern Asia · 21 voters";
        let lines = break_lines(text, &|s| measure(s, 20.0), 200);
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(lines.iter().all(|l| measure(l, 20.0) <= 200), "{lines:?}");
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn a_word_wider_than_the_room_is_broken_not_cut() {
        let word = "Pneumonoultramicroscopicsilicovolcanoconiosis";
        let lines = break_lines(&format!("a {word} b"), &|s| measure(s, 10.0), 50);
        assert!(lines.iter().all(|l| measure(l, 10.0) <= 50), "{lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), format!("a{word}b"));
        assert!(!lines.concat().contains('…'));
    }

    #[test]
    fn text_shrinks_only_as_far_as_needed_and_not_below_the_floor() {
        let text = "one two three four five six";
        // Fits on one line at the wished size: unchanged.
        let b = fit_block(text, &measure, 20.0, 1000, 30);
        assert_eq!((b.lines.len(), b.size), (1, 20.0));
        // Two lines need 48 px at size 20: shrunk until two lines fit.
        let b = fit_block(text, &measure, 20.0, 150, 40);
        assert!(b.size < 20.0 && b.size >= MIN_TEXT_SIZE, "{b:?}");
        assert!(b.height() <= 40, "{b:?}");
        // No room at all: the floor, with every word still there.
        let b = fit_block(text, &measure, 20.0, 60, 10);
        assert_eq!(b.size, MIN_TEXT_SIZE);
        assert_eq!(b.lines.join(" "), text);
    }

    #[test]
    fn the_widest_line_is_measured_at_its_own_size() {
        let blocks = [
            TextBlock {
                lines: vec!["abcd".into(), "ab".into()],
                size: 20.0,
            },
            TextBlock {
                lines: vec!["abcdef".into()],
                size: 10.0,
            },
        ];
        assert_eq!(widest(&blocks, &measure), 40);
    }
}
