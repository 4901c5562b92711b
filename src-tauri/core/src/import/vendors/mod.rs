//! Reads and writes the vendor inventory as CSV: the export a person edits in a
//! spreadsheet, and the import that reads it (or a list kept elsewhere) back into typed
//! rows for the preview. Nothing is written to the workbook here.
//!
//! Only a missing name column refuses the whole file. Every other problem travels with
//! its row, as in `roster`, so the preview can show all of them by line at once.
//!
//! The export holds every field of `VendorInput` except `owner_id` (written as the
//! owner's email instead), `exceptions`, `questionnaire_outcome` and `system_ids`; a
//! merge must keep those from the workbook rather than clear them.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};
use ts_rs::TS;

use crate::import::dates::{parse_date, DateProblem};
use crate::import::table::{normalise_label, Table, TableRow};
use crate::import::{ExpectedColumn, ImportError};
use crate::people::looks_like_email;
use crate::vendors::{Tier, VendorInput};

mod words;
mod write;

use words::{parse_word, Word};
pub use write::{write_csv, ExportError, ExportRow};

/// The export's header row, in order. The import accepts these names (in any order,
/// any case, with spaces or hyphens for underscores) plus the synonyms in
/// [`Column::synonyms`].
pub const HEADER: [&str; 22] = [
    "name",
    "service",
    "category",
    "owner_email",
    "website",
    "data_classification",
    "customer_data",
    "access_level",
    "criticality",
    "tier_override",
    "tier_override_reason",
    "contract_start",
    "contract_renewal",
    "assurance",
    "report_period_end",
    "report_received",
    "bridge_letter",
    "opinion",
    "dpa_signed",
    "questionnaire_date",
    "subservice",
    "last_review",
];

/// One column of the vendor CSV. Invariant: `ALL` lists the variants in declaration
/// order, which is the order of [`HEADER`], so `column as usize` indexes both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Name,
    Service,
    Category,
    OwnerEmail,
    Website,
    DataClassification,
    CustomerData,
    AccessLevel,
    Criticality,
    TierOverride,
    TierOverrideReason,
    ContractStart,
    ContractRenewal,
    Assurance,
    ReportPeriodEnd,
    ReportReceived,
    BridgeLetter,
    Opinion,
    DpaSigned,
    QuestionnaireDate,
    Subservice,
    LastReview,
}

impl Column {
    pub const ALL: [Column; 22] = [
        Self::Name,
        Self::Service,
        Self::Category,
        Self::OwnerEmail,
        Self::Website,
        Self::DataClassification,
        Self::CustomerData,
        Self::AccessLevel,
        Self::Criticality,
        Self::TierOverride,
        Self::TierOverrideReason,
        Self::ContractStart,
        Self::ContractRenewal,
        Self::Assurance,
        Self::ReportPeriodEnd,
        Self::ReportReceived,
        Self::BridgeLetter,
        Self::Opinion,
        Self::DpaSigned,
        Self::QuestionnaireDate,
        Self::Subservice,
        Self::LastReview,
    ];

