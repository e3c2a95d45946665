//! `lobbysim report`: one self-contained HTML page for an output folder.

use std::path::Path;

use super::CommandError;
use crate::report::html::{self, HtmlReportError};

/// Writes `dir/report.html`; refuses to replace one without `force`.
pub fn report(dir: &Path, force: bool, quiet: bool) -> Result<(), CommandError> {
    let path = html::write_report(dir, force).map_err(command_error)?;
    if !quiet {
        println!("report in {}", path.display());
    }
    Ok(())
}

/// A folder that is not one, has no manifest, or already has a report is
/// the user's to fix (exit code 2); a failed write is not (1).
fn command_error(e: HtmlReportError) -> CommandError {
    if e.is_user_error() {
        CommandError::Usage(e.to_string())
    } else {
        CommandError::Failed(e.to_string())
    }
}
