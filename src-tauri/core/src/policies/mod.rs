//! Policies: our templates, filled from the workbook, edited, versioned, approved and
//! acknowledged.

pub mod fill;
pub mod render;
pub mod templates;
