// End-to-end: the real app window (WebKit, under Xvfb) driven through tauri-driver.
// Creates a workbook through the UI, edits it, closes, reopens it (from the recent list,
// in the same run and after an app restart), and unlocks a CLI-made workbook with a
// wrong then a right passphrase. Screenshots of every screen go to $E2E_ARTIFACTS.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { Session, sleep } from "./webdriver.mjs";
import { APP, CLI, DRIVER, env, shot as harnessShot } from "./harness.mjs";

const WORK = env("E2E_WORK");
const KEYRING = process.env.E2E_KEYRING || "memory";

const ORG = "Bluebird Metrics Ltd";
const FILE = join(WORK, "bluebird.soc2wb");
const PASS = "a long enough passphrase";

let s;
const shot = (name) => harnessShot(s, name);

before(async () => {
  s = await Session.start(DRIVER, APP);
});
after(async () => {
  await s?.quit();
});

test("home screen shows the three ways in and an empty recent list", async () => {
  await s.find('[data-testid="home"]');
  await s.find('[data-testid="recents-empty"]');
  for (const id of ["new-workbook", "open-workbook", "open-demo"]) await s.find(`[data-testid="${id}"]`);
  await shot("01-home-empty");
});

test("creating a workbook through the UI opens it on the overview", async () => {
  await (await s.find('[data-testid="new-workbook"]')).click();
  await (await s.find("#org")).type(ORG);
  const path = await s.find("#path");
  await path.clear();
  await path.type(FILE);
  await (await s.find("#pass")).type(PASS);
  await (await s.find("#confirm")).type("mismatch");
  await s.find(".mismatch");
  assert.equal(await (await s.find('[data-testid="create-submit"]')).enabled(), false, "create stays disabled on mismatch");
  const confirm = await s.find("#confirm");
  await confirm.clear();
  await confirm.type(PASS);
  await shot("02-create-dialog");
  await (await s.find('[data-testid="create-submit"]')).click();
  await s.waitText('[data-testid="org-name"]', (t) => t === ORG);
  assert.ok(existsSync(FILE), "the workbook file exists on disk");
  assert.ok(!readFileSync(FILE).includes(Buffer.from(ORG)), "the file does not contain the organisation name in clear");
  await s.find('[data-testid="readiness"]');
  await shot("03-overview-new");
});

test("the scope profile saves, and the sidebar completion follows", async () => {
  await (await s.find('[data-testid="nav-scope"]')).click();
  await s.find('[data-testid="org-form"]');
  await (await s.find("#product")).type("Usage analytics API for mobile games");
  await (await s.find("#locations")).type("Remote; office in Bristol, UK");
  await (await s.find('[data-testid="org-save"]')).click();
  await s.waitContent('[data-testid="nav-scope-detail"]', (t) => t.includes("2 of 9"));
  await shot("04-scope-profile");
  await (await s.find('[data-testid="nav-access_reviews"]')).click();
  await s.find('[data-testid="access-empty"]');
  await shot("05-access-empty");
});

test("integrity check passes and activity lists the changes", async () => {
  await (await s.find('[data-testid="nav-overview"]')).click();
  await (await s.find('[data-testid="verify"]')).click();
  const text = await s.waitText('[data-testid="verify-result"]', (t) => t.length > 0);
  assert.match(text, /All good/);
  const activity = await s.waitText('[data-testid="activity"]', (t) => t.includes("Organization updated"));
  assert.match(activity, /Workbook created/);
  await shot("06-overview-verified");
});

test("closing returns home; the recent list reopens without asking again", async () => {
  await (await s.find('[data-testid="close-workbook"]')).click();
  await s.waitText('[data-testid="recents"]', (t) => t.includes(ORG));
  await shot("07-home-recents");
  await (await s.find('[data-testid="recent-item"]')).click();
  await s.waitText('[data-testid="org-name"]', (t) => t === ORG);
  await (await s.find('[data-testid="close-workbook"]')).click();
  await s.find('[data-testid="recents"]');
});

test("after an app restart the workbook reopens with its data", async () => {
  await s.quit();
  await sleep(500);
  s = await Session.start(DRIVER, APP);
  await (await s.find('[data-testid="recent-item"]')).click();
  if (KEYRING === "memory") {
    // The in-process keyring forgot the passphrase with the old process: the app asks.
    await s.find('[data-testid="passphrase-form"]');
    await (await s.find("#unlock-pass")).type(PASS);
    await (await s.find('[data-testid="unlock-submit"]')).click();
  }
  await s.waitText('[data-testid="org-name"]', (t) => t === ORG);
  await (await s.find('[data-testid="nav-scope"]')).click();
  const product = await (await s.find("#product")).value();
  assert.equal(product, "Usage analytics API for mobile games");
  await (await s.find('[data-testid="close-workbook"]')).click();
  await s.find('[data-testid="recents"]');
});

test("a workbook this computer has never unlocked asks for its passphrase; a wrong one is a clear error", async () => {
  const other = join(WORK, "made-by-cli.soc2wb");
  execFileSync(CLI, ["new", other, "--org", "Cli Made Co"], { env: { ...process.env, READINESS_PASSPHRASE: "cli passphrase 1" } });
  // Add it to the recent list the way a moved file would be known: by path, no keyring entry.
  const recentsFile = join(WORK, "config", "recent-workbooks.json");
  const list = JSON.parse(readFileSync(recentsFile, "utf8"));
  list.unshift({
    path: other,
    workbook_id: "unknown-to-this-computer",
    salt: readFileSync(other).subarray(0, 16).toString("hex"),
    organization: "Cli Made Co",
    last_opened: new Date().toISOString(),
    is_demo: false,
  });
  writeFileSync(recentsFile, JSON.stringify(list));
  await s.quit();
  s = await Session.start(DRIVER, APP);
  await s.find('[data-testid="recent-item"]');
  const items = await s.findAll('[data-testid="recent-item"]');
  assert.ok(items.length >= 2);
  await items[0].click();
  await s.find('[data-testid="passphrase-form"]');
  await (await s.find("#unlock-pass")).type("not the passphrase");
  await (await s.find('[data-testid="unlock-submit"]')).click();
  const err = await s.waitText('[data-testid="passphrase-form"] [data-testid="error"]', (t) => t.length > 0);
  assert.match(err, /passphrase is wrong/i);
  await shot("08-wrong-passphrase");
  await (await s.find("#unlock-pass")).type("cli passphrase 1");
  await (await s.find('[data-testid="unlock-submit"]')).click();
  await s.waitText('[data-testid="org-name"]', (t) => t === "Cli Made Co");
  await shot("09-unlocked-cli-workbook");
});

test("the demo opens with a populated workbook", async () => {
  await (await s.find('[data-testid="close-workbook"]')).click();
  await (await s.find('[data-testid="open-demo"]')).click();
  await s.waitText('[data-testid="org-name"]', (t) => t === "Parcelwise, Inc.");
  await shot("10-demo-overview");
});
