// What every end-to-end test file shares: the environment run.sh sets, screenshots, and
// answering the native GTK file dialog with xdotool.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before } from "node:test";
import { Session, sleep } from "./webdriver.mjs";

export function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run this through tests/e2e/run.sh`);
  return v;
}

export const APP = env("E2E_APP");
export const DRIVER = env("E2E_DRIVER");
export const ARTIFACTS = env("E2E_ARTIFACTS");
export const CLI = env("READINESS_BIN");
export const DEMO = join(env("READINESS_DATA_DIR"), "Parcelwise demo.soc2wb");
mkdirSync(ARTIFACTS, { recursive: true });

/** Saves a PNG of the window as a test artefact (a failed screenshot is logged, not fatal). */
export async function shot(session, name) {
  // WebKit can hand back the previous frame when asked right after a DOM change.
  await session.settle();
  await sleep(100);
  const png = await session.screenshot();
  if (png) writeFileSync(join(ARTIFACTS, `${name}.png`), png);
}

/** Sets an input's value the way typing would, for inputs WebDriver cannot type into (dates, selects). */
export function setValue(session, css, value) {
  return session.execute(
    `const el = document.querySelector(arguments[0]); el.value = arguments[1];
     el.dispatchEvent(new Event("input", { bubbles: true })); el.dispatchEvent(new Event("change", { bubbles: true }));`,
    [css, value],
  );
}

/** Waits for the visible native dialog whose title contains `titlePart` and focuses it. */
async function focusDialog(titlePart) {
  let win = "";
  for (let i = 0; i < 50 && !win; i++) {
    await sleep(200);
    try {
      // Only visible windows: a dialog closed earlier can linger unmapped with the same title.
      const found = execFileSync("xdotool", ["search", "--onlyvisible", "--name", titlePart]).toString().trim().split("\n");
      win = found[found.length - 1];
    } catch {
      // not open yet
    }
  }
  assert.ok(win, `the dialog "${titlePart}" did not open`);
  await sleep(500);
  execFileSync("xdotool", ["windowfocus", "--sync", win]);
  return win;
}

/** Types `path` into the focused dialog after `keys` (which clear or open its name field), then Enter. */
async function answerDialog(titlePart, keys, path) {
  const win = await focusDialog(titlePart);
  execFileSync("xdotool", ["key", "--window", win, keys]);
  await sleep(300);
  execFileSync("xdotool", ["type", "--delay", "15", path]);
  await sleep(300);
  execFileSync("xdotool", ["key", "Return"]);
}

/** Answers the native GTK file chooser whose title contains `titlePart`: location field, path, Enter. */
export async function chooseFile(titlePart, path) {
  await answerDialog(titlePart, "ctrl+l", path);
}

/** Answers the native GTK save dialog: the suggested name is selected and replaced by the full path. */
export async function saveFile(titlePart, path) {
  await answerDialog(titlePart, "ctrl+a", path);
}

/** Runs the readiness CLI on the demo workbook and returns its stdout. */
export function demoCli(args) {
  return execFileSync(CLI, args, { env: { ...process.env, READINESS_PASSPHRASE: "demo-workbook" } }).toString();
}

/** Starts the app and opens the demo workbook; returns the WebDriver session. */
export async function openDemo() {
  const s = await Session.start(DRIVER, APP);
  await (await s.find('[data-testid="open-demo"]')).click();
  await s.waitText('[data-testid="org-name"]', (t) => t === "Parcelwise, Inc.");
  return s;
}

/**
 * The app on the demo workbook for every test of one file: opened before the first test,
 * closed after the last (both registered here with node:test). `s` is the WebDriver
 * session: the object exists from the start so a file can hold it in a const, and
 * before() gives it the id of the real session. `setValue`, `shot` and `click` act on it;
 * `settleMs` is a pause before each screenshot, for a window that may not have painted
 * the last DOM change yet.
 */
export function demoSession({ settleMs = 0 } = {}) {
  const s = new Session(DRIVER, null);
  before(async () => {
    Object.assign(s, await openDemo());
  });
  after(async () => {
    if (s.id) await s.quit();
  });
  return {
    s,
    setValue: (css, value) => setValue(s, css, value),
    shot: async (name) => {
      if (settleMs) await sleep(settleMs);
      await shot(s, name);
    },
    click: async (css) => (await s.find(css)).click(),
  };
}
