// End-to-end: policies in the real window. Edits an approved policy (which starts a new
// version), checks that an injected script is shown as text and never runs, approves
// the new version and compares it with the one before.

import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, demoCli, demoSession } from "./harness.mjs";

const { s, setValue, shot, click } = demoSession();

test("the demo's policies are filled from the workbook and mostly approved", async () => {
  await click('[data-testid="nav-policies"]');
  await s.waitContent('[data-testid="policies-approved"]', (t) => /\d+ of 20 approved/.test(t));
  await click('[data-testid="policy-access-control"]');
  const text = await s.waitContent('[data-testid="policy-rendered"]', (t) => t.includes("Access Control Policy"));
  assert.match(text, /Parcelwise, Inc\./);
  assert.ok(!text.includes("{{"), "no placeholder is left in an approved policy");
  await shot("50-policy-read");
});

test("editing an approved policy makes a new version; injected script stays inert", async () => {
  await click('[data-testid="policy-edit"]');
  const body = await (await s.find('[data-testid="policy-body"]')).value();
  const changed = body.replace(
    "## 2. Scope",
    "Contractors follow this policy too.\n\n<script>window.__pwned = 1</script>\n\n## 2. Scope",
  );
  await setValue('[data-testid="policy-body"]', changed);
  const preview = await s.waitContent('[data-testid="policy-preview"]', (t) => t.includes("Contractors follow this policy too."));
  assert.match(preview, /<script>window.__pwned = 1<\/script>/, "the script tag is shown as text");
  await shot("51-policy-edit");
  await click('[data-testid="policy-save"]');
  await s.waitContent('[data-testid="policy-doc"]', (t) => t.includes("Version 2") && t.includes("Draft"));
  assert.equal(await s.execute("return window.__pwned === undefined"), true, "the script never ran");

  await setValue('[data-testid="policy-approver"]', await s.execute(
    `return [...document.querySelectorAll('[data-testid="policy-approver"] option')].find(o => o.textContent === "Maya Okafor").value`,
  ));
  await click('[data-testid="policy-approve"]');
  await s.waitContent('[data-testid="policy-doc"]', (t) => t.includes("Version 2") && t.includes("Approved") && t.includes("Maya Okafor"));

  await click('[data-testid="policy-history"]');
  const versions = await s.waitContent('[data-testid="policy-versions"]', (t) => t.includes("Superseded"));
  assert.match(versions, /v2/);
  await click('[data-testid="policy-versions"] button.ghost');
  const diff = await s.waitContent('[data-testid="policy-diff"]', (t) => t.includes("Contractors follow"));
  assert.match(diff, /\+ Contractors follow this policy too\./);
  const acks = await s.waitContent('[data-testid="policy-acks"]', (t) => t.includes("Nobody yet"));
  assert.match(acks, /Still to acknowledge/);
  const aisha = await s.execute(
    `return [...document.querySelectorAll('[data-testid="policy-acks"] option')].find(o => o.textContent === "Aisha Bello").value`,
  );
  await setValue('[data-testid="policy-acks"] select', aisha);
  await click('[data-testid="policy-acks"] button');
  await s.waitContent('[data-testid="policy-acks"] p', (t) => t.includes("Aisha Bello"));
  await shot("52-policy-history");
  assert.equal(await s.execute("return window.__pwned === undefined"), true);
});

test("a policy past its review date shows on the dashboard", async () => {
  await click('[data-testid="nav-overview"]');
  const due = await s.waitContent('[data-testid="policy-reviews-due"]', (t) => t.includes("Data Retention"));
  assert.match(due, /before the as-of date/);
  assert.match(due, /review due 31 Oct 2026/);
});

test("the CLI sees version 2 approved", () => {
  const list = JSON.parse(demoCli(["policies", "list", DEMO, "--json"]));
  const ac = list.find((p) => p.id === "access-control");
  assert.equal(ac.version, 2);
  assert.equal(ac.status, "approved");
  assert.deepEqual(ac.unresolved_placeholders, []);
});
