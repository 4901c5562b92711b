//! A consultant's first day, scripted with nothing but the `readiness` binary: from
//! `readiness new` to a binder verified against its workbook, with the setup run twice
//! to show it is safe to repeat, and the bad input the issue lists refused with exit 2.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PASS: &str = "consultant script passphrase";

/// A workbook in a temp folder, and the binary run against it. `@` in an argument
/// stands for the workbook's path, `%name` for a file of that name in the folder.
struct Script {
    dir: tempfile::TempDir,
    workbook: PathBuf,
}

impl Script {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let workbook = dir.path().join("acme.soc2wb");
        Self { dir, workbook }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path(name), text).unwrap();
    }

    fn run(&self, args: &[&str]) -> Output {
        let args: Vec<String> = args
            .iter()
            .map(|a| match (*a, a.strip_prefix('%')) {
                ("@", _) => self.workbook.display().to_string(),
                (_, Some(name)) => self.path(name).display().to_string(),
                _ => (*a).to_owned(),
            })
            .collect();
        Command::new(env!("CARGO_BIN_EXE_readiness"))
            .args(&args)
            .env("READINESS_PASSPHRASE", PASS)
            .env("READINESS_ACTOR", "consultant")
            .output()
            .unwrap()
    }

    /// Runs a step that must succeed and returns its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(
            o.status.success(),
            "readiness {} failed:\n{}{}",
            args.join(" "),
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// Runs a step that must be refused with exit 2 and returns its stderr.
    fn refused(&self, args: &[&str]) -> String {
        let o = self.run(args);
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(2), "readiness {} should exit 2: {err}", args.join(" "));
        err
    }

    fn count(&self, args: &[&str]) -> usize {
        self.json(args).as_array().unwrap().len()
    }
}

fn files_for(s: &Script) {
    s.write(
        "systems.csv",
        "name,kind,description,owner_email,hosting,classification,customer_data,out_of_scope_reason\n\
         Acme web app,application,The analytics product,ravi@acme.io,AWS,confidential,yes,\n\
         Postgres,data_store,Customer event store,ravi@acme.io,AWS,restricted,yes,\n\
         Office printer,endpoints,,,,internal,no,No customer data and no network path to production\n",
    );
    s.write(
        "risks.csv",
        "title,description,category,owner_email,likelihood,impact,treatment,residual_likelihood,residual_impact,review_date\n\
         Stolen laptop,A laptop with source code is stolen,security,maya@acme.io,3,4,mitigate,2,4,2027-06-30\n\
         Cloud region outage,The AWS region hosting production fails,availability,ravi@acme.io,2,5,mitigate,2,4,2027-06-30\n\
         Key vendor fails,The payment provider stops trading,vendor,maya@acme.io,1,3,mitigate,1,3,2027-06-30\n",
    );
    s.write(
        "vendors.csv",
        "name,service,owner_email\nAmazon Web Services,Cloud hosting,ravi@acme.io\nGitHub,Source code hosting,ravi@acme.io\n",
    );
    s.write("items.csv", "ref,status,owner_email,due_date,na_reason\nAC-01,in_progress,maya@acme.io,2027-02-15,\n");
    s.write("dc3.md", "The Acme platform is a web application and a Postgres database on AWS, run by four people.\n");
}

