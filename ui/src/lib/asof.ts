// How an item's evidence stands against the as-of date, in one sentence for the
// evidence panel. The rule itself is the core's (readiness::as_of); this only words it.
import { formatDate } from "./labels";
import type { EvidenceCurrency } from "./types";

export type CurrencyNote = { tone: "ok" | "warn" | "info"; text: string };

export function evidenceCurrencyNote(state: EvidenceCurrency, due: string | null): CurrencyNote | null {
  switch (state.state) {
    case "none":
      return null;
    case "current":
      return state.until
        ? { tone: "ok", text: `Current until ${formatDate(state.until)}.` }
        : { tone: "ok", text: "Current: evidence of a one-off control does not go stale." };
    case "collected_after":
      return {
        tone: "info",
        text: `Collected on ${formatDate(state.collected)}, after the as-of date (${formatDate(state.as_of)}): accepted.`,
      };
    case "stale": {
      const window = `collect again between ${formatDate(state.from)} and ${formatDate(state.by)}`;
      const planned = due !== null && due >= state.from && due <= state.by;
      return {
        tone: "warn",
        text:
          `Stale as of ${formatDate(state.by)}: ${window}. ` +
          (planned
            ? `Planned for ${formatDate(due)}.`
            : "Set the due date inside that window to plan it; until then the item does not count as done."),
      };
    }
  }
}
