// Words the access review screens show for the core's codes.
import type { AccountLabel, CampaignStatus, Decision, DecisionFilter, Field, Flag, MatchedBy, Preset } from "../lib/types";

export const STATUS_LABEL: Record<CampaignStatus, string> = {
  open: "Waiting for accounts",
  in_review: "In review",
  signed_off: "Signed off",
};

export const DECISION_LABEL: Record<Decision, string> = { keep: "Keep", revoke: "Revoke", change: "Change access" };

export const DECISION_FILTER_LABEL: Record<DecisionFilter, string> = {
  undecided: "No decision yet",
  decided: "Decided",
  keep: "Keep",
  revoke: "Revoke",
  change: "Change access",
};

export const LABEL_LABEL: Record<AccountLabel, string> = {
  service: "Service account",
  shared: "Shared account",
  external: "External or vendor",
  unknown: "Unknown: investigate",
};

export const FLAG_LABEL: Record<Flag, string> = {
  leaver: "Leaver still active",
  no_person: "No matching person",
  no_mfa: "No MFA",
  stale: "No recent sign-in",
  privileged: "Privileged",
  shared: "Shared or root",
};

export const MATCHED_BY_LABEL: Record<MatchedBy, string> = {
  email: "Email",
  identity: "Account is an email",
  local_part: "Email name",
  login_pattern: "Login pattern",
  name: "Display name",
  hand: "By hand",
};

export const MATCHED_BY: MatchedBy[] = ["email", "identity", "local_part", "login_pattern", "name", "hand"];

/** The order flags are listed in: the most urgent first. */
export const FLAGS: Flag[] = ["leaver", "no_person", "no_mfa", "stale", "privileged", "shared"];

export const PRESET_LABEL: Record<Preset, string> = {
  aws_iam: "AWS IAM credential report",
  entra: "Microsoft Entra ID users",
  google: "Google Workspace users",
  okta: "Okta users",
  github: "GitHub organisation members",
  slack: "Slack members",
  generic: "Other (map the columns)",
};

export const FIELD_LABEL: Record<Field, string> = {
  identity: "Account (login or user name)",
  display_name: "Display name",
  email: "Email",
  roles: "Role or groups",
  status: "Status",
  last_login: "Last sign-in",
  mfa: "Multi-factor authentication",
};

export const FIELDS: Field[] = ["identity", "display_name", "email", "roles", "status", "last_login", "mfa"];

/** 12345 -> "12,345", the same on every machine (the test window has no locale data). */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
