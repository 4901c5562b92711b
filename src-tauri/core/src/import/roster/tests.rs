use super::*;

fn today() -> NaiveDate {
    date(2024, 6, 1)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("bad test date {y}-{m}-{d}"))
}

fn roster(csv: &str) -> RosterFile {
    parse_roster(csv.as_bytes(), today()).unwrap_or_else(|e| panic!("expected a roster, got: {e}"))
}

fn problems(row: &RosterRow) -> Vec<RowProblemKind> {
    row.problems.iter().map(RowProblem::kind).collect()
}

/// Shaped like a BambooHR "all employees" report.
const BAMBOO: &str = "\
Employee #,First Name,Last Name,Preferred Name,Work Email,Job Title,Department,Employment Status,Hire Date,Termination Date
101,Ada,Quill,,Ada.Quill@Lanternworks.io ,Staff Engineer,Engineering,Full-Time,2021-04-12,
102,Bruno,Sato,,bruno.sato@lanternworks.io,Account Executive,Sales,Terminated,2022-01-10,2024-02-29
103,Chidi,Okoro,Chi,chidi.okoro@lanternworks.io,Product Designer,Product,Contractor,2023-06-01,
104,Dana,Ferreira,,dana.ferreira@lanternworks.io,People Partner,People,Parental Leave,2020-09-14,
";

/// Shaped like a Gusto employee export: no status column, US dates.
const GUSTO: &str = "\
First name,Last name,Work email,Personal email,Job title,Department,Start date,End date
Elif,Yildiz,elif@harborline.co,elif.y@example.net,Engineer,Platform,03/15/2022,
Farid,Haddad,farid@harborline.co,,Support Lead,Support,11/20/2019,01/31/2024
Greta,Lind,greta@harborline.co,,Analyst,Finance,2023-01-09,12/20/2024
";

#[test]
fn bamboo_like_export_maps_columns_and_statuses() {
    let file = roster(BAMBOO);
    assert_eq!(
        file.columns.name,
        NameColumns::FirstLast { first: "First Name".to_owned(), last: "Last Name".to_owned() }
    );
    assert_eq!(file.columns.email, "Work Email");
    assert_eq!(file.columns.status.as_deref(), Some("Employment Status"));
    assert_eq!(file.columns.start_date.as_deref(), Some("Hire Date"));
    assert_eq!(file.columns.end_date.as_deref(), Some("Termination Date"));

    let ada = &file.rows[0];
    assert_eq!((ada.line, ada.name.as_str()), (2, "Ada Quill"));
    assert_eq!(ada.email, "ada.quill@lanternworks.io");
    assert_eq!((ada.title.as_str(), ada.department.as_str()), ("Staff Engineer", "Engineering"));
    assert_eq!(ada.start_date, Some(date(2021, 4, 12)));
    let statuses: Vec<_> = file.rows.iter().map(|r| r.status).collect();
    use EmploymentStatus::{Active, Contractor, Left, OnLeave};
    assert_eq!(statuses, [Some(Active), Some(Left), Some(Contractor), Some(OnLeave)]);
    assert!(file.rows.iter().all(|r| r.problems.is_empty()), "{:?}", file.rows);
}

#[test]
fn gusto_like_export_derives_status_from_the_end_date() {
    let file = roster(GUSTO);
    assert_eq!(file.columns.email, "Work email");
    assert_eq!(file.columns.status, None);
    let rows: Vec<_> = file.rows.iter().map(|r| (r.name.as_str(), r.status, r.end_date)).collect();
    assert_eq!(
        rows,
        [
            ("Elif Yildiz", Some(EmploymentStatus::Active), None),
            ("Farid Haddad", Some(EmploymentStatus::Left), Some(date(2024, 1, 31))),
            // Leaves after `today`: still active until then.
            ("Greta Lind", Some(EmploymentStatus::Active), Some(date(2024, 12, 20))),
        ]
    );
}

#[test]
fn end_date_on_today_counts_as_left() {
    let file = roster("Name,Email,End Date\nIvo Rask,ivo@example.com,2024-06-01\n");
    assert_eq!(file.rows[0].status, Some(EmploymentStatus::Left));
}

#[test]
fn full_name_column_is_preferred_over_first_and_last() {
    let file = roster("First Name;Last Name;Full Name;Email Address\nJo;Park;Jo-Anne  Park;jo@example.com\n");
    assert_eq!(file.columns.name, NameColumns::Full { header: "Full Name".to_owned() });
    assert_eq!(file.rows[0].name, "Jo-Anne Park");
}

#[test]
fn missing_email_column_lists_expected_and_found_columns() {
    let err = parse_roster(b"Employee Name,Department\nKai Moreno,Sales\n", today()).err();
    let Some(err @ ImportError::MissingColumns { .. }) = err else {
        panic!("expected MissingColumns, got {err:?}");
    };
    let msg = err.to_string();
    assert!(msg.contains("email (a column named \"Work Email\""), "{msg}");
    assert!(msg.contains("\"Email Address\""), "{msg}");
    assert!(msg.contains("The columns in the file are: \"Employee Name\", \"Department\"."), "{msg}");
    assert!(!msg.contains("name (a column"), "{msg}");
}

#[test]
fn first_name_without_last_name_is_a_missing_name_column() {
    let err = parse_roster(b"First Name,Email\nLia,lia@example.com\n", today()).err();
    let Some(ImportError::MissingColumns { missing, .. }) = err else {
        panic!("expected MissingColumns, got {err:?}");
    };
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].field, "name");
    assert!(missing[0].accepted.contains(&"First Name + Last Name".to_owned()));
}

