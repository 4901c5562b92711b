// End-to-end: the checklist in the real window on the demo workbook. Marks an item
// ready, attaches evidence through the native file dialog (hash checked against an
// independent SHA-256), bulk-assigns items, and screenshots the dashboard.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CLI, DEMO, chooseFile, demoSession } from "./harness.mjs";

const FIXTURE = fileURLToPath(new URL("./fixtures/idp-mfa-report.csv", import.meta.url));
const PDF = fileURLToPath(new URL("./fixtures/edgeguard-soc2-type2-2026.pdf", import.meta.url));
const { s, shot, click } = demoSession();

test("an item is marked ready and gets evidence whose hash matches the file", async () => {
  await click('[data-testid="nav-checklist"]');
  await s.find('[data-testid="items-table"]');
  await shot("30-checklist");
  await click('[data-testid="item-AC-02"] .title');
  await s.find('[data-testid="item-detail"]');
  await s.find('[data-testid="evidence-empty"]');
  await click('[data-testid="attach-evidence"]');
  await chooseFile("Attach evidence", FIXTURE);
  const list = await s.waitText('[data-testid="evidence-list"]', (t) => t.includes("idp-mfa-report.csv"), { timeoutMs: 20000 });
  assert.match(list, /E-\d{4}/);
  await s.execute(
    `const el = document.querySelector('[data-testid="item-status"]'); el.value = "ready";
     el.dispatchEvent(new Event("change", { bubbles: true }));`,
  );
  await click('[data-testid="item-save"]');
  await s.find('[data-testid="item-form"] [role="status"]');
  await shot("31-item-detail");
  await click('[data-testid="item-form"] .dialog-actions button.ghost');
  await s.waitGone('[data-testid="item-detail"]');
  const row = await s.waitText('[data-testid="item-AC-02"]', (t) => t.includes("Ready for audit"));
  assert.match(row, /1$/m, "the evidence count shows in the row");

  // The CLI sees the same file, byte for byte.
  const expected = createHash("sha256").update(readFileSync(FIXTURE)).digest("hex");
  const json = execFileSync(CLI, ["evidence", "list", DEMO, "--json"], {
    env: { ...process.env, READINESS_PASSPHRASE: "demo-workbook" },
  });
  const files = JSON.parse(json.toString());
  const attached = files.find((f) => f.file_name === "idp-mfa-report.csv");
  assert.ok(attached, "the attached file is in the workbook");
  assert.equal(attached.sha256, expected);
});

test("evidence previews show text and render PDFs inside the app", async () => {
  await click('[data-testid="item-AC-04"] .title');
  await s.find('[data-testid="item-detail"]');
  await click('[data-testid="attach-evidence"]');
  await chooseFile("Attach evidence", PDF);
  await s.waitText('[data-testid="evidence-list"]', (t) => t.includes("edgeguard-soc2-type2-2026.pdf"), { timeoutMs: 20000 });
  const links = await s.findAll('[data-testid="evidence-list"] button.link');
  await links[links.length - 1].click();
  await s.find('[data-testid="pdf-preview"] canvas', { timeoutMs: 20000 });
  await shot("34-pdf-preview");
  await click('.pv button.ghost');
  await click('[data-testid="item-form"] .dialog-actions button.ghost');
  await s.waitGone('[data-testid="item-detail"]');
});

test("bulk edit assigns an owner to several items in one go", async () => {
  await (await s.find('[data-testid="item-search"]')).type("CM-0");
  const boxes = await s.findAll('[data-testid="items-table"] tbody input[type="checkbox"]');
  assert.ok(boxes.length >= 2);
  await boxes[0].click();
  await boxes[1].click();
  await s.find('[data-testid="bulk-bar"]');
  await s.execute(
    `const sel = document.querySelector('[data-testid="bulk-bar"] select[aria-label="Set status"]');
     sel.value = "in_progress"; sel.dispatchEvent(new Event("change", { bubbles: true }));`,
  );
  await shot("32-bulk-edit");
  await click('[data-testid="bulk-apply"]');
  await s.waitGone('[data-testid="bulk-bar"]');
  const table = await s.find('[data-testid="items-table"] tbody').then((e) => e.text());
  const firstTwo = table.split("\n").slice(0, 12).join("\n");
  assert.match(firstTwo, /In progress/);
});

test("the dashboard shows coverage by category, status, owners and overdue work", async () => {
  await click('[data-testid="nav-overview"]');
  const dash = await s.waitContent('[data-testid="dashboard"]', (t) => t.includes("criteria ready"));
  assert.match(dash, /Security/);
  assert.match(dash, /Availability/);
  assert.match(dash, /Overdue/);
  await shot("33-dashboard");
});
