//! Overrides: `--set PATH=VALUE` and `--disable ID`, shared by the command
//! line and by what-if files.
//!
//! A path names fields with dots; list items are named by their `id` (or `code`
//! for member states), other lists by their index from 0:
//! `params.temperature`, `campaigns.us-africa.budget`,
//! `campaigns.us-africa.tactics.0.effort`, `states.KEN.attendance`,
//! `calendar.ballot`, `events.invasion.effects.1.shift`. Only numbers, dates,
//! flags and names can be set; an uncertain number may be set to a number or
//! to a distribution written as in a file (`params.noise=Uniform(lo: 0, hi: 0.1)`).
//! The value is checked by the same rules as the file (a probability of 1.5 is refused).

use serde_json::Value;

use super::diagnostic::did_you_mean;
use super::distribution::Distribution;
use super::types::Scenario;

/// Why an override could not be applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OverrideError {
    #[error("expected PATH=VALUE (e.g. params.temperature=0.8), found `{0}`")]
    Syntax(String),
    #[error("unknown path `{path}`: `{segment}` is not one of: {options}{suggestion}")]
    UnknownPath {
        path: String,
        segment: String,
        options: String,
        suggestion: String,
    },
    #[error(
        "`{path}` is a group of values, not a number, date or flag; name one of its fields: {options}"
    )]
    NotScalar { path: String, options: String },
    #[error("cannot set `{path}` to `{value}`: {reason}")]
    BadValue {
        path: String,
        value: String,
        reason: String,
    },
    #[error("no campaign or event with id `{id}`; known ids: {known}{suggestion}")]
    UnknownId {
        id: String,
        known: String,
        suggestion: String,
    },
}

/// Apply one `PATH=VALUE` override.
pub fn set(s: &mut Scenario, spec: &str) -> Result<(), OverrideError> {
    let (path, raw) = spec
        .split_once('=')
        .map(|(p, v)| (p.trim(), v.trim()))
        .filter(|(p, _)| !p.is_empty())
        .ok_or_else(|| OverrideError::Syntax(spec.to_string()))?;
    let mut doc = document(s, path, raw)?;
    let slot = walk(&mut doc, path, &mut Vec::new())?;
    *slot = parse_value(slot, raw).ok_or_else(|| OverrideError::BadValue {
        path: path.to_string(),
        value: raw.to_string(),
        reason: bad_distribution(slot, raw)
            .unwrap_or_else(|| format!("expected {}", kind_of(slot))),
    })?;
    *s = serde_json::from_value(doc).map_err(|e| OverrideError::BadValue {
        path: path.to_string(),
        value: raw.to_string(),
        reason: e.to_string(),
    })?;
    Ok(())
}

/// The value a `--set` of `path` would replace: a number, date, flag or
/// name, as JSON (e.g. to show a swept parameter's value in the scenario).
pub fn value_at(s: &Scenario, path: &str) -> Result<Value, OverrideError> {
    let mut doc = document(s, path, "")?;
    walk(&mut doc, path, &mut Vec::new()).map(|v| v.take())
}

/// `path` written as the model names the value it reaches: each list item
/// by its `id` (or `code`) where it has one, else by its index, however
/// `path` names it (`prior.terms.0.weight` is `prior.terms.home-qu.weight`
/// where term 0 has the id `home-qu`).
pub fn canonical(s: &Scenario, path: &str) -> Result<String, OverrideError> {
    let mut doc = document(s, path, "")?;
    let mut names = Vec::new();
    walk(&mut doc, path, &mut names)?;
    Ok(names.join("."))
}

/// The scenario as the document that paths walk, for an override of `path`
/// to `raw` (named in the error).
fn document(s: &Scenario, path: &str, raw: &str) -> Result<Value, OverrideError> {
    let mut doc = serde_json::to_value(s).map_err(|e| OverrideError::BadValue {
        path: path.to_string(),
        value: raw.to_string(),
        reason: e.to_string(),
    })?;
    settable_rules(&mut doc);
    Ok(doc)
}

