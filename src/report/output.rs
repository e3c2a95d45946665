//! An output folder that appears whole or not at all.
//!
//! Files are written into a hidden staging folder beside the final one
//! (`<parent>/.<name>.partial-<pid>-<n>`), each through a temporary name that is
//! renamed into place once complete. [`OutputDir::finish`] then moves the staging
//! folder to its final path. Until then an existing folder at the final path is
//! left untouched, and dropping an unfinished [`OutputDir`] removes the staging
//! folder, so an interrupted or failed run leaves no half-written results.
//!
//! With `force`, only an output folder that lobbysim wrote is replaced
//! ([`check_replaceable`]). While it is open, a lock file beside it
//! (`<parent>/.<name>.lock`) makes a second writer of the same folder fail at
//! once instead of after its work.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::ReportError;

/// Counts staging folders made by this process, so that two output folders
/// prepared at once never share a staging path.
static STAGING_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Prefix of the temporary name a file has while it is being written.
const TEMP_PREFIX: &str = ".partial-";

/// An output folder under construction. See the module documentation.
#[derive(Debug)]
pub struct OutputDir {
    final_path: PathBuf,
    staging: PathBuf,
    force: bool,
    /// Names of the files written so far, relative to the top folder, in
    /// write order (shared with its [`folder`](Self::folder) views).
    files: Arc<Mutex<Vec<String>>>,
    /// For a view of a sub-folder, its path from the top folder with a
    /// trailing `/`; empty for the top folder.
    prefix: String,
    finished: bool,
    /// `.<name>.lock` beside the final folder, held until finished or dropped.
    lock: PathBuf,
}

