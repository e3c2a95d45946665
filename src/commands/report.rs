//! `lobbysim report`: one self-contained HTML page for an output folder.

use std::path::Path;

use super::CommandError;
use crate::report::html;

/// Writes `dir/report.html`; refuses to replace one without `force`.
pub fn report(dir: &Path, force: bool, quiet: bool) -> Result<(), CommandError> {
    let path = html::write_report(dir, force)?;
    if !quiet {
        println!("report in {}", path.display());
    }
    Ok(())
}