/// The election rules' single-value settings, written or not, so that
/// `--set ballot.seats=3` works on a scenario that leaves `seats` to its
/// default (an unwritten setting is not in the serialised scenario).
const RULE_SETTINGS: [&str; 7] = [
    "preset",
    "seats",
    "majority_of",
    "threshold",
    "elimination",
    "runoff_after",
    "max_rounds",
];

fn settable_rules(doc: &mut Value) {
    if let Some(ballot) = doc.get_mut("ballot").and_then(Value::as_object_mut) {
        for name in RULE_SETTINGS {
            ballot.entry(name).or_insert(Value::Null);
        }
    }
}

/// A value of [`value_at`] as a number: the number itself, or a
/// distribution's central value (its range unknown here, so unclamped).
pub fn number_of(v: &Value) -> Option<f64> {
    v.as_f64().or_else(|| {
        serde_json::from_value::<Distribution>(v.clone())
            .ok()
            .map(|d| d.central(f64::NEG_INFINITY, f64::INFINITY))
    })
}

/// Remove the campaign or event with this id.
pub fn disable(s: &mut Scenario, id: &str) -> Result<(), OverrideError> {
    let before = s.campaigns.len() + s.events.len();
    s.campaigns.retain(|c| c.id != id);
    s.events.retain(|e| e.id != id);
    if s.campaigns.len() + s.events.len() < before {
        return Ok(());
    }
    let known: Vec<&str> = s
        .campaigns
        .iter()
        .map(|c| c.id.as_str())
        .chain(s.events.iter().map(|e| e.id.as_str()))
        .collect();
    Err(OverrideError::UnknownId {
        id: id.to_string(),
        known: known.join(", "),
        suggestion: did_you_mean(id, known.iter().copied()),
    })
}

/// The value at `path`; `names` gets each step's canonical name ([`canonical`]).
fn walk<'v>(
    doc: &'v mut Value,
    path: &str,
    names: &mut Vec<String>,
) -> Result<&'v mut Value, OverrideError> {
    let mut node = doc;
    let mut walked = Vec::new();
    for segment in path.split('.') {
        walked.push(segment);
        let options = options_of(node);
        let unknown = |options: Vec<String>| OverrideError::UnknownPath {
            path: path.to_string(),
            segment: segment.to_string(),
            suggestion: did_you_mean(segment, options.iter().map(String::as_str)),
            options: if options.is_empty() {
                "(nothing: it is a single value)".to_string()
            } else {
                options.join(", ")
            },
        };
        node = match node {
            Value::Object(map) => match map.get_mut(segment) {
                Some(v) => {
                    names.push(segment.to_string());
                    v
                }
                None => return Err(unknown(options)),
            },
            Value::Array(items) => {
                let by_id = items.iter().position(|item| {
                    ["id", "code"]
                        .iter()
                        .any(|k| item.get(k).and_then(Value::as_str) == Some(segment))
                });
                let index =
                    by_id.or_else(|| segment.parse::<usize>().ok().filter(|i| *i < items.len()));
                match index {
                    Some(i) => {
                        names.push(item_name(&items[i]).unwrap_or_else(|| i.to_string()));
                        &mut items[i]
                    }
                    None => return Err(unknown(options)),
                }
            }
            _ => return Err(unknown(Vec::new())),
        };
    }
    if matches!(node, Value::Object(_) | Value::Array(_)) && !is_distribution(node) {
        return Err(OverrideError::NotScalar {
            path: path.to_string(),
            options: options_of(node).join(", "),
        });
    }
    Ok(node)
}

/// Whether a value is an uncertain number's distribution (`{"Normal": {...}}`).
fn is_distribution(node: &Value) -> bool {
    serde_json::from_value::<Distribution>(node.clone()).is_ok()
}

