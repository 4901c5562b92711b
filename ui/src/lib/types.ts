// Generated from the Rust types by `UPDATE_TYPES=1 cargo test typegen`. Do not edit by hand.

export type WorkbookId = string;

export type Organization = { legal_name: string, product: string, locations: string, auditor_firm: string, auditor_contact: string, target_audit_date: string | null, };

export type Step = "scope" | "risks" | "criteria" | "checklist" | "policies" | "access_reviews" | "vendors" | "binder";

export type StepState = "not_started" | "in_progress" | "complete" | "coming_soon";

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

export type WorkbookSummary = { workbook_id: WorkbookId, path: string, schema_version: number, created_at: string, organization: Organization, change_log: ChangeLogSummary, steps: Array<StepProgress>, 
/**
 * Mean of the steps that exist, 0 to 100.
 */
overall_percent: number, };

export type ChangeEntry = { seq: number, at: string, actor: string, entity: string, entity_id: string, action: string, detail: unknown, prev_hash: string, hash: string, };

export type ProblemKind = "storage" | "log_protection" | "chain_broken" | "row_changed_outside_log" | "row_not_in_log" | "row_missing";

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

export type CreateWorkbookRequest = { path: string, organization: string, passphrase: string, remember: boolean, };

export type OpenWorkbookRequest = { path: string, 
/**
 * None: use the passphrase remembered on this computer, if any.
 */
passphrase: string | null, remember: boolean, };

export type OpenResponse = { "outcome": "opened", summary: WorkbookSummary, } | { "outcome": "needs_passphrase", path: string, reason: PassphraseNeeded, };

export type StartupInfo = { app_version: string, 
/**
 * Started with `--demo`: the UI opens the demo workbook straight away.
 */
open_demo: boolean, 
/**
 * Where new workbooks are suggested to go.
 */
default_folder: string, };

export type ApiError = { kind: string, message: string, detail?: string, };

