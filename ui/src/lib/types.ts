// Generated from the Rust types by `UPDATE_TYPES=1 cargo test typegen`. Do not edit by hand.

export type WorkbookId = string;

export type SectionKind = "scope" | "risks" | "coverage" | "checklist" | "gaps" | "policies" | "access_reviews" | "vendors" | "change_log" | "evidence";

export type AccountLists = { full: boolean, threshold: number, flagged_limit: number, };

export type BinderProgress = { stage: string, done: number, total: number, };

export type SealInfo = { 
/**
 * SHA-256 of the certificate (DER), lower-case hex: what a client sends the auditor.
 */
certificate_fingerprint: string, 
/**
 * The certificate's subject, e.g. "CN=Acme evidence binder seal, O=Acme, OU=Readiness Workbook <id>".
 */
subject: string, 
/**
 * The organisation the certificate names (as it was named when the seal was made).
 */
organization: string, };

export type BinderReport = { path: string, pages: number, bytes: number, fingerprint: string, 
/**
 * The workbook's seal that signs the binder.
 */
seal: SealInfo, evidence_files: number, attachments_embedded: number, images_shown: number, 
/**
 * Things that could not be shown as they are, each in a sentence.
 */
notes: Array<string>, elapsed_ms: number, 
/**
 * Of which: page digests, hashing the file and signing it.
 */
signing_ms: number, };

export type BinderCheck = { name: string, ok: boolean, detail: string, };

export type BinderVerifyReport = { fingerprint: string, workbook_id: string, generated_at: string, 
/**
 * SHA-256 of the certificate that signed the binder, when the signature carries one.
 */
signer_fingerprint: string | null, 
/**
 * One sentence for the person checking: what holds, or what changed.
 */
summary: string, checks: Array<BinderCheck>, };

export type SectionChoice = { kind: SectionKind, title: string, };

export type BinderSetup = { sections: Array<SectionChoice>, 
/**
 * e.g. "Parcelwise, Inc. evidence binder 2026-11-28.pdf"
 */
suggested_file_name: string, 
/**
 * The workbook's seal, once its first binder has been exported.
 */
seal: SealInfo | null, };

export type Organization = { legal_name: string, product: string, locations: string, auditor_firm: string, auditor_contact: string, target_audit_date: string | null, };

export type Step = "scope" | "risks" | "criteria" | "checklist" | "policies" | "access_reviews" | "vendors" | "binder";

export type StepState = "not_started" | "in_progress" | "complete";

export type StepProgress = { step: Step, title: string, state: StepState, 
/**
 * 0 to 100.
 */
percent: number, 
/**
 * One line for the sidebar tooltip and the overview, e.g. "4 of 5 profile fields".
 */
detail: string, };

export type ChangeLogSummary = { entries: number, head_hash: string, };

export type AppVersions = { created_by: string, 
/**
 * The version whose change was committed last; the creator until anything changes.
 */
last_written_by: string, };

export type WorkbookSummary = { workbook_id: WorkbookId, path: string, schema_version: number, created_at: string, 
/**
 * Which app versions created the file and last wrote to it.
 */
app_versions: AppVersions, organization: Organization, change_log: ChangeLogSummary, 
/**
 * How far each step has come: progress, not readiness.
 */
steps: Array<StepProgress>, 
/**
 * How ready the company is, by the one rule in `crate::readiness`.
 */
readiness: ReadinessSummary, 
/**
 * What the readiness figure is judged against (the as-of date, or today).
 */
yardstick: Yardstick, };

export type ChangeEntry = { seq: number, at: string, actor: string, entity: string, entity_id: string, action: string, detail: unknown, prev_hash: string, hash: string, };

export type ProblemKind = "storage" | "log_protection" | "chain_broken" | "row_changed_outside_log" | "row_not_in_log" | "row_missing" | "evidence_mismatch";

export type Problem = { kind: ProblemKind, message: string, };

export type VerifyReport = { ok: boolean, entries_checked: number, rows_checked: number, head_hash: string, problems: Array<Problem>, };

export type RecentWorkbook = { path: string, workbook_id: WorkbookId, 
/**
 * The file's SQLCipher salt in hex: finds the entry again after a move or rename.
 */
salt: string, organization: string, last_opened: string, is_demo: boolean, 
/**
 * Filled when listing: whether the file is still where we last saw it.
 */
exists: boolean, };

export type PassphraseNeeded = "not_remembered" | "remembered_was_rejected" | "keyring_unavailable";

export type Category = "security" | "availability" | "confidentiality" | "processing_integrity" | "privacy";

export type ReportType = "type1" | "type2";

export type Scope = { report_type: ReportType, as_of_date: string | null, period_start: string | null, period_end: string | null, 
/**
 * What the report calls the system, e.g. "Parcelwise tracking platform".
 */
system_name: string, };

