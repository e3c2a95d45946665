//! Integration tests, compiled into one binary.

mod cli;
mod docs;
mod ensemble;
mod fuzz;
mod model;
mod overrides;
mod scenario_errors;
