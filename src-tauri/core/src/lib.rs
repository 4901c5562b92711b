//! Readiness Workbook's domain core: the encrypted workbook file and the services over
//! it. The desktop app and the `readiness` CLI are two thin faces over this crate; it
//! knows nothing of either.

pub mod organization;
pub mod passphrase;
pub mod workbook;
pub mod demo;
pub mod summary;
pub mod keystore;
pub mod opener;
pub mod recents;
pub mod people;
pub mod import;
pub mod catalog;
pub mod scope;
pub mod systems;
