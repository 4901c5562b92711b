// End-to-end: the scoping step in the real window, on the demo workbook. Changes the
// categories in scope, imports a roster CSV through the native file dialog (with bad
// lines), adds an out-of-scope system, drafts a description section and browses the
// criteria; then checks the CLI reads the same scope from the file.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { CLI, DEMO, chooseFile, demoSession } from "./harness.mjs";

const ROSTER = fileURLToPath(new URL("./fixtures/roster-with-problems.csv", import.meta.url));
const { s, setValue, shot, click } = demoSession();

test("audit scope: adding a category brings its criteria into scope", async () => {
  await click('[data-testid="nav-scope"]');
  await click('[data-testid="tab-scope"]');
  await s.waitText('[data-testid="criteria-in-scope"]', (t) => t === "38");
  await setValue('[data-testid="as-of"]', "2027-04-30");
  await click('[data-testid="scope-save"]');
  await s.find('[data-testid="scope-form"] [role="status"]');
  await click('[data-testid="toggle-processing_integrity"]');
  await s.waitText('[data-testid="criteria-in-scope"]', (t) => t === "43");
  await shot("20-scope-categories");
  // Security cannot be switched off.
  assert.equal(await (await s.find('[data-testid="toggle-security"]')).enabled(), false);
});

test("people: the roster import previews problems by line and imports only good rows", async () => {
  await click('[data-testid="tab-people"]');
  await s.find('[data-testid="people-table"]');
  const before = (await s.findAll('[data-testid="people-table"] tbody tr')).length;
  await shot("21-people");
  await click('[data-testid="import-roster"]');
  await chooseFile("Import the roster", ROSTER);
  await s.find('[data-testid="roster-preview"]', { timeoutMs: 20000 });
  const text = await s.waitText('[data-testid="roster-preview"]', (t) => t.includes("with problems"));
  assert.match(text, /2 to add/);
  assert.match(text, /1 to update/);
  assert.match(text, /3 with problems/);
  assert.match(text, /email/i);
  assert.match(text, /line 3/i, "the duplicate points back to its first line");
  assert.match(text, /03\/04\/2026/);
  await shot("22-roster-preview");
  await click('[data-testid="roster-confirm"]');
  await s.waitGone('[data-testid="roster-preview"]');
  await s.waitText('[data-testid="people-table"]', (t) => t.includes("Iris Moreau") && t.includes("Kofi Mensah"));
  const after = (await s.findAll('[data-testid="people-table"] tbody tr')).length;
  assert.equal(after, before + 2);
  assert.ok(!(await s.find('[data-testid="people-table"]').then((e) => e.text())).includes("Lena Vogel"));
});

test("systems: an exclusion cannot be saved without a reason", async () => {
  await click('[data-testid="tab-systems"]');
  await s.find('[data-testid="systems-in"]');
  await click('[data-testid="add-system"]');
  await (await s.find("#s-name")).type("Status page");
  await click('[data-testid="system-in-scope"]');
  assert.equal(await (await s.find('[data-testid="system-save"]')).enabled(), false);
  await (await s.find('[data-testid="system-reason"]')).type("Hosted status page with public information only.");
  await shot("23-system-editor");
  await click('[data-testid="system-save"]');
  await s.waitText('[data-testid="systems-out"]', (t) => t.includes("Status page") && t.includes("public information"));
  await shot("24-systems");
});

test("system description: a section starts from the workbook's draft", async () => {
  await click('[data-testid="tab-description"]');
  await click('[data-testid="section-DC3"]');
  await click('[data-testid="use-draft"]');
  const body = await (await s.find('[data-testid="section-body"]')).value();
  assert.match(body, /Rates API/);
  assert.match(body, /Orders database/);
  await click('[data-testid="section-save"]');
  await s.find('.editor [role="status"]');
  await shot("25-description");
});

test("criteria browser: filters by category and shows guidance and gaps", async () => {
  await click('[data-testid="nav-criteria"]');
  await s.waitText('[data-testid="criteria-count"]', (t) => t.startsWith("43"));
  await click('[data-testid="filter-availability"]');
  const list = await s.waitText('[data-testid="criteria-list"]', (t) => t.includes("A1.2"));
  assert.ok(!list.includes("CC6.1"), "the category filter hides other categories");
  await click('[data-testid="criterion-A1.2"]');
  const detail = await s.waitText('[data-testid="criterion-detail"]', (t) => t.includes("A1.2"));
  assert.match(detail, /What a small company usually does/);
  assert.match(detail, /Addressed by/);
  // The demo has work on A1.2: its checklist items are listed.
  const links = await s.waitText('[data-testid="criterion-links"]', (t) => t.length > 0);
  assert.match(links, /Checklist item/);
  // Gaps are the criteria not ready by the one readiness rule, as `criteria list --json`
  // reports them from the same file (Processing Integrity has just joined the scope).
  const listed = JSON.parse(
    execFileSync(CLI, ["criteria", "list", DEMO, "--json", "--in-scope"], {
      env: { ...process.env, READINESS_PASSPHRASE: "demo-workbook" },
    }).toString(),
  );
  assert.equal(listed.length, 43);
  const isReady = (c) => c.readiness === "ready" || c.readiness === "not_applicable";
  const notReady = listed.filter((c) => !isReady(c)).map((c) => c.id);
  assert.ok(notReady.length > 0 && notReady.length < 43, `the demo is part-way through: ${notReady.length} not ready`);
  await click('[data-testid="filter-all"]');
  await click('[data-testid="filter-gaps"]');
  await s.waitText('[data-testid="criteria-gaps"]', (t) => t === `${notReady.length} gaps`);
  // The list's text runs rows together ("Partly readyCC1.3"): an id is mentioned when no
  // capital, digit or dot touches it on the left (C1.1 is not CC1.1) and no digit on the right.
  const mentions = (text, id) => new RegExp(`(?<![A-Z0-9.])${id.replace(".", "\\.")}(?![0-9])`).test(text);
  const gapList = await s.waitText('[data-testid="criteria-list"]', (t) => notReady.every((id) => mentions(t, id)));
  for (const c of listed.filter(isReady)) assert.ok(!mentions(gapList, c.id), `${c.id} is ready, so not a gap`);
  assert.ok(notReady.some((id) => id.startsWith("PI1.")), "the new category's criteria are gaps");
  await shot("26-criteria");
});

test("the CLI reads the same scope from the file", async () => {
  await click('[data-testid="close-workbook"]');
  await s.find('[data-testid="home"]');
  const out = execFileSync(CLI, ["criteria", "list", DEMO, "--json"], {
    env: { ...process.env, READINESS_PASSPHRASE: "demo-workbook" },
  });
  const criteria = JSON.parse(out.toString());
  assert.equal(criteria.length, 61);
  assert.equal(criteria.filter((c) => c.in_scope).length, 43);
  assert.ok(criteria.filter((c) => c.category === "processing_integrity").every((c) => c.in_scope));
  assert.ok(criteria.filter((c) => c.category === "privacy").every((c) => !c.in_scope));
  const verify = execFileSync(CLI, ["verify", DEMO], { env: { ...process.env, READINESS_PASSPHRASE: "demo-workbook" } });
  assert.match(verify.toString(), /^OK:/);
});
