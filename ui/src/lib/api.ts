// The only place the UI talks to the app: one typed function per command.
import { invoke } from "@tauri-apps/api/core";
import type {
  ApiError,
  ChangeEntry,
  CreateWorkbookRequest,
  OpenResponse,
  OpenWorkbookRequest,
  Organization,
  RecentWorkbook,
  StartupInfo,
  VerifyReport,
  WorkbookSummary,
} from "./types";

export type { ApiError };

export const api = {
  startupInfo: () => invoke<StartupInfo>("startup_info"),
  listRecent: () => invoke<RecentWorkbook[]>("list_recent"),
  forgetRecent: (path: string) => invoke<void>("forget_recent", { path }),
  createWorkbook: (request: CreateWorkbookRequest) => invoke<WorkbookSummary>("create_workbook", { request }),
  openWorkbook: (request: OpenWorkbookRequest) => invoke<OpenResponse>("open_workbook", { request }),
  openDemo: () => invoke<WorkbookSummary>("open_demo"),
  closeWorkbook: () => invoke<void>("close_workbook"),
  workbookSummary: () => invoke<WorkbookSummary>("workbook_summary"),
  recentChanges: (limit: number) => invoke<ChangeEntry[]>("recent_changes", { limit }),
  verifyWorkbook: () => invoke<VerifyReport>("verify_workbook"),
  saveCopy: (dest: string) => invoke<void>("save_copy", { dest }),
  getOrganization: () => invoke<Organization>("get_organization"),
  updateOrganization: (organization: Organization) =>
    invoke<WorkbookSummary>("update_organization", { organization }),
};
