//! Access reviews (CC6.2, CC6.3): per campaign, who reviewed which system as of when,
//! the sign-off, counts by decision and by flag, every flagged account with the
//! reviewer's decision and reason, other removals, and the remediation that followed.
//! A long review (see `AccountLists`) prints its decisions to revoke or change and its
//! first flagged accounts, and its whole list goes with the binder as a CSV file.

use super::{date, opt_date, Ctx, DataFile, DATA_PREFIX};
use crate::access::report::{campaigns_report, CampaignReport, Summarize};
use crate::access::{AccountRow, CampaignStatus};
use crate::binder::doc::{Block, Column, Section, Table};
use crate::binder::BinderError;

fn account_rows(rows: &[AccountRow]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|a| {
            let who = match (&a.person_name, a.display_name.is_empty()) {
                (Some(p), _) => format!(
                    "{}\n{p}{}{}",
                    a.identity,
                    if a.person_removed { " (removed from the roster)" } else { "" },
                    if a.match_note.is_empty() { String::new() } else { format!("\n{}", a.match_note) }
                ),
                (None, false) => format!("{}\n{} (no matching person)", a.identity, a.display_name),
                (None, true) => format!("{}\nno matching person", a.identity),
            };
            let flags: Vec<String> = a.flags.iter().map(|f| f.message.clone()).collect();
            let decision = match a.decision {
                Some(d) => {
                    let mut s = d.label().to_owned();
                    if !a.reason.is_empty() {
                        s.push_str(&format!(": {}", a.reason));
                    }
                    if let Some(on) = a.decided_on {
                        s.push_str(&format!("\n{} {}", a.decided_by, date(on)));
                    }
                    s
                }
                None => "Not decided".to_owned(),
            };
            vec![who, if a.roles.is_empty() { "—".to_owned() } else { a.roles.clone() }, flags.join("\n"), decision]
        })
        .collect()
}

/// Where the whole list of a summarised review is, in a sentence.
struct DataFileNote {
    reference: String,
    file_name: String,
}

