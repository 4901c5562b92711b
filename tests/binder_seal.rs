//! The binder's seal as an auditor relies on it: a real export through the real CLI,
//! checked by poppler's `pdfsig`, then changed the ways someone might change it (with
//! `qpdf`, with lopdf, byte by byte) and checked again with `readiness binder verify`,
//! which must say what changed and exit 1, never 0 and never "not a binder".
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lopdf::{Document, Object};
use readiness_core::binder;
use readiness_core::demo;
use readiness_core::passphrase::Passphrase;
use readiness_core::workbook::{self, Access, Workbook};
use support::actor;

const AT: &str = "2026-11-28T09:00:00Z";

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_readiness"))
        .args(args)
        .env("READINESS_PASSPHRASE", demo::DEMO_PASSPHRASE)
        .output()
        .unwrap()
}

fn out(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn tool(name: &str, args: &[&str]) -> Output {
    Command::new(name).args(args).output().unwrap_or_else(|e| panic!("{name} is needed for this test: {e}"))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A fresh demo workbook and its binder, exported by the CLI (which makes the seal).
fn exported(dir: &Path) -> (PathBuf, PathBuf) {
    let wb = dir.join("demo.soc2wb");
    demo::create_demo(&wb, &Passphrase::new(demo::DEMO_PASSPHRASE)).unwrap().close().unwrap();
    let pdf = dir.join("binder.pdf");
    let o = cli(&["binder", "export", s(&wb), "--output", s(&pdf), "--generated-at", AT]);
    assert!(o.status.success(), "{}", out(&o));
    assert!(out(&o).contains("Signed with certificate"), "{}", out(&o));
    (wb, pdf)
}

/// `binder verify` on a changed binder: exit 1 (tampered), and its words.
fn tampered(pdf: &Path, workbook: Option<&Path>) -> String {
    let mut args = vec!["binder", "verify", s(pdf)];
    if let Some(wb) = workbook {
        args.extend(["--workbook", s(wb)]);
    }
    let o = cli(&args);
    let text = out(&o);
    assert_eq!(o.status.code(), Some(1), "{} must be reported as tampered: {text}", pdf.display());
    assert!(text.contains("The binder was changed: "), "{text}");
    text
}

fn pdfsig(pdf: &Path) -> String {
    let o = tool("pdfsig", &[s(pdf)]);
    out(&o)
}

fn page_count(pdf: &Path) -> usize {
    Document::load(pdf).unwrap().get_pages().len()
}

#[test]
fn a_fresh_binder_is_signed_over_the_whole_file_and_checks_out() {
    let dir = tempfile::tempdir().unwrap();
    let (wb_path, pdf) = exported(dir.path());

    let sig = pdfsig(&pdf);
    assert!(sig.contains("Signature #1"), "{sig}");
    assert!(sig.contains("Signature Validation: Signature is Valid."), "{sig}");
    assert!(sig.contains("Total document signed"), "{sig}");
    assert!(sig.contains("ETSI.CAdES.detached"), "{sig}");
    assert!(sig.contains("SHA-256") || sig.contains("SHA256"), "{sig}");

    // The seal is the workbook's: made once, logged, printed on the cover.
    let wb = Workbook::open(&wb_path, &Passphrase::new(demo::DEMO_PASSPHRASE), Access::ReadOnly).unwrap();
    let seal = binder::seal_info(&wb).unwrap().unwrap();
    assert!(seal.subject.contains(&wb.id().0), "the certificate names the workbook: {}", seal.subject);
    assert!(seal.subject.contains("Parcelwise"), "and the organisation: {}", seal.subject);
    assert!(sig.contains("Parcelwise"), "pdfsig shows the signer: {sig}");
    let cover = String::from_utf8_lossy(&tool("pdftotext", &["-f", "1", "-l", "1", s(&pdf), "-"]).stdout).into_owned();
    assert!(cover.contains(&seal.certificate_fingerprint), "the cover prints the certificate fingerprint: {cover}");
    let entries = workbook::recent_changes(wb.conn(), 500).unwrap();
    assert_eq!(entries.iter().filter(|e| e.entity == "signing_key").count(), 1, "one logged creation");
    assert!(workbook::verify::verify(&wb).unwrap().ok, "the key row matches its log entry");
    drop(wb);

    // A second export reuses the key and gives the same bytes.
    let again = dir.path().join("again.pdf");
    let o = cli(&["binder", "export", s(&wb_path), "--output", s(&again), "--generated-at", AT]);
    assert!(o.status.success(), "{}", out(&o));
    assert_eq!(std::fs::read(&pdf).unwrap(), std::fs::read(&again).unwrap(), "byte-identical, signature included");

    let o = cli(&["binder", "verify", s(&pdf), "--workbook", s(&wb_path)]);
    let text = out(&o);
    assert_eq!(o.status.code(), Some(0), "{text}");
    assert!(text.contains("The binder is exactly as it was signed."), "{text}");
    assert!(text.contains(&format!("Signer certificate {}", seal.certificate_fingerprint)), "{text}");
    assert!(text.contains("byte for byte this file"), "{text}");
}

#[test]
fn pages_removed_reordered_or_replaced_with_qpdf_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let (wb, pdf) = exported(dir.path());
    let total = page_count(&pdf);
    assert!(total > 41, "{total} pages");

    // The issue's own example: the gaps section cut out.
    let cut = dir.path().join("cut.pdf");
    assert!(tool("qpdf", &[s(&pdf), "--pages", s(&pdf), "1-34,41-z", "--", s(&cut)]).status.success());
    let text = tampered(&cut, Some(&wb));
    assert!(
        text.contains("The binder was changed: pages 35\u{2013}40 were removed or changed after signing"),
        "the summary names the pages first: {text}"
    );
    let sig = pdfsig(&cut);
    assert!(!sig.contains("Signature is Valid") && sig.contains("Not total document signed"), "{sig}");

    let swapped = dir.path().join("swapped.pdf");
    assert!(tool("qpdf", &[s(&pdf), "--pages", s(&pdf), "1-2,4,3,5-z", "--", s(&swapped)]).status.success());
    let text = tampered(&swapped, None);
    assert!(text.contains("pages 3 and 4 are no longer in the signed order"), "{text}");
    assert!(!pdfsig(&swapped).contains("Signature is Valid"), "{}", pdfsig(&swapped));

    // Page 7 replaced by a page of another PDF (the cover of a binder made a day later).
    let other = dir.path().join("other.pdf");
    let o = cli(&["binder", "export", s(&wb), "--output", s(&other), "--generated-at", "2026-11-29T09:00:00Z"]);
    assert!(o.status.success(), "{}", out(&o));
    let replaced = dir.path().join("replaced.pdf");
    let args = [s(&pdf), "--pages", s(&pdf), "1-6", s(&other), "1", s(&pdf), "8-z", "--", s(&replaced)];
    assert!(tool("qpdf", &args).status.success());
    let text = tampered(&replaced, None);
    assert!(text.contains("page 7 was removed or changed after signing"), "{text}");
    assert!(!pdfsig(&replaced).contains("Signature is Valid"), "{}", pdfsig(&replaced));
}

fn flip(src: &Path, dest: &Path, at: usize) {
    let mut bytes = std::fs::read(src).unwrap();
    bytes[at] ^= 0x01;
    std::fs::write(dest, bytes).unwrap();
}

fn find(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).position(|w| w == needle).unwrap()
}

