// The create dialog's own rules: what it lets through and what it sends. The IPC call is
// replaced here only; the end-to-end tests drive the same dialog against the real backend.
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// A plain function, not vi.fn(): vitest's mock bookkeeping reports a rejected promise
// it returned as a test failure even when the component handles it.
let reply: (r: unknown) => Promise<unknown> = async () => ({});
const sent: unknown[] = [];
vi.mock("../lib/api", () => ({
  api: {
    createWorkbook: (r: unknown) => {
      sent.push(r);
      return reply(r);
    },
  },
}));
vi.mock("@tauri-apps/plugin-dialog", () => ({ save: vi.fn(async () => null) }));

import CreateWorkbook from "./CreateWorkbook.svelte";

function setup() {
  const oncreated = vi.fn();
  const oncancel = vi.fn();
  render(CreateWorkbook, { props: { defaultFolder: "/home/ana/Workbooks", oncreated, oncancel } });
  const submit = screen.getByTestId("create-submit") as HTMLButtonElement;
  return { oncreated, oncancel, submit };
}

async function fill(label: RegExp, value: string) {
  await fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

describe("CreateWorkbook", () => {
  beforeEach(() => {
    sent.length = 0;
  });
  afterEach(() => cleanup());

  it("suggests a file in the default folder named after the organisation", async () => {
    setup();
    await fill(/Organisation being audited/, "Acme Labs");
    expect((screen.getByLabelText(/Save as/) as HTMLInputElement).value).toBe(
      "/home/ana/Workbooks/Acme Labs readiness.soc2wb",
    );
  });

  it("stays disabled until the passphrase is long enough and confirmed", async () => {
    const { submit } = setup();
    await fill(/Organisation being audited/, "Acme Labs");
    expect(submit.disabled).toBe(true);
    await fill(/^Passphrase$/, "short");
    await fill(/Confirm passphrase/, "short");
    expect(submit.disabled).toBe(true);
    await fill(/^Passphrase$/, "long enough phrase");
    await fill(/Confirm passphrase/, "long enough phrase!");
    expect(screen.getByText("The two passphrases differ.")).toBeTruthy();
    expect(submit.disabled).toBe(true);
    await fill(/Confirm passphrase/, "long enough phrase");
    expect(submit.disabled).toBe(false);
  });

  it("sends the trimmed organisation and the path with its extension", async () => {
    const summary = { organization: { legal_name: "Acme Labs" } };
    reply = async () => summary;
    const { submit, oncreated } = setup();
    await fill(/Organisation being audited/, "  Acme Labs ");
    await fill(/Save as/, "/tmp/acme");
    await fill(/^Passphrase$/, "long enough phrase");
    await fill(/Confirm passphrase/, "long enough phrase");
    await fireEvent.click(submit);
    await vi.waitFor(() => expect(oncreated).toHaveBeenCalledWith(summary));
    expect(sent).toEqual([{
      path: "/tmp/acme.soc2wb",
      organization: "Acme Labs",
      passphrase: "long enough phrase",
      remember: true,
    }]);
  });

  it("shows the backend's refusal and keeps what was typed", async () => {
    reply = async () => {
      throw { kind: "already_exists", message: "/tmp/acme.soc2wb already exists." };
    };
    const { submit, oncreated } = setup();
    await fill(/Organisation being audited/, "Acme Labs");
    await fill(/^Passphrase$/, "long enough phrase");
    await fill(/Confirm passphrase/, "long enough phrase");
    await fireEvent.click(submit);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("already exists");
    expect(oncreated).not.toHaveBeenCalled();
    expect((screen.getByLabelText(/Organisation being audited/) as HTMLInputElement).value).toBe("Acme Labs");
  });
});
