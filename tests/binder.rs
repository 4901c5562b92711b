//! The evidence binder as an auditor receives it: real PDFs from real workbooks, checked
//! with poppler (`pdftotext`, `pdfinfo`, `pdfdetach`) and `qpdf`, never by our own parser
//! alone. Byte-identical output, contents page numbers that match the pages, bookmarks,
//! embedded files with the right hashes, verification, hostile content, cancellation.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Utc};
use readiness_core::binder::{self, BinderError, BinderOptions, SectionKind};
use readiness_core::demo;
use readiness_core::evidence::{self, NewEvidence};
use readiness_core::people::{self, PersonInput};
use readiness_core::workbook::{Access, Workbook};
use support::{actor, new_workbook, passphrase};

fn at() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-28T09:00:00Z").unwrap().with_timezone(&Utc)
}

/// The demo workbook with its seal made (as the first export makes it), open read-only.
fn demo_workbook(dir: &Path) -> (PathBuf, Workbook) {
    let path = dir.join("demo.soc2wb");
    let pass = readiness_core::passphrase::Passphrase::new(demo::DEMO_PASSPHRASE);
    let mut wb = demo::create_demo(&path, &pass).unwrap();
    binder::ensure_seal(&mut wb, &actor(), at()).unwrap();
    wb.close().unwrap();
    let wb = Workbook::open(&path, &pass, Access::ReadOnly).unwrap();
    (path, wb)
}

fn export(wb: &Workbook, options: &BinderOptions, dest: &Path) -> binder::BinderReport {
    binder::export(wb, options, dest, &mut |_| ControlFlow::Continue(())).unwrap()
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| panic!("{name} is needed for this test: {e}"));
    assert!(out.status.success(), "{name} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn page_text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    tool("pdftotext", &["-layout", "-f", &p, "-l", &p, pdf.to_str().unwrap(), "-"])
}

fn sha256_file(path: &Path) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(std::fs::read(path).unwrap()))
}

#[test]
fn the_demo_binder_is_valid_complete_and_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (_, wb) = demo_workbook(dir.path());
    let a = dir.path().join("a.pdf");
    let b = dir.path().join("b.pdf");
    let report = export(&wb, &BinderOptions::all(at()), &a);
    export(&wb, &BinderOptions::all(at()), &b);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap(), "same workbook + time = same bytes");
    assert!(report.pages > 20, "{} pages", report.pages);

    let check = Command::new("qpdf").args(["--check", a.to_str().unwrap()]).output().unwrap();
    assert!(check.status.success(), "qpdf --check: {}", String::from_utf8_lossy(&check.stdout));

    let info = tool("pdfinfo", &[a.to_str().unwrap()]);
    assert!(info.contains(&format!("Pages:           {}", report.pages)), "{info}");

    let text = tool("pdftotext", &[a.to_str().unwrap(), "-"]);
    for kind in SectionKind::ALL {
        assert!(text.contains(kind.title()), "section heading {:?} is in the text", kind.title());
    }
    assert!(text.contains("Manifest") && text.contains("Contents"));
    assert!(text.contains(&format!("page 3 of {}", report.pages)), "running footer");
    let evidence = evidence::list(wb.conn()).unwrap();
    assert!(!evidence.is_empty());
    for e in &evidence {
        assert!(text.contains(&e.sha256), "the hash of {} is printed", e.reference);
    }
}

/// The three fonts are embedded as subsets (about 1 MB whole), named with the `XXXXXX+`
/// tag `pdffonts` reads as "sub", and every heading still extracts as text.
#[test]
fn fonts_are_embedded_as_subsets_and_the_text_still_extracts() {
    let dir = tempfile::tempdir().unwrap();
    let (_, wb) = demo_workbook(dir.path());
    let pdf = dir.path().join("light.pdf");
    let options = BinderOptions { attachments: false, ..BinderOptions::all(at()) };
    export(&wb, &options, &pdf);
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 3, "{fonts}");
    for (row, name) in rows.iter().zip(["DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono"]) {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let tag = cols[0].split_once('+').map(|(t, n)| (t.len(), t.chars().all(|c| c.is_ascii_uppercase()), n));
        assert_eq!(tag, Some((6, true, name)), "{row}");
        assert_eq!(&cols[cols.len() - 5..cols.len() - 2], ["yes", "yes", "yes"], "embedded, subset, unicode: {row}");
    }
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    for kind in SectionKind::ALL {
        assert!(text.contains(kind.title()), "section heading {:?} is in the text", kind.title());
    }
    // Accents, and the parentheses a literal string has to escape.
    assert!(text.contains("Tomás Reyes"));
    assert!(text.contains('(') && text.contains(')'));
    let size = std::fs::metadata(&pdf).unwrap().len();
    assert!(size < 700_000, "the fonts whole would make it well over a megabyte: {size} bytes");
}

