//! Integration tests, compiled into one binary.

mod cli;
mod docs;
mod fuzz;
mod model;
mod overrides;
mod scenario_errors;
