//! The checklist library (`assets/catalog/checklist.json`): items written by us, each
//! with why it matters, how a small company satisfies it, suggested evidence, a
//! frequency and the criteria it addresses.
//!
//! Some items are marked key for some of their criteria (`key_for`): the control an
//! auditor tests first for that criterion, the one whose operating evidence shows the
//! criterion is met rather than merely supported. Readiness (`crate::readiness`) counts
//! only key items, so every criterion has at least one.

use std::sync::OnceLock;

use serde::Deserialize;

use super::Frequency;

const LIBRARY_JSON: &str = include_str!("../../../../assets/catalog/checklist.json");

#[derive(Debug, Clone, Deserialize)]
pub struct Library {
    pub library_version: String,
    pub items: Vec<LibraryItem>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LibraryItem {
    pub key: String,
    pub area: String,
    pub title: String,
    pub why: String,
    pub how: String,
    pub suggested_evidence: Vec<String>,
    pub frequency: Frequency,
    pub criteria: Vec<String>,
    /// The criteria, among `criteria`, for which this item is a key control.
    #[serde(default)]
    pub key_for: Vec<String>,
}

impl Library {
    /// The library built into this binary; the tests below parse and check it on every
    /// build, so a failure here is a packaging bug, not user input.
    #[allow(clippy::expect_used)]
    pub fn embedded() -> &'static Library {
        static LIBRARY: OnceLock<Library> = OnceLock::new();
        LIBRARY.get_or_init(|| serde_json::from_str(LIBRARY_JSON).expect("assets/catalog/checklist.json is valid"))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::catalog::CriteriaCatalog;

    #[test]
    fn every_criterion_is_addressed_by_at_least_one_item() {
        let lib = Library::embedded();
        let mapped: HashSet<&str> = lib.items.iter().flat_map(|i| i.criteria.iter().map(String::as_str)).collect();
        for c in &CriteriaCatalog::embedded().criteria {
            assert!(mapped.contains(c.id.as_str()), "{} has no checklist item", c.id);
        }
    }

    #[test]
    fn every_criterion_has_a_key_item() {
        let lib = Library::embedded();
        let keyed: HashSet<&str> = lib.items.iter().flat_map(|i| i.key_for.iter().map(String::as_str)).collect();
        for c in &CriteriaCatalog::embedded().criteria {
            assert!(keyed.contains(c.id.as_str()), "{} has no key item", c.id);
        }
    }

    #[test]
    fn every_key_item_maps_to_the_criterion_it_is_key_for() {
        for i in &Library::embedded().items {
            for c in &i.key_for {
                assert!(i.criteria.contains(c), "{} is key for {c} but does not map to it", i.key);
            }
        }
    }

    #[test]
    fn items_are_complete_unique_and_map_only_to_real_criteria() {
        let lib = Library::embedded();
        assert!(lib.items.len() >= 120, "{} items", lib.items.len());
        let ids: HashSet<&str> = CriteriaCatalog::embedded().criteria.iter().map(|c| c.id.as_str()).collect();
        let mut keys = HashSet::new();
        for i in &lib.items {
            assert!(keys.insert(i.key.as_str()), "duplicate key {}", i.key);
            for text in [&i.title, &i.why, &i.how] {
                assert!(text.trim().len() > 10, "{} has a short field", i.key);
                let lower = text.to_lowercase();
                for marker in ["todo", "tbd", "lorem", "xxx", "placeholder"] {
                    assert!(!lower.contains(marker), "{} contains {marker}", i.key);
                }
            }
            assert!(!i.suggested_evidence.is_empty(), "{} suggests no evidence", i.key);
            assert!(!i.criteria.is_empty(), "{} maps to no criteria", i.key);
            for c in &i.criteria {
                assert!(ids.contains(c.as_str()), "{} maps to unknown criterion {c}", i.key);
            }
        }
    }
}