export type CategoryScope = { category: Category, name: string, always_in_scope: boolean, in_scope: boolean, rationale: string, summary: string, when_to_include: string, criteria_count: number, };

export type ScopeOverview = { scope: Scope, categories: Array<CategoryScope>, criteria_in_scope: number, systems_in_scope: number, systems_out_of_scope: number, };

export type CoverageKind = "checklist_item" | "policy" | "access_review" | "risk_register";

export type CoverageLink = { kind: CoverageKind, id: string, title: string, 
/**
 * Whether the record is finished (item ready with evidence or not applicable with a
 * reason, policy approved, review signed off).
 */
complete: boolean, };

export type CriterionView = { id: string, category: Category, series: string, series_name: string, title: string, summary: string, guidance: Array<string>, in_scope: boolean, 
/**
 * Records that map to this criterion, finished or not.
 */
addressed_by: Array<CoverageLink>, 
/**
 * How ready it is, by the rule in `crate::readiness`; None when out of scope.
 */
readiness: CriterionReadiness | null, 
/**
 * Share of its key work done, 0 to 100 (0 when out of scope).
 */
percent: number, 
/**
 * Its key controls and whether each is done (empty when out of scope).
 */
key_items: Array<KeyWork>, };

export type DescriptionSection = { key: string, title: string, prompt: string, example: string, 
/**
 * What the user wrote; empty until they save something.
 */
body: string, 
/**
 * A starting text built from the workbook's own data.
 */
draft: string, };

export type EmploymentStatus = "active" | "on_leave" | "contractor" | "left";

export type Role = "security_owner" | "policy_approver" | "system_owner" | "access_reviewer" | "executive" | "engineering_lead" | "hr_owner" | "incident_lead" | "privacy_owner";

export type Person = { id: string, name: string, email: string, title: string, department: string, status: EmploymentStatus, start_date: string | null, end_date: string | null, roles: Array<Role>, };

export type PersonInput = { name: string, email: string, title: string, department: string, status: EmploymentStatus | null, start_date: string | null, end_date: string | null, roles: Array<Role>, };

export type RowAction = "add" | "update" | "unchanged" | "skip";

export type PreviewRow = { line: number, action: RowAction, name: string, email: string, title: string, department: string, status: EmploymentStatus | null, start_date: string | null, end_date: string | null, 
/**
 * For updates: which fields change, e.g. ["title", "status"].
 */
changes: Array<string>, 
/**
 * Sentences for the user, one per problem.
 */
problems: Array<string>, };

export type RosterPreview = { rows: Array<PreviewRow>, to_add: number, to_update: number, unchanged: number, skipped: number, };

export type ImportResult = { added: number, updated: number, };

export type SystemKind = "application" | "infrastructure" | "data_store" | "saas" | "endpoints" | "network";

export type DataClassification = "public" | "internal" | "confidential" | "restricted";

export type System = { id: string, name: string, kind: SystemKind, description: string, owner_id: string | null, 
/**
 * The owner's name, for display.
 */
owner_name: string | null, hosting: string, data_classification: DataClassification, in_scope: boolean, scope_reason: string, holds_customer_data: boolean, 
/**
 * Vendors in the inventory that support this system (its hosting and tooling).
 */
vendor_names: Array<string>, };

export type SystemInput = { name: string, kind: SystemKind, description: string, owner_id: string | null, hosting: string, data_classification: DataClassification, in_scope: boolean, scope_reason: string, holds_customer_data: boolean, };

export type ItemStatus = "not_started" | "in_progress" | "ready" | "not_applicable";

export type Frequency = "once" | "continuous" | "monthly" | "quarterly" | "annual";

export type ChecklistItem = { id: string, 
/**
 * "AC-01" for library items, "CU-001" for the user's own.
 */
ref: string, library_key: string | null, area: string, title: string, why: string, how: string, suggested_evidence: Array<string>, frequency: Frequency, owner_id: string | null, owner_name: string | null, status: ItemStatus, due_date: string | null, na_justification: string, comments: string, criteria: Array<string>, 
/**
 * The criteria, among `criteria`, for which this is a key control: from the library
 * for library items, plus any the user marked.
 */
key_for: Array<string>, evidence_count: number, 
/**
 * Its newest evidence judged against the as-of date (see `readiness::as_of`).
 */
evidence_state: EvidenceCurrency, 
/**
 * At least one of its criteria is in scope. Out-of-scope items are kept, hidden.
 */
in_scope: boolean, 
/**
 * Past its due date and not finished (or, when ready, its evidence still stale).
 */
overdue: boolean, };

