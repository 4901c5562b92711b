// End-to-end: the evidence binder from the real window. Exports the demo binder through
// the native save dialog, checks the PDF with poppler and qpdf (not with our own code),
// and verifies it against the workbook from the app.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { env, saveFile, demoSession } from "./harness.mjs";

const OUT = join(env("E2E_WORK"), "Parcelwise binder.pdf");
const { s, shot, click } = demoSession();

test("the binder step offers every section and says what is still open", async () => {
  await click('[data-testid="nav-binder"]');
  await s.find('[data-testid="section-risks"]');
  await s.find('[data-testid="section-evidence"]');
  await s.waitContent("aside", (t) => t.includes("Not yet complete") || t.includes("Every step is complete"));
  await shot("80-binder-options");
});

test("exporting writes a valid PDF with every section, and it verifies", async () => {
  await click('[data-testid="export-binder"]');
  await saveFile("Save the evidence binder", OUT);
  const report = await s.waitContent('[data-testid="binder-report"]', (t) => t.includes("Binder saved"), { timeoutMs: 60000 });
  assert.ok(existsSync(OUT), "the binder is where the user saved it");
  const pages = Number(await (await s.find('[data-testid="binder-pages"]')).text());
  assert.ok(pages > 20, `${pages} pages`);
  assert.match(report, /[0-9a-f]{64}/, "the fingerprint is shown");
  await shot("81-binder-saved");

  execFileSync("qpdf", ["--check", OUT]);
  const text = execFileSync("pdftotext", [OUT, "-"], { maxBuffer: 256 << 20 }).toString();
  for (const heading of ["Contents", "Scope and system description", "Risk assessment", "Criteria coverage matrix", "Evidence index", "Manifest"]) {
    assert.ok(text.includes(heading), `“${heading}” is in the binder`);
  }
  assert.match(execFileSync("pdfinfo", [OUT]).toString(), new RegExp(`Pages:\\s+${pages}`));

  await click('[data-testid="verify-binder"]');
  const check = await s.waitContent('[data-testid="binder-check"]', (t) => t.includes("checks out") || t.includes("does not match"));
  assert.match(check, /checks out/);
  assert.match(check, /Same workbook/);
  await shot("82-binder-verified");
});

test("leaving out sections and attachments gives a shorter binder", async () => {
  await click('[data-testid="section-checklist"]');
  await click('[data-testid="section-policies"]');
  await click('[data-testid="opt-attachments"]');
  const short = join(env("E2E_WORK"), "short binder.pdf");
  await click('[data-testid="export-binder"]');
  await saveFile("Save the evidence binder", short);
  await s.waitContent('[data-testid="binder-report"]', (t) => t.includes(short.split("/").pop()), { timeoutMs: 60000 });
  const text = execFileSync("pdftotext", [short, "-"], { maxBuffer: 256 << 20 }).toString();
  assert.ok(!text.includes("Checklist detail"));
  assert.match(execFileSync("pdfdetach", ["-list", short]).toString(), /0 embedded files/);
});
