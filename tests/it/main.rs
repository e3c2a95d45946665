//! Integration tests, compiled into one binary.

mod cli;
mod docs;
mod ensemble;
mod ensemble_cli;
mod fuzz;
mod model;
mod overrides;
mod pp22_data;
mod pp22_sanity;
mod report_html;
mod scenario_errors;
