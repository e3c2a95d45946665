//! Integration tests, compiled into one binary.

mod docs;
mod fuzz;
mod overrides;
mod pp22_data;
mod scenario_errors;
