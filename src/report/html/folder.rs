//! An output folder as the report sees it: its kind and manifest, the files
//! in it, and the scenario that produced it.

use std::fs;
use std::path::{Path, PathBuf};

use super::json::{self, Json};
use super::{HtmlReportError, REPORT_FILE};
use crate::report::manifest::MANIFEST_FILE;
use crate::scenario::{self, Overrides};

/// The kinds of output folder, after the command that wrote them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolderKind {
    /// One seeded run: `lobbysim run`.
    Run,
    /// Many seeded runs: `lobbysim ensemble`.
    Ensemble,
    /// Two scenarios side by side: `lobbysim compare`.
    Compare,
    /// Outcomes over a range of parameter values: `lobbysim sweep`.
    Sweep,
    /// Which parameters matter: `lobbysim sensitivity`.
    Sensitivity,
    /// Past elections scored against their results: `lobbysim backtest`.
    Backtest,
    /// Parameters fitted to past elections: `lobbysim calibrate`.
    Calibration,
}

impl FolderKind {
    /// The kind named by a manifest's `command`.
    pub fn from_command(command: &str) -> Option<FolderKind> {
        Some(match command {
            "run" => FolderKind::Run,
            "ensemble" => FolderKind::Ensemble,
            "compare" => FolderKind::Compare,
            "sweep" => FolderKind::Sweep,
            "sensitivity" => FolderKind::Sensitivity,
            "backtest" => FolderKind::Backtest,
            "calibrate" => FolderKind::Calibration,
            _ => return None,
        })
    }

    /// How the page names it, e.g. "Single run".
    pub fn label(self) -> &'static str {
        match self {
            FolderKind::Run => "Single run",
            FolderKind::Ensemble => "Ensemble of runs",
            FolderKind::Compare => "Comparison of two scenarios",
            FolderKind::Sweep => "Parameter sweep",
            FolderKind::Sensitivity => "Sensitivity analysis",
            FolderKind::Backtest => "Backtest against past elections",
            FolderKind::Calibration => "Calibration on past elections",
        }
    }
}

/// The fields of `manifest.json` the report shows, read leniently: a field
/// missing or of another type is left empty rather than refused, since
/// folders written by other versions may differ.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ManifestView {
    pub tool: String,
    pub version: String,
    pub command: String,
    pub command_line: Vec<String>,
    pub scenario_path: String,
    pub scenario_sha256: String,
    pub seed: Option<u64>,
    /// The number of runs, from a top-level `runs` or `extra.runs`.
    pub runs: Option<u64>,
    /// As recorded: `--set PATH=VALUE`, `--disable ID`.
    pub overrides: Vec<String>,
    pub created_utc: String,
    pub files: Vec<String>,
    /// `extra`, and any top-level field not named above, in file order.
    pub other: Vec<(String, Json)>,
}

impl ManifestView {
    /// Reads a manifest from its JSON text; it must be an object with a
    /// `command`.
    pub fn from_json(text: &str) -> Result<ManifestView, String> {
        let Json::Object(fields) = json::parse(text)? else {
            return Err("expected a JSON object".to_owned());
        };
        let mut m = ManifestView::default();
        let text = |v: Json| match v {
            Json::String(s) => s,
            Json::Null => String::new(),
            other => other.to_string(),
        };
        let texts = |v: Json| -> Vec<String> {
            match v {
                Json::Array(items) => items.into_iter().map(text).collect(),
                _ => Vec::new(),
            }
        };
        let mut extra = Vec::new();
        for (key, value) in fields {
            match key.as_str() {
                "tool" => m.tool = text(value),
                "version" => m.version = text(value),
                "command" => m.command = text(value),
                "scenario_path" => m.scenario_path = text(value),
                "scenario_sha256" => m.scenario_sha256 = text(value),
                "created_utc" => m.created_utc = text(value),
                "command_line" => m.command_line = texts(value),
                "overrides" => m.overrides = texts(value),
                "files" => m.files = texts(value),
                "seed" => m.seed = value.as_u64(),
                "extra" => match value {
                    Json::Object(fields) => extra = fields.into_iter().collect(),
                    Json::Null => {}
                    other => m.other.push((key, other)),
                },
                _ => m.other.push((key, value)),
            }
        }
        m.other.extend(extra);
        if m.command.is_empty() {
            return Err("it has no \"command\" saying what wrote the folder".to_owned());
        }
        m.runs = m
            .other
            .iter()
            .find(|(k, _)| k == "runs")
            .and_then(|(_, v)| v.as_u64());
        Ok(m)
    }

