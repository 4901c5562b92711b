// End-to-end: how the app is started from outside. A workbook named on the command line
// (what a double-click in a file manager does) opens at its passphrase prompt; a missing or
// foreign file gets a clear message on the home screen; a second launch hands its file to
// the running window instead of starting a second writer, asking first when a dialog is
// open; and portable mode keeps everything in its folder and writes nothing under $HOME,
// or explains itself when that folder is read-only.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Session, sleep } from "./webdriver.mjs";
import { APP, CLI, DRIVER, env, shot } from "./harness.mjs";

const WORK = env("E2E_WORK");
const PASS_A = "first client passphrase";
const PASS_B = "second client passphrase";
const A = join(WORK, "launch", "Alder Freight.soc2wb");
const B = join(WORK, "launch", "Birch Health.soc2wb");
mkdirSync(join(WORK, "launch"), { recursive: true });
execFileSync(CLI, ["new", A, "--org", "Alder Freight Ltd"], { env: { ...process.env, READINESS_PASSPHRASE: PASS_A } });
execFileSync(CLI, ["new", B, "--org", "Birch Health GmbH"], { env: { ...process.env, READINESS_PASSPHRASE: PASS_B } });

let s;
after(async () => {
  await s?.quit();
});

async function unlock(session, pass) {
  await session.find('[data-testid="passphrase-form"]');
  await (await session.find("#unlock-pass")).type(pass);
  await (await session.find('[data-testid="unlock-submit"]')).click();
}

/** Starts a second copy of the app the way a file manager would, and waits for it to exit. */
function secondLaunch(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(APP, args, { stdio: "ignore" });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("the second launch did not hand over and exit within 20 s"));
    }, 20000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

test("a workbook named on the command line opens straight at its passphrase prompt", async () => {
  s = await Session.start(DRIVER, APP, { args: [A] });
  await s.find('[data-testid="passphrase-form"]');
  const intro = await s.waitText('[data-testid="passphrase-form"]', (t) => t.includes("Alder Freight.soc2wb"));
  assert.match(intro, /encrypted/);
  await shot(s, "90-launch-passphrase-prompt");
  await unlock(s, PASS_A);
  await s.waitText('[data-testid="org-name"]', (t) => t === "Alder Freight Ltd");
});

test("a second launch hands its workbook to the running window, which switches to it", async () => {
  const code = await secondLaunch([B]);
  assert.equal(code, 0, "the second instance exits after handing over");
  // Only one app process may hold the workbook: the second one is gone, the first asks for B.
  const intro = await s.waitText('[data-testid="passphrase-form"]', (t) => t.includes("Birch Health.soc2wb"));
  assert.match(intro, /encrypted/);
  await unlock(s, PASS_B);
  await s.waitText('[data-testid="org-name"]', (t) => t === "Birch Health GmbH");
  assert.ok(!existsSync(`${A}.lock`), "the first workbook was closed, its lock released");
});

test("with a dialog open, the running window asks before switching", async () => {
  await (await s.find('[data-testid="about-open"]')).click();
  await s.find('[data-testid="about"]');
  assert.equal(await secondLaunch([A]), 0);
  const question = await s.waitText('[data-testid="switch-question"]', (t) => t.length > 0);
  assert.match(question, /Alder Freight\.soc2wb/);
  assert.match(question, /Birch Health GmbH/);
  await shot(s, "91-launch-switch-question");
  await (await s.find('[data-testid="switch-stay"]')).click();
  await s.waitGone('[data-testid="switch-question"]');
  assert.equal(await (await s.find('[data-testid="org-name"]')).text(), "Birch Health GmbH", "staying keeps the workbook open");
  assert.equal(await secondLaunch([A]), 0);
  await (await s.find('[data-testid="switch-go"]')).click();
  // Unlocked once already with "Remember" ticked: it opens without asking again.
  await s.waitText('[data-testid="org-name"]', (t) => t === "Alder Freight Ltd");
});

test("the About panel shows the version, the build's commit and the workbook's versions", async () => {
  await (await s.find('[data-testid="about-open"]')).click();
  const version = await (await s.find('[data-testid="about-version"]')).text();
  const cliVersion = execFileSync(CLI, ["--version"]).toString().trim();
  assert.match(cliVersion, /^readiness \d+\.\d+\.\d+ \(commit ([0-9a-f]{7,}|unknown)\)$/);
  assert.ok(cliVersion.includes(version), `CLI says "${cliVersion}", app says "${version}"`);
  const commit = await (await s.find('[data-testid="about-commit"]')).text();
  assert.ok(cliVersion.includes(`commit ${commit}`), `CLI says "${cliVersion}", app's commit is "${commit}"`);
  assert.match(await (await s.find('[data-testid="about-workbook"]')).text(), new RegExp(`Created with version ${version.replace(/\./g, "\\.")}`));
  await shot(s, "92-about");
  await s.quit();
  s = null;
});

