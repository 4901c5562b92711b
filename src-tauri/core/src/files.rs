//! Writing files the user asked for (exports, request lists) without ever leaving half a
//! file behind or overwriting one.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::workbook::WorkbookError;

/// Creates `dest` with `bytes` atomically: temp file in the same folder, fsync, rename.
pub fn write_new_file(dest: &Path, bytes: &[u8]) -> Result<(), WorkbookError> {
    if dest.exists() {
        return Err(WorkbookError::AlreadyExists { path: dest.to_owned() });
    }
    replace_file(dest, bytes)
}

/// Writes `bytes` to `dest` through a temporary file in the same folder, replacing any
/// file already there only once the new one is complete and on disk.
///
/// The temporary file is `.<name>.<pid>.<uuid>.partial`. A write cut short by a crash
/// or `kill -9` leaves it behind; the next write to the same name removes those whose
/// process is gone, so they never pile up (see [`remove_stale_partials`]).
pub fn replace_file(dest: &Path, bytes: &[u8]) -> Result<(), WorkbookError> {
    let dir = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    remove_stale_partials(dir, &name);
    let tmp = dir.join(format!(".{name}.{}.{}.partial", std::process::id(), uuid::Uuid::new_v4()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, dest)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(WorkbookError::io("write", dest, e));
    }
    Ok(())
}

/// Removes temporary files that earlier writes to `name` in `dir` left behind when their
/// process died. Only files named as [`replace_file`] names them are touched, and only
/// when the process that wrote them is gone: on Linux, when its id is no longer running;
/// elsewhere, when the file has not changed for an hour. Files of this process (another
/// export running now) are left alone. Failures are ignored: this is tidying only.
fn remove_stale_partials(dir: &Path, name: &str) {
    let prefix = format!(".{name}.");
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(middle) = file_name.to_str().and_then(|f| f.strip_prefix(&prefix)?.strip_suffix(".partial")) else {
            continue;
        };
        let Some((pid, id)) = middle.split_once('.') else { continue };
        let (Ok(pid), Ok(_)) = (pid.parse::<u32>(), uuid::Uuid::parse_str(id)) else { continue };
        if pid == std::process::id() {
            continue;
        }
        let modified = entry.metadata().and_then(|m| m.modified()).ok();
        if writer_gone(pid, modified) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn writer_gone(pid: u32, modified: Option<SystemTime>) -> bool {
    if cfg!(target_os = "linux") && Path::new("/proc/self").exists() {
        return !Path::new(&format!("/proc/{pid}")).exists();
    }
    // Without a process list: no export takes an hour to write one file.
    modified.and_then(|m| m.elapsed().ok()).is_some_and(|age| age > Duration::from_secs(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A process id that cannot be running (above Linux's largest `pid_max`).
    const DEAD_PID: u32 = 999_999_999;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn replace_leaves_only_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("binder.pdf");
        replace_file(&dest, b"one").unwrap();
        replace_file(&dest, b"two").unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"two");
        assert_eq!(names(dir.path()), ["binder.pdf"]);
    }

    #[test]
    fn partials_of_dead_writers_to_the_same_name_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let id = uuid::Uuid::new_v4();
        let stale = format!(".binder.pdf.{DEAD_PID}.{id}.partial");
        let live = format!(".binder.pdf.{}.{id}.partial", std::process::id());
        let other_name = format!(".other.pdf.{DEAD_PID}.{id}.partial");
        let not_ours = ".binder.pdf.12.not-a-uuid.partial".to_owned();
        let old_style = format!(".{id}.partial");
        for n in [&stale, &live, &other_name, &not_ours, &old_style] {
            std::fs::write(dir.path().join(n), b"half").unwrap();
        }
        if cfg!(target_os = "linux") {
            replace_file(&dir.path().join("binder.pdf"), b"whole").unwrap();
            let mut want = vec![live, other_name, not_ours, old_style, "binder.pdf".to_owned()];
            want.sort();
            assert_eq!(names(dir.path()), want);
        }
    }
}
