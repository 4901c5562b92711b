//! The policy template library (`assets/policies/`): markdown written by us, with named
//! `{{placeholders}}` the workbook fills, and an index of titles, owner roles, review
//! cycles and the criteria each policy supports.

use std::sync::OnceLock;

use serde::Deserialize;

const INDEXES: [&str; 2] = [
    include_str!("../../../../assets/policies/index-a.json"),
    include_str!("../../../../assets/policies/index-b.json"),
];

/// Every template body, by file name. Listed by hand so the binary carries them all.
const BODIES: &[(&str, &str)] = &[
    ("information-security.md", include_str!("../../../../assets/policies/information-security.md")),
    ("access-control.md", include_str!("../../../../assets/policies/access-control.md")),
    ("change-management.md", include_str!("../../../../assets/policies/change-management.md")),
    ("incident-response.md", include_str!("../../../../assets/policies/incident-response.md")),
    ("vendor-management.md", include_str!("../../../../assets/policies/vendor-management.md")),
    ("acceptable-use.md", include_str!("../../../../assets/policies/acceptable-use.md")),
    ("business-continuity.md", include_str!("../../../../assets/policies/business-continuity.md")),
    ("data-classification.md", include_str!("../../../../assets/policies/data-classification.md")),
    ("data-retention.md", include_str!("../../../../assets/policies/data-retention.md")),
    ("encryption.md", include_str!("../../../../assets/policies/encryption.md")),
    ("logging-monitoring.md", include_str!("../../../../assets/policies/logging-monitoring.md")),
    ("vulnerability-management.md", include_str!("../../../../assets/policies/vulnerability-management.md")),
    ("secure-development.md", include_str!("../../../../assets/policies/secure-development.md")),
    ("risk-assessment.md", include_str!("../../../../assets/policies/risk-assessment.md")),
    ("personnel-security.md", include_str!("../../../../assets/policies/personnel-security.md")),
    ("asset-management.md", include_str!("../../../../assets/policies/asset-management.md")),
    ("physical-security.md", include_str!("../../../../assets/policies/physical-security.md")),
    ("privacy.md", include_str!("../../../../assets/policies/privacy.md")),
    ("code-of-conduct.md", include_str!("../../../../assets/policies/code-of-conduct.md")),
    ("api-security.md", include_str!("../../../../assets/policies/api-security.md")),
];

#[derive(Debug, Clone, Deserialize)]
struct Index {
    policies: Vec<TemplateEntry>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TemplateEntry {
    pub key: String,
    pub title: String,
    pub file: String,
    pub summary: String,
    pub owner_role: String,
    pub review_months: u32,
    pub criteria: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Template {
    pub entry: TemplateEntry,
    pub body: &'static str,
}

/// All templates, in index order. Our own files, checked by the tests below on every
/// build, so a failure here is a packaging bug, not user input.
#[allow(clippy::expect_used)]
pub fn all() -> &'static [Template] {
    static TEMPLATES: OnceLock<Vec<Template>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        let mut out = Vec::new();
        for index in INDEXES {
            let parsed: Index = serde_json::from_str(index).expect("assets/policies index is valid");
            for entry in parsed.policies {
                let body = BODIES
                    .iter()
                    .find(|(file, _)| *file == entry.file)
                    .map(|(_, body)| *body)
                    .expect("every indexed policy has its markdown file");
                out.push(Template { entry, body });
            }
        }
        out
    })
}

pub fn get(key: &str) -> Option<&'static Template> {
    all().iter().find(|t| t.entry.key == key)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::catalog::CriteriaCatalog;

    #[test]
    fn the_library_has_the_twenty_policies_each_mapped_to_real_criteria() {
        let ids: HashSet<&str> = CriteriaCatalog::embedded().criteria.iter().map(|c| c.id.as_str()).collect();
        let templates = all();
        assert!(templates.len() >= 18, "{} policies", templates.len());
        let mut keys = HashSet::new();
        for t in templates {
            assert!(keys.insert(t.entry.key.as_str()), "duplicate {}", t.entry.key);
            assert!(!t.entry.criteria.is_empty(), "{} maps to no criteria", t.entry.key);
            for c in &t.entry.criteria {
                assert!(ids.contains(c.as_str()), "{} maps to unknown {c}", t.entry.key);
            }
            assert!(t.body.lines().count() > 40, "{} is an outline, not a policy", t.entry.key);
            assert!(crate::people::Role::parse(&t.entry.owner_role).is_some(), "{} owner role", t.entry.key);
        }
    }
}
