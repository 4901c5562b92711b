//! Reading other programs' exports (HR rosters, account lists) into typed rows, with
//! every problem reported by line before anything is written.

pub mod dates;
mod error;
pub mod roster;
pub mod table;
pub mod vendors;

pub use error::{ExpectedColumn, ImportError, SizeLimit};