    /// The column's name in the export's header row.
    pub fn header(self) -> &'static str {
        HEADER[self as usize]
    }

    /// The column in words, for messages: "contract renewal".
    pub fn label(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Service => "service",
            Self::Category => "category",
            Self::OwnerEmail => "owner email",
            Self::Website => "website",
            Self::DataClassification => "data classification",
            Self::CustomerData => "customer data",
            Self::AccessLevel => "access level",
            Self::Criticality => "criticality",
            Self::TierOverride => "tier override",
            Self::TierOverrideReason => "tier override reason",
            Self::ContractStart => "contract start",
            Self::ContractRenewal => "contract renewal",
            Self::Assurance => "assurance",
            Self::ReportPeriodEnd => "report period end",
            Self::ReportReceived => "report received",
            Self::BridgeLetter => "bridge letter",
            Self::Opinion => "opinion",
            Self::DpaSigned => "DPA signed",
            Self::QuestionnaireDate => "questionnaire date",
            Self::Subservice => "subservice",
            Self::LastReview => "last review",
        }
    }

    /// Header names accepted for the column, normalised (see `normalise_label`) and
    /// preferred first: the export's own name always comes first.
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            Self::Name => &["name", "vendor name", "vendor", "supplier"],
            Self::Service => &["service"],
            Self::Category => &["category"],
            Self::OwnerEmail => &["owner email", "owner"],
            Self::Website => &["website"],
            Self::DataClassification => &["data classification"],
            Self::CustomerData => &["customer data"],
            Self::AccessLevel => &["access level"],
            Self::Criticality => &["criticality"],
            Self::TierOverride => &["tier override", "tier"],
            Self::TierOverrideReason => &["tier override reason"],
            Self::ContractStart => &["contract start"],
            Self::ContractRenewal => &["contract renewal"],
            Self::Assurance => &["assurance", "soc report", "assurance type"],
            Self::ReportPeriodEnd => &["report period end", "period end"],
            Self::ReportReceived => &["report received"],
            Self::BridgeLetter => &["bridge letter"],
            Self::Opinion => &["opinion"],
            Self::DpaSigned => &["dpa signed", "dpa"],
            Self::QuestionnaireDate => &["questionnaire date"],
            Self::Subservice => &["subservice"],
            Self::LastReview => &["last review"],
        }
    }
}

// ---------------------------------------------------------------------------------------
// Reading

/// A parsed vendor file, ready for the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VendorFile {
    pub rows: Vec<VendorRow>,
}

/// One vendor as read from one line. Rows with problems are kept; `problems` says what
/// is wrong so the user can fix the file or skip the row. A value that could not be
/// read leaves the field at its `VendorInput::default()` value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VendorRow {
    #[ts(type = "number")]
    pub line: u64,
    /// `owner_id` and `system_ids` are always empty here: the owner is matched by
    /// `owner_email` when the import is applied.
    pub input: VendorInput,
    /// Trimmed and lowercased; empty when the file names no owner.
    pub owner_email: String,
    #[ts(as = "Vec<VendorProblemView>")]
    pub problems: Vec<VendorProblem>,
}

/// Something wrong with one row. Serialised for the UI as `{ kind, message }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VendorProblem {
    MissingName,
    /// A cell that should hold one of a fixed set of words holds something else.
    UnknownWord {
        column: Column,
        /// The cell as written.
        value: String,
        /// The accepted words, comma-separated, as the export writes them.
        expected: String,
    },
    BadDate {
        column: Column,
        value: String,
        problem: DateProblem,
    },
    BadBoolean {
        column: Column,
        value: String,
    },
    /// The same name (see [`normalise_name`]) appears on an earlier line.
    DuplicateName {
        first_line: u64,
    },
    /// A tier is set by hand with no reason; the workbook requires one.
    OverrideWithoutReason,
    /// The owner email cell as written.
    InvalidEmail(String),
}

impl VendorProblem {
    pub fn kind(&self) -> VendorProblemKind {
        match self {
            Self::MissingName => VendorProblemKind::MissingName,
            Self::UnknownWord { .. } => VendorProblemKind::UnknownWord,
            Self::BadDate { .. } => VendorProblemKind::BadDate,
            Self::BadBoolean { .. } => VendorProblemKind::BadBoolean,
            Self::DuplicateName { .. } => VendorProblemKind::DuplicateName,
            Self::OverrideWithoutReason => VendorProblemKind::OverrideWithoutReason,
            Self::InvalidEmail(_) => VendorProblemKind::InvalidEmail,
        }
    }
}

impl fmt::Display for VendorProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingName => write!(f, "The vendor name is empty."),
            Self::UnknownWord { column, value, expected } => write!(
                f,
                "\"{value}\" in the {} column is not a value we recognise. Use one of {expected}, or leave the cell empty.",
                column.label()
            ),
            Self::BadDate { column, value, problem } => {
                write!(f, "\"{value}\" in the {} column cannot be used as a date. {problem}", column.label())
            }
            Self::BadBoolean { column, value } => write!(
                f,
                "\"{value}\" in the {} column is not yes or no. Write yes or no; an empty cell counts as no.",
                column.label()
            ),
            Self::DuplicateName { first_line } => write!(
                f,
                "A vendor with this name is already on line {first_line}. Each vendor should appear only once."
            ),
            Self::OverrideWithoutReason => write!(
                f,
                "The tier override is set but the tier override reason is empty. Say why the suggested tier does not fit, or leave the tier override empty."
            ),
            Self::InvalidEmail(value) => write!(
                f,
                "\"{value}\" in the owner email column is not an email address. Give the owner's work email, or leave the cell empty."
            ),
        }
    }
}

