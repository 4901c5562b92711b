// End-to-end: the evidence binder from the real window. Exports the demo binder through
// the native save dialog, checks the PDF and its signature with poppler and qpdf (not
// with our own code), verifies it against the workbook from the app, and checks a copy
// with pages cut out.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { env, chooseFile, saveFile, demoSession } from "./harness.mjs";

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
  const cert = (await (await s.find('[data-testid="binder-cert-fingerprint"]')).text()).trim();
  assert.match(cert, /^[0-9a-f]{64}$/, "the seal's certificate fingerprint is shown");
  await s.execute(`document.querySelector('[data-testid="binder-seal"]').scrollIntoView({ block: "center" })`, []);
  await shot("81-binder-saved");

  // The signature, as poppler sees it, and the same certificate on the cover.
  const sig = execFileSync("pdfsig", [OUT]).toString();
  assert.match(sig, /Total document signed/);
  assert.match(sig, /Signature Validation: Signature is Valid\./);
  const cover = execFileSync("pdftotext", ["-f", "1", "-l", "1", OUT, "-"]).toString();
  assert.ok(cover.includes(cert), "the cover prints the certificate fingerprint the app shows");

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

test("a binder with pages cut out is reported as changed, naming the pages", async () => {
  const cut = join(env("E2E_WORK"), "cut binder.pdf");
  execFileSync("qpdf", [OUT, "--pages", OUT, "1-34,41-z", "--", cut]);
  await click('[data-testid="verify-other"]');
  await chooseFile("Choose a binder to check", cut);
  const check = await s.waitContent('[data-testid="binder-check"]', (t) => t.includes("cut binder.pdf"));
  assert.match(check, /does not match/);
  assert.match(check, /pages 35–40 were removed or changed after signing/);
  await s.execute(`document.querySelector('[data-testid="binder-check"]').scrollIntoView({ block: "start" })`, []);
  await shot("83-binder-tampered");
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
  // No evidence file is embedded; a long access review's account list (AR-n) still is,
  // since it stands in for pages.
  const attached = execFileSync("pdfdetach", ["-list", short]).toString();
  assert.doesNotMatch(attached, /\d+: E-\d/);
});
