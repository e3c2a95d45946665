//! The scenario layer: the file format, loading with precise diagnostics,
//! validation of cross-references, and overrides.

pub mod central;
pub mod colour;
pub mod diagnostic;
pub mod distribution;
pub mod load;
pub mod numbers;
pub mod observed;
pub mod overrides;
pub mod rules;
pub mod synthetic;
pub mod tree;
pub mod types;
pub mod validate;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use distribution::{Distribution, Uncertain};
pub use load::{
    LoadError, LoadedScenario, OverrideFailure, Overrides, apply_overrides, load, load_str,
};
pub use numbers::{NonNegative, Probability};
pub use rules::*;
pub use types::*;

/// A scenario file of this repository, by its path from the repository's
/// root (for tests).
#[cfg(test)]
pub fn bundled(path: &str) -> Scenario {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    load(&full)
        .unwrap_or_else(|e| panic!("{path} loads: {e:?}"))
        .scenario
}
