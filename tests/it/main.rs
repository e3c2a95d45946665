//! Integration tests, compiled into one binary.

mod docs;
mod fuzz;
mod overrides;
mod pp22_data;
mod pp22_sanity;
mod scenario_errors;