    /// The recorded overrides as the scenario loader takes them. A bare
    /// `PATH=VALUE` counts as a `--set`.
    pub fn scenario_overrides(&self) -> Overrides {
        let mut out = Overrides::default();
        for o in &self.overrides {
            let o = o.trim();
            if let Some(id) = o.strip_prefix("--disable") {
                out.disable
                    .push(id.trim_start_matches('=').trim().to_owned());
            } else if let Some(spec) = o.strip_prefix("--set") {
                out.set.push(spec.trim_start_matches('=').trim().to_owned());
            } else if o.contains('=') {
                out.set.push(o.to_owned());
            }
        }
        out
    }
}

/// Where the scenario facts on the page come from.
#[derive(Debug, Clone, PartialEq)]
pub enum ScenarioSource {
    /// Re-loaded from the scenario file; `same_file` says whether its hash
    /// still matches the manifest's.
    Reloaded { same_file: bool },
    /// The file could not be loaded (the reason); facts come from the
    /// manifest and the folder's files.
    Manifest { reason: String },
}

/// A candidate as the page names it.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateLabel {
    pub id: String,
    pub name: String,
    pub colour: Option<String>,
}

/// What the page says about the scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioInfo {
    /// `meta.name`, or a name from the summary or the file name.
    pub name: String,
    /// `meta.title`; empty when unknown.
    pub title: String,
    /// `meta.description`; empty when unknown.
    pub description: String,
    pub candidates: Vec<CandidateLabel>,
    /// Region id and name.
    pub regions: Vec<(String, String)>,
    /// Member states, and how many of them have voting rights.
    pub states: Option<(usize, usize)>,
    /// The ballot date, ISO.
    pub ballot_date: Option<String>,
    /// The elimination rule between rounds, e.g. `DropLowest`.
    pub elimination: Option<String>,
    pub source: ScenarioSource,
}

impl ScenarioInfo {
    /// The candidate's name for id `id`, or the id itself.
    pub fn candidate_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.candidate(id).map_or(id, |c| c.name.as_str())
    }

    pub fn candidate(&self, id: &str) -> Option<&CandidateLabel> {
        self.candidates.iter().find(|c| c.id == id)
    }

    /// The title if known, else the name.
    pub fn display_title(&self) -> &str {
        if self.title.is_empty() {
            &self.name
        } else {
            &self.title
        }
    }
}

/// An output folder opened for reporting.
#[derive(Debug, Clone)]
pub struct Folder {
    pub path: PathBuf,
    pub kind: FolderKind,
    pub manifest: ManifestView,
    /// Plain files in the folder, sorted; no hidden files, no `report.html`.
    pub files: Vec<String>,
    pub scenario: ScenarioInfo,
}

impl Folder {
    /// Reads the manifest and the file list of `path` and re-loads its scenario.
    pub fn open(path: &Path) -> Result<Folder, HtmlReportError> {
        if !path.is_dir() {
            return Err(HtmlReportError::NotAFolder {
                path: path.to_path_buf(),
            });
        }
        let manifest_path = path.join(MANIFEST_FILE);
        if fs::metadata(&manifest_path).is_err() {
            return Err(HtmlReportError::NoManifest {
                path: path.to_path_buf(),
            });
        }
        let text = read_text(&manifest_path).map_err(|reason| HtmlReportError::Unreadable {
            path: manifest_path.clone(),
            reason,
        })?;
        let manifest =
            ManifestView::from_json(&text).map_err(|reason| HtmlReportError::BadManifest {
                path: manifest_path.clone(),
                reason,
            })?;
        let kind = FolderKind::from_command(&manifest.command).ok_or_else(|| {
            HtmlReportError::UnknownKind {
                path: manifest_path.clone(),
                command: manifest.command.clone(),
            }
        })?;
        let files = list_files(path)?;
        let scenario = scenario_info(path, &manifest);
        Ok(Folder {
            path: path.to_path_buf(),
            kind,
            manifest,
            files,
            scenario,
        })
    }

