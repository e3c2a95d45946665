//! lobbysim: agent-based models of lobbying in elections of international bodies.
//!
//! Data flows one way: a scenario file is loaded and validated
//! ([`scenario`]), a bevy_ecs world is built from it and ticked to the ballot
//! ([`model`]), the ballot is counted under the body's rules ([`ballot`]), and
//! the plain [`result`] types are written as tables and charts ([`report`]).
//! [`ensemble`] runs a scenario many times in parallel and reduces the runs
//! to outcome probabilities, bands over time and decisive states;
//! [`analysis`] runs variants of a scenario side by side (comparisons,
//! sweeps, sensitivity) and scores and calibrates the model on past
//! elections (backtest, ABC-SMC). Each analysis's tables and summary are in
//! the report layer beside the run's.
//!
//! [`cli`] defines the command line (clap; bounds such as `--runs` are
//! checked by its value parsers) and [`commands`] what each subcommand
//! does: the analyses share one pipeline ([`commands::study`]: open the
//! output folder, write the summary, the manifest last, move the folder into
//! place), and every failure is a [`commands::CommandError`] that says its
//! exit code. [`plain_io`] reads inputs safely and words I/O errors plainly.

#![forbid(unsafe_code)]

pub mod analysis;
pub mod ballot;
pub mod cli;
pub mod commands;
pub mod ensemble;
pub mod model;
pub mod plain_io;
pub mod report;
pub mod result;
pub mod scenario;