/// Reads the contents pages and checks each entry's page number against the page the
/// heading is really on.
#[test]
fn contents_page_numbers_match_where_the_headings_are() {
    let dir = tempfile::tempdir().unwrap();
    let (_, wb) = demo_workbook(dir.path());
    let pdf = dir.path().join("binder.pdf");
    let report = export(&wb, &BinderOptions::all(at()), &pdf);
    let mut checked = 0;
    let mut page = 2;
    loop {
        let text = page_text(&pdf, page);
        // Entries end in dot leaders and a page number; pdftotext sometimes closes up the dots.
        let entries: Vec<&str> = text
            .lines()
            .filter(|l| {
                (l.contains(". .") || l.contains("..."))
                    && l.split_whitespace().last().is_some_and(|w| w.parse::<usize>().is_ok())
            })
            .collect();
        if entries.is_empty() {
            break;
        }
        for line in entries {
            let number: usize = line.split_whitespace().last().unwrap().parse().unwrap();
            let cut = [" . .", "  ", ".."].iter().filter_map(|p| line.find(p)).min().unwrap();
            let title = line[..cut].trim();
            assert!(number > page && number <= report.pages as usize, "{line}");
            let target = page_text(&pdf, number);
            let flat: String = target.split_whitespace().collect::<Vec<_>>().join(" ");
            let title_flat: String = title.trim_end_matches('…').split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(flat.contains(&title_flat), "“{title}” is on page {number}");
            checked += 1;
        }
        page += 1;
    }
    assert!(checked >= 30, "checked {checked} contents entries");
}

#[test]
fn bookmarks_and_embedded_files_are_there_and_hash_right() {
    let dir = tempfile::tempdir().unwrap();
    let (_, wb) = demo_workbook(dir.path());
    let pdf = dir.path().join("binder.pdf");
    let report = export(&wb, &BinderOptions::all(at()), &pdf);

    let json: serde_json::Value =
        serde_json::from_str(&tool("qpdf", &["--json", "--json-key=outlines", pdf.to_str().unwrap()])).unwrap();
    let outlines = json["outlines"].as_array().unwrap();
    let titles: Vec<&str> = outlines.iter().filter_map(|o| o["title"].as_str()).collect();
    assert!(titles.contains(&"Criteria coverage matrix") && titles.contains(&"Evidence index"), "{titles:?}");
    // The contents entries are links.
    let json: serde_json::Value =
        serde_json::from_str(&tool("qpdf", &["--json", "--json-key=pages", "--json-key=qpdf", pdf.to_str().unwrap()]))
            .unwrap();
    let page = json["pages"][1]["object"].as_str().unwrap();
    let contents_links = json["qpdf"][1][format!("obj:{page}")]["value"]["/Annots"].as_array().map_or(0, Vec::len);
    assert!(contents_links >= 30, "{contents_links} links on the contents page");
    let coverage = outlines.iter().find(|o| o["title"] == "Criteria coverage matrix").unwrap();
    let kids: Vec<&str> = coverage["kids"].as_array().unwrap().iter().filter_map(|k| k["title"].as_str()).collect();
    assert!(kids.iter().any(|k| k.starts_with("CC6.1 ")), "a bookmark per criterion: {kids:?}");

    let listing = tool("pdfdetach", &["-list", pdf.to_str().unwrap()]);
    let evidence = evidence::list(wb.conn()).unwrap();
    assert_eq!(report.attachments_embedded as usize, evidence.len());
    assert!(listing.contains(&format!("{} embedded files", evidence.len())), "{listing}");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    tool("pdfdetach", &["-saveall", "-o", out.to_str().unwrap(), pdf.to_str().unwrap()]);
    for e in &evidence {
        let name = format!("{} {}", e.reference, e.suggested_file_name());
        assert_eq!(sha256_file(&out.join(&name)), e.sha256, "{name} comes out of the PDF unchanged");
    }
}

