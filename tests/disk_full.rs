//! A disk that fills up mid-write. The workbook lives on a small tmpfs that is filled
//! to within a little of its size, then evidence larger than the space left is attached
//! (and exported onto it). Each refusal must be a plain "the disk is full" error, leave
//! no evidence row and no stray file, keep the workbook verifying, and let the same
//! attach succeed once space is freed.
//!
//! Mounting a tmpfs needs root (CI runs as root). Elsewhere the attach test falls back to
//! SQLite's page limit, which raises the same SQLITE_FULL a full disk does, and the
//! export test says it was skipped.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::fs::OpenOptions;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::Command;

use readiness_core::evidence::{self, EvidenceError, NewEvidence};
use readiness_core::workbook::{self, Workbook};
use support::evidence::{assert_verifies, attach, counts, files_in, pseudo_random};
use support::{actor, new_workbook, passphrase};

const MIB: usize = 1024 * 1024;

/// A tmpfs of a few MiB mounted on a temporary folder, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(mib: usize) -> Option<Self> {
        let dir = tempfile::tempdir().unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mib}m"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Self { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Fills the disk, then gives back `leave` bytes, so the next large write fails.
    fn fill_leaving(&self, leave: u64) -> PathBuf {
        let filler = self.path().join("filler.bin");
        let mut f = OpenOptions::new().create(true).append(true).open(&filler).unwrap();
        let block = vec![0x5a_u8; 64 * 1024];
        while f.write_all(&block).is_ok() {}
        let len = f.metadata().unwrap().len();
        f.set_len(len.saturating_sub(leave)).unwrap();
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(self.dir.path()).status();
    }
}

fn assert_disk_full(err: &EvidenceError) {
    assert_eq!(err.kind(), "disk_full", "{err}");
    assert!(err.to_string().starts_with("The disk is full"), "{err}");
}

#[test]
fn attaching_onto_a_full_disk_is_refused_cleanly_and_works_once_space_is_freed() {
    let sources = tempfile::tempdir().unwrap();
    let big = sources.path().join("export-4mib.bin");
    std::fs::write(&big, pseudo_random(4 * MIB, 7)).unwrap();
    let small = sources.path().join("small.txt");
    std::fs::write(&small, b"fits").unwrap();

    let disk = SmallDisk::mount(12);
    let (_tmp, book) = match &disk {
        Some(d) => (None, d.path().join("client.soc2wb")),
        None => {
            eprintln!("disk_full: cannot mount a tmpfs here (not root?); using SQLite's page limit instead");
            let t = tempfile::tempdir().unwrap();
            let p = t.path().join("client.soc2wb");
            (Some(t), p)
        }
    };
    let mut wb = Workbook::create(&book, &passphrase(), "Acme Test Co", &actor()).unwrap();
    attach(&mut wb, &small, &NewEvidence::default()).unwrap();
    let before = counts(&wb);

    let filler = match &disk {
        Some(d) => Some(d.fill_leaving(MIB as u64)),
        None => {
            let pages: i64 = wb.conn().query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
            wb.conn().pragma_update(None, "max_page_count", pages + 64).unwrap();
            None
        }
    };

    let err = attach(&mut wb, &big, &NewEvidence::default()).unwrap_err();
    assert_disk_full(&err);
    assert_eq!(counts(&wb), before, "nothing of the refused attach remains");
    assert_verifies(&wb);

    // Reopening after the failure finds the same, verifying workbook.
    drop(wb);
    if let Some(f) = &filler {
        std::fs::remove_file(f).unwrap();
    }
    let mut wb = Workbook::open(&book, &passphrase(), workbook::Access::ReadWrite).unwrap();
    assert_eq!(counts(&wb), before);
    assert_verifies(&wb);

    let added = attach(&mut wb, &big, &NewEvidence::default()).unwrap();
    assert_eq!(added.size, 4 * MIB as u64);
    assert_verifies(&wb);
}

