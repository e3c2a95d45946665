//! Integration tests, compiled into one binary (one module per feature).

mod backtest;
mod ballot_rules;
mod case_data;
mod cli;
mod common;
mod compare;
mod docs;
mod ensemble;
mod ensemble_cli;
mod equivalence;
mod faults;
mod fixtures;
mod fuzz;
mod json_order;
mod model;
mod observed;
mod overrides;
mod pp22_data;
mod pp22_sanity;
mod report_html;
mod scenario_errors;
mod sensitivity;
mod sweep;
mod uncertainty;
mod unchanged_outputs;
mod variant_runs;
