//! Opening workbooks the way the app does: remembered passphrases (with the in-memory
//! keyring double), the recent list, and the demo.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use readiness_core::demo;
use readiness_core::keystore::MemoryKeyStore;
use readiness_core::opener::{OpenOutcome, Opener, Remember};
use readiness_core::settings;
use readiness_core::workbook::{Access, Workbook};
use support::{actor, passphrase};

#[test]
fn a_remembered_passphrase_reopens_without_asking_and_a_forgotten_one_asks() {
    let dir = tempfile::tempdir().unwrap();
    let opener = Opener::new(&dir.path().join("config"), &dir.path().join("data"), Box::new(MemoryKeyStore::default()));
    let path = dir.path().join("acme.soc2wb");
    let wb = opener.create(&path, &passphrase(), "Acme", Remember::Yes, &actor()).unwrap();
    wb.close().unwrap();
    assert_eq!(opener.recents().len(), 1);
    match opener.open(&path, None, Remember::Yes).unwrap() {
        OpenOutcome::Opened(wb) => wb.close().unwrap(),
        OpenOutcome::NeedsPassphrase(r) => panic!("asked for the passphrase: {r:?}"),
    }
    // Unticking "remember" forgets it.
    match opener.open(&path, Some(&passphrase()), Remember::No).unwrap() {
        OpenOutcome::Opened(wb) => wb.close().unwrap(),
        OpenOutcome::NeedsPassphrase(r) => panic!("{r:?}"),
    }
    assert!(matches!(opener.open(&path, None, Remember::No).unwrap(), OpenOutcome::NeedsPassphrase(_)));
}

#[test]
fn a_demo_from_an_older_version_is_set_aside_and_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let opener = Opener::new(&dir.path().join("config"), &data, Box::new(MemoryKeyStore::default()));
    let wb = opener.open_demo().unwrap();
    assert_eq!(demo::content_version(&wb).unwrap(), Some(demo::CONTENT_VERSION));
    let path = wb.path().to_owned();
    wb.close().unwrap();

    // Pretend it was made by an older version.
    let demo_pass = readiness_core::passphrase::Passphrase::new(demo::DEMO_PASSPHRASE);
    let mut old = Workbook::open(&path, &demo_pass, Access::ReadWrite).unwrap();
    old.write(&actor(), |w| settings::set(w, "demo_content_version", "1")).unwrap();
    old.close().unwrap();

    let wb = opener.open_demo().unwrap();
    assert_eq!(demo::content_version(&wb).unwrap(), Some(demo::CONTENT_VERSION));
    assert!(data.join("Parcelwise demo (older version).soc2wb").exists(), "the old demo is kept, not deleted");
    // A current demo is opened as it is, edits and all.
    let id = wb.id().clone();
    wb.close().unwrap();
    assert_eq!(opener.open_demo().unwrap().id(), &id);
}