export type ItemEdit = { owner_id: string | null, status: ItemStatus, due_date: string | null, na_justification: string, comments: string, };

export type BulkEdit = { item_ids: Array<string>, owner: OwnerChange | null, status: ItemStatus | null, due: DueChange | null, 
/**
 * Used for items set to not applicable by this edit.
 */
na_justification: string | null, };

export type OwnerChange = { "to": "person", "id": string } | { "to": "nobody" };

export type DueChange = { "to": "date", "date": string } | { "to": "none" };

export type NewItem = { title: string, area: string, why: string, how: string, frequency: Frequency, criteria: Array<string>, 
/**
 * The criteria, among `criteria`, the item is a key control for.
 */
key_for: Array<string>, };

export type Basis = "as_of_date" | "today";

export type Yardstick = { date: string, today: string, basis: Basis, 
/**
 * The one line every face prints next to its figures.
 */
sentence: string, };

export type EvidenceCurrency = { "state": "none" } | { "state": "current", collected: string, until: string | null, } | { "state": "collected_after", collected: string, as_of: string, } | { "state": "stale", collected: string, from: string, by: string, };

export type CriterionReadiness = "ready" | "partly_ready" | "not_started" | "not_applicable";

export type PolicyWork = { policy_id: string, title: string, approved: boolean, };

export type KeyWork = { item_id: string, ref: string, title: string, status: ItemStatus, evidence_count: number, owner_id: string | null, owner_name: string | null, due_date: string | null, done: boolean, 
/**
 * Why it is not done, when it is not.
 */
shortfall: string | null, };

export type CriterionStatus = { id: string, category: Category, title: string, readiness: CriterionReadiness, 
/**
 * Share of this criterion's work done (key items and mapped policies), 0 to 100,
 * rounded down so that 100 means ready.
 */
percent: number, key_items: Array<KeyWork>, policies: Array<PolicyWork>, 
/**
 * Every item mapped to it, key or not: context, not part of the rule.
 */
items_total: number, evidence_count: number, };

export type CategoryReadiness = { category: Category, name: string, criteria_total: number, criteria_ready: number, criteria_partly_ready: number, criteria_not_started: number, criteria_not_applicable: number, 
/**
 * Share of key work done across the category's criteria, weighted by criterion.
 */
percent: number, };

export type ReadinessSummary = { 
/**
 * Share of in-scope key work done, weighted by criterion, 0 to 100.
 */
percent: number, criteria_in_scope: number, criteria_ready: number, criteria_partly_ready: number, criteria_not_started: number, 
/**
 * Ready because every key item is not applicable with a reason.
 */
criteria_not_applicable: number, };

export type Readiness = { 
/**
 * What the figures are judged against: the as-of date, or today without one.
 */
yardstick: Yardstick, summary: ReadinessSummary, 
/**
 * In-scope criteria, in catalog order.
 */
criteria: Array<CriterionStatus>, categories: Array<CategoryReadiness>, };

export type ReadinessReport = { readiness: Readiness, gaps: Gaps, };

export type GapKind = "criterion_not_ready" | "criterion_without_key_item" | "ready_without_evidence" | "not_applicable_without_reason" | "risk_above_appetite" | "risk_without_controls" | "risk_controls_not_ready" | "access_review_not_signed_off" | "vendor_report" | "vendor_without_dpa" | "evidence_stale" | "access_review_due" | "policy_review_due" | "bridge_letter_needed";

export type Gap = { kind: GapKind, 
/**
 * The criterion id, item reference, risk, review or vendor the gap is about.
 */
subject: string, message: string, owner_id: string | null, 
/**
 * The owner's name, or "Unassigned".
 */
owner: string, };

export type OwnerGaps = { owner_id: string | null, owner: string, gaps: Array<Gap>, };

export type Gaps = { gaps: Array<Gap>, 
/**
 * The same gaps grouped by owner, named owners first (alphabetically), then
 * "Unassigned".
 */
by_owner: Array<OwnerGaps>, };

export type PlanItem = { item_id: string, ref: string, title: string, status: ItemStatus, evidence_count: number, 
/**
 * The in-scope criteria it is a key control for that are not ready yet.
 */
criteria: Array<string>, due_date: string | null, 
/**
 * Due date before today.
 */
overdue: boolean, 
/**
 * Due after the date the work must be done by.
 */
due_after_target: boolean, };

export type OwnerPlan = { 
/**
 * The owner's name, or "Unassigned".
 */
owner: string, owner_id: string | null, 
/**
 * Earliest due date first, undated last.
 */
items: Array<PlanItem>, 
/**
 * The owner's last due date; None when any of their items has none.
 */
finishes: string | null, };

export type WarningKind = "as_of_date_not_set" | "as_of_date_in_past" | "overdue" | "no_due_date" | "due_after_as_of_date" | "fieldwork_at_risk";

