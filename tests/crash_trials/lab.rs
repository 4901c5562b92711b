//! The trial lab: a workbook with data to change, the seeded choice of what to do and
//! when to kill, the CLI arguments for each kind of write, and what each promises.

use super::*;

/// SplitMix64: small, deterministic, good enough to pick moments.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    Roster,
    Vendors,
    Risks,
    Evidence,
    ItemEdit,
    Approve,
    Binder,
}

pub(crate) const KINDS: [Kind; 7] =
    [Kind::Roster, Kind::Vendors, Kind::Risks, Kind::Evidence, Kind::ItemEdit, Kind::Approve, Kind::Binder];

/// What a trial promises once its success line is printed.
#[derive(Debug, Clone)]
pub(crate) enum Expect {
    People(Vec<String>),
    Vendors(Vec<String>),
    Risks(Vec<String>),
    /// The reference comes from the success line.
    Evidence {
        sha256: String,
        reference: Option<String>,
    },
    Item {
        reference: String,
        due: NaiveDate,
    },
    Approved {
        policy_id: String,
    },
    Binder,
}

pub(crate) struct Lab {
    pub(crate) _dir: tempfile::TempDir,
    pub(crate) dir: PathBuf,
    pub(crate) book: PathBuf,
    pub(crate) pdf: PathBuf,
    pub(crate) items: Vec<String>,
    pub(crate) next_item: usize,
    pub(crate) drafts: Vec<String>,
}

pub(crate) fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

pub(crate) fn setup() -> Lab {
    let (dir, book, mut wb) = support::new_workbook();
    let bytes = std::fs::read(ROSTER).unwrap();
    let roster = readiness_core::import::roster::parse_roster(&bytes, today()).unwrap();
    wb.write(&actor(), |w| people::apply_roster(w, &roster)).unwrap();
    // One plain policy per approval trial (at most one in seven trials, plus spares).
    let trials = trial_count();
    let drafts: Vec<String> = wb
        .write(&actor(), |w| {
            (0..trials / 5 + 12)
                .map(|i| {
                    policies::create_custom(
                        w,
                        &format!("Crash trial policy {i}"),
                        "security_owner",
                        &[],
                        &format!("# Policy {i}\n\nEveryone follows rule {i}.\n"),
                        "crash-trials",
                    )
                })
                .collect::<Result<_, _>>()
        })
        .unwrap();
    let items: Vec<String> =
        checklist::list(&wb, today()).unwrap().into_iter().filter(|i| i.in_scope).map(|i| i.reference).collect();
    assert!(items.len() >= 10, "a new workbook has items in scope");
    wb.close().unwrap();
    let dir_path = dir.path().to_owned();
    Lab { pdf: dir_path.join("out").join("binder.pdf"), dir: dir_path, _dir: dir, book, items, next_item: 0, drafts }
        .with_out_dir()
}

impl Lab {
    pub(crate) fn with_out_dir(self) -> Self {
        std::fs::create_dir_all(self.pdf.parent().unwrap()).unwrap();
        self
    }

