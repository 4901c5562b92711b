//! The help every subcommand shares: one meaning for arguments that recur across verbs
//! (`FILE`, `--json`, `--dry-run`, `--campaign`...), and one example per subcommand,
//! printed at the end of its `--help` and in its man page.
//!
//! Both fill only what a command leaves unset: a verb that writes its own help or
//! `after_help` keeps it. The tests below walk the whole tree and fail on any
//! visible argument without help or subcommand without an example, so a new verb either
//! brings its own or gets a line in [`EXAMPLES`].

use clap::{Arg, Command, CommandFactory};
use readiness_core::access::{AccountLabel, Flag};

/// One example per visible subcommand, by its path under `readiness` ("" is the root).
/// Keep one line per command, in the order `readiness --help` lists them.
const EXAMPLES: &[(&str, &str)] = &[
    ("", "readiness new acme.soc2wb --org \"Acme Analytics, Inc.\""),
    ("new", "readiness new acme.soc2wb --org \"Acme Analytics, Inc.\""),
    ("demo", "readiness demo parcelwise.soc2wb"),
    ("info", "readiness info acme.soc2wb --json"),
    ("verify", "readiness verify acme.soc2wb"),
    ("log", "readiness log acme.soc2wb --limit 20"),
    ("copy", "readiness copy acme.soc2wb acme-backup.soc2wb"),
    ("criteria", "readiness criteria list acme.soc2wb --in-scope"),
    ("criteria list", "readiness criteria list acme.soc2wb --in-scope"),
    ("scope", "readiness scope set acme.soc2wb --categories availability --as-of 2027-03-31"),
    ("scope show", "readiness scope show acme.soc2wb"),
    ("scope set", "readiness scope set acme.soc2wb --categories availability --as-of 2027-03-31"),
    ("org", "readiness org set acme.soc2wb --product \"a web analytics service\""),
    ("org show", "readiness org show acme.soc2wb --json"),
    ("org set", "readiness org set acme.soc2wb --product \"a web analytics service\" --target-date 2027-03-31"),
    ("people", "readiness people add acme.soc2wb --name \"Maya Chen\" --email maya@acme.io"),
    ("people list", "readiness people list acme.soc2wb --json"),
    ("people import", "readiness people import acme.soc2wb hr-export.csv --apply"),
    ("people add", "readiness people add acme.soc2wb --name \"Maya Chen\" --email maya@acme.io --title CTO"),
    ("people set", "readiness people set acme.soc2wb maya@acme.io --status left --end 2027-01-31"),
    ("people remove", "readiness people remove acme.soc2wb typo@acme.io --dry-run"),
    ("people roles", "readiness people roles acme.soc2wb maya@acme.io --add security_owner,policy_approver"),
    ("systems", "readiness systems add acme.soc2wb --name AWS --kind infrastructure --owner maya@acme.io"),
    ("systems list", "readiness systems list acme.soc2wb --json"),
    (
        "systems add",
        "readiness systems add acme.soc2wb --name AWS --kind infrastructure --owner maya@acme.io --customer-data",
    ),
    ("systems set", "readiness systems set acme.soc2wb AWS --classification restricted"),
    ("systems remove", "readiness systems remove acme.soc2wb \"Old wiki\" --dry-run"),
    ("systems import", "readiness systems import acme.soc2wb --input systems.csv --dry-run"),
    ("description", "readiness description set acme.soc2wb DC3 --input components.md"),
    ("description show", "readiness description show acme.soc2wb"),
    ("description set", "readiness description set acme.soc2wb DC3 --input components.md"),
    ("items", "readiness items set acme.soc2wb AC-01 --status ready --owner maya@acme.io"),
    ("items list", "readiness items list acme.soc2wb --json"),
    ("items set", "readiness items set acme.soc2wb AC-01 --status ready --owner maya@acme.io --due 2027-01-31"),
    ("items import", "readiness items import acme.soc2wb --input items.csv --dry-run"),
    ("gaps", "readiness gaps acme.soc2wb"),
    ("plan", "readiness plan acme.soc2wb --json"),
    ("pbc", "readiness pbc acme.soc2wb requests.csv"),
    ("evidence", "readiness evidence add acme.soc2wb AC-01 mfa-export.csv"),
    ("evidence add", "readiness evidence add acme.soc2wb AC-01 mfa-export.csv --description \"MFA status of all users\""),
    ("evidence list", "readiness evidence list acme.soc2wb --json"),
    ("evidence export", "readiness evidence export acme.soc2wb E-0001 mfa-export.csv"),
    ("policies", "readiness policies approve acme.soc2wb access-control --by maya@acme.io"),
    ("policies list", "readiness policies list acme.soc2wb"),
    ("policies render", "readiness policies render acme.soc2wb access-control --format html"),
    ("policies edit", "readiness policies edit acme.soc2wb access-control --input access-control.md"),
    ("policies submit", "readiness policies submit acme.soc2wb access-control"),
    ("policies acknowledge", "readiness policies acknowledge acme.soc2wb acceptable-use --by ravi@acme.io"),
    ("policies acknowledgements", "readiness policies acknowledgements acme.soc2wb acceptable-use"),
    ("policies approve", "readiness policies approve acme.soc2wb access-control --by maya@acme.io"),
    ("vendors", "readiness vendors import acme.soc2wb --input vendors.csv --dry-run"),
    ("vendors list", "readiness vendors list acme.soc2wb"),
    ("vendors import", "readiness vendors import acme.soc2wb --input vendors.csv --dry-run"),
    ("vendors remove", "readiness vendors remove acme.soc2wb \"Old CRM\" --dry-run"),
    ("vendors export", "readiness vendors export acme.soc2wb --output vendors.csv"),
    ("binder", "readiness binder export acme.soc2wb --output binder.pdf"),
    ("binder export", "readiness binder export acme.soc2wb --output binder.pdf --redact-emails"),
    ("binder verify", "readiness binder verify binder.pdf --workbook acme.soc2wb"),
    ("binder seal", "readiness binder seal acme.soc2wb"),
    ("risks", "readiness risks import acme.soc2wb --input risks.csv --dry-run"),
    ("risks list", "readiness risks list acme.soc2wb --json"),
    ("risks import", "readiness risks import acme.soc2wb --input risks.csv --dry-run"),
    (
        "risks accept",
        "readiness risks accept acme.soc2wb --title \"Laptop theft\" --by maya@acme.io --date 2027-01-15 --reason \"Disks are encrypted\"",
    ),
    ("risks signoff", "readiness risks signoff acme.soc2wb --by maya@acme.io --date 2027-01-20"),
    ("risks remove", "readiness risks remove acme.soc2wb --title \"Duplicate entry\" --dry-run"),
    ("risks appetite", "readiness risks appetite acme.soc2wb 8"),
    ("risks scale", "readiness risks scale acme.soc2wb likelihood 5 --label \"Almost certain\" --meaning \"Expected within a month\""),
    ("risks export", "readiness risks export acme.soc2wb --output risks.csv"),
    ("access", "readiness access new acme.soc2wb --system GitHub --reviewer maya@acme.io"),
    ("access campaigns", "readiness access campaigns acme.soc2wb"),
    ("access new", "readiness access new acme.soc2wb --system GitHub --reviewer maya@acme.io --as-of 2027-01-10"),
    ("access import", "readiness access import acme.soc2wb --system GitHub --input members.csv --dry-run"),
    ("access accounts", "readiness access accounts acme.soc2wb --campaign 3f2a91c0 --undecided"),
    ("access decide", "readiness access decide acme.soc2wb --campaign 3f2a91c0 --decision keep --undecided"),
    ("access label", "readiness access label acme.soc2wb --campaign 3f2a91c0 --account ci-bot --label service"),
    ("access link", "readiness access link acme.soc2wb --campaign 3f2a91c0 --account dmitri.brown3 --person dmitri@acme.io"),
    (
        "access remediate",
        "readiness access remediate acme.soc2wb --campaign 3f2a91c0 --account dnovak --ticket IT-42 --done 2027-01-12",
    ),
    ("access signoff", "readiness access signoff acme.soc2wb --campaign 3f2a91c0 --date 2027-01-14"),
    ("access export", "readiness access export acme.soc2wb --campaign 3f2a91c0 --output review.csv"),
    ("bench", "readiness bench access-import --rows 100000"),
    ("bench access-import", "readiness bench access-import --rows 100000"),
    ("completions", "source <(readiness completions bash)"),
];