export type PlanWarning = { kind: WarningKind, message: string, 
/**
 * Item references concerned, if any.
 */
items: Array<string>, };

export type BurnPoint = { date: string, 
/**
 * Key items done (ready with evidence, or not applicable with a reason) that day.
 */
done: number, };

export type TaskKind = "collect_evidence" | "access_review" | "bridge_letter" | "policy_review";

export type ScheduledTask = { kind: TaskKind, 
/**
 * The item reference, system, vendor or policy it is about.
 */
subject: string, 
/**
 * What it is about, in words ("BC-06 Restore a backup…", "Event archive").
 */
title: string, 
/**
 * What to do, in one sentence with its window.
 */
message: string, owner: string, owner_id: string | null, 
/**
 * The window: not before this day...
 */
from: string, 
/**
 * ...and by this one.
 */
by: string, 
/**
 * The day it is planned for, when one is set inside the window.
 */
planned: string | null, 
/**
 * Its day has passed: a planned collection missed, a policy review already late.
 */
overdue: boolean, };

export type Plan = { today: string, 
/**
 * The as-of date as set in scope.
 */
as_of_date: string | null, 
/**
 * The date key work must be done by: the as-of date, or today when that has passed.
 */
target_date: string | null, 
/**
 * The organisation's target audit date, if set.
 */
audit_date: string | null, 
/**
 * The latest day fieldwork (4 to 6 weeks) can start and still end by the audit date.
 */
fieldwork_start: string | null, readiness_percent: number, key_items_total: number, key_items_done: number, key_items_remaining: number, 
/**
 * The last due date of the remaining key work: when it would all be done if every
 * date holds. None when nothing is left or some of it has no due date.
 */
projected_ready_date: string | null, owners: Array<OwnerPlan>, 
/**
 * What the as-of date asks to be done inside a window (fresh evidence, quarterly
 * reviews, bridge letters, policy reviews), earliest window first. Empty when the
 * as-of date has passed (the plan is then a record) or is not set.
 */
schedule: Array<ScheduledTask>, 
/**
 * What the figures are judged against.
 */
yardstick: Yardstick, warnings: Array<PlanWarning>, 
/**
 * Key items done at the end of each day the log shows a change to them, ending today.
 */
burndown: Array<BurnPoint>, 
/**
 * The pace needed: from the first burn-down point to every key item done on the
 * target date (empty without a target date).
 */
needed: Array<BurnPoint>, };

export type StatusCounts = { not_started: number, in_progress: number, ready: number, not_applicable: number, };

export type OwnerLoad = { owner_id: string | null, 
/**
 * "Unassigned" for items without an owner.
 */
name: string, total: number, done: number, overdue: number, percent: number, };

export type OverdueItem = { id: string, ref: string, title: string, owner_name: string | null, due_date: string, days_late: number, };

export type Dashboard = { items_total: number, 
/**
 * Ready or not applicable.
 */
items_done: number, 
/**
 * Step progress of the checklist (every item, key or not): progress, not readiness.
 */
items_percent: number, 
/**
 * The readiness figures, from the one rule in `crate::readiness`.
 */
readiness: ReadinessSummary, status: StatusCounts, by_category: Array<CategoryReadiness>, by_owner: Array<OwnerLoad>, overdue: Array<OverdueItem>, 
/**
 * Everything `crate::readiness::gaps` lists.
 */
gap_count: number, 
/**
 * What the figures are judged against: the as-of date, or today without one.
 */
yardstick: Yardstick, 
/**
 * In-scope items whose newest evidence will be too old on the as-of date.
 */
stale_evidence: number, 
/**
 * In-scope systems without a signed-off access review within 90 days before it.
 */
access_reviews_due: number, 
/**
 * Vendors whose report needs a bridge letter to reach it.
 */
bridge_letters_needed: number, evidence_files: number, evidence_bytes: number, 
/**
 * Critical and high-tier vendors with something to fix (no or expired report...).
 */
vendor_alerts: Array<VendorAlert>, vendors_total: number, 
/**
 * Vendors with nothing flagged.
 */
vendors_clear: number, policies_total: number, 
/**
 * Policies with a version approved and in force.
 */
policies_approved: number, 
/**
 * Approved policies whose yearly (or other) review falls due on or before the
 * as-of date.
 */
policy_reviews_due: Array<PolicyReviewDue>, 
/**
 * Risks in the register that are not closed.
 */
risks_total: number, 
/**
 * Risks whose residual score is above the appetite and nobody accepted.
 */
risks_above_appetite: number, 
/**
 * Risks to be mitigated whose controls are all linked and ready.
 */
risks_treated: number, risk_appetite: number, 
/**
 * Where the live risks sit after their controls.
 */
risk_heatmap: HeatMap, risks_signed_off: boolean, 
/**
 * Access reviews: open, overdue, remediation not yet done.
 */
access: AccessDashboard, };

