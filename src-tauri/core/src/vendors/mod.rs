//! Third parties: the vendor inventory with a risk tier, the assurance each vendor
//! gives (SOC reports, DPA, questionnaires), the complementary user entity controls
//! their reports ask of us, and which vendors are subservice organisations.

pub mod assess;
pub mod csv;
mod model;
mod store;

pub(crate) use model::word_enum;
pub use model::{
    AccessLevel, Assurance, Criticality, Opinion, Subservice, Tier, Vendor, VendorCategory, VendorFlag, VendorInput,
};
pub use store::{
    add_cuec, create, cuecs, delete, delete_cuec, evidence_ids, find_by_name, get, link_evidence, list, update, Cuec,
};
