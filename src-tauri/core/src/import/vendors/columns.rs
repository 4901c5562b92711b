//! The columns of the vendor CSV: the export's header, and the names other lists use
//! for the same things.

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
