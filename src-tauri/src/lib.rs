//! The desktop shell: a Tauri window over `readiness_core`. Everything here is wiring;
//! behaviour lives in the core.

#[cfg(test)]
mod acl_check;
mod commands;
mod dto;
mod error;
mod launch;
mod state;
#[cfg(test)]
mod typegen;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use readiness_core::keystore::{KeyStore, MemoryKeyStore, NoKeyStore, OsKeyStore, DEFAULT_SERVICE};
use readiness_core::opener::Opener;
use tauri::{AppHandle, Emitter, Manager};

use crate::dto::OpenRequested;
use crate::launch::{Launch, PortableFolders};
use crate::state::{AppState, Startup};

/// Chooses where passphrases are remembered. `READINESS_KEYRING=memory` keeps them in
/// the process only (tests, demos); `READINESS_KEYRING_SERVICE` names a separate
/// keyring service so test entries never mix with a user's real ones. A portable copy
/// never remembers (it runs on computers the user does not own).
fn key_store(portable: bool) -> Box<dyn KeyStore> {
    if portable {
        return Box::new(NoKeyStore);
    }
    match std::env::var("READINESS_KEYRING").as_deref() {
        Ok("memory") => Box::new(MemoryKeyStore::default()),
        _ => Box::new(OsKeyStore::new(
            std::env::var("READINESS_KEYRING_SERVICE").unwrap_or_else(|_| DEFAULT_SERVICE.to_owned()),
        )),
    }
}

/// A second launch (a double-clicked workbook while the app runs) hands its arguments to
/// this, the first instance, which shows its window and asks the UI to open the file: one
/// writer per workbook, one window per user.
fn second_launch(app: &AppHandle, argv: Vec<String>, cwd: String) {
    let launch = Launch::parse(argv.into_iter().skip(1).map(OsString::from), Path::new(&cwd));
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    let request = match (launch.open_path, launch.open_demo) {
        (Some(path), _) => Some(OpenRequested::Workbook { path: path.display().to_string() }),
        (None, true) => Some(OpenRequested::Demo),
        (None, false) => None,
    };
    if let Some(request) = request {
        let _ = app.emit_to("main", "open-requested", request);
    }
}

pub fn run() {
    let launch = Launch::from_env();
    // Before the toolkit starts: portable mode moves every per-user folder into its own.
    let portable: Option<Result<PortableFolders, String>> = launch.portable.as_deref().map(|dir| {
        launch::enter_portable(dir).map_err(|e| {
            // Nothing may land in $HOME even now: the toolkit gets a throwaway folder.
            launch::redirect_user_folders(&launch::scratch_folder());
            e.to_string()
        })
    });
    let result = tauri::Builder::default()
        // First, so a second instance hands over its file before anything else starts.
        .plugin(tauri_plugin_single_instance::init(second_launch))
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            let paths = app.path();
            let default_folder =
                paths.document_dir().or_else(|_| paths.home_dir()).map(|p| p.display().to_string()).unwrap_or_default();
            let (config_dir, data_dir, problem) = match &portable {
                Some(Ok(folders)) => (folders.config.clone(), folders.data.clone(), None),
                Some(Err(problem)) => {
                    let scratch = launch::scratch_folder();
                    (scratch.join("config"), scratch.join("data"), Some(problem.clone()))
                }
                None => (
                    std::env::var_os("READINESS_CONFIG_DIR")
                        .map(PathBuf::from)
                        .map_or_else(|| paths.app_config_dir(), Ok)?,
                    std::env::var_os("READINESS_DATA_DIR")
                        .map(PathBuf::from)
                        .map_or_else(|| paths.app_data_dir(), Ok)?,
                    None,
                ),
            };
            let startup = Startup {
                open_demo: launch.open_demo,
                open_path: launch.open_path.clone(),
                portable_folder: match &portable {
                    Some(Ok(folders)) => Some(folders.root.clone()),
                    _ => None,
                },
                problem,
                default_folder: match &portable {
                    Some(Ok(folders)) => folders.data.display().to_string(),
                    _ => default_folder,
                },
            };
            app.manage(AppState::new(Opener::new(&config_dir, &data_dir, key_store(portable.is_some())), startup));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::workbook::startup_info,
            commands::workbook::list_recent,
            commands::workbook::forget_recent,
            commands::workbook::create_workbook,
            commands::workbook::open_workbook,
            commands::workbook::open_demo,
            commands::workbook::close_workbook,
            commands::workbook::workbook_summary,
            commands::workbook::recent_changes,
            commands::workbook::verify_workbook,
            commands::workbook::save_copy,
            commands::workbook::get_organization,
            commands::workbook::update_organization,
            commands::scope::scope_overview,
            commands::scope::update_scope,
            commands::scope::set_category_scope,
            commands::scope::list_criteria,
            commands::scope::list_people,
            commands::scope::save_person,
            commands::scope::delete_person,
            commands::scope::import_roster,
            commands::scope::list_systems,
            commands::scope::save_system,
            commands::scope::delete_system,
            commands::scope::list_description,
            commands::scope::save_description_section,
            commands::checklist::list_items,
            commands::checklist::update_item,
            commands::checklist::bulk_update_items,
            commands::checklist::create_item,
            commands::checklist::set_item_key_for,
            commands::checklist::readiness,
            commands::checklist::readiness_plan,
            commands::checklist::dashboard,
            commands::checklist::export_pbc,
            commands::evidence::list_item_evidence,
            commands::evidence::list_evidence,
            commands::evidence::attach_evidence,
            commands::evidence::cancel_attach,
            commands::evidence::unlink_evidence,
            commands::evidence::export_evidence,
            commands::evidence::preview_evidence,
            commands::evidence::link_evidence,
            commands::evidence::update_evidence,
            commands::vendors::list_vendors,
            commands::vendors::save_vendor,
            commands::vendors::delete_vendor,
            commands::vendors::list_cuecs,
            commands::vendors::add_cuec,
            commands::vendors::delete_cuec,
            commands::vendors::list_vendor_evidence,
            commands::vendors::attach_vendor_evidence,
            commands::vendors::assess_vendor,
            commands::vendors::import_vendors,
            commands::vendors::export_vendors,
            commands::policies::list_policies,
            commands::policies::policy_document,
            commands::policies::policy_versions,
            commands::policies::policy_markdown,
            commands::policies::preview_policy,
            commands::policies::save_policy,
            commands::policies::submit_policy,
            commands::policies::approve_policy,
            commands::policies::policy_acknowledgements,
            commands::policies::acknowledge_policy,
            commands::binder::binder_setup,
            commands::binder::export_binder,
            commands::binder::cancel_binder_export,
            commands::binder::verify_binder,
            commands::risks::risk_register,
            commands::risks::risk_library,
            commands::risks::save_risk,
            commands::risks::add_library_risk,
            commands::risks::delete_risk,
            commands::risks::set_risk_appetite,
            commands::risks::set_risk_scale,
            commands::risks::sign_off_risks,
            commands::risks::import_risks,
            commands::risks::export_risks,
            commands::access::list_access_reviews,
            commands::access::save_access_review,
            commands::access::delete_access_review,
            commands::access::import_access_accounts,
            commands::access::list_review_accounts,
            commands::access::review_account_detail,
            commands::access::decide_accounts,
            commands::access::label_review_account,
            commands::access::link_review_accounts,
            commands::access::list_remediation,
            commands::access::update_remediation,
            commands::access::sign_off_access_review,
            commands::access::export_access_review,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Readiness Workbook could not start: {e}");
        std::process::exit(1);
    }
}