    /// Whether the folder holds file `name`.
    pub fn has(&self, name: &str) -> bool {
        self.files.iter().any(|f| f == name)
    }

    /// The path of file `name` in the folder.
    pub fn file(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }
}

/// The files of the folder, sorted: regular files, or links to them. A
/// pipe, device or socket (or a link to one) is refused, so that reading
/// the folder can neither block nor fill the memory; sub-folders are left
/// out.
fn list_files(path: &Path) -> Result<Vec<String>, HtmlReportError> {
    let entries = fs::read_dir(path).map_err(|e| HtmlReportError::io("list", path, e))?;
    let mut files: Vec<String> = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        if name.starts_with('.') || name == REPORT_FILE {
            continue;
        }
        // Following links: a link to /dev/zero is a device.
        match fs::metadata(entry.path()) {
            Ok(meta) if meta.is_dir() => {}
            Ok(meta) if meta.is_file() => files.push(name),
            Ok(_) => {
                return Err(HtmlReportError::Unreadable {
                    path: entry.path(),
                    reason: NOT_REGULAR.to_owned(),
                });
            }
            // A dangling link: nothing to show.
            Err(_) => {}
        }
    }
    files.sort();
    Ok(files)
}

/// Why a pipe, device or socket in the folder is refused.
const NOT_REGULAR: &str =
    "it is not a regular file (a pipe, device or socket); lobbysim reads only regular files";

/// Largest file of a folder that the report reads.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The bytes of a file of the folder: only a regular file, at most
/// [`MAX_FILE_BYTES`]; else why not, in a plain sentence.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    crate::plain_io::read_regular(path, MAX_FILE_BYTES).map_err(|e| crate::plain_io::plain_io(&e))
}

/// As [`read_bytes`], as UTF-8 text.
pub fn read_text(path: &Path) -> Result<String, String> {
    String::from_utf8(read_bytes(path)?).map_err(|_| "it is not UTF-8 text".to_owned())
}

/// The scenario re-loaded with the manifest's overrides, or what the
/// manifest and the summary say when that fails.
fn scenario_info(folder: &Path, manifest: &ManifestView) -> ScenarioInfo {
    let reason = if manifest.scenario_path.is_empty() {
        "the manifest names no scenario file".to_owned()
    } else {
        let path = scenario_file(folder, Path::new(&manifest.scenario_path));
        match reload(&path, &manifest.scenario_overrides()) {
            Ok(loaded) => {
                let same_file = manifest.scenario_sha256.is_empty()
                    || loaded.sha256() == manifest.scenario_sha256;
                return from_scenario(&loaded.scenario, same_file);
            }
            Err(reason) => reason,
        }
    };
    ScenarioInfo {
        name: fallback_name(folder, manifest),
        title: String::new(),
        description: String::new(),
        candidates: summary_candidates(folder),
        regions: Vec::new(),
        states: None,
        ballot_date: None,
        elimination: None,
        source: ScenarioSource::Manifest { reason },
    }
}

/// Where the scenario file is now: `path` as given if it exists (read from
/// the current folder when relative, as the command that wrote the folder
/// read it); else, for a relative path, the first folder above the output
/// folder that holds it (results usually sit in `output/<name>` under the
/// folder the command ran in).
pub(super) fn scenario_file(folder: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() || path.is_file() {
        return path.to_path_buf();
    }
    let Ok(folder) = fs::canonicalize(folder) else {
        return path.to_path_buf();
    };
    folder
        .ancestors()
        .skip(1)
        .map(|a| a.join(path))
        .find(|p| p.is_file())
        .unwrap_or_else(|| path.to_path_buf())
}

pub(super) fn reload(
    path: &Path,
    overrides: &Overrides,
) -> Result<scenario::LoadedScenario, String> {
    let mut loaded = scenario::load(path).map_err(|e| match e {
        scenario::LoadError::Io { source, .. }
            if source.kind() == std::io::ErrorKind::NotFound && path.is_relative() =>
        {
            format!(
                "the scenario file {} was not found from the current folder or above the results \
                 (run lobbysim report where the results were made to show the scenario)",
                path.display()
            )
        }
        scenario::LoadError::Io { source, .. } => {
            format!(
                "the scenario file {} cannot be read ({source})",
                path.display()
            )
        }
        scenario::LoadError::Invalid(_) => {
            format!("the scenario file {} is no longer valid", path.display())
        }
    })?;
    if !overrides.is_empty() {
        scenario::apply_overrides(&mut loaded, overrides).map_err(|_| {
            format!(
                "the manifest's overrides no longer apply to {}",
                path.display()
            )
        })?;
    }
    Ok(loaded)
}

