//! Integration tests, compiled into one binary (one module per feature).

mod analysis_cli;
mod cli;
mod compare;
mod docs;
mod ensemble;
mod fuzz;
mod model;
mod overrides;
mod scenario_errors;
mod sensitivity;
mod sweep;