/// A stable code per kind of vendor problem, for the UI to switch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VendorProblemKind {
    MissingName,
    UnknownWord,
    BadDate,
    BadBoolean,
    DuplicateName,
    OverrideWithoutReason,
    InvalidEmail,
}

/// How a [`VendorProblem`] crosses to the UI: its kind and the sentence to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VendorProblemView {
    pub kind: VendorProblemKind,
    pub message: String,
}

impl Serialize for VendorProblem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        VendorProblemView { kind: self.kind(), message: self.to_string() }.serialize(serializer)
    }
}

/// The key two vendor names are compared by: trimmed, lowercased, inner whitespace
/// collapsed, so "Amazon  Web Services" and "amazon web services" are one vendor.
pub fn normalise_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Reads a vendor CSV: the app's own export, or a list kept in a spreadsheet with at
/// least a name column.
pub fn parse_vendors(bytes: &[u8]) -> Result<VendorFile, ImportError> {
    let table = Table::parse(bytes)?;
    let columns = Column::ALL.map(|column| table.find_column(column.synonyms()));
    if columns[Column::Name as usize].is_none() {
        return Err(missing_name_column(&table));
    }
    if table.rows.is_empty() {
        return Err(ImportError::NoRows);
    }
    let mut rows: Vec<VendorRow> = table.rows.iter().map(|row| read_row(row, &columns)).collect();
    mark_duplicate_names(&mut rows);
    Ok(VendorFile { rows })
}

fn missing_name_column(table: &Table) -> ImportError {
    // An address among the "headers" means the export left out its header row.
    if table.headers.iter().any(|h| h.contains('@')) {
        return ImportError::NoHeader;
    }
    let accepted = ["Name", "Vendor Name", "Vendor", "Supplier"].map(str::to_owned).to_vec();
    ImportError::MissingColumns {
        missing: vec![ExpectedColumn { field: "vendor name".to_owned(), accepted }],
        found: table.headers.clone(),
    }
}

/// Reads the cells of one row, collecting problems as it goes.
struct RowReader<'a> {
    row: &'a TableRow,
    /// Index in the table of each column in `Column::ALL` order; `None` when absent.
    columns: &'a [Option<usize>; 22],
    problems: Vec<VendorProblem>,
}

impl<'a> RowReader<'a> {
    /// The cell, or "" when the file has no such column.
    fn text(&self, column: Column) -> &'a str {
        self.columns[column as usize].map_or("", |i| self.row.cell(i))
    }

    /// A word from a fixed set; `None` when the cell is empty or not understood (then
    /// with a problem).
    fn word<W: Word>(&mut self, column: Column) -> Option<W> {
        let value = self.text(column);
        if normalise_label(value).is_empty() {
            return None;
        }
        let word = parse_word(value);
        if word.is_none() {
            let expected = W::all().iter().map(|w| w.key()).collect::<Vec<_>>().join(", ");
            self.problems.push(VendorProblem::UnknownWord { column, value: value.to_owned(), expected });
        }
        word
    }

    fn date(&mut self, column: Column) -> Option<NaiveDate> {
        let value = self.text(column);
        parse_date(value).unwrap_or_else(|problem| {
            self.problems.push(VendorProblem::BadDate { column, value: value.to_owned(), problem });
            None
        })
    }

    /// Yes or no; empty counts as no, and so does a cell that is not understood (with
    /// a problem), so nothing is claimed that the file did not say.
    fn boolean(&mut self, column: Column) -> bool {
        let value = self.text(column);
        match normalise_label(value).as_str() {
            "yes" | "y" | "true" | "1" => true,
            "no" | "n" | "false" | "0" | "" => false,
            _ => {
                self.problems.push(VendorProblem::BadBoolean { column, value: value.to_owned() });
                false
            }
        }
    }

    /// No override when empty, "none" or "n/a".
    fn tier_override(&mut self) -> Option<Tier> {
        match normalise_label(self.text(Column::TierOverride)).as_str() {
            "none" | "n/a" => None,
            _ => self.word(Column::TierOverride),
        }
    }
}