fn rfind(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).rposition(|w| w == needle).unwrap()
}

#[test]
fn a_byte_flipped_anywhere_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let (_, pdf) = exported(dir.path());
    let bytes = std::fs::read(&pdf).unwrap();
    let n = bytes.len();
    // The metadata (manifest, page digests) sits compressed in an object stream; bytes
    // in the first and the last of those streams.
    let manifest = find(&bytes, b"/ObjStm") + 200;
    let pages = rfind(&bytes, b"/ObjStm") + 200;
    // The signature's own space, which no hash covers: inside the CMS, and in the zeros
    // that pad it (the two ends of the hex string).
    let contents = find(&bytes, b"/Contents<") + b"/Contents".len();
    let contents_end = contents + bytes[contents..].iter().position(|b| *b == b'>').unwrap();
    let byte_range = find(&bytes, b"/ByteRange[") + 13;
    let mut places = vec![0, 3, 12, n / 3, n / 2, 2 * n / 3, manifest, pages, byte_range, n - 30, n - 3];
    places.extend([contents + 100, contents + 3000, contents_end - 1, contents_end - 2000]);
    places.extend((1..10).map(|i| i * n / 10 + 7));
    for at in places {
        let bad = dir.path().join(format!("flip-{at}.pdf"));
        flip(&pdf, &bad, at);
        let text = tampered(&bad, None);
        assert!(text.contains("FAIL"), "a byte flipped at {at} of {n}: {text}");
        std::fs::remove_file(&bad).unwrap();
    }
    // A hex digit's case changed in the signature's space: the same value to a parser,
    // another byte in the file.
    let mut bytes = bytes.clone();
    let letter = contents + 1 + bytes[contents + 1..contents_end].iter().position(u8::is_ascii_uppercase).unwrap();
    bytes[letter] = bytes[letter].to_ascii_lowercase();
    let case = dir.path().join("case.pdf");
    std::fs::write(&case, &bytes).unwrap();
    let text = tampered(&case, None);
    assert!(text.contains("the space that holds the signature was edited after signing"), "{text}");

    // pdfsig agrees on a flip in the middle of the signed bytes.
    let bad = dir.path().join("flip-middle.pdf");
    flip(&pdf, &bad, n / 2);
    let sig = pdfsig(&bad);
    assert!(sig.contains("Digest Mismatch"), "{sig}");
    let text = tampered(&bad, None);
    assert!(text.contains("no longer match what was signed"), "{text}");
    // And a zero of the padding changed: the summary says where.
    let bad = dir.path().join("flip-padding.pdf");
    flip(&pdf, &bad, contents_end - 2);
    let text = tampered(&bad, None);
    assert!(text.contains("the space that holds the signature was edited after signing"), "{text}");
}

