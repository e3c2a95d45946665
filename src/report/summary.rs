//! The summary of an analysis folder: `summary.txt`, the plain-language
//! text the command prints, and `summary.json`, the same figures for
//! scripts (what `--json` prints). Each analysis's module writes its own
//! ([`super::compare`], [`super::sweep`], [`super::sensitivity`],
//! [`super::backtest`], [`super::calibrate`]).

/// File name of the plain-language summary.
pub const SUMMARY_TEXT_FILE: &str = "summary.txt";
/// File name of the summary as JSON.
pub const SUMMARY_JSON_FILE: &str = "summary.json";

/// An analysis's summary, as text and, where the analysis has one, as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub text: String,
    /// Pretty JSON ending with a newline ([`pretty_json`]).
    pub json: Option<String>,
}

/// `value` as pretty JSON ending with a newline, every object's keys in
/// sorted order as summaries have always been written ([`super::json_text`]).
pub fn pretty_json(value: &serde_json::Value) -> String {
    super::json_text::sorted_pretty(value)
}
