//! Which build this is: the version both faces print, and the one a workbook records
//! as having created or last written it.

/// The app's version, the same for the desktop app and the `readiness` CLI (one
/// workspace version in the top-level Cargo.toml).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The git commit the binaries were built from ("unknown" outside a checkout).
pub const COMMIT: &str = env!("READINESS_GIT_COMMIT");

/// "0.1.0 (commit 1a2b3c4d5e6f)", as `readiness --version` and the About panel show it.
pub const DESCRIBED: &str = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("READINESS_GIT_COMMIT"), ")");
