//! Analyses over many runs of the model: for now, global sensitivity analysis
//! ([`sensitivity`]), the mathematics of which factors move an output and by
//! how much.

pub mod sensitivity;
