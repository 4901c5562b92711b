//! The evidence store on real files and real workbooks: hashes as `sha256sum` prints
//! them, byte-identical exports, content stored once, refusals that leave nothing
//! behind, damage found by re-hashing, and the `readiness evidence` commands.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::ops::ControlFlow;
use std::path::Path;
use std::process::Command;

use readiness_core::evidence::{self, NewEvidence, PreviewKind, Progress};
use readiness_core::workbook::{self, Access, Action, Entity, Workbook};
use sha2::{Digest, Sha256};
use support::evidence::{assert_verifies, attach, counts, files_in, pseudo_random, write_file};
use support::{actor, new_workbook, passphrase, raw_sqlcipher, PASSPHRASE};

const MIB: usize = 1024 * 1024;

/// The SHA-256 as `sha256sum` prints it, computed by `sha256sum` itself when it is
/// installed, else by the sha2 crate.
fn independent_sha256(path: &Path) -> String {
    if let Ok(out) = Command::new("sha256sum").arg(path).output() {
        if out.status.success() {
            return String::from_utf8_lossy(&out.stdout).split_whitespace().next().unwrap().to_owned();
        }
    }
    hex::encode(Sha256::digest(std::fs::read(path).unwrap()))
}

/// Checklist items have no create API yet: add one through the write path.
fn add_item(wb: &mut Workbook, id: &str, reference: &str) {
    wb.write(&actor(), |w| {
        w.sql().execute(
            "INSERT INTO checklist_item (id, ref, area, title) VALUES (?1, ?2, 'Access control', 'Review access')",
            [id, reference],
        )?;
        w.record(Entity::ChecklistItem, id, Action::Create)
    })
    .unwrap();
}

#[test]
fn attached_file_hashes_like_sha256sum_and_exports_byte_identical() {
    let (dir, _path, mut wb) = new_workbook();
    let bytes = b"user,mfa\nalice,yes\nbob,yes\n".repeat(10_000);
    let source = write_file(dir.path(), "mfa-report.csv", &bytes);

    let e =
        attach(&mut wb, &source, &NewEvidence { description: " MFA status ".into(), ..Default::default() }).unwrap();
    assert_eq!(e.reference.as_str(), "E-0001");
    assert_eq!(e.sha256, independent_sha256(&source));
    assert_eq!(e.size, bytes.len() as u64);
    assert_eq!(e.file_name, "mfa-report.csv");
    assert_eq!(e.media_type, "text/csv");
    assert_eq!(e.description, "MFA status");
    assert_eq!(e.collected_by, "integration-test", "collector defaults to the actor");
    assert_eq!(e.collected_at, chrono::Local::now().date_naive());

    let dest = dir.path().join("exported.csv");
    let report = evidence::export(wb.conn(), "E-0001", &dest).unwrap();
    assert_eq!(report.bytes, bytes.len() as u64);
    assert_eq!(report.sha256, e.sha256);
    assert_eq!(std::fs::read(&dest).unwrap(), bytes);
    assert_eq!(evidence::get(wb.conn(), "e-1").unwrap().unwrap().id, e.id);
    assert_verifies(&wb);
}

#[test]
fn multi_chunk_file_round_trips() {
    let (dir, _path, mut wb) = new_workbook();
    let bytes = pseudo_random(5 * MIB + 123, 7);
    let source = write_file(dir.path(), "disk-image.bin", &bytes);

    let e = attach(&mut wb, &source, &NewEvidence::default()).unwrap();
    assert_eq!(e.sha256, independent_sha256(&source));
    assert_eq!(e.media_type, "application/octet-stream");
    let chunks: i64 = wb.conn().query_row("SELECT count(*) FROM evidence_chunk", [], |r| r.get(0)).unwrap();
    assert_eq!(chunks, 6, "5 full chunks of 1 MiB and one of 123 bytes");

    let dest = dir.path().join("back.bin");
    evidence::export(wb.conn(), &e.id, &dest).unwrap();
    assert!(std::fs::read(&dest).unwrap() == bytes, "exported bytes differ");
    assert_verifies(&wb);
}