export type EvidenceRef = string;

export type Evidence = { id: string, ref: EvidenceRef, 
/**
 * Lower-case hex SHA-256 of the bytes: what `sha256sum` prints for the file.
 */
sha256: string, size: number, 
/**
 * As the user named it; may hold any character, including path separators, so it
 * is never used as a path (see `suggested_file_name`).
 */
file_name: string, media_type: string, description: string, collected_at: string, collected_by: string, added_at: string, 
/**
 * The checklist items this file supports.
 */
item_ids: Array<string>, };

export type NewEvidence = { description: string, 
/**
 * When the evidence was produced (e.g. the day a screenshot was taken); today if
 * not given.
 */
collected_at: string | null, 
/**
 * Who produced it; the person making the change if blank.
 */
collected_by: string, 
/**
 * The name to keep; the source file's own name if not given.
 */
file_name: string | null, };

export type EvidenceDetails = { description: string, collected_at: string, collected_by: string, };

export type PreviewKind = "image" | "text" | "pdf" | "other";

export type Preview = { media_type: string, kind: PreviewKind, 
/**
 * The whole image or PDF, base64-encoded, when it fits in the size asked for.
 */
data_base64: string | null, 
/**
 * The start of a text file.
 */
text: string | null, 
/**
 * True when there is more than what is shown (or the image or PDF was too big to
 * show).
 */
truncated: boolean, };

export type ExportReport = { bytes: number, 
/**
 * The exported file's SHA-256, checked against the one recorded at attach time.
 */
sha256: string, };

export type AttachProgress = { file_name: string, bytes_done: number, bytes_total: number, };

export type VendorCategory = "cloud_hosting" | "identity" | "payments" | "monitoring" | "support_tooling" | "communication" | "development" | "security" | "hr_finance" | "data_analytics" | "other";

export type AccessLevel = "none" | "read" | "write" | "admin";

export type Criticality = "low" | "medium" | "high";

export type Tier = "critical" | "high" | "medium" | "low";

export type Assurance = "soc2_type2" | "soc2_type1" | "soc1" | "iso27001" | "none";

export type Opinion = "unqualified" | "qualified" | "unknown";

export type Subservice = "no" | "carve_out" | "inclusive";

export type VendorFlag = "missing_assurance" | "report_expired" | "bridge_letter_needed" | "missing_dpa" | "review_overdue" | "qualified_opinion";

export type VendorInput = { name: string, service: string, category: VendorCategory, owner_id: string | null, website: string, data_classification: DataClassification, customer_data: boolean, access_level: AccessLevel, criticality: Criticality, tier_override: Tier | null, tier_override_reason: string, contract_start: string | null, contract_renewal: string | null, assurance: Assurance, report_period_end: string | null, report_received: string | null, bridge_letter: boolean, opinion: Opinion, exceptions: string, dpa_signed: string | null, questionnaire_date: string | null, questionnaire_outcome: string, subservice: Subservice, last_review: string | null, 
/**
 * Systems in the inventory this vendor supports.
 */
system_ids: Array<string>, };

export type Vendor = { id: string, owner_name: string | null, 
/**
 * The tier the rules suggest from data, access and criticality.
 */
suggested_tier: Tier, 
/**
 * The override if set, else the suggestion.
 */
tier: Tier, next_review: string | null, flags: Array<VendorFlag>, cuec_count: number, evidence_count: number, name: string, service: string, category: VendorCategory, owner_id: string | null, website: string, data_classification: DataClassification, customer_data: boolean, access_level: AccessLevel, criticality: Criticality, tier_override: Tier | null, tier_override_reason: string, contract_start: string | null, contract_renewal: string | null, assurance: Assurance, report_period_end: string | null, report_received: string | null, bridge_letter: boolean, opinion: Opinion, exceptions: string, dpa_signed: string | null, questionnaire_date: string | null, questionnaire_outcome: string, subservice: Subservice, last_review: string | null, 
/**
 * Systems in the inventory this vendor supports.
 */
system_ids: Array<string>, };

export type Cuec = { id: string, vendor_id: string, description: string, 
/**
 * Checklist items that fulfil it; empty means nobody does it yet.
 */
item_ids: Array<string>, };

export type VendorAlert = { vendor_id: string, name: string, tier: Tier, flags: Array<VendorFlag>, };

export type VendorAssessment = { suggested_tier: Tier, tier: Tier, next_review: string | null, flags: Array<VendorFlag>, };

export type VendorRowAction = "add" | "merge" | "unchanged" | "skip";