fn read_row(row: &TableRow, columns: &[Option<usize>; 22]) -> VendorRow {
    let mut r = RowReader { row, columns, problems: Vec::new() };
    let default = VendorInput::default();

    let name = single_spaced(r.text(Column::Name));
    if name.is_empty() {
        r.problems.push(VendorProblem::MissingName);
    }
    let raw_email = r.text(Column::OwnerEmail);
    let owner_email = raw_email.to_lowercase();
    if !owner_email.is_empty() && !looks_like_email(&owner_email) {
        r.problems.push(VendorProblem::InvalidEmail(raw_email.to_owned()));
    }

    let input = VendorInput {
        name,
        service: r.text(Column::Service).to_owned(),
        category: r.word(Column::Category).unwrap_or(default.category),
        website: r.text(Column::Website).to_owned(),
        data_classification: r.word(Column::DataClassification).unwrap_or(default.data_classification),
        customer_data: r.boolean(Column::CustomerData),
        access_level: r.word(Column::AccessLevel).unwrap_or(default.access_level),
        criticality: r.word(Column::Criticality).unwrap_or(default.criticality),
        tier_override: r.tier_override(),
        tier_override_reason: r.text(Column::TierOverrideReason).to_owned(),
        contract_start: r.date(Column::ContractStart),
        contract_renewal: r.date(Column::ContractRenewal),
        assurance: r.word(Column::Assurance).unwrap_or(default.assurance),
        report_period_end: r.date(Column::ReportPeriodEnd),
        report_received: r.date(Column::ReportReceived),
        bridge_letter: r.boolean(Column::BridgeLetter),
        opinion: r.word(Column::Opinion).unwrap_or(default.opinion),
        dpa_signed: r.date(Column::DpaSigned),
        questionnaire_date: r.date(Column::QuestionnaireDate),
        subservice: r.word(Column::Subservice).unwrap_or(default.subservice),
        last_review: r.date(Column::LastReview),
        ..default
    };
    if input.tier_override.is_some() && input.tier_override_reason.is_empty() {
        r.problems.push(VendorProblem::OverrideWithoutReason);
    }
    VendorRow { line: row.line, input, owner_email, problems: r.problems }
}

/// The second and later rows with a name already seen get `DuplicateName`. Rows with
/// no name are left out: they already carry a problem.
fn mark_duplicate_names(rows: &mut [VendorRow]) {
    let mut first_seen: HashMap<String, u64> = HashMap::new();
    for row in rows.iter_mut() {
        if row.input.name.is_empty() {
            continue;
        }
        match first_seen.entry(normalise_name(&row.input.name)) {
            Entry::Occupied(first) => row.problems.push(VendorProblem::DuplicateName { first_line: *first.get() }),
            Entry::Vacant(slot) => {
                slot.insert(row.line);
            }
        }
    }
}

