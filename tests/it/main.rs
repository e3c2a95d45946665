//! Integration tests, compiled into one binary.

mod cli;
mod docs;
mod fuzz;
mod model;
mod overrides;
mod report_html;
mod scenario_errors;