export type VendorPreviewRow = { line: number, action: VendorRowAction, name: string, problems: Array<string>, };

export type VendorPreview = { rows: Array<VendorPreviewRow>, to_add: number, to_merge: number, unchanged: number, skipped: number, };

export type VendorImportResult = { added: number, merged: number, };

export type ImportVendorsRequest = { path: string, apply: boolean, expected_sha256: string | null, };

export type VendorImportOutcome = { file_sha256: string, preview: VendorPreview, result: VendorImportResult | null, };

export type VersionStatus = "draft" | "in_review" | "approved" | "superseded";

export type VersionSummary = { id: string, number: number, status: VersionStatus, created_at: string, created_by: string, approved_by: string | null, approved_at: string | null, next_review: string | null, acknowledgements: number, };

export type PolicySummary = { id: string, title: string, owner_role: string, criteria: Array<string>, 
/**
 * The newest version (what is being worked on, or the approved one).
 */
latest: VersionSummary, 
/**
 * The version in force, if any has been approved.
 */
in_force: VersionSummary | null, 
/**
 * Placeholders the newest version cannot fill yet; approval waits for none.
 */
unresolved: Array<string>, review_overdue: boolean, };

export type Heading = { level: number, text: string, };

export type Rendered = { html: string, outline: Array<Heading>, words: number, };

export type PolicyDocument = { policy_id: string, title: string, version: VersionSummary, 
/**
 * The markdown as stored, placeholders included (what the editor edits).
 */
body: string, 
/**
 * Filled and rendered: frozen text for approved versions, live fill for drafts.
 */
rendered: Rendered, unresolved: Array<string>, };

export type PolicyPreview = { rendered: Rendered, unresolved: Array<string>, };

export type Acknowledgement = { person_id: string, name: string, acknowledged_at: string, };

export type PolicyReviewDue = { policy_id: string, title: string, next_review: string | null, };

export type ImportRosterRequest = { 
/**
 * The CSV file the user picked in the open dialog.
 */
path: string, 
/**
 * false: preview only; true: import the rows the preview accepts.
 */
apply: boolean, 
/**
 * With `apply`: the `file_sha256` of the preview the user confirmed. If the file has
 * changed since, nothing is imported.
 */
expected_sha256: string | null, };

export type RosterImportOutcome = { 
/**
 * SHA-256 of the file as read, so confirming imports exactly what was previewed.
 */
file_sha256: string, preview: RosterPreview, result: ImportResult | null, people: Array<Person> | null, };

export type CreateWorkbookRequest = { path: string, organization: string, passphrase: string, remember: boolean, };

export type OpenWorkbookRequest = { path: string, 
/**
 * None: use the passphrase remembered on this computer, if any.
 */
passphrase: string | null, remember: boolean, };

export type OpenResponse = { "outcome": "opened", summary: WorkbookSummary, } | { "outcome": "needs_passphrase", path: string, reason: PassphraseNeeded, };

export type StartupInfo = { 
/**
 * "0.1.0"
 */
app_version: string, 
/**
 * The git commit the app was built from, for the About panel.
 */
commit: string, 
/**
 * Started with `--demo`: the UI opens the demo workbook straight away.
 */
open_demo: boolean, 
/**
 * A workbook given on the command line: the UI opens it (asking for its passphrase).
 */
open_path: string | null, 
/**
 * Set when running portable: everything is kept in this folder and passphrases are
 * never remembered.
 */
portable_folder: string | null, 
/**
 * Why the app cannot work (a read-only portable folder): shown instead of the home screen.
 */
problem: string | null, 
/**
 * Where new workbooks are suggested to go.
 */
default_folder: string, };

export type OpenRequested = { "kind": "workbook", path: string, } | { "kind": "demo" };

export type RiskCategory = "security" | "availability" | "confidentiality" | "privacy" | "processing_integrity" | "fraud" | "vendor" | "people" | "business_change";

export type Treatment = "mitigate" | "accept" | "transfer" | "avoid";

export type RiskStatus = "open" | "in_treatment" | "treated" | "closed";

export type Dimension = "likelihood" | "impact";

export type Acceptance = { approver_id: string, date: string, reason: string, };

export type RiskInput = { title: string, description: string, category: RiskCategory, owner_id: string | null, likelihood: number, impact: number, treatment: Treatment, treatment_notes: string, residual_likelihood: number, residual_impact: number, status: RiskStatus, review_date: string | null, 
/**
 * Required when the treatment is accept; allowed with any treatment (a mitigated
 * risk still above appetite can be accepted as it stands).
 */
acceptance: Acceptance | null, 
/**
 * The library entry it was added from, e.g. "R-SEC-01".
 */
library_ref: string | null, system_ids: Array<string>, 
/**
 * Checklist items that act as the risk's controls.
 */
control_item_ids: Array<string>, };

