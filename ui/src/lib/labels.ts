// How the backend's enum values read to a person. Presentation only.
import type { DataClassification, EmploymentStatus, Role, SystemKind } from "./types";

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
