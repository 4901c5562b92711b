import { describe, expect, it } from "vitest";
import { evidenceCurrencyNote } from "./asof";

describe("evidence currency", () => {
  it("says until when current evidence stays current", () => {
    expect(evidenceCurrencyNote({ state: "current", collected: "2027-03-10", until: "2027-04-10" }, null)).toEqual({
      tone: "ok",
      text: "Current until 10 Apr 2027.",
    });
    expect(evidenceCurrencyNote({ state: "current", collected: "2025-01-01", until: null }, null)?.text).toMatch(/one-off/);
    expect(evidenceCurrencyNote({ state: "none" }, null)).toBeNull();
  });

  it("gives the window for stale evidence, and whether a collection is planned in it", () => {
    const stale = { state: "stale", collected: "2026-12-01", from: "2027-03-01", by: "2027-03-31" } as const;
    const unplanned = evidenceCurrencyNote(stale, "2026-11-20");
    expect(unplanned?.tone).toBe("warn");
    expect(unplanned?.text).toBe(
      "Stale as of 31 Mar 2027: collect again between 1 Mar 2027 and 31 Mar 2027. Set the due date inside that window to plan it; until then the item does not count as done.",
    );
    expect(evidenceCurrencyNote(stale, "2027-03-15")?.text).toMatch(/Planned for 15 Mar 2027\.$/);
  });

  it("accepts evidence collected after the as-of date, and says so", () => {
    const note = evidenceCurrencyNote({ state: "collected_after", collected: "2027-04-02", as_of: "2027-03-31" }, null);
    expect(note?.text).toBe("Collected on 2 Apr 2027, after the as-of date (31 Mar 2027): accepted.");
  });
});
