//! Checked numbers: values that are range-checked while the file is parsed, so
//! that an error points at the offending value.

use serde::{Deserialize, Serialize};

/// A probability in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Probability(pub f64);

impl TryFrom<f64> for Probability {
    type Error = String;
    fn try_from(v: f64) -> Result<Self, String> {
        if (0.0..=1.0).contains(&v) {
            Ok(Probability(v))
        } else {
            Err(format!("expected a probability between 0 and 1, found {v}"))
        }
    }
}

impl From<Probability> for f64 {
    fn from(p: Probability) -> f64 {
        p.0
    }
}

/// A finite number >= 0.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct NonNegative(pub f64);

impl TryFrom<f64> for NonNegative {
    type Error = String;
    fn try_from(v: f64) -> Result<Self, String> {
        if v.is_finite() && v >= 0.0 {
            Ok(NonNegative(v))
        } else {
            Err(format!("expected a finite number >= 0, found {v}"))
        }
    }
}

impl From<NonNegative> for f64 {
    fn from(p: NonNegative) -> f64 {
        p.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probability_bounds() {
        assert!(Probability::try_from(0.0).is_ok());
        assert!(Probability::try_from(1.0).is_ok());
        assert!(Probability::try_from(1.5).is_err());
        assert!(Probability::try_from(-0.1).is_err());
        assert!(Probability::try_from(f64::NAN).is_err());
    }

    #[test]
    fn non_negative_rejects_negative_and_infinite() {
        assert!(NonNegative::try_from(0.0).is_ok());
        assert!(NonNegative::try_from(-1.0).is_err());
        assert!(NonNegative::try_from(f64::INFINITY).is_err());
        assert!(NonNegative::try_from(f64::NAN).is_err());
    }
}