/// Everything a consultant sets up on day one; every step is safe to run again.
fn setup(s: &Script) {
    s.ok(&["org", "set", "@", "--product", "a web analytics service", "--locations", "Remote (Austin, TX)"]);
    s.ok(&["org", "set", "@", "--auditor", "Example & Partners LLP", "--target-date", "2027-03-31"]);
    s.ok(&[
        "scope",
        "set",
        "@",
        "--categories",
        "availability",
        "--as-of",
        "2027-03-31",
        "--system-name",
        "Acme platform",
    ]);
    s.ok(&[
        "people",
        "add",
        "@",
        "--name",
        "Maya Chen",
        "--email",
        "maya@acme.io",
        "--title",
        "CEO",
        "--start",
        "2023-01-09",
    ]);
    s.ok(&[
        "people",
        "add",
        "@",
        "--name",
        "Ravi Patel",
        "--email",
        "ravi@acme.io",
        "--title",
        "CTO",
        "--department",
        "Engineering",
    ]);
    s.ok(&[
        "people",
        "add",
        "@",
        "--name",
        "Lena Ortiz",
        "--email",
        "lena@acme.io",
        "--title",
        "Operations",
        "--status",
        "active",
    ]);
    s.ok(&["people", "add", "@", "--name", "Sam Ito", "--email", "sam@acme.io", "--status", "contractor"]);
    s.ok(&["people", "roles", "@", "maya@acme.io", "--set", "security_owner,policy_approver,executive"]);
    s.ok(&["people", "roles", "@", "ravi@acme.io", "--add", "engineering_lead,system_owner,access_reviewer"]);
    s.ok(&["people", "roles", "@", "lena@acme.io", "--add", "hr_owner"]);
    s.ok(&[
        "systems",
        "add",
        "@",
        "--name",
        "GitHub",
        "--kind",
        "saas",
        "--owner",
        "ravi@acme.io",
        "--hosting",
        "GitHub",
        "--customer-data",
    ]);
    s.ok(&["systems", "import", "@", "--input", "%systems.csv"]);
    s.ok(&["description", "set", "@", "DC3", "--input", "%dc3.md"]);
    s.ok(&["items", "import", "@", "--input", "%items.csv"]);
    s.ok(&["vendors", "import", "@", "--input", "%vendors.csv"]);
    s.ok(&["risks", "import", "@", "--input", "%risks.csv"]);
    s.ok(&[
        "risks",
        "accept",
        "@",
        "--title",
        "cloud  region outage",
        "--by",
        "maya@acme.io",
        "--date",
        "2027-01-15",
        "--reason",
        "A second region costs more than a day's outage; backups restore in hours",
    ]);
    s.ok(&["risks", "signoff", "@", "--by", "maya@acme.io", "--date", "2027-01-20"]);
    s.ok(&["policies", "approve", "@", "access-control", "--by", "maya@acme.io"]);
}

#[test]
fn a_new_workbook_reaches_a_verified_binder_with_only_the_cli() {
    let s = Script::new();
    files_for(&s);
    s.ok(&["new", "@", "--org", "Acme Analytics, Inc."]);

    // Before the roster and systems exist the policy cannot be approved, and says why.
    let err = s.refused(&["policies", "approve", "@", "access-control", "--by", "maya@acme.io"]);
    assert!(err.contains("Nobody on the roster"), "{err}");

    // 1. Organisation, scope, roster, roles, systems; also description, items, vendors,
    //    the risk register (one risk accepted, the register signed off), one policy.
    setup(&s);
    let org = s.json(&["org", "show", "@", "--json"]);
    assert_eq!(org["product"], "a web analytics service");
    assert_eq!(org["auditor_firm"], "Example & Partners LLP");
    assert_eq!(org["target_audit_date"], "2027-03-31");
    let people = s.json(&["people", "list", "@", "--json"]);
    let maya = people.as_array().unwrap().iter().find(|p| p["email"] == "maya@acme.io").unwrap();
    assert_eq!(maya["roles"], serde_json::json!(["security_owner", "policy_approver", "executive"]));
    let systems = s.json(&["systems", "list", "@", "--json"]);
    let printer = systems.as_array().unwrap().iter().find(|x| x["name"] == "Office printer").unwrap();
    assert_eq!(printer["in_scope"], false);
    let description = s.json(&["description", "show", "@", "--json"]);
    assert!(description[2]["body"].as_str().unwrap().starts_with("The Acme platform"));

    // 4. The policy was approved with every placeholder filled from what the CLI set.
    let policies = s.json(&["policies", "list", "@", "--json"]);
    let ac = policies.as_array().unwrap().iter().find(|p| p["id"] == "access-control").unwrap();
    assert_eq!(ac["status"], "approved", "{ac}");
    let text = s.ok(&["policies", "render", "@", "access-control"]);
    for filled in ["Acme Analytics, Inc.", "a web analytics service", "Maya Chen", "Ravi Patel", "Lena Ortiz", "GitHub"]
    {
        assert!(text.contains(filled), "the approved text names {filled}");
    }
    assert!(!text.contains("{{"), "no placeholder left:\n{text}");

    // 5. The accepted risk is no longer above appetite; the sign-off is recorded once.
    let risks = s.json(&["risks", "list", "@", "--json"]);
    assert_eq!(risks.as_array().unwrap().len(), 3);
    let outage = risks.as_array().unwrap().iter().find(|r| r["title"] == "Cloud region outage").unwrap();
    assert_eq!(outage["above_appetite"], false, "{outage}");

    // Running the whole setup again duplicates nothing and records nothing twice.
    let log_before = s.count(&["log", "@", "--limit", "100000", "--json"]);
    setup(&s);
    assert_eq!(s.count(&["people", "list", "@", "--json"]), 4);
    assert_eq!(s.count(&["systems", "list", "@", "--json"]), 4);
    assert_eq!(s.count(&["risks", "list", "@", "--json"]), 3);
    assert_eq!(s.count(&["vendors", "list", "@", "--json"]), 2);
    assert_eq!(s.count(&["log", "@", "--limit", "100000", "--json"]), log_before, "the second run changed nothing");

    // 2. An access review of GitHub, every account decided, signed off.
    s.write(
        "github.csv",
        "login,name,email,role,2fa_enabled,saml_name_id,last_active\n\
         mchen,Maya Chen,maya@acme.io,owner,true,maya@acme.io,2027-01-08\n\
         rpatel,Ravi Patel,ravi@acme.io,member,true,ravi@acme.io,2027-01-09\n\
         acme-ci,,,member,false,,2027-01-09\n",
    );
    s.ok(&["access", "new", "@", "--system", "github", "--reviewer", "ravi@acme.io", "--as-of", "2027-01-10"]);
    let campaigns = s.json(&["access", "campaigns", "@", "--json"]);
    let campaign = campaigns[0]["id"].as_str().unwrap().to_owned();
    s.ok(&["access", "import", "@", "--campaign", &campaign, "--input", "%github.csv", "--preset", "github"]);
    s.ok(&["access", "label", "@", "--campaign", &campaign, "--account", "acme-ci", "--label", "service"]);
    s.ok(&[
        "access",
        "decide",
        "@",
        "--campaign",
        &campaign,
        "--decision",
        "keep",
        "--undecided",
        "--reason",
        "Needed for their work",
    ]);
    s.ok(&["access", "signoff", "@", "--campaign", &campaign, "--date", "2027-01-14"]);
    let campaigns = s.json(&["access", "campaigns", "@", "--json"]);
    assert_eq!(campaigns[0]["status"], "signed_off", "{campaigns}");

    // 3. One item ready, with evidence.
    s.write("mfa.csv", "user,mfa\nmaya@acme.io,on\nravi@acme.io,on\n");
    s.ok(&["evidence", "add", "@", "AC-01", "%mfa.csv", "--description", "MFA status of every GitHub user"]);
    s.ok(&["items", "set", "@", "AC-01", "--status", "ready"]);
    let items = s.json(&["items", "list", "@", "--json"]);
    let ac01 = items.as_array().unwrap().iter().find(|i| i["ref"] == "AC-01" || i["reference"] == "AC-01").unwrap();
    assert_eq!(ac01["status"], "ready");
    assert_eq!(ac01["evidence_count"], 1);

    // 7. The binder, verified against the workbook it came from.
    s.ok(&["binder", "export", "@", "--output", "%binder.pdf", "--generated-at", "2027-01-21T09:00:00Z"]);
    let verified = s.ok(&["binder", "verify", "%binder.pdf", "--workbook", "@"]);
    assert!(!verified.is_empty());
    s.ok(&["verify", "@"]);
}