#[test]
fn verify_accepts_the_binder_and_catches_tampering_and_other_workbooks() {
    let dir = tempfile::tempdir().unwrap();
    let (_, wb) = demo_workbook(dir.path());
    let pdf = dir.path().join("binder.pdf");
    export(&wb, &BinderOptions::all(at()), &pdf);
    let report = binder::verify(&pdf, Some(&wb)).unwrap();
    assert!(report.ok(), "{:?}", report.checks);
    let names: Vec<&str> = report.checks.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Signature",
            "Nothing added after signing",
            "Signed by its workbook",
            "Pages",
            "Manifest intact",
            "Embedded evidence",
            "Same workbook",
            "Workbook's key",
            "Change log",
            "Evidence in the workbook",
            "Same as a fresh export"
        ]
    );

    // Change one evidence hash inside the manifest: the fingerprint no longer matches.
    let mut doc = lopdf::Document::load(&pdf).unwrap();
    let info_id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_object_mut(info_id).unwrap().as_dict_mut().unwrap();
    let raw = info.get(b"ReadinessManifest").unwrap().as_str().unwrap().to_vec();
    let units: Vec<u16> = raw[2..].chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
    let json = String::from_utf16(&units).unwrap();
    let first = &evidence::list(wb.conn()).unwrap()[0].sha256;
    let forged = json.replace(first.as_str(), &"0".repeat(64));
    let mut bytes = vec![0xFE, 0xFF];
    forged.encode_utf16().for_each(|u| bytes.extend(u.to_be_bytes()));
    info.set("ReadinessManifest", lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal));
    let tampered = dir.path().join("tampered.pdf");
    doc.save(&tampered).unwrap();
    let report = binder::verify(&tampered, None).unwrap();
    assert!(!report.ok());
    let manifest = report.checks.iter().find(|c| c.name == "Manifest intact").unwrap();
    assert!(!manifest.ok, "manifest check fails: {manifest:?}");

    // Another workbook: refused as not the same workbook.
    let (_d, _p, other) = new_workbook();
    let report = binder::verify(&pdf, Some(&other)).unwrap();
    let same = report.checks.iter().find(|c| c.name == "Same workbook").unwrap();
    assert!(!same.ok);

    // Not a binder at all.
    let text = dir.path().join("notes.pdf");
    std::fs::write(&text, b"hello").unwrap();
    assert!(matches!(binder::verify(&text, None), Err(BinderError::NotABinder { .. })));
    let garbage = dir.path().join("garbage.pdf");
    std::fs::write(&garbage, b"%PDF-1.7\n\x00\x01garbage").unwrap();
    assert!(matches!(binder::verify(&garbage, None), Err(BinderError::NotABinder { .. })));
}

#[test]
fn a_later_change_to_the_workbook_is_reported_not_failed() {
    let (_dir, path, mut wb) = new_workbook();
    binder::ensure_seal(&mut wb, &actor(), at()).unwrap();
    let pdf = path.with_extension("pdf");
    export(&wb, &BinderOptions::all(at()), &pdf);
    wb.write(&actor(), |w| {
        people::create(
            w,
            &PersonInput { name: "Ana Silva".into(), email: "ana@acme.test".into(), ..Default::default() },
        )
    })
    .unwrap();
    let report = binder::verify(&pdf, Some(&wb)).unwrap();
    assert!(report.ok(), "{:?}", report.checks);
    let log = report.checks.iter().find(|c| c.name == "Change log").unwrap();
    assert!(log.detail.contains("1 change has been made since"), "{}", log.detail);
    let fresh = report.checks.iter().find(|c| c.name == "Same as a fresh export").unwrap();
    assert!(fresh.detail.contains("(1 change)") && fresh.detail.contains("not possible"), "{}", fresh.detail);
}

#[test]
fn hostile_content_still_renders_with_a_visible_note() {
    let (dir, path, mut wb) = new_workbook();
    let broken = dir.path().join("screenshot.png");
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(std::iter::repeat_n(0xAB, 300));
    std::fs::write(&broken, &png).unwrap();
    wb.write(&actor(), |w| -> Result<(), readiness_core::evidence::EvidenceError> {
        for (name, email) in
            [("田中 太郎", "taro@acme.test"), ("דנה כהן", "dana@acme.test"), ("Zoë Ñúñez", "zoe@acme.test")]
        {
            people::create(w, &PersonInput { name: name.into(), email: email.into(), ..Default::default() })?;
        }
        evidence::add_file(w, &actor(), &broken, &NewEvidence::default(), &mut |_| ControlFlow::Continue(()))?;
        Ok(())
    })
    .unwrap();
    // A policy with a word longer than a page and a table far too wide for one.
    let long_word = "x".repeat(3000);
    let header: Vec<String> = (0..30).map(|i| format!("Column{i}")).collect();
    let row: Vec<String> = (0..30).map(|i| format!("value-{i}-{}", "y".repeat(40))).collect();
    let body = format!(
        "# Odd policy\n\n{long_word}\n\n|{}|\n|{}|\n|{}|\n",
        header.join("|"),
        vec!["---"; 30].join("|"),
        row.join("|")
    );
    wb.write(&actor(), |w| readiness_core::policies::save_body(w, "information-security", &body, "test")).unwrap();
    binder::ensure_seal(&mut wb, &actor(), at()).unwrap();
    let pdf = path.with_extension("pdf");
    let report = export(&wb, &BinderOptions::all(at()), &pdf);
    assert!(report.notes.iter().any(|n| n.contains("could not be shown")), "{:?}", report.notes);
    assert_words_inside_the_page(&pdf);
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("cannot be shown here"), "the broken image gets a visible note");
    assert!(text.contains("marks characters this binder"), "missing glyphs are explained");
    assert!(text.contains("Zoë Ñúñez"));
    assert!(Command::new("qpdf").args(["--check", pdf.to_str().unwrap()]).status().unwrap().success());
}

