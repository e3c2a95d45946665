//! Integration tests, compiled into one binary.

mod docs;
mod fuzz;
mod overrides;
mod scenario_errors;
