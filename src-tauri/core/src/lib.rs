//! Readiness Workbook's domain core: the encrypted workbook file and the services over
//! it. The desktop app and the `readiness` CLI are two thin faces over this crate; it
//! knows nothing of either.

pub mod access;
pub mod binder;
pub mod catalog;
pub mod checklist;
pub mod demo;
pub mod evidence;
pub mod files;
pub mod hashing;
pub mod import;
pub mod keystore;
pub mod name_index;
pub mod opener;
pub mod organization;
pub mod passphrase;
pub mod people;
pub mod policies;
pub mod readiness;
pub mod recents;
pub mod risks;
pub mod scope;
pub mod settings;
pub mod summary;
pub mod systems;
pub mod text;
pub mod vendors;
pub mod version;
pub mod workbook;
