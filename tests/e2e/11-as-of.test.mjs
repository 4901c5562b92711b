// End-to-end: everything judged as of the audit date, in the real window. Moving the
// as-of date in Scope changes the dashboard's count of evidence that will be stale (and
// the window agrees with the CLI); an item's evidence panel says until when its evidence
// is current or when to collect it again; the vendor editor explains bridge letters.

import { test } from "node:test";
import assert from "node:assert/strict";
import { demoCli, demoSession } from "./harness.mjs";

const { s, setValue, shot, click } = demoSession();
const FILE = () => process.env.READINESS_DATA_DIR + "/Parcelwise demo.soc2wb";

const staleInCli = () =>
  JSON.parse(demoCli(["gaps", FILE(), "--json"])).gaps.gaps.filter((g) => g.kind === "evidence_stale");

function isoPlusDays(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

async function staleOnDashboard() {
  await click('[data-testid="nav-overview"]');
  return Number(await s.waitText('[data-testid="dash-stale-evidence"]', (t) => /^\d+$/.test(t)));
}

async function setAsOf(iso) {
  await click('[data-testid="nav-scope"]');
  await click('[data-testid="tab-scope"]');
  await s.find('[data-testid="as-of"]');
  const current = await s.execute("return document.querySelector(arguments[0]).value", ['[data-testid="as-of"]']);
  // Saving an unchanged scope writes nothing and shows nothing.
  if (current === iso) return;
  await setValue('[data-testid="as-of"]', iso);
  await click('[data-testid="scope-save"]');
  await s.find('[data-testid="scope-form"] [role="status"]');
}

test("moving the as-of date changes the stale-evidence count on the dashboard", async () => {
  await setAsOf("2027-03-31");
  const march = await staleOnDashboard();
  assert.equal(march, staleInCli().length, "the window and the CLI count the same items");
  await s.waitText('[data-testid="dash-yardstick"]', (t) => t.includes("Judged as of 31 March 2027"));
  assert.ok(march > 0, "recurring controls need fresh evidence by March");

  // Two weeks out, last month's evidence of quarterly controls is still current.
  await setAsOf(isoPlusDays(14));
  await click('[data-testid="nav-overview"]');
  const soon = Number(
    await s.waitText('[data-testid="dash-stale-evidence"]', (t) => /^\d+$/.test(t) && Number(t) !== march),
  );
  assert.ok(soon < march, `fewer items are stale two weeks out (${soon}) than in March (${march})`);
  assert.equal(soon, staleInCli().length);
  await shot("95-as-of-soon");
  await setAsOf("2027-03-31");
  await staleOnDashboard();
  await s.find('[data-testid="dash-asof"]');
  await shot("96-as-of-march");
});

test("an item's evidence panel says when to collect it again", async () => {
  const stale = staleInCli()[0];
  assert.ok(stale, "the demo has stale evidence as of March");
  await click('[data-testid="nav-checklist"]');
  await s.find('[data-testid="items-table"]');
  await click(`[data-testid="item-${stale.subject}"] .title`);
  const note = await s.waitText('[data-testid="evidence-currency"]', (t) => t.length > 0);
  assert.match(note, /^Stale as of 31 Mar 2027: collect again between /);
  await shot("97-evidence-stale");
  await click('[data-testid="item-form"] .dialog-actions button.ghost');
  await s.waitGone('[data-testid="item-detail"]');
});

test("the vendor editor flags the bridge letter and explains the rule", async () => {
  await click('[data-testid="nav-vendors"]');
  const row = await s.waitText('[data-testid="vendor-Amazon Web Services"]', (t) => t.includes("Bridge letter needed"));
  assert.match(row, /Bridge letter needed/);
  await click('[aria-label="Edit Amazon Web Services"]');
  await s.waitText('[data-testid="vendor-flags"]', (t) => t.includes("ask for a bridge letter"));
  await s.waitText('[data-testid="bridge-letter-rule"]', (t) => t.includes("more than 3 months before"));
  await shot("98-vendor-bridge-letter");
  await click('[data-testid="vendor-close"]');
  await s.waitGone('[data-testid="bridge-letter-rule"]');
});

test("the plan schedules fresh evidence, quarterly reviews and bridge letters inside their windows", async () => {
  const plan = JSON.parse(demoCli(["plan", FILE(), "--json"]));
  assert.ok(plan.schedule.length > 0);
  await click('[data-testid="nav-plan"]');
  await s.waitText('[data-testid="plan-yardstick"]', (t) => t.includes("31 March 2027"));
  const section = await s.find('[data-testid="plan-schedule"]');
  assert.equal((await s.findAll('[data-testid="plan-task"]')).length, plan.schedule.length);
  const text = await s.waitText('[data-testid="plan-schedule"]', (t) => t.includes("Bridge letter"));
  assert.match(text, /Access review/);
  assert.match(text, /Fresh evidence/);
  await s.execute("arguments[0].scrollIntoView({ block: 'start' })", [{ "element-6066-11e4-a52e-4f735466cecf": section.id }]);
  await shot("99-plan-schedule");
});