#[test]
fn bad_input_is_refused_with_exit_2_naming_what_is_valid() {
    let s = Script::new();
    s.ok(&["new", "@", "--org", "Acme Analytics, Inc."]);
    s.ok(&["people", "add", "@", "--name", "Maya Chen", "--email", "maya@acme.io"]);

    let err = s.refused(&["people", "roles", "@", "maya@acme.io", "--add", "security_owner,boss"]);
    assert!(
        err.contains("security_owner") && err.contains("policy_approver") && err.contains("privacy_owner"),
        "{err}"
    );
    let err = s.refused(&["systems", "add", "@", "--name", "AWS", "--kind", "cloud"]);
    assert!(err.contains("infrastructure") && err.contains("data_store") && err.contains("saas"), "{err}");
    let err = s.refused(&["systems", "add", "@", "--name", "AWS", "--kind", "saas", "--classification", "secret"]);
    assert!(err.contains("public") && err.contains("restricted"), "{err}");
    let err = s.refused(&["people", "add", "@", "--name", "Sam", "--email", "sam@acme.io", "--status", "gone"]);
    assert!(err.contains("on_leave") && err.contains("contractor"), "{err}");

    // Emails not on the roster.
    for args in [
        &["people", "roles", "@", "nobody@acme.io", "--add", "executive"][..],
        &["people", "set", "@", "nobody@acme.io", "--title", "CFO"],
        &["people", "remove", "@", "nobody@acme.io"],
        &["systems", "add", "@", "--name", "AWS", "--kind", "saas", "--owner", "nobody@acme.io"],
        &["risks", "signoff", "@", "--by", "nobody@acme.io", "--date", "2027-01-20"],
    ] {
        let err = s.refused(args);
        assert!(err.contains("nobody@acme.io"), "{err}");
    }
    assert_eq!(s.count(&["systems", "list", "@", "--json"]), 0, "nothing was added by a refused command");

    // Names that differ only in case or spacing are one system.
    s.ok(&["systems", "add", "@", "--name", "AWS Console", "--kind", "infrastructure"]);
    s.ok(&["systems", "add", "@", "--name", "AWS Console", "--kind", "infrastructure"]);
    for dup in ["aws console", "AWS   Console", "AWSConsole"] {
        let err = s.refused(&["systems", "add", "@", "--name", dup, "--kind", "saas"]);
        assert!(err.contains("already has a system called AWS Console"), "{err}");
    }
    assert_eq!(s.count(&["systems", "list", "@", "--json"]), 1);

    // The same email with other details is not a second person either.
    let err = s.refused(&["people", "add", "@", "--name", "Maya Chen", "--email", "MAYA@acme.io", "--title", "CEO"]);
    assert!(err.contains("people set"), "{err}");

    s.write("body.md", "Hello");
    let err = s.refused(&["description", "set", "@", "DC10", "--input", "%body.md"]);
    assert!(err.contains("DC1, DC2, DC3, DC4, DC5, DC6, DC7, DC8, DC9"), "{err}");
    s.ok(&["description", "set", "@", "dc9", "--input", "%body.md"]);

    // A systems file with problems imports nothing and names each bad line.
    s.write(
        "systems.csv",
        "name,kind,owner_email,classification\nSlack,saas,,\nJira,tickets,,\nNotion,saas,nobody@acme.io,\nslack,saas,,secret\n",
    );
    let err = s.refused(&["systems", "import", "@", "--input", "%systems.csv"]);
    for needle in ["line 3", "line 4", "line 5", "tickets", "nobody@acme.io", "already on line 2", "secret"] {
        assert!(err.contains(needle), "{needle} in {err}");
    }
    assert_eq!(s.count(&["systems", "list", "@", "--json"]), 1, "all or nothing");
    let preview = s.ok(&["systems", "import", "@", "--input", "%systems.csv", "--dry-run"]);
    assert!(preview.contains("1 to add") && preview.contains("3 with problems"), "{preview}");

    // Items: unknown references and statuses are line problems too.
    s.write("items.csv", "ref,status\nAC-01,ready\nZZ-99,ready\nAC-02,finished\n");
    let err = s.refused(&["items", "import", "@", "--input", "%items.csv"]);
    assert!(err.contains("ZZ-99") && err.contains("not_applicable"), "{err}");

    // Removing with --dry-run checks but keeps; the real removal then works.
    s.ok(&["people", "remove", "@", "maya@acme.io", "--dry-run"]);
    assert_eq!(s.count(&["people", "list", "@", "--json"]), 1);
    s.ok(&["people", "remove", "@", "maya@acme.io"]);
    assert_eq!(s.count(&["people", "list", "@", "--json"]), 0);
    s.ok(&["verify", "@"]);
}

