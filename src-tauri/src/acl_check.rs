//! Least privilege, kept honest: every command the app registers is declared for an
//! `allow-` permission in build.rs and granted in the main window's capability, and
//! nothing else is granted. A command added in one place only fails this test.

use std::collections::BTreeSet;

fn read(path: &str) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(root.join(path)).unwrap_or_default()
}

fn handler_commands() -> BTreeSet<String> {
    let lib = read("src-tauri/src/lib.rs");
    let start = lib.find("generate_handler![").unwrap_or(0);
    let end = lib[start..].find("])").map(|e| start + e).unwrap_or(lib.len());
    lib[start..end]
        .split(',')
        .filter_map(|s| s.trim().rsplit("::").next().map(str::to_owned))
        .filter(|s| !s.is_empty() && !s.contains('['))
        .collect()
}

fn build_commands() -> BTreeSet<String> {
    let build = read("src-tauri/build.rs");
    let start = build.find("const COMMANDS").unwrap_or(0);
    let end = build[start..].find("];").map(|e| start + e).unwrap_or(build.len());
    build[start..end].split('"').skip(1).step_by(2).map(str::to_owned).collect()
}

fn granted_commands() -> BTreeSet<String> {
    let cap: serde_json::Value = serde_json::from_str(&read("src-tauri/capabilities/main.json")).unwrap_or_default();
    cap["permissions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p.as_str())
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect()
}

#[test]
fn every_registered_command_is_declared_and_granted_and_nothing_more() {
    let handlers = handler_commands();
    assert!(handlers.len() > 50, "parsed {} handlers", handlers.len());
    assert_eq!(handlers, build_commands(), "src-tauri/build.rs COMMANDS differs from generate_handler!");
    assert_eq!(handlers, granted_commands(), "the capability's allow- list differs from generate_handler!");
}

#[test]
fn the_window_gets_no_plugin_power_beyond_events_dialogs_and_closing_itself() {
    let cap: serde_json::Value = serde_json::from_str(&read("src-tauri/capabilities/main.json")).unwrap_or_default();
    for p in cap["permissions"].as_array().into_iter().flatten().filter_map(|p| p.as_str()) {
        assert!(
            p.starts_with("allow-")
                || [
                    "core:event:allow-listen",
                    "core:event:allow-unlisten",
                    // The start-up problem screen's Quit button.
                    "core:window:allow-close",
                    "dialog:allow-open",
                    "dialog:allow-save",
                    "dialog:allow-message"
                ]
                .contains(&p),
            "unexpected permission {p}"
        );
    }
}
