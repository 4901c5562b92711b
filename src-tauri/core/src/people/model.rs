//! The roster's vocabulary: employment status and the roles the rest of the product uses.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a person stands with the company. `Left` people stay on the roster: access
/// reviews match accounts against them to find leavers who still have access.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EmploymentStatus {
    Active,
    OnLeave,
    Contractor,
    Left,
}

impl EmploymentStatus {
    pub const ALL: [Self; 4] = [Self::Active, Self::OnLeave, Self::Contractor, Self::Left];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::OnLeave => "on_leave",
            Self::Contractor => "contractor",
            Self::Left => "left",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::OnLeave => "On leave",
            Self::Contractor => "Contractor",
            Self::Left => "Left",
        }
    }
}

/// Responsibilities the workbook assigns to people. A person may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Accountable for the security programme; signs off the scope.
    SecurityOwner,
    /// Approves policies and their new versions.
    PolicyApprover,
    /// Owns one or more systems in the inventory.
    SystemOwner,
    /// Reviews accounts in access review campaigns.
    AccessReviewer,
    /// Senior leadership: accepts risks above appetite.
    Executive,
    /// Leads engineering: production access, change management, secure development.
    EngineeringLead,
    /// Runs HR: onboarding, offboarding, training, background checks.
    HrOwner,
    /// Leads the response when an incident is declared.
    IncidentLead,
    /// Owns privacy and data protection questions.
    PrivacyOwner,
}

impl Role {
    pub const ALL: [Self; 9] = [
        Self::SecurityOwner,
        Self::PolicyApprover,
        Self::SystemOwner,
        Self::AccessReviewer,
        Self::Executive,
        Self::EngineeringLead,
        Self::HrOwner,
        Self::IncidentLead,
        Self::PrivacyOwner,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SecurityOwner => "security_owner",
            Self::PolicyApprover => "policy_approver",
            Self::SystemOwner => "system_owner",
            Self::AccessReviewer => "access_reviewer",
            Self::Executive => "executive",
            Self::EngineeringLead => "engineering_lead",
            Self::HrOwner => "hr_owner",
            Self::IncidentLead => "incident_lead",
            Self::PrivacyOwner => "privacy_owner",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::SecurityOwner => "Security owner",
            Self::PolicyApprover => "Policy approver",
            Self::SystemOwner => "System owner",
            Self::AccessReviewer => "Access reviewer",
            Self::Executive => "Executive",
            Self::EngineeringLead => "Engineering lead",
            Self::HrOwner => "HR owner",
            Self::IncidentLead => "Incident lead",
            Self::PrivacyOwner => "Privacy owner",
        }
    }
}
