//! Filling `{{placeholders}}` from the workbook: organisation, people by role, scope and
//! policy settings. Anything that cannot be filled is listed by name and left visible.

use std::collections::HashMap;

use serde::Serialize;
use ts_rs::TS;

use crate::people::{EmploymentStatus, Role};
use crate::scope::description::join_and;
use crate::workbook::WorkbookError;

/// Settings the templates use, with the defaults a small company usually starts from.
/// Overridden per workbook in the `setting` table under `policy.<name>`.
pub const SETTING_DEFAULTS: &[(&str, &str)] = &[
    ("access_review_frequency", "quarterly"),
    ("backup_retention_days", "35"),
    ("customer_data_retention", "for the term of the customer's contract plus 90 days"),
    ("incident_notification_hours", "72"),
    ("log_retention_days", "365"),
    ("password_min_length", "12"),
    ("patch_critical_days", "7"),
    ("patch_high_days", "30"),
    ("rpo_hours", "24"),
    ("rto_hours", "8"),
    ("training_frequency", "annually"),
    ("vendor_review_frequency", "annually"),
];

/// The values placeholders resolve to, by name ("org.name", "role.security_owner"...).
#[derive(Debug, Clone, Default)]
pub struct FillContext {
    values: HashMap<String, String>,
}

impl FillContext {
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        if !value.trim().is_empty() {
            self.values.insert(name.to_owned(), value);
        }
    }

    /// What the workbook knows: organisation, current people by role, scope, settings.
    pub fn from_workbook(conn: &rusqlite::Connection) -> Result<Self, WorkbookError> {
        let mut ctx = FillContext::default();
        let (name, product): (String, String) =
            conn.query_row("SELECT legal_name, product FROM organization LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        ctx.set("org.name", name);
        ctx.set("org.product", product);
        let people = crate::people::list_conn(conn)?;
        for role in Role::ALL {
            let names: Vec<&str> = people
                .iter()
                .filter(|p| p.status != EmploymentStatus::Left && p.roles.contains(&role))
                .map(|p| p.name.as_str())
                .collect();
            ctx.set(&format!("role.{}", role.as_str()), join_and(&names));
        }
        let categories: Vec<String> = {
            let in_scope = crate::scope::in_scope_categories_conn(conn)?;
            in_scope.iter().map(|c| c.name().to_owned()).collect()
        };
        ctx.set("scope.categories", join_and(&categories.iter().map(String::as_str).collect::<Vec<_>>()));
        let systems: Vec<String> =
            crate::systems::list_conn(conn)?.into_iter().filter(|s| s.in_scope).map(|s| s.name).collect();
        ctx.set("scope.systems", systems.join(", "));
        for (key, default) in SETTING_DEFAULTS {
            let value = crate::settings::get(conn, &format!("policy.{key}"))?.unwrap_or_else(|| (*default).to_owned());
            ctx.set(&format!("settings.{key}"), value);
        }
        Ok(ctx)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Filled {
    pub text: String,
    /// Placeholders with no value, by name, each once, in order of first use.
    pub unresolved: Vec<String>,
}

/// Replaces every `{{ name }}` it can; the rest stay in the text and are listed.
pub fn fill(body: &str, ctx: &FillContext) -> Filled {
    let mut text = String::with_capacity(body.len());
    let mut unresolved: Vec<String> = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        text.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            text.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let name = after[..end].trim();
        let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
        match ctx.values.get(name) {
            Some(value) if valid => text.push_str(value),
            _ => {
                if valid && !unresolved.iter().any(|u| u == name) {
                    unresolved.push(name.to_owned());
                }
                text.push_str(&rest[start..start + 2 + end + 2]);
            }
        }
        rest = &after[end + 2..];
    }
    text.push_str(rest);
    Filled { text, unresolved }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_placeholders_fill_and_unknown_ones_are_listed_once() {
        let mut ctx = FillContext::default();
        ctx.set("org.name", "Acme");
        ctx.set("role.security_owner", "");
        let f = fill(
            "{{org.name}} / {{ org.name }} / {{role.security_owner}} {{nope.x}} {{nope.x}} {{ bad name }} {{",
            &ctx,
        );
        assert_eq!(f.text, "Acme / Acme / {{role.security_owner}} {{nope.x}} {{nope.x}} {{ bad name }} {{");
        assert_eq!(f.unresolved, vec!["role.security_owner".to_owned(), "nope.x".to_owned()]);
    }
}