export type ControlLink = { item_id: string, ref: string, title: string, status: ItemStatus, };

export type Risk = { id: string, owner_name: string | null, owner_email: string | null, approver_name: string | null, system_names: Array<string>, controls: Array<ControlLink>, 
/**
 * Likelihood times impact, 1 to 25.
 */
inherent_score: number, residual_score: number, 
/**
 * The residual score is above the appetite and nobody has accepted it.
 */
above_appetite: boolean, 
/**
 * Linked controls not yet ready for audit.
 */
controls_not_ready: number, review_overdue: boolean, title: string, description: string, category: RiskCategory, owner_id: string | null, likelihood: number, impact: number, treatment: Treatment, treatment_notes: string, residual_likelihood: number, residual_impact: number, status: RiskStatus, review_date: string | null, 
/**
 * Required when the treatment is accept; allowed with any treatment (a mitigated
 * risk still above appetite can be accepted as it stands).
 */
acceptance: Acceptance | null, 
/**
 * The library entry it was added from, e.g. "R-SEC-01".
 */
library_ref: string | null, system_ids: Array<string>, 
/**
 * Checklist items that act as the risk's controls.
 */
control_item_ids: Array<string>, };

export type ScaleLevel = { dimension: Dimension, level: number, label: string, meaning: string, 
/**
 * Written by the workbook's team rather than our default text.
 */
edited: boolean, };

export type Scales = { likelihood: Array<ScaleLevel>, impact: Array<ScaleLevel>, };

export type SignoffInput = { 
/**
 * A person on the roster.
 */
signed_by: string, signed_on: string, 
/**
 * How the assessment was done: who took part, what was considered, the scales used.
 */
method: string, };

export type Signoff = { id: string, signed_by: string, signed_by_name: string, signed_on: string, method: string, 
/**
 * Risks in the register when it was signed.
 */
risk_count: number, };

export type Band = "low" | "medium" | "high" | "critical";

export type HeatCell = { likelihood: number, impact: number, score: number, band: Band, 
/**
 * A risk in this cell is above appetite unless accepted.
 */
above_appetite: boolean, count: number, risk_ids: Array<string>, };

export type HeatMap = { cells: Array<HeatCell>, };

export type Register = { risks: Array<Risk>, appetite: number, inherent: HeatMap, residual: HeatMap, above_appetite: number, scales: Scales, signoff: Signoff | null, };

export type LibraryRisk = { key: string, category: RiskCategory, title: string, description: string, likelihood: number, impact: number, treatment: Treatment, treatment_notes: string, 
/**
 * Checklist library keys of the items that act as controls.
 */
controls: Array<string>, 
/**
 * Criteria the risk supports.
 */
criteria: Array<string>, };

export type RiskRowAction = "add" | "update" | "unchanged" | "problem";

export type RiskPreviewRow = { line: number, action: RiskRowAction, title: string, problems: Array<string>, };

export type RiskPreview = { rows: Array<RiskPreviewRow>, to_add: number, to_update: number, unchanged: number, with_problems: number, };

export type RiskImportResult = { added: number, updated: number, };

export type ImportRisksRequest = { path: string, apply: boolean, expected_sha256: string | null, };

export type RiskImportOutcome = { file_sha256: string, preview: RiskPreview, result: RiskImportResult | null, };

export type AccessDashboard = { campaigns_total: number, signed_off: number, 
/**
 * Not signed off yet.
 */
open: number, 
/**
 * Not signed off and past the due date.
 */
overdue: number, 
/**
 * Revoke and change tasks not yet completed.
 */
remediation_open: number, };

export type CampaignStatus = "open" | "in_review" | "signed_off";

export type Decision = "keep" | "revoke" | "change";

export type DecisionFilter = "undecided" | "decided" | "keep" | "revoke" | "change";

export type AccountLabel = "service" | "shared" | "external" | "unknown";

export type Field = "identity" | "display_name" | "email" | "roles" | "status" | "last_login" | "mfa";

export type Preset = "aws_iam" | "entra" | "google" | "okta" | "github" | "slack" | "generic";

export type Flag = "leaver" | "no_person" | "no_mfa" | "stale" | "privileged" | "shared";

export type MatchedBy = "email" | "identity" | "local_part" | "login_pattern" | "name" | "hand";

export type Candidate = { person_id: string, name: string, email: string, };

export type Mapping = { identity: string | null, display_name: string | null, email: string | null, roles: string | null, status: string | null, last_login: string | null, mfa: string | null, };