#[test]
fn a_page_appended_by_an_incremental_update_is_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let (_, pdf) = exported(dir.path());
    let total = page_count(&pdf);

    let mut inc = lopdf::IncrementalDocument::load(&pdf).unwrap();
    let pages_id = inc.get_prev_documents().catalog().unwrap().get(b"Pages").unwrap().as_reference().unwrap();
    inc.opt_clone_object_to_new_document(pages_id).unwrap();
    let content = inc.new_document.add_object(lopdf::Stream::new(
        lopdf::Dictionary::new(),
        b"BT /F1 24 Tf 72 700 Td (All controls passed) Tj ET".to_vec(),
    ));
    let page = inc.new_document.add_object(lopdf::Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Page".to_vec())),
        ("Parent", Object::Reference(pages_id)),
        ("MediaBox", Object::Array(vec![0.into(), 0.into(), 595.into(), 842.into()])),
        ("Contents", Object::Reference(content)),
    ]));
    let pages = inc.new_document.get_object_mut(pages_id).unwrap().as_dict_mut().unwrap();
    pages.get_mut(b"Kids").unwrap().as_array_mut().unwrap().push(Object::Reference(page));
    pages.set("Count", Object::Integer(total as i64 + 1));
    let appended = dir.path().join("appended.pdf");
    inc.save(&appended).unwrap();
    assert!(std::fs::read(&appended).unwrap().starts_with(&std::fs::read(&pdf).unwrap()), "an incremental update");
    assert_eq!(page_count(&appended), total + 1);

    let text = tampered(&appended, None);
    assert!(text.contains("bytes were added after the signed part"), "{text}");
    assert!(text.contains(&format!("page {} of this file was not in the signed binder", total + 1)), "{text}");
    // The signature still holds for what it signed; pdfsig says it no longer covers all.
    let sig = pdfsig(&appended);
    assert!(sig.contains("Not total document signed") || !sig.contains("Total document signed"), "{sig}");
}

#[test]
fn a_removed_signature_or_a_re_hashed_manifest_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let (_, pdf) = exported(dir.path());

    // The signature field, its widget and the form taken out, saved anew.
    let mut doc = Document::load(&pdf).unwrap();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    doc.get_object_mut(root).unwrap().as_dict_mut().unwrap().remove(b"AcroForm");
    let cover = *doc.get_pages().get(&1).unwrap();
    doc.get_object_mut(cover).unwrap().as_dict_mut().unwrap().remove(b"Annots");
    let unsigned = dir.path().join("unsigned.pdf");
    doc.save(&unsigned).unwrap();
    assert!(pdfsig(&unsigned).contains("does not contain any signatures"), "{}", pdfsig(&unsigned));
    let text = tampered(&unsigned, None);
    assert!(text.contains("carries no signature"), "{text}");

    // An evidence hash changed in the manifest and the fingerprint re-hashed to match.
    // The metadata is compressed inside an object stream, so the forger rewrites the file
    // with the edited metadata (a PDF library does this in one call).
    let mut doc = Document::load(&pdf).unwrap();
    let info_id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_object(info_id).unwrap().as_dict().unwrap();
    let utf16 = |s: &str| -> Object {
        let mut b = vec![0xFE, 0xFF];
        s.encode_utf16().for_each(|u| b.extend(u.to_be_bytes()));
        Object::String(b, lopdf::StringFormat::Hexadecimal)
    };
    let decode = |o: &Object| -> String {
        let raw = o.as_str().unwrap();
        String::from_utf16(&raw[2..].chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect::<Vec<_>>())
            .unwrap()
    };
    let json = decode(info.get(b"ReadinessManifest").unwrap());
    let manifest: serde_json::Value = serde_json::from_str(&json).unwrap();
    let real = manifest["evidence"][0]["sha256"].as_str().unwrap().to_owned();
    // In place of the first mention only: the same file may be listed twice.
    let forged = json.replacen(&real, &"0".repeat(64), 1);
    assert_ne!(serde_json::from_str::<serde_json::Value>(&forged).unwrap(), manifest);
    let forged_fp = {
        use sha2::{Digest, Sha256};
        hex::encode(Sha256::digest(forged.as_bytes()))
    };
    let info = doc.get_object_mut(info_id).unwrap().as_dict_mut().unwrap();
    info.set("ReadinessManifest", utf16(&forged));
    info.set("ReadinessFingerprint", utf16(&forged_fp));
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let edited = dir.path().join("edited.pdf");
    std::fs::write(&edited, &bytes).unwrap();
    let text = tampered(&edited, None);
    assert!(text.contains("ok   Manifest intact"), "the forger re-hashed the manifest: {text}");
    assert!(text.contains("FAIL Signature"), "{text}");
    assert!(text.contains("does not match its SHA-256"), "{text}");
    assert!(!pdfsig(&edited).contains("Signature is Valid"));
}

