//! Reference content we wrote and ship in `assets/`: the Trust Services Criteria with
//! our guidance, and (in later modules) the checklist, risk and policy libraries.
//! Each is embedded in the binary, versioned, and copied into every workbook so that a
//! workbook keeps reading the way it did when its binder was made.

pub mod criteria;

pub use criteria::{Category, CriteriaCatalog};
