//! Reads an account export (CSV or XLSX) into typed accounts through a mapping, with
//! every problem named by line and column before anything is written.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::model::{Field, Mapping, Preset};
use super::presets;
use crate::import::table::Table;
use crate::import::ImportError;

/// A cell longer than this is not an account field: the file is not what it seems.
const MAX_CELL: usize = 64 * 1024;

/// Account exports run larger than rosters: 200,000 accounts of the widest format we
/// know (the AWS credential report, ~300 bytes a row) fit; a parsed table takes about
/// twice the file's size in memory, so this also bounds memory.
pub const MAX_BYTES: usize = 80 * 1024 * 1024;
pub const MAX_ROWS: usize = 200_000;

/// Problems listed in full; beyond this only counted, so a wrong file cannot flood the
/// preview.
const MAX_LISTED_PROBLEMS: usize = 200;

/// Why a file cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum AccountFileError {
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error("The spreadsheet could not be read: {0}. Open it in Excel or Numbers and save it again as .xlsx or as CSV UTF-8.")]
    Spreadsheet(String),
    #[error(
        "This is an old-style Excel file (.xls). Open it in Excel or Numbers and save it as .xlsx or as CSV UTF-8."
    )]
    OldExcel,
    #[error("The spreadsheet would expand to more than {max_mb} MB when opened, far more than an account list. Check that you picked the right file.")]
    SpreadsheetTooLarge { max_mb: u64 },
    #[error(
        "Columns {first} and {second} are both called \"{name}\". Rename one of them so it is clear which to use."
    )]
    DuplicateHeader { name: String, first: usize, second: usize },
    #[error("Line {line}, column \"{column}\" holds more than 64 KB of text, which no account field needs. Check that you picked the right file.")]
    CellTooLarge { line: u64, column: String },
    #[error("A quote mark opened on line {line} never closes, so the rest of the file would read as one cell. Check that line in the file.")]
    UnclosedQuote { line: u64 },
}

impl AccountFileError {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Import(e) => e.kind(),
            Self::Spreadsheet(_) | Self::OldExcel => "spreadsheet",
            Self::SpreadsheetTooLarge { .. } => "too_large",
            Self::DuplicateHeader { .. } => "duplicate_header",
            Self::CellTooLarge { .. } => "cell_too_large",
            Self::UnclosedQuote { .. } => "malformed",
        }
    }
}

/// One problem with one cell (or, at line 0, with the file as a whole, such as no
/// column mapped to the account name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LineProblem {
    #[ts(type = "number")]
    pub line: u64,
    pub column: String,
    pub message: String,
}

/// One account as read from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedAccount {
    pub line: u64,
    pub identity: String,
    pub display_name: String,
    pub email: String,
    pub roles: String,
    pub account_status: String,
    pub active: bool,
    pub last_login: Option<NaiveDate>,
    pub mfa: Option<bool>,
    /// The row as exported: its cells as a JSON array, the form the workbook stores.
    pub raw: String,
}

/// A file read through a mapping: ready to preview, and to import if it has no problems.
#[derive(Debug, Clone)]
pub struct AccountFile {
    pub detected: Preset,
    pub preset: Preset,
    pub mapping: Mapping,
    pub headers: Vec<String>,
    pub accounts: Vec<ParsedAccount>,
    pub problems: Vec<LineProblem>,
    pub problem_count: usize,
}

impl AccountFile {
    pub fn is_clean(&self) -> bool {
        self.problem_count == 0
    }
}

/// Reads `bytes` (CSV or XLSX, told apart by content). The preset is detected from the
/// header unless given; the mapping is the preset's unless given.
pub fn read_accounts(
    bytes: &[u8],
    preset: Option<Preset>,
    mapping: Option<&Mapping>,
) -> Result<AccountFile, AccountFileError> {
    read_accounts_with(bytes, preset, |chosen, headers| {
        mapping.cloned().unwrap_or_else(|| presets::default_mapping(chosen, headers))
    })
}

