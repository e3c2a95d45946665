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
            message: message.into(),
            source_line: self
                .text
                .lines()
                .nth(line.saturating_sub(1))
                .map(str::to_string),
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

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.headline())?;
        if let Some(src) = &self.source_line {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let shown: String = src.chars().take(200).collect();
            let caret_pad: String = shown
                .chars()
                .take(self.col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{pad} |")?;
            writeln!(f, "{number} | {shown}")?;
            writeln!(f, "{pad} | {caret_pad}^")?;
        }
        Ok(())
    }
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
        .map(|c| (edit_distance(&word.to_lowercase(), &c.to_lowercase()), c))
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

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
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
    fn renders_headline_and_caret() {
        let file = SourceFile::new(Path::new("x.ron"), "(\n  a: 1.5,\n)".to_string());
        let d = file.at_line_col(2, 6, "bad");
        let text = d.to_string();
        assert!(text.starts_with("x.ron:2:6: bad\n"));
        assert!(text.contains("2 |   a: 1.5,\n  |      ^"));
    }
}
