//! Problems found in a scenario file, each tied to a file, line and column.
//!
//! Rendered as `FILE:LINE:COL: message`, followed by the offending line and a
//! caret, in the style of compilers, so editors and terminals can jump to it.

use std::fmt;
use std::path::{Path, PathBuf};

use super::tree::{self, Node};

/// A scenario file held in memory with its structural scan.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it (shown in messages).
    pub path: PathBuf,
    pub text: String,
    /// The structural scan; `None` when the file is not well-formed RON.
    pub tree: Option<Node>,
}

impl SourceFile {
    pub fn new(path: &Path, text: String) -> SourceFile {
        let tree = tree::scan(&text).ok();
        SourceFile {
            path: path.to_path_buf(),
            text,
            tree,
        }
    }

    /// A diagnostic at a byte offset.
    pub fn at_offset(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let (line, col) = tree::line_col(&self.text, offset);
        self.at_line_col(line, col, message)
    }

    /// A diagnostic at a 1-based line and character column.
    pub fn at_line_col(&self, line: usize, col: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: self.path.clone(),
            line,
            col,
            message: escape_invisible(&message.into()),
            source_line: self
                .text
                .lines()
                .nth(line.saturating_sub(1))
                .map(str::to_string),
            related: Vec::new(),
        }
    }

    /// A diagnostic at the value that `path` leads to.
    pub fn at_path(&self, path: &tree::Path, message: impl Into<String>) -> Diagnostic {
        let offset = self.tree.as_ref().map_or(0, |t| t.locate(path));
        self.at_offset(offset, message)
    }
}

/// One problem, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub line: usize,
    pub col: usize,
    pub message: String,
    /// The text of the offending line, for the caret display.
    pub source_line: Option<String>,
    /// Other places the problem concerns (e.g. the first of two equal ids),
    /// each shown as a note with its own line and caret.
    pub related: Vec<Diagnostic>,
}

impl Diagnostic {
    /// The one-line form `FILE:LINE:COL: message`.
    pub fn headline(&self) -> String {
        format!(
            "{}:{}:{}: {}",
            self.file.display(),
            self.line,
            self.col,
            self.message
        )
    }
}

impl Diagnostic {
    /// `self` with a note pointing at another place.
    pub fn with_related(mut self, note: Diagnostic) -> Diagnostic {
        self.related.push(note);
        self
    }

    /// The offending line with a caret under the column.
    fn snippet(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(src) = &self.source_line {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let chars: Vec<char> = src.chars().take(200).collect();
            let before = self.col.saturating_sub(1).min(chars.len());
            // Invisible characters are shown escaped, and the caret moves with them.
            let shown: String = chars.iter().map(|c| escape_char(*c)).collect();
            let caret_pad: String = chars[..before]
                .iter()
                .map(|&c| match c {
                    '\t' => "\t".to_string(),
                    c => " ".repeat(escape_char(c).chars().count()),
                })
                .collect();
            writeln!(f, "{pad} |")?;
            writeln!(f, "{number} | {shown}")?;
            writeln!(f, "{pad} | {caret_pad}^")?;
        }
        Ok(())
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.headline())?;
        self.snippet(f)?;
        for note in &self.related {
            writeln!(f, "note: {}", note.headline())?;
            note.snippet(f)?;
        }
        Ok(())
    }
}

/// A character as shown in a message: invisible and bidirectional
/// characters (which can make two different names look the same, or
/// reorder a line) as `\u{...}`, tabs as they are, others unchanged.
fn escape_char(c: char) -> String {
    let invisible = (c.is_control() && c != '\t')
        || matches!(c,
            '\u{00ad}' | '\u{034f}' | '\u{061c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
            | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}'
            | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}' | '\u{ffa0}' | '\u{fff0}'..='\u{fffb}'
            | '\u{e0000}'..='\u{e007f}' | '\u{2028}' | '\u{2029}' | '\u{00a0}' | '\u{2000}'..='\u{200a}'
            | '\u{202f}' | '\u{205f}' | '\u{3000}');
    if invisible {
        format!("\\u{{{:x}}}", c as u32)
    } else {
        c.to_string()
    }
}

/// `text` with invisible and bidirectional characters escaped (see [`escape_char`]).
pub fn escape_invisible(text: &str) -> String {
    text.split('\n')
        .map(|line| line.chars().map(escape_char).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// All problems found in one pass, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn sorted(mut list: Vec<Diagnostic>) -> Diagnostics {
        list.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
        list.dedup();
        Diagnostics(list)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            write!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(f, "{n} problem{} found", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}

/// The closest of `candidates` to `word` (Levenshtein distance), if close enough
/// to be a plausible typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::levenshtein(&word.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// " (did you mean `x`?)" or "".
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    nearest(word, candidates)
        .map(|n| format!(" (did you mean `{n}`?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(nearest("budgte", ["budget", "basis"]), Some("budget"));
        assert_eq!(nearest("zzzzzz", ["budget", "basis"]), None);
    }

    #[test]
    fn escapes_invisible_characters_and_moves_the_caret() {
        let file = SourceFile::new(Path::new("x.ron"), "a: \"\u{200f}ISL\"".to_string());
        let d = file.at_line_col(1, 5, "unknown member state `\u{200f}ISL`");
        assert_eq!(d.message, "unknown member state `\\u{200f}ISL`");
        let text = d.to_string();
        assert!(
            text.contains("1 | a: \"\\u{200f}ISL\"\n  |     ^"),
            "{text}"
        );
        assert_eq!(escape_invisible("Côte d’Ivoire\tx"), "Côte d’Ivoire\tx");
    }

    #[test]
    fn renders_headline_and_caret() {
        let file = SourceFile::new(Path::new("x.ron"), "(\n  a: 1.5,\n)".to_string());
        let d = file.at_line_col(2, 6, "bad");
        let text = d.to_string();
        assert!(text.starts_with("x.ron:2:6: bad\n"));
        assert!(text.contains("2 |   a: 1.5,\n  |      ^"));
    }
}
