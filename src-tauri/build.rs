//! Tauri's build step, with the app's commands declared so that each one gets an
//! `allow-<command>` permission: a command not granted in src-tauri/capabilities/ is
//! refused at the IPC boundary (least privilege). A test keeps this list, the handler
//! list in lib.rs and the capability in step.

/// Every command the UI may call. Keep in step with `generate_handler!` in src/lib.rs.
const COMMANDS: &[&str] = &[
    "startup_info",
    "list_recent",
    "forget_recent",
    "create_workbook",
    "open_workbook",
    "open_demo",
    "close_workbook",
    "workbook_summary",
    "recent_changes",
    "verify_workbook",
    "save_copy",
    "get_organization",
    "update_organization",
    "scope_overview",
    "update_scope",
    "set_category_scope",
    "list_criteria",
    "list_people",
    "save_person",
    "delete_person",
    "import_roster",
    "list_systems",
    "save_system",
    "delete_system",
    "list_description",
    "save_description_section",
    "list_items",
    "update_item",
    "bulk_update_items",
    "create_item",
    "coverage",
    "dashboard",
    "export_pbc",
    "list_item_evidence",
    "list_evidence",
    "attach_evidence",
    "unlink_evidence",
    "export_evidence",
    "preview_evidence",
    "link_evidence",
    "update_evidence",
    "list_vendors",
    "save_vendor",
    "delete_vendor",
    "list_cuecs",
    "add_cuec",
    "delete_cuec",
    "list_vendor_evidence",
    "attach_vendor_evidence",
    "assess_vendor",
    "import_vendors",
    "export_vendors",
    "list_policies",
    "policy_document",
    "policy_versions",
    "policy_markdown",
    "preview_policy",
    "save_policy",
    "submit_policy",
    "approve_policy",
    "policy_acknowledgements",
    "acknowledge_policy",
    "list_access_reviews",
    "save_access_review",
    "delete_access_review",
    "import_access_accounts",
    "list_review_accounts",
    "review_account_detail",
    "decide_accounts",
    "label_review_account",
    "list_remediation",
    "update_remediation",
    "sign_off_access_review",
    "export_access_review",
];

fn main() {
    // Capabilities live in src-tauri/capabilities/, not beside the manifest.
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri build script failed: {e:#}");
    }
}