#[test]
fn completions_load_in_bash_and_man_pages_cover_every_command() {
    let bin = Path::new(env!("CARGO_BIN_EXE_readiness"));
    let dir = bin.parent().unwrap();
    let path = format!("{}:{}", dir.display(), std::env::var("PATH").unwrap_or_default());
    let o = Command::new("bash")
        .args(["-c", "source <(readiness completions bash) && complete -p readiness"])
        .env("PATH", &path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("readiness"), "{}", String::from_utf8_lossy(&o.stdout));
    for shell in ["zsh", "fish"] {
        let o = Command::new(bin).args(["completions", shell]).output().unwrap();
        assert!(o.status.success() && o.stdout.len() > 1000, "{shell}");
    }

    let out = tempfile::tempdir().unwrap();
    let o = Command::new(bin).args(["man", "--out-dir"]).arg(out.path()).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for page in ["readiness.1", "readiness-people-roles.1", "readiness-systems-import.1", "readiness-org-set.1"] {
        let text = std::fs::read_to_string(out.path().join(page)).unwrap_or_default();
        assert!(text.contains(".TH"), "{page} is a man page");
    }
    let roles = std::fs::read_to_string(out.path().join("readiness-people-roles.1")).unwrap();
    assert!(roles.contains("readiness people roles acme.soc2wb"), "the example is in the page");
    assert!(!out.path().join("readiness-bench-binder.1").exists(), "hidden commands get no page");
}