#[test]
fn same_content_twice_is_stored_once_with_two_records() {
    let (dir, _path, mut wb) = new_workbook();
    let bytes = pseudo_random(2 * MIB + 5, 11);
    let first = write_file(dir.path(), "january.png.bin", &bytes);
    let second = write_file(dir.path(), "copy of january.bin", &bytes);

    let a = attach(&mut wb, &first, &NewEvidence::default()).unwrap();
    let b = attach(&mut wb, &second, &NewEvidence { description: "again".into(), ..Default::default() }).unwrap();
    assert_eq!((a.reference.as_str(), b.reference.as_str()), ("E-0001", "E-0002"));
    assert_eq!(a.sha256, b.sha256);
    assert_eq!(counts(&wb)[..4], [2, 0, 1, 3], "two records, one blob of three chunks");
    let free_pages: i64 = wb.conn().query_row("PRAGMA freelist_count", [], |r| r.get(0)).unwrap();
    assert_eq!(free_pages, 0, "the duplicate was recognised before any of it was written");
    assert_verifies(&wb);

    // The bytes stay while any record uses them, and go with the last one.
    wb.write(&actor(), |w| evidence::delete(w, "E-0001")).unwrap();
    assert_eq!(counts(&wb)[..4], [1, 0, 1, 3]);
    evidence::export(wb.conn(), "E-0002", &dir.path().join("still-there.bin")).unwrap();
    wb.write(&actor(), |w| evidence::delete(w, "E-0002")).unwrap();
    assert_eq!(counts(&wb)[..4], [0, 0, 0, 0]);
    assert_verifies(&wb);

    // References count on from the highest ever issued: deleted numbers stay retired.
    let c = attach(&mut wb, &first, &NewEvidence::default()).unwrap();
    assert_eq!(c.reference.as_str(), "E-0003");
}

#[test]
fn same_size_but_different_content_is_stored_separately() {
    let (dir, _path, mut wb) = new_workbook();
    let a = pseudo_random(MIB + 1, 21);
    let b = pseudo_random(MIB + 1, 22);
    let first = write_file(dir.path(), "a.bin", &a);
    let second = write_file(dir.path(), "b.bin", &b);

    attach(&mut wb, &first, &NewEvidence::default()).unwrap();
    // Same size as a stored blob: hashed first, then stored since it is new.
    let mut seen = Vec::new();
    let e = wb
        .write(&actor(), |w| {
            evidence::add_file(w, &actor(), &second, &NewEvidence::default(), &mut |p| {
                seen.push(p.done);
                ControlFlow::Continue(())
            })
        })
        .unwrap();
    assert_eq!(e.sha256, independent_sha256(&second));
    assert_eq!(seen, vec![0, MIB as u64 + 1, 0, MIB as u64 + 1], "hashing, then storing");
    assert_eq!(counts(&wb)[..4], [2, 0, 2, 4]);
    evidence::export(wb.conn(), "E-0002", &dir.path().join("b-back.bin")).unwrap();
    assert!(std::fs::read(dir.path().join("b-back.bin")).unwrap() == b);
    assert_verifies(&wb);
}

#[test]
fn empty_file_is_refused_and_nothing_is_written() {
    let (dir, _path, mut wb) = new_workbook();
    let source = write_file(dir.path(), "empty.pdf", b"");
    let before = counts(&wb);

    let err = attach(&mut wb, &source, &NewEvidence::default()).unwrap_err();
    assert_eq!(err.kind(), "empty_source");
    assert!(err.to_string().ends_with("is empty (0 bytes); attach the file that holds the evidence."), "{err}");
    assert_eq!(counts(&wb), before);
    assert_verifies(&wb);
}