export type CampaignInput = { system_id: string, reviewer_id: string | null, as_of: string, due: string | null, 
/**
 * An active account with no sign-in for more days than this is flagged.
 */
stale_days: number, };

export type FlagCount = { flag: Flag | null, count: number, };

export type CampaignCounts = { accounts: number, undecided: number, keep: number, revoke: number, change: number, 
/**
 * Accounts with at least one flag.
 */
flagged: number, 
/**
 * Flagged accounts still without a decision.
 */
flagged_undecided: number, by_flag: Array<FlagCount>, remediation_total: number, remediation_open: number, 
/**
 * Accounts no one on the roster matches that look like people.
 */
unknown_people: number, 
/**
 * Accounts that look like machines (svc-, ci-, bots, root) not yet labelled.
 */
unlabelled_machines: number, };

export type Campaign = { id: string, system_id: string, system_name: string, reviewer_id: string | null, reviewer_name: string | null, as_of: string, due: string | null, stale_days: number, status: CampaignStatus, source_file: string, preset: Preset | null, headers: Array<string>, imported_at: string | null, signed_off_by: string, signed_off_on: string | null, sign_off_note: string, 
/**
 * Not signed off and the due date has passed.
 */
overdue: boolean, counts: CampaignCounts, };

export type LineProblem = { line: number, column: string, message: string, };

export type PreviewAccount = { line: number, identity: string, display_name: string, email: string, roles: string, active: boolean, last_login: string | null, mfa: boolean | null, person_name: string | null, matched_by: MatchedBy | null, flags: Array<Flag>, };

export type ImportPreview = { detected: Preset, preset: Preset, mapping: Mapping, 
/**
 * The mapping came from the last import for this system.
 */
remembered: boolean, headers: Array<string>, rows: number, active: number, matched: number, by_flag: Array<FlagCount>, problems: Array<LineProblem>, problem_count: number, sample: Array<PreviewAccount>, };

export type ImportSummary = { accounts: number, matched: number, flagged: number, by_flag: Array<FlagCount>, };

export type AccountFilter = { flag: Flag | null, 
/**
 * Only flagged accounts (any flag).
 */
flagged_only: boolean, decision: DecisionFilter | null, 
/**
 * Only accounts tied to a person this way.
 */
matched_by: MatchedBy | null, 
/**
 * Matches account, name or email, ignoring case.
 */
search: string, };

export type FlagReason = { flag: Flag, message: string, };

export type AccountRow = { id: string, line: number, identity: string, display_name: string, email: string, roles: string, account_status: string, active: boolean, last_login: string | null, mfa: boolean | null, person_id: string | null, person_name: string | null, matched_by: MatchedBy | null, 
/**
 * Linked by hand to someone since removed from the roster (`person_name` is the
 * name the link kept).
 */
person_removed: boolean, 
/**
 * For an account linked by hand: when, e.g. "Linked by hand in the review of 2026-08-31".
 */
match_note: string, flags: Array<FlagReason>, decision: Decision | null, reason: string, label: AccountLabel | null, decided_by: string, decided_on: string | null, };

export type AccountPage = { total: number, offset: number, rows: Array<AccountRow>, };

export type AccountDetail = { account: AccountRow, 
/**
 * For an account no one was matched to although someone could fit: why, and who.
 */
candidates: Array<Candidate>, ambiguity: string, raw: Array<[string, string]>, campaign_status: CampaignStatus, };

export type DecisionInput = { decision: Decision, reason: string, };

export type RemediationTask = { account_id: string, campaign_id: string, identity: string, display_name: string, action: Decision, detail: string, ticket: string, completed_on: string | null, };

export type AccessImportRequest = { campaign_id: string, 
/**
 * The CSV or XLSX file the user picked.
 */
path: string, 
/**
 * None: detect from the header.
 */
preset: Preset | null, 
/**
 * None: the mapping remembered for the system, else the preset's.
 */
mapping: Mapping | null, 
/**
 * false: preview only; true: import.
 */
apply: boolean, 
/**
 * With `apply`: the `file_sha256` of the preview the user confirmed.
 */
expected_sha256: string | null, };

export type AccessImportOutcome = { file_sha256: string, preview: ImportPreview, result: ImportSummary | null, };

export type DecideRequest = { campaign_id: string, 
/**
 * The accounts to decide; when absent, every account `filter` picks.
 */
account_ids: Array<string> | null, filter: AccountFilter | null, decision: DecisionInput, };

export type LinkRequest = { campaign_id: string, account_ids: Array<string>, 
/**
 * Also every unlabelled account that looks like a machine (the bulk proposal).
 */
machines: boolean, 
/**
 * Exactly one of `person_id` and `label`.
 */
person_id: string | null, label: AccountLabel | null, };

export type ApiError = { kind: string, message: string, detail?: string, };