fn from_scenario(s: &scenario::Scenario, same_file: bool) -> ScenarioInfo {
    ScenarioInfo {
        name: s.meta.name.clone(),
        title: s.meta.title.clone(),
        description: s.meta.description.clone(),
        candidates: s
            .candidates
            .iter()
            .map(|c| CandidateLabel {
                id: c.id.clone(),
                name: c.name.clone(),
                colour: c.colour.clone(),
            })
            .collect(),
        regions: s
            .regions
            .iter()
            .map(|r| (r.id.clone(), r.name.clone()))
            .collect(),
        states: Some((
            s.states.len(),
            s.states.iter().filter(|m| m.voting_rights).count(),
        )),
        ballot_date: Some(s.calendar.ballot.to_string()),
        elimination: Some({
            let rules = crate::ballot::Rules::of(&s.ballot, &[]);
            match rules.runoff_after {
                Some(1) => "TopTwoRunoff".to_owned(),
                Some(after) => format!("NoElimination, then TopTwoRunoff from round {after}"),
                None => format!("{:?}", rules.elimination),
            }
        }),
        source: ScenarioSource::Reloaded { same_file },
    }
}

/// `summary.json`'s `scenario`, else the scenario file's stem, else the
/// folder's name.
fn fallback_name(folder: &Path, manifest: &ManifestView) -> String {
    if let Some(name) = read_summary(folder)
        .as_ref()
        .and_then(|s| s.get("scenario"))
        .and_then(Json::as_str)
    {
        return name.to_owned();
    }
    Path::new(&manifest.scenario_path)
        .file_stem()
        .or_else(|| folder.file_name())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Candidates listed in `summary.json` (`candidates: [{id, name, colour}]`).
fn summary_candidates(folder: &Path) -> Vec<CandidateLabel> {
    let Some(summary) = read_summary(folder) else {
        return Vec::new();
    };
    let Some(list) = summary.get("candidates").and_then(Json::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|c| {
            let id = c.get("id")?.as_str()?.to_owned();
            let name = c
                .get("name")
                .and_then(Json::as_str)
                .unwrap_or(&id)
                .to_owned();
            let colour = c.get("colour").and_then(Json::as_str).map(str::to_owned);
            Some(CandidateLabel { id, name, colour })
        })
        .collect()
}

fn read_summary(folder: &Path) -> Option<Json> {
    let text = read_text(&folder.join("summary.json")).ok()?;
    json::parse(&text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_manifest_leniently() {
        let m = ManifestView::from_json(
            r#"{"tool":"lobbysim","version":"0.1.0","command":"ensemble","seed":7,
                "runs":500,"overrides":["--set params.noise=0.1","--disable scandal"],
                "files":["a.csv"],"threads":4,"extra":{"shards":2}}"#,
        )
        .unwrap();
        assert_eq!(m.command, "ensemble");
        assert_eq!(m.seed, Some(7));
        assert_eq!(m.runs, Some(500));
        assert_eq!(m.files, ["a.csv"]);
        let keys: Vec<&str> = m.other.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["runs", "threads", "shards"]);
        let o = m.scenario_overrides();
        assert_eq!(o.set, ["params.noise=0.1"]);
        assert_eq!(o.disable, ["scandal"]);
    }

    #[test]
    fn a_manifest_needs_a_command() {
        let err = ManifestView::from_json(r#"{"tool":"lobbysim"}"#).unwrap_err();
        assert!(err.contains("command"), "{err}");
        assert!(ManifestView::from_json("[1, 2]").is_err());
        assert!(ManifestView::from_json("{").is_err());
    }

    #[test]
    fn kinds_follow_the_command() {
        assert_eq!(FolderKind::from_command("run"), Some(FolderKind::Run));
        assert_eq!(
            FolderKind::from_command("sensitivity"),
            Some(FolderKind::Sensitivity)
        );
        assert_eq!(
            FolderKind::from_command("calibrate"),
            Some(FolderKind::Calibration)
        );
        assert_eq!(FolderKind::from_command("conference"), None);
    }
}
