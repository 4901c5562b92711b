//! The risk register behind CC3: risks scored before and after their controls, the
//! checklist items that act as those controls, acceptances, the workbook's risk
//! appetite, the meanings of the scale levels, and the "risk assessment performed"
//! sign-off. Starts from our library (`assets/catalog/risks.json`).

mod assessment;
pub mod coverage;
pub mod csv;
pub mod library;
mod model;
pub mod report;
pub mod scoring;
mod store;

pub use model::{
    Acceptance, ControlLink, Dimension, Risk, RiskCategory, RiskInput, RiskStatus, ScaleLevel, Scales, Signoff,
    SignoffInput, Treatment,
};
pub use scoring::{Band, HeatCell, HeatMap, DEFAULT_APPETITE};
pub use store::{
    accept, add_from_library, appetite, create, delete, find_by_title, get, latest_signoff, list, person_references,
    register, scales, set_appetite, set_scale, sign_off, update, Register,
};
