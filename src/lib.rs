//! lobbysim: agent-based models of lobbying in elections of international bodies.
//!
//! Data flows one way: a scenario file is loaded and validated
//! ([`scenario`]), a bevy_ecs world is built from it and ticked to the ballot
//! ([`model`]), the ballot is counted under the body's rules ([`ballot`]), and
//! the plain [`result`] types are written as tables and charts ([`report`]).
//! [`ensemble`] runs a scenario many times in parallel and reduces the runs
//! to outcome probabilities, bands over time and decisive states.
//! [`commands`] holds what each subcommand of the `lobbysim` binary does.

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
