import type { Step } from "./types";

/** What each step is for, in one line, shown under its title. */
export const STEP_BLURB: Record<Step, string> = {
  scope: "Who is audited, what the system is, and which Trust Services categories apply.",
  risks: "The risk register and heat maps behind CC3: what could go wrong and what you do about it.",
  criteria: "Every criterion in scope, and what in the workbook addresses it.",
  checklist: "Concrete control work with owners, due dates and attached evidence.",
  policies: "Policies filled from your data, reviewed, approved and acknowledged.",
  access_reviews: "Periodic reviews of who has access to each in-scope system.",
  vendors: "Third parties, their risk tier and the assurance they give you.",
  binder: "The PDF evidence binder your auditor receives.",
};

/** The overview and the plan to the audit date sit above the steps. */
export type View = "overview" | "plan" | Step;
