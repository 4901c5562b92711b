//! The vendor inventory's vocabulary and record shapes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::systems::DataClassification;

/// Declares a string-backed enum with `ALL`, `as_str`, `parse` and `label`.
macro_rules! word_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $key:literal / $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
            pub fn as_str(self) -> &'static str { match self { $(Self::$variant => $key),+ } }
            pub fn parse(s: &str) -> Option<Self> { Self::ALL.iter().copied().find(|v| v.as_str() == s) }
            pub fn label(self) -> &'static str { match self { $(Self::$variant => $label),+ } }
        }
    };
}

// Shared with the other modules that keep words (risks).
pub(crate) use word_enum;

word_enum!(
    /// What kind of service a vendor provides.
    VendorCategory {
        CloudHosting = "cloud_hosting" / "Cloud hosting",
        Identity = "identity" / "Identity and email",
        Payments = "payments" / "Payments",
        Monitoring = "monitoring" / "Monitoring and logging",
        SupportTooling = "support_tooling" / "Support tooling",
        Communication = "communication" / "Communication",
        Development = "development" / "Development tools",
        Security = "security" / "Security tools",
        HrFinance = "hr_finance" / "HR and finance",
        DataAnalytics = "data_analytics" / "Data and analytics",
        Other = "other" / "Other",
    }
);

word_enum!(
    /// The most a vendor can do in our systems or data.
    AccessLevel {
        None = "none" / "No access",
        Read = "read" / "Can read",
        Write = "write" / "Can change",
        Admin = "admin" / "Administers",
    }
);

word_enum!(
    /// How badly losing the vendor would hurt the service.
    Criticality {
        Low = "low" / "Low",
        Medium = "medium" / "Medium",
        High = "high" / "High",
    }
);

word_enum!(
    /// How much scrutiny a vendor gets; critical first.
    Tier {
        Critical = "critical" / "Critical",
        High = "high" / "High",
        Medium = "medium" / "Medium",
        Low = "low" / "Low",
    }
);

word_enum!(
    /// The independent assurance a vendor gives.
    Assurance {
        Soc2Type2 = "soc2_type2" / "SOC 2 Type II",
        Soc2Type1 = "soc2_type1" / "SOC 2 Type I",
        Soc1 = "soc1" / "SOC 1",
        Iso27001 = "iso27001" / "ISO 27001",
        None = "none" / "None",
    }
);

word_enum!(
    /// The auditor's opinion in the vendor's report.
    Opinion {
        Unqualified = "unqualified" / "Unqualified (clean)",
        Qualified = "qualified" / "Qualified",
        Unknown = "unknown" / "Not recorded",
    }
);

word_enum!(
    /// Whether the vendor is a subservice organisation in our report, and how it is
    /// presented: carved out (its controls are excluded, we rely on its report) or
    /// inclusive (its controls are described and tested in ours).
    Subservice {
        No = "no" / "Not a subservice organisation",
        CarveOut = "carve_out" / "Subservice, carve-out method",
        Inclusive = "inclusive" / "Subservice, inclusive method",
    }
);

impl Tier {
    /// How often a vendor of this tier is reviewed.
    pub fn review_every_months(self) -> u32 {
        match self {
            Tier::Critical | Tier::High => 12,
            Tier::Medium => 24,
            Tier::Low => 36,
        }
    }
}

/// What a person enters for a vendor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VendorInput {
    pub name: String,
    pub service: String,
    pub category: VendorCategory,
    pub owner_id: Option<String>,
    pub website: String,
    pub data_classification: DataClassification,
    pub customer_data: bool,
    pub access_level: AccessLevel,
    pub criticality: Criticality,
    pub tier_override: Option<Tier>,
    pub tier_override_reason: String,
    #[ts(type = "string | null")]
    pub contract_start: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub contract_renewal: Option<NaiveDate>,
    pub assurance: Assurance,
    #[ts(type = "string | null")]
    pub report_period_end: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub report_received: Option<NaiveDate>,
    pub bridge_letter: bool,
    pub opinion: Opinion,
    pub exceptions: String,
    #[ts(type = "string | null")]
    pub dpa_signed: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub questionnaire_date: Option<NaiveDate>,
    pub questionnaire_outcome: String,
    pub subservice: Subservice,
    #[ts(type = "string | null")]
    pub last_review: Option<NaiveDate>,
    /// Systems in the inventory this vendor supports.
    pub system_ids: Vec<String>,
}

impl Default for VendorInput {
    fn default() -> Self {
        Self {
            name: String::new(),
            service: String::new(),
            category: VendorCategory::Other,
            owner_id: None,
            website: String::new(),
            data_classification: DataClassification::Internal,
            customer_data: false,
            access_level: AccessLevel::None,
            criticality: Criticality::Medium,
            tier_override: None,
            tier_override_reason: String::new(),
            contract_start: None,
            contract_renewal: None,
            assurance: Assurance::None,
            report_period_end: None,
            report_received: None,
            bridge_letter: false,
            opinion: Opinion::Unknown,
            exceptions: String::new(),
            dpa_signed: None,
            questionnaire_date: None,
            questionnaire_outcome: String::new(),
            subservice: Subservice::No,
            last_review: None,
            system_ids: Vec::new(),
        }
    }
}

/// Something about a vendor the dashboard and the auditor should see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VendorFlag {
    /// Critical or high tier with no independent assurance on file.
    MissingAssurance,
    /// The report's period ended more than 12 months before the as-of date.
    ReportExpired,
    /// The report's period ends more than 3 months before the as-of date and no bridge
    /// letter covers the gap.
    BridgeLetterNeeded,
    /// Customer data is shared but no data processing agreement is signed.
    MissingDpa,
    /// The next review date has passed.
    ReviewOverdue,
    /// The auditor's opinion on the vendor's report was qualified.
    QualifiedOpinion,
}

impl VendorFlag {
    pub fn message(self) -> &'static str {
        match self {
            VendorFlag::MissingAssurance => "No SOC 2 or ISO 27001 report on file for a critical or high-tier vendor.",
            VendorFlag::ReportExpired => {
                "The report's period ends more than 12 months before the as-of date: ask for a newer report."
            }
            VendorFlag::BridgeLetterNeeded => {
                "The report's period ends more than 3 months before the as-of date: ask for a bridge letter covering the months in between."
            }
            VendorFlag::MissingDpa => "Customer data is shared but no data processing agreement is signed.",
            VendorFlag::ReviewOverdue => "The vendor review is overdue.",
            VendorFlag::QualifiedOpinion => "The vendor's auditor gave a qualified opinion: read the exceptions.",
        }
    }
}

/// A vendor as the inventory shows it: what was entered plus what follows from it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Vendor {
    pub id: String,
    #[serde(flatten)]
    pub input: VendorInput,
    pub owner_name: Option<String>,
    /// The tier the rules suggest from data, access and criticality.
    pub suggested_tier: Tier,
    /// The override if set, else the suggestion.
    pub tier: Tier,
    #[ts(type = "string | null")]
    pub next_review: Option<NaiveDate>,
    pub flags: Vec<VendorFlag>,
    pub cuec_count: u32,
    pub evidence_count: u32,
}
