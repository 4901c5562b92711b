// How the backend's enum values read to a person. Presentation only.
import type { DataClassification, EmploymentStatus, Frequency, ItemStatus, Role, SystemKind } from "./types";

export const ITEM_STATUS_LABEL: Record<ItemStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  ready: "Ready for audit",
  not_applicable: "Not applicable",
};

export const FREQUENCY_LABEL: Record<Frequency, string> = {
  once: "Once",
  continuous: "Always on",
  monthly: "Monthly",
  quarterly: "Quarterly",
  annual: "Yearly",
};

export const AREA_LABEL: Record<string, string> = {
  access_control: "Access control",
  network_security: "Network security",
  data_protection: "Data protection",
  monitoring_availability: "Monitoring & availability",
  incident_response: "Incident response",
  business_continuity: "Business continuity",
  processing_integrity: "Processing integrity",
  change_management: "Change management",
  confidentiality_privacy: "Confidentiality & privacy",
  third_parties: "Third parties",
  human_resources: "People & HR",
  governance: "Governance",
  documentation: "Documentation",
  cadence: "Ongoing cadence",
};

export function areaLabel(area: string): string {
  return AREA_LABEL[area] ?? (area ? area.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase()) : "Other");
}

export const STATUS_LABEL: Record<EmploymentStatus, string> = {
  active: "Active",
  on_leave: "On leave",
  contractor: "Contractor",
  left: "Left",
};

export const ROLE_LABEL: Record<Role, string> = {
  security_owner: "Security owner",
  policy_approver: "Policy approver",
  system_owner: "System owner",
  access_reviewer: "Access reviewer",
  executive: "Executive",
};

export const ROLE_HINT: Record<Role, string> = {
  security_owner: "Accountable for the security programme; usually the CTO.",
  policy_approver: "Approves policies and their new versions.",
  system_owner: "Owns systems in the inventory.",
  access_reviewer: "Reviews who has access in access review campaigns.",
  executive: "Leadership; accepts risks above appetite.",
};

export const KIND_LABEL: Record<SystemKind, string> = {
  application: "Application",
  infrastructure: "Infrastructure",
  data_store: "Data store",
  saas: "SaaS tool",
  endpoints: "Endpoint fleet",
  network: "Network",
};

export const CLASS_LABEL: Record<DataClassification, string> = {
  public: "Public",
  internal: "Internal",
  confidential: "Confidential",
  restricted: "Restricted",
};

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(`${iso}T00:00:00`);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
}
