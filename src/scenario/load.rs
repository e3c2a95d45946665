//! Reading scenario files: RON text in, a checked [`Scenario`] out, or every
//! problem found, each with its file, line and column.
//!
//! RON stops at its first error, so when a file does not deserialise as a whole
//! the loader deserialises it section by section and list item by list item
//! (using the structural scan in [`super::tree`]), which lets one pass report
//! an unknown field in one campaign, a wrong type in another and a dangling
//! reference in a third. Cross-references are then checked by
//! [`super::validate`].

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::diagnostic::{Diagnostic, Diagnostics, SourceFile, did_you_mean};
use super::distribution;
use super::overrides;
use super::rules::BallotRules;
use super::tree::{self, Node};
use super::types::*;
use super::validate;

/// A what-if may name a base that is itself a what-if: at most this many
/// what-ifs above the scenario at the bottom of the chain.
pub const MAX_BASE_DEPTH: usize = 4;

/// Largest scenario or what-if file read, in bytes (16 MiB; the bundled
/// PP-22 scenario has about 130 kB).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A loaded, validated scenario and the files it came from.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    pub scenario: Scenario,
    /// The file given first, then its bases for a what-if.
    pub files: Vec<SourceFile>,
}

impl LoadedScenario {
    /// SHA-256 of the scenario file (and of its bases, in order), hex encoded.
    pub fn sha256(&self) -> String {
        let mut h = Sha256::new();
        for f in &self.files {
            h.update(f.text.as_bytes());
        }
        format!("{:x}", h.finalize())
    }

    /// The path of the file given first.
    pub fn path(&self) -> &Path {
        &self.files[0].path
    }
}

/// Why a scenario could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read scenario file {}: {}", path.display(), crate::plain_io::plain_io(source))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(Diagnostics),
}

/// Load, check and validate a scenario or what-if file.
pub fn load(path: &Path) -> Result<LoadedScenario, LoadError> {
    load_in_chain(path, &[])
}

/// Load from text already in memory (tests, fuzzing); `path` is used in messages
/// and to resolve a what-if's base.
pub fn load_str(path: &Path, text: &str) -> Result<LoadedScenario, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    load_text(
        SourceFile::new(path, text.to_string()),
        &[path.to_path_buf()],
    )
}

/// Reads a scenario file's bytes: only a regular file (a FIFO would block,
/// `/dev/zero` never ends), and at most [`MAX_FILE_BYTES`].
pub fn read_scenario_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    crate::plain_io::read_regular(path, MAX_FILE_BYTES).map_err(|source| {
        let source = if source.kind() == std::io::ErrorKind::InvalidInput {
            let text = source.to_string();
            let text = if text.starts_with("it is larger") {
                format!("{text}, the limit for a scenario file (docs/SCENARIO.md, Limits)")
            } else if text.starts_with("it is a folder") {
                "it is a folder; expected a .ron file".to_owned()
            } else {
                text
            };
            std::io::Error::new(std::io::ErrorKind::InvalidInput, text)
        } else {
            source
        };
        LoadError::Io {
            path: path.to_path_buf(),
            source,
        }
    })
}

/// Loads `path`; `chain` holds the what-ifs that led to it, outermost first.
fn load_in_chain(path: &Path, chain: &[PathBuf]) -> Result<LoadedScenario, LoadError> {
    let mut bytes = read_scenario_bytes(path)?;
    // A UTF-8 byte-order mark, as some editors write, is not part of the text.
    if bytes.starts_with(&[0xef, 0xbb, 0xbf]) {
        bytes.drain(..3);
    }
    let mut chain = chain.to_vec();
    chain.push(path.to_path_buf());
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let file = SourceFile::new(path, String::new());
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let (line, col) = tree::line_col(&prefix, prefix.len());
            return Err(invalid(vec![file.at_line_col(
                line,
                col,
                "the file is not valid UTF-8 text",
            )]));
        }
    };
    load_text(SourceFile::new(path, text), &chain)
}

fn invalid(list: Vec<Diagnostic>) -> LoadError {
    LoadError::Invalid(Diagnostics::sorted(list))
}

fn load_text(file: SourceFile, chain: &[PathBuf]) -> Result<LoadedScenario, LoadError> {
    let Some(root) = file.tree.clone() else {
        return Err(invalid(vec![syntax_error(&file)]));
    };
    let repeated = repeated_keys(&file, &root);
    if !repeated.is_empty() {
        return Err(invalid(repeated));
    }
    let is_what_if =
        root.name() == Some("WhatIf") || (root.name().is_none() && root.field("base").is_some());
    if is_what_if {
        return load_what_if(file, &root, chain);
    }
    let (scenario, mut diags, broken) = parse_scenario(&file, &root);
    if let Some(s) = &scenario {
        for p in validate::validate(s, &broken) {
            diags.push(diagnose(&file, &p));
        }
        // Validation sees only a ballot that differs from the default.
        if s.is_conference() && root.field("ballot").is_some() && s.ballot == BallotRules::default()
        {
            diags.push(file.at_path(
                &tree::Path::root().field("ballot"),
                "a scenario with `posts` gives each post its own `ballot`; leave the top-level `ballot` out".to_owned(),
            ));
        }
    }
    match scenario {
        Some(scenario) if diags.is_empty() => Ok(LoadedScenario {
            scenario,
            files: vec![file],
        }),
        _ => Err(invalid(diags)),
    }
}

