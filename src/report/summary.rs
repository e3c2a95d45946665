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
    /// Pretty JSON ending with a newline ([`super::json_text::sorted_pretty`]).
    pub json: Option<String>,
}
