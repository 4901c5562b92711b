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
    pub raw: Vec<String>,
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
pub fn read_accounts_with(
    bytes: &[u8],
    preset: Option<Preset>,
    choose: impl FnOnce(Preset, &[String]) -> Mapping,
) -> Result<AccountFile, AccountFileError> {
    let table = read_table(bytes)?;
    check_headers(&table.headers)?;
    let detected = presets::detect(&table.headers);
    let preset = preset.unwrap_or(detected);
    let mapping = choose(preset, &table.headers);
    Ok(apply_mapping(table, detected, preset, mapping))
}

fn read_table(bytes: &[u8]) -> Result<Table, AccountFileError> {
    if super::xlsx::is_old_excel(bytes) {
        return Err(AccountFileError::OldExcel);
    }
    let table = if super::xlsx::is_zip(bytes) {
        super::xlsx::read(bytes)?
    } else {
        // Parse first, so text that is not UTF-8 is reported as such; a quote left open
        // reads as one long cell rather than an error, so look for it afterwards.
        let table = Table::parse_with_limits(bytes, MAX_BYTES, MAX_ROWS)?;
        if let Some(line) = unclosed_quote(bytes) {
            return Err(AccountFileError::UnclosedQuote { line });
        }
        table
    };
    for row in &table.rows {
        if let Some(i) = row.cells.iter().position(|c| c.len() > MAX_CELL) {
            let column = table.headers.get(i).cloned().unwrap_or_else(|| format!("column {}", i + 1));
            return Err(AccountFileError::CellTooLarge { line: row.line, column });
        }
    }
    if table.rows.is_empty() {
        return Err(ImportError::NoRows.into());
    }
    Ok(table)
}

/// The line of a quote mark that opens a quoted cell and never closes. A doubled quote
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
    fn text(&self, field: Field, cells: &[String]) -> String {
        match self.of.get(&field).map(Vec::as_slice) {
            None | Some([]) => String::new(),
            Some([one]) => cells.get(*one).cloned().unwrap_or_default(),
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

fn apply_mapping(table: Table, detected: Preset, preset: Preset, mapping: Mapping) -> AccountFile {
    let mut problems = Vec::new();
    let mut problem_count = 0usize;
    let mut push = |p: LineProblem| {
        problem_count += 1;
        if problems.len() < MAX_LISTED_PROBLEMS {
            problems.push(p);
        }
    };
    let mut of = HashMap::new();
    for &field in Field::ALL {
        let Some(spec) = mapping.get(field) else { continue };
        let mut idx = Vec::new();
        for part in spec.split(" + ") {
            match table.headers.iter().position(|h| h == part.trim()) {
                Some(i) => idx.push(i),
                None => push(LineProblem {
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
        of.insert(field, idx);
    }
    let columns = Columns { of };
    if columns.first(Field::Identity).is_none() {
        push(LineProblem {
            line: 0,
            column: String::new(),
            message: "Choose the column that holds the account (login, user name or email): no column is mapped to it."
                .to_owned(),
        });
    }
    let extras = presets::extras(preset, &table.headers);
    let header = |i: Option<usize>| i.and_then(|i| table.headers.get(i)).cloned().unwrap_or_default();
    // Duplicates are found by a hash of the lowercased name, so 100,000 names need no
    // lowercased copies; a hit is confirmed by comparing the names themselves.
    let mut seen: HashMap<u64, (u64, usize)> = HashMap::new();
    // Status and MFA cells repeat a handful of words across 100,000 rows: judge each once.
    let mut active_words: HashMap<String, bool> = HashMap::new();
    let mut mfa_words: HashMap<String, Option<bool>> = HashMap::new();
    let mut is_active = |cell: &str| -> bool {
        if let Some(v) = active_words.get(cell) {
            return *v;
        }
        let v = presets::is_active(cell);
        active_words.insert(cell.to_owned(), v);
        v
    };
    let mut mfa_value = |cell: &str| -> Option<bool> {
        if let Some(v) = mfa_words.get(cell) {
            return *v;
        }
        let v = presets::mfa_value(cell);
        mfa_words.insert(cell.to_owned(), v);
        v
    };
    let mut accounts = Vec::with_capacity(table.rows.len());
    let identity_col = columns.first(Field::Identity);
    let login_cols: Vec<usize> =
        columns.first(Field::LastLogin).into_iter().chain(extras.last_used.iter().copied()).collect();
    for row in table.rows {
        let cells = row.cells;
        let identity = columns.text(Field::Identity, &cells);
        if identity_col.is_some() {
            if identity.is_empty() {
                push(LineProblem {
                    line: row.line,
                    column: header(identity_col),
                    message: "The account name is empty.".to_owned(),
                });
            } else {
                match seen.entry(folded_hash(&identity)) {
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert((row.line, accounts.len()));
                    }
                    std::collections::hash_map::Entry::Occupied(e) => {
                        let (first, index) = *e.get();
                        let same = accounts
                            .get(index)
                            .is_some_and(|a: &ParsedAccount| a.identity.to_lowercase() == identity.to_lowercase());
                        if same {
                            push(LineProblem {
                                line: row.line,
                                column: header(identity_col),
                                message: format!("The account {identity} is listed twice (first on line {first})."),
                            });
                        }
                    }
                }
            }
        }
        let status = columns.text(Field::Status, &cells);
        let mut active = status.is_empty() || is_active(&status);
        if preset == Preset::AwsIam {
            active = mfa_value(&status) == Some(true)
                || extras
                    .active_if_true
                    .iter()
                    .any(|&i| mfa_value(cells.get(i).map_or("", String::as_str)) == Some(true))
                || identity == "<root_account>";
        }
        let mut last_login = None;
        for &i in &login_cols {
            let cell = cells.get(i).map_or("", String::as_str);
            if presets::is_no_date(cell) {
                continue;
            }
            match parse_login(cell) {
                Ok(d) => last_login = last_login.max(Some(d)),
                Err(message) => push(LineProblem { line: row.line, column: header(Some(i)), message }),
            }
        }
        let mfa_cell = columns.text(Field::Mfa, &cells);
        let mfa = mfa_value(&mfa_cell);
        if !mfa_cell.is_empty() && mfa.is_none() && columns.first(Field::Mfa).is_some() {
            push(LineProblem {
                line: row.line,
                column: header(columns.first(Field::Mfa)),
                message: format!(
                    "\"{mfa_cell}\" does not say whether MFA is on: use true/false, yes/no or enabled/disabled."
                ),
            });
        }
        let mut display_name = columns.text(Field::DisplayName, &cells);
        if display_name.is_empty() {
            display_name = identity.clone();
        }
        let mut email = columns.text(Field::Email, &cells);
        if email.is_empty() && crate::people::looks_like_email(&identity) {
            email = identity.clone();
        }
        accounts.push(ParsedAccount {
            line: row.line,
            display_name,
            email,
            roles: columns.text(Field::Roles, &cells),
            account_status: status,
            active,
            last_login,
            mfa,
            identity,
            raw: cells,
        });
    }
    AccountFile { detected, preset, mapping, headers: table.headers, accounts, problems, problem_count }
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