/// A validation problem located in `file`, with its note if it has one.
fn diagnose(file: &SourceFile, p: &validate::Problem) -> Diagnostic {
    let d = file.at_path(&p.path, p.message.clone());
    match &p.related {
        Some((path, note)) => d.with_related(file.at_path(path, note.clone())),
        None => d,
    }
}

/// Keys given twice in one struct or map (serde keeps the last of a map's
/// repeated keys without a word), each pointing at the repeat with a note
/// at the first.
fn repeated_keys(file: &SourceFile, root: &Node) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for fields in root.groups() {
        let mut first: HashMap<&str, usize> = HashMap::new();
        for f in fields {
            match first.get(f.key.as_str()) {
                Some(&at) => out.push(
                    file.at_offset(
                        f.key_start,
                        format!("`{}` is given twice; give each key once", f.key),
                    )
                    .with_related(file.at_offset(at, format!("`{}` is first given here", f.key))),
                ),
                None => {
                    first.insert(f.key.as_str(), f.key_start);
                }
            }
        }
    }
    out
}

/// The options every scenario file is read with: optional fields may be
/// written without `Some(...)`.
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(tree::MAX_DEPTH * 2)
}

fn syntax_error(file: &SourceFile) -> Diagnostic {
    if file.text.trim().is_empty() {
        return file.at_offset(
            0,
            "the file is empty; expected `Scenario(...)` or `WhatIf(...)`",
        );
    }
    let start = top_of(&file.text);
    let head = next_token(&file.text, start).unwrap_or_default();
    if !matches!(head.as_str(), "Scenario" | "WhatIf" | "(")
        && !head.starts_with("Scenario(")
        && !head.starts_with("WhatIf(")
    {
        return file.at_offset(
            start,
            format!(
                "expected `Scenario(...)` or `WhatIf(...)` at the top of the file, found `{}`",
                shorten(&head)
            ),
        );
    }
    match ron_options().from_str::<ron::Value>(&file.text) {
        Err(e) if e.code != ron::Error::ExceededRecursionLimit => {
            let at = tree::offset_of(&file.text, e.span.start.line, e.span.start.col);
            // Past blanks and line breaks to the offending token.
            let at = at + file.text[at..].len() - file.text[at..].trim_start().len();
            let (line, col) = if at < file.text.len() {
                tree::line_col(&file.text, at)
            } else {
                (e.span.start.line, e.span.start.col)
            };
            let cx = Context::at(file, tree::offset_of(&file.text, line, col));
            file.at_line_col(
                line,
                col,
                format!("syntax error: {}", describe(&e.code, &cx)),
            )
        }
        _ => match tree::scan(&file.text) {
            Err(e) => file.at_offset(e.offset, format!("syntax error: {}", e.message)),
            Ok(_) => file.at_offset(0, "syntax error: expected `Scenario(...)` or `WhatIf(...)`"),
        },
    }
}

/// Whole-number fields and what they accept, for messages about them.
const WHOLE_NUMBERS: [(&str, &str); 5] = [
    ("version", "the format version (1)"),
    ("tick_days", "a whole number of days (at least 1)"),
    ("max_rounds", "a whole number of rounds (1 to 1000)"),
    ("count", "a whole number of states (at least 1)"),
    ("max_work", "a whole number of steps"),
];

/// Fields read as numbers >= 0 that validation also refuses at 0.
const POSITIVE: [&str; 2] = ["saturation", "temperature"];

/// What a parser error at byte `offset` is about: the field's name and the
/// token found there.
struct Context {
    field: Option<String>,
    token: Option<String>,
}

impl Context {
    fn at(file: &SourceFile, offset: usize) -> Context {
        let (field, atom) = file
            .tree
            .as_ref()
            .map_or((None, None), |t| t.context_at(offset));
        Context {
            field: field.map(|f| f.key.clone()),
            token: atom
                .map(|a| file.text[a.start..a.end].to_string())
                .or_else(|| next_token(&file.text, offset)),
        }
    }

    /// " for `field`" or "".
    fn for_field(&self) -> String {
        self.field
            .as_ref()
            .map(|f| format!(" for `{f}`"))
            .unwrap_or_default()
    }

    /// ", found `token`" or "".
    fn found(&self) -> String {
        self.token
            .as_ref()
            .map(|t| format!(", found `{}`", shorten(t)))
            .unwrap_or_default()
    }

    fn whole_number(&self) -> Option<&'static str> {
        let field = self.field.as_deref()?;
        WHOLE_NUMBERS
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, what)| *what)
    }
}