#[test]
fn missing_path_and_folders_are_refused() {
    let (dir, _path, mut wb) = new_workbook();
    let before = counts(&wb);

    let err = attach(&mut wb, &dir.path().join("no-such-file.pdf"), &NewEvidence::default()).unwrap_err();
    assert_eq!(err.kind(), "source_not_found");
    assert!(err.to_string().contains("no-such-file.pdf"), "{err}");

    let err = attach(&mut wb, dir.path(), &NewEvidence::default()).unwrap_err();
    assert_eq!(err.kind(), "source_is_folder");
    assert!(err.to_string().contains("is a folder"), "{err}");
    assert_eq!(counts(&wb), before);
}

#[test]
fn odd_file_names_are_kept_as_given_and_exports_go_only_where_asked() {
    let (dir, _path, mut wb) = new_workbook();
    let source = write_file(dir.path(), "Q3 access review – Überprüfung ✓.txt", b"reviewed by Alice\n");

    let plain = attach(&mut wb, &source, &NewEvidence::default()).unwrap();
    assert_eq!(plain.file_name, "Q3 access review – Überprüfung ✓.txt");
    assert_eq!(plain.media_type, "text/plain");

    let sneaky = "../../../etc/cron.d/evil ✓.txt";
    let renamed =
        attach(&mut wb, &source, &NewEvidence { file_name: Some(sneaky.into()), ..Default::default() }).unwrap();
    assert_eq!(renamed.file_name, sneaky, "the name is stored as given");
    assert_eq!(renamed.suggested_file_name(), "_.._.._etc_cron.d_evil ✓.txt");

    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let before_parent = files_in(dir.path());
    let dest = out.join("chosen name ✓.txt");
    evidence::export(wb.conn(), renamed.reference.as_str(), &dest).unwrap();
    assert_eq!(std::fs::read(&dest).unwrap(), b"reviewed by Alice\n");
    assert_eq!(files_in(&out), vec!["chosen name ✓.txt".to_owned()], "no temporary file is left");
    assert_eq!(files_in(dir.path()), before_parent, "nothing is written outside the chosen path");
    assert_verifies(&wb);
}

#[test]
fn export_refuses_an_existing_destination_and_a_missing_folder() {
    let (dir, _path, mut wb) = new_workbook();
    let source = write_file(dir.path(), "policy.pdf", b"%PDF-1.7\n% not really a pdf\n");
    let e = attach(&mut wb, &source, &NewEvidence::default()).unwrap();
    assert_eq!(e.media_type, "application/pdf");

    let dest = write_file(dir.path(), "taken.pdf", b"keep me");
    let listing = files_in(dir.path());
    let err = evidence::export(wb.conn(), "E-0001", &dest).unwrap_err();
    assert_eq!(err.kind(), "destination_exists");
    assert_eq!(std::fs::read(&dest).unwrap(), b"keep me");
    assert_eq!(files_in(dir.path()), listing);

    let err = evidence::export(wb.conn(), "E-0001", &dir.path().join("nowhere/policy.pdf")).unwrap_err();
    assert_eq!(err.kind(), "destination_folder_missing");

    let err = evidence::export(wb.conn(), "E-0099", &dir.path().join("x.pdf")).unwrap_err();
    assert_eq!(err.kind(), "unknown_evidence");
    assert_eq!(err.to_string(), "There is no evidence E-0099 in this workbook.");
}