test("a missing file or a file that is not a workbook gets a clear message on the home screen", async () => {
  const missing = join(WORK, "launch", "gone.soc2wb");
  s = await Session.start(DRIVER, APP, { args: [missing] });
  const err = await s.waitText('[data-testid="home"] [data-testid="error"]', (t) => t.length > 0);
  assert.match(err, /gone\.soc2wb/);
  await shot(s, "93-launch-missing-file");
  await s.quit();

  const foreign = join(WORK, "launch", "notes.soc2wb");
  writeFileSync(foreign, "These are meeting notes, not a workbook.\n");
  s = await Session.start(DRIVER, APP, { args: [foreign] });
  const err2 = await s.waitText('[data-testid="home"] [data-testid="error"]', (t) => t.length > 0);
  assert.match(err2, /notes\.soc2wb/);
  await s.find('[data-testid="new-workbook"]');
  await s.quit();
  s = null;
});

/** Lists every file and folder under `dir`, for the empty-$HOME check. */
function tree(dir) {
  return readdirSync(dir, { recursive: true }).map((p) => join(dir, String(p)));
}

/**
 * A launcher for the app that runs it portable, with an empty $HOME and none of the
 * folder variables the harness sets, so the app alone decides where anything goes.
 */
function portableLauncher(name, home, folder) {
  const script = join(WORK, `${name}.sh`);
  writeFileSync(
    script,
    `#!/bin/sh\nexec env -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_CACHE_HOME -u XDG_STATE_HOME ` +
      `-u READINESS_CONFIG_DIR -u READINESS_DATA_DIR -u READINESS_KEYRING -u READINESS_KEYRING_SERVICE ` +
      `HOME='${home}' '${APP}' --portable '${folder}' "$@"\n`,
  );
  chmodSync(script, 0o755);
  return script;
}

test("portable mode keeps everything in its folder and leaves an empty $HOME empty", async () => {
  const home = join(WORK, "empty-home");
  const folder = join(WORK, "usb", "Readiness");
  mkdirSync(home, { recursive: true });
  s = await Session.start(DRIVER, portableLauncher("portable", home, folder));
  await s.find('[data-testid="portable-badge"]');
  await (await s.find('[data-testid="new-workbook"]')).click();
  await (await s.find("#org")).type("Cedar Labs Inc.");
  const file = await (await s.find("#path")).value();
  assert.ok(file.startsWith(join(folder, "workbooks")), `new workbooks are suggested inside the portable folder, not ${file}`);
  await (await s.find("#pass")).type("portable passphrase");
  await (await s.find("#confirm")).type("portable passphrase");
  await shot(s, "94-portable-create");
  await (await s.find('[data-testid="create-submit"]')).click();
  await s.waitText('[data-testid="org-name"]', (t) => t === "Cedar Labs Inc.");
  await (await s.find('[data-testid="nav-scope"]')).click();
  await (await s.find("#product")).type("Lab scheduling for clinics");
  await (await s.find('[data-testid="org-save"]')).click();
  await s.waitContent('[data-testid="nav-scope-detail"]', (t) => t.includes("1 of 9"));
  await (await s.find('[data-testid="close-workbook"]')).click();
  // Reopening from the recent list asks again: a portable copy never remembers passphrases.
  await (await s.find('[data-testid="recent-item"]')).click();
  await s.find('[data-testid="passphrase-form"]');
  const form = await (await s.find('[data-testid="passphrase-form"]')).text();
  assert.match(form, /asked for every time/);
  await shot(s, "95-portable-reopen");
  await s.quit();
  s = null;
  await sleep(500);
  assert.deepEqual(tree(home), [], "nothing was written under $HOME");
  assert.ok(statSync(file).size > 0, "the workbook is in the portable folder");
  assert.ok(existsSync(join(folder, "config", "recent-workbooks.json")), "the recent list is in the portable folder");
});

test("a read-only portable folder stops the app with a clear message", async () => {
  const home = join(WORK, "empty-home-2");
  const folder = join(WORK, "read-only-stick");
  mkdirSync(home, { recursive: true });
  mkdirSync(folder, { recursive: true });
  let mounted = false;
  if (process.getuid?.() === 0) {
    // Root ignores permission bits: a read-only mount is what a locked USB stick is.
    execFileSync("mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", folder]);
    mounted = true;
  } else {
    chmodSync(folder, 0o555);
  }
  try {
    s = await Session.start(DRIVER, portableLauncher("portable-ro", home, folder));
    const message = await s.waitText('[data-testid="startup-problem"]', (t) => t.length > 0);
    assert.match(message, /cannot be written to/);
    assert.ok(message.includes(folder), message);
    await sleep(1000); // the first frames of a new window can come back stale
    await shot(s, "96-portable-read-only");
    await s.quit();
    s = null;
    assert.deepEqual(tree(home), [], "nothing was written under $HOME");
  } finally {
    if (mounted) execFileSync("umount", [folder]);
    else chmodSync(folder, 0o755);
  }
});