/// Help for arguments that mean the same wherever they appear, by argument id.
fn shared_help(id: &str) -> Option<String> {
    let words = |all: Vec<&str>| all.join(", ");
    Some(match id {
        "file" => "The workbook file (.soc2wb).".to_owned(),
        "json" => "Print JSON instead of text.".to_owned(),
        "dry_run" => "Show what would happen, line by line, without changing anything.".to_owned(),
        "input" => "The file to read.".to_owned(),
        "output" | "out" => "The file to write.".to_owned(),
        "dest" => "Where to save the copy; it must not exist yet.".to_owned(),
        "limit" => "How many entries to print.".to_owned(),
        "all" => "Include the items hidden because their category is out of scope.".to_owned(),
        "campaign" => "The access review: its id or the id's first characters (see `access campaigns`).".to_owned(),
        "account" | "accounts" => "The account, by its identity (login) or email.".to_owned(),
        "flag" => format!("Accounts with this flag: {}.", words(Flag::ALL.iter().map(|f| f.as_str()).collect())),
        "label" => format!("What the account is: {}.", words(AccountLabel::ALL.iter().map(|l| l.as_str()).collect())),
        "undecided" => "Only the accounts without a decision yet.".to_owned(),
        "reason" => "Why, in a sentence; kept in the workbook for the auditor.".to_owned(),
        "ticket" => "The ticket that tracks the change, e.g. IT-42.".to_owned(),
        "done" => "When the change was made, YYYY-MM-DD.".to_owned(),
        "date" => "The date, YYYY-MM-DD (default: today).".to_owned(),
        "due" => "When it is due, YYYY-MM-DD.".to_owned(),
        "note" => "A note kept with the sign-off.".to_owned(),
        "workbook" => "The workbook the binder came from: also check the binder against it.".to_owned(),
        "binder" => "The binder PDF to check.".to_owned(),
        "rows" => "How many rows to generate.".to_owned(),
        _ => return None,
    })
}