/// A file large enough to be staged in several commits. When the disk cannot hold it,
/// it is refused before anything is written, saying how much space it needs. When
/// another program fills the disk while it is being staged, the refusal is the same
/// plain "disk is full", the staged steps are invisible (the workbook verifies) and are
/// gone after the next open for writing; and the same attach works once space is freed.
#[test]
fn a_staged_attach_onto_a_full_disk_is_refused_cleanly_and_works_once_space_is_freed() {
    let Some(disk) = SmallDisk::mount(200) else {
        eprintln!("disk_full: skipped, cannot mount a tmpfs here (not root?)");
        return;
    };
    let sources = tempfile::tempdir().unwrap();
    let len = 2 * evidence::STAGE_COMMIT_BYTES as usize + 16 * MIB;
    let big = sources.path().join("screen-recording.mov");
    std::fs::write(&big, pseudo_random(len, 21)).unwrap();
    let book = disk.path().join("client.soc2wb");
    let mut wb = Workbook::create(&book, &passphrase(), "Acme Test Co", &actor()).unwrap();
    let before = counts(&wb);
    let staged = |wb: &mut Workbook, progress: &mut dyn FnMut(evidence::Progress) -> ControlFlow<()>| {
        evidence::attach_file(wb, &actor(), &big, &NewEvidence::default(), progress, |_, _| Ok(()))
    };

    // Too little room from the start: refused up front, with the sizes.
    let filler = disk.fill_leaving(52 * MIB as u64);
    let err = staged(&mut wb, &mut |_| ControlFlow::Continue(())).unwrap_err();
    assert_disk_full(&err);
    assert!(err.to_string().contains("MB free next to the workbook"), "{err}");
    assert_eq!(counts(&wb), before, "nothing was written");
    std::fs::remove_file(&filler).unwrap();

    // Room at the start, taken by another program half-way through.
    let mut filled = None;
    let err = staged(&mut wb, &mut |p| {
        if filled.is_none() && p.done > evidence::STAGE_COMMIT_BYTES + 8 * MIB as u64 {
            filled = Some(disk.fill_leaving(0));
        }
        ControlFlow::Continue(())
    })
    .unwrap_err();
    assert_disk_full(&err);
    assert_eq!(counts(&wb)[0], before[0], "no evidence record");
    assert_verifies(&wb);
    drop(wb);
    std::fs::remove_file(filled.unwrap()).unwrap();
    let mut wb = Workbook::open(&book, &passphrase(), workbook::Access::ReadWrite).unwrap();
    assert_eq!(counts(&wb), before, "the next open removed what was staged");
    assert_verifies(&wb);

    let added = staged(&mut wb, &mut |_| ControlFlow::Continue(())).unwrap();
    assert_eq!(added.size, len as u64);
    assert_verifies(&wb);
}

#[test]
fn exporting_onto_a_full_disk_leaves_no_partial_file() {
    let Some(disk) = SmallDisk::mount(8) else {
        eprintln!("disk_full: skipped, cannot mount a tmpfs here (not root?)");
        return;
    };
    let (dir, _path, mut wb) = new_workbook();
    let source = dir.path().join("backup-report.bin");
    std::fs::write(&source, pseudo_random(3 * MIB, 11)).unwrap();
    let added = attach(&mut wb, &source, &NewEvidence::default()).unwrap();

    let filler = disk.fill_leaving(MIB as u64);
    let dest = disk.path().join("backup-report.bin");
    let err = evidence::export(wb.conn(), added.reference.as_str(), &dest).unwrap_err();
    assert_disk_full(&err);
    assert_eq!(files_in(disk.path()), vec!["filler.bin".to_owned()], "no partial export is left behind");

    std::fs::remove_file(&filler).unwrap();
    evidence::export(wb.conn(), added.reference.as_str(), &dest).unwrap();
    assert_eq!(
        std::fs::read(&dest).unwrap(),
        std::fs::read(&source).unwrap(),
        "the export is byte-identical once space is freed"
    );
}
