//! Reading scenario files: RON text in, a checked [`Scenario`] out, or every
//! problem found, each with its file, line and column.
//!
//! RON stops at its first error, so when a file does not deserialise as a whole
//! the loader deserialises it section by section and list item by list item
//! (using the structural scan in [`super::tree`]), which lets one pass report
//! an unknown field in one campaign, a wrong type in another and a dangling
//! reference in a third. Cross-references are then checked by
//! [`super::validate`].

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::diagnostic::{Diagnostic, Diagnostics, SourceFile, did_you_mean};
use super::overrides;
use super::tree::{self, Node};
use super::types::*;
use super::validate;

/// A what-if may name a base that is itself a what-if, up to this depth.
const MAX_BASE_DEPTH: usize = 4;

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
    #[error("cannot read scenario file {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(Diagnostics),
}

/// Load, check and validate a scenario or what-if file.
pub fn load(path: &Path) -> Result<LoadedScenario, LoadError> {
    load_at_depth(path, 0)
}

/// Load from text already in memory (tests, fuzzing); `path` is used in messages
/// and to resolve a what-if's base.
pub fn load_str(path: &Path, text: &str) -> Result<LoadedScenario, LoadError> {
    load_text(SourceFile::new(path, text.to_string()), 0)
}

fn load_at_depth(path: &Path, depth: usize) -> Result<LoadedScenario, LoadError> {
    let bytes = fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
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
    load_text(SourceFile::new(path, text), depth)
}

fn invalid(list: Vec<Diagnostic>) -> LoadError {
    LoadError::Invalid(Diagnostics::sorted(list))
}

fn load_text(file: SourceFile, depth: usize) -> Result<LoadedScenario, LoadError> {
    let Some(root) = file.tree.clone() else {
        return Err(invalid(vec![syntax_error(&file)]));
    };
    let is_what_if =
        root.name() == Some("WhatIf") || (root.name().is_none() && root.field("base").is_some());
    if is_what_if {
        return load_what_if(file, &root, depth);
    }
    let (scenario, mut diags, broken) = parse_scenario(&file, &root);
    if let Some(s) = &scenario {
        for p in validate::validate(s, &broken) {
            diags.push(file.at_path(&p.path, p.message));
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

/// The options every scenario file is read with: optional fields may be
/// written without `Some(...)`.
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(tree::MAX_DEPTH * 2)
}

fn syntax_error(file: &SourceFile) -> Diagnostic {
    match ron_options().from_str::<ron::Value>(&file.text) {
        Err(e) => file.at_line_col(
            e.span.start.line,
            e.span.start.col,
            format!("syntax error: {}", describe(&e.code)),
        ),
        Ok(_) => match tree::scan(&file.text) {
            Err(e) => file.at_offset(e.offset, format!("syntax error: {}", e.message)),
            Ok(_) => file.at_offset(0, "syntax error"),
        },
    }
}

/// RON's error, reworded where a better hint is possible.
fn describe(code: &ron::Error) -> String {
    use ron::Error as E;
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
            expected.join(", "),
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
            expected.join(", "),
            did_you_mean(found, expected.iter().copied())
        ),
        E::MissingStructField { field, outer } => format!(
            "missing field `{field}`{}",
            outer
                .as_ref()
                .map(|o| format!(" in {o}"))
                .unwrap_or_default()
        ),
        E::Message(m) if m.contains("input contains invalid characters") => {
            format!("expected a date as \"YYYY-MM-DD\": {m}")
        }
        E::Message(m)
            if m.starts_with("premature end of input") || m.contains("input is out of range") =>
        {
            format!("expected a valid date as \"YYYY-MM-DD\": {m}")
        }
        E::ExpectedFloat => "expected a number".to_string(),
        E::ExpectedInteger => "expected a whole number".to_string(),
        E::ExpectedString | E::ExpectedStringEnd => "expected text in double quotes".to_string(),
        E::ExpectedBoolean => "expected true or false".to_string(),
        E::ExpectedArray => "expected a list `[...]`".to_string(),
        E::ExpectedMap => "expected a map `{...}`".to_string(),
        E::ExpectedStructLike => "expected a group `(...)`".to_string(),
        E::IntegerOutOfBounds => "the number is out of range".to_string(),
        other => other.to_string(),
    }
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
        file.at_line_col(line, col, describe(&e.code))
    })
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

const SCENARIO_FIELDS: [&str; 15] = [
    "version",
    "meta",
    "calendar",
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
    "observed",
    "base",
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
    let mut p = Parts::new(file, root, "Scenario", &SCENARIO_FIELDS[..14]);
    let ty = "Scenario";
    let version = p.required::<u32>("version", ty);
    let meta = p.required::<Meta>("meta", ty);
    let calendar = p.required::<Calendar>("calendar", ty);
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
    let observed = p
        .optional::<Option<super::observed::Observed>>("observed")
        .unwrap_or_default();
    let features = features.unwrap_or_default();
    let blocs = blocs.unwrap_or_default();
    let scenario = (|| {
        Some(Scenario {
            version: version?,
            meta: meta?,
            calendar: calendar?,
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
            observed,
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

fn load_what_if(file: SourceFile, root: &Node, depth: usize) -> Result<LoadedScenario, LoadError> {
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
    if what_if.version != FORMAT_VERSION {
        return Err(invalid(vec![file.at_path(
            &here.field("version"),
            format!(
                "unsupported version {}; this build of lobbysim reads version {FORMAT_VERSION}",
                what_if.version
            ),
        )]));
    }
    if depth >= MAX_BASE_DEPTH {
        return Err(invalid(vec![file.at_path(
            &here.field("base"),
            format!("bases nest more than {MAX_BASE_DEPTH} deep (is there a cycle?)"),
        )]));
    }
    let base_path = file
        .path
        .parent()
        .unwrap_or(Path::new(""))
        .join(&what_if.base);
    let mut base = match load_at_depth(&base_path, depth + 1) {
        Ok(b) => b,
        Err(LoadError::Io { source, .. }) => {
            return Err(invalid(vec![file.at_path(
                &here.field("base"),
                format!(
                    "cannot read base scenario {}: {source}",
                    base_path.display()
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
            let here = what_if.observed.is_some();
            diags.push(locate_in_what_if(&file, &base.files[0], &added, here, &p));
        }
    }
    if !diags.is_empty() {
        return Err(invalid(diags));
    }
    let mut files = vec![file];
    files.append(&mut base.files);
    Ok(LoadedScenario { scenario: s, files })
}

/// A problem in the merged scenario points into the what-if where it comes
/// from an added campaign or event, or from the what-if's own `observed`
/// block (`observed_here`), else into the base file.
fn locate_in_what_if(
    what_if: &SourceFile,
    base: &SourceFile,
    added: &HashSet<&str>,
    observed_here: bool,
    p: &validate::Problem,
) -> Diagnostic {
    if observed_here && p.path.0.first() == Some(&tree::Seg::Field("observed".to_string())) {
        return what_if.at_path(&p.path, p.message.clone());
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
    if problems.is_empty() {
        Ok(())
    } else {
        let file = &loaded.files[0];
        Err(OverrideFailure::Invalid(Diagnostics::sorted(
            problems
                .into_iter()
                .map(|p| file.at_path(&p.path, p.message))
                .collect(),
        )))
    }
}
