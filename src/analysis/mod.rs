//! Analyses over many runs of the model:
//!
//! - [`backtest`]: a case's ensemble scored against its observed result;
//! - [`variants`]: several variants of a scenario run side by side with
//!   common random numbers, in parallel (the engine of the analyses below);
//! - [`outcomes`]: a variant's outcome in a few numbers;
//! - [`paired`]: differences measured on paired runs, with their intervals;
//! - [`compare`]: a base scenario against a what-if;
//! - [`sweep`]: a grid of parameter values;
//! - [`parameter_sensitivity`]: global sensitivity of the outcome to the
//!   scenario's parameters, on the mathematics of [`sensitivity`];
//! - [`scores`]: proper scores of forecasts against observed results, and
//!   naive baselines.

pub mod abc;
pub mod backtest;
pub mod calibrate;
pub mod compare;
pub mod outcomes;
pub mod paired;
pub mod parameter_sensitivity;
pub mod scores;
pub mod sensitivity;
pub mod sweep;
pub mod variants;
