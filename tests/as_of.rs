//! Everything judged as of the audit date, through the CLI a consultant uses: the demo's
//! subservice reports that need bridge letters, the evidence that will be stale on the
//! as-of date (recomputed here from `items list` and `evidence list`, independently of
//! the rule's own code), quarterly access reviews, policy reviews, and the plan's
//! schedule; then the same workbook with the as-of date moved, removed and in the past.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{Months, NaiveDate};
use readiness_core::demo;
use serde_json::Value;

const PASS: &str = demo::DEMO_PASSPHRASE;

fn cli(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_readiness"))
        .args(args)
        .env("READINESS_PASSPHRASE", PASS)
        .env("READINESS_ACTOR", "as-of-test")
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&cli(args)).unwrap()
}

fn make_demo(dir: &Path) -> PathBuf {
    let file = dir.join("demo.soc2wb");
    cli(&["demo", file.to_str().unwrap()]);
    file
}

fn date(v: &Value) -> NaiveDate {
    NaiveDate::parse_from_str(v.as_str().unwrap(), "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn subjects(gaps: &Value, kind: &str) -> BTreeSet<String> {
    gaps["gaps"]["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["kind"] == kind)
        .map(|g| g["subject"].as_str().unwrap().to_owned())
        .collect()
}

/// The items whose newest evidence is too old on `as_of`, worked out from the two lists
/// a user can print: evidence of a monthly or continuous control stays current for one
/// month after it is collected, quarterly three, annual twelve, one-off for ever.
fn stale_from_lists(f: &str, as_of: NaiveDate) -> BTreeSet<String> {
    let mut newest: HashMap<String, NaiveDate> = HashMap::new();
    for e in json(&["evidence", "list", f, "--json"]).as_array().unwrap() {
        let collected = date(&e["collected_at"]);
        for item in e["item_ids"].as_array().unwrap() {
            let n = newest.entry(item.as_str().unwrap().to_owned()).or_insert(collected);
            *n = (*n).max(collected);
        }
    }
    let mut stale = BTreeSet::new();
    for i in json(&["items", "list", f, "--json"]).as_array().unwrap() {
        if i["status"] == "not_applicable" {
            continue;
        }
        let Some(collected) = newest.get(i["id"].as_str().unwrap()) else { continue };
        let months = match i["frequency"].as_str().unwrap() {
            "monthly" | "continuous" => 1,
            "quarterly" => 3,
            "annual" => 12,
            _ => continue,
        };
        if collected.checked_add_months(Months::new(months)).unwrap() < as_of {
            stale.insert(i["ref"].as_str().unwrap().to_owned());
        }
    }
    stale
}

#[test]
fn the_demo_is_judged_as_of_its_audit_date() {
    let dir = tempfile::tempdir().unwrap();
    let file = make_demo(dir.path());
    let f = file.to_str().unwrap();
    let as_of = NaiveDate::from_ymd_opt(2027, 3, 31).unwrap();
    if today() >= as_of {
        // The demo's as-of date is fixed; once it has passed the demo is a record.
        return;
    }

    // Subservice and critical vendors whose reports end months before the as-of date.
    let vendors = json(&["vendors", "list", f, "--json"]);
    let bridged: BTreeSet<&str> = vendors
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["flags"].as_array().unwrap().iter().any(|fl| fl == "bridge_letter_needed"))
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    for name in ["Amazon Web Services", "Google Workspace", "Stripe"] {
        assert!(bridged.contains(name), "{name} needs a bridge letter: {bridged:?}");
    }
    for v in vendors.as_array().unwrap() {
        let flags = v["flags"].as_array().unwrap();
        assert!(
            !(flags.iter().any(|f| f == "bridge_letter_needed") && flags.iter().any(|f| f == "report_expired")),
            "an expired report is not bridged: {}",
            v["name"]
        );
        if v["name"] == "Datadog" {
            assert!(flags.iter().any(|f| f == "report_expired"), "period ended June 2025: {flags:?}");
        }
    }

    let gaps = json(&["gaps", f, "--json"]);
    assert_eq!(gaps["readiness"]["yardstick"]["date"], "2027-03-31");
    assert_eq!(gaps["readiness"]["yardstick"]["basis"], "as_of_date");
    let bridge_gaps = subjects(&gaps, "bridge_letter_needed");
    assert_eq!(bridge_gaps, bridged.iter().map(|s| (*s).to_owned()).collect(), "one gap per vendor flagged");

    // Stale evidence: exactly the items the lists say.
    let stale = subjects(&gaps, "evidence_stale");
    assert!(!stale.is_empty(), "the demo's recurring controls need fresh evidence by March");
    assert_eq!(stale, stale_from_lists(f, as_of));

    // The readiness rule counts stale evidence only with a fresh collection planned in
    // its window: an item ready with stale evidence and no such plan is not done.
    let items = json(&["items", "list", f, "--json"]);
    let by_ref: HashMap<&str, &Value> =
        items.as_array().unwrap().iter().map(|i| (i["ref"].as_str().unwrap(), i)).collect();
    let mut planned = 0;
    let mut unplanned = 0;
    for c in gaps["readiness"]["criteria"].as_array().unwrap() {
        for k in c["key_items"].as_array().unwrap().iter().filter(|k| stale.contains(k["ref"].as_str().unwrap())) {
            let item = by_ref[k["ref"].as_str().unwrap()];
            let state = &item["evidence_state"];
            assert_eq!(state["state"], "stale");
            let due = item["due_date"].as_str().map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
            let in_window = due.is_some_and(|d| d >= date(&state["from"]) && d <= date(&state["by"]) && d >= today());
            let ready = k["status"] == "ready";
            assert_eq!(k["done"].as_bool().unwrap(), ready && in_window, "{}: {item}", k["ref"]);
            if ready && in_window {
                planned += 1;
            } else if ready {
                unplanned += 1;
            }
        }
    }
    assert!(planned > 0 && unplanned > 0, "the demo plans most fresh collections, not all: {planned} / {unplanned}");

    // Quarterly access reviews: every in-scope system but the laptops needs one signed off
    // within 90 days before 31 March 2027; the demo's reviews are from this autumn.
    let due = subjects(&gaps, "access_review_due");
    let systems = json(&["systems", "list", f, "--json"]);
    let expected: BTreeSet<String> = systems
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["in_scope"] == true && s["kind"] != "endpoints")
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(due, expected);

    // The plan schedules each of them inside its window, with an owner.
    let plan = json(&["plan", f, "--json"]);
    let schedule = plan["schedule"].as_array().unwrap();
    let of_kind = |kind: &str| -> BTreeSet<String> {
        schedule.iter().filter(|t| t["kind"] == kind).map(|t| t["subject"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(of_kind("collect_evidence"), stale);
    assert_eq!(of_kind("access_review"), expected);
    assert_eq!(of_kind("bridge_letter"), bridge_gaps);
    for t in schedule {
        let (from, by) = (date(&t["from"]), date(&t["by"]));
        assert!(from <= by && by <= as_of && from >= today(), "{t}");
        assert!(!t["owner"].as_str().unwrap().is_empty());
    }
    let monthly = schedule
        .iter()
        .find(|t| t["kind"] == "collect_evidence" && by_ref[t["subject"].as_str().unwrap()]["frequency"] == "monthly");
    if let Some(t) = monthly {
        assert_eq!(t["from"], "2027-03-01", "a monthly control's window opens a month before: {t}");
        assert!(t["message"].as_str().unwrap().contains("between 1 and 31 March 2027"), "{t}");
    }
    let text = cli(&["plan", f]);
    assert!(text.contains("Judged as of 31 March 2027"), "{text}");
    assert!(text.contains("Scheduled before the as-of date"), "{text}");

    // The demo's policies are reviewed yearly: due before March are those approved more
    // than a year before it (the data retention policy, approved in October 2025).
    let due_policies: BTreeSet<String> = json(&["policies", "list", f, "--json"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["status"] == "approved")
        .filter(|p| date(&p["approved_at"]).checked_add_months(Months::new(12)).unwrap() <= as_of)
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(subjects(&gaps, "policy_review_due"), due_policies);
    assert!(due_policies.contains("data-retention"), "{due_policies:?}");
}

#[test]
fn moving_the_as_of_date_moves_every_judgement() {
    let dir = tempfile::tempdir().unwrap();
    let file = make_demo(dir.path());
    let f = file.to_str().unwrap();

    // An as-of date two weeks out: last month's evidence is still current for quarterly
    // controls, and a report that ended in September needs no bridge letter yet.
    let soon = today() + chrono::Duration::days(14);
    cli(&["scope", "set", f, "--as-of", &soon.to_string()]);
    let gaps = json(&["gaps", f, "--json"]);
    assert_eq!(date(&gaps["readiness"]["yardstick"]["date"]), soon);
    let near = subjects(&gaps, "evidence_stale");
    assert_eq!(near, stale_from_lists(f, soon));
    let later_date = soon + chrono::Duration::days(120);
    cli(&["scope", "set", f, "--as-of", &later_date.to_string()]);
    let later = subjects(&json(&["gaps", f, "--json"]), "evidence_stale");
    assert_eq!(later, stale_from_lists(f, later_date));
    assert!(near.len() < later.len() && near.is_subset(&later), "{near:?} {later:?}");

    // Two years out, every approved policy's yearly review falls due before it, and the
    // reports have all expired.
    cli(&["scope", "set", f, "--as-of", "2029-01-31"]);
    let gaps = json(&["gaps", f, "--json"]);
    let policies = json(&["policies", "list", f, "--json"]);
    let approved: BTreeSet<String> = policies
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["status"] == "approved")
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(!approved.is_empty());
    assert_eq!(subjects(&gaps, "policy_review_due"), approved);
    assert!(subjects(&gaps, "bridge_letter_needed").is_empty(), "expired, not bridgeable");

    // An as-of date in the past: judged against it, and the plan is a record.
    cli(&["scope", "set", f, "--as-of", "2026-06-30"]);
    let plan = json(&["plan", f, "--json"]);
    assert!(plan["schedule"].as_array().unwrap().is_empty(), "nothing is scheduled in the past");
    assert!(plan["yardstick"]["sentence"].as_str().unwrap().contains("has passed"));
    assert_eq!(plan["yardstick"]["date"], "2026-06-30");
}

#[test]
fn without_an_as_of_date_everything_is_judged_against_today_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let file = make_demo(dir.path());
    let f = file.to_str().unwrap();
    cli(&["scope", "set", f, "--no-as-of"]);
    let gaps = json(&["gaps", f, "--json"]);
    assert_eq!(gaps["readiness"]["yardstick"]["basis"], "today");
    assert_eq!(date(&gaps["readiness"]["yardstick"]["date"]), today());
    assert_eq!(subjects(&gaps, "evidence_stale"), stale_from_lists(f, today()));
    for out in [cli(&["gaps", f]), cli(&["info", f]), cli(&["plan", f])] {
        assert!(out.contains("no as-of date is set in Scope"), "{out}");
    }
    let plan = json(&["plan", f, "--json"]);
    assert!(plan["schedule"].as_array().unwrap().is_empty());
}
