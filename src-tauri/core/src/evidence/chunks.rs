//! What streaming evidence in and out shares: the chunk size, progress reporting
//! (throttled, and the way a user cancels), and how hashes are shortened in messages.
//! Invariant for every streaming function: no more than three chunks in memory.

use std::ops::ControlFlow;

use serde::Serialize;
use ts_rs::TS;

use super::EvidenceError;

/// Bytes per stored chunk. SQLite caps one value near 1 GB, so big files must be split.
/// Attaching 1 GiB measured the same speed with 256 KiB, 1 MiB and 4 MiB chunks (the
/// cost is per byte: encryption and hashing); 4 MiB doubled peak memory and slowed
/// exports, and smaller chunks only add rows.
pub const CHUNK_LEN: usize = 1024 * 1024;

/// How often, in bytes, progress is reported: often enough for a smooth bar, rarely
/// enough that reporting costs nothing.
const PROGRESS_EVERY: u64 = 8 * 1024 * 1024;

/// How far a long job has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Progress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// Calls the progress callback at most every `PROGRESS_EVERY` bytes and turns a
/// `Break` into `Cancelled`.
pub(super) struct Reporter<'p> {
    total: u64,
    next: u64,
    callback: &'p mut dyn FnMut(Progress) -> ControlFlow<()>,
}

impl<'p> Reporter<'p> {
    pub(super) fn new(total: u64, callback: &'p mut dyn FnMut(Progress) -> ControlFlow<()>) -> Self {
        Self { total, next: PROGRESS_EVERY, callback }
    }

    pub(super) fn maybe_report(&mut self, done: u64) -> Result<(), EvidenceError> {
        if done >= self.next {
            self.next = done + PROGRESS_EVERY;
            self.report(done)?;
        }
        Ok(())
    }

    pub(super) fn report(&mut self, done: u64) -> Result<(), EvidenceError> {
        match (self.callback)(Progress { done, total: self.total }) {
            ControlFlow::Continue(()) => Ok(()),
            ControlFlow::Break(()) => Err(EvidenceError::Cancelled),
        }
    }
}

/// The first 12 hex digits of a hash, enough to tell files apart in a message.
pub(super) fn short(sha256: &str) -> &str {
    sha256.get(..12).unwrap_or(sha256)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_reported_at_most_every_8_mib_and_break_cancels() {
        let mut seen = Vec::new();
        let mut cb = |p: Progress| {
            seen.push(p.done);
            ControlFlow::Continue(())
        };
        let mut r = Reporter::new(100 << 20, &mut cb);
        for mib in 1..=20u64 {
            r.maybe_report(mib << 20).unwrap();
        }
        assert_eq!(seen, vec![8 << 20, 16 << 20]);

        let mut stop = |_: Progress| ControlFlow::Break(());
        let mut r = Reporter::new(1, &mut stop);
        assert!(matches!(r.report(0), Err(EvidenceError::Cancelled)));
    }
}