/// Like [`read_accounts`], with the mapping chosen by `choose(preset, headers)` once
/// the header row is known (e.g. a mapping remembered for the system).
///
/// A CSV is read one row at a time straight into accounts: its rows are never all held
/// as separate cells at once (100,000 rows of the AWS report's 22 columns would be 2.2
/// million strings, well over 100 MB), and each account keeps its row as exported as
/// one JSON text.
pub fn read_accounts_with(
    bytes: &[u8],
    preset: Option<Preset>,
    choose: impl FnOnce(Preset, &[String]) -> Mapping,
) -> Result<AccountFile, AccountFileError> {
    if super::xlsx::is_old_excel(bytes) {
        return Err(AccountFileError::OldExcel);
    }
    if super::xlsx::is_zip(bytes) {
        let table = super::xlsx::read(bytes)?;
        let mut reader = Reader::start(table.headers, preset, choose)?;
        for row in table.rows {
            let cells: Vec<&str> = row.cells.iter().map(String::as_str).collect();
            reader.row(row.line, &cells)?;
        }
        return reader.finish();
    }
    let mut reader: Option<Reader> = None;
    let mut choose = Some(choose);
    let visited = Table::visit(bytes, MAX_BYTES, MAX_ROWS, |line, cells| -> Result<(), AccountFileError> {
        match (&mut reader, choose.take()) {
            (Some(r), _) => r.row(line, cells),
            (None, Some(choose)) => {
                reader = Some(Reader::start(cells.iter().map(|c| (*c).to_owned()).collect(), preset, choose)?);
                Ok(())
            }
            (None, None) => Ok(()),
        }
    });
    // A file that is not text, or not CSV, says so first; a quote left open reads as one
    // long cell rather than an error, so look for it before judging the cells.
    let visited = match visited {
        Err(AccountFileError::Import(e)) => return Err(e.into()),
        other => other,
    };
    if let Some(line) = unclosed_quote(bytes) {
        return Err(AccountFileError::UnclosedQuote { line });
    }
    visited?;
    reader.ok_or(AccountFileError::Import(ImportError::Empty))?.finish()
}

/// A quote mark that opens a quoted cell and never closes, by line. A doubled quote
/// inside a quoted cell toggles twice, so it needs no special case.
fn unclosed_quote(bytes: &[u8]) -> Option<u64> {
    let (mut open, mut line, mut opened_on) = (false, 1u64, 0u64);
    for &b in bytes {
        match b {
            b'"' => {
                open = !open;
                if open {
                    opened_on = line;
                }
            }
            b'\n' => line += 1,
            _ => {}
        }
    }
    open.then_some(opened_on)
}

fn check_headers(headers: &[String]) -> Result<(), AccountFileError> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        if let Some(first) = seen.insert(h.as_str(), i) {
            return Err(AccountFileError::DuplicateHeader { name: h.clone(), first: first + 1, second: i + 1 });
        }
    }
    Ok(())
}

/// Where each mapped field's cells are: one column, or two joined for a display name.
struct Columns {
    of: HashMap<Field, Vec<usize>>,
}

impl Columns {
    fn text(&self, field: Field, cells: &[&str]) -> String {
        match self.of.get(&field).map(Vec::as_slice) {
            None | Some([]) => String::new(),
            Some([one]) => cells.get(*one).map(|c| (*c).to_owned()).unwrap_or_default(),
            Some(many) => {
                let mut out = String::new();
                for cell in many.iter().filter_map(|i| cells.get(*i)).filter(|c| !c.is_empty()) {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(cell);
                }
                out
            }
        }
    }

    fn first(&self, field: Field) -> Option<usize> {
        self.of.get(&field).and_then(|v| v.first().copied())
    }
}

/// Turns rows into accounts through a mapping, one row at a time, collecting problems.
struct Reader {
    detected: Preset,
    preset: Preset,
    mapping: Mapping,
    headers: Vec<String>,
    columns: Columns,
    extras: presets::Extras,
    identity_col: Option<usize>,
    login_cols: Vec<usize>,
    accounts: Vec<ParsedAccount>,
    rows: usize,
    problems: Vec<LineProblem>,
    problem_count: usize,
    // Duplicates are found by a hash of the lowercased name, so 100,000 names need no
    // lowercased copies; a hit is confirmed by comparing the names themselves.
    seen: HashMap<u64, (u64, usize)>,
    // Status and MFA cells repeat a handful of words across 100,000 rows: judge each once.
    active_words: HashMap<String, bool>,
    mfa_words: HashMap<String, Option<bool>>,
}

