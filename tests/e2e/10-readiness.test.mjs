// End-to-end: readiness by the one rule, in the real window. The plan to the audit date
// with its burn-down chart and owner groups (screenshotted), then a key control marked
// ready with evidence: its criterion and the overall figure move, as the CLI agrees.

import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { chooseFile, demoCli, demoSession } from "./harness.mjs";

const FIXTURE = fileURLToPath(new URL("./fixtures/idp-mfa-report.csv", import.meta.url));
const { s, shot, click } = demoSession();

const percentOf = (text) => Number(/(\d+)% ready/.exec(text)?.[1] ?? NaN);

test("the plan shows remaining key work by owner and a burn-down against the pace needed", async () => {
  const plan = JSON.parse(demoCli(["plan", process.env.READINESS_DATA_DIR + "/Parcelwise demo.soc2wb", "--json"]));
  await click('[data-testid="nav-plan"]');
  const owners = await s.waitText('[data-testid="plan-owners"]', (t) => t.includes("Remaining key work"));
  for (const o of plan.owners) assert.ok(owners.includes(o.owner), `owner group for ${o.owner}`);
  assert.equal((await s.findAll('[data-testid="plan-owner"]')).length, plan.owners.length);
  await s.find('[data-testid="burndown"] [data-testid="burndown-done"]');
  await s.find('[data-testid="burndown-needed"]');
  const kpi = await s.waitText('[data-testid="plan-readiness"]', (t) => t.endsWith("%"));
  assert.equal(kpi, `${plan.readiness_percent}%`, "the window and the CLI read the same plan");
  const warnings = await s.waitText('[data-testid="plan-warnings"]', (t) => t.length > 0);
  assert.match(warnings, /past their due date/);
  await shot("90-plan");
});

test("marking a key control ready with evidence moves its criterion and the overall figure", async () => {
  const file = process.env.READINESS_DATA_DIR + "/Parcelwise demo.soc2wb";
  const report = JSON.parse(demoCli(["gaps", file, "--json"]));
  // Evidence attached today is current on the as-of date only for a one-off or annual
  // control (a monthly one needs a file from March).
  const frequency = Object.fromEntries(
    JSON.parse(demoCli(["items", "list", file, "--json"])).map((i) => [i.ref, i.frequency]),
  );
  // A criterion one key control short of ready, whose policies are approved; the fewer
  // its key controls, the bigger the step in the overall figure.
  const target = report.readiness.criteria
    .filter(
      (c) =>
        c.readiness !== "ready" &&
        c.key_items.filter((k) => !k.done).length === 1 &&
        ["once", "annual"].includes(frequency[c.key_items.find((k) => !k.done).ref]) &&
        c.policies.every((p) => p.approved),
    )
    .sort((a, b) => a.key_items.length - b.key_items.length)[0];
  assert.ok(target, "the demo has a criterion one key control short of ready");
  const item = target.key_items.find((k) => !k.done);

  const before = percentOf(await s.waitContent('[data-testid="nav-readiness"]', (t) => t.includes("% ready")));
  await click('[data-testid="nav-criteria"]');
  const badge = await s.waitText(`[data-testid="criterion-${target.id}-readiness"]`, (t) => t.length > 0);
  assert.notEqual(badge, "Ready");

  await click('[data-testid="nav-checklist"]');
  await s.find('[data-testid="items-table"]');
  await click(`[data-testid="item-${item.ref}"] .title`);
  await s.find('[data-testid="item-detail"]');
  const key = await s.waitText('[data-testid="item-key"]', (t) => t.includes(target.id));
  assert.match(key, /Key control for/);
  if (item.evidence_count === 0) {
    await click('[data-testid="attach-evidence"]');
    await chooseFile("Attach evidence", FIXTURE);
    await s.waitText('[data-testid="evidence-list"]', (t) => t.includes("idp-mfa-report.csv"), { timeoutMs: 20000 });
  }
  // An item already marked ready only lacked its evidence; any other is marked ready now.
  if (item.status !== "ready") {
    await s.execute(
      `const el = document.querySelector('[data-testid="item-status"]'); el.value = "ready";
       el.dispatchEvent(new Event("change", { bubbles: true }));`,
    );
    await click('[data-testid="item-save"]');
    await s.find('[data-testid="item-form"] [role="status"]');
  }
  await click('[data-testid="item-form"] .dialog-actions button.ghost');
  await s.waitGone('[data-testid="item-detail"]');

  const after = percentOf(await s.waitContent('[data-testid="nav-readiness"]', (t) => percentOf(t) !== before));
  assert.ok(after > before, `the overall figure rose from ${before}% to ${after}%`);
  await click('[data-testid="nav-criteria"]');
  await s.waitText(`[data-testid="criterion-${target.id}-readiness"]`, (t) => t === "Ready");
  await click(`[data-testid="criterion-${target.id}"]`);
  await s.waitText('[data-testid="criterion-readiness"]', (t) => t.startsWith("Ready"));
  await shot("91-criterion-ready");

  const info = JSON.parse(demoCli(["info", file, "--json"]));
  assert.equal(info.readiness.percent, after, "the CLI reads the figure the window shows");
  const listed = JSON.parse(demoCli(["criteria", "list", file, "--json"]));
  assert.equal(listed.find((c) => c.id === target.id).readiness, "ready");
});
