//! People and roles: the roster the rest of the workbook refers to.

mod model;
mod roster_import;
mod store;

pub use model::{EmploymentStatus, Role};
pub use roster_import::{
    apply as apply_roster, preview as preview_roster, ImportResult, PreviewRow, RosterPreview, RowAction,
};
pub use store::{create, delete, find_by_email, get, list, list_conn, looks_like_email, update, Person, PersonInput};
