// Start-up time of the app: from the moment its process starts to the first painted home
// screen. Run through tests/e2e/run.sh (E2E_SCRIPT=this file, E2E_APP=the release build)
// by scripts/bench.sh; prints human lines on stderr and one `BENCH {...}` line on stdout.
//
// The process start comes from /proc (its start time in clock ticks since boot, plus the
// boot time), so WebDriver's own set-up is not counted. The paint comes from the page:
// Home marks `home-painted` two animation frames after it mounts. "Cold" is the first
// start with the page cache dropped (when this user may drop it) and fresh settings
// folders; "warm" is the median of the starts after it.

import { readFileSync, readdirSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { Session, sleep } from "./webdriver.mjs";
import { APP, DRIVER, env } from "./harness.mjs";

const WARM_RUNS = Number(process.env.STARTUP_WARM_RUNS || 5);
const TICKS = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim());
const BOOT_MS = Number(/^btime (\d+)$/m.exec(readFileSync("/proc/stat", "utf8"))[1]) * 1000;

/** The newest process running `exe`: the app WebDriver just started. */
function appPid(exe) {
  let best = null;
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0")[0];
      if (cmd !== exe) continue;
      const start = startedAtMs(name);
      if (!best || start > best.start) best = { pid: name, start };
    } catch {
      // gone
    }
  }
  return best;
}

function startedAtMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces), starttime is field 22.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return BOOT_MS + (Number(fields[19]) / TICKS) * 1000;
}

function dropCaches() {
  try {
    execFileSync("sync");
    execFileSync("sh", ["-c", "echo 3 > /proc/sys/vm/drop_caches"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function once() {
  const s = await Session.start(DRIVER, APP);
  try {
    await s.find('[data-testid="home"]', { timeoutMs: 30000 });
    let painted = null;
    for (let i = 0; i < 100 && painted === null; i++) {
      painted = await s.execute(
        "const m = performance.getEntriesByName('home-painted')[0]; return m ? performance.timeOrigin + m.startTime : null",
      );
      if (painted === null) await sleep(50);
    }
    const proc = appPid(APP);
    if (!proc || painted === null) throw new Error("could not read the start or the paint time");
    return painted - proc.start;
  } finally {
    await s.quit();
    await sleep(300);
  }
}

const work = env("E2E_WORK");
for (const dir of ["config", "data"]) rmSync(join(work, dir), { recursive: true, force: true });
const dropped = dropCaches();
const cold = await once();
const warm = [];
for (let i = 0; i < WARM_RUNS; i++) warm.push(await once());
warm.sort((a, b) => a - b);
const median = warm[Math.floor(warm.length / 2)];
console.error(
  `start-up to painted home: cold ${cold.toFixed(0)} ms (${dropped ? "page cache dropped" : "page cache NOT dropped: no permission"}), ` +
    `warm median ${median.toFixed(0)} ms of ${warm.map((w) => w.toFixed(0)).join(", ")}`,
);
console.log(
  `BENCH ${JSON.stringify({
    name: "startup",
    app: APP,
    cold_ms: Math.round(cold),
    cold_page_cache_dropped: dropped,
    warm_median_ms: Math.round(median),
    warm_runs_ms: warm.map(Math.round),
  })}`,
);
