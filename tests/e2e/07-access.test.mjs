// End-to-end: user access reviews in the real window. The demo's reviews are listed;
// a new Zendesk review imports an agent export through the native file dialog, shows
// the flags (a leaver still active, no MFA, a stale login, a shared inbox), takes a
// bulk decision, and is signed off, after which it no longer changes.

import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chooseFile, demoCli, DEMO, demoSession } from "./harness.mjs";

const EXPORT = fileURLToPath(new URL("./fixtures/zendesk-agents.csv", import.meta.url));
const AWS_Q4 = fileURLToPath(new URL("./fixtures/aws-credential-report-2026-12.csv", import.meta.url));
const AWS_Q1 = fileURLToPath(new URL("./fixtures/aws-credential-report-2027-03.csv", import.meta.url));
// A short pause before each screenshot: under load the window may not have painted the last DOM change yet.
const { s, setValue, shot, click } = demoSession({ settleMs: 400 });

test("the demo's reviews are listed, and the one in progress shows its flags", async () => {
  await click('[data-testid="nav-access_reviews"]');
  const table = await s.waitContent('[data-testid="reviews-table"]', (t) => t.includes("Google Workspace"));
  assert.match(table, /Signed off/);
  assert.match(table, /Overdue/);
  await shot("70-access-reviews");
  await click('[data-testid="review-Google Workspace"] button');
  await s.waitContent('[data-testid="account-grid"]', (t) => t.includes("daniel@parcelwise.io") && t.includes("Leaver still active"));
  await click('[data-testid="account-daniel@parcelwise.io"] button');
  await s.waitContent('[data-testid="account-flags"]', (t) => t.includes("Daniel Novak left the company on 2026-08-29"));
  await shot("71-access-review-grid");
  await click('[data-testid="campaign-view"] .back');
});

test("a new review imports an export through the file chooser, decides in bulk and is signed off", async () => {
  await click('[data-testid="new-review"]');
  await s.find('[data-testid="review-form"]');
  const systemId = await s.execute(
    `return [...document.querySelectorAll('[data-testid="review-system"] option')].find((o) => o.textContent === "Zendesk").value`,
    [],
  );
  await setValue('[data-testid="review-system"]', systemId);
  await setValue('[data-testid="review-as-of"]', "2026-11-20");
  await click('[data-testid="review-save"]');
  await s.find('[data-testid="campaign-empty"]');

  await click('[data-testid="import-accounts"]');
  await chooseFile("Import the account export", EXPORT);
  const preview = await s.waitContent('[data-testid="access-import"]', (t) => t.includes("7 accounts"));
  assert.match(preview, /Leaver still active: 1/);
  await shot("72-access-import-preview");
  await click('[data-testid="import-confirm"]');
  await s.waitGone('[data-testid="access-import"]');
  const grid = await s.waitContent('[data-testid="account-grid"]', (t) => t.includes("sofia@parcelwise.io"));
  assert.match(grid, /Leaver still active/);
  assert.match(grid, /No MFA/);
  assert.match(grid, /No recent sign-in/);
  assert.match(grid, /Shared or root/);
  await shot("73-access-flags");

  // Revoke every leaver at once, then keep the rest with a reason.
  await click('[data-testid="filter-leaver"]');
  await s.waitContent('[data-testid="bulk-bar"]', (t) => t.includes("1 shown"));
  await click('[data-testid="bulk-revoke"]');
  await (await s.find('[data-testid="bulk-reason"]')).type("Left on 10 October; offboarding missed Zendesk");
  await click('[data-testid="bulk-apply"]');
  await s.waitContent('[data-testid="access-notice"]', (t) => t.includes("1 account decided"));
  await click('[data-testid="filter-leaver"]');
  await setValue('[data-testid="decision-filter"]', "undecided");
  await s.waitContent('[data-testid="bulk-bar"]', (t) => t.includes("6 shown"));
  await click('[data-testid="bulk-keep"]');
  await (await s.find('[data-testid="bulk-reason"]')).type("Checked with the support lead");
  await click('[data-testid="bulk-apply"]');
  await s.waitContent('[data-testid="access-notice"]', (t) => t.includes("6 accounts decided"));
  await setValue('[data-testid="decision-filter"]', "");

  await click('[data-testid="sign-off"]');
  await s.find('[data-testid="signoff-dialog"]');
  await setValue('[data-testid="signoff-name"]', "Priya Natarajan");
  await setValue('[data-testid="signoff-date"]', "2026-11-21");
  await click('[data-testid="signoff-confirm"]');
  await s.waitGone('[data-testid="signoff-dialog"]');
  await s.waitContent('[data-testid="campaign-status"]', (t) => t.includes("Signed off"));
  await s.waitContent('[data-testid="account-grid"]', (t) => t.includes("Revoke") && t.includes("Keep"));
  await shot("74-access-signed-off");
});

