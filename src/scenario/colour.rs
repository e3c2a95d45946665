//! A colour as a scenario writes it, `"#rrggbb"`, and the palette that
//! colours the candidates a scenario gives none.
//!
//! The scenario's validation accepts a candidate's colour only if
//! [`Colour::parse`] reads it; the model gives a candidate without one the
//! colour of [`PALETTE`] at its position; the charts and the HTML report
//! read the colours through [`Colour::parse`] again.

use std::fmt;

/// A colour of 8 bits per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Colour {
    pub red: u8,
    pub green: u8,
    pub blue: u8,
}

/// The Okabe–Ito colours, distinguishable with colour-vision deficiencies,
/// in the order candidates without a colour of their own receive them.
pub const PALETTE: [Colour; 8] = [
    Colour::rgb(0x00, 0x72, 0xB2),
    Colour::rgb(0xD5, 0x5E, 0x00),
    Colour::rgb(0x00, 0x9E, 0x73),
    Colour::rgb(0xCC, 0x79, 0xA7),
    Colour::rgb(0xE6, 0x9F, 0x00),
    Colour::rgb(0x56, 0xB4, 0xE9),
    Colour::rgb(0xF0, 0xE4, 0x42),
    Colour::rgb(0x00, 0x00, 0x00),
];

impl Colour {
    pub const fn rgb(red: u8, green: u8, blue: u8) -> Colour {
        Colour { red, green, blue }
    }

    /// Reads `#rrggbb` (hexadecimal digits of either case); `None` for
    /// anything else.
    pub fn parse(text: &str) -> Option<Colour> {
        let hex = text.strip_prefix('#')?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Colour::rgb(channel(0)?, channel(2)?, channel(4)?))
    }

    /// The colour of [`PALETTE`] for the candidate at `index`, repeating
    /// after eight.
    pub fn of_position(index: usize) -> Colour {
        PALETTE[index % PALETTE.len()]
    }
}

/// `#RRGGBB`.
impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02X}{:02X}{:02X}", self.red, self.green, self.blue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_six_hex_digits_only() {
        assert_eq!(
            Colour::parse("#1f77B4"),
            Some(Colour::rgb(0x1f, 0x77, 0xb4))
        );
        for bad in [
            "1f77b4", "#1f77b", "#1f77b44", "#gg77b4", "#ééé", "#+f+f+f", "#abc", "",
        ] {
            assert_eq!(Colour::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn writes_what_it_reads() {
        for c in PALETTE {
            assert_eq!(Colour::parse(&c.to_string()), Some(c));
        }
        assert_eq!(PALETTE[0].to_string(), "#0072B2");
        assert_eq!(Colour::of_position(9), PALETTE[1]);
    }
}