#[test]
fn links_are_logged_and_verify_stays_ok_through_attach_link_unlink_and_delete() {
    let (dir, path, mut wb) = new_workbook();
    add_item(&mut wb, "item-ac01", "EVT-01");
    add_item(&mut wb, "item-ac02", "EVT-02");
    let source = write_file(dir.path(), "screenshot.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR....");
    let e = attach(&mut wb, &source, &NewEvidence::default()).unwrap();
    assert_eq!(e.media_type, "image/png");
    assert_verifies(&wb);

    let log_before = workbook::log_count(wb.conn()).unwrap();
    assert!(wb.write(&actor(), |w| evidence::link(w, "item-ac01", &e.id)).unwrap());
    assert!(!wb.write(&actor(), |w| evidence::link(w, "item-ac01", "E-0001")).unwrap(), "linking twice is a no-op");
    assert!(wb.write(&actor(), |w| evidence::link(w, "item-ac02", &e.id)).unwrap());
    assert_eq!(workbook::log_count(wb.conn()).unwrap(), log_before + 2);
    let latest = workbook::recent_changes(wb.conn(), 1).unwrap();
    assert_eq!(
        (latest[0].entity.as_str(), latest[0].entity_id.as_str()),
        ("item_evidence", &*format!("item-ac02/{}", e.id))
    );
    assert_verifies(&wb);

    let for_item = evidence::list_for_item(wb.conn(), "item-ac01").unwrap();
    assert_eq!(for_item.len(), 1);
    assert_eq!(for_item[0].item_ids, vec!["item-ac01".to_owned(), "item-ac02".to_owned()]);
    assert_eq!(evidence::list(wb.conn()).unwrap()[0].item_ids.len(), 2);

    let err = wb.write(&actor(), |w| evidence::link(w, "no-such-item", &e.id)).unwrap_err();
    assert_eq!(err.kind(), "unknown_item");

    assert!(wb.write(&actor(), |w| evidence::unlink(w, "item-ac01", &e.id)).unwrap());
    assert!(evidence::list_for_item(wb.conn(), "item-ac01").unwrap().is_empty());
    assert_verifies(&wb);

    // Deleting removes the remaining link too, each change logged.
    let deleted = wb.write(&actor(), |w| evidence::delete(w, "E-0001")).unwrap();
    assert_eq!(deleted.item_ids, vec!["item-ac02".to_owned()]);
    assert_eq!(counts(&wb)[..4], [0, 0, 0, 0]);
    assert_verifies(&wb);

    // And the file still verifies after closing and reopening.
    wb.close().unwrap();
    let wb = Workbook::open(&path, &passphrase(), Access::ReadOnly).unwrap();
    assert_verifies(&wb);
}

#[test]
fn check_blobs_finds_a_chunk_changed_or_removed_behind_the_apps_back() {
    let (dir, path, mut wb) = new_workbook();
    let bytes = pseudo_random(3 * MIB, 3);
    let source = write_file(dir.path(), "export.bin", &bytes);
    attach(&mut wb, &source, &NewEvidence::default()).unwrap();
    assert_verifies(&wb);
    wb.close().unwrap();

    // Flip bytes in the second chunk, as a tool with the passphrase could.
    let raw = raw_sqlcipher(&path, PASSPHRASE);
    let changed = raw.execute("UPDATE evidence_chunk SET data = zeroblob(length(data)) WHERE seq = 1", []).unwrap();
    assert_eq!(changed, 1);
    drop(raw);

    let wb = Workbook::open(&path, &passphrase(), Access::ReadWrite).unwrap();
    let problems = evidence::check_blobs(wb.conn()).unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("E-0001 (export.bin)") && problems[0].contains("no longer match"), "{problems:?}");

    let dest = dir.path().join("damaged.bin");
    let err = evidence::export(wb.conn(), "E-0001", &dest).unwrap_err();
    assert_eq!(err.kind(), "damaged_evidence");
    assert!(!dest.exists(), "a damaged file is never exported");
    assert_eq!(files_in(dir.path()).iter().filter(|n| n.ends_with(".part")).count(), 0);
    wb.close().unwrap();

    let raw = raw_sqlcipher(&path, PASSPHRASE);
    raw.execute("DELETE FROM evidence_chunk WHERE seq = 1", []).unwrap();
    drop(raw);
    let wb = Workbook::open(&path, &passphrase(), Access::ReadOnly).unwrap();
    let problems = evidence::check_blobs(wb.conn()).unwrap();
    assert!(problems.iter().any(|p| p.contains("missing (part 2)")), "{problems:?}");
}