test("a 10,000-account export scrolls with only the visible rows in the page", async () => {
  const big = join(process.env.E2E_WORK, "github-members-10k.csv");
  const lines = ["login,name,email,role,2fa_enabled,saml_name_id,last_active"];
  for (let i = 1; i <= 10000; i++) {
    lines.push(`dev${i},Developer ${i},dev${i}@parcelwise.io,${i % 97 === 0 ? "owner" : "member"},${i % 13 === 0 ? "false" : "true"},,2026-11-${String(1 + (i % 19)).padStart(2, "0")}`);
  }
  writeFileSync(big, lines.join("\n") + "\n");
  await click('[data-testid="campaign-view"] .back');
  await click('[data-testid="new-review"]');
  await s.find('[data-testid="review-form"]');
  const systemId = await s.execute(
    `return [...document.querySelectorAll('[data-testid="review-system"] option')].find((o) => o.textContent === "GitHub").value`,
    [],
  );
  await setValue('[data-testid="review-system"]', systemId);
  await setValue('[data-testid="review-as-of"]', "2026-11-20");
  await click('[data-testid="review-save"]');
  await click('[data-testid="import-accounts"]');
  await chooseFile("Import the account export", big);
  await s.waitContent('[data-testid="access-import"]', (t) => /10,?000 accounts/.test(t), { timeoutMs: 30000 });
  await click('[data-testid="import-confirm"]');
  await s.waitGone('[data-testid="access-import"]', { timeoutMs: 30000 });
  await s.waitContent('[data-testid="account-grid"]', (t) => t.includes("dev1"));
  // Jump to the end: the last account appears, and the page holds a screenful of rows, not 10,000.
  await s.execute(`const v = document.querySelector('[data-testid="account-viewport"]'); v.scrollTop = v.scrollHeight;`, []);
  await s.waitContent('[data-testid="account-grid"]', (t) => t.includes("dev10000"));
  const rendered = await s.execute(`return document.querySelectorAll('[data-testid="account-viewport"] [role="row"]').length`, []);
  assert.ok(rendered < 80, `only visible rows are rendered (${rendered})`);
  await s.execute(`const v = document.querySelector('[data-testid="account-viewport"]'); v.scrollTop = v.scrollHeight / 2;`, []);
  await s.waitContent('[data-testid="account-grid"]', (t) => t.includes("dev5001") && t.includes("dev5006") && !t.includes("Loading"));
  await shot("75-access-10k-accounts");
});

async function newReview(system, asOf) {
  const back = await s.findAll('[data-testid="campaign-view"] .back');
  if (back.length > 0) await click('[data-testid="campaign-view"] .back');
  await click('[data-testid="new-review"]');
  await s.find('[data-testid="review-form"]');
  const systemId = await s.execute(
    `return [...document.querySelectorAll('[data-testid="review-system"] option')].find((o) => o.textContent === arguments[0]).value`,
    [system],
  );
  await setValue('[data-testid="review-system"]', systemId);
  await setValue('[data-testid="review-as-of"]', asOf);
  await click('[data-testid="review-save"]');
  await s.find('[data-testid="campaign-empty"]');
}

