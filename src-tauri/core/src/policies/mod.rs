//! Policies: our templates, filled from the workbook, edited, versioned, approved and
//! acknowledged.

pub mod fill;
pub mod render;
mod store;
pub mod templates;

pub use store::{
    acknowledge, approve, document, filled_markdown, list, save_body, submit_for_review, sync_from_library, versions,
    PolicyDocument, PolicySummary, VersionStatus, VersionSummary,
};
