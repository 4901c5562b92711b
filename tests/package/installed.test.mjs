// The installed package's app (/usr/bin/readiness-workbook), started the way a
// double-click in a file manager starts it: with a workbook on its command line. Run by
// tests/package/run.sh through the e2e harness after `apt-get install`.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { Session } from "../e2e/webdriver.mjs";
import { APP, DRIVER, env, shot } from "../e2e/harness.mjs";

const WORKBOOK = env("PACKAGE_WORKBOOK");
let s;
after(async () => {
  await s?.quit();
});

test("the installed app opens a workbook given on its command line", async () => {
  assert.equal(APP, "/usr/bin/readiness-workbook");
  s = await Session.start(DRIVER, APP, { args: [WORKBOOK] });
  await s.find('[data-testid="passphrase-form"]');
  await shot(s, "installed-app-passphrase");
  await (await s.find("#unlock-pass")).type("demo-workbook");
  await (await s.find('[data-testid="unlock-submit"]')).click();
  await s.waitText('[data-testid="org-name"]', (t) => t === "Parcelwise, Inc.");
  await shot(s, "installed-app-overview");
});