/// Byte offset of the document's first value: past blanks, comments and
/// `#![...]` attributes.
fn top_of(text: &str) -> usize {
    let mut at = 0;
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if trimmed.starts_with("//") {
            at += trimmed.find('\n').unwrap_or(trimmed.len());
        } else if trimmed.starts_with("/*") {
            at += trimmed.find("*/").map_or(trimmed.len(), |i| i + 2);
        } else if trimmed.starts_with("#!") || trimmed.starts_with("#[") {
            at += trimmed.find(']').map_or(trimmed.len(), |i| i + 1);
        } else {
            return at;
        }
    }
}

/// The text from `offset` up to the next blank or bracket, if any.
fn next_token(text: &str, offset: usize) -> Option<String> {
    let rest = text.get(offset..)?;
    let token: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && !"()[]{},:".contains(*c))
        .take(40)
        .collect();
    if token.is_empty() {
        rest.chars().next().map(String::from)
    } else {
        Some(token)
    }
}

fn shorten(token: &str) -> String {
    if token.chars().count() > 40 {
        format!("{}...", token.chars().take(40).collect::<String>())
    } else {
        token.to_string()
    }
}

/// RON's error in lobbysim's words: what was found, what was expected.
fn describe(code: &ron::Error, cx: &Context) -> String {
    use ron::Error as E;
    let list = |names: &[&str]| {
        if names.is_empty() {
            "(none)".to_string()
        } else {
            names.join(", ")
        }
    };
    let found = cx.found();
    match code {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => format!(
            "unknown field `{found}`{}; expected one of: {}{}",
            outer
                .as_ref()
                .map(|o| format!(" in {o}"))
                .unwrap_or_default(),
            list(expected),
            did_you_mean(found, expected.iter().copied())
        ),
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => format!(
            "unknown variant `{found}`{}; expected one of: {}{}",
            outer
                .as_ref()
                .map(|o| format!(" of {o}"))
                .unwrap_or_default(),
            list(expected),
            did_you_mean(found, expected.iter().copied())
        ),
        E::MissingStructField { field, outer } => format!(
            "missing field `{field}`{}",
            outer
                .as_ref()
                .map(|o| format!(" in {o}"))
                .unwrap_or_default()
        ),
        E::DuplicateStructField { field, outer } => format!(
            "field `{field}` is given twice{}; give each field once",
            outer
                .as_ref()
                .map(|o| format!(" in {o}"))
                .unwrap_or_default()
        ),
        E::Message(m) if is_date_message(m) => {
            let what = if m.contains("out of range") || m.contains("impossible") {
                "a real date as \"YYYY-MM-DD\" (month 1 to 12, a day that month has)"
            } else {
                "a date as \"YYYY-MM-DD\""
            };
            format!("expected {what}{found}")
        }
        E::Message(m)
            if m.starts_with("expected a finite number >= 0")
                && cx.field.as_deref().is_some_and(|f| POSITIVE.contains(&f)) =>
        {
            m.replacen(">= 0", "greater than 0", 1)
        }
        E::Message(m) => m.clone(),
        E::IntegerOutOfBounds | E::ExpectedInteger | E::InvalidIntegerDigit { .. } => {
            match cx.whole_number() {
                Some(what) => format!("expected {what}{}{found}", cx.for_field()),
                None => format!("expected a whole number from 0 to {}{found}", u32::MAX),
            }
        }
        // `6.5` where a whole number goes: RON reads `6`, then trips on `.5`.
        E::ExpectedComma
        | E::ExpectedStructLikeEnd
        | E::ExpectedArrayEnd
        | E::ExpectedMapEnd
        | E::TrailingCharacters
            if cx.whole_number().is_some()
                && cx
                    .token
                    .as_deref()
                    .is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit() || c == '-')) =>
        {
            format!(
                "expected {}{}{found}",
                cx.whole_number().unwrap_or("a whole number"),
                cx.for_field()
            )
        }
        E::ExpectedComma => format!("expected `,` between two values{found}"),
        E::ExpectedStructLikeEnd => format!("expected `,` or `)` to close the group{found}"),
        E::ExpectedArrayEnd => format!("expected `,` or `]` to close the list{found}"),
        E::ExpectedMapEnd => format!("expected `,` or `}}` to close the map{found}"),
        E::ExpectedMapColon => format!("expected `:` between a key and its value{found}"),
        E::ExpectedIdentifier => {
            format!("expected a field name (`name: value`) or a closing bracket{found}")
        }
        E::ExpectedFloat => format!("expected a number{}{found}", cx.for_field()),
        E::FloatUnderscore | E::UnderscoreAtBeginning => {
            format!("expected a number without `_` at its start or end{found}")
        }
        E::ExpectedString | E::ExpectedStringEnd | E::ExpectedByteString => {
            format!("expected text in double quotes{}{found}", cx.for_field())
        }
        E::ExpectedChar | E::ExpectedByteLiteral => {
            format!("expected text in double quotes{found}")
        }
        E::ExpectedBoolean => format!("expected true or false{}{found}", cx.for_field()),
        E::ExpectedArray => format!("expected a list `[...]`{}{found}", cx.for_field()),
        E::ExpectedMap => format!("expected a map `{{...}}`{}{found}", cx.for_field()),
        E::ExpectedStructLike | E::ExpectedUnit | E::ExpectedOption | E::ExpectedOptionEnd => {
            format!("expected a group `(...)`{}{found}", cx.for_field())
        }
        E::ExpectedNamedStructLike(name) => {
            format!("expected `(...)` holding the fields of {name}{found}")
        }
        E::ExpectedDifferentStructName { expected, found } => {
            format!("expected `{expected}(...)`, found `{found}(...)`")
        }
        E::ExpectedStructName(name) => format!("expected `{name}(...)`{found}"),
        E::InvalidEscape(_) => format!(
            "invalid escape in text{found}; inside double quotes write `\\\\` for a backslash, `\\\"` for a quote, `\\n` for a new line, `\\u{{...}}` for a character by its code"
        ),
        E::InvalidValueForType { expected, found } => {
            format!("expected {expected}{}, found {found}", cx.for_field())
        }
        E::ExpectedDifferentLength { expected, found } => {
            format!("expected {expected}, found {found} element(s)")
        }
        E::Eof => {
            "the file ends before the document is complete: a `(`, `[`, `{` or `\"` is not closed"
                .to_string()
        }
        E::UnclosedBlockComment => "a `/*` comment is not closed by `*/`".to_string(),
        E::UnclosedLineComment => "a `//` comment is not ended by a line break".to_string(),
        E::UnexpectedChar(c) => format!(
            "unexpected character `{}`; expected a value: a number, text in double quotes, a name, or `(`, `[`, `{{`",
            c.escape_debug()
        ),
        E::TrailingCharacters => format!(
            "unexpected text after the end of the document{found}; everything belongs inside the top-level `(...)`"
        ),
        E::ExceededRecursionLimit => format!(
            "the document is nested more than {} levels deep",
            tree::MAX_DEPTH
        ),
        E::Utf8Error(_) => "the file is not valid UTF-8 text".to_string(),
        E::NoSuchExtension(name) => format!(
            "unknown extension `{name}`; expected one of: implicit_some, unwrap_newtypes, unwrap_variant_newtypes, explicit_struct_names"
        ),
        E::InvalidIdentifier(name) | E::SuggestRawIdentifier(name) => {
            format!("`{name}` is not a valid name")
        }
        E::ExpectedAttribute | E::ExpectedAttributeEnd => {
            "expected an attribute as `#![enable(implicit_some)]`".to_string()
        }
        _ => format!("expected a value{found}"),
    }
}

