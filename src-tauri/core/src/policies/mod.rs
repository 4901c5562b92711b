//! Policies: our templates, filled from the workbook, edited, versioned, approved and
//! acknowledged.

pub mod fill;
pub mod render;
mod store;
pub mod templates;

pub use store::{
    acknowledge, acknowledgements, approve, create_custom, document, filled_markdown, list, save_body,
    submit_for_review, sync_from_library, versions, Acknowledgement, PolicyDocument, PolicySummary, VersionStatus,
    VersionSummary,
};
