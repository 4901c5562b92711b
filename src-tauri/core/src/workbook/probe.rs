//! Looks at a file's raw bytes before SQLCipher does, so that the common wrong-file
//! cases get a precise message instead of SQLite's "file is not a database".

use std::io::Read;
use std::path::Path;

use super::WorkbookError;

/// SQLCipher 4's default page size: an intact workbook file is a whole number of pages.
pub const PAGE_SIZE: u64 = 4096;
const PLAIN_SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The first 16 bytes of a SQLCipher file are its key-derivation salt: random per file,
/// stored in the clear, and stable for the file's life. We use it to recognise a
/// workbook again after it was moved or renamed, without decrypting anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileSalt(pub [u8; 16]);

impl FileSalt {
    pub fn to_hex(self) -> String {
        hex::encode(self.0)
    }
}

/// Checks that `path` could be a workbook and returns its salt.
pub fn probe(path: &Path) -> Result<FileSalt, WorkbookError> {
    let meta = std::fs::metadata(path).map_err(|e| WorkbookError::io("read", path, e))?;
    if meta.is_dir() {
        return Err(WorkbookError::NotAFile { path: path.to_owned() });
    }
    if meta.len() == 0 {
        return Err(WorkbookError::EmptyFile { path: path.to_owned() });
    }
    let mut head = [0u8; 16];
    let mut file = std::fs::File::open(path).map_err(|e| WorkbookError::io("read", path, e))?;
    let read = file.read(&mut head).map_err(|e| WorkbookError::io("read", path, e))?;
    if read == 16 && &head == PLAIN_SQLITE_MAGIC {
        return Err(WorkbookError::PlainSqlite { path: path.to_owned() });
    }
    if read < 16 || meta.len() % PAGE_SIZE != 0 {
        return Err(WorkbookError::NotAWorkbook { path: path.to_owned() });
    }
    Ok(FileSalt(head))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_file_is_not_a_workbook() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.soc2wb");
        std::fs::write(&path, "hello").unwrap();
        assert!(matches!(probe(&path), Err(WorkbookError::NotAWorkbook { .. })));
    }

    #[test]
    fn plain_sqlite_is_named_as_such() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plain.db");
        let mut bytes = PLAIN_SQLITE_MAGIC.to_vec();
        bytes.resize(4096, 0);
        std::fs::write(&path, bytes).unwrap();
        assert!(matches!(probe(&path), Err(WorkbookError::PlainSqlite { .. })));
    }

    #[test]
    fn empty_and_missing_and_folder_are_distinguished() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.soc2wb");
        std::fs::write(&empty, b"").unwrap();
        assert!(matches!(probe(&empty), Err(WorkbookError::EmptyFile { .. })));
        assert!(matches!(probe(&dir.path().join("missing")), Err(WorkbookError::NotFound { .. })));
        assert!(matches!(probe(dir.path()), Err(WorkbookError::NotAFile { .. })));
    }
}