fn example(path: &str) -> Option<&'static str> {
    EXAMPLES.iter().find(|(p, _)| *p == path).map(|(_, e)| *e)
}

fn with_shared_help(arg: Arg) -> Arg {
    if arg.get_help().is_some() {
        return arg;
    }
    match shared_help(arg.get_id().as_str()) {
        Some(help) => arg.help(help),
        None => arg,
    }
}

fn decorate(mut cmd: Command, path: &str) -> Command {
    cmd = cmd.mut_args(with_shared_help);
    if cmd.get_after_help().is_none() {
        if let Some(e) = example(path) {
            cmd = cmd.after_help(format!("Example:\n  {e}"));
        }
    }
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_owned()).collect();
    for name in names {
        let sub_path = if path.is_empty() { name.clone() } else { format!("{path} {name}") };
        cmd = cmd.mut_subcommand(&name, |sub| decorate(sub, &sub_path));
    }
    cmd
}

/// The whole command tree, with the shared help and the examples filled in: what the
/// CLI parses with, and what completions and man pages are generated from.
pub fn command() -> Command {
    decorate(crate::Cli::command(), "")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every visible subcommand below `cmd`, with its path ("" for the root).
    fn visible(cmd: &Command, path: &str, out: &mut Vec<(String, Command)>) {
        out.push((path.to_owned(), cmd.clone()));
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set() && s.get_name() != "help") {
            let sub_path =
                if path.is_empty() { sub.get_name().to_owned() } else { format!("{path} {}", sub.get_name()) };
            visible(sub, &sub_path, out);
        }
    }

    fn all_visible() -> Vec<(String, Command)> {
        let mut cmd = command();
        cmd.build();
        let mut out = Vec::new();
        visible(&cmd, "", &mut out);
        out
    }

    #[test]
    fn every_visible_argument_has_help_text() {
        let mut missing = Vec::new();
        for (path, cmd) in all_visible() {
            for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("readiness {path} <{}>", arg.get_id()));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "arguments without help (add a doc comment or a shared_help line):\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn every_subcommand_help_ends_with_one_example_of_itself() {
        let mut problems = Vec::new();
        for (path, mut cmd) in all_visible() {
            let help = cmd.render_long_help().to_string();
            let lines: Vec<&str> = help.trim_end().lines().collect();
            let ok = match lines.as_slice() {
                [.., heading, example] => {
                    heading.trim() == "Example:" && example.contains(format!("readiness {path}").trim_end())
                }
                _ => false,
            };
            if !ok {
                problems.push(format!("readiness {path}"));
            }
        }
        assert!(
            problems.is_empty(),
            "subcommands whose --help does not end with an example (add one to EXAMPLES):\n{}",
            problems.join("\n")
        );
    }

    #[test]
    fn the_examples_table_names_only_real_commands() {
        let paths: Vec<String> = all_visible().into_iter().map(|(p, _)| p).collect();
        for (path, _) in EXAMPLES {
            assert!(paths.iter().any(|p| p == path), "EXAMPLES has {path:?}, which is not a visible command");
        }
    }
}
