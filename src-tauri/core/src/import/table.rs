//! Reads the bytes of a CSV export into a plain table of trimmed text cells, remembering
//! the line of the file each row starts on so every later problem can point at it.
//!
//! It knows nothing of what the columns mean; `roster` and the other importers do.

use crate::import::error::{ImportError, SizeLimit};

/// Files above this size are refused before any parsing: a roster of thousands of
/// people is well under 1 MB, so 20 MB means the wrong file was picked.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// Data rows above this count are refused, for the same reason as [`MAX_BYTES`].
pub const MAX_ROWS: usize = 100_000;

/// Rows (the header included) with more non-empty cells than this are refused: no
/// export we read has a thousand columns, and a file that does is not a list of people
/// or vendors. Empty cells at the end of a row (trailing commas) do not count.
pub const MAX_COLUMNS: usize = 1_000;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV file as text: the header row and the non-blank rows under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Header cells as written in the file (trimmed), for showing to the user.
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
}

/// One data row. `cells` holds the row up to its last non-empty cell, so it may be
/// shorter than the header: read cells with [`TableRow::cell`], which gives "" for a
/// cell the row does not reach. (Padding every row to the header's width would let a
/// small file with a very wide header fill the memory.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// 1-based line of the file where the row starts (the header is usually line 1).
    /// A quoted cell that spans lines makes the next row start further down.
    pub line: u64,
    pub cells: Vec<String>,
}

impl TableRow {
    /// The cell in column `index`, or "" if the row does not reach that far.
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map_or("", String::as_str)
    }
}

impl Table {
    /// Reads a CSV file. The delimiter (`,`, `;` or tab) is taken from the header line,
    /// because spreadsheet apps in many European locales save "CSV" with semicolons.
    pub fn parse(bytes: &[u8]) -> Result<Table, ImportError> {
        Self::parse_with_limits(bytes, MAX_BYTES, MAX_ROWS)
    }

    /// [`Table::parse`] with other limits, for exports that are larger by nature (an
    /// AWS credential report of 100,000 users is about 30 MB).
    pub fn parse_with_limits(bytes: &[u8], max_bytes: usize, max_rows: usize) -> Result<Table, ImportError> {
        let mut headers: Option<Vec<String>> = None;
        let mut rows = Vec::new();
        Self::visit(bytes, max_bytes, max_rows, |line, cells| -> Result<(), ImportError> {
            let cells: Vec<String> = cells.iter().map(|c| (*c).to_owned()).collect();
            match headers {
                None => headers = Some(cells),
                Some(_) => rows.push(TableRow { line, cells }),
            }
            Ok(())
        })?;
        // Whitespace-only text was refused, so no header here means every line was a
        // row of empty cells (",,,"): nothing to read.
        let headers = headers.ok_or(ImportError::Empty)?;
        Ok(Table { headers, rows })
    }

