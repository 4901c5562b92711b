import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import CsvImportPreview from "./CsvImportPreview.svelte";

type Row = { line: number; action: "add" | "update" | "problem"; title: string; problems: string[] };

function props(over: Record<string, unknown> = {}) {
  const rows: Row[] = [
    { line: 2, action: "add", title: "Lost laptop", problems: [] },
    { line: 3, action: "update", title: "", problems: [] },
  ];
  return {
    title: "Import risks from r.csv",
    testid: "risk-import",
    thing: "Risk",
    rows,
    // render() sees the component without its generic, so the row comes in untyped.
    name: (r: { line: number }) => (r as Row).title,
    actions: { add: "Add", update: "Update", problem: "Problem" },
    problem: "problem" as const,
    change: "update",
    tally: { add: 1, change: 1, unchanged: 0, problems: 0 },
    apply: vi.fn(async () => {}),
    ondone: vi.fn(),
    ...over,
  };
}

afterEach(cleanup);

describe("CsvImportPreview", () => {
  it("shows the tally and each line, with a dash for a line without a name", () => {
    render(CsvImportPreview, { props: props() });
    expect(screen.getByTestId("risk-import").textContent).toContain("1 to update");
    expect(screen.getByText("Lost laptop")).toBeTruthy();
    expect(screen.getByText("—")).toBeTruthy();
  });

  it("imports for real and reports it; nothing while a line has a problem", async () => {
    const p = props();
    render(CsvImportPreview, { props: p });
    await fireEvent.click(screen.getByText("Import"));
    await tick();
    expect(p.apply).toHaveBeenCalledOnce();
    expect(p.ondone).toHaveBeenCalledWith(true);
    cleanup();
    render(CsvImportPreview, { props: props({ tally: { add: 1, change: 1, unchanged: 0, problems: 1 } }) });
    expect((screen.getByText("Import") as HTMLButtonElement).disabled).toBe(true);
  });

  it("keeps the dialog open with the reason when the import is refused", async () => {
    const p = props({ apply: vi.fn(async () => Promise.reject({ kind: "changed", message: "The file changed since the preview." })) });
    render(CsvImportPreview, { props: p });
    await fireEvent.click(screen.getByText("Import"));
    await tick();
    expect((await screen.findByTestId("error")).textContent).toContain("The file changed since the preview.");
    expect(p.ondone).not.toHaveBeenCalled();
  });
});