impl OutputDir {
    /// Starts an output folder that will appear at `final_path` on [`finish`](Self::finish).
    ///
    /// Fails, touching nothing, if `final_path` exists and `force` is false.
    /// With `force`, an existing folder is replaced only when `finish` succeeds,
    /// and only if it is an output folder that lobbysim wrote
    /// ([`check_replaceable`]): a user's folder, a plain file or a link is
    /// refused, untouched, here and again at `finish`.
    /// Missing parent folders are created.
    pub fn create(final_path: impl Into<PathBuf>, force: bool) -> Result<OutputDir, ReportError> {
        let final_path: PathBuf = final_path.into();
        let name = match final_path.file_name() {
            Some(name) if final_path.components().next_back().is_some_and(is_normal) => {
                name.to_string_lossy().into_owned()
            }
            _ => {
                return Err(ReportError::OutputPath {
                    path: final_path,
                    reason: "it must end in a folder name".to_owned(),
                });
            }
        };
        if exists(&final_path) {
            if !force {
                return Err(ReportError::OutputExists { path: final_path });
            }
            check_replaceable(&final_path)?;
        }
        let parent = parent_of(&final_path);
        fs::create_dir_all(&parent).map_err(|e| ReportError::io("create folder", &parent, e))?;
        let lock = take_lock(&final_path, &parent.join(format!(".{name}.lock")))?;

        // A name that is taken (left behind by an earlier process that had
        // the same id and crashed, or anybody's file) is skipped, never removed.
        let staging = loop {
            let n = STAGING_COUNTER.fetch_add(1, Ordering::Relaxed);
            let staging = parent.join(format!(".{name}.partial-{}-{n}", std::process::id()));
            match fs::create_dir(&staging) {
                Ok(()) => break staging,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    let _ = fs::remove_file(&lock);
                    return Err(ReportError::io("create a folder beside", &final_path, e));
                }
            }
        };
        Ok(OutputDir {
            final_path,
            staging,
            force,
            files: Arc::new(Mutex::new(Vec::new())),
            prefix: String::new(),
            finished: false,
            lock,
        })
    }

    /// A view of the sub-folder `name` (relative, `/`-separated) for
    /// writers that write one folder's files: what it writes lands in this
    /// folder's staging area and is listed in [`files`](Self::files) with
    /// the sub-folder's path. The view finishes and removes nothing.
    pub fn folder(&self, name: &str) -> Result<OutputDir, ReportError> {
        check_name(name)?;
        Ok(OutputDir {
            final_path: self.final_path.join(name),
            staging: self.staging.join(name),
            force: self.force,
            files: Arc::clone(&self.files),
            prefix: format!("{}{name}/", self.prefix),
            finished: true,
            lock: PathBuf::new(),
        })
    }

    /// Where the folder will be once finished.
    pub fn final_path(&self) -> &Path {
        &self.final_path
    }

    /// The staging folder that holds the files until [`finish`](Self::finish).
    pub fn staging_path(&self) -> &Path {
        &self.staging
    }

    /// The path that file `name` has now, inside the staging folder.
    ///
    /// Only for reading back or naming a file already written; write through
    /// [`write_bytes`](Self::write_bytes), [`write_with`](Self::write_with) or
    /// [`write_to_path`](Self::write_to_path) so that the write is atomic.
    pub fn path_of(&self, name: &str) -> PathBuf {
        self.staging.join(name)
    }

    /// Names of the files written so far, relative to the folder, in write order.
    pub fn files(&self) -> Vec<String> {
        self.files.lock().map(|f| f.clone()).unwrap_or_default()
    }

    /// Writes `bytes` as file `name` (relative, `/`-separated, no `..`).
    pub fn write_bytes(&self, name: &str, bytes: &[u8]) -> Result<(), ReportError> {
        self.write_with(name, |w| w.write_all(bytes))
    }

    /// Writes file `name` with `write`, which receives a buffered writer.
    pub fn write_with<F>(&self, name: &str, write: F) -> Result<(), ReportError>
    where
        F: FnOnce(&mut dyn Write) -> io::Result<()>,
    {
        let shown = self.final_path.join(name);
        self.write_to_path(name, |temp| {
            let failed = |e| ReportError::io("write", &shown, e);
            let file = fs::File::create(temp).map_err(failed)?;
            let mut w = BufWriter::new(file);
            write(&mut w).map_err(failed)?;
            let file = w.into_inner().map_err(|e| failed(e.into_error()))?;
            file.sync_all().map_err(failed)
        })
    }

    /// Creates file `name` with `render`, which receives a temporary path in
    /// the same folder with the same extension (for writers such as chart
    /// backends that open the file themselves). The temporary file is renamed
    /// to `name` when `render` succeeds and removed when it fails.
    pub fn write_to_path<F>(&self, name: &str, render: F) -> Result<(), ReportError>
    where
        F: FnOnce(&Path) -> Result<(), ReportError>,
    {
        check_name(name)?;
        let target = self.staging.join(name);
        // Messages name the file as the user will find it, not the staging folder.
        let shown = self.final_path.join(name);
        let folder = parent_of(&target);
        fs::create_dir_all(&folder).map_err(|e| ReportError::io("write", &shown, e))?;
        let file_name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = folder.join(format!("{TEMP_PREFIX}{file_name}"));
        if let Err(e) = render(&temp) {
            let _ = fs::remove_file(&temp);
            return Err(e);
        }
        if let Err(e) = fs::rename(&temp, &target) {
            let _ = fs::remove_file(&temp);
            return Err(ReportError::io("write", &shown, e));
        }
        let name = format!("{}{name}", self.prefix);
        if let Ok(mut files) = self.files.lock()
            && !files.contains(&name)
        {
            files.push(name);
        }
        Ok(())
    }

    /// Moves the staging folder to the final path and returns that path.
    ///
    /// With `force`, an existing output folder at the final path (checked
    /// again with [`check_replaceable`]) is moved aside first and removed only once the new folder is in place; if the
    /// move fails, it is put back.
    pub fn finish(mut self) -> Result<PathBuf, ReportError> {
        assert!(
            self.prefix.is_empty(),
            "a folder view is finished by its top folder"
        );
        let final_path = self.final_path.clone();
        if exists(&final_path) {
            if !self.force {
                return Err(ReportError::OutputExists { path: final_path });
            }
            // Checked again: something else may have appeared there meanwhile.
            check_replaceable(&final_path)?;
            let aside = with_suffix(&self.staging, ".old");
            fs::rename(&final_path, &aside)
                .map_err(|e| ReportError::io("move aside the old folder", &final_path, e))?;
            if let Err(e) = fs::rename(&self.staging, &final_path) {
                let _ = fs::rename(&aside, &final_path);
                return Err(ReportError::io(
                    "move the finished folder to",
                    &final_path,
                    e,
                ));
            }
            self.finished = true;
            let removed = if aside.is_dir() {
                fs::remove_dir_all(&aside)
            } else {
                fs::remove_file(&aside)
            };
            removed
                .map_err(|e| ReportError::io("remove the old folder, moved aside as", &aside, e))?;
        } else {
            fs::rename(&self.staging, &final_path)
                .map_err(|e| ReportError::io("move the finished folder to", &final_path, e))?;
            self.finished = true;
        }
        Ok(final_path)
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.staging);
        }
        if !self.prefix.is_empty() {
            return;
        }
        let _ = fs::remove_file(&self.lock);
    }
}