fn single_spaced(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::systems::DataClassification;
    use crate::vendors::{AccessLevel, Assurance, Criticality, Opinion, Subservice, VendorCategory};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn vendors(csv: &str) -> VendorFile {
        parse_vendors(csv.as_bytes()).unwrap_or_else(|e| panic!("expected vendors, got: {e}"))
    }

    fn aws() -> VendorInput {
        VendorInput {
            name: "Amazon Web Services".to_owned(),
            service: "Production hosting, \"us-east-1\"".to_owned(),
            category: VendorCategory::CloudHosting,
            owner_id: Some("person-1".to_owned()),
            website: "https://aws.amazon.com".to_owned(),
            data_classification: DataClassification::Restricted,
            customer_data: true,
            access_level: AccessLevel::Admin,
            criticality: Criticality::High,
            tier_override: None,
            tier_override_reason: String::new(),
            contract_start: Some(date(2021, 4, 1)),
            contract_renewal: Some(date(2025, 3, 31)),
            assurance: Assurance::Soc2Type2,
            report_period_end: Some(date(2024, 9, 30)),
            report_received: Some(date(2024, 11, 15)),
            bridge_letter: false,
            opinion: Opinion::Unqualified,
            exceptions: "None noted".to_owned(),
            dpa_signed: Some(date(2021, 4, 1)),
            questionnaire_date: None,
            questionnaire_outcome: String::new(),
            subservice: Subservice::CarveOut,
            last_review: Some(date(2024, 12, 2)),
            system_ids: vec!["sys-1".to_owned()],
        }
    }

    fn slack() -> VendorInput {
        VendorInput {
            name: "Slack".to_owned(),
            service: "Team chat; incident channel".to_owned(),
            category: VendorCategory::Communication,
            owner_id: None,
            website: String::new(),
            data_classification: DataClassification::Confidential,
            customer_data: false,
            access_level: AccessLevel::Read,
            criticality: Criticality::Low,
            tier_override: Some(Tier::High),
            tier_override_reason: "Incident response\nruns through it".to_owned(),
            contract_start: None,
            contract_renewal: Some(date(2025, 1, 15)),
            assurance: Assurance::Iso27001,
            report_period_end: None,
            report_received: None,
            bridge_letter: true,
            opinion: Opinion::Unknown,
            exceptions: String::new(),
            dpa_signed: None,
            questionnaire_date: Some(date(2024, 2, 29)),
            questionnaire_outcome: "Fine".to_owned(),
            subservice: Subservice::No,
            last_review: None,
            system_ids: Vec::new(),
        }
    }

    /// What the CSV carries of a vendor: everything but the fields it leaves out.
    fn exported_part(v: &VendorInput) -> VendorInput {
        VendorInput {
            owner_id: None,
            exceptions: String::new(),
            questionnaire_outcome: String::new(),
            system_ids: Vec::new(),
            ..v.clone()
        }
    }

    #[test]
    fn column_order_matches_the_header() {
        let headers: Vec<&str> = Column::ALL.iter().map(|c| c.header()).collect();
        assert_eq!(headers, HEADER);
        for (i, column) in Column::ALL.iter().enumerate() {
            assert_eq!(*column as usize, i);
            assert_eq!(column.synonyms()[0], normalise_label(column.header()), "{column:?}");
        }
    }

    #[test]
    fn export_then_import_gives_the_same_vendors() {
        let (aws, slack) = (aws(), slack());
        let bytes = write_csv(&[
            ExportRow { input: &aws, owner_email: "ada@lanternworks.io" },
            ExportRow { input: &slack, owner_email: "" },
        ])
        .unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.starts_with(&format!("{}\n", HEADER.join(","))), "{text}");
        assert!(text.contains(",cloud_hosting,ada@lanternworks.io,"), "{text}");
        assert!(text.contains(",yes,admin,high,,,2021-04-01,"), "{text}");

        let file = parse_vendors(&bytes).unwrap();
        assert_eq!(file.rows.len(), 2);
        assert_eq!((file.rows[0].line, file.rows[1].line), (2, 3));
        assert_eq!(file.rows[0].input, exported_part(&aws));
        assert_eq!(file.rows[1].input, exported_part(&slack));
        assert_eq!(file.rows[0].owner_email, "ada@lanternworks.io");
        assert_eq!(file.rows[1].owner_email, "");
        assert!(file.rows.iter().all(|r| r.problems.is_empty()), "{:?}", file.rows);
    }

    #[test]
    fn export_of_no_vendors_is_just_the_header() {
        assert_eq!(write_csv(&[]).unwrap(), format!("{}\n", HEADER.join(",")).into_bytes());
    }

    #[test]
    fn only_the_name_column_is_required() {
        let file = vendors("Name\nDatadog\n");
        assert_eq!(file.rows[0].input, VendorInput { name: "Datadog".to_owned(), ..VendorInput::default() });
        assert!(file.rows[0].problems.is_empty());
    }

    #[test]
    fn labels_and_loose_spellings_are_accepted() {
        let file = vendors(
            "Name,Category,Access Level,Criticality,Tier,Tier Override Reason,Assurance,Opinion,Subservice,Data Classification\n\
             AWS,Cloud hosting,Administers,High,Critical,Holds everything,SOC 2 Type II,Unqualified (clean),carve-out,RESTRICTED\n\
             Okta,IDENTITY,read-only,low,HIGH,SSO,soc2 type ii,clean,Inclusive,public\n\
             Stripe,hr finance,Can change,Medium,,,ISO 27001,Not recorded,none,Internal\n",
        );
        assert!(file.rows.iter().all(|r| r.problems.is_empty()), "{:?}", file.rows);
        let got: Vec<_> = file
            .rows
            .iter()
            .map(|r| {
                let v = &r.input;
                (v.category, v.access_level, v.criticality, v.tier_override, v.assurance, v.opinion, v.subservice)
            })
            .collect();
        use AccessLevel as A;
        use Assurance as S;
        assert_eq!(
            got,
            [
                (
                    VendorCategory::CloudHosting,
                    A::Admin,
                    Criticality::High,
                    Some(Tier::Critical),
                    S::Soc2Type2,
                    Opinion::Unqualified,
                    Subservice::CarveOut
                ),
                (
                    VendorCategory::Identity,
                    A::Read,
                    Criticality::Low,
                    Some(Tier::High),
                    S::Soc2Type2,
                    Opinion::Unqualified,
                    Subservice::Inclusive
                ),
                (
                    VendorCategory::HrFinance,
                    A::Write,
                    Criticality::Medium,
                    None,
                    S::Iso27001,
                    Opinion::Unknown,
                    Subservice::No
                ),
            ]
        );
        let classes: Vec<_> = file.rows.iter().map(|r| r.input.data_classification).collect();
        use DataClassification as D;
        assert_eq!(classes, [D::Restricted, D::Public, D::Internal]);
    }

    #[test]
    fn assurance_spellings_map_to_the_right_report() {
        use Assurance as A;
        let cases = [
            ("Type 2", A::Soc2Type2),
            ("type ii", A::Soc2Type2),
            ("SOC2 Type II", A::Soc2Type2),
            ("soc2_type2", A::Soc2Type2),
            ("SOC 2 Type I", A::Soc2Type1),
            ("Type 1", A::Soc2Type1),
            ("type i", A::Soc2Type1),
            ("SOC 1", A::Soc1),
            ("ISO", A::Iso27001),
            ("iso 27001", A::Iso27001),
            ("", A::None),
            ("N/A", A::None),
            ("none", A::None),
        ];
        let mut csv = String::from("vendor;assurance type\n");
        for (i, (text, _)) in cases.iter().enumerate() {
            csv.push_str(&format!("V{i};{text}\n"));
        }
        let file = vendors(&csv);
        assert!(file.rows.iter().all(|r| r.problems.is_empty()), "{:?}", file.rows);
        let got: Vec<_> = file.rows.iter().map(|r| r.input.assurance).collect();
        let want: Vec<_> = cases.iter().map(|(_, a)| *a).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn friendly_header_synonyms_are_accepted() {
        let file = vendors(
            "Supplier,Owner,Tier,Tier_Override_Reason,SOC Report,Period End,DPA\n\
             GitHub,Ada@Lanternworks.io ,low,Code only,Type 2,2024-06-30,2023-01-10\n",
        );
        let row = &file.rows[0];
        assert!(row.problems.is_empty(), "{:?}", row.problems);
        assert_eq!(row.input.name, "GitHub");
        assert_eq!(row.owner_email, "ada@lanternworks.io");
        assert_eq!(row.input.tier_override, Some(Tier::Low));
        assert_eq!(row.input.assurance, Assurance::Soc2Type2);
        assert_eq!(row.input.report_period_end, Some(date(2024, 6, 30)));
        assert_eq!(row.input.dpa_signed, Some(date(2023, 1, 10)));

        for header in ["Vendor", "Vendor Name", "vendor_name", "NAME"] {
            assert_eq!(vendors(&format!("{header}\nSentry\n")).rows[0].input.name, "Sentry", "{header}");
        }
    }

    #[test]
    fn empty_none_or_na_tier_means_no_override() {
        let file = vendors("name,tier_override\nA,\nB,None\nC,n/a\nD,urgent\n");
        let tiers: Vec<_> = file.rows.iter().map(|r| r.input.tier_override).collect();
        assert_eq!(tiers, [None, None, None, None]);
        assert!(file.rows[..3].iter().all(|r| r.problems.is_empty()));
        assert_eq!(
            file.rows[3].problems,
            [VendorProblem::UnknownWord {
                column: Column::TierOverride,
                value: "urgent".to_owned(),
                expected: "critical, high, medium, low".to_owned(),
            }]
        );
    }

    #[test]
    fn booleans_accept_common_spellings() {
        let file = vendors("name,customer_data,bridge_letter\nA,Yes,TRUE\nB,y,1\nC,no,false\nD,N,0\nE,,\n");
        let got: Vec<_> = file.rows.iter().map(|r| (r.input.customer_data, r.input.bridge_letter)).collect();
        assert_eq!(got, [(true, true), (true, true), (false, false), (false, false), (false, false)]);
        assert!(file.rows.iter().all(|r| r.problems.is_empty()));
    }

    #[test]
    fn every_problem_kind_is_reported_on_its_line() {
        let file = vendors(
            "name,owner_email,category,customer_data,contract_renewal,tier_override,tier_override_reason\n\
             Alpha,,,,,,\n\
             ,,other,,,,\n\
             Bravo,,Cloud stuff,,,,\n\
             Charlie,,,,2024-02-30,,\n\
             Delta,,,maybe,,,\n\
             alpha,,,,,,\n\
             Echo,,,,,critical,\n\
             Foxtrot,ops team,,,,,\n",
        );
        let got: Vec<_> = file.rows.iter().map(|r| (r.line, r.problems.clone())).collect();
        assert_eq!(
            got,
            [
                (2, vec![]),
                (3, vec![VendorProblem::MissingName]),
                (
                    4,
                    vec![VendorProblem::UnknownWord {
                        column: Column::Category,
                        value: "Cloud stuff".to_owned(),
                        expected: "cloud_hosting, identity, payments, monitoring, support_tooling, communication, \
                                   development, security, hr_finance, data_analytics, other"
                            .to_owned(),
                    }]
                ),
                (
                    5,
                    vec![VendorProblem::BadDate {
                        column: Column::ContractRenewal,
                        value: "2024-02-30".to_owned(),
                        problem: DateProblem::NoSuchDate,
                    }]
                ),
                (6, vec![VendorProblem::BadBoolean { column: Column::CustomerData, value: "maybe".to_owned() }]),
                (7, vec![VendorProblem::DuplicateName { first_line: 2 }]),
                (8, vec![VendorProblem::OverrideWithoutReason]),
                (9, vec![VendorProblem::InvalidEmail("ops team".to_owned())]),
            ]
        );
        // A value that could not be read leaves the field at its default.
        assert_eq!(file.rows[2].input.category, VendorCategory::Other);
        assert_eq!(file.rows[3].input.contract_renewal, None);
        assert!(!file.rows[4].input.customer_data);
    }

    #[test]
    fn problem_messages_name_the_column_and_the_value() {
        let messages: Vec<String> = [
            VendorProblem::UnknownWord {
                column: Column::AccessLevel,
                value: "superuser".to_owned(),
                expected: "none, read, write, admin".to_owned(),
            },
            VendorProblem::BadBoolean { column: Column::BridgeLetter, value: "maybe".to_owned() },
            VendorProblem::BadDate {
                column: Column::DpaSigned,
                value: "1-Mar-24".to_owned(),
                problem: DateProblem::TwoDigitYear,
            },
            VendorProblem::InvalidEmail("ops team".to_owned()),
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        assert_eq!(
            messages[0],
            "\"superuser\" in the access level column is not a value we recognise. Use one of none, read, write, admin, or leave the cell empty."
        );
        assert!(messages[1].starts_with("\"maybe\" in the bridge letter column is not yes or no."), "{messages:?}");
        assert!(
            messages[2].starts_with(
                "\"1-Mar-24\" in the DPA signed column cannot be used as a date. The year has only two digits"
            ),
            "{messages:?}"
        );
        assert!(messages[3].starts_with("\"ops team\" in the owner email column"), "{messages:?}");
    }

    #[test]
    fn duplicate_names_ignore_case_and_spacing() {
        let file = vendors(
            "name\nAmazon Web Services\n amazon  web   services \nOkta\nAMAZON WEB SERVICES\nokta\n\"Amazon\tWeb Services\"\n",
        );
        let got: Vec<_> = file.rows.iter().map(|r| (r.line, r.problems.clone())).collect();
        let dup = |first_line| vec![VendorProblem::DuplicateName { first_line }];
        assert_eq!(got, [(2, vec![]), (3, dup(2)), (4, vec![]), (5, dup(2)), (6, dup(4)), (7, dup(2))]);
        assert_eq!(file.rows[1].input.name, "amazon web services", "inner whitespace is collapsed");
        assert_eq!(normalise_name("  Amazon  Web\tServices "), "amazon web services");
    }

    #[test]
    fn ambiguous_date_is_a_problem_not_a_guess() {
        let file = vendors("name,last_review\nOkta,03/04/2024\nSlack,13/04/2024\n");
        assert_eq!(file.rows[0].input.last_review, None);
        let Some(VendorProblem::BadDate { column: Column::LastReview, problem, .. }) = file.rows[0].problems.first()
        else {
            panic!("expected a bad date, got {:?}", file.rows[0].problems);
        };
        assert!(matches!(problem, DateProblem::Ambiguous { first: 3, second: 4, year: 2024, .. }));
        let message = file.rows[0].problems[0].to_string();
        assert!(message.contains("Is 03/04/2024 the 3rd of April or March 4th?"), "{message}");
        assert_eq!(file.rows[1].input.last_review, Some(date(2024, 4, 13)));
    }

    #[test]
    fn semicolon_delimited_file_with_a_bom_is_read() {
        let bytes = "\u{feff}Name;Category;Customer Data;Contract Start\r\n\
                     Personio;hr_finance;yes;1 Mar 2023\r\n\
                     \"Müller; Partner\";other;no;\r\n"
            .as_bytes();
        let file = parse_vendors(bytes).unwrap();
        let got: Vec<_> = file
            .rows
            .iter()
            .map(|r| (r.line, r.input.name.as_str(), r.input.category, r.input.customer_data, r.input.contract_start))
            .collect();
        assert_eq!(
            got,
            [
                (2, "Personio", VendorCategory::HrFinance, true, Some(date(2023, 3, 1))),
                (3, "Müller; Partner", VendorCategory::Other, false, None),
            ]
        );
        assert!(file.rows.iter().all(|r| r.problems.is_empty()));
    }

    #[test]
    fn missing_name_column_lists_accepted_names() {
        let err = parse_vendors(b"Service,Owner\nHosting,ada@example.com\n").err();
        let Some(err @ ImportError::MissingColumns { .. }) = err else {
            panic!("expected MissingColumns, got {err:?}");
        };
        let msg = err.to_string();
        assert!(
            msg.contains("vendor name (a column named \"Name\", \"Vendor Name\", \"Vendor\" or \"Supplier\")"),
            "{msg}"
        );
        assert!(msg.contains("The columns in the file are: \"Service\", \"Owner\"."), "{msg}");
    }

    #[test]
    fn file_without_header_or_rows_is_refused() {
        assert!(matches!(parse_vendors(b"AWS,ada@example.com,cloud_hosting\n"), Err(ImportError::NoHeader)));
        assert!(matches!(parse_vendors(b"name,service\n"), Err(ImportError::NoRows)));
    }

    #[test]
    fn problems_serialise_as_kind_and_message() {
        let json = serde_json::to_value(VendorProblem::DuplicateName { first_line: 4 }).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "kind": "duplicate_name",
                "message": "A vendor with this name is already on line 4. Each vendor should appear only once."
            })
        );
    }

    #[test]
    fn typescript_shows_problems_as_kind_and_message() {
        let cfg = ts_rs::Config::new();
        let decl = VendorRow::decl(&cfg);
        assert!(decl.contains("problems: Array<VendorProblemView>"), "{decl}");
        assert!(decl.contains("line: number"), "{decl}");
        assert!(decl.contains("input: VendorInput"), "{decl}");
    }
}