    /// Reads the file a row at a time, handing `each(line, cells)` the header row first,
    /// then every non-blank row, cells trimmed and cut after the last non-empty one:
    /// for callers that turn rows into something smaller as they go rather than hold
    /// every cell of a large file at once. The same checks and limits as [`Table::parse`].
    pub fn visit<E: From<ImportError>>(
        bytes: &[u8],
        max_bytes: usize,
        max_rows: usize,
        mut each: impl FnMut(u64, &[&str]) -> Result<(), E>,
    ) -> Result<(), E> {
        if bytes.len() > max_bytes {
            return Err(ImportError::TooLarge(SizeLimit::Bytes { max: max_bytes }).into());
        }
        let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
        let text = std::str::from_utf8(bytes)
            .map_err(|source| ImportError::NotUtf8 { line: line_of_offset(bytes, source.valid_up_to()), source })?;
        if text.trim().is_empty() {
            return Err(ImportError::Empty.into());
        }

        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(detect_delimiter(text))
            .from_reader(text.as_bytes());

        // Rows after the header; None until the header is read.
        let mut rows: Option<usize> = None;
        let mut record = csv::StringRecord::new();
        let mut lines = LineCounter::new(text.as_bytes());
        loop {
            // Where the reader stands before the record. It is usually still on the
            // previous record's line ending, and the reader skips empty lines itself, so
            // csv's own line numbers can be off; `LineCounter` works from this offset.
            // The input is at most MAX_BYTES, so the offset fits a usize; saturating
            // would only clamp to the end of the text.
            let start = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX);
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(source) => {
                    return Err(ImportError::Malformed {
                        line: lines.line_of_record_at(start),
                        reason: malformed_reason(&source),
                        source,
                    }
                    .into());
                }
            }
            // Up to the last non-empty cell; a blank row has width 0 and is skipped.
            let width = (0..record.len()).rev().find(|&i| !record[i].trim().is_empty()).map_or(0, |last| last + 1);
            if width == 0 {
                continue;
            }
            let line = lines.line_of_record_at(start);
            if width > MAX_COLUMNS {
                return Err(ImportError::TooLarge(SizeLimit::Columns { max: MAX_COLUMNS, line }).into());
            }
            rows = match rows {
                None => Some(0),
                Some(n) if n == max_rows => return Err(ImportError::TooLarge(SizeLimit::Rows { max: max_rows }).into()),
                Some(n) => Some(n + 1),
            };
            // The cells borrowed from the record: one allocation a row, none per cell.
            let cells: Vec<&str> = record.iter().take(width).map(|c| without_formula_guard(c.trim())).collect();
            each(line, &cells)?;
        }
        if rows.is_none() {
            return Err(ImportError::Empty.into());
        }
        Ok(())
    }

    /// The index of the first column whose normalised header equals one of `synonyms`
    /// (given already normalised). Synonyms are tried in order, so put the preferred
    /// name first: with both "Email" and "Work Email" present, `["work email", "email"]`
    /// picks "Work Email".
    pub fn find_column(&self, synonyms: &[&str]) -> Option<usize> {
        let normalised: Vec<String> = self.headers.iter().map(|h| normalise_label(h)).collect();
        synonyms.iter().find_map(|s| normalised.iter().position(|h| h == s))
    }
}

/// Characters that make a spreadsheet read a cell as a formula when they start it.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell for a CSV export: text that a spreadsheet would run as a formula (it starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return, e.g. `=HYPERLINK(...)` typed as
/// a vendor name) gets a leading apostrophe, so Excel, Numbers or Google Sheets show the
/// text instead of running it. [`Table::parse`] removes that apostrophe again, so an
/// export imports back unchanged.
pub fn csv_safe(cell: &str) -> String {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// Undoes [`csv_safe`] on a trimmed cell read from a file.
fn without_formula_guard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// Normalises a header (or a status value) for matching: lowercase, trimmed, and runs of
/// spaces, underscores and hyphens collapsed to one space, so "Work_Email",
/// "work-email" and " Work  Email " all read "work email".
pub fn normalise_label(label: &str) -> String {
    let lower = label.to_lowercase();
    lower
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Picks the delimiter that occurs most often (outside quotes) on the header line.
/// Ties and a single-column file fall back to a comma.
fn detect_delimiter(text: &str) -> u8 {
    let header = text.trim_start_matches(['\r', '\n']);
    let (mut commas, mut semicolons, mut tabs) = (0usize, 0usize, 0usize);
    let mut in_quotes = false;
    for c in header.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '\n' | '\r' if !in_quotes => break,
            ',' if !in_quotes => commas += 1,
            ';' if !in_quotes => semicolons += 1,
            '\t' if !in_quotes => tabs += 1,
            _ => {}
        }
    }
    if tabs > commas && tabs >= semicolons {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// 1-based line holding byte `offset`.
fn line_of_offset(bytes: &[u8], offset: usize) -> u64 {
    LineCounter::new(bytes).line_at(offset)
}

/// Turns byte offsets into 1-based line numbers, counting each stretch of the file
/// once: offsets are asked for in increasing order, so a 100,000-row file is not
/// rescanned per row.
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, offset: 0, line: 1 }
    }

    /// The line of the first character of a record that the csv reader started
    /// reading at `offset`: line endings and empty lines before it are skipped first.
    fn line_of_record_at(&mut self, offset: usize) -> u64 {
        let skipped =
            self.bytes.get(offset..).map_or(0, |rest| rest.iter().take_while(|&&b| b == b'\r' || b == b'\n').count());
        self.line_at(offset + skipped)
    }

    fn line_at(&mut self, offset: usize) -> u64 {
        let offset = offset.min(self.bytes.len());
        if offset < self.offset {
            // Never happens with the csv reader's monotonic positions; start over
            // rather than give a wrong line.
            *self = Self::new(self.bytes);
        }
        let newlines = self.bytes[self.offset..offset].iter().filter(|&&b| b == b'\n').count();
        self.line += newlines as u64;
        self.offset = offset;
        self.line
    }
}