/// Creates `lock` (holding this process's id) so that a second command
/// aimed at `final_path` is refused at once instead of after its work. A
/// lock whose process has ended (killed before it could remove it) is
/// taken over, on systems that list processes in `/proc`.
fn take_lock(final_path: &Path, lock: &Path) -> Result<PathBuf, ReportError> {
    if lock_is_stale(lock) {
        let _ = fs::remove_file(lock);
    }
    match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(lock)
    {
        Ok(mut f) => {
            let _ = writeln!(f, "{}", std::process::id());
            Ok(lock.to_path_buf())
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(ReportError::OutputBusy {
            path: final_path.to_path_buf(),
            lock: lock.to_path_buf(),
        }),
        Err(e) => Err(ReportError::io("create", lock, e)),
    }
}

fn lock_is_stale(lock: &Path) -> bool {
    let Ok(bytes) = crate::plain_io::read_regular(lock, 64) else {
        return false;
    };
    match String::from_utf8_lossy(&bytes).trim().parse::<u32>() {
        Ok(pid) => Path::new("/proc/self").exists() && !Path::new(&format!("/proc/{pid}")).exists(),
        Err(_) => false,
    }
}

/// Files lobbysim may add to an output folder after its manifest:
/// `lobbysim report`'s page and the temporary names writes go through.
fn written_later(name: &str) -> bool {
    name == super::html::REPORT_FILE
        || name.starts_with(TEMP_PREFIX)
        || name.starts_with(&format!(".{}.partial-", super::html::REPORT_FILE))
}

/// Whether `--force` may replace what stands at `path`: only an output
/// folder whose `manifest.json` says lobbysim wrote it and that holds no
/// file its manifest does not list. Anything else is refused, untouched.
pub fn check_replaceable(path: &Path) -> Result<(), ReportError> {
    let refuse = |reason: String| ReportError::NotReplaceable {
        path: path.to_path_buf(),
        reason,
    };
    let meta = fs::symlink_metadata(path)
        .map_err(|e| refuse(format!("it cannot be examined ({})", super::plain_io(&e))))?;
    if meta.file_type().is_symlink() {
        return Err(refuse("it is a symbolic link".to_owned()));
    }
    if !meta.is_dir() {
        return Err(refuse("it is a file, not a folder".to_owned()));
    }
    let manifest_path = path.join(super::manifest::MANIFEST_FILE);
    let listed = match crate::plain_io::read_regular(&manifest_path, 64 * 1024 * 1024) {
        Err(_) => {
            return Err(refuse(format!(
                "it has no {} that says lobbysim wrote it",
                super::manifest::MANIFEST_FILE
            )));
        }
        Ok(bytes) => super::manifest::listed_files(&bytes).ok_or_else(|| {
            refuse(format!(
                "its {} was not written by lobbysim",
                super::manifest::MANIFEST_FILE
            ))
        })?,
    };
    let mut foreign = Vec::new();
    foreign_entries(path, "", &listed, &mut foreign, 0);
    match foreign.as_slice() {
        [] => Ok(()),
        [one] => Err(refuse(format!(
            "it holds `{one}`, which its manifest does not list"
        ))),
        [first, rest @ ..] => Err(refuse(format!(
            "it holds `{first}` and {} other entr{} that its manifest does not list",
            rest.len(),
            if rest.len() == 1 { "y" } else { "ies" }
        ))),
    }
}

/// Adds to `out` the entries under `folder/prefix` that are neither listed
/// in the manifest (`listed`), nor folders holding only listed files, nor
/// files lobbysim writes after the manifest.
fn foreign_entries(
    folder: &Path,
    prefix: &str,
    listed: &[String],
    out: &mut Vec<String>,
    depth: usize,
) {
    let Ok(entries) = fs::read_dir(folder.join(prefix)) else {
        out.push(if prefix.is_empty() {
            ".".to_owned()
        } else {
            prefix.to_owned()
        });
        return;
    };
    let mut names: Vec<(String, fs::FileType)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            Some((
                e.file_name().to_string_lossy().into_owned(),
                e.file_type().ok()?,
            ))
        })
        .collect();
    names.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, kind) in names {
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if kind.is_dir() && depth < 8 && listed.iter().any(|f| f.starts_with(&format!("{rel}/"))) {
            foreign_entries(folder, &rel, listed, out, depth + 1);
        } else if !(kind.is_file()
            && (listed.contains(&rel)
                || rel == super::manifest::MANIFEST_FILE
                || written_later(&name)))
        {
            out.push(rel);
        }
    }
}