/// chrono's messages for a date that does not parse.
fn is_date_message(m: &str) -> bool {
    [
        "input contains invalid characters",
        "premature end of input",
        "input is out of range",
        "trailing input",
        "input is not enough",
        "no possible date and time",
        "impossible",
        "bad or unsupported format",
    ]
    .iter()
    .any(|p| m.contains(p))
}

/// RON sometimes points at the blank before the offending token: move to it.
fn skip_blanks(file: &SourceFile, line: usize, col: usize) -> (usize, usize) {
    let Some(text) = file.text.lines().nth(line.saturating_sub(1)) else {
        return (line, col);
    };
    let skipped = text
        .chars()
        .skip(col.saturating_sub(1))
        .take_while(|c| c.is_whitespace())
        .count();
    if col.saturating_sub(1) + skipped < text.chars().count() {
        (line, col + skipped)
    } else {
        (line, col)
    }
}

/// Deserialise one value of the document on its own; errors are positioned in
/// the whole file.
fn parse_node<T: DeserializeOwned>(file: &SourceFile, node: &Node) -> Result<T, Diagnostic> {
    let slice = file.text.get(node.start..node.end).unwrap_or("");
    ron_options().from_str::<T>(slice).map_err(|e| {
        let (l0, c0) = tree::line_col(&file.text, node.start);
        let (line, col) = if e.span.start.line <= 1 {
            (l0, c0 + e.span.start.col.saturating_sub(1))
        } else {
            (l0 + e.span.start.line - 1, e.span.start.col)
        };
        let (line, col) = skip_blanks(file, line, col);
        let offset = tree::offset_of(&file.text, line, col);
        if matches!(&e.code, ron::Error::Message(m) if m == distribution::EXPECTED)
            && let Some(d) = not_uncertain(file, offset)
        {
            return d;
        }
        let cx = Context::at(file, offset);
        file.at_line_col(line, col, describe(&e.code, &cx))
    })
}

