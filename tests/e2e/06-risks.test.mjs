// End-to-end: the risk assessment in the real window. Reads the demo register and its
// heat maps, adds a risk from the library and links one more control to it, accepts
// the one risk above appetite with an approver and a reason, and checks the CLI agrees.

import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, demoCli, demoSession } from "./harness.mjs";

const { s, setValue, shot, click } = demoSession();

test("the demo register shows both heat maps and one risk above appetite", async () => {
  await click('[data-testid="nav-risks"]');
  const table = await s.waitContent('[data-testid="risks-table"]', (t) => t.includes("Intruder goes undetected for weeks"));
  assert.match(table, /Above appetite/);
  assert.match(await s.waitContent('[data-testid="risks-above-appetite"]', (t) => t.length > 0), /^1 above appetite/);
  await s.find('[data-testid="heat-inherent"]');
  await s.find('[data-testid="heat-residual"]');
  await shot("60-risks-heatmaps");

  // Clicking a residual cell lists its risks.
  await click('[data-testid="heat-residual-3-4"]');
  const filter = await s.waitContent('[data-testid="cell-filter"]', (t) => t.includes("likelihood 3"));
  assert.match(filter, /3 risks/);
  const rows = await s.waitContent('[data-testid="risks-table"]', (t) => !t.includes("Ransomware"));
  assert.match(rows, /Key person dependency/);
  await shot("61-risks-cell");
  await click('[data-testid="heat-residual-3-4"]');
});

test("a risk added from the library comes with its controls, and one more can be linked", async () => {
  await click('[data-testid="add-library-risk"]');
  await (await s.find('[data-testid="library-search"]')).type("invoice");
  await s.waitContent('[data-testid="risk-library"]', (t) => t.includes("Fake or inflated invoice paid"));
  await shot("62-risk-library");
  await click('[data-testid="library-add-R-FRD-02"]');
  await s.find('[data-testid="risk-form"]');
  const controls = await s.waitContent('[data-testid="risk-controls"]', (t) => t.includes("GV-19"));
  assert.doesNotMatch(controls, /AC-17/);
  await (await s.find('[data-testid="control-search"]')).type("AC-17");
  await click('[data-testid="control-option-AC-17"]');
  await s.waitContent('[data-testid="risk-controls"]', (t) => t.includes("AC-17"));
  await setValue('[data-testid="risk-residual-likelihood"]', "2");
  await shot("63-risk-editor");
  await click('[data-testid="risk-save"]');
  await s.waitGone('[data-testid="risk-form"]');
  const row = await s.waitContent('[data-testid="risk-Fake or inflated invoice paid"]', (t) => t.includes("Fraud"));
  assert.match(row, /\/4 ready/);
});

test("accepting the risk above appetite needs an approver, then clears the flag", async () => {
  const maya = JSON.parse(demoCli(["people", "list", DEMO, "--json"])).find((p) => p.email === "maya@parcelwise.io");
  await click('[data-testid="edit-risk-Intruder goes undetected for weeks"]');
  await s.find('[data-testid="risk-form"]');
  await click('[data-testid="risk-accepted"]');
  await (await s.find('[data-testid="risk-acceptance-reason"]')).type(
    "Central alerting goes live in January; until then the on-call engineer reviews CloudTrail weekly. Accepted for one quarter.",
  );
  // Without an approver the save is refused with a clear message.
  await click('[data-testid="risk-save"]');
  await s.waitContent('[data-testid="risk-form"]', (t) => t.includes("needs an approver"));
  await setValue('[data-testid="risk-approver"]', maya.id);
  await click('[data-testid="risk-save"]');
  await s.waitGone('[data-testid="risk-form"]');
  await s.waitContent('[data-testid="risks-above-appetite"]', (t) => t.startsWith("0 above appetite"));
  const row = await s.waitContent('[data-testid="risk-Intruder goes undetected for weeks"]', (t) => t.includes("accepted by"));
  assert.match(row, /Maya Okafor/);
  await shot("64-risks-accepted");
});

test("the dashboard shows the residual heat map", async () => {
  await click('[data-testid="nav-overview"]');
  const panel = await s.waitContent('[data-testid="dashboard-risks"]', (t) => t.includes("Residual risk"));
  assert.match(panel, /0\s+above the appetite/);
  await s.execute("document.querySelector(arguments[0]).scrollIntoView({ block: 'center' })", ['[data-testid="dashboard-risks"]']);
  await new Promise((r) => setTimeout(r, 500));
  await shot("65-dashboard-risks");
});

test("the CLI sees the new risk and the acceptance, and the log still verifies", () => {
  const list = JSON.parse(demoCli(["risks", "list", DEMO, "--json"]));
  const added = list.find((r) => r.title === "Fake or inflated invoice paid");
  assert.ok(added);
  assert.equal(added.category, "fraud");
  assert.equal(added.residual_likelihood, 2);
  assert.equal(list.filter((r) => r.above_appetite).length, 0);
  assert.match(demoCli(["verify", DEMO]), /^OK/);
});