impl Reader {
    fn start(
        headers: Vec<String>,
        preset: Option<Preset>,
        choose: impl FnOnce(Preset, &[String]) -> Mapping,
    ) -> Result<Self, AccountFileError> {
        check_headers(&headers)?;
        let detected = presets::detect(&headers);
        let preset = preset.unwrap_or(detected);
        let mapping = choose(preset, &headers);
        let mut r = Reader {
            detected,
            preset,
            extras: presets::extras(preset, &headers),
            columns: Columns { of: HashMap::new() },
            identity_col: None,
            login_cols: Vec::new(),
            accounts: Vec::new(),
            rows: 0,
            problems: Vec::new(),
            problem_count: 0,
            seen: HashMap::new(),
            active_words: HashMap::new(),
            mfa_words: HashMap::new(),
            mapping,
            headers,
        };
        for &field in Field::ALL {
            let Some(spec) = r.mapping.get(field).map(str::to_owned) else { continue };
            let mut idx = Vec::new();
            for part in spec.split(" + ") {
                match r.headers.iter().position(|h| h == part.trim()) {
                    Some(i) => idx.push(i),
                    None => r.push(LineProblem {
                        line: 0,
                        column: part.to_owned(),
                        message: format!(
                            "The mapping uses a column \"{}\" for {}, but the file has no such column.",
                            part.trim(),
                            field.label().to_lowercase()
                        ),
                    }),
                }
            }
            r.columns.of.insert(field, idx);
        }
        r.identity_col = r.columns.first(Field::Identity);
        if r.identity_col.is_none() {
            r.push(LineProblem {
                line: 0,
                column: String::new(),
                message:
                    "Choose the column that holds the account (login, user name or email): no column is mapped to it."
                        .to_owned(),
            });
        }
        r.login_cols =
            r.columns.first(Field::LastLogin).into_iter().chain(r.extras.last_used.iter().copied()).collect();
        Ok(r)
    }

    fn push(&mut self, p: LineProblem) {
        self.problem_count += 1;
        if self.problems.len() < MAX_LISTED_PROBLEMS {
            self.problems.push(p);
        }
    }

    fn header(&self, i: Option<usize>) -> String {
        i.and_then(|i| self.headers.get(i)).cloned().unwrap_or_default()
    }

    fn is_active(&mut self, cell: &str) -> bool {
        if let Some(v) = self.active_words.get(cell) {
            return *v;
        }
        let v = presets::is_active(cell);
        self.active_words.insert(cell.to_owned(), v);
        v
    }

    fn mfa_value(&mut self, cell: &str) -> Option<bool> {
        if let Some(v) = self.mfa_words.get(cell) {
            return *v;
        }
        let v = presets::mfa_value(cell);
        self.mfa_words.insert(cell.to_owned(), v);
        v
    }

