// The only place the UI talks to the app: one typed function per command.
import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  AccountLists,
  AccessImportOutcome,
  AccessImportRequest,
  AccountDetail,
  AccountFilter,
  AccountLabel,
  AccountPage,
  Campaign,
  CampaignInput,
  DecideRequest,
  LinkRequest,
  RemediationTask,
  ApiError,
  BinderProgress,
  BinderReport,
  BinderSetup,
  BinderVerifyReport,
  SectionKind,
  Dimension,
  ImportRisksRequest,
  LibraryRisk,
  Register,
  RiskImportOutcome,
  RiskInput,
  SignoffInput,
  EvidenceDetails,
  Acknowledgement,
  PolicyDocument,
  PolicyPreview,
  PolicySummary,
  VersionSummary,
  ImportVendorsRequest,
  VendorImportOutcome,
  Cuec,
  Vendor,
  VendorAssessment,
  VendorInput,
  AttachProgress,
  Evidence,
  ExportReport,
  Preview as EvidencePreview,
  BulkEdit,
  ChecklistItem,
  ReadinessReport,
  Plan,
  Dashboard,
  ItemEdit,
  NewItem,
  Category,
  CriterionView,
  DescriptionSection,
  ImportRosterRequest,
  Person,
  PersonInput,
  RosterImportOutcome,
  Scope,
  ScopeOverview,
  System,
  SystemInput,
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

  // Scoping
  scopeOverview: () => invoke<ScopeOverview>("scope_overview"),
  updateScope: (scope: Scope) => invoke<ScopeOverview>("update_scope", { scope }),
  setCategoryScope: (category: Category, inScope: boolean, rationale: string) =>
    invoke<ScopeOverview>("set_category_scope", { category, inScope, rationale }),
  listCriteria: () => invoke<CriterionView[]>("list_criteria"),
  listPeople: () => invoke<Person[]>("list_people"),
  savePerson: (id: string | null, person: PersonInput) => invoke<Person[]>("save_person", { id, person }),
  deletePerson: (id: string) => invoke<Person[]>("delete_person", { id }),
  importRoster: (request: ImportRosterRequest) => invoke<RosterImportOutcome>("import_roster", { request }),
  listSystems: () => invoke<System[]>("list_systems"),
  saveSystem: (id: string | null, system: SystemInput) => invoke<System[]>("save_system", { id, system }),
  deleteSystem: (id: string) => invoke<System[]>("delete_system", { id }),
  listDescription: () => invoke<DescriptionSection[]>("list_description"),
  saveDescriptionSection: (key: string, body: string) =>
    invoke<DescriptionSection[]>("save_description_section", { key, body }),

  // Checklist
  listItems: () => invoke<ChecklistItem[]>("list_items"),
  updateItem: (id: string, edit: ItemEdit) => invoke<ChecklistItem>("update_item", { id, edit }),
  bulkUpdateItems: (edit: BulkEdit) => invoke<ChecklistItem[]>("bulk_update_items", { edit }),
  createItem: (item: NewItem) => invoke<ChecklistItem[]>("create_item", { item }),
  setItemKeyFor: (id: string, keyFor: string[]) => invoke<ChecklistItem>("set_item_key_for", { id, keyFor }),
  readiness: () => invoke<ReadinessReport>("readiness"),
  readinessPlan: () => invoke<Plan>("readiness_plan"),
  dashboard: () => invoke<Dashboard>("dashboard"),
  exportPbc: (dest: string) => invoke<number>("export_pbc", { dest }),

  // Evidence
  listItemEvidence: (itemId: string) => invoke<Evidence[]>("list_item_evidence", { itemId }),
  listEvidence: () => invoke<Evidence[]>("list_evidence"),
  attachEvidence: (itemId: string, paths: string[], onProgress: Channel<AttachProgress>) =>
    invoke<Evidence[]>("attach_evidence", { itemId, paths, onProgress }),
  cancelAttach: () => invoke<void>("cancel_attach"),
  unlinkEvidence: (itemId: string, evidenceId: string) => invoke<void>("unlink_evidence", { itemId, evidenceId }),
  linkEvidence: (itemId: string, evidenceId: string) => invoke<Evidence[]>("link_evidence", { itemId, evidenceId }),
  updateEvidence: (evidenceId: string, details: EvidenceDetails) =>
    invoke<Evidence>("update_evidence", { evidenceId, details }),
  exportEvidence: (evidenceId: string, dest: string) => invoke<ExportReport>("export_evidence", { evidenceId, dest }),
  previewEvidence: (evidenceId: string) => invoke<EvidencePreview>("preview_evidence", { evidenceId }),

  // Vendors
  listVendors: () => invoke<Vendor[]>("list_vendors"),
  saveVendor: (id: string | null, vendor: VendorInput) => invoke<Vendor[]>("save_vendor", { id, vendor }),
  deleteVendor: (id: string) => invoke<Vendor[]>("delete_vendor", { id }),
  assessVendor: (vendor: VendorInput) => invoke<VendorAssessment>("assess_vendor", { vendor }),
  listCuecs: (vendorId: string) => invoke<Cuec[]>("list_cuecs", { vendorId }),
  addCuec: (vendorId: string, description: string, itemIds: string[]) =>
    invoke<Cuec[]>("add_cuec", { vendorId, description, itemIds }),
  deleteCuec: (vendorId: string, cuecId: string) => invoke<Cuec[]>("delete_cuec", { vendorId, cuecId }),
  listVendorEvidence: (vendorId: string) => invoke<Evidence[]>("list_vendor_evidence", { vendorId }),
  attachVendorEvidence: (vendorId: string, paths: string[], onProgress: Channel<AttachProgress>) =>
    invoke<Evidence[]>("attach_vendor_evidence", { vendorId, paths, onProgress }),
  importVendors: (request: ImportVendorsRequest) => invoke<VendorImportOutcome>("import_vendors", { request }),
  exportVendors: (dest: string) => invoke<void>("export_vendors", { dest }),

  // Policies
  listPolicies: () => invoke<PolicySummary[]>("list_policies"),
  policyDocument: (id: string, version: number | null) => invoke<PolicyDocument>("policy_document", { id, version }),
  policyVersions: (id: string) => invoke<VersionSummary[]>("policy_versions", { id }),
  policyMarkdown: (id: string, version: number) => invoke<string>("policy_markdown", { id, version }),
  previewPolicy: (body: string) => invoke<PolicyPreview>("preview_policy", { body }),
  savePolicy: (id: string, body: string) => invoke<PolicyDocument>("save_policy", { id, body }),
  submitPolicy: (id: string) => invoke<PolicyDocument>("submit_policy", { id }),
  approvePolicy: (id: string, approverId: string) => invoke<PolicyDocument>("approve_policy", { id, approverId }),
  policyAcknowledgements: (versionId: string) => invoke<Acknowledgement[]>("policy_acknowledgements", { versionId }),
  acknowledgePolicy: (versionId: string, personId: string) =>
    invoke<Acknowledgement[]>("acknowledge_policy", { versionId, personId }),
  // Risk assessment
  riskRegister: () => invoke<Register>("risk_register"),
  riskLibrary: () => invoke<LibraryRisk[]>("risk_library"),
  saveRisk: (id: string | null, risk: RiskInput) => invoke<Register>("save_risk", { id, risk }),
  addLibraryRisk: (key: string, ownerId: string | null) => invoke<string>("add_library_risk", { key, ownerId }),
  deleteRisk: (id: string) => invoke<Register>("delete_risk", { id }),
  setRiskAppetite: (appetite: number) => invoke<Register>("set_risk_appetite", { appetite }),
  setRiskScale: (dimension: Dimension, level: number, label: string, meaning: string) =>
    invoke<Register>("set_risk_scale", { dimension, level, label, meaning }),
  signOffRisks: (signoff: SignoffInput) => invoke<Register>("sign_off_risks", { signoff }),
  importRisks: (request: ImportRisksRequest) => invoke<RiskImportOutcome>("import_risks", { request }),
  exportRisks: (dest: string) => invoke<void>("export_risks", { dest }),

  // Evidence binder
  binderSetup: () => invoke<BinderSetup>("binder_setup"),
  exportBinder: (
    dest: string,
    sections: SectionKind[],
    attachments: boolean,
    redactEmails: boolean,
    accountLists: AccountLists,
    onProgress: Channel<BinderProgress>,
  ) => invoke<BinderReport>("export_binder", { dest, sections, attachments, redactEmails, accountLists, onProgress }),
  cancelBinderExport: () => invoke<void>("cancel_binder_export"),
  verifyBinder: (path: string) => invoke<BinderVerifyReport>("verify_binder", { path }),

  // Access reviews
  listAccessReviews: () => invoke<Campaign[]>("list_access_reviews"),
  saveAccessReview: (id: string | null, input: CampaignInput) => invoke<string>("save_access_review", { id, input }),
  deleteAccessReview: (id: string) => invoke<void>("delete_access_review", { id }),
  importAccessAccounts: (request: AccessImportRequest) =>
    invoke<AccessImportOutcome>("import_access_accounts", { request }),
  listReviewAccounts: (campaignId: string, filter: AccountFilter, offset: number, limit: number) =>
    invoke<AccountPage>("list_review_accounts", { campaignId, filter, offset, limit }),
  reviewAccountDetail: (accountId: string) => invoke<AccountDetail | null>("review_account_detail", { accountId }),
  decideAccounts: (request: DecideRequest) => invoke<number>("decide_accounts", { request }),
  linkReviewAccounts: (request: LinkRequest) => invoke<number>("link_review_accounts", { request }),
  labelReviewAccount: (accountId: string, label: AccountLabel | null) =>
    invoke<void>("label_review_account", { accountId, label }),
  listRemediation: (campaignId: string) => invoke<RemediationTask[]>("list_remediation", { campaignId }),
  updateRemediation: (accountId: string, ticket: string, completedOn: string | null) =>
    invoke<void>("update_remediation", { accountId, ticket, completedOn }),
  signOffAccessReview: (id: string, name: string, date: string, note: string) =>
    invoke<void>("sign_off_access_review", { id, name, date, note }),
  exportAccessReview: (campaignId: string, dest: string) => invoke<void>("export_access_review", { campaignId, dest }),
};

export type { EvidencePreview };