/// Every word pdftotext finds lies inside the page, clear of its edges.
fn assert_words_inside_the_page(pdf: &Path) {
    let html = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let attr = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[start..].split('"').next().unwrap().parse().unwrap()
    };
    let mut words = 0;
    for tag in html.split('<').filter(|t| t.starts_with("word ")) {
        let (x0, x1, y0, y1) = (attr(tag, "xMin"), attr(tag, "xMax"), attr(tag, "yMin"), attr(tag, "yMax"));
        assert!(x0 >= 20.0 && x1 <= 595.28 - 20.0 && y0 >= 10.0 && y1 <= 841.89 - 10.0, "word outside the page: {tag}");
        words += 1;
    }
    assert!(words > 1000, "{words} words checked");
}

#[test]
fn an_empty_workbook_gives_a_short_valid_binder() {
    let (_dir, path, mut wb) = new_workbook();
    binder::ensure_seal(&mut wb, &actor(), at()).unwrap();
    let pdf = path.with_extension("pdf");
    let report = export(&wb, &BinderOptions::all(at()), &pdf);
    assert!(report.pages >= 5);
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("No evidence files are attached yet."));
    assert!(binder::verify(&pdf, Some(&wb)).unwrap().ok());
}

#[test]
fn options_leave_out_sections_attachments_and_emails() {
    let dir = tempfile::tempdir().unwrap();
    let (_, wb) = demo_workbook(dir.path());
    let pdf = dir.path().join("short.pdf");
    let options = BinderOptions {
        sections: vec![SectionKind::Scope, SectionKind::Evidence],
        attachments: false,
        redact_emails: true,
        ..BinderOptions::all(at())
    };
    let report = export(&wb, &options, &pdf);
    assert_eq!(report.attachments_embedded, 0);
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("Scope and system description") && !text.contains("Checklist detail"));
    let people = people::list(&wb).unwrap();
    assert!(!people.is_empty());
    for p in people.iter().filter(|p| !p.email.is_empty()) {
        assert!(!text.contains(&p.email), "{} is masked", p.email);
    }
    assert!(text.contains("•••@"));
    assert!(tool("pdfdetach", &["-list", pdf.to_str().unwrap()]).contains("0 embedded files"));
}

#[test]
fn a_cancelled_export_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let (_, wb) = demo_workbook(dir.path());
    let pdf = dir.path().join("cancelled.pdf");
    let mut calls = 0;
    let result = binder::export(&wb, &BinderOptions::all(at()), &pdf, &mut |_| {
        calls += 1;
        if calls > 3 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    assert!(matches!(result, Err(BinderError::Cancelled)));
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 1, "only the workbook is there: {left:?}");
    drop(passphrase());
}

#[test]
fn the_cli_exports_and_verifies_with_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, wb) = demo_workbook(dir.path());
    drop(wb);
    let pdf = dir.path().join("cli.pdf");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_readiness"))
            .args(args)
            .env("READINESS_PASSPHRASE", demo::DEMO_PASSPHRASE)
            .output()
            .unwrap()
    };
    let f = path.to_str().unwrap();
    let p = pdf.to_str().unwrap();
    let o = run(&["binder", "export", f, "--output", p, "--generated-at", "2026-11-28T09:00:00Z"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(run(&["binder", "export", f, "--output", p]).status.code(), Some(2), "no silent overwrite");
    let o = run(&["binder", "verify", p, "--workbook", f]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stdout));
    let o = run(&["binder", "verify", f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a binder"));
    let o = run(&["binder", "export", f, "--output", p, "--force", "--sections", "scope,nonsense"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("nonsense"));
}
