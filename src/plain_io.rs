//! I/O errors as plain sentences for messages: the system's text without
//! Rust's `(os error N)` suffix.

use std::io;

/// An I/O error as a plain sentence: the system's message without the
/// `(os error N)` suffix, or the error's own text for errors made in code.
pub fn plain_io(e: &io::Error) -> String {
    plain_os_text(&e.to_string())
}

/// `No such file or directory (os error 2)` as `no such file or directory`;
/// other text unchanged.
pub fn plain_os_text(text: &str) -> String {
    match text.rfind(" (os error ") {
        Some(i) if text.ends_with(')') => text[..i].to_lowercase(),
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_the_os_error_number() {
        let e = io::Error::from_raw_os_error(2);
        assert_eq!(plain_io(&e), "no such file or directory");
        assert_eq!(plain_os_text("disk full"), "disk full");
    }
}
