//! The risk register's vocabulary and record shapes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::checklist::ItemStatus;
use crate::vendors::word_enum;

word_enum!(
    /// What kind of harm a risk is about.
    RiskCategory {
        Security = "security" / "Security",
        Availability = "availability" / "Availability",
        Confidentiality = "confidentiality" / "Confidentiality",
        Privacy = "privacy" / "Privacy",
        ProcessingIntegrity = "processing_integrity" / "Processing integrity",
        Fraud = "fraud" / "Fraud",
        Vendor = "vendor" / "Vendors",
        People = "people" / "People",
        BusinessChange = "business_change" / "Business change",
    }
);

word_enum!(
    /// What the company does about a risk.
    Treatment {
        Mitigate = "mitigate" / "Mitigate",
        Accept = "accept" / "Accept",
        Transfer = "transfer" / "Transfer",
        Avoid = "avoid" / "Avoid",
    }
);

word_enum!(
    /// Where the work on a risk stands.
    RiskStatus {
        Open = "open" / "Open",
        InTreatment = "in_treatment" / "Treatment under way",
        Treated = "treated" / "Treated",
        Closed = "closed" / "Closed (no longer applies)",
    }
);

word_enum!(
    /// The two axes a risk is scored on.
    Dimension {
        Likelihood = "likelihood" / "Likelihood",
        Impact = "impact" / "Impact",
    }
);

/// A formal acceptance of a risk's residual level by someone on the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Acceptance {
    pub approver_id: String,
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub reason: String,
}

/// What a person enters for a risk. Scores are 1 to 5.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RiskInput {
    pub title: String,
    pub description: String,
    pub category: RiskCategory,
    pub owner_id: Option<String>,
    pub likelihood: u8,
    pub impact: u8,
    pub treatment: Treatment,
    pub treatment_notes: String,
    pub residual_likelihood: u8,
    pub residual_impact: u8,
    pub status: RiskStatus,
    #[ts(type = "string | null")]
    pub review_date: Option<NaiveDate>,
    /// Required when the treatment is accept; allowed with any treatment (a mitigated
    /// risk still above appetite can be accepted as it stands).
    pub acceptance: Option<Acceptance>,
    /// The library entry it was added from, e.g. "R-SEC-01".
    pub library_ref: Option<String>,
    pub system_ids: Vec<String>,
    /// Checklist items that act as the risk's controls.
    pub control_item_ids: Vec<String>,
}

impl Default for RiskInput {
    fn default() -> Self {
        Self {
            title: String::new(),
            description: String::new(),
            category: RiskCategory::Security,
            owner_id: None,
            likelihood: 3,
            impact: 3,
            treatment: Treatment::Mitigate,
            treatment_notes: String::new(),
            residual_likelihood: 3,
            residual_impact: 3,
            status: RiskStatus::Open,
            review_date: None,
            acceptance: None,
            library_ref: None,
            system_ids: Vec::new(),
            control_item_ids: Vec::new(),
        }
    }
}

/// A checklist item linked as a control, with how far along it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ControlLink {
    pub item_id: String,
    #[serde(rename = "ref")]
    pub reference: String,
    pub title: String,
    pub status: ItemStatus,
}

/// A risk as the register shows it: what was entered plus what follows from it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Risk {
    pub id: String,
    #[serde(flatten)]
    pub input: RiskInput,
    pub owner_name: Option<String>,
    pub owner_email: Option<String>,
    pub approver_name: Option<String>,
    pub system_names: Vec<String>,
    pub controls: Vec<ControlLink>,
    /// Likelihood times impact, 1 to 25.
    pub inherent_score: u8,
    pub residual_score: u8,
    /// The residual score is above the appetite and nobody has accepted it.
    pub above_appetite: bool,
    /// Linked controls not yet ready for audit.
    pub controls_not_ready: u32,
    pub review_overdue: bool,
}

impl Risk {
    /// Closed risks stay on record but no longer count in heat maps and gaps.
    pub fn is_live(&self) -> bool {
        self.input.status != RiskStatus::Closed
    }
}

/// One level of a scale with its meaning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ScaleLevel {
    pub dimension: Dimension,
    pub level: u8,
    pub label: String,
    pub meaning: String,
    /// Written by the workbook's team rather than our default text.
    pub edited: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Scales {
    pub likelihood: Vec<ScaleLevel>,
    pub impact: Vec<ScaleLevel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignoffInput {
    /// A person on the roster.
    pub signed_by: String,
    #[ts(type = "string")]
    pub signed_on: NaiveDate,
    /// How the assessment was done: who took part, what was considered, the scales used.
    pub method: String,
}

/// "Risk assessment performed": the record an auditor asks for under CC3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Signoff {
    pub id: String,
    pub signed_by: String,
    pub signed_by_name: String,
    #[ts(type = "string")]
    pub signed_on: NaiveDate,
    pub method: String,
    /// Risks in the register when it was signed.
    pub risk_count: u32,
}
