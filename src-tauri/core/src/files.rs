//! Writing files the user asked for (exports, request lists) without ever leaving half a
//! file behind or overwriting one.

use std::io::Write;
use std::path::Path;

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
pub fn replace_file(dest: &Path, bytes: &[u8]) -> Result<(), WorkbookError> {
    let dir = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".{}.partial", uuid::Uuid::new_v4()));
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
