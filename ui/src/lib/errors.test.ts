import { describe, expect, it } from "vitest";
import { errorKind, errorMessage, isApiError } from "./errors";

describe("errors", () => {
  it("shows the backend's own sentence for an ApiError", () => {
    const e = { kind: "wrong_passphrase", message: "The passphrase is wrong for a.soc2wb." };
    expect(isApiError(e)).toBe(true);
    expect(errorMessage(e)).toBe("The passphrase is wrong for a.soc2wb.");
    expect(errorKind(e)).toBe("wrong_passphrase");
  });

  it("never shows an empty or technical message", () => {
    expect(errorMessage(new Error("boom"))).toBe("boom");
    expect(errorMessage("plain text")).toBe("plain text");
    expect(errorMessage(undefined)).toMatch(/Nothing was changed/);
    expect(errorMessage("  ")).toMatch(/Nothing was changed/);
    expect(errorKind(new Error("x"))).toBe("unknown");
  });
});
