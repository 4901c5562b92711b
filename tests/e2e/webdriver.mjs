// A minimal W3C WebDriver client: just what our end-to-end tests use, with no
// dependencies, talking to tauri-driver (which forwards to WebKitWebDriver).

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  /** Starts `application` (with `args` on its command line) in a new session. */
  static async start(base, application, { timeoutMs = 60000, args = [] } = {}) {
    const deadline = Date.now() + timeoutMs;
    let lastError;
    while (Date.now() < deadline) {
      try {
        const value = await call(base, "POST", "/session", {
          capabilities: { alwaysMatch: { browserName: "wry", "tauri:options": { application, args } } },
        });
        return new Session(base, value.sessionId);
      } catch (e) {
        lastError = e;
        await sleep(500);
      }
    }
    throw new Error(`could not start a WebDriver session: ${lastError}`);
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  async quit() {
    await this.cmd("DELETE", "").catch(() => {});
  }

  /** Waits until `css` matches a displayed element and returns it. */
  async find(css, { timeoutMs = 15000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    let last = "";
    while (Date.now() < deadline) {
      try {
        const v = await this.cmd("POST", "/element", { using: "css selector", value: css });
        const el = new Element(this, v[ELEMENT]);
        if (await el.displayed()) return el;
        last = "found but not displayed";
      } catch (e) {
        last = String(e);
      }
      await sleep(150);
    }
    throw new Error(`element ${css} did not appear: ${last}`);
  }

  async findAll(css) {
    const v = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return v.map((x) => new Element(this, x[ELEMENT]));
  }

  async waitGone(css, { timeoutMs = 15000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await this.findAll(css)).length === 0) return;
      await sleep(150);
    }
    throw new Error(`element ${css} is still there`);
  }

  /** Waits until the element's text satisfies `predicate`. */
  async waitText(css, predicate, { timeoutMs = 15000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    let text = "";
    while (Date.now() < deadline) {
      try {
        text = await (await this.find(css, { timeoutMs: 2000 })).text();
        if (predicate(text)) return text;
      } catch {
        // not there yet
      }
      await sleep(150);
    }
    throw new Error(`text of ${css} never matched; last was ${JSON.stringify(text)}`);
  }

  /** Like waitText, but reads the DOM's textContent (for text WebKit does not report as rendered). */
  async waitContent(css, predicate, { timeoutMs = 15000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    let text = "";
    while (Date.now() < deadline) {
      text = (await this.execute("const e = document.querySelector(arguments[0]); return e ? e.textContent : ''", [css])) ?? "";
      if (predicate(text)) return text;
      await sleep(150);
    }
    throw new Error(`content of ${css} never matched; last was ${JSON.stringify(text)}`);
  }

  execute(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /**
   * Resolves once the page has painted its latest DOM changes: two animation frames, or
   * half a second when frames do not come (a window the compositor is not drawing).
   */
  settle() {
    return this.cmd("POST", "/execute/async", {
      script: `const done = arguments[arguments.length - 1];
        let called = false;
        const finish = () => { if (!called) { called = true; done(); } };
        requestAnimationFrame(() => requestAnimationFrame(finish));
        setTimeout(finish, 500);`,
      args: [],
    });
  }

  /**
   * A PNG of the window. WebKitWebDriver has been seen to hang on a session's first
   * screenshot, so each attempt is bounded and retried; null when all attempts fail.
   */
  async screenshot({ attempts = 3, timeoutMs = 20000 } = {}) {
    for (let i = 0; i < attempts; i++) {
      try {
        const data = await call(this.base, "GET", `/session/${this.id}/screenshot`, undefined, timeoutMs);
        return Buffer.from(data, "base64");
      } catch (e) {
        console.warn(`# screenshot attempt ${i + 1} failed: ${e}`);
        await sleep(1000);
      }
    }
    return null;
  }
}

export class Element {
  constructor(session, id) {
    this.s = session;
    this.id = id;
  }
  /** Clicks; if the element is scrolled out of a container or covered, brings it to the
   * middle of its scroll area and tries once more. */
  async click() {
    try {
      return await this.s.cmd("POST", `/element/${this.id}/click`, {});
    } catch (e) {
      if (!/not interactable|intercepted/.test(String(e))) throw e;
      await this.s.execute("arguments[0].scrollIntoView({ block: 'center' })", [{ [ELEMENT]: this.id }]);
      await sleep(200);
      return this.s.cmd("POST", `/element/${this.id}/click`, {});
    }
  }
  async clear() {
    await this.s.cmd("POST", `/element/${this.id}/clear`, {});
  }
  type(text) {
    return this.s.cmd("POST", `/element/${this.id}/value`, { text });
  }
  text() {
    return this.s.cmd("GET", `/element/${this.id}/text`);
  }
  value() {
    return this.s.cmd("GET", `/element/${this.id}/property/value`);
  }
  enabled() {
    return this.s.cmd("GET", `/element/${this.id}/enabled`);
  }
  displayed() {
    return this.s.cmd("GET", `/element/${this.id}/displayed`);
  }
  attr(name) {
    return this.s.cmd("GET", `/element/${this.id}/attribute/${name}`);
  }
}

async function call(base, method, path, body, timeoutMs = 60000) {
  const res = await fetch(base + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok || (json.value && json.value.error)) {
    const v = json.value || {};
    throw new Error(`${method} ${path}: ${v.error || res.status} ${v.message || ""}`.trim());
  }
  return json.value;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