    /// One data row (cells trimmed, up to the last non-empty one).
    fn row(&mut self, line: u64, cells: &[&str]) -> Result<(), AccountFileError> {
        if let Some(i) = cells.iter().position(|c| c.len() > MAX_CELL) {
            let column = self.headers.get(i).cloned().unwrap_or_else(|| format!("column {}", i + 1));
            return Err(AccountFileError::CellTooLarge { line, column });
        }
        self.rows += 1;
        let identity = self.columns.text(Field::Identity, cells);
        if self.identity_col.is_some() {
            if identity.is_empty() {
                let column = self.header(self.identity_col);
                self.push(LineProblem { line, column, message: "The account name is empty.".to_owned() });
            } else {
                let hash = folded_hash(&identity);
                match self.seen.get(&hash).copied() {
                    None => {
                        self.seen.insert(hash, (line, self.accounts.len()));
                    }
                    Some((first, index)) => {
                        let same = self
                            .accounts
                            .get(index)
                            .is_some_and(|a: &ParsedAccount| a.identity.to_lowercase() == identity.to_lowercase());
                        if same {
                            let column = self.header(self.identity_col);
                            self.push(LineProblem {
                                line,
                                column,
                                message: format!("The account {identity} is listed twice (first on line {first})."),
                            });
                        }
                    }
                }
            }
        }
        let status = self.columns.text(Field::Status, cells);
        let mut active = status.is_empty() || self.is_active(&status);
        if self.preset == Preset::AwsIam {
            active = self.mfa_value(&status) == Some(true)
                || identity == "<root_account>"
                || (0..self.extras.active_if_true.len()).any(|k| {
                    let i = self.extras.active_if_true[k];
                    self.mfa_value(cells.get(i).copied().unwrap_or("")) == Some(true)
                });
        }
        let mut last_login = None;
        for k in 0..self.login_cols.len() {
            let i = self.login_cols[k];
            let cell = cells.get(i).copied().unwrap_or("");
            if presets::is_no_date(cell) {
                continue;
            }
            match parse_login(cell) {
                Ok(d) => last_login = last_login.max(Some(d)),
                Err(message) => {
                    let column = self.header(Some(i));
                    self.push(LineProblem { line, column, message })
                }
            }
        }
        let mfa_cell = self.columns.text(Field::Mfa, cells);
        let mfa = self.mfa_value(&mfa_cell);
        if !mfa_cell.is_empty() && mfa.is_none() && self.columns.first(Field::Mfa).is_some() {
            let column = self.header(self.columns.first(Field::Mfa));
            self.push(LineProblem {
                line,
                column,
                message: format!(
                    "\"{mfa_cell}\" does not say whether MFA is on: use true/false, yes/no or enabled/disabled."
                ),
            });
        }
        let mut display_name = self.columns.text(Field::DisplayName, cells);
        if display_name.is_empty() {
            display_name = identity.clone();
        }
        let mut email = self.columns.text(Field::Email, cells);
        if email.is_empty() && crate::people::looks_like_email(&identity) {
            email = identity.clone();
        }
        let raw = serde_json::to_string(cells).unwrap_or_else(|_| "[]".to_owned());
        self.accounts.push(ParsedAccount {
            line,
            display_name,
            email,
            roles: self.columns.text(Field::Roles, cells),
            account_status: status,
            active,
            last_login,
            mfa,
            identity,
            raw,
        });
        Ok(())
    }

    fn finish(self) -> Result<AccountFile, AccountFileError> {
        if self.rows == 0 {
            return Err(ImportError::NoRows.into());
        }
        Ok(AccountFile {
            detected: self.detected,
            preset: self.preset,
            mapping: self.mapping,
            headers: self.headers,
            accounts: self.accounts,
            problems: self.problems,
            problem_count: self.problem_count,
        })
    }
}

fn folded_hash(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        c.hash(&mut h);
    }
    h.finish()
}

/// A last sign-in cell as a day: any date the importers accept, or a Unix timestamp.
fn parse_login(cell: &str) -> Result<NaiveDate, String> {
    let cell = cell.trim();
    // Most exports write ISO 8601 ("2026-03-12T10:11:12Z"): read the day directly.
    if let Some(d) = iso_day(cell) {
        return Ok(d);
    }
    if cell.len() >= 9 && cell.len() <= 13 && cell.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = cell.parse().map_err(|_| "This is not a date.".to_owned())?;
        let secs = if cell.len() == 13 { n / 1000 } else { n };
        return chrono::DateTime::from_timestamp(secs, 0)
            .map(|d| d.date_naive())
            .ok_or_else(|| "This number is not a usable timestamp.".to_owned());
    }
    match crate::import::dates::parse_date(cell) {
        Ok(Some(d)) => Ok(d),
        Ok(None) => Err("The date is empty.".to_owned()),
        Err(problem) => Err(format!("\"{cell}\" as a sign-in date: {problem}")),
    }
}