/// A value that is neither a number nor a distribution, for the field at
/// `offset`: located at the value's first character, naming the field and
/// what was found; a `Name(...)` is read as a distribution on its own, for
/// RON's precise message (an unknown name, a missing field).
fn not_uncertain(file: &SourceFile, offset: usize) -> Option<Diagnostic> {
    let field = uncertain_field(file.tree.as_ref()?, offset)?;
    let value = &field.value;
    if let tree::NodeKind::Named(..) = value.kind
        && let Err(d) = parse_node::<distribution::Distribution>(file, value)
    {
        let message = match d.message.strip_prefix("unknown variant ") {
            Some(rest) => format!(
                "unknown distribution {}",
                rest.replacen(" of Distribution;", &format!(" for `{}`;", field.key), 1)
            ),
            None if !d.message.contains(" for `") => {
                format!("{} for `{}`", d.message, field.key)
            }
            None => d.message.clone(),
        };
        return Some(Diagnostic { message, ..d });
    }
    let found = file.text.get(value.start..value.end).unwrap_or("");
    Some(file.at_offset(
        value.start,
        format!(
            "{} for `{}`, found `{}`",
            distribution::EXPECTED,
            field.key,
            shorten(found.trim())
        ),
    ))
}

/// Fields of distributions, for finding the number a distribution is for.
const DISTRIBUTION_FIELDS: [&str; 9] = [
    "lo", "hi", "mean", "sd", "a", "b", "median", "sigma", "mode",
];

/// The field whose value RON found to be neither a number nor a
/// distribution, from the position of its error: the innermost field there,
/// or, when that is a field of something written as a distribution (RON
/// points inside it), the field holding that distribution.
fn uncertain_field(root: &Node, offset: usize) -> Option<&tree::Field> {
    // The fields from the root down to `offset`, each with the name of the
    // `Name(...)` it is a field of, if any.
    let mut path: Vec<(&tree::Field, Option<&str>)> = Vec::new();
    let mut node = root;
    let mut named = None;
    loop {
        let inside = |n: &Node| n.start <= offset && offset <= n.end;
        node = match &node.kind {
            tree::NodeKind::Atom(_) => break,
            tree::NodeKind::Named(name, body) => {
                named = Some(name.as_str());
                &**body
            }
            tree::NodeKind::Fields(fields) => {
                let Some(f) = fields
                    .iter()
                    .find(|f| f.key_start <= offset && inside(&f.value))
                else {
                    break;
                };
                path.push((f, named.take()));
                &f.value
            }
            tree::NodeKind::Items(items) => {
                named = None;
                match items.iter().find(|n| inside(n)) {
                    Some(n) => n,
                    None => break,
                }
            }
        };
        if !(node.start <= offset && offset <= node.end) {
            break;
        }
    }
    let (leaf, parent) = path.pop()?;
    let in_distribution = parent.is_some_and(|name| {
        DISTRIBUTION_FIELDS.contains(&leaf.key.as_str())
            || distribution::NAMES.contains(&name)
            || !did_you_mean(name, distribution::NAMES).is_empty()
    });
    match path.pop() {
        Some((outer, _)) if in_distribution => Some(outer),
        _ => Some(leaf),
    }
}

/// Collects the parts of a struct-like node one by one.
struct Parts<'a> {
    file: &'a SourceFile,
    root: &'a Node,
    diags: Vec<Diagnostic>,
    /// Ids of list items that failed to parse: references to them are not
    /// reported again as dangling.
    broken: HashSet<String>,
}