#[test]
fn a_binder_signed_with_another_workbooks_key_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let (wb_a, pdf_a) = exported(dir.path());
    let pass = Passphrase::new(demo::DEMO_PASSPHRASE);

    // Someone with their own workbook B puts B's key into a copy of A and exports: the
    // binder shows A's content, signed with B's key.
    let b_path = dir.path().join("b.soc2wb");
    let mut b = demo::create_demo(&b_path, &pass).unwrap();
    binder::ensure_seal(&mut b, &actor(), chrono::Utc::now()).unwrap();
    let (key, cert, fp, subject): (Vec<u8>, Vec<u8>, String, String) = b
        .conn()
        .query_row("SELECT private_key, certificate, fingerprint, subject FROM signing_key", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap();
    drop(b);
    let copy = dir.path().join("copy.soc2wb");
    let a = Workbook::open(&wb_a, &pass, Access::ReadOnly).unwrap();
    a.save_copy(&copy).unwrap();
    drop(a);
    let raw = support::raw_sqlcipher(&copy, demo::DEMO_PASSPHRASE);
    raw.execute_batch("DROP TRIGGER signing_key_no_delete; DELETE FROM signing_key;").unwrap();
    raw.execute(
        "INSERT INTO signing_key VALUES ('binder', 'rsa-2048-pkcs1v15-sha256', ?1, ?2, ?3, ?4, '2026-11-28')",
        rusqlite::params![key, cert, fp, subject],
    )
    .unwrap();
    drop(raw);
    let forged = dir.path().join("forged.pdf");
    let o = cli(&["binder", "export", s(&copy), "--output", s(&forged), "--generated-at", AT]);
    assert!(o.status.success(), "{}", out(&o));
    assert!(pdfsig(&forged).contains("Signature is Valid"), "a valid signature, by the wrong key");

    let text = tampered(&forged, None);
    assert!(text.contains("signed with another key"), "{text}");
    let text = tampered(&forged, Some(&wb_a));
    assert!(text.contains("signed with another workbook's key"), "{text}");
    // And A's own binder checked against B: the key is not B's.
    let o = cli(&["binder", "verify", s(&pdf_a), "--workbook", s(&b_path)]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("signed with another workbook's key"), "{}", out(&o));
}

#[test]
fn a_pdf_from_elsewhere_is_not_a_binder() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let content = doc.add_object(lopdf::Stream::new(lopdf::Dictionary::new(), b"BT ET".to_vec()));
    let page = doc.add_object(lopdf::Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Page".to_vec())),
        ("Parent", Object::Reference(pages_id)),
        ("Contents", Object::Reference(content)),
    ]));
    doc.objects.insert(
        pages_id,
        Object::Dictionary(lopdf::Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Kids", Object::Array(vec![Object::Reference(page)])),
            ("Count", Object::Integer(1)),
            ("MediaBox", Object::Array(vec![0.into(), 0.into(), 595.into(), 842.into()])),
        ])),
    );
    let catalog = doc.add_object(lopdf::Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("Pages", Object::Reference(pages_id)),
    ]));
    doc.trailer.set("Root", Object::Reference(catalog));
    let pdf = dir.path().join("invoice.pdf");
    doc.save(&pdf).unwrap();
    let o = cli(&["binder", "verify", s(&pdf)]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(out(&o).contains("not a binder"), "{}", out(&o));
}