#[test]
fn file_without_header_row_is_refused_as_no_header() {
    let err = parse_roster(b"Ada Quill,ada@example.com,Engineering\n", today()).err();
    assert!(matches!(err, Some(ImportError::NoHeader)), "{err:?}");
}

#[test]
fn header_without_rows_is_refused() {
    let err = parse_roster(b"Name,Email\n,\n", today()).err();
    assert!(matches!(err, Some(ImportError::NoRows)), "{err:?}");
}

#[test]
fn duplicate_emails_are_flagged_case_insensitively_on_later_rows() {
    let file = roster(
        "Name,Email\nMo Reyes,mo@example.com\nMo R.,MO@Example.com\nNia Holt,nia@example.com\nMo,mo@example.com\n",
    );
    let found: Vec<_> = file.rows.iter().map(|r| (r.line, r.problems.clone())).collect();
    assert_eq!(
        found,
        [
            (2, vec![]),
            (3, vec![RowProblem::DuplicateEmail { first_line: 2 }]),
            (4, vec![]),
            (5, vec![RowProblem::DuplicateEmail { first_line: 2 }]),
        ]
    );
}

#[test]
fn missing_and_invalid_emails_are_row_problems() {
    let file = roster(
        "Name,Email\nOla,\nPia,pia at example.com\nQuin,quin@localhost\nRui,\"rui@example.com; rui@home.net\"\nSam,\n",
    );
    assert_eq!(problems(&file.rows[0]), [RowProblemKind::MissingEmail]);
    assert_eq!(file.rows[1].problems, [RowProblem::InvalidEmail("pia at example.com".to_owned())]);
    assert_eq!(problems(&file.rows[2]), [RowProblemKind::InvalidEmail]);
    assert_eq!(problems(&file.rows[3]), [RowProblemKind::InvalidEmail]);
    // Two empty addresses are not duplicates of each other.
    assert_eq!(problems(&file.rows[4]), [RowProblemKind::MissingEmail]);
}

#[test]
fn missing_name_is_a_row_problem() {
    let file = roster("First Name,Last Name,Email\n , ,tess@example.com\n");
    assert_eq!(problems(&file.rows[0]), [RowProblemKind::MissingName]);
}

#[test]
fn bad_dates_are_row_problems_naming_the_field() {
    let file = roster("Name,Email,Start Date,End Date\nUma,uma@example.com,03/04/2024,1-Mar-24\n");
    let row = &file.rows[0];
    assert_eq!((row.start_date, row.end_date), (None, None));
    let messages: Vec<String> = row.problems.iter().map(ToString::to_string).collect();
    assert!(messages[0].starts_with("The start date \"03/04/2024\" cannot be used. Is 03/04/2024"), "{messages:?}");
    assert!(
        messages[1].starts_with("The end date \"1-Mar-24\" cannot be used. The year has only two digits"),
        "{messages:?}"
    );
}

#[test]
fn end_before_start_is_a_row_problem() {
    let file = roster("Name,Email,Start,End\nVik,vik@example.com,2023-05-02,2023-05-01\n");
    assert_eq!(problems(&file.rows[0]), [RowProblemKind::EndBeforeStart]);
}

#[test]
fn status_wording_maps_to_employment_status() {
    use EmploymentStatus::{Active, Contractor, Left, OnLeave};
    let cases = [
        ("Active", Active),
        ("employed", Active),
        ("Current", Active),
        ("Part-Time", Active),
        ("on_leave", OnLeave),
        ("Leave", OnLeave),
        ("Parental Leave", OnLeave),
        ("Consultant", Contractor),
        ("contract", Contractor),
        ("Freelance", Contractor),
        ("INACTIVE", Left),
        ("Former", Left),
        ("offboarded", Left),
        ("Resigned", Left),
        ("left", Left),
    ];
    let mut csv = String::from("Name,Email,Status\n");
    for (i, (text, _)) in cases.iter().enumerate() {
        csv.push_str(&format!("P{i},p{i}@example.com,{text}\n"));
    }
    let got: Vec<_> = roster(&csv).rows.iter().map(|r| r.status).collect();
    let want: Vec<_> = cases.iter().map(|(_, s)| Some(*s)).collect();
    assert_eq!(got, want);
}

#[test]
fn unknown_status_is_a_row_problem_and_leaves_status_empty() {
    let file = roster("Name,Email,Employee Status\nWen,wen@example.com,Sabbatical\n");
    assert_eq!(file.rows[0].status, None);
    assert_eq!(file.rows[0].problems, [RowProblem::UnknownStatus("Sabbatical".to_owned())]);
}

#[test]
fn blank_rows_are_skipped_and_lines_match_the_file() {
    let file = roster("Name,Email\r\nXia,xia@example.com\r\n,\r\n\r\nYan,yan@example.com\r\n");
    let lines: Vec<_> = file.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 5]);
}

#[test]
fn row_problems_serialise_as_kind_and_message() {
    let json = serde_json::to_value(RowProblem::DuplicateEmail { first_line: 7 }).ok();
    assert_eq!(
        json,
        Some(serde_json::json!({
            "kind": "duplicate_email",
            "message": "This email address is already used on line 7. Each person should appear only once."
        }))
    );
}

#[test]
fn typescript_shows_problems_as_kind_and_message() {
    let cfg = ts_rs::Config::new();
    let decl = RosterRow::decl(&cfg);
    assert!(decl.contains("problems: Array<RowProblemView>"), "{decl}");
    assert!(decl.contains("start_date: string | null"), "{decl}");
}