impl<'a> Parts<'a> {
    fn new(file: &'a SourceFile, root: &'a Node, type_name: &str, known: &[&str]) -> Parts<'a> {
        let mut parts = Parts {
            file,
            root,
            diags: Vec::new(),
            broken: HashSet::new(),
        };
        if let Some(name) = root.name()
            && name != type_name
        {
            parts.diags.push(file.at_offset(
                root.start,
                format!("expected `{type_name}(...)` at the top of the file, found `{name}`"),
            ));
        }
        match root.fields() {
            None => parts.diags.push(file.at_offset(
                root.start,
                format!("expected `{type_name}(...)` with named fields at the top of the file"),
            )),
            Some(fields) => {
                let mut seen = HashSet::new();
                for f in fields {
                    if !known.contains(&f.key.as_str()) {
                        parts.diags.push(file.at_offset(
                            f.key_start,
                            format!(
                                "unknown field `{}` in {type_name}; expected one of: {}{}",
                                f.key,
                                known.join(", "),
                                did_you_mean(&f.key, known.iter().copied())
                            ),
                        ));
                    } else if !seen.insert(f.key.as_str()) {
                        parts.diags.push(
                            file.at_offset(f.key_start, format!("duplicate field `{}`", f.key)),
                        );
                    }
                }
            }
        }
        parts
    }

    fn node(&self, name: &str) -> Option<&'a Node> {
        self.root.field(name).map(|f| &f.value)
    }

    /// A required part; `None` (with a diagnostic) when missing or broken.
    fn required<T: DeserializeOwned>(&mut self, name: &str, type_name: &str) -> Option<T> {
        match self.node(name) {
            None => {
                self.diags.push(self.file.at_offset(
                    self.root.start,
                    format!("missing field `{name}` in {type_name}"),
                ));
                None
            }
            Some(n) => self.parse(n),
        }
    }

    /// An optional part: its default when absent, `None` when broken.
    fn optional<T: DeserializeOwned + Default>(&mut self, name: &str) -> Option<T> {
        match self.node(name) {
            None => Some(T::default()),
            Some(n) => self.parse(n),
        }
    }

    fn parse<T: DeserializeOwned>(&mut self, node: &Node) -> Option<T> {
        match parse_node(self.file, node) {
            Ok(v) => Some(v),
            Err(d) => {
                self.diags.push(d);
                None
            }
        }
    }

    /// A list parsed item by item; broken items are dropped (and reported).
    fn list<T: DeserializeOwned>(&mut self, name: &str, required: Option<&str>) -> Option<Vec<T>> {
        let Some(node) = self.node(name) else {
            if let Some(type_name) = required {
                self.diags.push(self.file.at_offset(
                    self.root.start,
                    format!("missing field `{name}` in {type_name}"),
                ));
                return None;
            }
            return Some(Vec::new());
        };
        let Some(items) = node.items().filter(|_| node.name().is_none()) else {
            if matches!(&node.kind, tree::NodeKind::Fields(f) if f.is_empty()) {
                return Some(Vec::new());
            }
            return self.parse(node);
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match parse_node(self.file, item) {
                Ok(v) => out.push(v),
                Err(d) => {
                    self.diags.push(d);
                    for key in ["id", "code"] {
                        if let Some(id) = item.field(key).and_then(|f| f.value.string()) {
                            self.broken.insert(id.to_string());
                        }
                    }
                }
            }
        }
        Some(out)
    }
}

/// The fields of `Scenario(...)`.
const SCENARIO_FIELDS: [&str; 20] = [
    "version",
    "meta",
    "calendar",
    "posts",
    "regions",
    "features",
    "blocs",
    "candidates",
    "states",
    "prior",
    "campaigns",
    "events",
    "params",
    "ballot",
    "shocks",
    "propensities",
    "limits",
    "observed",
    "deals",
    "after_results",
];

/// Parse a `Scenario(...)` document part by part.
fn parse_scenario(
    file: &SourceFile,
    root: &Node,
) -> (Option<Scenario>, Vec<Diagnostic>, HashSet<String>) {
    // Fast path: the whole document at once.
    if let Ok(s) = ron_options().from_str::<Scenario>(&file.text) {
        return (Some(s), Vec::new(), HashSet::new());
    }
    let mut p = Parts::new(file, root, "Scenario", &SCENARIO_FIELDS);
    let ty = "Scenario";
    let version = p.required::<u32>("version", ty);
    let meta = p.required::<Meta>("meta", ty);
    let calendar = p.required::<Calendar>("calendar", ty);
    let posts = p.list::<Post>("posts", None).unwrap_or_default();
    let regions = p.list::<Region>("regions", Some(ty));
    let features = p.list::<Feature>("features", None);
    let blocs = p.list::<Bloc>("blocs", None);
    let candidates = p.list::<Candidate>("candidates", Some(ty));
    let states = p.list::<MemberState>("states", Some(ty));
    // Optional parts that fail to parse are reported and replaced by their
    // defaults, so that the rest of the file can still be cross-checked.
    let prior = p.optional::<Prior>("prior").unwrap_or_default();
    let campaigns = p.list::<Campaign>("campaigns", None).unwrap_or_default();
    let events = p.list::<Event>("events", None).unwrap_or_default();
    let params = p.optional::<Params>("params").unwrap_or_default();
    let ballot = p.optional::<BallotRules>("ballot").unwrap_or_default();
    let shocks = p.list::<Shock>("shocks", None).unwrap_or_default();
    let propensities = p
        .optional::<Propensities>("propensities")
        .unwrap_or_default();
    let limits = p.optional::<Limits>("limits").unwrap_or_default();
    let observed = p
        .optional::<Option<super::observed::Observed>>("observed")
        .unwrap_or_default();
    let deals = p.list::<Deal>("deals", None).unwrap_or_default();
    let after_results = p
        .list::<AfterResult>("after_results", None)
        .unwrap_or_default();
    let features = features.unwrap_or_default();
    let blocs = blocs.unwrap_or_default();
    let scenario = (|| {
        Some(Scenario {
            version: version?,
            meta: meta?,
            calendar: calendar?,
            posts,
            regions: regions?,
            features,
            blocs,
            candidates: candidates?,
            states: states?,
            prior,
            campaigns,
            events,
            params,
            ballot,
            shocks,
            propensities,
            limits,
            observed,
            deals,
            after_results,
        })
    })();
    if p.diags.is_empty() {
        // The scan accepted what RON refused: report RON's own message.
        p.diags.push(syntax_error(file));
    }
    (scenario, p.diags, p.broken)
}