/// `YYYY-MM-DD` at the start of an ISO date or timestamp, without the general parser.
fn iso_day(cell: &str) -> Option<NaiveDate> {
    let b = cell.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' || (b.len() > 10 && !matches!(b[10], b'T' | b' ')) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
    };
    let year = i32::try_from(num(0..4)?).ok()?;
    if !(1900..=2100).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<AccountFile, AccountFileError> {
        read_accounts(text.as_bytes(), None, None)
    }

    #[test]
    fn unclosed_quote_names_the_line_it_opens_on() {
        let e = read("login,name\nada,\"Ada\nleo,Leo\n").err();
        assert!(matches!(e, Some(AccountFileError::UnclosedQuote { line: 2 })), "{e:?}");
    }

    #[test]
    fn duplicate_headers_are_refused_with_positions() {
        let e = read("login,email,email\nada,a@x.io,b@x.io\n").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("Columns 2 and 3 are both called \"email\""), "{e}");
    }

    #[test]
    fn oversized_exports_are_refused_before_parsing_and_row_limit_is_counted() {
        let big = vec![b'a'; MAX_BYTES + 1];
        let e = read_accounts(&big, None, None).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("larger than 80 MB"), "{e}");
        let mut text = String::from("login\n");
        for n in 0..=MAX_ROWS {
            text.push_str(&format!("u{n}\n"));
        }
        let e = read_accounts(text.as_bytes(), None, None).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("more than 200000 rows"), "{e}");
    }

    #[test]
    fn huge_cell_is_refused() {
        let text = format!("login,name\nada,{}\n", "x".repeat(MAX_CELL + 1));
        assert!(matches!(read(&text), Err(AccountFileError::CellTooLarge { line: 2, .. })));
    }

    #[test]
    fn header_only_and_garbage_are_refused() {
        assert!(matches!(read("login,name\n"), Err(AccountFileError::Import(ImportError::NoRows))));
        assert!(matches!(
            read_accounts(b"\xff\xfe\x00garbage\x00\x01", None, None),
            Err(AccountFileError::Import(ImportError::NotUtf8 { .. }))
        ));
        assert!(matches!(read_accounts(b"\xD0\xCF\x11\xE0rest", None, None), Err(AccountFileError::OldExcel)));
        assert!(matches!(read_accounts(b"PK\x03\x04broken", None, None), Err(AccountFileError::Spreadsheet(_))));
    }

    #[test]
    fn wrong_delimiter_leaves_no_identity_column() {
        let f = read("login|name|status\nada|Ada|active\n").unwrap();
        assert!(!f.is_clean());
        assert_eq!(f.problems[0].line, 0);
        assert!(f.problems[0].message.contains("Choose the column"), "{:?}", f.problems);
    }

    #[test]
    fn bad_dates_and_duplicates_are_line_problems() {
        let f = read("username,last login\nada,2024-03-05\nleo,03/04/2024\nada,\n").unwrap();
        let lines: Vec<u64> = f.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 4]);
        assert_eq!(f.problems[0].column, "last login");
        assert!(f.problems[1].message.contains("listed twice (first on line 2)"));
    }

    #[test]
    fn placeholders_mean_never_and_timestamps_are_read() {
        let f = read("username,last login\nada,N/A\nleo,1709648469\nmia,Never logged in\n").unwrap();
        assert!(f.is_clean(), "{:?}", f.problems);
        assert_eq!(f.accounts[0].last_login, None);
        assert_eq!(f.accounts[1].last_login, NaiveDate::from_ymd_opt(2024, 3, 5));
    }

    #[test]
    fn user_mapping_overrides_the_preset() {
        let m = Mapping { identity: Some("Who".into()), mfa: Some("Token".into()), ..Mapping::default() };
        let f = read_accounts(b"Who,Token\nada,yes\n", None, Some(&m)).unwrap();
        assert!(f.is_clean());
        assert_eq!(f.accounts[0].identity, "ada");
        assert_eq!(f.accounts[0].mfa, Some(true));
    }
}
