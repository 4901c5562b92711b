//! The checklist's vocabulary.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    NotStarted,
    InProgress,
    /// Done, with evidence an auditor can look at.
    Ready,
    /// Does not apply to this company; always carries a justification.
    NotApplicable,
}

impl ItemStatus {
    pub const ALL: [Self; 4] = [Self::NotStarted, Self::InProgress, Self::Ready, Self::NotApplicable];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::InProgress => "in_progress",
            Self::Ready => "ready",
            Self::NotApplicable => "not_applicable",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NotStarted => "Not started",
            Self::InProgress => "In progress",
            Self::Ready => "Ready for audit",
            Self::NotApplicable => "Not applicable",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Once,
    Continuous,
    Monthly,
    Quarterly,
    Annual,
}

impl Frequency {
    pub const ALL: [Self; 5] = [Self::Once, Self::Continuous, Self::Monthly, Self::Quarterly, Self::Annual];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Once => "once",
            Self::Continuous => "continuous",
            Self::Monthly => "monthly",
            Self::Quarterly => "quarterly",
            Self::Annual => "annual",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}