fn campaign(s: &mut Section, c: &CampaignReport, data: Option<&DataFileNote>) {
    s.push(Block::Heading {
        level: 2,
        text: format!("{} as of {}", c.system, date(c.as_of)),
        bookmark: true,
        contents: true,
    });
    let signed = match (&c.signed_off_by, c.signed_off_on) {
        (Some(by), Some(on)) => format!("{by}, {}", date(on)),
        _ => "Not signed off yet".to_owned(),
    };
    s.push(Block::fields(&[
        ("Reviewer", c.reviewer.clone().unwrap_or_else(|| "—".to_owned())),
        ("Status", c.status.label().to_owned()),
        ("Signed off", signed),
        ("Due", opt_date(c.due)),
        (
            "Account list",
            format!("{}{}", c.source_file, c.preset.as_ref().map(|p| format!(" ({p})")).unwrap_or_default()),
        ),
        ("Accounts", c.counts.accounts.to_string()),
        (
            "Decisions",
            format!(
                "{} keep, {} revoke, {} change, {} not decided",
                c.counts.keep, c.counts.revoke, c.counts.change, c.counts.undecided
            ),
        ),
        (
            "Flags",
            c.counts
                .by_flag
                .iter()
                .filter(|f| f.count > 0)
                .filter_map(|f| f.flag.map(|flag| format!("{}: {}", flag.label(), f.count)))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (
            "Remediation",
            format!(
                "{} {}, {} still open",
                c.counts.remediation_total,
                if c.counts.remediation_total == 1 { "task" } else { "tasks" },
                c.counts.remediation_open
            ),
        ),
        ("No sign-in limit", format!("{} days before the as-of date", c.stale_days)),
    ]));
    if !c.sign_off_note.is_empty() {
        s.push(Block::muted(format!("Sign-off note: {}", c.sign_off_note)));
    }
    if c.status != CampaignStatus::SignedOff {
        s.push(Block::warning("This review is not signed off: decisions may still change."));
    }
    let columns = || {
        vec![
            Column::new("Account", 1.6).lead(),
            Column::new("Role or groups", 1.1),
            Column::new("Why it was flagged", 2.4),
            Column::new("Decision", 2.0),
        ]
    };
    if let (true, Some(d)) = (c.summarized, data) {
        s.push(Block::text(format!(
            "This review lists {} accounts. The pages below show every account to revoke or change and the first {}              of the {} flagged accounts; the complete list, with each account's flags, decision, reason and how it              was matched to a person, is attached to this binder as {} \u{201c}{}\u{201d} (open your viewer's              attachments panel; its SHA-256 is in the evidence index and the manifest).",
            c.counts.accounts,
            c.flagged.len(),
            c.counts.flagged,
            d.reference,
            d.file_name
        )));
        s.push(Block::h3("Accounts to revoke or change"));
        s.push(Block::Table(Table {
            columns: columns(),
            rows: account_rows(&c.other_actions),
            empty: "The reviewer decided to keep every account.".to_owned(),
        }));
        s.push(Block::h3(format!("Flagged accounts: the first {} of {}", c.flagged.len(), c.counts.flagged)));
        s.push(Block::Table(Table {
            columns: columns(),
            rows: account_rows(&c.flagged),
            empty: "No account was flagged.".to_owned(),
        }));
        let more = c.counts.flagged.saturating_sub(c.flagged.len() as u32);
        if more > 0 {
            s.push(Block::muted(format!(
                "{more} more flagged accounts are in {} \u{201c}{}\u{201d}, attached to this binder.",
                d.reference, d.file_name
            )));
        }
    } else {
        s.push(Block::h3("Flagged accounts"));
        s.push(Block::Table(Table {
            columns: columns(),
            rows: account_rows(&c.flagged),
            empty: "No account was flagged.".to_owned(),
        }));
        if !c.other_actions.is_empty() {
            s.push(Block::h3("Other accounts removed or changed"));
            s.push(Block::Table(Table {
                columns: columns(),
                rows: account_rows(&c.other_actions),
                empty: String::new(),
            }));
        }
    }
    s.push(Block::h3("Remediation"));
    s.push(Block::Table(Table {
        columns: vec![
            Column::new("Account", 1.5).lead(),
            Column::new("Action", 1.0),
            Column::new("What", 2.2),
            Column::new("Ticket", 1.0),
            Column::new("Done", 1.0),
        ],
        rows: c
            .remediation
            .iter()
            .map(|t| {
                vec![
                    format!("{}\n{}", t.identity, t.display_name),
                    t.action.label().to_owned(),
                    t.detail.clone(),
                    if t.ticket.is_empty() { "—".to_owned() } else { t.ticket.clone() },
                    t.completed_on.map(date).unwrap_or_else(|| "Open".to_owned()),
                ]
            })
            .collect(),
        empty: "No access had to be removed or changed.".to_owned(),
    }));
}

pub fn build(ctx: &mut Ctx<'_>, s: &mut Section) -> Result<(), BinderError> {
    let lists = ctx.account_lists;
    let summarize = (!lists.full).then_some(Summarize { above: lists.threshold, flagged: lists.flagged_limit });
    let campaigns = campaigns_report(ctx.wb.conn(), summarize)?;
    let signed = campaigns.iter().filter(|c| c.status == CampaignStatus::SignedOff).count();
    s.push(Block::text(format!(
        "{} access reviews, {signed} signed off. Each reviews one system's accounts from an export of that system, \
         matched against the people roster. Accounts are flagged when the person has left, no person matches, MFA \
         is off, there has been no sign-in for longer than the limit, the role is privileged, or the account is \
         shared or a root account. Only flagged accounts and removals are listed here; the full reviewed list is in \
         the workbook and can be exported as CSV, and for reviews of more than {} accounts it is attached to this \
         binder.",
        campaigns.len(),
        lists.threshold
    )));
    s.push(Block::Table(Table {
        columns: vec![
            Column::new("System", 1.4),
            Column::new("As of", 1.0),
            Column::new("Reviewer", 1.2),
            Column::new("Status", 0.9),
            Column::new("Accounts", 0.8).right(),
            Column::new("Flagged", 0.8).right(),
            Column::new("Revoked or changed", 1.0).right(),
        ],
        rows: campaigns
            .iter()
            .map(|c| {
                vec![
                    c.system.clone(),
                    date(c.as_of),
                    c.reviewer.clone().unwrap_or_else(|| "—".to_owned()),
                    c.status.label().to_owned(),
                    c.counts.accounts.to_string(),
                    c.counts.flagged.to_string(),
                    (c.counts.revoke + c.counts.change).to_string(),
                ]
            })
            .collect(),
        empty: "No access reviews yet.".to_owned(),
    }));
    for c in &campaigns {
        let data = if c.summarized {
            let reference = format!("{DATA_PREFIX}{}", ctx.data_files.len() + 1);
            let file_name = format!("access-review-{}-{}.csv", file_stem(&c.system), c.as_of);
            let bytes = crate::access::export::export_csv(ctx.wb.conn(), &c.id)?;
            let sha256 = crate::hashing::sha256_hex(&bytes);
            ctx.data_files.push(DataFile {
                reference: reference.clone(),
                file_name: file_name.clone(),
                description: format!("Every account of the {} access review as of {}", c.system, date(c.as_of)),
                bytes,
                sha256,
            });
            Some(DataFileNote { reference, file_name })
        } else {
            None
        };
        campaign(s, c, data.as_ref());
    }
    Ok(())
}

/// A system's name made safe for a file name: letters and digits, the rest as dashes.
fn file_stem(system: &str) -> String {
    let stem: String = system
        .chars()
        .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() {
        "system".to_owned()
    } else {
        stem
    }
}
