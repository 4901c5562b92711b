//! The checklist: concrete control work, created from our library according to scope or
//! written by the user, each item mapped to the criteria it addresses.

pub mod dashboard;
pub mod import;
pub mod library;
mod model;
pub mod pbc;
mod store;

pub use model::{Frequency, ItemStatus};
pub use store::{
    bulk_update, create_custom, get, id_by_ref, list, set_key_for, sync_with_scope, update, BulkEdit, ChecklistItem,
    DueChange, ItemEdit, NewItem, OwnerChange,
};
pub(crate) use store::{in_scope_criteria, list_conn};
