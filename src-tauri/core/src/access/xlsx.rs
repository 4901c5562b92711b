//! Reads the first sheet of an XLSX workbook into the same plain table a CSV gives,
//! after checking the archive cannot expand into more memory than an export needs.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::read::AccountFileError;
use super::read::MAX_ROWS;
use crate::import::table::{Table, TableRow};

/// More than this, uncompressed, is not an account list: a real 100,000-row export is
/// a few tens of MB of XML.
const MAX_UNCOMPRESSED: u64 = 200 * 1024 * 1024;

pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

pub fn is_old_excel(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xD0\xCF\x11\xE0")
}

pub fn read(bytes: &[u8]) -> Result<Table, AccountFileError> {
    check_expansion(bytes)?;
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| AccountFileError::Spreadsheet(e.to_string()))?;
    let Some(sheet) = book.sheet_names().first().cloned() else {
        return Err(AccountFileError::Spreadsheet("it has no sheets".to_owned()));
    };
    let range = book.worksheet_range(&sheet).map_err(|e| AccountFileError::Spreadsheet(e.to_string()))?;
    let first_row = range.start().map_or(0, |(r, _)| u64::from(r));
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        let line = first_row + i as u64 + 1;
        match &headers {
            None => headers = Some(cells),
            Some(h) => {
                if rows.len() == MAX_ROWS {
                    return Err(AccountFileError::Import(crate::import::ImportError::TooLarge(
                        crate::import::SizeLimit::Rows { max: MAX_ROWS },
                    )));
                }
                let mut cells = cells;
                if cells.len() < h.len() {
                    cells.resize(h.len(), String::new());
                }
                rows.push(TableRow { line, cells });
            }
        }
    }
    let headers = headers.ok_or(AccountFileError::Import(crate::import::ImportError::Empty))?;
    Ok(Table { headers, rows })
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_owned(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_datetime().map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()).unwrap_or_default(),
    }
}

/// Sums the uncompressed sizes the archive's central directory declares, so a "zip
/// bomb" (a small file that expands to gigabytes) is refused before anything inflates.
fn check_expansion(bytes: &[u8]) -> Result<(), AccountFileError> {
    const EOCD: &[u8] = b"PK\x05\x06";
    const ENTRY: &[u8] = b"PK\x01\x02";
    let too_large = || AccountFileError::SpreadsheetTooLarge { max_mb: MAX_UNCOMPRESSED / (1024 * 1024) };
    let damaged = || AccountFileError::Spreadsheet("the file is damaged or is not an Excel workbook".to_owned());
    let tail_start = bytes.len().saturating_sub(65_557);
    let eocd = bytes[tail_start..].windows(4).rposition(|w| w == EOCD).map(|i| tail_start + i).ok_or_else(damaged)?;
    let u16_at = |at: usize| bytes.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_at = |at: usize| bytes.get(at..at + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let entries = u16_at(eocd + 10).ok_or_else(damaged)?;
    let mut at = u32_at(eocd + 16).ok_or_else(damaged)? as usize;
    let mut total: u64 = 0;
    for _ in 0..entries {
        if bytes.get(at..at + 4) != Some(ENTRY) {
            return Err(damaged());
        }
        let size = u32_at(at + 24).ok_or_else(damaged)?;
        if size == u32::MAX {
            // A ZIP64 entry: 4 GB or more.
            return Err(too_large());
        }
        total += u64::from(size);
        if total > MAX_UNCOMPRESSED {
            return Err(too_large());
        }
        let (name, extra, comment) = (
            u16_at(at + 28).ok_or_else(damaged)? as usize,
            u16_at(at + 30).ok_or_else(damaged)? as usize,
            u16_at(at + 32).ok_or_else(damaged)? as usize,
        );
        at += 46 + name + extra + comment;
    }
    Ok(())
}
