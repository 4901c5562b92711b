import { describe, expect, it } from "vitest";
import { band } from "./labels";

describe("band", () => {
  it("follows the same thresholds as the core's Band::of", () => {
    expect([1, 4, 5, 9, 10, 14, 15, 25].map(band)).toEqual(["low", "low", "medium", "medium", "high", "high", "critical", "critical"]);
  });
});
