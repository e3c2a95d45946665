//! Why a command failed, and the exit code each failure ends the process
//! with: 2 when the user's input is to blame (a scenario, an argument, an
//! output folder in the way), 130 when the user stopped the command, 1
//! otherwise. The domain errors keep their types; [`ExitCode`] says, for
//! each, which of its cases are the user's to fix.

use std::path::PathBuf;

use crate::analysis::backtest::BacktestError;
use crate::analysis::compare::Incomparable;
use crate::analysis::parameter_sensitivity::ParamRangeError;
use crate::analysis::sensitivity::SensitivityError;
use crate::analysis::sweep::VaryError;
use crate::analysis::variants::VariantsError;
use crate::ensemble::{AggregateFileError, EnsembleError, MergeError, ResumeMismatch};
use crate::report::ReportError;
use crate::report::html::HtmlReportError;
use crate::scenario::{LoadError, OverrideFailure};

/// Exit code of bad input: a scenario, an argument, an existing output folder.
pub const USAGE: i32 = 2;
/// Exit code of a failure that is not the input's fault.
pub const FAILURE: i32 = 1;
/// Exit code of a command stopped by the user (Ctrl-C, SIGTERM, SIGHUP).
pub const INTERRUPTED: i32 = 130;

/// The exit code an error ends the process with.
pub trait ExitCode {
    fn exit_code(&self) -> i32;
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Override(#[from] OverrideFailure),
    #[error(transparent)]
    Report(#[from] ReportError),
    #[error(transparent)]
    Html(#[from] HtmlReportError),
    #[error(transparent)]
    Vary(#[from] VaryError),
    #[error(transparent)]
    ParamRange(#[from] ParamRangeError),
    #[error(transparent)]
    Design(#[from] SensitivityError),
    #[error(transparent)]
    Incomparable(#[from] Incomparable),
    #[error(transparent)]
    Ensemble(#[from] EnsembleError),
    /// `--resume` on a folder whose ensemble is not this command's.
    #[error("cannot resume {}: {source}", folder.display())]
    Resume {
        folder: PathBuf,
        source: ResumeMismatch,
    },
    #[error(transparent)]
    Aggregate(#[from] AggregateFileError),
    #[error(transparent)]
    Merge(#[from] MergeError),
    #[error(transparent)]
    Variants(VariantsError),
    #[error(transparent)]
    Backtest(#[from] BacktestError),
    /// Bad input the command itself found (its own words).
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Failed(String),
    /// Stopped by the user (Ctrl-C) after writing what was complete.
    #[error("{0}")]
    Interrupted(String),
}

impl CommandError {
    /// [`USAGE`] for bad input, [`INTERRUPTED`] when stopped by the user,
    /// [`FAILURE`] otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            CommandError::Load(_)
            | CommandError::Override(_)
            | CommandError::Vary(_)
            | CommandError::ParamRange(_)
            | CommandError::Design(_)
            | CommandError::Incomparable(_)
            | CommandError::Resume { .. }
            | CommandError::Merge(_)
            | CommandError::Usage(_) => USAGE,
            CommandError::Report(e) => e.exit_code(),
            CommandError::Html(e) => e.exit_code(),
            CommandError::Ensemble(e) => e.exit_code(),
            CommandError::Aggregate(e) => e.exit_code(),
            CommandError::Variants(e) => e.exit_code(),
            // The cases were checked when loaded: a failure to score is ours.
            CommandError::Backtest(_) | CommandError::Failed(_) => FAILURE,
            CommandError::Interrupted(_) => INTERRUPTED,
        }
    }
}

/// Stopped runs say what was written; the other failures keep their type.
impl From<VariantsError> for CommandError {
    fn from(e: VariantsError) -> CommandError {
        match e {
            VariantsError::Interrupted => {
                CommandError::Interrupted("interrupted: nothing was written".to_string())
            }
            other => CommandError::Variants(other),
        }
    }
}

impl ExitCode for ReportError {
    fn exit_code(&self) -> i32 {
        if self.is_user_error() { USAGE } else { FAILURE }
    }
}

impl ExitCode for HtmlReportError {
    /// A folder that is not one, has no manifest, or already has a report
    /// is the user's to fix; a failed write is not.
    fn exit_code(&self) -> i32 {
        if self.is_user_error() { USAGE } else { FAILURE }
    }
}

impl ExitCode for EnsembleError {
    fn exit_code(&self) -> i32 {
        match self {
            EnsembleError::NoThreads | EnsembleError::Resume(_) => USAGE,
            EnsembleError::ThreadPool { .. } | EnsembleError::Model(_) => FAILURE,
        }
    }
}

impl ExitCode for AggregateFileError {
    /// A folder's aggregate that cannot be read is the folder given; a
    /// failed write is not.
    fn exit_code(&self) -> i32 {
        match self {
            AggregateFileError::Read { .. } | AggregateFileError::Format { .. } => USAGE,
            AggregateFileError::Write { .. } => FAILURE,
        }
    }
}

impl ExitCode for VariantsError {
    fn exit_code(&self) -> i32 {
        match self {
            VariantsError::NoThreads => USAGE,
            VariantsError::Interrupted => INTERRUPTED,
            VariantsError::ThreadPool { .. } | VariantsError::Variant { .. } => FAILURE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_errors_exit_with_2_and_failures_with_1() {
        let usage = CommandError::from(VaryError::Empty("params.noise=1:1:3".into()));
        assert_eq!(usage.exit_code(), USAGE);
        let pool = CommandError::from(VariantsError::ThreadPool {
            threads: 2,
            message: "no".into(),
        });
        assert_eq!(pool.exit_code(), FAILURE);
        assert_eq!(
            CommandError::from(VariantsError::NoThreads).exit_code(),
            USAGE
        );
        let write = CommandError::from(AggregateFileError::Write {
            path: "a".into(),
            source: std::io::Error::other("full"),
        });
        assert_eq!(write.exit_code(), FAILURE);
    }

    #[test]
    fn interrupted_runs_exit_with_130_and_say_nothing_was_written() {
        let e = CommandError::from(VariantsError::Interrupted);
        assert_eq!(e.exit_code(), INTERRUPTED);
        assert_eq!(e.to_string(), "interrupted: nothing was written");
    }
}