const WHAT_IF_FIELDS: [&str; 8] = [
    "version",
    "base",
    "meta",
    "disable",
    "set",
    "add_campaigns",
    "add_events",
    "observed",
];

fn load_what_if(
    file: SourceFile,
    root: &Node,
    chain: &[PathBuf],
) -> Result<LoadedScenario, LoadError> {
    let what_if = match ron_options().from_str::<WhatIf>(&file.text) {
        Ok(w) => w,
        Err(_) => {
            let mut p = Parts::new(&file, root, "WhatIf", &WHAT_IF_FIELDS);
            let ty = "WhatIf";
            let _ = p.required::<u32>("version", ty);
            let _ = p.required::<String>("base", ty);
            let _ = p.required::<Meta>("meta", ty);
            let _ = p.optional::<Vec<String>>("disable");
            let _ = p.optional::<Vec<String>>("set");
            let _ = p.list::<Campaign>("add_campaigns", None);
            let _ = p.list::<Event>("add_events", None);
            let _ = p.optional::<Option<super::observed::Observed>>("observed");
            if p.diags.is_empty() {
                p.diags.push(syntax_error(&file));
            }
            return Err(invalid(p.diags));
        }
    };
    let here = tree::Path::root();
    if !(ONE_POST_VERSION..=FORMAT_VERSION).contains(&what_if.version) {
        return Err(invalid(vec![file.at_path(
            &here.field("version"),
            format!(
                "unsupported version {}; this build of lobbysim reads versions {ONE_POST_VERSION} to {FORMAT_VERSION}",
                what_if.version
            ),
        )]));
    }
    let base_path = file
        .path
        .parent()
        .unwrap_or(Path::new(""))
        .join(&what_if.base);
    let names = |paths: &[PathBuf]| {
        paths
            .iter()
            .map(|p| tidy(p).display().to_string())
            .collect::<Vec<_>>()
            .join(" -> ")
    };
    let same_file = |a: &Path, b: &Path| match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    if let Some(first) = chain.iter().position(|p| same_file(p, &base_path)) {
        let mut cycle = chain[first..].to_vec();
        cycle.push(base_path.clone());
        return Err(invalid(vec![file.at_path(
            &here.field("base"),
            format!(
                "the bases form a cycle: {}; a what-if's base must lead to a Scenario(...) file",
                names(&cycle)
            ),
        )]));
    }
    if chain.len() > MAX_BASE_DEPTH {
        let mut long = chain.to_vec();
        long.push(base_path.clone());
        return Err(invalid(vec![file.at_path(
            &here.field("base"),
            format!(
                "what-ifs nest more than {MAX_BASE_DEPTH} deep: {}; base this what-if on a scenario nearer the bottom of the chain",
                names(&long)
            ),
        )]));
    }
    let mut base = match load_in_chain(&base_path, chain) {
        Ok(b) => b,
        Err(LoadError::Io { source, .. }) => {
            return Err(invalid(vec![file.at_path(
                &here.field("base"),
                format!(
                    "cannot read base scenario {}: {}",
                    tidy(&base_path).display(),
                    crate::plain_io::plain_io(&source)
                ),
            )]));
        }
        Err(e) => return Err(e),
    };

    let mut s = base.scenario.clone();
    let mut diags = Vec::new();
    let mut sources = s.meta.sources.clone();
    sources.extend(what_if.meta.sources.iter().cloned());
    s.meta = what_if.meta.clone();
    s.meta.sources = sources;
    s.campaigns.extend(what_if.add_campaigns.iter().cloned());
    s.events.extend(what_if.add_events.iter().cloned());
    if what_if.observed.is_some() {
        s.observed = what_if.observed.clone();
    }
    for (i, id) in what_if.disable.iter().enumerate() {
        if let Err(e) = overrides::disable(&mut s, id) {
            diags.push(file.at_path(&here.field("disable").index(i), e.to_string()));
        }
    }
    for (i, spec) in what_if.set.iter().enumerate() {
        if let Err(e) = overrides::set(&mut s, spec) {
            diags.push(file.at_path(&here.field("set").index(i), e.to_string()));
        }
    }
    if diags.is_empty() {
        let added: HashSet<&str> = what_if
            .add_campaigns
            .iter()
            .map(|c| c.id.as_str())
            .chain(what_if.add_events.iter().map(|e| e.id.as_str()))
            .collect();
        for p in validate::validate(&s, &HashSet::new()) {
            let observed_here = what_if.observed.is_some();
            diags.push(locate_in_what_if(
                &file,
                &base.files[0],
                &added,
                &what_if.set,
                observed_here,
                &p,
            ));
        }
    }
    if !diags.is_empty() {
        return Err(invalid(diags));
    }
    let mut files = vec![file];
    files.append(&mut base.files);
    Ok(LoadedScenario { scenario: s, files })
}

/// `path` with `x/..` pairs removed, for messages (`a/b/../c` as `a/c`).
fn tidy(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out.iter().collect()
}

