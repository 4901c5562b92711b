// How the risk register's enum values read to a person. Presentation only.
import type { Band, RiskCategory, RiskRowAction, RiskStatus, Treatment } from "../lib/types";

export const RISK_CATEGORY_LABEL: Record<RiskCategory, string> = {
  security: "Security",
  availability: "Availability",
  confidentiality: "Confidentiality",
  privacy: "Privacy",
  processing_integrity: "Processing integrity",
  fraud: "Fraud",
  vendor: "Vendors",
  people: "People",
  business_change: "Business change",
};

export const TREATMENT_LABEL: Record<Treatment, string> = {
  mitigate: "Mitigate",
  accept: "Accept",
  transfer: "Transfer",
  avoid: "Avoid",
};

export const TREATMENT_HINT: Record<Treatment, string> = {
  mitigate: "Reduce it with controls (checklist items linked below).",
  accept: "Live with it as it is. Needs an approver, a date and a reason.",
  transfer: "Pass it on, e.g. insurance or a contract. Say how in the notes.",
  avoid: "Stop doing the thing that creates it. Say how in the notes.",
};

export const RISK_STATUS_LABEL: Record<RiskStatus, string> = {
  open: "Open",
  in_treatment: "Treatment under way",
  treated: "Treated",
  closed: "Closed",
};

export const BAND_LABEL: Record<Band, string> = { low: "Low", medium: "Medium", high: "High", critical: "Critical" };

export const RISK_ACTION_LABEL: Record<RiskRowAction, string> = {
  add: "Add",
  update: "Update",
  unchanged: "No change",
  problem: "Problem",
};

export function band(score: number): Band {
  if (score <= 4) return "low";
  if (score <= 9) return "medium";
  if (score <= 14) return "high";
  return "critical";
}
