//! I/O for messages and for reading inputs: errors as plain sentences (the
//! system's text without Rust's `(os error N)` suffix), and a read that
//! takes only regular files, up to a size, so that a FIFO cannot block and
//! `/dev/zero` cannot exhaust memory.

use std::fs;
use std::io::{self, Read};
use std::path::Path;

/// The bytes of the regular file at `path`, at most `max_bytes` of them.
///
/// A folder, pipe, device or socket, or a longer file, is refused with an
/// `InvalidInput` error whose text says why in a plain sentence.
pub fn read_regular(path: &Path, max_bytes: u64) -> io::Result<Vec<u8>> {
    let refuse = |reason: String| io::Error::new(io::ErrorKind::InvalidInput, reason);
    let meta = fs::metadata(path)?;
    if meta.is_dir() {
        return Err(refuse("it is a folder, not a file".to_owned()));
    }
    if !meta.is_file() {
        return Err(refuse(
            "it is not a regular file (a pipe, device or socket); lobbysim reads only regular files"
                .to_owned(),
        ));
    }
    let too_large = || refuse(format!("it is larger than {}", size(max_bytes)));
    if meta.len() > max_bytes {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    fs::File::open(path)?
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large());
    }
    Ok(bytes)
}

/// `16777216` as `16 MiB`, `1000` as `1000 bytes`.
fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{bytes} bytes")
    }
}

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
    fn reads_only_regular_files_up_to_the_limit() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("a.txt");
        fs::write(&file, b"12345").unwrap();
        assert_eq!(read_regular(&file, 5).unwrap(), b"12345");
        assert_eq!(
            read_regular(&file, 4).unwrap_err().to_string(),
            "it is larger than 4 bytes"
        );
        assert_eq!(
            read_regular(tmp.path(), 5).unwrap_err().to_string(),
            "it is a folder, not a file"
        );
        #[cfg(unix)]
        assert!(
            read_regular(Path::new("/dev/zero"), 1 << 20)
                .unwrap_err()
                .to_string()
                .starts_with("it is not a regular file")
        );
    }

    #[test]
    fn drops_the_os_error_number() {
        let e = io::Error::from_raw_os_error(2);
        assert_eq!(plain_io(&e), "no such file or directory");
        assert_eq!(plain_os_text("disk full"), "disk full");
    }
}
