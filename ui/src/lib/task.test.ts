import { describe, expect, it } from "vitest";
import { Task } from "./task.svelte";

describe("Task", () => {
  it("is busy only while the work runs and clears an earlier error", async () => {
    const task = new Task();
    task.error = "An earlier failure.";
    let busyInside = false;
    const ok = await task.run(async () => {
      busyInside = task.busy;
      expect(task.error).toBe("");
    });
    expect(ok).toBe(true);
    expect(busyInside).toBe(true);
    expect(task.busy).toBe(false);
  });

  it("keeps the failure's sentence and says it failed", async () => {
    const task = new Task();
    const ok = await task.run(async () => {
      throw { kind: "not_found", message: "That vendor no longer exists." };
    });
    expect(ok).toBe(false);
    expect(task.error).toBe("That vendor no longer exists.");
    expect(task.busy).toBe(false);
  });
});
