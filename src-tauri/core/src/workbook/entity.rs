//! The audited entities: every row in these tables is created, changed and removed
//! only through the write path, which logs the row's new state in the change log.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    /// The workbook itself (creation, copies): an event with no table row.
    Workbook,
    Organization,
    Setting,
    Scope,
    ScopeCategory,
    Person,
    System,
    DescriptionSection,
    ChecklistItem,
    ItemCriterion,
    /// A user's choice of an item as a key control for one of its criteria.
    ItemKey,
    Evidence,
    ItemEvidence,
    Vendor,
    VendorSystem,
    VendorEvidence,
    Cuec,
    CuecItem,
    Policy,
    PolicyVersion,
    PolicyAck,
    Risk,
    RiskSystem,
    RiskControl,
    RiskScale,
    RiskSignoff,
    AccessReview,
    ReviewAccount,
    ReviewDecision,
    ReviewRemediation,
    AccessMapping,
    AccessLink,
    /// The binder seal's key and certificate (one row; see `binder::signing`).
    SigningKey,
}

impl Entity {
    pub const ALL: &'static [Entity] = &[
        Entity::Workbook,
        Entity::Organization,
        Entity::Setting,
        Entity::Scope,
        Entity::ScopeCategory,
        Entity::Person,
        Entity::System,
        Entity::DescriptionSection,
        Entity::ChecklistItem,
        Entity::ItemCriterion,
        Entity::ItemKey,
        Entity::Evidence,
        Entity::ItemEvidence,
        Entity::Vendor,
        Entity::VendorSystem,
        Entity::VendorEvidence,
        Entity::Cuec,
        Entity::CuecItem,
        Entity::Policy,
        Entity::PolicyVersion,
        Entity::PolicyAck,
        Entity::Risk,
        Entity::RiskSystem,
        Entity::RiskControl,
        Entity::RiskScale,
        Entity::RiskSignoff,
        Entity::AccessReview,
        Entity::ReviewAccount,
        Entity::ReviewDecision,
        Entity::ReviewRemediation,
        Entity::AccessMapping,
        Entity::AccessLink,
        Entity::SigningKey,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Workbook => "workbook",
            Entity::Organization => "organization",
            Entity::Setting => "setting",
            Entity::Scope => "scope",
            Entity::ScopeCategory => "scope_category",
            Entity::Person => "person",
            Entity::System => "system",
            Entity::DescriptionSection => "description_section",
            Entity::ChecklistItem => "checklist_item",
            Entity::ItemCriterion => "item_criterion",
            Entity::ItemKey => "item_key",
            Entity::Evidence => "evidence",
            Entity::ItemEvidence => "item_evidence",
            Entity::Vendor => "vendor",
            Entity::VendorSystem => "vendor_system",
            Entity::VendorEvidence => "vendor_evidence",
            Entity::Cuec => "cuec",
            Entity::CuecItem => "cuec_item",
            Entity::Policy => "policy",
            Entity::PolicyVersion => "policy_version",
            Entity::PolicyAck => "policy_ack",
            Entity::Risk => "risk",
            Entity::RiskSystem => "risk_system",
            Entity::RiskControl => "risk_control",
            Entity::RiskScale => "risk_scale",
            Entity::RiskSignoff => "risk_signoff",
            Entity::AccessReview => "access_review",
            Entity::ReviewAccount => "review_account",
            Entity::ReviewDecision => "review_decision",
            Entity::ReviewRemediation => "review_remediation",
            Entity::AccessMapping => "access_mapping",
            Entity::AccessLink => "access_link",
            Entity::SigningKey => "signing_key",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|e| e.as_str() == s)
    }

    /// The table whose rows the log mirrors, if the entity has one. Table names are
    /// constants here, which is what makes formatting them into SQL safe.
    pub fn table(self) -> Option<&'static str> {
        match self {
            Entity::Workbook => None,
            Entity::Organization => Some("organization"),
            Entity::Setting => Some("setting"),
            Entity::Scope => Some("scope"),
            Entity::ScopeCategory => Some("scope_category"),
            Entity::Person => Some("person"),
            Entity::System => Some("system"),
            Entity::DescriptionSection => Some("description_section"),
            Entity::ChecklistItem => Some("checklist_item"),
            Entity::ItemCriterion => Some("item_criterion"),
            Entity::ItemKey => Some("item_key"),
            Entity::Evidence => Some("evidence"),
            Entity::ItemEvidence => Some("item_evidence"),
            Entity::Vendor => Some("vendor"),
            Entity::VendorSystem => Some("vendor_system"),
            Entity::VendorEvidence => Some("vendor_evidence"),
            Entity::Cuec => Some("cuec"),
            Entity::CuecItem => Some("cuec_item"),
            Entity::Policy => Some("policy"),
            Entity::PolicyVersion => Some("policy_version"),
            Entity::PolicyAck => Some("policy_ack"),
            Entity::Risk => Some("risk"),
            Entity::RiskSystem => Some("risk_system"),
            Entity::RiskControl => Some("risk_control"),
            Entity::RiskScale => Some("risk_scale"),
            Entity::RiskSignoff => Some("risk_signoff"),
            Entity::AccessReview => Some("access_review"),
            Entity::ReviewAccount => Some("review_account"),
            Entity::ReviewDecision => Some("review_decision"),
            Entity::ReviewRemediation => Some("review_remediation"),
            Entity::AccessMapping => Some("access_mapping"),
            Entity::AccessLink => Some("access_link"),
            Entity::SigningKey => Some("signing_key"),
        }
    }

    /// For entities logged a batch at a time rather than row by row: the column that
    /// names the batch. A batch entry's `entity_id` is that column's value and its detail
    /// holds the row count and a digest of every row in the batch (see
    /// `WriteTx::record_batch`), so a 100,000-row import is one log entry that `verify`
    /// can still check row for row. Rows of such a table are written a whole batch at a
    /// time (an import, a removal), or changed in place and the whole batch logged again
    /// (a reviewer's link of an account to a person).
    pub fn batch_key(self) -> Option<&'static str> {
        match self {
            Entity::ReviewAccount => Some("campaign_id"),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Update,
    Delete,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Action::Create, Action::Update, Action::Delete].into_iter().find(|a| a.as_str() == s)
    }
}