fn malformed_reason(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Utf8 { .. } => "it is not valid UTF-8 text.".to_owned(),
        _ => "it is not valid CSV. Check for a stray quote mark on that line.".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Table {
        match Table::parse(text.as_bytes()) {
            Ok(t) => t,
            Err(e) => panic!("expected a table, got: {e}"),
        }
    }

    fn lines(t: &Table) -> Vec<u64> {
        t.rows.iter().map(|r| r.line).collect()
    }

    #[test]
    fn comma_file_reads_headers_and_trimmed_cells() {
        let t = parse("Employee Name, Work Email ,Department\nAda Quill , ada@example.com,Engineering\n");
        assert_eq!(t.headers, ["Employee Name", "Work Email", "Department"]);
        assert_eq!(t.rows[0].cells, ["Ada Quill", "ada@example.com", "Engineering"]);
        assert_eq!(t.rows[0].line, 2);
    }

    #[test]
    fn utf8_bom_is_ignored() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice("Name,Email\nZoë Brandt,zoe@example.com\n".as_bytes());
        let t = Table::parse(&bytes).ok();
        let t = t.as_ref().map(|t| (t.headers.clone(), t.rows[0].cells.clone()));
        assert_eq!(
            t,
            Some((
                vec!["Name".to_owned(), "Email".to_owned()],
                vec!["Zoë Brandt".to_owned(), "zoe@example.com".to_owned()]
            ))
        );
    }

    #[test]
    fn semicolon_delimiter_is_detected_from_the_header() {
        let t = parse("Name;Email;Team\r\nLeo Varga;leo@example.com;Sales, EMEA\r\n");
        assert_eq!(t.headers, ["Name", "Email", "Team"]);
        assert_eq!(t.rows[0].cells, ["Leo Varga", "leo@example.com", "Sales, EMEA"]);
    }

    #[test]
    fn tab_delimiter_is_detected_from_the_header() {
        let t = parse("Name\tEmail\tTitle\nMina Okafor\tmina@example.com\tEngineer, Platform\n");
        assert_eq!(t.rows[0].cells, ["Mina Okafor", "mina@example.com", "Engineer, Platform"]);
    }

    #[test]
    fn delimiter_inside_a_quoted_header_does_not_count() {
        let t = parse("\"Name; full\",Email\nA,a@example.com\n");
        assert_eq!(t.headers, ["Name; full", "Email"]);
    }

    #[test]
    fn quoted_multi_line_cell_keeps_later_line_numbers_true() {
        let t = parse(
            "Name,Email,Notes\n\
             Ada Quill,ada@example.com,\"Joined from\nthe Leeds office\n(relocated)\"\n\
             Leo Varga,leo@example.com,\n",
        );
        assert_eq!(lines(&t), [2, 5]);
        assert_eq!(t.rows[0].cells[2], "Joined from\nthe Leeds office\n(relocated)");
    }

    #[test]
    fn windows_line_endings_and_leading_blank_lines_keep_line_numbers_true() {
        let t = parse(
            "\r\n\r\nName,Email,Notes\r\n\
             Ada,ada@example.com,\"two\r\nlines\"\r\n\
             \r\n\
             Leo,leo@example.com,\r\n",
        );
        assert_eq!(t.headers, ["Name", "Email", "Notes"]);
        assert_eq!(lines(&t), [4, 7]);
    }

    #[test]
    fn blank_rows_are_skipped_and_line_numbers_still_match_the_file() {
        let t = parse("Name,Email\n\nAda,ada@example.com\n,,\n  ,  \nLeo,leo@example.com\n");
        assert_eq!(lines(&t), [3, 6]);
    }

    #[test]
    fn short_rows_read_missing_cells_as_empty() {
        let t = parse("Name,Email,Title\nAda,ada@example.com\nLeo,leo@example.com,CTO,extra\n");
        assert_eq!(t.rows[0].cells, ["Ada", "ada@example.com"]);
        assert_eq!(t.rows[0].cell(2), "");
        assert_eq!(t.rows[0].cell(7), "");
        assert_eq!(t.rows[1].cell(3), "extra");
    }

    #[test]
    fn non_utf8_file_is_refused_with_a_save_as_hint() {
        // "Zoë" in Windows-1252, as older Excel saves "CSV" on Windows.
        let bytes = b"Name,Email\nAda,ada@example.com\nZo\xEB,zoe@example.com\n";
        match Table::parse(bytes) {
            Err(e @ ImportError::NotUtf8 { line: 3, .. }) => {
                assert!(e.to_string().contains("CSV UTF-8"), "{e}");
            }
            other => panic!("expected NotUtf8 on line 3, got {other:?}"),
        }
    }

    #[test]
    fn empty_or_blank_file_is_refused() {
        for text in ["", "\u{feff}", "  \n\r\n", ",,\n,\n"] {
            assert!(matches!(Table::parse(text.as_bytes()), Err(ImportError::Empty)), "{text:?}");
        }
    }

    #[test]
    fn oversized_file_is_refused_before_parsing() {
        let bytes = vec![b'a'; MAX_BYTES + 1];
        assert!(matches!(Table::parse(&bytes), Err(ImportError::TooLarge(SizeLimit::Bytes { .. }))));
    }

    #[test]
    fn too_many_rows_are_refused() {
        let mut text = String::from("N\n");
        for _ in 0..=MAX_ROWS {
            text.push_str("x\n");
        }
        assert!(matches!(Table::parse(text.as_bytes()), Err(ImportError::TooLarge(SizeLimit::Rows { .. }))));
    }

    #[test]
    fn a_very_wide_header_is_refused_and_short_rows_are_not_padded() {
        let wide = (0..=MAX_COLUMNS).map(|i| format!("c{i}")).collect::<Vec<_>>().join(",");
        match Table::parse(format!("{wide}\nx\n").as_bytes()) {
            Err(e @ ImportError::TooLarge(SizeLimit::Columns { line: 1, .. })) => {
                assert!(e.to_string().contains("more than 1000 columns"), "{e}");
            }
            other => panic!("expected TooLarge(Columns), got {other:?}"),
        }
        // Just under the limit, with many one-cell rows: each row keeps one cell, not
        // a thousand empty ones (this used to grow to gigabytes with a wider header).
        let header = (0..MAX_COLUMNS).map(|i| format!("c{i}")).collect::<Vec<_>>().join(",");
        let t = parse(&format!("{header}\n{}", "x\n".repeat(5000)));
        assert!(t.rows.iter().all(|r| r.cells.len() == 1));
        // Trailing empty cells do not count towards the limit.
        let t = parse(&format!("Name\nAda{}\n", ",".repeat(5 * MAX_COLUMNS)));
        assert_eq!(t.rows[0].cells, ["Ada"]);
    }

    #[test]
    fn formula_cells_are_exported_as_text_and_read_back_unchanged() {
        let risky = ["=cmd|' /C calc'!A0", "+SUM(1)", "-2+3", "@SUM(1)", "\t=1", "plain", "'quoted", "a=b"];
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(["Name"]).unwrap();
        for cell in risky {
            w.write_record([csv_safe(cell)]).unwrap();
        }
        let bytes = w.into_inner().unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        for line in text.lines().skip(1) {
            assert!(!line.trim_start_matches('"').starts_with(['=', '+', '-', '@']), "{line}");
        }
        let t = Table::parse(&bytes).unwrap();
        let read: Vec<&str> = t.rows.iter().map(|r| r.cell(0)).collect();
        assert_eq!(read, risky);
    }

    #[test]
    fn headers_are_normalised_for_matching() {
        assert_eq!(normalise_label("  Work_Email  "), "work email");
        assert_eq!(normalise_label("Start - Date"), "start date");
        assert_eq!(normalise_label("EMPLOYEE__NAME"), "employee name");
    }

    #[test]
    fn find_column_prefers_earlier_synonyms() {
        let t = parse("Email,Work_Email\n");
        assert_eq!(t.find_column(&["work email", "email"]), Some(1));
        assert_eq!(t.find_column(&["title"]), None);
    }
}