fn is_normal(c: Component<'_>) -> bool {
    matches!(c, Component::Normal(_))
}

/// Whether anything (file, folder or link, even a broken one) is at `path`.
fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// The folder that holds `path`; `.` for a bare name.
fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `path` with `suffix` appended to its last component.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// Accepts relative, `/`-separated names whose parts are plain names that do
/// not start with a dot (dot names are reserved for temporary files).
fn check_name(name: &str) -> Result<(), ReportError> {
    let bad = |reason: &str| ReportError::FileName {
        name: name.to_owned(),
        reason: reason.to_owned(),
    };
    if name.is_empty() {
        return Err(bad("it is empty"));
    }
    for part in name.split('/') {
        if part.is_empty() || part.starts_with('.') || part.contains('\\') {
            return Err(bad(
                "each part must be a plain name that does not start with a dot",
            ));
        }
        if !Path::new(part).components().all(is_normal) {
            return Err(bad("each part must be a plain name"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names of the entries in `folder`, sorted.
    fn entries(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn finish_moves_the_files_into_place() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("nested/run");
        let dir = OutputDir::create(&out, false).unwrap();
        dir.write_bytes("a.csv", b"a\n").unwrap();
        dir.write_with("sub/b.txt", |w| w.write_all(b"b")).unwrap();
        dir.write_to_path("c.png", |p| {
            assert_eq!(p.extension().unwrap(), "png");
            fs::write(p, b"c").map_err(|e| ReportError::io("write", p, e))
        })
        .unwrap();
        assert!(!out.exists(), "nothing appears before finish");
        assert_eq!(dir.files(), ["a.csv", "sub/b.txt", "c.png"]);
        assert_eq!(dir.finish().unwrap(), out);
        assert_eq!(fs::read(out.join("a.csv")).unwrap(), b"a\n");
        assert_eq!(fs::read(out.join("sub/b.txt")).unwrap(), b"b");
        assert_eq!(entries(&out), ["a.csv", "c.png", "sub"]);
        // No staging or temporary files are left beside it.
        assert_eq!(entries(&tmp.path().join("nested")), ["run"]);
    }

    #[test]
    fn a_folder_view_writes_into_the_staging_area_under_its_path() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("run");
        let dir = OutputDir::create(&out, false).unwrap();
        dir.write_bytes("top.csv", b"t").unwrap();
        {
            let post = dir.folder("posts/sg").unwrap();
            assert_eq!(post.final_path(), out.join("posts/sg"));
            post.write_bytes("ballot.csv", b"b").unwrap();
            assert!(dir.folder("../elsewhere").is_err());
        }
        // Dropping the view removed nothing.
        assert_eq!(dir.files(), ["top.csv", "posts/sg/ballot.csv"]);
        dir.finish().unwrap();
        assert_eq!(fs::read(out.join("posts/sg/ballot.csv")).unwrap(), b"b");
    }

    #[test]
    fn refuses_an_existing_folder_without_force_and_leaves_it_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("run");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("old.csv"), b"old").unwrap();
        let err = OutputDir::create(&out, false).unwrap_err();
        let message = err.to_string();
        assert!(message.contains(&out.display().to_string()), "{message}");
        assert!(
            message.contains("--force") && message.contains("--out"),
            "{message}"
        );
        assert_eq!(entries(&out), ["old.csv"]);
        assert_eq!(entries(tmp.path()), ["run"]);
    }

    /// A folder as lobbysim leaves it: `old.csv` and a manifest listing it.
    fn old_output(out: &Path) {
        fs::create_dir(out).unwrap();
        fs::write(out.join("old.csv"), b"old").unwrap();
        fs::write(
            out.join("manifest.json"),
            br#"{"tool": "lobbysim", "files": ["old.csv"]}"#,
        )
        .unwrap();
    }

    #[test]
    fn force_replaces_the_folder_only_on_finish() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("run");
        old_output(&out);
        // A report page added by `lobbysim report` is lobbysim's too.
        fs::write(out.join("report.html"), b"<html>").unwrap();
        let dir = OutputDir::create(&out, true).unwrap();
        dir.write_bytes("new.csv", b"new").unwrap();
        assert_eq!(
            entries(&out),
            ["manifest.json", "old.csv", "report.html"],
            "old folder intact until finish"
        );
        dir.finish().unwrap();
        assert_eq!(entries(&out), ["new.csv"]);
        assert_eq!(entries(tmp.path()), ["run"]);
    }

    #[test]
    fn failure_before_finish_keeps_the_old_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("run");
        old_output(&out);
        {
            let dir = OutputDir::create(&out, true).unwrap();
            dir.write_bytes("new.csv", b"new").unwrap();
            let failed = dir.write_with("broken.csv", |w| {
                w.write_all(b"half")?;
                Err(io::Error::other("disk full"))
            });
            let message = failed.unwrap_err().to_string();
            assert!(
                message.contains("broken.csv") && message.contains("disk full"),
                "{message}"
            );
            assert!(
                !message.contains(".partial"),
                "the message names the staging folder: {message}"
            );
            // The caller gives up: the folder is dropped unfinished.
        }
        assert_eq!(entries(&out), ["manifest.json", "old.csv"]);
        assert_eq!(fs::read(out.join("old.csv")).unwrap(), b"old");
        assert_eq!(entries(tmp.path()), ["run"]);
    }

    /// Every file under `folder` with its bytes, for before/after comparisons.
    fn snapshot(folder: &Path) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        for name in entries(folder) {
            let path = folder.join(&name);
            if path.is_dir() {
                for (sub, bytes) in snapshot(&path) {
                    out.push((format!("{name}/{sub}"), bytes));
                }
            } else {
                out.push((name, fs::read(&path).unwrap()));
            }
        }
        out
    }

    #[test]
    fn force_refuses_what_lobbysim_did_not_write_and_leaves_it_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        // A user's folder, a plain file, a foreign manifest, a lobbysim folder
        // the user added a file to, one with an unlisted subfolder, a link.
        let thesis = root.join("thesis");
        fs::create_dir(&thesis).unwrap();
        fs::write(thesis.join("thesis.tex"), b"\\begin{document}").unwrap();
        let plain = root.join("notes.txt");
        fs::write(&plain, b"my notes").unwrap();
        let foreign = root.join("foreign");
        fs::create_dir(&foreign).unwrap();
        fs::write(
            foreign.join("manifest.json"),
            br#"{"tool": "other", "files": []}"#,
        )
        .unwrap();
        let added = root.join("added");
        old_output(&added);
        fs::write(added.join("thesis.tex"), b"mine").unwrap();
        let sub = root.join("sub");
        old_output(&sub);
        fs::create_dir(sub.join("drafts")).unwrap();
        fs::write(sub.join("drafts/a.txt"), b"mine").unwrap();
        let cases = [
            (
                &thesis,
                "it has no manifest.json that says lobbysim wrote it",
            ),
            (&plain, "it is a file, not a folder"),
            (&foreign, "its manifest.json was not written by lobbysim"),
            (
                &added,
                "it holds `thesis.tex`, which its manifest does not list",
            ),
            (&sub, "it holds `drafts`, which its manifest does not list"),
        ];
        #[cfg(unix)]
        let link = root.join("link");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&added, &link).unwrap();
        let before = snapshot(root);
        for (path, reason) in cases {
            let err = OutputDir::create(path, true).unwrap_err();
            assert!(err.is_user_error());
            let message = err.to_string();
            assert!(
                message.starts_with(&format!(
                    "refusing to replace {} with --force: {reason}. ",
                    path.display()
                )),
                "{message}"
            );
            assert!(message.contains("choose another --out"), "{message}");
        }
        #[cfg(unix)]
        assert!(
            OutputDir::create(&link, true)
                .unwrap_err()
                .to_string()
                .contains("it is a symbolic link")
        );
        assert_eq!(snapshot(root), before, "nothing was touched");
    }

    #[test]
    fn a_foreign_folder_that_appears_before_finish_is_not_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("run");
        let dir = OutputDir::create(&out, true).unwrap();
        dir.write_bytes("new.csv", b"new").unwrap();
        fs::create_dir(&out).unwrap();
        fs::write(out.join("thesis.tex"), b"mine").unwrap();
        assert!(matches!(
            dir.finish(),
            Err(ReportError::NotReplaceable { .. })
        ));
        assert_eq!(entries(&out), ["thesis.tex"]);
        assert_eq!(entries(tmp.path()), ["run"]);
    }

    #[test]
    fn a_second_writer_of_the_same_folder_is_refused_until_the_first_is_done() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("run");
        let first = OutputDir::create(&out, false).unwrap();
        let err = OutputDir::create(&out, true).unwrap_err();
        assert!(matches!(err, ReportError::OutputBusy { .. }), "{err}");
        assert!(err.is_user_error());
        first.write_bytes("a.csv", b"a").unwrap();
        first.finish().unwrap();
        assert_eq!(entries(tmp.path()), ["run"], "the lock is gone");
        // A lock left by a process that has ended is taken over.
        fs::write(tmp.path().join(".other.lock"), b"4294967295\n").unwrap();
        let other = OutputDir::create(tmp.path().join("other"), false).unwrap();
        drop(other);
        assert_eq!(entries(tmp.path()), ["run"]);
    }

    #[test]
    fn dropping_unfinished_leaves_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("run");
        let dir = OutputDir::create(&out, false).unwrap();
        dir.write_bytes("a.csv", b"a").unwrap();
        let staging = dir.staging_path().to_path_buf();
        assert!(staging.is_dir());
        assert!(staging.starts_with(tmp.path()));
        drop(dir);
        assert!(!staging.exists());
        assert!(!out.exists());
        assert!(entries(tmp.path()).is_empty());
    }

    #[test]
    fn a_folder_that_appears_meanwhile_is_not_replaced_without_force() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("run");
        let dir = OutputDir::create(&out, false).unwrap();
        fs::create_dir(&out).unwrap();
        assert!(matches!(
            dir.finish(),
            Err(ReportError::OutputExists { .. })
        ));
        assert!(entries(&out).is_empty());
        assert_eq!(entries(tmp.path()), ["run"]);
    }

    #[test]
    fn rejects_names_that_leave_the_folder_or_hide() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = OutputDir::create(tmp.path().join("run"), false).unwrap();
        for name in [
            "", "../x.csv", "/etc/x", "a//b", ".hidden", "a/../b", "sub/.x",
        ] {
            assert!(
                matches!(
                    dir.write_bytes(name, b"x"),
                    Err(ReportError::FileName { .. })
                ),
                "{name:?} was accepted"
            );
        }
        assert!(dir.files().is_empty());
    }
}
