import { describe, expect, it } from "vitest";
import { fileName, folderOf, joinPath, passphraseStrength, relativeTime, suggestedFileName, timeLeft, withExtension } from "./format";

describe("paths", () => {
  it("splits POSIX and Windows paths", () => {
    expect(fileName("/home/ana/Acme.soc2wb")).toBe("Acme.soc2wb");
    expect(fileName("C:\\Users\\ana\\Acme.soc2wb")).toBe("Acme.soc2wb");
    expect(folderOf("/home/ana/Acme.soc2wb")).toBe("/home/ana");
    expect(folderOf("Acme.soc2wb")).toBe("");
  });

  it("adds the extension only when missing", () => {
    expect(withExtension(" /tmp/acme ")).toBe("/tmp/acme.soc2wb");
    expect(withExtension("/tmp/acme.SOC2WB")).toBe("/tmp/acme.SOC2WB");
  });

  it("joins with the folder's own separator", () => {
    expect(joinPath("/home/ana", "a.soc2wb")).toBe("/home/ana/a.soc2wb");
    expect(joinPath("/home/ana/", "a.soc2wb")).toBe("/home/ana/a.soc2wb");
    expect(joinPath("C:\\Users\\ana", "a.soc2wb")).toBe("C:\\Users\\ana\\a.soc2wb");
    expect(joinPath("", "a.soc2wb")).toBe("a.soc2wb");
  });

  it("suggests a safe file name from the organisation", () => {
    expect(suggestedFileName("Acme / Labs: EU")).toBe("Acme Labs EU readiness.soc2wb");
    expect(suggestedFileName("   ")).toBe("Untitled readiness.soc2wb");
  });
});

describe("relativeTime", () => {
  const now = new Date("2026-11-27T12:00:00Z");
  it("reads naturally", () => {
    expect(relativeTime("2026-11-27T11:59:30Z", now)).toBe("just now");
    expect(relativeTime("2026-11-27T11:15:00Z", now)).toBe("45 min ago");
    expect(relativeTime("2026-11-27T07:00:00Z", now)).toBe("5 h ago");
    expect(relativeTime("2026-11-26T10:00:00Z", now)).toBe("yesterday");
    expect(relativeTime("2026-11-20T12:00:00Z", now)).toBe("7 days ago");
    expect(relativeTime("not a date", now)).toBe("");
  });
});

describe("passphraseStrength", () => {
  it("grades length and variety", () => {
    expect(passphraseStrength("").score).toBe(0);
    expect(passphraseStrength("short").label).toMatch(/Too short/);
    expect(passphraseStrength("abcdefgh").score).toBe(1);
    expect(passphraseStrength("abcdefgh12").score).toBe(2);
    expect(passphraseStrength("Abcdefgh12!x").score).toBe(3);
    expect(passphraseStrength("correct horse battery").score).toBe(3);
  });
});

describe("time left", () => {
  it("waits a second, then extrapolates the pace so far", () => {
    expect(timeLeft(10, 100, 500)).toBe("");
    expect(timeLeft(25, 100, 2000)).toBe("about 6 s left");
    expect(timeLeft(10, 100, 20_000)).toBe("about 3 min left");
    expect(timeLeft(99, 100, 2000)).toBe("under a second left");
    expect(timeLeft(100, 100, 5000)).toBe("");
  });
});
