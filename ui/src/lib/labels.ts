// How the backend's enum values read to a person. Presentation only.
import type {
  AccessLevel,
  Assurance,
  Criticality,
  DataClassification,
  EmploymentStatus,
  Frequency,
  ItemStatus,
  Opinion,
  Role,
  Subservice,
  SystemKind,
  Tier,
  VendorCategory,
  VendorFlag,
} from "./types";

export const VENDOR_CATEGORY_LABEL: Record<VendorCategory, string> = {
  cloud_hosting: "Cloud hosting",
  identity: "Identity and email",
  payments: "Payments",
  monitoring: "Monitoring and logging",
  support_tooling: "Support tooling",
  communication: "Communication",
  development: "Development tools",
  security: "Security tools",
  hr_finance: "HR and finance",
  data_analytics: "Data and analytics",
  other: "Other",
};
export const ACCESS_LABEL: Record<AccessLevel, string> = { none: "No access", read: "Can read", write: "Can change", admin: "Administers" };
export const CRITICALITY_LABEL: Record<Criticality, string> = { low: "Low", medium: "Medium", high: "High" };
export const TIER_LABEL: Record<Tier, string> = { critical: "Critical", high: "High", medium: "Medium", low: "Low" };
export const ASSURANCE_LABEL: Record<Assurance, string> = {
  soc2_type2: "SOC 2 Type II",
  soc2_type1: "SOC 2 Type I",
  soc1: "SOC 1",
  iso27001: "ISO 27001",
  none: "None",
};
export const OPINION_LABEL: Record<Opinion, string> = { unqualified: "Unqualified (clean)", qualified: "Qualified", unknown: "Not recorded" };
export const SUBSERVICE_LABEL: Record<Subservice, string> = {
  no: "Not a subservice organisation",
  carve_out: "Subservice, carve-out method",
  inclusive: "Subservice, inclusive method",
};
export const FLAG_LABEL: Record<VendorFlag, string> = {
  missing_assurance: "No report",
  report_expired: "Report expired",
  bridge_letter_needed: "Bridge letter needed",
  missing_dpa: "No DPA",
  review_overdue: "Review overdue",
  qualified_opinion: "Qualified opinion",
};
export const FLAG_HINT: Record<VendorFlag, string> = {
  missing_assurance: "No SOC 2 or ISO 27001 report on file for a critical or high-tier vendor.",
  report_expired: "The report's period ends more than 12 months before the as-of date: ask for a newer report.",
  bridge_letter_needed:
    "The report's period ends more than 3 months before the as-of date: ask for a bridge letter covering the months in between.",
  missing_dpa: "Customer data is shared but no data processing agreement is signed.",
  review_overdue: "The vendor review is overdue.",
  qualified_opinion: "The vendor's auditor gave a qualified opinion: read the exceptions.",
};

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
  engineering_lead: "Engineering lead",
  hr_owner: "HR owner",
  incident_lead: "Incident lead",
  privacy_owner: "Privacy owner",
};

export const ROLE_HINT: Record<Role, string> = {
  security_owner: "Accountable for the security programme; usually the CTO.",
  policy_approver: "Approves policies and their new versions.",
  system_owner: "Owns systems in the inventory.",
  access_reviewer: "Reviews who has access in access review campaigns.",
  executive: "Leadership; accepts risks above appetite.",
  engineering_lead: "Production access, change management, secure development.",
  hr_owner: "Onboarding, offboarding, training and background checks.",
  incident_lead: "Leads the response when an incident is declared.",
  privacy_owner: "Privacy and data protection questions.",
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
