// End-to-end: the vendor inventory in the real window. Adds a critical vendor with no
// report (flagged), attaches its SOC 2 report through the native file dialog, records
// the report, and sees the flag clear; then checks the CLI's export round trip.

import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { chooseFile, demoCli, demoSession } from "./harness.mjs";

const REPORT = fileURLToPath(new URL("./fixtures/edgeguard-soc2-type2-2026.pdf", import.meta.url));
const { s, setValue, shot, click } = demoSession();

test("the demo inventory shows tiers and flags stale reports", async () => {
  await click('[data-testid="nav-vendors"]');
  const table = await s.waitContent('[data-testid="vendors-table"]', (t) => t.includes("Amazon Web Services"));
  assert.match(table, /Report expired/);
  await shot("40-vendors");
});

test("a critical vendor is flagged until its SOC 2 report is on file", async () => {
  await click('[data-testid="add-vendor"]');
  await (await s.find("#v-name")).type("Edgeguard Networks");
  await (await s.find("#v-service")).type("CDN and DDoS protection in front of the Rates API");
  await setValue('[data-testid="vendor-access"]', "admin");
  await setValue('[data-testid="vendor-criticality"]', "high");
  await setValue("#v-class", "confidential");
  await s.waitContent('[data-testid="vendor-tier"]', (t) => t.includes("Critical"));
  await s.waitContent('[data-testid="vendor-flags"]', (t) => t.includes("No SOC 2"));
  await click('[data-testid="vendor-save"]');
  await s.waitGone('[data-testid="vendor-form"]');
  const row = await s.waitContent('[data-testid="vendor-Edgeguard Networks"]', (t) => t.includes("No report"));
  assert.match(row, /Critical/);

  await click('[data-testid="vendor-Edgeguard Networks"] button');
  await click('[data-testid="vendor-attach"]');
  await chooseFile("Attach the vendor", REPORT);
  await s.waitContent('[data-testid="vendor-docs"]', (t) => t.includes("edgeguard-soc2-type2-2026.pdf"), { timeoutMs: 20000 });
  await setValue('[data-testid="vendor-assurance"]', "soc2_type2");
  // A report that ends six months before the as-of date needs a bridge letter...
  await setValue('[data-testid="vendor-period-end"]', "2026-09-30");
  await s.waitContent('[data-testid="vendor-flags"]', (t) => t.includes("bridge letter"));
  // ...and with one on file, nothing is left to fix.
  await click('[data-testid="vendor-bridge-letter"]');
  await s.find('[data-testid="vendor-clear"]');
  await shot("41-vendor-editor");
  await click('[data-testid="vendor-save"]');
  await s.waitGone('[data-testid="vendor-form"]');
  await s.waitContent('[data-testid="vendor-Edgeguard Networks"]', (t) => t.includes("OK") && !t.includes("No report"));
  await shot("42-vendor-cleared");
});

test("the CLI lists the new vendor with its tier and no flags", () => {
  const list = JSON.parse(demoCli(["vendors", "list", process.env.READINESS_DATA_DIR + "/Parcelwise demo.soc2wb", "--json"]));
  const v = list.find((x) => x.name === "Edgeguard Networks");
  assert.ok(v);
  assert.equal(v.tier, "critical");
  assert.deepEqual(v.flags, []);
  assert.equal(v.evidence_count, 1);
});