    /// The command line for trial `n` of `kind`, and what it promises.
    pub(crate) fn plan(&mut self, kind: Kind, n: u32, rng: &mut Rng) -> (Vec<String>, Expect) {
        let book = self.book.to_string_lossy().into_owned();
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        match kind {
            Kind::Roster => {
                let emails: Vec<String> = (0..400).map(|i| format!("p{n}-{i}@crash.test")).collect();
                let mut csv = String::from("Name,Email,Title,Department,Status,Start Date\n");
                for (i, e) in emails.iter().enumerate() {
                    csv.push_str(&format!("Person {n} {i},{e},Engineer,Engineering,Active,2024-01-0{}\n", 1 + i % 9));
                }
                let file = self.write_input(&format!("roster-{n}.csv"), csv.as_bytes());
                (s(&["people", "import", &book, &file, "--apply"]), Expect::People(emails))
            }
            Kind::Vendors => {
                let names: Vec<String> = (0..300).map(|i| format!("Crash Vendor {n}-{i}")).collect();
                let mut csv = String::from("name,service,criticality\n");
                for v in &names {
                    csv.push_str(&format!("{v},Hosting,high\n"));
                }
                let file = self.write_input(&format!("vendors-{n}.csv"), csv.as_bytes());
                (s(&["vendors", "import", &book, "--input", &file]), Expect::Vendors(names))
            }
            Kind::Risks => {
                let titles: Vec<String> = (0..200).map(|i| format!("Crash risk {n}-{i}")).collect();
                let mut csv = String::from(
                    "title,description,category,owner_email,likelihood,impact,treatment,residual_likelihood,residual_impact,review_date\n",
                );
                for t in &titles {
                    csv.push_str(&format!("{t},,security,{APPROVER},3,4,mitigate,2,2,2027-01-15\n"));
                }
                let file = self.write_input(&format!("risks-{n}.csv"), csv.as_bytes());
                (s(&["risks", "import", &book, "--input", &file]), Expect::Risks(titles))
            }
            Kind::Evidence => {
                let mut bytes = vec![0u8; EVIDENCE_BYTES];
                for chunk in bytes.chunks_mut(8) {
                    let r = rng.next().to_le_bytes();
                    chunk.copy_from_slice(&r[..chunk.len()]);
                }
                let sha256 = readiness_core::hashing::sha256_hex(&bytes);
                let file = self.write_input(&format!("evidence-{n}.bin"), &bytes);
                let item = self.items[n as usize % self.items.len()].clone();
                (
                    s(&["evidence", "add", &book, &item, &file, "--description", "crash trial"]),
                    Expect::Evidence { sha256, reference: None },
                )
            }
            Kind::ItemEdit => {
                // Each item is edited once, so its final value is known exactly.
                let reference = self.items[self.next_item % self.items.len()].clone();
                self.next_item += 1;
                let due = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap() + chrono::Days::new(u64::from(n));
                let due_s = due.to_string();
                (
                    s(&[
                        "items",
                        "set",
                        &book,
                        &reference,
                        "--status",
                        "in_progress",
                        "--owner",
                        APPROVER,
                        "--due",
                        &due_s,
                    ]),
                    Expect::Item { reference, due },
                )
            }
            Kind::Approve => {
                let policy_id = self.drafts.first().cloned().expect("enough draft policies");
                (s(&["policies", "approve", &book, &policy_id, "--by", APPROVER]), Expect::Approved { policy_id })
            }
            Kind::Binder => {
                let pdf = self.pdf.to_string_lossy().into_owned();
                let mut args = s(&[
                    "binder",
                    "export",
                    &book,
                    "--output",
                    &pdf,
                    "--force",
                    "--generated-at",
                    "2026-11-01T09:00:00Z",
                ]);
                if rng.below(2) == 0 {
                    args.push("--no-attachments".to_owned());
                }
                (args, Expect::Binder)
            }
        }
    }

    pub(crate) fn write_input(&self, name: &str, bytes: &[u8]) -> String {
        let p = self.dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_string_lossy().into_owned()
    }

    pub(crate) fn partials(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.pdf.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".partial"))
            .collect()
    }
}

pub(crate) fn success_prefix(kind: Kind) -> &'static str {
    match kind {
        Kind::Roster => "Imported: ",
        Kind::Vendors => "Imported vendors: ",
        Kind::Risks => "Imported risks: ",
        Kind::Evidence => "E-",
        Kind::ItemEdit => "", // "<ref> is now: ..."
        Kind::Approve => "Approved ",
        Kind::Binder => "Wrote ",
    }
}

pub(crate) fn reported_line(kind: Kind, stdout: &str, expect: &Expect) -> Option<String> {
    stdout
        .lines()
        .find(|l| match (kind, expect) {
            (Kind::ItemEdit, Expect::Item { reference, .. }) => l.starts_with(&format!("{reference} is now: ")),
            _ => l.starts_with(success_prefix(kind)),
        })
        .map(str::to_owned)
}

pub(crate) fn set_reference(expect: &mut Expect, line: &str) {
    if let Expect::Evidence { reference, .. } = expect {
        *reference = line.split_whitespace().next().map(str::to_owned);
    }
}