async function importExport(path, accounts) {
  await click('[data-testid="import-accounts"]');
  await chooseFile("Import the account export", path);
  await s.waitContent('[data-testid="access-import"]', (t) => t.includes(`${accounts} accounts`));
  await click('[data-testid="import-confirm"]');
  await s.waitGone('[data-testid="access-import"]');
}

test("IAM user names are matched the way admins name them, a hand link is remembered for next quarter", async () => {
  await newReview("Production AWS account", "2026-12-01");
  await importExport(AWS_Q4, 8);
  // tomas.reyes, ethan.park (first.last) and jlindqvist (flast) are matched by login
  // pattern; dnovak is Daniel Novak, who has left; the machines are proposed, not decided.
  const grid = await s.waitContent('[data-testid="account-grid"]', (t) => t.includes("rm-contract"));
  assert.match(grid, /Matched by/);
  assert.match(grid, /Login pattern/);
  assert.match(grid, /Leaver still active/);
  await s.waitContent('[data-testid="unlabelled-machines"]', (t) => t.startsWith("3"));
  await s.waitContent('[data-testid="unknown-people"]', (t) => t.startsWith("1"));
  await s.waitContent('[data-testid="machine-proposal"]', (t) => t.includes("3 accounts look like machines"));
  await shot("76-access-matched-by");

  // rm-contract is Ravi Menon's: link it by hand.
  await click('[data-testid="account-rm-contract"] button');
  await s.waitContent('[data-testid="account-panel"]', (t) => t.includes("No one on the roster matches"));
  const ravi = await s.execute(
    `return [...document.querySelectorAll('[data-testid="account-link-person"] option')].find((o) => o.textContent.startsWith("Ravi Menon")).value`,
    [],
  );
  await setValue('[data-testid="account-link-person"]', ravi);
  await click('[data-testid="account-link-save"]');
  await s.waitContent('[data-testid="match-note"]', (t) => t.includes("Linked by hand in the review of 2026-12-01"));
  await s.waitContent('[data-testid="account-rm-contract"]', (t) => t.includes("Ravi Menon") && t.includes("By hand"));
  // The machines in one action, confirmed by the reviewer.
  await click('[data-testid="label-machines-service"]');
  await s.waitContent('[data-testid="access-notice"]', (t) => t.includes("Linked 3 accounts as service accounts"));
  await s.waitContent('[data-testid="unlabelled-machines"]', (t) => t.startsWith("0"));

  // Next quarter: a new review from a new export applies the link first.
  await newReview("Production AWS account", "2027-03-01");
  await importExport(AWS_Q1, 8);
  const next = await s.waitContent('[data-testid="account-rm-contract"]', (t) => t.includes("Ravi Menon"));
  assert.match(next, /By hand/);
  await s.waitContent('[data-testid="unlabelled-machines"]', (t) => t.startsWith("0"));
  await setValue('[data-testid="matched-by-filter"]', "hand");
  await s.waitContent('[data-testid="bulk-bar"]', (t) => t.includes("4 shown"));
  await click('[data-testid="account-rm-contract"] button');
  await s.waitContent('[data-testid="match-note"]', (t) => t.includes("Linked by hand in the review of 2026-12-01"));
  await shot("77-access-link-applied-next-quarter");
  await setValue('[data-testid="matched-by-filter"]', "");
});

test("the CLI sees the signed-off review and the workbook verifies", () => {
  const list = JSON.parse(demoCli(["access", "campaigns", DEMO, "--json"]));
  const z = list.find((c) => c.system_name === "Zendesk");
  assert.equal(z.status, "signed_off");
  assert.equal(z.counts.revoke, 1);
  assert.match(demoCli(["verify", DEMO]), /^OK/);
});