#[test]
fn cancelling_through_progress_leaves_nothing() {
    let (dir, _path, mut wb) = new_workbook();
    let source = write_file(dir.path(), "big.bin", &pseudo_random(20 * MIB, 5));
    let before = counts(&wb);

    let mut seen = Vec::new();
    let mut cancel_after_first_step = |p: Progress| {
        seen.push(p);
        if p.done > 0 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    };
    let err = wb
        .write(&actor(), |w| {
            evidence::add_file(w, &actor(), &source, &NewEvidence::default(), &mut cancel_after_first_step)
        })
        .unwrap_err();
    assert_eq!(err.kind(), "cancelled");
    assert_eq!(
        seen,
        vec![Progress { done: 0, total: 20 * MIB as u64 }, Progress { done: 8 * MIB as u64, total: 20 * MIB as u64 }]
    );
    assert_eq!(counts(&wb), before);
    assert_verifies(&wb);
}

#[test]
fn progress_is_reported_about_every_8_mib_and_ends_at_the_total() {
    let (dir, _path, mut wb) = new_workbook();
    let total = 20 * MIB as u64 + 1;
    let source = write_file(dir.path(), "big.bin", &pseudo_random(total as usize, 9));
    let mut seen = Vec::new();
    wb.write(&actor(), |w| {
        evidence::add_file(w, &actor(), &source, &NewEvidence::default(), &mut |p| {
            seen.push(p.done);
            ControlFlow::Continue(())
        })
    })
    .unwrap();
    assert_eq!(seen, vec![0, 8 * MIB as u64, 16 * MIB as u64, total]);
}

#[test]
fn a_file_that_grows_or_shrinks_while_being_read_is_refused() {
    let (dir, _path, mut wb) = new_workbook();
    let before = counts(&wb);
    for (name, change) in [("growing.log", 2 * MIB as u64 + 10), ("shrinking.log", 1000)] {
        let source = write_file(dir.path(), name, &vec![b'x'; 2 * MIB]);
        // The first progress report comes after the file was opened and measured:
        // change its length then, as a program still writing it would.
        let err = wb
            .write(&actor(), |w| {
                evidence::add_file(w, &actor(), &source, &NewEvidence::default(), &mut |p| {
                    if p.done == 0 {
                        std::fs::OpenOptions::new().write(true).open(&source).unwrap().set_len(change).unwrap();
                    }
                    ControlFlow::Continue(())
                })
            })
            .unwrap_err();
        assert_eq!(err.kind(), "source_changed", "{name}");
        assert!(err.to_string().contains("changed while it was being read"), "{err}");
    }
    assert_eq!(counts(&wb), before);
}

#[test]
fn preview_shows_small_images_and_pdfs_and_the_start_of_text() {
    let (dir, _path, mut wb) = new_workbook();
    let png = write_file(dir.path(), "tiny.png", b"\x89PNG\r\n\x1a\nrest");
    let text = write_file(dir.path(), "notes.md", "# Notes\nÜber alles ✓\n".repeat(100).as_bytes());
    let pdf = write_file(dir.path(), "doc.pdf", b"%PDF-1.4\n");
    for f in [&png, &text, &pdf] {
        attach(&mut wb, f, &NewEvidence::default()).unwrap();
    }

    let p = evidence::preview(wb.conn(), "E-0001", 1024).unwrap();
    assert_eq!((p.kind, p.media_type.as_str(), p.truncated), (PreviewKind::Image, "image/png", false));
    assert_eq!(p.data_base64.as_deref(), Some("iVBORw0KGgpyZXN0"));
    let p = evidence::preview(wb.conn(), "E-0001", 8).unwrap();
    assert_eq!((p.data_base64, p.truncated), (None, true), "too big to show");

    // 9 bytes end inside "Ü" (2 bytes): the half character is dropped.
    let p = evidence::preview(wb.conn(), "E-0002", 9).unwrap();
    assert_eq!((p.kind, p.text.as_deref(), p.truncated), (PreviewKind::Text, Some("# Notes\n"), true));

    // PDFs travel whole too: the app renders them itself.
    let p = evidence::preview(wb.conn(), "E-0003", 1024).unwrap();
    assert_eq!((p.kind, p.data_base64.as_deref(), p.text), (PreviewKind::Pdf, Some("JVBERi0xLjQK"), None));
    let p = evidence::preview(wb.conn(), "E-0003", 4).unwrap();
    assert_eq!((p.data_base64, p.truncated), (None, true));
}

