//! The scenario layer: the file format, loading with precise diagnostics,
//! validation of cross-references, and overrides.

pub mod numbers;
pub mod types;

pub use numbers::{NonNegative, Probability};
pub use types::*;
