//! People and roles: the roster the rest of the workbook refers to.

mod model;
mod roster_import;
mod store;

pub use model::{EmploymentStatus, Role};
pub use roster_import::{
    apply as apply_roster, preview as preview_roster, ImportResult, PreviewRow, RosterPreview, RowAction,
};
pub use store::{
    add, change_roles, create, delete, find_by_email, get, input_of, list, list_conn, looks_like_email, update,
    AddOutcome, Person, PersonInput, RoleChange,
};
