import { describe, expect, it } from "vitest";
import { frame, stepPath, x, y } from "./chart";

describe("burn-down chart geometry", () => {
  it("spans the dates given and puts all-done at the top", () => {
    const f = frame(["2026-12-01", "2027-03-31", null], 40);
    expect(x(f, "2026-12-01")).toBe(f.pad.left);
    expect(x(f, "2027-03-31")).toBeCloseTo(f.width - f.pad.right);
    expect(y(f, 40)).toBe(f.pad.top);
    expect(y(f, 0)).toBe(f.height - f.pad.bottom);
  });

  it("draws done counts as steps that hold until the next change", () => {
    const f = frame(["2026-12-01", "2026-12-11"], 10, 110, 110);
    const d = stepPath(f, [
      { date: "2026-12-01", done: 0 },
      { date: "2026-12-11", done: 5 },
    ]);
    expect(d.startsWith("M36.0,")).toBe(true);
    expect(d).toContain(" H94.0 V");
  });
});