/// A problem in the merged scenario points into the what-if where it comes
/// from an added campaign or event, from one of its `set` entries or from
/// the what-if's own `observed` block (`observed_here`), else into the base
/// file.
fn locate_in_what_if(
    what_if: &SourceFile,
    base: &SourceFile,
    added: &HashSet<&str>,
    set: &[String],
    observed_here: bool,
    p: &validate::Problem,
) -> Diagnostic {
    if observed_here && p.path.0.first() == Some(&tree::Seg::Field("observed".to_string())) {
        return what_if.at_path(&p.path, p.message.clone());
    }
    let dotted = dotted_path(&p.path);
    for (i, spec) in set.iter().enumerate().rev() {
        let target = spec.split_once('=').map_or("", |(path, _)| path.trim());
        if !target.is_empty()
            && (dotted == target
                || dotted.starts_with(&format!("{target}."))
                || target.starts_with(&format!("{dotted}.")))
        {
            return what_if.at_path(
                &tree::Path::root().field("set").index(i),
                format!("{} (after this `set`)", p.message),
            );
        }
    }
    let mut segs = p.path.0.clone();
    if let (Some(tree::Seg::Field(list)), Some(tree::Seg::Key(id))) = (segs.first(), segs.get(1))
        && (list == "campaigns" || list == "events")
        && added.contains(id.as_str())
    {
        segs[0] = tree::Seg::Field(format!("add_{list}"));
        return what_if.at_path(&tree::Path(segs), p.message.clone());
    }
    base.at_path(
        &p.path,
        format!("{} (after applying {})", p.message, what_if.path.display()),
    )
}

/// The first problem of a value that a `--set` gave (a distribution out of
/// range, say), as a problem of that `--set`: the file's value is not at fault.
fn set_problem(set: &[String], problems: &[validate::Problem]) -> Option<OverrideFailure> {
    problems.iter().find_map(|p| {
        let dotted = dotted_path(&p.path);
        set.iter().rev().find_map(|spec| {
            let (target, value) = spec.split_once('=')?;
            let target = target.trim();
            (!target.is_empty() && (dotted == target || dotted.starts_with(&format!("{target}."))))
                .then(|| OverrideFailure::Bad {
                    flag: "--set",
                    value: spec.clone(),
                    error: Box::new(overrides::OverrideError::BadValue {
                        path: target.to_string(),
                        value: value.trim().to_string(),
                        reason: p.message.clone(),
                    }),
                })
        })
    })
}

/// A problem's path as `--set` writes it: `params.attendance`, `campaigns.ID.strength`.
fn dotted_path(path: &tree::Path) -> String {
    let segs: Vec<String> = path
        .0
        .iter()
        .map(|seg| match seg {
            tree::Seg::Field(f) | tree::Seg::Key(f) => f.clone(),
            tree::Seg::Index(i) => i.to_string(),
        })
        .collect();
    segs.join(".")
}

/// Changes given on the command line: `--set PATH=VALUE` and `--disable ID`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pub set: Vec<String>,
    pub disable: Vec<String>,
}

impl Overrides {
    pub fn is_empty(&self) -> bool {
        self.set.is_empty() && self.disable.is_empty()
    }

    /// The overrides as the manifest records them: `--disable ID`, `--set P=V`.
    pub fn describe(&self) -> Vec<String> {
        self.disable
            .iter()
            .map(|d| format!("--disable {d}"))
            .chain(self.set.iter().map(|s| format!("--set {s}")))
            .collect()
    }
}

/// Why command-line overrides could not be applied.
#[derive(Debug, thiserror::Error)]
pub enum OverrideFailure {
    #[error("{flag} {value}: {error}")]
    Bad {
        flag: &'static str,
        value: String,
        error: Box<overrides::OverrideError>,
    },
    #[error("the scenario is not valid after the overrides:\n{0}")]
    Invalid(Diagnostics),
}

/// Apply command-line overrides to a loaded scenario and validate the result.
pub fn apply_overrides(
    loaded: &mut LoadedScenario,
    changes: &Overrides,
) -> Result<(), OverrideFailure> {
    for id in &changes.disable {
        overrides::disable(&mut loaded.scenario, id).map_err(|error| OverrideFailure::Bad {
            flag: "--disable",
            value: id.clone(),
            error: Box::new(error),
        })?;
    }
    for spec in &changes.set {
        overrides::set(&mut loaded.scenario, spec).map_err(|error| OverrideFailure::Bad {
            flag: "--set",
            value: spec.clone(),
            error: Box::new(error),
        })?;
    }
    let problems = validate::validate(&loaded.scenario, &HashSet::new());
    if let Some(failure) = set_problem(&changes.set, &problems) {
        return Err(failure);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        let file = &loaded.files[0];
        Err(OverrideFailure::Invalid(Diagnostics::sorted(
            problems.into_iter().map(|p| diagnose(file, &p)).collect(),
        )))
    }
}