/// A distribution written as in a scenario file, e.g. `Normal(mean: 0.3, sd: 0.1)`.
/// Why `raw`, written as `Name(...)` where a number or distribution goes,
/// is not a distribution: an unknown name (with a suggestion), a missing or
/// unknown field, a field that is not a number.
fn bad_distribution(old: &Value, raw: &str) -> Option<String> {
    if !(is_distribution(old) || old.is_number()) || !raw.contains('(') {
        return None;
    }
    let e = ron::from_str::<Distribution>(raw).err()?;
    Some(match e.code {
        ron::Error::NoSuchEnumVariant {
            expected, found, ..
        } => format!(
            "unknown distribution `{found}`; expected one of: {}{}",
            expected.join(", "),
            did_you_mean(&found, expected.iter().copied())
        ),
        ron::Error::MissingStructField { field, outer } => format!(
            "missing field `{field}` in {}",
            outer.as_deref().unwrap_or("the distribution")
        ),
        ron::Error::NoSuchStructField {
            expected,
            found,
            outer,
        } => format!(
            "unknown field `{found}` in {}; expected one of: {}{}",
            outer.as_deref().unwrap_or("the distribution"),
            expected.join(", "),
            did_you_mean(&found, expected.iter().copied())
        ),
        ron::Error::ExpectedFloat => {
            // RON may point at the blank before the value.
            let before = e.span.start.col.saturating_sub(1);
            let blanks = raw
                .chars()
                .skip(before)
                .take_while(|c| c.is_whitespace())
                .count();
            format!(
                "expected a number at column {} of `{raw}`, as every field of a distribution is",
                before + blanks + 1
            )
        }
        _ => "expected a distribution such as Normal(mean: 0.3, sd: 0.1), every field a number"
            .to_string(),
    })
}

fn parse_distribution(raw: &str) -> Option<Value> {
    let d: Distribution = ron::from_str(raw).ok()?;
    serde_json::to_value(d).ok()
}

/// A list item's `id`, else its `code`, if it has one.
fn item_name(item: &Value) -> Option<String> {
    ["id", "code"]
        .iter()
        .find_map(|k| item.get(k).and_then(Value::as_str))
        .map(str::to_string)
}

/// The names under a value: field names, or item ids (else indices).
fn options_of(node: &Value) -> Vec<String> {
    match node {
        Value::Object(map) => {
            // In name order, whatever order the map keeps.
            let mut names: Vec<String> = map.keys().cloned().collect();
            names.sort();
            names
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| item_name(item).unwrap_or_else(|| i.to_string()))
            .collect(),
        _ => Vec::new(),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number or a distribution such as Normal(mean: 0.3, sd: 0.1)",
        Value::String(_) => "text (a name, or a date as YYYY-MM-DD)",
        _ => "a number, a date, true/false or a name",
    }
}

/// The override's text as a value of the same kind as the one it replaces.
fn parse_value(old: &Value, raw: &str) -> Option<Value> {
    let number = || -> Option<Value> {
        if let Ok(i) = raw.parse::<u64>()
            && old.as_f64().is_none_or(|_| old.is_u64())
        {
            return Some(Value::from(i));
        }
        let x = raw.parse::<f64>().ok().filter(|x| x.is_finite())?;
        serde_json::Number::from_f64(x).map(Value::Number)
    };
    let text = || Value::String(raw.trim_matches('"').to_string());
    if is_distribution(old) {
        return number().or_else(|| parse_distribution(raw));
    }
    match old {
        Value::Bool(_) => raw.parse::<bool>().ok().map(Value::Bool),
        Value::Number(_) => number().or_else(|| parse_distribution(raw)),
        Value::String(_) => Some(text()),
        Value::Null => number()
            .or_else(|| raw.parse::<bool>().ok().map(Value::Bool))
            .or_else(|| Some(text())),
        _ => None,
    }
}