// ---- the CLI -----------------------------------------------------------------------------

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_readiness"))
        .args(args)
        .env("READINESS_PASSPHRASE", PASSPHRASE)
        .env("READINESS_ACTOR", "evidence-test")
        .output()
        .unwrap()
}

#[test]
fn cli_adds_lists_and_exports_evidence() {
    let (dir, path, mut wb) = new_workbook();
    add_item(&mut wb, "item-ac01", "EVT-01");
    wb.close().unwrap();
    let f = path.to_str().unwrap();
    let source = write_file(dir.path(), "access review.csv", b"name,decision\nbob,remove\n");

    let o = cli(&["evidence", "add", f, "evt-01", source.to_str().unwrap(), "--description", "Q3 review"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let expected = format!("E-0001  {}  25 bytes  access review.csv\n", independent_sha256(&source));
    assert_eq!(String::from_utf8_lossy(&o.stdout), expected);

    let o = cli(&["evidence", "list", f, "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list[0]["ref"], "E-0001");
    assert_eq!(list[0]["collected_by"], "evidence-test");
    assert_eq!(list[0]["item_ids"], serde_json::json!(["item-ac01"]));

    let out = dir.path().join("back.csv");
    let o = cli(&["evidence", "export", f, "E-0001", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&source).unwrap());

    let o = cli(&["evidence", "add", f, "ZZ-99", source.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("There is no checklist item ZZ-99"));
    let o = cli(&["evidence", "export", f, "E-0001", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("already exists"));

    let o = cli(&["verify", f]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn a_deleted_files_reference_is_never_issued_again() {
    let (dir, _path, mut wb) = support::new_workbook();
    let src = dir.path().join("a.txt");
    std::fs::write(&src, "first").unwrap();
    let actor = support::actor();
    let add = |wb: &mut readiness_core::workbook::Workbook, body: &str| {
        std::fs::write(&src, body).unwrap();
        wb.write(&actor, |w| {
            readiness_core::evidence::add_file(
                w,
                &actor,
                &src,
                &readiness_core::evidence::NewEvidence::default(),
                &mut |_| std::ops::ControlFlow::Continue(()),
            )
        })
        .unwrap()
    };
    let first = add(&mut wb, "first");
    assert_eq!(first.reference.as_str(), "E-0001");
    wb.write(&actor, |w| readiness_core::evidence::delete(w, "E-0001")).unwrap();
    let second = add(&mut wb, "second");
    assert_eq!(second.reference.as_str(), "E-0002", "E-0001 was cited once; it stays retired");
}

#[test]
fn details_can_be_corrected_and_the_change_is_logged() {
    let (dir, _path, mut wb) = support::new_workbook();
    let src = dir.path().join("report.txt");
    std::fs::write(&src, "quarterly access review").unwrap();
    let actor = support::actor();
    let ev = wb
        .write(&actor, |w| {
            readiness_core::evidence::add_file(
                w,
                &actor,
                &src,
                &readiness_core::evidence::NewEvidence::default(),
                &mut |_| std::ops::ControlFlow::Continue(()),
            )
        })
        .unwrap();
    let details = readiness_core::evidence::EvidenceDetails {
        description: "Q3 access review export".into(),
        collected_at: chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
        collected_by: "Ana".into(),
    };
    let updated = wb.write(&actor, |w| readiness_core::evidence::update_details(w, &ev.id, &details)).unwrap();
    assert_eq!(updated.description, "Q3 access review export");
    assert_eq!(updated.sha256, ev.sha256, "the bytes never change");
    assert!(readiness_core::workbook::verify::verify(&wb).unwrap().ok);
}
